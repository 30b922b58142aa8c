// Role boundaries as code: which activities of a lesson a paraeducator may be
// given, and on what conditions. PRODUCT.md: "an attempt to assign a
// paraeducator a licensed-only duty ... is refused with a clear error".
//
// The catalogue marks each Activity licensed-only, IEP-owner-only or
// para-allowed and cites the seed passage it comes from:
//   seed 000 "Roles and Responsibilities" (what licensed educators and
//     paraeducators do in the push-in model),
//   seed 001 "Defining Roles and Responsibilities" (paraprofessionals cannot
//     be assigned teacher duties; teacher duties listed),
//   seed 002 "What Paraprofessionals Can and Cannot Do Under an IEP".
#pragma once

#include <array>
#include <optional>
#include <span>
#include <string_view>
#include <utility>

#include "domain/enums.h"
#include "domain/error.h"
#include "domain/plan.h"

namespace paraplan {

enum class ActivityScope {
  kParaAllowed,   // any adult in the room, a paraeducator under direction
  kLicensedOnly,  // general educators, special educators, related service providers
  kIepOwnerOnly,  // special educators and related service providers, who own IEP content
};

// The named rules a role assignment can break; each refusal names one.
enum class BoundaryRule {
  kLicensedOnlyActivity,
  kIepOwnerOnlyActivity,
  kNoClassroomRoleForAdministrator,
  kParaSdiRequiresLicensedSupervisor,
  kParaSdiRequiresAdaptedLesson,
  kPreparedLessonRequiresLicensedAuthor,
};

template <>
struct EnumNames<ActivityScope> {
  static constexpr auto kNames = std::to_array<std::pair<ActivityScope, std::string_view>>({
      {ActivityScope::kParaAllowed, "para_allowed"},
      {ActivityScope::kLicensedOnly, "licensed_only"},
      {ActivityScope::kIepOwnerOnly, "iep_owner_only"},
  });
};

template <>
struct EnumNames<BoundaryRule> {
  static constexpr auto kNames = std::to_array<std::pair<BoundaryRule, std::string_view>>({
      {BoundaryRule::kLicensedOnlyActivity, "licensed_only_activity"},
      {BoundaryRule::kIepOwnerOnlyActivity, "iep_owner_only_activity"},
      {BoundaryRule::kNoClassroomRoleForAdministrator, "no_classroom_role_for_administrator"},
      {BoundaryRule::kParaSdiRequiresLicensedSupervisor, "para_sdi_requires_licensed_supervisor"},
      {BoundaryRule::kParaSdiRequiresAdaptedLesson, "para_sdi_requires_adapted_lesson"},
      {BoundaryRule::kPreparedLessonRequiresLicensedAuthor,
       "prepared_lesson_requires_licensed_author"},
  });
};

// One entry of the activity catalogue.
struct ActivityRule {
  Activity activity;
  ActivityScope scope;
  std::string_view description;  // what the activity is, in the seeds' words
  std::string_view source;       // the seed passage the scope comes from
};

// Every activity, in Activity's declaration order.
std::span<const ActivityRule> ActivityCatalogue();
const ActivityRule& RuleFor(Activity activity);

// Whether the role is a licensed educator or provider (may be given
// licensed-only activities and may direct a paraeducator).
bool IsLicensedEducator(StaffRole role);
// Whether the role owns IEP content (special educators and providers).
bool IsIepOwner(StaffRole role);

// What the boundary check needs to know besides the role and the activity.
struct AssignmentContext {
  // The role of the named supervisor; nullopt when none is named.
  std::optional<StaffRole> supervisor_role;
  // The role of the author of the adapted (prepared) lesson the adult
  // delivers; nullopt when there is none.
  std::optional<StaffRole> adapted_lesson_author_role;
};

// Checks whether an adult in `role` may be given `activity`. A refusal is an
// invalid-argument Error whose message starts with the rule's name and the
// source it comes from, with one field problem on "activity",
// "supervisor_id" or "adapted_lesson". Refusals:
//  - a paraeducator given a licensed-only or IEP-owner-only activity
//    (licensed_only_activity);
//  - a general educator given an IEP-owner-only activity
//    (iep_owner_only_activity);
//  - an administrator given any classroom role;
//  - a paraeducator delivering SDI without a named special educator or
//    provider as supervisor (seed 000: paras deliver SDI "under the
//    supervision of the special educator"; seed 001: direct supervision), or
//    without an adapted lesson prepared by a licensed educator (seed 000
//    "Examples": "The special educator prepares an adapted lesson plan for
//    the paraeducator to give");
//  - a paraeducator teaching a prepared small-group lesson that no licensed
//    educator prepared.
Result<void> CheckRoleAssignment(StaffRole role, Activity activity,
                                 const AssignmentContext& context);

// The rule a refusal from CheckRoleAssignment names, read back from its
// message; nullopt for other errors.
std::optional<BoundaryRule> BrokenRule(const Error& error);

}  // namespace paraplan
