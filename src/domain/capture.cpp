#include "domain/capture.h"

#include <algorithm>
#include <map>
#include <type_traits>

#include <fmt/format.h>

#include "domain/field_checks.h"

namespace paraplan {
namespace {

constexpr std::size_t kMaxNote = 2000;
constexpr int kSecondsPerDay = 24 * 60 * 60;

bool Uses(MeasurementMethod method, std::initializer_list<MeasurementMethod> methods) {
  return std::find(methods.begin(), methods.end(), method) != methods.end();
}

void ValidateBody(FieldChecks& problems, const ServiceSession& session, const std::string& own_id,
                  Date today) {
  problems.RequireId(session.service_id, "service_id");
  problems.RequireId(session.provider_id, "provider_id");
  problems.CheckDate(session.date, today, "date");
  problems.CheckTime(session.start, "start");
  problems.RequireRange(session.minutes, 1, 480, "minutes");
  problems.RequireRange(session.group_size, 1, 40, "group_size");
  if (session.outcome == SessionOutcome::kDelivered) {
    problems.Require(!session.missed_reason.has_value(), "missed_reason",
                     "applies only to missed sessions");
  } else {
    problems.Require(session.missed_reason.has_value(), "missed_reason",
                     "is required for a missed session (student_absent, provider_absent or "
                     "school_event)");
  }
  if (session.makes_up) {
    if (!IsUuid(*session.makes_up)) {
      problems.Add("makes_up", "is not the id of a session (a UUID)");
    } else if (LowerUuid(*session.makes_up) == LowerUuid(own_id)) {
      problems.Add("makes_up", "names the session itself");
    }
    problems.Require(session.outcome == SessionOutcome::kDelivered, "makes_up",
                     "only a delivered session can make up a missed one");
  }
  problems.LimitText(session.note, "note", kMaxNote);
}

void ValidateBody(FieldChecks& problems, const GoalObservation& observation, const std::string&,
                  Date today) {
  problems.RequireId(observation.goal_id, "goal_id");
  problems.CheckDate(observation.date, today, "date");
  MeasurementMethod method = observation.method;
  std::string method_name(NameOf(method));
  auto only_for = [&](bool used, bool present, std::string field) {
    if (!used && present) {
      problems.Add(std::move(field), fmt::format("does not apply to method {}", method_name));
    }
  };

  bool trials = Uses(method, {MeasurementMethod::kPercentOfTrials, MeasurementMethod::kPromptLevel});
  bool counts = Uses(method, {MeasurementMethod::kFrequency, MeasurementMethod::kRate});
  bool durations = method == MeasurementMethod::kDuration;
  bool latencies = method == MeasurementMethod::kLatency;
  bool rubric = method == MeasurementMethod::kRubricScore;

  if (trials) {
    problems.Require(!observation.trials.empty() && observation.trials.size() <= 200, "trials",
                     "must list between 1 and 200 trials");
  }
  only_for(trials, !observation.trials.empty(), "trials");
  if (counts) {
    problems.RequireRange(observation.count, 0, 10000, "count");
    problems.RequireRange(observation.observation_minutes, 1, 480, "observation_minutes");
  }
  only_for(counts, observation.count != 0, "count");
  only_for(counts, observation.observation_minutes != 0, "observation_minutes");
  if (durations) {
    problems.Require(!observation.durations_seconds.empty() &&
                         observation.durations_seconds.size() <= 100,
                     "durations_seconds", "must list between 1 and 100 durations");
    for (std::size_t i = 0; i < observation.durations_seconds.size(); ++i) {
      problems.RequireRange(observation.durations_seconds[i], 1, kSecondsPerDay,
                            fmt::format("durations_seconds[{}]", i));
    }
  }
  only_for(durations, !observation.durations_seconds.empty(), "durations_seconds");
  if (latencies) {
    problems.Require(!observation.latencies_seconds.empty() &&
                         observation.latencies_seconds.size() <= 100,
                     "latencies_seconds", "must list between 1 and 100 latencies");
    for (std::size_t i = 0; i < observation.latencies_seconds.size(); ++i) {
      problems.RequireRange(observation.latencies_seconds[i], 0, kSecondsPerDay,
                            fmt::format("latencies_seconds[{}]", i));
    }
  }
  only_for(latencies, !observation.latencies_seconds.empty(), "latencies_seconds");
  if (rubric) {
    problems.RequireRange(observation.rubric_max, 1, 100, "rubric_max");
    if (!observation.rubric_score) {
      problems.Add("rubric_score", "is required for method rubric_score");
    } else if (*observation.rubric_score < 0 || *observation.rubric_score > observation.rubric_max) {
      problems.Add("rubric_score", "must be between 0 and rubric_max");
    }
  }
  only_for(rubric, observation.rubric_score.has_value(), "rubric_score");
  only_for(rubric, observation.rubric_max != 0, "rubric_max");

  if (observation.session && !IsUuid(*observation.session)) {
    problems.Add("session", "is not the id of a session (a UUID)");
  }
  problems.LimitText(observation.note, "note", kMaxNote);
}

void ValidateBody(FieldChecks& problems, const BehaviorIncident& incident, const std::string&,
                  Date today) {
  problems.CheckDate(incident.date, today, "date");
  problems.CheckTime(incident.time, "time");
  problems.LimitText(incident.activity, "activity", 200);
  problems.RequireText(incident.antecedent, "antecedent", kMaxNote);
  problems.RequireText(incident.behavior, "behavior", kMaxNote);
  problems.RequireText(incident.consequence, "consequence", kMaxNote);
  problems.RequireRange(incident.duration_seconds, 0, kSecondsPerDay, "duration_seconds");
  if (incident.regulation_level) {
    problems.RequireRange(*incident.regulation_level, 1, 10, "regulation_level");
  }
  problems.LimitText(incident.note, "note", kMaxNote);
}

void ValidateBody(FieldChecks& problems, const FidelityCheck& check, const std::string&, Date today) {
  problems.RequireId(check.accommodation_id, "accommodation_id");
  problems.CheckDate(check.date, today, "date");
  if (check.outcome == FidelityOutcome::kNotImplemented) {
    problems.RequireText(check.note, "note", kMaxNote);
  } else {
    problems.LimitText(check.note, "note", kMaxNote);
  }
}

void ValidateBody(FieldChecks& problems, const SelfMonitoringEntry& entry, const std::string&,
                  Date today) {
  problems.CheckDate(entry.date, today, "date");
  problems.CheckTime(entry.time, "time");
  problems.RequireText(entry.target, "target", 200);
  problems.RequireRange(entry.scale_max, 2, 10, "scale_max");
  problems.RequireRange(entry.student_rating, 0, std::max(entry.scale_max, 0), "student_rating");
  if (entry.adult_rating) {
    problems.RequireRange(*entry.adult_rating, 0, std::max(entry.scale_max, 0), "adult_rating");
  }
  problems.LimitText(entry.note, "note", kMaxNote);
}

// Appends (field, value) pairs for a record's body.
class FieldList {
 public:
  void Add(std::string field, std::string value) {
    list_.emplace_back(std::move(field), std::move(value));
  }
  void Add(std::string field, int value) { Add(std::move(field), std::to_string(value)); }
  void Add(std::string field, Id value) { Add(std::move(field), std::to_string(value)); }
  void Add(std::string field, Date value) { Add(std::move(field), value.ToString()); }
  void Add(std::string field, TimeOfDay value) { Add(std::move(field), value.ToString()); }
  template <typename E>
    requires std::is_enum_v<E>
  void Add(std::string field, E value) {
    Add(std::move(field), std::string(NameOf(value)));
  }
  template <typename T>
  void Add(std::string field, const std::optional<T>& value) {
    if (value) Add(std::move(field), *value);
  }
  void Add(std::string field, const std::vector<int>& values) {
    for (std::size_t i = 0; i < values.size(); ++i) {
      Add(fmt::format("{}[{}]", field, i), values[i]);
    }
  }

