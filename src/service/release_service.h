// Seed 001 stage 6 and seed 002 9: releasing a request. The latest bundle,
// built from the current redaction decisions, is encrypted with a password
// made for this release (an AES-256 PDF, or an AES-256 zip of the volumes);
// the password is returned once, for the officer to give by telephone or a
// separate message, and kept only as a salted hash. Each delivery route is
// recorded with what was sent (the file's and bundle's SHA-256), how, when
// and by whom. Release waits on the release gate (release_gate.h) and moves
// the case to released in the same transaction, recording the outcome, the
// delivery, the exemptions applied with their counts and what was sent.
// Thread-safe.
#pragma once

#include <string>

#include <nlohmann/json.hpp>

#include "service/bundle_service.h"
#include "service/case_service.h"
#include "service/context.h"

namespace sardesk::service {

// What the officer is told with the password.
inline constexpr char kPasswordInstruction[] =
    "Give this password to the requester by telephone, or in a separate message by another route. Never send it "
    "with the file or in the same email. It is shown only now: sardesk keeps only a hash of it.";

class ReleaseService {
 public:
  // All pointers outlive this.
  ReleaseService(ServiceContext* ctx, CaseService* cases, BundleService* bundles);

  // body: {"outcome" (default disclosed_in_part when anything is redacted,
  // else disclosed_in_full), "released_on" (default today), "bundle_id"
  // (default the latest), "delivery": {"route", ...the route's fields}}.
  // Routes and their fields:
  //   secure_download   {"note"}: the file is ready for the requester portal
  //   encrypted_email   {"to"}: a message without the password is queued
  //   post              {"medium": "encrypted_media"|"paper", "tracking_reference", "fee_pence"}
  //   collection        {"collected_by", "id_checked": true, "id_document", "fee_pence"}
  //   supported_meeting {"held_on", "attendees": [...], "fee_pence"}
  // A fee is allowed only for paper copies (post on paper, or with
  // "paper_copy": true on collection or a meeting).
  // Returns the release with "password" and "password_instruction".
  Result<nlohmann::json> Release(const std::string& reference, const nlohmann::json& body, const std::string& actor);

  // A further delivery of a release already made (e.g. paper at a meeting
  // after a secure download): body as "delivery" above.
  Result<nlohmann::json> Deliver(const std::string& reference, std::int64_t release_id, const nlohmann::json& body,
                                 const std::string& actor);

  // {"reference", "releases": [{..., "deliveries": [...]}]}; never a password.
  Result<nlohmann::json> List(const std::string& reference);

  // The path of a release's encrypted file, checked against its hash (for
  // the requester portal's download, issue 8).
  Result<std::string> ReleaseFile(const std::string& reference, std::int64_t release_id);
  // The same for an officer taking a copy: audited as case.download by
  // `actor` with the release's id (issue 8).
  Result<std::string> DownloadReleaseFile(const std::string& reference, std::int64_t release_id,
                                          const std::string& actor);

 private:
  ServiceContext* ctx_;
  CaseService* cases_;
  BundleService* bundles_;
};

}  // namespace sardesk::service
