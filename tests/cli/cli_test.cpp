// End-to-end tests of the demo, generate, check and migrate commands, run as
// a user would run them: the real binary on a real database file. The
// migrate tests move into PostgreSQL when PARAPLAN_TEST_POSTGRES_URL names a
// server (CTest's cli_migrate_on_postgresql), into another SQLite file
// otherwise.
#include <fcntl.h>
#include <fmt/format.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "cli/progress.h"
#include "domain/time.h"
#include "scheduling/schedule_view.h"
#include "scheduling/school_schedule.h"
#include "store/capture_store.h"
#include "store/postgres/postgres_store.h"
#include "store/security.h"
#include "store/sql_runner.h"
#include "store/store.h"

extern char** environ;

namespace paraplan {
namespace {

struct Outcome {
  int exit_code = -1;
  std::string out;
  std::string err;
};

std::string ReadFile(const std::filesystem::path& path) {
  std::ifstream file(path);
  std::stringstream text;
  text << file.rdbuf();
  return text.str();
}

std::vector<char*> Argv(std::vector<std::string>& args) {
  std::vector<char*> argv;
  for (std::string& arg : args) argv.push_back(arg.data());
  argv.push_back(nullptr);
  return argv;
}

class Cli : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           ("paraplan-cli-" + std::to_string(::getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::remove_all(dir_);
    std::filesystem::create_directories(dir_);
    db_ = (dir_ / "district.db").string();
  }
  void TearDown() override {
    if (!target_schema_.empty()) {
      auto dropped = DropPostgresSchema(PostgresServer(), target_schema_);
      EXPECT_TRUE(dropped.has_value()) << dropped.error().message;
    }
    std::filesystem::remove_all(dir_);
  }

  // The demo district in this test's database. `paraplan demo` solves each
  // school's week for this week and next, so the suite makes it once and
  // copies it; the demo command's own test runs it. Returns what the demo
  // printed.
  std::string UseDemo() {
    struct Made {
      std::filesystem::path dir;
      std::string out;
      ~Made() {
        std::error_code ignored;
        if (!dir.empty()) std::filesystem::remove_all(dir, ignored);
      }
    };
    static Made made;
    if (made.dir.empty()) {
      const std::filesystem::path dir =
          std::filesystem::temp_directory_path() /
          ("paraplan-cli-demo-" + std::to_string(::getpid()));
      std::filesystem::remove_all(dir);
      std::filesystem::create_directories(dir);
      const Outcome demo = Run({"demo", "--db", (dir / "district.db").string()});
      EXPECT_EQ(demo.exit_code, 0) << demo.err;
      if (demo.exit_code != 0) return demo.out;
      made.dir = dir;
      made.out = demo.out;
    }
    for (const char* suffix : {"", "-wal"}) {
      const std::filesystem::path from = made.dir / ("district.db" + std::string(suffix));
      if (std::filesystem::exists(from)) std::filesystem::copy_file(from, db_ + suffix);
    }
    return made.out;
  }

  static std::string PostgresServer() {
    const char* url = std::getenv("PARAPLAN_TEST_POSTGRES_URL");
    return url ? url : "";
  }

  // An empty database for `paraplan migrate --to`: a schema of this test's
  // own on the PostgreSQL test server, or a SQLite file beside the source.
  std::string MigrationTarget() {
    const std::string server = PostgresServer();
    if (server.empty()) return "sqlite:" + (dir_ / "target.db").string();
    target_schema_ = "paraplan_cli_" + std::to_string(::getpid());
    return server + (server.find('?') == std::string::npos ? "?" : "&") +
           "schema=" + target_schema_;
  }

  // Runs paraplan to completion with stdout and stderr captured.
  Outcome Run(std::vector<std::string> args) {
    args.insert(args.begin(), PARAPLAN_BINARY);
    const std::string out = (dir_ / "stdout").string();
    const std::string err = (dir_ / "stderr").string();
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, 1, out.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    posix_spawn_file_actions_addopen(&actions, 2, err.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    pid_t pid = 0;
    std::vector<char*> argv = Argv(args);
    Outcome outcome;
    const int spawned = posix_spawn(&pid, argv[0], &actions, nullptr, argv.data(), environ);
    posix_spawn_file_actions_destroy(&actions);
    if (spawned != 0) {
      ADD_FAILURE() << "cannot start " << argv[0];
      return outcome;
    }
    int status = 0;
    waitpid(pid, &status, 0);
    outcome.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    outcome.out = ReadFile(out);
    outcome.err = ReadFile(err);
    return outcome;
  }

  std::filesystem::path dir_;
  std::string db_;
  std::string target_schema_;
};

// The records per kind `paraplan check` prints: the indented lines after
// "Checked ...:", each a kind and its count.
std::map<std::string, std::string> CheckedCounts(const std::string& check_output) {
  std::map<std::string, std::string> counts;
  std::istringstream lines(check_output.substr(check_output.find("Checked")));
  std::string line;
  std::getline(lines, line);
  while (std::getline(lines, line) && line.starts_with("  ")) {
    std::istringstream fields(line);
    std::string kind;
    std::string count;
    fields >> kind >> count;
    counts[kind] = count;
  }
  return counts;
}

TEST_F(Cli, killed_generate_leaves_a_database_that_check_accepts) {
  // Large enough to be mid-run when killed; small batches so that several
  // commit before the first progress line.
  std::vector<std::string> args = {PARAPLAN_BINARY, "generate",  "--db", db_,       "--students",
                                   "60000",         "--schools", "12",   "--batch", "100"};
  int pipe_fds[2];
  ASSERT_EQ(pipe(pipe_fds), 0);
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0);
  posix_spawn_file_actions_adddup2(&actions, pipe_fds[1], 2);
  posix_spawn_file_actions_addclose(&actions, pipe_fds[0]);
  pid_t pid = 0;
  std::vector<char*> argv = Argv(args);
  const int spawned = posix_spawn(&pid, argv[0], &actions, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  ASSERT_EQ(spawned, 0);
  close(pipe_fds[1]);

  // Progress lines come after committed batches: wait for the first one.
  std::string progress;
  char buffer[256];
  while (progress.find('\n') == std::string::npos) {
    const ssize_t n = read(pipe_fds[0], buffer, sizeof buffer);
    if (n <= 0) break;
    progress.append(buffer, static_cast<std::size_t>(n));
  }
  kill(pid, SIGKILL);
  int status = 0;
  waitpid(pid, &status, 0);
  close(pipe_fds[0]);
  ASSERT_TRUE(WIFSIGNALED(status)) << "generate finished before it was killed: " << progress;
  ASSERT_NE(progress.find("students"), std::string::npos) << progress;

  const Outcome check = Run({"check", "--db", db_});
  EXPECT_EQ(check.exit_code, 0) << check.out << check.err;
  EXPECT_NE(check.out.find("No problems found."), std::string::npos) << check.out;
  EXPECT_NE(check.out.find("student_day"), std::string::npos) << check.out;
}

TEST_F(Cli, demo_creates_the_district_and_says_where_it_is_and_what_it_holds) {
  const Outcome demo = Run({"demo", "--db", db_});
  ASSERT_EQ(demo.exit_code, 0) << demo.err;
  EXPECT_NE(demo.out.find(db_), std::string::npos) << demo.out;
  EXPECT_NE(demo.out.find("Elementary"), std::string::npos) << demo.out;
  EXPECT_NE(demo.out.find("High School"), std::string::npos) << demo.out;
  EXPECT_NE(demo.out.find("iep"), std::string::npos) << demo.out;

  // Every printed sign-in can try its role: the related service provider has
  // the students whose IEPs have their service, and the parent's child an
  // active IEP. (Before, both showed empty pages.)
  std::map<std::string, std::string> email_of;
  std::istringstream lines(demo.out);
  for (std::string line; std::getline(lines, line);) {
    for (const char* role : {"related service provider", "parent"}) {
      if (line.rfind(std::string("  ") + role + " ", 0) != 0) continue;
      std::istringstream words(line);
      for (std::string word; words >> word;) {
        if (word.find('@') != std::string::npos) email_of[role] = word;
      }
    }
  }
  ASSERT_EQ(email_of.size(), 2u) << demo.out;
  auto store = OpenStore(db_);
  ASSERT_TRUE(store.has_value()) << store.error().message;
  std::unique_ptr<SecurityStore> security = MakeSecurityStore(*(*store)->sql_runner());
  auto person_of = [&](const std::string& role) -> Id {
    Result<std::optional<Account>> account = security->FindAccountByEmail(email_of[role]);
    EXPECT_TRUE(account && *account) << role << " " << email_of[role];
    return account && *account ? (*account)->person_id : 0;
  };
  const Id provider = person_of("related service provider");
  Result<std::set<Id>> served = security->StudentsAssignedTo(provider, Date::Today());
  ASSERT_TRUE(served.has_value()) << served.error().message;
  EXPECT_FALSE(served->empty()) << "the provider's caseload is empty";
  const Id parent = person_of("parent");
  Result<void> read = (*store)->Read([&](Transaction& tx) -> Result<void> {
    bool active = false;
    for (const GuardianLink& link : PARAPLAN_TRY(tx.ListGuardianLinks(std::nullopt, parent))) {
      for (const Iep& iep : PARAPLAN_TRY(tx.ListIeps(link.student_id))) {
        active = active || iep.status == IepStatus::kActive;
      }
    }
    EXPECT_TRUE(active) << "the parent's child has no active IEP";
    return {};
  });
  ASSERT_TRUE(read.has_value()) << read.error().message;

  // The first school's coordinator keeps one para apart from a student the
  // first published week had them supporting; both weeks were updated, so
  // the para supports that student on no day.
  EXPECT_NE(demo.out.find("Keep apart ("), std::string::npos) << demo.out;
  std::vector<School> schools;
  ASSERT_TRUE((*store)->Read([&](Transaction& tx) -> Result<void> {
                        schools = PARAPLAN_TRY(tx.ListSchools(std::nullopt, Page{0, 1}));
                        return {};
                      }).has_value());
  ASSERT_FALSE(schools.empty());
  scheduling::SchoolScheduler scheduler(**store);
  Result<std::vector<KeepApart>> kept = scheduler.KeptApart(schools[0].id);
  ASSERT_TRUE(kept.has_value()) << kept.error().message;
  ASSERT_EQ(kept->size(), 1u);
  scheduling::ScheduleCache cache;
  for (int day = 0; day < 12; ++day) {
    const Date date = Date::Today().WeekStart().AddDays(day);
    if (date.IsoWeekday() > 5) continue;
    Result<std::shared_ptr<const scheduling::LoadedSchedule>> published =
        scheduler.Published(schools[0].id, date, cache);
    ASSERT_TRUE(published.has_value() && *published) << date.ToString();
    for (const scheduling::ParaSlot& slot :
         scheduling::ParaDayOf(**published, kept->front().staff_id, date)) {
      EXPECT_FALSE(std::ranges::count(slot.student_ids, kept->front().student_id))
          << date.ToString() << " " << slot.block;
    }
  }
}

// The demo opens where a school would be some weeks into its year: every
// IEP in force today, and the weeks before today recorded (sessions, a few
// missed and most of the school's misses made up, goal observations), as
// many records as the demo says.
TEST_F(Cli, demo_holds_the_weeks_before_today_as_a_school_would_have_recorded_them) {
  const std::string printed = UseDemo();
  ASSERT_FALSE(HasFatalFailure());
  const std::size_t line = printed.find("Classroom records from ");
  ASSERT_NE(line, std::string::npos) << printed;
  char from_text[11] = {}, until_text[11] = {};
  int sessions = 0, missed = 0, made_up = 0, observations = 0;
  ASSERT_EQ(std::sscanf(printed.c_str() + line,
                        "Classroom records from %10s to %10s: %d service sessions (%d missed, %d "
                        "make-ups) and %d goal observations",
                        from_text, until_text, &sessions, &missed, &made_up, &observations),
            6)
      << printed.substr(line, 200);
  const Date today = Date::Today();
  EXPECT_EQ(std::string(until_text), today.AddDays(-1).ToString());
  auto store = OpenStore(db_);
  ASSERT_TRUE(store.has_value()) << store.error().message;
  std::unique_ptr<CaptureStore> captures = MakeCaptureStore(*(*store)->sql_runner());
  Result<std::int64_t> count = captures->Count();
  ASSERT_TRUE(count.has_value()) << count.error().message;
  EXPECT_EQ(*count, sessions + observations);
  // Every session and make-up as the store holds them, read page by page.
  std::map<std::string, ServiceSession> all;
  CaptureFilter filter;
  filter.kind = CaptureKind::kServiceSession;
  filter.limit = 1000;
  for (;;) {
    Result<std::vector<CaptureRecord>> page = captures->List(filter);
    ASSERT_TRUE(page.has_value()) << page.error().message;
    if (page->empty()) break;
    for (const CaptureRecord& record : *page) {
      all[record.id] = std::get<ServiceSession>(record.body);
      EXPECT_EQ(record.review, ReviewState::kReviewed) << record.id;
      EXPECT_LT(all[record.id].date, today) << record.id;
    }
    filter.after = page->back().id;
  }
  EXPECT_EQ(static_cast<int>(all.size()), sessions);
  int stored_missed = 0, stored_made_up = 0;
  for (const auto& [id, session] : all) {
    stored_missed += session.outcome == SessionOutcome::kMissed;
    if (!session.makes_up) continue;
    ++stored_made_up;
    ASSERT_TRUE(all.contains(*session.makes_up)) << id;
    EXPECT_TRUE(OwesMakeup(all[*session.makes_up])) << id;
  }
  EXPECT_EQ(stored_missed, missed);
  EXPECT_EQ(stored_made_up, made_up);
  // In term time the demo has weeks of records; every IEP is in force today.
  Result<void> read = (*store)->Read([&](Transaction& tx) -> Result<void> {
    StudentFilter students;
    students.has_iep = true;
    students.page.limit = 1000;
    int active = 0;
    for (const Student& student : PARAPLAN_TRY(tx.ListStudents(students))) {
      for (const Iep& iep : PARAPLAN_TRY(tx.ListIeps(student.id))) {
        if (iep.status != IepStatus::kActive) continue;
        ++active;
        EXPECT_LE(iep.start, today) << student.id;
        EXPECT_GT(iep.end, today) << student.id;
      }
    }
    EXPECT_GT(active, 0);
    const std::vector<School> schools = PARAPLAN_TRY(tx.ListSchools(std::nullopt, Page{0, 1}));
    const SchoolCalendar calendar = PARAPLAN_TRY(tx.ListCalendars(schools.at(0).id)).at(0);
    int school_days = 0;
    for (Date day = *Date::Parse(from_text); day < today; day = day.AddDays(1)) {
      school_days += calendar.IsInstructionalDay(day);
    }
    if (school_days >= 5) {
      EXPECT_GT(sessions, 100);
      EXPECT_GT(observations, 50);
      EXPECT_GT(missed, 0);
    }
    return {};
  });
  ASSERT_TRUE(read.has_value()) << read.error().message;
}

TEST_F(Cli, demo_refuses_a_database_that_already_holds_a_district) {
  UseDemo();
  const Outcome again = Run({"demo", "--db", db_});
  EXPECT_EQ(again.exit_code, 2);
  EXPECT_NE(again.err.find("already holds"), std::string::npos) << again.err;
}

TEST_F(Cli, check_exits_one_and_names_kind_id_and_field_of_a_cross_school_enrolment) {
  UseDemo();
  Id enrolment_id = 0;
  {
    auto store = OpenStore(db_);
    ASSERT_TRUE(store.has_value()) << store.error().message;
    auto written = (*store)->Write([&](Transaction& tx) -> Result<void> {
      auto schools = PARAPLAN_TRY(tx.ListSchools(std::nullopt, Page{}));
      StudentFilter students;
      students.school_id = schools.at(0).id;
      students.page.limit = 1;
      SectionFilter sections;
      sections.school_id = schools.at(1).id;
      sections.page.limit = 1;
      Enrolment enrolment;
      enrolment.student_id = PARAPLAN_TRY(tx.ListStudents(students)).at(0).id;
      enrolment.section_id = PARAPLAN_TRY(tx.ListSections(sections)).at(0).id;
      enrolment.start = Date::FromDays(20700);
      enrolment_id = PARAPLAN_TRY(tx.Insert(enrolment));
      return {};
    });
    ASSERT_TRUE(written.has_value()) << written.error().message;
  }
  const Outcome check = Run({"check", "--db", db_});
  EXPECT_EQ(check.exit_code, 1);
  EXPECT_NE(check.out.find("problem: enrolment " + std::to_string(enrolment_id) + " section_id"),
            std::string::npos)
      << check.out;
}

TEST_F(Cli, check_refuses_a_missing_database_instead_of_creating_one) {
  const Outcome check = Run({"check", "--db", (dir_ / "missing.db").string()});
  EXPECT_EQ(check.exit_code, 2);
  EXPECT_FALSE(std::filesystem::exists(dir_ / "missing.db"));
}

TEST_F(Cli, serve_refuses_a_schedule_cache_size_out_of_range_naming_the_option) {
  for (const char* size : {"-1", "65537", "lots"}) {
    const Outcome serve = Run({"serve", "--db", db_, "--schedule-cache-mb", size});
    EXPECT_NE(serve.exit_code, 0) << size << ": " << serve.out;
    EXPECT_NE(serve.err.find("--schedule-cache-mb"), std::string::npos) << serve.err;
  }
}

TEST_F(Cli, generate_refuses_a_seed_whose_district_is_already_in_the_database) {
  const std::vector<std::string> args = {"generate",  "--db", db_,      "--students", "60",
                                         "--schools", "1",    "--seed", "9"};
  ASSERT_EQ(Run(args).exit_code, 0);
  const Outcome again = Run(args);
  EXPECT_EQ(again.exit_code, 2);
  EXPECT_NE(again.err.find("seed 9"), std::string::npos) << again.err;
}

TEST_F(Cli, generate_names_the_field_of_a_bad_size) {
  const Outcome generate = Run({"generate", "--db", db_, "--students", "5", "--schools", "1"});
  EXPECT_EQ(generate.exit_code, 2);
  EXPECT_NE(generate.err.find("students: must be between"), std::string::npos) << generate.err;
}

TEST_F(Cli, migrate_moves_the_demo_district_with_counts_equal_and_check_clean_on_the_target) {
  UseDemo();
  const Outcome source_check = Run({"check", "--db", db_});
  ASSERT_EQ(source_check.exit_code, 0) << source_check.out;
  const std::map<std::string, std::string> source_counts = CheckedCounts(source_check.out);
  ASSERT_EQ(source_counts.at("district"), "1") << source_check.out;
  ASSERT_NE(source_counts.at("iep"), "0") << source_check.out;

  const std::string target = MigrationTarget();
  const Outcome migrate = Run({"migrate", "--from", "sqlite:" + db_, "--to", target});
  ASSERT_EQ(migrate.exit_code, 0) << migrate.out << migrate.err;
  EXPECT_NE(migrate.out.find("Every count is equal."), std::string::npos) << migrate.out;

  const Outcome target_check = Run({"check", "--db", target});
  EXPECT_EQ(target_check.exit_code, 0) << target_check.out << target_check.err;
  EXPECT_NE(target_check.out.find("No problems found."), std::string::npos) << target_check.out;
  EXPECT_EQ(CheckedCounts(target_check.out), source_counts) << target_check.out;
}

// A SQLite file may be called anything, even postgres.db; only a PostgreSQL
// URL is refused as a source, and the refusal names the field.
TEST_F(Cli, migrate_takes_any_sqlite_file_name_and_refuses_a_postgresql_source) {
  db_ = (dir_ / "postgres.db").string();
  UseDemo();
  const std::string target = MigrationTarget();
  // The source named as a user in its folder would: "postgres.db".
  struct InFolder {
    std::filesystem::path previous = std::filesystem::current_path();
    explicit InFolder(const std::filesystem::path& dir) { std::filesystem::current_path(dir); }
    ~InFolder() { std::filesystem::current_path(previous); }
  };
  const Outcome migrate = [&] {
    InFolder in_folder(dir_);
    return Run({"migrate", "--from", "postgres.db", "--to", target});
  }();
  ASSERT_EQ(migrate.exit_code, 0) << migrate.out << migrate.err;
  EXPECT_NE(migrate.out.find("Every count is equal."), std::string::npos) << migrate.out;

  const Outcome from_postgres =
      Run({"migrate", "--from", "postgresql://localhost/district", "--to", target});
  EXPECT_EQ(from_postgres.exit_code, 2) << from_postgres.out << from_postgres.err;
  EXPECT_NE(from_postgres.err.find("from: is not a SQLite database"), std::string::npos)
      << from_postgres.err;

  // sqlite://FILE is read as the file, as --db reads it; a missing one is
  // refused rather than created empty.
  const std::string missing = (dir_ / "missing.db").string();
  const Outcome from_missing = Run({"migrate", "--from", "sqlite://" + missing, "--to", target});
  EXPECT_NE(from_missing.exit_code, 0);
  EXPECT_NE(from_missing.err.find("there is no database at " + missing), std::string::npos)
      << from_missing.err;
  EXPECT_FALSE(std::filesystem::exists(missing));
}

// The demo's elementary school and its first para, read from the database.
struct SchoolAndPara {
  Id school = 0;
  Id para = 0;
};

SchoolAndPara ElementaryAndItsPara(const std::string& db) {
  SchoolAndPara found;
  Result<std::unique_ptr<Store>> store = OpenStore("sqlite:" + db);
  if (!store) {
    ADD_FAILURE() << store.error().message;
    return found;
  }
  Result<void> read = (*store)->Read([&](Transaction& tx) -> Result<void> {
    const std::vector<School> schools = PARAPLAN_TRY(tx.ListSchools(std::nullopt, {}));
    for (const School& school : schools) {
      if (school.name.find("Elementary") != std::string::npos) found.school = school.id;
    }
    StaffFilter filter;
    filter.school_id = found.school;
    filter.role = StaffRole::kParaeducator;
    const std::vector<Staff> paras = PARAPLAN_TRY(tx.ListStaff(filter));
    if (!paras.empty()) found.para = paras.front().id;
    return {};
  });
  EXPECT_TRUE(read.has_value()) << read.error().message;
  return found;
}

std::size_t CountLines(const std::string& text, std::string_view start) {
  std::size_t count = 0;
  std::istringstream lines(text);
  for (std::string line; std::getline(lines, line);) count += line.starts_with(start) ? 1 : 0;
  return count;
}

TEST_F(Cli, schedule_and_replan_make_and_publish_a_stored_schools_week_and_an_absence) {
  UseDemo();
  const SchoolAndPara ids = ElementaryAndItsPara(db_);
  ASSERT_GT(ids.school, 0);
  ASSERT_GT(ids.para, 0);
  const Date monday = Date::Today().WeekStart().AddDays(7);
  const std::string school = std::to_string(ids.school);

  // Two starts: the stored form takes the search's flag too.
  const Outcome draft = Run(
      {"schedule", "--db", db_, "--school", school, "--week", monday.ToString(), "--starts", "2"});
  ASSERT_EQ(draft.exit_code, 0) << draft.err;
  EXPECT_NE(draft.out.find(fmt::format("for school {}, week of {}", school, monday.ToString())),
            std::string::npos)
      << draft.out;
  EXPECT_NE(draft.out.find("adult-support needs covered:"), std::string::npos) << draft.out;
  EXPECT_NE(draft.out.find("a draft"), std::string::npos) << draft.out;

  const Outcome published = Run({"schedule", "--db", db_, "--school", school, "--week",
                                 monday.AddDays(2).ToString(), "--publish"});
  ASSERT_EQ(published.exit_code, 0) << published.err;
  EXPECT_NE(published.out.find("published: the paras' assignments follow it"), std::string::npos)
      << published.out;

  const Date tuesday = monday.AddDays(1);
  const Outcome replan = Run({"replan", "--db", db_, "--date", tuesday.ToString(), "--absent",
                              std::to_string(ids.para), "--publish"});
  ASSERT_EQ(replan.exit_code, 0) << replan.err;
  // "re-plan N of DATE made in T ms: C changes, U needs not covered that
  // day, K of them left uncovered by the absence", then the changes, then
  // K lines for the needs the absence left and U - K for the others.
  const std::size_t at = replan.out.find(fmt::format(" of {} made in ", tuesday.ToString()));
  ASSERT_NE(at, std::string::npos) << replan.out;
  std::size_t uncovered = 0;
  std::size_t left = 0;
  ASSERT_EQ(std::sscanf(replan.out.c_str() + replan.out.find("changes, "),
                        "changes, %zu needs not covered that day, %zu of them", &uncovered, &left),
            2)
      << replan.out;
  EXPECT_GT(left, 0u) << "the demo's first para supports students on Tuesdays";
  EXPECT_EQ(CountLines(replan.out, "  left uncovered: "), left) << replan.out;
  EXPECT_EQ(CountLines(replan.out, "  not covered in the week's schedule either: "),
            uncovered - left)
      << replan.out;
  EXPECT_NE(replan.out.find("published: the paras' assignments for " + tuesday.ToString()),
            std::string::npos)
      << replan.out;

  // The para comes in after all: the day is the week's again.
  const Outcome back = Run({"replan", "--db", db_, "--date", tuesday.ToString(), "--back",
                            std::to_string(ids.para), "--publish"});
  ASSERT_EQ(back.exit_code, 0) << back.err;
  EXPECT_NE(back.out.find("0 changes, "), std::string::npos) << back.out;
  EXPECT_NE(back.out.find("0 of them left uncovered by the absence"), std::string::npos)
      << back.out;
  const Outcome again = Run({"replan", "--db", db_, "--date", tuesday.ToString(), "--back",
                             std::to_string(ids.para)});
  EXPECT_EQ(again.exit_code, 2) << again.out;
  EXPECT_NE(again.err.find("staff_id"), std::string::npos) << again.err;
  const Outcome neither = Run({"replan", "--db", db_, "--date", tuesday.ToString()});
  EXPECT_EQ(neither.exit_code, 2);
  EXPECT_NE(neither.err.find("--absent"), std::string::npos) << neither.err;

  // Away Wednesday to Friday: one update of the week, a line a day; past
  // the week's Friday is refused, named by the flag.
  const Date wednesday = monday.AddDays(2);
  const Outcome too_long = Run({"replan", "--db", db_, "--date", wednesday.ToString(), "--absent",
                                std::to_string(ids.para), "--through",
                                monday.AddDays(7).ToString()});
  EXPECT_EQ(too_long.exit_code, 2) << too_long.out;
  EXPECT_NE(too_long.err.find("--through"), std::string::npos) << too_long.err;
  const Outcome away = Run({"replan", "--db", db_, "--date", wednesday.ToString(), "--absent",
                            std::to_string(ids.para), "--through", monday.AddDays(4).ToString(),
                            "--publish"});
  ASSERT_EQ(away.exit_code, 0) << away.err;
  EXPECT_NE(away.out.find(fmt::format("away {} to {}", wednesday.ToString(),
                                      monday.AddDays(4).ToString())),
            std::string::npos)
      << away.out;
  EXPECT_EQ(CountLines(away.out, "  " + monday.AddDays(3).ToString() + ": "), 1u) << away.out;
  EXPECT_NE(away.out.find("published: the paras' assignments follow it, and each day away is leave"),
            std::string::npos)
      << away.out;
  auto store = OpenStore(db_);
  ASSERT_TRUE(store.has_value()) << store.error().message;
  std::unique_ptr<SecurityStore> security = MakeSecurityStore(*(*store)->sql_runner());
  for (const Date day : {wednesday, monday.AddDays(3), monday.AddDays(4)}) {
    Result<std::set<Id>> students = security->StudentsAssignedTo(ids.para, day);
    ASSERT_TRUE(students.has_value()) << students.error().message;
    EXPECT_TRUE(students->empty()) << "away on " << day.ToString();
  }
  Result<std::set<Id>> monday_students = security->StudentsAssignedTo(ids.para, monday);
  ASSERT_TRUE(monday_students.has_value());
  EXPECT_FALSE(monday_students->empty()) << "at work on Monday";

  // Nothing changed since: the week updated is the published week, slot for
  // slot. A week with nothing published has nothing to update.
  const Outcome update = Run({"schedule", "--db", db_, "--school", school, "--week",
                              monday.ToString(), "--update"});
  ASSERT_EQ(update.exit_code, 0) << update.err;
  EXPECT_NE(update.out.find("the published week updated in "), std::string::npos) << update.out;
  EXPECT_NE(update.out.find(", 0 para-blocks changed"), std::string::npos) << update.out;
  const Outcome none = Run({"schedule", "--db", db_, "--school", school, "--week",
                            monday.AddDays(14).ToString(), "--update"});
  EXPECT_EQ(none.exit_code, 2) << none.out;
  EXPECT_NE(none.err.find("update"), std::string::npos) << none.err;
}

TEST_F(Cli, schedule_and_replan_name_what_they_cannot_find) {
  for (const std::vector<std::string>& command :
       {std::vector<std::string>{"schedule", "--db", db_, "--school", "1", "--week", "2030-01-07"},
        std::vector<std::string>{"replan", "--db", db_, "--date", "2030-01-08", "--absent", "1"}}) {
    const Outcome missing = Run(command);
    EXPECT_EQ(missing.exit_code, 2) << command[0];
    EXPECT_NE(missing.err.find("there is no database at " + db_), std::string::npos) << missing.err;
    EXPECT_FALSE(std::filesystem::exists(db_)) << command[0] << " created an empty database";
  }
  UseDemo();
  const Outcome school =
      Run({"schedule", "--db", db_, "--school", "999999", "--week", "2030-01-07"});
  EXPECT_EQ(school.exit_code, 2);
  EXPECT_NE(school.err.find("school 999999 not found"), std::string::npos) << school.err;
  const Outcome week = Run({"schedule", "--db", db_, "--school", "1", "--week", "someday"});
  EXPECT_EQ(week.exit_code, 2);
  EXPECT_NE(week.err.find("--week"), std::string::npos) << week.err;
  const Outcome para = Run({"replan", "--db", db_, "--date", "2030-01-08", "--absent", "999999"});
  EXPECT_EQ(para.exit_code, 2);
  EXPECT_NE(para.err.find("staff member 999999 not found"), std::string::npos) << para.err;
}

// One para, one student who needs an adult with AAC in the first block.
const std::string kProblemFile =
    ReadFile(std::string(PARAPLAN_TEST_DATA) + "/schedule/small-problem.json");

TEST_F(Cli, schedule_solves_a_problem_file_and_replan_covers_an_absence_in_files) {
  const std::string problem = (dir_ / "problem.json").string();
  const std::string plan = (dir_ / "plan.json").string();
  const std::string replanned = (dir_ / "replan.json").string();
  std::ofstream(problem) << kProblemFile;
  // The greedy baseline gives the para's break the first block that fits,
  // where the student needs them; the optimizer puts it in the second.
  const Outcome greedy =
      Run({"schedule", "--problem", problem, "--out", plan, "--method", "greedy"});
  ASSERT_EQ(greedy.exit_code, 0) << greedy.err;
  const nlohmann::json baseline = nlohmann::json::parse(ReadFile(plan));
  EXPECT_TRUE(baseline["coverage"].empty()) << baseline;
  ASSERT_EQ(baseline["uncovered"].size(), 1u) << baseline;
  EXPECT_EQ(baseline["uncovered"][0]["reason"], "no_qualified_para_free");

  const Outcome solved = Run({"schedule", "--problem", problem, "--out", plan});
  ASSERT_EQ(solved.exit_code, 0) << solved.err;
  EXPECT_NE(solved.out.find("adult-support needs covered:        1 of 1"), std::string::npos)
      << solved.out;
  const nlohmann::json optimized = nlohmann::json::parse(ReadFile(plan));
  ASSERT_EQ(optimized["coverage"].size(), 1u) << optimized;
  EXPECT_EQ(optimized["coverage"][0]["para"], 5);
  EXPECT_EQ(optimized["coverage"][0]["student"], 7);
  EXPECT_EQ(optimized["coverage"][0]["supervisor"], 2);
  EXPECT_TRUE(optimized["uncovered"].empty());

  // The exact method proves the optimizer's plan is the optimum here.
  const Outcome exact =
      Run({"schedule", "--problem", problem, "--out", plan, "--method", "milp", "--seconds", "20"});
  ASSERT_EQ(exact.exit_code, 0) << exact.err;
  EXPECT_NE(exact.out.find(", proven optimal"), std::string::npos) << exact.out;
  EXPECT_EQ(nlohmann::json::parse(ReadFile(plan))["objective"], optimized["objective"]);

  // The para away on Monday: the re-plan lists the change and the need.
  const Outcome replan = Run({"replan", "--problem", problem, "--plan", plan, "--day", "monday",
                              "--absent", "5", "--out", replanned});
  ASSERT_EQ(replan.exit_code, 0) << replan.err;
  const nlohmann::json written = nlohmann::json::parse(ReadFile(replanned));
  ASSERT_EQ(written["uncovered"].size(), 1u) << written;
  EXPECT_EQ(written["uncovered"][0]["student"], 7);
  EXPECT_FALSE(written["changes"].empty()) << written;
}

// More starts search longer; a count out of range is refused by its flag.
TEST_F(Cli, schedule_takes_the_number_of_starts_and_refuses_one_out_of_range) {
  const std::string problem = (dir_ / "problem.json").string();
  const std::string plan = (dir_ / "plan.json").string();
  std::ofstream(problem) << kProblemFile;
  const Outcome longer = Run({"schedule", "--problem", problem, "--out", plan, "--starts", "4"});
  ASSERT_EQ(longer.exit_code, 0) << longer.err;
  EXPECT_NE(longer.out.find("adult-support needs covered:        1 of 1"), std::string::npos)
      << longer.out;
  std::filesystem::remove(plan);
  const Outcome refused = Run({"schedule", "--problem", problem, "--out", plan, "--starts", "0"});
  EXPECT_NE(refused.exit_code, 0);
  EXPECT_NE(refused.err.find("--starts"), std::string::npos) << refused.err;
  EXPECT_FALSE(std::filesystem::exists(plan)) << "no plan when the flag is refused";
}

TEST_F(Cli, schedule_names_the_field_of_a_problem_file_it_refuses) {
  const std::string problem = (dir_ / "problem.json").string();
  std::string text = kProblemFile;
  text.replace(text.find("\"adult_support\""), 15, "\"lots_of_help\"");
  std::ofstream(problem) << text;
  const Outcome refused =
      Run({"schedule", "--problem", problem, "--out", (dir_ / "plan.json").string()});
  EXPECT_EQ(refused.exit_code, 2) << refused.out;
  EXPECT_NE(refused.err.find("support"), std::string::npos) << refused.err;
  EXPECT_FALSE(std::filesystem::exists(dir_ / "plan.json")) << "no plan from a refused problem";
}

TEST(Progress, thousands_are_grouped_by_three_digits) {
  EXPECT_EQ(cli::Thousands(0), "0");
  EXPECT_EQ(cli::Thousands(999), "999");
  EXPECT_EQ(cli::Thousands(1000), "1,000");
  EXPECT_EQ(cli::Thousands(1234567), "1,234,567");
  EXPECT_EQ(cli::Thousands(-45000), "-45,000");
}

}  // namespace
}  // namespace paraplan
