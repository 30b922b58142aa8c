#include "cli/schedule_command.h"

#include <fmt/format.h>

#include <chrono>
#include <cstdio>
#include <fstream>
#include <map>
#include <memory>
#include <sstream>
#include <string>

#include "cli/command_support.h"
#include "schedule/milp.h"
#include "schedule/problem_json.h"
#include "schedule/replan.h"
#include "schedule/solver.h"
#include "scheduling/schedule_view.h"
#include "scheduling/school_schedule.h"

namespace paraplan::cli {
namespace {

using schedule::Plan;
using schedule::Problem;

struct ScheduleOptions {
  std::string problem;
  std::string out;
  // The stored form: a school's week from the database.
  std::string db;
  std::int64_t school = 0;
  std::string week;
  bool publish = false;
  bool update = false;  // with --db: the week's published schedule made again, fewest changes
  std::string method = "production";
  double seconds = 60;
  int starts = 0;  // the production solver's starts; 0: as many as fit the size
};

struct ReplanOptions {
  std::string problem;
  std::string plan;
  std::string db;
  bool publish = false;
  std::string date;
  std::string day;
  std::int64_t absent = 0;
  std::int64_t back = 0;  // with --db: the para marked away that day who is at work after all
  std::string through;    // with --db and --absent: the last day away, in the same week
  std::string out;
};

Result<std::string> ReadFile(const std::string& path) {
  std::ifstream file(path, std::ios::binary);
  if (!file) {
    return Fail(Error::NotFound(fmt::format("cannot read {}", path)));
  }
  std::ostringstream text;
  text << file.rdbuf();
  return text.str();
}

void WriteOrExit(const std::string& path, const nlohmann::json& json) {
  std::ofstream file(path, std::ios::binary | std::ios::trunc);
  file << json.dump(2) << '\n';
  if (!file) ExitWith(Error::Unavailable(fmt::format("cannot write {}", path)));
}

Problem LoadProblemOrExit(const std::string& path) {
  Result<std::string> text = ReadFile(path);
  if (!text) ExitWith(text.error());
  Result<Problem> problem = schedule::ParseProblem(*text);
  if (!problem) ExitWith(problem.error());
  return std::move(*problem);
}

void PrintCoverage(const schedule::Score& score) {
  std::printf("one-to-one and safety needs covered: %d of %d\n", score.one_to_one_or_safety_covered,
              score.one_to_one_or_safety_needs);
  std::printf("adult-support needs covered:        %d of %d\n", score.adult_support_covered,
              score.adult_support_needs);
  std::printf("IEP minutes in their setting:       %lld of %lld\n",
              static_cast<long long>(score.iep_minutes),
              static_cast<long long>(score.iep_minutes_required));
}

void PrintSummary(const Problem& problem, const Plan& plan, double seconds) {
  const schedule::Score score = schedule::Evaluate(problem, plan);
  std::printf("objective %lld in %.3f s\n", static_cast<long long>(score.total), seconds);
  PrintCoverage(score);
  std::printf("student-para pairs %d, room changes %d, busiest para %d student-blocks\n",
              score.student_para_pairs, score.room_changes, score.max_load);
}

void ExitOnViolations(const Problem& problem, const Plan& plan) {
  const auto violations = schedule::CheckPlan(problem, plan);
  if (violations.empty()) return;
  for (const auto& violation : violations) {
    std::fprintf(stderr, "violation: %s: %s\n", violation.where.c_str(), violation.rule.c_str());
  }
  ExitWith(Error::Internal("the plan breaks a hard rule"));
}

void RunSchedule(const ScheduleOptions& options) {
  const Problem problem = LoadProblemOrExit(options.problem);
  const auto start = std::chrono::steady_clock::now();
  Result<Plan> plan = Fail(Error::Invalid("unknown method", {{"--method", "is not known"}}));
  if (options.method == "production") {
    plan = schedule::Solve(problem, {.starts = options.starts});
  } else if (options.method == "greedy") {
    plan = schedule::SolveGreedy(problem);
  } else if (options.method == "milp") {
    Result<schedule::MilpResult> exact = schedule::SolveMilp(problem, {.seconds = options.seconds});
    if (!exact) ExitWith(exact.error());
    if (!exact->plan) ExitWith(Error::Unavailable("CBC found no plan within the time limit"));
    std::printf("CBC bound %.0f, %s\n", exact->bound,
                exact->proven_optimal ? "proven optimal" : "not proven optimal");
    plan = std::move(*exact->plan);
  }
  if (!plan) ExitWith(plan.error());
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  ExitOnViolations(problem, *plan);
  WriteOrExit(options.out, schedule::PlanToJson(problem, *plan));
  PrintSummary(problem, *plan, seconds);
}

void RunReplan(const ReplanOptions& options) {
  const Problem problem = LoadProblemOrExit(options.problem);
  Result<std::string> text = ReadFile(options.plan);
  if (!text) ExitWith(text.error());
  const nlohmann::json json = nlohmann::json::parse(*text, nullptr, false);
  if (json.is_discarded())
    ExitWith(Error::Invalid("the plan is not JSON", {{"--plan", "is not valid JSON"}}));
  Result<Plan> published = schedule::PlanFromJson(problem, json);
  if (!published) ExitWith(published.error());

  std::optional<Weekday> day;
  if (!options.date.empty()) {
    std::optional<Date> date = Date::Parse(options.date);
    if (!date) ExitWith(Error::Invalid("bad date", {{"--date", "must be YYYY-MM-DD"}}));
    day = static_cast<Weekday>(date->IsoWeekday());
  } else {
    day = schedule::ParseWeekday(options.day);
    if (!day) ExitWith(Error::Invalid("bad day", {{"--day", "must be a weekday name"}}));
  }
  int para = -1;
  for (std::size_t p = 0; p < problem.paras.size(); ++p) {
    if (problem.paras[p].id == options.absent) para = static_cast<int>(p);
  }
  if (para < 0) {
    ExitWith(Error::NotFound(fmt::format("no para {} in the problem", options.absent)));
  }
  const auto start = std::chrono::steady_clock::now();
  Result<schedule::Replan> replan = schedule::ReplanAbsence(problem, *published, para, *day);
  const double milliseconds =
      std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
  if (!replan) ExitWith(replan.error());
  ExitOnViolations(problem, replan->plan);
  WriteOrExit(options.out, schedule::ReplanToJson(problem, *replan));
  std::printf(
      "re-planned %s in %.2f ms: %zu changes; %d of the absent para's needs re-covered, "
      "%d left uncovered; %zu needs uncovered that day\n",
      std::string(schedule::WeekdayName(*day)).c_str(), milliseconds, replan->changes.size(),
      replan->recovered, replan->lost, replan->uncovered.size());
}

std::int64_t NowSeconds() {
  return std::chrono::duration_cast<std::chrono::seconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

Date DateOrExit(const std::string& text, const std::string& field) {
  std::optional<Date> date = Date::Parse(text);
  if (!date) ExitWith(Error::Invalid("bad date", {{field, "must be YYYY-MM-DD"}}));
  return *date;
}

// Schedules are stored through the SQL layer: an in-memory store has none.
void RequireSqlOrExit(Store& store) {
  if (store.sql_runner() == nullptr) {
    ExitWith(Error::Unavailable("schedules need a database store (SQLite or PostgreSQL)"));
  }
}

// `paraplan schedule --db --school --week [--update] [--publish]`: the stored
// school's week, solved afresh or (--update) its published week updated.
void RunStoredSchedule(const ScheduleOptions& options) {
  const Date week = DateOrExit(options.week, "--week");
  std::unique_ptr<Store> store = OpenExistingOrExit(options.db);
  RequireSqlOrExit(*store);
  scheduling::SchoolScheduler scheduler(*store);
  const auto start = std::chrono::steady_clock::now();
  scheduling::ScheduleCache parsed;  // the command's own: it reads the week once
  Result<scheduling::MadeSchedule> made =
      options.update ? scheduler.Update(options.school, week, std::nullopt, NowSeconds(), parsed)
                     : scheduler.Make(options.school, week, std::nullopt, NowSeconds(),
                                      {.starts = options.starts});
  if (!made) ExitWith(made.error());
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  if (options.update) {
    std::printf(
        "schedule %lld for school %lld, week of %s: the published week updated in %.2f s, "
        "%d para-blocks changed\n",
        static_cast<long long>(made->id), static_cast<long long>(options.school),
        week.WeekStart().ToString().c_str(), seconds, made->changes);
  } else {
    std::printf(
        "schedule %lld for school %lld, week of %s, made in %.2f s (%d para-days on leave "
        "re-planned)\n",
        static_cast<long long>(made->id), static_cast<long long>(options.school),
        week.WeekStart().ToString().c_str(), seconds, made->absences_replanned);
  }
  PrintCoverage(made->score);
  if (!options.publish) {
    std::printf("a draft: publish it with the API or run again with --publish\n");
    return;
  }
  Result<void> published = scheduler.Publish(made->id, std::nullopt, NowSeconds(), Date::Today());
  if (!published) ExitWith(published.error());
  std::printf("published: the paras' assignments follow it\n");
}

// `paraplan replan --db --date --absent --through [--publish]`: the para
// away from --date to --through, one update of the published week
// (SchoolScheduler::Update with ParaAway), each day's changes counted.
void RunStoredAway(const ReplanOptions& options, scheduling::SchoolScheduler& scheduler, Id school,
                   Date first, Date last) {
  scheduling::ScheduleCache cache;
  const auto start = std::chrono::steady_clock::now();
  Result<scheduling::MadeSchedule> made =
      scheduler.Update(school, first, std::nullopt, NowSeconds(), cache,
                       scheduling::ParaAway{options.absent, first, last});
  if (!made) {
    // The API's names of the days and the para, as this command names them.
    Error error = made.error();
    const std::map<std::string, std::string> flags = {{"away.staff_id", "--absent"},
                                                      {"away.first_day", "--date"},
                                                      {"away.last_day", "--through"}};
    for (FieldProblem& problem : error.fields) {
      if (const auto flag = flags.find(problem.field); flag != flags.end()) {
        problem.field = flag->second;
      }
    }
    ExitWith(error);
  }
  const double milliseconds =
      std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
  Result<scheduling::LoadedSchedule> loaded = scheduler.Load(made->id);
  if (!loaded) ExitWith(loaded.error());
  std::printf(
      "update %lld of the week of %s made in %.1f ms with para %lld away %s to %s: %d para-blocks "
      "changed over the week\n",
      static_cast<long long>(made->id), first.WeekStart().ToString().c_str(), milliseconds,
      static_cast<long long>(options.absent), first.ToString().c_str(), last.ToString().c_str(),
      made->changes);
  for (Date day = first; day <= last; day = day.AddDays(1)) {
    const nlohmann::json view = scheduling::ViewOf(
        *loaded, day,
        [](Id id) -> std::optional<std::string> { return fmt::format("student {}", id); });
    std::printf("  %s: %zu changes, %zu needs not covered, %d of them left by the absence\n",
                day.ToString().c_str(), view["changes"].size(), view["uncovered"].size(),
                view["day"]["newly_uncovered"].get<int>());
  }
  if (!options.publish) return;
  Result<void> published = scheduler.Publish(made->id, std::nullopt, NowSeconds(), Date::Today());
  if (!published) ExitWith(published.error());
  std::printf("published: the paras' assignments follow it, and each day away is leave\n");
}

// `paraplan replan --db --date --absent|--back [--publish]`: the para's
// school's schedule of that day, re-planned for their absence, or for their
// being at work after all.
void RunStoredReplan(const ReplanOptions& options) {
  const Date day = DateOrExit(options.date, "--date");
  const bool back = options.back != 0;
  const Id staff_id = back ? options.back : options.absent;
  const std::string flag = back ? "--back" : "--absent";
  std::unique_ptr<Store> store = OpenExistingOrExit(options.db);
  RequireSqlOrExit(*store);
  std::optional<Id> school;
  Result<void> read = store->Read([&](Transaction& tx) -> Result<void> {
    const Staff para = PARAPLAN_TRY(tx.GetStaff(staff_id));
    school = para.school_id;
    return {};
  });
  if (!read) ExitWith(read.error());
  if (!school) ExitWith(Error::Invalid("the para has no school", {{flag, "has no school"}}));
  scheduling::SchoolScheduler scheduler(*store);
  Result<std::optional<Id>> current = scheduler.Current(*school, day);
  if (!current) ExitWith(current.error());
  if (!*current) {
    ExitWith(
        Error::NotFound(fmt::format("school {} has no schedule for the week of {}; run "
                                    "paraplan schedule first",
                                    *school, day.WeekStart().ToString())));
  }
  if (!options.through.empty()) {
    return RunStoredAway(options, scheduler, *school, day,
                         DateOrExit(options.through, "--through"));
  }
  const auto start = std::chrono::steady_clock::now();
  Result<Id> replan =
      back ? scheduler.BackAtWork(**current, day, staff_id, std::nullopt, NowSeconds())
           : scheduler.Replan(**current, day, staff_id, std::nullopt, NowSeconds());
  if (!replan) ExitWith(replan.error());
  const double milliseconds =
      std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
  Result<scheduling::LoadedSchedule> loaded = scheduler.Load(*replan);
  if (!loaded) ExitWith(loaded.error());
  const nlohmann::json view = scheduling::ViewOf(
      *loaded, day,
      [](Id id) -> std::optional<std::string> { return fmt::format("student {}", id); });
  std::printf(
      "re-plan %lld of %s made in %.1f ms: %zu changes, %zu needs not covered that day, %d of "
      "them left uncovered by the absence\n",
      static_cast<long long>(*replan), day.ToString().c_str(), milliseconds, view["changes"].size(),
      view["uncovered"].size(), view["day"]["newly_uncovered"].get<int>());
  for (const nlohmann::json& change : view["changes"]) {
    std::printf(
        "  %s %s-%s  %s: %s -> %s\n", change["block"].get<std::string>().c_str(),
        change["start"].get<std::string>().c_str(), change["end"].get<std::string>().c_str(),
        change["para_name"].get<std::string>().c_str(), change["before"].get<std::string>().c_str(),
        change["after"].get<std::string>().c_str());
  }
  // The needs the absence left uncovered first: those are the morning's
  // work; the others the week's schedule did not cover either.
  for (const bool newly : {true, false}) {
    for (const nlohmann::json& need : view["uncovered"]) {
      if (need["newly_uncovered"].get<bool>() != newly) continue;
      std::printf(
          "  %s: %s %s, %s: %s\n",
          newly ? "left uncovered" : "not covered in the week's schedule either",
          need["block"].get<std::string>().c_str(), need["student_name"].get<std::string>().c_str(),
          need["need"].get<std::string>().c_str(), need["reason"].get<std::string>().c_str());
    }
  }
  if (!options.publish) return;
  Result<void> published = scheduler.Publish(*replan, std::nullopt, NowSeconds(), Date::Today());
  if (!published) ExitWith(published.error());
  std::printf("published: the paras' assignments for %s follow it\n", day.ToString().c_str());
}

}  // namespace

void AddScheduleCommands(CLI::App& app) {
  auto schedule_options = std::make_shared<ScheduleOptions>();
  CLI::App* schedule = app.add_subcommand(
      "schedule",
      "Schedule paras by student need: a stored school's week (--db --school --week) or a "
      "problem file (--problem --out)");
  auto* problem = schedule->add_option("--problem", schedule_options->problem,
                                       "problem JSON (docs/schedule.md)");
  auto* out = schedule->add_option("--out", schedule_options->out, "where to write the plan JSON");
  auto* db = AddDbOption(*schedule, schedule_options->db)->required(false);
  auto* school = schedule->add_option("--school", schedule_options->school, "the school's id");
  auto* week = schedule->add_option("--week", schedule_options->week,
                                    "any day of the week to plan, YYYY-MM-DD");
  auto* publish = schedule->add_flag("--publish", schedule_options->publish,
                                     "publish the schedule: paras' assignments follow it");
  auto* update = schedule->add_flag(
      "--update", schedule_options->update,
      "make the week's published schedule again for the school as it is now, with the fewest "
      "changes, instead of solving afresh");
  problem->needs(out)->excludes(db)->excludes(school)->excludes(week)->excludes(publish)->excludes(
      update);
  db->needs(school)->needs(week);
  schedule->add_option("--method", schedule_options->method, "production, greedy or milp")
      ->check(CLI::IsMember({"production", "greedy", "milp"}));
  schedule->add_option("--seconds", schedule_options->seconds, "time limit of the milp method")
      ->check(CLI::PositiveNumber);
  schedule
      ->add_option("--starts", schedule_options->starts,
                   "starts of the production search, 1-64, the best plan kept (default: as "
                   "many as fit the school's size; more search longer)")
      ->check(CLI::Range(1, 64));
  schedule->callback([schedule_options] {
    if (!schedule_options->db.empty()) return RunStoredSchedule(*schedule_options);
    if (schedule_options->problem.empty()) {
      ExitWith(Error::Invalid("what to schedule?", {{"--db", "or --problem is required"}}));
    }
    RunSchedule(*schedule_options);
  });

  auto replan_options = std::make_shared<ReplanOptions>();
  CLI::App* replan = app.add_subcommand(
      "replan",
      "Re-plan one day of a published plan for an absent para, with the fewest changes (or, "
      "with --back, for a para marked absent who is at work after all)");
  auto* replan_problem = replan->add_option("--problem", replan_options->problem, "problem JSON");
  auto* replan_plan = replan->add_option("--plan", replan_options->plan, "the published plan JSON");
  auto* replan_db = AddDbOption(*replan, replan_options->db)->required(false);
  auto* replan_publish =
      replan->add_flag("--publish", replan_options->publish, "publish the re-plan (with --db)");
  auto* date = replan->add_option("--date", replan_options->date, "the day of absence, YYYY-MM-DD");
  auto* day = replan->add_option("--day", replan_options->day, "or its weekday name, e.g. monday");
  date->excludes(day);
  auto* absent =
      replan->add_option("--absent", replan_options->absent, "staff id of the absent para");
  auto* back = replan->add_option(
      "--back", replan_options->back,
      "with --db: staff id of a para marked absent that day who is at work after all");
  absent->excludes(back);
  back->needs(replan_db);
  replan
      ->add_option("--through", replan_options->through,
                   "with --db and --absent: the last day away, YYYY-MM-DD, in the same week: "
                   "every day away re-planned in one update of the published week")
      ->needs(replan_db)
      ->needs(absent);
  auto* replan_out =
      replan->add_option("--out", replan_options->out, "where to write the re-plan JSON");
  replan_problem->needs(replan_plan)->needs(replan_out)->excludes(replan_db);
  replan_db->needs(date)->excludes(day)->excludes(replan_out);
  replan_publish->needs(replan_db);
  replan->callback([replan_options] {
    if (replan_options->absent == 0 && replan_options->back == 0) {
      ExitWith(Error::Invalid("whose day?", {{"--absent", "or --back is required"}}));
    }
    if (!replan_options->db.empty()) return RunStoredReplan(*replan_options);
    if (replan_options->problem.empty()) {
      ExitWith(Error::Invalid("what to re-plan?", {{"--db", "or --problem is required"}}));
    }
    if (replan_options->date.empty() && replan_options->day.empty()) {
      ExitWith(Error::Invalid("which day?", {{"--date", "or --day is required"}}));
    }
    RunReplan(*replan_options);
  });
}

}  // namespace paraplan::cli
