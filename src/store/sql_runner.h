// How the plan and capture stores reach a backend's SQL session: a backend
// runs the work inside one transaction (write or read) and commits durably
// when it succeeds, retrying transient contention inside, exactly as
// Store::Write and Store::Read do for the roster.
#pragma once

#include <functional>

#include "domain/error.h"
#include "store/sql/session.h"

namespace paraplan {

class SqlRunner {
 public:
  virtual ~SqlRunner() = default;

  using Work = std::function<Result<void>(sql::Session&)>;

  // Runs `work` in one write transaction; commits (durably) when it
  // succeeds, rolls back and returns its error otherwise.
  virtual Result<void> RunWrite(const Work& work) = 0;
  // Runs `work` in one read transaction over a consistent snapshot.
  virtual Result<void> RunRead(const Work& work) = 0;
};

}  // namespace paraplan
