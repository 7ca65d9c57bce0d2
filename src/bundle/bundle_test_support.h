// For the bundle tests: a fresh temp folder and independent readers of the
// PDFs produced (poppler's pdftotext and pdfinfo, the qpdf tool).
#pragma once

#include <unistd.h>

#include <array>
#include <cstdio>
#include <filesystem>
#include <string>

namespace sardesk::bundle::testing {

// Runs a shell command; returns its standard output and sets *exit_code.
inline std::string Shell(const std::string& command, int* exit_code = nullptr) {
  std::string out;
  FILE* p = popen((command + " 2>/dev/null").c_str(), "r");
  if (!p) return out;
  std::array<char, 4096> buf;
  size_t n;
  while ((n = fread(buf.data(), 1, buf.size(), p)) > 0) out.append(buf.data(), n);
  int rc = pclose(p);
  if (exit_code) *exit_code = WIFEXITED(rc) ? WEXITSTATUS(rc) : -1;
  return out;
}

inline std::string Quote(const std::filesystem::path& p) { return "'" + p.string() + "'"; }

// pdftotext's text of one page (from 1), or of every page when page is 0.
inline std::string PdfText(const std::filesystem::path& pdf, int page = 0, const std::string& password = "") {
  std::string cmd = "pdftotext -q -enc UTF-8 -layout";
  if (page > 0) cmd += " -f " + std::to_string(page) + " -l " + std::to_string(page);
  if (!password.empty()) cmd += " -upw '" + password + "'";
  return Shell(cmd + " " + Quote(pdf) + " -");
}

inline int QpdfPages(const std::filesystem::path& pdf) {
  int rc = 0;
  std::string out = Shell("qpdf --show-npages " + Quote(pdf), &rc);
  return rc == 0 ? std::stoi(out) : -1;
}

inline bool Contains(const std::string& haystack, const std::string& needle) {
  return haystack.find(needle) != std::string::npos;
}

class TempDir {
 public:
  TempDir() {
    std::string tmpl = (std::filesystem::temp_directory_path() / "sardesk-bundle-XXXXXX").string();
    path_ = mkdtemp(tmpl.data());
  }
  ~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

}  // namespace sardesk::bundle::testing
