// paraplan's own view of an HTTP exchange. Handlers see only these types,
// never RESTinio's, so the transport can change without touching them and
// tests can call handlers without a socket.
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "domain/enums.h"
#include "domain/error.h"
#include "domain/model.h"

namespace paraplan::http {

enum class Method { kGet, kHead, kPost, kPut, kPatch, kDelete, kOptions, kOther };

Method ParseMethod(std::string_view name);
// GET, HEAD and OPTIONS change nothing; everything else is a write and, when
// authenticated by cookie, needs the CSRF token.
bool IsSafe(Method method);

// Header names compare case-insensitively (RFC 9110 section 5.1).
class Headers {
 public:
  // The first value of `name`, or nullopt.
  std::optional<std::string_view> Get(std::string_view name) const;
  // Replaces every value of `name` with `value`.
  void Set(std::string_view name, std::string value);
  // Adds a value, keeping earlier ones (Set-Cookie may repeat).
  void Add(std::string_view name, std::string value);
  const std::vector<std::pair<std::string, std::string>>& entries() const { return entries_; }

 private:
  std::vector<std::pair<std::string, std::string>> entries_;
};

struct Request {
  Method method = Method::kGet;
  std::string path;  // decoded path without the query, e.g. /api/v1/students/7
  // Filled by the router: the pattern that matched (/api/v1/students/{id}),
  // which the access log records instead of the path (paths carry ids).
  std::string route;
  std::vector<std::pair<std::string, std::string>> path_params;
  std::vector<std::pair<std::string, std::string>> query;  // decoded, in order
  Headers headers;
  std::string body;
  std::string client_address;  // the peer's IP address, without port
  std::string request_id;      // also returned in the X-Request-Id header

  // A path parameter by name, or nullopt.
  std::optional<std::string_view> PathParam(std::string_view name) const;
  // A path parameter that must be a positive record id. A malformed id is
  // kNotFound, not kInvalidArgument: "/students/abc" names no student, and
  // the answer must not differ from an id the caller may not see.
  Result<Id> PathId(std::string_view name) const;
  // The first value of query parameter `name`, or nullopt.
  std::optional<std::string_view> Query(std::string_view name) const;
  // A cookie by name from the Cookie header, or nullopt.
  std::optional<std::string_view> Cookie(std::string_view name) const;
};

struct Response {
  int status = 200;
  Headers headers;
  std::string body;

  // A JSON body with Content-Type application/json.
  static Response Json(int status, const nlohmann::json& body);
  static Response NoContent();
  // A body of the given content type (static files, plain text).
  static Response Bytes(int status, std::string content_type, std::string body);
};

}  // namespace paraplan::http

namespace paraplan {
// Stable names, so NameOf(method) reads as for every other enum.
template <>
struct EnumNames<http::Method> {
  static constexpr auto kNames = std::to_array<std::pair<http::Method, std::string_view>>({
      {http::Method::kGet, "GET"},
      {http::Method::kHead, "HEAD"},
      {http::Method::kPost, "POST"},
      {http::Method::kPut, "PUT"},
      {http::Method::kPatch, "PATCH"},
      {http::Method::kDelete, "DELETE"},
      {http::Method::kOptions, "OPTIONS"},
      {http::Method::kOther, "OTHER"},
  });
};
}  // namespace paraplan
