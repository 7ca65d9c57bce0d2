#include "case/workflow.h"

#include <algorithm>

namespace sardesk::casework {

namespace {

using S = CaseStatus;

struct Edge { S from; S to; };
constexpr Edge kEdges[] = {
    {S::kReceived, S::kIdRequested}, {S::kReceived, S::kValidated}, {S::kReceived, S::kRefused},
    {S::kReceived, S::kWithdrawn}, {S::kReceived, S::kClosed},
    {S::kIdRequested, S::kValidated}, {S::kIdRequested, S::kOnHold}, {S::kIdRequested, S::kClosed},
    {S::kIdRequested, S::kWithdrawn}, {S::kIdRequested, S::kRefused},
    {S::kOnHold, S::kValidated}, {S::kOnHold, S::kIdRequested}, {S::kOnHold, S::kClosed},
    {S::kOnHold, S::kWithdrawn},
    {S::kValidated, S::kSearching}, {S::kValidated, S::kRefused}, {S::kValidated, S::kWithdrawn},
    {S::kValidated, S::kClosed},
    {S::kSearching, S::kCollating}, {S::kSearching, S::kClosed}, {S::kSearching, S::kWithdrawn},
    {S::kCollating, S::kRedacting}, {S::kCollating, S::kSearching}, {S::kCollating, S::kClosed},
    {S::kCollating, S::kWithdrawn},
    {S::kRedacting, S::kQa}, {S::kRedacting, S::kCollating}, {S::kRedacting, S::kWithdrawn},
    {S::kQa, S::kReadyForRelease}, {S::kQa, S::kRedacting}, {S::kQa, S::kWithdrawn},
    {S::kReadyForRelease, S::kReleased}, {S::kReadyForRelease, S::kRedacting},
    {S::kReadyForRelease, S::kWithdrawn},
    {S::kReleased, S::kClosed},
};

std::string Name(S s) { return std::string(ToWire(s)); }

bool IsBackward(S from, S to) {
  return static_cast<int>(to) < static_cast<int>(from) && to != S::kOnHold;
}

bool OneOf(Outcome o, std::initializer_list<Outcome> set) {
  return std::find(set.begin(), set.end(), o) != set.end();
}

// Outcome a move into closed needs, given where it comes from.
Status CheckClosingOutcome(const CaseRecord& r, Outcome o) {
  switch (r.status) {
    case S::kReceived:
    case S::kIdRequested:
    case S::kOnHold:
    case S::kValidated:
      if (!OneOf(o, {Outcome::kClosedNoId, Outcome::kNotGenuine, Outcome::kRoutedElsewhere,
                     Outcome::kRoutineBusiness, Outcome::kNoDataHeld}))
        return Status::Refused("closing before the search needs an outcome of closed_no_id, "
                               "not_genuine, routed_elsewhere, routine_business or no_data_held");
      return Status::Ok();
    case S::kSearching:
    case S::kCollating:
      if (o != Outcome::kNoDataHeld)
        return Status::Refused("closing during the search needs the outcome no_data_held; "
                               "otherwise carry on to redaction and release");
      return Status::Ok();
    case S::kReleased:
      // Closing keeps the release outcome; it cannot be replaced by a closing one.
      if (!OneOf(o, {Outcome::kDisclosedInFull, Outcome::kDisclosedInPart, Outcome::kWithheld}))
        return Status::Refused("a released request closes with its release outcome: "
                               "disclosed_in_full, disclosed_in_part or withheld");
      return Status::Ok();
    default:
      return Status::Refused("a request cannot be closed from " + Name(r.status));
  }
}

}  // namespace

bool IsEdge(S from, S to) {
  for (const Edge& e : kEdges)
    if (e.from == from && e.to == to) return true;
  return false;
}

std::vector<S> Successors(S from) {
  std::vector<S> out;
  for (const Edge& e : kEdges)
    if (e.from == from) out.push_back(e.to);
  return out;
}

bool IsTerminal(S s) { return s == S::kClosed || s == S::kRefused || s == S::kWithdrawn; }
bool IsOpen(S s) { return !IsTerminal(s) && s != S::kReleased; }

Status CheckTransition(const CaseRecord& r, const TransitionRequest& q, const ReleaseBlockers& extra) {
  if (r.status == q.to) return Status::Refused("the request is already " + Name(q.to));
  if (!IsEdge(r.status, q.to)) {
    std::string allowed;
    for (S s : Successors(r.status)) allowed += (allowed.empty() ? "" : ", ") + Name(s);
    return Status::Refused("a request that is " + Name(r.status) + " cannot move to " + Name(q.to) +
                           (allowed.empty() ? std::string(": it is finished")
                                            : "; it can move to " + allowed));
  }
  if (IsBackward(r.status, q.to) && q.reason.empty())
    return Status::Refused("sending a request back to " + Name(q.to) + " needs a reason");

  switch (q.to) {
    case S::kIdRequested:
      if (!r.identity_required)
        return Status::Refused("identity evidence is marked as not needed for this request");
      break;
    case S::kValidated: {
      CaseChecks c = EvaluateChecks(r);
      if (!c.blockers.empty()) {
        std::string all;
        for (const auto& b : c.blockers) all += (all.empty() ? "" : "; ") + b;
        return Status::Refused("cannot validate yet: " + all);
      }
      break;
    }
    case S::kSearching:
      if (r.assigned_officer.empty())
        return Status::Refused("assign an officer before the search starts");
      break;
    case S::kClosed:
      return CheckClosingOutcome(r, q.outcome == Outcome::kNone ? r.outcome : q.outcome);
    case S::kRefused:
      if (!r.refusal)
        return Status::Refused("record the refusal (ground, reasons and the rights notice) "
                               "with the refuse action");
      break;
    case S::kWithdrawn:
      if (q.reason.empty()) return Status::Refused("record how and when the requester withdrew");
      break;
    case S::kReadyForRelease:
    case S::kReleased: {
      if (!extra.messages.empty()) {
        std::string all;
        for (const auto& b : extra.messages) all += (all.empty() ? "" : "; ") + b;
        return Status::Refused("cannot release yet: " + all);
      }
      if (q.to == S::kReleased) {
        Outcome o = q.outcome == Outcome::kNone ? r.outcome : q.outcome;
        if (!OneOf(o, {Outcome::kDisclosedInFull, Outcome::kDisclosedInPart, Outcome::kWithheld}))
          return Status::Refused("releasing needs an outcome: disclosed_in_full, disclosed_in_part or withheld");
      }
      break;
    }
    default:
      break;
  }
  return Status::Ok();
}

Status ApplyTransition(CaseRecord* r, const TransitionRequest& q, const ReleaseBlockers& extra) {
  SARDESK_RETURN_IF_ERROR(CheckTransition(*r, q, extra));
  if (q.to == S::kIdRequested) r->id_requested_on = q.on;
  if (q.outcome != Outcome::kNone) r->outcome = q.outcome;
  // These outcomes follow from the move itself, whatever outcome was passed.
  if (q.to == S::kWithdrawn) r->outcome = Outcome::kWithdrawn;
  if (q.to == S::kRefused && q.outcome == Outcome::kNone) r->outcome = r->refusal->ground;
  r->status = q.to;
  r->history.push_back({q.to, q.on, q.actor, q.reason});
  return Status::Ok();
}

std::vector<NextAction> NextActions(const CaseRecord& r, const ReleaseBlockers& extra) {
  std::vector<NextAction> out;
  for (S to : Successors(r.status)) {
    TransitionRequest q{to, "(reason given)", Outcome::kNone, "", r.received};
    Status st = CheckTransition(r, q, extra);
    // Outcome-dependent moves are offered when some outcome allows them; the
    // outcome is chosen with the move.
    if (!st.ok() && (to == S::kClosed || to == S::kReleased)) {
      for (Outcome o : {Outcome::kDisclosedInFull, Outcome::kDisclosedInPart, Outcome::kWithheld,
                        Outcome::kNoDataHeld, Outcome::kClosedNoId, Outcome::kNotGenuine,
                        Outcome::kRoutedElsewhere, Outcome::kRoutineBusiness}) {
        q.outcome = o;
        if (CheckTransition(r, q, extra).ok()) {
          st = Status::Ok();
          break;
        }
      }
    }
    out.push_back({to, st.ok(), st.ok() ? "" : st.message()});
  }
  return out;
}

std::optional<TimerMove> DueTimerMove(const CaseRecord& r, Date today) {
  if (!r.id_requested_on) return std::nullopt;
  // The reply has come: the officer validates; the request is not put on hold
  // or closed for want of ID that is on file.
  if (EvaluateChecks(r).identity_verified) return std::nullopt;
  Date asked = *r.id_requested_on;
  if ((r.status == S::kIdRequested || r.status == S::kOnHold) && today >= asked.AddMonthsClamped(3))
    return TimerMove{S::kClosed, Outcome::kClosedNoId,
                     "no identity evidence three months after it was requested on " + asked.ToString()};
  if (r.status == S::kIdRequested && today >= asked.AddMonthsClamped(1))
    return TimerMove{S::kOnHold, Outcome::kNone,
                     "no reply one month after identity evidence was requested on " + asked.ToString()};
  return std::nullopt;
}

}  // namespace sardesk::casework
