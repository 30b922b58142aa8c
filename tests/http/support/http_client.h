// A tiny HTTP/1.1 client over a POSIX socket for tests: one keep-alive
// connection to 127.0.0.1, requests with Content-Length, responses read by
// their Content-Length. Enough to speak to paraplan's server, nothing more.
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace paraplan::testing {

struct HttpResponse {
  int status = 0;
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;

  std::optional<std::string> Header(std::string_view name) const;
  std::vector<std::string> Headers(std::string_view name) const;
  nlohmann::json Json() const;
};

class HttpClient {
 public:
  explicit HttpClient(std::uint16_t port);
  ~HttpClient();
  HttpClient(const HttpClient&) = delete;
  HttpClient& operator=(const HttpClient&) = delete;

  // Sends one request and reads the response; reconnects when the server
  // closed the connection. A status of 0 means no response came.
  HttpResponse Send(std::string_view method, std::string_view target,
                    const std::vector<std::pair<std::string, std::string>>& headers = {},
                    std::string_view body = {});

  // Sends raw bytes and reads one response (for malformed requests).
  HttpResponse SendRaw(std::string_view bytes);

 private:
  bool Connect();
  void Close();
  HttpResponse ReadResponse();

  std::uint16_t port_;
  int socket_ = -1;
  std::string buffer_;
};

}  // namespace paraplan::testing
