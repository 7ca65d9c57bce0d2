#include "crypt/sealed.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

namespace sardesk::crypt {
namespace {

namespace fs = std::filesystem;

class SealedFileTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("sealed_test_" + std::to_string(::getpid()) + "_" +
                                        ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }
  std::string Slurp(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
  }
  fs::path dir_;
  DataKey key_ = DataKey::Generate();
};

std::string BigText(size_t n) {
  std::string s;
  while (s.size() < n) s += "Jane Example was seen at 12 Acacia Road on 3 March. ";
  s.resize(n);
  return s;
}

TEST_F(SealedFileTest, RoundTripsSizesAroundTheChunkBoundary) {
  for (size_t n : {size_t{0}, size_t{1}, kChunkBytes - 1, kChunkBytes, kChunkBytes + 1, 3 * kChunkBytes + 17}) {
    std::string plain = BigText(n);
    fs::path p = dir_ / ("f" + std::to_string(n));
    ASSERT_TRUE(SealToFile(key_, plain, p.string()).ok());
    EXPECT_TRUE(IsSealedFile(p.string()));
    auto back = OpenSealedFile(key_, p.string(), 1 << 30);
    ASSERT_TRUE(back.ok()) << back.status().message();
    EXPECT_EQ(*back, plain) << n;
  }
}

TEST_F(SealedFileTest, ThePlaintextIsNotOnDisk) {
  fs::path p = dir_ / "f";
  ASSERT_TRUE(SealToFile(key_, BigText(200000), p.string()).ok());
  std::string raw = Slurp(p);
  EXPECT_EQ(raw.find("Jane Example"), std::string::npos);
  EXPECT_EQ(raw.find("Acacia"), std::string::npos);
  EXPECT_EQ(fs::status(p).permissions() & (fs::perms::group_all | fs::perms::others_all), fs::perms::none);
}

TEST_F(SealedFileTest, SealsAndOpensFilesStreaming) {
  fs::path in = dir_ / "in", sealed = dir_ / "sealed", out = dir_ / "out";
  std::string plain = BigText(5 * kChunkBytes + 3);
  std::ofstream(in, std::ios::binary) << plain;
  ASSERT_TRUE(SealFile(key_, in.string(), sealed.string()).ok());
  ASSERT_TRUE(OpenSealedFileTo(key_, sealed.string(), out.string(), 1 << 30).ok());
  EXPECT_EQ(Slurp(out), plain);
}

TEST_F(SealedFileTest, AWrongKeyIsRefused) {
  fs::path p = dir_ / "f";
  ASSERT_TRUE(SealToFile(key_, "secret", p.string()).ok());
  auto back = OpenSealedFile(DataKey::Generate(), p.string(), 1000);
  ASSERT_FALSE(back.ok());
  EXPECT_NE(back.status().message().find("cannot be decrypted"), std::string::npos);
}

TEST_F(SealedFileTest, AChangedByteIsRefused) {
  fs::path p = dir_ / "f";
  ASSERT_TRUE(SealToFile(key_, BigText(1000), p.string()).ok());
  std::string raw = Slurp(p);
  raw[raw.size() / 2] = static_cast<char>(raw[raw.size() / 2] ^ 1);
  std::ofstream(p, std::ios::binary | std::ios::trunc) << raw;
  auto back = OpenSealedFile(key_, p.string(), 1 << 20);
  ASSERT_FALSE(back.ok());
  EXPECT_NE(back.status().message().find("altered"), std::string::npos);
}

TEST_F(SealedFileTest, TruncationAtAChunkBoundaryIsRefused) {
  fs::path p = dir_ / "f";
  ASSERT_TRUE(SealToFile(key_, BigText(3 * kChunkBytes), p.string()).ok());
  // Cut after the first sealed chunk: what is left authenticates, but the
  // final tag is missing.
  fs::resize_file(p, 8 + 24 + kChunkBytes + 17);
  auto back = OpenSealedFile(key_, p.string(), 1 << 30);
  ASSERT_FALSE(back.ok());
  EXPECT_NE(back.status().message().find("truncated"), std::string::npos);
}

TEST_F(SealedFileTest, AnUnsealedFileIsRefused) {
  fs::path p = dir_ / "f";
  std::ofstream(p, std::ios::binary) << "%PDF-1.7 plain";
  EXPECT_FALSE(IsSealedFile(p.string()));
  auto back = OpenSealedFile(key_, p.string(), 1000);
  ASSERT_FALSE(back.ok());
  EXPECT_NE(back.status().message().find("not encrypted"), std::string::npos);
}

TEST_F(SealedFileTest, TheSizeLimitHolds) {
  fs::path p = dir_ / "f";
  ASSERT_TRUE(SealToFile(key_, BigText(2 * kChunkBytes), p.string()).ok());
  auto back = OpenSealedFile(key_, p.string(), kChunkBytes);
  ASSERT_FALSE(back.ok());
  EXPECT_EQ(back.status().code(), ErrorCode::kTooLarge);
}

TEST(FieldCipher, RoundTripsAndHidesTheText) {
  FieldCipher c(DataKey::Generate());
  std::string sealed = c.Seal("Jane Example", "pages.text");
  EXPECT_TRUE(FieldCipher::IsSealed(sealed));
  EXPECT_EQ(sealed.find("Jane"), std::string::npos);
  EXPECT_NE(sealed, c.Seal("Jane Example", "pages.text"));  // a fresh nonce each time
  auto back = c.Open(sealed, "pages.text");
  ASSERT_TRUE(back.ok());
  EXPECT_EQ(*back, "Jane Example");
}

TEST(FieldCipher, AnotherColumnOrKeyIsRefused) {
  DataKey k = DataKey::Generate();
  FieldCipher c(k);
  std::string sealed = c.Seal("Jane Example", "pages.text");
  EXPECT_FALSE(c.Open(sealed, "redactions.text").ok());
  EXPECT_FALSE(FieldCipher(DataKey::Generate()).Open(sealed, "pages.text").ok());
  std::string tampered = sealed;
  tampered[10] = tampered[10] == 'A' ? 'B' : 'A';
  EXPECT_FALSE(c.Open(tampered, "pages.text").ok());
}

TEST(FieldCipher, UnsealedValuesPassThrough) {
  FieldCipher c(DataKey::Generate());
  auto back = c.Open("written before encryption", "pages.text");
  ASSERT_TRUE(back.ok());
  EXPECT_EQ(*back, "written before encryption");
}

TEST(FieldCipher, TheKeyCheckTellsKeysApart) {
  DataKey k = DataKey::Generate();
  std::string check = FieldCipher(k).MakeKeyCheck();
  EXPECT_TRUE(FieldCipher(k).MatchesKeyCheck(check));
  EXPECT_FALSE(FieldCipher(DataKey::Generate()).MatchesKeyCheck(check));
  EXPECT_FALSE(FieldCipher(k).MatchesKeyCheck("sardesk data folder key check"));
}

}  // namespace
}  // namespace sardesk::crypt
