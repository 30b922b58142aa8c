// Helpers shared by the generator's parts; not part of the synth interface.
#pragma once

#include <string>
#include <string_view>

#include "domain/model.h"
#include "synth/generator.h"
#include "synth/random.h"

namespace paraplan::synth::detail {

// Stream numbers for DeriveSeed: each part of the district draws from its own.
inline constexpr std::uint64_t kPlanStream = 1;
inline constexpr std::uint64_t kDistrictStream = 2;
inline std::uint64_t SchoolFrameStream(std::size_t school) { return 1000 + 2 * school; }
inline std::uint64_t SchoolStudentStream(std::size_t school) { return 1001 + 2 * school; }

Grade LowestGrade(SchoolLevel level);
Grade HighestGrade(SchoolLevel level);
inline int GradeNumber(Grade grade) { return static_cast<int>(grade) - static_cast<int>(Grade::kK); }
inline Grade GradeAt(SchoolLevel level, int offset) {
  return static_cast<Grade>(static_cast<int>(LowestGrade(level)) + offset);
}
// "Kindergarten", "Grade 3".
std::string GradeLabel(Grade grade);

// Lower-case ASCII letters of a name, for email addresses ("Sofía" -> "sofa").
std::string AsciiSlug(std::string_view text);

// The first school day of the year (the Tuesday after Labor Day).
Date FirstSchoolDay(int school_year);

}  // namespace paraplan::synth::detail
