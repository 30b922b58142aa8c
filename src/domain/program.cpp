#include "domain/program.h"

#include <fmt/format.h>

namespace paraplan {

Problems Validate(const SpecialEducationProgram& program) {
  Problems problems;
  if (program.district_id <= 0) problems.push_back({"district_id", "is required"});
  if (program.student_id <= 0) problems.push_back({"student_id", "is required"});
  if (program.iep_id && *program.iep_id <= 0) problems.push_back({"iep_id", "is not an id"});
  if (program.special_education_hours_per_week && *program.special_education_hours_per_week < 0) {
    problems.push_back({"special_education_hours_per_week", "is negative"});
  }
  if (program.school_hours_per_week && !(*program.school_hours_per_week > 0)) {
    problems.push_back({"school_hours_per_week", "must be more than zero"});
  }
  if (program.end && *program.end < program.begin) {
    problems.push_back({"end", fmt::format("is before begin {}", program.begin.ToString())});
  }
  if (program.exit_date && *program.exit_date < program.begin) {
    problems.push_back({"exit_date", fmt::format("is before begin {}", program.begin.ToString())});
  }
  if (program.computed_environment &&
      (!program.special_education_hours_per_week || !program.school_hours_per_week)) {
    problems.push_back({"computed_environment", "needs both special education and school hours"});
  }
  return problems;
}

}  // namespace paraplan
