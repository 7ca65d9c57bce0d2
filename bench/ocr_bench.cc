// Benchmark of OCR: N pages of typed case records (default 20) rendered here
// to page images at 300 dpi, then read
//   1. by the tesseract command alone, two processes at a time (one page
//      each, OMP_THREAD_LIMIT=1): the yardstick;
//   2. by sardesk's OCR engines alone, two threads;
//   3. through ingestion as N PNG uploads with two background workers, as
//      `sardesk serve` runs (image to PDF, OCR, text layer, storage);
//   4. through ingestion as one N-page TIFF, whose pages are read two at once.
// Prints times, pages per second, each against the yardstick, and how many
// of the words on the pages were read correctly.
// Usage: ocr_bench [--pages N] [--dpi D] [--keep DIR]
#include <sys/resource.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <map>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "ocr/engine_pool.h"
#include "pdf/image_test_support.h"
#include "pdf/pdf_document.h"
#include "service/admin_service.h"
#include "service/ingest_service.h"
#include "store/blob_store.h"
#include "store/sqlite_store.h"

using namespace sardesk;
using nlohmann::json;

namespace {

constexpr int kParallel = 2;

double Since(std::chrono::steady_clock::time_point t) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t).count();
}

void Die(const Status& st) {
  std::fprintf(stderr, "ocr_bench: %s\n", st.message().c_str());
  std::exit(1);
}

// A page of case-record prose, different on every page.
std::string PageText(int i) {
  static const char* kWords[] = {
      "visit",     "family",      "school",    "worker",     "mother",     "contact",     "plan",
      "review",    "health",      "meeting",   "child",      "home",       "support",     "concern",
      "agreed",    "report",      "father",    "nursery",    "police",     "doctor",      "carer",
      "placement", "court",       "order",     "assessment", "strategy",   "conference",  "minutes",
      "telephone", "letter",      "email",     "referral",   "sister",     "brother",     "neighbour",
      "teacher",   "college",     "housing",   "tenancy",    "benefits",   "appointment", "clinic",
      "therapy",   "session",     "progress",  "behaviour",  "attendance", "outcome",     "decision",
      "manager",   "supervision", "transport", "holiday",    "birthday",   "present",     "shopping",
      "money",     "savings"};
  std::string text = "Case record page " + std::to_string(i + 1) + "\n";
  unsigned x = static_cast<unsigned>(i) * 2654435761u + 1;
  for (int line = 0; line < 30; ++line) {
    for (int w = 0; w < 10; ++w) {
      x = x * 1103515245u + 12345u;
      text += kWords[(x >> 16) % (sizeof kWords / sizeof kWords[0])];
      text += ' ';
    }
    text += '\n';
  }
  return text;
}

std::map<std::string, int> WordCounts(const std::string& text) {
  std::map<std::string, int> counts;
  std::istringstream in(text);
  for (std::string w; in >> w;) ++counts[w];
  return counts;
}

// How many of the words of `truth` appear in `read` (as a multiset).
int WordsFound(const std::string& truth, const std::string& read) {
  auto want = WordCounts(truth);
  auto got = WordCounts(read);
  int found = 0;
  for (const auto& [w, n] : want) found += std::min(n, got[w]);
  return found;
}

