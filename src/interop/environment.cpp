#include "interop/environment.h"

#include <fmt/format.h>

namespace paraplan {

std::string_view Describe(EducationalEnvironment environment) {
  switch (environment) {
    case EducationalEnvironment::kInsideRegularClass80OrMore:
      return "inside the regular class 80% or more of the day";
    case EducationalEnvironment::kInsideRegularClass40To79:
      return "inside the regular class 40% to 79% of the day";
    case EducationalEnvironment::kInsideRegularClassUnder40:
      return "inside the regular class less than 40% of the day";
  }
  return "unknown";
}

Result<double> PercentInsideRegularClass(double special_education_hours_per_week,
                                         double school_hours_per_week) {
  if (!(school_hours_per_week > 0)) {
    return Fail(Error::Invalid("school hours per week must be more than zero",
                               {{"school_hours_per_week", "must be more than zero"}}));
  }
  if (special_education_hours_per_week < 0) {
    return Fail(Error::Invalid("special education hours per week are negative",
                               {{"special_education_hours_per_week", "is negative"}}));
  }
  if (special_education_hours_per_week > school_hours_per_week) {
    return Fail(Error::Invalid(
        fmt::format("special education hours per week ({}) exceed school hours per week ({})",
                    special_education_hours_per_week, school_hours_per_week),
        {{"special_education_hours_per_week",
          fmt::format("{} exceed the {} school hours per week", special_education_hours_per_week,
                      school_hours_per_week)}}));
  }
  return (school_hours_per_week - special_education_hours_per_week) / school_hours_per_week *
         100.0;
}

Result<EducationalEnvironment> ComputeEnvironment(double special_education_hours_per_week,
                                                  double school_hours_per_week) {
  double percent = PARAPLAN_TRY(
      PercentInsideRegularClass(special_education_hours_per_week, school_hours_per_week));
  // Hours come as decimals (25.50); a tiny tolerance keeps 80% computed as
  // 79.999999 from falling into the lower category.
  constexpr double kTolerance = 1e-9;
  if (percent + kTolerance >= 80.0) return EducationalEnvironment::kInsideRegularClass80OrMore;
  if (percent + kTolerance >= 40.0) return EducationalEnvironment::kInsideRegularClass40To79;
  return EducationalEnvironment::kInsideRegularClassUnder40;
}

std::optional<EducationalEnvironment> EnvironmentOfEdFiSetting(std::string_view code_value) {
  if (code_value == "Inside regular class 80% or more of the day") {
    return EducationalEnvironment::kInsideRegularClass80OrMore;
  }
  // The second spelling is the standard's deprecated code value, still found
  // in older data.
  if (code_value == "Inside regular class between 40-79% of the day" ||
      code_value == "Inside reg class between 40-79% of the day") {
    return EducationalEnvironment::kInsideRegularClass40To79;
  }
  if (code_value == "Inside regular class less than 40% of the day") {
    return EducationalEnvironment::kInsideRegularClassUnder40;
  }
  return std::nullopt;
}

}  // namespace paraplan
