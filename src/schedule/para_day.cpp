#include "schedule/para_day.h"

#include <algorithm>
#include <array>
#include <limits>

#include "schedule/index.h"

namespace paraplan::schedule {
namespace {

constexpr double kUnreachable = -std::numeric_limits<double>::infinity();
constexpr int kMasks = 8;  // subsets of the three duties
constexpr int kDutyCount = 3;

// A state of the walk: the duties kept so far and where the para was in the
// block (0: not supporting; 1 + r: supporting in the block's r-th room).
struct State {
  int mask = 0;
  int position = 0;
};

struct Layer {
  std::vector<std::array<double, kMasks>> worth;  // [position][mask]
  std::vector<std::array<State, kMasks>> from;
  std::vector<std::array<int, kMasks>> duty;      // duty taken in this block to get here, or -1
};

}  // namespace

DayChoice BestDay(const std::vector<DayBlock>& blocks, unsigned required, double room_change) {
  DayChoice choice;
  choice.duty.assign(blocks.size(), -1);
  choice.room.assign(blocks.size(), -1);
  // Scratch kept per thread: a solve plans thousands of para-days, on the
  // solver's and the relaxation's threads.
  thread_local std::vector<Layer> layers;
  thread_local std::vector<int> previous_position;
  layers.resize(std::max(layers.size(), blocks.size()));
  // Position of each room in the previous block (0: not offered there).
  int rooms = 0;
  for (const DayBlock& block : blocks) {
    for (const DayRoom& room : block.rooms) rooms = std::max(rooms, room.room + 1);
  }
  previous_position.assign(At(rooms), 0);
  for (std::size_t k = 0; k < blocks.size(); ++k) {
    if (k > 1) {
      for (const DayRoom& room : blocks[k - 2].rooms) previous_position[At(room.room)] = 0;
    }
    if (k > 0) {
      for (std::size_t q = 0; q < blocks[k - 1].rooms.size(); ++q) {
        previous_position[At(blocks[k - 1].rooms[q].room)] = static_cast<int>(q) + 1;
      }
    }
    const DayBlock& block = blocks[k];
    Layer& layer = layers[k];
    const std::size_t positions = 1 + block.rooms.size();
    layer.worth.assign(positions, {});
    layer.from.assign(positions, {});
    layer.duty.assign(positions, {});
    for (auto& row : layer.worth) row.fill(kUnreachable);
    for (auto& row : layer.duty) row.fill(-1);
    // The previous block's best state per mask, over every position and
    // over the supporting positions only.
    std::array<double, kMasks> best_any, best_room;
    std::array<State, kMasks> best_any_from{}, best_room_from{};
    best_any.fill(kUnreachable);
    best_room.fill(kUnreachable);
    if (k == 0) {
      best_any[0] = 0;
    } else {
      const Layer& previous = layers[k - 1];
      for (int mask = 0; mask < kMasks; ++mask) {
        for (std::size_t q = 0; q < previous.worth.size(); ++q) {
          const double worth = previous.worth[q][At(mask)];
          const State state{mask, static_cast<int>(q)};
          if (worth > best_any[At(mask)]) {
            best_any[At(mask)] = worth;
            best_any_from[At(mask)] = state;
          }
          if (q > 0 && worth > best_room[At(mask)]) {
            best_room[At(mask)] = worth;
            best_room_from[At(mask)] = state;
          }
        }
      }
    }
    // Off, free or keeping a duty: not supporting in this block.
    for (int mask = 0; mask < kMasks; ++mask) {
      const double worth = best_any[At(mask)];
      if (worth == kUnreachable) continue;
      if (worth > layer.worth[0][At(mask)]) {
        layer.worth[0][At(mask)] = worth;
        layer.from[0][At(mask)] = best_any_from[At(mask)];
        layer.duty[0][At(mask)] = -1;
      }
      if (!block.works) continue;
      for (int duty = 0; duty < kDutyCount; ++duty) {
        const unsigned bit = 1u << duty;
        if (!(block.duties & bit) || !(required & bit) || (static_cast<unsigned>(mask) & bit)) {
          continue;
        }
        const int to = mask | static_cast<int>(bit);
        if (worth > layer.worth[0][At(to)]) {
          layer.worth[0][At(to)] = worth;
          layer.from[0][At(to)] = best_any_from[At(mask)];
          layer.duty[0][At(to)] = duty;
        }
      }
    }
    if (!block.works) continue;
    for (std::size_t r = 0; r < block.rooms.size(); ++r) {
      const DayRoom& room = block.rooms[r];
      if (room.worth <= 0) continue;
      // Staying in the same room as the previous block costs no change.
      const int same = k > 0 ? previous_position[At(room.room)] : 0;
      for (int mask = 0; mask < kMasks; ++mask) {
        double best = kUnreachable;
        State from{};
        if (k == 0) {
          if (mask == 0) best = 0;
        } else {
          const Layer& previous = layers[k - 1];
          if (previous.worth[0][At(mask)] > best) {
            best = previous.worth[0][At(mask)];
            from = {mask, 0};
          }
          if (same > 0 && previous.worth[At(same)][At(mask)] > best) {
            best = previous.worth[At(same)][At(mask)];
            from = {mask, same};
          }
          if (best_room[At(mask)] != kUnreachable && best_room[At(mask)] - room_change > best) {
            best = best_room[At(mask)] - room_change;
            from = best_room_from[At(mask)];
          }
        }
        if (best == kUnreachable) continue;
        layer.worth[r + 1][At(mask)] = best + room.worth;
        layer.from[r + 1][At(mask)] = from;
      }
    }
  }
  if (blocks.empty()) {
    choice.feasible = required == 0;
    return choice;
  }
  const Layer& last = layers[blocks.size() - 1];
  State state{static_cast<int>(required), -1};
  double best = kUnreachable;
  for (std::size_t q = 0; q < last.worth.size(); ++q) {
    if (last.worth[q][required] > best) {
      best = last.worth[q][required];
      state.position = static_cast<int>(q);
    }
  }
  if (best == kUnreachable) return choice;
  choice.feasible = true;
  choice.worth = best;
  for (std::size_t k = blocks.size(); k-- > 0;) {
    const Layer& layer = layers[k];
    if (state.position > 0) {
      choice.room[k] = state.position - 1;
    } else {
      choice.duty[k] = layer.duty[0][At(state.mask)];
    }
    state = layer.from[At(state.position)][At(state.mask)];
  }
  return choice;
}

double BestGroup(std::span<const int> alone, std::span<const int> shared,
                 std::span<const double> worth, int limit, std::vector<int>& group) {
  group.clear();
  int best_alone = -1;
  for (int item : alone) {
    if (worth[At(item)] > 0 && (best_alone < 0 || worth[At(item)] > worth[At(best_alone)])) {
      best_alone = item;
    }
  }
  for (int item : shared) {
    if (worth[At(item)] > 0) group.push_back(item);
  }
  const std::size_t take = std::min(group.size(), At(std::max(limit, 1)));
  const auto by_worth = [&](int a, int b) { return worth[At(a)] > worth[At(b)]; };
  std::partial_sort(group.begin(), group.begin() + static_cast<std::ptrdiff_t>(take), group.end(),
                    by_worth);
  group.resize(take);
  double sum = 0;
  for (int item : group) sum += worth[At(item)];
  if (best_alone >= 0 && worth[At(best_alone)] > sum) {
    group.assign(1, best_alone);
    return worth[At(best_alone)];
  }
  return sum;
}

}  // namespace paraplan::schedule
