// The register of requests and its reports (issue 7): the request log of
// seed 004 (date received, date due, applicant, information requested,
// exemptions applied, disclosures without consent, what was supplied, when
// and how), a page at a time or whole as CSV, and the monthly figures the
// reports draw. Reads only; thread-safe.
#pragma once

#include <cstdint>
#include <map>
#include <string>

#include <nlohmann/json.hpp>

#include "common/result.h"
#include "service/context.h"

namespace sardesk::service {

struct RegisterFilter {
  std::string text;    // reference or data subject's name contains
  std::string status;  // wire name, or empty
  std::string route;   // wire name, or empty
  std::string officer; // username, or empty
  std::string from;    // received on or after (YYYY-MM-DD), or empty
  std::string to;      // received on or before, or empty
  bool open_only = false;
  std::int64_t limit = 50; // 1..500
  std::int64_t offset = 0;
};

// Reads query parameters (q, status, route, officer, from, to, open, limit,
// offset) into a filter; an unknown value is Invalid with a message.
Result<RegisterFilter>
RegisterFilterFromQuery(const std::multimap<std::string, std::string> &params);

class RegisterService {
public:
  explicit RegisterService(ServiceContext *ctx)
      : ctx_(ctx) {} // ctx outlives this

  // {"total", "offset", "limit", "entries": [...]}: open requests first,
  // nearest due date first. Only the returned page's records are read.
  Result<nlohmann::json> List(const RegisterFilter &filter);
  // Every matching request (limit and offset ignored) as CSV with a header
  // row; cells that a spreadsheet would run as a formula are quoted with '.
  // Audited as register.download by `actor` (the row count and which
  // filters were set, not the search text, which may be a name).
  Result<std::string> Csv(const RegisterFilter &filter, const std::string &actor);
  // Figures for requests from..to (YYYY-MM-DD; default the last 12 months):
  // received and closed per month, closed within the statutory deadline,
  // average calendar days per stage against the council's targets, pages
  // read per month and exemptions applied.
  Result<nlohmann::json> Report(const std::string &from, const std::string &to);

private:
  ServiceContext *ctx_;
};

} // namespace sardesk::service
