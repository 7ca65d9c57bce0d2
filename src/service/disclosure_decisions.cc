#include "service/disclosure_decisions.h"

#include <algorithm>
#include <optional>

#include "case/json_reader.h"
#include "common/sha256.h"
#include "pdf/pdf_redact.h"
#include "service/redaction_service.h"

namespace sardesk::service {

using nlohmann::json;

namespace {

std::string Fold(const std::string& s) { return pdf::FoldForSearch(s); }

Status Audit(store::Transaction& tx, const TimeSource& time, const std::string& actor, const std::string& action,
             const std::string& entity, std::int64_t id, const json& before, const json& after) {
  audit::AuditEntry a;
  a.at = time.NowIso();
  a.actor = actor;
  a.action = action;
  a.entity = entity;
  a.entity_id = std::to_string(id);
  a.before = before.dump(-1, ' ', false, json::error_handler_t::replace);
  a.after = after.dump(-1, ' ', false, json::error_handler_t::replace);
  auto appended = tx.AppendAudit(a);
  return appended.ok() ? Status::Ok() : appended.status();
}

Status RequireCase(store::Transaction& tx, const std::string& reference) {
  SARDESK_ASSIGN_OR_RETURN(auto row, tx.FindCase(reference));
  if (!row) return Status::NotFound("no request with reference " + reference.substr(0, 40));
  return Status::Ok();
}

Status CheckName(const std::string& name) {
  if (Fold(name).size() < 2) return Status::Invalid("name: give the person's name as it appears in the records");
  return Status::Ok();
}

// A decision about a named person is never about the data subject.
Status NotTheSubject(const casework::CaseRecord& record, const std::string& folded) {
  std::vector<std::string> names = {record.subject.name};
  names.insert(names.end(), record.subject.aliases.begin(), record.subject.aliases.end());
  names.insert(names.end(), record.subject.former_names.begin(), record.subject.former_names.end());
  for (const auto& n : names)
    if (Fold(n) == folded)
      return Status::Invalid("name: that is the data subject's name; their own information is disclosed to them");
  return Status::Ok();
}

// What replacing the earlier decisions about a name changed.
struct Superseded {
  std::vector<std::int64_t> rules, consents, concerns;
  std::vector<std::string> reasonable_names;  // consents that had been "reasonable"
  std::size_t reopened = 0, removed = 0;

