// A pool of database connections, one transaction at a time each, shared
// by the SQLite and PostgreSQL stores.
//
// A request's transaction may read through a second store on the same
// database while it is open: the access guard reads a student's staff
// assignments from the security store inside the request's transaction.
// That read takes a second connection. If it waited for one like any other,
// as many requests as connections could each hold one and wait for a second
// forever. So the limit bounds only the leases of threads that hold none
// from this pool; a thread that already holds one never waits, it takes an
// idle connection or opens another. At most twice the limit stay open idle.
#pragma once

#include <algorithm>
#include <condition_variable>
#include <cstddef>
#include <functional>
#include <memory>
#include <mutex>
#include <utility>
#include <vector>

#include "domain/error.h"

namespace paraplan::sql {

template <typename Connection>
class ConnectionPool {
 public:
  using Opener = std::function<Result<std::unique_ptr<Connection>>()>;
  // Whether a returned connection may serve again (its transaction ended,
  // it is healthy); a connection that may not is closed.
  using Reusable = std::function<bool(Connection&)>;

  ConnectionPool(Opener open, Reusable reusable, std::size_t limit)
      : open_connection_(std::move(open)), reusable_(std::move(reusable)), limit_(limit) {}

  // A connection for one transaction; returned to the pool when it goes.
  // Returned on the thread that took it.
  class Lease {
   public:
    Lease(ConnectionPool& pool, std::unique_ptr<Connection> connection, bool nested)
        : pool_(&pool), connection_(std::move(connection)), nested_(nested) {}
    Lease(Lease&& other) noexcept = default;
    Lease& operator=(Lease&&) = delete;
    ~Lease() {
      if (connection_) pool_->Return(std::move(connection_), nested_);
    }
    Connection& operator*() const { return *connection_; }
    Connection* operator->() const { return connection_.get(); }

   private:
    ConnectionPool* pool_;
    std::unique_ptr<Connection> connection_;
    bool nested_;
  };

  // Adds an already open connection (the one that ran the migrations).
  void Adopt(std::unique_ptr<Connection> connection) {
    std::lock_guard lock(mutex_);
    idle_.push_back(std::move(connection));
  }

  Result<Lease> Acquire() {
    const bool nested = HeldByThisThread();
    std::unique_lock lock(mutex_);
    if (!nested) {
      returned_.wait(lock, [&] { return outer_leases_ < limit_; });
      ++outer_leases_;
    }
    std::unique_ptr<Connection> connection;
    if (!idle_.empty()) {
      connection = std::move(idle_.back());
      idle_.pop_back();
    } else {
      lock.unlock();
      Result<std::unique_ptr<Connection>> opened = open_connection_();
      if (!opened) {
        Release(nested);
        return Fail(opened.error());
      }
      connection = std::move(*opened);
    }
    Held().push_back(this);
    return Lease(*this, std::move(connection), nested);
  }

 private:
  void Return(std::unique_ptr<Connection> connection, bool nested) {
    std::vector<const ConnectionPool*>& held = Held();
    if (auto mine = std::ranges::find(held, this); mine != held.end()) held.erase(mine);
    if (!reusable_(*connection)) connection.reset();
    {
      std::lock_guard lock(mutex_);
      if (connection && idle_.size() < 2 * limit_) idle_.push_back(std::move(connection));
    }
    // Closed, if at all, outside the lock.
    connection.reset();
    Release(nested);
  }

  void Release(bool nested) {
    if (nested) return;
    {
      std::lock_guard lock(mutex_);
      --outer_leases_;
    }
    returned_.notify_one();
  }

  // The pools this thread holds a lease from, once per lease.
  static std::vector<const ConnectionPool*>& Held() {
    thread_local std::vector<const ConnectionPool*> held;
    return held;
  }

  bool HeldByThisThread() const { return std::ranges::find(Held(), this) != Held().end(); }

  const Opener open_connection_;
  const Reusable reusable_;
  const std::size_t limit_;
  std::mutex mutex_;
  std::condition_variable returned_;
  std::vector<std::unique_ptr<Connection>> idle_;
  std::size_t outer_leases_ = 0;
};

}  // namespace paraplan::sql
