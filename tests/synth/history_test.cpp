#include "synth/history.h"

#include <gtest/gtest.h>

#include <map>
#include <set>

namespace paraplan::synth {
namespace {

constexpr Id kPara = 501, kManager = 502, kSpeech = 503;

Date DayOf(const char* text) { return *Date::Parse(text); }

Goal GoalOf(Id id, MeasurementMethod method, double baseline, double target, const char* unit) {
  Goal goal;
  goal.id = id;
  goal.measurement = method;
  goal.baseline = baseline;
  goal.target = target;
  goal.unit = unit;
  return goal;
}

// A student with a weekly push-in service, a daily one, a monthly
// consultation and a goal of every method.
HistoryStudent StudentWithEverything(Id id, const SchoolCalendar* calendar) {
  HistoryStudent student;
  student.student_id = id;
  Service math;
  math.id = id * 10 + 1;
  math.minutes = 150;
  Service speech;
  speech.id = id * 10 + 2;
  speech.type = SupportType::kSpeechLanguageTherapy;
  speech.minutes = 20;
  speech.period = MinutesPeriod::kDay;
  speech.setting = Setting::kSpecialEducationSetting;
  Service consult;
  consult.id = id * 10 + 3;
  consult.minutes = 60;
  consult.period = MinutesPeriod::kMonth;
  consult.delivery = DeliveryModel::kConsultation;
  student.iep.services = {math, speech, consult};
  student.provider_of = {{math.id, kPara}, {speech.id, kSpeech}, {consult.id, kManager}};
  student.iep.goals = {
      GoalOf(id * 10 + 1, MeasurementMethod::kPercentOfTrials, 40, 80, "% of problems"),
      GoalOf(id * 10 + 2, MeasurementMethod::kPromptLevel, 5, 2,
             "prompt level (1 independent to 6 full physical)"),
      GoalOf(id * 10 + 3, MeasurementMethod::kFrequency, 6, 1, "incidents per week"),
      GoalOf(id * 10 + 4, MeasurementMethod::kRate, 40, 70, "words correct per minute"),
      GoalOf(id * 10 + 5, MeasurementMethod::kDuration, 9, 5, "minutes"),
      GoalOf(id * 10 + 6, MeasurementMethod::kLatency, 10, 3, "minutes"),
      GoalOf(id * 10 + 7, MeasurementMethod::kRubricScore, 1, 3, "rubric points of 4"),
  };
  student.calendar = calendar;
  student.observer = kPara;
  student.reviewer = kManager;
  return student;
}

// Eight weeks from Monday 2026-10-12 to Friday 2026-12-04, with the
// Thanksgiving break (26 and 27 November) off.
struct HistoryFixture {
  SchoolCalendar calendar;
  std::vector<HistoryStudent> students;
  HistorySpec spec{.from = DayOf("2026-10-12"), .until = DayOf("2026-12-05"), .seed = 7};

