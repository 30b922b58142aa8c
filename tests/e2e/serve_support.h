// Running the real `paraplan` binary for end-to-end tests and benchmarks:
// a command to completion, `paraplan serve` as a child process that can be
// killed with SIGKILL, the demo district's sign-in table, and signing in.
#pragma once

#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <optional>
#include <regex>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "http_client.h"
#include "store/sqlite/sqlite_store.h"
#include "store/store.h"

namespace paraplan::e2e {

// The binary under test: $PARAPLAN_BIN, else the one this build made.
inline std::string Binary() {
  if (const char* path = std::getenv("PARAPLAN_BIN")) return path;
#ifdef PARAPLAN_BINARY
  return PARAPLAN_BINARY;
#else
  return "paraplan";
#endif
}

// Runs a command to completion and returns its standard output.
inline std::string RunCommand(const std::vector<std::string>& arguments, int* exit_code) {
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

inline int FreePort() {
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
inline std::optional<Account> SignInFor(const std::string& demo_output, const std::string& role) {
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

class ServerProcess {
 public:
  ServerProcess(std::string database, int port) : database_(std::move(database)), port_(port) {}
  ~ServerProcess() { Kill(); }

  bool Start(const std::filesystem::path& log) {
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

inline std::optional<Credentials> SignIn(HttpClient& client, const Account& account) {
  nlohmann::json body = {{"email", account.email}, {"password", account.password}};
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
  nlohmann::json answer = nlohmann::json::parse(response->body, nullptr, false);
  if (answer.is_object()) {
    for (const char* key : {"csrf_token", "csrf"}) {
      if (answer.contains(key) && answer[key].is_string()) credentials.csrf = answer[key];
    }
  }
  return credentials;
}

// A student with an IEP service and goal the special educator may record for.
struct Target {
  Id staff_id = 0;
  Id student_id = 0;
  Id service_id = 0;
  Id goal_id = 0;
};

// `database` is what `paraplan serve --db` takes: a SQLite file or a
// postgresql:// URL.
inline std::optional<Target> FindTarget(const std::string& database, const std::string& email) {
  auto store = OpenStore(database);
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

// Whether the binary has the serve command (the top-level help lists it).
inline bool HasServeCommand() {
  int exit_code = 0;
  std::string help = RunCommand({Binary(), "--help"}, &exit_code);
  return exit_code == 0 && std::regex_search(help, std::regex(R"(\n\s+serve\b)"));
}

}  // namespace paraplan::e2e
