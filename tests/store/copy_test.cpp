// Moving a SQLite database into another store (PostgreSQL when the tests
// have a server, SQLite always), with ids kept and counts checked.
#include "store/copy.h"

#include <gtest/gtest.h>

#include "store/sql/session.h"
#include "store/sql_runner.h"
#include "store/store.h"
#include "test_backends.h"
#include "test_records.h"

namespace paraplan {
namespace {

using namespace paraplan::testing;

class CopyDatabaseTest : public ::testing::TestWithParam<Backend> {
 public:
  void SetUp() override {
    source_database_ = Backends().front().create();  // always SQLite
    source_ = Ok(source_database_->Open());
    target_database_ = GetParam().create();
    target_ = Ok(target_database_->Open());
  }

  std::int64_t Count(Store& store, RecordKind kind) {
    std::int64_t count = 0;
    Ok(store.Read([&](Transaction& tx) -> Result<void> {
      count = PARAPLAN_TRY(tx.Count(kind));
      return {};
    }));
    return count;
  }

  std::unique_ptr<TestDatabase> source_database_;
  std::unique_ptr<Store> source_;
  std::unique_ptr<TestDatabase> target_database_;
  std::unique_ptr<Store> target_;
};

TEST_P(CopyDatabaseTest, moving_everything_keeps_every_record_and_its_id) {
  World first = Ok(SeedWorld(*source_, "a-"));
  Ok(SeedWorld(*source_, "b-"));
  Iep iep;
  Ok(source_->Write([&](Transaction& tx) -> Result<void> {
    Id id = PARAPLAN_TRY(tx.Insert(MakeIep(first.student, first.special_educator)));
    iep = PARAPLAN_TRY(tx.GetIep(id));
    return {};
  }));

  CopyReport report = Ok(CopyDatabase(*source_, *target_, std::nullopt));

  for (const TableCopy& table : report.tables) {
    EXPECT_EQ(table.source_rows, table.target_rows) << table.table;
    EXPECT_FALSE(table.skipped) << table.table;
  }
  for (RecordKind kind :
       {RecordKind::kDistrict, RecordKind::kStudent, RecordKind::kStaff, RecordKind::kIep}) {
    EXPECT_EQ(Count(*target_, kind), Count(*source_, kind)) << NameOf(kind);
  }
  Iep moved = Ok([&] {
    Result<Iep> got = Fail(Error::Internal("not read"));
    (void)target_->Read([&](Transaction& tx) -> Result<void> {
      got = tx.GetIep(iep.id);
      return {};
    });
    return got;
  }());
  EXPECT_TRUE(Same(moved, iep));
}

TEST_P(CopyDatabaseTest, records_inserted_after_a_move_get_fresh_ids) {
  World world = Ok(SeedWorld(*source_, ""));
  Ok(CopyDatabase(*source_, *target_, std::nullopt));
  Id added = 0;
  Ok(target_->Write([&](Transaction& tx) -> Result<void> {
    added = PARAPLAN_TRY(tx.Insert(MakeStudent(world.school, std::nullopt, "after-move")));
    return {};
  }));
  EXPECT_GT(added, world.student);
}

TEST_P(CopyDatabaseTest, moving_one_district_moves_only_its_rows) {
  World moved = Ok(SeedWorld(*source_, "a-"));
  World stays = Ok(SeedWorld(*source_, "b-"));
  Ok(CopyDatabase(*source_, *target_, moved.district));
  EXPECT_EQ(Count(*target_, RecordKind::kDistrict), 1);
  EXPECT_EQ(Count(*target_, RecordKind::kStudent), 1);
  Result<Student> other = Fail(Error::Internal("not read"));
  Ok(target_->Read([&](Transaction& tx) -> Result<void> {
    other = tx.GetStudent(stays.student);
    return {};
  }));
  ASSERT_FALSE(other.has_value());
  EXPECT_EQ(other.error().code, ErrorCode::kNotFound);
}

TEST_P(CopyDatabaseTest, moving_into_a_target_that_holds_the_rows_is_refused_and_changes_nothing) {
  Ok(SeedWorld(*source_, ""));
  Ok(CopyDatabase(*source_, *target_, std::nullopt));
  Ok(source_->Write([&](Transaction& tx) -> Result<void> {
    PARAPLAN_TRY(tx.Insert(MakeDistrict("late")));
    return {};
  }));
  auto again = CopyDatabase(*source_, *target_, std::nullopt);
  ASSERT_FALSE(again.has_value());
  EXPECT_EQ(again.error().code, ErrorCode::kFailedPrecondition);
  EXPECT_EQ(Count(*target_, RecordKind::kDistrict), 1);
}

TEST_P(CopyDatabaseTest, moving_a_missing_district_is_not_found) {
  auto copied = CopyDatabase(*source_, *target_, Id{77});
  ASSERT_FALSE(copied.has_value());
  EXPECT_EQ(copied.error().code, ErrorCode::kNotFound);
}

// Without statistics PostgreSQL plans the first reads after a move as scans
// of whole tables. The estimate ANALYZE leaves is exact for small tables.
TEST_P(CopyDatabaseTest, moving_into_postgresql_gathers_the_planner_statistics_of_the_rows) {
  for (const char* prefix : {"a-", "b-", "c-"}) Ok(SeedWorld(*source_, prefix));
  Ok(CopyDatabase(*source_, *target_, std::nullopt));
  std::optional<std::int64_t> estimate;
  Ok(target_->sql_runner()->RunRead([&](sql::Session& session) -> Result<void> {
    if (session.dialect() != sql::Dialect::kPostgres) return {};
    sql::Rows rows = PARAPLAN_TRY(session.Query(
        "SELECT CAST(reltuples AS BIGINT) FROM pg_class WHERE oid = CAST('student' AS regclass)",
        {}));
    sql::RowReader read(rows.at(0), "pg_class");
    estimate = read.Int(0);
    return read.Finish();
  }));
  if (!estimate) GTEST_SKIP() << "SQLite plans without gathered statistics";
  EXPECT_EQ(*estimate, Count(*target_, RecordKind::kStudent));
}

INSTANTIATE_TEST_SUITE_P(Targets, CopyDatabaseTest, ::testing::ValuesIn(Backends()),
                         [](const ::testing::TestParamInfo<Backend>& param) {
                           return param.param.name;
                         });

}  // namespace
}  // namespace paraplan
