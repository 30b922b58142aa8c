#include "domain/capture.h"

#include <algorithm>
#include <vector>

#include <gtest/gtest.h>

#include "test_support.h"

namespace paraplan {
namespace {

using testing::D;
using testing::HasProblem;

Timestamp T(const char* text) { return *ParseTimestamp(text); }

constexpr const char* kSessionId = "3f2b8c1e-4a5d-4e6f-8a9b-0c1d2e3f4a5b";
constexpr const char* kOtherId = "9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d";

CaptureRecord Record(CaptureBody body) {
  CaptureRecord record;
  record.id = kSessionId;
  record.created_at = T("2026-11-25T09:30:00Z");
  record.student_id = 7;
  record.recorded_by = 20;
  record.body = std::move(body);
  return record;
}

ServiceSession Session() {
  ServiceSession session;
  session.service_id = 5;
  session.date = D("2026-11-25");
  session.start = TimeOfDay::At(9, 0);
  session.minutes = 25;
  session.provider_id = 20;
  return session;
}

GoalObservation Trials() {
  GoalObservation observation;
  observation.goal_id = 9;
  observation.date = D("2026-11-25");
  observation.method = MeasurementMethod::kPercentOfTrials;
  observation.trials = {{PromptLevel::kIndependent, TrialResult::kCorrect},
                        {PromptLevel::kVerbal, TrialResult::kCorrect},
                        {PromptLevel::kPartialPhysical, TrialResult::kIncorrect},
                        {PromptLevel::kIndependent, TrialResult::kIncorrect}};
  return observation;
}

const Date kToday = D("2026-11-25");

TEST(Timestamp, parses_utc_offsets_and_fractions) {
  EXPECT_EQ(FormatTimestamp(T("2026-11-25T09:44:02Z")), "2026-11-25T09:44:02.000Z");
  EXPECT_EQ(FormatTimestamp(T("2026-11-25T09:44:02.5Z")), "2026-11-25T09:44:02.500Z");
  EXPECT_EQ(FormatTimestamp(T("2026-11-25T10:44:02.123+01:00")), "2026-11-25T09:44:02.123Z");
  EXPECT_EQ(FormatTimestamp(T("2026-11-24T23:00:00-05:00")), "2026-11-25T04:00:00.000Z");
  EXPECT_EQ(FormatTimestamp(T("2026-11-25T09:44:02.123456Z")), "2026-11-25T09:44:02.123Z");
}

TEST(Timestamp, refuses_text_that_is_not_rfc_3339) {
  EXPECT_FALSE(ParseTimestamp("2026-11-25 09:44:02Z"));
  EXPECT_FALSE(ParseTimestamp("2026-11-25T09:44:02"));
  EXPECT_FALSE(ParseTimestamp("2026-11-25T25:00:00Z"));
  EXPECT_FALSE(ParseTimestamp("2026-02-30T09:00:00Z"));
  EXPECT_FALSE(ParseTimestamp("2026-11-25T09:44:02.Z"));
  EXPECT_FALSE(ParseTimestamp("2026-11-25T09:44:02Zjunk"));
  EXPECT_FALSE(ParseTimestamp(""));
}

TEST(Uuid, accepts_the_canonical_text_form_in_either_case) {
  EXPECT_TRUE(IsUuid(kSessionId));
  EXPECT_TRUE(IsUuid("3F2B8C1E-4A5D-4E6F-8A9B-0C1D2E3F4A5B"));
  EXPECT_EQ(LowerUuid("3F2B8C1E-4A5D-4E6F-8A9B-0C1D2E3F4A5B"), kSessionId);
  EXPECT_FALSE(IsUuid("3f2b8c1e4a5d4e6f8a9b0c1d2e3f4a5b"));
  EXPECT_FALSE(IsUuid("3f2b8c1e-4a5d-4e6f-8a9b-0c1d2e3f4a5g"));
  EXPECT_FALSE(IsUuid("session-1"));
}

TEST(CaptureValidation, a_delivered_session_has_no_problems) {
  EXPECT_EQ(Validate(Record(Session()), kToday), std::vector<FieldProblem>{});
}

TEST(CaptureValidation, a_record_without_a_uuid_or_student_is_refused) {
  CaptureRecord record = Record(Session());
  record.id = "1";
  record.student_id = 0;
  auto problems = Validate(record, kToday);
  EXPECT_TRUE(HasProblem(problems, "id", "is not a UUID"));
  EXPECT_TRUE(HasProblem(problems, "student_id", "is required"));
}

TEST(CaptureValidation, a_missed_session_needs_a_reason) {
  ServiceSession session = Session();
  session.outcome = SessionOutcome::kMissed;
  EXPECT_TRUE(HasProblem(Validate(Record(session), kToday), "missed_reason", "is required"));
  session.missed_reason = MissedReason::kStudentAbsent;
  EXPECT_EQ(Validate(Record(session), kToday), std::vector<FieldProblem>{});
}

TEST(CaptureValidation, a_delivered_session_has_no_missed_reason) {
  ServiceSession session = Session();
  session.missed_reason = MissedReason::kSchoolEvent;
  EXPECT_TRUE(HasProblem(Validate(Record(session), kToday), "missed_reason", "only to missed"));
}

TEST(CaptureValidation, a_make_up_session_names_another_session_and_was_delivered) {
  ServiceSession session = Session();
  session.makes_up = kSessionId;
  EXPECT_TRUE(HasProblem(Validate(Record(session), kToday), "makes_up", "names the session itself"));
  session.makes_up = kOtherId;
  EXPECT_EQ(Validate(Record(session), kToday), std::vector<FieldProblem>{});
  session.outcome = SessionOutcome::kMissed;
  session.missed_reason = MissedReason::kProviderAbsent;
  EXPECT_TRUE(HasProblem(Validate(Record(session), kToday), "makes_up", "only a delivered"));
}

TEST(CaptureValidation, session_minutes_and_group_size_are_bounded) {
  ServiceSession session = Session();
  session.minutes = 0;
  session.group_size = 0;
  auto problems = Validate(Record(session), kToday);
  EXPECT_TRUE(HasProblem(problems, "minutes", "between 1 and 480"));
  EXPECT_TRUE(HasProblem(problems, "group_size", "between 1 and 40"));
}

TEST(CaptureValidation, data_for_a_future_day_is_refused) {
  ServiceSession session = Session();
  session.date = D("2026-11-28");
  EXPECT_TRUE(HasProblem(Validate(Record(session), kToday), "date", "in the future"));
  session.date = D("2026-11-26");  // the client's clock may be a little ahead
  EXPECT_EQ(Validate(Record(session), kToday), std::vector<FieldProblem>{});
}

TEST(CaptureValidation, trial_data_has_trials_with_prompt_levels) {
  GoalObservation observation = Trials();
  EXPECT_EQ(Validate(Record(observation), kToday), std::vector<FieldProblem>{});
  observation.trials.clear();
  EXPECT_TRUE(HasProblem(Validate(Record(observation), kToday), "trials", "between 1 and 200"));
}

TEST(CaptureValidation, fields_of_another_method_are_refused) {
  GoalObservation observation = Trials();
  observation.count = 4;
  EXPECT_TRUE(HasProblem(Validate(Record(observation), kToday), "count",
                         "does not apply to method percent_of_trials"));
}

TEST(CaptureValidation, frequency_needs_observation_minutes) {
  GoalObservation observation;
  observation.goal_id = 9;
  observation.date = kToday;
  observation.method = MeasurementMethod::kFrequency;
  observation.count = 3;
  EXPECT_TRUE(HasProblem(Validate(Record(observation), kToday), "observation_minutes",
                         "between 1 and 480"));
  observation.observation_minutes = 30;
  EXPECT_EQ(Validate(Record(observation), kToday), std::vector<FieldProblem>{});
}

TEST(CaptureValidation, durations_are_positive_seconds) {
  GoalObservation observation;
  observation.goal_id = 9;
  observation.date = kToday;
  observation.method = MeasurementMethod::kDuration;
  observation.durations_seconds = {40, 0};
  EXPECT_TRUE(HasProblem(Validate(Record(observation), kToday), "durations_seconds[1]",
                         "between 1 and 86400"));
}

TEST(CaptureValidation, latencies_may_be_zero_seconds) {
  GoalObservation observation;
  observation.goal_id = 9;
  observation.date = kToday;
  observation.method = MeasurementMethod::kLatency;
  observation.latencies_seconds = {0, 12};
  EXPECT_EQ(Validate(Record(observation), kToday), std::vector<FieldProblem>{});
}

TEST(CaptureValidation, a_rubric_score_is_within_its_maximum) {
  GoalObservation observation;
  observation.goal_id = 9;
  observation.date = kToday;
  observation.method = MeasurementMethod::kRubricScore;
  observation.rubric_max = 4;
  observation.rubric_score = 5;
  EXPECT_TRUE(HasProblem(Validate(Record(observation), kToday), "rubric_score",
                         "between 0 and rubric_max"));
  observation.rubric_score = 3;
  EXPECT_EQ(Validate(Record(observation), kToday), std::vector<FieldProblem>{});
}

TEST(CaptureValidation, an_abc_incident_names_antecedent_behavior_and_consequence) {
  BehaviorIncident incident;
  incident.date = kToday;
  incident.time = TimeOfDay::At(10, 15);
  incident.behavior = "Threw pencil";
  auto problems = Validate(Record(incident), kToday);
  EXPECT_TRUE(HasProblem(problems, "antecedent", "is required"));
  EXPECT_TRUE(HasProblem(problems, "consequence", "is required"));
  EXPECT_FALSE(HasProblem(problems, "behavior", "is required"));
}

TEST(CaptureValidation, an_accommodation_not_implemented_needs_a_note) {
  FidelityCheck check{601, kToday, FidelityOutcome::kNotImplemented, ""};
  EXPECT_TRUE(HasProblem(Validate(Record(check), kToday), "note", "is required"));
  check.note = "Timer was missing";
  EXPECT_EQ(Validate(Record(check), kToday), std::vector<FieldProblem>{});
}

TEST(CaptureValidation, self_monitoring_ratings_are_on_the_scale) {
  SelfMonitoringEntry entry{kToday, TimeOfDay::At(11, 0), "Used a calming strategy", 6, 5, 7, ""};
  auto problems = Validate(Record(entry), kToday);
  EXPECT_TRUE(HasProblem(problems, "student_rating", "between 0 and 5"));
  EXPECT_TRUE(HasProblem(problems, "adult_rating", "between 0 and 5"));
}

TEST(CaptureContent, the_same_record_resent_has_the_same_content) {
  CaptureRecord first = Record(Trials());
  CaptureRecord again = first;
  again.id = "3F2B8C1E-4A5D-4E6F-8A9B-0C1D2E3F4A5B";  // the same id in upper case
  again.review = ReviewState::kReviewed;            // server-side state is not content
  again.version = 3;
  EXPECT_TRUE(SameContent(first, again));
}

TEST(CaptureContent, a_changed_trial_is_different_content) {
  CaptureRecord first = Record(Trials());
  CaptureRecord changed = first;
  std::get<GoalObservation>(changed.body).trials[2].prompt = PromptLevel::kModel;
  EXPECT_FALSE(SameContent(first, changed));
}

TEST(CaptureContent, a_correction_lists_each_changed_field_with_before_and_after) {
  CaptureRecord first = Record(Session());
  CaptureRecord corrected = first;
  auto& session = std::get<ServiceSession>(corrected.body);
  session.minutes = 30;
  session.note = "Started late";
  std::vector<FieldChange> expected = {{"minutes", "25", "30"}, {"note", "", "Started late"}};
  EXPECT_EQ(Diff(first, corrected), expected);
}

TEST(CaptureContent, removed_trials_show_as_removed_fields) {
  CaptureRecord first = Record(Trials());
  CaptureRecord corrected = first;
  std::get<GoalObservation>(corrected.body).trials.pop_back();
  std::vector<FieldChange> expected = {{"trials[3].prompt", "independent", ""},
                                       {"trials[3].result", "incorrect", ""}};
  EXPECT_EQ(Diff(first, corrected), expected);
}

TEST(CaptureReview, records_from_paras_start_pending_and_from_teachers_reviewed) {
  EXPECT_EQ(InitialReview(StaffRole::kParaeducator), ReviewState::kPending);
  EXPECT_EQ(InitialReview(StaffRole::kSpecialEducator), ReviewState::kReviewed);
  EXPECT_EQ(InitialReview(StaffRole::kRelatedServiceProvider), ReviewState::kReviewed);
}

TEST(CaptureMinutes, a_pending_delivered_session_counts_its_minutes_at_once) {
  CaptureRecord record = Record(Session());
  record.review = ReviewState::kPending;
  EXPECT_EQ(CountedMinutes(record), 25);
}

TEST(CaptureMinutes, a_missed_session_counts_no_minutes) {
  ServiceSession session = Session();
  session.outcome = SessionOutcome::kMissed;
  session.missed_reason = MissedReason::kStudentAbsent;
  EXPECT_EQ(CountedMinutes(Record(session)), 0);
  EXPECT_EQ(CountedMinutes(Record(Trials())), 0);
}

// Sessions of one service of 90 minutes a week, in the weeks of Monday
// 2026-11-02, 11-09, 11-16 and 11-23.
ServiceSession Delivered(const char* date, int minutes) {
  ServiceSession session = Session();
  session.date = D(date);
  session.minutes = minutes;
  return session;
}

ServiceSession Missed(const char* date, int minutes, MissedReason reason) {
  ServiceSession session = Delivered(date, minutes);
  session.outcome = SessionOutcome::kMissed;
  session.missed_reason = reason;
  return session;
}

ServiceSession MakeUp(const char* date, int minutes) {
  ServiceSession session = Delivered(date, minutes);
  session.makes_up = kOtherId;
  return session;
}

TEST(CaptureMakeup, a_session_missed_while_its_provider_was_away_is_owed_the_next_week) {
  const std::vector<ServiceSession> sessions = {
      Delivered("2026-11-09", 30), Missed("2026-11-11", 30, MissedReason::kProviderAbsent),
      Delivered("2026-11-13", 30)};
  EXPECT_EQ(MakeupOwed(sessions, 90, D("2026-11-16")), 30);
  // Asked on any day of that week, the answer is the week's.
  EXPECT_EQ(MakeupOwed(sessions, 90, D("2026-11-20")), 30);
  // Not before the week of the miss has ended.
  EXPECT_EQ(MakeupOwed(sessions, 90, D("2026-11-12")), 0);
}

TEST(CaptureMakeup, a_student_absent_owes_nothing_and_a_school_event_does) {
  EXPECT_EQ(MakeupOwed(std::vector{Missed("2026-11-11", 30, MissedReason::kStudentAbsent)}, 90,
                       D("2026-11-16")),
            0);
  EXPECT_EQ(MakeupOwed(std::vector{Missed("2026-11-11", 30, MissedReason::kSchoolEvent)}, 90,
                       D("2026-11-16")),
            30);
}

TEST(CaptureMakeup, a_week_that_delivered_its_minutes_anyway_owes_nothing) {
  // Missed on Wednesday, the minutes delivered on Thursday and Friday.
  const std::vector<ServiceSession> full = {
      Delivered("2026-11-09", 30), Missed("2026-11-11", 30, MissedReason::kProviderAbsent),
      Delivered("2026-11-12", 30), Delivered("2026-11-13", 30)};
  EXPECT_EQ(MakeupOwed(full, 90, D("2026-11-16")), 0);
  // Short by 20 of the 30 missed: 20 owed.
  const std::vector<ServiceSession> partly = {
      Delivered("2026-11-09", 40), Missed("2026-11-11", 30, MissedReason::kProviderAbsent),
      Delivered("2026-11-13", 30)};
  EXPECT_EQ(MakeupOwed(partly, 90, D("2026-11-16")), 20);
}

TEST(CaptureMakeup, make_ups_and_minutes_beyond_the_week_pay_off_what_is_owed) {
  std::vector<ServiceSession> sessions = {Missed("2026-11-04", 60, MissedReason::kProviderAbsent),
                                          Delivered("2026-11-05", 30)};
  EXPECT_EQ(MakeupOwed(sessions, 90, D("2026-11-09")), 60);
  // The next week: 90 delivered and a 20-minute make-up.
  sessions.push_back(Delivered("2026-11-10", 90));
  sessions.push_back(MakeUp("2026-11-12", 20));
  EXPECT_EQ(MakeupOwed(sessions, 90, D("2026-11-16")), 40);
  // The week after: 130 delivered, 40 beyond the IEP's 90.
  sessions.push_back(Delivered("2026-11-17", 130));
  EXPECT_EQ(MakeupOwed(sessions, 90, D("2026-11-23")), 0);
  // More beyond it does not pay off a later miss in advance.
  sessions.push_back(Delivered("2026-11-18", 30));
  sessions.push_back(Missed("2026-11-25", 30, MissedReason::kProviderAbsent));
  EXPECT_EQ(MakeupOwed(sessions, 90, D("2026-11-30")), 30);
}

TEST(CaptureTrials, percent_correct_and_independent_come_from_the_trials) {
  EXPECT_DOUBLE_EQ(*PercentCorrect(Trials()), 50.0);
  EXPECT_DOUBLE_EQ(*PercentIndependent(Trials()), 25.0);
  EXPECT_FALSE(PercentCorrect(GoalObservation{}).has_value());
}

TEST(CaptureRecordKind, the_kind_follows_the_body) {
  EXPECT_EQ(Record(Session()).Kind(), CaptureKind::kServiceSession);
  EXPECT_EQ(Record(Trials()).Kind(), CaptureKind::kGoalObservation);
  EXPECT_EQ(NameOf(Record(FidelityCheck{}).Kind()), "fidelity_check");
}

}  // namespace
}  // namespace paraplan
