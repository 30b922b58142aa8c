#include "rules/plan_rules.h"

#include <algorithm>

#include <gtest/gtest.h>

#include "../domain/test_support.h"
#include "plan_fixtures.h"

namespace paraplan {
namespace {

using namespace fixtures;
using testing::HasProblem;

template <typename T>
std::string Describe(const Result<T>& result) {
  if (result) return "ok";
  std::string text = result.error().message;
  for (const FieldProblem& problem : result.error().fields) {
    text += "\n  " + problem.field + ": " + problem.reason;
  }
  return text;
}

// --- Seed 000's four scenarios ------------------------------------------------

TEST(PlanScenarios, the_para_provides_sdi_scenario_passes_every_plan_rule) {
  EXPECT_TRUE(CheckPlan(ParaProvidesSdi())) << Describe(CheckPlan(ParaProvidesSdi()));
}

TEST(PlanScenarios, the_para_and_general_educator_provide_sdi_scenario_passes_every_plan_rule) {
  auto result = CheckPlan(ParaAndGeneralEducatorProvideSdi());
  EXPECT_TRUE(result) << Describe(result);
}

TEST(PlanScenarios, the_all_educators_provide_sdi_scenario_passes_every_plan_rule) {
  auto result = CheckPlan(AllEducatorsProvideSdi());
  EXPECT_TRUE(result) << Describe(result);
}

TEST(PlanScenarios, the_general_educator_provides_sdi_scenario_passes_every_plan_rule) {
  auto result = CheckPlan(GeneralEducatorProvidesSdi());
  EXPECT_TRUE(result) << Describe(result);
}

TEST(PlanScenarios, each_scenario_goes_from_draft_to_published_with_the_right_people) {
  for (ServicePlan published : AllScenarios()) {
    ServicePlan plan = published;
    plan.status = PlanStatus::kDraft;
    plan.submitted_on.reset();
    plan.reviewer_id.reset();
    Date today = *Date::Parse("2026-11-27");
    auto submitted = Transition(plan, PlanStatus::kSubmitted, kGeneralEducator,
                                StaffRole::kGeneralEducator, today);
    ASSERT_TRUE(submitted) << Describe(submitted);
    EXPECT_EQ(submitted->submitted_on, today);
    auto reviewed = Transition(*submitted, PlanStatus::kReviewed, kSpecialEducator,
                               StaffRole::kSpecialEducator, today);
    ASSERT_TRUE(reviewed) << Describe(reviewed);
    EXPECT_EQ(reviewed->reviewer_id, kSpecialEducator);
    auto done = Transition(*reviewed, PlanStatus::kPublished, kSpecialEducator,
                           StaffRole::kSpecialEducator, today);
    ASSERT_TRUE(done) << Describe(done);
    EXPECT_EQ(done->status, PlanStatus::kPublished);
  }
}

TEST(PlanScenarios, every_adult_in_each_scenario_has_a_role_in_every_part) {
  for (const ServicePlan& plan : AllScenarios()) {
    for (const PlanAdult& adult : plan.adults) {
      if (adult.presence != Presence::kInRoom) continue;
      for (const LessonPart& part : plan.parts) {
        EXPECT_TRUE(std::any_of(plan.roles.begin(), plan.roles.end(), [&](const auto& role) {
          return role.staff_id == adult.staff_id && role.part == part.key;
        })) << adult.name << " in " << part.key;
      }
    }
  }
}

TEST(PlanScenarios, sdi_goes_to_the_students_the_seed_names) {
  auto sdi_providers = [](const ServicePlan& plan) {
    std::set<Id> providers;
    for (const RoleAssignment& role : plan.roles) {
      if (role.activity == Activity::kDeliverSdi) providers.insert(role.staff_id);
    }
    return providers;
  };
  EXPECT_EQ(sdi_providers(ParaProvidesSdi()), std::set<Id>{kPara});
  EXPECT_EQ(sdi_providers(ParaAndGeneralEducatorProvideSdi()),
            (std::set<Id>{kPara, kGeneralEducator}));
  EXPECT_EQ(sdi_providers(AllEducatorsProvideSdi()),
            (std::set<Id>{kPara, kGeneralEducator, kSpecialEducator}));
  EXPECT_EQ(sdi_providers(GeneralEducatorProvidesSdi()), std::set<Id>{kGeneralEducator});
}

// --- Refusals ------------------------------------------------------------------

TEST(PlanRules, a_para_given_a_licensed_only_activity_is_refused_naming_the_rule) {
  ServicePlan plan = ParaProvidesSdi();
  plan.roles[4].activity = Activity::kChooseActivitiesContentEnvironment;
  Result<void> result = CheckPlan(plan);
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().code, ErrorCode::kInvalidArgument);
  EXPECT_NE(result.error().message.find("licensed_only_activity"), std::string::npos);
  EXPECT_TRUE(HasProblem(result.error().fields, "roles[4].activity", "rule licensed_only_activity"));
}

TEST(PlanRules, para_delivered_sdi_without_a_supervisor_is_refused) {
  ServicePlan plan = ParaProvidesSdi();
  plan.roles[5].supervisor_id.reset();
  Result<void> result = CheckPlan(plan);
  ASSERT_FALSE(result);
  EXPECT_NE(result.error().message.find("para_sdi_requires_licensed_supervisor"), std::string::npos);
  EXPECT_TRUE(HasProblem(result.error().fields, "roles[5].supervisor_id", "named special educator"));
}

TEST(PlanRules, para_delivered_sdi_without_an_adapted_lesson_is_refused) {
  ServicePlan plan = ParaProvidesSdi();
  plan.roles[5].adapted_lesson.clear();
  Result<void> result = CheckPlan(plan);
  ASSERT_FALSE(result);
  EXPECT_TRUE(HasProblem(result.error().fields, "roles[5].adapted_lesson",
                         "rule para_sdi_requires_adapted_lesson"));
}

TEST(PlanRules, an_adapted_lesson_written_by_a_para_is_refused) {
  ServicePlan plan = ParaProvidesSdi();
  plan.adapted_lessons[0].prepared_by = kPara;
  Result<void> result = CheckPlan(plan);
  ASSERT_FALSE(result);
  EXPECT_TRUE(HasProblem(result.error().fields, "adapted_lessons[0].prepared_by",
                         "only a licensed educator prepares"));
  EXPECT_TRUE(HasProblem(result.error().fields, "roles[5].adapted_lesson",
                         "rule para_sdi_requires_adapted_lesson"));
}

TEST(PlanRules, a_reviewed_plan_with_an_adult_without_a_role_in_a_part_is_refused) {
  ServicePlan plan = ParaProvidesSdi();
  std::erase_if(plan.roles, [](const RoleAssignment& role) {
    return role.staff_id == kGeneralEducator && role.part == "independent_work";
  });
  Result<void> result = CheckPlan(plan);
  ASSERT_FALSE(result);
  EXPECT_TRUE(HasProblem(result.error().fields, "adults[0]",
                         "has no role in part 'independent_work' (rule every_adult_has_a_role"));
}

TEST(PlanRules, a_draft_may_leave_roles_for_the_review) {
  ServicePlan plan = ParaProvidesSdi();
  plan.status = PlanStatus::kDraft;
  plan.roles.clear();
  plan.reviewer_id.reset();
  EXPECT_TRUE(CheckPlan(plan)) << Describe(CheckPlan(plan));
}

TEST(PlanRules, plain_validation_problems_come_back_without_a_rule_name) {
  ServicePlan plan = ParaProvidesSdi();
  plan.objective.clear();
  Result<void> result = CheckPlan(plan);
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().message.find("role boundaries"), std::string::npos);
  EXPECT_TRUE(HasProblem(result.error().fields, "objective", "is required"));
}

