#include "schedule/replan.h"

#include <algorithm>
#include <map>
#include <set>
#include <string>
#include <utility>

#include <fmt/format.h>

#include "schedule/solver.h"
#include "schedule/solver_state.h"

namespace paraplan::schedule {

namespace {

// The blocks of `day`, once the para and the plan are known to fit the
// problem.
Result<std::vector<int>> CheckedDay(const Problem& problem, const Plan& plan, int para,
                                    Weekday day) {
  if (para < 0 || At(para) >= problem.paras.size()) {
    return Fail(Error::Invalid("unknown para", {{"absent", "is not a para of the problem"}}));
  }
  std::vector<int> day_blocks;
  for (std::size_t b = 0; b < problem.blocks.size(); ++b) {
    if (problem.blocks[b].day == day) day_blocks.push_back(static_cast<int>(b));
  }
  if (day_blocks.empty()) {
    return Fail(Error::Invalid("no blocks that day", {{"date", "has no blocks in the problem"}}));
  }
  if (plan.slots.size() != problem.paras.size() || plan.cover.size() != problem.needs.size()) {
    return Fail(Error::Invalid("the published plan does not fit the problem",
                               {{"plan", "has a different number of paras or needs"}}));
  }
  return day_blocks;
}

// The re-plan's changes against `before` and the day's uncovered needs.
void ListDay(const Problem& problem, const Plan& before, const std::vector<int>& day_blocks,
             Weekday day, Replan& result) {
  for (std::size_t p = 0; p < problem.paras.size(); ++p) {
    for (int block : day_blocks) {
      const Slot& was = before.slots[p][At(block)];
      const Slot& now = result.plan.slots[p][At(block)];
      if (was != now) result.changes.push_back({static_cast<int>(p), block, was, now});
    }
  }
  for (const Uncovered& entry : result.plan.uncovered) {
    if (problem.blocks[At(problem.needs[At(entry.need)].block)].day == day) {
      result.uncovered.push_back(entry);
    }
  }
}

// Covers `needs` again, the most valuable first, each by the smallest move
// that does it: join a qualified para's group in the room, take a free
// qualified para, move a qualified para's duty, move a group to other paras,
// or displace needs of lower value.
void CoverAgain(const Problem& problem, SolverState& state, std::vector<int> needs) {
  std::stable_sort(needs.begin(), needs.end(), [&](int a, int b) {
    return state.index().value[At(a)] > state.index().value[At(b)];
  });
  for (int need : needs) {
    const int block = problem.needs[At(need)].block;
    int chosen = -1;
    for (int other : state.index().qualified[At(need)]) {
      if (state.CanJoin(other, need)) {
        chosen = other;
        break;
      }
      if (chosen < 0 && state.IsFree(other, block)) chosen = other;
    }
    if (chosen >= 0) {
      state.Assign(need, chosen);
    } else if (!state.TryCoverByDutyMove(need) && !state.TryCoverByEjection(need)) {
      state.TryCoverByBumping(need);
    }
  }
}

}  // namespace

Result<Replan> ReplanAbsence(const Problem& problem, const Plan& published, int para,
                             Weekday day) {
  const std::vector<int> day_blocks = PARAPLAN_TRY(CheckedDay(problem, published, para, day));
  Replan result;
  result.plan = published;
  Plan& plan = result.plan;
  if (!plan.IsAbsent(para, day)) plan.absences.push_back({para, day});

  std::vector<int> displaced;
  for (int block : day_blocks) {
    Slot& slot = plan.slots[At(para)][At(block)];
    for (int need : slot.needs) {
      displaced.push_back(need);
      plan.cover[At(need)] = -1;
    }
    slot = Slot{};
  }
  SolverState state(problem, plan);
  CoverAgain(problem, state, displaced);
  // A moved duty or group can leave a para free where someone is still
  // uncovered; filling keeps every reason true.
  FillFreeParas(problem, plan);
  for (int need : displaced) {
    (plan.cover[At(need)] >= 0 ? result.recovered : result.lost) += 1;
  }
  ListDay(problem, published, day_blocks, day, result);
  return result;
}

Result<Replan> ReplanReturn(const Problem& problem, const Plan& week, const Plan& current,
                            int para, Weekday day) {
  const std::vector<int> day_blocks = PARAPLAN_TRY(CheckedDay(problem, current, para, day));
  if (week.slots.size() != current.slots.size() || week.cover.size() != current.cover.size()) {
    return Fail(Error::Invalid("the week's plan does not fit the problem",
                               {{"plan", "has a different number of paras or needs"}}));
  }
  if (!current.IsAbsent(para, day)) {
    return Fail(Error::Invalid("the para is not away that day",
                               {{"staff_id", "is at work that day in this schedule"}}));
  }
  Replan result;
  if (!week.IsAbsent(para, day)) {
    // The week's day again, with only the others still away re-planned.
    result.plan = week;
    for (const Absence& away : current.absences) {
      if (away.day != day || away.para == para || result.plan.IsAbsent(away.para, day)) continue;
      Replan others = PARAPLAN_TRY(ReplanAbsence(problem, result.plan, away.para, day));
      result.plan = std::move(others.plan);
    }
  } else {
    result.plan = current;
    std::erase(result.plan.absences, Absence{para, day});
    SolverState state(problem, result.plan);
    if (!state.PlanReturningDay(para, day_blocks)) {
      return Fail(Error::FailedPrecondition(
          "the para's lunch, break and data entry do not fit their hours that day"));
    }
    FillFreeParas(problem, result.plan);
  }
  for (int block : day_blocks) {
    result.recovered += static_cast<int>(result.plan.slots[At(para)][At(block)].needs.size());
  }
  ListDay(problem, current, day_blocks, day, result);
  return result;
}

namespace {

// `previous_plan` carried onto `problem` (WeekUpdate::before): each slot as
// it was, without the students the new problem has no block for.
Plan Carry(const Problem& problem, const Problem& previous, const Plan& previous_plan) {
  std::map<Id, int> para_before;
  for (std::size_t p = 0; p < previous.paras.size(); ++p) {
    para_before[previous.paras[p].id] = static_cast<int>(p);
  }
  std::map<std::string, int> block_before;
  for (std::size_t b = 0; b < previous.blocks.size(); ++b) {
    block_before[previous.blocks[b].id] = static_cast<int>(b);
  }
  std::map<Id, int> room_now;
  for (std::size_t r = 0; r < problem.rooms.size(); ++r) {
    room_now[problem.rooms[r].id] = static_cast<int>(r);
  }
  std::map<std::pair<Id, std::string>, int> need_now;
  for (std::size_t n = 0; n < problem.needs.size(); ++n) {
    const Need& need = problem.needs[n];
    need_now[{need.student_id, problem.blocks[At(need.block)].id}] = static_cast<int>(n);
  }

  std::map<Id, int> para_now;
  for (std::size_t p = 0; p < problem.paras.size(); ++p) {
    para_now[problem.paras[p].id] = static_cast<int>(p);
  }

  Plan before = EmptyPlan(problem);
  for (const Absence& away : previous_plan.absences) {
    if (auto para = para_now.find(previous.paras[At(away.para)].id); para != para_now.end()) {
      before.absences.push_back({para->second, away.day});
    }
  }
  for (std::size_t p = 0; p < problem.paras.size(); ++p) {
    auto was_para = para_before.find(problem.paras[p].id);
    if (was_para == para_before.end()) continue;  // new: free in their hours
    for (std::size_t b = 0; b < problem.blocks.size(); ++b) {
      auto was_block = block_before.find(problem.blocks[b].id);
      if (was_block == block_before.end()) continue;
      const Slot& was = previous_plan.slots[At(was_para->second)][At(was_block->second)];
      Slot& slot = before.slots[p][b];
      if (was.activity != Activity::kSupport) {
        slot = Slot{was.activity, -1, {}};
        continue;
      }
      auto room = room_now.find(previous.rooms[At(was.room)].id);
      if (room == room_now.end()) {
        slot = Slot{Activity::kFree, -1, {}};  // the room is gone
        continue;
      }
      slot = Slot{Activity::kSupport, room->second, {}};
      for (int index : was.needs) {
        const Need& old_need = previous.needs[At(index)];
        if (auto now = need_now.find({old_need.student_id, problem.blocks[b].id});
            now != need_now.end()) {
          slot.needs.push_back(now->second);
        }
      }
      if (slot.needs.empty()) slot = Slot{Activity::kFree, -1, {}};
    }
  }
  return before;
}

// `before` as far as it keeps the rules: each group keeps the students who
// still need an adult in that room and whom the para qualifies for, up to
// the group limit (a one-to-one student alone); blocks outside a para's
// hours are off.
Plan Keepable(const Problem& problem, const Plan& before) {
  Plan plan = before;
  plan.cover.assign(problem.needs.size(), -1);
  for (std::size_t p = 0; p < problem.paras.size(); ++p) {
    const Para& para = problem.paras[p];
    for (std::size_t b = 0; b < problem.blocks.size(); ++b) {
      Slot& slot = plan.slots[p][b];
      if (!Works(para, problem.blocks[b])) {
        slot = Slot{};
        continue;
      }
      if (slot.activity != Activity::kSupport) continue;
      std::vector<int> kept;
      for (int index : slot.needs) {
        const Need& need = problem.needs[At(index)];
        if (need.support != SupportLevel::kAdultSupport || need.room != slot.room ||
            !Qualifies(para, need) || plan.cover[At(index)] >= 0) {
          continue;
        }
        if (need.one_to_one) {
          kept = {index};  // an adult to themself
          break;
        }
        if (static_cast<int>(kept.size()) < para.max_students) kept.push_back(index);
      }
      for (int need : kept) plan.cover[At(need)] = static_cast<int>(p);
      slot = kept.empty() ? Slot{Activity::kFree, -1, {}}
                          : Slot{Activity::kSupport, slot.room, std::move(kept)};
    }
  }
  return plan;
}

// Whether the para's working day keeps the rules of its own: at work in
// every block of their hours, each duty once in a block that fits it.
bool DayHolds(const Problem& problem, const Plan& plan, int p, const std::vector<int>& day) {
  const Para& para = problem.paras[At(p)];
  bool works = false;
  for (int block : day) {
    const bool in_hours = Works(para, problem.blocks[At(block)]);
    works = works || in_hours;
    if (in_hours == (plan.slots[At(p)][At(block)].activity == Activity::kOff)) return false;
  }
  if (!works) return true;
  for (const auto& [kind, activity] : kDuties) {
    const Duty duty = DutyOf(para, kind);
    int kept = 0;
    for (int block : day) {
      if (plan.slots[At(p)][At(block)].activity != activity) continue;
      if (duty.minutes == 0 || !Fits(duty, problem.blocks[At(block)])) return false;
      ++kept;
    }
    if (kept != (duty.minutes == 0 ? 0 : 1)) return false;
  }
  return true;
}

}  // namespace

Result<WeekUpdate> UpdateWeek(const Problem& problem, std::vector<Absence> absences,
                              const Problem& previous, const Plan& previous_plan) {
  if (auto problems = Validate(problem); !problems.empty()) {
    return Fail(Error::Invalid("the scheduling problem is not valid", std::move(problems)));
  }
  if (previous_plan.slots.size() != previous.paras.size() ||
      previous_plan.cover.size() != previous.needs.size() ||
      std::ranges::any_of(previous_plan.slots, [&](const std::vector<Slot>& row) {
        return row.size() != previous.blocks.size();
      })) {
    return Fail(Error::Invalid("the previous plan does not fit its problem",
                               {{"plan", "has a different number of paras, blocks or needs"}}));
  }
  WeekUpdate result;
  result.before = Carry(problem, previous, previous_plan);
  result.plan = Keepable(problem, result.before);
  Plan& plan = result.plan;
  plan.absences = std::move(absences);
  std::set<Id> paras_before;
  for (const Para& para : previous.paras) paras_before.insert(para.id);

  // Para-days away now are emptied; para-days of a para who joined, and
  // those that no longer keep their own rules, are emptied and planned
  // again below.
  std::vector<std::pair<int, std::vector<int>>> to_plan;
  for (const std::vector<int>& day : BlocksByDay(problem)) {
    const Weekday weekday = problem.blocks[At(day.front())].day;
    for (int p = 0; p < static_cast<int>(problem.paras.size()); ++p) {
      const bool away = plan.IsAbsent(p, weekday);
      const bool joined = !paras_before.contains(problem.paras[At(p)].id);
      if (!away && !joined && DayHolds(problem, plan, p, day)) continue;
      bool works = false;
      for (int block : day) {
        Slot& slot = plan.slots[At(p)][At(block)];
        for (int need : slot.needs) plan.cover[At(need)] = -1;
        slot = Slot{};
        works = works || Works(problem.paras[At(p)], problem.blocks[At(block)]);
      }
      if (!away && works) to_plan.emplace_back(p, day);
    }
  }
  SolverState state(problem, plan);
  for (const auto& [para, day] : to_plan) {
    if (!state.PlanReturningDay(para, day)) {
      return Fail(Error::FailedPrecondition(
          fmt::format("para {}'s lunch, break and data entry do not fit their hours",
                      problem.paras[At(para)].id)));
    }
  }
  result.para_days_planned = static_cast<int>(to_plan.size());
  // The needs to cover again: those the previous plan covered, and new
  // ones. A need it left uncovered was left so; only a para-day planned
  // again may take it.
  std::set<std::pair<Id, std::string>> left_before;
  for (const Uncovered& entry : previous_plan.uncovered) {
    const Need& need = previous.needs[At(entry.need)];
    left_before.insert({need.student_id, previous.blocks[At(need.block)].id});
  }
  std::vector<int> open;
  for (std::size_t n = 0; n < problem.needs.size(); ++n) {
    const Need& need = problem.needs[n];
    if (need.support != SupportLevel::kAdultSupport || plan.cover[n] >= 0) continue;
    if (left_before.contains({need.student_id, problem.blocks[At(need.block)].id})) continue;
    open.push_back(static_cast<int>(n));
  }
  CoverAgain(problem, state, open);
  FillFreeParas(problem, plan);

  for (std::size_t p = 0; p < problem.paras.size(); ++p) {
    for (std::size_t b = 0; b < problem.blocks.size(); ++b) {
      const Slot& was = result.before.slots[p][b];
      const Slot& now = plan.slots[p][b];
      if (was != now) {
        result.changes.push_back({static_cast<int>(p), static_cast<int>(b), was, now});
      }
    }
  }
  return result;
}

}  // namespace paraplan::schedule
