// The coordinator's changes by hand: made together, the students a change
// gives a para taken from whoever had them, and every change that would
// break a hard rule or leave a student behind refused in words.
#include "schedule/edit.h"

#include <fmt/format.h>
#include <gtest/gtest.h>

#include "fixtures.h"
#include "schedule/replan.h"
#include "schedule/solver.h"

namespace paraplan::schedule {
namespace {

using testing::AddNeed;
using testing::AddPara;
using testing::Day;

std::string Words(Id student) { return fmt::format("Student {}", student); }

Slot Support(int room, std::vector<int> needs) {
  return {Activity::kSupport, room, std::move(needs)};
}

// Each refusal's field and message, for the assertions' messages.
std::string Listed(const EditResult& result) {
  std::string listed;
  for (const EditProblem& problem : result.problems) {
    listed += fmt::format("[{}] {}: {}\n", problem.edit, problem.field, problem.message);
  }
  return listed;
}

// Two paras in block 0: para 0 with student 1 in room 0, para 1 free;
// student 2 in room 1 needs an adult nobody gives (para 1 lacks AAC).
struct EditTwoParas : ::testing::Test {
  EditTwoParas() {
    AddPara(problem);
    AddPara(problem);
    AddNeed(problem, 1, 0, 0);
    AddNeed(problem, 2, 0, 1, SupportLevel::kAdultSupport, {Skill::kAac});
    AddNeed(problem, 3, 0, 1, SupportLevel::kPeerSupport);
    problem.paras[0].skills = {Skill::kAac};
    plan = EmptyPlan(problem);
    plan.slots[0][0] = Support(0, {0});
    plan.slots[1][0] = {Activity::kFree, -1, {}};
    ExplainUncovered(problem, plan);
  }

  EditResult Edit(std::vector<SlotEdit> edits) { return ApplyEdits(problem, plan, edits, Words); }

