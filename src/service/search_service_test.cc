#include "service/search_service.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "service/test_support.h"

namespace sardesk::service::testing {
namespace {

bool Contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

class SearchServiceTest : public ServiceTest {
 protected:
  void SetUp() override {
    ServiceTest::SetUp();
    outbox_ = dir_ + "/outbox";
    mailer_ = mail::MakeFileDropMailer(outbox_);
    ctx_->mailer = mailer_.get();
    for (const json& area : {json{{"id", "childrens"}, {"name", "Children's social care"}, {"contact_name", "Pat Jones"},
                                  {"contact_email", "pat@council.example"}, {"director_name", "Dee Director"},
                                  {"director_email", "director@council.example"}, {"systems", {"Mosaic"}}},
                             json{{"id", "adults"}, {"name", "Adult social care"}, {"contact_name", "Sam Hill"},
                                  {"contact_email", "sam@council.example"}},
                             json{{"id", "closed"}, {"name", "Old service"}, {"contact_name", "Nobody"},
                                  {"contact_email", "nobody@council.example"}, {"active", false}}}) {
      auto put = searches_->PutServiceArea(area, "cara");
      ASSERT_TRUE(put.ok()) << put.status().ToString();
    }
    auto settings = admin_->UpdateSettings({{"mail_from", "sar@council.example"},
                                            {"ig_manager_email", "igm@council.example"},
                                            {"head_of_compliance_email", "compliance@council.example"}}, "cara");
    ASSERT_TRUE(settings.ok()) << settings.status().ToString();
  }

  // A validated request, assigned to ava.
  std::string ValidatedCase() {
    std::string ref = Create(SarNoIdBody()).record.reference;
    Transition(ref, {{"to", "validated"}});
    Ok(cases_->Assign(ref, {{"officer", "ava"}}, "ava"));
    return ref;
  }

  std::vector<std::string> EmlFiles() {
    std::vector<std::string> out;
    if (!std::filesystem::exists(outbox_)) return out;
    for (const auto& e : std::filesystem::directory_iterator(outbox_)) {
      std::ifstream in(e.path());
      std::stringstream ss;
      ss << in.rdbuf();
      out.push_back(ss.str());
    }
    return out;
  }

  std::string outbox_;
  std::unique_ptr<mail::Mailer> mailer_;
};

TEST_F(SearchServiceTest, SearchRequestCreatesATaskPerAreaAndMovesToSearching) {
  std::string ref = ValidatedCase();
  CaseView v = Ok(searches_->SendSearchRequests(ref, {{"areas", {"childrens", "adults"}}}, "ava"));
  EXPECT_EQ(v.record.status, casework::CaseStatus::kSearching);
  ASSERT_EQ(v.record.search_tasks.size(), 2u);
  const auto& t = v.record.search_tasks[0];
  EXPECT_EQ(t.service_area, "childrens");
  EXPECT_EQ(t.contact_email, "pat@council.example");
  EXPECT_EQ(t.sent_on.ToString(), kToday);
  EXPECT_EQ(t.due.ToString(), "2025-09-17");  // five working days after Wednesday 10 September
  EXPECT_EQ(t.status, casework::SearchStatus::kSent);
}

TEST_F(SearchServiceTest, SearchRequestEmailsFormSar1ToTheSinglePointOfContact) {
  std::string ref = ValidatedCase();
  Ok(searches_->SendSearchRequests(ref, {{"areas", {"childrens"}}}, "ava"));
  auto files = EmlFiles();
  ASSERT_EQ(files.size(), 1u);
  EXPECT_TRUE(Contains(files[0], "To: pat@council.example"));
  EXPECT_TRUE(Contains(files[0], "From: sar@council.example"));
  EXPECT_TRUE(Contains(files[0], "Jane Doe"));
  EXPECT_TRUE(Contains(files[0], "Do not redact anything"));
  auto messages = searches_->Messages(ref);
  ASSERT_TRUE(messages.ok());
  ASSERT_EQ(messages->size(), 1u);
  EXPECT_EQ((*messages)[0].status, "sent");
  EXPECT_TRUE(Contains(Get(ref).record.communications.back().summary, "Search request (SAR1)"));
}

TEST_F(SearchServiceTest, SearchNeedsAValidatedRequest) {
  std::string ref = Create(SarBody()).record.reference;
  auto r = searches_->SendSearchRequests(ref, {{"areas", {"childrens"}}}, "ava");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), ErrorCode::kFailedPrecondition);
  EXPECT_TRUE(Get(ref).record.search_tasks.empty());
  EXPECT_TRUE(EmlFiles().empty());
}

