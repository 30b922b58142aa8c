#include "domain/capture_json.h"

#include <nlohmann/json.hpp>

#include "domain/json_reader.h"

namespace paraplan {
namespace {

using json_reader::Reader;
using nlohmann::json;

using json_reader::kOptional;
using json_reader::kRequired;
using json_reader::Name;

// Fields every record has, and the server's fields a client may echo back.
#define PARAPLAN_CAPTURE_COMMON "id", "kind", "created_at", "student_id", "recorded_by", \
                                "review", "reviewed_by", "version"

void Put(json& out, const ServiceSession& session) {
  out["service_id"] = session.service_id;
  out["date"] = session.date.ToString();
  out["start"] = session.start.ToString();
  out["minutes"] = session.minutes;
  out["setting"] = Name(session.setting);
  out["provider_id"] = session.provider_id;
  out["group_size"] = session.group_size;
  out["outcome"] = Name(session.outcome);
  if (session.missed_reason) out["missed_reason"] = Name(*session.missed_reason);
  if (session.makes_up) out["makes_up"] = *session.makes_up;
  out["note"] = session.note;
}

void Put(json& out, const GoalObservation& observation) {
  out["goal_id"] = observation.goal_id;
  out["date"] = observation.date.ToString();
  out["method"] = Name(observation.method);
  json trials = json::array();
  for (const Trial& trial : observation.trials) {
    trials.push_back({{"prompt", Name(trial.prompt)}, {"result", Name(trial.result)}});
  }
  out["trials"] = std::move(trials);
  out["count"] = observation.count;
  out["observation_minutes"] = observation.observation_minutes;
  out["durations_seconds"] = observation.durations_seconds;
  out["latencies_seconds"] = observation.latencies_seconds;
  if (observation.rubric_score) out["rubric_score"] = *observation.rubric_score;
  out["rubric_max"] = observation.rubric_max;
  if (observation.session) out["session"] = *observation.session;
  out["note"] = observation.note;
}

void Put(json& out, const BehaviorIncident& incident) {
  out["date"] = incident.date.ToString();
  out["time"] = incident.time.ToString();
  out["activity"] = incident.activity;
  out["antecedent"] = incident.antecedent;
  out["behavior"] = incident.behavior;
  out["consequence"] = incident.consequence;
  out["duration_seconds"] = incident.duration_seconds;
  if (incident.regulation_level) out["regulation_level"] = *incident.regulation_level;
  out["note"] = incident.note;
}

void Put(json& out, const FidelityCheck& check) {
  out["accommodation_id"] = check.accommodation_id;
  out["date"] = check.date.ToString();
  out["outcome"] = Name(check.outcome);
  out["note"] = check.note;
}

void Put(json& out, const SelfMonitoringEntry& entry) {
  out["date"] = entry.date.ToString();
  out["time"] = entry.time.ToString();
  out["target"] = entry.target;
  out["student_rating"] = entry.student_rating;
  out["scale_max"] = entry.scale_max;
  if (entry.adult_rating) out["adult_rating"] = *entry.adult_rating;
  out["note"] = entry.note;
}

ServiceSession ReadSession(Reader& in) {
  in.RefuseUnknown({PARAPLAN_CAPTURE_COMMON, "service_id", "date", "start", "minutes", "setting",
                    "provider_id", "group_size", "outcome", "missed_reason", "makes_up", "note"});
  ServiceSession session;
  in.Int("service_id", session.service_id, kRequired);
  in.Day("date", session.date, kRequired);
  in.Clock("start", session.start, kRequired);
  in.Int("minutes", session.minutes, kRequired);
  in.Enum("setting", session.setting, kOptional);
  in.Int("provider_id", session.provider_id, kRequired);
  in.Int("group_size", session.group_size, kOptional);
  in.Enum("outcome", session.outcome, kOptional);
  in.Optional("missed_reason", session.missed_reason);
  in.Optional("makes_up", session.makes_up);
  in.Text("note", session.note, kOptional);
  return session;
}

GoalObservation ReadObservation(Reader& in) {
  in.RefuseUnknown({PARAPLAN_CAPTURE_COMMON, "goal_id", "date", "method", "trials", "count",
                    "observation_minutes", "durations_seconds", "latencies_seconds",
                    "rubric_score", "rubric_max", "session", "note"});
  GoalObservation observation;
  in.Int("goal_id", observation.goal_id, kRequired);
  in.Day("date", observation.date, kRequired);
  in.Enum("method", observation.method, kRequired);
  in.Objects("trials", observation.trials, kOptional, [](Reader& item, Trial& trial) {
    item.RefuseUnknown({"prompt", "result"});
    item.Enum("prompt", trial.prompt, kRequired);
    item.Enum("result", trial.result, kRequired);
  });
  in.Int("count", observation.count, kOptional);
  in.Int("observation_minutes", observation.observation_minutes, kOptional);
  in.Ints("durations_seconds", observation.durations_seconds, kOptional);
  in.Ints("latencies_seconds", observation.latencies_seconds, kOptional);
  in.Optional("rubric_score", observation.rubric_score);
  in.Int("rubric_max", observation.rubric_max, kOptional);
  in.Optional("session", observation.session);
  in.Text("note", observation.note, kOptional);
  return observation;
}

BehaviorIncident ReadIncident(Reader& in) {
  in.RefuseUnknown({PARAPLAN_CAPTURE_COMMON, "date", "time", "activity", "antecedent", "behavior",
                    "consequence", "duration_seconds", "regulation_level", "note"});
  BehaviorIncident incident;
  in.Day("date", incident.date, kRequired);
  in.Clock("time", incident.time, kRequired);
  in.Text("activity", incident.activity, kOptional);
  in.Text("antecedent", incident.antecedent, kRequired);
  in.Text("behavior", incident.behavior, kRequired);
  in.Text("consequence", incident.consequence, kRequired);
  in.Int("duration_seconds", incident.duration_seconds, kOptional);
  in.Optional("regulation_level", incident.regulation_level);
  in.Text("note", incident.note, kOptional);
  return incident;
}

FidelityCheck ReadFidelity(Reader& in) {
  in.RefuseUnknown({PARAPLAN_CAPTURE_COMMON, "accommodation_id", "date", "outcome", "note"});
  FidelityCheck check;
  in.Int("accommodation_id", check.accommodation_id, kRequired);
  in.Day("date", check.date, kRequired);
  in.Enum("outcome", check.outcome, kRequired);
  in.Text("note", check.note, kOptional);
  return check;
}

SelfMonitoringEntry ReadSelfMonitoring(Reader& in) {
  in.RefuseUnknown({PARAPLAN_CAPTURE_COMMON, "date", "time", "target", "student_rating",
                    "scale_max", "adult_rating", "note"});
  SelfMonitoringEntry entry;
  in.Day("date", entry.date, kRequired);
  in.Clock("time", entry.time, kRequired);
  in.Text("target", entry.target, kRequired);
  in.Int("student_rating", entry.student_rating, kRequired);
  in.Int("scale_max", entry.scale_max, kRequired);
  in.Optional("adult_rating", entry.adult_rating);
  in.Text("note", entry.note, kOptional);
  return entry;
}

#undef PARAPLAN_CAPTURE_COMMON

}  // namespace

json ToJson(const CaptureRecord& record) {
  json out = json::object();
  out["id"] = LowerUuid(record.id);
  out["kind"] = Name(record.Kind());
  out["created_at"] = FormatTimestamp(record.created_at);
  out["student_id"] = record.student_id;
  std::visit([&](const auto& body) { Put(out, body); }, record.body);
  out["recorded_by"] = record.recorded_by;
  out["review"] = Name(record.review);
  if (record.reviewed_by) out["reviewed_by"] = *record.reviewed_by;
  out["version"] = record.version;
  return out;
}

Result<CaptureRecord> CaptureFromJson(const json& input) {
  std::vector<FieldProblem> problems;
  Reader in(input, problems);
  if (!problems.empty()) return Fail(Error::Invalid("a capture record must be a JSON object", problems));
  CaptureRecord record;
  in.Text("id", record.id, kRequired);
  record.id = LowerUuid(record.id);
  std::string created_at;
  in.Text("created_at", created_at, kRequired);
  if (!created_at.empty()) {
    if (std::optional<Timestamp> time = ParseTimestamp(created_at)) {
      record.created_at = *time;
    } else {
      in.Problem("created_at", "must be an RFC 3339 time, e.g. 2026-11-25T09:30:00Z");
    }
  }
  in.Int("student_id", record.student_id, kRequired);
  CaptureKind kind = CaptureKind::kServiceSession;
  std::size_t before_kind = problems.size();
  in.Enum("kind", kind, kRequired);
  // Without a readable kind the other fields cannot be told apart.
  if (problems.size() == before_kind) {
    switch (kind) {
      case CaptureKind::kServiceSession: record.body = ReadSession(in); break;
      case CaptureKind::kGoalObservation: record.body = ReadObservation(in); break;
      case CaptureKind::kBehaviorIncident: record.body = ReadIncident(in); break;
      case CaptureKind::kFidelityCheck: record.body = ReadFidelity(in); break;
      case CaptureKind::kSelfMonitoring: record.body = ReadSelfMonitoring(in); break;
    }
  }
  if (!problems.empty()) {
    std::string id = record.id.empty() ? "" : " " + record.id;
    return Fail(Error::Invalid("capture record" + id + " is not readable", std::move(problems)));
  }
  return record;
}

}  // namespace paraplan
