// Fuzz target: a bank holiday file in gov.uk's format (an officer may import
// one). Must never crash, whatever the bytes.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "clock/bank_holidays.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  auto calendar = sardesk::clock::HolidayCalendar::FromGovUkJson(text);
  if (calendar.ok()) (void)calendar->List(sardesk::clock::Region::kScotland);
  return 0;
}
