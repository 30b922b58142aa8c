#include "store/fault_injecting_store.h"

#include <fmt/format.h>

namespace paraplan {
namespace {

// Forwards every operation to the real transaction after counting it.
class FaultInjectingTransaction final : public Transaction {
 public:
  FaultInjectingTransaction(Transaction& inner, FaultInjectingStore& store)
      : inner_(inner), store_(store) {}

  Result<Id> Insert(const District& district) override {
    PARAPLAN_TRY(store_.Tick());
    return inner_.Insert(district);
  }

  Result<Id> Insert(const School& school) override {
    PARAPLAN_TRY(store_.Tick());
    return inner_.Insert(school);
  }

  Result<Id> Insert(const Room& room) override {
    PARAPLAN_TRY(store_.Tick());
    return inner_.Insert(room);
  }

  Result<Id> Insert(const SchoolCalendar& calendar) override {
    PARAPLAN_TRY(store_.Tick());
    return inner_.Insert(calendar);
  }

  Result<Id> Insert(const Staff& staff) override {
    PARAPLAN_TRY(store_.Tick());
    return inner_.Insert(staff);
  }

  Result<Id> Insert(const Student& student) override {
    PARAPLAN_TRY(store_.Tick());
    return inner_.Insert(student);
  }

  Result<Id> Insert(const Guardian& guardian) override {
    PARAPLAN_TRY(store_.Tick());
    return inner_.Insert(guardian);
  }

  Result<Id> Insert(const Section& section) override {
    PARAPLAN_TRY(store_.Tick());
    return inner_.Insert(section);
  }

  Result<Id> Insert(const Enrolment& enrolment) override {
    PARAPLAN_TRY(store_.Tick());
    return inner_.Insert(enrolment);
  }

  Result<Id> Insert(const Iep& iep) override {
    PARAPLAN_TRY(store_.Tick());
    return inner_.Insert(iep);
  }

  Result<void> Link(const GuardianLink& link) override {
    PARAPLAN_TRY(store_.Tick());
    return inner_.Link(link);
  }

  Result<std::int64_t> Put(const StudentDay& day) override {
    PARAPLAN_TRY(store_.Tick());
    return inner_.Put(day);
  }

  Result<std::int64_t> Update(const District& district) override {
    PARAPLAN_TRY(store_.Tick());
    return inner_.Update(district);
  }

  Result<std::int64_t> Update(const School& school) override {
    PARAPLAN_TRY(store_.Tick());
    return inner_.Update(school);
  }

  Result<std::int64_t> Update(const Room& room) override {
    PARAPLAN_TRY(store_.Tick());
    return inner_.Update(room);
  }

  Result<std::int64_t> Update(const SchoolCalendar& calendar) override {
    PARAPLAN_TRY(store_.Tick());
    return inner_.Update(calendar);
  }

  Result<std::int64_t> Update(const Staff& staff) override {
    PARAPLAN_TRY(store_.Tick());
    return inner_.Update(staff);
  }

  Result<std::int64_t> Update(const Student& student) override {
    PARAPLAN_TRY(store_.Tick());
    return inner_.Update(student);
  }

  Result<std::int64_t> Update(const Guardian& guardian) override {
    PARAPLAN_TRY(store_.Tick());
    return inner_.Update(guardian);
  }

  Result<std::int64_t> Update(const Section& section) override {
    PARAPLAN_TRY(store_.Tick());
    return inner_.Update(section);
  }

  Result<std::int64_t> Update(const Enrolment& enrolment) override {
    PARAPLAN_TRY(store_.Tick());
    return inner_.Update(enrolment);
  }

  Result<std::int64_t> Update(const Iep& iep) override {
    PARAPLAN_TRY(store_.Tick());
    return inner_.Update(iep);
  }

  Result<void> Delete(RecordKind kind, Id id) override {
    PARAPLAN_TRY(store_.Tick());
    return inner_.Delete(kind, id);
  }

  Result<void> Unlink(Id guardian_id, Id student_id) override {
    PARAPLAN_TRY(store_.Tick());
    return inner_.Unlink(guardian_id, student_id);
  }

  Result<District> GetDistrict(Id id) override {
    PARAPLAN_TRY(store_.Tick());
    return inner_.GetDistrict(id);
  }

  Result<School> GetSchool(Id id) override {
    PARAPLAN_TRY(store_.Tick());
    return inner_.GetSchool(id);
  }

  Result<Room> GetRoom(Id id) override {
    PARAPLAN_TRY(store_.Tick());
    return inner_.GetRoom(id);
  }

  Result<SchoolCalendar> GetCalendar(Id id) override {
    PARAPLAN_TRY(store_.Tick());
    return inner_.GetCalendar(id);
  }

