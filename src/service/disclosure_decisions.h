// Decisions about disclosing the people named in a request's records, each
// carried out as a case rule on the person's name so that it applies to
// every occurrence in every document (RedactionService's rules):
//
// - Third-party consent (seed 002 8.9-8.11, seed 004): the third party
//   consented, refused, or disclosing without their consent is reasonable in
//   all the circumstances. Consented and reasonable lift the redactions of
//   that name (a keep rule); refused keeps them (a redact rule, third_party).
//   A reasonable decision is also logged on the request record
//   (disclosures_without_consent: seed 004's "decisions to disclose
//   information without consent").
// - Safeguarding concerns about council staff (seed 001 stage 4): staff
//   names are kept unless the officer records a concern (a history of
//   violence, threats or intimidation); the concern redacts the name
//   everywhere under serious_harm until it is withdrawn.
//
// The newest decision about a name wins: it replaces every earlier rule on
// that name (and ends the consent or concern that set it). Every change is
// audited in its transaction. Thread-safe.
#pragma once

#include <cstdint>
#include <string>

#include <nlohmann/json.hpp>

#include "service/case_service.h"
#include "service/context.h"

namespace sardesk::service {

class DisclosureDecisionService {
 public:
  // Both outlive this.
  DisclosureDecisionService(ServiceContext* ctx, CaseService* cases) : ctx_(ctx), cases_(cases) {}

  // {"name", "decision": "consented"|"refused"|"reasonable", "reason",
  //  "decided_by" (default the actor), "decided_on" (default today)}.
  Result<nlohmann::json> RecordConsent(const std::string& reference, const nlohmann::json& body,
                                       const std::string& actor);
  // Every consent decision of the request, oldest first (current and superseded).
  Result<nlohmann::json> Consents(const std::string& reference);

  // {"name", "role", "kind": "violence"|"threats"|"intimidation"|"other", "reason"}.
  Result<nlohmann::json> RecordStaffConcern(const std::string& reference, const nlohmann::json& body,
                                            const std::string& actor);
  // {"reason"}: the name is no longer redacted by the concern's rule.
  Result<nlohmann::json> WithdrawStaffConcern(const std::string& reference, std::int64_t id, const nlohmann::json& body,
                                              const std::string& actor);
  Result<nlohmann::json> StaffConcerns(const std::string& reference);

 private:
  ServiceContext* ctx_;
  CaseService* cases_;
};

// The exemption a staff concern redacts under. Decision: serious harm, not
// third_party: a social worker is a "relevant person" whose name is
// disclosed unless the serious harm test is met (DPA 2018 Schedule 2
// paragraph 17, the social work data test).
inline constexpr char kStaffConcernExemption[] = "serious_harm";

nlohmann::json ConsentJson(const store::ConsentRow& row);
nlohmann::json StaffConcernJson(const store::StaffConcernRow& row);

}  // namespace sardesk::service
