#include "domain/plan.h"

#include <algorithm>

#include <gtest/gtest.h>

#include "test_support.h"

namespace paraplan {
namespace {

using testing::D;
using testing::HasProblem;

// A general educator's lesson with a para re-teaching one student.
ServicePlan SmallPlan() {
  ServicePlan plan;
  plan.section_id = 3;
  plan.date = D("2026-12-02");
  plan.author_id = 10;
  plan.objective = "Compare fractions";
  plan.standard = "3.NF.A.3";
  plan.parts = {{"lesson", "Whole group", 20}, {"practice", "Independent practice", 20}};
  plan.adults = {{10, StaffRole::kGeneralEducator, "Garcia", Presence::kInRoom},
                 {20, StaffRole::kParaeducator, "Patel", Presence::kInRoom},
                 {30, StaffRole::kSpecialEducator, "Lee", Presence::kPlanningOnly}};
  plan.adapted_lessons = {{"strips", 30, {7}, "Fraction strips", "Model, guide, release"}};
  plan.data_to_collect = {{7, 70, MeasurementMethod::kPercentOfTrials, "6 items", 20}};
  plan.roles = {
      {10, "lesson", Activity::kTeachWholeGroupLesson, Audience::kWholeClass, {}, {}, "", ""},
      {20, "lesson", Activity::kSupportWholeClass, Audience::kWholeClass, {}, {}, "", ""},
      {10, "practice", Activity::kMonitorIndependentWork, Audience::kRestOfClass, {}, {}, "", ""},
      {20, "practice", Activity::kDeliverSdi, Audience::kIndividual, {7}, 30, "strips", ""},
  };
  return plan;
}

TEST(PlanValidation, a_complete_plan_has_no_problems) {
  EXPECT_EQ(Validate(SmallPlan()), std::vector<FieldProblem>{});
}

TEST(PlanValidation, a_plan_without_objective_or_section_is_refused) {
  ServicePlan plan = SmallPlan();
  plan.objective = " ";
  plan.section_id = 0;
  auto problems = Validate(plan);
  EXPECT_TRUE(HasProblem(problems, "objective", "is required"));
  EXPECT_TRUE(HasProblem(problems, "section_id", "is required"));
}

TEST(PlanValidation, a_role_in_an_unknown_part_is_refused) {
  ServicePlan plan = SmallPlan();
  plan.roles[1].part = "centres";
  EXPECT_TRUE(HasProblem(Validate(plan), "roles[1].part", "names no part of the lesson"));
}

TEST(PlanValidation, a_role_for_an_adult_not_in_the_room_is_refused) {
  ServicePlan plan = SmallPlan();
  plan.roles[0].staff_id = 30;  // the special educator only plans this lesson
  EXPECT_TRUE(HasProblem(Validate(plan), "roles[0].staff_id", "not one of the adults in the room"));
}

TEST(PlanValidation, an_individual_role_names_exactly_one_student) {
  ServicePlan plan = SmallPlan();
  plan.roles[3].student_ids = {7, 8};
  EXPECT_TRUE(HasProblem(Validate(plan), "roles[3].student_ids", "exactly one student"));
}

TEST(PlanValidation, a_whole_class_role_lists_no_students) {
  ServicePlan plan = SmallPlan();
  plan.roles[1].student_ids = {7};
  EXPECT_TRUE(HasProblem(Validate(plan), "roles[1].student_ids", "must be empty"));
}

TEST(PlanValidation, a_small_group_role_names_its_students) {
  ServicePlan plan = SmallPlan();
  plan.roles[3].audience = Audience::kSmallGroup;
  plan.roles[3].student_ids = {};
  EXPECT_TRUE(HasProblem(Validate(plan), "roles[3].student_ids", "students of the small group"));
}

TEST(PlanValidation, repeated_part_keys_are_refused) {
  ServicePlan plan = SmallPlan();
  plan.parts[1].key = "lesson";
  EXPECT_TRUE(HasProblem(Validate(plan), "parts[1].key", "repeats the part key"));
}

TEST(PlanValidation, a_role_naming_an_unknown_adapted_lesson_is_refused) {
  ServicePlan plan = SmallPlan();
  plan.roles[3].adapted_lesson = "missing";
  EXPECT_TRUE(HasProblem(Validate(plan), "roles[3].adapted_lesson", "names no adapted lesson"));
}

TEST(PlanValidation, an_adapted_lesson_by_someone_outside_the_plan_is_refused) {
  ServicePlan plan = SmallPlan();
  plan.adapted_lessons[0].prepared_by = 99;
  EXPECT_TRUE(HasProblem(Validate(plan), "adapted_lessons[0].prepared_by", "not one of the plan's"));
}

TEST(PlanValidation, data_collected_by_an_adult_outside_the_room_is_refused) {
  ServicePlan plan = SmallPlan();
  plan.data_to_collect[0].collector_id = 30;
  EXPECT_TRUE(HasProblem(Validate(plan), "data_to_collect[0].collector_id", "not one of the adults"));
}

TEST(PlanValidation, a_submitted_plan_needs_parts_and_a_submission_date) {
  ServicePlan plan = SmallPlan();
  plan.status = PlanStatus::kSubmitted;
  plan.parts.clear();
  plan.roles.clear();
  auto problems = Validate(plan);
  EXPECT_TRUE(HasProblem(problems, "parts", "at least one part"));
  EXPECT_TRUE(HasProblem(problems, "submitted_on", "is required"));
}

TEST(PlanValidation, a_draft_may_have_no_parts_yet) {
  ServicePlan plan = SmallPlan();
  plan.parts.clear();
  plan.roles.clear();
  EXPECT_EQ(Validate(plan), std::vector<FieldProblem>{});
}

TEST(PlanValidation, a_reviewed_plan_names_its_reviewer) {
  ServicePlan plan = SmallPlan();
  plan.status = PlanStatus::kReviewed;
  plan.submitted_on = D("2026-11-27");
  EXPECT_TRUE(HasProblem(Validate(plan), "reviewer_id", "is required"));
  plan.reviewer_id = 30;
  EXPECT_EQ(Validate(plan), std::vector<FieldProblem>{});
}

TEST(PlanLifecycle, plans_move_forward_one_step_at_a_time) {
  EXPECT_TRUE(IsAllowedTransition(PlanStatus::kDraft, PlanStatus::kSubmitted));
  EXPECT_TRUE(IsAllowedTransition(PlanStatus::kSubmitted, PlanStatus::kReviewed));
  EXPECT_TRUE(IsAllowedTransition(PlanStatus::kReviewed, PlanStatus::kPublished));
  EXPECT_FALSE(IsAllowedTransition(PlanStatus::kDraft, PlanStatus::kReviewed));
  EXPECT_FALSE(IsAllowedTransition(PlanStatus::kDraft, PlanStatus::kPublished));
  EXPECT_FALSE(IsAllowedTransition(PlanStatus::kSubmitted, PlanStatus::kPublished));
}

TEST(PlanLifecycle, submitted_and_reviewed_plans_can_return_to_draft) {
  EXPECT_TRUE(IsAllowedTransition(PlanStatus::kSubmitted, PlanStatus::kDraft));
  EXPECT_TRUE(IsAllowedTransition(PlanStatus::kReviewed, PlanStatus::kDraft));
}

TEST(PlanLifecycle, a_published_plan_is_final) {
  for (PlanStatus to : AllOf<PlanStatus>()) {
    EXPECT_FALSE(IsAllowedTransition(PlanStatus::kPublished, to)) << NameOf(to);
  }
}

SchoolCalendar Calendar() {
  SchoolCalendar calendar;
  calendar.school_id = 1;
  calendar.name = "2026-2027";
  calendar.first_day = D("2026-08-24");
  calendar.last_day = D("2027-06-04");
  calendar.non_instructional_days = {D("2026-11-26"), D("2026-11-27")};  // Thanksgiving break
  return calendar;
}

TEST(PlanTiming, two_school_days_before_a_wednesday_is_the_monday) {
  EXPECT_EQ(SubmissionDeadline(D("2026-12-09"), 2, Calendar()), D("2026-12-07"));
}

TEST(PlanTiming, the_deadline_skips_the_weekend) {
  // Tuesday 8 December: Monday 7, then Friday 4.
  EXPECT_EQ(SubmissionDeadline(D("2026-12-08"), 2, Calendar()), D("2026-12-04"));
}

TEST(PlanTiming, the_deadline_skips_non_instructional_days) {
  // Tuesday 1 December: Monday 30 November, then (over the weekend and the
  // Thanksgiving break) Wednesday 25 November.
  EXPECT_EQ(SubmissionDeadline(D("2026-12-01"), 2, Calendar()), D("2026-11-25"));
}

TEST(PlanTiming, a_plan_submitted_on_the_deadline_is_on_time) {
  PlanTiming timing = CheckTiming(D("2026-12-09"), D("2026-12-07"), 2, Calendar());
  EXPECT_FALSE(timing.late);
  EXPECT_EQ(timing.deadline, D("2026-12-07"));
}

TEST(PlanTiming, a_plan_submitted_after_the_deadline_is_late) {
  EXPECT_TRUE(CheckTiming(D("2026-12-09"), D("2026-12-08"), 2, Calendar()).late);
}

TEST(PlanTiming, a_longer_district_lead_time_moves_the_deadline) {
  EXPECT_EQ(SubmissionDeadline(D("2026-12-09"), 5, Calendar()), D("2026-12-02"));
  EXPECT_TRUE(CheckTiming(D("2026-12-09"), D("2026-12-07"), 5, Calendar()).late);
}

TEST(PlanTiming, a_lesson_in_the_first_days_is_due_before_the_year_starts) {
  EXPECT_EQ(SubmissionDeadline(D("2026-08-25"), 2, Calendar()), D("2026-08-23"));
}

TEST(PlanEnums, every_plan_vocabulary_name_round_trips) {
  for (Activity activity : AllOf<Activity>()) {
    EXPECT_EQ(ParseEnum<Activity>(NameOf(activity)), activity);
  }
  for (PlanStatus status : AllOf<PlanStatus>()) {
    EXPECT_EQ(ParseEnum<PlanStatus>(NameOf(status)), status);
  }
  EXPECT_EQ(ParseEnum<Audience>("rest_of_class"), Audience::kRestOfClass);
  EXPECT_FALSE(ParseEnum<Activity>("teach_everything").has_value());
}

}  // namespace
}  // namespace paraplan
