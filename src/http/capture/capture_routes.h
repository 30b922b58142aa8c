// The data capture endpoints (issue 7, capability 5):
//
//   POST /api/v1/captures                 one record: 201 created, 200 when the same
//                                         record was already stored, 422 for the same
//                                         id with other content
//   POST /api/v1/sync                     {"records": [...]} from an offline phone;
//                                         200 with {"results": [...]}, one answer per
//                                         record in order: {"id", "status", "outcome",
//                                         "record"} or {"id", "status", "error"}
//   GET  /api/v1/captures?student_id=&kind=&review=&from=&to=&after=&limit=
//   GET  /api/v1/captures/{id}
//   PUT  /api/v1/captures/{id}            a correction: the record with "version" and
//                                         "reason"; makes a new version
//   POST /api/v1/captures/{id}/review     {"version": n}; special educators and providers
//   GET  /api/v1/captures/{id}/history
//
// Every record's student passes the access policy (RecordFamily::kCapture)
// through the AccessGuard, audited like every student-record access: a
// paraeducator records only for students assigned to them and reads only
// their own records, a teacher the students of their sections, a special
// educator or provider their caseload; others are 404, as if they did not
// exist. Records from paraeducators are pending until reviewed. Every acknowledged record is
// committed durably before the answer.
#pragma once

#include "http/plans/plan_routes.h"
#include "http/router.h"

namespace paraplan::http {

// The most records one sync request may carry.
inline constexpr std::size_t kMaxSyncRecords = 500;

void AddCaptureRoutes(Router& router, AssignedStudents assigned_students);

}  // namespace paraplan::http
