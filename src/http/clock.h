// Wall-clock time for expiry and audit, behind an interface so tests can
// move time forward instead of sleeping.
#pragma once

#include <atomic>
#include <chrono>

namespace paraplan::http {

using TimePoint = std::chrono::sys_seconds;

class Clock {
 public:
  virtual ~Clock() = default;
  virtual TimePoint Now() const = 0;
};

class SystemClock final : public Clock {
 public:
  TimePoint Now() const override {
    return std::chrono::time_point_cast<std::chrono::seconds>(std::chrono::system_clock::now());
  }
};

// A clock that stands still until told to move; safe to read from server
// threads while a test advances it.
class ManualClock final : public Clock {
 public:
  explicit ManualClock(TimePoint start) : seconds_(start.time_since_epoch().count()) {}
  TimePoint Now() const override { return TimePoint(std::chrono::seconds(seconds_.load())); }
  void Advance(std::chrono::seconds by) { seconds_ += by.count(); }

 private:
  std::atomic<std::int64_t> seconds_;
};

}  // namespace paraplan::http
