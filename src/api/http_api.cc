#include "api/http_api.h"

#include <httplib.h>
#include <spdlog/spdlog.h>

#include <atomic>
#include <cctype>
#include <chrono>
#include <thread>

#include "api/letter_routes.h"
#include "api/route_support.h"
#include "api/bundle_routes.h"
#include "api/register_routes.h"
#include "api/work_routes.h"
#include "api/static_files.h"
#include "api/session_routes.h"
#include "api/oidc_routes.h"
#include "api/portal_routes.h"
#include "case/json_reader.h"
#include "service/case_actions.h"

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <regex>
#include <unistd.h>

namespace sardesk::api {

using nlohmann::json;

extern const char* const kOpenApiYaml;

int HttpStatusFor(ErrorCode code) {
  switch (code) {
    case ErrorCode::kOk: return 200;
    case ErrorCode::kInvalidArgument: return 400;
    case ErrorCode::kNotFound: return 404;
    case ErrorCode::kConflict: return 409;
    case ErrorCode::kFailedPrecondition: return 422;
    case ErrorCode::kPermissionDenied: return 403;
    case ErrorCode::kInternal: return 500;
    case ErrorCode::kTooLarge: return 413;
    case ErrorCode::kUnauthenticated: return 401;
    case ErrorCode::kThrottled: return 429;
  }
  return 500;
}

namespace {

constexpr size_t kWorkerThreads = 128;
constexpr time_t kKeepAliveSeconds = 3;
constexpr size_t kKeepAliveRequests = 1000;
constexpr size_t kMaxUpload = 512u << 20;  // one upload request: the files of a search answer

template <typename T, typename F>
void Reply(httplib::Response& res, const Result<T>& r, F to_json, int ok_status = 200) {
  if (!r.ok()) return SendError(res, r.status());
  SendJson(res, ok_status, to_json(*r));
}

std::string Param(const httplib::Request& req, const char* name) {
  return req.has_param(name) ? req.get_param_value(name) : std::string();
}

Result<std::int64_t> IntParam(const httplib::Request& req, const char* name, std::int64_t fallback,
                              std::int64_t min, std::int64_t max) {
  std::string v = Param(req, name);
  if (v.empty()) return fallback;
  std::int64_t n = 0;
  if (v.size() > 12) return Status::Invalid(std::string(name) + ": not a number in range");
  for (char c : v) {
    if (c < '0' || c > '9') return Status::Invalid(std::string(name) + ": must be a whole number");
    n = n * 10 + (c - '0');
  }
  if (n < min || n > max)
    return Status::Invalid(std::string(name) + ": must be between " + std::to_string(min) + " and " + std::to_string(max));
  return n;
}

Result<bool> BoolParam(const httplib::Request& req, const char* name) {
  std::string v = Param(req, name);
  if (v.empty() || v == "false" || v == "0") return false;
  if (v == "true" || v == "1") return true;
  return Status::Invalid(std::string(name) + ": use true or false");
}

json AuditJson(const audit::AuditEntry& e) {
  auto parse = [](const std::string& s) {
    auto j = casework::ParseJsonText(s, 64u << 20);
    return j.ok() ? *j : json(s);
  };
  return {{"seq", e.seq}, {"at", e.at}, {"actor", e.actor}, {"action", e.action},
          {"entity", e.entity}, {"entity_id", e.entity_id}, {"before", parse(e.before)},
          {"after", parse(e.after)}, {"hash", e.hash}, {"prev_hash", e.prev_hash}};
}

json MessageJson(const store::OutboxRow& r) {
  auto message = casework::ParseJsonText(r.message);
  return {{"id", r.id}, {"created_at", r.created_at}, {"case_ref", r.case_ref},
          {"message", message.ok() ? *message : json(nullptr)}, {"status", r.status}, {"attempts", r.attempts},
          {"last_error", r.last_error}, {"sent_at", r.sent_at}, {"message_id", r.message_id}};
}

json UserJson(const store::UserRow& u) {
  return {{"username", u.username}, {"display_name", u.display_name}, {"role", u.role},
          {"email", u.email}, {"active", u.active}};
}

constexpr char kIndexHtml[] = R"html(<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>sardesk</title></head>
<body>
<h1>sardesk</h1>
<p>The subject access request service is running.</p>
<ul>
<li><a href="/api/cases">Requests (JSON)</a></li>
<li><a href="/api/openapi.yaml">API description (OpenAPI)</a></li>
<li><a href="/api/health">Health</a></li>
</ul>
</body></html>
)html";

}  // namespace

