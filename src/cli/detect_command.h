// `sardesk detect`: proposes redactions for case records read as JSON lines.
#pragma once

#include <CLI/CLI.hpp>

#include <functional>
#include <string>

#include <nlohmann/json.hpp>

#include "detect/detector.h"

namespace sardesk::cli {

// Adds the subcommand; when chosen, *run is set to the work. Errors are
// reported on stderr and make the work set *exit_code to 1.
void AddDetectCommand(CLI::App& app, std::function<void()>& run, int& exit_code);

// The case context of shared/corpus/README.md: {"subject": {name, aliases,
// dob, address}, "staff": [{name, role}]}. Missing fields are empty.
detect::CaseContext ContextFromJson(const nlohmann::json& j);

}  // namespace sardesk::cli
