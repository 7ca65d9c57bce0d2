#include "cli/account_command.h"

#include <fstream>
#include <iostream>
#include <memory>

#include <nlohmann/json.hpp>

namespace sardesk::cli {

std::string ReadPasswordLine(std::istream& in) {
  std::string line;
  std::getline(in, line);
  if (!line.empty() && line.back() == '\r') line.pop_back();
  return line;
}

void AddAccountCommands(CLI::App& app, std::function<void()>& run, int& exit_code,
                        std::function<service::AccountService&()> accounts, const std::string* actor, const bool* json) {
  CLI::App* user = app.get_subcommand("user");
  struct Options {
    std::string username;
    std::string password_file;
  };
  auto o = std::make_shared<Options>();
  auto* password = user->add_subcommand(
      "password", "Set a user's password (read from stdin, or --password-file; never an argument)");
  password->add_option("username", o->username, "The user")->required();
  password->add_option("--password-file", o->password_file, "Read the password from the first line of this file")
      ->check(CLI::ExistingFile);
  password->callback([&run, &exit_code, accounts, actor, json, o] {
    run = [&exit_code, accounts, actor, json, o] {
      std::string secret;
      if (!o->password_file.empty()) {
        std::ifstream in(o->password_file);
        secret = ReadPasswordLine(in);
      } else {
        secret = ReadPasswordLine(std::cin);
      }
      std::string who = actor->empty() ? "cli" : *actor;
      Status st = accounts().SetPassword(o->username, secret, who);
      std::fill(secret.begin(), secret.end(), '\0');
      if (!st.ok()) {
        std::cerr << "sardesk: " << st.message() << "\n";
        exit_code = 1;
        return;
      }
      if (*json)
        std::cout << nlohmann::json{{"username", o->username}, {"password_set", true}}.dump() << "\n";
      else
        std::cout << "password set for " << o->username << "\n";
    };
  });
}

}  // namespace sardesk::cli
