#include "domain/error.h"

namespace paraplan {

std::string_view ToString(ErrorCode code) {
  switch (code) {
    case ErrorCode::kInvalidArgument: return "invalid_argument";
    case ErrorCode::kNotFound: return "not_found";
    case ErrorCode::kAlreadyExists: return "already_exists";
    case ErrorCode::kConflict: return "conflict";
    case ErrorCode::kFailedPrecondition: return "failed_precondition";
    case ErrorCode::kPermissionDenied: return "permission_denied";
    case ErrorCode::kUnauthenticated: return "unauthenticated";
    case ErrorCode::kResourceExhausted: return "resource_exhausted";
    case ErrorCode::kUnavailable: return "unavailable";
    case ErrorCode::kInternal: return "internal";
  }
  return "internal";
}

Error Error::Invalid(std::string message, std::vector<FieldProblem> fields) {
  return {ErrorCode::kInvalidArgument, std::move(message), std::move(fields)};
}
Error Error::NotFound(std::string message) { return {ErrorCode::kNotFound, std::move(message), {}}; }
Error Error::AlreadyExists(std::string message) {
  return {ErrorCode::kAlreadyExists, std::move(message), {}};
}
Error Error::Conflict(std::string message) { return {ErrorCode::kConflict, std::move(message), {}}; }
Error Error::FailedPrecondition(std::string message) {
  return {ErrorCode::kFailedPrecondition, std::move(message), {}};
}
Error Error::PermissionDenied(std::string message) {
  return {ErrorCode::kPermissionDenied, std::move(message), {}};
}
Error Error::Unauthenticated(std::string message) {
  return {ErrorCode::kUnauthenticated, std::move(message), {}};
}
Error Error::ResourceExhausted(std::string message) {
  return {ErrorCode::kResourceExhausted, std::move(message), {}};
}
Error Error::Unavailable(std::string message) {
  return {ErrorCode::kUnavailable, std::move(message), {}};
}
Error Error::Internal(std::string message) { return {ErrorCode::kInternal, std::move(message), {}}; }

}  // namespace paraplan
