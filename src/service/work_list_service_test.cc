#include "service/work_list_service.h"

#include <gtest/gtest.h>

#include "service/test_support.h"

namespace sardesk::service {
namespace {

using nlohmann::json;
using testing::Contains;

class WorkListServiceTest : public testing::ServiceTest {
 protected:
  void SetUp() override {
    testing::ServiceTest::SetUp();
    auto put = searches_->PutServiceArea({{"id", "childrens"},
                                          {"name", "Children's social care"},
                                          {"contact_name", "Pat Jones"},
                                          {"contact_email", "pat@council.example"}},
                                         "cara");
    ASSERT_TRUE(put.ok()) << put.status().ToString();
    auto dpo = admin_->PutUser({{"username", "dan"}, {"display_name", "dan"}, {"role", "dpo"}}, "admin");
    ASSERT_TRUE(dpo.ok()) << dpo.status().ToString();
    work_ = std::make_unique<WorkListService>(ctx_.get());
  }
  void TearDown() override {
    work_.reset();
    testing::ServiceTest::TearDown();
  }

  json Work(const std::string& username, const std::string& role) {
    auto r = work_->For({username, role});
    EXPECT_TRUE(r.ok()) << r.status().ToString();
    return r.ok() ? (*r)["items"] : json::array();
  }

  static json OfKind(const json& items, const std::string& kind) {
    json out = json::array();
    for (const auto& i : items)
      if (i["kind"] == kind) out.push_back(i);
    return out;
  }

  // A request assigned to ava and moved through the workflow up to `to`.
  std::string CaseAt(const std::string& to) {
    std::string ref = Create(SarNoIdBody()).record.reference;
    Ok(cases_->Assign(ref, {{"officer", "ava"}}, "ava"));
    for (const char* s : {"validated", "searching", "collating", "redacting", "qa"}) {
      if (std::string(s) == "searching") {
        Ok(searches_->SendSearchRequests(ref, {{"areas", {"childrens"}}}, "ava"));
      } else {
        Transition(ref, {{"to", s}});
      }
      if (to == s) break;
    }
    return ref;
  }

  // A read document of `ref` with a self-harm flag on its second page.
  std::int64_t FlaggedDocument(const std::string& ref, bool page_excluded = false) {
    std::int64_t id = 0;
    Status st = store_->Write([&](store::Transaction& tx) -> Status {
      store::DocumentRow d;
      d.case_ref = ref;
      d.filename = "contact.pdf";
      d.media_type = "application/pdf";
      d.sha256 = "aa";
      d.pdf_sha256 = "bb";
      d.status = "ready";
      d.page_count = 2;
      d.pages_done = 2;
      d.uploaded_by = "ava";
      d.uploaded_at = "2025-09-10T09:00:00Z";
      SARDESK_ASSIGN_OR_RETURN(id, tx.InsertDocument(d));
      for (int p = 0; p < 2; ++p) {
        store::PageRow page;
        page.document_id = id;
        page.page_index = p;
        page.case_ref = ref;
        page.width = 595;
        page.height = 842;
        page.text = "page";
        page.excluded = page_excluded && p == 1;
        page.exclusion_reason = page.excluded ? "not in scope" : "";
        SARDESK_RETURN_IF_ERROR(tx.PutPage(page));
      }
      return tx.PutSafeguardingFlag({ref, id, 1, "self_harm", 1, "ava", "2025-09-10T09:01:00Z"});
    });
    EXPECT_TRUE(st.ok()) << st.ToString();
    return id;
  }

  void Meeting(const std::string& ref, std::int64_t document_id) {
    Status st = store_->Write([&](store::Transaction& tx) -> Status {
      store::SafeguardingMeetingRow m;
      m.case_ref = ref;
      m.held_on = "2025-09-10";
      m.attendees_json = R"(["cara"])";
      m.outcome = "release";
      m.documents_json = "[" + std::to_string(document_id) + "]";
      m.recorded_by = "cara";
      m.recorded_at = "2025-09-10T10:00:00Z";
      auto inserted = tx.InsertSafeguardingMeeting(m);
      return inserted.ok() ? Status::Ok() : inserted.status();
    });
    ASSERT_TRUE(st.ok()) << st.ToString();
  }

