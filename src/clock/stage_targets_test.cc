#include "clock/stage_targets.h"

#include <gtest/gtest.h>

#include <string>

namespace sardesk::clock {
namespace {

Date D(std::string_view text) { return Date::Parse(text).value(); }

constexpr Stage kStages[] = {Stage::kValidate, Stage::kSearch, Stage::kCollate,
                             Stage::kRedact,   Stage::kQa,     Stage::kRelease};

TEST(Stage, NamesAreTheProcedureNames) {
  EXPECT_STREQ(StageName(Stage::kValidate), "validate");
  EXPECT_STREQ(StageName(Stage::kSearch), "search");
  EXPECT_STREQ(StageName(Stage::kCollate), "collate");
  EXPECT_STREQ(StageName(Stage::kRedact), "redact");
  EXPECT_STREQ(StageName(Stage::kQa), "qa");
  EXPECT_STREQ(StageName(Stage::kRelease), "release");
}

TEST(Stage, NameRoundTripsThroughParse) {
  for (Stage s : kStages) EXPECT_EQ(*ParseStage(StageName(s)), s);
}

TEST(Stage, ParseRejectsUnknownNamesListingTheValidOnes) {
  auto s = ParseStage("QA");
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.status().code(), ErrorCode::kInvalidArgument);
  EXPECT_NE(s.status().message().find("validate, search, collate, redact, qa or release"),
            std::string::npos);
}

TEST(StageTargets, DefaultsAreTheCouncilProcedure) {
  StageTargets t;
  EXPECT_EQ(t.DaysFor(Stage::kValidate), 1);
  EXPECT_EQ(t.DaysFor(Stage::kSearch), 5);
  EXPECT_EQ(t.DaysFor(Stage::kCollate), 5);
  EXPECT_EQ(t.DaysFor(Stage::kRedact), 10);
  EXPECT_EQ(t.DaysFor(Stage::kQa), 6);
  EXPECT_EQ(t.DaysFor(Stage::kRelease), 3);
}

TEST(StageTargets, DaysForReadsTheConfiguredValue) {
  StageTargets t;
  t.redact = 15;
  EXPECT_EQ(t.DaysFor(Stage::kRedact), 15);
}

TEST(StageDue, RollsAWeekendTargetToMonday) {
  HolidayCalendar none;
  // 1 Sep 2025 + 5 days = Saturday 6 Sep.
  EXPECT_EQ(StageDue(none, Region::kEnglandAndWales, D("2025-09-01"), 5, std::nullopt),
            D("2025-09-08"));
}

TEST(StageDue, AddsCalendarDays) {
  HolidayCalendar none;
  EXPECT_EQ(StageDue(none, Region::kEnglandAndWales, D("2025-09-01"), 3, std::nullopt),
            D("2025-09-04"));
}

TEST(StageDue, RollsPastBankHolidaysOfTheRegion) {
  const HolidayCalendar& cal = HolidayCalendar::BuiltIn();
  // 22 Aug 2025 + 3 days = Mon 25 Aug: a holiday in England, not Scotland.
  EXPECT_EQ(StageDue(cal, Region::kEnglandAndWales, D("2025-08-22"), 3, std::nullopt),
            D("2025-08-26"));
  EXPECT_EQ(StageDue(cal, Region::kScotland, D("2025-08-22"), 3, std::nullopt), D("2025-08-25"));
}

TEST(StageDue, NeverLaterThanTheCap) {
  HolidayCalendar none;
  EXPECT_EQ(StageDue(none, Region::kEnglandAndWales, D("2025-09-01"), 10, D("2025-09-05")),
            D("2025-09-05"));
}

TEST(StageDue, CapLaterThanTheTargetChangesNothing) {
  HolidayCalendar none;
  EXPECT_EQ(StageDue(none, Region::kEnglandAndWales, D("2025-09-01"), 3, D("2025-10-01")),
            D("2025-09-04"));
}

TEST(StageDue, CapAppliesAfterTheWorkingDayRoll) {
  HolidayCalendar none;
  // 1 Sep + 5 = Sat 6 Sep -> Mon 8 Sep, capped at Fri 5 Sep.
  EXPECT_EQ(StageDue(none, Region::kEnglandAndWales, D("2025-09-01"), 5, D("2025-09-05")),
            D("2025-09-05"));
}

}  // namespace
}  // namespace sardesk::clock
