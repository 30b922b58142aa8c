// Progress output for long-running commands, on stderr so that stdout stays
// the command's result. On a terminal it redraws one bar; otherwise (logs,
// pipes, tests) it prints a line every few seconds. Small jobs stay quiet.
#pragma once

#include <chrono>
#include <cstdint>
#include <string>

namespace paraplan::cli {

class ProgressPrinter {
 public:
  enum class Output { kAuto, kLines, kQuiet };

  // `unit` names what is counted ("students"); jobs under `quiet_below`
  // items print nothing in kAuto mode.
  ProgressPrinter(std::string unit, std::int64_t total, Output output = Output::kAuto,
                  std::int64_t quiet_below = 5000);

  void Update(std::int64_t done);
  // Ends the bar's line on a terminal.
  void Finish();

 private:
  enum class Mode { kBar, kLines, kQuiet };

  std::string unit_;
  std::int64_t total_;
  Mode mode_;
  std::chrono::steady_clock::time_point start_;
  std::chrono::steady_clock::time_point last_print_;
  bool drew_ = false;
};

// 1234567 -> "1,234,567".
std::string Thousands(std::int64_t value);

}  // namespace paraplan::cli
