#pragma once

#include <CLI/CLI.hpp>

namespace paraplan::cli {

// `paraplan user add --db URL --email EMAIL --role-of staff:ID|guardian:ID`,
// `paraplan user reset --db URL --email EMAIL`,
// `paraplan user disable --db URL --email EMAIL`.
// The password comes from stdin with --password-stdin; otherwise a strong one
// is generated and printed once.
void AddUserCommand(CLI::App& app);

}  // namespace paraplan::cli
