// bench_schedule: the production solver and the coordinator's greedy
// baseline against the exact MILP reference (CBC) or the Lagrangian bound
// computed in the same run, on
// generated schools of three sizes, and the time and size of absence
// re-plans. The ratio objective / bound is machine-independent; times are
// this machine's.
#include <algorithm>
#include <array>
#include <atomic>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdint>
#include <cstdlib>
#include <numeric>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include <fmt/format.h>

#include "schedule/bound.h"
#include "schedule/generator.h"
#include "schedule/milp.h"
#include "schedule/replan.h"
#include "schedule/solver.h"

namespace paraplan::schedule {
namespace {

using Clock = std::chrono::steady_clock;

double Seconds(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

struct Totals {
  double objective = 0;
  int ranked_covered = 0, ranked = 0, adult_covered = 0, adult = 0;
  int violations = 0;

  void Add(const Problem& problem, const Plan& plan) {
    const Score score = Evaluate(problem, plan);
    objective += static_cast<double>(score.total);
    ranked_covered += score.one_to_one_or_safety_covered;
    ranked += score.one_to_one_or_safety_needs;
    adult_covered += score.adult_support_covered;
    adult += score.adult_support_needs;
    violations += static_cast<int>(CheckPlan(problem, plan).size());
  }
};

double Percent(int part, int whole) { return whole == 0 ? 100.0 : 100.0 * part / whole; }

// The result of a reference that ran out of time: no plan, no bound.
MilpResult Unreached() {
  MilpResult result;
  result.bound = std::nan("");
  return result;
}

// A bound of NaN is one the reference did not reach in its time limit: the
// ratio is then left out rather than made up.
std::string Ratio(double objective, double bound) {
  if (!std::isfinite(bound)) return "    -   ";
  return fmt::format("{:7.2f}%", 100.0 * objective / bound);
}

void Row(const char* size, const char* method, const Totals& totals, double bound,
         double seconds, const char* note) {
  std::printf("| %-9s | %-22s | %12.0f | %s | %6.1f%% | %6.1f%% | %5d | %8.3f | %s\n",
              size, method, totals.objective, Ratio(totals.objective, bound).c_str(),
              Percent(totals.ranked_covered, totals.ranked),
              Percent(totals.adult_covered, totals.adult), totals.violations, seconds, note);
}

// Runs `work(i)` for i in [0, count) on `threads` threads.
template <typename Work>
void Parallel(int count, int threads, Work work) {
  std::atomic<int> next{0};
  std::vector<std::thread> pool;
  for (int t = 0; t < threads; ++t) {
    pool.emplace_back([&] {
      for (int i = next++; i < count; i = next++) work(i);
    });
  }
  for (std::thread& thread : pool) thread.join();
}

// How the reference bound is computed: one MILP per school (CBC: a plan
// and a bound), or the Lagrangian bound (no plan) for schools whose MILP
// and even its LP relaxation are out of reach.
enum class Reference { kMilp, kLagrangian };

// What one size measured, for the rows that compare with it.
struct Measured {
  double production = 0;  // the production plans' objective, summed
  double bound = 0;       // the reference's bound, summed (NaN if not reached)
};

// One size: solves every school with each method on two threads and the
// reference after. The Lagrangian gets `reference_seconds` per school.
Measured Measure(const char* size, const std::vector<Problem>& schools, double reference_seconds,
                 Reference reference) {
  const int count = static_cast<int>(schools.size());
  std::vector<Plan> production(schools.size()), greedy(schools.size());
  std::vector<MilpResult> exact(schools.size());

  auto start = Clock::now();
  // One school takes both threads inside Solve; many share them out.
  const SolveOptions options{.threads = count > 1 ? 1 : 2};
  Parallel(count, 2, [&](int i) { production[At(i)] = *Solve(schools[At(i)], options); });
  const double production_seconds = Seconds(start);
  start = Clock::now();
  Parallel(count, 2, [&](int i) { greedy[At(i)] = *SolveGreedy(schools[At(i)]); });
  const double greedy_seconds = Seconds(start);
  start = Clock::now();
  int iterations = 0;
  if (reference == Reference::kLagrangian) {
    std::atomic<int> total_iterations{0};
    Parallel(count, 2, [&](int i) {
      // The production plan's objective only steers the step sizes.
      const double known = static_cast<double>(Evaluate(schools[At(i)], production[At(i)]).total);
      Result<BoundResult> bound =
          LagrangianBound(schools[At(i)], {.seconds = reference_seconds,
                                           .known_objective = known,
                                           .threads = options.threads});
      exact[At(i)] = Unreached();
      if (bound) {
        exact[At(i)].bound = bound->bound;
        total_iterations += bound->iterations;
      }
    });
    iterations = total_iterations;
  } else {
    Parallel(count, 2, [&](int i) {
      Result<MilpResult> result = SolveMilp(schools[At(i)], {.seconds = reference_seconds});
      exact[At(i)] = result ? *result : Unreached();
    });
  }
  const double exact_seconds = Seconds(start);

  Totals production_totals, greedy_totals, exact_totals;
  double bound = 0;
  int proven = 0;
  bool all_have_plans = true;
  for (std::size_t i = 0; i < schools.size(); ++i) {
    production_totals.Add(schools[i], production[i]);
    greedy_totals.Add(schools[i], greedy[i]);
    bound += exact[i].bound;
    proven += exact[i].proven_optimal ? 1 : 0;
    if (exact[i].plan) {
      exact_totals.Add(schools[i], *exact[i].plan);
    } else {
      all_have_plans = false;
    }
  }
  const std::string limit = fmt::format("{:.0f}", reference_seconds);
  std::string note = std::to_string(proven) + "/" + std::to_string(count) +
                     " proven optimal; CBC stopped at " + limit + " s";
  if (reference == Reference::kLagrangian) {
    note = fmt::format("bound = Lagrangian dual, {} subgradient steps in all, at most {} s per school",
                       iterations, limit);
  }
  Row(size, "production", production_totals, bound, production_seconds, "");
  Row(size, "greedy (coordinator)", greedy_totals, bound, greedy_seconds, "");
  if (all_have_plans) {
    Row(size, "MILP reference (CBC)", exact_totals, bound, exact_seconds, note.c_str());
  } else {
    const bool reached = std::isfinite(bound);
    std::printf("| %-9s | %-22s | %12s | %8s | %7s | %7s | %5s | %8.3f | %s\n", size,
                "bound", reached ? fmt::format("{:.0f}", bound).c_str() : "-",
                reached ? "100.00%" : "-", "-", "-", "-", exact_seconds, note.c_str());
  }
  return {production_totals.objective, bound};
}

// How much a search many times longer finds: the production solver with
// the two-para re-plans in every round and up to eight rounds, and 16
// starts (orders of the paras), the best plan kept. Not a bound:
// it shows how much of the gap to the bound is left to the search.
void MeasureLongerSearch(const Problem& school, const char* size, const Measured& measured) {
  constexpr int kOrderings = 16;
  const auto start = Clock::now();
  const Plan plan =
      *Solve(school, {.improvement_rounds = 8, .two_para_rounds = 8, .starts = kOrderings});
  const double seconds = Seconds(start);
  const auto best = static_cast<double>(Evaluate(school, plan).total);
  std::printf("| %-9s | %-22s | %12.0f | %s | %7s | %7s | %5s | %8.3f | best of %d orderings of the "
              "paras, each with every round re-planning two paras' days (up to 8 rounds); "
              "production is %.2f%% of it\n",
              size, "longer search", best, Ratio(best, measured.bound).c_str(), "-", "-", "-",
              seconds, kOrderings, 100.0 * measured.production / best);
}

// One weekday of `school` as a problem of its own, with only the coverage
// terms of the objective (continuity, room-change and load weights 0; each
// service keeps its weekly minutes): at the large school's size this is
// what CBC can still solve, so the solver meets an exact reference there.
Problem DayCoverage(const Problem& school, Weekday day) {
  Problem one = school;
  one.blocks.clear();
  one.needs.clear();
  one.services.clear();
  one.weights.continuity = 0;
  one.weights.room_change = 0;
  one.weights.max_load = 0;
  std::vector<int> block_of(school.blocks.size(), -1), need_of(school.needs.size(), -1);
  for (std::size_t b = 0; b < school.blocks.size(); ++b) {
    if (school.blocks[b].day != day) continue;
    block_of[b] = static_cast<int>(one.blocks.size());
    one.blocks.push_back(school.blocks[b]);
  }
  for (std::size_t n = 0; n < school.needs.size(); ++n) {
    const int block = block_of[At(school.needs[n].block)];
    if (block < 0) continue;
    need_of[n] = static_cast<int>(one.needs.size());
    one.needs.push_back(school.needs[n]);
    one.needs.back().block = block;
  }
  for (ServiceNeed service : school.services) {
    std::vector<int> needs;
    for (int need : service.needs) {
      if (need_of[At(need)] >= 0) needs.push_back(need_of[At(need)]);
    }
    if (needs.empty()) continue;
    service.needs = std::move(needs);
    one.services.push_back(std::move(service));
  }
  return one;
}

void MeasureReplan(const Problem& school, const char* size) {
  const Plan plan = *Solve(school);
  std::vector<double> times;
  std::vector<int> changes, lost, recovered;
  for (int para = 0; para < static_cast<int>(school.paras.size()); ++para) {
    const auto start = Clock::now();
    Result<Replan> replan = ReplanAbsence(school, plan, para, Weekday::kWednesday);
    times.push_back(Seconds(start) * 1000);
    changes.push_back(static_cast<int>(replan->changes.size()));
    lost.push_back(replan->lost);
    recovered.push_back(replan->recovered);
    if (!CheckPlan(school, replan->plan).empty()) std::printf("re-plan broke a hard rule!\n");
  }
  const auto mean = [](const auto& values) {
    return std::accumulate(values.begin(), values.end(), 0.0) / static_cast<double>(values.size());
  };
  std::printf(
      "| %-9s | re-plan, each of %d paras absent on Wednesday | mean %.2f ms, max %.2f ms | "
      "changes mean %.1f, max %d | needs re-covered %.1f, lost %.1f per absence |\n",
      size, static_cast<int>(school.paras.size()), mean(times),
      *std::max_element(times.begin(), times.end()), mean(changes),
      *std::max_element(changes.begin(), changes.end()), mean(recovered), mean(lost));
}

// The week made again after the school changed (generator.h, ChangeSchool):
// UpdateWeek against solving afresh, in slots changed for the paras who
// were there before, objective and time.
void MeasureUpdate(const Problem& school, const char* size) {
  const Plan week = *Solve(school);
  const Problem changed = ChangeSchool(school, 7);
  auto start = Clock::now();
  Result<WeekUpdate> update = UpdateWeek(changed, {}, school, week);
  const double update_seconds = Seconds(start);
  start = Clock::now();
  const Plan fresh = *Solve(changed);
  const double fresh_seconds = Seconds(start);
  if (!update || !CheckPlan(changed, update->plan).empty()) {
    std::printf("week update broke a hard rule!\n");
    return;
  }
  // Slots of the paras who stayed (the one who joined is last).
  auto changed_slots = [&](const Plan& plan) {
    int count = 0;
    for (std::size_t p = 0; p + 1 < changed.paras.size(); ++p) {
      for (std::size_t b = 0; b < changed.blocks.size(); ++b) {
        count += update->before.slots[p][b] == plan.slots[p][b] ? 0 : 1;
      }
    }
    return count;
  };
  const std::int64_t updated_total = Evaluate(changed, update->plan).total;
  const std::int64_t fresh_total = Evaluate(changed, fresh).total;
  std::printf(
      "| %-9s | week updated after a change (1 in 20 adult-support blocks, a para left, one "
      "joined) | update %.3f s, %d of %zu staying paras' slots changed, objective %.2f%% of "
      "solving afresh | afresh %.3f s, %d slots changed |\n",
      size, update_seconds, changed_slots(update->plan),
      (changed.paras.size() - 1) * changed.blocks.size(),
      100.0 * static_cast<double>(updated_total) / static_cast<double>(fresh_total), fresh_seconds,
      changed_slots(fresh));
}

}  // namespace
}  // namespace paraplan::schedule

int main(int argc, char** argv) {
  using namespace paraplan::schedule;
  // Rows appear as they are measured, even when the output goes to a file.
  std::setvbuf(stdout, nullptr, _IOLBF, 0);
  // `bench_schedule small` stops after the small school (a quick look).
  const bool small_only = argc > 1 && std::string(argv[1]) == "small";
  // `bench_schedule quick` skips CBC: the small school against its Lagrangian bound too.
  const bool quick = argc > 1 && std::string(argv[1]) == "quick";
  // `bench_schedule days` measures each weekday of the large school,
  // coverage terms only, against CBC (a minute each, or
  // PARAPLAN_REFERENCE_SECONDS), and nothing else; `bench_schedule days mon`
  // (tue, wed, thu, fri) one of them.
  const bool days = argc > 1 && std::string(argv[1]) == "days";
  const std::string only_day = days && argc > 2 ? std::string(argv[2]) : std::string();
  // `bench_schedule own_blocks` measures the production solver on the large
  // school as a school's week makes it (each service may use any of the
  // student's adult-support blocks, the solver's minutes in constant time)
  // and the same school with each service listing its own half of them (a
  // flow for each pool's minutes), as a stand-alone problem file may: the
  // time the flow costs, no bound.
  if (argc > 1 && std::string(argv[1]) == "own_blocks") {
    std::printf(
        "| large school, services' blocks | objective | IEP minutes | seconds |\n"
        "|---|---|---|---|\n");
    for (const bool shared : {true, false}) {
      const Problem school = GenerateSchool({.students = 2000,
                                             .paras = 60,
                                             .school_id = 2,
                                             .seed = 12,
                                             .services_share_blocks = shared});
      const auto start = Clock::now();
      const Plan plan = *Solve(school, {.threads = 2});
      const double seconds = Seconds(start);
      const Score score = Evaluate(school, plan);
      std::printf("| %s | %lld | %lld of %lld | %.3f |\n",
                  shared ? "any of the student's (a school's week)" : "each its own half",
                  static_cast<long long>(score.total), static_cast<long long>(score.iep_minutes),
                  static_cast<long long>(score.iep_minutes_required), seconds);
    }
    return 0;
  }
  // `bench_schedule update` measures only the week updated after a change.
  if (argc > 1 && std::string(argv[1]) == "update") {
    MeasureUpdate(GenerateSchool({.students = 200, .paras = 8, .school_id = 1, .seed = 11}),
                  "small");
    MeasureUpdate(GenerateSchool({.students = 2000, .paras = 60, .school_id = 2, .seed = 12}),
                  "large");
    return 0;
  }
  std::printf("bench_schedule: objective / bound, the bound from the exact MILP (CBC) or the\n"
              "Lagrangian dual (see docs/schedule.md), computed in the same run; coverage of\n"
              "one-to-one+safety and of other adult-support needs; hard-rule violations found by\n"
              "CheckPlan; wall time on 2 threads.\n\n");
  std::printf("| size      | method                 |    objective | / bound  | 1:1+saf | adult   | viol. | seconds  | reference\n");
  std::printf("|-----------|------------------------|--------------|----------|---------|---------|-------|----------|----------\n");
  if (days) {
    const Problem large =
        GenerateSchool({.students = 2000, .paras = 60, .school_id = 2, .seed = 12});
    constexpr std::array<std::pair<paraplan::Weekday, const char*>, 5> kWeekdays{{
        {paraplan::Weekday::kMonday, "large mon"},
        {paraplan::Weekday::kTuesday, "large tue"},
        {paraplan::Weekday::kWednesday, "large wed"},
        {paraplan::Weekday::kThursday, "large thu"},
        {paraplan::Weekday::kFriday, "large fri"},
    }};
    const char* day_seconds = std::getenv("PARAPLAN_REFERENCE_SECONDS");
    bool measured_a_day = false;
    for (const auto& [day, label] : kWeekdays) {
      if (!only_day.empty() && std::string(label) != "large " + only_day) continue;
      Measure(label, {DayCoverage(large, day)}, day_seconds ? std::atof(day_seconds) : 60,
              Reference::kMilp);
      measured_a_day = true;
    }
    if (!measured_a_day) {
      std::fprintf(stderr, "bench_schedule days: no weekday %s (mon, tue, wed, thu or fri)\n",
                   only_day.c_str());
      return 2;
    }
    return 0;
  }
  const Problem small = GenerateSchool({.students = 200, .paras = 8, .school_id = 1, .seed = 11});
  if (quick) {
    Measure("small", {small}, 5, Reference::kLagrangian);
  } else {
    Measure("small", {small}, 60, Reference::kMilp);
    // The same school against the Lagrangian bound: how much looser it is
    // than CBC's shows what the large school's ratio means.
    Measure("small", {small}, 20, Reference::kLagrangian);
  }
  if (small_only) {
    MeasureReplan(small, "small");
    MeasureUpdate(small, "small");
    return 0;
  }
  const Problem large = GenerateSchool({.students = 2000, .paras = 60, .school_id = 2, .seed = 12});
  // PARAPLAN_REFERENCE_SECONDS gives the large school's bound more time than
  // make bench's default 60 s.
  const char* reference_seconds = std::getenv("PARAPLAN_REFERENCE_SECONDS");
  const Measured measured = Measure(
      "large", {large}, reference_seconds ? std::atof(reference_seconds) : 60, Reference::kLagrangian);
  MeasureLongerSearch(large, "large", measured);
  // The week's bound is loose where the days are tied together (pairs over
  // the week, IEP minutes); one day's coverage shows the solver against an
  // exact reference at this size.
  const Problem monday = DayCoverage(large, paraplan::Weekday::kMonday);
  Measure("large mon", {monday}, 60, Reference::kMilp);
  // The same day against its Lagrangian bound: where CBC proves how far the
  // plan is from the optimum, this shows how much of the week's ratio is
  // the Lagrangian's own looseness, on coverage alone.
  Measure("large mon", {monday}, 15, Reference::kLagrangian);
  std::vector<Problem> district;
  for (int school = 0; school < 40; ++school) {
    district.push_back(GenerateSchool({.students = 300 + 25 * (school % 9),
                                       .paras = 10 + school % 5,
                                       .school_id = 100 + school,
                                       .seed = static_cast<std::uint64_t>(1000 + school)}));
  }
  Measure("district", district, 4, Reference::kLagrangian);
  std::printf("\n");
  MeasureReplan(small, "small");
  MeasureReplan(large, "large");
  MeasureUpdate(small, "small");
  MeasureUpdate(large, "large");
  std::printf("\nsizes: small %zu needs, %zu paras; large %zu needs, %zu paras (large mon: "
              "its Monday alone, coverage terms only); district 40 schools, %zu needs in all.\n",
              small.needs.size(), small.paras.size(), large.needs.size(), large.paras.size(),
              std::accumulate(district.begin(), district.end(), std::size_t{0},
                              [](std::size_t sum, const Problem& p) { return sum + p.needs.size(); }));
  return 0;
}
