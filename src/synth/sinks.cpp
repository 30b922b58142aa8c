#include "synth/sinks.h"

namespace paraplan::synth {

Result<void> StoreSink::PutDistrict(DistrictFrame& frame) {
  return store_.Write([&](Transaction& tx) -> Result<void> {
    frame.BindDistrict(PARAPLAN_TRY(tx.Insert(frame.district)));
    for (Staff& staff : frame.staff) staff.id = PARAPLAN_TRY(tx.Insert(staff));
    return {};
  });
}

Result<void> StoreSink::PutSchool(SchoolFrame& frame) {
  return store_.Write([&](Transaction& tx) -> Result<void> {
    frame.BindSchool(PARAPLAN_TRY(tx.Insert(frame.school)));
    for (Room& room : frame.rooms) room.id = PARAPLAN_TRY(tx.Insert(room));
    frame.calendar.id = PARAPLAN_TRY(tx.Insert(frame.calendar));
    for (Staff& staff : frame.staff) staff.id = PARAPLAN_TRY(tx.Insert(staff));
    frame.BindReferences();
    for (SectionDraft& draft : frame.sections) {
      draft.section.id = PARAPLAN_TRY(tx.Insert(draft.section));
    }
    return {};
  });
}

Result<void> StoreSink::PutStudents(std::span<StudentRecord> batch) {
  return store_.Write([&](Transaction& tx) -> Result<void> {
    for (StudentRecord& record : batch) {
      record.BindStudent(PARAPLAN_TRY(tx.Insert(record.student)));
      for (Enrolment& enrolment : record.enrolments) {
        enrolment.id = PARAPLAN_TRY(tx.Insert(enrolment));
      }
      for (GuardianRecord& guardian : record.guardians) {
        guardian.guardian.id = PARAPLAN_TRY(tx.Insert(guardian.guardian));
        PARAPLAN_TRY(tx.Link({guardian.guardian.id, record.student.id, guardian.relation,
                              guardian.custody_restricted}));
      }
      if (record.iep) record.iep->id = PARAPLAN_TRY(tx.Insert(*record.iep));
      if (record.day) record.day->version = PARAPLAN_TRY(tx.Put(*record.day));
    }
    return {};
  });
}

Result<void> MemorySink::PutDistrict(DistrictFrame& frame) {
  frame.BindDistrict(++next_id_);
  for (Staff& staff : frame.staff) staff.id = ++next_id_;
  if (keep_ == Keep::kRecords) districts_.push_back(frame);
  return {};
}

Result<void> MemorySink::PutSchool(SchoolFrame& frame) {
  frame.BindSchool(++next_id_);
  for (Room& room : frame.rooms) room.id = ++next_id_;
  frame.calendar.id = ++next_id_;
  for (Staff& staff : frame.staff) staff.id = ++next_id_;
  frame.BindReferences();
  for (SectionDraft& draft : frame.sections) draft.section.id = ++next_id_;
  if (keep_ == Keep::kRecords) schools_.push_back(frame);
  return {};
}

Result<void> MemorySink::PutStudents(std::span<StudentRecord> batch) {
  for (StudentRecord& record : batch) {
    record.BindStudent(++next_id_);
    for (Enrolment& enrolment : record.enrolments) enrolment.id = ++next_id_;
    for (GuardianRecord& guardian : record.guardians) guardian.guardian.id = ++next_id_;
    if (record.iep) record.iep->id = ++next_id_;
    if (keep_ == Keep::kRecords) students_.push_back(record);
  }
  return {};
}

}  // namespace paraplan::synth
