#include "service/disclosure_decisions.h"

#include <gtest/gtest.h>

#include "service/redaction_test_support.h"

namespace sardesk::service::testing {
namespace {

class DisclosureDecisionTest : public RedactionTest {
 protected:
  void SetUp() override {
    RedactionTest::SetUp();
    decisions_ = std::make_unique<DisclosureDecisionService>(ctx_.get(), cases_.get());
  }
  void TearDown() override {
    decisions_.reset();
    RedactionTest::TearDown();
  }

  json Consent(const json& body, const std::string& actor = "ava") {
    auto r = decisions_->RecordConsent(ref_, body, actor);
    EXPECT_TRUE(r.ok()) << r.status().ToString();
    return r.ok() ? *r : json::object();
  }

  json Concern(const json& body, const std::string& actor = "ava") {
    auto r = decisions_->RecordStaffConcern(ref_, body, actor);
    EXPECT_TRUE(r.ok()) << r.status().ToString();
    return r.ok() ? *r : json::object();
  }

  // Every listed redaction over `name` (its words cover whole words: "Hughes." too).
  std::vector<json> All(const std::string& name) {
    std::vector<json> out;
    for (const auto& r : List())
      if (Contains(r["text"].get<std::string>(), name)) out.push_back(r);
    return out;
  }

  // Detection told that Iris Davies is the social worker (staff are kept).
  void ProposeWithStaff() {
    auto r = redactions_->Propose(ref_, {{"staff", {{{"name", "Iris Davies"}, {"role", "Social Worker"}}}}}, "ava");
    ASSERT_TRUE(r.ok()) << r.status().ToString();
  }

  json Rules() {
    auto r = redactions_->Rules(ref_);
    EXPECT_TRUE(r.ok()) << r.status().ToString();
    return r.ok() ? (*r)["rules"] : json::array();
  }

