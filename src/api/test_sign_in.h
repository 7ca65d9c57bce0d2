// For API tests (issue 8): signs staff in over HTTP the way a browser does
// and gives each an httplib client that sends their session cookie and
// CSRF token with every request. Test-only; header-only.
#pragma once

#include <httplib.h>

#include <map>
#include <memory>
#include <string>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "api/session_routes.h"
#include "service/account_service.h"

namespace sardesk::api::testing {

inline constexpr char kTestPassword[] = "test passphrase";

// Gives `username` the test password and signs them in with `client`;
// from then on the client sends their cookie and CSRF token.
inline void SignInClient(httplib::Client& client, service::AccountService& accounts, const std::string& username) {
  Status set = accounts.SetPassword(username, kTestPassword, "test");
  ASSERT_TRUE(set.ok()) << set.ToString();
  nlohmann::json body = {{"username", username}, {"password", kTestPassword}};
  auto res = client.Post("/api/session", body.dump(), "application/json");
  ASSERT_TRUE(res) << httplib::to_string(res.error());
  ASSERT_EQ(res->status, 200) << res->body;
  std::string token = SessionCookieValue(res->get_header_value("Set-Cookie"));
  auto csrf = nlohmann::json::parse(res->body)["csrf_token"].get<std::string>();
  client.set_default_headers({{"Cookie", std::string(kSessionCookie) + "=" + token}, {kCsrfHeader, csrf}});
}

// One signed-in client per user, made on first use.
class SignedInClients {
 public:
  // accounts outlives this; the server listens on 127.0.0.1:port.
  SignedInClients(int port, service::AccountService* accounts) : port_(port), accounts_(accounts) {}

  httplib::Client& For(const std::string& username) {
    auto& c = clients_[username];
    if (!c) {
      c = std::make_unique<httplib::Client>("127.0.0.1", port_);
      c->set_connection_timeout(5, 0);
      c->set_read_timeout(10, 0);
      c->set_write_timeout(10, 0);
      SignInClient(*c, *accounts_, username);
    }
    return *c;
  }

 private:
  int port_;
  service::AccountService* accounts_;
  std::map<std::string, std::unique_ptr<httplib::Client>> clients_;
};

}  // namespace sardesk::api::testing
