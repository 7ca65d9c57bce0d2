#include "service/oidc_service.h"

#include <gtest/gtest.h>

#include "crypt/data_key.h"
#include "oidc/fake_provider.h"
#include "service/test_support.h"
#include "store/sqlite_store.h"

namespace sardesk::service {
namespace {

using nlohmann::json;
using oidc::testing::CallbackParams;
using oidc::testing::FakeProvider;
using testing::RawDb;

// Sign-in through a fake identity provider on loopback: real HTTP between
// sardesk's libcurl client and a cpp-httplib server, keys made by OpenSSL.
class OidcServiceTest : public testing::ServiceTest {
 protected:
  void SetUp() override {
    ServiceTest::SetUp();
    ctx_->time = &clock_;  // the fake signs tokens with the real time
    accounts_ = std::make_unique<AccountService>(ctx_.get(), auth::HashStrength::kMinimal);
    oidc_ = std::make_unique<OidcService>(ctx_.get(), accounts_.get(), http_.get());
    ASSERT_TRUE(oidc_->Load().ok());
    auto put = oidc_->UpdateSettings({{"enabled", true},
                                      {"issuer", idp_.issuer()},
                                      {"client_id", idp_.client_id},
                                      {"client_secret", kSecret},
                                      {"redirect_uri", "http://127.0.0.1:8080/api/session/oidc/callback"}},
                                     "alex.admin");
    ASSERT_TRUE(put.ok()) << put.status().ToString();
  }
  void TearDown() override {
    oidc_.reset();
    accounts_.reset();
    ServiceTest::TearDown();
  }

  // Starts a sign-in and plays the browser at the provider; the callback's parameters.
  std::map<std::string, std::string> ToProvider() {
    auto url = oidc_->Start();
    EXPECT_TRUE(url.ok()) << url.status().ToString();
    return url.ok() ? CallbackParams(idp_.Authorize(url->url)) : std::map<std::string, std::string>{};
  }
  Result<NewSession> SignIn() {
    auto back = ToProvider();
    return oidc_->Finish(back["code"], back["state"]);
  }
  std::int64_t Sessions() { return RawDb(path_).Int("SELECT COUNT(*) FROM sessions"); }

