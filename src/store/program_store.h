// Storage of the records the district's system states and paraplan keeps
// as stated: staff absences (domain/absence.h) and special education
// programs (domain/program.h). Kept apart from store.h because importers
// write them inside the transaction of the roster they belong to: a
// ProgramStore works on the SQL session of a transaction the caller has
// open (store/sql_runner.h) and never begins or ends one.
//
// Contract, for every backend:
//  - Insert validates the record and refuses (kInvalidArgument, naming the
//    field) a staff member, student or IEP that does not exist or belongs to
//    another district, and an IEP of another student; a source id already
//    used in the district is kAlreadyExists.
//  - Update replaces every field of the record with that id (kNotFound for
//    an unknown id) under the same checks; district and person do not move.
//  - DeleteAbsence removes one absence (kNotFound for an unknown id): for
//    leave paraplan itself recorded, taken back.
//  - MarkAtWork records a day the board has a staff member at work despite
//    their leave, replacing an earlier mark of that day; UnmarkAtWork takes
//    it back (nothing to do when there is none). A staff member of another
//    district than the mark's, or an unknown schedule, is kInvalidArgument.
//  - Find* find a record again by the id it has in the source system,
//    within one district.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string_view>
#include <vector>

#include "domain/absence.h"
#include "domain/error.h"
#include "domain/program.h"
#include "store/sql/session.h"

namespace paraplan {

class ProgramStore {
 public:
  virtual ~ProgramStore() = default;

  virtual Result<Id> Insert(const StaffAbsence& absence) = 0;
  virtual Result<void> Update(const StaffAbsence& absence) = 0;
  virtual Result<StaffAbsence> GetAbsence(Id id) = 0;
  virtual Result<void> DeleteAbsence(Id id) = 0;
  virtual Result<std::optional<Id>> FindAbsence(Id district_id, std::string_view source_id) = 0;
  // The staff member's absences, earliest first.
  virtual Result<std::vector<StaffAbsence>> ListAbsences(Id staff_id) = 0;
  virtual Result<std::int64_t> CountAbsences(Id district_id) = 0;
  // The staff member's absences and at-work days (domain/absence.h).
  virtual Result<StaffLeave> LeaveOf(Id staff_id) = 0;

  virtual Result<void> MarkAtWork(const StaffAtWork& at_work) = 0;
  virtual Result<void> UnmarkAtWork(Id staff_id, Date day) = 0;
  // The days the staff member is marked at work, earliest first.
  virtual Result<std::vector<StaffAtWork>> ListAtWork(Id staff_id) = 0;

  virtual Result<Id> Insert(const SpecialEducationProgram& program) = 0;
  virtual Result<void> Update(const SpecialEducationProgram& program) = 0;
  virtual Result<SpecialEducationProgram> GetProgram(Id id) = 0;
  virtual Result<std::optional<Id>> FindProgram(Id district_id, std::string_view source_id) = 0;
  // The student's programs, earliest first.
  virtual Result<std::vector<SpecialEducationProgram>> ListPrograms(Id student_id) = 0;
  virtual Result<std::int64_t> CountPrograms(Id district_id) = 0;
};

// The program store on `session`, which must be inside a transaction (a
// write transaction for Insert and Update) and outlive the store. The SQL
// is portable: SQLite and PostgreSQL share it.
std::unique_ptr<ProgramStore> MakeProgramStore(sql::Session& session);

}  // namespace paraplan
