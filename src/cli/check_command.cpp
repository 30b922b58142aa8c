#include "cli/check_command.h"

#include <cstdio>
#include <memory>
#include <string>

#include "cli/command_support.h"
#include "cli/progress.h"
#include "synth/audit.h"

namespace paraplan::cli {
namespace {

struct CheckOptions {
  std::string db;
  int limit = 50;
};

void RunCheck(const CheckOptions& options) {
  // Opening a missing file would create an empty database and pass it.
  std::unique_ptr<Store> store = OpenExistingOrExit(options.db);
  std::unique_ptr<ProgressPrinter> shown;
  auto report = synth::Audit(*store, [&](std::int64_t done, std::int64_t total) {
    if (!shown) shown = std::make_unique<ProgressPrinter>("students checked", total);
    shown->Update(done);
  });
  if (shown) shown->Finish();
  if (!report) ExitWith(report.error());

  std::printf("Checked %s:\n", options.db.c_str());
  for (const auto& [kind, count] : report->counts) {
    std::printf("  %-14s %10s\n", kind.c_str(), Thousands(count).c_str());
  }
  int shown_findings = 0;
  for (const synth::Finding& finding : report->findings) {
    if (shown_findings++ >= options.limit) break;
    std::printf("problem: %s %lld %s: %s\n", finding.kind.c_str(),
                static_cast<long long>(finding.id), finding.field.c_str(), finding.reason.c_str());
  }
  if (static_cast<int>(report->findings.size()) > options.limit) {
    std::printf(
        "... and %s more problems\n",
        Thousands(static_cast<std::int64_t>(report->findings.size()) - options.limit).c_str());
  }
  if (!report->integrity_problem.empty()) {
    std::printf("problem: database integrity: %s\n", report->integrity_problem.c_str());
  }
  if (report->ok()) {
    std::printf("No problems found.\n");
    return;
  }
  std::printf("%s problems found.\n", Thousands(static_cast<std::int64_t>(report->findings.size()) +
                                                (report->integrity_problem.empty() ? 0 : 1))
                                          .c_str());
  throw CLI::RuntimeError(kExitProblems);
}

}  // namespace

void AddCheckCommand(CLI::App& app) {
  auto options = std::make_shared<CheckOptions>();
  CLI::App* command = app.add_subcommand(
      "check", "Validate every record and the database's integrity; print the problems");
  AddDbOption(*command, options->db);
  command->add_option("--limit", options->limit, "most problems to print")
      ->check(CLI::Range(0, 1000000));
  command->callback([options] { RunCheck(*options); });
}

}  // namespace paraplan::cli
