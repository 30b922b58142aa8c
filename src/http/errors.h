// The one table that maps paraplan's error codes to HTTP statuses, and the
// one error body every refusal carries:
//
//   {"error": {"code": "invalid_argument", "message": "...",
//              "fields": [{"field": "end_date", "reason": "is before start_date"}],
//              "request_id": "..."}}
//
// kInvalidArgument is split by whether the error names fields: without
// fields the request itself could not be read (the body is not JSON, a
// header is malformed) and the answer is 400; with fields the request was
// read but its content breaks a rule (wrong type, unknown field, a date out
// of range) and the answer is 422. Every other code has one status.
#pragma once

#include <string_view>

#include "domain/error.h"
#include "http/message.h"

namespace paraplan::http {

// The status for an error, by the table above.
int StatusOf(const Error& error);

// The JSON error response for an error, with the table's status.
Response ErrorResponse(const Error& error, std::string_view request_id);

// The JSON error response with an explicit status, for the few refusals the
// transport makes before any handler runs (413 body too large, 405).
Response ErrorResponse(int status, const Error& error, std::string_view request_id);

}  // namespace paraplan::http
