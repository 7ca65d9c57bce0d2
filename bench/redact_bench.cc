// Benchmark of `sardesk redact --context`: detection, redaction and
// verification of a text PDF of N pages (default 10,000) of case-record
// prose naming the data subject, staff and third parties, made here. Prints
// the time beside `mutool draw -F stext` on the same file (the floor for
// anything that reads every page) and peak memory.
// Usage: redact_bench [--pages N] [--keep DIR]
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>

#include "pdf/pdf_document.h"
#include "redact/file_redaction.h"

using namespace sardesk;

namespace {

double Since(std::chrono::steady_clock::time_point t) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t).count();
}

std::string PageText(int i) {
  static const char* kWords[] = {"visit", "family", "school", "worker", "contact", "plan", "review", "health",
                                 "meeting", "home", "support", "concern", "agreed", "report", "nursery", "doctor",
                                 "placement", "court", "order", "assessment", "strategy", "conference", "minutes",
                                 "telephone", "letter", "referral", "teacher", "college", "housing", "appointment",
                                 "clinic", "therapy", "session", "progress", "behaviour", "attendance", "outcome",
                                 "decision", "manager", "supervision", "transport", "holiday", "birthday"};
  static const char* kPeople[] = {"Sarah Jones", "Darren Pike", "Kelly Morgan", "Wayne Hughes", "Tracey Evans"};
  std::string text = "Case record page " + std::to_string(i + 1) + "\n";
  text += "Visit to Ellie Carter at home. Social worker Amy Shah attended.\n";
  text += "Ellie's mum " + std::string(kPeople[i % 5]) + " was present and gave her number 07700 9" +
          std::to_string(10000 + i % 89999) + ".\n";
  unsigned x = static_cast<unsigned>(i) * 2654435761u + 1;
  for (int line = 0; line < 36; ++line) {
    for (int w = 0; w < 12; ++w) {
      x = x * 1103515245u + 12345u;
      text += kWords[(x >> 16) % (sizeof kWords / sizeof kWords[0])];
      text += ' ';
    }
    text += '\n';
  }
  text += "Neighbour " + std::string(kPeople[(i + 2) % 5]) + " said she heard shouting.\n";
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
      std::fprintf(stderr, "usage: redact_bench [--pages N] [--keep DIR]\n");
      return 2;
    }
  }
  namespace fs = std::filesystem;
  fs::path dir = keep.empty() ? fs::temp_directory_path() / ("sardesk-redact-bench-" + std::to_string(getpid())) : fs::path(keep);
  fs::create_directories(dir);
  fs::path in = dir / ("case-" + std::to_string(pages) + ".pdf"), out = dir / "redacted.pdf";
  if (!fs::exists(in)) {
    // Made in a child so its memory does not count towards ours.
    pid_t pid = fork();
    if (pid == 0) {
      std::vector<std::string> texts;
      for (int i = 0; i < pages; ++i) texts.push_back(PageText(i));
      Status st = pdf::WriteTextPdf(in.string(), texts);
      _exit(st.ok() ? 0 : 1);
    }
    int status = 0;
    waitpid(pid, &status, 0);
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
      std::fprintf(stderr, "redact_bench: could not make the test PDF\n");
      return 1;
    }
  }

  auto t0 = std::chrono::steady_clock::now();
  std::string mutool = "mutool draw -q -F stext -o /dev/null '" + in.string() + "' 2>/dev/null";
  bool have_mutool = std::system(mutool.c_str()) == 0;
  double floor_s = Since(t0);

  redact::FileRedactionRequest req;
  req.in_path = in.string();
  req.out_path = out.string();
  detect::CaseContext ctx;
  ctx.subject.name = "Ellie Carter";
  ctx.staff.push_back({"Amy Shah", "Social Worker"});
  req.context = ctx;
  req.threads = 2;
  t0 = std::chrono::steady_clock::now();
  auto report = redact::RedactFile(req);
  double total = Since(t0);
  if (!report.ok()) {
    std::fprintf(stderr, "redact_bench: %s\n", report.status().message().c_str());
    return 1;
  }
  struct rusage ru {};
  getrusage(RUSAGE_SELF, &ru);
  int flattened = 0;
  for (const auto& p : report->changed_pages) flattened += p.method == "flattened";
  std::printf("pages: %d, boxes: %d, pages changed: %zu (%d flattened), verified: %s\n", report->pages, report->marks,
              report->changed_pages.size(), flattened, report->verified ? "yes" : "no");
  std::printf("redact --context: %.1f s (%.0f pages/s): read %.1f s, detect %.1f s, redact+save %.1f s, verify %.1f s\n",
              total, report->pages / total, report->layout_seconds, report->detect_seconds, report->redact_seconds,
              report->verify_seconds);
  if (have_mutool)
    std::printf("mutool draw -F stext: %.1f s (%.0f pages/s); ratio %.2fx (target <= 2x)\n", floor_s,
                report->pages / floor_s, total / floor_s);
  std::printf("peak memory: %.0f MiB (target < 1024)\n", static_cast<double>(ru.ru_maxrss) / 1024.0);
  if (keep.empty()) fs::remove_all(dir);
  return 0;
}
