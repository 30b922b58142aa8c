#include "store/copy.h"

#include <fmt/format.h>

#include <algorithm>

#include "store/sql/session.h"
#include "store/sql_runner.h"

namespace paraplan {
namespace {

using sql::Row;
using sql::Rows;
using sql::Value;

// Rows read from the source per query; bounded so a 100,000-student
// district never sits in memory at once.
constexpr int kReadChunk = 5000;
// Values bound per INSERT; both SQLite (32,766) and PostgreSQL (65,535)
// accept far more, but larger statements gain nothing.
constexpr std::size_t kValuesPerInsert = 6000;

// Table and column names come from the source's own catalogue, never from
// input; they are quoted all the same.
std::string Quote(std::string_view name) {
  std::string quoted = "\"";
  for (char c : name) {
    if (c == '"') quoted += '"';
    quoted += c;
  }
  return quoted + "\"";
}

std::int64_t CountOf(const Rows& rows) {
  sql::RowReader read(rows.at(0), "count");
  return read.Int(0);
}

// Tables in creation order, which is an order where every table comes after
// the tables it refers to.
Result<std::vector<std::string>> SourceTables(sql::Session& in) {
  Rows rows = PARAPLAN_TRY(
      in.Query("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
               "AND name <> 'schema_version' ORDER BY rowid",
               std::span<const Value>()));
  std::vector<std::string> tables;
  for (const Row& row : rows) {
    sql::RowReader read(row, "sqlite_master");
    tables.push_back(read.Text(0));
    PARAPLAN_TRY(read.Finish());
  }
  return tables;
}

Result<std::vector<std::string>> SourceColumns(sql::Session& in, const std::string& table) {
  Rows rows = PARAPLAN_TRY(
      in.Query("SELECT name FROM pragma_table_info(?) ORDER BY cid", {sql::Text(table)}));
  std::vector<std::string> columns;
  for (const Row& row : rows) {
    sql::RowReader read(row, "pragma_table_info");
    columns.push_back(read.Text(0));
    PARAPLAN_TRY(read.Finish());
  }
  return columns;
}

std::string InsertStatement(const std::string& table, const std::vector<std::string>& columns,
                            std::size_t rows) {
  std::string names;
  std::string one_row = "(";
  for (std::size_t i = 0; i < columns.size(); ++i) {
    if (i > 0) {
      names += ", ";
      one_row += ", ";
    }
    names += Quote(columns[i]);
    one_row += "?";
  }
  one_row += ")";
  std::string statement = fmt::format("INSERT INTO {} ({}) VALUES ", Quote(table), names);
  for (std::size_t r = 0; r < rows; ++r) {
    if (r > 0) statement += ", ";
    statement += one_row;
  }
  return statement;
}

Result<TableCopy> CopyTable(sql::Session& in, sql::Session& out, const std::string& table,
                            std::optional<Id> district_id, const CopyProgress& progress) {
  TableCopy entry;
  entry.table = table;
  const std::vector<std::string> columns = PARAPLAN_TRY(SourceColumns(in, table));
  const bool has_district =
      std::find(columns.begin(), columns.end(), "district_id") != columns.end();
  std::string filter;  // " AND <column> = ?" when moving one district
  std::vector<Value> filter_params;
  if (district_id) {
    if (!has_district && table != "district") {
      entry.skipped = true;
      return entry;
    }
    filter = fmt::format(" AND {} = ?", table == "district" ? "id" : "district_id");
    filter_params.push_back(sql::Int(*district_id));
  }

  const std::string count =
      fmt::format("SELECT COUNT(*) FROM {} WHERE 1 = 1{}", Quote(table), filter);
  entry.source_rows = CountOf(PARAPLAN_TRY(in.Query(count, filter_params)));
  const std::int64_t already = CountOf(PARAPLAN_TRY(out.Query(count, filter_params)));
  if (already > 0) {
    return Fail(Error::FailedPrecondition(fmt::format(
        "the target already holds {} rows of {}; move into an empty database", already, table)));
  }

  std::string names;
  for (const std::string& column : columns) names += ", " + Quote(column);
  const std::string read =
      fmt::format("SELECT rowid{} FROM {} WHERE rowid > ?{} ORDER BY rowid LIMIT ?", names,
                  Quote(table), filter);
  const std::size_t rows_per_insert = std::max<std::size_t>(1, kValuesPerInsert / columns.size());
  std::int64_t after = 0;
  std::int64_t copied = 0;
  for (;;) {
    std::vector<Value> params = {sql::Int(after)};
    params.insert(params.end(), filter_params.begin(), filter_params.end());
    params.push_back(sql::Int(kReadChunk));
    Rows chunk = PARAPLAN_TRY(in.Query(read, params));
    if (chunk.empty()) break;
    for (std::size_t start = 0; start < chunk.size(); start += rows_per_insert) {
      const std::size_t count_here = std::min(rows_per_insert, chunk.size() - start);
      std::vector<Value> values;
      values.reserve(count_here * columns.size());
      for (std::size_t r = start; r < start + count_here; ++r) {
        // Column 0 is the rowid, used only for paging.
        values.insert(values.end(), chunk[r].begin() + 1, chunk[r].end());
      }
      PARAPLAN_TRY(out.Execute(InsertStatement(table, columns, count_here), values));
    }
    sql::RowReader last(chunk.back(), table);
    after = last.Int(0);
    PARAPLAN_TRY(last.Finish());
    copied += static_cast<std::int64_t>(chunk.size());
    if (progress) progress(table, copied);
  }

  entry.target_rows = CountOf(PARAPLAN_TRY(out.Query(count, filter_params)));
  if (entry.target_rows != entry.source_rows) {
    return Fail(
        Error::Internal(fmt::format("{}: the source holds {} rows but the target received {}",
                                    table, entry.source_rows, entry.target_rows)));
  }
  if (out.dialect() == sql::Dialect::kPostgres &&
      std::find(columns.begin(), columns.end(), "id") != columns.end()) {
    // Explicit ids do not advance an identity column's sequence; move it past
    // the copied ids so the next insert does not collide.
    Rows sequence =
        PARAPLAN_TRY(out.Query("SELECT pg_get_serial_sequence(?, 'id')", {sql::Text(table)}));
    // Tables whose id the application chooses (text ids) have no sequence.
    if (!sequence.empty() && !std::holds_alternative<std::monostate>(sequence.front().at(0))) {
      PARAPLAN_TRY(out.Query(fmt::format("SELECT setval(CAST(? AS regclass), COALESCE((SELECT "
                                         "MAX(id) FROM {}), 0) + 1, false)",
                                         Quote(table)),
                             {sequence.front().at(0)}));
    }
  }
  return entry;
}

}  // namespace

Result<CopyReport> CopyDatabase(Store& from, Store& to, std::optional<Id> district_id,
                                const CopyProgress& progress) {
  SqlRunner* source = from.sql_runner();
  SqlRunner* target = to.sql_runner();
  if (!source || !target) {
    return Fail(
        Error::FailedPrecondition("both databases must be SQL databases (SQLite or PostgreSQL)"));
  }
  if (from.SchemaVersion() != to.SchemaVersion()) {
    return Fail(Error::FailedPrecondition(fmt::format(
        "the source is at schema version {} and the target at {}; upgrade the older one",
        from.SchemaVersion(), to.SchemaVersion())));
  }
  CopyReport report;
  auto copied = target->RunWrite([&](sql::Session& out) -> Result<void> {
    report = {};  // A retried transaction starts over.
    return source->RunRead([&](sql::Session& in) -> Result<void> {
      if (in.dialect() != sql::Dialect::kSqlite) {
        return Fail(Error::FailedPrecondition("the source of a move must be a SQLite database"));
      }
      if (district_id) {
        Rows found = PARAPLAN_TRY(
            in.Query("SELECT COUNT(*) FROM district WHERE id = ?", {sql::Int(*district_id)}));
        if (CountOf(found) == 0) {
          return Fail(
              Error::NotFound(fmt::format("the source holds no district {}", *district_id)));
        }
      }
      for (const std::string& table : PARAPLAN_TRY(SourceTables(in))) {
        report.tables.push_back(PARAPLAN_TRY(CopyTable(in, out, table, district_id, progress)));
      }
      return {};
    });
  });
  if (!copied) return Fail(copied.error());
  // PostgreSQL plans queries from table statistics, which a bulk load leaves
  // missing until autovacuum gets round to the tables; the first reads after
  // a move (paraplan check of a 100,000-student district took 146 s instead
  // of 55 s) would scan whole tables. Gather them now, for the moved tables.
  auto analyzed = target->RunWrite([&](sql::Session& out) -> Result<void> {
    if (out.dialect() != sql::Dialect::kPostgres) return {};
    for (const TableCopy& table : report.tables) {
      if (table.skipped) continue;
      PARAPLAN_TRY(out.Execute(fmt::format("ANALYZE {}", Quote(table.table)), {}));
    }
    return {};
  });
  if (!analyzed) return Fail(analyzed.error());
  return report;
}

}  // namespace paraplan
