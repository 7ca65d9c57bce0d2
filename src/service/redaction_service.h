// Seed 001 stage 4: redacting a case. Detection proposes redactions over the
// stored pages of every document in the bundle; the officer accepts or
// rejects each, draws boxes, withholds whole pages or documents, and sets
// case rules ("redact this name wherever it occurs", "never redact the
// allocated social worker"). Apply burns the accepted redactions into a
// redacted copy of each document, verifies it can recover nothing and keeps
// it in the blob store; the schedule lists every accepted redaction with its
// exemption. Every change is audited in the same transaction. Thread-safe.
#pragma once

#include <cstdint>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "redact/exemptions.h"
#include "service/case_service.h"
#include "service/context.h"
#include "service/work_progress.h"
#include "store/blob_store.h"

namespace sardesk::service {

struct RedactionFilter {
  std::int64_t document_id = 0;  // 0: any
  int page = 0;                  // from 1; 0: any
  std::string status, party, category, source;
};

// One accepted redaction as the schedule lists it.
struct ScheduleRow {
  std::int64_t redaction_id = 0;
  std::int64_t document_id = 0;
  std::string filename;
  int page = 0;                 // from 1; 0 for a whole document
  std::string scope;            // box, page, document
  std::string boxes_json;       // [[x0, y0, x1, y1], ...], points from the top-left
  std::string category;
  std::string exemption;        // code
  std::string exemption_label;  // as drawn in the box
  std::string basis;            // legal basis
  std::string reason;
  std::string source;           // detection or person
  std::string origin;           // detection, officer, rule, qa
  std::string proposed_by, proposed_at, decided_by, decided_at;
};

struct RedactionSchedule {
  std::string reference;
  std::vector<ScheduleRow> rows;
};

nlohmann::json ScheduleJson(const RedactionSchedule& schedule);
// RFC 4180, one header line; cells that a spreadsheet would run as a formula
// are prefixed with an apostrophe.
std::string ScheduleCsv(const RedactionSchedule& schedule);
// A readable PDF of the schedule (title, then one block per row: document,
// page, category, exemption, reason, proposed by, decided by, when).
Result<std::string> SchedulePdf(const RedactionSchedule& schedule, const std::string& organisation);

// Whether the case's redactions are ready for release: nothing undecided and
// every redacted copy made from the current decisions.
struct RedactionReadiness {
  std::int64_t undecided = 0;
  std::vector<std::int64_t> documents_to_apply;  // decisions changed since the last apply
};

class RedactionService {
 public:
  // All pointers outlive this.
  RedactionService(ServiceContext* ctx, CaseService* cases, store::BlobStore* blobs);

  // Runs detection over every ready document of the case that is not
  // excluded (its pages joined, so a person introduced on one page is known
  // on the next; excluded pages are skipped) and stores its "redact" and
  // "review" proposals as candidates, each covering whole words. Running it
  // again adds only what is new; the case rules decide new candidates. The
  // safeguarding flags are recorded by document and page, and each document
  // as read (release waits on them: release_gate.h).
  // body: {"staff": [{"name", "role"}]} (council staff named in the records).
  Result<nlohmann::json> Propose(const std::string& reference, const nlohmann::json& body, const std::string& actor);

  Result<nlohmann::json> List(const std::string& reference, const RedactionFilter& filter);

  // {"decision": "accept"|"reject", "exemption", "box": {"x0","y0","x1","y1"}, "note"}
  Result<nlohmann::json> Decide(const std::string& reference, std::int64_t id, const nlohmann::json& body,
                                const std::string& actor);