  std::unique_ptr<DisclosureDecisionService> decisions_;
};

// --- Third-party consent ---------------------------------------------------------

TEST_F(DisclosureDecisionTest, ConsentLiftsTheRedactionsOfThatNameEverywhere) {
  AddPdf("note.pdf", kCaseNote);
  Propose();
  auto liam = All("Liam Hughes");
  ASSERT_EQ(liam.size(), 2u) << List().dump(1);  // on both pages
  for (const auto& r : liam) Decide(r["id"].get<std::int64_t>(), {{"decision", "accept"}});
  json c = Consent({{"name", "liam hughes"}, {"decision", "consented"}, {"reason", "Signed consent form received"}});
  EXPECT_EQ(c["status"], "current");
  EXPECT_EQ(c["decided_by"], "ava");
  EXPECT_EQ(c["decided_on"], "2025-09-10");
  EXPECT_GT(c["rule_id"].get<std::int64_t>(), 0);
  EXPECT_EQ(c["changes"]["rule"]["rejected"], 2);
  for (const auto& r : All("Liam Hughes")) {
    EXPECT_EQ(r["status"], "rejected") << r.dump();
    EXPECT_EQ(r["rule_id"], c["rule_id"]);
  }
  json rules = Rules();
  ASSERT_EQ(rules.size(), 1u);
  EXPECT_EQ(rules[0]["action"], "keep");
  EXPECT_EQ(rules[0]["text"], "liam hughes");
  auto listed = decisions_->Consents(ref_);
  ASSERT_TRUE(listed.ok());
  ASSERT_EQ((*listed)["consents"].size(), 1u);
  EXPECT_EQ((*listed)["consents"][0]["decision"], "consented");
  RawDb db(path_);
  EXPECT_EQ(db.Int("SELECT COUNT(*) FROM audit_log WHERE action = 'consent.record' AND entity = 'consent'"), 1);
  EXPECT_EQ(db.Int("SELECT COUNT(*) FROM audit_log WHERE action = 'consent.record' AND after LIKE '%Liam%'"), 0);
}

TEST_F(DisclosureDecisionTest, ARefusalRedactsEveryOccurrence) {
  AddPdf("note.pdf", kCaseNote);
  Propose();
  json c =
      Consent({{"name", "Dorota Carter"}, {"decision", "refused"}, {"reason", "Refused by letter of 2 September"}});
  EXPECT_GE(c["changes"]["rule"]["accepted"].get<int>(), 1);
  auto mum = All("Dorota Carter");
  ASSERT_FALSE(mum.empty());
  for (const auto& r : mum) {
    EXPECT_EQ(r["status"], "accepted");
    EXPECT_EQ(r["exemption"], "third_party");
  }
  EXPECT_EQ(Rules()[0]["action"], "redact");
}

TEST_F(DisclosureDecisionTest, AReasonableDecisionIsLoggedOnTheRecordUntilReplaced) {
  AddPdf("note.pdf", kCaseNote);
  Propose();
  Consent({{"name", "Dorota Carter"},
           {"decision", "reasonable"},
           {"reason", "She is named only as the subject's carer and already knows the content"},
           {"decided_by", "cara"},
           {"decided_on", "2025-09-10"}});
  auto record = Get(ref_).record;
  ASSERT_EQ(record.disclosures_without_consent.size(), 1u);
  EXPECT_EQ(record.disclosures_without_consent[0].third_party, "Dorota Carter");
  EXPECT_EQ(record.disclosures_without_consent[0].decided_by, "cara");
  EXPECT_EQ(record.disclosures_without_consent[0].decided_on.ToString(), "2025-09-10");
  for (const auto& r : All("Dorota Carter")) EXPECT_EQ(r["status"], "rejected");

  // She later refuses: the newest decision wins everywhere.
  json refused = Consent({{"name", "Dorota Carter"}, {"decision", "refused"}, {"reason", "Objected by phone"}});
  EXPECT_EQ(refused["changes"]["superseded_consents"].size(), 1u);
  EXPECT_EQ(refused["changes"]["removed_rules"].size(), 1u);
  EXPECT_TRUE(Get(ref_).record.disclosures_without_consent.empty());
  for (const auto& r : All("Dorota Carter")) EXPECT_EQ(r["status"], "accepted") << r.dump();
  json rules = Rules();
  ASSERT_EQ(rules.size(), 1u);
  EXPECT_EQ(rules[0]["action"], "redact");
  json consents = (*decisions_->Consents(ref_))["consents"];
  ASSERT_EQ(consents.size(), 2u);
  EXPECT_EQ(consents[0]["status"], "superseded");
  EXPECT_EQ(consents[0]["rule_id"], 0);
  EXPECT_EQ(consents[1]["status"], "current");
  // The record's change is audited as the case's own entry.
  auto verified = admin_->VerifyAudit();
  ASSERT_TRUE(verified.ok());
  EXPECT_TRUE(verified->ok);
}

TEST_F(DisclosureDecisionTest, ConsentDecisionsAreChecked) {
  auto bad = [&](const json& body, const std::string& words) {
    auto r = decisions_->RecordConsent(ref_, body, "ava");
    ASSERT_FALSE(r.ok()) << body.dump();
    EXPECT_EQ(r.status().code(), ErrorCode::kInvalidArgument) << r.status().ToString();
    EXPECT_TRUE(Contains(r.status().message(), words)) << r.status().message();
  };
  bad({{"name", "Liam Hughes"}, {"decision", "maybe"}, {"reason", "x"}}, "consented, refused or reasonable");
  bad({{"name", "Liam Hughes"}, {"decision", "refused"}}, "reason");
  bad({{"name", "."}, {"decision", "refused"}, {"reason", "x"}}, "name");
  bad({{"name", "Liam Hughes"}, {"decision", "refused"}, {"reason", "x"}, {"decided_on", "2025-09-11"}}, "future");
  bad({{"name", "Liam Hughes"}, {"decision", "refused"}, {"reason", "x"}, {"colour", "red"}}, "colour");
  bad({{"name", "Liam Hughes"}, {"decision", "refused"}, {"reason", "x"}, {"decided_on", "2020-01-01"}}, "before");
  bad({{"name", "ELLIE  carter"}, {"decision", "refused"}, {"reason", "x"}}, "data subject");
  EXPECT_EQ(
      decisions_
          ->RecordConsent("SAR-2099-000001", {{"name", "Liam Hughes"}, {"decision", "refused"}, {"reason", "x"}}, "ava")
          .status()
          .code(),
      ErrorCode::kNotFound);
  EXPECT_TRUE((*decisions_->Consents(ref_))["consents"].empty());
  EXPECT_TRUE(Rules().empty());
}

TEST_F(DisclosureDecisionTest, RecordingConsentMakesYouARedactingOfficer) {
  AddPdf("note.pdf", kCaseNote);
  Propose("ben");
  Consent({{"name", "Liam Hughes"}, {"decision", "consented"}, {"reason", "Signed consent form"}}, "ava");
  EXPECT_EQ(qa_->Sample(ref_, json::object(), "ava").status().code(), ErrorCode::kPermissionDenied);
}

// --- Staff safeguarding concerns -----------------------------------------------------

TEST_F(DisclosureDecisionTest, AStaffConcernRedactsTheNameEverywhereUnderSeriousHarm) {
  AddPdf("note.pdf", kCaseNote);
  ProposeWithStaff();
  ASSERT_TRUE(
      redactions_
          ->AddRule(ref_, {{"text", "Iris Davies"}, {"action", "keep"}, {"reason", "allocated social worker"}}, "ava")
          .ok());
  EXPECT_TRUE(All("Iris Davies").empty()) << "staff are kept";
  json c = Concern({{"name", "Iris Davies"},
                    {"role", "Social Worker"},
                    {"kind", "violence"},
                    {"reason", "The requester assaulted her at a contact session in 2023"}});
  EXPECT_EQ(c["status"], "active");
  EXPECT_EQ(c["exemption"], "serious_harm");
  EXPECT_EQ(c["changes"]["removed_rules"].size(), 1u) << "the keep rule gives way";
  EXPECT_EQ(c["changes"]["rule"]["added"], 1);
  auto iris = All("Iris Davies");
  ASSERT_EQ(iris.size(), 1u) << List().dump(1);
  EXPECT_EQ(iris[0]["status"], "accepted");
  EXPECT_EQ(iris[0]["exemption"], "serious_harm");
  EXPECT_EQ(iris[0]["source"], "rule");
  json rules = Rules();
  ASSERT_EQ(rules.size(), 1u);
  EXPECT_EQ(rules[0]["action"], "redact");
  EXPECT_EQ(rules[0]["exemption"], "serious_harm");
  RawDb db(path_);
  EXPECT_EQ(db.Int("SELECT COUNT(*) FROM audit_log WHERE action = 'staff_concern.record' AND entity = 'staff_concern'"),
            1);
  EXPECT_EQ(db.Int("SELECT COUNT(*) FROM audit_log WHERE action = 'staff_concern.record' AND after LIKE '%Iris%'"), 0);

  // Applied, the name is gone from the redacted copy.
  for (const auto& r : List())
    if (r["status"] == "proposed") Decide(r["id"].get<std::int64_t>(), {{"decision", "reject"}});
  Apply();
  std::string text = RedactedText(iris[0]["document_id"].get<std::int64_t>(), 0);
  EXPECT_FALSE(Contains(text, "Iris")) << text;
  EXPECT_TRUE(Contains(text, "The next line stays.")) << text;
}

TEST_F(DisclosureDecisionTest, WithdrawingAConcernRemovesItsRule) {
  AddPdf("note.pdf", kCaseNote);
  ProposeWithStaff();
  json c = Concern({{"name", "Iris Davies"}, {"kind", "threats"}, {"reason", "Threatening letters on file"}});
  ASSERT_EQ(All("Iris Davies").size(), 1u);
  auto withdrawn = decisions_->WithdrawStaffConcern(ref_, c["id"].get<std::int64_t>(),
                                                    {{"reason", "Recorded against the wrong worker"}}, "ben");
  ASSERT_TRUE(withdrawn.ok()) << withdrawn.status().ToString();
  EXPECT_EQ((*withdrawn)["status"], "withdrawn");
  EXPECT_EQ((*withdrawn)["rule_id"], 0);
  EXPECT_EQ((*withdrawn)["ended_by"], "ben");
  EXPECT_EQ((*withdrawn)["changes"]["redactions_removed"], 1);
  EXPECT_TRUE(All("Iris Davies").empty());
  EXPECT_TRUE(Rules().empty());
  auto again = decisions_->WithdrawStaffConcern(ref_, c["id"].get<std::int64_t>(), json::object(), "ben");
  EXPECT_EQ(again.status().code(), ErrorCode::kFailedPrecondition);
  EXPECT_EQ(decisions_->WithdrawStaffConcern(ref_, 999, json::object(), "ben").status().code(), ErrorCode::kNotFound);
  RawDb db(path_);
  EXPECT_EQ(db.Int("SELECT COUNT(*) FROM audit_log WHERE action = 'staff_concern.withdraw'"), 1);
  json listed = (*decisions_->StaffConcerns(ref_))["staff_concerns"];
  ASSERT_EQ(listed.size(), 1u);
  EXPECT_EQ(listed[0]["end_reason"], "Recorded against the wrong worker");
}

TEST_F(DisclosureDecisionTest, AStaffConcernNeedsAKindAndAReason) {
  auto r = decisions_->RecordStaffConcern(ref_, {{"name", "Iris Davies"}, {"kind", "violence"}}, "ava");
  EXPECT_EQ(r.status().code(), ErrorCode::kInvalidArgument);
  EXPECT_TRUE(Contains(r.status().message(), "reason")) << r.status().message();
  r = decisions_->RecordStaffConcern(ref_, {{"name", "Iris Davies"}, {"kind", "rudeness"}, {"reason", "x"}}, "ava");
  EXPECT_EQ(r.status().code(), ErrorCode::kInvalidArgument);
  EXPECT_TRUE(Contains(r.status().message(), "violence, threats, intimidation or other")) << r.status().message();
  EXPECT_TRUE((*decisions_->StaffConcerns(ref_))["staff_concerns"].empty());
}

}  // namespace
}  // namespace sardesk::service::testing
