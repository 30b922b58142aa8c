#include "cli/schedule_command.h"

#include <chrono>
#include <cstdio>
#include <fstream>
#include <memory>
#include <sstream>
#include <string>

#include <fmt/format.h>

#include "cli/command_support.h"
#include "schedule/milp.h"
#include "schedule/problem_json.h"
#include "schedule/replan.h"
#include "schedule/solver.h"

namespace paraplan::cli {
namespace {

using schedule::Plan;
using schedule::Problem;

struct ScheduleOptions {
  std::string problem;
  std::string out;
  std::string method = "production";
  double seconds = 60;
};

struct ReplanOptions {
  std::string problem;
  std::string plan;
  std::string date;
  std::string day;
  std::int64_t absent = 0;
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

void PrintSummary(const Problem& problem, const Plan& plan, double seconds) {
  const schedule::Score score = schedule::Evaluate(problem, plan);
  std::printf("objective %lld in %.3f s\n", static_cast<long long>(score.total), seconds);
  std::printf("one-to-one and safety needs covered: %d of %d\n",
              score.one_to_one_or_safety_covered, score.one_to_one_or_safety_needs);
  std::printf("adult-support needs covered:        %d of %d\n", score.adult_support_covered,
              score.adult_support_needs);
  std::printf("IEP minutes in their setting:       %lld of %lld\n",
              static_cast<long long>(score.iep_minutes),
              static_cast<long long>(score.iep_minutes_required));
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
    plan = schedule::Solve(problem);
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
  if (json.is_discarded()) ExitWith(Error::Invalid("the plan is not JSON", {{"--plan", "is not valid JSON"}}));
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
  std::printf("re-planned %s in %.2f ms: %zu changes; %d of the absent para's needs re-covered, "
              "%d left uncovered; %zu needs uncovered that day\n",
              std::string(schedule::WeekdayName(*day)).c_str(), milliseconds,
              replan->changes.size(), replan->recovered, replan->lost, replan->uncovered.size());
}

}  // namespace

void AddScheduleCommands(CLI::App& app) {
  auto schedule_options = std::make_shared<ScheduleOptions>();
  CLI::App* schedule = app.add_subcommand(
      "schedule", "Schedule paras by student need from a problem file; write the plan");
  schedule->add_option("--problem", schedule_options->problem, "problem JSON (docs/schedule.md)")
      ->required();
  schedule->add_option("--out", schedule_options->out, "where to write the plan JSON")->required();
  schedule->add_option("--method", schedule_options->method, "production, greedy or milp")
      ->check(CLI::IsMember({"production", "greedy", "milp"}));
  schedule->add_option("--seconds", schedule_options->seconds, "time limit of the milp method")
      ->check(CLI::PositiveNumber);
  schedule->callback([schedule_options] { RunSchedule(*schedule_options); });

  auto replan_options = std::make_shared<ReplanOptions>();
  CLI::App* replan = app.add_subcommand(
      "replan", "Re-plan one day of a published plan for an absent para, with the fewest changes");
  replan->add_option("--problem", replan_options->problem, "problem JSON")->required();
  replan->add_option("--plan", replan_options->plan, "the published plan JSON")->required();
  auto* date = replan->add_option("--date", replan_options->date, "the day of absence, YYYY-MM-DD");
  auto* day = replan->add_option("--day", replan_options->day, "or its weekday name, e.g. monday");
  date->excludes(day);
  replan->add_option("--absent", replan_options->absent, "staff id of the absent para")
      ->required();
  replan->add_option("--out", replan_options->out, "where to write the re-plan JSON")->required();
  replan->callback([replan_options] {
    if (replan_options->date.empty() && replan_options->day.empty()) {
      ExitWith(Error::Invalid("which day?", {{"--date", "or --day is required"}}));
    }
    RunReplan(*replan_options);
  });
}

}  // namespace paraplan::cli
