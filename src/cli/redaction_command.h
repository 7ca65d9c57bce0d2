// `sardesk redaction ...` and `sardesk qa ...`: redacting a case and the
// second officer's check (issue 5), over the same services as the API.
#pragma once

#include <CLI/CLI.hpp>

#include <functional>
#include <string>

#include "service/qa_service.h"
#include "service/redaction_service.h"

namespace sardesk::cli {

// How the commands reach the services, opened on first use.
struct RedactionCommandServices {
  std::function<service::RedactionService&()> redactions;
  std::function<service::QaService&()> qa;
  std::function<std::string()> organisation;  // the council's name, for the schedule PDF
};

// Adds the subcommands; when one is chosen, *run is set to the work. *actor
// and *json (read when the work runs) say who is acting and whether to
// print JSON. A user error sets exit_code to 1 with one line on stderr.
void AddRedactionCommands(CLI::App& app, std::function<void()>& run, int& exit_code,
                          RedactionCommandServices services, const std::string* actor, const bool* json);

}  // namespace sardesk::cli
