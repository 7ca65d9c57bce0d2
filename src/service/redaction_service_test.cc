#include "service/redaction_service.h"

#include <gtest/gtest.h>

#include <fstream>
#include <set>

#include "ocr/recogniser.h"
#include "pdf/image_test_support.h"
#include "service/redaction_test_support.h"

namespace sardesk::service::testing {
namespace {

using RedactionServiceTest = RedactionTest;

std::vector<std::string> Texts(const json& list) {
  std::vector<std::string> out;
  for (const auto& r : list) out.push_back(r["text"].get<std::string>());
  return out;
}

bool Has(const std::vector<std::string>& v, const std::string& s) { return std::find(v.begin(), v.end(), s) != v.end(); }

std::int64_t Id(const json& r) { return r.is_object() ? r["id"].get<std::int64_t>() : 0; }

// --- Proposing -----------------------------------------------------------------

TEST_F(RedactionServiceTest, ProposesThirdPartiesWithWordBoxesAndKeepsTheSubject) {
  std::int64_t doc = AddPdf("note.pdf", kCaseNote);
  json result = Propose();
  EXPECT_EQ(result["documents"], 1);
  EXPECT_GT(result["added"].get<int>(), 0);
  json mum = Find("Dorota Carter");
  ASSERT_TRUE(mum.is_object()) << List().dump(1);
  EXPECT_EQ(mum["status"], "proposed");
  EXPECT_EQ(mum["source"], "detection");
  EXPECT_EQ(mum["party"], "third_party");
  EXPECT_EQ(mum["category"], "person");
  EXPECT_EQ(mum["exemption"], "third_party");
  EXPECT_EQ(mum["exemption_label"], "Third party information");
  EXPECT_EQ(mum["document_id"], doc);
  EXPECT_EQ(mum["page"], 1);
  EXPECT_EQ(mum["proposed_by"], "ava");
  EXPECT_NE(mum["reason"].get<std::string>().find("mother"), std::string::npos) << mum["reason"];
  ASSERT_EQ(mum["boxes"].size(), 1u);
  const json& box = mum["boxes"][0];
  EXPECT_LT(box[0].get<double>(), box[2].get<double>());
  EXPECT_LT(box[1].get<double>(), box[3].get<double>());
  EXPECT_GT(box[0].get<double>(), 72);  // not at the start of the line: "Ellie lives with her mother" comes first
  auto texts = Texts(List());
  EXPECT_FALSE(Has(texts, "Ellie Carter"));
  EXPECT_FALSE(Has(texts, "Ellie"));
}

TEST_F(RedactionServiceTest, PoliceOfficersAreProposedForReview) {
  AddPdf("note.pdf", kCaseNote);
  json result = Propose();
  EXPECT_GE(result["review"].get<int>(), 1);
  json pc;
  for (const auto& r : List())
    if (r["text"].get<std::string>().find("Gareth Lloyd") != std::string::npos) pc = r;
  ASSERT_TRUE(pc.is_object()) << List().dump(1);
  EXPECT_EQ(pc["party"], "ambiguous");
  EXPECT_EQ(pc["status"], "proposed");
  EXPECT_EQ(pc["reason"].get<std::string>().rfind("review: ", 0), 0u) << pc["reason"];
}

TEST_F(RedactionServiceTest, ContextCarriesAcrossPages) {
  AddPdf("note.pdf", kCaseNote);
  Propose();
  RedactionFilter second_page;
  second_page.page = 2;
  EXPECT_TRUE(Has(Texts(List(second_page)), "Liam Hughes")) << List(second_page).dump(1);
}

TEST_F(RedactionServiceTest, ProposingAgainAddsNothing) {
  AddPdf("note.pdf", kCaseNote);
  json first = Propose();
  std::size_t count = List().size();
  json again = Propose("ben");
  EXPECT_EQ(again["added"], 0);
  EXPECT_EQ(again["already_proposed"], first["added"]);
  EXPECT_EQ(List().size(), count);
}

TEST_F(RedactionServiceTest, ExcludedDocumentsAndPagesAreNotProposed) {
  std::int64_t kept = AddPdf("note.pdf", kCaseNote);
  std::int64_t out = AddPdf("police.pdf", {"Report about Kwabena Mensah, a neighbour."});
  ASSERT_TRUE(ingest_->Exclude(ref_, {{"id", out}, {"reason", "Police report"}}, "ava").ok());
  ASSERT_TRUE(ingest_->ExcludePage(ref_, {{"document_id", kept}, {"page", 2}, {"reason", "Out of scope"}}, "ava").ok());
  Propose();
  for (const auto& r : List()) {
    EXPECT_EQ(r["document_id"], kept) << r.dump();
    EXPECT_EQ(r["page"], 1) << r.dump();
  }
}

TEST_F(RedactionServiceTest, ProposingIsAudited) {
  AddPdf("note.pdf", kCaseNote);
  Propose();
  RawDb db(path_);
  EXPECT_EQ(db.Int("SELECT COUNT(*) FROM audit_log WHERE action = 'redaction.propose' AND entity_id = '" + ref_ + "'"), 1);
  // The case record's own audit entries stay the latest of entity "case".
  EXPECT_EQ(db.Int("SELECT COUNT(*) FROM audit_log WHERE action LIKE 'redaction.%' AND entity = 'case'"), 0);
  // The audit trail does not copy the names it redacts.
  EXPECT_EQ(db.Int("SELECT COUNT(*) FROM audit_log WHERE action LIKE 'redaction.%' AND after LIKE '%Dorota%'"), 0);
}

TEST_F(RedactionServiceTest, ListFiltersByDocumentPageStatusPartyAndCategory) {
  AddPdf("note.pdf", kCaseNote);
  Propose();
  std::size_t all = List().size();
  ASSERT_GT(all, 2u);
  RedactionFilter third;
  third.party = "third_party";
  for (const auto& r : List(third)) EXPECT_EQ(r["party"], "third_party");
  RedactionFilter people;
  people.category = "person";
  EXPECT_FALSE(List(people).empty());
  RedactionFilter accepted;
  accepted.status = "accepted";
  EXPECT_TRUE(List(accepted).empty());
  RedactionFilter other_doc;
  other_doc.document_id = 999;
  EXPECT_TRUE(List(other_doc).empty());
  EXPECT_EQ(redactions_->List("SAR-2099-000001", {}).status().code(), ErrorCode::kNotFound);
}

// --- Deciding ------------------------------------------------------------------

TEST_F(RedactionServiceTest, AcceptRejectAndChangeTheExemptionOrBox) {
  AddPdf("note.pdf", kCaseNote);
  Propose();
  json mum = Find("Dorota Carter");
  ASSERT_TRUE(mum.is_object());
  json accepted = Decide(Id(mum), {{"decision", "accept"}, {"exemption", "serious_harm"}, {"note", "risk to mother"}});
  EXPECT_EQ(accepted["status"], "accepted");
  EXPECT_EQ(accepted["exemption"], "serious_harm");
  EXPECT_EQ(accepted["decided_by"], "ava");
  EXPECT_EQ(accepted["note"], "risk to mother");
  json partner = Find("Liam Hughes");
  ASSERT_TRUE(partner.is_object());
  EXPECT_EQ(Decide(Id(partner), {{"decision", "reject"}})["status"], "rejected");
  // A new box replaces the proposed one; its text is what lies under it.
  const json& b = mum["boxes"][0];
  json moved = Decide(Id(mum), {{"decision", "accept"},
                                {"box", {{"x0", b[0]}, {"y0", b[1]}, {"x1", b[2].get<double>() - 20}, {"y1", b[3]}}}});
  EXPECT_EQ(moved["boxes"].size(), 1u);
  EXPECT_EQ(moved["text"], "Dorota");
  RawDb db(path_);
  EXPECT_EQ(db.Int("SELECT COUNT(*) FROM audit_log WHERE action = 'redaction.accept' AND entity_id = '" +
                   std::to_string(Id(mum)) + "'"),
            2);
  EXPECT_EQ(db.Int("SELECT COUNT(*) FROM audit_log WHERE action = 'redaction.reject'"), 1);
}

TEST_F(RedactionServiceTest, DecisionsAreCheckedBeforeAnythingChanges) {
  AddPdf("note.pdf", kCaseNote);
  Propose();
  std::int64_t id = Id(Find("Dorota Carter"));
  auto r = redactions_->Decide(ref_, id, {{"decision", "accept"}, {"exemption", "because"}}, "ava");
  EXPECT_EQ(r.status().code(), ErrorCode::kInvalidArgument);
  EXPECT_NE(r.status().message().find("exemption catalogue"), std::string::npos);
  EXPECT_EQ(redactions_->Decide(ref_, id, {{"decision", "maybe"}}, "ava").status().code(), ErrorCode::kInvalidArgument);
  EXPECT_EQ(redactions_->Decide(ref_, id, {{"decision", "accept"}, {"box", {{"x0", 5}, {"y0", 5}, {"x1", 1}, {"y1", 9}}}}, "ava")
                .status().code(),
            ErrorCode::kInvalidArgument);
  EXPECT_EQ(redactions_->Decide(ref_, 99999, {{"decision", "accept"}}, "ava").status().code(), ErrorCode::kNotFound);
  EXPECT_EQ(Find("Dorota Carter")["status"], "proposed");
}

// --- Drawn boxes, whole pages and whole documents --------------------------------

TEST_F(RedactionServiceTest, DrawnBoxesPagesAndDocumentsAreAcceptedAtOnce) {
  std::int64_t doc = AddPdf("note.pdf", kCaseNote);
  auto page = ingest_->Page(doc, 0);
  ASSERT_TRUE(page.ok());
  // The box over the words "The next line stays." (the fifth line).
  json words = (*page)["words"];
  json stays;
  for (const auto& w : words)
    if (w[0] == "stays.") stays = w;
  ASSERT_TRUE(stays.is_array());
  auto drawn = redactions_->Add(ref_, {{"document_id", doc}, {"page", 1},
                                       {"box", {{"x0", 0}, {"y0", stays[2].get<double>() - 1}, {"x1", stays[3].get<double>() + 1},
                                                {"y1", stays[4].get<double>() + 1}}},
                                       {"exemption", "legal_privilege"}, {"reason", "advice from legal services"}},
                                "ava");
  ASSERT_TRUE(drawn.ok()) << drawn.status().ToString();
  EXPECT_EQ((*drawn)["status"], "accepted");
  EXPECT_EQ((*drawn)["source"], "officer");
  EXPECT_EQ((*drawn)["category"], "drawn");
  EXPECT_EQ((*drawn)["text"], "The next line stays.");
  EXPECT_EQ((*drawn)["exemption_label"], "Redacted following legal advice");
  EXPECT_EQ((*drawn)["decided_by"], "ava");

  auto whole_page = redactions_->Add(ref_, {{"document_id", doc}, {"page", 2}, {"scope", "page"}, {"exemption", "third_party"}}, "ava");
  ASSERT_TRUE(whole_page.ok()) << whole_page.status().ToString();
  EXPECT_EQ((*whole_page)["category"], "page");
  EXPECT_EQ((*whole_page)["page"], 2);
  auto whole_doc = redactions_->Add(ref_, {{"document_id", doc}, {"scope", "document"}, {"exemption", "serious_harm"}}, "cara");
  ASSERT_TRUE(whole_doc.ok()) << whole_doc.status().ToString();
  EXPECT_EQ((*whole_doc)["category"], "document");
  EXPECT_TRUE((*whole_doc)["page"].is_null());
  RawDb db(path_);
  EXPECT_EQ(db.Int("SELECT COUNT(*) FROM audit_log WHERE action = 'redaction.add'"), 3);
}

TEST_F(RedactionServiceTest, DetectionProgressCountsThePagesItRead) {
  auto before = redactions_->Progress(ref_);
  ASSERT_TRUE(before.ok()) << before.status().ToString();
  EXPECT_EQ((*before)["stage"], "none");
  AddPdf("note.pdf", kCaseNote);
  Propose();
  auto after = redactions_->Progress(ref_);
  ASSERT_TRUE(after.ok());
  EXPECT_EQ((*after)["stage"], "done");
  EXPECT_EQ((*after)["running"], false);
  EXPECT_EQ((*after)["pages_total"], kCaseNote.size());
  EXPECT_EQ((*after)["pages_done"], kCaseNote.size());
  EXPECT_EQ((*after)["seconds_left"], 0);
}

TEST_F(RedactionServiceTest, AnAdvisersSuggestionWaitsForAnOfficersDecision) {
  std::int64_t doc = AddPdf("note.pdf", kCaseNote);
  auto suggested = redactions_->Suggest(ref_, {{"document_id", doc}, {"page", 2}, {"scope", "page"}, {"exemption", "serious_harm"},
                                               {"reason", "the child's disclosure; discuss before release"}},
                                        "sam");
  ASSERT_TRUE(suggested.ok()) << suggested.status().ToString();
  EXPECT_EQ((*suggested)["status"], "proposed");
  EXPECT_EQ((*suggested)["source"], "adviser");
  EXPECT_EQ((*suggested)["proposed_by"], "sam");
  EXPECT_EQ((*suggested)["decided_by"], "");
  // Listed with the other undecided proposals, filterable by its source.
  RedactionFilter f;
  f.source = "adviser";
  auto listed = redactions_->List(ref_, f);
  ASSERT_TRUE(listed.ok()) << listed.status().ToString();
  ASSERT_EQ((*listed)["redactions"].size(), 1u);
  // An adviser never withholds a whole document, even as a suggestion.
  auto whole = redactions_->Suggest(ref_, {{"document_id", doc}, {"scope", "document"}, {"exemption", "serious_harm"}}, "sam");
  EXPECT_EQ(whole.status().code(), ErrorCode::kInvalidArgument);
  // The officer decides.
  EXPECT_EQ(Decide(Id(*suggested), {{"decision", "accept"}})["status"], "accepted");
  RawDb db(path_);
  EXPECT_EQ(db.Int("SELECT COUNT(*) FROM audit_log WHERE action = 'redaction.suggest'"), 1);
}

TEST_F(RedactionServiceTest, AnExemptionOutsideTheCatalogueIsRefusedWithTheCodes) {
  std::int64_t doc = AddPdf("note.pdf", kCaseNote);
  auto r = redactions_->Add(ref_, {{"document_id", doc}, {"page", 1}, {"scope", "page"}, {"exemption", "embarrassing"}}, "ava");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), ErrorCode::kInvalidArgument);
  EXPECT_NE(r.status().message().find("third_party"), std::string::npos) << r.status().message();
  EXPECT_EQ(redactions_->Add(ref_, {{"document_id", doc}, {"page", 1}, {"scope", "page"}}, "ava").status().code(),
            ErrorCode::kInvalidArgument);  // no exemption at all
  EXPECT_EQ(redactions_->Add(ref_, {{"document_id", doc}, {"page", 9}, {"scope", "page"}, {"exemption", "third_party"}}, "ava")
                .status().code(),
            ErrorCode::kNotFound);
  EXPECT_EQ(redactions_->Add(ref_, {{"document_id", doc}, {"page", 1}, {"box", {{"x0", 900}, {"y0", 900}, {"x1", 950}, {"y1", 950}}},
                                    {"exemption", "third_party"}}, "ava")
                .status().code(),
            ErrorCode::kInvalidArgument);  // off the page
  EXPECT_EQ(redactions_->Add(ref_, {{"document_id", doc}, {"exemption", "third_party"}}, "ava").status().code(),
            ErrorCode::kInvalidArgument);  // a whole document must be asked for
  EXPECT_TRUE(List().empty());
}

