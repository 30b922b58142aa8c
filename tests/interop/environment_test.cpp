#include "interop/environment.h"

#include <gtest/gtest.h>

namespace paraplan {
namespace {

TEST(Environment, six_of_thirty_hours_outside_is_exactly_eighty_percent_inside) {
  EXPECT_EQ(ComputeEnvironment(6, 30).value(), EducationalEnvironment::kInsideRegularClass80OrMore);
}

TEST(Environment, just_over_twenty_percent_outside_falls_to_forty_to_seventy_nine) {
  EXPECT_EQ(ComputeEnvironment(6.5, 30).value(), EducationalEnvironment::kInsideRegularClass40To79);
}

TEST(Environment, sixty_percent_outside_is_exactly_forty_percent_inside) {
  EXPECT_EQ(ComputeEnvironment(18, 30).value(), EducationalEnvironment::kInsideRegularClass40To79);
}

TEST(Environment, more_than_sixty_percent_outside_is_under_forty) {
  EXPECT_EQ(ComputeEnvironment(16, 19).value(), EducationalEnvironment::kInsideRegularClassUnder40);
}

TEST(Environment, no_special_education_hours_is_fully_inside) {
  EXPECT_DOUBLE_EQ(PercentInsideRegularClass(0, 32.5).value(), 100.0);
}

TEST(Environment, special_education_hours_above_school_hours_are_refused_naming_the_field) {
  auto computed = ComputeEnvironment(25, 10);
  ASSERT_FALSE(computed.has_value());
  ASSERT_EQ(computed.error().fields.size(), 1U);
  EXPECT_EQ(computed.error().fields[0].field, "special_education_hours_per_week");
}

TEST(Environment, zero_school_hours_are_refused) {
  auto computed = ComputeEnvironment(0, 0);
  ASSERT_FALSE(computed.has_value());
  EXPECT_EQ(computed.error().fields[0].field, "school_hours_per_week");
}

TEST(Environment, edfi_settings_inside_the_regular_school_map_to_categories) {
  EXPECT_EQ(EnvironmentOfEdFiSetting("Inside regular class 80% or more of the day"),
            EducationalEnvironment::kInsideRegularClass80OrMore);
  EXPECT_EQ(EnvironmentOfEdFiSetting("Inside reg class between 40-79% of the day"),
            EducationalEnvironment::kInsideRegularClass40To79);
  EXPECT_EQ(EnvironmentOfEdFiSetting("Inside regular class less than 40% of the day"),
            EducationalEnvironment::kInsideRegularClassUnder40);
}

TEST(Environment, settings_outside_the_regular_school_have_no_hours_category) {
  EXPECT_FALSE(EnvironmentOfEdFiSetting("Homebound/Hospital").has_value());
}

}  // namespace
}  // namespace paraplan
