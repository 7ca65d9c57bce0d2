#include "service/case_service.h"

#include <signal.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <chrono>
#include <set>
#include <thread>

#include "service/case_actions.h"
#include "service/test_support.h"

namespace sardesk::service::testing {
namespace {

using casework::CaseStatus;
using casework::Outcome;

class CaseServiceTest : public ServiceTest {};

std::string Refs(const std::vector<std::string>& refs) {
  std::string out;
  for (const auto& r : refs) out += (out.empty() ? "" : ",") + r;
  return out;
}

// --- Create ---

TEST_F(CaseServiceTest, CreateNumbersSarsInOrder) {
  CaseView first = Create(SarBody());
  CaseView second = Create(SarBody());
  EXPECT_EQ(first.record.reference, "SAR-2025-000001");
  EXPECT_EQ(second.record.reference, "SAR-2025-000002");
  EXPECT_EQ(first.record.version, 1);
  EXPECT_EQ(first.record.status, CaseStatus::kReceived);
  ASSERT_EQ(first.record.history.size(), 1u);
  EXPECT_EQ(first.record.history[0].by, "ava");
  EXPECT_EQ(Get("SAR-2025-000002").record.subject.name, "Jane Doe");
}

TEST_F(CaseServiceTest, CreateNumbersByYearOfReceipt) {
  EXPECT_EQ(Create(SarBody("2024-12-31")).record.reference, "SAR-2024-000001");
  EXPECT_EQ(Create(SarBody("2025-01-02")).record.reference, "SAR-2025-000001");
}

TEST_F(CaseServiceTest, CreateFoiHasItsOwnNumbersAndNeedsNoIdentity) {
  Create(SarBody());
  json body = SarBody();
  body["route"] = "foi";
  CaseView foi = Create(body);
  EXPECT_EQ(foi.record.reference, "FOI-2025-000001");
  EXPECT_FALSE(foi.record.identity_required);
  EXPECT_FALSE(foi.record.identity_waiver_reason.empty());
  EXPECT_TRUE(foi.checks.identity_verified);
  EXPECT_TRUE(foi.clock.started);
  // 20 working days after Wednesday 10 September 2025.
  EXPECT_EQ(Str(foi.clock.due), "2025-10-08");
}

TEST_F(CaseServiceTest, CreateDefaultsReceivedToToday) {
  json body = SarBody();
  body.erase("received");
  EXPECT_EQ(Create(body).record.received.ToString(), kToday);
}

TEST_F(CaseServiceTest, CreateRefusesReceivedInTheFuture) {
  auto r = cases_->Create(SarBody("2025-09-11"), "ava");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), ErrorCode::kInvalidArgument);
  EXPECT_TRUE(Contains(r.status().message(), "received")) << r.status().message();
  EXPECT_TRUE(Contains(r.status().message(), "future")) << r.status().message();
  EXPECT_TRUE(cases_->List({})->empty());
}

TEST_F(CaseServiceTest, CreateRefusesUnknownFieldAndStoresNothing) {
  json body = SarBody();
  body["subjekt"] = "typo";
  auto r = cases_->Create(body, "ava");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), ErrorCode::kInvalidArgument);
  EXPECT_TRUE(Contains(r.status().message(), "subjekt")) << r.status().message();
  auto list = cases_->List({});
  ASSERT_TRUE(list.ok());
  EXPECT_TRUE(list->empty());
  // The failed attempt consumed no reference number.
  EXPECT_EQ(Create(SarBody()).record.reference, "SAR-2025-000001");
}

TEST_F(CaseServiceTest, CreateRefusesUnknownNestedField) {
  json body = SarBody();
  body["subject"]["nickname"] = "JD";
  auto r = cases_->Create(body, "ava");
  ASSERT_FALSE(r.ok());
  EXPECT_TRUE(Contains(r.status().message(), "subject.nickname")) << r.status().message();
}

TEST_F(CaseServiceTest, CreateRefusesBadEnum) {
  json body = SarBody();
  body["channel"] = "pigeon";
  auto r = cases_->Create(body, "ava");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), ErrorCode::kInvalidArgument);
  EXPECT_TRUE(Contains(r.status().message(), "channel")) << r.status().message();
  EXPECT_TRUE(cases_->List({})->empty());
}

TEST_F(CaseServiceTest, CreateRefusesDobAfterReceipt) {
  json body = SarBody("2025-09-01");
  body["subject"]["dob"] = "2025-09-02";
  auto r = cases_->Create(body, "ava");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), ErrorCode::kInvalidArgument);
  EXPECT_TRUE(Contains(r.status().message(), "date of birth")) << r.status().message();
}

TEST_F(CaseServiceTest, CreateRefusesMissingSubjectAndActor) {
  json body = SarBody();
  body.erase("subject");
  EXPECT_EQ(cases_->Create(body, "ava").status().code(), ErrorCode::kInvalidArgument);
  EXPECT_EQ(cases_->Create(SarBody(), "").status().code(), ErrorCode::kInvalidArgument);
  EXPECT_EQ(cases_->Create(json::array(), "ava").status().code(), ErrorCode::kInvalidArgument);
}

TEST_F(CaseServiceTest, CreateWithUnknownOfficerStoresNothing) {
  json body = SarBody();
  body["assigned_officer"] = "zed";
  auto r = cases_->Create(body, "ava");
  ASSERT_FALSE(r.ok());
  EXPECT_TRUE(Contains(r.status().message(), "zed")) << r.status().message();
  EXPECT_TRUE(cases_->List({})->empty());
  body["assigned_officer"] = "ben";
  CaseView v = Create(body);
  EXPECT_EQ(v.record.reference, "SAR-2025-000001");
  EXPECT_EQ(v.record.assigned_officer, "ben");
}

TEST_F(CaseServiceTest, CreateIsAudited) {
  CaseView v = Create(SarBody());
  auto history = cases_->History(v.record.reference);
  ASSERT_TRUE(history.ok());
  ASSERT_EQ(history->size(), 1u);
  EXPECT_EQ((*history)[0].action, "case.create");
  EXPECT_EQ((*history)[0].actor, "ava");
  EXPECT_EQ(cases_->History("SAR-2025-999999").status().code(), ErrorCode::kNotFound);
}

TEST_F(CaseServiceTest, GetUnknownIsNotFound) {
  EXPECT_EQ(cases_->Get("SAR-2025-000042").status().code(), ErrorCode::kNotFound);
}

// --- Identity ---

TEST_F(CaseServiceTest, PassportAndRecentCouncilTaxBillVerifyIdentity) {
  std::string ref = Create(SarBody()).record.reference;
  EXPECT_FALSE(Get(ref).checks.identity_verified);
  Ok(cases_->AddEvidence(ref, {{"purpose", "photo_id"}, {"type", "passport"}}, "ava"));
  CaseView v = Ok(cases_->AddEvidence(
      ref, {{"purpose", "proof_of_address"}, {"type", "council_tax_bill"}, {"document_date", "2025-08-01"}}, "ava"));
  ASSERT_EQ(v.record.evidence.size(), 2u);
  EXPECT_TRUE(v.record.evidence[0].accepted);
  EXPECT_TRUE(v.record.evidence[1].accepted);
  EXPECT_EQ(v.record.evidence[1].party, casework::EvidenceParty::kSubject);
  EXPECT_EQ(v.record.evidence[1].seen_by, "ava");
  EXPECT_TRUE(v.checks.identity_verified);
  EXPECT_EQ(Str(v.checks.identity_verified_on), kToday);
  EXPECT_EQ(Transition(ref, {{"to", "validated"}}).record.status, CaseStatus::kValidated);
}

TEST_F(CaseServiceTest, StaleUtilityBillIsRejectedAndValidationRefused) {
  std::string ref = Create(SarBody()).record.reference;
  Ok(cases_->AddEvidence(ref, {{"purpose", "photo_id"}, {"type", "passport"}}, "ava"));
  CaseView v = Ok(cases_->AddEvidence(
      ref, {{"purpose", "proof_of_address"}, {"type", "utility_bill"}, {"document_date", "2025-05-01"}}, "ava"));
  ASSERT_EQ(v.record.evidence.size(), 2u);
  const auto& bill = v.record.evidence[1];
  EXPECT_FALSE(bill.accepted);
  EXPECT_TRUE(Contains(bill.rejection_reason, "older than three months")) << bill.rejection_reason;
  EXPECT_FALSE(v.checks.identity_verified);
  EXPECT_TRUE(Contains(v.checks.identity_missing, "proof of address")) << v.checks.identity_missing;

  auto moved = cases_->Transition(ref, {{"to", "validated"}}, "ava");
  ASSERT_FALSE(moved.ok());
  EXPECT_EQ(moved.status().code(), ErrorCode::kFailedPrecondition);
  EXPECT_TRUE(Contains(moved.status().message(), "proof of address")) << moved.status().message();
  EXPECT_EQ(Get(ref).record.status, CaseStatus::kReceived);
}

