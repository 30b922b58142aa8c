// Small pieces every resource handler shares: the ETag of a record version,
// the If-Match guard against lost updates, keyset paging and query filters,
// and reading a record from a JSON body with every problem named by field.
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>

#include "domain/error.h"
#include "domain/model.h"
#include "http/json_body.h"
#include "http/message.h"
#include "http/resources/roster_json.h"
#include "store/store.h"

namespace paraplan::http {

inline constexpr int kDefaultPageLimit = 100;
inline constexpr int kMaxPageLimit = 500;

// The strong ETag of a record version: "\"<version>\"".
std::string ETagOf(std::int64_t version);

// A JSON response carrying the record's version as its ETag, with
// Cache-Control no-store (student data must not sit in caches).
Response RecordResponse(int status, const nlohmann::json& body, std::int64_t version);

// The version the client last saw, from If-Match. A missing header is
// kConflict (412): every update and delete must say which version it
// replaces, or it could silently overwrite someone else's change. A header
// that is not one of our ETags is kConflict too (it cannot match).
Result<std::int64_t> RequireIfMatch(const Request& request);

// ?after=&limit= for keyset paging; bad values are 422 naming the parameter.
Result<Page> PageOf(const Request& request);

// An optional positive id from the query string; 422 naming it when malformed.
Result<std::optional<Id>> QueryId(const Request& request, std::string_view name);

// An optional enum value from the query string; 422 listing the names.
template <typename E>
Result<std::optional<E>> QueryEnum(const Request& request, std::string_view name) {
  std::optional<std::string_view> text = request.Query(name);
  if (!text) return std::optional<E>();
  std::optional<E> value = ParseEnum<E>(*text);
  if (!value) {
    std::string names;
    for (const auto& [candidate, candidate_name] : EnumNames<E>::kNames) {
      if (!names.empty()) names += ", ";
      names += candidate_name;
    }
    return Fail(Error::Invalid(std::string(name) + " is not valid",
                               {{std::string(name), "must be one of " + names}}));
  }
  return value;
}

// Reads a record of type T from the request's JSON body (400 when the body is
// not JSON, 422 naming every bad field).
template <typename T>
Result<T> ReadBody(const Request& request, T record = T{}) {
  nlohmann::json body = PARAPLAN_TRY(ParseJsonBody(request));
  if (!body.is_object()) {
    return Fail(
        Error::Invalid("the body must be a JSON object", {{"body", "must be a JSON object"}}));
  }
  std::vector<FieldProblem> problems;
  Fields fields(body, problems);
  ReadFields(fields, record);
  if (!problems.empty())
    return Fail(Error::Invalid("the body has invalid fields", std::move(problems)));
  return record;
}

// A page of items as {"items": [...], "next_after": id|null}: next_after is the
// id to pass as ?after= for the following page, null on the last page.
nlohmann::json PageBody(nlohmann::json items, std::optional<Id> next_after);

}  // namespace paraplan::http
