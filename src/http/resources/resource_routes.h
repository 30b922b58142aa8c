// The JSON resource endpoints for capabilities 1 and 2 (issue 3, part 2),
// every student-data read and write through the AccessGuard:
//
//   GET    /api/v1/students?school_id=&section_id=&case_manager_id=&grade=&after=&limit=
//   POST   /api/v1/students
//   GET    /api/v1/students/{id}                      ETag
//   PUT    /api/v1/students/{id}                      If-Match
//   DELETE /api/v1/students/{id}                      If-Match
//   GET    /api/v1/students/{id}/ieps                 redacted to the caller's IEP parts
//   GET    /api/v1/students/{id}/day                  ETag
//   PUT    /api/v1/students/{id}/day                  If-Match ("0" before the first)
//   GET    /api/v1/students/{id}/guardians            a parent sees only their own link
//   PUT    /api/v1/students/{id}/guardians/{guardian_id}
//   DELETE /api/v1/students/{id}/guardians/{guardian_id}
//   GET    /api/v1/students/{id}/enrolments
//   GET    /api/v1/students/{id}/access-log           FERPA 34 CFR 99.32
//   GET    /api/v1/students/{id}/authorized-staff     IDEA 300.623
//   POST   /api/v1/ieps, GET|PUT|DELETE /api/v1/ieps/{id}
//   POST   /api/v1/enrolments, DELETE /api/v1/enrolments/{id}
//   GET    /api/v1/audit?from=&to=&student_id=&after=&limit=   administrators
//   schools, rooms, staff, sections, calendars, guardians: list/read/create/update/delete
//
// A student the caller may not see is 404, as if it did not exist; a change
// the caller may not make to a record they see is 403 naming the rule.
#pragma once

#include "http/resources/access_guard.h"
#include "http/router.h"

namespace paraplan::http {

// Adds every resource route. `sources` is copied; audit events go to the
// security store of the request's context.
void AddResourceRoutes(Router& router, AccessSources sources);

void AddStudentRoutes(Router& router, const AccessSources& sources);
void AddDirectoryRoutes(Router& router, const AccessSources& sources);

}  // namespace paraplan::http
