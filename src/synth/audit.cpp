#include "synth/audit.h"

#include <algorithm>
#include <optional>
#include <set>
#include <unordered_map>
#include <unordered_set>

#include <fmt/format.h>

#include "domain/validation.h"

namespace paraplan::synth {
namespace {

constexpr int kPageSize = 1000;

// Calls `list(page)` until a short page, passing each record to `each`.
template <typename List, typename Each>
Result<void> ForEach(List list, Each each) {
  Page page{0, kPageSize};
  while (true) {
    auto rows = PARAPLAN_TRY(list(page));
    for (const auto& row : rows) PARAPLAN_TRY(each(row));
    if (rows.size() < static_cast<std::size_t>(page.limit)) return {};
    page.after = rows.back().id;
  }
}

struct StaffFacts {
  Id district_id;
  std::optional<Id> school_id;
  StaffRole role;
};

struct SchoolFacts {
  Id district_id;
  int day_minutes;
};

class Auditor {
 public:
  explicit Auditor(const std::function<void(std::int64_t, std::int64_t)>& progress)
      : progress_(progress) {}

  Result<void> Run(Transaction& tx) {
    PARAPLAN_TRY(ForEach([&](Page page) { return tx.ListDistricts(page); },
                         [&](const District& district) { return District_(tx, district); }));
    PARAPLAN_TRY(ForEach([&](Page page) { return tx.ListEnrolments(std::nullopt, std::nullopt, page); },
                         [&](const Enrolment& enrolment) { return Enrolment_(enrolment); }));
    const std::int64_t total = PARAPLAN_TRY(tx.Count(RecordKind::kStudent));
    std::int64_t done = 0;
    for (const auto& [district_id, unused] : districts_) {
      StudentFilter filter;
      filter.district_id = district_id;
      // Named outside PARAPLAN_TRY: a TRY inside a TRY would shadow its temporary.
      auto each_student = [&](const Student& student) -> Result<void> {
        PARAPLAN_TRY(Student_(tx, student));
        if (progress_ && ++done % 1000 == 0) progress_(done, total);
        return {};
      };
      PARAPLAN_TRY(ForEach(
          [&](Page page) {
            filter.page = page;
            return tx.ListStudents(filter);
          },
          each_student));
    }
    if (progress_ && done % 1000 != 0) progress_(done, total);
    // Enrolments whose student is missing cannot exist (foreign keys), but
    // enrolments are read before students so check their school here.
    for (const Enrolment& enrolment : enrolments_) {
      auto student = students_.find(enrolment.student_id);
      auto section = sections_.find(enrolment.section_id);
      if (student == students_.end() || section == sections_.end()) continue;
      if (student->second != section->second) {
        Add("enrolment", enrolment.id, "section_id",
            fmt::format("is section {} of school {}, but student {} attends school {}",
                        enrolment.section_id, section->second, enrolment.student_id,
                        student->second));
      }
    }
    return {};
  }

  AuditReport TakeReport() { return std::move(report_); }

 private:
  void Add(std::string kind, Id id, std::string field, std::string reason) {
    report_.findings.push_back({std::move(kind), id, std::move(field), std::move(reason)});
  }
  void AddAll(std::string_view kind, Id id, const Problems& problems) {
    for (const FieldProblem& problem : problems) {
      Add(std::string(kind), id, problem.field, problem.reason);
    }
  }
  void Count(std::string_view kind, std::int64_t n = 1) { report_.counts[std::string(kind)] += n; }

  Result<void> District_(Transaction& tx, const District& district) {
    Count("district");
    AddAll("district", district.id, Validate(district));
    districts_[district.id] = true;
    PARAPLAN_TRY(ForEach([&](Page page) { return tx.ListSchools(district.id, page); },
                         [&](const School& school) { return School_(tx, school); }));
    StaffFilter filter;
    filter.district_id = district.id;
    PARAPLAN_TRY(ForEach(
        [&](Page page) {
          filter.page = page;
          return tx.ListStaff(filter);
        },
        [&](const Staff& staff) { return Staff_(staff); }));
    // Sections come after staff: their teachers must be known.
    for (const auto& [school_id, facts] : schools_) {
      if (facts.district_id != district.id) continue;
      SectionFilter sections;
      sections.school_id = school_id;
      PARAPLAN_TRY(ForEach(
          [&](Page page) {
            sections.page = page;
            return tx.ListSections(sections);
          },
          [&](const Section& section) { return Section_(section); }));
    }
    return {};
  }

  Result<void> School_(Transaction& tx, const School& school) {
    Count("school");
    AddAll("school", school.id, Validate(school));
    schools_[school.id] = {school.district_id, school.day.Minutes()};
    PARAPLAN_TRY(ForEach([&](Page page) { return tx.ListRooms(school.id, page); },
                         [&](const Room& room) -> Result<void> {
                           Count("room");
                           AddAll("room", room.id, Validate(room));
                           rooms_[room.id] = school.id;
                           return {};
                         }));
    for (const SchoolCalendar& calendar : PARAPLAN_TRY(tx.ListCalendars(school.id))) {
      Count("calendar");
      AddAll("calendar", calendar.id, Validate(calendar));
    }
    return {};
  }

  Result<void> Staff_(const Staff& staff) {
    Count("staff");
    AddAll("staff", staff.id, Validate(staff));
    staff_[staff.id] = {staff.district_id, staff.school_id, staff.role};
    if (staff.school_id) {
      auto school = schools_.find(*staff.school_id);
      if (school == schools_.end() || school->second.district_id != staff.district_id) {
        Add("staff", staff.id, "school_id", "is not a school of the staff member's district");
      }
    }
    return {};
  }

