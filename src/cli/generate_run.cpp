#include "cli/generate_run.h"

#include <chrono>
#include <cstdio>

#include <fmt/format.h>

#include "cli/command_support.h"
#include "cli/progress.h"
#include "synth/sinks.h"

namespace paraplan::cli {

void GenerateInto(Store& store, const synth::DistrictSpec& spec, int batch_size) {
  if (auto checked = synth::CheckSpec(spec); !checked) ExitWith(checked.error());
  const std::string source_id = fmt::format("synth-{}", spec.seed);
  std::optional<Id> existing;
  auto found = store.Read([&](Transaction& tx) -> Result<void> {
    existing = PARAPLAN_TRY(tx.FindBySourceId(RecordKind::kDistrict, source_id));
    return {};
  });
  if (!found) ExitWith(found.error());
  if (existing) {
    ExitWith(Error::AlreadyExists(
        fmt::format("the database already holds the district generated from seed {} (district "
                    "{}); use another --seed or a new database file",
                    spec.seed, *existing)));
  }

  ProgressPrinter progress("students", spec.students);
  synth::StoreSink sink(store);
  const auto start = std::chrono::steady_clock::now();
  auto counts = synth::Generate(
      spec, sink, [&](const synth::Progress& state) { progress.Update(state.students_done); },
      batch_size);
  progress.Finish();
  if (!counts) ExitWith(counts.error());
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  std::printf("Generated %s: %s students in %s schools, %s records in %.1f s (%s records/s).\n",
              spec.name.c_str(), Thousands(counts->students).c_str(),
              Thousands(counts->schools).c_str(), Thousands(counts->Records()).c_str(), seconds,
              Thousands(static_cast<std::int64_t>(static_cast<double>(counts->Records()) /
                                                  std::max(seconds, 1e-9)))
                  .c_str());
}

}  // namespace paraplan::cli