  static constexpr const char* kSecret = "client-secret-value-42";
  SystemTime clock_;
  FakeProvider idp_;
  std::unique_ptr<oidc::HttpClient> http_ = oidc::MakeCurlHttpClient();
  std::unique_ptr<AccountService> accounts_;
  std::unique_ptr<OidcService> oidc_;
};

TEST_F(OidcServiceTest, SignsInAnExistingUserWithTheNormalSession) {
  auto s = SignIn();
  ASSERT_TRUE(s.ok()) << s.status().ToString();
  EXPECT_EQ(s->user.username, "ava");
  EXPECT_EQ(s->user.role, "ig_officer");
  EXPECT_EQ(s->token.size(), 43u);
  EXPECT_FALSE(s->csrf_token.empty());
  auto live = accounts_->Authenticate(s->token);
  ASSERT_TRUE(live.ok()) << live.status().ToString();
  EXPECT_EQ(live->csrf_token, s->csrf_token);
  RawDb db(path_);
  EXPECT_EQ(db.Text("SELECT after FROM audit_log WHERE action = 'session.sign_in' ORDER BY seq DESC LIMIT 1"),
            R"({"method":"oidc"})");
  EXPECT_EQ(idp_.LastTokenForm().find("client_secret")->second, kSecret);
}

TEST_F(OidcServiceTest, PasswordSignInIsAuditedWithItsMethod) {
  ASSERT_TRUE(accounts_->SetPassword("ben", "a long passphrase", "admin").ok());
  ASSERT_TRUE(accounts_->SignIn("ben", "a long passphrase", "10.0.0.1").ok());
  EXPECT_EQ(RawDb(path_).Text("SELECT after FROM audit_log WHERE action = 'session.sign_in' ORDER BY seq DESC LIMIT 1"),
            R"({"method":"password"})");
}

TEST_F(OidcServiceTest, RefusesSpoiledTokensAndStartsNoSession) {
  struct Case {
    const char* name;
    std::function<void(FakeProvider::TokenPlan&)> spoil;
    const char* message;
  };
  std::vector<Case> cases = {
      {"wrong audience", [](auto& p) { p.claim_overrides = {{"aud", "another-app"}}; }, "the ID token was issued for another application"},
      {"wrong issuer", [](auto& p) { p.claim_overrides = {{"iss", "https://evil.example"}}; }, "the ID token was issued by another identity provider"},
      {"expired", [](auto& p) { p.claim_overrides = {{"exp", FakeProvider::Now() - 600}}; }, "the ID token has expired"},
      {"bad signature", [](auto& p) { p.bad_signature = true; }, "the ID token's signature is not valid"},
      {"wrong nonce", [](auto& p) { p.claim_overrides = {{"nonce", "someone-elses-nonce"}}; }, "the ID token's nonce does not match this sign-in"},
      {"alg none", [](auto& p) { p.alg = "none"; }, "the ID token's signature algorithm is not accepted (RS256 or ES256 only)"},
  };
  for (const auto& c : cases) {
    idp_.plan = {};
    c.spoil(idp_.plan);
    auto s = SignIn();
    ASSERT_FALSE(s.ok()) << c.name;
    EXPECT_EQ(s.status().code(), ErrorCode::kUnauthenticated) << c.name;
    EXPECT_EQ(s.status().message(), c.message) << c.name;
  }
  EXPECT_EQ(Sessions(), 0);
  EXPECT_EQ(RawDb(path_).Int("SELECT COUNT(*) FROM audit_log WHERE action = 'session.sign_in'"), 0);
}

TEST_F(OidcServiceTest, AStateWorksOnce) {
  auto back = ToProvider();
  auto first = oidc_->Finish(back["code"], back["state"]);
  ASSERT_TRUE(first.ok()) << first.status().ToString();
  auto replay = oidc_->Finish(back["code"], back["state"]);
  ASSERT_FALSE(replay.ok());
  EXPECT_EQ(replay.status().message(), "this sign-in has expired or was already used: start again");
  EXPECT_FALSE(oidc_->Finish(back["code"], "made-up-state").ok());
  EXPECT_FALSE(oidc_->Finish(back["code"], "").ok());
  EXPECT_EQ(Sessions(), 1);
}

// A sign-in under way outlives the process that started it: the state
// (as a digest), nonce and verifier are in the database, the latter two
// sealed with the data folder's key (migration 14).
TEST_F(OidcServiceTest, ASignInStartedBeforeARestartFinishesAfterIt) {
  const crypt::DataKey key = crypt::DataKey::Generate();
  const std::string db = dir_ + "/encrypted.db";
  // The first process: settings, then the start; the browser goes to the provider.
  std::map<std::string, std::string> back;
  {
    auto opened = store::OpenSqliteStore(db, &key);
    ASSERT_TRUE(opened.ok()) << opened.status().ToString();
    ServiceContext ctx;
    ctx.store = opened->get();
    ctx.time = &clock_;
    ASSERT_TRUE(LoadContext(&ctx).ok());
    AdminService admin(&ctx);
    ASSERT_TRUE(admin.PutUser({{"username", "ava"}, {"display_name", "Ava"}, {"role", "ig_officer"}}, "admin").ok());
    AccountService accounts(&ctx, auth::HashStrength::kMinimal);
    OidcService first(&ctx, &accounts, http_.get());
    ASSERT_TRUE(first.Load().ok());
    ASSERT_TRUE(first.UpdateSettings({{"enabled", true},
                                      {"issuer", idp_.issuer()},
                                      {"client_id", idp_.client_id},
                                      {"client_secret", kSecret},
                                      {"redirect_uri", "http://127.0.0.1:8080/api/session/oidc/callback"}},
                                     "alex.admin")
                    .ok());
    auto url = first.Start();
    ASSERT_TRUE(url.ok()) << url.status().ToString();
    back = CallbackParams(idp_.Authorize(url->url));
  }
  {
    RawDb raw(db);
    EXPECT_EQ(raw.Int("SELECT COUNT(*) FROM oidc_pending"), 1);
    EXPECT_EQ(raw.Int("SELECT COUNT(*) FROM oidc_pending WHERE state_hash = '" + back["state"] + "'"), 0);
    EXPECT_EQ(raw.Int("SELECT COUNT(*) FROM oidc_pending WHERE nonce LIKE 'sd1:%' AND verifier LIKE 'sd1:%'"), 1);
  }
  // A new process over the same file finishes it, once.
  auto opened = store::OpenSqliteStore(db, &key);
  ASSERT_TRUE(opened.ok()) << opened.status().ToString();
  ServiceContext ctx;
  ctx.store = opened->get();
  ctx.time = &clock_;
  ASSERT_TRUE(LoadContext(&ctx).ok());
  AccountService accounts(&ctx, auth::HashStrength::kMinimal);
  OidcService second(&ctx, &accounts, http_.get());
  ASSERT_TRUE(second.Load().ok());
  auto s = second.Finish(back["code"], back["state"]);
  ASSERT_TRUE(s.ok()) << s.status().ToString();
  EXPECT_EQ(s->user.username, "ava");
  auto replay = second.Finish(back["code"], back["state"]);
  ASSERT_FALSE(replay.ok());
  EXPECT_EQ(replay.status().message(), "this sign-in has expired or was already used: start again");
  EXPECT_EQ(RawDb(db).Int("SELECT COUNT(*) FROM oidc_pending"), 0);
}

TEST_F(OidcServiceTest, ASignInOlderThanTenMinutesIsRefusedAndRemoved) {
  auto back = ToProvider();
  RawDb(path_).Exec("UPDATE oidc_pending SET created_at = created_at - 601");
  auto late = oidc_->Finish(back["code"], back["state"]);
  ASSERT_FALSE(late.ok());
  EXPECT_EQ(late.status().message(), "this sign-in has expired or was already used: start again");
  EXPECT_EQ(RawDb(path_).Int("SELECT COUNT(*) FROM oidc_pending"), 0);
  EXPECT_EQ(Sessions(), 0);
}

TEST_F(OidcServiceTest, ChangingTheSettingsCancelsSignInsUnderWay) {
  auto back = ToProvider();
  ASSERT_TRUE(oidc_->UpdateSettings({{"button_label", "Council sign-in"}}, "alex.admin").ok());
  EXPECT_EQ(RawDb(path_).Int("SELECT COUNT(*) FROM oidc_pending"), 0);
  EXPECT_FALSE(oidc_->Finish(back["code"], back["state"]).ok());
}

TEST_F(OidcServiceTest, AnUnknownUserIsRefusedNotCreated) {
  idp_.username = "zoe.stranger";
  auto s = SignIn();
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.status().code(), ErrorCode::kPermissionDenied);
  EXPECT_EQ(s.status().message(), "no sardesk account matches your council account: ask an administrator to add you");
  EXPECT_EQ(RawDb(path_).Int("SELECT COUNT(*) FROM users WHERE username = 'zoe.stranger'"), 0);
  EXPECT_EQ(Sessions(), 0);
}

TEST_F(OidcServiceTest, AnInactiveUserIsRefused) {
  auto put = admin_->PutUser({{"username", "ben"}, {"display_name", "ben"}, {"role", "ig_officer"}, {"active", false}}, "admin");
  ASSERT_TRUE(put.ok()) << put.status().ToString();
  idp_.username = "ben";
  auto s = SignIn();
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.status().message(), "your sardesk account is not active: ask an administrator");
  EXPECT_EQ(Sessions(), 0);
}

