// What every command shares: opening the --db store and ending with an exit
// code. Commands report failures as Results up to here; CLI11's RuntimeError
// carries the exit code out of the subcommand callback to main.
#pragma once

#include <CLI/CLI.hpp>
#include <cstdio>
#include <memory>
#include <string>

#include "store/store.h"

namespace paraplan::cli {

// Exit codes: 0 success, 1 the command ran and found problems, 2 the command
// could not run (bad input, unreachable database).
inline constexpr int kExitProblems = 1;
inline constexpr int kExitFailure = 2;

// Prints the error with its field problems to stderr and exits with code 2.
[[noreturn]] void ExitWith(const Error& error);

// Opens the store for --db or exits with the reason.
std::unique_ptr<Store> OpenOrExit(const std::string& db);
// The same for a command that reads a database someone made before: a
// SQLite path where there is no file exits naming it, where opening it
// would create an empty database and the command would then report that
// nothing it asked for exists.
std::unique_ptr<Store> OpenExistingOrExit(const std::string& db);

// Adds the --db option every command takes.
CLI::Option* AddDbOption(CLI::App& command, std::string& db);

// Prints what the database holds: records per kind and the schools.
void PrintSummary(Store& store, std::FILE* out);

}  // namespace paraplan::cli
