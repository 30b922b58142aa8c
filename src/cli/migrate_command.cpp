#include "cli/migrate_command.h"

#include <cstdio>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>

#include <fmt/format.h>

#include "cli/command_support.h"
#include "cli/progress.h"
#include "store/copy.h"

namespace paraplan::cli {
namespace {

struct MigrateOptions {
  std::string from;
  std::string to;
  std::int64_t district = 0;
};

void RunMigrate(const MigrateOptions& options) {
  // Opening a missing file would create an empty database and move nothing.
  const std::optional<std::string> path = SqliteFileOf(options.from);
  if (!path) {
    ExitWith(Error::Invalid("--from must name a SQLite database", {{"from", "is not a SQLite database"}}));
  }
  if (!std::filesystem::exists(*path)) {
    ExitWith(Error::NotFound(fmt::format("there is no database at {}", *path)));
  }
  if (options.from == options.to) {
    ExitWith(Error::Invalid("--from and --to name the same database", {{"to", "is the source"}}));
  }
  std::unique_ptr<Store> source = OpenOrExit(options.from);
  std::unique_ptr<Store> target = OpenOrExit(options.to);
  const std::optional<Id> district =
      options.district > 0 ? std::optional<Id>(options.district) : std::nullopt;

  std::string current_table;
  auto report = CopyDatabase(*source, *target, district, [&](const std::string& table, std::int64_t rows) {
    if (table != current_table) {
      if (!current_table.empty()) std::fprintf(stderr, "\n");
      current_table = table;
    }
    std::fprintf(stderr, "\r  copying %-28s %12s rows", table.c_str(), Thousands(rows).c_str());
  });
  if (!current_table.empty()) std::fprintf(stderr, "\n");
  if (!report) ExitWith(report.error());

  std::printf("Moved %s%s into %s:\n", options.from.c_str(),
              district ? fmt::format(" (district {})", *district).c_str() : "", options.to.c_str());
  std::printf("  %-28s %12s %12s\n", "table", "source", "target");
  bool equal = true;
  for (const TableCopy& table : report->tables) {
    if (table.skipped) {
      std::printf("  %-28s %12s %12s  (no district column; not moved)\n", table.table.c_str(), "-", "-");
      continue;
    }
    equal = equal && table.source_rows == table.target_rows;
    std::printf("  %-28s %12s %12s%s\n", table.table.c_str(), Thousands(table.source_rows).c_str(),
                Thousands(table.target_rows).c_str(),
                table.source_rows == table.target_rows ? "" : "  DIFFERENT");
  }
  if (!equal) throw CLI::RuntimeError(kExitProblems);
  std::printf("Every count is equal.\n");
}

}  // namespace

void AddMigrateCommand(CLI::App& app) {
  auto options = std::make_shared<MigrateOptions>();
  CLI::App* command = app.add_subcommand(
      "migrate", "Move a SQLite database, or one district of it, into another database (PostgreSQL)");
  command->add_option("--from", options->from, "source: a SQLite file path or sqlite:FILE")->required();
  command->add_option("--to", options->to, "target: postgresql://... (or another SQLite file)")->required();
  command->add_option("--district", options->district, "move only this district's records (its id)")
      ->check(CLI::PositiveNumber);
  command->callback([options] { RunMigrate(*options); });
}

}  // namespace paraplan::cli
