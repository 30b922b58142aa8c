// Re-planning an absence: the fewest changes, each listed, and every need the
// absent para leaves that nobody can take listed with its reason.
#include <gtest/gtest.h>

#include "fixtures.h"
#include "schedule/replan.h"
#include "schedule/solver.h"

namespace paraplan::schedule {
namespace {

using testing::AddNeed;
using testing::AddPara;
using testing::Day;

TEST(Replan, free_qualified_para_takes_over_with_one_change_besides_the_absent_para) {
  Problem problem = Day(1);
  AddPara(problem);
  AddPara(problem);
  AddNeed(problem, 1, 0, 0);
  Plan plan = EmptyPlan(problem);
  plan.slots[0][0] = {Activity::kSupport, 0, {0}};
  ExplainUncovered(problem, plan);
  Result<Replan> replan = ReplanAbsence(problem, plan, 0, Weekday::kMonday);
  ASSERT_TRUE(replan.has_value());
  EXPECT_TRUE(CheckPlan(problem, replan->plan).empty());
  EXPECT_EQ(replan->plan.cover[0], 1);
  EXPECT_EQ(replan->recovered, 1);
  // The absent para's slot and the new para's slot.
  EXPECT_EQ(replan->changes.size(), 2u);
}

TEST(Replan, assignments_not_involving_the_absent_para_are_kept) {
  Problem problem = Day(2);
  AddPara(problem);
  AddPara(problem);
  AddPara(problem);
  AddNeed(problem, 1, 0, 0);
  AddNeed(problem, 2, 0, 1);
  AddNeed(problem, 3, 1, 1);
  Result<Plan> plan = Solve(problem);
  ASSERT_TRUE(plan.has_value());
  const int absent = plan->cover[0];
  Result<Replan> replan = ReplanAbsence(problem, *plan, absent, Weekday::kMonday);
  ASSERT_TRUE(replan.has_value());
  for (std::size_t n = 1; n < problem.needs.size(); ++n) {
    if (plan->cover[n] != absent) {
      EXPECT_EQ(replan->plan.cover[n], plan->cover[n]);
    }
  }
}

TEST(Replan, duty_moves_to_a_free_block_to_cover_the_absent_para_student) {
  Problem problem = Day(3);
  AddPara(problem);
  AddPara(problem);
  // Para 1 may lunch in the first or the second block.
  problem.paras[1].lunch = {30, {TimeOfDay::At(8, 0), TimeOfDay::At(10, 0)}};
  AddNeed(problem, 1, 0, 0);
  Plan plan = EmptyPlan(problem);
  plan.slots[0][0] = {Activity::kSupport, 0, {0}};
  plan.slots[1][0].activity = Activity::kLunch;
  ExplainUncovered(problem, plan);
  ASSERT_TRUE(CheckPlan(problem, plan).empty());
  Result<Replan> replan = ReplanAbsence(problem, plan, 0, Weekday::kMonday);
  ASSERT_TRUE(replan.has_value());
  EXPECT_TRUE(CheckPlan(problem, replan->plan).empty());
  EXPECT_EQ(replan->plan.cover[0], 1);
  EXPECT_EQ(replan->plan.slots[1][1].activity, Activity::kLunch);
}

TEST(Replan, need_nobody_can_take_is_listed_with_its_reason) {
  Problem problem = Day(1);
  AddPara(problem, {Skill::kAac});
  AddPara(problem);
  AddNeed(problem, 1, 0, 0, SupportLevel::kAdultSupport, {Skill::kAac});
  Plan plan = EmptyPlan(problem);
  plan.slots[0][0] = {Activity::kSupport, 0, {0}};
  ExplainUncovered(problem, plan);
  Result<Replan> replan = ReplanAbsence(problem, plan, 0, Weekday::kMonday);
  ASSERT_TRUE(replan.has_value());
  EXPECT_EQ(replan->lost, 1);
  ASSERT_EQ(replan->uncovered.size(), 1u);
  EXPECT_EQ(replan->uncovered[0].reason, UncoveredReason::kNoQualifiedPara);
  EXPECT_TRUE(CheckPlan(problem, replan->plan).empty());
}

TEST(Replan, unknown_para_is_refused_naming_the_field) {
  Problem problem = Day(1);
  AddPara(problem);
  Result<Replan> replan = ReplanAbsence(problem, EmptyPlan(problem), 4, Weekday::kMonday);
  ASSERT_FALSE(replan.has_value());
  EXPECT_EQ(replan.error().fields.at(0).field, "absent");
}

// Two paras, each with their own student in each of two blocks.
Problem TwoStudentsTwoParas() {
  Problem problem = Day(2);
  AddPara(problem);
  AddPara(problem);
  AddNeed(problem, 1, 0, 0);
  AddNeed(problem, 1, 1, 0);
  AddNeed(problem, 2, 0, 1);
  AddNeed(problem, 2, 1, 1);
  return problem;
}

TEST(ReplanReturn, para_back_after_a_replan_has_the_week_day_again) {
  const Problem problem = TwoStudentsTwoParas();
  Result<Plan> week = Solve(problem);
  ASSERT_TRUE(week.has_value());
  const int away = week->cover[0];
  Result<Replan> replan = ReplanAbsence(problem, *week, away, Weekday::kMonday);
  ASSERT_TRUE(replan.has_value());
  ASSERT_FALSE(replan->changes.empty());

  Result<Replan> back = ReplanReturn(problem, *week, replan->plan, away, Weekday::kMonday);
  ASSERT_TRUE(back.has_value()) << back.error().message;
  EXPECT_TRUE(CheckPlan(problem, back->plan).empty());
  EXPECT_EQ(back->plan.slots, week->slots);
  EXPECT_EQ(back->plan.cover, week->cover);
  EXPECT_FALSE(back->plan.IsAbsent(away, Weekday::kMonday));
  // Every slot the absence changed changes back.
  EXPECT_EQ(back->changes.size(), replan->changes.size());
  EXPECT_EQ(back->recovered, 2);
}

TEST(ReplanReturn, another_para_still_away_stays_replanned) {
  Problem problem = TwoStudentsTwoParas();
  AddPara(problem);
  Result<Plan> week = Solve(problem);
  ASSERT_TRUE(week.has_value());
  Result<Replan> first = ReplanAbsence(problem, *week, 0, Weekday::kMonday);
  ASSERT_TRUE(first.has_value());
  Result<Replan> second = ReplanAbsence(problem, first->plan, 1, Weekday::kMonday);
  ASSERT_TRUE(second.has_value());

  Result<Replan> back = ReplanReturn(problem, *week, second->plan, 0, Weekday::kMonday);
  ASSERT_TRUE(back.has_value()) << back.error().message;
  EXPECT_TRUE(CheckPlan(problem, back->plan).empty());
  EXPECT_FALSE(back->plan.IsAbsent(0, Weekday::kMonday));
  EXPECT_TRUE(back->plan.IsAbsent(1, Weekday::kMonday));
  Result<Replan> only_second = ReplanAbsence(problem, *week, 1, Weekday::kMonday);
  ASSERT_TRUE(only_second.has_value());
  EXPECT_EQ(back->plan.slots, only_second->plan.slots);
}

TEST(ReplanReturn, para_on_leave_when_the_week_was_made_takes_the_students_nobody_has) {
  // One para at work covers one of the two students; the para back takes
  // the other in both blocks.
  Problem problem = TwoStudentsTwoParas();
  problem.paras[0].max_students = 1;
  problem.paras[1].max_students = 1;
  Result<Plan> solved = Solve(problem);
  ASSERT_TRUE(solved.has_value());
  Result<Replan> week = ReplanAbsence(problem, *solved, 1, Weekday::kMonday);
  ASSERT_TRUE(week.has_value());
  ASSERT_EQ(week->uncovered.size(), 2u);

  Result<Replan> back = ReplanReturn(problem, week->plan, week->plan, 1, Weekday::kMonday);
  ASSERT_TRUE(back.has_value()) << back.error().message;
  EXPECT_TRUE(CheckPlan(problem, back->plan).empty());
  EXPECT_FALSE(back->plan.IsAbsent(1, Weekday::kMonday));
  EXPECT_TRUE(back->uncovered.empty());
  EXPECT_EQ(back->recovered, 2);
  EXPECT_EQ(back->changes.size(), 2u);  // the para's two blocks; the other para stays
}

// The week as the paras work it: a re-plan's day taken into the week's plan
// gives the re-plan's plan, every rule kept.
TEST(TakeDay, a_replans_day_taken_into_the_week_is_the_replan) {
  const Problem problem = TwoStudentsTwoParas();
  Result<Plan> week = Solve(problem);
  ASSERT_TRUE(week.has_value());
  Result<Replan> replan = ReplanAbsence(problem, *week, week->cover[0], Weekday::kMonday);
  ASSERT_TRUE(replan.has_value());
  Plan in_force = *week;
  TakeDay(problem, replan->plan, Weekday::kMonday, in_force);
  EXPECT_TRUE(CheckPlan(problem, in_force).empty());
  EXPECT_EQ(in_force.slots, replan->plan.slots);
  EXPECT_EQ(in_force.cover, replan->plan.cover);
  EXPECT_EQ(in_force.absences, replan->plan.absences);
  EXPECT_EQ(Evaluate(problem, in_force).total, Evaluate(problem, replan->plan).total);
}

TEST(ReplanReturn, para_who_is_not_away_is_refused_naming_the_field) {
  const Problem problem = TwoStudentsTwoParas();
  Result<Plan> week = Solve(problem);
  ASSERT_TRUE(week.has_value());
  Result<Replan> back = ReplanReturn(problem, *week, *week, 0, Weekday::kMonday);
  ASSERT_FALSE(back.has_value());
  EXPECT_EQ(back.error().fields.at(0).field, "staff_id");
}

// A student who now needs an adult in the second block: the para free there
// takes them, and that slot is the only change.
TEST(UpdateWeek, a_new_need_is_covered_with_one_change_and_the_rest_is_kept) {
  Problem problem = Day(2);
  AddPara(problem);
  AddPara(problem);
  AddNeed(problem, 1, 0, 0);
  AddNeed(problem, 2, 0, 1);
  Result<Plan> week = Solve(problem);
  ASSERT_TRUE(week.has_value());
  Problem changed = problem;
  const int added = AddNeed(changed, 3, 1, 2);
  Result<WeekUpdate> update = UpdateWeek(changed, {}, problem, *week);
  ASSERT_TRUE(update.has_value()) << update.error().message;
  EXPECT_TRUE(CheckPlan(changed, update->plan).empty());
  EXPECT_GE(update->plan.cover[static_cast<std::size_t>(added)], 0);
  EXPECT_EQ(update->plan.cover[0], week->cover[0]);
  EXPECT_EQ(update->plan.cover[1], week->cover[1]);
  ASSERT_EQ(update->changes.size(), 1u);
  EXPECT_EQ(update->changes[0].block, 1);
  EXPECT_EQ(update->para_days_planned, 0);
}

// A block that no longer needs an adult: the para's slot there is free, the
// only change.
TEST(UpdateWeek, a_need_that_is_gone_frees_its_slot) {
  Problem problem = Day(2);
  AddPara(problem);
  AddNeed(problem, 1, 0, 0);
  AddNeed(problem, 1, 1, 0);
  Result<Plan> week = Solve(problem);
  ASSERT_TRUE(week.has_value());
  Problem changed = problem;
  changed.needs[1].support = SupportLevel::kIndependent;
  Result<WeekUpdate> update = UpdateWeek(changed, {}, problem, *week);
  ASSERT_TRUE(update.has_value()) << update.error().message;
  EXPECT_TRUE(CheckPlan(changed, update->plan).empty());
  ASSERT_EQ(update->changes.size(), 1u);
  EXPECT_EQ(update->changes[0].block, 1);
  EXPECT_EQ(update->changes[0].after.activity, Activity::kFree);
  EXPECT_EQ(update->plan.cover[0], 0);
}

// A para who left: their students go to the para who stays and is free, and
// the new para's day is planned with everyone else's fixed.
TEST(UpdateWeek, a_para_who_left_and_one_who_joined) {
  Problem problem = Day(2);
  AddPara(problem);
  AddPara(problem);
  AddNeed(problem, 1, 0, 0);
  AddNeed(problem, 2, 1, 1);
  Plan week = EmptyPlan(problem);
  week.slots[0][0] = {Activity::kSupport, 0, {0}};
  week.slots[1][1] = {Activity::kSupport, 1, {1}};
  ExplainUncovered(problem, week);
  Problem changed = problem;
  changed.paras.erase(changed.paras.begin() + 1);  // para 501 left
  AddPara(changed);
  changed.paras.back().id = 777;  // and para 777 joined
  Result<WeekUpdate> update = UpdateWeek(changed, {}, problem, week);
  ASSERT_TRUE(update.has_value()) << update.error().message;
  EXPECT_TRUE(CheckPlan(changed, update->plan).empty());
  EXPECT_EQ(update->plan.cover[0], 0) << "para 500 keeps their student";
  EXPECT_GE(update->plan.cover[1], 0) << "the student of the para who left is covered";
  EXPECT_EQ(update->para_days_planned, 1) << "the new para's Monday";
}

// A para who joined with hours outside every block (an evening shift) is
// off all week; nothing else moves. (Before, planning their day failed the
// whole update.)
TEST(UpdateWeek, a_para_who_joined_with_no_block_in_their_hours_is_off) {
  Problem problem = Day(2);
  AddPara(problem);
  AddNeed(problem, 1, 0, 0);
  Result<Plan> week = Solve(problem);
  ASSERT_TRUE(week.has_value());
  Problem changed = problem;
  const int evening = AddPara(changed);
  changed.paras.back().id = 888;
  changed.paras.back().hours = {TimeOfDay::At(18, 0), TimeOfDay::At(20, 0)};
  changed.paras.back().lunch = {30, {TimeOfDay::At(18, 0), TimeOfDay::At(20, 0)}};
  Result<WeekUpdate> update = UpdateWeek(changed, {}, problem, *week);
  ASSERT_TRUE(update.has_value()) << update.error().message;
  EXPECT_TRUE(CheckPlan(changed, update->plan).empty());
  for (const Slot& slot : update->plan.slots[static_cast<std::size_t>(evening)]) {
    EXPECT_EQ(slot.activity, Activity::kOff);
  }
  EXPECT_TRUE(update->changes.empty());
}

// The coordinator keeps para 0 apart from student 1, whom the week had them
// support: the update moves the student to the free para and changes
// nothing else.
TEST(UpdateWeek, a_pair_kept_apart_since_is_parted_with_the_fewest_changes) {
  Problem problem = Day(2);
  AddPara(problem);
  AddPara(problem);
  AddNeed(problem, 1, 0, 0);
  AddNeed(problem, 2, 1, 1);
  Plan week = EmptyPlan(problem);
  week.slots[0][0] = {Activity::kSupport, 0, {0}};
  week.slots[0][1] = {Activity::kSupport, 1, {1}};
  ExplainUncovered(problem, week);
  Problem changed = problem;
  changed.paras[0].kept_apart = {1};
  Result<WeekUpdate> update = UpdateWeek(changed, {}, problem, week);
  ASSERT_TRUE(update.has_value()) << update.error().message;
  EXPECT_TRUE(CheckPlan(changed, update->plan).empty());
  EXPECT_EQ(update->plan.cover[0], 1) << "student 1 with the other para";
  EXPECT_EQ(update->plan.cover[1], 0) << "student 2 stays";
  EXPECT_EQ(update->changes.size(), 2u) << "para 0 free, para 1 with student 1, in block 1";
}

TEST(UpdateWeek, a_previous_plan_that_does_not_fit_its_problem_is_refused_naming_the_field) {
  Problem problem = Day(1);
  AddPara(problem);
  AddNeed(problem, 1, 0, 0);
  Plan week = EmptyPlan(problem);
  week.cover.clear();
  Result<WeekUpdate> update = UpdateWeek(problem, {}, problem, week);
  ASSERT_FALSE(update.has_value());
  EXPECT_EQ(update.error().fields.at(0).field, "plan");
}

}  // namespace
}  // namespace paraplan::schedule
