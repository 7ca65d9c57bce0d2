// Validation-stage facts about a request on a given day: identity, authority,
// children and deceased subjects (seeds 001, 002, 004). Pure functions.
#pragma once

#include <optional>
#include <string>

#include "case/case_record.h"

namespace sardesk::casework {

inline constexpr int kAgePresumedCompetent = 12;  // seed 002 4.2; ICO guidance

struct CaseChecks {
  bool identity_verified = false;
  std::optional<Date> identity_verified_on;
  std::string identity_missing;  // what is still needed, in plain English

  bool authority_required = false;
  bool authority_verified = false;
  std::optional<Date> authority_verified_on;
  std::string authority_missing;

  std::optional<int> subject_age;  // on the day of receipt
  bool subject_is_child = false;
  std::string child_issue;  // empty when the child rules are satisfied

  bool fee_outstanding = false;
  std::string deceased_issue;  // set when the route must change  // a deceased subject's SAR must be routed elsewhere

  // Everything that stops the request being validated; empty when it can be.
  std::vector<std::string> blockers;
};

CaseChecks EvaluateChecks(const CaseRecord& record);

// Seed 002 8.3: proof of address no older than three months when seen.
// Returns the reason an item of evidence cannot be accepted, or empty.
std::string EvidenceRejectionReason(const Evidence& evidence, const CaseRecord& record);

// Whose identity must be proved: the subject's when they ask for themselves,
// otherwise the requester's.
EvidenceParty IdentityParty(const CaseRecord& record);

}  // namespace sardesk::casework
