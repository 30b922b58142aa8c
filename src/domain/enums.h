// The vocabularies of paraplan's domain. Each enum has stable snake_case
// names (EnumNames<E>) used in the database, the API and import mappings:
// rename an enumerator freely, never its name string.
#pragma once

#include <array>
#include <optional>
#include <span>
#include <string_view>
#include <utility>

namespace paraplan {

enum class StaffRole {
  kAdministrator,
  kSpecialEducator,
  kRelatedServiceProvider,
  kGeneralEducator,
  kParaeducator,
};

// The discipline of a related service provider (required for that role only).
enum class ProviderKind {
  kSpeechLanguagePathologist,
  kOccupationalTherapist,
  kPhysicalTherapist,
  kSchoolPsychologist,
  kSocialWorker,
  kNurse,
  kInterpreter,
};

enum class Grade { kPK, kK, k1, k2, k3, k4, k5, k6, k7, k8, k9, k10, k11, k12 };

enum class IepStatus { kDraft, kActive, kEnded };

// Type of support, as the IEP documents it (seed 000 "Documenting Services
// within the IEP": the type of support, never the role of the person).
enum class SupportType {
  kMathSupport,
  kReadingSupport,
  kWritingSupport,
  kBehaviorSupport,
  kSocialSkills,
  kCommunication,
  kPersonalCare,
  kOrganizationSupport,
  kSpeechLanguageTherapy,
  kOccupationalTherapy,
  kPhysicalTherapy,
  kCounseling,
  kHealthServices,
  kInterpreting,
};

enum class MinutesPeriod { kDay, kWeek, kMonth };

enum class Setting { kGeneralEducationClassroom, kSpecialEducationSetting, kOther };

enum class DeliveryModel { kPushIn, kPullOutSmallGroup, kOneToOne, kConsultation };

enum class GoalArea {
  kReading,
  kWriting,
  kMath,
  kCommunication,
  kSocialEmotional,
  kBehavior,
  kFunctional,
  kMotor,
  kSelfAdvocacy,
};

enum class MeasurementMethod {
  kPercentOfTrials,
  kFrequency,
  kRate,
  kDuration,
  kLatency,
  kPromptLevel,
  kRubricScore,
};

enum class AccommodationKind { kAccommodation, kSupplementaryAid, kModification };

// Support level a student needs in one block of the day (seed 001
// "Scheduling Time with Students Equitably based on Student Needs").
enum class SupportLevel { kIndependent, kTeacherSupport, kPeerSupport, kAdultSupport };

// Skills an adult needs to support a student in a block; also the skills a
// para is trained in.
enum class Skill {
  kAac,
  kBehaviorPlan,
  kPersonalCare,
  kSignLanguage,
  kHealthProcedure,
  kMobilityAndLifting,
  kFeeding,
  kReadingIntervention,
  kMathIntervention,
  kSocialSkillsInstruction,
};

// Special education program aide, educational interpreter, teaching license...
enum class CredentialKind {
  kSpecialEducationProgramAide,
  kEducationalInterpreter,
  kTeachingLicense,
  kRelatedServiceLicense,
  kCprFirstAid,
};

enum class GuardianRelation { kMother, kFather, kGuardian, kFosterParent, kOther };

// Stable names for every enumerator, in declaration order.
template <typename E>
struct EnumNames;

#define PARAPLAN_ENUM_NAMES(E, ...)                                                      \
  template <>                                                                            \
  struct EnumNames<E> {                                                                  \
    static constexpr auto kNames = std::to_array<std::pair<E, std::string_view>>({__VA_ARGS__}); \
  }

PARAPLAN_ENUM_NAMES(StaffRole, {StaffRole::kAdministrator, "administrator"},
                    {StaffRole::kSpecialEducator, "special_educator"},
                    {StaffRole::kRelatedServiceProvider, "related_service_provider"},
                    {StaffRole::kGeneralEducator, "general_educator"},
                    {StaffRole::kParaeducator, "paraeducator"});
PARAPLAN_ENUM_NAMES(ProviderKind,
                    {ProviderKind::kSpeechLanguagePathologist, "speech_language_pathologist"},
                    {ProviderKind::kOccupationalTherapist, "occupational_therapist"},
                    {ProviderKind::kPhysicalTherapist, "physical_therapist"},
                    {ProviderKind::kSchoolPsychologist, "school_psychologist"},
                    {ProviderKind::kSocialWorker, "social_worker"},
                    {ProviderKind::kNurse, "nurse"}, {ProviderKind::kInterpreter, "interpreter"});
PARAPLAN_ENUM_NAMES(Grade, {Grade::kPK, "PK"}, {Grade::kK, "K"}, {Grade::k1, "1"},
                    {Grade::k2, "2"}, {Grade::k3, "3"}, {Grade::k4, "4"}, {Grade::k5, "5"},
                    {Grade::k6, "6"}, {Grade::k7, "7"}, {Grade::k8, "8"}, {Grade::k9, "9"},
                    {Grade::k10, "10"}, {Grade::k11, "11"}, {Grade::k12, "12"});
PARAPLAN_ENUM_NAMES(IepStatus, {IepStatus::kDraft, "draft"}, {IepStatus::kActive, "active"},
                    {IepStatus::kEnded, "ended"});
PARAPLAN_ENUM_NAMES(SupportType, {SupportType::kMathSupport, "math_support"},
                    {SupportType::kReadingSupport, "reading_support"},
                    {SupportType::kWritingSupport, "writing_support"},
                    {SupportType::kBehaviorSupport, "behavior_support"},
                    {SupportType::kSocialSkills, "social_skills"},
                    {SupportType::kCommunication, "communication"},
                    {SupportType::kPersonalCare, "personal_care"},
                    {SupportType::kOrganizationSupport, "organization_support"},
                    {SupportType::kSpeechLanguageTherapy, "speech_language_therapy"},
                    {SupportType::kOccupationalTherapy, "occupational_therapy"},
                    {SupportType::kPhysicalTherapy, "physical_therapy"},
                    {SupportType::kCounseling, "counseling"},
                    {SupportType::kHealthServices, "health_services"},
                    {SupportType::kInterpreting, "interpreting"});
PARAPLAN_ENUM_NAMES(MinutesPeriod, {MinutesPeriod::kDay, "day"}, {MinutesPeriod::kWeek, "week"},
                    {MinutesPeriod::kMonth, "month"});
PARAPLAN_ENUM_NAMES(Setting, {Setting::kGeneralEducationClassroom, "general_education_classroom"},
                    {Setting::kSpecialEducationSetting, "special_education_setting"},
                    {Setting::kOther, "other"});
PARAPLAN_ENUM_NAMES(DeliveryModel, {DeliveryModel::kPushIn, "push_in"},
                    {DeliveryModel::kPullOutSmallGroup, "pull_out_small_group"},
                    {DeliveryModel::kOneToOne, "one_to_one"},
                    {DeliveryModel::kConsultation, "consultation"});
PARAPLAN_ENUM_NAMES(GoalArea, {GoalArea::kReading, "reading"}, {GoalArea::kWriting, "writing"},
                    {GoalArea::kMath, "math"}, {GoalArea::kCommunication, "communication"},
                    {GoalArea::kSocialEmotional, "social_emotional"},
                    {GoalArea::kBehavior, "behavior"}, {GoalArea::kFunctional, "functional"},
                    {GoalArea::kMotor, "motor"}, {GoalArea::kSelfAdvocacy, "self_advocacy"});
PARAPLAN_ENUM_NAMES(MeasurementMethod, {MeasurementMethod::kPercentOfTrials, "percent_of_trials"},
                    {MeasurementMethod::kFrequency, "frequency"},
                    {MeasurementMethod::kRate, "rate"}, {MeasurementMethod::kDuration, "duration"},
                    {MeasurementMethod::kLatency, "latency"},
                    {MeasurementMethod::kPromptLevel, "prompt_level"},
                    {MeasurementMethod::kRubricScore, "rubric_score"});
PARAPLAN_ENUM_NAMES(AccommodationKind, {AccommodationKind::kAccommodation, "accommodation"},
                    {AccommodationKind::kSupplementaryAid, "supplementary_aid"},
                    {AccommodationKind::kModification, "modification"});
PARAPLAN_ENUM_NAMES(SupportLevel, {SupportLevel::kIndependent, "independent"},
                    {SupportLevel::kTeacherSupport, "teacher_support"},
                    {SupportLevel::kPeerSupport, "peer_support"},
                    {SupportLevel::kAdultSupport, "adult_support"});
PARAPLAN_ENUM_NAMES(Skill, {Skill::kAac, "aac"}, {Skill::kBehaviorPlan, "behavior_plan"},
                    {Skill::kPersonalCare, "personal_care"},
                    {Skill::kSignLanguage, "sign_language"},
                    {Skill::kHealthProcedure, "health_procedure"},
                    {Skill::kMobilityAndLifting, "mobility_and_lifting"},
                    {Skill::kFeeding, "feeding"},
                    {Skill::kReadingIntervention, "reading_intervention"},
                    {Skill::kMathIntervention, "math_intervention"},
                    {Skill::kSocialSkillsInstruction, "social_skills_instruction"});
PARAPLAN_ENUM_NAMES(CredentialKind,
                    {CredentialKind::kSpecialEducationProgramAide,
                     "special_education_program_aide"},
                    {CredentialKind::kEducationalInterpreter, "educational_interpreter"},
                    {CredentialKind::kTeachingLicense, "teaching_license"},
                    {CredentialKind::kRelatedServiceLicense, "related_service_license"},
                    {CredentialKind::kCprFirstAid, "cpr_first_aid"});
PARAPLAN_ENUM_NAMES(GuardianRelation, {GuardianRelation::kMother, "mother"},
                    {GuardianRelation::kFather, "father"},
                    {GuardianRelation::kGuardian, "guardian"},
                    {GuardianRelation::kFosterParent, "foster_parent"},
                    {GuardianRelation::kOther, "other"});

#undef PARAPLAN_ENUM_NAMES

// The stable name of an enumerator.
template <typename E>
constexpr std::string_view NameOf(E value) {
  for (const auto& [candidate, name] : EnumNames<E>::kNames) {
    if (candidate == value) return name;
  }
  return "unknown";
}

// The enumerator with this stable name, or nullopt for an unknown name.
template <typename E>
constexpr std::optional<E> ParseEnum(std::string_view name) {
  for (const auto& [candidate, candidate_name] : EnumNames<E>::kNames) {
    if (candidate_name == name) return candidate;
  }
  return std::nullopt;
}

// Every enumerator, in declaration order (for generators, menus and tests).
template <typename E>
constexpr auto AllOf() {
  std::array<E, EnumNames<E>::kNames.size()> values{};
  for (std::size_t i = 0; i < values.size(); ++i) values[i] = EnumNames<E>::kNames[i].first;
  return values;
}

}  // namespace paraplan
