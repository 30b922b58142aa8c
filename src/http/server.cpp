#include "http/server.h"

// Boost/asio headers under GCC 12 need <utility> first (see DEVELOPERS.md).
#include <spdlog/spdlog.h>

#include <atomic>
#include <csignal>
#include <exception>
#include <future>
#include <mutex>
#include <restinio/all.hpp>
#include <thread>
#include <utility>
#include <vector>

#include "http/errors.h"
#include "http/work_queue.h"

namespace paraplan::http {
namespace {

// RESTinio's connection-count limiter is left off: its connections call
// back into it from their destructors, which run when the io_context is torn
// down after the server, so it cannot be stopped cleanly.
using ServerTraits = restinio::traits_t<restinio::asio_timer_manager_t, restinio::null_logger_t>;
using RestinioServer = restinio::http_server_t<ServerTraits>;

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// Decodes %XX escapes in a path; nullopt for a broken escape or an encoded
// NUL or slash (which would let a path segment smuggle a separator).
std::optional<std::string> DecodePath(std::string_view raw) {
  std::string decoded;
  decoded.reserve(raw.size());
  for (std::size_t i = 0; i < raw.size(); ++i) {
    if (raw[i] != '%') {
      decoded.push_back(raw[i]);
      continue;
    }
    if (i + 2 >= raw.size()) return std::nullopt;
    int high = HexValue(raw[i + 1]);
    int low = HexValue(raw[i + 2]);
    if (high < 0 || low < 0) return std::nullopt;
    char c = static_cast<char>(high * 16 + low);
    if (c == '\0' || c == '/') return std::nullopt;
    decoded.push_back(c);
    i += 2;
  }
  return decoded;
}

std::string ReasonPhrase(int status) {
  switch (status) {
    case 200:
      return "OK";
    case 201:
      return "Created";
    case 204:
      return "No Content";
    case 304:
      return "Not Modified";
    case 400:
      return "Bad Request";
    case 401:
      return "Unauthorized";
    case 403:
      return "Forbidden";
    case 404:
      return "Not Found";
    case 405:
      return "Method Not Allowed";
    case 409:
      return "Conflict";
    case 412:
      return "Precondition Failed";
    case 413:
      return "Content Too Large";
    case 415:
      return "Unsupported Media Type";
    case 422:
      return "Unprocessable Content";
    case 428:
      return "Precondition Required";
    case 429:
      return "Too Many Requests";
    case 500:
      return "Internal Server Error";
    case 503:
      return "Service Unavailable";
    default:
      return "Status";
  }
}

class RestinioHttpServer final : public Server {
 public:
  RestinioHttpServer(ServerOptions options, App& app)
      : options_(std::move(options)),
        app_(app),
        long_work_(options_.long_work_threads, options_.long_work_queue) {}
  ~RestinioHttpServer() override { Stop(); }

  Result<void> Open() {
    restinio::server_settings_t<ServerTraits> settings;
    settings.address(options_.host)
        .port(options_.port)
        .read_next_http_message_timelimit(options_.read_timeout)
        .write_http_response_timelimit(options_.write_timeout)
        .handle_request_timeout(options_.handler_timeout)
        .incoming_http_msg_limits(restinio::incoming_http_msg_limits_t{}
                                      .max_body_size(options_.transport_body_limit)
                                      .max_url_size(8 * 1024)
                                      .max_field_count(100)
                                      .max_field_name_size(256)
                                      .max_field_value_size(16 * 1024))
        .acceptor_post_bind_hook(
            [this](asio::ip::tcp::acceptor& acceptor) { port_ = acceptor.local_endpoint().port(); })
        .request_handler(
            [this](const restinio::request_handle_t& request) { return HandleRequest(request); });
    try {
      server_ =
          std::make_unique<RestinioServer>(restinio::external_io_context(io_), std::move(settings));
      server_->open_sync();
    } catch (const std::exception& exception) {
      server_.reset();
      return Fail(Error::Unavailable(fmt::format("cannot listen on {}:{}: {}", options_.host,
                                                 options_.port, exception.what())));
    }
    for (int i = 0; i < std::max(1, options_.threads); ++i) {
      threads_.emplace_back([this] {
        for (;;) {
          try {
            io_.run();
            return;
          } catch (const std::exception& exception) {
            // A handler never throws (App::Handle catches); this is asio's
            // own trouble. Log it and keep the thread serving.
            spdlog::error("server thread: {}", exception.what());
          }
        }
      });
    }
    return {};
  }

