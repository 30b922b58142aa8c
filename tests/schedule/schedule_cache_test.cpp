// The cache of parsed schedules a para's day reads from: what was put is
// found, the least recently used goes first once the budget is passed, and
// a schedule larger than the whole budget is not kept.
#include <gtest/gtest.h>

#include <thread>
#include <vector>

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

// Request threads find and keep schedules at once (make tsan runs this
// under ThreadSanitizer): each schedule found is the one asked for.
TEST(ScheduleCache, threads_find_and_keep_schedules_at_once) {
  ScheduleCache cache(500);  // room for five: the threads keep evicting
  std::vector<std::thread> threads;
  std::vector<int> wrong(4, 0);
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&cache, &wrong, t] {
      for (int i = 0; i < 2000; ++i) {
        const Id id = (i * 7 + t) % 12 + 1;
        if (std::shared_ptr<const LoadedSchedule> found = cache.Find(id)) {
          if (found->stored.id != id) ++wrong[static_cast<std::size_t>(t)];
        } else {
          cache.Put(id, Schedule(id), 100);
        }
      }
    });
  }
  for (std::thread& thread : threads) thread.join();
  EXPECT_EQ(wrong, std::vector<int>(4, 0));
}

}  // namespace
}  // namespace paraplan::scheduling
