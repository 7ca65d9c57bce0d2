#include "clock/bank_holidays.h"

#include <gtest/gtest.h>

#include <string>

namespace sardesk::clock {
namespace {

Date D(std::string_view text) { return Date::Parse(text).value(); }

const HolidayCalendar& Cal() { return HolidayCalendar::BuiltIn(); }

// A minimal valid gov.uk document around the given England-and-Wales events.
std::string GovUk(const std::string& ew_events) {
  return R"({"england-and-wales": {"division": "england-and-wales", "events": [)" + ew_events +
         R"(]}, "scotland": {"division": "scotland", "events": []},
            "northern-ireland": {"division": "northern-ireland", "events": []}})";
}

TEST(Region, ParsesGovUkDivisionNames) {
  EXPECT_EQ(*ParseRegion("england-and-wales"), Region::kEnglandAndWales);
  EXPECT_EQ(*ParseRegion("scotland"), Region::kScotland);
  EXPECT_EQ(*ParseRegion("northern-ireland"), Region::kNorthernIreland);
}

TEST(Region, RejectsUnknownNamesListingTheValidOnes) {
  auto r = ParseRegion("wales");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), ErrorCode::kInvalidArgument);
  EXPECT_NE(r.status().message().find("england-and-wales, scotland or northern-ireland"),
            std::string::npos);
}

TEST(Region, NameRoundTripsThroughParse) {
  for (Region r : {Region::kEnglandAndWales, Region::kScotland, Region::kNorthernIreland})
    EXPECT_EQ(*ParseRegion(RegionName(r)), r);
}

TEST(BuiltInCalendar, EmbedsEveryEventOfTheDataFile) {
  EXPECT_EQ(Cal().List(Region::kEnglandAndWales).size(), 83u);
  EXPECT_EQ(Cal().List(Region::kScotland).size(), 93u);
  EXPECT_EQ(Cal().List(Region::kNorthernIreland).size(), 103u);
}

TEST(BuiltInCalendar, EasterMonday2025IsNotAHolidayInScotland) {
  EXPECT_TRUE(Cal().IsHoliday(Region::kEnglandAndWales, D("2025-04-21")));
  EXPECT_TRUE(Cal().IsHoliday(Region::kNorthernIreland, D("2025-04-21")));
  EXPECT_FALSE(Cal().IsHoliday(Region::kScotland, D("2025-04-21")));
}

TEST(BuiltInCalendar, SecondJanuary2025IsAHolidayOnlyInScotland) {
  EXPECT_TRUE(Cal().IsHoliday(Region::kScotland, D("2025-01-02")));
  EXPECT_FALSE(Cal().IsHoliday(Region::kEnglandAndWales, D("2025-01-02")));
  EXPECT_FALSE(Cal().IsHoliday(Region::kNorthernIreland, D("2025-01-02")));
}

TEST(BuiltInCalendar, StPatricksDay2025IsAHolidayOnlyInNorthernIreland) {
  EXPECT_TRUE(Cal().IsHoliday(Region::kNorthernIreland, D("2025-03-17")));
  EXPECT_FALSE(Cal().IsHoliday(Region::kEnglandAndWales, D("2025-03-17")));
  EXPECT_FALSE(Cal().IsHoliday(Region::kScotland, D("2025-03-17")));
}

TEST(BuiltInCalendar, BattleOfTheBoyne2025IsAHolidayOnlyInNorthernIreland) {
  EXPECT_TRUE(Cal().IsHoliday(Region::kNorthernIreland, D("2025-07-14")));
  EXPECT_FALSE(Cal().IsHoliday(Region::kEnglandAndWales, D("2025-07-14")));
  EXPECT_FALSE(Cal().IsHoliday(Region::kScotland, D("2025-07-14")));
}

TEST(BuiltInCalendar, StAndrewsDayAndItsSubstituteAreHolidaysOnlyInScotland) {
  // 2025: 30 Nov is a Sunday, so the substitute is Monday 1 Dec.
  EXPECT_TRUE(Cal().IsHoliday(Region::kScotland, D("2025-12-01")));
  EXPECT_FALSE(Cal().IsHoliday(Region::kEnglandAndWales, D("2025-12-01")));
  // 2026: 30 Nov is a Monday.
  EXPECT_TRUE(Cal().IsHoliday(Region::kScotland, D("2026-11-30")));
  EXPECT_FALSE(Cal().IsHoliday(Region::kNorthernIreland, D("2026-11-30")));
}

