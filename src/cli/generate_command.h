#pragma once

#include <CLI/CLI.hpp>

namespace paraplan::cli {

// `paraplan generate --db FILE --students N --schools K [--seed N]`:
// generates a synthetic district of any size, in batches of students, with
// progress on stderr.
void AddGenerateCommand(CLI::App& app);

}  // namespace paraplan::cli
