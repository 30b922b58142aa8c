#include "cli/import_command.h"

#include <cstdio>
#include <filesystem>
#include <iostream>
#include <memory>
#include <string>

#include <fmt/format.h>

#include "cli/command_support.h"
#include "interop/edfi_import.h"
#include "interop/oneroster_import.h"

namespace paraplan::cli {
namespace {

enum class Format { kEdFi, kOneRoster };

struct ImportArguments {
  std::string db;
  std::string folder;
  bool apply = false;
  bool skip_invalid = false;
  bool quiet = false;
};

void RunImport(Format format, const ImportArguments& arguments) {
  std::unique_ptr<Store> store = OpenOrExit(arguments.db);
  ImportOptions options;
  options.mode = arguments.apply ? ImportMode::kApply : ImportMode::kDryRun;
  options.policy = arguments.skip_invalid ? ProblemPolicy::kSkipInvalidRecords
                                          : ProblemPolicy::kRefuseOnError;
  options.progress = arguments.quiet ? nullptr : stderr;
  Result<ImportReport> report = format == Format::kEdFi
                                    ? ImportEdFi(*store, arguments.folder, options)
                                    : ImportOneRoster(*store, arguments.folder, options);
  if (!report) ExitWith(report.error());
  std::cout << (arguments.apply ? "Import:\n" : "Dry run (nothing written; --apply writes):\n");
  report->Print(std::cout);
  if (report->applied) std::cout << "Applied in one transaction.\n";
  if (report->errors() > 0 && !report->applied) throw CLI::RuntimeError(kExitProblems);
}

void AddFormat(CLI::App& import, Format format, const char* name, const char* description) {
  auto arguments = std::make_shared<ImportArguments>();
  CLI::App* command = import.add_subcommand(name, description);
  AddDbOption(*command, arguments->db);
  command->add_option("folder", arguments->folder, "folder holding the export")
      ->required()
      ->check(CLI::ExistingDirectory);
  command->add_flag("--apply", arguments->apply, "write the import (default: dry run)");
  command->add_flag("--skip-invalid", arguments->skip_invalid,
                    "write the valid records and skip those with errors (default: refuse all)");
  command->add_flag("--quiet", arguments->quiet, "no progress bar");
  command->callback([format, arguments] { RunImport(format, *arguments); });
}

}  // namespace

void AddImportCommand(CLI::App& app) {
  CLI::App* import =
      app.add_subcommand("import", "Import district data: Ed-Fi XML or OneRoster CSV");
  import->require_subcommand(1);
  AddFormat(*import, Format::kEdFi, "edfi",
            "Ed-Fi Data Standard XML interchanges (EducationOrganization.xml, Student.xml...)");
  AddFormat(*import, Format::kOneRoster, "oneroster",
            "OneRoster 1.1 or 1.2 CSV, bulk or delta (manifest.csv, users.csv...)");
}

}  // namespace paraplan::cli
