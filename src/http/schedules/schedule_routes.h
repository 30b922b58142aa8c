// The para schedule endpoints (issue 6), the coordinator's board:
//
//   POST /api/v1/schedules                 {"school_id", "date"}: run the optimizer for
//                                          the week of `date`; a draft, shown for that day
//   GET  /api/v1/schedules?school_id=&date=  the schedule the school works to that day
//   GET  /api/v1/schedules/{id}?date=      one schedule, shown for a day of its week
//   POST /api/v1/schedules/{id}/publish    publish; the paras' assignments follow it
//   POST /api/v1/schedules/{id}/replan     {"date", "absent_staff_id"}: a draft re-plan of
//                                          that day with the fewest changes
//   POST /api/v1/schedules/{id}/back       {"date", "staff_id"}: a draft re-plan of that
//                                          day with a para marked away at work after all
//
// Administrators run, read and publish the schedules of the schools in their
// scope (a school administrator their school, a district administrator
// every school). The board names students: each student it shows is an
// audited read of that student's day (record family student_day).
#pragma once

#include <memory>

#include "http/resources/access_guard.h"
#include "http/router.h"
#include "scheduling/school_schedule.h"

namespace paraplan::http {

// `schedules`: the server's parsed published schedules (shared with the plan
// routes), from which a published schedule's week in force is read.
void AddScheduleRoutes(Router& router, AccessSources sources,
                       std::shared_ptr<scheduling::ScheduleCache> schedules =
                           std::make_shared<scheduling::ScheduleCache>());

}  // namespace paraplan::http
