// The federal educational-environment category of a student aged 6 to 21
// (IDEA Part B child count): the share of the school day the student spends
// inside the regular class. Pure arithmetic, shared by the importers and the
// reports.
#pragma once

#include <optional>
#include <string_view>

#include "domain/error.h"
#include "domain/program.h"  // EducationalEnvironment

namespace paraplan {

std::string_view Describe(EducationalEnvironment environment);

// Percent of the school day inside the regular class:
// (school hours - special education hours outside the regular class) / school hours.
// kInvalidArgument naming the field when school hours are not positive, special
// education hours are negative, or exceed the school hours.
Result<double> PercentInsideRegularClass(double special_education_hours_per_week,
                                         double school_hours_per_week);

// The category the hours put the student in; the boundaries are inclusive at
// 80% and 40%, as the federal definition states them.
Result<EducationalEnvironment> ComputeEnvironment(double special_education_hours_per_week,
                                                  double school_hours_per_week);

// The category an Ed-Fi SpecialEducationSettingDescriptor code value names, or
// nullopt for settings outside the regular school (home, separate school...)
// that the hours cannot confirm.
std::optional<EducationalEnvironment> EnvironmentOfEdFiSetting(std::string_view code_value);

}  // namespace paraplan
