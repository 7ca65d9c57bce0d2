// The OpenID Connect routes over real HTTP: a browser (an httplib client
// that does not follow redirects) between sardesk and a fake identity
// provider on loopback.
#include "api/oidc_routes.h"

#include <gtest/gtest.h>
#include <httplib.h>
#include <spdlog/spdlog.h>

#include <filesystem>
#include <thread>

#include <nlohmann/json.hpp>

#include "api/http_api.h"
#include "api/test_sign_in.h"
#include "common/clock_source.h"
#include "oidc/fake_provider.h"
#include "store/sqlite_store.h"

namespace sardesk::api {
namespace {

using nlohmann::json;
using oidc::testing::FakeProvider;

// The value of cookie `name` among a response's Set-Cookie headers.
std::string SetCookie(const httplib::Result& res, const std::string& name) {
  for (size_t i = 0; i < res->get_header_value_count("Set-Cookie"); ++i) {
    std::string c = res->get_header_value("Set-Cookie", i);
    if (c.rfind(name + "=", 0) == 0) return c.substr(name.size() + 1, c.find(';') - name.size() - 1);
  }
  return "(none)";
}

class OidcRoutesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    spdlog::set_level(spdlog::level::warn);
    std::string tmpl = (std::filesystem::temp_directory_path() / "sardesk-oidc-test-XXXXXX").string();
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
    for (const auto& [name, role] : {std::pair{"ava", "ig_officer"}, std::pair{"alex", "administrator"}})
      ASSERT_TRUE(admin_->PutUser({{"username", name}, {"display_name", name}, {"role", role}}, "setup").ok());
    accounts_ = std::make_unique<service::AccountService>(&ctx_, auth::HashStrength::kMinimal);
    oidc_ = std::make_unique<service::OidcService>(&ctx_, accounts_.get(), http_.get());
    ASSERT_TRUE(oidc_->Load().ok());
    api_ = std::make_unique<HttpApi>(cases_.get(), searches_.get(), admin_.get());
    api_->SetAccounts(accounts_.get(), false);
    api_->SetOidc(oidc_.get());
    auto port = api_->Bind("127.0.0.1", 0);
    ASSERT_TRUE(port.ok());
    port_ = *port;
    server_ = std::thread([this] { api_->Serve(); });
    browser_ = std::make_unique<httplib::Client>("127.0.0.1", port_);
    ASSERT_TRUE(browser_->Get("/api/health"));
    admin_client_ = std::make_unique<httplib::Client>("127.0.0.1", port_);
    ASSERT_NO_FATAL_FAILURE(testing::SignInClient(*admin_client_, *accounts_, "alex"));
  }
  void TearDown() override {
    if (api_) api_->Stop();
    if (server_.joinable()) server_.join();
    api_.reset();
    oidc_.reset();
    accounts_.reset();
    searches_.reset();
    admin_.reset();
    cases_.reset();
    store_.reset();
    std::error_code ec;
    std::filesystem::remove_all(dir_, ec);
  }

  void Configure() {
    json settings = {{"enabled", true},
                     {"issuer", idp_.issuer()},
                     {"client_id", idp_.client_id},
                     {"client_secret", "top-secret"},
                     {"redirect_uri", "http://127.0.0.1:" + std::to_string(port_) + "/api/session/oidc/callback"}};
    auto res = admin_client_->Patch("/api/settings/oidc", settings.dump(), "application/json");
    ASSERT_TRUE(res);
    ASSERT_EQ(res->status, 200) << res->body;
  }

  // The browser's way to the provider and back; the callback path and the state cookie.
  std::pair<std::string, std::string> ToProviderAndBack() {
    auto start = browser_->Get("/api/session/oidc/start");
    EXPECT_TRUE(start);
    if (!start) return {};
    EXPECT_EQ(start->status, 302) << start->body;
    std::string back = idp_.Authorize(start->get_header_value("Location"));
    std::string prefix = "http://127.0.0.1:" + std::to_string(port_);
    EXPECT_EQ(back.rfind(prefix + "/api/session/oidc/callback?", 0), 0u) << back;
    return {back.substr(prefix.size()), SetCookie(start, kOidcStateCookie)};
  }

  SystemTime time_;
  std::filesystem::path dir_;
  std::unique_ptr<store::Store> store_;
  service::ServiceContext ctx_{};
  std::unique_ptr<service::CaseService> cases_;
  std::unique_ptr<service::AdminService> admin_;
  std::unique_ptr<service::SearchService> searches_;
  std::unique_ptr<service::AccountService> accounts_;
  FakeProvider idp_;
  std::unique_ptr<oidc::HttpClient> http_ = oidc::MakeCurlHttpClient();
  std::unique_ptr<service::OidcService> oidc_;
  std::unique_ptr<HttpApi> api_;
  int port_ = 0;
  std::thread server_;
  std::unique_ptr<httplib::Client> browser_;
  std::unique_ptr<httplib::Client> admin_client_;
};