std::string ReadAll(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

// Runs job(i) for i in [0, n) on kParallel threads.
template <typename Job>
void RunParallel(int n, Job&& job) {
  std::atomic<int> next{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kParallel; ++t) {
    threads.emplace_back([&] {
      for (int i = next++; i < n; i = next++) job(i);
    });
  }
  for (auto& t : threads) t.join();
}

struct Services {
  explicit Services(const std::filesystem::path& dir) {
    std::filesystem::create_directories(dir);
    auto opened = store::OpenSqliteStore((dir / "sardesk.db").string());
    if (!opened.ok()) Die(opened.status());
    store = std::move(*opened);
    ctx.store = store.get();
    ctx.time = &time;
    if (Status st = service::LoadContext(&ctx); !st.ok()) Die(st);
    cases = std::make_unique<service::CaseService>(&ctx);
    blobs = store::MakeFileBlobStore((dir / "blobs").string());
    ingest = std::make_unique<service::IngestService>(&ctx, cases.get(), blobs.get());
    auto created = cases->Create(
        {{"received", "2025-09-01"}, {"subject", {{"name", "Jordan Ellis"}, {"dob", "1994-03-12"}}}},
        "bench");
    if (!created.ok()) Die(created.status());
    ref = created->record.reference;
  }
  // The OCR text of every page of every document, in upload order.
  std::string AllText() {
    auto docs = ingest->Documents(ref);
    if (!docs.ok()) Die(docs.status());
    std::string text;
    for (const auto& d : (*docs)["documents"]) {
      for (int p = 0; p < d["page_count"].get<int>(); ++p) {
        auto page = ingest->Page(d["id"].get<std::int64_t>(), p);
        if (page.ok()) text += (*page)["text"].get<std::string>() + "\n";
      }
    }
    return text;
  }
  FixedTime time{Date::FromYmd(2025, 9, 10)};
  std::unique_ptr<store::Store> store;
  service::ServiceContext ctx;
  std::unique_ptr<service::CaseService> cases;
  std::unique_ptr<store::BlobStore> blobs;
  std::unique_ptr<service::IngestService> ingest;
  std::string ref;
};

void Report(const char* what, double seconds, int pages, double baseline, int found, int words) {
  std::printf("  %-52s %7.1f s  %5.2f pages/s", what, seconds, pages / seconds);
  if (baseline > 0) std::printf("  %4.2fx the tesseract time", seconds / baseline);
  if (words > 0) std::printf("  words read %5.1f%%", 100.0 * found / words);
  std::printf("\n");
}

}  // namespace