TEST(BuiltInCalendar, ListsHolidaysWithTheirTitles) {
  auto list = Cal().List(Region::kScotland);
  ASSERT_FALSE(list.empty());
  EXPECT_EQ(list.front().date, D("2018-01-01"));
  EXPECT_EQ(list.front().title, "New Year's Day");
  EXPECT_EQ(list.front().region, Region::kScotland);
}

TEST(BuiltInCalendar, LastKnownDateIsTheLatestHoliday) {
  EXPECT_EQ(Cal().LastKnownDate(Region::kEnglandAndWales), D("2027-12-28"));
}

TEST(HolidayCalendar, EmptyCalendarHasNoLastKnownDate) {
  EXPECT_EQ(HolidayCalendar().LastKnownDate(Region::kScotland), std::nullopt);
}

TEST(HolidayCalendar, WeekendsAreNotWorkingDays) {
  HolidayCalendar empty;
  EXPECT_FALSE(empty.IsWorkingDay(Region::kEnglandAndWales, D("2025-09-06")));  // Saturday
  EXPECT_FALSE(empty.IsWorkingDay(Region::kEnglandAndWales, D("2025-09-07")));  // Sunday
  EXPECT_TRUE(empty.IsWorkingDay(Region::kEnglandAndWales, D("2025-09-08")));   // Monday
}

TEST(HolidayCalendar, BankHolidaysAreNotWorkingDays) {
  EXPECT_FALSE(Cal().IsWorkingDay(Region::kEnglandAndWales, D("2025-08-25")));
  EXPECT_TRUE(Cal().IsWorkingDay(Region::kScotland, D("2025-08-25")));
}

TEST(HolidayCalendar, NextWorkingDayOfAWorkingDayIsItself) {
  EXPECT_EQ(Cal().NextWorkingDayOnOrAfter(Region::kEnglandAndWales, D("2025-09-03")),
            D("2025-09-03"));
}

TEST(HolidayCalendar, NextWorkingDaySkipsTheChristmasChain) {
  // Thu 25 and Fri 26 Dec 2025 are holidays, then a weekend.
  EXPECT_EQ(Cal().NextWorkingDayOnOrAfter(Region::kEnglandAndWales, D("2025-12-25")),
            D("2025-12-29"));
}

TEST(HolidayCalendar, AddWorkingDaysDoesNotCountTheStartDay) {
  HolidayCalendar empty;
  EXPECT_EQ(empty.AddWorkingDays(Region::kEnglandAndWales, D("2025-09-01"), 1), D("2025-09-02"));
}

TEST(HolidayCalendar, AddWorkingDaysSkipsWeekends) {
  HolidayCalendar empty;
  // Friday + 1 working day = Monday.
  EXPECT_EQ(empty.AddWorkingDays(Region::kEnglandAndWales, D("2025-09-05"), 1), D("2025-09-08"));
}

TEST(HolidayCalendar, AddWorkingDaysSkipsBankHolidaysOfTheRegionOnly) {
  // Friday 22 Aug 2025; Monday 25 Aug is a holiday in England but not Scotland.
  EXPECT_EQ(Cal().AddWorkingDays(Region::kEnglandAndWales, D("2025-08-22"), 1), D("2025-08-26"));
  EXPECT_EQ(Cal().AddWorkingDays(Region::kScotland, D("2025-08-22"), 1), D("2025-08-25"));
}

TEST(HolidayCalendar, AddZeroWorkingDaysIsTheSameDay) {
  EXPECT_EQ(Cal().AddWorkingDays(Region::kEnglandAndWales, D("2025-09-06"), 0), D("2025-09-06"));
}

TEST(HolidayCalendar, AddNegativeWorkingDaysCountsBack) {
  // Tuesday 26 Aug 2025 - 1 working day in England = Friday 22 Aug.
  EXPECT_EQ(Cal().AddWorkingDays(Region::kEnglandAndWales, D("2025-08-26"), -1), D("2025-08-22"));
}

TEST(HolidayCalendar, AddMakesANewlyAnnouncedHolidayANonWorkingDay) {
  HolidayCalendar cal = Cal();
  ASSERT_TRUE(cal.IsWorkingDay(Region::kEnglandAndWales, D("2026-06-08")));
  cal.Add({Region::kEnglandAndWales, D("2026-06-08"), "Special bank holiday"});
  EXPECT_TRUE(cal.IsHoliday(Region::kEnglandAndWales, D("2026-06-08")));
  EXPECT_FALSE(cal.IsHoliday(Region::kScotland, D("2026-06-08")));
  EXPECT_FALSE(Cal().IsHoliday(Region::kEnglandAndWales, D("2026-06-08")));  // a copy
}