struct HttpApi::Members {
  service::Services services;    // not owned
  service::IngestService* ingest = nullptr;  // not owned; set by SetIngest
  service::RedactionService* redactions = nullptr;  // not owned; set by SetRedaction
  service::QaService* qa = nullptr;                  // not owned; set by SetRedaction
  service::DisclosureDecisionService* decisions = nullptr;  // not owned; set by SetSafeguarding
  service::SafeguardingService* safeguarding = nullptr;     // not owned; set by SetSafeguarding
  service::LetterService* letters = nullptr;  // not owned; set by SetLetters
  service::BundleService* bundles = nullptr;    // not owned; set by SetBundles
  service::ReleaseService* releases = nullptr;  // not owned; set by SetBundles
  service::RegisterService* registers = nullptr;  // not owned; set by SetRegister
  service::WorkListService* work = nullptr;  // not owned; set by SetWorkList
  service::AdminService* admin; // not owned
  service::AccountService* accounts = nullptr;  // not owned; set by SetAccounts
  service::OidcService* oidc = nullptr;  // not owned; set by SetOidc
  bool secure_cookies = false;
  std::unique_ptr<RequestGate> gate;  // sign-in and the access policy, before any route
  service::PortalService* portal = nullptr;  // not owned; set by SetPortal
  std::unique_ptr<PortalGate> portal_gate;  // portal sessions, before the staff gate
  std::unique_ptr<StaticFiles> web;  // set by SetWebRoot
  httplib::Server server;
  // Stop() may come before Serve() has started listening (a test, a signal
  // during start-up): Serve then returns at once instead of serving forever.
  // Atomics only: Stop() runs in a signal handler.
  std::atomic<bool> stop_requested{false};
  std::atomic<bool> serving{false};
  std::atomic<bool> stop_sent{false};
};

