#include "domain/absence.h"

#include <algorithm>

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

bool StaffLeave::AwayOn(Date day) const {
  const bool covered = std::ranges::any_of(absences, [&](const StaffAbsence& absence) {
    return absence.first_day <= day && (!absence.last_day || day <= *absence.last_day);
  });
  return covered && std::ranges::find(at_work, day) == at_work.end();
}

}  // namespace paraplan
