// Load test of the HTTP API (issue 8): a register of N requests on a real
// SQLite file, the real server (gate, sessions, access policy) on loopback,
// and S signed-in sessions, each on its own keep-alive connection, loading
// the dashboard (GET /api/cases?open=true&limit=5000, GET /api/reference
// and GET /api/my/work, as web/src/views/dashboard.js does) for T seconds.
// Reports requests, errors, throughput and latency percentiles.
//
// Usage: load_bench [--cases N] [--open-share F] [--sessions S] [--seconds T]
//                   [--think-ms MS] [--dir DIR]
// --think-ms is the pause between one dashboard load and the next in a
// session (0: each session asks again the moment it has its answer).
#include <httplib.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <mutex>
#include <string>
#include <sys/resource.h>
#include <thread>
#include <unistd.h>
#include <vector>

#include "api/http_api.h"
#include "service/account_service.h"
#include "service/admin_service.h"
#include "service/case_service.h"
#include "service/search_service.h"
#include "service/work_list_service.h"
#include "store/sqlite_store.h"
#include <spdlog/spdlog.h>

using namespace sardesk;
using nlohmann::json;
using Clock = std::chrono::steady_clock;

namespace {

constexpr char kPassword[] = "load-bench-password";

double Seconds(Clock::time_point since) { return std::chrono::duration<double>(Clock::now() - since).count(); }

void Die(const std::string& what) {
  std::fprintf(stderr, "load_bench: %s\n", what.c_str());
  std::exit(1);
}
void Check(const Status& st) {
  if (!st.ok()) Die(st.message());
}

std::string Officer(int i) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "officer%02d", i);
  return buf;
}

struct Options {
  int cases = 50000;
  double open_share = 0.02;
  int sessions = 100;
  int seconds = 60;
  int think_ms = 0;
  int officers = 20;
  std::string dir;
};

// Records the register: N requests, the share given by open_share still
// open, the rest withdrawn. Skips the work when DIR already holds it.
void Seed(const Options& o, service::CaseService& cases, service::AdminService& admin,
          service::AccountService& accounts, store::Store& store) {
  std::int64_t have = 0;
  Check(store.Read([&](store::Transaction& tx) -> Status {
    store::CaseQuery q;
    q.limit = 1;
    auto rows = tx.ListCases(q);
    if (!rows.ok()) return rows.status();
    have = rows->empty() ? 0 : 1;
    return Status::Ok();
  }));
  if (have) {
    std::printf("using the register already in %s\n", o.dir.c_str());
    return;
  }
  auto t0 = Clock::now();
  for (int i = 0; i < o.officers; ++i) {
    auto u = admin.PutUser({{"username", Officer(i)}, {"display_name", "Officer " + std::to_string(i)}, {"role", "ig_officer"}},
                           "bench");
    if (!u.ok()) Die(u.status().message());
  }
  auto set = accounts.SetMissingPasswords(kPassword, "bench");
  if (!set.ok()) Die(set.status().message());
  const int open_every = o.open_share > 0 ? std::max(1, static_cast<int>(1.0 / o.open_share + 0.5)) : 0;
  int open = 0;
  for (int i = 0; i < o.cases; ++i) {
    Date received = Date::FromYmd(2017, 1, 2).AddDays(i * 3300 / std::max(1, o.cases));
    bool stays_open = open_every && i % open_every == 0;
    if (stays_open) received = Date::FromYmd(2026, 10, 1).AddDays(i % 60);
    json body = {{"received", received.ToString()},
                 {"channel", i % 2 ? "email" : "letter"},
                 {"assigned_officer", Officer(i % o.officers)},
                 {"subject", {{"name", "Person " + std::to_string(i)},
                              {"dob", Date::FromYmd(1970, 1, 1).AddDays(i % 12000).ToString()}}},
                 {"scope", {{"information_requested", "My social care file."}}}};
    auto v = cases.Create(body, Officer(i % o.officers));
    if (!v.ok()) Die(v.status().message());
    if (stays_open) {
      ++open;
      continue;
    }
    auto t = cases.Transition(v->record.reference, {{"to", "withdrawn"}, {"on", received.AddDays(20).ToString()},
                                                    {"reason", "The requester withdrew the request."}},
                              Officer(i % o.officers));
    if (!t.ok()) Die(t.status().message());
    if ((i + 1) % 10000 == 0) std::printf("  recorded %d requests (%.0f s)\n", i + 1, Seconds(t0));
  }
  std::printf("recorded %d requests (%d open) in %.1f s\n", o.cases, open, Seconds(t0));
}

