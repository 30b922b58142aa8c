#include "http/errors.h"

#include <string>

namespace paraplan::http {

int StatusOf(const Error& error) {
  switch (error.code) {
    case ErrorCode::kInvalidArgument:
      return error.fields.empty() ? 400 : 422;
    case ErrorCode::kNotFound:
      return 404;
    case ErrorCode::kAlreadyExists:
      return 409;
    // The store's version check failed: the client's If-Match (its ETag)
    // names a version that is no longer current.
    case ErrorCode::kConflict:
      return 412;
    // The system is not in a state that allows this (a record still referred
    // to, a session already ended): the same request may succeed later.
    case ErrorCode::kFailedPrecondition:
      return 409;
    case ErrorCode::kPermissionDenied:
      return 403;
    case ErrorCode::kUnauthenticated:
      return 401;
    case ErrorCode::kResourceExhausted:
      return 429;
    case ErrorCode::kUnavailable:
      return 503;
    case ErrorCode::kInternal:
      return 500;
  }
  return 500;
}

Response ErrorResponse(const Error& error, std::string_view request_id) {
  return ErrorResponse(StatusOf(error), error, request_id);
}

Response ErrorResponse(int status, const Error& error, std::string_view request_id) {
  nlohmann::json fields = nlohmann::json::array();
  for (const FieldProblem& problem : error.fields) {
    fields.push_back({{"field", problem.field}, {"reason", problem.reason}});
  }
  // An internal error's message may describe the database or a bug; the
  // client gets a generic message and the request id to quote, the log
  // keeps the detail.
  std::string message = error.code == ErrorCode::kInternal
                            ? "the server failed to handle the request"
                            : error.message;
  nlohmann::json body = {{"error",
                          {{"code", std::string(ToString(error.code))},
                           {"message", std::move(message)},
                           {"fields", std::move(fields)},
                           {"request_id", std::string(request_id)}}}};
  Response response = Response::Json(status, body);
  if (status == 401) response.headers.Set("WWW-Authenticate", "Bearer realm=\"paraplan\"");
  return response;
}

}  // namespace paraplan::http
