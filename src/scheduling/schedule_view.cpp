#include "scheduling/schedule_view.h"

#include <fmt/format.h>

#include <algorithm>
#include <functional>
#include <map>
#include <set>

#include "domain/words.h"
#include "schedule/problem_json.h"

namespace paraplan::scheduling {
namespace {

using nlohmann::json;
using schedule::Activity;
using schedule::At;
using schedule::Plan;
using schedule::Problem;
using schedule::Slot;

std::vector<int> BlocksOn(const Problem& problem, Weekday day) {
  std::vector<int> blocks;
  for (std::size_t b = 0; b < problem.blocks.size(); ++b) {
    if (problem.blocks[b].day == day) blocks.push_back(static_cast<int>(b));
  }
  return blocks;
}

json BlockFields(const Problem& problem, int block) {
  const schedule::Block& b = problem.blocks[At(block)];
  return {{"block", b.id}, {"start", b.span.start.ToString()}, {"end", b.span.end.ToString()}};
}

json StudentJson(Id id, const StudentName& name_of) {
  if (std::optional<std::string> name = name_of(id)) return {{"id", id}, {"name", *name}};
  return {{"name", "A student"}};
}

std::string NeedInWords(const schedule::Need& need) {
  std::string words = need.one_to_one ? "one-to-one support"
                      : need.safety   ? "health or safety support"
                                      : "adult support";
  if (!need.skills.empty()) {
    std::vector<std::string> skills;
    for (Skill skill : need.skills) skills.push_back(SkillInWords(skill));
    words += fmt::format(" ({})", fmt::join(skills, ", "));
  }
  return words;
}

std::string SlotInWords(const Problem& problem, const Slot& slot, const StudentName& name_of) {
  switch (slot.activity) {
    case Activity::kOff:
      return "off";
    case Activity::kFree:
      return "free";
    case Activity::kLunch:
      return "lunch";
    case Activity::kBreak:
      return "break";
    case Activity::kDataEntry:
      return "data entry";
    case Activity::kOtherDuty:
      return "other duty";
    case Activity::kSupport:
      break;
  }
  std::vector<std::string> names;
  for (int need : slot.needs) {
    names.push_back(StudentJson(problem.needs[At(need)].student_id, name_of)["name"]);
  }
  return fmt::format("with {} in {}", fmt::join(names, ", "), problem.rooms[At(slot.room)].name);
}

// The services `plan` gives fewer minutes in their setting than the week
// owes them (the IEP's minutes and any make-up owed): (service index,
// minutes given), the largest shortfall first.
std::vector<std::pair<std::size_t, std::int64_t>> ShortServices(const Problem& problem,
                                                                const Plan& plan) {
  const std::vector<std::int64_t> minutes = schedule::ServiceMinutes(problem, plan);
  std::vector<std::pair<std::size_t, std::int64_t>> short_of;
  for (std::size_t s = 0; s < problem.services.size(); ++s) {
    if (minutes[s] < problem.services[s].MinutesDue()) short_of.emplace_back(s, minutes[s]);
  }
  std::ranges::stable_sort(short_of, std::greater<>(), [&](const auto& entry) {
    return problem.services[entry.first].MinutesDue() - entry.second;
  });
  return short_of;
}

std::string Summary(const Problem& problem, const Plan& plan) {
  const schedule::Score score = schedule::Evaluate(problem, plan);
  // A school with no one-to-one or safety need is not told "0 of 0".
  const std::string one_to_one =
      score.one_to_one_or_safety_needs == 0
          ? std::string("no one-to-one or health or safety needs")
          : fmt::format("{} of {} one-to-one and health or safety needs covered",
                        score.one_to_one_or_safety_covered, score.one_to_one_or_safety_needs);
  return fmt::format(
      "This week: {}, {} of {} other adult-support needs covered, {} of {} IEP service minutes "
      "in their setting.",
      one_to_one, score.adult_support_covered, score.adult_support_needs, score.iep_minutes,
      score.iep_minutes_required);
}

}  // namespace

json StudentWeekOf(const WeekInForce& week, Id student_id) {
  const Problem& problem = week.schedule->problem;
  const Plan& plan = week.plan;
  const Date monday = week.schedule->stored.week;
  // When and where a need's block is, and who covers it.
  auto block_json = [&](int index) {
    const schedule::Need& need = problem.needs[At(index)];
    const schedule::Block& block = problem.blocks[At(need.block)];
    json item = BlockFields(problem, need.block);
    item["date"] = monday.AddDays(static_cast<int>(block.day) - 1).ToString();
    item["room"] = problem.rooms[At(need.room)].name;
    if (const int para = plan.cover[At(index)]; para >= 0) {
      item["staff_id"] = problem.paras[At(para)].id;
      item["staff_name"] = problem.paras[At(para)].name;
    }
    return item;
  };
  std::map<int, schedule::UncoveredReason> uncovered;
  for (const schedule::Uncovered& entry : plan.uncovered) uncovered[entry.need] = entry.reason;

  json services = json::array();
  const std::vector<schedule::ServiceShare> shares = schedule::ShareMinutes(problem, plan);
  for (std::size_t s = 0; s < problem.services.size(); ++s) {
    const schedule::ServiceNeed& service = problem.services[s];
    if (service.student_id != student_id) continue;
    json blocks = json::array();
    for (const auto& [need, minutes] : shares[s].needs) {
      json item = block_json(need);
      item["minutes"] = minutes;
      blocks.push_back(std::move(item));
    }
    services.push_back({{"service_id", service.id},
                        {"type", NameOf(service.type)},
                        {"setting", NameOf(service.setting)},
                        {"minutes_per_week", service.minutes_per_week},
                        {"makeup_minutes", service.makeup_minutes},
                        {"scheduled_minutes", shares[s].minutes},
                        {"blocks", std::move(blocks)}});
  }
  json support = json::array();
  for (std::size_t n = 0; n < problem.needs.size(); ++n) {
    const schedule::Need& need = problem.needs[n];
    if (need.student_id != student_id || need.support != SupportLevel::kAdultSupport) continue;
    json item = block_json(static_cast<int>(n));
    item["need"] = NeedInWords(need);
    if (auto reason = uncovered.find(static_cast<int>(n)); reason != uncovered.end()) {
      item["uncovered_reason"] = ReasonInWords(reason->second);
    }
    support.push_back(std::move(item));
  }
  return {{"student_id", student_id},
          {"week", monday.ToString()},
          {"schedule_id", week.schedule->stored.id},
          {"services", std::move(services)},
          {"adult_support", std::move(support)}};
}

std::string_view ReasonInWords(schedule::UncoveredReason reason) {
  switch (reason) {
    case schedule::UncoveredReason::kNoQualifiedPara:
      return "no para at work in this block has the skills and credentials it needs and may "
             "support this student";
    case schedule::UncoveredReason::kNoQualifiedParaFree:
      return "every qualified para is with other students or on lunch, break or data entry";
    case schedule::UncoveredReason::kGroupLimit:
      return "the qualified paras in the room are at their group limit or one-to-one";
  }
  return "";
}

std::vector<Id> StudentsOn(const LoadedSchedule& schedule, Date day,
                           const schedule::Plan* week_in_force) {
  const Problem& problem = schedule.problem;
  const auto weekday = static_cast<Weekday>(day.IsoWeekday());
  std::set<Id> students;
  for (const auto& [service, minutes] :
       ShortServices(problem, week_in_force ? *week_in_force : schedule.plan)) {
    students.insert(problem.services[service].student_id);
  }
  for (int block : BlocksOn(problem, weekday)) {
    for (std::size_t p = 0; p < problem.paras.size(); ++p) {
      for (int need : schedule.plan.slots[p][At(block)].needs) {
        students.insert(problem.needs[At(need)].student_id);
      }
      if (const Plan* before = schedule.ComparedTo()) {
        for (int need : before->slots[p][At(block)].needs) {
          students.insert(problem.needs[At(need)].student_id);
        }
      }
    }
  }
  for (const schedule::Uncovered& entry : schedule.plan.uncovered) {
    const schedule::Need& need = problem.needs[At(entry.need)];
    if (problem.blocks[At(need.block)].day == weekday) students.insert(need.student_id);
  }
  return {students.begin(), students.end()};
}

std::vector<Id> ParasChangedOn(const LoadedSchedule& replan, const schedule::Plan& week, Date day) {
  const Problem& problem = replan.problem;
  const auto weekday = static_cast<Weekday>(day.IsoWeekday());
  std::vector<Id> changed;
  for (std::size_t p = 0; p < problem.paras.size(); ++p) {
    const int para = static_cast<int>(p);
    if (replan.plan.IsAbsent(para, weekday)) continue;
    for (int block : BlocksOn(problem, weekday)) {
      if (!(replan.plan.slots[p][At(block)] == week.slots[p][At(block)])) {
        changed.push_back(problem.paras[p].id);
        break;
      }
    }
  }
  return changed;
}

std::vector<ParaSlot> ParaDayOf(const LoadedSchedule& schedule, Id para_id, Date day) {
  return ParaDayOf(schedule.problem, schedule.plan, para_id, day);
}

std::vector<ParaSlot> ParaDayOf(const Problem& problem, const schedule::Plan& plan, Id para_id,
                                Date day) {
  std::vector<ParaSlot> day_of;
  for (std::size_t p = 0; p < problem.paras.size(); ++p) {
    if (problem.paras[p].id != para_id) continue;
    for (int block : BlocksOn(problem, static_cast<Weekday>(day.IsoWeekday()))) {
      const Slot& slot = plan.slots[p][At(block)];
      if (slot.activity == Activity::kFree || slot.activity == Activity::kOff) continue;
      ParaSlot entry;
      entry.block = problem.blocks[At(block)].id;
      entry.span = problem.blocks[At(block)].span;
      entry.activity = slot.activity;
      if (slot.activity == Activity::kSupport) {
        const schedule::ScheduleRoom& room = problem.rooms[At(slot.room)];
        entry.room_id = room.id;
        entry.room = room.name;
        std::set<Id> students;
        for (int need : slot.needs) students.insert(problem.needs[At(need)].student_id);
        entry.student_ids.assign(students.begin(), students.end());
      }
      day_of.push_back(std::move(entry));
    }
  }
  std::ranges::stable_sort(day_of, {},
                           [](const ParaSlot& slot) { return slot.span.start.minutes; });
  return day_of;
}

json ViewOf(const LoadedSchedule& schedule, Date day, const StudentName& name_of,
            const schedule::Plan* week_in_force) {
  const Problem& problem = schedule.problem;
  const StoredSchedule& stored = schedule.stored;
  const auto weekday = static_cast<Weekday>(day.IsoWeekday());
  const std::vector<int> blocks = BlocksOn(problem, weekday);

  json view;
  view["id"] = stored.id;
  view["school_id"] = stored.school_id;
  view["status"] = NameOf(stored.status);
  view["kind"] = stored.day ? "replan" : "week";
  view["week"] = stored.week.ToString();
  view["date"] = day.ToString();
  if (stored.absent_staff_id) view["absent_staff_id"] = *stored.absent_staff_id;
  if (stored.returned_staff_id) view["returned_staff_id"] = *stored.returned_staff_id;
  if (stored.updated_from_id) view["updated_from_id"] = *stored.updated_from_id;
  // Every para away that day: a re-plan of a day that had one already keeps
  // the earlier absence, and leave known when the week was made counts too.
  std::set<Id> absent;
  for (const schedule::Absence& absence : schedule.plan.absences) {
    if (absence.day == weekday) absent.insert(problem.paras[At(absence.para)].id);
  }
  view["absent_staff_ids"] = absent;
  if (stored.base_id) view["base_id"] = *stored.base_id;
  const Plan& week = week_in_force ? *week_in_force : schedule.plan;
  view["summary"] = Summary(problem, week);
  view["short_services"] = json::array();
  // The weekdays each student is marked absent: a service short for an
  // absence is not short for want of a para.
  std::map<Id, std::set<Weekday>> days_absent;
  for (const schedule::Need& need : problem.needs) {
    if (need.absent) days_absent[need.student_id].insert(problem.blocks[At(need.block)].day);
  }
  for (const auto& [index, minutes] : ShortServices(problem, week)) {
    const schedule::ServiceNeed& service = problem.services[index];
    const json student = StudentJson(service.student_id, name_of);
    const auto away = days_absent.find(service.student_id);
    json item = {{"student_name", student["name"]},
                 {"service_id", service.id},
                 {"type", NameOf(service.type)},
                 {"setting", NameOf(service.setting)},
                 {"minutes_per_week", service.minutes_per_week},
                 {"makeup_minutes", service.makeup_minutes},
                 {"scheduled_minutes", minutes},
                 {"days_absent", away == days_absent.end() ? 0 : away->second.size()}};
    if (student.contains("id")) item["student_id"] = student["id"];
    view["short_services"].push_back(std::move(item));
  }

  view["blocks"] = json::array();
  for (int block : blocks) {
    json item = BlockFields(problem, block);
    item["id"] = item["block"];
    item.erase("block");
    view["blocks"].push_back(std::move(item));
  }
  view["paras"] = json::array();
  for (const schedule::Para& para : problem.paras) {
    view["paras"].push_back({{"id", para.id}, {"name", para.name}});
  }
  view["assignments"] = json::array();
  for (std::size_t p = 0; p < problem.paras.size(); ++p) {
    for (int block : blocks) {
      const Slot& slot = schedule.plan.slots[p][At(block)];
      if (slot.activity == Activity::kFree) continue;
      json item = BlockFields(problem, block);
      item["para_id"] = problem.paras[p].id;
      item["kind"] = NameOf(slot.activity);
      item["students"] = json::array();
      if (slot.activity == Activity::kSupport) {
        const schedule::ScheduleRoom& room = problem.rooms[At(slot.room)];
        item["room"] = {{"id", room.id}, {"name", room.name}};
        for (int need : slot.needs) {
          item["students"].push_back(StudentJson(problem.needs[At(need)].student_id, name_of));
        }
      }
      view["assignments"].push_back(std::move(item));
    }
  }
  view["uncovered"] = json::array();
  int adult_needs = 0;
  for (const schedule::Need& need : problem.needs) {
    if (need.support == SupportLevel::kAdultSupport &&
        problem.blocks[At(need.block)].day == weekday) {
      ++adult_needs;
    }
  }
  // On a re-plan, the needs the schedule it changes covered that day: those
  // left uncovered now are the absence's doing, the ones the coordinator
  // has to act on this morning. On a week's update, those the week it
  // updates covered.
  std::set<int> covered_before;
  if (const Plan* before = schedule.ComparedTo()) {
    for (const auto& para_slots : before->slots) {
      for (int block : blocks) {
        for (int need : para_slots[At(block)].needs) covered_before.insert(need);
      }
    }
  }
  int newly_uncovered = 0;
  for (const schedule::Uncovered& entry : schedule.plan.uncovered) {
    const schedule::Need& need = problem.needs[At(entry.need)];
    if (problem.blocks[At(need.block)].day != weekday) continue;
    json item = BlockFields(problem, need.block);
    item["skills"] = json::array();
    item["skill_names"] = json::array();
    for (Skill skill : need.skills) {
      item["skills"].push_back(NameOf(skill));
      item["skill_names"].push_back(SkillInWords(skill));
    }
    item["credentials"] = json::array();
    item["credential_names"] = json::array();
    for (CredentialKind credential : need.credentials) {
      item["credentials"].push_back(NameOf(credential));
      item["credential_names"].push_back(CredentialInWords(credential));
    }
    const bool newly = covered_before.contains(entry.need);
    item["newly_uncovered"] = newly;
    if (newly) ++newly_uncovered;
    const json student = StudentJson(need.student_id, name_of);
    if (student.contains("id")) item["student_id"] = student["id"];
    item["student_name"] = student["name"];
    item["need"] = NeedInWords(need);
    item["reason_code"] = NameOf(entry.reason);
    item["reason"] = ReasonInWords(entry.reason);
    view["uncovered"].push_back(std::move(item));
  }
  view["day"] = {{"adult_support_needs", adult_needs},
                 {"covered", adult_needs - static_cast<int>(view["uncovered"].size())},
                 {"newly_uncovered", newly_uncovered}};
  view["changes"] = json::array();
  if (const Plan* compared = schedule.ComparedTo()) {
    for (std::size_t p = 0; p < problem.paras.size(); ++p) {
      for (int block : blocks) {
        const Slot& before = compared->slots[p][At(block)];
        const Slot& after = schedule.plan.slots[p][At(block)];
        if (before == after) continue;
        json item = BlockFields(problem, block);
        item["para_id"] = problem.paras[p].id;
        item["para_name"] = problem.paras[p].name;
        item["before"] = SlotInWords(problem, before, name_of);
        item["after"] = SlotInWords(problem, after, name_of);
        view["changes"].push_back(std::move(item));
      }
    }
  }
  return view;
}

namespace {

// What makes students of one block share an adult: the same room and the
// same asks of the adult. A one-to-one student is a group alone (`alone`
// is their need's index, -1 otherwise).
struct GroupKey {
  int room = 0;
  std::vector<Skill> skills;
  std::vector<CredentialKind> credentials;
  int alone = -1;