TEST_F(CaseServiceTest, EvidenceSeenInTheFutureIsRefused) {
  std::string ref = Create(SarBody()).record.reference;
  auto r = cases_->AddEvidence(ref, {{"purpose", "photo_id"}, {"type", "passport"}, {"seen_on", "2025-09-11"}}, "ava");
  EXPECT_EQ(r.status().code(), ErrorCode::kInvalidArgument);
  EXPECT_TRUE(Get(ref).record.evidence.empty());
}

// --- The statutory clock through the service ---

TEST_F(CaseServiceTest, ClockStartsWhenIdentityIsVerified) {
  std::string ref = Create(SarBody("2025-09-03")).record.reference;
  CaseView waiting = Get(ref);
  EXPECT_FALSE(waiting.clock.started);
  EXPECT_EQ(waiting.clock.waiting_for, "identity");
  EXPECT_FALSE(waiting.clock.due.has_value());

  Ok(cases_->AddEvidence(ref, {{"purpose", "photo_id"}, {"type", "passport"}, {"seen_on", "2025-09-05"}}, "ava"));
  CaseView v = Ok(cases_->AddEvidence(ref,
                                      {{"purpose", "proof_of_address"},
                                       {"type", "council_tax_bill"},
                                       {"document_date", "2025-08-20"},
                                       {"seen_on", "2025-09-05"}},
                                      "ava"));
  EXPECT_EQ(Str(v.clock.start), "2025-09-05");
  // 5 October 2025 is a Sunday: the due date is Monday 6 October.
  EXPECT_EQ(Str(v.clock.due), "2025-10-06");
  EXPECT_EQ(*v.days_remaining, 26);
  EXPECT_FALSE(v.overdue);
  // The list column follows the view.
  RawDb raw(path_);
  EXPECT_EQ(raw.Text("SELECT due FROM cases WHERE reference = '" + ref + "'"), "2025-10-06");
}

TEST_F(CaseServiceTest, ClockRollsPastABankHoliday) {
  // 25 August 2025 is the summer bank holiday in England and Wales.
  EXPECT_EQ(Str(Create(SarNoIdBody("2025-07-25")).clock.due), "2025-08-26");
}

TEST_F(CaseServiceTest, ClockClampsToTheEndOfAShortMonth) {
  EXPECT_EQ(Str(Create(SarNoIdBody("2025-01-31")).clock.due), "2025-02-28");
}

TEST_F(CaseServiceTest, ClockOnAPlainWeekday) {
  CaseView v = Create(SarNoIdBody("2025-08-29"));
  EXPECT_EQ(Str(v.clock.start), "2025-08-29");
  EXPECT_EQ(Str(v.clock.due), "2025-09-29");
  EXPECT_EQ(*v.days_remaining, 19);
}

TEST_F(CaseServiceTest, OverdueCaseIsListedAsOverdue) {
  CaseView late = Create(SarNoIdBody("2025-07-01"));  // due Friday 1 August 2025
  EXPECT_EQ(Str(late.clock.due), "2025-08-01");
  EXPECT_TRUE(late.overdue);
  Create(SarNoIdBody());
  CaseFilter f;
  f.overdue_only = true;
  auto list = cases_->List(f);
  ASSERT_TRUE(list.ok());
  ASSERT_EQ(list->size(), 1u);
  EXPECT_EQ((*list)[0].record.reference, late.record.reference);
}

// --- Clarification ---

TEST_F(CaseServiceTest, AnsweredClarificationMovesTheDueDate) {
  std::string ref = Create(SarNoIdBody("2025-09-01")).record.reference;
  EXPECT_EQ(Str(Get(ref).clock.due), "2025-10-01");
  CaseView asked = Ok(cases_->RequestClarification(
      ref, {{"question", "Which services were you in contact with?"}, {"requested_on", "2025-09-03"}}, "ava"));
  ASSERT_EQ(asked.record.clarifications.size(), 1u);
  EXPECT_TRUE(asked.clock.paused_now);
  EXPECT_EQ(asked.clock.paused_days, 7);  // still open: paused up to today
  std::int64_t id = asked.record.clarifications[0].id;

  CaseView answered = Ok(cases_->AnswerClarification(
      ref, id, {{"answered_on", "2025-09-07"}, {"answer_summary", "Housing only"}}, "ava"));
  EXPECT_FALSE(answered.clock.paused_now);
  EXPECT_EQ(answered.clock.paused_days, 4);
  // 1 October + 4 days = Sunday 5 October, so Monday 6 October.
  EXPECT_EQ(Str(answered.clock.due), "2025-10-06");
  EXPECT_EQ(Str(Get(ref).clock.due), "2025-10-06");
}

TEST_F(CaseServiceTest, ClarificationOnWeekdaysMovesTheDueDateExactly) {
  std::string ref = Create(SarNoIdBody("2025-09-02")).record.reference;  // due Thursday 2 October
  EXPECT_EQ(Str(Get(ref).clock.due), "2025-10-02");
  CaseView asked = Ok(cases_->RequestClarification(ref, {{"question", "Which years?"}, {"requested_on", "2025-09-04"}}, "ava"));
  CaseView answered =
      Ok(cases_->AnswerClarification(ref, asked.record.clarifications[0].id, {{"answered_on", "2025-09-08"}}, "ava"));
  EXPECT_EQ(Str(answered.clock.due), "2025-10-06");
}

TEST_F(CaseServiceTest, SecondClarificationWhileOneIsOpenIsRefused) {
  std::string ref = Create(SarNoIdBody("2025-09-01")).record.reference;
  Ok(cases_->RequestClarification(ref, {{"question", "Which services?"}, {"requested_on", "2025-09-03"}}, "ava"));
  auto second = cases_->RequestClarification(ref, {{"question", "And which years?"}}, "ava");
  ASSERT_FALSE(second.ok());
  EXPECT_EQ(second.status().code(), ErrorCode::kFailedPrecondition);
  EXPECT_TRUE(Contains(second.status().message(), "waiting")) << second.status().message();
  EXPECT_EQ(Get(ref).record.clarifications.size(), 1u);
}

TEST_F(CaseServiceTest, ClarificationAnsweredTwiceOrUnknownIsRefused) {
  std::string ref = Create(SarNoIdBody("2025-09-01")).record.reference;
  CaseView asked = Ok(cases_->RequestClarification(ref, {{"question", "Which services?"}, {"requested_on", "2025-09-03"}}, "ava"));
  std::int64_t id = asked.record.clarifications[0].id;
  EXPECT_EQ(cases_->AnswerClarification(ref, id + 100, json::object(), "ava").status().code(), ErrorCode::kNotFound);
  EXPECT_EQ(cases_->AnswerClarification(ref, id, {{"answered_on", "2025-09-02"}}, "ava").status().code(),
            ErrorCode::kInvalidArgument);  // before it was asked
  Ok(cases_->AnswerClarification(ref, id, {{"answered_on", "2025-09-05"}}, "ava"));
  EXPECT_EQ(cases_->AnswerClarification(ref, id, json::object(), "ava").status().code(), ErrorCode::kFailedPrecondition);
}

TEST_F(CaseServiceTest, ClarificationAnsweredInTheFutureIsRefused) {
  std::string ref = Create(SarNoIdBody("2025-09-01")).record.reference;
  CaseView asked = Ok(cases_->RequestClarification(ref, {{"question", "Which services?"}, {"requested_on", "2025-09-03"}}, "ava"));
  auto r = cases_->AnswerClarification(ref, asked.record.clarifications[0].id, {{"answered_on", "2025-11-30"}}, "ava");
  ASSERT_FALSE(r.ok()) << "a future answer date would push the statutory due date out";
  EXPECT_EQ(r.status().code(), ErrorCode::kInvalidArgument);
  EXPECT_TRUE(Contains(r.status().message(), "future")) << r.status().message();
}

TEST_F(CaseServiceTest, ClarificationRequestedInTheFutureIsRefused) {
  std::string ref = Create(SarNoIdBody("2025-09-01")).record.reference;
  auto r = cases_->RequestClarification(ref, {{"question", "Which services?"}, {"requested_on", "2025-09-20"}}, "ava");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), ErrorCode::kInvalidArgument);
  EXPECT_TRUE(Get(ref).record.clarifications.empty());
}

// --- Extension ---

json ExtendBody(int months, const std::string& told_on) {
  return {{"months", months}, {"reasons", "Records held across five services, many thousands of pages"},
          {"requester_told_on", told_on}};
}

TEST_F(CaseServiceTest, ExtensionWithinTheFirstMonthMovesTheDueDate) {
  std::string ref = Create(SarNoIdBody("2025-09-01")).record.reference;
  EXPECT_TRUE(Get(ref).extension_allowed);
  CaseView v = Ok(cases_->RecordExtension(ref, ExtendBody(2, kToday), "ava"));
  ASSERT_TRUE(v.record.extension.has_value());
  EXPECT_EQ(v.record.extension->months, 2);
  EXPECT_EQ(v.record.extension->recorded_by, "ava");
  // start + 3 months: Monday 1 December 2025.
  EXPECT_EQ(Str(v.clock.due), "2025-12-01");
  EXPECT_EQ(Str(v.clock.unextended_due), "2025-10-01");
  EXPECT_EQ(v.clock.extension_months, 2);
  EXPECT_FALSE(v.extension_allowed);  // already extended
}

