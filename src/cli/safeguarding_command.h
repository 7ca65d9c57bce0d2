// `sardesk consent ...`, `sardesk staff-concern ...` and `sardesk
// safeguarding ...`: decisions about disclosing named people and the
// safeguarding meeting that release waits for (issue 5), over the same
// services as the API.
#pragma once

#include <CLI/CLI.hpp>

#include <functional>
#include <string>

#include "service/disclosure_decisions.h"
#include "service/safeguarding_service.h"

namespace sardesk::cli {

// How the commands reach the services, opened on first use.
struct SafeguardingCommandServices {
  std::function<service::DisclosureDecisionService&()> decisions;
  std::function<service::SafeguardingService&()> safeguarding;
};

// Adds the subcommands; when one is chosen, *run is set to the work. *actor
// and *json (read when the work runs) say who is acting and whether to
// print JSON. A user error sets exit_code to 1 with one line on stderr.
void AddSafeguardingCommands(CLI::App& app, std::function<void()>& run, int& exit_code,
                             SafeguardingCommandServices services, const std::string* actor, const bool* json);

}  // namespace sardesk::cli
