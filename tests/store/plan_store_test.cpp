// The plan store on the SQLite backend: one plan per section and date,
// versions for every change, lists by adult and date.
#include "store/plan_store.h"

#include <gtest/gtest.h>

#include "capture_fixtures.h"

namespace paraplan {
namespace {

using namespace capture_fixtures;

class PlanStoreTest : public ::testing::Test {
 protected:
  void SetUp() override { ASSERT_TRUE(db_.Open()); }

  ServicePlan Plan() const {
    ServicePlan plan;
    plan.section_id = db_.section;
    plan.date = *Date::Parse("2026-12-02");
    plan.author_id = db_.general_educator;
    plan.objective = "Compare fractions";
    plan.parts = {{"lesson", "Whole group", 20}};
    plan.adults = {{db_.general_educator, StaffRole::kGeneralEducator, "Garcia", Presence::kInRoom},
                   {db_.para, StaffRole::kParaeducator, "Patel", Presence::kInRoom}};
    plan.roles = {
        {db_.general_educator,
         "lesson",
         Activity::kTeachWholeGroupLesson,
         Audience::kWholeClass,
         {},
         {},
         "",
         ""},
        {db_.para, "lesson", Activity::kSupportWholeClass, Audience::kWholeClass, {}, {}, "", ""}};
    return plan;
  }

  PlanStore& plans() { return *db_.plans; }

  TestDatabase db_;
};

TEST_F(PlanStoreTest, a_created_plan_gets_an_id_and_version_one) {
  Result<ServicePlan> created = plans().Create(Plan(), db_.general_educator, Now());
  ASSERT_TRUE(created) << created.error().message;
  EXPECT_GT(created->id, 0);
  EXPECT_EQ(created->version, 1);
  Result<ServicePlan> stored = plans().Get(created->id);
  ASSERT_TRUE(stored) << stored.error().message;
  EXPECT_EQ(stored->roles, Plan().roles);
  EXPECT_EQ(stored->id, created->id);
}

TEST_F(PlanStoreTest, a_second_plan_for_the_same_section_and_date_is_refused) {
  Result<ServicePlan> first = plans().Create(Plan(), db_.general_educator, Now());
  ASSERT_TRUE(first) << first.error().message;
  Result<ServicePlan> again = plans().Create(Plan(), db_.general_educator, Now());
  ASSERT_FALSE(again);
  EXPECT_EQ(again.error().code, ErrorCode::kAlreadyExists);
  // Said as the teachers say it: the section's course and code, the date,
  // and the plan to change instead.
  EXPECT_EQ(again.error().message,
            fmt::format("Grade 3 Math (MATH3-01) already has a lesson plan for {}: change that "
                        "one (plan {})",
                        Plan().date.ToString(), first->id));
}

TEST_F(PlanStoreTest, a_plan_for_an_unknown_section_is_refused_naming_the_field) {
  ServicePlan plan = Plan();
  plan.section_id = 999999;
  Result<ServicePlan> refused = plans().Create(plan, db_.general_educator, Now());
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().fields.at(0).field, "section_id");
}

TEST_F(PlanStoreTest, a_plan_naming_an_unknown_adult_is_refused_naming_the_field) {
  ServicePlan plan = Plan();
  plan.adults[1].staff_id = 999999;
  Result<ServicePlan> refused = plans().Create(plan, db_.general_educator, Now());
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().fields.at(0).field, "adults[1].staff_id");
}

TEST_F(PlanStoreTest, every_change_is_a_version_with_who_and_when) {
  ServicePlan plan = *plans().Create(Plan(), db_.general_educator, Now());
  plan.status = PlanStatus::kSubmitted;
  plan.submitted_on = Today();
  Timestamp later = Now() + std::chrono::hours(1);
  Result<ServicePlan> updated = plans().Update(plan, db_.general_educator, later);
  ASSERT_TRUE(updated) << updated.error().message;
  EXPECT_EQ(updated->version, 2);
  auto history = plans().History(plan.id);
  ASSERT_TRUE(history) << history.error().message;
  ASSERT_EQ(history->size(), 2u);
  EXPECT_EQ((*history)[0].plan.status, PlanStatus::kDraft);
  EXPECT_EQ((*history)[1].plan.status, PlanStatus::kSubmitted);
  EXPECT_EQ((*history)[1].changed_by, db_.general_educator);
  EXPECT_EQ((*history)[1].changed_at, later);
}

TEST_F(PlanStoreTest, an_update_against_a_stale_version_is_refused) {
  ServicePlan plan = *plans().Create(Plan(), db_.general_educator, Now());
  ASSERT_TRUE(plans().Update(plan, db_.general_educator, Now()));
  Result<ServicePlan> stale = plans().Update(plan, db_.general_educator, Now());
  ASSERT_FALSE(stale);
  EXPECT_EQ(stale.error().code, ErrorCode::kConflict);
}

TEST_F(PlanStoreTest, plans_are_listed_by_the_adults_they_name_and_by_date) {
  ServicePlan first = *plans().Create(Plan(), db_.general_educator, Now());
  ServicePlan next_week = Plan();
  next_week.date = *Date::Parse("2026-12-09");
  next_week.adults.pop_back();
  next_week.roles.pop_back();
  ASSERT_TRUE(plans().Create(next_week, db_.general_educator, Now()));

  PlanFilter para_plans;
  para_plans.staff_id = db_.para;
  auto mine = plans().List(para_plans);
  ASSERT_TRUE(mine) << mine.error().message;
  ASSERT_EQ(mine->size(), 1u);
  EXPECT_EQ(mine->front().id, first.id);

  PlanFilter on_day;
  on_day.from = on_day.to = *Date::Parse("2026-12-09");
  EXPECT_EQ(plans().List(on_day)->size(), 1u);
  EXPECT_EQ(plans().List(PlanFilter{})->size(), 2u);
}

TEST_F(PlanStoreTest, removing_an_adult_in_an_update_removes_them_from_their_plans) {
  ServicePlan plan = *plans().Create(Plan(), db_.general_educator, Now());
  plan.adults.pop_back();
  plan.roles.pop_back();
  ASSERT_TRUE(plans().Update(plan, db_.special_educator, Now()));
  PlanFilter para_plans;
  para_plans.staff_id = db_.para;
  EXPECT_TRUE(plans().List(para_plans)->empty());
}

}  // namespace
}  // namespace paraplan
