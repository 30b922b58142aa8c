// Validation of domain records. Every function returns every problem it
// finds, each naming the field (dotted path with [index] for list items,
// e.g. "services[1].minutes") and the reason, never just the first one.
#pragma once

#include <optional>
#include <vector>

#include "domain/error.h"
#include "domain/model.h"

namespace paraplan {

using Problems = std::vector<FieldProblem>;

Problems Validate(const District& district);
Problems Validate(const School& school);
Problems Validate(const Room& room);
Problems Validate(const SchoolCalendar& calendar);
Problems Validate(const Staff& staff);
Problems Validate(const Student& student);
Problems Validate(const Guardian& guardian);
Problems Validate(const Section& section);
Problems Validate(const Enrolment& enrolment);
Problems Validate(const StudentDay& day);

// How long the student is in school, for checking service minutes against it.
struct SchoolTime {
  int minutes_per_day = 0;
  int days_per_week = 5;

  int MinutesPer(MinutesPeriod period) const;
};

// Validates an IEP. With `school_time`, also refuses services whose minutes
// exceed the time the student is in school in the service's period.
Problems Validate(const Iep& iep, std::optional<SchoolTime> school_time = std::nullopt);

// Turns problems into an invalid-argument Error naming `what` ("student",
// "iep"...); success when there are none.
Result<void> ToResult(const Problems& problems, std::string_view what);

// Validate then ToResult, for the common `PARAPLAN_TRY(Check(record))`.
template <typename T>
Result<void> Check(const T& record, std::string_view what) {
  return ToResult(Validate(record), what);
}

}  // namespace paraplan
