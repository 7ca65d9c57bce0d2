// Access control end to end (issue 8): the policy table against the routes
// the server answers, every role against every route, the case checks
// (conflict of interest, sharing, service areas), the sign-in contract,
// CSRF, session fixation, throttling, the audit of views and downloads,
// and the security headers. A real server on a free port, real SQLite.
#include "api/access_policy.h"

#include <fstream>
#include <map>
#include <regex>
#include <set>
#include <sstream>
#include <thread>

#include <gtest/gtest.h>
#include <httplib.h>
#include <nlohmann/json.hpp>
#include <spdlog/spdlog.h>

#include "api/http_api.h"
#include "api/session_routes.h"
#include "api/test_sign_in.h"
#include "common/clock_source.h"
#include "service/account_service.h"
#include "service/context.h"
#include "service/disclosure_decisions.h"
#include "service/ingest_service.h"
#include "service/qa_service.h"
#include "service/redaction_service.h"
#include "service/safeguarding_service.h"
#include "store/blob_store.h"
#include "store/sqlite_store.h"

namespace sardesk::api {

extern const char* const kOpenApiYaml;

namespace {

using nlohmann::json;

// --- The table on its own ---------------------------------------------------

TEST(RoutePolicies, EachExampleFindsItsOwnEntry) {
  for (const auto& p : RoutePolicies()) {
    std::string path = p.example.substr(0, p.example.find('?'));
    auto found = FindRoute(p.method, path);
    ASSERT_TRUE(found.has_value()) << p.method << " " << p.example << " matches no entry";
    EXPECT_EQ(found->policy, &p) << p.method << " " << p.example << " is shadowed by " << found->policy->pattern;
  }
}

TEST(RoutePolicies, EveryEntryNamesRolesUnlessPublic) {
  for (const auto& p : RoutePolicies()) {
    if (p.scope == Scope::kPublic) continue;
    if (IsPortalScope(p.scope)) {  // requesters only (docs/portal.md)
      EXPECT_EQ(p.roles, 0u) << p.method << " " << p.pattern;
      continue;
    }
    EXPECT_NE(p.roles, 0u) << p.method << " " << p.pattern;
    EXPECT_EQ(p.roles & ~kAllRoles, 0u) << p.method << " " << p.pattern;
  }
}

TEST(RoutePolicies, UnknownRoutesAndMethodsFindNothing) {
  EXPECT_FALSE(FindRoute("GET", "/api/nowhere"));
  EXPECT_FALSE(FindRoute("PUT", "/api/cases"));
  EXPECT_FALSE(FindRoute("DELETE", "/api/cases/SAR-2025-000001"));
  EXPECT_FALSE(FindRoute("GET", "/api/cases/../../etc/passwd"));
}

TEST(Authorise, ChecksTheRoleThenTheCase) {
  RoutePolicy view{"GET", "x", kIgOfficer | kSocialWorkerAdviser | kServiceAreaContact, Scope::kCase, "x"};
  CaseFacts facts{true, "SAR-1", {"ben"}, {"sam"}, {"childrens"}};
  EXPECT_EQ(Authorise({"ava", "ig_officer", ""}, view, facts), Decision::kAllow);
  EXPECT_EQ(Authorise({"cara", "ig_manager", ""}, view, facts), Decision::kDenyRole);
  EXPECT_EQ(Authorise({"ben", "ig_officer", ""}, view, facts), Decision::kDenyCase);  // conflicted
  EXPECT_EQ(Authorise({"sam", "social_worker_adviser", ""}, view, facts), Decision::kAllow);
  EXPECT_EQ(Authorise({"sue", "social_worker_adviser", ""}, view, facts), Decision::kDenyCase);  // not shared
  EXPECT_EQ(Authorise({"con", "service_area_contact", "childrens"}, view, facts), Decision::kAllow);
  EXPECT_EQ(Authorise({"con", "service_area_contact", "adults"}, view, facts), Decision::kDenyCase);
  EXPECT_EQ(Authorise({"x", "wizard", ""}, view, facts), Decision::kDenyRole);
  // A guessed reference tells an adviser or contact nothing.
  EXPECT_EQ(Authorise({"sue", "social_worker_adviser", ""}, view, CaseFacts{}), Decision::kDenyCase);
  EXPECT_EQ(Authorise({"ava", "ig_officer", ""}, view, CaseFacts{}), Decision::kAllow);
}

TEST(AuthorisePortal, ARequesterPassesOnlyPortalRoutesAndOnlyTheirOwnRequests) {
  RoutePolicy portal{"GET", "x", 0, Scope::kPortal, "x"};
  RoutePolicy portal_case{"GET", "x", 0, Scope::kPortalCase, "x"};
  RoutePolicy staff_case{"GET", "x", kAllRoles, Scope::kCase, "x"};
  RoutePolicy staff_global{"GET", "x", kAllRoles, Scope::kSignedIn, "x"};
  EXPECT_EQ(AuthorisePortal(portal, false), Decision::kAllow);
  EXPECT_EQ(AuthorisePortal(portal_case, true), Decision::kAllow);
  EXPECT_EQ(AuthorisePortal(portal_case, false), Decision::kDenyCase);
  EXPECT_EQ(AuthorisePortal(staff_case, true), Decision::kDenyRole);
  EXPECT_EQ(AuthorisePortal(staff_global, true), Decision::kDenyRole);
  // And no staff role passes a portal route.
  for (const auto& role : RoleNames())
    EXPECT_EQ(Authorise({"someone", role, ""}, portal_case, {}), Decision::kDenyRole) << role;
}

TEST(Authorise, ManagersAloneExtendAndRefuse) {
  for (const char* action : {"extend", "refuse"}) {
    auto route = FindRoute("POST", std::string("/api/cases/SAR-2025-000001/") + action);
    ASSERT_TRUE(route);
    EXPECT_EQ(route->policy->roles, static_cast<std::uint32_t>(kIgManager)) << action;
  }
}

// --- Against a running server ----------------------------------------------

// One user per role, named after it.
const std::map<std::string, std::string> kUserOfRole = {
    {"ig_officer", "off"}, {"ig_manager", "man"}, {"qa_reviewer", "qa"}, {"service_area_contact", "con"},
    {"social_worker_adviser", "adv"}, {"dpo", "dpo"}, {"administrator", "adm"}};

class AccessTest : public ::testing::Test {
 protected:
  void SetUp() override {
    spdlog::set_level(spdlog::level::warn);
    std::string tmpl = (std::filesystem::temp_directory_path() / "sardesk-access-test-XXXXXX").string();
    ASSERT_NE(mkdtemp(tmpl.data()), nullptr);
    dir_ = tmpl;
    auto opened = store::OpenSqliteStore((dir_ / "sardesk.db").string());
    ASSERT_TRUE(opened.ok()) << opened.status().ToString();
    store_ = std::move(*opened);
    ctx_.store = store_.get();
    ctx_.time = &time_;
    ASSERT_TRUE(service::LoadContext(&ctx_).ok());
    cases_ = std::make_unique<service::CaseService>(&ctx_);
    admin_ = std::make_unique<service::AdminService>(&ctx_);
    searches_ = std::make_unique<service::SearchService>(&ctx_, cases_.get());
    for (const auto& [role, name] : kUserOfRole) {
      json u = {{"username", name}, {"display_name", name}, {"role", role}};
      if (role == "service_area_contact") u["service_area"] = "childrens";
      auto put = admin_->PutUser(u, "setup");
      ASSERT_TRUE(put.ok()) << put.status().ToString();
    }
    blobs_ = store::MakeFileBlobStore((dir_ / "blobs").string());
    ingest_ = std::make_unique<service::IngestService>(&ctx_, cases_.get(), blobs_.get());
    redactions_ = std::make_unique<service::RedactionService>(&ctx_, cases_.get(), blobs_.get());
    qa_ = std::make_unique<service::QaService>(&ctx_, cases_.get(), redactions_.get());
    decisions_ = std::make_unique<service::DisclosureDecisionService>(&ctx_, cases_.get());
    safeguarding_ = std::make_unique<service::SafeguardingService>(&ctx_);
    accounts_ = std::make_unique<service::AccountService>(&ctx_, auth::HashStrength::kMinimal);
    api_ = std::make_unique<HttpApi>(cases_.get(), searches_.get(), admin_.get());
    api_->SetIngest(ingest_.get());
    api_->SetRedaction(redactions_.get(), qa_.get());
    api_->SetSafeguarding(decisions_.get(), safeguarding_.get());
    work_ = std::make_unique<service::WorkListService>(&ctx_);
    api_->SetWorkList(work_.get());
    api_->SetAccounts(accounts_.get(), false);
    std::filesystem::create_directories(dir_ / "web");
    std::ofstream(dir_ / "web" / "app.js") << "console.log('sardesk');\n";
    std::ofstream(dir_ / "web" / "index.html") << "<!DOCTYPE html><title>sardesk</title>\n";
    api_->SetWebRoot((dir_ / "web").string());
    auto port = api_->Bind("127.0.0.1", 0);
    ASSERT_TRUE(port.ok());
    port_ = *port;
    server_ = std::thread([this] { api_->Serve(); });
    anonymous_ = std::make_unique<httplib::Client>("127.0.0.1", port_);
    anonymous_->set_read_timeout(10, 0);
    auto health = anonymous_->Get("/api/health");
    ASSERT_TRUE(health);
    clients_ = std::make_unique<testing::SignedInClients>(port_, accounts_.get());
  }