  auto operator<=>(const GroupKey&) const = default;
};

GroupKey KeyOf(const schedule::Need& need, int index) {
  GroupKey key{need.room, need.skills, need.credentials, need.one_to_one ? index : -1};
  std::ranges::sort(key.skills);
  std::ranges::sort(key.credentials);
  return key;
}

}  // namespace

std::vector<Id> StudentsNeedingAnAdult(const Problem& problem, Date day) {
  const auto weekday = static_cast<Weekday>(day.IsoWeekday());
  std::set<Id> students;
  for (const schedule::Need& need : problem.needs) {
    if (need.support == SupportLevel::kAdultSupport &&
        problem.blocks[At(need.block)].day == weekday) {
      students.insert(need.student_id);
    }
  }
  return {students.begin(), students.end()};
}

json NeedsByBlock(const Problem& problem, const std::vector<schedule::Absence>& absences, Date day,
                  const StudentName& name_of) {
  const auto weekday = static_cast<Weekday>(day.IsoWeekday());
  std::set<int> away;
  for (const schedule::Absence& absence : absences) {
    if (absence.day == weekday) away.insert(absence.para);
  }
  json view = {{"date", day.ToString()}, {"blocks", json::array()}};
  int shareable = 0;
  std::map<int, std::vector<int>> needs_of;  // block -> its needs, read once
  for (std::size_t n = 0; n < problem.needs.size(); ++n) {
    if (problem.blocks[At(problem.needs[n].block)].day == weekday) {
      needs_of[problem.needs[n].block].push_back(static_cast<int>(n));
    }
  }
  for (int block : BlocksOn(problem, weekday)) {
    std::map<SupportLevel, int> counts;
    int absent = 0;
    std::map<GroupKey, std::vector<int>> groups;  // -> need indices
    for (int n : needs_of[block]) {
      const schedule::Need& need = problem.needs[At(n)];
      if (need.absent) {
        ++absent;
        continue;
      }
      ++counts[need.support];
      if (need.support == SupportLevel::kAdultSupport) {
        groups[KeyOf(need, n)].push_back(n);
      }
    }
    json item = BlockFields(problem, block);
    item["counts"] = {{"adult_support", counts[SupportLevel::kAdultSupport]},
                      {"peer_support", counts[SupportLevel::kPeerSupport]},
                      {"teacher_support", counts[SupportLevel::kTeacherSupport]},
                      {"independent", counts[SupportLevel::kIndependent]},
                      {"absent", absent}};
    item["groups"] = json::array();
    for (const auto& [key, needs] : groups) {
      const schedule::ScheduleRoom& room = problem.rooms[At(key.room)];
      json group = {{"room", {{"id", room.id}, {"name", room.name}}},
                    {"one_to_one", key.alone >= 0},
                    {"safety", std::ranges::any_of(
                                   needs, [&](int n) { return problem.needs[At(n)].safety; })},
                    {"skills", json::array()},
                    {"skill_names", json::array()},
                    {"credentials", json::array()},
                    {"credential_names", json::array()},
                    {"students", json::array()}};
      for (Skill skill : key.skills) {
        group["skills"].push_back(NameOf(skill));
        group["skill_names"].push_back(SkillInWords(skill));
      }
      for (CredentialKind credential : key.credentials) {
        group["credentials"].push_back(NameOf(credential));
        group["credential_names"].push_back(CredentialInWords(credential));
      }
      for (int n : needs)
        group["students"].push_back(StudentJson(problem.needs[At(n)].student_id, name_of));
      int qualified = 0;
      for (std::size_t p = 0; p < problem.paras.size(); ++p) {
        const schedule::Para& para = problem.paras[p];
        if (away.contains(static_cast<int>(p)) ||
            !schedule::Works(para, problem.blocks[At(block)])) {
          continue;
        }
        if (std::ranges::all_of(
                needs, [&](int n) { return schedule::Qualifies(para, problem.needs[At(n)]); })) {
          ++qualified;
        }
      }
      group["qualified_paras"] = qualified;
      if (needs.size() > 1) ++shareable;
      item["groups"].push_back(std::move(group));
    }
    view["blocks"].push_back(std::move(item));
  }
  view["shareable_groups"] = shareable;
  return view;
}

}  // namespace paraplan::scheduling
