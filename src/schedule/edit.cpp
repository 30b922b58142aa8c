#include "schedule/edit.h"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <set>
#include <utility>

#include "domain/words.h"

namespace paraplan::schedule {
namespace {

constexpr std::array<std::string_view, 8> kDaysInWords = {
    "", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"};

// "Monday 09:00".
std::string BlockInWords(const Block& block) {
  return fmt::format("{} {}", kDaysInWords[static_cast<std::size_t>(block.day)],
                     block.span.start.ToString());
}

// "lunch", "break", "data entry".
std::string DutyInWords(Activity activity) {
  std::string words(NameOf(activity));
  std::ranges::replace(words, '_', ' ');
  return words;
}

DutyKind DutyKindOf(Activity activity) {
  for (const auto& [kind, duty_activity] : kDuties) {
    if (duty_activity == activity) return kind;
  }
  return DutyKind::kLunch;
}

bool IsDuty(Activity activity) {
  return std::ranges::any_of(kDuties, [&](const auto& duty) { return duty.second == activity; });
}

// What the para lacks for the need, in words ("AAC, CPR and first aid
// certification"); empty when they have it all.
std::string Lacking(const Para& para, const Need& need) {
  std::vector<std::string> missing;
  for (Skill skill : need.skills) {
    if (std::ranges::find(para.skills, skill) == para.skills.end()) {
      missing.push_back(SkillInWords(skill));
    }
  }
  for (CredentialKind credential : need.credentials) {
    if (std::ranges::find(para.credentials, credential) == para.credentials.end()) {
      missing.push_back(CredentialInWords(credential));
    }
  }
  return fmt::format("{}", fmt::join(missing, ", "));
}

class Editor {
 public:
  Editor(const Problem& problem, const Plan& plan, const StudentWords& student_words)
      : problem_(problem), student_words_(student_words), result_{plan, {}} {}

  EditResult Apply(const std::vector<SlotEdit>& edits) {
    std::set<std::pair<int, int>> changed;  // (para, block)
    std::set<int> given;                    // needs the changes give to a para
    for (std::size_t e = 0; e < edits.size(); ++e) {
      edit_ = static_cast<int>(e);
      const SlotEdit& edit = edits[e];
      if (!changed.insert({edit.para, edit.block}).second) {
        Refuse("block", "this para's block is changed twice; make it one change");
        continue;
      }
      if (!CheckSlot(edit)) continue;
      for (int need : edit.slot.needs) {
        if (!given.insert(need).second) {
          Refuse("student_ids",
                 fmt::format("{} is given to two paras in the same block", StudentIn(need)));
        }
      }
    }
    if (!result_.problems.empty()) return std::move(result_);
    for (const SlotEdit& edit : edits) Set(edit);
    ExplainUncovered(problem_, result_.plan);
    edit_ = -1;
    CheckDuties(changed);
    CheckNobodyLeftBehind(changed);
    return std::move(result_);
  }

 private:
  void Refuse(std::string field, std::string message) {
    result_.problems.push_back({edit_, std::move(field), std::move(message)});
  }

  std::string StudentIn(int need) const {
    return student_words_(problem_.needs[At(need)].student_id);
  }

  // The change on its own: the para at work, the activity one the block can
  // hold, the students theirs to support there.
  bool CheckSlot(const SlotEdit& edit) {
    const Para& para = problem_.paras[At(edit.para)];
    const Block& block = problem_.blocks[At(edit.block)];
    if (!Works(para, block) || result_.plan.IsAbsent(edit.para, block.day)) {
      Refuse("staff_id", fmt::format("{} is not at work at {}", para.name, BlockInWords(block)));
      return false;
    }
    const Slot& slot = edit.slot;
    if (slot.activity == Activity::kOff) {
      Refuse("activity", "a para at work is not off: mark them away for the day instead");
      return false;
    }
    if (IsDuty(slot.activity)) {
      const Duty duty = DutyOf(para, DutyKindOf(slot.activity));
      if (duty.minutes == 0) {
        Refuse("activity",
               fmt::format("{} has no {} in their day", para.name, DutyInWords(slot.activity)));
        return false;
      }
      if (!Fits(duty, block)) {
        Refuse("activity",
               fmt::format("{}'s {} ({} minutes between {} and {}) does not fit at {}", para.name,
                           DutyInWords(slot.activity), duty.minutes, duty.window.start.ToString(),
                           duty.window.end.ToString(), BlockInWords(block)));
        return false;
      }
    }
    if (slot.activity != Activity::kSupport) return true;
    if (slot.needs.empty()) {
      Refuse("student_ids", "name the students the para supports, or make the para free");
      return false;
    }
    const std::size_t before = result_.problems.size();
    for (int index : slot.needs) CheckNeed(para, slot, index);
    if (static_cast<int>(slot.needs.size()) > para.max_students) {
      Refuse("student_ids",
             fmt::format("{} supports at most {} students at once", para.name, para.max_students));
    }
    return result_.problems.size() == before;
  }

  void CheckNeed(const Para& para, const Slot& slot, int index) {
    const Need& need = problem_.needs[At(index)];
    const std::string student = StudentIn(index);
    if (need.room != slot.room) {
      Refuse("room_id",
             fmt::format("{} is in {} in this block", student, problem_.rooms[At(need.room)].name));
      return;
    }
    if (need.support != SupportLevel::kAdultSupport) {
      std::string level(paraplan::NameOf(need.support));
      std::ranges::replace(level, '_', ' ');
      Refuse("student_ids",
             fmt::format("{}'s plan says {} in this block, not an adult's: an adult there "
                         "would take away what the student does on their own",
                         student, level));
      return;
    }
    if (std::ranges::find(para.kept_apart, need.student_id) != para.kept_apart.end()) {
      Refuse("student_ids", fmt::format("{} is kept apart from {}", para.name, student));
      return;
    }
    if (!Qualifies(para, need)) {
      Refuse("student_ids", fmt::format("{} lacks what {} needs here: {}", para.name, student,
                                        Lacking(para, need)));
      return;
    }
    if (need.one_to_one && slot.needs.size() > 1) {
      Refuse("student_ids",
             fmt::format("{} has a one-to-one adult in this block, who supports nobody else",
                         student));
    }
  }

  // The change made: its students leave whoever had them in the block.
  void Set(const SlotEdit& edit) {
    for (std::size_t p = 0; p < result_.plan.slots.size(); ++p) {
      if (static_cast<int>(p) == edit.para) continue;
      Slot& other = result_.plan.slots[p][At(edit.block)];
      if (other.activity != Activity::kSupport) continue;
      std::erase_if(other.needs, [&](int need) {
        return std::ranges::find(edit.slot.needs, need) != edit.slot.needs.end();
      });
      if (other.needs.empty()) other = Slot{Activity::kFree, -1, {}};
    }
    result_.plan.slots[At(edit.para)][At(edit.block)] = edit.slot;
    if (edit.slot.activity != Activity::kSupport) {
      result_.plan.slots[At(edit.para)][At(edit.block)].room = -1;
    }
  }

  // Each changed para's day still holds each of its duties once.
  void CheckDuties(const std::set<std::pair<int, int>>& changed) {
    std::set<std::pair<int, Weekday>> days;
    for (const auto& [para, block] : changed) days.insert({para, problem_.blocks[At(block)].day});
    for (const auto& [p, day] : days) {
      const Para& para = problem_.paras[At(p)];
      for (const auto& [kind, activity] : kDuties) {
        if (DutyOf(para, kind).minutes == 0) continue;
        int kept = 0;
        for (std::size_t b = 0; b < problem_.blocks.size(); ++b) {
          if (problem_.blocks[b].day == day && result_.plan.slots[At(p)][b].activity == activity) {
            ++kept;
          }
        }
        if (kept == 1) continue;
        Refuse("changes",
               kept == 0 ? fmt::format("{} would have no {} on {}: give it another block that day",
                                       para.name, DutyInWords(activity),
                                       kDaysInWords[static_cast<std::size_t>(day)])
                         : fmt::format("{} would have {} {} blocks on {}: keep one", para.name,
                                       kept, DutyInWords(activity),
                                       kDaysInWords[static_cast<std::size_t>(day)]));
      }
    }
  }

  // No student of a changed block is left without an adult while a para who
  // may support them is free, or has a place for them in their room.
  void CheckNobodyLeftBehind(const std::set<std::pair<int, int>>& changed) {
    std::set<int> blocks;
    for (const auto& [para, block] : changed) blocks.insert(block);
    for (const Uncovered& entry : result_.plan.uncovered) {
      const Need& need = problem_.needs[At(entry.need)];
      if (!blocks.contains(need.block)) continue;
      const Block& block = problem_.blocks[At(need.block)];
      for (std::size_t p = 0; p < problem_.paras.size(); ++p) {
        const Para& para = problem_.paras[p];
        if (!Works(para, block) || result_.plan.IsAbsent(static_cast<int>(p), block.day) ||
            !Qualifies(para, need)) {
          continue;
        }
        const Slot& slot = result_.plan.slots[p][At(need.block)];
        const bool free = slot.activity == Activity::kFree;
        const bool place =
            slot.activity == Activity::kSupport && slot.room == need.room && !need.one_to_one &&
            static_cast<int>(slot.needs.size()) < para.max_students &&
            std::ranges::none_of(slot.needs,
                                 [&](int other) { return problem_.needs[At(other)].one_to_one; });
        if (!free && !place) continue;
        Refuse("changes",
               fmt::format("{} would have no adult at {} while {}, who may support them, {}: "
                           "give them to {} or give {} something else",
                           StudentIn(entry.need), BlockInWords(block), para.name,
                           free ? "is free" : "has a place in their room", para.name, para.name));
        break;
      }
    }
  }

  const Problem& problem_;
  const StudentWords& student_words_;
  EditResult result_;
  int edit_ = -1;
};

}  // namespace

EditResult ApplyEdits(const Problem& problem, const Plan& plan, const std::vector<SlotEdit>& edits,
                      const StudentWords& student_words) {
  return Editor(problem, plan, student_words).Apply(edits);
}

}  // namespace paraplan::schedule
