#include "clock/statutory_clock.h"

#include <gtest/gtest.h>

#include <string>

namespace sardesk::clock {
namespace {

Date D(std::string_view text) { return Date::Parse(text).value(); }

const HolidayCalendar& Cal() { return HolidayCalendar::BuiltIn(); }

// A SAR received on `received`, nothing else required, looked at 10 days on.
ClockInputs Sar(std::string_view received, Region region = Region::kEnglandAndWales) {
  ClockInputs in;
  in.received = D(received);
  in.today = in.received.AddDays(10);
  in.region = region;
  return in;
}

ClockState Compute(const ClockInputs& in, const HolidayCalendar& cal = Cal()) {
  auto state = ComputeClock(cal, in);
  EXPECT_TRUE(state.ok()) << state.status().ToString();
  return state.ok() ? *state : ClockState{};
}

std::optional<Date> Due(std::string_view received, Region region = Region::kEnglandAndWales) {
  return Compute(Sar(received, region)).due;
}

// --- One calendar month: the ICO's examples -------------------------------

TEST(OneCalendarMonth, ThirdSeptemberIsDueThirdOctober) {
  EXPECT_EQ(Due("2025-09-03"), D("2025-10-03"));
}

TEST(OneCalendarMonth, ThirtyFirstJanuaryIsDueTwentyEighthFebruary) {
  EXPECT_EQ(Due("2025-01-31"), D("2025-02-28"));
}

TEST(OneCalendarMonth, ThirtyFirstJanuaryInALeapYearIsDueTwentyNinthFebruary) {
  EXPECT_EQ(Due("2024-01-31"), D("2024-02-29"));
}

TEST(OneCalendarMonth, ThirtyFirstMarchIsDueThirtiethApril) {
  EXPECT_EQ(Due("2025-03-31"), D("2025-04-30"));
}

TEST(OneCalendarMonth, ThirtyFirstAugustIsDueThirtiethSeptember) {
  EXPECT_EQ(Due("2025-08-31"), D("2025-09-30"));
}

TEST(OneCalendarMonth, TwentyNinthFebruaryIsDueTwentyNinthMarch) {
  HolidayCalendar no_holidays;  // 29 Mar 2024 was Good Friday
  EXPECT_EQ(Compute(Sar("2024-02-29"), no_holidays).due, D("2024-03-29"));
}

TEST(OneCalendarMonth, StartsOnTheDayOfReceiptEvenAtAWeekend) {
  ClockState s = Compute(Sar("2025-09-20"));  // a Saturday
  EXPECT_EQ(s.start, D("2025-09-20"));
  EXPECT_EQ(s.due, D("2025-10-20"));
}

// --- Rolling on to a working day -------------------------------------------

TEST(OneCalendarMonth, DueOnSaturdayMovesToMonday) {
  EXPECT_EQ(Due("2025-08-06"), D("2025-09-08"));  // 6 Sep 2025 is a Saturday
}

TEST(OneCalendarMonth, DueOnChristmasDayMovesPastBoxingDayAndTheWeekend) {
  EXPECT_EQ(Due("2025-11-25"), D("2025-12-29"));
}

TEST(OneCalendarMonth, DueOnGoodFridayMovesPastEasterMondayInEngland) {
  EXPECT_EQ(Due("2024-02-29"), D("2024-04-02"));
}

TEST(OneCalendarMonth, DueOnGoodFridayMovesOnlyToEasterMondayInScotland) {
  EXPECT_EQ(Due("2024-02-29", Region::kScotland), D("2024-04-01"));
}

TEST(OneCalendarMonth, EasterMonday2025MovesTheDueDateExceptInScotland) {
  EXPECT_EQ(Due("2025-03-21", Region::kEnglandAndWales), D("2025-04-22"));
  EXPECT_EQ(Due("2025-03-21", Region::kNorthernIreland), D("2025-04-22"));
  EXPECT_EQ(Due("2025-03-21", Region::kScotland), D("2025-04-21"));
}

TEST(OneCalendarMonth, SecondJanuaryMovesTheDueDateOnlyInScotland) {
  EXPECT_EQ(Due("2024-12-02", Region::kScotland), D("2025-01-03"));
  EXPECT_EQ(Due("2024-12-02", Region::kEnglandAndWales), D("2025-01-02"));
}

TEST(OneCalendarMonth, StPatricksDayMovesTheDueDateOnlyInNorthernIreland) {
  EXPECT_EQ(Due("2025-02-17", Region::kNorthernIreland), D("2025-03-18"));
  EXPECT_EQ(Due("2025-02-17", Region::kEnglandAndWales), D("2025-03-17"));
}

TEST(OneCalendarMonth, StAndrewsDayMovesTheDueDateOnlyInScotland) {
  EXPECT_EQ(Due("2026-10-30", Region::kScotland), D("2026-12-01"));
  EXPECT_EQ(Due("2026-10-30", Region::kEnglandAndWales), D("2026-11-30"));
}

TEST(OneCalendarMonth, NewlyAnnouncedHolidayMovesTheDueDate) {
  HolidayCalendar cal = Cal();
  ASSERT_EQ(Compute(Sar("2025-09-03"), cal).due, D("2025-10-03"));
  cal.Add({Region::kEnglandAndWales, D("2025-10-03"), "Special bank holiday"});
  EXPECT_EQ(Compute(Sar("2025-09-03"), cal).due, D("2025-10-06"));
}

// --- When the clock starts --------------------------------------------------

TEST(ClockStart, IsTheIdentityDateWhenLaterThanReceipt) {
  ClockInputs in = Sar("2025-09-03");
  in.identity_required = true;
  in.identity_verified = D("2025-09-08");
  ClockState s = Compute(in);
  EXPECT_TRUE(s.started);
  EXPECT_EQ(s.start, D("2025-09-08"));
  EXPECT_EQ(s.due, D("2025-10-08"));
}

TEST(ClockStart, IsTheAuthorityDateWhenLatest) {
  ClockInputs in = Sar("2025-09-03");
  in.identity_required = true;
  in.identity_verified = D("2025-09-05");
  in.authority_required = true;
  in.authority_verified = D("2025-09-09");
  EXPECT_EQ(Compute(in).start, D("2025-09-09"));
}

TEST(ClockStart, IsTheFeeDateWhenLatest) {
  ClockInputs in = Sar("2025-09-03");
  in.identity_required = true;
  in.identity_verified = D("2025-09-05");
  in.fee_required = true;
  in.fee_received = D("2025-09-11");
  EXPECT_EQ(Compute(in).start, D("2025-09-11"));
}

TEST(ClockStart, IsTheReceiptDateWhenTheChecksCameEarlier) {
  ClockInputs in = Sar("2025-09-03");
  in.identity_required = true;
  in.identity_verified = D("2025-09-01");  // ID sent ahead of the request
  EXPECT_EQ(Compute(in).start, D("2025-09-03"));
}

TEST(ClockStart, IgnoresDatesOfChecksThatAreNotRequired) {
  ClockInputs in = Sar("2025-09-03");
  in.identity_verified = D("2025-09-10");
  in.fee_received = D("2025-09-12");
  EXPECT_EQ(Compute(in).start, D("2025-09-03"));
}

TEST(ClockStart, HasNotStartedWhileRequiredIdentityIsMissing) {
  ClockInputs in = Sar("2025-09-03");
  in.identity_required = true;
  ClockState s = Compute(in);
  EXPECT_FALSE(s.started);
  EXPECT_EQ(s.start, std::nullopt);
  EXPECT_EQ(s.due, std::nullopt);
  EXPECT_EQ(s.unextended_due, std::nullopt);
  EXPECT_EQ(s.waiting_for, "identity");
}

TEST(ClockStart, WaitingForNamesEverythingMissing) {
  ClockInputs in = Sar("2025-09-03");
  in.identity_required = true;
  in.authority_required = true;
  in.fee_required = true;
  in.authority_verified = D("2025-09-04");
  EXPECT_EQ(Compute(in).waiting_for, "identity, fee");
  in.authority_verified.reset();
  EXPECT_EQ(Compute(in).waiting_for, "identity, authority, fee");
}

TEST(ClockStart, WaitingForIsEmptyOnceStarted) {
  EXPECT_EQ(Compute(Sar("2025-09-03")).waiting_for, "");
}

// --- Pauses for clarification -----------------------------------------------

TEST(Pauses, ClosedPauseAddsItsDaysToTheDueDate) {
  ClockInputs in = Sar("2025-09-03");
  in.pauses = {{D("2025-09-10"), D("2025-09-15")}};
  ClockState s = Compute(in);
  EXPECT_EQ(s.paused_days, 5);
  EXPECT_FALSE(s.paused_now);
  EXPECT_EQ(s.due, D("2025-10-08"));
}

TEST(Pauses, OpenPauseCountsUpToToday) {
  ClockInputs in = Sar("2025-09-03");
  in.pauses = {{D("2025-09-10"), std::nullopt}};
  in.today = D("2025-09-17");
  ClockState s = Compute(in);
  EXPECT_EQ(s.paused_days, 7);
  EXPECT_TRUE(s.paused_now);
  EXPECT_EQ(s.due, D("2025-10-10"));
}

TEST(Pauses, PauseEntirelyBeforeTheStartCountsNothing) {
  ClockInputs in = Sar("2025-09-03");
  in.identity_required = true;
  in.identity_verified = D("2025-09-10");
  in.pauses = {{D("2025-09-04"), D("2025-09-08")}};
  ClockState s = Compute(in);
  EXPECT_EQ(s.paused_days, 0);
  EXPECT_EQ(s.due, D("2025-10-10"));
}

TEST(Pauses, PauseSpanningTheStartCountsFromTheStart) {
  ClockInputs in = Sar("2025-09-03");
  in.identity_required = true;
  in.identity_verified = D("2025-09-10");
  in.pauses = {{D("2025-09-05"), D("2025-09-12")}};
  ClockState s = Compute(in);
  EXPECT_EQ(s.paused_days, 2);
  EXPECT_EQ(s.due, D("2025-10-13"));  // 12 Oct is a Sunday
}

TEST(Pauses, OverlappingPausesAreNotDoubleCounted) {
  ClockInputs in = Sar("2025-09-03");
  in.pauses = {{D("2025-09-12"), D("2025-09-20")},
               {D("2025-09-10"), D("2025-09-15")},
               {D("2025-09-13"), D("2025-09-14")}};  // inside the first
  ClockState s = Compute(in);
  EXPECT_EQ(s.paused_days, 10);
  EXPECT_EQ(s.due, D("2025-10-13"));
}

TEST(Pauses, SeparatePausesAddUp) {
  ClockInputs in = Sar("2025-09-03");
  in.pauses = {{D("2025-09-05"), D("2025-09-07")}, {D("2025-09-10"), D("2025-09-13")}};
  EXPECT_EQ(Compute(in).paused_days, 5);
}

TEST(Pauses, AreAddedAfterTheMonthArithmetic) {
  // 29 Jan + 1 month = 28 Feb, + 2 days = 2 Mar (a Sunday) -> 3 Mar. Adding
  // the days first would give 31 Jan + 1 month = 28 Feb.
  ClockInputs in = Sar("2025-01-29");
  in.pauses = {{D("2025-02-03"), D("2025-02-05")}};
  EXPECT_EQ(Compute(in).due, D("2025-03-03"));
}

TEST(Pauses, AnsweredBeforeAskedIsInvalid) {
  ClockInputs in = Sar("2025-09-03");
  in.pauses = {{D("2025-09-10"), D("2025-09-09")}};
  auto s = ComputeClock(Cal(), in);
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.status().code(), ErrorCode::kInvalidArgument);
}

TEST(Pauses, OpenPauseIsReportedEvenBeforeTheClockStarts) {
  ClockInputs in = Sar("2025-09-03");
  in.identity_required = true;
  in.pauses = {{D("2025-09-05"), std::nullopt}};
  ClockState s = Compute(in);
  EXPECT_FALSE(s.started);
  EXPECT_TRUE(s.paused_now);
  EXPECT_EQ(s.paused_days, 0);
}

// --- Extensions -------------------------------------------------------------

TEST(Extension, OneMonthCountsFromTheOriginalStart) {
  ClockInputs in = Sar("2025-09-03");
  in.extension_months = 1;
  ClockState s = Compute(in);
  EXPECT_EQ(s.due, D("2025-11-03"));
  EXPECT_EQ(s.unextended_due, D("2025-10-03"));
  EXPECT_EQ(s.extension_months, 1);
}

TEST(Extension, TwoMonthsGiveThreeMonthsInAll) {
  ClockInputs in = Sar("2025-09-03");
  in.extension_months = 2;
  EXPECT_EQ(Compute(in).due, D("2025-12-03"));
}

TEST(Extension, MonthEndIsClampedOnceFromTheStart) {
  // 31 Jan + 3 months = 30 Apr, not 28 Feb + 2 months = 28 Apr.
  ClockInputs in = Sar("2025-01-31");
  in.extension_months = 2;
  EXPECT_EQ(Compute(in).due, D("2025-04-30"));
}

TEST(Extension, ThirtiethNovemberPlusThreeMonthsIsTheEndOfFebruary) {
  ClockInputs leap = Sar("2023-11-30");
  leap.extension_months = 2;
  EXPECT_EQ(Compute(leap).due, D("2024-02-29"));
  ClockInputs common = Sar("2024-11-30");
  common.extension_months = 2;
  EXPECT_EQ(Compute(common).due, D("2025-02-28"));
}

TEST(Extension, KeepsPausedDaysInBothDueDates) {
  ClockInputs in = Sar("2025-09-03");
  in.extension_months = 1;
  in.pauses = {{D("2025-09-10"), D("2025-09-15")}};
  ClockState s = Compute(in);
  EXPECT_EQ(s.unextended_due, D("2025-10-08"));
  EXPECT_EQ(s.due, D("2025-11-10"));  // 8 Nov is a Saturday
}

TEST(Extension, ThreeMonthsIsRejected) {
  ClockInputs in = Sar("2025-09-03");
  in.extension_months = 3;
  auto s = ComputeClock(Cal(), in);
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.status().code(), ErrorCode::kInvalidArgument);
  EXPECT_NE(s.status().message().find("0, 1 or 2"), std::string::npos);
}

