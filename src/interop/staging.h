// An on-disk key-value index for the joins an import makes across files
// (a class's course title, a user's birth date, which source ids were seen).
// It lives in a private temporary SQLite database that is deleted on close,
// with a small page cache, so memory stays flat however large the input.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "domain/error.h"

struct sqlite3;
struct sqlite3_stmt;

namespace paraplan {

class StagingIndex {
 public:
  static Result<std::unique_ptr<StagingIndex>> Open();
  ~StagingIndex();
  StagingIndex(const StagingIndex&) = delete;
  StagingIndex& operator=(const StagingIndex&) = delete;

  // Stores `value` under (`table`, `key`), replacing an earlier value.
  Result<void> Put(std::string_view table, std::string_view key, std::string_view value);
  Result<std::optional<std::string>> Get(std::string_view table, std::string_view key);
  // Records that (`table`, `key`) was seen; false when it had been seen
  // before, which is how duplicate ids within one import are found.
  Result<bool> MarkSeen(std::string_view table, std::string_view key);

 private:
  StagingIndex() = default;
  Result<void> Prepare();

  sqlite3* db_ = nullptr;
  sqlite3_stmt* put_ = nullptr;
  sqlite3_stmt* get_ = nullptr;
  sqlite3_stmt* seen_ = nullptr;
};

}  // namespace paraplan
