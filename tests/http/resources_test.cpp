// The resource endpoints on a real SQLite database with the HTTP tests'
// roster and the real security store (assignments, audit log). Requests go
// through the router exactly as the server routes them; the error body is
// the one the application builds (http/errors.h).
#include <fmt/format.h>
#include <fmt/ranges.h>
#include <gtest/gtest.h>

#include <cctype>
#include <chrono>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <vector>

#include "http/errors.h"
#include "http/resources/openapi.h"
#include "http/resources/resource_routes.h"
#include "http/router.h"
#include "http/schedules/schedule_routes.h"
#include "store/capture_store.h"
#include "store/plan_store.h"
#include "store/security.h"
#include "support/openapi_shape.h"
#include "support/roster_fixture.h"

namespace paraplan::http {
namespace {

using nlohmann::json;

struct Reply {
  int status = 0;
  json body;
  std::string etag;
};

enum class Who {
  kAdministrator,
  kSpecialEducator,
  kProvider,
  kGeneralEducator,
  kPara,
  kParent,
  kOtherDistrictPara
};

std::string_view NameOfWho(Who who) {
  switch (who) {
    case Who::kAdministrator:
      return "administrator";
    case Who::kSpecialEducator:
      return "special_educator";
    case Who::kProvider:
      return "provider";
    case Who::kGeneralEducator:
      return "general_educator";
    case Who::kPara:
      return "para";
    case Who::kParent:
      return "parent";
    case Who::kOtherDistrictPara:
      return "other_district_para";
  }
  return "?";
}

TimePoint Noon(const char* date) {
  return TimePoint(std::chrono::sys_days(std::chrono::days(Date::Parse(date)->DaysSinceEpoch())) +
                   std::chrono::hours(12));
}

class ResourcesTest : public ::testing::Test {
 protected:
  ResourcesTest() : clock_(Noon("2026-11-24")), services_{db_.store(), db_.security(), clock_} {
    AddResourceRoutes(router_, AccessSources{});
    // Served with the resources and documented in the same description; their
    // shapes are checked by schedule_routes_test over a real schedule.
    AddScheduleRoutes(router_, AccessSources{});
    const testing::Roster& r = db_.roster();
    Result<void> filled = db_.store().Write([&](Transaction& tx) -> Result<void> {
      Section section;
      section.school_id = r.school;
      section.course = "Grade 3 Math";
      section.code = "MATH3-01";
      section.general_educator_id = r.general_educator;
      section.meetings.push_back({Weekday::kMonday, {TimeOfDay::At(9, 0), TimeOfDay::At(10, 0)}});
      section_ = PARAPLAN_TRY(tx.Insert(section));
      Enrolment enrolment;
      enrolment.student_id = r.student;
      enrolment.section_id = section_;
      enrolment.start = *Date::Parse("2026-09-01");
      enrolment_ = PARAPLAN_TRY(tx.Insert(enrolment));
      Iep iep;
      iep.student_id = r.student;
      iep.status = IepStatus::kActive;
      iep.start = *Date::Parse("2026-09-01");
      iep.end = *Date::Parse("2027-08-31");
      iep.annual_review = *Date::Parse("2027-08-15");
      iep.case_manager_id = r.special_educator;
      Service service;
      service.type = SupportType::kMathSupport;
      service.minutes = 120;
      service.start = iep.start;
      service.end = iep.end;
      iep.services.push_back(service);
      Goal goal;
      goal.area = GoalArea::kMath;
      goal.statement = "Adds within 100 with 80% accuracy";
      goal.measurement = MeasurementMethod::kPercentOfTrials;
      goal.baseline = 40;
      goal.target = 80;
      goal.unit = "% of trials";
      goal.target_date = *Date::Parse("2027-06-01");
      iep.goals.push_back(goal);
      Accommodation accommodation;
      accommodation.description = "Extended time";
      accommodation.settings = {Setting::kGeneralEducationClassroom};
      iep.accommodations.push_back(accommodation);
      iep.regulation_plan.push_back({1, "calm", "praise"});
      iep.one_to_one =
          OneToOneDesignation{"safety during transitions", iep.start, Date::Parse("2027-01-15")};
      iep_ = PARAPLAN_TRY(tx.Insert(iep));
      return {};
    });
    EXPECT_TRUE(filled) << filled.error().message;
    para_assignment_ = Assign(r.para, r.student);
    Assign(r.provider, r.student);
  }

  const testing::Roster& roster() const { return db_.roster(); }

  Id Assign(Id staff_id, Id student_id) {
    Assignment assignment;
    assignment.district_id = roster().district;
    assignment.staff_id = staff_id;
    assignment.student_id = student_id;
    assignment.start = *Date::Parse("2026-09-01");
    Result<Id> added = db_.security().AddAssignment(assignment);
    EXPECT_TRUE(added) << added.error().message;
    return added.value_or(0);
  }

  Principal PrincipalOf(Who who) const {
    const testing::Roster& r = roster();
    Principal principal;
    principal.district_id = r.district;
    principal.school_id = r.school;
    auto staff = [&](Role role, Id id) {
      principal.role = role;
      principal.staff_id = id;
      principal.account_id = id;
    };
    switch (who) {
      case Who::kAdministrator:
        staff(Role::kAdministrator, r.administrator);
        break;
      case Who::kSpecialEducator:
        staff(Role::kSpecialEducator, r.special_educator);
        break;
      case Who::kProvider:
        staff(Role::kRelatedServiceProvider, r.provider);
        break;
      case Who::kGeneralEducator:
        staff(Role::kGeneralEducator, r.general_educator);
        break;
      case Who::kPara:
        staff(Role::kParaeducator, r.para);
        break;
      case Who::kParent:
        principal.role = Role::kParent;
        principal.guardian_id = r.guardian;
        principal.account_id = 1000 + r.guardian;
        principal.school_id.reset();
        break;
      case Who::kOtherDistrictPara:
        staff(Role::kParaeducator, r.other_district_para);
        principal.district_id = r.other_district;
        principal.school_id = r.other_school;
        break;
    }
    return principal;
  }

