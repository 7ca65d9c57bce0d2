#include "pdf/image_pdf.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "pdf/image_test_support.h"
#include "pdf/pdf_document.h"

namespace sardesk::pdf {
namespace {

namespace fs = std::filesystem;

class ImagePdfTest : public ::testing::Test {
 protected:
  void SetUp() override {
    const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
    dir_ = fs::temp_directory_path() /
           ("sardesk_image_" + std::string(info->name()) + "_" + std::to_string(::getpid()));
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }

  std::string Path(const std::string& name) const { return (dir_ / name).string(); }

  static std::string ReadAll(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
  }

  std::unique_ptr<PdfDocument> TextPdf(const std::vector<std::string>& pages) {
    const std::string path = Path("text.pdf");
    const Status st = WriteTextPdf(path, pages);
    EXPECT_TRUE(st.ok()) << st.ToString();
    auto doc = PdfDocument::Open(path);
    EXPECT_TRUE(doc.ok()) << doc.status().ToString();
    return doc.ok() ? std::move(doc).value() : nullptr;
  }

  // A picture of an A4 text page, as a PNG.
  std::string PngOfText(const std::string& text, int dpi) {
    auto doc = TextPdf({text});
    if (doc == nullptr) return "";
    auto png = doc->RenderPng(0, dpi);
    EXPECT_TRUE(png.ok()) << png.status().ToString();
    return png.ok() ? *png : "";
  }

  std::unique_ptr<PdfDocument> Convert(const std::string& image, Status* status = nullptr) {
    const std::string out = Path("out.pdf");
    const Status st = WriteImagePdf(image, out);
    if (status != nullptr) *status = st;
    if (!st.ok()) {
      EXPECT_NE(status, nullptr) << st.ToString();
      return nullptr;
    }
    auto doc = PdfDocument::Open(out);
    EXPECT_TRUE(doc.ok()) << doc.status().ToString();
    return doc.ok() ? std::move(doc).value() : nullptr;
  }

