// A seeded random generator feeds the resource body readers mangled
// versions of valid bodies (wrong types, missing and unknown fields, deep
// nesting, huge numbers, bad dates and enum names). A bounded count keeps it
// in `make test`; under the sanitizers it proves the readers never crash, and
// every refusal names at least one field.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <random>
#include <string>
#include <vector>

#include "http/resources/resource_helpers.h"
#include "support/mangle.h"

namespace paraplan::http {
namespace {

using nlohmann::json;
using testing::Mangle;

constexpr int kRoundsPerShape = 400;

Request RequestWith(const json& body) {
  Request request;
  request.method = Method::kPost;
  request.body = body.dump();
  request.headers.Set("Content-Type", "application/json");
  return request;
}

template <typename T>
void Fuzz(const json& valid, unsigned seed) {
  ASSERT_TRUE(ReadBody<T>(RequestWith(valid))) << valid.dump();
  std::mt19937 random(seed);
  for (int round = 0; round < kRoundsPerShape; ++round) {
    const json body = Mangle(valid, random);
    Result<T> read = ReadBody<T>(RequestWith(body));
    if (read) continue;
    EXPECT_EQ(read.error().code, ErrorCode::kInvalidArgument) << body.dump();
    EXPECT_FALSE(read.error().fields.empty()) << body.dump();
    for (const FieldProblem& problem : read.error().fields) {
      EXPECT_FALSE(problem.field.empty()) << body.dump();
      EXPECT_FALSE(problem.reason.empty()) << body.dump();
    }
  }
}

const json kSpan = {{"start", "08:00"}, {"end", "15:00"}};

TEST(ResourceBodies, mangled_student_bodies_are_refused_field_by_field_without_crashing) {
  Fuzz<Student>({{"school_id", 1},
                 {"first_name", "Lee"},
                 {"last_name", "Learner"},
                 {"birth_date", "2017-03-04"},
                 {"grade", "3"},
                 {"home_language", "es"},
                 {"case_manager_id", 2}},
                1);
}

TEST(ResourceBodies, mangled_iep_bodies_are_refused_field_by_field_without_crashing) {
  Fuzz<Iep>(
      {{"student_id", 1},
       {"status", "active"},
       {"start", "2026-09-01"},
       {"end", "2027-08-31"},
       {"annual_review", "2027-08-15"},
       {"services", json::array({{{"type", "math_support"},
                                  {"minutes", 120},
                                  {"period", "week"},
                                  {"setting", "general_education_classroom"},
                                  {"delivery", "push_in"},
                                  {"start", "2026-09-01"},
                                  {"end", "2027-08-31"}}})},
       {"goals", json::array({{{"area", "math"},
                               {"statement", "Adds within 100"},
                               {"measurement", "percent_of_trials"},
                               {"baseline", 40},
                               {"target", 80.5},
                               {"unit", "%"},
                               {"target_date", "2027-06-01"}}})},
       {"accommodations", json::array({{{"kind", "accommodation"},
                                        {"description", "Extended time"},
                                        {"settings", {"general_education_classroom"}}}})},
       {"regulation_plan",
        json::array({{{"level", 1}, {"student_signs", "calm"}, {"staff_response", "praise"}}})},
       {"one_to_one",
        {{"justification", "safety"}, {"start", "2026-09-01"}, {"next_review", "2027-01-15"}}}},
      2);
}

TEST(ResourceBodies, mangled_day_staff_section_and_school_bodies_are_refused_without_crashing) {
  Fuzz<StudentDay>({{"blocks", json::array({{{"weekday", "monday"},
                                             {"start", "09:00"},
                                             {"end", "10:00"},
                                             {"section_id", 3},
                                             {"activity", "Math"},
                                             {"support", "adult_support"},
                                             {"skills_needed", {"aac"}},
                                             {"one_to_one", true}}})}},
                   3);
  Fuzz<Staff>(
      {{"district_id", 1},
       {"school_id", 1},
       {"first_name", "Pia"},
       {"last_name", "Para"},
       {"email", "pia@example.org"},
       {"role", "paraeducator"},
       {"work_hours", kSpan},
       {"funding", json::array({{{"source", "IDEA Part B"}, {"percent", 100}}})},
       {"skills", {"aac", "feeding"}},
       {"credentials",
        json::array({{{"kind", "cpr_first_aid"}, {"number", "A1"}, {"expires", "2027-01-01"}}})}},
      4);
  Fuzz<Section>(
      {{"school_id", 1},
       {"course", "Grade 3 Math"},
       {"code", "M3"},
       {"general_educator_id", 4},
       {"meetings", json::array({{{"weekday", "tuesday"}, {"start", "09:00"}, {"end", "10:00"}}})}},
      5);
  Fuzz<School>({{"district_id", 1},
                {"name", "Riverside"},
                {"lowest_grade", "K"},
                {"highest_grade", "5"},
                {"day", kSpan}},
               6);
}

TEST(ResourceBodies, bodies_that_are_not_json_objects_are_refused_as_invalid) {
  for (const char* text : {"", "{", "[1,2]", "\"text\"", "nul", "{\"a\":}"}) {
    Request request;
    request.body = text;
    request.headers.Set("Content-Type", "application/json");
    Result<Student> read = ReadBody<Student>(request);
    ASSERT_FALSE(read) << text;
    EXPECT_EQ(read.error().code, ErrorCode::kInvalidArgument) << text;
  }
}

}  // namespace
}  // namespace paraplan::http
