// The backends the store contract suite runs against. Each test gets a
// fresh, empty database from a TestDatabase; Open may be called again to
// reopen the same database (as a restarted server would).
#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include "store/store.h"

namespace paraplan::testing {

class TestDatabase {
 public:
  virtual ~TestDatabase() = default;
  // Opens the database, applying migrations up to `migrate_to` (all when unset).
  virtual Result<std::unique_ptr<Store>> Open(std::optional<int> migrate_to = std::nullopt) = 0;
};

struct Backend {
  std::string name;
  std::function<std::unique_ptr<TestDatabase>()> create;
};

// Test names and failure messages show the backend by name.
inline void PrintTo(const Backend& backend, std::ostream* out) { *out << backend.name; }

// SQLite always; PostgreSQL when PARAPLAN_TEST_POSTGRES_URL names a server.
std::vector<Backend> Backends();

}  // namespace paraplan::testing
