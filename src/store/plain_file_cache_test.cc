// The cache of decrypted working copies (docs/storage.md): real sealed blob
// folders, the working copies looked for on disk, a clock of the test's own.
#include "store/plain_file_cache.h"

#include <unistd.h>

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>

namespace sardesk::store {
namespace {

namespace fs = std::filesystem;
using namespace std::chrono_literals;

class PlainFileCacheTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("sardesk_cache_" + std::to_string(::getpid()) + "_" +
                                        ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    blobs_ = MakeEncryptedBlobStore((dir_ / "blobs").string(), key_, (dir_ / "plain").string());
    for (int i = 0; i < 5; ++i) {
      auto sha = blobs_->Put("%PDF-1.4 document " + std::to_string(i));
      ASSERT_TRUE(sha.ok()) << sha.status().ToString();
      shas_.push_back(*sha);
    }
    options_.capacity = 2;
    options_.idle = 60s;
    options_.now = [this] { return now_; };
    options_.sweep_every = 0ms;
  }
  void TearDown() override { fs::remove_all(dir_); }

  // Decrypted working copies on disk now.
  int CopiesOnDisk() {
    int n = 0;
    std::error_code ec;
    for (const auto& e : fs::directory_iterator(dir_ / "plain", ec))
      n += e.is_regular_file();
    return n;
  }
  std::string Read(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
  }

  fs::path dir_;
  crypt::DataKey key_ = crypt::DataKey::Generate();
  std::unique_ptr<BlobStore> blobs_;
  std::vector<std::string> shas_;
  PlainFileCache::Clock::time_point now_ = PlainFileCache::Clock::time_point{} + 1000s;
  PlainFileCache::Options options_;
};

TEST_F(PlainFileCacheTest, ASecondPageOfTheSameDocumentDecryptsNothing) {
  PlainFileCache cache(blobs_.get(), options_);
  auto first = cache.Get(shas_[0]);
  ASSERT_TRUE(first.ok()) << first.status().ToString();
  auto second = cache.Get(shas_[0]);
  ASSERT_TRUE(second.ok());
  EXPECT_EQ((*first)->path(), (*second)->path());
  EXPECT_EQ(Read((*first)->path()), "%PDF-1.4 document 0");
  EXPECT_EQ(CopiesOnDisk(), 1);
}

TEST_F(PlainFileCacheTest, TheLeastRecentlyUsedCopyGoesAndLeavesTheDisk) {
  PlainFileCache cache(blobs_.get(), options_);
  ASSERT_TRUE(cache.Get(shas_[0]).ok());
  ASSERT_TRUE(cache.Get(shas_[1]).ok());
  ASSERT_TRUE(cache.Get(shas_[0]).ok());  // 1 is now the least recently used
  std::string path_of_1;
  {
    auto again = cache.Get(shas_[1]);
    path_of_1 = (*again)->path();
    ASSERT_TRUE(cache.Get(shas_[0]).ok());
  }
  ASSERT_TRUE(cache.Get(shas_[2]).ok());
  EXPECT_EQ(cache.size(), 2u);
  EXPECT_EQ(CopiesOnDisk(), 2);
  EXPECT_FALSE(fs::exists(path_of_1));
}

TEST_F(PlainFileCacheTest, IdleCopiesAreDroppedAfterTheIdleTime) {
  PlainFileCache cache(blobs_.get(), options_);
  ASSERT_TRUE(cache.Get(shas_[0]).ok());
  now_ += 30s;
  ASSERT_TRUE(cache.Get(shas_[1]).ok());
  now_ += 31s;  // 0 idle 61 s, 1 idle 31 s
  cache.DropIdle();
  EXPECT_EQ(cache.size(), 1u);
  EXPECT_EQ(CopiesOnDisk(), 1);
  now_ += 30s;
  cache.DropIdle();
  EXPECT_EQ(cache.size(), 0u);
  EXPECT_EQ(CopiesOnDisk(), 0);
}

TEST_F(PlainFileCacheTest, ACopyInUseOutlivesItsEviction) {
  PlainFileCache cache(blobs_.get(), options_);
  std::shared_ptr<const PlainFile> file;
  {
    auto held = cache.Get(shas_[0]);
    ASSERT_TRUE(held.ok());
    file = *held;
  }
  ASSERT_TRUE(cache.Get(shas_[1]).ok());
  ASSERT_TRUE(cache.Get(shas_[2]).ok());  // 0 evicted while still open
  EXPECT_TRUE(fs::exists(file->path()));
  EXPECT_EQ(Read(file->path()), "%PDF-1.4 document 0");
  std::string path = file->path();
  file.reset();
  EXPECT_FALSE(fs::exists(path));
}

TEST_F(PlainFileCacheTest, TheSweeperDropsIdleCopiesWithoutARequest) {
  PlainFileCache::Options real;
  real.capacity = 4;
  real.idle = 0s;
  real.sweep_every = 20ms;
  PlainFileCache cache(blobs_.get(), real);
  ASSERT_TRUE(cache.Get(shas_[0]).ok());
  for (int i = 0; i < 200 && CopiesOnDisk() > 0; ++i) std::this_thread::sleep_for(10ms);
  EXPECT_EQ(CopiesOnDisk(), 0);
}

TEST_F(PlainFileCacheTest, DestroyingTheCacheRemovesEveryCopyAndAMissingFileIsAnError) {
  {
    PlainFileCache cache(blobs_.get(), options_);
    ASSERT_TRUE(cache.Get(shas_[0]).ok());
    ASSERT_TRUE(cache.Get(shas_[1]).ok());
    EXPECT_FALSE(cache.Get(std::string(64, 'f')).ok());
    EXPECT_EQ(CopiesOnDisk(), 2);
  }
  EXPECT_EQ(CopiesOnDisk(), 0);
}

}  // namespace
}  // namespace sardesk::store
