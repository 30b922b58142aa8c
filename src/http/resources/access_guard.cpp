#include "http/resources/access_guard.h"

#include <fmt/format.h>

#include <algorithm>
#include <chrono>

#include "store/plan_store.h"
#include "store/security.h"
#include "store/sql_runner.h"

namespace paraplan::http {
namespace {

std::optional<StaffRole> StaffRoleFor(Role role) {
  switch (role) {
    case Role::kAdministrator:
      return StaffRole::kAdministrator;
    case Role::kSpecialEducator:
      return StaffRole::kSpecialEducator;
    case Role::kRelatedServiceProvider:
      return StaffRole::kRelatedServiceProvider;
    case Role::kGeneralEducator:
      return StaffRole::kGeneralEducator;
    case Role::kParaeducator:
      return StaffRole::kParaeducator;
    case Role::kParent:
      return std::nullopt;
  }
  return std::nullopt;
}

// The method as the audit log keeps it.
std::string_view AuditedMethod(Method method) {
  switch (method) {
    case Method::kGet:
      return "GET";
    case Method::kHead:
      return "HEAD";
    case Method::kPost:
      return "POST";
    case Method::kPut:
      return "PUT";
    case Method::kPatch:
      return "PATCH";
    case Method::kDelete:
      return "DELETE";
    case Method::kOptions:
      return "OPTIONS";
    case Method::kOther:
      return "OTHER";
  }
  return "OTHER";
}

}  // namespace

paraplan::Principal PolicyPrincipal(const Principal& principal) {
  if (principal.role == Role::kParent) {
    // An account without its guardian record reaches nothing (district 0).
    if (!principal.guardian_id) return paraplan::Principal::Guardian(0, 0);
    return paraplan::Principal::Guardian(*principal.guardian_id, principal.district_id);
  }
  std::optional<StaffRole> role = StaffRoleFor(principal.role);
  if (!role || !principal.staff_id) {
    return paraplan::Principal::Staff(StaffRole::kParaeducator, 0, 0, std::nullopt);
  }
  return paraplan::Principal::Staff(*role, *principal.staff_id, principal.district_id,
                                    principal.school_id);
}

Date TodayOf(const Clock& clock) {
  auto day = std::chrono::floor<std::chrono::days>(clock.Now());
  return Date::FromDays(static_cast<std::int32_t>(day.time_since_epoch().count()));
}

Error Refusal(const Decision& decision, std::string_view what) {
  if (decision.outcome == AccessOutcome::kForbidden) {
    Error error = Error::PermissionDenied(
        fmt::format("{}: {}", paraplan::NameOf(decision.rule), decision.Reason()));
    return error;
  }
  return Error::NotFound(fmt::format("no such {}", what));
}

AccessGuard::AccessGuard(const AccessSources& sources, Context& context, const Request& request)
    : sources_(sources),
      context_(context),
      request_(request),
      principal_(context.principal.value_or(Principal{})) {}

Result<Id> AccessGuard::DistrictOfSchool(Transaction& tx, Id school_id) {
  auto known = school_districts_.find(school_id);
  if (known != school_districts_.end()) return known->second;
  School school = PARAPLAN_TRY(tx.GetSchool(school_id));
  school_districts_.emplace(school_id, school.district_id);
  return school.district_id;
}

Result<std::set<Id>> AccessGuard::AssignedTo(Id staff_id) {
  const Date today = TodayOf(context_.services.clock);
  if (sources_.assigned_students) return sources_.assigned_students(context_, staff_id, today);
  return context_.services.security.StudentsAssignedTo(staff_id, today);
}

Result<const std::set<Id>*> AccessGuard::AssignedToCaller() {
  if (!assigned_) {
    if (!principal_.staff_id) {
      assigned_.emplace();
    } else {
      assigned_ = PARAPLAN_TRY(AssignedTo(*principal_.staff_id));
    }
  }
  return &*assigned_;
}

Result<std::vector<Id>> AccessGuard::GoalsCollectedInPlans(Id staff_id, Id student_id) {
  std::vector<Id> goals;
  SqlRunner* runner = context_.services.store.sql_runner();
  if (runner == nullptr) return goals;
  // A para collects data on the goals a published service delivery plan
  // names them collector of; drafts are not yet instructions to anyone.
  std::unique_ptr<PlanStore> plans = MakePlanStore(*runner);
  PlanFilter filter;
  filter.staff_id = staff_id;
  filter.status = PlanStatus::kPublished;
  filter.limit = 1000;
  while (true) {
    std::vector<ServicePlan> found = PARAPLAN_TRY(plans->List(filter));
    for (const ServicePlan& plan : found) {
      for (const DataToCollect& data : plan.data_to_collect) {
        if (data.student_id == student_id && data.collector_id == staff_id &&
            std::ranges::find(goals, data.goal_id) == goals.end()) {
          goals.push_back(data.goal_id);
        }
      }
    }
    if (static_cast<int>(found.size()) < filter.limit) break;
    filter.after = found.back().id;
  }
  return goals;
}

Result<AccessFacts> AccessGuard::FactsFor(Transaction& tx, const paraplan::Student& student) {
  return FactsFor(tx, student, principal_);
}

Result<AccessFacts> AccessGuard::FactsFor(Transaction& tx, const paraplan::Student& student,
                                          const Principal& who) {
  StudentRelationship relationship;
  if (who.role == Role::kParent) {
    if (who.guardian_id) {
      std::vector<GuardianLink> links =
          PARAPLAN_TRY(tx.ListGuardianLinks(student.id, *who.guardian_id));
      for (const GuardianLink& link : links) {
        relationship.guardian = true;
        relationship.custody_restricted =
            relationship.custody_restricted || link.custody_restricted;
      }
    }
  } else if (who.staff_id) {
    const Id staff_id = *who.staff_id;
    relationship.case_manager = student.case_manager_id == staff_id;
    bool is_assigned = false;
    if (staff_id == principal_.staff_id) {
      is_assigned = PARAPLAN_TRY(AssignedToCaller())->contains(student.id);
    } else {
      is_assigned = PARAPLAN_TRY(AssignedTo(staff_id)).contains(student.id);
    }
    relationship.assigned_para = is_assigned && who.role == Role::kParaeducator;
    relationship.service_provider = is_assigned && who.role != Role::kParaeducator;
    if (who.role == Role::kGeneralEducator || who.role == Role::kSpecialEducator) {
      SectionFilter filter;
      filter.general_educator_id = staff_id;
      filter.student_id = student.id;
      filter.page.limit = 1;
      relationship.section_teacher = !PARAPLAN_TRY(tx.ListSections(filter)).empty();
    }
    if (relationship.assigned_para) {
      relationship.goals_collected =
          sources_.goals_collected
              ? PARAPLAN_TRY(sources_.goals_collected(context_, staff_id, student.id))
              : PARAPLAN_TRY(GoalsCollectedInPlans(staff_id, student.id));
    }
  }
  const Id district_id = PARAPLAN_TRY(DistrictOfSchool(tx, student.school_id));
  return AccessFacts::ForStudent(student, district_id, std::move(relationship));
}

Result<Decision> AccessGuard::Peek(Transaction& tx, const paraplan::Student& student,
                                   AccessAction action, RecordFamily family) {
  AccessFacts facts = PARAPLAN_TRY(FactsFor(tx, student));
  return paraplan::Decide(PolicyPrincipal(principal_), action, family, facts);
}

void AccessGuard::Record(const paraplan::Student& student, RecordFamily family, Id record_id,
                         AccessAction action, const Decision& decision) {
  AuditRecord event;
  event.district_id = principal_.district_id;
  event.at = context_.services.clock.Now().time_since_epoch().count();
  event.account_id = principal_.account_id;
  event.role = std::string(paraplan::NameOf(principal_.role));
  event.staff_id = principal_.staff_id;
  event.guardian_id = principal_.guardian_id;
  event.student_id = student.id;
  event.family = std::string(paraplan::NameOf(family));
  event.record_id = record_id == 0 ? student.id : record_id;
  event.action = std::string(paraplan::NameOf(action));
  event.method = std::string(AuditedMethod(request_.method));
  event.route = request_.route;
  event.result = decision.allowed() ? "allowed" : "refused";
  event.rule = std::string(paraplan::NameOf(decision.rule));
  event.request_id = request_.request_id;
  events_.push_back(std::move(event));
}

Result<AccessGuard::Granted> AccessGuard::ForStudent(Transaction& tx, Id student_id,
                                                     AccessAction action, RecordFamily family,
                                                     Id record_id, std::string_view what) {
  Result<paraplan::Student> student = tx.GetStudent(student_id);
  if (!student) {
    if (student.error().code == ErrorCode::kNotFound) {
      return Fail(Error::NotFound(fmt::format("no such {}", what)));
    }
    return Fail(student.error());
  }
  AccessFacts facts = PARAPLAN_TRY(FactsFor(tx, *student));
  Decision decision = paraplan::Decide(PolicyPrincipal(principal_), action, family, facts);
  Record(*student, family, record_id, action, decision);
  if (!decision.allowed()) return Fail(Refusal(decision, what));
  return Granted{std::move(*student), std::move(decision), std::move(facts.relationship)};
}

Result<Decision> AccessGuard::ForDistrictRecord(AccessAction action, RecordFamily family,
                                                Id district_id, std::optional<Id> school_id) {
  return paraplan::Decide(PolicyPrincipal(principal_), action, family,
                          AccessFacts::ForRecord(district_id, school_id));
}

Result<void> AccessGuard::Finish() {
  if (events_.empty()) return {};
  Result<void> appended = context_.services.security.AppendAudit(events_);
  events_.clear();
  return appended;
}

Result<Response> Guarded(const AccessSources& sources, Context& context, const Request& request,
                         TransactionKind kind,
                         const std::function<Result<Response>(AccessGuard&, Transaction&)>& work) {
  const Principal* principal = PARAPLAN_TRY(RequireSignedIn(context));
  AccessGuard guard(sources, context, request);
  std::optional<Result<Response>> answer;
  auto run = [&](Transaction& tx) -> Result<void> {
    guard.DiscardPending();
    answer = work(guard, tx);
    // A refusal or a failed change rolls the transaction back.
    if (!*answer) return Fail(answer->error());
    return {};
  };
  Result<void> done = kind == TransactionKind::kRead
                          ? context.services.store.ReadInDistrict(principal->district_id, run)
                          : context.services.store.WriteInDistrict(principal->district_id, run);
  PARAPLAN_TRY(guard.Finish());
  if (!done) return Fail(done.error());
  if (!answer) return Fail(Error::Internal("the transaction did not run"));
  return std::move(*answer);
}

}  // namespace paraplan::http
