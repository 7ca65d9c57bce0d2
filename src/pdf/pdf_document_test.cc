#include "pdf/pdf_document.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <random>
#include <string>
#include <thread>
#include <vector>

namespace sardesk::pdf {
namespace {

namespace fs = std::filesystem;

const char kDamaged[] = "this file is damaged or is not a PDF and cannot be read";
const char kPassword[] =
    "this PDF is password protected: ask the service area for an unprotected copy";

// A fresh folder per test, removed afterwards.
class PdfDocumentTest : public ::testing::Test {
 protected:
  void SetUp() override {
    const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
    dir_ = fs::temp_directory_path() /
           ("sardesk_pdf_" + std::string(info->name()) + "_" + std::to_string(::getpid()));
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }

  std::string Path(const std::string& name) const { return (dir_ / name).string(); }

  std::string WritePdf(const std::string& name, const std::vector<std::string>& pages) {
    const std::string path = Path(name);
    const Status st = WriteTextPdf(path, pages);
    EXPECT_TRUE(st.ok()) << st.ToString();
    return path;
  }

  static std::string ReadAll(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
  }

  static void WriteAll(const std::string& path, const std::string& bytes) {
    std::ofstream out(path, std::ios::binary);
    out << bytes;
  }

  static bool HaveTool(const std::string& tool) {
    return std::system(("command -v " + tool + " >/dev/null 2>&1").c_str()) == 0;
  }

  static bool Run(const std::string& command) {
    return std::system((command + " >/dev/null 2>&1").c_str()) == 0;
  }

  static std::unique_ptr<PdfDocument> MustOpen(const std::string& path) {
    auto doc = PdfDocument::Open(path);
    EXPECT_TRUE(doc.ok()) << doc.status().ToString();
    return doc.ok() ? std::move(doc).value() : nullptr;
  }

