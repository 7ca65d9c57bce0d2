// Sign-in with the council's identity provider over HTTP (issue 8):
// which sign-in methods the page offers, the redirect to the provider, the
// callback that starts the normal sardesk session, and the administrator's
// settings. The routes are public except the settings; the access policy
// says so.
#pragma once

#include <httplib.h>

#include "service/account_service.h"
#include "service/oidc_service.h"

namespace sardesk::api {

// The cookie binding a started sign-in to the browser that started it
// (login CSRF); it holds the state, lives ten minutes, is read only by the
// callback.
inline constexpr char kOidcStateCookie[] = "sardesk_oidc_state";

// The pointers are read per request (null: not set up) and outlive the server.
void RegisterOidcRoutes(httplib::Server& srv, service::AccountService* const* accounts,
                        service::OidcService* const* oidc, const bool* secure_cookies);

}  // namespace sardesk::api