  Reply Call(Who who, Method method, const std::string& target, const json& body = nullptr,
             std::optional<std::string> if_match = std::nullopt) {
    Request request;
    request.method = method;
    request.request_id = "test-" + std::to_string(++requests_);
    std::size_t question = target.find('?');
    request.path = target.substr(0, question);
    if (question != std::string::npos) {
      std::string query = target.substr(question + 1);
      std::size_t at = 0;
      while (at < query.size()) {
        std::size_t end = query.find('&', at);
        if (end == std::string::npos) end = query.size();
        std::string pair = query.substr(at, end - at);
        std::size_t equals = pair.find('=');
        request.query.emplace_back(pair.substr(0, equals),
                                   equals == std::string::npos ? "" : pair.substr(equals + 1));
        at = end + 1;
      }
    }
    if (!body.is_null()) {
      request.body = body.is_string() ? body.get<std::string>() : body.dump();
      request.headers.Set("Content-Type", "application/json");
    }
    if (if_match) request.headers.Set("If-Match", *if_match);
    Match match = router_.Find(method, request.path);
    if (!match.route) return {404, nullptr, ""};
    request.route = match.route->pattern;
    request.path_params = match.path_params;
    Context context{services_, PrincipalOf(who)};
    Result<Response> response = match.route->handler(request, context);
    Response answer =
        response ? std::move(*response) : ErrorResponse(response.error(), request.request_id);
    Reply reply;
    reply.status = answer.status;
    reply.body = answer.body.empty() ? json(nullptr) : json::parse(answer.body);
    reply.etag = std::string(answer.headers.Get("ETag").value_or(""));
    return reply;
  }

  // The current ETag of a record, read as the administrator.
  std::string ETag(const std::string& target) {
    Reply reply = Call(Who::kAdministrator, Method::kGet, target);
    EXPECT_EQ(reply.status, 200) << target;
    return reply.etag;
  }

  std::vector<AuditRecord> Audit(Id student_id) {
    AuditFilter filter;
    filter.district_id = roster().district;
    filter.student_id = student_id;
    filter.limit = 1000;
    Result<std::vector<AuditRecord>> events = db_.security().ListAudit(filter);
    EXPECT_TRUE(events) << events.error().message;
    return events.value_or(std::vector<AuditRecord>{});
  }

