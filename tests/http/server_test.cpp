// The transport and the App over real HTTP: security headers, the error
// body for every kind of bad input, limits, the UI's files, graceful stop.
#include <fmt/format.h>
#include <gtest/gtest.h>

#include <atomic>
#include <fstream>
#include <future>
#include <map>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "http/json_body.h"
#include "http/static_files.h"
#include "support/test_server.h"

namespace paraplan::testing {
namespace {

using nlohmann::json;

// A probe route that echoes a strictly read body, for the input-error cases.
void AddEchoRoute(http::Router& router) {
  router.Add(
      http::Method::kPost, "/api/v1/probe/{id}",
      [](const http::Request& request, http::Context&) -> Result<http::Response> {
        Id id = PARAPLAN_TRY(request.PathId("id"));
        std::string name;
        std::int64_t count = 0;
        PARAPLAN_TRY(http::ReadJsonObject(request, [&](json_reader::Reader& reader, const json&) {
          reader.RefuseUnknown({"name", "count"});
          reader.Text("name", name, true);
          reader.Int("count", count, false);
        }));
        return http::Response::Json(200, {{"id", id}, {"name", name}, {"count", count}});
      },
      http::Access::kPublic);
}

class Server : public ::testing::Test {
 protected:
  Server() : server_({}, AddEchoRoute) {}

  HttpResponse Probe(std::string_view target, std::string_view body,
                     std::string content_type = "application/json") {
    return client_.Send("POST", target, {{"Content-Type", content_type}}, body);
  }

  void ExpectErrorBody(const HttpResponse& response, int status, std::string_view code) {
    EXPECT_EQ(response.status, status) << response.body;
    json body = response.Json();
    ASSERT_TRUE(body.is_object()) << response.body;
    EXPECT_EQ(body["error"]["code"], code) << response.body;
    EXPECT_TRUE(body["error"]["message"].is_string());
    EXPECT_TRUE(body["error"]["fields"].is_array());
    EXPECT_EQ(body["error"]["request_id"], response.Header("X-Request-Id").value_or("?"));
  }

