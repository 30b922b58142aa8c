// The capture store over a backend's SQL session (store/sql_runner.h). The
// SQL is portable, so SQLite and PostgreSQL share this file; the tables are
// created by the "capture" migration in migrations.cpp.
//
// A record is one row of capture_record holding the current content as JSON
// (domain/capture_json.h) beside the columns lists filter on; every version,
// the first included, is a row of capture_version with who, when, why, the
// changed fields and the full content of that version.
#include "store/capture_store.h"

#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <tuple>

#include "domain/capture_json.h"
#include "store/sql_runner.h"

namespace paraplan {
namespace {

using nlohmann::json;
using sql::Row;
using sql::RowReader;
using sql::Rows;
using sql::Session;
using sql::Value;

constexpr std::string_view kRecordColumns =
    "id, recorded_by, review, reviewed_by, version, content";

// The record's content as stored: the JSON form without the server's fields,
// which live in their own columns.
std::string Content(const CaptureRecord& record) {
  json content = ToJson(record);
  for (const char* server_field : {"recorded_by", "review", "reviewed_by", "version"}) {
    content.erase(server_field);
  }
  return content.dump();
}

Result<CaptureRecord> ParseContent(const std::string& text) {
  json content = json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (content.is_discarded()) return Fail(Error::Internal("stored capture record is not JSON"));
  Result<CaptureRecord> record = CaptureFromJson(content);
  if (!record) {
    return Fail(Error::Internal("stored capture record is unreadable: " + record.error().message));
  }
  return record;
}

// Reads a row of kRecordColumns.
Result<CaptureRecord> ReadRecord(const Row& row) {
  RowReader reader(row, "capture_record");
  std::string id = reader.Text(0);
  Id recorded_by = reader.Int(1);
  ReviewState review = reader.Enum<ReviewState>(2);
  std::optional<Id> reviewed_by = reader.OptionalInt(3);
  std::int64_t version = reader.Int(4);
  std::string content = reader.Text(5);
  PARAPLAN_TRY(reader.Finish());
  CaptureRecord record = PARAPLAN_TRY(ParseContent(content));
  if (record.id != id)
    return Fail(Error::Internal("stored capture record " + id + " names another id"));
  record.recorded_by = recorded_by;
  record.review = review;
  record.reviewed_by = reviewed_by;
  record.version = version;
  return record;
}

Date RecordDate(const CaptureRecord& record) {
  return std::visit([](const auto& body) { return body.date; }, record.body);
}

Value ServiceColumn(const CaptureRecord& record) {
  if (const auto* session = std::get_if<ServiceSession>(&record.body))
    return sql::Int(session->service_id);
  return sql::Null();
}

std::string ChangesJson(const std::vector<FieldChange>& changes) {
  json list = json::array();
  for (const FieldChange& change : changes) {
    list.push_back({{"field", change.field}, {"before", change.before}, {"after", change.after}});
  }
  return list.dump();
}

Result<std::vector<FieldChange>> ParseChanges(const std::string& text) {
  json list = json::parse(text, nullptr, false);
  if (list.is_discarded() || !list.is_array()) {
    return Fail(Error::Internal("stored capture version changes are not a JSON list"));
  }
  std::vector<FieldChange> changes;
  for (const json& item : list) {
    if (!item.is_object() || !item.contains("field") || !item["field"].is_string() ||
        !item.contains("before") || !item["before"].is_string() || !item.contains("after") ||
        !item["after"].is_string()) {
      return Fail(Error::Internal("stored capture version change is malformed"));
    }
    changes.push_back({item["field"].get<std::string>(), item["before"].get<std::string>(),
                       item["after"].get<std::string>()});
  }
  return changes;
}

Error Refused(std::string_view id, std::string field, std::string reason) {
  // The message first: the order in which a call's arguments are evaluated
  // is unspecified, and GCC moved the field and reason out before it.
  std::string message = fmt::format("capture record {}: {} {}", id, field, reason);
  return Error::Invalid(std::move(message), {{std::move(field), std::move(reason)}});
}

// The roster lookups a record's checks make, each asked of the database once
// per transaction: the records of one sync batch mostly name the same
// student, para, services and goals (on PostgreSQL every lookup is a round
// trip), and capture records change none of them.
class RosterLookups {
 public:
  explicit RosterLookups(Session& session) : session_(session) {}