// --- Rules ---------------------------------------------------------------------

TEST_F(RedactionServiceTest, ARedactRuleAcceptsCandidatesAndAddsEveryOtherOccurrence) {
  AddPdf("note.pdf", kCaseNote);
  Propose();
  auto r = redactions_->AddRule(ref_, {{"text", "sunnyside farm"}, {"action", "redact"}, {"exemption", "third_party"},
                                       {"reason", "the family's address"}}, "ava");
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  // On each page: what detection proposed over the text is accepted, and an
  // occurrence nothing covered whole is added.
  EXPECT_GE((*r)["added"].get<int>(), 1) << r->dump();
  std::set<int> pages_with_the_whole_name;
  for (const auto& x : List()) {
    const std::string text = x["text"];
    if (text.find("Sunnyside") == std::string::npos && text.find("Farm") == std::string::npos) continue;
    EXPECT_EQ(x["status"], "accepted") << x.dump();
    EXPECT_EQ(x["rule_id"], (*r)["rule"]["id"]);
    EXPECT_EQ(x["decided_by"], "ava");
    if (text.rfind("Sunnyside Farm", 0) == 0) pages_with_the_whole_name.insert(x["page"].get<int>());
    if (x["source"] == "rule") {
      EXPECT_EQ(x["category"], "term");
      EXPECT_EQ(x["reason"], "the family's address");
    }
  }
  EXPECT_EQ(pages_with_the_whole_name, (std::set<int>{1, 2}));
  // A rule for text detection proposed accepts those proposals.
  auto partner = redactions_->AddRule(ref_, {{"text", "Liam Hughes"}, {"action", "redact"}}, "ava");
  ASSERT_TRUE(partner.ok());
  EXPECT_EQ((*partner)["accepted"].get<int>() + (*partner)["added"].get<int>(), 2);
  for (const auto& x : List())
    if (x["text"].get<std::string>().rfind("Liam Hughes", 0) == 0) {
      EXPECT_EQ(x["status"], "accepted");
    }
}

