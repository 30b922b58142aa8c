// A Store decorator that fails one chosen operation, for tests of what a
// failure half-way through a transaction leaves behind (after LevelDB's
// fault_injection_test). Counts every Transaction operation across all
// transactions; the operation numbered `fail_at` (1-based) returns
// kInternal "injected fault" instead of reaching the real store.
#pragma once

#include <atomic>

#include "store/store.h"

namespace paraplan {

class FaultInjectingStore final : public Store {
 public:
  FaultInjectingStore(Store& inner, int fail_at) : inner_(inner), fail_at_(fail_at) {}

  Result<void> Write(const std::function<Result<void>(Transaction&)>& work) override;
  Result<void> Read(const std::function<Result<void>(Transaction&)>& work) override;
  int SchemaVersion() const override { return inner_.SchemaVersion(); }
  Result<void> CheckIntegrity() override { return inner_.CheckIntegrity(); }

  // Operations seen so far, the failed one included.
  int operations() const { return operations_.load(); }

  // Counts one operation; the error when it is the one to fail.
  Result<void> Tick();

 private:
  Store& inner_;
  const int fail_at_;
  std::atomic<int> operations_{0};
};

}  // namespace paraplan
