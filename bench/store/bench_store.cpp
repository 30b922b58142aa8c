// bench_store: generating and storing a whole district through the Store,
// against the same rows written with raw sqlite3 prepared statements, the
// same pragmas and the same transactions, measured in the same run.
//
//   bench_store [STUDENTS]   (default 100,000 students)
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>

#include <fmt/format.h>

#include "raw_sqlite_sink.h"
#include "store/store.h"
#include "synth/generator.h"
#include "synth/sinks.h"

namespace paraplan::bench {
namespace {

struct Measured {
  double seconds = 0;
  synth::GenerateCounts counts;
  std::uintmax_t bytes = 0;
};

[[noreturn]] void Die(const Error& error) {
  std::fprintf(stderr, "bench_store: %s\n", error.message.c_str());
  std::exit(1);
}

void RemoveDatabase(const std::filesystem::path& path) {
  for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(path.string() + suffix);
}

Measured Time(const synth::DistrictSpec& spec, synth::Sink& sink) {
  const auto start = std::chrono::steady_clock::now();
  auto counts = synth::Generate(spec, sink);
  Measured measured;
  measured.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  if (!counts) Die(counts.error());
  measured.counts = *counts;
  return measured;
}

std::string Rate(double count, double seconds) {
  return fmt::format("{:>12.0f}", count / seconds);
}

int Main(int argc, char** argv) {
  synth::DistrictSpec spec;
  spec.name = "Bench District";
  spec.students = argc > 1 ? std::atoi(argv[1]) : 100'000;
  // About 550 students per school, as in a large US district.
  spec.schools = std::max(1, spec.students / 550);
  spec.seed = 2026;
  if (auto checked = synth::CheckSpec(spec); !checked) Die(checked.error());

  const std::filesystem::path dir =
      std::filesystem::temp_directory_path() / fmt::format("paraplan-bench-{}", ::getpid());
  std::filesystem::create_directories(dir);
  const std::filesystem::path store_path = dir / "store.db";
  const std::filesystem::path raw_path = dir / "raw.db";

  // Generation alone, so the storage cost can be read off the other two rows.
  synth::MemorySink memory(synth::MemorySink::Keep::kNothing);
  const Measured generate = Time(spec, memory);

  // The reference: the schema comes from the store's migrations, the rows
  // from raw prepared statements.
  if (auto migrate = OpenStore(raw_path.string()); !migrate) Die(migrate.error());
  auto raw_sink = RawSqliteSink::Open(raw_path.string());
  if (!raw_sink) Die(raw_sink.error());
  Measured raw = Time(spec, **raw_sink);
  const std::int64_t rows = (*raw_sink)->rows();
  raw_sink->reset();
  raw.bytes = std::filesystem::file_size(raw_path);

  auto store = OpenStore(store_path.string());
  if (!store) Die(store.error());
  synth::StoreSink store_sink(**store);
  Measured stored = Time(spec, store_sink);
  store->reset();
  stored.bytes = std::filesystem::file_size(store_path);

  const double records = static_cast<double>(stored.counts.Records());
  std::printf("\nbench_store: generate and store a district of %d students in %d schools\n",
              spec.students, spec.schools);
  std::printf("  %lld records = %lld table rows (%lld enrolments, %lld IEPs, %lld student days "
              "with %lld blocks);\n  batches of %d students per transaction; WAL, "
              "synchronous=FULL, foreign keys on\n",
              static_cast<long long>(stored.counts.Records()), static_cast<long long>(rows),
              static_cast<long long>(stored.counts.enrolments),
              static_cast<long long>(stored.counts.ieps),
              static_cast<long long>(stored.counts.student_days),
              static_cast<long long>(stored.counts.day_blocks), synth::kDefaultBatchSize);
  const double row_count = static_cast<double>(rows);
  std::printf("  %-32s %10s %12s %12s %10s\n", "run", "time (s)", "records/s", "rows/s", "db (MiB)");
  std::printf("  %-32s %10.2f %s %s %10s\n", "generate only (no storage)", generate.seconds,
              Rate(records, generate.seconds).c_str(), Rate(row_count, generate.seconds).c_str(),
              "-");
  std::printf("  %-32s %10.2f %s %s %10.1f\n", "raw sqlite3 prepared inserts", raw.seconds,
              Rate(records, raw.seconds).c_str(), Rate(row_count, raw.seconds).c_str(),
              static_cast<double>(raw.bytes) / (1 << 20));
  std::printf("  %-32s %10.2f %s %s %10.1f\n", "paraplan Store (SQLite)", stored.seconds,
              Rate(records, stored.seconds).c_str(), Rate(row_count, stored.seconds).c_str(),
              static_cast<double>(stored.bytes) / (1 << 20));
  std::printf("  ratio: the Store writes at %.2fx the records/s of raw sqlite3 inserts "
              "(storage alone, generation subtracted: %.2fx)\n",
              raw.seconds / stored.seconds,
              (raw.seconds - generate.seconds) / std::max(1e-9, stored.seconds - generate.seconds));

  RemoveDatabase(store_path);
  RemoveDatabase(raw_path);
  std::filesystem::remove_all(dir);
  return 0;
}

}  // namespace
}  // namespace paraplan::bench

int main(int argc, char** argv) { return paraplan::bench::Main(argc, argv); }
