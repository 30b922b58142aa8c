// The kill -9 test of issue 7: a client writes service sessions and goal
// observations (single records and sync batches) in a loop while the
// `paraplan serve` process is killed with SIGKILL and restarted several
// times. Afterwards every record that got a 2xx answer is in the database,
// and the database passes its integrity check.
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <random>
#include <regex>
#include <set>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include <fmt/format.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "http_client.h"
#include "store/capture_store.h"
#include "store/sql_runner.h"
#include "store/sqlite/sqlite_store.h"

namespace paraplan::e2e {
namespace {

using nlohmann::json;
namespace fs = std::filesystem;

std::string Binary() {
  if (const char* path = std::getenv("PARAPLAN_BIN")) return path;
  return PARAPLAN_BINARY;
}

// Runs a command to completion and returns its standard output.
std::string RunCommand(const std::vector<std::string>& arguments, int* exit_code) {
  int pipe_fds[2];
  if (::pipe(pipe_fds) != 0) return "";
  pid_t pid = ::fork();
  if (pid == 0) {
    ::dup2(pipe_fds[1], STDOUT_FILENO);
    ::close(pipe_fds[0]);
    ::close(pipe_fds[1]);
    std::vector<char*> argv;
    for (const std::string& argument : arguments) argv.push_back(const_cast<char*>(argument.c_str()));
    argv.push_back(nullptr);
    ::execv(argv[0], argv.data());
    ::_exit(127);
  }
  ::close(pipe_fds[1]);
  std::string output;
  char chunk[4096];
  ssize_t got;
  while ((got = ::read(pipe_fds[0], chunk, sizeof(chunk))) > 0) output.append(chunk, static_cast<std::size_t>(got));
  ::close(pipe_fds[0]);
  int status = 0;
  ::waitpid(pid, &status, 0);
  *exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return output;
}

int FreePort() {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  address.sin_port = 0;
  ::bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof(address));
  socklen_t length = sizeof(address);
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length);
  int port = ntohs(address.sin_port);
  ::close(fd);
  return port;
}

struct Account {
  std::string email;
  std::string password;
};

// Finds the sign-in line for `role` in the table `paraplan demo` prints.
std::optional<Account> SignInFor(const std::string& demo_output, const std::string& role) {
  std::istringstream lines(demo_output);
  std::string line;
  std::regex email_pattern(R"([\w.+-]+@[\w.-]+\.\w+)");
  while (std::getline(lines, line)) {
    std::string lowered;
    for (char c : line) lowered += (c == ' ' || c == '-') ? '_' : static_cast<char>(std::tolower(c));
    if (lowered.find(role) == std::string::npos) continue;
    std::smatch match;
    if (!std::regex_search(line, match, email_pattern)) continue;
    Account account{match.str(), ""};
    std::istringstream rest(line.substr(static_cast<std::size_t>(match.position() + match.length())));
    std::string token;
    while (rest >> token) {
      if (token.size() >= 12 && token != "|") {
        account.password = token;
        break;
      }
    }
    if (!account.password.empty()) return account;
  }
  return std::nullopt;
}

// A student with an IEP service and goal the special educator may record for.
struct Target {
  Id staff_id = 0;
  Id student_id = 0;
  Id service_id = 0;
  Id goal_id = 0;
};

std::optional<Target> FindTarget(const std::string& database, const std::string& email) {
  auto store = OpenSqliteStore(database);
  if (!store) return std::nullopt;
  std::optional<Target> target;
  auto read = (*store)->Read([&](Transaction& tx) -> Result<void> {
    StaffFilter staff_filter;
    staff_filter.role = StaffRole::kSpecialEducator;
    staff_filter.page.limit = 1000;
    auto staff = tx.ListStaff(staff_filter);
    if (!staff) return Fail(staff.error());
    for (const Staff& member : *staff) {
      if (member.email != email) continue;
      StudentFilter student_filter;
      student_filter.case_manager_id = member.id;
      student_filter.page.limit = 200;
      auto students = tx.ListStudents(student_filter);
      if (!students) return Fail(students.error());
      for (const Student& student : *students) {
        auto ieps = tx.ListIeps(student.id);
        if (!ieps) return Fail(ieps.error());
        for (const Iep& iep : *ieps) {
          if (iep.status != IepStatus::kActive || iep.services.empty() || iep.goals.empty()) continue;
          target = Target{member.id, student.id, iep.services[0].id, iep.goals[0].id};
          return {};
        }
      }
    }
    return {};
  });
  if (!read) return std::nullopt;
  return target;
}

