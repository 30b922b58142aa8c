#include "rules/access.h"

#include <algorithm>

namespace paraplan {
namespace {

// How a principal stands towards one student, once role and facts are
// combined. Only the facts that the role can make true count: a para flagged
// as case manager by a data error still sees what a para sees.
enum class Standing {
  kNone,
  kAdministrator,   // school or district administrator in scope
  kIepOwner,        // case manager, or provider of one of the services
  kProvider,        // provides a service but does not manage the case
  kSectionTeacher,  // teaches a section the student is enrolled in
  kAssignedPara,    // assigned today or in the current schedule
  kGuardian,        // linked, not custody-restricted
};

constexpr std::array kAllParts{
    IepPart::kHeader,         IepPart::kServices, IepPart::kGoals,       IepPart::kAccommodations,
    IepPart::kRegulationPlan, IepPart::kOneToOne, IepPart::kEvaluations, IepPart::kStaffNotes};
// seed 002 "What Paraprofessionals Can and Cannot Do Under an IEP": a para
// implements supports, accommodations and the behaviour plan, and collects
// data on goals; evaluations and other staff's notes are not theirs to see.
constexpr std::array kParaParts{IepPart::kHeader, IepPart::kServices, IepPart::kGoals,
                                IepPart::kAccommodations, IepPart::kRegulationPlan};
// PRODUCT.md: a general educator sees accommodations (and the supports given in
// their class) for students in their sections.
constexpr std::array kTeacherParts{IepPart::kHeader, IepPart::kServices, IepPart::kAccommodations};
// PRODUCT.md: a parent sees their child's services, minutes per setting and
// goal progress.
constexpr std::array kGuardianParts{IepPart::kHeader, IepPart::kServices, IepPart::kGoals};

std::optional<IepPart> PartOf(RecordFamily family) {
  switch (family) {
    case RecordFamily::kIep:
      return IepPart::kHeader;
    case RecordFamily::kIepService:
      return IepPart::kServices;
    case RecordFamily::kGoal:
      return IepPart::kGoals;
    case RecordFamily::kAccommodation:
      return IepPart::kAccommodations;
    case RecordFamily::kRegulationPlan:
      return IepPart::kRegulationPlan;
    case RecordFamily::kOneToOne:
      return IepPart::kOneToOne;
    case RecordFamily::kEvaluation:
      return IepPart::kEvaluations;
    case RecordFamily::kStaffNote:
      return IepPart::kStaffNotes;
    default:
      return std::nullopt;
  }
}

Decision Make(AccessOutcome outcome, AccessRule rule) {
  Decision decision;
  decision.outcome = outcome;
  decision.rule = rule;
  return decision;
}

Decision Hidden(AccessRule rule) { return Make(AccessOutcome::kHidden, rule); }
Decision Forbidden(AccessRule rule) { return Make(AccessOutcome::kForbidden, rule); }

bool InAdministratorScope(const Principal& principal, const AccessFacts& facts) {
  if (!principal.school_id.has_value()) return true;  // district administrator
  return facts.school_id == principal.school_id;
}

// The standing that grants access, with the rule it rests on; for kNone, the
// rule explains the refusal.
std::pair<Standing, AccessRule> StandingOf(const Principal& principal, const AccessFacts& facts) {
  const StudentRelationship& relation = facts.relationship;
  if (principal.kind == PrincipalKind::kGuardian) {
    if (!relation.guardian) return {Standing::kNone, AccessRule::kNotGuardianOfStudent};
    if (relation.custody_restricted) return {Standing::kNone, AccessRule::kCustodyRestricted};
    return {Standing::kGuardian, AccessRule::kGuardianOfStudent};
  }
  switch (principal.role) {
    case StaffRole::kAdministrator:
      if (!InAdministratorScope(principal, facts)) {
        return {Standing::kNone, AccessRule::kOutsideAdministratorScope};
      }
      return {Standing::kAdministrator, AccessRule::kAdministratorScope};
    case StaffRole::kSpecialEducator:
    case StaffRole::kRelatedServiceProvider:
      if (relation.case_manager) return {Standing::kIepOwner, AccessRule::kCaseManager};
      if (relation.service_provider) return {Standing::kProvider, AccessRule::kServiceProvider};
      // A special educator co-teaching a section sees what its teacher sees.
      if (relation.section_teacher) {
        return {Standing::kSectionTeacher, AccessRule::kSectionTeacher};
      }
      return {Standing::kNone, AccessRule::kNotOnCaseload};
    case StaffRole::kGeneralEducator:
      if (relation.section_teacher) {
        return {Standing::kSectionTeacher, AccessRule::kSectionTeacher};
      }
      return {Standing::kNone, AccessRule::kNotInTeachersSections};
    case StaffRole::kParaeducator:
      if (relation.assigned_para) return {Standing::kAssignedPara, AccessRule::kAssignedPara};
      return {Standing::kNone, AccessRule::kParaNotAssigned};
  }
  return {Standing::kNone, AccessRule::kDenyByDefault};
}

std::span<const IepPart> PartsFor(Standing standing) {
  switch (standing) {
    case Standing::kAdministrator:
    case Standing::kIepOwner:
    case Standing::kProvider:
      return kAllParts;
    case Standing::kAssignedPara:
      return kParaParts;
    case Standing::kSectionTeacher:
      return kTeacherParts;
    case Standing::kGuardian:
      return kGuardianParts;
    case Standing::kNone:
      return {};
  }
  return {};
}

GoalScope GoalsFor(Standing standing) {
  switch (standing) {
    case Standing::kAdministrator:
    case Standing::kIepOwner:
    case Standing::kProvider:
    case Standing::kGuardian:
      return GoalScope::kAll;
    case Standing::kAssignedPara:
      return GoalScope::kCollectedOnly;
    case Standing::kSectionTeacher:
    case Standing::kNone:
      return GoalScope::kNone;
  }
  return GoalScope::kNone;
}

// The rule that hides an IEP part from a standing that sees the student.
AccessRule PartRefusal(Standing standing) {
  switch (standing) {
    case Standing::kAssignedPara:
      return AccessRule::kPartNotImplementedByPara;
    case Standing::kSectionTeacher:
      return AccessRule::kPartNotSeenByGeneralEducator;
    case Standing::kGuardian:
      return AccessRule::kPartNotSeenByGuardian;
    default:
      return AccessRule::kDenyByDefault;
  }
}

// Whether the standing may read a student family that is not an IEP part.
bool ReadsNonPart(Standing standing, RecordFamily family) {
  const bool full = standing == Standing::kAdministrator || standing == Standing::kIepOwner ||
                    standing == Standing::kProvider;
  switch (family) {
    case RecordFamily::kStudent:
      return true;
    case RecordFamily::kGuardian:
      return full || standing == Standing::kGuardian;
    case RecordFamily::kEnrolment:
      return full;
    case RecordFamily::kStudentDay:
    // The adults in the room read the data taken in it (seed 002: a para
    // collects data on the goals they are given; teachers on their class).
    case RecordFamily::kCapture:
      return full || standing == Standing::kAssignedPara || standing == Standing::kSectionTeacher;
    // FERPA 34 CFR 99.32(c): the record of access is there for the parent's
    // inspection, and for the officials who answer for it.
    case RecordFamily::kAccessLog:
      return standing == Standing::kAdministrator || standing == Standing::kGuardian;
    // IDEA 300.623(d): the list of who may access is for the public agency
    // and for parents' inspection; the case manager keeps the team current.
    case RecordFamily::kAuthorizedStaff:
      return standing == Standing::kAdministrator || standing == Standing::kGuardian ||
             standing == Standing::kIepOwner;
    default:
      return false;
  }
}

Decision DecideReadOfStudentRecord(Standing standing, AccessRule granting, RecordFamily family) {
  if (std::optional<IepPart> part = PartOf(family)) {
    std::span<const IepPart> parts = PartsFor(standing);
    if (std::ranges::find(parts, *part) == parts.end()) return Hidden(PartRefusal(standing));
  } else if (!ReadsNonPart(standing, family)) {
    return Hidden(family == RecordFamily::kAccessLog
                      ? AccessRule::kAccessLogForGuardiansAndAdministrators
                      : PartRefusal(standing));
  }
  Decision decision = Make(AccessOutcome::kAllowed, granting);
  std::span<const IepPart> parts = PartsFor(standing);
  decision.visible_parts.assign(parts.begin(), parts.end());
  decision.goals = GoalsFor(standing);
  return decision;
}

// The refusal for a change by someone who may see the record.
AccessRule ChangeRefusal(Standing standing, bool licensed_content) {
  switch (standing) {
    case Standing::kAssignedPara:
      return AccessRule::kLicensedOnly;
    case Standing::kAdministrator:
      return licensed_content ? AccessRule::kAdministratorNotIepOwner
                              : AccessRule::kRosterChangesByAdministrators;
    case Standing::kProvider:
      return licensed_content ? AccessRule::kCaseManagerOwnsIep
                              : AccessRule::kRosterChangesByAdministrators;
    case Standing::kIepOwner:
    case Standing::kSectionTeacher:
    case Standing::kGuardian:
      return licensed_content ? AccessRule::kIepOwnerOnly
                              : AccessRule::kRosterChangesByAdministrators;
    case Standing::kNone:
      return AccessRule::kDenyByDefault;
  }
  return AccessRule::kDenyByDefault;
}

Decision DecideChangeOfStudentRecord(Standing standing, AccessRule granting, AccessAction action,
                                     RecordFamily family) {
  // A change is only ever considered on a record the principal may see;
  // otherwise the refusal must look like a missing record.
  Decision read = DecideReadOfStudentRecord(standing, granting, family);
  if (!read.allowed()) return read;

  const std::optional<IepPart> part = PartOf(family);
  // Every change of IEP content, and every sign-off, is a licensed action.
  const bool licensed = part.has_value() || action == AccessAction::kLicensedWrite;
  if (family == RecordFamily::kAccessLog || family == RecordFamily::kAuthorizedStaff) {
    return Forbidden(AccessRule::kDenyByDefault);  // append-only / derived
  }
  if (licensed) {
    if (standing == Standing::kIepOwner) return Make(AccessOutcome::kAllowed, granting);
    // A provider owns their services, the goals they serve, their own
    // evaluations and notes, and signs off the data they review.
    if (standing == Standing::kProvider &&
        (!part.has_value() || part == IepPart::kServices || part == IepPart::kGoals ||
         part == IepPart::kEvaluations || part == IepPart::kStaffNotes)) {
      return Make(AccessOutcome::kAllowed, granting);
    }
    return Forbidden(ChangeRefusal(standing, /*licensed_content=*/true));
  }
  // Recording classroom data is not a licensed action: every adult who serves
  // the student records what they took (signing it off is licensed, above).
  if (family == RecordFamily::kCapture) return Make(AccessOutcome::kAllowed, granting);
  if (standing == Standing::kAdministrator) return Make(AccessOutcome::kAllowed, granting);
  // The case manager schedules the supports of the student's day (seed 001).
  if (family == RecordFamily::kStudentDay && standing == Standing::kIepOwner) {
    return Make(AccessOutcome::kAllowed, granting);
  }
  return Forbidden(ChangeRefusal(standing, /*licensed_content=*/false));
}

Decision DecideDistrictRecord(const Principal& principal, AccessAction action,
                              const AccessFacts& facts) {
  if (principal.kind == PrincipalKind::kGuardian) {
    return Hidden(AccessRule::kGuardianSeesOnlyOwnChild);
  }
  if (action == AccessAction::kRead) {
    return Make(AccessOutcome::kAllowed, AccessRule::kSameDistrictStaff);
  }
  if (principal.role != StaffRole::kAdministrator) {
    return Forbidden(AccessRule::kRosterChangesByAdministrators);
  }
  if (!InAdministratorScope(principal, facts)) {
    return Forbidden(AccessRule::kOutsideAdministratorScope);
  }
  return Make(AccessOutcome::kAllowed, AccessRule::kAdministratorScope);
}

// Service delivery plans are section records that name students: the licensed
// educators of the student's school (or of the district) plan its lessons
// together, whether or not the student is on their caseload, and
// administrators in scope read them. Administrators do not write plans.
Decision DecidePlan(const Principal& principal, AccessAction action, const AccessFacts& facts) {
  if (principal.kind == PrincipalKind::kGuardian || principal.role == StaffRole::kParaeducator) {
    return Hidden(AccessRule::kPlansForLicensedStaff);
  }
  const auto [standing, rule] = StandingOf(principal, facts);
  AccessRule granting = rule;
  if (standing == Standing::kNone) {
    const bool other_school =
        principal.school_id.has_value() && principal.school_id != facts.school_id;
    if (principal.role == StaffRole::kAdministrator || other_school) return Hidden(rule);
    granting = AccessRule::kLicensedStaffOfSchool;
  }
  if (action != AccessAction::kRead && principal.role == StaffRole::kAdministrator) {
    return Forbidden(AccessRule::kPlansForLicensedStaff);
  }
  return Make(AccessOutcome::kAllowed, granting);
}

}  // namespace

Principal Principal::Staff(StaffRole role, Id staff_id, Id district_id,
                           std::optional<Id> school_id) {
  return Principal{PrincipalKind::kStaff, role, staff_id, district_id, school_id};
}

Principal Principal::Guardian(Id guardian_id, Id district_id) {
  return Principal{PrincipalKind::kGuardian, StaffRole::kParaeducator, guardian_id, district_id,
                   std::nullopt};
}

AccessFacts AccessFacts::ForStudent(const Student& student, Id district_id,
                                    StudentRelationship relationship) {
  return AccessFacts{district_id, student.school_id, std::move(relationship)};
}

AccessFacts AccessFacts::ForRecord(Id district_id, std::optional<Id> school_id) {
  return AccessFacts{district_id, school_id, {}};
}

bool Decision::Sees(IepPart part) const {
  return allowed() && std::ranges::find(visible_parts, part) != visible_parts.end();
}

std::string Decision::Reason() const {
  switch (rule) {
    case AccessRule::kDenyByDefault:
      return "no rule grants this access";
    case AccessRule::kOtherDistrict:
      return "the record belongs to another district";
    case AccessRule::kAdministratorScope:
      return "administrators act within their school or district";
    case AccessRule::kOutsideAdministratorScope:
      return "the record is outside the administrator's school";
    case AccessRule::kAdministratorNotIepOwner:
      return "IEP content is changed and signed off by the case manager or the service provider, "
             "not by administrators";
    case AccessRule::kCaseManager:
      return "the case manager sees the student's record fully";
    case AccessRule::kServiceProvider:
      return "a provider of the student's services sees the student's record fully";
    case AccessRule::kNotOnCaseload:
      return "the student is not on this educator's caseload";
    case AccessRule::kSectionTeacher:
      return "a general educator sees accommodations and supports of students in their sections";
    case AccessRule::kNotInTeachersSections:
      return "the student is not enrolled in this teacher's sections";
    case AccessRule::kAssignedPara:
      return "a paraeducator sees the IEP parts they implement for students assigned to them";
    case AccessRule::kParaNotAssigned:
      return "the student is not assigned to this paraeducator";
    case AccessRule::kPartNotImplementedByPara:
      return "a paraeducator sees only the IEP parts they implement";
    case AccessRule::kPartNotSeenByGeneralEducator:
      return "a general educator sees only accommodations and supports";
    case AccessRule::kLicensedOnly:
      return "editing IEP content and signing off data are licensed-only duties; a paraeducator "
             "may not perform them";
    case AccessRule::kIepOwnerOnly:
      return "only the student's case manager or service providers change IEP content or sign "
             "off data";
    case AccessRule::kCaseManagerOwnsIep:
      return "this part of the IEP is changed by the student's case manager";
    case AccessRule::kRosterChangesByAdministrators:
      return "roster records are changed by administrators";
    case AccessRule::kGuardianOfStudent:
      return "a parent sees their own child's record";
    case AccessRule::kCustodyRestricted:
      return "a custody restriction keeps this guardian from the student's record";
    case AccessRule::kNotGuardianOfStudent:
      return "a parent sees only their own child";
    case AccessRule::kPartNotSeenByGuardian:
      return "a parent sees their child's services, minutes and goal progress";
    case AccessRule::kAccessLogForGuardiansAndAdministrators:
      return "the record of access is for the student's parents and administrators";
    case AccessRule::kSameDistrictStaff:
      return "staff see the district's directory records";
    case AccessRule::kGuardianSeesOnlyOwnChild:
      return "a parent sees only their own child's records";
    case AccessRule::kLicensedStaffOfSchool:
      return "the licensed educators of the student's school plan its lessons together";
    case AccessRule::kPlansForLicensedStaff:
      return "service delivery plans are for licensed educators; a paraeducator sees their part "
             "in the daily brief";
    case AccessRule::kParaOwnRecordsOnly:
      return "a paraeducator sees only the classroom data they recorded";
  }
  return "no rule grants this access";
}

bool IsStudentRecord(RecordFamily family) {
  switch (family) {
    case RecordFamily::kStaff:
    case RecordFamily::kSection:
    case RecordFamily::kSchool:
    case RecordFamily::kRoom:
    case RecordFamily::kCalendar:
      return false;
    default:
      return true;
  }
}

Decision Decide(const Principal& principal, AccessAction action, RecordFamily family,
                const AccessFacts& facts) {
  if (principal.district_id == 0 || facts.district_id != principal.district_id) {
    return Hidden(AccessRule::kOtherDistrict);
  }
  if (!IsStudentRecord(family)) return DecideDistrictRecord(principal, action, facts);
  if (family == RecordFamily::kPlan) return DecidePlan(principal, action, facts);

  const auto [standing, rule] = StandingOf(principal, facts);
  if (standing == Standing::kNone) return Hidden(rule);
  if (action == AccessAction::kRead) return DecideReadOfStudentRecord(standing, rule, family);
  return DecideChangeOfStudentRecord(standing, rule, action, family);
}

Iep RedactIep(const Iep& iep, const Decision& decision, std::span<const Id> goals_collected) {
  Iep visible = iep;
  if (!decision.Sees(IepPart::kServices)) visible.services.clear();
  if (!decision.Sees(IepPart::kAccommodations)) visible.accommodations.clear();
  if (!decision.Sees(IepPart::kRegulationPlan)) visible.regulation_plan.clear();
  if (!decision.Sees(IepPart::kOneToOne)) visible.one_to_one.reset();
  if (!decision.Sees(IepPart::kGoals) || decision.goals == GoalScope::kNone) {
    visible.goals.clear();
  } else if (decision.goals == GoalScope::kCollectedOnly) {
    std::erase_if(visible.goals, [&](const Goal& goal) {
      return std::ranges::find(goals_collected, goal.id) == goals_collected.end();
    });
  }
  return visible;
}

}  // namespace paraplan
