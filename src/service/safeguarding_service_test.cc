#include "service/safeguarding_service.h"

#include <gtest/gtest.h>

#include "service/redaction_test_support.h"

namespace sardesk::service::testing {
namespace {

// A contact record whose second page raises a self-harm flag.
const std::vector<std::string> kFlaggedNote = {
    "Contact record for Ellie Carter.\nEllie attended school as usual.",
    "Ellie told the nurse she had taken an overdose last spring.\nShe was seen by the GP the next day."};

class SafeguardingServiceTest : public RedactionTest {
 protected:
  void SetUp() override {
    RedactionTest::SetUp();
    safeguarding_ = std::make_unique<SafeguardingService>(ctx_.get());
  }
  void TearDown() override {
    safeguarding_.reset();
    RedactionTest::TearDown();
  }

  json Show() {
    auto r = safeguarding_->Show(ref_);
    EXPECT_TRUE(r.ok()) << r.status().ToString();
    return r.ok() ? *r : json::object();
  }

  json Meeting(const json& body, const std::string& actor = "cara") {
    auto r = safeguarding_->RecordMeeting(ref_, body, actor);
    EXPECT_TRUE(r.ok()) << r.status().ToString();
    return r.ok() ? *r : json::object();
  }

  // Every proposal rejected: nothing redacted, so no QA is needed.
  void RejectAll() {
    for (const auto& r : List())
      if (r["status"] == "proposed") Decide(r["id"].get<std::int64_t>(), {{"decision", "reject"}});
  }

  // The refusal of a move to ready_for_release, or "" when it is allowed.
  std::string ReleaseRefusal() {
    auto r = cases_->Transition(ref_, {{"to", "ready_for_release"}}, "ava");
    return r.ok() ? "" : r.status().message();
  }

