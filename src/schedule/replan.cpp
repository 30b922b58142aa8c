#include "schedule/replan.h"

#include <algorithm>

#include <fmt/format.h>

#include "schedule/solver.h"
#include "schedule/solver_state.h"

namespace paraplan::schedule {

namespace {

// The blocks of `day`, once the para and the plan are known to fit the
// problem.
Result<std::vector<int>> CheckedDay(const Problem& problem, const Plan& plan, int para,
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
  if (plan.slots.size() != problem.paras.size() || plan.cover.size() != problem.needs.size()) {
    return Fail(Error::Invalid("the published plan does not fit the problem",
                               {{"plan", "has a different number of paras or needs"}}));
  }
  return day_blocks;
}

// The re-plan's changes against `before` and the day's uncovered needs.
void ListDay(const Problem& problem, const Plan& before, const std::vector<int>& day_blocks,
             Weekday day, Replan& result) {
  for (std::size_t p = 0; p < problem.paras.size(); ++p) {
    for (int block : day_blocks) {
      const Slot& was = before.slots[p][At(block)];
      const Slot& now = result.plan.slots[p][At(block)];
      if (was != now) result.changes.push_back({static_cast<int>(p), block, was, now});
    }
  }
  for (const Uncovered& entry : result.plan.uncovered) {
    if (problem.blocks[At(problem.needs[At(entry.need)].block)].day == day) {
      result.uncovered.push_back(entry);
    }
  }
}

}  // namespace

Result<Replan> ReplanAbsence(const Problem& problem, const Plan& published, int para,
                             Weekday day) {
  const std::vector<int> day_blocks = PARAPLAN_TRY(CheckedDay(problem, published, para, day));
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
  ListDay(problem, published, day_blocks, day, result);
  return result;
}

Result<Replan> ReplanReturn(const Problem& problem, const Plan& week, const Plan& current,
                            int para, Weekday day) {
  const std::vector<int> day_blocks = PARAPLAN_TRY(CheckedDay(problem, current, para, day));
  if (week.slots.size() != current.slots.size() || week.cover.size() != current.cover.size()) {
    return Fail(Error::Invalid("the week's plan does not fit the problem",
                               {{"plan", "has a different number of paras or needs"}}));
  }
  if (!current.IsAbsent(para, day)) {
    return Fail(Error::Invalid("the para is not away that day",
                               {{"staff_id", "is at work that day in this schedule"}}));
  }
  Replan result;
  if (!week.IsAbsent(para, day)) {
    // The week's day again, with only the others still away re-planned.
    result.plan = week;
    for (const Absence& away : current.absences) {
      if (away.day != day || away.para == para || result.plan.IsAbsent(away.para, day)) continue;
      Replan others = PARAPLAN_TRY(ReplanAbsence(problem, result.plan, away.para, day));
      result.plan = std::move(others.plan);
    }
  } else {
    result.plan = current;
    std::erase(result.plan.absences, Absence{para, day});
    SolverState state(problem, result.plan);
    if (!state.PlanReturningDay(para, day_blocks)) {
      return Fail(Error::FailedPrecondition(
          "the para's lunch, break and data entry do not fit their hours that day"));
    }
    FillFreeParas(problem, result.plan);
  }
  for (int block : day_blocks) {
    result.recovered += static_cast<int>(result.plan.slots[At(para)][At(block)].needs.size());
  }
  ListDay(problem, current, day_blocks, day, result);
  return result;
}

}  // namespace paraplan::schedule
