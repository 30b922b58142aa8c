// What a family is told of their child's services and goals (capability 9
// of the product; seed 000 "How to Communicate with Parents"): for the
// weeks up to a day, the minutes each IEP service was given week by week
// against what the IEP requires, the same by setting, and per goal where
// the data stand (first and latest value, in the goal's unit) and which
// way they move. Built from the recorded sessions and observations; the
// records themselves stay with the school staff.
#pragma once

#include <optional>
#include <span>
#include <vector>

#include "domain/capture.h"
#include "domain/model.h"

namespace paraplan {

struct ServiceWeeks {
  Id service_id = 0;
  SupportType type = SupportType::kMathSupport;
  Setting setting = Setting::kGeneralEducationClassroom;
  int minutes_per_week = 0;
  std::vector<int> delivered;  // per week of the report, make-up sessions included
};

struct SettingWeeks {
  Setting setting = Setting::kGeneralEducationClassroom;
  int minutes_per_week = 0;  // the IEP's services in this setting, together
  std::vector<int> delivered;
};

struct GoalPoint {
  Date date;
  double value = 0;
};

struct GoalStanding {
  Id goal_id = 0;
  int observations = 0;  // with a value, in the report's weeks
  std::optional<GoalPoint> first, latest;
  // Least squares over the observations' days, as change a week; nullopt
  // with fewer than two observations on different days.
  std::optional<double> trend_per_week;
};

struct ProgressReport {
  std::vector<Date> weeks;             // Mondays, oldest first
  Date through;                        // the last day counted
  std::vector<ServiceWeeks> services;  // the IEP's services with weekly minutes, in its order
  std::vector<SettingWeeks> settings;  // in the order the services first name them
  std::vector<GoalStanding> goals;     // the IEP's goals, in its order
};

// The report of `iep` for the `weeks` weeks ending with the week of
// `through` (1 or more), from the student's records (any order; records of
// other students, or dated outside the weeks or after `through`, are not
// read). A monthly service (consultation) is left out of the minutes.
ProgressReport BuildProgressReport(const Iep& iep, std::span<const CaptureRecord> records,
                                   Date through, int weeks);

// The minutes a week an IEP service requires: daily minutes five times,
// monthly ones a quarter (rounded up).
int MinutesPerWeek(const Service& service);

}  // namespace paraplan