  TestServer server_;
  HttpClient client_{server_.port()};
};

// Requests at once on the server's threads: every read is answered, and
// every one has its own audit entry, committed before the answer (the
// entries of requests that arrive together share a commit).
TEST_F(Server, concurrent_student_reads_are_each_answered_and_audited_once) {
  server_.AddAccount(AccountKind::kStaff, server_.roster().administrator, "ada@example.org",
                     kGoodPassword);
  SignedInClient who = server_.SignIn(client_, "ada@example.org", kGoodPassword);
  ASSERT_EQ(who.status, 201) << who.body.dump();
  constexpr int kClients = 24;
  constexpr int kReads = 8;
  const std::string target = fmt::format("/api/v1/students/{}", server_.roster().student);
  std::vector<std::future<std::vector<std::string>>> clients;
  for (int c = 0; c < kClients; ++c) {
    clients.push_back(std::async(std::launch::async, [&] {
      HttpClient client(server_.port());
      std::vector<std::string> request_ids;
      for (int r = 0; r < kReads; ++r) {
        HttpResponse response = client.Send("GET", target, who.Headers(false));
        EXPECT_EQ(response.status, 200) << response.body;
        request_ids.push_back(response.Header("X-Request-Id").value_or(""));
      }
      return request_ids;
    }));
  }
  std::set<std::string> answered;
  for (auto& client : clients) {
    for (const std::string& id : client.get()) answered.insert(id);
  }
  ASSERT_EQ(answered.size(), static_cast<std::size_t>(kClients * kReads));
  AuditFilter filter;
  filter.district_id = server_.roster().district;
  filter.student_id = server_.roster().student;
  filter.limit = 1000;
  const std::vector<AuditRecord> audit = server_.db().security().ListAudit(filter).value();
  std::map<std::string, int> entries;
  for (const AuditRecord& record : audit) {
    if (record.route == "/api/v1/students/{id}") ++entries[record.request_id];
  }
  EXPECT_EQ(entries.size(), answered.size());
  for (const std::string& id : answered) EXPECT_EQ(entries[id], 1) << id;
}

TEST_F(Server, every_response_carries_the_security_headers) {
  for (const char* target : {"/api/v1/session", "/api/v1/nothing-here", "/no-ui-configured"}) {
    HttpResponse response = client_.Send("GET", target);
    std::string csp = response.Header("Content-Security-Policy").value_or("");
    EXPECT_NE(csp.find("default-src 'self'"), std::string::npos) << target;
    EXPECT_NE(csp.find("frame-ancestors 'none'"), std::string::npos) << target;
    EXPECT_EQ(csp.find("http"), std::string::npos) << "no third-party source: " << csp;
    EXPECT_EQ(response.Header("X-Content-Type-Options"), "nosniff") << target;
    EXPECT_EQ(response.Header("Referrer-Policy"), "no-referrer") << target;
    EXPECT_EQ(response.Header("Cache-Control"), "no-store") << target;
  }
}

TEST_F(Server, an_anonymous_request_to_a_signed_in_route_is_401) {
  ExpectErrorBody(client_.Send("GET", "/api/v1/me/sessions"), 401, "unauthenticated");
}

TEST_F(Server, an_unknown_cookie_is_401_not_a_crash) {
  ExpectErrorBody(
      client_.Send("GET", "/api/v1/session", {{"Cookie", "__Host-paraplan_session=made-up"}}), 401,
      "unauthenticated");
}

TEST_F(Server, an_unknown_route_is_404_with_the_error_body) {
  ExpectErrorBody(client_.Send("GET", "/api/v1/nothing-here"), 404, "not_found");
}

TEST_F(Server, a_known_route_under_another_method_is_405_with_allow) {
  HttpResponse response = client_.Send("PATCH", "/api/v1/session");
  ExpectErrorBody(response, 405, "failed_precondition");
  EXPECT_NE(response.Header("Allow").value_or("").find("POST"), std::string::npos);
}

TEST_F(Server, malformed_json_is_400) {
  ExpectErrorBody(Probe("/api/v1/probe/1", "{\"name\": "), 400, "invalid_argument");
}

TEST_F(Server, a_body_that_is_not_sent_as_json_is_400) {
  ExpectErrorBody(Probe("/api/v1/probe/1", "name=x", "application/x-www-form-urlencoded"), 400,
                  "invalid_argument");
}

TEST_F(Server, a_wrong_type_is_422_naming_the_field) {
  HttpResponse response = Probe("/api/v1/probe/1", R"({"name": 7})");
  ExpectErrorBody(response, 422, "invalid_argument");
  EXPECT_EQ(response.Json()["error"]["fields"][0]["field"], "name");
  EXPECT_EQ(response.Json()["error"]["fields"][0]["reason"], "must be a string");
}

TEST_F(Server, an_unknown_field_is_422_naming_it) {
  HttpResponse response = Probe("/api/v1/probe/1", R"({"name": "x", "admin": true})");
  ExpectErrorBody(response, 422, "invalid_argument");
  EXPECT_EQ(response.Json()["error"]["fields"][0]["field"], "admin");
}

TEST_F(Server, every_problem_of_a_body_is_named_at_once) {
  HttpResponse response = Probe("/api/v1/probe/1", R"({"count": "three", "extra": 1})");
  EXPECT_EQ(response.Json()["error"]["fields"].size(), 3u) << response.body;
}

TEST_F(Server, a_bad_id_is_404) {
  for (const char* target : {"/api/v1/probe/abc", "/api/v1/probe/0", "/api/v1/probe/-4",
                             "/api/v1/probe/99999999999999999999999"}) {
    ExpectErrorBody(Probe(target, R"({"name": "x"})"), 404, "not_found");
  }
}

TEST_F(Server, a_body_over_one_mebibyte_is_413_with_the_error_body) {
  std::string huge = R"({"name": ")" + std::string(1024 * 1024 + 10, 'a') + R"("})";
  ExpectErrorBody(Probe("/api/v1/probe/1", huge), 413, "resource_exhausted");
}

TEST_F(Server, deeply_nested_json_is_400_not_a_stack_overflow) {
  std::string deep = std::string(100000, '[') + std::string(100000, ']');
  ExpectErrorBody(Probe("/api/v1/probe/1", deep), 400, "invalid_argument");
}

TEST_F(Server, a_broken_percent_escape_in_the_path_is_400) {
  ExpectErrorBody(Probe("/api/v1/probe/%zz", R"({"name": "x"})"), 400, "invalid_argument");
}

TEST_F(Server, a_good_request_is_answered_on_a_kept_alive_connection) {
  for (int i = 0; i < 3; ++i) {
    HttpResponse response = Probe("/api/v1/probe/7", R"({"name": "x", "count": 2})");
    ASSERT_EQ(response.status, 200) << response.body;
    EXPECT_EQ(response.Json()["id"], 7);
  }
}

TEST(ServerStop, a_request_in_flight_finishes_when_the_server_stops) {
  std::promise<void> entered;
  std::atomic<bool> entered_once{false};
  TestServer server({}, [&](http::Router& router) {
    router.Add(
        http::Method::kGet, "/api/v1/slow",
        [&](const http::Request&, http::Context&) -> Result<http::Response> {
          if (!entered_once.exchange(true)) entered.set_value();
          std::this_thread::sleep_for(std::chrono::milliseconds(300));
          return http::Response::Json(200, {{"done", true}});
        },
        http::Access::kPublic);
  });
  HttpClient client(server.port());
  std::future<HttpResponse> slow =
      std::async(std::launch::async, [&] { return client.Send("GET", "/api/v1/slow"); });
  entered.get_future().wait();
  server.server().Stop();
  HttpResponse response = slow.get();
  EXPECT_EQ(response.status, 200);
  EXPECT_EQ(response.Json()["done"], true);
  HttpClient late(server.port());
  EXPECT_EQ(late.Send("GET", "/api/v1/slow").status, 0);  // no longer accepting
}

// A long route (Work::kLong) that blocks until the test opens the gate.
struct Gate {
  std::promise<void> open;
  std::shared_future<void> opened = open.get_future().share();
  std::promise<void> entered;
  std::atomic<bool> entered_once{false};

