#include "store/postgres/postgres_store.h"

#include <fmt/format.h>
#include <libpq-fe.h>

#include <algorithm>
#include <charconv>
#include <chrono>
#include <map>
#include <random>
#include <thread>
#include <vector>

#include "store/sql/connection_pool.h"
#include "store/sql/integrity.h"
#include "store/sql/session.h"
#include "store/sql/sql_transaction.h"
#include "store/sql_runner.h"
#include "store/sqlite/migrations.h"

namespace paraplan {
namespace {

using sql::Rows;
using sql::Value;

// Serialisable transactions may be cancelled by the server when they
// conflict; they are retried this many times with growing, jittered pauses.
constexpr int kWriteAttempts = 20;
// The role district-scoped transactions switch to; row-level security
// policies apply to it (the owner of the tables bypasses them).
constexpr std::string_view kTenantRole = "paraplan_tenant";
// Serialises migrations and policy set-up between instances starting at once.
constexpr std::int64_t kMigrationLock = 0x70617261706c616e;  // "paraplan"

// Type OIDs of the columns paraplan reads (pg_type.h is a server header).
constexpr Oid kBoolOid = 16;
constexpr Oid kInt8Oid = 20;
constexpr Oid kInt2Oid = 21;
constexpr Oid kInt4Oid = 23;
constexpr Oid kFloat4Oid = 700;
constexpr Oid kFloat8Oid = 701;
constexpr Oid kNumericOid = 1700;

struct ResultDeleter {
  void operator()(PGresult* result) const { PQclear(result); }
};
using ResultPtr = std::unique_ptr<PGresult, ResultDeleter>;

struct ConnectionDeleter {
  void operator()(PGconn* connection) const { PQfinish(connection); }
};
using ConnectionPtr = std::unique_ptr<PGconn, ConnectionDeleter>;

Error PostgresError(PGconn* connection, const PGresult* result, std::string_view doing) {
  const char* state = result ? PQresultErrorField(result, PG_DIAG_SQLSTATE) : nullptr;
  std::string code = state ? state : "";
  std::string text = result ? PQresultErrorMessage(result) : PQerrorMessage(connection);
  while (!text.empty() && (text.back() == '\n' || text.back() == ' ')) text.pop_back();
  std::string message = fmt::format("{}: {}", doing, text);
  if (code == "40001" || code == "40P01") {
    return Error::Unavailable("the transaction conflicted with another; " + message);
  }
  if (code == "23505") return Error::AlreadyExists(message);
  if (code == "23503") return Error::FailedPrecondition(message);
  if (code.starts_with("23")) return Error::Invalid(message);
  if (code == "42501") return Error::PermissionDenied(message);
  if (code.starts_with("08") || code == "57P01" || code == "57P03" || code == "53300") {
    return Error::Unavailable(message);
  }
  if (code == "53100") return Error::ResourceExhausted(message);
  if (!result && PQstatus(connection) != CONNECTION_OK) return Error::Unavailable(message);
  return Error::Internal(message);
}

// Rewrites the portable `?` placeholders as PostgreSQL's $1, $2...
std::string NumberPlaceholders(std::string_view statement) {
  std::string out;
  out.reserve(statement.size() + 16);
  int next = 1;
  bool in_literal = false;
  for (char c : statement) {
    if (c == '\'') in_literal = !in_literal;
    if (c == '?' && !in_literal) {
      out += fmt::format("${}", next++);
    } else {
      out += c;
    }
  }
  return out;
}

std::string TextOf(const Value& value) {
  if (const auto* number = std::get_if<std::int64_t>(&value)) return std::to_string(*number);
  if (const auto* real = std::get_if<double>(&value)) return fmt::format("{}", *real);
  return std::get<std::string>(value);
}

class PostgresConnection final : public sql::Session {
 public:
  static Result<std::unique_ptr<PostgresConnection>> Open(const std::string& url,
                                                          const std::string& schema) {
    ConnectionPtr connection(PQconnectdb(url.c_str()));
    if (!connection || PQstatus(connection.get()) != CONNECTION_OK) {
      std::string message = connection ? PQerrorMessage(connection.get()) : "out of memory";
      while (!message.empty() && message.back() == '\n') message.pop_back();
      return Fail(Error::Unavailable("cannot connect to PostgreSQL: " + message));
    }
    // Notices (e.g. "relation already exists, skipping") are expected during
    // set-up and would otherwise go to stderr.
    PQsetNoticeProcessor(
        connection.get(), [](void*, const char*) {}, nullptr);
    auto session =
        std::unique_ptr<PostgresConnection>(new PostgresConnection(std::move(connection)));
    PARAPLAN_TRY(session->Exec("SET client_min_messages = warning"));
    if (!schema.empty()) {
      std::string quoted = PARAPLAN_TRY(session->QuoteIdentifier(schema));
      // Only a missing schema is created: a read replica refuses even
      // CREATE SCHEMA IF NOT EXISTS, and must still open.
      Rows found = PARAPLAN_TRY(
          session->Query("SELECT 1 FROM pg_namespace WHERE nspname = ?", {sql::Text(schema)}));
      if (found.empty()) {
        PARAPLAN_TRY(session->Exec(fmt::format("CREATE SCHEMA IF NOT EXISTS {}", quoted)));
      }
      PARAPLAN_TRY(session->Exec(fmt::format("SET search_path TO {}", quoted)));
    }
    return session;
  }

