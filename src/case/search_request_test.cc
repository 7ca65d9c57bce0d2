#include "case/search_request.h"

#include <gtest/gtest.h>

namespace sardesk::casework {
namespace {

bool Has(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

CaseRecord Record() {
  CaseRecord r;
  r.reference = "SAR-2025-000042";
  r.received = Date::FromYmd(2025, 9, 3);
  r.subject.name = "Jordan Ellis";
  r.subject.former_names = {"Jordan Marsh"};
  r.subject.dob = Date::FromYmd(1994, 3, 12);
  r.subject.addresses = {{"14 Fairfield Road, Ashby", "AB1 2CD", std::nullopt, std::nullopt}};
  r.subject.identifiers = {{IdentifierKind::kSocialCareId, "SC-104233"}};
  r.scope.information_requested = "My care file 1998 to 2012";
  r.scope.date_from = Date::FromYmd(1998, 1, 1);
  r.scope.date_to = Date::FromYmd(2012, 12, 31);
  return r;
}

ServiceArea Area() {
  return {"childrens", "Children's social care", "Pat Jones", "pat.jones@council.example", "Dee Director",
          "director.cs@council.example", {"Mosaic", "Archived paper files"}, true};
}

SearchTask Task() {
  SearchTask t;
  t.id = 3;
  t.service_area = "childrens";
  t.sent_on = Date::FromYmd(2025, 9, 8);
  t.due = Date::FromYmd(2025, 9, 15);
  t.reminded_on = Date::FromYmd(2025, 9, 16);
  return t;
}

SearchMessageContext Context() { return {"Ashby Borough Council", "Ava Okafor", "ig@council.example"}; }

TEST(SearchRequestMessage, GoesToTheSinglePointOfContactWithTheDeadline) {
  auto m = SearchRequestMessage(Record(), Task(), Area(), Context());
  ASSERT_EQ(m.to.size(), 1u);
  EXPECT_EQ(m.to[0], "pat.jones@council.example");
  EXPECT_TRUE(m.cc.empty());
  EXPECT_TRUE(Has(m.subject, "SAR-2025-000042"));
  EXPECT_TRUE(Has(m.subject, "2025-09-15"));
}

TEST(SearchRequestMessage, CarriesWhoTheSubjectIsAndTheScope) {
  auto m = SearchRequestMessage(Record(), Task(), Area(), Context());
  EXPECT_TRUE(Has(m.body, "Jordan Ellis"));
  EXPECT_TRUE(Has(m.body, "Jordan Marsh"));
  EXPECT_TRUE(Has(m.body, "1994-03-12"));
  EXPECT_TRUE(Has(m.body, "AB1 2CD"));
  EXPECT_TRUE(Has(m.body, "SC-104233"));
  EXPECT_TRUE(Has(m.body, "1998-01-01 to 2012-12-31"));
  EXPECT_TRUE(Has(m.body, "My care file 1998 to 2012"));
}

TEST(SearchRequestMessage, AsksForEveryLocationEverythingAndNoRedaction) {
  auto m = SearchRequestMessage(Record(), Task(), Area(), Context());
  for (const char* part : {"paper files", "notebooks", "work mobile phones", "Teams", "email", "Mosaic",
                           "including documents marked \"confidential\"", "Do not redact anything",
                           "no records found"})
    EXPECT_TRUE(Has(m.body, part)) << part;
}

TEST(SearchReminderMessage, CopiesTheIgManager) {
  auto m = SearchReminderMessage(Record(), Task(), Area(), Context(), "ig.manager@council.example");
  EXPECT_EQ(m.to, std::vector<std::string>{"pat.jones@council.example"});
  EXPECT_EQ(m.cc, std::vector<std::string>{"ig.manager@council.example"});
  EXPECT_TRUE(Has(m.subject, "Reminder"));
  EXPECT_TRUE(Has(m.body, "2025-09-08"));
}

TEST(SearchEscalationMessage, GoesToHeadOfComplianceAndDirector) {
  auto m = SearchEscalationMessage(Record(), Task(), Area(), Context(), "compliance@council.example",
                                   "ig.manager@council.example");
  EXPECT_EQ(m.to, (std::vector<std::string>{"compliance@council.example", "director.cs@council.example"}));
  EXPECT_EQ(m.cc, std::vector<std::string>{"ig.manager@council.example"});
  EXPECT_TRUE(Has(m.body, "2025-09-16"));
}

TEST(ServiceAreaFromJson, RoundTrips) {
  auto a = ServiceAreaFromJson(ToJson(Area()));
  ASSERT_TRUE(a.ok()) << a.status().ToString();
  EXPECT_EQ(a->systems, Area().systems);
  EXPECT_EQ(a->director_email, "director.cs@council.example");
}

TEST(ServiceAreaFromJson, RefusesBadIdsAndAddresses) {
  auto j = ToJson(Area());
  j["id"] = "Children's";
  EXPECT_FALSE(ServiceAreaFromJson(j).ok());
  j = ToJson(Area());
  j["contact_email"] = "pat jones";
  EXPECT_NE(ServiceAreaFromJson(j).status().message().find("contact_email"), std::string::npos);
  j = ToJson(Area());
  j["colour"] = "blue";
  EXPECT_NE(ServiceAreaFromJson(j).status().message().find("colour"), std::string::npos);
}

}  // namespace
}  // namespace sardesk::casework
