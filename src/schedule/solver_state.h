// The solver's working state over a plan: indices of who can cover what,
// and the moves the production solver and the re-planner make. Internal to
// src/schedule.
#pragma once

#include <cstddef>
#include <vector>

#include "schedule/plan.h"
#include "schedule/problem.h"

namespace paraplan::schedule {

inline std::size_t At(int index) { return static_cast<std::size_t>(index); }

struct SolverIndex {
  std::vector<std::vector<int>> days;                    // block indices per day, in order
  std::vector<int> previous, next;                       // [block] -> neighbour that day, or -1
  std::vector<bool> coverable;                           // [need] adult support
  std::vector<double> value;                             // [need] objective value of covering it
  std::vector<int> student;                              // [need] dense student index
  std::vector<std::vector<int>> adult_needs_by_block;    // [block] -> coverable needs
  std::vector<std::vector<int>> qualified;               // [need] -> qualified paras at work
  std::vector<std::vector<std::vector<int>>> needs_of_para_block;  // [para][block] -> needs
  int students = 0;

  explicit SolverIndex(const Problem& problem);
};

class SolverState {
 public:
  // `plan` must outlive the state; its slots and cover are read and changed.
  SolverState(const Problem& problem, Plan& plan);

  const SolverIndex& index() const { return index_; }

  bool IsFree(int para, int block) const;
  bool IsQualified(int para, int need) const;
  // Whether `need` can join the para's current group in its block.
  bool CanJoin(int para, int need) const;
  void Assign(int need, int para);
  void Unassign(int need);

  // Greedy construction of one block's groups (see Solve).
  void BuildBlock(int block);

  // Improvement moves for one need; each returns whether it changed the plan
  // and never lowers the objective's coverage.
  bool TryCoverByEjection(int need);
  bool TryCoverByDutyMove(int need);
  bool TryCoverByBumping(int need);
  bool TryBetterPara(int need);

 private:
  int RoomOf(int para, int block) const;
  // Change in the para's room changes if its room in `block` became `room`
  // (-1: not supporting).
  int RoomChangeDelta(int para, int block, int room) const;
  // Moves every need of the para's group in `block` to other paras; undoes
  // all and returns false if one cannot move.
  bool Rehome(int para, int block);

  const Problem& problem_;
  Plan& plan_;
  SolverIndex index_;
  std::vector<std::vector<int>> pairs_;  // [student][para] -> covered blocks
};

}  // namespace paraplan::schedule
