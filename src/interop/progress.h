// A progress bar for long imports, drawn on a terminal stream only (a log
// file or a test gets nothing). Redraws at most once per percent.
#pragma once

#include <cstdint>
#include <cstdio>
#include <string>

namespace paraplan {

class ProgressBar {
 public:
  // `out` may be nullptr for no drawing; drawing also stays off when `out`
  // is not a terminal.
  explicit ProgressBar(std::FILE* out);
  ~ProgressBar();
  ProgressBar(const ProgressBar&) = delete;
  ProgressBar& operator=(const ProgressBar&) = delete;

  // Starts a file of `total_bytes`.
  void Start(std::string label, std::int64_t total_bytes);
  void Update(std::int64_t bytes_done);
  void Finish();

 private:
  std::FILE* out_ = nullptr;
  std::string label_;
  std::int64_t total_ = 0;
  int drawn_percent_ = -1;
};

}  // namespace paraplan