  std::uint16_t port() const override { return port_; }

  std::size_t long_work_waiting() const override { return long_work_.waiting(); }

  void Stop() override {
    std::lock_guard lock(stop_mutex_);
    if (stopped_) return;
    stopped_ = true;
    draining_ = true;
    if (server_) {
      std::promise<void> closed;
      server_->close_async([&closed] { closed.set_value(); },
                           [&closed](std::exception_ptr) { closed.set_value(); });
      closed.get_future().wait_for(std::chrono::seconds(5));
    }
    const auto deadline = std::chrono::steady_clock::now() + options_.drain_timeout;
    while (in_flight_.load() > 0 && std::chrono::steady_clock::now() < deadline) {
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    // Long work first: a job still waiting holds its connection's request,
    // which must be released while the io_context it belongs to is alive.
    long_work_.Stop();
    io_.stop();
    for (std::thread& thread : threads_) {
      if (thread.joinable()) thread.join();
    }
    threads_.clear();
    server_.reset();
  }

  void RunUntilSignal() override {
    // Block the signals in this thread and wait for them synchronously;
    // the server threads were started before, so they inherit nothing.
    sigset_t signals;
    sigemptyset(&signals);
    sigaddset(&signals, SIGTERM);
    sigaddset(&signals, SIGINT);
    pthread_sigmask(SIG_BLOCK, &signals, nullptr);
    int received = 0;
    sigwait(&signals, &received);
    spdlog::info("received signal {}; finishing requests in flight", received);
    Stop();
    spdlog::info("server stopped");
  }

 private:
  restinio::request_handling_status_t HandleRequest(const restinio::request_handle_t& raw) {
    ++in_flight_;
    Request request;
    std::optional<std::string> path = DecodePath(raw->header().path());
    auto query = restinio::try_parse_query<restinio::parse_query_traits::javascript_compatible>(
        raw->header().query());
    if (!path || !query) {
      Respond(raw, app_.Reject(ParseMethod(raw->header().method().c_str()),
                               Error::Invalid("the request target is not a valid URL")));
      return restinio::request_accepted();
    }
    request.method = ParseMethod(raw->header().method().c_str());
    request.path = std::move(*path);
    for (const auto& [name, value] : *query) {
      request.query.emplace_back(std::string(name), std::string(value));
    }
    raw->header().for_each_field([&request](const restinio::http_header_field_t& field) {
      request.headers.Add(field.name(), field.value());
    });
    request.body = raw->body();
    try {
      request.client_address = raw->remote_endpoint().address().to_string();
    } catch (const std::exception&) {
      request.client_address = "unknown";
    }
    if (!app_.RunsLong(request)) {
      Respond(raw, app_.Handle(std::move(request)));
      return restinio::request_accepted();
    }
    // Shared, so Busy can still read the request when TryPost refuses (and
    // drops) the job.
    auto job = std::make_shared<Request>(std::move(request));
    if (!long_work_.TryPost([this, raw, job] { Respond(raw, app_.Handle(std::move(*job))); })) {
      Respond(raw, app_.Busy(*job));
    }
    return restinio::request_accepted();
  }

  // Writes the App's answer on the request's connection. RESTinio takes the
  // response from any thread and sends it on the connection's own.
  void Respond(const restinio::request_handle_t& raw, Response response) {
    auto builder = raw->create_response(restinio::http_status_line_t{
        restinio::http_status_code_t{static_cast<std::uint16_t>(response.status)},
        ReasonPhrase(response.status)});
    for (const auto& [name, value] : response.headers.entries()) {
      builder.append_header(name, value);
    }
    builder.set_body(std::move(response.body));
    if (draining_) builder.connection_close();
    builder.done([this](const asio::error_code&) { --in_flight_; });
  }

  ServerOptions options_;
  App& app_;
  asio::io_context io_;
  std::unique_ptr<RestinioServer> server_;
  std::vector<std::thread> threads_;
  std::atomic<std::uint16_t> port_{0};
  std::atomic<int> in_flight_{0};
  std::atomic<bool> draining_{false};
  WorkQueue long_work_;
  std::mutex stop_mutex_;
  bool stopped_ = false;
};

}  // namespace

Result<std::unique_ptr<Server>> Server::Start(ServerOptions options, App& app) {
  auto server = std::make_unique<RestinioHttpServer>(std::move(options), app);
  PARAPLAN_TRY(server->Open());
  return std::unique_ptr<Server>(std::move(server));
}

}  // namespace paraplan::http