  fs::path dir_;
};

TEST_F(PdfDocumentTest, WrittenPdfHasOnePagePerElement) {
  const auto path = WritePdf("letter.pdf", {"first page", "second page", "third page"});
  auto doc = MustOpen(path);
  ASSERT_NE(doc, nullptr);
  EXPECT_EQ(doc->page_count(), 3);
}

TEST_F(PdfDocumentTest, AnnotationAndFormFieldTextIsExtracted) {
  // Objects without an xref table: MuPDF rebuilds it, as it does for damaged files.
  const std::string ap = "BT /Helv 10 Tf 2 5 Td (Field value Okafor) Tj ET";
  const std::string body = "Body words";
  const std::string content = "BT /Helv 12 Tf 72 700 Td (" + body + ") Tj ET";
  std::string pdf = "%PDF-1.7\n";
  pdf += "1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n";
  pdf += "2 0 obj << /Type /Pages /Kids [3 0 R] /Count 1 >> endobj\n";
  pdf += "3 0 obj << /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
         "/Resources << /Font << /Helv 5 0 R >> >> /Annots [6 0 R] >> endobj\n";
  pdf += "4 0 obj << /Length " + std::to_string(content.size()) + " >> stream\n" + content + "\nendstream endobj\n";
  pdf += "5 0 obj << /Type /Font /Subtype /Type1 /BaseFont /Helvetica >> endobj\n";
  pdf += "6 0 obj << /Type /Annot /Subtype /Widget /FT /Tx /T (name) /V (Field value Okafor) /Rect [72 500 272 520] "
         "/AP << /N 7 0 R >> >> endobj\n";
  pdf += "7 0 obj << /Type /XObject /Subtype /Form /BBox [0 0 200 20] /Resources << /Font << /Helv 5 0 R >> >> "
         "/Length " + std::to_string(ap.size()) + " >> stream\n" + ap + "\nendstream endobj\n";
  pdf += "trailer << /Root 1 0 R >>\n%%EOF\n";
  const auto path = (dir_ / "form.pdf").string();
  std::ofstream(path, std::ios::binary) << pdf;
  auto doc = MustOpen(path);
  ASSERT_NE(doc, nullptr);
  auto text = doc->ExtractText(0);
  ASSERT_TRUE(text.ok()) << text.status().ToString();
  EXPECT_NE(text->text.find("Body words"), std::string::npos);
  EXPECT_NE(text->text.find("Field value Okafor"), std::string::npos) << text->text;
}

TEST_F(PdfDocumentTest, ExtractTextReturnsWordsInOrderWithBoxes) {
  const auto path = WritePdf(
      "letter.pdf", {"Dear Siân Jones,\nYour request SAR-2024-0042 was received on 3 May."});
  auto doc = MustOpen(path);
  ASSERT_NE(doc, nullptr);
  auto page = doc->ExtractText(0);
  ASSERT_TRUE(page.ok()) << page.status().ToString();

  EXPECT_EQ(page->index, 0);
  EXPECT_NEAR(page->width, 595, 1);
  EXPECT_NEAR(page->height, 842, 1);
  EXPECT_EQ(page->text, "Dear Siân Jones,\nYour request SAR-2024-0042 was received on 3 May.");

  const std::vector<std::string> expected = {"Dear",          "Siân", "Jones,",   "Your", "request",
                                             "SAR-2024-0042", "was",  "received", "on",   "3",
                                             "May."};
  ASSERT_EQ(page->words.size(), expected.size());
  for (std::size_t i = 0; i < expected.size(); ++i) {
    const Word& w = page->words[i];
    EXPECT_EQ(w.text, expected[i]);
    EXPECT_GT(w.x0, 0);
    EXPECT_LT(w.x0, w.x1);
    EXPECT_LT(w.x1, page->width);
    EXPECT_GT(w.y0, 0);
    EXPECT_LT(w.y0, w.y1);
    EXPECT_LT(w.y1, page->height / 4);  // two lines near the top, origin top-left
  }
  // Along a line x increases; the second line sits below the first.
  EXPECT_LT(page->words[0].x1, page->words[1].x0);
  EXPECT_LT(page->words[1].x1, page->words[2].x0);
  EXPECT_NEAR(page->words[3].x0, page->words[0].x0, 0.5);
  EXPECT_NEAR(page->words[3].y0 - page->words[0].y0, 14, 0.5);  // 14pt leading
  EXPECT_NEAR(page->words[0].y1 - page->words[0].y0, 11, 5);    // Helvetica 11pt
}

TEST_F(PdfDocumentTest, Latin1TextSurvivesTheRoundTrip) {
  const auto path = WritePdf("names.pdf", {"Siân Öztürk café naïve £250 Ærøskøbing"});
  auto doc = MustOpen(path);
  ASSERT_NE(doc, nullptr);
  auto page = doc->ExtractText(0);
  ASSERT_TRUE(page.ok()) << page.status().ToString();
  EXPECT_EQ(page->text, "Siân Öztürk café naïve £250 Ærøskøbing");
}

TEST_F(PdfDocumentTest, LongParagraphsWrapInsideThePage) {
  std::string paragraph;
  for (int i = 0; i < 120; ++i) paragraph += "word" + std::to_string(i) + " ";
  const auto path = WritePdf("long.pdf", {paragraph});
  auto doc = MustOpen(path);
  ASSERT_NE(doc, nullptr);
  auto page = doc->ExtractText(0);
  ASSERT_TRUE(page.ok()) << page.status().ToString();
  ASSERT_EQ(page->words.size(), 120u);
  int lines = 1;
  for (std::size_t i = 0; i < page->words.size(); ++i) {
    EXPECT_EQ(page->words[i].text, "word" + std::to_string(i));
    EXPECT_LT(page->words[i].x1, page->width - 40);
    if (i > 0 && page->words[i].y0 > page->words[i - 1].y0 + 5) ++lines;
  }
  EXPECT_GT(lines, 3);
}

TEST_F(PdfDocumentTest, AWordLongerThanALineIsBrokenNotLost) {
  const std::string blob(400, 'x');
  const auto path = WritePdf("blob.pdf", {blob});
  auto doc = MustOpen(path);
  ASSERT_NE(doc, nullptr);
  auto page = doc->ExtractText(0);
  ASSERT_TRUE(page.ok()) << page.status().ToString();
  std::size_t total = 0;
  for (const Word& w : page->words) {
    total += w.text.size();
    EXPECT_LT(w.x1, page->width);
  }
  EXPECT_EQ(total, blob.size());
  EXPECT_GT(page->words.size(), 1u);
}

TEST_F(PdfDocumentTest, TextTooLongForAPageContinuesOnTheNext) {
  std::string text;
  for (int i = 0; i < 100; ++i) text += "line " + std::to_string(i) + "\n";
  const auto path = WritePdf("overflow.pdf", {text});
  auto doc = MustOpen(path);
  ASSERT_NE(doc, nullptr);
  ASSERT_EQ(doc->page_count(), 2);
  auto second = doc->ExtractText(1);
  ASSERT_TRUE(second.ok()) << second.status().ToString();
  EXPECT_NE(second->text.find("line 99"), std::string::npos);
}

TEST_F(PdfDocumentTest, MalformedUtf8IsWrittenWithoutLosingTheRest) {
  const auto path = WritePdf("bad.pdf", {"before \xff\xfe after"});
  auto doc = MustOpen(path);
  ASSERT_NE(doc, nullptr);
  auto page = doc->ExtractText(0);
  ASSERT_TRUE(page.ok()) << page.status().ToString();
  ASSERT_GE(page->words.size(), 2u);
  EXPECT_EQ(page->words.front().text, "before");
  EXPECT_EQ(page->words.back().text, "after");
}

TEST_F(PdfDocumentTest, WriteTextPdfRefusesNoPagesAndUnwritablePaths) {
  EXPECT_EQ(WriteTextPdf(Path("none.pdf"), {}).code(), ErrorCode::kInvalidArgument);
  EXPECT_FALSE(WriteTextPdf(Path("missing/folder/x.pdf"), {"text"}).ok());
}

TEST_F(PdfDocumentTest, OpenMemoryReadsTheSameDocument) {
  const auto path = WritePdf("letter.pdf", {"hello", "world"});
  auto doc = PdfDocument::OpenMemory(ReadAll(path));
  ASSERT_TRUE(doc.ok()) << doc.status().ToString();
  EXPECT_EQ((*doc)->page_count(), 2);
  auto page = (*doc)->ExtractText(1);
  ASSERT_TRUE(page.ok()) << page.status().ToString();
  EXPECT_EQ(page->text, "world");
}

TEST_F(PdfDocumentTest, RenderPngReturnsAPng) {
  const auto path = WritePdf("letter.pdf", {"Dear Siân"});
  auto doc = MustOpen(path);
  ASSERT_NE(doc, nullptr);
  auto png = doc->RenderPng(0, 72);
  ASSERT_TRUE(png.ok()) << png.status().ToString();
  ASSERT_GT(png->size(), 8u);
  EXPECT_EQ(png->substr(0, 8), std::string("\x89PNG\r\n\x1a\n", 8));
}

TEST_F(PdfDocumentTest, RenderPngRefusesTooManyPixels) {
  const auto path = WritePdf("letter.pdf", {"Dear Siân"});
  auto doc = MustOpen(path);
  ASSERT_NE(doc, nullptr);
  auto png = doc->RenderPng(0, 2000);  // A4 at 2000 dpi is ~387 million pixels
  ASSERT_FALSE(png.ok());
  EXPECT_EQ(png.status().code(), ErrorCode::kInvalidArgument);
  EXPECT_NE(png.status().message().find("pixels"), std::string::npos);
  EXPECT_FALSE(doc->RenderPng(0, 0).ok());
  EXPECT_FALSE(doc->RenderPng(0, -72).ok());
}

TEST_F(PdfDocumentTest, RenderPngHonoursASmallerPixelLimit) {
  const auto path = WritePdf("letter.pdf", {"Dear Siân"});
  Limits limits;
  limits.max_render_pixels = 100'000;  // A4 at 72 dpi is ~500,000
  auto doc = PdfDocument::Open(path, limits);
  ASSERT_TRUE(doc.ok());
  EXPECT_FALSE((*doc)->RenderPng(0, 72).ok());
  EXPECT_TRUE((*doc)->RenderPng(0, 30).ok());
}

TEST_F(PdfDocumentTest, TextPageDoesNotLookScanned) {
  const auto path = WritePdf("letter.pdf", {"Dear Siân"});
  auto doc = MustOpen(path);
  ASSERT_NE(doc, nullptr);
  auto scanned = doc->LooksScanned(0);
  ASSERT_TRUE(scanned.ok()) << scanned.status().ToString();
  EXPECT_FALSE(*scanned);
}

TEST_F(PdfDocumentTest, BlankPageDoesNotLookScanned) {
  const auto path = WritePdf("blank.pdf", {""});
  auto doc = MustOpen(path);
  ASSERT_NE(doc, nullptr);
  auto scanned = doc->LooksScanned(0);
  ASSERT_TRUE(scanned.ok()) << scanned.status().ToString();
  EXPECT_FALSE(*scanned);
}

TEST_F(PdfDocumentTest, ImageOnlyPageLooksScanned) {
  if (!HaveTool("mutool")) GTEST_SKIP() << "mutool (Debian: mupdf-tools) is not installed";
  // A scan: the picture of a text page, with no text of its own.
  auto text_doc = MustOpen(WritePdf("letter.pdf", {"Dear Siân"}));
  ASSERT_NE(text_doc, nullptr);
  auto png = text_doc->RenderPng(0, 50);
  ASSERT_TRUE(png.ok()) << png.status().ToString();
  WriteAll(Path("scan.png"), *png);
  WriteAll(Path("page.txt"), "%%MediaBox 0 0 595 842\n%%Image Im0 " + Path("scan.png") +
                                 "\nq 595 0 0 842 0 0 cm /Im0 Do Q\n");
  ASSERT_TRUE(Run("mutool create -o " + Path("scan.pdf") + " " + Path("page.txt")));

  auto doc = MustOpen(Path("scan.pdf"));
  ASSERT_NE(doc, nullptr);
  auto scanned = doc->LooksScanned(0);
  ASSERT_TRUE(scanned.ok()) << scanned.status().ToString();
  EXPECT_TRUE(*scanned);
  auto text = doc->ExtractText(0);
  ASSERT_TRUE(text.ok()) << text.status().ToString();
  EXPECT_TRUE(text->words.empty());
}

TEST_F(PdfDocumentTest, ZeroByteFileIsEmpty) {
  WriteAll(Path("empty.pdf"), "");
  auto doc = PdfDocument::Open(Path("empty.pdf"));
  ASSERT_FALSE(doc.ok());
  EXPECT_EQ(doc.status().code(), ErrorCode::kInvalidArgument);
  EXPECT_EQ(doc.status().message(), "this file is empty");
  EXPECT_EQ(PdfDocument::OpenMemory("").status().message(), "this file is empty");
}

TEST_F(PdfDocumentTest, MissingFileIsNotFound) {
  auto doc = PdfDocument::Open(Path("nowhere.pdf"));
  ASSERT_FALSE(doc.ok());
  EXPECT_EQ(doc.status().code(), ErrorCode::kNotFound);
}

TEST_F(PdfDocumentTest, RandomBytesAreDamaged) {
  std::mt19937 random(42);
  for (int round = 0; round < 20; ++round) {
    std::string bytes(4096, '\0');
    for (char& b : bytes) b = static_cast<char>(random() & 0xff);
    if (round % 2 == 1) bytes.replace(0, 9, "%PDF-1.7\n");  // a plausible header
    auto doc = PdfDocument::OpenMemory(bytes);
    ASSERT_FALSE(doc.ok()) << "round " << round;
    EXPECT_EQ(doc.status().message(), kDamaged) << "round " << round;
  }
}

TEST_F(PdfDocumentTest, TextFileIsDamaged) {
  WriteAll(Path("notes.pdf"), "Dear Sir, this is a text file and not a PDF at all.\n");
  auto doc = PdfDocument::Open(Path("notes.pdf"));
  ASSERT_FALSE(doc.ok());
  EXPECT_EQ(doc.status().message(), kDamaged);
}

TEST_F(PdfDocumentTest, TruncatedPdfOpensWithFewerPagesOrFailsCleanly) {
  std::vector<std::string> pages;
  for (int i = 0; i < 6; ++i) pages.push_back("page " + std::to_string(i) + " of the letter");
  const std::string whole = ReadAll(WritePdf("letter.pdf", pages));
  for (std::size_t cut : {whole.size() / 2, whole.size() / 3, whole.size() - 10, std::size_t{20}}) {
    auto doc = PdfDocument::OpenMemory(whole.substr(0, cut));
    if (!doc.ok()) {
      EXPECT_EQ(doc.status().message(), kDamaged) << "cut at " << cut;
      continue;
    }
    EXPECT_LE((*doc)->page_count(), 6) << "cut at " << cut;
    for (int p = 0; p < (*doc)->page_count(); ++p) {
      auto text = (*doc)->ExtractText(p);
      if (!text.ok()) {
        EXPECT_EQ(text.status().message(), kDamaged);
      }
      auto png = (*doc)->RenderPng(p, 10);
      if (!png.ok()) {
        EXPECT_EQ(png.status().message(), kDamaged);
      }
      (void)(*doc)->LooksScanned(p);
    }
  }
}

TEST_F(PdfDocumentTest, PasswordProtectedPdfIsRefused) {
  const auto plain = WritePdf("plain.pdf", {"confidential"});
  const auto locked = Path("locked.pdf");
  if (HaveTool("qpdf")) {
    ASSERT_TRUE(Run("qpdf --encrypt user owner 256 -- " + plain + " " + locked));
  } else if (HaveTool("mutool")) {
    ASSERT_TRUE(Run("mutool clean -E aes-256 -U user -O owner " + plain + " " + locked));
  } else {
    GTEST_SKIP() << "neither qpdf nor mutool is installed";
  }
  auto doc = PdfDocument::Open(locked);
  ASSERT_FALSE(doc.ok());
  EXPECT_EQ(doc.status().code(), ErrorCode::kInvalidArgument);
  EXPECT_EQ(doc.status().message(), kPassword);
}

TEST_F(PdfDocumentTest, OwnerPasswordOnlyStillOpens) {
  if (!HaveTool("qpdf")) GTEST_SKIP() << "qpdf is not installed";
  const auto plain = WritePdf("plain.pdf", {"no printing"});
  const auto restricted = Path("restricted.pdf");
  ASSERT_TRUE(Run("qpdf --encrypt '' owner 256 --print=none -- " + plain + " " + restricted));
  auto doc = PdfDocument::Open(restricted);
  ASSERT_TRUE(doc.ok()) << doc.status().ToString();
  auto page = (*doc)->ExtractText(0);
  ASSERT_TRUE(page.ok()) << page.status().ToString();
  EXPECT_EQ(page->text, "no printing");
}

TEST_F(PdfDocumentTest, FileOverMaxBytesIsRefused) {
  Limits limits;
  limits.max_bytes = 1 << 20;
  const std::string bytes((1 << 20) + 1, 'x');
  WriteAll(Path("big.pdf"), bytes);
  auto doc = PdfDocument::Open(Path("big.pdf"), limits);
  ASSERT_FALSE(doc.ok());
  EXPECT_EQ(doc.status().message(), "this file is larger than the limit of 1 MiB");
  EXPECT_EQ(PdfDocument::OpenMemory(bytes, limits).status().message(),
            "this file is larger than the limit of 1 MiB");
}

TEST_F(PdfDocumentTest, MorePagesThanMaxPagesIsRefused) {
  const auto path = WritePdf("three.pdf", {"one", "two", "three"});
  Limits limits;
  limits.max_pages = 2;
  auto doc = PdfDocument::Open(path, limits);
  ASSERT_FALSE(doc.ok());
  EXPECT_EQ(doc.status().message(), "this PDF has more than 2 pages");
  limits.max_pages = 3;
  EXPECT_TRUE(PdfDocument::Open(path, limits).ok());
}

TEST_F(PdfDocumentTest, PageOutOfRangeIsInvalid) {
  auto doc = MustOpen(WritePdf("two.pdf", {"one", "two"}));
  ASSERT_NE(doc, nullptr);
  for (int page : {-1, 2, 1000}) {
    auto text = doc->ExtractText(page);
    ASSERT_FALSE(text.ok());
    EXPECT_EQ(text.status().code(), ErrorCode::kInvalidArgument);
    EXPECT_EQ(doc->RenderPng(page, 72).status().code(), ErrorCode::kInvalidArgument);
    EXPECT_EQ(doc->LooksScanned(page).status().code(), ErrorCode::kInvalidArgument);
  }
  EXPECT_EQ(doc->ExtractText(2).status().message(), "page 3 does not exist: this PDF has 2 pages");
}

TEST_F(PdfDocumentTest, SeparateDocumentsWorkOnSeparateThreads) {
  const auto path = WritePdf("letter.pdf", {"Dear Siân", "Yours sincerely"});
  std::vector<std::string> seen(4);
  std::vector<std::thread> threads;
  for (std::size_t t = 0; t < seen.size(); ++t) {
    threads.emplace_back([&, t] {
      for (int round = 0; round < 5; ++round) {
        auto doc = PdfDocument::Open(path);
        if (!doc.ok()) return;
        auto text = (*doc)->ExtractText(1);
        auto png = (*doc)->RenderPng(0, 36);
        if (text.ok() && png.ok()) seen[t] = text->text;
      }
    });
  }
  for (auto& thread : threads) thread.join();
  for (const auto& text : seen) EXPECT_EQ(text, "Yours sincerely");
}

}  // namespace
}  // namespace sardesk::pdf
