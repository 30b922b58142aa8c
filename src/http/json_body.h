// Reading a request's JSON body: a body that is not JSON is 400 (the request
// could not be read), a JSON body whose fields break a rule is 422 with every
// problem named by field (see http/errors.h).
#pragma once

#include <initializer_list>
#include <nlohmann/json.hpp>
#include <string_view>
#include <utility>

#include "domain/error.h"
#include "domain/json_reader.h"
#include "http/message.h"

namespace paraplan::http {

// Nesting deeper than this is refused before parsing; no record of ours is
// more than a few levels deep, and deep nesting only costs stack.
inline constexpr int kMaxJsonDepth = 32;

// Parses the body as JSON. Refuses an empty body, a body that is not JSON,
// nesting deeper than kMaxJsonDepth and a Content-Type other than
// application/json, each as kInvalidArgument without fields (400).
Result<nlohmann::json> ParseJsonBody(const Request& request);

// Parses the body as a JSON object and reads it with `read`, which receives a
// json_reader::Reader for the object (call RefuseUnknown on it to refuse
// unknown fields). Problems the reader collects come back as one
// kInvalidArgument naming every field (422).
template <typename ReadFields>
Result<void> ReadJsonObject(const Request& request, ReadFields&& read) {
  nlohmann::json body = PARAPLAN_TRY(ParseJsonBody(request));
  std::vector<FieldProblem> problems;
  if (!body.is_object()) {
    return Fail(
        Error::Invalid("the body must be a JSON object", {{"body", "must be a JSON object"}}));
  }
  json_reader::Reader reader(body, problems);
  std::forward<ReadFields>(read)(reader, body);
  if (!problems.empty())
    return Fail(Error::Invalid("the body has invalid fields", std::move(problems)));
  return {};
}

}  // namespace paraplan::http