  // The district of the student, or nullopt when there is no such student.
  Result<std::optional<Id>> StudentDistrict(Id student_id) {
    return DistrictOf(students_, "student", student_id);
  }
  // The district of the staff member, or nullopt when there is none.
  Result<std::optional<Id>> StaffDistrict(Id staff_id) {
    return DistrictOf(staff_, "staff", staff_id);
  }

  // Whether the IEP item `item_id` in `table` belongs to one of the student's IEPs.
  Result<bool> BelongsToStudent(std::string_view table, Id item_id, Id student_id) {
    const auto key = std::make_tuple(std::string(table), item_id, student_id);
    if (auto known = items_.find(key); known != items_.end()) return known->second;
    Rows rows = PARAPLAN_TRY(
        session_.Query(fmt::format("SELECT 1 FROM {} item JOIN iep ON iep.id = item.iep_id "
                                   "WHERE item.id = ? AND iep.student_id = ?",
                                   table),
                       {sql::Int(item_id), sql::Int(student_id)}));
    return items_[key] = !rows.empty();
  }

 private:
  Result<std::optional<Id>> DistrictOf(std::map<Id, std::optional<Id>>& known,
                                       std::string_view table, Id id) {
    if (auto found = known.find(id); found != known.end()) return found->second;
    Rows rows = PARAPLAN_TRY(session_.Query(
        fmt::format("SELECT district_id FROM {} WHERE id = ?", table), {sql::Int(id)}));
    std::optional<Id> district;
    if (!rows.empty()) {
      RowReader reader(rows[0], table);
      district = reader.Int(0);
      PARAPLAN_TRY(reader.Finish());
    }
    return known[id] = district;
  }

  Session& session_;
  std::map<Id, std::optional<Id>> students_;
  std::map<Id, std::optional<Id>> staff_;
  std::map<std::tuple<std::string, Id, Id>, bool> items_;
};

class SqlCaptureStore final : public CaptureStore {
 public:
  explicit SqlCaptureStore(SqlRunner& runner) : runner_(runner) {}

  Result<CreateResult> Create(const CaptureRecord& record, Timestamp received_at) override {
    CreateResult result;
    Result<void> done = runner_.RunWrite([&](Session& session) -> Result<void> {
      RosterLookups lookups(session);
      result = PARAPLAN_TRY(CreateIn(session, lookups, record, received_at));
      return {};
    });
    if (!done) return Fail(done.error());
    return result;
  }

  Result<std::vector<Result<CreateResult>>> CreateBatch(std::span<const CaptureRecord> records,
                                                        Timestamp received_at) override {
    std::vector<Result<CreateResult>> results;
    Result<void> done = runner_.RunWrite([&](Session& session) -> Result<void> {
      // The runner may retry the whole transaction after contention.
      results.clear();
      RosterLookups lookups(session);
      for (const CaptureRecord& record : records) {
        // A savepoint per record keeps a refused record from touching the
        // others (PostgreSQL aborts the whole transaction on an error
        // otherwise).
        PARAPLAN_TRY(session.Execute("SAVEPOINT capture_item", {}));
        Result<CreateResult> created = CreateIn(session, lookups, record, received_at);
        if (!created) {
          ErrorCode code = created.error().code;
          // Failures of the database itself fail the batch, so the client
          // sends it again; refusals of one record are that record's answer.
          if (code == ErrorCode::kUnavailable || code == ErrorCode::kInternal) {
            return Fail(created.error());
          }
          PARAPLAN_TRY(session.Execute("ROLLBACK TO SAVEPOINT capture_item", {}));
        }
        PARAPLAN_TRY(session.Execute("RELEASE SAVEPOINT capture_item", {}));
        results.push_back(std::move(created));
      }
      return {};
    });
    if (!done) return Fail(done.error());
    return results;
  }

  Result<CaptureRecord> Get(std::string_view id) override {
    CaptureRecord record;
    Result<void> done = runner_.RunRead([&](Session& session) -> Result<void> {
      std::optional<CaptureRecord> found = PARAPLAN_TRY(Find(session, id));
      if (!found) return Fail(Error::NotFound(fmt::format("no capture record {}", id)));
      record = std::move(*found);
      return {};
    });
    if (!done) return Fail(done.error());
    return record;
  }

