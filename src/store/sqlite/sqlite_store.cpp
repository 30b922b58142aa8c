#include "store/sqlite/sqlite_store.h"

#include <fmt/format.h>
#include <sqlite3.h>

#include <chrono>
#include <map>
#include <mutex>
#include <thread>
#include <vector>

#include "store/sql/connection_pool.h"
#include "store/sql/integrity.h"
#include "store/sql/session.h"
#include "store/sql/sql_transaction.h"
#include "store/sql_runner.h"
#include "store/sqlite/migrations.h"
#include "store/sqlite/process_settings.h"

namespace paraplan {
namespace {

using sql::Rows;
using sql::Value;

// How often Write retries a transaction that met another process's lock.
constexpr int kWriteAttempts = 8;
// Connections a file database keeps open at most; more concurrent
// transactions wait for one to come back.
constexpr std::size_t kMaxConnections = 8;

Error SqliteError(sqlite3* db, int code, std::string_view doing) {
  std::string message =
      fmt::format("{}: {}", doing, db ? sqlite3_errmsg(db) : sqlite3_errstr(code));
  switch (code & 0xff) {
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      return Error::Unavailable("the database is busy; " + message);
    case SQLITE_CONSTRAINT:
      if (code == SQLITE_CONSTRAINT_UNIQUE || code == SQLITE_CONSTRAINT_PRIMARYKEY) {
        return Error::AlreadyExists(message);
      }
      if (code == SQLITE_CONSTRAINT_FOREIGNKEY) return Error::FailedPrecondition(message);
      return Error::Invalid(message);
    case SQLITE_FULL:
      return Error::ResourceExhausted(message);
    default:
      return Error::Internal(message);
  }
}

struct StatementDeleter {
  void operator()(sqlite3_stmt* statement) const { sqlite3_finalize(statement); }
};
using StatementPtr = std::unique_ptr<sqlite3_stmt, StatementDeleter>;

struct DatabaseDeleter {
  void operator()(sqlite3* db) const { sqlite3_close_v2(db); }
};
using DatabasePtr = std::unique_ptr<sqlite3, DatabaseDeleter>;

// One connection with its cache of prepared statements. Used by one thread at
// a time (the pool hands it out exclusively).
class SqliteConnection final : public sql::Session {
 public:
  static Result<std::unique_ptr<SqliteConnection>> Open(const std::string& path,
                                                        const SqliteOptions& options) {
    ApplySqliteProcessSettings();
    sqlite3* raw = nullptr;
    const int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX;
    int code = sqlite3_open_v2(path.c_str(), &raw, flags, nullptr);
    DatabasePtr db(raw);
    if (code != SQLITE_OK) {
      return Fail(
          Error::Unavailable(fmt::format("cannot open database '{}': {}", path,
                                         raw ? sqlite3_errmsg(raw) : sqlite3_errstr(code))));
    }
    sqlite3_extended_result_codes(db.get(), 1);
    sqlite3_busy_timeout(db.get(), options.busy_timeout_ms);
    auto connection = std::unique_ptr<SqliteConnection>(new SqliteConnection(std::move(db)));
    // WAL lets readers run beside the writer; synchronous=FULL makes every
    // acknowledged commit durable across power loss; foreign keys are off
    // by default in SQLite and must be enabled per connection.
    PARAPLAN_TRY(connection->Exec("PRAGMA journal_mode = WAL"));
    PARAPLAN_TRY(connection->Exec("PRAGMA synchronous = FULL"));
    PARAPLAN_TRY(connection->Exec("PRAGMA foreign_keys = ON"));
    return connection;
  }

  using sql::Session::Execute;
  using sql::Session::Query;

  sql::Dialect dialect() const override { return sql::Dialect::kSqlite; }

  Result<Rows> Query(std::string_view statement, std::span<const Value> params) override {
    sqlite3_stmt* prepared = PARAPLAN_TRY(Prepare(statement));
    PARAPLAN_TRY(Bind(prepared, params));
    Rows rows;
    for (;;) {
      int code = sqlite3_step(prepared);
      if (code == SQLITE_DONE) break;
      if (code != SQLITE_ROW) {
        Error error = SqliteError(db_.get(), code, "query failed");
        sqlite3_reset(prepared);
        return Fail(std::move(error));
      }
      const int columns = sqlite3_column_count(prepared);
      sql::Row row;
      row.reserve(static_cast<std::size_t>(columns));
      for (int i = 0; i < columns; ++i) row.push_back(Column(prepared, i));
      rows.push_back(std::move(row));
    }
    sqlite3_reset(prepared);
    return rows;
  }

