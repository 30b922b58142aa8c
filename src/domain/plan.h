// Lesson plans and service delivery plans (capability 3 of the product; seed
// 000 "Service Delivery Plan", "Preparation and Approach" and "Examples of
// Instruction and Service Delivery").
//
// A general educator writes the lesson plan for a section and a date: the
// objective, the grade-level standard, the parts of the lesson and the
// materials. The special educator or related service provider reviews it and
// adds what students with disabilities need: adaptations, modifications and
// accommodations, adapted lessons, the data to collect, and for every adult
// in the room a role in every part of the lesson. The plan moves
// draft -> submitted -> reviewed -> published.
//
// The activities an adult can be given come from one catalogue (Activity);
// which of them a paraeducator may do is decided in rules/role_boundaries.h.
#pragma once

#include <array>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "domain/enums.h"
#include "domain/error.h"
#include "domain/model.h"
#include "domain/time.h"

namespace paraplan {

enum class PlanStatus { kDraft, kSubmitted, kReviewed, kPublished };

// What an adult does in one part of a lesson. The catalogue follows the
// seeds' lists of teacher and paraprofessional duties; rules/role_boundaries
// marks each one licensed-only or para-allowed and cites the source.
enum class Activity {
  // Duties of licensed educators and providers.
  kDesignInstruction,
  kChooseSdi,
  kPrepareAdaptedLesson,
  kModifyCurriculum,
  kAssessOrDiagnose,
  kDecideGoalMeasurement,
  kChooseActivitiesContentEnvironment,
  kMakePlacementDecision,
  kReportProgressToParents,
  kEvaluateInstruction,
  kTeachWholeGroupLesson,
  kSuperviseParaeducator,
  // Duties a trained paraeducator may carry out under direction.
  kDeliverSdi,
  kReteach,
  kPreteach,
  kTeachPreparedSmallGroupLesson,
  kPromptAndFade,
  kProvideReinforcement,
  kMonitorIndependentWork,
  kSupportWholeClass,
  kLeadExtensionActivity,
  kSupportAccommodations,
  kSupportAssistiveTechnology,
  kSupportRegulationPlan,
  kSupportSelfMonitoring,
  kSupportPersonalCare,
  kCollectData,
  kSuperviseNonInstructionalSetting,
};

// Whom an adult works with in one part of a lesson.
enum class Audience {
  kWholeClass,   // every student in the room
  kRestOfClass,  // the students no other adult is serving in that part
  kSmallGroup,   // the listed students
  kIndividual,   // exactly one listed student
};

// Whether an adult named by a plan is in the room for the lesson or only
// takes part in planning (prepares an adapted lesson, supervises, reviews).
enum class Presence { kInRoom, kPlanningOnly };

// What the review applies to a student's work (seed 000 "Preparation and
// Approach": adaptations, modifications and accommodations).
enum class AdaptationKind { kAdaptation, kModification, kAccommodation };

template <>
struct EnumNames<PlanStatus> {
  static constexpr auto kNames = std::to_array<std::pair<PlanStatus, std::string_view>>({
      {PlanStatus::kDraft, "draft"},
      {PlanStatus::kSubmitted, "submitted"},
      {PlanStatus::kReviewed, "reviewed"},
      {PlanStatus::kPublished, "published"},
  });
};

template <>
struct EnumNames<Activity> {
  static constexpr auto kNames = std::to_array<std::pair<Activity, std::string_view>>({
      {Activity::kDesignInstruction, "design_instruction"},
      {Activity::kChooseSdi, "choose_sdi"},
      {Activity::kPrepareAdaptedLesson, "prepare_adapted_lesson"},
      {Activity::kModifyCurriculum, "modify_curriculum"},
      {Activity::kAssessOrDiagnose, "assess_or_diagnose"},
      {Activity::kDecideGoalMeasurement, "decide_goal_measurement"},
      {Activity::kChooseActivitiesContentEnvironment, "choose_activities_content_environment"},
      {Activity::kMakePlacementDecision, "make_placement_decision"},
      {Activity::kReportProgressToParents, "report_progress_to_parents"},
      {Activity::kEvaluateInstruction, "evaluate_instruction"},
      {Activity::kTeachWholeGroupLesson, "teach_whole_group_lesson"},
      {Activity::kSuperviseParaeducator, "supervise_paraeducator"},
      {Activity::kDeliverSdi, "deliver_sdi"},
      {Activity::kReteach, "reteach"},
      {Activity::kPreteach, "preteach"},
      {Activity::kTeachPreparedSmallGroupLesson, "teach_prepared_small_group_lesson"},
      {Activity::kPromptAndFade, "prompt_and_fade"},
      {Activity::kProvideReinforcement, "provide_reinforcement"},
      {Activity::kMonitorIndependentWork, "monitor_independent_work"},
      {Activity::kSupportWholeClass, "support_whole_class"},
      {Activity::kLeadExtensionActivity, "lead_extension_activity"},
      {Activity::kSupportAccommodations, "support_accommodations"},
      {Activity::kSupportAssistiveTechnology, "support_assistive_technology"},
      {Activity::kSupportRegulationPlan, "support_regulation_plan"},
      {Activity::kSupportSelfMonitoring, "support_self_monitoring"},
      {Activity::kSupportPersonalCare, "support_personal_care"},
      {Activity::kCollectData, "collect_data"},
      {Activity::kSuperviseNonInstructionalSetting, "supervise_non_instructional_setting"},
  });
};

template <>
struct EnumNames<Audience> {
  static constexpr auto kNames = std::to_array<std::pair<Audience, std::string_view>>({
      {Audience::kWholeClass, "whole_class"},
      {Audience::kRestOfClass, "rest_of_class"},
      {Audience::kSmallGroup, "small_group"},
      {Audience::kIndividual, "individual"},
  });
};

template <>
struct EnumNames<Presence> {
  static constexpr auto kNames = std::to_array<std::pair<Presence, std::string_view>>({
      {Presence::kInRoom, "in_room"},
      {Presence::kPlanningOnly, "planning_only"},
  });
};

template <>
struct EnumNames<AdaptationKind> {
  static constexpr auto kNames = std::to_array<std::pair<AdaptationKind, std::string_view>>({
      {AdaptationKind::kAdaptation, "adaptation"},
      {AdaptationKind::kModification, "modification"},
      {AdaptationKind::kAccommodation, "accommodation"},
  });
};

// One part of a lesson, e.g. "whole group lesson" then "independent work".
// `key` is how roles refer to it and is unique within the plan.
struct LessonPart {
  std::string key;
  std::string description;
  int minutes = 0;
  bool operator==(const LessonPart&) const = default;
};

// An adult the plan names: in the room for the lesson, or taking part in
// planning only. The role is the staff member's role when the plan was
// written, so the plan can be checked on its own. Every adult the plan refers
// to (authors of adapted lessons, supervisors, the reviewer) is listed here.
struct PlanAdult {
  Id staff_id = 0;
  StaffRole role = StaffRole::kGeneralEducator;
  std::string name;
  Presence presence = Presence::kInRoom;
  bool operator==(const PlanAdult&) const = default;
};

// An adaptation, modification or accommodation to apply for one student.
struct StudentAdaptation {
  Id student_id = 0;
  AdaptationKind kind = AdaptationKind::kAccommodation;
  std::string description;
  bool operator==(const StudentAdaptation&) const = default;
};

// A lesson a licensed educator prepared for another adult, usually a
// paraeducator, to deliver (seed 000: "The special educator prepares an
// adapted lesson plan for the paraeducator to give"). The preparer is one of
// the plan's adults, so the boundary rules can check they are licensed.
struct AdaptedLesson {
  std::string key;
  Id prepared_by = 0;
  std::vector<Id> student_ids;
  std::string title;
  std::string content;
  bool operator==(const AdaptedLesson&) const = default;
};

// Data to collect on one IEP goal during the lesson, and who collects it.
struct DataToCollect {
  Id student_id = 0;
  Id goal_id = 0;
  MeasurementMethod method = MeasurementMethod::kPercentOfTrials;
  std::string how;  // e.g. "10 trials during independent work, record prompt level"
  std::optional<Id> collector_id;
  bool operator==(const DataToCollect&) const = default;
};

// What one adult does in one part of the lesson. An adult may hold several
// roles in the same part (reinforce one student while supporting the class).
struct RoleAssignment {
  Id staff_id = 0;
  std::string part;  // LessonPart::key
  Activity activity = Activity::kSupportWholeClass;
  Audience audience = Audience::kWholeClass;
  std::vector<Id> student_ids;  // for small groups and individuals
  // The licensed educator directing this work; required when a paraeducator
  // delivers SDI.
  std::optional<Id> supervisor_id;
  std::string adapted_lesson;  // AdaptedLesson::key, empty for none
  std::string note;
  bool operator==(const RoleAssignment&) const = default;
};

// A lesson plan with its service delivery review.
struct ServicePlan {
  Id id = 0;
  Id section_id = 0;
  Date date;
  Id author_id = 0;  // the general educator who wrote the lesson plan
  // The lesson plan.
  std::string objective;
  std::string standard;  // grade-level content standard, e.g. "CCSS.MATH.3.NF.A.1"
  std::vector<LessonPart> parts;
  std::vector<std::string> materials;
  // The collaborative review.
  PlanStatus status = PlanStatus::kDraft;
  std::optional<Date> submitted_on;
  std::optional<Id> reviewer_id;  // the special educator or provider who reviewed it
  // Why the reviewer last returned it to its author (what to change); set by
  // a return, cleared when the plan is submitted again.
  std::optional<std::string> return_reason;
  std::vector<PlanAdult> adults;
  std::vector<StudentAdaptation> adaptations;
  std::vector<AdaptedLesson> adapted_lessons;
  std::vector<DataToCollect> data_to_collect;
  std::vector<RoleAssignment> roles;
  std::int64_t version = 0;

