// The SQLite backend of Store: one database file, WAL journal, fsync on every
// commit, foreign keys enforced. Safe to use from many threads: each
// transaction borrows a connection from a small pool, and writers are
// serialised (SQLite allows one writer at a time; readers never block).
#pragma once

#include <memory>
#include <optional>
#include <string>

#include "store/store.h"

namespace paraplan {

struct SqliteOptions {
  // Apply migrations only up to this schema version. For tests that build a
  // database as an older release left it; production code leaves it unset.
  std::optional<int> migrate_to;
  // How long a statement waits for another process's lock before failing.
  int busy_timeout_ms = 5000;
};

// Opens (creating if needed) the SQLite database at `path` and applies
// pending migrations. `:memory:` gives a private in-memory database.
Result<std::unique_ptr<Store>> OpenSqliteStore(const std::string& path, SqliteOptions options = {});

}  // namespace paraplan
