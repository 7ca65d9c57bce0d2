// What holds a request back from release (seed 001 stages 4 and 5): its
// documents read by detection for safeguarding flags, a safeguarding
// meeting for every flagged document (and what it decided carried out),
// every proposal decided, the redacted copies made from the decisions, and
// a second officer's QA passed on those decisions. CaseService checks these
// on every move to ready_for_release or released and shows them in the
// case's next actions.
#pragma once

#include <string>
#include <vector>

#include "case/workflow.h"
#include "redact/exemptions.h"
#include "store/store.h"

namespace sardesk::service {

// The reasons the request may not be released yet, each a sentence an
// officer can act on; none when it may. Reads only.
Result<casework::ReleaseBlockers> ReleaseBlockersIn(store::Transaction& tx, const std::string& reference,
                                                    const std::vector<redact::Exemption>& catalogue);

// Whether a status is one from which the release gate matters to the officer
// (the blockers are worked out for the case view only then).
bool ShowsReleaseBlockers(casework::CaseStatus status);

}  // namespace sardesk::service
