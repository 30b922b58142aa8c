// The exact reference: the whole weekly problem as one mixed-integer
// program solved by CBC (COIN-OR), with the same hard rules and objective as
// Evaluate(). Used by the tests (small instances, proven optimum) and the
// benchmark (ratio to the proven optimum or to CBC's bound). Too slow for
// production on large schools; see docs/schedule.md.
#pragma once

#include <optional>

#include "domain/error.h"
#include "schedule/plan.h"
#include "schedule/problem.h"

namespace paraplan::schedule {

struct MilpOptions {
  double seconds = 30;  // CBC's time limit
};

struct MilpResult {
  std::optional<Plan> plan;  // the best plan found, if any
  double objective = 0;      // its objective (Evaluate's total)
  double bound = 0;          // no plan can score above this
  bool proven_optimal = false;
  int variables = 0;
  int constraints = 0;
};

Result<MilpResult> SolveMilp(const Problem& problem, const MilpOptions& options = {});

}  // namespace paraplan::schedule
