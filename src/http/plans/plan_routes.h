// The service delivery plan endpoints (issue 7, capabilities 3 and 5):
//
//   GET  /api/v1/activities               the activity catalogue with scopes and sources
//   POST /api/v1/plans                    a general educator's lesson plan (draft)
//   GET  /api/v1/plans?section_id=&from=&to=&status=&staff_id=
//   GET  /api/v1/plans/{id}               with "deadline" and "late"
//   PUT  /api/v1/plans/{id}               the whole plan, with its "version"
//   POST /api/v1/plans/{id}/submit|review|publish|return   {"version": n}
//   GET  /api/v1/plans/{id}/history
//   GET  /api/v1/plans/{id}/scheduled-paras  the paras the published schedule puts in the room
//   GET  /api/v1/me/day?date=             the daily brief of an adult in the room
//
// Plans are for licensed educators; a paraeducator sees their part of the
// published plans only through /me/day, which never shows a student who is
// not assigned to them. Licensed educators get the same brief of their own
// roles, with the students the plan gives them. Role-boundary refusals are 422 with the rule's name
// in the message and on the field (rules/role_boundaries.h).
#pragma once

#include <functional>
#include <memory>
#include <set>

#include "domain/error.h"
#include "domain/model.h"
#include "http/context.h"
#include "http/router.h"
#include "scheduling/school_schedule.h"

namespace paraplan::http {

// The students assigned to a staff member on a day, from the security
// store's staff-student assignments.
using AssignedStudents = std::function<Result<std::set<Id>>(Context&, Id staff_id, Date day)>;

// `schedules`: the server's parsed published schedules, which a para's day
// and the scheduled paras read (shared with the schedule routes).
void AddPlanRoutes(Router& router, AssignedStudents assigned_students,
                   std::shared_ptr<scheduling::ScheduleCache> schedules =
                       std::make_shared<scheduling::ScheduleCache>());

}  // namespace paraplan::http
