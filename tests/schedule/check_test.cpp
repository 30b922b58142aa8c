// CheckPlan finds each kind of broken hard rule; a plan that breaks nothing
// passes. Each test breaks one rule in an otherwise valid plan.
#include <gtest/gtest.h>

#include <algorithm>

#include "fixtures.h"
#include "schedule/solver.h"

namespace paraplan::schedule {
namespace {

using testing::AddNeed;
using testing::AddPara;
using testing::Day;

bool Mentions(const std::vector<Violation>& violations, std::string_view text) {
  return std::any_of(violations.begin(), violations.end(), [&](const Violation& violation) {
    return violation.rule.find(text) != std::string::npos;
  });
}

// Puts `needs` with `para` in `room` during `block` and refreshes cover.
Plan With(const Problem& problem, int para, int block, int room, std::vector<int> needs) {
  Plan plan = EmptyPlan(problem);
  Slot& slot = plan.slots[static_cast<std::size_t>(para)][static_cast<std::size_t>(block)];
  slot.activity = Activity::kSupport;
  slot.room = room;
  slot.needs = std::move(needs);
  ExplainUncovered(problem, plan);
  return plan;
}

TEST(CheckPlan, valid_plan_has_no_violation) {
  Problem problem = Day(1);
  AddPara(problem);
  const int need = AddNeed(problem, 1, 0, 0);
  EXPECT_TRUE(CheckPlan(problem, With(problem, 0, 0, 0, {need})).empty());
}

TEST(CheckPlan, para_without_the_skill_is_refused) {
  Problem problem = Day(1);
  AddPara(problem);
  const int need = AddNeed(problem, 1, 0, 0, SupportLevel::kAdultSupport, {Skill::kAac});
  EXPECT_TRUE(Mentions(CheckPlan(problem, With(problem, 0, 0, 0, {need})),
                       "without its skills or credentials"));
}

TEST(CheckPlan, shared_one_to_one_block_is_refused) {
  Problem problem = Day(1);
  AddPara(problem);
  const int exclusive = AddNeed(problem, 1, 0, 0, SupportLevel::kAdultSupport, {}, true);
  const int other = AddNeed(problem, 2, 0, 0);
  EXPECT_TRUE(Mentions(CheckPlan(problem, With(problem, 0, 0, 0, {exclusive, other})),
                       "one-to-one"));
}

TEST(CheckPlan, group_above_the_limit_is_refused) {
  Problem problem = Day(1);
  AddPara(problem, {}, 1);
  const int first = AddNeed(problem, 1, 0, 0);
  const int second = AddNeed(problem, 2, 0, 0);
  EXPECT_TRUE(
      Mentions(CheckPlan(problem, With(problem, 0, 0, 0, {first, second})), "group limit"));
}

TEST(CheckPlan, adult_support_where_the_plan_says_independent_is_refused) {
  Problem problem = Day(1);
  AddPara(problem);
  const int need = AddNeed(problem, 1, 0, 0, SupportLevel::kIndependent);
  EXPECT_TRUE(Mentions(CheckPlan(problem, With(problem, 0, 0, 0, {need})),
                       "where the student's plan says independent"));
}

TEST(CheckPlan, student_in_another_room_is_refused) {
  Problem problem = Day(1);
  AddPara(problem);
  const int need = AddNeed(problem, 1, 0, 1);
  EXPECT_TRUE(Mentions(CheckPlan(problem, With(problem, 0, 0, 0, {need})), "another room"));
}

TEST(CheckPlan, work_outside_the_para_hours_is_refused) {
  Problem problem = Day(2);
  AddPara(problem);
  problem.paras[0].hours = {TimeOfDay::At(8, 0), TimeOfDay::At(9, 0)};
  Plan plan = EmptyPlan(problem);
  plan.slots[0][1].activity = Activity::kFree;
  EXPECT_TRUE(Mentions(CheckPlan(problem, plan), "outside the para's hours"));
}

TEST(CheckPlan, missing_lunch_is_refused) {
  Problem problem = Day(3);
  AddPara(problem);
  problem.paras[0].lunch = {30, {TimeOfDay::At(9, 0), TimeOfDay::At(11, 0)}};
  EXPECT_TRUE(Mentions(CheckPlan(problem, EmptyPlan(problem)), "lunch blocks in the day"));
}

TEST(CheckPlan, lunch_outside_its_window_is_refused) {
  Problem problem = Day(3);
  AddPara(problem);
  problem.paras[0].lunch = {30, {TimeOfDay::At(9, 0), TimeOfDay::At(11, 0)}};
  Plan plan = EmptyPlan(problem);
  plan.slots[0][0].activity = Activity::kLunch;
  EXPECT_TRUE(Mentions(CheckPlan(problem, plan), "outside its window"));
}

TEST(CheckPlan, uncovered_need_with_a_free_qualified_para_is_refused) {
  Problem problem = Day(1);
  AddPara(problem);
  AddNeed(problem, 1, 0, 0);
  Plan plan = EmptyPlan(problem);
  plan.uncovered.push_back({0, UncoveredReason::kNoQualifiedParaFree});
  EXPECT_TRUE(Mentions(CheckPlan(problem, plan), "while a qualified para could take it"));
}

TEST(CheckPlan, uncovered_need_with_a_false_reason_is_refused) {
  Problem problem = Day(1);
  AddPara(problem, {}, 1);
  const int covered = AddNeed(problem, 1, 0, 0);
  AddNeed(problem, 2, 0, 0);
  Plan plan = With(problem, 0, 0, 0, {covered});
  ASSERT_EQ(plan.uncovered.size(), 1u);
  plan.uncovered[0].reason = UncoveredReason::kNoQualifiedPara;
  EXPECT_TRUE(Mentions(CheckPlan(problem, plan), "for the reason group_limit"));
}

TEST(CheckPlan, adult_support_need_missing_from_the_uncovered_list_is_refused) {
  Problem problem = Day(1);
  AddPara(problem);
  AddNeed(problem, 1, 0, 0);
  Plan plan = EmptyPlan(problem);
  EXPECT_TRUE(Mentions(CheckPlan(problem, plan), "without a reason"));
}

}  // namespace
}  // namespace paraplan::schedule