  using sql::Session::Execute;
  using sql::Session::Query;

  sql::Dialect dialect() const override { return sql::Dialect::kPostgres; }

  Result<Rows> Query(std::string_view statement, std::span<const Value> params) override {
    ResultPtr result = PARAPLAN_TRY(Run(statement, params));
    const int rows = PQntuples(result.get());
    const int columns = PQnfields(result.get());
    Rows out;
    out.reserve(static_cast<std::size_t>(rows));
    for (int r = 0; r < rows; ++r) {
      sql::Row row;
      row.reserve(static_cast<std::size_t>(columns));
      for (int c = 0; c < columns; ++c) row.push_back(Cell(result.get(), r, c));
      out.push_back(std::move(row));
    }
    return out;
  }

  Result<std::int64_t> Execute(std::string_view statement, std::span<const Value> params) override {
    ResultPtr result = PARAPLAN_TRY(Run(statement, params));
    std::string_view affected = PQcmdTuples(result.get());
    std::int64_t count = 0;
    std::from_chars(affected.data(), affected.data() + affected.size(), count);
    return count;
  }

  // Holds the statement and sends it with the next one that waits, all in
  // one round trip (libpq's pipeline mode): loading a district runs some
  // forty detail inserts per student, and one round trip each made a
  // PostgreSQL load many times slower than SQLite's.
  Result<void> ExecuteLater(std::string_view statement, std::span<const Value> params) override {
    const Prepared* prepared = PARAPLAN_TRY(Prepare(statement, static_cast<int>(params.size())));
    held_.push_back({prepared->name, ParameterTexts(params), Pending::Kind::kPrepared,
                     prepared->rows_insert ? &prepared->statement : nullptr});
    if (held_.size() < kHeldAtMost) return {};
    PARAPLAN_TRY(SendHeldWith(std::nullopt));
    return {};
  }

  Result<std::vector<std::int64_t>> ReserveIds(std::string_view table, int count) override {
    Rows rows = PARAPLAN_TRY(
        Query("SELECT nextval(pg_get_serial_sequence(?, 'id')) FROM generate_series(1, ?)",
              {sql::Text(table), sql::Int(count)}));
    std::vector<std::int64_t> ids;
    ids.reserve(rows.size());
    for (const sql::Row& row : rows) {
      sql::RowReader read(row, table);
      ids.push_back(read.Int(0));
      PARAPLAN_TRY(read.Finish());
    }
    std::sort(ids.begin(), ids.end());
    return ids;
  }

  // Runs SQL without parameters: transaction control, settings, migrations
  // (which may hold several statements). A ROLLBACK drops the held
  // statements unsent; anything else (COMMIT above all) is sent after them.
  Result<void> Exec(const std::string& script) {
    if (script == "ROLLBACK") held_.clear();
    if (!held_.empty()) {
      PARAPLAN_TRY(SendHeldWith(Pending{script, {}, Pending::Kind::kUnprepared, nullptr}));
      return {};
    }
    ResultPtr result(PQexec(connection_.get(), script.c_str()));
    const ExecStatusType status = result ? PQresultStatus(result.get()) : PGRES_FATAL_ERROR;
    if (status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK) return {};
    return Fail(PostgresError(connection_.get(), result.get(), "statement failed"));
  }

  Result<std::string> QuoteIdentifier(const std::string& name) {
    char* quoted = PQescapeIdentifier(connection_.get(), name.data(), name.size());
    if (!quoted) return Fail(Error::Invalid(fmt::format("'{}' is not a usable schema name", name)));
    std::string out = quoted;
    PQfreemem(quoted);
    return out;
  }

  bool Healthy() const { return PQstatus(connection_.get()) == CONNECTION_OK; }
  bool Idle() const { return PQtransactionStatus(connection_.get()) == PQTRANS_IDLE; }

 private:
  explicit PostgresConnection(ConnectionPtr connection) : connection_(std::move(connection)) {}

