#include "schedule/solver_state.h"

#include <algorithm>
#include <array>
#include <functional>
#include <limits>
#include <unordered_map>

#include "schedule/para_day.h"

namespace paraplan::schedule {

namespace {

// The cheapest assignment of every row to its own column (rows <= columns)
// for the row-major `cost`: shortest augmenting paths with potentials (the
// Hungarian method), O(rows^2 x columns). Returns the column of each row.
std::vector<std::size_t> CheapestAssignment(const std::vector<double>& cost, std::size_t rows,
                                            std::size_t columns) {
  // 1-based, with column 0 as the sentinel of each augmenting path.
  std::vector<double> u(rows + 1, 0), v(columns + 1, 0), reach(columns + 1);
  std::vector<std::size_t> owner(columns + 1, 0), way(columns + 1, 0);
  std::vector<char> used(columns + 1);
  for (std::size_t row = 1; row <= rows; ++row) {
    owner[0] = row;
    std::size_t column = 0;
    std::fill(reach.begin(), reach.end(), std::numeric_limits<double>::infinity());
    std::fill(used.begin(), used.end(), 0);
    do {
      used[column] = 1;
      const std::size_t from = owner[column];
      double delta = std::numeric_limits<double>::infinity();
      std::size_t next = 0;
      for (std::size_t j = 1; j <= columns; ++j) {
        if (used[j]) continue;
        const double reduced = cost[(from - 1) * columns + (j - 1)] - u[from] - v[j];
        if (reduced < reach[j]) {
          reach[j] = reduced;
          way[j] = column;
        }
        if (reach[j] < delta) {
          delta = reach[j];
          next = j;
        }
      }
      for (std::size_t j = 0; j <= columns; ++j) {
        if (used[j]) {
          u[owner[j]] += delta;
          v[j] -= delta;
        } else {
          reach[j] -= delta;
        }
      }
      column = next;
    } while (owner[column] != 0);
    do {
      const std::size_t previous = way[column];
      owner[column] = owner[previous];
      column = previous;
    } while (column != 0);
  }
  std::vector<std::size_t> match(rows, 0);
  for (std::size_t j = 1; j <= columns; ++j) {
    if (owner[j] != 0) match[owner[j] - 1] = j - 1;
  }
  return match;
}

}  // namespace

SolverIndex::SolverIndex(const Problem& problem) {
  const std::size_t blocks = problem.blocks.size();
  const std::size_t paras = problem.paras.size();
  days = BlocksByDay(problem);
  previous.assign(blocks, -1);
  next.assign(blocks, -1);
  for (const auto& day : days) {
    for (std::size_t k = 1; k < day.size(); ++k) {
      previous[At(day[k])] = day[k - 1];
      next[At(day[k - 1])] = day[k];
    }
  }
  minutes_of_need.assign(problem.needs.size(), 0);
  for (std::size_t n = 0; n < problem.needs.size(); ++n) {
    minutes_of_need[n] = problem.blocks[At(problem.needs[n].block)].span.Minutes();
  }
  pool_of_need.assign(problem.needs.size(), -1);
  for (const ServicePool& shared : ServicePools(problem)) {
    if (shared.needs.empty()) continue;
    MinutePool pool;
    for (int s : shared.services) {
      pool.caps.push_back(problem.services[At(s)].MinutesDue());
      pool.cap += pool.caps.back();
    }
    for (const auto& [need, services] : shared.needs) {
      // Every service lists the same blocks when every block is listed by all.
      pool.same_blocks = pool.same_blocks && services.size() == shared.services.size();
      pool.needs.push_back(need);
      pool.services.push_back(services);
      pool_of_need[At(need)] = static_cast<int>(pools.size());
    }
    pools.push_back(std::move(pool));
  }
  std::unordered_map<Id, int> dense;
  const Weights& w = problem.weights;
  coverable.assign(problem.needs.size(), false);
  value.assign(problem.needs.size(), 0);
  base_value.assign(problem.needs.size(), 0);
  student.assign(problem.needs.size(), 0);
  qualified.assign(problem.needs.size(), {});
  adult_needs_by_block.assign(blocks, {});
  needs_of_para_block.assign(paras, std::vector<std::vector<int>>(blocks));
  for (std::size_t n = 0; n < problem.needs.size(); ++n) {
    const Need& need = problem.needs[n];
    student[n] = dense.try_emplace(need.student_id, static_cast<int>(dense.size())).first->second;
    if (need.support != SupportLevel::kAdultSupport) continue;
    coverable[n] = true;
    base_value[n] = need.one_to_one || need.safety ? w.one_to_one_or_safety : w.adult_support;
    value[n] = base_value[n] + (pool_of_need[n] >= 0 ? w.iep_minute * minutes_of_need[n] : 0);
    adult_needs_by_block[At(need.block)].push_back(static_cast<int>(n));
    for (std::size_t p = 0; p < paras; ++p) {
      const Para& para = problem.paras[p];
      if (!Works(para, problem.blocks[At(need.block)]) || !Qualifies(para, need)) continue;
      qualified[n].push_back(static_cast<int>(p));
      needs_of_para_block[p][At(need.block)].push_back(static_cast<int>(n));
    }
  }
  students = static_cast<int>(dense.size());
}

SolverState::SolverState(const Problem& problem, Plan& plan)
    : problem_(problem),
      plan_(plan),
      owned_index_(std::make_unique<const SolverIndex>(problem)),
      index_(*owned_index_) {
  CountPlan();
}

SolverState::SolverState(const Problem& problem, Plan& plan, const SolverIndex& index)
    : problem_(problem), plan_(plan), index_(index) {
  CountPlan();
}

void SolverState::CountPlan() {
  pairs_.assign(At(index_.students), std::vector<int>(problem_.paras.size(), 0));
  load_.assign(problem_.paras.size(), 0);
  pool_covered_.assign(index_.pools.size(), 0);
  pool_credit_.assign(index_.pools.size(), 0);
  // Stamps start at 1, so that no need's gain is taken as known.
  pool_stamp_.assign(index_.pools.size(), 1);
  gain_of_need_.assign(problem_.needs.size(), {0, 0});
  plan_.cover.assign(problem_.needs.size(), -1);
  for (std::size_t p = 0; p < plan_.slots.size(); ++p) {
    for (const Slot& slot : plan_.slots[p]) {
      for (int need : slot.needs) {
        plan_.cover[At(need)] = static_cast<int>(p);
        ++load_[p];
        if (pairs_[At(index_.student[At(need)])][p]++ == 0) ++total_pairs_;
        Credit(need, +1);
      }
    }
  }
}

bool SolverState::Consistent() const {
  Plan copy = plan_;  // a state rewrites its plan's cover from the slots
  SolverState fresh(problem_, copy, index_);
  // Every gain MinutesGain takes as known is what it would work out afresh.
  for (std::size_t n = 0; n < gain_of_need_.size(); ++n) {
    const int pool = index_.pool_of_need[n];
    if (pool < 0 || gain_of_need_[n].first != pool_stamp_[At(pool)]) continue;
    if (gain_of_need_[n].second != fresh.MinutesGain(static_cast<int>(n))) return false;
  }
  return fresh.pairs_ == pairs_ && fresh.load_ == load_ && fresh.total_pairs_ == total_pairs_ &&
         fresh.pool_covered_ == pool_covered_ && fresh.pool_credit_ == pool_credit_ &&
         fresh.coverage_value_ == coverage_value_;
}

bool SolverState::IsFree(int para, int block) const {
  return plan_.slots[At(para)][At(block)].activity == Activity::kFree;
}

bool SolverState::IsQualified(int para, int need) const {
  const auto& list = index_.qualified[At(need)];
  return std::find(list.begin(), list.end(), para) != list.end();
}

bool SolverState::CanJoin(int para, int need) const {
  const Need& n = problem_.needs[At(need)];
  const Slot& slot = plan_.slots[At(para)][At(n.block)];
  if (slot.activity != Activity::kSupport || slot.room != n.room || n.one_to_one) return false;
  if (static_cast<int>(slot.needs.size()) >= problem_.paras[At(para)].max_students) return false;
  for (int other : slot.needs) {
    if (problem_.needs[At(other)].one_to_one) return false;
  }
  return true;
}

void SolverState::Assign(int need, int para) {
  const Need& n = problem_.needs[At(need)];
  Slot& slot = plan_.slots[At(para)][At(n.block)];
  if (slot.activity == Activity::kFree) {
    slot.activity = Activity::kSupport;
    slot.room = n.room;
  }
  slot.needs.push_back(need);
  plan_.cover[At(need)] = para;
  ++load_[At(para)];
  if (pairs_[At(index_.student[At(need)])][At(para)]++ == 0) ++total_pairs_;
  Credit(need, +1);
}

void SolverState::Credit(int need, int sign) {
  coverage_value_ += sign * index_.base_value[At(need)];
  const int pool = index_.pool_of_need[At(need)];
  if (pool < 0) return;
  pool_covered_[At(pool)] += sign * index_.minutes_of_need[At(need)];
  ++pool_stamp_[At(pool)];
  const int credit = PoolCredit(pool, -1, false);
  coverage_value_ += double{1} * problem_.weights.iep_minute * (credit - pool_credit_[At(pool)]);
  pool_credit_[At(pool)] = credit;
}

int SolverState::PoolCredit(int pool, int need, bool covered) const {
  const SolverIndex::MinutePool& minutes = index_.pools[At(pool)];
  if (minutes.same_blocks) {
    int given = pool_covered_[At(pool)];
    if (need >= 0) {
      if (plan_.cover[At(need)] >= 0) given -= index_.minutes_of_need[At(need)];
      if (covered) given += index_.minutes_of_need[At(need)];
    }
    return std::min(given, minutes.cap);
  }
  std::vector<MinuteSource> sources;
  for (std::size_t k = 0; k < minutes.needs.size(); ++k) {
    const int n = minutes.needs[k];
    if (n == need ? !covered : plan_.cover[At(n)] < 0) continue;
    sources.push_back({index_.minutes_of_need[At(n)], minutes.services[k]});
  }
  int given = 0;
  for (const std::vector<int>& flow : AllotMinutes(sources, minutes.caps)) {
    for (int part : flow) given += part;
  }
  return given;
}

int SolverState::MinutesGain(int need) const {
  const int pool = index_.pool_of_need[At(need)];
  if (pool < 0) return 0;
  if (index_.pools[At(pool)].same_blocks) {
    return PoolCredit(pool, need, true) - PoolCredit(pool, need, false);
  }
  // The pool earns pool_credit_ as the plan is: one flow, for the need the
  // other way, and only once while the pool stays as it is (the para-day
  // step asks for every need it could take, again and again).
  auto& [stamp, gain] = gain_of_need_[At(need)];
  if (stamp != pool_stamp_[At(pool)]) {
    const bool covered = plan_.cover[At(need)] >= 0;
    const int other = PoolCredit(pool, need, !covered);
    gain = covered ? pool_credit_[At(pool)] - other : other - pool_credit_[At(pool)];
    stamp = pool_stamp_[At(pool)];
  }
  return gain;
}

void SolverState::Unassign(int need) {
  const int para = plan_.cover[At(need)];
  if (para < 0) return;
  Slot& slot = plan_.slots[At(para)][At(problem_.needs[At(need)].block)];
  std::erase(slot.needs, need);
  if (slot.needs.empty()) {
    slot.activity = Activity::kFree;
    slot.room = -1;
  }
  plan_.cover[At(need)] = -1;
  --load_[At(para)];
  if (--pairs_[At(index_.student[At(need)])][At(para)] == 0) --total_pairs_;
  Credit(need, -1);
}

int SolverState::RoomOf(int para, int block) const {
  if (block < 0) return -1;
  const Slot& slot = plan_.slots[At(para)][At(block)];
  return slot.activity == Activity::kSupport ? slot.room : -1;
}

int SolverState::RoomChangeDelta(int para, int block, int room) const {
  const int current = RoomOf(para, block);
  int delta = 0;
  for (int neighbour : {index_.previous[At(block)], index_.next[At(block)]}) {
    const int other = RoomOf(para, neighbour);
    if (other < 0) continue;
    delta += (room >= 0 && room != other ? 1 : 0) - (current >= 0 && current != other ? 1 : 0);
  }
  return delta;
}

void SolverState::BuildBlock(int block) {
  const Weights& w = problem_.weights;
  // Paras still able to take a need in this block (free or supporting), and
  // each para's demand: the needs it could cover, each shared among them.
  std::vector<int> open(problem_.needs.size(), 0);
  std::vector<double> demand(problem_.paras.size(), 0);
  auto share = [&](int need) { return index_.value[At(need)] / std::max(1, open[At(need)]); };
  for (int need : index_.adult_needs_by_block[At(block)]) {
    if (plan_.cover[At(need)] >= 0) continue;
    for (int para : index_.qualified[At(need)]) {
      const Activity activity = plan_.slots[At(para)][At(block)].activity;
      open[At(need)] += activity == Activity::kFree || activity == Activity::kSupport ? 1 : 0;
    }
    for (int para : index_.qualified[At(need)]) demand[At(para)] += share(need);
  }
  // Weighted set packing, greedily: each step gives one para the room and
  // group of the largest gain (coverage, continuity, staying in the room)
  // net of what the para could have done elsewhere in the block.
  // Each para's best (room, group) and its score, recomputed only for the
  // paras a step touched: the para that took a group, and every para
  // qualified for one of its needs (their candidates and demand changed).
  const int paras = static_cast<int>(problem_.paras.size());
  std::vector<double> score_of(At(paras), 0);
  std::vector<std::vector<int>> group_of(At(paras));
  std::vector<char> stale(At(paras), 1);
  std::vector<int> candidates, chosen;
  const auto evaluate = [&](int para) {
    double& best_score = score_of[At(para)];
    std::vector<int>& best_group = group_of[At(para)];
    best_score = 0;
    best_group.clear();
    const Slot& slot = plan_.slots[At(para)][At(block)];
    const bool free = slot.activity == Activity::kFree;
    if (!free && slot.activity != Activity::kSupport) return;
    const int capacity =
        problem_.paras[At(para)].max_students - static_cast<int>(slot.needs.size());
    if (capacity <= 0) return;
    if (!free && std::any_of(slot.needs.begin(), slot.needs.end(),
                             [&](int need) { return problem_.needs[At(need)].one_to_one; })) {
      return;
    }
    auto worth = [&](int need) {
      return index_.value[At(need)] +
             (pairs_[At(index_.student[At(need)])][At(para)] > 0 ? w.continuity : 0);
    };
    // The rooms this para could go to, each with its uncovered candidates: a
    // free para any room with a need it can take, a supporting para only
    // its own room. The para's needs come in order of room.
    const std::vector<int>& reachable = NeedsByRoom(para, block);
    for (std::size_t i = 0; i < reachable.size();) {
      const int room = problem_.needs[At(reachable[i])].room;
      candidates.clear();
      for (; i < reachable.size() && problem_.needs[At(reachable[i])].room == room; ++i) {
        if (plan_.cover[At(reachable[i])] < 0) candidates.push_back(reachable[i]);
      }
      if (candidates.empty() || (!free && room != slot.room)) continue;
      std::sort(candidates.begin(), candidates.end(),
                [&](int a, int b) { return worth(a) > worth(b); });
      // Either the best one-to-one student alone, or the best group.
      chosen.clear();
      double group_gain = 0;
      for (int need : candidates) {
        if (problem_.needs[At(need)].one_to_one) continue;
        if (static_cast<int>(chosen.size()) == capacity) break;
        chosen.push_back(need);
        group_gain += worth(need);
      }
      if (free) {
        for (int need : candidates) {
          if (!problem_.needs[At(need)].one_to_one || worth(need) <= group_gain) continue;
          chosen.assign(1, need);
          group_gain = worth(need);
          break;
        }
      }
      if (chosen.empty()) continue;
      double score = group_gain;
      if (free) {
        double own = 0;
        for (int need : chosen) own += share(need);
        score -= w.room_change * RoomChangeDelta(para, block, room) + (demand[At(para)] - own);
      }
      if (score > best_score) {
        best_score = score;
        best_group = chosen;
      }
    }
  };
  for (;;) {
    int best_para = -1;
    for (int para = 0; para < paras; ++para) {
      if (stale[At(para)]) {
        evaluate(para);
        stale[At(para)] = 0;
      }
      if (!group_of[At(para)].empty() &&
          (best_para < 0 || score_of[At(para)] > score_of[At(best_para)])) {
        best_para = para;
      }
    }
    if (best_para < 0) break;
    const std::vector<int> group = group_of[At(best_para)];
    stale[At(best_para)] = 1;
    for (int need : group) {
      for (int para : index_.qualified[At(need)]) {
        demand[At(para)] -= share(need);
        stale[At(para)] = 1;
      }
      Assign(need, best_para);
    }
  }
}

bool SolverState::Rehome(int para, int block) {
  const std::vector<int> group = plan_.slots[At(para)][At(block)].needs;
  std::vector<int> moved;
  for (int need : group) {
    int target = -1;
    for (int other : index_.qualified[At(need)]) {
      if (other == para) continue;
      if (CanJoin(other, need)) {
        target = other;
        break;
      }
      if (target < 0 && IsFree(other, block)) target = other;
    }
    if (target < 0) {
      for (int back : moved) {
        Unassign(back);
        Assign(back, para);
      }
      return false;
    }
    Unassign(need);
    Assign(need, target);
    moved.push_back(need);
  }
  return true;
}

bool SolverState::TryCoverByEjection(int need) {
  const int block = problem_.needs[At(need)].block;
  for (int para : index_.qualified[At(need)]) {
    if (plan_.slots[At(para)][At(block)].activity != Activity::kSupport) continue;
    if (!Rehome(para, block)) continue;
    Assign(need, para);
    return true;
  }
  return false;
}

bool SolverState::TryCoverByDutyMove(int need) {
  const int block = problem_.needs[At(need)].block;
  for (int para : index_.qualified[At(need)]) {
    Slot& slot = plan_.slots[At(para)][At(block)];
    DutyKind kind = DutyKind::kLunch;
    switch (slot.activity) {
      case Activity::kLunch:
        kind = DutyKind::kLunch;
        break;
      case Activity::kBreak:
        kind = DutyKind::kBreak;
        break;
      case Activity::kDataEntry:
        kind = DutyKind::kDataEntry;
        break;
      default:
        continue;
    }
    const Duty duty = DutyOf(problem_.paras[At(para)], kind);
    for (const auto& day : index_.days) {
      if (std::find(day.begin(), day.end(), block) == day.end()) continue;
      for (int other : day) {
        if (!IsFree(para, other) || !Fits(duty, problem_.blocks[At(other)])) continue;
        plan_.slots[At(para)][At(other)].activity = slot.activity;
        slot.activity = Activity::kFree;
        Assign(need, para);
        return true;
      }
    }
  }
  return false;
}

bool SolverState::TryCoverByBumping(int need) {
  const int block = problem_.needs[At(need)].block;
  for (int para : index_.qualified[At(need)]) {
    const Slot& slot = plan_.slots[At(para)][At(block)];
    if (slot.activity != Activity::kSupport) continue;
    // What the group is worth where it is, each need with the minutes its
    // services would lack without it (a student whose minutes other blocks
    // already give is worth only the cover).
    double displaced = 0;
    for (int other : slot.needs) displaced += CoverValue(other);
    if (displaced >= CoverValue(need)) continue;
    // Kept only when the objective, IEP minute caps included, rises.
    if (KeepIfBetter(block, [&] {
          const std::vector<int> group = plan_.slots[At(para)][At(block)].needs;
          for (int other : group) Unassign(other);
          Assign(need, para);
        })) {
      return true;
    }
  }
  return false;
}

bool SolverState::TryBetterPara(int need) {
  const Weights& w = problem_.weights;
  const Need& n = problem_.needs[At(need)];
  const int current = plan_.cover[At(need)];
  const int student = index_.student[At(need)];
  const bool frees_current = plan_.slots[At(current)][At(n.block)].needs.size() == 1;
  for (int para : index_.qualified[At(need)]) {
    if (para == current) continue;
    const bool joins = CanJoin(para, need);
    if (!joins && !IsFree(para, n.block)) continue;
    const int pair_delta = (pairs_[At(student)][At(para)] == 0 ? 1 : 0) -
                           (pairs_[At(student)][At(current)] == 1 ? 1 : 0);
    const int room_delta = (frees_current ? RoomChangeDelta(current, n.block, -1) : 0) +
                           (joins ? 0 : RoomChangeDelta(para, n.block, n.room));
    const long gain = -long{w.continuity} * pair_delta - long{w.room_change} * room_delta;
    // A move that frees an adult without costing anything is taken too: the
    // freed adult may cover someone else.
    if (gain > 0 || (gain == 0 && joins && frees_current)) {
      Unassign(need);
      Assign(need, para);
      return true;
    }
  }
  return false;
}

double SolverState::ValueAround(const std::vector<int>& blocks) const {
  const Weights& w = problem_.weights;
  double value = coverage_value_ - double{1} * w.continuity * total_pairs_ -
                 double{1} * w.max_load * *std::max_element(load_.begin(), load_.end());
  // Every para's room changes on each edge that touches a listed block,
  // once: the edge before each block, and the edge after it unless the
  // next block is listed too.
  for (int block : blocks) {
    const int previous = index_.previous[At(block)];
    const int next = index_.next[At(block)];
    const bool next_listed = std::find(blocks.begin(), blocks.end(), next) != blocks.end();
    for (int para = 0; para < static_cast<int>(problem_.paras.size()); ++para) {
      const int room = RoomOf(para, block);
      if (room < 0) continue;
      const int before = RoomOf(para, previous);
      if (before >= 0 && before != room) value -= w.room_change;
      const int after = next_listed ? -1 : RoomOf(para, next);
      if (after >= 0 && after != room) value -= w.room_change;
    }
  }
  return value;
}

bool SolverState::KeepIfBetter(int block, const std::function<void()>& change) {
  const double before = ValueAround({block});
  std::vector<Slot> snapshot;
  for (std::size_t p = 0; p < problem_.paras.size(); ++p) {
    snapshot.push_back(plan_.slots[p][At(block)]);
  }
  change();
  if (ValueAround({block}) > before + 1e-9) return true;
  // Worse or equal: put the block back as it was. Every need is taken off
  // first, so that putting one para's group back never meets a need another
  // para still holds.
  for (int need : index_.adult_needs_by_block[At(block)]) Unassign(need);
  for (std::size_t p = 0; p < problem_.paras.size(); ++p) {
    PutBack(static_cast<int>(p), block, snapshot[p]);
  }
  return false;
}

void SolverState::PutBack(int para, int block, const Slot& saved) {
  Slot& slot = plan_.slots[At(para)][At(block)];
  if (saved.needs.empty()) {
    slot = saved;
    return;
  }
  // Assign counts pairs, loads and minutes as it sets the group and room.
  slot = Slot{Activity::kFree, -1, {}};
  for (int need : saved.needs) Assign(need, para);
}

std::vector<Slot> SolverState::ClearDay(int para, const std::vector<int>& day) {
  std::vector<Slot> saved;
  for (int block : day) saved.push_back(plan_.slots[At(para)][At(block)]);
  EmptyDay(para, day);
  return saved;
}

void SolverState::EmptyDay(int para, const std::vector<int>& day) {
  for (int block : day) {
    Slot& slot = plan_.slots[At(para)][At(block)];
    for (int need : std::vector<int>(slot.needs)) Unassign(need);
    if (slot.activity != Activity::kOff) slot = Slot{Activity::kFree, -1, {}};
  }
}

void SolverState::RestoreDay(int para, const std::vector<int>& day,
                             const std::vector<Slot>& saved) {
  for (std::size_t k = 0; k < day.size(); ++k) {
    const Slot& slot = plan_.slots[At(para)][At(day[k])];
    for (int need : std::vector<int>(slot.needs)) Unassign(need);
    PutBack(para, day[k], saved[k]);
  }
}

const std::vector<int>& SolverState::NeedsByRoom(int para, int block) {
  // Sorted on first use: the re-planner makes a state per absence and
  // never plans a whole para-day.
  if (needs_by_room_.empty()) {
    needs_by_room_ = index_.needs_of_para_block;
    for (auto& by_block : needs_by_room_) {
      for (auto& needs : by_block) {
        std::stable_sort(needs.begin(), needs.end(), [&](int a, int b) {
          return problem_.needs[At(a)].room < problem_.needs[At(b)].room;
        });
      }
    }
  }
  return needs_by_room_[At(para)][At(block)];
}

bool SolverState::PlanDay(int para, const std::vector<int>& day, bool take_over,
                          std::vector<std::pair<int, int>>& taken) {
  const Para& p = problem_.paras[At(para)];
  const Weights& w = problem_.weights;
  // Each need nobody else covers, worth its value, the minutes its services
  // still lack and, for a student new to the para, the pair's cost.
  worth_.resize(problem_.needs.size());
  // Scratch kept between calls: a para-day is planned thousands of times.
  std::vector<DayBlock>& blocks = day_blocks_;
  blocks.resize(day.size());
  const unsigned required = RequiredDuties(p);
  for (std::size_t k = 0; k < day.size(); ++k) {
    const int block = day[k];
    DayBlock& offer = blocks[k];
    offer.works = plan_.slots[At(para)][At(block)].activity != Activity::kOff;
    offer.duties = 0;
    std::size_t offered = 0;
    if (offer.works) {
      for (std::size_t d = 0; d < kDuties.size(); ++d) {
        if (Fits(DutyOf(p, kDuties[d].first), problem_.blocks[At(block)])) {
          offer.duties |= 1u << d;
        }
      }
      const std::vector<int>& reachable = NeedsByRoom(para, block);
      for (std::size_t i = 0; i < reachable.size();) {
        const int room = problem_.needs[At(reachable[i])].room;
        alone_.clear();
        shared_.clear();
        for (; i < reachable.size() && problem_.needs[At(reachable[i])].room == room; ++i) {
          const int need = reachable[i];
          const int holder = plan_.cover[At(need)];
          if (holder >= 0 && !take_over) continue;
          const auto& pairs = pairs_[At(index_.student[At(need)])];
          double value = pairs[At(para)] == 0 ? -w.continuity : 0;
          if (holder >= 0) {
            // Taking a student over from another para is worth it only when
            // it ends that para's pair with the student.
            value += pairs[At(holder)] == 1 ? w.continuity : 0;
            if (value <= 0) continue;
          } else {
            value += index_.base_value[At(need)] + double{1} * w.iep_minute * MinutesGain(need);
          }
          worth_[At(need)] = value;
          (problem_.needs[At(need)].one_to_one ? alone_ : shared_).push_back(need);
        }
        if (offered == offer.rooms.size()) offer.rooms.emplace_back();
        DayRoom& candidate = offer.rooms[offered];
        candidate.room = room;
        candidate.worth = BestGroup(alone_, shared_, worth_, p.max_students, candidate.members);
        if (candidate.worth > 0) ++offered;
      }
    }
    offer.rooms.resize(offered);
  }
  const DayChoice choice = BestDay(blocks, required, w.room_change);
  if (!choice.feasible) return false;
  for (std::size_t k = 0; k < day.size(); ++k) {
    Slot& slot = plan_.slots[At(para)][At(day[k])];
    if (choice.duty[k] >= 0) slot.activity = kDuties[At(choice.duty[k])].second;
    if (choice.room[k] < 0) continue;
    for (int need : blocks[k].rooms[At(choice.room[k])].members) {
      if (plan_.cover[At(need)] >= 0) {
        taken.push_back({need, plan_.cover[At(need)]});
        Unassign(need);
      }
      Assign(need, para);
    }
  }
  return true;
}

bool SolverState::ReoptimizeDay(int para, const std::vector<int>& day) {
  bool works = false;
  for (int block : day) {
    works = works || plan_.slots[At(para)][At(block)].activity != Activity::kOff;
  }
  if (!works) return false;
  const double before = ValueAround(day);
  const std::vector<Slot> saved = ClearDay(para, day);
  std::vector<std::pair<int, int>> taken;  // (need, the para who had it)
  if (PlanDay(para, day, true, taken) && ValueAround(day) > before + 1e-9) {
    return true;
  }
  // Not better: the day as it was, for the para and those it took from.
  RestoreDay(para, day, saved);
  for (const auto& [need, holder] : taken) Assign(need, holder);
  return false;
}

bool SolverState::PlanReturningDay(int para, const std::vector<int>& day) {
  for (int block : day) {
    Slot& slot = plan_.slots[At(para)][At(block)];
    if (Works(problem_.paras[At(para)], problem_.blocks[At(block)])) slot.activity = Activity::kFree;
  }
  std::vector<std::pair<int, int>> taken;  // (need, the para who had it): theirs now
  return PlanDay(para, day, true, taken);
}

bool SolverState::RebuildDays(const std::vector<int>& paras, const std::vector<int>& day) {
  const double before = ValueAround(day);
  std::vector<std::vector<Slot>> saved;
  for (int para : paras) saved.push_back(ClearDay(para, day));
  std::vector<std::pair<int, int>> taken;  // stays empty: nobody takes over
  bool feasible = true;
  for (int para : paras) feasible = feasible && PlanDay(para, day, false, taken);
  if (feasible && ValueAround(day) > before + 1e-9) return true;
  RestoreDays(paras, day, saved);
  return false;
}

bool SolverState::ImproveDayPairs(const std::vector<int>& days) {
  bool improved = false;
  const int paras = static_cast<int>(problem_.paras.size());
  for (int d : days) {
    const std::vector<int>& day = index_.days[At(d)];
    for (int first = 0; first < paras; ++first) {
      // The paras who could take over a student `first` supports that day
      // (on the bench schools every para sharing a room with `first` was
      // among them).
      std::vector<int> partners;
      for (int block : day) {
        for (int need : plan_.slots[At(first)][At(block)].needs) {
          for (int other : index_.qualified[At(need)]) {
            if (other != first) partners.push_back(other);
          }
        }
      }
      std::sort(partners.begin(), partners.end());
      partners.erase(std::unique(partners.begin(), partners.end()), partners.end());
      for (int second : partners) improved |= RebuildDays({first, second}, day);
    }
  }
  return improved;
}

void SolverState::RestoreDays(const std::vector<int>& paras, const std::vector<int>& day,
                              const std::vector<std::vector<Slot>>& saved) {
  // Every listed day emptied first: restoring one para must not assign a
  // need another para still holds.
  for (int para : paras) EmptyDay(para, day);
  for (std::size_t k = 0; k < paras.size(); ++k) RestoreDay(paras[k], day, saved[k]);
}

void SolverState::TakeDay(const Plan& other, const std::vector<int>& day) {
  std::vector<int> paras(problem_.paras.size());
  std::vector<std::vector<Slot>> slots(problem_.paras.size());
  for (std::size_t p = 0; p < paras.size(); ++p) {
    paras[p] = static_cast<int>(p);
    for (int block : day) slots[p].push_back(other.slots[p][At(block)]);
  }
  RestoreDays(paras, day, slots);
}

bool SolverState::ImproveDays() {
  bool improved = false;
  for (const auto& day : index_.days) {
    for (int para = 0; para < static_cast<int>(problem_.paras.size()); ++para) {
      improved |= ReoptimizeDay(para, day);
    }
  }
  return improved;
}

bool SolverState::RematchBlock(int block) {
  const Weights& w = problem_.weights;
  std::vector<int> movable;  // paras supporting or free in the block
  std::vector<int> groups;   // the supporting paras: their groups are the positions
  for (int para = 0; para < static_cast<int>(problem_.paras.size()); ++para) {
    const Activity activity = plan_.slots[At(para)][At(block)].activity;
    if (activity == Activity::kSupport) groups.push_back(para);
    if (activity == Activity::kSupport || activity == Activity::kFree) movable.push_back(para);
  }
  if (groups.empty() || movable.size() < 2) return false;
  // The needs nobody covers in the block, one-to-one apart, each with what
  // covering it is worth (the same whichever para takes it, but its pair).
  std::vector<int> open;
  std::vector<double> open_value;
  for (int need : index_.adult_needs_by_block[At(block)]) {
    if (plan_.cover[At(need)] < 0 && index_.coverable[At(need)] &&
        !problem_.needs[At(need)].one_to_one) {
      open.push_back(need);
      open_value.push_back(CoverValue(need));
    }
  }
  // cost[g][m]: new pairs and room changes if movable para m took group g,
  // less what m's places beyond the group could take in its room (the
  // uncovered students m is qualified for there, the most valuable first):
  // a para with more places, or other skills, may do more with the same
  // group. A student's pairs elsewhere in the week are its counts less
  // this block's.
  constexpr double kRefused = 1e12;
  const std::size_t rows = groups.size();
  const std::size_t columns = movable.size();
  std::vector<double> cost(rows * columns, 0);
  std::vector<double> could;
  for (std::size_t g = 0; g < rows; ++g) {
    const Slot& slot = plan_.slots[At(groups[g])][At(block)];
    const bool alone = std::any_of(slot.needs.begin(), slot.needs.end(), [&](int need) {
      return problem_.needs[At(need)].one_to_one;
    });
    for (std::size_t m = 0; m < columns; ++m) {
      const int para = movable[m];
      double& c = cost[g * columns + m];
      const int places = problem_.paras[At(para)].max_students;
      if (static_cast<int>(slot.needs.size()) > places) {
        c = kRefused;
        continue;
      }
      for (int need : slot.needs) {
        if (!IsQualified(para, need)) {
          c = kRefused;
          break;
        }
        const int elsewhere =
            pairs_[At(index_.student[At(need)])][At(para)] - (para == groups[g] ? 1 : 0);
        if (elsewhere == 0) c += w.continuity;
      }
      if (c >= kRefused) continue;
      for (int neighbour : {index_.previous[At(block)], index_.next[At(block)]}) {
        const int other = RoomOf(para, neighbour);
        if (other >= 0 && other != slot.room) c += w.room_change;
      }
      if (alone || static_cast<int>(slot.needs.size()) == places) continue;
      could.clear();
      for (std::size_t k = 0; k < open.size(); ++k) {
        const int need = open[k];
        if (problem_.needs[At(need)].room != slot.room || !IsQualified(para, need)) continue;
        const double gain =
            open_value[k] -
            (pairs_[At(index_.student[At(need)])][At(para)] == 0 ? w.continuity : 0);
        if (gain > 0) could.push_back(gain);
      }
      const auto spare = std::min(could.size(), static_cast<std::size_t>(places) - slot.needs.size());
      std::partial_sort(could.begin(), could.begin() + static_cast<long>(spare), could.end(),
                        std::greater<>());
      for (std::size_t k = 0; k < spare; ++k) c -= could[k];
    }
  }
  double current = 0;
  for (std::size_t g = 0; g < rows; ++g) {
    const auto m = static_cast<std::size_t>(std::find(movable.begin(), movable.end(), groups[g]) -
                                            movable.begin());
    current += cost[g * columns + m];
  }
  const std::vector<std::size_t> match = CheapestAssignment(cost, rows, columns);
  double best = 0;
  std::vector<int> taker(rows, -1);  // [group] -> the para who takes it
  for (std::size_t g = 0; g < rows; ++g) {
    taker[g] = movable[match[g]];
    best += cost[g * columns + match[g]];
  }
  // Whole units only: pairs and room changes are counted in whole weights.
  if (best > current - 0.5) return false;
  // The costs are exact when a student has one need per block (a student
  // with two in one group would be counted twice) and places no other para
  // in the room claims; they leave out the busiest load, which the new
  // matching may raise: the change, with the rooms whose para changed
  // regrouped, is checked whole.
  return KeepIfBetter(block, [&] {
    std::vector<std::vector<int>> members(rows);
    for (std::size_t g = 0; g < rows; ++g) {
      members[g] = plan_.slots[At(groups[g])][At(block)].needs;
      for (int need : members[g]) Unassign(need);
    }
    std::vector<int> rooms;
    for (std::size_t g = 0; g < rows; ++g) {
      for (int need : members[g]) Assign(need, taker[g]);
      if (taker[g] != groups[g]) rooms.push_back(problem_.needs[At(members[g].front())].room);
    }
    std::sort(rooms.begin(), rooms.end());
    rooms.erase(std::unique(rooms.begin(), rooms.end()), rooms.end());
    for (int room : rooms) RegroupRoom(block, room);
  });
}

bool SolverState::RegroupRooms(int block) {
  // The rooms where some para supports.
  std::vector<int> rooms;
  for (int para = 0; para < static_cast<int>(problem_.paras.size()); ++para) {
    const Slot& slot = plan_.slots[At(para)][At(block)];
    if (slot.activity != Activity::kSupport) continue;
    if (std::find(rooms.begin(), rooms.end(), slot.room) == rooms.end()) rooms.push_back(slot.room);
  }
  bool changed = false;
  for (int room : rooms) changed |= RegroupRoom(block, room);
  return changed;
}

double SolverState::CoverValue(int need) const {
  // Minutes beyond the caps earn nothing: a covered need's own minutes
  // count against what its pool has without it.
  return index_.base_value[At(need)] + double{1} * problem_.weights.iep_minute * MinutesGain(need);
}

std::vector<int> SolverState::SeatNeeds(const std::vector<int>& needs,
                                        const std::vector<int>& seats, double seat_cost) const {
  constexpr double kRefused = 1e12;
  // Rows: the needs; columns: the seats, then one "left uncovered" per
  // need. A seat costs the pair it adds (and `seat_cost` for each of the
  // para's places) and gains the need's value.
  const std::size_t rows = needs.size();
  const std::size_t columns = seats.size() + rows;
  std::vector<double> cost(rows * columns, kRefused);
  for (std::size_t r = 0; r < rows; ++r) {
    const int need = needs[r];
    const int holder = plan_.cover[At(need)];
    const double gain = CoverValue(need);
    cost[r * columns + seats.size() + r] = 0;
    const auto& pairs = pairs_[At(index_.student[At(need)])];
    for (std::size_t c = 0; c < seats.size(); ++c) {
      const int para = seats[c];
      if (!IsQualified(para, need)) continue;
      const int elsewhere = pairs[At(para)] - (para == holder ? 1 : 0);
      cost[r * columns + c] = (elsewhere == 0 ? problem_.weights.continuity : 0) - gain +
                              seat_cost * problem_.paras[At(para)].max_students;
    }
  }
  const std::vector<std::size_t> match = CheapestAssignment(cost, rows, columns);
  std::vector<int> to(rows, -1);
  for (std::size_t r = 0; r < rows; ++r) {
    if (match[r] < seats.size() && cost[r * columns + match[r]] < kRefused / 2) {
      to[r] = seats[match[r]];
    }
  }
  return to;
}

bool SolverState::RegroupRoom(int block, int room) {
  const auto alone = [&](int need) { return problem_.needs[At(need)].one_to_one; };
  std::vector<int> paras;
  for (int para = 0; para < static_cast<int>(problem_.paras.size()); ++para) {
    const Slot& slot = plan_.slots[At(para)][At(block)];
    if (slot.activity == Activity::kSupport && slot.room == room) paras.push_back(para);
  }
  // The room's needs its paras hold or could take, one-to-one apart.
  std::vector<int> singles, shared;
  for (int need : index_.adult_needs_by_block[At(block)]) {
    if (problem_.needs[At(need)].room != room) continue;
    const int holder = plan_.cover[At(need)];
    if (holder >= 0 && std::find(paras.begin(), paras.end(), holder) == paras.end()) continue;
    if (holder < 0 && std::none_of(paras.begin(), paras.end(),
                                   [&](int para) { return IsQualified(para, need); })) {
      continue;
    }
    (alone(need) ? singles : shared).push_back(need);
  }
  if (singles.empty() && shared.empty()) return false;
  std::vector<int> needs = singles, before;
  needs.insert(needs.end(), shared.begin(), shared.end());
  for (int need : needs) before.push_back(plan_.cover[At(need)]);
  // A seating's worth in its own terms: the needs it covers, less the pairs
  // it adds.
  const auto worth = [&](const std::vector<int>& to) {
    double sum = 0;
    for (std::size_t r = 0; r < needs.size(); ++r) {
      if (to[r] < 0) continue;
      const int holder = plan_.cover[At(needs[r])];
      const int elsewhere =
          pairs_[At(index_.student[At(needs[r])])][At(to[r])] - (to[r] == holder ? 1 : 0);
      sum += CoverValue(needs[r]) - (elsewhere == 0 ? problem_.weights.continuity : 0);
    }
    return sum;
  };
  // First the one-to-one students, each to a para of their own, on the
  // paras with the fewest places when others share the room (a place is
  // priced at an adult-support need), so that the larger groups stay open
  // to the rest; then the others to the places of the paras left.
  const double place_cost =
      singles.empty() || shared.empty() ? 0 : static_cast<double>(problem_.weights.adult_support);
  std::vector<int> after = SeatNeeds(singles, paras, place_cost);
  std::vector<int> seats;
  for (int para : paras) {
    if (std::find(after.begin(), after.end(), para) != after.end()) continue;
    for (int k = 0; k < problem_.paras[At(para)].max_students; ++k) seats.push_back(para);
  }
  const std::vector<int> shared_to = SeatNeeds(shared, seats, 0);
  after.insert(after.end(), shared_to.begin(), shared_to.end());
  if (worth(after) < worth(before) + 0.5) return false;
  const auto give = [&](const std::vector<int>& to) {
    for (int need : needs) Unassign(need);
    for (std::size_t r = 0; r < needs.size(); ++r) {
      if (to[r] >= 0) Assign(needs[r], to[r]);
    }
  };
  // Checked whole, as in RematchBlock: a para left with nobody leaves the
  // room, and the busiest load may change.
  const double was = ValueAround({block});
  give(after);
  if (ValueAround({block}) > was + 1e-9) return true;
  give(before);
  return false;
}

bool SolverState::ImproveMatchings() {
  bool improved = false;
  for (int pass = 0; pass < 4; ++pass) {
    bool changed = false;
    for (int block = 0; block < static_cast<int>(problem_.blocks.size()); ++block) {
      changed |= RematchBlock(block);
      changed |= RegroupRooms(block);
    }
    improved |= changed;
    if (!changed) break;
  }
  return improved;
}

}  // namespace paraplan::schedule
