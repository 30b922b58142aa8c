// bench_http: the JSON API's throughput and latency for a student read
// (GET /api/v1/students/{id}) and a write (POST /api/v1/captures, one goal
// observation per request), each from 50 and from 1,000 kept-alive
// connections driven by wrk, beside the same operation done directly on the
// store in the same run; and a para's day (GET /api/v1/me/day) from 50
// connections, read from the published schedule of the larger school, beside
// the store's student read.
//
// The server is the real one (http::Api + http::Server), started in this
// process on a loopback port over a synthetic district in a temporary SQLite
// file (WAL, synchronous=FULL). The caller is a special educator signed in
// through POST /api/v1/session; reads are of students on their caseload, so
// every request passes the access guard and appends its audit entry, as in
// production. wrk talks to 127.0.0.1 only and each run lasts a few seconds.
//
// Usage: bench_http [students] [seconds_per_run]
#include <fmt/format.h>
#include <spdlog/sinks/null_sink.h>
#include <spdlog/spdlog.h>
#include <sys/resource.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <optional>
#include <regex>
#include <string>
#include <vector>

#include "../../tests/e2e/serve_support.h"
#include "domain/capture.h"
#include "http/api.h"
#include "http/auth/accounts.h"
#include "http/clock.h"
#include "http/resources/access_guard.h"
#include "http/server.h"
#include "scheduling/schedule_view.h"
#include "scheduling/school_problem.h"
#include "scheduling/school_schedule.h"
#include "store/capture_store.h"
#include "store/security.h"
#include "store/sql_runner.h"
#include "store/store.h"
#include "synth/sinks.h"