HttpApi::HttpApi(service::CaseService* cases, service::SearchService* searches, service::AdminService* admin)
    : m_(std::make_unique<Members>()) {
  m_->services = {cases, searches};
  m_->admin = admin;
  auto& srv = m_->server;
  srv.set_payload_max_length(kMaxUpload);
  // cpp-httplib serves each connection on one pool thread for as long as
  // the browser keeps it alive. Its default pool (8 threads on this
  // machine) lets eight idle keep-alive connections stall everyone else, so
  // the pool is sized for a team's browsers and an idle connection is let
  // go after a few seconds (bench/load_bench; docs/decisions.md).
  srv.new_task_queue = [] { return new httplib::ThreadPool(kWorkerThreads); };
  srv.set_keep_alive_timeout(kKeepAliveSeconds);
  srv.set_keep_alive_max_count(kKeepAliveRequests);
  // Headers and body go out in separate writes: without TCP_NODELAY, Nagle's
  // algorithm and the client's delayed ACK hold the body back ~40 ms.
  srv.set_tcp_nodelay(true);
  srv.set_read_timeout(30, 0);
  srv.set_write_timeout(30, 0);
  srv.set_exception_handler([](const httplib::Request&, httplib::Response& res, std::exception_ptr ep) {
    std::string what = "unexpected failure";
    try {
      if (ep) std::rethrow_exception(ep);
    } catch (const std::exception& e) {
      what = e.what();
    } catch (...) {
    }
    SendError(res, Status::Internal(what));
  });
  srv.set_error_handler([](const httplib::Request& req, httplib::Response& res) {
    if (!res.body.empty()) return;
    if (res.status == 404)
      SendJson(res, 404, {{"error", {{"code", "not_found"}, {"message", "no such endpoint: " + req.method + " " + req.path.substr(0, 100)}}}});
    else if (res.status == 413)
      SendJson(res, 413, {{"error", {{"code", "invalid_argument"}, {"message", "the request body is too large (at most 1 MiB)"}}}});
    else if (res.status == 400)
      SendJson(res, 400, {{"error", {{"code", "invalid_argument"}, {"message", "the request could not be read"}}}});
    else if (res.status >= 500)
      SendJson(res, res.status, {{"error", {{"code", "internal"}, {"message", "the server could not handle the request"}}}});
    else  // e.g. 414 for an address over 8 KiB, 416 for a bad Range
      SendJson(res, res.status, {{"error", {{"code", "invalid_argument"}, {"message", "the request could not be handled (HTTP " + std::to_string(res.status) + ")"}}}});
  });
  // httplib caps a body only when it has a Content-Length: a chunked body,
  // or one read until the connection closes, would grow without limit (and
  // the latter waits for the read timeout). Refuse both before reading.
  srv.set_default_headers(SecurityHeaders(false));
  m_->gate = std::make_unique<RequestGate>(&m_->accounts);
  RequestGate* gate = m_->gate.get();
  m_->portal_gate = std::make_unique<PortalGate>(&m_->portal);
  PortalGate* portal_gate = m_->portal_gate.get();
  srv.set_pre_routing_handler([gate, portal_gate](const httplib::Request& req, httplib::Response& res) {
    // A DELETE without Content-Length has no body (browsers send none on
    // DELETE /api/session), so only a chunked one is refused.
    bool may_have_body = req.method == "POST" || req.method == "PUT" || req.method == "PATCH";
    if (!req.has_header("Transfer-Encoding") && (!may_have_body || req.has_header("Content-Length"))) {
      if (auto portal = portal_gate->Check(req, res)) return *portal;  // a portal session (docs/portal.md)
      return gate->Check(req, res);
    }
    res.set_header("Connection", "close");
    SendJson(res, 411, {{"error", {{"code", "invalid_argument"}, {"message", "send the body with a Content-Length header (at most 1 MiB), not chunked"}}}});
    return httplib::Server::HandlerResponse::Handled;
  });
  srv.set_logger([](const httplib::Request& req, const httplib::Response& res) {
    // Method, route and status only: paths carry references, never bodies.
    // A portal download link's token is a credential: never logged (docs/portal.md).
    static constexpr std::string_view kDownload = "/api/portal/download/";
    std::string path = req.path.rfind(kDownload, 0) == 0 ? std::string(kDownload) + "..." : req.path.substr(0, 120);
    spdlog::info("{} {} {}", req.method, path, res.status);
  });

  auto* cs = cases;
  auto* ss = searches;
  auto* as = admin;
  service::Services* services = &m_->services;
  auto view = [](const service::CaseView& v) { return service::ViewToJson(v); };

  srv.Get("/", [m = m_.get()](const httplib::Request& req, httplib::Response& res) {
    if (m->web && SendStaticFile(*m->web, req.path, res)) return;
    res.set_content(kIndexHtml, "text/html; charset=utf-8");
  });
  srv.Get("/api/health", [](const httplib::Request&, httplib::Response& res) { SendJson(res, 200, {{"status", "ok"}}); });
  srv.Get("/api/openapi.yaml", [](const httplib::Request&, httplib::Response& res) {
    res.set_content(kOpenApiYaml, "application/yaml");
  });
  srv.Get("/api/reference", [as](const httplib::Request&, httplib::Response& res) { SendJson(res, 200, as->ReferenceData()); });
  // Sign-in, sharing, an adviser's and a contact's lists (issue 8); before
  // the catch-all case action route below.
  RegisterSessionRoutes(srv, &m_->accounts, admin, &m_->secure_cookies);
  RegisterOidcRoutes(srv, &m_->accounts, &m_->oidc, &m_->secure_cookies);

  srv.Get("/api/cases", [cs](const httplib::Request& req, httplib::Response& res) {
    service::CaseFilter f;
    f.status = Param(req, "status");
    f.officer = Param(req, "officer");
    f.text = Param(req, "q");
    if (f.text.size() > 200) return SendError(res, Status::Invalid("q: at most 200 characters"));
    auto open = BoolParam(req, "open");
    auto overdue = BoolParam(req, "overdue");
    auto limit = IntParam(req, "limit", 500, 1, 5000);
    auto offset = IntParam(req, "offset", 0, 0, 100000000);
    for (const Status& st : {open.status(), overdue.status(), limit.status(), offset.status()})
      if (!st.ok()) return SendError(res, st);
    f.open_only = *open;
    f.overdue_only = *overdue;
    f.limit = *limit;
    f.offset = *offset;
    size_t count = 0;
    auto items = cs->ListSummariesJson(f, &count);
    if (!items.ok()) return SendError(res, items.status());
    // Spliced rather than parsed and dumped again: the dashboard's list is
    // the API's hottest answer (bench/load_bench).
    res.set_content("{\"cases\":" + *items + ",\"count\":" + std::to_string(count) + "}",
                    "application/json; charset=utf-8");
  });
  srv.Post("/api/cases", [cs, view](const httplib::Request& req, httplib::Response& res) {
    auto actor = Actor(req);
    if (!actor.ok()) return SendError(res, actor.status());
    auto body = Body(req);
    if (!body.ok()) return SendError(res, body.status());
    Reply(res, cs->Create(*body, *actor), view, 201);
  });
  srv.Get(R"(/api/cases/([A-Za-z0-9-]{1,40}))", [cs, view](const httplib::Request& req, httplib::Response& res) {
    Reply(res, cs->Get(req.matches[1]), view);
  });
  srv.Patch(R"(/api/cases/([A-Za-z0-9-]{1,40}))", [cs, view](const httplib::Request& req, httplib::Response& res) {
    auto actor = Actor(req);
    if (!actor.ok()) return SendError(res, actor.status());
    auto body = Body(req);
    if (!body.ok()) return SendError(res, body.status());
    std::optional<std::int64_t> expected;
    std::string if_match = req.get_header_value("If-Match");
    if (!if_match.empty()) {
      if (if_match.size() > 2 && if_match.front() == '"' && if_match.back() == '"') if_match = if_match.substr(1, if_match.size() - 2);
      if (if_match.empty() || if_match.size() > 15 || if_match.find_first_not_of("0123456789") != std::string::npos)
        return SendError(res, Status::Invalid("If-Match: give the version number you loaded"));
      expected = std::stoll(if_match);
    }
    Reply(res, cs->Update(req.matches[1], *body, expected, *actor), view);
  });
  srv.Get(R"(/api/cases/([A-Za-z0-9-]{1,40})/audit)", [cs](const httplib::Request& req, httplib::Response& res) {
    Reply(res, cs->History(req.matches[1]), [](const std::vector<audit::AuditEntry>& entries) {
      json items = json::array();
      for (const auto& e : entries) items.push_back(AuditJson(e));
      return json{{"entries", items}};
    });
  });
  Members* members = m_.get();
  auto ingest_or_503 = [members](httplib::Response& res) -> service::IngestService* {
    if (!members->ingest) SendError(res, Status::Internal("document processing is not running on this server"));
    return members->ingest;
  };
  srv.Post(R"(/api/cases/([A-Za-z0-9-]{1,40})/documents)", [ingest_or_503](const httplib::Request& req, httplib::Response& res) {
    auto* ingest = ingest_or_503(res);
    if (!ingest) return;
    auto actor = Actor(req);
    if (!actor.ok()) return SendError(res, actor.status());
    if (!req.is_multipart_form_data())
      return SendError(res, Status::Invalid("upload the files as multipart/form-data, one part per file named \"file\""));
    json provenance = json::object();
    if (req.has_file("service_area")) provenance["service_area"] = req.get_file_value("service_area").content;
    if (req.has_file("search_task_id")) {
      const std::string& v = req.get_file_value("search_task_id").content;
      if (v.empty() || v.size() > 15 || v.find_first_not_of("0123456789") != std::string::npos)
        return SendError(res, Status::Invalid("search_task_id: must be a whole number"));
      provenance["search_task_id"] = std::stoll(v);
    }
    // Each file part goes to a private temporary file, then into the store.
    std::error_code ec;
    auto dir = std::filesystem::temp_directory_path() / ("sardesk-upload-" + std::to_string(::getpid()) + "-" +
                                                         std::to_string(std::rand()));
    std::filesystem::create_directories(dir, ec);
    std::vector<service::UploadFile> files;
    int n = 0;
    for (const auto& [name, part] : req.files) {
      if (part.filename.empty()) continue;  // a plain field
      auto path = dir / std::to_string(n++);
      std::ofstream out(path, std::ios::binary);
      out.write(part.content.data(), static_cast<std::streamsize>(part.content.size()));
      files.push_back({part.filename, path.string()});
    }
    auto result = ingest->Upload(req.matches[1], files, provenance, *actor);
    std::filesystem::remove_all(dir, ec);
    Reply(res, result, [](const std::vector<service::UploadResult>& results) {
      json items = json::array();
      for (const auto& r : results)
        items.push_back({{"document_id", r.document_id}, {"filename", r.filename}, {"status", r.status}, {"error", r.error}});
      return json{{"uploads", items}};
    }, 202);
  });
  srv.Get(R"(/api/cases/([A-Za-z0-9-]{1,40})/documents)", [ingest_or_503](const httplib::Request& req, httplib::Response& res) {
    auto* ingest = ingest_or_503(res);
    if (!ingest) return;
    Reply(res, ingest->Documents(req.matches[1]), [](const json& j) { return j; });
  });
  srv.Post(R"(/api/cases/([A-Za-z0-9-]{1,40})/documents/(exclude|include))", [ingest_or_503](const httplib::Request& req, httplib::Response& res) {
    auto* ingest = ingest_or_503(res);
    if (!ingest) return;
    auto actor = Actor(req);
    if (!actor.ok()) return SendError(res, actor.status());
    auto body = Body(req);
    if (!body.ok()) return SendError(res, body.status());
    bool exclude = req.matches[2] == "exclude";
    Reply(res, exclude ? ingest->Exclude(req.matches[1], *body, *actor) : ingest->Include(req.matches[1], *body, *actor),
          [](const json& j) { return j; });
  });
  srv.Post(R"(/api/cases/([A-Za-z0-9-]{1,40})/pages/(exclude|include))", [ingest_or_503](const httplib::Request& req, httplib::Response& res) {
    auto* ingest = ingest_or_503(res);
    if (!ingest) return;
    auto actor = Actor(req);
    if (!actor.ok()) return SendError(res, actor.status());
    auto body = Body(req);
    if (!body.ok()) return SendError(res, body.status());
    bool exclude = req.matches[2] == "exclude";
    Reply(res,
          exclude ? ingest->ExcludePage(req.matches[1], *body, *actor) : ingest->IncludePage(req.matches[1], *body, *actor),
          [](const json& j) { return j; });
  });
  srv.Get(R"(/api/documents/(\d{1,15})/pages/(\d{1,6}))", [ingest_or_503](const httplib::Request& req, httplib::Response& res) {
    auto* ingest = ingest_or_503(res);
    if (!ingest) return;
    int page = std::stoi(req.matches[2]);
    if (page < 1) return SendError(res, Status::Invalid("pages are numbered from 1"));
    Reply(res, ingest->Page(std::stoll(req.matches[1]), page - 1), [](const json& j) { return j; });
  });
  srv.Get(R"(/api/documents/(\d{1,15})/pages/(\d{1,6})\.png)", [ingest_or_503](const httplib::Request& req, httplib::Response& res) {
    auto* ingest = ingest_or_503(res);
    if (!ingest) return;
    int page = std::stoi(req.matches[2]);
    if (page < 1) return SendError(res, Status::Invalid("pages are numbered from 1"));
    auto dpi = IntParam(req, "dpi", 100, 20, 300);
    if (!dpi.ok()) return SendError(res, dpi.status());
    auto png = ingest->RenderPage(std::stoll(req.matches[1]), page - 1, static_cast<int>(*dpi));
    if (!png.ok()) return SendError(res, png.status());
    res.set_header("Cache-Control", "private, max-age=3600");
    res.set_content(*png, "image/png");
  });
  // Redaction and QA (issue 5): /api/cases/{reference}/redactions... and /qa...
  using JsonCall = std::function<Result<json>(const httplib::Request&, const json& body, const std::string& actor)>;
  auto case_post = [&srv](const std::string& path, int ok_status, JsonCall call) {
    srv.Post(path, [call, ok_status](const httplib::Request& req, httplib::Response& res) {
      auto actor = Actor(req);
      if (!actor.ok()) return SendError(res, actor.status());
      auto body = Body(req);
      if (!body.ok()) return SendError(res, body.status());
      Reply(res, call(req, *body, *actor), [](const json& j) { return j; }, ok_status);
    });
  };
  auto redactions = [members]() -> Result<service::RedactionService*> {
    if (!members->redactions) return Status::Internal("redaction is not running on this server");
    return members->redactions;
  };
  auto qa = [members]() -> Result<service::QaService*> {
    if (!members->qa) return Status::Internal("QA is not running on this server");
    return members->qa;
  };
  const std::string on_case = R"(/api/cases/([A-Za-z0-9-]{1,40}))";
  srv.Get(on_case + "/redactions", [redactions](const httplib::Request& req, httplib::Response& res) {
    auto rs = redactions();
    if (!rs.ok()) return SendError(res, rs.status());
    service::RedactionFilter f;
    auto document = IntParam(req, "document", 0, 0, 999999999999999);
    auto page = IntParam(req, "page", 0, 0, 1000000);
    for (const Status& st : {document.status(), page.status()})
      if (!st.ok()) return SendError(res, st);
    f.document_id = *document;
    f.page = static_cast<int>(*page);
    f.status = Param(req, "status");
    f.party = Param(req, "party");
    f.category = Param(req, "category");
    f.source = Param(req, "source");
    Reply(res, (*rs)->List(req.matches[1], f), [](const json& j) { return j; });
  });
  case_post(on_case + "/redactions/propose", 200, [redactions](const httplib::Request& req, const json& body, const std::string& actor) -> Result<json> {
    SARDESK_ASSIGN_OR_RETURN(auto* rs, redactions());
    return rs->Propose(req.matches[1], body, actor);
  });
  case_post(on_case + "/redactions/add", 201, [redactions](const httplib::Request& req, const json& body, const std::string& actor) -> Result<json> {
    SARDESK_ASSIGN_OR_RETURN(auto* rs, redactions());
    return rs->Add(req.matches[1], body, actor);
  });
  srv.Get(on_case + "/redactions/progress", [redactions](const httplib::Request& req, httplib::Response& res) {
    auto rs = redactions();
    if (!rs.ok()) return SendError(res, rs.status());
    auto p = (*rs)->Progress(req.matches[1]);
    if (!p.ok()) return SendError(res, p.status());
    SendJson(res, 200, *p);
  });
  case_post(on_case + "/redactions/suggest", 201, [redactions](const httplib::Request& req, const json& body, const std::string& actor) -> Result<json> {
    SARDESK_ASSIGN_OR_RETURN(auto* rs, redactions());
    return rs->Suggest(req.matches[1], body, actor);
  });
  case_post(on_case + R"(/redactions/(\d{1,15})/decide)", 200, [redactions](const httplib::Request& req, const json& body, const std::string& actor) -> Result<json> {
    SARDESK_ASSIGN_OR_RETURN(auto* rs, redactions());
    return rs->Decide(req.matches[1], std::stoll(req.matches[2]), body, actor);
  });
  srv.Get(on_case + "/redactions/rules", [redactions](const httplib::Request& req, httplib::Response& res) {
    auto rs = redactions();
    if (!rs.ok()) return SendError(res, rs.status());
    Reply(res, (*rs)->Rules(req.matches[1]), [](const json& j) { return j; });
  });
  case_post(on_case + "/redactions/rules", 201, [redactions](const httplib::Request& req, const json& body, const std::string& actor) -> Result<json> {
    SARDESK_ASSIGN_OR_RETURN(auto* rs, redactions());
    return rs->AddRule(req.matches[1], body, actor);
  });
  case_post(on_case + "/redactions/apply", 200, [redactions](const httplib::Request& req, const json& body, const std::string& actor) -> Result<json> {
    SARDESK_ASSIGN_OR_RETURN(auto* rs, redactions());
    if (!body.empty()) return Status::Invalid("apply takes no body");
    return rs->Apply(req.matches[1], actor);
  });
  srv.Get(on_case + "/redactions/documents", [redactions](const httplib::Request& req, httplib::Response& res) {
    auto rs = redactions();
    if (!rs.ok()) return SendError(res, rs.status());
    Reply(res, (*rs)->RedactedDocuments(req.matches[1]), [](const json& j) { return j; });
  });
  srv.Get(on_case + R"(/redactions/documents/(\d{1,15})\.pdf)", [redactions](const httplib::Request& req, httplib::Response& res) {
    auto rs = redactions();
    if (!rs.ok()) return SendError(res, rs.status());
    auto pdf = (*rs)->RedactedPdf(req.matches[1], std::stoll(req.matches[2]));
    if (!pdf.ok()) return SendError(res, pdf.status());
    res.set_header("Cache-Control", "private, no-store");
    res.set_content(*pdf, "application/pdf");
  });
  srv.Get(on_case + "/redactions/schedule", [redactions, as](const httplib::Request& req, httplib::Response& res) {
    auto rs = redactions();
    if (!rs.ok()) return SendError(res, rs.status());
    std::string format = Param(req, "format");
    if (!format.empty() && format != "json" && format != "csv" && format != "pdf")
      return SendError(res, Status::Invalid("format: use json, csv or pdf"));
    auto schedule = (*rs)->Schedule(req.matches[1]);
    if (!schedule.ok()) return SendError(res, schedule.status());
    if (format != "csv" && format != "pdf") return SendJson(res, 200, service::ScheduleJson(*schedule));
    const std::string name = "redaction-schedule-" + schedule->reference + "." + format;
    if (format == "pdf") {
      auto pdf = service::SchedulePdf(*schedule, as->GetSettings().organisation);
      if (!pdf.ok()) return SendError(res, pdf.status());
      res.set_header("Content-Disposition", "attachment; filename=\"" + name + "\"");
      res.set_header("Cache-Control", "private, no-store");
      return res.set_content(*pdf, "application/pdf");
    }
    res.set_header("Content-Disposition", "attachment; filename=\"" + name + "\"");
    res.set_content(service::ScheduleCsv(*schedule), "text/csv; charset=utf-8");
  });
  srv.Get(on_case + "/qa", [qa](const httplib::Request& req, httplib::Response& res) {
    auto q = qa();
    if (!q.ok()) return SendError(res, q.status());
    Reply(res, (*q)->Reviews(req.matches[1]), [](const json& j) { return j; });
  });
  case_post(on_case + "/qa/sample", 201, [qa](const httplib::Request& req, const json& body, const std::string& actor) -> Result<json> {
    SARDESK_ASSIGN_OR_RETURN(auto* q, qa());
    return q->Sample(req.matches[1], body, actor);
  });
  case_post(on_case + "/qa/pages", 200, [qa](const httplib::Request& req, const json& body, const std::string& actor) -> Result<json> {
    SARDESK_ASSIGN_OR_RETURN(auto* q, qa());
    return q->AddPage(req.matches[1], body, actor);
  });
  case_post(on_case + "/qa/redactions", 201, [qa](const httplib::Request& req, const json& body, const std::string& actor) -> Result<json> {
    SARDESK_ASSIGN_OR_RETURN(auto* q, qa());
    return q->AddRedaction(req.matches[1], body, actor);
  });
  case_post(on_case + "/qa/pass", 200, [qa](const httplib::Request& req, const json& body, const std::string& actor) -> Result<json> {
    SARDESK_ASSIGN_OR_RETURN(auto* q, qa());
    return q->Pass(req.matches[1], body, actor);
  });
  case_post(on_case + "/qa/send-back", 200, [qa](const httplib::Request& req, const json& body, const std::string& actor) -> Result<json> {
    SARDESK_ASSIGN_OR_RETURN(auto* q, qa());
    return q->SendBack(req.matches[1], body, actor);
  });
  // Third-party consent, staff concerns and safeguarding meetings (issue 5).
  auto decisions = [members]() -> Result<service::DisclosureDecisionService*> {
    if (!members->decisions) return Status::Internal("consent and staff concerns are not running on this server");
    return members->decisions;
  };
  auto safeguarding = [members]() -> Result<service::SafeguardingService*> {
    if (!members->safeguarding) return Status::Internal("safeguarding is not running on this server");
    return members->safeguarding;
  };
  srv.Get(on_case + "/consents", [decisions](const httplib::Request& req, httplib::Response& res) {
    auto ds = decisions();
    if (!ds.ok()) return SendError(res, ds.status());
    Reply(res, (*ds)->Consents(req.matches[1]), [](const json& j) { return j; });
  });
  case_post(on_case + "/consents", 201, [decisions](const httplib::Request& req, const json& body, const std::string& actor) -> Result<json> {
    SARDESK_ASSIGN_OR_RETURN(auto* ds, decisions());
    return ds->RecordConsent(req.matches[1], body, actor);
  });
  srv.Get(on_case + "/staff-concerns", [decisions](const httplib::Request& req, httplib::Response& res) {
    auto ds = decisions();
    if (!ds.ok()) return SendError(res, ds.status());
    Reply(res, (*ds)->StaffConcerns(req.matches[1]), [](const json& j) { return j; });
  });
  case_post(on_case + "/staff-concerns", 201, [decisions](const httplib::Request& req, const json& body, const std::string& actor) -> Result<json> {
    SARDESK_ASSIGN_OR_RETURN(auto* ds, decisions());
    return ds->RecordStaffConcern(req.matches[1], body, actor);
  });
  case_post(on_case + R"(/staff-concerns/(\d{1,15})/withdraw)", 200, [decisions](const httplib::Request& req, const json& body, const std::string& actor) -> Result<json> {
    SARDESK_ASSIGN_OR_RETURN(auto* ds, decisions());
    return ds->WithdrawStaffConcern(req.matches[1], std::stoll(req.matches[2]), body, actor);
  });
  srv.Get(on_case + "/safeguarding", [safeguarding](const httplib::Request& req, httplib::Response& res) {
    auto sg = safeguarding();
    if (!sg.ok()) return SendError(res, sg.status());
    Reply(res, (*sg)->Show(req.matches[1]), [](const json& j) { return j; });
  });
  case_post(on_case + "/safeguarding/meetings", 201, [safeguarding](const httplib::Request& req, const json& body, const std::string& actor) -> Result<json> {
    SARDESK_ASSIGN_OR_RETURN(auto* sg, safeguarding());
    return sg->RecordMeeting(req.matches[1], body, actor);
  });
  // The exemption catalogue (a council setting).
  auto catalogue_json = [](const std::vector<redact::Exemption>& list) {
    return json{{"exemptions", service::ExemptionsToJson(list)}};
  };
  srv.Get("/api/exemptions", [as, catalogue_json](const httplib::Request&, httplib::Response& res) {
    SendJson(res, 200, catalogue_json(as->Exemptions()));
  });
  srv.Post("/api/exemptions", [as, catalogue_json](const httplib::Request& req, httplib::Response& res) {
    auto actor = Actor(req);
    if (!actor.ok()) return SendError(res, actor.status());
    auto body = Body(req);
    if (!body.ok()) return SendError(res, body.status());
    Reply(res, as->PutExemption(*body, *actor), catalogue_json);
  });
  srv.Post(R"(/api/exemptions/([a-z0-9_]{1,60})/remove)", [as, catalogue_json](const httplib::Request& req, httplib::Response& res) {
    auto actor = Actor(req);
    if (!actor.ok()) return SendError(res, actor.status());
    auto body = Body(req);
    if (!body.ok()) return SendError(res, body.status());
    if (!body->empty()) return SendError(res, Status::Invalid("remove takes no body"));
    Reply(res, as->RemoveExemption(req.matches[1], *actor), catalogue_json);
  });
  RegisterLetterRoutes(srv, [members]() { return members->letters; });  // before the action route
  RegisterBundleRoutes(srv, [members]() { return members->bundles; }, [members]() { return members->releases; });
  RegisterPortalRoutes(srv, [members]() { return members->portal; }, &members->secure_cookies);  // before the action route
  RegisterRegisterRoutes(srv, [members]() { return members->registers; });
  RegisterWorkRoutes(srv, [members]() { return members->work; });
  srv.Post(R"(/api/cases/([A-Za-z0-9-]{1,40})/([a-z-]{1,40}))", [services, view](const httplib::Request& req, httplib::Response& res) {
    const service::CaseAction* action = service::FindCaseAction(req.matches[2]);
    if (!action) return SendError(res, Status::NotFound("no action '" + std::string(req.matches[2]) + "' on requests"));
    auto actor = Actor(req);
    if (!actor.ok()) return SendError(res, actor.status());
    auto body = Body(req);
    if (!body.ok()) return SendError(res, body.status());
    int status = action->name == "split" ? 201 : 200;
    Reply(res, action->run(*services, req.matches[1], *body, *actor), view, status);
  });

  srv.Post("/api/timers/run", [cs, ss](const httplib::Request& req, httplib::Response& res) {
    auto actor = Actor(req);
    if (!actor.ok()) return SendError(res, actor.status());
    auto search_steps = ss->RunTimers();
    if (!search_steps.ok()) return SendError(res, search_steps.status());
    Reply(res, cs->RunTimers(), [&](const service::TimerReport& r) {
      json moves = json::array();
      for (const auto& m : r.moves)
        moves.push_back({{"reference", m.reference}, {"from", m.from}, {"to", m.to}, {"reason", m.reason}});
      json failures = json::array();
      for (const auto& f : r.failures) failures.push_back({{"reference", f.reference}, {"message", f.message}});
      for (const auto& f : search_steps->failures) failures.push_back({{"reference", f.reference}, {"message", f.message}});
      json steps = json::array();
      for (const auto& st : search_steps->steps)
        steps.push_back({{"reference", st.reference}, {"task", st.task_id}, {"service_area", st.service_area}, {"action", st.action}});
      return json{{"moves", moves}, {"search_steps", steps}, {"failures", failures}};
    });
  });
  srv.Get(R"(/api/cases/([A-Za-z0-9-]{1,40})/messages)", [cs, ss](const httplib::Request& req, httplib::Response& res) {
    auto exists = cs->Get(req.matches[1], false);
    if (!exists.ok()) return SendError(res, exists.status());
    Reply(res, ss->Messages(req.matches[1]), [](const std::vector<store::OutboxRow>& rows) {
      json items = json::array();
      for (const auto& r : rows) items.push_back(MessageJson(r));
      return json{{"messages", items}};
    });
  });
  srv.Post("/api/mail/dispatch", [ss](const httplib::Request& req, httplib::Response& res) {
    auto actor = Actor(req);
    if (!actor.ok()) return SendError(res, actor.status());
    Reply(res, ss->DispatchMail(), [](const service::DispatchReport& r) {
      return json{{"sent", r.sent}, {"failed", r.failed}};
    });
  });
  srv.Get("/api/service-areas", [ss](const httplib::Request&, httplib::Response& res) {
    Reply(res, ss->ListServiceAreas(), [](const std::vector<casework::ServiceArea>& areas) {
      json items = json::array();
      for (const auto& a : areas) items.push_back(casework::ToJson(a));
      return json{{"service_areas", items}};
    });
  });
  srv.Post("/api/service-areas", [ss](const httplib::Request& req, httplib::Response& res) {
    auto actor = Actor(req);
    if (!actor.ok()) return SendError(res, actor.status());
    auto body = Body(req);
    if (!body.ok()) return SendError(res, body.status());
    Reply(res, ss->PutServiceArea(*body, *actor), [](const casework::ServiceArea& a) { return casework::ToJson(a); });
  });
  srv.Get("/api/holidays", [as](const httplib::Request& req, httplib::Response& res) {
    std::string region_name = Param(req, "region");
    auto region = clock::ParseRegion(region_name.empty() ? clock::RegionName(as->GetSettings().region) : region_name);
    if (!region.ok()) return SendError(res, Status::Invalid("region: " + region.status().message()));
    json items = json::array();
    for (const auto& h : as->Holidays(*region)) items.push_back({{"date", h.date.ToString()}, {"title", h.title}});
    SendJson(res, 200, {{"region", clock::RegionName(*region)}, {"holidays", items}});
  });
  srv.Post("/api/holidays", [cs](const httplib::Request& req, httplib::Response& res) {
    auto actor = Actor(req);
    if (!actor.ok()) return SendError(res, actor.status());
    auto body = Body(req);
    if (!body.ok()) return SendError(res, body.status());
    auto dry = BoolParam(req, "dry_run");
    if (!dry.ok()) return SendError(res, dry.status());
    Reply(res, cs->AddHoliday(*body, *actor, *dry), [&](const std::vector<service::HolidayImpact>& impacts) {
      json items = json::array();
      for (const auto& i : impacts) items.push_back({{"reference", i.reference}, {"old_due", i.old_due}, {"new_due", i.new_due}});
      return json{{"dry_run", *dry}, {"moved_cases", items}};
    }, *dry ? 200 : 201);
  });
  srv.Get("/api/users", [as](const httplib::Request&, httplib::Response& res) {
    Reply(res, as->ListUsers(), [](const std::vector<store::UserRow>& users) {
      json items = json::array();
      for (const auto& u : users) items.push_back(UserJson(u));
      return json{{"users", items}};
    });
  });
  srv.Post("/api/users", [as](const httplib::Request& req, httplib::Response& res) {
    auto actor = Actor(req);
    if (!actor.ok()) return SendError(res, actor.status());
    auto body = Body(req);
    if (!body.ok()) return SendError(res, body.status());
    Reply(res, as->PutUser(*body, *actor), [](const store::UserRow& u) { return UserJson(u); });
  });
  srv.Get("/api/settings", [as](const httplib::Request&, httplib::Response& res) {
    SendJson(res, 200, service::SettingsToJson(as->GetSettings()));
  });
  srv.Patch("/api/settings", [as](const httplib::Request& req, httplib::Response& res) {
    auto actor = Actor(req);
    if (!actor.ok()) return SendError(res, actor.status());
    auto body = Body(req);
    if (!body.ok()) return SendError(res, body.status());
    Reply(res, as->UpdateSettings(*body, *actor), [](const service::Settings& s) { return service::SettingsToJson(s); });
  });
  srv.Get("/api/audit/verify", [as](const httplib::Request&, httplib::Response& res) {
    Reply(res, as->VerifyAudit(), [](const service::AuditVerification& v) {
      json problems = json::array();
      for (const auto& p : v.problems) problems.push_back({{"seq", p.seq}, {"problem", p.problem}});
      return json{{"ok", v.ok}, {"entries", v.entries}, {"cases_checked", v.cases_checked}, {"problems", problems}};
    });
  });
  srv.Get("/api/deadline", [as](const httplib::Request& req, httplib::Response& res) {
    auto ext = IntParam(req, "extension_months", 0, 0, 2);
    auto paused = IntParam(req, "paused_days", 0, 0, 3650);
    if (!ext.ok()) return SendError(res, ext.status());
    if (!paused.ok()) return SendError(res, paused.status());
    if (Param(req, "received").empty()) return SendError(res, Status::Invalid("received: give the date received, YYYY-MM-DD"));
    Reply(res, as->Deadline(Param(req, "received"), Param(req, "region"), static_cast<int>(*ext), static_cast<int>(*paused)),
          [](const Date& d) { return json{{"due", d.ToString()}}; });
  });
}

