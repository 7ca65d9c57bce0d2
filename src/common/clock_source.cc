#include "common/clock_source.h"

#include <ctime>
#include <cstdio>

namespace sardesk {

std::string TimeSource::NowIso() const {
  auto now = Now();
  auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(now.time_since_epoch()).count();
  std::time_t secs = static_cast<std::time_t>(ms / 1000);
  std::tm tm{};
  gmtime_r(&secs, &tm);
  char buf[64];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", tm.tm_year + 1900, tm.tm_mon + 1,
                tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, static_cast<int>(ms % 1000));
  return buf;
}

std::chrono::system_clock::time_point SystemTime::Now() const { return std::chrono::system_clock::now(); }

Date SystemTime::Today() const {
  std::time_t t = std::time(nullptr);
  std::tm tm{};
  localtime_r(&t, &tm);
  return Date::FromYmd(tm.tm_year + 1900, static_cast<unsigned>(tm.tm_mon + 1),
                       static_cast<unsigned>(tm.tm_mday));
}

std::chrono::system_clock::time_point FixedTime::Now() const {
  // Noon UTC on the fixed day, plus a millisecond per call.
  return std::chrono::system_clock::time_point{} + std::chrono::days{today_.days()} +
         std::chrono::hours{12} + std::chrono::milliseconds{ticks_++};
}

}  // namespace sardesk
