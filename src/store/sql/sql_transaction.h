// The record logic shared by every backend: how each record of
// domain/model.h maps to tables, the checks that run before a write
// (validation, references, source-id uniqueness, versions) and the error
// each failure becomes. A backend supplies a sql::Session already inside a
// transaction; SqlTransaction never begins or ends one.
#pragma once

#include <map>
#include <set>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include "domain/validation.h"
#include "store/sql/session.h"
#include "store/store.h"

namespace paraplan::sql {

enum class TransactionMode { kRead, kWrite };

class SqlTransaction final : public Transaction {
 public:
  SqlTransaction(Session& session, TransactionMode mode) : session_(session), mode_(mode) {}

  Result<Id> Insert(const District& district) override;
  Result<Id> Insert(const School& school) override;
  Result<Id> Insert(const Room& room) override;
  Result<Id> Insert(const SchoolCalendar& calendar) override;
  Result<Id> Insert(const Staff& staff) override;
  Result<Id> Insert(const Student& student) override;
  Result<Id> Insert(const Guardian& guardian) override;
  Result<Id> Insert(const Section& section) override;
  Result<Id> Insert(const Enrolment& enrolment) override;
  Result<Id> Insert(const Iep& iep) override;
  Result<void> Link(const GuardianLink& link) override;
  Result<std::int64_t> Put(const StudentDay& day) override;

  Result<std::int64_t> Update(const District& district) override;
  Result<std::int64_t> Update(const School& school) override;
  Result<std::int64_t> Update(const Room& room) override;
  Result<std::int64_t> Update(const SchoolCalendar& calendar) override;
  Result<std::int64_t> Update(const Staff& staff) override;
  Result<std::int64_t> Update(const Student& student) override;
  Result<std::int64_t> Update(const Guardian& guardian) override;
  Result<std::int64_t> Update(const Section& section) override;
  Result<std::int64_t> Update(const Enrolment& enrolment) override;
  Result<std::int64_t> Update(const Iep& iep) override;

  Result<void> Delete(RecordKind kind, Id id) override;
  Result<void> Unlink(Id guardian_id, Id student_id) override;

  Result<District> GetDistrict(Id id) override;
  Result<School> GetSchool(Id id) override;
  Result<Room> GetRoom(Id id) override;
  Result<SchoolCalendar> GetCalendar(Id id) override;
  Result<Staff> GetStaff(Id id) override;
  Result<Student> GetStudent(Id id) override;
  Result<Guardian> GetGuardian(Id id) override;
  Result<Section> GetSection(Id id) override;
  Result<Enrolment> GetEnrolment(Id id) override;
  Result<Iep> GetIep(Id id) override;
  Result<StudentDay> GetStudentDay(Id student_id) override;

  Result<std::optional<Id>> FindBySourceId(RecordKind kind, std::string_view source_id) override;
  Result<std::optional<Id>> FindBySourceId(RecordKind kind, Id district_id,
                                           std::string_view source_id) override;

  Result<std::vector<District>> ListDistricts(Page page) override;
  Result<std::vector<School>> ListSchools(std::optional<Id> district_id, Page page) override;
  Result<std::vector<Room>> ListRooms(Id school_id, Page page) override;
  Result<std::vector<SchoolCalendar>> ListCalendars(Id school_id) override;
  Result<std::vector<Staff>> ListStaff(const StaffFilter& filter) override;
  Result<std::vector<Student>> ListStudents(const StudentFilter& filter) override;
  Result<std::vector<Section>> ListSections(const SectionFilter& filter) override;
  Result<std::vector<Enrolment>> ListEnrolments(std::optional<Id> student_id,
                                                std::optional<Id> section_id, Page page) override;
  Result<std::vector<Iep>> ListIeps(Id student_id) override;
  Result<std::vector<GuardianLink>> ListGuardianLinks(std::optional<Id> student_id,
                                                      std::optional<Id> guardian_id) override;

  Result<std::int64_t> Count(RecordKind kind) override;

