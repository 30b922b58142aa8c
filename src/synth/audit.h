// Reads a whole database back through the Store and validates every record,
// alone and against the records it refers to. `paraplan check` prints the
// result; the synth tests use it to prove that generated districts are valid
// once stored, not only in memory.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <vector>

#include "store/store.h"

namespace paraplan::synth {

struct Finding {
  std::string kind;  // record kind: "student", "iep", "student_day"...
  Id id = 0;
  std::string field;
  std::string reason;
};

struct AuditReport {
  // Records read, by kind (the RecordKind names plus guardian_link and
  // student_day).
  std::map<std::string, std::int64_t> counts;
  std::vector<Finding> findings;
  // Empty when the store's own integrity check passed.
  std::string integrity_problem;

  bool ok() const { return findings.empty() && integrity_problem.empty(); }
};

// Reads every district with its records in one consistent snapshot.
// `progress` is called with students read so far and the total.
Result<AuditReport> Audit(Store& store,
                          const std::function<void(std::int64_t, std::int64_t)>& progress = {});

}  // namespace paraplan::synth
