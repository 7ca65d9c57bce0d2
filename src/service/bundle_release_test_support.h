// Shared fixture for the bundle and release tests: the redaction fixture plus
// the bundle and release services over the test's data folder, and
// independent readers (poppler, qpdf) of the PDFs they make.
#pragma once

#include <array>
#include <cstdio>
#include <memory>
#include <string>

#include "service/bundle_service.h"
#include "service/redaction_test_support.h"
#include "service/release_service.h"

namespace sardesk::service::testing {

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

// poppler's text of a PDF (one page from 1, or all when page is 0).
inline std::string PdfText(const std::string& path, int page = 0, const std::string& password = "") {
  std::string cmd = "pdftotext -q -enc UTF-8";
  if (page > 0) cmd += " -f " + std::to_string(page) + " -l " + std::to_string(page);
  if (!password.empty()) cmd += " -upw '" + password + "'";
  return Shell(cmd + " '" + path + "' -");
}

inline int PdfPages(const std::string& path) {
  int rc = 0;
  std::string out = Shell("qpdf --show-npages '" + path + "'", &rc);
  return rc == 0 && !out.empty() ? std::stoi(out) : -1;
}

class BundleTest : public RedactionTest {
 protected:
  void SetUp() override {
    RedactionTest::SetUp();
    bundles_ = std::make_unique<BundleService>(ctx_.get(), cases_.get(), blobs_.get(), dir_);
    releases_ = std::make_unique<ReleaseService>(ctx_.get(), cases_.get(), bundles_.get());
  }
  void TearDown() override {
    releases_.reset();
    bundles_.reset();
    RedactionTest::TearDown();
  }

  // Every proposal accepted and applied.
  void RedactAll() {
    Propose();
    for (const auto& r : List())
      if (r["status"] == "proposed") Decide(r["id"].get<std::int64_t>(), {{"decision", "accept"}});
    Apply();
  }

  json Build(const json& body = json::object()) {
    auto r = bundles_->Build(ref_, body, "ava");
    EXPECT_TRUE(r.ok()) << r.status().ToString();
    return r.ok() ? *r : json::object();
  }

  // The path of volume `v` (from 1) of the latest bundle.
  // Its decrypted working copy lives as long as the test.
  std::string VolumePath(int v = 1) {
    auto files = bundles_->Volumes(ref_);
    EXPECT_TRUE(files.ok()) << files.status().ToString();
    if (!files.ok() || static_cast<int>(files->size()) < v) return "";
    kept_volumes_.push_back(std::move(*files));
    return kept_volumes_.back()[static_cast<size_t>(v - 1)].path;
  }
  std::vector<std::vector<BundleVolumeFile>> kept_volumes_;

  std::unique_ptr<BundleService> bundles_;
  std::unique_ptr<ReleaseService> releases_;
};

}  // namespace sardesk::service::testing
