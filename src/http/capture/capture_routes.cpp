#include "http/capture/capture_routes.h"

#include <charconv>
#include <map>
#include <optional>
#include <set>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "domain/capture_json.h"
#include "domain/json_reader.h"
#include "http/errors.h"
#include "http/json_body.h"
#include "http/plans/staff_actor.h"
#include "http/resources/access_guard.h"
#include "rules/role_boundaries.h"

namespace paraplan::http {
namespace {

using json_reader::Name;
using nlohmann::json;

json ErrorJson(const Error& error) {
  json fields = json::array();
  for (const FieldProblem& problem : error.fields) {
    fields.push_back({{"field", problem.field}, {"reason", problem.reason}});
  }
  return {{"code", ToString(error.code)}, {"message", error.message}, {"fields", std::move(fields)}};
}

// Whether the caller may record data for, or read the data of, a student:
// the access policy's decision on the student's classroom data
// (RecordFamily::kCapture), made and audited by the AccessGuard as every
// other student-record access is. A para sees only students assigned to
// them, a teacher those of their sections, a special educator or provider
// their caseload. A student the caller may not see is kNotFound, as for a
// student that does not exist. Call Finish once the store transaction ends.
class StudentGate {
 public:
  StudentGate(const AccessSources& sources, Context& context, const Request& request)
      : guard_(sources, context, request) {}

  // Decides (and audits) `action` once per student in this request.
  Result<void> Check(Transaction& tx, Id student_id, AccessAction action) {
    auto known = decided_.find({student_id, action});
    if (known != decided_.end()) return known->second;
    Result<void> decision = Decide(tx, student_id, action);
    decided_.emplace(std::pair{student_id, action}, decision);
    return decision;
  }

  // Whether the caller may read this student's data, for filtering a list;
  // audits only what it allows, since the list shows only that.
  Result<bool> Shows(Transaction& tx, Id student_id) {
    auto known = shown_.find(student_id);
    if (known != shown_.end()) return known->second;
    // Already decided (and audited) for this request by Check.
    auto checked = decided_.find({student_id, AccessAction::kRead});
    if (checked != decided_.end()) return checked->second.has_value();
    Result<Student> student = tx.GetStudent(student_id);
    bool shows = false;
    if (student) {
      Decision decision = PARAPLAN_TRY(
          guard_.Peek(tx, *student, AccessAction::kRead, RecordFamily::kCapture));
      shows = decision.allowed();
      if (shows) {
        guard_.Record(*student, RecordFamily::kCapture, 0, AccessAction::kRead, decision);
      }
    } else if (student.error().code != ErrorCode::kNotFound) {
      return Fail(student.error());
    }
    shown_.emplace(student_id, shows);
    return shows;
  }

  // Records that the caller was refused `action` on this student's data by
  // `rule`, a rule of the capture records rather than of the student (a para
  // reaching for a record someone else took).
  Result<void> Refuse(Transaction& tx, Id student_id, AccessAction action, AccessRule rule) {
    Result<Student> student = tx.GetStudent(student_id);
    if (!student) {
      return student.error().code == ErrorCode::kNotFound ? Result<void>{}
                                                          : Fail(student.error());
    }
    Decision refused;
    refused.outcome = AccessOutcome::kHidden;
    refused.rule = rule;
    guard_.Record(*student, RecordFamily::kCapture, 0, action, refused);
    return {};
  }

  Result<void> Finish() { return guard_.Finish(); }

 private:
  Result<void> Decide(Transaction& tx, Id student_id, AccessAction action) {
    Result<AccessGuard::Granted> granted =
        guard_.ForStudent(tx, student_id, action, RecordFamily::kCapture);
    if (granted) return {};
    if (granted.error().code == ErrorCode::kNotFound) {
      return Fail(Error::NotFound(fmt::format("no student {}", student_id)));
    }
    return Fail(granted.error());
  }

