#include "cli/progress.h"

#include <unistd.h>

#include <cstdio>

#include <fmt/format.h>

namespace paraplan::cli {

std::string Thousands(std::int64_t value) {
  std::string digits = std::to_string(value < 0 ? -value : value);
  std::string result;
  for (std::size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) result.push_back(',');
    result.push_back(digits[i]);
  }
  return value < 0 ? "-" + result : result;
}

ProgressPrinter::ProgressPrinter(std::string unit, std::int64_t total, Output output,
                                 std::int64_t quiet_below)
    : unit_(std::move(unit)),
      total_(total),
      start_(std::chrono::steady_clock::now()),
      last_print_(start_) {
  switch (output) {
    case Output::kQuiet: mode_ = Mode::kQuiet; break;
    case Output::kLines: mode_ = Mode::kLines; break;
    case Output::kAuto:
      if (total < quiet_below) {
        mode_ = Mode::kQuiet;
      } else {
        mode_ = isatty(STDERR_FILENO) ? Mode::kBar : Mode::kLines;
      }
      break;
  }
}

void ProgressPrinter::Update(std::int64_t done) {
  if (mode_ == Mode::kQuiet) return;
  const auto now = std::chrono::steady_clock::now();
  const double elapsed = std::chrono::duration<double>(now - start_).count();
  const double since_print = std::chrono::duration<double>(now - last_print_).count();
  const double rate = elapsed > 0 ? static_cast<double>(done) / elapsed : 0;
  const double fraction = total_ > 0 ? static_cast<double>(done) / static_cast<double>(total_) : 1;
  if (mode_ == Mode::kBar) {
    // Redrawing more often than ten times a second only costs time.
    if (since_print < 0.1 && done < total_) return;
    constexpr int kWidth = 30;
    const int filled = static_cast<int>(fraction * kWidth);
    std::string bar(static_cast<std::size_t>(filled), '#');
    bar.resize(kWidth, '.');
    std::fprintf(stderr, "\r[%s] %s/%s %s  %s/s   ", bar.c_str(), Thousands(done).c_str(),
                 Thousands(total_).c_str(), unit_.c_str(),
                 Thousands(static_cast<std::int64_t>(rate)).c_str());
    std::fflush(stderr);
    drew_ = true;
  } else {
    if (since_print < 2.0 && done < total_) return;
    std::fprintf(stderr, "%s/%s %s (%.0f%%), %s/s\n", Thousands(done).c_str(),
                 Thousands(total_).c_str(), unit_.c_str(), fraction * 100,
                 Thousands(static_cast<std::int64_t>(rate)).c_str());
    std::fflush(stderr);
  }
  last_print_ = now;
}

void ProgressPrinter::Finish() {
  if (mode_ == Mode::kBar && drew_) std::fputc('\n', stderr);
  drew_ = false;
}

}  // namespace paraplan::cli