  Problem problem = Day(1);
  Plan plan;
};

TEST_F(EditTwoParas, a_student_given_to_another_para_leaves_the_para_who_had_them) {
  // Para 0 goes to the AAC student; para 1 takes student 1.
  EditResult result = Edit({{1, 0, Support(0, {0})}, {0, 0, Support(1, {1})}});
  ASSERT_TRUE(result.problems.empty()) << Listed(result);
  EXPECT_TRUE(CheckPlan(problem, result.plan).empty());
  EXPECT_EQ(result.plan.cover[0], 1);
  EXPECT_EQ(result.plan.cover[1], 0);
  EXPECT_TRUE(result.plan.uncovered.empty());
}

TEST_F(EditTwoParas, a_para_whose_students_all_left_is_free) {
  // Para 1 takes student 1 from para 0, who then goes to the AAC student.
  EditResult result = Edit({{0, 0, Support(1, {1})}, {1, 0, Support(0, {0})}});
  ASSERT_TRUE(result.problems.empty()) << Listed(result);
  result = ApplyEdits(problem, plan, {{1, 0, Support(0, {0})}}, Words);
  // Alone, that change leaves para 0 free while the AAC student, whom only
  // para 0 may support, has nobody.
  ASSERT_EQ(result.problems.size(), 1u) << Listed(result);
  EXPECT_EQ(result.problems[0].field, "changes");
  EXPECT_EQ(result.problems[0].message,
            "Student 2 would have no adult at Monday 08:00 while Para 1, who may support them, "
            "is free: give them to Para 1 or give Para 1 something else");
}

TEST_F(EditTwoParas, a_para_without_the_students_skills_is_refused_naming_what_they_lack) {
  EditResult result = Edit({{1, 0, Support(1, {1})}});
  ASSERT_EQ(result.problems.size(), 1u) << Listed(result);
  EXPECT_EQ(result.problems[0].edit, 0);
  EXPECT_EQ(result.problems[0].field, "student_ids");
  EXPECT_EQ(result.problems[0].message, "Para 2 lacks what Student 2 needs here: AAC");
}

TEST_F(EditTwoParas, a_student_whose_plan_says_peer_support_gets_no_adult) {
  EditResult result = Edit({{1, 0, Support(1, {2})}});
  ASSERT_EQ(result.problems.size(), 1u) << Listed(result);
  EXPECT_EQ(result.problems[0].field, "student_ids");
  EXPECT_NE(result.problems[0].message.find("Student 3's plan says peer support"),
            std::string::npos)
      << Listed(result);
}

TEST_F(EditTwoParas, a_student_in_another_room_is_refused_naming_their_room) {
  EditResult result = Edit({{1, 0, Support(1, {0})}});
  ASSERT_EQ(result.problems.size(), 1u) << Listed(result);
  EXPECT_EQ(result.problems[0].field, "room_id");
  EXPECT_EQ(result.problems[0].message, "Student 1 is in Room 1 in this block");
}

TEST_F(EditTwoParas, a_para_kept_apart_from_the_student_is_refused) {
  problem.paras[1].kept_apart = {1};
  EditResult result = Edit({{1, 0, Support(0, {0})}, {0, 0, Support(1, {1})}});
  ASSERT_EQ(result.problems.size(), 1u) << Listed(result);
  EXPECT_EQ(result.problems[0].edit, 0);
  EXPECT_EQ(result.problems[0].message, "Para 2 is kept apart from Student 1");
}

TEST_F(EditTwoParas, the_same_block_changed_twice_or_a_student_given_twice_is_refused) {
  EditResult twice = Edit({{1, 0, Support(0, {0})}, {1, 0, Slot{Activity::kFree, -1, {}}}});
  ASSERT_FALSE(twice.problems.empty());
  EXPECT_EQ(twice.problems[0].edit, 1);
  EXPECT_EQ(twice.problems[0].field, "block");
  EditResult shared = Edit({{0, 0, Support(0, {0})}, {1, 0, Support(0, {0})}});
  ASSERT_FALSE(shared.problems.empty());
  EXPECT_EQ(shared.problems[0].field, "student_ids");
  EXPECT_EQ(shared.problems[0].message, "Student 1 is given to two paras in the same block");
}

TEST_F(EditTwoParas, a_para_given_another_duty_is_not_counted_on_for_students) {
  // Para 0 to the office and para 1 to the AAC student's room is refused:
  // para 1 lacks AAC. Para 0 to the office alone leaves student 1 to para 1
  // (free, qualified), which is refused too; with para 1 on another duty
  // as well, both students are left without an adult, truly.
  const Slot office{Activity::kOtherDuty, -1, {}};
  EditResult alone = Edit({{0, 0, office}});
  ASSERT_EQ(alone.problems.size(), 1u) << Listed(alone);
  EXPECT_NE(alone.problems[0].message.find("while Para 2, who may support them, is free"),
            std::string::npos)
      << Listed(alone);
  EditResult both = Edit({{0, 0, office}, {1, 0, office}});
  ASSERT_TRUE(both.problems.empty()) << Listed(both);
  EXPECT_TRUE(CheckPlan(problem, both.plan).empty());
  ASSERT_EQ(both.plan.uncovered.size(), 2u);
  for (const Uncovered& entry : both.plan.uncovered) {
    EXPECT_EQ(entry.reason, UncoveredReason::kNoQualifiedParaFree);
  }
  // An absence re-planned later leaves the other duty where it is.
  Result<Replan> replan = ReplanAbsence(problem, both.plan, 1, Weekday::kMonday);
  ASSERT_TRUE(replan) << replan.error().message;
  EXPECT_EQ(replan->plan.slots[0][0].activity, Activity::kOtherDuty);
  EXPECT_TRUE(CheckPlan(problem, replan->plan).empty());
}

TEST(Edit, a_group_above_the_paras_limit_or_sharing_a_one_to_one_adult_is_refused) {
  Problem problem = Day(1);
  AddPara(problem, {}, 2);
  AddNeed(problem, 1, 0, 0);
  AddNeed(problem, 2, 0, 0);
  AddNeed(problem, 3, 0, 0);
  AddNeed(problem, 4, 0, 0, SupportLevel::kAdultSupport, {}, /*one_to_one=*/true);
  Plan plan = EmptyPlan(problem);
  plan.slots[0][0] = {Activity::kFree, -1, {}};
  ExplainUncovered(problem, plan);
  EditResult crowded = ApplyEdits(problem, plan, {{0, 0, Support(0, {0, 1, 2})}}, Words);
  ASSERT_EQ(crowded.problems.size(), 1u) << Listed(crowded);
  EXPECT_EQ(crowded.problems[0].message, "Para 1 supports at most 2 students at once");
  EditResult shared = ApplyEdits(problem, plan, {{0, 0, Support(0, {0, 3})}}, Words);
  ASSERT_EQ(shared.problems.size(), 1u) << Listed(shared);
  EXPECT_EQ(shared.problems[0].message,
            "Student 4 has a one-to-one adult in this block, who supports nobody else");
}

// A para who may lunch in block 0 or 1: moving lunch from one to the other
// takes two changes made together; either alone is refused.
TEST(Edit, a_duty_moves_by_two_changes_made_together) {
  Problem problem = Day(3);
  AddPara(problem);
  problem.paras[0].lunch = {30, {TimeOfDay::At(8, 0), TimeOfDay::At(10, 0)}};
  Plan plan = EmptyPlan(problem);
  plan.slots[0] = {
      {Activity::kLunch, -1, {}}, {Activity::kFree, -1, {}}, {Activity::kFree, -1, {}}};
  ExplainUncovered(problem, plan);
  const Slot lunch{Activity::kLunch, -1, {}};
  const Slot free{Activity::kFree, -1, {}};
  EditResult both = ApplyEdits(problem, plan, {{0, 0, free}, {0, 1, lunch}}, Words);
  ASSERT_EQ(both.problems.size(), 0u) << Listed(both);
  EXPECT_EQ(both.plan.slots[0][1].activity, Activity::kLunch);
  EXPECT_TRUE(CheckPlan(problem, both.plan).empty());
  EditResult none = ApplyEdits(problem, plan, {{0, 0, free}}, Words);
  ASSERT_EQ(none.problems.size(), 1u) << Listed(none);
  EXPECT_EQ(none.problems[0].edit, -1);
  EXPECT_EQ(none.problems[0].message,
            "Para 1 would have no lunch on Monday: give it another block that day");
  EditResult two = ApplyEdits(problem, plan, {{0, 1, lunch}}, Words);
  ASSERT_EQ(two.problems.size(), 1u) << Listed(two);
  EXPECT_EQ(two.problems[0].message, "Para 1 would have 2 lunch blocks on Monday: keep one");
  EditResult late = ApplyEdits(problem, plan, {{0, 0, free}, {0, 2, lunch}}, Words);
  ASSERT_FALSE(late.problems.empty());
  EXPECT_EQ(late.problems[0].field, "activity");
  EXPECT_EQ(late.problems[0].message,
            "Para 1's lunch (30 minutes between 08:00 and 10:00) does not fit at Monday 10:00");
  EditResult nobody = ApplyEdits(problem, plan, {{0, 1, Support(0, {})}}, Words);
  ASSERT_FALSE(nobody.problems.empty());
  EXPECT_EQ(nobody.problems[0].message,
            "name the students the para supports, or make the para free");
}

TEST(Edit, a_para_away_or_outside_their_hours_is_not_given_a_block) {
  Problem problem = Day(2);
  AddPara(problem);
  AddPara(problem);
  problem.paras[1].hours = {TimeOfDay::At(9, 0), TimeOfDay::At(12, 0)};
  AddNeed(problem, 1, 0, 0);
  Plan plan = EmptyPlan(problem, {{0, Weekday::kMonday}});
  ExplainUncovered(problem, plan);
  for (int para : {0, 1}) {
    EditResult result = ApplyEdits(problem, plan, {{para, 0, Support(0, {0})}}, Words);
    ASSERT_EQ(result.problems.size(), 1u) << Listed(result);
    EXPECT_EQ(result.problems[0].field, "staff_id");
    EXPECT_EQ(result.problems[0].message,
              fmt::format("Para {} is not at work at Monday 08:00", para + 1));
  }
}

}  // namespace
}  // namespace paraplan::schedule