  // A statement prepared on this connection.
  struct Prepared {
    std::string name;
    std::string statement;  // as written, with `?` placeholders
    // Whether it is a plain `INSERT INTO t (...) VALUES (...)`, so that
    // several in a row can go as one multi-row insert.
    bool rows_insert = false;
  };

  // A statement to send: a prepared one by name, or SQL text; parameters as
  // text, nullopt for NULL.
  struct Pending {
    // kRows: a multi-row insert's text, prepared on first use.
    enum class Kind { kPrepared, kUnprepared, kRows };
    std::string statement;
    std::vector<std::optional<std::string>> params;
    Kind kind = Kind::kPrepared;
    // The statement as written when it is a plain row insert.
    const std::string* rows_insert = nullptr;
  };

  // Statements held at most before they are sent anyway; it also bounds
  // what either side buffers while the other is busy writing.
  static constexpr std::size_t kHeldAtMost = 1024;
  // Rows of one multi-row insert at most (and PostgreSQL's 65,535
  // parameters).
  static constexpr std::size_t kRowsAtMost = 500;

  static bool IsRowsInsert(std::string_view statement) {
    constexpr std::string_view kValues = " VALUES (";
    const std::size_t values = statement.find(kValues);
    if (!statement.starts_with("INSERT INTO ") || values == std::string_view::npos) return false;
    const std::string_view row = statement.substr(values + kValues.size() - 1);
    // One parenthesised row and nothing after it (no ON CONFLICT, RETURNING).
    return row.find('(', 1) == std::string_view::npos && row.find(')') == row.size() - 1;
  }

  // Runs of the same plain row insert become one multi-row insert: the
  // same rows in the same order, one statement for the server to run.
  static std::vector<Pending> Coalesced(std::vector<Pending> held) {
    std::vector<Pending> out;
    out.reserve(held.size());
    for (std::size_t first = 0; first < held.size();) {
      const Pending& head = held[first];
      const std::size_t most =
          head.rows_insert
              ? std::min(kRowsAtMost, 65535 / std::max<std::size_t>(1, head.params.size()))
              : 1;
      std::size_t end = first + 1;
      while (end < held.size() && end - first < most && held[end].statement == head.statement)
        ++end;
      if (end - first == 1) {
        out.push_back(std::move(held[first]));
        first = end;
        continue;
      }
      const std::string& written = *head.rows_insert;
      const std::size_t values = written.find(" VALUES (") + 8;
      std::string text = written.substr(0, values);
      Pending rows{"", {}, Pending::Kind::kRows, nullptr};
      for (std::size_t i = first; i < end; ++i) {
        if (i > first) text += ", ";
        text.append(written, values);
        for (auto& param : held[i].params) rows.params.push_back(std::move(param));
      }
      rows.statement = NumberPlaceholders(text);
      out.push_back(std::move(rows));
      first = end;
    }
    return out;
  }

  static std::vector<std::optional<std::string>> ParameterTexts(std::span<const Value> params) {
    std::vector<std::optional<std::string>> texts;
    texts.reserve(params.size());
    for (const Value& value : params) {
      if (std::holds_alternative<std::monostate>(value)) {
        texts.emplace_back();
      } else {
        texts.emplace_back(TextOf(value));
      }
    }
    return texts;
  }

  static std::vector<const char*> ParameterPointers(const Pending& pending) {
    std::vector<const char*> values;
    values.reserve(pending.params.size());
    for (const auto& text : pending.params) values.push_back(text ? text->c_str() : nullptr);
    return values;
  }

  static bool Succeeded(const PGresult* result) {
    const ExecStatusType status = result ? PQresultStatus(result) : PGRES_FATAL_ERROR;
    return status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK;
  }

  Result<ResultPtr> Run(std::string_view statement, std::span<const Value> params) {
    Pending pending{PARAPLAN_TRY(Prepare(statement, static_cast<int>(params.size())))->name,
                    ParameterTexts(params), Pending::Kind::kPrepared, nullptr};
    if (!held_.empty()) return SendHeldWith(std::move(pending));
    const std::vector<const char*> values = ParameterPointers(pending);
    ResultPtr result(PQexecPrepared(connection_.get(), pending.statement.c_str(),
                                    static_cast<int>(values.size()), values.data(), nullptr,
                                    nullptr, 0));
    if (!Succeeded(result.get())) {
      return Fail(PostgresError(connection_.get(), result.get(), "statement failed"));
    }
    return result;
  }

  bool Send(const Pending& pending) {
    const std::vector<const char*> values = ParameterPointers(pending);
    if (pending.kind == Pending::Kind::kUnprepared) {
      return PQsendQueryParams(connection_.get(), pending.statement.c_str(),
                               static_cast<int>(values.size()), nullptr, values.data(), nullptr,
                               nullptr, 0) == 1;
    }
    return PQsendQueryPrepared(connection_.get(), pending.statement.c_str(),
                               static_cast<int>(values.size()), values.data(), nullptr, nullptr,
                               0) == 1;
  }

