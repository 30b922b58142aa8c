// The program store (store/program_store.h) over a backend's SQL session.
// The SQL is portable, so SQLite and PostgreSQL share this file; the tables
// are created by the "absences_and_programs" migration in migrations.cpp.
#include "store/program_store.h"

#include <fmt/format.h>

#include <nlohmann/json.hpp>

namespace paraplan {
namespace {

using sql::Row;
using sql::RowReader;
using sql::Rows;
using sql::Session;
using sql::Value;

constexpr std::string_view kAbsenceColumns =
    "id, district_id, staff_id, first_day, last_day, category, reason, source_id";

constexpr std::string_view kProgramColumns =
    "id, district_id, student_id, iep_id, program_name, begin_date, end_date, idea_eligible, "
    "stated_setting, stated_environment, special_education_hours_per_week, "
    "school_hours_per_week, computed_environment, disabilities, program_services, exit_date, "
    "exit_reason, source_id";

Value OptionalReal(std::optional<double> value) { return value ? sql::Real(*value) : sql::Null(); }

std::string JsonList(const std::vector<std::string>& items) {
  return nlohmann::json(items).dump();
}

Result<std::vector<std::string>> ParseList(const std::string& text, std::string_view column) {
  nlohmann::json list = nlohmann::json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (list.is_discarded() || !list.is_array()) {
    return Fail(Error::Internal(fmt::format("special_education_program.{} is not a JSON list",
                                            column)));
  }
  std::vector<std::string> items;
  for (const nlohmann::json& item : list) {
    if (!item.is_string()) {
      return Fail(Error::Internal(
          fmt::format("special_education_program.{} holds a value that is not text", column)));
    }
    items.push_back(item.get<std::string>());
  }
  return items;
}

Error Refused(std::string_view what, std::string field, std::string reason) {
  return Error::Invalid(fmt::format("{}: {} {}", what, field, reason),
                        {{std::move(field), std::move(reason)}});
}

// Reads a row of kAbsenceColumns.
Result<StaffAbsence> ReadAbsence(const Row& row) {
  RowReader read(row, "staff_absence");
  StaffAbsence absence;
  absence.id = read.Int(0);
  absence.district_id = read.Int(1);
  absence.staff_id = read.Int(2);
  absence.first_day = read.DateAt(3);
  absence.last_day = read.OptionalDate(4);
  absence.category = read.Text(5);
  absence.reason = read.Text(6);
  absence.source_id = read.SourceIdAt(7);
  PARAPLAN_TRY(read.Finish());
  return absence;
}

// Reads a row of kProgramColumns.
Result<SpecialEducationProgram> ReadProgram(const Row& row) {
  RowReader read(row, "special_education_program");
  SpecialEducationProgram program;
  program.id = read.Int(0);
  program.district_id = read.Int(1);
  program.student_id = read.Int(2);
  program.iep_id = read.OptionalInt(3);
  program.program_name = read.Text(4);
  program.begin = read.DateAt(5);
  program.end = read.OptionalDate(6);
  if (std::optional<std::int64_t> eligible = read.OptionalInt(7)) {
    program.idea_eligible = *eligible != 0;
  }
  program.stated_setting = read.Text(8);
  program.stated_environment = read.OptionalEnum<EducationalEnvironment>(9);
  if (!read.IsNull(10)) program.special_education_hours_per_week = read.Real(10);
  if (!read.IsNull(11)) program.school_hours_per_week = read.Real(11);
  program.computed_environment = read.OptionalEnum<EducationalEnvironment>(12);
  std::string disabilities = read.Text(13);
  std::string services = read.Text(14);
  program.exit_date = read.OptionalDate(15);
  program.exit_reason = read.Text(16);
  program.source_id = read.SourceIdAt(17);
  PARAPLAN_TRY(read.Finish());
  program.disabilities = PARAPLAN_TRY(ParseList(disabilities, "disabilities"));
  program.program_services = PARAPLAN_TRY(ParseList(services, "program_services"));
  return program;
}

class SqlProgramStore final : public ProgramStore {
 public:
  explicit SqlProgramStore(Session& session) : session_(session) {}

  Result<Id> Insert(const StaffAbsence& absence) override {
    PARAPLAN_TRY(CheckAbsence(absence));
    PARAPLAN_TRY(CheckSourceIdFree("staff_absence", absence.district_id, absence.source_id, 0));
    return sql::InsertReturningId(
        session_, "a staff absence",
        "INSERT INTO staff_absence (district_id, staff_id, first_day, last_day, category, reason, "
        "source_id) VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id",
        {sql::Int(absence.district_id), sql::Int(absence.staff_id),
         sql::DateValue(absence.first_day), sql::OptionalDate(absence.last_day),
         sql::Text(absence.category), sql::Text(absence.reason), sql::SourceId(absence.source_id)});
  }