TEST_F(CaseServiceTest, ExtensionOnTheLastDayOfTheFirstMonthIsAllowed) {
  std::string ref = Create(SarNoIdBody("2025-09-01")).record.reference;
  time_.Set(D("2025-10-01"));
  CaseView v = Ok(cases_->RecordExtension(ref, ExtendBody(1, "2025-10-01"), "ava"));
  EXPECT_EQ(Str(v.clock.due), "2025-11-03");  // 1 November 2025 is a Saturday
}

TEST_F(CaseServiceTest, ExtensionAfterTheFirstMonthIsRefused) {
  std::string ref = Create(SarNoIdBody("2025-09-01")).record.reference;
  time_.Set(D("2025-10-02"));
  EXPECT_FALSE(Get(ref).extension_allowed);
  auto r = cases_->RecordExtension(ref, ExtendBody(1, "2025-09-30"), "ava");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), ErrorCode::kFailedPrecondition);
  EXPECT_TRUE(Contains(r.status().message(), "first month")) << r.status().message();
  EXPECT_TRUE(Contains(r.status().message(), "2025-10-01")) << r.status().message();
  EXPECT_FALSE(Get(ref).record.extension.has_value());
}

TEST_F(CaseServiceTest, ExtensionToldAfterTheFirstMonthIsRefused) {
  std::string ref = Create(SarNoIdBody("2025-09-01")).record.reference;
  auto r = cases_->RecordExtension(ref, ExtendBody(2, "2025-10-02"), "ava");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), ErrorCode::kFailedPrecondition);
  EXPECT_TRUE(Contains(r.status().message(), "first month")) << r.status().message();
  EXPECT_FALSE(Get(ref).record.extension.has_value());
}

TEST_F(CaseServiceTest, ExtensionOfThreeMonthsIsRefused) {
  std::string ref = Create(SarNoIdBody("2025-09-01")).record.reference;
  EXPECT_EQ(cases_->RecordExtension(ref, ExtendBody(3, kToday), "ava").status().code(), ErrorCode::kInvalidArgument);
}

TEST_F(CaseServiceTest, FoiCannotBeExtended) {
  json body = SarBody();
  body["route"] = "foi";
  std::string ref = Create(body).record.reference;
  auto r = cases_->RecordExtension(ref, ExtendBody(1, kToday), "ava");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), ErrorCode::kFailedPrecondition);
  EXPECT_TRUE(Contains(r.status().message(), "subject access")) << r.status().message();
}

TEST_F(CaseServiceTest, ExtensionBeforeTheClockStartsIsRefused) {
  std::string ref = Create(SarBody()).record.reference;  // identity still needed
  auto r = cases_->RecordExtension(ref, ExtendBody(1, kToday), "ava");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), ErrorCode::kFailedPrecondition);
  EXPECT_TRUE(Contains(r.status().message(), "identity")) << r.status().message();
}

// --- Timers ---

TEST_F(CaseServiceTest, TimersHoldThenCloseWithoutIdentity) {
  std::string ref = Create(SarBody()).record.reference;
  CaseView requested = Transition(ref, {{"to", "id_requested"}});
  EXPECT_EQ(Str(requested.record.id_requested_on), kToday);

  time_.Set(D("2025-10-09"));
  auto none = cases_->RunTimers();
  ASSERT_TRUE(none.ok()) << none.status().ToString();
  EXPECT_TRUE(none->moves.empty());
  EXPECT_EQ(Get(ref).record.status, CaseStatus::kIdRequested);

  time_.Set(D("2025-10-10"));
  auto hold = cases_->RunTimers();
  ASSERT_TRUE(hold.ok()) << hold.status().ToString();
  ASSERT_EQ(hold->moves.size(), 1u);
  EXPECT_EQ(hold->moves[0].reference, ref);
  EXPECT_EQ(hold->moves[0].from, "id_requested");
  EXPECT_EQ(hold->moves[0].to, "on_hold");
  EXPECT_TRUE(Contains(hold->moves[0].reason, "one month")) << hold->moves[0].reason;
  EXPECT_EQ(Get(ref).record.status, CaseStatus::kOnHold);
  // Running again the same day moves nothing.
  EXPECT_TRUE(cases_->RunTimers()->moves.empty());

  time_.Set(D("2025-12-09"));
  EXPECT_TRUE(cases_->RunTimers()->moves.empty());
  time_.Set(D("2025-12-10"));
  auto close = cases_->RunTimers();
  ASSERT_TRUE(close.ok()) << close.status().ToString();
  ASSERT_EQ(close->moves.size(), 1u);
  EXPECT_EQ(close->moves[0].from, "on_hold");
  EXPECT_EQ(close->moves[0].to, "closed");
  CaseView closed = Get(ref);
  EXPECT_EQ(closed.record.status, CaseStatus::kClosed);
  EXPECT_EQ(closed.record.outcome, Outcome::kClosedNoId);
  EXPECT_EQ(closed.record.history.back().by, "system");

  auto history = cases_->History(ref);
  ASSERT_TRUE(history.ok());
  int timer_entries = 0;
  for (const auto& e : *history) {
    if (e.action != "case.timer") continue;
    ++timer_entries;
    EXPECT_EQ(e.actor, "system");
  }
  EXPECT_EQ(timer_entries, 2);
  EXPECT_TRUE(cases_->RunTimers()->moves.empty());  // closed: nothing more
}

TEST_F(CaseServiceTest, TimersCarryOnPastADamagedRecord) {
  std::string damaged = Create(SarBody()).record.reference;
  std::string healthy = Create(SarBody()).record.reference;
  Transition(damaged, {{"to", "id_requested"}});
  Transition(healthy, {{"to", "id_requested"}});
  RawDb(path_).Exec("UPDATE cases SET document = '{\"reference\":\"" + damaged + "\"}' WHERE reference = '" + damaged + "'");

  time_.Set(D("2025-10-10"));
  auto report = cases_->RunTimers();
  ASSERT_TRUE(report.ok()) << report.status().ToString();
  ASSERT_EQ(report->moves.size(), 1u);
  EXPECT_EQ(report->moves[0].reference, healthy);
  ASSERT_EQ(report->failures.size(), 1u);
  EXPECT_EQ(report->failures[0].reference, damaged);
  EXPECT_TRUE(Contains(report->failures[0].message, "damaged")) << report->failures[0].message;
}

TEST_F(CaseServiceTest, FeeReceivedInTheFutureIsRefused) {
  std::string ref = Create(SarBody()).record.reference;
  auto r = cases_->RecordFee(ref, {{"required", true}, {"amount_pence", 1000}, {"reason", "Further copies requested"},
                                   {"requested_on", kToday}, {"received_on", "2025-12-01"}}, "ava");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), ErrorCode::kInvalidArgument);
  EXPECT_TRUE(Contains(r.status().message(), "in the future")) << r.status().message();
  EXPECT_FALSE(Get(ref).record.fee.required);
}

TEST_F(CaseServiceTest, TimersLeaveACaseWithIdentityOnFile) {
  std::string ref = Create(SarBody()).record.reference;
  Transition(ref, {{"to", "id_requested"}});
  Ok(cases_->AddEvidence(ref, {{"purpose", "photo_id"}, {"type", "passport"}}, "ava"));
  Ok(cases_->AddEvidence(ref, {{"purpose", "proof_of_address"}, {"type", "council_tax_bill"}, {"document_date", kToday}},
                         "ava"));
  time_.Set(D("2025-12-10"));
  EXPECT_TRUE(cases_->RunTimers()->moves.empty());
  EXPECT_EQ(Get(ref).record.status, CaseStatus::kIdRequested);
}

TEST_F(CaseServiceTest, TimersKeepTheDueColumnCurrentDuringAPause) {
  std::string ref = Create(SarNoIdBody("2025-09-01")).record.reference;
  Ok(cases_->RequestClarification(ref, {{"question", "Which services?"}, {"requested_on", kToday}}, "ava"));
  time_.Set(D("2025-09-20"));  // ten days paused so far
  ASSERT_TRUE(cases_->RunTimers().ok());
  RawDb raw(path_);
  // 1 October + 10 days = Saturday 11 October, so Monday 13 October.
  EXPECT_EQ(raw.Text("SELECT due FROM cases WHERE reference = '" + ref + "'"), "2025-10-13");
  EXPECT_EQ(Str(Get(ref).clock.due), "2025-10-13");
}

// --- Workflow ---

TEST_F(CaseServiceTest, IllegalMoveIsRefusedAndChangesNothing) {
  std::string ref = Create(SarBody()).record.reference;
  auto r = cases_->Transition(ref, {{"to", "searching"}}, "ava");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), ErrorCode::kFailedPrecondition);
  EXPECT_TRUE(Contains(r.status().message(), "cannot move to searching")) << r.status().message();
  CaseView v = Get(ref);
  EXPECT_EQ(v.record.version, 1);
  EXPECT_EQ(v.record.status, CaseStatus::kReceived);
  EXPECT_EQ(cases_->History(ref)->size(), 1u);
}

