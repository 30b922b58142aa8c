// bench_capture: how fast classroom data is stored durably, as single
// records and as 100-record sync batches, beside the raw store's rate for
// the simplest durable write measured in the same run on the same file
// system. Every write is a committed, fsynced transaction (SQLite WAL,
// synchronous=FULL), as it is before the API answers 2xx.
//
// Then the same through the API: `paraplan serve` on the demo district,
// POST /api/v1/captures (one record per request) and POST /api/v1/sync (100
// records per request) from 50 and from 1,000 kept-alive connections.
//
// Then POST /api/v1/captures on PostgreSQL: `paraplan serve --db
// postgresql://...` on the demo district, from 50 and 1,000 connections,
// beside raw libpq prepared inserts of the rows the API stored, one per
// commit, in the same run (the server is found as bench/postgres_server.h
// says; without one that leg is skipped and says so).
//
// Usage: bench_capture [single_records] [batches]
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "../bench_support.h"
#include "../capture_records.h"
#include "../postgres_server.h"
#include "../store/raw_libpq_captures.h"
#include "domain/capture.h"
#include "store/capture_store.h"
#include "store/postgres/postgres_store.h"
#include "store/sql_runner.h"
#include "store/sqlite/sqlite_store.h"
#include "../../tests/e2e/serve_support.h"
#include "load_client.h"

