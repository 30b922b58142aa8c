// Weeks of classroom records for a generated district's recent past, so that
// a demo opens where a school would be some weeks into its year: service
// sessions delivered, a few missed (the student absent, the provider away, a
// school event) and most of the school's misses made up the next week, and
// goal observations whose values move from the goal's baseline toward its
// target at each student's own pace, prompts fading as they go (one goal in
// seven stalls: its values stay near the baseline and its prompts do not
// fade, as the Progress page warns).
//
// Deterministic: the same students, dates and seed give the same records,
// ids included, so writing them twice stores them once.
#pragma once

#include <cstdint>
#include <map>
#include <span>
#include <vector>

#include "domain/capture.h"
#include "domain/model.h"

namespace paraplan::synth {

struct HistoryStudent {
  Id student_id = 0;
  Iep iep;  // its services and goals, with their ids
  // The student's school's calendar: no record falls on a day it has no
  // instruction. Without one, every weekday is a school day.
  const SchoolCalendar* calendar = nullptr;
  // Who delivers each service (service id to staff id). A service without
  // a provider, or whose minutes are not weekly, gets no sessions.
  std::map<Id, Id> provider_of;
  // Who takes the goal observations (a para working with the student, or
  // the case manager); 0: none are taken.
  Id observer = 0;
  // The licensed educator who reviewed the records (the case manager); 0
  // leaves them pending.
  Id reviewer = 0;
};

struct HistorySpec {
  Date from;   // the first day with records
  Date until;  // the day after the last
  std::uint64_t seed = 1;
};

// Every record of the students between the two dates, in date order. A
// service's weekly minutes are given in one to five sessions a week on
// fixed weekdays (a day without instruction gives none); a make-up session
// names the missed session it makes up.
std::vector<CaptureRecord> RecordHistory(std::span<const HistoryStudent> students,
                                         const HistorySpec& spec);

}  // namespace paraplan::synth
