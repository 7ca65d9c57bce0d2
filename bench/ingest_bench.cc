// Benchmark of ingestion: a text PDF of N pages (default 10,000) made here,
// uploaded to a case and processed into pages with text, word positions and
// duplicate detection. Prints the time, pages per second and peak memory;
// compare with `mutool draw -F stext -o /dev/null FILE` on the same file.
// Usage: ingest_bench [--pages N] [--keep FILE]
#include <sys/resource.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>

#include "pdf/pdf_document.h"
#include "service/admin_service.h"
#include "service/ingest_service.h"
#include "store/blob_store.h"
#include "store/sqlite_store.h"

using namespace sardesk;
using nlohmann::json;

namespace {

double Since(std::chrono::steady_clock::time_point t) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t).count();
}

void Die(const Status& st) {
  std::fprintf(stderr, "ingest_bench: %s\n", st.message().c_str());
  std::exit(1);
}

// A page of case-record prose, different on every page; every tenth page
// repeats an earlier one, as files do.
std::string PageText(int i) {
  static const char* kWords[] = {"visit", "family", "school", "worker", "mother", "contact", "plan", "review",
                                 "health", "meeting", "child", "home", "support", "concern", "agreed", "report",
                                 "father", "nursery", "police", "doctor", "carer", "placement", "court", "order",
                                 "assessment", "strategy", "conference", "minutes", "telephone", "letter", "email",
                                 "referral", "sister", "brother", "neighbour", "teacher", "college", "housing",
                                 "tenancy", "benefits", "appointment", "clinic", "therapy", "session", "progress",
                                 "behaviour", "attendance", "outcome", "decision", "manager", "supervision",
                                 "transport", "holiday", "birthday", "present", "shopping", "money", "savings",
                                 "passport", "photo", "memory", "box", "diary", "friend"};
  int seed = i % 10 == 9 ? i - 9 : i;
  std::string text = "Case record page " + std::to_string(seed) + "\n";
  unsigned x = static_cast<unsigned>(seed) * 2654435761u + 1;
  for (int line = 0; line < 40; ++line) {
    for (int w = 0; w < 12; ++w) {
      x = x * 1103515245u + 12345u;
      text += kWords[(x >> 16) % (sizeof kWords / sizeof kWords[0])];
      text += ' ';
    }
    text += '\n';
  }
  return text;
}

}  // namespace

int main(int argc, char** argv) {
  int pages = 10000;
  std::string keep;
  for (int i = 1; i + 1 < argc; i += 2) {
    std::string a = argv[i];
    if (a == "--pages") pages = std::atoi(argv[i + 1]);
    if (a == "--keep") keep = argv[i + 1];
  }
  auto dir = std::filesystem::temp_directory_path() / ("sardesk-ingest-bench-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  std::string pdf_path = keep.empty() ? (dir / "case-file.pdf").string() : keep;

  auto t = std::chrono::steady_clock::now();
  std::vector<std::string> texts;
  for (int i = 0; i < pages; ++i) texts.push_back(PageText(i));
  if (Status st = pdf::WriteTextPdf(pdf_path, texts); !st.ok()) Die(st);
  double make_s = Since(t);

  // Encrypted as sardesk runs (issue 8): page text sealed, files sealed.
  const crypt::DataKey key = crypt::DataKey::Generate();
  auto store = store::OpenSqliteStore((dir / "sardesk.db").string(), &key);
  if (!store.ok()) Die(store.status());
  FixedTime time(Date::FromYmd(2025, 9, 10));
  service::ServiceContext ctx;
  ctx.store = store->get();
  ctx.time = &time;
  if (Status st = service::LoadContext(&ctx); !st.ok()) Die(st);
  service::CaseService cases(&ctx);
  auto blobs = store::MakeEncryptedBlobStore((dir / "blobs").string(), key, (dir / "tmp" / "plain").string());
  service::IngestService ingest(&ctx, &cases, blobs.get());
  auto created = cases.Create({{"received", "2025-09-01"}, {"subject", {{"name", "Jordan Ellis"}, {"dob", "1994-03-12"}}}}, "bench");
  if (!created.ok()) Die(created.status());
  std::string ref = created->record.reference;

  t = std::chrono::steady_clock::now();
  auto up = ingest.Upload(ref, {{"case-file.pdf", pdf_path}}, json::object(), "bench");
  if (!up.ok()) Die(up.status());
  if (Status st = ingest.ProcessAll(); !st.ok()) Die(st);
  double ingest_s = Since(t);
  auto volume = ingest.CaseVolume(ref);
  if (!volume.ok()) Die(volume.status());

  t = std::chrono::steady_clock::now();
  auto png = ingest.RenderPage((*up)[0].document_id, pages / 2, 100);
  if (!png.ok()) Die(png.status());
  double render_s = Since(t);

  rusage ru{};
  getrusage(RUSAGE_SELF, &ru);
  std::printf("text PDF of %d pages (%.1f MiB), made in %.1f s\n", pages,
              static_cast<double>(std::filesystem::file_size(pdf_path)) / 1048576.0, make_s);
  std::printf("  ingest (store, text with word positions, duplicates): %7.1f s  (%.0f pages/s)\n", ingest_s,
              pages / ingest_s);
  std::printf("  pages %lld, duplicate pages found %lld\n", static_cast<long long>(volume->pages),
              static_cast<long long>(volume->duplicate_pages));
  std::printf("  render one page on demand at 100 dpi:                 %7.1f ms\n", render_s * 1000);
  std::printf("  peak memory:                                          %7.1f MiB\n", static_cast<double>(ru.ru_maxrss) / 1024.0);
  std::filesystem::remove_all(dir);
  return 0;
}
