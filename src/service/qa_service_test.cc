#include "service/qa_service.h"

#include <gtest/gtest.h>

#include <set>

#include "case/qa_sample.h"
#include "service/redaction_test_support.h"

namespace sardesk::service::testing {
namespace {

class QaServiceTest : public RedactionTest {
 protected:
  // A case whose redactions ava has decided and applied: ready for ben to check.
  void Redacted() {
    doc_ = AddPdf("note.pdf", kCaseNote);
    Propose();
    for (const auto& r : List()) Decide(r["id"].get<std::int64_t>(), {{"decision", "accept"}});
    Apply();
  }

  json Sample(const std::string& actor) {
    auto r = qa_->Sample(ref_, json::object(), actor);
    EXPECT_TRUE(r.ok()) << r.status().ToString();
    return r.ok() ? *r : json::object();
  }

  std::int64_t doc_ = 0;
};

std::string Hex(std::uint64_t v) {
  char buf[17];
  std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(v));
  return buf;
}

TEST_F(QaServiceTest, TheSampleIsTenPercentOfTheBundleWithAPageOfEveryDocumentReproducibly) {
  std::vector<std::string> long_pages;
  for (int i = 0; i < 25; ++i) long_pages.push_back("Page " + std::to_string(i + 1) + " of the family's file.");
  std::int64_t big = AddPdf("file.pdf", long_pages);
  std::int64_t small = AddPdf("letter.pdf", {"A short letter.", "Its second page.", "Its third page."});
  json review = Sample("ben");
  EXPECT_EQ(review["status"], "open");
  EXPECT_EQ(review["reviewer"], "ben");
  EXPECT_EQ(review["round"], 1);
  EXPECT_EQ(review["bundle_pages"], 28);
  EXPECT_EQ(review["sample_size"], 3);  // 10% of 28, rounded up
  EXPECT_EQ(review["seed"], Hex(casework::QaSeed(ref_, 1)));
  std::set<std::int64_t> documents;
  std::vector<casework::BundlePage> drawn;
  for (const auto& p : review["pages"]) {
    documents.insert(p["document_id"].get<std::int64_t>());
    EXPECT_EQ(p["added_by"], "sample");
    drawn.push_back({p["document_id"].get<std::int64_t>(), p["page"].get<int>() - 1});
  }
  EXPECT_EQ(documents, (std::set<std::int64_t>{big, small}));
  // Anyone can draw the same pages again from the recorded seed.
  std::vector<casework::BundlePage> bundle;
  for (int i = 0; i < 25; ++i) bundle.push_back({big, i});
  for (int i = 0; i < 3; ++i) bundle.push_back({small, i});
  EXPECT_EQ(casework::SampleForQa(bundle, casework::QaSeed(ref_, 1)), drawn);
  RawDb db(path_);
  EXPECT_EQ(db.Int("SELECT COUNT(*) FROM audit_log WHERE action = 'qa.sample'"), 1);
}

TEST_F(QaServiceTest, TheRedactingOfficerCannotQaTheirOwnWork) {
  Redacted();
  auto r = qa_->Sample(ref_, json::object(), "ava");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), ErrorCode::kPermissionDenied);
  EXPECT_NE(r.status().message().find("cannot QA their own work"), std::string::npos) << r.status().message();
  EXPECT_TRUE((*qa_->Reviews(ref_))["reviews"].empty());
  EXPECT_EQ(Sample("ben")["status"], "open");
}

TEST_F(QaServiceTest, DrawingABoxOrSettingARuleAlsoMakesYouTheRedactingOfficer) {
  doc_ = AddPdf("note.pdf", kCaseNote);
  ASSERT_TRUE(redactions_->Add(ref_, {{"document_id", doc_}, {"page", 2}, {"scope", "page"}, {"exemption", "third_party"}}, "cara").ok());
  ASSERT_TRUE(redactions_->AddRule(ref_, {{"text", "Iris Davies"}, {"action", "keep"}}, "ben").ok());
  EXPECT_EQ(qa_->Sample(ref_, json::object(), "cara").status().code(), ErrorCode::kPermissionDenied);
  EXPECT_EQ(qa_->Sample(ref_, json::object(), "ben").status().code(), ErrorCode::kPermissionDenied);
  // Running detection decides nothing.
  Propose("dan");
  EXPECT_EQ(Sample("dan")["status"], "open");
}

TEST_F(QaServiceTest, ARedactingOfficerCannotPassAReviewTheyHoldEither) {
  Redacted();
  Sample("ben");
  // ben decides a redaction during the review: he is now a redacting officer.
  std::int64_t id = List()[0]["id"];
  Decide(id, {{"decision", "accept"}, {"note", "looked again"}}, "ben");
  auto r = qa_->Pass(ref_, json::object(), "ben");
  EXPECT_EQ(r.status().code(), ErrorCode::kPermissionDenied);
}