  json ToJson() const {
    return {{"removed_rules", rules},
            {"superseded_consents", consents},
            {"superseded_concerns", concerns},
            {"redactions_reopened", reopened},
            {"redactions_removed", removed}};
  }
};

// The newest decision about a name wins: removes every rule on the name and
// ends the consents and concerns that set them.
Result<Superseded> SupersedeDecisionsOn(store::Transaction& tx, const std::string& reference, const std::string& folded,
                                        const std::string& actor, const std::string& now, const std::string& why) {
  Superseded out;
  SARDESK_ASSIGN_OR_RETURN(auto rules, tx.ListRedactionRules(reference));
  for (const auto& rule : rules) {
    if (Fold(rule.text) != folded) continue;
    SARDESK_ASSIGN_OR_RETURN(auto outcome, RemoveRuleIn(tx, rule));
    out.rules.push_back(rule.id);
    out.reopened += outcome.reopened.size();
    out.removed += outcome.removed.size();
  }
  SARDESK_ASSIGN_OR_RETURN(auto consents, tx.ListConsents(reference));
  for (auto& c : consents) {
    if (c.status != "current" || Fold(c.name) != folded) continue;
    if (c.decision == "reasonable") out.reasonable_names.push_back(c.name);
    c.status = "superseded";
    c.superseded_at = now;
    c.rule_id = 0;
    SARDESK_RETURN_IF_ERROR(tx.UpdateConsent(c));
    out.consents.push_back(c.id);
  }
  SARDESK_ASSIGN_OR_RETURN(auto concerns, tx.ListStaffConcerns(reference));
  for (auto& c : concerns) {
    if (c.status != "active" || Fold(c.name) != folded) continue;
    c.status = "superseded";
    c.rule_id = 0;
    c.ended_by = actor;
    c.ended_at = now;
    c.end_reason = why;
    SARDESK_RETURN_IF_ERROR(tx.UpdateStaffConcern(c));
    out.concerns.push_back(c.id);
  }
  return out;
}

json OutcomeJson(const RuleOutcome& o) {
  return {{"accepted", o.accepted.size()}, {"added", o.added.size()}, {"rejected", o.rejected.size()}};
}

}  // namespace

json ConsentJson(const store::ConsentRow& c) {
  return {{"id", c.id},
          {"case_ref", c.case_ref},
          {"name", c.name},
          {"decision", c.decision},
          {"reason", c.reason},
          {"decided_by", c.decided_by},
          {"decided_on", c.decided_on},
          {"rule_id", c.rule_id},
          {"status", c.status},
          {"recorded_by", c.recorded_by},
          {"recorded_at", c.recorded_at},
          {"superseded_at", c.superseded_at}};
}

json StaffConcernJson(const store::StaffConcernRow& c) {
  return {{"id", c.id},
          {"case_ref", c.case_ref},
          {"name", c.name},
          {"role", c.role},
          {"kind", c.kind},
          {"reason", c.reason},
          {"exemption", c.exemption},
          {"rule_id", c.rule_id},
          {"status", c.status},
          {"recorded_by", c.recorded_by},
          {"recorded_at", c.recorded_at},
          {"ended_by", c.ended_by},
          {"ended_at", c.ended_at},
          {"end_reason", c.end_reason}};
}

Result<json> DisclosureDecisionService::RecordConsent(const std::string& reference, const json& body,
                                                      const std::string& actor) {
  if (actor.empty()) return Status::Invalid("say who is acting");
  store::ConsentRow c;
  std::optional<Date> decided_on;
  SARDESK_RETURN_IF_ERROR(casework::ReadObject(body, [&](casework::JsonReader& r) {
    r.Str("name", &c.name, casework::kMaxName, true);
    r.Str("decision", &c.decision, 20, true);
    r.Text("reason", &c.reason, true);
    r.Str("decided_by", &c.decided_by, 100);
    r.OptDay("decided_on", &decided_on);
  }));
  if (c.decision != "consented" && c.decision != "refused" && c.decision != "reasonable")
    return Status::Invalid(
        "decision: use consented, refused or reasonable (disclosing without consent is reasonable "
        "in all the circumstances)");
  SARDESK_RETURN_IF_ERROR(CheckName(c.name));
  const Date today = ctx_->time->Today();
  const Date on = decided_on ? *decided_on : today;
  if (on > today) return Status::Invalid("decided_on: " + on.ToString() + " is in the future");
  if (c.decided_by.empty()) c.decided_by = actor;
  c.decided_on = on.ToString();
  c.case_ref = reference;
  c.status = "current";
  c.recorded_by = actor;
  c.recorded_at = ctx_->time->NowIso();

  json changes;
  // Mutate: a reasonable decision goes into the request record (seed 004's
  // log) in the same transaction as the consent, its rule and their audit.
  auto view = cases_->Mutate(
      reference, actor, "consent.record", [&](casework::CaseRecord& record, store::Transaction& tx) -> Status {
        if (on < record.received) return Status::Invalid("decided_on: before the request was received");
        const std::string folded = Fold(c.name);
        SARDESK_RETURN_IF_ERROR(NotTheSubject(record, folded));
        SARDESK_ASSIGN_OR_RETURN(Superseded earlier, SupersedeDecisionsOn(tx, reference, folded, actor, c.recorded_at,
                                                                          "replaced by a consent decision"));
        SARDESK_ASSIGN_OR_RETURN(c.id, tx.InsertConsent(c));
        store::RedactionRuleRow rule;
        rule.case_ref = reference;
        rule.text = c.name;
        rule.action = c.decision == "refused" ? "redact" : "keep";
        rule.exemption = c.decision == "refused" ? "third_party" : "";
        rule.reason = "third-party consent " + std::to_string(c.id) + ": " +
                      (c.decision == "consented" ? "consented to disclosure"
                       : c.decision == "refused" ? "refused consent"
                                                 : "disclosure without consent is reasonable");
        rule.created_by = actor;
        rule.created_at = c.recorded_at;
        SARDESK_ASSIGN_OR_RETURN(RuleOutcome outcome, AddRuleIn(tx, &rule, c.recorded_at));
        c.rule_id = rule.id;
        SARDESK_RETURN_IF_ERROR(tx.UpdateConsent(c));
        // The request's log of disclosures without consent follows the current decision.
        auto& log = record.disclosures_without_consent;
        log.erase(
            std::remove_if(log.begin(), log.end(),
                           [&](const casework::DisclosureWithoutConsent& d) { return Fold(d.third_party) == folded; }),
            log.end());
        if (c.decision == "reasonable") log.push_back({c.name, c.reason, c.decided_by, on});
        changes = earlier.ToJson();
        changes["rule"] = OutcomeJson(outcome);
        // The audit keeps a hash of the name, as rules do, not the name itself.
        return Audit(tx, *ctx_->time, actor, "consent.record", "consent", c.id, json::object(),
                     {{"case_ref", reference},
                      {"name_sha256", Sha256Hex(folded)},
                      {"decision", c.decision},
                      {"reason", c.reason},
                      {"decided_by", c.decided_by},
                      {"decided_on", c.decided_on},
                      {"rule_id", c.rule_id},
                      {"changes", changes}});
      });
  if (!view.ok()) return view.status();
  json out = ConsentJson(c);
  out["changes"] = changes;
  return out;
}

Result<json> DisclosureDecisionService::Consents(const std::string& reference) {
  std::vector<store::ConsentRow> rows;
  SARDESK_RETURN_IF_ERROR(ctx_->store->Read([&](store::Transaction& tx) -> Status {
    SARDESK_RETURN_IF_ERROR(RequireCase(tx, reference));
    SARDESK_ASSIGN_OR_RETURN(rows, tx.ListConsents(reference));
    return Status::Ok();
  }));
  json items = json::array();
  for (const auto& r : rows) items.push_back(ConsentJson(r));
  return json{{"reference", reference}, {"consents", items}};
}

Result<json> DisclosureDecisionService::RecordStaffConcern(const std::string& reference, const json& body,
                                                           const std::string& actor) {
  if (actor.empty()) return Status::Invalid("say who is acting");
  store::StaffConcernRow c;
  SARDESK_RETURN_IF_ERROR(casework::ReadObject(body, [&](casework::JsonReader& r) {
    r.Str("name", &c.name, casework::kMaxName, true);
    r.Str("role", &c.role);
    r.Str("kind", &c.kind, 20, true);
    r.Text("reason", &c.reason, true);
  }));
  if (c.kind != "violence" && c.kind != "threats" && c.kind != "intimidation" && c.kind != "other")
    return Status::Invalid("kind: use violence, threats, intimidation or other");
  SARDESK_RETURN_IF_ERROR(CheckName(c.name));
  if (!redact::FindExemption(*ctx_->exemptions.Get(), kStaffConcernExemption))
    return Status::Internal(std::string("the exemption catalogue has no ") + kStaffConcernExemption);
  c.case_ref = reference;
  c.exemption = kStaffConcernExemption;
  c.status = "active";
  c.recorded_by = actor;
  c.recorded_at = ctx_->time->NowIso();
  json changes;
  SARDESK_RETURN_IF_ERROR(ctx_->store->Write([&](store::Transaction& tx) -> Status {
    SARDESK_ASSIGN_OR_RETURN(auto row, tx.FindCase(reference));
    if (!row) return Status::NotFound("no request with reference " + reference.substr(0, 40));
    SARDESK_ASSIGN_OR_RETURN(casework::CaseRecord record, RecordFromRow(*row));
    const std::string folded = Fold(c.name);
    SARDESK_RETURN_IF_ERROR(NotTheSubject(record, folded));
    SARDESK_ASSIGN_OR_RETURN(Superseded earlier, SupersedeDecisionsOn(tx, reference, folded, actor, c.recorded_at,
                                                                      "replaced by a later staff concern"));
    SARDESK_ASSIGN_OR_RETURN(c.id, tx.InsertStaffConcern(c));
    store::RedactionRuleRow rule;
    rule.case_ref = reference;
    rule.text = c.name;
    rule.action = "redact";
    rule.exemption = c.exemption;
    rule.reason = "staff safeguarding concern " + std::to_string(c.id) + " (" + c.kind + ")";
    rule.created_by = actor;
    rule.created_at = c.recorded_at;
    SARDESK_ASSIGN_OR_RETURN(RuleOutcome outcome, AddRuleIn(tx, &rule, c.recorded_at));
    c.rule_id = rule.id;
    SARDESK_RETURN_IF_ERROR(tx.UpdateStaffConcern(c));
    changes = earlier.ToJson();
    changes["rule"] = OutcomeJson(outcome);
    return Audit(tx, *ctx_->time, actor, "staff_concern.record", "staff_concern", c.id, json::object(),
                 {{"case_ref", reference},
                  {"name_sha256", Sha256Hex(folded)},
                  {"role", c.role},
                  {"kind", c.kind},
                  {"reason", c.reason},
                  {"exemption", c.exemption},
                  {"rule_id", c.rule_id},
                  {"changes", changes}});
  }));
  json out = StaffConcernJson(c);
  out["changes"] = changes;
  return out;
}

Result<json> DisclosureDecisionService::WithdrawStaffConcern(const std::string& reference, std::int64_t id,
                                                             const json& body, const std::string& actor) {
  if (actor.empty()) return Status::Invalid("say who is acting");
  std::string reason;
  SARDESK_RETURN_IF_ERROR(casework::ReadObject(body, [&](casework::JsonReader& r) { r.Text("reason", &reason); }));
  store::StaffConcernRow c;
  json changes;
  SARDESK_RETURN_IF_ERROR(ctx_->store->Write([&](store::Transaction& tx) -> Status {
    SARDESK_RETURN_IF_ERROR(RequireCase(tx, reference));
    SARDESK_ASSIGN_OR_RETURN(auto concerns, tx.ListStaffConcerns(reference));
    auto it = std::find_if(concerns.begin(), concerns.end(), [&](const auto& x) { return x.id == id; });
    if (it == concerns.end())
      return Status::NotFound("no staff concern " + std::to_string(id) + " on " + reference.substr(0, 40));
    c = *it;
    if (c.status != "active") return Status::Refused("staff concern " + std::to_string(id) + " is already " + c.status);
    RuleOutcome outcome;
    SARDESK_ASSIGN_OR_RETURN(auto rules, tx.ListRedactionRules(reference));
    for (const auto& rule : rules)
      if (rule.id == c.rule_id) {
        SARDESK_ASSIGN_OR_RETURN(outcome, RemoveRuleIn(tx, rule));
      }
    const json before = {{"status", c.status}, {"rule_id", c.rule_id}};
    c.status = "withdrawn";
    c.rule_id = 0;
    c.ended_by = actor;
    c.ended_at = ctx_->time->NowIso();
    c.end_reason = reason;
    SARDESK_RETURN_IF_ERROR(tx.UpdateStaffConcern(c));
    changes = {{"removed_rule", before["rule_id"]},
               {"redactions_removed", outcome.removed.size()},
               {"redactions_reopened", outcome.reopened.size()}};
    return Audit(tx, *ctx_->time, actor, "staff_concern.withdraw", "staff_concern", c.id, before,
                 {{"status", c.status}, {"reason", reason}, {"changes", changes}});
  }));
  json out = StaffConcernJson(c);
  out["changes"] = changes;
  return out;
}

Result<json> DisclosureDecisionService::StaffConcerns(const std::string& reference) {
  std::vector<store::StaffConcernRow> rows;
  SARDESK_RETURN_IF_ERROR(ctx_->store->Read([&](store::Transaction& tx) -> Status {
    SARDESK_RETURN_IF_ERROR(RequireCase(tx, reference));
    SARDESK_ASSIGN_OR_RETURN(rows, tx.ListStaffConcerns(reference));
    return Status::Ok();
  }));
  json items = json::array();
  for (const auto& r : rows) items.push_back(StaffConcernJson(r));
  return json{{"reference", reference}, {"staff_concerns", items}};
}

}  // namespace sardesk::service
