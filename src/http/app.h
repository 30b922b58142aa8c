// The application as the transport sees it: one function from Request to
// Response. It gives the request an id, resolves who is asking, refuses what
// the route's access rules refuse, runs the handler, turns errors into the
// standard error body, serves the browser UI, adds the security headers to
// every response and writes one access-log line per request. The server
// (http/server.h) only moves bytes; tests and the fuzzer call Handle directly.
#pragma once

#include <spdlog/logger.h>

#include <atomic>
#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "domain/error.h"
#include "http/context.h"
#include "http/message.h"
#include "http/router.h"
#include "http/static_files.h"

namespace paraplan::http {

// Resolves the caller from the request's credentials (session cookie or
// Bearer token); implemented by the sign-in layer (http/auth/sessions.h).
class Authenticator {
 public:
  virtual ~Authenticator() = default;
  // nullopt when the request carries no credentials; kUnauthenticated when
  // it carries credentials that are unknown, expired or revoked.
  virtual Result<std::optional<Principal>> Authenticate(const Request& request) = 0;
  // Whether `token` is the CSRF token of the session that authenticated
  // `principal` (compared in constant time).
  virtual bool CsrfTokenMatches(const Principal& principal, std::string_view token) = 0;
};

struct AppOptions {
  // Bodies longer than this are refused with 413 before any handler runs.
  std::size_t max_body_bytes = 1024 * 1024;
  // The built browser UI, served for paths outside /api; nullopt serves none.
  std::optional<std::string> web_root;
};

class App {
 public:
  // `services`, `router`, `authenticator` and `access_log` must outlive the app.
  App(Services& services, const Router& router, Authenticator& authenticator,
      std::shared_ptr<spdlog::logger> access_log, AppOptions options = {});

  // Never throws; every failure becomes an error response.
  Response Handle(Request request);

  // Whether the request's route is Work::kLong, for the transport to run it
  // on its long-work threads.
  bool RunsLong(const Request& request) const;

  // The answer for a request the transport could not turn into a Request
  // (a broken URL): the error body with a request id, the security headers
  // and an access-log line, like every other answer.
  Response Reject(Method method, const Error& error);

  // The answer for a long request the transport has no room for: 503 with
  // Retry-After, logged under the request's route like every other answer.
  Response Busy(const Request& request);

  const AppOptions& options() const { return options_; }

 private:
  Result<Response> Dispatch(Request& request);
  void Finish(const Request& request, Response& response,
              std::chrono::steady_clock::time_point started);
  void AddSecurityHeaders(const Request& request, Response& response) const;
  std::string NextRequestId();

  Services& services_;
  const Router& router_;
  Authenticator& authenticator_;
  std::shared_ptr<spdlog::logger> access_log_;
  AppOptions options_;
  std::optional<StaticFiles> static_files_;
  std::string request_id_prefix_;
  std::atomic<std::uint64_t> request_counter_{0};
};

}  // namespace paraplan::http
