#include "common/date.h"

#include <cstdio>

namespace sardesk {

using namespace std::chrono;

Date Date::FromYmd(int y, unsigned m, unsigned d) {
  sys_days sd{std::chrono::year{y} / std::chrono::month{m} / std::chrono::day{d}};
  return Date(sd.time_since_epoch().count());
}

Date Date::FromDays(std::int64_t n) { return Date(n); }

year_month_day Date::ymd() const { return year_month_day{sys_days{std::chrono::days{days_}}}; }

Result<Date> Date::Parse(std::string_view t) {
  auto bad = [&] {
    return Status::Invalid("'" + std::string(t.substr(0, 40)) +
                           "' is not a date: use YYYY-MM-DD, for example 2025-09-03");
  };
  if (t.size() != 10 || t[4] != '-' || t[7] != '-') return bad();
  for (size_t i : {0, 1, 2, 3, 5, 6, 8, 9})
    if (t[i] < '0' || t[i] > '9') return bad();
  int y = (t[0] - '0') * 1000 + (t[1] - '0') * 100 + (t[2] - '0') * 10 + (t[3] - '0');
  unsigned m = static_cast<unsigned>((t[5] - '0') * 10 + (t[6] - '0'));
  unsigned d = static_cast<unsigned>((t[8] - '0') * 10 + (t[9] - '0'));
  year_month_day ymd{std::chrono::year{y}, std::chrono::month{m}, std::chrono::day{d}};
  if (!ymd.ok())
    return Status::Invalid("'" + std::string(t) + "' is not a real date (check the day and month)");
  if (y < 1900 || y > 2200) return Status::Invalid("the year in '" + std::string(t) + "' must be between 1900 and 2200");
  return FromYmd(y, m, d);
}

unsigned Date::weekday() const {
  return std::chrono::weekday{sys_days{std::chrono::days{days_}}}.c_encoding();
}

Date Date::AddMonthsClamped(int n) const {
  year_month_day cur = ymd();
  year_month ym = year_month{cur.year(), cur.month()} + std::chrono::months{n};
  auto last = year_month_day_last{ym.year(), month_day_last{ym.month()}}.day();
  auto d = cur.day() > last ? last : cur.day();
  return FromYmd(static_cast<int>(ym.year()), static_cast<unsigned>(ym.month()),
                 static_cast<unsigned>(d));
}

int Date::YearsUntil(Date on) const {
  int years = on.year() - year();
  if (on.month() < month() || (on.month() == month() && on.day() < day())) --years;
  return years;
}

std::string Date::ToString() const {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02u-%02u", year(), month(), day());
  return buf;
}

}  // namespace sardesk
