#include "schedule/solver.h"

#include <algorithm>
#include <array>
#include <bit>
#include <cmath>
#include <cstdint>
#include <functional>
#include <limits>
#include <random>
#include <thread>
#include <unordered_map>

#include "schedule/relaxation.h"
#include "schedule/solver_state.h"

namespace paraplan::schedule {
namespace {

// Gives the para's required duties of one day their own blocks, choosing the
// combination of lowest `cost(block, duty)` among the para's free blocks.
// Validate() has checked that a combination exists.
void PlaceDuties(const Problem& problem, Plan& plan, int para, const std::vector<int>& day,
                 const std::function<double(int block, int duty)>& cost) {
  const Para& p = problem.paras[At(para)];
  std::vector<int> required;
  for (int d = 0; d < static_cast<int>(kDuties.size()); ++d) {
    if (RequiredDuties(p) & (1u << d)) required.push_back(d);
  }
  std::vector<int> candidates;
  for (int block : day) {
    if (plan.slots[At(para)][At(block)].activity == Activity::kFree) candidates.push_back(block);
  }
  std::vector<int> chosen(required.size(), -1);
  std::vector<int> best;
  double best_cost = std::numeric_limits<double>::infinity();
  auto search = [&](auto&& self, std::size_t index, double so_far) -> void {
    if (so_far >= best_cost) return;
    if (index == required.size()) {
      best_cost = so_far;
      best = chosen;
      return;
    }
    const Duty duty = DutyOf(p, kDuties[At(required[index])].first);
    for (int block : candidates) {
      if (std::find(chosen.begin(), chosen.begin() + static_cast<long>(index), block) !=
          chosen.begin() + static_cast<long>(index)) {
        continue;
      }
      if (!Fits(duty, problem.blocks[At(block)])) continue;
      chosen[index] = block;
      self(self, index + 1, so_far + cost(block, required[index]));
    }
  };
  search(search, 0, 0.0);
  for (std::size_t k = 0; k < best.size(); ++k) {
    plan.slots[At(para)][At(best[k])].activity = kDuties[At(required[k])].second;
  }
}

bool HasAbsence(const Plan& plan, int para, Weekday day) { return plan.IsAbsent(para, day); }

// The coordinator's plan: duties as early as they fit (data entry at the end
// of the day), then each block's needs in order, each to the first
// qualified para who can take them.
Plan GreedyPlan(const Problem& problem, const SolverIndex& index) {
  Plan plan = EmptyPlan(problem);
  for (const auto& day : BlocksByDay(problem)) {
    for (int para = 0; para < static_cast<int>(problem.paras.size()); ++para) {
      PlaceDuties(problem, plan, para, day, [&](int block, int duty) {
        const auto position =
            static_cast<double>(std::find(day.begin(), day.end(), block) - day.begin());
        return duty == 2 ? -position : position;
      });
    }
  }
  SolverState state(problem, plan, index);
  for (int block = 0; block < static_cast<int>(problem.blocks.size()); ++block) {
    for (int need : index.adult_needs_by_block[At(block)]) {
      for (int para : index.qualified[At(need)]) {
        if (state.CanJoin(para, need) || state.IsFree(para, block)) {
          state.Assign(need, para);
          break;
        }
      }
    }
  }
  ExplainUncovered(problem, plan);
  return plan;
}

// Where each para-day's duties cost the least once every para's interest is
// priced: a few subgradient steps of the Lagrangian relaxation (the bound's)
// raise the price of needs that many para-days take and lower it for needs
// none takes, so a para's lunch goes where others can cover its students.
// Each para-day then keeps its duties where its best day at those prices
// has them. The steps aim at the greedy plan's objective, the one valid
// plan known before solving. [para][block] -> duty index, or -1.
std::vector<std::vector<int>> PricedDuties(const Problem& problem, const SolverIndex& index,
                                           const SolveOptions& options) {
  Relaxation relaxation(problem, index);
  // Each need starts at half its value, so a para-day's first choices
  // already weigh what others could take.
  relaxation.Start(0.5);
  const auto target = static_cast<double>(Evaluate(problem, GreedyPlan(problem, index)).total);
  for (int step = 0; step < options.pricing_steps; ++step) {
    const double value = relaxation.Evaluate(options.threads);
    relaxation.Step(std::max(value - target, 1e-6 * std::abs(value)), 1.0);
  }
  relaxation.Evaluate(options.threads);
  return relaxation.Duties();
}

// Gives the para's duties of one day the blocks `priced` names. False, with
// nothing changed, when `priced` is empty or does not name every duty the
// para keeps that day (the relaxation found no day that keeps them all).
bool TakePricedDuties(const Problem& problem, Plan& plan, int para, const std::vector<int>& day,
                      const std::vector<std::vector<int>>& priced) {
  if (priced.empty()) return false;
  bool works = false;
  for (int block : day)
    works = works || plan.slots[At(para)][At(block)].activity == Activity::kFree;
  const int required = std::popcount(RequiredDuties(problem.paras[At(para)]));
  int named = 0;
  for (int block : day) named += priced[At(para)][At(block)] >= 0 ? 1 : 0;
  if (!works || required == 0) return true;  // no duty to place that day
  if (named != required) return false;
  for (int block : day) {
    const int duty = priced[At(para)][At(block)];
    if (duty >= 0) plan.slots[At(para)][At(block)].activity = kDuties[At(duty)].second;
  }
  return true;
}

// The two-para re-plans of every day. Each works inside one day; the week
// ties days together only through pairs, IEP minutes and the busiest load.
// With two threads the days are shared out by turns: a second thread works
// on its own copy of the plan, with the other days as they were, and its
// days are then taken into the plan if that raises the total. Which days go
// where is fixed, so the plan does not depend on timing.
bool ImproveDayPairsOnThreads(const Problem& problem, Plan& plan, SolverState& state, int threads) {
  const int days = static_cast<int>(state.index().days.size());
  std::vector<int> mine, theirs;
  for (int day = 0; day < days; ++day) {
    (threads > 1 && day % 2 == 1 ? theirs : mine).push_back(day);
  }
  if (theirs.empty()) return state.ImproveDayPairs(mine);
  Plan copy = plan;
  bool theirs_improved = false;
  bool improved = false;
  {
    // Joined when the block ends, even if this thread's work throws.
    const std::jthread helper([&] {
      SolverState other(problem, copy, state.index());
      theirs_improved = other.ImproveDayPairs(theirs);
    });
    improved = state.ImproveDayPairs(mine);
  }
  if (!theirs_improved) return improved;
  const Plan ours = plan;
  const std::int64_t before = Evaluate(problem, plan).total;
  for (int day : theirs) state.TakeDay(copy, state.index().days[At(day)]);
  if (Evaluate(problem, plan).total > before) return true;
  // Their days gained only with ours as they were: put ours back.
  for (int day : theirs) state.TakeDay(ours, state.index().days[At(day)]);
  return improved;
}

// FillFreeParas with the solver's index.
void FillFree(const Problem& problem, Plan& plan, const SolverIndex& index) {
  SolverState state(problem, plan, index);
  for (int block = 0; block < static_cast<int>(problem.blocks.size()); ++block) {
    for (int need : index.adult_needs_by_block[At(block)]) {
      if (plan.cover[At(need)] >= 0) continue;
      int chosen = -1;
      for (int para : index.qualified[At(need)]) {
        if (state.CanJoin(para, need)) {
          chosen = para;
          break;
        }
        if (chosen < 0 && state.IsFree(para, block)) chosen = para;
      }
      if (chosen >= 0) state.Assign(need, chosen);
    }
  }
  ExplainUncovered(problem, plan);
}

}  // namespace

Plan EmptyPlan(const Problem& problem, std::vector<Absence> absences) {
  Plan plan;
  plan.absences = std::move(absences);
  plan.slots.assign(problem.paras.size(), std::vector<Slot>(problem.blocks.size()));
  for (std::size_t p = 0; p < problem.paras.size(); ++p) {
    for (std::size_t b = 0; b < problem.blocks.size(); ++b) {
      const bool available = Works(problem.paras[p], problem.blocks[b]) &&
                             !HasAbsence(plan, static_cast<int>(p), problem.blocks[b].day);
      plan.slots[p][b].activity = available ? Activity::kFree : Activity::kOff;
    }
  }
  plan.cover.assign(problem.needs.size(), -1);
  return plan;
}

void FillFreeParas(const Problem& problem, Plan& plan) {
  const SolverIndex index(problem);
  FillFree(problem, plan, index);
}

Result<Plan> SolveGreedy(const Problem& problem) {
  if (auto problems = Validate(problem); !problems.empty()) {
    return Fail(Error::Invalid("the scheduling problem is not valid", std::move(problems)));
  }
  const SolverIndex index(problem);
  return GreedyPlan(problem, index);
}

namespace {

// One start of the search: the duties, the construction and the rounds of
// improvement, on a valid problem.
Plan SolveOnce(const Problem& problem, const SolveOptions& options) {
  Plan plan = EmptyPlan(problem);
  SolverState state(problem, plan);
  const SolverIndex& index = state.index();

  // Duties go where the relaxation's prices put them (PricedDuties) or,
  // without pricing steps, where a para is least needed: the cost of taking
  // para p out of block b is the value of the needs p could cover there,
  // each divided by the number of qualified paras still available for it.
  std::vector<std::vector<int>> priced;
  if (options.pricing_steps > 0) priced = PricedDuties(problem, index, options);
  std::vector<int> available(problem.needs.size(), 0);
  for (std::size_t n = 0; n < problem.needs.size(); ++n) {
    available[n] = static_cast<int>(index.qualified[n].size());
  }
  for (const auto& day : index.days) {
    for (int para = 0; para < static_cast<int>(problem.paras.size()); ++para) {
      if (!TakePricedDuties(problem, plan, para, day, priced)) {
        PlaceDuties(problem, plan, para, day, [&](int block, int) {
          double cost = 0;
          for (int need : index.needs_of_para_block[At(para)][At(block)]) {
            cost += index.value[At(need)] / std::max(1, available[At(need)]);
          }
          return cost;
        });
      }
      for (int block : day) {
        const Activity activity = plan.slots[At(para)][At(block)].activity;
        if (activity == Activity::kFree || activity == Activity::kOff) continue;
        for (int need : index.needs_of_para_block[At(para)][At(block)]) --available[At(need)];
      }
    }
  }

  for (const auto& day : index.days) {
    for (int block : day) {
      state.BuildBlock(block);
      state.RematchBlock(block);
    }
  }
  // Each round's moves use their own measures of the objective (covering a
  // need by ejection or a duty move counts its minutes without the IEP's
  // cap, and no move but the para-day re-plans counts the busiest load),
  // so a round can lower Evaluate's total: the answer is the best plan any
  // round reached.
  Plan best = plan;
  std::int64_t best_total = Evaluate(problem, plan).total;
  for (int round = 0; round < options.improvement_rounds; ++round) {
    bool improved = state.ImproveDays();
    // Paras re-matched to the groups before the two-para re-plans (which
    // then start from fewer pairs) and after them.
    improved |= state.ImproveMatchings();
    if (round < options.two_para_rounds) {
      improved |= ImproveDayPairsOnThreads(problem, plan, state, options.threads);
      improved |= state.ImproveMatchings();
    }
    for (int need = 0; need < static_cast<int>(problem.needs.size()); ++need) {
      if (!index.coverable[At(need)]) continue;
      if (plan.cover[At(need)] < 0) {
        improved |= state.TryCoverByEjection(need) || state.TryCoverByDutyMove(need) ||
                    state.TryCoverByBumping(need);
      } else {
        improved |= state.TryBetterPara(need);
      }
    }
    const std::int64_t total = Evaluate(problem, plan).total;
    // A round that raised the total by less than one part in 10,000 ends
    // the search: the moves can go on changing the plan at equal value.
    const bool flat = total - best_total < std::max<std::int64_t>(1, best_total / 10000);
    if (total > best_total) {
      best = plan;
      best_total = total;
    }
    if (!improved || flat) break;
  }
  FillFree(problem, best, index);
  return best;
}

// The paras' order for start `start`: as given for the first, then a
// Fisher-Yates shuffle drawn straight from std::mt19937_64 (whose sequence
// the standard fixes, unlike std::shuffle's), so every build tries the same
// orders.
std::vector<int> ParaOrder(std::size_t count, int start) {
  std::vector<int> order(count);
  for (std::size_t i = 0; i < count; ++i) order[i] = static_cast<int>(i);
  if (start == 0) return order;
  std::mt19937_64 draw(static_cast<std::uint64_t>(start));
  for (std::size_t i = count; i > 1; --i) std::swap(order[i - 1], order[draw() % i]);
  return order;
}

// SolveOnce with the paras in `order` (order[i] is the problem's para that
// comes i-th); the plan is given back in the problem's own order.
Plan SolveInOrder(const Problem& problem, const std::vector<int>& order,
                  const SolveOptions& options) {
  Problem reordered = problem;
  for (std::size_t i = 0; i < order.size(); ++i) reordered.paras[i] = problem.paras[At(order[i])];
  Plan plan = SolveOnce(reordered, options);
  std::vector<std::vector<Slot>> slots(order.size());
  for (std::size_t i = 0; i < order.size(); ++i) slots[At(order[i])] = std::move(plan.slots[i]);
  plan.slots = std::move(slots);
  for (int& para : plan.cover) {
    if (para >= 0) para = order[At(para)];
  }
  return plan;
}

// Starts that fit the size: the construction and search cost about a
// microsecond per (need, para), so a start of the small school (800 needs,
// 8 paras) takes about 7 ms and the large school's (9,520 needs, 60 paras)
// about 0.6 s. Extra starts are given where all of them together stay
// within kStartsWork, at most kMostStarts.
constexpr double kStartsWork = 150'000;
constexpr int kMostStarts = 8;

int StartsFor(const Problem& problem, const SolveOptions& options) {
  if (options.starts > 0) return options.starts;
  const double work = std::max(
      1.0, static_cast<double>(problem.needs.size()) * static_cast<double>(problem.paras.size()));
  return std::clamp(static_cast<int>(kStartsWork / work), 1, kMostStarts);
}

}  // namespace

Result<Plan> Solve(const Problem& problem, const SolveOptions& options) {
  if (auto problems = Validate(problem); !problems.empty()) {
    return Fail(Error::Invalid("the scheduling problem is not valid", std::move(problems)));
  }
  const int starts = StartsFor(problem, options);
  if (starts == 1) return SolveOnce(problem, options);
  // Each further start builds and improves a plan from another order of the
  // paras (the construction's ties and the search's first moves follow it)
  // on one thread; the first start is the single start's own search, so more
  // starts never give a worse plan. The starts are shared out by turns among
  // `options.threads` threads, and once all have run the best total wins,
  // the earliest start on a tie: the plan never depends on timing.
  SolveOptions one_thread = options;
  one_thread.threads = 1;
  std::vector<Plan> plans(At(starts));
  const int workers = std::clamp(options.threads, 1, starts);
  auto run = [&](int first) {
    for (int start = first; start < starts; start += workers) {
      plans[At(start)] =
          start == 0 ? SolveOnce(problem, options)
                     : SolveInOrder(problem, ParaOrder(problem.paras.size(), start), one_thread);
    }
  };
  std::vector<std::jthread> helpers;
  for (int worker = 1; worker < workers; ++worker) helpers.emplace_back(run, worker);
  run(0);
  helpers.clear();  // joins
  std::size_t best = 0;
  std::int64_t best_total = Evaluate(problem, plans[0]).total;
  for (std::size_t start = 1; start < plans.size(); ++start) {
    const std::int64_t total = Evaluate(problem, plans[start]).total;
    if (total > best_total) {
      best = start;
      best_total = total;
    }
  }
  return std::move(plans[best]);
}

}  // namespace paraplan::schedule