TEST_F(RedactionServiceTest, AKeepRuleRejectsEveryCandidateWithThatText) {
  AddPdf("note.pdf", kCaseNote);
  Propose();
  auto r = redactions_->AddRule(ref_, {{"text", "Liam Hughes"}, {"action", "keep"}, {"reason", "the allocated social worker"}}, "ava");
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_GE((*r)["rejected"].get<int>(), 2);
  for (const auto& x : List())
    if (x["text"].get<std::string>().rfind("Liam Hughes", 0) == 0) {
      EXPECT_EQ(x["status"], "rejected");
      EXPECT_EQ(x["rule_id"], (*r)["rule"]["id"]);
    }
  auto rules = redactions_->Rules(ref_);
  ASSERT_TRUE(rules.ok());
  ASSERT_EQ((*rules)["rules"].size(), 1u);
  EXPECT_EQ((*rules)["rules"][0]["action"], "keep");
  RawDb db(path_);
  EXPECT_EQ(db.Int("SELECT COUNT(*) FROM audit_log WHERE action = 'redaction.rule.add'"), 1);
}

TEST_F(RedactionServiceTest, RulesDecideWhatIsProposedLater) {
  AddPdf("note.pdf", kCaseNote);
  ASSERT_TRUE(redactions_->AddRule(ref_, {{"text", "Liam Hughes"}, {"action", "keep"}}, "ava").ok());
  Propose("ben");
  bool seen = false;
  for (const auto& x : List())
    if (x["text"].get<std::string>().rfind("Liam Hughes", 0) == 0) {
      seen = true;
      EXPECT_EQ(x["status"], "rejected");
      EXPECT_EQ(x["decided_by"], "ava");  // the rule's author decided it
    }
  EXPECT_TRUE(seen);
}

