// One para's best day when everyone else's plan is fixed: where the para is
// in each block (a duty, free, or supporting a group in one room) so that the
// groups' worth less the room changes is highest and every required duty
// is kept. Exact, by dynamic programming over the day's blocks. Shared by
// the Lagrangian bound (each para's day at the multipliers' prices) and the
// production solver (re-optimising one para-day at a time). Internal to
// src/schedule.
#pragma once

#include <cstddef>
#include <span>
#include <vector>

namespace paraplan::schedule {

// A room the para could support in during one block, with the group it
// would take there and that group's worth.
struct DayRoom {
  int room = 0;
  double worth = 0;
  std::vector<int> members;
};

struct DayBlock {
  bool works = false;
  unsigned duties = 0;  // bit k: duty k can be kept in this block
  std::vector<DayRoom> rooms;
};

struct DayChoice {
  double worth = 0;        // the groups' worth less the room changes
  bool feasible = false;   // false when the required duties cannot all be kept
  std::vector<int> duty;   // [block] duty index kept there, or -1
  std::vector<int> room;   // [block] index into DayBlock::rooms, or -1
};

// `required` has bit k set for each duty the day must keep once; a room
// change costs `room_change` between two supported blocks in a row.
DayChoice BestDay(const std::vector<DayBlock>& blocks, unsigned required, double room_change);

// The best group from candidates whose worth is `worth[item]`: the best
// one-to-one candidate alone, or up to `limit` of the others; only items of
// positive worth. Returns the group's worth (0 and an empty group if none).
double BestGroup(std::span<const int> alone, std::span<const int> shared,
                 std::span<const double> worth, int limit, std::vector<int>& group);

}  // namespace paraplan::schedule
