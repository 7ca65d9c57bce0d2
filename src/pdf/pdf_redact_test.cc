// Trap PDFs, each made here byte by byte, that hide text where naive
// redaction leaves it. After RedactPdf none of the target strings may be
// recoverable by MuPDF, by poppler's pdftotext, or by decompressing the file
// (qpdf) and searching it; and the text around the boxes must be unchanged.
#include "pdf/pdf_redact.h"

#include <gtest/gtest.h>

#include <array>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <regex>
#include <sstream>

namespace sardesk::pdf {
namespace {

namespace fs = std::filesystem;

// ---------------------------------------------------------------------------
// A minimal PDF writer for the traps.

class RawPdf {
 public:
  int Add(const std::string& body) {
    objects_.push_back(body);
    return static_cast<int>(objects_.size());
  }
  int AddStream(const std::string& dict, const std::string& data) {
    return Add("<< " + dict + " /Length " + std::to_string(data.size()) + " >>\nstream\n" + data + "\nendstream");
  }
  void Set(int num, const std::string& body) { objects_.at(static_cast<size_t>(num - 1)) = body; }
  int Reserve() { return Add("null"); }
  std::string Build(int root, const std::string& trailer_extra = "") const {
    std::string out = "%PDF-1.7\n%\xe2\xe3\xcf\xd3\n";
    std::vector<size_t> offsets;
    for (size_t i = 0; i < objects_.size(); ++i) {
      offsets.push_back(out.size());
      out += std::to_string(i + 1) + " 0 obj\n" + objects_[i] + "\nendobj\n";
    }
    size_t xref = out.size();
    out += "xref\n0 " + std::to_string(objects_.size() + 1) + "\n0000000000 65535 f \n";
    for (size_t o : offsets) {
      char buf[32];
      std::snprintf(buf, sizeof buf, "%010zu 00000 n \n", o);
      out += buf;
    }
    out += "trailer\n<< /Size " + std::to_string(objects_.size() + 1) + " /Root " + std::to_string(root) + " 0 R " +
           trailer_extra + " >>\nstartxref\n" + std::to_string(xref) + "\n%%EOF\n";
    return out;
  }

