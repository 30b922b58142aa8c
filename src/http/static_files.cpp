#include "http/static_files.h"

#include <fstream>
#include <iterator>
#include <system_error>

namespace paraplan::http {

StaticFiles::StaticFiles(std::filesystem::path root) {
  std::error_code error;
  root_ = std::filesystem::weakly_canonical(root, error);
  if (error) root_ = std::move(root);
}

std::string_view StaticFiles::ContentTypeFor(const std::filesystem::path& file) {
  const std::string extension = file.extension().string();
  if (extension == ".html") return "text/html; charset=utf-8";
  if (extension == ".js" || extension == ".mjs") return "text/javascript; charset=utf-8";
  if (extension == ".css") return "text/css; charset=utf-8";
  if (extension == ".json") return "application/json";
  if (extension == ".webmanifest") return "application/manifest+json";
  if (extension == ".svg") return "image/svg+xml";
  if (extension == ".png") return "image/png";
  if (extension == ".ico") return "image/x-icon";
  if (extension == ".woff2") return "font/woff2";
  if (extension == ".txt") return "text/plain; charset=utf-8";
  if (extension == ".map") return "application/json";
  return "application/octet-stream";
}

std::optional<Response> StaticFiles::Serve(std::string_view path) const {
  // Only plain segments: no "..", no empty names, no backslashes or NULs, so
  // the file is always inside the root without relying on canonicalisation.
  bool plain = !path.empty() && path.front() == '/';
  std::filesystem::path file = root_;
  std::string_view rest = path;
  while (plain && !rest.empty()) {
    rest.remove_prefix(1);
    std::size_t end = rest.find('/');
    std::string_view segment = rest.substr(0, end);
    rest = end == std::string_view::npos ? std::string_view() : rest.substr(end);
    if (segment.empty() && rest.empty()) break;  // trailing slash
    if (segment.empty() || segment == "." || segment == ".." ||
        segment.find_first_of(std::string_view("\\\0", 2)) != std::string_view::npos) {
      plain = false;
      break;
    }
    file /= std::string(segment);
  }
  std::error_code error;
  if (plain && file != root_ && std::filesystem::is_regular_file(file, error)) {
    // Vite names built assets by content hash, so they never change.
    bool immutable = path.starts_with("/assets/");
    return ServeFile(file, immutable);
  }
  return ServeFile(root_ / "index.html", false);
}

std::optional<Response> StaticFiles::ServeFile(const std::filesystem::path& file,
                                               bool immutable) const {
  std::ifstream stream(file, std::ios::binary);
  if (!stream) return std::nullopt;
  std::string bytes((std::istreambuf_iterator<char>(stream)), std::istreambuf_iterator<char>());
  Response response = Response::Bytes(200, std::string(ContentTypeFor(file)), std::move(bytes));
  response.headers.Set("Cache-Control",
                       immutable ? "public, max-age=31536000, immutable" : "no-cache");
  return response;
}

}  // namespace paraplan::http