TEST_F(QaServiceTest, OnlyOneReviewIsOpenAndOnlyItsReviewerActsOnIt) {
  Redacted();
  Sample("ben");
  EXPECT_EQ(qa_->Sample(ref_, json::object(), "cara").status().code(), ErrorCode::kConflict);
  EXPECT_EQ(qa_->Pass(ref_, json::object(), "cara").status().code(), ErrorCode::kPermissionDenied);
  EXPECT_EQ(qa_->SendBack(ref_, {{"reason", "x"}}, "cara").status().code(), ErrorCode::kPermissionDenied);
}

TEST_F(QaServiceTest, TheReviewerAddsPagesAndRedactionsWithoutBecomingTheRedactingOfficer) {
  Redacted();
  json review = Sample("ben");
  auto added = qa_->AddPage(ref_, {{"document_id", doc_}, {"page", 2}}, "ben");
  ASSERT_TRUE(added.ok()) << added.status().ToString();
  bool found = false;
  for (const auto& p : (*added)["pages"])
    if (p["page"] == 2 && p["document_id"] == doc_) found = true;
  EXPECT_TRUE(found);
  EXPECT_EQ(qa_->AddPage(ref_, {{"document_id", doc_}, {"page", 7}}, "ben").status().code(), ErrorCode::kNotFound);

  auto missed = qa_->AddRedaction(ref_, {{"document_id", doc_}, {"page", 1}, {"scope", "page"}, {"exemption", "serious_harm"},
                                         {"reason", "found in QA"}}, "ben");
  ASSERT_TRUE(missed.ok()) << missed.status().ToString();
  EXPECT_EQ((*missed)["source"], "qa");
  EXPECT_EQ((*missed)["status"], "accepted");
  EXPECT_EQ(qa_->AddRedaction(ref_, {{"document_id", doc_}, {"page", 1}, {"scope", "page"}, {"exemption", "serious_harm"}}, "ava")
                .status().code(),
            ErrorCode::kPermissionDenied);
  // The new redaction must be burned in before the case can pass.
  auto early = qa_->Pass(ref_, json::object(), "ben");
  ASSERT_FALSE(early.ok());
  EXPECT_EQ(early.status().code(), ErrorCode::kFailedPrecondition);
  EXPECT_NE(early.status().message().find("apply"), std::string::npos) << early.status().message();
  Apply("ben");
  auto passed = qa_->Pass(ref_, {{"note", "checked"}}, "ben");
  ASSERT_TRUE(passed.ok()) << passed.status().ToString();
  EXPECT_EQ((*passed)["status"], "passed");
  // The schedule shows the reviewer's redaction as a person's.
  auto schedule = redactions_->Schedule(ref_);
  ASSERT_TRUE(schedule.ok());
  bool qa_row = false;
  for (const auto& row : schedule->rows)
    if (row.origin == "qa") qa_row = row.decided_by == "ben" && row.source == "person";
  EXPECT_TRUE(qa_row);
}

TEST_F(QaServiceTest, PassIsRefusedWhileProposalsAreUndecided) {
  doc_ = AddPdf("note.pdf", kCaseNote);
  Propose();
  Sample("ben");
  auto r = qa_->Pass(ref_, json::object(), "ben");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), ErrorCode::kFailedPrecondition);
  EXPECT_NE(r.status().message().find("undecided"), std::string::npos) << r.status().message();
  EXPECT_EQ((*qa_->Reviews(ref_))["reviews"][0]["status"], "open");
}

TEST_F(QaServiceTest, PassingMovesACaseInQaToReadyForRelease) {
  MoveTo("redacting");
  Redacted();
  Transition(ref_, {{"to", "qa"}});
  Sample("ben");
  auto r = qa_->Pass(ref_, {{"note", "10% checked, no issues"}}, "ben");
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ((*r)["case_status"], "ready_for_release");
  EXPECT_EQ(Get(ref_).record.status, casework::CaseStatus::kReadyForRelease);
  auto history = cases_->History(ref_);
  ASSERT_TRUE(history.ok());
  EXPECT_EQ(history->back().action, "qa.pass");
  EXPECT_EQ(history->back().actor, "ben");
  // Redaction and QA entries keep the audit chain and the case record in step.
  auto verified = admin_->VerifyAudit();
  ASSERT_TRUE(verified.ok());
  EXPECT_TRUE(verified->ok) << (verified->problems.empty() ? "" : verified->problems[0].problem);
}

