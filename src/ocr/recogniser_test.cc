#include "ocr/recogniser.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <string>
#include <thread>
#include <vector>

#include "pdf/pdf_document.h"

namespace sardesk::ocr {
namespace {

namespace fs = std::filesystem;

const char kLetter[] =
    "Dear Ms Smith,\n"
    "Thank you for meeting me on Tuesday about contact with your children.\n"
    "We agreed that contact will happen every Saturday at the family centre.";

class RecogniserTest : public ::testing::Test {
 protected:
  void SetUp() override {
    const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
    dir_ = fs::temp_directory_path() /
           ("sardesk_ocr_" + std::string(info->name()) + "_" + std::to_string(::getpid()));
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }

  // The top quarter of an A4 page of `text` at `dpi` (the rest is blank and
  // would only slow the test), with the words the PDF itself reports.
  GrayImage Render(const std::string& text, float dpi, pdf::PageText* words = nullptr) {
    const std::string path = (dir_ / "page.pdf").string();
    EXPECT_TRUE(pdf::WriteTextPdf(path, {text}).ok());
    auto doc = pdf::PdfDocument::Open(path);
    EXPECT_TRUE(doc.ok()) << doc.status().ToString();
    if (!doc.ok()) return {};
    if (words != nullptr) {
      auto extracted = (*doc)->ExtractText(0);
      EXPECT_TRUE(extracted.ok());
      if (extracted.ok()) *words = *extracted;
    }
    auto image = (*doc)->RenderGray(0, dpi);
    EXPECT_TRUE(image.ok()) << image.status().ToString();
    if (!image.ok()) return {};
    image->height /= 4;
    image->bytes.resize(static_cast<std::size_t>(image->width) * static_cast<std::size_t>(image->height));
    return *image;
  }

  static std::unique_ptr<Recogniser> MustCreate() {
    auto r = Recogniser::Create();
    EXPECT_TRUE(r.ok()) << r.status().ToString();
    return r.ok() ? std::move(r).value() : nullptr;
  }