// --- Who moves a plan -------------------------------------------------------

ServicePlan Draft() {
  ServicePlan plan = ParaProvidesSdi();
  plan.status = PlanStatus::kDraft;
  plan.submitted_on.reset();
  plan.reviewer_id.reset();
  return plan;
}

TEST(PlanTransitions, a_para_cannot_submit_a_lesson_plan) {
  auto result = CheckTransition(Draft(), PlanStatus::kSubmitted, StaffRole::kParaeducator);
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().code, ErrorCode::kPermissionDenied);
}

TEST(PlanTransitions, a_general_educator_cannot_review_a_plan) {
  ServicePlan plan = Draft();
  plan.status = PlanStatus::kSubmitted;
  auto result = CheckTransition(plan, PlanStatus::kReviewed, StaffRole::kGeneralEducator);
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().code, ErrorCode::kPermissionDenied);
}

// The role is refused whatever the plan's status, so the refusal says
// nothing about the status.
TEST(PlanTransitions, a_role_that_may_not_make_the_change_is_refused_before_the_status_is_looked_at) {
  for (PlanStatus status : {PlanStatus::kDraft, PlanStatus::kSubmitted, PlanStatus::kReviewed,
                            PlanStatus::kPublished}) {
    ServicePlan plan = Draft();
    plan.status = status;
    auto review = CheckTransition(plan, PlanStatus::kPublished, StaffRole::kGeneralEducator);
    ASSERT_FALSE(review);
    EXPECT_EQ(review.error().code, ErrorCode::kPermissionDenied) << NameOf(status);
    auto submit = CheckTransition(plan, PlanStatus::kSubmitted, StaffRole::kAdministrator);
    ASSERT_FALSE(submit);
    EXPECT_EQ(submit.error().code, ErrorCode::kPermissionDenied) << NameOf(status);
  }
}

