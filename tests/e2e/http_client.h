// A minimal blocking HTTP/1.1 client over a TCP socket for the end-to-end
// tests: one request at a time on a kept-alive connection, responses read by
// Content-Length. A failed exchange (the server was killed mid-request)
// closes the connection and reports no status, which is exactly the case the
// crash test must tell apart from a 2xx.
#pragma once

#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cctype>
#include <cerrno>
#include <charconv>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace paraplan::e2e {

struct HttpResponse {
  int status = 0;
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;

  std::optional<std::string> Header(std::string_view name) const {
    for (const auto& [key, value] : headers) {
      if (key.size() != name.size()) continue;
      bool same = true;
      for (std::size_t i = 0; i < key.size(); ++i) {
        if (std::tolower(static_cast<unsigned char>(key[i])) !=
            std::tolower(static_cast<unsigned char>(name[i]))) {
          same = false;
          break;
        }
      }
      if (same) return value;
    }
    return std::nullopt;
  }
};

class HttpClient {
 public:
  explicit HttpClient(int port, int timeout_ms = 10000) : port_(port), timeout_ms_(timeout_ms) {}
  ~HttpClient() { Close(); }
  HttpClient(const HttpClient&) = delete;
  HttpClient& operator=(const HttpClient&) = delete;

  void Close() {
    if (fd_ >= 0) ::close(fd_);
    fd_ = -1;
  }

  // Sends one request; nullopt when the connection failed at any point.
  std::optional<HttpResponse> Send(std::string_view method, std::string_view target,
                                   std::string_view body = {},
                                   const std::vector<std::pair<std::string, std::string>>& headers = {}) {
    if (fd_ < 0 && !Connect()) return std::nullopt;
    std::string request;
    request.append(method).append(" ").append(target).append(" HTTP/1.1\r\n");
    request.append("Host: 127.0.0.1\r\nConnection: keep-alive\r\n");
    for (const auto& [name, value] : headers) request.append(name).append(": ").append(value).append("\r\n");
    if (!body.empty() || method == "POST" || method == "PUT") {
      request.append("Content-Type: application/json\r\n");
      request.append("Content-Length: ").append(std::to_string(body.size())).append("\r\n");
    }
    request.append("\r\n").append(body);
    if (!WriteAll(request)) return Failed();
    std::optional<HttpResponse> response = ReadResponse();
    if (!response) return Failed();
    if (auto connection = response->Header("Connection"); connection && *connection == "close") Close();
    return response;
  }

 private:
  std::optional<HttpResponse> Failed() {
    Close();
    return std::nullopt;
  }

  bool Connect() {
    fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
    if (fd_ < 0) return false;
    int one = 1;
    ::setsockopt(fd_, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(static_cast<std::uint16_t>(port_));
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (::connect(fd_, reinterpret_cast<sockaddr*>(&address), sizeof(address)) != 0) {
      Close();
      return false;
    }
    return true;
  }

  bool WriteAll(std::string_view data) {
    while (!data.empty()) {
      ssize_t written = ::send(fd_, data.data(), data.size(), MSG_NOSIGNAL);
      if (written < 0 && errno == EINTR) continue;
      if (written <= 0) return false;
      data.remove_prefix(static_cast<std::size_t>(written));
    }
    return true;
  }

  // Reads more bytes into buffer_; false on close, error or timeout.
  bool ReadMore() {
    pollfd poll_fd{fd_, POLLIN, 0};
    int ready = ::poll(&poll_fd, 1, timeout_ms_);
    if (ready <= 0) return false;
    char chunk[16384];
    ssize_t got = ::recv(fd_, chunk, sizeof(chunk), 0);
    if (got <= 0) return false;
    buffer_.append(chunk, static_cast<std::size_t>(got));
    return true;
  }

  std::optional<HttpResponse> ReadResponse() {
    std::size_t header_end;
    while ((header_end = buffer_.find("\r\n\r\n")) == std::string::npos) {
      if (!ReadMore()) return std::nullopt;
    }
    HttpResponse response;
    std::string_view head(buffer_.data(), header_end);
    std::size_t line_end = head.find("\r\n");
    std::string_view status_line = head.substr(0, line_end);
    if (status_line.size() < 12) return std::nullopt;
    std::from_chars(status_line.data() + 9, status_line.data() + 12, response.status);
    std::size_t content_length = 0;
    std::size_t at = line_end == std::string_view::npos ? head.size() : line_end + 2;
    while (at < head.size()) {
      std::size_t end = head.find("\r\n", at);
      if (end == std::string_view::npos) end = head.size();
      std::string_view line = head.substr(at, end - at);
      std::size_t colon = line.find(':');
      if (colon != std::string_view::npos) {
        std::string name(line.substr(0, colon));
        std::string_view value = line.substr(colon + 1);
        while (!value.empty() && value.front() == ' ') value.remove_prefix(1);
        response.headers.emplace_back(name, std::string(value));
      }
      at = end + 2;
    }
    if (auto length = response.Header("Content-Length")) {
      std::from_chars(length->data(), length->data() + length->size(), content_length);
    }
    std::size_t body_start = header_end + 4;
    while (buffer_.size() < body_start + content_length) {
      if (!ReadMore()) return std::nullopt;
    }
    response.body = buffer_.substr(body_start, content_length);
    buffer_.erase(0, body_start + content_length);
    return response;
  }

  int port_;
  int timeout_ms_;
  int fd_ = -1;
  std::string buffer_;
};

}  // namespace paraplan::e2e