  std::vector<std::pair<std::string, std::string>> Take() { return std::move(list_); }

 private:
  std::vector<std::pair<std::string, std::string>> list_;
};

void AddFields(FieldList& fields, const ServiceSession& session) {
  fields.Add("service_id", session.service_id);
  fields.Add("date", session.date);
  fields.Add("start", session.start);
  fields.Add("minutes", session.minutes);
  fields.Add("setting", session.setting);
  fields.Add("provider_id", session.provider_id);
  fields.Add("group_size", session.group_size);
  fields.Add("outcome", session.outcome);
  fields.Add("missed_reason", session.missed_reason);
  fields.Add("makes_up", session.makes_up);
  fields.Add("note", session.note);
}

void AddFields(FieldList& fields, const GoalObservation& observation) {
  fields.Add("goal_id", observation.goal_id);
  fields.Add("date", observation.date);
  fields.Add("method", observation.method);
  for (std::size_t i = 0; i < observation.trials.size(); ++i) {
    fields.Add(fmt::format("trials[{}].prompt", i), observation.trials[i].prompt);
    fields.Add(fmt::format("trials[{}].result", i), observation.trials[i].result);
  }
  fields.Add("count", observation.count);
  fields.Add("observation_minutes", observation.observation_minutes);
  fields.Add("durations_seconds", observation.durations_seconds);
  fields.Add("latencies_seconds", observation.latencies_seconds);
  fields.Add("rubric_score", observation.rubric_score);
  fields.Add("rubric_max", observation.rubric_max);
  fields.Add("session", observation.session);
  fields.Add("note", observation.note);
}

void AddFields(FieldList& fields, const BehaviorIncident& incident) {
  fields.Add("date", incident.date);
  fields.Add("time", incident.time);
  fields.Add("activity", incident.activity);
  fields.Add("antecedent", incident.antecedent);
  fields.Add("behavior", incident.behavior);
  fields.Add("consequence", incident.consequence);
  fields.Add("duration_seconds", incident.duration_seconds);
  fields.Add("regulation_level", incident.regulation_level);
  fields.Add("note", incident.note);
}

void AddFields(FieldList& fields, const FidelityCheck& check) {
  fields.Add("accommodation_id", check.accommodation_id);
  fields.Add("date", check.date);
  fields.Add("outcome", check.outcome);
  fields.Add("note", check.note);
}

void AddFields(FieldList& fields, const SelfMonitoringEntry& entry) {
  fields.Add("date", entry.date);
  fields.Add("time", entry.time);
  fields.Add("target", entry.target);
  fields.Add("student_rating", entry.student_rating);
  fields.Add("scale_max", entry.scale_max);
  fields.Add("adult_rating", entry.adult_rating);
  fields.Add("note", entry.note);
}

bool IsHex(char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'); }

// Reads `count` decimal digits at `text[pos]`; -1 when they are not all digits.
int Digits(std::string_view text, std::size_t pos, std::size_t count) {
  if (pos + count > text.size()) return -1;
  int value = 0;
  for (std::size_t i = pos; i < pos + count; ++i) {
    if (text[i] < '0' || text[i] > '9') return -1;
    value = value * 10 + (text[i] - '0');
  }
  return value;
}

}  // namespace

std::optional<Timestamp> ParseTimestamp(std::string_view text) {
  // YYYY-MM-DDTHH:MM:SS[.fraction](Z|+HH:MM|-HH:MM)
  if (text.size() < 20 || (text[10] != 'T' && text[10] != 't') || text[13] != ':' ||
      text[16] != ':') {
    return std::nullopt;
  }
  std::optional<Date> date = Date::Parse(text.substr(0, 10));
  int hour = Digits(text, 11, 2);
  int minute = Digits(text, 14, 2);
  int second = Digits(text, 17, 2);
  if (!date || hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 60) {
    return std::nullopt;
  }
  std::size_t pos = 19;
  int millis = 0;
  if (pos < text.size() && text[pos] == '.') {
    ++pos;
    std::size_t digits = 0;
    while (pos < text.size() && text[pos] >= '0' && text[pos] <= '9') {
      // Precision beyond milliseconds is dropped, not rounded, so a value
      // read back formats the same way.
      if (digits < 3) millis = millis * 10 + (text[pos] - '0');
      ++digits;
      ++pos;
    }
    if (digits == 0 || digits > 9) return std::nullopt;
    for (std::size_t i = digits; i < 3; ++i) millis *= 10;
  }
  int offset_minutes = 0;
  if (pos < text.size() && (text[pos] == 'Z' || text[pos] == 'z')) {
    ++pos;
  } else if (pos < text.size() && (text[pos] == '+' || text[pos] == '-')) {
    int sign = text[pos] == '+' ? 1 : -1;
    int offset_hour = Digits(text, pos + 1, 2);
    int offset_minute = Digits(text, pos + 4, 2);
    if (pos + 6 > text.size() || text[pos + 3] != ':' || offset_hour < 0 || offset_hour > 23 ||
        offset_minute < 0 || offset_minute > 59) {
      return std::nullopt;
    }
    offset_minutes = sign * (offset_hour * 60 + offset_minute);
    pos += 6;
  } else {
    return std::nullopt;
  }
  if (pos != text.size()) return std::nullopt;
  // A leap second is read as the last second of its minute.
  second = std::min(second, 59);
  using std::chrono::hours;
  using std::chrono::milliseconds;
  using std::chrono::minutes;
  using std::chrono::seconds;
  std::chrono::sys_days day(std::chrono::days(date->DaysSinceEpoch()));
  return Timestamp(std::chrono::time_point_cast<milliseconds>(day) + hours(hour) +
                   minutes(minute - offset_minutes) + seconds(second) + milliseconds(millis));
}

std::string FormatTimestamp(Timestamp time) {
  auto day = std::chrono::floor<std::chrono::days>(time);
  std::chrono::hh_mm_ss clock(time - day);
  Date date = Date::FromDays(static_cast<std::int32_t>(day.time_since_epoch().count()));
  return fmt::format("{}T{:02}:{:02}:{:02}.{:03}Z", date.ToString(), clock.hours().count(),
                     clock.minutes().count(), clock.seconds().count(),
                     clock.subseconds().count());
}

bool IsUuid(std::string_view text) {
  if (text.size() != 36) return false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    bool dash_position = i == 8 || i == 13 || i == 18 || i == 23;
    if (dash_position ? text[i] != '-' : !IsHex(text[i])) return false;
  }
  return true;
}

std::string LowerUuid(std::string_view text) {
  std::string lower(text);
  std::transform(lower.begin(), lower.end(), lower.begin(),
                 [](char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; });
  return lower;
}

CaptureKind CaptureRecord::Kind() const {
  return std::visit(
      [](const auto& value) {
        using T = std::decay_t<decltype(value)>;
        if constexpr (std::is_same_v<T, ServiceSession>) return CaptureKind::kServiceSession;
        if constexpr (std::is_same_v<T, GoalObservation>) return CaptureKind::kGoalObservation;
        if constexpr (std::is_same_v<T, BehaviorIncident>) return CaptureKind::kBehaviorIncident;
        if constexpr (std::is_same_v<T, FidelityCheck>) return CaptureKind::kFidelityCheck;
        if constexpr (std::is_same_v<T, SelfMonitoringEntry>) return CaptureKind::kSelfMonitoring;
      },
      body);
}

bool SameContent(const CaptureRecord& a, const CaptureRecord& b) {
  return LowerUuid(a.id) == LowerUuid(b.id) && a.created_at == b.created_at &&
         a.student_id == b.student_id && a.recorded_by == b.recorded_by && a.body == b.body;
}

std::vector<std::pair<std::string, std::string>> Fields(const CaptureRecord& record) {
  FieldList fields;
  fields.Add("id", LowerUuid(record.id));
  fields.Add("kind", record.Kind());
  fields.Add("created_at", FormatTimestamp(record.created_at));
  fields.Add("student_id", record.student_id);
  fields.Add("recorded_by", record.recorded_by);
  std::visit([&](const auto& body) { AddFields(fields, body); }, record.body);
  return fields.Take();
}

std::vector<FieldChange> Diff(const CaptureRecord& before, const CaptureRecord& after) {
  auto old_fields = Fields(before);
  auto new_fields = Fields(after);
  std::map<std::string, std::string> old_values(old_fields.begin(), old_fields.end());
  std::map<std::string, std::string> new_values(new_fields.begin(), new_fields.end());
  std::vector<FieldChange> changes;
  // Fields in the order of the new version, then fields the new version lost.
  for (const auto& [field, value] : new_fields) {
    auto old = old_values.find(field);
    if (old == old_values.end()) {
      changes.push_back({field, "", value});
    } else if (old->second != value) {
      changes.push_back({field, old->second, value});
    }
  }
  for (const auto& [field, value] : old_fields) {
    if (!new_values.contains(field)) changes.push_back({field, value, ""});
  }
  return changes;
}

ReviewState InitialReview(StaffRole recorder) {
  return recorder == StaffRole::kParaeducator ? ReviewState::kPending : ReviewState::kReviewed;
}

std::vector<FieldProblem> Validate(const CaptureRecord& record, Date today) {
  FieldChecks problems;
  if (!IsUuid(record.id)) {
    problems.Add("id", "is not a UUID (8-4-4-4-12 hexadecimal digits)");
  }
  Date created_day = Date::FromDays(static_cast<std::int32_t>(
      std::chrono::floor<std::chrono::days>(record.created_at).time_since_epoch().count()));
  if (record.created_at.time_since_epoch().count() <= 0) {
    problems.Add("created_at", "is required");
  } else {
    problems.CheckDate(created_day, today, "created_at");
  }
  problems.RequireId(record.student_id, "student_id");
  // The body's fields sit beside the record's own fields (the API's JSON is
  // flat), so their problems carry plain field names.
  std::visit([&](const auto& value) { ValidateBody(problems, value, record.id, today); },
             record.body);
  return problems.Take();
}

int CountedMinutes(const CaptureRecord& record) {
  const auto* session = std::get_if<ServiceSession>(&record.body);
  if (!session || session->outcome != SessionOutcome::kDelivered) return 0;
  return session->minutes;
}

bool OwesMakeup(const ServiceSession& session) {
  return session.outcome == SessionOutcome::kMissed && session.missed_reason &&
         *session.missed_reason != MissedReason::kStudentAbsent;
}

int MakeupOwed(std::span<const ServiceSession> sessions, int minutes_per_week, Date week) {
  struct WeekTotals {
    int delivered = 0;  // regular sessions, not make-ups
    int made_up = 0;
    int missed = 0;  // owed by the school
  };
  const Date before = week.WeekStart();
  std::map<Date, WeekTotals> weeks;  // by Monday, in order
  for (const ServiceSession& session : sessions) {
    if (session.date >= before) continue;
    WeekTotals& totals = weeks[session.date.WeekStart()];
    if (session.outcome == SessionOutcome::kDelivered) {
      (session.makes_up ? totals.made_up : totals.delivered) += session.minutes;
    } else if (OwesMakeup(session)) {
      totals.missed += session.minutes;
    }
  }
  int owed = 0;
  for (const auto& [monday, totals] : weeks) {
    owed += std::min(totals.missed, std::max(0, minutes_per_week - totals.delivered));
    owed -= totals.made_up + std::max(0, totals.delivered - minutes_per_week);
    owed = std::max(0, owed);
  }
  return owed;
}

std::optional<double> PercentCorrect(const GoalObservation& observation) {
  if (observation.trials.empty()) return std::nullopt;
  auto correct = std::count_if(observation.trials.begin(), observation.trials.end(),
                               [](const Trial& trial) { return trial.result == TrialResult::kCorrect; });
  return 100.0 * static_cast<double>(correct) / static_cast<double>(observation.trials.size());
}

std::optional<double> PercentIndependent(const GoalObservation& observation) {
  if (observation.trials.empty()) return std::nullopt;
  auto independent = std::count_if(observation.trials.begin(), observation.trials.end(), [](const Trial& trial) {
    return trial.prompt == PromptLevel::kIndependent && trial.result == TrialResult::kCorrect;
  });
  return 100.0 * static_cast<double>(independent) / static_cast<double>(observation.trials.size());
}

int SecondsPerUnit(std::string_view unit) {
  const std::string_view word = unit.substr(0, unit.find(' '));
  if (word.starts_with("minute") || word == "min") return 60;
  if (word.starts_with("hour")) return 3600;
  return 1;
}

std::optional<double> ObservationValue(const GoalObservation& observation, std::string_view unit) {
  auto mean = [](const std::vector<int>& values) -> std::optional<double> {
    if (values.empty()) return std::nullopt;
    double sum = 0;
    for (int value : values) sum += value;
    return sum / static_cast<double>(values.size());
  };
  switch (observation.method) {
    case MeasurementMethod::kPercentOfTrials:
      return PercentCorrect(observation);
    case MeasurementMethod::kPromptLevel: {
      std::vector<int> levels;
      for (const Trial& trial : observation.trials)
        levels.push_back(static_cast<int>(trial.prompt) + 1);
      return mean(levels);
    }
    case MeasurementMethod::kFrequency:
      return observation.count;
    case MeasurementMethod::kRate:
      if (observation.observation_minutes <= 0) return std::nullopt;
      return static_cast<double>(observation.count) / observation.observation_minutes;
    case MeasurementMethod::kDuration:
    case MeasurementMethod::kLatency: {
      const std::optional<double> seconds =
          mean(observation.method == MeasurementMethod::kDuration ? observation.durations_seconds
                                                                  : observation.latencies_seconds);
      if (!seconds) return std::nullopt;
      return *seconds / SecondsPerUnit(unit);
    }
    case MeasurementMethod::kRubricScore:
      if (!observation.rubric_score) return std::nullopt;
      return *observation.rubric_score;
  }
  return std::nullopt;
}

}  // namespace paraplan