TEST_F(CaseServiceTest, SearchingNeedsAnAssignedOfficer) {
  std::string ref = Create(SarNoIdBody()).record.reference;
  Transition(ref, {{"to", "validated"}});
  auto r = cases_->Transition(ref, {{"to", "searching"}}, "ava");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), ErrorCode::kFailedPrecondition);
  EXPECT_TRUE(Contains(r.status().message(), "assign an officer")) << r.status().message();
  Ok(cases_->Assign(ref, {{"officer", "ava"}}, "ava"));
  EXPECT_EQ(Transition(ref, {{"to", "searching"}}).record.status, CaseStatus::kSearching);
}

TEST_F(CaseServiceTest, ReleaseAndRefuseNeedTheirOwnActions) {
  std::string ref = Create(SarNoIdBody()).record.reference;
  auto released = cases_->Transition(ref, {{"to", "released"}, {"outcome", "disclosed_in_full"}}, "ava");
  ASSERT_FALSE(released.ok());
  EXPECT_TRUE(Contains(released.status().message(), "release action")) << released.status().message();
  auto refused = cases_->Transition(ref, {{"to", "refused"}}, "ava");
  ASSERT_FALSE(refused.ok());
  EXPECT_TRUE(Contains(refused.status().message(), "refuse action")) << refused.status().message();
  EXPECT_EQ(Get(ref).record.version, 1);
}

TEST_F(CaseServiceTest, TransitionBodyIsReadStrictly) {
  std::string ref = Create(SarNoIdBody()).record.reference;
  EXPECT_EQ(cases_->Transition(ref, {{"to", "validated"}, {"colour", "red"}}, "ava").status().code(),
            ErrorCode::kInvalidArgument);
  EXPECT_EQ(cases_->Transition(ref, {{"to", "nowhere"}}, "ava").status().code(), ErrorCode::kInvalidArgument);
  EXPECT_EQ(cases_->Transition(ref, {{"to", "validated"}, {"on", "2025-08-01"}}, "ava").status().code(),
            ErrorCode::kInvalidArgument);  // before receipt
  EXPECT_EQ(cases_->Transition("SAR-2025-000099", {{"to", "validated"}}, "ava").status().code(), ErrorCode::kNotFound);
}

TEST_F(CaseServiceTest, TransitionDatedInTheFutureIsRefused) {
  std::string ref = Create(SarBody()).record.reference;
  auto r = cases_->Transition(ref, {{"to", "id_requested"}, {"on", "2025-10-10"}}, "ava");
  ASSERT_FALSE(r.ok()) << "a future-dated ID request would delay the timers";
  EXPECT_EQ(r.status().code(), ErrorCode::kInvalidArgument);
  EXPECT_EQ(Get(ref).record.status, CaseStatus::kReceived);
}

TEST_F(CaseServiceTest, FullPathToReleaseAndClose) {
  std::string ref = Create(SarNoIdBody()).record.reference;
  Ok(cases_->Assign(ref, {{"officer", "ava"}}, "ava"));
  for (const char* to : {"validated", "searching", "collating", "redacting", "qa", "ready_for_release"})
    ASSERT_EQ(std::string(casework::ToWire(Transition(ref, {{"to", to}}).record.status)), to);
  CaseView released = Ok(cases_->Release(ref, {{"outcome", "disclosed_in_part"}, {"details", "PDF bundle"}}, "ava"));
  EXPECT_EQ(released.record.status, CaseStatus::kReleased);
  EXPECT_EQ(released.record.outcome, Outcome::kDisclosedInPart);
  ASSERT_TRUE(released.record.release.has_value());
  EXPECT_EQ(released.record.release->released_on.ToString(), kToday);
  EXPECT_EQ(released.record.release->delivery, casework::Delivery::kSecureDownload);
  CaseView closed = Transition(ref, {{"to", "closed"}});
  EXPECT_EQ(closed.record.status, CaseStatus::kClosed);
  EXPECT_EQ(closed.record.outcome, Outcome::kDisclosedInPart);
  EXPECT_EQ(closed.record.version, 10);
}

TEST_F(CaseServiceTest, ReleaseDatedInTheFutureIsRefused) {
  std::string ref = Create(SarNoIdBody()).record.reference;
  Ok(cases_->Assign(ref, {{"officer", "ava"}}, "ava"));
  for (const char* to : {"validated", "searching", "collating", "redacting", "qa", "ready_for_release"})
    Transition(ref, {{"to", to}});
  auto r = cases_->Release(ref, {{"outcome", "disclosed_in_full"}, {"released_on", "2025-09-30"}}, "ava");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), ErrorCode::kInvalidArgument);
  EXPECT_TRUE(Contains(r.status().message(), "future")) << r.status().message();
  EXPECT_EQ(Get(ref).record.status, CaseStatus::kReadyForRelease);
  EXPECT_FALSE(Get(ref).record.release.has_value());
}

// --- Assignment and conflicts of interest ---

TEST_F(CaseServiceTest, ConflictOfInterestNeedsAManagerToReassign) {
  std::string ref = Create(SarBody()).record.reference;
  EXPECT_EQ(Ok(cases_->Assign(ref, {{"officer", "ava"}}, "ava")).record.assigned_officer, "ava");

  CaseView declared = Ok(cases_->DeclareConflict(ref, {{"note", "She is my neighbour"}}, "ava"));
  EXPECT_EQ(declared.record.assigned_officer, "");
  ASSERT_EQ(declared.record.conflicts.size(), 1u);
  EXPECT_EQ(declared.record.conflicts[0].officer, "ava");
  EXPECT_EQ(declared.record.conflicts[0].declared_on.ToString(), kToday);

  auto by_officer = cases_->Assign(ref, {{"officer", "ben"}}, "ben");
  ASSERT_FALSE(by_officer.ok());
  EXPECT_EQ(by_officer.status().code(), ErrorCode::kPermissionDenied);
  EXPECT_TRUE(Contains(by_officer.status().message(), "IG manager")) << by_officer.status().message();
  EXPECT_EQ(Get(ref).record.assigned_officer, "");

  EXPECT_EQ(Ok(cases_->Assign(ref, {{"officer", "ben"}}, "cara")).record.assigned_officer, "ben");

  for (const char* actor : {"cara", "ava", "ben"}) {
    auto again = cases_->Assign(ref, {{"officer", "ava"}}, actor);
    ASSERT_FALSE(again.ok()) << actor;
    EXPECT_EQ(again.status().code(), ErrorCode::kFailedPrecondition) << actor;
    EXPECT_TRUE(Contains(again.status().message(), "conflict of interest")) << again.status().message();
  }
  EXPECT_EQ(Get(ref).record.assigned_officer, "ben");
}

TEST_F(CaseServiceTest, ReassigningNeedsAManager) {
  std::string ref = Create(SarBody()).record.reference;
  Ok(cases_->Assign(ref, {{"officer", "ava"}}, "ava"));
  EXPECT_EQ(cases_->Assign(ref, {{"officer", "ben"}}, "ben").status().code(), ErrorCode::kPermissionDenied);
  EXPECT_EQ(Ok(cases_->Assign(ref, {{"officer", "ben"}}, "cara")).record.assigned_officer, "ben");
}

TEST_F(CaseServiceTest, AssigningAnUnknownOrInactiveUserIsRefused) {
  std::string ref = Create(SarBody()).record.reference;
  EXPECT_EQ(cases_->Assign(ref, {{"officer", "zed"}}, "cara").status().code(), ErrorCode::kInvalidArgument);
  ASSERT_TRUE(admin_->PutUser({{"username", "dan"}, {"display_name", "Dan"}, {"role", "ig_officer"}, {"active", false}},
                              "admin")
                  .ok());
  EXPECT_EQ(cases_->Assign(ref, {{"officer", "dan"}}, "cara").status().code(), ErrorCode::kInvalidArgument);
}

TEST_F(CaseServiceTest, ConflictCannotBeDeclaredTwice) {
  std::string ref = Create(SarBody()).record.reference;
  Ok(cases_->DeclareConflict(ref, json::object(), "ben"));
  EXPECT_EQ(cases_->DeclareConflict(ref, json::object(), "ben").status().code(), ErrorCode::kFailedPrecondition);
}

// --- Repeat requests ---

TEST_F(CaseServiceTest, SameSubjectWithinTheIntervalIsAPossibleRepeat) {
  std::string first = Create(SarBody("2025-03-01")).record.reference;
  json body = SarBody();
  body["subject"] = {{"name", "Janet Smith"}, {"aliases", {"jane  DOE"}}, {"dob", "1980-04-01"}};
  CaseView second = Create(body);
  EXPECT_EQ(Refs(second.record.possible_repeat_of), first);
  EXPECT_EQ(Refs(Get(second.record.reference).record.possible_repeat_of), first);
}