TEST(Extension, NegativeIsRejected) {
  ClockInputs in = Sar("2025-09-03");
  in.extension_months = -1;
  EXPECT_FALSE(ComputeClock(Cal(), in).ok());
}

TEST(ExtensionAllowedOn, AllowsTheUnextendedDueDayItself) {
  ClockState s = Compute(Sar("2025-09-03"));
  EXPECT_TRUE(ExtensionAllowedOn(s, D("2025-10-03")));
  EXPECT_TRUE(ExtensionAllowedOn(s, D("2025-09-04")));
}

TEST(ExtensionAllowedOn, RefusesTheDayAfterTheUnextendedDue) {
  ClockState s = Compute(Sar("2025-09-03"));
  EXPECT_FALSE(ExtensionAllowedOn(s, D("2025-10-04")));
}

TEST(ExtensionAllowedOn, RefusesBeforeTheClockStarts) {
  ClockInputs in = Sar("2025-09-03");
  in.identity_required = true;
  EXPECT_FALSE(ExtensionAllowedOn(Compute(in), D("2025-09-04")));
}

TEST(ExtensionAllowedOn, RefusesFoiRequests) {
  ClockInputs in = Sar("2025-09-01");
  in.rule = DeadlineRule::kTwentyWorkingDays;
  EXPECT_FALSE(ExtensionAllowedOn(Compute(in), D("2025-09-02")));
}

