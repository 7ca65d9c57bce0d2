#include "service/search_service.h"

#include "service/outbox_mail.h"

#include <set>

#include "case/json_reader.h"
#include "case/workflow.h"

namespace sardesk::service {

using casework::CaseRecord;
using casework::JsonReader;
using casework::SearchStatus;
using nlohmann::json;

namespace {

constexpr int kMaxMailAttempts = 5;

bool Answered(SearchStatus s) {
  return s == SearchStatus::kNoRecords || s == SearchStatus::kRecordsReceived || s == SearchStatus::kCancelled;
}

casework::SearchTask* FindTask(CaseRecord& rec, std::int64_t id) {
  for (auto& t : rec.search_tasks)
    if (t.id == id) return &t;
  return nullptr;
}


}  // namespace

Settings SearchService::CurrentSettings() {
  std::lock_guard<std::mutex> lock(ctx_->settings_mu);
  return ctx_->settings;
}

Result<casework::ServiceArea> SearchService::PutServiceArea(const json& body, const std::string& actor) {
  if (actor.empty()) return Status::Invalid("say who is acting");
  auto area = casework::ServiceAreaFromJson(body);
  if (!area.ok()) return area.status();
  Status st = ctx_->store->Write([&](store::Transaction& tx) -> Status {
    json before = json::object();
    SARDESK_ASSIGN_OR_RETURN(auto rows, tx.ListServiceAreas());
    for (const auto& r : rows)
      if (r.id == area->id) before = casework::ParseJsonText(r.document).value();
    json doc = casework::ToJson(*area);
    SARDESK_RETURN_IF_ERROR(tx.PutServiceArea({area->id, doc.dump(), area->active}));
    audit::AuditEntry e;
    e.at = ctx_->time->NowIso();
    e.actor = actor;
    e.action = "service_area.put";
    e.entity = "service_area";
    e.entity_id = area->id;
    e.before = before.dump();
    e.after = doc.dump();
    auto appended = tx.AppendAudit(e);
    return appended.ok() ? Status::Ok() : appended.status();
  });
  if (!st.ok()) return st;
  return area;
}

Result<std::vector<casework::ServiceArea>> SearchService::ListServiceAreas() {
  std::vector<casework::ServiceArea> out;
  Status st = ctx_->store->Read([&](store::Transaction& tx) -> Status {
    SARDESK_ASSIGN_OR_RETURN(auto rows, tx.ListServiceAreas());
    for (const auto& r : rows) {
      auto parsed = casework::ParseJsonText(r.document);
      if (!parsed.ok()) return Status::Internal("service area " + r.id + " is damaged");
      SARDESK_ASSIGN_OR_RETURN(auto area, casework::ServiceAreaFromJson(*parsed));
      out.push_back(std::move(area));
    }
    return Status::Ok();
  });
  if (!st.ok()) return st;
  return out;
}

Result<casework::ServiceArea> SearchService::FindArea(store::Transaction& tx, const std::string& id) {
  SARDESK_ASSIGN_OR_RETURN(auto rows, tx.ListServiceAreas());
  for (const auto& r : rows) {
    if (r.id != id) continue;
    auto parsed = casework::ParseJsonText(r.document);
    if (!parsed.ok()) return Status::Internal("service area " + id + " is damaged");
    return casework::ServiceAreaFromJson(*parsed);
  }
  return Status::Invalid("no service area '" + id.substr(0, 40) + "': add it with `sardesk service-area add`");
}

casework::SearchMessageContext SearchService::MessageContext(store::Transaction& tx, const std::string& officer) {
  Settings s = CurrentSettings();
  std::string name = officer;
  auto user = tx.FindUser(officer);
  if (user.ok() && *user) name = (*user)->display_name;
  return {s.organisation, name, s.mail_from};
}

Status SearchService::Queue(store::Transaction& tx, CaseRecord& rec, const casework::SearchMessage& m,
                            const std::string& actor, const std::string& what) {
  json message = {{"from", CurrentSettings().mail_from}, {"to", m.to}, {"cc", m.cc},
                  {"subject", m.subject}, {"body", m.body}};
  mail::MailMessage check{CurrentSettings().mail_from, m.to, m.cc, m.subject, m.body};
  Status valid = mail::CheckMessage(check);
  if (!valid.ok()) return Status::Invalid("cannot send the " + what + ": " + valid.message());
  store::OutboxRow row;
  row.created_at = ctx_->time->NowIso();
  row.case_ref = rec.reference;
  row.message = message.dump();
  auto id = tx.EnqueueMail(row);
  if (!id.ok()) return id.status();
  std::string recipients;
  for (const auto& t : m.to) recipients += (recipients.empty() ? "" : ", ") + t;
  rec.communications.push_back({rec.NextId(), ctx_->time->NowIso(), casework::Direction::kInternal,
                                casework::CommMethod::kEmail,
                                what + " emailed to " + recipients + " (message " + std::to_string(*id) + ")", actor});
  return Status::Ok();
}

Result<CaseView> SearchService::SendSearchRequests(const std::string& reference, const json& body,
                                                   const std::string& actor) {
  std::vector<std::string> areas;
  SARDESK_RETURN_IF_ERROR(casework::ReadObject(body, [&](JsonReader& r) { r.StrList("areas", &areas, 40); }));
  if (areas.empty()) return Status::Invalid("areas: name at least one service area to search");
  std::set<std::string> unique(areas.begin(), areas.end());
  if (unique.size() != areas.size()) return Status::Invalid("areas: a service area is named twice");
  Settings settings = CurrentSettings();
  auto result = cases_->Mutate(reference, actor, "case.search.request", [&](CaseRecord& rec, store::Transaction& tx) -> Status {
    if (rec.status != casework::CaseStatus::kValidated && rec.status != casework::CaseStatus::kSearching)
      return Status::Refused("searches are requested once the request is validated; it is " +
                             std::string(casework::ToWire(rec.status)));
    Date today = ctx_->time->Today();
    auto context = MessageContext(tx, actor);
    for (const auto& id : areas) {
      for (const auto& t : rec.search_tasks)
        if (t.service_area == id && !Answered(t.status))
          return Status::Refused("a search by " + id + " is already waiting for an answer (task " + std::to_string(t.id) + ")");
      SARDESK_ASSIGN_OR_RETURN(auto area, FindArea(tx, id));
      if (!area.active) return Status::Refused("service area " + id + " is inactive");
      casework::SearchTask task;
      task.id = rec.NextId();
      task.service_area = area.id;
      task.service_area_name = area.name;
      task.contact_name = area.contact_name;
      task.contact_email = area.contact_email;
      task.sent_on = today;
      task.due = ctx_->calendar.Get()->AddWorkingDays(settings.region, today, settings.search_deadline_days);
      SARDESK_RETURN_IF_ERROR(Queue(tx, rec, casework::SearchRequestMessage(rec, task, area, context), actor,
                                    "Search request (SAR1) to " + area.name));
      rec.search_tasks.push_back(task);
    }
    if (rec.status == casework::CaseStatus::kValidated)
      SARDESK_RETURN_IF_ERROR(casework::ApplyTransition(
          &rec, {casework::CaseStatus::kSearching, "search requests sent", casework::Outcome::kNone, actor, today}));
    return Status::Ok();
  });
  if (result.ok()) (void)DispatchMail();
  return result;
}

Result<CaseView> SearchService::RecordAnswer(const std::string& reference, const json& body, const std::string& actor) {
  std::int64_t id = 0;
  SearchStatus outcome = SearchStatus::kSent;
  std::string note;
  std::optional<Date> on;
  SARDESK_RETURN_IF_ERROR(casework::ReadObject(body, [&](JsonReader& r) {
    r.Int("id", &id, 1, INT64_MAX, true);
    r.Enum("outcome", &outcome, true);
    r.Text("note", &note);
    r.OptDay("answered_on", &on);
  }));
  if (outcome != SearchStatus::kNoRecords && outcome != SearchStatus::kRecordsReceived)
    return Status::Invalid("outcome: no_records or records_received");
  return cases_->Mutate(reference, actor, "case.search.answer", [&](CaseRecord& rec, store::Transaction&) -> Status {
    casework::SearchTask* t = FindTask(rec, id);
    if (!t) return Status::NotFound("no search task " + std::to_string(id) + " on " + reference);
    if (Answered(t->status)) return Status::Refused("search task " + std::to_string(id) + " is already " + std::string(casework::ToWire(t->status)));
    Date when = on ? *on : ctx_->time->Today();
    if (when > ctx_->time->Today()) return Status::Invalid("answered_on: in the future");
    if (when < t->sent_on) return Status::Invalid("answered_on: before the search was requested");
    t->status = outcome;
    t->answered_on = when;
    t->answered_by = actor;
    t->note = note;
    return Status::Ok();
  });
}

Result<CaseView> SearchService::Cancel(const std::string& reference, const json& body, const std::string& actor) {
  std::int64_t id = 0;
  std::string reason;
  SARDESK_RETURN_IF_ERROR(casework::ReadObject(body, [&](JsonReader& r) {
    r.Int("id", &id, 1, INT64_MAX, true);
    r.Text("reason", &reason, true);
  }));
  return cases_->Mutate(reference, actor, "case.search.cancel", [&](CaseRecord& rec, store::Transaction&) -> Status {
    casework::SearchTask* t = FindTask(rec, id);
    if (!t) return Status::NotFound("no search task " + std::to_string(id) + " on " + reference);
    if (Answered(t->status)) return Status::Refused("search task " + std::to_string(id) + " is already " + std::string(casework::ToWire(t->status)));
    t->status = SearchStatus::kCancelled;
    t->answered_on = ctx_->time->Today();
    t->answered_by = actor;
    t->note = reason;
    return Status::Ok();
  });
}

Result<SearchTimerReport> SearchService::RunTimers() {
  SearchTimerReport report;
  auto open_rows = cases_->OpenCaseRows();
  if (!open_rows.ok()) return open_rows.status();
  const std::vector<store::CaseRow>& rows = *open_rows;
  Settings settings = CurrentSettings();
  Date today = ctx_->time->Today();
  auto calendar = ctx_->calendar.Get();
  for (const auto& row : rows) {
    auto rec = RecordFromRow(row);
    if (!rec.ok()) {
      report.failures.push_back({row.reference, rec.status().message()});
      continue;
    }
    bool due = false;
    for (const auto& t : rec->search_tasks) {
      if (t.status == SearchStatus::kSent && today > t.due) due = true;
      if (t.status == SearchStatus::kReminded && t.reminded_on &&
          today > calendar->AddWorkingDays(settings.region, *t.reminded_on, settings.escalation_days))
        due = true;
    }
    if (!due) continue;
    std::vector<SearchTimerReport::Step> steps;
    auto moved = cases_->Mutate(row.reference, "system", "case.search.timer", [&](CaseRecord& r, store::Transaction& tx) -> Status {
      steps.clear();
      auto context = MessageContext(tx, r.assigned_officer.empty() ? "system" : r.assigned_officer);
      if (context.officer_name == "system") context.officer_name = "Information Governance team";
      for (auto& t : r.search_tasks) {
        bool remind = t.status == SearchStatus::kSent && today > t.due;
        bool escalate = t.status == SearchStatus::kReminded && t.reminded_on &&
                        today > calendar->AddWorkingDays(settings.region, *t.reminded_on, settings.escalation_days);
        if (!remind && !escalate) continue;
        auto area = FindArea(tx, t.service_area);
        casework::ServiceArea a = area.ok() ? *area
                                            : casework::ServiceArea{t.service_area, t.service_area_name, t.contact_name,
                                                                    t.contact_email, "", "", {}, true};
        if (remind) {
          t.status = SearchStatus::kReminded;
          t.reminded_on = today;
          SARDESK_RETURN_IF_ERROR(Queue(tx, r, casework::SearchReminderMessage(r, t, a, context, settings.ig_manager_email),
                                        "system", "Reminder to " + a.name));
          steps.push_back({r.reference, t.id, t.service_area, "reminded"});
        } else {
          t.status = SearchStatus::kEscalated;
          t.escalated_on = today;
          SARDESK_RETURN_IF_ERROR(Queue(tx, r,
                                        casework::SearchEscalationMessage(r, t, a, context, settings.head_of_compliance_email,
                                                                          settings.ig_manager_email),
                                        "system", "Escalation about " + a.name));
          steps.push_back({r.reference, t.id, t.service_area, "escalated"});
        }
      }
      return Status::Ok();
    });
    if (!moved.ok()) {
      report.failures.push_back({row.reference, moved.status().message()});
      continue;
    }
    report.steps.insert(report.steps.end(), steps.begin(), steps.end());
  }
  if (!report.steps.empty()) (void)DispatchMail();
  return report;
}

Result<DispatchReport> SearchService::DispatchMail() {
  DispatchReport report;
  if (!ctx_->mailer) return report;
  std::vector<store::OutboxRow> pending;
  Status st = ctx_->store->Read([&](store::Transaction& tx) -> Status {
    SARDESK_ASSIGN_OR_RETURN(pending, tx.ListMail("pending", "", 500));
    return Status::Ok();
  });
  if (!st.ok()) return st;
  for (auto& row : pending) {
    auto parsed = casework::ParseJsonText(row.message);
    Result<std::string> sent = Status::Internal("the queued message is damaged");
    if (parsed.ok()) {
      auto m = MailFromQueued(*parsed, static_cast<std::int64_t>(CurrentSettings().mail_max_attachment_mib) << 20);
      sent = m.ok() ? ctx_->mailer->Send(*m) : Result<std::string>(m.status());
    }
    ++row.attempts;
    if (sent.ok()) {
      row.status = "sent";
      row.sent_at = ctx_->time->NowIso();
      row.message_id = *sent;
      row.last_error.clear();
      ++report.sent;
    } else {
      row.last_error = sent.status().message();
      if (row.attempts >= kMaxMailAttempts) row.status = "failed";
      ++report.failed;
    }
    SARDESK_RETURN_IF_ERROR(ctx_->store->Write([&](store::Transaction& tx) { return tx.UpdateMail(row); }));
  }
  return report;
}

Result<std::vector<store::OutboxRow>> SearchService::Messages(const std::string& reference) {
  std::vector<store::OutboxRow> out;
  Status st = ctx_->store->Read([&](store::Transaction& tx) -> Status {
    SARDESK_ASSIGN_OR_RETURN(out, tx.ListMail("", reference, 100000));
    return Status::Ok();
  });
  if (!st.ok()) return st;
  return out;
}

}  // namespace sardesk::service