TEST_F(CaseServiceTest, SameSubjectOutsideTheIntervalIsNotARepeat) {
  Create(SarBody("2024-09-01"));  // 374 days before today; the interval is 365
  CaseView second = Create(SarBody());
  EXPECT_TRUE(second.record.possible_repeat_of.empty()) << Refs(second.record.possible_repeat_of);
}

TEST_F(CaseServiceTest, RepeatIntervalComesFromTheSettings) {
  ASSERT_TRUE(admin_->UpdateSettings({{"repeat_interval_days", 30}}, "cara").ok());
  Create(SarBody("2025-08-01"));  // 40 days before
  EXPECT_TRUE(Create(SarBody()).record.possible_repeat_of.empty());
  std::string recent = Create(SarBody("2025-09-01")).record.reference;
  CaseView latest = Create(SarBody());
  EXPECT_EQ(Refs(latest.record.possible_repeat_of), "SAR-2025-000002," + recent);
}

TEST_F(CaseServiceTest, DifferentDobIsNotARepeat) {
  Create(SarBody("2025-09-01"));
  json body = SarBody();
  body["subject"]["dob"] = "1981-04-01";
  EXPECT_TRUE(Create(body).record.possible_repeat_of.empty());
}

// --- Refusal ---

const char kReasons[] = "The requester has made the same request every week for a year to disrupt the service.";

TEST_F(CaseServiceTest, RefusalNeedsAGroundAndReasons) {
  std::string ref = Create(SarBody()).record.reference;
  auto no_ground = cases_->Refuse(ref, {{"reasons", kReasons}}, "cara");
  ASSERT_FALSE(no_ground.ok());
  EXPECT_TRUE(Contains(no_ground.status().message(), "ground")) << no_ground.status().message();
  auto wrong_ground = cases_->Refuse(ref, {{"ground", "no_data_held"}, {"reasons", kReasons}}, "cara");
  ASSERT_FALSE(wrong_ground.ok());
  EXPECT_TRUE(Contains(wrong_ground.status().message(), "ground")) << wrong_ground.status().message();
  auto short_reasons = cases_->Refuse(ref, {{"ground", "refused_excessive"}, {"reasons", "too much"}}, "cara");
  ASSERT_FALSE(short_reasons.ok());
  EXPECT_TRUE(Contains(short_reasons.status().message(), "reasons")) << short_reasons.status().message();
  auto none = cases_->Refuse(ref, {{"ground", "refused_excessive"}}, "cara");
  EXPECT_FALSE(none.ok());
  EXPECT_EQ(Get(ref).record.status, CaseStatus::kReceived);
}

TEST_F(CaseServiceTest, RefusalRecordsTheRightsNotice) {
  std::string ref = Create(SarBody()).record.reference;
  CaseView v = Ok(cases_->Refuse(ref, {{"ground", "refused_manifestly_unfounded"}, {"reasons", kReasons}}, "cara"));
  EXPECT_EQ(v.record.status, CaseStatus::kRefused);
  EXPECT_EQ(v.record.outcome, Outcome::kRefusedManifestlyUnfounded);
  ASSERT_TRUE(v.record.refusal.has_value());
  EXPECT_EQ(v.record.refusal->decided_by, "cara");
  EXPECT_EQ(v.record.refusal->decided_on.ToString(), kToday);
  EXPECT_TRUE(Contains(v.record.refusal->rights_notice, "Information Commissioner"));
  EXPECT_TRUE(Contains(v.record.refusal->rights_notice, "judicial remedy"));
  ASSERT_FALSE(v.record.communications.empty());
  const auto& note = v.record.communications.back();
  EXPECT_EQ(note.method, casework::CommMethod::kSystem);
  EXPECT_EQ(note.direction, casework::Direction::kOutgoing);
  EXPECT_TRUE(Contains(note.summary, "Refusal recorded")) << note.summary;
  EXPECT_TRUE(Contains(note.summary, "Information Commissioner")) << note.summary;
  EXPECT_EQ(Get(ref).record.status, CaseStatus::kRefused);
  // A refused request is finished.
  EXPECT_EQ(cases_->Transition(ref, {{"to", "validated"}}, "cara").status().code(), ErrorCode::kFailedPrecondition);
}

// --- Split ---

TEST_F(CaseServiceTest, SplitCreatesALinkedFoiRequest) {
  std::string sar = Create(SarBody()).record.reference;
  CaseView foi = Ok(cases_->Split(sar, {{"route", "foi"}, {"information_requested", "Spending on the park"}}, "ava"));
  EXPECT_EQ(foi.record.reference, "FOI-2025-000001");
  EXPECT_EQ(foi.record.route, casework::Route::kFoi);
  EXPECT_EQ(foi.record.split_from, sar);
  EXPECT_FALSE(foi.record.identity_required);
  EXPECT_EQ(foi.record.scope.information_requested, "Spending on the park");
  EXPECT_EQ(foi.record.subject.name, "Jane Doe");
  EXPECT_EQ(Get(foi.record.reference).record.split_from, sar);

  CaseView original = Get(sar);
  EXPECT_EQ(Refs(original.record.split_into), foi.record.reference);
  EXPECT_EQ(original.record.route, casework::Route::kSar);
  EXPECT_EQ(original.record.version, 2);
  auto history = cases_->History(foi.record.reference);
  ASSERT_TRUE(history.ok());
  ASSERT_EQ(history->size(), 1u);
  EXPECT_EQ((*history)[0].action, "case.split.create");
  EXPECT_EQ(cases_->History(sar)->back().action, "case.split");
}

// A store whose transactions can be made to fail UpdateCase, to simulate a
// storage failure part-way through an action.
class FlakyTransaction : public store::Transaction {
 public:
  FlakyTransaction(store::Transaction& inner, bool fail_updates) : in_(inner), fail_(fail_updates) {}
  Result<std::optional<store::CaseRow>> FindCase(const std::string& r) override { return in_.FindCase(r); }
  Status InsertCase(const store::CaseRow& row) override { return in_.InsertCase(row); }
  Status UpdateCase(const store::CaseRow& row, std::int64_t v) override {
    if (fail_) return Status::Internal("simulated storage failure");
    return in_.UpdateCase(row, v);
  }
  Result<std::vector<store::CaseRow>> ListCases(const store::CaseQuery& q) override { return in_.ListCases(q); }
  Result<std::int64_t> CountCases(const store::CaseQuery& q) override { return in_.CountCases(q); }
  Result<std::int64_t> NextSequence(const std::string& k) override { return in_.NextSequence(k); }
  Result<audit::AuditEntry> AppendAudit(audit::AuditEntry e) override { return in_.AppendAudit(std::move(e)); }
  Result<std::vector<audit::AuditEntry>> ReadAudit(const store::AuditQuery& q) override { return in_.ReadAudit(q); }
  Result<std::optional<audit::ChainHead>> AuditHead() override { return in_.AuditHead(); }
  Status AddHoliday(const store::HolidayRow& h) override { return in_.AddHoliday(h); }
  Result<std::vector<store::HolidayRow>> ListHolidays() override { return in_.ListHolidays(); }
  Status PutUser(const store::UserRow& u) override { return in_.PutUser(u); }
  Result<std::optional<store::UserRow>> FindUser(const std::string& u) override { return in_.FindUser(u); }
  Result<std::vector<store::UserRow>> ListUsers() override { return in_.ListUsers(); }
  Result<std::optional<std::string>> GetSetting(const std::string& k) override { return in_.GetSetting(k); }
  Status PutSetting(const std::string& k, const std::string& v) override { return in_.PutSetting(k, v); }
  Status PutServiceArea(const store::ServiceAreaRow& a) override { return in_.PutServiceArea(a); }
  Result<std::vector<store::ServiceAreaRow>> ListServiceAreas() override { return in_.ListServiceAreas(); }
  Result<std::int64_t> EnqueueMail(const store::OutboxRow& m) override { return in_.EnqueueMail(m); }
  Result<std::vector<store::OutboxRow>> ListMail(const std::string& st, const std::string& r, std::int64_t n) override {
    return in_.ListMail(st, r, n);
  }
  Status UpdateMail(const store::OutboxRow& m) override { return in_.UpdateMail(m); }
  Result<std::int64_t> InsertDocument(const store::DocumentRow& d) override { return in_.InsertDocument(d); }
  Status UpdateDocument(const store::DocumentRow& d) override { return in_.UpdateDocument(d); }
  Result<std::optional<store::DocumentRow>> FindDocument(std::int64_t id) override { return in_.FindDocument(id); }
  Result<std::vector<store::DocumentRow>> ListDocuments(const std::string& r) override { return in_.ListDocuments(r); }
  Result<std::optional<store::DocumentRow>> ClaimNextDocument() override { return in_.ClaimNextDocument(); }
  Result<std::int64_t> RequeueInterrupted() override { return in_.RequeueInterrupted(); }
  Status PutPage(const store::PageRow& p) override { return in_.PutPage(p); }
  Result<std::vector<store::PageRow>> ListPages(const store::PageQuery& q) override { return in_.ListPages(q); }
  Status MarkPageDuplicate(std::int64_t d, int p, std::int64_t od, int op, const std::string& k) override {
    return in_.MarkPageDuplicate(d, p, od, op, k);
  }
  Result<std::int64_t> InsertRedaction(const store::RedactionRow& r) override { return in_.InsertRedaction(r); }
  Status UpdateRedaction(const store::RedactionRow& r) override { return in_.UpdateRedaction(r); }
  Result<std::optional<store::RedactionRow>> FindRedaction(std::int64_t id) override { return in_.FindRedaction(id); }
  Result<std::vector<store::RedactionRow>> ListRedactions(const store::RedactionQuery& q) override {
    return in_.ListRedactions(q);
  }
  Result<std::int64_t> InsertRedactionRule(const store::RedactionRuleRow& r) override { return in_.InsertRedactionRule(r); }
  Result<std::vector<store::RedactionRuleRow>> ListRedactionRules(const std::string& c) override {
    return in_.ListRedactionRules(c);
  }
  Status PutRedactedDocument(const store::RedactedDocumentRow& r) override { return in_.PutRedactedDocument(r); }
  Status DeleteRedactedDocument(std::int64_t id) override { return in_.DeleteRedactedDocument(id); }
  Result<std::vector<store::RedactedDocumentRow>> ListRedactedDocuments(const std::string& c) override {
    return in_.ListRedactedDocuments(c);
  }
  Result<std::int64_t> InsertQaReview(const store::QaReviewRow& r) override { return in_.InsertQaReview(r); }
  Status UpdateQaReview(const store::QaReviewRow& r) override { return in_.UpdateQaReview(r); }
  Result<std::vector<store::QaReviewRow>> ListQaReviews(const std::string& c) override { return in_.ListQaReviews(c); }
  Status DeleteRedaction(std::int64_t id) override { return in_.DeleteRedaction(id); }
  Status DeleteRedactionRule(std::int64_t id) override { return in_.DeleteRedactionRule(id); }
  Result<std::int64_t> CountExemptionUses(const std::string& c) override { return in_.CountExemptionUses(c); }
  Result<std::int64_t> InsertConsent(const store::ConsentRow& r) override { return in_.InsertConsent(r); }
  Status UpdateConsent(const store::ConsentRow& r) override { return in_.UpdateConsent(r); }
  Result<std::vector<store::ConsentRow>> ListConsents(const std::string& c) override { return in_.ListConsents(c); }
  Result<std::int64_t> InsertStaffConcern(const store::StaffConcernRow& r) override { return in_.InsertStaffConcern(r); }
  Status UpdateStaffConcern(const store::StaffConcernRow& r) override { return in_.UpdateStaffConcern(r); }
  Result<std::vector<store::StaffConcernRow>> ListStaffConcerns(const std::string& c) override {
    return in_.ListStaffConcerns(c);
  }
  Status PutSafeguardingFlag(const store::SafeguardingFlagRow& r) override { return in_.PutSafeguardingFlag(r); }
  Result<std::vector<store::SafeguardingFlagRow>> ListSafeguardingFlags(const std::string& c) override {
    return in_.ListSafeguardingFlags(c);
  }
  Status PutSafeguardingCheck(const store::SafeguardingCheckRow& r) override { return in_.PutSafeguardingCheck(r); }
  Result<std::vector<store::SafeguardingCheckRow>> ListSafeguardingChecks(const std::string& c) override {
    return in_.ListSafeguardingChecks(c);
  }
  Result<std::int64_t> InsertSafeguardingMeeting(const store::SafeguardingMeetingRow& r) override {
    return in_.InsertSafeguardingMeeting(r);
  }
  Result<std::vector<store::SafeguardingMeetingRow>> ListSafeguardingMeetings(const std::string& c) override {
    return in_.ListSafeguardingMeetings(c);
  }