namespace paraplan {
namespace {

using bench::AlternatingCapture;
using bench::Die;
using bench::Must;
using Clock = std::chrono::steady_clock;

struct Roster {
  Id district = 0, school = 0, para = 0;
  std::vector<Id> students;
  std::vector<Id> services;  // one per student
  std::vector<Id> goals;     // one per student
};

Roster MakeRoster(Store& store, int student_count) {
  Roster roster;
  Must(store.Write([&](Transaction& tx) -> Result<void> {
    roster.district = PARAPLAN_TRY(tx.Insert(District{0, "Bench District", "", 2, 0}));
    School school;
    school.district_id = roster.district;
    school.name = "Bench Elementary";
    roster.school = PARAPLAN_TRY(tx.Insert(school));
    Staff para;
    para.district_id = roster.district;
    para.school_id = roster.school;
    para.first_name = "Priya";
    para.last_name = "Patel";
    para.role = StaffRole::kParaeducator;
    roster.para = PARAPLAN_TRY(tx.Insert(para));
    for (int i = 0; i < student_count; ++i) {
      Student student;
      student.school_id = roster.school;
      student.first_name = fmt::format("Student{}", i);
      student.last_name = "Bench";
      student.birth_date = *Date::Parse("2017-04-02");
      student.grade = Grade::k3;
      Id student_id = PARAPLAN_TRY(tx.Insert(student));
      Iep iep;
      iep.student_id = student_id;
      iep.status = IepStatus::kActive;
      iep.start = *Date::Parse("2026-09-01");
      iep.end = *Date::Parse("2027-08-31");
      iep.annual_review = *Date::Parse("2027-08-15");
      iep.services = {{0, SupportType::kMathSupport, 150, MinutesPeriod::kWeek,
                       Setting::kGeneralEducationClassroom, DeliveryModel::kPushIn,
                       *Date::Parse("2026-09-01"), *Date::Parse("2027-06-10")}};
      iep.goals = {{0, GoalArea::kMath, "Compares fractions", MeasurementMethod::kPercentOfTrials,
                    30, 80, "% of trials", *Date::Parse("2027-06-01")}};
      Id iep_id = PARAPLAN_TRY(tx.Insert(iep));
      Iep stored = PARAPLAN_TRY(tx.GetIep(iep_id));
      roster.students.push_back(student_id);
      roster.services.push_back(stored.services.at(0).id);
      roster.goals.push_back(stored.goals.at(0).id);
    }
    return {};
  }));
  return roster;
}

CaptureRecord Record(const Roster& roster, std::uint64_t serial) {
  const std::size_t at = serial % roster.students.size();
  return AlternatingCapture(
      "00000000-0000-4000-8000-",
      {roster.students[at], roster.para, roster.services[at], roster.goals[at]}, serial);
}

double Seconds(Clock::duration duration) {
  return std::chrono::duration<double>(duration).count();
}

std::string Post(const std::string& target, const std::string& body, const std::string& headers) {
  return fmt::format(
      "POST {} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
      "Content-Length: {}\r\n{}\r\n{}",
      target, body.size(), headers, body);
}

nlohmann::json ApiRecord(const e2e::Target& target, std::uint64_t serial, const std::string& today) {
  nlohmann::json record = {{"id", fmt::format("b0000000-0000-4000-8000-{:012x}", serial)},
                           {"created_at", today + "T09:30:00Z"},
                           {"student_id", target.student_id},
                           {"date", today}};
  if (serial % 2 == 0) {
    record.update({{"kind", "service_session"}, {"service_id", target.service_id},
                   {"start", "09:00"}, {"minutes", 20}, {"provider_id", target.staff_id}});
  } else {
    record.update({{"kind", "goal_observation"}, {"goal_id", target.goal_id},
                   {"method", "percent_of_trials"},
                   {"trials", nlohmann::json::array({{{"prompt", "verbal"}, {"result", "correct"}},
                                                     {{"prompt", "independent"}, {"result", "incorrect"}}})}});
  }
  return record;
}

// The connection counts and POST /captures requests of each API run, the
// same on both backends.
struct ApiLoad {
  int connections;
  int requests;
};
constexpr ApiLoad kCaptureLoads[] = {{50, 500}, {1000, 1000}};

// `paraplan serve` on the demo district made in `database` (what --db
// takes), signed in as the demo's special educator.
struct DemoServer {
  std::unique_ptr<e2e::ServerProcess> process;
  int port = 0;
  e2e::Target target;
  std::string headers;  // the session cookie and CSRF token
};

// Nullopt when the demo gives no special educator with a student.
std::optional<DemoServer> ServeDemo(const std::string& database,
                                    const std::filesystem::path& directory) {
  int exit_code = 0;
  const std::string demo = e2e::RunCommand({e2e::Binary(), "demo", "--db", database}, &exit_code);
  auto account = e2e::SignInFor(demo, "special_educator");
  auto target = account ? e2e::FindTarget(database, account->email) : std::nullopt;
  if (exit_code != 0 || !account || !target) return std::nullopt;
  DemoServer server;
  server.port = e2e::FreePort();
  server.target = *target;
  server.process = std::make_unique<e2e::ServerProcess>(database, server.port);
  if (!server.process->Start(directory / "server.log")) {
    Die(Error::Unavailable(fmt::format("paraplan serve --db {} did not start", database)));
  }
  e2e::HttpClient client(server.port);
  auto credentials = e2e::SignIn(client, *account);
  if (!credentials) Die(Error::Unauthenticated("signing in to the bench server failed"));
  server.headers =
      fmt::format("Cookie: {}\r\nX-CSRF-Token: {}\r\n", credentials->cookie, credentials->csrf);
  return server;
}

// The API rows of the table; prints why when the binary cannot serve.
void HttpRuns(double raw_rate) {
  if (!e2e::HasServeCommand()) {
    std::printf("\nAPI: not measured, the paraplan binary (%s) has no serve command\n",
                e2e::Binary().c_str());
    return;
  }
  namespace fs = std::filesystem;
  fs::path directory = fs::temp_directory_path() / fmt::format("paraplan-bench-api-{}", ::getpid());
  fs::create_directories(directory);
  std::optional<DemoServer> server = ServeDemo((directory / "bench.db").string(), directory);
  if (!server) {
    std::printf("\nAPI: not measured, the demo district gave no special educator with a student\n");
    fs::remove_all(directory);
    return;
  }
  const std::string today = Date::Today().ToString();
  std::uint64_t serial = 1;

  std::printf("\nthrough the API (paraplan serve, demo district, kept-alive connections)\n");
  std::printf("%-44s %12s %10s %9s %9s\n", "operation", "records/s", "vs raw", "p50 ms", "p99 ms");
  for (const ApiLoad& load : kCaptureLoads) {
    const int connections = load.connections;
    bench::LoadResult single = bench::RunLoad(server->port, connections, load.requests, [&](int) {
      return Post("/api/v1/captures", ApiRecord(server->target, serial++, today).dump(),
                  server->headers);
    });
    int batches = connections == 50 ? 100 : 1000;
    bench::LoadResult batch = bench::RunLoad(server->port, connections, batches, [&](int) {
      nlohmann::json records = nlohmann::json::array();
      for (int i = 0; i < 100; ++i) records.push_back(ApiRecord(server->target, serial++, today));
      return Post("/api/v1/sync", nlohmann::json{{"records", records}}.dump(), server->headers);
    });
    double single_rate = single.completed / single.seconds;
    double batch_rate = batch.completed * 100 / batch.seconds;
    std::printf("%-44s %12.0f %9.2fx %9.1f %9.1f\n",
                fmt::format("POST /captures, {} connections", connections).c_str(), single_rate,
                single_rate / raw_rate, single.p50_ms, single.p99_ms);
    std::printf("%-44s %12.0f %9.2fx %9.1f %9.1f\n",
                fmt::format("POST /sync x100, {} connections", connections).c_str(), batch_rate,
                batch_rate / raw_rate, batch.p50_ms, batch.p99_ms);
    if (single.failed + batch.failed > 0) {
      std::printf("  (%d requests failed)\n", single.failed + batch.failed);
    }
  }
  server->process->Kill();
  fs::remove_all(directory);
}

// POST /captures through `paraplan serve --db postgresql://...` beside raw
// libpq inserts of the same rows, one per commit.
void PostgresRuns(const std::string& server) {
  if (server.empty()) {
    std::printf("\nPostgreSQL: not measured (no server: set PARAPLAN_BENCH_POSTGRES_URL or "
                "PGHOST, or install postgresql-common for pg_virtualenv)\n");
    return;
  }
  if (!e2e::HasServeCommand()) return;
  namespace fs = std::filesystem;
  const fs::path directory =
      fs::temp_directory_path() / fmt::format("paraplan-bench-api-pg-{}", ::getpid());
  fs::create_directories(directory);
  const std::string schema = fmt::format("paraplan_bench_capture_{}", ::getpid());
  const std::string url =
      server + (server.find('?') == std::string::npos ? "?" : "&") + "schema=" + schema;
  std::optional<DemoServer> demo = ServeDemo(url, directory);
  if (!demo) Die(Error::Internal("the demo district on PostgreSQL gave no special educator"));
  const std::string durability = bench::PostgresDurability(*Must(OpenStore(url)));
  const std::string today = Date::Today().ToString();
  std::uint64_t serial = 1;
  std::vector<bench::LoadResult> runs;
  int stored = 0;
  for (const ApiLoad& load : kCaptureLoads) {
    runs.push_back(bench::RunLoad(demo->port, load.connections, load.requests, [&](int) {
      return Post("/api/v1/captures", ApiRecord(demo->target, serial++, today).dump(),
                  demo->headers);
    }));
    stored += runs.back().completed;
  }
  demo->process->Kill();

  // The rows the API stored, again under new ids ("b0..." becomes "f0..."),
  // one per commit from one connection.
  auto raw = Must(bench::RawLibpqCaptures::Connect(server.substr(0, server.find('?')), schema));
  const std::vector<bench::StoredCapture> rows = Must(raw->ReadBack("b0"));
  if (rows.size() != static_cast<std::size_t>(stored)) {
    Die(Error::Internal(fmt::format("read back {} capture records of {}", rows.size(), stored)));
  }
  const std::span<const bench::StoredCapture> all(rows);
  const auto start = Clock::now();
  for (std::size_t i = 0; i < all.size(); ++i) Must(raw->InsertCommitted(all.subspan(i, 1), 'f'));
  const double raw_rate = static_cast<double>(all.size()) / Seconds(Clock::now() - start);
  raw.reset();
  Must(DropPostgresSchema(server, schema));
  fs::remove_all(directory);

  std::printf("\nthrough the API on PostgreSQL 15 (paraplan serve --db postgresql://, demo "
              "district, %s)\n",
              durability.c_str());
  std::printf("size: %d records posted one per request, then the same %zu rows by raw libpq\n",
              stored, all.size());
  std::printf("%-44s %12s %10s %9s %9s\n", "operation", "records/s", "vs raw", "p50 ms", "p99 ms");
  std::printf("%-44s %12.0f %10s\n", "raw libpq insert, 1 record per commit", raw_rate, "1.00x");
  for (std::size_t i = 0; i < runs.size(); ++i) {
    const double rate = runs[i].completed / runs[i].seconds;
    std::printf("%-44s %12.0f %9.2fx %9.1f %9.1f\n",
                fmt::format("POST /captures, {} connections", kCaptureLoads[i].connections).c_str(),
                rate, rate / raw_rate, runs[i].p50_ms, runs[i].p99_ms);
    if (runs[i].failed > 0) std::printf("  (%d requests failed)\n", runs[i].failed);
  }
}

}  // namespace
}  // namespace paraplan

