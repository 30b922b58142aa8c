// The schedule store (store/schedule_store.h) over a backend's SQL session.
// The SQL is portable, so SQLite and PostgreSQL share this file; the table is
// created by the "para_schedules" migration in migrations.cpp.
#include "store/schedule_store.h"

#include <fmt/format.h>

namespace paraplan {
namespace {

using sql::Row;
using sql::RowReader;
using sql::Rows;
using sql::Session;

constexpr std::string_view kColumns =
    "id, district_id, school_id, week_start, day, absent_staff_id, base_id, status, problem, "
    "plan, created_at, created_by, published_at, published_by, returned_staff_id, "
    "updated_from_id";
// kColumns with empty strings in place of the problem's and the plan's JSON.
constexpr std::string_view kSummaryColumns =
    "id, district_id, school_id, week_start, day, absent_staff_id, base_id, status, '', '', "
    "created_at, created_by, published_at, published_by, returned_staff_id, updated_from_id";

Result<StoredSchedule> ReadSchedule(const Row& row) {
  RowReader read(row, "para_schedule");
  StoredSchedule schedule;
  schedule.id = read.Int(0);
  schedule.district_id = read.Int(1);
  schedule.school_id = read.Int(2);
  schedule.week = read.DateAt(3);
  schedule.day = read.OptionalDate(4);
  schedule.absent_staff_id = read.OptionalInt(5);
  schedule.base_id = read.OptionalInt(6);
  schedule.status = read.Enum<ScheduleStatus>(7);
  schedule.problem = read.Text(8);
  schedule.plan = read.Text(9);
  schedule.created_at = read.Int(10);
  schedule.created_by = read.OptionalInt(11);
  schedule.published_at = read.OptionalInt(12);
  schedule.published_by = read.OptionalInt(13);
  schedule.returned_staff_id = read.OptionalInt(14);
  schedule.updated_from_id = read.OptionalInt(15);
  PARAPLAN_TRY(read.Finish());
  return schedule;
}

Result<std::vector<StoredSchedule>> ReadAll(const Rows& rows) {
  std::vector<StoredSchedule> schedules;
  schedules.reserve(rows.size());
  for (const Row& row : rows) schedules.push_back(PARAPLAN_TRY(ReadSchedule(row)));
  return schedules;
}

constexpr std::string_view kKeepApartColumns =
    "id, district_id, staff_id, student_id, reason, created_by, created_at";

Result<KeepApart> ReadKeepApart(const Row& row) {
  RowReader read(row, "para_keep_apart");
  KeepApart pair;
  pair.id = read.Int(0);
  pair.district_id = read.Int(1);
  pair.staff_id = read.Int(2);
  pair.student_id = read.Int(3);
  pair.reason = read.Text(4);
  pair.created_by = read.OptionalInt(5);
  pair.created_at = read.Int(6);
  PARAPLAN_TRY(read.Finish());
  return pair;
}

constexpr std::size_t kMaxKeepApartReason = 500;

constexpr std::string_view kStudentAbsenceColumns =
    "id, district_id, student_id, day, recorded_by, recorded_at";

Result<StudentAbsence> ReadStudentAbsence(const Row& row) {
  RowReader read(row, "student_absence");
  StudentAbsence absence;
  absence.id = read.Int(0);
  absence.district_id = read.Int(1);
  absence.student_id = read.Int(2);
  absence.day = read.DateAt(3);
  absence.recorded_by = read.OptionalInt(4);
  absence.recorded_at = read.Int(5);
  PARAPLAN_TRY(read.Finish());
  return absence;
}

class SqlScheduleStore final : public ScheduleStore {
 public:
  explicit SqlScheduleStore(Session& session) : session_(session) {}

