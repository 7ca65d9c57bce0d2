#include "oidc/provider.h"

namespace sardesk::oidc {

using nlohmann::json;

namespace {

constexpr std::int64_t kDiscoveryTtl = 3600;
constexpr std::int64_t kKeysTtl = 3600;
constexpr std::int64_t kKeysRefreshMin = 60;  // an unknown kid refetches at most once a minute

std::string Str(const json& j, const char* key) {
  auto it = j.find(key);
  return it != j.end() && it->is_string() ? it->get<std::string>() : "";
}

Result<json> FetchJson(HttpClient* http, const std::string& url, const char* what) {
  auto res = http->Get(url);
  if (!res.ok()) return res.status();
  if (res->status != 200)
    return Status::Internal(std::string("the identity provider's ") + what + " answered HTTP " + std::to_string(res->status));
  json j = json::parse(res->body, nullptr, false);
  if (!j.is_object()) return Status::Internal(std::string("the identity provider's ") + what + " is not JSON");
  return j;
}

}  // namespace

AuthorizationRequest NewAuthorizationRequest() { return {RandomUrlToken(32), RandomUrlToken(32), RandomUrlToken(48)}; }

Provider::Provider(HttpClient* http) : http_(http) {}

void Provider::Forget() {
  std::lock_guard<std::mutex> lock(mu_);
  cached_issuer_.clear();
  cached_jwks_uri_.clear();
  keys_.clear();
  discovery_at_ = keys_at_ = 0;
}

Result<Discovery> Provider::Discover(const std::string& issuer, std::int64_t now) {
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (cached_issuer_ == issuer && now - discovery_at_ < kDiscoveryTtl) return discovery_;
  }
  if (!AllowedProviderUrl(issuer)) return Status::Invalid("issuer: must be an https address");
  std::string base = issuer;
  while (!base.empty() && base.back() == '/') base.pop_back();
  SARDESK_ASSIGN_OR_RETURN(json doc, FetchJson(http_, base + "/.well-known/openid-configuration", "discovery document"));
  Discovery d{Str(doc, "issuer"), Str(doc, "authorization_endpoint"), Str(doc, "token_endpoint"), Str(doc, "jwks_uri")};
  if (d.issuer != issuer)
    return Status::Internal("the discovery document names another issuer: set the issuer exactly as the provider gives it");
  for (const std::string* url : {&d.authorization_endpoint, &d.token_endpoint, &d.jwks_uri})
    if (!AllowedProviderUrl(*url)) return Status::Internal("the discovery document has an endpoint that is not https");
  std::lock_guard<std::mutex> lock(mu_);
  cached_issuer_ = issuer;
  discovery_ = d;
  discovery_at_ = now;
  return d;
}

Result<std::vector<PublicKey>> Provider::Keys(const Discovery& d, std::int64_t now, bool refresh) {
  {
    std::lock_guard<std::mutex> lock(mu_);
    bool fresh = cached_jwks_uri_ == d.jwks_uri && now - keys_at_ < kKeysTtl;
    bool may_refresh = now - keys_at_ >= kKeysRefreshMin;
    if (fresh && !(refresh && may_refresh)) return keys_;
  }
  SARDESK_ASSIGN_OR_RETURN(json doc, FetchJson(http_, d.jwks_uri, "key set"));
  SARDESK_ASSIGN_OR_RETURN(auto keys, ParseJwks(doc));
  std::lock_guard<std::mutex> lock(mu_);
  cached_jwks_uri_ = d.jwks_uri;
  keys_ = keys;
  keys_at_ = now;
  return keys;
}

Result<std::string> Provider::AuthorizationUrl(const ProviderConfig& config, const AuthorizationRequest& request,
                                               std::int64_t now) {
  SARDESK_ASSIGN_OR_RETURN(Discovery d, Discover(config.issuer, now));
  std::string url = d.authorization_endpoint;
  url += d.authorization_endpoint.find('?') == std::string::npos ? '?' : '&';
  url += "response_type=code&client_id=" + UrlEncode(config.client_id) + "&redirect_uri=" + UrlEncode(config.redirect_uri) +
         "&scope=" + UrlEncode(config.scopes) + "&state=" + UrlEncode(request.state) + "&nonce=" + UrlEncode(request.nonce) +
         "&code_challenge=" + UrlEncode(PkceChallenge(request.code_verifier)) + "&code_challenge_method=S256";
  return url;
}

Result<json> Provider::ExchangeCode(const ProviderConfig& config, const std::string& code,
                                    const AuthorizationRequest& request, std::int64_t now) {
  if (code.empty() || code.size() > 4096) return Status::Invalid("the identity provider sent no usable code");
  SARDESK_ASSIGN_OR_RETURN(Discovery d, Discover(config.issuer, now));
  std::map<std::string, std::string> form = {{"grant_type", "authorization_code"},
                                             {"code", code},
                                             {"redirect_uri", config.redirect_uri},
                                             {"client_id", config.client_id},
                                             {"code_verifier", request.code_verifier}};
  if (!config.client_secret.empty()) form["client_secret"] = config.client_secret;
  SARDESK_ASSIGN_OR_RETURN(HttpResponse res, http_->PostForm(d.token_endpoint, form));
  json body = json::parse(res.body, nullptr, false);
  if (res.status != 200 || !body.is_object()) {
    // The provider's error code only (e.g. invalid_grant): descriptions may echo what was sent.
    std::string error = body.is_object() ? Str(body, "error").substr(0, 60) : "";
    return Status::Unauthenticated("the identity provider refused the sign-in" + (error.empty() ? "" : " (" + error + ")"));
  }
  std::string id_token = Str(body, "id_token");
  if (id_token.empty()) return Status::Unauthenticated("the identity provider returned no ID token");
  IdTokenExpectations expect{d.issuer, config.client_id, request.nonce, now};
  SARDESK_ASSIGN_OR_RETURN(auto keys, Keys(d, now, false));
  TokenProblem problem = TokenProblem::kNone;
  auto verified = VerifyIdToken(id_token, keys, expect, &problem);
  if (!verified.ok() && problem == TokenProblem::kUnknownKey) {
    // The provider may have rotated its keys since we fetched them.
    SARDESK_ASSIGN_OR_RETURN(keys, Keys(d, now, true));
    verified = VerifyIdToken(id_token, keys, expect, &problem);
  }
  if (!verified.ok()) return verified.status();
  return verified->claims;
}

}  // namespace sardesk::oidc
