#include "service/qa_service.h"

#include <cstdio>
#include <optional>

#include "case/json_reader.h"
#include "case/qa_sample.h"
#include "case/workflow.h"
#include "service/release_gate.h"

namespace sardesk::service {

using nlohmann::json;

namespace {

json ReviewJson(const store::QaReviewRow& r) {
  json pages = json::parse(r.pages_json, nullptr, false);
  if (pages.is_discarded()) pages = json::array();
  std::int64_t sampled = 0;
  for (const auto& p : pages)
    if (p.value("added_by", "") == "sample") ++sampled;
  return {{"id", r.id},           {"case_ref", r.case_ref},     {"round", r.round},
          {"seed", r.seed},       {"reviewer", r.reviewer},     {"status", r.status},
          {"bundle_pages", r.bundle_pages}, {"sample_size", sampled}, {"pages", pages},
          {"reason", r.reason},   {"note", r.note},             {"started_at", r.started_at},
          {"decided_at", r.decided_at}};
}

std::string SeedText(std::uint64_t seed) {
  char buf[17];
  std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(seed));
  return buf;
}

Status Audit(store::Transaction& tx, const TimeSource& time, const std::string& actor, const std::string& action,
             std::int64_t review_id, const json& before, const json& after) {
  audit::AuditEntry a;
  a.at = time.NowIso();
  a.actor = actor;
  a.action = action;
  a.entity = "qa_review";
  a.entity_id = std::to_string(review_id);
  a.before = before.dump(-1, ' ', false, json::error_handler_t::replace);
  a.after = after.dump(-1, ' ', false, json::error_handler_t::replace);
  auto appended = tx.AppendAudit(a);
  return appended.ok() ? Status::Ok() : appended.status();
}

// Seed 001: "The quality check should be done by another IG member."
Status CheckIndependent(store::Transaction& tx, const std::string& reference, const std::string& actor) {
  SARDESK_ASSIGN_OR_RETURN(auto deciders, RedactionDeciders(tx, reference));
  if (deciders.count(actor))
    return Status::Denied(actor + " decided redactions on " + reference +
                          ": the redacting officer cannot QA their own work; ask another IG officer to check it");
  return Status::Ok();
}

// The open review of the case, held by `actor`.
Result<store::QaReviewRow> OpenReviewOf(store::Transaction& tx, const std::string& reference,
                                        const std::string& actor) {
  SARDESK_ASSIGN_OR_RETURN(auto reviews, tx.ListQaReviews(reference));
  for (const auto& r : reviews) {
    if (r.status != "open") continue;
    if (r.reviewer != actor)
      return Status::Denied("QA review " + std::to_string(r.id) + " of " + reference + " is held by " + r.reviewer +
                            ": only they can add to it, pass it or send it back");
    return r;
  }
  return Status::Refused("no QA review of " + reference + " is open: draw a sample first");
}

Status RequireCase(store::Transaction& tx, const std::string& reference) {
  SARDESK_ASSIGN_OR_RETURN(auto row, tx.FindCase(reference));
  if (!row) return Status::NotFound("no request with reference " + reference.substr(0, 40));
  return Status::Ok();
}

}  // namespace

Result<json> QaService::Reviews(const std::string& reference) {
  std::vector<store::QaReviewRow> reviews;
  SARDESK_RETURN_IF_ERROR(ctx_->store->Read([&](store::Transaction& tx) -> Status {
    SARDESK_RETURN_IF_ERROR(RequireCase(tx, reference));
    SARDESK_ASSIGN_OR_RETURN(reviews, tx.ListQaReviews(reference));
    return Status::Ok();
  }));
  json items = json::array();
  json open = nullptr;
  for (const auto& r : reviews) {
    items.push_back(ReviewJson(r));
    if (r.status == "open") open = r.id;
  }
  return json{{"reference", reference}, {"open", open}, {"reviews", items}};
}

