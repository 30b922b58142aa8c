#include "domain/absence.h"

namespace paraplan {

Problems Validate(const StaffAbsence& absence) {
  Problems problems;
  if (absence.district_id <= 0) problems.push_back({"district_id", "is required"});
  if (absence.staff_id <= 0) problems.push_back({"staff_id", "is required"});
  if (absence.category.empty()) problems.push_back({"category", "is required"});
  if (absence.last_day && *absence.last_day < absence.first_day) {
    problems.push_back({"last_day", "is before first_day " + absence.first_day.ToString()});
  }
  return problems;
}

}  // namespace paraplan