TEST_F(RedactionServiceTest, RulesAreChecked) {
  AddPdf("note.pdf", kCaseNote);
  EXPECT_EQ(redactions_->AddRule(ref_, {{"text", "Liam"}, {"action", "hide"}}, "ava").status().code(), ErrorCode::kInvalidArgument);
  EXPECT_EQ(redactions_->AddRule(ref_, {{"text", "Liam"}, {"action", "redact"}, {"exemption", "nope"}}, "ava").status().code(),
            ErrorCode::kInvalidArgument);
  EXPECT_EQ(redactions_->AddRule(ref_, {{"text", " "}, {"action", "redact"}}, "ava").status().code(), ErrorCode::kInvalidArgument);
  EXPECT_TRUE((*redactions_->Rules(ref_))["rules"].empty());
}

// --- Burning in ------------------------------------------------------------------

TEST_F(RedactionServiceTest, ApplyBurnsInVerifiesAndKeepsTheRedactedCopy) {
  std::int64_t doc = AddPdf("note.pdf", kCaseNote);
  std::int64_t untouched = AddPdf("letter.pdf", {"A letter about Ellie Carter's school."});
  Propose();
  json mum = Find("Dorota Carter");
  ASSERT_TRUE(mum.is_object());
  Decide(Id(mum), {{"decision", "accept"}});
  ASSERT_TRUE(redactions_->Add(ref_, {{"document_id", doc}, {"page", 2}, {"scope", "page"}, {"exemption", "third_party"}}, "ava").ok());
  json applied = Apply();
  EXPECT_EQ(applied["redacted"], 1);
  json states = json::object();
  for (const auto& d : applied["documents"]) states[std::to_string(d["document_id"].get<std::int64_t>())] = d["state"];
  EXPECT_EQ(states[std::to_string(doc)], "redacted");
  EXPECT_EQ(states[std::to_string(untouched)], "original");

  std::string page1 = RedactedText(doc, 0);
  EXPECT_EQ(page1.find("Dorota"), std::string::npos) << page1;
  EXPECT_NE(page1.find("Ellie Carter"), std::string::npos) << page1;
  EXPECT_NE(page1.find("The next line stays."), std::string::npos) << page1;
  std::string page2 = RedactedText(doc, 1);
  EXPECT_EQ(page2.find("Liam"), std::string::npos) << page2;
  EXPECT_EQ(page2.find("quiet"), std::string::npos) << page2;
  EXPECT_EQ(redactions_->RedactedPdf(ref_, untouched).status().code(), ErrorCode::kNotFound);

  auto listed = redactions_->RedactedDocuments(ref_);
  ASSERT_TRUE(listed.ok());
  for (const auto& d : (*listed)["documents"]) {
    if (d["document_id"] != doc) continue;
    EXPECT_EQ(d["state"], "redacted");
    EXPECT_EQ(d["applied_by"], "ava");
    EXPECT_EQ(d["redacted_sha256"].get<std::string>().size(), 64u);
  }
  RawDb db(path_);
  EXPECT_EQ(db.Int("SELECT COUNT(*) FROM audit_log WHERE action = 'redaction.apply' AND entity_id = '" + std::to_string(doc) + "'"), 1);
  // The original is still there, unchanged.
  EXPECT_EQ(db.Text("SELECT pdf_sha256 FROM documents WHERE id = " + std::to_string(doc)),
            db.Text("SELECT source_sha256 FROM redacted_documents WHERE document_id = " + std::to_string(doc)));
}

