#include "case/retention.h"

#include <gtest/gtest.h>

#include "case/case_json.h"

namespace sardesk::casework {
namespace {

Date D(const char* s) { return *Date::Parse(s); }

CaseRecord ClosedCase() {
  CaseRecord r;
  r.reference = "SAR-2019-000001";
  r.received = D("2019-01-10");
  r.subject.name = "Jane Example";
  r.subject.dob = D("1990-02-03");
  r.subject.former_names = {"Jane Old"};
  r.subject.addresses = {{"12 Acacia Road", "AB1 2CD", std::nullopt, std::nullopt}};
  r.requester.relationship = Relationship::kSolicitor;
  r.requester.name = "Sam Solicitor";
  r.requester.email = "sam@example.org";
  r.scope.information_requested = "Everything about Jane Example";
  r.history = {{CaseStatus::kValidated, D("2019-01-12"), "ava", "ID seen"},
               {CaseStatus::kReleased, D("2019-02-01"), "ava", "sent to Sam"},
               {CaseStatus::kClosed, D("2019-02-20"), "ava", "done"}};
  r.status = CaseStatus::kClosed;
  r.outcome = Outcome::kDisclosedInPart;
  r.exemptions_applied = {{"third_party", 4}};
  r.communications = {{1, "2019-01-11T10:00:00Z", Direction::kOutgoing, CommMethod::kEmail, "Told Jane Example", "ava"}};
  return r;
}

TEST(Retention, ClosedOnIsTheLastMoveOutOfOpenStatuses) {
  CaseRecord r = ClosedCase();
  ASSERT_TRUE(ClosedOn(r).has_value());
  EXPECT_EQ(ClosedOn(r)->ToString(), "2019-02-20");
  r.status = CaseStatus::kRedacting;
  EXPECT_FALSE(ClosedOn(r).has_value());
}

TEST(Retention, EndsYearsAfterClosure) {
  CaseRecord r = ClosedCase();
  EXPECT_EQ(RetentionEnds(r, 6)->ToString(), "2025-02-20");
  EXPECT_EQ(RetentionEnds(r, 1)->ToString(), "2020-02-20");
}

TEST(Retention, AnOpenComplaintKeepsTheDocuments) {
  CaseRecord r = ClosedCase();
  Complaint c;
  c.received_on = D("2019-03-01");
  r.complaints.push_back(c);
  EXPECT_FALSE(RetentionEnds(r, 6).has_value());
  r.complaints[0].closed_on = D("2019-04-01");
  EXPECT_TRUE(RetentionEnds(r, 6).has_value());
}

TEST(Retention, StrippingKeepsStatisticsAndRemovesPeople) {
  CaseRecord r = ClosedCase();
  StripPersonalData(&r);
  const std::string text = ToJson(r).dump();
  for (const char* personal : {"Jane", "Acacia", "AB1 2CD", "1990-02-03", "Sam", "sam@example.org", "sent to Sam"})
    EXPECT_EQ(text.find(personal), std::string::npos) << personal;
  EXPECT_EQ(r.reference, "SAR-2019-000001");
  EXPECT_EQ(r.received.ToString(), "2019-01-10");
  EXPECT_EQ(r.outcome, Outcome::kDisclosedInPart);
  EXPECT_EQ(r.requester.relationship, Relationship::kSolicitor);
  ASSERT_EQ(r.history.size(), 3u);
  EXPECT_EQ(r.history[2].on.ToString(), "2019-02-20");
  ASSERT_EQ(r.exemptions_applied.size(), 1u);
  EXPECT_EQ(r.exemptions_applied[0].count, 4);
  // The reduced record is still a valid stored record.
  auto back = CaseFromJson(ToJson(r));
  ASSERT_TRUE(back.ok()) << back.status().message();
  EXPECT_EQ(back->subject.name, kDestroyedName);
}

}  // namespace
}  // namespace sardesk::casework
