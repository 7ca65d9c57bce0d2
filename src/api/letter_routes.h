// The letter routes (issue 6): templates and letterhead, and the letters of
// a case (preview, send, list, show, the PDF as sent). See docs/letters.md.
#pragma once

#include <functional>

#include "service/letter_service.h"

namespace httplib {
class Server;
}

namespace sardesk::api {

// Adds the routes to `server`. `letters` gives the service per request (null
// until the server has one: the routes then answer 500). Register before
// the catch-all case action route (POST /api/cases/{ref}/{action}), which
// would otherwise take POST /api/cases/{ref}/letters.
void RegisterLetterRoutes(httplib::Server& server, std::function<service::LetterService*()> letters);

}  // namespace sardesk::api
