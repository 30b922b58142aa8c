#include "raw_sqlite_sink.h"

#include <optional>
#include <string_view>
#include <type_traits>

#include <fmt/format.h>

namespace paraplan::bench {
namespace {

void Bind(sqlite3_stmt* statement, int index, std::int64_t value) {
  sqlite3_bind_int64(statement, index, value);
}
void Bind(sqlite3_stmt* statement, int index, int value) { sqlite3_bind_int(statement, index, value); }
void Bind(sqlite3_stmt* statement, int index, double value) {
  sqlite3_bind_double(statement, index, value);
}
void Bind(sqlite3_stmt* statement, int index, std::string_view value) {
  sqlite3_bind_text(statement, index, value.data(), static_cast<int>(value.size()),
                    SQLITE_TRANSIENT);
}
void Bind(sqlite3_stmt* statement, int index, const std::string& value) {
  Bind(statement, index, std::string_view(value));
}
template <typename T>
void Bind(sqlite3_stmt* statement, int index, const std::optional<T>& value) {
  if (value) {
    Bind(statement, index, *value);
  } else {
    sqlite3_bind_null(statement, index);
  }
}

// Optional text the way the store writes it: empty source ids are NULL.
std::optional<std::string> SourceId(const std::string& source_id) {
  if (source_id.empty()) return std::nullopt;
  return source_id;
}
std::optional<std::string> OptionalDate(const std::optional<Date>& date) {
  if (!date) return std::nullopt;
  return date->ToString();
}
template <typename E>
std::string_view Name(E value) {
  return NameOf(value);
}

}  // namespace

Result<std::unique_ptr<RawSqliteSink>> RawSqliteSink::Open(const std::string& path) {
  sqlite3* db = nullptr;
  if (sqlite3_open(path.c_str(), &db) != SQLITE_OK) {
    std::string message = db ? sqlite3_errmsg(db) : "out of memory";
    sqlite3_close(db);
    return Fail(Error::Unavailable(fmt::format("cannot open {}: {}", path, message)));
  }
  auto sink = std::make_unique<RawSqliteSink>(Key(), db);
  PARAPLAN_TRY(sink->Exec("PRAGMA journal_mode = WAL"));
  PARAPLAN_TRY(sink->Exec("PRAGMA synchronous = FULL"));
  PARAPLAN_TRY(sink->Exec("PRAGMA foreign_keys = ON"));
  return sink;
}

RawSqliteSink::~RawSqliteSink() {
  for (auto& [sql, statement] : statements_) sqlite3_finalize(statement);
  sqlite3_close(db_);
}

sqlite3_stmt* RawSqliteSink::Statement(const char* sql) {
  auto found = statements_.find(sql);
  if (found != statements_.end()) return found->second;
  sqlite3_stmt* statement = nullptr;
  sqlite3_prepare_v3(db_, sql, -1, SQLITE_PREPARE_PERSISTENT, &statement, nullptr);
  statements_[sql] = statement;
  return statement;
}

Result<void> RawSqliteSink::Exec(const char* sql) {
  char* message = nullptr;
  if (sqlite3_exec(db_, sql, nullptr, nullptr, &message) != SQLITE_OK) {
    std::string text = message ? message : "unknown error";
    sqlite3_free(message);
    return Fail(Error::Internal(fmt::format("{}: {}", sql, text)));
  }
  return {};
}

template <typename... Values>
Result<Id> RawSqliteSink::Insert(const char* sql, const Values&... values) {
  sqlite3_stmt* statement = Statement(sql);
  if (statement == nullptr) {
    return Fail(Error::Internal(fmt::format("cannot prepare {}: {}", sql, sqlite3_errmsg(db_))));
  }
  int index = 0;
  (Bind(statement, ++index, values), ...);
  const int status = sqlite3_step(statement);
  sqlite3_reset(statement);
  sqlite3_clear_bindings(statement);
  if (status != SQLITE_DONE) {
    return Fail(Error::Internal(fmt::format("{}: {}", sql, sqlite3_errmsg(db_))));
  }
  ++rows_;
  return sqlite3_last_insert_rowid(db_);
}

Result<Id> RawSqliteSink::InsertStaff(const Staff& staff) {
  const Id id = PARAPLAN_TRY(Insert(
      "INSERT INTO staff (district_id, school_id, first_name, last_name, email, role, "
      "provider_kind, work_start, work_end, source_id, version) VALUES (?,?,?,?,?,?,?,?,?,?,1)",
      staff.district_id, staff.school_id, staff.first_name, staff.last_name, staff.email,
      Name(staff.role),
      staff.provider_kind ? std::optional<std::string_view>(Name(*staff.provider_kind))
                          : std::nullopt,
      staff.work_hours.start.minutes, staff.work_hours.end.minutes, SourceId(staff.source_id)));
  for (std::size_t i = 0; i < staff.funding.size(); ++i) {
    PARAPLAN_TRY(Insert("INSERT INTO staff_funding (district_id, staff_id, position, source, "
                        "percent) VALUES (?,?,?,?,?)",
                        staff.district_id, id, static_cast<int>(i), staff.funding[i].source,
                        staff.funding[i].percent));
  }
  for (std::size_t i = 0; i < staff.skills.size(); ++i) {
    PARAPLAN_TRY(Insert(
        "INSERT INTO staff_skill (district_id, staff_id, position, skill) VALUES (?,?,?,?)",
        staff.district_id, id, static_cast<int>(i), Name(staff.skills[i])));
  }
  for (std::size_t i = 0; i < staff.credentials.size(); ++i) {
    const Credential& credential = staff.credentials[i];
    PARAPLAN_TRY(Insert("INSERT INTO staff_credential (district_id, staff_id, position, kind, "
                        "number, expires) VALUES (?,?,?,?,?,?)",
                        staff.district_id, id, static_cast<int>(i), Name(credential.kind),
                        credential.number, OptionalDate(credential.expires)));
  }
  return id;
}

Result<void> RawSqliteSink::PutDistrict(synth::DistrictFrame& frame) {
  PARAPLAN_TRY(Exec("BEGIN IMMEDIATE"));
  district_id_ = PARAPLAN_TRY(Insert(
      "INSERT INTO district (name, lesson_plan_lead_days, source_id, version) VALUES (?,?,?,1)",
      frame.district.name, frame.district.lesson_plan_lead_days,
      SourceId(frame.district.source_id)));
  frame.BindDistrict(district_id_);
  for (Staff& staff : frame.staff) staff.id = PARAPLAN_TRY(InsertStaff(staff));
  return Exec("COMMIT");
}

Result<void> RawSqliteSink::PutSchool(synth::SchoolFrame& frame) {
  PARAPLAN_TRY(Exec("BEGIN IMMEDIATE"));
  const School& school = frame.school;
  frame.BindSchool(PARAPLAN_TRY(Insert(
      "INSERT INTO school (district_id, name, lowest_grade, highest_grade, day_start, day_end, "
      "source_id, version) VALUES (?,?,?,?,?,?,?,1)",
      district_id_, school.name, Name(school.lowest_grade), Name(school.highest_grade),
      school.day.start.minutes, school.day.end.minutes, SourceId(school.source_id))));
  for (Room& room : frame.rooms) {
    room.id = PARAPLAN_TRY(Insert(
        "INSERT INTO room (district_id, school_id, name, capacity, source_id, version) "
        "VALUES (?,?,?,?,?,1)",
        district_id_, room.school_id, room.name, room.capacity, SourceId(room.source_id)));
  }
  SchoolCalendar& calendar = frame.calendar;
  calendar.id = PARAPLAN_TRY(Insert(
      "INSERT INTO calendar (district_id, school_id, name, first_day, last_day, version) "
      "VALUES (?,?,?,?,?,1)",
      district_id_, calendar.school_id, calendar.name, calendar.first_day.ToString(),
      calendar.last_day.ToString()));
  for (std::size_t i = 0; i < calendar.non_instructional_days.size(); ++i) {
    PARAPLAN_TRY(Insert("INSERT INTO calendar_day_off (district_id, calendar_id, position, day) "
                        "VALUES (?,?,?,?)",
                        district_id_, calendar.id, static_cast<int>(i),
                        calendar.non_instructional_days[i].ToString()));
  }
  for (Staff& staff : frame.staff) staff.id = PARAPLAN_TRY(InsertStaff(staff));
  frame.BindReferences();
  for (synth::SectionDraft& draft : frame.sections) {
    Section& section = draft.section;
    section.id = PARAPLAN_TRY(Insert(
        "INSERT INTO section (district_id, school_id, course, code, general_educator_id, "
        "room_id, source_id, version) VALUES (?,?,?,?,?,?,?,1)",
        district_id_, section.school_id, section.course, section.code,
        section.general_educator_id, section.room_id, SourceId(section.source_id)));
    for (std::size_t i = 0; i < section.meetings.size(); ++i) {
      const Meeting& meeting = section.meetings[i];
      PARAPLAN_TRY(Insert("INSERT INTO section_meeting (district_id, section_id, position, "
                          "weekday, start_minute, end_minute) VALUES (?,?,?,?,?,?)",
                          district_id_, section.id, static_cast<int>(i),
                          static_cast<int>(meeting.weekday), meeting.span.start.minutes,
                          meeting.span.end.minutes));
    }
  }
  return Exec("COMMIT");
}

Result<void> RawSqliteSink::PutStudents(std::span<synth::StudentRecord> batch) {
  PARAPLAN_TRY(Exec("BEGIN IMMEDIATE"));
  const Id d = district_id_;
  for (synth::StudentRecord& record : batch) {
    const Student& student = record.student;
    record.BindStudent(PARAPLAN_TRY(Insert(
        "INSERT INTO student (district_id, school_id, first_name, last_name, birth_date, grade, "
        "home_language, case_manager_id, source_id, version) VALUES (?,?,?,?,?,?,?,?,?,1)",
        d, student.school_id, student.first_name, student.last_name,
        student.birth_date.ToString(), Name(student.grade), student.home_language,
        student.case_manager_id, SourceId(student.source_id))));
    for (Enrolment& enrolment : record.enrolments) {
      enrolment.id = PARAPLAN_TRY(Insert(
          "INSERT INTO enrolment (district_id, student_id, section_id, start_date, end_date, "
          "version) VALUES (?,?,?,?,?,1)",
          d, enrolment.student_id, enrolment.section_id, enrolment.start.ToString(),
          OptionalDate(enrolment.end)));
    }
    for (synth::GuardianRecord& link : record.guardians) {
      const Guardian& guardian = link.guardian;
      link.guardian.id = PARAPLAN_TRY(Insert(
          "INSERT INTO guardian (district_id, first_name, last_name, email, phone, "
          "preferred_language, source_id, version) VALUES (?,?,?,?,?,?,?,1)",
          d, guardian.first_name, guardian.last_name, guardian.email, guardian.phone,
          guardian.preferred_language, SourceId(guardian.source_id)));
      PARAPLAN_TRY(Insert("INSERT INTO guardian_link (district_id, guardian_id, student_id, "
                          "relation, custody_restricted) VALUES (?,?,?,?,?)",
                          d, link.guardian.id, student.id, Name(link.relation),
                          link.custody_restricted ? 1 : 0));
    }
    if (record.iep) {
      Iep& iep = *record.iep;
      iep.id = PARAPLAN_TRY(Insert(
          "INSERT INTO iep (district_id, student_id, status, start_date, end_date, "
          "annual_review, case_manager_id, source_id, version) VALUES (?,?,?,?,?,?,?,?,1)",
          d, iep.student_id, Name(iep.status), iep.start.ToString(), iep.end.ToString(),
          iep.annual_review.ToString(), iep.case_manager_id, SourceId(iep.source_id)));
      for (std::size_t i = 0; i < iep.services.size(); ++i) {
        const Service& s = iep.services[i];
        PARAPLAN_TRY(Insert("INSERT INTO iep_service (district_id, iep_id, position, type, "
                            "minutes, period, setting, delivery, start_date, end_date) VALUES "
                            "(?,?,?,?,?,?,?,?,?,?)",
                            d, iep.id, static_cast<int>(i), Name(s.type), s.minutes,
                            Name(s.period), Name(s.setting), Name(s.delivery),
                            s.start.ToString(), s.end.ToString()));
      }
      for (std::size_t i = 0; i < iep.goals.size(); ++i) {
        const Goal& g = iep.goals[i];
        PARAPLAN_TRY(Insert(
            "INSERT INTO iep_goal (district_id, iep_id, position, area, statement, measurement, "
            "baseline, target, unit, target_date) VALUES (?,?,?,?,?,?,?,?,?,?)",
            d, iep.id, static_cast<int>(i), Name(g.area), g.statement,
            g.measurement ? std::optional<std::string_view>(Name(*g.measurement)) : std::nullopt,
            g.baseline, g.target, g.unit, g.target_date.ToString()));
      }
      for (std::size_t i = 0; i < iep.accommodations.size(); ++i) {
        const Accommodation& a = iep.accommodations[i];
        const Id accommodation_id = PARAPLAN_TRY(
            Insert("INSERT INTO iep_accommodation (district_id, iep_id, position, kind, "
                   "description) VALUES (?,?,?,?,?)",
                   d, iep.id, static_cast<int>(i), Name(a.kind), a.description));
        for (std::size_t j = 0; j < a.settings.size(); ++j) {
          PARAPLAN_TRY(Insert("INSERT INTO iep_accommodation_setting (district_id, "
                              "accommodation_id, position, setting) VALUES (?,?,?,?)",
                              d, accommodation_id, static_cast<int>(j), Name(a.settings[j])));
        }
      }
      for (std::size_t i = 0; i < iep.regulation_plan.size(); ++i) {
        const RegulationLevel& level = iep.regulation_plan[i];
        PARAPLAN_TRY(Insert("INSERT INTO iep_regulation_level (district_id, iep_id, position, "
                            "level, student_signs, staff_response) VALUES (?,?,?,?,?,?)",
                            d, iep.id, static_cast<int>(i), level.level, level.student_signs,
                            level.staff_response));
      }
      if (iep.one_to_one) {
        PARAPLAN_TRY(Insert("INSERT INTO iep_one_to_one (iep_id, district_id, justification, "
                            "start_date, next_review) VALUES (?,?,?,?,?)",
                            iep.id, d, iep.one_to_one->justification,
                            iep.one_to_one->start.ToString(),
                            OptionalDate(iep.one_to_one->next_review)));
      }
    }
    if (record.day) {
      const StudentDay& day = *record.day;
      PARAPLAN_TRY(Insert(
          "INSERT INTO student_day (student_id, district_id, version) VALUES (?,?,1)",
          day.student_id, d));
      for (std::size_t i = 0; i < day.blocks.size(); ++i) {
        const DayBlock& block = day.blocks[i];
        const Id block_id = PARAPLAN_TRY(Insert(
            "INSERT INTO day_block (district_id, student_id, position, weekday, start_minute, "
            "end_minute, section_id, room_id, activity, support, one_to_one) VALUES "
            "(?,?,?,?,?,?,?,?,?,?,?)",
            d, day.student_id, static_cast<int>(i), static_cast<int>(block.weekday),
            block.span.start.minutes, block.span.end.minutes, block.section_id, block.room_id,
            block.activity, Name(block.support), block.one_to_one ? 1 : 0));
        for (std::size_t j = 0; j < block.skills_needed.size(); ++j) {
          PARAPLAN_TRY(Insert("INSERT INTO day_block_skill (district_id, block_id, position, "
                              "skill) VALUES (?,?,?,?)",
                              d, block_id, static_cast<int>(j), Name(block.skills_needed[j])));
        }
      }
    }
  }
  return Exec("COMMIT");
}

}  // namespace paraplan::bench
