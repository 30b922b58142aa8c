// Helpers the domain tests share.
#pragma once

#include <algorithm>
#include <string_view>
#include <vector>

#include "domain/error.h"
#include "domain/time.h"

namespace paraplan::testing {

inline Date D(const char* text) { return *Date::Parse(text); }

// Whether `problems` names `field` with a reason containing `reason_part`.
inline bool HasProblem(const std::vector<FieldProblem>& problems, std::string_view field,
                       std::string_view reason_part) {
  return std::any_of(problems.begin(), problems.end(), [&](const FieldProblem& problem) {
    return problem.field == field && problem.reason.find(reason_part) != std::string::npos;
  });
}

inline bool HasProblem(const Error& error, std::string_view field, std::string_view reason_part) {
  return HasProblem(error.fields, field, reason_part);
}

}  // namespace paraplan::testing
