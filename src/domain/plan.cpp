#include "domain/plan.h"

#include <algorithm>
#include <set>

#include <fmt/format.h>

#include "domain/field_checks.h"

namespace paraplan {
namespace {

constexpr std::size_t kMaxText = 200;
constexpr std::size_t kMaxLongText = 20000;

std::string Item(std::string_view list, std::size_t index, std::string_view field = {}) {
  if (field.empty()) return fmt::format("{}[{}]", list, index);
  return fmt::format("{}[{}].{}", list, index, field);
}

void CheckStudentIds(FieldChecks& problems, const std::vector<Id>& ids, const std::string& field) {
  std::set<Id> seen;
  for (std::size_t i = 0; i < ids.size(); ++i) {
    if (ids[i] <= 0) {
      problems.Add(fmt::format("{}[{}]", field, i), "is not a student id");
    } else if (!seen.insert(ids[i]).second) {
      problems.Add(fmt::format("{}[{}]", field, i), "lists the same student twice");
    }
  }
}

void CheckAudience(FieldChecks& problems, const RoleAssignment& role, std::size_t index) {
  std::size_t count = role.student_ids.size();
  switch (role.audience) {
    case Audience::kWholeClass:
    case Audience::kRestOfClass:
      problems.Require(count == 0, Item("roles", index, "student_ids"),
                       fmt::format("must be empty for audience {}", NameOf(role.audience)));
      break;
    case Audience::kSmallGroup:
      problems.Require(count >= 1, Item("roles", index, "student_ids"),
                       "must name the students of the small group");
      break;
    case Audience::kIndividual:
      problems.Require(count == 1, Item("roles", index, "student_ids"),
                       "must name exactly one student for audience individual");
      break;
  }
}

}  // namespace

const PlanAdult* ServicePlan::FindAdult(Id staff_id) const {
  auto it = std::find_if(adults.begin(), adults.end(),
                         [&](const PlanAdult& adult) { return adult.staff_id == staff_id; });
  return it == adults.end() ? nullptr : &*it;
}

const AdaptedLesson* ServicePlan::FindAdaptedLesson(std::string_view key) const {
  auto it = std::find_if(adapted_lessons.begin(), adapted_lessons.end(),
                         [&](const AdaptedLesson& lesson) { return lesson.key == key; });
  return it == adapted_lessons.end() ? nullptr : &*it;
}

const LessonPart* ServicePlan::FindPart(std::string_view key) const {
  auto it = std::find_if(parts.begin(), parts.end(),
                         [&](const LessonPart& part) { return part.key == key; });
  return it == parts.end() ? nullptr : &*it;
}

bool IsAllowedTransition(PlanStatus from, PlanStatus to) {
  switch (from) {
    case PlanStatus::kDraft: return to == PlanStatus::kSubmitted;
    case PlanStatus::kSubmitted: return to == PlanStatus::kReviewed || to == PlanStatus::kDraft;
    case PlanStatus::kReviewed: return to == PlanStatus::kPublished || to == PlanStatus::kDraft;
    case PlanStatus::kPublished: return false;
  }
  return false;
}

std::vector<FieldProblem> Validate(const ServicePlan& plan) {
  FieldChecks problems;
  problems.RequireId(plan.section_id, "section_id");
  problems.RequireId(plan.author_id, "author_id");
  problems.RequireText(plan.objective, "objective", 1000);
  problems.LimitText(plan.standard, "standard", kMaxText);
  problems.Require(plan.status == PlanStatus::kDraft || !plan.parts.empty(), "parts",
                   "must list at least one part of the lesson once the plan is submitted");
  problems.Require(plan.status == PlanStatus::kDraft || plan.submitted_on.has_value(),
                   "submitted_on", "is required once the plan is submitted");
  bool reviewed = plan.status == PlanStatus::kReviewed || plan.status == PlanStatus::kPublished;
  problems.Require(!reviewed || plan.reviewer_id.has_value(), "reviewer_id",
                   "is required once the plan is reviewed");
  if (plan.reviewer_id && !plan.FindAdult(*plan.reviewer_id)) {
    problems.Add("reviewer_id", "is not one of the plan's adults");
  }

  std::set<std::string> part_keys;
  int total_minutes = 0;
  for (std::size_t i = 0; i < plan.parts.size(); ++i) {
    const LessonPart& part = plan.parts[i];
    problems.RequireText(part.key, Item("parts", i, "key"), 60);
    if (!part.key.empty() && !part_keys.insert(part.key).second) {
      problems.Add(Item("parts", i, "key"), fmt::format("repeats the part key '{}'", part.key));
    }
    problems.LimitText(part.description, Item("parts", i, "description"), kMaxLongText);
    problems.Require(part.minutes > 0 && part.minutes <= 240, Item("parts", i, "minutes"),
                     "must be between 1 and 240");
    total_minutes += part.minutes;
  }
  problems.Require(total_minutes <= 480, "parts", "add up to more than a school day");
  for (std::size_t i = 0; i < plan.materials.size(); ++i) {
    problems.RequireText(plan.materials[i], Item("materials", i), kMaxText);
  }

  std::set<Id> adult_ids;
  for (std::size_t i = 0; i < plan.adults.size(); ++i) {
    const PlanAdult& adult = plan.adults[i];
    problems.RequireId(adult.staff_id, Item("adults", i, "staff_id"));
    if (adult.staff_id > 0 && !adult_ids.insert(adult.staff_id).second) {
      problems.Add(Item("adults", i, "staff_id"), "lists the same adult twice");
    }
    problems.LimitText(adult.name, Item("adults", i, "name"), kMaxText);
  }

  for (std::size_t i = 0; i < plan.adaptations.size(); ++i) {
    const StudentAdaptation& adaptation = plan.adaptations[i];
    problems.RequireId(adaptation.student_id, Item("adaptations", i, "student_id"));
    problems.RequireText(adaptation.description, Item("adaptations", i, "description"), 2000);
  }

  std::set<std::string> lesson_keys;
  for (std::size_t i = 0; i < plan.adapted_lessons.size(); ++i) {
    const AdaptedLesson& lesson = plan.adapted_lessons[i];
    problems.RequireText(lesson.key, Item("adapted_lessons", i, "key"), 60);
    if (!lesson.key.empty() && !lesson_keys.insert(lesson.key).second) {
      problems.Add(Item("adapted_lessons", i, "key"),
                   fmt::format("repeats the adapted lesson key '{}'", lesson.key));
    }
    problems.RequireId(lesson.prepared_by, Item("adapted_lessons", i, "prepared_by"));
    if (lesson.prepared_by > 0 && !plan.FindAdult(lesson.prepared_by)) {
      problems.Add(Item("adapted_lessons", i, "prepared_by"), "is not one of the plan's adults");
    }
    problems.RequireText(lesson.title, Item("adapted_lessons", i, "title"), kMaxText);
    problems.RequireText(lesson.content, Item("adapted_lessons", i, "content"), kMaxLongText);
    CheckStudentIds(problems, lesson.student_ids, Item("adapted_lessons", i, "student_ids"));
  }

  for (std::size_t i = 0; i < plan.data_to_collect.size(); ++i) {
    const DataToCollect& data = plan.data_to_collect[i];
    problems.RequireId(data.student_id, Item("data_to_collect", i, "student_id"));
    problems.RequireId(data.goal_id, Item("data_to_collect", i, "goal_id"));
    problems.RequireText(data.how, Item("data_to_collect", i, "how"), 2000);
    if (data.collector_id) {
      const PlanAdult* collector = plan.FindAdult(*data.collector_id);
      problems.Require(collector != nullptr && collector->presence == Presence::kInRoom,
                       Item("data_to_collect", i, "collector_id"),
                       "is not one of the adults in the room");
    }
  }

  for (std::size_t i = 0; i < plan.roles.size(); ++i) {
    const RoleAssignment& role = plan.roles[i];
    const PlanAdult* adult = plan.FindAdult(role.staff_id);
    if (role.staff_id <= 0) {
      problems.Add(Item("roles", i, "staff_id"), "is required");
    } else if (adult == nullptr || adult->presence != Presence::kInRoom) {
      problems.Add(Item("roles", i, "staff_id"), "is not one of the adults in the room");
    }
    if (!plan.FindPart(role.part)) {
      problems.Add(Item("roles", i, "part"),
                   fmt::format("names no part of the lesson ('{}')", role.part));
    }
    CheckAudience(problems, role, i);
    CheckStudentIds(problems, role.student_ids, Item("roles", i, "student_ids"));
    if (role.supervisor_id && !plan.FindAdult(*role.supervisor_id)) {
      problems.Add(Item("roles", i, "supervisor_id"), "is not one of the plan's adults");
    }
    if (!role.adapted_lesson.empty() && !plan.FindAdaptedLesson(role.adapted_lesson)) {
      problems.Add(Item("roles", i, "adapted_lesson"),
                   fmt::format("names no adapted lesson of the plan ('{}')", role.adapted_lesson));
    }
    problems.LimitText(role.note, Item("roles", i, "note"), 2000);
  }
  return problems.Take();
}

Date SubmissionDeadline(Date lesson_date, int lead_days, const SchoolCalendar& calendar) {
  Date day = lesson_date;
  int counted = 0;
  while (counted < lead_days) {
    day = day.AddDays(-1);
    if (day < calendar.first_day) return day;
    if (calendar.IsInstructionalDay(day)) ++counted;
  }
  return day;
}

PlanTiming CheckTiming(Date lesson_date, Date submitted_on, int lead_days,
                       const SchoolCalendar& calendar) {
  Date deadline = SubmissionDeadline(lesson_date, lead_days, calendar);
  return {deadline, submitted_on > deadline};
}

}  // namespace paraplan
