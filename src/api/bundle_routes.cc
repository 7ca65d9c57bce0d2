#include "api/bundle_routes.h"

#include <httplib.h>

#include <fstream>
#include <sstream>

#include "api/http_api.h"
#include "api/route_support.h"
#include "case/json_reader.h"

namespace sardesk::api {

namespace {

using nlohmann::json;

const std::string kOnCase = R"(/api/cases/([A-Za-z0-9-]{1,40}))";

Result<std::int64_t> Id(const std::string& text) {
  if (text.empty() || text.size() > 15) return Status::Invalid("not an id");
  std::int64_t n = 0;
  for (char c : text) {
    if (c < '0' || c > '9') return Status::Invalid("not an id");
    n = n * 10 + (c - '0');
  }
  return n;
}

// Sends a file the service has checked against its recorded hash.
void SendFile(httplib::Response& res, const std::string& path, const std::string& name, const char* type) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return SendError(res, Status::Internal("the file could not be read"));
  std::stringstream ss;
  ss << in.rdbuf();
  res.set_header("Content-Disposition", "attachment; filename=\"" + name + "\"");
  res.set_header("Cache-Control", "no-store");
  res.set_content(ss.str(), type);
}

}  // namespace

void RegisterBundleRoutes(httplib::Server& srv, std::function<service::BundleService*()> bundles,
                          std::function<service::ReleaseService*()> releases) {
  auto with_bundles = [bundles](httplib::Response& res) -> service::BundleService* {
    service::BundleService* s = bundles();
    if (!s) SendError(res, Status::Internal("bundles are not running on this server"));
    return s;
  };
  auto with_releases = [releases](httplib::Response& res) -> service::ReleaseService* {
    service::ReleaseService* s = releases();
    if (!s) SendError(res, Status::Internal("releases are not running on this server"));
    return s;
  };
  auto reply = [](httplib::Response& res, const Result<json>& r, int status = 200) {
    if (!r.ok()) return SendError(res, r.status());
    SendJson(res, status, *r);
  };

  srv.Get(kOnCase + "/bundle", [=](const httplib::Request& req, httplib::Response& res) {
    auto* s = with_bundles(res);
    if (!s) return;
    reply(res, s->List(req.matches[1]));
  });
  srv.Get(kOnCase + "/bundle/progress", [=](const httplib::Request& req, httplib::Response& res) {
    auto* s = with_bundles(res);
    if (!s) return;
    reply(res, s->Progress(req.matches[1]));
  });
  srv.Post(kOnCase + "/bundle", [=](const httplib::Request& req, httplib::Response& res) {
    auto* s = with_bundles(res);
    if (!s) return;
    auto actor = Actor(req);
    if (!actor.ok()) return SendError(res, actor.status());
    auto body = Body(req);
    if (!body.ok()) return SendError(res, body.status());
    reply(res, s->Build(req.matches[1], *body, *actor), 201);
  });
  srv.Get(kOnCase + R"(/bundle/(\d{1,15}|latest))", [=](const httplib::Request& req, httplib::Response& res) {
    auto* s = with_bundles(res);
    if (!s) return;
    std::int64_t id = 0;
    if (req.matches[2] != "latest") id = *Id(req.matches[2]);
    reply(res, s->Show(req.matches[1], id));
  });
  srv.Get(kOnCase + R"(/bundle/(\d{1,15}|latest)/volumes/(\d{1,4})\.pdf)",
          [=](const httplib::Request& req, httplib::Response& res) {
            auto* s = with_bundles(res);
            if (!s) return;
            std::int64_t id = req.matches[2] == "latest" ? 0 : *Id(req.matches[2]);
            auto files = s->Volumes(req.matches[1], id);
            if (!files.ok()) return SendError(res, files.status());
            std::int64_t v = *Id(req.matches[3]);
            if (v < 1 || static_cast<std::size_t>(v) > files->size())
              return SendError(res, Status::NotFound("no volume " + std::to_string(v) + " in that bundle"));
            const auto& f = (*files)[static_cast<std::size_t>(v - 1)];
            SendFile(res, f.path, f.file, "application/pdf");
          });

  srv.Get(kOnCase + "/releases", [=](const httplib::Request& req, httplib::Response& res) {
    auto* s = with_releases(res);
    if (!s) return;
    reply(res, s->List(req.matches[1]));
  });
  srv.Post(kOnCase + "/releases", [=](const httplib::Request& req, httplib::Response& res) {
    auto* s = with_releases(res);
    if (!s) return;
    auto actor = Actor(req);
    if (!actor.ok()) return SendError(res, actor.status());
    auto body = Body(req);
    if (!body.ok()) return SendError(res, body.status());
    res.set_header("Cache-Control", "no-store");  // the answer holds the password, once
    reply(res, s->Release(req.matches[1], *body, *actor), 201);
  });
  srv.Post(kOnCase + R"(/releases/(\d{1,15})/deliveries)", [=](const httplib::Request& req, httplib::Response& res) {
    auto* s = with_releases(res);
    if (!s) return;
    auto actor = Actor(req);
    if (!actor.ok()) return SendError(res, actor.status());
    auto body = Body(req);
    if (!body.ok()) return SendError(res, body.status());
    reply(res, s->Deliver(req.matches[1], *Id(req.matches[2]), *body, *actor), 201);
  });
  srv.Get(kOnCase + R"(/releases/(\d{1,15})/file)", [=](const httplib::Request& req, httplib::Response& res) {
    auto* s = with_releases(res);
    if (!s) return;
    auto actor = Actor(req);
    if (!actor.ok()) return SendError(res, actor.status());
    auto path = s->DownloadReleaseFile(req.matches[1], *Id(req.matches[2]), *actor);
    if (!path.ok()) return SendError(res, path.status());
    bool zip = path->size() > 4 && path->compare(path->size() - 4, 4, ".zip") == 0;
    std::string name = path->substr(path->find_last_of('/') + 1);
    SendFile(res, *path, name, zip ? "application/zip" : "application/pdf");
  });
}

}  // namespace sardesk::api
