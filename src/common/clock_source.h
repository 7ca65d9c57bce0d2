// The time, behind an interface so tests and timers can run on a fake clock.
#pragma once

#include <chrono>
#include <string>

#include "common/date.h"

namespace sardesk {

class TimeSource {
 public:
  virtual ~TimeSource() = default;
  virtual std::chrono::system_clock::time_point Now() const = 0;
  // The calendar date in the council's local time (Europe/London by default).
  virtual Date Today() const = 0;
  // ISO 8601 UTC with milliseconds, e.g. 2025-09-03T10:15:00.123Z.
  std::string NowIso() const;
};

// The real clock, using the process's local time zone (TZ) for dates.
class SystemTime : public TimeSource {
 public:
  std::chrono::system_clock::time_point Now() const override;
  Date Today() const override;
};

// A settable clock for tests and for `--today` on the command line.
class FixedTime : public TimeSource {
 public:
  explicit FixedTime(Date today) : today_(today) {}
  std::chrono::system_clock::time_point Now() const override;
  Date Today() const override { return today_; }
  void Set(Date today) { today_ = today; }
  void Advance(int days) { today_ = today_.AddDays(days); ticks_ = 0; }

 private:
  Date today_;
  mutable long ticks_ = 0;  // keeps timestamps strictly increasing
};

}  // namespace sardesk
