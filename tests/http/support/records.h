// Records the HTTP tests put into their databases beside the roster: a
// section and an active IEP with one service, goal, accommodation and
// regulation plan level, the parts each role sees or not.
#pragma once

#include <chrono>
#include <optional>
#include <string>

#include "domain/capture.h"
#include "domain/model.h"
#include "store/security.h"
#include "store/store.h"

namespace paraplan::testing {

// The `n`th Monday after `from`. The sections MakeSection makes meet on
// Mondays, and a new plan is for a day its section meets.
inline Date MondayAfter(Date from, int n = 1) { return from.WeekStart().AddDays(7 * n); }

// Noon (UTC) of a day: a time on that day for records' timestamps.
inline Timestamp NoonOf(Date day) {
  return Timestamp(std::chrono::sys_days(std::chrono::days(day.DaysSinceEpoch())) +
                   std::chrono::hours(12));
}

// The filter for one student's whole audit log (up to one page of 1,000).
inline AuditFilter AuditOfStudent(Id district, Id student) {
  AuditFilter filter;
  filter.district_id = district;
  filter.student_id = student;
  filter.limit = 1000;
  return filter;
}

// A second school of the district, Lakeside Elementary, with one student,
// "far": the other school of the access tests.
struct SecondSchool {
  Id school = 0;
  Id student = 0;
};

inline Result<SecondSchool> AddSecondSchool(Transaction& tx, Id district) {
  SecondSchool added;
  School lakeside;
  lakeside.district_id = district;
  lakeside.name = "Lakeside Elementary";
  added.school = PARAPLAN_TRY(tx.Insert(lakeside));
  Student far;
  far.school_id = added.school;
  far.first_name = "far";
  far.last_name = "Learner";
  far.birth_date = *Date::Parse("2017-03-04");
  far.grade = Grade::k3;
  added.student = PARAPLAN_TRY(tx.Insert(far));
  return added;
}

// A manual assignment of a staff member to a student from `start` on.
inline Assignment MakeAssignment(Id district, Id staff, Id student, Date start) {
  Assignment assignment;
  assignment.district_id = district;
  assignment.staff_id = staff;
  assignment.student_id = student;
  assignment.start = start;
  return assignment;
}

// A section meeting on Mondays 9:00-10:00, taught by `teacher` if any.
inline Section MakeSection(Id school, std::string code, std::optional<Id> teacher) {
  Section section;
  section.school_id = school;
  section.course = "Grade 3 " + code;
  section.code = std::move(code);
  section.general_educator_id = teacher;
  section.meetings.push_back({Weekday::kMonday, {TimeOfDay::At(9, 0), TimeOfDay::At(10, 0)}});
  return section;
}

// An active IEP from `start` for a year, managed by `case_manager` if any.
inline Iep MakeActiveIep(Id student, Date start, std::optional<Id> case_manager = std::nullopt) {
  Iep iep;
  iep.student_id = student;
  iep.status = IepStatus::kActive;
  iep.start = start;
  iep.end = start.AddDays(360);
  iep.annual_review = start.AddDays(340);
  iep.case_manager_id = case_manager;
  Service service;
  service.type = SupportType::kMathSupport;
  service.minutes = 120;
  service.start = iep.start;
  service.end = iep.end;
  iep.services.push_back(service);
  Goal goal;
  goal.area = GoalArea::kMath;
  goal.statement = "Adds within 100 with 80% accuracy";
  goal.measurement = MeasurementMethod::kPercentOfTrials;
  goal.baseline = 40;
  goal.target = 80;
  goal.unit = "% of trials";
  goal.target_date = start.AddDays(300);
  iep.goals.push_back(goal);
  Accommodation accommodation;
  accommodation.description = "Extended time";
  accommodation.settings = {Setting::kGeneralEducationClassroom};
  iep.accommodations.push_back(accommodation);
  iep.regulation_plan.push_back({1, "calm", "praise"});
  return iep;
}

}  // namespace paraplan::testing
