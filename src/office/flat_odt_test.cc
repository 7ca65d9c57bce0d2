#include "office/flat_odt.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <memory>

#include "office/office_converter.h"

namespace sardesk::office {
namespace {

namespace fs = std::filesystem;

bool Contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

// Output of a shell command (the independent readers: poppler, qpdf).
std::string Shell(const std::string& command, int* status = nullptr) {
  std::string out;
  std::unique_ptr<FILE, int (*)(FILE*)> p(popen(command.c_str(), "r"), pclose);
  if (!p) return out;
  char buf[4096];
  size_t n;
  while ((n = fread(buf, 1, sizeof buf, p.get())) > 0) out.append(buf, n);
  int rc = pclose(p.release());
  if (status) *status = rc;
  return out;
}

TEST(FlatOdt, EscapesTextAndDropsControlCharacters) {
  FlatOdtDocument d;
  d.title = "A & B <records>";
  d.blocks = {{TextBlock::Kind::kParagraph, "Tom & \"Jerry\" <b>\x01\x1f", false}};
  std::string x = WriteFlatOdt(d);
  EXPECT_TRUE(Contains(x, "<dc:title>A &amp; B &lt;records&gt;</dc:title>"));
  EXPECT_TRUE(Contains(x, "Tom &amp; &quot;Jerry&quot; &lt;b&gt;</text:p>"));
  EXPECT_FALSE(Contains(x, "\x01"));
  EXPECT_TRUE(Contains(x, "fo:language=\"en\" fo:country=\"GB\""));
}

TEST(FlatOdt, WritesHeadingsListsAndPageBreaks) {
  FlatOdtDocument d;
  d.font_pt = 18;
  d.blocks = BlocksFromPlainText(
      "Where we searched\n\nWe asked:\n\n- Children's services: Records received\n"
      "  A note about it\n- Adult services: No records found\n",
      true, true);
  ASSERT_EQ(d.blocks.size(), 4u);
  EXPECT_EQ(d.blocks[0].kind, TextBlock::Kind::kHeading);
  EXPECT_TRUE(d.blocks[0].new_page);
  EXPECT_EQ(d.blocks[1].kind, TextBlock::Kind::kParagraph);
  EXPECT_EQ(d.blocks[2].kind, TextBlock::Kind::kListItem);
  EXPECT_EQ(d.blocks[2].text, "Children's services: Records received A note about it");
  std::string x = WriteFlatOdt(d);
  EXPECT_TRUE(
      Contains(x, "<text:h text:style-name=\"H1PageBreak\" text:outline-level=\"1\">Where we searched</text:h>"));
  EXPECT_TRUE(Contains(x, "fo:font-size=\"18.00pt\""));
  EXPECT_TRUE(Contains(x, "<text:list text:style-name=\"Bullets\">"));
  EXPECT_EQ(x.find("<text:list "), x.rfind("<text:list "));  // one list, two items
}

TEST(FlatOdt, FormFeedStartsANewPage) {
  auto blocks = BlocksFromPlainText("Index\n\nfirst.pdf: page 3\fsecond.pdf: page 4\n", true, false);
  ASSERT_EQ(blocks.size(), 3u);
  EXPECT_FALSE(blocks[0].new_page);
  EXPECT_FALSE(blocks[1].new_page);
  EXPECT_TRUE(blocks[2].new_page);
}

// One LibreOffice run: a tagged PDF that poppler sees as tagged and reads.
// (The Word form is tested with the letters, letter_service_test.cc.)
class FlatOdtConversion : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = (fs::path(::testing::TempDir()) / ("flat_odt_" + std::to_string(::getpid()))).string();
    fs::create_directories(dir_);
    doc_.title = "Your records, SAR-2026-000042";
    doc_.font_pt = 18;
    doc_.blocks = BlocksFromPlainText(
        "About this bundle\n\nThis bundle holds copies of the records.\n\n"
        "- Third-party information: removed 3 times\n- Legal advice: removed once\n",
        true, false);
  }
  void TearDown() override { fs::remove_all(dir_); }
  std::string dir_;
  FlatOdtDocument doc_;
};

TEST_F(FlatOdtConversion, MakesATaggedSearchablePdf) {
  const std::string pdf = dir_ + "/tagged.pdf";
  ASSERT_TRUE(ConvertFlatOdt(WriteFlatOdt(doc_), WrittenFormat::kTaggedPdf, pdf, {}).ok());
  std::string info = Shell("pdfinfo '" + pdf + "'");
  EXPECT_TRUE(Contains(info, "Tagged:          yes")) << info;
  EXPECT_TRUE(Contains(info, "Title:           Your records, SAR-2026-000042")) << info;
  std::string text = Shell("pdftotext '" + pdf + "' -");
  EXPECT_TRUE(Contains(text, "About this bundle"));
  EXPECT_TRUE(Contains(text, "Third-party information: removed 3 times"));
  std::string raw = Shell("qpdf --qdf --object-streams=disable '" + pdf + "' -");
  EXPECT_TRUE(Contains(raw, "/Lang (en-GB)")) << "document language";
  EXPECT_TRUE(Contains(raw, "/S /H1"));
  EXPECT_TRUE(Contains(raw, "/S /LI"));
}

}  // namespace
}  // namespace sardesk::office
