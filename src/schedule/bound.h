// A proven upper bound on the objective of every valid plan, cheap enough
// for schools whose MILP (or even its LP relaxation) is out of reach: the
// Lagrangian dual of the weekly model with each para's day solved exactly
// (Relaxation, in relaxation.h), lowered by subgradient steps. The
// busiest-load term is left out (it only lowers an objective), which keeps
// the bound valid. See docs/schedule.md.
#pragma once

#include "domain/error.h"
#include "schedule/problem.h"

namespace paraplan::schedule {

struct BoundOptions {
  int iterations = 3000;
  double seconds = 20;
  // The objective of a known valid plan (0 when none): only steers the step
  // sizes; the bound is valid whatever it is.
  double known_objective = 0;
  // Threads for each step's para-days; the bound does not depend on it.
  int threads = 1;
};

struct BoundResult {
  double bound = 0;  // no valid plan scores above this
  int iterations = 0;
  double seconds = 0;
};

// Refuses an invalid problem, naming each problem by field.
Result<BoundResult> LagrangianBound(const Problem& problem, const BoundOptions& options = {});

}  // namespace paraplan::schedule
