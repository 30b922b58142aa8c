// The Lagrangian bound is a bound: never below any valid plan's objective
// (CBC's proven optimum or best plan, the production solver's) on
// hand-made and seeded random schools; and the exact para-day step it is
// built on keeps every duty and prices room changes.
#include <gtest/gtest.h>

#include "fixtures.h"
#include "schedule/bound.h"
#include "schedule/generator.h"
#include "schedule/milp.h"
#include "schedule/para_day.h"
#include "schedule/solver.h"

namespace paraplan::schedule {
namespace {

using testing::AddNeed;
using testing::AddPara;
using testing::Day;

double BoundOf(const Problem& problem) {
  Result<BoundResult> bound = LagrangianBound(problem, {.iterations = 3000, .seconds = 20});
  EXPECT_TRUE(bound.has_value()) << (bound ? "" : bound.error().message);
  return bound ? bound->bound : 0;
}

TEST(LagrangianBound, is_within_the_load_term_of_the_optimum_of_one_to_one_against_a_pair) {
  // One para; a one-to-one student in room 1, two adult-support students in
  // room 2. Optimum 1000 - 10 - 1 = 989; the bound leaves out the busiest
  // load (-1), so 990 at best.
  Problem problem = Day(1);
  AddPara(problem);
  AddNeed(problem, 1, 0, 0, SupportLevel::kAdultSupport, {}, /*one_to_one=*/true);
  AddNeed(problem, 2, 0, 1);
  AddNeed(problem, 3, 0, 1);
  const double bound = BoundOf(problem);
  EXPECT_GE(bound, 989);
  EXPECT_LE(bound, 990 + 1e-6);
}

TEST(LagrangianBound, charges_one_pair_for_a_student_kept_by_one_para_over_two_blocks) {
  // Two paras, one student in two blocks of one room. Optimum: one para both
  // times, 200 - 10 - 2 = 188; without the load term 190. Two paras would
  // score 180: a bound that let each pair go unpaid would say 200.
  Problem problem = Day(2);
  AddPara(problem);
  AddPara(problem);
  AddNeed(problem, 1, 0, 0);
  AddNeed(problem, 1, 1, 0);
  const double bound = BoundOf(problem);
  EXPECT_GE(bound, 188);
  EXPECT_LE(bound, 191);
}

TEST(LagrangianBound, is_never_below_the_best_plan_on_random_schools) {
  for (int seed = 1; seed <= 4; ++seed) {
    const Problem problem =
        GenerateSchool({.students = 40 + 10 * (seed % 3), .paras = 2 + seed % 3,
                        .days = 1 + seed % 2, .seed = static_cast<std::uint64_t>(seed)});
    const double bound = BoundOf(problem);
    Result<MilpResult> exact = SolveMilp(problem, {.seconds = 20});
    ASSERT_TRUE(exact.has_value());
    ASSERT_TRUE(exact->plan.has_value());
    EXPECT_GE(bound + 1e-6, exact->objective) << "seed " << seed;
    EXPECT_GE(bound + 1e-6, static_cast<double>(Evaluate(problem, *Solve(problem)).total))
        << "seed " << seed;
    // Not a vacuous bound either: within a few percent of CBC's.
    EXPECT_LE(bound, 1.05 * exact->bound) << "seed " << seed;
  }
}

TEST(LagrangianBound, invalid_problem_is_refused_naming_the_field) {
  Problem problem = Day(1);
  AddPara(problem, {}, /*max_students=*/0);
  Result<BoundResult> bound = LagrangianBound(problem);
  ASSERT_FALSE(bound.has_value());
  ASSERT_FALSE(bound.error().fields.empty());
  EXPECT_EQ(bound.error().fields[0].field, "paras[0].max_students");
}

DayBlock Offer(std::vector<std::pair<int, double>> rooms, unsigned duties = 0) {
  DayBlock block;
  block.works = true;
  block.duties = duties;
  for (const auto& [room, worth] : rooms) block.rooms.push_back({room, worth, {}});
  return block;
}

TEST(BestDay, keeps_the_required_duty_in_the_only_block_it_fits) {
  // The duty fits only the middle block, though room 7 is worth most there.
  const std::vector<DayBlock> blocks{Offer({{7, 10}}), Offer({{7, 50}}, 0b001),
                                     Offer({{8, 10}})};
  const DayChoice choice = BestDay(blocks, 0b001, 5);
  ASSERT_TRUE(choice.feasible);
  EXPECT_EQ(choice.duty, (std::vector<int>{-1, 0, -1}));
  EXPECT_EQ(choice.room, (std::vector<int>{0, -1, 0}));
  // The duty sits between the two rooms: no room change is charged.
  EXPECT_DOUBLE_EQ(choice.worth, 20);
}

TEST(BestDay, stays_in_a_room_when_moving_gains_less_than_the_change_costs) {
  // Rooms 1 then 1: 20; 2 then 2: 19; 2 then 1: 22 - 5 = 17.
  const std::vector<DayBlock> blocks{Offer({{1, 10}, {2, 12}}), Offer({{1, 10}, {2, 7}})};
  const DayChoice choice = BestDay(blocks, 0, 5);
  ASSERT_TRUE(choice.feasible);
  EXPECT_EQ(choice.room, (std::vector<int>{0, 0}));
  EXPECT_DOUBLE_EQ(choice.worth, 20);
}

TEST(BestDay, day_without_a_block_for_a_required_duty_is_infeasible) {
  const std::vector<DayBlock> blocks{Offer({{1, 10}}), Offer({{1, 10}})};
  EXPECT_FALSE(BestDay(blocks, 0b010, 5).feasible);
}

TEST(BestGroup, takes_the_one_to_one_student_alone_only_when_worth_more_than_the_group) {
  const std::vector<double> worth{5, 3, 3, 1, 7};
  std::vector<int> group;
  const std::vector<int> shared{1, 2, 3};
  EXPECT_DOUBLE_EQ(BestGroup(std::vector<int>{0}, shared, worth, 2, group), 6);
  EXPECT_EQ(group, (std::vector<int>{1, 2}));
  EXPECT_DOUBLE_EQ(BestGroup(std::vector<int>{4}, shared, worth, 2, group), 7);
  EXPECT_EQ(group, (std::vector<int>{4}));
}

}  // namespace
}  // namespace paraplan::schedule
