#include "auth/crypto.h"

#include <set>

#include <gtest/gtest.h>

namespace sardesk::auth {
namespace {

TEST(HashPassword, IsArgon2idAndVerifiesOnlyTheSamePassword) {
  auto hash = HashPassword("correct horse", HashStrength::kMinimal);
  ASSERT_TRUE(hash.ok()) << hash.status().ToString();
  EXPECT_EQ(hash->rfind("$argon2id$", 0), 0u) << *hash;
  EXPECT_EQ(hash->find("correct horse"), std::string::npos);
  EXPECT_TRUE(VerifyPassword(*hash, "correct horse"));
  EXPECT_FALSE(VerifyPassword(*hash, "correct horse "));
  EXPECT_FALSE(VerifyPassword(*hash, ""));
}

TEST(HashPassword, SaltsEachHash) {
  auto a = HashPassword("same", HashStrength::kMinimal);
  auto b = HashPassword("same", HashStrength::kMinimal);
  ASSERT_TRUE(a.ok() && b.ok());
  EXPECT_NE(*a, *b);
  EXPECT_TRUE(VerifyPassword(*b, "same"));
}

TEST(HashPassword, InteractiveStrengthRecordsItsCost) {
  auto hash = HashPassword("pw", HashStrength::kInteractive);
  ASSERT_TRUE(hash.ok());
  EXPECT_NE(hash->find("m=65536"), std::string::npos) << *hash;  // 64 MiB
  EXPECT_TRUE(VerifyPassword(*hash, "pw"));
}

TEST(HashPassword, RefusesAnAbsurdlyLongPassword) {
  EXPECT_FALSE(HashPassword(std::string(2000, 'x'), HashStrength::kMinimal).ok());
}

TEST(VerifyPassword, IsFalseForAMalformedOrEmptyHash) {
  EXPECT_FALSE(VerifyPassword("", "x"));
  EXPECT_FALSE(VerifyPassword("$argon2id$nonsense", "x"));
  EXPECT_FALSE(VerifyPassword(std::string(500, 'a'), "x"));
}

TEST(RandomToken, Is256BitsOfUrlSafeText) {
  std::set<std::string> seen;
  for (int i = 0; i < 100; ++i) {
    std::string t = RandomToken();
    EXPECT_EQ(t.size(), 43u);
    EXPECT_EQ(t.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"), std::string::npos);
    seen.insert(t);
  }
  EXPECT_EQ(seen.size(), 100u);
}

TEST(TokenDigest, IsStableHexAndDiffersPerToken) {
  EXPECT_EQ(TokenDigest("abc"), TokenDigest("abc"));
  EXPECT_NE(TokenDigest("abc"), TokenDigest("abd"));
  EXPECT_EQ(TokenDigest("abc").size(), 64u);
  EXPECT_EQ(TokenDigest("abc").find("abc"), std::string::npos);
}

TEST(ConstantTimeEquals, ComparesWholeStrings) {
  EXPECT_TRUE(ConstantTimeEquals("token", "token"));
  EXPECT_FALSE(ConstantTimeEquals("token", "tokem"));
  EXPECT_FALSE(ConstantTimeEquals("token", "token2"));
  EXPECT_FALSE(ConstantTimeEquals("", "x"));
}

}  // namespace
}  // namespace sardesk::auth