TEST_F(OidcServiceTest, MapsTheConfiguredClaimCaseInsensitively) {
  ASSERT_TRUE(oidc_->UpdateSettings({{"username_claim", "email"}}, "alex.admin").ok());
  idp_.plan.claim_overrides = {{"email", "Cara"}, {"preferred_username", "ava"}};
  auto s = SignIn();
  ASSERT_TRUE(s.ok()) << s.status().ToString();
  EXPECT_EQ(s->user.username, "cara");
  idp_.plan.claim_overrides = {{"email", nullptr}};
  auto missing = SignIn();
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.status().message(), "your council account did not send email: ask an administrator");
}

TEST_F(OidcServiceTest, TheSecretIsNeverReturnedNorAudited) {
  json shown = oidc_->SettingsJson();
  EXPECT_FALSE(shown.contains("client_secret"));
  EXPECT_EQ(shown["client_secret_set"], true);
  EXPECT_EQ(shown.dump().find(kSecret), std::string::npos);
  RawDb db(path_);
  EXPECT_EQ(db.Int(std::string("SELECT COUNT(*) FROM audit_log WHERE after LIKE '%") + kSecret + "%' OR before LIKE '%" + kSecret + "%'"), 0);
  EXPECT_EQ(db.Text("SELECT after FROM audit_log WHERE action = 'settings.oidc'").find("\"client_secret_changed\":true") != std::string::npos, true);
  // A restart reads the stored settings back.
  OidcService again(ctx_.get(), accounts_.get(), http_.get());
  ASSERT_TRUE(again.Load().ok());
  EXPECT_EQ(again.SettingsJson(), shown);
}

