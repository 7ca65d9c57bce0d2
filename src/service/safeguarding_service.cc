#include "service/safeguarding_service.h"

#include <map>
#include <optional>
#include <set>

#include "case/json_reader.h"
#include "service/release_gate.h"

namespace sardesk::service {

using nlohmann::json;

namespace {

bool Usable(const store::DocumentRow& d) { return d.status == "ready" && !d.excluded && !d.pdf_sha256.empty(); }

Status Audit(store::Transaction& tx, const TimeSource& time, const std::string& actor, const std::string& action,
             const std::string& entity, const std::string& id, const json& after) {
  audit::AuditEntry a;
  a.at = time.NowIso();
  a.actor = actor;
  a.action = action;
  a.entity = entity;
  a.entity_id = id;
  a.before = "{}";
  a.after = after.dump(-1, ' ', false, json::error_handler_t::replace);
  auto appended = tx.AppendAudit(a);
  return appended.ok() ? Status::Ok() : appended.status();
}

json MeetingJson(const store::SafeguardingMeetingRow& m) {
  json attendees = json::parse(m.attendees_json, nullptr, false);
  json documents = json::parse(m.documents_json, nullptr, false);
  return {{"id", m.id},
          {"held_on", m.held_on},
          {"attendees", attendees.is_array() ? attendees : json::array()},
          {"outcome", m.outcome},
          {"notes", m.notes},
          {"documents", documents.is_array() ? documents : json::array()},
          {"recorded_by", m.recorded_by},
          {"recorded_at", m.recorded_at}};
}

// The flagged documents of the bundle (pages left out of it do not count).
Result<std::set<std::int64_t>> FlaggedDocuments(store::Transaction& tx, const std::string& reference,
                                                const std::map<std::int64_t, store::DocumentRow>& docs) {
  store::PageQuery q;
  q.case_ref = reference;
  SARDESK_ASSIGN_OR_RETURN(auto pages, tx.ListPages(q));
  std::set<std::pair<std::int64_t, int>> excluded;
  for (const auto& p : pages)
    if (p.excluded) excluded.insert({p.document_id, p.page_index});
  SARDESK_ASSIGN_OR_RETURN(auto flags, tx.ListSafeguardingFlags(reference));
  std::set<std::int64_t> out;
  for (const auto& f : flags) {
    auto d = docs.find(f.document_id);
    if (d != docs.end() && Usable(d->second) && !excluded.count({f.document_id, f.page_index}))
      out.insert(f.document_id);
  }
  return out;
}

}  // namespace

Result<json> SafeguardingService::Show(const std::string& reference) {
  json flags = json::array(), unchecked = json::array(), meetings = json::array();
  casework::ReleaseBlockers blockers;
  SARDESK_RETURN_IF_ERROR(ctx_->store->Read([&](store::Transaction& tx) -> Status {
    SARDESK_ASSIGN_OR_RETURN(auto row, tx.FindCase(reference));
    if (!row) return Status::NotFound("no request with reference " + reference.substr(0, 40));
    SARDESK_ASSIGN_OR_RETURN(auto list, tx.ListDocuments(reference));
    std::map<std::int64_t, store::DocumentRow> docs;
    for (auto& d : list) docs[d.id] = d;
    store::PageQuery q;
    q.case_ref = reference;
    SARDESK_ASSIGN_OR_RETURN(auto pages, tx.ListPages(q));
    std::set<std::pair<std::int64_t, int>> excluded;
    for (const auto& p : pages)
      if (p.excluded) excluded.insert({p.document_id, p.page_index});
    SARDESK_ASSIGN_OR_RETURN(auto rows, tx.ListSafeguardingFlags(reference));
    for (const auto& f : rows) {
      auto d = docs.find(f.document_id);
      flags.push_back(
          {{"document_id", f.document_id},
           {"filename", d == docs.end() ? "" : d->second.filename},
           {"page", f.page_index + 1},
           {"flag", f.flag},
           {"sentences", f.sentences},
           {"in_bundle", d != docs.end() && Usable(d->second) && !excluded.count({f.document_id, f.page_index})},
           {"detected_by", f.detected_by},
           {"detected_at", f.detected_at}});
    }
    SARDESK_ASSIGN_OR_RETURN(auto checks, tx.ListSafeguardingChecks(reference));
    std::set<std::int64_t> checked;
    for (const auto& c : checks) checked.insert(c.document_id);
    for (const auto& [id, d] : docs)
      if (Usable(d) && !checked.count(id)) unchecked.push_back({{"document_id", id}, {"filename", d.filename}});
    SARDESK_ASSIGN_OR_RETURN(auto held, tx.ListSafeguardingMeetings(reference));
    for (const auto& m : held) meetings.push_back(MeetingJson(m));
    SARDESK_ASSIGN_OR_RETURN(blockers, ReleaseBlockersIn(tx, reference, *ctx_->exemptions.Get()));
    return Status::Ok();
  }));
  return json{{"reference", reference},
              {"flags", flags},
              {"unchecked_documents", unchecked},
              {"meetings", meetings},
              {"release_blockers", blockers.messages}};
}

Result<json> SafeguardingService::RecordMeeting(const std::string& reference, const json& body,
                                                const std::string& actor) {
  if (actor.empty()) return Status::Invalid("say who is acting");
  store::SafeguardingMeetingRow m;
  Date held_on;
  std::vector<std::string> attendees;
  std::optional<std::vector<std::int64_t>> documents;
  SARDESK_RETURN_IF_ERROR(casework::ReadObject(body, [&](casework::JsonReader& r) {
    r.Day("held_on", &held_on, true);
    r.StrList("attendees", &attendees);
    r.Str("outcome", &m.outcome, 30, true);
    r.Text("notes", &m.notes);
    r.Allow("documents");
  }));
  if (m.outcome != "release" && m.outcome != "release_with_support" && m.outcome != "withhold_part" &&
      m.outcome != "withhold_all")
    return Status::Invalid("outcome: use release, release_with_support, withhold_part or withhold_all");
  json clean_attendees = json::array();
  for (const auto& a : attendees)
    if (a.find_first_not_of(" \t") != std::string::npos) clean_attendees.push_back(a);
  if (clean_attendees.empty()) return Status::Invalid("attendees: name who attended the meeting");
  if ((m.outcome == "withhold_part" || m.outcome == "withhold_all") &&
      m.notes.find_first_not_of(" \t\r\n") == std::string::npos)
    return Status::Invalid("notes: say what is withheld and why (the serious harm the meeting foresaw)");
  if (body.contains("documents")) {
    const json& d = body["documents"];
    if (!d.is_array() || d.size() > casework::kMaxListItems)
      return Status::Invalid("documents: a list of document ids (at most 200)");
    documents.emplace();
    for (const auto& id : d) {
      if (!id.is_number_integer() || id.get<std::int64_t>() < 1)
        return Status::Invalid("documents: document ids are whole numbers");
      documents->push_back(id.get<std::int64_t>());
    }
  }
  if (held_on > ctx_->time->Today()) return Status::Invalid("held_on: " + held_on.ToString() + " is in the future");
  m.case_ref = reference;
  m.held_on = held_on.ToString();
  m.attendees_json = clean_attendees.dump();
  m.recorded_by = actor;
  m.recorded_at = ctx_->time->NowIso();
  json withheld = json::array();
  SARDESK_RETURN_IF_ERROR(ctx_->store->Write([&](store::Transaction& tx) -> Status {
    withheld = json::array();
    SARDESK_ASSIGN_OR_RETURN(auto row, tx.FindCase(reference));
    if (!row) return Status::NotFound("no request with reference " + reference.substr(0, 40));
    auto received = Date::Parse(row->received);
    if (received.ok() && held_on < *received) return Status::Invalid("held_on: before the request was received");
    SARDESK_ASSIGN_OR_RETURN(auto list, tx.ListDocuments(reference));
    std::map<std::int64_t, store::DocumentRow> docs;
    for (auto& d : list) docs[d.id] = d;
    std::set<std::int64_t> considered;
    if (documents) {
      for (std::int64_t id : *documents) {
        auto d = docs.find(id);
        if (d == docs.end())
          return Status::NotFound("no document " + std::to_string(id) + " on " + reference.substr(0, 40));
        if (!Usable(d->second))
          return Status::Invalid("documents: document " + std::to_string(id) + " is not in the bundle (" +
                                 (d->second.excluded ? "excluded" : d->second.status) + ")");
        considered.insert(id);
      }
    } else {
      SARDESK_ASSIGN_OR_RETURN(considered, FlaggedDocuments(tx, reference, docs));
    }
    if (m.outcome == "withhold_all" && considered.empty())
      return Status::Invalid("documents: say which documents are withheld (no document is flagged)");
    m.documents_json = json(std::vector<std::int64_t>(considered.begin(), considered.end())).dump();
    SARDESK_ASSIGN_OR_RETURN(m.id, tx.InsertSafeguardingMeeting(m));
    if (m.outcome == "withhold_all") {
      store::RedactionQuery q;
      q.case_ref = reference;
      q.page_index = -1;
      q.status = "accepted";
      SARDESK_ASSIGN_OR_RETURN(auto whole, tx.ListRedactions(q));
      for (std::int64_t id : considered) {
        bool already = false;
        for (const auto& r : whole) already = already || (r.document_id == id && r.exemption == "serious_harm");
        if (already) continue;
        store::RedactionRow r;
        r.case_ref = reference;
        r.document_id = id;
        r.page_index = -1;
        r.scope = "document";
        r.category = "document";
        r.exemption = "serious_harm";
        r.reason = "withheld in full after safeguarding meeting " + std::to_string(m.id) + " on " + m.held_on;
        r.source = "officer";
        r.status = "accepted";
        r.proposed_by = r.decided_by = actor;
        r.proposed_at = r.decided_at = m.recorded_at;
        SARDESK_ASSIGN_OR_RETURN(r.id, tx.InsertRedaction(r));
        SARDESK_RETURN_IF_ERROR(Audit(tx, *ctx_->time, actor, "redaction.add", "redaction", std::to_string(r.id),
                                      {{"id", r.id},
                                       {"document_id", id},
                                       {"scope", r.scope},
                                       {"exemption", r.exemption},
                                       {"reason", r.reason},
                                       {"source", r.source},
                                       {"status", r.status}}));
        withheld.push_back(r.id);
      }
    }
    return Audit(tx, *ctx_->time, actor, "safeguarding.meeting", "safeguarding_meeting", std::to_string(m.id),
                 {{"case_ref", reference},
                  {"held_on", m.held_on},
                  {"attendees", clean_attendees},
                  {"outcome", m.outcome},
                  {"notes", m.notes},
                  {"documents", json::parse(m.documents_json)},
                  {"withheld_redactions", withheld}});
  }));
  casework::ReleaseBlockers blockers;
  SARDESK_RETURN_IF_ERROR(ctx_->store->Read([&](store::Transaction& tx) -> Status {
    SARDESK_ASSIGN_OR_RETURN(blockers, ReleaseBlockersIn(tx, reference, *ctx_->exemptions.Get()));
    return Status::Ok();
  }));
  json out = MeetingJson(m);
  out["withheld_redactions"] = withheld;
  out["release_blockers"] = blockers.messages;
  return out;
}

}  // namespace sardesk::service