  std::unique_ptr<WorkListService> work_;
};

TEST_F(WorkListServiceTest, AnUnansweredSearchWaitsAndIsOverdueAfterItsDeadline) {
  std::string ref = CaseAt("searching");
  json replies = OfKind(Work("ava", "ig_officer"), "service_area_reply");
  ASSERT_EQ(replies.size(), 1u);
  EXPECT_EQ(replies[0]["reference"], ref);
  EXPECT_EQ(replies[0]["service_area"], "childrens");
  EXPECT_EQ(replies[0]["overdue"], false);
  EXPECT_EQ(replies[0]["due"], "2025-09-17");  // five working days
  EXPECT_TRUE(Contains(replies[0]["detail"], "Children's social care is searching (sent on 10 September 2025)"));
  // Another officer's requests are not theirs to chase.
  EXPECT_TRUE(OfKind(Work("ben", "ig_officer"), "service_area_reply").empty());

  time_.Advance(8);
  replies = OfKind(Work("ava", "ig_officer"), "service_area_reply");
  ASSERT_EQ(replies.size(), 1u);
  EXPECT_EQ(replies[0]["overdue"], true);
  EXPECT_TRUE(Contains(replies[0]["detail"], "has not replied to the search sent on 10 September 2025"));

  Ok(searches_->RecordAnswer(ref, {{"id", replies[0]["task_id"]}, {"outcome", "no_records"}}, "ava"));
  EXPECT_TRUE(OfKind(Work("ava", "ig_officer"), "service_area_reply").empty());
}

TEST_F(WorkListServiceTest, AFlaggedDocumentWaitsForASafeguardingMeeting) {
  std::string ref = CaseAt("redacting");
  std::int64_t doc = FlaggedDocument(ref);
  json meetings = OfKind(Work("ava", "ig_officer"), "safeguarding_meeting");
  ASSERT_EQ(meetings.size(), 1u);
  EXPECT_EQ(meetings[0]["reference"], ref);
  EXPECT_EQ(meetings[0]["documents"], json::array({doc}));
  EXPECT_TRUE(Contains(meetings[0]["detail"], "self-harm in contact.pdf")) << meetings[0]["detail"];
  // The manager who holds meetings and the DPO see it on anyone's request.
  EXPECT_EQ(OfKind(Work("cara", "ig_manager"), "safeguarding_meeting").size(), 1u);
  EXPECT_EQ(OfKind(Work("dan", "dpo"), "safeguarding_meeting").size(), 1u);
  EXPECT_TRUE(OfKind(Work("ben", "ig_officer"), "safeguarding_meeting").empty());

  Meeting(ref, doc);
  EXPECT_TRUE(OfKind(Work("ava", "ig_officer"), "safeguarding_meeting").empty());
  EXPECT_TRUE(OfKind(Work("cara", "ig_manager"), "safeguarding_meeting").empty());
}

TEST_F(WorkListServiceTest, AFlagOnAPageLeftOutOfTheBundleNeedsNoMeeting) {
  std::string ref = CaseAt("redacting");
  FlaggedDocument(ref, /*page_excluded=*/true);
  EXPECT_TRUE(OfKind(Work("ava", "ig_officer"), "safeguarding_meeting").empty());
}

TEST_F(WorkListServiceTest, QualityChecksAreForASecondPersonWithoutAConflict) {
  std::string ref = CaseAt("qa");
  EXPECT_TRUE(OfKind(Work("ava", "ig_officer"), "qa").empty());  // her own request
  json ben = OfKind(Work("ben", "ig_officer"), "qa");
  ASSERT_EQ(ben.size(), 1u);
  EXPECT_EQ(ben[0]["reference"], ref);
  EXPECT_EQ(OfKind(Work("quinn", "qa_reviewer"), "qa").size(), 1u);
  // A QA reviewer has no requests of their own: nothing else is listed.
  EXPECT_EQ(Work("quinn", "qa_reviewer").size(), 1u);

  Ok(cases_->DeclareConflict(ref, {{"note", "a neighbour"}}, "ben"));
  EXPECT_TRUE(OfKind(Work("ben", "ig_officer"), "qa").empty());
}

TEST_F(WorkListServiceTest, ARequestSentBackByTheQualityCheckShowsTheReason) {
  std::string ref = CaseAt("qa");
  Transition(ref, {{"to", "redacting"}, {"reason", "QA sent back (review 1): page 4 shows a neighbour's name"}}, "ben");
  json back = OfKind(Work("ava", "ig_officer"), "sent_back");
  ASSERT_EQ(back.size(), 1u);
  EXPECT_EQ(back[0]["reference"], ref);
  EXPECT_EQ(back[0]["detail"],
            "Sent back by the quality check (ben, 10 September 2025): page 4 "
            "shows a neighbour's name");
  EXPECT_TRUE(OfKind(Work("ben", "ig_officer"), "sent_back").empty());
  // Once it moves on, nothing waits.
  Transition(ref, {{"to", "qa"}});
  EXPECT_TRUE(OfKind(Work("ava", "ig_officer"), "sent_back").empty());
}

TEST_F(WorkListServiceTest, ClarificationsAndIdentityAwaitedAreListed) {
  std::string ref = Create(SarNoIdBody()).record.reference;
  Ok(cases_->Assign(ref, {{"officer", "ava"}}, "ava"));
  Ok(cases_->RequestClarification(ref, {{"question", "Which years do you mean?"}}, "ava"));
  json asked = OfKind(Work("ava", "ig_officer"), "clarification");
  ASSERT_EQ(asked.size(), 1u);
  EXPECT_EQ(asked[0]["reference"], ref);
  EXPECT_EQ(asked[0]["overdue"], false);
  EXPECT_TRUE(Contains(asked[0]["detail"], "asked on 10 September 2025"));

  std::string id_ref = Create(testing::ServiceTest::SarBody()).record.reference;
  Ok(cases_->Assign(id_ref, {{"officer", "ava"}}, "ava"));
  Transition(id_ref, {{"to", "id_requested"}});
  json id = OfKind(Work("ava", "ig_officer"), "identity");
  ASSERT_EQ(id.size(), 1u);
  EXPECT_EQ(id[0]["reference"], id_ref);
}

TEST_F(WorkListServiceTest, OverdueWorkComesFirstAndClosedRequestsAreNotRead) {
  std::string late = CaseAt("searching");
  time_.Advance(8);
  std::string fresh = CaseAt("searching");
  json items = Work("ava", "ig_officer");
  ASSERT_EQ(items.size(), 2u);
  EXPECT_EQ(items[0]["reference"], late);
  EXPECT_EQ(items[0]["overdue"], true);
  EXPECT_EQ(items[1]["reference"], fresh);
  EXPECT_EQ(items[1]["overdue"], false);

  auto r = work_->For({"ava", "ig_officer"});
  ASSERT_TRUE(r.ok());
  EXPECT_EQ((*r)["counts"]["service_area_reply"], 2);
  EXPECT_EQ((*r)["counts"]["qa"], 0);

  Transition(late, {{"to", "withdrawn"}, {"reason", "the requester withdrew"}});
  items = Work("ava", "ig_officer");
  ASSERT_EQ(items.size(), 1u);
  EXPECT_EQ(items[0]["reference"], fresh);
}

TEST_F(WorkListServiceTest, ListsAtMostTheLimitWhileTheCountsCoverEverything) {
  std::string late = CaseAt("searching");
  time_.Advance(8);
  CaseAt("searching");
  CaseAt("searching");
  auto r = work_->For({"ava", "ig_officer"}, 1);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  ASSERT_EQ((*r)["items"].size(), 1u);
  EXPECT_EQ((*r)["items"][0]["reference"], late);  // the overdue one is kept
  EXPECT_EQ((*r)["total"], 3);
  EXPECT_EQ((*r)["counts"]["service_area_reply"], 3);
  EXPECT_EQ(work_->For({"ava", "ig_officer"}, 0).status().code(), ErrorCode::kInvalidArgument);
  EXPECT_EQ(work_->For({"ava", "ig_officer"}, WorkListService::kMaxItems + 1).status().code(),
            ErrorCode::kInvalidArgument);
}

TEST_F(WorkListServiceTest, OtherRolesHaveNothingHere) {
  CaseAt("qa");
  EXPECT_TRUE(Work("sam", "social_worker_adviser").empty());
  EXPECT_TRUE(Work("pat", "service_area_contact").empty());
}

}  // namespace
}  // namespace sardesk::service
