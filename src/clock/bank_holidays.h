// UK bank holidays per region, and working-day arithmetic over them.
// A working day is Monday to Friday and not a bank holiday of the region.
// HolidayCalendar is a value type: copyable, thread-compatible; BuiltIn() is
// immutable and safe to share between threads.
#pragma once

#include <array>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/date.h"
#include "common/result.h"

namespace sardesk::clock {

// The three gov.uk divisions; bank holidays differ between them.
enum class Region { kEnglandAndWales, kScotland, kNorthernIreland };

// Accepts exactly the gov.uk division names: "england-and-wales",
// "scotland", "northern-ireland".
Result<Region> ParseRegion(std::string_view text);
// The gov.uk division name (the inverse of ParseRegion).
const char* RegionName(Region region);

struct Holiday {
  Region region = Region::kEnglandAndWales;
  Date date;
  std::string title;
};

class HolidayCalendar {
 public:
  HolidayCalendar() = default;  // no holidays: only weekends are non-working

  // Parses the gov.uk bank-holidays.json format:
  //   {"england-and-wales": {"division": ..., "events": [{"title", "date", ...}]},
  //    "scotland": {...}, "northern-ireland": {...}}
  // All three regions must be present (a missing region would silently make
  // its holidays working days); other top-level keys are ignored.
  static Result<HolidayCalendar> FromGovUkJson(std::string_view json);
  // The calendar embedded at build time from resources/uk-bank-holidays.json.
  static const HolidayCalendar& BuiltIn();

  // Adds a holiday (e.g. one newly announced); a date already known as a
  // holiday of that region is left as it is.
  void Add(Holiday holiday);

  bool IsHoliday(Region region, Date date) const;
  // Not Saturday, not Sunday, not a bank holiday of the region.
  bool IsWorkingDay(Region region, Date date) const;
  // `date` itself when it is a working day, else the next one.
  Date NextWorkingDayOnOrAfter(Region region, Date date) const;
  // The n-th working day after `from` (`from` itself is not counted); n = 0
  // gives `from`; a negative n counts back to the n-th working day before.
  Date AddWorkingDays(Region region, Date from, int n) const;
  // The region's holidays, sorted by date.
  std::vector<Holiday> List(Region region) const;
  // The latest holiday known for the region: dates after it may be missing
  // holidays not yet published. nullopt when the region has none.
  std::optional<Date> LastKnownDate(Region region) const;

 private:
  static constexpr std::size_t kRegions = 3;
  const std::map<Date, std::string>& Days(Region region) const;
  // Date -> title, one map per region, indexed by the Region value.
  std::array<std::map<Date, std::string>, kRegions> days_;
};

}  // namespace sardesk::clock