  Result<Id> Insert(const StoredSchedule& schedule) override {
    PARAPLAN_TRY(Check(schedule));
    return sql::InsertReturningId(
        session_, "a schedule",
        "INSERT INTO para_schedule (district_id, school_id, week_start, day, absent_staff_id, "
        "base_id, status, problem, plan, created_at, created_by, published_at, published_by, "
        "returned_staff_id, updated_from_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, NULL, NULL, "
        "?, ?) RETURNING id",
        {sql::Int(schedule.district_id), sql::Int(schedule.school_id),
         sql::DateValue(schedule.week), sql::OptionalDate(schedule.day),
         sql::OptionalId(schedule.absent_staff_id), sql::OptionalId(schedule.base_id),
         sql::EnumValue(ScheduleStatus::kDraft), sql::Text(schedule.problem),
         sql::Text(schedule.plan), sql::Int(schedule.created_at),
         sql::OptionalId(schedule.created_by), sql::OptionalId(schedule.returned_staff_id),
         sql::OptionalId(schedule.updated_from_id)});
  }

  Result<StoredSchedule> Get(Id id) override { return GetWith(kColumns, id); }

  Result<StoredSchedule> GetSummary(Id id) override { return GetWith(kSummaryColumns, id); }

  Result<void> Publish(Id id, std::optional<Id> published_by, std::int64_t at) override {
    const StoredSchedule schedule = PARAPLAN_TRY(GetSummary(id));
    if (schedule.status == ScheduleStatus::kPublished) return {};
    if (schedule.status == ScheduleStatus::kSuperseded) {
      return Fail(Error::FailedPrecondition(
          fmt::format("schedule {} was superseded by a later one; run the optimizer again", id)));
    }
    // The one it replaces: the week plan of the school and week, or the
    // re-plan of the same day.
    if (schedule.day) {
      PARAPLAN_TRY(session_.Execute(
          "UPDATE para_schedule SET status = 'superseded' WHERE school_id = ? AND day = ? AND "
          "status = 'published'",
          {sql::Int(schedule.school_id), sql::DateValue(*schedule.day)}));
    } else {
      PARAPLAN_TRY(session_.Execute(
          "UPDATE para_schedule SET status = 'superseded' WHERE school_id = ? AND week_start = ? "
          "AND status = 'published'",
          {sql::Int(schedule.school_id), sql::DateValue(schedule.week)}));
    }
    PARAPLAN_TRY(session_.Execute(
        "UPDATE para_schedule SET status = 'published', published_at = ?, published_by = ? "
        "WHERE id = ?",
        {sql::Int(at), sql::OptionalId(published_by), sql::Int(id)}));
    return {};
  }

  Result<void> DeleteDraft(Id id) override {
    const StoredSchedule schedule = PARAPLAN_TRY(GetSummary(id));
    if (schedule.status != ScheduleStatus::kDraft) {
      return Fail(Error::FailedPrecondition(fmt::format(
          "schedule {} is {}: only a draft can be discarded, a published schedule is the record "
          "of what the paras worked to",
          id, NameOf(schedule.status))));
    }
    // A re-plan of a draft could never be published: it goes with it.
    PARAPLAN_TRY(session_.Execute("DELETE FROM para_schedule WHERE base_id = ? AND status = ?",
                                  {sql::Int(id), sql::Text(NameOf(ScheduleStatus::kDraft))}));
    PARAPLAN_TRY(session_.Execute("DELETE FROM para_schedule WHERE id = ?", {sql::Int(id)}));
    return {};
  }

  Result<void> ReplaceDraftPlan(Id id, std::string_view expected, std::string_view plan) override {
    // One statement compares and replaces, so a publish or another change
    // committed in between is noticed rather than overwritten.
    const std::int64_t replaced = PARAPLAN_TRY(session_.Execute(
        "UPDATE para_schedule SET plan = ? WHERE id = ? AND status = ? AND plan = ?",
        {sql::Text(plan), sql::Int(id), sql::Text(NameOf(ScheduleStatus::kDraft)),
         sql::Text(expected)}));
    if (replaced == 1) return {};
    const StoredSchedule schedule = PARAPLAN_TRY(GetSummary(id));
    if (schedule.status != ScheduleStatus::kDraft) {
      return Fail(Error::FailedPrecondition(fmt::format(
          "schedule {} is {}: only a draft is changed by hand", id, NameOf(schedule.status))));
    }
    return Fail(Error::Conflict(fmt::format(
        "schedule {} changed since it was read; read it again and make the change there", id)));
  }

