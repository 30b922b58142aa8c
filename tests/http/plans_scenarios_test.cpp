// Seed 000's four scenarios over HTTP, end to end: the general educator
// posts and submits the lesson plan, the special educator reviews it with the
// roles of every adult and publishes it, each adult reads their brief, and
// the para records data. Then the refusals the issue names.
#include <fmt/format.h>
#include <gtest/gtest.h>

#include "http/resources/openapi.h"
#include "plans_harness.h"
#include "scheduling/school_schedule.h"
#include "support/openapi_shape.h"

namespace paraplan::http {
namespace {

using namespace fixtures;
using nlohmann::json;

const std::string kLessonDay = "2026-12-02";

// The general educator's part of a stored fixture plan: the lesson they post.
json LessonOf(const ServicePlan& stored) {
  return {{"section_id", stored.section_id},  {"date", stored.date.ToString()},
          {"objective", stored.objective},    {"standard", stored.standard},
          {"parts", ToJson(stored)["parts"]}, {"materials", stored.materials}};
}

class PlanScenarios : public ::testing::Test {
 protected:
  // A success answer has a status the OpenAPI description documents for the
  // route, and the documented shape. (The harness calls the handlers past
  // the server, so refusals are checked in openapi_test.)
  static void ExpectDocumented(const std::string& pattern, const std::string& method,
                               const Reply& reply) {
    static const json document = json::parse(OpenApiDocument());
    const json& responses = document["paths"][pattern][method]["responses"];
    const std::string status = std::to_string(reply.status);
    ASSERT_TRUE(responses.contains(status))
        << method << " " << pattern << " answered an undocumented " << status;
    const json& documented = responses[status];
    if (documented.contains("content")) {
      testing::ExpectShape(document, documented["content"]["application/json"]["schema"],
                           reply.body, method + " " + pattern);
    }
  }

  // Drives a fixture plan through the lifecycle over HTTP; returns the
  // published plan's JSON.
  json Publish(const ServicePlan& fixture) {
    ServicePlan stored = h_.Stored(fixture);
    Reply created = h_.AsGeneralEducator(Method::kPost, "/api/v1/plans", LessonOf(stored));
    EXPECT_EQ(created.status, 201) << created.body.dump();
    ExpectDocumented("/api/v1/plans", "post", created);
    std::string path = "/api/v1/plans/" + std::to_string(created.body.value("id", 0));
    Reply submitted = h_.AsGeneralEducator(Method::kPost, path + "/submit", json::object());
    EXPECT_EQ(submitted.status, 200) << submitted.body.dump();
    EXPECT_EQ(submitted.body.value("status", ""), "submitted");
    EXPECT_EQ(submitted.body.value("late", true), false);
    ExpectDocumented("/api/v1/plans/{id}/submit", "post", submitted);

    json review = PlanHarness::BodyOf(stored);
    review["version"] = submitted.body["version"];
    Reply reviewed_content = h_.AsSpecialEducator(Method::kPut, path, review);
    EXPECT_EQ(reviewed_content.status, 200) << reviewed_content.body.dump();
    ExpectDocumented("/api/v1/plans/{id}", "put", reviewed_content);
    Reply reviewed = h_.AsSpecialEducator(Method::kPost, path + "/review", json::object());
    EXPECT_EQ(reviewed.status, 200) << reviewed.body.dump();
    ExpectDocumented("/api/v1/plans/{id}/review", "post", reviewed);
    Reply published = h_.AsSpecialEducator(Method::kPost, path + "/publish", json::object());
    EXPECT_EQ(published.status, 200) << published.body.dump();
    EXPECT_EQ(published.body.value("status", ""), "published");
    ExpectDocumented("/api/v1/plans/{id}/publish", "post", published);
    return published.body;
  }

  json Brief(Reply (PlanHarness::*as)(Method, const std::string&, const json&)) {
    Reply brief = (h_.*as)(Method::kGet, "/api/v1/me/day?date=" + kLessonDay, nullptr);
    EXPECT_EQ(brief.status, 200) << brief.body.dump();
    ExpectDocumented("/api/v1/me/day", "get", brief);
    return brief.body;
  }

  static std::set<std::string> Activities(const json& block) {
    std::set<std::string> activities;
    for (const json& role : block["roles"]) activities.insert(role["activity"].get<std::string>());
    return activities;
  }

  static std::set<Id> StudentIds(const json& block) {
    std::set<Id> ids;
    for (const json& student : block["students"]) ids.insert(student["id"].get<Id>());
    return ids;
  }

  json Capture(const json& record) {
    Reply reply = h_.AsPara(Method::kPost, "/api/v1/captures", record);
    EXPECT_EQ(reply.status, 201) << reply.body.dump();
    ExpectDocumented("/api/v1/captures", "post", reply);
    return reply.body;
  }

  json Record(const char* id, const char* kind, Id student) {
    return {{"id", id},
            {"kind", kind},
            {"created_at", kLessonDay + "T09:30:00Z"},
            {"student_id", student},
            {"date", kLessonDay}};
  }

