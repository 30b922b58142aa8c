#include "domain/plan_json.h"

#include <algorithm>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

namespace paraplan {
namespace {

using nlohmann::json;

ServicePlan Plan() {
  ServicePlan plan;
  plan.id = 4;
  plan.section_id = 3;
  plan.date = *Date::Parse("2026-12-02");
  plan.author_id = 10;
  plan.objective = "Compare fractions";
  plan.standard = "3.NF.A.3";
  plan.parts = {{"lesson", "Whole group", 20}, {"practice", "Independent practice", 20}};
  plan.materials = {"fraction strips"};
  plan.status = PlanStatus::kReviewed;
  plan.submitted_on = *Date::Parse("2026-11-27");
  plan.reviewer_id = 30;
  plan.adults = {{10, StaffRole::kGeneralEducator, "Garcia", Presence::kInRoom},
                 {20, StaffRole::kParaeducator, "Patel", Presence::kInRoom},
                 {30, StaffRole::kSpecialEducator, "Lee", Presence::kPlanningOnly}};
  plan.adaptations = {{7, AdaptationKind::kModification, "Six items"}};
  plan.adapted_lessons = {{"strips", 30, {7}, "Fraction strips", "Model, guide, release"}};
  plan.data_to_collect = {{7, 70, MeasurementMethod::kPercentOfTrials, "6 items", 20},
                          {8, 71, MeasurementMethod::kFrequency, "count", std::nullopt}};
  plan.roles = {
      {10, "lesson", Activity::kTeachWholeGroupLesson, Audience::kWholeClass, {}, {}, "", ""},
      {20, "practice", Activity::kDeliverSdi, Audience::kIndividual, {7}, 30, "strips", "note"},
  };
  plan.version = 3;
  return plan;
}

TEST(PlanJson, a_plan_survives_a_round_trip) {
  Result<ServicePlan> again = PlanFromJson(ToJson(Plan()));
  ASSERT_TRUE(again) << again.error().message;
  EXPECT_EQ(again->roles, Plan().roles);
  EXPECT_EQ(again->adults, Plan().adults);
  EXPECT_EQ(again->data_to_collect, Plan().data_to_collect);
  EXPECT_EQ(again->adapted_lessons, Plan().adapted_lessons);
  EXPECT_EQ(again->submitted_on, Plan().submitted_on);
  EXPECT_EQ(again->reviewer_id, Plan().reviewer_id);
  EXPECT_EQ(again->status, PlanStatus::kReviewed);
  EXPECT_EQ(ToJson(*again), ToJson(Plan()));
}

TEST(PlanJson, an_unknown_activity_is_refused_naming_the_role) {
  json input = ToJson(Plan());
  input["roles"][1]["activity"] = "run_the_iep_meeting";
  Result<ServicePlan> plan = PlanFromJson(input);
  ASSERT_FALSE(plan);
  ASSERT_FALSE(plan.error().fields.empty());
  EXPECT_EQ(plan.error().fields[0].field, "roles[1].activity");
  EXPECT_NE(plan.error().fields[0].reason.find("deliver_sdi"), std::string::npos);
}

TEST(PlanJson, a_minimal_draft_needs_only_section_date_and_objective) {
  Result<ServicePlan> plan = PlanFromJson(
      json::parse(R"({"section_id": 3, "date": "2026-12-02", "objective": "Fractions"})"));
  ASSERT_TRUE(plan) << plan.error().message;
  EXPECT_EQ(plan->status, PlanStatus::kDraft);
  EXPECT_TRUE(plan->roles.empty());
}

TEST(PlanJson, missing_required_fields_are_each_named) {
  Result<ServicePlan> plan = PlanFromJson(json::parse(R"({"parts": [{"key": "a"}]})"));
  ASSERT_FALSE(plan);
  std::vector<std::string> fields;
  for (const FieldProblem& problem : plan.error().fields) fields.push_back(problem.field);
  EXPECT_EQ(fields, (std::vector<std::string>{"section_id", "date", "objective", "parts[0].minutes"}));
}

}  // namespace
// Each form asks for what it must: a stored plan for everything, a new plan
// for its section and date (an adult's role is the roster's), a change for
// neither (a plan keeps its section and date).
TEST(PlanJson, each_form_requires_only_what_it_must) {
  const json minimal = json::parse(R"({"objective": "Fractions", "adults": [{"staff_id": 4}]})");
  auto fields_of = [&minimal](PlanJsonForm form) {
    std::vector<std::string> fields;
    Result<ServicePlan> plan = PlanFromJson(minimal, form);
    if (!plan) {
      for (const FieldProblem& problem : plan.error().fields) fields.push_back(problem.field);
    }
    return fields;
  };
  EXPECT_EQ(fields_of(PlanJsonForm::kStored),
            (std::vector<std::string>{"section_id", "date", "adults[0].role"}));
  EXPECT_EQ(fields_of(PlanJsonForm::kNew), (std::vector<std::string>{"section_id", "date"}));
  EXPECT_TRUE(fields_of(PlanJsonForm::kChange).empty());
}

}  // namespace paraplan
