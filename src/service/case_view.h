// A request record together with what follows from it today: the checks, the
// statutory clock, the stage and its due date, and the next actions.
#pragma once

#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "case/case_record.h"
#include "case/checks.h"
#include "case/workflow.h"
#include "clock/statutory_clock.h"
#include "service/context.h"

namespace sardesk::service {

struct CaseView {
  casework::CaseRecord record;
  casework::CaseChecks checks;
  clock::ClockState clock;
  std::string clock_error;  // set when the clock cannot be computed
  clock::Stage stage = clock::Stage::kValidate;
  Date stage_entered;
  std::optional<Date> stage_due;
  bool stage_overdue = false;
  bool overdue = false;
  std::optional<std::int64_t> days_remaining;
  bool extension_allowed = false;  // an extension can still be recorded today
  std::vector<casework::NextAction> next_actions;
  // What holds the request back from release (see release_gate.h); worked
  // out while it is redacting, in QA or ready for release.
  std::vector<std::string> release_blockers;
};

clock::DeadlineRule RuleFor(casework::Route route);
// The internal stage a status belongs to (seed 001's six stages).
clock::Stage StageOf(casework::CaseStatus status);

// `blockers` are the release blockers of later stages, shown in the next
// actions towards release.
CaseView BuildView(casework::CaseRecord record, const clock::HolidayCalendar& calendar,
                   const Settings& settings, Date today, const casework::ReleaseBlockers& blockers = {});

nlohmann::json ViewToJson(const CaseView& view);
// A short form for lists and dashboards.
nlohmann::json SummaryJson(const CaseView& view);

}  // namespace sardesk::service