  void TearDown() override {
    if (api_) api_->Stop();
    if (server_.joinable()) server_.join();
    clients_.reset();
    anonymous_.reset();
    api_.reset();
    work_.reset();
    accounts_.reset();
    safeguarding_.reset();
    decisions_.reset();
    qa_.reset();
    redactions_.reset();
    ingest_.reset();
    searches_.reset();
    admin_.reset();
    cases_.reset();
    store_.reset();
    std::error_code ec;
    std::filesystem::remove_all(dir_, ec);
  }

  httplib::Client& As(const std::string& user) { return clients_->For(user); }

  std::string CreateCase() {
    json body = {{"received", "2025-09-01"},
                 {"channel", "email"},
                 {"subject",
                  {{"name", "Jane Doe"},
                   {"dob", "1980-05-04"},
                   {"addresses", json::array({{{"lines", "1 High Street, Anytown"}, {"postcode", "AB1 2CD"}}})}}},
                 {"requester", {{"relationship", "self"}, {"email", "jane@example.org"}}},
                 {"scope", {{"information_requested", "All the records you hold about me"}}}};
    auto res = As("off").Post("/api/cases", body.dump(), "application/json");
    EXPECT_TRUE(res && res->status == 201) << (res ? res->body : "no reply");
    return res ? json::parse(res->body).value("reference", "") : "";
  }

