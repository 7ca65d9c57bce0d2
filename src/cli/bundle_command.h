// `sardesk bundle ...` and `sardesk release ...`: building the disclosure
// bundle and releasing it encrypted (issue 6), over the same services as the
// API.
#pragma once

#include <CLI/CLI.hpp>

#include <functional>
#include <string>

#include "service/bundle_service.h"
#include "service/release_service.h"

namespace sardesk::cli {

// How the commands reach the services, opened on first use.
struct BundleCommandServices {
  std::function<service::BundleService&()> bundles;
  std::function<service::ReleaseService&()> releases;
};

// Adds the subcommands; when one is chosen, *run is set to the work. *actor
// and *json (read when the work runs) say who is acting and whether to
// print JSON. A user error sets exit_code to 1 with one line on stderr.
void AddBundleCommands(CLI::App& app, std::function<void()>& run, int& exit_code, BundleCommandServices services,
                       const std::string* actor, const bool* json);

}  // namespace sardesk::cli
