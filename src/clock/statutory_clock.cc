#include "clock/statutory_clock.h"

#include <algorithm>
#include <cstdint>
#include <string>
#include <utility>

namespace sardesk::clock {

namespace {

// The union length, in days, of the half-open intervals [from, until) of
// each pause, clipped to start at `start`. Open pauses run to `today`.
std::int64_t PausedDays(const std::vector<Pause>& pauses, Date start, Date today) {
  std::vector<std::pair<Date, Date>> spans;
  for (const Pause& p : pauses) {
    Date from = std::max(p.from, start);
    Date until = p.until.value_or(today);
    if (from < until) spans.emplace_back(from, until);
  }
  std::sort(spans.begin(), spans.end());
  std::int64_t total = 0;
  std::optional<Date> covered_to;  // end of the union so far
  for (const auto& [from, until] : spans) {
    Date begin = covered_to ? std::max(from, *covered_to) : from;
    if (begin < until) total += until.days() - begin.days();
    covered_to = covered_to ? std::max(*covered_to, until) : until;
  }
  return total;
}

}  // namespace

Status CheckExtension(DeadlineRule rule, int extension_months) {
  switch (rule) {
    case DeadlineRule::kOneCalendarMonth:
      if (extension_months < 0 || extension_months > 2)
        return Status::Invalid("an extension must be 0, 1 or 2 further months (got " +
                               std::to_string(extension_months) +
                               "): three months from the start at most");
      return Status::Ok();
    case DeadlineRule::kTwentyWorkingDays:
      if (extension_months != 0)
        return Status::Invalid("FOI/EIR requests cannot be extended by months");
      return Status::Ok();
    case DeadlineRule::kNone:
      if (extension_months != 0)
        return Status::Invalid("requests without a statutory deadline cannot be extended");
      return Status::Ok();
  }
  return Status::Invalid("unknown deadline rule");
}

Date OneMonthDue(const HolidayCalendar& calendar, Region region, Date start,
                 int extension_months, int paused_days) {
  Date due = start.AddMonthsClamped(1 + extension_months).AddDays(paused_days);
  return calendar.NextWorkingDayOnOrAfter(region, due);
}

Result<ClockState> ComputeClock(const HolidayCalendar& calendar, const ClockInputs& in) {
  SARDESK_RETURN_IF_ERROR(CheckExtension(in.rule, in.extension_months));
  for (const Pause& p : in.pauses)
    if (p.until && *p.until < p.from)
      return Status::Invalid("a clarification cannot be answered (" + p.until->ToString() +
                             ") before it was asked (" + p.from.ToString() + ")");

  ClockState state;
  state.extension_months = in.extension_months;
  for (const Pause& p : in.pauses)
    if (!p.until && p.from <= in.today) state.paused_now = true;

  // The clock starts on the latest of receipt and each required item.
  Date start = in.received;
  std::string missing;
  auto need = [&](bool required, const std::optional<Date>& on, const char* what) {
    if (!required) return;
    if (on) {
      start = std::max(start, *on);
    } else {
      if (!missing.empty()) missing += ", ";
      missing += what;
    }
  };
  need(in.identity_required, in.identity_verified, "identity");
  need(in.authority_required, in.authority_verified, "authority");
  need(in.fee_required, in.fee_received, "fee");
  if (!missing.empty()) {
    state.waiting_for = std::move(missing);
    return state;
  }
  state.started = true;
  state.start = start;
  state.paused_days = static_cast<int>(PausedDays(in.pauses, start, in.today));

  switch (in.rule) {
    case DeadlineRule::kOneCalendarMonth:
      state.due = OneMonthDue(calendar, in.region, start, in.extension_months, state.paused_days);
      state.unextended_due = OneMonthDue(calendar, in.region, start, 0, state.paused_days);
      break;
    case DeadlineRule::kTwentyWorkingDays:
      // The 20th working day after receipt; paused calendar days are added.
      state.due = calendar.NextWorkingDayOnOrAfter(
          in.region, calendar.AddWorkingDays(in.region, start, 20).AddDays(state.paused_days));
      break;
    case DeadlineRule::kNone:
      break;
  }
  return state;
}

bool ExtensionAllowedOn(const ClockState& state, Date on) {
  return state.started && state.unextended_due && on <= *state.unextended_due;
}

}  // namespace sardesk::clock
