// `sardesk user password USER`: sets a staff password (issue 8). The
// command line is a local administration tool for whoever can reach the
// data folder (docs/accounts.md), so it needs no sign-in; the password is
// read from stdin or a file, never from the arguments, where other users of
// the machine could see it.
#pragma once

#include <CLI/CLI.hpp>

#include <functional>
#include <string>

#include "service/account_service.h"

namespace sardesk::cli {

// Adds `password` under the existing `user` subcommand of `app`. When
// chosen, *run is set to the work; a user error sets exit_code to 1 with one
// line on stderr. *actor and *json are read when the work runs.
void AddAccountCommands(CLI::App& app, std::function<void()>& run, int& exit_code,
                        std::function<service::AccountService&()> accounts, const std::string* actor, const bool* json);

// The first line of `in`, without its line ending.
std::string ReadPasswordLine(std::istream& in);

}  // namespace sardesk::cli
