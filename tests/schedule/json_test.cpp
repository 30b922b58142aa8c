// The JSON forms: a problem survives a round trip, a plan read back equals
// the plan written, and each input mistake is named by its JSON path.
#include <gtest/gtest.h>

#include <fstream>
#include <iterator>
#include <string>

#include "schedule/generator.h"
#include "schedule/problem_json.h"
#include "schedule/solver.h"

namespace paraplan::schedule {
namespace {

bool Names(const Error& error, std::string_view field) {
  for (const FieldProblem& problem : error.fields) {
    if (problem.field == field) return true;
  }
  return false;
}

// One para, one student who needs an adult with AAC in the first block
// (tests/data/schedule/small-problem.json, also what the CLI tests solve).
const std::string kSmall = [] {
  std::ifstream file(std::string(PARAPLAN_TEST_DATA) + "/schedule/small-problem.json");
  return std::string(std::istreambuf_iterator<char>(file), {});
}();

TEST(ProblemJson, small_problem_is_read_and_solved) {
  Result<Problem> problem = ParseProblem(kSmall);
  ASSERT_TRUE(problem.has_value()) << problem.error().message;
  Result<Plan> plan = Solve(*problem);
  ASSERT_TRUE(plan.has_value());
  EXPECT_EQ(plan->cover[0], 0);
  EXPECT_EQ(plan->slots[0][1].activity, Activity::kBreak);
  const nlohmann::json out = PlanToJson(*problem, *plan);
  EXPECT_EQ(out["coverage"][0]["para"], 5);
  EXPECT_EQ(out["coverage"][0]["supervisor"], 2);
}

TEST(ProblemJson, generated_problem_survives_a_round_trip) {
  Problem problem = GenerateSchool({.students = 60, .paras = 3, .days = 2, .seed = 4});
  problem.paras[1].kept_apart = {problem.needs.front().student_id};
  Result<Problem> again = ProblemFromJson(ProblemToJson(problem));
  ASSERT_TRUE(again.has_value()) << again.error().message;
  EXPECT_EQ(ProblemToJson(*again), ProblemToJson(problem));
}

TEST(ProblemJson, plan_read_back_equals_the_plan_written) {
  const Problem problem = GenerateSchool({.students = 60, .paras = 3, .days = 2, .seed = 5});
  Result<Plan> plan = Solve(problem);
  ASSERT_TRUE(plan.has_value());
  Result<Plan> again = PlanFromJson(problem, PlanToJson(problem, *plan));
  ASSERT_TRUE(again.has_value()) << again.error().message;
  EXPECT_EQ(again->slots, plan->slots);
  EXPECT_EQ(again->uncovered, plan->uncovered);
}

TEST(ProblemJson, unknown_skill_is_named_by_its_path) {
  nlohmann::json json = nlohmann::json::parse(kSmall);
  json["paras"][0]["skills"][0] = "juggling";
  Result<Problem> problem = ProblemFromJson(json);
  ASSERT_FALSE(problem.has_value());
  EXPECT_TRUE(Names(problem.error(), "paras[0].skills[0]"));
}

TEST(ProblemJson, a_keep_apart_entry_that_is_no_student_id_is_named_by_its_path) {
  nlohmann::json problem =
      ProblemToJson(GenerateSchool({.students = 40, .paras = 2, .days = 1, .seed = 2}));
  problem["paras"][1]["keep_apart"] = nlohmann::json::array({7, "lee"});
  Result<Problem> read = ProblemFromJson(problem);
  ASSERT_FALSE(read.has_value());
  EXPECT_EQ(read.error().fields.at(0).field, "paras[1].keep_apart[1]");
}

TEST(ProblemJson, block_of_an_unknown_id_is_named_by_its_path) {
  nlohmann::json json = nlohmann::json::parse(kSmall);
  json["students"][0]["blocks"][1]["block"] = "tue-9";
  Result<Problem> problem = ProblemFromJson(json);
  ASSERT_FALSE(problem.has_value());
  EXPECT_TRUE(Names(problem.error(), "students[0].blocks[1].block"));
}

TEST(ProblemJson, service_in_a_block_without_adult_support_is_refused) {
  nlohmann::json json = nlohmann::json::parse(kSmall);
  json["services"][0]["blocks"] = {"mon-2"};
  Result<Problem> problem = ProblemFromJson(json);
  ASSERT_FALSE(problem.has_value());
  EXPECT_TRUE(Names(problem.error(), "services[0].blocks[0]"));
}

// A student marked absent keeps their block, needing nobody: read back as
// absent, and refused when it still asks for an adult.
TEST(ProblemJson, a_block_of_a_student_marked_absent_survives_a_round_trip_needing_nobody) {
  nlohmann::json json = nlohmann::json::parse(kSmall);
  json["students"][0]["blocks"][1]["absent"] = true;
  Result<Problem> problem = ProblemFromJson(json);
  ASSERT_TRUE(problem.has_value()) << problem.error().message;
  EXPECT_TRUE(problem->needs.at(1).absent);
  EXPECT_FALSE(problem->needs.at(0).absent);
  Result<Problem> again = ProblemFromJson(ProblemToJson(*problem));
  ASSERT_TRUE(again.has_value());
  EXPECT_TRUE(again->needs.at(1).absent);

  json["students"][0]["blocks"][0]["absent"] = true;  // the block with adult support
  Result<Problem> refused = ProblemFromJson(json);
  ASSERT_FALSE(refused.has_value());
  EXPECT_TRUE(Names(refused.error(), "students[0].blocks[0].absent"));
}

TEST(ProblemJson, make_up_minutes_owed_survive_a_round_trip_and_are_never_negative) {
  nlohmann::json json = nlohmann::json::parse(kSmall);
  json["services"][0]["makeup_minutes"] = 30;
  Result<Problem> problem = ProblemFromJson(json);
  ASSERT_TRUE(problem.has_value()) << problem.error().message;
  EXPECT_EQ(problem->services.at(0).makeup_minutes, 30);
  EXPECT_EQ(problem->services.at(0).MinutesDue(), problem->services.at(0).minutes_per_week + 30);
  Result<Problem> again = ProblemFromJson(ProblemToJson(*problem));
  ASSERT_TRUE(again.has_value());
  EXPECT_EQ(again->services.at(0).makeup_minutes, 30);

  json["services"][0]["makeup_minutes"] = -5;
  Result<Problem> refused = ProblemFromJson(json);
  ASSERT_FALSE(refused.has_value());
  EXPECT_TRUE(Names(refused.error(), "services[0].makeup_minutes"));
}

TEST(ProblemJson, misspelt_field_is_refused) {
  nlohmann::json json = nlohmann::json::parse(kSmall);
  json["paras"][0]["max_student"] = 4;
  Result<Problem> problem = ProblemFromJson(json);
  ASSERT_FALSE(problem.has_value());
  EXPECT_TRUE(Names(problem.error(), "paras[0].max_student"));
}

TEST(ProblemJson, text_that_is_not_json_is_refused) {
  Result<Problem> problem = ParseProblem("{ not json");
  ASSERT_FALSE(problem.has_value());
  EXPECT_TRUE(Names(problem.error(), "$"));
}

}  // namespace
}  // namespace paraplan::schedule