struct SessionResult {
  std::vector<double> list_ms;
  std::vector<double> work_ms;
  std::vector<double> page_ms;  // the whole dashboard load (all three calls)
  std::int64_t errors = 0;
  std::string first_error;
};

double Percentile(std::vector<double>& v, double p) {
  if (v.empty()) return 0;
  size_t k = std::min(v.size() - 1, static_cast<size_t>(p * static_cast<double>(v.size())));
  std::nth_element(v.begin(), v.begin() + static_cast<std::ptrdiff_t>(k), v.end());
  return v[k];
}

}  // namespace

int main(int argc, char** argv) {
  spdlog::set_level(spdlog::level::warn);  // the server logs each request at info
  Options o;
  for (int i = 1; i + 1 < argc; i += 2) {
    std::string a = argv[i];
    if (a == "--cases") o.cases = std::atoi(argv[i + 1]);
    else if (a == "--open-share") o.open_share = std::atof(argv[i + 1]);
    else if (a == "--sessions") o.sessions = std::atoi(argv[i + 1]);
    else if (a == "--seconds") o.seconds = std::atoi(argv[i + 1]);
    else if (a == "--think-ms") o.think_ms = std::atoi(argv[i + 1]);
    else if (a == "--dir") o.dir = argv[i + 1];
    else Die("unknown option " + a + " (see the comment at the top of bench/load_bench.cc)");
  }
  o.cases = std::max(1, o.cases);
  o.sessions = std::max(1, o.sessions);
  o.seconds = std::max(1, o.seconds);
  bool own_dir = o.dir.empty();
  if (own_dir) o.dir = (std::filesystem::temp_directory_path() / ("sardesk-load-" + std::to_string(::getpid()))).string();
  std::filesystem::create_directories(o.dir);

  auto store = store::OpenSqliteStore(o.dir + "/sardesk.db");
  if (!store.ok()) Die(store.status().message());
  FixedTime time(Date::FromYmd(2026, 12, 3));
  service::ServiceContext ctx;
  ctx.store = store->get();
  ctx.time = &time;
  Check(service::LoadContext(&ctx));
  service::CaseService cases(&ctx);
  service::AdminService admin(&ctx);
  service::SearchService searches(&ctx, &cases);
  service::AccountService accounts(&ctx);
  service::WorkListService work(&ctx);
  Seed(o, cases, admin, accounts, **store);

  api::HttpApi server(&cases, &searches, &admin);
  server.SetAccounts(&accounts, false);
  server.SetWorkList(&work);
  auto port = server.Bind("127.0.0.1", 0);
  if (!port.ok()) Die(port.status().message());
  std::thread serving([&] { server.Serve(); });

  // Sign every session in over HTTP, as a browser would.
  struct Session {
    std::string cookie;
  };
  std::vector<Session> sessions(static_cast<size_t>(o.sessions));
  auto t_sign = Clock::now();
  {
    httplib::Client c("127.0.0.1", *port);
    for (int i = 0; i < o.sessions; ++i) {
      json body = {{"username", Officer(i % o.officers)}, {"password", kPassword}};
      auto r = c.Post("/api/session", body.dump(), "application/json");
      if (!r || r->status != 200) Die("sign-in failed: " + (r ? std::to_string(r->status) + " " + r->body : "no answer"));
      std::string set_cookie = r->get_header_value("Set-Cookie");
      sessions[static_cast<size_t>(i)].cookie = set_cookie.substr(0, set_cookie.find(';'));
    }
  }
  std::printf("signed in %d sessions in %.1f s\n", o.sessions, Seconds(t_sign));

  // A warm-up load, which also says how many open requests the dashboard lists.
  size_t listed = 0;
  {
    httplib::Client c("127.0.0.1", *port);
    auto r = c.Get("/api/cases?open=true&limit=5000", {{"Cookie", sessions[0].cookie}});
    if (!r || r->status != 200) Die("dashboard failed: " + (r ? std::to_string(r->status) : "no answer"));
    listed = json::parse(r->body)["cases"].size();
  }

  std::vector<SessionResult> results(sessions.size());
  std::atomic<bool> go{false};
  auto deadline = Clock::now() + std::chrono::seconds(o.seconds) + std::chrono::milliseconds(200);
  std::vector<std::thread> clients;
  for (size_t i = 0; i < sessions.size(); ++i) {
    clients.emplace_back([&, i] {
      httplib::Client c("127.0.0.1", *port);
      c.set_keep_alive(true);
      c.set_tcp_nodelay(true);  // as browsers do
      c.set_read_timeout(30, 0);
      httplib::Headers h = {{"Cookie", sessions[i].cookie}};
      SessionResult& res = results[i];
      while (!go) std::this_thread::yield();
      // Spread the first loads over the think time so sessions do not march in step.
      if (o.think_ms > 0) std::this_thread::sleep_for(std::chrono::milliseconds(static_cast<int>(i * 7919) % o.think_ms));
      while (Clock::now() < deadline) {
        auto t0 = Clock::now();
        auto r1 = c.Get("/api/cases?open=true&limit=5000", h);
        double list_ms = Seconds(t0) * 1000;
        auto r2 = c.Get("/api/reference", h);
        auto t_work = Clock::now();
        auto r3 = c.Get("/api/my/work", h);
        double work_ms = Seconds(t_work) * 1000;
        double page_ms = Seconds(t0) * 1000;
        bool ok1 = r1 && r1->status == 200 && r1->body.size() > 2;
        bool ok2 = r2 && r2->status == 200 && r3 && r3->status == 200;
        if (!ok1 || !ok2) {
          if (res.errors++ == 0)
            res.first_error = !ok1                         ? (r1 ? "cases: HTTP " + std::to_string(r1->status) : "cases: " + httplib::to_string(r1.error()))
                              : !(r2 && r2->status == 200) ? (r2 ? "reference: HTTP " + std::to_string(r2->status) : "reference: " + httplib::to_string(r2.error()))
                                                           : (r3 ? "work: HTTP " + std::to_string(r3->status) : "work: " + httplib::to_string(r3.error()));
        } else {
          res.list_ms.push_back(list_ms);
          res.work_ms.push_back(work_ms);
          res.page_ms.push_back(page_ms);
        }
        if (o.think_ms > 0) std::this_thread::sleep_for(std::chrono::milliseconds(o.think_ms));
      }
    });
  }
  rusage before{};
  getrusage(RUSAGE_SELF, &before);
  auto t_run = Clock::now();
  go = true;
  for (auto& t : clients) t.join();
  double run_s = Seconds(t_run);
  server.Stop();
  serving.join();

  std::vector<double> list_ms, work_ms, page_ms;
  std::int64_t errors = 0;
  std::string first_error;
  for (auto& r : results) {
    list_ms.insert(list_ms.end(), r.list_ms.begin(), r.list_ms.end());
    work_ms.insert(work_ms.end(), r.work_ms.begin(), r.work_ms.end());
    page_ms.insert(page_ms.end(), r.page_ms.begin(), r.page_ms.end());
    errors += r.errors;
    if (first_error.empty()) first_error = r.first_error;
  }
  rusage ru{};
  getrusage(RUSAGE_SELF, &ru);
  std::printf("load: %d sessions for %.0f s, think time %d ms, register of %d requests (%zu open on the dashboard)\n",
              o.sessions, run_s, o.think_ms, o.cases, listed);
  std::printf("  dashboard loads:          %8zu (%.1f per second), errors %lld%s%s\n", page_ms.size(),
              static_cast<double>(page_ms.size()) / run_s, static_cast<long long>(errors),
              first_error.empty() ? "" : ", first: ", first_error.c_str());
  std::printf("  GET /api/cases (list) ms: p50 %.1f  p90 %.1f  p99 %.1f  max %.1f\n", Percentile(list_ms, 0.5),
              Percentile(list_ms, 0.9), Percentile(list_ms, 0.99), Percentile(list_ms, 1.0));
  std::printf("  GET /api/my/work ms:      p50 %.1f  p90 %.1f  p99 %.1f  max %.1f\n", Percentile(work_ms, 0.5),
              Percentile(work_ms, 0.9), Percentile(work_ms, 0.99), Percentile(work_ms, 1.0));
  std::printf("  whole dashboard load ms:  p50 %.1f  p90 %.1f  p99 %.1f  max %.1f\n", Percentile(page_ms, 0.5),
              Percentile(page_ms, 0.9), Percentile(page_ms, 0.99), Percentile(page_ms, 1.0));
  std::printf("  peak memory (server and clients): %.1f MiB\n", static_cast<double>(ru.ru_maxrss) / 1024.0);
  if (own_dir) std::filesystem::remove_all(o.dir);
  return errors == 0 ? 0 : 1;
}
