// OpenStore's reading of --db values and the SQLite file's own guarantees.
#include <gtest/gtest.h>
#include <sqlite3.h>

#include <cstdlib>
#include <filesystem>
#include <random>

#include "store/postgres/postgres_store.h"
#include "store/sqlite/sqlite_store.h"
#include "store/store.h"

namespace paraplan {
namespace {

class TempFolder {
 public:
  TempFolder() {
    std::random_device random;
    path_ = std::filesystem::temp_directory_path() /
            ("paraplan-open-test-" + std::to_string(random()) + std::to_string(random()));
    std::filesystem::create_directories(path_);
  }
  ~TempFolder() {
    std::error_code ignored;
    std::filesystem::remove_all(path_, ignored);
  }
  std::string File(std::string_view name) const { return (path_ / name).string(); }

 private:
  std::filesystem::path path_;
};

TEST(OpenStore, bare_path_opens_a_sqlite_database_at_the_latest_schema) {
  TempFolder folder;
  auto store = OpenStore(folder.File("plain.db"));
  ASSERT_TRUE(store.has_value()) << store.error().message;
  EXPECT_GT((*store)->SchemaVersion(), 0);
  EXPECT_TRUE(std::filesystem::exists(folder.File("plain.db")));
}

TEST(OpenStore, sqlite_prefix_opens_the_named_file) {
  TempFolder folder;
  auto store = OpenStore("sqlite:" + folder.File("prefixed.db"));
  ASSERT_TRUE(store.has_value()) << store.error().message;
  EXPECT_TRUE(std::filesystem::exists(folder.File("prefixed.db")));
}

TEST(OpenStore, postgresql_url_without_a_reachable_server_is_unavailable) {
  auto store = OpenStore("postgresql://paraplan@127.0.0.1:1/paraplan?connect_timeout=2");
  ASSERT_FALSE(store.has_value());
  EXPECT_EQ(store.error().code, ErrorCode::kUnavailable);
}

TEST(OpenStore, postgresql_pool_size_must_be_a_positive_number) {
  auto store = OpenStore("postgresql://paraplan@127.0.0.1:1/paraplan?pool_size=none");
  ASSERT_FALSE(store.has_value());
  EXPECT_EQ(store.error().code, ErrorCode::kInvalidArgument);
  ASSERT_EQ(store.error().fields.size(), 1u);
  EXPECT_EQ(store.error().fields[0].field, "db");
}

// A read replica (a hot standby) refuses every write, so opening an
// up-to-date database there must write nothing. A server whose transactions
// are read-only by default stands in for the replica.
TEST(OpenStore, postgresql_schema_at_the_latest_version_opens_and_reads_where_writes_are_refused) {
  const char* server = std::getenv("PARAPLAN_TEST_POSTGRES_URL");
  if (!server || !*server) GTEST_SKIP() << "PARAPLAN_TEST_POSTGRES_URL names no server";
  const std::string schema = "paraplan_read_only_" + std::to_string(std::random_device{}());
  const std::string url = std::string(server) + "?schema=" + schema;
  {
    auto primary = OpenStore(url);
    ASSERT_TRUE(primary.has_value()) << primary.error().message;
    auto written = (*primary)->Write([](Transaction& tx) -> Result<void> {
      District district;
      district.name = "Replicated";
      PARAPLAN_TRY(tx.Insert(district));
      return {};
    });
    ASSERT_TRUE(written.has_value()) << written.error().message;
  }

  auto replica = OpenStore(url + "&options=-c%20default_transaction_read_only%3Don");
  ASSERT_TRUE(replica.has_value()) << replica.error().message;
  std::vector<District> districts;
  auto read = (*replica)->Read([&](Transaction& tx) -> Result<void> {
    districts = PARAPLAN_TRY(tx.ListDistricts(Page{}));
    return {};
  });
  EXPECT_TRUE(read.has_value()) << read.error().message;
  ASSERT_EQ(districts.size(), 1u);
  EXPECT_EQ(districts[0].name, "Replicated");
  auto refused = (*replica)->Write([](Transaction& tx) -> Result<void> {
    District district;
    district.name = "Not here";
    PARAPLAN_TRY(tx.Insert(district));
    return {};
  });
  ASSERT_FALSE(refused.has_value());
  EXPECT_NE(refused.error().message.find("read-only"), std::string::npos)
      << refused.error().message;
  replica->reset();
  auto dropped = DropPostgresSchema(server, schema);
  EXPECT_TRUE(dropped.has_value()) << dropped.error().message;
}

TEST(OpenStore, unknown_scheme_is_refused_naming_the_db_option) {
  auto store = OpenStore("mysql://localhost/paraplan");
  ASSERT_FALSE(store.has_value());
  EXPECT_EQ(store.error().code, ErrorCode::kInvalidArgument);
  EXPECT_NE(store.error().message.find("--db"), std::string::npos);
  ASSERT_EQ(store.error().fields.size(), 1u);
  EXPECT_EQ(store.error().fields[0].field, "db");
}

TEST(OpenStore, empty_value_is_refused) {
  auto store = OpenStore("");
  ASSERT_FALSE(store.has_value());
  EXPECT_EQ(store.error().code, ErrorCode::kInvalidArgument);
}

TEST(OpenStore, database_from_a_newer_release_is_refused) {
  TempFolder folder;
  const std::string path = folder.File("newer.db");
  ASSERT_TRUE(OpenStore(path).has_value());
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(path.c_str(), &db), SQLITE_OK);
  ASSERT_EQ(sqlite3_exec(db,
                         "INSERT INTO schema_version (version, name, applied_at) "
                         "VALUES (999, 'future', '2030-01-01')",
                         nullptr, nullptr, nullptr),
            SQLITE_OK);
  sqlite3_close(db);
  auto store = OpenStore(path);
  ASSERT_FALSE(store.has_value());
  EXPECT_EQ(store.error().code, ErrorCode::kFailedPrecondition);
}

TEST(SqliteStore, database_uses_the_write_ahead_log_and_enforces_foreign_keys) {
  TempFolder folder;
  const std::string path = folder.File("pragmas.db");
  ASSERT_TRUE(OpenStore(path).has_value());
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(path.c_str(), &db), SQLITE_OK);
  sqlite3_stmt* statement = nullptr;
  ASSERT_EQ(sqlite3_prepare_v2(db, "PRAGMA journal_mode", -1, &statement, nullptr), SQLITE_OK);
  ASSERT_EQ(sqlite3_step(statement), SQLITE_ROW);
  EXPECT_STREQ(reinterpret_cast<const char*>(sqlite3_column_text(statement, 0)), "wal");
  sqlite3_finalize(statement);
  sqlite3_close(db);
}