  fs::path dir_;
};

int ThreadsInThisProcess() {
  int n = 0;
  for ([[maybe_unused]] const auto& entry : fs::directory_iterator("/proc/self/task")) ++n;
  return n;
}

TEST_F(RecogniserTest, ReadsTheWordsOfARenderedPageWithTheirBoxes) {
  constexpr float kDpi = 300;
  pdf::PageText truth;
  const GrayImage image = Render(kLetter, kDpi, &truth);
  auto recogniser = MustCreate();
  ASSERT_NE(recogniser, nullptr);
  auto page = recogniser->Recognise(image);
  ASSERT_TRUE(page.ok()) << page.status().ToString();
  EXPECT_GT(page->mean_confidence, 85);
  EXPECT_EQ(page->text.substr(0, page->text.find('\n')), "Dear Ms Smith,");

  // Every word the PDF holds comes back, in order, inside the box the PDF
  // gives it (Tesseract's box is the ink; the PDF's is the font's full height).
  ASSERT_EQ(page->words.size(), truth.words.size()) << page->text;
  const float to_points = 72 / kDpi;
  for (std::size_t i = 0; i < truth.words.size(); ++i) {
    const pdf::Word& want = truth.words[i];
    const OcrWord& got = page->words[i];
    EXPECT_EQ(got.text, want.text);
    EXPECT_NEAR(static_cast<float>(got.x0) * to_points, want.x0, 1.5) << want.text;
    EXPECT_NEAR(static_cast<float>(got.x1) * to_points, want.x1, 1.5) << want.text;
    EXPECT_GE(static_cast<float>(got.y0) * to_points, want.y0 - 1) << want.text;
    EXPECT_LE(static_cast<float>(got.y1) * to_points, want.y1 + 1) << want.text;
    EXPECT_GT(got.confidence, 50) << want.text;
  }
  EXPECT_EQ(page->words.front().line, 0);
  EXPECT_EQ(page->words.back().line, 2);
}

TEST_F(RecogniserTest, ABlankPageHasNoWords) {
  GrayImage blank;
  blank.width = 600;
  blank.height = 400;
  blank.dpi = 300;
  blank.bytes.assign(600 * 400, '\xff');
  auto recogniser = MustCreate();
  ASSERT_NE(recogniser, nullptr);
  auto page = recogniser->Recognise(blank);
  ASSERT_TRUE(page.ok()) << page.status().ToString();
  EXPECT_TRUE(page->words.empty());
  EXPECT_EQ(page->text, "");
  EXPECT_EQ(page->mean_confidence, 0);
}

TEST_F(RecogniserTest, ImagesOverTheLimitOrWithTheWrongSizeAreRefused) {
  OcrSettings settings;
  settings.max_pixels = 1000;
  auto recogniser = Recogniser::Create(settings);
  ASSERT_TRUE(recogniser.ok()) << recogniser.status().ToString();
  GrayImage big;
  big.width = big.height = 100;
  big.bytes.assign(100 * 100, '\xff');
  EXPECT_EQ((*recogniser)->Recognise(big).status().code(), ErrorCode::kTooLarge);
  GrayImage short_bytes;
  short_bytes.width = short_bytes.height = 10;
  short_bytes.bytes = "abc";
  EXPECT_EQ((*recogniser)->Recognise(short_bytes).status().code(), ErrorCode::kInvalidArgument);
  EXPECT_EQ((*recogniser)->Recognise(GrayImage{}).status().code(), ErrorCode::kInvalidArgument);
}

TEST_F(RecogniserTest, NothingIsPrinted) {
  GrayImage image = Render("Private and confidential", 150);
  image.dpi = 0;  // makes Tesseract guess, and warn about it
  ::testing::internal::CaptureStdout();
  ::testing::internal::CaptureStderr();
  {
    auto recogniser = Recogniser::Create();
    ASSERT_TRUE(recogniser.ok());
    auto page = (*recogniser)->Recognise(image);
    EXPECT_TRUE(page.ok());
    OcrSettings missing;
    missing.language = "xyz";
    EXPECT_FALSE(Recogniser::Create(missing).ok());
  }
  EXPECT_EQ(::testing::internal::GetCapturedStdout(), "");
  EXPECT_EQ(::testing::internal::GetCapturedStderr(), "");
}

TEST_F(RecogniserTest, AMissingLanguageSaysWhatToInstall) {
  OcrSettings settings;
  settings.language = "xyz";
  auto recogniser = Recogniser::Create(settings);
  ASSERT_FALSE(recogniser.ok());
  EXPECT_NE(recogniser.status().message().find("tesseract-ocr-xyz"), std::string::npos)
      << recogniser.status().ToString();
  settings.language = "../../etc/passwd";
  EXPECT_EQ(Recogniser::Create(settings).status().code(), ErrorCode::kInvalidArgument);
}

TEST_F(RecogniserTest, TesseractStartsNoThreadsOfItsOwn) {
  const GrayImage image = Render(kLetter, 200);
  auto recogniser = MustCreate();
  ASSERT_NE(recogniser, nullptr);
  const int before = ThreadsInThisProcess();
  ASSERT_TRUE(recogniser->Recognise(image).ok());
  EXPECT_EQ(ThreadsInThisProcess(), before);
}

TEST_F(RecogniserTest, SeparateRecognisersWorkOnSeparateThreads) {
  const GrayImage image = Render(kLetter, 200);
  std::vector<std::string> texts(2);
  std::vector<std::thread> threads;
  for (std::size_t i = 0; i < texts.size(); ++i) {
    threads.emplace_back([&, i] {
      auto recogniser = Recogniser::Create();
      if (!recogniser.ok()) return;
      auto page = (*recogniser)->Recognise(image);
      if (page.ok()) texts[i] = page->text;
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_FALSE(texts[0].empty());
  EXPECT_EQ(texts[0], texts[1]);
}

}  // namespace
}  // namespace sardesk::ocr
