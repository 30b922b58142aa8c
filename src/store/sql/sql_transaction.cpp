#include "store/sql/sql_transaction.h"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <map>
#include <set>
#include <string>

#include "domain/validation.h"

namespace paraplan::sql {
namespace {

struct KindInfo {
  RecordKind kind;
  std::string_view table;
  std::string_view noun;
  bool has_source_id;
};

constexpr KindInfo kKinds[] = {
    {RecordKind::kDistrict, "district", "district", true},
    {RecordKind::kSchool, "school", "school", true},
    {RecordKind::kRoom, "room", "room", true},
    {RecordKind::kCalendar, "calendar", "calendar", false},
    {RecordKind::kStaff, "staff", "staff member", true},
    {RecordKind::kStudent, "student", "student", true},
    {RecordKind::kGuardian, "guardian", "guardian", true},
    {RecordKind::kSection, "section", "section", true},
    {RecordKind::kEnrolment, "enrolment", "enrolment", false},
    {RecordKind::kIep, "iep", "IEP", true},
};

const KindInfo& InfoOf(RecordKind kind) {
  for (const KindInfo& info : kKinds) {
    if (info.kind == kind) return info;
  }
  return kKinds[0];  // Unreachable: kKinds lists every RecordKind.
}

// Records that keep another record alive: deleting the referenced record is
// refused while any of these exist. Owned details (a staff member's skills,
// an IEP's services, a student's day and guardian links) are deleted with
// their owner instead.
struct Referrer {
  RecordKind kind;
  std::string_view table;
  std::string_view column;
  std::string_view what;
};

constexpr Referrer kReferrers[] = {
    {RecordKind::kDistrict, "school", "district_id", "schools"},
    {RecordKind::kDistrict, "staff", "district_id", "staff members"},
    {RecordKind::kDistrict, "guardian", "district_id", "guardians"},
    {RecordKind::kSchool, "room", "school_id", "rooms"},
    {RecordKind::kSchool, "calendar", "school_id", "calendars"},
    {RecordKind::kSchool, "staff", "school_id", "staff members"},
    {RecordKind::kSchool, "student", "school_id", "students"},
    {RecordKind::kSchool, "section", "school_id", "sections"},
    {RecordKind::kRoom, "section", "room_id", "sections"},
    {RecordKind::kRoom, "day_block", "room_id", "blocks of students' days"},
    {RecordKind::kStaff, "student", "case_manager_id", "students they case-manage"},
    {RecordKind::kStaff, "section", "general_educator_id", "sections they teach"},
    {RecordKind::kStaff, "iep", "case_manager_id", "IEPs they case-manage"},
    {RecordKind::kStudent, "enrolment", "student_id", "enrolments"},
    {RecordKind::kStudent, "iep", "student_id", "IEPs"},
    {RecordKind::kSection, "enrolment", "section_id", "enrolments"},
    {RecordKind::kSection, "day_block", "section_id", "blocks of students' days"},
};

Result<void> CheckPage(const Page& page) {
  if (page.limit < 1) {
    return Fail(
        Error::Invalid("page: limit must be at least 1", {{"limit", "must be at least 1"}}));
  }
  if (page.after < 0) {
    return Fail(
        Error::Invalid("page: after must not be negative", {{"after", "must not be negative"}}));
  }
  return {};
}

Result<void> Refuse(const Problems& problems, std::string_view what) {
  return ToResult(problems, what);
}

Error NotFoundError(RecordKind kind, Id id) {
  return Error::NotFound(fmt::format("{} {} not found", InfoOf(kind).noun, id));
}

constexpr std::string_view kDistrictColumns = "id, name, lesson_plan_lead_days, source_id, version";
constexpr std::string_view kSchoolColumns =
    "id, district_id, name, lowest_grade, highest_grade, day_start, day_end, source_id, version";
constexpr std::string_view kRoomColumns = "id, school_id, name, capacity, source_id, version";
constexpr std::string_view kCalendarColumns = "id, school_id, name, first_day, last_day, version";
constexpr std::string_view kStaffColumns =
    "id, district_id, school_id, first_name, last_name, email, role, provider_kind, work_start, "
    "work_end, source_id, version";
constexpr std::string_view kStudentColumns =
    "id, school_id, first_name, last_name, birth_date, grade, home_language, case_manager_id, "
    "source_id, version";
constexpr std::string_view kGuardianColumns =
    "id, district_id, first_name, last_name, email, phone, preferred_language, source_id, version";
constexpr std::string_view kSectionColumns =
    "id, school_id, course, code, general_educator_id, room_id, source_id, version";
constexpr std::string_view kEnrolmentColumns =
    "id, student_id, section_id, start_date, end_date, version";
constexpr std::string_view kIepColumns =
    "id, student_id, status, start_date, end_date, annual_review, case_manager_id, source_id, "
    "version";

std::string Select(std::string_view columns, std::string_view table, std::string_view rest) {
  return fmt::format("SELECT {} FROM {} {}", columns, table, rest);
}

Result<District> ReadDistrict(const Row& row) {
  RowReader read(row, "district");
  District district;
  district.id = read.Int(0);
  district.name = read.Text(1);
  district.lesson_plan_lead_days = read.SmallInt(2);
  district.source_id = read.SourceIdAt(3);
  district.version = read.Int(4);
  PARAPLAN_TRY(read.Finish());
  return district;
}

Result<Room> ReadRoom(const Row& row) {
  RowReader read(row, "room");
  Room room;
  room.id = read.Int(0);
  room.school_id = read.Int(1);
  room.name = read.Text(2);
  room.capacity = read.SmallInt(3);
  room.source_id = read.SourceIdAt(4);
  room.version = read.Int(5);
  PARAPLAN_TRY(read.Finish());
  return room;
}

Result<Student> ReadStudent(const Row& row) {
  RowReader read(row, "student");
  Student student;
  student.id = read.Int(0);
  student.school_id = read.Int(1);
  student.first_name = read.Text(2);
  student.last_name = read.Text(3);
  student.birth_date = read.DateAt(4);
  student.grade = read.Enum<Grade>(5);
  student.home_language = read.Text(6);
  student.case_manager_id = read.OptionalInt(7);
  student.source_id = read.SourceIdAt(8);
  student.version = read.Int(9);
  PARAPLAN_TRY(read.Finish());
  return student;
}

Result<Guardian> ReadGuardian(const Row& row) {
  RowReader read(row, "guardian");
  Guardian guardian;
  guardian.id = read.Int(0);
  guardian.district_id = read.Int(1);
  guardian.first_name = read.Text(2);
  guardian.last_name = read.Text(3);
  guardian.email = read.Text(4);
  guardian.phone = read.Text(5);
  guardian.preferred_language = read.Text(6);
  guardian.source_id = read.SourceIdAt(7);
  guardian.version = read.Int(8);
  PARAPLAN_TRY(read.Finish());
  return guardian;
}

Result<Enrolment> ReadEnrolment(const Row& row) {
  RowReader read(row, "enrolment");
  Enrolment enrolment;
  enrolment.id = read.Int(0);
  enrolment.student_id = read.Int(1);
  enrolment.section_id = read.Int(2);
  enrolment.start = read.DateAt(3);
  enrolment.end = read.OptionalDate(4);
  enrolment.version = read.Int(5);
  PARAPLAN_TRY(read.Finish());
  return enrolment;
}

Weekday ReadWeekday(RowReader& read, std::size_t column) {
  // Weekdays are stored as ISO numbers, Monday = 1.
  return static_cast<Weekday>(std::clamp<std::int64_t>(read.Int(column), 1, 7));
}

Value WeekdayValue(Weekday weekday) { return Int(static_cast<int>(weekday)); }

template <typename T, typename ReadFn>
Result<std::vector<T>> ReadAll(const Rows& rows, ReadFn read) {
  std::vector<T> records;
  records.reserve(rows.size());
  for (const Row& row : rows) records.push_back(PARAPLAN_TRY(read(row)));
  return records;
}

// Reads rows of (owner id, enum name) into each owner's values, in row
// order: the items of several records fetched by one query.
template <typename E>
Result<std::map<Id, std::vector<E>>> EnumsByOwner(const Rows& rows, std::string_view table) {
  std::map<Id, std::vector<E>> values;
  for (const Row& row : rows) {
    RowReader read(row, table);
    const Id owner = read.Int(0);
    const E value = read.Enum<E>(1);
    PARAPLAN_TRY(read.Finish());
    values[owner].push_back(value);
  }
  return values;
}

}  // namespace

// --- Helpers ------------------------------------------------------------------

Result<void> SqlTransaction::RequireWrite() const {
  if (mode_ == TransactionMode::kWrite) return {};
  return Fail(Error::FailedPrecondition("cannot change records inside a read transaction"));
}

namespace {

constexpr std::string_view kInsertInto = "INSERT INTO ";
constexpr std::string_view kValues = "VALUES (";
constexpr std::string_view kReturningId = " RETURNING id";

// The table `INSERT INTO t (a, b) VALUES (?, ?) RETURNING id` writes.
std::string_view TableOf(std::string_view insert) {
  if (!insert.starts_with(kInsertInto)) return {};
  insert.remove_prefix(kInsertInto.size());
  return insert.substr(0, insert.find(' '));
}

// `INSERT INTO t (a, b) VALUES (?, ?) RETURNING id` as
// `INSERT INTO t (id, a, b) VALUES (?, ?, ?)`, or empty for another shape.
std::string WithNamedId(std::string_view insert) {
  const std::size_t columns = insert.find('(');
  const std::size_t values = insert.find(kValues);
  if (!insert.starts_with(kInsertInto) || !insert.ends_with(kReturningId) ||
      columns == std::string_view::npos || values == std::string_view::npos) {
    return {};
  }
  const std::size_t end = insert.size() - kReturningId.size();
  const std::size_t after_values = values + kValues.size();
  return fmt::format("{}id, {}?, {}", insert.substr(0, columns + 1),
                     insert.substr(columns + 1, after_values - columns - 1),
                     insert.substr(after_values, end - after_values));
}

}  // namespace

Result<std::optional<Id>> SqlTransaction::ReservedId(std::string_view table) {
  // Blocks double from 1, so a transaction writing one record takes one
  // id and a bulk load asks the sequence once per 256 records.
  constexpr int kLargestBlock = 256;
  Reserved& reserved = reserved_[std::string(table)];
  if (reserved.ids.empty()) {
    reserved.block = std::min(reserved.block == 0 ? 1 : reserved.block * 2, kLargestBlock);
    reserved.ids = PARAPLAN_TRY(session_.ReserveIds(table, reserved.block));
    if (reserved.ids.empty()) return std::optional<Id>();
    std::reverse(reserved.ids.begin(), reserved.ids.end());
  }
  const Id id = reserved.ids.back();
  reserved.ids.pop_back();
  return std::optional<Id>(id);
}

Result<Id> SqlTransaction::InsertReturningId(std::string_view statement,
                                             std::initializer_list<Value> params) {
  // Where the backend hands out ids ahead, the row names its id and goes
  // with the next statement that waits.
  if (std::string_view table = TableOf(statement); !table.empty()) {
    if (std::optional<Id> id = PARAPLAN_TRY(ReservedId(table))) {
      const std::string named = WithNamedId(statement);
      if (named.empty())
        return Fail(Error::Internal(fmt::format("cannot name the id of '{}'", statement)));
      std::vector<Value> values;
      values.reserve(params.size() + 1);
      values.push_back(Int(*id));
      values.insert(values.end(), params.begin(), params.end());
      PARAPLAN_TRY(session_.ExecuteLater(named, values));
      return *id;
    }
  }
  const std::string_view table = TableOf(statement);
  return sql::InsertReturningId(session_, table.empty() ? std::string_view("a row") : table,
                                statement, params);
}

Id SqlTransaction::Remember(std::string_view table, Id id, Id district_id) {
  districts_[{std::string(table), id}] = district_id;
  return id;
}

Id SqlTransaction::Remember(RecordKind kind, Id id, Id district_id, std::string_view source_id) {
  if (!source_id.empty()) source_ids_[SourceKey(kind, district_id, source_id)] = id;
  return Remember(InfoOf(kind).table, id, district_id);
}

SqlTransaction::SourceIdKey SqlTransaction::SourceKey(RecordKind kind, Id district_id,
                                                      std::string_view source_id) {
  // District source ids are unique overall.
  return {kind, kind == RecordKind::kDistrict ? 0 : district_id, std::string(source_id)};
}

void SqlTransaction::Forget() {
  districts_.clear();
  source_ids_.clear();
  students_without_day_.clear();
}

Result<std::optional<Id>> SqlTransaction::DistrictOf(std::string_view table, Id id) {
  if (auto known = districts_.find(std::pair(std::string(table), id)); known != districts_.end()) {
    return std::optional<Id>(known->second);
  }
  const std::string statement = table == "district"
                                    ? std::string("SELECT id FROM district WHERE id = ?")
                                    : fmt::format("SELECT district_id FROM {} WHERE id = ?", table);
  Rows rows = PARAPLAN_TRY(Query(statement, {Int(id)}));
  if (rows.empty()) return std::optional<Id>();
  RowReader read(rows.front(), table);
  Id district = read.Int(0);
  PARAPLAN_TRY(read.Finish());
  Remember(table, id, district);
  return std::optional<Id>(district);
}

Result<void> SqlTransaction::CheckSourceIdFree(RecordKind kind, Id district_id,
                                               std::string_view source_id, Id self) {
  if (source_id.empty()) return {};
  std::optional<Id> existing = PARAPLAN_TRY(FindBySourceId(kind, district_id, source_id));
  if (!existing || *existing == self) return {};
  const KindInfo& info = InfoOf(kind);
  Error error = Error::AlreadyExists(fmt::format("{}: source_id '{}' is already used by {} {}",
                                                 info.table, source_id, info.noun, *existing));
  error.fields = {{"source_id", fmt::format("is already used by {} {}", info.noun, *existing)}};
  return Fail(std::move(error));
}

Result<std::int64_t> SqlTransaction::FinishUpdate(std::int64_t changed, RecordKind kind, Id id,
                                                  std::int64_t expected_version) {
  if (changed == 1) return expected_version + 1;
  const KindInfo& info = InfoOf(kind);
  Rows rows = PARAPLAN_TRY(
      Query(fmt::format("SELECT version FROM {} WHERE id = ?", info.table), {Int(id)}));
  if (rows.empty()) return Fail(NotFoundError(kind, id));
  RowReader read(rows.front(), info.table);
  std::int64_t stored = read.Int(0);
  PARAPLAN_TRY(read.Finish());
  return Fail(
      Error::Conflict(fmt::format("{} {} is at version {}, not {}: it changed since it was read",
                                  info.noun, id, stored, expected_version)));
}

// --- District -----------------------------------------------------------------

Result<Id> SqlTransaction::Insert(const District& district) {
  PARAPLAN_TRY(RequireWrite());
  PARAPLAN_TRY(Check(district, "district"));
  PARAPLAN_TRY(CheckSourceIdFree(RecordKind::kDistrict, 0, district.source_id, 0));
  Id id = PARAPLAN_TRY(InsertReturningId(
      "INSERT INTO district (name, lesson_plan_lead_days, source_id, version) "
      "VALUES (?, ?, ?, 1) RETURNING id",
      {Text(district.name), Int(district.lesson_plan_lead_days), SourceId(district.source_id)}));
  return Remember(RecordKind::kDistrict, id, id, district.source_id);
}

Result<std::int64_t> SqlTransaction::Update(const District& district) {
  PARAPLAN_TRY(RequireWrite());
  const ForgetWhenDone forget(*this);
  PARAPLAN_TRY(Check(district, "district"));
  PARAPLAN_TRY(CheckSourceIdFree(RecordKind::kDistrict, 0, district.source_id, district.id));
  std::int64_t changed = PARAPLAN_TRY(
      Execute("UPDATE district SET name = ?, lesson_plan_lead_days = ?, source_id = ?, "
              "version = version + 1 WHERE id = ? AND version = ?",
              {Text(district.name), Int(district.lesson_plan_lead_days),
               SourceId(district.source_id), Int(district.id), Int(district.version)}));
  return FinishUpdate(changed, RecordKind::kDistrict, district.id, district.version);
}

Result<District> SqlTransaction::GetDistrict(Id id) {
  Rows rows = PARAPLAN_TRY(Query(Select(kDistrictColumns, "district", "WHERE id = ?"), {Int(id)}));
  if (rows.empty()) return Fail(NotFoundError(RecordKind::kDistrict, id));
  return ReadDistrict(rows.front());
}

Result<std::vector<District>> SqlTransaction::ListDistricts(Page page) {
  PARAPLAN_TRY(CheckPage(page));
  Rows rows =
      PARAPLAN_TRY(Query(Select(kDistrictColumns, "district", "WHERE id > ? ORDER BY id LIMIT ?"),
                         {Int(page.after), Int(page.limit)}));
  return ReadAll<District>(rows, ReadDistrict);
}

// --- School -------------------------------------------------------------------

Result<School> SqlTransaction::ReadSchool(const Row& row) {
  RowReader read(row, "school");
  School school;
  school.id = read.Int(0);
  school.district_id = read.Int(1);
  school.name = read.Text(2);
  school.lowest_grade = read.Enum<Grade>(3);
  school.highest_grade = read.Enum<Grade>(4);
  school.day = {TimeOfDay{read.SmallInt(5)}, TimeOfDay{read.SmallInt(6)}};
  school.source_id = read.SourceIdAt(7);
  school.version = read.Int(8);
  PARAPLAN_TRY(read.Finish());
  return school;
}

Result<Id> SqlTransaction::Insert(const School& school) {
  PARAPLAN_TRY(RequireWrite());
  PARAPLAN_TRY(Check(school, "school"));
  if (!PARAPLAN_TRY(DistrictOf("district", school.district_id))) {
    PARAPLAN_TRY(Refuse({{"district_id", "no such district"}}, "school"));
  }
  PARAPLAN_TRY(CheckSourceIdFree(RecordKind::kSchool, school.district_id, school.source_id, 0));
  Id id = PARAPLAN_TRY(InsertReturningId(
      "INSERT INTO school (district_id, name, lowest_grade, highest_grade, day_start, day_end, "
      "source_id, version) VALUES (?, ?, ?, ?, ?, ?, ?, 1) RETURNING id",
      {Int(school.district_id), Text(school.name), EnumValue(school.lowest_grade),
       EnumValue(school.highest_grade), Int(school.day.start.minutes), Int(school.day.end.minutes),
       SourceId(school.source_id)}));
  return Remember(RecordKind::kSchool, id, school.district_id, school.source_id);
}

Result<std::int64_t> SqlTransaction::Update(const School& school) {
  PARAPLAN_TRY(RequireWrite());
  const ForgetWhenDone forget(*this);
  PARAPLAN_TRY(Check(school, "school"));
  std::optional<Id> stored_district = PARAPLAN_TRY(DistrictOf("school", school.id));
  if (!stored_district) return Fail(NotFoundError(RecordKind::kSchool, school.id));
  if (*stored_district != school.district_id) {
    // Everything under a school carries its district; moving a school would
    // silently move students between districts.
    PARAPLAN_TRY(
        Refuse({{"district_id", "cannot change: a school stays in its district"}}, "school"));
  }
  PARAPLAN_TRY(
      CheckSourceIdFree(RecordKind::kSchool, school.district_id, school.source_id, school.id));
  std::int64_t changed = PARAPLAN_TRY(
      Execute("UPDATE school SET name = ?, lowest_grade = ?, highest_grade = ?, day_start = ?, "
              "day_end = ?, source_id = ?, version = version + 1 WHERE id = ? AND version = ?",
              {Text(school.name), EnumValue(school.lowest_grade), EnumValue(school.highest_grade),
               Int(school.day.start.minutes), Int(school.day.end.minutes),
               SourceId(school.source_id), Int(school.id), Int(school.version)}));
  return FinishUpdate(changed, RecordKind::kSchool, school.id, school.version);
}

Result<School> SqlTransaction::GetSchool(Id id) {
  Rows rows = PARAPLAN_TRY(Query(Select(kSchoolColumns, "school", "WHERE id = ?"), {Int(id)}));
  if (rows.empty()) return Fail(NotFoundError(RecordKind::kSchool, id));
  return ReadSchool(rows.front());
}

Result<std::vector<School>> SqlTransaction::ListSchools(std::optional<Id> district_id, Page page) {
  PARAPLAN_TRY(CheckPage(page));
  Rows rows;
  if (district_id) {
    rows = PARAPLAN_TRY(Query(
        Select(kSchoolColumns, "school", "WHERE district_id = ? AND id > ? ORDER BY id LIMIT ?"),
        {Int(*district_id), Int(page.after), Int(page.limit)}));
  } else {
    rows = PARAPLAN_TRY(Query(Select(kSchoolColumns, "school", "WHERE id > ? ORDER BY id LIMIT ?"),
                              {Int(page.after), Int(page.limit)}));
  }
  return ReadAll<School>(rows, [this](const Row& row) { return ReadSchool(row); });
}

// --- Room ---------------------------------------------------------------------

Result<Id> SqlTransaction::Insert(const Room& room) {
  PARAPLAN_TRY(RequireWrite());
  PARAPLAN_TRY(Check(room, "room"));
  std::optional<Id> district = PARAPLAN_TRY(DistrictOf("school", room.school_id));
  if (!district) PARAPLAN_TRY(Refuse({{"school_id", "no such school"}}, "room"));
  PARAPLAN_TRY(CheckSourceIdFree(RecordKind::kRoom, *district, room.source_id, 0));
  Id id = PARAPLAN_TRY(InsertReturningId(
      "INSERT INTO room (district_id, school_id, name, capacity, source_id, version) "
      "VALUES (?, ?, ?, ?, ?, 1) RETURNING id",
      {Int(*district), Int(room.school_id), Text(room.name), Int(room.capacity),
       SourceId(room.source_id)}));
  return Remember(RecordKind::kRoom, id, *district, room.source_id);
}

Result<std::int64_t> SqlTransaction::Update(const Room& room) {
  PARAPLAN_TRY(RequireWrite());
  const ForgetWhenDone forget(*this);
  PARAPLAN_TRY(Check(room, "room"));
  std::optional<Id> district = PARAPLAN_TRY(DistrictOf("room", room.id));
  if (!district) return Fail(NotFoundError(RecordKind::kRoom, room.id));
  std::optional<Id> school_district = PARAPLAN_TRY(DistrictOf("school", room.school_id));
  if (!school_district) PARAPLAN_TRY(Refuse({{"school_id", "no such school"}}, "room"));
  if (*school_district != *district) {
    PARAPLAN_TRY(Refuse({{"school_id", "is a school in another district"}}, "room"));
  }
  PARAPLAN_TRY(CheckSourceIdFree(RecordKind::kRoom, *district, room.source_id, room.id));
  std::int64_t changed =
      PARAPLAN_TRY(Execute("UPDATE room SET school_id = ?, name = ?, capacity = ?, source_id = ?, "
                           "version = version + 1 WHERE id = ? AND version = ?",
                           {Int(room.school_id), Text(room.name), Int(room.capacity),
                            SourceId(room.source_id), Int(room.id), Int(room.version)}));
  return FinishUpdate(changed, RecordKind::kRoom, room.id, room.version);
}

Result<Room> SqlTransaction::GetRoom(Id id) {
  Rows rows = PARAPLAN_TRY(Query(Select(kRoomColumns, "room", "WHERE id = ?"), {Int(id)}));
  if (rows.empty()) return Fail(NotFoundError(RecordKind::kRoom, id));
  return ReadRoom(rows.front());
}

Result<std::vector<Room>> SqlTransaction::ListRooms(Id school_id, Page page) {
  PARAPLAN_TRY(CheckPage(page));
  Rows rows = PARAPLAN_TRY(
      Query(Select(kRoomColumns, "room", "WHERE school_id = ? AND id > ? ORDER BY id LIMIT ?"),
            {Int(school_id), Int(page.after), Int(page.limit)}));
  return ReadAll<Room>(rows, ReadRoom);
}

// --- Calendar -----------------------------------------------------------------

Result<void> SqlTransaction::WriteCalendarDays(const SchoolCalendar& calendar, Id district_id) {
  PARAPLAN_TRY(
      ExecuteLater("DELETE FROM calendar_day_off WHERE calendar_id = ?", {Int(calendar.id)}));
  for (std::size_t i = 0; i < calendar.non_instructional_days.size(); ++i) {
    PARAPLAN_TRY(ExecuteLater(
        "INSERT INTO calendar_day_off (district_id, calendar_id, position, day) VALUES (?, "
        "?, ?, ?)",
        {Int(district_id), Int(calendar.id), Int(static_cast<std::int64_t>(i)),
         DateValue(calendar.non_instructional_days[i])}));
  }
  return {};
}

Result<SchoolCalendar> SqlTransaction::ReadCalendar(const Row& row) {
  RowReader read(row, "calendar");
  SchoolCalendar calendar;
  calendar.id = read.Int(0);
  calendar.school_id = read.Int(1);
  calendar.name = read.Text(2);
  calendar.first_day = read.DateAt(3);
  calendar.last_day = read.DateAt(4);
  calendar.version = read.Int(5);
  PARAPLAN_TRY(read.Finish());
  Rows days =
      PARAPLAN_TRY(Query("SELECT day FROM calendar_day_off WHERE calendar_id = ? ORDER BY position",
                         {Int(calendar.id)}));
  for (const Row& day : days) {
    RowReader day_read(day, "calendar_day_off");
    calendar.non_instructional_days.push_back(day_read.DateAt(0));
    PARAPLAN_TRY(day_read.Finish());
  }
  return calendar;
}

Result<Id> SqlTransaction::Insert(const SchoolCalendar& calendar) {
  PARAPLAN_TRY(RequireWrite());
  PARAPLAN_TRY(Check(calendar, "calendar"));
  std::optional<Id> district = PARAPLAN_TRY(DistrictOf("school", calendar.school_id));
  if (!district) PARAPLAN_TRY(Refuse({{"school_id", "no such school"}}, "calendar"));
  SchoolCalendar stored = calendar;
  stored.id = PARAPLAN_TRY(InsertReturningId(
      "INSERT INTO calendar (district_id, school_id, name, first_day, last_day, version) "
      "VALUES (?, ?, ?, ?, ?, 1) RETURNING id",
      {Int(*district), Int(calendar.school_id), Text(calendar.name), DateValue(calendar.first_day),
       DateValue(calendar.last_day)}));
  PARAPLAN_TRY(WriteCalendarDays(stored, *district));
  return Remember("calendar", stored.id, *district);
}

Result<std::int64_t> SqlTransaction::Update(const SchoolCalendar& calendar) {
  PARAPLAN_TRY(RequireWrite());
  const ForgetWhenDone forget(*this);
  PARAPLAN_TRY(Check(calendar, "calendar"));
  std::optional<Id> district = PARAPLAN_TRY(DistrictOf("calendar", calendar.id));
  if (!district) return Fail(NotFoundError(RecordKind::kCalendar, calendar.id));
  std::optional<Id> school_district = PARAPLAN_TRY(DistrictOf("school", calendar.school_id));
  if (!school_district) PARAPLAN_TRY(Refuse({{"school_id", "no such school"}}, "calendar"));
  if (*school_district != *district) {
    PARAPLAN_TRY(Refuse({{"school_id", "is a school in another district"}}, "calendar"));
  }
  std::int64_t changed = PARAPLAN_TRY(
      Execute("UPDATE calendar SET school_id = ?, name = ?, first_day = ?, last_day = ?, "
              "version = version + 1 WHERE id = ? AND version = ?",
              {Int(calendar.school_id), Text(calendar.name), DateValue(calendar.first_day),
               DateValue(calendar.last_day), Int(calendar.id), Int(calendar.version)}));
  std::int64_t version =
      PARAPLAN_TRY(FinishUpdate(changed, RecordKind::kCalendar, calendar.id, calendar.version));
  PARAPLAN_TRY(WriteCalendarDays(calendar, *district));
  return version;
}

Result<SchoolCalendar> SqlTransaction::GetCalendar(Id id) {
  Rows rows = PARAPLAN_TRY(Query(Select(kCalendarColumns, "calendar", "WHERE id = ?"), {Int(id)}));
  if (rows.empty()) return Fail(NotFoundError(RecordKind::kCalendar, id));
  return ReadCalendar(rows.front());
}

Result<std::vector<SchoolCalendar>> SqlTransaction::ListCalendars(Id school_id) {
  Rows rows = PARAPLAN_TRY(Query(
      Select(kCalendarColumns, "calendar", "WHERE school_id = ? ORDER BY id"), {Int(school_id)}));
  return ReadAll<SchoolCalendar>(rows, [this](const Row& row) { return ReadCalendar(row); });
}

// --- Staff --------------------------------------------------------------------

Result<void> SqlTransaction::WriteStaffDetails(const Staff& staff, Id id) {
  for (std::string_view table : {"staff_funding", "staff_skill", "staff_credential"}) {
    PARAPLAN_TRY(ExecuteLater(fmt::format("DELETE FROM {} WHERE staff_id = ?", table), {Int(id)}));
  }
  for (std::size_t i = 0; i < staff.funding.size(); ++i) {
    PARAPLAN_TRY(
        ExecuteLater("INSERT INTO staff_funding (district_id, staff_id, position, source, percent) "
                     "VALUES (?, ?, ?, ?, ?)",
                     {Int(staff.district_id), Int(id), Int(static_cast<std::int64_t>(i)),
                      Text(staff.funding[i].source), Int(staff.funding[i].percent)}));
  }
  for (std::size_t i = 0; i < staff.skills.size(); ++i) {
    PARAPLAN_TRY(ExecuteLater(
        "INSERT INTO staff_skill (district_id, staff_id, position, skill) VALUES (?, ?, ?, ?)",
        {Int(staff.district_id), Int(id), Int(static_cast<std::int64_t>(i)),
         EnumValue(staff.skills[i])}));
  }
  for (std::size_t i = 0; i < staff.credentials.size(); ++i) {
    const Credential& credential = staff.credentials[i];
    PARAPLAN_TRY(ExecuteLater(
        "INSERT INTO staff_credential (district_id, staff_id, position, kind, number, expires) "
        "VALUES (?, ?, ?, ?, ?, ?)",
        {Int(staff.district_id), Int(id), Int(static_cast<std::int64_t>(i)),
         EnumValue(credential.kind), Text(credential.number), OptionalDate(credential.expires)}));
  }
  return {};
}

Result<Staff> SqlTransaction::ReadStaff(const Row& row) {
  RowReader read(row, "staff");
  Staff staff;
  staff.id = read.Int(0);
  staff.district_id = read.Int(1);
  staff.school_id = read.OptionalInt(2);
  staff.first_name = read.Text(3);
  staff.last_name = read.Text(4);
  staff.email = read.Text(5);
  staff.role = read.Enum<StaffRole>(6);
  staff.provider_kind = read.OptionalEnum<ProviderKind>(7);
  staff.work_hours = {TimeOfDay{read.SmallInt(8)}, TimeOfDay{read.SmallInt(9)}};
  staff.source_id = read.SourceIdAt(10);
  staff.version = read.Int(11);
  PARAPLAN_TRY(read.Finish());

  Rows funding = PARAPLAN_TRY(
      Query("SELECT source, percent FROM staff_funding WHERE staff_id = ? ORDER BY position",
            {Int(staff.id)}));
  for (const Row& item : funding) {
    RowReader item_read(item, "staff_funding");
    staff.funding.push_back({item_read.Text(0), item_read.SmallInt(1)});
    PARAPLAN_TRY(item_read.Finish());
  }
  Rows skills = PARAPLAN_TRY(
      Query("SELECT skill FROM staff_skill WHERE staff_id = ? ORDER BY position", {Int(staff.id)}));
  for (const Row& item : skills) {
    RowReader item_read(item, "staff_skill");
    staff.skills.push_back(item_read.Enum<Skill>(0));
    PARAPLAN_TRY(item_read.Finish());
  }
  Rows credentials = PARAPLAN_TRY(Query(
      "SELECT kind, number, expires FROM staff_credential WHERE staff_id = ? ORDER BY position",
      {Int(staff.id)}));
  for (const Row& item : credentials) {
    RowReader item_read(item, "staff_credential");
    staff.credentials.push_back(
        {item_read.Enum<CredentialKind>(0), item_read.Text(1), item_read.OptionalDate(2)});
    PARAPLAN_TRY(item_read.Finish());
  }
  return staff;
}

Result<void> SqlTransaction::CheckStaffReferences(const Staff& staff, Problems& problems) {
  if (!PARAPLAN_TRY(DistrictOf("district", staff.district_id))) {
    problems.push_back({"district_id", "no such district"});
    return {};
  }
  if (staff.school_id) {
    std::optional<Id> school_district = PARAPLAN_TRY(DistrictOf("school", *staff.school_id));
    if (!school_district) {
      problems.push_back({"school_id", "no such school"});
    } else if (*school_district != staff.district_id) {
      problems.push_back({"school_id", "is a school in another district"});
    }
  }
  return {};
}

Result<Id> SqlTransaction::Insert(const Staff& staff) {
  PARAPLAN_TRY(RequireWrite());
  PARAPLAN_TRY(Check(staff, "staff"));
  Problems problems;
  PARAPLAN_TRY(CheckStaffReferences(staff, problems));
  PARAPLAN_TRY(Refuse(problems, "staff"));
  PARAPLAN_TRY(CheckSourceIdFree(RecordKind::kStaff, staff.district_id, staff.source_id, 0));
  Id id = PARAPLAN_TRY(InsertReturningId(
      "INSERT INTO staff (district_id, school_id, first_name, last_name, email, role, "
      "provider_kind, work_start, work_end, source_id, version) "
      "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1) RETURNING id",
      {Int(staff.district_id), OptionalId(staff.school_id), Text(staff.first_name),
       Text(staff.last_name), Text(staff.email), EnumValue(staff.role),
       OptionalEnum(staff.provider_kind), Int(staff.work_hours.start.minutes),
       Int(staff.work_hours.end.minutes), SourceId(staff.source_id)}));
  PARAPLAN_TRY(WriteStaffDetails(staff, id));
  return Remember(RecordKind::kStaff, id, staff.district_id, staff.source_id);
}

Result<std::int64_t> SqlTransaction::Update(const Staff& staff) {
  PARAPLAN_TRY(RequireWrite());
  const ForgetWhenDone forget(*this);
  PARAPLAN_TRY(Check(staff, "staff"));
  std::optional<Id> district = PARAPLAN_TRY(DistrictOf("staff", staff.id));
  if (!district) return Fail(NotFoundError(RecordKind::kStaff, staff.id));
  if (*district != staff.district_id) {
    PARAPLAN_TRY(
        Refuse({{"district_id", "cannot change: staff move districts as new records"}}, "staff"));
  }
  Problems problems;
  PARAPLAN_TRY(CheckStaffReferences(staff, problems));
  PARAPLAN_TRY(Refuse(problems, "staff"));
  PARAPLAN_TRY(CheckSourceIdFree(RecordKind::kStaff, staff.district_id, staff.source_id, staff.id));
  std::int64_t changed = PARAPLAN_TRY(Execute(
      "UPDATE staff SET school_id = ?, first_name = ?, last_name = ?, email = ?, role = ?, "
      "provider_kind = ?, work_start = ?, work_end = ?, source_id = ?, version = version + 1 "
      "WHERE id = ? AND version = ?",
      {OptionalId(staff.school_id), Text(staff.first_name), Text(staff.last_name),
       Text(staff.email), EnumValue(staff.role), OptionalEnum(staff.provider_kind),
       Int(staff.work_hours.start.minutes), Int(staff.work_hours.end.minutes),
       SourceId(staff.source_id), Int(staff.id), Int(staff.version)}));
  std::int64_t version =
      PARAPLAN_TRY(FinishUpdate(changed, RecordKind::kStaff, staff.id, staff.version));
  PARAPLAN_TRY(WriteStaffDetails(staff, staff.id));
  return version;
}

Result<Staff> SqlTransaction::GetStaff(Id id) {
  Rows rows = PARAPLAN_TRY(Query(Select(kStaffColumns, "staff", "WHERE id = ?"), {Int(id)}));
  if (rows.empty()) return Fail(NotFoundError(RecordKind::kStaff, id));
  return ReadStaff(rows.front());
}

Result<std::vector<Staff>> SqlTransaction::ListStaff(const StaffFilter& filter) {
  PARAPLAN_TRY(CheckPage(filter.page));
  // The SQL text is assembled from fixed fragments only; every value is bound.
  std::string where = "WHERE id > ?";
  std::vector<Value> params = {Int(filter.page.after)};
  if (filter.district_id) {
    where += " AND district_id = ?";
    params.push_back(Int(*filter.district_id));
  }
  if (filter.school_id) {
    where += " AND school_id = ?";
    params.push_back(Int(*filter.school_id));
  }
  if (filter.role) {
    where += " AND role = ?";
    params.push_back(EnumValue(*filter.role));
  }
  where += " ORDER BY id LIMIT ?";
  params.push_back(Int(filter.page.limit));
  Rows rows = PARAPLAN_TRY(Query(Select(kStaffColumns, "staff", where), params));
  return ReadAll<Staff>(rows, [this](const Row& row) { return ReadStaff(row); });
}

// --- Student ------------------------------------------------------------------

Result<Id> SqlTransaction::CheckStudentReferences(const Student& student, Problems& problems) {
  std::optional<Id> district = PARAPLAN_TRY(DistrictOf("school", student.school_id));
  if (!district) {
    problems.push_back({"school_id", "no such school"});
    return Id{0};
  }
  if (student.case_manager_id) {
    std::optional<Id> staff_district = PARAPLAN_TRY(DistrictOf("staff", *student.case_manager_id));
    if (!staff_district) {
      problems.push_back({"case_manager_id", "no such staff member"});
    } else if (*staff_district != *district) {
      problems.push_back({"case_manager_id", "is a staff member of another district"});
    }
  }
  return *district;
}

Result<Id> SqlTransaction::Insert(const Student& student) {
  PARAPLAN_TRY(RequireWrite());
  PARAPLAN_TRY(Check(student, "student"));
  Problems problems;
  Id district = PARAPLAN_TRY(CheckStudentReferences(student, problems));
  PARAPLAN_TRY(Refuse(problems, "student"));
  PARAPLAN_TRY(CheckSourceIdFree(RecordKind::kStudent, district, student.source_id, 0));
  Id id = PARAPLAN_TRY(InsertReturningId(
      "INSERT INTO student (district_id, school_id, first_name, last_name, birth_date, grade, "
      "home_language, case_manager_id, source_id, version) "
      "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 1) RETURNING id",
      {Int(district), Int(student.school_id), Text(student.first_name), Text(student.last_name),
       DateValue(student.birth_date), EnumValue(student.grade), Text(student.home_language),
       OptionalId(student.case_manager_id), SourceId(student.source_id)}));
  students_without_day_.insert(id);
  return Remember(RecordKind::kStudent, id, district, student.source_id);
}

Result<std::int64_t> SqlTransaction::Update(const Student& student) {
  PARAPLAN_TRY(RequireWrite());
  const ForgetWhenDone forget(*this);
  PARAPLAN_TRY(Check(student, "student"));
  std::optional<Id> stored_district = PARAPLAN_TRY(DistrictOf("student", student.id));
  if (!stored_district) return Fail(NotFoundError(RecordKind::kStudent, student.id));
  Problems problems;
  Id district = PARAPLAN_TRY(CheckStudentReferences(student, problems));
  if (problems.empty() && district != *stored_district) {
    problems.push_back({"school_id", "is a school in another district"});
  }
  PARAPLAN_TRY(Refuse(problems, "student"));
  PARAPLAN_TRY(CheckSourceIdFree(RecordKind::kStudent, district, student.source_id, student.id));
  std::int64_t changed = PARAPLAN_TRY(Execute(
      "UPDATE student SET school_id = ?, first_name = ?, last_name = ?, birth_date = ?, "
      "grade = ?, home_language = ?, case_manager_id = ?, source_id = ?, version = version + 1 "
      "WHERE id = ? AND version = ?",
      {Int(student.school_id), Text(student.first_name), Text(student.last_name),
       DateValue(student.birth_date), EnumValue(student.grade), Text(student.home_language),
       OptionalId(student.case_manager_id), SourceId(student.source_id), Int(student.id),
       Int(student.version)}));
  return FinishUpdate(changed, RecordKind::kStudent, student.id, student.version);
}

Result<Student> SqlTransaction::GetStudent(Id id) {
  Rows rows = PARAPLAN_TRY(Query(Select(kStudentColumns, "student", "WHERE id = ?"), {Int(id)}));
  if (rows.empty()) return Fail(NotFoundError(RecordKind::kStudent, id));
  return ReadStudent(rows.front());
}

Result<std::vector<Student>> SqlTransaction::ListStudents(const StudentFilter& filter) {
  PARAPLAN_TRY(CheckPage(filter.page));
  // The SQL text is assembled from fixed fragments only; every value is bound.
  std::string where = "WHERE id > ?";
  std::vector<Value> params = {Int(filter.page.after)};
  if (filter.district_id) {
    where += " AND district_id = ?";
    params.push_back(Int(*filter.district_id));
  }
  if (filter.school_id) {
    where += " AND school_id = ?";
    params.push_back(Int(*filter.school_id));
  }
  if (filter.case_manager_id) {
    where += " AND case_manager_id = ?";
    params.push_back(Int(*filter.case_manager_id));
  }
  if (filter.grade) {
    where += " AND grade = ?";
    params.push_back(EnumValue(*filter.grade));
  }
  if (filter.section_id) {
    where += " AND id IN (SELECT student_id FROM enrolment WHERE section_id = ?)";
    params.push_back(Int(*filter.section_id));
  }
  if (filter.has_iep) {
    where += *filter.has_iep ? " AND id IN" : " AND id NOT IN";
    where += " (SELECT student_id FROM iep WHERE status IN ('draft', 'active'))";
  }
  where += " ORDER BY id LIMIT ?";
  params.push_back(Int(filter.page.limit));
  Rows rows = PARAPLAN_TRY(Query(Select(kStudentColumns, "student", where), params));
  return ReadAll<Student>(rows, ReadStudent);
}

// --- Guardian -----------------------------------------------------------------

Result<Id> SqlTransaction::Insert(const Guardian& guardian) {
  PARAPLAN_TRY(RequireWrite());
  PARAPLAN_TRY(Check(guardian, "guardian"));
  if (!PARAPLAN_TRY(DistrictOf("district", guardian.district_id))) {
    PARAPLAN_TRY(Refuse({{"district_id", "no such district"}}, "guardian"));
  }
  PARAPLAN_TRY(
      CheckSourceIdFree(RecordKind::kGuardian, guardian.district_id, guardian.source_id, 0));
  Id id = PARAPLAN_TRY(InsertReturningId(
      "INSERT INTO guardian (district_id, first_name, last_name, email, phone, "
      "preferred_language, source_id, version) VALUES (?, ?, ?, ?, ?, ?, ?, 1) RETURNING id",
      {Int(guardian.district_id), Text(guardian.first_name), Text(guardian.last_name),
       Text(guardian.email), Text(guardian.phone), Text(guardian.preferred_language),
       SourceId(guardian.source_id)}));
  return Remember(RecordKind::kGuardian, id, guardian.district_id, guardian.source_id);
}

Result<std::int64_t> SqlTransaction::Update(const Guardian& guardian) {
  PARAPLAN_TRY(RequireWrite());
  const ForgetWhenDone forget(*this);
  PARAPLAN_TRY(Check(guardian, "guardian"));
  std::optional<Id> district = PARAPLAN_TRY(DistrictOf("guardian", guardian.id));
  if (!district) return Fail(NotFoundError(RecordKind::kGuardian, guardian.id));
  if (*district != guardian.district_id) {
    PARAPLAN_TRY(
        Refuse({{"district_id", "cannot change: a guardian stays in its district"}}, "guardian"));
  }
  PARAPLAN_TRY(CheckSourceIdFree(RecordKind::kGuardian, guardian.district_id, guardian.source_id,
                                 guardian.id));
  std::int64_t changed = PARAPLAN_TRY(Execute(
      "UPDATE guardian SET first_name = ?, last_name = ?, email = ?, phone = ?, "
      "preferred_language = ?, source_id = ?, version = version + 1 WHERE id = ? AND version = ?",
      {Text(guardian.first_name), Text(guardian.last_name), Text(guardian.email),
       Text(guardian.phone), Text(guardian.preferred_language), SourceId(guardian.source_id),
       Int(guardian.id), Int(guardian.version)}));
  return FinishUpdate(changed, RecordKind::kGuardian, guardian.id, guardian.version);
}

Result<Guardian> SqlTransaction::GetGuardian(Id id) {
  Rows rows = PARAPLAN_TRY(Query(Select(kGuardianColumns, "guardian", "WHERE id = ?"), {Int(id)}));
  if (rows.empty()) return Fail(NotFoundError(RecordKind::kGuardian, id));
  return ReadGuardian(rows.front());
}

Result<void> SqlTransaction::Link(const GuardianLink& link) {
  PARAPLAN_TRY(RequireWrite());
  Problems problems;
  std::optional<Id> guardian_district = PARAPLAN_TRY(DistrictOf("guardian", link.guardian_id));
  std::optional<Id> student_district = PARAPLAN_TRY(DistrictOf("student", link.student_id));
  if (!guardian_district) problems.push_back({"guardian_id", "no such guardian"});
  if (!student_district) problems.push_back({"student_id", "no such student"});
  if (guardian_district && student_district && *guardian_district != *student_district) {
    problems.push_back({"student_id", "is a student of another district than the guardian's"});
  }
  PARAPLAN_TRY(Refuse(problems, "guardian link"));
  PARAPLAN_TRY(ExecuteLater(
      "INSERT INTO guardian_link (district_id, guardian_id, student_id, relation, "
      "custody_restricted) VALUES (?, ?, ?, ?, ?) ON CONFLICT (guardian_id, student_id) DO UPDATE "
      "SET relation = excluded.relation, custody_restricted = excluded.custody_restricted",
      {Int(*student_district), Int(link.guardian_id), Int(link.student_id),
       EnumValue(link.relation), Flag(link.custody_restricted)}));
  return {};
}

Result<void> SqlTransaction::Unlink(Id guardian_id, Id student_id) {
  PARAPLAN_TRY(RequireWrite());
  std::int64_t changed =
      PARAPLAN_TRY(Execute("DELETE FROM guardian_link WHERE guardian_id = ? AND student_id = ?",
                           {Int(guardian_id), Int(student_id)}));
  if (changed == 0) {
    return Fail(Error::NotFound(
        fmt::format("guardian {} is not linked to student {}", guardian_id, student_id)));
  }
  return {};
}

Result<std::vector<GuardianLink>> SqlTransaction::ListGuardianLinks(std::optional<Id> student_id,
                                                                    std::optional<Id> guardian_id) {
  std::string statement =
      "SELECT guardian_id, student_id, relation, custody_restricted FROM guardian_link WHERE 1 = 1";
  std::vector<Value> params;
  if (student_id) {
    statement += " AND student_id = ?";
    params.push_back(Int(*student_id));
  }
  if (guardian_id) {
    statement += " AND guardian_id = ?";
    params.push_back(Int(*guardian_id));
  }
  statement += " ORDER BY guardian_id, student_id";
  Rows rows = PARAPLAN_TRY(Query(statement, params));
  std::vector<GuardianLink> links;
  for (const Row& row : rows) {
    RowReader read(row, "guardian_link");
    links.push_back({read.Int(0), read.Int(1), read.Enum<GuardianRelation>(2), read.Flag(3)});
    PARAPLAN_TRY(read.Finish());
  }
  return links;
}

// --- Section ------------------------------------------------------------------

Result<void> SqlTransaction::WriteMeetings(const Section& section, Id id, Id district_id) {
  PARAPLAN_TRY(ExecuteLater("DELETE FROM section_meeting WHERE section_id = ?", {Int(id)}));
  for (std::size_t i = 0; i < section.meetings.size(); ++i) {
    const Meeting& meeting = section.meetings[i];
    PARAPLAN_TRY(ExecuteLater(
        "INSERT INTO section_meeting (district_id, section_id, position, weekday, start_minute, "
        "end_minute) VALUES (?, ?, ?, ?, ?, ?)",
        {Int(district_id), Int(id), Int(static_cast<std::int64_t>(i)),
         WeekdayValue(meeting.weekday), Int(meeting.span.start.minutes),
         Int(meeting.span.end.minutes)}));
  }
  return {};
}

Result<Section> SqlTransaction::ReadSection(const Row& row) {
  RowReader read(row, "section");
  Section section;
  section.id = read.Int(0);
  section.school_id = read.Int(1);
  section.course = read.Text(2);
  section.code = read.Text(3);
  section.general_educator_id = read.OptionalInt(4);
  section.room_id = read.OptionalInt(5);
  section.source_id = read.SourceIdAt(6);
  section.version = read.Int(7);
  PARAPLAN_TRY(read.Finish());
  Rows meetings = PARAPLAN_TRY(
      Query("SELECT weekday, start_minute, end_minute FROM section_meeting WHERE section_id = ? "
            "ORDER BY position",
            {Int(section.id)}));
  for (const Row& item : meetings) {
    RowReader item_read(item, "section_meeting");
    Meeting meeting;
    meeting.weekday = ReadWeekday(item_read, 0);
    meeting.span = {TimeOfDay{item_read.SmallInt(1)}, TimeOfDay{item_read.SmallInt(2)}};
    PARAPLAN_TRY(item_read.Finish());
    section.meetings.push_back(meeting);
  }
  return section;
}

Result<Id> SqlTransaction::CheckSectionReferences(const Section& section, Problems& problems) {
  std::optional<Id> district = PARAPLAN_TRY(DistrictOf("school", section.school_id));
  if (!district) {
    problems.push_back({"school_id", "no such school"});
    return Id{0};
  }
  // An id of another school or district reads as one that names nothing:
  // the answer does not tell which ids exist elsewhere.
  if (section.general_educator_id) {
    std::optional<Id> staff_district =
        PARAPLAN_TRY(DistrictOf("staff", *section.general_educator_id));
    if (staff_district != district) {
      problems.push_back({"general_educator_id", "is not a staff member of this district"});
    }
  }
  if (section.room_id) {
    Rows rows =
        PARAPLAN_TRY(Query("SELECT school_id FROM room WHERE id = ?", {Int(*section.room_id)}));
    std::optional<Id> room_school;
    if (!rows.empty()) {
      RowReader read(rows.front(), "room");
      room_school = read.Int(0);
      PARAPLAN_TRY(read.Finish());
    }
    if (room_school != section.school_id) {
      problems.push_back({"room_id", "is not a room of this school"});
    }
  }
  return *district;
}

Result<Id> SqlTransaction::Insert(const Section& section) {
  PARAPLAN_TRY(RequireWrite());
  PARAPLAN_TRY(Check(section, "section"));
  Problems problems;
  Id district = PARAPLAN_TRY(CheckSectionReferences(section, problems));
  PARAPLAN_TRY(Refuse(problems, "section"));
  PARAPLAN_TRY(CheckSourceIdFree(RecordKind::kSection, district, section.source_id, 0));
  Id id = PARAPLAN_TRY(InsertReturningId(
      "INSERT INTO section (district_id, school_id, course, code, general_educator_id, room_id, "
      "source_id, version) VALUES (?, ?, ?, ?, ?, ?, ?, 1) RETURNING id",
      {Int(district), Int(section.school_id), Text(section.course), Text(section.code),
       OptionalId(section.general_educator_id), OptionalId(section.room_id),
       SourceId(section.source_id)}));
  PARAPLAN_TRY(WriteMeetings(section, id, district));
  return Remember(RecordKind::kSection, id, district, section.source_id);
}

Result<std::int64_t> SqlTransaction::Update(const Section& section) {
  PARAPLAN_TRY(RequireWrite());
  const ForgetWhenDone forget(*this);
  PARAPLAN_TRY(Check(section, "section"));
  std::optional<Id> stored_district = PARAPLAN_TRY(DistrictOf("section", section.id));
  if (!stored_district) return Fail(NotFoundError(RecordKind::kSection, section.id));
  Problems problems;
  Id district = PARAPLAN_TRY(CheckSectionReferences(section, problems));
  if (problems.empty() && district != *stored_district) {
    problems.push_back({"school_id", "is a school in another district"});
  }
  PARAPLAN_TRY(Refuse(problems, "section"));
  PARAPLAN_TRY(CheckSourceIdFree(RecordKind::kSection, district, section.source_id, section.id));
  std::int64_t changed = PARAPLAN_TRY(
      Execute("UPDATE section SET school_id = ?, course = ?, code = ?, general_educator_id = ?, "
              "room_id = ?, source_id = ?, version = version + 1 WHERE id = ? AND version = ?",
              {Int(section.school_id), Text(section.course), Text(section.code),
               OptionalId(section.general_educator_id), OptionalId(section.room_id),
               SourceId(section.source_id), Int(section.id), Int(section.version)}));
  std::int64_t version =
      PARAPLAN_TRY(FinishUpdate(changed, RecordKind::kSection, section.id, section.version));
  PARAPLAN_TRY(WriteMeetings(section, section.id, district));
  return version;
}

Result<Section> SqlTransaction::GetSection(Id id) {
  Rows rows = PARAPLAN_TRY(Query(Select(kSectionColumns, "section", "WHERE id = ?"), {Int(id)}));
  if (rows.empty()) return Fail(NotFoundError(RecordKind::kSection, id));
  return ReadSection(rows.front());
}

Result<std::vector<Section>> SqlTransaction::ListSections(const SectionFilter& filter) {
  PARAPLAN_TRY(CheckPage(filter.page));
  // The SQL text is assembled from fixed fragments only; every value is bound.
  std::string where = "WHERE id > ?";
  std::vector<Value> params = {Int(filter.page.after)};
  if (filter.school_id) {
    where += " AND school_id = ?";
    params.push_back(Int(*filter.school_id));
  }
  if (filter.general_educator_id) {
    where += " AND general_educator_id = ?";
    params.push_back(Int(*filter.general_educator_id));
  }
  if (filter.student_id) {
    where += " AND id IN (SELECT section_id FROM enrolment WHERE student_id = ?)";
    params.push_back(Int(*filter.student_id));
  }
  where += " ORDER BY id LIMIT ?";
  params.push_back(Int(filter.page.limit));
  Rows rows = PARAPLAN_TRY(Query(Select(kSectionColumns, "section", where), params));
  return ReadAll<Section>(rows, [this](const Row& row) { return ReadSection(row); });
}

// --- Enrolment ----------------------------------------------------------------

Result<Id> SqlTransaction::CheckEnrolmentReferences(const Enrolment& enrolment,
                                                    Problems& problems) {
  std::optional<Id> student_district = PARAPLAN_TRY(DistrictOf("student", enrolment.student_id));
  std::optional<Id> section_district = PARAPLAN_TRY(DistrictOf("section", enrolment.section_id));
  if (!student_district) problems.push_back({"student_id", "no such student"});
  if (!section_district) problems.push_back({"section_id", "no such section"});
  if (student_district && section_district && *student_district != *section_district) {
    problems.push_back({"section_id", "is a section of another district than the student's"});
  }
  return student_district.value_or(0);
}

Result<Id> SqlTransaction::Insert(const Enrolment& enrolment) {
  PARAPLAN_TRY(RequireWrite());
  PARAPLAN_TRY(Check(enrolment, "enrolment"));
  Problems problems;
  Id district = PARAPLAN_TRY(CheckEnrolmentReferences(enrolment, problems));
  PARAPLAN_TRY(Refuse(problems, "enrolment"));
  Id id = PARAPLAN_TRY(InsertReturningId(
      "INSERT INTO enrolment (district_id, student_id, section_id, start_date, end_date, version) "
      "VALUES (?, ?, ?, ?, ?, 1) RETURNING id",
      {Int(district), Int(enrolment.student_id), Int(enrolment.section_id),
       DateValue(enrolment.start), OptionalDate(enrolment.end)}));
  return Remember("enrolment", id, district);
}

Result<std::int64_t> SqlTransaction::Update(const Enrolment& enrolment) {
  PARAPLAN_TRY(RequireWrite());
  const ForgetWhenDone forget(*this);
  PARAPLAN_TRY(Check(enrolment, "enrolment"));
  std::optional<Id> stored_district = PARAPLAN_TRY(DistrictOf("enrolment", enrolment.id));
  if (!stored_district) return Fail(NotFoundError(RecordKind::kEnrolment, enrolment.id));
  Problems problems;
  Id district = PARAPLAN_TRY(CheckEnrolmentReferences(enrolment, problems));
  if (problems.empty() && district != *stored_district) {
    problems.push_back({"student_id", "is a student of another district"});
  }
  PARAPLAN_TRY(Refuse(problems, "enrolment"));
  std::int64_t changed = PARAPLAN_TRY(
      Execute("UPDATE enrolment SET student_id = ?, section_id = ?, start_date = ?, end_date = ?, "
              "version = version + 1 WHERE id = ? AND version = ?",
              {Int(enrolment.student_id), Int(enrolment.section_id), DateValue(enrolment.start),
               OptionalDate(enrolment.end), Int(enrolment.id), Int(enrolment.version)}));
  return FinishUpdate(changed, RecordKind::kEnrolment, enrolment.id, enrolment.version);
}

Result<Enrolment> SqlTransaction::GetEnrolment(Id id) {
  Rows rows =
      PARAPLAN_TRY(Query(Select(kEnrolmentColumns, "enrolment", "WHERE id = ?"), {Int(id)}));
  if (rows.empty()) return Fail(NotFoundError(RecordKind::kEnrolment, id));
  return ReadEnrolment(rows.front());
}

Result<std::vector<Enrolment>> SqlTransaction::ListEnrolments(std::optional<Id> student_id,
                                                              std::optional<Id> section_id,
                                                              Page page) {
  PARAPLAN_TRY(CheckPage(page));
  std::string where = "WHERE id > ?";
  std::vector<Value> params = {Int(page.after)};
  if (student_id) {
    where += " AND student_id = ?";
    params.push_back(Int(*student_id));
  }
  if (section_id) {
    where += " AND section_id = ?";
    params.push_back(Int(*section_id));
  }
  where += " ORDER BY id LIMIT ?";
  params.push_back(Int(page.limit));
  Rows rows = PARAPLAN_TRY(Query(Select(kEnrolmentColumns, "enrolment", where), params));
  return ReadAll<Enrolment>(rows, ReadEnrolment);
}

// --- IEP ----------------------------------------------------------------------

Result<void> SqlTransaction::ValidateIep(const Iep& iep) {
  // Service minutes are checked against the length of the student's school
  // day when the student is known; a missing student is reported separately.
  std::optional<SchoolTime> school_time;
  Rows rows = PARAPLAN_TRY(
      Query("SELECT school.day_start, school.day_end FROM student JOIN school ON school.id = "
            "student.school_id WHERE student.id = ?",
            {Int(iep.student_id)}));
  if (!rows.empty()) {
    RowReader read(rows.front(), "school");
    int start = read.SmallInt(0);
    int end = read.SmallInt(1);
    PARAPLAN_TRY(read.Finish());
    school_time = SchoolTime{end - start, 5};
  }
  return ToResult(Validate(iep, school_time), "iep");
}

Result<Id> SqlTransaction::CheckIepReferences(const Iep& iep, Problems& problems) {
  std::optional<Id> district = PARAPLAN_TRY(DistrictOf("student", iep.student_id));
  if (!district) {
    problems.push_back({"student_id", "no such student"});
    return Id{0};
  }
  if (iep.case_manager_id) {
    std::optional<Id> staff_district = PARAPLAN_TRY(DistrictOf("staff", *iep.case_manager_id));
    if (!staff_district) {
      problems.push_back({"case_manager_id", "no such staff member"});
    } else if (*staff_district != *district) {
      problems.push_back({"case_manager_id", "is a staff member of another district"});
    }
  }
  return *district;
}

Result<void> SqlTransaction::CheckIepItemIds(const Iep& iep, Id id) {
  Problems problems;
  auto existing_ids = [&](std::string_view table) -> Result<std::set<Id>> {
    Rows rows =
        PARAPLAN_TRY(Query(fmt::format("SELECT id FROM {} WHERE iep_id = ?", table), {Int(id)}));
    std::set<Id> ids;
    for (const Row& row : rows) {
      RowReader read(row, table);
      ids.insert(read.Int(0));
      PARAPLAN_TRY(read.Finish());
    }
    return ids;
  };
  std::set<Id> service_ids = PARAPLAN_TRY(existing_ids("iep_service"));
  std::set<Id> goal_ids = PARAPLAN_TRY(existing_ids("iep_goal"));
  std::set<Id> accommodation_ids = PARAPLAN_TRY(existing_ids("iep_accommodation"));
  auto check_ids = [&](const auto& items, const std::set<Id>& ids, std::string_view list,
                       std::string_view noun) {
    for (std::size_t i = 0; i < items.size(); ++i) {
      if (items[i].id != 0 && !ids.contains(items[i].id)) {
        problems.push_back(
            {fmt::format("{}[{}].id", list, i), fmt::format("is not a {} of this IEP", noun)});
      }
    }
  };
  check_ids(iep.services, service_ids, "services", "service");
  check_ids(iep.goals, goal_ids, "goals", "goal");
  check_ids(iep.accommodations, accommodation_ids, "accommodations", "accommodation");
  return Refuse(problems, "iep");
}

Result<void> SqlTransaction::WriteIepItems(const Iep& iep, Id id, Id district_id, Items items) {
  // Nested items keep their ids across updates (other records, such as
  // service logs, may point at a service); items with id 0 get new ids.
  // Ids must belong to this IEP already. A new IEP has no items to keep.
  if (items == Items::kReplace) {
    PARAPLAN_TRY(CheckIepItemIds(iep, id));
    for (std::string_view table : {"iep_service", "iep_goal", "iep_accommodation",
                                   "iep_regulation_level", "iep_one_to_one"}) {
      PARAPLAN_TRY(ExecuteLater(fmt::format("DELETE FROM {} WHERE iep_id = ?", table), {Int(id)}));
    }
  }

  for (std::size_t i = 0; i < iep.services.size(); ++i) {
    const Service& service = iep.services[i];
    constexpr std::string_view kColumns =
        "district_id, iep_id, position, type, minutes, period, setting, delivery, start_date, "
        "end_date";
    if (service.id != 0) {
      PARAPLAN_TRY(ExecuteLater(
          fmt::format("INSERT INTO iep_service (id, {}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                      kColumns),
          {Int(service.id), Int(district_id), Int(id), Int(static_cast<std::int64_t>(i)),
           EnumValue(service.type), Int(service.minutes), EnumValue(service.period),
           EnumValue(service.setting), EnumValue(service.delivery), DateValue(service.start),
           DateValue(service.end)}));
    } else {
      PARAPLAN_TRY(ExecuteLater(
          fmt::format("INSERT INTO iep_service ({}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                      kColumns),
          {Int(district_id), Int(id), Int(static_cast<std::int64_t>(i)), EnumValue(service.type),
           Int(service.minutes), EnumValue(service.period), EnumValue(service.setting),
           EnumValue(service.delivery), DateValue(service.start), DateValue(service.end)}));
    }
  }

  for (std::size_t i = 0; i < iep.goals.size(); ++i) {
    const Goal& goal = iep.goals[i];
    constexpr std::string_view kColumns =
        "district_id, iep_id, position, area, statement, measurement, baseline, target, unit, "
        "target_date";
    if (goal.id != 0) {
      PARAPLAN_TRY(ExecuteLater(
          fmt::format("INSERT INTO iep_goal (id, {}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                      kColumns),
          {Int(goal.id), Int(district_id), Int(id), Int(static_cast<std::int64_t>(i)),
           EnumValue(goal.area), Text(goal.statement), OptionalEnum(goal.measurement),
           Real(goal.baseline), Real(goal.target), Text(goal.unit), DateValue(goal.target_date)}));
    } else {
      PARAPLAN_TRY(ExecuteLater(
          fmt::format("INSERT INTO iep_goal ({}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", kColumns),
          {Int(district_id), Int(id), Int(static_cast<std::int64_t>(i)), EnumValue(goal.area),
           Text(goal.statement), OptionalEnum(goal.measurement), Real(goal.baseline),
           Real(goal.target), Text(goal.unit), DateValue(goal.target_date)}));
    }
  }

  // Settings name their accommodation by the IEP and position, so that
  // nothing here waits for an id.
  for (std::size_t i = 0; i < iep.accommodations.size(); ++i) {
    const Accommodation& accommodation = iep.accommodations[i];
    const auto position = static_cast<std::int64_t>(i);
    if (accommodation.id != 0) {
      PARAPLAN_TRY(ExecuteLater(
          "INSERT INTO iep_accommodation (id, district_id, iep_id, position, kind, description) "
          "VALUES (?, ?, ?, ?, ?, ?)",
          {Int(accommodation.id), Int(district_id), Int(id), Int(position),
           EnumValue(accommodation.kind), Text(accommodation.description)}));
    } else {
      PARAPLAN_TRY(ExecuteLater(
          "INSERT INTO iep_accommodation (district_id, iep_id, position, kind, description) "
          "VALUES (?, ?, ?, ?, ?)",
          {Int(district_id), Int(id), Int(position), EnumValue(accommodation.kind),
           Text(accommodation.description)}));
    }
    for (std::size_t j = 0; j < accommodation.settings.size(); ++j) {
      PARAPLAN_TRY(ExecuteLater(
          "INSERT INTO iep_accommodation_setting (district_id, accommodation_id, position, "
          "setting) SELECT ?, id, ?, ? FROM iep_accommodation WHERE iep_id = ? AND position = ?",
          {Int(district_id), Int(static_cast<std::int64_t>(j)),
           EnumValue(accommodation.settings[j]), Int(id), Int(position)}));
    }
  }

  for (std::size_t i = 0; i < iep.regulation_plan.size(); ++i) {
    const RegulationLevel& level = iep.regulation_plan[i];
    PARAPLAN_TRY(ExecuteLater(
        "INSERT INTO iep_regulation_level (district_id, iep_id, position, level, student_signs, "
        "staff_response) VALUES (?, ?, ?, ?, ?, ?)",
        {Int(district_id), Int(id), Int(static_cast<std::int64_t>(i)), Int(level.level),
         Text(level.student_signs), Text(level.staff_response)}));
  }

  if (iep.one_to_one) {
    const OneToOneDesignation& designation = *iep.one_to_one;
    PARAPLAN_TRY(ExecuteLater(
        "INSERT INTO iep_one_to_one (iep_id, district_id, justification, start_date, next_review) "
        "VALUES (?, ?, ?, ?, ?)",
        {Int(id), Int(district_id), Text(designation.justification), DateValue(designation.start),
         OptionalDate(designation.next_review)}));
  }
  return {};
}

Result<Iep> SqlTransaction::ReadIep(const Row& row) {
  RowReader read(row, "iep");
  Iep iep;
  iep.id = read.Int(0);
  iep.student_id = read.Int(1);
  iep.status = read.Enum<IepStatus>(2);
  iep.start = read.DateAt(3);
  iep.end = read.DateAt(4);
  iep.annual_review = read.DateAt(5);
  iep.case_manager_id = read.OptionalInt(6);
  iep.source_id = read.SourceIdAt(7);
  iep.version = read.Int(8);
  PARAPLAN_TRY(read.Finish());

  Rows services = PARAPLAN_TRY(Query(
      "SELECT id, type, minutes, period, setting, delivery, start_date, end_date FROM iep_service "
      "WHERE iep_id = ? ORDER BY position",
      {Int(iep.id)}));
  for (const Row& item : services) {
    RowReader r(item, "iep_service");
    Service service;
    service.id = r.Int(0);
    service.type = r.Enum<SupportType>(1);
    service.minutes = r.SmallInt(2);
    service.period = r.Enum<MinutesPeriod>(3);
    service.setting = r.Enum<Setting>(4);
    service.delivery = r.Enum<DeliveryModel>(5);
    service.start = r.DateAt(6);
    service.end = r.DateAt(7);
    PARAPLAN_TRY(r.Finish());
    iep.services.push_back(service);
  }

  Rows goals = PARAPLAN_TRY(Query(
      "SELECT id, area, statement, measurement, baseline, target, unit, target_date FROM iep_goal "
      "WHERE iep_id = ? ORDER BY position",
      {Int(iep.id)}));
  for (const Row& item : goals) {
    RowReader r(item, "iep_goal");
    Goal goal;
    goal.id = r.Int(0);
    goal.area = r.Enum<GoalArea>(1);
    goal.statement = r.Text(2);
    goal.measurement = r.OptionalEnum<MeasurementMethod>(3);
    goal.baseline = r.Real(4);
    goal.target = r.Real(5);
    goal.unit = r.Text(6);
    goal.target_date = r.DateAt(7);
    PARAPLAN_TRY(r.Finish());
    iep.goals.push_back(goal);
  }

  // The settings of every accommodation in one query, not one each: on
  // PostgreSQL every query is a round trip to the server.
  Rows setting_rows = PARAPLAN_TRY(
      Query("SELECT s.accommodation_id, s.setting FROM iep_accommodation_setting s JOIN "
            "iep_accommodation a ON a.id = s.accommodation_id WHERE a.iep_id = ? "
            "ORDER BY s.accommodation_id, s.position",
            {Int(iep.id)}));
  std::map<Id, std::vector<Setting>> settings_of =
      PARAPLAN_TRY(EnumsByOwner<Setting>(setting_rows, "iep_accommodation_setting"));
  Rows accommodations = PARAPLAN_TRY(Query(
      "SELECT id, kind, description FROM iep_accommodation WHERE iep_id = ? ORDER BY position",
      {Int(iep.id)}));
  for (const Row& item : accommodations) {
    RowReader r(item, "iep_accommodation");
    Accommodation accommodation;
    accommodation.id = r.Int(0);
    accommodation.kind = r.Enum<AccommodationKind>(1);
    accommodation.description = r.Text(2);
    PARAPLAN_TRY(r.Finish());
    accommodation.settings = std::move(settings_of[accommodation.id]);
    iep.accommodations.push_back(std::move(accommodation));
  }

  Rows levels = PARAPLAN_TRY(Query(
      "SELECT level, student_signs, staff_response FROM iep_regulation_level WHERE iep_id = ? "
      "ORDER BY position",
      {Int(iep.id)}));
  for (const Row& item : levels) {
    RowReader r(item, "iep_regulation_level");
    iep.regulation_plan.push_back({r.SmallInt(0), r.Text(1), r.Text(2)});
    PARAPLAN_TRY(r.Finish());
  }

  Rows one_to_one = PARAPLAN_TRY(
      Query("SELECT justification, start_date, next_review FROM iep_one_to_one WHERE iep_id = ?",
            {Int(iep.id)}));
  if (!one_to_one.empty()) {
    RowReader r(one_to_one.front(), "iep_one_to_one");
    iep.one_to_one = OneToOneDesignation{r.Text(0), r.DateAt(1), r.OptionalDate(2)};
    PARAPLAN_TRY(r.Finish());
  }
  return iep;
}

Result<Id> SqlTransaction::Insert(const Iep& iep) {
  PARAPLAN_TRY(RequireWrite());
  PARAPLAN_TRY(ValidateIep(iep));
  Problems problems;
  Id district = PARAPLAN_TRY(CheckIepReferences(iep, problems));
  PARAPLAN_TRY(Refuse(problems, "iep"));
  PARAPLAN_TRY(CheckSourceIdFree(RecordKind::kIep, district, iep.source_id, 0));
  // New items always get new ids.
  Iep fresh = iep;
  for (Service& service : fresh.services) service.id = 0;
  for (Goal& goal : fresh.goals) goal.id = 0;
  for (Accommodation& accommodation : fresh.accommodations) accommodation.id = 0;
  Id id = PARAPLAN_TRY(InsertReturningId(
      "INSERT INTO iep (district_id, student_id, status, start_date, end_date, annual_review, "
      "case_manager_id, source_id, version) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 1) RETURNING id",
      {Int(district), Int(iep.student_id), EnumValue(iep.status), DateValue(iep.start),
       DateValue(iep.end), DateValue(iep.annual_review), OptionalId(iep.case_manager_id),
       SourceId(iep.source_id)}));
  PARAPLAN_TRY(WriteIepItems(fresh, id, district, Items::kNew));
  return Remember(RecordKind::kIep, id, district, iep.source_id);
}

Result<std::int64_t> SqlTransaction::Update(const Iep& iep) {
  PARAPLAN_TRY(RequireWrite());
  const ForgetWhenDone forget(*this);
  PARAPLAN_TRY(ValidateIep(iep));
  Rows stored = PARAPLAN_TRY(Query("SELECT student_id FROM iep WHERE id = ?", {Int(iep.id)}));
  if (stored.empty()) return Fail(NotFoundError(RecordKind::kIep, iep.id));
  RowReader read(stored.front(), "iep");
  Id stored_student = read.Int(0);
  PARAPLAN_TRY(read.Finish());
  Problems problems;
  Id district = PARAPLAN_TRY(CheckIepReferences(iep, problems));
  if (problems.empty() && stored_student != iep.student_id) {
    problems.push_back({"student_id", "cannot change: an IEP belongs to one student"});
  }
  PARAPLAN_TRY(Refuse(problems, "iep"));
  PARAPLAN_TRY(CheckSourceIdFree(RecordKind::kIep, district, iep.source_id, iep.id));
  std::int64_t changed = PARAPLAN_TRY(Execute(
      "UPDATE iep SET status = ?, start_date = ?, end_date = ?, annual_review = ?, "
      "case_manager_id = ?, source_id = ?, version = version + 1 WHERE id = ? AND version = ?",
      {EnumValue(iep.status), DateValue(iep.start), DateValue(iep.end),
       DateValue(iep.annual_review), OptionalId(iep.case_manager_id), SourceId(iep.source_id),
       Int(iep.id), Int(iep.version)}));
  std::int64_t version = PARAPLAN_TRY(FinishUpdate(changed, RecordKind::kIep, iep.id, iep.version));
  PARAPLAN_TRY(WriteIepItems(iep, iep.id, district, Items::kReplace));
  return version;
}

Result<Iep> SqlTransaction::GetIep(Id id) {
  Rows rows = PARAPLAN_TRY(Query(Select(kIepColumns, "iep", "WHERE id = ?"), {Int(id)}));
  if (rows.empty()) return Fail(NotFoundError(RecordKind::kIep, id));
  return ReadIep(rows.front());
}

Result<std::vector<Iep>> SqlTransaction::ListIeps(Id student_id) {
  Rows rows = PARAPLAN_TRY(
      Query(Select(kIepColumns, "iep", "WHERE student_id = ? ORDER BY id"), {Int(student_id)}));
  return ReadAll<Iep>(rows, [this](const Row& row) { return ReadIep(row); });
}

// --- Student day --------------------------------------------------------------

Result<std::int64_t> SqlTransaction::Put(const StudentDay& day) {
  PARAPLAN_TRY(RequireWrite());
  PARAPLAN_TRY(Check(day, "student day"));
  std::optional<Id> district = PARAPLAN_TRY(DistrictOf("student", day.student_id));
  if (!district) PARAPLAN_TRY(Refuse({{"student_id", "no such student"}}, "student day"));
  Problems problems;
  for (std::size_t i = 0; i < day.blocks.size(); ++i) {
    const DayBlock& block = day.blocks[i];
    if (block.section_id) {
      std::optional<Id> section_district = PARAPLAN_TRY(DistrictOf("section", *block.section_id));
      if (!section_district) {
        problems.push_back({fmt::format("blocks[{}].section_id", i), "no such section"});
      } else if (*section_district != *district) {
        problems.push_back(
            {fmt::format("blocks[{}].section_id", i), "is a section of another district"});
      }
    }
    if (block.room_id) {
      std::optional<Id> room_district = PARAPLAN_TRY(DistrictOf("room", *block.room_id));
      if (!room_district) {
        problems.push_back({fmt::format("blocks[{}].room_id", i), "no such room"});
      } else if (*room_district != *district) {
        problems.push_back({fmt::format("blocks[{}].room_id", i), "is a room of another district"});
      }
    }
  }
  PARAPLAN_TRY(Refuse(problems, "student day"));

  // A student inserted by this transaction has no day yet: no need to ask.
  const bool stored = !students_without_day_.contains(day.student_id);
  std::int64_t stored_version = 0;
  if (stored) {
    Rows rows = PARAPLAN_TRY(
        Query("SELECT version FROM student_day WHERE student_id = ?", {Int(day.student_id)}));
    if (!rows.empty()) {
      RowReader read(rows.front(), "student_day");
      stored_version = read.Int(0);
      PARAPLAN_TRY(read.Finish());
    }
  }
  if (stored_version != day.version) {
    return Fail(Error::Conflict(
        fmt::format("the day of student {} is at version {}, not {}: it changed since it was read",
                    day.student_id, stored_version, day.version)));
  }
  if (stored_version == 0) {
    PARAPLAN_TRY(
        ExecuteLater("INSERT INTO student_day (student_id, district_id, version) VALUES (?, ?, 1)",
                     {Int(day.student_id), Int(*district)}));
  } else {
    PARAPLAN_TRY(ExecuteLater("UPDATE student_day SET version = version + 1 WHERE student_id = ?",
                              {Int(day.student_id)}));
    PARAPLAN_TRY(ExecuteLater("DELETE FROM day_block WHERE student_id = ?", {Int(day.student_id)}));
  }
  students_without_day_.erase(day.student_id);
  // The blocks, then their skills, go without waiting for ids: a skill
  // names its block by the student and position, which the blocks wrote.
  for (std::size_t i = 0; i < day.blocks.size(); ++i) {
    const DayBlock& block = day.blocks[i];
    PARAPLAN_TRY(ExecuteLater(
        "INSERT INTO day_block (district_id, student_id, position, weekday, start_minute, "
        "end_minute, section_id, room_id, activity, support, one_to_one) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        {Int(*district), Int(day.student_id), Int(static_cast<std::int64_t>(i)),
         WeekdayValue(block.weekday), Int(block.span.start.minutes), Int(block.span.end.minutes),
         OptionalId(block.section_id), OptionalId(block.room_id), Text(block.activity),
         EnumValue(block.support), Flag(block.one_to_one)}));
  }
  for (std::size_t i = 0; i < day.blocks.size(); ++i) {
    const std::vector<Skill>& skills = day.blocks[i].skills_needed;
    for (std::size_t j = 0; j < skills.size(); ++j) {
      PARAPLAN_TRY(
          ExecuteLater("INSERT INTO day_block_skill (district_id, block_id, position, skill) "
                       "SELECT ?, id, ?, ? FROM day_block WHERE student_id = ? AND position = ?",
                       {Int(*district), Int(static_cast<std::int64_t>(j)), EnumValue(skills[j]),
                        Int(day.student_id), Int(static_cast<std::int64_t>(i))}));
    }
  }
  return stored_version + 1;
}

Result<StudentDay> SqlTransaction::GetStudentDay(Id student_id) {
  StudentDay day;
  day.student_id = student_id;
  Rows stored = PARAPLAN_TRY(
      Query("SELECT version FROM student_day WHERE student_id = ?", {Int(student_id)}));
  if (stored.empty()) {
    if (!PARAPLAN_TRY(DistrictOf("student", student_id))) {
      return Fail(NotFoundError(RecordKind::kStudent, student_id));
    }
    return day;
  }
  RowReader read(stored.front(), "student_day");
  day.version = read.Int(0);
  PARAPLAN_TRY(read.Finish());
  // The skills of every block in one query, not one per block: a day has
  // some forty blocks, and on PostgreSQL every query is a round trip.
  Rows skill_rows = PARAPLAN_TRY(Query(
      "SELECT s.block_id, s.skill FROM day_block_skill s JOIN day_block b ON b.id = s.block_id "
      "WHERE b.student_id = ? ORDER BY s.block_id, s.position",
      {Int(student_id)}));
  std::map<Id, std::vector<Skill>> skills_of =
      PARAPLAN_TRY(EnumsByOwner<Skill>(skill_rows, "day_block_skill"));
  Rows blocks = PARAPLAN_TRY(
      Query("SELECT id, weekday, start_minute, end_minute, section_id, room_id, activity, support, "
            "one_to_one FROM day_block WHERE student_id = ? ORDER BY position",
            {Int(student_id)}));
  for (const Row& row : blocks) {
    RowReader r(row, "day_block");
    Id block_id = r.Int(0);
    DayBlock block;
    block.weekday = ReadWeekday(r, 1);
    block.span = {TimeOfDay{r.SmallInt(2)}, TimeOfDay{r.SmallInt(3)}};
    block.section_id = r.OptionalInt(4);
    block.room_id = r.OptionalInt(5);
    block.activity = r.Text(6);
    block.support = r.Enum<SupportLevel>(7);
    block.one_to_one = r.Flag(8);
    PARAPLAN_TRY(r.Finish());
    block.skills_needed = std::move(skills_of[block_id]);
    day.blocks.push_back(std::move(block));
  }
  return day;
}

// --- Generic ------------------------------------------------------------------

Result<void> SqlTransaction::Delete(RecordKind kind, Id id) {
  PARAPLAN_TRY(RequireWrite());
  const ForgetWhenDone forget(*this);
  const KindInfo& info = InfoOf(kind);
  if (!PARAPLAN_TRY(DistrictOf(info.table, id))) return Fail(NotFoundError(kind, id));
  std::vector<std::string> holders;
  for (const Referrer& referrer : kReferrers) {
    if (referrer.kind != kind) continue;
    Rows rows = PARAPLAN_TRY(
        Query(fmt::format("SELECT COUNT(*) FROM {} WHERE {} = ?", referrer.table, referrer.column),
              {Int(id)}));
    RowReader read(rows.at(0), referrer.table);
    std::int64_t count = read.Int(0);
    PARAPLAN_TRY(read.Finish());
    if (count > 0) holders.push_back(fmt::format("{} {}", count, referrer.what));
  }
  if (!holders.empty()) {
    return Fail(Error::FailedPrecondition(
        fmt::format("{} {} is still referenced by {}", info.noun, id, fmt::join(holders, ", "))));
  }
  auto deleted = Execute(fmt::format("DELETE FROM {} WHERE id = ?", info.table), {Int(id)});
  if (!deleted && deleted.error().code == ErrorCode::kFailedPrecondition) {
    // Records of a kind this layer does not list (added by later migrations)
    // still refer to it.
    return Fail(Error::FailedPrecondition(
        fmt::format("{} {} is still referenced by other records", info.noun, id)));
  }
  if (!deleted) return Fail(deleted.error());
  return {};
}

Result<std::optional<Id>> SqlTransaction::FindBySourceId(RecordKind kind,
                                                         std::string_view source_id) {
  const KindInfo& info = InfoOf(kind);
  if (!info.has_source_id) {
    return Fail(Error::Invalid(fmt::format("{} records have no source_id", info.table),
                               {{"kind", "has no source_id"}}));
  }
  Rows rows = PARAPLAN_TRY(
      Query(fmt::format("SELECT id FROM {} WHERE source_id = ? ORDER BY id LIMIT 2", info.table),
            {Text(source_id)}));
  if (rows.empty()) return std::optional<Id>();
  if (rows.size() > 1) {
    return Fail(Error::FailedPrecondition(fmt::format(
        "source_id '{}' names {} records in several districts; look it up within a district",
        source_id, info.table)));
  }
  RowReader read(rows.front(), info.table);
  Id id = read.Int(0);
  PARAPLAN_TRY(read.Finish());
  return std::optional<Id>(id);
}

Result<std::optional<Id>> SqlTransaction::FindBySourceId(RecordKind kind, Id district_id,
                                                         std::string_view source_id) {
  const KindInfo& info = InfoOf(kind);
  if (!info.has_source_id) {
    return Fail(Error::Invalid(fmt::format("{} records have no source_id", info.table),
                               {{"kind", "has no source_id"}}));
  }
  SourceIdKey key = SourceKey(kind, district_id, source_id);
  if (auto known = source_ids_.find(key); known != source_ids_.end()) return known->second;
  Rows rows;
  if (kind == RecordKind::kDistrict) {
    rows = PARAPLAN_TRY(Query("SELECT id FROM district WHERE source_id = ?", {Text(source_id)}));
  } else {
    rows = PARAPLAN_TRY(
        Query(fmt::format("SELECT id FROM {} WHERE district_id = ? AND source_id = ?", info.table),
              {Int(district_id), Text(source_id)}));
  }
  std::optional<Id> found;
  if (!rows.empty()) {
    RowReader read(rows.front(), info.table);
    found = read.Int(0);
    PARAPLAN_TRY(read.Finish());
  }
  source_ids_.emplace(std::move(key), found);
  return found;
}

Result<std::int64_t> SqlTransaction::Count(RecordKind kind) {
  const KindInfo& info = InfoOf(kind);
  Rows rows = PARAPLAN_TRY(
      Query(fmt::format("SELECT COUNT(*) FROM {}", info.table), std::span<const Value>()));
  RowReader read(rows.at(0), info.table);
  std::int64_t count = read.Int(0);
  PARAPLAN_TRY(read.Finish());
  return count;
}

}  // namespace paraplan::sql
