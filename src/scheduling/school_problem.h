// The optimizer's problem (schedule/problem.h) for one stored school and
// week, built from the roster: the blocks of the students' days, the rooms,
// the school's paras with their hours, skills and credentials valid that
// week, every student's need in every block (the student's day), and the
// push-in IEP services paras deliver with the case manager who supervises
// them. Paras who are on leave that week are listed with their days.
#pragma once

#include <map>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "domain/absence.h"
#include "domain/error.h"
#include "domain/model.h"
#include "schedule/plan.h"
#include "schedule/problem.h"
#include "store/store.h"

namespace paraplan::scheduling {

struct SchoolProblem {
  schedule::Problem problem;
  // The para-days of the week with a recorded absence.
  std::vector<schedule::Absence> absences;
};

// A student marked absent on a weekday of the week.
using StudentDayAway = std::pair<Id, Weekday>;

// Reads the school's roster inside `tx` and the paras' absences from
// `absences_of` (staff id -> their leave; a day marked at work is not
// away). A student in `students_absent` is absent on that weekday: each
// of their needs that day is kept, marked absent and needing nobody
// (schedule::Need::absent), so a plan made before the absence still names
// them there and an update says whose group they leave. kNotFound for an unknown
// school; kFailedPrecondition, naming what is missing, when the school has
// no paras or no student days to plan.
Result<SchoolProblem> BuildSchoolProblem(Transaction& tx, Id school_id, Date week,
                                         const std::map<Id, StaffLeave>& absences_of,
                                         const std::set<StudentDayAway>& students_absent = {});

// The ids of the school's paraeducators, in id order.
Result<std::vector<Id>> ParasOf(Transaction& tx, Id school_id);

// The Setting a room stands for, from its name: resource and special
// education rooms are special education settings; cafeterias, gyms,
// libraries and playgrounds are other settings; every other room is a
// general education classroom.
Setting SettingOfRoom(std::string_view name);

// The block label of a weekday and start time, e.g. "mon-0800".
std::string BlockLabel(Weekday day, TimeOfDay start);

}  // namespace paraplan::scheduling
