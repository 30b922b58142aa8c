// Checks a JSON value against a schema of the OpenAPI description: its type
// and enum, every required property present, no property the schema does not
// list where it says additionalProperties: false, recursively into objects
// and array items. Enough to keep the description true without a full JSON
// Schema validator.
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

// Whether a value is of a JSON Schema type ("integer" is a number with no
// fraction).
inline bool IsOfType(const nlohmann::json& value, const std::string& type) {
  if (type == "null") return value.is_null();
  if (type == "boolean") return value.is_boolean();
  if (type == "integer") return value.is_number_integer();
  if (type == "number") return value.is_number();
  if (type == "string") return value.is_string();
  if (type == "array") return value.is_array();
  if (type == "object") return value.is_object();
  return false;
}

// Whether `value` has the schema's type, one of its enum values, every
// property it requires and none it does not allow; the first problem fails
// the test, named with `where`.
inline void ExpectShape(const nlohmann::json& document, const nlohmann::json& schema_or_ref,
                        const nlohmann::json& value, const std::string& where) {
  const nlohmann::json& schema = ResolveSchema(document, schema_or_ref);
  if (schema.contains("type")) {
    bool matches = false;
    if (schema["type"].is_array()) {
      for (const nlohmann::json& type : schema["type"]) matches = matches || IsOfType(value, type);
    } else {
      matches = IsOfType(value, schema["type"].get<std::string>());
    }
    ASSERT_TRUE(matches) << where << " is not of type " << schema["type"].dump() << ": "
                         << value.dump();
  }
  if (schema.contains("enum") && !value.is_null()) {
    bool listed = false;
    for (const nlohmann::json& item : schema["enum"]) listed = listed || item == value;
    ASSERT_TRUE(listed) << where << " is " << value.dump() << ", not one of "
                        << schema["enum"].dump();
  }
  // A nullable object is null or has what it requires (the type says which).
  if (schema.contains("required") && !value.is_null()) {
    ASSERT_TRUE(value.is_object()) << where << " is not an object: " << value.dump();
    for (const nlohmann::json& name : schema["required"]) {
      ASSERT_TRUE(value.contains(name.get<std::string>())) << where << " lacks " << name;
    }
  }
  if (value.is_object() && schema.value("additionalProperties", true) == false) {
    const nlohmann::json none = nlohmann::json::object();
    const nlohmann::json& properties = schema.contains("properties") ? schema["properties"] : none;
    for (const auto& [name, item] : value.items()) {
      ASSERT_TRUE(properties.contains(name)) << where << " has " << name
                                             << ", which the description does not list";
    }
  }
  if (value.is_array() && schema.contains("items")) {
    for (const nlohmann::json& item : value) ExpectShape(document, schema["items"], item, where + "[]");
  }
  if (!schema.contains("properties") || !value.is_object()) return;
  for (const auto& [name, property] : schema["properties"].items()) {
    if (!value.contains(name)) continue;
    ExpectShape(document, property, value[name], where + "." + name);
  }
}

}  // namespace paraplan::testing
