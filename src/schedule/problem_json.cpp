#include "schedule/problem_json.h"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <map>

#include "domain/enums.h"

namespace paraplan::schedule {
namespace {

using nlohmann::json;

constexpr std::array<std::pair<Weekday, std::string_view>, 7> kWeekdayNames{{
    {Weekday::kMonday, "monday"},
    {Weekday::kTuesday, "tuesday"},
    {Weekday::kWednesday, "wednesday"},
    {Weekday::kThursday, "thursday"},
    {Weekday::kFriday, "friday"},
    {Weekday::kSaturday, "saturday"},
    {Weekday::kSunday, "sunday"},
}};

template <typename E>
std::string Choices() {
  std::string list;
  for (const auto& [value, name] : EnumNames<E>::kNames) {
    list += list.empty() ? "" : ", ";
    list += name;
  }
  return list;
}

// One JSON object being read, with its path for problems. Missing optional
// fields keep the value they had.
class Node {
 public:
  Node(const json& value, std::string path, std::vector<FieldProblem>& problems)
      : value_(value), path_(std::move(path)), problems_(problems) {
    if (!value_.is_object())
      problems_.push_back({path_.empty() ? "$" : path_, "must be an object"});
  }

  void Problem(std::string_view field, std::string reason) {
    problems_.push_back({Path(field), std::move(reason)});
  }
  std::string Path(std::string_view field) const {
    return path_.empty() ? std::string(field) : fmt::format("{}.{}", path_, field);
  }

  void RefuseUnknown(std::initializer_list<std::string_view> known) {
    if (!value_.is_object()) return;
    for (const auto& [name, item] : value_.items()) {
      if (std::find(known.begin(), known.end(), name) == known.end()) {
        Problem(name, "is not a known field");
      }
    }
  }

  const json* Find(std::string_view field, bool required) {
    if (value_.is_object() && value_.contains(field) && !value_.at(field).is_null()) {
      return &value_.at(field);
    }
    if (required && value_.is_object()) Problem(field, "is required");
    return nullptr;
  }

  void Int(std::string_view field, std::int64_t& out, bool required) {
    const json* item = Find(field, required);
    if (item == nullptr) return;
    if (!item->is_number_integer()) return Problem(field, "must be a whole number");
    out = item->get<std::int64_t>();
  }
  void Int(std::string_view field, int& out, bool required) {
    std::int64_t wide = out;
    Int(field, wide, required);
    if (wide < -1'000'000'000 || wide > 1'000'000'000) return Problem(field, "is out of range");
    out = static_cast<int>(wide);
  }
  void Bool(std::string_view field, bool& out) {
    const json* item = Find(field, false);
    if (item == nullptr) return;
    if (!item->is_boolean()) return Problem(field, "must be true or false");
    out = item->get<bool>();
  }
  void Text(std::string_view field, std::string& out, bool required) {
    const json* item = Find(field, required);
    if (item == nullptr) return;
    if (!item->is_string()) return Problem(field, "must be a string");
    out = item->get<std::string>();
  }
  void Clock(std::string_view field, TimeOfDay& out, bool required) {
    const json* item = Find(field, required);
    if (item == nullptr) return;
    std::optional<TimeOfDay> time;
    if (item->is_string()) time = TimeOfDay::Parse(item->get<std::string>());
    if (!time) return Problem(field, "must be a time of day (HH:MM)");
    out = *time;
  }
  template <typename E>
  void Enum(std::string_view field, E& out, bool required) {
    const json* item = Find(field, required);
    if (item == nullptr) return;
    std::optional<E> parsed;
    if (item->is_string()) parsed = ParseEnum<E>(item->get<std::string>());
    if (!parsed) return Problem(field, fmt::format("must be one of {}", Choices<E>()));
    out = *parsed;
  }
  template <typename E>
  void Enums(std::string_view field, std::vector<E>& out) {
    const json* item = Find(field, false);
    if (item == nullptr) return;
    if (!item->is_array()) return Problem(field, "must be a list");
    out.clear();
    for (std::size_t i = 0; i < item->size(); ++i) {
      std::optional<E> parsed;
      if ((*item)[i].is_string()) parsed = ParseEnum<E>((*item)[i].get<std::string>());
      if (!parsed) {
        Problem(fmt::format("{}[{}]", field, i), fmt::format("must be one of {}", Choices<E>()));
        continue;
      }
      out.push_back(*parsed);
    }
  }
  // Calls read(Node&, index) for each object of the list.
  template <typename ReadItem>
  void Each(std::string_view field, bool required, ReadItem read) {
    const json* item = Find(field, required);
    if (item == nullptr) return;
    if (!item->is_array()) return Problem(field, "must be a list");
    for (std::size_t i = 0; i < item->size(); ++i) {
      Node nested((*item)[i], fmt::format("{}[{}]", Path(field), i), problems_);
      read(nested, i);
    }
  }
  // Reads a nested object.
  template <typename ReadItem>
  void Object(std::string_view field, bool required, ReadItem read) {
    const json* item = Find(field, required);
    if (item == nullptr) return;
    Node nested(*item, Path(field), problems_);
    read(nested);
  }