  void AddLongRoute(http::Router& router) {
    router.Add(
        http::Method::kPost, "/api/v1/long",
        [this](const http::Request&, http::Context&) -> Result<http::Response> {
          if (!entered_once.exchange(true)) entered.set_value();
          // Bounded, so a broken server fails the test instead of hanging it.
          opened.wait_for(std::chrono::seconds(20));
          return http::Response::Json(200, {{"done", true}});
        },
        http::Access::kPublic, http::Work::kLong);
  }
};

std::future<HttpResponse> SendLong(std::uint16_t port) {
  return std::async(std::launch::async, [port] {
    HttpClient client(port);
    return client.Send("POST", "/api/v1/long");
  });
}

bool Ready(const std::future<HttpResponse>& response, std::chrono::milliseconds within) {
  return response.wait_for(within) == std::future_status::ready;
}

TEST(ServerLongWork, long_requests_do_not_hold_the_threads_quick_requests_need) {
  Gate gate;
  TestServer server({}, [&](http::Router& router) { gate.AddLongRoute(router); });
  // More long requests than the server has long-work threads (one): one
  // runs and two wait for it.
  std::vector<std::future<HttpResponse>> long_requests;
  for (int i = 0; i < 3; ++i) long_requests.push_back(SendLong(server.port()));
  gate.entered.get_future().wait();
  for (int attempt = 0; attempt < 2000 && server.server().long_work_waiting() < 2; ++attempt) {
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  ASSERT_EQ(server.server().long_work_waiting(), 2u) << "the other long requests never waited";
  std::future<HttpResponse> quick = std::async(std::launch::async, [&] {
    HttpClient client(server.port());
    return client.Send("GET", "/api/v1/nothing-here");
  });
  const bool answered = Ready(quick, std::chrono::seconds(5));
  gate.open.set_value();
  ASSERT_TRUE(answered) << "a quick request waited behind long ones";
  EXPECT_EQ(quick.get().status, 404);
  for (std::future<HttpResponse>& response : long_requests) {
    HttpResponse answer = response.get();
    EXPECT_EQ(answer.status, 200) << answer.body;
    EXPECT_EQ(answer.Json()["done"], true);
  }
}

TEST(ServerLongWork, a_long_request_beyond_the_queue_gets_503_with_retry_after) {
  Gate gate;
  TestServer server({}, [&](http::Router& router) { gate.AddLongRoute(router); });
  std::vector<std::future<HttpResponse>> answers;
  answers.push_back(SendLong(server.port()));
  gate.entered.get_future().wait();  // one runs; the next eight wait; the last is refused
  for (int i = 0; i < 9; ++i) answers.push_back(SendLong(server.port()));
  int refused = -1;
  for (int attempt = 0; attempt < 500 && refused < 0; ++attempt) {
    for (std::size_t i = 1; i < answers.size(); ++i) {
      if (Ready(answers[i], std::chrono::milliseconds(0))) refused = static_cast<int>(i);
    }
    if (refused < 0) std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  gate.open.set_value();
  ASSERT_GE(refused, 1) << "no long request was refused";
  HttpResponse busy = answers[refused].get();
  EXPECT_EQ(busy.status, 503) << busy.body;
  EXPECT_EQ(busy.Json()["error"]["code"], "unavailable");
  EXPECT_EQ(busy.Header("Retry-After"), "5");
  EXPECT_EQ(busy.Json()["error"]["request_id"], busy.Header("X-Request-Id").value_or("?"));
  int done = 0;
  for (std::size_t i = 0; i < answers.size(); ++i) {
    if (static_cast<int>(i) == refused) continue;
    done += answers[i].get().status == 200 ? 1 : 0;
  }
  EXPECT_EQ(done, 9);
}

TEST(ServerLongWork, a_waiting_long_request_is_answered_when_the_server_stops) {
  Gate gate;
  TestServer server({}, [&](http::Router& router) { gate.AddLongRoute(router); });
  std::future<HttpResponse> running = SendLong(server.port());
  gate.entered.get_future().wait();
  std::future<HttpResponse> waiting = SendLong(server.port());
  // The server has read the second request and queued it (a request still
  // unread when the server stops has its connection closed unanswered).
  for (int attempt = 0; attempt < 2000 && server.server().long_work_waiting() == 0; ++attempt) {
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  ASSERT_EQ(server.server().long_work_waiting(), 1u) << "the second long request never waited";
  std::thread stop([&] { server.server().Stop(); });
  gate.open.set_value();
  stop.join();
  EXPECT_EQ(running.get().status, 200);
  EXPECT_EQ(waiting.get().status, 200);
}

class StaticUi : public ::testing::Test {
 protected:
  void SetUp() override {
    root_ = std::filesystem::temp_directory_path() / ("paraplan-ui-" + std::to_string(::getpid()));
    std::filesystem::create_directories(root_ / "assets");
    std::ofstream(root_ / "index.html") << "<!doctype html><title>paraplan</title>";
    std::ofstream(root_ / "assets" / "app-1234.js") << "console.log(1)";
    std::ofstream(root_.parent_path() / "secret.txt") << "secret";
  }
  void TearDown() override { std::filesystem::remove_all(root_); }
  std::filesystem::path root_;
};

TEST_F(StaticUi, files_get_their_content_type_and_app_routes_get_index_html) {
  http::StaticFiles files(root_);
  std::optional<http::Response> script = files.Serve("/assets/app-1234.js");
  ASSERT_TRUE(script);
  EXPECT_EQ(script->headers.Get("Content-Type"), "text/javascript; charset=utf-8");
  std::optional<http::Response> route = files.Serve("/students/7");
  ASSERT_TRUE(route);
  EXPECT_EQ(route->headers.Get("Content-Type"), "text/html; charset=utf-8");
}

TEST_F(StaticUi, a_path_that_climbs_out_of_the_directory_gets_index_html) {
  http::StaticFiles files(root_);
  std::optional<http::Response> climbed = files.Serve("/../secret.txt");
  ASSERT_TRUE(climbed);
  EXPECT_EQ(climbed->body.find("secret"), std::string::npos);
}

}  // namespace
}  // namespace paraplan::testing
