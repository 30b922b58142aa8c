// A stored schedule as the coordinator's board shows one day of it: each
// para's blocks (where, doing what, with whom), the needs left uncovered
// with the reason in words, for a re-plan every change from the week's
// plan, and a one-line summary. docs/api.md describes the fields.
#pragma once

#include <functional>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "domain/model.h"
#include "scheduling/school_schedule.h"

namespace paraplan::scheduling {

// The name to show for a student, or nullopt to show the student only as
// "a student" (the caller may not see who it is).
using StudentName = std::function<std::optional<std::string>(Id student_id)>;

// The schedule's view of `day`. Its `summary` and `short_services` (the IEP
// services the week gives fewer minutes than required) count
// `week_in_force` when given (the week as the paras work it, every
// published re-plan in place: the same figures whichever day is shown),
// else the schedule's own plan.
nlohmann::json ViewOf(const LoadedSchedule& schedule, Date day, const StudentName& name_of,
                      const schedule::Plan* week_in_force = nullptr);

// Every student the day's view names (in slots, uncovered needs, changes,
// and the week's services short of their IEP minutes, of `week_in_force`
// when given).
std::vector<Id> StudentsOn(const LoadedSchedule& schedule, Date day,
                           const schedule::Plan* week_in_force = nullptr);

// One block of one para's day in a schedule: where they are and with whom,
// or their duty (lunch, break, data entry). Free blocks, and blocks off
// (outside their hours, or absent), are left out.
struct ParaSlot {
  std::string block;
  TimeSpan span;
  schedule::Activity activity = schedule::Activity::kFree;
  std::optional<Id> room_id;
  std::string room;
  std::vector<Id> student_ids;
};

// The paras at work on `day` whose day in `replan` differs from their day
// in `week` (the plan it changes), by id in the problem's order: the paras
// to tell of a re-plan.
std::vector<Id> ParasChangedOn(const LoadedSchedule& replan, const schedule::Plan& week, Date day);

// The para's blocks of `day` in time order; empty when the schedule does not
// name the para.
std::vector<ParaSlot> ParaDayOf(const LoadedSchedule& schedule, Id para_id, Date day);
// The same of `plan`, a plan of `problem`.
std::vector<ParaSlot> ParaDayOf(const schedule::Problem& problem, const schedule::Plan& plan,
                                Id para_id, Date day);

// One student's week as the school's paras work it (`week`): each of the
// student's IEP services the paras deliver with its minutes a week, the
// minutes the week gives it in its setting and the blocks that give them
// (when, where, with whom); and each block the student needs adult support
// in, with who covers it or why nobody does. docs/api.md describes the
// fields.
nlohmann::json StudentWeekOf(const WeekInForce& week, Id student_id);

// The students' needs of `day` block by block, before any para is placed
// (seed 001: find the blocks where students with similar needs could share
// an adult, and leave students independent where they can be): per block,
// how many students need each level of support, and the students who need
// an adult grouped by room and by what the adult needs there (skills and
// credentials; a one-to-one student alone), each group with how many paras
// at work in that block (not away: `absences`) may support all of it.
// docs/api.md describes the fields.
nlohmann::json NeedsByBlock(const schedule::Problem& problem,
                            const std::vector<schedule::Absence>& absences, Date day,
                            const StudentName& name_of);

// Every student NeedsByBlock names on `day` (those who need an adult).
std::vector<Id> StudentsNeedingAnAdult(const schedule::Problem& problem, Date day);

// The reason an adult-support need stays uncovered, in a coordinator's words.
std::string_view ReasonInWords(schedule::UncoveredReason reason);

}  // namespace paraplan::scheduling
