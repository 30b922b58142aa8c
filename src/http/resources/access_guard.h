// The one place every read and write of a student's record passes through.
//
// For each request the guard gathers the facts about the caller's
// relationship to the student from the roster store (case manager, sections
// the student is enrolled in, guardian links) and from the staff-student
// assignments, asks the access policy (rules/access.h), and records an audit
// event for the attempt, allowed or refused (FERPA 34 CFR 99.32, IDEA
// 300.614): who, role, when, record family and id, student, route, result and
// request id; never the record's data. Nothing is remembered past the request,
// so removing an assignment removes access on the very next one.
//
// A student the caller may not know about is kNotFound (404), word for word
// the answer for an id that does not exist; a visible record the caller may
// not change is kPermissionDenied (403) naming the rule.
//
// Audit events are appended after the store transaction ends (Finish), so the
// audit log never waits on, nor rolls back with, the roster transaction. If
// the audit cannot be written the request fails: an access that cannot be
// recorded is not given.
#pragma once

#include <functional>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "domain/error.h"
#include "domain/model.h"
#include "http/clock.h"
#include "http/context.h"
#include "http/message.h"
#include "rules/access.h"
#include "store/security.h"
#include "store/store.h"

namespace paraplan::http {

// The students assigned to a staff member on a day (a para's assignments, a
// provider's service assignments). Without one, the security store's
// staff-student assignments answer.
using AssignedStudentsFn = std::function<Result<std::set<Id>>(Context&, Id staff_id, Date day)>;
// The goals of a student that a para collects data on. Without one, the
// goals published service delivery plans name the para collector of.
using GoalsCollectedFn =
    std::function<Result<std::vector<Id>>(Context&, Id staff_id, Id student_id)>;

struct AccessSources {
  AssignedStudentsFn assigned_students;
  GoalsCollectedFn goals_collected;
};

// The policy's principal for a signed-in caller.
paraplan::Principal PolicyPrincipal(const Principal& principal);

// The day the request happens on, for "assigned today".
Date TodayOf(const Clock& clock);

class AccessGuard {
 public:
  AccessGuard(const AccessSources& sources, Context& context, const Request& request);

  const Principal& principal() const { return principal_; }

  // Loads the student and decides `action` on `family` (record `record_id`,
  // the student's id when 0). Records the attempt. A missing student is
  // kNotFound like a hidden one (and is not audited: there is no record).
  struct Granted {
    paraplan::Student student;
    Decision decision;
    StudentRelationship relationship;
  };
  // `what` names the resource the path addresses ("student", "iep"), so a
  // hidden record gets exactly the words of a missing one.
  Result<Granted> ForStudent(Transaction& tx, Id student_id, AccessAction action,
                             RecordFamily family, Id record_id = 0,
                             std::string_view what = "student");

  // Decides on an already loaded student without auditing, for filtering
  // candidates in lists; the caller audits what it returns with Record().
  Result<Decision> Peek(Transaction& tx, const paraplan::Student& student, AccessAction action,
                        RecordFamily family);
  void Record(const paraplan::Student& student, RecordFamily family, Id record_id,
              AccessAction action, const Decision& decision);

  // The facts about `who` and a student: the caller's by default, another
  // staff member's for the list of staff who may access the student.
  Result<AccessFacts> FactsFor(Transaction& tx, const paraplan::Student& student);
  Result<AccessFacts> FactsFor(Transaction& tx, const paraplan::Student& student,
                               const Principal& who);

  // Decides on a district record (staff, section, school, room, calendar).
  // Not audited: these are not student records.
  Result<Decision> ForDistrictRecord(AccessAction action, RecordFamily family, Id district_id,
                                     std::optional<Id> school_id);

  // Appends the recorded events to the security store's audit log; call once
  // the store transaction has ended.
  Result<void> Finish();
  // Forgets events of a transaction attempt the store is about to retry.
  void DiscardPending() { events_.clear(); }

  // The students assigned to the caller today (cached for this request only).
  Result<const std::set<Id>*> AssignedToCaller();

  // The students assigned to a staff member today.
  Result<std::set<Id>> AssignedTo(Id staff_id);

  // The district of a school (cached for this request only).
  Result<Id> DistrictOfSchool(Transaction& tx, Id school_id);

 private:
  Result<std::vector<Id>> GoalsCollectedInPlans(Id staff_id, Id student_id);

  const AccessSources& sources_;
  Context& context_;
  const Request& request_;
  Principal principal_;
  std::optional<std::set<Id>> assigned_;
  std::map<Id, Id> school_districts_;
  std::vector<AuditRecord> events_;
};

// The error for a refused decision: kNotFound for hidden (the same words as
// a missing record of `what`), kPermissionDenied naming the rule for forbidden.
Error Refusal(const Decision& decision, std::string_view what);

// Runs `work` in a read (or write) transaction confined to the caller's
// district with a guard, then appends the guard's audit events, whatever
// `work` returned. An audit failure fails the request.
enum class TransactionKind { kRead, kWrite };
Result<Response> Guarded(const AccessSources& sources, Context& context, const Request& request,
                         TransactionKind kind,
                         const std::function<Result<Response>(AccessGuard&, Transaction&)>& work);

}  // namespace paraplan::http
