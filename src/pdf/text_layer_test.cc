#include "pdf/text_layer.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "pdf/image_pdf.h"
#include "pdf/image_test_support.h"

namespace sardesk::pdf {
namespace {

namespace fs = std::filesystem;

class TextLayerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
    dir_ = fs::temp_directory_path() /
           ("sardesk_layer_" + std::string(info->name()) + "_" + std::to_string(::getpid()));
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }

  std::string Path(const std::string& name) const { return (dir_ / name).string(); }

  // A two-page scan: pictures of text pages, with no text of their own.
  std::string Scan() {
    EXPECT_TRUE(WriteTextPdf(Path("text.pdf"), {"Dear Ms Smith", "Second page"}).ok());
    auto text = PdfDocument::Open(Path("text.pdf"));
    EXPECT_TRUE(text.ok());
    auto first = (*text)->RenderGray(0, 100);
    auto second = (*text)->RenderGray(1, 100);
    EXPECT_TRUE(first.ok() && second.ok());
    const Status st = WriteImagePdf(testing::GrayTiff({*first, *second}), Path("scan.pdf"));
    EXPECT_TRUE(st.ok()) << st.ToString();
    return Path("scan.pdf");
  }

  Result<PageText> LayeredText(const std::string& in, const std::vector<PageWords>& pages, int page) {
    SARDESK_RETURN_IF_ERROR(WriteWithTextLayer(in, Path("layered.pdf"), pages));
    SARDESK_ASSIGN_OR_RETURN(auto doc, PdfDocument::Open(Path("layered.pdf")));
    return doc->ExtractText(page);
  }

  fs::path dir_;
};

void ExpectBoxNear(const Word& got, const Word& want) {
  EXPECT_EQ(got.text, want.text);
  EXPECT_NEAR(got.x0, want.x0, 0.5) << want.text;
  EXPECT_NEAR(got.y0, want.y0, 0.5) << want.text;
  EXPECT_NEAR(got.x1, want.x1, 0.5) << want.text;
  EXPECT_NEAR(got.y1, want.y1, 0.5) << want.text;
}

TEST_F(TextLayerTest, WordsAreExtractedWhereTheyWerePut) {
  const std::vector<Word> words = {
      {"Dear", 56, 60, 80, 72}, {"Ms", 83, 60, 99, 72}, {"Smith", 102, 58, 140, 74}};
  auto text = LayeredText(Scan(), {{0, words}}, 0);
  ASSERT_TRUE(text.ok()) << text.status().ToString();
  ASSERT_EQ(text->words.size(), 3u);
  for (std::size_t i = 0; i < words.size(); ++i) ExpectBoxNear(text->words[i], words[i]);
  EXPECT_EQ(text->text, "Dear Ms Smith");
}

TEST_F(TextLayerTest, TheLayerIsInvisible) {
  const std::string scan = Scan();
  auto before = PdfDocument::Open(scan);
  ASSERT_TRUE(before.ok());
  ASSERT_TRUE(WriteWithTextLayer(scan, Path("layered.pdf"), {{0, {{"Hidden", 300, 400, 500, 480}}}}).ok());
  auto after = PdfDocument::Open(Path("layered.pdf"));
  ASSERT_TRUE(after.ok());
  auto a = (*before)->RenderGray(0, 20);
  auto b = (*after)->RenderGray(0, 20);
  ASSERT_TRUE(a.ok() && b.ok());
  EXPECT_EQ(a->bytes, b->bytes);
  auto scanned = (*after)->LooksScanned(0);
  ASSERT_TRUE(scanned.ok());
  EXPECT_FALSE(*scanned);  // it has text now
}

TEST_F(TextLayerTest, OnlyTheListedPagesChange) {
  auto text = LayeredText(Scan(), {{1, {{"Second", 56, 60, 100, 72}}}}, 0);
  ASSERT_TRUE(text.ok()) << text.status().ToString();
  EXPECT_TRUE(text->words.empty());
  auto doc = PdfDocument::Open(Path("layered.pdf"));
  ASSERT_TRUE(doc.ok());
  auto second = (*doc)->ExtractText(1);
  ASSERT_TRUE(second.ok());
  ASSERT_EQ(second->words.size(), 1u);
  EXPECT_EQ(second->words[0].text, "Second");
}

TEST_F(TextLayerTest, RotatedAndOffsetPagesGetBoxesAsDisplayed) {
  // A landscape page turned a quarter, with its media box away from the origin.
  const std::string pdf =
      "%PDF-1.4\n1 0 obj <</Type/Catalog/Pages 2 0 R>> endobj\n"
      "2 0 obj <</Type/Pages/Kids[3 0 R]/Count 1>> endobj\n"
      "3 0 obj <</Type/Page/Parent 2 0 R/MediaBox[100 50 500 350]/Rotate 90/Resources<<>>>> endobj\n"
      "trailer <</Root 1 0 R>>\n%%EOF\n";
  std::ofstream(Path("rotated.pdf"), std::ios::binary) << pdf;
  const std::vector<Word> words = {{"Turned", 20, 30, 90, 50}, {"page", 20, 300, 60, 315}};
  auto text = LayeredText(Path("rotated.pdf"), {{0, words}}, 0);
  ASSERT_TRUE(text.ok()) << text.status().ToString();
  EXPECT_NEAR(text->width, 300, 0.1);  // displayed portrait
  EXPECT_NEAR(text->height, 400, 0.1);
  ASSERT_EQ(text->words.size(), 2u);
  for (std::size_t i = 0; i < words.size(); ++i) ExpectBoxNear(text->words[i], words[i]);
}

TEST_F(TextLayerTest, CharactersOutsideWindows1252BecomeQuestionMarks) {
  auto text = LayeredText(Scan(), {{0, {{"Siân", 56, 60, 90, 72}, {"Łódź", 100, 60, 140, 72}}}}, 0);
  ASSERT_TRUE(text.ok()) << text.status().ToString();
  ASSERT_EQ(text->words.size(), 2u);
  EXPECT_EQ(text->words[0].text, "Siân");
  EXPECT_EQ(text->words[1].text, "?ód?");
}

TEST_F(TextLayerTest, PagesThatDoNotExistAreRefused) {
  const std::string scan = Scan();
  const Status st = WriteWithTextLayer(scan, Path("layered.pdf"), {{2, {{"x", 1, 1, 2, 2}}}});
  EXPECT_EQ(st.code(), ErrorCode::kInvalidArgument);
  EXPECT_FALSE(WriteWithTextLayer(scan, scan, {}).ok());  // never in place
}

}  // namespace
}  // namespace sardesk::pdf