  // Takes the next result of a pipeline and the end marker after it.
  ResultPtr NextResult() {
    ResultPtr result(PQgetResult(connection_.get()));
    if (result && PQresultStatus(result.get()) != PGRES_PIPELINE_SYNC) {
      while (ResultPtr extra{PQgetResult(connection_.get())}) {
      }
    }
    return result;
  }

  // Sends the held statements and then `last` in one pipeline ending in one
  // sync, reads every result, and returns last's, or the first failure:
  // once a statement fails the server skips the rest of the pipeline.
  Result<ResultPtr> SendHeldWith(std::optional<Pending> last) {
    std::vector<Pending> held = Coalesced(std::move(held_));
    held_.clear();
    PGconn* connection = connection_.get();
    if (PQenterPipelineMode(connection) != 1) {
      return Fail(PostgresError(connection, nullptr, "cannot send statements together"));
    }
    // Multi-row inserts are prepared in the pipeline the first time; each
    // such prepare adds a result before its statement's.
    std::vector<std::string> prepared_now;
    std::vector<bool> has_prepare_result;
    bool sent = true;
    for (Pending& pending : held) {
      has_prepare_result.push_back(false);
      if (pending.kind != Pending::Kind::kRows) {
        sent = sent && Send(pending);
        continue;
      }
      // Names are never reused: a name forgotten below may still exist on
      // the server.
      auto [found, added] = rows_statements_.try_emplace(
          pending.statement, fmt::format("r{}", rows_statements_named_ + 1));
      if (added) ++rows_statements_named_;
      if (added) {
        sent = sent && PQsendPrepare(connection, found->second.c_str(), pending.statement.c_str(),
                                     static_cast<int>(pending.params.size()), nullptr) == 1;
        prepared_now.push_back(pending.statement);
        has_prepare_result.back() = true;
      }
      pending.statement = found->second;
      pending.kind = Pending::Kind::kPrepared;
      sent = sent && Send(pending);
    }
    sent = sent && (!last || Send(*last)) && PQpipelineSync(connection) == 1;
    if (!sent) {
      // The connection is broken or out of step; the pool closes it.
      return Fail(PostgresError(connection, nullptr, "cannot send statements"));
    }
    std::optional<Error> failure;
    ResultPtr outcome;
    auto take = [&]() {
      ResultPtr result = NextResult();
      if (!failure && !Succeeded(result.get()) &&
          (!result || PQresultStatus(result.get()) != PGRES_PIPELINE_ABORTED)) {
        failure = PostgresError(connection, result.get(), "statement failed");
      }
      return result;
    };
    for (std::size_t i = 0; i < held.size(); ++i) {
      if (has_prepare_result[i]) take();
      take();
    }
    if (last) outcome = take();
    // A prepare in a pipeline that failed may not have happened.
    if (failure) {
      for (const std::string& text : prepared_now) rows_statements_.erase(text);
    }
    ResultPtr sync(PQgetResult(connection));
    if (!sync || PQresultStatus(sync.get()) != PGRES_PIPELINE_SYNC ||
        PQexitPipelineMode(connection) != 1) {
      return Fail(failure.value_or(
          PostgresError(connection, nullptr, "statements sent together did not end")));
    }
    if (failure) return Fail(std::move(*failure));
    return outcome;
  }

  Result<const Prepared*> Prepare(std::string_view statement, int parameters) {
    if (auto found = statements_.find(statement); found != statements_.end()) return &found->second;
    std::string name = fmt::format("p{}", statements_.size() + 1);
    std::string text = NumberPlaceholders(statement);
    ResultPtr result(PQprepare(connection_.get(), name.c_str(), text.c_str(), parameters, nullptr));
    if (!result || PQresultStatus(result.get()) != PGRES_COMMAND_OK) {
      return Fail(PostgresError(connection_.get(), result.get(),
                                fmt::format("cannot prepare '{}'", statement)));
    }
    Prepared prepared{std::move(name), std::string(statement), IsRowsInsert(statement)};
    auto [inserted, ignored] = statements_.emplace(std::string(statement), std::move(prepared));
    return &inserted->second;
  }

  static Value Cell(const PGresult* result, int row, int column) {
    if (PQgetisnull(result, row, column)) return std::monostate{};
    const char* text = PQgetvalue(result, row, column);
    const std::size_t size = static_cast<std::size_t>(PQgetlength(result, row, column));
    switch (PQftype(result, column)) {
      case kInt8Oid:
      case kInt4Oid:
      case kInt2Oid: {
        std::int64_t number = 0;
        std::from_chars(text, text + size, number);
        return number;
      }
      case kBoolOid:
        return std::int64_t{text[0] == 't' ? 1 : 0};
      case kFloat4Oid:
      case kFloat8Oid:
      case kNumericOid: {
        double number = 0;
        std::from_chars(text, text + size, number);
        return number;
      }
      default:
        return std::string(text, size);
    }
  }

