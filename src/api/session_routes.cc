#include "api/session_routes.h"

#include "api/route_support.h"

#include <spdlog/spdlog.h>

#include <nlohmann/json.hpp>

#include "api/access_policy.h"
#include "api/http_api.h"
#include "auth/crypto.h"
#include "case/json_reader.h"

namespace sardesk::api {

using nlohmann::json;

namespace {

constexpr char kRoleHeader[] = "X-Sardesk-Role";
constexpr size_t kMaxSignInBody = 4096;

void Send(httplib::Response& res, int status, const json& body) {
  res.status = status;
  res.set_content(body.dump(-1, ' ', false, json::error_handler_t::replace), "application/json; charset=utf-8");
}

void SendStatus(httplib::Response& res, const Status& st) {
  if (st.code() == ErrorCode::kInternal) spdlog::error("internal error: {}", st.message());
  Send(res, HttpStatusFor(st.code()), {{"error", {{"code", ErrorCodeName(st.code())}, {"message", st.message()}}}});
}

Result<json> JsonBody(const httplib::Request& req, size_t limit) {
  if (req.body.empty()) return json::object();
  std::string ct = req.get_header_value("Content-Type");
  if (!ct.empty() && ct.rfind("application/json", 0) != 0) return Status::Invalid("send the body as application/json");
  if (req.body.size() > limit) return Status::TooLarge("the request body is too large");
  return casework::ParseJsonText(req.body, limit);
}


json SessionJson(const service::SignedInUser& u, const std::string& csrf) {
  return {{"user", {{"username", u.username}, {"name", u.name}, {"role", u.role}}}, {"csrf_token", csrf}};
}


httplib::Request& Mutable(const httplib::Request& req) {
  // httplib hands the pre-routing handler a const view of a request it owns
  // as a non-const local; the gate rewrites only the identity headers.
  return const_cast<httplib::Request&>(req);
}

std::string SignedInName(const httplib::Request& req) { return req.get_header_value(kSignedInUserHeader); }

}  // namespace

httplib::Headers SecurityHeaders(bool tls) {
  httplib::Headers h = {
      {"Content-Security-Policy",
       "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; object-src 'none'; "
       "base-uri 'none'; form-action 'self'; frame-ancestors 'none'"},
      {"X-Content-Type-Options", "nosniff"},
      {"Referrer-Policy", "no-referrer"},
      {"X-Frame-Options", "DENY"},
      {"Cross-Origin-Opener-Policy", "same-origin"},
      {"Cross-Origin-Resource-Policy", "same-origin"},
  };
  if (tls) h.emplace("Strict-Transport-Security", "max-age=31536000; includeSubDomains");
  return h;
}

std::string SessionCookieValue(const std::string& cookie_header) { return CookieValue(cookie_header, kSessionCookie); }

RequestGate::RequestGate(service::AccountService* const* accounts) : accounts_(accounts) {}

httplib::Server::HandlerResponse RequestGate::Check(const httplib::Request& req, httplib::Response& res) {
  using HR = httplib::Server::HandlerResponse;
  auto& r = Mutable(req);
  r.headers.erase(kSignedInUserHeader);
  r.headers.erase(kRoleHeader);
  auto route = FindRoute(req.method, req.path);
  if (!route) {
    Send(res, 404, {{"error", {{"code", "not_found"}, {"message", "no such endpoint: " + req.method + " " + req.path.substr(0, 100)}}}});
    return HR::Handled;
  }
  if (route->policy->scope == Scope::kPublic) return HR::Unhandled;
  service::AccountService* accounts = *accounts_;
  if (!accounts) {
    SendStatus(res, Status::Unauthenticated("sign-in is not set up on this server"));
    return HR::Handled;
  }
  auto session = accounts->Authenticate(SessionCookieValue(req.get_header_value("Cookie")));
  if (!session.ok()) {
    SendStatus(res, session.status());
    return HR::Handled;
  }
  if (ChangesState(req.method) && !auth::ConstantTimeEquals(req.get_header_value(kCsrfHeader), session->csrf_token)) {
    SendStatus(res, Status::Denied(std::string("send the session's CSRF token in the ") + kCsrfHeader + " header"));
    return HR::Handled;
  }
  Principal who{session->user.username, session->user.role, session->user.service_area};
  CaseFacts facts;
  if (route->policy->scope == Scope::kCase || route->policy->scope == Scope::kDocument) {
    Result<service::CaseAccessFacts> found =
        route->policy->scope == Scope::kCase ? accounts->CaseAccess(route->subject)
                                              : accounts->DocumentAccess(std::stoll(route->subject));
    if (!found.ok()) {
      SendStatus(res, found.status());
      return HR::Handled;
    }
    facts = {found->exists, found->reference, found->conflicted_officers, found->shared_with, found->search_areas};
  }
  switch (Authorise(who, *route->policy, facts)) {
    case Decision::kDenyRole:
      SendStatus(res, Status::Denied("your role (" + who.role + ") may not do this"));
      return HR::Handled;
    case Decision::kDenyCase:
      SendStatus(res, Status::Denied("you may not open this request"));
      return HR::Handled;
    case Decision::kAllow:
      break;
  }
  r.set_header(kSignedInUserHeader, who.username);
  r.set_header(kRoleHeader, who.role);
  // Every look at a case and every download is audited (issue 8): who,
  // which route, when. The path holds references and numbers only.
  // Routes whose service records the download itself are not counted twice.
  if (req.method == "GET" && facts.exists && route->policy->audit != AuditAs::kByService) {
    const bool download = route->policy->audit == AuditAs::kDownload;
    Status st = accounts->RecordAccess(facts.reference, download ? "case.download" : "case.view",
                                        req.path.substr(0, 200), who.username);
    if (!st.ok()) {
      SendStatus(res, st);  // no audit, no access
      return HR::Handled;
    }
  }
  return HR::Unhandled;
}

void RegisterSessionRoutes(httplib::Server& srv, service::AccountService* const* accounts_ptr,
                           service::AdminService* admin, const bool* secure_ptr) {
  // Each route reads the pointers when it runs; the gate has already
  // refused every route but sign-in while they are null.
  auto accounts_or = [accounts_ptr](httplib::Response& res) -> service::AccountService* {
    if (!*accounts_ptr) SendStatus(res, Status::Unauthenticated("sign-in is not set up on this server"));
    return *accounts_ptr;
  };
  srv.Post("/api/session", [accounts_or, secure_ptr](const httplib::Request& req, httplib::Response& res) {
    auto* accounts = accounts_or(res);
    if (!accounts) return;
    const bool secure_cookies = *secure_ptr;
    auto body = JsonBody(req, kMaxSignInBody);
    if (!body.ok()) return SendStatus(res, body.status());
    if (!body->is_object() || !(*body)["username"].is_string() || !(*body)["password"].is_string())
      return SendStatus(res, Status::Invalid("send {\"username\": ..., \"password\": ...}"));
    // A session the browser already had is ended: sign-in always starts a
    // new one (no session fixation).
    std::string previous = SessionCookieValue(req.get_header_value("Cookie"));
    if (!previous.empty()) (void)accounts->SignOut(previous);
    auto session = accounts->SignIn((*body)["username"].get<std::string>(), (*body)["password"].get<std::string>(),
                                    req.remote_addr);
    if (!session.ok()) {
      if (session.status().code() == ErrorCode::kThrottled) res.set_header("Retry-After", "60");
      return SendStatus(res, session.status());
    }
    res.set_header("Set-Cookie", StrictSessionCookie(kSessionCookie, session->token, secure_cookies, false));
    res.set_header("Cache-Control", "no-store");
    Send(res, 200, SessionJson(session->user, session->csrf_token));
  });
  srv.Get("/api/session", [accounts_or](const httplib::Request& req, httplib::Response& res) {
    auto* accounts = accounts_or(res);
    if (!accounts) return;
    auto session = accounts->Authenticate(SessionCookieValue(req.get_header_value("Cookie")));
    if (!session.ok()) return SendStatus(res, session.status());
    res.set_header("Cache-Control", "no-store");
    Send(res, 200, SessionJson(session->user, session->csrf_token));
  });
  srv.Delete("/api/session", [accounts_or, secure_ptr](const httplib::Request& req, httplib::Response& res) {
    auto* accounts = accounts_or(res);
    if (!accounts) return;
    const bool secure_cookies = *secure_ptr;
    Status st = accounts->SignOut(SessionCookieValue(req.get_header_value("Cookie")));
    if (!st.ok()) return SendStatus(res, st);
    res.set_header("Set-Cookie", StrictSessionCookie(kSessionCookie, "", secure_cookies, true));
    Send(res, 200, {{"sessions_ended", 1}});
  });
  srv.Post("/api/session/sign-out-everywhere", [accounts_or, secure_ptr](const httplib::Request& req, httplib::Response& res) {
    auto* accounts = accounts_or(res);
    if (!accounts) return;
    const bool secure_cookies = *secure_ptr;
    auto ended = accounts->SignOutEverywhere(SignedInName(req));
    if (!ended.ok()) return SendStatus(res, ended.status());
    res.set_header("Set-Cookie", StrictSessionCookie(kSessionCookie, "", secure_cookies, true));
    Send(res, 200, {{"sessions_ended", *ended}});
  });
  srv.Post(R"(/api/users/([A-Za-z0-9._@-]{1,64})/password)", [accounts_or](const httplib::Request& req, httplib::Response& res) {
    auto* accounts = accounts_or(res);
    if (!accounts) return;
    auto body = JsonBody(req, kMaxSignInBody);
    if (!body.ok()) return SendStatus(res, body.status());
    if (!body->is_object() || body->size() != 1 || !(*body)["password"].is_string())
      return SendStatus(res, Status::Invalid("send {\"password\": ...}"));
    std::string username = req.matches[1];
    Status st = accounts->SetPassword(username, (*body)["password"].get<std::string>(), SignedInName(req));
    if (!st.ok()) return SendStatus(res, st);
    Send(res, 200, {{"username", username}, {"password_set", true}});
  });
  const std::string on_case = R"(/api/cases/([A-Za-z0-9-]{1,40}))";
  auto shares_json = [](const std::vector<store::CaseShareRow>& rows) {
    json items = json::array();
    for (const auto& s : rows)
      items.push_back({{"username", s.username}, {"shared_by", s.shared_by}, {"shared_at", s.shared_at}});
    return json{{"shares", items}};
  };
  srv.Get(on_case + "/shares", [accounts_or, shares_json](const httplib::Request& req, httplib::Response& res) {
    auto* accounts = accounts_or(res);
    if (!accounts) return;
    auto rows = accounts->Shares(req.matches[1]);
    if (!rows.ok()) return SendStatus(res, rows.status());
    Send(res, 200, shares_json(*rows));
  });
  srv.Post(on_case + "/shares", [accounts_or, shares_json](const httplib::Request& req, httplib::Response& res) {
    auto* accounts = accounts_or(res);
    if (!accounts) return;
    auto body = JsonBody(req, kMaxSignInBody);
    if (!body.ok()) return SendStatus(res, body.status());
    if (!body->is_object() || body->size() != 1 || !(*body)["username"].is_string())
      return SendStatus(res, Status::Invalid("send {\"username\": ...} of a social worker adviser"));
    Status st = accounts->ShareCase(req.matches[1], (*body)["username"].get<std::string>(), SignedInName(req));
    if (!st.ok()) return SendStatus(res, st);
    auto rows = accounts->Shares(req.matches[1]);
    if (!rows.ok()) return SendStatus(res, rows.status());
    Send(res, 201, shares_json(*rows));
  });
  srv.Post(on_case + R"(/shares/([A-Za-z0-9._@-]{1,64})/remove)", [accounts_or, shares_json](const httplib::Request& req, httplib::Response& res) {
    auto* accounts = accounts_or(res);
    if (!accounts) return;
    Status st = accounts->UnshareCase(req.matches[1], req.matches[2], SignedInName(req));
    if (!st.ok()) return SendStatus(res, st);
    auto rows = accounts->Shares(req.matches[1]);
    if (!rows.ok()) return SendStatus(res, rows.status());
    Send(res, 200, shares_json(*rows));
  });
  srv.Get("/api/my/cases", [accounts_or](const httplib::Request& req, httplib::Response& res) {
    auto* accounts = accounts_or(res);
    if (!accounts) return;
    auto refs = accounts->SharedCases(SignedInName(req));
    if (!refs.ok()) return SendStatus(res, refs.status());
    json items = json::array();
    for (const auto& r : *refs) items.push_back({{"reference", r}});
    Send(res, 200, {{"cases", items}});
  });
  srv.Get("/api/my/search-tasks", [accounts_or, admin](const httplib::Request& req, httplib::Response& res) {
    auto* accounts = accounts_or(res);
    if (!accounts) return;
    std::string area;
    auto users = admin->ListUsers();
    if (!users.ok()) return SendStatus(res, users.status());
    for (const auto& u : *users)
      if (u.username == SignedInName(req)) area = u.service_area;
    auto tasks = accounts->SearchTasksFor(area);
    if (!tasks.ok()) return SendStatus(res, tasks.status());
    Send(res, 200, *tasks);
  });
}

}  // namespace sardesk::api