Result<json> QaService::Sample(const std::string& reference, const json& body, const std::string& actor) {
  if (actor.empty()) return Status::Invalid("say who is acting");
  SARDESK_RETURN_IF_ERROR(casework::ReadObject(body, [](casework::JsonReader&) {}));
  store::QaReviewRow row;
  SARDESK_RETURN_IF_ERROR(ctx_->store->Write([&](store::Transaction& tx) -> Status {
    SARDESK_RETURN_IF_ERROR(RequireCase(tx, reference));
    SARDESK_RETURN_IF_ERROR(CheckIndependent(tx, reference, actor));
    SARDESK_ASSIGN_OR_RETURN(auto reviews, tx.ListQaReviews(reference));
    for (const auto& r : reviews)
      if (r.status == "open")
        return Status::Conflict("QA review " + std::to_string(r.id) + " of " + reference + " by " + r.reviewer +
                                " is open: pass it or send it back first");
    // The bundle: pages of read documents that are not excluded, without
    // pages that repeat earlier ones.
    SARDESK_ASSIGN_OR_RETURN(auto docs, tx.ListDocuments(reference));
    std::set<std::int64_t> usable;
    for (const auto& d : docs)
      if (d.status == "ready" && !d.excluded && !d.pdf_sha256.empty()) usable.insert(d.id);
    store::PageQuery q;
    q.case_ref = reference;
    SARDESK_ASSIGN_OR_RETURN(auto pages, tx.ListPages(q));
    std::vector<casework::BundlePage> bundle;
    for (const auto& p : pages)
      if (usable.count(p.document_id) && !p.excluded && p.duplicate_kind.empty())
        bundle.push_back({p.document_id, p.page_index});
    if (bundle.empty()) return Status::Refused("there are no pages in the bundle of " + reference + " to check yet");
    row = {};
    row.case_ref = reference;
    row.round = static_cast<std::int64_t>(reviews.size()) + 1;
    const std::uint64_t seed = casework::QaSeed(reference, row.round);
    row.seed = SeedText(seed);
    json sample = json::array();
    for (const auto& p : casework::SampleForQa(bundle, seed))
      sample.push_back({{"document_id", p.document_id}, {"page", p.page_index + 1}, {"added_by", "sample"}});
    row.pages_json = sample.dump();
    row.bundle_pages = static_cast<std::int64_t>(bundle.size());
    row.reviewer = actor;
    row.status = "open";
    row.started_at = ctx_->time->NowIso();
    SARDESK_ASSIGN_OR_RETURN(row.id, tx.InsertQaReview(row));
    return Audit(tx, *ctx_->time, actor, "qa.sample", row.id, json::object(),
                 {{"case_ref", reference}, {"round", row.round}, {"seed", row.seed},
                  {"bundle_pages", row.bundle_pages}, {"pages", sample}});
  }));
  return ReviewJson(row);
}

Result<json> QaService::AddPage(const std::string& reference, const json& body, const std::string& actor) {
  if (actor.empty()) return Status::Invalid("say who is acting");
  std::int64_t document_id = 0, page = 0;
  SARDESK_RETURN_IF_ERROR(casework::ReadObject(body, [&](casework::JsonReader& r) {
    r.Int("document_id", &document_id, 1, INT64_MAX, true);
    r.Int("page", &page, 1, 1'000'000, true);
  }));
  store::QaReviewRow row;
  SARDESK_RETURN_IF_ERROR(ctx_->store->Write([&](store::Transaction& tx) -> Status {
    SARDESK_RETURN_IF_ERROR(RequireCase(tx, reference));
    SARDESK_ASSIGN_OR_RETURN(row, OpenReviewOf(tx, reference, actor));
    SARDESK_RETURN_IF_ERROR(CheckIndependent(tx, reference, actor));
    SARDESK_ASSIGN_OR_RETURN(auto doc, tx.FindDocument(document_id));
    if (!doc || doc->case_ref != reference)
      return Status::NotFound("no document " + std::to_string(document_id) + " on " + reference.substr(0, 40));
    store::PageQuery q;
    q.document_id = document_id;
    q.page_index = static_cast<int>(page - 1);
    SARDESK_ASSIGN_OR_RETURN(auto pages, tx.ListPages(q));
    if (pages.empty())
      return Status::NotFound("document " + std::to_string(document_id) + " has no page " + std::to_string(page));
    json list = json::parse(row.pages_json, nullptr, false);
    if (list.is_discarded()) list = json::array();
    for (const auto& p : list)
      if (p.value("document_id", std::int64_t{0}) == document_id && p.value("page", std::int64_t{0}) == page)
        return Status::Ok();  // already in the review
    json before = list;
    list.push_back({{"document_id", document_id}, {"page", page}, {"added_by", "reviewer"}});
    row.pages_json = list.dump();
    SARDESK_RETURN_IF_ERROR(tx.UpdateQaReview(row));
    return Audit(tx, *ctx_->time, actor, "qa.page.add", row.id, {{"pages", before}}, {{"pages", list}});
  }));
  return ReviewJson(row);
}