  std::unique_ptr<SafeguardingService> safeguarding_;
};

TEST_F(SafeguardingServiceTest, ProposingRecordsTheFlagsByDocumentAndPage) {
  std::int64_t doc = AddPdf("contact.pdf", kFlaggedNote);
  json before = Show();
  ASSERT_EQ(before["unchecked_documents"].size(), 1u);
  EXPECT_EQ(before["unchecked_documents"][0]["document_id"], doc);
  Propose();
  json shown = Show();
  EXPECT_TRUE(shown["unchecked_documents"].empty());
  ASSERT_EQ(shown["flags"].size(), 1u) << shown.dump(1);
  EXPECT_EQ(shown["flags"][0]["document_id"], doc);
  EXPECT_EQ(shown["flags"][0]["page"], 2);
  EXPECT_EQ(shown["flags"][0]["flag"], "self_harm");
  EXPECT_EQ(shown["flags"][0]["sentences"], 1);
  EXPECT_EQ(shown["flags"][0]["in_bundle"], true);
  // Proposing again changes nothing.
  Propose();
  EXPECT_EQ(Show()["flags"].size(), 1u);
  RawDb db(path_);
  EXPECT_EQ(db.Int("SELECT COUNT(*) FROM audit_log WHERE action = 'redaction.propose' AND after LIKE '%self_harm%'"),
            2);
}

TEST_F(SafeguardingServiceTest, ReleaseWaitsForASafeguardingMeeting) {
  std::int64_t doc = AddPdf("contact.pdf", kFlaggedNote);
  Propose();
  RejectAll();
  MoveTo("qa");
  std::string refusal = ReleaseRefusal();
  EXPECT_TRUE(Contains(refusal, "cannot release yet")) << refusal;
  EXPECT_TRUE(Contains(refusal, "safeguarding meeting")) << refusal;
  EXPECT_TRUE(Contains(refusal, "self_harm on page 2")) << refusal;
  // The case view says why, in its next actions and its blockers.
  CaseView view = Get(ref_);
  ASSERT_EQ(view.release_blockers.size(), 1u);
  bool shown = false;
  for (const auto& a : view.next_actions)
    if (a.to == casework::CaseStatus::kReadyForRelease) {
      EXPECT_FALSE(a.allowed);
      shown = Contains(a.why_not, "safeguarding meeting");
    }
  EXPECT_TRUE(shown);

  json m = Meeting({{"held_on", "2025-09-10"},
                    {"attendees", {"Cara Singh (IG manager)", "Iris Davies (social worker)"}},
                    {"outcome", "release_with_support"},
                    {"notes", "Release at a meeting with her support worker"}});
  EXPECT_EQ(m["documents"], json::array({doc}));
  EXPECT_TRUE(m["release_blockers"].empty()) << m.dump();
  EXPECT_EQ(ReleaseRefusal(), "");
  EXPECT_EQ(Get(ref_).record.status, casework::CaseStatus::kReadyForRelease);
  RawDb db(path_);
  EXPECT_EQ(db.Int("SELECT COUNT(*) FROM audit_log WHERE action = 'safeguarding.meeting'"), 1);
}

TEST_F(SafeguardingServiceTest, DocumentsDetectionHasNotReadHoldReleaseBack) {
  AddPdf("contact.pdf", kFlaggedNote);
  MoveTo("qa");
  std::string refusal = ReleaseRefusal();
  EXPECT_TRUE(Contains(refusal, "detection has not read document")) << refusal;
  EXPECT_TRUE(Contains(refusal, "contact.pdf")) << refusal;
}

TEST_F(SafeguardingServiceTest, AFlagOnAPageLeftOutOfTheBundleDoesNotHoldReleaseBack) {
  std::int64_t doc = AddPdf("contact.pdf", kFlaggedNote);
  Propose();
  RejectAll();
  ASSERT_TRUE(
      ingest_
          ->ExcludePage(ref_, {{"document_id", doc}, {"page", 2}, {"reason", "Health record: the GP answers"}}, "ava")
          .ok());
  MoveTo("qa");
  EXPECT_EQ(ReleaseRefusal(), "");
  EXPECT_EQ(Show()["flags"][0]["in_bundle"], false);
}

TEST_F(SafeguardingServiceTest, WithholdAllWithholdsTheFlaggedDocumentsUnderSeriousHarm) {
  std::int64_t doc = AddPdf("contact.pdf", kFlaggedNote);
  std::int64_t other = AddPdf("letter.pdf", {"A letter about school transport."});
  Propose();
  RejectAll();
  MoveTo("qa");
  json m = Meeting({{"held_on", "2025-09-10"},
                    {"attendees", {"Cara Singh"}},
                    {"outcome", "withhold_all"},
                    {"notes", "Disclosure would be likely to cause serious harm to her mental health"}});
  ASSERT_EQ(m["withheld_redactions"].size(), 1u);
  RedactionFilter whole;
  whole.document_id = doc;
  whole.status = "accepted";
  json withheld = List(whole);
  ASSERT_EQ(withheld.size(), 1u);
  EXPECT_EQ(withheld[0]["scope"], "document");
  EXPECT_EQ(withheld[0]["exemption"], "serious_harm");
  EXPECT_EQ(withheld[0]["decided_by"], "cara");
  RedactionFilter untouched;
  untouched.document_id = other;
  untouched.status = "accepted";
  EXPECT_TRUE(List(untouched).empty());
  // Now the copies must be made and QA must pass before release.
  std::string refusal = ReleaseRefusal();
  EXPECT_TRUE(Contains(refusal, "apply the redactions")) << refusal;
  EXPECT_TRUE(Contains(refusal, "QA has not passed")) << refusal;
  Apply();
  EXPECT_FALSE(Contains(RedactedText(doc, 1), "overdose"));
  ASSERT_TRUE(qa_->Sample(ref_, json::object(), "ben").ok());
  auto passed = qa_->Pass(ref_, {{"note", "checked"}}, "ben");
  ASSERT_TRUE(passed.ok()) << passed.status().ToString();
  EXPECT_EQ((*passed)["case_status"], "ready_for_release");
  EXPECT_TRUE((*passed)["release_blockers"].empty());
}

TEST_F(SafeguardingServiceTest, WithholdPartWaitsForASeriousHarmRedaction) {
  std::int64_t doc = AddPdf("contact.pdf", kFlaggedNote);
  Propose();
  RejectAll();
  MoveTo("qa");
  Meeting({{"held_on", "2025-09-10"},
           {"attendees", {"Cara Singh"}},
           {"outcome", "withhold_part"},
           {"notes", "Withhold the account of the overdose"}});
  std::string refusal = ReleaseRefusal();
  EXPECT_TRUE(Contains(refusal, "withhold part of document")) << refusal;
  auto added = redactions_->Add(
      ref_, {{"document_id", doc}, {"page", 2}, {"exemption", "serious_harm"}, {"reason", "safeguarding meeting"}},
      "ava");
  ASSERT_TRUE(added.ok()) << added.status().ToString();
  refusal = ReleaseRefusal();
  EXPECT_FALSE(Contains(refusal, "withhold part of document")) << refusal;
  EXPECT_TRUE(Contains(refusal, "QA has not passed")) << refusal;
}

TEST_F(SafeguardingServiceTest, MeetingsAreChecked) {
  AddPdf("contact.pdf", kFlaggedNote);
  Propose();
  auto bad = [&](const json& body, const std::string& words) {
    auto r = safeguarding_->RecordMeeting(ref_, body, "cara");
    ASSERT_FALSE(r.ok()) << body.dump();
    EXPECT_TRUE(Contains(r.status().message(), words)) << r.status().message();
  };
  json ok = {{"held_on", "2025-09-10"}, {"attendees", {"Cara Singh"}}, {"outcome", "release"}};
  json b = ok;
  b["outcome"] = "maybe";
  bad(b, "outcome");
  b = ok;
  b["attendees"] = json::array();
  bad(b, "attendees");
  b = ok;
  b["held_on"] = "2025-09-11";
  bad(b, "future");
  b = ok;
  b["outcome"] = "withhold_all";
  bad(b, "notes");
  b = ok;
  b["documents"] = {999};
  bad(b, "no document 999");
  EXPECT_EQ(safeguarding_->RecordMeeting("SAR-2099-000001", ok, "cara").status().code(), ErrorCode::kNotFound);
  EXPECT_TRUE(Show()["meetings"].empty());
}

}  // namespace
}  // namespace sardesk::service::testing
