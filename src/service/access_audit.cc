#include "service/access_audit.h"

namespace sardesk::service {

Status AppendAccessAudit(store::Transaction& tx, const TimeSource& time, const std::string& actor,
                         const std::string& action, const std::string& reference, const nlohmann::json& what) {
  if (actor.empty()) return Status::Invalid("say who is looking (an access is always audited)");
  audit::AuditEntry e;
  e.at = time.NowIso();
  e.actor = actor;
  e.action = action;
  e.entity = "case_access";
  e.entity_id = reference;
  e.before = "{}";
  e.after = what.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  auto appended = tx.AppendAudit(e);
  return appended.ok() ? Status::Ok() : appended.status();
}

Status RecordAccessAudit(store::Store& store, const TimeSource& time, const std::string& actor,
                         const std::string& action, const std::string& reference, const nlohmann::json& what) {
  return store.Write(
      [&](store::Transaction& tx) { return AppendAccessAudit(tx, time, actor, action, reference, what); });
}

}  // namespace sardesk::service
