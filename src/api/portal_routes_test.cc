// The requester portal over HTTP (docs/portal.md): the portal cookie, CSRF,
// session fixation, the separation of portal and staff sessions, other
// requesters' requests and the single-use download, on a real server.
#include "api/portal_routes.h"

#include <httplib.h>
#include <spdlog/spdlog.h>

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>
#include <thread>

#include "api/http_api.h"
#include "api/session_routes.h"
#include "api/test_sign_in.h"
#include "mail/mailer.h"
#include "service/bundle_release_test_support.h"

namespace sardesk::api {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

class PortalRoutesTest : public service::testing::BundleTest {
 protected:
  void SetUp() override {
    spdlog::set_level(spdlog::level::warn);
    BundleTest::SetUp();
    mailer_ = mail::MakeFileDropMailer(dir_ + "/outbox");
    ctx_->mailer = mailer_.get();
    sms_ = mail::MakeFileDropSms(dir_ + "/sms");
    portal_ = std::make_unique<service::PortalService>(ctx_.get(), cases_.get(), releases_.get(), blobs_.get(),
                                                       sms_.get(), auth::HashStrength::kMinimal);
    accounts_ = std::make_unique<service::AccountService>(ctx_.get(), auth::HashStrength::kMinimal);
    api_ = std::make_unique<HttpApi>(cases_.get(), searches_.get(), admin_.get());
    api_->SetBundles(bundles_.get(), releases_.get());
    api_->SetPortal(portal_.get());
    api_->SetAccounts(accounts_.get(), false);
    auto port = api_->Bind("127.0.0.1", 0);
    ASSERT_TRUE(port.ok());
    port_ = *port;
    server_ = std::thread([this] { api_->Serve(); });
    staff_ = std::make_unique<testing::SignedInClients>(port_, accounts_.get());
  }

  void TearDown() override {
    if (api_) api_->Stop();
    if (server_.joinable()) server_.join();
    staff_.reset();
    api_.reset();
    accounts_.reset();
    portal_.reset();
    BundleTest::TearDown();
  }

  std::unique_ptr<httplib::Client> Client() {
    auto c = std::make_unique<httplib::Client>("127.0.0.1", port_);
    c->set_read_timeout(20, 0);
    c->set_write_timeout(20, 0);
    return c;
  }

  std::string TakeCode() {
    std::vector<fs::path> files;
    std::error_code ec;
    for (const auto& e : fs::directory_iterator(dir_ + "/outbox", ec))
      if (e.path().filename().string()[0] != '.') files.push_back(e.path());
    std::sort(files.begin(), files.end());
    std::string code;
    for (const auto& f : files) {
      std::ifstream in(f);
      std::stringstream ss;
      ss << in.rdbuf();
      std::smatch m;
      std::string text = ss.str();
      if (std::regex_search(text, m, std::regex(R"(code is (\d{6}))"))) code = m[1];
      fs::remove(f);
    }
    return code;
  }

  struct Requester {
    std::unique_ptr<httplib::Client> client;
    std::string token;
    std::string csrf;
  };

  // Signs `email` in the way a browser does; the client then sends the
  // portal cookie and CSRF token.
  Requester SignIn(const std::string& email) {
    Requester r{Client(), "", ""};
    auto sent = r.client->Post("/api/portal/session/code", json{{"email", email}}.dump(), "application/json");
    EXPECT_TRUE(sent && sent->status == 202) << (sent ? sent->body : "no reply");
    auto in = r.client->Post("/api/portal/session", json{{"email", email}, {"code", TakeCode()}}.dump(),
                             "application/json");
    EXPECT_TRUE(in && in->status == 200) << (in ? in->body : "no reply");
    if (!in || in->status != 200) return r;
    r.token = PortalCookieValue(in->get_header_value("Set-Cookie"));
    r.csrf = json::parse(in->body)["csrf_token"];
    r.client->set_default_headers({{"Cookie", std::string(kPortalCookie) + "=" + r.token}, {kCsrfHeader, r.csrf}});
    return r;
  }