  Result<std::vector<StoredSchedule>> ListForWeek(Id school_id, Date week) override {
    Rows rows = PARAPLAN_TRY(session_.Query(
        fmt::format("SELECT {} FROM para_schedule WHERE school_id = ? AND week_start = ? ORDER "
                    "BY id DESC",
                    kSummaryColumns),
        {sql::Int(school_id), sql::DateValue(week)}));
    return ReadAll(rows);
  }

  Result<std::vector<StoredSchedule>> ListPublished(Id district_id, Date from) override {
    Rows rows = PARAPLAN_TRY(session_.Query(
        fmt::format("SELECT {} FROM para_schedule WHERE district_id = ? AND status = "
                    "'published' AND week_start >= ? ORDER BY id",
                    kColumns),
        {sql::Int(district_id), sql::DateValue(from.WeekStart())}));
    return ReadAll(rows);
  }

  Result<Id> Insert(const KeepApart& pair) override {
    std::vector<FieldProblem> problems;
    Rows staff = PARAPLAN_TRY(session_.Query(
        "SELECT district_id, role, school_id FROM staff WHERE id = ?", {sql::Int(pair.staff_id)}));
    std::optional<std::int64_t> school;
    if (staff.empty() || std::get<std::int64_t>(staff.front().at(0)) != pair.district_id ||
        std::get<std::string>(staff.front().at(1)) != "paraeducator") {
      problems.push_back({"staff_id", "names no paraeducator of the district"});
    } else if (std::holds_alternative<std::int64_t>(staff.front().at(2))) {
      school = std::get<std::int64_t>(staff.front().at(2));
    }
    Rows student = PARAPLAN_TRY(session_.Query(
        "SELECT district_id, school_id FROM student WHERE id = ?", {sql::Int(pair.student_id)}));
    if (student.empty() || std::get<std::int64_t>(student.front().at(0)) != pair.district_id) {
      problems.push_back({"student_id", "names no student of the district"});
    } else if (problems.empty() &&
               (!school || std::get<std::int64_t>(student.front().at(1)) != *school)) {
      problems.push_back({"student_id", "is not a student of the para's school"});
    }
    if (pair.reason.empty()) {
      problems.push_back({"reason", "is required: why the para is kept apart from the student"});
    } else if (pair.reason.size() > kMaxKeepApartReason) {
      problems.push_back(
          {"reason", fmt::format("must be at most {} characters", kMaxKeepApartReason)});
    }
    if (!problems.empty()) return Fail(Error::Invalid("the pair cannot be kept apart", problems));
    Rows existing = PARAPLAN_TRY(
        session_.Query("SELECT id FROM para_keep_apart WHERE staff_id = ? AND student_id = ?",
                       {sql::Int(pair.staff_id), sql::Int(pair.student_id)}));
    if (!existing.empty()) {
      return Fail(Error::AlreadyExists(
          fmt::format("the para is already kept apart from the student (keep-apart {})",
                      std::get<std::int64_t>(existing.front().at(0)))));
    }
    return sql::InsertReturningId(
        session_, "a keep-apart pair",
        "INSERT INTO para_keep_apart (district_id, staff_id, student_id, reason, created_by, "
        "created_at) VALUES (?, ?, ?, ?, ?, ?) RETURNING id",
        {sql::Int(pair.district_id), sql::Int(pair.staff_id), sql::Int(pair.student_id),
         sql::Text(pair.reason), sql::OptionalId(pair.created_by), sql::Int(pair.created_at)});
  }

  Result<KeepApart> GetKeepApart(Id id) override {
    Rows rows = PARAPLAN_TRY(session_.Query(
        fmt::format("SELECT {} FROM para_keep_apart WHERE id = ?", kKeepApartColumns),
        {sql::Int(id)}));
    if (rows.empty()) return Fail(Error::NotFound(fmt::format("no keep-apart pair {}", id)));
    return ReadKeepApart(rows.front());
  }

