// The Lagrangian bound is a bound: never below any valid plan's objective
// (CBC's proven optimum or best plan, the production solver's) on
// hand-made and seeded random schools; the exact para-day step it is built
// on keeps every duty and prices room changes; and the relaxation's duties,
// which the production solver starts from, weigh whole groups and do not
// depend on the number of threads.
#include <gtest/gtest.h>

#include "fixtures.h"
#include "schedule/bound.h"
#include "schedule/generator.h"
#include "schedule/milp.h"
#include "schedule/para_day.h"
#include "schedule/relaxation.h"
#include "schedule/solver.h"
#include "schedule/solver_state.h"

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

TEST(Relaxation, puts_lunch_where_the_para_would_support_the_smaller_group) {
  // One para with a group limit of 2; lunch fits the second or the third
  // block. In the second, three students in three rooms (one group of one
  // at most); in the third, two students in one room (one group of two).
  // Counting every need the para could cover, the second block looks the
  // busier; the para's best day keeps lunch there and supports both
  // students in the third.
  Problem problem = Day(3);
  const int para = AddPara(problem, {}, 2);
  problem.paras[static_cast<std::size_t>(para)].lunch = {30, {TimeOfDay::At(9, 0), TimeOfDay::At(11, 0)}};
  for (int room = 0; room < 3; ++room) AddNeed(problem, 1 + room, 1, room);
  AddNeed(problem, 4, 2, 0);
  AddNeed(problem, 5, 2, 0);
  const SolverIndex index(problem);
  Relaxation relaxation(problem, index);
  relaxation.Start(0.5);
  relaxation.Evaluate();
  EXPECT_EQ(relaxation.Duties()[0], (std::vector<int>{-1, 0, -1}));
  // Without the relaxation's prices, the least-needed rule alone (no
  // improvement rounds) keeps lunch in the third block.
  const Result<Plan> unpriced = Solve(problem, {.improvement_rounds = 0, .pricing_steps = 0});
  ASSERT_TRUE(unpriced.has_value());
  EXPECT_EQ(unpriced->slots[0][2].activity, Activity::kLunch);
  const Result<Plan> priced = Solve(problem, {.improvement_rounds = 0});
  ASSERT_TRUE(priced.has_value());
  EXPECT_EQ(priced->slots[0][1].activity, Activity::kLunch);
  EXPECT_EQ(priced->slots[0][2].needs.size(), 2u);
}

TEST(Relaxation, steps_give_the_same_values_and_duties_on_one_thread_or_two) {
  const Problem problem = GenerateSchool({.students = 120, .paras = 6, .seed = 21});
  const SolverIndex index(problem);
  Relaxation one(problem, index);
  Relaxation two(problem, index);
  one.Start(0.5);
  two.Start(0.5);
  for (int step = 0; step < 10; ++step) {
    const double alone = one.Evaluate(1);
    const double shared = two.Evaluate(2);
    ASSERT_EQ(alone, shared) << "step " << step;
    ASSERT_EQ(one.Duties(), two.Duties()) << "step " << step;
    one.Step(alone * 0.1, 1.0);
    two.Step(shared * 0.1, 1.0);
  }
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