  Result<void> Update(const StaffAbsence& absence) override {
    StaffAbsence stored = PARAPLAN_TRY(GetAbsence(absence.id));
    PARAPLAN_TRY(CheckUnmoved("staff absence", stored.district_id, absence.district_id,
                              "staff_id", stored.staff_id, absence.staff_id));
    PARAPLAN_TRY(CheckAbsence(absence));
    PARAPLAN_TRY(
        CheckSourceIdFree("staff_absence", absence.district_id, absence.source_id, absence.id));
    PARAPLAN_TRY(session_.Execute(
        "UPDATE staff_absence SET first_day = ?, last_day = ?, category = ?, reason = ?, "
        "source_id = ? WHERE id = ?",
        {sql::DateValue(absence.first_day), sql::OptionalDate(absence.last_day),
         sql::Text(absence.category), sql::Text(absence.reason), sql::SourceId(absence.source_id),
         sql::Int(absence.id)}));
    return {};
  }

  Result<StaffAbsence> GetAbsence(Id id) override {
    Rows rows = PARAPLAN_TRY(session_.Query(
        fmt::format("SELECT {} FROM staff_absence WHERE id = ?", kAbsenceColumns), {sql::Int(id)}));
    if (rows.empty()) return Fail(Error::NotFound(fmt::format("no staff absence {}", id)));
    return ReadAbsence(rows.front());
  }

  Result<void> DeleteAbsence(Id id) override {
    PARAPLAN_TRY(GetAbsence(id));
    PARAPLAN_TRY(session_.Execute("DELETE FROM staff_absence WHERE id = ?", {sql::Int(id)}));
    return {};
  }

  Result<std::optional<Id>> FindAbsence(Id district_id, std::string_view source_id) override {
    return FindBySource("staff_absence", district_id, source_id);
  }

  Result<std::vector<StaffAbsence>> ListAbsences(Id staff_id) override {
    Rows rows = PARAPLAN_TRY(session_.Query(
        fmt::format("SELECT {} FROM staff_absence WHERE staff_id = ? ORDER BY first_day, id",
                    kAbsenceColumns),
        {sql::Int(staff_id)}));
    std::vector<StaffAbsence> absences;
    for (const Row& row : rows) absences.push_back(PARAPLAN_TRY(ReadAbsence(row)));
    return absences;
  }

  Result<std::int64_t> CountAbsences(Id district_id) override {
    return CountIn("staff_absence", district_id);
  }

  Result<StaffLeave> LeaveOf(Id staff_id) override {
    StaffLeave leave;
    leave.absences = PARAPLAN_TRY(ListAbsences(staff_id));
    for (const StaffAtWork& at_work : PARAPLAN_TRY(ListAtWork(staff_id))) {
      leave.at_work.push_back(at_work.day);
    }
    return leave;
  }

  Result<void> MarkAtWork(const StaffAtWork& at_work) override {
    Problems problems;
    if (at_work.district_id <= 0) problems.push_back({"district_id", "is required"});
    if (at_work.staff_id <= 0) problems.push_back({"staff_id", "is required"});
    if (at_work.schedule_id <= 0) problems.push_back({"schedule_id", "is required"});
    PARAPLAN_TRY(
        CheckReference("staff", "staff_id", at_work.staff_id, at_work.district_id, problems));
    PARAPLAN_TRY(CheckReference("para_schedule", "schedule_id", at_work.schedule_id,
                                at_work.district_id, problems));
    PARAPLAN_TRY(ToResult(problems, "day at work"));
    PARAPLAN_TRY(UnmarkAtWork(at_work.staff_id, at_work.day));
    PARAPLAN_TRY(session_.Execute(
        "INSERT INTO staff_at_work (district_id, staff_id, day, schedule_id) VALUES (?, ?, ?, ?)",
        {sql::Int(at_work.district_id), sql::Int(at_work.staff_id), sql::DateValue(at_work.day),
         sql::Int(at_work.schedule_id)}));
    return {};
  }

  Result<void> UnmarkAtWork(Id staff_id, Date day) override {
    PARAPLAN_TRY(session_.Execute("DELETE FROM staff_at_work WHERE staff_id = ? AND day = ?",
                                  {sql::Int(staff_id), sql::DateValue(day)}));
    return {};
  }

