// Seed 001 stage 5: a second IG officer checks the redacted response before
// release. They draw a reproducible random 10% of the bundle's pages (at
// least one page of every document), may add pages, add redactions they find
// missing, and then pass the case or send it back with a reason. Nobody who
// decided a redaction on the case may check it: the server refuses. Passing
// moves a case in QA to ready for release; sending back moves it to
// redacting, in the same transaction as the review. Thread-safe.
#pragma once

#include <string>

#include <nlohmann/json.hpp>

#include "service/case_service.h"
#include "service/context.h"
#include "service/redaction_service.h"

namespace sardesk::service {

class QaService {
 public:
  // All pointers outlive this.
  QaService(ServiceContext* ctx, CaseService* cases, RedactionService* redactions)
      : ctx_(ctx), cases_(cases), redactions_(redactions) {}

  // Every QA review of the case, oldest first, and the open one.
  Result<nlohmann::json> Reviews(const std::string& reference);
  // Starts a review held by `actor`, with its sample. body: {}.
  Result<nlohmann::json> Sample(const std::string& reference, const nlohmann::json& body, const std::string& actor);
  // {"document_id", "page" (from 1)}: a page the reviewer also checks.
  Result<nlohmann::json> AddPage(const std::string& reference, const nlohmann::json& body, const std::string& actor);
  // A redaction the reviewer found missing (body as RedactionService::Add).
  Result<nlohmann::json> AddRedaction(const std::string& reference, const nlohmann::json& body,
                                      const std::string& actor);
  // {"note"}: refused while proposals are undecided or a redacted copy is
  // out of date.
  Result<nlohmann::json> Pass(const std::string& reference, const nlohmann::json& body, const std::string& actor);
  // {"reason"} (required).
  Result<nlohmann::json> SendBack(const std::string& reference, const nlohmann::json& body, const std::string& actor);

 private:
  Result<nlohmann::json> Finish(const std::string& reference, const std::string& actor, bool passed,
                                const std::string& text);

  ServiceContext* ctx_;
  CaseService* cases_;
  RedactionService* redactions_;
};

}  // namespace sardesk::service