  Result<std::int64_t> Execute(std::string_view statement, std::span<const Value> params) override {
    sqlite3_stmt* prepared = PARAPLAN_TRY(Prepare(statement));
    PARAPLAN_TRY(Bind(prepared, params));
    int code = sqlite3_step(prepared);
    while (code == SQLITE_ROW) code = sqlite3_step(prepared);
    if (code != SQLITE_DONE) {
      Error error = SqliteError(db_.get(), code, "statement failed");
      sqlite3_reset(prepared);
      return Fail(std::move(error));
    }
    sqlite3_reset(prepared);
    return static_cast<std::int64_t>(sqlite3_changes64(db_.get()));
  }

  // Runs SQL without parameters: transaction control, pragmas, migrations.
  Result<void> Exec(const std::string& script) {
    char* message = nullptr;
    int code = sqlite3_exec(db_.get(), script.c_str(), nullptr, nullptr, &message);
    if (code == SQLITE_OK) return {};
    std::string text = message ? message : sqlite3_errstr(code);
    sqlite3_free(message);
    Error error = SqliteError(db_.get(), sqlite3_extended_errcode(db_.get()), "statement failed");
    error.message = fmt::format("{} ({})", error.message, text);
    return Fail(std::move(error));
  }

  bool InTransaction() const { return sqlite3_get_autocommit(db_.get()) == 0; }

 private:
  explicit SqliteConnection(DatabasePtr db) : db_(std::move(db)) {}

  Result<sqlite3_stmt*> Prepare(std::string_view statement) {
    if (auto found = statements_.find(statement); found != statements_.end()) {
      return found->second.get();
    }
    sqlite3_stmt* raw = nullptr;
    int code = sqlite3_prepare_v3(db_.get(), statement.data(), static_cast<int>(statement.size()),
                                  SQLITE_PREPARE_PERSISTENT, &raw, nullptr);
    StatementPtr prepared(raw);
    if (code != SQLITE_OK) {
      return Fail(SqliteError(db_.get(), code, fmt::format("cannot prepare '{}'", statement)));
    }
    sqlite3_stmt* result = prepared.get();
    statements_.emplace(std::string(statement), std::move(prepared));
    return result;
  }

  Result<void> Bind(sqlite3_stmt* prepared, std::span<const Value> params) {
    sqlite3_clear_bindings(prepared);
    if (static_cast<int>(params.size()) != sqlite3_bind_parameter_count(prepared)) {
      return Fail(Error::Internal(
          fmt::format("statement '{}' takes {} parameters, given {}", sqlite3_sql(prepared),
                      sqlite3_bind_parameter_count(prepared), params.size())));
    }
    for (std::size_t i = 0; i < params.size(); ++i) {
      const int index = static_cast<int>(i) + 1;
      const Value& value = params[i];
      int code = SQLITE_OK;
      if (const auto* number = std::get_if<std::int64_t>(&value)) {
        code = sqlite3_bind_int64(prepared, index, *number);
      } else if (const auto* real = std::get_if<double>(&value)) {
        code = sqlite3_bind_double(prepared, index, *real);
      } else if (const auto* text = std::get_if<std::string>(&value)) {
        code = sqlite3_bind_text64(prepared, index, text->data(), text->size(), SQLITE_TRANSIENT,
                                   SQLITE_UTF8);
      } else {
        code = sqlite3_bind_null(prepared, index);
      }
      if (code != SQLITE_OK) return Fail(SqliteError(db_.get(), code, "cannot bind a value"));
    }
    return {};
  }

