// A calendar date without time zone: the unit of every statutory deadline.
// Value type, thread-compatible.
#pragma once

#include <chrono>
#include <compare>
#include <string>
#include <string_view>

#include "common/result.h"

namespace sardesk {

class Date {
 public:
  Date() = default;  // 1970-01-01
  static Date FromYmd(int year, unsigned month, unsigned day);  // must be valid
  static Date FromDays(std::int64_t days_since_epoch);
  // Accepts exactly YYYY-MM-DD for a date that exists (years 1900-2200).
  static Result<Date> Parse(std::string_view text);

  int year() const { return static_cast<int>(ymd().year()); }
  unsigned month() const { return static_cast<unsigned>(ymd().month()); }
  unsigned day() const { return static_cast<unsigned>(ymd().day()); }
  std::int64_t days() const { return days_; }
  // 0 = Sunday ... 6 = Saturday.
  unsigned weekday() const;
  bool IsWeekend() const { unsigned w = weekday(); return w == 0 || w == 6; }

  Date AddDays(std::int64_t n) const { return FromDays(days_ + n); }
  // Same day number n months later; a day that does not exist becomes the
  // last day of that month (31 Jan + 1 month = 28 or 29 Feb).
  Date AddMonthsClamped(int n) const;
  // Whole years from this date to `on` (age on a date).
  int YearsUntil(Date on) const;
  std::string ToString() const;  // YYYY-MM-DD

  auto operator<=>(const Date&) const = default;

 private:
  explicit Date(std::int64_t days) : days_(days) {}
  std::chrono::year_month_day ymd() const;
  std::int64_t days_ = 0;
};

}  // namespace sardesk
