#include "synth/history.h"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <string>

#include "domain/progress_report.h"
#include "synth/random.h"

namespace paraplan::synth {
namespace {

// The weekdays (0 = Monday) a service given in n sessions a week meets on.
constexpr std::array<std::array<bool, 5>, 6> kSessionDays{{
    {false, false, false, false, false},
    {false, false, true, false, false},
    {false, true, false, true, false},
    {true, false, true, false, true},
    {true, true, false, true, true},
    {true, true, true, true, true},
}};

// Chances per school day and per session.
constexpr double kStudentAbsent = 0.04;  // the student is away all day
constexpr double kSessionMissed = 0.03;  // the provider away or a school event
constexpr double kMadeUp = 0.75;         // a school's miss made up the next week

std::string UuidFrom(Random& random) {
  // A version 4 UUID from the seeded source: the same records get the same ids.
  const auto a = static_cast<std::uint64_t>(random.Between(std::int64_t{0}, INT64_MAX));
  const auto b = static_cast<std::uint64_t>(random.Between(std::int64_t{0}, INT64_MAX));
  return fmt::format("{:08x}-{:04x}-4{:03x}-{:x}{:03x}-{:012x}", a >> 32, (a >> 16) & 0xffff,
                     a & 0xfff, 8 + (b >> 62 & 0x3), (b >> 48) & 0xfff, b & 0xffffffffffff);
}

Timestamp TimeOn(Date date, TimeOfDay time) {
  return Timestamp(std::chrono::sys_days(std::chrono::days(date.DaysSinceEpoch()))) +
         std::chrono::minutes(time.minutes);
}

bool IsSchoolDay(const HistoryStudent& student, Date date) {
  if (date.IsoWeekday() > 5) return false;
  return student.calendar == nullptr || student.calendar->IsInstructionalDay(date);
}

CaptureRecord Record(Random& random, const HistoryStudent& student, Id recorder, Date date,
                     TimeOfDay time, CaptureBody body) {
  CaptureRecord record;
  record.id = UuidFrom(random);
  record.created_at = TimeOn(date, time);
  record.student_id = student.student_id;
  record.recorded_by = recorder;
  record.body = std::move(body);
  if (student.reviewer != 0) {
    record.review = ReviewState::kReviewed;
    record.reviewed_by = student.reviewer;
  }
  return record;
}

// Where a student stands on a goal on a day: from the baseline toward the
// target, at the student's pace, with the day-to-day scatter of real probes.
double LevelOn(const Goal& goal, double pace, double progress, Random& random) {
  const double share =
      std::clamp(0.1 + 0.7 * pace * progress + (random.Unit() - 0.5) * 0.25, 0.0, 1.1);
  return goal.baseline + (goal.target - goal.baseline) * share;
}

PromptLevel PromptAt(int index) { return static_cast<PromptLevel>(std::clamp(index, 0, 5)); }

GoalObservation Observation(const Goal& goal, Date date, double level, double independence,
                            Random& random) {
  GoalObservation observation;
  observation.goal_id = goal.id;
  observation.date = date;
  observation.method = goal.measurement.value_or(MeasurementMethod::kPercentOfTrials);
  switch (observation.method) {
    case MeasurementMethod::kPercentOfTrials: {
      // Ten trials, as many correct as the level says; the correct ones
      // more often without a prompt as the student grows independent.
      const int correct = std::clamp(static_cast<int>(std::lround(level / 10)), 0, 10);
      for (int t = 0; t < 10; ++t) {
        Trial trial;
        trial.result = t < correct ? TrialResult::kCorrect : TrialResult::kIncorrect;
        trial.prompt =
            t < correct
                ? (random.Chance(independence) ? PromptLevel::kIndependent : PromptLevel::kGestural)
                : (random.Chance(0.5) ? PromptLevel::kVerbal : PromptLevel::kModel);
        observation.trials.push_back(trial);
      }
      std::shuffle(observation.trials.begin(), observation.trials.end(),
                   std::mt19937_64(static_cast<std::uint64_t>(random.Between(0, 1 << 30))));
      break;
    }
    case MeasurementMethod::kPromptLevel: {
      // The level is on the goal's scale, 1 (independent) to 6 (full
      // physical): eight trials around it.
      for (int t = 0; t < 8; ++t) {
        Trial trial;
        trial.prompt = PromptAt(static_cast<int>(std::lround(level - 1)) + random.Between(-1, 1));
        trial.result = random.Chance(0.85) ? TrialResult::kCorrect : TrialResult::kIncorrect;
        observation.trials.push_back(trial);
      }
      break;
    }
    case MeasurementMethod::kFrequency:
      observation.count = std::max(0, static_cast<int>(std::lround(level)));
      observation.observation_minutes = 30;
      break;
    case MeasurementMethod::kRate:
      // A one-minute probe.
      observation.count = std::max(0, static_cast<int>(std::lround(level)));
      observation.observation_minutes = 1;
      break;
    case MeasurementMethod::kDuration:
    case MeasurementMethod::kLatency: {
      const int seconds_per_unit = SecondsPerUnit(goal.unit);
      std::vector<int>& times = observation.method == MeasurementMethod::kDuration
                                    ? observation.durations_seconds
                                    : observation.latencies_seconds;
      for (int t = 0; t < 2; ++t) {
        const double scatter = 0.9 + 0.2 * random.Unit();
        times.push_back(
            std::max(1, static_cast<int>(std::lround(level * seconds_per_unit * scatter))));
      }
      break;
    }
    case MeasurementMethod::kRubricScore:
      observation.rubric_max =
          std::max(4, static_cast<int>(std::ceil(std::max(goal.target, goal.baseline))));
      observation.rubric_score =
          std::clamp(static_cast<int>(std::lround(level)), 0, observation.rubric_max);
      break;
  }
  return observation;
}

void StudentHistory(const HistoryStudent& student, const HistorySpec& spec, Random& random,
                    std::vector<CaptureRecord>& out) {
  const double span = std::max(1, spec.until.DaysSinceEpoch() - spec.from.DaysSinceEpoch());
  // Each goal's pace: some students reach the target line, some fall
  // short, and one goal in seven stalls, its prompts not fading.
  std::vector<double> pace;
  for (std::size_t g = 0; g < student.iep.goals.size(); ++g) {
    pace.push_back(random.Chance(1.0 / 7) ? 0.0 : 0.4 + 0.9 * random.Unit());
  }
  // A school's misses not yet made up: (the session, the week it was missed in).
  std::vector<std::pair<std::size_t, Date>> owed;
  for (Date day = spec.from; day < spec.until; day = day.AddDays(1)) {
    if (!IsSchoolDay(student, day)) continue;
    const int weekday = day.IsoWeekday() - 1;
    // Make-ups on the first school day of a week, for last week's misses.
    if (!owed.empty() && owed.front().second < day.WeekStart()) {
      for (const auto& [index, week] : owed) {
        if (!random.Chance(kMadeUp)) continue;
        const ServiceSession missed = std::get<ServiceSession>(out[index].body);
        ServiceSession makeup = missed;
        makeup.date = day;
        makeup.start = TimeOfDay::At(14, 0);
        makeup.outcome = SessionOutcome::kDelivered;
        makeup.missed_reason.reset();
        makeup.makes_up = out[index].id;
        makeup.note = fmt::format("Make-up for the session missed on {}", missed.date.ToString());
        out.push_back(Record(random, student, missed.provider_id, day,
                             TimeOfDay{makeup.start.minutes + makeup.minutes}, makeup));
      }
      owed.clear();
    }
    const bool absent = random.Chance(kStudentAbsent);
    for (std::size_t k = 0; k < student.iep.services.size(); ++k) {
      const Service& service = student.iep.services[k];
      const auto provider = student.provider_of.find(service.id);
      // A monthly consultation is with the staff, not sessions with the student.
      const int weekly = service.period == MinutesPeriod::kMonth ? 0 : MinutesPerWeek(service);
      if (provider == student.provider_of.end() || weekly <= 0) continue;
      if (service.start > day || (service.end != Date{} && service.end < day)) continue;
      // Daily minutes each day; weekly ones in sessions of about 45 minutes.
      const int sessions =
          service.period == MinutesPeriod::kDay ? 5 : std::clamp((weekly + 44) / 45, 1, 5);
      const std::array<bool, 5>& meets = kSessionDays[static_cast<std::size_t>(sessions)];
      if (!meets[static_cast<std::size_t>(weekday)]) continue;
      // The first meeting day of the week takes the remainder.
      const bool first = std::find(meets.begin(), meets.end(), true) - meets.begin() == weekday;
      ServiceSession session;
      session.service_id = service.id;
      session.date = day;
      session.start = TimeOfDay::At(8, 30 + 50 * static_cast<int>(k % 6));
      session.minutes = std::min(480, weekly / sessions + (first ? weekly % sessions : 0));
      session.setting = service.setting;
      session.provider_id = provider->second;
      session.group_size = service.delivery == DeliveryModel::kOneToOne ? 1 : random.Between(1, 4);
      if (absent) {
        session.outcome = SessionOutcome::kMissed;
        session.missed_reason = MissedReason::kStudentAbsent;
      } else if (random.Chance(kSessionMissed)) {
        session.outcome = SessionOutcome::kMissed;
        session.missed_reason =
            random.Chance(0.6) ? MissedReason::kProviderAbsent : MissedReason::kSchoolEvent;
        owed.emplace_back(out.size(), day.WeekStart());
      }
      out.push_back(Record(random, student, session.provider_id, day,
                           TimeOfDay{session.start.minutes + session.minutes}, session));
    }
    // Goal data twice a week, on Tuesdays and Thursdays.
    if (absent || student.observer == 0 || (weekday != 1 && weekday != 3)) continue;
    const double progress = (day.DaysSinceEpoch() - spec.from.DaysSinceEpoch()) / span;
    for (std::size_t g = 0; g < student.iep.goals.size(); ++g) {
      const Goal& goal = student.iep.goals[g];
      const double level = LevelOn(goal, pace[g], progress, random);
      const double independence = std::clamp(0.15 + 0.7 * pace[g] * progress, 0.0, 0.95);
      out.push_back(Record(random, student, student.observer, day,
                           TimeOfDay::At(10, 15 + 5 * static_cast<int>(g % 8)),
                           Observation(goal, day, level, independence, random)));
    }
  }
}

}  // namespace

std::vector<CaptureRecord> RecordHistory(std::span<const HistoryStudent> students,
                                         const HistorySpec& spec) {
  std::vector<CaptureRecord> records;
  for (const HistoryStudent& student : students) {
    // Each student's own stream: one student's records do not depend on
    // how many another drew.
    Random random(DeriveSeed(spec.seed, static_cast<std::uint64_t>(student.student_id)));
    StudentHistory(student, spec, random, records);
  }
  std::stable_sort(
      records.begin(), records.end(),
      [](const CaptureRecord& a, const CaptureRecord& b) { return a.created_at < b.created_at; });
  return records;
}

}  // namespace paraplan::synth
