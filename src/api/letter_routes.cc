#include "api/letter_routes.h"

#include <httplib.h>

#include "api/http_api.h"
#include "api/route_support.h"
#include "case/json_reader.h"

namespace sardesk::api {

namespace {

using nlohmann::json;

const std::string kOnCase = R"(/api/cases/([A-Za-z0-9-]{1,40}))";

using Letters = std::function<service::LetterService*()>;

// The role the sign-in gate found (it removes whatever a client sent).
constexpr char kRoleHeader[] = "X-Sardesk-Role";

// Extension and refusal letters take the extend and refuse actions, which
// the access policy keeps for IG managers; the gate sees only the route, so
// the kind is checked here. Without sign-in (no role) nothing is checked,
// as for every other route.
Status CheckLetterRole(const httplib::Request& req, const json& body) {
  if (!req.has_header(kRoleHeader) || !body.is_object() || !body.contains("kind") || !body["kind"].is_string())
    return Status::Ok();
  std::string kind = body["kind"].get<std::string>();
  if ((kind == "extension" || kind == "refusal") && req.get_header_value(kRoleHeader) != "ig_manager")
    return Status::Denied("only an IG manager can send an " + std::string(kind == "extension" ? "extension" : "refusal") +
                          " letter, because it records the " + (kind == "extension" ? "extension" : "refusal"));
  return Status::Ok();
}

// The service, or an error answered.
service::LetterService* Service(const Letters& letters, httplib::Response& res) {
  service::LetterService* s = letters();
  if (!s) SendError(res, Status::Internal("letters are not running on this server"));
  return s;
}

}  // namespace

void RegisterLetterRoutes(httplib::Server& srv, Letters letters) {
  srv.Get("/api/letter-templates", [letters](const httplib::Request&, httplib::Response& res) {
    auto* s = Service(letters, res);
    if (!s) return;
    auto r = s->SettingsJson();
    if (!r.ok()) return SendError(res, r.status());
    SendJson(res, 200, *r);
  });
  // {"kind","subject","body"} sets a template; {"kind","reset":true} goes
  // back to the built-in one; {"letterhead":{...}} sets the letterhead.
  srv.Post("/api/letter-templates", [letters](const httplib::Request& req, httplib::Response& res) {
    auto* s = Service(letters, res);
    if (!s) return;
    auto actor = Actor(req);
    if (!actor.ok()) return SendError(res, actor.status());
    auto body = Body(req);
    if (!body.ok()) return SendError(res, body.status());
    if (!body->is_object()) return SendError(res, Status::Invalid("the body must be a JSON object"));
    Status st;
    if (body->contains("letterhead")) {
      if (body->size() != 1) return SendError(res, Status::Invalid("letterhead: send it on its own"));
      st = s->SetLetterhead((*body)["letterhead"], *actor).status();
    } else if (body->contains("reset")) {
      const json& reset = (*body)["reset"];
      if (!reset.is_boolean() || !reset.get<bool>() || body->size() != 2 || !body->contains("kind") ||
          !(*body)["kind"].is_string())
        return SendError(res, Status::Invalid("reset: send {\"kind\": ..., \"reset\": true}"));
      st = s->ResetTemplate((*body)["kind"].get<std::string>(), *actor).status();
    } else {
      st = s->SetTemplate(*body, *actor).status();
    }
    if (!st.ok()) return SendError(res, st);
    auto r = s->SettingsJson();
    if (!r.ok()) return SendError(res, r.status());
    SendJson(res, 200, *r);
  });

  srv.Get(kOnCase + "/letters", [letters](const httplib::Request& req, httplib::Response& res) {
    auto* s = Service(letters, res);
    if (!s) return;
    auto rows = s->List(req.matches[1]);
    if (!rows.ok()) return SendError(res, rows.status());
    json items = json::array();
    for (const auto& r : *rows) items.push_back(service::LetterRowJson(r));
    SendJson(res, 200, {{"letters", items}, {"count", items.size()}});
  });
  srv.Post(kOnCase + "/letters/preview", [letters](const httplib::Request& req, httplib::Response& res) {
    auto* s = Service(letters, res);
    if (!s) return;
    auto actor = Actor(req);
    if (!actor.ok()) return SendError(res, actor.status());
    auto body = Body(req);
    if (!body.ok()) return SendError(res, body.status());
    auto l = s->Preview(req.matches[1], *body, *actor);
    if (!l.ok()) return SendError(res, l.status());
    SendJson(res, 200, service::ComposedLetterJson(*l));
  });
  srv.Post(kOnCase + "/letters", [letters](const httplib::Request& req, httplib::Response& res) {
    auto* s = Service(letters, res);
    if (!s) return;
    auto actor = Actor(req);
    if (!actor.ok()) return SendError(res, actor.status());
    auto body = Body(req);
    if (!body.ok()) return SendError(res, body.status());
    Status allowed = CheckLetterRole(req, *body);
    if (!allowed.ok()) return SendError(res, allowed);
    auto row = s->Send(req.matches[1], *body, *actor);
    if (!row.ok()) return SendError(res, row.status());
    SendJson(res, 201, service::LetterRowJson(*row, true));
  });
  srv.Get(kOnCase + R"(/letters/(\d{1,15}))", [letters](const httplib::Request& req, httplib::Response& res) {
    auto* s = Service(letters, res);
    if (!s) return;
    const std::string format = req.get_param_value("format");
    if (format == "docx") {  // a Word document of the text as sent (LibreOffice)
      auto actor = Actor(req);
      if (!actor.ok()) return SendError(res, actor.status());
      auto docx = s->DownloadDocx(req.matches[1], std::stoll(req.matches[2]), *actor);
      if (!docx.ok()) return SendError(res, docx.status());
      res.set_header("Content-Disposition", "attachment; filename=\"" + std::string(req.matches[1]) + "-letter-" +
                                                std::string(req.matches[2]) + ".docx\"");
      res.set_header("Cache-Control", "no-store");
      return res.set_content(*docx, "application/vnd.openxmlformats-officedocument.wordprocessingml.document");
    }
    if (!format.empty() && format != "json")
      return SendError(res, Status::Invalid("format: use json (the default) or docx; the PDF is at .pdf"));
    auto row = s->Find(req.matches[1], std::stoll(req.matches[2]));
    if (!row.ok()) return SendError(res, row.status());
    SendJson(res, 200, service::LetterRowJson(*row, true));
  });
  srv.Get(kOnCase + R"(/letters/(\d{1,15})\.pdf)", [letters](const httplib::Request& req, httplib::Response& res) {
    auto* s = Service(letters, res);
    if (!s) return;
    auto pdf = s->ReadPdf(req.matches[1], std::stoll(req.matches[2]));
    if (!pdf.ok()) return SendError(res, pdf.status());
    res.set_header("Content-Disposition",
                   "attachment; filename=\"" + std::string(req.matches[1]) + "-letter-" + std::string(req.matches[2]) + ".pdf\"");
    res.set_header("Cache-Control", "no-store");
    res.set_content(*pdf, "application/pdf");
  });
}

}  // namespace sardesk::api
