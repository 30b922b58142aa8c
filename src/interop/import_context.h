// What the Ed-Fi and OneRoster importers share: options, the run inside one
// store transaction (rolled back for a dry run or a refusal), and writing a
// record idempotently by its source id.
#pragma once

#include <cstdio>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "domain/error.h"
#include "domain/model.h"
#include "interop/progress.h"
#include "interop/report.h"
#include "interop/staging.h"
#include "store/program_store.h"
#include "store/store.h"

namespace paraplan {

enum class ImportMode {
  kDryRun,  // read, map and check everything; report; write nothing
  kApply,   // write everything in one transaction
};

enum class ProblemPolicy {
  kRefuseOnError,       // any error refuses the whole import; nothing is written
  kSkipInvalidRecords,  // records with errors are skipped, the rest is written
};

struct ImportOptions {
  ImportMode mode = ImportMode::kDryRun;
  ProblemPolicy policy = ProblemPolicy::kRefuseOnError;
  std::FILE* progress = nullptr;  // where to draw a progress bar; nullptr for none
};

// Whether a write created, changed or left a record alone.
enum class Outcome { kCreated, kUpdated, kUnchanged };

// State of one import run. Importers report problems through it and write
// through its Transaction.
class ImportContext {
 public:
  ImportContext(Transaction& transaction, StagingIndex& staging_index, ImportReport& import_report,
                ProgressBar& progress_bar)
      : tx(transaction), staging(staging_index), report(import_report), progress(progress_bar) {}

  Transaction& tx;
  // The stated records (absences, special education programs) in the same
  // transaction; nullptr when the store has no SQL backend to keep them.
  ProgramStore* programs = nullptr;
  StagingIndex& staging;
  ImportReport& report;
  ProgressBar& progress;

  // The file being read and the record being mapped, for problem reports.
  std::string file;
  std::int64_t line = 0;
  std::string element;

  void Problem(Severity severity, std::string reason);
  void Error(std::string reason) { Problem(Severity::kError, std::move(reason)); }
  void Warning(std::string reason) { Problem(Severity::kWarning, std::move(reason)); }

  // Records that `source_id` of `kind` appeared in this import; reports a
  // duplicate id error and returns false when it appeared before.
  Result<bool> FirstSighting(std::string_view kind, std::string_view source_id);

  // Copies the imported fields of `incoming` onto `stored` and says whether
  // any changed; fields paraplan owns (a student's case manager, a staff
  // member's skills) are left alone, which is what makes a re-import safe.
  template <typename T>
  using Merge = std::function<bool(T& stored, const T& incoming)>;

  // Inserts the record, or updates the stored record with the same source id
  // when `merge` finds a difference. Counts the outcome under `kind` and
  // returns the record's id. A duplicate source id in this import, or a store
  // refusal (validation, a missing reference), becomes an error problem and a
  // skip (nullopt), not a failure of the import.
  Result<std::optional<Id>> Upsert(const District& record, const Merge<District>& merge);
  Result<std::optional<Id>> Upsert(const School& record, const Merge<School>& merge);
  Result<std::optional<Id>> Upsert(const Room& record, Id district_id, const Merge<Room>& merge);
  Result<std::optional<Id>> Upsert(const Staff& record, const Merge<Staff>& merge);
  Result<std::optional<Id>> Upsert(const Student& record, Id district_id,
                                   const Merge<Student>& merge);
  Result<std::optional<Id>> Upsert(const Section& record, Id district_id,
                                   const Merge<Section>& merge);
  Result<std::optional<Id>> Upsert(const Iep& record, Id district_id, const Merge<Iep>& merge);
  Result<std::optional<Id>> Upsert(const Guardian& record, const Merge<Guardian>& merge);

  // Inserts a record kept as the source states it, or replaces the stored
  // one with the same source id when any field differs; counted under
  // `absence` or `special_education_program`. Refusals and duplicate ids are
  // error problems and a skip (nullopt); without a program store the record
  // is counted as skipped.
  Result<std::optional<Id>> Put(const StaffAbsence& record);
  Result<std::optional<Id>> Put(const SpecialEducationProgram& record);

  // The id of the record of `kind` with `source_id`, or nullopt after
  // reporting a missing-reference error that names `what`.
  Result<std::optional<Id>> Resolve(RecordKind kind, Id district_id, std::string_view source_id,
                                    std::string_view what);

  // Turns a store error into a problem on the current record when it is the
  // input's fault; store failures (kInternal, kUnavailable) propagate.
  Result<void> Refused(std::string_view kind, const paraplan::Error& error);

 private:
  template <typename T, typename Getter, typename Merge>
  Result<std::optional<Id>> UpsertBySource(std::string_view kind_name, RecordKind kind,
                                           Id district_id, const T& record, Getter get,
                                           const Merge& merge);
  template <typename T, typename Getter>
  Result<std::optional<Id>> PutStated(std::string_view kind_name, const T& record,
                                      std::optional<Id> existing, Getter get);
};

// Runs `work` in one store write transaction with a fresh report. A dry run
// always rolls back; an apply rolls back when the policy refuses errors and
// some were found, or when `work` fails. The report says which happened.
// Fails only when the store or the input folder fails, not for problems in
// the data.
Result<ImportReport> RunImport(Store& store, const ImportOptions& options,
                               const std::function<Result<void>(ImportContext&)>& work);

// Sets `target` to `value`; true when that changed it. For Merge functions.
template <typename F>
bool Assign(F& target, const F& value) {
  if (target == value) return false;
  target = value;
  return true;
}

// Reads "YYYY-MM-DD"; reports an error naming `field` and returns nullopt
// when the text is not a date.
std::optional<Date> ParseDateField(ImportContext& context, std::string_view field,
                                   std::string_view text);

}  // namespace paraplan