  PlanHarness h_;
};

TEST_F(PlanScenarios, the_para_provides_sdi_from_the_special_educators_adapted_lesson) {
  h_.Assign(h_.roster().para, h_.StudentId(kSam));
  Publish(ParaProvidesSdi());
  h_.clock().Advance(std::chrono::days(5));  // the lesson day

  json para = Brief(&PlanHarness::AsPara);
  ASSERT_EQ(para["blocks"].size(), 1u);
  const json& block = para["blocks"][0];
  EXPECT_EQ(block["room"], "Room 12");
  EXPECT_EQ(block["start"], "09:00");
  EXPECT_EQ(Activities(block),
            (std::set<std::string>{"support_whole_class", "provide_reinforcement", "reteach",
                                   "deliver_sdi", "collect_data"}));
  for (const json& role : block["roles"]) {
    if (role["activity"] == "deliver_sdi") {
      EXPECT_EQ(role["supervisor_name"], "David Lee");
    }
  }
  ASSERT_EQ(StudentIds(block), std::set<Id>{h_.StudentId(kSam)});
  const json& sam = block["students"][0];
  EXPECT_EQ(sam["adapted_lessons"][0]["title"], "Comparing fractions with fraction strips");
  EXPECT_EQ(sam["goals"][0]["id"], h_.GoalId(kSamMathGoal));
  EXPECT_EQ(sam["regulation_plan"].size(), 2u);
  EXPECT_EQ(sam["accommodations"].size(), 1u);  // extended time, not the IEP's modification

  json teacher = Brief(&PlanHarness::AsGeneralEducator);
  ASSERT_EQ(teacher["blocks"].size(), 1u);
  EXPECT_EQ(Activities(teacher["blocks"][0]),
            (std::set<std::string>{"teach_whole_group_lesson", "monitor_independent_work"}));

  json session =
      Record("5e1f0c1a-0000-4000-8000-000000000001", "service_session", h_.StudentId(kSam));
  session.update({{"service_id", h_.ServiceId(kSam)},
                  {"start", "09:20"},
                  {"minutes", 25},
                  {"provider_id", h_.roster().para}});
  EXPECT_EQ(Capture(session)["review"], "pending");
  json trials =
      Record("5e1f0c1a-0000-4000-8000-000000000002", "goal_observation", h_.StudentId(kSam));
  trials.update({{"goal_id", h_.GoalId(kSamMathGoal)},
                 {"method", "percent_of_trials"},
                 {"trials", json::array({{{"prompt", "model"}, {"result", "correct"}},
                                         {{"prompt", "independent"}, {"result", "correct"}}})}});
  Capture(trials);

  Reply pending = h_.AsSpecialEducator(Method::kGet, "/api/v1/captures?review=pending&student_id=" +
                                                         std::to_string(h_.StudentId(kSam)));
  ASSERT_EQ(pending.status, 200) << pending.body.dump();
  EXPECT_EQ(pending.body["items"].size(), 2u);
  Reply reviewed = h_.AsSpecialEducator(
      Method::kPost, "/api/v1/captures/5e1f0c1a-0000-4000-8000-000000000002/review",
      {{"version", 1}});
  ASSERT_EQ(reviewed.status, 200) << reviewed.body.dump();
  EXPECT_EQ(reviewed.body["review"], "reviewed");
}

TEST_F(PlanScenarios, the_para_and_general_educator_provide_sdi_from_the_providers_lesson) {
  h_.Assign(h_.roster().para, h_.StudentId(kAna));
  Publish(ParaAndGeneralEducatorProvideSdi());
  h_.clock().Advance(std::chrono::days(5));

  json para = Brief(&PlanHarness::AsPara);
  ASSERT_EQ(para["blocks"].size(), 1u);
  const json& block = para["blocks"][0];
  for (const json& role : block["roles"]) {
    if (role["activity"] == "deliver_sdi") {
      EXPECT_EQ(role["supervisor_id"], h_.roster().provider);
    }
  }
  ASSERT_EQ(StudentIds(block), std::set<Id>{h_.StudentId(kAna)});
  EXPECT_EQ(block["students"][0]["adapted_lessons"][0]["title"],
            "Joining a group and taking turns");

  json teacher = Brief(&PlanHarness::AsGeneralEducator);
  EXPECT_TRUE(Activities(teacher["blocks"][0]).contains("deliver_sdi"));
  EXPECT_EQ(StudentIds(teacher["blocks"][0]), std::set<Id>{h_.StudentId(kAna)});

  json count =
      Record("5e1f0c1a-0000-4000-8000-000000000003", "goal_observation", h_.StudentId(kAna));
  count.update({{"goal_id", h_.GoalId(kAnaPeerGoal)},
                {"method", "frequency"},
                {"count", 3},
                {"observation_minutes", 30}});
  Capture(count);
}

TEST_F(PlanScenarios, all_educators_provide_sdi_each_to_their_own_group) {
  h_.Assign(h_.roster().para, h_.StudentId(kDev));
  Publish(AllEducatorsProvideSdi());
  h_.clock().Advance(std::chrono::days(5));

  EXPECT_EQ(StudentIds(Brief(&PlanHarness::AsPara)["blocks"][0]), std::set<Id>{h_.StudentId(kDev)});
  EXPECT_EQ(StudentIds(Brief(&PlanHarness::AsSpecialEducator)["blocks"][0]),
            (std::set<Id>{h_.StudentId(kBen), h_.StudentId(kDev)}));
  EXPECT_EQ(StudentIds(Brief(&PlanHarness::AsGeneralEducator)["blocks"][0]),
            std::set<Id>{h_.StudentId(kCara)});

  json incident =
      Record("5e1f0c1a-0000-4000-8000-000000000004", "behavior_incident", h_.StudentId(kDev));
  incident.update({{"time", "09:40"},
                   {"antecedent", "Partner reading began"},
                   {"behavior", "Called out three times"},
                   {"consequence", "Offered the break card"},
                   {"regulation_level", 3}});
  Capture(incident);
}

TEST_F(PlanScenarios, the_general_educator_provides_sdi_while_the_para_supports_the_class) {
  h_.Assign(h_.roster().para, h_.StudentId(kSam));
  Publish(GeneralEducatorProvidesSdi());
  h_.clock().Advance(std::chrono::days(5));

  json para = Brief(&PlanHarness::AsPara)["blocks"][0];
  EXPECT_EQ(Activities(para), std::set<std::string>{"support_whole_class"});
  EXPECT_TRUE(para["students"].empty());
  json teacher = Brief(&PlanHarness::AsGeneralEducator)["blocks"][0];
  EXPECT_EQ(StudentIds(teacher), (std::set<Id>{h_.StudentId(kEli), h_.StudentId(kSam)}));
}

// --- Refusals ----------------------------------------------------------------

TEST_F(PlanScenarios, a_para_given_a_licensed_only_activity_is_refused_naming_the_rule) {
  ServicePlan plan = ParaProvidesSdi();
  plan.roles[4].activity = Activity::kModifyCurriculum;
  json body = PlanHarness::BodyOf(h_.Stored(plan));
  body["status"] = "draft";
  Reply refused = h_.AsGeneralEducator(Method::kPost, "/api/v1/plans", body);
  ASSERT_EQ(refused.status, 422) << refused.body.dump();
  EXPECT_NE(refused.body["error"]["message"].get<std::string>().find("licensed_only_activity"),
            std::string::npos);
  bool named = false;
  for (const json& field : refused.body["error"]["fields"]) {
    named = named || (field["field"] == "roles[4].activity" &&
                      field["reason"].get<std::string>().find("licensed_only_activity") !=
                          std::string::npos);
  }
  EXPECT_TRUE(named) << refused.body.dump();
}

TEST_F(PlanScenarios, para_delivered_sdi_without_a_supervisor_is_refused) {
  ServicePlan plan = ParaProvidesSdi();
  plan.roles[5].supervisor_id.reset();
  Reply refused = h_.AsGeneralEducator(Method::kPost, "/api/v1/plans", PlanHarness::BodyOf(h_.Stored(plan)));
  ASSERT_EQ(refused.status, 422) << refused.body.dump();
  EXPECT_NE(refused.body["error"]["message"].get<std::string>().find(
                "para_sdi_requires_licensed_supervisor"),
            std::string::npos);
}

// Sam needs an adult during the math lesson on the lesson's Wednesday, in
// `room` (the section's own room when null), and works on their own the rest
// of the day; the para works 07:30-15:30. Answers the room's name.
std::string SamNeedsAnAdultDuringMath(PlanHarness& h, std::optional<std::string> other_room) {
  const testing::Roster& r = h.roster();
  std::string room_name;
  EXPECT_TRUE(h.store().Write([&](Transaction& tx) -> Result<void> {
    const Section section = PARAPLAN_TRY(tx.GetSection(h.SectionId()));
    std::optional<Id> room_id = section.room_id;
    room_name = PARAPLAN_TRY(tx.GetRoom(*section.room_id)).name;
    if (other_room) {
      Room room;
      room.school_id = section.school_id;
      room.name = *other_room;
      room_id = PARAPLAN_TRY(tx.Insert(room));
      room_name = *other_room;
    }
    Staff para = PARAPLAN_TRY(tx.GetStaff(r.para));
    para.work_hours = {TimeOfDay::At(7, 30), TimeOfDay::At(15, 30)};
    PARAPLAN_TRY(tx.Update(para));
    StudentDay day;
    day.student_id = h.StudentId(kSam);
    DayBlock math;
    math.weekday = Weekday::kWednesday;
    math.span = section.meetings.at(0).span;
    math.section_id = section.id;
    math.room_id = room_id;
    math.activity = section.course;
    math.support = SupportLevel::kAdultSupport;
    day.blocks.push_back(math);
    // The rest of the day on their own: blocks where the para's lunch,
    // break and data entry fit.
    for (int hour : {10, 11, 12, 13, 14}) {
      DayBlock own;
      own.weekday = Weekday::kWednesday;
      own.span = {TimeOfDay::At(hour, 0), TimeOfDay::At(hour, 50)};
      own.activity = "Independent work";
      day.blocks.push_back(own);
    }
    PARAPLAN_TRY(tx.Put(day));
    return {};
  }));
  return room_name;
}

// A submitted plan's scheduled-paras address, read before and after the
// school's week is published: the answer after.
Reply ScheduledParasOnceTheWeekIsPublished(PlanHarness& h) {
  Reply created = h.AsGeneralEducator(Method::kPost, "/api/v1/plans",
                                      LessonOf(h.Stored(AllEducatorsProvideSdi())));
  EXPECT_EQ(created.status, 201) << created.body.dump();
  const std::string path = fmt::format("/api/v1/plans/{}/scheduled-paras", created.body["id"].get<Id>());
  EXPECT_EQ(h.AsGeneralEducator(Method::kPost,
                                fmt::format("/api/v1/plans/{}/submit", created.body["id"].get<Id>()),
                                json::object())
                .status,
            200);
  Reply before = h.AsSpecialEducator(Method::kGet, path);
  EXPECT_EQ(before.status, 200) << before.body.dump();
  EXPECT_EQ(before.body["paras"], json::array()) << "no schedule is published yet";
  EXPECT_EQ(before.body["elsewhere"], json::array()) << "no schedule is published yet";

  scheduling::SchoolScheduler scheduler(h.store());
  Result<scheduling::MadeSchedule> made =
      scheduler.Make(h.roster().school, *Date::Parse(kLessonDay), std::nullopt, 0);
  EXPECT_TRUE(made) << made.error().message;
  if (made) {
    EXPECT_TRUE(scheduler.Publish(made->id, std::nullopt, 0, *Date::Parse("2026-11-27")));
  }
  EXPECT_EQ(h.AsPara(Method::kGet, path).status, 403) << "a para does not read plans";
  return h.AsSpecialEducator(Method::kGet, path);
}

// The reviewer is offered the paras whom the school's published schedule has
// supporting students in the section's room during the lesson: here the
// para, with Sam, in the math room at 09:00 on the lesson's Wednesday.
TEST_F(PlanScenarios, the_review_is_offered_the_paras_the_published_schedule_puts_in_the_room) {
  const testing::Roster& r = h_.roster();
  const std::string room_name = SamNeedsAnAdultDuringMath(h_, std::nullopt);
  Reply offered = ScheduledParasOnceTheWeekIsPublished(h_);
  ASSERT_EQ(offered.status, 200) << offered.body.dump();
  ExpectDocumented("/api/v1/plans/{id}/scheduled-paras", "get", offered);
  EXPECT_EQ(offered.body["paras"],
            json::array({{{"staff_id", r.para},
                          {"name", offered.body["paras"][0].value("name", "")},
                          {"room", room_name},
                          {"start", "09:00"},
                          {"end", "09:50"}}}))
      << offered.body.dump();
  EXPECT_FALSE(offered.body["paras"][0].value("name", "").empty());
  EXPECT_EQ(offered.body["elsewhere"], json::array()) << "in the room for the whole lesson";
}

// A para the published schedule has in another room during the lesson is
// named with where they are: given a role in the lesson, they would be
// needed in two places.
TEST_F(PlanScenarios, the_review_is_told_which_paras_the_published_schedule_has_elsewhere) {
  const testing::Roster& r = h_.roster();
  SamNeedsAnAdultDuringMath(h_, "Room 9");
  Reply offered = ScheduledParasOnceTheWeekIsPublished(h_);
  ASSERT_EQ(offered.status, 200) << offered.body.dump();
  ExpectDocumented("/api/v1/plans/{id}/scheduled-paras", "get", offered);
  EXPECT_EQ(offered.body["paras"], json::array()) << "nobody is in the lesson's room";
  ASSERT_EQ(offered.body["elsewhere"].size(), 1u) << offered.body.dump();
  const json elsewhere = offered.body["elsewhere"][0];
  EXPECT_EQ(elsewhere["staff_id"], r.para);
  EXPECT_EQ(elsewhere["kind"], "support");
  EXPECT_EQ(elsewhere["room"], "Room 9");
  EXPECT_EQ(elsewhere["start"], "09:00");
}

TEST_F(PlanScenarios, a_para_brief_never_shows_an_unassigned_student) {
  h_.Assign(h_.roster().para, h_.StudentId(kDev));
  ServicePlan plan = AllEducatorsProvideSdi();
  plan.roles[3].student_ids.push_back(kCara);  // Cara is not assigned to the para
  plan.data_to_collect[1].collector_id = kPara;
  Publish(plan);
  h_.clock().Advance(std::chrono::days(5));
  json brief = Brief(&PlanHarness::AsPara);
  std::string text = brief.dump();
  EXPECT_EQ(text.find("Nguyen"), std::string::npos) << text;
  for (const json& role : brief["blocks"][0]["roles"]) {
    for (const json& id : role["student_ids"]) EXPECT_NE(id.get<Id>(), h_.StudentId(kCara));
  }
  EXPECT_FALSE(StudentIds(brief["blocks"][0]).contains(h_.StudentId(kCara)));
}

// A student a published plan names can leave the district (their IEP and
// enrolment removed, then their record): the adults' briefs go on without
// them instead of failing.
TEST_F(PlanScenarios, a_brief_goes_on_when_a_student_its_plan_names_has_left) {
  Publish(ParaAndGeneralEducatorProvideSdi());
  h_.clock().Advance(std::chrono::days(5));
  ASSERT_EQ(StudentIds(Brief(&PlanHarness::AsGeneralEducator)["blocks"][0]),
            std::set<Id>{h_.StudentId(kAna)});
  const Id ana = h_.StudentId(kAna);
  Result<void> left = h_.store().Write([&](Transaction& tx) -> Result<void> {
    for (const Enrolment& enrolment : PARAPLAN_TRY(tx.ListEnrolments(ana, std::nullopt, {}))) {
      PARAPLAN_TRY(tx.Delete(RecordKind::kEnrolment, enrolment.id));
    }
    for (const Iep& iep : PARAPLAN_TRY(tx.ListIeps(ana))) {
      PARAPLAN_TRY(tx.Delete(RecordKind::kIep, iep.id));
    }
    return tx.Delete(RecordKind::kStudent, ana);
  });
  ASSERT_TRUE(left) << left.error().message;
  json brief = Brief(&PlanHarness::AsGeneralEducator);
  ASSERT_EQ(brief["blocks"].size(), 1U) << brief.dump();
  EXPECT_TRUE(StudentIds(brief["blocks"][0]).empty()) << brief.dump();
}

// The plan reads and the return to draft, beyond what Publish checks, each
// in its documented shape.
TEST_F(PlanScenarios, every_plan_answer_has_its_documented_shape) {
  const json plan = Publish(ParaProvidesSdi());
  const std::string path = "/api/v1/plans/" + std::to_string(plan["id"].get<Id>());
  Reply one = h_.AsGeneralEducator(Method::kGet, path);
  ASSERT_EQ(one.status, 200) << one.body.dump();
  ExpectDocumented("/api/v1/plans/{id}", "get", one);
  Reply list = h_.AsSpecialEducator(Method::kGet,
                                    "/api/v1/plans?section_id=" + std::to_string(h_.SectionId()));
  ASSERT_EQ(list.status, 200) << list.body.dump();
  ExpectDocumented("/api/v1/plans", "get", list);
  EXPECT_EQ(list.body["items"].size(), 1U) << list.body.dump();
  EXPECT_TRUE(list.body["next_after"].is_null()) << list.body.dump();
  // Paged as every list: a full page names the cursor, the page after it is
  // empty and names none.
  const std::string by_section = "/api/v1/plans?section_id=" + std::to_string(h_.SectionId());
  Reply full = h_.AsSpecialEducator(Method::kGet, by_section + "&limit=1");
  ASSERT_EQ(full.status, 200) << full.body.dump();
  ExpectDocumented("/api/v1/plans", "get", full);
  ASSERT_EQ(full.body["next_after"], plan["id"]) << full.body.dump();
  Reply after = h_.AsSpecialEducator(
      Method::kGet, by_section + "&after=" + std::to_string(plan["id"].get<Id>()));
  ASSERT_EQ(after.status, 200) << after.body.dump();
  EXPECT_TRUE(after.body["items"].empty()) << after.body.dump();
  EXPECT_TRUE(after.body["next_after"].is_null()) << after.body.dump();
  Reply history = h_.AsSpecialEducator(Method::kGet, path + "/history");
  ASSERT_EQ(history.status, 200) << history.body.dump();
  ExpectDocumented("/api/v1/plans/{id}/history", "get", history);
  EXPECT_EQ(history.body["versions"].size(), 5U) << history.body.dump();
  Reply activities = h_.AsGeneralEducator(Method::kGet, "/api/v1/activities");
  ASSERT_EQ(activities.status, 200) << activities.body.dump();
  ExpectDocumented("/api/v1/activities", "get", activities);

  // Another lesson's plan (a week on), submitted and returned to its author.
  ServicePlan next_day = ParaProvidesSdi();
  next_day.date = next_day.date.AddDays(7);
  Reply created = h_.AsGeneralEducator(Method::kPost, "/api/v1/plans", PlanHarness::BodyOf(h_.Stored(next_day)));
  ASSERT_EQ(created.status, 201) << created.body.dump();
  const std::string other = "/api/v1/plans/" + std::to_string(created.body["id"].get<Id>());
  ASSERT_EQ(h_.AsGeneralEducator(Method::kPost, other + "/submit", json::object()).status, 200);
  Reply returned = h_.AsGeneralEducator(Method::kPost, other + "/return", json::object());
  ASSERT_EQ(returned.status, 200) << returned.body.dump();
  ExpectDocumented("/api/v1/plans/{id}/return", "post", returned);
  EXPECT_EQ(returned.body["status"], "draft");
}

// The special educator returns a plan with what to change: the author reads
// it on the plan, cannot rewrite it, and it goes when the plan is submitted
// again. (Before, a returned plan looked like any other draft.)
TEST_F(PlanScenarios, a_returned_plan_says_what_to_change_until_it_is_submitted_again) {
  Reply created = h_.AsGeneralEducator(Method::kPost, "/api/v1/plans",
                                       PlanHarness::BodyOf(h_.Stored(ParaProvidesSdi())));
  ASSERT_EQ(created.status, 201) << created.body.dump();
  EXPECT_TRUE(created.body["return_reason"].is_null());
  const std::string path = "/api/v1/plans/" + std::to_string(created.body["id"].get<Id>());
  ASSERT_EQ(h_.AsGeneralEducator(Method::kPost, path + "/submit", json::object()).status, 200);

  // A reason belongs to a return only, and must be text of reasonable length.
  auto field_of = [](const Reply& reply) {
    return reply.body["error"]["fields"][0].value("field", "");
  };
  Reply on_review = h_.AsSpecialEducator(Method::kPost, path + "/review", {{"reason", "fine"}});
  EXPECT_EQ(on_review.status, 422);
  EXPECT_EQ(field_of(on_review), "reason");
  Reply not_text = h_.AsSpecialEducator(Method::kPost, path + "/return", {{"reason", 7}});
  EXPECT_EQ(not_text.status, 422);
  EXPECT_EQ(field_of(not_text), "reason");
  Reply too_long =
      h_.AsSpecialEducator(Method::kPost, path + "/return", {{"reason", std::string(2001, 'x')}});
  EXPECT_EQ(too_long.status, 422);

  Reply returned = h_.AsSpecialEducator(
      Method::kPost, path + "/return",
      {{"reason", "  Give the independent practice its minutes, please.  "}});
  ASSERT_EQ(returned.status, 200) << returned.body.dump();
  ExpectDocumented("/api/v1/plans/{id}/return", "post", returned);
  EXPECT_EQ(returned.body["status"], "draft");
  EXPECT_EQ(returned.body["return_reason"], "Give the independent practice its minutes, please.");
  Reply read = h_.AsGeneralEducator(Method::kGet, path);
  EXPECT_EQ(read.body["return_reason"], returned.body["return_reason"]);

  // The author changes the plan, sending the reason back as read; a
  // rewritten reason is refused, naming it.
  json change = read.body;
  change["objective"] = "Compare fractions with like denominators";
  change["return_reason"] = "nothing to change";
  Reply rewritten = h_.AsGeneralEducator(Method::kPut, path, change);
  EXPECT_EQ(rewritten.status, 422);
  EXPECT_EQ(field_of(rewritten), "return_reason");
  change["return_reason"] = read.body["return_reason"];
  Reply changed = h_.AsGeneralEducator(Method::kPut, path, change);
  ASSERT_EQ(changed.status, 200) << changed.body.dump();
  EXPECT_EQ(changed.body["return_reason"], returned.body["return_reason"]);

  Reply resubmitted = h_.AsGeneralEducator(Method::kPost, path + "/submit", json::object());
  ASSERT_EQ(resubmitted.status, 200) << resubmitted.body.dump();
  EXPECT_TRUE(resubmitted.body["return_reason"].is_null()) << resubmitted.body.dump();
}

TEST_F(PlanScenarios, a_para_neither_writes_nor_reads_plans) {
  json plan = Publish(ParaProvidesSdi());
  EXPECT_EQ(h_.AsPara(Method::kPost, "/api/v1/plans", PlanHarness::BodyOf(h_.Stored(ParaProvidesSdi()))).status,
            403);
  EXPECT_EQ(h_.AsPara(Method::kGet, "/api/v1/plans/" + std::to_string(plan["id"].get<Id>())).status,
            403);
  // Nor moves one, whatever its status: the refusal names the rule and says
  // nothing about the plan (a published plan cannot be submitted, but a para
  // hears only that they may not).
  const std::string path = "/api/v1/plans/" + std::to_string(plan["id"].get<Id>());
  for (const char* move : {"/submit", "/review", "/publish", "/return"}) {
    Reply refused = h_.AsPara(Method::kPost, path + move, json::object());
    EXPECT_EQ(refused.status, 403) << move << ": " << refused.body.dump();
    EXPECT_NE(refused.body.dump().find("licensed educators"), std::string::npos)
        << move << ": " << refused.body.dump();
  }
  EXPECT_EQ(h_.AsGeneralEducator(Method::kGet, path).body["status"], "published");
}

TEST_F(PlanScenarios, a_general_educator_cannot_review_or_publish) {
  ServicePlan stored = h_.Stored(ParaProvidesSdi());
  json body = PlanHarness::BodyOf(stored);
  Reply created = h_.AsGeneralEducator(Method::kPost, "/api/v1/plans", body);
  ASSERT_EQ(created.status, 201) << created.body.dump();
  std::string path = "/api/v1/plans/" + std::to_string(created.body["id"].get<Id>());
  ASSERT_EQ(h_.AsGeneralEducator(Method::kPost, path + "/submit", json::object()).status, 200);
  EXPECT_EQ(h_.AsGeneralEducator(Method::kPost, path + "/review", json::object()).status, 403);
}

// Data is collected on a goal of the student's own IEP: a plan naming
// another student's goal is refused naming the field (the para could never
// record on it).
TEST_F(PlanScenarios, data_to_collect_on_another_students_goal_is_refused_naming_the_field) {
  ServicePlan stored = h_.Stored(ParaAndGeneralEducatorProvideSdi());
  ASSERT_FALSE(stored.data_to_collect.empty());
  stored.data_to_collect[0].goal_id = h_.GoalId(kSamMathGoal);  // Sam's, not Ana's
  Reply refused = h_.AsGeneralEducator(Method::kPost, "/api/v1/plans", PlanHarness::BodyOf(stored));
  EXPECT_EQ(refused.status, 422) << refused.body.dump();
  EXPECT_NE(refused.body.dump().find("data_to_collect[0].goal_id"), std::string::npos)
      << refused.body.dump();
}

// A change names the version it was made to; none, or null, is refused
// naming the field rather than taken for a version that is not current.
TEST_F(PlanScenarios, a_change_without_its_version_is_refused_naming_the_field) {
  ServicePlan stored = h_.Stored(ParaProvidesSdi());
  Reply created = h_.AsGeneralEducator(Method::kPost, "/api/v1/plans", PlanHarness::BodyOf(stored));
  ASSERT_EQ(created.status, 201) << created.body.dump();
  const std::string path = "/api/v1/plans/" + std::to_string(created.body["id"].get<Id>());
  json with_null = PlanHarness::BodyOf(stored);
  with_null["version"] = nullptr;
  json without = PlanHarness::BodyOf(stored);
  without.erase("version");
  for (const json& change : {with_null, without}) {
    Reply refused = h_.AsGeneralEducator(Method::kPut, path, change);
    EXPECT_EQ(refused.status, 422) << refused.body.dump();
    EXPECT_NE(refused.body.dump().find("\"version\""), std::string::npos) << refused.body.dump();
  }
}

TEST_F(PlanScenarios, a_plan_submitted_after_the_lead_time_is_flagged_late) {
  h_.clock().Advance(std::chrono::days(4));  // Tuesday 1 December, for a Wednesday lesson
  ServicePlan stored = h_.Stored(ParaProvidesSdi());
  Reply created = h_.AsGeneralEducator(Method::kPost, "/api/v1/plans", PlanHarness::BodyOf(stored));
  ASSERT_EQ(created.status, 201) << created.body.dump();
  Reply submitted = h_.AsGeneralEducator(
      Method::kPost, "/api/v1/plans/" + std::to_string(created.body["id"].get<Id>()) + "/submit",
      json::object());
  ASSERT_EQ(submitted.status, 200) << submitted.body.dump();
  EXPECT_EQ(submitted.body["late"], true);
  EXPECT_EQ(submitted.body["deadline"], "2026-11-30");
}

// The fields a refusal names, in its order.
std::vector<std::string> RefusedFields(const Reply& reply) {
  std::vector<std::string> fields;
  for (const json& problem : reply.body["error"]["fields"]) {
    fields.push_back(problem["field"].get<std::string>());
  }
  return fields;
}

// What the plan's lifecycle and the roster own may be sent back as it was
// read, or left out; a different value is refused naming each field, and the
// plan does not change. (Before, a different section, date, status or role
// was dropped without a word, and section and date had to be sent anyway.)
TEST_F(PlanScenarios, a_change_to_what_the_lifecycle_owns_is_refused_naming_each_field) {
  ServicePlan stored = h_.Stored(ParaProvidesSdi());
  Reply created = h_.AsGeneralEducator(Method::kPost, "/api/v1/plans", PlanHarness::BodyOf(stored));
  ASSERT_EQ(created.status, 201) << created.body.dump();
  const Id id = created.body["id"].get<Id>();
  const std::string path = "/api/v1/plans/" + std::to_string(id);

  json as_read = created.body;
  as_read["objective"] = "Compare fractions with like denominators";
  Reply sent_back = h_.AsGeneralEducator(Method::kPut, path, as_read);
  ASSERT_EQ(sent_back.status, 200) << sent_back.body.dump();
  EXPECT_EQ(sent_back.body["objective"], "Compare fractions with like denominators");

  json lean = sent_back.body;
  for (const char* owned : {"id", "section_id", "date", "author_id", "status", "submitted_on",
                            "reviewer_id", "late", "deadline"}) {
    lean.erase(owned);
  }
  for (json& adult : lean["adults"]) adult.erase("role");
  lean["objective"] = "Order fractions on a number line";
  Reply left_out = h_.AsGeneralEducator(Method::kPut, path, lean);
  ASSERT_EQ(left_out.status, 200) << left_out.body.dump();
  EXPECT_EQ(left_out.body["section_id"], created.body["section_id"]);
  EXPECT_EQ(left_out.body["date"], created.body["date"]);
  EXPECT_EQ(left_out.body["adults"], created.body["adults"]) << "roles come from the roster";

  json moved = left_out.body;
  moved["id"] = id + 1;
  moved["section_id"] = h_.SectionId() + 1;
  moved["date"] = "2026-12-03";
  moved["author_id"] = h_.roster().para;
  moved["status"] = "published";
  moved["reviewer_id"] = h_.roster().para;
  ASSERT_FALSE(moved["adults"].empty());
  moved["adults"][0]["role"] =
      moved["adults"][0]["role"] == "administrator" ? "paraeducator" : "administrator";
  moved["objective"] = "Not taken";
  Reply refused = h_.AsGeneralEducator(Method::kPut, path, moved);
  ASSERT_EQ(refused.status, 422) << refused.body.dump();
  EXPECT_EQ(RefusedFields(refused),
            (std::vector<std::string>{"id", "section_id", "date", "author_id", "status",
                                      "reviewer_id", "adults[0].role"}))
      << refused.body.dump();

  Reply after = h_.AsGeneralEducator(Method::kGet, path, nullptr);
  ASSERT_EQ(after.status, 200) << after.body.dump();
  EXPECT_EQ(after.body["objective"], "Order fractions on a number line");
  EXPECT_EQ(after.body["version"], left_out.body["version"]);
}

// A new plan is a draft by its caller, made at no version: a body that says
// otherwise is refused naming the field rather than quietly made a draft.
// Each adult's role may be left out; the roster has it.
TEST_F(PlanScenarios, a_new_plan_that_sets_its_own_lifecycle_is_refused_naming_each_field) {
  json lesson = PlanHarness::BodyOf(h_.Stored(ParaProvidesSdi()));
  json claimed = lesson;
  claimed["id"] = 77;
  claimed["status"] = "published";
  claimed["version"] = 4;
  claimed["author_id"] = h_.roster().para;
  ASSERT_FALSE(claimed["adults"].empty());
  claimed["adults"][0]["role"] =
      claimed["adults"][0]["role"] == "administrator" ? "paraeducator" : "administrator";
  Reply refused = h_.AsGeneralEducator(Method::kPost, "/api/v1/plans", claimed);
  ASSERT_EQ(refused.status, 422) << refused.body.dump();
  EXPECT_EQ(RefusedFields(refused),
            (std::vector<std::string>{"id", "author_id", "status", "version", "adults[0].role"}))
      << refused.body.dump();
  Reply none = h_.AsGeneralEducator(Method::kGet, "/api/v1/plans", nullptr);
  ASSERT_EQ(none.status, 200) << none.body.dump();
  EXPECT_TRUE(none.body["items"].empty()) << none.body.dump();

  json without_roles = lesson;
  for (json& adult : without_roles["adults"]) adult.erase("role");
  Reply created = h_.AsGeneralEducator(Method::kPost, "/api/v1/plans", without_roles);
  ASSERT_EQ(created.status, 201) << created.body.dump();
  EXPECT_EQ(created.body["status"], "draft");
  ASSERT_EQ(created.body["adults"].size(), lesson["adults"].size());
  for (std::size_t i = 0; i < lesson["adults"].size(); ++i) {
    EXPECT_EQ(created.body["adults"][i]["role"], lesson["adults"][i]["role"]) << i;
  }
}

// A new plan is for a day the section teaches: the section meets on
// Wednesdays. (Before, a plan for a Saturday was listed as an upcoming
// lesson.)
TEST_F(PlanScenarios, a_plan_for_a_day_the_section_does_not_teach_is_refused_naming_the_date) {
  const std::map<std::string, std::string> refused_for{
      {"2026-12-05", "is a weekend day: the school does not teach on Saturdays"},
      {"2026-12-03", "MATH3-01 does not meet on Thursdays"},
  };
  for (const auto& [date, reason] : refused_for) {
    json body = PlanHarness::BodyOf(h_.Stored(ParaProvidesSdi()));
    body["date"] = date;
    Reply refused = h_.AsGeneralEducator(Method::kPost, "/api/v1/plans", body);
    ASSERT_EQ(refused.status, 422) << date << ": " << refused.body.dump();
    ASSERT_EQ(RefusedFields(refused), std::vector<std::string>{"date"}) << refused.body.dump();
    EXPECT_NE(refused.body["error"]["fields"][0]["reason"].get<std::string>().find(reason),
              std::string::npos)
        << refused.body.dump();
  }
  json body = PlanHarness::BodyOf(h_.Stored(ParaProvidesSdi()));
  body["date"] = "2026-12-09";  // a Wednesday to come
  EXPECT_EQ(h_.AsGeneralEducator(Method::kPost, "/api/v1/plans", body).status, 201);
}

TEST_F(PlanScenarios, a_para_cannot_record_data_for_an_unassigned_student) {
  h_.clock().Advance(std::chrono::days(5));
  json session =
      Record("5e1f0c1a-0000-4000-8000-000000000005", "service_session", h_.StudentId(kSam));
  session.update({{"service_id", h_.ServiceId(kSam)},
                  {"start", "09:20"},
                  {"minutes", 25},
                  {"provider_id", h_.roster().para}});
  EXPECT_EQ(h_.AsPara(Method::kPost, "/api/v1/captures", session).status, 404);
}

}  // namespace
}  // namespace paraplan::http
