// Who may read or change which record: PRODUCT.md "People and what each may
// do" and issue 3 part 4 as one pure, deny-by-default decision.
//
// The policy knows nothing about storage or HTTP. The caller gathers the facts
// about the relationship between the principal and the student (is case
// manager, serves the student, teaches a section the student is enrolled in,
// is the para assigned to the student today or in the current schedule, is a
// guardian) for this one request, and asks Decide(). Nothing is cached here,
// so removing an assignment removes access on the next request.
//
// Three outcomes, because the HTTP layer answers them differently:
//  - allowed;
//  - hidden: the principal may not know the record exists (another student,
//    another school or district, or a part of the IEP they never see). The
//    API answers 404, exactly as for an id that does not exist, so existence
//    does not leak.
//  - forbidden: the principal may see the record but not do this to it (a
//    paraeducator editing IEP content). The API answers 403 naming the rule.
#pragma once

#include <array>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "domain/enums.h"
#include "domain/model.h"

namespace paraplan {

enum class PrincipalKind { kStaff, kGuardian };

// The signed-in person asking. A staff member has a role and, unless they
// work at district level, a school; a guardian has only the district.
struct Principal {
  PrincipalKind kind = PrincipalKind::kStaff;
  StaffRole role = StaffRole::kParaeducator;  // meaningful for staff only
  Id id = 0;                                  // staff id or guardian id
  Id district_id = 0;
  std::optional<Id> school_id;  // nullopt: district-level staff

  static Principal Staff(StaffRole role, Id staff_id, Id district_id, std::optional<Id> school_id);
  static Principal Guardian(Id guardian_id, Id district_id);
};

enum class AccessAction {
  kRead,
  // Roster and schedule changes: students, guardians, enrolments, sections,
  // staff, schools, the student's day.
  kWrite,
  // Licensed-only actions: editing IEP content, signing off data. Never a
  // paraeducator's or a general educator's (seed 002 "What Paraprofessionals
  // Can and Cannot Do Under an IEP").
  kLicensedWrite,
};

// The kinds of record the API serves. The first group hangs off one student
// and is decided on the relationship to that student; the second is decided on
// district and school alone.
enum class RecordFamily {
  kStudent,
  kGuardian,  // a student's guardians and their links
  kEnrolment,
  kStudentDay,  // the student's day blocks with support levels and skills
  kIep,         // the IEP's header: status, dates, case manager
  kIepService,  // services: the supports a para or teacher implements
  kGoal,
  kAccommodation,
  kRegulationPlan,
  kOneToOne,
  kEvaluation,
  kStaffNote,
  kAccessLog,        // the student's record of access (FERPA 34 CFR 99.32)
  kAuthorizedStaff,  // who currently may access the student (IDEA 300.623)
  // Classroom data taken on the student: service sessions, goal observations,
  // behaviour and support notes. Recorded by the adults who serve the
  // student; signing it off is a licensed action.
  kCapture,
  // A service delivery plan as it names the student (adaptations, roles, data
  // to collect, adapted lessons). Plans are planned by a school's licensed
  // educators together, so the school counts as much as the caseload; a para
  // reads their part through the daily brief, a parent none.
  kPlan,
  kStaff,
  kSection,
  kSchool,
  kRoom,
  kCalendar,
};

// The parts of a student's IEP-related record a decision can reveal.
enum class IepPart {
  kHeader,
  kServices,
  kGoals,
  kAccommodations,
  kRegulationPlan,
  kOneToOne,
  kEvaluations,
  kStaffNotes,
};

// How much of the goal list a principal sees.
enum class GoalScope {
  kNone,
  kCollectedOnly,  // a para: only the goals they collect data on
  kAll,
};

enum class AccessOutcome { kAllowed, kHidden, kForbidden };

// The rule a decision rests on; every decision names one, allowed or not.
enum class AccessRule {
  kDenyByDefault,
  kOtherDistrict,
  kAdministratorScope,
  kOutsideAdministratorScope,
  kAdministratorNotIepOwner,
  kCaseManager,
  kServiceProvider,
  kNotOnCaseload,
  kSectionTeacher,
  kNotInTeachersSections,
  kAssignedPara,
  kParaNotAssigned,
  kPartNotImplementedByPara,
  kPartNotSeenByGeneralEducator,
  kLicensedOnly,
  kIepOwnerOnly,
  kCaseManagerOwnsIep,
  kRosterChangesByAdministrators,
  kGuardianOfStudent,
  kCustodyRestricted,
  kNotGuardianOfStudent,
  kPartNotSeenByGuardian,
  kAccessLogForGuardiansAndAdministrators,
  kSameDistrictStaff,
  kGuardianSeesOnlyOwnChild,
  kLicensedStaffOfSchool,
  kPlansForLicensedStaff,
  kParaOwnRecordsOnly,
};

// What the caller knows about the principal's relationship to one student,
// gathered for this request only.
struct StudentRelationship {
  bool case_manager = false;        // the special educator who owns the IEP
  bool service_provider = false;    // provides one of the student's IEP services
  bool section_teacher = false;     // teaches a section the student is enrolled in
  bool assigned_para = false;       // assigned today or in the current schedule
  bool guardian = false;            // linked as the student's guardian
  bool custody_restricted = false;  // the guardian link carries a restriction
  // The goals the principal collects data on (for an assigned para).
  std::vector<Id> goals_collected;
};

// Where the record lives and, for student records, the relationship.
struct AccessFacts {
  Id district_id = 0;
  std::optional<Id> school_id;  // nullopt for district-wide records
  StudentRelationship relationship;

