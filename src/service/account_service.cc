#include "service/account_service.h"

#include <algorithm>
#include <cctype>

#include "auth/session_rules.h"
#include "auth/throttle.h"

namespace sardesk::service {

using nlohmann::json;

namespace {

constexpr char kWrongNameOrPassword[] = "the username or password is wrong";

Status AppendAccountAudit(store::Transaction& tx, const TimeSource& time, const std::string& actor,
                          const std::string& action, const std::string& entity, const std::string& id,
                          const json& before, const json& after) {
  audit::AuditEntry e;
  e.at = time.NowIso();
  e.actor = actor;
  e.action = action;
  e.entity = entity;
  e.entity_id = id;
  e.before = before.dump();
  e.after = after.dump();
  auto r = tx.AppendAudit(e);
  return r.ok() ? Status::Ok() : r.status();
}

// Throttling keys are digests: the table holds no names or addresses.
std::string NameKey(std::string username) {
  for (auto& c : username) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return "u:" + auth::TokenDigest(username);
}
std::string AddressKey(const std::string& address) { return "a:" + auth::TokenDigest(address); }

auth::FailureRecord ToRecord(const std::optional<store::SignInFailureRow>& row) {
  if (!row) return {};
  return {row->failures, row->last_failure, row->locked_until};
}

store::SignInFailureRow ToRow(const std::string& key, const auth::FailureRecord& r) {
  return {key, r.failures, r.last_failure, r.locked_until};
}

SignedInUser ToSignedIn(const store::UserRow& u) { return {u.username, u.display_name, u.role, u.service_area}; }

}  // namespace

AccountService::AccountService(ServiceContext* ctx, auth::HashStrength strength) : ctx_(ctx), strength_(strength) {
  auto decoy = auth::HashPassword(auth::RandomToken(), strength_);
  if (decoy.ok()) decoy_hash_ = *decoy;
}

std::int64_t AccountService::NowSeconds() const {
  return std::chrono::duration_cast<std::chrono::seconds>(ctx_->time->Now().time_since_epoch()).count();
}

Status AccountService::SetPassword(const std::string& username, const std::string& password, const std::string& actor) {
  if (actor.empty()) return Status::Invalid("say who is acting");
  if (password.size() < kMinPasswordLength)
    return Status::Invalid("password: at least " + std::to_string(kMinPasswordLength) + " characters");
  if (password == username) return Status::Invalid("password: must not be the username");
  SARDESK_ASSIGN_OR_RETURN(std::string hash, auth::HashPassword(password, strength_));
  return ctx_->store->Write([&](store::Transaction& tx) -> Status {
    SARDESK_ASSIGN_OR_RETURN(auto user, tx.FindUser(username));
    if (!user) return Status::NotFound("no user " + username.substr(0, 64));
    SARDESK_ASSIGN_OR_RETURN(auto existing, tx.FindCredential(username));
    SARDESK_RETURN_IF_ERROR(tx.PutCredential({username, hash, ctx_->time->NowIso(), actor}));
    // A new password ends the sessions signed in with the old one.
    SARDESK_ASSIGN_OR_RETURN(std::int64_t ended, tx.DeleteUserSessions(username));
    return AppendAccountAudit(tx, *ctx_->time, actor, "account.password", "user", username,
                              {{"had_password", existing.has_value()}},
                              {{"had_password", true}, {"sessions_ended", ended}});
  });
}

Result<int> AccountService::SetMissingPasswords(const std::string& password, const std::string& actor) {
  std::vector<std::string> missing;
  Status st = ctx_->store->Read([&](store::Transaction& tx) -> Status {
    SARDESK_ASSIGN_OR_RETURN(auto users, tx.ListUsers());
    for (const auto& u : users) {
      if (!u.active) continue;
      SARDESK_ASSIGN_OR_RETURN(auto credential, tx.FindCredential(u.username));
      if (!credential) missing.push_back(u.username);
    }
    return Status::Ok();
  });
  if (!st.ok()) return st;
  for (const auto& name : missing) SARDESK_RETURN_IF_ERROR(SetPassword(name, password, actor));
  return static_cast<int>(missing.size());
}

Result<NewSession> AccountService::SignIn(const std::string& username, const std::string& password,
                                          const std::string& client_address) {
  if (username.empty() || username.size() > 64 || password.size() > 1024)
    return Status::Unauthenticated(kWrongNameOrPassword);
  const std::string name_key = NameKey(username);
  const std::string address_key = AddressKey(client_address);
  const std::int64_t now = NowSeconds();

  std::optional<store::UserRow> user;
  std::optional<store::CredentialRow> credential;
  std::int64_t locked = 0;
  Status st = ctx_->store->Read([&](store::Transaction& tx) -> Status {
    SARDESK_ASSIGN_OR_RETURN(auto by_name, tx.FindSignInFailure(name_key));
    SARDESK_ASSIGN_OR_RETURN(auto by_address, tx.FindSignInFailure(address_key));
    locked = std::max(auth::SecondsLocked(ToRecord(by_name), now), auth::SecondsLocked(ToRecord(by_address), now));
    if (locked > 0) return Status::Ok();
    SARDESK_ASSIGN_OR_RETURN(user, tx.FindUser(username));
    SARDESK_ASSIGN_OR_RETURN(credential, tx.FindCredential(username));
    return Status::Ok();
  });
  if (!st.ok()) return st;
  if (locked > 0)
    return Status::Throttled("too many failed sign-ins: try again in " + std::to_string(locked) + " seconds");

  // The slow hash runs outside any transaction, and runs for unknown names too.
  bool usable = user && user->active && credential;
  bool verified = auth::VerifyPassword(usable ? credential->password_hash : decoy_hash_, password) && usable;

  NewSession session;
  st = ctx_->store->Write([&](store::Transaction& tx) -> Status {
    if (!verified) {
      SARDESK_ASSIGN_OR_RETURN(auto by_name, tx.FindSignInFailure(name_key));
      SARDESK_ASSIGN_OR_RETURN(auto by_address, tx.FindSignInFailure(address_key));
      SARDESK_RETURN_IF_ERROR(tx.PutSignInFailure(ToRow(name_key, auth::AfterFailure(ToRecord(by_name), now, auth::kPerUsername))));
      SARDESK_RETURN_IF_ERROR(
          tx.PutSignInFailure(ToRow(address_key, auth::AfterFailure(ToRecord(by_address), now, auth::kPerAddress))));
      return Status::Ok();
    }
    SARDESK_RETURN_IF_ERROR(tx.DeleteSignInFailure(name_key));
    if (!local_passwords_allowed_ && user->role != "administrator") return Status::Ok();
    return StartSession(tx, *user, "password", &session);
  });
  if (!st.ok()) return st;
  if (!verified) return Status::Unauthenticated(kWrongNameOrPassword);
  // Said only after the right password, so it tells a guesser nothing.
  if (session.token.empty())
    return Status::Denied("sign in with your council account: passwords are not used for sign-in here");
  return session;
}

Result<NewSession> AccountService::SignInVerified(const std::string& username, const std::string& method) {
  if (username.empty() || username.size() > 64)
    return Status::Denied("no sardesk account matches your council account: ask an administrator to add you");
  NewSession session;
  Status st = ctx_->store->Write([&](store::Transaction& tx) -> Status {
    SARDESK_ASSIGN_OR_RETURN(auto user, tx.FindUser(username));
    if (!user) return Status::Denied("no sardesk account matches your council account: ask an administrator to add you");
    if (!user->active) return Status::Denied("your sardesk account is not active: ask an administrator");
    return StartSession(tx, *user, method, &session);
  });
  if (!st.ok()) return st;
  return session;
}

Status AccountService::StartSession(store::Transaction& tx, const store::UserRow& user, const std::string& method,
                                    NewSession* out) {
  const std::int64_t now = NowSeconds();
  NewSession& session = *out;
  Settings settings;
  {
    std::lock_guard<std::mutex> lock(ctx_->settings_mu);
    settings = ctx_->settings;
  }
  // Ended sessions of everyone are cleared now and then: here.
  SARDESK_RETURN_IF_ERROR(tx.PurgeSessions(now - std::int64_t{settings.session_lifetime_minutes} * 60,
                                           now - std::int64_t{settings.session_idle_minutes} * 60)
                              .status());
  session.user = ToSignedIn(user);
  session.token = auth::RandomToken();
  session.csrf_token = auth::RandomToken();
  SARDESK_RETURN_IF_ERROR(tx.InsertSession({auth::TokenDigest(session.token), user.username, session.csrf_token, now, now}));
  return AppendAccountAudit(tx, *ctx_->time, user.username, "session.sign_in", "user", user.username, json::object(),
                            {{"method", method}});
}

Result<SessionInfo> AccountService::Authenticate(const std::string& token) {
  if (token.empty() || token.size() > 100) return Status::Unauthenticated("sign in first");
  const std::string digest = auth::TokenDigest(token);
  const std::int64_t now = NowSeconds();
  auth::SessionTimes times;
  {
    std::lock_guard<std::mutex> lock(ctx_->settings_mu);
    times.lifetime_minutes = ctx_->settings.session_lifetime_minutes;
    times.idle_minutes = ctx_->settings.session_idle_minutes;
  }
  std::optional<store::SessionRow> session;
  std::optional<store::UserRow> user;
  Status st = ctx_->store->Read([&](store::Transaction& tx) -> Status {
    SARDESK_ASSIGN_OR_RETURN(session, tx.FindSession(digest));
    if (session) {
      SARDESK_ASSIGN_OR_RETURN(user, tx.FindUser(session->username));
    }
    return Status::Ok();
  });
  if (!st.ok()) return st;
  if (!session) return Status::Unauthenticated("sign in first");
  bool live = auth::SessionLive(session->created_at, session->last_seen_at, now, times) && user && user->active;
  if (!live) {
    SARDESK_RETURN_IF_ERROR(ctx_->store->Write([&](store::Transaction& tx) { return tx.DeleteSession(digest); }));
    return Status::Unauthenticated("your session has ended: sign in again");
  }
  if (auth::ShouldRecordUse(session->last_seen_at, now))
    SARDESK_RETURN_IF_ERROR(ctx_->store->Write([&](store::Transaction& tx) { return tx.TouchSession(digest, now); }));
  return SessionInfo{ToSignedIn(*user), session->csrf_token};
}

Status AccountService::SignOut(const std::string& token) {
  if (token.empty() || token.size() > 100) return Status::Ok();
  const std::string digest = auth::TokenDigest(token);
  return ctx_->store->Write([&](store::Transaction& tx) -> Status {
    SARDESK_ASSIGN_OR_RETURN(auto session, tx.FindSession(digest));
    if (!session) return Status::Ok();
    SARDESK_RETURN_IF_ERROR(tx.DeleteSession(digest));
    return AppendAccountAudit(tx, *ctx_->time, session->username, "session.sign_out", "user", session->username,
                              json::object(), json::object());
  });
}

Result<std::int64_t> AccountService::SignOutEverywhere(const std::string& username) {
  std::int64_t ended = 0;
  Status st = ctx_->store->Write([&](store::Transaction& tx) -> Status {
    SARDESK_ASSIGN_OR_RETURN(ended, tx.DeleteUserSessions(username));
    return AppendAccountAudit(tx, *ctx_->time, username, "session.sign_out_everywhere", "user", username,
                              json::object(), {{"sessions_ended", ended}});
  });
  if (!st.ok()) return st;
  return ended;
}

Status AccountService::ShareCase(const std::string& reference, const std::string& username, const std::string& actor) {
  if (actor.empty()) return Status::Invalid("say who is acting");
  return ctx_->store->Write([&](store::Transaction& tx) -> Status {
    SARDESK_ASSIGN_OR_RETURN(auto row, tx.FindCase(reference));
    if (!row) return Status::NotFound("no request with reference " + reference.substr(0, 40));
    SARDESK_ASSIGN_OR_RETURN(auto user, tx.FindUser(username));
    if (!user) return Status::NotFound("no user " + username.substr(0, 64));
    if (user->role != "social_worker_adviser")
      return Status::Invalid("username: only a social worker adviser is given cases by sharing");
    SARDESK_ASSIGN_OR_RETURN(auto shares, tx.ListCaseShares(reference));
    for (const auto& s : shares)
      if (s.username == username) return Status::Ok();
    SARDESK_RETURN_IF_ERROR(tx.PutCaseShare({reference, username, actor, ctx_->time->NowIso()}));
    return AppendAccountAudit(tx, *ctx_->time, actor, "case_share.add", "case_share", reference, json::object(),
                              {{"username", username}});
  });
}

Status AccountService::UnshareCase(const std::string& reference, const std::string& username, const std::string& actor) {
  if (actor.empty()) return Status::Invalid("say who is acting");
  return ctx_->store->Write([&](store::Transaction& tx) -> Status {
    SARDESK_ASSIGN_OR_RETURN(auto shares, tx.ListCaseShares(reference));
    bool found = std::any_of(shares.begin(), shares.end(), [&](const auto& s) { return s.username == username; });
    if (!found) return Status::NotFound("request " + reference.substr(0, 40) + " is not shared with " + username.substr(0, 64));
    SARDESK_RETURN_IF_ERROR(tx.DeleteCaseShare(reference, username));
    return AppendAccountAudit(tx, *ctx_->time, actor, "case_share.remove", "case_share", reference,
                              {{"username", username}}, json::object());
  });
}

Result<std::vector<store::CaseShareRow>> AccountService::Shares(const std::string& reference) {
  std::vector<store::CaseShareRow> out;
  Status st = ctx_->store->Read([&](store::Transaction& tx) -> Status {
    SARDESK_ASSIGN_OR_RETURN(out, tx.ListCaseShares(reference));
    return Status::Ok();
  });
  if (!st.ok()) return st;
  return out;
}

}  // namespace sardesk::service