  Result<CaptureRecord> Correct(const CaptureRecord& corrected, std::int64_t expected_version,
                                Id changed_by, StaffRole changer_role, Timestamp at,
                                std::string_view reason) override {
    CaptureRecord stored;
    Result<void> done = runner_.RunWrite([&](Session& session) -> Result<void> {
      std::string id = LowerUuid(corrected.id);
      std::optional<CaptureRecord> current = PARAPLAN_TRY(Find(session, id));
      if (!current) return Fail(Error::NotFound(fmt::format("no capture record {}", id)));
      if (current->version != expected_version) {
        return Fail(Error::Conflict(fmt::format(
            "capture record {} is at version {}, not {}: read it again and re-apply the "
            "correction",
            id, current->version, expected_version)));
      }
      CaptureRecord next = corrected;
      next.id = id;
      if (next.Kind() != current->Kind()) {
        return Fail(Refused(id, "kind", "cannot change in a correction"));
      }
      if (next.created_at != current->created_at) {
        return Fail(Refused(id, "created_at", "cannot change in a correction"));
      }
      if (next.student_id != current->student_id) {
        return Fail(Refused(id, "student_id", "cannot change in a correction"));
      }
      next.recorded_by = current->recorded_by;
      std::vector<FieldChange> changes = Diff(*current, next);
      if (changes.empty()) {
        stored = std::move(*current);
        return {};
      }
      RosterLookups lookups(session);
      const Id district_id = PARAPLAN_TRY(CheckReferences(session, lookups, next));
      next.version = current->version + 1;
      next.review = InitialReview(changer_role);
      next.reviewed_by =
          next.review == ReviewState::kReviewed ? std::optional<Id>(changed_by) : std::nullopt;
      std::int64_t changed = PARAPLAN_TRY(session.Execute(
          "UPDATE capture_record SET content = ?, version = ?, review = ?, reviewed_by = ?, "
          "record_date = ?, service_id = ?, minutes = ? WHERE id = ? AND version = ?",
          {sql::Text(Content(next)), sql::Int(next.version), sql::EnumValue(next.review),
           sql::OptionalId(next.reviewed_by), sql::DateValue(RecordDate(next)), ServiceColumn(next),
           sql::Int(CountedMinutes(next)), sql::Text(id), sql::Int(current->version)}));
      if (changed != 1) return Fail(Error::Conflict(fmt::format("capture record {} changed", id)));
      PARAPLAN_TRY(InsertVersion(session, next, district_id, changed_by, at, reason, changes));
      stored = std::move(next);
      return {};
    });
    if (!done) return Fail(done.error());
    return stored;
  }

  Result<CaptureRecord> MarkReviewed(std::string_view id, std::int64_t expected_version,
                                     Id reviewer) override {
    CaptureRecord stored;
    Result<void> done = runner_.RunWrite([&](Session& session) -> Result<void> {
      std::optional<CaptureRecord> current = PARAPLAN_TRY(Find(session, id));
      if (!current) return Fail(Error::NotFound(fmt::format("no capture record {}", id)));
      if (current->version != expected_version) {
        return Fail(Error::Conflict(fmt::format("capture record {} is at version {}, not {}", id,
                                                current->version, expected_version)));
      }
      PARAPLAN_TRY(session.Execute(
          "UPDATE capture_record SET review = ?, reviewed_by = ? WHERE id = ?",
          {sql::EnumValue(ReviewState::kReviewed), sql::Int(reviewer), sql::Text(current->id)}));
      current->review = ReviewState::kReviewed;
      current->reviewed_by = reviewer;
      stored = std::move(*current);
      return {};
    });
    if (!done) return Fail(done.error());
    return stored;
  }

