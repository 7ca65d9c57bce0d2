// "Waiting on you" (issue 7): GET /api/my/work, the signed-in officer's work
// list across the register. See docs/web.md.
#pragma once

#include <functional>

#include "service/work_list_service.h"

namespace httplib {
class Server;
}

namespace sardesk::api {

// Adds the route to `server`. `work` gives the service per request (null
// until the server has it: the route then answers 500).
void RegisterWorkRoutes(httplib::Server& server, std::function<service::WorkListService*()> work);

}  // namespace sardesk::api