HttpApi::~HttpApi() { Stop(); }

void HttpApi::SetIngest(service::IngestService* ingest) { m_->ingest = ingest; }

void HttpApi::SetOidc(service::OidcService* oidc) { m_->oidc = oidc; }

void HttpApi::SetAccounts(service::AccountService* accounts, bool secure_cookies) {
  m_->secure_cookies = secure_cookies;
  m_->server.set_default_headers(SecurityHeaders(secure_cookies));
  m_->accounts = accounts;
}

void HttpApi::SetWebRoot(const std::string& dir) {
  if (m_->web) return;  // the routes are registered once
  m_->web = std::make_unique<StaticFiles>(dir);
  ServeStaticFiles(m_->server, m_->web.get());
}

void HttpApi::SetRedaction(service::RedactionService* redactions, service::QaService* qa) {
  m_->redactions = redactions;
  m_->qa = qa;
}

void HttpApi::SetSafeguarding(service::DisclosureDecisionService* decisions, service::SafeguardingService* safeguarding) {
  m_->decisions = decisions;
  m_->safeguarding = safeguarding;
}

void HttpApi::SetLetters(service::LetterService* letters) { m_->letters = letters; }

void HttpApi::SetPortal(service::PortalService* portal) { m_->portal = portal; }

void HttpApi::SetBundles(service::BundleService* bundles, service::ReleaseService* releases) {
  m_->bundles = bundles;
  m_->releases = releases;
}

void HttpApi::SetRegister(service::RegisterService* registers) { m_->registers = registers; }

void HttpApi::SetWorkList(service::WorkListService* work) { m_->work = work; }

Result<int> HttpApi::Bind(const std::string& host, int port) {
  int bound = port == 0 ? m_->server.bind_to_any_port(host) : (m_->server.bind_to_port(host, port) ? port : -1);
  if (bound < 0) return Status::Invalid("cannot listen on " + host + ":" + std::to_string(port) + ": is it in use?");
  return bound;
}

void HttpApi::Serve() {
  m_->serving = true;
  if (!m_->stop_requested) m_->server.listen_after_bind();
  m_->serving = false;
}

void HttpApi::Stop() {
  if (!m_) return;
  m_->stop_requested = true;
  // Serve() may have passed its check without the listen loop running yet.
  for (int i = 0; i < 2000 && m_->serving && !m_->server.is_running(); ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  // httplib's stop() asserts when called twice while the loop winds down.
  if (m_->server.is_running() && !m_->stop_sent.exchange(true)) m_->server.stop();
}

}  // namespace sardesk::api
