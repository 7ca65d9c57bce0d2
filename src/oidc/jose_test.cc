#include "oidc/jose.h"

#include <gtest/gtest.h>

#include "oidc/fake_provider.h"
#include "oidc/id_token.h"

namespace sardesk::oidc {
namespace {

using nlohmann::json;

TEST(Base64Url, RoundTripsEveryLength) {
  std::string bytes;
  for (int i = 0; i < 40; ++i) {
    auto back = Base64UrlDecode(Base64UrlEncode(bytes));
    ASSERT_TRUE(back.ok());
    EXPECT_EQ(*back, bytes);
    bytes += static_cast<char>(i * 37 + 250);
  }
  EXPECT_EQ(Base64UrlEncode("\xfb\xff"), "-_8");
}

TEST(Base64Url, RefusesOtherAlphabets) {
  EXPECT_FALSE(Base64UrlDecode("ab+/").ok());
  EXPECT_FALSE(Base64UrlDecode("a b").ok());
  EXPECT_FALSE(Base64UrlDecode("abcde").ok());
}

TEST(Pkce, ChallengeIsTheRfc7636Example) {
  // RFC 7636 appendix B.
  EXPECT_EQ(PkceChallenge("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk"), "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM");
}

TEST(Jwks, ReadsRsaAndEcKeysAndSkipsOthers) {
  testing::FakeProvider idp;
  json set = idp.Jwks();
  set["keys"].push_back({{"kty", "oct"}, {"k", "c2VjcmV0"}});
  set["keys"].push_back({{"kty", "EC"}, {"crv", "P-384"}, {"x", "AA"}, {"y", "AA"}});
  set["keys"].push_back({{"kty", "RSA"}, {"n", 5}, {"e", "AQAB"}});
  auto keys = ParseJwks(set);
  ASSERT_TRUE(keys.ok()) << keys.status().ToString();
  ASSERT_EQ(keys->size(), 2u);
  EXPECT_EQ((*keys)[0].kty(), "RSA");
  EXPECT_EQ((*keys)[1].kid(), "ec-1");
  EXPECT_FALSE(ParseJwks(json::array()).ok());
}

TEST(Jwks, RefusesAnEcPointOffTheCurve) {
  testing::FakeProvider idp;
  json set = idp.Jwks();
  json ec = set["keys"][1];
  auto y = Base64UrlDecode(ec["y"].get<std::string>());
  ASSERT_TRUE(y.ok());
  (*y)[31] = static_cast<char>((*y)[31] ^ 1);
  ec["y"] = Base64UrlEncode(*y);
  auto keys = ParseJwks(json{{"keys", {ec}}});
  ASSERT_TRUE(keys.ok());
  EXPECT_TRUE(keys->empty());
}

class IdTokenTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto keys = ParseJwks(idp_.Jwks());
    ASSERT_TRUE(keys.ok());
    keys_ = *keys;
    expect_ = {idp_.issuer(), idp_.client_id, "nonce-1", testing::FakeProvider::Now()};
  }
  json Claims() const {
    return {{"iss", idp_.issuer()}, {"aud", idp_.client_id}, {"sub", "s"}, {"iat", expect_.now},
            {"exp", expect_.now + 300}, {"nonce", "nonce-1"}, {"preferred_username", "ava"}};
  }
  Result<VerifiedToken> Verify(const json& claims, TokenProblem* problem = nullptr) {
    return VerifyIdToken(idp_.MakeToken(claims), keys_, expect_, problem);
  }

  testing::FakeProvider idp_;
  std::vector<PublicKey> keys_;
  IdTokenExpectations expect_;
};

TEST_F(IdTokenTest, AcceptsRs256AndEs256) {
  auto rs = Verify(Claims());
  ASSERT_TRUE(rs.ok()) << rs.status().ToString();
  EXPECT_EQ(rs->claims["preferred_username"], "ava");
  idp_.plan.alg = "ES256";
  auto es = Verify(Claims());
  ASSERT_TRUE(es.ok()) << es.status().ToString();
}

TEST_F(IdTokenTest, RefusesAlgNoneAndHmac) {
  idp_.plan.alg = "none";
  auto none = Verify(Claims());
  ASSERT_FALSE(none.ok());
  EXPECT_NE(none.status().message().find("algorithm"), std::string::npos);
  idp_.plan.alg = "HS256";
  EXPECT_FALSE(Verify(Claims()).ok());
}

TEST_F(IdTokenTest, RefusesATamperedPayload) {
  std::string token = idp_.MakeToken(Claims());
  size_t a = token.find('.'), b = token.rfind('.');
  json forged = Claims();
  forged["preferred_username"] = "cara";
  std::string spoiled = token.substr(0, a + 1) + Base64UrlEncode(forged.dump()) + token.substr(b);
  auto r = VerifyIdToken(spoiled, keys_, expect_);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().message(), "the ID token's signature is not valid");
}

TEST_F(IdTokenTest, UnknownKidSaysSo) {
  std::string token = idp_.MakeToken(Claims());
  auto header = PeekHeader(token);
  ASSERT_TRUE(header.ok());
  EXPECT_EQ((*header)["kid"], "rsa-1");
  std::vector<PublicKey> only_ec;
  for (const auto& k : keys_)
    if (k.kty() == "EC") only_ec.push_back(k);
  TokenProblem problem = TokenProblem::kNone;
  EXPECT_FALSE(VerifyIdToken(token, only_ec, expect_, &problem).ok());
  EXPECT_EQ(problem, TokenProblem::kUnknownKey);
}

TEST_F(IdTokenTest, ChecksTheClaims) {
  auto with = [&](const char* key, json value) {
    json c = Claims();
    if (value.is_null()) c.erase(key);
    else c[key] = value;
    auto r = Verify(c);
    return r.ok() ? std::string("accepted") : r.status().message();
  };
  EXPECT_EQ(with("iss", "https://evil.example"), "the ID token was issued by another identity provider");
  EXPECT_EQ(with("aud", "another-app"), "the ID token was issued for another application");
  EXPECT_EQ(with("aud", json::array({"another-app", idp_.client_id})), "the ID token was issued for another application");
  EXPECT_EQ(with("aud", json::array({idp_.client_id})), "accepted");
  EXPECT_EQ(with("exp", expect_.now - 121), "the ID token has expired");
  EXPECT_EQ(with("exp", expect_.now - 60), "accepted");  // within the leeway
  EXPECT_EQ(with("iat", expect_.now + 600), "the ID token was issued in the future: check the server's clock");
  EXPECT_EQ(with("iat", expect_.now - 7200), "the ID token is too old");
  EXPECT_EQ(with("nonce", "nonce-2"), "the ID token's nonce does not match this sign-in");
  EXPECT_EQ(with("nonce", nullptr), "the ID token's nonce does not match this sign-in");
  EXPECT_EQ(with("exp", "soon"), "the ID token has no exp or iat");
}

TEST_F(IdTokenTest, RefusesMalformedTokens) {
  for (const std::string& t : std::vector<std::string>{"", "a.b", "a.b.c.d", "!!!.e30.AA", std::string(20000, 'a')}) {
    auto r = VerifyIdToken(t, keys_, expect_);
    EXPECT_FALSE(r.ok()) << t.substr(0, 20);
  }
}

}  // namespace
}  // namespace sardesk::oidc
