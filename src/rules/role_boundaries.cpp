#include "rules/role_boundaries.h"

#include <fmt/format.h>

namespace paraplan {
namespace {

constexpr std::string_view kSeed000Roles = "seed 000 \"Roles and Responsibilities\"";
constexpr std::string_view kSeed000Examples =
    "seed 000 \"Examples of Instruction and Service Delivery During Implementation\"";
constexpr std::string_view kSeed000Sdi = "seed 000 \"Specially Designed Instruction\"";
constexpr std::string_view kSeed001Roles = "seed 001 \"Defining Roles and Responsibilities\"";
constexpr std::string_view kSeed001Toolkit = "seed 001 \"Paraprofessional Skills Toolkit\"";
constexpr std::string_view kSeed002CanCannot =
    "seed 002 \"What Paraprofessionals Can and Cannot Do Under an IEP\"";
constexpr std::string_view kSeed002Iep =
    "seed 002 \"The Role of Paraprofessionals in IEP Implementation\"";
constexpr std::string_view kSeed002Accommodations =
    "seed 002 \"How Paraprofessionals Help Carry Out IEP Accommodations\"";

using enum Activity;
using enum ActivityScope;

// In Activity's declaration order; a static_assert below keeps it complete.
constexpr auto kCatalogue = std::to_array<ActivityRule>({
    {kDesignInstruction, kLicensedOnly,
     "plan and design instruction, including the lesson plan for the whole class",
     kSeed001Roles},
    {kChooseSdi, kIepOwnerOnly,
     "choose the specially designed instruction for a student from the IEP", kSeed000Sdi},
    {kPrepareAdaptedLesson, kLicensedOnly,
     "prepare an adapted lesson for another adult to deliver", kSeed000Examples},
    {kModifyCurriculum, kLicensedOnly, "modify the curriculum or a student's work",
     kSeed002CanCannot},
    {kAssessOrDiagnose, kLicensedOnly, "assess student learning or diagnose learning needs",
     kSeed001Roles},
    {kDecideGoalMeasurement, kIepOwnerOnly, "determine how an IEP goal is measured",
     kSeed002CanCannot},
    {kChooseActivitiesContentEnvironment, kLicensedOnly,
     "decide which activities, lessons, content or environments a student accesses",
     kSeed001Roles},
    {kMakePlacementDecision, kLicensedOnly, "make placement decisions", kSeed002Iep},
    {kReportProgressToParents, kLicensedOnly,
     "report outcomes and progress to administrators and parents", kSeed001Roles},
    {kEvaluateInstruction, kLicensedOnly,
     "evaluate the effects of instruction and the student's progress", kSeed001Roles},
    {kTeachWholeGroupLesson, kLicensedOnly,
     "deliver the planned lesson to the whole class (planning and delivering instruction)",
     kSeed001Roles},
    {kSuperviseParaeducator, kLicensedOnly, "train, direct and supervise a paraeducator",
     kSeed000Roles},
    {kDeliverSdi, kParaAllowed,
     "deliver specially designed instruction prepared by a licensed educator, under supervision",
     kSeed000Sdi},
    {kReteach, kParaAllowed, "re-teach content the teacher has taught", kSeed000Roles},
    {kPreteach, kParaAllowed, "pre-teach or preview content before instruction", kSeed000Roles},
    {kTeachPreparedSmallGroupLesson, kParaAllowed,
     "teach a small group a lesson prepared by a licensed educator", kSeed000Examples},
    {kPromptAndFade, kParaAllowed, "give prompts or redirection and fade them over time",
     kSeed002CanCannot},
    {kProvideReinforcement, kParaAllowed,
     "reinforce on-task behaviour, participation and skills as the teacher set up",
     kSeed001Toolkit},
    {kMonitorIndependentWork, kParaAllowed, "monitor students' independent work",
     kSeed000Roles},
    {kSupportWholeClass, kParaAllowed,
     "support the class: answer individual questions, classroom organisation and management",
     kSeed000Roles},
    {kLeadExtensionActivity, kParaAllowed,
     "lead an extension activity with the other students while a teacher delivers SDI",
     "seed 000 \"Using Special Education-Funded Staff\""},
    {kSupportAccommodations, kParaAllowed,
     "support accommodations and supplementary aids set out in the IEP",
     kSeed002Accommodations},
    {kSupportAssistiveTechnology, kParaAllowed,
     "support assistive technology and AAC the student already uses", kSeed000Roles},
    {kSupportRegulationPlan, kParaAllowed,
     "follow the established behaviour or regulation plan", kSeed002Accommodations},
    {kSupportSelfMonitoring, kParaAllowed, "help the student self-monitor accurately",
     kSeed001Toolkit},
    {kSupportPersonalCare, kParaAllowed, "attend to physical and personal care needs",
     kSeed001Toolkit},
    {kCollectData, kParaAllowed, "collect the data the licensed educator asked for",
     kSeed001Toolkit},
    {kSuperviseNonInstructionalSetting, kParaAllowed,
     "supervise students in non-instructional settings", kSeed000Roles},
});

static_assert(kCatalogue.size() == EnumNames<Activity>::kNames.size(),
              "every activity needs a catalogue entry");
static_assert(
    [] {
      for (std::size_t i = 0; i < kCatalogue.size(); ++i) {
        if (kCatalogue[i].activity != EnumNames<Activity>::kNames[i].first) return false;
      }
      return true;
    }(),
    "the catalogue follows Activity's declaration order");

Error Refuse(BoundaryRule rule, std::string_view field, std::string explanation,
             std::string_view source) {
  std::string reason = fmt::format("{} (rule {}, {})", explanation, NameOf(rule), source);
  std::string message = fmt::format("{}: {}", NameOf(rule), reason);
  return Error::Invalid(std::move(message), {{std::string(field), std::move(reason)}});
}

}  // namespace

std::span<const ActivityRule> ActivityCatalogue() { return kCatalogue; }

const ActivityRule& RuleFor(Activity activity) {
  return kCatalogue[static_cast<std::size_t>(activity)];
}

bool IsLicensedEducator(StaffRole role) {
  return role == StaffRole::kGeneralEducator || role == StaffRole::kSpecialEducator ||
         role == StaffRole::kRelatedServiceProvider;
}

bool IsIepOwner(StaffRole role) {
  return role == StaffRole::kSpecialEducator || role == StaffRole::kRelatedServiceProvider;
}

Result<void> CheckRoleAssignment(StaffRole role, Activity activity,
                                 const AssignmentContext& context) {
  const ActivityRule& rule = RuleFor(activity);
  std::string_view name = NameOf(activity);
  if (role == StaffRole::kAdministrator) {
    return Fail(Refuse(BoundaryRule::kNoClassroomRoleForAdministrator, "activity",
                       fmt::format("an administrator is not given classroom roles such as {}; "
                                   "roles in a lesson go to educators and paraeducators",
                                   name),
                       kSeed000Roles));
  }
  if (role == StaffRole::kParaeducator && rule.scope != kParaAllowed) {
    return Fail(Refuse(BoundaryRule::kLicensedOnlyActivity, "activity",
                       fmt::format("{} ({}) is a licensed-only activity; a paraeducator "
                                   "cannot be assigned it",
                                   name, rule.description),
                       rule.source));
  }
  if (role == StaffRole::kGeneralEducator && rule.scope == kIepOwnerOnly) {
    return Fail(Refuse(BoundaryRule::kIepOwnerOnlyActivity, "activity",
                       fmt::format("{} ({}) belongs to the special educator or related "
                                   "service provider who owns the IEP",
                                   name, rule.description),
                       rule.source));
  }
  if (role != StaffRole::kParaeducator) return {};

  if (activity == kDeliverSdi) {
    if (!context.supervisor_role || !IsIepOwner(*context.supervisor_role)) {
      return Fail(Refuse(BoundaryRule::kParaSdiRequiresLicensedSupervisor, "supervisor_id",
                         "a paraeducator delivers SDI only under a named special educator or "
                         "related service provider as supervisor",
                         kSeed000Sdi));
    }
    if (!context.adapted_lesson_author_role ||
        !IsLicensedEducator(*context.adapted_lesson_author_role)) {
      return Fail(Refuse(BoundaryRule::kParaSdiRequiresAdaptedLesson, "adapted_lesson",
                         "a paraeducator delivers SDI only from an adapted lesson a licensed "
                         "educator prepared",
                         kSeed000Examples));
    }
  }
  if (activity == kTeachPreparedSmallGroupLesson &&
      (!context.adapted_lesson_author_role ||
       !IsLicensedEducator(*context.adapted_lesson_author_role))) {
    return Fail(Refuse(BoundaryRule::kPreparedLessonRequiresLicensedAuthor, "adapted_lesson",
                       "a paraeducator teaches a small group only a lesson a licensed educator "
                       "prepared",
                       kSeed000Examples));
  }
  return {};
}

std::optional<BoundaryRule> BrokenRule(const Error& error) {
  std::string_view message = error.message;
  auto colon = message.find(':');
  if (error.code != ErrorCode::kInvalidArgument || colon == std::string_view::npos) {
    return std::nullopt;
  }
  return ParseEnum<BoundaryRule>(message.substr(0, colon));
}

}  // namespace paraplan