int main(int argc, char** argv) {
  int pages = 20;
  float dpi = 300;
  std::string keep;
  for (int i = 1; i + 1 < argc; i += 2) {
    std::string a = argv[i];
    if (a == "--pages") pages = std::max(1, std::atoi(argv[i + 1]));
    if (a == "--dpi") dpi = static_cast<float>(std::atof(argv[i + 1]));
    if (a == "--keep") keep = argv[i + 1];
  }
  const auto dir = keep.empty() ? std::filesystem::temp_directory_path() /
                                      ("sardesk-ocr-bench-" + std::to_string(::getpid()))
                                : std::filesystem::path(keep);
  std::filesystem::create_directories(dir / "images");

  // The pages, as PNG files and as gray pixels.
  std::vector<std::string> texts;
  std::string all_truth;
  for (int i = 0; i < pages; ++i) {
    texts.push_back(PageText(i));
    all_truth += texts.back();
  }
  int truth_words = 0;
  for (const auto& [w, n] : WordCounts(all_truth)) truth_words += n;
  const std::string text_pdf = (dir / "typed.pdf").string();
  if (Status st = pdf::WriteTextPdf(text_pdf, texts); !st.ok()) Die(st);
  auto typed = pdf::PdfDocument::Open(text_pdf);
  if (!typed.ok()) Die(typed.status());
  std::vector<std::string> pngs;
  std::vector<GrayImage> grays;
  for (int i = 0; i < pages; ++i) {
    auto png = (*typed)->RenderPng(i, static_cast<int>(dpi));
    auto gray = (*typed)->RenderGray(i, dpi);
    if (!png.ok()) Die(png.status());
    if (!gray.ok()) Die(gray.status());
    char name[32];
    std::snprintf(name, sizeof name, "page-%03d.png", i + 1);
    pngs.push_back((dir / "images" / name).string());
    std::ofstream(pngs.back(), std::ios::binary) << *png;
    grays.push_back(std::move(*gray));
  }
  std::printf("%d pages of typed case records (%d words), as %dx%d images at %.0f dpi; %d at a time\n", pages,
              truth_words, grays[0].width, grays[0].height, static_cast<double>(dpi), kParallel);

  // 1. The tesseract command.
  double cli_s = 0;
  if (std::system("command -v tesseract >/dev/null 2>&1") == 0) {
    auto t = std::chrono::steady_clock::now();
    RunParallel(pages, [&](int i) {
      const std::string cmd = "OMP_THREAD_LIMIT=1 tesseract '" + pngs[static_cast<std::size_t>(i)] + "' '" +
                              pngs[static_cast<std::size_t>(i)] + "' >/dev/null 2>&1";
      if (std::system(cmd.c_str()) != 0)
        std::fprintf(stderr, "ocr_bench: tesseract failed on page %d\n", i + 1);
    });
    cli_s = Since(t);
    std::string read;
    for (const auto& png : pngs) read += ReadAll(png + ".txt");
    Report("tesseract command, 2 processes (the yardstick)", cli_s, pages, 0, WordsFound(all_truth, read),
           truth_words);
  } else {
    std::printf("  tesseract command not installed (Debian: tesseract-ocr): no yardstick\n");
  }

  // 2. The OCR engines alone.
  {
    ocr::EnginePool engines(kParallel);
    // Both engines loaded before timing, as in a running server.
    RunParallel(kParallel, [&](int) { (void)engines.Recognise(GrayImage{1, 1, 300, "\xff"}); });
    std::vector<std::string> read(static_cast<std::size_t>(pages));
    auto t = std::chrono::steady_clock::now();
    RunParallel(pages, [&](int i) {
      auto page = engines.Recognise(grays[static_cast<std::size_t>(i)]);
      if (!page.ok()) Die(page.status());
      read[static_cast<std::size_t>(i)] = page->text;
    });
    const double s = Since(t);
    std::string all;
    for (const auto& r : read) all += r + "\n";
    Report("sardesk OCR engines, 2 threads", s, pages, cli_s, WordsFound(all_truth, all), truth_words);
  }

  // 3. Ingestion of the PNG files, two background workers.
  {
    Services svc(dir / "pngs");
    std::vector<service::UploadFile> files;
    for (const auto& png : pngs) files.push_back({std::filesystem::path(png).filename().string(), png});
    auto t = std::chrono::steady_clock::now();
    auto up = svc.ingest->Upload(svc.ref, files, json::object(), "bench");
    if (!up.ok()) Die(up.status());
    svc.ingest->StartWorkers(kParallel);
    for (;;) {
      auto docs = svc.ingest->Documents(svc.ref);
      if (!docs.ok()) Die(docs.status());
      bool done = true;
      for (const auto& d : (*docs)["documents"])
        done = done && (d["status"] == "ready" || d["status"] == "failed");
      if (done) break;
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    const double s = Since(t);
    svc.ingest->StopWorkers();
    Report("sardesk ingest, PNG uploads, 2 workers", s, pages, cli_s, WordsFound(all_truth, svc.AllText()),
           truth_words);
  }

  // 4. Ingestion of one multi-page TIFF.
  {
    Services svc(dir / "tiff");
    const std::string tiff = (dir / "scan.tif").string();
    std::ofstream(tiff, std::ios::binary) << pdf::testing::GrayTiff(grays);
    grays.clear();
    auto t = std::chrono::steady_clock::now();
    auto up = svc.ingest->Upload(svc.ref, {{"scan.tif", tiff}}, json::object(), "bench");
    if (!up.ok()) Die(up.status());
    if (Status st = svc.ingest->ProcessAll(); !st.ok()) Die(st);
    const double s = Since(t);
    Report("sardesk ingest, one TIFF of every page", s, pages, cli_s, WordsFound(all_truth, svc.AllText()),
           truth_words);
  }

  rusage ru{};
  getrusage(RUSAGE_SELF, &ru);
  std::printf("  peak memory: %.0f MiB\n", static_cast<double>(ru.ru_maxrss) / 1024.0);
  if (keep.empty()) std::filesystem::remove_all(dir);
  return 0;
}