  static httplib::Result Send(httplib::Client& c, const std::string& method, const std::string& path) {
    if (method == "GET") return c.Get(path.c_str());
    if (method == "POST") return c.Post(path.c_str(), "{}", "application/json");
    if (method == "PATCH") return c.Patch(path.c_str(), "{}", "application/json");
    if (method == "PUT") return c.Put(path.c_str(), "{}", "application/json");
    return c.Delete(path.c_str(), "", "application/json");
  }

  static std::string ErrorMessage(const httplib::Result& res) {
    auto j = json::parse(res->body, nullptr, false);
    return j.is_object() && j.contains("error") ? j["error"].value("message", "") : "";
  }

  std::int64_t AuditCount(const std::string& action) {
    std::int64_t n = 0;
    (void)store_->Read([&](store::Transaction& tx) -> Status {
      store::AuditQuery q;
      q.limit = 100000;
      auto all = tx.ReadAudit(q);
      if (all.ok())
        for (const auto& e : *all) n += e.action == action ? 1 : 0;
      return Status::Ok();
    });
    return n;
  }

  FixedTime time_{Date::FromYmd(2025, 9, 10)};
  std::filesystem::path dir_;
  std::unique_ptr<store::Store> store_;
  service::ServiceContext ctx_{};
  std::unique_ptr<service::CaseService> cases_;
  std::unique_ptr<service::AdminService> admin_;
  std::unique_ptr<service::SearchService> searches_;
  std::unique_ptr<store::BlobStore> blobs_;
  std::unique_ptr<service::IngestService> ingest_;
  std::unique_ptr<service::RedactionService> redactions_;
  std::unique_ptr<service::QaService> qa_;
  std::unique_ptr<service::DisclosureDecisionService> decisions_;
  std::unique_ptr<service::SafeguardingService> safeguarding_;
  std::unique_ptr<service::AccountService> accounts_;
  std::unique_ptr<service::WorkListService> work_;
  std::unique_ptr<HttpApi> api_;
  std::thread server_;
  int port_ = 0;
  std::unique_ptr<httplib::Client> anonymous_;
  std::unique_ptr<testing::SignedInClients> clients_;
};

// The routes the API description lists, with their methods, as concrete
// paths (placeholders filled in).
std::vector<std::pair<std::string, std::string>> DocumentedRoutes(const std::string& reference) {
  std::vector<std::pair<std::string, std::string>> out;
  std::istringstream in(kOpenApiYaml);
  std::string line, path;
  bool in_paths = false;
  static const std::set<std::string> kMethods = {"get", "post", "put", "patch", "delete"};
  while (std::getline(in, line)) {
    if (line == "paths:") {
      in_paths = true;
      continue;
    }
    if (!in_paths) continue;
    if (!line.empty() && line[0] != ' ') break;  // the next top-level key
    if (line.size() > 3 && line.rfind("  /", 0) == 0 && line.back() == ':') {
      path = line.substr(2, line.size() - 3);
      if (path.size() > 1 && path.front() == '"') path = path.substr(1, path.size() - 2);
      continue;
    }
    if (line.size() > 5 && line.rfind("    ", 0) == 0 && line[4] != ' ' && line.back() == ':') {
      std::string m = line.substr(4, line.size() - 5);
      if (!kMethods.count(m) || path.empty()) continue;
      std::string concrete = std::regex_replace(path, std::regex(R"(\{reference\})"), reference);
      concrete = std::regex_replace(concrete, std::regex(R"(\{username\})"), "off");
      concrete = std::regex_replace(concrete, std::regex(R"(\{code\})"), "health_data");
      concrete = std::regex_replace(concrete, std::regex(R"(\{[a-z_]+\})"), "1");
      for (auto& c : m) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
      out.push_back({m, concrete});
    }
  }
  return out;
}

TEST_F(AccessTest, EveryDocumentedRouteHasAnAccessPolicy) {
  auto routes = DocumentedRoutes("SAR-2025-000001");
  ASSERT_GT(routes.size(), 40u) << "could not read the paths of docs/openapi.yaml";
  for (const auto& [method, path] : routes)
    EXPECT_TRUE(FindRoute(method, path).has_value())
        << "route " << method << " " << path
        << " has no access policy: add it to RoutePolicies() in src/api/access_policy.cc";
}

TEST_F(AccessTest, EveryPolicyNamesARouteTheServerAnswers) {
  std::string ref = CreateCase();
  ASSERT_EQ(ref, "SAR-2025-000001");
  for (const auto& p : RoutePolicies()) {
    if (p.method == "DELETE" || p.example == "/api/session/sign-out-everywhere") continue;  // below, on purpose
    std::string user = "adm";
    if (p.scope != Scope::kPublic)
      for (const auto& [role, name] : kUserOfRole)
        if (p.roles & RoleBit(role)) {
          user = name;
          if (role == "ig_officer" || role == "ig_manager") break;
        }
    auto res = Send(p.scope == Scope::kPublic ? *anonymous_ : As(user), p.method, p.example);
    ASSERT_TRUE(res) << p.method << " " << p.example;
    EXPECT_FALSE(res->status == 404 && ErrorMessage(res).rfind("no such endpoint", 0) == 0)
        << "the policy for " << p.method << " " << p.pattern << " names no route the server answers: " << res->body;
    EXPECT_NE(res->status, 401) << p.method << " " << p.example << " as " << user << ": " << res->body;
  }
}

TEST_F(AccessTest, EveryRoleGetsExactlyWhatThePolicyAllows) {
  std::string ref = CreateCase();
  ASSERT_EQ(ref, "SAR-2025-000001");
  for (const auto& p : RoutePolicies()) {
    if (p.scope == Scope::kPublic) continue;
    if (p.method == "DELETE" || p.example == "/api/session/sign-out-everywhere") continue;
    for (const auto& [role, name] : kUserOfRole) {
      auto res = Send(As(name), p.method, p.example);
      ASSERT_TRUE(res) << p.method << " " << p.example << " as " << role;
      bool allowed = (p.roles & RoleBit(role)) != 0;
      std::string message = ErrorMessage(res);
      if (allowed) {
        EXPECT_EQ(message.find("your role"), std::string::npos)
            << role << " should be let through " << p.method << " " << p.example << ": " << res->body;
        EXPECT_NE(res->status, 401) << role << " " << p.method << " " << p.example;
      } else {
        EXPECT_EQ(res->status, 403) << role << " should be refused " << p.method << " " << p.example << ": " << res->body;
        EXPECT_NE(message.find("your role (" + role + ")"), std::string::npos) << res->body;
      }
    }
  }
}

TEST_F(AccessTest, WithoutASessionOnlyPublicRoutesAnswer) {
  CreateCase();
  for (const auto& p : RoutePolicies()) {
    auto res = Send(*anonymous_, p.method, p.example);
    ASSERT_TRUE(res);
    if (p.scope == Scope::kPublic) {
      EXPECT_NE(res->status, 401) << p.method << " " << p.example;
    } else {
      EXPECT_EQ(res->status, 401) << p.method << " " << p.example << ": " << res->body;
    }
  }
}

TEST_F(AccessTest, AnUnknownRouteIsRefusedSignedInOrNot) {
  EXPECT_EQ(anonymous_->Get("/api/nowhere")->status, 404);
  EXPECT_EQ(As("adm").Get("/api/nowhere")->status, 404);
  EXPECT_EQ(As("adm").Put("/api/cases", "{}", "application/json")->status, 404);
}

TEST_F(AccessTest, AConflictedOfficerCannotOpenTheCase) {
  std::string ref = CreateCase();
  auto declared = As("off").Post(("/api/cases/" + ref + "/conflict").c_str(), json{{"note", "my neighbour"}}.dump(),
                                 "application/json");
  ASSERT_TRUE(declared);
  ASSERT_EQ(declared->status, 200) << declared->body;
  for (const char* path : {"", "/documents", "/redactions", "/audit"}) {
    auto res = As("off").Get(("/api/cases/" + ref + path).c_str());
    ASSERT_TRUE(res);
    EXPECT_EQ(res->status, 403) << path << ": " << res->body;
    EXPECT_EQ(ErrorMessage(res), "you may not open this request");
  }
  EXPECT_EQ(As("man").Get(("/api/cases/" + ref).c_str())->status, 200);
}

TEST_F(AccessTest, AnAdviserSeesOnlyCasesSharedWithThem) {
  std::string shared = CreateCase();
  std::string other = CreateCase();
  auto share = As("off").Post(("/api/cases/" + shared + "/shares").c_str(), json{{"username", "adv"}}.dump(),
                              "application/json");
  ASSERT_TRUE(share);
  ASSERT_EQ(share->status, 201) << share->body;
  EXPECT_EQ(As("adv").Get(("/api/cases/" + shared).c_str())->status, 200);
  EXPECT_EQ(As("adv").Get(("/api/cases/" + other).c_str())->status, 403);
  EXPECT_EQ(As("adv").Get("/api/cases/SAR-2099-000001")->status, 403);  // a guess says nothing
  EXPECT_EQ(As("adv").Get("/api/cases")->status, 403);                 // not the register
  auto mine = As("adv").Get("/api/my/cases");
  ASSERT_TRUE(mine);
  EXPECT_EQ(json::parse(mine->body)["cases"], json::array({{{"reference", shared}}}));
  // An adviser cannot release or change anything.
  EXPECT_EQ(As("adv").Post(("/api/cases/" + shared + "/release").c_str(), "{}", "application/json")->status, 403);
  auto unshare = As("off").Post(("/api/cases/" + shared + "/shares/adv/remove").c_str(), "{}", "application/json");
  ASSERT_EQ(unshare->status, 200) << unshare->body;
  EXPECT_EQ(As("adv").Get(("/api/cases/" + shared).c_str())->status, 403);
}

TEST_F(AccessTest, AServiceAreaContactSeesNoCaseWithoutASearchForTheirArea) {
  std::string ref = CreateCase();
  EXPECT_EQ(As("con").Get(("/api/cases/" + ref).c_str())->status, 403);
  auto upload = As("con").Post(("/api/cases/" + ref + "/documents").c_str(),
                               httplib::MultipartFormDataItems{{"file", "hello", "a.txt", "text/plain"}});
  ASSERT_TRUE(upload);
  EXPECT_EQ(upload->status, 403) << upload->body;
  auto tasks = As("con").Get("/api/my/search-tasks");
  ASSERT_TRUE(tasks);
  EXPECT_EQ(json::parse(tasks->body)["search_tasks"], json::array());
}

// --- The sign-in contract ---------------------------------------------------

TEST_F(AccessTest, SignInSetsAStrictHttpOnlyCookieAndReturnsTheUserAndCsrfToken) {
  ASSERT_TRUE(accounts_->SetPassword("man", "manager passphrase", "setup").ok());
  auto res = anonymous_->Post("/api/session", json{{"username", "man"}, {"password", "manager passphrase"}}.dump(),
                              "application/json");
  ASSERT_TRUE(res);
  ASSERT_EQ(res->status, 200) << res->body;
  json body = json::parse(res->body);
  EXPECT_EQ(body["user"], json({{"username", "man"}, {"name", "man"}, {"role", "ig_manager"}}));
  EXPECT_EQ(body["csrf_token"].get<std::string>().size(), 43u);
  std::string cookie = res->get_header_value("Set-Cookie");
  EXPECT_EQ(cookie.rfind("sardesk_session=", 0), 0u) << cookie;
  for (const char* attr : {"HttpOnly", "SameSite=Strict", "Path=/"}) EXPECT_NE(cookie.find(attr), std::string::npos) << cookie;
  EXPECT_EQ(cookie.find("Secure"), std::string::npos) << "not over TLS here";

  httplib::Client browser("127.0.0.1", port_);
  browser.set_default_headers({{"Cookie", "sardesk_session=" + SessionCookieValue(cookie)}});
  auto again = browser.Get("/api/session");
  ASSERT_TRUE(again);
  ASSERT_EQ(again->status, 200);
  EXPECT_EQ(json::parse(again->body), body);
}

TEST_F(AccessTest, AWrongNameOrPasswordIs401WithOneMessage) {
  ASSERT_TRUE(accounts_->SetPassword("man", "manager passphrase", "setup").ok());
  auto wrong = anonymous_->Post("/api/session", json{{"username", "man"}, {"password", "nope nope nope"}}.dump(), "application/json");
  auto unknown = anonymous_->Post("/api/session", json{{"username", "nobody"}, {"password", "manager passphrase"}}.dump(), "application/json");
  ASSERT_TRUE(wrong && unknown);
  EXPECT_EQ(wrong->status, 401);
  EXPECT_EQ(unknown->status, 401);
  EXPECT_EQ(json::parse(wrong->body)["error"], json::parse(unknown->body)["error"]);
  EXPECT_EQ(json::parse(wrong->body)["error"]["code"], "unauthenticated");
  EXPECT_FALSE(wrong->has_header("Set-Cookie"));
  EXPECT_EQ(anonymous_->Get("/api/session")->status, 401);
}

TEST_F(AccessTest, RepeatedFailuresAre429EvenWithTheRightPassword) {
  ASSERT_TRUE(accounts_->SetPassword("man", "manager passphrase", "setup").ok());
  for (int i = 0; i < 5; ++i)
    EXPECT_EQ(anonymous_->Post("/api/session", json{{"username", "man"}, {"password", "guess " + std::to_string(i)}}.dump(), "application/json")->status, 401);
  auto locked = anonymous_->Post("/api/session", json{{"username", "man"}, {"password", "manager passphrase"}}.dump(), "application/json");
  ASSERT_TRUE(locked);
  EXPECT_EQ(locked->status, 429) << locked->body;
  EXPECT_EQ(json::parse(locked->body)["error"]["code"], "too_many_requests");
  EXPECT_FALSE(locked->has_header("Set-Cookie"));
}

TEST_F(AccessTest, SignInIgnoresASessionIdTheBrowserBroughtAndEndsIt) {
  auto& off = As("off");  // signed in: its cookie is a real session
  auto session = off.Get("/api/session");
  ASSERT_EQ(session->status, 200);
  // An attacker's planted id is never adopted; signing in issues a new one.
  httplib::Client victim("127.0.0.1", port_);
  victim.set_default_headers({{"Cookie", "sardesk_session=planted-by-attacker"}});
  ASSERT_TRUE(accounts_->SetPassword("man", "manager passphrase", "setup").ok());
  auto res = victim.Post("/api/session", json{{"username", "man"}, {"password", "manager passphrase"}}.dump(), "application/json");
  ASSERT_EQ(res->status, 200);
  std::string issued = SessionCookieValue(res->get_header_value("Set-Cookie"));
  EXPECT_NE(issued, "planted-by-attacker");
  EXPECT_EQ(issued.size(), 43u);
  EXPECT_EQ(victim.Get("/api/session")->status, 401);  // the planted id is still nobody
}

TEST_F(AccessTest, SignOutNeedsTheCsrfTokenAndEndsTheSession) {
  auto& man = As("man");
  auto forged = man.Delete("/api/session", {{kCsrfHeader, "forged"}});
  ASSERT_TRUE(forged);
  EXPECT_EQ(forged->status, 403);
  EXPECT_EQ(man.Get("/api/session")->status, 200);
  auto out = man.Delete("/api/session");
  ASSERT_TRUE(out);
  EXPECT_EQ(out->status, 200) << out->body;
  EXPECT_NE(out->get_header_value("Set-Cookie").find("Max-Age=0"), std::string::npos);
  EXPECT_EQ(man.Get("/api/session")->status, 401);
}

TEST_F(AccessTest, SignOutEverywhereEndsEverySessionOfTheUser) {
  httplib::Client first("127.0.0.1", port_), second("127.0.0.1", port_);
  testing::SignInClient(first, *accounts_, "dpo");
  // A second sign-in with the same password, without resetting it.
  auto res = second.Post("/api/session", json{{"username", "dpo"}, {"password", testing::kTestPassword}}.dump(), "application/json");
  ASSERT_EQ(res->status, 200);
  second.set_default_headers({{"Cookie", "sardesk_session=" + SessionCookieValue(res->get_header_value("Set-Cookie"))},
                              {kCsrfHeader, json::parse(res->body)["csrf_token"].get<std::string>()}});
  auto ended = second.Post("/api/session/sign-out-everywhere", "{}", "application/json");
  ASSERT_EQ(ended->status, 200) << ended->body;
  EXPECT_EQ(json::parse(ended->body)["sessions_ended"], 2);
  EXPECT_EQ(first.Get("/api/session")->status, 401);
  EXPECT_EQ(second.Get("/api/session")->status, 401);
}

TEST_F(AccessTest, AnAdministratorSetsAPasswordOthersCannot) {
  auto refused = As("man").Post("/api/users/off/password", json{{"password", "a new passphrase"}}.dump(), "application/json");
  EXPECT_EQ(refused->status, 403);
  auto set = As("adm").Post("/api/users/dpo/password", json{{"password", "a new passphrase"}}.dump(), "application/json");
  ASSERT_EQ(set->status, 200) << set->body;
  auto signed_in = anonymous_->Post("/api/session", json{{"username", "dpo"}, {"password", "a new passphrase"}}.dump(), "application/json");
  EXPECT_EQ(signed_in->status, 200);
  auto short_one = As("adm").Post("/api/users/dpo/password", json{{"password", "short"}}.dump(), "application/json");
  EXPECT_EQ(short_one->status, 400);
}

// --- Audit of views and downloads --------------------------------------------

TEST_F(AccessTest, EveryFileRouteOfACaseIsAuditedAsADownload) {
  // Files whose path shows they are files; the gate audits them before the
  // route runs. Uploads, release files and letters as Word are audited by
  // their services with the item's id (portal_routes_test, bundle_routes_test,
  // letter_routes_test).
  std::string ref = CreateCase();
  const std::string on_case = "/api/cases/" + ref;
  for (const std::string& path : {on_case + "/redactions/documents/1.pdf", on_case + "/letters/1.pdf",
                                 on_case + "/bundle/latest/volumes/1.pdf", on_case + "/redactions/schedule?format=csv"}) {
    std::int64_t downloads = AuditCount("case.download");
    std::int64_t views = AuditCount("case.view");
    auto res = As("man").Get(path.c_str());
    ASSERT_TRUE(res) << path;
    EXPECT_EQ(AuditCount("case.download"), downloads + 1) << path;
    EXPECT_EQ(AuditCount("case.view"), views) << path;
  }
  auto verify = As("adm").Get("/api/audit/verify");
  ASSERT_EQ(verify->status, 200);
  EXPECT_EQ(json::parse(verify->body)["ok"], true) << verify->body;
}

TEST_F(AccessTest, RoutesWhoseServiceAuditsTheDownloadAreNotAuditedTwice) {
  // A requester's upload and a release file: the service records which file
  // went; the gate adds nothing (and nothing at all when there is no file).
  std::string ref = CreateCase();
  const std::string on_case = "/api/cases/" + ref;
  for (const std::string& path : {on_case + "/portal/uploads/99", on_case + "/releases/99/file"}) {
    std::int64_t downloads = AuditCount("case.download");
    std::int64_t views = AuditCount("case.view");
    auto res = As("man").Get(path.c_str());
    ASSERT_TRUE(res) << path;
    EXPECT_NE(res->status, 200) << path;
    EXPECT_EQ(AuditCount("case.download"), downloads) << path;
    EXPECT_EQ(AuditCount("case.view"), views) << path;
  }
  for (const auto& p : RoutePolicies()) {
    const bool file = p.pattern.find("\\.pdf") != std::string::npos || p.pattern.find("\\.png") != std::string::npos;
    if (p.method == "GET" && file && (p.scope == Scope::kCase || p.scope == Scope::kDocument)) EXPECT_EQ(p.audit, AuditAs::kDownload) << p.pattern;
  }
}

TEST_F(AccessTest, ViewsAreAuditedAndTheChainStillVerifies) {
  std::string ref = CreateCase();
  std::int64_t before = AuditCount("case.view");
  ASSERT_EQ(As("man").Get(("/api/cases/" + ref).c_str())->status, 200);
  ASSERT_EQ(As("man").Get(("/api/cases/" + ref + "/redactions/schedule?format=csv").c_str())->status, 200);
  EXPECT_EQ(AuditCount("case.view"), before + 1);
  EXPECT_EQ(AuditCount("case.download"), 1);
  auto verify = As("adm").Get("/api/audit/verify");
  ASSERT_EQ(verify->status, 200);
  EXPECT_EQ(json::parse(verify->body)["ok"], true) << verify->body;
  // The entries hold who and which route, nothing about the subject.
  (void)store_->Read([&](store::Transaction& tx) -> Status {
    store::AuditQuery q;
    q.entity = "case_access";
    q.entity_id = ref;
    auto entries = tx.ReadAudit(q);
    EXPECT_TRUE(entries.ok());
    for (const auto& e : *entries) {
      EXPECT_EQ(e.after.find("Jane"), std::string::npos);
      EXPECT_EQ(e.actor, "man");
    }
    return Status::Ok();
  });
}

}  // namespace
}  // namespace sardesk::api

