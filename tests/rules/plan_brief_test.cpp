// The paraeducator's daily brief built from published plans.
#include <algorithm>

#include <gtest/gtest.h>

#include "domain/validation.h"
#include "plan_fixtures.h"
#include "rules/plan_rules.h"

namespace paraplan {
namespace {

using namespace fixtures;

BriefSources Sources(std::vector<ServicePlan> plans) {
  BriefSources sources;
  sources.para_id = kPara;
  sources.date = LessonDate();
  sources.plans = std::move(plans);
  sources.sections = {MathSection()};
  sources.rooms = {MathRoom()};
  sources.students = Students();
  sources.ieps = Ieps();
  sources.assigned_students = ParaAssignedStudents();
  return sources;
}

std::set<Id> StudentsIn(const DailyBrief& brief) {
  std::set<Id> ids;
  for (const BriefBlock& block : brief.blocks) {
    for (const BriefStudent& student : block.students) ids.insert(student.student_id);
    for (const BriefRole& role : block.roles) ids.insert(role.student_ids.begin(), role.student_ids.end());
  }
  return ids;
}

TEST(DailyBrief, the_fixture_ieps_are_valid_ieps) {
  for (const Iep& iep : Ieps()) {
    EXPECT_EQ(Validate(iep), Problems{}) << "IEP of student " << iep.student_id;
  }
}

TEST(DailyBrief, the_para_providing_sdi_sees_room_roles_and_what_to_implement_for_the_student) {
  DailyBrief brief = BuildDailyBrief(Sources({ParaProvidesSdi()}));
  ASSERT_EQ(brief.blocks.size(), 1u);
  const BriefBlock& block = brief.blocks[0];
  EXPECT_EQ(block.course, "Grade 3 Math");
  EXPECT_EQ(block.room, "Room 12");
  ASSERT_TRUE(block.span.has_value());
  EXPECT_EQ(block.span->start, TimeOfDay::At(9, 0));
  ASSERT_EQ(block.roles.size(), 5u);
  EXPECT_EQ(block.roles[0].activity, Activity::kSupportWholeClass);
  EXPECT_EQ(block.roles[3].activity, Activity::kDeliverSdi);
  EXPECT_EQ(block.roles[3].supervisor_name, "David Lee");

  ASSERT_EQ(block.students.size(), 1u);
  const BriefStudent& sam = block.students[0];
  EXPECT_EQ(sam.name, "Sam Jones");
  ASSERT_EQ(sam.adapted_lessons.size(), 1u);
  EXPECT_EQ(sam.adapted_lessons[0].key, "fractions-reteach");
  ASSERT_EQ(sam.goals.size(), 1u);
  EXPECT_EQ(sam.goals[0].statement, "Compares fractions with like denominators");
  EXPECT_EQ(sam.goals[0].method, MeasurementMethod::kPercentOfTrials);
  EXPECT_EQ(sam.regulation_plan.size(), 2u);
  ASSERT_EQ(sam.adaptations.size(), 1u);
}

TEST(DailyBrief, the_brief_shows_accommodations_for_the_classroom_but_not_modifications_of_the_iep) {
  DailyBrief brief = BuildDailyBrief(Sources({ParaProvidesSdi()}));
  const BriefStudent& sam = brief.blocks.at(0).students.at(0);
  ASSERT_EQ(sam.accommodations.size(), 1u);
  EXPECT_EQ(sam.accommodations[0].id, kSamExtendedTime);
}

TEST(DailyBrief, the_brief_shows_services_delivered_in_the_classroom_only) {
  DailyBrief brief = BuildDailyBrief(Sources({ParaProvidesSdi()}));
  const BriefStudent& sam = brief.blocks.at(0).students.at(0);
  ASSERT_EQ(sam.services.size(), 1u);
  EXPECT_EQ(sam.services[0].id, kSamMathService);
}

TEST(DailyBrief, a_para_brief_never_shows_an_unassigned_student) {
  ServicePlan plan = AllEducatorsProvideSdi();
  // The plan wrongly puts an unassigned student in the para's group and data.
  plan.roles[3].student_ids.push_back(kUnassigned);
  plan.data_to_collect[1].collector_id = kPara;
  plan.adapted_lessons[0].student_ids.push_back(kUnassigned);
  DailyBrief brief = BuildDailyBrief(Sources({plan}));
  std::set<Id> shown = StudentsIn(brief);
  EXPECT_FALSE(shown.contains(kUnassigned));
  EXPECT_TRUE(shown.contains(kDev));
  for (const BriefStudent& student : brief.blocks.at(0).students) {
    for (const AdaptedLesson& lesson : student.adapted_lessons) {
      EXPECT_EQ(lesson.student_ids, std::vector<Id>{student.student_id});
    }
  }
}

TEST(DailyBrief, goals_another_adult_collects_data_on_are_not_in_the_para_brief) {
  DailyBrief brief = BuildDailyBrief(Sources({AllEducatorsProvideSdi()}));
  ASSERT_EQ(brief.blocks.size(), 1u);
  ASSERT_EQ(brief.blocks[0].students.size(), 1u);
  const BriefStudent& dev = brief.blocks[0].students[0];
  EXPECT_EQ(dev.student_id, kDev);
  ASSERT_EQ(dev.goals.size(), 1u);
  EXPECT_EQ(dev.goals[0].goal_id, kDevBehaviorGoal);
}

TEST(DailyBrief, a_para_supporting_the_class_gets_roles_without_student_details) {
  DailyBrief brief = BuildDailyBrief(Sources({GeneralEducatorProvidesSdi()}));
  ASSERT_EQ(brief.blocks.size(), 1u);
  EXPECT_EQ(brief.blocks[0].roles.size(), 2u);
  EXPECT_TRUE(brief.blocks[0].students.empty());
}

TEST(DailyBrief, the_para_in_the_social_skills_scenario_sees_the_providers_lesson) {
  DailyBrief brief = BuildDailyBrief(Sources({ParaAndGeneralEducatorProvideSdi()}));
  const BriefStudent& ana = brief.blocks.at(0).students.at(0);
  EXPECT_EQ(ana.student_id, kAna);
  ASSERT_EQ(ana.adapted_lessons.size(), 1u);
  EXPECT_EQ(ana.adapted_lessons[0].prepared_by, kSchoolPsychologist);
  EXPECT_EQ(brief.blocks[0].roles[0].supervisor_name, "Omar Ahmed");
}

TEST(DailyBrief, unpublished_plans_and_other_days_are_left_out) {
  ServicePlan reviewed = ParaProvidesSdi();
  reviewed.status = PlanStatus::kReviewed;
  ServicePlan tomorrow = ParaProvidesSdi();
  tomorrow.date = LessonDate().AddDays(1);
  EXPECT_TRUE(BuildDailyBrief(Sources({reviewed, tomorrow})).blocks.empty());
}

TEST(DailyBrief, plans_in_which_the_para_has_no_role_are_left_out) {
  ServicePlan plan = GeneralEducatorProvidesSdi();
  std::erase_if(plan.roles, [](const RoleAssignment& role) { return role.staff_id == kPara; });
  EXPECT_TRUE(BuildDailyBrief(Sources({plan})).blocks.empty());
}

// The para's published schedule shows in the brief even with no published
// plan: where they are and with whom, each student with the supports of
// their IEP (but no data to take: that is a plan's), the duties, in time
// order; an unassigned student is never shown.
TEST(DailyBrief, the_published_schedule_shows_where_and_with_whom_without_a_plan) {
  BriefSources sources = Sources({});
  sources.scheduled = {
      {"mon-3", {TimeOfDay::At(11, 0), TimeOfDay::At(11, 30)}, "lunch", std::nullopt, "", {},
       UsualSlot{"support", 8, "Room 14"}},
      {"mon-1", {TimeOfDay::At(9, 0), TimeOfDay::At(9, 50)}, "support", 7, "Room 12",
       {kSam, kUnassigned}, std::nullopt},
  };
  DailyBrief brief = BuildDailyBrief(sources);
  EXPECT_TRUE(brief.blocks.empty());
  ASSERT_EQ(brief.schedule.size(), 2u);
  const BriefSlot& math = brief.schedule[0];
  EXPECT_EQ(math.block, "mon-1");
  EXPECT_EQ(math.kind, "support");
  EXPECT_EQ(math.room_id, std::optional<Id>(7));
  EXPECT_EQ(math.room, "Room 12");
  ASSERT_EQ(math.students.size(), 1u) << "an unassigned student is never shown";
  const BriefStudent& sam = math.students[0];
  EXPECT_EQ(sam.student_id, kSam);
  EXPECT_EQ(sam.name, "Sam Jones");
  ASSERT_EQ(sam.services.size(), 1u);
  EXPECT_EQ(sam.services[0].id, kSamMathService);
  ASSERT_EQ(sam.accommodations.size(), 1u);
  EXPECT_EQ(sam.accommodations[0].id, kSamExtendedTime);
  EXPECT_TRUE(sam.goals.empty()) << "what data to take comes from a published plan";
  EXPECT_EQ(math.usual, std::nullopt);
  EXPECT_EQ(brief.schedule[1].kind, "lunch");
  EXPECT_TRUE(brief.schedule[1].students.empty());
  EXPECT_EQ(brief.schedule[1].usual, (UsualSlot{"support", 8, "Room 14"}))
      << "a block a re-plan changed keeps what it usually is";
}

TEST(DailyBrief, blocks_come_in_time_order) {
  ServicePlan math = ParaProvidesSdi();
  ServicePlan reading = AllEducatorsProvideSdi();
  reading.id = 2;
  reading.section_id = 202;
  Section early = MathSection();
  early.id = 202;
  early.course = "Grade 3 Reading";
  early.meetings = {{Weekday::kWednesday, {TimeOfDay::At(8, 0), TimeOfDay::At(8, 50)}}};
  BriefSources sources = Sources({math, reading});
  sources.sections.push_back(early);
  DailyBrief brief = BuildDailyBrief(sources);
  ASSERT_EQ(brief.blocks.size(), 2u);
  EXPECT_EQ(brief.blocks[0].course, "Grade 3 Reading");
  EXPECT_EQ(brief.blocks[1].course, "Grade 3 Math");
}

}  // namespace
}  // namespace paraplan