 private:
  std::vector<std::string> objects_;
};

// An incremental update replacing `objects` (number -> body) in `base`.
std::string AppendUpdate(const std::string& base, const std::map<int, std::string>& objects, int size, int root) {
  std::smatch m;
  std::regex last_startxref("startxref\\s+(\\d+)\\s+%%EOF\\s*$");
  std::regex_search(base, m, last_startxref);
  std::string prev = m[1];
  std::string out = base;
  std::map<int, size_t> offsets;
  for (const auto& [num, body] : objects) {
    offsets[num] = out.size();
    out += std::to_string(num) + " 0 obj\n" + body + "\nendobj\n";
  }
  size_t xref = out.size();
  out += "xref\n";
  for (const auto& [num, off] : offsets) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%010zu 00000 n \n", off);
    out += std::to_string(num) + " 1\n" + buf;
  }
  out += "trailer\n<< /Size " + std::to_string(size) + " /Root " + std::to_string(root) + " 0 R /Prev " + prev +
         " >>\nstartxref\n" + std::to_string(xref) + "\n%%EOF\n";
  return out;
}

// Catalog, page tree and Helvetica; pages added with AddPage.
struct Doc {
  RawPdf pdf;
  int catalog, pages, font;
  std::vector<int> kids;
  std::string catalog_extra;
  Doc() {
    catalog = pdf.Reserve();
    pages = pdf.Reserve();
    font = pdf.Add("<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>");
  }
  int AddPage(const std::string& content, const std::string& resources_extra = "", const std::string& page_extra = "",
              int contents_obj = 0) {
    int c = contents_obj ? contents_obj : pdf.AddStream("", content);
    int p = pdf.Add("<< /Type /Page /Parent " + std::to_string(pages) +
                    " 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 " + std::to_string(font) + " 0 R >> " +
                    resources_extra + " >> /Contents " + std::to_string(c) + " 0 R " + page_extra + " >>");
    kids.push_back(p);
    return p;
  }
  std::string Build(const std::string& trailer_extra = "") {
    std::string k;
    for (int p : kids) k += std::to_string(p) + " 0 R ";
    pdf.Set(pages, "<< /Type /Pages /Kids [" + k + "] /Count " + std::to_string(kids.size()) + " >>");
    pdf.Set(catalog, "<< /Type /Catalog /Pages " + std::to_string(pages) + " 0 R " + catalog_extra + " >>");
    return pdf.Build(catalog, trailer_extra);
  }
};

std::string Text(const std::string& s, float x, float y, float size = 12) {
  return "BT /F1 " + std::to_string(size) + " Tf " + std::to_string(x) + " " + std::to_string(y) + " Td (" + s +
         ") Tj ET\n";
}

// ---------------------------------------------------------------------------
// Independent readers.

std::string Shell(const std::string& command) {
  std::string out;
  FILE* p = popen(command.c_str(), "r");
  if (!p) return out;
  std::array<char, 65536> buf;
  size_t n;
  while ((n = fread(buf.data(), 1, buf.size(), p)) > 0) out.append(buf.data(), n);
  pclose(p);
  return out;
}

std::string Lower(std::string s) {
  for (auto& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

// Every stream of the file decompressed (qpdf), lower-cased.
std::string Decompressed(const fs::path& pdf) {
  return Lower(Shell("qpdf --qdf --object-streams=disable --decode-level=all '" + pdf.string() + "' - 2>/dev/null"));
}

std::string Hex(const std::string& s) {
  std::string out;
  char buf[4];
  for (unsigned char c : s) {
    std::snprintf(buf, sizeof buf, "%02x", c);
    out += buf;
  }
  return out;
}

// Page texts by MuPDF.
std::vector<std::string> MupdfPages(const fs::path& pdf) {
  std::vector<std::string> pages;
  auto reader = LayoutReader::Open(pdf.string());
  EXPECT_TRUE(reader.ok()) << reader.status().message();
  if (!reader.ok()) return pages;
  for (int i = 0; i < (*reader)->page_count(); ++i) pages.push_back((*reader)->Read(i)->text);
  return pages;
}

class RedactTraps : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("sardesk-redact-" + std::to_string(::getpid()) + "-" +
                                        ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::create_directories(dir_);
    in_ = dir_ / "in.pdf";
    out_ = dir_ / "out.pdf";
  }
  void TearDown() override {
    if (std::getenv("SARDESK_KEEP_TRAPS") == nullptr) fs::remove_all(dir_);  // kept to inspect by hand
  }

  void Write(const std::string& bytes) { std::ofstream(in_, std::ios::binary) << bytes; }

  // Boxes over every occurrence of `target` on `page` of the input, one per line.
  std::vector<RedactionMark> MarksFor(int page, const std::string& target) {
    auto reader = LayoutReader::Open(in_.string());
    EXPECT_TRUE(reader.ok()) << reader.status().message();
    auto layout = (*reader)->Read(page);
    EXPECT_TRUE(layout.ok());
    std::vector<RedactionMark> marks;
    for (size_t at = layout->text.find(target); at != std::string::npos; at = layout->text.find(target, at + 1)) {
      RedactionMark m;
      bool open = false;
      float line_y = 0;
      for (const auto& c : layout->chars) {
        if (c.offset < at || c.offset >= at + target.size()) continue;
        float cy = (c.box.y0 + c.box.y1) / 2;
        if (open && std::abs(cy - line_y) > (c.box.y1 - c.box.y0) / 2) {
          marks.push_back(m);
          open = false;
        }
        if (!open) {
          m = RedactionMark{page, c.box, "Third party information", "3P"};
          line_y = cy;
          open = true;
        } else {
          m.box.x0 = std::min(m.box.x0, c.box.x0);
          m.box.y0 = std::min(m.box.y0, c.box.y0);
          m.box.x1 = std::max(m.box.x1, c.box.x1);
          m.box.y1 = std::max(m.box.y1, c.box.y1);
        }
      }
      if (open) marks.push_back(m);
    }
    return marks;
  }

  // Redacts and checks that `secret` cannot be recovered anywhere in the output.
  RedactionOutcome RedactAndProve(const std::vector<RedactionMark>& marks, const std::string& secret,
                                  std::map<int, int> allowed_per_page = {}) {
    RedactionOptions opt;
    opt.marks = marks;
    auto outcome = RedactPdf(in_.string(), out_.string(), opt);
    EXPECT_TRUE(outcome.ok()) << outcome.status().message();
    if (!outcome.ok()) return {};
    // sardesk's own verifier.
    std::map<int, PageExpectation> by_page;
    for (const auto& m : marks) {
      auto& e = by_page[m.page];
      e.page = m.page;
      e.boxes.push_back(m.box);
      e.labels = {m.label, m.short_label};
      e.removed = {secret};
      e.allowed = {allowed_per_page[m.page]};
    }
    for (const auto& [page, n] : allowed_per_page)
      if (!by_page.count(page)) by_page[page] = PageExpectation{page, {}, {}, {secret}, {n}};
    std::vector<PageExpectation> expectations;
    for (auto& [p, e] : by_page) expectations.push_back(e);
    auto failures = VerifyRedactedPdf(out_.string(), expectations);
    EXPECT_TRUE(failures.ok()) << failures.status().message();
    if (failures.ok())
      for (const auto& f : *failures) ADD_FAILURE() << "verifier: page " << f.page + 1 << " " << f.method << ": " << f.detail;
    int allowed_total = 0;
    for (const auto& [p, n] : allowed_per_page) allowed_total += n;
    // Independent readers.
    auto pages = MupdfPages(out_);
    int in_text = 0;
    for (const auto& t : pages)
      for (size_t at = Lower(t).find(Lower(secret)); at != std::string::npos; at = Lower(t).find(Lower(secret), at + 1))
        ++in_text;
    EXPECT_LE(in_text, allowed_total) << "MuPDF still extracts the secret";
    std::string poppler = Lower(Shell("pdftotext -q -enc UTF-8 '" + out_.string() + "' -"));
    EXPECT_FALSE(poppler.empty()) << "pdftotext (poppler-utils) is needed for this test";
    int in_poppler = 0;
    for (size_t at = poppler.find(Lower(secret)); at != std::string::npos; at = poppler.find(Lower(secret), at + 1))
      ++in_poppler;
    EXPECT_LE(in_poppler, allowed_total) << "pdftotext still extracts the secret";
    if (allowed_total == 0) {
      std::string raw = Decompressed(out_);
      EXPECT_FALSE(raw.empty()) << "qpdf could not read the output";
      EXPECT_EQ(raw.find(Lower(secret)), std::string::npos) << "the secret is in the decompressed file";
      EXPECT_EQ(raw.find(Hex(Lower(secret))), std::string::npos) << "the secret is in the file as hex";
      // Each word of the secret on its own (split TJ strings), where long enough to mean something.
      std::istringstream words(secret);
      for (std::string w; words >> w;)
        if (w.size() >= 6) EXPECT_EQ(raw.find("(" + Lower(w)), std::string::npos) << w << " is in a content string";
    }
    return *outcome;
  }

  fs::path dir_, in_, out_;
};

const char kSecret[] = "Zebedee Quartermain";

TEST_F(RedactTraps, PlainTextGoesAndNeighboursStay) {
  Doc d;
  d.AddPage(Text("Visit from Zebedee Quartermain today.", 72, 700) + Text("The next line stays whole.", 72, 688) +
            Text("Line above stays whole too.", 72, 712));
  Write(d.Build());
  RedactAndProve(MarksFor(0, kSecret), kSecret);
  auto pages = MupdfPages(out_);
  ASSERT_EQ(pages.size(), 1u);
  EXPECT_NE(pages[0].find("Visit from"), std::string::npos);
  EXPECT_NE(pages[0].find("today."), std::string::npos);
  EXPECT_NE(pages[0].find("The next line stays whole."), std::string::npos);
  EXPECT_NE(pages[0].find("Line above stays whole too."), std::string::npos);
  EXPECT_NE(pages[0].find("Third party information"), std::string::npos) << "the box carries its label";
}

TEST_F(RedactTraps, WidthOfRemovedTextIsNotKept) {
  Doc d;
  d.AddPage(Text("Seen by Zebedee Quartermain afterwards", 72, 700));
  Write(d.Build());
  auto before = LayoutReader::Open(in_.string());
  ASSERT_TRUE(before.ok());
  auto lb = (*before)->Read(0);
  RedactAndProve(MarksFor(0, kSecret), kSecret);
  auto after = LayoutReader::Open(out_.string());
  ASSERT_TRUE(after.ok());
  auto la = (*after)->Read(0);
  auto x_of = [](const PageLayout& l, const std::string& word) {
    size_t at = l.text.find(word);
    for (const auto& c : l.chars)
      if (c.offset == at) return c.box.x0;
    return -1.0f;
  };
  float moved = x_of(*la, "afterwards") - x_of(*lb, "afterwards");
  EXPECT_GT(moved, 0.3f) << "the text after a redaction keeps the exact width of what was removed";
  EXPECT_LT(moved, 3.0f) << "the text after a redaction moved too far";
}

TEST_F(RedactTraps, FormXObjectDrawnWithScale) {
  Doc d;
  int form = d.pdf.AddStream("/Type /XObject /Subtype /Form /BBox [0 0 400 100] /Matrix [0.5 0 0 0.5 0 0] "
                             "/Resources << /Font << /F1 " + std::to_string(d.font) + " 0 R >> >>",
                             Text("Form says Zebedee Quartermain here", 10, 40, 24));
  d.AddPage("q 1.5 0 0 1.5 60 500 cm /Fm1 Do Q\n" + Text("Outside the form", 72, 700),
            "/XObject << /Fm1 " + std::to_string(form) + " 0 R >>");
  Write(d.Build());
  auto marks = MarksFor(0, kSecret);
  ASSERT_FALSE(marks.empty());
  RedactAndProve(marks, kSecret);
  auto pages = MupdfPages(out_);
  EXPECT_NE(pages[0].find("Outside the form"), std::string::npos);
  EXPECT_NE(pages[0].find("Form says"), std::string::npos);
}

TEST_F(RedactTraps, TextInsideATilingPatternIsFlattened) {
  Doc d;
  int pattern = d.pdf.AddStream("/Type /Pattern /PatternType 1 /PaintType 1 /TilingType 1 /BBox [0 0 300 40] "
                                "/XStep 300 /YStep 40 /Resources << /Font << /F1 " + std::to_string(d.font) + " 0 R >> >>",
                                Text(kSecret, 5, 15));
  d.AddPage("q /Pattern cs /P1 scn 72 600 300 40 re f Q\n" + Text("Ordinary words", 72, 700),
            "/Pattern << /P1 " + std::to_string(pattern) + " 0 R >>");
  Write(d.Build());
  auto marks = MarksFor(0, kSecret);
  ASSERT_FALSE(marks.empty()) << "MuPDF should see the pattern's text";
  auto outcome = RedactAndProve(marks, kSecret);
  ASSERT_EQ(outcome.pages.size(), 1u);
  EXPECT_EQ(outcome.pages[0].method, "flattened");
  EXPECT_NE(MupdfPages(out_)[0].find("Ordinary words"), std::string::npos) << "the invisible text layer keeps the rest";
}

TEST_F(RedactTraps, AnnotationsAndFormFieldsAreFlattenedOrRemoved) {
  Doc d;
  std::string f = std::to_string(d.font);
  int ap = d.pdf.AddStream("/Type /XObject /Subtype /Form /BBox [0 0 200 20] /Resources << /Font << /F1 " + f + " 0 R >> >>",
                           Text(kSecret, 2, 5, 10));
  int field_ap = d.pdf.AddStream("/Type /XObject /Subtype /Form /BBox [0 0 200 20] /Resources << /Font << /F1 " + f + " 0 R >> >>",
                                 Text(kSecret, 2, 5, 10));
  int note = d.pdf.Add("<< /Type /Annot /Subtype /Text /Rect [300 300 320 320] /Contents (Note about Zebedee Quartermain) >>");
  int freetext = d.pdf.Add("<< /Type /Annot /Subtype /FreeText /Rect [72 600 272 620] /Contents (Zebedee Quartermain) "
                           "/DA (/F1 10 Tf 0 g) /AP << /N " + std::to_string(ap) + " 0 R >> >>");
  int field = d.pdf.Add("<< /Type /Annot /Subtype /Widget /FT /Tx /T (carer) /V (Zebedee Quartermain) /Rect [72 500 272 520] "
                        "/AP << /N " + std::to_string(field_ap) + " 0 R >> >>");
  d.AddPage(Text("Body text of the page", 72, 700), "",
            "/Annots [" + std::to_string(note) + " 0 R " + std::to_string(freetext) + " 0 R " + std::to_string(field) + " 0 R]");
  d.catalog_extra = "/AcroForm << /Fields [" + std::to_string(field) + " 0 R] >>";
  Write(d.Build());
  auto marks = MarksFor(0, kSecret);
  ASSERT_EQ(marks.size(), 2u) << "both drawn annotations are seen";
  auto outcome = RedactAndProve(marks, kSecret);
  EXPECT_GE(outcome.annotations_flattened, 1) << "visible annotations are drawn into the page";
  EXPECT_EQ(outcome.annotations_flattened + outcome.annotations_removed, 3);
  EXPECT_NE(MupdfPages(out_)[0].find("Body text of the page"), std::string::npos);
}

// A grey image with detail everywhere, as a scan has.
std::string NoiseImage(int w, int h) {
  std::string px(static_cast<size_t>(w * h), '\0');
  for (int y = 0; y < h; ++y)
    for (int x = 0; x < w; ++x) px[static_cast<size_t>(y * w + x)] = static_cast<char>(((x * 37) ^ (y * 91)) & 0xff);
  return px;
}

TEST_F(RedactTraps, InvisibleOcrTextOverAScannedImage) {
  Doc d;
  int img = d.pdf.AddStream("/Type /XObject /Subtype /Image /Width 400 /Height 60 /ColorSpace /DeviceGray /BitsPerComponent 8",
                            NoiseImage(400, 60));
  d.AddPage("q 400 0 0 60 72 600 cm /Im1 Do Q\nBT 3 Tr /F1 20 Tf 80 620 Td (Scan of Zebedee Quartermain letter) Tj ET\n",
            "/XObject << /Im1 " + std::to_string(img) + " 0 R >>");
  Write(d.Build());
  auto marks = MarksFor(0, kSecret);
  ASSERT_FALSE(marks.empty());
  RedactAndProve(marks, kSecret);
  EXPECT_NE(MupdfPages(out_)[0].find("Scan of"), std::string::npos);
}

TEST_F(RedactTraps, HiddenLayersAreRemovedEvenWithoutABoxOnThem) {
  Doc d;
  int ocg = d.pdf.Add("<< /Type /OCG /Name (Hidden notes) >>");
  d.AddPage("/OC /oc1 BDC\n" + Text("Hidden: Zebedee Quartermain", 72, 600) + "EMC\n" + Text("Visible Fredericka", 72, 700),
            "/Properties << /oc1 " + std::to_string(ocg) + " 0 R >>");
  d.catalog_extra = "/OCProperties << /OCGs [" + std::to_string(ocg) + " 0 R] /D << /OFF [" + std::to_string(ocg) + " 0 R] >> >>";
  Write(d.Build());
  auto marks = MarksFor(0, "Fredericka");
  ASSERT_EQ(marks.size(), 1u);
  RedactAndProve(marks, kSecret);
  EXPECT_EQ(Decompressed(out_).find("fredericka"), std::string::npos);
}

TEST_F(RedactTraps, EarlierRevisionsAreNotKept) {
  Doc d;
  int content = d.pdf.AddStream("", Text("Draft naming Zebedee Quartermain", 72, 700));
  d.AddPage("", "", "", content);
  std::string base = d.Build();
  std::string replacement = Text("Final text names Fredericka only", 72, 700);
  std::string updated = AppendUpdate(
      base, {{content, "<< /Length " + std::to_string(replacement.size()) + " >>\nstream\n" + replacement + "\nendstream"}},
      5 + 1, d.catalog);
  Write(updated);
  RedactAndProve(MarksFor(0, "Fredericka"), kSecret);
  EXPECT_EQ(Decompressed(out_).find("fredericka"), std::string::npos);
}

TEST_F(RedactTraps, MetadataAttachmentsBookmarksAndScriptsAreRemoved) {
  Doc d;
  int info = d.pdf.Add("<< /Author (Zebedee Quartermain) /Title (Notes on Zebedee Quartermain) >>");
  int xmp = d.pdf.AddStream("/Type /Metadata /Subtype /XML", "<x:xmpmeta><dc:creator>Zebedee Quartermain</dc:creator></x:xmpmeta>");
  int file = d.pdf.AddStream("/Type /EmbeddedFile", "Attachment about Zebedee Quartermain");
  int spec = d.pdf.Add("<< /Type /Filespec /F (notes.txt) /EF << /F " + std::to_string(file) + " 0 R >> >>");
  int js = d.pdf.Add("<< /S /JavaScript /JS (app.alert('Zebedee Quartermain')) >>");
  int outlines = d.pdf.Reserve();
  int item = d.pdf.Add("<< /Title (Letter to Zebedee Quartermain) /Parent " + std::to_string(outlines) + " 0 R >>");
  d.pdf.Set(outlines, "<< /Type /Outlines /First " + std::to_string(item) + " 0 R /Last " + std::to_string(item) + " 0 R /Count 1 >>");
  d.AddPage(Text("Meeting with Zebedee Quartermain", 72, 700));
  d.catalog_extra = "/Metadata " + std::to_string(xmp) + " 0 R /Names << /EmbeddedFiles << /Names [(notes.txt) " +
                    std::to_string(spec) + " 0 R] >> >> /OpenAction " + std::to_string(js) + " 0 R /Outlines " +
                    std::to_string(outlines) + " 0 R";
  Write(d.Build("/Info " + std::to_string(info) + " 0 R"));
  auto outcome = RedactAndProve(MarksFor(0, kSecret), kSecret);
  EXPECT_FALSE(outcome.removed.empty());
}

TEST_F(RedactTraps, CidFontText) {
  ASSERT_TRUE(WriteTextPdf(in_.string(), {"Visit by Зоя Петрова today\nNext line stays"}).ok());
  auto marks = MarksFor(0, "Зоя Петрова");
  ASSERT_FALSE(marks.empty());
  RedactAndProve(marks, "Зоя Петрова");
  auto text = MupdfPages(out_)[0];
  EXPECT_NE(text.find("Visit by"), std::string::npos);
  EXPECT_NE(text.find("Next line stays"), std::string::npos);
}

TEST_F(RedactTraps, RotatedPage) {
  Doc d;
  d.AddPage(Text("Rotated mention of Zebedee Quartermain here", 72, 700) + Text("Second line remains", 72, 686), "",
            "/Rotate 90");
  Write(d.Build());
  auto marks = MarksFor(0, kSecret);
  ASSERT_FALSE(marks.empty());
  RedactAndProve(marks, kSecret);
  auto text = MupdfPages(out_)[0];
  EXPECT_NE(text.find("Rotated mention of"), std::string::npos);
  EXPECT_NE(text.find("Second line remains"), std::string::npos);
}

TEST_F(RedactTraps, SharedContentStreamOnlyChangesTheRedactedPage) {
  Doc d;
  int content = d.pdf.AddStream("", Text("Shared page naming Zebedee Quartermain", 72, 700));
  d.AddPage("", "", "", content);
  d.AddPage("", "", "", content);
  Write(d.Build());
  RedactAndProve(MarksFor(0, kSecret), kSecret, {{1, 1}});
  auto pages = MupdfPages(out_);
  ASSERT_EQ(pages.size(), 2u);
  EXPECT_EQ(pages[0].find(kSecret), std::string::npos);
  EXPECT_NE(pages[1].find(kSecret), std::string::npos) << "the other page was changed too";
}

TEST_F(RedactTraps, DrawingUnderABoxIsFlattened) {
  Doc d;
  d.AddPage("q 2 w 100 600 m 120 640 140 560 160 610 c 180 650 200 570 220 600 c S Q\n" +
            Text("Signed: Zebedee Quartermain", 72, 610) + Text("Unsigned words", 72, 700));
  Write(d.Build());
  auto marks = MarksFor(0, kSecret);
  // Widen the box over the signature.
  for (auto& m : marks) m.box.x0 = 95;
  auto outcome = RedactAndProve(marks, kSecret);
  ASSERT_EQ(outcome.pages.size(), 1u);
  EXPECT_EQ(outcome.pages[0].method, "flattened");
}

TEST_F(RedactTraps, VerifierCatchesAnUnredactedString) {
  Doc d;
  d.AddPage(Text("Meeting with Zebedee Quartermain", 72, 700));
  Write(d.Build());
  PageExpectation e;
  e.page = 0;
  e.removed = {kSecret};
  e.allowed = {0};
  auto failures = VerifyRedactedPdf(in_.string(), {e});
  ASSERT_TRUE(failures.ok());
  std::set<std::string> methods;
  for (const auto& f : *failures) methods.insert(f.method);
  EXPECT_TRUE(methods.count("mupdf-text"));
  EXPECT_TRUE(methods.count("raw-stream"));
  EXPECT_TRUE(methods.count("pdftotext"));
}

TEST_F(RedactTraps, HostileInputsGetClearErrors) {
  RedactionOptions opt;
  Write("");
  EXPECT_NE(RedactPdf(in_.string(), out_.string(), opt).status().message().find("empty"), std::string::npos);
  Write("%PDF-1.7\nthis is not really a pdf");
  EXPECT_FALSE(RedactPdf(in_.string(), out_.string(), opt).ok());
  Doc d;
  d.AddPage(Text("Protected", 72, 700));
  fs::path plain = dir_ / "plain.pdf";
  std::ofstream(plain, std::ios::binary) << d.Build();
  Shell("qpdf --encrypt user owner 256 -- '" + plain.string() + "' '" + in_.string() + "'");
  auto locked = RedactPdf(in_.string(), out_.string(), opt);
  ASSERT_FALSE(locked.ok());
  EXPECT_NE(locked.status().message().find("password protected"), std::string::npos);
  EXPECT_FALSE(fs::exists(out_));
}

}  // namespace
}  // namespace sardesk::pdf
