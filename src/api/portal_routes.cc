#include "api/portal_routes.h"

#include <fstream>
#include <sstream>

#include <nlohmann/json.hpp>

#include "api/access_policy.h"
#include "api/route_support.h"
#include "api/session_routes.h"
#include "auth/crypto.h"

namespace sardesk::api {

using nlohmann::json;

namespace {

constexpr std::size_t kMaxPortalUploadRequest = (20u << 20) + (64u << 10);  // one document and its form fields



httplib::Request& Mutable(const httplib::Request& req) {
  // As in the staff gate: httplib hands the pre-routing handler a const view
  // of a request it owns; only the identity headers are rewritten.
  return const_cast<httplib::Request&>(req);
}

// The session the gate let through.
service::PortalSession Who(const httplib::Request& req) {
  service::PortalSession who;
  who.account_id = std::stoll(req.get_header_value(kPortalAccountHeader));
  who.email = req.get_header_value(kPortalEmailHeader);
  return who;
}

std::int64_t Id(const std::string& digits) { return std::stoll(digits); }  // the route allows at most 15 digits

json SessionJson(const std::string& email, const std::string& csrf) {
  return {{"requester", {{"email", email}}}, {"csrf_token", csrf}};
}

}  // namespace

std::string PortalCookieValue(const std::string& cookie_header) { return CookieValue(cookie_header, kPortalCookie); }

std::optional<httplib::Server::HandlerResponse> PortalGate::Check(const httplib::Request& req, httplib::Response& res) {
  using HR = httplib::Server::HandlerResponse;
  auto& r = Mutable(req);
  r.headers.erase(kPortalAccountHeader);
  r.headers.erase(kPortalEmailHeader);
  auto route = FindRoute(req.method, req.path);
  if (!route || !IsPortalScope(route->policy->scope)) return std::nullopt;
  std::string token = PortalCookieValue(req.get_header_value("Cookie"));
  service::PortalService* portal = *portal_;
  if (token.empty() || !portal) return std::nullopt;  // the staff gate: 401, or 403 for a staff role
  auto session = portal->Authenticate(token);
  if (!session.ok()) {
    SendError(res, session.status());
    return HR::Handled;
  }
  if (ChangesState(req.method) && !auth::ConstantTimeEquals(req.get_header_value(kCsrfHeader), session->csrf_token)) {
    SendError(res, Status::Denied(std::string("send the portal session's CSRF token in the ") + kCsrfHeader + " header"));
    return HR::Handled;
  }
  if (req.has_header("Content-Length") && req.path.size() > 10 && req.path.rfind("/documents") == req.path.size() - 10) {
    const std::string& length = req.get_header_value("Content-Length");
    if (length.size() > 12 || std::stoull(length.empty() ? "0" : length) > kMaxPortalUploadRequest) {
      res.set_header("Connection", "close");
      SendError(res, Status::TooLarge("the file is larger than 20 MB"));
      return HR::Handled;
    }
  }
  bool linked = false;
  if (route->policy->scope == Scope::kPortalCase) {
    auto found = portal->IsLinked(session->account_id, route->subject);
    if (!found.ok()) {
      SendError(res, found.status());
      return HR::Handled;
    }
    linked = *found;
  }
  switch (AuthorisePortal(*route->policy, linked)) {
    case Decision::kDenyRole:
      SendError(res, Status::Denied("the requester portal cannot do this"));
      return HR::Handled;
    case Decision::kDenyCase:
      // Someone else's request and a guessed reference look the same.
      SendError(res, Status::Denied("you may not open this request"));
      return HR::Handled;
    case Decision::kAllow:
      break;
  }
  r.set_header(kPortalAccountHeader, std::to_string(session->account_id));
  r.set_header(kPortalEmailHeader, session->email);
  return HR::Unhandled;
}

void RegisterPortalRoutes(httplib::Server& srv, std::function<service::PortalService*()> portal_fn,
                          const bool* secure_ptr) {
  auto portal_or = [portal_fn](httplib::Response& res) -> service::PortalService* {
    service::PortalService* p = portal_fn();
    if (!p) SendError(res, Status::Refused("the requester portal is not set up on this server"));
    return p;
  };
  // Sign-in: a code by email, then the code.
  srv.Post("/api/portal/session/code", [portal_or](const httplib::Request& req, httplib::Response& res) {
    auto* portal = portal_or(res);
    if (!portal) return;
    auto body = Body(req);
    if (!body.ok()) return SendError(res, body.status());
    if (!body->is_object() || body->size() != 1 || !(*body)["email"].is_string())
      return SendError(res, Status::Invalid("send {\"email\": ...}"));
    Status st = portal->SendSignInCode((*body)["email"].get<std::string>(), req.remote_addr);
    if (!st.ok()) {
      if (st.code() == ErrorCode::kThrottled) res.set_header("Retry-After", "60");
      return SendError(res, st);
    }
    SendJson(res, 202, {{"sent", true},
                        {"message", "If the address is right, a code is on its way. It works once, for 10 minutes."}});
  });
  srv.Post("/api/portal/session", [portal_or, secure_ptr](const httplib::Request& req, httplib::Response& res) {
    auto* portal = portal_or(res);
    if (!portal) return;
    auto body = Body(req);
    if (!body.ok()) return SendError(res, body.status());
    if (!body->is_object() || body->size() != 2 || !(*body)["email"].is_string() || !(*body)["code"].is_string())
      return SendError(res, Status::Invalid("send {\"email\": ..., \"code\": ...}"));
    // A session the browser already had is ended: sign-in always starts a
    // new one (no session fixation).
    std::string previous = PortalCookieValue(req.get_header_value("Cookie"));
    if (!previous.empty()) (void)portal->SignOut(previous);
    auto signed_in = portal->SignIn((*body)["email"].get<std::string>(), (*body)["code"].get<std::string>(),
                                    req.remote_addr);
    if (!signed_in.ok()) {
      if (signed_in.status().code() == ErrorCode::kThrottled) res.set_header("Retry-After", "60");
      return SendError(res, signed_in.status());
    }
    res.set_header("Set-Cookie", StrictSessionCookie(kPortalCookie, signed_in->token, *secure_ptr, false));
    res.set_header("Cache-Control", "no-store");
    SendJson(res, 200, SessionJson(signed_in->email, signed_in->csrf_token));
  });
  srv.Get("/api/portal/session", [portal_or](const httplib::Request& req, httplib::Response& res) {
    auto* portal = portal_or(res);
    if (!portal) return;
    auto session = portal->Authenticate(PortalCookieValue(req.get_header_value("Cookie")));
    if (!session.ok()) return SendError(res, session.status());
    res.set_header("Cache-Control", "no-store");
    SendJson(res, 200, SessionJson(session->email, session->csrf_token));
  });
  srv.Delete("/api/portal/session", [portal_or, secure_ptr](const httplib::Request& req, httplib::Response& res) {
    auto* portal = portal_or(res);
    if (!portal) return;
    Status st = portal->SignOut(PortalCookieValue(req.get_header_value("Cookie")));
    if (!st.ok()) return SendError(res, st);
    res.set_header("Set-Cookie", StrictSessionCookie(kPortalCookie, "", *secure_ptr, true));
    SendJson(res, 200, {{"signed_out", true}});
  });
  // The requester's own requests.
  srv.Get("/api/portal/requests", [portal_or](const httplib::Request& req, httplib::Response& res) {
    auto* portal = portal_or(res);
    if (!portal) return;
    auto mine = portal->MyRequests(Who(req));
    if (!mine.ok()) return SendError(res, mine.status());
    res.set_header("Cache-Control", "no-store");
    SendJson(res, 200, *mine);
  });
  srv.Post("/api/portal/requests", [portal_or](const httplib::Request& req, httplib::Response& res) {
    auto* portal = portal_or(res);
    if (!portal) return;
    auto body = Body(req);
    if (!body.ok()) return SendError(res, body.status());
    auto made = portal->MakeRequest(Who(req), *body);
    if (!made.ok()) return SendError(res, made.status());
    SendJson(res, 201, *made);
  });
  const std::string on_request = R"(/api/portal/requests/([A-Za-z0-9-]{1,40}))";
  srv.Get(on_request, [portal_or](const httplib::Request& req, httplib::Response& res) {
    auto* portal = portal_or(res);
    if (!portal) return;
    auto one = portal->Request(Who(req), req.matches[1]);
    if (!one.ok()) return SendError(res, one.status());
    res.set_header("Cache-Control", "no-store");
    SendJson(res, 200, *one);
  });
  srv.Post(on_request + R"(/clarifications/(\d{1,15})/answer)", [portal_or](const httplib::Request& req, httplib::Response& res) {
    auto* portal = portal_or(res);
    if (!portal) return;
    auto body = Body(req);
    if (!body.ok()) return SendError(res, body.status());
    auto answered = portal->AnswerClarification(Who(req), req.matches[1], Id(req.matches[2]), *body);
    if (!answered.ok()) return SendError(res, answered.status());
    SendJson(res, 200, *answered);
  });
  srv.Post(on_request + "/documents", [portal_or](const httplib::Request& req, httplib::Response& res) {
    auto* portal = portal_or(res);
    if (!portal) return;
    if (!req.is_multipart_form_data() || !req.has_file("file") || !req.has_file("kind"))
      return SendError(res, Status::Invalid("upload as multipart/form-data with a \"kind\" field and one \"file\""));
    auto file = req.get_file_value("file");
    auto kind = req.get_file_value("kind");
    auto uploaded = portal->Upload(Who(req), req.matches[1], kind.content, file.filename, file.content);
    if (!uploaded.ok()) return SendError(res, uploaded.status());
    SendJson(res, 201, *uploaded);
  });
  srv.Post(on_request + R"(/releases/(\d{1,15})/code)", [portal_or](const httplib::Request& req, httplib::Response& res) {
    auto* portal = portal_or(res);
    if (!portal) return;
    auto body = Body(req);
    if (!body.ok()) return SendError(res, body.status());
    std::string by = "email";
    if (body->contains("by")) {
      if (!(*body)["by"].is_string()) return SendError(res, Status::Invalid("by: use email or sms"));
      by = (*body)["by"].get<std::string>();
    }
    Status st = portal->SendDownloadCode(Who(req), req.matches[1], Id(req.matches[2]), by);
    if (!st.ok()) {
      if (st.code() == ErrorCode::kThrottled) res.set_header("Retry-After", "60");
      return SendError(res, st);
    }
    SendJson(res, 202, {{"sent", true}, {"by", by}});
  });
  srv.Post(on_request + R"(/releases/(\d{1,15})/link)", [portal_or](const httplib::Request& req, httplib::Response& res) {
    auto* portal = portal_or(res);
    if (!portal) return;
    auto body = Body(req);
    if (!body.ok()) return SendError(res, body.status());
    if (!body->is_object() || !(*body)["code"].is_string()) return SendError(res, Status::Invalid("send {\"code\": ...}"));
    auto link = portal->IssueDownloadLink(Who(req), req.matches[1], Id(req.matches[2]), (*body)["code"].get<std::string>());
    if (!link.ok()) return SendError(res, link.status());
    res.set_header("Cache-Control", "no-store");
    SendJson(res, 201, *link);
  });
  srv.Get(R"(/api/portal/download/([A-Za-z0-9_-]{1,100}))", [portal_or](const httplib::Request& req, httplib::Response& res) {
    auto* portal = portal_or(res);
    if (!portal) return;
    auto file = portal->Download(Who(req), req.matches[1]);
    if (!file.ok()) return SendError(res, file.status());
    std::ifstream in(file->path, std::ios::binary);
    if (!in) return SendError(res, Status::Internal("the release file could not be read"));
    std::stringstream ss;
    ss << in.rdbuf();
    res.set_header("Content-Disposition", "attachment; filename=\"" + file->file_name + "\"");
    res.set_header("Cache-Control", "no-store");
    res.set_content(ss.str(), file->content_type.c_str());
  });

  // Officers: link a request to a requester's portal account, see what was uploaded.
  const std::string on_case = R"(/api/cases/([A-Za-z0-9-]{1,40}))";
  srv.Post(on_case + "/portal-link", [portal_or](const httplib::Request& req, httplib::Response& res) {
    auto* portal = portal_or(res);
    if (!portal) return;
    auto actor = Actor(req);
    if (!actor.ok()) return SendError(res, actor.status());
    auto body = Body(req);
    if (!body.ok()) return SendError(res, body.status());
    if (!body->is_object() || body->size() != 1 || !(*body)["email"].is_string())
      return SendError(res, Status::Invalid("send {\"email\": ...} of the requester"));
    auto linked = portal->LinkCase(req.matches[1], (*body)["email"].get<std::string>(), *actor);
    if (!linked.ok()) return SendError(res, linked.status());
    SendJson(res, 201, *linked);
  });
  srv.Get(on_case + "/portal", [portal_or](const httplib::Request& req, httplib::Response& res) {
    auto* portal = portal_or(res);
    if (!portal) return;
    auto summary = portal->CaseSummary(req.matches[1]);
    if (!summary.ok()) return SendError(res, summary.status());
    SendJson(res, 200, *summary);
  });
  srv.Get(on_case + R"(/portal/uploads/(\d{1,15}))", [portal_or](const httplib::Request& req, httplib::Response& res) {
    auto* portal = portal_or(res);
    if (!portal) return;
    auto actor = Actor(req);
    if (!actor.ok()) return SendError(res, actor.status());
    auto file = portal->UploadedFile(req.matches[1], Id(req.matches[2]), *actor);
    if (!file.ok()) return SendError(res, file.status());
    // The name was checked at upload: no quotes, slashes or control characters reach the header.
    std::string name;
    for (char c : file->second) name += (c == '"' ? '_' : c);
    res.set_header("Content-Disposition", "attachment; filename=\"" + name + "\"");
    res.set_header("Cache-Control", "no-store");
    res.set_content(file->first, "application/octet-stream");
  });
}

}  // namespace sardesk::api