  testing::RosterDatabase db_;
  ManualClock clock_;
  Services services_;
  Router router_;
  Id section_ = 0;
  Id iep_ = 0;
  Id enrolment_ = 0;
  Id para_assignment_ = 0;
  int requests_ = 0;
};

std::string StudentPath(Id id, std::string_view tail = "") {
  return "/api/v1/students/" + std::to_string(id) + std::string(tail);
}

// --- the role x endpoint family x own/other x read/write table --------------

const std::vector<std::string> kReadFamilies{
    "", "/ieps", "/day", "/guardians", "/enrolments", "/access-log", "/authorized-staff"};

// Expected read status of each family above for the student the role is
// related to (lee); for the unrelated student (max) every non-administrator
// gets 404 on every family.
const std::map<Who, std::vector<int>> kOwnReads{
    {Who::kAdministrator, {200, 200, 200, 200, 200, 200, 200}},
    {Who::kSpecialEducator, {200, 200, 200, 200, 200, 404, 200}},
    {Who::kProvider, {200, 200, 200, 200, 200, 404, 404}},
    {Who::kGeneralEducator, {200, 200, 200, 404, 404, 404, 404}},
    {Who::kPara, {200, 200, 200, 404, 404, 404, 404}},
    {Who::kParent, {200, 200, 404, 200, 404, 200, 200}},
    {Who::kOtherDistrictPara, {404, 404, 404, 404, 404, 404, 404}},
};

TEST_F(ResourcesTest, every_role_reads_each_family_of_own_and_other_students_as_the_table_says) {
  for (const auto& [who, statuses] : kOwnReads) {
    for (std::size_t i = 0; i < kReadFamilies.size(); ++i) {
      const std::string own = StudentPath(roster().student, kReadFamilies[i]);
      EXPECT_EQ(Call(who, Method::kGet, own).status, statuses[i]) << NameOfWho(who) << " " << own;
      const std::string other = StudentPath(roster().other_student, kReadFamilies[i]);
      const int expected_other = who == Who::kAdministrator ? 200 : 404;
      EXPECT_EQ(Call(who, Method::kGet, other).status, expected_other)
          << NameOfWho(who) << " " << other;
    }
  }
}

json StudentBody(Id school, std::string_view first_name) {
  return {{"school_id", school},
          {"first_name", first_name},
          {"last_name", "Learner"},
          {"birth_date", "2017-03-04"},
          {"grade", "3"}};
}

TEST_F(ResourcesTest, every_role_writes_own_and_other_students_as_the_table_says) {
  struct Expectation {
    Who who;
    int student_own;
    int iep_own;
    int day_own;
    int student_other;
  };
  const std::vector<Expectation> table{
      {Who::kAdministrator, 200, 403, 200, 200},
      {Who::kSpecialEducator, 403, 200, 200, 404},
      {Who::kProvider, 403, 403, 403, 404},
      {Who::kGeneralEducator, 403, 403, 403, 404},
      {Who::kPara, 403, 403, 403, 404},
      {Who::kParent, 403, 403, 404, 404},
      {Who::kOtherDistrictPara, 404, 404, 404, 404},
  };
  const std::string iep_path = "/api/v1/ieps/" + std::to_string(iep_);
  for (const Expectation& row : table) {
    const std::string student = StudentPath(roster().student);
    json body = StudentBody(roster().school, "lee");
    body["case_manager_id"] = roster().special_educator;
    EXPECT_EQ(Call(row.who, Method::kPut, student, body, ETag(student)).status, row.student_own)
        << NameOfWho(row.who);

    Reply iep = Call(Who::kAdministrator, Method::kGet, iep_path);
    json iep_body = iep.body;
    EXPECT_EQ(Call(row.who, Method::kPut, iep_path, iep_body, iep.etag).status, row.iep_own)
        << NameOfWho(row.who);

    const std::string day = StudentPath(roster().student, "/day");
    json day_body = {{"blocks", json::array({{{"weekday", "monday"},
                                              {"start", "09:00"},
                                              {"end", "10:00"},
                                              {"activity", "Grade 3 Math"},
                                              {"support", "adult_support"}}})}};
    EXPECT_EQ(Call(row.who, Method::kPut, day, day_body, ETag(day)).status, row.day_own)
        << NameOfWho(row.who);

    const std::string other = StudentPath(roster().other_student);
    EXPECT_EQ(
        Call(row.who, Method::kPut, other, StudentBody(roster().school, "max"), ETag(other)).status,
        row.student_other)
        << NameOfWho(row.who);
  }
}

// The case manager changes one service's minutes: every service, goal and
// accommodation keeps its id (captured sessions and observations point at
// them), the answer shows the IEP as stored, and an id of another IEP's item
// is refused naming it. (Before, the API read no item ids, so every PUT gave
// every item a new one, and the answer showed empty lists.)
TEST_F(ResourcesTest, an_iep_changed_through_the_api_keeps_its_items_ids) {
  const std::string path = "/api/v1/ieps/" + std::to_string(iep_);
  Reply before = Call(Who::kSpecialEducator, Method::kGet, path);
  ASSERT_EQ(before.status, 200) << before.body.dump();
  ASSERT_FALSE(before.body["services"].empty());
  ASSERT_FALSE(before.body["goals"].empty());
  json body = before.body;
  body["services"][0]["minutes"] = body["services"][0]["minutes"].get<int>() + 30;
  Reply changed = Call(Who::kSpecialEducator, Method::kPut, path, body, before.etag);
  ASSERT_EQ(changed.status, 200) << changed.body.dump();
  for (const char* list : {"services", "goals", "accommodations"}) {
    ASSERT_EQ(changed.body[list].size(), before.body[list].size()) << list << " in the answer";
    for (std::size_t i = 0; i < before.body[list].size(); ++i) {
      EXPECT_EQ(changed.body[list][i]["id"], before.body[list][i]["id"]) << list << "[" << i << "]";
    }
  }
  EXPECT_EQ(changed.body["services"][0]["minutes"], body["services"][0]["minutes"]);
  Reply after = Call(Who::kSpecialEducator, Method::kGet, path);
  EXPECT_EQ(after.body["services"], changed.body["services"]);

  json foreign = after.body;
  foreign["goals"][0]["id"] = 999999;
  Reply refused = Call(Who::kSpecialEducator, Method::kPut, path, foreign, after.etag);
  ASSERT_EQ(refused.status, 422) << refused.body.dump();
  EXPECT_EQ(refused.body["error"]["fields"][0]["field"], "goals[0].id");
}

TEST_F(ResourcesTest, para_editing_iep_content_gets_403_naming_the_licensed_only_rule) {
  const std::string path = "/api/v1/ieps/" + std::to_string(iep_);
  Reply iep = Call(Who::kAdministrator, Method::kGet, path);
  Reply reply = Call(Who::kPara, Method::kPut, path, iep.body, iep.etag);
  EXPECT_EQ(reply.status, 403);
  EXPECT_NE(reply.body["error"]["message"].get<std::string>().find("licensed_only"),
            std::string::npos);
}

// --- IDOR: ids swapped across students, schools and districts ---------------

TEST_F(ResourcesTest, ids_of_another_district_give_nothing_on_any_endpoint) {
  const std::vector<std::string> theirs{
      StudentPath(roster().other_district_student),
      StudentPath(roster().other_district_student, "/ieps"),
      StudentPath(roster().other_district_student, "/day"),
      StudentPath(roster().other_district_student, "/guardians"),
      StudentPath(roster().other_district_student, "/access-log"),
      "/api/v1/schools/" + std::to_string(roster().other_school),
      "/api/v1/staff/" + std::to_string(roster().other_district_para),
  };
  for (const std::string& path : theirs) {
    Reply reply = Call(Who::kAdministrator, Method::kGet, path);
    EXPECT_EQ(reply.status, 404) << path;
    EXPECT_EQ(reply.body["error"]["code"], "not_found") << path;
  }
  const std::vector<std::string> ours{StudentPath(roster().student),
                                      "/api/v1/ieps/" + std::to_string(iep_),
                                      "/api/v1/schools/" + std::to_string(roster().school),
                                      "/api/v1/guardians/" + std::to_string(roster().guardian)};
  for (const std::string& path : ours) {
    EXPECT_EQ(Call(Who::kOtherDistrictPara, Method::kGet, path).status, 404) << path;
  }
}

TEST_F(ResourcesTest, bodies_naming_another_districts_records_are_refused) {
  const std::string lee = StudentPath(roster().student);
  json moved = StudentBody(roster().other_school, "lee");
  Reply reply = Call(Who::kAdministrator, Method::kPut, lee, moved, ETag(lee));
  EXPECT_EQ(reply.status, 422);
  EXPECT_EQ(reply.body["error"]["fields"][0]["field"], "school_id");
  json room = {{"school_id", roster().other_school}, {"name", "Room 1"}, {"capacity", 20}};
  EXPECT_EQ(Call(Who::kAdministrator, Method::kPost, "/api/v1/rooms", room).status, 422);
  json enrol = {{"student_id", roster().other_district_student},
                {"section_id", section_},
                {"start", "2026-09-01"}};
  reply = Call(Who::kAdministrator, Method::kPost, "/api/v1/enrolments", enrol);
  EXPECT_EQ(reply.status, 422);
  EXPECT_EQ(reply.body["error"]["fields"][0]["field"], "student_id");
  EXPECT_EQ(Call(Who::kOtherDistrictPara, Method::kGet,
                 "/api/v1/students?school_id=" + std::to_string(roster().school))
                .body["items"]
                .size(),
            0U);
}

TEST_F(ResourcesTest, a_hidden_record_reads_exactly_like_a_missing_one) {
  Reply hidden = Call(Who::kPara, Method::kGet, StudentPath(roster().other_student));
  Reply missing = Call(Who::kPara, Method::kGet, StudentPath(999999));
  EXPECT_EQ(hidden.status, 404);
  EXPECT_EQ(hidden.status, missing.status);
  EXPECT_EQ(hidden.body["error"]["message"], missing.body["error"]["message"]);
  Reply malformed = Call(Who::kPara, Method::kGet, "/api/v1/students/abc");
  EXPECT_EQ(malformed.status, 404);
}

TEST_F(ResourcesTest, lists_show_only_the_students_each_role_may_see) {
  auto ids = [&](Who who, const std::string& query = "") {
    std::vector<Id> seen;
    Reply reply = Call(who, Method::kGet, "/api/v1/students" + query);
    EXPECT_EQ(reply.status, 200) << NameOfWho(who);
    for (const json& item : reply.body["items"]) seen.push_back(item["id"].get<Id>());
    return seen;
  };
  const std::vector<Id> lee{roster().student};
  EXPECT_EQ(ids(Who::kPara), lee);
  EXPECT_EQ(ids(Who::kParent), lee);
  EXPECT_EQ(ids(Who::kGeneralEducator), lee);
  EXPECT_EQ(ids(Who::kSpecialEducator), lee);
  EXPECT_EQ(ids(Who::kAdministrator), (std::vector<Id>{roster().student, roster().other_student}));
  EXPECT_TRUE(ids(Who::kOtherDistrictPara).empty());
  EXPECT_TRUE(
      ids(Who::kAdministrator, "?school_id=" + std::to_string(roster().other_school)).empty());
}

// A search box's list (?name=): only the students found are read and
// audited, each role still sees only its own, and the pages hold.
TEST_F(ResourcesTest, a_list_by_name_shows_and_audits_only_the_students_found) {
  auto ids = [&](Who who, const std::string& query) {
    std::vector<Id> seen;
    Reply reply = Call(who, Method::kGet, "/api/v1/students" + query);
    EXPECT_EQ(reply.status, 200) << NameOfWho(who) << " " << query;
    for (const json& item : reply.body["items"]) seen.push_back(item["id"].get<Id>());
    return seen;
  };
  const Id lee = roster().student;
  const Id max = roster().other_student;
  const std::size_t max_audited = Audit(max).size();
  EXPECT_EQ(ids(Who::kAdministrator, "?name=LEE"), std::vector<Id>{lee});
  EXPECT_EQ(Audit(max).size(), max_audited) << "a student not found is not read";
  EXPECT_EQ(ids(Who::kAdministrator, "?name=lear ma"), std::vector<Id>{max});
  EXPECT_EQ(ids(Who::kAdministrator, "?name=" + std::to_string(max)), std::vector<Id>{max});
  EXPECT_EQ(ids(Who::kAdministrator, "?name=learner"), (std::vector<Id>{lee, max}));
  EXPECT_TRUE(ids(Who::kAdministrator, "?name=nobody").empty());
  EXPECT_TRUE(ids(Who::kPara, "?name=max").empty()) << "the para may not see max";
  EXPECT_EQ(ids(Who::kPara, "?name=learner"), std::vector<Id>{lee});
  EXPECT_TRUE(ids(Who::kOtherDistrictPara, "?name=lee").empty());

  Reply first = Call(Who::kAdministrator, Method::kGet, "/api/v1/students?name=learner&limit=1");
  ASSERT_EQ(first.status, 200);
  EXPECT_EQ(first.body["next_after"], lee);
  EXPECT_EQ(ids(Who::kAdministrator, "?name=learner&limit=1&after=" + std::to_string(lee)),
            std::vector<Id>{max});

  for (const std::string& bad : {std::string(" ,"), std::string(101, 'a')}) {
    Reply refused = Call(Who::kAdministrator, Method::kGet, "/api/v1/students?name=" + bad);
    EXPECT_EQ(refused.status, 422) << bad;
    EXPECT_EQ(refused.body["error"]["fields"][0]["field"], "name") << refused.body.dump();
  }
}

// The calendars of a school page as every list does (they were one page
// whatever ?limit= and ?after= said).
TEST_F(ResourcesTest, a_schools_calendars_page_by_limit_and_after) {
  Result<void> added = db_.store().Write([&](Transaction& tx) -> Result<void> {
    for (const char* name : {"2026-2027", "2027-2028"}) {
      SchoolCalendar year;
      year.school_id = roster().school;
      year.name = name;
      year.first_day = *Date::Parse(std::string(name).substr(0, 4) + "-09-01");
      year.last_day = year.first_day.AddDays(280);
      PARAPLAN_TRY(tx.Insert(year));
    }
    return {};
  });
  ASSERT_TRUE(added) << added.error().message;
  const std::string list = "/api/v1/calendars?school_id=" + std::to_string(roster().school);
  Reply first = Call(Who::kAdministrator, Method::kGet, list + "&limit=1");
  ASSERT_EQ(first.status, 200) << first.body.dump();
  ASSERT_EQ(first.body["items"].size(), 1U) << first.body.dump();
  ASSERT_FALSE(first.body["next_after"].is_null()) << first.body.dump();
  Reply second = Call(Who::kAdministrator, Method::kGet,
                      list + "&limit=1&after=" + std::to_string(first.body["next_after"].get<Id>()));
  ASSERT_EQ(second.status, 200) << second.body.dump();
  ASSERT_EQ(second.body["items"].size(), 1U) << second.body.dump();
  EXPECT_EQ(second.body["items"][0]["name"], "2027-2028");
  Reply rest = Call(Who::kAdministrator, Method::kGet,
                    list + "&after=" + std::to_string(second.body["items"][0]["id"].get<Id>()));
  EXPECT_TRUE(rest.body["items"].empty()) << rest.body.dump();
  EXPECT_TRUE(rest.body["next_after"].is_null()) << rest.body.dump();
}

// --- what each role sees of the IEP -----------------------------------------

TEST_F(ResourcesTest, para_sees_only_the_iep_parts_they_implement) {
  Reply reply = Call(Who::kPara, Method::kGet, "/api/v1/ieps/" + std::to_string(iep_));
  ASSERT_EQ(reply.status, 200);
  EXPECT_EQ(reply.body["services"].size(), 1U);
  EXPECT_EQ(reply.body["accommodations"].size(), 1U);
  EXPECT_EQ(reply.body["regulation_plan"].size(), 1U);
  EXPECT_TRUE(reply.body["goals"].empty());  // no goals they collect data on
  EXPECT_TRUE(reply.body["one_to_one"].is_null());
}

TEST_F(ResourcesTest, para_sees_the_goals_a_published_plan_has_them_collect_data_on) {
  Iep stored;
  ASSERT_TRUE(db_.store().Read([&](Transaction& tx) -> Result<void> {
    stored = PARAPLAN_TRY(tx.GetIep(iep_));
    return {};
  }));
  ASSERT_EQ(stored.goals.size(), 1U);
  const Id goal = stored.goals[0].id;
  ServicePlan plan;
  plan.section_id = section_;
  plan.date = *Date::Parse("2026-11-24");
  plan.author_id = roster().general_educator;
  plan.objective = "Add within 100";
  plan.status = PlanStatus::kPublished;
  plan.adults.push_back({roster().para, StaffRole::kParaeducator, "pia", Presence::kInRoom});
  DataToCollect data;
  data.student_id = roster().student;
  data.goal_id = goal;
  data.how = "10 trials during independent work";
  data.collector_id = roster().para;
  plan.data_to_collect.push_back(data);
  std::unique_ptr<PlanStore> plans = MakePlanStore(*db_.store().sql_runner());
  Result<ServicePlan> created = plans->Create(plan, roster().general_educator, Timestamp{});
  ASSERT_TRUE(created) << created.error().message;

  Reply reply = Call(Who::kPara, Method::kGet, "/api/v1/ieps/" + std::to_string(iep_));
  ASSERT_EQ(reply.status, 200);
  ASSERT_EQ(reply.body["goals"].size(), 1U);
  EXPECT_EQ(reply.body["goals"][0]["id"], goal);
}

TEST_F(ResourcesTest, general_educator_sees_accommodations_and_supports_only) {
  Reply reply = Call(Who::kGeneralEducator, Method::kGet, StudentPath(roster().student, "/ieps"));
  ASSERT_EQ(reply.status, 200);
  const json& iep = reply.body["items"][0];
  EXPECT_EQ(iep["accommodations"].size(), 1U);
  EXPECT_EQ(iep["services"].size(), 1U);
  EXPECT_TRUE(iep["goals"].empty());
  EXPECT_TRUE(iep["regulation_plan"].empty());
}

TEST_F(ResourcesTest, removing_the_assignment_removes_the_paras_access_at_once) {
  ASSERT_EQ(Call(Who::kPara, Method::kGet, StudentPath(roster().student)).status, 200);
  ASSERT_TRUE(db_.security().RemoveAssignment(para_assignment_));
  EXPECT_EQ(Call(Who::kPara, Method::kGet, StudentPath(roster().student)).status, 404);
}

TEST_F(ResourcesTest, custody_restricted_parent_sees_nothing_of_the_child) {
  Reply link =
      Call(Who::kAdministrator, Method::kPut,
           StudentPath(roster().student, "/guardians/" + std::to_string(roster().guardian)),
           json{{"relation", "mother"}, {"custody_restricted", true}});
  ASSERT_EQ(link.status, 200) << link.body.dump();
  EXPECT_EQ(Call(Who::kParent, Method::kGet, StudentPath(roster().student)).status, 404);
  EXPECT_TRUE(Call(Who::kParent, Method::kGet, "/api/v1/students").body["items"].empty());
}

// --- audit --------------------------------------------------------------------

TEST_F(ResourcesTest, every_read_of_each_family_leaves_an_audit_entry_without_the_data) {
  const std::vector<std::pair<std::string, std::string>> reads{
      {StudentPath(roster().student), "student"},
      {StudentPath(roster().student, "/ieps"), "iep"},
      {"/api/v1/ieps/" + std::to_string(iep_), "iep"},
      {StudentPath(roster().student, "/day"), "student_day"},
      {StudentPath(roster().student, "/guardians"), "guardian"},
      {StudentPath(roster().student, "/enrolments"), "enrolment"},
      {StudentPath(roster().student, "/access-log"), "access_log"},
      {StudentPath(roster().student, "/authorized-staff"), "authorized_staff"},
      {"/api/v1/students", "student"},
  };
  for (const auto& [path, family] : reads) {
    const std::size_t before = Audit(roster().student).size();
    ASSERT_EQ(Call(Who::kAdministrator, Method::kGet, path).status, 200) << path;
    std::vector<AuditRecord> events = Audit(roster().student);
    ASSERT_GT(events.size(), before) << path;
    const AuditRecord& last = events.back();
    EXPECT_EQ(last.family, family) << path;
    EXPECT_EQ(last.result, "allowed") << path;
    EXPECT_EQ(last.action, "read") << path;
    EXPECT_EQ(last.role, "administrator");
    EXPECT_EQ(last.staff_id, roster().administrator);
    // The route pattern, never the path with its ids: no digit after "/api/v1".
    ASSERT_TRUE(last.route.starts_with("/api/v1/")) << last.route;
    EXPECT_EQ(last.route.find_first_of("0123456789", 7), std::string::npos) << last.route;
    EXPECT_FALSE(last.request_id.empty());
  }
}

TEST_F(ResourcesTest, a_refused_attempt_is_audited_as_refused_with_its_rule) {
  ASSERT_EQ(Call(Who::kPara, Method::kGet, StudentPath(roster().other_student)).status, 404);
  std::vector<AuditRecord> events = Audit(roster().other_student);
  ASSERT_EQ(events.size(), 1U);
  EXPECT_EQ(events[0].result, "refused");
  EXPECT_EQ(events[0].rule, "para_not_assigned");
  EXPECT_EQ(events[0].staff_id, roster().para);
}

TEST_F(ResourcesTest, parent_reads_the_childs_record_of_access) {
  Call(Who::kPara, Method::kGet, StudentPath(roster().student));
  Reply log = Call(Who::kParent, Method::kGet, StudentPath(roster().student, "/access-log"));
  ASSERT_EQ(log.status, 200);
  bool para_seen = false;
  for (const json& event : log.body["items"]) {
    if (event["staff_id"] == roster().para && event["record_type"] == "student") para_seen = true;
  }
  EXPECT_TRUE(para_seen) << log.body.dump();
}

TEST_F(ResourcesTest, authorized_staff_lists_who_may_access_the_student_now) {
  Reply reply =
      Call(Who::kAdministrator, Method::kGet, StudentPath(roster().student, "/authorized-staff"));
  ASSERT_EQ(reply.status, 200);
  std::set<Id> staff;
  for (const json& item : reply.body["items"]) staff.insert(item["staff_id"].get<Id>());
  EXPECT_EQ(staff, (std::set<Id>{roster().administrator, roster().special_educator,
                                 roster().provider, roster().general_educator, roster().para}));
  ASSERT_TRUE(db_.security().RemoveAssignment(para_assignment_));
  reply =
      Call(Who::kAdministrator, Method::kGet, StudentPath(roster().student, "/authorized-staff"));
  for (const json& item : reply.body["items"]) EXPECT_NE(item["staff_id"], roster().para);
}

TEST_F(ResourcesTest, the_audit_window_is_for_administrators) {
  Call(Who::kPara, Method::kGet, StudentPath(roster().student));
  EXPECT_EQ(Call(Who::kSpecialEducator, Method::kGet, "/api/v1/audit").status, 403);
  Reply window = Call(Who::kAdministrator, Method::kGet,
                      "/api/v1/audit?from=2026-11-24T00:00:00Z&to=2026-11-25T00:00:00Z");
  ASSERT_EQ(window.status, 200) << window.body.dump();
  EXPECT_FALSE(window.body["items"].empty());
  Reply before = Call(Who::kAdministrator, Method::kGet,
                      "/api/v1/audit?from=2026-11-01T00:00:00Z&to=2026-11-02T00:00:00Z");
  EXPECT_TRUE(before.body["items"].empty());
  EXPECT_EQ(Call(Who::kAdministrator, Method::kGet, "/api/v1/audit?from=yesterday").status, 422);
}

// --- lost updates and bad input ----------------------------------------------

TEST_F(ResourcesTest, an_update_without_if_match_or_with_a_stale_one_is_412) {
  const std::string path = StudentPath(roster().student);
  json body = StudentBody(roster().school, "lee");
  EXPECT_EQ(Call(Who::kAdministrator, Method::kPut, path, body).status, 412);
  const std::string etag = ETag(path);
  ASSERT_EQ(Call(Who::kAdministrator, Method::kPut, path, body, etag).status, 200);
  EXPECT_EQ(Call(Who::kAdministrator, Method::kPut, path, body, etag).status, 412);
}

TEST_F(ResourcesTest, bad_bodies_get_400_or_422_naming_every_field) {
  EXPECT_EQ(Call(Who::kAdministrator, Method::kPost, "/api/v1/students", json("{not json")).status,
            400);
  json body = StudentBody(roster().school, "new");
  body["grade"] = "thirteen";
  body["birth_date"] = 2017;
  body["nickname"] = "x";
  Reply reply = Call(Who::kAdministrator, Method::kPost, "/api/v1/students", body);
  ASSERT_EQ(reply.status, 422);
  std::set<std::string> fields;
  for (const json& problem : reply.body["error"]["fields"]) fields.insert(problem["field"]);
  EXPECT_EQ(fields, (std::set<std::string>{"grade", "birth_date", "nickname"}));
  body = StudentBody(roster().other_school, "new");
  reply = Call(Who::kAdministrator, Method::kPost, "/api/v1/students", body);
  EXPECT_EQ(reply.status, 422);
  EXPECT_EQ(reply.body["error"]["fields"][0]["field"], "school_id");
  EXPECT_EQ(Call(Who::kAdministrator, Method::kGet, "/api/v1/students?limit=0").status, 422);
}

TEST_F(ResourcesTest, administrator_creates_reads_and_deletes_a_student) {
  Reply created = Call(Who::kAdministrator, Method::kPost, "/api/v1/students",
                       StudentBody(roster().school, "ivy"));
  ASSERT_EQ(created.status, 201) << created.body.dump();
  const std::string path = StudentPath(created.body["id"].get<Id>());
  EXPECT_EQ(Call(Who::kAdministrator, Method::kGet, path).body["first_name"], "ivy");
  EXPECT_EQ(Call(Who::kPara, Method::kPost, "/api/v1/students", StudentBody(roster().school, "eve"))
                .status,
            403);
  EXPECT_EQ(Call(Who::kAdministrator, Method::kDelete, path, nullptr, created.etag).status, 204);
  EXPECT_EQ(Call(Who::kAdministrator, Method::kGet, path).status, 404);
}

TEST_F(ResourcesTest, staff_read_the_directory_and_only_administrators_change_it) {
  const std::string school = "/api/v1/schools/" + std::to_string(roster().school);
  EXPECT_EQ(Call(Who::kPara, Method::kGet, school).status, 200);
  EXPECT_EQ(Call(Who::kParent, Method::kGet, school).status, 404);
  Reply read = Call(Who::kAdministrator, Method::kGet, school);
  json body = read.body;
  body.erase("id");
  body.erase("version");
  body["name"] = "Riverside Primary";
  EXPECT_EQ(Call(Who::kPara, Method::kPut, school, body, read.etag).status, 403);
  Reply renamed = Call(Who::kAdministrator, Method::kPut, school, body, read.etag);
  ASSERT_EQ(renamed.status, 200) << renamed.body.dump();
  EXPECT_EQ(renamed.body["name"], "Riverside Primary");
  Reply sections = Call(Who::kGeneralEducator, Method::kGet, "/api/v1/sections");
  ASSERT_EQ(sections.status, 200) << sections.body.dump();
  EXPECT_EQ(sections.body["items"].size(), 1U);
}

// --- the OpenAPI description stays true --------------------------------------

// The family's progress report: the minutes given week by week against the
// IEP's, by service and setting, and where each goal's data stand, for a
// parent of the student and the staff who may read its services and goals;
// an audited read; refused, as if the student did not exist, to others.
TEST_F(ResourcesTest,
       progress_report_tells_a_parent_the_minutes_given_week_by_week_and_where_each_goal_stands) {
  const testing::Roster& r = roster();
  Iep iep;
  ASSERT_TRUE(db_.store().Read([&](Transaction& tx) -> Result<void> {
    iep = PARAPLAN_TRY(tx.GetIep(iep_));
    return {};
  }));
  const Id service = iep.services.at(0).id;
  const Id goal = iep.goals.at(0).id;
  std::unique_ptr<CaptureStore> captures = MakeCaptureStore(*db_.store().sql_runner());
  int made = 0;
  auto store = [&](const char* date, CaptureBody body) {
    CaptureRecord record;
    record.id = fmt::format("5e1f0c2a-0000-4000-8000-{:012d}", ++made);
    record.created_at = *ParseTimestamp(std::string(date) + "T10:00:00Z");
    record.student_id = r.student;
    record.recorded_by = r.para;
    record.body = std::move(body);
    Result<CreateResult> created = captures->Create(record, record.created_at);
    ASSERT_TRUE(created) << created.error().message;
  };
  auto session = [&](const char* date, int minutes, SessionOutcome outcome) {
    ServiceSession body;
    body.service_id = service;
    body.date = *Date::Parse(date);
    body.start = TimeOfDay::At(9, 0);
    body.minutes = minutes;
    body.provider_id = r.para;
    body.outcome = outcome;
    if (outcome == SessionOutcome::kMissed) body.missed_reason = MissedReason::kSchoolEvent;
    store(date, body);
  };
  auto trials = [&](const char* date, int correct) {
    GoalObservation body;
    body.goal_id = goal;
    body.date = *Date::Parse(date);
    for (int t = 0; t < 10; ++t) {
      body.trials.push_back({PromptLevel::kIndependent,
                             t < correct ? TrialResult::kCorrect : TrialResult::kIncorrect});
    }
    store(date, body);
  };
  session("2026-11-09", 90, SessionOutcome::kDelivered);  // before the two weeks
  session("2026-11-16", 60, SessionOutcome::kDelivered);
  session("2026-11-18", 60, SessionOutcome::kDelivered);
  session("2026-11-23", 30, SessionOutcome::kDelivered);
  session("2026-11-24", 30, SessionOutcome::kMissed);
  trials("2026-11-17", 4);
  trials("2026-11-24", 6);

  const std::string path = StudentPath(r.student, "/progress-report?weeks=2");
  const std::size_t audited = Audit(r.student).size();
  Reply reply = Call(Who::kParent, Method::kGet, path);
  ASSERT_EQ(reply.status, 200) << reply.body.dump();
  const json& body = reply.body;
  EXPECT_EQ(body["student_id"], r.student);
  EXPECT_EQ(body["iep_id"], iep_);
  EXPECT_EQ(body["through"], "2026-11-24");
  EXPECT_EQ(body["weeks"], json::array({"2026-11-16", "2026-11-23"}));
  ASSERT_EQ(body["services"].size(), 1u);
  EXPECT_EQ(body["services"][0]["service_id"], service);
  EXPECT_EQ(body["services"][0]["type"], "math_support");
  EXPECT_EQ(body["services"][0]["minutes_per_week"], 120);
  EXPECT_EQ(body["services"][0]["delivered"], json::array({120, 30}));
  ASSERT_EQ(body["settings"].size(), 1u);
  EXPECT_EQ(body["settings"][0]["setting"], "general_education_classroom");
  EXPECT_EQ(body["settings"][0]["delivered"], json::array({120, 30}));
  ASSERT_EQ(body["goals"].size(), 1u);
  const json& standing = body["goals"][0];
  EXPECT_EQ(standing["goal_id"], goal);
  EXPECT_EQ(standing["observations"], 2);
  EXPECT_EQ(standing["first"], json({{"date", "2026-11-17"}, {"value", 40.0}}));
  EXPECT_EQ(standing["latest"], json({{"date", "2026-11-24"}, {"value", 60.0}}));
  EXPECT_DOUBLE_EQ(standing["trend_per_week"].get<double>(), 20);
  EXPECT_EQ(standing["toward_target"], true);
  // The parent's read of the services and the goals is on the record.
  const std::vector<AuditRecord> events = Audit(r.student);
  ASSERT_GE(events.size(), audited + 2);
  std::set<std::string> families;
  for (std::size_t e = audited; e < events.size(); ++e) {
    EXPECT_EQ(events[e].guardian_id, r.guardian);
    EXPECT_EQ(events[e].route, "/api/v1/students/{id}/progress-report");
    families.insert(events[e].family);
  }
  EXPECT_TRUE(families.contains("iep_service") && families.contains("goal"))
      << fmt::format("{}", fmt::join(families, ", "));

  // The case manager reads the same; the parent of another student, a para
  // of another district and a student that does not exist are 404.
  EXPECT_EQ(Call(Who::kSpecialEducator, Method::kGet, path).body, body);
  EXPECT_EQ(
      Call(Who::kParent, Method::kGet, StudentPath(r.other_student, "/progress-report")).status,
      404);
  EXPECT_EQ(Call(Who::kOtherDistrictPara, Method::kGet, path).status, 404);
  EXPECT_EQ(Call(Who::kAdministrator, Method::kGet, StudentPath(999999, "/progress-report")).status,
            404);
  // Six weeks unless asked; from 1 to 26, else refused naming the field.
  EXPECT_EQ(Call(Who::kParent, Method::kGet, StudentPath(r.student, "/progress-report"))
                .body["weeks"]
                .size(),
            6u);
  for (const char* weeks : {"0", "27", "two", ""}) {
    Reply refused =
        Call(Who::kParent, Method::kGet, StudentPath(r.student, "/progress-report?weeks=") + weeks);
    EXPECT_EQ(refused.status, 422) << weeks;
    EXPECT_EQ(refused.body["error"]["fields"][0]["field"], "weeks") << refused.body.dump();
  }
}

using testing::ExpectShape;

TEST_F(ResourcesTest, every_documented_read_answers_in_its_documented_shape) {
  const testing::Roster& r = roster();
  Id room = 0;
  Id calendar = 0;
  Result<void> added = db_.store().Write([&](Transaction& tx) -> Result<void> {
    Room record;
    record.school_id = r.school;
    record.name = "Room 12";
    record.capacity = 24;
    room = PARAPLAN_TRY(tx.Insert(record));
    SchoolCalendar year;
    year.school_id = r.school;
    year.name = "2026-2027";
    year.first_day = *Date::Parse("2026-09-01");
    year.last_day = *Date::Parse("2027-06-15");
    calendar = PARAPLAN_TRY(tx.Insert(year));
    return {};
  });
  ASSERT_TRUE(added) << added.error().message;
  Call(Who::kPara, Method::kGet, StudentPath(r.student));  // something in the audit log
  const std::map<std::string, Id> ids{
      {"/api/v1/students/", r.student},   {"/api/v1/ieps/", iep_},
      {"/api/v1/schools/", r.school},     {"/api/v1/rooms/", room},
      {"/api/v1/calendars/", calendar},   {"/api/v1/staff/", r.para},
      {"/api/v1/sections/", section_},    {"/api/v1/guardians/", r.guardian},
      {"/api/v1/enrolments/", enrolment_}};
  const json document = json::parse(OpenApiDocument());
  int walked = 0;
  for (const auto& [pattern, operations] : document["paths"].items()) {
    if (!operations.contains("get")) continue;
    // The routes of the student and directory records; the others (sign-in,
    // captures, plans, schedules and a school's needs and week for them, the
    // brief) are walked in their own tests.
    if (pattern.starts_with("/api/v1/schedules") || pattern.ends_with("/needs") ||
        pattern.ends_with("/week") ||
        !router_.Find(Method::kGet, pattern).route) {
      continue;
    }
    std::string target = pattern;
    for (const auto& [prefix, id] : ids) {
      if (target.starts_with(prefix + "{id}")) target.replace(prefix.size(), 4, std::to_string(id));
    }
    ASSERT_EQ(target.find('{'), std::string::npos) << "no fixture for " << pattern;
    // Each required query parameter: a date where the schema asks for one
    // (the students absent that day), else the school's id.
    char separator = '?';
    for (const json& parameter : operations["get"].value("parameters", json::array())) {
      if (parameter["in"] == "query" && parameter.value("required", false)) {
        const bool date = parameter["schema"].value("format", "") == "date";
        target += separator + parameter["name"].get<std::string>() + "=" +
                  (date ? std::string("2026-12-09") : std::to_string(r.school));
        separator = '&';
      }
    }
    const json& responses = operations["get"]["responses"];
    Reply reply = Call(Who::kAdministrator, Method::kGet, target);
    ASSERT_TRUE(responses.contains(std::to_string(reply.status)))
        << target << " answered " << reply.status << ": " << reply.body.dump();
    ASSERT_EQ(reply.status / 100, 2) << target << ": " << reply.body.dump();
    const json& success = responses[std::to_string(reply.status)];
    if (success.contains("content")) {
      ExpectShape(document, success["content"]["application/json"]["schema"], reply.body, target);
    }
    ++walked;
  }
  EXPECT_GE(walked, 20);
}

}  // namespace
}  // namespace paraplan::http
