#include "http/app.h"

#include <fmt/format.h>
#include <sodium.h>
#include <spdlog/spdlog.h>

#include <chrono>
#include <exception>

#include "http/errors.h"

namespace paraplan::http {
namespace {

// No third-party source anywhere: the UI is served from this origin only.
constexpr std::string_view kContentSecurityPolicy =
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; font-src 'self'; manifest-src 'self'; worker-src 'self'; "
    "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

bool IsApiPath(std::string_view path) { return path == "/api" || path.starts_with("/api/"); }

std::string RandomHex(std::size_t bytes) {
  std::string raw(bytes, '\0');
  randombytes_buf(raw.data(), raw.size());
  std::string hex(bytes * 2 + 1, '\0');
  sodium_bin2hex(hex.data(), hex.size(), reinterpret_cast<const unsigned char*>(raw.data()),
                 raw.size());
  hex.pop_back();
  return hex;
}

}  // namespace

App::App(Services& services, const Router& router, Authenticator& authenticator,
         std::shared_ptr<spdlog::logger> access_log, AppOptions options)
    : services_(services),
      router_(router),
      authenticator_(authenticator),
      access_log_(std::move(access_log)),
      options_(std::move(options)),
      request_id_prefix_(RandomHex(4)) {
  if (options_.web_root) static_files_.emplace(*options_.web_root);
}

std::string App::NextRequestId() {
  // A random per-process prefix and a counter: unique across restarts
  // without a random draw per request.
  return fmt::format("{}-{:08x}", request_id_prefix_, ++request_counter_);
}

Response App::Handle(Request request) {
  const auto started = std::chrono::steady_clock::now();
  request.request_id = NextRequestId();
  Response response;
  if (request.body.size() > options_.max_body_bytes) {
    response = ErrorResponse(413,
                             Error::ResourceExhausted(fmt::format(
                                 "the body is larger than {} bytes", options_.max_body_bytes)),
                             request.request_id);
    request.route = "(too large)";
  } else {
    Result<Response> result = [&]() -> Result<Response> {
      try {
        return Dispatch(request);
      } catch (const std::exception& exception) {
        // A library threw past a handler: a bug, never the client's fault.
        spdlog::error("request {} failed: {}", request.request_id, exception.what());
        return Fail(Error::Internal(exception.what()));
      } catch (...) {
        spdlog::error("request {} failed with an unknown exception", request.request_id);
        return Fail(Error::Internal("unknown exception"));
      }
    }();
    if (result) {
      response = std::move(*result);
    } else {
      if (result.error().code == ErrorCode::kInternal) {
        spdlog::error("request {} on {}: {}", request.request_id, request.route,
                      result.error().message);
      }
      response = ErrorResponse(result.error(), request.request_id);
    }
  }
  if (response.status == 405 && response.headers.Get("Allow") == std::nullopt) {
    Match match = router_.Find(request.method, request.path);
    std::string allow;
    for (Method method : match.allowed) {
      if (!allow.empty()) allow += ", ";
      allow += NameOf(method);
    }
    response.headers.Set("Allow", allow);
  }
  Finish(request, response, started);
  return response;
}

Response App::Reject(Method method, const Error& error) {
  const auto started = std::chrono::steady_clock::now();
  Request request;
  request.method = method;
  request.path = "/api";  // no cache may keep even a refusal
  request.route = "(unreadable)";
  request.request_id = NextRequestId();
  Response response = ErrorResponse(error, request.request_id);
  Finish(request, response, started);
  return response;
}

bool App::RunsLong(const Request& request) const {
  if (!IsApiPath(request.path)) return false;
  const Match match = router_.Find(request.method, request.path);
  return match.route != nullptr && match.route->work == Work::kLong;
}

Response App::Busy(const Request& original) {
  const auto started = std::chrono::steady_clock::now();
  Request request;
  request.method = original.method;
  request.path = original.path;
  const Match match = router_.Find(original.method, original.path);
  request.route = match.route != nullptr ? match.route->pattern : "(busy)";
  request.request_id = NextRequestId();
  Response response = ErrorResponse(
      Error::Unavailable("the server is busy with other long requests (schedule runs); retry in a "
                         "few seconds"),
      request.request_id);
  response.headers.Set("Retry-After", "5");
  Finish(request, response, started);
  return response;
}

void App::Finish(const Request& request, Response& response,
                 std::chrono::steady_clock::time_point started) {
  AddSecurityHeaders(request, response);
  if (request.method == Method::kHead) response.body.clear();
  if (access_log_) {
    const double milliseconds =
        std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started)
            .count();
    // The route pattern, never the path: paths carry record ids, and the
    // log must hold no personal data.
    access_log_->info(
        R"({{"method":"{}","route":"{}","status":{},"duration_ms":{:.3f},"request_id":"{}"}})",
        NameOf(request.method), request.route, response.status, milliseconds, request.request_id);
  }
}

