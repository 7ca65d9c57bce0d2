#include "service/page_reader.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <string>
#include <vector>

namespace sardesk::service {
namespace {

namespace fs = std::filesystem;

class PageReaderTest : public ::testing::Test {
 protected:
  void SetUp() override {
    const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
    dir_ = fs::temp_directory_path() /
           ("sardesk_reader_" + std::string(info->name()) + "_" + std::to_string(::getpid()));
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }

  std::string TextPdf(const std::vector<std::string>& pages) {
    const std::string path = (dir_ / "file.pdf").string();
    EXPECT_TRUE(pdf::WriteTextPdf(path, pages).ok());
    return path;
  }

  fs::path dir_;
  ocr::EnginePool ocr_{1};
};

TEST_F(PageReaderTest, PagesReadOnSeveralThreadsArriveInPageOrder) {
  std::vector<std::string> pages;
  for (int i = 0; i < 60; ++i) pages.push_back("Page " + std::to_string(i));
  PageReadSettings settings;
  settings.threads = 3;
  std::vector<int> order;
  const Status st = ReadPages(TextPdf(pages), 5, 60, settings, &ocr_, [&](ReadPage page) {
    order.push_back(page.index);
    EXPECT_EQ(page.text, "Page " + std::to_string(page.index));
    EXPECT_EQ(page.ocr_confidence, -1);  // text from the PDF itself
    return Status::Ok();
  });
  ASSERT_TRUE(st.ok()) << st.ToString();
  ASSERT_EQ(order.size(), 55u);
  for (std::size_t i = 0; i < order.size(); ++i) EXPECT_EQ(order[i], static_cast<int>(i) + 5);
}

TEST_F(PageReaderTest, AFailureToStoreAPageStopsTheReading) {
  const std::string path = TextPdf(std::vector<std::string>(40, "A page"));
  PageReadSettings settings;
  settings.threads = 2;
  int seen = 0;
  const Status st = ReadPages(path, 0, 40, settings, &ocr_, [&](ReadPage page) {
    ++seen;
    return page.index == 10 ? Status::Internal("the disk is full") : Status::Ok();
  });
  EXPECT_EQ(st.code(), ErrorCode::kInternal);
  EXPECT_EQ(seen, 11);
}

TEST_F(PageReaderTest, ABlankPageHasNoWordsAndIsNotOcrd) {
  PageReadSettings settings;
  std::vector<ReadPage> read;
  ASSERT_TRUE(ReadPages(TextPdf({""}), 0, 1, settings, &ocr_, [&](ReadPage page) {
                read.push_back(std::move(page));
                return Status::Ok();
              }).ok());
  ASSERT_EQ(read.size(), 1u);
  EXPECT_EQ(read[0].words_json, "[]");
  EXPECT_EQ(read[0].ocr_confidence, -1);
  EXPECT_EQ(read[0].ocr_problem, "");
}

TEST_F(PageReaderTest, AFileThatCannotBeOpenedIsAnError) {
  PageReadSettings settings;
  settings.threads = 2;
  const Status st = ReadPages((dir_ / "missing.pdf").string(), 0, 4, settings, &ocr_,
                              [](ReadPage) { return Status::Ok(); });
  EXPECT_FALSE(st.ok());
}

TEST(PageWordsJson, AddsConfidenceOnlyWhenGiven) {
  const std::vector<pdf::Word> words = {{"Dear", 1.04f, 2, 3, 4}};
  EXPECT_EQ(PageWordsJson(words), "[[\"Dear\",1.0,2.0,3.0,4.0]]");
  EXPECT_EQ(PageWordsJson(words, {96.56f}), "[[\"Dear\",1.0,2.0,3.0,4.0,96.6]]");
}

}  // namespace
}  // namespace sardesk::service
