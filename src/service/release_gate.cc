#include "service/release_gate.h"

#include <map>
#include <set>

#include <nlohmann/json.hpp>

#include "service/redaction_service.h"

namespace sardesk::service {

using nlohmann::json;

namespace {

bool Usable(const store::DocumentRow& d) { return d.status == "ready" && !d.excluded && !d.pdf_sha256.empty(); }

std::string Named(const store::DocumentRow& d) { return std::to_string(d.id) + " (" + d.filename + ")"; }

std::string List(const std::vector<std::string>& items) {
  std::string out;
  for (size_t i = 0; i < items.size(); ++i) out += (i == 0 ? "" : i + 1 == items.size() ? " and " : ", ") + items[i];
  return out;
}

std::vector<std::int64_t> DocumentIds(const std::string& text) {
  std::vector<std::int64_t> out;
  json j = json::parse(text, nullptr, false);
  if (!j.is_array()) return out;
  for (const auto& v : j)
    if (v.is_number_integer()) out.push_back(v.get<std::int64_t>());
  return out;
}

// Flags, meetings and what the meetings decided.
Status SafeguardingBlockers(store::Transaction& tx, const std::string& reference,
                            const std::map<std::int64_t, store::DocumentRow>& usable,
                            const std::vector<store::RedactionRow>& redactions, std::vector<std::string>* out) {
  SARDESK_ASSIGN_OR_RETURN(auto checks, tx.ListSafeguardingChecks(reference));
  std::set<std::int64_t> checked;
  for (const auto& c : checks) checked.insert(c.document_id);
  std::vector<std::string> unchecked;
  for (const auto& [id, doc] : usable)
    if (!checked.count(id)) unchecked.push_back(Named(doc));
  if (!unchecked.empty())
    out->push_back("detection has not read document" + std::string(unchecked.size() == 1 ? " " : "s ") +
                   List(unchecked) + " for safeguarding flags: run redaction propose");

  store::PageQuery q;
  q.case_ref = reference;
  SARDESK_ASSIGN_OR_RETURN(auto pages, tx.ListPages(q));
  std::set<std::pair<std::int64_t, int>> excluded;
  for (const auto& p : pages)
    if (p.excluded) excluded.insert({p.document_id, p.page_index});
  SARDESK_ASSIGN_OR_RETURN(auto flags, tx.ListSafeguardingFlags(reference));
  std::map<std::int64_t, std::vector<std::string>> flagged;  // document -> "self_harm on page 2"
  for (const auto& f : flags)
    if (usable.count(f.document_id) && !excluded.count({f.document_id, f.page_index}))
      flagged[f.document_id].push_back(f.flag + " on page " + std::to_string(f.page_index + 1));

  SARDESK_ASSIGN_OR_RETURN(auto meetings, tx.ListSafeguardingMeetings(reference));
  std::map<std::int64_t, const store::SafeguardingMeetingRow*> latest;  // document -> the meeting that decides it
  for (const auto& m : meetings)
    for (std::int64_t id : DocumentIds(m.documents_json)) latest[id] = &m;

  for (const auto& [id, what] : flagged) {
    auto m = latest.find(id);
    if (m == latest.end()) {
      out->push_back("document " + Named(usable.at(id)) + " raises safeguarding flags (" + List(what) +
                     "): the IG manager must hold a safeguarding meeting and record it before release");
      continue;
    }
    const std::string& outcome = m->second->outcome;
    if (outcome != "withhold_part" && outcome != "withhold_all") continue;
    bool done = false;
    for (const auto& r : redactions) {
      if (r.document_id != id || r.status != "accepted") continue;
      if (outcome == "withhold_all" ? r.scope == "document" : r.exemption == "serious_harm") done = true;
    }
    if (!done)
      out->push_back("safeguarding meeting " + std::to_string(m->second->id) + " decided to " +
                     (outcome == "withhold_all" ? "withhold all of" : "withhold part of") + " document " +
                     Named(usable.at(id)) + ", but " +
                     (outcome == "withhold_all" ? "no whole-document redaction is accepted on it"
                                                : "no serious_harm redaction is accepted on it"));
  }
  return Status::Ok();
}

}  // namespace

bool ShowsReleaseBlockers(casework::CaseStatus s) {
  return s == casework::CaseStatus::kRedacting || s == casework::CaseStatus::kQa ||
         s == casework::CaseStatus::kReadyForRelease;
}

Result<casework::ReleaseBlockers> ReleaseBlockersIn(store::Transaction& tx, const std::string& reference,
                                                    const std::vector<redact::Exemption>& catalogue) {
  casework::ReleaseBlockers out;
  SARDESK_ASSIGN_OR_RETURN(auto docs, tx.ListDocuments(reference));
  std::map<std::int64_t, store::DocumentRow> usable;
  for (auto& d : docs)
    if (Usable(d)) usable.emplace(d.id, std::move(d));
  if (usable.empty()) return out;  // nothing collected: nothing to redact or check

  store::RedactionQuery rq;
  rq.case_ref = reference;
  SARDESK_ASSIGN_OR_RETURN(auto redactions, tx.ListRedactions(rq));
  SARDESK_RETURN_IF_ERROR(SafeguardingBlockers(tx, reference, usable, redactions, &out.messages));

  SARDESK_ASSIGN_OR_RETURN(auto readiness, ReadinessIn(tx, reference, catalogue));
  if (readiness.undecided > 0)
    out.messages.push_back(std::to_string(readiness.undecided) + " proposed redaction" +
                           (readiness.undecided == 1 ? " is" : "s are") + " undecided: accept or reject " +
                           (readiness.undecided == 1 ? "it" : "them"));
  if (!readiness.documents_to_apply.empty()) {
    std::vector<std::string> names;
    for (std::int64_t id : readiness.documents_to_apply) names.push_back(Named(usable.at(id)));
    out.messages.push_back("the redacted cop" +
                           std::string(names.size() == 1 ? "y of document " : "ies of documents ") + List(names) +
                           " do not match the decisions: apply the redactions");
  }

  // QA is needed once anything is redacted, and once a review has begun: a
  // pass vouches for the decisions it checked, even if they later redact
  // nothing.
  bool has_redactions = false;
  for (const auto& r : redactions)
    if (r.status == "accepted" && usable.count(r.document_id)) has_redactions = true;
  SARDESK_ASSIGN_OR_RETURN(auto reviews, tx.ListQaReviews(reference));
  if (!has_redactions && reviews.empty()) return out;
  if (reviews.empty()) {
    out.messages.push_back("QA has not passed: another IG officer must check the redactions (qa sample, then qa pass)");
    return out;
  }
  const auto& last = reviews.back();
  if (last.status == "open") {
    out.messages.push_back("QA review " + std::to_string(last.id) + " by " + last.reviewer +
                           " is still open: it must pass first");
  } else if (last.status == "sent_back") {
    out.messages.push_back("QA review " + std::to_string(last.id) + " sent the redactions back (" + last.reason +
                           "): QA must pass again");
  } else if (!last.fingerprint.empty()) {
    SARDESK_ASSIGN_OR_RETURN(std::string now, DecisionsFingerprintIn(tx, reference));
    if (now != last.fingerprint)
      out.messages.push_back("the redactions changed after QA review " + std::to_string(last.id) +
                             " passed: another IG officer must check them again");
  }
  return out;
}

}  // namespace sardesk::service
