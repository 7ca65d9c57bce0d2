// Audit entries for looking at a request and taking a copy of it (issue 8):
// `case.view` and `case.download`, entity `case_access`, in the same hash
// chain as every change. `what` names the item by id and route only, never
// its content or anyone's details. Used by services whose download is not
// visible in the path the gate audits (an upload, a release file, a letter
// as Word) and by the requester portal (docs/accounts.md).
#pragma once

#include <string>

#include <nlohmann/json.hpp>

#include "common/clock_source.h"
#include "common/result.h"
#include "store/store.h"

namespace sardesk::service {

inline constexpr char kCaseView[] = "case.view";
inline constexpr char kCaseDownload[] = "case.download";

// Appends one access entry inside `tx`.
Status AppendAccessAudit(store::Transaction& tx, const TimeSource& time, const std::string& actor,
                         const std::string& action, const std::string& reference, const nlohmann::json& what);

// The same in a transaction of its own: no entry, no access (callers
// refuse the request when this fails).
Status RecordAccessAudit(store::Store& store, const TimeSource& time, const std::string& actor,
                         const std::string& action, const std::string& reference, const nlohmann::json& what);

}  // namespace sardesk::service