  Result<std::vector<CaptureVersion>> History(std::string_view id) override {
    std::vector<CaptureVersion> versions;
    Result<void> done = runner_.RunRead([&](Session& session) -> Result<void> {
      std::string key = LowerUuid(id);
      std::optional<CaptureRecord> current = PARAPLAN_TRY(Find(session, key));
      if (!current) return Fail(Error::NotFound(fmt::format("no capture record {}", key)));
      Rows rows = PARAPLAN_TRY(
          session.Query("SELECT version, changed_by, changed_at, reason, changes, content "
                        "FROM capture_version WHERE record_id = ? ORDER BY version",
                        {sql::Text(key)}));
      for (const Row& row : rows) {
        RowReader reader(row, "capture_version");
        CaptureVersion version;
        version.version = reader.Int(0);
        version.changed_by = reader.Int(1);
        std::string changed_at = reader.Text(2);
        version.reason = reader.Text(3);
        std::string changes = reader.Text(4);
        std::string content = reader.Text(5);
        PARAPLAN_TRY(reader.Finish());
        std::optional<Timestamp> when = ParseTimestamp(changed_at);
        if (!when) return Fail(Error::Internal("stored capture version time is unreadable"));
        version.changed_at = *when;
        version.changes = PARAPLAN_TRY(ParseChanges(changes));
        version.record = PARAPLAN_TRY(ParseContent(content));
        version.record.recorded_by = current->recorded_by;
        version.record.version = version.version;
        versions.push_back(std::move(version));
      }
      return {};
    });
    if (!done) return Fail(done.error());
    return versions;
  }

  Result<std::vector<CaptureRecord>> List(const CaptureFilter& filter) override {
    std::string where = "id > ?";
    std::vector<Value> params = {sql::Text(LowerUuid(filter.after))};
    if (filter.student_id) {
      where += " AND student_id = ?";
      params.push_back(sql::Int(*filter.student_id));
    }
    if (filter.recorded_by) {
      where += " AND recorded_by = ?";
      params.push_back(sql::Int(*filter.recorded_by));
    }
    if (filter.kind) {
      where += " AND kind = ?";
      params.push_back(sql::EnumValue(*filter.kind));
    }
    if (filter.review) {
      where += " AND review = ?";
      params.push_back(sql::EnumValue(*filter.review));
    }
    if (filter.from) {
      where += " AND record_date >= ?";
      params.push_back(sql::DateValue(*filter.from));
    }
    if (filter.to) {
      where += " AND record_date <= ?";
      params.push_back(sql::DateValue(*filter.to));
    }
    params.push_back(sql::Int(std::clamp(filter.limit, 1, 1000)));
    std::string statement = fmt::format(
        "SELECT {} FROM capture_record WHERE {} ORDER BY id LIMIT ?", kRecordColumns, where);
    std::vector<CaptureRecord> records;
    Result<void> done = runner_.RunRead([&](Session& session) -> Result<void> {
      records.clear();
      Rows rows = PARAPLAN_TRY(session.Query(statement, std::span<const Value>(params)));
      for (const Row& row : rows) records.push_back(PARAPLAN_TRY(ReadRecord(row)));
      return {};
    });
    if (!done) return Fail(done.error());
    return records;
  }

  Result<std::vector<CaptureRecord>> ServiceSessions(Id school_id, std::optional<Date> from,
                                                     Date before) override {
    // The kind is written out, not bound, so that the partial index
    // capture_service_sessions answers the query.
    static_assert(NameOf(CaptureKind::kServiceSession) == "service_session");
    const std::string statement = fmt::format(
        "SELECT {} FROM capture_record WHERE kind = 'service_session' AND record_date < ? {}"
        "AND student_id IN (SELECT id FROM student WHERE school_id = ?)",
        kRecordColumns, from ? "AND record_date >= ? " : "");
    std::vector<Value> params = {sql::DateValue(before)};
    if (from) params.push_back(sql::DateValue(*from));
    params.push_back(sql::Int(school_id));
    std::vector<CaptureRecord> records;
    Result<void> done = runner_.RunRead([&](Session& session) -> Result<void> {
      records.clear();
      Rows rows = PARAPLAN_TRY(session.Query(statement, std::span<const Value>(params)));
      records.reserve(rows.size());
      for (const Row& row : rows) records.push_back(PARAPLAN_TRY(ReadRecord(row)));
      return {};
    });
    if (!done) return Fail(done.error());
    return records;
  }

  Result<std::int64_t> Count() override {
    std::int64_t count = 0;
    Result<void> done = runner_.RunRead([&](Session& session) -> Result<void> {
      Rows rows = PARAPLAN_TRY(session.Query("SELECT COUNT(*) FROM capture_record", {}));
      RowReader reader(rows.at(0), "capture_record");
      count = reader.Int(0);
      return reader.Finish();
    });
    if (!done) return Fail(done.error());
    return count;
  }

