// The four scenarios of seed 000 "Examples of Instruction and Service
// Delivery During Implementation" as service plans, with the people, IEPs and
// section they refer to. Shared by the rule tests and the HTTP scenario tests.
//
//   1. The paraeducator provides SDI: the special educator prepares an adapted
//      lesson; the general educator teaches the whole group; the para
//      reinforces on-task behaviour, then re-teaches and delivers the adapted
//      lesson during independent work.
//   2. The paraeducator and the general educator provide SDI: the school
//      psychologist shares a social skills lesson; the para practises it with
//      the student; the general educator monitors the student's group; the
//      para reinforces social skills with everyone.
//   3. All educators provide SDI: the special educator, the general educator
//      and the para each teach a reading group with a student with an IEP;
//      the para's lesson was prepared by the general educator.
//   4. The general educator provides SDI: after the lesson designed with the
//      special educator, the general educator teaches a small group with
//      manipulatives while the para supports the whole class.
#pragma once

#include <set>
#include <vector>

#include "domain/model.h"
#include "domain/plan.h"

namespace paraplan::fixtures {

inline constexpr Id kGeneralEducator = 11;
inline constexpr Id kSpecialEducator = 12;
inline constexpr Id kPara = 13;
inline constexpr Id kSchoolPsychologist = 14;

// Students with IEPs in the section; kUnassigned is never assigned to the para.
inline constexpr Id kSam = 101;  // math, reinforcement for on-task behaviour
inline constexpr Id kAna = 102;  // social skills
inline constexpr Id kBen = 103;  // reading fluency
inline constexpr Id kCara = 104;  // reading comprehension
inline constexpr Id kDev = 105;  // behaviour, communication
inline constexpr Id kEli = 106;  // math
inline constexpr Id kUnassigned = kCara;

inline constexpr Id kSection = 201;
inline constexpr Id kRoom = 301;

inline constexpr Id kSamMathGoal = 501;
inline constexpr Id kAnaPeerGoal = 502;
inline constexpr Id kBenFluencyGoal = 503;
inline constexpr Id kCaraComprehensionGoal = 504;
inline constexpr Id kDevBehaviorGoal = 505;
inline constexpr Id kEliMathGoal = 506;
inline constexpr Id kSamExtendedTime = 601;
inline constexpr Id kSamModifiedWorksheet = 602;
inline constexpr Id kDevVisualSchedule = 603;
inline constexpr Id kSamMathService = 701;
inline constexpr Id kSamPullOutService = 702;

inline Date LessonDate() { return *Date::Parse("2026-12-02"); }  // a Wednesday

inline PlanAdult GeneralEducator(Presence presence = Presence::kInRoom) {
  return {kGeneralEducator, StaffRole::kGeneralEducator, "Maria Garcia", presence};
}
inline PlanAdult SpecialEducator(Presence presence = Presence::kInRoom) {
  return {kSpecialEducator, StaffRole::kSpecialEducator, "David Lee", presence};
}
inline PlanAdult Para(Presence presence = Presence::kInRoom) {
  return {kPara, StaffRole::kParaeducator, "Priya Patel", presence};
}
inline PlanAdult SchoolPsychologist(Presence presence = Presence::kPlanningOnly) {
  return {kSchoolPsychologist, StaffRole::kRelatedServiceProvider, "Omar Ahmed", presence};
}

inline ServicePlan BasePlan(std::vector<LessonPart> parts) {
  ServicePlan plan;
  plan.id = 1;
  plan.section_id = kSection;
  plan.date = LessonDate();
  plan.author_id = kGeneralEducator;
  plan.objective = "Students compare fractions with the same denominator";
  plan.standard = "CCSS.MATH.CONTENT.3.NF.A.3.D";
  plan.parts = std::move(parts);
  plan.materials = {"fraction strips", "exit ticket"};
  plan.status = PlanStatus::kPublished;
  plan.submitted_on = *Date::Parse("2026-11-27");
  plan.reviewer_id = kSpecialEducator;
  return plan;
}

// Scenario 1: the paraeducator provides SDI.
inline ServicePlan ParaProvidesSdi() {
  ServicePlan plan = BasePlan({{"whole_group", "Whole group lesson on comparing fractions", 20},
                               {"independent_work", "Independent practice worksheet", 25}});
  plan.adults = {GeneralEducator(), Para(), SpecialEducator(Presence::kPlanningOnly)};
  plan.adaptations = {{kSam, AdaptationKind::kModification, "Worksheet with 6 items instead of 12"}};
  plan.adapted_lessons = {{"fractions-reteach", kSpecialEducator, {kSam},
                           "Comparing fractions with fraction strips",
                           "Model with strips, then 3 guided items, then 3 on his own"}};
  plan.data_to_collect = {{kSam, kSamMathGoal, MeasurementMethod::kPercentOfTrials,
                           "6 items during independent work, prompt level per item", kPara}};
  plan.roles = {
      {kGeneralEducator, "whole_group", Activity::kTeachWholeGroupLesson, Audience::kWholeClass,
       {}, std::nullopt, "", "Then give directions for independent work"},
      {kPara, "whole_group", Activity::kSupportWholeClass, Audience::kWholeClass, {},
       std::nullopt, "", ""},
      {kPara, "whole_group", Activity::kProvideReinforcement, Audience::kIndividual, {kSam},
       std::nullopt, "", "Reinforce on-task behaviour, participation and staying in his seat"},
      {kGeneralEducator, "independent_work", Activity::kMonitorIndependentWork,
       Audience::kRestOfClass, {}, std::nullopt, "", ""},
      {kPara, "independent_work", Activity::kReteach, Audience::kIndividual, {kSam},
       std::nullopt, "", ""},
      {kPara, "independent_work", Activity::kDeliverSdi, Audience::kIndividual, {kSam},
       kSpecialEducator, "fractions-reteach", ""},
      {kPara, "independent_work", Activity::kCollectData, Audience::kIndividual, {kSam},
       std::nullopt, "", ""},
  };
  return plan;
}

// Scenario 2: the paraeducator and the general educator provide SDI.
inline ServicePlan ParaAndGeneralEducatorProvideSdi() {
  ServicePlan plan = BasePlan({{"directions", "Steps of the small group activity", 10},
                               {"small_groups", "Small group fraction game", 30}});
  plan.adults = {GeneralEducator(), Para(), SchoolPsychologist(),
                 SpecialEducator(Presence::kPlanningOnly)};
  plan.adapted_lessons = {{"peer-interaction", kSchoolPsychologist, {kAna},
                           "Joining a group and taking turns",
                           "Rehearse the script: ask to join, wait, take a turn, compliment"}};
  plan.data_to_collect = {{kAna, kAnaPeerGoal, MeasurementMethod::kFrequency,
                           "Count peer initiations during the small group game", kPara}};
  plan.roles = {
      {kGeneralEducator, "directions", Activity::kTeachWholeGroupLesson, Audience::kWholeClass,
       {}, std::nullopt, "", ""},
      {kPara, "directions", Activity::kDeliverSdi, Audience::kIndividual, {kAna},
       kSchoolPsychologist, "peer-interaction", "Practise the script before groups form"},
      {kGeneralEducator, "small_groups", Activity::kDeliverSdi, Audience::kIndividual, {kAna},
       std::nullopt, "", "Check she participates and meets the activity requirements"},
      {kGeneralEducator, "small_groups", Activity::kMonitorIndependentWork,
       Audience::kRestOfClass, {}, std::nullopt, "", ""},
      {kPara, "small_groups", Activity::kProvideReinforcement, Audience::kWholeClass, {},
       std::nullopt, "", "Reinforce appropriate social skills with all students"},
      {kPara, "small_groups", Activity::kCollectData, Audience::kIndividual, {kAna},
       std::nullopt, "", ""},
  };
  return plan;
}

// Scenario 3: all educators provide SDI.
inline ServicePlan AllEducatorsProvideSdi() {
  ServicePlan plan = BasePlan({{"reading_groups", "Three reading groups", 30}});
  plan.objective = "Students read a passage fluently and answer comprehension questions";
  plan.standard = "CCSS.ELA-LITERACY.RF.3.4";
  plan.adults = {GeneralEducator(), SpecialEducator(), Para()};
  plan.adapted_lessons = {{"reading-group-c", kGeneralEducator, {kDev},
                           "Group C reading lesson", "Echo reading, then partner reading"}};
  plan.data_to_collect = {
      {kBen, kBenFluencyGoal, MeasurementMethod::kRate, "Words correct per minute", kSpecialEducator},
      {kCara, kCaraComprehensionGoal, MeasurementMethod::kPercentOfTrials, "5 questions",
       kGeneralEducator},
      {kDev, kDevBehaviorGoal, MeasurementMethod::kFrequency, "Count call-outs", kPara},
  };
  plan.roles = {
      {kSpecialEducator, "reading_groups", Activity::kDeliverSdi, Audience::kSmallGroup, {kBen},
       std::nullopt, "", "Fluency group"},
      {kSpecialEducator, "reading_groups", Activity::kDeliverSdi, Audience::kIndividual, {kDev},
       std::nullopt, "", "Communication services when needed"},
      {kGeneralEducator, "reading_groups", Activity::kDeliverSdi, Audience::kSmallGroup, {kCara},
       std::nullopt, "", "Comprehension group"},
      {kPara, "reading_groups", Activity::kTeachPreparedSmallGroupLesson, Audience::kSmallGroup,
       {kDev}, std::nullopt, "reading-group-c", ""},
      {kPara, "reading_groups", Activity::kDeliverSdi, Audience::kIndividual, {kDev},
       kSpecialEducator, "reading-group-c", ""},
      {kPara, "reading_groups", Activity::kSupportRegulationPlan, Audience::kIndividual, {kDev},
       std::nullopt, "", ""},
  };
  return plan;
}

// Scenario 4: the general educator provides SDI while the para supports the class.
inline ServicePlan GeneralEducatorProvidesSdi() {
  ServicePlan plan = BasePlan({{"lesson", "Math lesson designed with the special educator", 20},
                               {"small_group", "Small group with manipulatives", 25}});
  plan.adults = {GeneralEducator(), Para(), SpecialEducator(Presence::kPlanningOnly)};
  plan.data_to_collect = {{kEli, kEliMathGoal, MeasurementMethod::kPercentOfTrials,
                           "Math tasks with manipulatives", kGeneralEducator}};
  plan.roles = {
      {kGeneralEducator, "lesson", Activity::kTeachWholeGroupLesson, Audience::kWholeClass, {},
       std::nullopt, "", ""},
      {kPara, "lesson", Activity::kSupportWholeClass, Audience::kWholeClass, {}, std::nullopt,
       "", ""},
      {kGeneralEducator, "small_group", Activity::kDeliverSdi, Audience::kSmallGroup,
       {kEli, kSam}, std::nullopt, "", "Check for understanding with tasks and manipulatives"},
      {kPara, "small_group", Activity::kSupportWholeClass, Audience::kRestOfClass, {},
       std::nullopt, "", "Answer individual questions during independent work"},
  };
  return plan;
}

inline std::vector<ServicePlan> AllScenarios() {
  return {ParaProvidesSdi(), ParaAndGeneralEducatorProvideSdi(), AllEducatorsProvideSdi(),
          GeneralEducatorProvidesSdi()};
}

inline Section MathSection() {
  Section section;
  section.id = kSection;
  section.school_id = 1;
  section.course = "Grade 3 Math";
  section.code = "MATH3-01";
  section.general_educator_id = kGeneralEducator;
  section.room_id = kRoom;
  section.meetings = {{Weekday::kWednesday, {TimeOfDay::At(9, 0), TimeOfDay::At(9, 50)}}};
  return section;
}

inline Room MathRoom() { return {kRoom, 1, "Room 12", 30, "", 0}; }

inline Student MakeStudent(Id id, const char* first, const char* last) {
  Student student;
  student.id = id;
  student.school_id = 1;
  student.first_name = first;
  student.last_name = last;
  student.grade = Grade::k3;
  return student;
}

inline std::vector<Student> Students() {
  return {MakeStudent(kSam, "Sam", "Jones"), MakeStudent(kAna, "Ana", "Silva"),
          MakeStudent(kBen, "Ben", "Okafor"), MakeStudent(kCara, "Cara", "Nguyen"),
          MakeStudent(kDev, "Dev", "Shah"), MakeStudent(kEli, "Eli", "Brown")};
}

inline Iep MakeIep(Id student_id) {
  Iep iep;
  iep.id = student_id + 1000;
  iep.student_id = student_id;
  iep.status = IepStatus::kActive;
  iep.start = *Date::Parse("2026-09-01");
  iep.end = *Date::Parse("2027-08-31");
  iep.annual_review = *Date::Parse("2027-08-15");
  iep.case_manager_id = kSpecialEducator;
  return iep;
}

inline std::vector<Iep> Ieps() {
  Iep sam = MakeIep(kSam);
  sam.services = {{kSamMathService, SupportType::kMathSupport, 150, MinutesPeriod::kWeek,
                   Setting::kGeneralEducationClassroom, DeliveryModel::kPushIn,
                   *Date::Parse("2026-09-01"), *Date::Parse("2027-06-10")},
                  {kSamPullOutService, SupportType::kReadingSupport, 60, MinutesPeriod::kWeek,
                   Setting::kSpecialEducationSetting, DeliveryModel::kPullOutSmallGroup,
                   *Date::Parse("2026-09-01"), *Date::Parse("2027-06-10")}};
  sam.goals = {{kSamMathGoal, GoalArea::kMath, "Compares fractions with like denominators",
                MeasurementMethod::kPercentOfTrials, 30, 80, "% of trials",
                *Date::Parse("2027-06-01")}};
  sam.accommodations = {{kSamExtendedTime, AccommodationKind::kAccommodation,
                         "Extended time (1.5x)", {Setting::kGeneralEducationClassroom}},
                        {kSamModifiedWorksheet, AccommodationKind::kModification,
                         "Reduced number of items", {Setting::kGeneralEducationClassroom}}};
  sam.regulation_plan = {{1, "Calm, working", "Specific praise every 5 minutes"},
                         {2, "Out of seat", "Point to the seat chart, no words"}};

  Iep ana = MakeIep(kAna);
  ana.goals = {{kAnaPeerGoal, GoalArea::kSocialEmotional, "Initiates peer interaction",
                MeasurementMethod::kFrequency, 1, 5, "initiations per activity",
                *Date::Parse("2027-06-01")}};

  Iep cara = MakeIep(kCara);
  cara.goals = {{kCaraComprehensionGoal, GoalArea::kReading, "Answers inferential questions",
                 MeasurementMethod::kPercentOfTrials, 40, 80, "% of questions",
                 *Date::Parse("2027-06-01")}};
  cara.accommodations = {{0, AccommodationKind::kAccommodation, "Questions read aloud",
                          {Setting::kGeneralEducationClassroom}}};

  Iep dev = MakeIep(kDev);
  dev.goals = {{kDevBehaviorGoal, GoalArea::kBehavior, "Raises hand instead of calling out",
                MeasurementMethod::kFrequency, 12, 2, "call-outs per lesson",
                *Date::Parse("2027-06-01")}};
  dev.accommodations = {{kDevVisualSchedule, AccommodationKind::kSupplementaryAid,
                         "Visual schedule on the desk", {Setting::kGeneralEducationClassroom}}};
  dev.regulation_plan = {{1, "Calm", "Praise hand raising"},
                         {2, "Calling out repeatedly", "Offer the break card"}};
  return {sam, ana, cara, dev};
}

inline std::set<Id> ParaAssignedStudents() { return {kSam, kAna, kDev}; }

}  // namespace paraplan::fixtures