  Result<void> DeleteKeepApart(Id id) override {
    PARAPLAN_TRY(GetKeepApart(id));
    PARAPLAN_TRY(session_.Execute("DELETE FROM para_keep_apart WHERE id = ?", {sql::Int(id)}));
    return {};
  }

  Result<Id> Insert(const StudentAbsence& absence) override {
    // One statement: a row only for a student of the district, none for a
    // day already marked. Which of the two it was is asked only then.
    Rows inserted = PARAPLAN_TRY(session_.Query(
        "INSERT INTO student_absence (district_id, student_id, day, recorded_by, recorded_at) "
        "SELECT district_id, id, ?, ?, ? FROM student WHERE id = ? AND district_id = ? "
        "ON CONFLICT (student_id, day) DO NOTHING RETURNING id",
        {sql::DateValue(absence.day), sql::OptionalId(absence.recorded_by),
         sql::Int(absence.recorded_at), sql::Int(absence.student_id),
         sql::Int(absence.district_id)}));
    if (!inserted.empty()) return std::get<std::int64_t>(inserted.front().at(0));
    // An absence carries its student's district, so one found here is of a
    // student of the district.
    Rows existing = PARAPLAN_TRY(session_.Query(
        "SELECT id FROM student_absence WHERE student_id = ? AND day = ? AND district_id = ?",
        {sql::Int(absence.student_id), sql::DateValue(absence.day),
         sql::Int(absence.district_id)}));
    if (existing.empty()) {
      return Fail(Error::Invalid("the student cannot be marked absent",
                                 {{"student_id", "names no student of the district"}}));
    }
    return Fail(Error::AlreadyExists(fmt::format("the student is already absent on {} (absence {})",
                                                 absence.day.ToString(),
                                                 std::get<std::int64_t>(existing.front().at(0)))));
  }

  Result<StudentAbsence> GetStudentAbsence(Id id) override {
    Rows rows = PARAPLAN_TRY(session_.Query(
        fmt::format("SELECT {} FROM student_absence WHERE id = ?", kStudentAbsenceColumns),
        {sql::Int(id)}));
    if (rows.empty()) return Fail(Error::NotFound(fmt::format("no student absence {}", id)));
    return ReadStudentAbsence(rows.front());
  }

  Result<void> DeleteStudentAbsence(Id id) override {
    PARAPLAN_TRY(GetStudentAbsence(id));
    PARAPLAN_TRY(session_.Execute("DELETE FROM student_absence WHERE id = ?", {sql::Int(id)}));
    return {};
  }

  Result<std::vector<StudentAbsence>> ListStudentAbsences(Id school_id, Date first,
                                                          Date last) override {
    Rows rows = PARAPLAN_TRY(session_.Query(
        fmt::format("SELECT {} FROM student_absence WHERE day >= ? AND day <= ? AND student_id "
                    "IN (SELECT id FROM student WHERE school_id = ?) ORDER BY day, student_id",
                    kStudentAbsenceColumns),
        {sql::DateValue(first), sql::DateValue(last), sql::Int(school_id)}));
    std::vector<StudentAbsence> absences;
    for (const Row& row : rows) absences.push_back(PARAPLAN_TRY(ReadStudentAbsence(row)));
    return absences;
  }

  Result<void> MarkSeen(Id schedule_id, Id staff_id, Date day, std::int64_t at) override {
    PARAPLAN_TRY(session_.Execute(
        "INSERT INTO para_schedule_seen (schedule_id, staff_id, day, seen_at) VALUES (?, ?, ?, ?) "
        "ON CONFLICT (schedule_id, staff_id, day) DO NOTHING",
        {sql::Int(schedule_id), sql::Int(staff_id), sql::DateValue(day), sql::Int(at)}));
    return {};
  }

  Result<std::map<Id, std::int64_t>> SeenBy(Id schedule_id, Date day) override {
    Rows rows = PARAPLAN_TRY(session_.Query(
        "SELECT staff_id, seen_at FROM para_schedule_seen WHERE schedule_id = ? AND day = ?",
        {sql::Int(schedule_id), sql::DateValue(day)}));
    std::map<Id, std::int64_t> seen;
    for (const Row& row : rows) {
      seen[std::get<std::int64_t>(row.at(0))] = std::get<std::int64_t>(row.at(1));
    }
    return seen;
  }

