#include "scheduling/school_problem.h"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <set>

#include "domain/progress_report.h"

namespace paraplan::scheduling {
namespace {

using schedule::Block;
using schedule::Need;
using schedule::Para;
using schedule::Problem;
using schedule::ScheduleRoom;
using schedule::ServiceNeed;

constexpr int kPageSize = 1000;

// The id of the room that stands for "no room given" (a student's lunch or
// recess block without one): room ids of the roster are positive.
constexpr Id kElsewhere = 0;

std::string Lower(std::string_view text) {
  std::string lower(text);
  for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return lower;
}

template <typename T, typename List>
Result<std::vector<T>> AllPages(List list) {
  std::vector<T> all;
  Page page{0, kPageSize};
  for (;;) {
    std::vector<T> batch = PARAPLAN_TRY(list(page));
    all.insert(all.end(), batch.begin(), batch.end());
    if (static_cast<int>(batch.size()) < page.limit) return all;
    page.after = batch.back().id;
  }
}

bool IsWeekday(Weekday day) { return day >= Weekday::kMonday && day <= Weekday::kFriday; }

// A para's day: lunch for a shift of six hours or more, a break, and the
// daily data entry, as seed 001 describes the para's schedule.
Para ParaOf(const Staff& staff, Date friday) {
  Para para;
  para.id = staff.id;
  para.name = fmt::format("{} {}", staff.first_name, staff.last_name);
  para.hours = staff.work_hours;
  if (para.hours.Minutes() >= 6 * 60) {
    para.lunch = {30,
                  {std::max(para.hours.start, TimeOfDay::At(10, 30)),
                   std::min(para.hours.end, TimeOfDay::At(13, 30))}};
  }
  para.rest = {15, para.hours};
  para.data_entry_minutes = 15;
  para.skills = staff.skills;
  for (const Credential& credential : staff.credentials) {
    if (credential.expires && *credential.expires < friday) continue;
    if (std::ranges::find(para.credentials, credential.kind) == para.credentials.end()) {
      para.credentials.push_back(credential.kind);
    }
  }
  return para;
}

Result<std::vector<Staff>> ParaStaffOf(Transaction& tx, Id school_id) {
  StaffFilter filter;
  filter.school_id = school_id;
  filter.role = StaffRole::kParaeducator;
  return AllPages<Staff>([&](Page page) {
    filter.page = page;
    return tx.ListStaff(filter);
  });
}

}  // namespace

Result<std::vector<Id>> ParasOf(Transaction& tx, Id school_id) {
  std::vector<Id> ids;
  for (const Staff& staff : PARAPLAN_TRY(ParaStaffOf(tx, school_id))) ids.push_back(staff.id);
  return ids;
}

Setting SettingOfRoom(std::string_view name) {
  const std::string lower = Lower(name);
  for (std::string_view word : {"resource", "special", "life skills", "sensory", "therapy"}) {
    if (lower.find(word) != std::string::npos) return Setting::kSpecialEducationSetting;
  }
  for (std::string_view word :
       {"cafeteria", "lunch", "gym", "library", "playground", "commons", "auditorium", "hall"}) {
    if (lower.find(word) != std::string::npos) return Setting::kOther;
  }
  return Setting::kGeneralEducationClassroom;
}

std::string BlockLabel(Weekday day, TimeOfDay start) {
  static constexpr std::array<std::string_view, 8> kDays{"",    "mon", "tue", "wed",
                                                         "thu", "fri", "sat", "sun"};
  return fmt::format("{}-{:02}{:02}", kDays[static_cast<std::size_t>(day)], start.minutes / 60,
                     start.minutes % 60);
}

Result<SchoolProblem> BuildSchoolProblem(Transaction& tx, Id school_id, Date week,
                                         const std::map<Id, StaffLeave>& absences_of,
                                         const std::set<StudentDayAway>& students_absent) {
  const School school = PARAPLAN_TRY(tx.GetSchool(school_id));
  const Date monday = week.WeekStart();
  const Date friday = monday.AddDays(4);
  SchoolProblem out;
  Problem& problem = out.problem;
  problem.school_id = school.id;

  // Rooms, and the stand-in for blocks without one.
  std::map<Id, int> room_at;
  const std::vector<Room> rooms =
      PARAPLAN_TRY(AllPages<Room>([&](Page page) { return tx.ListRooms(school.id, page); }));
  for (const Room& room : rooms) {
    room_at[room.id] = static_cast<int>(problem.rooms.size());
    problem.rooms.push_back({room.id, room.name, SettingOfRoom(room.name)});
  }
  const int elsewhere = static_cast<int>(problem.rooms.size());
  problem.rooms.push_back({kElsewhere, "No room given", Setting::kOther});

  // Paras, and their absences this week.
  const std::vector<Staff> paras = PARAPLAN_TRY(ParaStaffOf(tx, school.id));
  if (paras.empty()) {
    return Fail(
        Error::FailedPrecondition(fmt::format("{} has no paraeducators to schedule", school.name)));
  }
  for (const Staff& staff : paras) {
    const int index = static_cast<int>(problem.paras.size());
    problem.paras.push_back(ParaOf(staff, friday));
    auto absences = absences_of.find(staff.id);
    if (absences == absences_of.end()) continue;
    for (int offset = 0; offset < 5; ++offset) {
      const Date day = monday.AddDays(offset);
      if (absences->second.AwayOn(day)) {
        out.absences.push_back({index, static_cast<Weekday>(day.IsoWeekday())});
      }
    }
  }

  // Students and their days: the blocks are the distinct weekday spans.
  StudentFilter student_filter;
  student_filter.school_id = school.id;
  const std::vector<Student> students = PARAPLAN_TRY(AllPages<Student>([&](Page page) {
    student_filter.page = page;
    return tx.ListStudents(student_filter);
  }));
  std::vector<StudentDay> days;
  std::map<Weekday, std::vector<TimeSpan>> spans;
  for (const Student& student : students) {
    StudentDay day = PARAPLAN_TRY(tx.GetStudentDay(student.id));
    std::erase_if(day.blocks, [](const DayBlock& block) { return !IsWeekday(block.weekday); });
    for (const DayBlock& block : day.blocks) spans[block.weekday].push_back(block.span);
    if (!day.blocks.empty()) days.push_back(std::move(day));
  }
  if (spans.empty()) {
    return Fail(Error::FailedPrecondition(
        fmt::format("no student at {} has a day of blocks to plan; build the students' days first",
                    school.name)));
  }
  // The school's blocks: the students' spans of each weekday, overlapping
  // ones merged, so a para is in one place per block whatever the bells.
  for (auto& [day, list] : spans) {
    std::ranges::sort(list, {}, [](const TimeSpan& span) {
      return std::pair(span.start.minutes, span.end.minutes);
    });
    std::vector<TimeSpan> merged;
    for (const TimeSpan& span : list) {
      if (!merged.empty() && span.start.minutes < merged.back().end.minutes) {
        merged.back().end.minutes = std::max(merged.back().end.minutes, span.end.minutes);
      } else {
        merged.push_back(span);
      }
    }
    for (const TimeSpan& span : merged) {
      problem.blocks.push_back(Block{BlockLabel(day, span.start), day, span});
    }
  }
  auto block_of = [&](const DayBlock& block) {
    for (std::size_t b = 0; b < problem.blocks.size(); ++b) {
      const Block& candidate = problem.blocks[b];
      if (candidate.day == block.weekday && candidate.span.start <= block.span.start &&
          block.span.start < candidate.span.end) {
        return static_cast<int>(b);
      }
    }
    return -1;  // unreachable: every span is inside its merged block
  };

  // Needs, one per student per block (the strongest of the student's day
  // blocks that fall in it); services over the adult-support ones.
  for (const StudentDay& day : days) {
    std::map<int, std::pair<Need, int>> by_block;  // block -> need, minutes of its room's span
    for (const DayBlock& block : day.blocks) {
      const int b = block_of(block);
      if (b < 0) continue;
      auto room = block.room_id ? room_at.find(*block.room_id) : room_at.end();
      auto [entry, fresh] = by_block.try_emplace(b);
      Need& need = entry->second.first;
      if (fresh) {
        need.student_id = day.student_id;
        need.block = b;
      }
      if (fresh || block.span.Minutes() > entry->second.second) {
        need.room = room == room_at.end() ? elsewhere : room->second;
        entry->second.second = block.span.Minutes();
      }
      need.support = std::max(need.support, block.support);
      need.one_to_one = need.one_to_one || block.one_to_one;
      for (Skill skill : block.skills_needed) {
        if (std::ranges::find(need.skills, skill) == need.skills.end())
          need.skills.push_back(skill);
      }
    }
    std::vector<int> adult_needs;
    for (auto& [b, entry] : by_block) {
      Need& need = entry.first;
      if (students_absent.contains(
              {need.student_id, problem.blocks[static_cast<std::size_t>(b)].day})) {
        // Nobody supports a student who is not there.
        need.absent = true;
        need.support = SupportLevel::kIndependent;
      }
      if (need.support != SupportLevel::kAdultSupport) {
        need.one_to_one = false;
        need.skills.clear();
      } else {
        if (std::ranges::find(need.skills, Skill::kHealthProcedure) != need.skills.end()) {
          need.safety = true;
          need.credentials.push_back(CredentialKind::kCprFirstAid);
        }
        adult_needs.push_back(static_cast<int>(problem.needs.size()));
      }
      problem.needs.push_back(std::move(need));
    }
    if (adult_needs.empty()) continue;
    const Student student = PARAPLAN_TRY(tx.GetStudent(day.student_id));
    for (const Iep& iep : PARAPLAN_TRY(tx.ListIeps(day.student_id))) {
      if (iep.status != IepStatus::kActive || iep.end < monday || iep.start > friday) continue;
      for (const Service& service : iep.services) {
        if (service.delivery == DeliveryModel::kConsultation) continue;
        if (service.end < monday || service.start > friday) continue;
        ServiceNeed need;
        need.id = service.id;
        need.student_id = day.student_id;
        need.type = service.type;
        need.minutes_per_week = MinutesPerWeek(service);
        need.setting = service.setting;
        need.needs = adult_needs;
        need.supervisor_id = iep.case_manager_id ? iep.case_manager_id : student.case_manager_id;
        problem.services.push_back(std::move(need));
      }
    }
  }
  std::vector<FieldProblem> problems = schedule::Validate(problem);
  if (!problems.empty()) {
    return Fail(Error::Invalid(
        fmt::format("{}'s roster does not make a schedulable week", school.name), problems));
  }
  return out;
}

}  // namespace paraplan::scheduling
