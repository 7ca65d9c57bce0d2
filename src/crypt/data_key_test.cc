#include "crypt/data_key.h"

#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>

namespace sardesk::crypt {
namespace {

namespace fs = std::filesystem;

class KeyFileTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("key_test_" + std::to_string(::getpid()) + "_" +
                                        ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::create_directories(dir_ / "data");
    ::unsetenv("SARDESK_KEY_FILE");
    ::unsetenv("SARDESK_KEY");
    ::setenv("XDG_CONFIG_HOME", (dir_ / "config").c_str(), 1);
  }
  void TearDown() override { fs::remove_all(dir_); }
  fs::path dir_;
};

TEST(DataKey, ParsesBase64AndHex) {
  DataKey k = DataKey::Generate();
  auto b = DataKey::FromText(" " + k.ToBase64() + "\n");
  ASSERT_TRUE(b.ok());
  EXPECT_EQ(b->ToBase64(), k.ToBase64());
  auto h = DataKey::FromText(std::string(64, 'a'));
  ASSERT_TRUE(h.ok());
  EXPECT_EQ(h->data()[0], 0xaa);
  EXPECT_FALSE(DataKey::FromText("too short").ok());
  EXPECT_FALSE(DataKey::FromText(std::string(62, 'a')).ok());
}

TEST_F(KeyFileTest, WritesAPrivateFileAndReadsItBack) {
  DataKey k = DataKey::Generate();
  std::string path = (dir_ / "keys" / "data.key").string();
  ASSERT_TRUE(WriteKeyFile(k, path).ok());
  EXPECT_EQ(fs::status(path).permissions(), fs::perms::owner_read | fs::perms::owner_write);
  auto back = ReadKeyFile(path, (dir_ / "data").string());
  ASSERT_TRUE(back.ok()) << back.status().message();
  EXPECT_EQ(back->ToBase64(), k.ToBase64());
  EXPECT_EQ(WriteKeyFile(DataKey::Generate(), path).code(), ErrorCode::kConflict);
}

TEST_F(KeyFileTest, RefusesAKeyFileInsideTheDataFolder) {
  std::string path = (dir_ / "data" / "sub" / "data.key").string();
  ASSERT_TRUE(WriteKeyFile(DataKey::Generate(), path).ok());
  auto r = ReadKeyFile(path, (dir_ / "data").string());
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find("inside the data folder"), std::string::npos);
  // Also through a relative spelling of the data folder.
  auto cwd = fs::current_path();
  fs::current_path(dir_);
  auto rel = ReadKeyFile(path, "./data/");
  fs::current_path(cwd);
  EXPECT_FALSE(rel.ok());
}

TEST_F(KeyFileTest, RefusesAKeyFileOthersCanRead) {
  std::string path = (dir_ / "data.key").string();
  ASSERT_TRUE(WriteKeyFile(DataKey::Generate(), path).ok());
  ::chmod(path.c_str(), 0644);
  auto r = ReadKeyFile(path, (dir_ / "data").string());
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find("chmod 600"), std::string::npos);
}

TEST_F(KeyFileTest, RefusesAFileWithoutAKey) {
  std::string path = (dir_ / "data.key").string();
  std::ofstream(path) << "hello";
  ::chmod(path.c_str(), 0600);
  EXPECT_FALSE(ReadKeyFile(path, (dir_ / "data").string()).ok());
}

TEST_F(KeyFileTest, ResolvesInOrderAndMakesTheDefaultOnce) {
  std::string data = (dir_ / "data").string();
  EXPECT_FALSE(ResolveKey("", data, false).ok());  // no default yet, and none made
  auto made = ResolveKey("", data, true);
  ASSERT_TRUE(made.ok()) << made.status().message();
  EXPECT_TRUE(fs::exists(dir_ / "config" / "sardesk" / "data.key"));
  auto again = ResolveKey("", data, true);
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again->key.ToBase64(), made->key.ToBase64());

  DataKey env = DataKey::Generate();
  ::setenv("SARDESK_KEY", env.ToBase64().c_str(), 1);
  auto from_env = ResolveKey("", data, true);
  ASSERT_TRUE(from_env.ok());
  EXPECT_EQ(from_env->key.ToBase64(), env.ToBase64());
  EXPECT_EQ(from_env->source, "SARDESK_KEY");

  std::string file = (dir_ / "explicit.key").string();
  DataKey fk = DataKey::Generate();
  ASSERT_TRUE(WriteKeyFile(fk, file).ok());
  auto from_flag = ResolveKey(file, data, true);
  ASSERT_TRUE(from_flag.ok());
  EXPECT_EQ(from_flag->key.ToBase64(), fk.ToBase64());
  ::unsetenv("SARDESK_KEY");
}

}  // namespace
}  // namespace sardesk::crypt
