// The register and report routes (issue 7): GET /api/register,
// /api/register.csv and /api/reports. See docs/web.md.
#pragma once

#include <functional>

#include "service/register_service.h"

namespace httplib {
class Server;
}

namespace sardesk::api {

// Adds the routes to `server`. `registers` gives the service per request
// (null until the server has it: the routes then answer 500).
void RegisterRegisterRoutes(
    httplib::Server &server,
    std::function<service::RegisterService *()> registers);

} // namespace sardesk::api