class ServerProcess {
 public:
  ServerProcess(std::string database, int port) : database_(std::move(database)), port_(port) {}
  ~ServerProcess() { Kill(); }

  bool Start(const fs::path& log) {
    pid_ = ::fork();
    if (pid_ == 0) {
      FILE* out = std::fopen(log.c_str(), "a");
      if (out) {
        ::dup2(fileno(out), STDOUT_FILENO);
        ::dup2(fileno(out), STDERR_FILENO);
      }
      std::string binary = Binary();
      std::string listen = fmt::format("127.0.0.1:{}", port_);
      std::vector<const char*> argv = {binary.c_str(), "serve", "--db", database_.c_str(), "--listen",
                                       listen.c_str(), "--insecure-cookies", nullptr};
      ::execv(argv[0], const_cast<char* const*>(argv.data()));
      ::_exit(127);
    }
    // Wait until it answers.
    auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
    while (std::chrono::steady_clock::now() < deadline) {
      HttpClient probe(port_, 1000);
      if (auto response = probe.Send("GET", "/api/v1/session"); response && response->status < 500) return true;
      int status = 0;
      if (::waitpid(pid_, &status, WNOHANG) == pid_) {
        pid_ = -1;
        return false;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    return false;
  }

  void Kill() {
    if (pid_ <= 0) return;
    ::kill(pid_, SIGKILL);
    int status = 0;
    ::waitpid(pid_, &status, 0);
    pid_ = -1;
  }

  pid_t pid() const { return pid_; }

 private:
  std::string database_;
  int port_;
  pid_t pid_ = -1;
};

struct Credentials {
  std::string cookie;
  std::string csrf;
};

std::optional<Credentials> SignIn(HttpClient& client, const Account& account) {
  json body = {{"email", account.email}, {"password", account.password}};
  auto response = client.Send("POST", "/api/v1/session", body.dump());
  if (!response || response->status / 100 != 2) return std::nullopt;
  Credentials credentials;
  for (const auto& [name, value] : response->headers) {
    std::string lowered;
    for (char c : name) lowered += static_cast<char>(std::tolower(c));
    if (lowered != "set-cookie") continue;
    if (!credentials.cookie.empty()) credentials.cookie += "; ";
    credentials.cookie += value.substr(0, value.find(';'));
  }
  json answer = json::parse(response->body, nullptr, false);
  if (answer.is_object()) {
    for (const char* key : {"csrf_token", "csrf"}) {
      if (answer.contains(key) && answer[key].is_string()) credentials.csrf = answer[key];
    }
  }
  return credentials;
}

std::string Uuid(std::mt19937_64& random) {
  std::uint64_t high = random();
  std::uint64_t low = random();
  return fmt::format("{:08x}-{:04x}-4{:03x}-8{:03x}-{:012x}", high >> 32, (high >> 16) & 0xffff,
                     high & 0xfff, (low >> 48) & 0xfff, low & 0xffffffffffffULL);
}

json SessionRecord(const Target& target, const std::string& id, const std::string& today) {
  return {{"id", id}, {"kind", "service_session"}, {"created_at", today + "T09:30:00Z"},
          {"student_id", target.student_id}, {"service_id", target.service_id}, {"date", today},
          {"start", "09:00"}, {"minutes", 20}, {"provider_id", target.staff_id}};
}

json ObservationRecord(const Target& target, const std::string& id, const std::string& today) {
  return {{"id", id}, {"kind", "goal_observation"}, {"created_at", today + "T09:31:00Z"},
          {"student_id", target.student_id}, {"goal_id", target.goal_id}, {"date", today},
          {"method", "percent_of_trials"},
          {"trials", json::array({{{"prompt", "verbal"}, {"result", "correct"}},
                                  {{"prompt", "independent"}, {"result", "incorrect"}}})}};
}

TEST(CaptureCrash, every_acknowledged_record_survives_kill_9_and_the_database_is_sound) {
  fs::path directory = fs::temp_directory_path() / fmt::format("paraplan-crash-{}", ::getpid());
  fs::create_directories(directory);
  std::string database = (directory / "crash.db").string();
  int exit_code = 0;
  std::string help = RunCommand({Binary(), "--help"}, &exit_code);
  // Until the serve command exists there is no server to kill; a missing
  // binary is a failure.
  ASSERT_NE(exit_code, 127) << "no paraplan binary at " << Binary();
  if (!std::regex_search(help, std::regex(R"(\n\s+serve\b)"))) {
    GTEST_SKIP() << "the paraplan binary has no serve command yet";
  }
  std::string demo = RunCommand({Binary(), "demo", "--db", database}, &exit_code);
  ASSERT_EQ(exit_code, 0) << demo;
  std::optional<Account> account = SignInFor(demo, "special_educator");
  ASSERT_TRUE(account) << "paraplan demo printed no special educator sign-in:\n" << demo;
  std::optional<Target> target = FindTarget(database, account->email);
  ASSERT_TRUE(target) << "the demo special educator has no student with a service and a goal";

  const std::string today = Date::Today().ToString();
  std::mt19937_64 random(20261125);
  std::set<std::string> acknowledged;
  int port = FreePort();
  ServerProcess server(database, port);
  constexpr int kRestarts = 5;
  for (int round = 0; round < kRestarts; ++round) {
    ASSERT_TRUE(server.Start(directory / "server.log")) << "paraplan serve did not start";
    HttpClient client(port, 5000);
    std::optional<Credentials> credentials = SignIn(client, *account);
    ASSERT_TRUE(credentials) << "sign-in failed";
    std::vector<std::pair<std::string, std::string>> headers = {{"Cookie", credentials->cookie},
                                                                {"X-CSRF-Token", credentials->csrf}};
    // Kill the server at a random moment while the client is writing.
    std::atomic<bool> killed = false;
    pid_t pid = server.pid();
    auto delay = std::chrono::milliseconds(400 + random() % 800);
    std::thread killer([&killed, pid, delay] {
      std::this_thread::sleep_for(delay);
      ::kill(pid, SIGKILL);
      killed = true;
    });
    // Failures are noted and checked after the killer is joined.
    std::string failure;
    int sent = 0;
    while (!killed || sent < 3) {
      ++sent;
      if (sent % 5 == 0) {
        json records = json::array();
        for (int i = 0; i < 20; ++i) {
          std::string id = Uuid(random);
          records.push_back(i % 2 ? ObservationRecord(*target, id, today) : SessionRecord(*target, id, today));
        }
        auto response = client.Send("POST", "/api/v1/sync", json{{"records", records}}.dump(), headers);
        if (!response) break;
        if (response->status != 200) {
          failure = fmt::format("sync answered {}: {}", response->status, response->body);
          break;
        }
        json answer = json::parse(response->body, nullptr, false);
        for (const json& result : answer["results"]) {
          if (result["status"].get<int>() / 100 == 2) acknowledged.insert(result["id"].get<std::string>());
        }
        continue;
      }
      std::string id = Uuid(random);
      json record = sent % 2 ? ObservationRecord(*target, id, today) : SessionRecord(*target, id, today);
      auto response = client.Send("POST", "/api/v1/captures", record.dump(), headers);
      if (!response) break;  // killed mid-request: no acknowledgement
      if (response->status / 100 != 2) {
        failure = fmt::format("capture answered {}: {}", response->status, response->body);
        break;
      }
      acknowledged.insert(id);
    }
    killer.join();
    server.Kill();
    ASSERT_EQ(failure, "");
  }

  ASSERT_GT(acknowledged.size(), 20u) << "too few writes to mean anything";
  auto store = OpenSqliteStore(database);
  ASSERT_TRUE(store) << store.error().message;
  ASSERT_TRUE((*store)->CheckIntegrity()) << (*store)->CheckIntegrity().error().message;
  auto captures = MakeCaptureStore(*(*store)->sql_runner());
  std::size_t missing = 0;
  for (const std::string& id : acknowledged) {
    if (!captures->Get(id)) ++missing;
  }
  EXPECT_EQ(missing, 0u) << "of " << acknowledged.size() << " acknowledged records";
  store->reset();
  fs::remove_all(directory);
}

}  // namespace
}  // namespace paraplan::e2e
