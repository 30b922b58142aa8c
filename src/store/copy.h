// Moves a paraplan database between backends (SQLite to PostgreSQL): every
// row of every table, ids kept, so links, ETags and audit references keep
// their meaning. Works on tables rather than records, so tables added by
// later migrations (plans, capture, users, audit) move too.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "store/store.h"

namespace paraplan {

struct TableCopy {
  std::string table;
  std::int64_t source_rows = 0;  // rows the source holds (of the district, when filtered)
  std::int64_t target_rows = 0;  // rows the target holds afterwards (same filter)
  bool skipped = false;          // a table without district_id when moving one district
};

struct CopyReport {
  std::vector<TableCopy> tables;
};

// Called after each batch with the table and the rows copied from it so far.
using CopyProgress = std::function<void(const std::string& table, std::int64_t rows)>;

// Copies `from` (a SQLite store) into `to` inside one transaction on `to`:
// everything, or with `district_id` the rows of that district only (tables
// without a district_id column are then skipped and reported). Both stores
// must be at the same schema version, and the target must not hold rows of
// what is copied yet. Counts are compared per table before the target
// commits; any difference rolls everything back.
Result<CopyReport> CopyDatabase(Store& from, Store& to, std::optional<Id> district_id,
                                const CopyProgress& progress = {});

}  // namespace paraplan
