// Checks both backends share: the district copied into child rows (for
// row-level security and district moves) must match the parent's. Neither
// database can enforce that with a foreign key alone.
#pragma once

#include <string>
#include <vector>

#include "store/sql/session.h"

namespace paraplan::sql {

// One line per broken rule, e.g. "3 student rows name another district than
// their school"; empty when the district copies are consistent.
Result<std::vector<std::string>> DistrictConsistencyProblems(Session& session);

}  // namespace paraplan::sql
