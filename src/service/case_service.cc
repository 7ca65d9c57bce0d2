#include "service/case_service.h"

#include <algorithm>

#include "case/case_json.h"
#include "case/json_reader.h"
#include "case/repeat.h"
#include "common/sha256.h"
#include "service/release_gate.h"

namespace sardesk::service {

using casework::CaseRecord;
using casework::CaseStatus;
using casework::JsonReader;
using nlohmann::json;

namespace {

constexpr char kRightsNotice[] =
    "You have the right to complain to the Information Commissioner's Office (ICO), Wycliffe "
    "House, Water Lane, Wilmslow SK9 5AF, telephone 0303 123 1113, ico.org.uk/make-a-complaint, "
    "and the right to seek to enforce your right of access through a judicial remedy (the "
    "courts).";

std::string RoutePrefix(casework::Route r) {
  switch (r) {
    case casework::Route::kSar: return "SAR";
    case casework::Route::kFoi: return "FOI";
    case casework::Route::kEir: return "EIR";
    case casework::Route::kLawEnforcement: return "LE";
    case casework::Route::kOtherDisclosure: return "DISC";
  }
  return "REQ";
}

std::string Pad6(std::int64_t n) {
  std::string s = std::to_string(n);
  return s.size() >= 6 ? s : std::string(6 - s.size(), '0') + s;
}


// Plausibility checks on values a person typed.
Status CheckRecordValues(const CaseRecord& r, Date today) {
  if (r.received > today) return Status::Invalid("received: " + r.received.ToString() + " is in the future");
  if (r.subject.name.find_first_not_of(" \t") == std::string::npos)
    return Status::Invalid("subject.name: the data subject's name is required");
  if (r.subject.dob && *r.subject.dob > r.received)
    return Status::Invalid("subject.dob: the date of birth is after the request was received");
  if (r.subject.date_of_death && r.subject.dob && *r.subject.date_of_death < *r.subject.dob)
    return Status::Invalid("subject.date_of_death: before the date of birth");
  if (r.subject.date_of_death && !r.subject.deceased)
    return Status::Invalid("subject.deceased: set it to true when giving a date of death");
  if (r.scope.date_from && r.scope.date_to && *r.scope.date_from > *r.scope.date_to)
    return Status::Invalid("scope.date_from: the date range starts after it ends");
  if (r.verbatim_confirmed_on && *r.verbatim_confirmed_on < r.received)
    return Status::Invalid("verbatim_confirmed_on: before the request was received");
  if (r.requester.relationship != casework::Relationship::kSelf &&
      r.requester.name.find_first_not_of(" \t") == std::string::npos)
    return Status::Invalid("requester.name: give the name of the person acting for the data subject");
  if (r.requester.relationship != casework::Relationship::kParentalResponsibility &&
      r.requester.pr_basis != casework::PrBasis::kNone)
    return Status::Invalid("requester.pr_basis: only for a requester with parental responsibility");
  return Status::Ok();
}

json ChangedFields(const json& before, const json& after, json* before_out) {
  json diff = json::object();
  *before_out = json::object();
  for (auto it = after.begin(); it != after.end(); ++it) {
    if (it.key() == "version") continue;
    auto b = before.find(it.key());
    if (b == before.end() || *b != it.value()) {
      diff[it.key()] = it.value();
      (*before_out)[it.key()] = b == before.end() ? json(nullptr) : *b;
    }
  }
  return diff;
}

store::CaseRow RowFromView(const CaseView& v, const std::string& document, std::int64_t audit_seq,
                           const std::string& now) {
  const auto& r = v.record;
  store::CaseRow row;
  row.reference = r.reference;
  row.version = r.version;
  row.status = std::string(casework::ToWire(r.status));
  row.route = std::string(casework::ToWire(r.route));
  row.assigned_officer = r.assigned_officer;
  row.subject_key = casework::NormaliseName(r.subject.name);
  row.subject_dob = r.subject.dob ? r.subject.dob->ToString() : "";
  row.received = r.received.ToString();
  row.due = v.clock.due ? v.clock.due->ToString() : "";
  row.stage_due = v.stage_due ? v.stage_due->ToString() : "";
  row.open = casework::IsOpen(r.status);
  row.audit_seq = audit_seq;
  row.updated_at = now;
  row.document = document;
  return row;
}

Date OrToday(const std::optional<Date>& d, Date today) { return d ? *d : today; }

// RFC 7386 merge, except that null is kept (it clears an optional value)
// rather than deleting the key.
void MergeKeepingNulls(json& target, const json& patch) {
  if (!patch.is_object() || !target.is_object()) {
    target = patch;
    return;
  }
  for (auto it = patch.begin(); it != patch.end(); ++it) {
    if (it.value().is_object() && target.contains(it.key()) && target[it.key()].is_object())
      MergeKeepingNulls(target[it.key()], it.value());
    else
      target[it.key()] = it.value();
  }
}

}  // namespace

Result<CaseRecord> RecordFromRow(const store::CaseRow& row) {
  auto parsed = casework::ParseJsonText(row.document, 64u << 20);
  if (!parsed.ok()) return Status::Internal("the stored record " + row.reference + " is not valid JSON");
  auto rec = casework::CaseFromJson(*parsed);
  if (!rec.ok()) return Status::Internal("the stored record " + row.reference + " is damaged: " + rec.status().message());
  return rec;
}

Settings CaseService::CurrentSettings() {
  std::lock_guard<std::mutex> lock(ctx_->settings_mu);
  return ctx_->settings;
}

CaseView CaseService::View(CaseRecord record, const casework::ReleaseBlockers& blockers) {
  return BuildView(std::move(record), *ctx_->calendar.Get(), CurrentSettings(), ctx_->time->Today(), blockers);
}

Result<casework::ReleaseBlockers> CaseService::BlockersIn(store::Transaction& tx, const std::string& reference) {
  return ReleaseBlockersIn(tx, reference, *ctx_->exemptions.Get());
}

Result<CaseView> CaseService::ViewIn(store::Transaction& tx, CaseRecord record) {
  casework::ReleaseBlockers blockers;
  if (ShowsReleaseBlockers(record.status)) {
    SARDESK_ASSIGN_OR_RETURN(blockers, BlockersIn(tx, record.reference));
  }
  return View(std::move(record), blockers);
}

Result<std::string> CaseService::NewReference(store::Transaction& tx, casework::Route route, Date received) {
  std::string key = RoutePrefix(route) + "-" + std::to_string(received.year());
  auto n = tx.NextSequence(key);
  if (!n.ok()) return n.status();
  return key + "-" + Pad6(*n);
}

Status CaseService::FlagRepeats(store::Transaction& tx, CaseRecord& rec) {
  if (!rec.subject.dob) return Status::Ok();
  store::CaseQuery q;
  q.subject_dob = rec.subject.dob->ToString();
  q.limit = 200;
  auto rows = tx.ListCases(q);
  if (!rows.ok()) return rows.status();
  int interval = CurrentSettings().repeat_interval_days;
  rec.possible_repeat_of.clear();
  for (const auto& row : *rows) {
    auto other = RecordFromRow(row);
    if (!other.ok()) return other.status();
    if (casework::IsPossibleRepeat(rec, *other, interval)) rec.possible_repeat_of.push_back(other->reference);
  }
  return Status::Ok();
}

Status CaseService::RequireManager(store::Transaction& tx, const std::string& actor, const std::string& what) {
  auto user = tx.FindUser(actor);
  if (!user.ok()) return user.status();
  if (!*user || !(*user)->active || (*user)->role != "ig_manager")
    return Status::Denied(what + " needs an IG manager; '" + actor + "' is not one");
  return Status::Ok();
}

Status CaseService::SaveNew(store::Transaction& tx, CaseRecord& rec, const std::string& actor,
                            const std::string& action, const std::string& extra_before) {
  rec.version = 1;
  CaseView view = View(rec);
  std::string now = ctx_->time->NowIso();
  json doc = casework::ToJson(rec);
  std::string document = doc.dump();
  json after = doc;
  after["_document_sha256"] = Sha256Hex(document);
  audit::AuditEntry e;
  e.at = now;
  e.actor = actor;
  e.action = action;
  e.entity = "case";
  e.entity_id = rec.reference;
  e.before = extra_before.empty() ? "{}" : extra_before;
  e.after = after.dump();
  auto appended = tx.AppendAudit(e);
  if (!appended.ok()) return appended.status();
  return tx.InsertCase(RowFromView(view, document, appended->seq, now));
}

Result<CaseView> CaseService::Create(const json& body, const std::string& actor) {
  if (actor.empty()) return Status::Invalid("say who is recording the request");
  if (!body.is_object()) return Status::Invalid("the body must be a JSON object");
  Date today = ctx_->time->Today();
  CaseRecord rec;
  rec.received = today;
  json fields = body;
  std::string officer;
  if (fields.contains("assigned_officer")) {
    if (!fields["assigned_officer"].is_string() || fields["assigned_officer"].get_ref<const std::string&>().size() > 100)
      return Status::Invalid("assigned_officer: must be a username");
    officer = fields["assigned_officer"].get<std::string>();
    fields.erase("assigned_officer");
  }
  SARDESK_RETURN_IF_ERROR(casework::ApplyEditableFields(fields, &rec));
  if (!fields.contains("subject")) return Status::Invalid("subject: the data subject is required");
  SARDESK_RETURN_IF_ERROR(CheckRecordValues(rec, today));
  bool foi = rec.route == casework::Route::kFoi || rec.route == casework::Route::kEir;
  if (foi && !fields.contains("identity_required")) {
    rec.identity_required = false;
    rec.identity_waiver_reason = "FOI and EIR requests do not need identity evidence";
  }
  rec.status = CaseStatus::kReceived;
  rec.history.push_back({CaseStatus::kReceived, rec.received, actor, "request received"});

  std::optional<CaseView> out;
  Status st = ctx_->store->Write([&](store::Transaction& tx) -> Status {
    if (!officer.empty()) {
      auto user = tx.FindUser(officer);
      if (!user.ok()) return user.status();
      if (!*user) return Status::Invalid("assigned_officer: no user '" + officer + "'");
      rec.assigned_officer = officer;
    }
    SARDESK_ASSIGN_OR_RETURN(rec.reference, NewReference(tx, rec.route, rec.received));
    SARDESK_RETURN_IF_ERROR(FlagRepeats(tx, rec));
    SARDESK_RETURN_IF_ERROR(SaveNew(tx, rec, actor, "case.create"));
    out = View(rec);
    return Status::Ok();
  });
  if (!st.ok()) return st;
  return std::move(*out);
}

Result<CaseView> CaseService::Get(const std::string& reference, bool release_blockers) {
  std::optional<CaseView> view;
  Status st = ctx_->store->Read([&](store::Transaction& tx) -> Status {
    auto row = tx.FindCase(reference);
    if (!row.ok()) return row.status();
    if (!*row) return Status::NotFound("no request with reference " + reference.substr(0, 40));
    SARDESK_ASSIGN_OR_RETURN(CaseRecord rec, RecordFromRow(**row));
    if (!release_blockers) {
      view = View(std::move(rec));
      return Status::Ok();
    }
    SARDESK_ASSIGN_OR_RETURN(view, ViewIn(tx, std::move(rec)));
    return Status::Ok();
  });
  if (!st.ok()) return st;
  return std::move(*view);
}

Result<std::vector<store::CaseRow>> CaseService::ListRows(const CaseFilter& f, bool without_document) {
  store::CaseQuery q;
  q.without_document = without_document;
  q.status = f.status;
  q.officer = f.officer;
  q.text = f.text;
  q.open_only = f.open_only || f.overdue_only;
  q.limit = std::clamp<std::int64_t>(f.limit, 1, 5000);
  q.offset = std::max<std::int64_t>(f.offset, 0);
  if (!f.status.empty()) {
    auto parsed = casework::ParseCaseStatus(f.status);
    if (!parsed.ok()) return parsed.status();
  }
  std::vector<store::CaseRow> rows;
  Status st = ctx_->store->Read([&](store::Transaction& tx) -> Status {
    // Subject names are stored normalised; references as typed.
    store::CaseQuery by_name = q;
    if (!q.text.empty()) {
      std::string norm = casework::NormaliseName(q.text);
      by_name.text = norm.empty() ? q.text : norm;
    }
    SARDESK_ASSIGN_OR_RETURN(rows, tx.ListCases(by_name));
    if (rows.empty() && !q.text.empty() && by_name.text != q.text) {
      SARDESK_ASSIGN_OR_RETURN(rows, tx.ListCases(q));
    }
    return Status::Ok();
  });
  if (!st.ok()) return st;
  return rows;
}

Result<std::vector<CaseView>> CaseService::List(const CaseFilter& f) {
  SARDESK_ASSIGN_OR_RETURN(auto rows, ListRows(f));
  std::vector<CaseView> out;
  for (const auto& row : rows) {
    auto rec = RecordFromRow(row);
    if (!rec.ok()) return rec.status();
    CaseView v = View(std::move(*rec));
    if (f.overdue_only && !v.overdue && !v.stage_overdue) continue;
    out.push_back(std::move(v));
  }
  return out;
}

Result<std::string> CaseService::ListSummariesJson(const CaseFilter& f, size_t* count) {
  // The columns first (no documents): a summary already made for the same
  // version of a record is used as it is.
  SARDESK_ASSIGN_OR_RETURN(auto rows, ListRows(f, /*without_document=*/true));
  // What every summary depends on besides its record: today, the calendar
  // and the settings. When any of them changes the whole cache goes.
  auto calendar = ctx_->calendar.Get();
  Settings settings = CurrentSettings();
  std::string settings_key = SettingsToJson(settings).dump();
  Date today = ctx_->time->Today();
  auto same_context = [&](const SummaryCache& c) {
    return c.calendar == calendar && c.settings_key == settings_key && c.today == today;
  };
  std::vector<std::shared_ptr<const SummaryCache::Entry>> entries(rows.size());
  std::vector<size_t> missing;
  {
    std::lock_guard<std::mutex> lock(summaries_->mu);
    auto& c = *summaries_;
    if (!same_context(c)) {
      c.entries.clear();
      c.calendar = calendar;
      c.settings_key = settings_key;
      c.today = today;
    }
    for (size_t i = 0; i < rows.size(); ++i) {
      auto it = c.entries.find(rows[i].reference);
      if (it != c.entries.end() && it->second->version == rows[i].version) entries[i] = it->second;
      else missing.push_back(i);
    }
  }
  if (!missing.empty()) {
    // The records not yet summarised, read whole (at the version listed or later).
    std::vector<store::CaseRow> full(missing.size());
    SARDESK_RETURN_IF_ERROR(ctx_->store->Read([&](store::Transaction& tx) -> Status {
      for (size_t k = 0; k < missing.size(); ++k) {
        SARDESK_ASSIGN_OR_RETURN(auto row, tx.FindCase(rows[missing[k]].reference));
        if (!row) return Status::NotFound("request " + rows[missing[k]].reference + " is gone");
        full[k] = std::move(*row);
      }
      return Status::Ok();
    }));
    std::vector<std::shared_ptr<const SummaryCache::Entry>> made;
    for (size_t k = 0; k < missing.size(); ++k) {
      auto rec = RecordFromRow(full[k]);
      if (!rec.ok()) return rec.status();
      nlohmann::json summary = SummaryJson(BuildView(std::move(*rec), *calendar, settings, today));
      auto e = std::make_shared<SummaryCache::Entry>();
      e->version = full[k].version;
      e->late = summary["overdue"].get<bool>() || summary["stage_overdue"].get<bool>();
      e->text = summary.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
      entries[missing[k]] = e;
      made.push_back(std::move(e));
    }
    std::lock_guard<std::mutex> lock(summaries_->mu);
    auto& c = *summaries_;
    if (same_context(c)) {
      if (c.entries.size() + made.size() > SummaryCache::kMaxEntries) c.entries.clear();
      for (size_t k = 0; k < missing.size(); ++k) c.entries[full[k].reference] = made[k];
    }
  }
  std::string out = "[";
  size_t bytes = 2;
  for (const auto& e : entries) bytes += e->text.size() + 1;
  out.reserve(bytes);
  size_t n = 0;
  for (const auto& e : entries) {
    if (f.overdue_only && !e->late) continue;
    if (n++) out += ',';
    out += e->text;
  }
  out += ']';
  if (count) *count = n;
  return out;
}

namespace {

using MutateFn = std::function<Status(CaseRecord&, store::Transaction&)>;

using ViewFn = std::function<Result<CaseView>(store::Transaction&, CaseRecord)>;

// The body of one action inside an open transaction: loads the case, applies
// fn, checks, audits and saves. `view` builds the view of a record.
Status MutateInTransaction(store::Transaction& tx, const TimeSource& time, const ViewFn& view,
                           const std::string& reference,
                           const std::string& actor, const std::string& action, const MutateFn& fn,
                           std::optional<std::int64_t> expected_version, std::optional<CaseView>* out) {
  auto row = tx.FindCase(reference);
  if (!row.ok()) return row.status();
  if (!*row) return Status::NotFound("no request with reference " + reference.substr(0, 40));
  SARDESK_ASSIGN_OR_RETURN(CaseRecord rec, RecordFromRow(**row));
  if (expected_version && *expected_version != rec.version)
    return Status::Conflict("request " + reference + " is at version " + std::to_string(rec.version) +
                            ", not " + std::to_string(*expected_version) + ": reload it and try again");
  const CaseRecord before = rec;
  SARDESK_RETURN_IF_ERROR(fn(rec, tx));
  SARDESK_RETURN_IF_ERROR(CheckRecordValues(rec, std::max(time.Today(), rec.received)));
  rec.reference = before.reference;
  rec.version = before.version;
  json before_json = casework::ToJson(before);
  json after_json = casework::ToJson(rec);
  json changed_before;
  json changed = ChangedFields(before_json, after_json, &changed_before);
  if (changed.empty()) {  // nothing to record
    SARDESK_ASSIGN_OR_RETURN(*out, view(tx, rec));
    return Status::Ok();
  }
  rec.version = before.version + 1;
  after_json["version"] = rec.version;
  std::string document = after_json.dump();
  changed["_document_sha256"] = Sha256Hex(document);
  std::string now = time.NowIso();
  audit::AuditEntry e;
  e.at = now;
  e.actor = actor;
  e.action = action;
  e.entity = "case";
  e.entity_id = reference;
  e.before = changed_before.dump();
  e.after = changed.dump();
  auto appended = tx.AppendAudit(e);
  if (!appended.ok()) return appended.status();
  SARDESK_ASSIGN_OR_RETURN(CaseView v, view(tx, rec));
  SARDESK_RETURN_IF_ERROR(tx.UpdateCase(RowFromView(v, document, appended->seq, now), before.version));
  *out = std::move(v);
  return Status::Ok();
}

}  // namespace

Result<CaseView> CaseService::Mutate(const std::string& reference, const std::string& actor,
                                     const std::string& action,
                                     const std::function<Status(CaseRecord&, store::Transaction&)>& fn,
                                     std::optional<std::int64_t> expected_version) {
  if (actor.empty()) return Status::Invalid("say who is acting");
  std::optional<CaseView> out;
  ViewFn view = [this](store::Transaction& tx, CaseRecord r) { return ViewIn(tx, std::move(r)); };
  Status st = ctx_->store->Write([&](store::Transaction& tx) -> Status {
    out.reset();
    return MutateInTransaction(tx, *ctx_->time, view, reference, actor, action, fn, expected_version, &out);
  });
  if (!st.ok()) return st;
  return std::move(*out);
}

Result<CaseView> CaseService::Update(const std::string& reference, const json& patch,
                                     std::optional<std::int64_t> expected_version, const std::string& actor) {
  if (!patch.is_object()) return Status::Invalid("the body must be a JSON object");
  return Mutate(reference, actor, "case.update", [&](CaseRecord& rec, store::Transaction& tx) -> Status {
    const Date old_received = rec.received;
    json current = casework::ToJson(rec);
    json editable = json::object();
    for (const auto& key : casework::EditableFieldNames()) editable[key] = current[key];
    if (patch.contains("assigned_officer"))
      return Status::Invalid("assigned_officer: use the assign action, which checks conflicts of interest");
    json merged = editable;
    MergeKeepingNulls(merged, patch);
    SARDESK_RETURN_IF_ERROR(casework::ApplyEditableFields(merged, &rec));
    if (rec.received != old_received && rec.received > ctx_->time->Today())
      return Status::Invalid("received: " + rec.received.ToString() + " is in the future");
    bool subject_changed = current["subject"] != casework::ToJson(rec)["subject"] ||
                           current["scope"] != casework::ToJson(rec)["scope"];
    if (subject_changed) SARDESK_RETURN_IF_ERROR(FlagRepeats(tx, rec));
    return Status::Ok();
  }, expected_version);
}

Result<CaseView> CaseService::Transition(const std::string& reference, const json& body, const std::string& actor) {
  casework::CaseStatus to = CaseStatus::kReceived;
  std::string reason;
  casework::Outcome outcome = casework::Outcome::kNone;
  std::optional<Date> on;
  SARDESK_RETURN_IF_ERROR(casework::ReadObject(body, [&](JsonReader& r) {
    r.Enum("to", &to, true);
    r.Text("reason", &reason);
    r.Enum("outcome", &outcome);
    r.OptDay("on", &on);
  }));
  if (to == CaseStatus::kReleased)
    return Status::Invalid("to: use the release action, which records the outcome and how it was sent");
  if (to == CaseStatus::kRefused)
    return Status::Invalid("to: use the refuse action, which records the grounds and tells the requester their rights");
  return Mutate(reference, actor, "case.transition", [&](CaseRecord& rec, store::Transaction& tx) -> Status {
    Date when = OrToday(on, ctx_->time->Today());
    if (when < rec.received) return Status::Invalid("on: before the request was received");
    if (when > ctx_->time->Today()) return Status::Invalid("on: " + when.ToString() + " is in the future");
    casework::ReleaseBlockers blockers;
    if (to == CaseStatus::kReadyForRelease) {
      SARDESK_ASSIGN_OR_RETURN(blockers, BlockersIn(tx, reference));
    }
    return casework::ApplyTransition(&rec, {to, reason, outcome, actor, when}, blockers);
  });
}

Result<CaseView> CaseService::AddEvidence(const std::string& reference, const json& body, const std::string& actor) {
  casework::Evidence e;
  std::optional<Date> seen_on;
  Status st;
  {
    JsonReader r(body, "", &st);
    r.Enum("party", &e.party);
    r.Enum("purpose", &e.purpose, true);
    r.Enum("type", &e.type, true);
    r.OptDay("document_date", &e.document_date);
    r.OptDay("seen_on", &seen_on);
    r.Text("notes", &e.notes);
    r.Finish();
  }
  if (!st.ok()) return st;
  return Mutate(reference, actor, "case.evidence.add", [&](CaseRecord& rec, store::Transaction&) -> Status {
    bool party_given = body.contains("party");
    if (!party_given && e.purpose != casework::EvidencePurpose::kAuthority) e.party = casework::IdentityParty(rec);
    if (!party_given && e.purpose == casework::EvidencePurpose::kAuthority) e.party = casework::EvidenceParty::kRequester;
    e.seen_on = OrToday(seen_on, ctx_->time->Today());
    if (e.seen_on > ctx_->time->Today()) return Status::Invalid("seen_on: in the future");
    e.seen_by = actor;
    e.rejection_reason = casework::EvidenceRejectionReason(e, rec);
    e.accepted = e.rejection_reason.empty();
    e.id = rec.NextId();
    rec.evidence.push_back(e);
    return Status::Ok();
  });
}

Result<CaseView> CaseService::RecordCompetence(const std::string& reference, const json& body, const std::string& actor) {
  casework::CompetenceAssessment c;
  c.assessed_on = ctx_->time->Today();
  c.assessed_by = actor;
  SARDESK_RETURN_IF_ERROR(casework::ReadObject(body, [&](JsonReader& r) {
    r.Day("assessed_on", &c.assessed_on);
    r.Str("assessed_by", &c.assessed_by);
    r.Bool("competent", &c.competent);
    r.OptBool("child_consents", &c.child_consents);
    r.Text("notes", &c.notes);
    if (!body.contains("competent")) r.Fail("competent", "is required (true or false)");
  }));
  return Mutate(reference, actor, "case.competence", [&](CaseRecord& rec, store::Transaction&) -> Status {
    if (!rec.subject.dob) return Status::Refused("record the data subject's date of birth first");
    if (!c.competent && c.child_consents)
      return Status::Invalid("child_consents: a child found not competent cannot give consent");
    rec.competence = c;
    return Status::Ok();
  });
}

Result<CaseView> CaseService::RequestClarification(const std::string& reference, const json& body, const std::string& actor) {
  casework::Clarification q;
  std::optional<Date> on;
  SARDESK_RETURN_IF_ERROR(casework::ReadObject(body, [&](JsonReader& r) {
    r.Text("question", &q.question, true);
    r.OptDay("requested_on", &on);
  }));
  return Mutate(reference, actor, "case.clarification.request", [&](CaseRecord& rec, store::Transaction&) -> Status {
    if (!casework::IsOpen(rec.status)) return Status::Refused("the request is " + std::string(casework::ToWire(rec.status)));
    for (const auto& c : rec.clarifications)
      if (!c.answered_on) return Status::Refused("clarification " + std::to_string(c.id) + " is still waiting for an answer");
    q.requested_on = OrToday(on, ctx_->time->Today());
    if (q.requested_on < rec.received) return Status::Invalid("requested_on: before the request was received");
    if (q.requested_on > ctx_->time->Today())
      return Status::Invalid("requested_on: " + q.requested_on.ToString() + " is in the future");
    q.id = rec.NextId();
    rec.clarifications.push_back(q);
    rec.communications.push_back({rec.NextId(), ctx_->time->NowIso(), casework::Direction::kOutgoing,
                                  casework::CommMethod::kSystem,
                                  "Clarification requested; the clock is paused until the answer arrives", actor});
    return Status::Ok();
  });
}

Result<CaseView> CaseService::AnswerClarification(const std::string& reference, std::int64_t id, const json& body,
                                                  const std::string& actor) {
  std::optional<Date> on;
  std::string summary;
  SARDESK_RETURN_IF_ERROR(casework::ReadObject(body, [&](JsonReader& r) {
    r.OptDay("answered_on", &on);
    r.Text("answer_summary", &summary);
  }));
  return Mutate(reference, actor, "case.clarification.answer", [&](CaseRecord& rec, store::Transaction&) -> Status {
    for (auto& c : rec.clarifications) {
      if (c.id != id) continue;
      if (c.answered_on) return Status::Refused("clarification " + std::to_string(id) + " was already answered");
      Date when = OrToday(on, ctx_->time->Today());
      if (when < c.requested_on) return Status::Invalid("answered_on: before the clarification was asked for");
      if (when > ctx_->time->Today())
        return Status::Invalid("answered_on: " + when.ToString() + " is in the future");
      c.answered_on = when;
      c.answer_summary = summary;
      return Status::Ok();
    }
    return Status::NotFound("no clarification " + std::to_string(id) + " on " + reference);
  });
}

Result<CaseView> CaseService::RecordExtension(const std::string& reference, const json& body, const std::string& actor) {
  std::int64_t months = 0;
  casework::Extension x;
  SARDESK_RETURN_IF_ERROR(casework::ReadObject(body, [&](JsonReader& r) {
    r.Int("months", &months, 1, 2, true);
    r.Text("reasons", &x.reasons, true);
    r.Day("requester_told_on", &x.requester_told_on, true);
  }));
  x.months = static_cast<int>(months);
  return Mutate(reference, actor, "case.extension", [&](CaseRecord& rec, store::Transaction&) -> Status {
    if (RuleFor(rec.route) != clock::DeadlineRule::kOneCalendarMonth)
      return Status::Refused("only subject access requests can be extended by months");
    if (!casework::IsOpen(rec.status)) return Status::Refused("the request is no longer open");
    CaseRecord without = rec;
    without.extension.reset();
    CaseView v = View(without);
    Date today = ctx_->time->Today();
    if (!v.clock.started)
      return Status::Refused("the clock has not started (waiting for " + v.clock.waiting_for + ")");
    if (!clock::ExtensionAllowedOn(v.clock, today))
      return Status::Refused("an extension must be recorded within the first month, by " +
                             v.clock.unextended_due->ToString());
    if (!clock::ExtensionAllowedOn(v.clock, x.requester_told_on))
      return Status::Refused("the requester must be told within the first month, by " +
                             v.clock.unextended_due->ToString());
    if (x.requester_told_on > today) return Status::Invalid("requester_told_on: in the future");
    if (x.requester_told_on < *v.clock.start) return Status::Invalid("requester_told_on: before the clock started");
    x.recorded_on = today;
    x.recorded_by = actor;
    rec.extension = x;
    return Status::Ok();
  });
}

Result<CaseView> CaseService::RecordFee(const std::string& reference, const json& body, const std::string& actor) {
  return Mutate(reference, actor, "case.fee", [&](CaseRecord& rec, store::Transaction&) -> Status {
    casework::Fee f = rec.fee;
    SARDESK_RETURN_IF_ERROR(casework::ReadObject(body, [&](JsonReader& r) {
      r.Bool("required", &f.required);
      r.Int("amount_pence", &f.amount_pence, 0, 100000000);
      r.Text("reason", &f.reason);
      r.OptDay("requested_on", &f.requested_on);
      r.OptDay("received_on", &f.received_on);
    }));
    if (f.required && f.reason.find_first_not_of(" \t") == std::string::npos)
      return Status::Invalid("reason: a fee may only be charged for a manifestly unfounded or excessive "
                             "request or further copies; record why");
    if (f.required && f.amount_pence <= 0) return Status::Invalid("amount_pence: give the fee in pence");
    if (f.required && !f.requested_on) f.requested_on = ctx_->time->Today();
    if (f.received_on && *f.received_on > ctx_->time->Today())
      return Status::Invalid("received_on: " + f.received_on->ToString() + " is in the future");
    if (f.received_on && f.requested_on && *f.received_on < *f.requested_on)
      return Status::Invalid("received_on: before the fee was requested");
    rec.fee = f;
    return Status::Ok();
  });
}

Result<CaseView> CaseService::AddCommunication(const std::string& reference, const json& body, const std::string& actor) {
  casework::Communication c;
  Status st;
  {
    JsonReader r(body, "", &st);
    r.Str("at", &c.at, 40);
    r.Enum("direction", &c.direction);
    r.Enum("method", &c.method, true);
    r.Text("summary", &c.summary, true);
    r.Finish();
  }
  if (!st.ok()) return st;
  if (!c.at.empty() && (c.at.size() < 10 || !Date::Parse(c.at.substr(0, 10)).ok()))
    return Status::Invalid("at: use an ISO 8601 date or timestamp, e.g. 2025-09-03T10:15:00Z");
  return Mutate(reference, actor, "case.communication.add", [&](CaseRecord& rec, store::Transaction&) -> Status {
    c.id = rec.NextId();
    if (c.at.empty()) c.at = ctx_->time->NowIso();
    c.by = actor;
    rec.communications.push_back(c);
    return Status::Ok();
  });
}

Result<CaseView> CaseService::Assign(const std::string& reference, const json& body, const std::string& actor) {
  std::string officer;
  SARDESK_RETURN_IF_ERROR(casework::ReadObject(body, [&](JsonReader& r) { r.Str("officer", &officer, 100, true); }));
  return Mutate(reference, actor, "case.assign", [&](CaseRecord& rec, store::Transaction& tx) -> Status {
    auto user = tx.FindUser(officer);
    if (!user.ok()) return user.status();
    if (!*user || !(*user)->active) return Status::Invalid("officer: no active user '" + officer + "'");
    for (const auto& c : rec.conflicts)
      if (c.officer == officer)
        return Status::Refused(officer + " declared a conflict of interest on " + c.declared_on.ToString() +
                               " and cannot be assigned to this request");
    bool reassigning = !rec.assigned_officer.empty() && rec.assigned_officer != officer;
    if (reassigning || !rec.conflicts.empty())
      SARDESK_RETURN_IF_ERROR(RequireManager(tx, actor, "reassigning a request"));
    rec.assigned_officer = officer;
    return Status::Ok();
  });
}

Result<CaseView> CaseService::DeclareConflict(const std::string& reference, const json& body, const std::string& actor) {
  std::string note;
  SARDESK_RETURN_IF_ERROR(casework::ReadObject(body, [&](JsonReader& r) { r.Text("note", &note); }));
  return Mutate(reference, actor, "case.conflict", [&](CaseRecord& rec, store::Transaction&) -> Status {
    for (const auto& c : rec.conflicts)
      if (c.officer == actor) return Status::Refused("you have already declared a conflict on this request");
    rec.conflicts.push_back({actor, ctx_->time->Today(), note});
    if (rec.assigned_officer == actor) rec.assigned_officer.clear();  // a manager must reassign
    return Status::Ok();
  });
}

Result<CaseView> CaseService::Split(const std::string& reference, const json& body, const std::string& actor) {
  casework::Route route = casework::Route::kFoi;
  std::string info;
  SARDESK_RETURN_IF_ERROR(casework::ReadObject(body, [&](JsonReader& r) {
    r.Enum("route", &route, true);
    r.Text("information_requested", &info, true);
  }));
  if (route != casework::Route::kFoi && route != casework::Route::kEir)
    return Status::Invalid("route: the split-off part of a mixed request is foi or eir");
  if (actor.empty()) return Status::Invalid("say who is acting");
  std::optional<CaseView> created;
  std::string new_ref;
  // Create the new request and link the original to it, each side audited, in
  // one transaction: a failure part-way leaves neither behind.
  ViewFn view = [this](store::Transaction& tx, CaseRecord r) { return ViewIn(tx, std::move(r)); };
  Status st = ctx_->store->Write([&](store::Transaction& tx) -> Status {
    auto row = tx.FindCase(reference);
    if (!row.ok()) return row.status();
    if (!*row) return Status::NotFound("no request with reference " + reference.substr(0, 40));
    SARDESK_ASSIGN_OR_RETURN(CaseRecord original, RecordFromRow(**row));
    if (original.route != casework::Route::kSar && original.route != casework::Route::kLawEnforcement)
      return Status::Refused("only a subject access request can be split into SAR and FOI parts");
    if (!casework::IsOpen(original.status)) return Status::Refused("the request is no longer open");
    CaseRecord part;
    part.received = original.received;
    part.channel = original.channel;
    part.verbatim_request = original.verbatim_request;
    part.route = route;
    part.subject = original.subject;
    part.requester = original.requester;
    part.scope.information_requested = info;
    part.identity_required = false;
    part.identity_waiver_reason = "FOI and EIR requests do not need identity evidence";
    part.split_from = original.reference;
    part.status = CaseStatus::kReceived;
    part.history.push_back({CaseStatus::kReceived, original.received, actor,
                            "split from mixed request " + original.reference});
    SARDESK_ASSIGN_OR_RETURN(part.reference, NewReference(tx, route, part.received));
    SARDESK_RETURN_IF_ERROR(SaveNew(tx, part, actor, "case.split.create"));
    new_ref = part.reference;
    created = View(part);
    std::optional<CaseView> linked;
    return MutateInTransaction(
        tx, *ctx_->time, view, reference, actor, "case.split",
        [&](CaseRecord& rec, store::Transaction&) -> Status {
          rec.split_into.push_back(new_ref);
          return Status::Ok();
        },
        std::nullopt, &linked);
  });
  if (!st.ok()) return st;
  return std::move(*created);
}

Result<CaseView> CaseService::Refuse(const std::string& reference, const json& body, const std::string& actor) {
  casework::Refusal f;
  SARDESK_RETURN_IF_ERROR(casework::ReadObject(body, [&](JsonReader& r) {
    r.Enum("ground", &f.ground, true);
    r.Text("reasons", &f.reasons, true);
    r.Bool("fee_offered", &f.fee_offered);
  }));
  if (f.ground != casework::Outcome::kRefusedManifestlyUnfounded && f.ground != casework::Outcome::kRefusedExcessive)
    return Status::Invalid("ground: refused_manifestly_unfounded or refused_excessive");
  if (f.reasons.size() < 20)
    return Status::Invalid("reasons: explain the decision in a sentence or more; the ICO may ask for it");
  return Mutate(reference, actor, "case.refuse", [&](CaseRecord& rec, store::Transaction&) -> Status {
    Date today = ctx_->time->Today();
    f.decided_on = today;
    f.decided_by = actor;
    f.rights_notice = kRightsNotice;
    rec.refusal = f;
    SARDESK_RETURN_IF_ERROR(casework::ApplyTransition(&rec, {CaseStatus::kRefused, f.reasons, f.ground, actor, today}));
    rec.communications.push_back({rec.NextId(), ctx_->time->NowIso(), casework::Direction::kOutgoing,
                                  casework::CommMethod::kSystem,
                                  "Refusal recorded (" + std::string(casework::Label(f.ground)) +
                                      "). The refusal must tell the requester: " + kRightsNotice,
                                  actor});
    return Status::Ok();
  });
}

Result<CaseView> CaseService::Release(const std::string& reference, const json& body, const std::string& actor) {
  casework::Outcome outcome = casework::Outcome::kNone;
  casework::Release rel;
  std::optional<Date> on;
  bool delivery_given = body.is_object() && body.contains("delivery");
  SARDESK_RETURN_IF_ERROR(casework::ReadObject(body, [&](JsonReader& r) {
    r.Enum("outcome", &outcome, true);
    r.Enum("delivery", &rel.delivery);
    r.Text("details", &rel.details);
    r.OptDay("released_on", &on);
  }));
  return Mutate(reference, actor, "case.release", [&](CaseRecord& rec, store::Transaction& tx) -> Status {
    rel.released_on = OrToday(on, ctx_->time->Today());
    if (rel.released_on > ctx_->time->Today())
      return Status::Invalid("released_on: " + rel.released_on.ToString() + " is in the future");
    if (rel.released_on < rec.received) return Status::Invalid("released_on: before the request was received");
    if (!delivery_given) rel.delivery = rec.delivery;
    SARDESK_ASSIGN_OR_RETURN(auto blockers, BlockersIn(tx, reference));
    SARDESK_RETURN_IF_ERROR(
        casework::ApplyTransition(&rec, {CaseStatus::kReleased, "released", outcome, actor, rel.released_on}, blockers));
    rec.release = rel;
    return Status::Ok();
  });
}

Result<CaseView> CaseService::AddComplaint(const std::string& reference, const json& body, const std::string& actor) {
  casework::Complaint c;
  Status st;
  {
    JsonReader r(body, "", &st);
    r.Enum("kind", &c.kind);
    r.Day("received_on", &c.received_on, true);
    r.Text("summary", &c.summary, true);
    r.OptDay("due", &c.due);
    r.Str("ico_reference", &c.ico_reference, 64);
    r.Finish();
  }
  if (!st.ok()) return st;
  return Mutate(reference, actor, "case.complaint.add", [&](CaseRecord& rec, store::Transaction&) -> Status {
    if (c.received_on < rec.received) return Status::Invalid("received_on: before the request itself");
    if (c.received_on > ctx_->time->Today()) return Status::Invalid("received_on: in the future");
    if (!c.due && c.kind != casework::ComplaintKind::kIco) {
      // Internal reviews and complaints: 20 working days (ICO good practice).
      c.due = ctx_->calendar.Get()->AddWorkingDays(CurrentSettings().region, c.received_on, 20);
    }
    c.id = rec.NextId();
    rec.complaints.push_back(c);
    return Status::Ok();
  });
}

Result<CaseView> CaseService::UpdateComplaint(const std::string& reference, std::int64_t id, const json& body,
                                              const std::string& actor) {
  return Mutate(reference, actor, "case.complaint.update", [&](CaseRecord& rec, store::Transaction&) -> Status {
    for (auto& c : rec.complaints) {
      if (c.id != id) continue;
      casework::Complaint updated = c;
      SARDESK_RETURN_IF_ERROR(casework::ReadObject(body, [&](JsonReader& r) {
        r.Text("summary", &updated.summary);
        r.OptDay("due", &updated.due);
        r.Str("ico_reference", &updated.ico_reference, 64);
        r.Text("outcome", &updated.outcome);
        r.OptDay("closed_on", &updated.closed_on);
      }));
      if (updated.closed_on && *updated.closed_on < updated.received_on)
        return Status::Invalid("closed_on: before the complaint was received");
      if (updated.closed_on && updated.outcome.empty())
        return Status::Invalid("outcome: record the outcome when closing a complaint");
      c = updated;
      return Status::Ok();
    }
    return Status::NotFound("no complaint " + std::to_string(id) + " on " + reference);
  });
}

Result<std::vector<store::CaseRow>> CaseService::OpenCaseRows() {
  std::vector<store::CaseRow> rows;
  Status st = ctx_->store->Read([&](store::Transaction& tx) -> Status {
    store::CaseQuery q;
    q.open_only = true;
    q.limit = 1000000;
    SARDESK_ASSIGN_OR_RETURN(rows, tx.ListCases(q));
    return Status::Ok();
  });
  if (!st.ok()) return st;
  return rows;
}

Result<TimerReport> CaseService::RunTimers() {
  TimerReport report;
  auto open_rows = OpenCaseRows();
  if (!open_rows.ok()) return open_rows.status();
  const std::vector<store::CaseRow>& rows = *open_rows;
  Date today = ctx_->time->Today();
  for (const auto& row : rows) {
    auto rec = RecordFromRow(row);
    if (!rec.ok()) {
      report.failures.push_back({row.reference, rec.status().message()});
      continue;
    }
    auto move = casework::DueTimerMove(*rec, today);
    if (move) {
      std::string from(casework::ToWire(rec->status));
      std::optional<casework::TimerMove> applied;
      auto moved = Mutate(row.reference, "system", "case.timer", [&](CaseRecord& r, store::Transaction&) -> Status {
        applied = casework::DueTimerMove(r, today);  // re-check inside the transaction
        if (!applied) return Status::Ok();
        from = std::string(casework::ToWire(r.status));
        return casework::ApplyTransition(&r, {applied->to, applied->reason, applied->outcome, "system", today});
      });
      // One case that cannot move (changed meanwhile, damaged) must not stop
      // the others; it is retried at the next run.
      if (!moved.ok()) {
        report.failures.push_back({row.reference, moved.status().message()});
        continue;
      }
      if (applied)
        report.moves.push_back({row.reference, from, std::string(casework::ToWire(applied->to)), applied->reason});
      continue;
    }
    // Keep the list columns current (open pauses move the due date daily).
    CaseView v = View(std::move(*rec));
    std::string due = v.clock.due ? v.clock.due->ToString() : "";
    std::string stage_due = v.stage_due ? v.stage_due->ToString() : "";
    if (due != row.due || stage_due != row.stage_due) {
      store::CaseRow updated = row;
      updated.due = due;
      updated.stage_due = stage_due;
      SARDESK_RETURN_IF_ERROR(ctx_->store->Write([&](store::Transaction& tx) {
        return tx.UpdateCase(updated, row.version);
      }));
    }
  }
  return report;
}

Result<std::vector<HolidayImpact>> CaseService::AddHoliday(const json& body, const std::string& actor, bool dry_run) {
  std::string region_name;
  Date date;
  std::string title;
  SARDESK_RETURN_IF_ERROR(casework::ReadObject(body, [&](JsonReader& r) {
    r.Str("region", &region_name, 40, true);
    r.Day("date", &date, true);
    r.Str("title", &title, 200, true);
  }));
  auto region = clock::ParseRegion(region_name);
  if (!region.ok()) return Status::Invalid("region: " + region.status().message());
  if (actor.empty()) return Status::Invalid("say who is acting");
  auto old_calendar = ctx_->calendar.Get();
  if (old_calendar->IsHoliday(*region, date))
    return Status::Conflict(date.ToString() + " is already a bank holiday in " + region_name);
  auto new_calendar = std::make_shared<clock::HolidayCalendar>(*old_calendar);
  new_calendar->Add({*region, date, title});
  Settings settings = CurrentSettings();
  Date today = ctx_->time->Today();
  std::vector<HolidayImpact> impacts;
  Status st = ctx_->store->Write([&](store::Transaction& tx) -> Status {
    impacts.clear();
    store::CaseQuery q;
    q.open_only = true;
    q.limit = 1000000;
    SARDESK_ASSIGN_OR_RETURN(auto rows, tx.ListCases(q));
    std::vector<store::CaseRow> changed;
    for (const auto& row : rows) {
      SARDESK_ASSIGN_OR_RETURN(CaseRecord rec, RecordFromRow(row));
      CaseView before = BuildView(rec, *old_calendar, settings, today);
      CaseView after = BuildView(rec, *new_calendar, settings, today);
      if (before.clock.due != after.clock.due) {
        impacts.push_back({row.reference, before.clock.due->ToString(), after.clock.due->ToString()});
      }
      std::string due = after.clock.due ? after.clock.due->ToString() : "";
      std::string stage_due = after.stage_due ? after.stage_due->ToString() : "";
      if (due != row.due || stage_due != row.stage_due) {
        store::CaseRow updated = row;
        updated.due = due;
        updated.stage_due = stage_due;
        changed.push_back(updated);
      }
    }
    if (dry_run) return Status::Ok();
    std::string now = ctx_->time->NowIso();
    SARDESK_RETURN_IF_ERROR(tx.AddHoliday({std::string(clock::RegionName(*region)), date.ToString(), title, actor, now}));
    json moved = json::array();
    for (const auto& i : impacts) moved.push_back({{"reference", i.reference}, {"from", i.old_due}, {"to", i.new_due}});
    audit::AuditEntry e;
    e.at = now;
    e.actor = actor;
    e.action = "holiday.add";
    e.entity = "holiday";
    e.entity_id = std::string(clock::RegionName(*region)) + "/" + date.ToString();
    e.before = "{}";
    e.after = json{{"region", clock::RegionName(*region)}, {"date", date.ToString()}, {"title", title},
                   {"moved_cases", moved}}.dump();
    auto appended = tx.AppendAudit(e);
    if (!appended.ok()) return appended.status();
    for (const auto& row : changed) SARDESK_RETURN_IF_ERROR(tx.UpdateCase(row, row.version));
    return Status::Ok();
  });
  if (!st.ok()) return st;
  if (!dry_run) ctx_->calendar.Set(new_calendar);
  return impacts;
}

Result<std::vector<audit::AuditEntry>> CaseService::History(const std::string& reference) {
  std::vector<audit::AuditEntry> out;
  Status st = ctx_->store->Read([&](store::Transaction& tx) -> Status {
    auto row = tx.FindCase(reference);
    if (!row.ok()) return row.status();
    if (!*row) return Status::NotFound("no request with reference " + reference.substr(0, 40));
    store::AuditQuery q;
    q.entity = "case";
    q.entity_id = reference;
    q.limit = 100000;
    SARDESK_ASSIGN_OR_RETURN(out, tx.ReadAudit(q));
    return Status::Ok();
  });
  if (!st.ok()) return st;
  return out;
}

}  // namespace sardesk::service
