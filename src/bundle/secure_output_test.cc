#include "bundle/secure_output.h"

#include <gtest/gtest.h>

#include <fstream>
#include <set>

#include "bundle/bundle_test_support.h"

namespace sardesk::bundle {
namespace {

TEST(ReleasePassword, IsLongRandomAndReadable) {
  std::set<std::string> seen;
  for (int i = 0; i < 50; ++i) {
    auto p = NewReleasePassword();
    ASSERT_TRUE(p.ok());
    ASSERT_EQ(p->size(), 29u);  // 5 groups of 5 and 4 hyphens
    for (size_t k = 0; k < p->size(); ++k) {
      char c = (*p)[k];
      if (k % 6 == 5) {
        EXPECT_EQ(c, '-');
      } else {
        EXPECT_EQ(std::string("0o1lI").find(c), std::string::npos) << *p;
        EXPECT_TRUE((c >= 'a' && c <= 'z') || (c >= '2' && c <= '9')) << *p;
      }
    }
    seen.insert(*p);
  }
  EXPECT_EQ(seen.size(), 50u);
}

TEST(ReleasePassword, HashIsSaltedAndVerifies) {
  auto h1 = HashReleasePassword("abcde-fghjk");
  auto h2 = HashReleasePassword("abcde-fghjk");
  ASSERT_TRUE(h1.ok() && h2.ok());
  EXPECT_NE(*h1, *h2);  // a fresh salt each time
  EXPECT_EQ(h1->find("abcde"), std::string::npos);
  EXPECT_EQ(h1->rfind("pbkdf2-sha256$", 0), 0u);
  EXPECT_TRUE(ReleasePasswordMatches("abcde-fghjk", *h1));
  EXPECT_TRUE(ReleasePasswordMatches("abcde-fghjk", *h2));
  EXPECT_FALSE(ReleasePasswordMatches("abcde-fghjj", *h1));
  EXPECT_FALSE(ReleasePasswordMatches("abcde-fghjk", "pbkdf2-sha256$1$zz$00"));
  EXPECT_FALSE(ReleasePasswordMatches("abcde-fghjk", ""));
}

TEST(EncryptedZip, HoldsTheFilesAndNeedsThePassword) {
  testing::TempDir dir;
  auto a = dir.path() / "volume-1.pdf";
  auto b = dir.path() / "volume-2.pdf";
  std::ofstream(a) << "%PDF-1.7 first volume";
  std::ofstream(b) << "%PDF-1.7 second volume";
  auto zip = dir.path() / "release.zip";
  ASSERT_TRUE(WriteEncryptedZip({{"volume-1.pdf", a.string()}, {"volume-2.pdf", b.string()}}, "pass-words", zip.string()).ok());

  auto read = ReadEncryptedZip(zip.string(), "pass-words");
  ASSERT_TRUE(read.ok()) << read.status().message();
  ASSERT_EQ(read->size(), 2u);
  EXPECT_EQ((*read)[0].name, "volume-1.pdf");
  EXPECT_EQ((*read)[1].bytes, "%PDF-1.7 second volume");
  EXPECT_FALSE(ReadEncryptedZip(zip.string(), "wrong").ok());

  // An independent reader: unzip sees the entries but cannot extract
  // without the password; the raw file does not contain the plain bytes.
  int rc = 0;
  std::string listing = testing::Shell("unzip -l " + testing::Quote(zip), &rc);
  EXPECT_TRUE(testing::Contains(listing, "volume-2.pdf")) << listing;
  std::ifstream in(zip, std::ios::binary);
  std::string raw((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  EXPECT_EQ(raw.find("second volume"), std::string::npos);
  EXPECT_FALSE(WriteEncryptedZip({{"x", a.string()}}, "", (dir.path() / "n.zip").string()).ok());
}

}  // namespace
}  // namespace sardesk::bundle
