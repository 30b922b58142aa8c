// An HTTP/1.1 load client for bench_capture: many kept-alive connections
// driven by one epoll loop, each sending its next request as soon as the
// previous answer is complete. Requests are pre-rendered bytes; answers are
// read by Content-Length.
#pragma once

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <chrono>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

namespace paraplan::bench {

struct LoadResult {
  int completed = 0;
  int failed = 0;       // connection errors or non-2xx answers
  double seconds = 0;
  double p50_ms = 0;
  double p99_ms = 0;
};

// Sends `total` requests over `connections` connections to 127.0.0.1:port.
// `make_request(n)` renders request number n (0-based) as bytes.
inline LoadResult RunLoad(int port, int connections, int total,
                          const std::function<std::string(int)>& make_request) {
  using Clock = std::chrono::steady_clock;
  struct Connection {
    int fd = -1;
    std::string out;
    std::size_t sent = 0;
    std::string in;
    Clock::time_point started;
    bool busy = false;
  };
  LoadResult result;
  std::vector<double> latencies;
  std::vector<Connection> pool(static_cast<std::size_t>(connections));
  int epoll = ::epoll_create1(0);
  int next = 0;
  auto start_request = [&](Connection& connection) {
    if (next >= total) {
      connection.busy = false;
      return;
    }
    connection.out = make_request(next++);
    connection.sent = 0;
    connection.busy = true;
    connection.started = Clock::now();
    epoll_event event{};
    event.events = EPOLLOUT | EPOLLIN;
    event.data.ptr = &connection;
    ::epoll_ctl(epoll, EPOLL_CTL_MOD, connection.fd, &event);
  };
  for (Connection& connection : pool) {
    connection.fd = ::socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
    int one = 1;
    ::setsockopt(connection.fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(static_cast<std::uint16_t>(port));
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    ::connect(connection.fd, reinterpret_cast<sockaddr*>(&address), sizeof(address));
    epoll_event event{};
    event.events = EPOLLOUT;
    event.data.ptr = &connection;
    ::epoll_ctl(epoll, EPOLL_CTL_ADD, connection.fd, &event);
  }
  auto began = Clock::now();
  for (Connection& connection : pool) start_request(connection);
  int in_flight = static_cast<int>(std::count_if(pool.begin(), pool.end(), [](auto& c) { return c.busy; }));
  std::vector<epoll_event> events(256);
  auto fail = [&](Connection& connection) {
    ++result.failed;
    ::epoll_ctl(epoll, EPOLL_CTL_DEL, connection.fd, nullptr);
    ::close(connection.fd);
    connection.fd = -1;
    connection.busy = false;
    --in_flight;
  };
  while (in_flight > 0) {
    int ready = ::epoll_wait(epoll, events.data(), static_cast<int>(events.size()), 30000);
    if (ready <= 0) break;  // a stalled server: stop rather than hang
    for (int i = 0; i < ready; ++i) {
      Connection& connection = *static_cast<Connection*>(events[static_cast<std::size_t>(i)].data.ptr);
      if (connection.fd < 0 || !connection.busy) continue;
      if (events[static_cast<std::size_t>(i)].events & (EPOLLERR | EPOLLHUP)) {
        fail(connection);
        continue;
      }
      if (connection.sent < connection.out.size()) {
        ssize_t written = ::send(connection.fd, connection.out.data() + connection.sent,
                                 connection.out.size() - connection.sent, MSG_NOSIGNAL);
        if (written < 0 && errno != EAGAIN) {
          fail(connection);
          continue;
        }
        if (written > 0) connection.sent += static_cast<std::size_t>(written);
        if (connection.sent == connection.out.size()) {
          epoll_event event{};
          event.events = EPOLLIN;
          event.data.ptr = &connection;
          ::epoll_ctl(epoll, EPOLL_CTL_MOD, connection.fd, &event);
        }
        continue;
      }
      char chunk[16384];
      ssize_t got = ::recv(connection.fd, chunk, sizeof(chunk), 0);
      if (got == 0 || (got < 0 && errno != EAGAIN)) {
        fail(connection);
        continue;
      }
      if (got > 0) connection.in.append(chunk, static_cast<std::size_t>(got));
      std::size_t header_end = connection.in.find("\r\n\r\n");
      if (header_end == std::string::npos) continue;
      std::size_t length = 0;
      std::size_t at = connection.in.find("Content-Length:");
      if (at == std::string::npos) at = connection.in.find("content-length:");
      if (at != std::string::npos && at < header_end) {
        at += 15;
        while (connection.in[at] == ' ') ++at;
        std::from_chars(connection.in.data() + at, connection.in.data() + header_end, length);
      }
      if (connection.in.size() < header_end + 4 + length) continue;
      int status = 0;
      std::from_chars(connection.in.data() + 9, connection.in.data() + 12, status);
      connection.in.erase(0, header_end + 4 + length);
      latencies.push_back(std::chrono::duration<double, std::milli>(Clock::now() - connection.started).count());
      if (status / 100 == 2) {
        ++result.completed;
      } else {
        ++result.failed;
      }
      start_request(connection);
      if (!connection.busy) --in_flight;
    }
  }
  result.seconds = std::chrono::duration<double>(Clock::now() - began).count();
  for (Connection& connection : pool) {
    if (connection.fd >= 0) ::close(connection.fd);
  }
  ::close(epoll);
  std::sort(latencies.begin(), latencies.end());
  if (!latencies.empty()) {
    result.p50_ms = latencies[latencies.size() / 2];
    result.p99_ms = latencies[std::min(latencies.size() - 1, latencies.size() * 99 / 100)];
  }
  return result;
}

}  // namespace paraplan::bench
