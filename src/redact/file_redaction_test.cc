#include "redact/file_redaction.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <cstdio>
#include <fstream>

#include "pdf/image_pdf.h"
#include "pdf/image_test_support.h"
#include "ocr/recogniser.h"
#include "pdf/pdf_document.h"

namespace sardesk::redact {
namespace {

namespace fs = std::filesystem;

class FileRedaction : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("sardesk-fr-" + std::to_string(::getpid()) + ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::create_directories(dir_);
    in_ = (dir_ / "in.pdf").string();
    out_ = (dir_ / "out.pdf").string();
  }
  void TearDown() override { fs::remove_all(dir_); }
  std::string OutText() {
    auto r = pdf::LayoutReader::Open(out_);
    EXPECT_TRUE(r.ok());
    std::string all;
    for (int i = 0; i < (*r)->page_count(); ++i) all += (*r)->Read(i)->text + "\n";
    return all;
  }
  fs::path dir_;
  std::string in_, out_;
};

TEST_F(FileRedaction, DetectionRedactsThirdPartiesAndKeepsTheSubjectAndStaff) {
  ASSERT_TRUE(pdf::WriteTextPdf(in_, {"Home visit to Ellie Carter.\nEllie said her mum's partner Darren Pike "
                                      "shouted at her. Social worker Amy Shah spoke to Ellie.\n",
                                      "Darren Pike's phone is 07700 900123.\nEllie is safe."})
                  .ok());
  FileRedactionRequest req;
  req.in_path = in_;
  req.out_path = out_;
  detect::CaseContext ctx;
  ctx.subject.name = "Ellie Carter";
  ctx.staff.push_back({"Amy Shah", "Social Worker"});
  req.context = ctx;
  auto report = RedactFile(req);
  ASSERT_TRUE(report.ok()) << report.status().message();
  EXPECT_TRUE(report->verified);
  EXPECT_GE(report->from_detection, 3);
  std::string text = OutText();
  EXPECT_EQ(text.find("Darren"), std::string::npos) << text;
  EXPECT_EQ(text.find("900123"), std::string::npos) << text;
  EXPECT_NE(text.find("Ellie"), std::string::npos) << "the requester's own name is kept";
  EXPECT_NE(text.find("Amy Shah"), std::string::npos) << "staff acting in role are kept";
  EXPECT_NE(text.find("Third party information"), std::string::npos);
}

TEST_F(FileRedaction, TermsAndHandBoxes) {
  ASSERT_TRUE(pdf::WriteTextPdf(in_, {"Referral from Mrs Okonkwo about the family.\nThe top of this page stays."}).ok());
  FileRedactionRequest req;
  req.in_path = in_;
  req.out_path = out_;
  req.terms = {"okonkwo"};
  // The first line of WriteTextPdf is near the top: a box over its left part in PDF space.
  req.boxes.push_back({1, 60, 700, 120, 800, "legal_privilege"});
  auto report = RedactFile(req);
  ASSERT_TRUE(report.ok()) << report.status().message();
  EXPECT_EQ(report->from_terms, 1);
  EXPECT_EQ(report->from_boxes, 1);
  std::string text = OutText();
  EXPECT_EQ(text.find("Okonkwo"), std::string::npos);
  EXPECT_NE(text.find("about the family."), std::string::npos);
}

TEST_F(FileRedaction, TermsInAScannedImageAreFoundByOcrAndBurnedOut) {
  // A text page rendered to pixels and wrapped as an image-only PDF: a scan.
  const std::string text_pdf = (dir_ / "text.pdf").string();
  ASSERT_TRUE(pdf::WriteTextPdf(text_pdf, {"Letter from Mrs Okonkwo about the visit.\n\nPlease call the office."}).ok());
  auto doc = pdf::PdfDocument::Open(text_pdf);
  ASSERT_TRUE(doc.ok());
  auto png = (*doc)->RenderPng(0, 200);
  ASSERT_TRUE(png.ok());
  ASSERT_TRUE(pdf::WriteImagePdf(*png, in_).ok());
  FileRedactionRequest req;
  req.in_path = in_;
  req.out_path = out_;
  req.terms = {"Okonkwo"};
  auto report = RedactFile(req);
  ASSERT_TRUE(report.ok()) << report.status().message();
  EXPECT_EQ(report->ocr_pages, 1);
  EXPECT_GE(report->from_terms, 1) << "OCR found the term in the image";
  EXPECT_TRUE(report->verified);
  // Read the output's pixels back independently.
  auto out_doc = pdf::PdfDocument::Open(out_);
  ASSERT_TRUE(out_doc.ok());
  auto out_png = (*out_doc)->RenderPng(0, 200);
  ASSERT_TRUE(out_png.ok());
  const std::string page_png = (dir_ / "page.png").string();
  std::ofstream(page_png, std::ios::binary) << *out_png;
  std::string ocr;
  FILE* p = popen(("OMP_THREAD_LIMIT=1 tesseract '" + page_png + "' - 2>/dev/null").c_str(), "r");
  ASSERT_NE(p, nullptr);
  char buf[4096];
  size_t n;
  while ((n = fread(buf, 1, sizeof buf, p)) > 0) ocr.append(buf, n);
  pclose(p);
  EXPECT_EQ(ocr.find("Okonkwo"), std::string::npos) << ocr;
  EXPECT_NE(ocr.find("Please call the office"), std::string::npos) << "the rest of the scan is intact: " << ocr;
}

std::string OcrImages(const std::string& pdf_path) {
  auto doc = pdf::PdfDocument::Open(pdf_path);
  EXPECT_TRUE(doc.ok());
  auto engine = ocr::Recogniser::Create();
  EXPECT_TRUE(engine.ok());
  std::string text;
  for (int p = 0; p < (*doc)->page_count(); ++p) {
    auto images = (*doc)->PageImages(p);
    EXPECT_TRUE(images.ok());
    for (const auto& image : *images) {
      auto page = (*engine)->Recognise(image);
      if (page.ok()) text += page->text + "\n";
    }
  }
  return text;
}

TEST_F(FileRedaction, TextInAPartOfAnImageOffThePageIsNotLeftInTheFile) {
  // A scan whose lower half (naming the person again) hangs below the page:
  // OCR of the page sees one mention, an extracted image shows two.
  const std::string text_pdf = (dir_ / "text.pdf").string();
  ASSERT_TRUE(pdf::WriteTextPdf(text_pdf, {"Letter from Mrs Okonkwo about the visit.\nPlease call the office." +
                                           std::string(36, '\n') + "Copy sent to Mrs Okonkwo at home."})
                  .ok());
  auto doc = pdf::PdfDocument::Open(text_pdf);
  ASSERT_TRUE(doc.ok());
  auto scan = (*doc)->RenderGray(0, 150);
  ASSERT_TRUE(scan.ok());
  std::ofstream(in_, std::ios::binary) << pdf::testing::HalfShownImagePdf(*scan);
  ASSERT_NE(OcrImages(in_).find("Copy sent to Mrs Okonkwo"), std::string::npos) << "the trap holds the hidden line";

  FileRedactionRequest req;
  req.in_path = in_;
  req.out_path = out_;
  req.terms = {"Okonkwo"};
  auto report = RedactFile(req);
  ASSERT_TRUE(report.ok()) << report.status().message();
  EXPECT_TRUE(report->verified);
  EXPECT_EQ(report->from_terms, 1) << "only the mention on the page is seen";
  EXPECT_EQ(report->second_attempt_pages, 1) << "OCR of the extracted image failed the first attempt";
  const std::string extracted = OcrImages(out_);
  EXPECT_EQ(extracted.find("Okonkwo"), std::string::npos) << extracted;
  EXPECT_NE(extracted.find("Please call the office"), std::string::npos) << extracted;
}

TEST_F(FileRedaction, BadBoxesAndReasonsAreUserErrors) {
  ASSERT_TRUE(pdf::WriteTextPdf(in_, {"One page"}).ok());
  FileRedactionRequest req;
  req.in_path = in_;
  req.out_path = out_;
  req.boxes.push_back({3, 0, 0, 10, 10, ""});
  EXPECT_NE(RedactFile(req).status().message().find("page 3"), std::string::npos);
  req.boxes = {{1, 0, 0, 10, 10, "no_such_reason"}};
  EXPECT_NE(RedactFile(req).status().message().find("unknown reason"), std::string::npos);
  EXPECT_FALSE(fs::exists(out_));
}

}  // namespace
}  // namespace sardesk::redact