TEST_F(RedactionServiceTest, ApplyReadsScansBackByOcrIncludingImagesTakenOutOfThePage) {
  // A scan whose lower half, naming the person again, hangs below the page:
  // ingestion's OCR sees one mention; the image in the file holds two.
  const std::string text_pdf = dir_ + "/text.pdf";
  ASSERT_TRUE(pdf::WriteTextPdf(text_pdf, {"Letter from Mrs Okonkwo about the visit.\nPlease call the office." +
                                           std::string(36, '\n') + "Copy sent to Mrs Okonkwo at home."})
                  .ok());
  auto text_doc = pdf::PdfDocument::Open(text_pdf);
  ASSERT_TRUE(text_doc.ok());
  auto scan = (*text_doc)->RenderGray(0, 150);
  ASSERT_TRUE(scan.ok());
  const std::string path = dir_ + "/scan.pdf";
  std::ofstream(path, std::ios::binary) << pdf::testing::HalfShownImagePdf(*scan);
  auto up = ingest_->Upload(ref_, {{"scan.pdf", path}}, json::object(), "ava");
  ASSERT_TRUE(up.ok()) << up.status().ToString();
  ASSERT_TRUE(ingest_->ProcessAll().ok());
  const std::int64_t doc = (*up)[0].document_id;
  ASSERT_TRUE(redactions_->AddRule(ref_, {{"text", "Okonkwo"}, {"action", "redact"}, {"exemption", "third_party"}}, "ava").ok());
  ASSERT_EQ(List().size(), 1u) << "one mention on the page";

  json applied = Apply();
  ASSERT_EQ(applied["redacted"], 1) << applied.dump();
  const json pages = applied["documents"][0]["pages"];
  ASSERT_EQ(pages.size(), 1u) << applied.dump();
  EXPECT_EQ(pages[0]["method"], "flattened") << "OCR of the extracted image failed the vector attempt: " << applied.dump();

  // Read the redacted copy's images back independently.
  auto bytes = redactions_->RedactedPdf(ref_, doc);
  ASSERT_TRUE(bytes.ok());
  auto out = pdf::PdfDocument::OpenMemory(*bytes);
  ASSERT_TRUE(out.ok());
  auto images = (*out)->PageImages(0);
  ASSERT_TRUE(images.ok());
  ASSERT_FALSE(images->empty());
  auto engine = ocr::Recogniser::Create();
  ASSERT_TRUE(engine.ok());
  std::string read;
  for (const auto& image : *images) read += (*engine)->Recognise(image)->text;
  EXPECT_EQ(read.find("Okonkwo"), std::string::npos) << read;
  EXPECT_NE(read.find("Please call the office"), std::string::npos) << read;
}

