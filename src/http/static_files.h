// Serves the built browser UI from a directory: files by their extension's
// content type, and index.html for any other path so the single-page app's
// own routes (/my-day, /students/7) load on refresh.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

#include "http/message.h"

namespace paraplan::http {

class StaticFiles {
 public:
  explicit StaticFiles(std::filesystem::path root);

  // The response for a GET of `path`; nullopt when the directory has no
  // index.html either. Paths that try to leave the directory get index.html.
  std::optional<Response> Serve(std::string_view path) const;

  static std::string_view ContentTypeFor(const std::filesystem::path& file);

 private:
  std::optional<Response> ServeFile(const std::filesystem::path& file, bool immutable) const;

  std::filesystem::path root_;
};

}  // namespace paraplan::http
