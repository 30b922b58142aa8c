// The one storage interface of paraplan. Backends (SQLite in sqlite/,
// PostgreSQL in postgres/) implement Store and Transaction; the contract
// test suite in tests/store runs against every backend.
//
// Work happens in transactions: Store::Write runs a function inside one
// write transaction and commits when it returns success, rolls back when it
// returns an error; Store::Read runs it in a read transaction (a consistent
// snapshot). A write acknowledged by Write's success is durable.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "domain/error.h"
#include "domain/model.h"

namespace paraplan {

class SqlRunner;

// Keyset pagination: records with id greater than `after`, at most `limit`.
struct Page {
  Id after = 0;
  int limit = 100;
};

struct StudentFilter {
  std::optional<Id> district_id;
  std::optional<Id> school_id;
  std::optional<Id> section_id;       // students enrolled in this section
  std::optional<Id> case_manager_id;  // a special educator's caseload
  std::optional<Grade> grade;
  std::optional<bool> has_iep;  // with an active or draft IEP
  Page page;
};

struct StaffFilter {
  std::optional<Id> district_id;
  std::optional<Id> school_id;
  std::optional<StaffRole> role;
  Page page;
};

struct SectionFilter {
  std::optional<Id> school_id;
  std::optional<Id> general_educator_id;
  std::optional<Id> student_id;  // sections the student is enrolled in
  Page page;
};

// Kinds of record, for generic operations (delete, count).
enum class RecordKind {
  kDistrict,
  kSchool,
  kRoom,
  kCalendar,
  kStaff,
  kStudent,
  kGuardian,
  kSection,
  kEnrolment,
  kIep,
};

std::string_view NameOf(RecordKind kind);

// A unit of work against the store. Insert assigns and returns the id (the
// record's own id and version are ignored). Update refuses with kConflict
// when record.version differs from the stored version (another writer got
// there first) and returns the new version. Get returns kNotFound for a
// missing id. Constraint violations (a missing referenced record, a
// duplicate source_id) come back as kInvalidArgument or kAlreadyExists
// errors naming the field, never as exceptions.
class Transaction {
 public:
  virtual ~Transaction() = default;

  virtual Result<Id> Insert(const District& district) = 0;
  virtual Result<Id> Insert(const School& school) = 0;
  virtual Result<Id> Insert(const Room& room) = 0;
  virtual Result<Id> Insert(const SchoolCalendar& calendar) = 0;
  virtual Result<Id> Insert(const Staff& staff) = 0;
  virtual Result<Id> Insert(const Student& student) = 0;
  virtual Result<Id> Insert(const Guardian& guardian) = 0;
  virtual Result<Id> Insert(const Section& section) = 0;
  virtual Result<Id> Insert(const Enrolment& enrolment) = 0;
  // Inserts the IEP with its services, goals, accommodations, regulation plan
  // and one-to-one designation; ids of the nested items are assigned too.
  virtual Result<Id> Insert(const Iep& iep) = 0;
  // Links a guardian to a student, or replaces the relation and custody
  // restriction of an existing link.
  virtual Result<void> Link(const GuardianLink& link) = 0;
  // Replaces the student's day (all blocks) and bumps its version. Like
  // Update, refuses with kConflict when day.version differs from the stored
  // version (0 when the student has no stored day yet).
  virtual Result<std::int64_t> Put(const StudentDay& day) = 0;

  virtual Result<std::int64_t> Update(const District& district) = 0;
  virtual Result<std::int64_t> Update(const School& school) = 0;
  virtual Result<std::int64_t> Update(const Room& room) = 0;
  virtual Result<std::int64_t> Update(const SchoolCalendar& calendar) = 0;
  virtual Result<std::int64_t> Update(const Staff& staff) = 0;
  virtual Result<std::int64_t> Update(const Student& student) = 0;
  virtual Result<std::int64_t> Update(const Guardian& guardian) = 0;
  virtual Result<std::int64_t> Update(const Section& section) = 0;
  virtual Result<std::int64_t> Update(const Enrolment& enrolment) = 0;
  // Replaces the IEP and all its nested items.
  virtual Result<std::int64_t> Update(const Iep& iep) = 0;

  // Deletes a record. kFailedPrecondition when other records still refer to it.
  virtual Result<void> Delete(RecordKind kind, Id id) = 0;
  virtual Result<void> Unlink(Id guardian_id, Id student_id) = 0;