  ConnectionPtr connection_;
  std::map<std::string, Prepared, std::less<>> statements_;
  // Multi-row inserts prepared on this connection, by text, and their names.
  std::map<std::string, std::string, std::less<>> rows_statements_;
  std::size_t rows_statements_named_ = 0;
  // Statements ExecuteLater holds until the next one that waits.
  std::vector<Pending> held_;
};

using ConnectionPool = sql::ConnectionPool<PostgresConnection>;

// A connection that broke, or whose transaction could not be ended, is
// closed rather than handed to the next caller.
bool Reusable(PostgresConnection& connection) {
  if (!connection.Healthy()) return false;
  if (!connection.Idle() && !connection.Exec("ROLLBACK")) return false;
  return connection.Healthy();
}

Result<int> CurrentVersion(PostgresConnection& connection) {
  Rows rows = PARAPLAN_TRY(connection.Query("SELECT COALESCE(MAX(version), 0) FROM schema_version",
                                            std::span<const Value>()));
  sql::RowReader read(rows.at(0), "schema_version");
  int version = read.SmallInt(0);
  PARAPLAN_TRY(read.Finish());
  return version;
}

// Runs `step` in one transaction holding the migration lock.
template <typename Step>
Result<void> Locked(PostgresConnection& connection, Step step) {
  PARAPLAN_TRY(connection.Exec("BEGIN"));
  auto done = [&]() -> Result<void> {
    PARAPLAN_TRY(connection.Query("SELECT pg_advisory_xact_lock(?)", {sql::Int(kMigrationLock)}));
    PARAPLAN_TRY(step());
    return connection.Exec("COMMIT");
  }();
  if (!done) (void)connection.Exec("ROLLBACK");
  return done;
}

Result<int> Migrate(PostgresConnection& connection, std::optional<int> migrate_to) {
  Rows table = PARAPLAN_TRY(connection.Query("SELECT to_regclass('schema_version') IS NOT NULL",
                                             std::span<const Value>()));
  sql::RowReader exists(table.at(0), "pg_class");
  const bool has_version_table = exists.Int(0) == 1;
  PARAPLAN_TRY(exists.Finish());
  if (!has_version_table)
    PARAPLAN_TRY(Locked(connection, [&]() -> Result<void> {
      return connection.Exec(
          "CREATE TABLE IF NOT EXISTS schema_version (version INTEGER PRIMARY KEY, name TEXT NOT "
          "NULL, applied_at TEXT NOT NULL)");
    }));
  const auto migrations = Migrations();
  const int known = static_cast<int>(migrations.size());
  const int target = std::min(migrate_to.value_or(known), known);
  const int current = PARAPLAN_TRY(CurrentVersion(connection));
  if (current > known) {
    return Fail(
        Error::FailedPrecondition(fmt::format("the database is at schema version {}, newer than "
                                              "this paraplan knows ({}); upgrade paraplan",
                                              current, known)));
  }
  for (const Migration& migration : migrations) {
    if (migration.version <= current || migration.version > target) continue;
    auto applied = Locked(connection, [&]() -> Result<void> {
      // Another instance may have migrated while this one waited for the lock.
      if (PARAPLAN_TRY(CurrentVersion(connection)) >= migration.version) return {};
      PARAPLAN_TRY(connection.Exec(RenderMigration(migration.script, sql::Dialect::kPostgres)));
      PARAPLAN_TRY(connection.Execute(
          "INSERT INTO schema_version (version, name, applied_at) VALUES (?, ?, now()::text)",
          {sql::Int(migration.version), sql::Text(migration.name)}));
      return {};
    });
    if (!applied) {
      return Fail(Error::Internal(fmt::format("migration {} ({}) failed: {}", migration.version,
                                              migration.name, applied.error().message)));
    }
  }
  return PARAPLAN_TRY(CurrentVersion(connection));
}

// Sets up tenant isolation for every table that holds district data: row
// level security with a policy that lets the tenant role see and write only
// the rows of the district its transaction names. Tables added by later
// migrations are covered on the next start, as long as they carry
// district_id. Idempotent.
Result<bool> IsolationComplete(PostgresConnection& connection) {
  Rows role = PARAPLAN_TRY(connection.Query(
      "SELECT pg_has_role(current_user, oid, 'MEMBER') FROM pg_roles WHERE rolname = ?",
      {sql::Text(kTenantRole)}));
  if (role.empty()) return false;
  sql::RowReader member(role.front(), "pg_roles");
  if (member.Int(0) != 1) return false;
  PARAPLAN_TRY(member.Finish());
  Rows missing = PARAPLAN_TRY(connection.Query(
      "SELECT COUNT(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
      "WHERE n.nspname = current_schema() AND c.relkind = 'r' AND ("
      "  NOT has_table_privilege(?, c.oid, 'SELECT, INSERT, UPDATE, DELETE') OR ("
      "    (c.relname = 'district' OR EXISTS (SELECT 1 FROM pg_attribute a WHERE a.attrelid = "
      "c.oid AND a.attname = 'district_id' AND NOT a.attisdropped)) AND (NOT c.relrowsecurity OR "
      "NOT EXISTS (SELECT 1 FROM pg_policy p WHERE p.polrelid = c.oid AND p.polname = "
      "'district_isolation'))))",
      {sql::Text(kTenantRole)}));
  sql::RowReader read(missing.at(0), "pg_class");
  const std::int64_t count = read.Int(0);
  PARAPLAN_TRY(read.Finish());
  return count == 0;
}

Result<void> IsolateDistricts(PostgresConnection& connection) {
  // Changing policies takes strong locks; skip it when nothing is missing.
  if (PARAPLAN_TRY(IsolationComplete(connection))) return {};
  return Locked(connection, [&]() -> Result<void> {
    Rows role = PARAPLAN_TRY(
        connection.Query("SELECT 1 FROM pg_roles WHERE rolname = ?", {sql::Text(kTenantRole)}));
    if (role.empty()) {
      auto created = connection.Exec(fmt::format("CREATE ROLE {} NOLOGIN", kTenantRole));
      if (!created) {
        return Fail(Error::FailedPrecondition(fmt::format(
            "the role {} is missing and this user may not create it ({}); ask the database "
            "administrator to run CREATE ROLE {} NOLOGIN",
            kTenantRole, created.error().message, kTenantRole)));
      }
    }
    PARAPLAN_TRY(connection.Exec(
        fmt::format("DO $$ BEGIN IF NOT pg_has_role(current_user, '{0}', 'MEMBER') THEN "
                    "EXECUTE 'GRANT {0} TO ' || quote_ident(current_user); END IF; END $$",
                    kTenantRole)));
    PARAPLAN_TRY(connection.Exec(
        fmt::format("DO $$ BEGIN EXECUTE 'GRANT USAGE ON SCHEMA ' || quote_ident(current_schema()) "
                    "|| ' TO {0}'; "
                    "EXECUTE 'GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA ' || "
                    "quote_ident(current_schema()) || ' TO {0}'; "
                    "EXECUTE 'GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA ' || "
                    "quote_ident(current_schema()) || ' TO {0}'; END $$",
                    kTenantRole)));
    Rows tables = PARAPLAN_TRY(connection.Query(
        "SELECT table_name, MAX(CASE WHEN column_name = 'district_id' THEN 1 ELSE 0 END) "
        "FROM information_schema.columns WHERE table_schema = current_schema() "
        "AND (column_name = 'district_id' OR table_name = 'district') GROUP BY table_name "
        "ORDER BY table_name",
        std::span<const Value>()));
    for (const auto& row : tables) {
      sql::RowReader read(row, "information_schema.columns");
      const std::string table = read.Text(0);
      const bool has_district_column = read.Int(1) == 1;
      PARAPLAN_TRY(read.Finish());
      const std::string column = has_district_column ? "district_id" : "id";
      const std::string quoted = PARAPLAN_TRY(connection.QuoteIdentifier(table));
      PARAPLAN_TRY(
          connection.Exec(fmt::format("ALTER TABLE {} ENABLE ROW LEVEL SECURITY", quoted)));
      Rows policy = PARAPLAN_TRY(connection.Query(
          "SELECT 1 FROM pg_policies WHERE schemaname = current_schema() AND tablename = ? AND "
          "policyname = 'district_isolation'",
          {sql::Text(table)}));
      if (!policy.empty()) continue;
      // current_setting(..., true) is NULL when no district was named, so an
      // unscoped tenant transaction sees nothing rather than everything.
      PARAPLAN_TRY(connection.Exec(fmt::format(
          "CREATE POLICY district_isolation ON {0} TO {1} "
          "USING ({2} = NULLIF(current_setting('paraplan.district_id', true), '')::bigint) "
          "WITH CHECK ({2} = NULLIF(current_setting('paraplan.district_id', true), '')::bigint)",
          quoted, kTenantRole, column)));
    }
    return {};
  });
}

class PostgresStore final : public Store, public SqlRunner {
 public:
  PostgresStore(std::string url, std::string schema, std::size_t pool_size, int schema_version)
      : pool_([url = std::move(url),
               schema = std::move(schema)] { return PostgresConnection::Open(url, schema); },
              Reusable, pool_size),
        schema_version_(schema_version) {}

