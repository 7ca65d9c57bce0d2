#include "oidc/provider.h"

#include <gtest/gtest.h>

#include "oidc/fake_provider.h"

namespace sardesk::oidc {
namespace {

using testing::CallbackParams;
using testing::FakeProvider;

// Real HTTP between the libcurl client and the fake provider on loopback.
class ProviderTest : public ::testing::Test {
 protected:
  void SetUp() override {
    config_.issuer = idp_.issuer();
    config_.client_id = idp_.client_id;
    config_.client_secret = "s3cret";
    config_.redirect_uri = "http://127.0.0.1:9/api/session/oidc/callback";
  }
  // Runs the flow to the code exchange; returns the claims or the error.
  Result<nlohmann::json> SignIn() {
    auto request = NewAuthorizationRequest();
    auto url = provider_.AuthorizationUrl(config_, request, FakeProvider::Now());
    if (!url.ok()) return url.status();
    auto back = CallbackParams(idp_.Authorize(*url));
    EXPECT_EQ(back["state"], request.state);
    return provider_.ExchangeCode(config_, back["code"], request, FakeProvider::Now());
  }

  FakeProvider idp_;
  std::unique_ptr<HttpClient> http_ = MakeCurlHttpClient();
  Provider provider_{http_.get()};
  ProviderConfig config_;
};

TEST_F(ProviderTest, CodeFlowWithPkceReturnsVerifiedClaims) {
  auto claims = SignIn();
  ASSERT_TRUE(claims.ok()) << claims.status().ToString();
  EXPECT_EQ((*claims)["preferred_username"], "ava");
  auto auth = idp_.LastAuthorize();
  EXPECT_EQ(auth.find("code_challenge_method")->second, "S256");
  EXPECT_EQ(auth.find("scope")->second, "openid profile email");
  auto form = idp_.LastTokenForm();
  EXPECT_EQ(form.find("client_secret")->second, "s3cret");
  EXPECT_EQ(form.find("grant_type")->second, "authorization_code");
}

TEST_F(ProviderTest, CachesDiscoveryAndKeys) {
  ASSERT_TRUE(SignIn().ok());
  ASSERT_TRUE(SignIn().ok());
  EXPECT_EQ(idp_.Requests("discovery"), 1);
  EXPECT_EQ(idp_.Requests("keys"), 1);
}

TEST_F(ProviderTest, Es256TokensVerify) {
  idp_.plan.alg = "ES256";
  auto claims = SignIn();
  EXPECT_TRUE(claims.ok()) << claims.status().ToString();
}

TEST_F(ProviderTest, RefusesWhatAnAttackerCouldSend) {
  struct Case {
    const char* name;
    std::function<void(FakeProvider::TokenPlan&)> spoil;
    const char* message;
  };
  std::vector<Case> cases = {
      {"wrong audience", [](auto& p) { p.claim_overrides = {{"aud", "someone-else"}}; }, "issued for another application"},
      {"wrong issuer", [](auto& p) { p.claim_overrides = {{"iss", "https://login.example"}}; }, "another identity provider"},
      {"expired", [](auto& p) { p.claim_overrides = {{"exp", FakeProvider::Now() - 3600}}; }, "has expired"},
      {"bad signature", [](auto& p) { p.bad_signature = true; }, "signature is not valid"},
      {"foreign key", [](auto& p) { p.foreign_key = true; }, "signature is not valid"},
      {"wrong nonce", [](auto& p) { p.claim_overrides = {{"nonce", "replayed"}}; }, "nonce does not match"},
      {"alg none", [](auto& p) { p.alg = "none"; }, "algorithm is not accepted"},
  };
  for (const auto& c : cases) {
    idp_.plan = {};
    c.spoil(idp_.plan);
    auto r = SignIn();
    ASSERT_FALSE(r.ok()) << c.name;
    EXPECT_EQ(r.status().code(), ErrorCode::kUnauthenticated) << c.name;
    EXPECT_NE(r.status().message().find(c.message), std::string::npos) << c.name << ": " << r.status().message();
  }
}

TEST_F(ProviderTest, AWrongVerifierIsRefusedByTheProvider) {
  auto request = NewAuthorizationRequest();
  auto url = provider_.AuthorizationUrl(config_, request, FakeProvider::Now());
  ASSERT_TRUE(url.ok());
  auto back = CallbackParams(idp_.Authorize(*url));
  request.code_verifier = RandomUrlToken(48);
  auto r = provider_.ExchangeCode(config_, back["code"], request, FakeProvider::Now());
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().message(), "the identity provider refused the sign-in (invalid_grant)");
}

TEST_F(ProviderTest, DiscoveryMustNameTheConfiguredIssuer) {
  config_.issuer = idp_.issuer() + "/";
  auto r = provider_.AuthorizationUrl(config_, NewAuthorizationRequest(), FakeProvider::Now());
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find("another issuer"), std::string::npos);
}

TEST(ProviderUrls, OnlyHttpsOrLoopback) {
  EXPECT_TRUE(AllowedProviderUrl("https://login.microsoftonline.com/x/v2.0"));
  EXPECT_TRUE(AllowedProviderUrl("http://127.0.0.1:8000"));
  EXPECT_FALSE(AllowedProviderUrl("http://login.example"));
  EXPECT_FALSE(AllowedProviderUrl("http://127.0.0.1.evil.example/"));
  EXPECT_FALSE(AllowedProviderUrl("file:///etc/passwd"));
  EXPECT_FALSE(AllowedProviderUrl("https://a b"));
}

TEST(ProviderUrls, AnUnreachableProviderIsAClearError) {
  auto http = MakeCurlHttpClient({2, 1 << 20});
  Provider p(http.get());
  auto r = p.Discover("http://127.0.0.1:1", FakeProvider::Now());
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find("cannot reach the identity provider"), std::string::npos);
}

}  // namespace
}  // namespace sardesk::oidc
