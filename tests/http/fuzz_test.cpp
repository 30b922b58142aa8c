// A bounded, seeded random fuzz of the request path: raw bytes through the
// server's HTTP parser, and structured requests through the App's routing,
// authentication, JSON body parsing and strict field readers. Run under the
// sanitizers by `make test`; a crash, a sanitizer report, a 5xx or an error
// without the standard body fails it.
#include <gtest/gtest.h>

#include <random>

#include "http/json_body.h"
#include "support/test_server.h"

namespace paraplan::testing {
namespace {

using nlohmann::json;

constexpr int kStructuredCases = 3000;
constexpr int kRawCases = 300;

std::string Pick(std::mt19937& random, const std::vector<std::string>& choices) {
  return choices[std::uniform_int_distribution<std::size_t>(0, choices.size() - 1)(random)];
}

std::string RandomBytes(std::mt19937& random, std::size_t max_length) {
  std::string bytes(std::uniform_int_distribution<std::size_t>(0, max_length)(random), '\0');
  for (char& c : bytes) c = static_cast<char>(std::uniform_int_distribution<int>(0, 255)(random));
  return bytes;
}

// Mutates a valid JSON text: flips, drops and duplicates characters.
std::string Mutate(std::mt19937& random, std::string text) {
  int edits = std::uniform_int_distribution<int>(0, 4)(random);
  for (int i = 0; i < edits && !text.empty(); ++i) {
    std::size_t at = std::uniform_int_distribution<std::size_t>(0, text.size() - 1)(random);
    switch (std::uniform_int_distribution<int>(0, 3)(random)) {
      case 0:
        text[at] = static_cast<char>(std::uniform_int_distribution<int>(0, 255)(random));
        break;
      case 1:
        text.erase(at, 1);
        break;
      case 2:
        text.insert(at, 1, text[at]);
        break;
      default:
        text.insert(at,
                    Pick(random, {"{", "}", "[", "]", "\"", ",", ":", "\\u0000", "null", "1e999"}));
        break;
    }
  }
  return text;
}

json RandomValue(std::mt19937& random, int depth = 0) {
  switch (std::uniform_int_distribution<int>(0, depth > 2 ? 4 : 6)(random)) {
    case 0:
      return nullptr;
    case 1:
      return std::uniform_int_distribution<std::int64_t>(INT64_MIN, INT64_MAX)(random);
    case 2:
      return std::uniform_real_distribution<double>(-1e300, 1e300)(random);
    case 3:
      return Pick(random, {"", "x", "2026-02-30", "read", "read_write", "pia@example.org",
                           std::string(300, 'z')});
    case 4:
      return std::uniform_int_distribution<int>(0, 1)(random) == 1;
    case 5: {
      json array = json::array();
      for (int i = 0; i < 3; ++i) array.push_back(RandomValue(random, depth + 1));
      return array;
    }
    default: {
      json object = json::object();
      for (const char* key : {"email", "password", "name", "scope", "expires_in_days", "x"}) {
        if (std::uniform_int_distribution<int>(0, 2)(random) == 0)
          object[key] = RandomValue(random, depth + 1);
      }
      return object;
    }
  }
}

TEST(Fuzz, random_requests_get_a_documented_answer_and_never_a_crash) {
  TestServer server;
  server.AddAccount(AccountKind::kStaff, server.roster().para, "pia@example.org", kGoodPassword);
  std::mt19937 random(20261125);
  const std::vector<std::string> methods = {"GET",    "POST", "PUT",     "PATCH",
                                            "DELETE", "HEAD", "OPTIONS", "BREW"};
  const std::vector<std::string> paths = {"/api/v1/session",
                                          "/api/v1/me/sessions",
                                          "/api/v1/me/sessions/1",
                                          "/api/v1/me/sessions/x",
                                          "/api/v1/me/tokens",
                                          "/api/v1/me/tokens/-1",
                                          "/api/v1/me/password",
                                          "/api/v1/students/1",
                                          "/api",
                                          "/api/",
                                          "/api/v1//session",
                                          "/api/v1/session/",
                                          "/",
                                          "/../../etc/passwd",
                                          "/api/v1/me/tokens/99999999999999999999"};
  for (int i = 0; i < kStructuredCases; ++i) {
    http::Request request;
    request.method = http::ParseMethod(Pick(random, methods));
    request.path = Pick(random, paths);
    request.client_address = "127.0.0." + std::to_string(i % 7);
    if (random() % 2)
      request.headers.Add("Content-Type", Pick(random, {"application/json", "text/plain", ""}));
    if (random() % 3 == 0)
      request.headers.Add("Cookie", "__Host-paraplan_session=" + RandomBytes(random, 40));
    if (random() % 5 == 0)
      request.headers.Add("Authorization",
                          Pick(random, {"Bearer ", "Bearer ppt_x", "Basic abc", ""}));
    if (random() % 4 == 0) request.headers.Add("X-CSRF-Token", RandomBytes(random, 20));
    switch (random() % 3) {
      case 0:
        request.body = RandomValue(random).dump();
        break;
      case 1:
        request.body = Mutate(random, RandomValue(random).dump());
        break;
      default:
        request.body = RandomBytes(random, 64);
        break;
    }
    http::Response response = server.api().app().Handle(request);
    ASSERT_GE(response.status, 200) << i;
    ASSERT_LT(response.status, 500) << i << " " << response.body;
    if (response.status >= 400 && request.method != http::Method::kHead) {
      json body = json::parse(response.body, nullptr, false);
      ASSERT_TRUE(body.is_object() && body.contains("error")) << i << " " << response.body;
    }
  }
}

TEST(Fuzz, random_bytes_on_the_wire_never_crash_the_server) {
  TestServer server;
  std::mt19937 random(42);
  for (int i = 0; i < kRawCases; ++i) {
    HttpClient client(server.port());
    std::string bytes;
    switch (i % 3) {
      case 0:
        bytes = RandomBytes(random, 300);
        break;
      case 1: {
        // The declared length matches the body, except now and then a body
        // cut short, which the server's read timeout must end.
        std::string body = RandomBytes(random, 60);
        std::size_t declared = i % 50 == 1 ? body.size() + 10 : body.size();
        bytes = "POST /api/v1/session HTTP/1.1\r\nContent-Length: " + std::to_string(declared) +
                "\r\n\r\n" + body;
        break;
      }
      default:
        bytes = "GET /" + RandomBytes(random, 30) + " HTTP/1.1\r\nHost: x\r\n\r\n";
        break;
    }
    client.SendRaw(bytes);  // any answer, or a closed connection, is fine
  }
  HttpClient client(server.port());
  EXPECT_EQ(client.Send("GET", "/api/v1/session").status, 401);  // still serving
}

}  // namespace
}  // namespace paraplan::testing