 private:
  store::Transaction& in_;
  bool fail_;
};

class FlakyStore : public store::Store {
 public:
  explicit FlakyStore(store::Store* inner) : inner_(inner) {}
  Status Write(const std::function<Status(store::Transaction&)>& fn) override {
    return inner_->Write([&](store::Transaction& tx) {
      FlakyTransaction flaky(tx, fail_updates);
      return fn(flaky);
    });
  }
  Status Read(const std::function<Status(store::Transaction&)>& fn) override { return inner_->Read(fn); }
  std::string Describe() const override { return "flaky " + inner_->Describe(); }
  int SchemaVersion() const override { return inner_->SchemaVersion(); }

  bool fail_updates = false;

 private:
  store::Store* inner_;
};

TEST_F(CaseServiceTest, SplitIsAllOrNothing) {
  std::string sar = Create(SarBody()).record.reference;
  FlakyStore flaky(store_.get());
  ServiceContext ctx;
  ctx.store = &flaky;
  ctx.time = &time_;
  ASSERT_TRUE(LoadContext(&ctx).ok());
  CaseService service(&ctx);
  json body = {{"route", "foi"}, {"information_requested", "Spending on the park"}};

  flaky.fail_updates = true;  // linking the original fails
  auto failed = service.Split(sar, body, "ava");
  ASSERT_FALSE(failed.ok());
  EXPECT_EQ(failed.status().code(), ErrorCode::kInternal);
  // Nothing was half-done: no orphan FOI request, no number used up.
  EXPECT_EQ(cases_->List({})->size(), 1u);
  EXPECT_TRUE(Get(sar).record.split_into.empty());
  RawDb raw(path_);
  EXPECT_EQ(raw.Int("SELECT COUNT(*) FROM audit_log WHERE action LIKE 'case.split%'"), 0);

  flaky.fail_updates = false;
  CaseView foi = Ok(service.Split(sar, body, "ava"));
  EXPECT_EQ(foi.record.reference, "FOI-2025-000001");
  EXPECT_EQ(Refs(Get(sar).record.split_into), "FOI-2025-000001");
  auto verified = admin_->VerifyAudit();
  ASSERT_TRUE(verified.ok());
  EXPECT_TRUE(verified->ok);
}

TEST_F(CaseServiceTest, SplittingAnFoiIsRefused) {
  json body = SarBody();
  body["route"] = "foi";
  std::string foi = Create(body).record.reference;
  auto r = cases_->Split(foi, {{"route", "foi"}, {"information_requested", "Anything"}}, "ava");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), ErrorCode::kFailedPrecondition);
  EXPECT_TRUE(Contains(r.status().message(), "subject access")) << r.status().message();
  EXPECT_EQ(cases_->List({})->size(), 1u);
}

TEST_F(CaseServiceTest, SplitIntoSarIsRefused) {
  std::string sar = Create(SarBody()).record.reference;
  EXPECT_EQ(cases_->Split(sar, {{"route", "sar"}, {"information_requested", "x"}}, "ava").status().code(),
            ErrorCode::kInvalidArgument);
  EXPECT_EQ(cases_->List({})->size(), 1u);
}

// --- Update ---

TEST_F(CaseServiceTest, UpdateMergesNestedFields) {
  std::string ref = Create(SarBody()).record.reference;
  CaseView v = Ok(cases_->Update(ref, {{"subject", {{"dob", "1985-05-05"}}}}, std::nullopt, "ava"));
  EXPECT_EQ(Str(v.record.subject.dob), "1985-05-05");
  EXPECT_EQ(v.record.subject.name, "Jane Doe");
  EXPECT_EQ(v.record.scope.information_requested, "Everything you hold about me");
  EXPECT_EQ(v.record.version, 2);
  CaseView stored = Get(ref);
  EXPECT_EQ(Str(stored.record.subject.dob), "1985-05-05");
  EXPECT_EQ(stored.record.subject.name, "Jane Doe");
  auto history = cases_->History(ref);
  ASSERT_EQ(history->size(), 2u);
  EXPECT_EQ(history->back().action, "case.update");
  EXPECT_TRUE(Contains(history->back().before, "1980-04-01")) << history->back().before;
  EXPECT_TRUE(Contains(history->back().after, "1985-05-05")) << history->back().after;
}

TEST_F(CaseServiceTest, UpdateNullClearsAnOptionalValue) {
  std::string ref = Create(SarBody()).record.reference;
  CaseView v = Ok(cases_->Update(ref, {{"subject", {{"dob", nullptr}}}}, std::nullopt, "ava"));
  EXPECT_FALSE(v.record.subject.dob.has_value());
  EXPECT_EQ(v.record.subject.name, "Jane Doe");
}

TEST_F(CaseServiceTest, UpdateCannotSetTheStatus) {
  std::string ref = Create(SarBody()).record.reference;
  auto r = cases_->Update(ref, {{"status", "closed"}}, std::nullopt, "ava");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), ErrorCode::kInvalidArgument);
  EXPECT_TRUE(Contains(r.status().message(), "status")) << r.status().message();
  EXPECT_EQ(Get(ref).record.status, CaseStatus::kReceived);
  auto officer = cases_->Update(ref, {{"assigned_officer", "ben"}}, std::nullopt, "ava");
  EXPECT_TRUE(Contains(officer.status().message(), "assign action")) << officer.status().message();
}