  // A box drawn by the officer, a whole page or a whole document, accepted at
  // once: {"document_id", "page" (from 1; not for a document), "scope":
  // "box"|"page"|"document", "box": {"x0","y0","x1","y1"} (points from the
  // page's top-left), "exemption", "reason", "party"}.
  Result<nlohmann::json> Add(const std::string& reference, const nlohmann::json& body, const std::string& actor);
  // How the latest Propose (detection) of the case is going (issue 7), as
  // WorkProgress::Json: stages reading, detecting, saving.
  Result<nlohmann::json> Progress(const std::string& reference);
  // A social worker adviser's suggestion (issue 8): as Add (a box or a
  // page, never a whole document), but left "proposed", source "adviser",
  // for an officer to accept or reject.
  Result<nlohmann::json> Suggest(const std::string& reference, const nlohmann::json& body, const std::string& actor);
  // As Add, by the QA reviewer (source "qa"; does not make them a redacting officer).
  Result<nlohmann::json> AddInQa(const std::string& reference, const nlohmann::json& body, const std::string& actor);

  // {"text", "action": "redact"|"keep", "exemption", "reason"}. "redact"
  // accepts every candidate with that text and adds accepted ones for every
  // other occurrence in the case's pages; "keep" rejects them all.
  Result<nlohmann::json> AddRule(const std::string& reference, const nlohmann::json& body, const std::string& actor);
  Result<nlohmann::json> Rules(const std::string& reference);

  // Burns the accepted redactions into a verified redacted copy of each
  // document that has any (documents whose decisions did not change since
  // the last apply are left alone; documents without redactions keep their
  // original). A copy that fails verification is not kept: kFailedPrecondition
  // names the document, page and method.
  Result<nlohmann::json> Apply(const std::string& reference, const std::string& actor);

  // Each document of the bundle: original, redacted, or needs_apply.
  Result<nlohmann::json> RedactedDocuments(const std::string& reference);
  // The bytes of a document's redacted copy.
  Result<std::string> RedactedPdf(const std::string& reference, std::int64_t document_id);

  Result<RedactionSchedule> Schedule(const std::string& reference);
  Result<RedactionReadiness> Readiness(const std::string& reference);

  // The council's exemption catalogue as it is now.
  std::shared_ptr<const std::vector<redact::Exemption>> catalogue() const { return ctx_->exemptions.Get(); }

 private:
  Result<nlohmann::json> AddAs(const std::string& reference, const nlohmann::json& body, const std::string& actor,
                               const std::string& source);
  Result<CaseView> LoadCase(const std::string& reference);

  ServiceContext* ctx_;
  CaseService* cases_;
  store::BlobStore* blobs_;
  WorkProgress progress_;
};

// The people who decided redactions on the case (accepted, rejected, drew,
// set rules, or recorded a consent decision or staff concern that set one),
// outside QA: seed 001 says they may not QA it.
Result<std::set<std::string>> RedactionDeciders(store::Transaction& tx, const std::string& reference);
// As RedactionService::Readiness, inside a transaction. A redacted copy is
// current when it holds the accepted redactions with today's labels.
Result<RedactionReadiness> ReadinessIn(store::Transaction& tx, const std::string& reference,
                                       const std::vector<redact::Exemption>& catalogue);
// Identifies the case's redaction decisions (what is accepted, where, and
// under which exemption): a QA pass vouches for one fingerprint.
Result<std::string> DecisionsFingerprintIn(store::Transaction& tx, const std::string& reference);

// What a rule did to the case's redactions (ids).
struct RuleOutcome {
  std::vector<std::int64_t> accepted, added, rejected;
  std::vector<std::int64_t> reopened, removed;  // when a rule is removed
};
// Inside a transaction: stores *rule (filling its id; the caller has checked
// it) and applies it to every redaction of the case, as AddRule does.
Result<RuleOutcome> AddRuleIn(store::Transaction& tx, store::RedactionRuleRow* rule, const std::string& now);
// Inside a transaction: removes a rule. The redactions it added go; those it
// decided are proposed again, for an officer to decide.
Result<RuleOutcome> RemoveRuleIn(store::Transaction& tx, const store::RedactionRuleRow& rule);
nlohmann::json RuleJson(const store::RedactionRuleRow& rule);

nlohmann::json RedactionJson(const store::RedactionRow& row, const std::vector<redact::Exemption>& catalogue);

}  // namespace sardesk::service
