#include "rules/role_boundaries.h"

#include <set>

#include <gtest/gtest.h>

namespace paraplan {
namespace {

// A para directed by a special educator, delivering a lesson a special
// educator prepared: every condition for para work is met.
constexpr AssignmentContext kDirected{StaffRole::kSpecialEducator, StaffRole::kSpecialEducator};

std::optional<BoundaryRule> Refusal(StaffRole role, Activity activity,
                                    const AssignmentContext& context = kDirected) {
  Result<void> result = CheckRoleAssignment(role, activity, context);
  if (result) return std::nullopt;
  return BrokenRule(result.error());
}

TEST(ActivityCatalogue, lists_every_activity_once_with_a_description_and_a_seed_source) {
  std::set<Activity> seen;
  for (const ActivityRule& rule : ActivityCatalogue()) {
    EXPECT_TRUE(seen.insert(rule.activity).second) << NameOf(rule.activity);
    EXPECT_FALSE(rule.description.empty()) << NameOf(rule.activity);
    EXPECT_TRUE(rule.source.starts_with("seed 00")) << NameOf(rule.activity);
  }
  EXPECT_EQ(seen.size(), AllOf<Activity>().size());
}

TEST(ActivityCatalogue, the_duties_the_seeds_keep_for_licensed_educators_are_not_para_allowed) {
  for (Activity activity :
       {Activity::kDesignInstruction, Activity::kPrepareAdaptedLesson, Activity::kModifyCurriculum,
        Activity::kAssessOrDiagnose, Activity::kDecideGoalMeasurement,
        Activity::kChooseActivitiesContentEnvironment, Activity::kMakePlacementDecision,
        Activity::kReportProgressToParents, Activity::kChooseSdi}) {
    EXPECT_NE(RuleFor(activity).scope, ActivityScope::kParaAllowed) << NameOf(activity);
  }
}

TEST(ActivityCatalogue, the_duties_the_seeds_give_paras_are_para_allowed) {
  for (Activity activity :
       {Activity::kDeliverSdi, Activity::kReteach, Activity::kPreteach, Activity::kPromptAndFade,
        Activity::kProvideReinforcement, Activity::kMonitorIndependentWork,
        Activity::kSupportAccommodations, Activity::kSupportAssistiveTechnology,
        Activity::kCollectData, Activity::kSuperviseNonInstructionalSetting}) {
    EXPECT_EQ(RuleFor(activity).scope, ActivityScope::kParaAllowed) << NameOf(activity);
  }
}

TEST(RoleBoundaries, every_licensed_only_activity_is_refused_to_a_para_naming_the_rule) {
  for (const ActivityRule& rule : ActivityCatalogue()) {
    if (rule.scope == ActivityScope::kParaAllowed) continue;
    EXPECT_EQ(Refusal(StaffRole::kParaeducator, rule.activity), BoundaryRule::kLicensedOnlyActivity)
        << NameOf(rule.activity);
  }
}

TEST(RoleBoundaries, every_para_allowed_activity_is_accepted_for_a_directed_para) {
  for (const ActivityRule& rule : ActivityCatalogue()) {
    if (rule.scope != ActivityScope::kParaAllowed) continue;
    EXPECT_EQ(Refusal(StaffRole::kParaeducator, rule.activity), std::nullopt)
        << NameOf(rule.activity);
  }
}

TEST(RoleBoundaries, a_refusal_names_the_rule_the_field_and_the_seed) {
  Result<void> result =
      CheckRoleAssignment(StaffRole::kParaeducator, Activity::kModifyCurriculum, kDirected);
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().code, ErrorCode::kInvalidArgument);
  EXPECT_TRUE(result.error().message.starts_with("licensed_only_activity: modify_curriculum"))
      << result.error().message;
  ASSERT_EQ(result.error().fields.size(), 1u);
  EXPECT_EQ(result.error().fields[0].field, "activity");
  EXPECT_NE(result.error().fields[0].reason.find("seed 002"), std::string::npos);
}

TEST(RoleBoundaries, para_delivered_sdi_without_a_supervisor_is_refused) {
  AssignmentContext context{std::nullopt, StaffRole::kSpecialEducator};
  EXPECT_EQ(Refusal(StaffRole::kParaeducator, Activity::kDeliverSdi, context),
            BoundaryRule::kParaSdiRequiresLicensedSupervisor);
}

TEST(RoleBoundaries, para_delivered_sdi_supervised_by_a_general_educator_is_refused) {
  AssignmentContext context{StaffRole::kGeneralEducator, StaffRole::kSpecialEducator};
  EXPECT_EQ(Refusal(StaffRole::kParaeducator, Activity::kDeliverSdi, context),
            BoundaryRule::kParaSdiRequiresLicensedSupervisor);
}

TEST(RoleBoundaries, para_delivered_sdi_supervised_by_another_para_is_refused) {
  AssignmentContext context{StaffRole::kParaeducator, StaffRole::kSpecialEducator};
  EXPECT_EQ(Refusal(StaffRole::kParaeducator, Activity::kDeliverSdi, context),
            BoundaryRule::kParaSdiRequiresLicensedSupervisor);
}

TEST(RoleBoundaries, para_delivered_sdi_supervised_by_a_related_service_provider_is_allowed) {
  AssignmentContext context{StaffRole::kRelatedServiceProvider,
                            StaffRole::kRelatedServiceProvider};
  EXPECT_EQ(Refusal(StaffRole::kParaeducator, Activity::kDeliverSdi, context), std::nullopt);
}

TEST(RoleBoundaries, para_delivered_sdi_without_an_adapted_lesson_is_refused) {
  AssignmentContext context{StaffRole::kSpecialEducator, std::nullopt};
  EXPECT_EQ(Refusal(StaffRole::kParaeducator, Activity::kDeliverSdi, context),
            BoundaryRule::kParaSdiRequiresAdaptedLesson);
}

TEST(RoleBoundaries, para_delivered_sdi_from_a_lesson_a_para_wrote_is_refused) {
  AssignmentContext context{StaffRole::kSpecialEducator, StaffRole::kParaeducator};
  EXPECT_EQ(Refusal(StaffRole::kParaeducator, Activity::kDeliverSdi, context),
            BoundaryRule::kParaSdiRequiresAdaptedLesson);
}

TEST(RoleBoundaries, para_delivered_sdi_from_a_general_educators_lesson_is_allowed) {
  AssignmentContext context{StaffRole::kSpecialEducator, StaffRole::kGeneralEducator};
  EXPECT_EQ(Refusal(StaffRole::kParaeducator, Activity::kDeliverSdi, context), std::nullopt);
}

TEST(RoleBoundaries, a_para_teaches_a_small_group_only_a_lesson_a_licensed_educator_prepared) {
  AssignmentContext context{std::nullopt, std::nullopt};
  EXPECT_EQ(Refusal(StaffRole::kParaeducator, Activity::kTeachPreparedSmallGroupLesson, context),
            BoundaryRule::kPreparedLessonRequiresLicensedAuthor);
  context.adapted_lesson_author_role = StaffRole::kGeneralEducator;
  EXPECT_EQ(Refusal(StaffRole::kParaeducator, Activity::kTeachPreparedSmallGroupLesson, context),
            std::nullopt);
}

TEST(RoleBoundaries, a_general_educator_may_not_decide_how_a_goal_is_measured) {
  EXPECT_EQ(Refusal(StaffRole::kGeneralEducator, Activity::kDecideGoalMeasurement),
            BoundaryRule::kIepOwnerOnlyActivity);
  EXPECT_EQ(Refusal(StaffRole::kGeneralEducator, Activity::kChooseSdi),
            BoundaryRule::kIepOwnerOnlyActivity);
}

TEST(RoleBoundaries, a_general_educator_delivers_sdi_without_an_adapted_lesson) {
  EXPECT_EQ(Refusal(StaffRole::kGeneralEducator, Activity::kDeliverSdi, AssignmentContext{}),
            std::nullopt);
}

TEST(RoleBoundaries, special_educators_and_providers_may_be_given_every_activity) {
  for (Activity activity : AllOf<Activity>()) {
    EXPECT_EQ(Refusal(StaffRole::kSpecialEducator, activity, AssignmentContext{}), std::nullopt)
        << NameOf(activity);
    EXPECT_EQ(Refusal(StaffRole::kRelatedServiceProvider, activity, AssignmentContext{}),
              std::nullopt)
        << NameOf(activity);
  }
}

TEST(RoleBoundaries, an_administrator_is_given_no_classroom_role) {
  EXPECT_EQ(Refusal(StaffRole::kAdministrator, Activity::kSupportWholeClass),
            BoundaryRule::kNoClassroomRoleForAdministrator);
}

TEST(RoleBoundaries, errors_that_are_not_refusals_name_no_rule) {
  EXPECT_EQ(BrokenRule(Error::Invalid("objective: is required")), std::nullopt);
  EXPECT_EQ(BrokenRule(Error::NotFound("licensed_only_activity: x")), std::nullopt);
}

}  // namespace
}  // namespace paraplan