// --- FOI / EIR: twenty working days -------------------------------------------

TEST(TwentyWorkingDays, SkipsBankHolidaysOfTheRegion) {
  // Received Mon 14 Apr 2025: Good Friday, Easter Monday and 5 May fall inside.
  ClockInputs in = Sar("2025-04-14");
  in.rule = DeadlineRule::kTwentyWorkingDays;
  EXPECT_EQ(Compute(in).due, D("2025-05-15"));
  in.region = Region::kScotland;  // no Easter Monday holiday
  EXPECT_EQ(Compute(in).due, D("2025-05-14"));
}

TEST(TwentyWorkingDays, DoesNotCountTheDayOfReceipt) {
  ClockInputs in = Sar("2025-09-01");  // Monday, no holidays in September
  in.rule = DeadlineRule::kTwentyWorkingDays;
  EXPECT_EQ(Compute(in).due, D("2025-09-29"));
}

TEST(TwentyWorkingDays, AddsPausedCalendarDaysThenRollsToAWorkingDay) {
  ClockInputs in = Sar("2025-09-01");
  in.rule = DeadlineRule::kTwentyWorkingDays;
  in.pauses = {{D("2025-09-10"), D("2025-09-15")}};
  EXPECT_EQ(Compute(in).due, D("2025-10-06"));  // 29 Sep + 5 = Sat 4 Oct
}