  Result<std::vector<StaffAtWork>> ListAtWork(Id staff_id) override {
    Rows rows = PARAPLAN_TRY(session_.Query(
        "SELECT district_id, staff_id, day, schedule_id FROM staff_at_work WHERE staff_id = ? "
        "ORDER BY day",
        {sql::Int(staff_id)}));
    std::vector<StaffAtWork> days;
    for (const Row& row : rows) {
      RowReader read(row, "staff_at_work");
      StaffAtWork at_work;
      at_work.district_id = read.Int(0);
      at_work.staff_id = read.Int(1);
      at_work.day = read.DateAt(2);
      at_work.schedule_id = read.Int(3);
      PARAPLAN_TRY(read.Finish());
      days.push_back(at_work);
    }
    return days;
  }

  Result<Id> Insert(const SpecialEducationProgram& program) override {
    PARAPLAN_TRY(CheckProgram(program));
    PARAPLAN_TRY(CheckSourceIdFree("special_education_program", program.district_id,
                                   program.source_id, 0));
    return sql::InsertReturningId(
        session_, "a special education program",
        fmt::format("INSERT INTO special_education_program ({}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, "
                    "?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
                    std::string_view(kProgramColumns).substr(4)),
        std::span<const Value>(ProgramValues(program)));
  }

  Result<void> Update(const SpecialEducationProgram& program) override {
    SpecialEducationProgram stored = PARAPLAN_TRY(GetProgram(program.id));
    PARAPLAN_TRY(CheckUnmoved("special education program", stored.district_id,
                              program.district_id, "student_id", stored.student_id,
                              program.student_id));
    PARAPLAN_TRY(CheckProgram(program));
    PARAPLAN_TRY(CheckSourceIdFree("special_education_program", program.district_id,
                                   program.source_id, program.id));
    std::vector<Value> values = ProgramValues(program);
    values.push_back(sql::Int(program.id));
    PARAPLAN_TRY(session_.Execute(
        "UPDATE special_education_program SET district_id = ?, student_id = ?, iep_id = ?, "
        "program_name = ?, begin_date = ?, end_date = ?, idea_eligible = ?, stated_setting = ?, "
        "stated_environment = ?, special_education_hours_per_week = ?, "
        "school_hours_per_week = ?, computed_environment = ?, disabilities = ?, "
        "program_services = ?, exit_date = ?, exit_reason = ?, source_id = ? WHERE id = ?",
        values));
    return {};
  }

  Result<SpecialEducationProgram> GetProgram(Id id) override {
    Rows rows = PARAPLAN_TRY(session_.Query(
        fmt::format("SELECT {} FROM special_education_program WHERE id = ?", kProgramColumns),
        {sql::Int(id)}));
    if (rows.empty()) {
      return Fail(Error::NotFound(fmt::format("no special education program {}", id)));
    }
    return ReadProgram(rows.front());
  }

  Result<std::optional<Id>> FindProgram(Id district_id, std::string_view source_id) override {
    return FindBySource("special_education_program", district_id, source_id);
  }

  Result<std::vector<SpecialEducationProgram>> ListPrograms(Id student_id) override {
    Rows rows = PARAPLAN_TRY(session_.Query(
        fmt::format("SELECT {} FROM special_education_program WHERE student_id = ? "
                    "ORDER BY begin_date, id",
                    kProgramColumns),
        {sql::Int(student_id)}));
    std::vector<SpecialEducationProgram> programs;
    for (const Row& row : rows) programs.push_back(PARAPLAN_TRY(ReadProgram(row)));
    return programs;
  }

  Result<std::int64_t> CountPrograms(Id district_id) override {
    return CountIn("special_education_program", district_id);
  }

 private:
  static std::vector<Value> ProgramValues(const SpecialEducationProgram& program) {
    return {sql::Int(program.district_id),
            sql::Int(program.student_id),
            sql::OptionalId(program.iep_id),
            sql::Text(program.program_name),
            sql::DateValue(program.begin),
            sql::OptionalDate(program.end),
            program.idea_eligible ? sql::Flag(*program.idea_eligible) : sql::Null(),
            sql::Text(program.stated_setting),
            sql::OptionalEnum(program.stated_environment),
            OptionalReal(program.special_education_hours_per_week),
            OptionalReal(program.school_hours_per_week),
            sql::OptionalEnum(program.computed_environment),
            sql::Text(JsonList(program.disabilities)),
            sql::Text(JsonList(program.program_services)),
            sql::OptionalDate(program.exit_date),
            sql::Text(program.exit_reason),
            sql::SourceId(program.source_id)};
  }

