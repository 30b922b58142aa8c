#include "raw_libpq_captures.h"

#include <map>

namespace paraplan::bench {
namespace {

constexpr const char* kRecordColumns =
    "id, district_id, kind, student_id, recorded_by, created_at, record_date, service_id, "
    "minutes, review, reviewed_by, version, content, received_at";
constexpr const char* kVersionColumns =
    "record_id, version, district_id, changed_by, changed_at, reason, changes, content";

struct ResultDeleter {
  void operator()(PGresult* result) const { PQclear(result); }
};
using ResultPtr = std::unique_ptr<PGresult, ResultDeleter>;

Error Failed(PGconn* connection, std::string_view doing) {
  std::string message = PQerrorMessage(connection);
  while (!message.empty() && message.back() == '\n') message.pop_back();
  return Error::Internal(std::string(doing) + ": " + message);
}

std::vector<std::optional<std::string>> RowOf(const PGresult* result, int row) {
  std::vector<std::optional<std::string>> values;
  for (int column = 0; column < PQnfields(result); ++column) {
    if (PQgetisnull(result, row, column)) {
      values.emplace_back();
    } else {
      values.emplace_back(PQgetvalue(result, row, column));
    }
  }
  return values;
}

}  // namespace

Result<std::unique_ptr<RawLibpqCaptures>> RawLibpqCaptures::Connect(const std::string& conninfo,
                                                                     const std::string& schema) {
  PGconn* connection = PQconnectdb(conninfo.c_str());
  std::unique_ptr<RawLibpqCaptures> raw(new RawLibpqCaptures(connection));
  if (PQstatus(connection) != CONNECTION_OK) return Fail(Failed(connection, "connect"));
  char* quoted = PQescapeIdentifier(connection, schema.data(), schema.size());
  if (!quoted) return Fail(Failed(connection, "quote the schema"));
  std::string search_path = std::string("SET search_path TO ") + quoted;
  PQfreemem(quoted);
  PARAPLAN_TRY(raw->Exec(search_path.c_str()));
  PARAPLAN_TRY(raw->Prepare());
  return raw;
}

RawLibpqCaptures::~RawLibpqCaptures() { PQfinish(connection_); }

Result<void> RawLibpqCaptures::Exec(const char* sql) {
  ResultPtr result(PQexec(connection_, sql));
  const ExecStatusType status = result ? PQresultStatus(result.get()) : PGRES_FATAL_ERROR;
  if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK) {
    return Fail(Failed(connection_, sql));
  }
  return {};
}

Result<void> RawLibpqCaptures::Prepare() {
  const std::string record = std::string("INSERT INTO capture_record (") + kRecordColumns +
                             ") VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, "
                             "$14)";
  const std::string version = std::string("INSERT INTO capture_version (") + kVersionColumns +
                              ") VALUES ($1, $2, $3, $4, $5, $6, $7, $8)";
  for (const auto& [name, sql] : {std::pair{"record", record}, std::pair{"version", version}}) {
    ResultPtr result(PQprepare(connection_, name, sql.c_str(), 0, nullptr));
    if (!result || PQresultStatus(result.get()) != PGRES_COMMAND_OK) {
      return Fail(Failed(connection_, "prepare"));
    }
  }
  return {};
}

Result<std::vector<StoredCapture>> RawLibpqCaptures::ReadBack(const std::string& prefix) {
  const std::string pattern = prefix + "%";
  const char* params[] = {pattern.c_str()};
  const std::string records_sql = std::string("SELECT ") + kRecordColumns +
                                  " FROM capture_record WHERE id LIKE $1 ORDER BY id";
  ResultPtr records(
      PQexecParams(connection_, records_sql.c_str(), 1, nullptr, params, nullptr, nullptr, 0));
  if (!records || PQresultStatus(records.get()) != PGRES_TUPLES_OK) {
    return Fail(Failed(connection_, "read capture records"));
  }
  const std::string versions_sql = std::string("SELECT ") + kVersionColumns +
                                   " FROM capture_version WHERE record_id LIKE $1 "
                                   "ORDER BY record_id, version";
  ResultPtr versions(
      PQexecParams(connection_, versions_sql.c_str(), 1, nullptr, params, nullptr, nullptr, 0));
  if (!versions || PQresultStatus(versions.get()) != PGRES_TUPLES_OK) {
    return Fail(Failed(connection_, "read capture versions"));
  }
  std::vector<StoredCapture> stored;
  std::map<std::string, std::size_t> by_id;
  for (int row = 0; row < PQntuples(records.get()); ++row) {
    by_id[PQgetvalue(records.get(), row, 0)] = stored.size();
    stored.push_back({RowOf(records.get(), row), {}});
  }
  for (int row = 0; row < PQntuples(versions.get()); ++row) {
    auto found = by_id.find(PQgetvalue(versions.get(), row, 0));
    if (found != by_id.end()) stored[found->second].versions.push_back(RowOf(versions.get(), row));
  }
  return stored;
}

Result<void> RawLibpqCaptures::RunPrepared(const char* name,
                                           const std::vector<std::optional<std::string>>& row,
                                           char id_mark) {
  std::string id = *row.at(0);
  id[0] = id_mark;
  std::vector<const char*> values;
  values.reserve(row.size());
  values.push_back(id.c_str());
  for (std::size_t column = 1; column < row.size(); ++column) {
    values.push_back(row[column] ? row[column]->c_str() : nullptr);
  }
  ResultPtr result(PQexecPrepared(connection_, name, static_cast<int>(values.size()),
                                  values.data(), nullptr, nullptr, 0));
  if (!result || PQresultStatus(result.get()) != PGRES_COMMAND_OK) {
    return Fail(Failed(connection_, name));
  }
  return {};
}

Result<void> RawLibpqCaptures::InsertCommitted(std::span<const StoredCapture> records,
                                               char id_mark) {
  PARAPLAN_TRY(Exec("BEGIN"));
  for (const StoredCapture& capture : records) {
    PARAPLAN_TRY(RunPrepared("record", capture.record, id_mark));
    for (const auto& version : capture.versions) {
      PARAPLAN_TRY(RunPrepared("version", version, id_mark));
    }
  }
  return Exec("COMMIT");
}

}  // namespace paraplan::bench