  std::string MakeRequest(Requester& r) {
    json body = {{"subject", {{"name", "Sam Requester"}, {"dob", "1990-02-03"}}},
                 {"information_requested", "My records from when I was in care"}};
    auto res = r.client->Post("/api/portal/requests", body.dump(), "application/json");
    EXPECT_TRUE(res && res->status == 201) << (res ? res->body : "no reply");
    return res && res->status == 201 ? json::parse(res->body)["reference"].get<std::string>() : "";
  }

  std::int64_t Count(const std::string& sql) {
    service::testing::RawDb db(path_);
    return db.Int(sql);
  }

  std::unique_ptr<mail::Mailer> mailer_;
  std::unique_ptr<mail::SmsSender> sms_;
  std::unique_ptr<service::PortalService> portal_;
  std::unique_ptr<service::AccountService> accounts_;
  std::unique_ptr<HttpApi> api_;
  std::unique_ptr<testing::SignedInClients> staff_;
  std::thread server_;
  int port_ = 0;
};

TEST_F(PortalRoutesTest, SignInSetsAStrictHttpOnlyPortalCookie) {
  auto c = Client();
  auto sent = c->Post("/api/portal/session/code", json{{"email", "sam@example.org"}}.dump(), "application/json");
  ASSERT_TRUE(sent);
  EXPECT_EQ(sent->status, 202) << sent->body;
  auto in = c->Post("/api/portal/session", json{{"email", "sam@example.org"}, {"code", TakeCode()}}.dump(),
                    "application/json");
  ASSERT_TRUE(in);
  ASSERT_EQ(in->status, 200) << in->body;
  std::string cookie = in->get_header_value("Set-Cookie");
  EXPECT_EQ(cookie.rfind("sardesk_portal=", 0), 0u) << cookie;
  EXPECT_NE(cookie.find("HttpOnly"), std::string::npos);
  EXPECT_NE(cookie.find("SameSite=Strict"), std::string::npos);
  auto body = json::parse(in->body);
  EXPECT_EQ(body["requester"]["email"], "sam@example.org");
  EXPECT_FALSE(body["csrf_token"].get<std::string>().empty());
}

TEST_F(PortalRoutesTest, AWrongCodeIs401) {
  auto c = Client();
  ASSERT_TRUE(c->Post("/api/portal/session/code", json{{"email", "sam@example.org"}}.dump(), "application/json"));
  std::string code = TakeCode();
  auto in = c->Post("/api/portal/session", json{{"email", "sam@example.org"}, {"code", code == "000000" ? "000001" : "000000"}}.dump(),
                    "application/json");
  ASSERT_TRUE(in);
  EXPECT_EQ(in->status, 401);
  EXPECT_TRUE(in->get_header_value("Set-Cookie").empty());
}

TEST_F(PortalRoutesTest, SignInNeverAdoptsACookieTheBrowserBrought) {
  Requester attacker = SignIn("mallory@example.org");
  auto victim = Client();
  victim->set_default_headers({{"Cookie", std::string(kPortalCookie) + "=" + attacker.token}});
  ASSERT_TRUE(victim->Post("/api/portal/session/code", json{{"email", "sam@example.org"}}.dump(), "application/json"));
  auto in = victim->Post("/api/portal/session", json{{"email", "sam@example.org"}, {"code", TakeCode()}}.dump(),
                         "application/json");
  ASSERT_TRUE(in && in->status == 200);
  std::string fresh = PortalCookieValue(in->get_header_value("Set-Cookie"));
  EXPECT_NE(fresh, attacker.token);
  EXPECT_EQ(attacker.client->Get("/api/portal/session")->status, 401);  // the planted session ended
}

TEST_F(PortalRoutesTest, ChangesNeedThePortalCsrfToken) {
  Requester sam = SignIn("sam@example.org");
  auto forged = Client();
  forged->set_default_headers({{"Cookie", std::string(kPortalCookie) + "=" + sam.token}});
  json body = {{"subject", {{"name", "Sam"}, {"dob", "1990-02-03"}}}, {"information_requested", "x"}};
  auto res = forged->Post("/api/portal/requests", body.dump(), "application/json");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 403);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM portal_links"), 0);
}

