#include "service/admin_service.h"

#include <algorithm>
#include <cctype>
#include <functional>
#include <map>

#include "case/enums.h"
#include "case/json_reader.h"
#include "clock/statutory_clock.h"
#include "common/sha256.h"

namespace sardesk::service {

using casework::JsonReader;
using nlohmann::json;

namespace {
bool ValidUsername(const std::string& u) {
  if (u.empty() || u.size() > 64) return false;
  return std::all_of(u.begin(), u.end(), [](unsigned char c) {
    return std::isalnum(c) || c == '.' || c == '_' || c == '-' || c == '@';
  });
}

json UserJson(const store::UserRow& u) {
  json j = {{"username", u.username}, {"display_name", u.display_name}, {"role", u.role},
            {"email", u.email}, {"active", u.active}};
  if (!u.service_area.empty()) j["service_area"] = u.service_area;
  return j;
}

Status AppendAdminAudit(store::Transaction& tx, const TimeSource& time, const std::string& actor,
                        const std::string& action, const std::string& entity, const std::string& id,
                        const json& before, const json& after) {
  audit::AuditEntry e;
  e.at = time.NowIso();
  e.actor = actor;
  e.action = action;
  e.entity = entity;
  e.entity_id = id;
  e.before = before.dump();
  e.after = after.dump();
  auto r = tx.AppendAudit(e);
  return r.ok() ? Status::Ok() : r.status();
}
}  // namespace

Result<store::UserRow> AdminService::PutUser(const json& body, const std::string& actor) {
  store::UserRow u;
  Status st;
  {
    JsonReader r(body, "", &st);
    r.Str("username", &u.username, 64, true);
    r.Str("display_name", &u.display_name, 200, true);
    r.Str("role", &u.role, 40, true);
    r.Str("email", &u.email, 200);
    r.Bool("active", &u.active);
    r.Str("service_area", &u.service_area, 60);
    r.Finish();
  }
  if (!st.ok()) return st;
  if (u.role == "service_area_contact" && u.service_area.empty())
    return Status::Invalid("service_area: a service-area contact needs the area they answer for");
  if (u.role != "service_area_contact" && !u.service_area.empty())
    return Status::Invalid("service_area: only a service-area contact belongs to a service area");
  if (!ValidUsername(u.username))
    return Status::Invalid("username: letters, digits, '.', '_', '-' and '@' only, at most 64");
  if (std::none_of(std::begin(kRoles), std::end(kRoles), [&](const char* r) { return u.role == r; }))
    return Status::Invalid(
        "role: use one of ig_officer, ig_manager, qa_reviewer, service_area_contact, social_worker_adviser, dpo, "
        "administrator");
  if (actor.empty()) return Status::Invalid("say who is acting");
  st = ctx_->store->Write([&](store::Transaction& tx) -> Status {
    auto existing = tx.FindUser(u.username);
    if (!existing.ok()) return existing.status();
    json before = *existing ? UserJson(**existing) : json::object();
    SARDESK_RETURN_IF_ERROR(tx.PutUser(u));
    return AppendAdminAudit(tx, *ctx_->time, actor, "user.put", "user", u.username, before, UserJson(u));
  });
  if (!st.ok()) return st;
  return u;
}

Result<std::vector<store::UserRow>> AdminService::ListUsers() {
  std::vector<store::UserRow> out;
  Status st = ctx_->store->Read([&](store::Transaction& tx) -> Status {
    SARDESK_ASSIGN_OR_RETURN(out, tx.ListUsers());
    return Status::Ok();
  });
  if (!st.ok()) return st;
  return out;
}

Settings AdminService::GetSettings() {
  std::lock_guard<std::mutex> lock(ctx_->settings_mu);
  return ctx_->settings;
}

Result<Settings> AdminService::UpdateSettings(const json& patch, const std::string& actor) {
  if (actor.empty()) return Status::Invalid("say who is acting");
  Settings current = GetSettings();
  Settings updated = current;
  SARDESK_RETURN_IF_ERROR(ApplySettingsJson(patch, &updated));
  Status st = ctx_->store->Write([&](store::Transaction& tx) -> Status {
    SARDESK_RETURN_IF_ERROR(tx.PutSetting("council", SettingsToJson(updated).dump()));
    return AppendAdminAudit(tx, *ctx_->time, actor, "settings.update", "settings", "council",
                            SettingsToJson(current), SettingsToJson(updated));
  });
  if (!st.ok()) return st;
  std::lock_guard<std::mutex> lock(ctx_->settings_mu);
  ctx_->settings = updated;
  return updated;
}

std::vector<redact::Exemption> AdminService::Exemptions() { return *ctx_->exemptions.Get(); }

namespace {

// The catalogue as stored, read inside the transaction so that two edits
// at once cannot lose one another.
Result<std::vector<redact::Exemption>> StoredCatalogue(store::Transaction& tx) {
  SARDESK_ASSIGN_OR_RETURN(auto stored, tx.GetSetting("exemptions"));
  if (!stored) return redact::DefaultExemptions();
  auto parsed = casework::ParseJsonText(*stored, 4u << 20);
  if (!parsed.ok()) return Status::Internal("the stored exemption catalogue is not valid JSON");
  return ExemptionsFromJson(*parsed);
}

using CatalogueEdit = std::function<Status(store::Transaction&, std::vector<redact::Exemption>&, json* before,
                                           json* after, std::string* action)>;

// Applies `edit` to the stored catalogue, checks the result, and saves it
// with its audit entry in one transaction; the holder changes after the commit.
Result<std::vector<redact::Exemption>> EditCatalogue(ServiceContext* ctx, const std::string& actor,
                                                     const std::string& code, const CatalogueEdit& edit) {
  if (actor.empty()) return Status::Invalid("say who is acting");
  std::vector<redact::Exemption> updated;
  SARDESK_RETURN_IF_ERROR(ctx->store->Write([&](store::Transaction& tx) -> Status {
    SARDESK_ASSIGN_OR_RETURN(updated, StoredCatalogue(tx));
    json before = json::object(), after = json::object();
    std::string action;
    SARDESK_RETURN_IF_ERROR(edit(tx, updated, &before, &after, &action));
    SARDESK_RETURN_IF_ERROR(redact::ValidateCatalogue(updated));
    SARDESK_RETURN_IF_ERROR(tx.PutSetting("exemptions", ExemptionsToJson(updated).dump()));
    return AppendAdminAudit(tx, *ctx->time, actor, action, "exemption", code, before, after);
  }));
  ctx->exemptions.Set(std::make_shared<const std::vector<redact::Exemption>>(updated));
  return updated;
}

std::vector<redact::Exemption>::iterator FindCode(std::vector<redact::Exemption>& list, const std::string& code) {
  return std::find_if(list.begin(), list.end(), [&](const redact::Exemption& e) { return e.code == code; });
}

}  // namespace

Result<std::vector<redact::Exemption>> AdminService::PutExemption(const json& body, const std::string& actor) {
  if (!body.is_object() || !body.contains("code") || !body["code"].is_string())
    return Status::Invalid("code: the exemption's code is required, e.g. \"third_party\"");
  const std::string code = body["code"].get<std::string>();
  return EditCatalogue(ctx_, actor, code.substr(0, 60),
                       [&](store::Transaction&, std::vector<redact::Exemption>& list, json* before, json* after,
                           std::string* action) -> Status {
                         auto it = FindCode(list, code);
                         const bool adding = it == list.end();
                         redact::Exemption entry = adding ? redact::Exemption{} : *it;
                         if (!adding) *before = ExemptionJson(entry);
                         SARDESK_RETURN_IF_ERROR(ApplyExemptionJson(body, &entry));
                         if (adding) list.push_back(entry);
                         else *it = entry;
                         *after = ExemptionJson(entry);
                         *action = adding ? "exemption.add" : "exemption.update";
                         return Status::Ok();
                       });
}

Result<std::vector<redact::Exemption>> AdminService::RemoveExemption(const std::string& code, const std::string& actor) {
  return EditCatalogue(ctx_, actor, code.substr(0, 60),
                       [&](store::Transaction& tx, std::vector<redact::Exemption>& list, json* before, json*,
                           std::string* action) -> Status {
                         auto it = FindCode(list, code);
                         if (it == list.end())
                           return Status::NotFound("no exemption \"" + code.substr(0, 60) + "\" in the catalogue");
                         SARDESK_ASSIGN_OR_RETURN(std::int64_t uses, tx.CountExemptionUses(code));
                         if (uses > 0)
                           return Status::Refused(std::to_string(uses) +
                                                  " redactions, rules or staff concerns rest on \"" + code +
                                                  "\": change their exemption before removing it");
                         *before = ExemptionJson(*it);
                         *action = "exemption.remove";
                         list.erase(it);
                         return Status::Ok();
                       });
}

Result<AuditVerification> AdminService::VerifyAudit() {
  AuditVerification v;
  audit::ChainVerifier chain;
  Status st = ctx_->store->Read([&](store::Transaction& tx) -> Status {
    store::AuditQuery q;
    q.limit = 5000;
    // The last entry that wrote each case's record (it carries the
    // record's digest), to compare with the stored case. Other entries on
    // a case (a bundle built, a portal upload) record events, not the record.
    std::map<std::string, audit::AuditEntry> last_of_case;
    for (;;) {
      SARDESK_ASSIGN_OR_RETURN(auto batch, tx.ReadAudit(q));
      if (batch.empty()) break;
      for (const auto& e : batch) {
        chain.Add(e);
        if (e.entity == "case" && e.after.find("\"_document_sha256\"") != std::string::npos)
          last_of_case[e.entity_id] = e;
      }
      q.after_seq = batch.back().seq;
    }
    SARDESK_ASSIGN_OR_RETURN(auto head, tx.AuditHead());
    chain.Finish(head);
    v.entries = chain.entries();
    for (const auto& p : chain.problems()) v.problems.push_back(p);

    store::CaseQuery cq;
    cq.limit = 1000000;
    SARDESK_ASSIGN_OR_RETURN(auto rows, tx.ListCases(cq));
    for (const auto& row : rows) {
      ++v.cases_checked;
      auto it = last_of_case.find(row.reference);
      if (it == last_of_case.end() || it->second.seq != row.audit_seq) {
        v.problems.push_back({row.audit_seq, "case " + row.reference +
                                                 " does not match its latest audit entry: changed outside sardesk"});
        continue;
      }
      auto after = casework::ParseJsonText(it->second.after, 64u << 20);
      std::string recorded = after.ok() && after->contains("_document_sha256") && (*after)["_document_sha256"].is_string()
                                 ? (*after)["_document_sha256"].get<std::string>()
                                 : "";
      if (recorded != Sha256Hex(row.document))
        v.problems.push_back({row.audit_seq, "case " + row.reference +
                                                 " was changed outside sardesk: its record does not match the audit trail"});
    }
    return Status::Ok();
  });
  if (!st.ok()) return st;
  v.ok = v.problems.empty();
  return v;
}

json AdminService::ReferenceData() {
  // Built once: it depends on nothing that changes while sardesk runs, and
  // every page of the web application asks for it.
  static const json kData = BuildReferenceData();
  return kData;
}

json AdminService::BuildReferenceData() {
  json enums = json::object();
  for (const auto& e : casework::EnumCatalogue()) {
    json values = json::array();
    for (const auto& v : e.values) values.push_back({{"value", v.wire}, {"label", v.label}});
    enums[e.name] = values;
  }
  json docs = json::array();
  for (const auto& d : enums["document_type"]) {
    auto type = casework::ParseDocumentType(d["value"].get<std::string>());
    json purposes = json::array();
    for (auto p : {casework::EvidencePurpose::kPhotoId, casework::EvidencePurpose::kProofOfAddress,
                   casework::EvidencePurpose::kAuthority})
      if (casework::DocumentServes(*type, p)) purposes.push_back(std::string(casework::ToWire(p)));
    docs.push_back({{"value", d["value"]}, {"label", d["label"]}, {"serves", purposes}});
  }
  return {{"enums", enums},
          {"document_types", docs},
          {"roles", kRoles},
          {"regions", {"england-and-wales", "scotland", "northern-ireland"}},
          {"stages", {"validate", "search", "collate", "redact", "qa", "release"}}};
}

Result<Date> AdminService::Deadline(const std::string& received, const std::string& region_name,
                                    int extension_months, int paused_days) {
  auto start = Date::Parse(received);
  if (!start.ok()) return Status::Invalid("received: " + start.status().message());
  clock::Region region = GetSettings().region;
  if (!region_name.empty()) {
    auto parsed = clock::ParseRegion(region_name);
    if (!parsed.ok()) return Status::Invalid("region: " + parsed.status().message());
    region = *parsed;
  }
  SARDESK_RETURN_IF_ERROR(clock::CheckExtension(clock::DeadlineRule::kOneCalendarMonth, extension_months));
  if (paused_days < 0 || paused_days > 3650) return Status::Invalid("paused days: between 0 and 3650");
  return clock::OneMonthDue(*ctx_->calendar.Get(), region, *start, extension_months, paused_days);
}

std::vector<clock::Holiday> AdminService::Holidays(clock::Region region) {
  return ctx_->calendar.Get()->List(region);
}

}  // namespace sardesk::service