TEST_F(RedactionServiceTest, ApplyingAgainLeavesUnchangedDocumentsAloneAndFollowsNewDecisions) {
  std::int64_t doc = AddPdf("note.pdf", kCaseNote);
  Propose();
  std::int64_t mum = Id(Find("Dorota Carter"));
  Decide(mum, {{"decision", "accept"}});
  std::string first = Apply()["documents"][0]["redacted_sha256"];
  json again = Apply("ben");
  EXPECT_EQ(again["unchanged"], 1);
  EXPECT_EQ(again["documents"][0]["changed"], false);
  auto readiness = redactions_->Readiness(ref_);
  ASSERT_TRUE(readiness.ok());
  EXPECT_TRUE(readiness->documents_to_apply.empty());
  // A new decision makes the copy out of date until applied again.
  Decide(Id(Find("Liam Hughes")), {{"decision", "accept"}});
  EXPECT_EQ(redactions_->Readiness(ref_)->documents_to_apply, std::vector<std::int64_t>{doc});
  EXPECT_NE(Apply()["documents"][0]["redacted_sha256"], first);
  // With every redaction rejected the document goes back to its original.
  for (const auto& r : List()) Decide(Id(r), {{"decision", "reject"}});
  EXPECT_EQ(Apply()["documents"][0]["state"], "original");
  EXPECT_EQ(redactions_->RedactedPdf(ref_, doc).status().code(), ErrorCode::kNotFound);
}

TEST_F(RedactionServiceTest, OnlyAManagerWithholdsAWholeDocument) {
  std::int64_t doc = AddPdf("note.pdf", kCaseNote);
  auto r = redactions_->Add(ref_, {{"document_id", doc}, {"scope", "document"}, {"exemption", "legal_privilege"}}, "ava");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), ErrorCode::kPermissionDenied);
  EXPECT_NE(r.status().message().find("IG manager"), std::string::npos) << r.status().message();
  RawDb db(path_);
  EXPECT_EQ(db.Int("SELECT COUNT(*) FROM redactions"), 0);
  EXPECT_TRUE(redactions_->Add(ref_, {{"document_id", doc}, {"scope", "document"}, {"exemption", "legal_privilege"}}, "cara").ok());
}

