#include "service/case_view.h"

#include "case/case_json.h"

namespace sardesk::service {

using casework::CaseStatus;
using nlohmann::json;

clock::DeadlineRule RuleFor(casework::Route route) {
  switch (route) {
    case casework::Route::kSar:
    case casework::Route::kLawEnforcement:
      return clock::DeadlineRule::kOneCalendarMonth;
    case casework::Route::kFoi:
    case casework::Route::kEir:
      return clock::DeadlineRule::kTwentyWorkingDays;
    case casework::Route::kOtherDisclosure:
      return clock::DeadlineRule::kNone;
  }
  return clock::DeadlineRule::kNone;
}

clock::Stage StageOf(CaseStatus s) {
  switch (s) {
    case CaseStatus::kReceived:
    case CaseStatus::kIdRequested:
    case CaseStatus::kOnHold:
      return clock::Stage::kValidate;
    case CaseStatus::kValidated:
    case CaseStatus::kSearching:
      return clock::Stage::kSearch;
    case CaseStatus::kCollating:
      return clock::Stage::kCollate;
    case CaseStatus::kRedacting:
      return clock::Stage::kRedact;
    case CaseStatus::kQa:
      return clock::Stage::kQa;
    default:
      return clock::Stage::kRelease;
  }
}

CaseView BuildView(casework::CaseRecord record, const clock::HolidayCalendar& calendar,
                   const Settings& settings, Date today, const casework::ReleaseBlockers& blockers) {
  CaseView v;
  v.checks = casework::EvaluateChecks(record);
  const auto& r = record;

  clock::ClockInputs in;
  in.rule = RuleFor(r.route);
  in.received = r.received;
  in.identity_required = r.identity_required;
  in.identity_verified = v.checks.identity_verified_on;
  in.authority_required = v.checks.authority_required;
  in.authority_verified = v.checks.authority_verified_on;
  in.fee_required = r.fee.required;
  in.fee_received = r.fee.received_on;
  for (const auto& c : r.clarifications) in.pauses.push_back({c.requested_on, c.answered_on});
  in.extension_months = r.extension ? r.extension->months : 0;
  in.region = settings.region;
  in.today = today;
  auto computed = clock::ComputeClock(calendar, in);
  if (computed.ok()) v.clock = *computed;
  else v.clock_error = computed.status().message();

  bool open = casework::IsOpen(r.status);
  if (v.clock.due) {
    v.days_remaining = v.clock.due->days() - today.days();
    v.overdue = open && today > *v.clock.due;
  }
  v.extension_allowed = open && !r.extension && clock::ExtensionAllowedOn(v.clock, today);

  // The stage began when the case first entered a status of that stage,
  // counting from the latest move into the stage.
  v.stage = StageOf(r.status);
  v.stage_entered = r.received;
  for (auto it = r.history.rbegin(); it != r.history.rend(); ++it) {
    if (StageOf(it->status) != v.stage) break;
    v.stage_entered = it->on;
  }
  if (v.stage == clock::Stage::kValidate) v.stage_entered = r.received;
  if (open) {
    v.stage_due = clock::StageDue(calendar, settings.region, v.stage_entered,
                                  settings.targets.DaysFor(v.stage), v.clock.due);
    v.stage_overdue = today > *v.stage_due;
  }
  v.next_actions = casework::NextActions(r, blockers);
  v.release_blockers = blockers.messages;
  v.record = std::move(record);
  return v;
}

namespace {
json Day(const std::optional<Date>& d) { return d ? json(d->ToString()) : json(nullptr); }
}  // namespace

json ViewToJson(const CaseView& v) {
  json j = casework::ToJson(v.record);
  const auto& c = v.checks;
  j["checks"] = {{"identity_verified", c.identity_verified},
                 {"identity_verified_on", Day(c.identity_verified_on)},
                 {"identity_missing", c.identity_missing},
                 {"authority_required", c.authority_required},
                 {"authority_verified", c.authority_verified},
                 {"authority_verified_on", Day(c.authority_verified_on)},
                 {"authority_missing", c.authority_missing},
                 {"subject_age", c.subject_age ? json(*c.subject_age) : json(nullptr)},
                 {"subject_is_child", c.subject_is_child},
                 {"child_issue", c.child_issue},
                 {"deceased_issue", c.deceased_issue},
                 {"fee_outstanding", c.fee_outstanding},
                 {"blockers", c.blockers}};
  j["clock"] = {{"rule", nullptr},
                {"started", v.clock.started},
                {"start", Day(v.clock.start)},
                {"waiting_for", v.clock.waiting_for},
                {"paused_days", v.clock.paused_days},
                {"paused_now", v.clock.paused_now},
                {"due", Day(v.clock.due)},
                {"unextended_due", Day(v.clock.unextended_due)},
                {"extension_months", v.clock.extension_months},
                {"extension_allowed", v.extension_allowed},
                {"days_remaining", v.days_remaining ? json(*v.days_remaining) : json(nullptr)},
                {"overdue", v.overdue},
                {"error", v.clock_error}};
  switch (RuleFor(v.record.route)) {
    case clock::DeadlineRule::kOneCalendarMonth: j["clock"]["rule"] = "one_calendar_month"; break;
    case clock::DeadlineRule::kTwentyWorkingDays: j["clock"]["rule"] = "twenty_working_days"; break;
    case clock::DeadlineRule::kNone: j["clock"]["rule"] = "none"; break;
  }
  // Key dates for the register (seed 004's log): the first time each happened.
  json key = {{"received", v.record.received.ToString()},
              {"id_requested", Day(v.record.id_requested_on)},
              {"identity_verified", Day(v.checks.identity_verified_on)},
              {"authority_verified", Day(v.checks.authority_verified_on)},
              {"clock_started", Day(v.clock.start)},
              {"due", Day(v.clock.due)}};
  for (const auto& h : v.record.history) {
    std::string name(casework::ToWire(h.status));
    if (name == "received") continue;
    if (!key.contains(name)) key[name] = h.on.ToString();
  }
  j["key_dates"] = key;
  j["stage"] = {{"name", clock::StageName(v.stage)},
                {"entered", v.stage_entered.ToString()},
                {"due", Day(v.stage_due)},
                {"overdue", v.stage_overdue}};
  json actions = json::array();
  for (const auto& a : v.next_actions)
    actions.push_back({{"to", std::string(casework::ToWire(a.to))}, {"allowed", a.allowed}, {"why_not", a.why_not}});
  j["next_actions"] = actions;
  j["release_blockers"] = v.release_blockers;
  return j;
}

json SummaryJson(const CaseView& v) {
  const auto& r = v.record;
  return {{"reference", r.reference},
          {"version", r.version},
          {"received", r.received.ToString()},
          {"route", std::string(casework::ToWire(r.route))},
          {"status", std::string(casework::ToWire(r.status))},
          {"subject_name", r.subject.name},
          {"subject_dob", Day(r.subject.dob)},
          {"requester_relationship", std::string(casework::ToWire(r.requester.relationship))},
          {"assigned_officer", r.assigned_officer},
          {"due", Day(v.clock.due)},
          {"days_remaining", v.days_remaining ? json(*v.days_remaining) : json(nullptr)},
          {"overdue", v.overdue},
          {"stage", clock::StageName(v.stage)},
          {"stage_due", Day(v.stage_due)},
          {"stage_overdue", v.stage_overdue},
          {"possible_repeat_of", r.possible_repeat_of},
          {"outcome", std::string(casework::ToWire(r.outcome))}};
}

}  // namespace sardesk::service
