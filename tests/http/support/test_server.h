// The real API on a loopback ephemeral port over a fresh roster database,
// with a clock the test moves. Tests speak HTTP to it with HttpClient.
#pragma once

#include <chrono>
#include <memory>
#include <string>

#include "http/api.h"
#include "http/clock.h"
#include "http/server.h"
#include "support/http_client.h"
#include "support/roster_fixture.h"

namespace paraplan::testing {

// The credentials a signed-in test client sends.
struct SignedInClient {
  std::string cookie;  // "name=value" for the Cookie header
  std::string csrf_token;
  int status = 0;
  nlohmann::json body;

  std::vector<std::pair<std::string, std::string>> Headers(bool with_csrf = true) const;
};

class TestServer {
 public:
  // Extra routes (for probes a test needs) are added before the server starts.
  explicit TestServer(http::SessionOptions sessions = {},
                      std::function<void(http::Router&)> extra_routes = {});
  ~TestServer();

  std::uint16_t port() const { return server_->port(); }
  RosterDatabase& db() { return db_; }
  const Roster& roster() const { return db_.roster(); }
  http::ManualClock& clock() { return clock_; }
  http::Api& api() { return *api_; }
  http::Server& server() { return *server_; }

  // Adds an account for a staff member or guardian with this password.
  Id AddAccount(AccountKind kind, Id person_id, const std::string& email,
                const std::string& password);

  SignedInClient SignIn(HttpClient& client, const std::string& email, const std::string& password);

 private:
  RosterDatabase db_;
  http::ManualClock clock_;
  std::unique_ptr<http::Api> api_;
  std::unique_ptr<http::Server> server_;
};

// A password that passes the policy.
inline constexpr const char* kGoodPassword = "lantern-orchard-velvet-42";

}  // namespace paraplan::testing