  explicit HistoryFixture(int count = 30) {
    calendar.first_day = DayOf("2026-09-08");
    calendar.last_day = DayOf("2027-06-11");
    calendar.non_instructional_days = {DayOf("2026-11-26"), DayOf("2026-11-27")};
    for (int s = 0; s < count; ++s) students.push_back(StudentWithEverything(100 + s, &calendar));
  }
};

TEST(History, every_record_is_valid_reviewed_and_on_a_school_day_of_the_range) {
  const HistoryFixture fixture;
  const std::vector<CaptureRecord> records = RecordHistory(fixture.students, fixture.spec);
  ASSERT_FALSE(records.empty());
  std::set<std::string> ids;
  for (const CaptureRecord& record : records) {
    EXPECT_TRUE(Validate(record, fixture.spec.until).empty()) << record.id;
    EXPECT_TRUE(IsUuid(record.id)) << record.id;
    EXPECT_TRUE(ids.insert(record.id).second) << "the id " << record.id << " is given twice";
    const Date date = std::holds_alternative<ServiceSession>(record.body)
                          ? std::get<ServiceSession>(record.body).date
                          : std::get<GoalObservation>(record.body).date;
    EXPECT_GE(date, fixture.spec.from);
    EXPECT_LT(date, fixture.spec.until);
    EXPECT_LE(date.IsoWeekday(), 5) << date.ToString();
    EXPECT_TRUE(fixture.calendar.IsInstructionalDay(date)) << date.ToString();
    EXPECT_EQ(record.review, ReviewState::kReviewed);
    EXPECT_EQ(record.reviewed_by, kManager);
  }
}

TEST(History, sessions_give_each_services_weekly_minutes_by_its_provider_and_no_consultation) {
  const HistoryFixture fixture;
  const std::vector<CaptureRecord> records = RecordHistory(fixture.students, fixture.spec);
  // Minutes delivered by regular sessions, and whether anything was missed,
  // per (service, week).
  std::map<std::pair<Id, Date>, int> delivered;
  std::set<std::pair<Id, Date>> with_a_miss;
  for (const CaptureRecord& record : records) {
    const auto* session = std::get_if<ServiceSession>(&record.body);
    if (session == nullptr) continue;
    EXPECT_NE(session->service_id % 10, 3) << "the monthly consultation is not a session";
    EXPECT_EQ(session->provider_id, session->service_id % 10 == 1 ? kPara : kSpeech);
    EXPECT_EQ(record.recorded_by, session->provider_id);
    const std::pair key{session->service_id, session->date.WeekStart()};
    if (session->outcome == SessionOutcome::kMissed) with_a_miss.insert(key);
    if (session->outcome == SessionOutcome::kDelivered && !session->makes_up) {
      delivered[key] += session->minutes;
    }
  }
  int full_weeks = 0;
  for (const auto& [key, minutes] : delivered) {
    // The Thanksgiving week loses its Thursday and Friday.
    if (with_a_miss.contains(key) || key.second == DayOf("2026-11-23")) continue;
    EXPECT_EQ(minutes, key.first % 10 == 1 ? 150 : 100)
        << key.first << " " << key.second.ToString();
    ++full_weeks;
  }
  EXPECT_GT(full_weeks, 200);
}

TEST(History, most_of_the_schools_misses_are_made_up_the_next_week_and_a_student_absence_never_is) {
  const HistoryFixture fixture;
  const std::vector<CaptureRecord> records = RecordHistory(fixture.students, fixture.spec);
  std::map<std::string, ServiceSession> missed;
  for (const CaptureRecord& record : records) {
    const auto* session = std::get_if<ServiceSession>(&record.body);
    if (session != nullptr && session->outcome == SessionOutcome::kMissed)
      missed[record.id] = *session;
  }
  // Misses owed before the last week can be made up the week after.
  const Date last_week = fixture.spec.until.AddDays(-1).WeekStart();
  int owed = 0, owed_before_the_last_week = 0, student_absent = 0, made_up = 0;
  for (const auto& [id, session] : missed) {
    if (OwesMakeup(session)) {
      ++owed;
      owed_before_the_last_week += session.date < last_week;
    } else {
      ++student_absent;
    }
  }
  for (const CaptureRecord& record : records) {
    const auto* session = std::get_if<ServiceSession>(&record.body);
    if (session == nullptr || !session->makes_up) continue;
    ++made_up;
    const auto found = missed.find(*session->makes_up);
    ASSERT_NE(found, missed.end()) << "a make-up names a session that was not missed";
    EXPECT_TRUE(OwesMakeup(found->second)) << "a student's absence is not made up";
    EXPECT_EQ(session->service_id, found->second.service_id);
    EXPECT_EQ(session->minutes, found->second.minutes);
    EXPECT_EQ(session->outcome, SessionOutcome::kDelivered);
    EXPECT_GT(session->date.WeekStart(), found->second.date.WeekStart());
    EXPECT_NE(session->note.find(found->second.date.ToString()), std::string::npos)
        << session->note;
  }
  EXPECT_GT(student_absent, 0);
  EXPECT_GT(owed, 10);
  // Three in four of the misses before the last week are made up (at least
  // half, on this seed); none of the last week's.
  EXPECT_GE(2 * made_up, owed_before_the_last_week);
  EXPECT_LT(made_up, owed_before_the_last_week);
}

// Means of values taken in the first four weeks and in the last four.
struct EarlyLate {
  double early_sum = 0, late_sum = 0;
  int early_count = 0, late_count = 0;
  void Add(bool early, double value) {
    (early ? early_sum : late_sum) += value;
    ++(early ? early_count : late_count);
  }
  double Early() const { return early_sum / early_count; }
  double Late() const { return late_sum / late_count; }
};

TEST(History, goal_values_move_from_the_baseline_toward_the_target_and_prompts_fade) {
  const HistoryFixture fixture(40);
  const std::vector<CaptureRecord> records = RecordHistory(fixture.students, fixture.spec);
  const Date middle = fixture.spec.from.AddDays(28);
  // By method: the mean value in the first four weeks and in the last four.
  std::map<MeasurementMethod, EarlyLate> values;
  EarlyLate independent;
  int observations = 0;
  for (const CaptureRecord& record : records) {
    const auto* observation = std::get_if<GoalObservation>(&record.body);
    if (observation == nullptr) continue;
    ++observations;
    EXPECT_EQ(record.recorded_by, kPara);
    EXPECT_TRUE(observation->date.IsoWeekday() == 2 || observation->date.IsoWeekday() == 4);
    const Goal& goal = fixture.students[static_cast<std::size_t>(record.student_id - 100)]
                           .iep.goals[static_cast<std::size_t>(observation->goal_id % 10 - 1)];
    ASSERT_EQ(goal.id, observation->goal_id);
    ASSERT_EQ(goal.measurement, observation->method);
    const bool early = observation->date < middle;
    values[observation->method].Add(early, *ObservationValue(*observation, goal.unit));
    if (observation->method == MeasurementMethod::kPercentOfTrials) {
      independent.Add(early, *PercentIndependent(*observation));
    }
  }
  EXPECT_GT(observations, 40 * 7 * 12);
  ASSERT_EQ(values.size(), 7u);
  for (const Goal& goal : fixture.students.front().iep.goals) {
    const MeasurementMethod method = *goal.measurement;
    const double early = values[method].Early();
    const double late = values[method].Late();
    // At least a tenth of the way, on average, and not beyond the target.
    EXPECT_GT((late - early) / (goal.target - goal.baseline), 0.1) << NameOf(method);
    EXPECT_GT(
        (goal.target - goal.baseline) * (goal.target + 0.5 * (goal.target - goal.baseline) - late),
        0)
        << NameOf(method) << " " << late;
  }
  EXPECT_GT(independent.Late(), independent.Early() + 5);
}

TEST(History, one_goal_in_seven_stalls_its_prompts_not_fading) {
  const HistoryFixture fixture(40);
  const std::vector<CaptureRecord> records = RecordHistory(fixture.students, fixture.spec);
  const Date middle = fixture.spec.from.AddDays(28);
  // Per student's percent-of-trials goal: the share of trials correct with
  // no prompt, early and late.
  std::map<Id, EarlyLate> independent;
  for (const CaptureRecord& record : records) {
    const auto* observation = std::get_if<GoalObservation>(&record.body);
    if (observation == nullptr || observation->method != MeasurementMethod::kPercentOfTrials)
      continue;
    independent[observation->goal_id].Add(observation->date < middle,
                                          *PercentIndependent(*observation));
  }
  ASSERT_EQ(independent.size(), 40u);
  int stalled = 0;
  for (const auto& [goal, shares] : independent) stalled += shares.Late() - shares.Early() < 5;
  EXPECT_GE(stalled, 2);
  EXPECT_LE(stalled, 12);
}

TEST(History, the_same_students_dates_and_seed_give_the_same_records_and_another_seed_others) {
  const HistoryFixture fixture(3);
  const std::vector<CaptureRecord> once = RecordHistory(fixture.students, fixture.spec);
  EXPECT_EQ(once, RecordHistory(fixture.students, fixture.spec));
  HistorySpec other = fixture.spec;
  other.seed = 8;
  EXPECT_NE(once.front().id, RecordHistory(fixture.students, other).front().id);
  // A student's records do not depend on the students beside them.
  const std::vector<CaptureRecord> alone =
      RecordHistory(std::span(fixture.students).subspan(1, 1), fixture.spec);
  std::vector<CaptureRecord> second;
  for (const CaptureRecord& record : once) {
    if (record.student_id == fixture.students[1].student_id) second.push_back(record);
  }
  EXPECT_EQ(alone, second);
}

TEST(History, no_records_without_a_provider_an_observer_or_a_school_day) {
  HistoryFixture fixture(1);
  fixture.students[0].provider_of.clear();
  fixture.students[0].observer = 0;
  EXPECT_TRUE(RecordHistory(fixture.students, fixture.spec).empty());
  const HistoryFixture summer(1);
  HistorySpec july = summer.spec;
  july.from = DayOf("2027-07-05");
  july.until = DayOf("2027-08-02");
  EXPECT_TRUE(RecordHistory(summer.students, july).empty());
}

}  // namespace
}  // namespace paraplan::synth
