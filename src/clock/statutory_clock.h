// The statutory clock: when a request's legal deadline starts, pauses and
// falls, following the ICO's guidance. Pure functions over dates.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "clock/bank_holidays.h"
#include "common/date.h"
#include "common/result.h"

namespace sardesk::clock {

enum class DeadlineRule {
  kOneCalendarMonth,   // SAR under UK GDPR and DPA Part 3
  kTwentyWorkingDays,  // FOI and EIR
  kNone,               // other disclosures: no statutory deadline
};

// A request for clarification: asked on `from`, answered on `until`; open
// (still waiting) when there is no `until`.
struct Pause {
  Date from;
  std::optional<Date> until;
};

struct ClockInputs {
  DeadlineRule rule = DeadlineRule::kOneCalendarMonth;
  Date received;
  bool identity_required = false;
  std::optional<Date> identity_verified;
  bool authority_required = false;  // third party acting for the data subject
  std::optional<Date> authority_verified;
  bool fee_required = false;
  std::optional<Date> fee_received;
  std::vector<Pause> pauses;
  int extension_months = 0;  // 0..2, one-month rule only
  Region region = Region::kEnglandAndWales;
  Date today;  // open pauses are counted up to today
};

struct ClockState {
  bool started = false;
  std::optional<Date> start;
  // What stops the clock starting, e.g. "identity, fee"; empty once started.
  std::string waiting_for;
  int paused_days = 0;
  bool paused_now = false;  // an open pause has begun on or before today
  std::optional<Date> due;  // final due date; nullopt if not started or kNone
  // One-calendar-month rule only: the due date without extension (pauses
  // included, working-day adjusted), the last day an extension may be
  // recorded. nullopt for the other rules, which cannot be extended by months.
  std::optional<Date> unextended_due;
  int extension_months = 0;
};

// Ok when `extension_months` is allowed for `rule`: 0..2 for the one-month
// rule, only 0 for the others.
Status CheckExtension(DeadlineRule rule, int extension_months);

// Invalid for a bad extension or a pause answered before it was asked;
// otherwise the clock state on inputs.today.
Result<ClockState> ComputeClock(const HolidayCalendar& calendar, const ClockInputs& inputs);

// The one-calendar-month formula: start + (1 + extension_months) months
// (clamped to the month's last day), + paused_days, then rolled on to the
// next working day of the region. Expects extension_months in 0..2 (see
// CheckExtension) and paused_days >= 0.
Date OneMonthDue(const HolidayCalendar& calendar, Region region, Date start,
                 int extension_months, int paused_days);

// True only if the clock has started, the rule allows a month extension and
// `on` is no later than the unextended due date.
bool ExtensionAllowedOn(const ClockState& state, Date on);

}  // namespace sardesk::clock
