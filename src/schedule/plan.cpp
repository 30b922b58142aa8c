#include "schedule/plan.h"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <map>
#include <set>
#include <utility>

namespace paraplan::schedule {
namespace {

constexpr std::array<std::pair<Activity, std::string_view>, 7> kActivityNames{{
    {Activity::kOff, "off"},
    {Activity::kFree, "free"},
    {Activity::kSupport, "support"},
    {Activity::kLunch, "lunch"},
    {Activity::kBreak, "break"},
    {Activity::kDataEntry, "data_entry"},
    {Activity::kOtherDuty, "other_duty"},
}};

bool Ranked(const Need& need) { return need.one_to_one || need.safety; }

// The reason an uncovered need would have in this plan, or nullopt when a
// qualified para could still take it (free, or in its room with room to spare).
std::optional<UncoveredReason> TrueReason(const Problem& problem, const Plan& plan, int index) {
  const Need& need = problem.needs[At(index)];
  const Block& block = problem.blocks[At(need.block)];
  bool any_qualified = false;
  bool any_in_room = false;
  for (std::size_t p = 0; p < problem.paras.size(); ++p) {
    const Para& para = problem.paras[p];
    if (!Works(para, block) || plan.IsAbsent(static_cast<int>(p), block.day)) continue;
    if (!Qualifies(para, need)) continue;
    any_qualified = true;
    const Slot& slot = plan.slots[p][At(need.block)];
    if (slot.activity == Activity::kFree) return std::nullopt;
    if (slot.activity != Activity::kSupport || slot.room != need.room) continue;
    any_in_room = true;
    const bool exclusive = std::any_of(slot.needs.begin(), slot.needs.end(), [&](int other) {
      return problem.needs[At(other)].one_to_one;
    });
    if (!exclusive && !need.one_to_one &&
        static_cast<int>(slot.needs.size()) < para.max_students) {
      return std::nullopt;
    }
  }
  if (!any_qualified) return UncoveredReason::kNoQualifiedPara;
  return any_in_room ? UncoveredReason::kGroupLimit : UncoveredReason::kNoQualifiedParaFree;
}

}  // namespace

unsigned RequiredDuties(const Para& para) {
  unsigned required = 0;
  for (std::size_t k = 0; k < kDuties.size(); ++k) {
    if (DutyOf(para, kDuties[k].first).minutes > 0) required |= 1u << k;
  }
  return required;
}

std::string_view NameOf(Activity activity) {
  for (const auto& [candidate, name] : kActivityNames) {
    if (candidate == activity) return name;
  }
  return "unknown";
}

std::optional<Activity> ParseActivity(std::string_view name) {
  for (const auto& [candidate, candidate_name] : kActivityNames) {
    if (candidate_name == name) return candidate;
  }
  return std::nullopt;
}

std::string_view NameOf(UncoveredReason reason) {
  switch (reason) {
    case UncoveredReason::kNoQualifiedPara:
      return "no_qualified_para";
    case UncoveredReason::kNoQualifiedParaFree:
      return "no_qualified_para_free";
    case UncoveredReason::kGroupLimit:
      return "group_limit";
  }
  return "unknown";
}

bool Plan::IsAbsent(int para, Weekday day) const {
  return std::find(absences.begin(), absences.end(), Absence{para, day}) != absences.end();
}

void TakeDay(const Problem& problem, const Plan& from, Weekday day, Plan& into) {
  for (std::size_t b = 0; b < problem.blocks.size(); ++b) {
    if (problem.blocks[b].day != day) continue;
    for (std::size_t p = 0; p < problem.paras.size(); ++p) into.slots[p][b] = from.slots[p][b];
  }
  auto on_day = [&](int need) { return problem.blocks[At(problem.needs[At(need)].block)].day == day; };
  for (std::size_t n = 0; n < problem.needs.size(); ++n) {
    if (on_day(static_cast<int>(n))) into.cover[n] = from.cover[n];
  }
  std::erase_if(into.uncovered, [&](const Uncovered& entry) { return on_day(entry.need); });
  for (const Uncovered& entry : from.uncovered) {
    if (on_day(entry.need)) into.uncovered.push_back(entry);
  }
  std::erase_if(into.absences, [&](const Absence& absence) { return absence.day == day; });
  for (const Absence& absence : from.absences) {
    if (absence.day == day) into.absences.push_back(absence);
  }
}

std::vector<std::vector<int>> AllotMinutes(const std::vector<MinuteSource>& sources,
                                           const std::vector<int>& caps) {
  std::vector<std::vector<int>> flow(sources.size());
  for (std::size_t i = 0; i < sources.size(); ++i) flow[i].assign(sources[i].services.size(), 0);
  std::vector<int> slack(caps.size());
  for (std::size_t k = 0; k < caps.size(); ++k) slack[k] = std::max(0, caps[k]);
  // The search's marks: how each service was reached (source, its slot)
  // and how each source was reached back (service, the source's slot).
  std::vector<std::pair<int, int>> service_from(caps.size());
  std::vector<std::pair<int, int>> source_from(sources.size());
  std::vector<char> service_seen(caps.size());
  std::vector<char> source_seen(sources.size());
  std::vector<int> queue;
  for (std::size_t origin = 0; origin < sources.size(); ++origin) {
    int left = sources[origin].minutes;
    while (left > 0) {
      std::ranges::fill(service_seen, 0);
      std::ranges::fill(source_seen, 0);
      queue.clear();
      auto reach_from = [&](int source) {
        source_seen[At(source)] = 1;
        const std::vector<int>& served = sources[At(source)].services;
        for (std::size_t slot = 0; slot < served.size(); ++slot) {
          if (service_seen[At(served[slot])] != 0) continue;
          service_seen[At(served[slot])] = 1;
          service_from[At(served[slot])] = {source, static_cast<int>(slot)};
          queue.push_back(served[slot]);
        }
      };
      reach_from(static_cast<int>(origin));
      int end = -1;
      for (std::size_t head = 0; head < queue.size() && end < 0; ++head) {
        const int service = queue[head];
        if (slack[At(service)] > 0) {
          end = service;
          break;
        }
        // Back along a source already giving this service minutes: it may
        // give them to another service instead.
        for (std::size_t source = 0; source < sources.size(); ++source) {
          if (source_seen[source] != 0) continue;
          const std::vector<int>& served = sources[source].services;
          for (std::size_t slot = 0; slot < served.size(); ++slot) {
            if (served[slot] != service || flow[source][slot] <= 0) continue;
            source_from[source] = {service, static_cast<int>(slot)};
            reach_from(static_cast<int>(source));
            break;
          }
        }
      }
      if (end < 0) break;
      int amount = std::min(left, slack[At(end)]);
      for (int service = end;;) {
        const auto [source, slot] = service_from[At(service)];
        if (source == static_cast<int>(origin)) break;
        const auto [back, back_slot] = source_from[At(source)];
        amount = std::min(amount, flow[At(source)][At(back_slot)]);
        service = back;
      }
      for (int service = end;;) {
        const auto [source, slot] = service_from[At(service)];
        flow[At(source)][At(slot)] += amount;
        if (source == static_cast<int>(origin)) break;
        const auto [back, back_slot] = source_from[At(source)];
        flow[At(source)][At(back_slot)] -= amount;
        service = back;
      }
      slack[At(end)] -= amount;
      left -= amount;
    }
  }
  return flow;
}

std::vector<ServicePool> ServicePools(const Problem& problem) {
  std::map<std::pair<Id, Setting>, ServicePool> by_student;
  for (std::size_t s = 0; s < problem.services.size(); ++s) {
    const ServiceNeed& service = problem.services[s];
    ServicePool& pool = by_student[{service.student_id, service.setting}];
    pool.setting = service.setting;
    const int position = static_cast<int>(pool.services.size());
    pool.services.push_back(static_cast<int>(s));
    for (int need : service.needs) {
      const Need& n = problem.needs[At(need)];
      if (n.support != SupportLevel::kAdultSupport) continue;
      if (problem.rooms[At(n.room)].setting != service.setting) continue;
      std::vector<int>& listed = pool.needs[need];
      if (listed.empty() || listed.back() != position) listed.push_back(position);
    }
  }
  std::vector<ServicePool> pools;
  pools.reserve(by_student.size());
  for (auto& [key, pool] : by_student) pools.push_back(std::move(pool));
  return pools;
}

std::vector<ServiceShare> ShareMinutes(const Problem& problem, const Plan& plan) {
  std::vector<ServiceShare> shares(problem.services.size());
  for (const ServicePool& pool : ServicePools(problem)) {
    // The pool's covered blocks, in the order of the week.
    std::vector<MinuteSource> sources;
    std::vector<int> source_need;
    for (const auto& [need, services] : pool.needs) {
      if (plan.cover[At(need)] < 0) continue;
      sources.push_back(
          {problem.blocks[At(problem.needs[At(need)].block)].span.Minutes(), services});
      source_need.push_back(need);
    }
    std::vector<int> caps;
    for (int s : pool.services) caps.push_back(problem.services[At(s)].MinutesDue());
    const std::vector<std::vector<int>> flow = AllotMinutes(sources, caps);
    for (std::size_t i = 0; i < sources.size(); ++i) {
      for (std::size_t slot = 0; slot < sources[i].services.size(); ++slot) {
        if (flow[i][slot] <= 0) continue;
        ServiceShare& share = shares[At(pool.services[At(sources[i].services[slot])])];
        share.minutes += flow[i][slot];
        share.needs.push_back({source_need[i], flow[i][slot]});
      }
    }
  }
  return shares;
}

std::vector<std::int64_t> ServiceMinutes(const Problem& problem, const Plan& plan) {
  std::vector<std::int64_t> minutes;
  minutes.reserve(problem.services.size());
  for (const ServiceShare& share : ShareMinutes(problem, plan)) minutes.push_back(share.minutes);
  return minutes;
}

Score Evaluate(const Problem& problem, const Plan& plan) {
  Score score;
  std::vector<int> load(problem.paras.size(), 0);
  std::set<std::pair<Id, int>> pairs;
  for (std::size_t n = 0; n < problem.needs.size(); ++n) {
    const Need& need = problem.needs[n];
    if (need.support != SupportLevel::kAdultSupport) continue;
    const int para = n < plan.cover.size() ? plan.cover[n] : -1;
    const bool covered = para >= 0;
    if (Ranked(need)) {
      ++score.one_to_one_or_safety_needs;
      score.one_to_one_or_safety_covered += covered ? 1 : 0;
    } else {
      ++score.adult_support_needs;
      score.adult_support_covered += covered ? 1 : 0;
    }
    if (covered) {
      ++load[At(para)];
      pairs.insert({need.student_id, para});
    }
  }
  const std::vector<std::int64_t> minutes = ServiceMinutes(problem, plan);
  for (std::size_t s = 0; s < problem.services.size(); ++s) {
    const ServiceNeed& service = problem.services[s];
    score.iep_minutes += minutes[s];
    score.iep_minutes_required += service.MinutesDue();
  }
  score.student_para_pairs = static_cast<int>(pairs.size());
  for (std::size_t p = 0; p < problem.paras.size(); ++p) {
    for (const auto& day : BlocksByDay(problem)) {
      for (std::size_t k = 1; k < day.size(); ++k) {
        const Slot& before = plan.slots[p][At(day[k - 1])];
        const Slot& after = plan.slots[p][At(day[k])];
        if (before.activity == Activity::kSupport && after.activity == Activity::kSupport &&
            before.room != after.room) {
          ++score.room_changes;
        }
      }
    }
  }
  score.max_load = load.empty() ? 0 : *std::max_element(load.begin(), load.end());
  const Weights& w = problem.weights;
  score.total = std::int64_t{w.one_to_one_or_safety} * score.one_to_one_or_safety_covered +
                std::int64_t{w.adult_support} * score.adult_support_covered +
                w.iep_minute * score.iep_minutes -
                std::int64_t{w.continuity} * score.student_para_pairs -
                std::int64_t{w.room_change} * score.room_changes -
                std::int64_t{w.max_load} * score.max_load;
  return score;
}

void ExplainUncovered(const Problem& problem, Plan& plan) {
  plan.cover.assign(problem.needs.size(), -1);
  for (std::size_t p = 0; p < plan.slots.size(); ++p) {
    for (const Slot& slot : plan.slots[p]) {
      for (int need : slot.needs) plan.cover[At(need)] = static_cast<int>(p);
    }
  }
  plan.uncovered.clear();
  for (std::size_t n = 0; n < problem.needs.size(); ++n) {
    if (problem.needs[n].support != SupportLevel::kAdultSupport || plan.cover[n] >= 0) continue;
    // A need a qualified para could still take is reported as "no qualified
    // para free" only if the caller failed to fill it; CheckPlan flags that.
    plan.uncovered.push_back(
        {static_cast<int>(n),
         TrueReason(problem, plan, static_cast<int>(n)).value_or(UncoveredReason::kNoQualifiedParaFree)});
  }
}

std::vector<Violation> CheckPlan(const Problem& problem, const Plan& plan) {
  std::vector<Violation> violations;
  auto add = [&](std::string where, std::string rule) {
    violations.push_back({std::move(where), std::move(rule)});
  };
  if (plan.slots.size() != problem.paras.size() || plan.cover.size() != problem.needs.size()) {
    add("plan", "does not have one row per para and one cover entry per need");
    return violations;
  }
  std::vector<int> covered_by(problem.needs.size(), -1);
  for (std::size_t p = 0; p < problem.paras.size(); ++p) {
    const Para& para = problem.paras[p];
    if (plan.slots[p].size() != problem.blocks.size()) {
      add(fmt::format("para {}", para.id), "does not have one slot per block");
      continue;
    }
    for (std::size_t b = 0; b < problem.blocks.size(); ++b) {
      const Block& block = problem.blocks[b];
      const Slot& slot = plan.slots[p][b];
      const std::string where = fmt::format("para {}, block {}", para.id, block.id);
      const bool available = Works(para, block) && !plan.IsAbsent(static_cast<int>(p), block.day);
      if (slot.activity != Activity::kOff && !available) {
        add(where, "is scheduled outside the para's hours or on a day of absence");
      }
      if (slot.activity == Activity::kOff && available) {
        add(where, "is off during the para's hours");
      }
      if (slot.activity != Activity::kSupport) {
        if (!slot.needs.empty()) add(where, "lists students without supporting them");
        continue;
      }
      if (slot.room < 0 || At(slot.room) >= problem.rooms.size()) {
        add(where, "supports in a room that does not exist");
        continue;
      }
      if (slot.needs.empty()) add(where, "supports nobody");
      if (static_cast<int>(slot.needs.size()) > para.max_students) {
        add(where, fmt::format("supports {} students, above the group limit of {}",
                               slot.needs.size(), para.max_students));
      }
      for (int index : slot.needs) {
        if (index < 0 || At(index) >= problem.needs.size()) {
          add(where, "supports a need that does not exist");
          continue;
        }
        const Need& need = problem.needs[At(index)];
        const std::string who = fmt::format("{}, student {}", where, need.student_id);
        if (At(need.block) != b) add(who, "covers a need of another block");
        if (need.room != slot.room) add(who, "covers a student in another room");
        if (need.support != SupportLevel::kAdultSupport) {
          add(who, fmt::format("gives adult support where the student's plan says {}",
                               paraplan::NameOf(need.support)));
        }
        if (!Qualifies(para, need)) add(who, "covers a need without its skills or credentials");
        if (need.one_to_one && slot.needs.size() > 1) {
          add(who, "shares the adult of a one-to-one block");
        }
        if (covered_by[At(index)] >= 0) add(who, "is covered by two paras");
        covered_by[At(index)] = static_cast<int>(p);
      }
    }
    // Lunch, break and data entry: each once per working day, in a block
    // that fits it.
    for (const auto& day : BlocksByDay(problem)) {
      const Weekday weekday = problem.blocks[At(day.front())].day;
      const bool works = std::any_of(day.begin(), day.end(), [&](int block) {
        return Works(para, problem.blocks[At(block)]);
      });
      if (!works || plan.IsAbsent(static_cast<int>(p), weekday)) continue;
      for (auto [kind, activity] : {std::pair{DutyKind::kLunch, Activity::kLunch},
                                    std::pair{DutyKind::kBreak, Activity::kBreak},
                                    std::pair{DutyKind::kDataEntry, Activity::kDataEntry}}) {
        const Duty duty = DutyOf(para, kind);
        int kept = 0;
        for (int block : day) {
          if (plan.slots[p][At(block)].activity != activity) continue;
          if (duty.minutes == 0 || !Fits(duty, problem.blocks[At(block)])) {
            add(fmt::format("para {}, block {}", para.id, problem.blocks[At(block)].id),
                fmt::format("holds {} outside its window or in too short a block",
                            NameOf(activity)));
          }
          ++kept;
        }
        if (duty.minutes > 0 && kept != 1) {
          add(fmt::format("para {}, {}", para.id, problem.blocks[At(day.front())].id),
              fmt::format("has {} {} blocks in the day instead of one", kept, NameOf(activity)));
        }
      }
    }
  }
  std::vector<bool> listed(problem.needs.size(), false);
  for (const Uncovered& entry : plan.uncovered) {
    if (entry.need < 0 || At(entry.need) >= problem.needs.size()) {
      add("uncovered", "lists a need that does not exist");
      continue;
    }
    const Need& need = problem.needs[At(entry.need)];
    const std::string where = fmt::format("student {}, block {}", need.student_id,
                                          problem.blocks[At(need.block)].id);
    listed[At(entry.need)] = true;
    if (covered_by[At(entry.need)] >= 0) add(where, "is listed as uncovered but is covered");
    const std::optional<UncoveredReason> reason = TrueReason(problem, plan, entry.need);
    if (!reason) {
      add(where, "is left uncovered while a qualified para could take it");
    } else if (*reason != entry.reason) {
      add(where, fmt::format("is uncovered for the reason {}, not {}", NameOf(*reason),
                             NameOf(entry.reason)));
    }
  }
  for (std::size_t n = 0; n < problem.needs.size(); ++n) {
    const Need& need = problem.needs[n];
    const std::string where = fmt::format("student {}, block {}", need.student_id,
                                          problem.blocks[At(need.block)].id);
    if (plan.cover[n] != covered_by[n]) add(where, "cover entry disagrees with the slots");
    if (need.support == SupportLevel::kAdultSupport && covered_by[n] < 0 && !listed[n]) {
      add(where, "is an uncovered adult-support need without a reason");
    }
  }
  return violations;
}

}  // namespace paraplan::schedule
