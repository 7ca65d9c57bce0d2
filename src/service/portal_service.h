// The requester portal (issue 8, docs/portal.md): members of the public sign
// in with their email address and a one-time code (no password), make a
// request, follow its progress, answer clarification questions, upload
// identity and authority documents and download their release through a
// single-use, expiring link unlocked by a second one-time code. Portal
// accounts are not staff accounts: they see only the requests linked to
// them. Codes, session tokens and link tokens are stored only as hashes or
// digests. Thread-safe.
#pragma once

#include <cstdint>
#include <string>

#include <nlohmann/json.hpp>

#include "auth/crypto.h"
#include "mail/sms.h"
#include "service/case_service.h"
#include "service/context.h"
#include "service/release_service.h"
#include "store/blob_store.h"

namespace sardesk::service {

struct PortalOptions {
  std::int64_t code_minutes = 10;            // a one-time code lives this long
  int max_code_attempts = 5;                 // wrong tries before a code is void
  std::int64_t link_minutes = 60;            // an issued download link lives this long
  std::int64_t release_download_days = 7;    // downloads are offered this long after release
  std::int64_t session_lifetime_minutes = 120;
  std::int64_t session_idle_minutes = 30;
  std::int64_t max_upload_bytes = 20 << 20;  // one identity or authority document
};

// A portal session just started; `token` goes to the browser and is never stored.
struct PortalSignIn {
  std::int64_t account_id = 0;
  std::string email;
  std::string token;
  std::string csrf_token;
};

struct PortalSession {
  std::int64_t account_id = 0;
  std::string email;
  std::string csrf_token;
};

// What a download hands the HTTP layer.
struct PortalDownload {
  std::string path;       // the encrypted release file
  std::string file_name;  // for Content-Disposition
  std::string content_type;
};

class PortalService {
 public:
  // All pointers outlive this; `sms` may be null (codes then go by email only).
  PortalService(ServiceContext* ctx, CaseService* cases, ReleaseService* releases, store::BlobStore* blobs,
                mail::SmsSender* sms, auth::HashStrength strength = auth::HashStrength::kInteractive,
                PortalOptions options = {});

  // Sends a sign-in code to `email`. Answers the same whether or not the
  // address has requests (nobody learns who uses the portal); kThrottled
  // when the address or client asked too often.
  Status SendSignInCode(const std::string& email, const std::string& client_address);
  // Checks the code and starts a new session (a code is used once; five
  // wrong tries void it). One message for a wrong, expired or used code.
  Result<PortalSignIn> SignIn(const std::string& email, const std::string& code, const std::string& client_address);
  // kUnauthenticated when there is no live session with this token.
  Result<PortalSession> Authenticate(const std::string& token);
  Status SignOut(const std::string& token);

  // Whether the request is linked to the account (the gate's case check).
  Result<bool> IsLinked(std::int64_t account_id, const std::string& reference);

  // Makes a request online (channel web_form) and links it to the account.
  // body: {"subject": {"name", "dob", "former_names", "address", "postcode"},
  // "requester": {"relationship", "name", "phone"}, "information_requested",
  // "date_from", "date_to", "format"}.
  Result<nlohmann::json> MakeRequest(const PortalSession& who, const nlohmann::json& body);
  // The account's requests in plain words: [{"reference", "progress", "due"...}].
  Result<nlohmann::json> MyRequests(const PortalSession& who);
  // One request: progress, due date, clarification questions, uploads and
  // the releases offered for download. kNotFound unless linked. Audited as
  // case.view by the requester (MyRequests: one entry per request listed).
  Result<nlohmann::json> Request(const PortalSession& who, const std::string& reference);
  // body: {"answer"}.
  Result<nlohmann::json> AnswerClarification(const PortalSession& who, const std::string& reference,
                                             std::int64_t clarification_id, const nlohmann::json& body);
  // kind: identity or authority. The name is for display only (the file is
  // kept by content); a name with a path in it is refused.
  Result<nlohmann::json> Upload(const PortalSession& who, const std::string& reference, const std::string& kind,
                                const std::string& file_name, const std::string& bytes);

  // Sends a download code by "email" (the account's address) or "sms" (the
  // requester's telephone number on the request).
  Status SendDownloadCode(const PortalSession& who, const std::string& reference, std::int64_t release_id,
                          const std::string& by);
  // Checks the download code and issues a link token: {"token", "expires_at", "path"}.
  Result<nlohmann::json> IssueDownloadLink(const PortalSession& who, const std::string& reference,
                                           std::int64_t release_id, const std::string& code);
  // Uses a link token once: audits case.download, records a secure_download
  // delivery and returns the file. kNotFound for a guessed, expired, used or
  // someone else's token; nothing changes then.
  Result<PortalDownload> Download(const PortalSession& who, const std::string& token);

  // Officer side: links a request recorded on paper or by telephone to the
  // portal account of `email` (made if need be). Audited as case.portal_link.
  Result<nlohmann::json> LinkCase(const std::string& reference, const std::string& email, const std::string& actor);
  // Officer side: the accounts linked and the documents uploaded.
  Result<nlohmann::json> CaseSummary(const std::string& reference);
  // Officer side: an uploaded document's bytes and name; audited as
  // case.download by `actor` with the upload's id.
  Result<std::pair<std::string, std::string>> UploadedFile(const std::string& reference, std::int64_t upload_id,
                                                           const std::string& actor);

  // The actor named in audit entries for a portal account.
  static std::string ActorFor(std::int64_t account_id) { return "requester:" + std::to_string(account_id); }

 private:
  std::int64_t NowSeconds() const;
  Status Throttled(const std::string& key) const;
  Status CountFailure(const std::string& key, bool per_address);
  Status SendCodeMessage(const std::string& email, const std::string& phone, const std::string& code,
                         const std::string& what);
  Result<std::optional<store::ReleaseRow>> FindRelease(const std::string& reference, std::int64_t release_id);
  Result<std::int64_t> ReleaseExpiry(const store::ReleaseRow& release) const;
  Status CheckCode(const std::string& key, const std::string& code);
  // Request() without the audit entry: the answer to the requester's own change.
  Result<nlohmann::json> RequestJson(const PortalSession& who, const std::string& reference);

  ServiceContext* ctx_;
  CaseService* cases_;
  ReleaseService* releases_;
  store::BlobStore* blobs_;
  mail::SmsSender* sms_;
  auth::HashStrength strength_;
  PortalOptions options_;
};

}  // namespace sardesk::service
