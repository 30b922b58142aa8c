// End-to-end tests of the demo, generate, check and migrate commands, run as
// a user would run them: the real binary on a real database file. The
// migrate tests move into PostgreSQL when PARAPLAN_TEST_POSTGRES_URL names a
// server (CTest's cli_migrate_on_postgresql), into another SQLite file
// otherwise.
#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "cli/progress.h"
#include "store/postgres/postgres_store.h"
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
    return server + (server.find('?') == std::string::npos ? "?" : "&") + "schema=" +
           target_schema_;
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
  std::vector<std::string> args = {PARAPLAN_BINARY, "generate", "--db",      db_,
                                   "--students",    "60000",    "--schools", "12",
                                   "--batch",       "100"};
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
}

TEST_F(Cli, demo_refuses_a_database_that_already_holds_a_district) {
  ASSERT_EQ(Run({"demo", "--db", db_}).exit_code, 0);
  const Outcome again = Run({"demo", "--db", db_});
  EXPECT_EQ(again.exit_code, 2);
  EXPECT_NE(again.err.find("already holds"), std::string::npos) << again.err;
}

TEST_F(Cli, check_exits_one_and_names_kind_id_and_field_of_a_cross_school_enrolment) {
  ASSERT_EQ(Run({"demo", "--db", db_}).exit_code, 0);
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

TEST_F(Cli, generate_refuses_a_seed_whose_district_is_already_in_the_database) {
  const std::vector<std::string> args = {"generate", "--db",      db_, "--students",
                                         "60",       "--schools", "1", "--seed", "9"};
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
  ASSERT_EQ(Run({"demo", "--db", db_}).exit_code, 0);
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

TEST(Progress, thousands_are_grouped_by_three_digits) {
  EXPECT_EQ(cli::Thousands(0), "0");
  EXPECT_EQ(cli::Thousands(999), "999");
  EXPECT_EQ(cli::Thousands(1000), "1,000");
  EXPECT_EQ(cli::Thousands(1234567), "1,234,567");
  EXPECT_EQ(cli::Thousands(-45000), "-45,000");
}

}  // namespace
}  // namespace paraplan
