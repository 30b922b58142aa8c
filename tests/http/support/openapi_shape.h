// Checks a JSON value against a schema of the OpenAPI description: every
// required property present, recursively into objects and array items.
// Enough to keep the description true without a full JSON Schema validator.
#pragma once

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <string>

namespace paraplan::testing {

// The schema itself, or the component a {"$ref": "#/components/schemas/X"} names.
inline const nlohmann::json& ResolveSchema(const nlohmann::json& document,
                                           const nlohmann::json& schema) {
  if (!schema.contains("$ref")) return schema;
  std::string name =
      schema["$ref"].get<std::string>().substr(std::string("#/components/schemas/").size());
  return document["components"]["schemas"][name];
}

// Whether `value` has every property the schema requires; the first missing
// one fails the test, named with `where`.
inline void ExpectShape(const nlohmann::json& document, const nlohmann::json& schema_or_ref,
                        const nlohmann::json& value, const std::string& where) {
  const nlohmann::json& schema = ResolveSchema(document, schema_or_ref);
  if (schema.contains("required")) {
    ASSERT_TRUE(value.is_object()) << where << " is not an object: " << value.dump();
    for (const nlohmann::json& name : schema["required"]) {
      ASSERT_TRUE(value.contains(name.get<std::string>())) << where << " lacks " << name;
    }
  }
  if (!schema.contains("properties") || !value.is_object()) return;
  for (const auto& [name, property] : schema["properties"].items()) {
    if (!value.contains(name) || value[name].is_null()) continue;
    const nlohmann::json& resolved = ResolveSchema(document, property);
    if (resolved.contains("items") && value[name].is_array()) {
      for (const nlohmann::json& item : value[name]) {
        ExpectShape(document, resolved["items"], item, where + "." + name);
      }
    } else if (resolved.contains("required")) {
      ExpectShape(document, resolved, value[name], where + "." + name);
    }
  }
}

}  // namespace paraplan::testing
