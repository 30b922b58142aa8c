// The production solver and the coordinator's greedy baseline. Both return
// plans that pass CheckPlan; the production solver also maximises the
// objective documented in docs/schedule.md.
#pragma once

#include "domain/error.h"
#include "schedule/plan.h"
#include "schedule/problem.h"

namespace paraplan::schedule {

struct SolveOptions {
  // Most rounds of improvement after construction; each round re-plans
  // every para-day and tries every uncovered need and every covered one
  // once. A round that raises the total by less than one part in 10,000
  // is the last.
  int improvement_rounds = 4;
  // Rounds that also re-plan two paras' days together (the first ones).
  // More find a little more for much more time: on the large school a
  // second one gains about 0.05% for 0.3 s.
  int two_para_rounds = 1;
  // Threads for the two-para re-plans (the longest step), which take the
  // week's days in two shares, and, with several starts, for the starts side
  // by side (the first start's re-plans keep their second thread, the other
  // starts run on one each). 1 where schools are already solved side by
  // side; the plan depends on this number, never on timing.
  int threads = 2;
  // Subgradient steps of the Lagrangian relaxation whose prices place the
  // duties (0: the least-needed rule instead). On the large school 25 steps
  // take about 0.17 s on two threads and raise the total by about 0.19%.
  int pricing_steps = 25;
  // Starts of the whole search, the first from the paras' own order and
  // each further one from another order; the best plan is kept, so more
  // starts never give a worse one. 0: as many as fit the problem's size (5
  // to 8 on a school of 200-500 students, 1 on a school of 2,000 with 60
  // paras). On the benchmark's small school 8 starts raise the total by
  // 0.18% in 0.05 s instead of 0.01 s.
  int starts = 0;
};

// Places lunch, break and data entry where the Lagrangian relaxation's
// prices say each para is least needed once everyone's interest counts, builds
// each block's groups by need priority (one-to-one and safety first, then
// IEP service blocks, then adult support; scarce skills first), then improves
// with exact re-plans of one para-day and of two paras' days together,
// exact re-matching of each block's paras to its groups and of each room's
// students to its paras, ejection chains, duty moves and continuity moves.
// Uses up to `options.threads` threads; the plan depends only on the
// problem and the options. Refuses an invalid problem with every problem
// named by field.
Result<Plan> Solve(const Problem& problem, const SolveOptions& options = {});

// What a coordinator does by hand: lunch and break at the first block that
// fits, data entry at the last, then blocks in order and students in list
// order, each to the first qualified para who is free or already in the room.
Result<Plan> SolveGreedy(const Problem& problem);

// Gives uncovered adult-support needs to qualified paras who are free, or who
// are in the need's room with space in their group, until none can be given;
// then refreshes cover and reasons. Every solver ends with it so that each
// uncovered need's reason holds.
void FillFreeParas(const Problem& problem, Plan& plan);

// An empty plan: every para free in their hours (off outside them or when
// absent), nobody covered.
Plan EmptyPlan(const Problem& problem, std::vector<Absence> absences = {});

}  // namespace paraplan::schedule
