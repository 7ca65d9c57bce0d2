#include "api/oidc_routes.h"

#include <spdlog/spdlog.h>

#include <nlohmann/json.hpp>

#include "api/http_api.h"
#include "api/route_support.h"
#include "api/session_routes.h"
#include "auth/crypto.h"

namespace sardesk::api {

using nlohmann::json;

namespace {

std::string Escape(const std::string& text) {
  std::string out;
  for (char c : text) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&#39;"; break;
      default: out += c;
    }
  }
  return out;
}

// The browser arrives here by navigation, so it gets a page, not JSON. No
// script (the CSP allows none inline): a link back, or a meta refresh.
void SendPage(httplib::Response& res, int status, const std::string& title, const std::string& message,
              bool go_home) {
  res.status = status;
  res.set_header("Cache-Control", "no-store");
  std::string head = go_home ? "<meta http-equiv=\"refresh\" content=\"0;url=/\">" : "";
  res.set_content("<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>" + Escape(title) +
                      " - sardesk</title>" + head + "</head><body><h1>" + Escape(title) + "</h1><p>" +
                      Escape(message) + "</p><p><a href=\"/\">Go to sardesk</a></p></body></html>",
                  "text/html; charset=utf-8");
}

void SendFailure(httplib::Response& res, const Status& st) {
  // Our messages name no token, code or claim value, so they may be logged.
  if (st.code() == ErrorCode::kInternal) spdlog::error("OpenID Connect sign-in: {}", st.message());
  SendPage(res, HttpStatusFor(st.code()), "You could not be signed in", st.message(), false);
}


std::string StateCookie(const std::string& state, bool secure, bool clear) {
  // Lax, not Strict: the provider's redirect back is a cross-site navigation.
  std::string c = std::string(kOidcStateCookie) + "=" + state +
                  "; HttpOnly; SameSite=Lax; Path=/api/session/oidc; Max-Age=" + (clear ? "0" : "600");
  if (secure) c += "; Secure";
  return c;
}

}  // namespace

void RegisterOidcRoutes(httplib::Server& srv, service::AccountService* const* accounts_ptr,
                        service::OidcService* const* oidc_ptr, const bool* secure_ptr) {
  srv.Get("/api/session/methods", [oidc_ptr](const httplib::Request&, httplib::Response& res) {
    service::OidcService* oidc = *oidc_ptr;
    res.set_header("Cache-Control", "no-store");
    SendJson(res, 200, oidc ? oidc->Methods() : json{{"password", true}, {"oidc", false}, {"oidc_label", ""}});
  });
  srv.Get("/api/session/oidc/start", [oidc_ptr, secure_ptr](const httplib::Request&, httplib::Response& res) {
    service::OidcService* oidc = *oidc_ptr;
    if (!oidc) return SendFailure(res, Status::Refused("sign-in with a council account is not set up"));
    auto start = oidc->Start();
    if (!start.ok()) return SendFailure(res, start.status());
    res.status = 302;
    res.set_header("Location", start->url);
    res.set_header("Set-Cookie", StateCookie(start->state, *secure_ptr, false));
    res.set_header("Cache-Control", "no-store");
  });
  srv.Get("/api/session/oidc/callback", [accounts_ptr, oidc_ptr, secure_ptr](const httplib::Request& req,
                                                                             httplib::Response& res) {
    service::OidcService* oidc = *oidc_ptr;
    service::AccountService* accounts = *accounts_ptr;
    if (!oidc || !accounts) return SendFailure(res, Status::Refused("sign-in with a council account is not set up"));
    const bool secure = *secure_ptr;
    res.headers.emplace("Set-Cookie", StateCookie("", secure, true));
    if (req.has_param("error")) {
      // The provider's error code only; its description may hold personal data.
      std::string error = req.get_param_value("error").substr(0, 60);
      return SendFailure(res, Status::Unauthenticated("the identity provider did not sign you in (" + error + ")"));
    }
    std::string state = req.get_param_value("state");
    std::string bound = CookieValue(req.get_header_value("Cookie"), kOidcStateCookie);
    if (state.empty() || !auth::ConstantTimeEquals(state, bound))
      return SendFailure(res, Status::Unauthenticated("this sign-in was not started in this browser: start again"));
    auto session = oidc->Finish(req.get_param_value("code"), state);
    if (!session.ok()) return SendFailure(res, session.status());
    // As with a password: a session the browser already had is ended, never adopted.
    std::string previous = SessionCookieValue(req.get_header_value("Cookie"));
    if (!previous.empty()) (void)accounts->SignOut(previous);
    std::string cookie = std::string(kSessionCookie) + "=" + session->token + "; HttpOnly; SameSite=Strict; Path=/";
    if (secure) cookie += "; Secure";
    res.headers.emplace("Set-Cookie", cookie);
    // A page that moves on by itself: a redirect straight from a cross-site
    // navigation would not carry the SameSite=Strict cookie to the app.
    SendPage(res, 200, "Signed in", "You are signed in to sardesk.", true);
  });
  srv.Get("/api/settings/oidc", [oidc_ptr](const httplib::Request&, httplib::Response& res) {
    service::OidcService* oidc = *oidc_ptr;
    if (!oidc) return SendError(res, Status::Refused("sign-in with a council account is not available on this server"));
    SendJson(res, 200, oidc->SettingsJson());
  });
  srv.Patch("/api/settings/oidc", [oidc_ptr](const httplib::Request& req, httplib::Response& res) {
    service::OidcService* oidc = *oidc_ptr;
    if (!oidc) return SendError(res, Status::Refused("sign-in with a council account is not available on this server"));
    auto actor = Actor(req);
    if (!actor.ok()) return SendError(res, actor.status());
    auto body = Body(req);
    if (!body.ok()) return SendError(res, body.status());
    auto updated = oidc->UpdateSettings(*body, *actor);
    if (!updated.ok()) return SendError(res, updated.status());
    SendJson(res, 200, *updated);
  });
}

}  // namespace sardesk::api