TEST_F(QaServiceTest, SendingBackNeedsAReasonAndReturnsTheCaseToRedacting) {
  MoveTo("redacting");
  Redacted();
  Transition(ref_, {{"to", "qa"}});
  Sample("ben");
  EXPECT_EQ(qa_->SendBack(ref_, json::object(), "ben").status().code(), ErrorCode::kInvalidArgument);
  auto r = qa_->SendBack(ref_, {{"reason", "page 2 names the neighbour"}}, "ben");
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ((*r)["status"], "sent_back");
  EXPECT_EQ((*r)["reason"], "page 2 names the neighbour");
  EXPECT_EQ((*r)["case_status"], "redacting");
  EXPECT_EQ(Get(ref_).record.status, casework::CaseStatus::kRedacting);
  // The next round draws a sample of its own.
  Transition(ref_, {{"to", "qa"}});
  json second = Sample("cara");
  EXPECT_EQ(second["round"], 2);
  EXPECT_EQ(second["seed"], Hex(casework::QaSeed(ref_, 2)));
  RawDb db(path_);
  EXPECT_EQ(db.Int("SELECT COUNT(*) FROM audit_log WHERE action = 'qa.send_back' AND entity = 'qa_review'"), 1);
}

TEST_F(QaServiceTest, ReleaseIsRefusedUntilQaPasses) {
  MoveTo("redacting");
  Redacted();
  Transition(ref_, {{"to", "qa"}});
  auto early = cases_->Transition(ref_, {{"to", "ready_for_release"}}, "ava");
  ASSERT_FALSE(early.ok());
  EXPECT_EQ(early.status().code(), ErrorCode::kFailedPrecondition);
  EXPECT_TRUE(Contains(early.status().message(), "QA has not passed")) << early.status().message();
  EXPECT_TRUE(Contains(Get(ref_).release_blockers.at(0), "QA has not passed"));
  Sample("ben");
  auto open = cases_->Transition(ref_, {{"to", "ready_for_release"}}, "ava");
  ASSERT_FALSE(open.ok());
  EXPECT_TRUE(Contains(open.status().message(), "is still open")) << open.status().message();
  ASSERT_TRUE(qa_->Pass(ref_, json::object(), "ben").ok());
  EXPECT_EQ(Get(ref_).record.status, casework::CaseStatus::kReadyForRelease);
  EXPECT_TRUE(Get(ref_).release_blockers.empty());
}

TEST_F(QaServiceTest, ChangingTheDecisionsAfterQaPassedNeedsQaAgain) {
  MoveTo("redacting");
  Redacted();
  Transition(ref_, {{"to", "qa"}});
  Sample("ben");
  ASSERT_TRUE(qa_->Pass(ref_, json::object(), "ben").ok());
  ASSERT_EQ(Get(ref_).record.status, casework::CaseStatus::kReadyForRelease);
  ASSERT_TRUE(redactions_->Add(ref_, {{"document_id", doc_}, {"page", 2}, {"exemption", "third_party"}}, "ava").ok());
  Apply();
  auto released = cases_->Release(ref_, {{"outcome", "disclosed_in_part"}}, "ava");
  ASSERT_FALSE(released.ok());
  EXPECT_TRUE(Contains(released.status().message(), "changed after QA review")) << released.status().message();
  EXPECT_EQ(Get(ref_).record.status, casework::CaseStatus::kReadyForRelease);
  // Back through QA, and then it goes.
  Transition(ref_, {{"to", "redacting"}, {"reason", "page 2 withheld after QA"}});
  Transition(ref_, {{"to", "qa"}});
  Sample("cara");
  auto passed = qa_->Pass(ref_, json::object(), "cara");
  ASSERT_TRUE(passed.ok()) << passed.status().ToString();
  EXPECT_EQ((*passed)["case_status"], "ready_for_release");
  auto done = cases_->Release(ref_, {{"outcome", "disclosed_in_part"}}, "ava");
  ASSERT_TRUE(done.ok()) << done.status().ToString();
  EXPECT_EQ(done->record.status, casework::CaseStatus::kReleased);
}

TEST_F(QaServiceTest, APassLeavesTheCaseInQaWhileSomethingElseHoldsReleaseBack) {
  MoveTo("redacting");
  Redacted();
  AddPdf("contact.pdf", {"She said she had taken an overdose."});
  Propose();
  for (const auto& r : List())
    if (r["status"] == "proposed") Decide(r["id"].get<std::int64_t>(), {{"decision", "reject"}});
  Transition(ref_, {{"to", "qa"}});
  Sample("ben");
  auto r = qa_->Pass(ref_, json::object(), "ben");
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ((*r)["status"], "passed");
  EXPECT_EQ((*r)["case_status"], "qa");
  ASSERT_EQ((*r)["release_blockers"].size(), 1u) << r->dump();
  EXPECT_TRUE(Contains((*r)["release_blockers"][0].get<std::string>(), "safeguarding meeting"));
}

TEST_F(QaServiceTest, NothingToCheckOnAnEmptyBundle) {
  auto r = qa_->Sample(ref_, json::object(), "ben");
  EXPECT_EQ(r.status().code(), ErrorCode::kFailedPrecondition);
  EXPECT_EQ(qa_->Sample("SAR-2099-000001", json::object(), "ben").status().code(), ErrorCode::kNotFound);
}

}  // namespace
}  // namespace sardesk::service::testing
