#include "http/schedules/schedule_routes.h"

#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <functional>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <set>
#include <utility>
#include <vector>

#include "http/json_body.h"
#include "http/resources/resource_helpers.h"
#include "report/schedule_workbook.h"
#include "schedule/plan.h"
#include "scheduling/schedule_view.h"
#include "scheduling/school_schedule.h"
#include "store/capture_store.h"
#include "store/sql_runner.h"

namespace paraplan::http {
namespace {

using nlohmann::json;
using scheduling::LoadedSchedule;
using scheduling::SchoolScheduler;

UnixSeconds NowSeconds(const Context& context) {
  return context.services.clock.Now().time_since_epoch().count();
}

// The caller as a coordinator: an administrator whose scope holds the school.
Result<const Principal*> RequireCoordinator(Context& context, const Request& request,
                                            const AccessSources& sources, Id school_id) {
  const Principal* principal = PARAPLAN_TRY(RequireSignedIn(context));
  if (principal->role != Role::kAdministrator) {
    return Fail(Error::PermissionDenied(
        "the schedule board is the coordinator's: administrators run, read and publish para "
        "schedules"));
  }
  Id district_id = 0;
  PARAPLAN_TRY(context.services.store.ReadInDistrict(
      principal->district_id, [&](Transaction& tx) -> Result<void> {
        Result<School> school = tx.GetSchool(school_id);
        if (school) district_id = school->district_id;
        return {};
      }));
  if (district_id != principal->district_id) {
    return Fail(Error::NotFound(fmt::format("no school {}", school_id)));
  }
  AccessGuard guard(sources, context, request);
  const Decision decision = PARAPLAN_TRY(
      guard.ForDistrictRecord(AccessAction::kWrite, RecordFamily::kSchool, district_id, school_id));
  if (!decision.allowed()) return Fail(Refusal(decision, "school"));
  return principal;
}

// Only administrators mark students absent or take an absence back: said
// before the student is looked up, so others learn nothing of them.
Result<void> RequireAbsenceMarker(const Principal& principal) {
  if (principal.role == Role::kAdministrator) return {};
  return Fail(Error::PermissionDenied(
      "the schedule board is the coordinator's: administrators mark students absent"));
}

Result<Date> DateOf(std::optional<std::string_view> text, std::string_view field) {
  if (!text) {
    return Fail(Error::Invalid(fmt::format("{} is required", field),
                               {{std::string(field), "is required, as YYYY-MM-DD"}}));
  }
  std::optional<Date> date = Date::Parse(*text);
  if (!date) {
    return Fail(Error::Invalid(fmt::format("{} is not a date", field),
                               {{std::string(field), "must be a date, YYYY-MM-DD"}}));
  }
  return *date;
}

// A positive id the query must carry; 422 naming it when missing or malformed.
Result<Id> RequiredQueryId(const Request& request, std::string_view field) {
  const std::optional<Id> id = PARAPLAN_TRY(QueryId(request, field));
  if (!id) {
    return Fail(Error::Invalid(fmt::format("{} is required", field),
                               {{std::string(field), "is required, a positive whole number"}}));
  }
  return *id;
}

// What the schedule routes share: the access sources and the parsed
// published schedules.
struct Shared {
  AccessSources sources;
  std::shared_ptr<scheduling::ScheduleCache> schedules;
};

// The names of the students a schedule's view shows, each an audited read
// of their day; a student the caller may not see has no name (the view
// says "A student"), and one who left the roster since is left out.
template <typename Students>
Result<std::map<Id, std::string>> AuditedNames(AccessGuard& guard, Transaction& tx,
                                               const Students& students) {
  std::map<Id, std::string> names;
  for (Id id : students) {
    Result<Student> student = tx.GetStudent(id);
    if (!student) continue;
    const Decision decision =
        PARAPLAN_TRY(guard.Peek(tx, *student, AccessAction::kRead, RecordFamily::kStudentDay));
    guard.Record(*student, RecordFamily::kStudentDay, student->id, AccessAction::kRead, decision);
    if (decision.allowed()) {
      names[id] = fmt::format("{} {}", student->first_name, student->last_name);
    }
  }
  return names;
}

scheduling::StudentName NameIn(const std::map<Id, std::string>& names) {
  return [&names](Id id) -> std::optional<std::string> {
    auto found = names.find(id);
    if (found == names.end()) return std::nullopt;
    return found->second;
  };
}

// A day the board shows, and the schedule shown that day (null: none).
struct ShownDay {
  Date date;
  const LoadedSchedule* schedule = nullptr;
};

// A published re-plan's or week update's view also says which paras it
// changes the day of (from the week the re-plan changes, or the week the
// update made again), and when each read the change on their day
// (`paras_told`).
Result<void> AddParasTold(SchoolScheduler& scheduler, scheduling::ScheduleCache& cache,
                          const LoadedSchedule& schedule, Date day, json& view) {
  if (schedule.stored.status != ScheduleStatus::kPublished) return {};
  const scheduling::UsualWeek week = PARAPLAN_TRY(scheduler.UsualWeekOf(schedule, cache));
  if (!week.plan) return {};
  const std::map<Id, std::int64_t> seen = PARAPLAN_TRY(scheduler.SeenBy(schedule.stored.id, day));
  json told = json::array();
  for (Id staff_id : scheduling::ParasChangedOn(schedule, *week.plan, day)) {
    const auto para = std::ranges::find_if(
        schedule.problem.paras, [&](const schedule::Para& each) { return each.id == staff_id; });
    const auto at = seen.find(staff_id);
    told.push_back({{"staff_id", staff_id},
                    {"name", para->name},
                    {"seen_at", at == seen.end() ? json(nullptr) : json(at->second)}});
  }
  view["paras_told"] = std::move(told);
  return {};
}

// Each day's view of its schedule (null for a day without one), each
// student shown an audited read of their day, once for all the days; a
// student the caller may not see is shown without a name. A published
// schedule's summary is of the week in force (its re-plans in place), so it
// reads the same whichever day is shown.
Result<std::vector<json>> ViewsOf(Shared& shared, Context& context, const Request& request,
                                  const std::vector<ShownDay>& days) {
  SchoolScheduler scheduler(context.services.store);
  std::map<std::pair<Id, Date>, std::optional<scheduling::WeekInForce>> weeks;
  std::vector<const schedule::Plan*> week_plans;  // [day]
  std::set<Id> students;
  for (const ShownDay& day : days) {
    const schedule::Plan* week_plan = nullptr;
    if (day.schedule && day.schedule->stored.status == ScheduleStatus::kPublished) {
      const std::pair<Id, Date> key{day.schedule->stored.school_id, day.schedule->stored.week};
      if (!weeks.contains(key)) {
        weeks[key] = PARAPLAN_TRY(scheduler.InForce(key.first, key.second, *shared.schedules));
      }
      if (const auto& week = weeks.at(key)) week_plan = &week->plan;
    }
    week_plans.push_back(week_plan);
    if (!day.schedule) continue;
    for (Id id : scheduling::StudentsOn(*day.schedule, day.date, week_plan)) students.insert(id);
  }
  std::vector<json> views;
  const auto show = [&](AccessGuard& guard, Transaction& tx) -> Result<Response> {
    const std::map<Id, std::string> names = PARAPLAN_TRY(AuditedNames(guard, tx, students));
    views.clear();  // a transaction run again shows the days again
    for (std::size_t d = 0; d < days.size(); ++d) {
      views.push_back(days[d].schedule ? scheduling::ViewOf(*days[d].schedule, days[d].date,
                                                            NameIn(names), week_plans[d])
                                       : json(nullptr));
    }
    return Response::NoContent();
  };
  PARAPLAN_TRY(Guarded(shared.sources, context, request, TransactionKind::kRead, show));
  for (std::size_t d = 0; d < days.size(); ++d) {
    if (days[d].schedule) {
      PARAPLAN_TRY(
          AddParasTold(scheduler, *shared.schedules, *days[d].schedule, days[d].date, views[d]));
    }
  }
  return views;
}

// The day's view of the schedule (ViewsOf), answered with `status`.
Result<Response> View(Shared& shared, Context& context, const Request& request,
                      const LoadedSchedule& schedule, Date day, int status) {
  std::vector<json> views = PARAPLAN_TRY(ViewsOf(shared, context, request, {{day, &schedule}}));
  return Response::Json(status, std::move(views.front()));
}

// The school days of a schedule: a re-plan's day, or each weekday of the
// week that has blocks.
std::vector<Date> SchoolDaysOf(const LoadedSchedule& schedule) {
  if (schedule.stored.day) return {*schedule.stored.day};
  std::set<int> weekdays;
  for (const schedule::Block& block : schedule.problem.blocks) {
    weekdays.insert(static_cast<int>(block.day));
  }
  std::vector<Date> days;
  for (int weekday : weekdays) days.push_back(schedule.stored.week.AddDays(weekday - 1));
  return days;
}

// A schedule as the school works it: a published week's plan with the
// published re-plans of its days in place (SchoolScheduler::InForce), shown
// as one schedule; any other schedule as it is.
struct WorkedSchedule {
  LoadedSchedule schedule;
  std::optional<schedule::Plan> week_plan;  // set for a published week

