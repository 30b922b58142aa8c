// Small hand-made scheduling problems: one day of blocks, rooms of each
// setting, and helpers to add paras and needs in one line.
#pragma once

#include <vector>

#include "schedule/problem.h"

namespace paraplan::schedule::testing {

// `blocks` blocks of 50 minutes from 08:00 on Monday, ids "mon-1"...; rooms
// 0 and 1 are general education classrooms, room 2 a resource room.
inline Problem Day(int blocks) {
  Problem problem;
  problem.school_id = 1;
  for (int b = 0; b < blocks; ++b) {
    const int start = 8 * 60 + 60 * b;
    problem.blocks.push_back({"mon-" + std::to_string(b + 1), Weekday::kMonday,
                              {TimeOfDay{start}, TimeOfDay{start + 50}}});
  }
  problem.rooms = {{101, "Room 1", Setting::kGeneralEducationClassroom},
                   {102, "Room 2", Setting::kGeneralEducationClassroom},
                   {103, "Resource room", Setting::kSpecialEducationSetting}};
  return problem;
}

// A para working the whole day with no duties unless given; returns its index.
inline int AddPara(Problem& problem, std::vector<Skill> skills = {}, int max_students = 3) {
  Para para;
  para.id = 500 + static_cast<Id>(problem.paras.size());
  para.name = "Para " + std::to_string(problem.paras.size() + 1);
  para.hours = {TimeOfDay::At(7, 30), TimeOfDay::At(17, 0)};
  para.data_entry_minutes = 0;
  para.skills = std::move(skills);
  para.max_students = max_students;
  problem.paras.push_back(std::move(para));
  return static_cast<int>(problem.paras.size() - 1);
}

// An adult-support need; returns its index.
inline int AddNeed(Problem& problem, Id student, int block, int room,
                   SupportLevel support = SupportLevel::kAdultSupport,
                   std::vector<Skill> skills = {}, bool one_to_one = false) {
  Need need;
  need.student_id = student;
  need.block = block;
  need.room = room;
  need.support = support;
  need.skills = std::move(skills);
  need.one_to_one = one_to_one;
  problem.needs.push_back(std::move(need));
  return static_cast<int>(problem.needs.size() - 1);
}

}  // namespace paraplan::schedule::testing
