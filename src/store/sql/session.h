// The small SQL surface the record logic needs from a database: run one
// parameterised statement and get its rows. Both backends (SQLite and
// PostgreSQL) implement Session, so the mapping of records to tables, the
// reference checks and the error messages are written once, in
// sql/sql_transaction.cpp, and behave the same on every backend.
//
// Statements use `?` placeholders; values are always bound, never spliced
// into the SQL text. Implementations prepare each distinct statement once per
// connection and reuse it.
#pragma once

#include <cstdint>
#include <initializer_list>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

#include "domain/enums.h"
#include "domain/error.h"
#include "domain/time.h"

namespace paraplan::sql {

// A bound parameter or a column value. Integers cover ids, counts, minutes
// and 0/1 flags; text covers names, enum names and dates (YYYY-MM-DD).
using Value = std::variant<std::monostate, std::int64_t, double, std::string>;

inline Value Null() { return std::monostate{}; }
inline Value Int(std::int64_t value) { return value; }
inline Value Real(double value) { return value; }
inline Value Text(std::string_view value) { return std::string(value); }
inline Value Flag(bool value) { return std::int64_t{value ? 1 : 0}; }
inline Value DateValue(Date date) { return date.ToString(); }
template <typename E>
Value EnumValue(E value) {
  return std::string(NameOf(value));
}
inline Value OptionalId(std::optional<std::int64_t> id) { return id ? Value(*id) : Null(); }
inline Value OptionalDate(std::optional<Date> date) { return date ? DateValue(*date) : Null(); }
template <typename E>
Value OptionalEnum(std::optional<E> value) {
  return value ? EnumValue(*value) : Null();
}
// An empty source_id is stored as NULL so that uniqueness applies only to
// records that have one.
inline Value SourceId(std::string_view source_id) {
  return source_id.empty() ? Null() : Text(source_id);
}

using Row = std::vector<Value>;
using Rows = std::vector<Row>;

enum class Dialect { kSqlite, kPostgres };

class Session {
 public:
  virtual ~Session() = default;

  virtual Dialect dialect() const = 0;

  // Runs one statement and returns every row it produces. Failures map to
  // error codes: busy or serialisation conflicts to kUnavailable, unique
  // violations to kAlreadyExists, foreign-key violations to
  // kFailedPrecondition, anything else to kInternal.
  virtual Result<Rows> Query(std::string_view statement, std::span<const Value> params) = 0;

  // Runs one statement and returns the number of rows it changed.
  virtual Result<std::int64_t> Execute(std::string_view statement,
                                       std::span<const Value> params) = 0;

  // Runs one statement whose outcome the caller does not wait for: an
  // insert of a record's details, whose references were checked before.
  // A backend where each statement is a round trip (PostgreSQL) may hold it
  // and send it with the next statement that waits (Query, Execute, or the
  // commit); a failure is then returned by that statement instead, and fails
  // the transaction as a whole. Backends without round trips run it at once.
  virtual Result<void> ExecuteLater(std::string_view statement, std::span<const Value> params) {
    PARAPLAN_TRY(Execute(statement, params));
    return {};
  }

  // Takes `count` unused ids of `table` (in ascending order) for inserts
  // that name their row's id, and so need not wait to learn it. Empty on a
  // backend where an insert costs no round trip: there RETURNING gives the
  // id at once.
  virtual Result<std::vector<std::int64_t>> ReserveIds(std::string_view table, int count) {
    static_cast<void>(table);
    static_cast<void>(count);
    return std::vector<std::int64_t>{};
  }

  Result<Rows> Query(std::string_view statement, std::initializer_list<Value> params) {
    return Query(statement, std::span<const Value>(params.begin(), params.size()));
  }
  Result<void> ExecuteLater(std::string_view statement, std::initializer_list<Value> params) {
    return ExecuteLater(statement, std::span<const Value>(params.begin(), params.size()));
  }
  Result<std::int64_t> Execute(std::string_view statement, std::initializer_list<Value> params) {
    return Execute(statement, std::span<const Value>(params.begin(), params.size()));
  }
};

// Reads typed values out of a row. A value of the wrong type or an unknown
// enum name means the database was written by something else or is corrupt:
// the first such problem is kept and reported as kInternal by Finish().
class RowReader {
 public:
  RowReader(const Row& row, std::string_view table) : row_(row), table_(table) {}

  std::int64_t Int(std::size_t column);
  int SmallInt(std::size_t column) { return static_cast<int>(Int(column)); }
  double Real(std::size_t column);
  std::string Text(std::size_t column);
  bool Flag(std::size_t column) { return Int(column) != 0; }
  bool IsNull(std::size_t column) const {
    return std::holds_alternative<std::monostate>(row_.at(column));
  }
  std::optional<std::int64_t> OptionalInt(std::size_t column);
  Date DateAt(std::size_t column);
  std::optional<Date> OptionalDate(std::size_t column);
  // NULL reads as the empty string (see SourceId()).
  std::string SourceIdAt(std::size_t column) { return IsNull(column) ? "" : Text(column); }

  template <typename E>
  E Enum(std::size_t column) {
    std::string name = Text(column);
    if (auto value = ParseEnum<E>(name)) return *value;
    Problem(column, "holds unknown name '" + name + "'");
    return E{};
  }
  template <typename E>
  std::optional<E> OptionalEnum(std::size_t column) {
    if (IsNull(column)) return std::nullopt;
    return Enum<E>(column);
  }

  Result<void> Finish() const;

 private:
  void Problem(std::size_t column, std::string reason);

  const Row& row_;
  std::string_view table_;
  std::optional<std::string> problem_;
};

// Runs an insert of `what` ("a schedule") ending in RETURNING id and gives
// that id; kInternal, naming `what`, when it returns none.
Result<std::int64_t> InsertReturningId(Session& session, std::string_view what,
                                       std::string_view statement, std::span<const Value> params);
inline Result<std::int64_t> InsertReturningId(Session& session, std::string_view what,
                                              std::string_view statement,
                                              std::initializer_list<Value> params) {
  return InsertReturningId(session, what, statement,
                           std::span<const Value>(params.begin(), params.size()));
}

}  // namespace paraplan::sql
