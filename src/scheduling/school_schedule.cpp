#include "scheduling/school_schedule.h"

#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <nlohmann/json.hpp>
#include <set>

#include "schedule/index.h"
#include "schedule/problem_json.h"
#include "schedule/solver.h"
#include "scheduling/school_problem.h"
#include "store/capture_store.h"
#include "store/program_store.h"
#include "store/sql_runner.h"

namespace paraplan::scheduling {
namespace {

using nlohmann::json;
using schedule::At;
using schedule::Plan;
using schedule::Problem;

// How far back publishing keeps the assignments of earlier weeks: long
// enough for a para to finish the week's records, short enough that access
// through an old schedule ends.
constexpr int kAssignmentDaysKept = 28;

Result<SqlRunner*> RunnerOf(Store& store) {
  SqlRunner* runner = store.sql_runner();
  if (runner == nullptr) {
    return Fail(Error::Unavailable("schedules need a database store (SQLite or PostgreSQL)"));
  }
  return runner;
}

// `work` on the schedule store, in a transaction of its own (a write one
// when `write`): what it answers, or why the transaction failed.
template <typename Work>
auto OnSchedules(Store& store, bool write, Work&& work)
    -> decltype(work(std::declval<ScheduleStore&>())) {
  using Answer = decltype(work(std::declval<ScheduleStore&>()));
  SqlRunner* runner = PARAPLAN_TRY(RunnerOf(store));
  std::optional<Answer> answer;
  auto run = [&](sql::Session& session) -> Result<void> {
    answer = work(*MakeScheduleStore(session));
    if (!*answer) return Fail(answer->error());
    return {};
  };
  if (Result<void> done = write ? runner->RunWrite(run) : runner->RunRead(run); !done) {
    return Fail(done.error());
  }
  return std::move(*answer);
}

Result<json> ParseStored(const std::string& text, std::string_view what, Id id) {
  json parsed = json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (parsed.is_discarded()) {
    return Fail(Error::Internal(fmt::format("schedule {}: its stored {} is not JSON", id, what)));
  }
  return parsed;
}

// The plan JSON of a stored schedule: a re-plan and a week's update keep it
// under "plan" (beside the changes, or the week it updates as "before").
Result<Plan> PlanOf(const Problem& problem, const StoredSchedule& stored) {
  json plan = PARAPLAN_TRY(ParseStored(stored.plan, "plan", stored.id));
  if (stored.day || stored.updated_from_id) plan = plan.value("plan", json::object());
  return schedule::PlanFromJson(problem, plan);
}

Result<LoadedSchedule> LoadFrom(const StoredSchedule& stored,
                                const std::optional<StoredSchedule>& base) {
  LoadedSchedule loaded;
  loaded.stored = stored;
  const json problem = PARAPLAN_TRY(ParseStored(stored.problem, "problem", stored.id));
  loaded.problem = PARAPLAN_TRY(schedule::ProblemFromJson(problem));
  loaded.plan = PARAPLAN_TRY(PlanOf(loaded.problem, stored));
  if (base) loaded.base_plan = PARAPLAN_TRY(PlanOf(loaded.problem, *base));
  if (stored.updated_from_id) {
    const json whole = PARAPLAN_TRY(ParseStored(stored.plan, "plan", stored.id));
    loaded.previous_plan =
        PARAPLAN_TRY(schedule::PlanFromJson(loaded.problem, whole.value("before", json::object())));
  }
  return loaded;
}

Result<void> ExpectValid(const Problem& problem, const Plan& plan) {
  const std::vector<schedule::Violation> violations = schedule::CheckPlan(problem, plan);
  if (violations.empty()) return {};
  return Fail(Error::Internal(fmt::format("the plan breaks a hard rule: {}: {}",
                                          violations.front().where, violations.front().rule)));
}

// The source id of leave the board records starts so (RecordAbsences).
constexpr std::string_view kBoardLeave = "paraplan-replan-";

// A published schedule's absences marked on the board are kept as leave,
// as an imported absence is: the week's schedule made again later re-plans
// them too (Make reads leave), so publishing it does not put an absent para
// back with students. A re-plan's paras off its day; an update made with a
// para away for days (its stored "away"), that para on those days; nothing
// for a week made from the roster (its absences are the district's leave,
// which may have changed since). For each such para-day: a mark that had
// them at work that day despite their leave goes (MarkAtWork), and one-day
// leave is recorded unless leave already covers the day.
Result<void> RecordAbsences(sql::Session& session, const LoadedSchedule& loaded) {
  const StoredSchedule& stored = loaded.stored;
  std::vector<Date> days;
  std::optional<Id> only;  // the para an update marked away
  if (stored.day) {
    days.push_back(*stored.day);
  } else {
    const json whole = PARAPLAN_TRY(ParseStored(stored.plan, "plan", stored.id));
    const auto away = whole.find("away");
    if (away == whole.end()) return {};
    const std::optional<Date> first = Date::Parse(away->value("first_day", ""));
    const std::optional<Date> last = Date::Parse(away->value("last_day", ""));
    if (!first || !last || !away->contains("staff_id")) {
      return Fail(
          Error::Internal(fmt::format("schedule {} names its days away wrongly", stored.id)));
    }
    only = away->at("staff_id").get<Id>();
    for (Date day = *first; day <= *last; day = day.AddDays(1)) days.push_back(day);
  }
  std::unique_ptr<ProgramStore> programs = MakeProgramStore(session);
  for (const Date day : days) {
    const auto weekday = static_cast<Weekday>(day.IsoWeekday());
    for (std::size_t p = 0; p < loaded.problem.paras.size(); ++p) {
      if (!loaded.plan.IsAbsent(static_cast<int>(p), weekday)) continue;
      const Id staff_id = loaded.problem.paras[p].id;
      if (only && staff_id != *only) continue;
      PARAPLAN_TRY(programs->UnmarkAtWork(staff_id, day));
      if (PARAPLAN_TRY(programs->LeaveOf(staff_id)).AwayOn(day)) continue;
      StaffAbsence absence;
      absence.district_id = stored.district_id;
      absence.staff_id = staff_id;
      absence.first_day = day;
      absence.last_day = day;
      absence.category = "Absent";
      absence.reason = fmt::format("marked absent on the schedule board ({} {})",
                                   stored.day ? "re-plan" : "schedule", stored.id);
      absence.source_id =
          stored.day ? fmt::format("{}{}-{}", kBoardLeave, stored.id, staff_id)
                     : fmt::format("{}{}-{}-{}", kBoardLeave, stored.id, staff_id, day.ToString());
      PARAPLAN_TRY(programs->Insert(absence));
    }
  }
  return {};
}

// Sets the make-up minutes each of the problem's services is owed when the
// week of `monday` begins (MakeupOwed), from the sessions recorded for the
// school's students before it.
Result<void> SetMakeupOwed(SqlRunner& runner, Id school_id, Date monday,
                           schedule::Problem& problem) {
  std::map<Id, std::vector<ServiceSession>> sessions_of;
  for (const schedule::ServiceNeed& service : problem.services) sessions_of[service.id];
  if (sessions_of.empty()) return {};
  std::unique_ptr<CaptureStore> captures = MakeCaptureStore(runner);
  const std::vector<CaptureRecord> records =
      PARAPLAN_TRY(captures->ServiceSessions(school_id, std::nullopt, monday));
  for (const CaptureRecord& record : records) {
    const auto* session = std::get_if<ServiceSession>(&record.body);
    if (session == nullptr) continue;
    if (auto found = sessions_of.find(session->service_id); found != sessions_of.end()) {
      found->second.push_back(*session);
    }
  }
  for (schedule::ServiceNeed& service : problem.services) {
    service.makeup_minutes = MakeupOwed(sessions_of[service.id], service.minutes_per_week, monday);
  }
  return {};
}

}  // namespace

SchoolScheduler::SchoolScheduler(Store& store) : store_(store) {}

Result<SchoolScheduler::Built> SchoolScheduler::Build(Id school_id, Date monday) {
  SqlRunner* runner = PARAPLAN_TRY(RunnerOf(store_));
  Built built;
  std::vector<Id> paras;
  if (Result<void> done = store_.Read([&](Transaction& tx) -> Result<void> {
        built.school = PARAPLAN_TRY(tx.GetSchool(school_id));
        paras = PARAPLAN_TRY(ParasOf(tx, school_id));
        return {};
      });
      !done) {
    return Fail(done.error());
  }
  std::map<Id, StaffLeave> absences;
  std::map<Id, std::vector<Id>> kept_apart;  // para -> students
  std::set<StudentDayAway> students_absent;
  if (Result<void> done = runner->RunRead([&](sql::Session& session) -> Result<void> {
        std::unique_ptr<ProgramStore> programs = MakeProgramStore(session);
        for (Id para : paras) {
          StaffLeave leave = PARAPLAN_TRY(programs->LeaveOf(para));
          if (!leave.absences.empty()) absences[para] = std::move(leave);
        }
        std::unique_ptr<ScheduleStore> schedules = MakeScheduleStore(session);
        for (const KeepApart& pair : PARAPLAN_TRY(schedules->ListKeepApart(school_id))) {
          kept_apart[pair.staff_id].push_back(pair.student_id);
        }
        for (const StudentAbsence& absence :
             PARAPLAN_TRY(schedules->ListStudentAbsences(school_id, monday, monday.AddDays(4)))) {
          students_absent.insert(
              {absence.student_id, static_cast<Weekday>(absence.day.IsoWeekday())});
        }
        return {};
      });
      !done) {
    return Fail(done.error());
  }
  if (Result<void> done = store_.Read([&](Transaction& tx) -> Result<void> {
        built.problem =
            PARAPLAN_TRY(BuildSchoolProblem(tx, school_id, monday, absences, students_absent));
        return {};
      });
      !done) {
    return Fail(done.error());
  }
  for (schedule::Para& para : built.problem.problem.paras) {
    if (auto pairs = kept_apart.find(para.id); pairs != kept_apart.end())
      para.kept_apart = pairs->second;
  }
  return built;
}

Result<SchoolScheduler::Built> SchoolScheduler::BuildToSolve(Id school_id, Date monday) {
  Built built = PARAPLAN_TRY(Build(school_id, monday));
  SqlRunner* runner = PARAPLAN_TRY(RunnerOf(store_));
  PARAPLAN_TRY(SetMakeupOwed(*runner, school_id, monday, built.problem.problem));
  return built;
}

Result<SchoolProblem> SchoolScheduler::ProblemFor(Id school_id, Date week) {
  return PARAPLAN_TRY(Build(school_id, week.WeekStart())).problem;
}

Result<Id> SchoolScheduler::InsertWeek(const Built& built, Date monday, std::string plan,
                                       std::optional<Id> updated_from, std::optional<Id> made_by,
                                       std::int64_t now) {
  StoredSchedule stored;
  stored.district_id = built.school.district_id;
  stored.school_id = built.school.id;
  stored.week = monday;
  stored.updated_from_id = updated_from;
  stored.problem = schedule::ProblemToJson(built.problem.problem).dump();
  stored.plan = std::move(plan);
  stored.created_at = now;
  stored.created_by = made_by;
  return Insert(stored);
}

Result<MadeSchedule> SchoolScheduler::Make(Id school_id, Date week, std::optional<Id> made_by,
                                           std::int64_t now, const schedule::SolveOptions& solve) {
  const Date monday = week.WeekStart();
  const Built built = PARAPLAN_TRY(BuildToSolve(school_id, monday));
  const Problem& problem = built.problem.problem;
  Plan plan = PARAPLAN_TRY(schedule::Solve(problem, solve));
  MadeSchedule made;
  for (const schedule::Absence& absence : built.problem.absences) {
    if (plan.IsAbsent(absence.para, absence.day)) continue;
    schedule::Replan replan =
        PARAPLAN_TRY(schedule::ReplanAbsence(problem, plan, absence.para, absence.day));
    plan = std::move(replan.plan);
    ++made.absences_replanned;
  }
  PARAPLAN_TRY(ExpectValid(problem, plan));
  made.score = schedule::Evaluate(problem, plan);
  made.id = PARAPLAN_TRY(InsertWeek(built, monday, schedule::PlanToJson(problem, plan).dump(),
                                    std::nullopt, made_by, now));
  return made;
}

namespace {

// The para-days of `away` added to `absences` (once each): its days checked
// against the week of `monday`, its para against the problem's.
Result<void> AddAway(const Problem& problem, Date monday, const ParaAway& away,
                     std::vector<schedule::Absence>& absences) {
  std::vector<FieldProblem> problems;
  const auto para = std::ranges::find_if(
      problem.paras, [&](const schedule::Para& each) { return each.id == away.staff_id; });
  if (para == problem.paras.end()) {
    problems.push_back({"away.staff_id", "is not a para of this school"});
  }
  const Date friday = monday.AddDays(4);
  if (away.first_day < monday || away.first_day > friday) {
    problems.push_back({"away.first_day", fmt::format("is not a school weekday of the week of {}",
                                                      monday.ToString())});
  }
  if (away.last_day < away.first_day) {
    problems.push_back({"away.last_day", "is before first_day"});
  } else if (away.last_day > friday) {
    problems.push_back(
        {"away.last_day", fmt::format("is after the week's Friday, {}: mark the next "
                                      "week's days on its own board",
                                      friday.ToString())});
  }
  if (!problems.empty()) return Fail(Error::Invalid("the days away cannot be marked", problems));
  const int index = static_cast<int>(para - problem.paras.begin());
  for (Date day = away.first_day; day <= away.last_day; day = day.AddDays(1)) {
    const schedule::Absence absence{index, static_cast<Weekday>(day.IsoWeekday())};
    if (std::ranges::find(absences, absence) == absences.end()) absences.push_back(absence);
  }
  return {};
}

}  // namespace

Result<MadeSchedule> SchoolScheduler::Update(Id school_id, Date week, std::optional<Id> made_by,
                                             std::int64_t now, ScheduleCache& cache,
                                             const std::optional<ParaAway>& away) {
  const Date monday = week.WeekStart();
  const std::optional<WeekInForce> in_force = PARAPLAN_TRY(InForce(school_id, monday, cache));
  if (!in_force) {
    return Fail(Error::Invalid(
        fmt::format("the week of {} has no published schedule to update; run the optimizer",
                    monday.ToString()),
        {{"update", "needs the week's published schedule"}}));
  }
  const Built built = PARAPLAN_TRY(BuildToSolve(school_id, monday));
  const Problem& problem = built.problem.problem;
  std::vector<schedule::Absence> absences = built.problem.absences;
  if (away) PARAPLAN_TRY(AddAway(problem, monday, *away, absences));
  const schedule::WeekUpdate update = PARAPLAN_TRY(
      schedule::UpdateWeek(problem, absences, in_force->schedule->problem, in_force->plan));
  PARAPLAN_TRY(ExpectValid(problem, update.plan));
  MadeSchedule made;
  made.score = schedule::Evaluate(problem, update.plan);
  made.changes = static_cast<int>(update.changes.size());
  json stored_plan = {{"plan", schedule::PlanToJson(problem, update.plan)},
                      {"before", schedule::PlanToJson(problem, update.before)}};
  // Publishing it records these days as leave (RecordAbsences).
  if (away) {
    stored_plan["away"] = {{"staff_id", away->staff_id},
                           {"first_day", away->first_day.ToString()},
                           {"last_day", away->last_day.ToString()}};
  }
  made.id = PARAPLAN_TRY(
      InsertWeek(built, monday, stored_plan.dump(), in_force->schedule->stored.id, made_by, now));
  return made;
}

Result<std::vector<KeepApart>> SchoolScheduler::KeptApart(Id school_id) {
  return OnSchedules(store_, false,
                     [&](ScheduleStore& schedules) { return schedules.ListKeepApart(school_id); });
}

Result<KeepApart> SchoolScheduler::GetKeepApart(Id id) {
  return OnSchedules(store_, false,
                     [&](ScheduleStore& schedules) { return schedules.GetKeepApart(id); });
}

Result<Id> SchoolScheduler::AddKeepApart(const KeepApart& pair) {
  return OnSchedules(store_, true,
                     [&](ScheduleStore& schedules) { return schedules.Insert(pair); });
}

Result<void> SchoolScheduler::DeleteKeepApart(Id id) {
  return OnSchedules(store_, true,
                     [&](ScheduleStore& schedules) { return schedules.DeleteKeepApart(id); });
}

Result<std::vector<StudentAbsence>> SchoolScheduler::MarkStudentAbsent(
    Id district_id, Id student_id, Date first_day, Date last_day, std::optional<Id> recorded_by,
    std::int64_t now) {
  std::vector<FieldProblem> problems;
  if (last_day < first_day) {
    problems.push_back({"last_day", "is before first_day"});
  } else if (last_day > first_day.AddDays(kMostDaysAbsent - 1)) {
    problems.push_back(
        {"last_day", fmt::format("is more than {} days after first_day: mark the days after "
                                 "it once they are known",
                                 kMostDaysAbsent - 1)});
  }
  // The first school weekday of the days: none when they are a weekend.
  Date first_school_day = first_day;
  while (first_school_day.IsoWeekday() > 5) first_school_day = first_school_day.AddDays(1);
  if (problems.empty() && first_school_day > last_day) {
    problems.push_back({"first_day", "starts no school weekday: the days are a weekend"});
  }
  if (!problems.empty()) {
    return Fail(Error::Invalid("the student cannot be marked absent", std::move(problems)));
  }
  return OnSchedules(store_, true,
                     [&](ScheduleStore& schedules) -> Result<std::vector<StudentAbsence>> {
                       std::vector<StudentAbsence> marked;
                       for (Date day = first_school_day; day <= last_day; day = day.AddDays(1)) {
                         if (day.IsoWeekday() > 5) continue;  // no school blocks at the weekend
                         StudentAbsence absence;
                         absence.district_id = district_id;
                         absence.student_id = student_id;
                         absence.day = day;
                         absence.recorded_by = recorded_by;
                         absence.recorded_at = now;
                         Result<Id> id = schedules.Insert(absence);
                         if (!id && id.error().code != ErrorCode::kAlreadyExists)
                           return Fail(id.error());
                         // A day already marked keeps its record as it is.
                         if (!id) continue;
                         absence.id = *id;
                         marked.push_back(absence);
                       }
                       return marked;
                     });
}

Result<std::vector<StudentAbsence>> SchoolScheduler::StudentAbsences(Id school_id, Date first_day,
                                                                     Date last_day) {
  return OnSchedules(store_, false, [&](ScheduleStore& schedules) {
    return schedules.ListStudentAbsences(school_id, first_day, last_day);
  });
}

Result<StudentAbsence> SchoolScheduler::GetStudentAbsence(Id id) {
  return OnSchedules(store_, false,
                     [&](ScheduleStore& schedules) { return schedules.GetStudentAbsence(id); });
}

Result<void> SchoolScheduler::DeleteStudentAbsence(Id id) {
  return OnSchedules(store_, true,
                     [&](ScheduleStore& schedules) { return schedules.DeleteStudentAbsence(id); });
}

Result<void> SchoolScheduler::Discard(Id schedule_id) {
  return OnSchedules(store_, true,
                     [&](ScheduleStore& schedules) { return schedules.DeleteDraft(schedule_id); });
}

Result<StoredSchedule> SchoolScheduler::Summary(Id schedule_id) {
  return OnSchedules(store_, false,
                     [&](ScheduleStore& schedules) { return schedules.GetSummary(schedule_id); });
}

Result<LoadedSchedule> SchoolScheduler::Load(Id schedule_id) {
  SqlRunner* runner = PARAPLAN_TRY(RunnerOf(store_));
  StoredSchedule stored;
  std::optional<StoredSchedule> base;
  if (Result<void> done = runner->RunRead([&](sql::Session& session) -> Result<void> {
        std::unique_ptr<ScheduleStore> schedules = MakeScheduleStore(session);
        stored = PARAPLAN_TRY(schedules->Get(schedule_id));
        if (stored.base_id) base = PARAPLAN_TRY(schedules->Get(*stored.base_id));
        return {};
      });
      !done) {
    return Fail(done.error());
  }
  return LoadFrom(stored, base);
}

namespace {

// The day and para a re-plan of `loaded` is asked for, checked: the day a
// school weekday of the schedule's week and the para one of its paras
// (`field` names the para in the request). Returns the para's index.
void CheckScheduleDay(const LoadedSchedule& loaded, Date day, std::vector<FieldProblem>& problems) {
  if (day.WeekStart() != loaded.stored.week) {
    problems.push_back({"date", fmt::format("is not in the schedule's week (the week of {})",
                                            loaded.stored.week.ToString())});
  } else if (day.IsoWeekday() > 5) {
    problems.push_back({"date", "is not a school weekday"});
  }
}

Result<int> ReplanTarget(const LoadedSchedule& loaded, Date day, Id staff_id,
                         std::string_view field) {
  std::vector<FieldProblem> problems;
  CheckScheduleDay(loaded, day, problems);
  int para = -1;
  for (std::size_t p = 0; p < loaded.problem.paras.size(); ++p) {
    if (loaded.problem.paras[p].id == staff_id) para = static_cast<int>(p);
  }
  if (para < 0) problems.push_back({std::string(field), "is not a para of this schedule"});
  if (!problems.empty()) return Fail(Error::Invalid("the re-plan cannot be made", problems));
  return para;
}

// The plan of `day` a re-plan starts from: a re-plan of that same day
// builds on it (a second para away), any other schedule of the week starts
// from the week's plan.
const Plan& DayPlanOf(const LoadedSchedule& loaded, Date day) {
  const bool same_day = loaded.stored.day && *loaded.stored.day == day;
  return loaded.stored.day && !same_day ? *loaded.base_plan : loaded.plan;
}

// `plan` as a re-plan of `weekday` against the week's plan `week`: every
// slot of that day that differs from the week's, and the day's uncovered
// needs. The counts of an absence's needs (recovered, lost) are left 0.
schedule::Replan DayAsReplan(const Problem& problem, const Plan& week, const Plan& plan,
                             Weekday weekday) {
  schedule::Replan replan;
  replan.plan = plan;
  for (std::size_t p = 0; p < problem.paras.size(); ++p) {
    for (std::size_t b = 0; b < problem.blocks.size(); ++b) {
      if (problem.blocks[b].day != weekday) continue;
      const schedule::Slot& before = week.slots[p][b];
      if (before == plan.slots[p][b]) continue;
      replan.changes.push_back(
          {static_cast<int>(p), static_cast<int>(b), before, plan.slots[p][b]});
    }
  }
  for (const schedule::Uncovered& entry : plan.uncovered) {
    if (problem.blocks[At(problem.needs[At(entry.need)].block)].day == weekday) {
      replan.uncovered.push_back(entry);
    }
  }
  return replan;
}

// `replan` stored as a draft re-plan of `day`, from the week of `from`.
StoredSchedule ReplanRecord(const StoredSchedule& from, Date day, std::string plan,
                            std::optional<Id> made_by, std::int64_t now) {
  StoredSchedule stored;
  stored.district_id = from.district_id;
  stored.school_id = from.school_id;
  stored.week = from.week;
  stored.day = day;
  stored.base_id = from.base_id.value_or(from.id);
  stored.problem = from.problem;
  stored.plan = std::move(plan);
  stored.created_at = now;
  stored.created_by = made_by;
  return stored;
}

// The para `back` has at work on its day after all: the leave the board
// recorded for that day (RecordAbsences) is taken back. Leave from the
// district's records stays as they state it, and when it still covers the
// day the para is marked at work that day, so a week made again keeps them
// at work.
Result<void> RecordBackAtWork(sql::Session& session, const StoredSchedule& back) {
  const Id staff_id = *back.returned_staff_id;
  const Date day = *back.day;
  std::unique_ptr<ProgramStore> programs = MakeProgramStore(session);
  for (const StaffAbsence& absence : PARAPLAN_TRY(programs->ListAbsences(staff_id))) {
    if (absence.source_id.starts_with(kBoardLeave) && absence.first_day == day &&
        absence.last_day == day) {
      PARAPLAN_TRY(programs->DeleteAbsence(absence.id));
    }
  }
  if (!PARAPLAN_TRY(programs->LeaveOf(staff_id)).AwayOn(day)) return {};
  return programs->MarkAtWork({back.district_id, staff_id, day, back.id});
}

}  // namespace

Result<Id> SchoolScheduler::Insert(const StoredSchedule& stored) {
  return OnSchedules(store_, true,
                     [&](ScheduleStore& schedules) { return schedules.Insert(stored); });
}

Result<Id> SchoolScheduler::Replan(Id schedule_id, Date day, Id absent_staff_id,
                                   std::optional<Id> made_by, std::int64_t now) {
  const LoadedSchedule loaded = PARAPLAN_TRY(Load(schedule_id));
  const int para = PARAPLAN_TRY(ReplanTarget(loaded, day, absent_staff_id, "absent_staff_id"));
  const auto weekday = static_cast<Weekday>(day.IsoWeekday());
  schedule::Replan replan =
      PARAPLAN_TRY(schedule::ReplanAbsence(loaded.problem, DayPlanOf(loaded, day), para, weekday));
  PARAPLAN_TRY(ExpectValid(loaded.problem, replan.plan));
  StoredSchedule stored = ReplanRecord(
      loaded.stored, day, schedule::ReplanToJson(loaded.problem, replan).dump(), made_by, now);
  stored.absent_staff_id = absent_staff_id;
  return Insert(stored);
}

Result<Id> SchoolScheduler::BackAtWork(Id schedule_id, Date day, Id staff_id,
                                       std::optional<Id> made_by, std::int64_t now) {
  const LoadedSchedule loaded = PARAPLAN_TRY(Load(schedule_id));
  const int para = PARAPLAN_TRY(ReplanTarget(loaded, day, staff_id, "staff_id"));
  const auto weekday = static_cast<Weekday>(day.IsoWeekday());
  const Plan& current = DayPlanOf(loaded, day);
  if (!current.IsAbsent(para, weekday)) {
    return Fail(Error::Invalid(
        "the para is not away that day",
        {{"staff_id", fmt::format("{} is at work on {} in this schedule",
                                  loaded.problem.paras[At(para)].name, day.ToString())}}));
  }
  const Plan& week = loaded.base_plan ? *loaded.base_plan : loaded.plan;
  schedule::Replan replan =
      PARAPLAN_TRY(schedule::ReplanReturn(loaded.problem, week, current, para, weekday));
  PARAPLAN_TRY(ExpectValid(loaded.problem, replan.plan));
  StoredSchedule stored = ReplanRecord(
      loaded.stored, day, schedule::ReplanToJson(loaded.problem, replan).dump(), made_by, now);
  stored.returned_staff_id = staff_id;
  return Insert(stored);
}

Result<Id> SchoolScheduler::DayDraft(Id schedule_id, Date day, std::optional<Id> made_by,
                                     std::int64_t now) {
  LoadedSchedule loaded = PARAPLAN_TRY(Load(schedule_id));
  if (loaded.stored.status != ScheduleStatus::kPublished) {
    return Fail(Error::FailedPrecondition(
        fmt::format("schedule {} is {}: a draft is changed as it is, before it is published",
                    schedule_id, NameOf(loaded.stored.status))));
  }
  std::vector<FieldProblem> problems;
  CheckScheduleDay(loaded, day, problems);
  if (!problems.empty()) return Fail(Error::Invalid("the day cannot be changed", problems));
  // Named by its week, a day with a published re-plan is copied from that
  // re-plan: the day as the school works to it.
  if (loaded.stored.day != day) {
    for (const StoredSchedule& each : PARAPLAN_TRY(WeekOf(loaded.stored.school_id, day))) {
      if (each.day == day && each.status == ScheduleStatus::kPublished) {
        loaded = PARAPLAN_TRY(Load(each.id));
        break;
      }
    }
  }
  const auto weekday = static_cast<Weekday>(day.IsoWeekday());
  const Plan& week = loaded.base_plan ? *loaded.base_plan : loaded.plan;
  schedule::Replan replan = DayAsReplan(loaded.problem, week, DayPlanOf(loaded, day), weekday);
  if (loaded.stored.day == day) {
    // The day's published re-plan: its absences' counts stay with it.
    const json whole = PARAPLAN_TRY(ParseStored(loaded.stored.plan, "plan", schedule_id));
    replan.recovered = whole.value("recovered", 0);
    replan.lost = whole.value("lost", 0);
  }
  return Insert(ReplanRecord(loaded.stored, day,
                             schedule::ReplanToJson(loaded.problem, replan).dump(), made_by, now));
}

namespace {

// The changes as the optimizer's plan indexes them: each para, block, room
// and student by id, checked against the schedule (a re-plan's changes on
// its day). `problems` gets one entry per field at fault.
std::vector<schedule::SlotEdit> EditsOf(const LoadedSchedule& loaded,
                                        const std::vector<SlotChange>& changes,
                                        const schedule::StudentWords& student_words,
                                        std::vector<FieldProblem>& problems) {
  const Problem& problem = loaded.problem;
  std::map<std::pair<Id, int>, int> need_of;  // (student, block) -> need
  for (std::size_t n = 0; n < problem.needs.size(); ++n) {
    need_of[{problem.needs[n].student_id, problem.needs[n].block}] = static_cast<int>(n);
  }
  auto index_of = [](const auto& items, auto matches) {
    const auto found = std::ranges::find_if(items, matches);
    return found == items.end() ? -1 : static_cast<int>(found - items.begin());
  };
  std::vector<schedule::SlotEdit> edits;
  for (std::size_t i = 0; i < changes.size(); ++i) {
    const SlotChange& change = changes[i];
    auto refuse = [&](std::string_view field, std::string message) {
      problems.push_back({fmt::format("changes[{}].{}", i, field), std::move(message)});
    };
    schedule::SlotEdit edit;
    edit.para = index_of(problem.paras,
                         [&](const schedule::Para& para) { return para.id == change.staff_id; });
    if (edit.para < 0) refuse("staff_id", "is not a para of this schedule");
    edit.block = index_of(problem.blocks,
                          [&](const schedule::Block& block) { return block.id == change.block; });
    if (edit.block < 0) {
      refuse("block", "is not a block of this schedule");
    } else if (loaded.stored.day && static_cast<int>(problem.blocks[At(edit.block)].day) !=
                                        loaded.stored.day->IsoWeekday()) {
      refuse("block", fmt::format("is not on {}, the day this re-plan changes",
                                  loaded.stored.day->ToString()));
      edit.block = -1;
    }
    edit.slot.activity = change.activity;
    if (change.activity == schedule::Activity::kSupport) {
      if (!change.room_id) {
        refuse("room_id", "is required when the para supports students");
      } else {
        edit.slot.room = index_of(problem.rooms, [&](const schedule::ScheduleRoom& room) {
          return room.id == *change.room_id;
        });
        if (edit.slot.room < 0) refuse("room_id", "is not a room of this schedule");
      }
      for (Id student : change.student_ids) {
        if (edit.block < 0) break;
        const auto need = need_of.find({student, edit.block});
        if (need == need_of.end()) {
          refuse("student_ids",
                 fmt::format("{} is not in the school's day at this time", student_words(student)));
        } else {
          edit.slot.needs.push_back(need->second);
        }
      }
    } else if (change.room_id || !change.student_ids.empty()) {
      refuse(change.room_id ? "room_id" : "student_ids",
             "only a para who supports students has a room and students");
    }
    edits.push_back(std::move(edit));
  }
  return edits;
}

// The stored JSON of `loaded` with its plan replaced by `plan`: a week's
// update keeps the week it updates ("before"); a re-plan its counts, with
// its changes (against its week) and its day's uncovered needs anew.
Result<std::string> StoredPlanJson(const LoadedSchedule& loaded, const Plan& plan) {
  const Problem& problem = loaded.problem;
  if (!loaded.stored.day && !loaded.stored.updated_from_id) {
    return schedule::PlanToJson(problem, plan).dump();
  }
  json whole = PARAPLAN_TRY(ParseStored(loaded.stored.plan, "plan", loaded.stored.id));
  if (!loaded.stored.day) {
    whole["plan"] = schedule::PlanToJson(problem, plan);
    return whole.dump();
  }
  if (!loaded.base_plan) {
    return Fail(Error::Internal(
        fmt::format("re-plan {} was read without the week it changes", loaded.stored.id)));
  }
  const auto weekday = static_cast<Weekday>(loaded.stored.day->IsoWeekday());
  schedule::Replan replan = DayAsReplan(problem, *loaded.base_plan, plan, weekday);
  replan.recovered = whole.value("recovered", 0);
  replan.lost = whole.value("lost", 0);
  return schedule::ReplanToJson(problem, replan).dump();
}

}  // namespace

Result<void> SchoolScheduler::Edit(const LoadedSchedule& loaded,
                                   const std::vector<SlotChange>& changes,
                                   const schedule::StudentWords& student_words) {
  const StoredSchedule& stored = loaded.stored;
  if (stored.status != ScheduleStatus::kDraft) {
    return Fail(Error::FailedPrecondition(fmt::format(
        "schedule {} is {}: the paras work to it as it is; make a draft of the day (or an "
        "update of the week, or a re-plan of the day), change that and publish it",
        stored.id, NameOf(stored.status))));
  }
  if (changes.empty()) {
    return Fail(Error::Invalid("no change", {{"changes", "name at least one para's block"}}));
  }
  std::vector<FieldProblem> problems;
  const std::vector<schedule::SlotEdit> edits = EditsOf(loaded, changes, student_words, problems);
  if (!problems.empty()) return Fail(Error::Invalid("the changes cannot be made", problems));
  schedule::EditResult edited =
      schedule::ApplyEdits(loaded.problem, loaded.plan, edits, student_words);
  for (const schedule::EditProblem& problem : edited.problems) {
    problems.push_back(
        {problem.edit < 0 ? "changes" : fmt::format("changes[{}].{}", problem.edit, problem.field),
         problem.message});
  }
  if (!problems.empty()) return Fail(Error::Invalid("the changes cannot be made", problems));
  PARAPLAN_TRY(ExpectValid(loaded.problem, edited.plan));
  const std::string plan = PARAPLAN_TRY(StoredPlanJson(loaded, edited.plan));
  return OnSchedules(store_, true, [&](ScheduleStore& schedules) {
    return schedules.ReplaceDraftPlan(stored.id, stored.plan, plan);
  });
}

Result<void> SchoolScheduler::Publish(Id schedule_id, std::optional<Id> published_by,
                                      std::int64_t now, Date today) {
  SqlRunner* runner = PARAPLAN_TRY(RunnerOf(store_));
  // One transaction: the schedule is published with the assignments it
  // gives, or neither is. Publishers of one district take turns (SQLite has
  // one writer; PostgreSQL locks the district's row), so each rebuild sees
  // every schedule published before it and none is lost.
  return runner->RunWrite([&](sql::Session& session) -> Result<void> {
    std::unique_ptr<ScheduleStore> schedules = MakeScheduleStore(session);
    const StoredSchedule stored = PARAPLAN_TRY(schedules->GetSummary(schedule_id));
    if (session.dialect() == sql::Dialect::kPostgres) {
      PARAPLAN_TRY(session.Query("SELECT id FROM district WHERE id = ? FOR UPDATE",
                                 {sql::Int(stored.district_id)}));
    }
    // A re-plan changes one day of a published week: alone it would leave
    // the rest of the week without assignments.
    if (stored.base_id) {
      const StoredSchedule base = PARAPLAN_TRY(schedules->GetSummary(*stored.base_id));
      if (base.status != ScheduleStatus::kPublished) {
        return Fail(Error::FailedPrecondition(fmt::format(
            "publish the week's schedule {} first: a re-plan changes one day of a published "
            "schedule",
            base.id)));
      }
    }
    PARAPLAN_TRY(schedules->Publish(schedule_id, published_by, now));
    // The school's week as now published: its schedule and the re-plans of
    // its days. Only their assignments change; other schools and weeks keep
    // theirs.
    std::vector<LoadedSchedule> loaded;
    for (const StoredSchedule& each :
         PARAPLAN_TRY(schedules->ListForWeek(stored.school_id, stored.week))) {
      if (each.status != ScheduleStatus::kPublished) continue;
      const StoredSchedule whole = PARAPLAN_TRY(schedules->Get(each.id));
      loaded.push_back(PARAPLAN_TRY(LoadFrom(whole, std::nullopt)));
    }
    auto published = std::ranges::find_if(
        loaded, [&](const LoadedSchedule& each) { return each.stored.id == schedule_id; });
    if (published == loaded.end()) {
      return Fail(Error::Internal(
          fmt::format("schedule {} is not among the week's published schedules", schedule_id)));
    }
    PARAPLAN_TRY(RecordAbsences(session, *published));
    if (stored.returned_staff_id) PARAPLAN_TRY(RecordBackAtWork(session, stored));
    const Date keep_from = std::min(today.WeekStart().AddDays(-kAssignmentDaysKept), stored.week);
    return ReplaceScheduleWeekIn(session, stored.district_id, stored.school_id, stored.week,
                                 AssignmentsOf(loaded), keep_from);
  });
}

Result<std::vector<StoredSchedule>> SchoolScheduler::WeekOf(Id school_id, Date day) {
  return OnSchedules(store_, false, [&](ScheduleStore& schedules) {
    return schedules.ListForWeek(school_id, day.WeekStart());
  });
}

Result<std::optional<Id>> SchoolScheduler::Current(Id school_id, Date day) {
  const std::vector<StoredSchedule> week = PARAPLAN_TRY(WeekOf(school_id, day));  // newest first
  std::optional<Id> replan;
  std::optional<Id> whole;
  for (const StoredSchedule& each : week) {
    if (!replan && each.day == day && each.status == ScheduleStatus::kPublished) replan = each.id;
    if (!whole && !each.day && each.status != ScheduleStatus::kSuperseded) whole = each.id;
  }
  // The newer of the two: a week made after the day's re-plan (an update
  // being reviewed) is what the coordinator is working on.
  if (replan && whole) return std::max(*replan, *whole);
  return replan ? replan : whole;
}

Result<std::shared_ptr<const LoadedSchedule>> SchoolScheduler::Published(Id school_id, Date day,
                                                                         ScheduleCache& cache) {
  const std::vector<StoredSchedule> week = PARAPLAN_TRY(WeekOf(school_id, day));
  const StoredSchedule* chosen = nullptr;
  for (const StoredSchedule& each : week) {
    if (each.status != ScheduleStatus::kPublished) continue;
    if (each.day == day) {
      chosen = &each;
      break;
    }
    if (!each.day && !chosen) chosen = &each;
  }
  if (!chosen) return std::shared_ptr<const LoadedSchedule>();
  return Cached(*chosen, cache);
}

Result<std::shared_ptr<const LoadedSchedule>> SchoolScheduler::Cached(const StoredSchedule& listed,
                                                                      ScheduleCache& cache) {
  if (std::shared_ptr<const LoadedSchedule> cached = cache.Find(listed.id)) return cached;
  const StoredSchedule stored = PARAPLAN_TRY(OnSchedules(
      store_, false, [&](ScheduleStore& schedules) { return schedules.Get(listed.id); }));
  auto loaded = std::make_shared<LoadedSchedule>(PARAPLAN_TRY(LoadFrom(stored, std::nullopt)));
  const std::size_t bytes = stored.problem.size() + stored.plan.size();
  loaded->stored = listed;  // without the JSON, which is parsed now
  cache.Put(listed.id, loaded, bytes);
  return std::shared_ptr<const LoadedSchedule>(std::move(loaded));
}

Result<void> SchoolScheduler::MarkSeen(Id schedule_id, Id staff_id, Date day, std::int64_t now) {
  return OnSchedules(store_, true, [&](ScheduleStore& schedules) {
    return schedules.MarkSeen(schedule_id, staff_id, day, now);
  });
}

Result<std::map<Id, std::int64_t>> SchoolScheduler::SeenBy(Id schedule_id, Date day) {
  return OnSchedules(store_, false,
                     [&](ScheduleStore& schedules) { return schedules.SeenBy(schedule_id, day); });
}

Result<UsualWeek> SchoolScheduler::UsualWeekOf(const LoadedSchedule& schedule,
                                               ScheduleCache& cache) {
  UsualWeek usual;
  if (!schedule.stored.day) {
    if (schedule.previous_plan) usual.plan = &*schedule.previous_plan;
    return usual;
  }
  if (schedule.base_plan) {
    usual.plan = &*schedule.base_plan;
    return usual;
  }
  if (!schedule.stored.base_id) return usual;
  usual.base = cache.Find(*schedule.stored.base_id);
  if (!usual.base) {
    const StoredSchedule listed = PARAPLAN_TRY(Summary(*schedule.stored.base_id));
    usual.base = PARAPLAN_TRY(Cached(listed, cache));
  }
  usual.plan = &usual.base->plan;
  return usual;
}

Result<std::optional<WeekInForce>> SchoolScheduler::InForce(Id school_id, Date week,
                                                            ScheduleCache& cache) {
  const std::vector<StoredSchedule> listed = PARAPLAN_TRY(WeekOf(school_id, week));
  auto published_week = std::ranges::find_if(listed, [](const StoredSchedule& each) {
    return !each.day && each.status == ScheduleStatus::kPublished;
  });
  if (published_week == listed.end()) return std::optional<WeekInForce>();
  WeekInForce in_force;
  in_force.schedule = PARAPLAN_TRY(Cached(*published_week, cache));
  in_force.plan = in_force.schedule->plan;
  for (const StoredSchedule& each : listed) {
    if (!each.day || each.status != ScheduleStatus::kPublished) continue;
    const std::shared_ptr<const LoadedSchedule> replan = PARAPLAN_TRY(Cached(each, cache));
    schedule::TakeDay(in_force.schedule->problem, replan->plan,
                      static_cast<Weekday>(each.day->IsoWeekday()), in_force.plan);
  }
  return std::optional<WeekInForce>(std::move(in_force));
}

std::shared_ptr<const LoadedSchedule> ScheduleCache::Find(Id id) {
  std::lock_guard lock(mutex_);
  auto found = entries_.find(id);
  if (found == entries_.end()) return nullptr;
  uses_.splice(uses_.begin(), uses_, found->second.use);
  return found->second.loaded;
}

void ScheduleCache::Put(Id id, std::shared_ptr<const LoadedSchedule> loaded, std::size_t bytes) {
  if (bytes > budget_bytes_) return;  // larger than the whole cache: parsed per request
  std::lock_guard lock(mutex_);
  if (entries_.contains(id)) return;  // another request parsed it first
  while (used_bytes_ + bytes > budget_bytes_ && !uses_.empty()) {
    auto oldest = entries_.find(uses_.back());
    used_bytes_ -= oldest->second.bytes;
    entries_.erase(oldest);
    uses_.pop_back();
  }
  uses_.push_front(id);
  entries_.emplace(id, Entry{std::move(loaded), bytes, uses_.begin()});
  used_bytes_ += bytes;
}

std::vector<Assignment> SchoolScheduler::AssignmentsOf(
    const std::vector<LoadedSchedule>& published) {
  std::map<std::pair<Id, Date>, const LoadedSchedule*> replan_of;
  for (const LoadedSchedule& each : published) {
    if (each.stored.day) replan_of[{each.stored.school_id, *each.stored.day}] = &each;
  }
  std::map<std::tuple<Id, Id, Id>, std::set<Date>> days;  // district, para, student -> days
  for (const LoadedSchedule& week : published) {
    if (week.stored.day) continue;
    for (int offset = 0; offset < 5; ++offset) {
      const Date date = week.stored.week.AddDays(offset);
      auto replan = replan_of.find({week.stored.school_id, date});
      const LoadedSchedule& source = replan == replan_of.end() ? week : *replan->second;
      const Problem& problem = source.problem;
      const auto weekday = static_cast<Weekday>(date.IsoWeekday());
      for (std::size_t p = 0; p < problem.paras.size(); ++p) {
        for (std::size_t b = 0; b < problem.blocks.size(); ++b) {
          if (problem.blocks[b].day != weekday) continue;
          const schedule::Slot& slot = source.plan.slots[p][b];
          if (slot.activity != schedule::Activity::kSupport) continue;
          for (int need : slot.needs) {
            const Id student = problem.needs[static_cast<std::size_t>(need)].student_id;
            days[{week.stored.district_id, problem.paras[p].id, student}].insert(date);
          }
        }
      }
    }
  }
  std::vector<Assignment> assignments;
  for (const auto& [key, dates] : days) {
    const auto& [district, para, student] = key;
    std::optional<Date> start, end;
    auto flush = [&] {
      if (!start) return;
      assignments.push_back(
          Assignment{0, district, para, student, *start, end, AssignmentSource::kSchedule});
    };
    for (const Date date : dates) {
      if (end && end->AddDays(1) == date) {
        end = date;
        continue;
      }
      flush();
      start = date;
      end = date;
    }
    flush();
  }
  return assignments;
}

}  // namespace paraplan::scheduling
