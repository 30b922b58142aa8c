// The coordinator's changes by hand: where a para is in a block, with whom.
// The optimizer's plan is a proposal; the coordinator knows what it cannot
// (who works best with a student this week, a para needed at the office for
// a block) and changes it before publishing. Every change keeps the hard
// rules, and no student is left without an adult while a para who may
// support them is free: a change that would do either is refused, in words
// the coordinator can act on.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "schedule/plan.h"
#include "schedule/problem.h"

namespace paraplan::schedule {

// One para's block as the coordinator sets it: supporting needs (indices
// into Problem::needs) in a room, free, or one of the day's duties.
struct SlotEdit {
  int para = 0;
  int block = 0;
  Slot slot;
};

// Why a change cannot be made. `edit` is the change's index (-1: the
// changes together, as a day left without lunch), `field` the part of it
// at fault ("staff_id", "block", "activity", "room_id", "student_ids").
struct EditProblem {
  int edit = -1;
  std::string field;
  std::string message;
};

struct EditResult {
  Plan plan;                          // valid when `problems` is empty
  std::vector<EditProblem> problems;  // every reason the changes are refused
};

// How messages name a student (the caller's audited read of the name).
using StudentWords = std::function<std::string(Id student_id)>;

// The plan with the changes made together: each changed slot is set, a
// student a change gives to a para is taken from whoever had them in that
// block, and who covers each need and why each uncovered need stays so are
// worked out again. Refuses a para not at work in the block, a student who
// does not need an adult there or is in another room, a para without the
// student's skills and credentials or kept apart from them, a group above
// the para's limit or sharing a one-to-one adult, a duty outside its window,
// a day left with a duty missing or twice, a block changed twice, and a
// student left without an adult while a para who may support them is free
// or has a place in their room.
EditResult ApplyEdits(const Problem& problem, const Plan& plan, const std::vector<SlotEdit>& edits,
                      const StudentWords& student_words);

}  // namespace paraplan::schedule
