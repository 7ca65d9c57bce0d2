// One OpenID Connect identity provider as sardesk's relying party: its
// discovery document and keys (fetched over HTTP and cached), the
// authorization request (code flow with PKCE S256, state and nonce) and the
// code exchange at the token endpoint, ending in a verified ID token.
// Thread-safe; the HttpClient outlives this.
#pragma once

#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "common/result.h"
#include "oidc/http_client.h"
#include "oidc/id_token.h"
#include "oidc/jose.h"

namespace sardesk::oidc {

struct ProviderConfig {
  std::string issuer;         // e.g. https://login.microsoftonline.com/{tenant}/v2.0
  std::string client_id;
  std::string client_secret;  // empty: a public client (PKCE only)
  std::string redirect_uri;   // .../api/session/oidc/callback, registered with the provider
  std::string scopes = "openid profile email";
};

struct Discovery {
  std::string issuer;
  std::string authorization_endpoint;
  std::string token_endpoint;
  std::string jwks_uri;
};

// What the authorization request needs; made fresh for each sign-in.
struct AuthorizationRequest {
  std::string state;
  std::string nonce;
  std::string code_verifier;
};
AuthorizationRequest NewAuthorizationRequest();

class Provider {
 public:
  // http (not owned) outlives this.
  explicit Provider(HttpClient* http);

  // The discovery document of `issuer` (cached for an hour). Its "issuer"
  // must equal `issuer` exactly, and every endpoint must be https (or
  // loopback http).
  Result<Discovery> Discover(const std::string& issuer, std::int64_t now);

  // Where to send the browser to sign in.
  Result<std::string> AuthorizationUrl(const ProviderConfig& config, const AuthorizationRequest& request,
                                       std::int64_t now);

  // Exchanges `code` at the token endpoint and verifies the ID token it
  // returns against `request` (its nonce and verifier). The claims on success.
  Result<nlohmann::json> ExchangeCode(const ProviderConfig& config, const std::string& code,
                                      const AuthorizationRequest& request, std::int64_t now);

  // Forgets cached documents and keys (after the settings change).
  void Forget();

 private:
  Result<std::vector<PublicKey>> Keys(const Discovery& d, std::int64_t now, bool refresh);

  HttpClient* http_;
  std::mutex mu_;  // guards the caches
  std::string cached_issuer_;
  Discovery discovery_;
  std::int64_t discovery_at_ = 0;
  std::string cached_jwks_uri_;
  std::vector<PublicKey> keys_;
  std::int64_t keys_at_ = 0;
};

}  // namespace sardesk::oidc
