// `sardesk letter ...`: letters to the requester (issue 6) and the council's
// letter templates, over the same service as the API.
#pragma once

#include <CLI/CLI.hpp>

#include <functional>
#include <string>

#include "service/letter_service.h"

namespace sardesk::cli {

// Adds `letter` and its subcommands; when one is chosen, *run is set to the
// work. `letters` opens the service on first use. *actor and *json (read when
// the work runs) say who is acting and whether to print JSON. A user error
// sets exit_code to 1 with one line on stderr.
void AddLetterCommands(CLI::App& app, std::function<void()>& run, int& exit_code,
                       std::function<service::LetterService&()> letters, const std::string* actor, const bool* json);

}  // namespace sardesk::cli