  const schedule::Plan* WeekPlan() const { return week_plan ? &*week_plan : nullptr; }
};

Result<WorkedSchedule> WorkedOf(Shared& shared, Context& context, const LoadedSchedule& schedule) {
  WorkedSchedule worked{schedule, std::nullopt};
  if (schedule.stored.status == ScheduleStatus::kPublished && !schedule.stored.day) {
    SchoolScheduler scheduler(context.services.store);
    std::optional<scheduling::WeekInForce> week = PARAPLAN_TRY(
        scheduler.InForce(schedule.stored.school_id, schedule.stored.week, *shared.schedules));
    if (week && week->schedule->stored.id == schedule.stored.id) {
      worked.schedule.plan = week->plan;
      worked.week_plan = std::move(week->plan);
    }
  }
  return worked;
}

// One IEP service paras deliver, over the schedule's week: the figures of
// capability 8 (required, make-up owed, scheduled, delivered).
struct ServiceFigures {
  const schedule::ServiceNeed* service = nullptr;
  int scheduled_minutes = 0;  // in its setting, as the school works the week
  int delivered_minutes = 0;  // the week's sessions recorded as delivered, make-ups too

  // The figures as the workbook's row of the service, for `student_name`.
  report::ServiceWeek Week(std::string student_name) const {
    return {std::move(student_name),
            std::string(NameOf(service->type)),
            std::string(NameOf(service->setting)),
            service->minutes_per_week,
            service->makeup_minutes,
            scheduled_minutes,
            delivered_minutes};
  }
};

Result<std::vector<ServiceFigures>> ServiceWeeks(Context& context, const LoadedSchedule& worked) {
  const schedule::Problem& problem = worked.problem;
  const std::vector<std::int64_t> scheduled = schedule::ServiceMinutes(problem, worked.plan);
  SqlRunner* runner = context.services.store.sql_runner();
  if (runner == nullptr) return Fail(Error::Internal("the store has no SQL backend for capture"));
  const Date monday = worked.stored.week;
  const std::vector<CaptureRecord> sessions =
      PARAPLAN_TRY(MakeCaptureStore(*runner)->ServiceSessions(worked.stored.school_id, monday,
                                                              monday.AddDays(7)));
  std::map<Id, int> delivered;
  for (const CaptureRecord& record : sessions) {
    const auto* session = std::get_if<ServiceSession>(&record.body);
    if (session != nullptr && session->outcome == SessionOutcome::kDelivered) {
      delivered[session->service_id] += session->minutes;
    }
  }
  std::vector<ServiceFigures> figures;
  for (std::size_t s = 0; s < problem.services.size(); ++s) {
    const auto given = delivered.find(problem.services[s].id);
    figures.push_back({&problem.services[s], static_cast<int>(scheduled[s]),
                       given == delivered.end() ? 0 : given->second});
  }
  return figures;
}

// The schedule as a spreadsheet (report::ScheduleWorkbook), one sheet a day.
// A published week shows each day as the paras work it: the day's published
// re-plan where there is one. Each student it names is an audited read of
// their day, once; a student the caller may not see is "A student".
Result<Response> Workbook(Shared& shared, Context& context, const Request& request,
                          const LoadedSchedule& schedule) {
  const WorkedSchedule worked_schedule = PARAPLAN_TRY(WorkedOf(shared, context, schedule));
  const LoadedSchedule& worked = worked_schedule.schedule;
  const schedule::Plan* week_plan = worked_schedule.WeekPlan();
  const std::vector<Date> days = SchoolDaysOf(schedule);
  std::set<Id> students;
  for (const Date day : days) {
    for (Id id : scheduling::StudentsOn(worked, day, week_plan)) students.insert(id);
  }
  const std::vector<ServiceFigures> figures = PARAPLAN_TRY(ServiceWeeks(context, worked));
  for (const ServiceFigures& each : figures) students.insert(each.service->student_id);
  return Guarded(
      shared.sources, context, request, TransactionKind::kRead,
      [&](AccessGuard& guard, Transaction& tx) -> Result<Response> {
        const School school = PARAPLAN_TRY(tx.GetSchool(schedule.stored.school_id));
        const std::map<Id, std::string> names = PARAPLAN_TRY(AuditedNames(guard, tx, students));
        const scheduling::StudentName name_of = NameIn(names);
        std::vector<json> views;
        for (const Date day : days) {
          views.push_back(scheduling::ViewOf(worked, day, name_of, week_plan));
        }
        std::vector<report::ServiceWeek> services;
        for (const ServiceFigures& each : figures) {
          services.push_back(each.Week(name_of(each.service->student_id).value_or("A student")));
        }
        std::ranges::stable_sort(services, {}, [](const report::ServiceWeek& service) {
          return std::tie(service.student_name, service.type);
        });
        const std::string bytes =
            PARAPLAN_TRY(report::ScheduleWorkbook(school.name, views, services));
        Response response = Response::Bytes(
            200, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", bytes);
        response.headers.Set(
            "Content-Disposition",
            fmt::format("attachment; filename=\"para-schedule-{}-{}.xlsx\"",
                        schedule.stored.school_id,
                        schedule.stored.day.value_or(schedule.stored.week).ToString()));
        return response;
      });
}

// Every IEP service paras deliver, over the schedule's week as the school
// works it, with its minutes (GET /api/v1/schedules/{id}/minutes): each
// student named is an audited read of their day, once.
Result<Response> Minutes(Shared& shared, Context& context, const Request& request,
                         const LoadedSchedule& schedule) {
  const WorkedSchedule worked_schedule = PARAPLAN_TRY(WorkedOf(shared, context, schedule));
  const LoadedSchedule& worked = worked_schedule.schedule;
  const std::vector<ServiceFigures> figures = PARAPLAN_TRY(ServiceWeeks(context, worked));
  std::set<Id> students;
  for (const ServiceFigures& each : figures) students.insert(each.service->student_id);
  return Guarded(shared.sources, context, request, TransactionKind::kRead,
                 [&](AccessGuard& guard, Transaction& tx) -> Result<Response> {
                   const std::map<Id, std::string> names =
                       PARAPLAN_TRY(AuditedNames(guard, tx, students));
                   const scheduling::StudentName name_of = NameIn(names);
                   std::vector<json> services;
                   for (const ServiceFigures& each : figures) {
                     const schedule::ServiceNeed& service = *each.service;
                     // A student the caller may not see is "A student", without an id.
                     const std::optional<std::string> name = name_of(service.student_id);
                     json item = {{"student_name", name.value_or("A student")},
                                  {"service_id", service.id},
                                  {"type", NameOf(service.type)},
                                  {"setting", NameOf(service.setting)},
                                  {"minutes_per_week", service.minutes_per_week},
                                  {"makeup_minutes", service.makeup_minutes},
                                  {"scheduled_minutes", each.scheduled_minutes},
                                  {"delivered_minutes", each.delivered_minutes},
                                  {"still_to_give", each.Week(std::string()).StillToGive()}};
                     if (name) item["student_id"] = service.student_id;
                     services.push_back(std::move(item));
                   }
                   std::ranges::stable_sort(services, {}, [](const json& item) {
                     return std::pair(item["student_name"].get<std::string>(),
                                      item["type"].get<std::string>());
                   });
                   return Response::Json(200, {{"id", schedule.stored.id},
                                               {"school_id", schedule.stored.school_id},
                                               {"week", schedule.stored.week.ToString()},
                                               {"status", NameOf(schedule.stored.status)},
                                               {"services", services}});
                 });
}

const StoredSchedule& StoredOf(const StoredSchedule& schedule) { return schedule; }
const StoredSchedule& StoredOf(const LoadedSchedule& schedule) { return schedule.stored; }

// `schedule` (schedule `id`, as read) when the caller coordinates its
// school; kNotFound across districts.
template <typename Schedule>
Result<Schedule> ForCoordinator(Context& context, const Request& request,
                                const AccessSources& sources, Id id, Result<Schedule> schedule) {
  const Principal* principal = PARAPLAN_TRY(RequireSignedIn(context));
  if (!schedule || StoredOf(*schedule).district_id != principal->district_id) {
    if (schedule || schedule.error().code == ErrorCode::kNotFound) {
      return Fail(Error::NotFound(fmt::format("no schedule {}", id)));
    }
    return Fail(schedule.error());
  }
  PARAPLAN_TRY(RequireCoordinator(context, request, sources, StoredOf(*schedule).school_id));
  return schedule;
}

// A stored schedule the caller coordinates, parsed.
Result<LoadedSchedule> LoadForCoordinator(Context& context, const Request& request,
                                          const AccessSources& sources, Id id) {
  SchoolScheduler scheduler(context.services.store);
  return ForCoordinator(context, request, sources, id, scheduler.Load(id));
}

// The same check for a move that does not read the schedule's plan (a
// discard, a publish, a re-plan made from it): the stored row without its
// JSON, which runs to a megabyte for a large school.
Result<StoredSchedule> CheckCoordinator(Context& context, const Request& request,
                                        const AccessSources& sources, Id id) {
  SchoolScheduler scheduler(context.services.store);
  return ForCoordinator(context, request, sources, id, scheduler.Summary(id));
}

// The day a view shows: ?date= when given and inside the week, else the
// re-plan's day, else the week's Monday.
Result<Date> ViewDay(const Request& request, const LoadedSchedule& schedule) {
  if (request.Query("date")) {
    const Date day = PARAPLAN_TRY(DateOf(request.Query("date"), "date"));
    if (day.WeekStart() != schedule.stored.week) {
      return Fail(Error::Invalid(
          "date is outside the schedule's week",
          {{"date", fmt::format("must be in the week of {}", schedule.stored.week.ToString())}}));
    }
    return day;
  }
  return schedule.stored.day.value_or(schedule.stored.week);
}

// Student names for the refusals of changes made by hand: while the changes
// are checked each student named is a placeholder, and only the students a
// refusal names are then read (audited) to fill them in.
class NamedInRefusals {
 public:
  std::string operator()(Id id) {
    named_.insert(id);
    return Placeholder(id);
  }

  // `error` with each student named as the caller may see them: their name,
  // or "a student".
  Result<Error> Worded(const AccessSources& sources, Context& context, const Request& request,
                       Error error) const {
    std::map<Id, std::string> names;
    const auto read = [&](AccessGuard& guard, Transaction& tx) -> Result<Response> {
      names = PARAPLAN_TRY(AuditedNames(guard, tx, named_));
      return Response::NoContent();
    };
    PARAPLAN_TRY(Guarded(sources, context, request, TransactionKind::kRead, read));
    for (FieldProblem& problem : error.fields) {
      for (Id id : named_) {
        const auto name = names.find(id);
        const std::string words = name == names.end() ? "a student" : name->second;
        for (std::size_t at = problem.reason.find(Placeholder(id)); at != std::string::npos;
             at = problem.reason.find(Placeholder(id), at + words.size())) {
          problem.reason.replace(at, Placeholder(id).size(), words);
        }
      }
      // A sentence starts with a capital, whoever it names first.
      if (problem.reason.starts_with("a student")) problem.reason[0] = 'A';
    }
    return error;
  }

 private:
  static std::string Placeholder(Id id) { return fmt::format("\x1fstudent {}\x1f", id); }

  std::set<Id> named_;
};

// The changes a coordinator makes by hand, as the body lists them.
Result<std::vector<scheduling::SlotChange>> ChangesOf(const Request& request) {
  std::vector<scheduling::SlotChange> changes;
  PARAPLAN_TRY(ReadJsonObject(request, [&](json_reader::Reader& read, const json&) {
    read.RefuseUnknown({"changes"});
    read.Objects("changes", changes, json_reader::kRequired,
                 [](json_reader::Reader& item, scheduling::SlotChange& change) {
                   item.RefuseUnknown({"staff_id", "block", "activity", "room_id", "student_ids"});
                   item.Int("staff_id", change.staff_id, json_reader::kRequired);
                   item.Text("block", change.block, json_reader::kRequired);
                   std::string activity;
                   item.Text("activity", activity, json_reader::kRequired);
                   if (const auto parsed = schedule::ParseActivity(activity)) {
                     change.activity = *parsed;
                   } else if (!activity.empty()) {
                     item.Problem(
                         "activity",
                         "must be one of support, free, lunch, break, data_entry, other_duty");
                   }
                   item.Optional("room_id", change.room_id);
                   std::vector<std::int64_t> students;
                   item.Ints("student_ids", students, json_reader::kOptional);
                   change.student_ids.assign(students.begin(), students.end());
                 });
  }));
  return changes;
}

// A move that makes a draft re-plan of one day for one para (`para_field`
// in the body, beside "date"): 201 with the re-plan shown for that day.
using ReplanMove = Result<Id> (SchoolScheduler::*)(Id, Date, Id, std::optional<Id>, std::int64_t);
Handler ReplanRoute(std::shared_ptr<Shared> shared, std::string para_field, ReplanMove move) {
  return [shared = std::move(shared), para_field = std::move(para_field), move](
             const Request& request, Context& context) -> Result<Response> {
    const Id id = PARAPLAN_TRY(request.PathId("id"));
    Date day;
    Id staff_id = 0;
    PARAPLAN_TRY(ReadJsonObject(request, [&](json_reader::Reader& read, const json&) {
      read.RefuseUnknown({"date", para_field});
      read.Day("date", day, true);
      read.Int(para_field, staff_id, true);
    }));
    PARAPLAN_TRY(CheckCoordinator(context, request, shared->sources, id));
    const Principal* principal = PARAPLAN_TRY(RequireSignedIn(context));
    SchoolScheduler scheduler(context.services.store);
    const Id replan = PARAPLAN_TRY(
        (scheduler.*move)(id, day, staff_id, principal->staff_id, NowSeconds(context)));
    const LoadedSchedule loaded = PARAPLAN_TRY(scheduler.Load(replan));
    return View(*shared, context, request, loaded, day, 201);
  };
}

// The school of a student whose IEP the caller may read: the check is an
// audited read of it.
Result<Id> SchoolOfStudent(const AccessSources& sources, Context& context, const Request& request,
                           Id student_id) {
  Id school_id = 0;
  const Result<Response> checked = Guarded(
      sources, context, request, TransactionKind::kRead,
      [&](AccessGuard& guard, Transaction& tx) -> Result<Response> {
        PARAPLAN_TRY(guard.ForStudent(tx, student_id, AccessAction::kRead, RecordFamily::kIep));
        const Student student = PARAPLAN_TRY(tx.GetStudent(student_id));
        school_id = student.school_id;
        return Response::Json(200, json::object());
      });
  if (!checked) return Fail(checked.error());
  return school_id;
}

// The school of a para of the caller's district; 422 naming `field` for
// anyone else (the words of a staff member who does not exist).
Result<Id> SchoolOfPara(Context& context, const Principal& principal, Id staff_id,
                        std::string_view field) {
  std::optional<Staff> staff;
  PARAPLAN_TRY(context.services.store.ReadInDistrict(
      principal.district_id, [&](Transaction& tx) -> Result<void> {
        Result<Staff> found = tx.GetStaff(staff_id);
        if (found && found->district_id == principal.district_id) staff = std::move(*found);
        return {};
      }));
  if (!staff || staff->role != StaffRole::kParaeducator || !staff->school_id) {
    return Fail(Error::Invalid("the pair cannot be kept apart",
                               {{std::string(field), "names no paraeducator of a school"}}));
  }
  return *staff->school_id;
}

// Keep-apart pairs as the board lists them: the para and the student by
// name, each student an audited read of their record (one the caller may
// not see is shown as "A student").
Result<json> KeepApartJson(const AccessSources& sources, Context& context, const Request& request,
                           const std::vector<KeepApart>& pairs) {
  json items = json::array();
  const Result<Response> read = Guarded(
      sources, context, request, TransactionKind::kRead,
      [&](AccessGuard& guard, Transaction& tx) -> Result<Response> {
        for (const KeepApart& pair : pairs) {
          json item = {{"id", pair.id},
                       {"staff_id", pair.staff_id},
                       {"reason", pair.reason},
                       {"created_at", pair.created_at},
                       {"student_name", "A student"}};
          if (Result<Staff> staff = tx.GetStaff(pair.staff_id)) {
            item["staff_name"] = fmt::format("{} {}", staff->first_name, staff->last_name);
          }
          if (Result<Student> student = tx.GetStudent(pair.student_id)) {
            const Decision decision =
                PARAPLAN_TRY(guard.Peek(tx, *student, AccessAction::kRead, RecordFamily::kStudent));
            guard.Record(*student, RecordFamily::kStudent, student->id, AccessAction::kRead,
                         decision);
            if (decision.allowed()) {
              item["student_id"] = student->id;
              item["student_name"] = fmt::format("{} {}", student->first_name, student->last_name);
            }
          }
          items.push_back(std::move(item));
        }
        return Response::Json(200, json::object());
      });
  if (!read) return Fail(read.error());
  return items;
}

// Students' absences as the board lists them, each student named by an
// audited read of their day ("A student" when the caller may not see it).
Result<json> StudentAbsencesJson(const AccessSources& sources, Context& context,
                                 const Request& request,
                                 const std::vector<StudentAbsence>& absences) {
  std::set<Id> students;
  for (const StudentAbsence& absence : absences) students.insert(absence.student_id);
  std::map<Id, std::string> names;
  const Result<Response> read =
      Guarded(sources, context, request, TransactionKind::kRead,
              [&](AccessGuard& guard, Transaction& tx) -> Result<Response> {
                names = PARAPLAN_TRY(AuditedNames(guard, tx, students));
                return Response::Json(200, json::object());
              });
  if (!read) return Fail(read.error());
  json items = json::array();
  for (const StudentAbsence& absence : absences) {
    auto name = names.find(absence.student_id);
    json item = {{"id", absence.id},
                 {"day", absence.day.ToString()},
                 {"recorded_at", absence.recorded_at},
                 {"student_name", name == names.end() ? "A student" : name->second}};
    if (name != names.end()) item["student_id"] = absence.student_id;
    items.push_back(std::move(item));
  }
  return items;
}

}  // namespace

void AddScheduleRoutes(Router& router, AccessSources sources,
                       std::shared_ptr<scheduling::ScheduleCache> schedules) {
  auto shared = std::make_shared<Shared>();
  shared->sources = std::move(sources);
  shared->schedules = std::move(schedules);

  router.Add(
      Method::kPost, "/api/v1/schedules",
      [shared](const Request& request, Context& context) -> Result<Response> {
        Id school_id = 0;
        Date day;
        bool update = false;
        std::optional<scheduling::ParaAway> away;
        PARAPLAN_TRY(ReadJsonObject(request, [&](json_reader::Reader& read, const json& body) {
          read.RefuseUnknown({"school_id", "date", "update", "away"});
          read.Int("school_id", school_id, true);
          read.Day("date", day, true);
          if (auto given = body.find("update"); given != body.end()) {
            if (given->is_boolean()) {
              update = given->get<bool>();
            } else {
              read.Problem("update", "must be true or false");
            }
          }
          // A para away for days of the week: the update re-plans them.
          scheduling::ParaAway days;
          if (read.Object("away", false, [&](json_reader::Reader& item) {
                item.RefuseUnknown({"staff_id", "first_day", "last_day"});
                item.Int("staff_id", days.staff_id, true);
                item.Day("first_day", days.first_day, true);
                item.Day("last_day", days.last_day, true);
              })) {
            if (!update) read.Problem("away", "is marked by an update: give update true");
            away = days;
          }
        }));
        const Principal* principal =
            PARAPLAN_TRY(RequireCoordinator(context, request, shared->sources, school_id));
        SchoolScheduler scheduler(context.services.store);
        // A run solves the week afresh; an update makes the week's published
        // schedule again with the fewest changes.
        const scheduling::MadeSchedule made =
            update ? PARAPLAN_TRY(scheduler.Update(school_id, day, principal->staff_id,
                                                   NowSeconds(context), *shared->schedules, away))
                   : PARAPLAN_TRY(
                         scheduler.Make(school_id, day, principal->staff_id, NowSeconds(context)));
        const LoadedSchedule loaded = PARAPLAN_TRY(scheduler.Load(made.id));
        return View(*shared, context, request, loaded, day, 201);
      },
      Access::kSignedIn, Work::kLong);

  router.Add(Method::kGet, "/api/v1/schedules",
             [shared](const Request& request, Context& context) -> Result<Response> {
               const Id school_id = PARAPLAN_TRY(RequiredQueryId(request, "school_id"));
               const Date day = PARAPLAN_TRY(DateOf(request.Query("date"), "date"));
               PARAPLAN_TRY(RequireCoordinator(context, request, shared->sources, school_id));
               SchoolScheduler scheduler(context.services.store);
               const std::optional<Id> current = PARAPLAN_TRY(scheduler.Current(school_id, day));
               if (!current) {
                 return Fail(Error::NotFound(
                     fmt::format("school {} has no schedule for the week of {}; run the optimizer",
                                 school_id, day.WeekStart().ToString())));
               }
               const LoadedSchedule loaded = PARAPLAN_TRY(scheduler.Load(*current));
               return View(*shared, context, request, loaded, day, 200);
             });

  // The school's week as the board shows each day (Monday to Friday): for
  // the print page, one request with each student named an audited read
  // once for the week rather than once a day.
  router.Add(
      Method::kGet, "/api/v1/schools/{id}/week",
      [shared](const Request& request, Context& context) -> Result<Response> {
        const Id school_id = PARAPLAN_TRY(request.PathId("id"));
        const Date monday = PARAPLAN_TRY(DateOf(request.Query("date"), "date")).WeekStart();
        PARAPLAN_TRY(RequireCoordinator(context, request, shared->sources, school_id));
        SchoolScheduler scheduler(context.services.store);
        std::map<Id, LoadedSchedule> loaded;  // a week's schedule serves several days
        std::vector<ShownDay> days;
        for (int offset = 0; offset < 5; ++offset) {
          const Date day = monday.AddDays(offset);
          const std::optional<Id> current = PARAPLAN_TRY(scheduler.Current(school_id, day));
          if (current && !loaded.contains(*current)) {
            loaded.emplace(*current, PARAPLAN_TRY(scheduler.Load(*current)));
          }
          days.push_back({day, current ? &loaded.at(*current) : nullptr});
        }
        const std::vector<json> views = PARAPLAN_TRY(ViewsOf(*shared, context, request, days));
        json answer = {
            {"school_id", school_id}, {"week", monday.ToString()}, {"days", json::array()}};
        for (std::size_t d = 0; d < days.size(); ++d) {
          answer["days"].push_back({{"date", days[d].date.ToString()}, {"schedule", views[d]}});
        }
        return Response::Json(200, answer);
      });

  router.Add(Method::kGet, "/api/v1/schedules/{id}",
             [shared](const Request& request, Context& context) -> Result<Response> {
               const Id id = PARAPLAN_TRY(request.PathId("id"));
               const LoadedSchedule loaded =
                   PARAPLAN_TRY(LoadForCoordinator(context, request, shared->sources, id));
               const Date day = PARAPLAN_TRY(ViewDay(request, loaded));
               return View(*shared, context, request, loaded, day, 200);
             });

  // A draft the coordinator does not want (a run to look at, an update not
  // taken): discarded, the board shows the published week again.
  router.Add(Method::kDelete, "/api/v1/schedules/{id}",
             [shared](const Request& request, Context& context) -> Result<Response> {
               const Id id = PARAPLAN_TRY(request.PathId("id"));
               PARAPLAN_TRY(CheckCoordinator(context, request, shared->sources, id));
               SchoolScheduler scheduler(context.services.store);
               PARAPLAN_TRY(scheduler.Discard(id));
               return Response::NoContent();
             });

  // The students' needs of a day block by block, before any para is
  // placed: where students with the same needs could share an adult.
  router.Add(
      Method::kGet, "/api/v1/schools/{id}/needs",
      [shared](const Request& request, Context& context) -> Result<Response> {
        const Id school_id = PARAPLAN_TRY(request.PathId("id"));
        const Date day = PARAPLAN_TRY(DateOf(request.Query("date"), "date"));
        PARAPLAN_TRY(RequireCoordinator(context, request, shared->sources, school_id));
        SchoolScheduler scheduler(context.services.store);
        const scheduling::SchoolProblem built = PARAPLAN_TRY(scheduler.ProblemFor(school_id, day));
        return Guarded(shared->sources, context, request, TransactionKind::kRead,
                       [&](AccessGuard& guard, Transaction& tx) -> Result<Response> {
                         const std::map<Id, std::string> names = PARAPLAN_TRY(AuditedNames(
                             guard, tx, scheduling::StudentsNeedingAnAdult(built.problem, day)));
                         json view = scheduling::NeedsByBlock(built.problem, built.absences, day,
                                                              NameIn(names));
                         view["school_id"] = school_id;
                         return Response::Json(200, view);
                       });
      });

  // The coordinator's changes by hand to a draft: answered with the day of
  // the first change as the board shows it.
  router.Add(
      Method::kPost, "/api/v1/schedules/{id}/changes",
      [shared](const Request& request, Context& context) -> Result<Response> {
        const Id id = PARAPLAN_TRY(request.PathId("id"));
        const std::vector<scheduling::SlotChange> changes = PARAPLAN_TRY(ChangesOf(request));
        const LoadedSchedule loaded =
            PARAPLAN_TRY(LoadForCoordinator(context, request, shared->sources, id));
        SchoolScheduler scheduler(context.services.store);
        NamedInRefusals named;
        if (Result<void> made = scheduler.Edit(loaded, changes, std::ref(named)); !made) {
          if (made.error().code != ErrorCode::kInvalidArgument) return Fail(made.error());
          return Fail(PARAPLAN_TRY(named.Worded(shared->sources, context, request, made.error())));
        }
        const LoadedSchedule changed = PARAPLAN_TRY(scheduler.Load(id));
        Date day = changed.stored.day.value_or(changed.stored.week);
        for (const schedule::Block& block : changed.problem.blocks) {
          if (block.id == changes.front().block) {
            day = changed.stored.week.AddDays(static_cast<int>(block.day) - 1);
          }
        }
        return View(*shared, context, request, changed, day, 200);
      });

  // The week of a schedule the coordinator reads: as a spreadsheet, and
  // every service's minutes.
  using WeekRead = Result<Response> (*)(Shared&, Context&, const Request&, const LoadedSchedule&);
  for (const auto& [path, answer] :
       {std::pair<const char*, WeekRead>{"/api/v1/schedules/{id}/workbook", &Workbook},
        std::pair<const char*, WeekRead>{"/api/v1/schedules/{id}/minutes", &Minutes}}) {
    router.Add(Method::kGet, path,
               [shared, answer](const Request& request, Context& context) -> Result<Response> {
                 const Id id = PARAPLAN_TRY(request.PathId("id"));
                 const LoadedSchedule loaded =
                     PARAPLAN_TRY(LoadForCoordinator(context, request, shared->sources, id));
                 return answer(*shared, context, request, loaded);
               });
  }

  router.Add(Method::kPost, "/api/v1/schedules/{id}/publish",
             [shared](const Request& request, Context& context) -> Result<Response> {
               const Id id = PARAPLAN_TRY(request.PathId("id"));
               if (!request.body.empty()) {
                 PARAPLAN_TRY(ReadJsonObject(request, [&](json_reader::Reader& read, const json&) {
                   read.RefuseUnknown({});
                 }));
               }
               PARAPLAN_TRY(CheckCoordinator(context, request, shared->sources, id));
               const Principal* principal = PARAPLAN_TRY(RequireSignedIn(context));
               SchoolScheduler scheduler(context.services.store);
               PARAPLAN_TRY(scheduler.Publish(id, principal->staff_id, NowSeconds(context),
                                              TodayOf(context.services.clock)));
               const LoadedSchedule loaded = PARAPLAN_TRY(scheduler.Load(id));
               const Date day = loaded.stored.day.value_or(loaded.stored.week);
               return View(*shared, context, request, loaded, day, 200);
             });

  // A student's week in the school's published schedule (the week in
  // force), for the adults who may read the student's IEP: an audited read
  // of it. A parent is refused: what the school's schedule leaves
  // uncovered reaches a family through the case manager.
  router.Add(
      Method::kGet, "/api/v1/students/{id}/schedule",
      [shared](const Request& request, Context& context) -> Result<Response> {
        const Id id = PARAPLAN_TRY(request.PathId("id"));
        const Principal* principal = PARAPLAN_TRY(RequireSignedIn(context));
        if (principal->role == Role::kParent) {
          return Fail(Error::PermissionDenied(
              "a student's schedule is the school staff's; their case manager tells the family "
              "about their services"));
        }
        const Date day = request.Query("date") ? PARAPLAN_TRY(DateOf(request.Query("date"), "date"))
                                               : TodayOf(context.services.clock);
        const Id school_id = PARAPLAN_TRY(SchoolOfStudent(shared->sources, context, request, id));
        SchoolScheduler scheduler(context.services.store);
        const std::optional<scheduling::WeekInForce> week =
            PARAPLAN_TRY(scheduler.InForce(school_id, day.WeekStart(), *shared->schedules));
        json body = week ? scheduling::StudentWeekOf(*week, id)
                         : json{{"student_id", id},
                                {"week", day.WeekStart().ToString()},
                                {"schedule_id", nullptr},
                                {"services", json::array()},
                                {"adult_support", json::array()}};
        Response response = Response::Json(200, std::move(body));
        response.headers.Set("Cache-Control", "no-store");
        return response;
      });

  // The coordinator's keep-apart list: paras who must not support a
  // student. Every run and update made after a change reads it.
  router.Add(Method::kGet, "/api/v1/keep-apart",
             [shared](const Request& request, Context& context) -> Result<Response> {
               const Id school_id = PARAPLAN_TRY(RequiredQueryId(request, "school_id"));
               PARAPLAN_TRY(RequireCoordinator(context, request, shared->sources, school_id));
               SchoolScheduler scheduler(context.services.store);
               const std::vector<KeepApart> pairs = PARAPLAN_TRY(scheduler.KeptApart(school_id));
               json items = PARAPLAN_TRY(KeepApartJson(shared->sources, context, request, pairs));
               Response response = Response::Json(200, {{"items", std::move(items)}});
               response.headers.Set("Cache-Control", "no-store");
               return response;
             });
  router.Add(Method::kPost, "/api/v1/keep-apart",
             [shared](const Request& request, Context& context) -> Result<Response> {
               KeepApart pair;
               PARAPLAN_TRY(ReadJsonObject(request, [&](json_reader::Reader& read, const json&) {
                 read.RefuseUnknown({"staff_id", "student_id", "reason"});
                 read.Int("staff_id", pair.staff_id, true);
                 read.Int("student_id", pair.student_id, true);
                 read.Text("reason", pair.reason, true);
               }));
               const Principal* principal = PARAPLAN_TRY(RequireSignedIn(context));
               const Id school_id =
                   PARAPLAN_TRY(SchoolOfPara(context, *principal, pair.staff_id, "staff_id"));
               PARAPLAN_TRY(RequireCoordinator(context, request, shared->sources, school_id));
               pair.district_id = principal->district_id;
               pair.created_by = principal->staff_id;
               pair.created_at = NowSeconds(context);
               SchoolScheduler scheduler(context.services.store);
               pair.id = PARAPLAN_TRY(scheduler.AddKeepApart(pair));
               json items = PARAPLAN_TRY(KeepApartJson(shared->sources, context, request, {pair}));
               Response response = Response::Json(201, items.at(0));
               response.headers.Set("Location", fmt::format("/api/v1/keep-apart/{}", pair.id));
               return response;
             });
  router.Add(Method::kDelete, "/api/v1/keep-apart/{id}",
             [shared](const Request& request, Context& context) -> Result<Response> {
               const Id id = PARAPLAN_TRY(request.PathId("id"));
               const Principal* principal = PARAPLAN_TRY(RequireSignedIn(context));
               SchoolScheduler scheduler(context.services.store);
               Result<KeepApart> pair = scheduler.GetKeepApart(id);
               if (!pair || pair->district_id != principal->district_id) {
                 if (pair || pair.error().code == ErrorCode::kNotFound) {
                   return Fail(Error::NotFound(fmt::format("no keep-apart pair {}", id)));
                 }
                 return Fail(pair.error());
               }
               const Id school_id =
                   PARAPLAN_TRY(SchoolOfPara(context, *principal, pair->staff_id, "staff_id"));
               PARAPLAN_TRY(RequireCoordinator(context, request, shared->sources, school_id));
               PARAPLAN_TRY(scheduler.DeleteKeepApart(id));
               return Response::NoContent();
             });

  // Students the school marks absent: a week made or updated after it
  // gives them no adult those days, so the paras who had them are free.
  router.Add(
      Method::kGet, "/api/v1/student-absences",
      [shared](const Request& request, Context& context) -> Result<Response> {
        const Id school_id = PARAPLAN_TRY(RequiredQueryId(request, "school_id"));
        // Both days read before either is refused, so a refusal names each.
        const Result<Date> first_day = DateOf(request.Query("first_day"), "first_day");
        const bool last_given = request.Query("last_day").has_value();
        const Result<Date> last_day =
            last_given ? DateOf(request.Query("last_day"), "last_day") : first_day;
        std::vector<FieldProblem> problems;
        if (!first_day) problems = first_day.error().fields;
        if (!last_day && last_given) {
          problems.insert(problems.end(), last_day.error().fields.begin(),
                          last_day.error().fields.end());
        }
        if (problems.empty() &&
            (*last_day < *first_day ||
             *last_day > first_day->AddDays(SchoolScheduler::kMostDaysAbsent - 1))) {
          problems.push_back({"last_day", fmt::format("must be from first_day to {} days after it",
                                                      SchoolScheduler::kMostDaysAbsent - 1)});
        }
        if (!problems.empty()) {
          return Fail(Error::Invalid("the days cannot be listed", std::move(problems)));
        }
        PARAPLAN_TRY(RequireCoordinator(context, request, shared->sources, school_id));
        SchoolScheduler scheduler(context.services.store);
        const std::vector<StudentAbsence> absences =
            PARAPLAN_TRY(scheduler.StudentAbsences(school_id, *first_day, *last_day));
        json items = PARAPLAN_TRY(StudentAbsencesJson(shared->sources, context, request, absences));
        Response response = Response::Json(200, {{"items", std::move(items)}});
        response.headers.Set("Cache-Control", "no-store");
        return response;
      });
  router.Add(
      Method::kPost, "/api/v1/student-absences",
      [shared](const Request& request, Context& context) -> Result<Response> {
        Id student_id = 0;
        Date first_day;
        std::optional<Date> last_day;
        PARAPLAN_TRY(ReadJsonObject(request, [&](json_reader::Reader& read, const json&) {
          read.RefuseUnknown({"student_id", "first_day", "last_day"});
          read.Int("student_id", student_id, true);
          read.Day("first_day", first_day, true);
          if (read.Has("last_day")) {
            Date last;
            read.Day("last_day", last, true);
            last_day = last;
          }
        }));
        const Principal* principal = PARAPLAN_TRY(RequireSignedIn(context));
        PARAPLAN_TRY(RequireAbsenceMarker(*principal));
        Result<Id> school_id = SchoolOfStudent(shared->sources, context, request, student_id);
        if (!school_id) {
          if (school_id.error().code != ErrorCode::kNotFound) return Fail(school_id.error());
          return Fail(Error::Invalid("the student cannot be marked absent",
                                     {{"student_id", "names no student of the district"}}));
        }
        PARAPLAN_TRY(RequireCoordinator(context, request, shared->sources, *school_id));
        SchoolScheduler scheduler(context.services.store);
        const std::vector<StudentAbsence> marked = PARAPLAN_TRY(scheduler.MarkStudentAbsent(
            principal->district_id, student_id, first_day, last_day.value_or(first_day),
            principal->staff_id, NowSeconds(context)));
        json items = PARAPLAN_TRY(StudentAbsencesJson(shared->sources, context, request, marked));
        return Response::Json(marked.empty() ? 200 : 201, {{"items", std::move(items)}});
      });
  router.Add(Method::kDelete, "/api/v1/student-absences/{id}",
             [shared](const Request& request, Context& context) -> Result<Response> {
               const Id id = PARAPLAN_TRY(request.PathId("id"));
               const Principal* principal = PARAPLAN_TRY(RequireSignedIn(context));
               SchoolScheduler scheduler(context.services.store);
               Result<StudentAbsence> absence = scheduler.GetStudentAbsence(id);
               if (!absence || absence->district_id != principal->district_id) {
                 if (absence || absence.error().code == ErrorCode::kNotFound) {
                   return Fail(Error::NotFound(fmt::format("no student absence {}", id)));
                 }
                 return Fail(absence.error());
               }
               PARAPLAN_TRY(RequireAbsenceMarker(*principal));
               const Id school_id = PARAPLAN_TRY(
                   SchoolOfStudent(shared->sources, context, request, absence->student_id));
               PARAPLAN_TRY(RequireCoordinator(context, request, shared->sources, school_id));
               PARAPLAN_TRY(scheduler.DeleteStudentAbsence(id));
               return Response::NoContent();
             });

  router.Add(Method::kPost, "/api/v1/schedules/{id}/replan",
             ReplanRoute(shared, "absent_staff_id", &SchoolScheduler::Replan));
  router.Add(Method::kPost, "/api/v1/schedules/{id}/back",
             ReplanRoute(shared, "staff_id", &SchoolScheduler::BackAtWork));
  // A draft of a published day to change by hand: 201 with it shown.
  router.Add(Method::kPost, "/api/v1/schedules/{id}/day",
             [shared](const Request& request, Context& context) -> Result<Response> {
               const Id id = PARAPLAN_TRY(request.PathId("id"));
               Date day;
               PARAPLAN_TRY(ReadJsonObject(request, [&](json_reader::Reader& read, const json&) {
                 read.RefuseUnknown({"date"});
                 read.Day("date", day, true);
               }));
               PARAPLAN_TRY(CheckCoordinator(context, request, shared->sources, id));
               const Principal* principal = PARAPLAN_TRY(RequireSignedIn(context));
               SchoolScheduler scheduler(context.services.store);
               const Id draft = PARAPLAN_TRY(
                   scheduler.DayDraft(id, day, principal->staff_id, NowSeconds(context)));
               const LoadedSchedule loaded = PARAPLAN_TRY(scheduler.Load(draft));
               return View(*shared, context, request, loaded, day, 201);
             });
}

}  // namespace paraplan::http