TEST(TwentyWorkingDays, HasNoUnextendedDue) {
  ClockInputs in = Sar("2025-09-01");
  in.rule = DeadlineRule::kTwentyWorkingDays;
  EXPECT_EQ(Compute(in).unextended_due, std::nullopt);
}

TEST(TwentyWorkingDays, CannotBeExtendedByMonths) {
  ClockInputs in = Sar("2025-09-01");
  in.rule = DeadlineRule::kTwentyWorkingDays;
  in.extension_months = 1;
  auto s = ComputeClock(Cal(), in);
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.status().message(), "FOI/EIR requests cannot be extended by months");
}

// --- No statutory deadline ----------------------------------------------------

TEST(NoDeadline, StartsButHasNoDueDate) {
  ClockInputs in = Sar("2025-09-03");
  in.rule = DeadlineRule::kNone;
  ClockState s = Compute(in);
  EXPECT_TRUE(s.started);
  EXPECT_EQ(s.start, D("2025-09-03"));
  EXPECT_EQ(s.due, std::nullopt);
  EXPECT_EQ(s.unextended_due, std::nullopt);
}

TEST(NoDeadline, StillWaitsForRequiredIdentity) {
  ClockInputs in = Sar("2025-09-03");
  in.rule = DeadlineRule::kNone;
  in.identity_required = true;
  ClockState s = Compute(in);
  EXPECT_FALSE(s.started);
  EXPECT_EQ(s.waiting_for, "identity");
}

