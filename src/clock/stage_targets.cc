#include "clock/stage_targets.h"

#include <algorithm>
#include <string>

namespace sardesk::clock {

namespace {

constexpr Stage kAllStages[] = {Stage::kValidate, Stage::kSearch, Stage::kCollate,
                                Stage::kRedact,   Stage::kQa,     Stage::kRelease};

}  // namespace

const char* StageName(Stage stage) {
  switch (stage) {
    case Stage::kValidate: return "validate";
    case Stage::kSearch: return "search";
    case Stage::kCollate: return "collate";
    case Stage::kRedact: return "redact";
    case Stage::kQa: return "qa";
    case Stage::kRelease: return "release";
  }
  return "unknown";
}

Result<Stage> ParseStage(std::string_view text) {
  for (Stage s : kAllStages)
    if (text == StageName(s)) return s;
  return Status::Invalid("'" + std::string(text.substr(0, 40)) +
                         "' is not a stage: use validate, search, collate, redact, qa or release");
}

int StageTargets::DaysFor(Stage stage) const {
  switch (stage) {
    case Stage::kValidate: return validate;
    case Stage::kSearch: return search;
    case Stage::kCollate: return collate;
    case Stage::kRedact: return redact;
    case Stage::kQa: return qa;
    case Stage::kRelease: return release;
  }
  return 0;
}

Date StageDue(const HolidayCalendar& calendar, Region region, Date entered, int target_days,
              std::optional<Date> cap) {
  Date due = calendar.NextWorkingDayOnOrAfter(region, entered.AddDays(target_days));
  return cap ? std::min(due, *cap) : due;
}

}  // namespace sardesk::clock