  static AccessFacts ForStudent(const Student& student, Id district_id,
                                StudentRelationship relationship);
  static AccessFacts ForRecord(Id district_id, std::optional<Id> school_id);
};

struct Decision {
  AccessOutcome outcome = AccessOutcome::kHidden;
  AccessRule rule = AccessRule::kDenyByDefault;
  // For allowed reads of student records: which parts are visible.
  std::vector<IepPart> visible_parts;
  GoalScope goals = GoalScope::kNone;

  bool allowed() const { return outcome == AccessOutcome::kAllowed; }
  bool Sees(IepPart part) const;
  // One sentence naming the rule, safe to show the principal (no record data).
  std::string Reason() const;
};

// Whether records of this family belong to one student.
bool IsStudentRecord(RecordFamily family);

// The one access decision. Deny by default: any combination not granted by a
// rule below is hidden.
Decision Decide(const Principal& principal, AccessAction action, RecordFamily family,
                const AccessFacts& facts);

// The IEP as the decision lets the principal see it: invisible parts emptied,
// and for a para only the goals they collect data on. The caller must only pass
// an allowed read decision for RecordFamily::kIep.
Iep RedactIep(const Iep& iep, const Decision& decision, std::span<const Id> goals_collected);

template <>
struct EnumNames<PrincipalKind> {
  static constexpr auto kNames = std::to_array<std::pair<PrincipalKind, std::string_view>>({
      {PrincipalKind::kStaff, "staff"},
      {PrincipalKind::kGuardian, "guardian"},
  });
};

template <>
struct EnumNames<AccessAction> {
  static constexpr auto kNames = std::to_array<std::pair<AccessAction, std::string_view>>({
      {AccessAction::kRead, "read"},
      {AccessAction::kWrite, "write"},
      {AccessAction::kLicensedWrite, "licensed_write"},
  });
};

template <>
struct EnumNames<RecordFamily> {
  static constexpr auto kNames = std::to_array<std::pair<RecordFamily, std::string_view>>({
      {RecordFamily::kStudent, "student"},
      {RecordFamily::kGuardian, "guardian"},
      {RecordFamily::kEnrolment, "enrolment"},
      {RecordFamily::kStudentDay, "student_day"},
      {RecordFamily::kIep, "iep"},
      {RecordFamily::kIepService, "iep_service"},
      {RecordFamily::kGoal, "goal"},
      {RecordFamily::kAccommodation, "accommodation"},
      {RecordFamily::kRegulationPlan, "regulation_plan"},
      {RecordFamily::kOneToOne, "one_to_one"},
      {RecordFamily::kEvaluation, "evaluation"},
      {RecordFamily::kStaffNote, "staff_note"},
      {RecordFamily::kAccessLog, "access_log"},
      {RecordFamily::kAuthorizedStaff, "authorized_staff"},
      {RecordFamily::kCapture, "capture"},
      {RecordFamily::kPlan, "plan"},
      {RecordFamily::kStaff, "staff"},
      {RecordFamily::kSection, "section"},
      {RecordFamily::kSchool, "school"},
      {RecordFamily::kRoom, "room"},
      {RecordFamily::kCalendar, "calendar"},
  });
};

template <>
struct EnumNames<IepPart> {
  static constexpr auto kNames = std::to_array<std::pair<IepPart, std::string_view>>({
      {IepPart::kHeader, "header"},
      {IepPart::kServices, "services"},
      {IepPart::kGoals, "goals"},
      {IepPart::kAccommodations, "accommodations"},
      {IepPart::kRegulationPlan, "regulation_plan"},
      {IepPart::kOneToOne, "one_to_one"},
      {IepPart::kEvaluations, "evaluations"},
      {IepPart::kStaffNotes, "staff_notes"},
  });
};

template <>
struct EnumNames<AccessOutcome> {
  static constexpr auto kNames = std::to_array<std::pair<AccessOutcome, std::string_view>>({
      {AccessOutcome::kAllowed, "allowed"},
      {AccessOutcome::kHidden, "hidden"},
      {AccessOutcome::kForbidden, "forbidden"},
  });
};

template <>
struct EnumNames<AccessRule> {
  static constexpr auto kNames = std::to_array<std::pair<AccessRule, std::string_view>>({
      {AccessRule::kDenyByDefault, "deny_by_default"},
      {AccessRule::kOtherDistrict, "other_district"},
      {AccessRule::kAdministratorScope, "administrator_scope"},
      {AccessRule::kOutsideAdministratorScope, "outside_administrator_scope"},
      {AccessRule::kAdministratorNotIepOwner, "administrator_not_iep_owner"},
      {AccessRule::kCaseManager, "case_manager"},
      {AccessRule::kServiceProvider, "service_provider"},
      {AccessRule::kNotOnCaseload, "not_on_caseload"},
      {AccessRule::kSectionTeacher, "section_teacher"},
      {AccessRule::kNotInTeachersSections, "not_in_teachers_sections"},
      {AccessRule::kAssignedPara, "assigned_para"},
      {AccessRule::kParaNotAssigned, "para_not_assigned"},
      {AccessRule::kPartNotImplementedByPara, "part_not_implemented_by_para"},
      {AccessRule::kPartNotSeenByGeneralEducator, "part_not_seen_by_general_educator"},
      {AccessRule::kLicensedOnly, "licensed_only"},
      {AccessRule::kIepOwnerOnly, "iep_owner_only"},
      {AccessRule::kCaseManagerOwnsIep, "case_manager_owns_iep"},
      {AccessRule::kRosterChangesByAdministrators, "roster_changes_by_administrators"},
      {AccessRule::kGuardianOfStudent, "guardian_of_student"},
      {AccessRule::kCustodyRestricted, "custody_restricted"},
      {AccessRule::kNotGuardianOfStudent, "not_guardian_of_student"},
      {AccessRule::kPartNotSeenByGuardian, "part_not_seen_by_guardian"},
      {AccessRule::kAccessLogForGuardiansAndAdministrators,
       "access_log_for_guardians_and_administrators"},
      {AccessRule::kSameDistrictStaff, "same_district_staff"},
      {AccessRule::kGuardianSeesOnlyOwnChild, "guardian_sees_only_own_child"},
      {AccessRule::kLicensedStaffOfSchool, "licensed_staff_of_school"},
      {AccessRule::kPlansForLicensedStaff, "plans_for_licensed_staff"},
      {AccessRule::kParaOwnRecordsOnly, "para_own_records_only"},
  });
};

}  // namespace paraplan