namespace paraplan {
namespace {

using SteadyClock = std::chrono::steady_clock;
namespace fs = std::filesystem;

[[noreturn]] void Die(const std::string& message) {
  std::fprintf(stderr, "bench_http: %s\n", message.c_str());
  std::exit(1);
}

template <typename T>
T Must(Result<T> result) {
  if (!result) Die(result.error().message);
  return std::move(*result);
}

void Must(Result<void> result) {
  if (!result) Die(result.error().message);
}

// The special educator the load signs in as, with the caseload students
// whose records it reads and for whom it records goal observations.
struct Target {
  Id staff_id = 0;
  std::string email;
  struct Student {
    Id id = 0;
    Id goal_id = 0;
  };
  std::vector<Student> students;
};

Target FindTarget(Store& store) {
  std::optional<Target> best;
  Must(store.Read([&](Transaction& tx) -> Result<void> {
    StaffFilter filter;
    filter.role = StaffRole::kSpecialEducator;
    filter.page.limit = 1000;
    for (const Staff& member : PARAPLAN_TRY(tx.ListStaff(filter))) {
      Target target{member.id, member.email, {}};
      StudentFilter caseload;
      caseload.case_manager_id = member.id;
      caseload.page.limit = 1000;
      for (const Student& student : PARAPLAN_TRY(tx.ListStudents(caseload))) {
        for (const Iep& iep : PARAPLAN_TRY(tx.ListIeps(student.id))) {
          if (iep.status != IepStatus::kActive || iep.goals.empty()) continue;
          target.students.push_back({student.id, iep.goals[0].id});
          break;
        }
      }
      if (!best || target.students.size() > best->students.size()) best = std::move(target);
    }
    return {};
  }));
  if (!best || best->students.empty()) Die("the district has no special educator with a caseload");
  return *best;
}

// A para of the larger school with students on `day` in its published
// schedule, made and published here; and the size of that schedule's JSON.
struct ParaTarget {
  Id staff_id = 0;
  std::string email;
  std::size_t schedule_bytes = 0;
  std::string school;
  std::size_t paras = 0;  // the school's
};

ParaTarget PublishLargerSchool(Store& store, Date day) {
  Id school_id = 0;
  std::string school_name;
  std::vector<Id> paras;
  Must(store.Read([&](Transaction& tx) -> Result<void> {
    Page page;
    page.limit = 1000;
    for (const School& school : PARAPLAN_TRY(tx.ListSchools(std::nullopt, page))) {
      std::vector<Id> of = PARAPLAN_TRY(scheduling::ParasOf(tx, school.id));
      if (of.size() > paras.size()) {
        school_id = school.id;
        school_name = school.name;
        paras = std::move(of);
      }
    }
    return {};
  }));
  if (paras.empty()) Die("the district has no school with paras");
  scheduling::SchoolScheduler scheduler(store);
  const std::int64_t now = std::chrono::duration_cast<std::chrono::seconds>(
                               std::chrono::system_clock::now().time_since_epoch())
                               .count();
  const scheduling::MadeSchedule made = Must(scheduler.Make(school_id, day, std::nullopt, now));
  Must(scheduler.Publish(made.id, std::nullopt, now, day));
  scheduling::ScheduleCache cache;
  const std::shared_ptr<const scheduling::LoadedSchedule> published =
      Must(scheduler.Published(school_id, day, cache));
  if (!published) Die("the published schedule is not found");
  const scheduling::LoadedSchedule full = Must(scheduler.Load(made.id));
  ParaTarget target;
  target.school = school_name;
  target.paras = paras.size();
  target.schedule_bytes = full.stored.problem.size() + full.stored.plan.size();
  std::size_t most = 0;
  for (Id para : paras) {
    std::size_t supported = 0;
    for (const scheduling::ParaSlot& slot : scheduling::ParaDayOf(*published, para, day)) {
      supported += slot.student_ids.size();
    }
    if (supported > most) {
      most = supported;
      target.staff_id = para;
    }
  }
  if (most == 0) Die("no para of the school supports a student that day");
  Must(store.Read([&](Transaction& tx) -> Result<void> {
    target.email = PARAPLAN_TRY(tx.GetStaff(target.staff_id)).email;
    return {};
  }));
  return target;
}

struct WrkResult {
  double requests_per_second = 0;
  double p50_ms = 0;
  double p99_ms = 0;
  long long requests = 0;
  long long not_2xx = 0;
  long long socket_errors = 0;
  std::string socket_detail;  // wrk's line
};

double Milliseconds(const std::string& number, const std::string& unit) {
  double value = std::stod(number);
  if (unit == "us") return value / 1000;
  if (unit == "s") return value * 1000;
  if (unit == "m") return value * 60'000;
  return value;  // ms
}

// Runs wrk with a Lua script and parses its --latency report.
WrkResult RunWrk(int port, int connections, int seconds, const fs::path& script,
                 const std::string& path) {
  const std::string command =
      fmt::format("wrk -t2 -c{} -d{}s --timeout 10s --latency -s {} http://127.0.0.1:{}{} 2>&1",
                  connections, seconds, script.string(), port, path);
  FILE* pipe = ::popen(command.c_str(), "r");
  if (!pipe) Die("cannot run wrk");
  std::string output;
  char buffer[4096];
  while (std::fgets(buffer, sizeof buffer, pipe)) output += buffer;
  if (::pclose(pipe) != 0) Die("wrk failed:\n" + output);

  WrkResult result;
  std::smatch match;
  if (std::regex_search(output, match, std::regex(R"(Requests/sec:\s+([0-9.]+))"))) {
    result.requests_per_second = std::stod(match[1]);
  } else {
    Die("no Requests/sec in wrk's output:\n" + output);
  }
  if (std::regex_search(output, match, std::regex(R"(\n\s+50%\s+([0-9.]+)(us|ms|s|m))"))) {
    result.p50_ms = Milliseconds(match[1], match[2]);
  }
  if (std::regex_search(output, match, std::regex(R"(\n\s+99%\s+([0-9.]+)(us|ms|s|m))"))) {
    result.p99_ms = Milliseconds(match[1], match[2]);
  }
  if (std::regex_search(output, match, std::regex(R"((\d+) requests in)"))) {
    result.requests = std::stoll(match[1]);
  }
  if (std::regex_search(output, match, std::regex(R"(Non-2xx or 3xx responses:\s+(\d+))"))) {
    result.not_2xx = std::stoll(match[1]);
  }
  if (std::regex_search(
          output, match,
          std::regex(R"(Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+))"))) {
    result.socket_errors =
        std::stoll(match[1]) + std::stoll(match[2]) + std::stoll(match[3]) + std::stoll(match[4]);
    result.socket_detail = match[0];
  }
  return result;
}

// The Lua script for a run: every request carries the session cookie (and
// the CSRF token for writes); reads walk the caseload, writes send a new
// goal observation with an id unique across runs (`run` > 0) and wrk's
// threads; run 0 is the read script, which with a `day` reads the caller's
// day instead.
fs::path WriteScript(const fs::path& directory, std::string_view name, const Target& target,
                     const e2e::Credentials& credentials, const std::string& day, int run) {
  std::string ids;
  std::string goals;
  for (const Target::Student& student : target.students) {
    ids += fmt::format("{},", student.id);
    goals += fmt::format("{},", student.goal_id);
  }
  std::string script = fmt::format(R"(
local ids = {{{}}}
local goals = {{{}}}
local threads = 0
function setup(thread)
  threads = threads + 1
  thread:set("thread_id", threads)
end
local counter = 0
function init(args)
  thread_id = thread_id or 0
end
wrk.headers["Cookie"] = "{}"
wrk.headers["X-CSRF-Token"] = "{}"
wrk.headers["Content-Type"] = "application/json"
)",
                                   ids, goals, credentials.cookie, credentials.csrf);
  if (run > 0) {
    script += fmt::format(R"(
function request()
  counter = counter + 1
  local at = (counter % #ids) + 1
  local body = string.format('{{"id":"b{:07x}-0000-4000-%04x-%012x","kind":"goal_observation",' ..
    '"created_at":"{}T09:30:00Z","student_id":%d,"goal_id":%d,"date":"{}",' ..
    '"method":"percent_of_trials","trials":[{{"prompt":"verbal","result":"correct"}}]}}',
    32768 + thread_id, counter, ids[at], goals[at])
  return wrk.format("POST", "/api/v1/captures", nil, body)
end
)",
                          run, day, day);
  } else if (!day.empty()) {
    script += fmt::format(R"(
function request()
  return wrk.format("GET", "/api/v1/me/day?date={}")
end
)",
                          day);
  } else {
    script += R"(
function request()
  counter = counter + 1
  return wrk.format("GET", "/api/v1/students/" .. ids[(counter % #ids) + 1])
end
)";
  }
  fs::path path = directory / fmt::format("{}.lua", name);
  std::ofstream(path) << script;
  return path;
}

double Seconds(SteadyClock::duration duration) {
  return std::chrono::duration<double>(duration).count();
}

// The same read on the store: the student by id, in a read transaction.
double StoreReadsPerSecond(Store& store, const Target& target, double budget_seconds) {
  long long done = 0;
  const auto start = SteadyClock::now();
  while (Seconds(SteadyClock::now() - start) < budget_seconds) {
    for (int i = 0; i < 100; ++i, ++done) {
      const Id id = target.students[static_cast<std::size_t>(done) % target.students.size()].id;
      Must(store.Read([&](Transaction& tx) -> Result<void> {
        PARAPLAN_TRY(tx.GetStudent(id));
        return {};
      }));
    }
  }
  return static_cast<double>(done) / Seconds(SteadyClock::now() - start);
}

// The same write on the store: one goal observation per committed, fsynced
// transaction through the capture store.
double StoreWritesPerSecond(CaptureStore& captures, const Target& target, Date day,
                            double budget_seconds) {
  long long done = 0;
  const Timestamp noon = Timestamp(std::chrono::sys_days(std::chrono::days(day.DaysSinceEpoch())) +
                                   std::chrono::hours(12));
  const auto start = SteadyClock::now();
  while (Seconds(SteadyClock::now() - start) < budget_seconds) {
    for (int i = 0; i < 20; ++i, ++done) {
      const Target::Student& student =
          target.students[static_cast<std::size_t>(done) % target.students.size()];
      CaptureRecord record;
      record.id = fmt::format("a0000000-0000-4000-8000-{:012x}", done + 1);
      record.created_at = noon;
      record.student_id = student.id;
      record.recorded_by = target.staff_id;
      record.review = ReviewState::kReviewed;
      record.reviewed_by = target.staff_id;
      GoalObservation observation;
      observation.goal_id = student.goal_id;
      observation.date = day;
      observation.method = MeasurementMethod::kPercentOfTrials;
      observation.trials = {{PromptLevel::kVerbal, TrialResult::kCorrect}};
      record.body = observation;
      Must(captures.Create(record, noon));
    }
  }
  return static_cast<double>(done) / Seconds(SteadyClock::now() - start);
}

// 1,000 connections need more descriptors than the usual soft limit.
void RaiseDescriptorLimit() {
  rlimit limit{};
  if (::getrlimit(RLIMIT_NOFILE, &limit) != 0) return;
  limit.rlim_cur = limit.rlim_max;
  ::setrlimit(RLIMIT_NOFILE, &limit);
}

}  // namespace
}  // namespace paraplan