 private:
  const json& value_;
  std::string path_;
  std::vector<FieldProblem>& problems_;
};

void ReadDuty(Node& node, Duty& duty) {
  node.RefuseUnknown({"minutes", "window_start", "window_end"});
  node.Int("minutes", duty.minutes, true);
  node.Clock("window_start", duty.window.start, duty.minutes > 0);
  node.Clock("window_end", duty.window.end, duty.minutes > 0);
}

json DutyToJson(const Duty& duty) {
  return {{"minutes", duty.minutes},
          {"window_start", duty.window.start.ToString()},
          {"window_end", duty.window.end.ToString()}};
}

template <typename E>
json Names(const std::vector<E>& values) {
  json list = json::array();
  for (E value : values) list.push_back(std::string(paraplan::NameOf(value)));
  return list;
}

}  // namespace

std::string_view WeekdayName(Weekday day) {
  for (const auto& [candidate, name] : kWeekdayNames) {
    if (candidate == day) return name;
  }
  return "unknown";
}

std::optional<Weekday> ParseWeekday(std::string_view name) {
  for (const auto& [candidate, candidate_name] : kWeekdayNames) {
    if (candidate_name == name) return candidate;
  }
  return std::nullopt;
}

Result<Problem> ProblemFromJson(const json& root) {
  std::vector<FieldProblem> problems;
  Problem problem;
  Node top(root, "", problems);
  top.RefuseUnknown({"school_id", "weights", "blocks", "rooms", "paras", "students", "services"});
  top.Int("school_id", problem.school_id, false);
  top.Object("weights", false, [&](Node& node) {
    Weights& w = problem.weights;
    node.RefuseUnknown({"one_to_one_or_safety", "adult_support", "iep_minute", "continuity",
                        "room_change", "max_load"});
    node.Int("one_to_one_or_safety", w.one_to_one_or_safety, false);
    node.Int("adult_support", w.adult_support, false);
    node.Int("iep_minute", w.iep_minute, false);
    node.Int("continuity", w.continuity, false);
    node.Int("room_change", w.room_change, false);
    node.Int("max_load", w.max_load, false);
  });
  std::map<std::string, int> block_of;
  top.Each("blocks", true, [&](Node& node, std::size_t i) {
    Block block;
    node.RefuseUnknown({"id", "day", "start", "end"});
    node.Text("id", block.id, true);
    std::string day;
    node.Text("day", day, true);
    if (auto parsed = ParseWeekday(day)) {
      block.day = *parsed;
    } else if (!day.empty()) {
      node.Problem("day", "must be a weekday name (monday ... sunday)");
    }
    node.Clock("start", block.span.start, true);
    node.Clock("end", block.span.end, true);
    block_of.emplace(block.id, static_cast<int>(i));
    problem.blocks.push_back(std::move(block));
  });
  std::map<Id, int> room_of;
  top.Each("rooms", true, [&](Node& node, std::size_t i) {
    ScheduleRoom room;
    node.RefuseUnknown({"id", "name", "setting"});
    node.Int("id", room.id, true);
    node.Text("name", room.name, false);
    node.Enum("setting", room.setting, true);
    room_of.emplace(room.id, static_cast<int>(i));
    problem.rooms.push_back(std::move(room));
  });
  top.Each("paras", true, [&](Node& node, std::size_t) {
    Para para;
    node.RefuseUnknown({"id", "name", "start", "end", "lunch", "break", "data_entry_minutes",
                        "skills", "credentials", "max_students", "keep_apart"});
    node.Int("id", para.id, true);
    node.Text("name", para.name, false);
    node.Clock("start", para.hours.start, true);
    node.Clock("end", para.hours.end, true);
    node.Object("lunch", false, [&](Node& duty) { ReadDuty(duty, para.lunch); });
    node.Object("break", false, [&](Node& duty) { ReadDuty(duty, para.rest); });
    node.Int("data_entry_minutes", para.data_entry_minutes, false);
    node.Enums("skills", para.skills);
    node.Enums("credentials", para.credentials);
    node.Int("max_students", para.max_students, false);
    if (const json* apart = node.Find("keep_apart", false)) {
      if (!apart->is_array()) {
        node.Problem("keep_apart", "must be a list of student ids");
      } else {
        for (std::size_t k = 0; k < apart->size(); ++k) {
          if ((*apart)[k].is_number_integer() && (*apart)[k].get<Id>() > 0) {
            para.kept_apart.push_back((*apart)[k].get<Id>());
          } else {
            node.Problem(fmt::format("keep_apart[{}]", k), "must be a student id");
          }
        }
      }
    }
    problem.paras.push_back(std::move(para));
  });
  std::map<std::pair<Id, std::string>, int> need_of;
  top.Each("students", true, [&](Node& node, std::size_t) {
    Id student = 0;
    node.RefuseUnknown({"id", "name", "blocks"});
    node.Int("id", student, true);
    node.Each("blocks", true, [&](Node& item, std::size_t) {
      Need need;
      need.student_id = student;
      item.RefuseUnknown(
          {"block", "room", "support", "skills", "credentials", "one_to_one", "safety", "absent"});
      std::string block;
      item.Text("block", block, true);
      if (auto found = block_of.find(block); found != block_of.end()) {
        need.block = found->second;
      } else if (!block.empty()) {
        item.Problem("block", "is not the id of a block");
      }
      Id room = 0;
      item.Int("room", room, true);
      if (auto found = room_of.find(room); found != room_of.end()) {
        need.room = found->second;
      } else {
        item.Problem("room", "is not the id of a room");
      }
      item.Enum("support", need.support, true);
      item.Enums("skills", need.skills);
      item.Enums("credentials", need.credentials);
      item.Bool("one_to_one", need.one_to_one);
      item.Bool("safety", need.safety);
      item.Bool("absent", need.absent);
      if (need.absent && need.support == SupportLevel::kAdultSupport) {
        item.Problem("absent",
                     "a student absent that day needs no adult: support must not be adult_support");
      }
      if (!need_of.emplace(std::pair{student, block}, static_cast<int>(problem.needs.size()))
               .second) {
        item.Problem("block", "the student already has this block");
      }
      problem.needs.push_back(std::move(need));
    });
  });
  top.Each("services", false, [&](Node& node, std::size_t) {
    ServiceNeed service;
    node.RefuseUnknown({"id", "student", "type", "minutes_per_week", "makeup_minutes", "setting",
                        "blocks", "supervisor"});
    node.Int("id", service.id, true);
    node.Int("student", service.student_id, true);
    node.Enum("type", service.type, true);
    node.Int("minutes_per_week", service.minutes_per_week, true);
    node.Int("makeup_minutes", service.makeup_minutes, false);
    node.Enum("setting", service.setting, true);
    std::int64_t supervisor = 0;
    node.Int("supervisor", supervisor, false);
    if (supervisor != 0) service.supervisor_id = supervisor;
    if (const json* blocks = node.Find("blocks", true)) {
      if (!blocks->is_array()) {
        node.Problem("blocks", "must be a list of block ids");
      } else {
        for (std::size_t i = 0; i < blocks->size(); ++i) {
          const json& block = (*blocks)[i];
          auto found = block.is_string()
                           ? need_of.find({service.student_id, block.get<std::string>()})
                           : need_of.end();
          if (found == need_of.end()) {
            node.Problem(fmt::format("blocks[{}]", i), "is not a block listed for the student");
            continue;
          }
          service.needs.push_back(found->second);
        }
      }
    }
    problem.services.push_back(std::move(service));
  });
  if (problems.empty()) problems = Validate(problem);
  if (!problems.empty()) {
    return Fail(Error::Invalid("the scheduling problem is not valid", std::move(problems)));
  }
  return problem;
}

Result<Problem> ParseProblem(std::string_view text) {
  json root = json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (root.is_discarded()) {
    return Fail(Error::Invalid("the problem is not JSON", {{"$", "is not valid JSON"}}));
  }
  return ProblemFromJson(root);
}

json ProblemToJson(const Problem& problem) {
  json root;
  root["school_id"] = problem.school_id;
  const Weights& w = problem.weights;
  root["weights"] = {{"one_to_one_or_safety", w.one_to_one_or_safety},
                     {"adult_support", w.adult_support},
                     {"iep_minute", w.iep_minute},
                     {"continuity", w.continuity},
                     {"room_change", w.room_change},
                     {"max_load", w.max_load}};
  root["blocks"] = json::array();
  for (const Block& block : problem.blocks) {
    root["blocks"].push_back({{"id", block.id},
                              {"day", WeekdayName(block.day)},
                              {"start", block.span.start.ToString()},
                              {"end", block.span.end.ToString()}});
  }
  root["rooms"] = json::array();
  for (const ScheduleRoom& room : problem.rooms) {
    root["rooms"].push_back(
        {{"id", room.id}, {"name", room.name}, {"setting", paraplan::NameOf(room.setting)}});
  }
  root["paras"] = json::array();
  for (const Para& para : problem.paras) {
    json item = {{"id", para.id},
                 {"name", para.name},
                 {"start", para.hours.start.ToString()},
                 {"end", para.hours.end.ToString()},
                 {"data_entry_minutes", para.data_entry_minutes},
                 {"skills", Names(para.skills)},
                 {"credentials", Names(para.credentials)},
                 {"max_students", para.max_students}};
    if (para.lunch.minutes > 0) item["lunch"] = DutyToJson(para.lunch);
    if (para.rest.minutes > 0) item["break"] = DutyToJson(para.rest);
    if (!para.kept_apart.empty()) item["keep_apart"] = para.kept_apart;
    root["paras"].push_back(std::move(item));
  }
  std::map<Id, std::size_t> student_at;
  root["students"] = json::array();
  for (const Need& need : problem.needs) {
    auto [it, inserted] = student_at.try_emplace(need.student_id, root["students"].size());
    if (inserted) root["students"].push_back({{"id", need.student_id}, {"blocks", json::array()}});
    json item = {{"block", problem.blocks[At(need.block)].id},
                 {"room", problem.rooms[At(need.room)].id},
                 {"support", paraplan::NameOf(need.support)}};
    if (!need.skills.empty()) item["skills"] = Names(need.skills);
    if (!need.credentials.empty()) item["credentials"] = Names(need.credentials);
    if (need.one_to_one) item["one_to_one"] = true;
    if (need.safety) item["safety"] = true;
    if (need.absent) item["absent"] = true;
    root["students"][it->second]["blocks"].push_back(std::move(item));
  }
  root["services"] = json::array();
  for (const ServiceNeed& service : problem.services) {
    json blocks = json::array();
    for (int need : service.needs)
      blocks.push_back(problem.blocks[At(problem.needs[At(need)].block)].id);
    json item = {{"id", service.id},
                 {"student", service.student_id},
                 {"type", paraplan::NameOf(service.type)},
                 {"minutes_per_week", service.minutes_per_week},
                 {"setting", paraplan::NameOf(service.setting)},
                 {"blocks", std::move(blocks)}};
    if (service.makeup_minutes != 0) item["makeup_minutes"] = service.makeup_minutes;
    if (service.supervisor_id) item["supervisor"] = *service.supervisor_id;
    root["services"].push_back(std::move(item));
  }
  return root;
}

namespace {

json SlotToJson(const Problem& problem, int block, const Slot& slot) {
  json item = {{"block", problem.blocks[At(block)].id}, {"activity", NameOf(slot.activity)}};
  if (slot.activity == Activity::kSupport) {
    item["room"] = problem.rooms[At(slot.room)].id;
    json students = json::array();
    for (int need : slot.needs) students.push_back(problem.needs[At(need)].student_id);
    item["students"] = std::move(students);
  }
  return item;
}

}  // namespace

json PlanToJson(const Problem& problem, const Plan& plan) {
  const Score score = Evaluate(problem, plan);
  json root;
  root["school_id"] = problem.school_id;
  root["objective"] = {{"total", score.total},
                       {"one_to_one_or_safety_covered", score.one_to_one_or_safety_covered},
                       {"one_to_one_or_safety_needs", score.one_to_one_or_safety_needs},
                       {"adult_support_covered", score.adult_support_covered},
                       {"adult_support_needs", score.adult_support_needs},
                       {"iep_minutes", score.iep_minutes},
                       {"iep_minutes_required", score.iep_minutes_required},
                       {"student_para_pairs", score.student_para_pairs},
                       {"room_changes", score.room_changes},
                       {"max_load", score.max_load}};
  root["absences"] = json::array();
  for (const Absence& absence : plan.absences) {
    root["absences"].push_back(
        {{"para", problem.paras[At(absence.para)].id}, {"day", WeekdayName(absence.day)}});
  }
  root["paras"] = json::array();
  for (std::size_t p = 0; p < problem.paras.size(); ++p) {
    json blocks = json::array();
    for (std::size_t b = 0; b < problem.blocks.size(); ++b) {
      blocks.push_back(SlotToJson(problem, static_cast<int>(b), plan.slots[p][b]));
    }
    root["paras"].push_back({{"id", problem.paras[p].id}, {"blocks", std::move(blocks)}});
  }
  root["coverage"] = json::array();
  for (std::size_t n = 0; n < problem.needs.size(); ++n) {
    if (plan.cover[n] < 0) continue;
    const Need& need = problem.needs[n];
    json item = {{"student", need.student_id},
                 {"block", problem.blocks[At(need.block)].id},
                 {"para", problem.paras[At(plan.cover[n])].id}};
    for (const ServiceNeed& service : problem.services) {
      if (std::find(service.needs.begin(), service.needs.end(), static_cast<int>(n)) ==
          service.needs.end()) {
        continue;
      }
      item["service"] = service.id;
      if (service.supervisor_id) item["supervisor"] = *service.supervisor_id;
      break;
    }
    root["coverage"].push_back(std::move(item));
  }
  root["uncovered"] = json::array();
  for (const Uncovered& entry : plan.uncovered) {
    const Need& need = problem.needs[At(entry.need)];
    root["uncovered"].push_back({{"student", need.student_id},
                                 {"block", problem.blocks[At(need.block)].id},
                                 {"reason", NameOf(entry.reason)}});
  }
  return root;
}

Result<Plan> PlanFromJson(const Problem& problem, const json& root) {
  std::vector<FieldProblem> problems;
  std::map<Id, int> para_of, room_of;
  std::map<std::string, int> block_of;
  std::map<std::pair<Id, int>, int> need_of;
  for (std::size_t p = 0; p < problem.paras.size(); ++p)
    para_of[problem.paras[p].id] = static_cast<int>(p);
  for (std::size_t r = 0; r < problem.rooms.size(); ++r)
    room_of[problem.rooms[r].id] = static_cast<int>(r);
  for (std::size_t b = 0; b < problem.blocks.size(); ++b)
    block_of[problem.blocks[b].id] = static_cast<int>(b);
  for (std::size_t n = 0; n < problem.needs.size(); ++n) {
    need_of[{problem.needs[n].student_id, problem.needs[n].block}] = static_cast<int>(n);
  }
  Plan plan;
  plan.slots.assign(problem.paras.size(), std::vector<Slot>(problem.blocks.size()));
  Node top(root, "", problems);
  top.Each("absences", false, [&](Node& node, std::size_t) {
    Id para = 0;
    std::string day;
    node.Int("para", para, true);
    node.Text("day", day, true);
    auto found = para_of.find(para);
    auto weekday = ParseWeekday(day);
    if (found == para_of.end()) return node.Problem("para", "is not a para of the problem");
    if (!weekday) return node.Problem("day", "must be a weekday name (monday ... sunday)");
    plan.absences.push_back({found->second, *weekday});
  });
  top.Each("paras", true, [&](Node& node, std::size_t) {
    Id id = 0;
    node.Int("id", id, true);
    auto para = para_of.find(id);
    if (para == para_of.end()) return node.Problem("id", "is not a para of the problem");
    node.Each("blocks", true, [&](Node& item, std::size_t) {
      std::string block_id, activity_name;
      item.Text("block", block_id, true);
      item.Text("activity", activity_name, true);
      auto block = block_of.find(block_id);
      if (block == block_of.end()) return item.Problem("block", "is not the id of a block");
      auto activity = ParseActivity(activity_name);
      if (!activity) return item.Problem("activity", "is not a known activity");
      Slot& slot = plan.slots[At(para->second)][At(block->second)];
      slot.activity = *activity;
      if (*activity != Activity::kSupport) return;
      Id room = 0;
      item.Int("room", room, true);
      if (auto found = room_of.find(room); found != room_of.end()) {
        slot.room = found->second;
      } else {
        item.Problem("room", "is not the id of a room");
      }
      if (const json* students = item.Find("students", true); students && students->is_array()) {
        for (std::size_t i = 0; i < students->size(); ++i) {
          auto need = (*students)[i].is_number_integer()
                          ? need_of.find({(*students)[i].get<Id>(), block->second})
                          : need_of.end();
          if (need == need_of.end()) {
            item.Problem(fmt::format("students[{}]", i), "has no need in this block");
            continue;
          }
          slot.needs.push_back(need->second);
        }
      }
    });
  });
  if (!problems.empty()) return Fail(Error::Invalid("the plan is not valid", std::move(problems)));
  ExplainUncovered(problem, plan);
  return plan;
}

json ReplanToJson(const Problem& problem, const Replan& replan) {
  json root;
  root["plan"] = PlanToJson(problem, replan.plan);
  root["recovered"] = replan.recovered;
  root["lost"] = replan.lost;
  root["changes"] = json::array();
  for (const Change& change : replan.changes) {
    root["changes"].push_back({{"para", problem.paras[At(change.para)].id},
                               {"block", problem.blocks[At(change.block)].id},
                               {"before", SlotToJson(problem, change.block, change.before)},
                               {"after", SlotToJson(problem, change.block, change.after)}});
  }
  root["uncovered"] = json::array();
  for (const Uncovered& entry : replan.uncovered) {
    const Need& need = problem.needs[At(entry.need)];
    root["uncovered"].push_back({{"student", need.student_id},
                                 {"block", problem.blocks[At(need.block)].id},
                                 {"reason", NameOf(entry.reason)}});
  }
  return root;
}

}  // namespace paraplan::schedule