  const PlanAdult* FindAdult(Id staff_id) const;
  const AdaptedLesson* FindAdaptedLesson(std::string_view key) const;
  const LessonPart* FindPart(std::string_view key) const;
};

// Whether the lifecycle allows moving from `from` to `to`: forward one step
// at a time, or back to draft from submitted or reviewed (a plan returned to
// its author for changes). A published plan is final; changes to it are new
// versions of the same status.
bool IsAllowedTransition(PlanStatus from, PlanStatus to);

// Validates the plan's shape: required fields, unique keys, references from
// roles and data to parts, adults, adapted lessons and students, and the
// audience's student list. Plans past draft must have parts; reviewed and
// published plans must name their reviewer. Role boundaries are checked by
// rules/plan_rules.h, which knows who may do what.
std::vector<FieldProblem> Validate(const ServicePlan& plan);

// When a lesson plan must reach the special educator for a lesson on
// `lesson_date`: `lead_days` instructional days earlier (seed 000
// "Preparation and Approach": "giving adequate time to identify necessary
// adaptations"). Days before the calendar's first day count as
// non-instructional, so a lesson early in the year is due before it starts.
Date SubmissionDeadline(Date lesson_date, int lead_days, const SchoolCalendar& calendar);

// A plan is late when it was submitted after its deadline.
struct PlanTiming {
  Date deadline;
  bool late = false;
};
PlanTiming CheckTiming(Date lesson_date, Date submitted_on, int lead_days,
                       const SchoolCalendar& calendar);

}  // namespace paraplan
