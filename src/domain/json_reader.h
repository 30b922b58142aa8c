// Reading domain records from JSON objects with every problem named by its
// field path, the way validation reports them ("roles[2].activity: is not
// one of ..."). Used by the JSON forms of plans and capture records; the
// values it cannot read are left at their defaults so the caller can go on
// reading and report everything at once.
#pragma once

#include <nlohmann/json.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <fmt/format.h>

#include "domain/enums.h"
#include "domain/error.h"
#include "domain/time.h"

namespace paraplan::json_reader {

// The `required` argument of Reader's readers, named at the call site.
inline constexpr bool kRequired = true;
inline constexpr bool kOptional = false;

// An enum value's name as JSON writes it.
template <typename E>
std::string Name(E value) {
  return std::string(NameOf(value));
}

class Reader {
 public:
  // `object` must outlive the reader. A non-object adds a problem at `path`.
  Reader(const nlohmann::json& object, std::vector<FieldProblem>& problems, std::string path = "")
      : object_(object), problems_(problems), path_(std::move(path)) {
    if (!object_.is_object()) Problem("", "must be a JSON object");
  }

  // Adds a problem for `field` of this object.
  void Problem(std::string_view field, std::string reason) {
    problems_.push_back({Path(field), std::move(reason)});
  }

  bool Has(std::string_view field) const {
    return object_.is_object() && object_.contains(field) && !object_.at(field).is_null();
  }

  // Refuses fields not in `known` (a misspelt field is a mistake, not a default).
  void RefuseUnknown(std::initializer_list<std::string_view> known) {
    if (!object_.is_object()) return;
    for (const auto& [name, value] : object_.items()) {
      if (std::find(known.begin(), known.end(), name) == known.end()) {
        Problem(name, "is not a known field");
      }
    }
  }

  // Each reader: when the field is missing or null, a required field adds
  // "is required" and an optional one keeps `value`; a value of the wrong
  // type adds a problem saying what was expected.
  void Int(std::string_view field, std::int64_t& value, bool required) {
    const nlohmann::json* item = Find(field, required);
    if (!item) return;
    if (!item->is_number_integer()) return Problem(field, "must be a whole number");
    value = item->get<std::int64_t>();
  }
  void Int(std::string_view field, int& value, bool required) {
    std::int64_t wide = value;
    Int(field, wide, required);
    if (wide < INT32_MIN || wide > INT32_MAX) return Problem(field, "is out of range");
    value = static_cast<int>(wide);
  }
  template <typename T>
  void Optional(std::string_view field, std::optional<T>& value) {
    if (!Has(field)) {
      value.reset();
      return;
    }
    T inner{};
    Read(field, inner);
    value = inner;
  }
  void Text(std::string_view field, std::string& value, bool required) {
    const nlohmann::json* item = Find(field, required);
    if (!item) return;
    if (!item->is_string()) return Problem(field, "must be a string");
    value = item->get<std::string>();
  }
  void Day(std::string_view field, Date& value, bool required) {
    std::string text;
    const nlohmann::json* item = Find(field, required);
    if (!item) return;
    if (!item->is_string()) return Problem(field, "must be a date (YYYY-MM-DD)");
    std::optional<Date> date = Date::Parse(item->get<std::string>());
    if (!date) return Problem(field, "must be a date (YYYY-MM-DD)");
    value = *date;
  }
  void Clock(std::string_view field, TimeOfDay& value, bool required) {
    const nlohmann::json* item = Find(field, required);
    if (!item) return;
    std::optional<TimeOfDay> time;
    if (item->is_string()) time = TimeOfDay::Parse(item->get<std::string>());
    if (!time) return Problem(field, "must be a time of day (HH:MM)");
    value = *time;
  }
  template <typename E>
  void Enum(std::string_view field, E& value, bool required) {
    const nlohmann::json* item = Find(field, required);
    if (!item) return;
    std::optional<E> parsed;
    if (item->is_string()) parsed = ParseEnum<E>(item->get<std::string>());
    if (!parsed) return Problem(field, fmt::format("must be one of {}", Choices<E>()));
    value = *parsed;
  }
  void Ints(std::string_view field, std::vector<std::int64_t>& values, bool required) {
    const nlohmann::json* item = Find(field, required);
    if (!item) return;
    if (!item->is_array()) return Problem(field, "must be a list of whole numbers");
    values.clear();
    for (std::size_t i = 0; i < item->size(); ++i) {
      if (!(*item)[i].is_number_integer()) {
        Problem(fmt::format("{}[{}]", field, i), "must be a whole number");
        continue;
      }
      values.push_back((*item)[i].get<std::int64_t>());
    }
  }
  void Ints(std::string_view field, std::vector<int>& values, bool required) {
    std::vector<std::int64_t> wide;
    Ints(field, wide, required);
    values.clear();
    for (std::int64_t value : wide) {
      if (value < INT32_MIN || value > INT32_MAX) return Problem(field, "is out of range");
      values.push_back(static_cast<int>(value));
    }
  }
  void Texts(std::string_view field, std::vector<std::string>& values, bool required) {
    const nlohmann::json* item = Find(field, required);
    if (!item) return;
    if (!item->is_array()) return Problem(field, "must be a list of strings");
    values.clear();
    for (std::size_t i = 0; i < item->size(); ++i) {
      if (!(*item)[i].is_string()) {
        Problem(fmt::format("{}[{}]", field, i), "must be a string");
        continue;
      }
      values.push_back((*item)[i].get<std::string>());
    }
  }
  // Reads an object, calling `read(Reader&)` with a reader of it (its
  // problems named "field.name"). Answers whether it was there.
  template <typename ReadObject>
  bool Object(std::string_view field, bool required, ReadObject read) {
    const nlohmann::json* item = Find(field, required);
    if (!item) return false;
    Reader nested(*item, problems_, Path(field));
    read(nested);
    return true;
  }
  // Reads a list of objects, calling `read(Reader&, T&)` for each item.
  template <typename T, typename ReadItem>
  void Objects(std::string_view field, std::vector<T>& values, bool required, ReadItem read) {
    const nlohmann::json* item = Find(field, required);
    if (!item) return;
    if (!item->is_array()) return Problem(field, "must be a list");
    values.clear();
    for (std::size_t i = 0; i < item->size(); ++i) {
      Reader nested((*item)[i], problems_, fmt::format("{}[{}]", Path(field), i));
      T value{};
      read(nested, value);
      values.push_back(std::move(value));
    }
  }

 private:
  void Read(std::string_view field, std::int64_t& value) { Int(field, value, true); }
  void Read(std::string_view field, int& value) { Int(field, value, true); }
  void Read(std::string_view field, std::string& value) { Text(field, value, true); }
  template <typename E>
    requires std::is_enum_v<E>
  void Read(std::string_view field, E& value) {
    Enum(field, value, true);
  }

  const nlohmann::json* Find(std::string_view field, bool required) {
    if (!Has(field)) {
      if (required && object_.is_object()) Problem(field, "is required");
      return nullptr;
    }
    return &object_.at(field);
  }

  std::string Path(std::string_view field) const {
    if (path_.empty()) return std::string(field);
    if (field.empty()) return path_;
    return fmt::format("{}.{}", path_, field);
  }

  template <typename E>
  static std::string Choices() {
    std::string list;
    for (const auto& [value, name] : EnumNames<E>::kNames) {
      if (!list.empty()) list += ", ";
      list += name;
    }
    return list;
  }

  const nlohmann::json& object_;
  std::vector<FieldProblem>& problems_;
  std::string path_;
};

}  // namespace paraplan::json_reader