  Result<std::vector<KeepApart>> ListKeepApart(Id school_id) override {
    Rows rows = PARAPLAN_TRY(session_.Query(
        fmt::format("SELECT {} FROM para_keep_apart WHERE staff_id IN (SELECT id FROM staff "
                    "WHERE school_id = ?) ORDER BY staff_id, student_id",
                    kKeepApartColumns),
        {sql::Int(school_id)}));
    std::vector<KeepApart> pairs;
    for (const Row& row : rows) pairs.push_back(PARAPLAN_TRY(ReadKeepApart(row)));
    return pairs;
  }

 private:
  Result<StoredSchedule> GetWith(std::string_view columns, Id id) {
    Rows rows = PARAPLAN_TRY(session_.Query(
        fmt::format("SELECT {} FROM para_schedule WHERE id = ?", columns), {sql::Int(id)}));
    if (rows.empty()) return Fail(Error::NotFound(fmt::format("no schedule {}", id)));
    return ReadSchedule(rows.front());
  }

  Result<void> Check(const StoredSchedule& schedule) {
    std::vector<FieldProblem> problems;
    Rows school = PARAPLAN_TRY(session_.Query("SELECT district_id FROM school WHERE id = ?",
                                              {sql::Int(schedule.school_id)}));
    if (school.empty() || std::get<std::int64_t>(school.front().at(0)) != schedule.district_id) {
      problems.push_back({"school_id", "names no school of the district"});
    }
    if (schedule.week.IsoWeekday() != 1) problems.push_back({"week", "must be a Monday"});
    const bool replan =
        schedule.day || schedule.absent_staff_id || schedule.returned_staff_id || schedule.base_id;
    if (replan) {
      if (!schedule.day || schedule.day->WeekStart() != schedule.week) {
        problems.push_back({"day", "a re-plan needs its day, inside the week"});
      }
      // A day changed by hand (SchoolScheduler::DayDraft) names neither.
      if (schedule.absent_staff_id && schedule.returned_staff_id) {
        problems.push_back(
            {"absent_staff_id", "a re-plan names the para away or the para back, not both"});
      }
      if (!schedule.base_id) {
        problems.push_back({"base_id", "a re-plan names the schedule it changes"});
      } else {
        Rows base = PARAPLAN_TRY(
            session_.Query("SELECT school_id, week_start FROM para_schedule WHERE id = ?",
                           {sql::Int(*schedule.base_id)}));
        if (base.empty() || std::get<std::int64_t>(base.front().at(0)) != schedule.school_id ||
            std::get<std::string>(base.front().at(1)) != schedule.week.ToString()) {
          problems.push_back({"base_id", "names no schedule of the same school and week"});
        }
      }
    }
    if (schedule.updated_from_id) {
      Rows from = PARAPLAN_TRY(
          session_.Query("SELECT school_id, week_start, day FROM para_schedule WHERE id = ?",
                         {sql::Int(*schedule.updated_from_id)}));
      if (replan || from.empty() ||
          std::get<std::int64_t>(from.front().at(0)) != schedule.school_id ||
          std::get<std::string>(from.front().at(1)) != schedule.week.ToString() ||
          !std::holds_alternative<std::monostate>(from.front().at(2))) {
        problems.push_back({"updated_from_id",
                            "a week's update names a week schedule of the same school and week"});
      }
    }
    if (schedule.problem.empty()) problems.push_back({"problem", "is required"});
    if (schedule.plan.empty()) problems.push_back({"plan", "is required"});
    if (!problems.empty()) return Fail(Error::Invalid("the schedule is not valid", problems));
    return {};
  }

  Session& session_;
};

}  // namespace

std::unique_ptr<ScheduleStore> MakeScheduleStore(sql::Session& session) {
  return std::make_unique<SqlScheduleStore>(session);
}

}  // namespace paraplan
