// The requester portal's routes (docs/portal.md) and the gate in front of
// them: a portal session lives in its own cookie (sardesk_portal), is
// checked here, and passes only portal routes, for requests linked to its
// account. Staff sessions never pass portal routes (the staff gate refuses
// them by role) and portal sessions never pass staff routes (the staff gate
// reads only its own cookie).
#pragma once

#include <httplib.h>

#include <functional>
#include <optional>
#include <string>

#include "service/portal_service.h"

namespace sardesk::api {

inline constexpr char kPortalCookie[] = "sardesk_portal";
// Set by the portal gate for the routes; any such header a client sends is removed.
inline constexpr char kPortalAccountHeader[] = "X-Sardesk-Portal-Account";
inline constexpr char kPortalEmailHeader[] = "X-Sardesk-Portal-Email";

// The value of the portal cookie in a Cookie header; empty when absent.
std::string PortalCookieValue(const std::string& cookie_header);

class PortalGate {
 public:
  // *portal (null until the portal is set up) outlives this.
  explicit PortalGate(service::PortalService* const* portal) : portal_(portal) {}
  // Handled when the request was answered (401, 403, 413); Unhandled when
  // a portal session passed; nullopt when the staff gate should decide (not
  // a portal route, or no portal cookie).
  std::optional<httplib::Server::HandlerResponse> Check(const httplib::Request& req, httplib::Response& res);

 private:
  service::PortalService* const* portal_;
};

// `portal` returns the service, or null when the portal is not set up; it
// outlives the server. `secure_cookies` points at the server's setting.
void RegisterPortalRoutes(httplib::Server& srv, std::function<service::PortalService*()> portal,
                          const bool* secure_cookies);

}  // namespace sardesk::api
