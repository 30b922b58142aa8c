// The solver's working state over a plan: indices of who can cover what,
// and the moves the production solver and the re-planner make. Internal to
// src/schedule.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <utility>
#include <vector>

#include "schedule/para_day.h"
#include "schedule/plan.h"
#include "schedule/problem.h"

namespace paraplan::schedule {

struct SolverIndex {
  std::vector<std::vector<int>> days;                  // block indices per day, in order
  std::vector<int> previous, next;                     // [block] -> neighbour that day, or -1
  std::vector<bool> coverable;                         // [need] adult support
  std::vector<double> value;                           // [need] objective value of covering it
  std::vector<int> student;                            // [need] dense student index
  std::vector<std::vector<int>> adult_needs_by_block;  // [block] -> coverable needs
  std::vector<std::vector<int>> qualified;             // [need] -> qualified paras at work
  std::vector<std::vector<std::vector<int>>> needs_of_para_block;  // [para][block] -> needs
  std::vector<double> base_value;  // [need] coverage value without minutes
  // The IEP minutes one student's covered blocks may earn in one setting:
  // the student's services of that setting share the blocks they list there,
  // each block's minutes counted once (plan.h ShareMinutes). When every
  // service lists the same blocks, as a school's week always does, the pool
  // earns min(covered minutes, cap); otherwise AllotMinutes decides.
  struct MinutePool {
    int cap = 0;                             // the services' MinutesDue, together
    bool same_blocks = true;                 // every service lists the same blocks
    std::vector<int> caps;                   // each service's MinutesDue
    std::vector<int> needs;                  // the blocks any of them lists, in order
    std::vector<std::vector<int>> services;  // [k] -> the services needs[k] may serve
  };
  std::vector<MinutePool> pools;
  std::vector<int> pool_of_need;     // [need] -> its pool, or -1
  std::vector<int> minutes_of_need;  // [need] -> its block's minutes
  int students = 0;

  explicit SolverIndex(const Problem& problem);
};

class SolverState {
 public:
  // `plan` must outlive the state; its slots and cover are read and changed.
  SolverState(const Problem& problem, Plan& plan);
  // The same with an index already built from `problem`, which must outlive
  // the state: the index is read-only, so states on several threads (the
  // solver's second thread, the greedy target, the last fill) share one
  // instead of building it again (10 ms on the large school).
  SolverState(const Problem& problem, Plan& plan, const SolverIndex& index);

  const SolverIndex& index() const { return index_; }

  // Whether the counts the search keeps as it goes (pairs, loads, credited
  // minutes, the covered value) equal a recount from the plan. For tests.
  bool Consistent() const;

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

  // Re-plans one para's day exactly (duties, rooms, groups) with everyone
  // else's plan fixed, taking only needs nobody else covers; keeps the new
  // day when the objective rises. Returns whether it did.
  bool ReoptimizeDay(int para, const std::vector<int>& day);
  // Plans the day of a para who was away and is back: at work in the blocks
  // of their hours, the day planned exactly with everyone else fixed,
  // taking needs nobody covers and students whose pair with another para
  // it ends. The para's day must be empty (off). False if the duties cannot
  // all be kept.
  bool PlanReturningDay(int para, const std::vector<int>& day);
  // ReoptimizeDay for every para-day at work.
  bool ImproveDays();

  // Clears the days of `paras` and plans them again one after another in
  // that order, each exactly with everyone else fixed; keeps the result when
  // the objective rises. Two paras re-planned together find what neither
  // finds alone: one takes over the other's students, who then covers
  // needs elsewhere.
  bool RebuildDays(const std::vector<int>& paras, const std::vector<int>& day);
  // RebuildDays for every two paras who share a room in a block of the day
  // or of whom the second could take over a student of the first, on each
  // of `days` (indices into SolverIndex::days).
  bool ImproveDayPairs(const std::vector<int>& days);
  // Makes the day's blocks as they are in `other` (a plan of the same
  // problem): every para's slots and who covers each need.
  void TakeDay(const Plan& other, const std::vector<int>& day);

  // Re-matches the paras of one block to its groups, exactly: every para
  // supporting or free there may take any group it is qualified and large
  // enough for, and the matching with the fewest new student-para pairs and
  // room changes wins, kept when the objective rises. With the groups
  // fixed, a student's pair cost depends only on the para its group goes
  // to, so this is a linear assignment, solved by the Hungarian method. It
  // finds every exchange of places among two or more paras: paras follow
  // their students across blocks and days. A para's places beyond the
  // group count as the uncovered students of the group's room it could
  // take, and the rooms whose para changed are regrouped (RegroupRooms)
  // before the change is checked. Returns whether it changed the plan.
  bool RematchBlock(int block);
  // Re-forms the groups of each room of the block among the paras who are
  // there, in two linear assignments, each solved exactly: first each
  // one-to-one student to a para of their own (the paras with the fewest
  // places first when others share the room), then everyone else to a
  // place in the groups of the paras left, paying the pair it adds; a
  // student nobody covered may take a free place for their need's value.
  // Kept when the objective rises. Returns whether it changed the plan.
  bool RegroupRooms(int block);
  // RematchBlock and RegroupRooms for every block, in passes until one
  // changes nothing.
  bool ImproveMatchings();

