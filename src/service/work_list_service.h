// "Waiting on you" (issue 7): what an IG officer, manager, QA reviewer or
// the DPO has to do next across the register, as one list: quality checks
// they may do, safeguarding meetings not yet held, service areas' replies
// still awaited, and the requester's clarification or proof of identity.
// Reads only; thread-safe.
#pragma once

#include <nlohmann/json.hpp>
#include <cstdint>
#include <string>

#include "common/result.h"
#include "service/context.h"

namespace sardesk::service {

// Who asks: the signed-in user's name and role (wire name).
struct WorkListUser {
  std::string username;
  std::string role;
};

class WorkListService {
 public:
  explicit WorkListService(ServiceContext* ctx) : ctx_(ctx) {}  // ctx outlives this

  static constexpr std::int64_t kMaxItems = 5000;

  // {"items": [{"kind", "reference", "detail", "due", "overdue", ...}],
  //  "total", "counts": {kind: n}}: overdue first, then the nearest due
  // date, then those with no date; at most `limit` items (1..kMaxItems),
  // while total and counts cover them all. Kinds:
  //  - qa: a request in the quality check that is not the user's own
  //    (officers, managers and QA reviewers);
  //  - sent_back: the user's request the quality check sent back, with
  //    the reviewer's reason (the assigned officer);
  //  - safeguarding_meeting: a document of the bundle raises safeguarding
  //    flags and no meeting has considered it (the assigned officer; IG
  //    managers and the DPO for every open request);
  //  - service_area_reply: a search sent to a service area, not answered;
  //    overdue once its deadline has passed (the assigned officer);
  //  - clarification / identity: the requester has not yet answered a
  //    question or sent proof of identity (the assigned officer).
  // Requests the user declared a conflict of interest on are left out.
  // Only open requests are read, through the indexed columns (officer,
  // status); safeguarding rows only for the requests that qualify.
  Result<nlohmann::json> For(const WorkListUser& user, std::int64_t limit = 200);

 private:
  ServiceContext* ctx_;
};

}  // namespace sardesk::service
