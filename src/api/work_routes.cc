#include "api/work_routes.h"

#include <httplib.h>

#include "api/route_support.h"

namespace sardesk::api {

namespace {
// Set by the sign-in gate (session_routes.cc), which removes whatever a client
// sent.
constexpr char kRoleHeader[] = "X-Sardesk-Role";
}  // namespace

void RegisterWorkRoutes(httplib::Server& srv, std::function<service::WorkListService*()> work) {
  srv.Get("/api/my/work", [work](const httplib::Request& req, httplib::Response& res) {
    service::WorkListService* s = work();
    if (!s) return SendError(res, Status::Internal("the work list is not running on this server"));
    auto actor = Actor(req);
    if (!actor.ok()) return SendError(res, actor.status());
    std::int64_t limit = 200;
    if (req.has_param("limit")) {
      const std::string text = req.get_param_value("limit");
      if (text.empty() || text.size() > 5 || text.find_first_not_of("0123456789") != std::string::npos)
        return SendError(res, Status::Invalid("limit: a whole number from 1 to 5000"));
      limit = std::stoll(text);
    }
    auto items = s->For({*actor, req.get_header_value(kRoleHeader)}, limit);
    if (!items.ok()) return SendError(res, items.status());
    res.set_header("Cache-Control", "no-store");
    SendJson(res, 200, *items);
  });
}

}  // namespace sardesk::api
