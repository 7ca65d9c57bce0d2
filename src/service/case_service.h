// Everything an officer does to a request, one method per action. Each call
// loads the case, applies the domain rules, and saves the case with its audit
// entry in one transaction: it happens entirely or not at all.
// Action payloads are JSON objects (the API's bodies; the CLI builds the same)
// read strictly: unknown fields and bad values are refused.
// Thread-safe.
#pragma once

#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include <nlohmann/json.hpp>

#include "service/case_view.h"
#include "service/context.h"

namespace sardesk::service {

struct CaseFilter {
  std::string status;
  std::string officer;
  std::string text;
  bool open_only = false;
  bool overdue_only = false;
  std::int64_t limit = 500;
  std::int64_t offset = 0;
};

struct TimerReport {
  struct Move {
    std::string reference;
    std::string from;
    std::string to;
    std::string reason;
  };
  std::vector<Move> moves;
  struct Failure {
    std::string reference;
    std::string message;
  };
  std::vector<Failure> failures;  // retried at the next run
};

struct HolidayImpact {
  std::string reference;
  std::string old_due;
  std::string new_due;
};

class CaseService {
 public:
  explicit CaseService(ServiceContext* ctx) : ctx_(ctx) {}  // ctx outlives this

  // body: the editable fields of the record (subject, requester, received,
  // channel, route, scope...) plus optional "assigned_officer".
  Result<CaseView> Create(const nlohmann::json& body, const std::string& actor);
  // With release_blockers false, the view's release blockers are not worked
  // out (cheaper, for services that only need the record).
  Result<CaseView> Get(const std::string& reference, bool release_blockers = true);
  Result<std::vector<CaseView>> List(const CaseFilter& filter);
  // The same list in the short form of SummaryJson, as the text of a JSON
  // array, for dashboards. Each summary is kept in memory, already
  // serialised, until its record's version, the day, the calendar or the
  // settings change, so loading a dashboard again parses no records
  // (bench/load_bench).
  Result<std::string> ListSummariesJson(const CaseFilter& filter, size_t* count = nullptr);

  // Merge-patches editable fields. expected_version, when given, must match.
  Result<CaseView> Update(const std::string& reference, const nlohmann::json& patch,
                          std::optional<std::int64_t> expected_version, const std::string& actor);

  // {"to": status, "reason": "...", "outcome": "...", "on": date}
  Result<CaseView> Transition(const std::string& reference, const nlohmann::json& body, const std::string& actor);

  // Evidence seen: {"party","purpose","type","document_date","seen_on","notes"}.
  // An unacceptable document is recorded as rejected with the reason.
  Result<CaseView> AddEvidence(const std::string& reference, const nlohmann::json& body, const std::string& actor);
  // Competence of a child: {"assessed_on","competent","child_consents","notes"}.
  Result<CaseView> RecordCompetence(const std::string& reference, const nlohmann::json& body, const std::string& actor);

  // Pauses the clock: {"question","requested_on"}; answer: {"answered_on","answer_summary"}.
  Result<CaseView> RequestClarification(const std::string& reference, const nlohmann::json& body, const std::string& actor);
  Result<CaseView> AnswerClarification(const std::string& reference, std::int64_t id, const nlohmann::json& body, const std::string& actor);

  // {"months":1|2,"reasons","requester_told_on"}; only within the first month.
  Result<CaseView> RecordExtension(const std::string& reference, const nlohmann::json& body, const std::string& actor);
  // {"required","amount_pence","reason","requested_on","received_on"}
  Result<CaseView> RecordFee(const std::string& reference, const nlohmann::json& body, const std::string& actor);

  Result<CaseView> AddCommunication(const std::string& reference, const nlohmann::json& body, const std::string& actor);

  // {"officer"}. Reassigning, or assigning after a conflict, needs an IG manager.
  Result<CaseView> Assign(const std::string& reference, const nlohmann::json& body, const std::string& actor);
  // The actor declares they know the data subject: {"note"}.
  Result<CaseView> DeclareConflict(const std::string& reference, const nlohmann::json& body, const std::string& actor);

  // Splits a mixed request: {"route":"foi"|"eir","information_requested"}.
  // Returns the new request; the original keeps the personal-data part.
  Result<CaseView> Split(const std::string& reference, const nlohmann::json& body, const std::string& actor);

  // Refuses as manifestly unfounded or excessive: {"ground","reasons","fee_offered"}.
  Result<CaseView> Refuse(const std::string& reference, const nlohmann::json& body, const std::string& actor);
  // Records the release: {"outcome","delivery","details","released_on"}.
  Result<CaseView> Release(const std::string& reference, const nlohmann::json& body, const std::string& actor);

  Result<CaseView> AddComplaint(const std::string& reference, const nlohmann::json& body, const std::string& actor);
  Result<CaseView> UpdateComplaint(const std::string& reference, std::int64_t id, const nlohmann::json& body, const std::string& actor);

  // The stored rows of every open request (for sweeps such as the timers).
  Result<std::vector<store::CaseRow>> OpenCaseRows();

  // Seed 001 stage-1 timers for every open case, as of today.
  Result<TimerReport> RunTimers();

  // Adds a newly announced bank holiday and reports the open cases it moves.
  Result<std::vector<HolidayImpact>> AddHoliday(const nlohmann::json& body, const std::string& actor,
                                                bool dry_run = false);

  // For other services: loads, applies fn, validates, audits and saves in one transaction.
  // fn may write to the same transaction (queue mail, ...).
  Result<CaseView> Mutate(const std::string& reference, const std::string& actor, const std::string& action,
                          const std::function<Status(casework::CaseRecord&, store::Transaction&)>& fn,
                          std::optional<std::int64_t> expected_version = std::nullopt);

  // The audit entries of one case, oldest first.
  Result<std::vector<audit::AuditEntry>> History(const std::string& reference);

 private:
  Status SaveNew(store::Transaction& tx, casework::CaseRecord& record, const std::string& actor,
                 const std::string& action, const std::string& extra_before = "");
  Result<std::string> NewReference(store::Transaction& tx, casework::Route route, Date received);
  Status FlagRepeats(store::Transaction& tx, casework::CaseRecord& record);
  Status RequireManager(store::Transaction& tx, const std::string& actor, const std::string& what);
  Settings CurrentSettings();
  Result<std::vector<store::CaseRow>> ListRows(const CaseFilter& filter, bool without_document = false);
  CaseView View(casework::CaseRecord record, const casework::ReleaseBlockers& blockers = {});
  // The view with its release blockers, when its status shows them.
  Result<CaseView> ViewIn(store::Transaction& tx, casework::CaseRecord record);
  Result<casework::ReleaseBlockers> BlockersIn(store::Transaction& tx, const std::string& reference);

  ServiceContext* ctx_;
  struct SummaryCache {
    static constexpr size_t kMaxEntries = 20000;
    std::mutex mu;
    std::shared_ptr<const clock::HolidayCalendar> calendar;
    std::string settings_key;
    Date today;
    struct Entry {
      std::int64_t version = 0;
      bool late = false;  // overdue, or behind at its stage
      std::string text;   // SummaryJson, serialised
    };
    std::unordered_map<std::string, std::shared_ptr<const Entry>> entries;
  };
  std::unique_ptr<SummaryCache> summaries_ = std::make_unique<SummaryCache>();
};

// Parses a stored row back into a record (refusing a corrupt document).
Result<casework::CaseRecord> RecordFromRow(const store::CaseRow& row);

}  // namespace sardesk::service
