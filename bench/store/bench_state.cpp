// bench_state: a generated state (districts of 10,000 students, ~550 per
// school) loaded into SQLite and into PostgreSQL in the same run: load time
// and records/s; the heaviest reads the API makes, p50 and p99 over the same
// reads on both backends, each in a district-scoped read transaction as the
// API's access guard opens them; then, on PostgreSQL, durable capture writes
// through the capture store (what POST /captures and POST /sync run) beside
// raw libpq prepared inserts of the same rows in the same commits.
//
//   bench_state [--students N] [--reads N]   (defaults 200,000, the state the
//                                              issue names, and 300; the whole
//                                              run takes 4 to 5.5 minutes on
//                                              2 cores)
//
// PostgreSQL is found as bench/postgres_server.h says.
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <functional>
#include <random>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "../bench_support.h"
#include "../capture_records.h"
#include "../postgres_server.h"
#include "domain/capture.h"
#include "raw_libpq_captures.h"
#include "store/capture_store.h"
#include "store/postgres/postgres_store.h"
#include "store/sql_runner.h"
#include "store/store.h"
#include "synth/generator.h"
#include "synth/sinks.h"

namespace paraplan::bench {
namespace {

using Clock = std::chrono::steady_clock;

constexpr int kStudentsPerDistrict = 10'000;
constexpr int kStudentsPerSchool = 550;
constexpr int kSingleCaptures = 300;
constexpr int kCaptureBatches = 30;
constexpr int kCapturesPerBatch = 100;

double Seconds(Clock::duration duration) { return std::chrono::duration<double>(duration).count(); }

struct Options {
  int students = 200'000;
  int reads = 300;
};

Options Parse(int argc, char** argv) {
  Options options;
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string flag = argv[i];
    const int value = std::atoi(argv[i + 1]);
    if (flag == "--students" && value >= 1000) {
      options.students = value;
    } else if (flag == "--reads" && value >= 10) {
      options.reads = value;
    } else {
      std::fprintf(stderr, "usage: bench_state [--students N>=1000] [--reads N>=10]\n");
      std::exit(2);
    }
  }
  return options;
}

// The state's districts: 10,000 students each, the last one the remainder.
std::vector<synth::DistrictSpec> StateOf(int students) {
  std::vector<synth::DistrictSpec> districts;
  for (int done = 0, index = 1; done < students; ++index) {
    synth::DistrictSpec spec;
    spec.students = std::min(kStudentsPerDistrict, students - done);
    spec.schools = std::max(1, spec.students / kStudentsPerSchool);
    spec.seed = 7000 + static_cast<std::uint64_t>(index);
    spec.name = fmt::format("State District {}", index);
    Must(synth::CheckSpec(spec));
    districts.push_back(spec);
    done += spec.students;
  }
  return districts;
}

struct Loaded {
  double seconds = 0;
  std::int64_t records = 0;
};

Loaded Load(Store& store, const std::vector<synth::DistrictSpec>& state) {
  synth::StoreSink sink(store);
  Loaded loaded;
  const auto start = Clock::now();
  for (const synth::DistrictSpec& spec : state) {
    loaded.records += Must(synth::Generate(spec, sink)).Records();
  }
  loaded.seconds = Seconds(Clock::now() - start);
  return loaded;
}

// What the reads are about, found the same way on both backends so that the
// same positions name the same logical records.
struct InDistrict {
  Id district = 0;
  Id id = 0;
};

struct Subjects {
  std::vector<InDistrict> schools;
  std::vector<InDistrict> special_educators;
  std::vector<InDistrict> students_with_iep;
  std::vector<InDistrict> paras;
};

Subjects FindSubjects(Store& store) {
  Subjects subjects;
  Must(store.Read([&](Transaction& tx) -> Result<void> {
    for (const District& district : PARAPLAN_TRY(tx.ListDistricts(Page{0, 1000}))) {
      for (const School& school : PARAPLAN_TRY(tx.ListSchools(district.id, Page{0, 1000}))) {
        subjects.schools.push_back({district.id, school.id});
        StudentFilter with_iep;
        with_iep.district_id = district.id;
        with_iep.school_id = school.id;
        with_iep.has_iep = true;
        with_iep.page.limit = 20;
        for (const Student& student : PARAPLAN_TRY(tx.ListStudents(with_iep))) {
          subjects.students_with_iep.push_back({district.id, student.id});
        }
      }
      for (StaffRole role : {StaffRole::kSpecialEducator, StaffRole::kParaeducator}) {
        StaffFilter staff;
        staff.district_id = district.id;
        staff.role = role;
        staff.page.limit = 5000;
        for (const Staff& member : PARAPLAN_TRY(tx.ListStaff(staff))) {
          (role == StaffRole::kSpecialEducator ? subjects.special_educators : subjects.paras)
              .push_back({district.id, member.id});
        }
      }
    }
    return {};
  }));
  if (subjects.schools.empty() || subjects.special_educators.empty() ||
      subjects.students_with_iep.empty() || subjects.paras.empty()) {
    Die(Error::Internal("the generated state lacks schools, special educators, paras or IEPs"));
  }
  return subjects;
}

struct Latency {
  double p50_ms = 0;
  double p99_ms = 0;
};

// Runs `read` on `reads` subjects picked by a fixed seed, one district-scoped
// read transaction each, and returns the percentiles.
Latency Time(Store& store, const std::vector<InDistrict>& subjects, int reads,
             const std::function<Result<void>(Transaction&, const InDistrict&)>& read) {
  std::mt19937_64 pick(2026);
  std::vector<double> millis;
  millis.reserve(static_cast<std::size_t>(reads));
  for (int i = 0; i < reads; ++i) {
    const InDistrict& subject = subjects[pick() % subjects.size()];
    const auto start = Clock::now();
    Must(store.ReadInDistrict(subject.district,
                              [&](Transaction& tx) { return read(tx, subject); }));
    millis.push_back(Seconds(Clock::now() - start) * 1000);
  }
  std::sort(millis.begin(), millis.end());
  auto at = [&](double quantile) {
    return millis[std::min(millis.size() - 1, static_cast<std::size_t>(quantile * millis.size()))];
  };
  return {at(0.50), at(0.99)};
}

Result<void> SchoolPage(Transaction& tx, const InDistrict& school) {
  StudentFilter filter;
  filter.district_id = school.district;
  filter.school_id = school.id;
  filter.page.limit = 100;  // the API's default page
  PARAPLAN_TRY(tx.ListStudents(filter));
  return {};
}

Result<void> Caseload(Transaction& tx, const InDistrict& special_educator) {
  StudentFilter filter;
  filter.district_id = special_educator.district;
  filter.case_manager_id = special_educator.id;
  filter.page.limit = 100;
  PARAPLAN_TRY(tx.ListStudents(filter));
  return {};
}

Result<void> FullRecord(Transaction& tx, const InDistrict& subject) {
  const Id student = subject.id;
  PARAPLAN_TRY(tx.GetStudent(student));
  if (PARAPLAN_TRY(tx.ListIeps(student)).empty()) {
    return Fail(Error::Internal(fmt::format("student {} has no IEP", student)));
  }
  PARAPLAN_TRY(tx.GetStudentDay(student));
  PARAPLAN_TRY(tx.ListGuardianLinks(student, std::nullopt));
  PARAPLAN_TRY(tx.ListEnrolments(student, std::nullopt, Page{0, 100}));
  SectionFilter sections;
  sections.student_id = student;
  PARAPLAN_TRY(tx.ListSections(sections));
  return {};
}

struct ReadRow {
  const char* name;
  std::function<Result<void>(Transaction&, const InDistrict&)> read;
  std::vector<InDistrict> Subjects::*subjects;
};

const std::vector<ReadRow>& Reads() {
  static const std::vector<ReadRow> rows = {
      {"a school's students, first page of 100", SchoolPage, &Subjects::schools},
      {"a special educator's caseload", Caseload, &Subjects::special_educators},
      {"one student's full record with IEP", FullRecord, &Subjects::students_with_iep},
  };
  return rows;
}

struct BackendRun {
  std::string name;
  Loaded load;
  double analyze_seconds = 0;
  std::uintmax_t bytes = 0;
  std::vector<Latency> reads;
};

// Gathers the planner's statistics of every paraplan table, as autovacuum
// does on its own within a minute or so of a bulk load; reads planned
// without them scan whole tables.
double AnalyzePostgres(Store& store) {
  const auto start = Clock::now();
  Must(store.sql_runner()->RunWrite([](sql::Session& session) -> Result<void> {
    PARAPLAN_TRY(session.Execute(
        "DO $$ DECLARE t text; BEGIN FOR t IN SELECT tablename FROM pg_tables WHERE schemaname "
        "= current_schema() LOOP EXECUTE 'ANALYZE ' || quote_ident(t); END LOOP; END $$",
        {}));
    return {};
  }));
  return Seconds(Clock::now() - start);
}

enum class Analyze { kNo, kYes };

BackendRun Measure(std::string name, Store& store, const std::vector<synth::DistrictSpec>& state,
                   int reads, Analyze analyze) {
  BackendRun run{std::move(name), Load(store, state), 0, 0, {}};
  if (analyze == Analyze::kYes) run.analyze_seconds = AnalyzePostgres(store);
  const Subjects subjects = FindSubjects(store);
  for (const ReadRow& row : Reads()) {
    run.reads.push_back(Time(store, subjects.*row.subjects, reads, row.read));
  }
  return run;
}

// --- Capture writes on PostgreSQL ------------------------------------------

// A student with an IEP service and goal, and a para of the same district.
std::vector<CaptureSubject> CaptureTargets(Store& store, const Subjects& subjects) {
  std::vector<CaptureSubject> targets;
  Must(store.Read([&](Transaction& tx) -> Result<void> {
    for (const InDistrict& student : subjects.students_with_iep) {
      if (targets.size() == 50) break;
      auto para = std::find_if(subjects.paras.begin(), subjects.paras.end(),
                               [&](const InDistrict& p) { return p.district == student.district; });
      for (const Iep& iep : PARAPLAN_TRY(tx.ListIeps(student.id))) {
        if (iep.services.empty() || iep.goals.empty() || para == subjects.paras.end()) continue;
        targets.push_back({student.id, para->id, iep.services.front().id, iep.goals.front().id});
        break;
      }
    }
    return {};
  }));
  if (targets.empty()) Die(Error::Internal("no student has an IEP with a service and a goal"));
  return targets;
}

CaptureRecord Capture(const std::vector<CaptureSubject>& targets, std::uint64_t serial) {
  return AlternatingCapture("0c000000-0000-4000-8000-", targets[serial % targets.size()], serial);
}

struct CaptureRates {
  double store_single = 0, raw_single = 0, store_batch = 0, raw_batch = 0;
};

CaptureRates MeasureCaptures(Store& store, const Subjects& subjects, const std::string& conninfo,
                             const std::string& schema) {
  SqlRunner* runner = store.sql_runner();
  if (!runner) Die(Error::Internal("the PostgreSQL store runs no SQL work"));
  std::unique_ptr<CaptureStore> captures = MakeCaptureStore(*runner);
  const std::vector<CaptureSubject> targets = CaptureTargets(store, subjects);
  // The load leaves the server a checkpoint's worth of pages to write; done
  // now, it does not slow the commits measured below.
  Must(runner->RunWrite([](sql::Session& session) -> Result<void> {
    PARAPLAN_TRY(session.Execute("CHECKPOINT", {}));
    return {};
  }));
  const Timestamp received = *ParseTimestamp("2026-11-25T15:00:00Z");
  CaptureRates rates;

  std::uint64_t serial = 0;
  auto start = Clock::now();
  for (int i = 0; i < kSingleCaptures; ++i) {
    Must(captures->Create(Capture(targets, serial++), received));
  }
  rates.store_single = kSingleCaptures / Seconds(Clock::now() - start);

  start = Clock::now();
  for (int b = 0; b < kCaptureBatches; ++b) {
    std::vector<CaptureRecord> batch;
    for (int i = 0; i < kCapturesPerBatch; ++i) batch.push_back(Capture(targets, serial++));
    for (const auto& answer : Must(captures->CreateBatch(batch, received))) {
      if (!answer) Die(answer.error());
    }
  }
  rates.store_batch = kCaptureBatches * kCapturesPerBatch / Seconds(Clock::now() - start);

  // The same rows again under new ids ("0c..." becomes "fc..."), raw.
  auto raw = Must(RawLibpqCaptures::Connect(conninfo, schema));
  const std::vector<StoredCapture> stored = Must(raw->ReadBack("0c"));
  if (stored.size() != static_cast<std::size_t>(serial)) {
    Die(Error::Internal(fmt::format("read back {} capture records of {}", stored.size(), serial)));
  }
  const std::span<const StoredCapture> all(stored);
  start = Clock::now();
  for (int i = 0; i < kSingleCaptures; ++i) {
    Must(raw->InsertCommitted(all.subspan(static_cast<std::size_t>(i), 1), 'f'));
  }
  rates.raw_single = kSingleCaptures / Seconds(Clock::now() - start);
  start = Clock::now();
  for (int b = 0; b < kCaptureBatches; ++b) {
    Must(raw->InsertCommitted(
        all.subspan(static_cast<std::size_t>(kSingleCaptures + b * kCapturesPerBatch),
                    kCapturesPerBatch),
        'f'));
  }
  rates.raw_batch = kCaptureBatches * kCapturesPerBatch / Seconds(Clock::now() - start);
  return rates;
}

// --- PostgreSQL server and sizes -----------------------------------------------

std::uintmax_t SqliteBytes(const std::filesystem::path& path) {
  std::uintmax_t bytes = 0;
  for (const char* suffix : {"", "-wal"}) {
    std::error_code missing;
    const std::uintmax_t size = std::filesystem::file_size(path.string() + suffix, missing);
    if (!missing) bytes += size;
  }
  return bytes;
}

std::uintmax_t PostgresBytes(Store& store) {
  std::int64_t bytes = 0;
  Must(store.sql_runner()->RunRead([&](sql::Session& session) -> Result<void> {
    sql::Rows rows = PARAPLAN_TRY(session.Query(
        "SELECT CAST(COALESCE(SUM(pg_total_relation_size(c.oid)), 0) AS BIGINT) FROM pg_class c "
        "JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = current_schema() AND "
        "c.relkind = 'r'",
        {}));
    sql::RowReader read(rows.at(0), "pg_class");
    bytes = read.Int(0);
    return read.Finish();
  }));
  return static_cast<std::uintmax_t>(bytes);
}

int Main(int argc, char** argv) {
  const Options options = Parse(argc, argv);
  std::string server = PostgresServer();
  if (server.empty()) {
    RerunUnderPgVirtualenv(argc, argv);
    std::fprintf(stderr,
                 "bench_state: no PostgreSQL (set PARAPLAN_BENCH_POSTGRES_URL or PGHOST, or "
                 "install postgresql-common for pg_virtualenv)\n");
    return 1;
  }
  const std::vector<synth::DistrictSpec> state = StateOf(options.students);
  int schools = 0;
  for (const auto& spec : state) schools += spec.schools;

  const std::filesystem::path dir =
      std::filesystem::temp_directory_path() / fmt::format("paraplan-bench-state-{}", ::getpid());
  std::filesystem::create_directories(dir);
  const std::filesystem::path sqlite_path = dir / "state.db";
  const std::string schema = fmt::format("paraplan_bench_{}", ::getpid());
  const std::string postgres_url =
      server + (server.find('?') == std::string::npos ? "?" : "&") + "schema=" + schema;

  std::vector<BackendRun> runs;
  {
    auto sqlite = Must(OpenStore("sqlite:" + sqlite_path.string()));
    runs.push_back(Measure("SQLite", *sqlite, state, options.reads, Analyze::kNo));
    runs.back().bytes = SqliteBytes(sqlite_path);
  }
  CaptureRates capture;
  std::string durability;
  {
    auto postgres = Must(OpenStore(postgres_url));
    runs.push_back(Measure("PostgreSQL", *postgres, state, options.reads, Analyze::kYes));
    runs.back().bytes = PostgresBytes(*postgres);
    durability = PostgresDurability(*postgres);
    capture = MeasureCaptures(*postgres, FindSubjects(*postgres), server.substr(0, server.find('?')),
                              schema);
  }
  Must(DropPostgresSchema(server, schema));
  std::filesystem::remove_all(dir);

  std::printf("\nbench_state: a state of %d students in %zu districts and %d schools, loaded "
              "into SQLite and PostgreSQL 15\n",
              options.students, state.size(), schools);
  std::printf("  (SQLite WAL, synchronous=FULL; PostgreSQL %s, serialisable writes; "
              "batches of %d students per transaction)\n",
              durability.c_str(), synth::kDefaultBatchSize);
  std::printf("  %-12s %10s %12s %12s %10s %12s\n", "backend", "load (s)", "records",
              "records/s", "size (MiB)", "ANALYZE (s)");
  for (const BackendRun& run : runs) {
    std::printf("  %-12s %10.1f %12lld %12.0f %10.1f %12s\n", run.name.c_str(), run.load.seconds,
                static_cast<long long>(run.load.records), run.load.records / run.load.seconds,
                static_cast<double>(run.bytes) / (1 << 20),
                run.analyze_seconds > 0 ? fmt::format("{:.1f}", run.analyze_seconds).c_str()
                                        : "-");
  }
  std::printf("\n  heaviest reads, %d each, one district-scoped read transaction per read (ms)\n",
              options.reads);
  std::printf("  %-40s %10s %10s %10s %10s\n", "read", "SQLite p50", "p99", "Postgres p50",
              "p99");
  for (std::size_t i = 0; i < Reads().size(); ++i) {
    std::printf("  %-40s %10.2f %10.2f %10.2f %10.2f\n", Reads()[i].name, runs[0].reads[i].p50_ms,
                runs[0].reads[i].p99_ms, runs[1].reads[i].p50_ms, runs[1].reads[i].p99_ms);
  }
  std::printf("\n  capture writes on PostgreSQL, durable commits (records/s)\n");
  std::printf("  %-48s %12s %12s %8s\n", "commit", "capture store", "raw libpq", "ratio");
  std::printf("  %-48s %12.0f %12.0f %7.2fx\n",
              fmt::format("1 record per commit ({}, as POST /captures)", kSingleCaptures).c_str(),
              capture.store_single, capture.raw_single, capture.store_single / capture.raw_single);
  std::printf("  %-48s %12.0f %12.0f %7.2fx\n",
              fmt::format("{} per commit ({} batches, as POST /sync)", kCapturesPerBatch,
                          kCaptureBatches)
                  .c_str(),
              capture.store_batch, capture.raw_batch, capture.store_batch / capture.raw_batch);
  return 0;
}

}  // namespace
}  // namespace paraplan::bench

int main(int argc, char** argv) { return paraplan::bench::Main(argc, argv); }
