#include "case/retention.h"

#include "case/workflow.h"

namespace sardesk::casework {

namespace {
// In place of free text the stored record requires.
constexpr char kRemoved[] = "(removed)";
}  // namespace

std::optional<Date> ClosedOn(const CaseRecord& r) {
  if (IsOpen(r.status)) return std::nullopt;
  std::optional<Date> on;
  for (const auto& h : r.history)
    if (!IsOpen(h.status) && (!on || *on <= h.on)) on = h.on;
  return on ? on : std::optional<Date>(r.received);
}

std::optional<Date> RetentionEnds(const CaseRecord& r, int years) {
  auto closed = ClosedOn(r);
  if (!closed) return std::nullopt;
  for (const auto& c : r.complaints)
    if (!c.closed_on) return std::nullopt;  // kept while a complaint is open
  return closed->AddMonthsClamped(12 * years);
}

void StripPersonalData(CaseRecord* r) {
  r->verbatim_request.clear();
  r->legal_basis.clear();
  r->subject = DataSubject{};
  r->subject.name = kDestroyedName;
  Requester requester;
  requester.relationship = r->requester.relationship;
  requester.pr_basis = r->requester.pr_basis;
  r->requester = requester;
  r->competence.reset();
  r->identity_waiver_reason.clear();
  for (auto& e : r->evidence) {
    e.seen_by.clear();
    e.rejection_reason.clear();
    e.notes.clear();
  }
  r->scope.information_requested.clear();
  r->reasonable_adjustments.clear();
  r->vulnerabilities.clear();
  r->support_contacts.clear();
  for (auto& c : r->conflicts) c.note.clear();
  for (auto& h : r->history) h.reason.clear();
  r->fee.reason.clear();
  for (auto& c : r->clarifications) {
    c.question.clear();
    c.answer_summary.clear();
  }
  if (r->extension) r->extension->reasons = kRemoved;
  if (r->refusal) r->refusal->reasons = kRemoved;
  if (r->release) r->release->details.clear();
  r->disclosures_without_consent.clear();
  for (auto& c : r->communications) c.summary = kRemoved;
  for (auto& c : r->complaints) {
    c.summary = kRemoved;
    c.outcome.clear();
  }
  for (auto& t : r->search_tasks) {
    t.contact_name.clear();
    t.contact_email.clear();
    t.note.clear();
  }
  r->possible_repeat_of.clear();
}

}  // namespace sardesk::casework
