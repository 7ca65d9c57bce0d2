#include "mail/sms.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

namespace sardesk::mail {
namespace {

TEST(NormalisePhone, KeepsDigitsAndALeadingPlus) {
  EXPECT_EQ(NormalisePhone("+44 (0)7700-900 123"), "+4407700900123");
  EXPECT_EQ(NormalisePhone("07700 900123"), "07700900123");
}

TEST(NormalisePhone, RefusesLettersShortAndLongNumbers) {
  EXPECT_EQ(NormalisePhone("0770090012a"), "");
  EXPECT_EQ(NormalisePhone("12345"), "");
  EXPECT_EQ(NormalisePhone("1234567890123456"), "");
  EXPECT_EQ(NormalisePhone("0770\n0900123"), "");
}

TEST(FileDropSms, WritesOneFilePerMessage) {
  auto dir = std::filesystem::temp_directory_path() / ("sardesk-sms-" + std::to_string(::testing::UnitTest::GetInstance()->random_seed()));
  std::filesystem::remove_all(dir);
  auto sms = MakeFileDropSms(dir.string());
  auto id = sms->Send({"07700 900123", "Your code is 123456"});
  ASSERT_TRUE(id.ok()) << id.status().ToString();
  int files = 0;
  for (const auto& e : std::filesystem::directory_iterator(dir)) {
    ++files;
    std::ifstream in(e.path());
    std::stringstream ss;
    ss << in.rdbuf();
    EXPECT_EQ(ss.str(), "To: 07700900123\n\nYour code is 123456\n");
    // In clear by decision, so only sardesk's user may read it (docs/storage.md).
    EXPECT_EQ(e.status().permissions(), std::filesystem::perms::owner_read | std::filesystem::perms::owner_write);
  }
  EXPECT_EQ(std::filesystem::status(dir).permissions(), std::filesystem::perms::owner_all);
  EXPECT_EQ(files, 1);
  std::filesystem::remove_all(dir);
}

TEST(FileDropSms, RefusesABadNumberAndWritesNothing) {
  auto dir = std::filesystem::temp_directory_path() / "sardesk-sms-bad";
  std::filesystem::remove_all(dir);
  auto sms = MakeFileDropSms(dir.string());
  EXPECT_FALSE(sms->Send({"not a number", "hello"}).ok());
  EXPECT_FALSE(sms->Send({"07700900123", ""}).ok());
  EXPECT_FALSE(std::filesystem::exists(dir));
}

}  // namespace
}  // namespace sardesk::mail
