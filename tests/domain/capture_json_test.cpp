#include "domain/capture_json.h"

#include <algorithm>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "test_support.h"

namespace paraplan {
namespace {

using testing::HasProblem;

using nlohmann::json;

json TrialRecord() {
  return json::parse(R"({
    "id": "3F2B8C1E-4A5D-4E6F-8A9B-0C1D2E3F4A5B", "kind": "goal_observation",
    "created_at": "2026-11-25T09:30:00Z", "student_id": 7,
    "goal_id": 9, "date": "2026-11-25", "method": "percent_of_trials",
    "trials": [{"prompt": "verbal", "result": "correct"},
               {"prompt": "full_physical", "result": "incorrect"}]
  })");
}

TEST(CaptureJson, reads_a_goal_observation_with_trials) {
  Result<CaptureRecord> record = CaptureFromJson(TrialRecord());
  ASSERT_TRUE(record) << record.error().message;
  EXPECT_EQ(record->id, "3f2b8c1e-4a5d-4e6f-8a9b-0c1d2e3f4a5b");
  EXPECT_EQ(record->student_id, 7);
  const auto& observation = std::get<GoalObservation>(record->body);
  ASSERT_EQ(observation.trials.size(), 2u);
  EXPECT_EQ(observation.trials[1].prompt, PromptLevel::kFullPhysical);
  EXPECT_EQ(observation.trials[1].result, TrialResult::kIncorrect);
}

TEST(CaptureJson, every_kind_survives_a_round_trip) {
  std::vector<json> inputs = {
      TrialRecord(),
      json::parse(R"({"id": "00000000-0000-4000-8000-000000000001", "kind": "service_session",
        "created_at": "2026-11-25T09:30:00.250Z", "student_id": 7, "service_id": 5,
        "date": "2026-11-25", "start": "09:00", "minutes": 0, "provider_id": 20,
        "outcome": "missed", "missed_reason": "school_event", "note": "Assembly"})"),
      json::parse(R"({"id": "00000000-0000-4000-8000-000000000002", "kind": "behavior_incident",
        "created_at": "2026-11-25T10:00:00Z", "student_id": 7, "date": "2026-11-25",
        "time": "09:58", "antecedent": "Asked to write", "behavior": "Left seat",
        "consequence": "Offered break card", "duration_seconds": 90, "regulation_level": 3})"),
      json::parse(R"({"id": "00000000-0000-4000-8000-000000000003", "kind": "fidelity_check",
        "created_at": "2026-11-25T10:00:00Z", "student_id": 7, "accommodation_id": 601,
        "date": "2026-11-25", "outcome": "not_implemented", "note": "No timer"})"),
      json::parse(R"({"id": "00000000-0000-4000-8000-000000000004", "kind": "self_monitoring",
        "created_at": "2026-11-25T10:00:00Z", "student_id": 7, "date": "2026-11-25",
        "time": "10:00", "target": "Hand raised", "student_rating": 4, "scale_max": 5,
        "adult_rating": 3})"),
  };
  for (const json& input : inputs) {
    Result<CaptureRecord> first = CaptureFromJson(input);
    ASSERT_TRUE(first) << input.dump() << ": " << first.error().message;
    Result<CaptureRecord> again = CaptureFromJson(ToJson(*first));
    ASSERT_TRUE(again) << again.error().message;
    EXPECT_EQ(*first, *again) << input.dump();
  }
}

TEST(CaptureJson, a_record_with_server_fields_echoed_back_reads_the_same) {
  Result<CaptureRecord> first = CaptureFromJson(TrialRecord());
  ASSERT_TRUE(first);
  first->recorded_by = 13;
  first->version = 4;
  json echoed = ToJson(*first);
  Result<CaptureRecord> again = CaptureFromJson(echoed);
  ASSERT_TRUE(again) << again.error().message;
  EXPECT_EQ(again->recorded_by, 0);  // the server decides who recorded it
  EXPECT_EQ(again->body, first->body);
}

TEST(CaptureJson, an_unknown_prompt_level_is_refused_naming_the_trial) {
  json input = TrialRecord();
  input["trials"][1]["prompt"] = "hand_over_hand";
  Result<CaptureRecord> record = CaptureFromJson(input);
  ASSERT_FALSE(record);
  EXPECT_TRUE(HasProblem(record.error(), "trials[1].prompt", "must be one of independent, gestural"));
}

TEST(CaptureJson, missing_required_fields_are_each_named) {
  json input = TrialRecord();
  input.erase("goal_id");
  input.erase("created_at");
  Result<CaptureRecord> record = CaptureFromJson(input);
  ASSERT_FALSE(record);
  EXPECT_TRUE(HasProblem(record.error(), "goal_id", "is required"));
  EXPECT_TRUE(HasProblem(record.error(), "created_at", "is required"));
}

TEST(CaptureJson, a_misspelt_field_is_refused) {
  json input = TrialRecord();
  input["studnet_id"] = 8;
  EXPECT_TRUE(HasProblem(CaptureFromJson(input).error(), "studnet_id", "not a known field"));
}

TEST(CaptureJson, an_unknown_kind_is_refused_without_guessing_the_fields) {
  json input = TrialRecord();
  input["kind"] = "mood";
  Result<CaptureRecord> record = CaptureFromJson(input);
  ASSERT_FALSE(record);
  ASSERT_EQ(record.error().fields.size(), 1u);
  EXPECT_EQ(record.error().fields[0].field, "kind");
}

TEST(CaptureJson, a_bad_creation_time_is_refused) {
  json input = TrialRecord();
  input["created_at"] = "yesterday";
  EXPECT_TRUE(HasProblem(CaptureFromJson(input).error(), "created_at", "RFC 3339"));
}

TEST(CaptureJson, a_number_given_as_text_is_refused) {
  json input = TrialRecord();
  input["student_id"] = "7";
  EXPECT_TRUE(HasProblem(CaptureFromJson(input).error(), "student_id", "whole number"));
}

TEST(CaptureJson, a_record_that_is_not_an_object_is_refused) {
  EXPECT_FALSE(CaptureFromJson(json::array()));
  EXPECT_FALSE(CaptureFromJson(json("record")));
}

}  // namespace
}  // namespace paraplan
