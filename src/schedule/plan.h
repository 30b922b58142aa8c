// A plan: where each para is in each block and with whom, who covers each
// adult-support need, and why every uncovered need stays uncovered.
#pragma once

#include <array>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "domain/time.h"
#include "schedule/problem.h"

namespace paraplan::schedule {

enum class Activity {
  kOff,        // outside the para's hours, or absent
  kFree,       // at work with no student assigned
  kSupport,    // with students in a room
  kLunch,
  kBreak,
  kDataEntry,
  // At work away from students for the block, set by the coordinator's
  // change by hand (the office, a meeting, a field trip): not free, so no
  // need stays uncovered for want of this para. The optimizer never sets it
  // and its moves leave it where it is.
  kOtherDuty,
};

// The three duties of a para-day with the activity that keeps each, in the
// order every solver indexes them (bit k of a duty mask is kDuties[k]).
inline constexpr std::array<std::pair<DutyKind, Activity>, 3> kDuties{{
    {DutyKind::kLunch, Activity::kLunch},
    {DutyKind::kBreak, Activity::kBreak},
    {DutyKind::kDataEntry, Activity::kDataEntry},
}};

// The duties the para keeps on each working day: bit k for kDuties[k], set
// when that duty has minutes.
unsigned RequiredDuties(const Para& para);

std::string_view NameOf(Activity activity);
std::optional<Activity> ParseActivity(std::string_view name);

struct Slot {
  Activity activity = Activity::kOff;
  int room = -1;           // index into Problem::rooms when supporting
  std::vector<int> needs;  // indices into Problem::needs when supporting

  bool operator==(const Slot&) const = default;
};

// Why an adult-support need has no adult. Each reason is a claim the checker
// verifies against the plan.
enum class UncoveredReason {
  kNoQualifiedPara,      // no para at work in the block has the skills and credentials and may support the student
  kNoQualifiedParaFree,  // every qualified para is busy elsewhere or on a duty
  kGroupLimit,           // qualified paras in the room are at their group limit or one-to-one
};

std::string_view NameOf(UncoveredReason reason);

struct Uncovered {
  int need = 0;
  UncoveredReason reason = UncoveredReason::kNoQualifiedPara;

  bool operator==(const Uncovered&) const = default;
};

// A para who is away for one weekday of the pattern.
struct Absence {
  int para = 0;
  Weekday day = Weekday::kMonday;

  bool operator==(const Absence&) const = default;
};

struct Plan {
  std::vector<std::vector<Slot>> slots;  // [para][block]
  std::vector<int> cover;                // [need] -> para index, or -1
  std::vector<Uncovered> uncovered;      // every uncovered adult-support need
  std::vector<Absence> absences;

  bool IsAbsent(int para, Weekday day) const;
};

// The objective's parts; `total` is what the solver maximises.
struct Score {
  int one_to_one_or_safety_covered = 0;
  int one_to_one_or_safety_needs = 0;
  int adult_support_covered = 0;  // adult-support needs that are neither one-to-one nor safety
  int adult_support_needs = 0;
  std::int64_t iep_minutes = 0;  // ShareMinutes' minutes of every service, added up
  std::int64_t iep_minutes_required = 0;
  int student_para_pairs = 0;
  int room_changes = 0;
  int max_load = 0;
  std::int64_t total = 0;
};

Score Evaluate(const Problem& problem, const Plan& plan);

// Minutes that may go to services: a covered block's length and the
// services (indices into the caller's list of caps) it may serve.
struct MinuteSource {
  int minutes = 0;
  std::vector<int> services;
};

// The most minutes the sources can give services when each source's minutes
// are given once, shared among the services it may serve, and service k takes
// at most caps[k]: a maximum flow, by augmenting paths. Sources are taken in
// order and each one's services in order, so the services listed first fill
// first. Returns, for each source, the minutes it gives each of its services.
std::vector<std::vector<int>> AllotMinutes(const std::vector<MinuteSource>& sources,
                                           const std::vector<int>& caps);

// One student's services of one setting: they share the adult-support
// blocks they list in that setting, each block's minutes counted once.
struct ServicePool {
  Setting setting = Setting::kGeneralEducationClassroom;
  std::vector<int> services;  // indices into Problem::services, in the problem's order
  // Each block any of them lists there (index into Problem::needs, in
  // order), with the services that list it (positions in `services`, in order).
  std::map<int, std::vector<int>> needs;
};

// Every pool of the problem, by student and setting; services without such
// a block are in no pool's `needs`, but are listed in their pool.
std::vector<ServicePool> ServicePools(const Problem& problem);

// What a plan gives one IEP service: its minutes in its setting (at most
// what the week owes it) and the covered blocks they come from.
struct ServiceShare {
  std::int64_t minutes = 0;
  std::vector<std::pair<int, int>> needs;  // (index into Problem::needs, minutes)
};

// What the plan gives each service (indexed as Problem::services). A covered
// block counts once: its minutes go to the student's services in the block's
// setting that list it, each service up to MinutesDue (AllotMinutes over the
// student's services of one setting, in the order the problem lists them).
std::vector<ServiceShare> ShareMinutes(const Problem& problem, const Plan& plan);

// ShareMinutes' minutes alone.
std::vector<std::int64_t> ServiceMinutes(const Problem& problem, const Plan& plan);

// Makes `day` in `into` as it is in `from` (a plan of the same problem, such
// as a re-plan of that day): every para's slots, who covers each need, the
// uncovered needs and the absences of that day. The other days stay.
void TakeDay(const Problem& problem, const Plan& from, Weekday day, Plan& into);

// One broken hard rule, in words a coordinator can act on.
struct Violation {
  std::string where;  // e.g. "para 12, block mon-3"
  std::string rule;   // e.g. "covers a need it is not qualified for"
};

// Every hard rule the plan breaks (empty when the plan is valid): one place
// per para per block, only within hours, lunch/break/data entry kept, only
// qualified paras, one-to-one exclusive, group limits, no adult where the
// student's plan says independent, peer or teacher support, coverage
// consistent, and every uncovered need listed with a reason that holds.
std::vector<Violation> CheckPlan(const Problem& problem, const Plan& plan);

// Recomputes `plan.cover` from the slots and `plan.uncovered` with the
// strongest true reason for each uncovered adult-support need.
void ExplainUncovered(const Problem& problem, Plan& plan);

}  // namespace paraplan::schedule