int main(int argc, char** argv) {
  using namespace paraplan;
  const std::string postgres = [&] {
    std::string server = bench::PostgresServer();
    if (server.empty()) bench::RerunUnderPgVirtualenv(argc, argv);
    return server;
  }();
  const int singles = argc > 1 ? std::atoi(argv[1]) : 300;
  const int batches = argc > 2 ? std::atoi(argv[2]) : 30;
  const std::string path = (std::filesystem::temp_directory_path() /
                            fmt::format("paraplan-bench-capture-{}.db", ::getpid()))
                               .string();
  auto store = Must(OpenSqliteStore(path));
  SqlRunner* runner = store->sql_runner();
  if (!runner) Die(Error::Internal("the SQLite store runs no SQL work"));
  auto captures = MakeCaptureStore(*runner);
  Roster roster = MakeRoster(*store, 50);

  // Reference: the raw store's simplest durable write, one small row per commit.
  auto start = Clock::now();
  for (int i = 0; i < singles; ++i) {
    Must(store->Write([&](Transaction& tx) -> Result<void> {
      PARAPLAN_TRY(tx.Insert(Room{0, roster.school, fmt::format("Room {}", i), 30, "", 0}));
      return {};
    }));
  }
  double raw_rate = singles / Seconds(Clock::now() - start);

  std::uint64_t serial = 1;
  start = Clock::now();
  for (int i = 0; i < singles; ++i) {
    Must(captures->Create(Record(roster, serial++), *ParseTimestamp("2026-11-25T10:00:00Z")));
  }
  double single_rate = singles / Seconds(Clock::now() - start);

  start = Clock::now();
  for (int b = 0; b < batches; ++b) {
    std::vector<CaptureRecord> batch;
    for (int i = 0; i < 100; ++i) batch.push_back(Record(roster, serial++));
    auto answers = Must(captures->CreateBatch(batch, *ParseTimestamp("2026-11-25T10:00:00Z")));
    for (const auto& answer : answers) {
      if (!answer) Die(answer.error());
    }
  }
  double batch_rate = batches * 100 / Seconds(Clock::now() - start);

  // The same batches again: the idempotent re-send of a phone that lost the answer.
  start = Clock::now();
  serial -= static_cast<std::uint64_t>(batches) * 100;
  for (int b = 0; b < batches; ++b) {
    std::vector<CaptureRecord> batch;
    for (int i = 0; i < 100; ++i) batch.push_back(Record(roster, serial++));
    Must(captures->CreateBatch(batch, *ParseTimestamp("2026-11-25T10:00:00Z")));
  }
  double resend_rate = batches * 100 / Seconds(Clock::now() - start);

  std::printf("bench_capture: durable capture writes on SQLite (WAL, synchronous=FULL)\n");
  std::printf("size: %d single records, %d batches of 100 records, 50 students\n\n", singles, batches);
  std::printf("%-44s %12s %10s\n", "operation", "records/s", "vs raw");
  std::printf("%-44s %12.0f %10s\n", "raw store write, 1 row per commit (reference)", raw_rate, "1.00x");
  std::printf("%-44s %12.0f %9.2fx\n", "capture record, 1 per commit", single_rate, single_rate / raw_rate);
  std::printf("%-44s %12.0f %9.2fx\n", "capture sync batch, 100 per commit", batch_rate, batch_rate / raw_rate);
  std::printf("%-44s %12.0f %9.2fx\n", "same batch re-sent (idempotent, 0 new)", resend_rate, resend_rate / raw_rate);
  std::printf("\nratio batch/single: %.1fx (a sync batch shares one fsync among 100 records)\n",
              batch_rate / single_rate);

  captures.reset();
  store.reset();
  HttpRuns(raw_rate);
  for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(path + suffix);
  PostgresRuns(postgres);
  return 0;
}
