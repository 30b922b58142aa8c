#include "cli/generate_command.h"

#include <memory>
#include <string>

#include "cli/command_support.h"
#include "cli/generate_run.h"

namespace paraplan::cli {
namespace {

struct GenerateOptions {
  std::string db;
  synth::DistrictSpec spec;
  int batch_size = synth::kDefaultBatchSize;
};

}  // namespace

void AddGenerateCommand(CLI::App& app) {
  auto options = std::make_shared<GenerateOptions>();
  CLI::App* command = app.add_subcommand(
      "generate", "Generate a synthetic district of any size (deterministic from --seed)");
  AddDbOption(*command, options->db);
  command->add_option("--students", options->spec.students, "number of students")->required();
  command->add_option("--schools", options->spec.schools, "number of schools")->required();
  command->add_option("--seed", options->spec.seed, "seed of the generator");
  command->add_option("--name", options->spec.name, "name of the district");
  command->add_option("--batch", options->batch_size,
                      "students per transaction; a killed run loses at most one batch")
      ->check(CLI::Range(1, 100000));
  command->callback([options] {
    std::unique_ptr<Store> store = OpenOrExit(options->db);
    GenerateInto(*store, options->spec, options->batch_size);
    PrintSummary(*store, stdout);
  });
}

}  // namespace paraplan::cli
