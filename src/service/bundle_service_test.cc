#include "service/bundle_service.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <iterator>

#include "pdf/pdf_document.h"
#include "service/bundle_release_test_support.h"

namespace sardesk::service::testing {
namespace {

namespace fs = std::filesystem;

const std::vector<std::string> kReviewLetter = {
    "Review letter\nDated 12/03/2019\nThe LAC review was chaired by the IRO.\nEllie is settled.",
    "Second page of the review letter.\nNext review on 1 June 2019."};

using BundleServiceTest = BundleTest;

TEST_F(BundleServiceTest, BuildsOneStampedIndexedBundleWithoutTheRedactedText) {
  std::int64_t note = AddPdf("case-note.pdf", kCaseNote);
  std::int64_t letter = AddPdf("review-letter.pdf", kReviewLetter);
  RedactAll();
  json b = Build();
  ASSERT_TRUE(b.contains("id"));
  EXPECT_EQ(b["order"], "source");
  ASSERT_EQ(b["volumes"].size(), 1u);
  ASSERT_EQ(b["documents"].size(), 2u);
  EXPECT_EQ(b["documents"][0]["document_id"], note);
  EXPECT_EQ(b["documents"][1]["document_id"], letter);
  EXPECT_EQ(b["documents"][0]["redacted"], true);

  std::string path = VolumePath();
  const int pages = PdfPages(path);
  ASSERT_GT(pages, 4);
  EXPECT_EQ(b["pages"], pages);
  int rc = -1;
  Shell("qpdf --check '" + path + "'", &rc);
  EXPECT_EQ(rc, 0);
  for (int p = 1; p <= pages; ++p) {
    std::string text = PdfText(path, p);
    EXPECT_TRUE(Contains(text, ref_)) << "page " << p;
    EXPECT_TRUE(Contains(text, "Page " + std::to_string(p) + " of " + std::to_string(pages))) << "page " << p;
  }
  // The index gives each document's pages, which hold that document.
  const int first = b["documents"][1]["first_page"];
  EXPECT_EQ(b["documents"][1]["last_page"], first + 1);
  EXPECT_EQ(b["documents"][0]["last_page"], first - 1);
  std::string all = PdfText(path);
  EXPECT_TRUE(Contains(all, "1. case-note.pdf - pages " + std::to_string(first - 2) + " to " + std::to_string(first - 1)));
  EXPECT_TRUE(Contains(all, "2. review-letter.pdf - pages " + std::to_string(first) + " to " + std::to_string(first + 1)));
  EXPECT_TRUE(Contains(PdfText(path, first), "The LAC review was chaired"));
  EXPECT_TRUE(Contains(PdfText(path, first - 2), "Case note about Ellie Carter"));
  // Redacted text is nowhere in the bundle.
  EXPECT_FALSE(Contains(all, "Liam Hughes"));
  EXPECT_FALSE(Contains(all, "Hughes"));
  EXPECT_FALSE(Contains(all, "Dorota"));
  // Front matter: the glossary lists only the terms used.
  EXPECT_TRUE(Contains(all, "LAC: Looked After Child"));
  EXPECT_TRUE(Contains(all, "IRO: Independent Reviewing Officer"));
  EXPECT_FALSE(Contains(all, "MASH:"));
  EXPECT_FALSE(Contains(all, "PLO:"));
  EXPECT_TRUE(Contains(all, "Why some information was removed"));
  EXPECT_TRUE(Contains(all, "Third-party information"));
  EXPECT_TRUE(Contains(all, "napac.org.uk"));
  EXPECT_FALSE(Contains(all, "PLEASE READ THIS FIRST"));  // no safeguarding flag
  // A bookmark per document.
  std::string outlines = Shell("qpdf --json --json-key=outlines '" + path + "'");
  EXPECT_TRUE(Contains(outlines, "\"title\": \"case-note.pdf\""));
  EXPECT_TRUE(Contains(outlines, "\"title\": \"review-letter.pdf\""));
  EXPECT_TRUE(Contains(outlines, "\"title\": \"Index\""));
}

TEST_F(BundleServiceTest, IsRecordedWithItsHashAndAudited) {
  AddPdf("case-note.pdf", kCaseNote);
  RedactAll();
  json b = Build();
  RawDb db(path_);
  EXPECT_EQ(db.Int("SELECT COUNT(*) FROM bundles WHERE case_ref = '" + ref_ + "'"), 1);
  EXPECT_EQ(db.Int("SELECT COUNT(*) FROM audit_log WHERE action = 'bundle.build' AND entity_id = '" + ref_ + "'"), 1);
  auto files = bundles_->Volumes(ref_);
  ASSERT_TRUE(files.ok());
  ASSERT_EQ(files->size(), 1u);
  const std::string sha = (*files)[0].sha256;
  EXPECT_EQ(sha, b["volumes"][0]["sha256"]);
  EXPECT_EQ(PdfPages((*files)[0].path), b["pages"].get<int>());
  auto shown = bundles_->Show(ref_);
  ASSERT_TRUE(shown.ok());
  EXPECT_EQ((*shown)["current"], true);
  // Encrypted at rest (issue 8): no PDF in clear anywhere in the data
  // folder but the working copy handed out above, which goes with its list.
  const std::string working_copy = (*files)[0].path;
  files->clear();
  EXPECT_FALSE(fs::exists(working_copy));
  std::string sealed;
  std::vector<fs::directory_entry> stored;
  for (const char* sub : {"/cases", "/blobs", "/tmp"})
    if (fs::exists(dir_ + sub))
      for (const auto& e : fs::recursive_directory_iterator(dir_ + sub))
        if (e.is_regular_file()) stored.push_back(e);
  ASSERT_FALSE(stored.empty());
  for (const auto& e : stored) {
    std::ifstream in(e.path(), std::ios::binary);
    std::string head(5, '\0');
    in.read(head.data(), 5);
    EXPECT_NE(head, "%PDF-") << e.path() << " is a PDF in clear";
    if (e.path().filename().string().find(sha.substr(2)) != std::string::npos) sealed = e.path().string();
  }
  ASSERT_FALSE(sealed.empty()) << "the volume is in the blob store";
  // A stored volume changed behind sardesk's back is noticed.
  {
    std::fstream f(sealed, std::ios::in | std::ios::out | std::ios::binary);
    f.seekp(100);
    f.put('\x5a');
  }
  auto again = bundles_->Volumes(ref_);
  ASSERT_FALSE(again.ok());
  EXPECT_TRUE(Contains(again.status().message(), "cannot be read")) << again.status().message();
}

TEST_F(BundleServiceTest, ProgressSaysWhatTheLatestBuildDid) {
  auto none = bundles_->Progress(ref_);
  ASSERT_TRUE(none.ok()) << none.status().ToString();
  EXPECT_EQ((*none)["stage"], "none");
  EXPECT_EQ((*none)["running"], false);
  // Refused (no documents yet): the build failed.
  EXPECT_FALSE(bundles_->Build(ref_, json::object(), "ava").ok());
  EXPECT_EQ((*bundles_->Progress(ref_))["stage"], "failed");
  EXPECT_EQ((*bundles_->Progress(ref_))["running"], false);
  AddPdf("case-note.pdf", kCaseNote);
  RedactAll();
  json b = Build();
  auto done = bundles_->Progress(ref_);
  ASSERT_TRUE(done.ok());
  EXPECT_EQ((*done)["stage"], "done");
  EXPECT_EQ((*done)["running"], false);
  EXPECT_GT((*done)["pages_total"].get<std::int64_t>(), 0);
  EXPECT_EQ((*done)["pages_done"], (*done)["pages_total"]);
  EXPECT_LE((*done)["pages_total"].get<std::int64_t>(), b["pages"].get<std::int64_t>());  // the records' pages
  EXPECT_EQ((*done)["seconds_left"], 0);
  EXPECT_EQ(bundles_->Progress("SAR-2025-999999").status().code(), ErrorCode::kNotFound);
}

TEST_F(BundleServiceTest, RefusedWhileRedactionsAreUndecidedOrNotApplied) {
  AddPdf("case-note.pdf", kCaseNote);
  Propose();
  auto undecided = bundles_->Build(ref_, json::object(), "ava");
  ASSERT_FALSE(undecided.ok());
  EXPECT_EQ(undecided.status().code(), ErrorCode::kFailedPrecondition);
  EXPECT_TRUE(Contains(undecided.status().message(), "undecided")) << undecided.status().message();
  for (const auto& r : List()) Decide(r["id"].get<std::int64_t>(), {{"decision", "accept"}});
  auto unapplied = bundles_->Build(ref_, json::object(), "ava");
  ASSERT_FALSE(unapplied.ok());
  EXPECT_TRUE(Contains(unapplied.status().message(), "apply the redactions")) << unapplied.status().message();
  Apply();
  EXPECT_TRUE(bundles_->Build(ref_, json::object(), "ava").ok());
  EXPECT_EQ(bundles_->Build(ref_, {{"order", "random"}}, "ava").status().code(), ErrorCode::kInvalidArgument);
  EXPECT_EQ(bundles_->Build(ref_, {{"colour", "red"}}, "ava").status().code(), ErrorCode::kInvalidArgument);
}

TEST_F(BundleServiceTest, LeavesOutExcludedDocumentsPagesAndDuplicates) {
  std::int64_t keep = AddPdf("keep.pdf", {"Kept page one.", "Left out page two.", "Kept page three."});
  std::int64_t excluded = AddPdf("excluded.pdf", {"An excluded document about someone else."});
  AddPdf("keep-copy.pdf", {"Kept page one.", "Left out page two.", "Kept page three."});
  ASSERT_TRUE(ingest_->Exclude(ref_, {{"id", excluded}, {"reason", "not about Ellie"}}, "ava").ok());
  ASSERT_TRUE(ingest_->ExcludePage(ref_, {{"document_id", keep}, {"page", 2}, {"reason", "duplicate of a letter"}}, "ava").ok());
  RedactAll();
  json b = Build();
  ASSERT_EQ(b["documents"].size(), 1u) << b.dump();
  EXPECT_EQ(b["documents"][0]["document_id"], keep);
  EXPECT_EQ(b["documents"][0]["pages"], 2);
  std::string all = PdfText(VolumePath());
  EXPECT_TRUE(Contains(all, "Kept page one."));
  EXPECT_TRUE(Contains(all, "Kept page three."));
  EXPECT_FALSE(Contains(all, "Left out page two."));
  EXPECT_FALSE(Contains(all, "excluded document"));
  EXPECT_FALSE(Contains(all, "keep-copy.pdf"));
}

TEST_F(BundleServiceTest, OrdersByDocumentDateWhenAsked) {
  std::int64_t later = AddPdf("later.pdf", {"Letter dated 5 May 2021 about school."});
  std::int64_t earlier = AddPdf("earlier.pdf", {"Referral received 02/01/2018."});
  std::int64_t undated = AddPdf("undated.pdf", {"A note with no date."});
  RedactAll();
  json by_source = Build();
  EXPECT_EQ(by_source["documents"][0]["document_id"], later);
  json by_date = Build({{"order", "date"}});
  ASSERT_EQ(by_date["documents"].size(), 3u);
  EXPECT_EQ(by_date["documents"][0]["document_id"], earlier);
  EXPECT_EQ(by_date["documents"][0]["document_date"], "2018-01-02");
  EXPECT_EQ(by_date["documents"][1]["document_id"], later);
  EXPECT_EQ(by_date["documents"][2]["document_id"], undated);
  auto listed = bundles_->List(ref_);
  ASSERT_TRUE(listed.ok());
  EXPECT_EQ((*listed)["bundles"].size(), 2u);
}

TEST_F(BundleServiceTest, ChronologyListsTheDatesWithTheirPages) {
  AddPdf("review-letter.pdf", kReviewLetter);
  RedactAll();
  json b = Build({{"chronology", true}});
  const int first = b["documents"][0]["first_page"];
  std::string all = PdfText(VolumePath());
  EXPECT_TRUE(Contains(all, "Chronology"));
  EXPECT_TRUE(Contains(all, "2019-03-12 review-letter.pdf, page " + std::to_string(first) + ": Dated 12/03/2019")) << all;
  EXPECT_TRUE(Contains(all, "2019-06-01 review-letter.pdf, page " + std::to_string(first + 1)));
  EXPECT_EQ(b["options"]["chronology"], true);
}

TEST_F(BundleServiceTest, SplitsIntoVolumesAboveTheCouncilsPageCount) {
  ASSERT_TRUE(admin_->UpdateSettings({{"bundle_volume_pages", 50}}, "cara").ok());
  std::vector<std::string> forty;
  for (int i = 0; i < 40; ++i) forty.push_back("Record sheet " + std::to_string(i + 1) + " of the first file.");
  std::vector<std::string> thirty;
  for (int i = 0; i < 30; ++i) thirty.push_back("Record sheet " + std::to_string(i + 1) + " of the second file.");
  AddPdf("first.pdf", forty);
  AddPdf("second.pdf", thirty);
  RedactAll();
  json b = Build();
  ASSERT_EQ(b["volumes"].size(), 2u) << b.dump();
  EXPECT_EQ(b["documents"][0]["volume"], 1);
  EXPECT_EQ(b["documents"][1]["volume"], 2);
  EXPECT_EQ(b["documents"][1]["first_page"], 1);  // each volume numbered from 1
  std::string v2 = VolumePath(2);
  EXPECT_EQ(PdfPages(v2), 30);
  EXPECT_TRUE(Contains(PdfText(v2, 1), "Volume 2 of 2"));
  EXPECT_TRUE(Contains(PdfText(v2, 30), "Page 30 of 30"));
  EXPECT_TRUE(Contains(PdfText(VolumePath(1)), "2. second.pdf - volume 2, pages 1 to 30"));
}

TEST_F(BundleServiceTest, WarnsBeforeDistressingContentWhenAFlagWasRaised) {
  std::int64_t doc = AddPdf("case-note.pdf", kCaseNote);
  RedactAll();
  ASSERT_TRUE(store_->Write([&](store::Transaction& tx) {
    return tx.PutSafeguardingFlag({ref_, doc, 0, "self_harm", 1, "detection", "2025-09-10T09:00:00Z"});
  }).ok());
  json b = Build();
  std::string first_page = PdfText(VolumePath(), 1);
  EXPECT_TRUE(Contains(first_page, "PLEASE READ THIS FIRST")) << first_page;
  EXPECT_EQ(b["options"]["distress_warning"], true);
}

TEST_F(BundleServiceTest, PutsACoveringLetterFirst) {
  AddPdf("case-note.pdf", kCaseNote);
  RedactAll();
  std::string letter_path = dir_ + "/cover.pdf";
  ASSERT_TRUE(pdf::WriteTextPdf(letter_path, {"Dear Ellie, here are your records."}).ok());
  std::ifstream in(letter_path, std::ios::binary);
  std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  auto b = bundles_->Build(ref_, json::object(), "ava", bytes);
  ASSERT_TRUE(b.ok()) << b.status().ToString();
  EXPECT_TRUE(Contains(PdfText(VolumePath(), 1), "Dear Ellie, here are your records."));
  EXPECT_FALSE(bundles_->Build(ref_, json::object(), "ava", "not a pdf").ok());
  EXPECT_EQ(bundles_->Build(ref_, {{"covering_letter_id", 99}}, "ava").status().code(), ErrorCode::kNotFound);
  // Generated by the letters module when it is wired in.
  EXPECT_EQ(bundles_->Build(ref_, {{"covering_letter", "generate"}}, "ava").status().code(), ErrorCode::kInvalidArgument);
  bundles_->SetCoveringLetterSource([&](const std::string& reference) -> Result<std::string> {
    std::string p = dir_ + "/generated.pdf";
    SARDESK_RETURN_IF_ERROR(pdf::WriteTextPdf(p, {"Release covering letter for " + reference}));
    std::ifstream f(p, std::ios::binary);
    return std::string((std::istreambuf_iterator<char>(f)), std::istreambuf_iterator<char>());
  });
  auto generated = bundles_->Build(ref_, {{"covering_letter", "generate"}}, "ava");
  ASSERT_TRUE(generated.ok()) << generated.status().ToString();
  EXPECT_EQ((*generated)["options"]["covering_letter"], "generated");
  EXPECT_TRUE(Contains(PdfText(VolumePath(), 1), "Release covering letter for " + ref_));
}

TEST_F(BundleServiceTest, ExportCopiesTheVolumesAndIsAudited) {
  AddPdf("case-note.pdf", kCaseNote);
  RedactAll();
  Build();
  auto out = bundles_->Export(ref_, 0, dir_ + "/export", "ava");
  ASSERT_TRUE(out.ok()) << out.status().ToString();
  ASSERT_EQ((*out)["files"].size(), 1u);
  EXPECT_TRUE(std::filesystem::exists(dir_ + "/export/" + ref_ + "-bundle.pdf"));
  RawDb db(path_);
  EXPECT_EQ(db.Int("SELECT COUNT(*) FROM audit_log WHERE action = 'bundle.export'"), 1);
  EXPECT_EQ(bundles_->Show(ref_, 42).status().code(), ErrorCode::kNotFound);
}

// The height of the first word `word` on `page` as poppler lays it out: the
// font size, give or take its ascenders and descenders.
double WordHeight(const std::string& path, int page, const std::string& word) {
  std::string html = Shell("pdftotext -q -bbox -f " + std::to_string(page) + " -l " + std::to_string(page) + " '" +
                           path + "' -");
  auto at = html.find(">" + word + "</word>");
  if (at == std::string::npos) return 0;
  auto start = html.rfind("<word", at);
  auto number = [&](const std::string& key) {
    auto k = html.find(key + "=\"", start);
    return k == std::string::npos || k > at ? 0.0 : std::stod(html.substr(k + key.size() + 2));
  };
  return number("yMax") - number("yMin");
}

TEST_F(BundleServiceTest, LargePrintIsTaggedWithLargeTextAndEnlargedRecords) {
  AddPdf("case-note.pdf", kCaseNote);
  RedactAll();
  const std::string letter_path = dir_ + "/cover.pdf";
  ASSERT_TRUE(pdf::WriteTextPdf(letter_path, {"Dear Ellie\nHere are your records.\nYours sincerely"}).ok());
  std::ifstream in(letter_path, std::ios::binary);
  const std::string letter((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  auto built = bundles_->Build(ref_, {{"format", "large_print"}}, "ava", letter);
  ASSERT_TRUE(built.ok()) << built.status().ToString();
  EXPECT_EQ((*built)["options"]["format"], "large_print");
  const std::string path = VolumePath();
  int rc = -1;
  Shell("qpdf --check '" + path + "'", &rc);
  EXPECT_EQ(rc, 0);
  std::string info = Shell("pdfinfo '" + path + "'");
  EXPECT_TRUE(Contains(info, "Tagged:          yes")) << info;
  EXPECT_TRUE(Contains(info, "Title:           Your records: " + ref_)) << info;
  // The structure tree reaches the text: headings and lists of the front
  // matter, then a section per document with its page's text, in order.
  std::string tree = Shell("pdfinfo -struct-text '" + path + "'");
  const auto heading = tree.find("Why some information was removed");
  const auto section = tree.find("Sect");
  const auto record_at = tree.find("Case note about Ellie Carter");
  EXPECT_NE(tree.find("H1"), std::string::npos) << tree.substr(0, 2000);
  EXPECT_NE(tree.find("LI"), std::string::npos);
  ASSERT_NE(heading, std::string::npos) << tree.substr(0, 2000);
  ASSERT_NE(record_at, std::string::npos) << tree.substr(0, 4000);
  EXPECT_LT(heading, record_at);
  EXPECT_LT(section, record_at);

  // The front matter is set in large print and can be read back.
  std::string all = PdfText(path);
  EXPECT_TRUE(Contains(all, "Here are your records."));  // the covering letter, re-set
  EXPECT_TRUE(Contains(all, "Why some information was removed"));
  EXPECT_TRUE(Contains(all, "Third-party information"));
  EXPECT_TRUE(Contains(all, "1. case-note.pdf - pages"));
  EXPECT_FALSE(Contains(all, "Liam Hughes"));
  EXPECT_GE(WordHeight(path, 1, "sincerely"), 17.0);

  // The records are enlarged to A3, their redaction labels readable text,
  // and the index points at them.
  const int first = (*built)["documents"][0]["first_page"];
  std::string page_size = Shell("pdfinfo -f " + std::to_string(first) + " -l " + std::to_string(first) + " '" + path + "'");
  EXPECT_TRUE(Contains(page_size, "(A3)")) << page_size;
  std::string record = PdfText(path, first);
  EXPECT_TRUE(Contains(record, "Case note about Ellie Carter"));
  EXPECT_TRUE(Contains(record, "Third party information"));  // the label drawn in the box
  EXPECT_TRUE(Contains(record, "Page " + std::to_string(first) + " of"));
  // Bookmarks per section and per document, as in a standard bundle.
  std::string outlines = Shell("qpdf --json --json-key=outlines '" + path + "'");
  EXPECT_TRUE(Contains(outlines, "\"title\": \"Covering letter\""));
  EXPECT_TRUE(Contains(outlines, "\"title\": \"Index\""));
  EXPECT_TRUE(Contains(outlines, "\"title\": \"case-note.pdf\""));
}

TEST_F(BundleServiceTest, RefusesAnUnknownFormat) {
  AddPdf("case-note.pdf", kCaseNote);
  RedactAll();
  auto built = bundles_->Build(ref_, {{"format", "braille"}}, "ava");
  ASSERT_FALSE(built.ok());
  EXPECT_TRUE(Contains(built.status().message(), "large_print"));
}

}  // namespace
}  // namespace sardesk::service::testing
