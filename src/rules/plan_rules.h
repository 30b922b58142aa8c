// Rules over service delivery plans: who may move a plan through its
// lifecycle, whether every role in it respects the role boundaries, whether
// every adult in the room knows their role in every part of the lesson (seed
// 000 "Collaboration"), whether it came in late, and the paraeducator's daily
// brief built from the published plans. Pure functions: data in, findings out.
#pragma once

#include <optional>
#include <set>
#include <string>
#include <vector>

#include "domain/error.h"
#include "domain/model.h"
#include "domain/plan.h"
#include "rules/role_boundaries.h"

namespace paraplan {

// Every role-boundary problem of the plan, each on its field
// ("roles[3].activity") with a reason naming the rule. Also, once the plan is
// reviewed, every adult in the room must have a role in every part
// (rule every_adult_has_a_role).
std::vector<FieldProblem> CheckPlanRoles(const ServicePlan& plan);

// Validate(plan) and CheckPlanRoles(plan) as one Result: an invalid-argument
// Error whose message names the broken rules, or success.
Result<void> CheckPlan(const ServicePlan& plan);

// Whether a staff member in `actor_role` may move the plan to `to`:
//  - to submitted or back to draft: a licensed educator (the lesson plan is
//    written by the general educator; special educators who co-teach may
//    write it too);
//  - to reviewed or published: a special educator or related service
//    provider.
// Paraeducators and administrators never move plans. kFailedPrecondition for
// a transition the lifecycle does not allow, kPermissionDenied for the wrong
// role.
Result<void> CheckTransition(const ServicePlan& plan, PlanStatus to, StaffRole actor_role);

// Applies a transition CheckTransition allows: sets the status, the
// submission date when submitted, the reviewer when reviewed (adding them to
// the plan's adults for planning if they are not there), and clears both
// when returned to draft. The result must pass CheckPlan, so a plan is
// reviewed only when every adult in the room has a role in every part and no
// role breaks a boundary.
Result<ServicePlan> Transition(ServicePlan plan, PlanStatus to, Id actor_id, StaffRole actor_role,
                               Date today);

// --- The paraeducator's daily brief (capability 5; seed 001 "Providing
// Vision, Direction, and Purpose": paras are informed of the IEP goals and
// supports they are assigned to provide, and only those).

struct BriefRole {
  std::string part;
  std::string part_description;
  int minutes = 0;
  Activity activity = Activity::kSupportWholeClass;
  Audience audience = Audience::kWholeClass;
  std::vector<Id> student_ids;  // assigned students only
  std::optional<Id> supervisor_id;
  std::string supervisor_name;
  std::string note;
  bool operator==(const BriefRole&) const = default;
};

struct BriefGoal {
  Id goal_id = 0;
  std::string statement;
  MeasurementMethod method = MeasurementMethod::kPercentOfTrials;
  std::string how;
  bool operator==(const BriefGoal&) const = default;
};

struct BriefStudent {
  Id student_id = 0;
  std::string name;
  std::vector<StudentAdaptation> adaptations;
  std::vector<Service> services;              // IEP services delivered in the general classroom
  std::vector<Accommodation> accommodations;  // accommodations and aids for this setting
  std::vector<RegulationLevel> regulation_plan;
  std::vector<BriefGoal> goals;                // the data this para collects
  std::vector<AdaptedLesson> adapted_lessons;  // the lessons this para delivers to them
  bool operator==(const BriefStudent&) const = default;
};

struct BriefBlock {
  Id plan_id = 0;
  Id section_id = 0;
  std::string course;
  std::optional<Id> room_id;
  std::string room;
  std::optional<TimeSpan> span;  // the section's meeting that weekday
  std::string objective;
  std::vector<BriefRole> roles;
  std::vector<BriefStudent> students;
  bool operator==(const BriefBlock&) const = default;
};

// Where the para is in a block in their usual week (the week's published
// schedule), for a block the day's published re-plan changed: the kind
// (support, free, lunch, ...) and, with students, the room. The students
// are not named: the para may no longer be assigned to them that day.
struct UsualSlot {
  std::string kind;
  std::optional<Id> room_id;
  std::string room;
  // The students usually with the para then who are marked absent that day
  // (a count: the para no longer has them that day, so not their names).
  int students_absent = 0;
  bool operator==(const UsualSlot&) const = default;
};

// One block of the para's published schedule for the day: where they are
// and with whom, or their duty. `kind` is the schedule's name for it:
// support, lunch, break, data_entry or other_duty, or free for a block the
// day's re-plan freed. `usual` is set when the day's re-plan changed the
// block from the para's usual week.
struct ScheduledSlot {
  std::string block;
  TimeSpan span;
  std::string kind;
  std::optional<Id> room_id;
  std::string room;
  std::vector<Id> student_ids;
  std::optional<UsualSlot> usual;
  bool operator==(const ScheduledSlot&) const = default;
};

// A scheduled block as the brief shows it: the students the para may see,
// each with the supports, accommodations and regulation plan of their IEP
// (what data to take comes only from a published plan).
struct BriefSlot {
  std::string block;
  TimeSpan span;
  std::string kind;
  std::optional<Id> room_id;
  std::string room;
  std::vector<BriefStudent> students;
  std::optional<UsualSlot> usual;
  bool operator==(const BriefSlot&) const = default;
};

struct DailyBrief {
  Id para_id = 0;
  Date date;
  std::vector<BriefBlock> blocks;   // the published plans' lessons, in time order
  std::vector<BriefSlot> schedule;  // the published schedule's blocks, in time order
};

// What the brief is built from. `assigned_students` comes from the staff-
// student assignments: no other student ever appears in the brief, even when
// a plan names them.
struct BriefSources {
  Id para_id = 0;
  Date date;
  std::vector<ServicePlan> plans;
  std::vector<ScheduledSlot> scheduled;  // the para's blocks in the published schedule
  std::vector<Section> sections;
  std::vector<Room> rooms;
  std::vector<Student> students;
  std::vector<Iep> ieps;  // active IEPs of the students
  std::set<Id> assigned_students;
};

// The para's brief: one block per published plan for the date in which the
// para has a role, with the para's roles and, per assigned student the para
// works with, only what the para implements; and the para's day as the
// published schedule has it (where, with whom, which duty), so a para sees
// where to be and whom they support even in a class with no published plan.
DailyBrief BuildDailyBrief(const BriefSources& sources);

}  // namespace paraplan
