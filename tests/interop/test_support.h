// Helpers the import tests share: a fresh SQLite store in a temporary file
// and the folders of the test data.
#pragma once

#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <string>

#include <gtest/gtest.h>

#include "interop/import_context.h"
#include "store/store.h"

namespace paraplan::testing {

inline std::filesystem::path SourceDir() {
  const char* dir = std::getenv("PARAPLAN_SOURCE_DIR");
  return dir != nullptr ? std::filesystem::path(dir)
                        : std::filesystem::path(__FILE__).parent_path().parent_path().parent_path();
}

inline std::filesystem::path TestData(const std::string& name) {
  return SourceDir() / "tests" / "data" / name;
}

// A temporary folder removed when the object goes.
class TempDir {
 public:
  TempDir() {
    std::string pattern =
        (std::filesystem::temp_directory_path() / "paraplan-import-XXXXXX").string();
    path_ = mkdtemp(pattern.data());
  }
  ~TempDir() {
    std::error_code ignored;
    std::filesystem::remove_all(path_, ignored);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

inline std::unique_ptr<Store> OpenTestStore(const TempDir& dir) {
  auto store = OpenStore((dir.path() / "paraplan.db").string());
  EXPECT_TRUE(store.has_value()) << (store ? "" : store.error().message);
  return store ? std::move(*store) : nullptr;
}

// Options for an import that writes (refusing the whole import on an error,
// as the import does by default, unless `policy` says skip).
inline ImportOptions Apply(ProblemPolicy policy = ProblemPolicy::kRefuseOnError) {
  ImportOptions options;
  options.mode = ImportMode::kApply;
  options.policy = policy;
  return options;
}

// How many records of `kind` the store holds; -1 when it cannot be read.
inline std::int64_t StoredCount(Store& store, RecordKind kind) {
  std::int64_t count = -1;
  auto read = store.Read([&](Transaction& tx) -> Result<void> {
    count = PARAPLAN_TRY(tx.Count(kind));
    return {};
  });
  EXPECT_TRUE(read.has_value());
  return count;
}

}  // namespace paraplan::testing