TEST_F(OidcRoutesTest, MethodsArePublicAndFollowTheSettings) {
  auto before = browser_->Get("/api/session/methods");
  ASSERT_TRUE(before);
  EXPECT_EQ(json::parse(before->body), (json{{"password", true}, {"oidc", false}, {"oidc_label", ""}}));
  Configure();
  auto after = browser_->Get("/api/session/methods");
  EXPECT_EQ(json::parse(after->body)["oidc"], true);
}

TEST_F(OidcRoutesTest, OnlyAnAdministratorSeesOrChangesTheSettingsAndNeverTheSecret) {
  Configure();
  auto shown = admin_client_->Get("/api/settings/oidc");
  ASSERT_TRUE(shown);
  EXPECT_EQ(shown->status, 200);
  EXPECT_EQ(shown->body.find("top-secret"), std::string::npos);
  EXPECT_EQ(json::parse(shown->body)["client_secret_set"], true);
  httplib::Client officer("127.0.0.1", port_);
  ASSERT_NO_FATAL_FAILURE(testing::SignInClient(officer, *accounts_, "ava"));
  EXPECT_EQ(officer.Get("/api/settings/oidc")->status, 403);
  EXPECT_EQ(officer.Patch("/api/settings/oidc", R"({"enabled":false})", "application/json")->status, 403);
  EXPECT_EQ(browser_->Get("/api/settings/oidc")->status, 401);
}

TEST_F(OidcRoutesTest, TheCallbackIssuesTheNormalSession) {
  Configure();
  auto [callback, state_cookie] = ToProviderAndBack();
  auto res = browser_->Get(callback, {{"Cookie", std::string(kOidcStateCookie) + "=" + state_cookie}});
  ASSERT_TRUE(res);
  ASSERT_EQ(res->status, 200) << res->body;
  EXPECT_NE(res->body.find("http-equiv=\"refresh\""), std::string::npos);
  std::string token = SetCookie(res, kSessionCookie);
  ASSERT_EQ(token.size(), 43u);
  EXPECT_EQ(SetCookie(res, kOidcStateCookie), "");  // the state cookie is cleared
  auto me = browser_->Get("/api/session", {{"Cookie", std::string(kSessionCookie) + "=" + token}});
  ASSERT_TRUE(me);
  ASSERT_EQ(me->status, 200) << me->body;
  json body = json::parse(me->body);
  EXPECT_EQ(body["user"]["username"], "ava");
  EXPECT_FALSE(body["csrf_token"].get<std::string>().empty());
  // The same code and state again: refused, no second session.
  auto replay = browser_->Get(callback, {{"Cookie", std::string(kOidcStateCookie) + "=" + state_cookie}});
  EXPECT_EQ(replay->status, 401);
  EXPECT_NE(replay->body.find("already used"), std::string::npos);
}

TEST_F(OidcRoutesTest, TheCallbackEndsTheSessionTheBrowserBrought) {
  Configure();
  ASSERT_TRUE(accounts_->SetPassword("ava", testing::kTestPassword, "test").ok());
  auto signed_in = accounts_->SignIn("ava", testing::kTestPassword, "127.0.0.1");
  ASSERT_TRUE(signed_in.ok());
  auto [callback, state_cookie] = ToProviderAndBack();
  auto res = browser_->Get(callback, {{"Cookie", std::string(kOidcStateCookie) + "=" + state_cookie + "; " +
                                                     kSessionCookie + "=" + signed_in->token}});
  ASSERT_EQ(res->status, 200) << res->body;
  EXPECT_FALSE(accounts_->Authenticate(signed_in->token).ok());
}

TEST_F(OidcRoutesTest, ACallbackFromAnotherBrowserIsRefused) {
  Configure();
  auto [callback, state_cookie] = ToProviderAndBack();
  auto res = browser_->Get(callback);  // no state cookie: not the browser that started
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 401);
  EXPECT_NE(res->body.find("not started in this browser"), std::string::npos);
  EXPECT_EQ(SetCookie(res, kSessionCookie), "(none)");
}

TEST_F(OidcRoutesTest, ProviderErrorsAndUnknownUsersGetAPageWithoutDetails) {
  Configure();
  auto denied = browser_->Get("/api/session/oidc/callback?error=access_denied&error_description=user%20jane%40x");
  ASSERT_TRUE(denied);
  EXPECT_EQ(denied->status, 401);
  EXPECT_NE(denied->body.find("(access_denied)"), std::string::npos);
  EXPECT_EQ(denied->body.find("jane"), std::string::npos);
  idp_.username = "<script>zoe</script>";
  auto [callback, state_cookie] = ToProviderAndBack();
  auto res = browser_->Get(callback, {{"Cookie", std::string(kOidcStateCookie) + "=" + state_cookie}});
  EXPECT_EQ(res->status, 403);
  EXPECT_NE(res->body.find("no sardesk account matches your council account"), std::string::npos);
  EXPECT_EQ(res->body.find("<script>"), std::string::npos);
}

TEST_F(OidcRoutesTest, StartWithoutSettingsSaysSo) {
  auto res = browser_->Get("/api/session/oidc/start");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 422);
  EXPECT_NE(res->body.find("not set up"), std::string::npos);
}

}  // namespace
}  // namespace sardesk::api
