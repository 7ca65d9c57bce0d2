#include "ingest/file_kind.h"

#include <gtest/gtest.h>

namespace sardesk::ingest {
namespace {

TEST(DetectKind, TrustsContentNotTheExtension) {
  EXPECT_EQ(DetectKind("%PDF-1.7\n...", "letter.docx"), FileKind::kPdf);
  EXPECT_EQ(DetectKind(std::string_view("PK\x03\x04rest", 8), "file.pdf"), FileKind::kZip);
  EXPECT_EQ(DetectKind("\x89PNG\r\n\x1a\nxxxx", "scan.pdf"), FileKind::kPng);
  EXPECT_EQ(DetectKind("\xFF\xD8\xFF\xE0xx", "a.txt"), FileKind::kJpeg);
  EXPECT_EQ(DetectKind(std::string_view("II*\0xxxx", 8), "a"), FileKind::kTiff);
  EXPECT_EQ(DetectKind("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1xx", "a.msg"), FileKind::kOle);
  EXPECT_EQ(DetectKind("{\\rtf1\\ansi", "a.doc"), FileKind::kRtf);
}

TEST(DetectKind, RecognisesEmailHtmlAndText) {
  EXPECT_EQ(DetectKind("From: a@b.c\nTo: d@e.f\nSubject: hi\n\nbody", "x"), FileKind::kEmail);
  EXPECT_EQ(DetectKind("  <!DOCTYPE html><html>", "x"), FileKind::kHtml);
  EXPECT_EQ(DetectKind("Case note 12 March\nVisited the family.", "notes.pdf"), FileKind::kText);
  EXPECT_EQ(DetectKind("name,dob\nA,2001-01-01\n", "list.csv"), FileKind::kText);
}

TEST(DetectKind, EmptyAndBinaryJunk) {
  EXPECT_EQ(DetectKind("", "a.pdf"), FileKind::kEmpty);
  EXPECT_EQ(DetectKind(std::string_view("\x01\x02\x00\x03\x04", 5), "a.pdf"), FileKind::kUnknown);
}

TEST(MediaType, UsesTheExtensionOnlyWithinAKind) {
  EXPECT_EQ(MediaType(FileKind::kZip, "Report.DOCX"),
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document");
  EXPECT_EQ(MediaType(FileKind::kText, "list.csv"), "text/csv");
  EXPECT_EQ(MediaType(FileKind::kPdf, "x.txt"), "application/pdf");
}

TEST(UnsupportedReason, SaysWhatToDo) {
  EXPECT_EQ(UnsupportedReason(FileKind::kPdf, "a.pdf"), "");
  EXPECT_EQ(UnsupportedReason(FileKind::kText, "a.txt"), "");
  EXPECT_NE(UnsupportedReason(FileKind::kEmpty, "a.pdf").find("empty"), std::string::npos);
  EXPECT_NE(UnsupportedReason(FileKind::kOle, "mail.msg").find(".eml"), std::string::npos);
  EXPECT_NE(UnsupportedReason(FileKind::kUnknown, "x.bin").find("ask the service area"), std::string::npos);
}

TEST(UnsupportedReason, TakesOfficeEmailHtmlAndZipButNotPresentations) {
  for (auto [kind, name] : {std::pair{FileKind::kZip, "a.zip"}, {FileKind::kZip, "a.docx"}, {FileKind::kOle, "a.doc"},
                            {FileKind::kOle, "a.xls"}, {FileKind::kRtf, "a.rtf"}, {FileKind::kEmail, "a.eml"},
                            {FileKind::kHtml, "a.html"}})
    EXPECT_EQ(UnsupportedReason(kind, name), "") << name;
  EXPECT_NE(UnsupportedReason(FileKind::kZip, "slides.pptx").find("presentation"), std::string::npos);
  EXPECT_NE(UnsupportedReason(FileKind::kOle, "slides.ppt").find("presentation"), std::string::npos);
}

TEST(UnsupportedReason, TakesImagesWhateverTheirExtension) {
  for (auto [kind, name] : {std::pair{FileKind::kPng, "scan.png"}, {FileKind::kJpeg, "photo.jpg"},
                            {FileKind::kTiff, "fax.tif"}, {FileKind::kPng, "scan.pdf"}})
    EXPECT_EQ(UnsupportedReason(kind, name), "") << name;
}

}  // namespace
}  // namespace sardesk::ingest
