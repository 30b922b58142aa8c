// A school's para schedule for one week as a spreadsheet, for the
// coordinator to print, annotate or share with the school's staff: a sheet
// for the week (each day's needs covered and not, the paras away), a sheet
// per day (each para's blocks: where, with whom, or their duty), the needs
// nobody covers with the reason, and the IEP services the week leaves
// short of their minutes.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "domain/error.h"

namespace paraplan::report {

// `school_name` heads every sheet; `days` are the schedule's views of the
// week's school days in date order, as GET /api/v1/schedules/{id}?date=
// answers them (scheduling::ViewOf), each of the schedule the school works
// to that day. Students appear as the views name them. kInvalidArgument
// naming `days` when there are none.
Result<std::string> ScheduleWorkbook(const std::string& school_name,
                                     const std::vector<nlohmann::json>& days);

}  // namespace paraplan::report