TEST(PlanTransitions, a_related_service_provider_can_review_a_plan) {
  ServicePlan plan = Draft();
  plan.status = PlanStatus::kSubmitted;
  EXPECT_TRUE(CheckTransition(plan, PlanStatus::kReviewed, StaffRole::kRelatedServiceProvider));
}

TEST(PlanTransitions, a_draft_cannot_be_published_directly) {
  auto result = CheckTransition(Draft(), PlanStatus::kPublished, StaffRole::kSpecialEducator);
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().code, ErrorCode::kFailedPrecondition);
}

TEST(PlanTransitions, reviewing_a_plan_that_breaks_a_boundary_is_refused) {
  ServicePlan plan = ParaProvidesSdi();
  plan.status = PlanStatus::kSubmitted;
  plan.reviewer_id.reset();
  plan.roles[4].activity = Activity::kAssessOrDiagnose;
  auto result = Transition(plan, PlanStatus::kReviewed, kSpecialEducator,
                           StaffRole::kSpecialEducator, LessonDate());
  ASSERT_FALSE(result);
  EXPECT_NE(result.error().message.find("licensed_only_activity"), std::string::npos);
}

TEST(PlanTransitions, a_reviewer_outside_the_plan_joins_it_for_planning) {
  ServicePlan plan = ParaAndGeneralEducatorProvideSdi();
  plan.status = PlanStatus::kSubmitted;
  plan.reviewer_id.reset();
  std::erase_if(plan.adults, [](const PlanAdult& adult) { return adult.staff_id == kSpecialEducator; });
  auto result = Transition(plan, PlanStatus::kReviewed, kSpecialEducator,
                           StaffRole::kSpecialEducator, LessonDate());
  ASSERT_TRUE(result) << Describe(result);
  const PlanAdult* reviewer = result->FindAdult(kSpecialEducator);
  ASSERT_NE(reviewer, nullptr);
  EXPECT_EQ(reviewer->presence, Presence::kPlanningOnly);
}

TEST(PlanTransitions, returning_a_plan_to_draft_clears_submission_and_review) {
  ServicePlan plan = ParaProvidesSdi();
  plan.status = PlanStatus::kReviewed;
  auto result = Transition(plan, PlanStatus::kDraft, kGeneralEducator, StaffRole::kGeneralEducator,
                           LessonDate());
  ASSERT_TRUE(result);
  EXPECT_FALSE(result->submitted_on.has_value());
  EXPECT_FALSE(result->reviewer_id.has_value());
}

}  // namespace
}  // namespace paraplan
