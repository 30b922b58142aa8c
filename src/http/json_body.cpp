#include "http/json_body.h"

#include <fmt/format.h>

namespace paraplan::http {
namespace {

// Deepest nesting of arrays and objects, skipping string contents.
int NestingDepth(std::string_view text) {
  int depth = 0;
  int deepest = 0;
  bool in_string = false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (in_string) {
      if (c == '\\') {
        ++i;
      } else if (c == '"') {
        in_string = false;
      }
      continue;
    }
    if (c == '"') {
      in_string = true;
    } else if (c == '[' || c == '{') {
      deepest = std::max(deepest, ++depth);
    } else if (c == ']' || c == '}') {
      --depth;
    }
  }
  return deepest;
}

}  // namespace

Result<nlohmann::json> ParseJsonBody(const Request& request) {
  std::optional<std::string_view> type = request.headers.Get("Content-Type");
  if (type && !type->starts_with("application/json")) {
    return Fail(Error::Invalid("the body must be sent as application/json"));
  }
  if (request.body.empty()) return Fail(Error::Invalid("the request needs a JSON body"));
  if (NestingDepth(request.body) > kMaxJsonDepth) {
    return Fail(Error::Invalid(fmt::format("the body nests deeper than {} levels", kMaxJsonDepth)));
  }
  // The non-throwing overload: a parse error yields a discarded value.
  nlohmann::json body = nlohmann::json::parse(request.body, nullptr, /*allow_exceptions=*/false);
  if (body.is_discarded()) return Fail(Error::Invalid("the body is not valid JSON"));
  return body;
}

}  // namespace paraplan::http
