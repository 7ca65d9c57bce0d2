// The bundle and release routes (issue 6): build, list and download the
// disclosure bundle; release it encrypted and record its deliveries. See
// docs/bundle.md.
#pragma once

#include <functional>

#include "service/bundle_service.h"
#include "service/release_service.h"

namespace httplib {
class Server;
}

namespace sardesk::api {

// Adds the routes to `server`. The functions give the services per request
// (null until the server has them: the routes then answer 500). Register
// before the catch-all case action route (POST /api/cases/{ref}/{action}).
void RegisterBundleRoutes(httplib::Server& server, std::function<service::BundleService*()> bundles,
                          std::function<service::ReleaseService*()> releases);

}  // namespace sardesk::api
