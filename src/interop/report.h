// What an import did, or would do in a dry run: per kind of record how many
// were created, updated, left unchanged, deleted or skipped, and every
// problem found with the file, the line or element, and the reason.
#pragma once

#include <array>
#include <cstdint>
#include <map>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

namespace paraplan {

// kError: the record cannot be imported as it stands (missing reference,
// malformed value, duplicate id); an import refuses to apply while there is
// one, unless told to skip invalid records. kWarning: imported, but the
// source disagrees with itself or with paraplan (hours against setting).
enum class Severity { kWarning, kError };

enum class Action { kCreate, kUpdate, kUnchanged, kDelete, kSkip };

struct ImportProblem {
  Severity severity = Severity::kError;
  std::string file;     // file name within the import folder
  std::int64_t line = 0;  // 1-based line where the record starts; 0 when unknown
  std::string element;  // record, e.g. "StudentSpecialEducationProgramAssociation 604872"
  std::string reason;
};

class ImportReport {
 public:
  // Keeps at most this many problems in memory; the rest are only counted, so
  // a badly broken multi-gigabyte file cannot exhaust memory.
  static constexpr std::size_t kMaxKeptProblems = 10000;

  void Count(std::string_view kind, Action action);
  void Add(ImportProblem problem);

  std::int64_t Counted(std::string_view kind, Action action) const;
  std::int64_t TotalRecords() const;  // every counted action, all kinds
  const std::vector<ImportProblem>& problems() const { return problems_; }
  std::int64_t errors() const { return errors_; }
  std::int64_t warnings() const { return warnings_; }
  // Problems whose reason contains `text`, for tests and summaries.
  std::int64_t ProblemsMentioning(std::string_view text) const;

  // Whether the records were written (false for a dry run or a refusal).
  bool applied = false;
  // Why nothing was written, when an --apply was refused.
  std::string refusal;

  // Prints the counts table, then every problem, one per line:
  // "error   StudentProgram.xml:1234 <element>: reason".
  void Print(std::ostream& out) const;

 private:
  std::map<std::string, std::array<std::int64_t, 5>, std::less<>> counts_;
  std::vector<ImportProblem> problems_;
  std::int64_t errors_ = 0;
  std::int64_t warnings_ = 0;
  std::int64_t dropped_ = 0;
};

}  // namespace paraplan
