#include "service/oidc_service.h"

#include <algorithm>
#include <cctype>
#include <limits>

#include "auth/crypto.h"
#include "case/json_reader.h"

namespace sardesk::service {

using nlohmann::json;

namespace {

constexpr char kSettingKey[] = "oidc";
constexpr size_t kMaxPending = 10000;

json PublicJson(const OidcSettings& s, bool secret_set) {
  return {{"enabled", s.enabled},
          {"issuer", s.issuer},
          {"client_id", s.client_id},
          {"client_secret_set", secret_set},
          {"redirect_uri", s.redirect_uri},
          {"scopes", s.scopes},
          {"username_claim", s.username_claim},
          {"local_passwords", s.local_passwords},
          {"button_label", s.button_label}};
}

json StoredJson(const OidcSettings& s) {
  json j = PublicJson(s, !s.client_secret.empty());
  j.erase("client_secret_set");
  j["client_secret"] = s.client_secret;
  return j;
}

bool ValidClaimName(const std::string& c) {
  return !c.empty() && c.size() <= 64 &&
         std::all_of(c.begin(), c.end(), [](char ch) { return std::isalnum(static_cast<unsigned char>(ch)) || ch == '_'; });
}

// Reads the fields present in `j` onto *s; unknown fields and wrong types refused.
Status Apply(const json& j, OidcSettings* s, bool* secret_changed) {
  if (!j.is_object()) return Status::Invalid("send the OpenID Connect settings as a JSON object");
  for (const auto& [key, value] : j.items()) {
    std::string* text = nullptr;
    bool* flag = nullptr;
    size_t limit = 2048;
    if (key == "enabled") flag = &s->enabled;
    else if (key == "local_passwords") flag = &s->local_passwords;
    else if (key == "issuer") text = &s->issuer;
    else if (key == "client_id") text = &s->client_id, limit = 256;
    else if (key == "client_secret") text = &s->client_secret, limit = 1024;
    else if (key == "redirect_uri") text = &s->redirect_uri;
    else if (key == "scopes") text = &s->scopes, limit = 512;
    else if (key == "username_claim") text = &s->username_claim, limit = 64;
    else if (key == "button_label") text = &s->button_label, limit = 80;
    else if (key == "client_secret_set") continue;  // what GET returns; ignored
    else return Status::Invalid(key.substr(0, 40) + ": not an OpenID Connect setting");
    if (flag) {
      if (!value.is_boolean()) return Status::Invalid(key + ": true or false");
      *flag = value.get<bool>();
    } else {
      if (!value.is_string()) return Status::Invalid(key + ": a string");
      std::string v = value.get<std::string>();
      if (v.size() > limit) return Status::Invalid(key + ": at most " + std::to_string(limit) + " characters");
      if (key == "client_secret" && secret_changed) *secret_changed = true;
      *text = v;
    }
  }
  return Status::Ok();
}

Status Validate(const OidcSettings& s) {
  if (!s.issuer.empty() && !oidc::AllowedProviderUrl(s.issuer))
    return Status::Invalid("issuer: an https address, e.g. https://login.microsoftonline.com/{tenant}/v2.0");
  if (!s.redirect_uri.empty() && !oidc::AllowedProviderUrl(s.redirect_uri))
    return Status::Invalid("redirect_uri: sardesk's https address ending /api/session/oidc/callback");
  if (!s.redirect_uri.empty() && s.redirect_uri.find("/api/session/oidc/callback") == std::string::npos)
    return Status::Invalid("redirect_uri: must end /api/session/oidc/callback");
  if (!ValidClaimName(s.username_claim)) return Status::Invalid("username_claim: a claim name such as preferred_username or email");
  if ((" " + s.scopes + " ").find(" openid ") == std::string::npos) return Status::Invalid("scopes: must include openid");
  if (s.enabled && (s.issuer.empty() || s.client_id.empty() || s.redirect_uri.empty()))
    return Status::Invalid("enabled: set issuer, client_id and redirect_uri first");
  if (!s.local_passwords && !s.enabled)
    return Status::Invalid("local_passwords: can be turned off only while OpenID Connect sign-in is enabled");
  return Status::Ok();
}

std::string Lower(std::string s) {
  for (auto& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

}  // namespace

OidcService::OidcService(ServiceContext* ctx, AccountService* accounts, oidc::HttpClient* http)
    : ctx_(ctx), accounts_(accounts), provider_(std::make_unique<oidc::Provider>(http)) {}

std::int64_t OidcService::NowSeconds() const {
  return std::chrono::duration_cast<std::chrono::seconds>(ctx_->time->Now().time_since_epoch()).count();
}

Status OidcService::Load() {
  std::optional<std::string> stored;
  SARDESK_RETURN_IF_ERROR(ctx_->store->Read([&](store::Transaction& tx) -> Status {
    SARDESK_ASSIGN_OR_RETURN(stored, tx.GetSetting(kSettingKey));
    return Status::Ok();
  }));
  OidcSettings s;
  if (stored) {
    auto parsed = casework::ParseJsonText(*stored);
    if (!parsed.ok()) return Status::Internal("the stored OpenID Connect settings are not valid JSON");
    SARDESK_RETURN_IF_ERROR(Apply(*parsed, &s, nullptr));
  }
  std::lock_guard<std::mutex> lock(mu_);
  settings_ = s;
  accounts_->SetLocalPasswordsAllowed(!s.enabled || s.local_passwords);
  return Status::Ok();
}

json OidcService::SettingsJson() const {
  std::lock_guard<std::mutex> lock(mu_);
  return PublicJson(settings_, !settings_.client_secret.empty() || !secret_override_.empty());
}

Result<json> OidcService::UpdateSettings(const json& patch, const std::string& actor) {
  if (actor.empty()) return Status::Invalid("say who is acting");
  OidcSettings before;
  {
    std::lock_guard<std::mutex> lock(mu_);
    before = settings_;
  }
  OidcSettings after = before;
  bool secret_changed = false;
  SARDESK_RETURN_IF_ERROR(Apply(patch, &after, &secret_changed));
  SARDESK_RETURN_IF_ERROR(Validate(after));
  SARDESK_RETURN_IF_ERROR(ctx_->store->Write([&](store::Transaction& tx) -> Status {
    SARDESK_RETURN_IF_ERROR(tx.PutSetting(kSettingKey, StoredJson(after).dump()));
    // Sign-ins started under the old settings cannot finish.
    SARDESK_RETURN_IF_ERROR(tx.PurgeOidcPending(std::numeric_limits<std::int64_t>::max()).status());
    audit::AuditEntry e;
    e.at = ctx_->time->NowIso();
    e.actor = actor;
    e.action = "settings.oidc";
    e.entity = "settings";
    e.entity_id = kSettingKey;
    e.before = PublicJson(before, !before.client_secret.empty()).dump();
    json a = PublicJson(after, !after.client_secret.empty());
    a["client_secret_changed"] = secret_changed;
    e.after = a.dump();
    return tx.AppendAudit(e).status();
  }));
  {
    std::lock_guard<std::mutex> lock(mu_);
    settings_ = after;
  }
  provider_->Forget();
  accounts_->SetLocalPasswordsAllowed(!after.enabled || after.local_passwords);
  return SettingsJson();
}

void OidcService::SetClientSecretOverride(std::string secret) {
  std::lock_guard<std::mutex> lock(mu_);
  secret_override_ = std::move(secret);
}

json OidcService::Methods() const {
  std::lock_guard<std::mutex> lock(mu_);
  return {{"password", !settings_.enabled || settings_.local_passwords},
          {"oidc", settings_.enabled},
          {"oidc_label", settings_.enabled ? settings_.button_label : ""}};
}

oidc::ProviderConfig OidcService::Config(const OidcSettings& s) const {
  return {s.issuer, s.client_id, secret_override_.empty() ? s.client_secret : secret_override_, s.redirect_uri, s.scopes};
}

Result<OidcService::Started> OidcService::Start() {
  const std::int64_t now = NowSeconds();
  oidc::ProviderConfig config;
  auto request = oidc::NewAuthorizationRequest();
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (!settings_.enabled) return Status::Refused("sign-in with a council account is not set up");
    config = Config(settings_);
  }
  const std::string digest = auth::TokenDigest(request.state);
  // Kept in the database, so the callback may reach another process or
  // come after a restart; expired ones are removed on the way.
  SARDESK_RETURN_IF_ERROR(ctx_->store->Write([&](store::Transaction& tx) -> Status {
    SARDESK_RETURN_IF_ERROR(tx.PurgeOidcPending(now - kOidcPendingSeconds).status());
    SARDESK_ASSIGN_OR_RETURN(std::int64_t under_way, tx.CountOidcPending());
    if (under_way >= static_cast<std::int64_t>(kMaxPending))
      return Status::Throttled("too many sign-ins are under way: try again in a few minutes");
    return tx.InsertOidcPending({digest, request.nonce, request.code_verifier, now});
  }));
  auto url = provider_->AuthorizationUrl(config, request, now);
  if (!url.ok()) {
    (void)ctx_->store->Write([&](store::Transaction& tx) { return tx.TakeOidcPending(digest).status(); });
    return url.status();
  }
  return Started{*url, request.state};
}

Result<NewSession> OidcService::Finish(const std::string& code, const std::string& state) {
  const std::int64_t now = NowSeconds();
  OidcSettings settings;
  oidc::ProviderConfig config;
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (!settings_.enabled) return Status::Refused("sign-in with a council account is not set up");
    settings = settings_;
    config = Config(settings_);
  }
  const Status gone = Status::Unauthenticated("this sign-in has expired or was already used: start again");
  if (state.empty() || state.size() > 200) return gone;
  // Used once: the row is deleted as it is read, so a replayed or forged
  // state finds nothing; expired ones are removed first.
  std::optional<store::OidcPendingRow> pending;
  SARDESK_RETURN_IF_ERROR(ctx_->store->Write([&](store::Transaction& tx) -> Status {
    SARDESK_RETURN_IF_ERROR(tx.PurgeOidcPending(now - kOidcPendingSeconds).status());
    SARDESK_ASSIGN_OR_RETURN(pending, tx.TakeOidcPending(auth::TokenDigest(state)));
    return Status::Ok();
  }));
  if (!pending) return gone;
  const oidc::AuthorizationRequest request{state, pending->nonce, pending->verifier};
  SARDESK_ASSIGN_OR_RETURN(json claims, provider_->ExchangeCode(config, code, request, now));
  auto claim = claims.find(settings.username_claim);
  if (claim == claims.end() || !claim->is_string() || claim->get<std::string>().empty())
    return Status::Denied("your council account did not send " + settings.username_claim + ": ask an administrator");
  std::string name = claim->get<std::string>();
  auto session = accounts_->SignInVerified(name, "oidc");
  if (!session.ok() && session.status().code() == ErrorCode::kPermissionDenied && Lower(name) != name)
    session = accounts_->SignInVerified(Lower(name), "oidc");
  return session;
}

}  // namespace sardesk::service
