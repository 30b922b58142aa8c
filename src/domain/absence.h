// A staff member's absence from school (leave), as a district's system
// records it. Paraplan keeps absences so the day's schedule can see which
// paras are out; the importer fills them from Ed-Fi StaffLeave.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "domain/model.h"
#include "domain/validation.h"

namespace paraplan {

struct StaffAbsence {
  Id id = 0;  // assigned by the store
  Id district_id = 0;
  Id staff_id = 0;
  Date first_day;
  // The last day of the absence, inclusive; nullopt while the source gives
  // no return date (the absence is open).
  std::optional<Date> last_day;
  // The kind of leave as the source names it (Ed-Fi StaffLeaveEventCategory
  // code value, e.g. "Sick", "Jury duty"); required.
  std::string category;
  std::string reason;  // free text, may be empty
  std::string source_id;

  bool operator==(const StaffAbsence&) const = default;
};

// A day the schedule board has a para at work although leave from the
// district's records covers it: they came in after all, and the board's
// re-plan that had them back at work is published. The district's record
// stays as it states it (an import would restore it anyway); every later
// schedule of that day reads the para as at work.
struct StaffAtWork {
  Id district_id = 0;
  Id staff_id = 0;
  Date day;
  Id schedule_id = 0;  // the published re-plan

  bool operator==(const StaffAtWork&) const = default;
};

// What is known of one staff member's leave: their absences and the days
// the board has them at work despite it.
struct StaffLeave {
  std::vector<StaffAbsence> absences;
  std::vector<Date> at_work;

  // Whether an absence covers `day` and no at-work day names it.
  bool AwayOn(Date day) const;
};

// Every problem, each naming the field: district_id and staff_id must be
// set, category must be given, and last_day may not be before first_day.
Problems Validate(const StaffAbsence& absence);

}  // namespace paraplan