TEST(HolidayCalendar, AddIgnoresDuplicates) {
  HolidayCalendar cal;
  cal.Add({Region::kScotland, D("2025-01-02"), "2nd January"});
  cal.Add({Region::kScotland, D("2025-01-02"), "Duplicate"});
  auto list = cal.List(Region::kScotland);
  ASSERT_EQ(list.size(), 1u);
  EXPECT_EQ(list[0].title, "2nd January");
}

TEST(HolidayCalendar, ListIsSortedByDate) {
  HolidayCalendar cal;
  cal.Add({Region::kEnglandAndWales, D("2025-12-26"), "Boxing Day"});
  cal.Add({Region::kEnglandAndWales, D("2025-01-01"), "New Year's Day"});
  cal.Add({Region::kEnglandAndWales, D("2025-04-18"), "Good Friday"});
  auto list = cal.List(Region::kEnglandAndWales);
  ASSERT_EQ(list.size(), 3u);
  EXPECT_EQ(list[0].date, D("2025-01-01"));
  EXPECT_EQ(list[1].date, D("2025-04-18"));
  EXPECT_EQ(list[2].date, D("2025-12-26"));
}

TEST(HolidayCalendarJson, ParsesEventsWithNotesAndBunting) {
  auto cal = HolidayCalendar::FromGovUkJson(GovUk(
      R"({"title": "Christmas Day", "date": "2025-12-25", "notes": "", "bunting": true})"));
  ASSERT_TRUE(cal.ok()) << cal.status().ToString();
  EXPECT_TRUE(cal->IsHoliday(Region::kEnglandAndWales, D("2025-12-25")));
  EXPECT_FALSE(cal->IsHoliday(Region::kScotland, D("2025-12-25")));
}

TEST(HolidayCalendarJson, RejectsMalformedJsonWithAMessage) {
  auto cal = HolidayCalendar::FromGovUkJson(R"({"england-and-wales": {"events": [)");
  ASSERT_FALSE(cal.ok());
  EXPECT_EQ(cal.status().code(), ErrorCode::kInvalidArgument);
  EXPECT_NE(cal.status().message().find("not valid JSON"), std::string::npos);
}

TEST(HolidayCalendarJson, RejectsADocumentThatIsNotAnObject) {
  auto cal = HolidayCalendar::FromGovUkJson("[1, 2, 3]");
  ASSERT_FALSE(cal.ok());
  EXPECT_NE(cal.status().message().find("object keyed by region"), std::string::npos);
}

TEST(HolidayCalendarJson, RejectsAMissingRegion) {
  auto cal = HolidayCalendar::FromGovUkJson(
      R"({"england-and-wales": {"events": []}, "scotland": {"events": []}})");
  ASSERT_FALSE(cal.ok());
  EXPECT_NE(cal.status().message().find("'northern-ireland'"), std::string::npos);
}

TEST(HolidayCalendarJson, RejectsEventsThatAreNotAnArray) {
  auto cal = HolidayCalendar::FromGovUkJson(
      R"({"england-and-wales": {"events": {}}, "scotland": {"events": []},
          "northern-ireland": {"events": []}})");
  ASSERT_FALSE(cal.ok());
  EXPECT_NE(cal.status().message().find("'events' array"), std::string::npos);
}

TEST(HolidayCalendarJson, RejectsAnEventWithoutADate) {
  auto cal = HolidayCalendar::FromGovUkJson(GovUk(R"({"title": "Christmas Day"})"));
  ASSERT_FALSE(cal.ok());
  EXPECT_NE(cal.status().message().find("event 1"), std::string::npos);
}

TEST(HolidayCalendarJson, RejectsABadDateNamingIt) {
  auto cal = HolidayCalendar::FromGovUkJson(GovUk(
      R"({"title": "New Year's Day", "date": "2025-01-01"},
         {"title": "Nonsense", "date": "2025-02-30"})"));
  ASSERT_FALSE(cal.ok());
  EXPECT_EQ(cal.status().code(), ErrorCode::kInvalidArgument);
  EXPECT_NE(cal.status().message().find("england-and-wales event 2"), std::string::npos);
  EXPECT_NE(cal.status().message().find("2025-02-30"), std::string::npos);
}

TEST(HolidayCalendarJson, RejectsADateThatIsNotAString) {
  auto cal = HolidayCalendar::FromGovUkJson(GovUk(R"({"title": "X", "date": 20250101})"));
  EXPECT_FALSE(cal.ok());
}

}  // namespace
}  // namespace sardesk::clock
