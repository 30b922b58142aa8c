#include "interop/report.h"

#include <fmt/format.h>

namespace paraplan {

void ImportReport::Count(std::string_view kind, Action action) {
  auto it = counts_.find(kind);
  if (it == counts_.end()) it = counts_.emplace(std::string(kind), std::array<std::int64_t, 5>{}).first;
  ++it->second[static_cast<std::size_t>(action)];
}

void ImportReport::Add(ImportProblem problem) {
  if (problem.severity == Severity::kError) {
    ++errors_;
  } else {
    ++warnings_;
  }
  if (problems_.size() >= kMaxKeptProblems) {
    ++dropped_;
    return;
  }
  problems_.push_back(std::move(problem));
}

std::int64_t ImportReport::Counted(std::string_view kind, Action action) const {
  auto it = counts_.find(kind);
  if (it == counts_.end()) return 0;
  return it->second[static_cast<std::size_t>(action)];
}

std::int64_t ImportReport::TotalRecords() const {
  std::int64_t total = 0;
  for (const auto& [kind, counts] : counts_) {
    for (std::int64_t count : counts) total += count;
  }
  return total;
}

std::int64_t ImportReport::ProblemsMentioning(std::string_view text) const {
  std::int64_t count = 0;
  for (const ImportProblem& problem : problems_) {
    if (problem.reason.find(text) != std::string::npos) ++count;
  }
  return count;
}

void ImportReport::Print(std::ostream& out) const {
  out << fmt::format("{:<22} {:>9} {:>9} {:>9} {:>9} {:>9}\n", "record", "create", "update",
                     "unchanged", "delete", "skip");
  for (const auto& [kind, counts] : counts_) {
    out << fmt::format("{:<22} {:>9} {:>9} {:>9} {:>9} {:>9}\n", kind, counts[0], counts[1],
                       counts[2], counts[3], counts[4]);
  }
  out << fmt::format("{} error(s), {} warning(s)\n", errors_, warnings_);
  for (const ImportProblem& problem : problems_) {
    std::string where = problem.line > 0 ? fmt::format("{}:{}", problem.file, problem.line)
                                         : problem.file;
    out << fmt::format("{:<7} {} {}: {}\n",
                       problem.severity == Severity::kError ? "error" : "warning", where,
                       problem.element, problem.reason);
  }
  if (dropped_ > 0) out << fmt::format("... and {} more problem(s) not listed\n", dropped_);
  if (!refusal.empty()) out << "not applied: " << refusal << "\n";
}

}  // namespace paraplan
