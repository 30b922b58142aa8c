// A student's special education program as the district's system states it
// (Ed-Fi StudentSpecialEducationProgramAssociation): IDEA eligibility, the
// setting, the hours, disabilities, services and exit. Kept beside the IEP
// paraplan works from, because the state's child count is made from these
// statements, and paraplan reports where they disagree with themselves.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "domain/enums.h"
#include "domain/model.h"
#include "domain/validation.h"

namespace paraplan {

// The federal educational-environment category of a student aged 6 to 21
// (IDEA Part B child count): the share of the school day inside the regular
// class. interop/environment.h computes it from the hours.
enum class EducationalEnvironment {
  kInsideRegularClass80OrMore,  // 80% or more of the day
  kInsideRegularClass40To79,    // 40% to 79% of the day
  kInsideRegularClassUnder40,   // less than 40% of the day
};

template <>
struct EnumNames<EducationalEnvironment> {
  static constexpr auto kNames =
      std::to_array<std::pair<EducationalEnvironment, std::string_view>>({
          {EducationalEnvironment::kInsideRegularClass80OrMore, "inside_80_or_more"},
          {EducationalEnvironment::kInsideRegularClass40To79, "inside_40_to_79"},
          {EducationalEnvironment::kInsideRegularClassUnder40, "inside_under_40"},
      });
};

struct SpecialEducationProgram {
  Id id = 0;  // assigned by the store
  Id district_id = 0;
  Id student_id = 0;
  // The IEP paraplan keeps for this program, when there is one.
  std::optional<Id> iep_id;
  std::string program_name;
  Date begin;
  std::optional<Date> end;  // the association's end, when the source gives one
  std::optional<bool> idea_eligible;
  // The setting as the source states it (Ed-Fi SpecialEducationSetting code
  // value), and the federal category it names, if it names one (a home or a
  // separate school names none).
  std::string stated_setting;
  std::optional<EducationalEnvironment> stated_environment;
  std::optional<double> special_education_hours_per_week;
  std::optional<double> school_hours_per_week;
  // The category paraplan computes from the hours; nullopt when an hour is
  // missing or the special education hours exceed the school hours.
  std::optional<EducationalEnvironment> computed_environment;
  std::vector<std::string> disabilities;      // descriptor code values
  std::vector<std::string> program_services;  // descriptor code values
  std::optional<Date> exit_date;
  std::string exit_reason;  // descriptor code value, empty when none is stated
  std::string source_id;

  bool operator==(const SpecialEducationProgram&) const = default;
};

// Every problem, each naming the field: district_id and student_id must be
// set; hours may not be negative and school hours must be above zero; end
// and exit_date may not be before begin. Special education hours above the
// school hours, and an exit reason without an exit date, are accepted as
// stated (the importer reports them); with such hours there is no computed
// category.
Problems Validate(const SpecialEducationProgram& program);

}  // namespace paraplan
