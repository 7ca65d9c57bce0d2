// Benchmark of assembling a disclosure bundle: N pages (default 10,000) of
// case-record text in documents of 100 pages, made here, put into one volume
// with a stamp ("REF Page N of M") on every page and a bookmark per
// document, then encrypted with AES-256 for release. The target: a
// 10,000-page bundle in under 60 seconds on the project's machine. Measures
// the PDF work (bundle/bundle_pdf.h); the service adds the front matter (a
// few pages) and reading the released text for the glossary and dates.
// Usage: bundle_bench [--pages N] [--keep DIR]
#include <sys/resource.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <vector>

#include "bundle/bundle_pdf.h"
#include "bundle/dates.h"
#include "bundle/glossary.h"
#include "pdf/pdf_document.h"

using namespace sardesk;

namespace {

double Since(std::chrono::steady_clock::time_point t) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t).count();
}

std::string PageText(int doc, int page) {
  std::string text = "Case record " + std::to_string(doc + 1) + ", page " + std::to_string(page + 1) + "\n";
  for (int line = 0; line < 30; ++line)
    text += "Home visit by the social worker. The LAC review on 12/03/2019 agreed the plan; the IRO attended.\n";
  return text;
}

}  // namespace

int main(int argc, char** argv) {
  int pages = 10000;
  std::string keep;
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    if (a == "--pages" && i + 1 < argc) pages = std::atoi(argv[++i]);
    else if (a == "--keep" && i + 1 < argc) keep = argv[++i];
    else {
      std::fprintf(stderr, "usage: bundle_bench [--pages N] [--keep DIR]\n");
      return 2;
    }
  }
  if (pages < 1) return 2;
  std::string tmpl = (std::filesystem::temp_directory_path() / "sardesk-bundle-bench-XXXXXX").string();
  std::filesystem::path dir = keep.empty() ? std::filesystem::path(mkdtemp(tmpl.data())) : std::filesystem::path(keep);
  std::filesystem::create_directories(dir);

  auto t0 = std::chrono::steady_clock::now();
  bundle::VolumeLayout layout;
  layout.stamp_prefix = "SAR-2025-000001";
  const int per_doc = 100;
  for (int d = 0; d * per_doc < pages; ++d) {
    std::vector<std::string> texts;
    for (int p = 0; p < per_doc && d * per_doc + p < pages; ++p) texts.push_back(PageText(d, p));
    std::string path = (dir / ("record-" + std::to_string(d + 1) + ".pdf")).string();
    Status st = pdf::WriteTextPdf(path, texts);
    if (!st.ok()) {
      std::fprintf(stderr, "making the input: %s\n", st.message().c_str());
      return 1;
    }
    layout.runs.push_back({"record-" + std::to_string(d + 1) + ".pdf", path, {}});
  }
  double made = Since(t0);

  auto t1 = std::chrono::steady_clock::now();
  auto n = bundle::AssembleVolume(layout, (dir / "bundle.pdf").string());
  if (!n.ok()) {
    std::fprintf(stderr, "assembling: %s\n", n.status().message().c_str());
    return 1;
  }
  double assembled = Since(t1);
  auto t2 = std::chrono::steady_clock::now();
  Status enc = bundle::EncryptPdf((dir / "bundle.pdf").string(), (dir / "release.pdf").string(), "abcde-fghjk", "owner");
  if (!enc.ok()) {
    std::fprintf(stderr, "encrypting: %s\n", enc.message().c_str());
    return 1;
  }
  double encrypted = Since(t2);
  // What the service reads from the released text: the glossary terms and
  // the dates (for date order and the chronology).
  auto t3 = std::chrono::steady_clock::now();
  std::vector<std::string> texts;
  size_t dates = 0;
  for (int d = 0; d * per_doc < pages; ++d)
    for (int p = 0; p < per_doc && d * per_doc + p < pages; ++p) {
      texts.push_back(PageText(d, p));
      dates += bundle::FindDates(texts.back()).size();
    }
  auto terms = bundle::TermsUsed(bundle::BuiltInGlossary(), texts);
  double scanned = Since(t3);
  rusage ru{};
  getrusage(RUSAGE_SELF, &ru);
  std::printf("input: %d pages in %zu documents, made in %.1f s\n", pages, layout.runs.size(), made);
  std::printf("bundle: %d pages assembled, stamped and bookmarked in %.2f s (%.0f pages/s); %.1f MiB\n", *n, assembled,
              *n / assembled, static_cast<double>(std::filesystem::file_size(dir / "bundle.pdf")) / (1 << 20));
  std::printf("release: AES-256 encrypted in %.2f s; bundle + release %.2f s (target for 10,000 pages: 60 s)\n",
              encrypted, assembled + encrypted);
  std::printf("text: %zu dates and %zu glossary terms found in %.2f s\n", dates, terms.size(), scanned);
  std::printf("peak memory: %.0f MiB\n", static_cast<double>(ru.ru_maxrss) / 1024);
  if (keep.empty()) std::filesystem::remove_all(dir);
  return 0;
}
