#include "http/router.h"

#include <algorithm>
#include <cstdio>
#include <cstdlib>

namespace paraplan::http {
namespace {

std::vector<std::string_view> Segments(std::string_view path) {
  std::vector<std::string_view> segments;
  while (!path.empty()) {
    if (path.front() == '/') {
      path.remove_prefix(1);
      continue;
    }
    std::size_t end = path.find('/');
    segments.push_back(path.substr(0, end));
    path = end == std::string_view::npos ? std::string_view() : path.substr(end);
  }
  return segments;
}

bool IsParameter(std::string_view segment) {
  return segment.size() > 2 && segment.front() == '{' && segment.back() == '}';
}

// Matches one pattern, split into its segments when it was added; fills the
// parameters when it does.
bool MatchPattern(const std::vector<std::string>& parts, const std::vector<std::string_view>& path,
                  std::vector<std::pair<std::string, std::string>>& params) {
  if (parts.size() != path.size()) return false;
  std::vector<std::pair<std::string, std::string>> found;
  for (std::size_t i = 0; i < parts.size(); ++i) {
    if (IsParameter(parts[i])) {
      found.emplace_back(parts[i].substr(1, parts[i].size() - 2), std::string(path[i]));
    } else if (parts[i] != path[i]) {
      return false;
    }
  }
  params = std::move(found);
  return true;
}

}  // namespace

void Router::Add(Method method, std::string pattern, Handler handler, Access access, Work work) {
  for (const Route& route : routes_) {
    if (route.method == method && route.pattern == pattern) {
      std::fprintf(stderr, "paraplan: route %s %s added twice\n", NameOf(method).data(),
                   pattern.c_str());
      std::abort();
    }
  }
  // Split once here: every request is matched against every route, and an
  // API request twice (the server asks whether its route is long first).
  std::vector<std::string> segments;
  for (std::string_view segment : Segments(pattern)) segments.emplace_back(segment);
  routes_.push_back(
      {method, std::move(pattern), std::move(handler), access, work, std::move(segments)});
}

Match Router::Find(Method method, std::string_view path) const {
  std::vector<std::string_view> segments = Segments(path);
  Match match;
  Method wanted = method == Method::kHead ? Method::kGet : method;
  // Literal patterns win over parameter patterns (/me/sessions over
  // /{kind}/sessions), so a first pass looks for the most literal match.
  int best_literals = -1;
  for (const Route& route : routes_) {
    std::vector<std::pair<std::string, std::string>> params;
    if (!MatchPattern(route.segments, segments, params)) continue;
    if (std::ranges::find(match.allowed, route.method) == match.allowed.end()) {
      match.allowed.push_back(route.method);
    }
    if (route.method != wanted) continue;
    int literals = static_cast<int>(segments.size() - params.size());
    if (literals > best_literals) {
      best_literals = literals;
      match.route = &route;
      match.path_params = std::move(params);
    }
  }
  return match;
}

}  // namespace paraplan::http
