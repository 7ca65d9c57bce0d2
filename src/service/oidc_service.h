// OpenID Connect sign-in for staff (issue 8): the council's provider
// settings (stored under the "oidc" setting; the client secret is never
// returned), the sign-in start (state, nonce and PKCE verifier kept in the
// database, so a restart or another sardesk process can finish it; single
// use, ten minutes) and the callback, which maps one claim of the
// verified ID token to an existing active sardesk user and starts the
// normal session through AccountService. Thread-safe.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <string>

#include <nlohmann/json.hpp>

#include "oidc/http_client.h"
#include "oidc/provider.h"
#include "service/account_service.h"
#include "service/context.h"

namespace sardesk::service {

struct OidcSettings {
  bool enabled = false;
  std::string issuer;
  std::string client_id;
  std::string client_secret;  // stored, never returned by the API
  std::string redirect_uri;
  std::string scopes = "openid profile email";
  std::string username_claim = "preferred_username";  // or "email", "upn"...
  bool local_passwords = true;  // false: only administrators use passwords
  std::string button_label = "Sign in with your council account";
};

// How long a started sign-in may take at the provider.
inline constexpr std::int64_t kOidcPendingSeconds = 600;

class OidcService {
 public:
  // ctx, accounts and http (not owned) outlive this.
  OidcService(ServiceContext* ctx, AccountService* accounts, oidc::HttpClient* http);

  // Reads the stored settings (call once at start).
  Status Load();

  // The settings without the secret: {"client_secret_set": bool} instead.
  nlohmann::json SettingsJson() const;
  // Applies the fields present (unknown ones refused; "client_secret": ""
  // clears it). Audited as "settings.oidc" without the secret.
  Result<nlohmann::json> UpdateSettings(const nlohmann::json& patch, const std::string& actor);

  // A secret from outside the database (SARDESK_OIDC_CLIENT_SECRET), used
  // in place of the stored one when not empty.
  void SetClientSecretOverride(std::string secret);

  // What the sign-in page offers: {"password": bool, "oidc": bool, "oidc_label"}.
  nlohmann::json Methods() const;

  // Starts a sign-in: the provider's authorization URL to redirect to, and
  // the state, which the caller binds to the browser (a cookie).
  struct Started {
    std::string url;
    std::string state;
  };
  Result<Started> Start();
  // Finishes it with what the provider sent back to the callback. The state
  // works once; the ID token is verified; the claim names the user.
  Result<NewSession> Finish(const std::string& code, const std::string& state);

 private:
  std::int64_t NowSeconds() const;
  oidc::ProviderConfig Config(const OidcSettings& s) const;

  ServiceContext* ctx_;
  AccountService* accounts_;
  std::unique_ptr<oidc::Provider> provider_;
  mutable std::mutex mu_;  // guards everything below
  OidcSettings settings_;
  std::string secret_override_;
};

}  // namespace sardesk::service
