#include "schedule/bound.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <limits>

#include "schedule/relaxation.h"
#include "schedule/solver_state.h"

namespace paraplan::schedule {
namespace {

using Clock = std::chrono::steady_clock;

}  // namespace

Result<BoundResult> LagrangianBound(const Problem& problem, const BoundOptions& options) {
  if (auto problems = Validate(problem); !problems.empty()) {
    return Fail(Error::Invalid("the scheduling problem is not valid", std::move(problems)));
  }
  const auto start = Clock::now();
  const SolverIndex index(problem);
  Relaxation relaxation(problem, index);
  relaxation.Start();
  BoundResult result;
  result.bound = std::numeric_limits<double>::infinity();
  double theta = 1.0;
  int since_improvement = 0;
  for (int iteration = 0; iteration < options.iterations; ++iteration) {
    const double value = relaxation.Evaluate(options.threads);
    ++result.iterations;
    if (value < result.bound - 1e-9) {
      result.bound = value;
      since_improvement = 0;
    } else if (++since_improvement >= 100) {
      theta /= 2;
      since_improvement = 0;
    }
    const double seconds = std::chrono::duration<double>(Clock::now() - start).count();
    if (seconds >= options.seconds || theta < 1e-6) break;
    // Without a known plan the step aims a little below the best bound.
    const double target =
        options.known_objective > 0 ? options.known_objective : 0.99 * result.bound;
    relaxation.Step(std::max(value - target, 1e-6 * std::abs(value)), theta);
  }
  result.seconds = std::chrono::duration<double>(Clock::now() - start).count();
  return result;
}

}  // namespace paraplan::schedule