 private:
  int RoomOf(int para, int block) const;
  // RegroupRooms for one room of the block.
  bool RegroupRoom(int block, int room);
  // What covering `need` is worth with everyone else as they are: its value
  // and the minutes its services would lack without it.
  double CoverValue(int need) const;
  // The cheapest seating of `needs` on `seats` (a para once per place):
  // each need to a seat's para it qualifies for, or to none.
  // A seat costs the pair it adds and `seat_cost` per place of its para.
  std::vector<int> SeatNeeds(const std::vector<int>& needs, const std::vector<int>& seats,
                             double seat_cost) const;
  // Change in the para's room changes if its room in `block` became `room`
  // (-1: not supporting).
  int RoomChangeDelta(int para, int block, int room) const;
  // Moves every need of the para's group in `block` to other paras; undoes
  // all and returns false if one cannot move.
  bool Rehome(int para, int block);

  // Gives the para's slot in `block` what `saved` held; the slot's needs
  // must already be unassigned. Used by every undo: a block
  // (KeepIfBetter), a day (RestoreDay) and several days (RestoreDays).
  void PutBack(int para, int block, const Slot& saved);
  // Counts the plan's pairs, loads and credited minutes (both constructors).
  void CountPlan();

  const Problem& problem_;
  Plan& plan_;
  std::unique_ptr<const SolverIndex> owned_index_;  // null when the index is shared
  const SolverIndex& index_;
  // The objective up to terms no change inside `blocks` can move: the
  // covered needs' values and capped IEP minutes (kept as they change), all
  // pairs, the busiest load and every para's room changes between a listed
  // block and its neighbours. One block for a move inside a block, a whole
  // day for a re-planned day.
  double ValueAround(const std::vector<int>& blocks) const;
  // Applies `change` to `block` and keeps it only if ValueAround rises;
  // otherwise puts the block back. Returns whether it was kept.
  bool KeepIfBetter(int block, const std::function<void()>& change);
  // Adds (sign +1) or takes away (-1) the need's value and what its pool's
  // credited minutes gain or lose as it is covered or uncovered.
  void Credit(int need, int sign);
  // The minutes the pool earns with its needs covered as the plan has
  // them, except `need` (one of its needs, or -1) taken as `covered`.
  int PoolCredit(int pool, int need, bool covered) const;
  // The IEP minutes covering `need` adds, everyone else as they are.
  int MinutesGain(int need) const;
  // Empties the para's day (duties and groups; off stays off), returning it.
  std::vector<Slot> ClearDay(int para, const std::vector<int>& day);
  // ClearDay without keeping the day.
  void EmptyDay(int para, const std::vector<int>& day);
  // Puts back a day ClearDay returned; the day must be empty.
  void RestoreDay(int para, const std::vector<int>& day, const std::vector<Slot>& saved);
  // Makes `saved[k]` the day of `paras[k]` for all of them at once, whatever
  // the listed paras hold now.
  void RestoreDays(const std::vector<int>& paras, const std::vector<int>& day,
                   const std::vector<std::vector<Slot>>& saved);
  // Plans the para's empty day exactly (BestDay), taking needs nobody covers
  // and, with `take_over`, students whose pair with another para it ends
  // (appended to `taken` with the para who had them). False if the duties
  // cannot all be kept.
  bool PlanDay(int para, const std::vector<int>& day, bool take_over,
               std::vector<std::pair<int, int>>& taken);
  // The para's needs in the block (SolverIndex::needs_of_para_block) in
  // order of room, each room's in their own order.
  const std::vector<int>& NeedsByRoom(int para, int block);

  std::vector<std::vector<int>> pairs_;  // [student][para] -> covered blocks
  std::vector<int> load_;                // [para] -> covered needs
  std::vector<double> worth_;            // PlanDay's scratch: [need] -> worth to the para
  std::vector<DayBlock> day_blocks_;     // PlanDay's scratch: what each block offers
  std::vector<int> alone_, shared_;      // PlanDay's scratch: one room's candidates
  std::vector<std::vector<std::vector<int>>> needs_by_room_;  // NeedsByRoom's, once asked
  int total_pairs_ = 0;                                       // pairs with a non-zero count
  std::vector<int> pool_covered_;     // [pool] -> minutes of its covered needs
  std::vector<int> pool_credit_;      // [pool] -> minutes it earns (PoolCredit)
  // MinutesGain's for pools whose services list different blocks: each
  // pool's stamp moves on at every change of it, and a need's gain is
  // known while its stamp is the pool's.
  std::vector<std::uint64_t> pool_stamp_;
  mutable std::vector<std::pair<std::uint64_t, int>> gain_of_need_;  // [need] -> (stamp, gain)
  double coverage_value_ = 0;         // covered needs' values and capped minutes
};

}  // namespace paraplan::schedule
