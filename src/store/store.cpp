#include "store/store.h"

#include <fmt/format.h>

#include "store/postgres/postgres_store.h"
#include "store/sqlite/sqlite_store.h"

namespace paraplan {

std::string_view NameOf(RecordKind kind) {
  switch (kind) {
    case RecordKind::kDistrict:
      return "district";
    case RecordKind::kSchool:
      return "school";
    case RecordKind::kRoom:
      return "room";
    case RecordKind::kCalendar:
      return "calendar";
    case RecordKind::kStaff:
      return "staff";
    case RecordKind::kStudent:
      return "student";
    case RecordKind::kGuardian:
      return "guardian";
    case RecordKind::kSection:
      return "section";
    case RecordKind::kEnrolment:
      return "enrolment";
    case RecordKind::kIep:
      return "iep";
  }
  return "unknown";
}

bool IsPostgresUrl(std::string_view url) {
  return url.starts_with("postgresql://") || url.starts_with("postgres://");
}

std::optional<std::string> SqliteFileOf(std::string_view url) {
  if (IsPostgresUrl(url)) return std::nullopt;
  if (url.starts_with("sqlite:")) {
    std::string_view path = url.substr(std::string_view("sqlite:").size());
    // Accept the URL spelling sqlite://FILE as well as sqlite:FILE.
    if (path.starts_with("//")) path.remove_prefix(2);
    if (path.empty()) return std::nullopt;
    return std::string(path);
  }
  if (url.find("://") != std::string_view::npos) return std::nullopt;
  return std::string(url);
}

Result<std::unique_ptr<Store>> OpenStore(std::string_view url) {
  if (url.empty()) {
    return Fail(
        Error::Invalid("--db is empty; give a SQLite file path, sqlite:FILE or postgresql://...",
                       {{"db", "is empty"}}));
  }
  if (IsPostgresUrl(url)) return OpenPostgresStore(url);
  if (std::optional<std::string> file = SqliteFileOf(url)) return OpenSqliteStore(*file);
  if (url.starts_with("sqlite:")) {
    return Fail(Error::Invalid(fmt::format("--db '{}' names no SQLite file", url),
                               {{"db", "names no SQLite file"}}));
  }
  return Fail(Error::Invalid(
      fmt::format("--db '{}' has an unsupported scheme; use a file path, sqlite:FILE or "
                  "postgresql://...",
                  url),
      {{"db", "has an unsupported scheme"}}));
}

}  // namespace paraplan