  static Value Column(sqlite3_stmt* prepared, int index) {
    switch (sqlite3_column_type(prepared, index)) {
      case SQLITE_INTEGER:
        return static_cast<std::int64_t>(sqlite3_column_int64(prepared, index));
      case SQLITE_FLOAT:
        return sqlite3_column_double(prepared, index);
      case SQLITE_NULL:
        return std::monostate{};
      default: {
        const auto* text = reinterpret_cast<const char*>(sqlite3_column_text(prepared, index));
        const int size = sqlite3_column_bytes(prepared, index);
        return std::string(text ? text : "", static_cast<std::size_t>(size));
      }
    }
  }

  // Statements must be finalised before the database closes: declared after
  // db_, so destroyed first.
  DatabasePtr db_;
  std::map<std::string, StatementPtr, std::less<>> statements_;
};

using ConnectionPool = sql::ConnectionPool<SqliteConnection>;

// A returned connection serves again unless its transaction was left open
// (work threw, or a rollback failed): that must not leak into the next
// borrower.
bool Reusable(SqliteConnection& connection) {
  return !connection.InTransaction() || connection.Exec("ROLLBACK").has_value();
}

Result<int> CurrentVersion(SqliteConnection& connection) {
  Rows rows = PARAPLAN_TRY(connection.Query("SELECT COALESCE(MAX(version), 0) FROM schema_version",
                                            std::span<const Value>()));
  sql::RowReader read(rows.at(0), "schema_version");
  int version = read.SmallInt(0);
  PARAPLAN_TRY(read.Finish());
  return version;
}

Result<int> Migrate(SqliteConnection& connection, std::optional<int> migrate_to) {
  PARAPLAN_TRY(connection.Exec(
      "CREATE TABLE IF NOT EXISTS schema_version (version INTEGER PRIMARY KEY, name TEXT NOT NULL, "
      "applied_at TEXT NOT NULL)"));
  const auto migrations = Migrations();
  const int known = static_cast<int>(migrations.size());
  const int target = std::min(migrate_to.value_or(known), known);
  int current = PARAPLAN_TRY(CurrentVersion(connection));
  if (current > known) {
    return Fail(
        Error::FailedPrecondition(fmt::format("the database is at schema version {}, newer than "
                                              "this paraplan knows ({}); upgrade paraplan",
                                              current, known)));
  }
  for (const Migration& migration : migrations) {
    if (migration.version <= current || migration.version > target) continue;
    PARAPLAN_TRY(connection.Exec("BEGIN IMMEDIATE"));
    auto applied = [&]() -> Result<void> {
      // Another process may have migrated while this one waited for the lock.
      if (PARAPLAN_TRY(CurrentVersion(connection)) >= migration.version) return {};
      PARAPLAN_TRY(connection.Exec(RenderMigration(migration.script, sql::Dialect::kSqlite)));
      PARAPLAN_TRY(connection.Execute(
          "INSERT INTO schema_version (version, name, applied_at) VALUES (?, ?, datetime('now'))",
          {sql::Int(migration.version), sql::Text(migration.name)}));
      return connection.Exec("COMMIT");
    }();
    if (!applied) {
      (void)connection.Exec("ROLLBACK");
      return Fail(Error::Internal(fmt::format("migration {} ({}) failed: {}", migration.version,
                                              migration.name, applied.error().message)));
    }
    current = migration.version;
  }
  return PARAPLAN_TRY(CurrentVersion(connection));
}

class SqliteStore final : public Store, public SqlRunner {
 public:
  SqliteStore(std::string path, SqliteOptions options, std::size_t pool_limit, int schema_version)
      : pool_(Opener(std::move(path), options, pool_limit), Reusable, pool_limit),
        schema_version_(schema_version) {}

  Result<void> Write(const std::function<Result<void>(Transaction&)>& work) override {
    return RunWrite([&](sql::Session& session) {
      sql::SqlTransaction transaction(session, sql::TransactionMode::kWrite);
      return work(transaction);
    });
  }

  Result<void> Read(const std::function<Result<void>(Transaction&)>& work) override {
    return RunRead([&](sql::Session& session) {
      sql::SqlTransaction transaction(session, sql::TransactionMode::kRead);
      return work(transaction);
    });
  }

