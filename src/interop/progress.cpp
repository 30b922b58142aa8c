#include "interop/progress.h"

#include <unistd.h>

#include <algorithm>
#include <string>

namespace paraplan {

ProgressBar::ProgressBar(std::FILE* out) {
  if (out != nullptr && isatty(fileno(out)) == 1) out_ = out;
}

ProgressBar::~ProgressBar() { Finish(); }

void ProgressBar::Start(std::string label, std::int64_t total_bytes) {
  Finish();
  label_ = std::move(label);
  total_ = total_bytes;
  drawn_percent_ = -1;
  Update(0);
}

void ProgressBar::Update(std::int64_t bytes_done) {
  if (out_ == nullptr || total_ <= 0) return;
  int percent = static_cast<int>(std::clamp<std::int64_t>(bytes_done * 100 / total_, 0, 100));
  if (percent == drawn_percent_) return;
  drawn_percent_ = percent;
  constexpr int kWidth = 30;
  int filled = percent * kWidth / 100;
  std::string bar(static_cast<std::size_t>(filled), '#');
  bar.append(static_cast<std::size_t>(kWidth - filled), '.');
  std::fprintf(out_, "\r%-28.28s [%s] %3d%%", label_.c_str(), bar.c_str(), percent);
  std::fflush(out_);
}

void ProgressBar::Finish() {
  if (out_ == nullptr || drawn_percent_ < 0) return;
  std::fputc('\n', out_);
  drawn_percent_ = -1;
}

}  // namespace paraplan