TEST_F(PortalRoutesTest, APortalSessionPassesNoStaffRoute) {
  Requester sam = SignIn("sam@example.org");
  EXPECT_EQ(sam.client->Get("/api/cases")->status, 401);
  EXPECT_EQ(sam.client->Get(("/api/cases/" + ref_).c_str())->status, 401);
  EXPECT_EQ(sam.client->Get("/api/session")->status, 401);
}

TEST_F(PortalRoutesTest, AStaffSessionPassesNoPortalRoute) {
  auto& off = staff_->For("ava");
  auto res = off.Get("/api/portal/requests");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 403) << res->body;
  EXPECT_EQ(off.Get(("/api/portal/requests/" + ref_).c_str())->status, 403);
}

TEST_F(PortalRoutesTest, AnotherRequestersRequestAndAGuessAreRefusedAlike) {
  Requester sam = SignIn("sam@example.org");
  Requester kim = SignIn("kim@example.org");
  std::string ref = MakeRequest(sam);
  ASSERT_FALSE(ref.empty());
  EXPECT_EQ(sam.client->Get(("/api/portal/requests/" + ref).c_str())->status, 200);
  auto theirs = kim.client->Get(("/api/portal/requests/" + ref).c_str());
  auto guess = kim.client->Get("/api/portal/requests/SAR-2099-000123");
  ASSERT_TRUE(theirs && guess);
  EXPECT_EQ(theirs->status, 403);
  EXPECT_EQ(guess->status, 403);
  EXPECT_EQ(json::parse(theirs->body)["error"], json::parse(guess->body)["error"]);
  auto answer = kim.client->Post(("/api/portal/requests/" + ref + "/clarifications/1/answer").c_str(),
                                 json{{"answer", "x"}}.dump(), "application/json");
  EXPECT_EQ(answer->status, 403);
}

TEST_F(PortalRoutesTest, AForgedIdentityHeaderIsIgnored) {
  Requester sam = SignIn("sam@example.org");
  Requester kim = SignIn("kim@example.org");
  ASSERT_FALSE(MakeRequest(sam).empty());
  auto mine = kim.client->Get("/api/portal/requests",
                              {{"Cookie", std::string(kPortalCookie) + "=" + kim.token},
                               {kPortalAccountHeader, "1"},
                               {kPortalEmailHeader, "sam@example.org"}});
  ASSERT_TRUE(mine && mine->status == 200);
  auto body = json::parse(mine->body);
  EXPECT_EQ(body["email"], "kim@example.org");
  EXPECT_EQ(body["requests"].size(), 0u);
}

TEST_F(PortalRoutesTest, AnOfficerLinksAPaperRequestAndTheRequesterSeesIt) {
  auto& off = staff_->For("ava");
  auto linked = off.Post(("/api/cases/" + ref_ + "/portal-link").c_str(), json{{"email", "eve@example.org"}}.dump(),
                         "application/json");
  ASSERT_TRUE(linked);
  ASSERT_EQ(linked->status, 201) << linked->body;
  Requester eve = SignIn("eve@example.org");
  auto mine = eve.client->Get("/api/portal/requests");
  ASSERT_TRUE(mine && mine->status == 200);
  auto body = json::parse(mine->body);
  ASSERT_EQ(body["requests"].size(), 1u);
  EXPECT_EQ(body["requests"][0]["reference"], ref_);
  // A requester cannot link requests themselves.
  auto self = eve.client->Post("/api/cases/SAR-2025-000001/portal-link", json{{"email", "eve@example.org"}}.dump(),
                               "application/json");
  EXPECT_EQ(self->status, 401);
}

