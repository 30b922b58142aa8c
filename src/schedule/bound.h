// A proven upper bound on the objective of every valid plan, cheap enough
// for schools whose MILP (or even its LP relaxation) is out of reach: the
// Lagrangian dual of the weekly model with each para's week solved exactly.
//
// The couplings between paras are moved into the objective with
// multipliers: "each need is covered at most once" (lambda per need), "a
// student-para pair counts once it covers any need" (mu per need and
// qualified para) and each service's IEP minute cap (rho per service, the
// cap taken as the mix (1 - rho) * cap + rho * minutes). What is left splits
// into one problem per para and day, solved exactly by dynamic programming
// over the day's blocks: where the para is, which duties are kept, the best
// group in each room (one one-to-one student alone, or up to the group
// limit) and the room-change cost between adjacent blocks. For any
// multipliers the sum is an upper bound; subgradient steps lower it. The
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
};

struct BoundResult {
  double bound = 0;  // no valid plan scores above this
  int iterations = 0;
  double seconds = 0;
};

// Refuses an invalid problem, naming each problem by field.
Result<BoundResult> LagrangianBound(const Problem& problem, const BoundOptions& options = {});

}  // namespace paraplan::schedule