TEST_F(OidcServiceTest, SettingsAreValidated) {
  auto bad = [&](json patch) {
    auto r = oidc_->UpdateSettings(patch, "alex.admin");
    return r.ok() ? std::string("accepted") : r.status().message();
  };
  EXPECT_EQ(bad({{"issuer", "http://login.example"}}), "issuer: an https address, e.g. https://login.microsoftonline.com/{tenant}/v2.0");
  EXPECT_EQ(bad({{"redirect_uri", "https://sardesk.example/elsewhere"}}), "redirect_uri: must end /api/session/oidc/callback");
  EXPECT_EQ(bad({{"scopes", "profile"}}), "scopes: must include openid");
  EXPECT_EQ(bad({{"username_claim", "a b"}}), "username_claim: a claim name such as preferred_username or email");
  EXPECT_EQ(bad({{"colour", "red"}}), "colour: not an OpenID Connect setting");
  EXPECT_EQ(bad({{"enabled", "yes"}}), "enabled: true or false");
  EXPECT_EQ(bad({{"enabled", false}, {"local_passwords", false}}),
            "local_passwords: can be turned off only while OpenID Connect sign-in is enabled");
}

TEST_F(OidcServiceTest, TurningOffPasswordsLeavesOnlyAdministrators) {
  ASSERT_TRUE(admin_->PutUser({{"username", "alex.admin"}, {"display_name", "Alex"}, {"role", "administrator"}}, "admin").ok());
  ASSERT_TRUE(accounts_->SetPassword("ava", "a long passphrase", "admin").ok());
  ASSERT_TRUE(accounts_->SetPassword("alex.admin", "a long passphrase", "admin").ok());
  ASSERT_TRUE(oidc_->UpdateSettings({{"local_passwords", false}}, "alex.admin").ok());
  EXPECT_EQ(oidc_->Methods(), (json{{"password", false}, {"oidc", true}, {"oidc_label", "Sign in with your council account"}}));
  auto officer = accounts_->SignIn("ava", "a long passphrase", "10.0.0.1");
  ASSERT_FALSE(officer.ok());
  EXPECT_EQ(officer.status().code(), ErrorCode::kPermissionDenied);
  auto wrong = accounts_->SignIn("ava", "not the passphrase", "10.0.0.1");
  EXPECT_EQ(wrong.status().code(), ErrorCode::kUnauthenticated);  // tells a guesser nothing new
  EXPECT_TRUE(accounts_->SignIn("alex.admin", "a long passphrase", "10.0.0.1").ok());
  EXPECT_TRUE(SignIn().ok());
}

TEST_F(OidcServiceTest, NotConfiguredMeansNoStart) {
  ASSERT_TRUE(oidc_->UpdateSettings({{"enabled", false}}, "alex.admin").ok());
  EXPECT_EQ(oidc_->Methods()["oidc"], false);
  EXPECT_EQ(oidc_->Start().status().code(), ErrorCode::kFailedPrecondition);
}

}  // namespace
}  // namespace sardesk::service
