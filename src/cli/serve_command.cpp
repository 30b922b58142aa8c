#include "cli/serve_command.h"

#include <fmt/format.h>
#include <spdlog/sinks/stdout_sinks.h>
#include <spdlog/spdlog.h>

#include <charconv>
#include <cstdio>
#include <filesystem>
#include <memory>
#include <string>
#include <string_view>

#include "cli/command_support.h"
#include "http/api.h"
#include "http/server.h"
#include "store/security.h"
#include "store/sql_runner.h"

namespace paraplan::cli {
namespace {

struct ServeOptions {
  std::string db;
  std::string listen = "127.0.0.1:8080";
  std::string web;
  std::string common_passwords;
  bool insecure_cookies = false;
  bool quiet = false;
  int threads = 0;  // 0: DefaultThreads
  int schedule_cache_mb = 64;
};

// Request threads when --threads is not given. A request mostly waits
// rather than computes. On SQLite it waits for the commit of its audit
// entry, which requests arriving together share, so many threads help:
// student reads ran twice as fast with 16 as with 2 (bench_http). On
// PostgreSQL more concurrent serialisable writes conflict and retry more:
// on the 2-core machine POST /captures ran best with 4 (bench_capture).
int DefaultThreads(std::string_view db) {
  return IsPostgresUrl(db) ? 4 : http::ServerOptions{}.threads;
}

Result<std::pair<std::string, std::uint16_t>> ParseListen(std::string_view listen) {
  const std::size_t colon = listen.rfind(':');
  int port = -1;
  if (colon != std::string_view::npos && colon > 0) {
    std::string_view digits = listen.substr(colon + 1);
    auto [end, error] = std::from_chars(digits.data(), digits.data() + digits.size(), port);
    if (error != std::errc() || end != digits.data() + digits.size()) port = -1;
  }
  if (port < 0 || port > 65535) {
    return Fail(Error::Invalid("the listen address is not HOST:PORT",
                               {{"listen", "must be HOST:PORT, e.g. 127.0.0.1:8080"}}));
  }
  return std::pair<std::string, std::uint16_t>(std::string(listen.substr(0, colon)),
                                               static_cast<std::uint16_t>(port));
}

void RunServe(const ServeOptions& options) {
  auto [host, port] = [&] {
    Result<std::pair<std::string, std::uint16_t>> parsed = ParseListen(options.listen);
    if (!parsed) ExitWith(parsed.error());
    return *parsed;
  }();
  std::unique_ptr<Store> store = OpenOrExit(options.db);
  if (store->sql_runner() == nullptr) {
    ExitWith(Error::FailedPrecondition("this database backend has no security tables"));
  }
  std::unique_ptr<SecurityStore> security = MakeSecurityStore(*store->sql_runner());
  http::SystemClock clock;

  http::ApiOptions api_options;
  if (options.insecure_cookies) {
    api_options.sessions.cookies = http::CookieSecurity::kInsecureForLocalDemo;
  }
  if (!options.common_passwords.empty()) api_options.common_passwords = options.common_passwords;
  api_options.schedule_cache_bytes = static_cast<std::size_t>(options.schedule_cache_mb) << 20;
  std::string web = options.web;
  if (web.empty() && std::filesystem::exists("web/dist/index.html")) web = "web/dist";
  if (!web.empty()) api_options.app.web_root = web;

  // One JSON line per request on stdout; never a path with ids, never a name.
  auto access_log = spdlog::stdout_logger_mt("access");
  access_log->set_pattern("%v");
  if (options.quiet) access_log->set_level(spdlog::level::off);

  Result<std::unique_ptr<http::Api>> api =
      http::Api::Create(*store, *security, clock, api_options, access_log);
  if (!api) ExitWith(api.error());
  http::ServerOptions server_options;
  server_options.host = host;
  server_options.port = port;
  server_options.threads = options.threads > 0 ? options.threads : DefaultThreads(options.db);
  Result<std::unique_ptr<http::Server>> server = http::Server::Start(server_options, (*api)->app());
  if (!server) ExitWith(server.error());
  std::printf("paraplan is serving %s on http://%s:%u%s\n", options.db.c_str(), host.c_str(),
              static_cast<unsigned>((*server)->port()), web.empty() ? " (API only)" : "");
  if (options.insecure_cookies) {
    std::printf("Cookies are not marked Secure (--insecure-cookies): for a local demo only.\n");
  }
  std::printf("Press Ctrl-C to stop.\n");
  std::fflush(stdout);
  (*server)->RunUntilSignal();
}

}  // namespace

void AddServeCommand(CLI::App& app) {
  auto options = std::make_shared<ServeOptions>();
  CLI::App* command = app.add_subcommand("serve", "Serve the JSON API and the browser UI");
  AddDbOption(*command, options->db);
  command->add_option("--listen", options->listen, "HOST:PORT to listen on")->capture_default_str();
  command->add_option("--web", options->web,
                      "directory of the built browser UI (default web/dist when present)");
  command->add_flag("--insecure-cookies", options->insecure_cookies,
                    "session cookie without Secure and the __Host- prefix, for plain-HTTP demos");
  command->add_option("--common-passwords", options->common_passwords,
                      "file of common passwords to refuse (default: the one shipped)");
  command
      ->add_option("--threads", options->threads,
                   "server threads (default 16 on SQLite, 4 on PostgreSQL)")
      ->check(CLI::Range(1, 1024));
  command
      ->add_option("--schedule-cache-mb", options->schedule_cache_mb,
                   "megabytes of published schedules' JSON kept parsed in memory, so a para's "
                   "day reads its school's schedule without parsing it (0: parse every time)")
      ->capture_default_str()
      ->check(CLI::Range(0, 65536));
  command->add_flag("--quiet", options->quiet, "no access log");
  command->callback([options] { RunServe(*options); });
}

}  // namespace paraplan::cli
