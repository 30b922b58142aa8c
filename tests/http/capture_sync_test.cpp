// Offline-safe sync over HTTP: a batch sent twice leaves one copy of each
// record, the same id with other content is refused in its own answer, and
// corrections make versions.
#include <gtest/gtest.h>

#include "plans_harness.h"

namespace paraplan::http {
namespace {

using namespace fixtures;
using nlohmann::json;

class CaptureSync : public ::testing::Test {
 protected:
  void SetUp() override {
    h_.Assign(h_.roster().para, h_.StudentId(kSam));
    h_.clock().Advance(std::chrono::days(5));  // 2 December
  }

  json Session(const std::string& id, int minutes = 25) {
    return {{"id", id},
            {"kind", "service_session"},
            {"created_at", "2026-12-02T09:30:00Z"},
            {"student_id", h_.StudentId(kSam)},
            {"service_id", h_.ServiceId(kSam)},
            {"date", "2026-12-02"},
            {"start", "09:20"},
            {"minutes", minutes},
            {"provider_id", h_.roster().para}};
  }
  json Observation(const std::string& id) {
    return {{"id", id},
            {"kind", "goal_observation"},
            {"created_at", "2026-12-02T09:40:00Z"},
            {"student_id", h_.StudentId(kSam)},
            {"goal_id", h_.GoalId(kSamMathGoal)},
            {"date", "2026-12-02"},
            {"method", "prompt_level"},
            {"trials", json::array({{{"prompt", "gestural"}, {"result", "correct"}}})}};
  }
  Reply Sync(const json& records) {
    return h_.AsPara(Method::kPost, "/api/v1/sync", {{"records", records}});
  }

