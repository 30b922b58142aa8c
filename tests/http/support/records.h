// Records the HTTP tests put into their databases beside the roster: a
// section and an active IEP with one service, goal, accommodation and
// regulation plan level, the parts each role sees or not.
#pragma once

#include <optional>
#include <string>

#include "domain/model.h"

namespace paraplan::testing {

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
