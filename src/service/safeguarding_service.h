// Seed 001 stage 4: records whose text raises safeguarding concerns
// (self-harm, suicide attempts, abuse) are not released until the IG manager
// has held a safeguarding case meeting. Detection records the flags by page
// when it proposes redactions (RedactionService::Propose); this service
// shows them, records the meetings and what they decided, and reports what
// still holds the request back from release (release_gate.h). Thread-safe.
#pragma once

#include <string>

#include <nlohmann/json.hpp>

#include "service/context.h"

namespace sardesk::service {

class SafeguardingService {
 public:
  explicit SafeguardingService(ServiceContext* ctx) : ctx_(ctx) {}  // ctx outlives this

  // The flags by document and page, the documents detection has not read,
  // the meetings, and the release blockers.
  Result<nlohmann::json> Show(const std::string& reference);

  // {"held_on", "attendees": [names], "outcome": "release" |
  //  "release_with_support" | "withhold_part" | "withhold_all", "notes",
  //  "documents": [ids] (default: every flagged document)}. Notes are
  // required to withhold. withhold_all withholds each document considered
  // whole, under serious_harm (accepted whole-document redactions);
  // withhold_part leaves the officer to redact the parts under serious_harm
  // (release waits until one is accepted on each document).
  Result<nlohmann::json> RecordMeeting(const std::string& reference, const nlohmann::json& body,
                                       const std::string& actor);

 private:
  ServiceContext* ctx_;
};

}  // namespace sardesk::service
