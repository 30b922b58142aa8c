// The reference for capture writes on PostgreSQL: rows the capture store
// wrote, read back and written again with raw libpq prepared inserts under
// new record ids, in the same commits (one record per transaction, or a
// batch per transaction). What it leaves out is what the capture store adds:
// the idempotency lookup, the reference checks, serialisable transactions
// and the mapping of records to rows.
#pragma once

#include <libpq-fe.h>

#include <memory>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "domain/error.h"

namespace paraplan::bench {

// One capture record as stored: its capture_record row and its
// capture_version rows, every value as PostgreSQL's text (nullopt is NULL).
struct StoredCapture {
  std::vector<std::optional<std::string>> record;
  std::vector<std::vector<std::optional<std::string>>> versions;
};

class RawLibpqCaptures {
 public:
  // Connects to the libpq connection string `conninfo` with `schema` first
  // on the search path.
  static Result<std::unique_ptr<RawLibpqCaptures>> Connect(const std::string& conninfo,
                                                           const std::string& schema);
  ~RawLibpqCaptures();
  RawLibpqCaptures(const RawLibpqCaptures&) = delete;
  RawLibpqCaptures& operator=(const RawLibpqCaptures&) = delete;

  // Every stored capture record whose id starts with `prefix`, in id order.
  Result<std::vector<StoredCapture>> ReadBack(const std::string& prefix);

  // Inserts the records in one transaction, each under its id with the
  // first character replaced by `id_mark`.
  Result<void> InsertCommitted(std::span<const StoredCapture> records, char id_mark);

 private:
  explicit RawLibpqCaptures(PGconn* connection) : connection_(connection) {}
  Result<void> Exec(const char* sql);
  Result<void> Prepare();
  Result<void> RunPrepared(const char* name, const std::vector<std::optional<std::string>>& row,
                           char id_mark);

  PGconn* connection_;
};

}  // namespace paraplan::bench