TEST_F(SearchServiceTest, UnknownOrInactiveAreaChangesNothingAndSendsNothing) {
  std::string ref = ValidatedCase();
  std::int64_t version = Get(ref).record.version;
  auto unknown = searches_->SendSearchRequests(ref, {{"areas", {"childrens", "housing"}}}, "ava");
  ASSERT_FALSE(unknown.ok());
  EXPECT_TRUE(Contains(unknown.status().message(), "housing"));
  auto inactive = searches_->SendSearchRequests(ref, {{"areas", {"closed"}}}, "ava");
  ASSERT_FALSE(inactive.ok());
  EXPECT_TRUE(Contains(inactive.status().message(), "inactive"));
  EXPECT_EQ(Get(ref).record.version, version);
  EXPECT_TRUE(searches_->Messages(ref)->empty());
  EXPECT_TRUE(EmlFiles().empty());
}

TEST_F(SearchServiceTest, ASecondSearchOfTheSameAreaWhileOneWaitsIsRefused) {
  std::string ref = ValidatedCase();
  Ok(searches_->SendSearchRequests(ref, {{"areas", {"childrens"}}}, "ava"));
  auto again = searches_->SendSearchRequests(ref, {{"areas", {"childrens"}}}, "ava");
  ASSERT_FALSE(again.ok());
  EXPECT_TRUE(Contains(again.status().message(), "already waiting"));
}

TEST_F(SearchServiceTest, ReminderAfterTheDeadlineCopiesTheIgManager) {
  std::string ref = ValidatedCase();
  Ok(searches_->SendSearchRequests(ref, {{"areas", {"childrens"}}}, "ava"));
  time_.Set(Date::FromYmd(2025, 9, 17));  // the due date itself: no reminder yet
  EXPECT_TRUE(searches_->RunTimers()->steps.empty());
  time_.Set(Date::FromYmd(2025, 9, 18));
  auto report = searches_->RunTimers();
  ASSERT_TRUE(report.ok()) << report.status().ToString();
  ASSERT_EQ(report->steps.size(), 1u);
  EXPECT_EQ(report->steps[0].action, "reminded");
  auto task = Get(ref).record.search_tasks[0];
  EXPECT_EQ(task.status, casework::SearchStatus::kReminded);
  EXPECT_EQ(task.reminded_on->ToString(), "2025-09-18");
  auto messages = *searches_->Messages(ref);
  ASSERT_EQ(messages.size(), 2u);
  json reminder = json::parse(messages[1].message);
  EXPECT_EQ(reminder["to"], json({"pat@council.example"}));
  EXPECT_EQ(reminder["cc"], json({"igm@council.example"}));
  EXPECT_TRUE(Contains(reminder["subject"].get<std::string>(), "Reminder"));
}

TEST_F(SearchServiceTest, IgnoredReminderIsEscalatedToComplianceAndTheDirector) {
  std::string ref = ValidatedCase();
  Ok(searches_->SendSearchRequests(ref, {{"areas", {"childrens"}}}, "ava"));
  time_.Set(Date::FromYmd(2025, 9, 18));
  ASSERT_TRUE(searches_->RunTimers().ok());
  time_.Set(Date::FromYmd(2025, 9, 22));  // two working days after Thursday 18th is Monday 22nd
  EXPECT_TRUE(searches_->RunTimers()->steps.empty());
  time_.Set(Date::FromYmd(2025, 9, 23));
  auto report = searches_->RunTimers();
  ASSERT_EQ(report->steps.size(), 1u);
  EXPECT_EQ(report->steps[0].action, "escalated");
  auto messages = *searches_->Messages(ref);
  json escalation = json::parse(messages.back().message);
  EXPECT_EQ(escalation["to"], json({"compliance@council.example", "director@council.example"}));
  EXPECT_EQ(escalation["cc"], json({"igm@council.example"}));
  EXPECT_EQ(Get(ref).record.search_tasks[0].status, casework::SearchStatus::kEscalated);
  // Escalated tasks are not escalated again.
  time_.Set(Date::FromYmd(2025, 10, 1));
  EXPECT_TRUE(searches_->RunTimers()->steps.empty());
}

TEST_F(SearchServiceTest, AnsweredSearchesGetNoReminder) {
  std::string ref = ValidatedCase();
  CaseView v = Ok(searches_->SendSearchRequests(ref, {{"areas", {"childrens", "adults"}}}, "ava"));
  Ok(searches_->RecordAnswer(ref, {{"id", v.record.search_tasks[0].id}, {"outcome", "no_records"},
                                   {"note", "Searched Mosaic and the archive"}}, "ava"));
  Ok(searches_->Cancel(ref, {{"id", v.record.search_tasks[1].id}, {"reason", "Requester narrowed the scope"}}, "ava"));
  time_.Set(Date::FromYmd(2025, 10, 1));
  EXPECT_TRUE(searches_->RunTimers()->steps.empty());
  auto tasks = Get(ref).record.search_tasks;
  EXPECT_EQ(tasks[0].status, casework::SearchStatus::kNoRecords);
  EXPECT_EQ(tasks[0].answered_by, "ava");
  EXPECT_EQ(tasks[1].status, casework::SearchStatus::kCancelled);
}

