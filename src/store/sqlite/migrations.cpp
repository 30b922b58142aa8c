#include "store/sqlite/migrations.h"

#include <vector>

namespace paraplan {
namespace {

// HOW TO CHANGE THE SCHEMA
// - Append a new migration at the END of the list with the next version
//   number. Never edit, reorder or remove a migration that has been
//   committed: databases in the field have already applied it.
// - Write portable SQL that both SQLite and PostgreSQL accept: TEXT, BIGINT,
//   INTEGER (also for 0/1 flags), DOUBLE PRECISION, ID_PRIMARY_KEY for
//   assigned ids, REFERENCES for every foreign key, no triggers. Dates are
//   'YYYY-MM-DD' text, times of day minutes since midnight, enums their
//   stable names (domain/enums.h).
// - Every table that holds a district's data carries district_id (copied
//   from its parent where needed): the PostgreSQL backend uses it for
//   row-level security between districts.
// - Add an index for every new list filter, ending in id for keyset paging.
const std::vector<Migration> kMigrations = {
    {1, "roster", R"sql(
CREATE TABLE district (
  id ID_PRIMARY_KEY,
  name TEXT NOT NULL,
  lesson_plan_lead_days INTEGER NOT NULL,
  source_id TEXT UNIQUE,
  version BIGINT NOT NULL
);

CREATE TABLE school (
  id ID_PRIMARY_KEY,
  district_id BIGINT NOT NULL REFERENCES district (id),
  name TEXT NOT NULL,
  lowest_grade TEXT NOT NULL,
  highest_grade TEXT NOT NULL,
  day_start INTEGER NOT NULL,
  day_end INTEGER NOT NULL,
  source_id TEXT,
  version BIGINT NOT NULL,
  UNIQUE (district_id, source_id)
);
CREATE INDEX school_by_district ON school (district_id, id);

CREATE TABLE room (
  id ID_PRIMARY_KEY,
  district_id BIGINT NOT NULL REFERENCES district (id),
  school_id BIGINT NOT NULL REFERENCES school (id),
  name TEXT NOT NULL,
  capacity INTEGER NOT NULL,
  source_id TEXT,
  version BIGINT NOT NULL,
  UNIQUE (district_id, source_id)
);
CREATE INDEX room_by_school ON room (school_id, id);

CREATE TABLE calendar (
  id ID_PRIMARY_KEY,
  district_id BIGINT NOT NULL REFERENCES district (id),
  school_id BIGINT NOT NULL REFERENCES school (id),
  name TEXT NOT NULL,
  first_day TEXT NOT NULL,
  last_day TEXT NOT NULL,
  version BIGINT NOT NULL
);
CREATE INDEX calendar_by_school ON calendar (school_id, id);

CREATE TABLE calendar_day_off (
  district_id BIGINT NOT NULL REFERENCES district (id),
  calendar_id BIGINT NOT NULL REFERENCES calendar (id) ON DELETE CASCADE,
  position INTEGER NOT NULL,
  day TEXT NOT NULL,
  PRIMARY KEY (calendar_id, position)
);

CREATE TABLE staff (
  id ID_PRIMARY_KEY,
  district_id BIGINT NOT NULL REFERENCES district (id),
  school_id BIGINT REFERENCES school (id),
  first_name TEXT NOT NULL,
  last_name TEXT NOT NULL,
  email TEXT NOT NULL,
  role TEXT NOT NULL,
  provider_kind TEXT,
  work_start INTEGER NOT NULL,
  work_end INTEGER NOT NULL,
  source_id TEXT,
  version BIGINT NOT NULL,
  UNIQUE (district_id, source_id)
);
CREATE INDEX staff_by_district ON staff (district_id, role, id);
CREATE INDEX staff_by_school ON staff (school_id, role, id);

CREATE TABLE staff_funding (
  district_id BIGINT NOT NULL REFERENCES district (id),
  staff_id BIGINT NOT NULL REFERENCES staff (id) ON DELETE CASCADE,
  position INTEGER NOT NULL,
  source TEXT NOT NULL,
  percent INTEGER NOT NULL,
  PRIMARY KEY (staff_id, position)
);

CREATE TABLE staff_skill (
  district_id BIGINT NOT NULL REFERENCES district (id),
  staff_id BIGINT NOT NULL REFERENCES staff (id) ON DELETE CASCADE,
  position INTEGER NOT NULL,
  skill TEXT NOT NULL,
  PRIMARY KEY (staff_id, position)
);

CREATE TABLE staff_credential (
  district_id BIGINT NOT NULL REFERENCES district (id),
  staff_id BIGINT NOT NULL REFERENCES staff (id) ON DELETE CASCADE,
  position INTEGER NOT NULL,
  kind TEXT NOT NULL,
  number TEXT NOT NULL,
  expires TEXT,
  PRIMARY KEY (staff_id, position)
);

CREATE TABLE student (
  id ID_PRIMARY_KEY,
  district_id BIGINT NOT NULL REFERENCES district (id),
  school_id BIGINT NOT NULL REFERENCES school (id),
  first_name TEXT NOT NULL,
  last_name TEXT NOT NULL,
  birth_date TEXT NOT NULL,
  grade TEXT NOT NULL,
  home_language TEXT NOT NULL,
  case_manager_id BIGINT REFERENCES staff (id),
  source_id TEXT,
  version BIGINT NOT NULL,
  UNIQUE (district_id, source_id)
);
CREATE INDEX student_by_district ON student (district_id, grade, id);
CREATE INDEX student_by_school ON student (school_id, grade, id);
CREATE INDEX student_by_case_manager ON student (case_manager_id, id);

CREATE TABLE guardian (
  id ID_PRIMARY_KEY,
  district_id BIGINT NOT NULL REFERENCES district (id),
  first_name TEXT NOT NULL,
  last_name TEXT NOT NULL,
  email TEXT NOT NULL,
  phone TEXT NOT NULL,
  preferred_language TEXT NOT NULL,
  source_id TEXT,
  version BIGINT NOT NULL,
  UNIQUE (district_id, source_id)
);
CREATE INDEX guardian_by_district ON guardian (district_id, id);

CREATE TABLE guardian_link (
  district_id BIGINT NOT NULL REFERENCES district (id),
  guardian_id BIGINT NOT NULL REFERENCES guardian (id) ON DELETE CASCADE,
  student_id BIGINT NOT NULL REFERENCES student (id) ON DELETE CASCADE,
  relation TEXT NOT NULL,
  custody_restricted INTEGER NOT NULL,
  PRIMARY KEY (guardian_id, student_id)
);
CREATE INDEX guardian_link_by_student ON guardian_link (student_id, guardian_id);

CREATE TABLE section (
  id ID_PRIMARY_KEY,
  district_id BIGINT NOT NULL REFERENCES district (id),
  school_id BIGINT NOT NULL REFERENCES school (id),
  course TEXT NOT NULL,
  code TEXT NOT NULL,
  general_educator_id BIGINT REFERENCES staff (id),
  room_id BIGINT REFERENCES room (id),
  source_id TEXT,
  version BIGINT NOT NULL,
  UNIQUE (district_id, source_id)
);
CREATE INDEX section_by_school ON section (school_id, id);
CREATE INDEX section_by_general_educator ON section (general_educator_id, id);
CREATE INDEX section_by_room ON section (room_id);

CREATE TABLE section_meeting (
  district_id BIGINT NOT NULL REFERENCES district (id),
  section_id BIGINT NOT NULL REFERENCES section (id) ON DELETE CASCADE,
  position INTEGER NOT NULL,
  weekday INTEGER NOT NULL,
  start_minute INTEGER NOT NULL,
  end_minute INTEGER NOT NULL,
  PRIMARY KEY (section_id, position)
);

CREATE TABLE enrolment (
  id ID_PRIMARY_KEY,
  district_id BIGINT NOT NULL REFERENCES district (id),
  student_id BIGINT NOT NULL REFERENCES student (id),
  section_id BIGINT NOT NULL REFERENCES section (id),
  start_date TEXT NOT NULL,
  end_date TEXT,
  version BIGINT NOT NULL
);
CREATE INDEX enrolment_by_student ON enrolment (student_id, id);
CREATE INDEX enrolment_by_section ON enrolment (section_id, id);
)sql"},

    {2, "iep", R"sql(
CREATE TABLE iep (
  id ID_PRIMARY_KEY,
  district_id BIGINT NOT NULL REFERENCES district (id),
  student_id BIGINT NOT NULL REFERENCES student (id),
  status TEXT NOT NULL,
  start_date TEXT NOT NULL,
  end_date TEXT NOT NULL,
  annual_review TEXT NOT NULL,
  case_manager_id BIGINT REFERENCES staff (id),
  source_id TEXT,
  version BIGINT NOT NULL,
  UNIQUE (district_id, source_id)
);
CREATE INDEX iep_by_student ON iep (student_id, status, id);
CREATE INDEX iep_by_case_manager ON iep (case_manager_id);

CREATE TABLE iep_service (
  id ID_PRIMARY_KEY,
  district_id BIGINT NOT NULL REFERENCES district (id),
  iep_id BIGINT NOT NULL REFERENCES iep (id) ON DELETE CASCADE,
  position INTEGER NOT NULL,
  type TEXT NOT NULL,
  minutes INTEGER NOT NULL,
  period TEXT NOT NULL,
  setting TEXT NOT NULL,
  delivery TEXT NOT NULL,
  start_date TEXT NOT NULL,
  end_date TEXT NOT NULL
);
CREATE INDEX iep_service_by_iep ON iep_service (iep_id, position);

CREATE TABLE iep_goal (
  id ID_PRIMARY_KEY,
  district_id BIGINT NOT NULL REFERENCES district (id),
  iep_id BIGINT NOT NULL REFERENCES iep (id) ON DELETE CASCADE,
  position INTEGER NOT NULL,
  area TEXT NOT NULL,
  statement TEXT NOT NULL,
  measurement TEXT,
  baseline DOUBLE PRECISION NOT NULL,
  target DOUBLE PRECISION NOT NULL,
  unit TEXT NOT NULL,
  target_date TEXT NOT NULL
);
CREATE INDEX iep_goal_by_iep ON iep_goal (iep_id, position);

CREATE TABLE iep_accommodation (
  id ID_PRIMARY_KEY,
  district_id BIGINT NOT NULL REFERENCES district (id),
  iep_id BIGINT NOT NULL REFERENCES iep (id) ON DELETE CASCADE,
  position INTEGER NOT NULL,
  kind TEXT NOT NULL,
  description TEXT NOT NULL
);
CREATE INDEX iep_accommodation_by_iep ON iep_accommodation (iep_id, position);

CREATE TABLE iep_accommodation_setting (
  district_id BIGINT NOT NULL REFERENCES district (id),
  accommodation_id BIGINT NOT NULL REFERENCES iep_accommodation (id) ON DELETE CASCADE,
  position INTEGER NOT NULL,
  setting TEXT NOT NULL,
  PRIMARY KEY (accommodation_id, position)
);

CREATE TABLE iep_regulation_level (
  district_id BIGINT NOT NULL REFERENCES district (id),
  iep_id BIGINT NOT NULL REFERENCES iep (id) ON DELETE CASCADE,
  position INTEGER NOT NULL,
  level INTEGER NOT NULL,
  student_signs TEXT NOT NULL,
  staff_response TEXT NOT NULL,
  PRIMARY KEY (iep_id, position)
);

CREATE TABLE iep_one_to_one (
  iep_id BIGINT PRIMARY KEY REFERENCES iep (id) ON DELETE CASCADE,
  district_id BIGINT NOT NULL REFERENCES district (id),
  justification TEXT NOT NULL,
  start_date TEXT NOT NULL,
  next_review TEXT
);
)sql"},

    {3, "student_day", R"sql(
CREATE TABLE student_day (
  student_id BIGINT PRIMARY KEY REFERENCES student (id) ON DELETE CASCADE,
  district_id BIGINT NOT NULL REFERENCES district (id),
  version BIGINT NOT NULL
);

CREATE TABLE day_block (
  id ID_PRIMARY_KEY,
  district_id BIGINT NOT NULL REFERENCES district (id),
  student_id BIGINT NOT NULL REFERENCES student_day (student_id) ON DELETE CASCADE,
  position INTEGER NOT NULL,
  weekday INTEGER NOT NULL,
  start_minute INTEGER NOT NULL,
  end_minute INTEGER NOT NULL,
  section_id BIGINT REFERENCES section (id),
  room_id BIGINT REFERENCES room (id),
  activity TEXT NOT NULL,
  support TEXT NOT NULL,
  one_to_one INTEGER NOT NULL
);
CREATE INDEX day_block_by_student ON day_block (student_id, position);
CREATE INDEX day_block_by_section ON day_block (section_id);
CREATE INDEX day_block_by_room ON day_block (room_id);

CREATE TABLE day_block_skill (
  district_id BIGINT NOT NULL REFERENCES district (id),
  block_id BIGINT NOT NULL REFERENCES day_block (id) ON DELETE CASCADE,
  position INTEGER NOT NULL,
  skill TEXT NOT NULL,
  PRIMARY KEY (block_id, position)
);
)sql"},
    {4, "plans_and_capture", R"sql(
CREATE TABLE service_plan (
  id ID_PRIMARY_KEY,
  district_id BIGINT NOT NULL REFERENCES district (id),
  section_id BIGINT NOT NULL REFERENCES section (id),
  lesson_date TEXT NOT NULL,
  status TEXT NOT NULL,
  document TEXT NOT NULL,
  version BIGINT NOT NULL,
  UNIQUE (section_id, lesson_date)
);
CREATE INDEX service_plan_by_date ON service_plan (lesson_date, id);

CREATE TABLE service_plan_adult (
  district_id BIGINT NOT NULL REFERENCES district (id),
  plan_id BIGINT NOT NULL REFERENCES service_plan (id),
  staff_id BIGINT NOT NULL REFERENCES staff (id),
  PRIMARY KEY (plan_id, staff_id)
);
CREATE INDEX service_plan_adult_by_staff ON service_plan_adult (staff_id, plan_id);

CREATE TABLE service_plan_version (
  district_id BIGINT NOT NULL REFERENCES district (id),
  plan_id BIGINT NOT NULL REFERENCES service_plan (id),
  version BIGINT NOT NULL,
  changed_by BIGINT NOT NULL REFERENCES staff (id),
  changed_at TEXT NOT NULL,
  document TEXT NOT NULL,
  PRIMARY KEY (plan_id, version)
);

CREATE TABLE capture_record (
  id TEXT PRIMARY KEY,
  district_id BIGINT NOT NULL REFERENCES district (id),
  kind TEXT NOT NULL,
  student_id BIGINT NOT NULL REFERENCES student (id),
  recorded_by BIGINT NOT NULL REFERENCES staff (id),
  created_at TEXT NOT NULL,
  record_date TEXT NOT NULL,
  service_id BIGINT,
  minutes INTEGER NOT NULL,
  review TEXT NOT NULL,
  reviewed_by BIGINT REFERENCES staff (id),
  version BIGINT NOT NULL,
  content TEXT NOT NULL,
  received_at TEXT NOT NULL
);
CREATE INDEX capture_by_student ON capture_record (student_id, record_date, id);
CREATE INDEX capture_by_recorder ON capture_record (recorded_by, id);
CREATE INDEX capture_by_review ON capture_record (review, id);

CREATE TABLE capture_version (
  record_id TEXT NOT NULL REFERENCES capture_record (id),
  version BIGINT NOT NULL,
  district_id BIGINT NOT NULL REFERENCES district (id),
  changed_by BIGINT NOT NULL REFERENCES staff (id),
  changed_at TEXT NOT NULL,
  reason TEXT NOT NULL,
  changes TEXT NOT NULL,
  content TEXT NOT NULL,
  PRIMARY KEY (record_id, version)
);
)sql"},
    // Accounts, sessions, API tokens, sign-in throttling, the audit log of
    // access to student records and staff-student assignments
    // (store/security.h). Session and token secrets are stored only as hashes.
    // audit_event has no REFERENCES to the account or the student on
    // purpose: the record of who saw a student must outlive both.
    {5, "security", R"sql(
CREATE TABLE account (
  id ID_PRIMARY_KEY,
  district_id BIGINT NOT NULL REFERENCES district (id),
  email TEXT NOT NULL UNIQUE,
  kind TEXT NOT NULL,
  person_id BIGINT NOT NULL,
  password_hash TEXT NOT NULL,
  disabled INTEGER NOT NULL,
  created_at BIGINT NOT NULL,
  password_changed_at BIGINT NOT NULL,
  UNIQUE (kind, person_id)
);

CREATE TABLE account_session (
  id ID_PRIMARY_KEY,
  district_id BIGINT NOT NULL REFERENCES district (id),
  account_id BIGINT NOT NULL REFERENCES account (id),
  token_hash TEXT NOT NULL UNIQUE,
  csrf_token TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  last_seen_at BIGINT NOT NULL,
  expires_at BIGINT NOT NULL,
  ended_at BIGINT,
  user_agent TEXT NOT NULL
);
CREATE INDEX account_session_by_account ON account_session (account_id, id);

CREATE TABLE api_token (
  id ID_PRIMARY_KEY,
  district_id BIGINT NOT NULL REFERENCES district (id),
  account_id BIGINT NOT NULL REFERENCES account (id),
  name TEXT NOT NULL,
  scope TEXT NOT NULL,
  token_hash TEXT NOT NULL UNIQUE,
  created_at BIGINT NOT NULL,
  expires_at BIGINT,
  revoked_at BIGINT,
  last_used_at BIGINT
);
CREATE INDEX api_token_by_account ON api_token (account_id, id);

CREATE TABLE login_throttle (
  throttle_key TEXT PRIMARY KEY,
  failures INTEGER NOT NULL,
  window_start BIGINT NOT NULL,
  locked_until BIGINT NOT NULL
);

CREATE TABLE audit_event (
  id ID_PRIMARY_KEY,
  district_id BIGINT NOT NULL REFERENCES district (id),
  at BIGINT NOT NULL,
  account_id BIGINT NOT NULL,
  role TEXT NOT NULL,
  staff_id BIGINT,
  guardian_id BIGINT,
  student_id BIGINT NOT NULL,
  family TEXT NOT NULL,
  record_id BIGINT NOT NULL,
  action TEXT NOT NULL,
  method TEXT NOT NULL,
  route TEXT NOT NULL,
  result TEXT NOT NULL,
  rule TEXT NOT NULL,
  request_id TEXT NOT NULL
);
CREATE INDEX audit_event_by_student ON audit_event (district_id, student_id, id);
CREATE INDEX audit_event_by_time ON audit_event (district_id, at, id);

CREATE TABLE staff_assignment (
  id ID_PRIMARY_KEY,
  district_id BIGINT NOT NULL REFERENCES district (id),
  staff_id BIGINT NOT NULL REFERENCES staff (id),
  student_id BIGINT NOT NULL REFERENCES student (id),
  start_date TEXT NOT NULL,
  end_date TEXT,
  source TEXT NOT NULL
);
CREATE INDEX staff_assignment_by_staff ON staff_assignment (staff_id, id);
CREATE INDEX staff_assignment_by_student ON staff_assignment (student_id, id);
)sql"},
    // What the district's system states and paraplan keeps as stated
    // (store/program_store.h): staff absences (Ed-Fi StaffLeave) and special
    // education programs (Ed-Fi StudentSpecialEducationProgramAssociation).
    // Disabilities and services are JSON lists of descriptor code values.
    {6, "absences_and_programs", R"sql(
CREATE TABLE staff_absence (
  id ID_PRIMARY_KEY,
  district_id BIGINT NOT NULL REFERENCES district (id),
  staff_id BIGINT NOT NULL REFERENCES staff (id),
  first_day TEXT NOT NULL,
  last_day TEXT,
  category TEXT NOT NULL,
  reason TEXT NOT NULL,
  source_id TEXT,
  UNIQUE (district_id, source_id)
);
CREATE INDEX staff_absence_by_staff ON staff_absence (staff_id, first_day, id);

CREATE TABLE special_education_program (
  id ID_PRIMARY_KEY,
  district_id BIGINT NOT NULL REFERENCES district (id),
  student_id BIGINT NOT NULL REFERENCES student (id),
  iep_id BIGINT REFERENCES iep (id),
  program_name TEXT NOT NULL,
  begin_date TEXT NOT NULL,
  end_date TEXT,
  idea_eligible INTEGER,
  stated_setting TEXT NOT NULL,
  stated_environment TEXT,
  special_education_hours_per_week DOUBLE PRECISION,
  school_hours_per_week DOUBLE PRECISION,
  computed_environment TEXT,
  disabilities TEXT NOT NULL,
  program_services TEXT NOT NULL,
  exit_date TEXT,
  exit_reason TEXT NOT NULL,
  source_id TEXT,
  UNIQUE (district_id, source_id)
);
CREATE INDEX special_education_program_by_student
  ON special_education_program (student_id, begin_date, id);
CREATE INDEX special_education_program_by_iep ON special_education_program (iep_id);
)sql"},
    // Para schedules (store/schedule_store.h): the optimizer's plan of one
    // school and week, and one-day re-plans for an absent para made from it.
    {7, "para_schedules", R"sql(
CREATE TABLE para_schedule (
  id ID_PRIMARY_KEY,
  district_id BIGINT NOT NULL REFERENCES district (id),
  school_id BIGINT NOT NULL REFERENCES school (id),
  week_start TEXT NOT NULL,
  day TEXT,
  absent_staff_id BIGINT REFERENCES staff (id),
  base_id BIGINT REFERENCES para_schedule (id),
  status TEXT NOT NULL,
  problem TEXT NOT NULL,
  plan TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  created_by BIGINT REFERENCES staff (id),
  published_at BIGINT,
  published_by BIGINT REFERENCES staff (id)
);
CREATE INDEX para_schedule_by_week ON para_schedule (school_id, week_start, id);
CREATE INDEX para_schedule_published ON para_schedule (district_id, status, week_start, id);
)sql"},
    // Lists of a school's or a district's students page by id. The indexes
    // above put grade before id, so PostgreSQL walked the primary key and
    // skipped every earlier school's students instead (12 ms a page in a
    // 200,000-student state, against 0.2 ms on SQLite, which sorts the
    // school's few hundred students).
    {8, "students_by_school_and_district_in_id_order", R"sql(
CREATE INDEX student_by_school_id ON student (school_id, id);
CREATE INDEX student_by_district_id ON student (district_id, id);
)sql"},
    // A re-plan made when a para marked away is at work after all names that
    // para (store/schedule_store.h).
    {9, "para_schedule_returned_staff", R"sql(
ALTER TABLE para_schedule ADD COLUMN returned_staff_id BIGINT REFERENCES staff (id);
)sql"},
    // Publishing a schedule replaces the assignments of its school and week
    // only (store/security.h, ReplaceScheduleWeekIn), so each schedule
    // assignment keeps its school: a para's, as the schedule had them.
    {10, "staff_assignment_school", R"sql(
ALTER TABLE staff_assignment ADD COLUMN school_id BIGINT REFERENCES school (id);
UPDATE staff_assignment SET school_id = (SELECT school_id FROM staff
  WHERE staff.id = staff_assignment.staff_id) WHERE source = 'schedule';
CREATE INDEX staff_assignment_by_school ON staff_assignment (school_id, start_date);
)sql"},
    // The days the schedule board has a para at work although leave from
    // the district's records covers them (store/program_store.h,
    // MarkAtWork): one a staff member and day.
    {11, "staff_at_work", R"sql(
CREATE TABLE staff_at_work (
  id ID_PRIMARY_KEY,
  district_id BIGINT NOT NULL REFERENCES district (id),
  staff_id BIGINT NOT NULL REFERENCES staff (id),
  day TEXT NOT NULL,
  schedule_id BIGINT NOT NULL REFERENCES para_schedule (id),
  UNIQUE (staff_id, day)
);
)sql"},
    // A week made again with the fewest changes to its published schedule
    // names that schedule (store/schedule_store.h).
    {12, "para_schedule_updated_from", R"sql(
ALTER TABLE para_schedule ADD COLUMN updated_from_id BIGINT REFERENCES para_schedule (id);
)sql"},
    // The coordinator's keep-apart list: a para who must not support a
    // student (store/schedule_store.h). A pair goes with either person.
    {13, "para_keep_apart", R"sql(
CREATE TABLE para_keep_apart (
  id ID_PRIMARY_KEY,
  district_id BIGINT NOT NULL REFERENCES district (id),
  staff_id BIGINT NOT NULL REFERENCES staff (id) ON DELETE CASCADE,
  student_id BIGINT NOT NULL REFERENCES student (id) ON DELETE CASCADE,
  reason TEXT NOT NULL,
  created_by BIGINT REFERENCES staff (id) ON DELETE SET NULL,
  created_at BIGINT NOT NULL,
  UNIQUE (staff_id, student_id)
);
CREATE INDEX para_keep_apart_by_student ON para_keep_apart (student_id);
)sql"},
    // A para has read the changes a published re-plan or update makes to
    // their day: the board shows who has and who has not
    // (store/schedule_store.h).
    {14, "para_schedule_seen", R"sql(
CREATE TABLE para_schedule_seen (
  schedule_id BIGINT NOT NULL REFERENCES para_schedule (id) ON DELETE CASCADE,
  staff_id BIGINT NOT NULL REFERENCES staff (id) ON DELETE CASCADE,
  day TEXT NOT NULL,
  seen_at BIGINT NOT NULL,
  PRIMARY KEY (schedule_id, staff_id, day)
);
)sql"},
    // A student the school marks absent on a day: the week made or updated
    // after it plans no adult for them that day (store/schedule_store.h).
    {15, "student_absence", R"sql(
CREATE TABLE student_absence (
  id ID_PRIMARY_KEY,
  district_id BIGINT NOT NULL REFERENCES district (id),
  student_id BIGINT NOT NULL REFERENCES student (id) ON DELETE CASCADE,
  day TEXT NOT NULL,
  recorded_by BIGINT REFERENCES staff (id) ON DELETE SET NULL,
  recorded_at BIGINT NOT NULL,
  UNIQUE (student_id, day)
);
CREATE INDEX student_absence_by_day ON student_absence (day);
)sql"},
    // The service sessions of a school's students before a week, from which
    // the make-up minutes owed are counted on each run and update of the
    // week (CaptureStore::ServiceSessions): by student and day, so the
    // read is one school's sessions rather than the district's records.
    {16, "capture_service_sessions", R"sql(
CREATE INDEX capture_service_sessions ON capture_record (student_id, record_date)
  WHERE kind = 'service_session';
)sql"},
    // Append new migrations here.
};

}  // namespace

std::span<const Migration> Migrations() { return kMigrations; }

std::string RenderMigration(std::string_view script, sql::Dialect dialect) {
  constexpr std::string_view kToken = "ID_PRIMARY_KEY";
  const std::string_view replacement = dialect == sql::Dialect::kSqlite
                                           ? "INTEGER PRIMARY KEY AUTOINCREMENT"
                                           : "BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY";
  std::string rendered;
  rendered.reserve(script.size());
  std::size_t from = 0;
  for (std::size_t at = script.find(kToken); at != std::string_view::npos;
       at = script.find(kToken, from)) {
    rendered.append(script.substr(from, at - from));
    rendered.append(replacement);
    from = at + kToken.size();
  }
  rendered.append(script.substr(from));
  return rendered;
}

}  // namespace paraplan