 private:
  Result<void> RequireWrite() const;
  Result<Rows> Query(std::string_view statement, std::span<const Value> params) {
    return session_.Query(statement, params);
  }
  Result<Rows> Query(std::string_view statement, std::initializer_list<Value> params) {
    return session_.Query(statement, params);
  }
  Result<std::int64_t> Execute(std::string_view statement, std::initializer_list<Value> params) {
    return session_.Execute(statement, params);
  }
  Result<void> ExecuteLater(std::string_view statement, std::initializer_list<Value> params) {
    return session_.ExecuteLater(statement, params);
  }
  // Runs `INSERT INTO t (...) VALUES (...) RETURNING id` and returns the id;
  // where the backend hands out ids ahead (ReserveIds), the row is inserted
  // under a reserved id without waiting.
  Result<Id> InsertReturningId(std::string_view statement, std::initializer_list<Value> params);
  Result<std::optional<Id>> ReservedId(std::string_view table);

  // The district of the record `id` of `table`, nullopt when there is none.
  // Answers are remembered for the rest of the transaction (and inserts
  // remember their own), so a batch of students of one school asks for the
  // school's, sections' and rooms' districts once; Update and Delete forget
  // them all when they return.
  Result<std::optional<Id>> DistrictOf(std::string_view table, Id id);
  Id Remember(std::string_view table, Id id, Id district_id);
  // Also remembers the record's source id, which FindBySourceId answers
  // from then on; it remembers its own answers, found or not, the same way.
  Id Remember(RecordKind kind, Id id, Id district_id, std::string_view source_id);
  using SourceIdKey = std::tuple<RecordKind, Id, std::string>;
  static SourceIdKey SourceKey(RecordKind kind, Id district_id, std::string_view source_id);
  void Forget();
  // Forgets when an Update or Delete returns, since it may have changed or
  // removed what was remembered (even what it looked up itself).
  class ForgetWhenDone {
   public:
    explicit ForgetWhenDone(SqlTransaction& transaction) : transaction_(transaction) {}
    ForgetWhenDone(const ForgetWhenDone&) = delete;
    ForgetWhenDone& operator=(const ForgetWhenDone&) = delete;
    ~ForgetWhenDone() { transaction_.Forget(); }

   private:
    SqlTransaction& transaction_;
  };
  Result<void> CheckSourceIdFree(RecordKind kind, Id district_id, std::string_view source_id,
                                 Id self);
  Result<std::int64_t> FinishUpdate(std::int64_t changed, RecordKind kind, Id id,
                                    std::int64_t expected_version);

  Result<void> WriteCalendarDays(const SchoolCalendar& calendar, Id district_id);
  Result<void> WriteStaffDetails(const Staff& staff, Id id);
  Result<void> WriteMeetings(const Section& section, Id id, Id district_id);
  // Whether an IEP's items are its first or replace stored ones.
  enum class Items { kNew, kReplace };
  Result<void> WriteIepItems(const Iep& iep, Id id, Id district_id, Items items);
  Result<void> CheckIepItemIds(const Iep& iep, Id id);
  Result<void> CheckStaffReferences(const Staff& staff, Problems& problems);
  Result<Id> CheckStudentReferences(const Student& student, Problems& problems);
  Result<Id> CheckSectionReferences(const Section& section, Problems& problems);
  Result<Id> CheckEnrolmentReferences(const Enrolment& enrolment, Problems& problems);
  Result<Id> CheckIepReferences(const Iep& iep, Problems& problems);
  Result<void> ValidateIep(const Iep& iep);

  Result<School> ReadSchool(const Row& row);
  Result<SchoolCalendar> ReadCalendar(const Row& row);
  Result<Staff> ReadStaff(const Row& row);
  Result<Section> ReadSection(const Row& row);
  Result<Iep> ReadIep(const Row& row);

  Session& session_;
  TransactionMode mode_;
  std::map<std::pair<std::string, Id>, Id> districts_;
  std::map<SourceIdKey, std::optional<Id>> source_ids_;
  // Students this transaction inserted and gave no day yet.
  std::set<Id> students_without_day_;
  // Ids reserved per table and not used yet (last is next), and the size
  // of the last block reserved.
  struct Reserved {
    std::vector<Id> ids;
    int block = 0;
  };
  std::map<std::string, Reserved, std::less<>> reserved_;
};

}  // namespace paraplan::sql
