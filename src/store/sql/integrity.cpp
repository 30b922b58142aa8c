#include "store/sql/integrity.h"

#include <fmt/format.h>

namespace paraplan::sql {
namespace {

struct ParentLink {
  std::string_view child;
  std::string_view column;  // the child's reference to its parent
  std::string_view parent;
};

// Each row's district must be its parent's; together these cover every
// table of the roster, IEP and student-day migrations.
constexpr ParentLink kLinks[] = {
    {"room", "school_id", "school"},
    {"calendar", "school_id", "school"},
    {"calendar_day_off", "calendar_id", "calendar"},
    {"staff", "school_id", "school"},
    {"staff_funding", "staff_id", "staff"},
    {"staff_skill", "staff_id", "staff"},
    {"staff_credential", "staff_id", "staff"},
    {"student", "school_id", "school"},
    {"student", "case_manager_id", "staff"},
    {"guardian_link", "guardian_id", "guardian"},
    {"guardian_link", "student_id", "student"},
    {"section", "school_id", "school"},
    {"section", "general_educator_id", "staff"},
    {"section_meeting", "section_id", "section"},
    {"enrolment", "student_id", "student"},
    {"enrolment", "section_id", "section"},
    {"iep", "student_id", "student"},
    {"iep_service", "iep_id", "iep"},
    {"iep_goal", "iep_id", "iep"},
    {"iep_accommodation", "iep_id", "iep"},
    {"iep_accommodation_setting", "accommodation_id", "iep_accommodation"},
    {"iep_regulation_level", "iep_id", "iep"},
    {"iep_one_to_one", "iep_id", "iep"},
    {"student_day", "student_id", "student"},
    {"day_block", "student_id", "student"},
    {"day_block_skill", "block_id", "day_block"},
};

}  // namespace

Result<std::vector<std::string>> DistrictConsistencyProblems(Session& session) {
  std::vector<std::string> problems;
  for (const ParentLink& link : kLinks) {
    Rows rows = PARAPLAN_TRY(
        session.Query(fmt::format("SELECT COUNT(*) FROM {0} c JOIN {1} p ON p.id = c.{2} "
                                  "WHERE c.district_id <> p.district_id",
                                  link.child, link.parent, link.column),
                      std::span<const Value>()));
    RowReader read(rows.at(0), link.child);
    const std::int64_t count = read.Int(0);
    PARAPLAN_TRY(read.Finish());
    if (count > 0) {
      problems.push_back(fmt::format("{} {} rows name another district than their {} ({})", count,
                                     link.child, link.parent, link.column));
    }
  }
  return problems;
}

}  // namespace paraplan::sql
