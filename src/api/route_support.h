// What every group of routes shares: JSON replies, errors in one shape, the
// strict JSON body reader and who is acting. Used by http_api.cc and the
// *_routes.cc files; the mapping of error codes to HTTP statuses is
// HttpStatusFor in http_api.h.
#pragma once

#include <httplib.h>

#include <cstddef>
#include <nlohmann/json.hpp>
#include <string>

#include "common/result.h"

namespace sardesk::api {

inline constexpr std::size_t kMaxJsonBody = 1 << 20;  // a JSON request body
// Who is acting: set by the sign-in gate in front of routing, which removes
// whatever a client sent.
inline constexpr char kActorHeader[] = "X-Sardesk-User";

void SendJson(httplib::Response& res, int status, const nlohmann::json& body);
// The error shape {"error": {"code", "message"}} with its HTTP status;
// internal errors are logged (their messages name no personal data).
void SendError(httplib::Response& res, const Status& st);
// The request's JSON object: empty when there is no body; refused when it is
// not JSON, too large or malformed.
Result<nlohmann::json> Body(const httplib::Request& req);
// The signed-in name from kActorHeader, checked as plain text.
Result<std::string> Actor(const httplib::Request& req);

// The value of cookie `name` in a Cookie header, or "".
std::string CookieValue(const std::string& cookie_header, const std::string& name);
// Set-Cookie for a session cookie: HttpOnly, SameSite=Strict, Path=/, Secure
// over TLS; `clear` empties and expires it.
std::string StrictSessionCookie(const std::string& name, const std::string& token, bool secure, bool clear);
// POST, PUT, PATCH and DELETE: the methods that must carry the CSRF token.
bool ChangesState(const std::string& method);

}  // namespace sardesk::api