  Result<void> Section_(const Section& section) {
    Count("section");
    AddAll("section", section.id, Validate(section));
    sections_[section.id] = section.school_id;
    if (section.general_educator_id) {
      auto teacher = staff_.find(*section.general_educator_id);
      if (teacher == staff_.end()) {
        Add("section", section.id, "general_educator_id", "is not staff of the district");
      } else if (teacher->second.role != StaffRole::kGeneralEducator &&
                 teacher->second.role != StaffRole::kSpecialEducator) {
        Add("section", section.id, "general_educator_id",
            fmt::format("is a {}, not an educator", NameOf(teacher->second.role)));
      }
    }
    if (section.room_id) {
      auto room = rooms_.find(*section.room_id);
      if (room == rooms_.end() || room->second != section.school_id) {
        Add("section", section.id, "room_id", "is not a room of the section's school");
      }
    }
    return {};
  }

  Result<void> Enrolment_(const Enrolment& enrolment) {
    Count("enrolment");
    AddAll("enrolment", enrolment.id, Validate(enrolment));
    enrolments_.push_back(enrolment);
    return {};
  }

  // The staff member is a special educator (an IEP's case manager must be).
  void CheckCaseManager(std::string_view kind, Id id, Id staff_id) {
    auto manager = staff_.find(staff_id);
    if (manager == staff_.end()) {
      Add(std::string(kind), id, "case_manager_id", "is not staff of the district");
    } else if (manager->second.role != StaffRole::kSpecialEducator) {
      Add(std::string(kind), id, "case_manager_id",
          fmt::format("is a {}, not a special educator", NameOf(manager->second.role)));
    }
  }

  Result<void> Student_(Transaction& tx, const Student& student) {
    Count("student");
    AddAll("student", student.id, Validate(student));
    students_[student.id] = student.school_id;
    if (student.case_manager_id) CheckCaseManager("student", student.id, *student.case_manager_id);
    const auto school = schools_.find(student.school_id);
    const SchoolFacts facts = school == schools_.end() ? SchoolFacts{0, 0} : school->second;

    int active = 0;
    for (const Iep& iep : PARAPLAN_TRY(tx.ListIeps(student.id))) {
      Count("iep");
      // Service minutes are checked against the student's own school day.
      AddAll("iep", iep.id, Validate(iep, SchoolTime{facts.day_minutes, 5}));
      if (iep.case_manager_id) CheckCaseManager("iep", iep.id, *iep.case_manager_id);
      if (iep.status == IepStatus::kActive && ++active > 1) {
        Add("iep", iep.id, "status", "is active while another IEP of the student is active");
      }
    }

    const StudentDay day = PARAPLAN_TRY(tx.GetStudentDay(student.id));
    if (day.version > 0) {
      Count("student_day");
      AddAll("student_day", student.id, Validate(day));
      std::unordered_set<Id> enrolled;
      SectionFilter filter;
      filter.student_id = student.id;
      PARAPLAN_TRY(ForEach(
          [&](Page page) {
            filter.page = page;
            return tx.ListSections(filter);
          },
          [&](const Section& section) -> Result<void> {
            enrolled.insert(section.id);
            return {};
          }));
      for (std::size_t i = 0; i < day.blocks.size(); ++i) {
        const DayBlock& block = day.blocks[i];
        if (block.section_id && !enrolled.contains(*block.section_id)) {
          Add("student_day", student.id, fmt::format("blocks[{}].section_id", i),
              "is a section the student is not enrolled in");
        }
        if (block.room_id) {
          auto room = rooms_.find(*block.room_id);
          if (room == rooms_.end() || room->second != student.school_id) {
            Add("student_day", student.id, fmt::format("blocks[{}].room_id", i),
                "is not a room of the student's school");
          }
        }
      }
    }

    for (const GuardianLink& link : PARAPLAN_TRY(tx.ListGuardianLinks(student.id, std::nullopt))) {
      Count("guardian_link");
      if (!guardians_.insert(link.guardian_id).second) continue;
      const Guardian guardian = PARAPLAN_TRY(tx.GetGuardian(link.guardian_id));
      Count("guardian");
      AddAll("guardian", guardian.id, Validate(guardian));
      if (guardian.district_id != facts.district_id) {
        Add("guardian", guardian.id, "district_id",
            fmt::format("differs from the district of linked student {}", student.id));
      }
    }
    return {};
  }

  const std::function<void(std::int64_t, std::int64_t)>& progress_;
  AuditReport report_;
  std::map<Id, bool> districts_;
  std::unordered_map<Id, SchoolFacts> schools_;
  std::unordered_map<Id, Id> rooms_;     // room -> school
  std::unordered_map<Id, StaffFacts> staff_;
  std::unordered_map<Id, Id> sections_;  // section -> school
  std::unordered_map<Id, Id> students_;  // student -> school
  std::unordered_set<Id> guardians_;
  std::vector<Enrolment> enrolments_;
};

}  // namespace

Result<AuditReport> Audit(Store& store,
                          const std::function<void(std::int64_t, std::int64_t)>& progress) {
  Auditor auditor(progress);
  PARAPLAN_TRY(store.Read([&](Transaction& tx) { return auditor.Run(tx); }));
  AuditReport report = auditor.TakeReport();
  if (auto integrity = store.CheckIntegrity(); !integrity) {
    report.integrity_problem = integrity.error().message;
  }
  return report;
}

}  // namespace paraplan::synth