  // The district of row `id` of `table`, or nullopt when there is no such row.
  Result<std::optional<Id>> DistrictOf(std::string_view table, Id id) {
    Rows rows = PARAPLAN_TRY(session_.Query(
        fmt::format("SELECT district_id FROM {} WHERE id = ?", table), {sql::Int(id)}));
    if (rows.empty()) return std::optional<Id>();
    RowReader read(rows.front(), table);
    Id district = read.Int(0);
    PARAPLAN_TRY(read.Finish());
    return district;
  }

  // Adds a problem on `field` when row `id` of `table` is missing or belongs
  // to another district.
  Result<void> CheckReference(std::string_view table, std::string_view field, Id id,
                              Id district_id, Problems& problems) {
    if (id <= 0) return {};  // validation names it
    std::optional<Id> district = PARAPLAN_TRY(DistrictOf(table, id));
    if (!district) {
      problems.push_back({std::string(field), fmt::format("{} {} does not exist", table, id)});
    } else if (*district != district_id) {
      problems.push_back(
          {std::string(field), fmt::format("{} {} belongs to another district", table, id)});
    }
    return {};
  }

  Result<void> CheckAbsence(const StaffAbsence& absence) {
    Problems problems = Validate(absence);
    PARAPLAN_TRY(
        CheckReference("staff", "staff_id", absence.staff_id, absence.district_id, problems));
    return ToResult(problems, "staff absence");
  }

  Result<void> CheckProgram(const SpecialEducationProgram& program) {
    Problems problems = Validate(program);
    PARAPLAN_TRY(CheckReference("student", "student_id", program.student_id, program.district_id,
                                problems));
    if (program.iep_id && *program.iep_id > 0) {
      Rows rows = PARAPLAN_TRY(session_.Query("SELECT student_id FROM iep WHERE id = ?",
                                              {sql::Int(*program.iep_id)}));
      if (rows.empty()) {
        problems.push_back({"iep_id", fmt::format("iep {} does not exist", *program.iep_id)});
      } else {
        RowReader read(rows.front(), "iep");
        Id student = read.Int(0);
        PARAPLAN_TRY(read.Finish());
        if (student != program.student_id) {
          problems.push_back({"iep_id", fmt::format("iep {} is another student's",
                                                    *program.iep_id)});
        }
      }
    }
    return ToResult(problems, "special education program");
  }

  // District and the person a record is about never move in an update.
  static Result<void> CheckUnmoved(std::string_view what, Id stored_district, Id district,
                                   std::string_view person_field, Id stored_person, Id person) {
    if (stored_district != district) return Fail(Refused(what, "district_id", "cannot change"));
    if (stored_person != person) return Fail(Refused(what, std::string(person_field), "cannot change"));
    return {};
  }

  Result<void> CheckSourceIdFree(std::string_view table, Id district_id,
                                 std::string_view source_id, Id self) {
    if (source_id.empty()) return {};
    std::optional<Id> found = PARAPLAN_TRY(FindBySource(table, district_id, source_id));
    if (found && *found != self) {
      return Fail(Error::AlreadyExists(
          fmt::format("{} source_id '{}' is already used in district {} (by {})", table,
                      source_id, district_id, *found)));
    }
    return {};
  }

  Result<std::optional<Id>> FindBySource(std::string_view table, Id district_id,
                                         std::string_view source_id) {
    if (source_id.empty()) return std::optional<Id>();
    Rows rows = PARAPLAN_TRY(session_.Query(
        fmt::format("SELECT id FROM {} WHERE district_id = ? AND source_id = ?", table),
        {sql::Int(district_id), sql::Text(source_id)}));
    if (rows.empty()) return std::optional<Id>();
    RowReader read(rows.front(), table);
    Id id = read.Int(0);
    PARAPLAN_TRY(read.Finish());
    return id;
  }

  Result<std::int64_t> CountIn(std::string_view table, Id district_id) {
    Rows rows = PARAPLAN_TRY(session_.Query(
        fmt::format("SELECT COUNT(*) FROM {} WHERE district_id = ?", table),
        {sql::Int(district_id)}));
    RowReader read(rows.at(0), table);
    std::int64_t count = read.Int(0);
    PARAPLAN_TRY(read.Finish());
    return count;
  }

  Session& session_;
};

}  // namespace

std::unique_ptr<ProgramStore> MakeProgramStore(sql::Session& session) {
  return std::make_unique<SqlProgramStore>(session);
}

}  // namespace paraplan