TEST_F(SearchServiceTest, AnswerValidatesItsInput) {
  std::string ref = ValidatedCase();
  CaseView v = Ok(searches_->SendSearchRequests(ref, {{"areas", {"childrens"}}}, "ava"));
  std::int64_t id = v.record.search_tasks[0].id;
  EXPECT_EQ(searches_->RecordAnswer(ref, {{"id", id}, {"outcome", "sent"}}, "ava").status().code(),
            ErrorCode::kInvalidArgument);
  EXPECT_EQ(searches_->RecordAnswer(ref, {{"id", 999}, {"outcome", "no_records"}}, "ava").status().code(),
            ErrorCode::kNotFound);
  EXPECT_EQ(searches_->RecordAnswer(ref, {{"id", id}, {"outcome", "no_records"}, {"answered_on", "2025-12-01"}}, "ava")
                .status().code(),
            ErrorCode::kInvalidArgument);
  Ok(searches_->RecordAnswer(ref, {{"id", id}, {"outcome", "records_received"}}, "ava"));
  EXPECT_EQ(searches_->RecordAnswer(ref, {{"id", id}, {"outcome", "no_records"}}, "ava").status().code(),
            ErrorCode::kFailedPrecondition);
}

TEST_F(SearchServiceTest, UnsentMailStaysQueuedWithTheErrorAndFailsAfterFiveTries) {
  mail::SmtpOptions o;
  o.host = "127.0.0.1";
  o.port = 9;  // discard port: nothing listens
  o.timeout_seconds = 2;
  auto smtp = mail::MakeSmtpMailer(o);
  ctx_->mailer = smtp.get();
  std::string ref = ValidatedCase();
  Ok(searches_->SendSearchRequests(ref, {{"areas", {"childrens"}}}, "ava"));  // the change stands
  auto queued = *searches_->Messages(ref);
  ASSERT_EQ(queued.size(), 1u);
  EXPECT_EQ(queued[0].status, "pending");
  EXPECT_EQ(queued[0].attempts, 1);
  EXPECT_TRUE(Contains(queued[0].last_error, "did not accept"));
  for (int i = 0; i < 4; ++i) ASSERT_TRUE(searches_->DispatchMail().ok());
  EXPECT_EQ((*searches_->Messages(ref))[0].status, "failed");
  // A working mailer later sends nothing more for a failed message.
  ctx_->mailer = mailer_.get();
  EXPECT_EQ(searches_->DispatchMail()->sent, 0);
}

TEST_F(SearchServiceTest, QueuedMailIsSentOnceAWorkingMailerIsBack) {
  ctx_->mailer = nullptr;  // no mail transport yet
  std::string ref = ValidatedCase();
  Ok(searches_->SendSearchRequests(ref, {{"areas", {"childrens"}}}, "ava"));
  EXPECT_EQ((*searches_->Messages(ref))[0].status, "pending");
  ctx_->mailer = mailer_.get();
  EXPECT_EQ(searches_->DispatchMail()->sent, 1);
  EXPECT_EQ((*searches_->Messages(ref))[0].status, "sent");
  EXPECT_EQ(EmlFiles().size(), 1u);
}

TEST_F(SearchServiceTest, ServiceAreasAreValidatedAndAudited) {
  auto bad = searches_->PutServiceArea({{"id", "Bad Id"}, {"name", "x"}, {"contact_name", "y"}, {"contact_email", "y@z.example"}}, "cara");
  EXPECT_FALSE(bad.ok());
  auto areas = searches_->ListServiceAreas();
  ASSERT_TRUE(areas.ok());
  EXPECT_EQ(areas->size(), 3u);
  auto verify = admin_->VerifyAudit();
  ASSERT_TRUE(verify.ok());
  EXPECT_TRUE(verify->ok);
}

TEST_F(SearchServiceTest, SearchTasksSurviveARestart) {
  std::string ref = ValidatedCase();
  Ok(searches_->SendSearchRequests(ref, {{"areas", {"childrens"}}}, "ava"));
  Reopen();
  EXPECT_EQ(Get(ref).record.search_tasks.size(), 1u);
  EXPECT_EQ(searches_->Messages(ref)->size(), 1u);
}

}  // namespace
}  // namespace sardesk::service::testing
