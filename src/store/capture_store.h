// Storage of captured classroom data (domain/capture.h): idempotent creation
// by the client's record id, corrections as new versions, review by a
// licensed educator. Kept apart from store.h because it has its own
// contract: records are never overwritten, only versioned.
//
// Contract, for every backend:
//  - Create stores a record under its client id. Sending the same id with
//    the same content again returns the stored record and stores nothing
//    (kUnchanged), however many times and whatever happened since (a later
//    correction included). The same id with other content is refused with
//    kInvalidArgument naming the id.
//  - A record acknowledged by Create, CreateBatch or Correct is durable.
//  - Correct never overwrites: it appends version n+1 with who, when, why
//    and the changed fields; History returns every version.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "domain/capture.h"
#include "domain/error.h"
#include "domain/model.h"

namespace paraplan {

enum class CreateOutcome { kCreated, kUnchanged };

struct CreateResult {
  CaptureRecord record;  // as stored
  CreateOutcome outcome = CreateOutcome::kCreated;
};

// One version of a record: who made it, when, why, and what it changed
// (for version 1, every field it was created with).
struct CaptureVersion {
  std::int64_t version = 0;
  Id changed_by = 0;
  Timestamp changed_at{};
  std::string reason;
  std::vector<FieldChange> changes;
  CaptureRecord record;  // the record as of this version
};

struct CaptureFilter {
  std::optional<Id> student_id;
  std::optional<Id> recorded_by;
  std::optional<CaptureKind> kind;
  std::optional<ReviewState> review;
  std::optional<Date> from;  // the day the data is for, inclusive
  std::optional<Date> to;
  std::string after;  // keyset paging: records whose id sorts after this one
  int limit = 100;
};

class CaptureStore {
 public:
  virtual ~CaptureStore() = default;

  // Stores a record whose content has been validated and whose recorded_by
  // and review the caller has set. Also refuses (kInvalidArgument, naming
  // the field) a student, recorder, service, goal or accommodation that does
  // not exist or does not belong to the student, and a make-up that names
  // no missed session of the same student and service.
  virtual Result<CreateResult> Create(const CaptureRecord& record, Timestamp received_at) = 0;

  // Stores a batch in one durable commit, answering for each record in
  // order; one refused record does not affect the others.
  virtual Result<std::vector<Result<CreateResult>>> CreateBatch(
      std::span<const CaptureRecord> records, Timestamp received_at) = 0;

  virtual Result<CaptureRecord> Get(std::string_view id) = 0;

  // Appends a corrected version. `corrected` carries the same id, creation
  // time, student and recorder; kConflict when `expected_version` is not the
  // current version; kUnchanged-like success (same record, no new version)
  // when nothing changed. A correction by a paraeducator makes the record
  // pending again; by a licensed educator, reviewed.
  virtual Result<CaptureRecord> Correct(const CaptureRecord& corrected,
                                        std::int64_t expected_version, Id changed_by,
                                        StaffRole changer_role, Timestamp at,
                                        std::string_view reason) = 0;

  // Marks a record reviewed by a licensed educator (kConflict on a stale
  // version). Review state is not content: it makes no new version.
  virtual Result<CaptureRecord> MarkReviewed(std::string_view id, std::int64_t expected_version,
                                             Id reviewer) = 0;

  virtual Result<std::vector<CaptureVersion>> History(std::string_view id) = 0;

  virtual Result<std::vector<CaptureRecord>> List(const CaptureFilter& filter) = 0;

  // Every service session (delivered, missed or a make-up) of a school's
  // students dated from `from` (when given) to the day before `before`, in
  // no particular order: what the make-up minutes owed at the start of a
  // week are counted from, and what a week delivered. One read through the
  // index of service sessions by student and day.
  virtual Result<std::vector<CaptureRecord>> ServiceSessions(Id school_id, std::optional<Date> from,
                                                             Date before) = 0;

  virtual Result<std::int64_t> Count() = 0;
};

class SqlRunner;

// The capture store over a backend's SQL session; `runner` must outlive it.
std::unique_ptr<CaptureStore> MakeCaptureStore(SqlRunner& runner);

}  // namespace paraplan
