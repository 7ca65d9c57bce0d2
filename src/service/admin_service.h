// Administration: users and roles, council settings and the exemption
// catalogue, the audit trail's verification, reference data, and the
// deadline calculator. Thread-safe.
#pragma once

#include <nlohmann/json.hpp>

#include "audit/audit_chain.h"
#include "service/context.h"

namespace sardesk::service {

// Roles an account can hold (the sign-in contract of issue 8; what each may
// do is in api/access_policy.cc). The DPO is also the Caldicott Guardian.
inline constexpr const char* kRoles[] = {"ig_officer",           "ig_manager", "qa_reviewer", "service_area_contact",
                                          "social_worker_adviser", "dpo",        "administrator"};

struct AuditVerification {
  bool ok = true;
  std::int64_t entries = 0;
  std::int64_t cases_checked = 0;
  std::vector<audit::VerifyProblem> problems;
};

class AdminService {
 public:
  explicit AdminService(ServiceContext* ctx) : ctx_(ctx) {}  // ctx outlives this

  // {"username","display_name","role","email","active"}
  Result<store::UserRow> PutUser(const nlohmann::json& body, const std::string& actor);
  Result<std::vector<store::UserRow>> ListUsers();

  Settings GetSettings();
  Result<Settings> UpdateSettings(const nlohmann::json& patch, const std::string& actor);

  // The council's exemption catalogue (redaction labels and legal bases).
  std::vector<redact::Exemption> Exemptions();
  // Adds an entry, or changes the fields given of the entry with that code:
  // {"code", "name", "label", "short_label", "explanation", "basis"}. The
  // whole catalogue is checked (redact::ValidateCatalogue) before it is saved.
  Result<std::vector<redact::Exemption>> PutExemption(const nlohmann::json& body, const std::string& actor);
  // Refused for third_party and serious_harm, and for a code a redaction,
  // rule or staff concern still rests on.
  Result<std::vector<redact::Exemption>> RemoveExemption(const std::string& code, const std::string& actor);

  // Walks the whole audit chain and checks each case against its last entry.
  Result<AuditVerification> VerifyAudit();

  // Every enum with its values and labels, the roles, the regions.
  nlohmann::json ReferenceData();
  static nlohmann::json BuildReferenceData();

  // The one-calendar-month due date for the given inputs.
  Result<Date> Deadline(const std::string& received, const std::string& region, int extension_months,
                        int paused_days);

  std::vector<clock::Holiday> Holidays(clock::Region region);

 private:
  ServiceContext* ctx_;
};

}  // namespace sardesk::service
