#include "store/sql/session.h"

#include <fmt/format.h>

#include <charconv>

namespace paraplan::sql {

std::int64_t RowReader::Int(std::size_t column) {
  const Value& value = row_.at(column);
  if (const auto* number = std::get_if<std::int64_t>(&value)) return *number;
  // A backend that transfers values as text (PostgreSQL's text protocol)
  // hands integers over as digits.
  if (const auto* text = std::get_if<std::string>(&value)) {
    std::int64_t number = 0;
    auto [end, error] = std::from_chars(text->data(), text->data() + text->size(), number);
    if (error == std::errc() && end == text->data() + text->size()) return number;
  }
  Problem(column, "is not an integer");
  return 0;
}

double RowReader::Real(std::size_t column) {
  const Value& value = row_.at(column);
  if (const auto* number = std::get_if<double>(&value)) return *number;
  if (const auto* integer = std::get_if<std::int64_t>(&value)) {
    return static_cast<double>(*integer);
  }
  if (const auto* text = std::get_if<std::string>(&value)) {
    double number = 0;
    auto [end, error] = std::from_chars(text->data(), text->data() + text->size(), number);
    if (error == std::errc() && end == text->data() + text->size()) return number;
  }
  Problem(column, "is not a number");
  return 0;
}

std::string RowReader::Text(std::size_t column) {
  const Value& value = row_.at(column);
  if (const auto* text = std::get_if<std::string>(&value)) return *text;
  Problem(column, "is not text");
  return {};
}

std::optional<std::int64_t> RowReader::OptionalInt(std::size_t column) {
  if (IsNull(column)) return std::nullopt;
  return Int(column);
}

Date RowReader::DateAt(std::size_t column) {
  std::string text = Text(column);
  if (auto date = Date::Parse(text)) return *date;
  Problem(column, "holds '" + text + "', not a date");
  return {};
}

std::optional<Date> RowReader::OptionalDate(std::size_t column) {
  if (IsNull(column)) return std::nullopt;
  return DateAt(column);
}

void RowReader::Problem(std::size_t column, std::string reason) {
  if (problem_) return;
  problem_ = fmt::format("{} column {} {}", table_, column, reason);
}

Result<void> RowReader::Finish() const {
  if (problem_) return Fail(Error::Internal("stored record is unreadable: " + *problem_));
  return {};
}

Result<std::int64_t> InsertReturningId(Session& session, std::string_view what,
                                       std::string_view statement, std::span<const Value> params) {
  Rows rows = PARAPLAN_TRY(session.Query(statement, params));
  if (rows.size() != 1) {
    return Fail(Error::Internal(fmt::format("inserting {} returned no id", what)));
  }
  RowReader read(rows.front(), "inserted row");
  const std::int64_t id = read.Int(0);
  PARAPLAN_TRY(read.Finish());
  return id;
}

}  // namespace paraplan::sql
