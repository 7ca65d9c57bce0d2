// Specification of the request workflow (seed 001): the graph, the guards on
// each move, the history kept, the officer's next actions and the ID timers.
#include "case/workflow.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <string_view>
#include <vector>

namespace sardesk::casework {
namespace {

using S = CaseStatus;

Date D(int y, unsigned m, unsigned d) { return Date::FromYmd(y, m, d); }

const std::vector<S> kAllStatuses = {S::kReceived, S::kIdRequested, S::kOnHold,  S::kValidated,
                                     S::kSearching, S::kCollating,  S::kRedacting, S::kQa,
                                     S::kReadyForRelease, S::kReleased, S::kClosed, S::kRefused,
                                     S::kWithdrawn};

Evidence Ev(EvidencePurpose purpose, DocumentType type, Date seen, Date dated) {
  Evidence e;
  e.party = EvidenceParty::kSubject;
  e.purpose = purpose;
  e.type = type;
  e.seen_on = seen;
  e.document_date = dated;
  e.seen_by = "officer.a";
  return e;
}

// A self request received on 2 June 2025, no evidence yet, no officer.
CaseRecord NewCase() {
  CaseRecord r;
  r.reference = "SAR-2025-000042";
  r.received = D(2025, 6, 2);
  r.subject.name = "Kay O'Brien";
  r.subject.dob = D(1980, 4, 1);
  r.requester.relationship = Relationship::kSelf;
  return r;
}

void AddIdentity(CaseRecord& r) {
  r.evidence.push_back(Ev(EvidencePurpose::kPhotoId, DocumentType::kPassport, D(2025, 6, 4), D(2020, 1, 1)));
  r.evidence.push_back(Ev(EvidencePurpose::kProofOfAddress, DocumentType::kUtilityBill, D(2025, 6, 4), D(2025, 5, 20)));
}

// A case at `status` whose record satisfies every guard of every move out of it.
CaseRecord CaseAt(S status) {
  CaseRecord r = NewCase();
  AddIdentity(r);
  r.assigned_officer = "officer.b";
  r.refusal = Refusal{Outcome::kRefusedExcessive, "Third identical request this month", false,
                      "You may complain to the ICO or apply to a court.", D(2025, 6, 5), "manager.a"};
  r.id_requested_on = D(2025, 6, 3);
  r.status = status;
  if (status == S::kReleased) r.outcome = Outcome::kDisclosedInFull;
  return r;
}

TransitionRequest To(S to, std::string reason = "", Outcome outcome = Outcome::kNone) {
  return {to, std::move(reason), outcome, "officer.b", D(2025, 6, 10)};
}

// An outcome the move needs, for moves that need one.
Outcome OutcomeFor(S from, S to) {
  if (to == S::kReleased) return Outcome::kDisclosedInFull;
  if (to != S::kClosed) return Outcome::kNone;
  switch (from) {
    case S::kSearching:
    case S::kCollating: return Outcome::kNoDataHeld;
    case S::kReleased: return Outcome::kNone;  // keeps the release outcome
    default: return Outcome::kClosedNoId;
  }
}

bool Contains(std::string_view haystack, std::string_view needle) {
  return haystack.find(needle) != std::string_view::npos;
}

std::vector<S> Sorted(std::vector<S> v) {
  std::sort(v.begin(), v.end());
  return v;
}

const NextAction* Find(const std::vector<NextAction>& actions, S to) {
  for (const auto& a : actions)
    if (a.to == to) return &a;
  return nullptr;
}

// ------------------------------------------------------------ the graph

TEST(WorkflowGraph, SuccessorsFollowTheProcedure) {
  EXPECT_EQ(Sorted(Successors(S::kReceived)),
            Sorted({S::kIdRequested, S::kValidated, S::kRefused, S::kWithdrawn, S::kClosed}));
  EXPECT_EQ(Sorted(Successors(S::kIdRequested)),
            Sorted({S::kValidated, S::kOnHold, S::kClosed, S::kWithdrawn, S::kRefused}));
  EXPECT_EQ(Sorted(Successors(S::kOnHold)),
            Sorted({S::kValidated, S::kIdRequested, S::kClosed, S::kWithdrawn}));
  EXPECT_EQ(Sorted(Successors(S::kValidated)),
            Sorted({S::kSearching, S::kRefused, S::kWithdrawn, S::kClosed}));
  EXPECT_EQ(Sorted(Successors(S::kSearching)), Sorted({S::kCollating, S::kClosed, S::kWithdrawn}));
  EXPECT_EQ(Sorted(Successors(S::kCollating)),
            Sorted({S::kRedacting, S::kSearching, S::kClosed, S::kWithdrawn}));
  EXPECT_EQ(Sorted(Successors(S::kRedacting)), Sorted({S::kQa, S::kCollating, S::kWithdrawn}));
  EXPECT_EQ(Sorted(Successors(S::kQa)), Sorted({S::kReadyForRelease, S::kRedacting, S::kWithdrawn}));
  EXPECT_EQ(Sorted(Successors(S::kReadyForRelease)),
            Sorted({S::kReleased, S::kRedacting, S::kWithdrawn}));
  EXPECT_EQ(Successors(S::kReleased), std::vector<S>{S::kClosed});
}

TEST(WorkflowGraph, IsEdgeAgreesWithSuccessors) {
  for (S from : kAllStatuses) {
    std::vector<S> next = Successors(from);
    for (S to : kAllStatuses) {
      bool listed = std::find(next.begin(), next.end(), to) != next.end();
      EXPECT_EQ(IsEdge(from, to), listed) << ToWire(from) << " -> " << ToWire(to);
    }
  }
}

TEST(WorkflowGraph, TerminalStatusesHaveNoSuccessors) {
  for (S s : {S::kClosed, S::kRefused, S::kWithdrawn}) {
    EXPECT_TRUE(IsTerminal(s)) << ToWire(s);
    EXPECT_FALSE(IsOpen(s)) << ToWire(s);
    EXPECT_TRUE(Successors(s).empty()) << ToWire(s);
  }
}

TEST(WorkflowGraph, OnlyClosedRefusedAndWithdrawnAreTerminal) {
  for (S s : kAllStatuses) {
    bool terminal = s == S::kClosed || s == S::kRefused || s == S::kWithdrawn;
    EXPECT_EQ(IsTerminal(s), terminal) << ToWire(s);
    EXPECT_EQ(Successors(s).empty(), terminal) << ToWire(s);
  }
}

TEST(WorkflowGraph, ReleasedIsNeitherOpenNorTerminal) {
  EXPECT_FALSE(IsOpen(S::kReleased));
  EXPECT_FALSE(IsTerminal(S::kReleased));
  EXPECT_TRUE(IsOpen(S::kOnHold));
  EXPECT_TRUE(IsOpen(S::kReadyForRelease));
}

TEST(WorkflowGraph, EveryEdgeCanBeTakenWhenItsGuardsAreMet) {
  int edges = 0;
  for (S from : kAllStatuses) {
    for (S to : Successors(from)) {
      CaseRecord r = CaseAt(from);
      Status st = ApplyTransition(&r, To(to, "reason for the move", OutcomeFor(from, to)));
      EXPECT_TRUE(st.ok()) << ToWire(from) << " -> " << ToWire(to) << ": " << st.message();
      EXPECT_EQ(r.status, to) << ToWire(from) << " -> " << ToWire(to);
      ++edges;
    }
  }
  EXPECT_EQ(edges, 35);
}

// ------------------------------------------------------------ the main path

TEST(Workflow, DrivesARequestFromReceiptToClosure) {
  CaseRecord r = NewCase();
  auto step = [&](S to, Outcome outcome = Outcome::kNone) {
    Status st = ApplyTransition(&r, To(to, "", outcome));
    ASSERT_TRUE(st.ok()) << "to " << ToWire(to) << ": " << st.message();
    EXPECT_EQ(r.status, to);
  };
  step(S::kIdRequested);
  AddIdentity(r);
  step(S::kValidated);
  r.assigned_officer = "officer.b";
  step(S::kSearching);
  step(S::kCollating);
  step(S::kRedacting);
  step(S::kQa);
  step(S::kReadyForRelease);
  step(S::kReleased, Outcome::kDisclosedInPart);
  step(S::kClosed);
  EXPECT_EQ(r.outcome, Outcome::kDisclosedInPart);
  ASSERT_EQ(r.history.size(), 9u);
  EXPECT_EQ(r.history.front().status, S::kIdRequested);
  EXPECT_EQ(r.history.back().status, S::kClosed);
}

TEST(Workflow, ReceivedCanBeValidatedDirectlyWhenEvidenceIsAlreadyIn) {
  CaseRecord r = NewCase();
  AddIdentity(r);
  EXPECT_TRUE(ApplyTransition(&r, To(S::kValidated)).ok());
}

TEST(Workflow, HistoryRecordsEachMoveWithActorDateAndReason) {
  CaseRecord r = NewCase();
  TransitionRequest q{S::kIdRequested, "no ID with the letter", Outcome::kNone, "officer.c", D(2025, 6, 3)};
  ASSERT_TRUE(ApplyTransition(&r, q).ok());
  TransitionRequest w{S::kWithdrawn, "requester emailed to withdraw", Outcome::kNone, "officer.d", D(2025, 6, 9)};
  ASSERT_TRUE(ApplyTransition(&r, w).ok());
  ASSERT_EQ(r.history.size(), 2u);
  EXPECT_EQ(r.history[0].status, S::kIdRequested);
  EXPECT_EQ(r.history[0].by, "officer.c");
  EXPECT_EQ(r.history[0].on, D(2025, 6, 3));
  EXPECT_EQ(r.history[0].reason, "no ID with the letter");
  EXPECT_EQ(r.history[1].status, S::kWithdrawn);
  EXPECT_EQ(r.history[1].by, "officer.d");
  EXPECT_EQ(r.history[1].on, D(2025, 6, 9));
}

TEST(Workflow, RequestingIdRecordsTheDate) {
  CaseRecord r = NewCase();
  ASSERT_TRUE(ApplyTransition(&r, {S::kIdRequested, "", Outcome::kNone, "officer.b", D(2025, 6, 3)}).ok());
  EXPECT_EQ(r.id_requested_on, D(2025, 6, 3));
}

TEST(Workflow, RequestingIdAgainRestartsTheTimer) {
  CaseRecord r = CaseAt(S::kOnHold);
  ASSERT_TRUE(ApplyTransition(&r, {S::kIdRequested, "new address given", Outcome::kNone, "officer.b",
                                   D(2025, 7, 20)}).ok());
  EXPECT_EQ(r.id_requested_on, D(2025, 7, 20));
}

// ------------------------------------------------------------ refused moves

TEST(Workflow, IllegalMoveIsRefusedNamingTheAllowedMoves) {
  CaseRecord r = CaseAt(S::kReceived);
  Status st = CheckTransition(r, To(S::kQa));
  ASSERT_FALSE(st.ok());
  EXPECT_EQ(st.code(), ErrorCode::kFailedPrecondition);
  EXPECT_TRUE(Contains(st.message(), "received cannot move to qa")) << st.message();
  for (const char* allowed : {"id_requested", "validated", "refused", "withdrawn", "closed"})
    EXPECT_TRUE(Contains(st.message(), allowed)) << allowed << " missing: " << st.message();
}

TEST(Workflow, MoveFromATerminalStatusSaysItIsFinished) {
  CaseRecord r = CaseAt(S::kClosed);
  Status st = CheckTransition(r, To(S::kSearching, "reopen"));
  ASSERT_FALSE(st.ok());
  EXPECT_TRUE(Contains(st.message(), "it is finished")) << st.message();
}

TEST(Workflow, MoveToTheCurrentStatusIsRefused) {
  CaseRecord r = CaseAt(S::kSearching);
  Status st = CheckTransition(r, To(S::kSearching));
  ASSERT_FALSE(st.ok());
  EXPECT_TRUE(Contains(st.message(), "already searching")) << st.message();
}

TEST(Workflow, RefusedMoveLeavesTheRecordUnchanged) {
  CaseRecord r = CaseAt(S::kReceived);
  r.assigned_officer.clear();
  CaseRecord before = r;
  ASSERT_FALSE(ApplyTransition(&r, To(S::kQa)).ok());
  EXPECT_EQ(r.status, before.status);
  EXPECT_TRUE(r.history.empty());
  EXPECT_EQ(r.outcome, before.outcome);
}

TEST(Workflow, SearchingNeedsAnAssignedOfficer) {
  CaseRecord r = CaseAt(S::kValidated);
  r.assigned_officer.clear();
  Status st = CheckTransition(r, To(S::kSearching));
  ASSERT_FALSE(st.ok());
  EXPECT_TRUE(Contains(st.message(), "assign an officer")) << st.message();
}

TEST(Workflow, ValidatedNeedsTheChecksPassed) {
  CaseRecord r = CaseAt(S::kIdRequested);
  r.evidence.clear();
  Status st = CheckTransition(r, To(S::kValidated));
  ASSERT_FALSE(st.ok());
  EXPECT_TRUE(Contains(st.message(), "cannot validate yet")) << st.message();
  EXPECT_TRUE(Contains(st.message(), "identity not verified")) << st.message();
}

TEST(Workflow, ValidatedListsEveryBlocker) {
  CaseRecord r = CaseAt(S::kReceived);
  r.evidence.clear();
  r.fee.required = true;
  Status st = CheckTransition(r, To(S::kValidated));
  ASSERT_FALSE(st.ok());
  EXPECT_TRUE(Contains(st.message(), "identity not verified")) << st.message();
  EXPECT_TRUE(Contains(st.message(), "fee")) << st.message();
}

TEST(Workflow, IdRequestIsRefusedWhenIdentityIsNotNeeded) {
  CaseRecord r = CaseAt(S::kReceived);
  r.identity_required = false;
  r.identity_waiver_reason = "known to the service";
  Status st = CheckTransition(r, To(S::kIdRequested));
  ASSERT_FALSE(st.ok());
  EXPECT_TRUE(Contains(st.message(), "not needed")) << st.message();
}

TEST(Workflow, BackwardMoveNeedsAReason) {
  CaseRecord r = CaseAt(S::kCollating);
  Status st = CheckTransition(r, To(S::kSearching));
  ASSERT_FALSE(st.ok());
  EXPECT_TRUE(Contains(st.message(), "back to searching needs a reason")) << st.message();
  EXPECT_TRUE(CheckTransition(r, To(S::kSearching, "a service area found more files")).ok());
}

TEST(Workflow, EveryBackwardEdgeNeedsAReason) {
  const std::pair<S, S> backward[] = {{S::kCollating, S::kSearching}, {S::kRedacting, S::kCollating},
                                      {S::kQa, S::kRedacting}, {S::kReadyForRelease, S::kRedacting},
                                      {S::kOnHold, S::kIdRequested}};
  for (auto [from, to] : backward) {
    Status st = CheckTransition(CaseAt(from), To(to));
    EXPECT_FALSE(st.ok()) << ToWire(from) << " -> " << ToWire(to);
    EXPECT_TRUE(Contains(st.message(), "needs a reason")) << st.message();
  }
}

TEST(Workflow, PuttingOnHoldNeedsNoReason) {
  EXPECT_TRUE(CheckTransition(CaseAt(S::kIdRequested), To(S::kOnHold)).ok());
}

TEST(Workflow, RefusedNeedsARefusalRecord) {
  CaseRecord r = CaseAt(S::kValidated);
  r.refusal.reset();
  Status st = CheckTransition(r, To(S::kRefused));
  ASSERT_FALSE(st.ok());
  EXPECT_TRUE(Contains(st.message(), "record the refusal")) << st.message();
}

TEST(Workflow, RefusingTakesTheOutcomeFromTheRefusalGround) {
  CaseRecord r = CaseAt(S::kValidated);
  ASSERT_TRUE(ApplyTransition(&r, To(S::kRefused)).ok());
  EXPECT_EQ(r.status, S::kRefused);
  EXPECT_EQ(r.outcome, Outcome::kRefusedExcessive);
}

TEST(Workflow, WithdrawnNeedsAReason) {
  CaseRecord r = CaseAt(S::kSearching);
  Status st = CheckTransition(r, To(S::kWithdrawn));
  ASSERT_FALSE(st.ok());
  EXPECT_TRUE(Contains(st.message(), "withdrew")) << st.message();
}

TEST(Workflow, WithdrawnSetsTheOutcomeWithdrawn) {
  CaseRecord r = CaseAt(S::kSearching);
  ASSERT_TRUE(ApplyTransition(&r, To(S::kWithdrawn, "phoned on 10 June to withdraw")).ok());
  EXPECT_EQ(r.status, S::kWithdrawn);
  EXPECT_EQ(r.outcome, Outcome::kWithdrawn);
}

TEST(Workflow, WithdrawnIgnoresAnyOtherOutcomeGiven) {
  CaseRecord r = CaseAt(S::kSearching);
  ASSERT_TRUE(ApplyTransition(&r, To(S::kWithdrawn, "by email", Outcome::kDisclosedInFull)).ok());
  EXPECT_EQ(r.outcome, Outcome::kWithdrawn);
}

TEST(Workflow, ClosingFromSearchingNeedsNoDataHeld) {
  CaseRecord r = CaseAt(S::kSearching);
  Status st = CheckTransition(r, To(S::kClosed, "", Outcome::kNotGenuine));
  ASSERT_FALSE(st.ok());
  EXPECT_TRUE(Contains(st.message(), "no_data_held")) << st.message();
  ASSERT_TRUE(ApplyTransition(&r, To(S::kClosed, "", Outcome::kNoDataHeld)).ok());
  EXPECT_EQ(r.outcome, Outcome::kNoDataHeld);
}

TEST(Workflow, ClosingWithoutAnOutcomeIsRefused) {
  CaseRecord r = CaseAt(S::kReceived);
  Status st = CheckTransition(r, To(S::kClosed));
  ASSERT_FALSE(st.ok());
  EXPECT_TRUE(Contains(st.message(), "closed_no_id")) << st.message();
}

TEST(Workflow, ClosingBeforeTheSearchAcceptsAClosingOutcome) {
  for (Outcome o : {Outcome::kClosedNoId, Outcome::kNotGenuine, Outcome::kRoutedElsewhere,
                    Outcome::kRoutineBusiness, Outcome::kNoDataHeld}) {
    CaseRecord r = CaseAt(S::kReceived);
    EXPECT_TRUE(ApplyTransition(&r, To(S::kClosed, "", o)).ok()) << ToWire(o);
    EXPECT_EQ(r.outcome, o);
  }
}

TEST(Workflow, ClosingBeforeTheSearchRefusesADisclosureOutcome) {
  Status st = CheckTransition(CaseAt(S::kOnHold), To(S::kClosed, "", Outcome::kDisclosedInFull));
  EXPECT_FALSE(st.ok());
}

TEST(Workflow, ClosingAfterReleaseKeepsTheReleaseOutcome) {
  CaseRecord r = CaseAt(S::kReleased);
  ASSERT_TRUE(ApplyTransition(&r, To(S::kClosed)).ok());
  EXPECT_EQ(r.outcome, Outcome::kDisclosedInFull);
}

TEST(Workflow, ClosingAfterReleaseRefusesANonDisclosureOutcome) {
  CaseRecord r = CaseAt(S::kReleased);
  Status st = CheckTransition(r, To(S::kClosed, "", Outcome::kClosedNoId));
  EXPECT_FALSE(st.ok());
}

TEST(Workflow, ReleasedNeedsADisclosureOutcome) {
  CaseRecord r = CaseAt(S::kReadyForRelease);
  Status st = CheckTransition(r, To(S::kReleased));
  ASSERT_FALSE(st.ok());
  EXPECT_TRUE(Contains(st.message(), "releasing needs an outcome")) << st.message();
  EXPECT_FALSE(CheckTransition(r, To(S::kReleased, "", Outcome::kNoDataHeld)).ok());
  ASSERT_TRUE(ApplyTransition(&r, To(S::kReleased, "", Outcome::kWithheld)).ok());
  EXPECT_EQ(r.outcome, Outcome::kWithheld);
}

TEST(Workflow, ReleaseBlockersStopReadyForRelease) {
  CaseRecord r = CaseAt(S::kQa);
  ReleaseBlockers extra{{"the safeguarding meeting has not been held", "QA sample not passed"}};
  Status st = CheckTransition(r, To(S::kReadyForRelease), extra);
  ASSERT_FALSE(st.ok());
  EXPECT_TRUE(Contains(st.message(), "cannot release yet")) << st.message();
  EXPECT_TRUE(Contains(st.message(), "safeguarding meeting")) << st.message();
  EXPECT_TRUE(Contains(st.message(), "QA sample")) << st.message();
  EXPECT_TRUE(CheckTransition(r, To(S::kReadyForRelease)).ok());
}

TEST(Workflow, ReleaseBlockersStopReleased) {
  CaseRecord r = CaseAt(S::kReadyForRelease);
  ReleaseBlockers extra{{"the password has not been sent separately"}};
  Status st = ApplyTransition(&r, To(S::kReleased, "", Outcome::kDisclosedInFull), extra);
  ASSERT_FALSE(st.ok());
  EXPECT_TRUE(Contains(st.message(), "password")) << st.message();
  EXPECT_EQ(r.status, S::kReadyForRelease);
}

TEST(Workflow, ReleaseBlockersDoNotStopOtherMoves) {
  ReleaseBlockers extra{{"the safeguarding meeting has not been held"}};
  EXPECT_TRUE(CheckTransition(CaseAt(S::kCollating), To(S::kRedacting), extra).ok());
  EXPECT_TRUE(CheckTransition(CaseAt(S::kQa), To(S::kWithdrawn, "by letter"), extra).ok());
}

// ------------------------------------------------------------ next actions

TEST(NextActions, ListsEverySuccessor) {
  CaseRecord r = CaseAt(S::kValidated);
  auto actions = NextActions(r);
  std::vector<S> listed;
  for (const auto& a : actions) listed.push_back(a.to);
  EXPECT_EQ(Sorted(listed), Sorted(Successors(S::kValidated)));
}

TEST(NextActions, ExplainsWhyAMoveIsNotAllowed) {
  CaseRecord r = CaseAt(S::kValidated);
  r.assigned_officer.clear();
  auto actions = NextActions(r);
  const NextAction* search = Find(actions, S::kSearching);
  ASSERT_NE(search, nullptr);
  EXPECT_FALSE(search->allowed);
  EXPECT_TRUE(Contains(search->why_not, "assign an officer")) << search->why_not;
  const NextAction* withdraw = Find(actions, S::kWithdrawn);
  ASSERT_NE(withdraw, nullptr);
  EXPECT_TRUE(withdraw->allowed);
  EXPECT_EQ(withdraw->why_not, "");
}

TEST(NextActions, ExplainsWhyValidationIsBlocked) {
  CaseRecord r = CaseAt(S::kIdRequested);
  r.evidence.clear();
  auto actions = NextActions(r);
  const NextAction* validate = Find(actions, S::kValidated);
  ASSERT_NE(validate, nullptr);
  EXPECT_FALSE(validate->allowed);
  EXPECT_TRUE(Contains(validate->why_not, "identity not verified")) << validate->why_not;
}

TEST(NextActions, OffersReleaseWhenNothingBlocksIt) {
  auto actions = NextActions(CaseAt(S::kReadyForRelease));
  const NextAction* release = Find(actions, S::kReleased);
  ASSERT_NE(release, nullptr);
  EXPECT_TRUE(release->allowed);
}

TEST(NextActions, DoesNotOfferReleaseWhileReleaseIsBlocked) {
  ReleaseBlockers extra{{"the safeguarding meeting has not been held"}};
  auto actions = NextActions(CaseAt(S::kReadyForRelease), extra);
  const NextAction* release = Find(actions, S::kReleased);
  ASSERT_NE(release, nullptr);
  EXPECT_FALSE(release->allowed);
  EXPECT_TRUE(Contains(release->why_not, "safeguarding meeting")) << release->why_not;
}

TEST(NextActions, OffersClosingWhenSomeOutcomeAllowsIt) {
  auto actions = NextActions(CaseAt(S::kSearching));
  const NextAction* close = Find(actions, S::kClosed);
  ASSERT_NE(close, nullptr);
  EXPECT_TRUE(close->allowed);
}

TEST(NextActions, ExplainsThatARefusalMustBeRecordedFirst) {
  CaseRecord r = CaseAt(S::kValidated);
  r.refusal.reset();
  auto actions = NextActions(r);
  const NextAction* refuse = Find(actions, S::kRefused);
  ASSERT_NE(refuse, nullptr);
  EXPECT_FALSE(refuse->allowed);
  EXPECT_TRUE(Contains(refuse->why_not, "record the refusal")) << refuse->why_not;
}

TEST(NextActions, NoneForATerminalStatus) {
  EXPECT_TRUE(NextActions(CaseAt(S::kWithdrawn)).empty());
}

// ------------------------------------------------------------ ID timers

CaseRecord AwaitingId(Date asked, S status = S::kIdRequested) {
  CaseRecord r = NewCase();
  r.status = status;
  r.id_requested_on = asked;
  return r;
}

TEST(DueTimerMove, NothingTheDayBeforeOneMonth) {
  EXPECT_FALSE(DueTimerMove(AwaitingId(D(2025, 3, 10)), D(2025, 4, 9)).has_value());
}

TEST(DueTimerMove, OnHoldExactlyOneMonthAfterTheIdRequest) {
  auto move = DueTimerMove(AwaitingId(D(2025, 3, 10)), D(2025, 4, 10));
  ASSERT_TRUE(move.has_value());
  EXPECT_EQ(move->to, S::kOnHold);
  EXPECT_EQ(move->outcome, Outcome::kNone);
  EXPECT_TRUE(Contains(move->reason, "one month")) << move->reason;
  EXPECT_TRUE(Contains(move->reason, "2025-03-10")) << move->reason;
}

TEST(DueTimerMove, OnHoldStaysUntilThreeMonths) {
  EXPECT_FALSE(DueTimerMove(AwaitingId(D(2025, 3, 10), S::kOnHold), D(2025, 6, 9)).has_value());
}

TEST(DueTimerMove, ClosedWithoutIdThreeMonthsAfterTheRequest) {
  auto move = DueTimerMove(AwaitingId(D(2025, 3, 10), S::kOnHold), D(2025, 6, 10));
  ASSERT_TRUE(move.has_value());
  EXPECT_EQ(move->to, S::kClosed);
  EXPECT_EQ(move->outcome, Outcome::kClosedNoId);
  EXPECT_TRUE(Contains(move->reason, "three months")) << move->reason;
}

TEST(DueTimerMove, StillAwaitingIdAfterThreeMonthsClosesDirectly) {
  auto move = DueTimerMove(AwaitingId(D(2025, 3, 10)), D(2025, 7, 1));
  ASSERT_TRUE(move.has_value());
  EXPECT_EQ(move->to, S::kClosed);
  EXPECT_EQ(move->outcome, Outcome::kClosedNoId);
}

TEST(DueTimerMove, MonthEndIsClampedInAnOrdinaryYear) {
  EXPECT_FALSE(DueTimerMove(AwaitingId(D(2025, 1, 31)), D(2025, 2, 27)).has_value());
  auto move = DueTimerMove(AwaitingId(D(2025, 1, 31)), D(2025, 2, 28));
  ASSERT_TRUE(move.has_value());
  EXPECT_EQ(move->to, S::kOnHold);
}

TEST(DueTimerMove, MonthEndIsClampedInALeapYear) {
  EXPECT_FALSE(DueTimerMove(AwaitingId(D(2024, 1, 31)), D(2024, 2, 28)).has_value());
  auto move = DueTimerMove(AwaitingId(D(2024, 1, 31)), D(2024, 2, 29));
  ASSERT_TRUE(move.has_value());
  EXPECT_EQ(move->to, S::kOnHold);
}

TEST(DueTimerMove, ThreeMonthsIsClampedAtMonthEnd) {
  // 30 November + 3 months = 28 February.
  auto r = AwaitingId(D(2024, 11, 30), S::kOnHold);
  EXPECT_FALSE(DueTimerMove(r, D(2025, 2, 27)).has_value());
  auto move = DueTimerMove(r, D(2025, 2, 28));
  ASSERT_TRUE(move.has_value());
  EXPECT_EQ(move->to, S::kClosed);
}

TEST(DueTimerMove, NothingWithoutAnIdRequestDate) {
  CaseRecord r = NewCase();
  r.status = S::kIdRequested;
  EXPECT_FALSE(DueTimerMove(r, D(2026, 1, 1)).has_value());
}

TEST(DueTimerMove, NothingOnceTheRequestHasMovedOn) {
  for (S s : {S::kValidated, S::kSearching, S::kClosed, S::kWithdrawn}) {
    EXPECT_FALSE(DueTimerMove(AwaitingId(D(2025, 3, 10), s), D(2025, 12, 1)).has_value()) << ToWire(s);
  }
}

TEST(DueTimerMove, NothingWhenTheIdentityEvidenceHasArrived) {
  CaseRecord r = AwaitingId(D(2025, 6, 3));
  AddIdentity(r);  // seen 4 June, not yet validated by the officer
  EXPECT_FALSE(DueTimerMove(r, D(2025, 7, 3)).has_value());
  EXPECT_FALSE(DueTimerMove(r, D(2025, 9, 3)).has_value());
}

TEST(DueTimerMove, TheMovesItProposesAreAllowed) {
  CaseRecord r = AwaitingId(D(2025, 3, 10));
  auto hold = DueTimerMove(r, D(2025, 4, 10));
  ASSERT_TRUE(hold.has_value());
  Status st = ApplyTransition(&r, {hold->to, hold->reason, hold->outcome, "system", D(2025, 4, 10)});
  ASSERT_TRUE(st.ok()) << st.message();
  auto close = DueTimerMove(r, D(2025, 6, 10));
  ASSERT_TRUE(close.has_value());
  st = ApplyTransition(&r, {close->to, close->reason, close->outcome, "system", D(2025, 6, 10)});
  ASSERT_TRUE(st.ok()) << st.message();
  EXPECT_EQ(r.status, S::kClosed);
  EXPECT_EQ(r.outcome, Outcome::kClosedNoId);
  EXPECT_EQ(r.history.back().by, "system");
}

}  // namespace
}  // namespace sardesk::casework