  PlanHarness h_;
};

constexpr const char* kFirst = "a1b2c3d4-0000-4000-8000-000000000001";
constexpr const char* kSecond = "a1b2c3d4-0000-4000-8000-000000000002";
constexpr const char* kThird = "a1b2c3d4-0000-4000-8000-000000000003";

TEST_F(CaptureSync, the_same_batch_sent_twice_leaves_one_copy_of_each_record) {
  json batch = json::array({Session(kFirst), Observation(kSecond), Session(kThird, 15)});
  Reply first = Sync(batch);
  ASSERT_EQ(first.status, 200) << first.body.dump();
  for (const json& answer : first.body["results"]) {
    EXPECT_EQ(answer["status"], 201) << answer.dump();
    EXPECT_EQ(answer["outcome"], "created");
  }
  Reply again = Sync(batch);
  ASSERT_EQ(again.status, 200);
  for (const json& answer : again.body["results"]) {
    EXPECT_EQ(answer["status"], 200) << answer.dump();
    EXPECT_EQ(answer["outcome"], "unchanged");
  }
  EXPECT_EQ(*h_.captures().Count(), 3);
}

TEST_F(CaptureSync, answers_come_in_the_order_of_the_records_and_name_them) {
  Reply reply = Sync(json::array({Session(kFirst), Observation(kSecond)}));
  ASSERT_EQ(reply.status, 200);
  ASSERT_EQ(reply.body["results"].size(), 2u);
  EXPECT_EQ(reply.body["results"][0]["id"], kFirst);
  EXPECT_EQ(reply.body["results"][1]["id"], kSecond);
}

TEST_F(CaptureSync, the_same_id_with_other_content_is_refused_in_its_own_answer) {
  ASSERT_EQ(Sync(json::array({Session(kFirst)})).status, 200);
  Reply reply = Sync(json::array({Session(kFirst, 40), Observation(kSecond)}));
  ASSERT_EQ(reply.status, 200) << reply.body.dump();
  const json& refused = reply.body["results"][0];
  EXPECT_EQ(refused["status"], 422) << refused.dump();
  EXPECT_EQ(refused["id"], kFirst);
  EXPECT_NE(refused["error"]["message"].get<std::string>().find(kFirst), std::string::npos);
  EXPECT_EQ(reply.body["results"][1]["status"], 201);
  EXPECT_EQ(reply.body["refused"], 1);
  EXPECT_EQ(*h_.captures().Count(), 2);
}

TEST_F(CaptureSync, a_record_that_cannot_be_read_gets_its_own_answer) {
  json broken = Observation(kSecond);
  broken["trials"][0]["prompt"] = "hand_over_hand";
  Reply reply = Sync(json::array({Session(kFirst), broken}));
  ASSERT_EQ(reply.status, 200);
  EXPECT_EQ(reply.body["results"][0]["status"], 201);
  const json& refused = reply.body["results"][1];
  EXPECT_EQ(refused["status"], 422);
  EXPECT_EQ(refused["id"], kSecond);
  EXPECT_EQ(refused["error"]["fields"][0]["field"], "trials[0].prompt");
}

TEST_F(CaptureSync, a_record_for_an_unassigned_student_is_refused_as_unknown) {
  json other = Session(kFirst);
  other["student_id"] = h_.StudentId(kCara);
  Reply reply = Sync(json::array({other}));
  ASSERT_EQ(reply.status, 200);
  EXPECT_EQ(reply.body["results"][0]["status"], 404);
  EXPECT_EQ(*h_.captures().Count(), 0);
}

TEST_F(CaptureSync, a_single_create_answers_201_then_200_for_the_same_record) {
  EXPECT_EQ(h_.AsPara(Method::kPost, "/api/v1/captures", Session(kFirst)).status, 201);
  EXPECT_EQ(h_.AsPara(Method::kPost, "/api/v1/captures", Session(kFirst)).status, 200);
  EXPECT_EQ(h_.AsPara(Method::kPost, "/api/v1/captures", Session(kFirst, 30)).status, 422);
}

TEST_F(CaptureSync, a_correction_is_a_new_version_with_who_when_and_what_changed) {
  ASSERT_EQ(h_.AsPara(Method::kPost, "/api/v1/captures", Session(kFirst)).status, 201);
  json corrected = Session(kFirst, 20);
  corrected["version"] = 1;
  corrected["reason"] = "The session ended early";
  Reply reply = h_.AsPara(Method::kPut, std::string("/api/v1/captures/") + kFirst, corrected);
  ASSERT_EQ(reply.status, 200) << reply.body.dump();
  EXPECT_EQ(reply.body["version"], 2);
  Reply history = h_.AsPara(Method::kGet, std::string("/api/v1/captures/") + kFirst + "/history");
  ASSERT_EQ(history.status, 200) << history.body.dump();
  ASSERT_EQ(history.body["versions"].size(), 2u);
  const json& second = history.body["versions"][1];
  EXPECT_EQ(second["changed_by"], h_.roster().para);
  EXPECT_EQ(second["reason"], "The session ended early");
  EXPECT_EQ(second["changes"],
            json::array({{{"field", "minutes"}, {"before", "25"}, {"after", "20"}}}));
  // A stale correction is refused rather than silently overwriting.
  EXPECT_EQ(h_.AsPara(Method::kPut, std::string("/api/v1/captures/") + kFirst, corrected).status,
            StatusOf(Error::Conflict("stale version")));
}

TEST_F(CaptureSync, a_para_reads_only_their_own_records) {
  ASSERT_EQ(h_.AsSpecialEducator(Method::kPost, "/api/v1/captures", Session(kFirst)).status, 201);
  EXPECT_EQ(h_.AsPara(Method::kGet, std::string("/api/v1/captures/") + kFirst).status, 404);
  Reply mine = h_.AsPara(Method::kGet, "/api/v1/captures");
  ASSERT_EQ(mine.status, 200);
  EXPECT_TRUE(mine.body["items"].empty());
}

TEST_F(CaptureSync, only_special_educators_and_providers_sign_off_data) {
  h_.Assign(h_.roster().provider, h_.StudentId(kSam));  // the provider serves Sam
  ASSERT_EQ(h_.AsPara(Method::kPost, "/api/v1/captures", Session(kFirst)).status, 201);
  std::string path = std::string("/api/v1/captures/") + kFirst + "/review";
  EXPECT_EQ(h_.AsPara(Method::kPost, path, {{"version", 1}}).status, 403);
  EXPECT_EQ(h_.AsGeneralEducator(Method::kPost, path, {{"version", 1}}).status, 403);
  Reply reviewed = h_.AsProvider(Method::kPost, path, {{"version", 1}});
  ASSERT_EQ(reviewed.status, 200) << reviewed.body.dump();
  EXPECT_EQ(reviewed.body["reviewed_by"], h_.roster().provider);
}

}  // namespace
}  // namespace paraplan::http
