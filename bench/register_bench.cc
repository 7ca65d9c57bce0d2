// Benchmark of the case register on the embedded SQLite store: how fast
// requests are recorded, listed for a dashboard, fetched, swept by the timers
// and verified by the audit chain, for a register of N requests.
// Usage: register_bench [--cases N] [--dir DIR]
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <sys/resource.h>

#include "service/admin_service.h"
#include "service/case_service.h"
#include "service/register_service.h"
#include "store/sqlite_store.h"

using namespace sardesk;
using nlohmann::json;

namespace {

double Seconds(std::chrono::steady_clock::time_point since) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - since).count();
}

void Die(const Status& st) {
  std::fprintf(stderr, "register_bench: %s\n", st.message().c_str());
  std::exit(1);
}

}  // namespace

int main(int argc, char** argv) {
  int n = 2000;
  std::string dir;
  for (int i = 1; i + 1 < argc; i += 2) {
    std::string a = argv[i];
    if (a == "--cases") n = std::atoi(argv[i + 1]);
    else if (a == "--dir") dir = argv[i + 1];
  }
  if (n < 1) n = 1;
  if (dir.empty()) dir = (std::filesystem::temp_directory_path() / ("sardesk-bench-" + std::to_string(::getpid()))).string();
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);

  auto store = store::OpenSqliteStore(dir + "/sardesk.db");
  if (!store.ok()) Die(store.status());
  FixedTime time(Date::FromYmd(2025, 9, 30));
  service::ServiceContext ctx;
  ctx.store = store->get();
  ctx.time = &time;
  if (Status st = service::LoadContext(&ctx); !st.ok()) Die(st);
  service::CaseService cases(&ctx);
  service::AdminService admin(&ctx);
  if (auto u = admin.PutUser({{"username", "ava"}, {"display_name", "Ava"}, {"role", "ig_officer"}}, "bench"); !u.ok()) Die(u.status());

  auto t0 = std::chrono::steady_clock::now();
  std::string first;
  for (int i = 0; i < n; ++i) {
    Date received = Date::FromYmd(2025, 1, 1).AddDays(i % 270);
    json body = {{"received", received.ToString()},
                 {"channel", "email"},
                 {"assigned_officer", "ava"},
                 {"subject", {{"name", "Person " + std::to_string(i)}, {"dob", Date::FromYmd(1980, 1, 1).AddDays(i % 9000).ToString()},
                              {"aliases", {"P" + std::to_string(i)}}}},
                 {"scope", {{"information_requested", "My social care file."}}}};
    auto v = cases.Create(body, "ava");
    if (!v.ok()) Die(v.status());
    if (i == 0) first = v->record.reference;
    if (i % 3 == 0) {
      auto t = cases.Transition(v->record.reference, {{"to", "id_requested"}, {"on", received.ToString()}}, "ava");
      if (!t.ok()) Die(t.status());
    }
  }
  double create_s = Seconds(t0);

  t0 = std::chrono::steady_clock::now();
  service::CaseFilter everything;
  everything.limit = 5000;
  auto all = cases.List(everything);
  if (!all.ok()) Die(all.status());
  double list_s = Seconds(t0);

  t0 = std::chrono::steady_clock::now();
  service::CaseFilter overdue;
  overdue.overdue_only = true;
  overdue.limit = 5000;
  auto late = cases.List(overdue);
  if (!late.ok()) Die(late.status());
  double overdue_s = Seconds(t0);

  t0 = std::chrono::steady_clock::now();
  const int gets = 1000;
  for (int i = 0; i < gets; ++i)
    if (auto v = cases.Get(first); !v.ok()) Die(v.status());
  double get_s = Seconds(t0);

  t0 = std::chrono::steady_clock::now();
  auto timers = cases.RunTimers();
  if (!timers.ok()) Die(timers.status());
  double timers_s = Seconds(t0);

  t0 = std::chrono::steady_clock::now();
  auto verify = admin.VerifyAudit();
  if (!verify.ok()) Die(verify.status());
  double verify_s = Seconds(t0);

  // The register screen (issue 7): its first page, a search by name, a
  // status filter, the CSV of everything, and the reports.
  service::RegisterService reg(&ctx);
  auto timed_list = [&](service::RegisterFilter f, std::size_t* rows) {
    auto t = std::chrono::steady_clock::now();
    auto page = reg.List(f);
    if (!page.ok()) Die(page.status());
    *rows = (*page)["total"].get<std::size_t>();
    return Seconds(t) * 1000;
  };
  std::size_t reg_total = 0, reg_named = 0, reg_status = 0;
  double reg_first_ms = timed_list({}, &reg_total);
  service::RegisterFilter named;
  named.text = "Person " + std::to_string(n / 2);
  double reg_named_ms = timed_list(named, &reg_named);
  service::RegisterFilter waiting;
  waiting.status = "id_requested";
  double reg_status_ms = timed_list(waiting, &reg_status);
  t0 = std::chrono::steady_clock::now();
  auto csv = reg.Csv({}, "ava");
  if (!csv.ok()) Die(csv.status());
  double csv_s = Seconds(t0);
  t0 = std::chrono::steady_clock::now();
  auto report = reg.Report("2025-01-01", "2025-12-31");
  if (!report.ok()) Die(report.status());
  double report_s = Seconds(t0);

  rusage ru{};
  getrusage(RUSAGE_SELF, &ru);
  std::printf("register of %d requests (%lld audit entries), SQLite at %s\n", n,
              static_cast<long long>(verify->entries), dir.c_str());
  std::printf("  record a request (create + audit):   %8.0f per second\n", n / create_s);
  std::printf("  list the first %zu (dashboard):      %8.1f ms\n", all->size(), list_s * 1000);
  std::printf("  list overdue (%zu found):            %8.1f ms\n", late->size(), overdue_s * 1000);
  std::printf("  fetch one request with its clock:    %8.3f ms\n", get_s * 1000 / gets);
  std::printf("  timer sweep (%zu moved):             %8.1f ms\n", timers->moves.size(), timers_s * 1000);
  std::printf("  verify the audit chain:              %8.1f ms (%s)\n", verify_s * 1000, verify->ok ? "intact" : "BROKEN");
  std::printf("  register, first page of %zu:         %8.1f ms\n", reg_total, reg_first_ms);
  std::printf("  register, search by name (%zu):       %8.1f ms\n", reg_named, reg_named_ms);
  std::printf("  register, one status (%zu):        %8.1f ms\n", reg_status, reg_status_ms);
  std::printf("  register as CSV (%.1f MB):            %8.1f ms\n", static_cast<double>(csv->size()) / 1e6, csv_s * 1000);
  std::printf("  reports for the year:                %8.1f ms\n", report_s * 1000);
  std::printf("  peak memory:                         %8.1f MiB\n", static_cast<double>(ru.ru_maxrss) / 1024.0);
  std::filesystem::remove_all(dir);
  return verify->ok ? 0 : 1;
}