namespace sardesk::api {
namespace {

TEST_F(AccessTest, EveryResponseCarriesTheSecurityHeaders) {
  for (const char* path : {"/api/health", "/api/cases", "/api/nowhere", "/app.js"}) {
    auto res = anonymous_->Get(path);
    ASSERT_TRUE(res) << path;
    std::string csp = res->get_header_value("Content-Security-Policy");
    EXPECT_NE(csp.find("default-src 'self'"), std::string::npos) << path;
    EXPECT_NE(csp.find("frame-ancestors 'none'"), std::string::npos) << path;
    EXPECT_EQ(csp.find("unsafe-inline"), std::string::npos) << path;
    EXPECT_EQ(res->get_header_value("X-Content-Type-Options"), "nosniff") << path;
    EXPECT_EQ(res->get_header_value("Referrer-Policy"), "no-referrer") << path;
    EXPECT_FALSE(res->has_header("Strict-Transport-Security")) << "no TLS in this test: " << path;
  }
}

// "Waiting on you" (issue 7): a second person's quality check, never on a
// request the user declared a conflict of interest on.
TEST_F(AccessTest, TheWorkListLeavesOutRequestsTheUserIsConflictedOn) {
  json body = {{"received", "2025-09-01"},
               {"channel", "email"},
               {"identity_required", false},
               {"identity_waiver_reason", "known to the service"},
               {"subject", {{"name", "Jane Doe"}, {"dob", "1980-05-04"}}},
               {"scope", {{"information_requested", "All the records you hold about me"}}}};
  auto created = cases_->Create(body, "man");
  ASSERT_TRUE(created.ok()) << created.status().ToString();
  std::string ref = created->record.reference;
  ASSERT_TRUE(cases_->Assign(ref, {{"officer", "man"}}, "man").ok());
  for (const char* s : {"validated", "searching", "collating", "redacting", "qa"})
    ASSERT_TRUE(cases_->Transition(ref, {{"to", s}}, "man").ok()) << s;
  auto qa_items = [&](const std::string& user) {
    auto res = As(user).Get("/api/my/work");
    EXPECT_TRUE(res && res->status == 200) << user << ": " << (res ? res->body : "no reply");
    json refs = json::array();
    if (!res || res->status != 200) return refs;
    const json work = json::parse(res->body);
    for (const auto& i : work["items"])
      if (i["kind"] == "qa") refs.push_back(i["reference"]);
    return refs;
  };
  EXPECT_EQ(qa_items("off"), json::array({ref}));
  EXPECT_EQ(qa_items("qa"), json::array({ref}));
  EXPECT_EQ(qa_items("man"), json::array());  // their own request
  auto conflict = As("off").Post(("/api/cases/" + ref + "/conflict").c_str(), json{{"note", "a neighbour"}}.dump(),
                                 "application/json");
  ASSERT_TRUE(conflict);
  ASSERT_EQ(conflict->status, 200) << conflict->body;
  EXPECT_EQ(qa_items("off"), json::array());
  EXPECT_EQ(As("adv").Get("/api/my/work")->status, 403);
}

TEST(SecurityHeaders, AddHstsOnlyOverTls) {
  EXPECT_EQ(SecurityHeaders(false).count("Strict-Transport-Security"), 0u);
  auto tls = SecurityHeaders(true);
  ASSERT_EQ(tls.count("Strict-Transport-Security"), 1u);
  EXPECT_NE(tls.find("Strict-Transport-Security")->second.find("max-age="), std::string::npos);
}

TEST(SessionCookieValue, FindsTheCookieAmongOthers) {
  EXPECT_EQ(SessionCookieValue("a=1; sardesk_session=abc; b=2"), "abc");
  EXPECT_EQ(SessionCookieValue("sardesk_session=xyz"), "xyz");
  EXPECT_EQ(SessionCookieValue("not_sardesk_session=xyz"), "");
  EXPECT_EQ(SessionCookieValue(""), "");
}

}  // namespace
}  // namespace sardesk::api
