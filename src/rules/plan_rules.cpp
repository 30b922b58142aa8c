#include "rules/plan_rules.h"

#include <algorithm>
#include <map>

#include <fmt/format.h>

#include "domain/validation.h"

namespace paraplan {
namespace {

constexpr std::string_view kEveryAdultHasARole = "every_adult_has_a_role";

std::string RoleField(std::size_t index, std::string_view field) {
  return fmt::format("roles[{}].{}", index, field);
}

bool IsReviewedOrLater(PlanStatus status) {
  return status == PlanStatus::kReviewed || status == PlanStatus::kPublished;
}

// The rule names appearing in problems' reasons, in order of first appearance.
std::vector<std::string> RuleNames(const std::vector<FieldProblem>& problems) {
  std::vector<std::string> names;
  auto add = [&](std::string_view name) {
    if (std::find(names.begin(), names.end(), name) == names.end()) names.emplace_back(name);
  };
  for (const FieldProblem& problem : problems) {
    for (const auto& [rule, name] : EnumNames<BoundaryRule>::kNames) {
      if (problem.reason.find(fmt::format("rule {}", name)) != std::string::npos) add(name);
    }
    if (problem.reason.find(kEveryAdultHasARole) != std::string::npos) add(kEveryAdultHasARole);
  }
  return names;
}

std::string StudentName(const BriefSources& sources, Id student_id) {
  auto it = std::find_if(sources.students.begin(), sources.students.end(),
                         [&](const Student& student) { return student.id == student_id; });
  if (it == sources.students.end()) return "";
  return fmt::format("{} {}", it->first_name, it->last_name);
}

const Iep* IepOf(const BriefSources& sources, Id student_id) {
  const Iep* found = nullptr;
  for (const Iep& iep : sources.ieps) {
    if (iep.student_id != student_id) continue;
    // An active IEP wins over a draft one.
    if (!found || (iep.status == IepStatus::kActive && found->status != IepStatus::kActive)) {
      found = &iep;
    }
  }
  return found;
}

bool AppliesInGeneralEducation(const Accommodation& accommodation) {
  if (accommodation.kind == AccommodationKind::kModification) return false;
  return accommodation.settings.empty() ||
         std::find(accommodation.settings.begin(), accommodation.settings.end(),
                   Setting::kGeneralEducationClassroom) != accommodation.settings.end();
}

BriefStudent BuildStudent(const BriefSources& sources, const ServicePlan& plan, Id student_id,
                          const std::set<std::string>& delivered_lessons) {
  BriefStudent student;
  student.student_id = student_id;
  student.name = StudentName(sources, student_id);
  for (const StudentAdaptation& adaptation : plan.adaptations) {
    if (adaptation.student_id == student_id) student.adaptations.push_back(adaptation);
  }
  for (const AdaptedLesson& lesson : plan.adapted_lessons) {
    bool for_student = std::find(lesson.student_ids.begin(), lesson.student_ids.end(),
                                 student_id) != lesson.student_ids.end();
    if (for_student && delivered_lessons.contains(lesson.key)) {
      AdaptedLesson copy = lesson;
      // Other students of a shared adapted lesson are not the para's to see
      // unless assigned; the brief lists only this student.
      copy.student_ids = {student_id};
      student.adapted_lessons.push_back(std::move(copy));
    }
  }
  const Iep* iep = IepOf(sources, student_id);
  for (const DataToCollect& data : plan.data_to_collect) {
    if (data.student_id != student_id || data.collector_id != sources.para_id) continue;
    BriefGoal goal{data.goal_id, "", data.method, data.how};
    if (iep) {
      auto it = std::find_if(iep->goals.begin(), iep->goals.end(),
                             [&](const Goal& candidate) { return candidate.id == data.goal_id; });
      if (it != iep->goals.end()) goal.statement = it->statement;
    }
    student.goals.push_back(std::move(goal));
  }
  if (iep) {
    for (const Accommodation& accommodation : iep->accommodations) {
      if (AppliesInGeneralEducation(accommodation)) student.accommodations.push_back(accommodation);
    }
    for (const Service& service : iep->services) {
      if (service.setting == Setting::kGeneralEducationClassroom &&
          service.delivery != DeliveryModel::kConsultation) {
        student.services.push_back(service);
      }
    }
    student.regulation_plan = iep->regulation_plan;
  }
  return student;
}

}  // namespace

std::vector<FieldProblem> CheckPlanRoles(const ServicePlan& plan) {
  std::vector<FieldProblem> problems;
  for (std::size_t i = 0; i < plan.roles.size(); ++i) {
    const RoleAssignment& role = plan.roles[i];
    const PlanAdult* adult = plan.FindAdult(role.staff_id);
    if (!adult) continue;  // Validate reports the unknown adult.
    AssignmentContext context;
    if (role.supervisor_id) {
      if (const PlanAdult* supervisor = plan.FindAdult(*role.supervisor_id)) {
        context.supervisor_role = supervisor->role;
      }
    }
    if (const AdaptedLesson* lesson = plan.FindAdaptedLesson(role.adapted_lesson)) {
      if (const PlanAdult* author = plan.FindAdult(lesson->prepared_by)) {
        context.adapted_lesson_author_role = author->role;
      }
    }
    Result<void> allowed = CheckRoleAssignment(adult->role, role.activity, context);
    if (!allowed) {
      for (const FieldProblem& problem : allowed.error().fields) {
        problems.push_back({RoleField(i, problem.field), problem.reason});
      }
    }
  }
  for (std::size_t i = 0; i < plan.adapted_lessons.size(); ++i) {
    const AdaptedLesson& lesson = plan.adapted_lessons[i];
    const PlanAdult* author = plan.FindAdult(lesson.prepared_by);
    if (author && !IsLicensedEducator(author->role)) {
      problems.push_back(
          {fmt::format("adapted_lessons[{}].prepared_by", i),
           fmt::format("is a {}; only a licensed educator prepares an adapted lesson "
                       "(rule licensed_only_activity, seed 000 \"Examples of Instruction and "
                       "Service Delivery During Implementation\")",
                       NameOf(author->role))});
    }
  }
  if (IsReviewedOrLater(plan.status)) {
    for (std::size_t a = 0; a < plan.adults.size(); ++a) {
      const PlanAdult& adult = plan.adults[a];
      if (adult.presence != Presence::kInRoom) continue;
      for (const LessonPart& part : plan.parts) {
        bool has_role = std::any_of(plan.roles.begin(), plan.roles.end(), [&](const auto& role) {
          return role.staff_id == adult.staff_id && role.part == part.key;
        });
        if (!has_role) {
          problems.push_back({fmt::format("adults[{}]", a),
                              fmt::format("has no role in part '{}' (rule {}, seed 000 "
                                          "\"Collaboration\": every adult knows their role)",
                                          part.key, kEveryAdultHasARole)});
        }
      }
    }
  }
  return problems;
}

Result<void> CheckPlan(const ServicePlan& plan) {
  std::vector<FieldProblem> problems = Validate(plan);
  std::vector<FieldProblem> role_problems = CheckPlanRoles(plan);
  std::vector<std::string> rules = RuleNames(role_problems);
  problems.insert(problems.end(), role_problems.begin(), role_problems.end());
  if (problems.empty()) return {};
  if (rules.empty()) return ToResult(problems, "service plan");
  return Fail(Error::Invalid(
      fmt::format("service plan breaks role boundaries: {}", fmt::join(rules, ", ")),
      std::move(problems)));
}

Result<void> CheckTransition(const ServicePlan& plan, PlanStatus to, StaffRole actor_role) {
  // Who may make the change comes first: it does not depend on the plan, so
  // a refused caller learns nothing of the plan's status.
  switch (to) {
    case PlanStatus::kDraft:
    case PlanStatus::kSubmitted:
      if (!IsLicensedEducator(actor_role)) {
        return Fail(Error::PermissionDenied(fmt::format(
            "a {} may not make a plan {}; lesson plans belong to licensed educators",
            NameOf(actor_role), NameOf(to))));
      }
      break;
    case PlanStatus::kReviewed:
    case PlanStatus::kPublished:
      if (!IsIepOwner(actor_role)) {
        return Fail(Error::PermissionDenied(fmt::format(
            "a {} may not make a plan {}; the special educator or related service provider "
            "reviews and publishes it",
            NameOf(actor_role), NameOf(to))));
      }
      break;
  }
  if (!IsAllowedTransition(plan.status, to)) {
    return Fail(Error::FailedPrecondition(fmt::format("a {} plan cannot become {}",
                                                      NameOf(plan.status), NameOf(to))));
  }
  return {};
}

Result<ServicePlan> Transition(ServicePlan plan, PlanStatus to, Id actor_id, StaffRole actor_role,
                               Date today) {
  PARAPLAN_TRY(CheckTransition(plan, to, actor_role));
  plan.status = to;
  switch (to) {
    case PlanStatus::kDraft:
      plan.submitted_on.reset();
      plan.reviewer_id.reset();
      return plan;
    case PlanStatus::kSubmitted:
      plan.submitted_on = today;
      break;
    case PlanStatus::kReviewed:
      plan.reviewer_id = actor_id;
      // The reviewer is one of the plan's adults even when not in the room.
      if (!plan.FindAdult(actor_id)) {
        plan.adults.push_back({actor_id, actor_role, "", Presence::kPlanningOnly});
      }
      break;
    case PlanStatus::kPublished:
      break;
  }
  PARAPLAN_TRY(CheckPlan(plan));
  return plan;
}

DailyBrief BuildDailyBrief(const BriefSources& sources) {
  DailyBrief brief{sources.para_id, sources.date, {}, {}};
  auto assigned = [&](Id student_id) { return sources.assigned_students.contains(student_id); };
  for (const ServicePlan& plan : sources.plans) {
    if (plan.status != PlanStatus::kPublished || plan.date != sources.date) continue;
    BriefBlock block;
    block.plan_id = plan.id;
    block.section_id = plan.section_id;
    block.objective = plan.objective;
    std::set<Id> students;
    std::set<std::string> delivered_lessons;
    for (const RoleAssignment& role : plan.roles) {
      if (role.staff_id != sources.para_id) continue;
      const LessonPart* part = plan.FindPart(role.part);
      BriefRole brief_role;
      brief_role.part = role.part;
      if (part) {
        brief_role.part_description = part->description;
        brief_role.minutes = part->minutes;
      }
      brief_role.activity = role.activity;
      brief_role.audience = role.audience;
      for (Id student_id : role.student_ids) {
        if (!assigned(student_id)) continue;
        brief_role.student_ids.push_back(student_id);
        students.insert(student_id);
      }
      brief_role.supervisor_id = role.supervisor_id;
      if (role.supervisor_id) {
        if (const PlanAdult* supervisor = plan.FindAdult(*role.supervisor_id)) {
          brief_role.supervisor_name = supervisor->name;
        }
      }
      brief_role.note = role.note;
      if (!role.adapted_lesson.empty()) delivered_lessons.insert(role.adapted_lesson);
      block.roles.push_back(std::move(brief_role));
    }
    if (block.roles.empty()) continue;
    for (const DataToCollect& data : plan.data_to_collect) {
      if (data.collector_id == sources.para_id && assigned(data.student_id)) {
        students.insert(data.student_id);
      }
    }
    for (Id student_id : students) {
      block.students.push_back(BuildStudent(sources, plan, student_id, delivered_lessons));
    }
    auto section = std::find_if(sources.sections.begin(), sources.sections.end(),
                                [&](const Section& candidate) { return candidate.id == plan.section_id; });
    if (section != sources.sections.end()) {
      block.course = section->course;
      block.room_id = section->room_id;
      for (const Meeting& meeting : section->meetings) {
        if (static_cast<int>(meeting.weekday) == sources.date.IsoWeekday()) {
          block.span = meeting.span;
          break;
        }
      }
      if (section->room_id) {
        auto room = std::find_if(sources.rooms.begin(), sources.rooms.end(),
                                 [&](const Room& candidate) { return candidate.id == *section->room_id; });
        if (room != sources.rooms.end()) block.room = room->name;
      }
    }
    brief.blocks.push_back(std::move(block));
  }
  const ServicePlan no_plan;
  for (const ScheduledSlot& slot : sources.scheduled) {
    BriefSlot shown{slot.block, slot.span, slot.kind, slot.room_id, slot.room, {}, slot.usual};
    for (Id student_id : slot.student_ids) {
      if (assigned(student_id)) shown.students.push_back(BuildStudent(sources, no_plan, student_id, {}));
    }
    brief.schedule.push_back(std::move(shown));
  }
  std::stable_sort(brief.schedule.begin(), brief.schedule.end(),
                   [](const BriefSlot& a, const BriefSlot& b) { return a.span.start.minutes < b.span.start.minutes; });
  std::stable_sort(brief.blocks.begin(), brief.blocks.end(), [](const BriefBlock& a, const BriefBlock& b) {
    int a_start = a.span ? a.span->start.minutes : 24 * 60;
    int b_start = b.span ? b.span->start.minutes : 24 * 60;
    return a_start < b_start;
  });
  return brief;
}

}  // namespace paraplan