TEST_F(CaseServiceTest, UpdateWithAStaleVersionIsAConflict) {
  std::string ref = Create(SarBody()).record.reference;
  Ok(cases_->Update(ref, {{"reasonable_adjustments", "Large print"}}, 1, "ava"));
  auto stale = cases_->Update(ref, {{"reasonable_adjustments", "Braille"}}, 1, "ben");
  ASSERT_FALSE(stale.ok());
  EXPECT_EQ(stale.status().code(), ErrorCode::kConflict);
  EXPECT_TRUE(Contains(stale.status().message(), "reload")) << stale.status().message();
  CaseView v = Get(ref);
  EXPECT_EQ(v.record.version, 2);
  EXPECT_EQ(v.record.reasonable_adjustments, "Large print");
}

TEST_F(CaseServiceTest, UpdateWithoutChangeRecordsNothing) {
  std::string ref = Create(SarBody()).record.reference;
  CaseView v = Ok(cases_->Update(ref, {{"subject", {{"name", "Jane Doe"}}}}, std::nullopt, "ava"));
  EXPECT_EQ(v.record.version, 1);
  EXPECT_EQ(cases_->History(ref)->size(), 1u);
}

TEST_F(CaseServiceTest, UpdateRefusesReceivedInTheFuture) {
  std::string ref = Create(SarBody()).record.reference;
  auto r = cases_->Update(ref, {{"received", "2025-12-01"}}, std::nullopt, "ava");
  ASSERT_FALSE(r.ok()) << "Create refuses a future receipt date; Update must too";
  EXPECT_EQ(r.status().code(), ErrorCode::kInvalidArgument);
  EXPECT_TRUE(Contains(r.status().message(), "future")) << r.status().message();
  EXPECT_EQ(Get(ref).record.received.ToString(), kToday);
}

TEST_F(CaseServiceTest, UpdateOfAnEarlierReceiptDateIsAllowed) {
  std::string ref = Create(SarNoIdBody()).record.reference;
  CaseView v = Ok(cases_->Update(ref, {{"received", "2025-09-01"}}, std::nullopt, "ava"));
  EXPECT_EQ(Str(v.clock.due), "2025-10-01");
}

TEST_F(CaseServiceTest, UpdateRecomputesTheDueColumn) {
  std::string ref = Create(SarNoIdBody()).record.reference;
  Ok(cases_->Update(ref, {{"received", "2025-09-01"}}, std::nullopt, "ava"));
  RawDb raw(path_);
  EXPECT_EQ(raw.Text("SELECT due FROM cases WHERE reference = '" + ref + "'"), "2025-10-01");
  EXPECT_EQ(raw.Text("SELECT received FROM cases WHERE reference = '" + ref + "'"), "2025-09-01");
}

// --- The dashboard's short list (kept in memory between loads) ---

json SummaryOf(CaseService& cases, const std::string& ref) {
  CaseFilter f;
  f.limit = 5000;
  auto list = cases.ListSummariesJson(f);
  EXPECT_TRUE(list.ok()) << list.status().ToString();
  if (!list.ok()) return nullptr;
  for (const auto& s : json::parse(*list))
    if (s["reference"] == ref) return s;
  ADD_FAILURE() << ref << " not listed";
  return nullptr;
}

TEST_F(CaseServiceTest, ListSummariesMatchTheFullViewAndFollowEveryChange) {
  std::string ref = Create(SarNoIdBody()).record.reference;
  Create(SarBody());
  CaseFilter f;
  f.limit = 5000;
  auto views = cases_->List(f);
  ASSERT_TRUE(views.ok());
  size_t count = 0;
  auto text = cases_->ListSummariesJson(f, &count);
  ASSERT_TRUE(text.ok());
  json summaries = json::parse(*text);
  ASSERT_EQ(summaries.size(), views->size());
  EXPECT_EQ(count, views->size());
  for (size_t i = 0; i < views->size(); ++i) EXPECT_EQ(summaries[i], SummaryJson((*views)[i]));
  // Loaded again: the same answer (from memory).
  EXPECT_EQ(*cases_->ListSummariesJson(f), *text);

  // A change to the record (a new version) shows at once.
  Ok(cases_->Update(ref, {{"channel", "letter"}, {"subject", {{"name", "Janet Other"}}}}, std::nullopt, "ava"));
  EXPECT_EQ(SummaryOf(*cases_, ref)["subject_name"], "Janet Other");

  // A new bank holiday moves the due date of a request due that day.
  EXPECT_EQ(SummaryOf(*cases_, ref)["due"], "2025-10-10");
  ASSERT_TRUE(cases_->AddHoliday({{"region", "england-and-wales"}, {"date", "2025-10-10"}, {"title", "Royal celebration"}}, "cara").ok());
  EXPECT_EQ(SummaryOf(*cases_, ref)["due"], "2025-10-13");

  // A new day counts down the days remaining.
  std::int64_t before = SummaryOf(*cases_, ref)["days_remaining"].get<std::int64_t>();
  time_.Advance(1);
  EXPECT_EQ(SummaryOf(*cases_, ref)["days_remaining"].get<std::int64_t>(), before - 1);

  // New stage targets change the stage due date.
  std::string stage_due = SummaryOf(*cases_, ref)["stage_due"].get<std::string>();
  auto updated = admin_->UpdateSettings({{"stage_targets", {{"validate", 9}}}}, "cara");
  ASSERT_TRUE(updated.ok()) << updated.status().ToString();
  EXPECT_NE(SummaryOf(*cases_, ref)["stage_due"].get<std::string>(), stage_due);
  auto fresh = cases_->Get(ref);
  ASSERT_TRUE(fresh.ok());
  EXPECT_EQ(SummaryOf(*cases_, ref), SummaryJson(*fresh));
}

// --- Bank holidays ---

TEST_F(CaseServiceTest, NewHolidayMovesCasesDueThatDay) {
  std::string ref = Create(SarNoIdBody()).record.reference;
  EXPECT_EQ(Str(Get(ref).clock.due), "2025-10-10");  // a Friday
  json holiday = {{"region", "england-and-wales"}, {"date", "2025-10-10"}, {"title", "Royal celebration"}};

  auto dry = cases_->AddHoliday(holiday, "cara", true);
  ASSERT_TRUE(dry.ok()) << dry.status().ToString();
  ASSERT_EQ(dry->size(), 1u);
  EXPECT_EQ((*dry)[0].reference, ref);
  EXPECT_EQ((*dry)[0].old_due, "2025-10-10");
  EXPECT_EQ((*dry)[0].new_due, "2025-10-13");
  EXPECT_EQ(Str(Get(ref).clock.due), "2025-10-10") << "a dry run changes nothing";
  RawDb raw(path_);
  EXPECT_EQ(raw.Int("SELECT COUNT(*) FROM holidays"), 0);
  EXPECT_EQ(raw.Text("SELECT due FROM cases WHERE reference = '" + ref + "'"), "2025-10-10");

  auto added = cases_->AddHoliday(holiday, "cara");
  ASSERT_TRUE(added.ok()) << added.status().ToString();
  ASSERT_EQ(added->size(), 1u);
  EXPECT_EQ((*added)[0].new_due, "2025-10-13");
  EXPECT_EQ(Str(Get(ref).clock.due), "2025-10-13");
  EXPECT_EQ(raw.Text("SELECT due FROM cases WHERE reference = '" + ref + "'"), "2025-10-13");
  EXPECT_EQ(raw.Int("SELECT COUNT(*) FROM audit_log WHERE action = 'holiday.add'"), 1);

  // Remembered after a restart.
  ASSERT_NO_FATAL_FAILURE(Reopen());
  EXPECT_EQ(Str(Get(ref).clock.due), "2025-10-13");
  auto again = cases_->AddHoliday(holiday, "cara");
  EXPECT_EQ(again.status().code(), ErrorCode::kConflict);
}

TEST_F(CaseServiceTest, ExistingBankHolidayIsAConflict) {
  auto r = cases_->AddHoliday({{"region", "england-and-wales"}, {"date", "2025-12-25"}, {"title", "Christmas"}}, "cara");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), ErrorCode::kConflict);
  EXPECT_TRUE(Contains(r.status().message(), "already")) << r.status().message();
}

TEST_F(CaseServiceTest, HolidayInAnotherRegionMovesNothing) {
  std::string ref = Create(SarNoIdBody()).record.reference;
  auto r = cases_->AddHoliday({{"region", "scotland"}, {"date", "2025-10-10"}, {"title", "Local"}}, "cara");
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_TRUE(r->empty());
  EXPECT_EQ(Str(Get(ref).clock.due), "2025-10-10");
  EXPECT_EQ(cases_->AddHoliday({{"region", "wales"}, {"date", "2025-10-17"}, {"title", "x"}}, "cara").status().code(),
            ErrorCode::kInvalidArgument);
}

// --- Complaints ---

TEST_F(CaseServiceTest, InternalReviewDueDefaultsToTwentyWorkingDays) {
  std::string ref = Create(SarBody()).record.reference;
  CaseView v = Ok(cases_->AddComplaint(
      ref, {{"kind", "internal_review"}, {"received_on", kToday}, {"summary", "Unhappy with the redactions"}}, "ava"));
  ASSERT_EQ(v.record.complaints.size(), 1u);
  EXPECT_EQ(v.record.complaints[0].kind, casework::ComplaintKind::kInternalReview);
  EXPECT_EQ(Str(v.record.complaints[0].due), "2025-10-08");
}

