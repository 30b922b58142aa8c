#include "http/resources/resource_helpers.h"

#include <fmt/format.h>

#include <charconv>

namespace paraplan::http {
namespace {

// A whole number of at most 18 digits (no sign, no spaces), or nullopt.
std::optional<std::int64_t> ParseCount(std::string_view text) {
  if (text.empty() || text.size() > 18) return std::nullopt;
  std::int64_t value = 0;
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc() || end != text.data() + text.size() || value < 0) return std::nullopt;
  return value;
}

}  // namespace

std::string ETagOf(std::int64_t version) { return fmt::format("\"{}\"", version); }

Response RecordResponse(int status, const nlohmann::json& body, std::int64_t version) {
  Response response = Response::Json(status, body);
  response.headers.Set("ETag", ETagOf(version));
  response.headers.Set("Cache-Control", "no-store");
  return response;
}

Result<std::int64_t> RequireIfMatch(const Request& request) {
  std::optional<std::string_view> header = request.headers.Get("If-Match");
  if (!header) {
    return Fail(Error::Conflict(
        "If-Match is required: send the ETag of the version you read, so a change made since "
        "is not overwritten"));
  }
  std::string_view tag = *header;
  if (tag.size() >= 2 && tag.front() == '"' && tag.back() == '"') {
    tag = tag.substr(1, tag.size() - 2);
  }
  std::optional<std::int64_t> version = ParseCount(tag);
  if (!version) return Fail(Error::Conflict("If-Match does not name a version of this record"));
  return *version;
}

Result<Page> PageOf(const Request& request) {
  Page page;
  page.limit = kDefaultPageLimit;
  std::vector<FieldProblem> problems;
  if (std::optional<std::string_view> after = request.Query("after")) {
    std::optional<std::int64_t> value = ParseCount(*after);
    if (!value) {
      problems.push_back({"after", "must be a record id (a whole number)"});
    } else {
      page.after = *value;
    }
  }
  if (std::optional<std::string_view> limit = request.Query("limit")) {
    std::optional<std::int64_t> value = ParseCount(*limit);
    if (!value || *value < 1 || *value > kMaxPageLimit) {
      problems.push_back(
          {"limit", fmt::format("must be a whole number from 1 to {}", kMaxPageLimit)});
    } else {
      page.limit = static_cast<int>(*value);
    }
  }
  if (!problems.empty()) return Fail(Error::Invalid("the paging parameters are invalid", problems));
  return page;
}

Result<std::optional<Id>> QueryId(const Request& request, std::string_view name) {
  std::optional<std::string_view> text = request.Query(name);
  if (!text) return std::optional<Id>();
  std::optional<std::int64_t> value = ParseCount(*text);
  if (!value || *value <= 0) {
    return Fail(Error::Invalid(fmt::format("{} is not a record id", name),
                               {{std::string(name), "must be a positive whole number"}}));
  }
  return std::optional<Id>(*value);
}

nlohmann::json PageBody(nlohmann::json items, std::optional<Id> next_after) {
  return {{"items", std::move(items)},
          {"next_after", next_after ? nlohmann::json(*next_after) : nlohmann::json(nullptr)}};
}

}  // namespace paraplan::http