  void Adopt(std::unique_ptr<PostgresConnection> connection) { pool_.Adopt(std::move(connection)); }

  Result<void> Write(const std::function<Result<void>(Transaction&)>& work) override {
    return WriteWithRetries(std::nullopt, OnTransaction(work));
  }
  Result<void> Read(const std::function<Result<void>(Transaction&)>& work) override {
    return ReadScoped(std::nullopt, OnTransaction(work));
  }
  Result<void> WriteInDistrict(Id district_id,
                               const std::function<Result<void>(Transaction&)>& work) override {
    return WriteWithRetries(district_id, OnTransaction(work));
  }
  Result<void> ReadInDistrict(Id district_id,
                              const std::function<Result<void>(Transaction&)>& work) override {
    return ReadScoped(district_id, OnTransaction(work));
  }
  bool EnforcesDistrictIsolation() const override { return true; }

  Result<void> RunWrite(const Work& work) override {
    return WriteWithRetries(std::nullopt,
                            [&](sql::Session& session, Transaction&) { return work(session); });
  }
  Result<void> RunRead(const Work& work) override {
    return ReadScoped(std::nullopt,
                      [&](sql::Session& session, Transaction&) { return work(session); });
  }
  SqlRunner* sql_runner() override { return this; }

  int SchemaVersion() const override { return schema_version_; }

