// The cache of parsed schedules a para's day reads from: what was put is
// found, the least recently used goes first once the budget is passed, and
// a schedule larger than the whole budget is not kept.
#include <gtest/gtest.h>

#include "scheduling/school_schedule.h"

namespace paraplan::scheduling {
namespace {

std::shared_ptr<const LoadedSchedule> Schedule(Id id) {
  auto loaded = std::make_shared<LoadedSchedule>();
  loaded->stored.id = id;
  return loaded;
}

TEST(ScheduleCache, finds_what_was_put_and_nothing_else) {
  ScheduleCache cache(1000);
  cache.Put(1, Schedule(1), 100);
  ASSERT_NE(cache.Find(1), nullptr);
  EXPECT_EQ(cache.Find(1)->stored.id, 1);
  EXPECT_EQ(cache.Find(2), nullptr);
}

TEST(ScheduleCache, drops_the_least_recently_used_once_the_budget_is_passed) {
  ScheduleCache cache(300);
  cache.Put(1, Schedule(1), 100);
  cache.Put(2, Schedule(2), 100);
  cache.Put(3, Schedule(3), 100);
  ASSERT_NE(cache.Find(1), nullptr);  // 1 is now the most recently used
  cache.Put(4, Schedule(4), 150);     // 2 and 3 make room
  EXPECT_NE(cache.Find(1), nullptr);
  EXPECT_EQ(cache.Find(2), nullptr);
  EXPECT_EQ(cache.Find(3), nullptr);
  EXPECT_NE(cache.Find(4), nullptr);
}

TEST(ScheduleCache, a_schedule_larger_than_the_budget_is_not_kept) {
  ScheduleCache cache(100);
  cache.Put(1, Schedule(1), 50);
  cache.Put(2, Schedule(2), 101);
  EXPECT_EQ(cache.Find(2), nullptr);
  EXPECT_NE(cache.Find(1), nullptr) << "nothing was dropped for it";
}

TEST(ScheduleCache, the_first_parse_of_a_schedule_is_the_one_kept) {
  ScheduleCache cache(1000);
  const auto first = Schedule(1);
  cache.Put(1, first, 100);
  cache.Put(1, Schedule(1), 100);
  EXPECT_EQ(cache.Find(1), first);
}

}  // namespace
}  // namespace paraplan::scheduling
