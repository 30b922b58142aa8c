// The paraplan command: registers every subcommand, one line each.
#include <CLI/CLI.hpp>

#include "cli/check_command.h"
#include "cli/demo_command.h"
#include "cli/generate_command.h"
#include "cli/import_command.h"
#include "cli/migrate_command.h"
#include "cli/schedule_command.h"
#include "cli/serve_command.h"
#include "cli/user_command.h"

int main(int argc, char** argv) {
  CLI::App app{"paraplan: the paraeducator push-in service delivery model"};
  app.require_subcommand(1);

  paraplan::cli::AddDemoCommand(app);
  paraplan::cli::AddGenerateCommand(app);
  paraplan::cli::AddCheckCommand(app);
  paraplan::cli::AddImportCommand(app);
  paraplan::cli::AddMigrateCommand(app);
  paraplan::cli::AddScheduleCommands(app);
  paraplan::cli::AddServeCommand(app);
  paraplan::cli::AddUserCommand(app);

  // Commands end with CLI::RuntimeError(code) to set the exit code; CLI11_PARSE
  // turns it into the return value.
  CLI11_PARSE(app, argc, argv);
  return 0;
}
