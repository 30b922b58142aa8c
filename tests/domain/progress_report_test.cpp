#include "domain/progress_report.h"

#include <gtest/gtest.h>

#include "test_support.h"

namespace paraplan {
namespace {

using testing::D;

// An IEP of student 7: math support 120 minutes a week in the general
// education classroom, speech 20 minutes a day in the special education
// setting, a monthly consultation; a goal in percent of trials, one in
// prompt levels and one timed in minutes.
Iep ReportIep() {
  Iep iep;
  iep.student_id = 7;
  Service math;
  math.id = 1;
  math.minutes = 120;
  Service speech;
  speech.id = 2;
  speech.type = SupportType::kSpeechLanguageTherapy;
  speech.minutes = 20;
  speech.period = MinutesPeriod::kDay;
  speech.setting = Setting::kSpecialEducationSetting;
  Service consult;
  consult.id = 3;
  consult.minutes = 60;
  consult.period = MinutesPeriod::kMonth;
  consult.delivery = DeliveryModel::kConsultation;
  iep.services = {math, speech, consult};
  Goal trials;
  trials.id = 11;
  trials.measurement = MeasurementMethod::kPercentOfTrials;
  trials.baseline = 40;
  trials.target = 80;
  Goal prompts;
  prompts.id = 12;
  prompts.measurement = MeasurementMethod::kPromptLevel;
  prompts.baseline = 5;
  prompts.target = 2;
  Goal timed;
  timed.id = 13;
  timed.measurement = MeasurementMethod::kDuration;
  timed.baseline = 9;
  timed.target = 5;
  timed.unit = "minutes";
  iep.goals = {trials, prompts, timed};
  return iep;
}

CaptureRecord Session(Id service, const char* date, int minutes,
                      SessionOutcome outcome = SessionOutcome::kDelivered, Id student = 7) {
  ServiceSession session;
  session.service_id = service;
  session.date = D(date);
  session.minutes = minutes;
  session.outcome = outcome;
  if (outcome == SessionOutcome::kMissed) session.missed_reason = MissedReason::kProviderAbsent;
  CaptureRecord record;
  record.student_id = student;
  record.body = session;
  return record;
}

CaptureRecord Observation(Id goal, const char* date, GoalObservation observation) {
  observation.goal_id = goal;
  observation.date = D(date);
  CaptureRecord record;
  record.student_id = 7;
  record.body = observation;
  return record;
}

GoalObservation Trials(int correct, int of, PromptLevel prompt = PromptLevel::kIndependent,
                       MeasurementMethod method = MeasurementMethod::kPercentOfTrials) {
  GoalObservation observation;
  observation.method = method;
  for (int t = 0; t < of; ++t) {
    observation.trials.push_back(
        {prompt, t < correct ? TrialResult::kCorrect : TrialResult::kIncorrect});
  }
  return observation;
}

GoalObservation Durations(std::vector<int> seconds) {
  GoalObservation observation;
  observation.method = MeasurementMethod::kDuration;
  observation.durations_seconds = std::move(seconds);
  return observation;
}

TEST(ProgressReport, minutes_delivered_week_by_week_per_service_and_per_setting) {
  const std::vector<CaptureRecord> records = {
      Session(1, "2026-11-16", 60),  // the first of three weeks
      Session(1, "2026-11-18", 60),
      Session(2, "2026-11-17", 20),
      Session(1, "2026-11-24", 45),
      Session(1, "2026-11-25", 30, SessionOutcome::kMissed),  // missed: not given
      Session(2, "2026-12-02", 20),
      Session(1, "2026-12-03", 90),                                 // after `through`
      Session(1, "2026-11-13", 90),                                 // before the weeks
      Session(1, "2026-11-24", 50, SessionOutcome::kDelivered, 8),  // another student
  };
  const ProgressReport report = BuildProgressReport(ReportIep(), records, D("2026-12-02"), 3);
  EXPECT_EQ(report.weeks, (std::vector<Date>{D("2026-11-16"), D("2026-11-23"), D("2026-11-30")}));
  EXPECT_EQ(report.through, D("2026-12-02"));
  ASSERT_EQ(report.services.size(), 2u) << "the monthly consultation is left out";
  EXPECT_EQ(report.services[0].minutes_per_week, 120);
  EXPECT_EQ(report.services[0].delivered, (std::vector<int>{120, 45, 0}));
  EXPECT_EQ(report.services[1].minutes_per_week, 100);
  EXPECT_EQ(report.services[1].delivered, (std::vector<int>{20, 0, 20}));
  ASSERT_EQ(report.settings.size(), 2u);
  EXPECT_EQ(report.settings[0].setting, Setting::kGeneralEducationClassroom);
  EXPECT_EQ(report.settings[0].delivered, (std::vector<int>{120, 45, 0}));
  EXPECT_EQ(report.settings[1].setting, Setting::kSpecialEducationSetting);
  EXPECT_EQ(report.settings[1].minutes_per_week, 100);
}

TEST(ProgressReport, each_goal_has_its_first_and_latest_value_in_its_unit_and_a_weekly_trend) {
  const std::vector<CaptureRecord> records = {
      Observation(11, "2026-11-17", Trials(4, 10)),
      Observation(11, "2026-11-24", Trials(6, 10)),
      Observation(11, "2026-12-01", Trials(8, 10)),
      Observation(12, "2026-11-18",
                  Trials(3, 4, PromptLevel::kModel, MeasurementMethod::kPromptLevel)),
      Observation(13, "2026-11-19", Durations({480, 600})),  // 9 minutes
  };
  const ProgressReport report = BuildProgressReport(ReportIep(), records, D("2026-12-02"), 3);
  ASSERT_EQ(report.goals.size(), 3u);
  const GoalStanding& trials = report.goals[0];
  EXPECT_EQ(trials.observations, 3);
  EXPECT_EQ(trials.first->date, D("2026-11-17"));
  EXPECT_DOUBLE_EQ(trials.first->value, 40);
  EXPECT_DOUBLE_EQ(trials.latest->value, 80);
  EXPECT_NEAR(*trials.trend_per_week, 20, 1e-9) << "20 points a week";
  // The mean prompt level, 1 independent to 6 full physical: model is 4.
  EXPECT_DOUBLE_EQ(report.goals[1].latest->value, 4);
  EXPECT_FALSE(report.goals[1].trend_per_week) << "one observation has no trend";
  EXPECT_DOUBLE_EQ(report.goals[2].latest->value, 9) << "seconds in the goal's minutes";
}

TEST(ProgressReport, a_goal_without_data_has_none_and_one_week_is_the_week_of_through) {
  const ProgressReport report = BuildProgressReport(ReportIep(), {}, D("2026-12-06"), 1);
  EXPECT_EQ(report.weeks, std::vector<Date>{D("2026-11-30")});
  for (const GoalStanding& goal : report.goals) {
    EXPECT_EQ(goal.observations, 0);
    EXPECT_FALSE(goal.latest);
    EXPECT_FALSE(goal.trend_per_week);
  }
  EXPECT_EQ(report.services[0].delivered, std::vector<int>{0});
}

TEST(ObservationValue, is_in_the_goals_unit_for_every_method) {
  EXPECT_DOUBLE_EQ(*ObservationValue(Trials(3, 4), ""), 75);
  EXPECT_DOUBLE_EQ(
      *ObservationValue(Trials(1, 2, PromptLevel::kVerbal, MeasurementMethod::kPromptLevel), ""),
      3);
  GoalObservation rate;
  rate.method = MeasurementMethod::kRate;
  rate.count = 90;
  rate.observation_minutes = 2;
  EXPECT_DOUBLE_EQ(*ObservationValue(rate, "words correct per minute"), 45);
  EXPECT_DOUBLE_EQ(*ObservationValue(Durations({90, 150}), "minutes"), 2);
  EXPECT_DOUBLE_EQ(*ObservationValue(Durations({90, 150}), "seconds"), 120);
  GoalObservation latency;
  latency.method = MeasurementMethod::kLatency;
  latency.latencies_seconds = {7200};
  EXPECT_DOUBLE_EQ(*ObservationValue(latency, "hours"), 2);
  GoalObservation rubric;
  rubric.method = MeasurementMethod::kRubricScore;
  EXPECT_FALSE(ObservationValue(rubric, "points"));
  rubric.rubric_score = 3;
  EXPECT_DOUBLE_EQ(*ObservationValue(rubric, "points"), 3);
  EXPECT_FALSE(ObservationValue(Trials(0, 0), ""));
}

TEST(SecondsPerUnit, reads_the_units_first_word) {
  EXPECT_EQ(SecondsPerUnit("minutes"), 60);
  EXPECT_EQ(SecondsPerUnit("min"), 60);
  EXPECT_EQ(SecondsPerUnit("minute per attempt"), 60);
  EXPECT_EQ(SecondsPerUnit("hours"), 3600);
  EXPECT_EQ(SecondsPerUnit("seconds"), 1);
  EXPECT_EQ(SecondsPerUnit("% of trials"), 1);
  EXPECT_EQ(SecondsPerUnit(""), 1);
}

}  // namespace
}  // namespace paraplan
