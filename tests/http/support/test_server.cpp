#include "support/test_server.h"

#include <spdlog/sinks/null_sink.h>
#include <spdlog/spdlog.h>

#include <cstdlib>
#include <stdexcept>

#include "http/auth/accounts.h"

namespace paraplan::testing {

std::vector<std::pair<std::string, std::string>> SignedInClient::Headers(bool with_csrf) const {
  std::vector<std::pair<std::string, std::string>> headers = {{"Cookie", cookie}};
  if (with_csrf) headers.emplace_back("X-CSRF-Token", csrf_token);
  headers.emplace_back("Content-Type", "application/json");
  return headers;
}

TestServer::TestServer(http::SessionOptions sessions,
                       std::function<void(http::Router&)> extra_routes)
    : clock_(http::TimePoint(std::chrono::seconds(1'790'000'000))) {
  http::ApiOptions options;
  options.sessions = sessions;
  const char* source = std::getenv("PARAPLAN_SOURCE_DIR");
  if (source)
    options.common_passwords = std::filesystem::path(source) / "data" / "common-passwords.txt";
  auto access_log =
      std::make_shared<spdlog::logger>("access", std::make_shared<spdlog::sinks::null_sink_mt>());
  Result<std::unique_ptr<http::Api>> api =
      http::Api::Create(db_.store(), db_.security(), clock_, options, access_log);
  if (!api) throw std::runtime_error("api: " + api.error().message);
  api_ = std::move(*api);
  if (extra_routes) extra_routes(api_->router());
  http::ServerOptions server_options;
  server_options.port = 0;
  server_options.drain_timeout = std::chrono::seconds(5);
  // Short enough that a test sending a request cut short is not kept waiting.
  server_options.read_timeout = std::chrono::seconds(2);
  Result<std::unique_ptr<http::Server>> server = http::Server::Start(server_options, api_->app());
  if (!server) throw std::runtime_error("server: " + server.error().message);
  server_ = std::move(*server);
}

TestServer::~TestServer() {
  if (server_) server_->Stop();
}

Id TestServer::AddAccount(AccountKind kind, Id person_id, const std::string& email,
                          const std::string& password) {
  Result<Id> id =
      http::AddAccount(db_.store(), db_.security(), api_->common_passwords(), {kind, person_id},
                       email, password, clock_.Now().time_since_epoch().count());
  if (!id) throw std::runtime_error("add account: " + id.error().message);
  return *id;
}

SignedInClient TestServer::SignIn(HttpClient& client, const std::string& email,
                                  const std::string& password) {
  SignedInClient signed_in;
  nlohmann::json body = {{"email", email}, {"password", password}};
  HttpResponse response =
      client.Send("POST", "/api/v1/session", {{"Content-Type", "application/json"}}, body.dump());
  signed_in.status = response.status;
  signed_in.body = response.Json();
  if (std::optional<std::string> cookie = response.Header("Set-Cookie")) {
    signed_in.cookie = cookie->substr(0, cookie->find(';'));
  }
  if (signed_in.body.is_object() && signed_in.body.contains("csrf_token")) {
    signed_in.csrf_token = signed_in.body["csrf_token"].get<std::string>();
  }
  return signed_in;
}

}  // namespace paraplan::testing
