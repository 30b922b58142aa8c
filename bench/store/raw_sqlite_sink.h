// The benchmark's reference: the same generated rows written straight into
// the same tables with raw sqlite3 prepared statements, the same pragmas
// (WAL, synchronous=FULL, foreign keys on) and the same transactions (one per
// frame, one per batch of students). What it leaves out is what the Store
// adds: validation, reference checks with named fields, and the mapping layer.
#pragma once

#include <sqlite3.h>

#include <map>
#include <string>

#include "synth/generator.h"

namespace paraplan::bench {

class RawSqliteSink : public synth::Sink {
 public:
  // The database must already have paraplan's schema (open it once with
  // OpenStore to migrate it).
  static Result<std::unique_ptr<RawSqliteSink>> Open(const std::string& path);

  // Only Open can make the key, so only Open constructs.
  class Key {
    friend class RawSqliteSink;
    Key() = default;
  };
  RawSqliteSink(Key, sqlite3* db) : db_(db) {}
  ~RawSqliteSink() override;

  Result<void> PutDistrict(synth::DistrictFrame& frame) override;
  Result<void> PutSchool(synth::SchoolFrame& frame) override;
  Result<void> PutStudents(std::span<synth::StudentRecord> batch) override;

  std::int64_t rows() const { return rows_; }

 private:
  // A prepared statement per SQL text, prepared once and reused.
  sqlite3_stmt* Statement(const char* sql);
  Result<void> Exec(const char* sql);
  // Binds the values in order, runs the statement and returns the new rowid.
  template <typename... Values>
  Result<Id> Insert(const char* sql, const Values&... values);

  Result<Id> InsertStaff(const Staff& staff);

  sqlite3* db_;
  std::map<const char*, sqlite3_stmt*> statements_;
  std::int64_t rows_ = 0;
  Id district_id_ = 0;
};

}  // namespace paraplan::bench