int main(int argc, char** argv) {
  using namespace paraplan;
  const int students = argc > 1 ? std::atoi(argv[1]) : 2000;
  const int seconds = argc > 2 ? std::atoi(argv[2]) : 5;
  RaiseDescriptorLimit();
  if (std::system("wrk --version >/dev/null 2>&1") != 0 &&
      std::system("command -v wrk >/dev/null 2>&1") != 0) {
    Die("wrk is not installed (scripts/bootstrap installs it)");
  }

  const fs::path directory =
      fs::temp_directory_path() / fmt::format("paraplan-bench-http-{}", ::getpid());
  fs::remove_all(directory);
  fs::create_directories(directory);
  const std::string database = (directory / "bench.db").string();
  std::unique_ptr<Store> store = Must(OpenStore("sqlite:" + database));
  std::unique_ptr<SecurityStore> security = MakeSecurityStore(*store->sql_runner());

  synth::DistrictSpec spec;
  spec.students = students;
  spec.schools = 2;
  spec.seed = 7;
  synth::StoreSink sink(*store);
  const auto generated_at = SteadyClock::now();
  synth::GenerateCounts counts = Must(synth::Generate(spec, sink));
  const double generate_seconds = Seconds(SteadyClock::now() - generated_at);
  const Target target = FindTarget(*store);

  http::SystemClock clock;
  http::ApiOptions options;
  auto access_log =
      std::make_shared<spdlog::logger>("access", std::make_shared<spdlog::sinks::null_sink_mt>());
  std::unique_ptr<http::Api> api =
      Must(http::Api::Create(*store, *security, clock, options, access_log));
  const std::string password = "bench-lantern-orchard-velvet";
  Must(http::AddAccount(
      *store, *security, api->common_passwords(), {AccountKind::kStaff, target.staff_id},
      target.email, password,
      std::chrono::duration_cast<std::chrono::seconds>(clock.Now().time_since_epoch()).count()));
  http::ServerOptions server_options;
  server_options.port = 0;
  std::unique_ptr<http::Server> server = Must(http::Server::Start(server_options, api->app()));
  const int port = server->port();

  e2e::HttpClient client(port);
  std::optional<e2e::Credentials> credentials =
      e2e::SignIn(client, e2e::Account{target.email, password});
  if (!credentials) Die("signing in to the bench server failed");
  // Observations are of yesterday, so no clock skew makes them future ones.
  const Date day = http::TodayOf(clock).AddDays(-1);
  const fs::path read_script = WriteScript(directory, "read", target, *credentials, "", 0);

  // A para's day: the next weekday in the larger school's published schedule.
  Date school_day = http::TodayOf(clock);
  while (school_day.IsoWeekday() > 5) school_day = school_day.AddDays(1);
  const auto published_at = SteadyClock::now();
  const ParaTarget para = PublishLargerSchool(*store, school_day);
  const double publish_seconds = Seconds(SteadyClock::now() - published_at);
  Must(http::AddAccount(
      *store, *security, api->common_passwords(), {AccountKind::kStaff, para.staff_id}, para.email,
      password,
      std::chrono::duration_cast<std::chrono::seconds>(clock.Now().time_since_epoch()).count()));
  std::optional<e2e::Credentials> para_credentials =
      e2e::SignIn(client, e2e::Account{para.email, password});
  if (!para_credentials) Die("signing in as the para failed");
  const fs::path day_script =
      WriteScript(directory, "day", target, *para_credentials, school_day.ToString(), 0);

  std::printf(
      "bench_http: the JSON API through wrk (loopback, kept-alive connections) beside the "
      "store in the same run\n");
  std::printf(
      "size: %lld students in %lld schools (%lld staff, generated in %.1f s); the caller "
      "is a special educator with %zu caseload students; SQLite WAL, synchronous=FULL; "
      "%d server threads; %d s per run\n\n",
      static_cast<long long>(counts.students), static_cast<long long>(counts.schools),
      static_cast<long long>(counts.staff), generate_seconds, target.students.size(),
      server_options.threads, seconds);
  std::printf(
      "the para's day: %s (%zu paras), its week's schedule made and published in %.1f s, "
      "%.1f MB of JSON\n\n",
      para.school.c_str(), para.paras, publish_seconds,
      static_cast<double>(para.schedule_bytes) / 1e6);

  struct Row {
    std::string operation;
    int connections = 0;
    WrkResult api;
    double store_rate = 0;
  };
  std::vector<Row> rows;
  std::unique_ptr<CaptureStore> captures = MakeCaptureStore(*store->sql_runner());
  const double store_read_rate = StoreReadsPerSecond(*store, target, 1.0);
  const double store_write_rate = StoreWritesPerSecond(*captures, target, day, 1.5);
  int run = 0;
  for (int connections : {50, 1000}) {
    const fs::path write_script = WriteScript(directory, fmt::format("write-{}", connections),
                                              target, *credentials, day.ToString(), ++run);
    rows.push_back({"GET /api/v1/students/{id}", connections,
                    RunWrk(port, connections, seconds, read_script, "/api/v1/students"),
                    store_read_rate});
    rows.push_back({"POST /api/v1/captures", connections,
                    RunWrk(port, connections, seconds, write_script, "/api/v1/captures"),
                    store_write_rate});
    if (connections == 50) {
      rows.push_back({"GET /api/v1/me/day (para)", connections,
                      RunWrk(port, connections, seconds, day_script, "/api/v1/me/day"),
                      store_read_rate});
    }
  }
  server->Stop();
  server.reset();

  std::printf("%-28s %6s %10s %9s %9s %14s %10s\n", "operation", "conns", "req/s", "p50 ms",
              "p99 ms", "store ops/s", "API/store");
  for (const Row& row : rows) {
    std::printf("%-28s %6d %10.0f %9.2f %9.2f %14.0f %10.3f\n", row.operation.c_str(),
                row.connections, row.api.requests_per_second, row.api.p50_ms, row.api.p99_ms,
                row.store_rate, row.api.requests_per_second / row.store_rate);
    if (row.api.not_2xx + row.api.socket_errors > 0) {
      std::printf("  (%lld of %lld answers not 2xx; %s)\n", row.api.not_2xx, row.api.requests,
                  row.api.socket_errors > 0 ? row.api.socket_detail.c_str() : "no socket errors");
    }
  }
  std::printf(
      "\nstore: a read is one student by id in a read transaction; a write is one goal "
      "observation\ncommitted and fsynced through the capture store. The API also "
      "resolves the session, decides\naccess on the caseload and appends (and fsyncs) "
      "an audit entry for every student read;\nentries of concurrent requests share a "
      "commit (group commit). A para's day reads the day's published\nlesson plans, the "
      "para's blocks in the school's published schedule (parsed once, then kept\nin "
      "memory) and each of their students' IEP supports, every student read audited.\n");

  captures.reset();
  api.reset();
  security.reset();
  store.reset();
  fs::remove_all(directory);
  return 0;
}
