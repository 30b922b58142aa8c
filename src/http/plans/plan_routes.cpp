#include "http/plans/plan_routes.h"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <set>

#include "domain/json_reader.h"
#include "domain/plan_json.h"
#include "http/json_body.h"
#include "http/plans/staff_actor.h"
#include "http/resources/access_guard.h"
#include "http/resources/resource_helpers.h"
#include "rules/plan_rules.h"
#include "rules/role_boundaries.h"
#include "scheduling/schedule_view.h"
#include "scheduling/school_schedule.h"

namespace paraplan::http {
namespace {

using json_reader::Name;
using nlohmann::json;

Result<StaffActor> RequireLicensedReader(const Context& context) {
  StaffActor actor = PARAPLAN_TRY(RequireStaff(context));
  if (actor.role == StaffRole::kParaeducator) {
    return Fail(Error::PermissionDenied(
        "a paraeducator sees their part of the published plans in /api/v1/me/day"));
  }
  return actor;
}

Result<StaffActor> RequireLicensedWriter(const Context& context) {
  StaffActor actor = PARAPLAN_TRY(RequireStaff(context));
  if (!IsLicensedEducator(actor.role)) {
    return Fail(Error::PermissionDenied(
        fmt::format("a {} does not write lesson or service delivery plans; licensed educators do",
                    NameOf(actor.role))));
  }
  return actor;
}

// The school's calendar covering `date`; without one, a stand-in with no
// name in which every weekday is a school day.
Result<SchoolCalendar> CalendarOn(Transaction& tx, Id school_id, Date date) {
  for (SchoolCalendar& calendar : PARAPLAN_TRY(tx.ListCalendars(school_id))) {
    if (calendar.first_day <= date && date <= calendar.last_day) return std::move(calendar);
  }
  SchoolCalendar weekdays;
  weekdays.first_day = date.AddDays(-730);
  weekdays.last_day = date.AddDays(1);
  return weekdays;
}

// When the plan is due and whether it came (or, as a draft, would come
// today) too late, from the district's lead time and the school's calendar.
Result<PlanTiming> TimingOf(Transaction& tx, const ServicePlan& plan, Date today) {
  Section section = PARAPLAN_TRY(tx.GetSection(plan.section_id));
  School school = PARAPLAN_TRY(tx.GetSchool(section.school_id));
  District district = PARAPLAN_TRY(tx.GetDistrict(school.district_id));
  const SchoolCalendar calendar = PARAPLAN_TRY(CalendarOn(tx, school.id, plan.date));
  return CheckTiming(plan.date, plan.submitted_on.value_or(today), district.lesson_plan_lead_days,
                     calendar);
}

json PlanJson(const ServicePlan& plan, const PlanTiming& timing) {
  json out = ToJson(plan);
  out["deadline"] = timing.deadline.ToString();
  out["late"] = timing.late;
  return out;
}

// Takes each adult's role and missing name from the roster (a role the
// client sent is checked against it by RefuseChangesToOwned), and adds the
// author when they are not listed.
Result<void> ResolveAdults(Transaction& tx, ServicePlan& plan, Id district_id) {
  if (!plan.FindAdult(plan.author_id)) {
    plan.adults.insert(plan.adults.begin(),
                       {plan.author_id, StaffRole::kGeneralEducator, "", Presence::kInRoom});
  }
  std::vector<FieldProblem> problems;
  for (std::size_t i = 0; i < plan.adults.size(); ++i) {
    PlanAdult& adult = plan.adults[i];
    Result<Staff> staff = tx.GetStaff(adult.staff_id);
    if (!staff || staff->district_id != district_id) {
      problems.push_back(
          {fmt::format("adults[{}].staff_id", i), "names no staff member of the district"});
      continue;
    }
    adult.role = staff->role;
    if (adult.name.empty()) adult.name = fmt::format("{} {}", staff->first_name, staff->last_name);
  }
  if (!problems.empty()) return Fail(Error::Invalid("service plan names unknown adults", problems));
  return {};
}

// Each goal the plan has data collected on is a goal of its student's IEP
// (the para could not record data on another). Asked only once every named
// student is known to be the caller's to see: the answer must not tell
// whose goal an id is.
Result<void> CheckGoals(Transaction& tx, const ServicePlan& plan) {
  std::vector<FieldProblem> problems;
  std::map<Id, std::set<Id>> goals_of;
  for (std::size_t i = 0; i < plan.data_to_collect.size(); ++i) {
    const DataToCollect& data = plan.data_to_collect[i];
    auto [goals, added] = goals_of.try_emplace(data.student_id);
    if (added) {
      for (const Iep& iep : PARAPLAN_TRY(tx.ListIeps(data.student_id))) {
        for (const Goal& goal : iep.goals) goals->second.insert(goal.id);
      }
    }
    if (!goals->second.contains(data.goal_id)) {
      problems.push_back(
          {fmt::format("data_to_collect[{}].goal_id", i), "names no goal of the student's IEP"});
    }
  }
  if (!problems.empty()) {
    return Fail(Error::Invalid("service plan collects data on unknown goals", problems));
  }
  return {};
}

Result<json> ReadPlanBody(const Request& request) { return ParseJsonBody(request); }

// A new plan is for a day the section meets and the school teaches: not a
// day the school's calendar has no instruction (a weekend, a holiday;
// weekends when no calendar covers the date), not a weekday the section does
// not meet. (A past date is taken: a lesson may be written up after it was
// taught; it is flagged late.)
Result<void> CheckLessonDay(Transaction& tx, const Section& section, Date date) {
  static constexpr std::array<const char*, 7> kDays = {
      "Mondays", "Tuesdays", "Wednesdays", "Thursdays", "Fridays", "Saturdays", "Sundays"};
  const char* weekday = kDays[static_cast<std::size_t>(date.IsoWeekday() - 1)];
  auto refuse = [&](std::string reason) -> Result<void> {
    return Fail(Error::Invalid("the lesson date is not one the section teaches",
                               {{"date", std::move(reason)}}));
  };
  const SchoolCalendar calendar = PARAPLAN_TRY(CalendarOn(tx, section.school_id, date));
  if (!calendar.IsInstructionalDay(date)) {
    return refuse(calendar.name.empty()
                      ? fmt::format("is a weekend day: the school does not teach on {}", weekday)
                      : fmt::format("is not a school day of the {} calendar", calendar.name));
  }
  const bool meets =
      std::any_of(section.meetings.begin(), section.meetings.end(), [&](const Meeting& meeting) {
        return static_cast<int>(meeting.weekday) == date.IsoWeekday();
      });
  if (!section.meetings.empty() && !meets) {
    return refuse(fmt::format("{} does not meet on {}", section.code, weekday));
  }
  return {};
}

// What the plan's lifecycle and the roster own: its id, section, date,
// author, status, submission, reviewer, the reason of its last return,
// version (on a new plan) and each adult's role. A client may send them as it read them, or leave
// them out; a different value is refused, never dropped, so no client believes it changed what it
// did not. `owned` is the plan as the server has set them (adults' roles from the roster); `given`
// is the body they were read from.
Result<void> RefuseChangesToOwned(const json& body, const ServicePlan& given,
                                  const ServicePlan& owned, bool is_new) {
  std::vector<FieldProblem> problems;
  // The body was read as a plan already: an object, so the reader adds no
  // problem of its own.
  const json_reader::Reader in(body, problems);
  if (in.Has("id") && given.id != owned.id) {
    problems.push_back({"id", is_new ? "is given to a new plan when it is made: leave it out"
                                     : fmt::format("names plan {}, not plan {} of the address",
                                                   given.id, owned.id)});
  }
  if (in.Has("section_id") && given.section_id != owned.section_id) {
    problems.push_back({"section_id", fmt::format("is {} and cannot change: a plan is for one "
                                                  "section and date (make a new plan)",
                                                  owned.section_id)});
  }
  if (in.Has("date") && given.date != owned.date) {
    problems.push_back({"date", fmt::format("is {} and cannot change: a plan is for one section "
                                            "and date (make a new plan)",
                                            owned.date.ToString())});
  }
  if (in.Has("author_id") && given.author_id != owned.author_id) {
    problems.push_back(
        {"author_id", fmt::format("is {}: the author is whoever made the plan", owned.author_id)});
  }
  if (in.Has("status") && given.status != owned.status) {
    problems.push_back({"status", fmt::format("is {}: it changes only by submit, review, publish "
                                              "and return",
                                              NameOf(owned.status))});
  }
  if (in.Has("submitted_on") && given.submitted_on != owned.submitted_on) {
    problems.push_back({"submitted_on", "is set when the plan is submitted"});
  }
  if (in.Has("reviewer_id") && given.reviewer_id != owned.reviewer_id) {
    problems.push_back({"reviewer_id", "is set when the plan is reviewed"});
  }
  if (in.Has("return_reason") && given.return_reason != owned.return_reason) {
    problems.push_back({"return_reason", "is set when the plan is returned to its author"});
  }
  if (is_new && in.Has("version") && given.version != owned.version) {
    problems.push_back({"version", "is given to a new plan when it is made: leave it out"});
  }
  const json* adults = in.Has("adults") ? &body.at("adults") : nullptr;
  for (std::size_t i = 0; adults && adults->is_array() && i < adults->size(); ++i) {
    if (!json_reader::Reader((*adults)[i], problems).Has("role")) continue;
    const PlanAdult* listed = owned.FindAdult(given.adults[i].staff_id);
    if (listed && listed->role != given.adults[i].role) {
      problems.push_back({fmt::format("adults[{}].role", i),
                          fmt::format("is {} on the roster: a plan lists each adult's role as the "
                                      "roster has it",
                                      NameOf(listed->role))});
    }
  }
  if (!problems.empty()) {
    return Fail(Error::Invalid("a service plan's own fields cannot be set", std::move(problems)));
  }
  return {};
}

// The students a plan names: in its adaptations, adapted lessons, data to
// collect and roles.
std::set<Id> StudentsNamed(const ServicePlan& plan) {
  std::set<Id> students;
  for (const StudentAdaptation& adaptation : plan.adaptations) {
    students.insert(adaptation.student_id);
  }
  for (const AdaptedLesson& lesson : plan.adapted_lessons) {
    students.insert(lesson.student_ids.begin(), lesson.student_ids.end());
  }
  for (const DataToCollect& data : plan.data_to_collect) students.insert(data.student_id);
  for (const RoleAssignment& role : plan.roles) {
    students.insert(role.student_ids.begin(), role.student_ids.end());
  }
  return students;
}

// The access policy's decision on `action` for each student a plan names
// (RecordFamily::kPlan). A named id that is no student has none: there is no
// record to protect or to audit.
struct NamedStudent {
  Student student;
  Decision decision;
};
Result<std::vector<NamedStudent>> DecideNamed(AccessGuard& guard, Transaction& tx,
                                              const std::set<Id>& students, AccessAction action) {
  std::vector<NamedStudent> decided;
  for (Id student_id : students) {
    Result<Student> student = tx.GetStudent(student_id);
    if (!student) {
      if (student.error().code == ErrorCode::kNotFound) continue;
      return Fail(student.error());
    }
    Decision decision = PARAPLAN_TRY(guard.Peek(tx, *student, action, RecordFamily::kPlan));
    decided.push_back({std::move(*student), std::move(decision)});
  }
  return decided;
}

// DecideNamed for a change: a student id that names no student is refused as
// a student the caller may not see is (AuditChange), so that a change cannot
// tell the two apart, nor name a student who does not exist.
Result<std::vector<NamedStudent>> DecideChange(AccessGuard& guard, Transaction& tx,
                                               const std::set<Id>& students) {
  std::vector<NamedStudent> decided =
      PARAPLAN_TRY(DecideNamed(guard, tx, students, AccessAction::kWrite));
  std::set<Id> missing = students;
  for (const NamedStudent& named : decided) missing.erase(named.student.id);
  if (!missing.empty())
    return Fail(Error::NotFound(fmt::format("no student {}", *missing.begin())));
  return decided;
}

// The first refused student among the decisions, if any.
const NamedStudent* RefusedAmong(const std::vector<NamedStudent>& decided) {
  for (const NamedStudent& named : decided) {
    if (!named.decision.allowed()) return &named;
  }
  return nullptr;
}

// Records each decision for the audit log under the plan's id (a plan not yet
// created has none: its entries name the student).
void RecordNamed(AccessGuard& guard, const std::vector<NamedStudent>& decided, Id plan_id,
                 AccessAction action) {
  for (const NamedStudent& named : decided) {
    guard.Record(named.student, RecordFamily::kPlan, plan_id, action, named.decision);
  }
}

// Records the decisions on the students a stored plan names and appends them
// to the audit log. A student the caller may not see hides the plan, word for
// word as a plan that does not exist; a change they may not make is
// kPermissionDenied naming the rule.
Result<void> AuditStored(AccessGuard& guard, const std::vector<NamedStudent>& decided, Id plan_id,
                         AccessAction action) {
  RecordNamed(guard, decided, plan_id, action);
  PARAPLAN_TRY(guard.Finish());
  const NamedStudent* refused = RefusedAmong(decided);
  if (refused == nullptr) return {};
  if (refused->decision.outcome == AccessOutcome::kHidden) {
    return Fail(Error::NotFound(fmt::format("no service plan {}", plan_id)));
  }
  return Fail(Refusal(refused->decision, "service plan"));
}

// The plan with its timing, read in one snapshot; kNotFound across districts
// and, for staff of one school, for another school's sections. With a guard,
// also decides `action` on every student the plan names and records each
// decision for the audit log; a student the caller may not see hides the plan
// (kNotFound) and one they may not change refuses the change (kPermissionDenied).
struct LoadedPlan {
  ServicePlan plan;
  PlanTiming timing;
  std::vector<NamedStudent> decided;  // with a guard: the decision on each student it names
};

// LoadPlan's read, with the decisions not yet recorded: the caller audits them.
Result<LoadedPlan> LoadPlanUnaudited(Context& context, PlanStore& plans, Id id,
                                     const StaffActor& actor, AccessGuard* guard,
                                     AccessAction action) {
  LoadedPlan loaded{PARAPLAN_TRY(plans.Get(id)), {}, {}};
  Date today = TodayOf(context);
  Result<void> read = context.services.store.Read([&](Transaction& tx) -> Result<void> {
    // A plan of a section beyond the caller's reach reads word for word as
    // a plan that does not exist (not as its section, which would say the
    // plan exists and where).
    if (Result<Section> section = SectionOfActor(tx, loaded.plan.section_id, actor); !section) {
      if (section.error().code != ErrorCode::kNotFound) return Fail(section.error());
      return Fail(Error::NotFound(fmt::format("no service plan {}", id)));
    }
    loaded.timing = PARAPLAN_TRY(TimingOf(tx, loaded.plan, today));
    if (guard != nullptr) {
      loaded.decided = PARAPLAN_TRY(DecideNamed(*guard, tx, StudentsNamed(loaded.plan), action));
    }
    return {};
  });
  if (!read) return Fail(read.error());
  return loaded;
}

Result<std::pair<ServicePlan, PlanTiming>> LoadPlan(Context& context, PlanStore& plans, Id id,
                                                    const StaffActor& actor, AccessGuard* guard,
                                                    AccessAction action) {
  LoadedPlan loaded = PARAPLAN_TRY(LoadPlanUnaudited(context, plans, id, actor, guard, action));
  if (guard != nullptr) PARAPLAN_TRY(AuditStored(*guard, loaded.decided, loaded.plan.id, action));
  return std::pair{std::move(loaded.plan), loaded.timing};
}

// Records the decisions on a change naming these students in a plan
// (`plan_id`, 0 for one not yet created) and appends them to the audit log;
// a student the caller may not see is kNotFound, as a student that does not
// exist.
Result<void> AuditChange(AccessGuard& guard, const std::vector<NamedStudent>& decided, Id plan_id) {
  RecordNamed(guard, decided, plan_id, AccessAction::kWrite);
  PARAPLAN_TRY(guard.Finish());
  const NamedStudent* refused = RefusedAmong(decided);
  if (refused == nullptr) return {};
  if (refused->decision.outcome == AccessOutcome::kHidden) {
    return Fail(Error::NotFound(fmt::format("no student {}", refused->student.id)));
  }
  return Fail(Refusal(refused->decision, "student"));
}

// The plan as a change left it, for the response; the change was audited.
Result<std::pair<ServicePlan, PlanTiming>> LoadChanged(Context& context, PlanStore& plans, Id id,
                                                       const StaffActor& actor) {
  return LoadPlan(context, plans, id, actor, nullptr, AccessAction::kWrite);
}

Result<Response> Catalogue(const Request&, Context& context) {
  PARAPLAN_TRY(RequireStaff(context));
  json list = json::array();
  for (const ActivityRule& rule : ActivityCatalogue()) {
    list.push_back({{"activity", Name(rule.activity)},
                    {"scope", Name(rule.scope)},
                    {"description", rule.description},
                    {"source", rule.source}});
  }
  return Response::Json(200, {{"activities", std::move(list)}});
}

Result<Response> CreatePlan(const Request& request, Context& context) {
  StaffActor actor = PARAPLAN_TRY(RequireLicensedWriter(context));
  json body = PARAPLAN_TRY(ReadPlanBody(request));
  const ServicePlan given = PARAPLAN_TRY(PlanFromJson(body, PlanJsonForm::kNew));
  ServicePlan plan = given;
  plan.id = 0;
  plan.version = 0;
  plan.status = PlanStatus::kDraft;
  plan.author_id = actor.staff_id;
  plan.submitted_on.reset();
  plan.reviewer_id.reset();
  plan.return_reason.reset();
  const AccessSources assignments;  // the security store's staff-student assignments
  AccessGuard guard(assignments, context, request);
  std::vector<NamedStudent> decided;
  Result<void> read = context.services.store.Read([&](Transaction& tx) -> Result<void> {
    const Section section = PARAPLAN_TRY(SectionOfActor(tx, plan.section_id, actor));
    PARAPLAN_TRY(CheckLessonDay(tx, section, plan.date));
    decided = PARAPLAN_TRY(DecideChange(guard, tx, StudentsNamed(plan)));
    if (RefusedAmong(decided) == nullptr) PARAPLAN_TRY(CheckGoals(tx, plan));
    return ResolveAdults(tx, plan, actor.district_id);
  });
  if (!read) return Fail(read.error());
  if (RefusedAmong(decided) != nullptr) PARAPLAN_TRY(AuditChange(guard, decided, 0));
  PARAPLAN_TRY(RefuseChangesToOwned(body, given, plan, /*is_new=*/true));
  PARAPLAN_TRY(CheckPlan(plan));
  SqlRunner* runner = PARAPLAN_TRY(RunnerOf(context));
  auto plans = MakePlanStore(*runner);
  ServicePlan created = PARAPLAN_TRY(plans->Create(plan, actor.staff_id, NowOf(context)));
  PARAPLAN_TRY(AuditChange(guard, decided, created.id));
  auto [stored, timing] = PARAPLAN_TRY(LoadChanged(context, *plans, created.id, actor));
  return Response::Json(201, PlanJson(stored, timing));
}

Result<Response> GetPlan(const Request& request, Context& context) {
  Id id = PARAPLAN_TRY(request.PathId("id"));
  StaffActor actor = PARAPLAN_TRY(RequireLicensedReader(context));
  auto plans = MakePlanStore(*PARAPLAN_TRY(RunnerOf(context)));
  const AccessSources assignments;  // the security store's staff-student assignments
  AccessGuard guard(assignments, context, request);
  auto [plan, timing] =
      PARAPLAN_TRY(LoadPlan(context, *plans, id, actor, &guard, AccessAction::kRead));
  return Response::Json(200, PlanJson(plan, timing));
}

Result<std::optional<Date>> QueryDate(const Request& request, std::string_view name) {
  std::optional<std::string_view> text = request.Query(name);
  if (!text) return std::optional<Date>();
  std::optional<Date> date = Date::Parse(*text);
  if (!date) {
    return Fail(Error::Invalid(fmt::format("{} is not a date", name),
                               {{std::string(name), "must be a date (YYYY-MM-DD)"}}));
  }
  return date;
}

Result<Response> ListPlans(const Request& request, Context& context) {
  StaffActor actor = PARAPLAN_TRY(RequireLicensedReader(context));
  PlanFilter filter;
  filter.section_id = PARAPLAN_TRY(QueryId(request, "section_id"));
  filter.staff_id = PARAPLAN_TRY(QueryId(request, "staff_id"));
  filter.from = PARAPLAN_TRY(QueryDate(request, "from"));
  filter.to = PARAPLAN_TRY(QueryDate(request, "to"));
  if (std::optional<Date> date = PARAPLAN_TRY(QueryDate(request, "date")))
    filter.from = filter.to = date;
  if (std::optional<std::string_view> status = request.Query("status")) {
    filter.status = ParseEnum<PlanStatus>(*status);
    if (!filter.status) {
      return Fail(
          Error::Invalid("status is not a plan status",
                         {{"status", "must be one of draft, submitted, reviewed, published"}}));
    }
  }
  // Paged as every list: ?after=&limit=, {"items": [...], "next_after": id|null}.
  const Page page = PARAPLAN_TRY(PageOf(request));
  filter.after = page.after;
  filter.limit = page.limit;
  // Only plans within the caller's reach are read, so that the page, and
  // the cursor to the next, say nothing of other schools' plans.
  filter.district_id = actor.district_id;
  filter.school_id = actor.school_id;
  auto plans = MakePlanStore(*PARAPLAN_TRY(RunnerOf(context)));
  json list = json::array();
  Date today = TodayOf(context);
  const AccessSources assignments;  // the security store's staff-student assignments
  AccessGuard guard(assignments, context, request);
  // Each listed plan's decisions; a plan naming a student the caller may not
  // see is left out, and only what is listed is audited. Plans are read
  // until the page is full, so a page is short only when it is the last.
  std::vector<std::pair<Id, std::vector<NamedStudent>>> listed;
  std::optional<Id> next;
  std::map<Id, bool> in_district;
  const std::size_t limit = static_cast<std::size_t>(filter.limit);
  for (bool more = true; more;) {
    std::vector<ServicePlan> found = PARAPLAN_TRY(plans->List(filter));
    const std::size_t listed_before = listed.size();
    const json list_before = list;
    Result<void> read = context.services.store.Read([&](Transaction& tx) -> Result<void> {
      // As it was before this batch, should the read be run again.
      list = list_before;
      listed.resize(listed_before);
      next.reset();
      more = found.size() == limit;
      for (const ServicePlan& plan : found) {
        auto known = in_district.find(plan.section_id);
        if (known == in_district.end()) {
          known =
              in_district
                  .emplace(plan.section_id, SectionOfActor(tx, plan.section_id, actor).has_value())
                  .first;
        }
        if (!known->second) continue;
        std::vector<NamedStudent> decided =
            PARAPLAN_TRY(DecideNamed(guard, tx, StudentsNamed(plan), AccessAction::kRead));
        if (RefusedAmong(decided) != nullptr) continue;
        list.push_back(PlanJson(plan, PARAPLAN_TRY(TimingOf(tx, plan, today))));
        listed.emplace_back(plan.id, std::move(decided));
        if (list.size() == limit) {
          next = plan.id;
          more = false;
          break;
        }
      }
      return {};
    });
    if (!read) return Fail(read.error());
    if (more) filter.after = found.back().id;
  }
  for (const auto& [plan_id, decided] : listed) {
    RecordNamed(guard, decided, plan_id, AccessAction::kRead);
  }
  PARAPLAN_TRY(guard.Finish());
  return Response::Json(200, PageBody(std::move(list), next));
}

// Who may change the content of a plan in its current status.
Result<void> CheckMayEdit(const StaffActor& actor, const ServicePlan& plan) {
  if (IsIepOwner(actor.role)) return {};
  if (actor.role == StaffRole::kGeneralEducator && plan.status == PlanStatus::kDraft) return {};
  return Fail(Error::PermissionDenied(
      fmt::format("a {} may not change a {} plan; the special educator or related service provider "
                  "reviews it",
                  NameOf(actor.role), NameOf(plan.status))));
}

Result<Response> UpdatePlan(const Request& request, Context& context) {
  Id id = PARAPLAN_TRY(request.PathId("id"));
  StaffActor actor = PARAPLAN_TRY(RequireLicensedWriter(context));
  json body = PARAPLAN_TRY(ReadPlanBody(request));
  const ServicePlan input = PARAPLAN_TRY(PlanFromJson(body, PlanJsonForm::kChange));
  if (!body.contains("version") || !body["version"].is_number_integer()) {
    return Fail(Error::Invalid("the plan's version is required",
                               {{"version", "is required: the version the change was made to"}}));
  }
  auto plans = MakePlanStore(*PARAPLAN_TRY(RunnerOf(context)));
  const AccessSources assignments;  // the security store's staff-student assignments
  AccessGuard guard(assignments, context, request);
  auto [stored, timing] =
      PARAPLAN_TRY(LoadPlan(context, *plans, id, actor, &guard, AccessAction::kWrite));
  PARAPLAN_TRY(CheckMayEdit(actor, stored));
  ServicePlan plan = input;
  // What the lifecycle owns is the stored plan's (a body that says otherwise
  // is refused by RefuseChangesToOwned, below).
  plan.id = stored.id;
  plan.section_id = stored.section_id;
  plan.date = stored.date;
  plan.author_id = stored.author_id;
  plan.status = stored.status;
  plan.submitted_on = stored.submitted_on;
  plan.reviewer_id = stored.reviewer_id;
  plan.return_reason = stored.return_reason;
  // The students the change adds are decided too (those it keeps were, above).
  std::set<Id> added = StudentsNamed(plan);
  for (Id kept : StudentsNamed(stored)) added.erase(kept);
  std::vector<NamedStudent> decided;
  Result<void> read = context.services.store.Read([&](Transaction& tx) -> Result<void> {
    decided = PARAPLAN_TRY(DecideChange(guard, tx, added));
    if (RefusedAmong(decided) == nullptr) PARAPLAN_TRY(CheckGoals(tx, plan));
    return ResolveAdults(tx, plan, actor.district_id);
  });
  if (!read) return Fail(read.error());
  PARAPLAN_TRY(AuditChange(guard, decided, plan.id));
  PARAPLAN_TRY(RefuseChangesToOwned(body, input, plan, /*is_new=*/false));
  PARAPLAN_TRY(CheckPlan(plan));
  ServicePlan updated = PARAPLAN_TRY(plans->Update(plan, actor.staff_id, NowOf(context)));
  auto [fresh, fresh_timing] = PARAPLAN_TRY(LoadChanged(context, *plans, updated.id, actor));
  return Response::Json(200, PlanJson(fresh, fresh_timing));
}

// A return's reason, checked: text of at most 2,000 characters, sent only
// with a return.
Result<std::optional<std::string>> ReturnReason(const json& value, PlanStatus to) {
  constexpr std::size_t kLongest = 2000;
  if (to != PlanStatus::kDraft) {
    return Fail(
        Error::Invalid("only a return takes a reason",
                       {{"reason", "is sent only when the plan is returned to its author"}}));
  }
  if (!value.is_string()) {
    return Fail(Error::Invalid("reason is not text", {{"reason", "must be text"}}));
  }
  std::string text = value.get<std::string>();
  const auto blank = [](unsigned char c) { return std::isspace(c) != 0; };
  while (!text.empty() && blank(static_cast<unsigned char>(text.back()))) text.pop_back();
  const auto first = std::ranges::find_if_not(text, blank);
  text.erase(text.begin(), first);
  if (text.size() > kLongest) {
    return Fail(Error::Invalid("reason is too long",
                               {{"reason", fmt::format("is at most {} characters", kLongest)}}));
  }
  if (text.empty()) return std::optional<std::string>();
  return std::optional<std::string>(std::move(text));
}

Handler MoveTo(PlanStatus to) {
  return [to](const Request& request, Context& context) -> Result<Response> {
    Id id = PARAPLAN_TRY(request.PathId("id"));
    // Paras and administrators move no plan (CheckTransition's rule, asked
    // before the plan is read so the refusal says nothing of it).
    StaffActor actor = PARAPLAN_TRY(RequireLicensedWriter(context));
    std::optional<std::int64_t> version;
    std::optional<std::string> reason;  // a return's: what the author should change
    if (!request.body.empty()) {
      json body = PARAPLAN_TRY(ParseJsonBody(request));
      if (body.is_object() && body.contains("version")) {
        if (!body["version"].is_number_integer()) {
          return Fail(
              Error::Invalid("version is not a number", {{"version", "must be a whole number"}}));
        }
        version = body["version"].get<std::int64_t>();
      }
      if (body.is_object() && body.contains("reason") && !body["reason"].is_null()) {
        reason = PARAPLAN_TRY(ReturnReason(body["reason"], to));
      }
    }
    auto plans = MakePlanStore(*PARAPLAN_TRY(RunnerOf(context)));
    const AccessSources assignments;  // the security store's staff-student assignments
    AccessGuard guard(assignments, context, request);
    LoadedPlan loaded =
        PARAPLAN_TRY(LoadPlanUnaudited(context, *plans, id, actor, &guard, AccessAction::kWrite));
    const ServicePlan& stored = loaded.plan;
    // A student the caller may not change refuses the change first, audited
    // as a refused write.
    if (RefusedAmong(loaded.decided) != nullptr) {
      PARAPLAN_TRY(AuditStored(guard, loaded.decided, stored.id, AccessAction::kWrite));
    }
    Result<ServicePlan> transition =
        version && *version != stored.version
            ? Fail(Error::Conflict(fmt::format("plan {} is at version {}, not {}: read it again",
                                               id, stored.version, *version)))
            : Transition(stored, to, actor.staff_id, actor.role, TodayOf(context));
    // A transition that cannot happen (a stale version, a status the plan
    // cannot reach from its own, a role the plan's rules refuse) changes
    // nothing: the students are audited as read, since the answer shows the
    // plan's state, and never as an allowed write.
    PARAPLAN_TRY(AuditStored(guard, loaded.decided, stored.id,
                             transition ? AccessAction::kWrite : AccessAction::kRead));
    ServicePlan moved = PARAPLAN_TRY(std::move(transition));
    // A return says why (when the reviewer gives a reason); the next
    // submission has answered it.
    if (to == PlanStatus::kDraft) moved.return_reason = reason;
    if (to == PlanStatus::kSubmitted) moved.return_reason.reset();
    if (to == PlanStatus::kReviewed) {
      // The reviewer may have been added to the plan: take their name from the roster.
      PARAPLAN_TRY(context.services.store.Read(
          [&](Transaction& tx) { return ResolveAdults(tx, moved, actor.district_id); }));
    }
    ServicePlan updated = PARAPLAN_TRY(plans->Update(moved, actor.staff_id, NowOf(context)));
    auto [fresh, fresh_timing] = PARAPLAN_TRY(LoadChanged(context, *plans, updated.id, actor));
    return Response::Json(200, PlanJson(fresh, fresh_timing));
  };
}

Result<Response> PlanHistory(const Request& request, Context& context) {
  Id id = PARAPLAN_TRY(request.PathId("id"));
  StaffActor actor = PARAPLAN_TRY(RequireLicensedReader(context));
  auto plans = MakePlanStore(*PARAPLAN_TRY(RunnerOf(context)));
  const AccessSources assignments;  // the security store's staff-student assignments
  AccessGuard guard(assignments, context, request);
  auto [current, timing] =
      PARAPLAN_TRY(LoadPlan(context, *plans, id, actor, &guard, AccessAction::kRead));
  std::vector<PlanVersion> versions = PARAPLAN_TRY(plans->History(id));
  // Earlier versions may name students the plan no longer does: reading them
  // is a read of those students too.
  std::set<Id> earlier;
  for (const PlanVersion& version : versions) earlier.merge(StudentsNamed(version.plan));
  for (Id named : StudentsNamed(current)) earlier.erase(named);
  std::vector<NamedStudent> decided;
  Result<void> read = context.services.store.Read([&](Transaction& tx) -> Result<void> {
    decided = PARAPLAN_TRY(DecideNamed(guard, tx, earlier, AccessAction::kRead));
    return {};
  });
  if (!read) return Fail(read.error());
  PARAPLAN_TRY(AuditStored(guard, decided, id, AccessAction::kRead));
  json list = json::array();
  for (const PlanVersion& version : versions) {
    list.push_back({{"version", version.version},
                    {"changed_by", version.changed_by},
                    {"changed_at", FormatTimestamp(version.changed_at)},
                    {"status", Name(version.plan.status)},
                    {"plan", ToJson(version.plan)}});
  }
  return Response::Json(200, {{"versions", std::move(list)}});
}

// A student as the brief shows them: what this adult implements.
json BriefStudentJson(const BriefStudent& student) {
  json adaptations = json::array();
  for (const StudentAdaptation& adaptation : student.adaptations) {
    adaptations.push_back(
        {{"kind", Name(adaptation.kind)}, {"description", adaptation.description}});
  }
  json lessons = json::array();
  for (const AdaptedLesson& lesson : student.adapted_lessons) {
    lessons.push_back({{"key", lesson.key}, {"title", lesson.title}, {"content", lesson.content}});
  }
  json services = json::array();
  for (const Service& service : student.services) {
    services.push_back({{"id", service.id},
                        {"type", Name(service.type)},
                        {"minutes", service.minutes},
                        {"period", Name(service.period)},
                        {"setting", Name(service.setting)},
                        {"delivery", Name(service.delivery)}});
  }
  json accommodations = json::array();
  for (const Accommodation& accommodation : student.accommodations) {
    accommodations.push_back({{"id", accommodation.id},
                              {"kind", Name(accommodation.kind)},
                              {"description", accommodation.description}});
  }
  json levels = json::array();
  for (const RegulationLevel& level : student.regulation_plan) {
    levels.push_back({{"level", level.level},
                      {"student_signs", level.student_signs},
                      {"staff_response", level.staff_response}});
  }
  json goals = json::array();
  for (const BriefGoal& goal : student.goals) {
    goals.push_back({{"id", goal.goal_id},
                     {"statement", goal.statement},
                     {"method", Name(goal.method)},
                     {"how", goal.how}});
  }
  return {{"id", student.student_id},
          {"name", student.name},
          {"adaptations", std::move(adaptations)},
          {"adapted_lessons", std::move(lessons)},
          {"services", std::move(services)},
          {"accommodations", std::move(accommodations)},
          {"regulation_plan", std::move(levels)},
          {"goals", std::move(goals)}};
}

json BriefJson(const DailyBrief& brief) {
  json blocks = json::array();
  for (const BriefBlock& block : brief.blocks) {
    json roles = json::array();
    for (const BriefRole& role : block.roles) {
      roles.push_back(
          {{"part", role.part},
           {"part_description", role.part_description},
           {"minutes", role.minutes},
           {"activity", Name(role.activity)},
           {"audience", Name(role.audience)},
           {"student_ids", role.student_ids},
           {"supervisor_id", role.supervisor_id ? json(*role.supervisor_id) : json(nullptr)},
           {"supervisor_name", role.supervisor_name},
           {"note", role.note}});
    }
    json students = json::array();
    for (const BriefStudent& student : block.students)
      students.push_back(BriefStudentJson(student));
    json out = {{"plan_id", block.plan_id},
                {"section_id", block.section_id},
                {"course", block.course},
                {"room_id", block.room_id ? json(*block.room_id) : json(nullptr)},
                {"room", block.room},
                {"objective", block.objective},
                {"roles", std::move(roles)},
                {"students", std::move(students)}};
    if (block.span) {
      out["start"] = block.span->start.ToString();
      out["end"] = block.span->end.ToString();
    }
    blocks.push_back(std::move(out));
  }
  json schedule = json::array();
  for (const BriefSlot& slot : brief.schedule) {
    json students = json::array();
    for (const BriefStudent& student : slot.students) students.push_back(BriefStudentJson(student));
    schedule.push_back({{"block", slot.block},
                        {"start", slot.span.start.ToString()},
                        {"end", slot.span.end.ToString()},
                        {"kind", slot.kind},
                        {"room_id", slot.room_id ? json(*slot.room_id) : json(nullptr)},
                        {"room", slot.room},
                        {"students", std::move(students)}});
    if (slot.usual) {
      schedule.back()["usual"] = {
          {"kind", slot.usual->kind},
          {"room_id", slot.usual->room_id ? json(*slot.usual->room_id) : json(nullptr)},
          {"room", slot.usual->room},
          {"students_absent", slot.usual->students_absent}};
    }
  }
  return {{"date", brief.date.ToString()},
          {"para_id", brief.para_id},
          {"blocks", std::move(blocks)},
          {"schedule", std::move(schedule)}};
}

// The para's day in their school's published schedule: its blocks, and
// for a day a published re-plan changed for them, the re-plan and when the
// para read the change.
struct ParaScheduledDay {
  std::vector<ScheduledSlot> slots;
  std::optional<Id> changed_by;  // the day's published re-plan, when it changed the para's day
  std::optional<std::int64_t> seen_at;
};

// The para's blocks of the day in their school's published schedule (none
// when the school has no published schedule that week, or the store cannot
// keep schedules).
Result<ParaScheduledDay> ScheduledDay(Context& context, const StaffActor& para, Date date,
                                      scheduling::ScheduleCache& cache) {
  ParaScheduledDay scheduled;
  std::vector<ScheduledSlot>& day = scheduled.slots;
  if (!para.school_id || context.services.store.sql_runner() == nullptr) return scheduled;
  scheduling::SchoolScheduler scheduler(context.services.store);
  const std::shared_ptr<const scheduling::LoadedSchedule> published =
      PARAPLAN_TRY(scheduler.Published(*para.school_id, date, cache));
  if (!published) return scheduled;
  for (scheduling::ParaSlot& slot : scheduling::ParaDayOf(*published, para.staff_id, date)) {
    day.push_back({std::move(slot.block), slot.span, std::string(schedule::NameOf(slot.activity)),
                   slot.room_id, std::move(slot.room), std::move(slot.student_ids), std::nullopt});
  }
  // A re-planned day (an absence, or changed by hand), or a week updated
  // (a para away for days, a change of the school): each block it changed
  // from the para's usual week (the week the re-plan changes, or the week
  // the update made again) says what it usually is, and a block it freed is
  // shown free. A para away that day has no day.
  if (day.empty()) return scheduled;
  const scheduling::UsualWeek week = PARAPLAN_TRY(scheduler.UsualWeekOf(*published, cache));
  if (!week.plan) return scheduled;
  std::map<std::string, scheduling::ParaSlot> usual;
  for (scheduling::ParaSlot& slot :
       scheduling::ParaDayOf(published->problem, *week.plan, para.staff_id, date)) {
    usual.emplace(slot.block, std::move(slot));
  }
  // The students the published schedule has absent that day (their needs
  // marked so when it was made): a block it changed says how many of the
  // para's usual students it left out for that. Read from the schedule, not
  // the absences recorded since, which it has not planned for.
  std::set<Id> absent;
  for (const schedule::Need& need : published->problem.needs) {
    if (need.absent && static_cast<int>(published->problem.blocks[schedule::At(need.block)].day) ==
                           date.IsoWeekday()) {
      absent.insert(need.student_id);
    }
  }
  auto usual_of = [&absent](const scheduling::ParaSlot& slot) {
    return UsualSlot{std::string(schedule::NameOf(slot.activity)), slot.room_id, slot.room,
                     static_cast<int>(std::ranges::count_if(
                         slot.student_ids, [&](Id student) { return absent.contains(student); }))};
  };
  for (ScheduledSlot& slot : day) {
    const auto found = usual.find(slot.block);
    if (found == usual.end()) {
      slot.usual = UsualSlot{std::string(schedule::NameOf(schedule::Activity::kFree)), {}, {}};
      continue;
    }
    const scheduling::ParaSlot& was = found->second;
    if (slot.kind != schedule::NameOf(was.activity) || slot.room_id != was.room_id ||
        slot.student_ids != was.student_ids) {
      slot.usual = usual_of(was);
    }
    usual.erase(found);
  }
  for (const auto& [block, was] : usual) {
    day.push_back({block,
                   was.span,
                   std::string(schedule::NameOf(schedule::Activity::kFree)),
                   std::nullopt,
                   {},
                   {},
                   usual_of(was)});
  }
  std::ranges::stable_sort(day, {},
                           [](const ScheduledSlot& slot) { return slot.span.start.minutes; });
  if (std::ranges::any_of(day, [](const ScheduledSlot& slot) { return slot.usual.has_value(); })) {
    scheduled.changed_by = published->stored.id;
    const std::map<Id, std::int64_t> seen =
        PARAPLAN_TRY(scheduler.SeenBy(published->stored.id, date));
    if (const auto at = seen.find(para.staff_id); at != seen.end()) scheduled.seen_at = at->second;
  }
  return scheduled;
}

// The paras whom `published` has supporting students in the section's room
// during its meeting on `date`, each from their first such block to their
// last.
json ParasInRoom(const scheduling::LoadedSchedule& published, const Section& section, Date date) {
  std::vector<TimeSpan> meetings;
  for (const Meeting& meeting : section.meetings) {
    if (static_cast<int>(meeting.weekday) == date.IsoWeekday()) meetings.push_back(meeting.span);
  }
  json paras = json::array();
  for (const schedule::Para& para : published.problem.paras) {
    std::optional<TimeSpan> there;
    std::string room;
    for (const scheduling::ParaSlot& slot : scheduling::ParaDayOf(published, para.id, date)) {
      if (slot.activity != schedule::Activity::kSupport || slot.room_id != section.room_id ||
          std::ranges::none_of(meetings,
                               [&](const TimeSpan& span) { return span.Overlaps(slot.span); })) {
        continue;
      }
      if (!there) there = slot.span;
      there->start.minutes = std::min(there->start.minutes, slot.span.start.minutes);
      there->end.minutes = std::max(there->end.minutes, slot.span.end.minutes);
      room = slot.room;
    }
    if (!there) continue;
    paras.push_back({{"staff_id", para.id},
                     {"name", para.name},
                     {"room", room},
                     {"start", there->start.ToString()},
                     {"end", there->end.ToString()}});
  }
  return paras;
}

// The paras whom `published` has anywhere but the section's room during
// its meeting on `date` (students in another room, or a duty): one entry a
// block, for the reviewer who gives such a para a role in the lesson.
json ParasElsewhere(const scheduling::LoadedSchedule& published, const Section& section,
                    Date date) {
  std::vector<TimeSpan> meetings;
  for (const Meeting& meeting : section.meetings) {
    if (static_cast<int>(meeting.weekday) == date.IsoWeekday()) meetings.push_back(meeting.span);
  }
  json elsewhere = json::array();
  for (const schedule::Para& para : published.problem.paras) {
    for (const scheduling::ParaSlot& slot : scheduling::ParaDayOf(published, para.id, date)) {
      if ((slot.activity == schedule::Activity::kSupport && slot.room_id == section.room_id) ||
          std::ranges::none_of(meetings,
                               [&](const TimeSpan& span) { return span.Overlaps(slot.span); })) {
        continue;
      }
      elsewhere.push_back({{"staff_id", para.id},
                           {"name", para.name},
                           {"kind", schedule::NameOf(slot.activity)},
                           {"room", slot.room},
                           {"start", slot.span.start.ToString()},
                           {"end", slot.span.end.ToString()}});
    }
  }
  return elsewhere;
}

// The paras whom the school's published schedule (the day's published
// re-plan, else the week's) has supporting students in the section's room
// during its meeting on the plan's date: the adults the reviewer is likely
// to give a role. Staff, rooms and times only; the students stay in the
// plan. Read as the plan is read.
Handler ScheduledParas(std::shared_ptr<scheduling::ScheduleCache> schedules) {
  return [schedules](const Request& request, Context& context) -> Result<Response> {
    const Id id = PARAPLAN_TRY(request.PathId("id"));
    StaffActor actor = PARAPLAN_TRY(RequireLicensedReader(context));
    auto plans = MakePlanStore(*PARAPLAN_TRY(RunnerOf(context)));
    const AccessSources assignments;  // the security store's staff-student assignments
    AccessGuard guard(assignments, context, request);
    const ServicePlan plan =
        PARAPLAN_TRY(LoadPlan(context, *plans, id, actor, &guard, AccessAction::kRead)).first;
    Section section;
    if (Result<void> read = context.services.store.Read([&](Transaction& tx) -> Result<void> {
          section = PARAPLAN_TRY(tx.GetSection(plan.section_id));
          return {};
        });
        !read) {
      return Fail(read.error());
    }
    json paras = json::array();
    json elsewhere = json::array();
    if (section.room_id && context.services.store.sql_runner() != nullptr) {
      scheduling::SchoolScheduler scheduler(context.services.store);
      const std::shared_ptr<const scheduling::LoadedSchedule> published =
          PARAPLAN_TRY(scheduler.Published(section.school_id, plan.date, *schedules));
      if (published) {
        paras = ParasInRoom(*published, section, plan.date);
        elsewhere = ParasElsewhere(*published, section, plan.date);
      }
    }
    return Response::Json(200, {{"paras", std::move(paras)}, {"elsewhere", std::move(elsewhere)}});
  };
}

// The daily brief of an adult in the room; a para's day also reads their
// blocks of the published schedule from `schedules`.
Handler MyDay(AssignedStudents assigned_students,
              std::shared_ptr<scheduling::ScheduleCache> schedules) {
  return [assigned_students, schedules](const Request& request,
                                        Context& context) -> Result<Response> {
    StaffActor actor = PARAPLAN_TRY(RequireStaff(context));
    if (actor.role == StaffRole::kAdministrator) {
      return Fail(Error::PermissionDenied("the daily brief is for the adults in the room"));
    }
    Date date = PARAPLAN_TRY(QueryDate(request, "date")).value_or(TodayOf(context));
    auto plans = MakePlanStore(*PARAPLAN_TRY(RunnerOf(context)));
    PlanFilter filter;
    filter.staff_id = actor.staff_id;
    filter.status = PlanStatus::kPublished;
    filter.from = filter.to = date;
    filter.limit = 1000;
    BriefSources sources;
    sources.para_id = actor.staff_id;
    sources.date = date;
    sources.plans = PARAPLAN_TRY(plans->List(filter));
    ParaScheduledDay scheduled;
    if (actor.role == StaffRole::kParaeducator) {
      sources.assigned_students = PARAPLAN_TRY(assigned_students(context, actor.staff_id, date));
      scheduled = PARAPLAN_TRY(ScheduledDay(context, actor, date, *schedules));
      sources.scheduled = scheduled.slots;
    } else {
      // A licensed educator in the room serves the students the plan gives
      // them (and may see them: they teach or case-manage them).
      for (const ServicePlan& plan : sources.plans) {
        for (const RoleAssignment& role : plan.roles) {
          if (role.staff_id == actor.staff_id) {
            sources.assigned_students.insert(role.student_ids.begin(), role.student_ids.end());
          }
        }
        for (const DataToCollect& data : plan.data_to_collect) {
          if (data.collector_id == actor.staff_id)
            sources.assigned_students.insert(data.student_id);
        }
      }
    }
    // The brief shows parts of each student's IEP: only of students the
    // access policy lets this adult read on the brief's day, and every one
    // shown is audited.
    const AccessSources on_the_day{[&assigned_students, date](Context& of, Id staff_id, Date) {
                                     return assigned_students(of, staff_id, date);
                                   },
                                   {}};
    AccessGuard guard(on_the_day, context, request);
    Result<void> read = context.services.store.Read([&](Transaction& tx) -> Result<void> {
      std::set<Id> sections;
      std::set<Id> students;
      // Only assigned students are ever read.
      auto named = [&](Id student_id) {
        if (sources.assigned_students.contains(student_id)) students.insert(student_id);
      };
      for (const ServicePlan& plan : sources.plans) {
        sections.insert(plan.section_id);
        for (const RoleAssignment& role : plan.roles) {
          if (role.staff_id == actor.staff_id)
            std::for_each(role.student_ids.begin(), role.student_ids.end(), named);
        }
        for (const DataToCollect& data : plan.data_to_collect) {
          if (data.collector_id == actor.staff_id) named(data.student_id);
        }
      }
      for (const ScheduledSlot& slot : sources.scheduled) {
        std::for_each(slot.student_ids.begin(), slot.student_ids.end(), named);
      }
      for (Id section_id : sections) {
        Section section = PARAPLAN_TRY(SectionInDistrict(tx, section_id, actor.district_id));
        if (section.room_id) {
          if (Result<Room> room = tx.GetRoom(*section.room_id)) sources.rooms.push_back(*room);
        }
        sources.sections.push_back(std::move(section));
      }
      // Only students who are on the roster and whom this adult may read on
      // the day appear, anywhere in the brief: a student a published plan
      // names may have left the district since, or be out of the adult's
      // reach; the brief goes on without them.
      std::set<Id> shown;
      for (Id student_id : students) {
        Result<Student> found = tx.GetStudent(student_id);
        if (!found) {
          if (found.error().code == ErrorCode::kNotFound) continue;
          return Fail(found.error());
        }
        Student student = std::move(*found);
        Decision decision =
            PARAPLAN_TRY(guard.Peek(tx, student, AccessAction::kRead, RecordFamily::kIep));
        guard.Record(student, RecordFamily::kIep, 0, AccessAction::kRead, decision);
        if (!decision.allowed()) continue;
        shown.insert(student_id);
        sources.students.push_back(std::move(student));
        for (Iep& iep : PARAPLAN_TRY(tx.ListIeps(student_id))) {
          if (iep.status == IepStatus::kActive) sources.ieps.push_back(std::move(iep));
        }
      }
      sources.assigned_students = std::move(shown);
      return {};
    });
    PARAPLAN_TRY(guard.Finish());
    if (!read) return Fail(read.error());
    json brief = BriefJson(BuildDailyBrief(sources));
    // A day a published re-plan changed: whether the para has read it yet.
    if (scheduled.changed_by) {
      brief["changes_seen_at"] = scheduled.seen_at ? json(*scheduled.seen_at) : json(nullptr);
    }
    return Response::Json(200, std::move(brief));
  };
}

// The para has read the changes the day's published re-plan makes to their
// day (POST /api/v1/me/day/seen with {"date"}): the board shows it to the
// coordinator. 409 when the day has no change of theirs to read.
Handler DaySeen(std::shared_ptr<scheduling::ScheduleCache> schedules) {
  return [schedules](const Request& request, Context& context) -> Result<Response> {
    StaffActor actor = PARAPLAN_TRY(RequireStaff(context));
    if (actor.role != StaffRole::kParaeducator) {
      return Fail(Error::PermissionDenied("only a para reads the changes to their own day"));
    }
    Date date;
    PARAPLAN_TRY(ReadJsonObject(request, [&](json_reader::Reader& read, const json&) {
      read.RefuseUnknown({"date"});
      read.Day("date", date, true);
    }));
    const ParaScheduledDay scheduled = PARAPLAN_TRY(ScheduledDay(context, actor, date, *schedules));
    if (!scheduled.changed_by) {
      return Fail(Error::FailedPrecondition(
          fmt::format("your day on {} is as in your usual week: no re-plan or update changed it",
                      date.ToString())));
    }
    const std::int64_t now = context.services.clock.Now().time_since_epoch().count();
    scheduling::SchoolScheduler scheduler(context.services.store);
    PARAPLAN_TRY(scheduler.MarkSeen(*scheduled.changed_by, actor.staff_id, date, now));
    const std::map<Id, std::int64_t> seen =
        PARAPLAN_TRY(scheduler.SeenBy(*scheduled.changed_by, date));
    return Response::Json(200, {{"schedule_id", *scheduled.changed_by},
                                {"date", date.ToString()},
                                {"seen_at", seen.at(actor.staff_id)}});
  };
}

}  // namespace

void AddPlanRoutes(Router& router, AssignedStudents assigned_students,
                   std::shared_ptr<scheduling::ScheduleCache> schedules) {
  router.Add(Method::kGet, "/api/v1/activities", Catalogue);
  router.Add(Method::kPost, "/api/v1/plans", CreatePlan);
  router.Add(Method::kGet, "/api/v1/plans", ListPlans);
  router.Add(Method::kGet, "/api/v1/plans/{id}", GetPlan);
  router.Add(Method::kPut, "/api/v1/plans/{id}", UpdatePlan);
  router.Add(Method::kPost, "/api/v1/plans/{id}/submit", MoveTo(PlanStatus::kSubmitted));
  router.Add(Method::kPost, "/api/v1/plans/{id}/review", MoveTo(PlanStatus::kReviewed));
  router.Add(Method::kPost, "/api/v1/plans/{id}/publish", MoveTo(PlanStatus::kPublished));
  router.Add(Method::kPost, "/api/v1/plans/{id}/return", MoveTo(PlanStatus::kDraft));
  router.Add(Method::kGet, "/api/v1/plans/{id}/history", PlanHistory);
  router.Add(Method::kGet, "/api/v1/plans/{id}/scheduled-paras", ScheduledParas(schedules));
  router.Add(Method::kGet, "/api/v1/me/day", MyDay(std::move(assigned_students), schedules));
  router.Add(Method::kPost, "/api/v1/me/day/seen", DaySeen(schedules));
}

}  // namespace paraplan::http
