// The long-work threads on their own: order, the bound, and what Stop does
// with jobs still waiting.
#include "http/work_queue.h"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <future>
#include <memory>
#include <mutex>
#include <stdexcept>
#include <thread>
#include <vector>

namespace paraplan::testing {
namespace {

using http::WorkQueue;

TEST(WorkQueue, one_thread_runs_the_jobs_in_the_order_they_were_posted) {
  std::mutex mutex;
  std::vector<int> order;
  std::promise<void> last;
  {
    WorkQueue queue(1, 16);
    for (int i = 0; i < 10; ++i) {
      ASSERT_TRUE(queue.TryPost([&, i] {
        std::lock_guard lock(mutex);
        order.push_back(i);
        if (i == 9) last.set_value();
      }));
    }
    last.get_future().wait();
  }
  EXPECT_EQ(order, (std::vector<int>{0, 1, 2, 3, 4, 5, 6, 7, 8, 9}));
}

TEST(WorkQueue, a_full_queue_refuses_the_job_and_keeps_the_others) {
  WorkQueue queue(1, 2);
  std::promise<void> open;
  std::shared_future<void> opened = open.get_future().share();
  std::promise<void> entered;
  ASSERT_TRUE(queue.TryPost([&] {
    entered.set_value();
    opened.wait();
  }));
  entered.get_future().wait();
  std::atomic<int> ran{0};
  EXPECT_TRUE(queue.TryPost([&] { ++ran; }));
  EXPECT_TRUE(queue.TryPost([&] { ++ran; }));
  EXPECT_EQ(queue.waiting(), 2u);
  EXPECT_FALSE(queue.TryPost([&] { ++ran; }));
  open.set_value();
  while (queue.waiting() > 0) std::this_thread::yield();
  queue.Stop();
  EXPECT_EQ(ran.load(), 2);
}

TEST(WorkQueue, a_job_that_throws_leaves_the_thread_running_the_next) {
  WorkQueue queue(1, 4);
  std::promise<void> next;
  ASSERT_TRUE(queue.TryPost([] { throw std::runtime_error("a bug in a handler"); }));
  ASSERT_TRUE(queue.TryPost([&] { next.set_value(); }));
  EXPECT_EQ(next.get_future().wait_for(std::chrono::seconds(10)), std::future_status::ready);
}

TEST(WorkQueue, stop_lets_the_running_job_finish_and_drops_the_waiting_ones) {
  WorkQueue queue(1, 4);
  std::promise<void> open;
  std::shared_future<void> opened = open.get_future().share();
  std::promise<void> entered;
  std::atomic<bool> finished{false};
  ASSERT_TRUE(queue.TryPost([&] {
    entered.set_value();
    opened.wait();
    finished = true;
  }));
  entered.get_future().wait();
  auto held = std::make_shared<int>(7);
  std::atomic<bool> dropped_ran{false};
  ASSERT_TRUE(queue.TryPost([&, held] { dropped_ran = true; }));
  EXPECT_EQ(held.use_count(), 2);
  std::thread stopper([&] { queue.Stop(); });
  // The worker is still in the first job, so only Stop empties the queue.
  while (queue.waiting() > 0) std::this_thread::yield();
  open.set_value();
  stopper.join();
  EXPECT_TRUE(finished.load());
  EXPECT_FALSE(dropped_ran.load());
  EXPECT_EQ(held.use_count(), 1) << "a dropped job is destroyed by Stop";
  EXPECT_FALSE(queue.TryPost([] {})) << "a stopped queue takes no job";
}

}  // namespace
}  // namespace paraplan::testing