TEST_F(RedactionServiceTest, AWholeDocumentRedactionCoversEveryPage) {
  std::int64_t doc = AddPdf("note.pdf", kCaseNote);
  ASSERT_TRUE(redactions_->Add(ref_, {{"document_id", doc}, {"scope", "document"}, {"exemption", "legal_privilege"}}, "cara").ok());
  json applied = Apply();
  ASSERT_EQ(applied["documents"][0]["pages"].size(), 2u);
  for (int p = 0; p < 2; ++p) {
    std::string text = RedactedText(doc, p);
    EXPECT_EQ(text.find("Ellie"), std::string::npos) << text;
  }
}

TEST_F(RedactionServiceTest, AVerificationFailureBlocksAndSaysWhichPageAndMethod) {
  std::int64_t doc = AddPdf("note.pdf", kCaseNote);
  Propose();
  std::int64_t mum = Id(Find("Dorota Carter"));
  Decide(mum, {{"decision", "accept"}});
  // A box that no longer covers its text (as a planning fault would leave it).
  RawDb db(path_);
  db.Exec("UPDATE redactions SET boxes = '[[72, 700, 80, 710]]' WHERE id = " + std::to_string(mum));
  auto r = redactions_->Apply(ref_, "ava");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), ErrorCode::kFailedPrecondition);
  EXPECT_NE(r.status().message().find("page 1"), std::string::npos) << r.status().message();
  EXPECT_NE(r.status().message().find("note.pdf"), std::string::npos) << r.status().message();
  bool method = r.status().message().find("mupdf-text") != std::string::npos ||
                r.status().message().find("pdftotext") != std::string::npos ||
                r.status().message().find("raw-stream") != std::string::npos;
  EXPECT_TRUE(method) << r.status().message();
  EXPECT_EQ(redactions_->RedactedPdf(ref_, doc).status().code(), ErrorCode::kNotFound);
  EXPECT_EQ(db.Int("SELECT COUNT(*) FROM redacted_documents"), 0);
}

// --- The schedule ----------------------------------------------------------------

TEST_F(RedactionServiceTest, TheScheduleListsEveryAcceptedRedaction) {
  std::int64_t doc = AddPdf("note.pdf", kCaseNote);
  Propose();
  Decide(Id(Find("Dorota Carter")), {{"decision", "accept"}}, "ben");
  Decide(Id(Find("Liam Hughes")), {{"decision", "reject"}});
  ASSERT_TRUE(redactions_->Add(ref_, {{"document_id", doc}, {"page", 2}, {"scope", "page"}, {"exemption", "serious_harm"},
                                      {"reason", "=HYPERLINK(\"x\"), risk"}}, "ava").ok());
  auto schedule = redactions_->Schedule(ref_);
  ASSERT_TRUE(schedule.ok()) << schedule.status().ToString();
  ASSERT_EQ(schedule->rows.size(), 2u);
  const ScheduleRow& first = schedule->rows[0];
  EXPECT_EQ(first.document_id, doc);
  EXPECT_EQ(first.filename, "note.pdf");
  EXPECT_EQ(first.page, 1);
  EXPECT_EQ(first.category, "person");
  EXPECT_EQ(first.exemption, "third_party");
  EXPECT_EQ(first.exemption_label, "Third party information");
  EXPECT_EQ(first.source, "detection");
  EXPECT_EQ(first.proposed_by, "ava");
  EXPECT_EQ(first.decided_by, "ben");
  EXPECT_FALSE(first.decided_at.empty());
  EXPECT_EQ(schedule->rows[1].source, "person");
  EXPECT_EQ(schedule->rows[1].scope, "page");

  json j = ScheduleJson(*schedule);
  EXPECT_EQ(j["count"], 2);
  EXPECT_FALSE(j["rows"][0].contains("text"));  // the schedule names no redacted words
  std::string csv = ScheduleCsv(*schedule);
  EXPECT_EQ(csv.rfind("redaction_id,document_id,filename,page,", 0), 0u) << csv;
  EXPECT_EQ(std::count(csv.begin(), csv.end(), '\n'), 3);
  EXPECT_NE(csv.find("\"'=HYPERLINK(\"\"x\"\"), risk\""), std::string::npos) << csv;
  EXPECT_EQ(csv.find("Dorota"), std::string::npos);
}