 private:
  Result<std::optional<CaptureRecord>> Find(Session& session, std::string_view id) {
    Rows rows = PARAPLAN_TRY(
        session.Query(fmt::format("SELECT {} FROM capture_record WHERE id = ?", kRecordColumns),
                      {sql::Text(LowerUuid(id))}));
    if (rows.empty()) return std::optional<CaptureRecord>();
    return std::optional<CaptureRecord>(PARAPLAN_TRY(ReadRecord(rows[0])));
  }

  // The content the record was created with (version 1).
  Result<CaptureRecord> Original(Session& session, const CaptureRecord& current) {
    Rows rows = PARAPLAN_TRY(
        session.Query("SELECT content FROM capture_version WHERE record_id = ? AND version = 1",
                      {sql::Text(current.id)}));
    if (rows.empty()) {
      return Fail(
          Error::Internal(fmt::format("capture record {} has no first version", current.id)));
    }
    RowReader reader(rows[0], "capture_version");
    std::string content = reader.Text(0);
    PARAPLAN_TRY(reader.Finish());
    CaptureRecord original = PARAPLAN_TRY(ParseContent(content));
    original.recorded_by = current.recorded_by;
    return original;
  }

  Result<CreateResult> CreateIn(Session& session, RosterLookups& lookups,
                                const CaptureRecord& input, Timestamp received_at) {
    CaptureRecord record = input;
    record.id = LowerUuid(record.id);
    // The insert comes first and the unique id decides whether the record
    // is new, rather than a look for the id before it. On PostgreSQL a
    // serialisable look that finds nothing locks the index page (or the
    // whole table, while it is small) against every other writer's insert,
    // so concurrent creates failed each other and were retried.
    Result<Id> district_id = CheckReferences(session, lookups, record);
    if (!district_id) {
      // A record sent again is answered as it was the first time, even if
      // what it names has changed since.
      std::optional<CaptureRecord> existing = PARAPLAN_TRY(Find(session, record.id));
      if (existing) return Existing(session, record);
      return Fail(district_id.error());
    }
    record.version = 1;
    if (record.review == ReviewState::kPending) record.reviewed_by.reset();
    Rows inserted = PARAPLAN_TRY(session.Query(
        "INSERT INTO capture_record (id, district_id, kind, student_id, recorded_by, created_at, "
        "record_date, service_id, minutes, review, reviewed_by, version, content, received_at) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING "
        "RETURNING id",
        {sql::Text(record.id), sql::Int(*district_id), sql::EnumValue(record.Kind()),
         sql::Int(record.student_id), sql::Int(record.recorded_by),
         sql::Text(FormatTimestamp(record.created_at)), sql::DateValue(RecordDate(record)),
         ServiceColumn(record), sql::Int(CountedMinutes(record)), sql::EnumValue(record.review),
         sql::OptionalId(record.reviewed_by), sql::Int(record.version), sql::Text(Content(record)),
         sql::Text(FormatTimestamp(received_at))}));
    if (inserted.empty()) return Existing(session, record);
    std::vector<FieldChange> created;
    for (auto& [field, value] : Fields(record)) created.push_back({field, "", value});
    PARAPLAN_TRY(InsertVersion(session, record, *district_id, record.recorded_by, received_at,
                               "created", created));
    return CreateResult{std::move(record), CreateOutcome::kCreated};
  }

  // The answer to a create whose id is taken: unchanged when it is the
  // same record sent again, refused when the id names other content.
  Result<CreateResult> Existing(Session& session, const CaptureRecord& record) {
    std::optional<CaptureRecord> existing = PARAPLAN_TRY(Find(session, record.id));
    if (!existing) {
      return Fail(Error::Internal(fmt::format("capture record {} vanished", record.id)));
    }
    CaptureRecord original = PARAPLAN_TRY(Original(session, *existing));
    if (!SameContent(original, record)) {
      return Fail(Refused(record.id, "id",
                          "is already used by a record with other content; correct that "
                          "record instead of creating it again"));
    }
    return CreateResult{std::move(*existing), CreateOutcome::kUnchanged};
  }

