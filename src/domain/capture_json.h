// The JSON form of capture records, used by the API (one record, or a batch
// in POST /api/v1/sync) and by the store's document column. A record is one
// flat object: the client's id, kind, created_at and student_id beside the
// kind's own fields, e.g.
//   {"id": "3f2b...", "kind": "goal_observation", "created_at": "2026-11-25T09:30:00Z",
//    "student_id": 7, "goal_id": 9, "date": "2026-11-25", "method": "percent_of_trials",
//    "trials": [{"prompt": "verbal", "result": "correct"}]}
// Output adds the server's fields: recorded_by, review, reviewed_by, version.
#pragma once

#include <nlohmann/json_fwd.hpp>

#include "domain/capture.h"
#include "domain/error.h"

namespace paraplan {

nlohmann::json ToJson(const CaptureRecord& record);

// Reads a record's content. The server's fields are ignored when present
// (a client may send back what it received); any other unknown field is
// refused. Every problem names its field; the result is not yet validated
// (call Validate(record, today)).
Result<CaptureRecord> CaptureFromJson(const nlohmann::json& json);

}  // namespace paraplan
