// The JSON forms of a scheduling problem and of a plan (docs/schedule.md).
// Reading names every problem by its JSON path ("paras[2].skills[0]: must be
// one of ...") and reports all of them at once.
#pragma once

#include <string_view>

#include <nlohmann/json.hpp>

#include "domain/error.h"
#include "schedule/plan.h"
#include "schedule/problem.h"
#include "schedule/replan.h"

namespace paraplan::schedule {

Result<Problem> ProblemFromJson(const nlohmann::json& json);
Result<Problem> ParseProblem(std::string_view text);

nlohmann::json ProblemToJson(const Problem& problem);

// The plan with ids and block labels, the objective's parts and the
// uncovered needs with their reasons.
nlohmann::json PlanToJson(const Problem& problem, const Plan& plan);

// Reads a plan written by PlanToJson back against its problem (for
// re-planning a published plan); cover and reasons are recomputed.
Result<Plan> PlanFromJson(const Problem& problem, const nlohmann::json& json);

nlohmann::json ReplanToJson(const Problem& problem, const Replan& replan);

std::string_view WeekdayName(Weekday day);
std::optional<Weekday> ParseWeekday(std::string_view name);

}  // namespace paraplan::schedule
