#include "rules/access.h"

#include <gtest/gtest.h>

#include <set>
#include <string>

namespace paraplan {
namespace {

constexpr Id kDistrict = 7;
constexpr Id kOtherDistrict = 8;
constexpr Id kSchool = 70;
constexpr Id kOtherSchool = 71;

using Families = std::set<RecordFamily>;

enum class Fact {
  kCaseManager,
  kServiceProvider,
  kSectionTeacher,
  kAssignedPara,
  kGuardian,
  kCustodyRestricted
};

StudentRelationship With(std::initializer_list<Fact> facts, std::vector<Id> goals = {}) {
  StudentRelationship relationship;
  for (Fact fact : facts) {
    switch (fact) {
      case Fact::kCaseManager:
        relationship.case_manager = true;
        break;
      case Fact::kServiceProvider:
        relationship.service_provider = true;
        break;
      case Fact::kSectionTeacher:
        relationship.section_teacher = true;
        break;
      case Fact::kAssignedPara:
        relationship.assigned_para = true;
        break;
      case Fact::kGuardian:
        relationship.guardian = true;
        break;
      case Fact::kCustodyRestricted:
        relationship.custody_restricted = true;
        break;
    }
  }
  relationship.goals_collected = std::move(goals);
  return relationship;
}

const Families kStudentFamilies = [] {
  Families families;
  for (RecordFamily family : AllOf<RecordFamily>()) {
    if (IsStudentRecord(family)) families.insert(family);
  }
  return families;
}();

Families Except(Families families, std::initializer_list<RecordFamily> removed) {
  for (RecordFamily family : removed) families.erase(family);
  return families;
}

// One row of the role x relationship table: what the principal may read,
// change (roster and schedule) and change as a licensed action, among the
// student's record families. Anything outside `read` must be hidden (404);
// anything readable but not changeable must be forbidden (403).
struct Row {
  std::string name;
  Principal principal;
  StudentRelationship relationship;
  std::optional<Id> student_school = kSchool;
  Families read;
  Families write;
  Families licensed_write;
};

Principal StaffOf(StaffRole role, std::optional<Id> school = kSchool) {
  return Principal::Staff(role, 100, kDistrict, school);
}

const Families kIepContent{
    RecordFamily::kIep,           RecordFamily::kIepService,     RecordFamily::kGoal,
    RecordFamily::kAccommodation, RecordFamily::kRegulationPlan, RecordFamily::kOneToOne,
    RecordFamily::kEvaluation,    RecordFamily::kStaffNote};
const Families kRoster{RecordFamily::kStudent, RecordFamily::kGuardian, RecordFamily::kEnrolment,
                       RecordFamily::kStudentDay};
const Families kProviderOwns{RecordFamily::kIepService, RecordFamily::kGoal,
                             RecordFamily::kEvaluation, RecordFamily::kStaffNote};

Families Union(const Families& a, const Families& b) {
  Families all = a;
  all.insert(b.begin(), b.end());
  return all;
}

std::vector<Row> Table() {
  const StudentRelationship none;
  StudentRelationship case_manager = With({Fact::kCaseManager});
  StudentRelationship provider = With({Fact::kServiceProvider});
  StudentRelationship teacher = With({Fact::kSectionTeacher});
  StudentRelationship para = With({Fact::kAssignedPara}, {1});
  StudentRelationship guardian = With({Fact::kGuardian});
  StudentRelationship restricted = With({Fact::kGuardian, Fact::kCustodyRestricted});
  StudentRelationship every = With({Fact::kCaseManager, Fact::kServiceProvider,
                                    Fact::kSectionTeacher, Fact::kAssignedPara, Fact::kGuardian});

  const Families admin_read = kStudentFamilies;
  const Families case_manager_read = Except(kStudentFamilies, {RecordFamily::kAccessLog});
  const Families provider_read =
      Except(kStudentFamilies, {RecordFamily::kAccessLog, RecordFamily::kAuthorizedStaff});
  const Families teacher_read{RecordFamily::kStudent,       RecordFamily::kStudentDay,
                              RecordFamily::kIep,           RecordFamily::kIepService,
                              RecordFamily::kAccommodation, RecordFamily::kCapture,
                              RecordFamily::kPlan};
  const Families para_read{RecordFamily::kStudent,       RecordFamily::kStudentDay,
                           RecordFamily::kIep,           RecordFamily::kIepService,
                           RecordFamily::kGoal,          RecordFamily::kAccommodation,
                           RecordFamily::kRegulationPlan, RecordFamily::kCapture};
  const Families guardian_read{
      RecordFamily::kStudent,        RecordFamily::kGuardian, RecordFamily::kIep,
      RecordFamily::kIepService,     RecordFamily::kGoal,     RecordFamily::kAccessLog,
      RecordFamily::kAuthorizedStaff};

  const Principal school_admin = StaffOf(StaffRole::kAdministrator);
  const Principal district_admin = StaffOf(StaffRole::kAdministrator, std::nullopt);
  const Principal sped = StaffOf(StaffRole::kSpecialEducator);
  const Principal rsp = StaffOf(StaffRole::kRelatedServiceProvider);
  const Principal gened = StaffOf(StaffRole::kGeneralEducator);
  const Principal para_staff = StaffOf(StaffRole::kParaeducator);
  const Principal parent = Principal::Guardian(300, kDistrict);

  // Classroom data is recorded by whoever may read it; signing it off is
  // licensed.
  const Families data{RecordFamily::kCapture};
  // Service delivery plans: read and written by the licensed educators of the
  // student's school, related to the student or not; read by administrators.
  const Families plan{RecordFamily::kPlan};
  const Families teacher_write = Union(data, plan);
  const Families admin_write{RecordFamily::kStudent, RecordFamily::kGuardian,
                             RecordFamily::kEnrolment, RecordFamily::kStudentDay,
                             RecordFamily::kCapture};
  const Families case_manager_write =
      Union(kIepContent, {RecordFamily::kStudentDay, RecordFamily::kCapture, RecordFamily::kPlan});
  const Families case_manager_licensed = Union(Union(kIepContent, kRoster), teacher_write);
  const Families provider_write = Union(kProviderOwns, teacher_write);
  const Families provider_licensed = Union(Union(kProviderOwns, kRoster), teacher_write);

  return {
      {"school_administrator_own_school", school_admin, none, kSchool, admin_read, admin_write, {}},
      {"school_administrator_other_school", school_admin, every, kOtherSchool, {}, {}, {}},
      {"district_administrator_any_school",
       district_admin,
       none,
       kOtherSchool,
       admin_read,
       admin_write,
       {}},
      {"special_educator_case_manager", sped, case_manager, kSchool, case_manager_read,
       case_manager_write, case_manager_licensed},
      {"special_educator_service_provider", sped, provider, kSchool, provider_read, provider_write,
       provider_licensed},
      {"special_educator_co_teacher", sped, teacher, kSchool, teacher_read, teacher_write, plan},
      {"special_educator_unrelated", sped, none, kSchool, plan, plan, plan},
      {"special_educator_flagged_as_para_or_guardian",
       sped,
       With({Fact::kAssignedPara, Fact::kGuardian}),
       kSchool,
       plan,
       plan,
       plan},
      {"provider_case_manager", rsp, case_manager, kSchool, case_manager_read, case_manager_write,
       case_manager_licensed},
      {"provider_of_a_service", rsp, provider, kSchool, provider_read, provider_write,
       provider_licensed},
      {"provider_unrelated", rsp, none, kSchool, plan, plan, plan},
      {"general_educator_of_section", gened, teacher, kSchool, teacher_read, teacher_write, plan},
      {"general_educator_unrelated", gened, none, kSchool, plan, plan, plan},
      {"general_educator_flagged_case_manager",
       gened,
       With({Fact::kCaseManager, Fact::kServiceProvider, Fact::kAssignedPara}),
       kSchool,
       plan,
       plan,
       plan},
      {"para_assigned", para_staff, para, kSchool, para_read, data, {}},
      {"para_unassigned", para_staff, none, kSchool, {}, {}, {}},
      {"para_flagged_case_manager_but_unassigned",
       para_staff,
       With({Fact::kCaseManager, Fact::kServiceProvider, Fact::kSectionTeacher, Fact::kGuardian}),
       kSchool,
       {},
       {},
       {}},
      {"guardian_of_student", parent, guardian, kSchool, guardian_read, {}, {}},
      {"guardian_custody_restricted", parent, restricted, kSchool, {}, {}, {}},
      {"guardian_of_another_student", parent, none, kSchool, {}, {}, {}},
      {"guardian_flagged_as_staff",
       parent,
       With({Fact::kCaseManager, Fact::kServiceProvider, Fact::kSectionTeacher,
             Fact::kAssignedPara}),
       kSchool,
       {},
       {},
       {}},
  };
}

AccessOutcome Expected(const Row& row, AccessAction action, RecordFamily family) {
  const bool readable = row.read.contains(family);
  if (!readable) return AccessOutcome::kHidden;
  if (action == AccessAction::kRead) return AccessOutcome::kAllowed;
  const Families& granted = action == AccessAction::kWrite ? row.write : row.licensed_write;
  return granted.contains(family) ? AccessOutcome::kAllowed : AccessOutcome::kForbidden;
}

TEST(AccessPolicy, every_role_relationship_family_and_action_gets_the_tabled_outcome) {
  int checked = 0;
  for (const Row& row : Table()) {
    Student student;
    student.school_id = *row.student_school;
    const AccessFacts facts = AccessFacts::ForStudent(student, kDistrict, row.relationship);
    for (RecordFamily family : kStudentFamilies) {
      for (AccessAction action : AllOf<AccessAction>()) {
        const Decision decision = Decide(row.principal, action, family, facts);
        EXPECT_EQ(NameOf(decision.outcome), NameOf(Expected(row, action, family)))
            << row.name << " " << NameOf(action) << " " << NameOf(family) << " (rule "
            << NameOf(decision.rule) << ")";
        ++checked;
      }
    }
  }
  EXPECT_EQ(checked, static_cast<int>(Table().size() * kStudentFamilies.size() * 3));
}

TEST(AccessPolicy, no_principal_reaches_any_record_of_another_district) {
  StudentRelationship every = With({Fact::kCaseManager, Fact::kServiceProvider,
                                    Fact::kSectionTeacher, Fact::kAssignedPara, Fact::kGuardian});
  for (const Row& row : Table()) {
    for (RecordFamily family : AllOf<RecordFamily>()) {
      const AccessFacts facts{kOtherDistrict, kSchool, every};
      for (AccessAction action : AllOf<AccessAction>()) {
        const Decision decision = Decide(row.principal, action, family, facts);
        EXPECT_EQ(decision.outcome, AccessOutcome::kHidden) << row.name << NameOf(family);
        EXPECT_EQ(decision.rule, AccessRule::kOtherDistrict);
      }
    }
  }
}

TEST(AccessPolicy, para_cannot_read_unassigned_student) {
  const Decision decision = Decide(StaffOf(StaffRole::kParaeducator), AccessAction::kRead,
                                   RecordFamily::kStudent, AccessFacts{kDistrict, kSchool, {}});
  EXPECT_EQ(decision.outcome, AccessOutcome::kHidden);
  EXPECT_EQ(decision.rule, AccessRule::kParaNotAssigned);
}

TEST(AccessPolicy, removing_the_assignment_removes_the_paras_access_on_the_next_decision) {
  AccessFacts facts{kDistrict, kSchool, With({Fact::kAssignedPara})};
  const Principal para = StaffOf(StaffRole::kParaeducator);
  ASSERT_TRUE(Decide(para, AccessAction::kRead, RecordFamily::kStudent, facts).allowed());
  facts.relationship.assigned_para = false;
  EXPECT_FALSE(Decide(para, AccessAction::kRead, RecordFamily::kStudent, facts).allowed());
}

TEST(AccessPolicy, para_editing_iep_content_is_forbidden_naming_the_licensed_only_rule) {
  const Decision decision =
      Decide(StaffOf(StaffRole::kParaeducator), AccessAction::kLicensedWrite, RecordFamily::kGoal,
             AccessFacts{kDistrict, kSchool, With({Fact::kAssignedPara})});
  EXPECT_EQ(decision.outcome, AccessOutcome::kForbidden);
  EXPECT_EQ(decision.rule, AccessRule::kLicensedOnly);
  EXPECT_NE(decision.Reason().find("licensed-only"), std::string::npos);
}

TEST(AccessPolicy, para_never_sees_evaluations_or_staff_notes_whatever_the_facts_say) {
  StudentRelationship every = With({Fact::kCaseManager, Fact::kServiceProvider,
                                    Fact::kSectionTeacher, Fact::kAssignedPara, Fact::kGuardian});
  for (RecordFamily family : {RecordFamily::kEvaluation, RecordFamily::kStaffNote}) {
    const Decision decision = Decide(StaffOf(StaffRole::kParaeducator), AccessAction::kRead, family,
                                     AccessFacts{kDistrict, kSchool, every});
    EXPECT_EQ(decision.outcome, AccessOutcome::kHidden) << NameOf(family);
    EXPECT_EQ(decision.rule, AccessRule::kPartNotImplementedByPara);
  }
}

Iep FullIep() {
  Iep iep;
  iep.id = 5;
  iep.services.emplace_back().id = 1;
  iep.goals.emplace_back().id = 1;
  iep.goals.emplace_back().id = 2;
  iep.accommodations.emplace_back().id = 1;
  iep.regulation_plan.emplace_back().level = 1;
  iep.one_to_one.emplace().justification = "safety";
  return iep;
}

std::vector<Id> GoalIds(const Iep& iep) {
  std::vector<Id> ids;
  for (const Goal& goal : iep.goals) ids.push_back(goal.id);
  return ids;
}

TEST(AccessPolicy, para_sees_only_the_goals_they_collect_data_on) {
  const std::vector<Id> collected{2};
  const Decision decision =
      Decide(StaffOf(StaffRole::kParaeducator), AccessAction::kRead, RecordFamily::kIep,
             AccessFacts{kDistrict, kSchool, With({Fact::kAssignedPara}, collected)});
  const Iep visible = RedactIep(FullIep(), decision, collected);
  ASSERT_EQ(visible.goals.size(), 1U);
  EXPECT_EQ(visible.goals[0].id, 2);
  EXPECT_EQ(visible.services.size(), 1U);
  EXPECT_EQ(visible.accommodations.size(), 1U);
  EXPECT_EQ(visible.regulation_plan.size(), 1U);
  EXPECT_FALSE(visible.one_to_one.has_value());
}

TEST(AccessPolicy, general_educator_sees_accommodations_and_supports_but_no_goals) {
  const Decision decision =
      Decide(StaffOf(StaffRole::kGeneralEducator), AccessAction::kRead, RecordFamily::kIep,
             AccessFacts{kDistrict, kSchool, With({Fact::kSectionTeacher})});
  const Iep visible = RedactIep(FullIep(), decision, {});
  EXPECT_EQ(visible.services.size(), 1U);
  EXPECT_EQ(visible.accommodations.size(), 1U);
  EXPECT_TRUE(visible.goals.empty());
  EXPECT_TRUE(visible.regulation_plan.empty());
  EXPECT_FALSE(visible.one_to_one.has_value());
}

TEST(AccessPolicy, guardian_sees_services_and_goal_progress_of_their_child) {
  const Decision decision =
      Decide(Principal::Guardian(300, kDistrict), AccessAction::kRead, RecordFamily::kIep,
             AccessFacts{kDistrict, kSchool, With({Fact::kGuardian})});
  const Iep visible = RedactIep(FullIep(), decision, {});
  EXPECT_EQ(visible.services.size(), 1U);
  EXPECT_EQ(visible.goals.size(), 2U);
  EXPECT_TRUE(visible.accommodations.empty());
  EXPECT_TRUE(visible.regulation_plan.empty());
}

TEST(AccessPolicy, case_manager_sees_the_whole_iep) {
  const Decision decision =
      Decide(StaffOf(StaffRole::kSpecialEducator), AccessAction::kRead, RecordFamily::kIep,
             AccessFacts{kDistrict, kSchool, With({Fact::kCaseManager})});
  const Iep visible = RedactIep(FullIep(), decision, {});
  EXPECT_EQ(GoalIds(visible), GoalIds(FullIep()));
  EXPECT_EQ(visible.services, FullIep().services);
  EXPECT_EQ(visible.accommodations, FullIep().accommodations);
  EXPECT_EQ(visible.regulation_plan, FullIep().regulation_plan);
  EXPECT_EQ(visible.one_to_one, FullIep().one_to_one);
}

TEST(AccessPolicy, a_refused_decision_redacts_everything) {
  const Decision decision = Decide(StaffOf(StaffRole::kParaeducator), AccessAction::kRead,
                                   RecordFamily::kIep, AccessFacts{kDistrict, kSchool, {}});
  const Iep visible = RedactIep(FullIep(), decision, std::vector<Id>{1, 2});
  EXPECT_TRUE(visible.services.empty());
  EXPECT_TRUE(visible.goals.empty());
  EXPECT_TRUE(visible.accommodations.empty());
}

TEST(AccessPolicy, custody_restricted_guardian_is_refused_naming_the_restriction) {
  const Decision decision =
      Decide(Principal::Guardian(300, kDistrict), AccessAction::kRead, RecordFamily::kStudent,
             AccessFacts{kDistrict, kSchool, With({Fact::kGuardian, Fact::kCustodyRestricted})});
  EXPECT_EQ(decision.outcome, AccessOutcome::kHidden);
  EXPECT_EQ(decision.rule, AccessRule::kCustodyRestricted);
}

TEST(AccessPolicy, administrator_may_not_edit_iep_content) {
  const Decision decision = Decide(StaffOf(StaffRole::kAdministrator), AccessAction::kWrite,
                                   RecordFamily::kGoal, AccessFacts{kDistrict, kSchool, {}});
  EXPECT_EQ(decision.outcome, AccessOutcome::kForbidden);
  EXPECT_EQ(decision.rule, AccessRule::kAdministratorNotIepOwner);
}

TEST(AccessPolicy, a_principal_without_a_district_reaches_nothing) {
  const Principal nobody = Principal::Staff(StaffRole::kAdministrator, 1, 0, std::nullopt);
  const Decision decision =
      Decide(nobody, AccessAction::kRead, RecordFamily::kSchool, AccessFacts{0, std::nullopt, {}});
  EXPECT_EQ(decision.outcome, AccessOutcome::kHidden);
}

// District records (staff, sections, schools, rooms, calendars).
struct DistrictRow {
  std::string name;
  Principal principal;
  std::optional<Id> record_school;
  AccessOutcome read;
  AccessOutcome write;
};

TEST(AccessPolicy, district_records_follow_the_directory_and_administrator_rules) {
  const std::vector<DistrictRow> rows{
      {"para_own_school", StaffOf(StaffRole::kParaeducator), kSchool, AccessOutcome::kAllowed,
       AccessOutcome::kForbidden},
      {"teacher_other_school", StaffOf(StaffRole::kGeneralEducator), kOtherSchool,
       AccessOutcome::kAllowed, AccessOutcome::kForbidden},
      {"school_admin_own_school", StaffOf(StaffRole::kAdministrator), kSchool,
       AccessOutcome::kAllowed, AccessOutcome::kAllowed},
      {"school_admin_other_school", StaffOf(StaffRole::kAdministrator), kOtherSchool,
       AccessOutcome::kAllowed, AccessOutcome::kForbidden},
      {"school_admin_district_record", StaffOf(StaffRole::kAdministrator), std::nullopt,
       AccessOutcome::kAllowed, AccessOutcome::kForbidden},
      {"district_admin_any_school", StaffOf(StaffRole::kAdministrator, std::nullopt), kOtherSchool,
       AccessOutcome::kAllowed, AccessOutcome::kAllowed},
      {"guardian", Principal::Guardian(300, kDistrict), kSchool, AccessOutcome::kHidden,
       AccessOutcome::kHidden},
  };
  for (const DistrictRow& row : rows) {
    for (RecordFamily family : AllOf<RecordFamily>()) {
      if (IsStudentRecord(family)) continue;
      const AccessFacts facts = AccessFacts::ForRecord(kDistrict, row.record_school);
      EXPECT_EQ(Decide(row.principal, AccessAction::kRead, family, facts).outcome, row.read)
          << row.name << " " << NameOf(family);
      for (AccessAction action : {AccessAction::kWrite, AccessAction::kLicensedWrite}) {
        EXPECT_EQ(Decide(row.principal, action, family, facts).outcome, row.write)
            << row.name << " " << NameOf(family);
      }
    }
  }
}

TEST(AccessPolicy, a_plan_naming_a_student_of_another_school_is_hidden_from_that_schools_staff) {
  const AccessFacts facts{kDistrict, kOtherSchool, {}};
  for (StaffRole role : {StaffRole::kSpecialEducator, StaffRole::kRelatedServiceProvider,
                         StaffRole::kGeneralEducator, StaffRole::kAdministrator}) {
    const Decision school = Decide(StaffOf(role), AccessAction::kRead, RecordFamily::kPlan, facts);
    EXPECT_EQ(school.outcome, AccessOutcome::kHidden) << NameOf(role);
    // District-level staff plan with every school of the district.
    const Decision district =
        Decide(StaffOf(role, std::nullopt), AccessAction::kRead, RecordFamily::kPlan, facts);
    EXPECT_TRUE(district.allowed()) << NameOf(role);
  }
  const Decision unrelated = Decide(StaffOf(StaffRole::kGeneralEducator), AccessAction::kWrite,
                                    RecordFamily::kPlan, AccessFacts{kDistrict, kSchool, {}});
  EXPECT_TRUE(unrelated.allowed());
  EXPECT_EQ(unrelated.rule, AccessRule::kLicensedStaffOfSchool);
}

TEST(AccessPolicy, paras_and_parents_never_read_a_plan_and_administrators_never_write_one) {
  const AccessFacts facts{kDistrict, kSchool,
                          With({Fact::kAssignedPara, Fact::kGuardian, Fact::kCaseManager})};
  for (const Principal& principal :
       {StaffOf(StaffRole::kParaeducator), Principal::Guardian(300, kDistrict)}) {
    const Decision decision = Decide(principal, AccessAction::kRead, RecordFamily::kPlan, facts);
    EXPECT_EQ(decision.outcome, AccessOutcome::kHidden);
    EXPECT_EQ(decision.rule, AccessRule::kPlansForLicensedStaff);
  }
  const Decision write = Decide(StaffOf(StaffRole::kAdministrator), AccessAction::kWrite,
                                RecordFamily::kPlan, facts);
  EXPECT_EQ(write.outcome, AccessOutcome::kForbidden);
  EXPECT_EQ(write.rule, AccessRule::kPlansForLicensedStaff);
}

TEST(AccessPolicy, every_rule_has_a_unique_name_and_a_reason) {
  std::set<std::string_view> names;
  std::set<std::string> reasons;
  for (AccessRule rule : AllOf<AccessRule>()) {
    EXPECT_TRUE(names.insert(NameOf(rule)).second) << NameOf(rule);
    Decision decision;
    decision.rule = rule;
    EXPECT_TRUE(reasons.insert(decision.Reason()).second) << NameOf(rule);
  }
}

}  // namespace
}  // namespace paraplan