Result<Response> App::Dispatch(Request& request) {
  if (!IsApiPath(request.path)) {
    request.route = "(static)";
    if ((request.method == Method::kGet || request.method == Method::kHead) && static_files_) {
      if (std::optional<Response> file = static_files_->Serve(request.path)) return *file;
    }
    return Fail(Error::NotFound("no such page"));
  }
  Match match = router_.Find(request.method, request.path);
  if (!match.route) {
    request.route = "(unmatched)";
    if (!match.allowed.empty()) {
      return ErrorResponse(405,
                           Error::FailedPrecondition(fmt::format(
                               "{} is not allowed on this resource", NameOf(request.method))),
                           request.request_id);
    }
    return Fail(Error::NotFound("no such resource"));
  }
  const Route& route = *match.route;
  request.route = route.pattern;
  request.path_params = std::move(match.path_params);

  Context context{services_, std::nullopt};
  Result<std::optional<Principal>> principal = authenticator_.Authenticate(request);
  if (principal) {
    context.principal = std::move(*principal);
  } else if (route.access == Access::kSignedIn) {
    return Fail(principal.error());
  }
  // Public routes ignore stale credentials: a signed-out browser still
  // sends its old cookie to the sign-in route.
  if (route.access == Access::kSignedIn) {
    if (!context.principal) return Fail(Error::Unauthenticated("sign in first"));
    if (!IsSafe(request.method)) {
      const Principal& who = *context.principal;
      if (who.method == AuthMethod::kSession) {
        std::optional<std::string_view> token = request.headers.Get("X-CSRF-Token");
        if (!token || !authenticator_.CsrfTokenMatches(who, *token)) {
          return Fail(Error::PermissionDenied(
              "this change needs the session's X-CSRF-Token header (from GET /api/v1/session)"));
        }
      } else if (who.scope == Scope::kRead) {
        return Fail(Error::PermissionDenied("this API token may only read"));
      }
    }
  }
  return route.handler(request, context);
}

void App::AddSecurityHeaders(const Request& request, Response& response) const {
  Headers& headers = response.headers;
  headers.Set("Content-Security-Policy", std::string(kContentSecurityPolicy));
  headers.Set("X-Content-Type-Options", "nosniff");
  headers.Set("X-Frame-Options", "DENY");
  headers.Set("Referrer-Policy", "no-referrer");
  headers.Set("Cross-Origin-Opener-Policy", "same-origin");
  headers.Set("Cross-Origin-Resource-Policy", "same-origin");
  headers.Set("Permissions-Policy", "camera=(), microphone=(), geolocation=()");
  headers.Set("X-Request-Id", request.request_id);
  // API answers carry student data: no cache, shared or private, may keep them.
  if (IsApiPath(request.path) || !headers.Get("Cache-Control")) {
    headers.Set("Cache-Control", "no-store");
  }
}

}  // namespace paraplan::http
