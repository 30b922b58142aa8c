// Data captured in the classroom (capability 5 of the product; seed 001
// "Documentation and Data Collection", seed 002 "Role of Paraprofessionals in
// IEP Implementation"): service sessions, goal observations, ABC behaviour
// incidents, accommodation fidelity checks and student self-monitoring.
//
// Records are written on phones that may be offline for hours, so each one
// carries an id the client generates (a UUID) and the time the client created
// it. The id makes creation idempotent: sending the same record twice stores
// it once. A correction never overwrites: it makes a new version that says
// who changed what and when.
#pragma once

#include <array>
#include <chrono>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

#include "domain/enums.h"
#include "domain/error.h"
#include "domain/model.h"
#include "domain/time.h"

namespace paraplan {

// A point in time with millisecond precision, UTC.
using Timestamp = std::chrono::sys_time<std::chrono::milliseconds>;

// Accepts RFC 3339 UTC or with an offset: "2026-11-25T09:44:02Z",
// "2026-11-25T09:44:02.123+01:00"; nullopt otherwise.
std::optional<Timestamp> ParseTimestamp(std::string_view text);
// "2026-11-25T09:44:02.123Z".
std::string FormatTimestamp(Timestamp time);

// A client-generated record id: a UUID in its 36-character text form. Stored
// and compared in lower case.
bool IsUuid(std::string_view text);
std::string LowerUuid(std::string_view text);

enum class CaptureKind {
  kServiceSession,
  kGoalObservation,
  kBehaviorIncident,
  kFidelityCheck,
  kSelfMonitoring,
};

// Records from paraeducators wait for a licensed educator's review (seed 002:
// decisions stay with licensed educators); they count for minutes at once.
enum class ReviewState { kPending, kReviewed };

enum class SessionOutcome { kDelivered, kMissed };

enum class MissedReason { kStudentAbsent, kProviderAbsent, kSchoolEvent };

// The support a trial needed, from least to most intrusive.
enum class PromptLevel {
  kIndependent,
  kGestural,
  kVerbal,
  kModel,
  kPartialPhysical,
  kFullPhysical,
};

enum class TrialResult { kCorrect, kIncorrect };

enum class FidelityOutcome { kImplemented, kNotImplemented };

template <>
struct EnumNames<CaptureKind> {
  static constexpr auto kNames = std::to_array<std::pair<CaptureKind, std::string_view>>({
      {CaptureKind::kServiceSession, "service_session"},
      {CaptureKind::kGoalObservation, "goal_observation"},
      {CaptureKind::kBehaviorIncident, "behavior_incident"},
      {CaptureKind::kFidelityCheck, "fidelity_check"},
      {CaptureKind::kSelfMonitoring, "self_monitoring"},
  });
};

template <>
struct EnumNames<ReviewState> {
  static constexpr auto kNames = std::to_array<std::pair<ReviewState, std::string_view>>({
      {ReviewState::kPending, "pending"},
      {ReviewState::kReviewed, "reviewed"},
  });
};

template <>
struct EnumNames<SessionOutcome> {
  static constexpr auto kNames = std::to_array<std::pair<SessionOutcome, std::string_view>>({
      {SessionOutcome::kDelivered, "delivered"},
      {SessionOutcome::kMissed, "missed"},
  });
};

template <>
struct EnumNames<MissedReason> {
  static constexpr auto kNames = std::to_array<std::pair<MissedReason, std::string_view>>({
      {MissedReason::kStudentAbsent, "student_absent"},
      {MissedReason::kProviderAbsent, "provider_absent"},
      {MissedReason::kSchoolEvent, "school_event"},
  });
};

template <>
struct EnumNames<PromptLevel> {
  static constexpr auto kNames = std::to_array<std::pair<PromptLevel, std::string_view>>({
      {PromptLevel::kIndependent, "independent"},
      {PromptLevel::kGestural, "gestural"},
      {PromptLevel::kVerbal, "verbal"},
      {PromptLevel::kModel, "model"},
      {PromptLevel::kPartialPhysical, "partial_physical"},
      {PromptLevel::kFullPhysical, "full_physical"},
  });
};

template <>
struct EnumNames<TrialResult> {
  static constexpr auto kNames = std::to_array<std::pair<TrialResult, std::string_view>>({
      {TrialResult::kCorrect, "correct"},
      {TrialResult::kIncorrect, "incorrect"},
  });
};

template <>
struct EnumNames<FidelityOutcome> {
  static constexpr auto kNames = std::to_array<std::pair<FidelityOutcome, std::string_view>>({
      {FidelityOutcome::kImplemented, "implemented"},
      {FidelityOutcome::kNotImplemented, "not_implemented"},
  });
};

// One session of an IEP service, delivered or missed. A missed session keeps
// the minutes that were due, so make-up owed can be computed; a make-up
// session names the missed session it makes up.
struct ServiceSession {
  Id service_id = 0;
  Date date;
  TimeOfDay start;
  int minutes = 0;
  Setting setting = Setting::kGeneralEducationClassroom;
  Id provider_id = 0;
  int group_size = 1;
  SessionOutcome outcome = SessionOutcome::kDelivered;
  std::optional<MissedReason> missed_reason;
  std::optional<std::string> makes_up;  // client id of the missed session
  std::string note;
  bool operator==(const ServiceSession&) const = default;
};

struct Trial {
  PromptLevel prompt = PromptLevel::kIndependent;
  TrialResult result = TrialResult::kCorrect;
  bool operator==(const Trial&) const = default;
};

// Data on one IEP goal. Which fields carry the data depends on the method:
// trials for percent of trials and prompt level, a count over observed
// minutes for frequency and rate, seconds for durations and latencies, a
// score out of a maximum for rubrics.
struct GoalObservation {
  Id goal_id = 0;
  Date date;
  MeasurementMethod method = MeasurementMethod::kPercentOfTrials;
  std::vector<Trial> trials;
  int count = 0;
  int observation_minutes = 0;
  std::vector<int> durations_seconds;
  std::vector<int> latencies_seconds;
  std::optional<int> rubric_score;
  int rubric_max = 0;
  std::optional<std::string> session;  // client id of the service session it was taken in
  std::string note;
  bool operator==(const GoalObservation&) const = default;
};

// An antecedent-behaviour-consequence record of one incident.
struct BehaviorIncident {
  Date date;
  TimeOfDay time;
  std::string activity;  // what was going on, e.g. "independent reading"
  std::string antecedent;
  std::string behavior;
  std::string consequence;
  int duration_seconds = 0;
  std::optional<int> regulation_level;  // level of the student's regulation plan, if one applies
  std::string note;
  bool operator==(const BehaviorIncident&) const = default;
};

// Whether an accommodation of the IEP was implemented in a block (seed 001
// "Implementing Supports with Fidelity").
struct FidelityCheck {
  Id accommodation_id = 0;
  Date date;
  FidelityOutcome outcome = FidelityOutcome::kImplemented;
  std::string note;  // required when not implemented: why
  bool operator==(const FidelityCheck&) const = default;
};

// A student's rating of their own behaviour, with the adult's rating to
// check its accuracy (seed 001: paras help students self-monitor accurately).
struct SelfMonitoringEntry {
  Date date;
  TimeOfDay time;
  std::string target;  // e.g. "used a calming strategy"
  int student_rating = 0;
  int scale_max = 0;
  std::optional<int> adult_rating;
  std::string note;
  bool operator==(const SelfMonitoringEntry&) const = default;
};

using CaptureBody =
    std::variant<ServiceSession, GoalObservation, BehaviorIncident, FidelityCheck, SelfMonitoringEntry>;

// One captured record. `id`, `created_at`, `student_id` and `body` are the
// content the client sends; `recorded_by`, `review` and `version` are set by
// the server (the signed-in staff member, and whether a licensed educator has
// reviewed it).
struct CaptureRecord {
  std::string id;
  Timestamp created_at{};
  Id student_id = 0;
  Id recorded_by = 0;
  CaptureBody body;
  ReviewState review = ReviewState::kPending;
  std::optional<Id> reviewed_by;
  std::int64_t version = 0;