Result<json> QaService::AddRedaction(const std::string& reference, const json& body, const std::string& actor) {
  if (actor.empty()) return Status::Invalid("say who is acting");
  SARDESK_RETURN_IF_ERROR(ctx_->store->Read([&](store::Transaction& tx) -> Status {
    SARDESK_RETURN_IF_ERROR(RequireCase(tx, reference));
    SARDESK_RETURN_IF_ERROR(OpenReviewOf(tx, reference, actor).status());
    return CheckIndependent(tx, reference, actor);
  }));
  return redactions_->AddInQa(reference, body, actor);
}

Result<json> QaService::Pass(const std::string& reference, const json& body, const std::string& actor) {
  std::string note;
  SARDESK_RETURN_IF_ERROR(casework::ReadObject(body, [&](casework::JsonReader& r) { r.Text("note", &note); }));
  return Finish(reference, actor, true, note);
}

Result<json> QaService::SendBack(const std::string& reference, const json& body, const std::string& actor) {
  std::string reason;
  SARDESK_RETURN_IF_ERROR(casework::ReadObject(body, [&](casework::JsonReader& r) { r.Text("reason", &reason, true); }));
  if (reason.empty()) return Status::Invalid("reason: say what the redacting officer must put right");
  return Finish(reference, actor, false, reason);
}

Result<json> QaService::Finish(const std::string& reference, const std::string& actor, bool passed,
                               const std::string& text) {
  if (actor.empty()) return Status::Invalid("say who is acting");
  store::QaReviewRow row;
  casework::ReleaseBlockers blockers;
  auto view = cases_->Mutate(
      reference, actor, passed ? "qa.pass" : "qa.send_back",
      [&](casework::CaseRecord& record, store::Transaction& tx) -> Status {
        SARDESK_ASSIGN_OR_RETURN(row, OpenReviewOf(tx, reference, actor));
        SARDESK_RETURN_IF_ERROR(CheckIndependent(tx, reference, actor));
        if (passed) {
          SARDESK_ASSIGN_OR_RETURN(auto readiness, ReadinessIn(tx, reference, *ctx_->exemptions.Get()));
          if (readiness.undecided > 0)
            return Status::Refused(std::to_string(readiness.undecided) +
                                   " proposed redactions are still undecided: the redacting officer must accept or "
                                   "reject them before QA can pass");
          if (!readiness.documents_to_apply.empty()) {
            std::string ids;
            for (auto id : readiness.documents_to_apply) ids += (ids.empty() ? "" : ", ") + std::to_string(id);
            return Status::Refused("the redacted copies of documents " + ids +
                                   " do not match the decisions: apply the redactions before QA can pass");
          }
        }
        const json before = {{"status", row.status}};
        row.status = passed ? "passed" : "sent_back";
        (passed ? row.note : row.reason) = text;
        row.decided_at = ctx_->time->NowIso();
        // A pass vouches for these decisions: changing them later needs QA again.
        if (passed) {
          SARDESK_ASSIGN_OR_RETURN(row.fingerprint, DecisionsFingerprintIn(tx, reference));
        }
        SARDESK_RETURN_IF_ERROR(tx.UpdateQaReview(row));
        SARDESK_RETURN_IF_ERROR(Audit(tx, *ctx_->time, actor, passed ? "qa.pass" : "qa.send_back", row.id, before,
                                      {{"status", row.status}, {passed ? "note" : "reason", text}}));
        SARDESK_ASSIGN_OR_RETURN(blockers, ReleaseBlockersIn(tx, reference, *ctx_->exemptions.Get()));
        // The workflow moves with the review when the case is in QA; a pass
        // leaves it in QA while something else still holds release back.
        if (record.status != casework::CaseStatus::kQa) return Status::Ok();
        if (passed && !blockers.messages.empty()) return Status::Ok();
        casework::TransitionRequest move;
        move.to = passed ? casework::CaseStatus::kReadyForRelease : casework::CaseStatus::kRedacting;
        move.reason = passed ? "QA passed (review " + std::to_string(row.id) + ")"
                             : "QA sent back (review " + std::to_string(row.id) + "): " + text;
        move.actor = actor;
        move.on = ctx_->time->Today();
        return casework::ApplyTransition(&record, move);
      });
  if (!view.ok()) return view.status();
  json out = ReviewJson(row);
  out["case_status"] = std::string(casework::ToWire(view->record.status));
  out["release_blockers"] = blockers.messages;
  return out;
}

}  // namespace sardesk::service
