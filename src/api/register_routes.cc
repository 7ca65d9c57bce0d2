#include "api/register_routes.h"

#include <httplib.h>

#include <map>
#include <string>

#include "api/route_support.h"

namespace sardesk::api {

void RegisterRegisterRoutes(
    httplib::Server &srv,
    std::function<service::RegisterService *()> registers) {
  auto with =
      [registers](httplib::Response &res) -> service::RegisterService * {
    service::RegisterService *s = registers();
    if (!s)
      SendError(res,
                Status::Internal("the register is not running on this server"));
    return s;
  };
  auto filter = [](const httplib::Request &req) {
    return service::RegisterFilterFromQuery(
        std::multimap<std::string, std::string>(req.params.begin(),
                                                req.params.end()));
  };
  srv.Get("/api/register",
          [=](const httplib::Request &req, httplib::Response &res) {
            auto *s = with(res);
            if (!s)
              return;
            auto f = filter(req);
            if (!f.ok())
              return SendError(res, f.status());
            auto r = s->List(*f);
            if (!r.ok())
              return SendError(res, r.status());
            SendJson(res, 200, *r);
          });
  srv.Get("/api/register.csv",
          [=](const httplib::Request &req, httplib::Response &res) {
            auto *s = with(res);
            if (!s)
              return;
            auto f = filter(req);
            if (!f.ok())
              return SendError(res, f.status());
            auto actor = Actor(req);
            if (!actor.ok())
              return SendError(res, actor.status());
            auto r = s->Csv(*f, *actor);
            if (!r.ok())
              return SendError(res, r.status());
            res.set_header("Content-Disposition",
                           "attachment; filename=\"sardesk-register.csv\"");
            res.set_header("Cache-Control", "no-store");
            res.set_content(*r, "text/csv; charset=utf-8");
          });
  srv.Get("/api/reports", [=](const httplib::Request &req,
                              httplib::Response &res) {
    auto *s = with(res);
    if (!s)
      return;
    auto r = s->Report(req.get_param_value("from"), req.get_param_value("to"));
    if (!r.ok())
      return SendError(res, r.status());
    SendJson(res, 200, *r);
  });
}

} // namespace sardesk::api
