#include "test_backends.h"

#include <cstdlib>
#include <filesystem>
#include <random>

#include "store/sqlite/sqlite_store.h"

namespace paraplan::testing {
namespace {

// A database file in its own temporary folder, removed afterwards.
class SqliteTestDatabase final : public TestDatabase {
 public:
  SqliteTestDatabase() {
    std::random_device random;
    folder_ = std::filesystem::temp_directory_path() /
              ("paraplan-store-test-" + std::to_string(random()) + std::to_string(random()));
    std::filesystem::create_directories(folder_);
  }
  ~SqliteTestDatabase() override {
    std::error_code ignored;
    std::filesystem::remove_all(folder_, ignored);
  }

  Result<std::unique_ptr<Store>> Open(std::optional<int> migrate_to) override {
    return OpenSqliteStore((folder_ / "paraplan.db").string(),
                           SqliteOptions{.migrate_to = migrate_to});
  }

 private:
  std::filesystem::path folder_;
};

}  // namespace

std::vector<Backend> Backends() {
  std::vector<Backend> backends;
  backends.push_back({"sqlite", [] { return std::make_unique<SqliteTestDatabase>(); }});
  return backends;
}

}  // namespace paraplan::testing
