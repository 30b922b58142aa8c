#include "schedule/solver_state.h"

#include <algorithm>
#include <limits>
#include <unordered_map>

namespace paraplan::schedule {

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
  std::vector<int> service_minutes(problem.needs.size(), 0);
  for (const ServiceNeed& service : problem.services) {
    for (int need : service.needs) {
      const Need& n = problem.needs[At(need)];
      if (problem.rooms[At(n.room)].setting == service.setting) {
        service_minutes[At(need)] += problem.blocks[At(n.block)].span.Minutes();
      }
    }
  }
  std::unordered_map<Id, int> dense;
  const Weights& w = problem.weights;
  coverable.assign(problem.needs.size(), false);
  value.assign(problem.needs.size(), 0);
  student.assign(problem.needs.size(), 0);
  qualified.assign(problem.needs.size(), {});
  adult_needs_by_block.assign(blocks, {});
  needs_of_para_block.assign(paras, std::vector<std::vector<int>>(blocks));
  for (std::size_t n = 0; n < problem.needs.size(); ++n) {
    const Need& need = problem.needs[n];
    student[n] = dense.try_emplace(need.student_id, static_cast<int>(dense.size())).first->second;
    if (need.support != SupportLevel::kAdultSupport) continue;
    coverable[n] = true;
    value[n] = (need.one_to_one || need.safety ? w.one_to_one_or_safety : w.adult_support) +
               w.iep_minute * service_minutes[n];
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
    : problem_(problem), plan_(plan), index_(problem) {
  pairs_.assign(At(index_.students), std::vector<int>(problem.paras.size(), 0));
  plan_.cover.assign(problem.needs.size(), -1);
  for (std::size_t p = 0; p < plan_.slots.size(); ++p) {
    for (const Slot& slot : plan_.slots[p]) {
      for (int need : slot.needs) {
        plan_.cover[At(need)] = static_cast<int>(p);
        ++pairs_[At(index_.student[At(need)])][p];
      }
    }
  }
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
  ++pairs_[At(index_.student[At(need)])][At(para)];
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
  --pairs_[At(index_.student[At(need)])][At(para)];
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
  std::vector<int> pending;
  for (int need : index_.adult_needs_by_block[At(block)]) {
    if (plan_.cover[At(need)] < 0) pending.push_back(need);
  }
  // Paras still able to take a need in this block (free or supporting).
  std::vector<int> open(problem_.needs.size(), 0);
  std::vector<double> demand(problem_.paras.size(), 0);
  auto share = [&](int need) { return index_.value[At(need)] / std::max(1, open[At(need)]); };
  for (int need : pending) {
    for (int para : index_.qualified[At(need)]) {
      const Activity activity = plan_.slots[At(para)][At(block)].activity;
      open[At(need)] += activity == Activity::kFree || activity == Activity::kSupport ? 1 : 0;
    }
    for (int para : index_.qualified[At(need)]) demand[At(para)] += share(need);
  }
  std::stable_sort(pending.begin(), pending.end(), [&](int a, int b) {
    if (index_.value[At(a)] != index_.value[At(b)]) {
      return index_.value[At(a)] > index_.value[At(b)];
    }
    return open[At(a)] < open[At(b)];
  });
  for (int need : pending) {
    const Need& n = problem_.needs[At(need)];
    const int student = index_.student[At(need)];
    int best = -1;
    double best_score = -std::numeric_limits<double>::infinity();
    for (int para : index_.qualified[At(need)]) {
      const double continuity = pairs_[At(student)][At(para)] > 0 ? w.continuity : 0;
      double score = 0;
      if (CanJoin(para, need)) {
        // Joining a group costs no adult: always preferred.
        score = 1e12 + continuity;
      } else if (IsFree(para, block)) {
        score = continuity - w.room_change * RoomChangeDelta(para, block, n.room) -
                (demand[At(para)] - share(need));
      } else {
        continue;
      }
      if (score > best_score) {
        best_score = score;
        best = para;
      }
    }
    for (int para : index_.qualified[At(need)]) demand[At(para)] -= share(need);
    if (best >= 0) Assign(need, best);
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
    double displaced = 0;
    for (int other : slot.needs) displaced += index_.value[At(other)];
    if (displaced >= index_.value[At(need)]) continue;
    const std::vector<int> group = slot.needs;
    for (int other : group) Unassign(other);
    Assign(need, para);
    return true;
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

}  // namespace paraplan::schedule
