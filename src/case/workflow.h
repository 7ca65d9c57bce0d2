// The request workflow of seed 001 as an explicit state machine. Every move is
// checked here; an illegal one is refused with the reason. Pure functions.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "case/case_record.h"
#include "case/checks.h"

namespace sardesk::casework {

struct TransitionRequest {
  CaseStatus to = CaseStatus::kReceived;
  std::string reason;
  Outcome outcome = Outcome::kNone;  // required for some moves into closed/released
  std::string actor;
  Date on;
};

// Extra conditions owned by later stages (QA passed, safeguarding meeting
// held, ...). Each returns a blocker message or empty.
struct ReleaseBlockers {
  std::vector<std::string> messages;
};

// Whether the graph has an edge from -> to at all.
bool IsEdge(CaseStatus from, CaseStatus to);
// The statuses reachable from `from` by one move.
std::vector<CaseStatus> Successors(CaseStatus from);
bool IsTerminal(CaseStatus s);
bool IsOpen(CaseStatus s);  // counts towards the statutory clock and timers

// Checks a move against the graph and its guards. `extra` holds blockers
// from later stages that apply to moves towards release.
Status CheckTransition(const CaseRecord& record, const TransitionRequest& request,
                       const ReleaseBlockers& extra = {});

// Applies an allowed move: status, history, outcome and key dates.
Status ApplyTransition(CaseRecord* record, const TransitionRequest& request,
                       const ReleaseBlockers& extra = {});

// The moves the officer could make next, each with why not when refused.
struct NextAction {
  CaseStatus to;
  bool allowed;
  std::string why_not;
};
std::vector<NextAction> NextActions(const CaseRecord& record, const ReleaseBlockers& extra = {});

// Seed 001 stage 1 timers: ID requested with no reply for one month moves to
// On hold; three months after the ID request, Closed.
struct TimerMove {
  CaseStatus to;
  Outcome outcome;
  std::string reason;
};
std::optional<TimerMove> DueTimerMove(const CaseRecord& record, Date today);

}  // namespace sardesk::casework