TEST_F(CaseServiceTest, IcoCaseHasNoDefaultDueDate) {
  std::string ref = Create(SarBody()).record.reference;
  CaseView v = Ok(cases_->AddComplaint(
      ref, {{"kind", "ico"}, {"received_on", kToday}, {"summary", "ICO enquiry"}, {"ico_reference", "IC-1234"}}, "ava"));
  EXPECT_FALSE(v.record.complaints[0].due.has_value());
}

TEST_F(CaseServiceTest, ClosingAComplaintNeedsAnOutcome) {
  std::string ref = Create(SarBody()).record.reference;
  CaseView v = Ok(cases_->AddComplaint(ref, {{"received_on", kToday}, {"summary", "Too slow"}}, "ava"));
  std::int64_t id = v.record.complaints[0].id;
  auto r = cases_->UpdateComplaint(ref, id, {{"closed_on", kToday}}, "ava");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), ErrorCode::kInvalidArgument);
  EXPECT_TRUE(Contains(r.status().message(), "outcome")) << r.status().message();
  EXPECT_FALSE(Get(ref).record.complaints[0].closed_on.has_value());
  CaseView closed = Ok(cases_->UpdateComplaint(ref, id, {{"closed_on", kToday}, {"outcome", "Apologised"}}, "ava"));
  EXPECT_EQ(Str(closed.record.complaints[0].closed_on), kToday);
  EXPECT_EQ(cases_->UpdateComplaint(ref, id + 50, {{"outcome", "x"}}, "ava").status().code(), ErrorCode::kNotFound);
}

TEST_F(CaseServiceTest, ComplaintBeforeTheRequestIsRefused) {
  std::string ref = Create(SarBody()).record.reference;
  EXPECT_EQ(cases_->AddComplaint(ref, {{"received_on", "2025-09-01"}, {"summary", "x"}}, "ava").status().code(),
            ErrorCode::kInvalidArgument);
}

// --- Lists ---

TEST_F(CaseServiceTest, ListFiltersByTextStatusAndOfficer) {
  Create(SarBody());
  json other = SarBody();
  other["subject"] = {{"name", "O'Brien, Kay"}};
  std::string kay = Create(other).record.reference;
  Ok(cases_->Assign(kay, {{"officer", "ben"}}, "ben"));
  CaseFilter by_name;
  by_name.text = "obrien";
  ASSERT_EQ(cases_->List(by_name)->size(), 1u);
  by_name.text = "O'Brien";
  ASSERT_EQ(cases_->List(by_name)->size(), 1u);
  EXPECT_EQ((*cases_->List(by_name))[0].record.reference, kay);
  CaseFilter by_ref;
  by_ref.text = "SAR-2025-000001";
  ASSERT_EQ(cases_->List(by_ref)->size(), 1u);
  CaseFilter by_officer;
  by_officer.officer = "ben";
  ASSERT_EQ(cases_->List(by_officer)->size(), 1u);
  CaseFilter bad_status;
  bad_status.status = "lost";
  EXPECT_EQ(cases_->List(bad_status).status().code(), ErrorCode::kInvalidArgument);
}

// --- The action catalogue ---

TEST_F(CaseServiceTest, ActionCatalogueRunsTheService) {
  std::string ref = Create(SarNoIdBody("2025-09-01")).record.reference;
  Services services{cases_.get(), searches_.get()};
  const CaseAction* clarify = FindCaseAction("clarify");
  ASSERT_NE(clarify, nullptr);
  CaseView asked = Ok(clarify->run(services, ref, {{"question", "Which years?"}, {"requested_on", "2025-09-03"}}, "ava"));
  const CaseAction* clarified = FindCaseAction("clarified");
  ASSERT_NE(clarified, nullptr);
  std::int64_t id = asked.record.clarifications[0].id;
  CaseView answered = Ok(clarified->run(services, ref, {{"id", id}, {"answered_on", "2025-09-07"}}, "ava"));
  EXPECT_EQ(Str(answered.clock.due), "2025-10-06");
  EXPECT_EQ(FindCaseAction("nonsense"), nullptr);
  EXPECT_EQ(clarified->run(services, ref, {{"answered_on", "2025-09-07"}}, "ava").status().code(),
            ErrorCode::kInvalidArgument);  // no id
}

TEST_F(CaseServiceTest, ConcurrentCreatesGetDistinctReferences) {
  constexpr int kThreads = 4;
  constexpr int kEach = 10;
  std::vector<std::vector<std::string>> refs(kThreads);
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kEach; ++i) {
        auto r = cases_->Create(SarNoIdBody(), "ava");
        if (r.ok()) refs[t].push_back(r->record.reference);
      }
    });
  }
  for (auto& th : threads) th.join();
  std::set<std::string> all;
  for (const auto& v : refs) all.insert(v.begin(), v.end());
  EXPECT_EQ(all.size(), static_cast<size_t>(kThreads * kEach));
  EXPECT_TRUE(all.count("SAR-2025-000001"));
  EXPECT_TRUE(all.count("SAR-2025-000040"));
  auto verified = admin_->VerifyAudit();
  ASSERT_TRUE(verified.ok());
  EXPECT_TRUE(verified->ok);
  EXPECT_EQ(verified->cases_checked, kThreads * kEach);
}

// --- Crash safety through the real write path ---

[[noreturn]] void CreateForever(const std::string& path, int ready_fd) {
  auto opened = store::OpenSqliteStore(path);
  if (!opened.ok()) _exit(2);
  FixedTime time(Date::FromYmd(2025, 9, 10));
  ServiceContext ctx;
  ctx.store = opened->get();
  ctx.time = &time;
  if (!LoadContext(&ctx).ok()) _exit(3);
  CaseService cases(&ctx);
  bool told = false;
  for (int i = 0;; ++i) {
    // No date of birth: each create stays cheap (no repeat search).
    json body = {{"received", "2025-09-10"},
                 {"subject", {{"name", "Person " + std::to_string(i)}}},
                 {"scope", {{"information_requested", std::string(2000, 'z')}}}};
    auto r = cases.Create(body, "ava");
    if (!r.ok()) _exit(4);
    if (!told) {
      char c = 'r';
      if (write(ready_fd, &c, 1) != 1) _exit(5);
      told = true;
    }
  }
}

TEST_F(CaseServiceTest, SurvivesBeingKilledWhileCreating) {
  std::int64_t previous = 0;
  for (int round = 0; round < 3; ++round) {
    SCOPED_TRACE("round " + std::to_string(round));
    CloseServices();  // no connection may be carried across fork()
    int fds[2];
    ASSERT_EQ(pipe(fds), 0);
    pid_t pid = fork();
    ASSERT_GE(pid, 0);
    if (pid == 0) {
      close(fds[0]);
      CreateForever(path_, fds[1]);
    }
    close(fds[1]);
    char c = 0;
    ssize_t got = read(fds[0], &c, 1);
    close(fds[0]);
    if (got == 1) std::this_thread::sleep_for(std::chrono::milliseconds(300));
    kill(pid, SIGKILL);
    int wstatus = 0;
    ASSERT_EQ(waitpid(pid, &wstatus, 0), pid);
    ASSERT_EQ(got, 1) << "the child failed before creating a case (exit " << WEXITSTATUS(wstatus) << ")";
    ASSERT_TRUE(WIFSIGNALED(wstatus)) << "exit " << WEXITSTATUS(wstatus);

    ASSERT_NO_FATAL_FAILURE(OpenServices());
    RawDb raw(path_);
    EXPECT_EQ(raw.Text("PRAGMA integrity_check"), "ok");
    std::int64_t cases = raw.Int("SELECT COUNT(*) FROM cases");
    EXPECT_GT(cases, previous);
    previous = cases;
    EXPECT_EQ(raw.Int("SELECT COUNT(*) FROM cases WHERE audit_seq NOT IN (SELECT seq FROM audit_log)"), 0);
    EXPECT_EQ(raw.Int("SELECT COUNT(*) FROM audit_log WHERE action = 'case.create'"), cases);
    EXPECT_EQ(raw.Int("SELECT value FROM sequences WHERE key = 'SAR-2025'"), cases);

    auto verified = admin_->VerifyAudit();
    ASSERT_TRUE(verified.ok()) << verified.status().ToString();
    EXPECT_TRUE(verified->ok) << (verified->problems.empty() ? "" : verified->problems[0].problem);
    EXPECT_EQ(verified->cases_checked, cases);
    EXPECT_EQ(verified->entries, cases + 3);  // plus the three users

    // The register carries on numbering after the crash.
    CaseView next = Create(SarBody());
    EXPECT_EQ(next.record.reference, "SAR-2025-" + std::to_string(1000000 + cases + 1).substr(1));
    ++previous;
  }
}

}  // namespace
}  // namespace sardesk::service::testing
