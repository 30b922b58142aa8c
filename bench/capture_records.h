// The classroom records the store and capture benchmarks write: a service
// session and a goal observation in turn, as a para's phone sends them.
#pragma once

#include <chrono>
#include <cstdint>
#include <string_view>

#include <fmt/format.h>

#include "domain/capture.h"

namespace paraplan::bench {

// Whom and what one record is about.
struct CaptureSubject {
  Id student = 0;
  Id para = 0;
  Id service = 0;
  Id goal = 0;
};

// Record number `serial`, for `day` (2026-11-25 unless given): its id is
// `id_prefix` (the UUID's first 24 characters, e.g.
// "0c000000-0000-4000-8000-") and the serial in hex, so each benchmark's
// records are its own; it was made `serial` milliseconds after 09:30 that
// day.
inline CaptureRecord AlternatingCapture(std::string_view id_prefix, const CaptureSubject& subject,
                                        std::uint64_t serial,
                                        Date day = *Date::Parse("2026-11-25")) {
  CaptureRecord record;
  record.id = fmt::format("{}{:012x}", id_prefix, serial);
  record.created_at = *ParseTimestamp(day.ToString() + "T09:30:00Z") +
                      std::chrono::milliseconds(static_cast<std::int64_t>(serial));
  record.student_id = subject.student;
  record.recorded_by = subject.para;
  record.review = ReviewState::kPending;
  if (serial % 2 == 0) {
    ServiceSession session;
    session.service_id = subject.service;
    session.date = day;
    session.start = TimeOfDay::At(9, 0);
    session.minutes = 25;
    session.provider_id = subject.para;
    record.body = session;
  } else {
    GoalObservation observation;
    observation.goal_id = subject.goal;
    observation.date = day;
    observation.method = MeasurementMethod::kPercentOfTrials;
    observation.trials = {{PromptLevel::kVerbal, TrialResult::kCorrect},
                          {PromptLevel::kIndependent, TrialResult::kIncorrect},
                          {PromptLevel::kIndependent, TrialResult::kCorrect}};
    record.body = observation;
  }
  return record;
}

}  // namespace paraplan::bench
