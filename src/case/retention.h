// Retention of closed requests (issue 8): when their documents may be
// destroyed, and what of the record is kept afterwards. Pure functions.
#pragma once

#include <optional>

#include "case/case_record.h"
#include "common/date.h"

namespace sardesk::casework {

// The default period, in years after closure, when the council sets none:
// the common local-authority schedule for access-request files (no seed
// states one; docs/storage.md).
inline constexpr int kDefaultRetentionYears = 6;

// The day the request last moved into a status that is not open (released,
// closed, refused, withdrawn); nullopt while it is open.
std::optional<Date> ClosedOn(const CaseRecord& r);

// The first day its documents may be destroyed: `years` after closure.
// nullopt while the request, or a complaint about it, is open.
std::optional<Date> RetentionEnds(const CaseRecord& r, int years);

// Keeps what the register and the reports need (reference, dates, route,
// channel, status history, outcome, exemptions counts, extension, fee
// amounts, complaint kinds and dates, search task dates) and removes the
// subject's and requester's details and every free-text field that may
// hold personal data.
void StripPersonalData(CaseRecord* r);

// The text put in place of the subject's name.
inline constexpr char kDestroyedName[] = "(removed under the retention schedule)";

}  // namespace sardesk::casework