  AccessGuard guard_;
  std::map<std::pair<Id, AccessAction>, Result<void>> decided_;
  std::map<Id, bool> shown_;
};

// Runs the gate's decision on one student in a read transaction and appends
// its audit events.
Result<void> GateStudent(Context& context, StudentGate& gate, Id student_id, AccessAction action) {
  Result<void> allowed = context.services.store.Read(
      [&](Transaction& tx) { return gate.Check(tx, student_id, action); });
  PARAPLAN_TRY(gate.Finish());
  return allowed;
}

Result<StaffActor> RequireRecorder(const Context& context) {
  StaffActor actor = PARAPLAN_TRY(RequireStaff(context));
  if (actor.role == StaffRole::kAdministrator) {
    return Fail(Error::PermissionDenied(
        "administrators do not record or change classroom data they did not take"));
  }
  return actor;
}

Result<std::string> RecordId(const Request& request) {
  std::optional<std::string_view> id = request.PathParam("id");
  if (!id || !IsUuid(*id)) return Fail(Error::NotFound("no such capture record"));
  return LowerUuid(*id);
}

// Reads one record from the client: content from JSON, the recorder and
// review state from who is asking, then validation.
Result<CaptureRecord> RecordFromClient(const json& item, const StaffActor& actor, Date today) {
  CaptureRecord record = PARAPLAN_TRY(CaptureFromJson(item));
  record.recorded_by = actor.staff_id;
  record.review = InitialReview(actor.role);
  record.reviewed_by = record.review == ReviewState::kReviewed ? std::optional<Id>(actor.staff_id)
                                                               : std::nullopt;
  std::vector<FieldProblem> problems = Validate(record, today);
  if (!problems.empty()) {
    return Fail(Error::Invalid(fmt::format("capture record {} is invalid", record.id), problems));
  }
  return record;
}

json Answer(const Result<CreateResult>& result) {
  if (!result) return {{"status", StatusOf(result.error())}, {"error", ErrorJson(result.error())}};
  bool created = result->outcome == CreateOutcome::kCreated;
  return {{"id", result->record.id},
          {"status", created ? 201 : 200},
          {"outcome", created ? "created" : "unchanged"},
          {"record", ToJson(result->record)}};
}

Handler CreateCapture(AccessSources sources) {
  return [sources](const Request& request, Context& context) -> Result<Response> {
    StaffActor actor = PARAPLAN_TRY(RequireRecorder(context));
    json body = PARAPLAN_TRY(ParseJsonBody(request));
    CaptureRecord record = PARAPLAN_TRY(RecordFromClient(body, actor, TodayOf(context)));
    StudentGate gate(sources, context, request);
    PARAPLAN_TRY(GateStudent(context, gate, record.student_id, AccessAction::kWrite));
    auto captures = MakeCaptureStore(*PARAPLAN_TRY(RunnerOf(context)));
    CreateResult result = PARAPLAN_TRY(captures->Create(record, NowOf(context)));
    bool created = result.outcome == CreateOutcome::kCreated;
    return Response::Json(created ? 201 : 200, ToJson(result.record));
  };
}

Handler Sync(AccessSources sources) {
  return [sources](const Request& request, Context& context) -> Result<Response> {
    StaffActor actor = PARAPLAN_TRY(RequireRecorder(context));
    json body = PARAPLAN_TRY(ParseJsonBody(request));
    if (!body.is_object() || !body.contains("records") || !body["records"].is_array()) {
      return Fail(Error::Invalid("a sync body is {\"records\": [...]}",
                                 {{"records", "must be a list of capture records"}}));
    }
    const json& items = body["records"];
    if (items.size() > kMaxSyncRecords) {
      return Fail(Error::ResourceExhausted(fmt::format(
          "a sync batch carries at most {} records; this one has {}", kMaxSyncRecords, items.size())));
    }
    Date today = TodayOf(context);
    // Each record's answer, in order; records that pass every check go to
    // the store together and fill in their answers afterwards.
    std::vector<json> answers(items.size());
    std::vector<CaptureRecord> accepted;
    std::vector<std::size_t> accepted_at;
    std::vector<Result<CaptureRecord>> read_records;
    read_records.reserve(items.size());
    for (const json& item : items) read_records.push_back(RecordFromClient(item, actor, today));
    StudentGate gate(sources, context, request);
    Result<void> read = context.services.store.Read([&](Transaction& tx) -> Result<void> {
      for (std::size_t i = 0; i < read_records.size(); ++i) {
        Result<CaptureRecord>& record = read_records[i];
        if (record) {
          Result<void> allowed = gate.Check(tx, record->student_id, AccessAction::kWrite);
          if (!allowed) {
            ErrorCode code = allowed.error().code;
            if (code == ErrorCode::kUnavailable || code == ErrorCode::kInternal) return allowed;
            record = Fail(allowed.error());
          }
        }
        if (!record) {
          answers[i] = Answer(Fail(record.error()));
          continue;
        }
        accepted.push_back(*record);
        accepted_at.push_back(i);
      }
      return {};
    });
    PARAPLAN_TRY(gate.Finish());
    if (!read) return Fail(read.error());
    auto captures = MakeCaptureStore(*PARAPLAN_TRY(RunnerOf(context)));
    std::vector<Result<CreateResult>> stored = PARAPLAN_TRY(captures->CreateBatch(accepted, NowOf(context)));
    for (std::size_t k = 0; k < stored.size(); ++k) answers[accepted_at[k]] = Answer(stored[k]);
    json results = json::array();
    int refused = 0;
    for (std::size_t i = 0; i < items.size(); ++i) {
      json& answer = answers[i];
      if (!answer.contains("id")) {
        // Name the record the client sent, even when it could not be read.
        const json& item = items[i];
        answer["id"] = item.is_object() && item.contains("id") && item["id"].is_string()
                           ? json(LowerUuid(item["id"].get<std::string>()))
                           : json(nullptr);
      }
      if (answer.contains("error")) ++refused;
      results.push_back(std::move(answer));
    }
    return Response::Json(200, {{"results", std::move(results)},
                                {"stored", static_cast<int>(items.size()) - refused},
                                {"refused", refused}});
  };
}

// Reads a record the actor may see and do `action` to: a para only their
// own, and only while the student is theirs; anyone else a record of a
// student whose data the policy lets them reach. Anything else is "no
// capture record", as for one that does not exist.
Result<CaptureRecord> VisibleRecord(const Request& request, Context& context,
                                    const StaffActor& actor, CaptureStore& captures,
                                    std::string_view id, const AccessSources& sources,
                                    AccessAction action) {
  Result<CaptureRecord> record = captures.Get(id);
  if (!record) return Fail(record.error());
  Error hidden = Error::NotFound(fmt::format("no capture record {}", id));
  StudentGate gate(sources, context, request);
  if (actor.role == StaffRole::kParaeducator && record->recorded_by != actor.staff_id) {
    // The attempt on the student's data is audited as refused, as any other.
    PARAPLAN_TRY(context.services.store.Read([&](Transaction& tx) {
      return gate.Refuse(tx, record->student_id, action, AccessRule::kParaOwnRecordsOnly);
    }));
    PARAPLAN_TRY(gate.Finish());
    return Fail(hidden);
  }
  Result<void> allowed = GateStudent(context, gate, record->student_id, action);
  if (!allowed) {
    if (allowed.error().code == ErrorCode::kNotFound) return Fail(hidden);
    return Fail(allowed.error());
  }
  return record;
}

Handler GetCapture(AccessSources sources) {
  return [sources](const Request& request, Context& context) -> Result<Response> {
    std::string id = PARAPLAN_TRY(RecordId(request));
    StaffActor actor = PARAPLAN_TRY(RequireStaff(context));
    auto captures = MakeCaptureStore(*PARAPLAN_TRY(RunnerOf(context)));
    CaptureRecord record = PARAPLAN_TRY(
        VisibleRecord(request, context, actor, *captures, id, sources, AccessAction::kRead));
    return Response::Json(200, ToJson(record));
  };
}

Handler ListCaptures(AccessSources sources) {
  return [sources](const Request& request, Context& context) -> Result<Response> {
    StaffActor actor = PARAPLAN_TRY(RequireStaff(context));
    CaptureFilter filter;
    std::vector<FieldProblem> problems;
    if (auto text = request.Query("student_id")) {
      Id id = 0;
      auto [end, error] = std::from_chars(text->data(), text->data() + text->size(), id);
      if (error != std::errc() || end != text->data() + text->size() || id <= 0) {
        problems.push_back({"student_id", "must be a positive whole number"});
      } else {
        filter.student_id = id;
      }
    }
    if (auto text = request.Query("kind")) {
      filter.kind = ParseEnum<CaptureKind>(*text);
      if (!filter.kind) problems.push_back({"kind", "is not a kind of capture record"});
    }
    if (auto text = request.Query("review")) {
      filter.review = ParseEnum<ReviewState>(*text);
      if (!filter.review) problems.push_back({"review", "must be pending or reviewed"});
    }
    for (auto [name, target] : {std::pair{"from", &filter.from}, std::pair{"to", &filter.to}}) {
      if (auto text = request.Query(name)) {
        *target = Date::Parse(*text);
        if (!*target) problems.push_back({name, "must be a date (YYYY-MM-DD)"});
      }
    }
    if (auto text = request.Query("after")) filter.after = std::string(*text);
    if (auto text = request.Query("limit")) {
      int limit = 0;
      auto [end, error] = std::from_chars(text->data(), text->data() + text->size(), limit);
      if (error != std::errc() || end != text->data() + text->size() || limit < 1 || limit > 1000) {
        problems.push_back({"limit", "must be between 1 and 1000"});
      } else {
        filter.limit = limit;
      }
    }
    if (!problems.empty()) return Fail(Error::Invalid("the query is invalid", problems));
    StudentGate gate(sources, context, request);
    if (actor.role == StaffRole::kParaeducator) {
      filter.recorded_by = actor.staff_id;
    } else if (!filter.student_id) {
      return Fail(Error::Invalid("name the student whose records to list",
                                 {{"student_id", "is required"}}));
    }
    if (filter.student_id) {
      PARAPLAN_TRY(GateStudent(context, gate, *filter.student_id, AccessAction::kRead));
    }
    auto captures = MakeCaptureStore(*PARAPLAN_TRY(RunnerOf(context)));
    // Paged as every list, {"items": [...], "next_after": ...|null}; the
    // cursor here is a record's id (a UUID). A para's own records list
    // students across their assignments; each record shows only while its
    // student is still theirs, so records are read until the page is full
    // (a page is short only when it is the last).
    json list = json::array();
    json next;
    const std::size_t limit = static_cast<std::size_t>(filter.limit);
    Result<void> shown;
    for (bool more = true; more && shown;) {
      std::vector<CaptureRecord> records = PARAPLAN_TRY(captures->List(filter));
      const json list_before = list;
      shown = context.services.store.Read([&](Transaction& tx) -> Result<void> {
        // As it was before this batch, should the read be run again.
        list = list_before;
        next = json();
        more = records.size() == limit;
        for (const CaptureRecord& record : records) {
          if (!PARAPLAN_TRY(gate.Shows(tx, record.student_id))) continue;
          list.push_back(ToJson(record));
          if (list.size() == limit) {
            next = record.id;
            more = false;
            break;
          }
        }
        return {};
      });
      if (more) filter.after = records.back().id;
    }
    PARAPLAN_TRY(gate.Finish());
    if (!shown) return Fail(shown.error());
    return Response::Json(200, {{"items", std::move(list)}, {"next_after", std::move(next)}});
  };
}

Handler CorrectCapture(AccessSources sources) {
  return [sources](const Request& request, Context& context) -> Result<Response> {
    std::string id = PARAPLAN_TRY(RecordId(request));
    StaffActor actor = PARAPLAN_TRY(RequireRecorder(context));
    json body = PARAPLAN_TRY(ParseJsonBody(request));
    if (!body.is_object()) {
      return Fail(Error::Invalid("a correction is a JSON object", {{"body", "must be a JSON object"}}));
    }
    std::vector<FieldProblem> problems;
    if (!body.contains("version") || !body["version"].is_number_integer()) {
      problems.push_back({"version", "is required: the version the correction was made to"});
    }
    std::string reason;
    if (body.contains("reason")) {
      if (!body["reason"].is_string() || body["reason"].get<std::string>().size() > 500) {
        problems.push_back({"reason", "must be text of at most 500 characters"});
      } else {
        reason = body["reason"].get<std::string>();
      }
      body.erase("reason");
    }
    if (!problems.empty()) return Fail(Error::Invalid("the correction is incomplete", problems));
    std::int64_t version = body["version"].get<std::int64_t>();
    if (!body.contains("id")) body["id"] = id;
    auto captures = MakeCaptureStore(*PARAPLAN_TRY(RunnerOf(context)));
    CaptureRecord current = PARAPLAN_TRY(
        VisibleRecord(request, context, actor, *captures, id, sources, AccessAction::kWrite));
    if (current.recorded_by != actor.staff_id && !IsIepOwner(actor.role)) {
      return Fail(Error::PermissionDenied(
          "only the person who recorded it, or the special educator or provider, corrects a record"));
    }
    CaptureRecord corrected = PARAPLAN_TRY(CaptureFromJson(body));
    if (corrected.id != id) {
      return Fail(Error::Invalid("the record's id does not match the address",
                                 {{"id", "must be the id in the address"}}));
    }
    corrected.recorded_by = current.recorded_by;
    std::vector<FieldProblem> invalid = Validate(corrected, TodayOf(context));
    if (!invalid.empty()) return Fail(Error::Invalid(fmt::format("capture record {} is invalid", id), invalid));
    CaptureRecord stored = PARAPLAN_TRY(captures->Correct(corrected, version, actor.staff_id, actor.role,
                                                          NowOf(context), reason));
    return Response::Json(200, ToJson(stored));
  };
}

Handler ReviewCapture(AccessSources sources) {
  return [sources](const Request& request, Context& context) -> Result<Response> {
    std::string id = PARAPLAN_TRY(RecordId(request));
    StaffActor actor = PARAPLAN_TRY(RequireStaff(context));
    if (!IsIepOwner(actor.role)) {
      return Fail(Error::PermissionDenied(
          "the special educator or related service provider reviews and signs off data"));
    }
    json body = PARAPLAN_TRY(ParseJsonBody(request));
    if (!body.is_object() || !body.contains("version") || !body["version"].is_number_integer()) {
      return Fail(Error::Invalid("the version is required",
                                 {{"version", "is required: the version that was reviewed"}}));
    }
    auto captures = MakeCaptureStore(*PARAPLAN_TRY(RunnerOf(context)));
    PARAPLAN_TRY(VisibleRecord(request, context, actor, *captures, id, sources,
                               AccessAction::kLicensedWrite));
    CaptureRecord stored = PARAPLAN_TRY(
        captures->MarkReviewed(id, body["version"].get<std::int64_t>(), actor.staff_id));
    return Response::Json(200, ToJson(stored));
  };
}

Handler CaptureHistory(AccessSources sources) {
  return [sources](const Request& request, Context& context) -> Result<Response> {
    std::string id = PARAPLAN_TRY(RecordId(request));
    StaffActor actor = PARAPLAN_TRY(RequireStaff(context));
    auto captures = MakeCaptureStore(*PARAPLAN_TRY(RunnerOf(context)));
    PARAPLAN_TRY(
        VisibleRecord(request, context, actor, *captures, id, sources, AccessAction::kRead));
    std::vector<CaptureVersion> versions = PARAPLAN_TRY(captures->History(id));
    json list = json::array();
    for (const CaptureVersion& version : versions) {
      json changes = json::array();
      for (const FieldChange& change : version.changes) {
        changes.push_back({{"field", change.field}, {"before", change.before}, {"after", change.after}});
      }
      list.push_back({{"version", version.version},
                      {"changed_by", version.changed_by},
                      {"changed_at", FormatTimestamp(version.changed_at)},
                      {"reason", version.reason},
                      {"changes", std::move(changes)},
                      {"record", ToJson(version.record)}});
    }
    return Response::Json(200, {{"versions", std::move(list)}});
  };
}

}  // namespace

void AddCaptureRoutes(Router& router, AssignedStudents assigned_students) {
  // The same sources the resource routes decide with: the caller's
  // assignments, and the goals published plans name them collector of.
  const AccessSources sources{std::move(assigned_students), {}};
  router.Add(Method::kPost, "/api/v1/captures", CreateCapture(sources));
  router.Add(Method::kGet, "/api/v1/captures", ListCaptures(sources));
  router.Add(Method::kGet, "/api/v1/captures/{id}", GetCapture(sources));
  router.Add(Method::kPut, "/api/v1/captures/{id}", CorrectCapture(sources));
  router.Add(Method::kPost, "/api/v1/captures/{id}/review", ReviewCapture(sources));
  router.Add(Method::kGet, "/api/v1/captures/{id}/history", CaptureHistory(sources));
  router.Add(Method::kPost, "/api/v1/sync", Sync(sources));
}

}  // namespace paraplan::http
