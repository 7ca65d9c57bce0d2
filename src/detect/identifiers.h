// Structured identifiers in UK formats, found in one pass over the text and
// validated where the format allows (NHS check digit, NI number prefixes).
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

#include "detect/proposal.h"

namespace sardesk::detect {

struct CalendarDate {
  int year = 0, month = 0, day = 0;
  bool operator==(const CalendarDate&) const = default;
};

struct IdentifierMatch {
  std::uint32_t start = 0;
  std::uint32_t end = 0;
  Label label = Label::kOtherId;  // kDob for every date: the caller decides which are births
  std::string_view kind;          // "mobile number", "email address", "date"...
  CalendarDate date;              // set for dates
};

// 10 digits, no separators; the mod-11 check digit must match.
bool IsValidNhsNumber(std::string_view digits);
// "AB123456C" without spaces, uppercase; HMRC's prefix rules.
bool IsValidNino(std::string_view compact);
// "SW1A 1AA", "dn144dl": the outward and inward code shapes, any case.
bool IsValidPostcode(std::string_view text);
// Parses "8 December 2013", "08/12/2013", "08.12.13", "2013-12-08", "8th Dec 2013".
bool ParseDate(std::string_view text, CalendarDate* out);

// Every identifier in the text, in order, not overlapping.
std::vector<IdentifierMatch> FindIdentifiers(std::string_view text);

}  // namespace sardesk::detect
