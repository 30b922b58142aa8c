// The PostgreSQL backend of Store (libpq): the same tables and record logic
// as SQLite, a connection pool of configurable size, serialisable write
// transactions retried on serialisation failures and deadlocks (SQLSTATE
// 40001, 40P01), and row-level security by district for the
// ReadInDistrict/WriteInDistrict transactions.
#pragma once

#include <memory>
#include <optional>
#include <string>

#include "store/store.h"

namespace paraplan {

struct PostgresOptions {
  // Connections kept at most; more concurrent transactions wait for one.
  int pool_size = 8;
  // The schema holding paraplan's tables (created if missing); empty means
  // the server's default search path.
  std::string schema;
  // Apply migrations only up to this schema version (tests of upgrades).
  std::optional<int> migrate_to;
};

// Opens the database a libpq connection URL names (postgresql://user@host/db;
// an empty host part uses the PG* environment variables). The URL may carry
// paraplan's own parameters `pool_size=N` and `schema=NAME`, which override
// `options` and are removed before the URL reaches libpq.
Result<std::unique_ptr<Store>> OpenPostgresStore(std::string_view url,
                                                 PostgresOptions options = {});

// Empties every table of a schema except schema_version; for
// tests that reuse one migrated schema instead of migrating a new one each.
Result<void> EmptyPostgresSchema(std::string_view url, const std::string& schema);

// Drops a schema and everything in it; for tests that made one.
Result<void> DropPostgresSchema(std::string_view url, const std::string& schema);

}  // namespace paraplan