  Result<Staff> GetStaff(Id id) override {
    PARAPLAN_TRY(store_.Tick());
    return inner_.GetStaff(id);
  }

  Result<Student> GetStudent(Id id) override {
    PARAPLAN_TRY(store_.Tick());
    return inner_.GetStudent(id);
  }

  Result<Guardian> GetGuardian(Id id) override {
    PARAPLAN_TRY(store_.Tick());
    return inner_.GetGuardian(id);
  }

  Result<Section> GetSection(Id id) override {
    PARAPLAN_TRY(store_.Tick());
    return inner_.GetSection(id);
  }

  Result<Enrolment> GetEnrolment(Id id) override {
    PARAPLAN_TRY(store_.Tick());
    return inner_.GetEnrolment(id);
  }

  Result<Iep> GetIep(Id id) override {
    PARAPLAN_TRY(store_.Tick());
    return inner_.GetIep(id);
  }

  Result<StudentDay> GetStudentDay(Id student_id) override {
    PARAPLAN_TRY(store_.Tick());
    return inner_.GetStudentDay(student_id);
  }

  Result<std::optional<Id>> FindBySourceId(RecordKind kind, std::string_view source_id) override {
    PARAPLAN_TRY(store_.Tick());
    return inner_.FindBySourceId(kind, source_id);
  }

  Result<std::optional<Id>> FindBySourceId(RecordKind kind, Id district_id,
                                           std::string_view source_id) override {
    PARAPLAN_TRY(store_.Tick());
    return inner_.FindBySourceId(kind, district_id, source_id);
  }

  Result<std::vector<District>> ListDistricts(Page page) override {
    PARAPLAN_TRY(store_.Tick());
    return inner_.ListDistricts(page);
  }

  Result<std::vector<School>> ListSchools(std::optional<Id> district_id, Page page) override {
    PARAPLAN_TRY(store_.Tick());
    return inner_.ListSchools(district_id, page);
  }

  Result<std::vector<Room>> ListRooms(Id school_id, Page page) override {
    PARAPLAN_TRY(store_.Tick());
    return inner_.ListRooms(school_id, page);
  }

  Result<std::vector<SchoolCalendar>> ListCalendars(Id school_id) override {
    PARAPLAN_TRY(store_.Tick());
    return inner_.ListCalendars(school_id);
  }

  Result<std::vector<Staff>> ListStaff(const StaffFilter& filter) override {
    PARAPLAN_TRY(store_.Tick());
    return inner_.ListStaff(filter);
  }

  Result<std::vector<Student>> ListStudents(const StudentFilter& filter) override {
    PARAPLAN_TRY(store_.Tick());
    return inner_.ListStudents(filter);
  }

  Result<std::vector<Section>> ListSections(const SectionFilter& filter) override {
    PARAPLAN_TRY(store_.Tick());
    return inner_.ListSections(filter);
  }

  Result<std::vector<Enrolment>> ListEnrolments(std::optional<Id> student_id,
                                                std::optional<Id> section_id, Page page) override {
    PARAPLAN_TRY(store_.Tick());
    return inner_.ListEnrolments(student_id, section_id, page);
  }

  Result<std::vector<Iep>> ListIeps(Id student_id) override {
    PARAPLAN_TRY(store_.Tick());
    return inner_.ListIeps(student_id);
  }

  Result<std::vector<GuardianLink>> ListGuardianLinks(std::optional<Id> student_id,
                                                      std::optional<Id> guardian_id) override {
    PARAPLAN_TRY(store_.Tick());
    return inner_.ListGuardianLinks(student_id, guardian_id);
  }

  Result<std::int64_t> Count(RecordKind kind) override {
    PARAPLAN_TRY(store_.Tick());
    return inner_.Count(kind);
  }

 private:
  Transaction& inner_;
  FaultInjectingStore& store_;
};

}  // namespace

Result<void> FaultInjectingStore::Tick() {
  const int operation = ++operations_;
  if (operation != fail_at_) return {};
  return Fail(Error::Internal(fmt::format("injected fault at operation {}", operation)));
}

Result<void> FaultInjectingStore::Write(const std::function<Result<void>(Transaction&)>& work) {
  return inner_.Write([&](Transaction& inner) {
    FaultInjectingTransaction transaction(inner, *this);
    return work(transaction);
  });
}

Result<void> FaultInjectingStore::Read(const std::function<Result<void>(Transaction&)>& work) {
  return inner_.Read([&](Transaction& inner) {
    FaultInjectingTransaction transaction(inner, *this);
    return work(transaction);
  });
}

}  // namespace paraplan
