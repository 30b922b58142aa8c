#include "test_backends.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <random>

#include "store/postgres/postgres_store.h"
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

std::string NewSchemaName() {
  std::random_device random;
  return "paraplan_test_" + std::to_string(random()) + std::to_string(random());
}

const std::string& SharedSchemaName() {
  static const std::string name = NewSchemaName();
  return name;
}

// Drops the shared schema after the last test, while libpq can still run
// (static destructors run after its own clean-up at exit).
class DropSharedSchema final : public ::testing::Environment {
 public:
  explicit DropSharedSchema(std::string url) : url_(std::move(url)) {}
  void TearDown() override { (void)DropPostgresSchema(url_, SharedSchemaName()); }

 private:
  std::string url_;
};

// A schema in the server PARAPLAN_TEST_POSTGRES_URL names. Migrating a new
// schema costs far more than emptying one, so the tests of one process share
// a schema, emptied before each test; a test that asks for an older schema
// version gets a fresh schema of its own. Every schema is dropped at the end.
class PostgresTestDatabase final : public TestDatabase {
 public:
  explicit PostgresTestDatabase(std::string url) : url_(std::move(url)) {}
  ~PostgresTestDatabase() override {
    if (own_schema_) (void)DropPostgresSchema(url_, *own_schema_);
  }

  Result<std::unique_ptr<Store>> Open(std::optional<int> migrate_to) override {
    if (migrate_to || own_schema_) {
      if (!own_schema_) own_schema_ = NewSchemaName();
      return OpenPostgresStore(url_, Options(*own_schema_, migrate_to));
    }
    const std::string& shared = SharedSchemaName();
    auto store = OpenPostgresStore(url_, Options(shared, std::nullopt));
    if (store && !emptied_) {
      PARAPLAN_TRY(EmptyPostgresSchema(url_, shared));
      emptied_ = true;
    }
    return store;
  }

 private:
  static PostgresOptions Options(const std::string& schema, std::optional<int> migrate_to) {
    PostgresOptions options;
    options.pool_size = 4;
    options.schema = schema;
    options.migrate_to = migrate_to;
    return options;
  }

  std::string url_;
  std::optional<std::string> own_schema_;
  bool emptied_ = false;
};

}  // namespace

std::vector<Backend> Backends() {
  std::vector<Backend> backends;
  backends.push_back({"sqlite", [] { return std::make_unique<SqliteTestDatabase>(); }});
  if (const char* url = std::getenv("PARAPLAN_TEST_POSTGRES_URL"); url && *url) {
    std::string server = url;
    ::testing::AddGlobalTestEnvironment(new DropSharedSchema(server));
    backends.push_back(
        {"postgres", [server] { return std::make_unique<PostgresTestDatabase>(server); }});
  }
  return backends;
}

}  // namespace paraplan::testing