  Result<void> CheckIntegrity() override {
    // PostgreSQL enforces keys itself; what it cannot know is that the
    // district copied into child rows matches the parent's.
    auto connection = PARAPLAN_TRY(pool_.Acquire());
    std::vector<std::string> problems = PARAPLAN_TRY(sql::DistrictConsistencyProblems(*connection));
    if (problems.empty()) return {};
    return Fail(
        Error::Internal(fmt::format("the database is inconsistent: {} problems, the first: {}",
                                    problems.size(), problems.front())));
  }

 private:
  // Work on the open transaction, through the record interface or raw SQL.
  using Inner = std::function<Result<void>(sql::Session&, Transaction&)>;

  static Inner OnTransaction(const std::function<Result<void>(Transaction&)>& work) {
    return [&work](sql::Session&, Transaction& transaction) { return work(transaction); };
  }

  // Names the district for the row-level security policies and drops to
  // the tenant role for the rest of the transaction.
  static Result<void> Scope(PostgresConnection& connection, std::optional<Id> district_id) {
    if (!district_id) return {};
    PARAPLAN_TRY(connection.Exec(fmt::format("SET LOCAL ROLE {}", kTenantRole)));
    PARAPLAN_TRY(connection.Query("SELECT set_config('paraplan.district_id', ?, true)",
                                  {sql::Text(std::to_string(*district_id))}));
    return {};
  }

  Result<void> WriteWithRetries(std::optional<Id> district_id, const Inner& work) {
    thread_local std::minstd_rand jitter(std::random_device{}());
    Result<void> outcome;
    for (int attempt = 1; attempt <= kWriteAttempts; ++attempt) {
      outcome = WriteOnce(district_id, work);
      if (outcome || outcome.error().code != ErrorCode::kUnavailable) return outcome;
      const int pause = static_cast<int>(jitter() % 5 + 1) * std::min(attempt, 10);
      std::this_thread::sleep_for(std::chrono::milliseconds(pause));
    }
    return outcome;
  }

  Result<void> WriteOnce(std::optional<Id> district_id, const Inner& work) {
    auto connection = PARAPLAN_TRY(pool_.Acquire());
    // Serialisable: the checks SqlTransaction makes before writing (the
    // referenced school exists, the source id is free) stay true until
    // commit, as they do under SQLite's single writer.
    PARAPLAN_TRY(connection->Exec("BEGIN ISOLATION LEVEL SERIALIZABLE"));
    auto outcome = [&]() -> Result<void> {
      PARAPLAN_TRY(Scope(*connection, district_id));
      sql::SqlTransaction transaction(*connection, sql::TransactionMode::kWrite);
      PARAPLAN_TRY(work(*connection, transaction));
      return connection->Exec("COMMIT");
    }();
    if (!outcome) (void)connection->Exec("ROLLBACK");
    return outcome;
  }

  Result<void> ReadScoped(std::optional<Id> district_id, const Inner& work) {
    auto connection = PARAPLAN_TRY(pool_.Acquire());
    PARAPLAN_TRY(connection->Exec("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY"));
    auto outcome = [&]() -> Result<void> {
      PARAPLAN_TRY(Scope(*connection, district_id));
      sql::SqlTransaction transaction(*connection, sql::TransactionMode::kRead);
      return work(*connection, transaction);
    }();
    auto ended = connection->Exec(outcome ? "COMMIT" : "ROLLBACK");
    if (!outcome) return outcome;
    return ended;
  }