TEST_F(RedactionServiceTest, TheScheduleIsAReadablePdf) {
  std::int64_t doc = AddPdf("note.pdf", kCaseNote);
  Propose();
  Decide(Id(Find("Dorota Carter")), {{"decision", "accept"}, {"note", "mother"}}, "ben");
  ASSERT_TRUE(redactions_->Add(ref_, {{"document_id", doc}, {"page", 2}, {"scope", "page"}, {"exemption", "serious_harm"},
                                      {"reason", "Risk to the child named on this page"}}, "ava").ok());
  auto schedule = redactions_->Schedule(ref_);
  ASSERT_TRUE(schedule.ok()) << schedule.status().ToString();
  auto pdf = SchedulePdf(*schedule, "Sardesk Demo Council");
  ASSERT_TRUE(pdf.ok()) << pdf.status().ToString();
  EXPECT_EQ(pdf->rfind("%PDF-", 0), 0u);
  auto opened = pdf::PdfDocument::OpenMemory(*pdf);
  ASSERT_TRUE(opened.ok()) << opened.status().ToString();
  std::string text;
  for (int p = 0; p < (*opened)->page_count(); ++p) {
    auto page = (*opened)->ExtractText(p);
    ASSERT_TRUE(page.ok()) << page.status().ToString();
    text += page->text + "\n";
  }
  for (const char* expected : {"Redaction schedule: ", "Sardesk Demo Council", "2 redactions", "note.pdf, page 1",
                               "Category: person", "Third party information (third_party)",
                               "DPA 2018 Schedule 2 Part 3 paragraph 16", "note.pdf, page 2 (whole page)",
                               "Withheld: serious harm (serious_harm)", "Risk to the child named on this page",
                               "Proposed by: detection, run by ava", "Decided by: ben, 2025-09-10"})
    EXPECT_TRUE(Contains(text, expected)) << expected << " not in:\n" << text;
  EXPECT_TRUE(Contains(text, ref_)) << text;
  EXPECT_FALSE(Contains(text, "Dorota")) << "the schedule names no redacted words";
}

// --- The exemption catalogue is the council's --------------------------------------------

TEST_F(RedactionServiceTest, AnEditedLabelIsUsedAndTheCopiesMustBeMadeAgain) {
  AddPdf("note.pdf", kCaseNote);
  Propose();
  Decide(Id(Find("Dorota Carter")), {{"decision", "accept"}});
  for (const auto& r : List())
    if (r["status"] == "proposed") Decide(Id(r), {{"decision", "reject"}});
  Apply();
  ASSERT_TRUE(redactions_->Readiness(ref_)->documents_to_apply.empty());
  ASSERT_TRUE(admin_->PutExemption({{"code", "third_party"}, {"label", "Other person's information"}}, "cara").ok());
  EXPECT_EQ(Find("Dorota Carter")["exemption_label"], "Other person's information");
  EXPECT_EQ(redactions_->Schedule(ref_)->rows.at(0).exemption_label, "Other person's information");
  EXPECT_EQ(redactions_->Readiness(ref_)->documents_to_apply.size(), 1u) << "the old label is drawn in the copy";
  json applied = Apply();
  EXPECT_EQ(applied["redacted"], 1);
}

TEST_F(RedactionServiceTest, NewExemptionsCanBeUsedAndThoseInUseCannotBeRemoved) {
  std::int64_t doc = AddPdf("note.pdf", kCaseNote);
  auto refused = redactions_->Add(ref_, {{"document_id", doc}, {"page", 1}, {"exemption", "health_data"}}, "ava");
  EXPECT_EQ(refused.status().code(), ErrorCode::kInvalidArgument);
  ASSERT_TRUE(admin_->PutExemption({{"code", "health_data"}, {"name", "Health data"}, {"label", "Withheld: health"},
                                    {"short_label", "HD"}, {"basis", "DPA 2018 Schedule 3 Part 2"}},
                                   "cara")
                  .ok());
  auto added = redactions_->Add(ref_, {{"document_id", doc}, {"page", 1}, {"exemption", "health_data"}}, "ava");
  ASSERT_TRUE(added.ok()) << added.status().ToString();
  EXPECT_EQ((*added)["exemption_label"], "Withheld: health");
  auto removal = admin_->RemoveExemption("health_data", "cara");
  ASSERT_FALSE(removal.ok());
  EXPECT_EQ(removal.status().code(), ErrorCode::kFailedPrecondition);
  EXPECT_TRUE(Contains(removal.status().message(), "1 redactions, rules or staff concerns rest on")) << removal.status().message();
  Decide(Id(*added), {{"decision", "reject"}});
  EXPECT_TRUE(admin_->RemoveExemption("health_data", "cara").ok());
}

}  // namespace
}  // namespace sardesk::service::testing