namespace sardesk::service {

namespace {

CaseAccessFacts FactsOf(const store::CaseRow& row, const std::vector<store::CaseShareRow>& shares) {
  CaseAccessFacts f;
  f.exists = true;
  f.reference = row.reference;
  auto doc = json::parse(row.document, nullptr, false);
  if (doc.is_object()) {
    if (doc.contains("conflicts") && doc["conflicts"].is_array())
      for (const auto& c : doc["conflicts"])
        if (c.is_object() && c.contains("officer") && c["officer"].is_string()) f.conflicted_officers.push_back(c["officer"]);
    if (doc.contains("search_tasks") && doc["search_tasks"].is_array())
      for (const auto& t : doc["search_tasks"])
        if (t.is_object() && t.contains("service_area") && t["service_area"].is_string()) f.search_areas.push_back(t["service_area"]);
  }
  for (const auto& s : shares) f.shared_with.push_back(s.username);
  return f;
}

}  // namespace

Result<CaseAccessFacts> AccountService::CaseAccess(const std::string& reference) {
  CaseAccessFacts facts;
  Status st = ctx_->store->Read([&](store::Transaction& tx) -> Status {
    SARDESK_ASSIGN_OR_RETURN(auto row, tx.FindCase(reference));
    if (!row) return Status::Ok();
    SARDESK_ASSIGN_OR_RETURN(auto shares, tx.ListCaseShares(reference));
    facts = FactsOf(*row, shares);
    return Status::Ok();
  });
  if (!st.ok()) return st;
  return facts;
}

Result<CaseAccessFacts> AccountService::DocumentAccess(std::int64_t document_id) {
  std::string reference;
  Status st = ctx_->store->Read([&](store::Transaction& tx) -> Status {
    SARDESK_ASSIGN_OR_RETURN(auto doc, tx.FindDocument(document_id));
    if (doc) reference = doc->case_ref;
    return Status::Ok();
  });
  if (!st.ok()) return st;
  if (reference.empty()) return CaseAccessFacts{};
  return CaseAccess(reference);
}

Status AccountService::RecordAccess(const std::string& reference, const std::string& action, const std::string& what,
                                    const std::string& actor) {
  return ctx_->store->Write([&](store::Transaction& tx) -> Status {
    return AppendAccountAudit(tx, *ctx_->time, actor, action, "case_access", reference, json::object(),
                              {{"route", what}});
  });
}

Result<std::vector<std::string>> AccountService::SharedCases(const std::string& username) {
  std::vector<std::string> out;
  Status st = ctx_->store->Read([&](store::Transaction& tx) -> Status {
    SARDESK_ASSIGN_OR_RETURN(auto shares, tx.ListSharesOf(username));
    for (const auto& s : shares) out.push_back(s.case_ref);
    return Status::Ok();
  });
  if (!st.ok()) return st;
  return out;
}

Result<json> AccountService::SearchTasksFor(const std::string& service_area) {
  json items = json::array();
  if (service_area.empty()) return json{{"search_tasks", items}};
  Status st = ctx_->store->Read([&](store::Transaction& tx) -> Status {
    store::CaseQuery q;
    q.open_only = true;
    q.limit = 1000000;
    SARDESK_ASSIGN_OR_RETURN(auto rows, tx.ListCases(q));
    for (const auto& row : rows) {
      auto doc = json::parse(row.document, nullptr, false);
      if (!doc.is_object() || !doc.contains("search_tasks") || !doc["search_tasks"].is_array()) continue;
      for (const auto& t : doc["search_tasks"]) {
        if (!t.is_object() || t.value("service_area", "") != service_area) continue;
        // The task only: the request's personal details stay with the IG team.
        items.push_back({{"reference", row.reference}, {"task_id", t.value("id", std::int64_t{0})},
                         {"status", t.value("status", "")}, {"sent_on", t.value("sent_on", "")},
                         {"due", t.value("due", "")}});
      }
    }
    return Status::Ok();
  });
  if (!st.ok()) return st;
  return json{{"search_tasks", items}};
}

}  // namespace sardesk::service
