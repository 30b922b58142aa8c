// Mangles a valid JSON body at random, for the fuzz tests of the body
// readers: fields dropped, renamed to unknown names, replaced by odd values
// (null, wrong types, extreme numbers, impossible dates and times, empty
// containers), array items dropped or added, recursively to depth 6.
#pragma once

#include <nlohmann/json.hpp>
#include <random>
#include <vector>

namespace paraplan::testing {

inline nlohmann::json Mangle(const nlohmann::json& value, std::mt19937& random, int depth = 0) {
  using nlohmann::json;
  std::uniform_int_distribution<int> pick(0, 11);
  const std::vector<json> odd{nullptr,
                              true,
                              -1,
                              0,
                              1e308,
                              9223372036854775807LL,
                              "",
                              "x",
                              "2026-02-30",
                              "25:99",
                              json::array(),
                              json::object(),
                              json::array({1, "a", nullptr})};
  std::uniform_int_distribution<std::size_t> any(0, odd.size() - 1);
  if (value.is_object()) {
    json out = json::object();
    for (const auto& [key, item] : value.items()) {
      switch (pick(random)) {
        case 0:
          break;  // drop the field
        case 1:
          out[key] = odd[any(random)];
          break;
        case 2:
          out[key + "_unknown"] = item;
          break;
        default:
          out[key] = depth < 6 ? Mangle(item, random, depth + 1) : item;
      }
    }
    return out;
  }
  if (value.is_array()) {
    json out = json::array();
    for (const json& item : value) {
      if (pick(random) != 0) out.push_back(depth < 6 ? Mangle(item, random, depth + 1) : item);
    }
    if (pick(random) == 0) out.push_back(odd[any(random)]);
    return out;
  }
  return pick(random) < 3 ? odd[any(random)] : value;
}


}  // namespace paraplan::testing