// Counting allocations for SQLite's statistics takes a process-wide mutex
// on every query; the store turns the count off before its first database
// (bench_http measures what that is worth). With the count off, SQLite
// reports no memory in use at all.
TEST(SqliteStore, opening_a_database_turns_off_the_memory_statistics_and_their_mutex) {
  TempFolder folder;
  auto store = OpenStore(folder.File("statistics.db"));
  ASSERT_TRUE(store.has_value()) << store.error().message;
  ASSERT_TRUE((*store)->Read([](Transaction& tx) -> Result<void> {
                        PARAPLAN_TRY(tx.Count(RecordKind::kStudent));
                        return {};
                      }).has_value());
  EXPECT_EQ(sqlite3_memory_used(), 0);
}

TEST(SqliteStore, in_memory_database_works_for_one_process) {
  auto store = OpenSqliteStore(":memory:");
  ASSERT_TRUE(store.has_value()) << store.error().message;
  District district;
  district.name = "Scratch";
  auto written = (*store)->Write([&](Transaction& tx) -> Result<void> {
    PARAPLAN_TRY(tx.Insert(district));
    return {};
  });
  ASSERT_TRUE(written.has_value()) << written.error().message;
  std::int64_t count = 0;
  auto read = (*store)->Read([&](Transaction& tx) -> Result<void> {
    count = PARAPLAN_TRY(tx.Count(RecordKind::kDistrict));
    return {};
  });
  ASSERT_TRUE(read.has_value());
  EXPECT_EQ(count, 1);
}

}  // namespace
}  // namespace paraplan