  virtual Result<District> GetDistrict(Id id) = 0;
  virtual Result<School> GetSchool(Id id) = 0;
  virtual Result<Room> GetRoom(Id id) = 0;
  virtual Result<SchoolCalendar> GetCalendar(Id id) = 0;
  virtual Result<Staff> GetStaff(Id id) = 0;
  virtual Result<Student> GetStudent(Id id) = 0;
  virtual Result<Guardian> GetGuardian(Id id) = 0;
  virtual Result<Section> GetSection(Id id) = 0;
  virtual Result<Enrolment> GetEnrolment(Id id) = 0;
  virtual Result<Iep> GetIep(Id id) = 0;
  // The student's day; an empty day (version 0) when none was stored.
  virtual Result<StudentDay> GetStudentDay(Id student_id) = 0;

  // Finds a record by the id it has in the system it was imported from.
  // Source ids are unique per district (a district's own, overall), so this
  // returns kFailedPrecondition when several districts use `source_id`;
  // importers should prefer the overload that names the district.
  virtual Result<std::optional<Id>> FindBySourceId(RecordKind kind, std::string_view source_id) = 0;
  // Finds a record by source id within one district. For kDistrict the
  // district id is ignored.
  virtual Result<std::optional<Id>> FindBySourceId(RecordKind kind, Id district_id,
                                                   std::string_view source_id) = 0;

  virtual Result<std::vector<District>> ListDistricts(Page page) = 0;
  virtual Result<std::vector<School>> ListSchools(std::optional<Id> district_id, Page page) = 0;
  virtual Result<std::vector<Room>> ListRooms(Id school_id, Page page) = 0;
  virtual Result<std::vector<SchoolCalendar>> ListCalendars(Id school_id) = 0;
  virtual Result<std::vector<Staff>> ListStaff(const StaffFilter& filter) = 0;
  virtual Result<std::vector<Student>> ListStudents(const StudentFilter& filter) = 0;
  virtual Result<std::vector<Section>> ListSections(const SectionFilter& filter) = 0;
  virtual Result<std::vector<Enrolment>> ListEnrolments(std::optional<Id> student_id,
                                                        std::optional<Id> section_id,
                                                        Page page) = 0;
  virtual Result<std::vector<Iep>> ListIeps(Id student_id) = 0;
  virtual Result<std::vector<GuardianLink>> ListGuardianLinks(std::optional<Id> student_id,
                                                              std::optional<Id> guardian_id) = 0;

  virtual Result<std::int64_t> Count(RecordKind kind) = 0;
};

class Store {
 public:
  virtual ~Store() = default;

  // Runs `work` in one write transaction. Commits if it succeeds; rolls back
  // and returns its error otherwise. Transient contention is retried inside.
  virtual Result<void> Write(const std::function<Result<void>(Transaction&)>& work) = 0;

  // Runs `work` in one read-only transaction over a consistent snapshot.
  virtual Result<void> Read(const std::function<Result<void>(Transaction&)>& work) = 0;

  // Like Read and Write, confined to one district where the backend can
  // enforce it: on PostgreSQL, row-level security makes other districts'
  // rows invisible and unwritable whatever the queries ask for, a defence in
  // depth beneath the application's own filters. SQLite, which keeps one
  // deployment in one file, runs them as plain Read and Write
  // (EnforcesDistrictIsolation() tells which).
  virtual Result<void> ReadInDistrict(Id district_id,
                                      const std::function<Result<void>(Transaction&)>& work) {
    static_cast<void>(district_id);
    return Read(work);
  }
  virtual Result<void> WriteInDistrict(Id district_id,
                                       const std::function<Result<void>(Transaction&)>& work) {
    static_cast<void>(district_id);
    return Write(work);
  }
  virtual bool EnforcesDistrictIsolation() const { return false; }

  // The SQL backend behind this store, for the plan and capture stores that
  // share its database and transactions (store/sql_runner.h); nullptr for a
  // store that has none, such as a test decorator.
  virtual SqlRunner* sql_runner() { return nullptr; }

  // The schema version the database is at (the number of migrations applied).
  virtual int SchemaVersion() const = 0;

  // Verifies the database file or server is internally consistent
  // (PRAGMA integrity_check and foreign_key_check on SQLite).
  virtual Result<void> CheckIntegrity() = 0;
};

// Opens the store a --db argument names: a SQLite file path, `sqlite:FILE`,
// or `postgresql://...` (with optional pool_size=N and schema=NAME
// parameters, see postgres/postgres_store.h). Creates the database and
// applies pending migrations.
Result<std::unique_ptr<Store>> OpenStore(std::string_view url);

// Whether a --db argument names a PostgreSQL database (postgresql:// or
// postgres://) rather than SQLite.
bool IsPostgresUrl(std::string_view url);

// The file a --db argument names when it names a SQLite database (a path,
// `sqlite:FILE` or `sqlite://FILE`); nullopt for PostgreSQL, another scheme
// or `sqlite:` with no file.
std::optional<std::string> SqliteFileOf(std::string_view url);

}  // namespace paraplan
