// Seed 001 stage 2: asking service areas to search for a data subject's
// records, with deadlines, reminders and escalation; and the outbox that
// sends the messages. Every message is queued in the same transaction as the
// change that caused it, then sent. Thread-safe.
#pragma once

#include <nlohmann/json.hpp>

#include "case/search_request.h"
#include "service/case_service.h"
#include "service/context.h"

namespace sardesk::service {

struct SearchTimerReport {
  struct Step {
    std::string reference;
    std::int64_t task_id;
    std::string service_area;
    std::string action;  // "reminded" or "escalated"
  };
  std::vector<Step> steps;
  std::vector<TimerReport::Failure> failures;
};

struct DispatchReport {
  int sent = 0;
  int failed = 0;  // left pending (retried) or failed after too many tries
};

class SearchService {
 public:
  // ctx and cases outlive this.
  SearchService(ServiceContext* ctx, CaseService* cases) : ctx_(ctx), cases_(cases) {}

  // Service areas: configuration, audited.
  Result<casework::ServiceArea> PutServiceArea(const nlohmann::json& body, const std::string& actor);
  Result<std::vector<casework::ServiceArea>> ListServiceAreas();

  // {"areas": ["childrens", ...]}: one task per area, each with form SAR1 sent
  // to the area's single point of contact. A validated request moves to
  // searching.
  Result<CaseView> SendSearchRequests(const std::string& reference, const nlohmann::json& body,
                                      const std::string& actor);
  // {"id", "outcome": "no_records"|"records_received", "note", "answered_on"}
  Result<CaseView> RecordAnswer(const std::string& reference, const nlohmann::json& body, const std::string& actor);
  // {"id", "reason"}
  Result<CaseView> Cancel(const std::string& reference, const nlohmann::json& body, const std::string& actor);

  // Reminders for tasks past their deadline, escalation for ignored reminders.
  Result<SearchTimerReport> RunTimers();

  // Sends queued messages through ctx->mailer; failures stay queued with the
  // error and are retried up to five times.
  Result<DispatchReport> DispatchMail();
  // The messages of one case (or all when reference is empty), oldest first.
  Result<std::vector<store::OutboxRow>> Messages(const std::string& reference);

 private:
  Result<casework::ServiceArea> FindArea(store::Transaction& tx, const std::string& id);
  Status Queue(store::Transaction& tx, casework::CaseRecord& record, const casework::SearchMessage& message,
               const std::string& actor, const std::string& what);
  casework::SearchMessageContext MessageContext(store::Transaction& tx, const std::string& officer);
  Settings CurrentSettings();

  ServiceContext* ctx_;
  CaseService* cases_;
};

}  // namespace sardesk::service
