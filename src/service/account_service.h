// Staff accounts and signed-in sessions (issue 8): passwords, sign-in with
// throttling, sessions with a CSRF token, sign-out (here and everywhere),
// and sharing a case with a social worker adviser. Sessions live in the
// store, so every server process sees the same ones. Thread-safe.
#pragma once

#include <atomic>
#include <cstdint>
#include <string>
#include <vector>

#include "auth/crypto.h"
#include "service/context.h"

namespace sardesk::service {

// Who is signed in, as the sign-in contract returns them.
struct SignedInUser {
  std::string username;
  std::string name;
  std::string role;
  std::string service_area;  // a service-area contact's area, else empty
};

// A session just started. `token` goes to the browser in the cookie and is
// never stored; only its digest is.
struct NewSession {
  SignedInUser user;
  std::string token;
  std::string csrf_token;
};

// A live session found from its token.
struct SessionInfo {
  SignedInUser user;
  std::string csrf_token;
};

inline constexpr size_t kMinPasswordLength = 12;
// The demo staff's password (sardesk serve --demo, sardesk demo load). Demo only.
inline constexpr char kDemoPassword[] = "sardesk-demo";

// What access control needs to know about one case.
struct CaseAccessFacts {
  bool exists = false;
  std::string reference;
  std::vector<std::string> conflicted_officers;
  std::vector<std::string> shared_with;
  std::vector<std::string> search_areas;  // service areas sent a search task
};

class AccountService {
 public:
  // ctx outlives this. `strength` is kInteractive for real accounts;
  // kMinimal only in tests.
  explicit AccountService(ServiceContext* ctx, auth::HashStrength strength = auth::HashStrength::kInteractive);

  // Sets (or replaces) a user's password: at least 12 characters, not the
  // username. Audited as "account.password" (without the password or hash).
  Status SetPassword(const std::string& username, const std::string& password, const std::string& actor);

  // Gives every active user without a password this one; returns how many.
  // For demo data only.
  Result<int> SetMissingPasswords(const std::string& password, const std::string& actor);

  // Checks the name and password and starts a session. A wrong name, a
  // wrong password, an inactive account and an account without a password
  // all give the same kUnauthenticated message. Too many failures for the
  // name or from `client_address` give kThrottled until the lock passes.
  Result<NewSession> SignIn(const std::string& username, const std::string& password,
                            const std::string& client_address);

  // Starts a session for someone who proved who they are elsewhere (OpenID
  // Connect): exactly as SignIn does after a right password (new token and
  // CSRF token, audited "session.sign_in" with {"method": method}). No
  // account is created: an unknown or inactive username is kDenied.
  Result<NewSession> SignInVerified(const std::string& username, const std::string& method);

  // When false, only administrators may sign in with a password (so one can
  // still reach the settings if the identity provider fails); everyone
  // else is told to use their council account. Set by OidcService.
  void SetLocalPasswordsAllowed(bool allowed) { local_passwords_allowed_ = allowed; }
  bool LocalPasswordsAllowed() const { return local_passwords_allowed_; }

  // The live session with this token; kUnauthenticated when there is none,
  // it has expired (lifetime or idle timeout) or the account is inactive.
  Result<SessionInfo> Authenticate(const std::string& token);

  // Ends this session; ending an unknown one is not an error.
  Status SignOut(const std::string& token);
  // Ends every session of the user; returns how many ended.
  Result<std::int64_t> SignOutEverywhere(const std::string& username);

  // Shares a case with a social worker adviser (who sees only shared cases).
  Status ShareCase(const std::string& reference, const std::string& username, const std::string& actor);
  Status UnshareCase(const std::string& reference, const std::string& username, const std::string& actor);
  Result<std::vector<store::CaseShareRow>> Shares(const std::string& reference);

  // The facts for the case with this reference, or of this document's case.
  Result<CaseAccessFacts> CaseAccess(const std::string& reference);
  Result<CaseAccessFacts> DocumentAccess(std::int64_t document_id);
  // Audits a view or download ("case.view", "document.download"...) of a
  // case: who, which route, when; no content or personal data.
  Status RecordAccess(const std::string& reference, const std::string& action, const std::string& what,
                      const std::string& actor);
  // The references shared with an adviser, and the open search tasks sent
  // to a service area: [{"reference", "task_id", "status", "due"}].
  Result<std::vector<std::string>> SharedCases(const std::string& username);
  Result<nlohmann::json> SearchTasksFor(const std::string& service_area);

 private:
  std::int64_t NowSeconds() const;
  // Inside a write: ends old sessions, inserts a new one for *user, audits.
  Status StartSession(store::Transaction& tx, const store::UserRow& user, const std::string& method, NewSession* out);

  ServiceContext* ctx_;
  auth::HashStrength strength_;
  std::atomic<bool> local_passwords_allowed_{true};
  std::string decoy_hash_;  // verified against when the name is unknown, so timing does not tell
};

}  // namespace sardesk::service
