#include "store/folder_lock.h"

#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>
#include <string>

namespace sardesk::store {
namespace {

namespace fs = std::filesystem;

class FolderLockTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = (fs::temp_directory_path() / ("sardesk_lock_" + std::to_string(::getpid()))).string();
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }
  std::string dir_;
};

TEST_F(FolderLockTest, OneHolderAtATimeAndFreeAgainOnRelease) {
  auto first = FolderLock::Take(dir_, "sardesk serve is running on this data folder");
  ASSERT_TRUE(first.ok()) << first.status().message();
  auto second = FolderLock::Take(dir_, "sardesk serve is running on this data folder");
  ASSERT_FALSE(second.ok());
  EXPECT_EQ(second.status().code(), ErrorCode::kConflict);
  EXPECT_EQ(second.status().message(), "sardesk serve is running on this data folder");
  first->reset();
  EXPECT_TRUE(FolderLock::Take(dir_, "busy").ok());
}

TEST_F(FolderLockTest, AnotherProcessIsRefusedUntilTheHolderExits) {
  int ready[2];
  ASSERT_EQ(::pipe(ready), 0);
  pid_t child = ::fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    auto held = FolderLock::Take(dir_, "busy");
    char c = held.ok() ? 'y' : 'n';
    (void)!::write(ready[1], &c, 1);
    ::pause();  // holds the lock until killed
    ::_exit(0);
  }
  char c = 0;
  ASSERT_EQ(::read(ready[0], &c, 1), 1);
  ASSERT_EQ(c, 'y');
  EXPECT_FALSE(FolderLock::Take(dir_, "busy").ok());
  ::kill(child, SIGKILL);
  ::waitpid(child, nullptr, 0);
  EXPECT_TRUE(FolderLock::Take(dir_, "busy").ok()) << "a killed holder releases the lock";
  ::close(ready[0]);
  ::close(ready[1]);
}

TEST_F(FolderLockTest, AMissingFolderIsAClearError) {
  auto lock = FolderLock::Take(dir_ + "/no/such/folder", "busy");
  ASSERT_FALSE(lock.ok());
  EXPECT_NE(lock.status().message().find("cannot open"), std::string::npos);
}

}  // namespace
}  // namespace sardesk::store