  fs::path dir_;
};

TEST_F(ImagePdfTest, ProbeReadsAPngHeader) {
  const std::string png = PngOfText("Dear Ms Smith", 40);
  auto info = ProbeImage(png);
  ASSERT_TRUE(info.ok()) << info.status().ToString();
  EXPECT_EQ(info->format, "png");
  EXPECT_EQ(info->frames, 1);
  EXPECT_EQ(info->width, 331);  // 595 points at 40 dpi
  EXPECT_EQ(info->height, 468);
}

TEST_F(ImagePdfTest, APngBecomesOneImageOnlyPage) {
  auto doc = Convert(PngOfText("Dear Ms Smith", 100));
  ASSERT_NE(doc, nullptr);
  ASSERT_EQ(doc->page_count(), 1);
  auto text = doc->ExtractText(0);
  ASSERT_TRUE(text.ok()) << text.status().ToString();
  EXPECT_TRUE(text->words.empty());
  EXPECT_NEAR(text->height, 842, 2);  // an A4 page again
  auto scanned = doc->LooksScanned(0);
  ASSERT_TRUE(scanned.ok());
  EXPECT_TRUE(*scanned);
}

TEST_F(ImagePdfTest, EachTiffFrameBecomesAPageAtItsOwnResolution) {
  auto doc = TextPdf({"first page", "second page"});
  ASSERT_NE(doc, nullptr);
  auto one = doc->RenderGray(0, 100);
  auto two = doc->RenderGray(1, 100);
  ASSERT_TRUE(one.ok() && two.ok());
  auto pdf = Convert(testing::GrayTiff({*one, *two}));
  ASSERT_NE(pdf, nullptr);
  ASSERT_EQ(pdf->page_count(), 2);
  for (int page = 0; page < 2; ++page) {
    auto text = pdf->ExtractText(page);
    ASSERT_TRUE(text.ok());
    EXPECT_NEAR(text->width, 595, 1);
    EXPECT_NEAR(text->height, 842, 1);
    auto dpi = pdf->ImageResolution(page);
    ASSERT_TRUE(dpi.ok());
    EXPECT_NEAR(*dpi, 100, 1);
  }
}

TEST_F(ImagePdfTest, A72DpiPhotoBecomesAnA4SizedPage) {
  GrayImage photo;
  photo.width = 1240;  // an A4 page photographed at about 150 dpi
  photo.height = 1754;
  photo.dpi = 72;  // what phone cameras write, whatever the paper was
  photo.bytes.assign(1240 * 1754, '\xff');
  auto pdf = Convert(testing::GrayTiff({photo}));
  ASSERT_NE(pdf, nullptr);
  auto text = pdf->ExtractText(0);
  ASSERT_TRUE(text.ok());
  EXPECT_NEAR(text->height, 842, 1);
}

TEST_F(ImagePdfTest, APixelBombIsRefusedFromItsHeader) {
  const std::string bomb = testing::PngHeaderOnly(100000, 100000);
  auto info = ProbeImage(bomb);
  ASSERT_FALSE(info.ok());
  EXPECT_EQ(info.status().code(), ErrorCode::kTooLarge);
  EXPECT_NE(info.status().message().find("100000 x 100000 pixels"), std::string::npos);
  Status st;
  EXPECT_EQ(Convert(bomb, &st), nullptr);
  EXPECT_EQ(st.code(), ErrorCode::kTooLarge);
  EXPECT_FALSE(fs::exists(Path("out.pdf")));
}

TEST_F(ImagePdfTest, ATruncatedImageIsDamagedAndLeavesNoFile) {
  const std::string png = PngOfText("Dear Ms Smith", 60);
  Status st;
  EXPECT_EQ(Convert(png.substr(0, png.size() / 2), &st), nullptr);
  EXPECT_EQ(st.code(), ErrorCode::kInvalidArgument);
  EXPECT_NE(st.message().find("damaged"), std::string::npos) << st.ToString();
  EXPECT_FALSE(fs::exists(Path("out.pdf")));
}

TEST_F(ImagePdfTest, OtherFormatsAndBadHeadersAreRefused) {
  for (const std::string& bytes :
       {std::string("GIF89a\x01\x00\x01\x00", 10), std::string("\x89PNG\r\n\x1a\n", 8),
        std::string("\xff\xd8\xff\xd9", 4), std::string("II*\0\0\0\0\0", 8), std::string()}) {
    auto info = ProbeImage(bytes);
    EXPECT_FALSE(info.ok());
    EXPECT_EQ(info.status().code(), ErrorCode::kInvalidArgument) << info.status().ToString();
  }
}

TEST_F(ImagePdfTest, ATiffWhoseDirectoriesLoopIsRefused) {
  GrayImage frame;
  frame.width = frame.height = 2;
  frame.bytes = "abcd";
  std::string tiff = testing::GrayTiff({frame});
  // Point the first directory's "next" at itself.
  const std::size_t next = 8 + 2 + 10 * 12;
  tiff[next] = 8;
  auto info = ProbeImage(tiff);
  ASSERT_FALSE(info.ok());
  EXPECT_EQ(info.status().code(), ErrorCode::kInvalidArgument);
}

TEST_F(ImagePdfTest, TooManyFramesAreRefused) {
  GrayImage frame;
  frame.width = frame.height = 1;
  frame.bytes = "x";
  ImageLimits limits;
  limits.max_frames = 2;
  auto info = ProbeImage(testing::GrayTiff({frame, frame, frame}), limits);
  ASSERT_FALSE(info.ok());
  EXPECT_EQ(info.status().code(), ErrorCode::kTooLarge);
}

TEST_F(ImagePdfTest, AJpegIsCopiedWithoutReencoding) {
  if (std::system("command -v pdftoppm >/dev/null 2>&1") != 0) {
    GTEST_SKIP() << "pdftoppm (Debian: poppler-utils) is not installed";
  }
  ASSERT_TRUE(WriteTextPdf(Path("letter.pdf"), {"Dear Ms Smith"}).ok());
  ASSERT_EQ(std::system(("pdftoppm -jpeg -r 30 -singlefile " + Path("letter.pdf") + " " + Path("page") +
                         " >/dev/null 2>&1")
                            .c_str()),
            0);
  auto doc = Convert(ReadAll(Path("page.jpg")));
  ASSERT_NE(doc, nullptr);
  EXPECT_EQ(doc->page_count(), 1);
  EXPECT_NE(ReadAll(Path("out.pdf")).find("DCTDecode"), std::string::npos);
}

TEST_F(ImagePdfTest, RenderGrayPutsThePageCornerAtPixelZero) {
  auto doc = TextPdf({"Dear Ms Smith"});
  ASSERT_NE(doc, nullptr);
  auto image = doc->RenderGray(0, 72);
  ASSERT_TRUE(image.ok()) << image.status().ToString();
  EXPECT_EQ(image->width, 595);
  EXPECT_EQ(image->height, 842);
  EXPECT_EQ(image->bytes.size(), 595u * 842u);
  EXPECT_EQ(image->dpi, 72);
  // The first word starts at the 56 pt margin: white before it, ink after.
  auto text = doc->ExtractText(0);
  ASSERT_TRUE(text.ok());
  const Word& first = text->words.at(0);
  const auto row = static_cast<std::size_t>((first.y0 + first.y1) / 2) * 595;
  EXPECT_EQ(static_cast<unsigned char>(image->bytes[row + 40]), 255);
  bool ink = false;
  for (int x = static_cast<int>(first.x0); x < static_cast<int>(first.x1); ++x) {
    ink = ink || static_cast<unsigned char>(image->bytes[row + static_cast<std::size_t>(x)]) < 128;
  }
  EXPECT_TRUE(ink);
}

TEST_F(ImagePdfTest, RenderGrayRefusesPagesOverThePixelLimit) {
  ASSERT_TRUE(WriteTextPdf(Path("letter.pdf"), {"Dear Ms Smith"}).ok());
  Limits limits;
  limits.max_render_pixels = 1000;
  auto doc = PdfDocument::Open(Path("letter.pdf"), limits);
  ASSERT_TRUE(doc.ok());
  auto image = (*doc)->RenderGray(0, 300);
  ASSERT_FALSE(image.ok());
  EXPECT_EQ(image.status().code(), ErrorCode::kTooLarge);
}

TEST_F(ImagePdfTest, TextPagesHaveNoImageResolution) {
  auto doc = TextPdf({"Dear Ms Smith"});
  ASSERT_NE(doc, nullptr);
  auto dpi = doc->ImageResolution(0);
  ASSERT_TRUE(dpi.ok());
  EXPECT_EQ(*dpi, 0);
}

}  // namespace
}  // namespace sardesk::pdf
