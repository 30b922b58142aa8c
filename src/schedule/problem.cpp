#include "schedule/problem.h"

#include <algorithm>
#include <array>
#include <map>
#include <set>

#include <fmt/format.h>

namespace paraplan::schedule {
namespace {

template <typename T>
bool Contains(const std::vector<T>& values, T value) {
  return std::find(values.begin(), values.end(), value) != values.end();
}

bool ValidSpan(const TimeSpan& span) {
  return span.start.IsValid() && span.end.IsValid() && span.start < span.end;
}

// Whether each required duty of the para can get its own block among
// `blocks` (at most three duties: trying every assignment is cheap).
bool DutiesFit(const Problem& problem, const Para& para, const std::vector<int>& blocks) {
  std::vector<Duty> required;
  for (DutyKind kind : {DutyKind::kLunch, DutyKind::kBreak, DutyKind::kDataEntry}) {
    Duty duty = DutyOf(para, kind);
    if (duty.minutes > 0) required.push_back(duty);
  }
  std::vector<int> working;
  for (int block : blocks) {
    if (Works(para, problem.blocks[static_cast<std::size_t>(block)])) working.push_back(block);
  }
  std::vector<int> used;
  auto place = [&](auto&& self, std::size_t index) -> bool {
    if (index == required.size()) return true;
    for (int block : working) {
      if (Contains(used, block)) continue;
      if (!Fits(required[index], problem.blocks[static_cast<std::size_t>(block)])) continue;
      used.push_back(block);
      if (self(self, index + 1)) return true;
      used.pop_back();
    }
    return false;
  };
  return place(place, 0);
}

}  // namespace

bool Qualifies(const Para& para, const Need& need) {
  if (Contains(para.kept_apart, need.student_id)) return false;
  for (Skill skill : need.skills) {
    if (!Contains(para.skills, skill)) return false;
  }
  for (CredentialKind credential : need.credentials) {
    if (!Contains(para.credentials, credential)) return false;
  }
  return true;
}

bool Works(const Para& para, const Block& block) {
  return para.hours.start <= block.span.start && block.span.end <= para.hours.end;
}

bool Fits(const Duty& duty, const Block& block) {
  return duty.window.start <= block.span.start && block.span.end <= duty.window.end &&
         block.span.Minutes() >= duty.minutes;
}

Duty DutyOf(const Para& para, DutyKind kind) {
  switch (kind) {
    case DutyKind::kLunch:
      return para.lunch;
    case DutyKind::kBreak:
      return para.rest;
    case DutyKind::kDataEntry:
      return Duty{para.data_entry_minutes, para.hours};
  }
  return {};
}

std::vector<std::vector<int>> BlocksByDay(const Problem& problem) {
  std::map<Weekday, std::vector<int>> by_day;
  for (std::size_t i = 0; i < problem.blocks.size(); ++i) {
    by_day[problem.blocks[i].day].push_back(static_cast<int>(i));
  }
  std::vector<std::vector<int>> days;
  for (auto& [day, blocks] : by_day) {
    std::sort(blocks.begin(), blocks.end(), [&](int a, int b) {
      return problem.blocks[static_cast<std::size_t>(a)].span.start <
             problem.blocks[static_cast<std::size_t>(b)].span.start;
    });
    days.push_back(std::move(blocks));
  }
  return days;
}

std::vector<FieldProblem> Validate(const Problem& problem) {
  std::vector<FieldProblem> problems;
  auto add = [&](std::string field, std::string reason) {
    problems.push_back({std::move(field), std::move(reason)});
  };
  std::set<std::string> block_ids;
  for (std::size_t i = 0; i < problem.blocks.size(); ++i) {
    const Block& block = problem.blocks[i];
    if (block.id.empty()) add(fmt::format("blocks[{}].id", i), "is required");
    if (!block_ids.insert(block.id).second) {
      add(fmt::format("blocks[{}].id", i), "repeats another block's id");
    }
    if (!ValidSpan(block.span)) add(fmt::format("blocks[{}].end", i), "must be after start");
  }
  for (const auto& day : BlocksByDay(problem)) {
    for (std::size_t k = 1; k < day.size(); ++k) {
      const Block& before = problem.blocks[static_cast<std::size_t>(day[k - 1])];
      const Block& after = problem.blocks[static_cast<std::size_t>(day[k])];
      if (before.span.Overlaps(after.span)) {
        add(fmt::format("blocks[{}].start", day[k]), fmt::format("overlaps block {}", before.id));
      }
    }
  }
  std::set<Id> room_ids;
  for (std::size_t i = 0; i < problem.rooms.size(); ++i) {
    if (!room_ids.insert(problem.rooms[i].id).second) {
      add(fmt::format("rooms[{}].id", i), "repeats another room's id");
    }
  }
  std::set<Id> para_ids;
  for (std::size_t i = 0; i < problem.paras.size(); ++i) {
    const Para& para = problem.paras[i];
    const std::string at = fmt::format("paras[{}]", i);
    if (!para_ids.insert(para.id).second) add(at + ".id", "repeats another para's id");
    if (!ValidSpan(para.hours)) add(at + ".hours.end", "must be after start");
    if (para.max_students < 1) add(at + ".max_students", "must be at least 1");
    if (para.data_entry_minutes < 0) add(at + ".data_entry_minutes", "must not be negative");
    for (std::size_t k = 0; k < para.kept_apart.size(); ++k) {
      if (para.kept_apart[k] <= 0) add(fmt::format("{}.keep_apart[{}]", at, k), "must be a student id");
    }
    for (auto [name, duty] : {std::pair{"lunch", para.lunch}, std::pair{"break", para.rest}}) {
      if (duty.minutes < 0) add(fmt::format("{}.{}.minutes", at, name), "must not be negative");
      if (duty.minutes > 0 && !ValidSpan(duty.window)) {
        add(fmt::format("{}.{}.window_end", at, name), "must be after window_start");
      }
    }
    for (const auto& day : BlocksByDay(problem)) {
      const bool works_that_day = std::any_of(day.begin(), day.end(), [&](int block) {
        return Works(para, problem.blocks[static_cast<std::size_t>(block)]);
      });
      if (works_that_day && !DutiesFit(problem, para, day)) {
        add(at + ".lunch",
            fmt::format("lunch, break and data entry cannot each get a block of their length "
                        "inside their windows on {}",
                        problem.blocks[static_cast<std::size_t>(day.front())].id));
      }
    }
  }
  std::set<std::pair<Id, int>> student_blocks;
  for (std::size_t i = 0; i < problem.needs.size(); ++i) {
    const Need& need = problem.needs[i];
    const std::string at = fmt::format("needs[{}]", i);
    if (need.block < 0 || static_cast<std::size_t>(need.block) >= problem.blocks.size()) {
      add(at + ".block", "is not a block of the problem");
    }
    if (need.room < 0 || static_cast<std::size_t>(need.room) >= problem.rooms.size()) {
      add(at + ".room", "is not a room of the problem");
    }
    if (!student_blocks.insert({need.student_id, need.block}).second) {
      add(at + ".block", "the student already has a need in this block");
    }
    if (need.support != SupportLevel::kAdultSupport && (need.one_to_one || need.safety)) {
      add(at + ".support", "must be adult_support for a one-to-one or safety block");
    }
  }
  for (std::size_t i = 0; i < problem.services.size(); ++i) {
    const ServiceNeed& service = problem.services[i];
    const std::string at = fmt::format("services[{}]", i);
    if (service.minutes_per_week < 0) add(at + ".minutes_per_week", "must not be negative");
    if (service.makeup_minutes < 0) add(at + ".makeup_minutes", "must not be negative");
    for (std::size_t k = 0; k < service.needs.size(); ++k) {
      const int index = service.needs[k];
      if (index < 0 || static_cast<std::size_t>(index) >= problem.needs.size()) {
        add(fmt::format("{}.blocks[{}]", at, k), "is not a need of the problem");
        continue;
      }
      const Need& need = problem.needs[static_cast<std::size_t>(index)];
      if (need.student_id != service.student_id) {
        add(fmt::format("{}.blocks[{}]", at, k), "belongs to another student");
      } else if (need.support != SupportLevel::kAdultSupport) {
        add(fmt::format("{}.blocks[{}]", at, k),
            "is not an adult-support block of the student: a para cannot deliver the service "
            "there");
      }
    }
  }
  return problems;
}

}  // namespace paraplan::schedule
