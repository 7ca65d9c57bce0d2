// Internal stage targets from the council's SAR procedure. These are the
// council's own goals, not law: a stage target never goes past the
// statutory due date.
#pragma once

#include <optional>
#include <string_view>

#include "clock/bank_holidays.h"
#include "common/date.h"
#include "common/result.h"

namespace sardesk::clock {

enum class Stage { kValidate, kSearch, kCollate, kRedact, kQa, kRelease };

// "validate", "search", "collate", "redact", "qa", "release".
const char* StageName(Stage stage);
// The inverse of StageName; the error lists the valid names.
Result<Stage> ParseStage(std::string_view text);

// Calendar days allowed for each stage.
struct StageTargets {
  int validate = 1;
  int search = 5;
  int collate = 5;
  int redact = 10;
  int qa = 6;
  int release = 3;

  int DaysFor(Stage stage) const;
};

// entered + target_days calendar days, rolled on to the next working day of
// the region, and never later than `cap` (the statutory due) when given.
Date StageDue(const HolidayCalendar& calendar, Region region, Date entered, int target_days,
              std::optional<Date> cap);

}  // namespace sardesk::clock
