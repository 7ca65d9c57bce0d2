#include "bundle/bundle_pdf.h"

#include <gtest/gtest.h>

#include <algorithm>

#include "bundle/bundle_test_support.h"
#include "pdf/pdf_document.h"

namespace sardesk::bundle {
namespace {

using testing::Contains;
using testing::PdfText;
using testing::QpdfPages;
using testing::Quote;
using testing::Shell;

class BundlePdfTest : public ::testing::Test {
 protected:
  std::string MakePdf(const std::string& name, const std::vector<std::string>& pages) {
    auto path = (dir_.path() / name).string();
    EXPECT_TRUE(pdf::WriteTextPdf(path, pages).ok());
    return path;
  }
  testing::TempDir dir_;
};

TEST_F(BundlePdfTest, AssemblesRunsInOrderAndStampsEveryPage) {
  auto a = MakePdf("a.pdf", {"Alpha page one", "Alpha page two", "Alpha page three"});
  auto b = MakePdf("b.pdf", {"Bravo page one"});
  auto out = dir_.path() / "bundle.pdf";
  VolumeLayout layout{"SAR-2026-000001", {{"Alpha", a, {0, 2}}, {"Bravo", b, {}}}};
  auto pages = AssembleVolume(layout, out.string());
  ASSERT_TRUE(pages.ok()) << pages.status().message();
  EXPECT_EQ(*pages, 3);
  EXPECT_EQ(QpdfPages(out), 3);
  int rc = -1;
  Shell("qpdf --check " + Quote(out), &rc);
  EXPECT_EQ(rc, 0);
  EXPECT_TRUE(Contains(PdfText(out, 1), "Alpha page one"));
  EXPECT_TRUE(Contains(PdfText(out, 2), "Alpha page three"));  // page two left out
  EXPECT_FALSE(Contains(PdfText(out), "Alpha page two"));
  EXPECT_TRUE(Contains(PdfText(out, 3), "Bravo page one"));
  for (int p = 1; p <= 3; ++p) {
    std::string text = PdfText(out, p);
    EXPECT_TRUE(Contains(text, "SAR-2026-000001")) << text;
    EXPECT_TRUE(Contains(text, "Page " + std::to_string(p) + " of 3")) << text;
  }
}

TEST_F(BundlePdfTest, ReportsProgressAsTheVolumeIsWritten) {
  std::vector<std::string> texts;
  for (int i = 0; i < 40; ++i) texts.push_back("Page text " + std::to_string(i));
  auto a = MakePdf("many.pdf", texts);
  std::vector<int> seen;
  auto pages = AssembleVolume({"REF", {{"Many", a, {}}}}, (dir_.path() / "many-out.pdf").string(),
                              [&](int percent) { seen.push_back(percent); });
  ASSERT_TRUE(pages.ok()) << pages.status().message();
  EXPECT_EQ(*pages, 40);
  ASSERT_FALSE(seen.empty());
  EXPECT_TRUE(std::is_sorted(seen.begin(), seen.end()));
  EXPECT_EQ(seen.back(), 100);
  EXPECT_GE(seen.front(), 0);
}

TEST_F(BundlePdfTest, BookmarksEachRunAtItsFirstPage) {
  auto a = MakePdf("a.pdf", {"one", "two"});
  auto b = MakePdf("b.pdf", {"three"});
  auto out = dir_.path() / "bundle.pdf";
  ASSERT_TRUE(AssembleVolume({"REF", {{"Index", a, {}}, {"Letter from school.pdf", b, {}}}}, out.string()).ok());
  std::string json = Shell("qpdf --json --json-key=outlines " + Quote(out));
  EXPECT_TRUE(Contains(json, "\"title\": \"Index\"")) << json;
  EXPECT_TRUE(Contains(json, "\"title\": \"Letter from school.pdf\"")) << json;
  // Each outline object: the first points at page 1, the second at page 3.
  auto first = json.find("\"title\": \"Index\"");
  auto second = json.find("\"title\": \"Letter from school.pdf\"");
  ASSERT_NE(first, std::string::npos);
  ASSERT_NE(second, std::string::npos);
  auto object_of = [&](size_t at) { return json.substr(json.rfind('{', at), at - json.rfind('{', at)); };
  EXPECT_TRUE(Contains(object_of(first), "\"destpageposfrom1\": 1")) << json;
  EXPECT_TRUE(Contains(object_of(second), "\"destpageposfrom1\": 3")) << json;
}

TEST_F(BundlePdfTest, RefusesAPageThatDoesNotExist) {
  auto a = MakePdf("a.pdf", {"one"});
  auto r = AssembleVolume({"REF", {{"A", a, {4}}}}, (dir_.path() / "x.pdf").string());
  ASSERT_FALSE(r.ok());
  EXPECT_TRUE(Contains(r.status().message(), "page 5"));
}

TEST_F(BundlePdfTest, RefusesAnEmptyBundleAndADamagedInput) {
  auto a = MakePdf("a.pdf", {"one"});
  EXPECT_FALSE(AssembleVolume({"REF", {}}, (dir_.path() / "x.pdf").string()).ok());
  auto bad = dir_.path() / "bad.pdf";
  FILE* f = fopen(bad.c_str(), "w");
  fputs("not a pdf", f);
  fclose(f);
  EXPECT_FALSE(AssembleVolume({"REF", {{"A", bad.string(), {}}}}, (dir_.path() / "y.pdf").string()).ok());
  EXPECT_FALSE(CountPages(bad.string()).ok());
  EXPECT_EQ(*CountPages(a), 1);
}

TEST_F(BundlePdfTest, EncryptedPdfOpensOnlyWithThePassword) {
  auto a = MakePdf("a.pdf", {"The released record"});
  auto out = dir_.path() / "locked.pdf";
  ASSERT_TRUE(EncryptPdf(a, out.string(), "abcde-fghjk", "owner-secret").ok());
  int rc = -1;
  Shell("qpdf --requires-password " + Quote(out), &rc);
  EXPECT_EQ(rc, 0) << "qpdf: 0 means a password is required";
  std::string info = Shell("qpdf --show-encryption --password=abcde-fghjk " + Quote(out));
  EXPECT_TRUE(Contains(info, "AESv3")) << info;  // AES-256
  EXPECT_FALSE(Contains(PdfText(out), "released record"));
  EXPECT_TRUE(Contains(PdfText(out, 0, "abcde-fghjk"), "The released record"));
  Shell("qpdf --check --password=wrong " + Quote(out), &rc);
  EXPECT_NE(rc, 0);
  Shell("qpdf --check --password=abcde-fghjk " + Quote(out), &rc);
  EXPECT_EQ(rc, 0);
  EXPECT_FALSE(EncryptPdf(a, (dir_.path() / "n.pdf").string(), "", "o").ok());
}

TEST_F(BundlePdfTest, ATaggedVolumeTagsEveryPageInReadingOrder) {
  auto a = MakePdf("a.pdf", {"Alpha page one", "Alpha page two"});
  auto b = MakePdf("b.pdf", {"Bravo page one"});
  auto out = dir_.path() / "bundle.pdf";
  VolumeLayout layout{"REF", {{"Alpha.pdf", a, {}}, {"Bravo.pdf", b, {}}}};
  layout.tagged = true;
  layout.title = "Your records: REF";
  ASSERT_TRUE(AssembleVolume(layout, out.string()).ok());
  int rc = -1;
  Shell("qpdf --check " + Quote(out), &rc);
  EXPECT_EQ(rc, 0);
  std::string info = Shell("pdfinfo " + Quote(out));
  EXPECT_TRUE(Contains(info, "Tagged:          yes")) << info;
  EXPECT_TRUE(Contains(info, "Title:           Your records: REF")) << info;
  std::string raw = Shell("qpdf --qdf --object-streams=disable " + Quote(out) + " -");
  EXPECT_TRUE(Contains(raw, "/Lang (en-GB)"));
  EXPECT_TRUE(Contains(raw, "/S /Sect"));
  EXPECT_TRUE(Contains(raw, "/T (Bravo.pdf)"));
  EXPECT_TRUE(Contains(raw, "/P <</MCID 0>> BDC"));
  EXPECT_TRUE(Contains(raw, "/Artifact BMC"));  // the stamp, outside the tags
  EXPECT_TRUE(Contains(PdfText(out, 3), "Bravo page one"));
}

TEST_F(BundlePdfTest, LargePrintEnlargesTheRecordsAndTheStamp) {
  auto a = MakePdf("a.pdf", {"Alpha page one"});
  auto out = dir_.path() / "bundle.pdf";
  VolumeLayout layout{"REF", {{"Alpha.pdf", a, {}, 1.414}}};
  layout.stamp_size = 14;
  ASSERT_TRUE(AssembleVolume(layout, out.string()).ok());
  int rc = -1;
  Shell("qpdf --check " + Quote(out), &rc);
  EXPECT_EQ(rc, 0);
  std::string info = Shell("pdfinfo " + Quote(out));
  EXPECT_TRUE(Contains(info, "(A3)")) << info;  // A4 enlarged: 841 x 1191 points
  EXPECT_TRUE(Contains(PdfText(out), "Alpha page one"));
  EXPECT_TRUE(Contains(PdfText(out), "Page 1 of 1"));
  std::string raw = Shell("qpdf --qdf --object-streams=disable " + Quote(out) + " -");
  EXPECT_TRUE(Contains(raw, "1.4140 0 0 1.4140 0 0 cm"));
  EXPECT_TRUE(Contains(raw, "/SardeskStamp 14.00 Tf"));
}

}  // namespace
}  // namespace sardesk::bundle
