// Retention (issue 8) over real SQLite, real PDFs and encrypted stored files.
#include "service/retention_service.h"

#include <gtest/gtest.h>

#include <filesystem>

#include "case/retention.h"
#include "service/bundle_service.h"
#include "service/redaction_test_support.h"

namespace sardesk::service {
namespace {

using nlohmann::json;
using testing::RedactionTest;

class RetentionTest : public RedactionTest {
 protected:
  std::vector<store::DocumentRow> Documents(const std::string& ref) {
    std::vector<store::DocumentRow> docs;
    EXPECT_TRUE(ctx_->store->Read([&](store::Transaction& tx) -> Status {
      SARDESK_ASSIGN_OR_RETURN(docs, tx.ListDocuments(ref));
      return Status::Ok();
    }).ok());
    return docs;
  }
  std::vector<store::PageRow> Pages(const std::string& ref) {
    std::vector<store::PageRow> pages;
    EXPECT_TRUE(ctx_->store->Read([&](store::Transaction& tx) -> Status {
      store::PageQuery q;
      q.case_ref = ref;
      q.with_text = true;
      SARDESK_ASSIGN_OR_RETURN(pages, tx.ListPages(q));
      return Status::Ok();
    }).ok());
    return pages;
  }
};

TEST_F(RetentionTest, DestroysAClosedRequestsDocumentsAfterThePeriodAndKeepsSharedFiles) {
  const std::string shared_path = dir_ + "/shared.pdf";
  ASSERT_TRUE(pdf::WriteTextPdf(shared_path, {"Ellie Carter met Kelly Morgan at the contact centre."}).ok());
  ASSERT_TRUE(ingest_->Upload(ref_, {{"shared.pdf", shared_path}}, json::object(), "ava").ok());
  AddPdf("own.pdf", {"Only the first request holds this page about Ellie."});
  // A second request collected the same file.
  const std::string other = Create(SarNoIdBody()).record.reference;
  ASSERT_TRUE(ingest_->Upload(other, {{"shared.pdf", shared_path}}, json::object(), "ava").ok());
  ASSERT_TRUE(ingest_->ProcessAll().ok());
  // A bundle made for the request: its volume is sealed in the blob store too.
  Propose();
  for (const auto& r : List())
    if (r["status"] == "proposed") Decide(r["id"].get<std::int64_t>(), {{"decision", "accept"}});
  Apply();
  BundleService bundles(ctx_.get(), cases_.get(), blobs_.get(), dir_);
  auto bundle = bundles.Build(ref_, json::object(), "ava");
  ASSERT_TRUE(bundle.ok()) << bundle.status().ToString();
  const std::string volume_sha = (*bundle)["volumes"][0]["sha256"].get<std::string>();
  ASSERT_TRUE(blobs_->Contains(volume_sha));
  const auto docs = Documents(ref_);
  ASSERT_EQ(docs.size(), 2u);
  std::string shared_sha, own_sha;
  for (const auto& d : docs) (d.filename == "shared.pdf" ? shared_sha : own_sha) = d.sha256;
  ASSERT_TRUE(blobs_->Contains(own_sha));
  Transition(ref_, {{"to", "withdrawn"}, {"reason", "the requester withdrew"}});

  RetentionService retention(ctx_.get(), blobs_.get(), dir_);
  time_.Set(Date::FromYmd(2031, 9, 9));  // six years less a day
  auto early = retention.Run(false, "system");
  ASSERT_TRUE(early.ok()) << early.status().ToString();
  EXPECT_TRUE(early->due.empty());

  time_.Set(Date::FromYmd(2031, 9, 10));
  auto dry = retention.Run(true, "system");
  ASSERT_TRUE(dry.ok());
  ASSERT_EQ(dry->due.size(), 1u);
  EXPECT_EQ(dry->due[0].reference, ref_);
  EXPECT_EQ(dry->due[0].closed_on, "2025-09-10");
  EXPECT_FALSE(dry->due[0].destroyed);
  EXPECT_TRUE(blobs_->Contains(own_sha));
  EXPECT_FALSE(Pages(ref_).empty());

  auto run = retention.Run(false, "system");
  ASSERT_TRUE(run.ok()) << run.status().ToString();
  ASSERT_EQ(run->due.size(), 1u);
  EXPECT_TRUE(run->due[0].destroyed);
  EXPECT_EQ(run->due[0].documents, 2);
  EXPECT_TRUE(Pages(ref_).empty());
  EXPECT_FALSE(blobs_->Contains(own_sha));
  for (const auto& d : docs) {
    if (d.id != 0 && !d.pdf_sha256.empty() && d.filename == "own.pdf") {
      EXPECT_FALSE(blobs_->Contains(d.pdf_sha256));
    }
  }
  EXPECT_FALSE(blobs_->Contains(volume_sha)) << "the bundle goes with the documents";
  EXPECT_TRUE(blobs_->Contains(shared_sha));  // the other request still uses it
  EXPECT_FALSE(Pages(other).empty());
  EXPECT_NE(Pages(other)[0].text.find("Kelly Morgan"), std::string::npos);

  // The register keeps the request, without the people.
  auto view = cases_->Get(ref_);
  ASSERT_TRUE(view.ok()) << view.status().ToString();
  EXPECT_EQ(view->record.subject.name, casework::kDestroyedName);
  EXPECT_EQ(view->record.received.ToString(), "2025-09-10");
  EXPECT_EQ(view->record.status, casework::CaseStatus::kWithdrawn);
  // One audit entry, with dates and counts only.
  auto history = cases_->History(ref_);
  ASSERT_TRUE(history.ok());
  const auto& last = history->back();
  EXPECT_EQ(last.action, "case.retention_destroy");
  EXPECT_EQ(last.after.find("Ellie"), std::string::npos);
  EXPECT_EQ(last.after.find(".pdf"), std::string::npos);
  EXPECT_NE(last.after.find("\"documents_destroyed\":2"), std::string::npos);
  auto verified = admin_->VerifyAudit();
  ASSERT_TRUE(verified.ok());
  EXPECT_TRUE(verified->ok);

  // Done once.
  auto again = retention.Run(false, "system");
  ASSERT_TRUE(again.ok());
  EXPECT_TRUE(again->due.empty());
}

TEST_F(RetentionTest, AnOpenRequestIsNeverDue) {
  AddPdf("notes.pdf", {"Ellie Carter"});
  RetentionService retention(ctx_.get(), blobs_.get(), dir_);
  time_.Set(Date::FromYmd(2060, 1, 1));
  auto run = retention.Run(false, "system");
  ASSERT_TRUE(run.ok());
  EXPECT_TRUE(run->due.empty());
  EXPECT_FALSE(Pages(ref_).empty());
}

}  // namespace
}  // namespace sardesk::service
