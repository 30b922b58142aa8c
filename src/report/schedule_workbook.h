// A school's para schedule for one week as a spreadsheet, for the
// coordinator to print, annotate or share with the school's staff: a sheet
// for the week (each day's needs covered and not, the paras away), a sheet
// per day (each para's blocks: where, with whom, or their duty), the needs
// nobody covers with the reason, the IEP services the week leaves short of
// their minutes, and every IEP service paras deliver with its minutes
// required, owed, scheduled and delivered (the week's compliance).
#pragma once

#include <algorithm>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "domain/error.h"

namespace paraplan::report {

// One IEP service paras deliver, over the week.
struct ServiceWeek {
  std::string student_name;
  std::string type;           // the support, as the API names it ("math_support")
  std::string setting;        // as the API names it ("general_education_classroom")
  int minutes_per_week = 0;   // the IEP's
  int makeup_minutes = 0;     // owed for sessions missed in earlier weeks
  int scheduled_minutes = 0;  // in its setting, as the school works the week
  int delivered_minutes = 0;  // in service sessions recorded as delivered this week

  // What the week owes (the IEP's minutes and the make-up) less what was
  // delivered so far, never below 0: the one rule for "still to give".
  int StillToGive() const {
    return std::max(0, minutes_per_week + makeup_minutes - delivered_minutes);
  }
};

// `school_name` heads every sheet; `days` are the schedule's views of the
// week's school days in date order, as GET /api/v1/schedules/{id}?date=
// answers them (scheduling::ViewOf), each of the schedule the school works
// to that day. Students appear as the views name them. `services` are the
// week's IEP services paras deliver, in the order listed. kInvalidArgument
// naming `days` when there are none.
Result<std::string> ScheduleWorkbook(const std::string& school_name,
                                     const std::vector<nlohmann::json>& days,
                                     const std::vector<ServiceWeek>& services);

}  // namespace paraplan::report
