// Sign-in over HTTP (issue 8): the session routes of the sign-in contract
// (docs/accounts.md), and the gate every request passes before routing:
// it reads the session cookie, checks the CSRF token on changes, looks the
// route up in the access policy and checks the role and the case. Only
// then does a route run, with the signed-in name in the X-Sardesk-User
// header (whatever the client sent there is removed first).
#pragma once

#include <httplib.h>

#include <memory>

#include "service/account_service.h"
#include "service/admin_service.h"

namespace sardesk::api {

inline constexpr char kSessionCookie[] = "sardesk_session";
inline constexpr char kCsrfHeader[] = "X-CSRF-Token";
// Where the gate puts the signed-in name for the routes (never trusted from a client).
inline constexpr char kSignedInUserHeader[] = "X-Sardesk-User";

class RequestGate {
 public:
  // *accounts (null until sign-in is set up: then only public routes
  // answer) outlives this.
  explicit RequestGate(service::AccountService* const* accounts);
  // Handled: the request was refused (401, 403, 404) and answered.
  httplib::Server::HandlerResponse Check(const httplib::Request& req, httplib::Response& res);

 private:
  service::AccountService* const* accounts_;
};

// POST/GET/DELETE /api/session, sign-out everywhere, an administrator's
// password reset, case sharing, and what a contact or adviser may list.
// Register before any catch-all case route. The pointers are read per
// request and outlive the server.
void RegisterSessionRoutes(httplib::Server& srv, service::AccountService* const* accounts,
                           service::AdminService* admin, const bool* secure_cookies);

// The headers every response carries (issue 8): a Content-Security-Policy
// without inline scripts or framing, nosniff, no referrer; HSTS when the
// server is reached over TLS (directly or through a proxy).
httplib::Headers SecurityHeaders(bool tls);

// The sardesk_session value of a Cookie header; empty when absent.
std::string SessionCookieValue(const std::string& cookie_header);

}  // namespace sardesk::api
