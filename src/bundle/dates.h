// Dates written in record text ("12/03/2019", "12 March 2019", "2019-03-12",
// "March 12, 2019"), for ordering documents by date and for the chronology.
// Plain values, no I/O; UK day-first order for numeric dates.
#pragma once

#include <string>
#include <vector>

#include "common/date.h"

namespace sardesk::bundle {

struct FoundDate {
  Date date;
  std::string line;  // the line of text it was found on, trimmed, at most 200 bytes
};

// The valid dates in `text` between 1900 and 2100, in the order they occur.
std::vector<FoundDate> FindDates(const std::string& text);

}  // namespace sardesk::bundle
