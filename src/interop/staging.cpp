#include "interop/staging.h"

#include <fmt/format.h>
#include <sqlite3.h>

#include "store/sqlite/process_settings.h"

namespace paraplan {
namespace {

Error StagingError(sqlite3* db, std::string_view what) {
  return Error::Internal(fmt::format("import staging index: {}: {}", what,
                                     db != nullptr ? sqlite3_errmsg(db) : "out of memory"));
}

// Binds the two text parameters every statement starts with.
bool BindKey(sqlite3_stmt* statement, std::string_view table, std::string_view key) {
  return sqlite3_bind_text(statement, 1, table.data(), static_cast<int>(table.size()),
                           SQLITE_TRANSIENT) == SQLITE_OK &&
         sqlite3_bind_text(statement, 2, key.data(), static_cast<int>(key.size()),
                           SQLITE_TRANSIENT) == SQLITE_OK;
}

}  // namespace

Result<std::unique_ptr<StagingIndex>> StagingIndex::Open() {
  ApplySqliteProcessSettings();
  std::unique_ptr<StagingIndex> index(new StagingIndex());
  // An empty file name opens a private on-disk database that SQLite deletes
  // when it is closed.
  if (sqlite3_open("", &index->db_) != SQLITE_OK) return Fail(StagingError(index->db_, "open"));
  const char* setup =
      "PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF; PRAGMA cache_size = -4096;"
      "PRAGMA temp_store = FILE;"
      "CREATE TABLE entry (tab TEXT NOT NULL, key TEXT NOT NULL, value TEXT NOT NULL,"
      " PRIMARY KEY (tab, key)) WITHOUT ROWID;"
      // One transaction for the index's whole life: nothing is committed per
      // entry, and pages spill to the temporary file when the cache is full.
      "BEGIN;";
  if (sqlite3_exec(index->db_, setup, nullptr, nullptr, nullptr) != SQLITE_OK) {
    return Fail(StagingError(index->db_, "create"));
  }
  PARAPLAN_TRY(index->Prepare());
  return index;
}

Result<void> StagingIndex::Prepare() {
  if (sqlite3_prepare_v2(db_, "INSERT OR REPLACE INTO entry VALUES (?, ?, ?)", -1, &put_,
                         nullptr) != SQLITE_OK ||
      sqlite3_prepare_v2(db_, "SELECT value FROM entry WHERE tab = ? AND key = ?", -1, &get_,
                         nullptr) != SQLITE_OK ||
      sqlite3_prepare_v2(db_, "INSERT OR IGNORE INTO entry VALUES (?, ?, '')", -1, &seen_,
                         nullptr) != SQLITE_OK) {
    return Fail(StagingError(db_, "prepare"));
  }
  return {};
}

StagingIndex::~StagingIndex() {
  sqlite3_finalize(put_);
  sqlite3_finalize(get_);
  sqlite3_finalize(seen_);
  sqlite3_close(db_);
}

Result<void> StagingIndex::Put(std::string_view table, std::string_view key,
                               std::string_view value) {
  sqlite3_reset(put_);
  if (!BindKey(put_, table, key) ||
      sqlite3_bind_text(put_, 3, value.data(), static_cast<int>(value.size()),
                        SQLITE_TRANSIENT) != SQLITE_OK ||
      sqlite3_step(put_) != SQLITE_DONE) {
    return Fail(StagingError(db_, "put"));
  }
  return {};
}

Result<std::optional<std::string>> StagingIndex::Get(std::string_view table,
                                                     std::string_view key) {
  sqlite3_reset(get_);
  if (!BindKey(get_, table, key)) return Fail(StagingError(db_, "get"));
  int step = sqlite3_step(get_);
  if (step == SQLITE_DONE) return std::optional<std::string>();
  if (step != SQLITE_ROW) return Fail(StagingError(db_, "get"));
  const auto* text = reinterpret_cast<const char*>(sqlite3_column_text(get_, 0));
  int size = sqlite3_column_bytes(get_, 0);
  return std::optional<std::string>(std::string(text != nullptr ? text : "", static_cast<std::size_t>(size)));
}

Result<bool> StagingIndex::MarkSeen(std::string_view table, std::string_view key) {
  sqlite3_reset(seen_);
  if (!BindKey(seen_, table, key) || sqlite3_step(seen_) != SQLITE_DONE) {
    return Fail(StagingError(db_, "mark seen"));
  }
  return sqlite3_changes(db_) == 1;
}

}  // namespace paraplan
