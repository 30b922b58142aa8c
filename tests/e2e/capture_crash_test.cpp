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

#include "serve_support.h"
#include "store/capture_store.h"
#include "store/sql_runner.h"
#include "store/sqlite/sqlite_store.h"

namespace paraplan::e2e {
namespace {

using nlohmann::json;
namespace fs = std::filesystem;

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
  // Until the serve command exists there is no server to kill.
  if (!HasServeCommand()) GTEST_SKIP() << "the paraplan binary at " << Binary() << " has no serve command yet";
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
