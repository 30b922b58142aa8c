// Collects the problems a validation finds, each with its field path
// ("roles[2].part", "durations_seconds[3]"), so a record's every problem is
// reported at once. Shared by the validations of plans and captures.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include <fmt/format.h>

#include "domain/error.h"
#include "domain/model.h"
#include "domain/time.h"

namespace paraplan {

class FieldChecks {
 public:
  void Add(std::string field, std::string reason) {
    list_.push_back({std::move(field), std::move(reason)});
  }
  void Require(bool condition, std::string field, std::string reason) {
    if (!condition) Add(std::move(field), std::move(reason));
  }
  // Text that must be there (not only spaces) and at most `max` characters.
  void RequireText(const std::string& value, std::string field, std::size_t max) {
    if (value.find_first_not_of(" \t\r\n") == std::string::npos) {
      Add(std::move(field), "is required");
    } else if (value.size() > max) {
      Add(std::move(field), fmt::format("is longer than {} characters", max));
    }
  }
  void LimitText(const std::string& value, std::string field, std::size_t max) {
    if (value.size() > max) Add(std::move(field), fmt::format("is longer than {} characters", max));
  }
  void RequireId(Id id, std::string field) { Require(id > 0, std::move(field), "is required"); }
  void RequireRange(int value, int low, int high, std::string field) {
    Require(value >= low && value <= high, std::move(field),
            fmt::format("must be between {} and {}", low, high));
  }
  // A date up to the day after the server's today is accepted (a device's
  // day may run ahead of the server's).
  void CheckDate(Date date, Date today, std::string field) {
    Require(date <= today.AddDays(1), std::move(field), "is in the future");
  }
  void CheckTime(TimeOfDay time, std::string field) {
    Require(time.IsValid() && time.minutes < 24 * 60, std::move(field),
            "is not a time of day between 00:00 and 23:59");
  }

  std::vector<FieldProblem> Take() { return std::move(list_); }

 private:
  std::vector<FieldProblem> list_;
};

}  // namespace paraplan
