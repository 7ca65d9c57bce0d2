// Spotting repeat requests (seed 002 10.8, seed 004): the same data subject
// asking again for a similar scope within a configurable interval.
#pragma once

#include <string>
#include <string_view>

#include "case/case_record.h"

namespace sardesk::casework {

// Lower case, letters and digits only, single spaces: "O'Brien-Smith,  Kay"
// becomes "obrien smith kay".
std::string NormaliseName(std::string_view name);

// True when both have the same date of birth and share a name, former name
// or alias; or, with no dates of birth, share an exact identifier.
bool SameSubject(const DataSubject& a, const DataSubject& b);

// True when the scopes overlap: either covers the whole file, they share a
// service, and their date ranges (where given) overlap.
bool SimilarScope(const Scope& a, const Scope& b);

// `earlier` counts as a repeat of `later` when received within interval_days.
bool IsPossibleRepeat(const CaseRecord& later, const CaseRecord& earlier, int interval_days);

}  // namespace sardesk::casework
