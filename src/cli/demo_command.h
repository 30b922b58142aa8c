#pragma once

#include <CLI/CLI.hpp>

namespace paraplan::cli {

// `paraplan demo --db FILE [--seed N]`: creates the demo district (an
// elementary and a high school) and prints where it is and what it holds.
void AddDemoCommand(CLI::App& app);

}  // namespace paraplan::cli
