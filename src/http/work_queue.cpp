#include "http/work_queue.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <exception>
#include <utility>

namespace paraplan::http {

WorkQueue::WorkQueue(int threads, std::size_t capacity) : capacity_(capacity) {
  for (int i = 0; i < std::max(1, threads); ++i) threads_.emplace_back([this] { Run(); });
}

WorkQueue::~WorkQueue() { Stop(); }

bool WorkQueue::TryPost(std::function<void()> job) {
  {
    std::lock_guard lock(mutex_);
    if (stopping_ || jobs_.size() >= capacity_) return false;
    jobs_.push_back(std::move(job));
  }
  wake_.notify_one();
  return true;
}

std::size_t WorkQueue::waiting() const {
  std::lock_guard lock(mutex_);
  return jobs_.size();
}

void WorkQueue::Stop() {
  std::deque<std::function<void()>> dropped;
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
    dropped.swap(jobs_);
  }
  wake_.notify_all();
  for (std::thread& thread : threads_) {
    if (thread.joinable()) thread.join();
  }
  threads_.clear();
  // `dropped` is destroyed here, after the threads: whatever a job holds
  // (a connection's request) is released before the caller tears down
  // what it refers to.
}

void WorkQueue::Run() {
  for (;;) {
    std::function<void()> job;
    {
      std::unique_lock lock(mutex_);
      wake_.wait(lock, [this] { return stopping_ || !jobs_.empty(); });
      if (stopping_) return;
      job = std::move(jobs_.front());
      jobs_.pop_front();
    }
    // A job that throws must not take the process down with it: the
    // server's jobs answer their own errors, so this is a bug to log.
    try {
      job();
    } catch (const std::exception& exception) {
      spdlog::error("long-work job failed: {}", exception.what());
    } catch (...) {
      spdlog::error("long-work job failed with an unknown exception");
    }
  }
}

}  // namespace paraplan::http
