// The para schedule endpoints (issue 6), the coordinator's board:
//
//   POST /api/v1/schedules                 {"school_id", "date"}: run the optimizer for
//                                          the week of `date`; a draft, shown for that day
//   GET  /api/v1/schedules?school_id=&date=  the schedule the school works to that day
//   GET  /api/v1/schedules/{id}?date=      one schedule, shown for a day of its week
//   POST /api/v1/schedules/{id}/publish    publish; the paras' assignments follow it
//   POST /api/v1/schedules/{id}/replan     {"date", "absent_staff_id"}: a draft re-plan of
//                                          that day with the fewest changes
//
// Administrators run, read and publish the schedules of the schools in their
// scope (a school administrator their school, a district administrator
// every school). The board names students: each student it shows is an
// audited read of that student's day (record family student_day).
#pragma once

#include "http/resources/access_guard.h"
#include "http/router.h"

namespace paraplan::http {

void AddScheduleRoutes(Router& router, AccessSources sources);

}  // namespace paraplan::http