  ConnectionPool pool_;
  const int schema_version_;
};

struct ParsedUrl {
  std::string conninfo;
  std::optional<int> pool_size;
  std::optional<std::string> schema;
};

// Takes paraplan's own parameters out of the URL's query string.
Result<ParsedUrl> ParseUrl(std::string_view url) {
  ParsedUrl parsed;
  const std::size_t question = url.find('?');
  if (question == std::string_view::npos) {
    parsed.conninfo = std::string(url);
    return parsed;
  }
  std::string kept;
  std::string_view query = url.substr(question + 1);
  while (!query.empty()) {
    const std::size_t amp = query.find('&');
    std::string_view pair = query.substr(0, amp);
    query = amp == std::string_view::npos ? std::string_view() : query.substr(amp + 1);
    const std::size_t equals = pair.find('=');
    std::string_view key = pair.substr(0, equals);
    std::string_view value =
        equals == std::string_view::npos ? std::string_view() : pair.substr(equals + 1);
    if (key == "pool_size") {
      int size = 0;
      auto [end, error] = std::from_chars(value.data(), value.data() + value.size(), size);
      if (error != std::errc() || end != value.data() + value.size() || size < 1 || size > 1000) {
        return Fail(Error::Invalid(
            fmt::format("--db: pool_size '{}' is not a number from 1 to 1000", value),
            {{"db", "pool_size is not a number from 1 to 1000"}}));
      }
      parsed.pool_size = size;
    } else if (key == "schema") {
      if (value.empty()) {
        return Fail(Error::Invalid("--db: schema is empty", {{"db", "schema is empty"}}));
      }
      parsed.schema = std::string(value);
    } else {
      if (!kept.empty()) kept += '&';
      kept += pair;
    }
  }
  parsed.conninfo = std::string(url.substr(0, question));
  if (!kept.empty()) parsed.conninfo += "?" + kept;
  return parsed;
}

}  // namespace

Result<std::unique_ptr<Store>> OpenPostgresStore(std::string_view url, PostgresOptions options) {
  ParsedUrl parsed = PARAPLAN_TRY(ParseUrl(url));
  if (parsed.pool_size) options.pool_size = *parsed.pool_size;
  if (parsed.schema) options.schema = *parsed.schema;
  if (options.pool_size < 1) {
    return Fail(
        Error::Invalid("pool_size must be at least 1", {{"pool_size", "must be at least 1"}}));
  }
  auto connection = PARAPLAN_TRY(PostgresConnection::Open(parsed.conninfo, options.schema));
  const int version = PARAPLAN_TRY(Migrate(*connection, options.migrate_to));
  PARAPLAN_TRY(IsolateDistricts(*connection));
  auto store = std::make_unique<PostgresStore>(
      parsed.conninfo, options.schema, static_cast<std::size_t>(options.pool_size), version);
  store->Adopt(std::move(connection));
  return std::unique_ptr<Store>(std::move(store));
}

Result<void> EmptyPostgresSchema(std::string_view url, const std::string& schema) {
  ParsedUrl parsed = PARAPLAN_TRY(ParseUrl(url));
  auto connection = PARAPLAN_TRY(PostgresConnection::Open(parsed.conninfo, schema));
  // Newest tables first, so rows referring to others go before what they
  // refer to. DELETE rather than TRUNCATE: test databases are small, and
  // truncation replaces every table's files.
  Rows tables = PARAPLAN_TRY(connection->Query(
      "SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
      "WHERE n.nspname = current_schema() AND c.relkind = 'r' AND c.relname <> 'schema_version' "
      "ORDER BY c.oid DESC",
      std::span<const Value>()));
  std::string script = "BEGIN;";
  for (const auto& row : tables) {
    sql::RowReader read(row, "pg_class");
    std::string name = read.Text(0);
    PARAPLAN_TRY(read.Finish());
    script += fmt::format(" DELETE FROM {};", PARAPLAN_TRY(connection->QuoteIdentifier(name)));
  }
  script += " COMMIT;";
  return connection->Exec(script);
}

Result<void> DropPostgresSchema(std::string_view url, const std::string& schema) {
  ParsedUrl parsed = PARAPLAN_TRY(ParseUrl(url));
  auto connection = PARAPLAN_TRY(PostgresConnection::Open(parsed.conninfo, ""));
  const std::string quoted = PARAPLAN_TRY(connection->QuoteIdentifier(schema));
  return connection->Exec(fmt::format("DROP SCHEMA IF EXISTS {} CASCADE", quoted));
}

}  // namespace paraplan