TEST_F(PortalRoutesTest, UploadsRefusePathsAndOversizeBodies) {
  ASSERT_TRUE(portal_->LinkCase(ref_, "eve@example.org", "ava").ok());
  Requester eve = SignIn("eve@example.org");
  std::string path = "/api/portal/requests/" + ref_ + "/documents";
  httplib::MultipartFormDataItems traversal = {{"kind", "identity", "", ""},
                                               {"file", "%PDF-1.4", "../../../etc/passwd", "application/pdf"}};
  auto bad = eve.client->Post(path.c_str(), traversal);
  ASSERT_TRUE(bad);
  EXPECT_EQ(bad->status, 400) << bad->body;
  httplib::MultipartFormDataItems big = {{"kind", "identity", "", ""},
                                         {"file", std::string((20u << 20) + (128u << 10), 'x'), "big.pdf", "application/pdf"}};
  auto too_big = eve.client->Post(path.c_str(), big);
  if (too_big) {  // the server may close before the client has written all
    EXPECT_EQ(too_big->status, 413) << too_big->body;
  }
  httplib::MultipartFormDataItems good = {{"kind", "identity", "", ""},
                                          {"file", "%PDF-1.4 id", "passport.pdf", "application/pdf"}};
  auto ok = eve.client->Post(path.c_str(), good);
  ASSERT_TRUE(ok);
  EXPECT_EQ(ok->status, 201) << ok->body;
  EXPECT_EQ(Count("SELECT COUNT(*) FROM portal_uploads"), 1);
  // The officer sees it.
  auto summary = staff_->For("ava").Get(("/api/cases/" + ref_ + "/portal").c_str());
  ASSERT_TRUE(summary && summary->status == 200);
  EXPECT_EQ(json::parse(summary->body)["uploads"][0]["file_name"], "passport.pdf");
}

TEST_F(PortalRoutesTest, TheReleaseDownloadsOnceAndOnlyForItsRequester) {
  MoveTo("redacting");
  AddPdf("record-1.pdf", service::testing::kCaseNote);
  RedactAll();
  Transition(ref_, {{"to", "qa"}});
  ASSERT_TRUE(qa_->Sample(ref_, json::object(), "ben").ok());
  ASSERT_TRUE(qa_->Pass(ref_, json::object(), "ben").ok());
  Build();
  auto released = releases_->Release(ref_, {{"delivery", {{"route", "secure_download"}}}}, "ava");
  ASSERT_TRUE(released.ok()) << released.status().ToString();
  std::string id = std::to_string((*released)["id"].get<std::int64_t>());
  ASSERT_TRUE(portal_->LinkCase(ref_, "eve@example.org", "ava").ok());
  Requester eve = SignIn("eve@example.org");
  Requester kim = SignIn("kim@example.org");

  std::string base = "/api/portal/requests/" + ref_ + "/releases/" + id;
  auto code = eve.client->Post((base + "/code").c_str(), json{{"by", "email"}}.dump(), "application/json");
  ASSERT_TRUE(code && code->status == 202) << (code ? code->body : "");
  auto link = eve.client->Post((base + "/link").c_str(), json{{"code", TakeCode()}}.dump(), "application/json");
  ASSERT_TRUE(link && link->status == 201) << (link ? link->body : "");
  std::string url = json::parse(link->body)["path"];

  EXPECT_EQ(kim.client->Get(url.c_str())->status, 404);  // someone else's link
  EXPECT_EQ(eve.client->Get("/api/portal/download/guessed-token-0123456789")->status, 404);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM audit_log WHERE action = 'case.download'"), 0);

  auto file = eve.client->Get(url.c_str());
  ASSERT_TRUE(file);
  ASSERT_EQ(file->status, 200) << file->body;
  EXPECT_EQ(file->body.rfind("%PDF", 0), 0u);
  EXPECT_NE(file->get_header_value("Content-Disposition").find("attachment"), std::string::npos);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM audit_log WHERE action = 'case.download'"), 1);

  auto again = eve.client->Get(url.c_str());
  ASSERT_TRUE(again);
  EXPECT_EQ(again->status, 404);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM audit_log WHERE action = 'case.download'"), 1);
  // The portal never shows the password.
  auto view = eve.client->Get(("/api/portal/requests/" + ref_).c_str());
  ASSERT_TRUE(view && view->status == 200);
  EXPECT_EQ(view->body.find((*released)["password"].get<std::string>()), std::string::npos);
}

