// Expected failures as values: every fallible operation in paraplan returns
// Result<T>, and callers propagate with PARAPLAN_TRY.
#pragma once

#include <expected>
#include <string>
#include <utility>
#include <vector>

namespace paraplan {

// A small, fixed set of codes, chosen the way abseil's status codes are: by
// what the caller can do about the failure. The HTTP layer maps each code to
// one status in a single table.
enum class ErrorCode {
  kInvalidArgument,     // The input is malformed or breaks a rule; fix the input.
  kNotFound,            // The record does not exist, or the caller may not know it does.
  kAlreadyExists,       // A record with the same identity exists.
  kConflict,            // The record changed since it was read (lost-update guard).
  kFailedPrecondition,  // The system is not in a state where this is allowed.
  kPermissionDenied,    // The caller is known but may not do this.
  kUnauthenticated,     // The caller is not signed in.
  kResourceExhausted,   // Too many attempts or too large a request.
  kUnavailable,         // A transient failure (busy database); retrying may succeed.
  kInternal,            // A bug or a broken invariant; never caused by user input.
};

std::string_view ToString(ErrorCode code);

// One problem with one field of an input record, e.g. {"end_date", "is before start_date"}.
struct FieldProblem {
  std::string field;
  std::string reason;

  bool operator==(const FieldProblem&) const = default;
};

struct Error {
  ErrorCode code = ErrorCode::kInternal;
  std::string message;
  std::vector<FieldProblem> fields;

  static Error Invalid(std::string message, std::vector<FieldProblem> fields = {});
  static Error NotFound(std::string message);
  static Error AlreadyExists(std::string message);
  static Error Conflict(std::string message);
  static Error FailedPrecondition(std::string message);
  static Error PermissionDenied(std::string message);
  static Error Unauthenticated(std::string message);
  static Error ResourceExhausted(std::string message);
  static Error Unavailable(std::string message);
  static Error Internal(std::string message);
};

template <typename T>
using Result = std::expected<T, Error>;

// Returns an unexpected Error from the enclosing function; for `return Fail(...)`.
inline std::unexpected<Error> Fail(Error error) { return std::unexpected<Error>(std::move(error)); }

}  // namespace paraplan

// Evaluates a Result expression; on error returns it from the enclosing
// function, otherwise yields the value (like Ladybird's TRY). Uses a GCC
// statement expression, which both GCC and Clang support; __extension__ keeps
// -Wpedantic quiet about it.
#define PARAPLAN_TRY(expression)                                      \
  __extension__({                                                     \
    auto&& paraplan_try_result_ = (expression);                       \
    if (!paraplan_try_result_.has_value()) {                          \
      return std::unexpected(std::move(paraplan_try_result_.error())); \
    }                                                                 \
    std::move(paraplan_try_result_).value();                          \
  })