TEST(NoDeadline, CannotBeExtended) {
  ClockInputs in = Sar("2025-09-03");
  in.rule = DeadlineRule::kNone;
  in.extension_months = 1;
  EXPECT_FALSE(ComputeClock(Cal(), in).ok());
}

// --- The core formula -----------------------------------------------------------

TEST(OneMonthDue, AddsMonthsThenPausedDaysThenRolls) {
  HolidayCalendar none;
  const Region ew = Region::kEnglandAndWales;
  EXPECT_EQ(OneMonthDue(none, ew, D("2025-01-31"), 0, 0), D("2025-02-28"));
  EXPECT_EQ(OneMonthDue(none, ew, D("2025-01-31"), 0, 3), D("2025-03-03"));
  EXPECT_EQ(OneMonthDue(none, ew, D("2025-11-30"), 2, 0), D("2026-03-02"));  // Sat 28 Feb
}

TEST(CheckExtension, FollowsTheRule) {
  EXPECT_TRUE(CheckExtension(DeadlineRule::kOneCalendarMonth, 2).ok());
  EXPECT_FALSE(CheckExtension(DeadlineRule::kOneCalendarMonth, 3).ok());
  EXPECT_TRUE(CheckExtension(DeadlineRule::kTwentyWorkingDays, 0).ok());
  EXPECT_FALSE(CheckExtension(DeadlineRule::kTwentyWorkingDays, 1).ok());
}

}  // namespace
}  // namespace sardesk::clock