  Result<void> InsertVersion(Session& session, const CaptureRecord& record, Id district_id,
                             Id changed_by, Timestamp at, std::string_view reason,
                             const std::vector<FieldChange>& changes) {
    PARAPLAN_TRY(session.Execute(
        "INSERT INTO capture_version (record_id, version, district_id, changed_by, changed_at, "
        "reason, changes, content) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        {sql::Text(record.id), sql::Int(record.version), sql::Int(district_id),
         sql::Int(changed_by), sql::Text(FormatTimestamp(at)), sql::Text(reason),
         sql::Text(ChangesJson(changes)), sql::Text(Content(record))}));
    return {};
  }

  // Checks what the record refers to and returns the student's district.
  Result<Id> CheckReferences(Session& session, RosterLookups& lookups,
                             const CaptureRecord& record) {
    const std::optional<Id> district = PARAPLAN_TRY(lookups.StudentDistrict(record.student_id));
    if (!district) return Fail(Refused(record.id, "student_id", "names no student"));
    const std::optional<Id> recorder = PARAPLAN_TRY(lookups.StaffDistrict(record.recorded_by));
    if (!recorder) return Fail(Refused(record.id, "recorded_by", "names no staff member"));
    if (*recorder != *district) {
      return Fail(Refused(record.id, "recorded_by", "works in another district than the student"));
    }
    return std::visit(
        [&](const auto& body) -> Result<Id> {
          PARAPLAN_TRY(CheckBody(session, lookups, record, *district, body));
          return *district;
        },
        record.body);
  }

  Result<void> CheckBody(Session& session, RosterLookups& lookups, const CaptureRecord& record,
                         Id district, const ServiceSession& body) {
    if (!PARAPLAN_TRY(
            lookups.BelongsToStudent("iep_service", body.service_id, record.student_id))) {
      return Fail(Refused(record.id, "service_id", "names no service of the student's IEP"));
    }
    // Staff of another district read as no staff at all: the answer does not
    // tell which ids exist elsewhere.
    if (PARAPLAN_TRY(lookups.StaffDistrict(body.provider_id)) != district) {
      return Fail(
          Refused(record.id, "provider_id", "names no staff member of the student's district"));
    }
    if (!body.makes_up) return {};
    std::optional<CaptureRecord> missed = PARAPLAN_TRY(Find(session, *body.makes_up));
    const ServiceSession* missed_session =
        missed ? std::get_if<ServiceSession>(&missed->body) : nullptr;
    if (!missed_session || missed->student_id != record.student_id ||
        missed_session->service_id != body.service_id ||
        missed_session->outcome != SessionOutcome::kMissed) {
      return Fail(Refused(record.id, "makes_up",
                          "names no missed session of the same student and service"));
    }
    return {};
  }

  Result<void> CheckBody(Session& session, RosterLookups& lookups, const CaptureRecord& record, Id,
                         const GoalObservation& body) {
    if (!PARAPLAN_TRY(lookups.BelongsToStudent("iep_goal", body.goal_id, record.student_id))) {
      return Fail(Refused(record.id, "goal_id", "names no goal of the student's IEP"));
    }
    // The session an observation was taken in may reach the server later
    // (it is recorded when it ends), so only a session that is already
    // stored is checked.
    if (body.session) {
      std::optional<CaptureRecord> session_record = PARAPLAN_TRY(Find(session, *body.session));
      if (session_record && (session_record->Kind() != CaptureKind::kServiceSession ||
                             session_record->student_id != record.student_id)) {
        return Fail(
            Refused(record.id, "session", "names a record that is not a session of this student"));
      }
    }
    return {};
  }

  Result<void> CheckBody(Session&, RosterLookups& lookups, const CaptureRecord& record, Id,
                         const FidelityCheck& body) {
    if (!PARAPLAN_TRY(lookups.BelongsToStudent("iep_accommodation", body.accommodation_id,
                                               record.student_id))) {
      return Fail(
          Refused(record.id, "accommodation_id", "names no accommodation of the student's IEP"));
    }
    return {};
  }

  Result<void> CheckBody(Session&, RosterLookups&, const CaptureRecord&, Id,
                         const BehaviorIncident&) {
    return {};
  }
  Result<void> CheckBody(Session&, RosterLookups&, const CaptureRecord&, Id,
                         const SelfMonitoringEntry&) {
    return {};
  }

  SqlRunner& runner_;
};

}  // namespace

std::unique_ptr<CaptureStore> MakeCaptureStore(SqlRunner& runner) {
  return std::make_unique<SqlCaptureStore>(runner);
}

}  // namespace paraplan
