#include "schedule/replan.h"

#include <algorithm>

#include <fmt/format.h>

#include "schedule/solver.h"
#include "schedule/solver_state.h"

namespace paraplan::schedule {

Result<Replan> ReplanAbsence(const Problem& problem, const Plan& published, int para,
                             Weekday day) {
  if (para < 0 || At(para) >= problem.paras.size()) {
    return Fail(Error::Invalid("unknown para", {{"absent", "is not a para of the problem"}}));
  }
  std::vector<int> day_blocks;
  for (std::size_t b = 0; b < problem.blocks.size(); ++b) {
    if (problem.blocks[b].day == day) day_blocks.push_back(static_cast<int>(b));
  }
  if (day_blocks.empty()) {
    return Fail(Error::Invalid("no blocks that day", {{"date", "has no blocks in the problem"}}));
  }
  if (published.slots.size() != problem.paras.size() ||
      published.cover.size() != problem.needs.size()) {
    return Fail(Error::Invalid("the published plan does not fit the problem",
                               {{"plan", "has a different number of paras or needs"}}));
  }
  Replan result;
  result.plan = published;
  Plan& plan = result.plan;
  if (!plan.IsAbsent(para, day)) plan.absences.push_back({para, day});

  std::vector<int> displaced;
  for (int block : day_blocks) {
    Slot& slot = plan.slots[At(para)][At(block)];
    for (int need : slot.needs) {
      displaced.push_back(need);
      plan.cover[At(need)] = -1;
    }
    slot = Slot{};
  }
  SolverState state(problem, plan);
  std::stable_sort(displaced.begin(), displaced.end(), [&](int a, int b) {
    return state.index().value[At(a)] > state.index().value[At(b)];
  });
  for (int need : displaced) {
    const int block = problem.needs[At(need)].block;
    int chosen = -1;
    for (int other : state.index().qualified[At(need)]) {
      if (state.CanJoin(other, need)) {
        chosen = other;
        break;
      }
      if (chosen < 0 && state.IsFree(other, block)) chosen = other;
    }
    if (chosen >= 0) {
      state.Assign(need, chosen);
    } else if (!state.TryCoverByDutyMove(need) && !state.TryCoverByEjection(need)) {
      state.TryCoverByBumping(need);
    }
  }
  // A moved duty or group can leave a para free where someone is still
  // uncovered; filling keeps every reason true.
  FillFreeParas(problem, plan);
  for (int need : displaced) {
    (plan.cover[At(need)] >= 0 ? result.recovered : result.lost) += 1;
  }
  for (std::size_t p = 0; p < problem.paras.size(); ++p) {
    for (int block : day_blocks) {
      const Slot& before = published.slots[p][At(block)];
      const Slot& after = plan.slots[p][At(block)];
      if (before != after) result.changes.push_back({static_cast<int>(p), block, before, after});
    }
  }
  for (const Uncovered& entry : plan.uncovered) {
    if (problem.blocks[At(problem.needs[At(entry.need)].block)].day == day) {
      result.uncovered.push_back(entry);
    }
  }
  return result;
}

}  // namespace paraplan::schedule
