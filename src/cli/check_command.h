#pragma once

#include <CLI/CLI.hpp>

namespace paraplan::cli {

// `paraplan check --db FILE`: validates every record and prints the problems
// with record kind, id and field; exits 1 when there are any.
void AddCheckCommand(CLI::App& app);

}  // namespace paraplan::cli