TEST_F(PortalRoutesTest, AnOfficerTakingAnUploadIsAuditedAsADownload) {
  ASSERT_TRUE(portal_->LinkCase(ref_, "eve@example.org", "ava").ok());
  Requester eve = SignIn("eve@example.org");
  httplib::MultipartFormDataItems good = {{"kind", "identity", "", ""},
                                          {"file", "%PDF-1.4 id", "passport.pdf", "application/pdf"}};
  auto up = eve.client->Post(("/api/portal/requests/" + ref_ + "/documents").c_str(), good);
  ASSERT_TRUE(up && up->status == 201) << (up ? up->body : "no reply");
  std::string id = std::to_string(json::parse(up->body)["id"].get<std::int64_t>());
  auto file = staff_->For("ava").Get(("/api/cases/" + ref_ + "/portal/uploads/" + id).c_str());
  ASSERT_TRUE(file);
  ASSERT_EQ(file->status, 200) << file->body;
  EXPECT_EQ(file->body, "%PDF-1.4 id");
  EXPECT_EQ(Count("SELECT COUNT(*) FROM audit_log WHERE action = 'case.download' AND actor = 'ava' AND entity_id = '" +
                  ref_ + "' AND json_extract(after, '$.upload_id') = " + id),
            1);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM audit_log WHERE after LIKE '%passport%' AND action LIKE 'case.%'"), 0);
  auto verified = admin_->VerifyAudit();
  ASSERT_TRUE(verified.ok());
  EXPECT_TRUE(verified->ok);
  for (const auto& p : verified->problems) ADD_FAILURE() << p.seq << ": " << p.problem;
}

TEST_F(PortalRoutesTest, ARequesterLookingAtTheirRequestsIsAudited) {
  Requester sam = SignIn("sam@example.org");
  std::string ref = MakeRequest(sam);
  ASSERT_FALSE(ref.empty());
  std::int64_t account = Count("SELECT id FROM portal_accounts WHERE email = 'sam@example.org'");
  const std::string actor = service::PortalService::ActorFor(account);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM audit_log WHERE action = 'case.view'"), 0);  // making it is not a look
  ASSERT_EQ(sam.client->Get("/api/portal/requests")->status, 200);
  ASSERT_EQ(sam.client->Get(("/api/portal/requests/" + ref).c_str())->status, 200);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM audit_log WHERE action = 'case.view' AND entity = 'case_access' AND actor = '" +
                  actor + "' AND entity_id = '" + ref + "'"),
            2);
  // Someone else's request is refused before anything is shown or recorded.
  Requester kim = SignIn("kim@example.org");
  EXPECT_EQ(kim.client->Get(("/api/portal/requests/" + ref).c_str())->status, 403);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM audit_log WHERE action = 'case.view'"), 2);
  auto verified = admin_->VerifyAudit();
  ASSERT_TRUE(verified.ok());
  EXPECT_TRUE(verified->ok);
  for (const auto& p : verified->problems) ADD_FAILURE() << p.seq << ": " << p.problem;
}

TEST_F(PortalRoutesTest, SignOutEndsThePortalSession) {
  Requester sam = SignIn("sam@example.org");
  auto out = sam.client->Delete("/api/portal/session");
  ASSERT_TRUE(out);
  EXPECT_EQ(out->status, 200);
  EXPECT_EQ(sam.client->Get("/api/portal/requests")->status, 401);
}

}  // namespace
}  // namespace sardesk::api