  CaptureKind Kind() const;
  bool operator==(const CaptureRecord&) const = default;
};

// Whether two records carry the same content (id, creation time, student,
// recorder and body), ignoring review state and version: the test for an
// idempotent re-send.
bool SameContent(const CaptureRecord& a, const CaptureRecord& b);

// The record's content as (field, value) pairs in a fixed order, with list
// items as "trials[2].prompt": the form the version history compares.
std::vector<std::pair<std::string, std::string>> Fields(const CaptureRecord& record);

// One field a correction changed.
struct FieldChange {
  std::string field;
  std::string before;  // empty when the field is new
  std::string after;   // empty when the field was removed
  bool operator==(const FieldChange&) const = default;
};

// What changed between two versions of a record, in field order.
std::vector<FieldChange> Diff(const CaptureRecord& before, const CaptureRecord& after);

// Records from paraeducators start pending; from licensed educators, reviewed.
ReviewState InitialReview(StaffRole recorder);

// Validates the record's content. `today` bounds dates: data cannot be
// captured for a day after the day it is sent (the client clock may run a
// little ahead, so one day of slack is allowed).
std::vector<FieldProblem> Validate(const CaptureRecord& record, Date today);

// Minutes a record counts toward its service: delivered sessions only,
// whether reviewed or still pending.
int CountedMinutes(const CaptureRecord& record);

// Whether a missed session leaves make-up owed: the school did not deliver
// it (its provider was absent, or a school event took the time). A session
// the student missed by being absent is not owed.
bool OwesMakeup(const ServiceSession& session);

// The make-up minutes one service is owed when the week of `week` begins,
// from the service's sessions (any order; those dated in that week or
// later are not read). Week by week, in order:
//  - a week owes the minutes of its sessions missed for the school's
//    reasons (OwesMakeup), but no more than the week fell short of the
//    IEP's `minutes_per_week` in sessions delivered: a para who made the
//    minutes up later that week owes nothing;
//  - make-up sessions (delivered, naming the missed session they make up)
//    and minutes delivered beyond `minutes_per_week` pay off what is owed.
// The result is never negative: minutes delivered before a miss do not
// pay it off in advance.
int MakeupOwed(std::span<const ServiceSession> sessions, int minutes_per_week, Date week);

// Percent of trials correct, and percent correct with no prompt at all (the
// prompt-fading measure); nullopt without trials.
std::optional<double> PercentCorrect(const GoalObservation& observation);
std::optional<double> PercentIndependent(const GoalObservation& observation);

// Seconds in one of a goal's time units ("minutes", "seconds", "hours"),
// from the unit's first word; 1 when the unit is not a time. Durations and
// latencies are recorded in seconds; a goal may be written in minutes.
int SecondsPerUnit(std::string_view unit);

// The value an observation gives its goal, in the goal's `unit`: percent
// correct for trials; the mean prompt level from 1 (independent) to 6 (full
// physical) for a prompt-level goal; the count; the count a minute for a
// rate; the mean duration or latency in the goal's time unit; the rubric
// score. Nullopt when the observation holds no such data.
std::optional<double> ObservationValue(const GoalObservation& observation, std::string_view unit);

}  // namespace paraplan
