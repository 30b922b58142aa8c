// Valid records of every kind, their equality, and a small seeded district,
// shared by the store test suites.
#pragma once

#include <algorithm>
#include <optional>
#include <stdexcept>
#include <string>
#include <tuple>
#include <type_traits>

#include "store/store.h"

namespace paraplan::testing {

// Tests stop at the first unexpected store failure; the exception carries the
// store's message into the test report.
template <typename T>
inline T Ok(Result<T> result) {
  if (!result) throw std::runtime_error("unexpected store error: " + result.error().message);
  if constexpr (!std::is_void_v<T>) return std::move(*result);
}

inline Date Day(std::string_view text) { return *Date::Parse(text); }

inline bool HasField(const Error& error, std::string_view field, std::string_view reason = {}) {
  return std::any_of(error.fields.begin(), error.fields.end(), [&](const FieldProblem& problem) {
    return problem.field == field &&
           (reason.empty() || problem.reason.find(reason) != std::string::npos);
  });
}

// --- Records and their equality -----------------------------------------------

inline auto Fields(const District& r) {
  return std::tie(r.id, r.name, r.source_id, r.lesson_plan_lead_days, r.version);
}
inline auto Fields(const School& r) {
  return std::tie(r.id, r.district_id, r.name, r.lowest_grade, r.highest_grade, r.day, r.source_id,
                  r.version);
}
inline auto Fields(const Room& r) {
  return std::tie(r.id, r.school_id, r.name, r.capacity, r.source_id, r.version);
}
inline auto Fields(const SchoolCalendar& r) {
  return std::tie(r.id, r.school_id, r.name, r.first_day, r.last_day, r.non_instructional_days,
                  r.version);
}
inline auto Fields(const Staff& r) {
  return std::tie(r.id, r.district_id, r.school_id, r.first_name, r.last_name, r.email, r.role,
                  r.provider_kind, r.work_hours, r.funding, r.skills, r.credentials, r.source_id,
                  r.version);
}
inline auto Fields(const Student& r) {
  return std::tie(r.id, r.school_id, r.first_name, r.last_name, r.birth_date, r.grade,
                  r.home_language, r.case_manager_id, r.source_id, r.version);
}
inline auto Fields(const Guardian& r) {
  return std::tie(r.id, r.district_id, r.first_name, r.last_name, r.email, r.phone,
                  r.preferred_language, r.source_id, r.version);
}
inline auto Fields(const Section& r) {
  return std::tie(r.id, r.school_id, r.course, r.code, r.general_educator_id, r.room_id, r.meetings,
                  r.source_id, r.version);
}
inline auto Fields(const Enrolment& r) {
  return std::tie(r.id, r.student_id, r.section_id, r.start, r.end, r.version);
}
inline auto Fields(const Iep& r) {
  return std::tie(r.id, r.student_id, r.status, r.start, r.end, r.annual_review, r.case_manager_id,
                  r.services, r.goals, r.accommodations, r.regulation_plan, r.one_to_one,
                  r.source_id, r.version);
}

// Builds a filter by setting some of its fields (designated initializers
// would have to name every field under -Wextra).
template <typename Filter, typename Set>
Filter With(Set set) {
  Filter filter;
  set(filter);
  return filter;
}

template <typename T>
inline bool Same(const T& a, const T& b) {
  return Fields(a) == Fields(b);
}

inline District MakeDistrict(std::string source_id = "") {
  District district;
  district.name = "Riverside Unified";
  district.lesson_plan_lead_days = 3;
  district.source_id = std::move(source_id);
  return district;
}

inline School MakeSchool(Id district_id) {
  School school;
  school.district_id = district_id;
  school.name = "Lincoln Elementary";
  school.lowest_grade = Grade::kK;
  school.highest_grade = Grade::k5;
  school.day = {TimeOfDay::At(8, 15), TimeOfDay::At(14, 45)};
  school.source_id = "sch-lincoln";
  return school;
}

inline Room MakeRoom(Id school_id) {
  Room room;
  room.school_id = school_id;
  room.name = "Room 12";
  room.capacity = 28;
  room.source_id = "room-12";
  return room;
}

inline SchoolCalendar MakeCalendar(Id school_id) {
  SchoolCalendar calendar;
  calendar.school_id = school_id;
  calendar.name = "2026-2027";
  calendar.first_day = Day("2026-08-20");
  calendar.last_day = Day("2027-06-10");
  calendar.non_instructional_days = {Day("2026-11-26"), Day("2026-11-27")};
  return calendar;
}

inline Staff MakeStaff(Id district_id, std::optional<Id> school_id, StaffRole role,
                       std::string source_id = "") {
  Staff staff;
  staff.district_id = district_id;
  staff.school_id = school_id;
  staff.first_name = "Dana";
  staff.last_name = "Okafor";
  staff.email = "dana.okafor@riverside.example";
  staff.role = role;
  staff.work_hours = {TimeOfDay::At(7, 45), TimeOfDay::At(15, 15)};
  staff.funding = {{"IDEA Part B", 60}, {"General fund", 40}};
  staff.skills = {Skill::kAac, Skill::kBehaviorPlan};
  staff.credentials = {{CredentialKind::kSpecialEducationProgramAide, "PA-1234", Day("2028-06-30")},
                       {CredentialKind::kCprFirstAid, "CPR-9", std::nullopt}};
  staff.source_id = std::move(source_id);
  return staff;
}

inline Student MakeStudent(Id school_id, std::optional<Id> case_manager_id,
                           std::string source_id = "") {
  Student student;
  student.school_id = school_id;
  student.first_name = "Amara";
  student.last_name = "Diallo";
  student.birth_date = Day("2017-03-14");
  student.grade = Grade::k3;
  student.home_language = "fr";
  student.case_manager_id = case_manager_id;
  student.source_id = std::move(source_id);
  return student;
}

inline Guardian MakeGuardian(Id district_id) {
  Guardian guardian;
  guardian.district_id = district_id;
  guardian.first_name = "Fatou";
  guardian.last_name = "Diallo";
  guardian.email = "fatou@example.org";
  guardian.phone = "+1 555 0100";
  guardian.preferred_language = "fr";
  guardian.source_id = "g-1";
  return guardian;
}

inline Section MakeSection(Id school_id, std::optional<Id> teacher_id, std::optional<Id> room_id) {
  Section section;
  section.school_id = school_id;
  section.course = "Grade 3 Math";
  section.code = "MATH3-01";
  section.general_educator_id = teacher_id;
  section.room_id = room_id;
  section.meetings = {{Weekday::kMonday, {TimeOfDay::At(9, 0), TimeOfDay::At(9, 50)}},
                      {Weekday::kWednesday, {TimeOfDay::At(9, 0), TimeOfDay::At(9, 50)}}};
  section.source_id = "sec-math3";
  return section;
}

inline Enrolment MakeEnrolment(Id student_id, Id section_id) {
  Enrolment enrolment;
  enrolment.student_id = student_id;
  enrolment.section_id = section_id;
  enrolment.start = Day("2026-08-20");
  return enrolment;
}

inline Iep MakeIep(Id student_id, std::optional<Id> case_manager_id) {
  Iep iep;
  iep.student_id = student_id;
  iep.status = IepStatus::kActive;
  iep.start = Day("2026-09-01");
  iep.end = Day("2027-08-31");
  iep.annual_review = Day("2027-08-15");
  iep.case_manager_id = case_manager_id;
  Service math;
  math.type = SupportType::kMathSupport;
  math.minutes = 150;
  math.period = MinutesPeriod::kWeek;
  math.setting = Setting::kGeneralEducationClassroom;
  math.delivery = DeliveryModel::kPushIn;
  math.start = iep.start;
  math.end = iep.end;
  Service speech = math;
  speech.type = SupportType::kSpeechLanguageTherapy;
  speech.minutes = 60;
  speech.setting = Setting::kSpecialEducationSetting;
  speech.delivery = DeliveryModel::kPullOutSmallGroup;
  iep.services = {math, speech};
  Goal goal;
  goal.area = GoalArea::kMath;
  goal.statement = "Solves two-step word problems";
  goal.measurement = MeasurementMethod::kPercentOfTrials;
  goal.baseline = 35.5;
  goal.target = 80;
  goal.unit = "% of trials";
  goal.target_date = Day("2027-06-01");
  iep.goals = {goal};
  Accommodation accommodation;
  accommodation.kind = AccommodationKind::kAccommodation;
  accommodation.description = "Extended time on tests";
  accommodation.settings = {Setting::kGeneralEducationClassroom, Setting::kSpecialEducationSetting};
  iep.accommodations = {accommodation};
  iep.regulation_plan = {{1, "Calm, working", "Praise effort"},
                         {2, "Tapping, fidgeting", "Offer a break card"}};
  iep.one_to_one =
      OneToOneDesignation{"Elopement risk at transitions", Day("2026-09-01"), Day("2027-01-15")};
  iep.source_id = "iep-1";
  return iep;
}

// A small district with one of everything.
struct World {
  Id district = 0;
  Id school = 0;
  Id room = 0;
  Id special_educator = 0;
  Id general_educator = 0;
  Id para = 0;
  Id student = 0;
  Id section = 0;
};

inline Result<World> SeedWorld(Store& store, const std::string& prefix) {
  World world;
  auto written = store.Write([&](Transaction& tx) -> Result<void> {
    world.district = PARAPLAN_TRY(tx.Insert(MakeDistrict(prefix + "d")));
    world.school = PARAPLAN_TRY(tx.Insert(MakeSchool(world.district)));
    world.room = PARAPLAN_TRY(tx.Insert(MakeRoom(world.school)));
    world.special_educator = PARAPLAN_TRY(
        tx.Insert(MakeStaff(world.district, world.school, StaffRole::kSpecialEducator, "se")));
    Staff teacher = MakeStaff(world.district, world.school, StaffRole::kGeneralEducator, "ge");
    teacher.funding = {};
    world.general_educator = PARAPLAN_TRY(tx.Insert(teacher));
    world.para = PARAPLAN_TRY(
        tx.Insert(MakeStaff(world.district, world.school, StaffRole::kParaeducator, "para")));
    world.student =
        PARAPLAN_TRY(tx.Insert(MakeStudent(world.school, world.special_educator, "stu-1")));
    world.section =
        PARAPLAN_TRY(tx.Insert(MakeSection(world.school, world.general_educator, world.room)));
    return {};
  });
  if (!written) return Fail(written.error());
  return world;
}

}  // namespace paraplan::testing
