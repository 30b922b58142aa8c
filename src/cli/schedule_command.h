#pragma once

#include <CLI/CLI.hpp>

namespace paraplan::cli {

// `paraplan schedule --problem in.json --out plan.json`: solves a stand-alone
// scheduling problem (docs/schedule.md) and writes the plan; prints coverage
// and the uncovered needs. `--method greedy|milp` runs the coordinator's
// baseline or the exact reference instead.
//
// `paraplan replan --problem in.json --plan plan.json --date YYYY-MM-DD
// --absent STAFF_ID --out replan.json`: re-plans the date's weekday of a
// published plan for an absent para with the fewest changes.
void AddScheduleCommands(CLI::App& app);

}  // namespace paraplan::cli
