// The HTTP transport: RESTinio on asio, a pool of threads, limits and
// timeouts, and a graceful stop. It turns each RESTinio request into an
// http::Request, hands it to the App and writes the App's Response back.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>

#include "domain/error.h"
#include "http/app.h"

namespace paraplan::http {

struct ServerOptions {
  std::string host = "127.0.0.1";
  std::uint16_t port = 8080;  // 0 picks a free port (tests)
  // Request threads. A request spends most of its time waiting for the
  // disk or the database (a student read appends and commits its audit
  // entry), not on the CPU, so there are more threads than cores: with 16
  // on the 2-core machine, audited reads ran at about twice the rate of 2
  // threads, with a sixth of the p99 (bench_http; docs/api.md).
  int threads = 16;
  // Threads for Work::kLong routes (schedule runs), apart from `threads`,
  // and how many such requests may wait for them before callers get 503.
  int long_work_threads = 1;
  std::size_t long_work_queue = 8;
  // The transport drops a connection whose body exceeds this without
  // reading it; bodies between the App's limit (413) and this get the 413
  // error body. Keeps a client from making the server buffer gigabytes.
  std::uint64_t transport_body_limit = 8 * 1024 * 1024;
  std::chrono::seconds read_timeout{15};   // to receive a whole request
  std::chrono::seconds write_timeout{15};  // to send a whole response
  std::chrono::seconds handler_timeout{30};
  // How long a stop waits for requests in flight before closing anyway.
  std::chrono::seconds drain_timeout{10};
};

class Server {
 public:
  // Binds and starts serving on background threads. The app must outlive
  // the server. kUnavailable when the address cannot be bound.
  static Result<std::unique_ptr<Server>> Start(ServerOptions options, App& app);
  virtual ~Server() = default;

  // The bound port (the real one when options.port was 0).
  virtual std::uint16_t port() const = 0;

  // Long requests (Work::kLong) read and waiting for a long-work thread,
  // not counting the ones running.
  virtual std::size_t long_work_waiting() const = 0;

  // Stops accepting, lets requests in flight finish (up to the drain
  // timeout), then closes every connection and joins the threads.
  // Idempotent; the destructor calls it.
  virtual void Stop() = 0;

  // Blocks until SIGTERM or SIGINT arrives, then stops gracefully.
  virtual void RunUntilSignal() = 0;
};

}  // namespace paraplan::http
