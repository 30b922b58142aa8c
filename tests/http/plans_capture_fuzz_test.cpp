// The plan and capture routes fed mangled versions of valid bodies (a seeded
// random generator, a bounded count per shape so it runs in `make test`):
// fields dropped, unknown, of the wrong type, out of range, impossible dates,
// nested oddly. Under the sanitizers this proves the readers, the rules and
// the store behind them never crash and never answer 5xx for bad input, and
// that every refusal for an invalid field names the field and the reason.
// Paras send these bodies from phones, often after days offline: a body the
// server cannot take must say why, field by field.
#include <fmt/format.h>
#include <gtest/gtest.h>

#include <random>
#include <string>

#include "plans_harness.h"
#include "support/mangle.h"

namespace paraplan::http {
namespace {

using namespace fixtures;
using nlohmann::json;
using testing::Mangle;

constexpr int kRoundsPerShape = 120;

// An answer to bad input: never a server error, and an invalid field is
// named with its reason.
void ExpectClearRefusal(int status, const json& error, const json& sent) {
  ASSERT_LT(status, 500) << error.dump() << "\nfor " << sent.dump();
  if (status != 422) return;
  const json& fields = error["fields"];
  ASSERT_TRUE(fields.is_array() && !fields.empty()) << error.dump() << "\nfor " << sent.dump();
  for (const json& field : fields) {
    EXPECT_FALSE(field.value("field", "").empty()) << error.dump();
    EXPECT_FALSE(field.value("reason", "").empty()) << error.dump();
  }
}

std::string FreshId(int round) {
  return fmt::format("5e1f0c1a-0000-4000-8000-{:012d}", round);
}

class MangledBodies : public ::testing::Test {
 protected:
  MangledBodies() {
    h_.Assign(h_.roster().para, h_.StudentId(kSam));
    h_.clock().Advance(std::chrono::days(5));  // the fixtures' lesson day
  }

  json Capture(const char* kind) {
    json record = {{"id", FreshId(0)},
                   {"kind", kind},
                   {"created_at", "2026-12-02T09:30:00Z"},
                   {"student_id", h_.StudentId(kSam)},
                   {"date", "2026-12-02"}};
    if (std::string(kind) == "service_session") {
      record.update({{"service_id", h_.ServiceId(kSam)},
                     {"start", "09:20"},
                     {"minutes", 25},
                     {"provider_id", h_.roster().para}});
    } else {
      record.update({{"goal_id", h_.GoalId(kSamMathGoal)},
                     {"method", "percent_of_trials"},
                     {"trials", json::array({{{"prompt", "model"}, {"result", "correct"}},
                                             {{"prompt", "verbal"}, {"result", "incorrect"}}})}});
    }
    return record;
  }

  PlanHarness h_;
};

TEST_F(MangledBodies, capture_records_are_stored_or_refused_field_by_field) {
  std::mt19937 random(11);
  int stored = 0;
  for (const char* kind : {"service_session", "goal_observation"}) {
    json valid = Capture(kind);
    valid["id"] = FreshId(kind[0] == 's' ? 900'000 : 900'001);
    Reply first = h_.AsPara(Method::kPost, "/api/v1/captures", valid);
    ASSERT_EQ(first.status, 201) << kind << ": " << first.body.dump();
    for (int round = 1; round <= kRoundsPerShape; ++round) {
      json record = valid;
      record["id"] = FreshId(round + (kind[0] == 's' ? 0 : 10'000));
      const json body = Mangle(record, random);
      Reply reply = h_.AsPara(Method::kPost, "/api/v1/captures", body);
      if (reply.status < 300) {
        ++stored;
        continue;
      }
      ExpectClearRefusal(reply.status, reply.body["error"], body);
    }
  }
  // Some mangled records are still valid (a note dropped, say): they are
  // stored like any other.
  EXPECT_GT(stored, 0);
}

TEST_F(MangledBodies, a_sync_batch_answers_each_mangled_record_on_its_own) {
  std::mt19937 random(12);
  for (int round = 0; round < kRoundsPerShape / 4; ++round) {
    json records = json::array();
    for (int i = 0; i < 8; ++i) {
      json record = Capture(i % 2 == 0 ? "service_session" : "goal_observation");
      record["id"] = FreshId(100'000 + round * 8 + i);
      records.push_back(Mangle(record, random));
    }
    // The batch itself mangled now and then: not a list, or not an object.
    const json batch = round % 5 == 4 ? Mangle(json{{"records", records}}, random)
                                      : json{{"records", records}};
    Reply reply = h_.AsPara(Method::kPost, "/api/v1/sync", batch);
    if (reply.status != 200) {
      ExpectClearRefusal(reply.status, reply.body["error"], batch);
      continue;
    }
    const json& results = reply.body["results"];
    ASSERT_EQ(results.size(), batch["records"].size()) << reply.body.dump();
    for (std::size_t i = 0; i < results.size(); ++i) {
      const json& result = results[i];
      if (result["status"].get<int>() < 300) continue;
      ExpectClearRefusal(result["status"].get<int>(), result["error"], batch["records"][i]);
    }
  }
}

TEST_F(MangledBodies, plans_are_created_changed_or_refused_field_by_field) {
  std::mt19937 random(13);
  const json lesson = PlanHarness::BodyOf(h_.Stored(ParaProvidesSdi()));
  Reply created = h_.AsGeneralEducator(Method::kPost, "/api/v1/plans", lesson);
  ASSERT_EQ(created.status, 201) << created.body.dump();
  const std::string path = "/api/v1/plans/" + std::to_string(created.body["id"].get<Id>());
  for (int round = 0; round < kRoundsPerShape; ++round) {
    json plan = lesson;
    // Another day each round, so a body that survives is a new plan.
    plan["date"] = Date::Parse("2026-12-02")->AddDays(1 + round).ToString();
    const json body = Mangle(plan, random);
    Reply reply = h_.AsGeneralEducator(Method::kPost, "/api/v1/plans", body);
    if (reply.status >= 300) ExpectClearRefusal(reply.status, reply.body["error"], body);
  }
  for (int round = 0; round < kRoundsPerShape; ++round) {
    Reply current = h_.AsSpecialEducator(Method::kGet, path);
    ASSERT_EQ(current.status, 200) << current.body.dump();
    json review = PlanHarness::BodyOf(h_.Stored(ParaProvidesSdi()));
    review["version"] = current.body["version"];
    const json body = Mangle(review, random);
    Reply reply = h_.AsSpecialEducator(Method::kPut, path, body);
    if (reply.status >= 300) ExpectClearRefusal(reply.status, reply.body["error"], body);
  }
}

}  // namespace
}  // namespace paraplan::http
