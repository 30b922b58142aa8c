#include "cli/demo_command.h"

#include <cstdio>
#include <memory>
#include <string>

#include <fmt/format.h>

#include "cli/command_support.h"
#include "cli/generate_run.h"

namespace paraplan::cli {
namespace {

struct DemoOptions {
  std::string db;
  std::uint64_t seed = 1;
};

void RunDemo(const DemoOptions& options) {
  std::unique_ptr<Store> store = OpenOrExit(options.db);
  std::int64_t districts = 0;
  auto counted = store->Read([&](Transaction& tx) -> Result<void> {
    districts = PARAPLAN_TRY(tx.Count(RecordKind::kDistrict));
    return {};
  });
  if (!counted) ExitWith(counted.error());
  if (districts > 0) {
    ExitWith(Error::FailedPrecondition(
        fmt::format("{} already holds {} district(s); the demo needs an empty database (remove "
                    "the file or choose another --db)",
                    options.db, districts)));
  }
  GenerateInto(*store, synth::DemoSpec(options.seed), synth::kDefaultBatchSize);
  std::printf("The demo district is in %s (seed %llu).\n", options.db.c_str(),
              static_cast<unsigned long long>(options.seed));
  PrintSummary(*store, stdout);
}

}  // namespace

void AddDemoCommand(CLI::App& app) {
  auto options = std::make_shared<DemoOptions>();
  CLI::App* command =
      app.add_subcommand("demo", "Create the demo district: an elementary and a high school");
  AddDbOption(*command, options->db);
  command->add_option("--seed", options->seed, "seed of the generator (same seed, same district)");
  command->callback([options] { RunDemo(*options); });
}

}  // namespace paraplan::cli
