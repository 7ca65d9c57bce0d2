// `sardesk redact`: redacts one PDF outside any case, for batch use.
#pragma once

#include <CLI/CLI.hpp>

#include <functional>

namespace sardesk::cli {

// Adds the subcommand; when chosen, *run is set to the work. *json says
// whether to print the report as JSON. A user error or a failed
// verification sets *exit_code to 1 with a one-line message on stderr.
void AddRedactCommand(CLI::App& app, std::function<void()>& run, int& exit_code, const bool* json);

}  // namespace sardesk::cli