  Result<void> RunWrite(const Work& work) override {
    // One writer at a time in this process; BEGIN IMMEDIATE takes the file's
    // write lock up front so a transaction never fails half-way for another
    // process's lock, and busy_timeout plus the retries below wait for it.
    std::lock_guard writer(write_mutex_);
    Result<void> outcome;
    for (int attempt = 1; attempt <= kWriteAttempts; ++attempt) {
      outcome = WriteOnce(work);
      if (outcome || outcome.error().code != ErrorCode::kUnavailable) return outcome;
      std::this_thread::sleep_for(std::chrono::milliseconds(10 * attempt));
    }
    return outcome;
  }

  Result<void> RunRead(const Work& work) override {
    auto connection = PARAPLAN_TRY(pool_.Acquire());
    PARAPLAN_TRY(connection->Exec("BEGIN"));
    Result<void> outcome = work(*connection);
    auto ended = connection->Exec("COMMIT");
    if (!outcome) return outcome;
    return ended;
  }

  SqlRunner* sql_runner() override { return this; }

  int SchemaVersion() const override { return schema_version_; }

  void Adopt(std::unique_ptr<SqliteConnection> connection) { pool_.Adopt(std::move(connection)); }

  Result<void> CheckIntegrity() override {
    auto connection = PARAPLAN_TRY(pool_.Acquire());
    Rows integrity =
        PARAPLAN_TRY(connection->Query("PRAGMA integrity_check", std::span<const Value>()));
    std::vector<std::string> problems;
    for (const auto& row : integrity) {
      sql::RowReader read(row, "integrity_check");
      std::string line = read.Text(0);
      if (line != "ok") problems.push_back(std::move(line));
    }
    Rows foreign =
        PARAPLAN_TRY(connection->Query("PRAGMA foreign_key_check", std::span<const Value>()));
    for (const auto& row : foreign) {
      sql::RowReader read(row, "foreign_key_check");
      problems.push_back(fmt::format("{} row {} refers to a missing {}", read.Text(0),
                                     read.IsNull(1) ? 0 : read.Int(1), read.Text(2)));
    }
    std::vector<std::string> districts =
        PARAPLAN_TRY(sql::DistrictConsistencyProblems(*connection));
    problems.insert(problems.end(), districts.begin(), districts.end());
    if (problems.empty()) return {};
    return Fail(
        Error::Internal(fmt::format("the database is inconsistent: {} problems, the first: {}",
                                    problems.size(), problems.front())));
  }

 private:
  // An in-memory database exists only in its one connection: a second
  // would be another, empty database.
  static ConnectionPool::Opener Opener(std::string path, SqliteOptions options,
                                       std::size_t pool_limit) {
    return [path = std::move(path), options,
            pool_limit]() -> Result<std::unique_ptr<SqliteConnection>> {
      if (pool_limit == 1 && path == ":memory:") {
        return Fail(Error::Unavailable(
            "an in-memory database has one connection, and a transaction already holds it"));
      }
      return SqliteConnection::Open(path, options);
    };
  }

  Result<void> WriteOnce(const Work& work) {
    auto connection = PARAPLAN_TRY(pool_.Acquire());
    PARAPLAN_TRY(connection->Exec("BEGIN IMMEDIATE"));
    Result<void> outcome = work(*connection);
    if (!outcome) {
      (void)connection->Exec("ROLLBACK");
      return outcome;
    }
    auto committed = connection->Exec("COMMIT");
    if (!committed) (void)connection->Exec("ROLLBACK");
    return committed;
  }

  ConnectionPool pool_;
  std::mutex write_mutex_;
  const int schema_version_;
};

}  // namespace

Result<std::unique_ptr<Store>> OpenSqliteStore(const std::string& path, SqliteOptions options) {
  // An in-memory database lives only in its one connection, so that store
  // keeps exactly one; files get a small pool.
  const bool in_memory = path.empty() || path == ":memory:";
  const std::string store_path = in_memory ? std::string(":memory:") : path;
  auto connection = PARAPLAN_TRY(SqliteConnection::Open(store_path, options));
  const int version = PARAPLAN_TRY(Migrate(*connection, options.migrate_to));
  auto store = std::make_unique<SqliteStore>(store_path, options,
                                             in_memory ? std::size_t{1} : kMaxConnections, version);
  store->Adopt(std::move(connection));
  return std::unique_ptr<Store>(std::move(store));
}

}  // namespace paraplan
