// Re-planning with the fewest changes. One day when a para is absent: keep
// every assignment that does not involve the absent para, re-cover their
// students from free qualified paras, then by small moves (a duty moved to a
// free block, a group moved to another para), listing every change and every
// need left uncovered. A whole week when the school changed since its plan
// was made (UpdateWeek).
#pragma once

#include <vector>

#include "domain/error.h"
#include "schedule/plan.h"
#include "schedule/problem.h"

namespace paraplan::schedule {

struct Change {
  int para = 0;
  int block = 0;
  Slot before;
  Slot after;
};

struct Replan {
  Plan plan;
  std::vector<Change> changes;        // every slot that differs from the published plan
  std::vector<Uncovered> uncovered;   // the day's uncovered needs in the new plan
  int recovered = 0;                  // needs of the absent para covered again
  int lost = 0;                       // needs of the absent para left uncovered
};

// Refuses an unknown para or a day without blocks, and a published plan that
// does not fit the problem.
Result<Replan> ReplanAbsence(const Problem& problem, const Plan& published, int para, Weekday day);

// A para marked away on `day` who is at work after all. When the week's plan
// has them at work that day, the day is the week's again with only the
// others who are away in `current` re-planned, so every para who stood in
// for them goes back to their own day. When the week's plan already had them
// away (leave known when it was made), their day is planned into `current`
// with everyone else fixed, taking the needs nobody covers and the students
// whose pair with a stand-in it ends. `changes` are against `current`;
// `recovered` counts the needs the para covers that day. Refuses a para who
// is not away in `current` that day, as ReplanAbsence refuses its input.
Result<Replan> ReplanReturn(const Problem& problem, const Plan& week, const Plan& current,
                            int para, Weekday day);

// A week's plan carried onto a changed problem (UpdateWeek).
struct WeekUpdate {
  Plan plan;
  // The previous plan as far as the new problem has it: paras, blocks,
  // rooms and needs matched by id (a need by its student and block), each
  // slot as it was, students the new problem no longer gives that para
  // there left out. The changes are against it.
  Plan before;
  std::vector<Change> changes;
  // Para-days planned again: a para who joined, new hours, duties that no
  // longer fit.
  int para_days_planned = 0;
};

// The week made again after the school changed (a student's day or IEP, a
// para who joined or left, new hours), with the fewest changes to
// `previous_plan` (a plan of `previous`): every slot that still keeps the
// rules is kept; a para-day that no longer does (a new para, hours or duty
// windows that changed) is planned again exactly with everyone else fixed;
// the needs nobody covers then are re-covered as an absence's are (join a
// group, a free para, a duty moved, a group moved, a lower need displaced).
// `absences` are the new week's para-days away; their days are emptied and
// their students re-covered. Refuses an invalid problem, naming every
// problem, and a previous plan that does not fit `previous`.
Result<WeekUpdate> UpdateWeek(const Problem& problem, std::vector<Absence> absences,
                              const Problem& previous, const Plan& previous_plan);

}  // namespace paraplan::schedule
