// What the subcommand files (*_command.cc) share: a user error that ends a
// command with one line on stderr and exit code 1, unwrapping a Result into
// such an error, running a command's work, and printing JSON or text.
#pragma once

#include <CLI/CLI.hpp>

#include <functional>
#include <iostream>
#include <nlohmann/json.hpp>
#include <string>
#include <utility>

#include "common/result.h"

namespace sardesk::cli {

// A user error: one line on stderr, exit 1.
struct Failure {
  std::string message;
};

template <typename T>
T Must(Result<T> r) {
  if (!r.ok()) throw Failure{r.status().message()};
  return std::move(r).value();
}

// A function that makes a subcommand set *run to its work when chosen,
// reporting a Failure as a user error. `run` and `exit_code` outlive it.
inline auto CommandRunner(std::function<void()>& run, int& exit_code) {
  return [&run, &exit_code](CLI::App* cmd, std::function<void()> work) {
    cmd->callback([&run, &exit_code, work] {
      run = [&exit_code, work] {
        try {
          work();
        } catch (const Failure& f) {
          std::cerr << "sardesk: " << f.message << "\n";
          exit_code = 1;
        }
      };
    });
  };
}

// A function that prints JSON when --json was given, else calls `human`.
inline auto OutputPrinter(const bool* json_out) {
  return [json_out](const nlohmann::json& j, const std::function<void()>& human) {
    if (*json_out)
      std::cout << j.dump(2) << "\n";
    else
      human();
  };
}

}  // namespace sardesk::cli
