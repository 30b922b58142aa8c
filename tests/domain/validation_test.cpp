#include "domain/validation.h"

#include <algorithm>

#include <gtest/gtest.h>

#include "test_support.h"

namespace paraplan {
namespace {

using testing::D;
using testing::HasProblem;

Iep ValidIep() {
  Iep iep;
  iep.student_id = 7;
  iep.status = IepStatus::kActive;
  iep.start = D("2026-09-01");
  iep.end = D("2027-08-31");
  iep.annual_review = D("2027-08-15");
  iep.services.push_back({0, SupportType::kMathSupport, 150, MinutesPeriod::kWeek,
                          Setting::kGeneralEducationClassroom, DeliveryModel::kPushIn,
                          D("2026-09-01"), D("2027-06-10")});
  iep.goals.push_back({0, GoalArea::kMath, "Solves two-step word problems",
                       MeasurementMethod::kPercentOfTrials, 40, 80, "% of trials",
                       D("2027-06-01")});
  iep.accommodations.push_back({0, AccommodationKind::kAccommodation, "Extended time (1.5x)",
                                {Setting::kGeneralEducationClassroom}});
  iep.regulation_plan = {{1, "Calm, on task", "Praise specific behaviour"},
                         {2, "Fidgeting, sighing", "Offer a choice of break"}};
  return iep;
}

TEST(IepValidation, a_complete_iep_has_no_problems) {
  EXPECT_TRUE(Validate(ValidIep()).empty());
}

TEST(IepValidation, end_before_start_is_refused) {
  Iep iep = ValidIep();
  iep.end = D("2026-08-01");
  EXPECT_TRUE(HasProblem(Validate(iep), "end", "before start"));
}

TEST(IepValidation, negative_minutes_are_refused) {
  Iep iep = ValidIep();
  iep.services[0].minutes = -30;
  EXPECT_TRUE(HasProblem(Validate(iep), "services[0].minutes", "negative"));
}

TEST(IepValidation, minutes_beyond_the_school_week_are_refused) {
  Iep iep = ValidIep();
  iep.services[0].minutes = 2000;  // per week
  SchoolTime time{.minutes_per_day = 360, .days_per_week = 5};  // 1800 per week
  EXPECT_TRUE(HasProblem(Validate(iep, time), "services[0].minutes", "exceed the 1800 minutes"));
  iep.services[0].minutes = 1800;
  EXPECT_TRUE(Validate(iep, time).empty());
}

TEST(IepValidation, daily_minutes_are_checked_against_the_school_day) {
  Iep iep = ValidIep();
  iep.services[0].period = MinutesPeriod::kDay;
  iep.services[0].minutes = 400;
  EXPECT_TRUE(HasProblem(Validate(iep, SchoolTime{360, 5}), "services[0].minutes", "exceed"));
}

TEST(IepValidation, a_goal_without_a_measurement_method_is_refused) {
  Iep iep = ValidIep();
  iep.goals[0].measurement.reset();
  EXPECT_TRUE(HasProblem(Validate(iep), "goals[0].measurement", "is required"));
}

TEST(IepValidation, a_one_to_one_designation_without_review_date_is_refused) {
  Iep iep = ValidIep();
  iep.one_to_one = OneToOneDesignation{"Elopement risk during transitions", D("2026-09-01"), {}};
  EXPECT_TRUE(HasProblem(Validate(iep), "one_to_one.next_review", "is required"));
  iep.one_to_one->next_review = D("2026-12-01");
  EXPECT_TRUE(Validate(iep).empty());
}

TEST(IepValidation, every_problem_is_reported_not_just_the_first) {
  Iep iep = ValidIep();
  iep.end = D("2026-08-01");
  iep.services[0].minutes = -1;
  iep.goals[0].statement = " ";
  iep.regulation_plan[1].level = 5;
  Problems problems = Validate(iep);
  EXPECT_TRUE(HasProblem(problems, "end", "before start"));
  EXPECT_TRUE(HasProblem(problems, "services[0].minutes", "negative"));
  EXPECT_TRUE(HasProblem(problems, "goals[0].statement", "required"));
  EXPECT_TRUE(HasProblem(problems, "regulation_plan[1].level", "must be 2"));
}

TEST(IepValidation, pull_out_in_the_general_education_classroom_is_contradictory) {
  Iep iep = ValidIep();
  iep.services[0].delivery = DeliveryModel::kPullOutSmallGroup;
  EXPECT_TRUE(HasProblem(Validate(iep), "services[0].delivery", "pull-out"));
}

TEST(StudentDayValidation, overlapping_blocks_on_the_same_day_are_refused) {
  StudentDay day;
  day.student_id = 3;
  day.blocks.push_back({Weekday::kMonday, {TimeOfDay::At(8, 0), TimeOfDay::At(9, 0)}, {}, {},
                        "Math", SupportLevel::kIndependent, {}, false});
  day.blocks.push_back({Weekday::kMonday, {TimeOfDay::At(8, 30), TimeOfDay::At(9, 30)}, {}, {},
                        "Reading", SupportLevel::kAdultSupport, {Skill::kAac}, false});
  day.blocks.push_back({Weekday::kTuesday, {TimeOfDay::At(8, 30), TimeOfDay::At(9, 30)}, {}, {},
                        "Reading", SupportLevel::kPeerSupport, {}, false});
  Problems problems = Validate(day);
  ASSERT_EQ(problems.size(), 1u);
  EXPECT_EQ(problems[0].field, "blocks[1]");
}

TEST(StudentDayValidation, one_to_one_requires_adult_support) {
  StudentDay day;
  day.student_id = 3;
  day.blocks.push_back({Weekday::kMonday, {TimeOfDay::At(8, 0), TimeOfDay::At(9, 0)}, {}, {},
                        "Math", SupportLevel::kPeerSupport, {}, true});
  EXPECT_TRUE(HasProblem(Validate(day), "blocks[0].one_to_one", "adult_support"));
}

TEST(SectionValidation, overlapping_meetings_are_refused) {
  Section section;
  section.school_id = 1;
  section.course = "Grade 3 Math";
  section.meetings = {{Weekday::kMonday, {TimeOfDay::At(9, 0), TimeOfDay::At(10, 0)}},
                      {Weekday::kMonday, {TimeOfDay::At(9, 30), TimeOfDay::At(10, 30)}}};
  EXPECT_TRUE(HasProblem(Validate(section), "meetings[1]", "overlaps meetings[0]"));
}

TEST(StaffValidation, funding_shares_must_add_up_to_one_hundred) {
  Staff staff;
  staff.district_id = 1;
  staff.first_name = "Ana";
  staff.last_name = "Diaz";
  staff.role = StaffRole::kParaeducator;
  staff.funding = {{"IDEA Part B", 60}, {"Title I", 30}};
  EXPECT_TRUE(HasProblem(Validate(staff), "funding", "add up to 90%"));
  staff.funding.push_back({"General fund", 10});
  EXPECT_TRUE(Validate(staff).empty());
}

TEST(StaffValidation, a_related_service_provider_needs_a_discipline) {
  Staff staff;
  staff.district_id = 1;
  staff.first_name = "Sam";
  staff.last_name = "Lee";
  staff.role = StaffRole::kRelatedServiceProvider;
  EXPECT_TRUE(HasProblem(Validate(staff), "provider_kind", "is required"));
  staff.provider_kind = ProviderKind::kSpeechLanguagePathologist;
  EXPECT_TRUE(Validate(staff).empty());
}

TEST(StudentValidation, names_and_language_are_required) {
  Student student;
  student.school_id = 1;
  student.birth_date = D("2016-04-02");
  student.home_language = "";
  Problems problems = Validate(student);
  EXPECT_TRUE(HasProblem(problems, "first_name", "required"));
  EXPECT_TRUE(HasProblem(problems, "last_name", "required"));
  EXPECT_TRUE(HasProblem(problems, "home_language", "language tag"));
}

TEST(ToResult, names_the_record_and_carries_every_field) {
  Problems problems = {{"a", "is required"}, {"b", "is negative"}};
  auto result = ToResult(problems, "iep");
  ASSERT_FALSE(result.has_value());
  EXPECT_EQ(result.error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(result.error().fields.size(), 2u);
  EXPECT_NE(result.error().message.find("iep"), std::string::npos);
}

TEST(EnumNames, every_name_parses_back_to_its_enumerator) {
  for (SupportType type : AllOf<SupportType>()) {
    EXPECT_EQ(ParseEnum<SupportType>(NameOf(type)), type);
  }
  for (Grade grade : AllOf<Grade>()) EXPECT_EQ(ParseEnum<Grade>(NameOf(grade)), grade);
  EXPECT_FALSE(ParseEnum<SupportType>("math support").has_value());
}

}  // namespace
}  // namespace paraplan
