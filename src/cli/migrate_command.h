#pragma once

#include <CLI/CLI.hpp>

namespace paraplan::cli {

// `paraplan migrate --from sqlite:FILE --to postgresql://... [--district ID]`:
// moves a SQLite database, or one district of it, into another database with
// ids kept, and prints the rows per table on both sides; exits 1 when any
// count differs (the target then keeps nothing).
void AddMigrateCommand(CLI::App& app);

}  // namespace paraplan::cli
