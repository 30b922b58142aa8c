// Threads of their own for requests that take long: a schedule run solves
// for up to a second, and on the transport's threads it would hold one of
// the (by default two) threads every other caller is waiting for. The queue
// is bounded: when it is full the caller is told to retry, instead of
// requests piling up behind a stream of runs.
#pragma once

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace paraplan::http {

class WorkQueue {
 public:
  // `threads` run the jobs in the order they were posted; at most
  // `capacity` jobs wait for a thread at any time.
  WorkQueue(int threads, std::size_t capacity);
  ~WorkQueue();

  WorkQueue(const WorkQueue&) = delete;
  WorkQueue& operator=(const WorkQueue&) = delete;

  // Queues the job; false, with the job not kept, when `capacity` jobs are
  // already waiting or the queue has stopped.
  bool TryPost(std::function<void()> job);

  // Jobs waiting now, not counting the ones running.
  std::size_t waiting() const;

  // Lets the running jobs finish, drops the waiting ones (destroying them on
  // this thread) and joins the threads. Idempotent; the destructor calls it.
  void Stop();

 private:
  void Run();

  const std::size_t capacity_;
  mutable std::mutex mutex_;
  std::condition_variable wake_;
  std::deque<std::function<void()>> jobs_;
  bool stopping_ = false;
  std::vector<std::thread> threads_;
};

}  // namespace paraplan::http
