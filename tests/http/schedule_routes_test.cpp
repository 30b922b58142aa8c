// The para schedule API (issue 6) over real HTTP to the real server: the
// coordinator runs the optimizer on the stored school, reads the board,
// publishes (and the para's access follows the published plan), marks a
// para absent and gets the re-plan as changes; everyone else is refused,
// bad input is named, and every student the board shows is audited.
#include <gtest/gtest.h>

#include <map>
#include <set>

#include "../report/xlsx_reader.h"
#include "http/resources/openapi.h"
#include "scheduling/school_schedule.h"
#include "store/program_store.h"
#include "store/sql/session.h"
#include "store/sql_runner.h"
#include "support/openapi_shape.h"
#include "support/records.h"
#include "support/test_server.h"

namespace paraplan::testing {
namespace {

using nlohmann::json;

constexpr const char* kAdminEmail = "ada@example.org";
constexpr const char* kParaEmail = "pia@example.org";
constexpr const char* kTeacherEmail = "sam@example.org";

DayBlock Block(Weekday day, int hour, SupportLevel support, std::vector<Skill> skills = {},
               bool one_to_one = false) {
  DayBlock block;
  block.weekday = day;
  block.span = {TimeOfDay::At(hour, 0), TimeOfDay::At(hour, 50)};
  block.activity = fmt::format("Period {}", hour - 7);
  block.support = support;
  block.skills_needed = std::move(skills);
  block.one_to_one = one_to_one;
  return block;
}

class ScheduleApi : public ::testing::Test {
 protected:
  void SetUp() override {
    const Roster& r = server_.roster();
    // Today is a school day, and the students' days ask for a para: the
    // first student needs behaviour support in the first period, the other
    // one-to-one support in the second; nobody needs an adult in the third.
    Date today = Today();
    if (today.IsoWeekday() > 5) {
      server_.clock().Advance(std::chrono::days(8 - today.IsoWeekday()));
      today = Today();
    }
    today_ = today;
    Result<void> written = server_.db().store().Write([&](Transaction& tx) -> Result<void> {
      Staff para = PARAPLAN_TRY(tx.GetStaff(r.para));
      para.skills = {Skill::kBehaviorPlan};
      para.work_hours = {TimeOfDay::At(7, 30), TimeOfDay::At(15, 30)};
      PARAPLAN_TRY(tx.Update(para));
      for (Id student : {r.student, r.other_student}) {
        StudentDay day;
        day.student_id = student;
        for (Weekday weekday : {Weekday::kMonday, Weekday::kTuesday, Weekday::kWednesday,
                                Weekday::kThursday, Weekday::kFriday}) {
          const bool first = student == r.student;
          day.blocks.push_back(
              Block(weekday, 8, first ? SupportLevel::kAdultSupport : SupportLevel::kPeerSupport,
                    first ? std::vector{Skill::kBehaviorPlan} : std::vector<Skill>{}));
          day.blocks.push_back(
              Block(weekday, 9, first ? SupportLevel::kTeacherSupport : SupportLevel::kAdultSupport,
                    {}, !first));
          for (int hour : {10, 11, 12, 13, 14}) {
            day.blocks.push_back(Block(weekday, hour, SupportLevel::kIndependent));
          }
        }
        PARAPLAN_TRY(tx.Put(day));
      }
      return {};
    });
    ASSERT_TRUE(written) << written.error().message;
    server_.AddAccount(AccountKind::kStaff, r.administrator, kAdminEmail, kGoodPassword);
    server_.AddAccount(AccountKind::kStaff, r.para, kParaEmail, kGoodPassword);
    server_.AddAccount(AccountKind::kStaff, r.special_educator, kTeacherEmail, kGoodPassword);
    admin_ = server_.SignIn(admin_client_, kAdminEmail, kGoodPassword);
    ASSERT_EQ(admin_.status, 201) << admin_.body.dump();
  }

  Date Today() {
    auto day = std::chrono::floor<std::chrono::days>(server_.clock().Now());
    return Date::FromDays(static_cast<std::int32_t>(day.time_since_epoch().count()));
  }

  HttpResponse Post(HttpClient& client, const SignedInClient& who, const std::string& path,
                    const json& body) {
    auto headers = who.Headers();
    headers.emplace_back("Content-Type", "application/json");
    return client.Send("POST", path, headers, body.is_null() ? "" : body.dump());
  }

  HttpResponse Get(HttpClient& client, const SignedInClient& who, const std::string& path) {
    return client.Send("GET", path, who.Headers());
  }

  // A request of the coordinator's without a body (a DELETE).
  HttpResponse Send(const std::string& method, const std::string& path) {
    return admin_client_.Send(method, path, admin_.Headers());
  }

  // The first student's adult-support blocks (the first period, five 50
  // minutes a week) are in Room 12, a general education classroom, and
  // their IEP has math support there for `minutes` a week. The service's
  // id, or 0 after a failure.
  Id GiveTheStudentMathSupportInRoom12(int minutes) {
    const Roster& r = server_.roster();
    Id service_id = 0;
    Result<void> written = server_.db().store().Write([&](Transaction& tx) -> Result<void> {
      Room room;
      room.school_id = r.school;
      room.name = "Room 12";
      const Id room_id = PARAPLAN_TRY(tx.Insert(room));
      StudentDay day = PARAPLAN_TRY(tx.GetStudentDay(r.student));
      for (DayBlock& block : day.blocks) {
        if (block.support == SupportLevel::kAdultSupport) block.room_id = room_id;
      }
      PARAPLAN_TRY(tx.Put(day));
      Iep iep = MakeActiveIep(r.student, today_.AddDays(-30), r.special_educator);
      iep.services.front().minutes = minutes;
      PARAPLAN_TRY(tx.Insert(iep));
      service_id = PARAPLAN_TRY(tx.ListIeps(r.student)).front().services.front().id;
      return {};
    });
    EXPECT_TRUE(written) << written.error().message;
    return service_id;
  }

  // Publishes a schedule or re-plan (as the board's answer gave it).
  HttpResponse Publish(const json& schedule) {
    return Post(admin_client_, admin_,
                fmt::format("/api/v1/schedules/{}/publish", schedule.value("id", Id{0})), nullptr);
  }

  json MakeSchedule() {
    HttpResponse made = Post(admin_client_, admin_, "/api/v1/schedules",
                             {{"school_id", server_.roster().school}, {"date", today_.ToString()}});
    EXPECT_EQ(made.status, 201) << made.body;
    return made.Json();
  }

  // The re-plan of today with the school's para absent: 201 and a whole
  // Schedule, or an empty object after a test failure.
  json ReplanTodayWithoutThePara(const json& made) {
    HttpResponse replan = Post(
        admin_client_, admin_, fmt::format("/api/v1/schedules/{}/replan", made["id"].get<Id>()),
        {{"date", today_.ToString()}, {"absent_staff_id", server_.roster().para}});
    EXPECT_EQ(replan.status, 201) << replan.body;
    if (replan.status != 201) return json::object();
    const json replanned = replan.Json();
    ExpectScheduleShape(replanned);
    return replanned;
  }

  // ReplanTodayWithoutThePara, published: the re-plan, or an empty object
  // after a failure.
  json PublishedTodayWithoutThePara(const json& made) {
    const json replanned = ReplanTodayWithoutThePara(made);
    if (!replanned.contains("id")) return json::object();
    HttpResponse published = Publish(replanned);
    EXPECT_EQ(published.status, 200) << published.body;
    return published.status == 200 ? replanned : json::object();
  }

  // How many reads of the student the audit holds.
  std::size_t AuditedReadsOf(Id student_id) {
    AuditFilter filter;
    filter.district_id = server_.roster().district;
    filter.student_id = student_id;
    filter.limit = 1000;
    return server_.db().security().ListAudit(filter).value().size();
  }

  // Every field the OpenAPI description requires of a Schedule is there.
  void ExpectScheduleShape(const json& view) {
    const json document = json::parse(http::OpenApiDocument());
    const json& schema = document["components"]["schemas"]["Schedule"];
    for (const json& name : schema["required"]) {
      EXPECT_TRUE(view.contains(name.get<std::string>())) << "lacks " << name;
    }
    for (const char* list : {"assignments", "uncovered", "changes", "blocks", "paras"}) {
      const json& items = schema["properties"][list]["items"];
      for (const json& item : view[list]) {
        for (const json& name : items["required"]) {
          EXPECT_TRUE(item.contains(name.get<std::string>())) << list << " item lacks " << name;
        }
      }
    }
  }

  TestServer server_;
  HttpClient admin_client_{server_.port()};
  SignedInClient admin_;
  Date today_;
};

TEST_F(ScheduleApi, the_coordinator_runs_the_optimizer_and_the_para_covers_both_students) {
  const Roster& r = server_.roster();
  const json view = MakeSchedule();
  ExpectScheduleShape(view);
  EXPECT_EQ(view["status"], "draft");
  EXPECT_EQ(view["kind"], "week");
  EXPECT_EQ(view["date"], today_.ToString());
  EXPECT_EQ(view["week"], today_.WeekStart().ToString());
  EXPECT_EQ(view["blocks"].size(), 7u);
  EXPECT_TRUE(view["summary"].get<std::string>().starts_with(
      "This week: 5 of 5 one-to-one and health or safety needs covered, 5 of 5 other "
      "adult-support needs covered"))
      << view["summary"];
  // The one para supports the first student in period 1 and the other in
  // period 2, and has lunch, a break and data entry elsewhere in the day.
  std::set<Id> supported;
  std::multiset<std::string> duties;
  std::set<std::string> blocks_taken;
  for (const json& assignment : view["assignments"]) {
    EXPECT_EQ(assignment["para_id"], r.para);
    EXPECT_TRUE(blocks_taken.insert(assignment["block"].get<std::string>()).second)
        << "the para is in two places in " << assignment["block"];
    if (assignment["kind"] == "support") {
      for (const json& student : assignment["students"]) {
        supported.insert(student["id"].get<Id>());
        EXPECT_FALSE(student["name"].get<std::string>().empty());
      }
    } else {
      duties.insert(assignment["kind"].get<std::string>());
    }
  }
  EXPECT_EQ(supported, (std::set<Id>{r.student, r.other_student}));
  EXPECT_EQ(duties.count("lunch"), 1u);
  EXPECT_EQ(duties.count("break"), 1u);
  EXPECT_EQ(duties.count("data_entry"), 1u);
  EXPECT_TRUE(view["uncovered"].empty()) << view["uncovered"];
  EXPECT_EQ(view["day"]["adult_support_needs"], 2);
  EXPECT_EQ(view["day"]["covered"], 2);
}

TEST_F(ScheduleApi, a_run_solves_on_the_long_work_threads_and_the_rest_on_the_request_threads) {
  const http::Router& router = server_.api().router();
  const http::Match run = router.Find(http::Method::kPost, "/api/v1/schedules");
  ASSERT_NE(run.route, nullptr);
  EXPECT_EQ(run.route->work, http::Work::kLong);
  for (const auto& [method, path] : std::vector<std::pair<http::Method, std::string>>{
           {http::Method::kGet, "/api/v1/schedules"},
           {http::Method::kGet, "/api/v1/schedules/1"},
           {http::Method::kPost, "/api/v1/schedules/1/publish"},
           {http::Method::kPost, "/api/v1/schedules/1/replan"}}) {
    const http::Match match = router.Find(method, path);
    ASSERT_NE(match.route, nullptr) << path;
    EXPECT_EQ(match.route->work, http::Work::kQuick) << path;
  }
}

TEST_F(ScheduleApi, the_board_is_the_current_schedule_and_each_student_shown_is_audited) {
  const Roster& r = server_.roster();
  HttpResponse none =
      Get(admin_client_, admin_,
          fmt::format("/api/v1/schedules?school_id={}&date={}", r.school, today_.ToString()));
  EXPECT_EQ(none.status, 404) << none.body;
  const json made = MakeSchedule();
  AuditFilter filter;
  filter.district_id = r.district;
  filter.limit = 1000;
  const std::size_t before = server_.db().security().ListAudit(filter).value().size();
  HttpResponse board =
      Get(admin_client_, admin_,
          fmt::format("/api/v1/schedules?school_id={}&date={}", r.school, today_.ToString()));
  ASSERT_EQ(board.status, 200) << board.body;
  EXPECT_EQ(board.Json()["id"], made["id"]);
  std::vector<AuditRecord> audit = server_.db().security().ListAudit(filter).value();
  std::set<Id> audited;
  for (std::size_t i = before; i < audit.size(); ++i) {
    EXPECT_EQ(audit[i].family, "student_day");
    EXPECT_EQ(audit[i].action, "read");
    EXPECT_EQ(audit[i].result, "allowed");
    EXPECT_EQ(audit[i].route, "/api/v1/schedules");
    audited.insert(audit[i].student_id);
  }
  EXPECT_EQ(audited, (std::set<Id>{r.student, r.other_student}));
}

TEST_F(ScheduleApi, publishing_gives_the_para_exactly_the_students_the_plan_gives_them) {
  const Roster& r = server_.roster();
  HttpClient para_client(server_.port());
  SignedInClient para = server_.SignIn(para_client, kParaEmail, kGoodPassword);
  ASSERT_EQ(para.status, 201);
  const std::string student = fmt::format("/api/v1/students/{}", r.student);
  EXPECT_EQ(Get(para_client, para, student).status, 404) << "not assigned before publishing";

  const json made = MakeSchedule();
  HttpResponse published = Publish(made);
  ASSERT_EQ(published.status, 200) << published.body;
  EXPECT_EQ(published.Json()["status"], "published");
  EXPECT_EQ(Get(para_client, para, student).status, 200) << "assigned by the published schedule";
  const std::set<Id> assigned = server_.db().security().StudentsAssignedTo(r.para, today_).value();
  EXPECT_EQ(assigned, (std::set<Id>{r.student, r.other_student}));

  // Absent today: the re-plan leaves both students uncovered, and once
  // published the para no longer reaches them today.
  const json replanned = ReplanTodayWithoutThePara(made);
  ASSERT_TRUE(replanned.contains("id")) << "no re-plan made";
  EXPECT_EQ(replanned["kind"], "replan");
  EXPECT_EQ(replanned["status"], "draft");
  EXPECT_EQ(replanned["base_id"], made["id"]);
  EXPECT_EQ(made["absent_staff_ids"], json::array()) << "nobody is away in the week's schedule";
  EXPECT_EQ(replanned["absent_staff_ids"], json::array({r.para})) << "everyone away that day";
  EXPECT_FALSE(replanned["changes"].empty());
  for (const json& change : replanned["changes"]) EXPECT_EQ(change["after"], "off");
  ASSERT_EQ(replanned["uncovered"].size(), 2u) << replanned["uncovered"];
  for (const json& need : replanned["uncovered"]) {
    EXPECT_EQ(need["reason_code"], "no_qualified_para");
    EXPECT_FALSE(need["reason"].get<std::string>().empty());
  }
  HttpResponse republished = Publish(replanned);
  ASSERT_EQ(republished.status, 200) << republished.body;
  EXPECT_TRUE(server_.db().security().StudentsAssignedTo(r.para, today_).value().empty());
  EXPECT_EQ(Get(para_client, para, student).status, 404);
  HttpResponse board =
      Get(admin_client_, admin_,
          fmt::format("/api/v1/schedules?school_id={}&date={}", r.school, today_.ToString()));
  EXPECT_EQ(board.Json()["id"], replanned["id"]) << "the day's published re-plan is the board";
}

// A published absence is kept (as leave): the week made again and
// published does not put the absent para back with students that day.
// Before, publishing the new week superseded the day's re-plan, and the para
// was scheduled as if present (found by the UI walkthrough).
TEST_F(ScheduleApi, a_published_absence_holds_when_the_week_is_made_and_published_again) {
  const Roster& r = server_.roster();
  const json made = MakeSchedule();
  ASSERT_EQ(Publish(made).status, 200);
  const json replanned = ReplanTodayWithoutThePara(made);
  ASSERT_TRUE(replanned.contains("id")) << "no re-plan made";
  for (int twice = 0; twice < 2; ++twice) {
    ASSERT_EQ(Publish(replanned).status, 200);
  }
  ASSERT_TRUE(server_.db().security().StudentsAssignedTo(r.para, today_).value().empty());

  const json remade = MakeSchedule();
  ASSERT_TRUE(remade.contains("id")) << "no schedule made";
  HttpResponse published = Publish(remade);
  ASSERT_EQ(published.status, 200) << published.body;
  EXPECT_TRUE(server_.db().security().StudentsAssignedTo(r.para, today_).value().empty())
      << "the week made again put the absent para back with students";
  // The board's day is today: the para is off in every block of it.
  int off = 0;
  for (const json& assignment : remade["assignments"]) {
    if (assignment.value("para_id", Id{0}) != r.para) continue;
    EXPECT_EQ(assignment.value("kind", ""), "off") << assignment;
    ++off;
  }
  EXPECT_GT(off, 0) << remade["assignments"];
}

// The board's "this week" figures are the week the paras work to, every
// published re-plan in place, whichever day is shown. (Before, a day with a
// published re-plan counted the week with that re-plan, and every other day
// the week without it.)
TEST_F(ScheduleApi, this_weeks_figures_read_the_same_on_every_day_of_the_week) {
  const json made = MakeSchedule();
  ASSERT_EQ(Publish(made).status, 200);
  const Date other_day = today_.IsoWeekday() == 5 ? today_.AddDays(-1) : today_.AddDays(1);
  auto summary_on = [&](Date day) {
    HttpResponse board = Get(admin_client_, admin_,
                             fmt::format("/api/v1/schedules?school_id={}&date={}",
                                         server_.roster().school, day.ToString()));
    EXPECT_EQ(board.status, 200) << board.body;
    return board.status == 200 ? board.Json().value("summary", "") : std::string();
  };
  const std::string before = summary_on(other_day);
  const json replanned = PublishedTodayWithoutThePara(made);
  ASSERT_TRUE(replanned.contains("id")) << "no re-plan published";

  const std::string on_the_day = summary_on(today_);
  EXPECT_NE(on_the_day, before) << "the absence left needs uncovered";
  EXPECT_EQ(summary_on(other_day), on_the_day);
}

// A para marked absent who comes in after all (or was marked by mistake):
// the coordinator takes the absence back, the day is the week's again, the
// para has their students, and the leave the absence recorded is gone, so a
// week made again keeps them at work. (Before, nothing took a published
// absence back.)
TEST_F(ScheduleApi, a_para_back_at_work_after_a_published_absence_has_their_students_again) {
  const Roster& r = server_.roster();
  const json made = MakeSchedule();
  ASSERT_EQ(Publish(made).status, 200);
  const json replanned = PublishedTodayWithoutThePara(made);
  ASSERT_TRUE(replanned.contains("id")) << "no re-plan published";
  ASSERT_TRUE(server_.db().security().StudentsAssignedTo(r.para, today_).value().empty());

  const std::string back_path = fmt::format("/api/v1/schedules/{}/back", replanned["id"].get<Id>());
  const json body = {{"date", today_.ToString()}, {"staff_id", r.para}};
  HttpClient para_client(server_.port());
  SignedInClient para = server_.SignIn(para_client, kParaEmail, kGoodPassword);
  ASSERT_EQ(para.status, 201);
  EXPECT_EQ(Post(para_client, para, back_path, body).status, 403) << "the coordinator's move";

  HttpResponse back = Post(admin_client_, admin_, back_path, body);
  ASSERT_EQ(back.status, 201) << back.body;
  const json view = back.Json();
  ExpectScheduleShape(view);
  EXPECT_EQ(view["kind"], "replan");
  EXPECT_EQ(view["status"], "draft");
  EXPECT_EQ(view["returned_staff_id"], r.para);
  EXPECT_EQ(view["absent_staff_ids"], json::array());
  EXPECT_TRUE(view["changes"].empty()) << "the week's day again: " << view["changes"];
  EXPECT_EQ(view["day"]["newly_uncovered"], 0);

  HttpResponse again = Post(admin_client_, admin_,
                            fmt::format("/api/v1/schedules/{}/back", view["id"].get<Id>()), body);
  ASSERT_EQ(again.status, 422) << again.body;
  EXPECT_EQ(again.Json()["error"]["fields"][0]["field"], "staff_id") << again.body;

  ASSERT_EQ(Publish(view).status, 200);
  EXPECT_EQ(server_.db().security().StudentsAssignedTo(r.para, today_).value(),
            (std::set<Id>{r.student, r.other_student}));

  const json remade = MakeSchedule();
  ASSERT_EQ(Publish(remade).status, 200);
  EXPECT_EQ(server_.db().security().StudentsAssignedTo(r.para, today_).value(),
            (std::set<Id>{r.student, r.other_student}))
      << "the week made again kept the para away: the absence's leave was not taken back";
}

// A para away for several days of the week (Monday to Wednesday): one
// update of the published week re-plans them all; published, each day is
// recorded as leave, so a week made again keeps them away, and taking one
// day back leaves the others.
TEST_F(ScheduleApi, a_para_away_for_days_is_one_update_of_the_week_recorded_as_leave_day_by_day) {
  const Roster& r = server_.roster();
  // A second para, trained as the first: the one who stands in.
  Id quinn = 0;
  ASSERT_TRUE(server_.db().store().Write([&](Transaction& tx) -> Result<void> {
    Staff para = MakeStaff(r.district, r.school, StaffRole::kParaeducator, "quinn");
    para.skills = {Skill::kBehaviorPlan};
    para.work_hours = {TimeOfDay::At(7, 30), TimeOfDay::At(15, 30)};
    quinn = PARAPLAN_TRY(tx.Insert(para));
    return {};
  }));
  server_.AddAccount(AccountKind::kStaff, quinn, "quinn@example.org", kGoodPassword);
  const json week = MakeSchedule();
  ASSERT_EQ(Publish(week).status, 200);
  const Date monday = today_.WeekStart();
  const Date tuesday = monday.AddDays(1);
  const Date wednesday = monday.AddDays(2);
  auto away = [&](json days) {
    return json{{"school_id", r.school},
                {"date", monday.ToString()},
                {"update", true},
                {"away", std::move(days)}};
  };
  const json mon_to_wed = {
      {"staff_id", r.para}, {"first_day", monday.ToString()}, {"last_day", wednesday.ToString()}};
  auto field_of = [&](json body) {
    HttpResponse refused = Post(admin_client_, admin_, "/api/v1/schedules", body);
    EXPECT_EQ(refused.status, 422) << refused.body;
    return refused.status == 422 ? refused.Json()["error"]["fields"][0]["field"].get<std::string>()
                                 : std::string();
  };
  json without_update = away(mon_to_wed);
  without_update.erase("update");
  EXPECT_EQ(field_of(without_update), "away");
  EXPECT_EQ(field_of(away({{"staff_id", r.general_educator},
                           {"first_day", monday.ToString()},
                           {"last_day", monday.ToString()}})),
            "away.staff_id");
  EXPECT_EQ(field_of(away({{"staff_id", r.para},
                           {"first_day", wednesday.ToString()},
                           {"last_day", monday.ToString()}})),
            "away.last_day");
  EXPECT_EQ(field_of(away({{"staff_id", r.para},
                           {"first_day", monday.ToString()},
                           {"last_day", monday.AddDays(7).ToString()}})),
            "away.last_day");
  EXPECT_EQ(field_of(away({{"staff_id", r.para},
                           {"first_day", monday.AddDays(-3).ToString()},
                           {"last_day", monday.ToString()}})),
            "away.first_day");
  EXPECT_EQ(field_of(away({{"staff_id", r.para}})), "away.first_day");
  HttpClient teacher_client(server_.port());
  SignedInClient teacher = server_.SignIn(teacher_client, kTeacherEmail, kGoodPassword);
  EXPECT_EQ(Post(teacher_client, teacher, "/api/v1/schedules", away(mon_to_wed)).status, 403);

  HttpResponse made = Post(admin_client_, admin_, "/api/v1/schedules", away(mon_to_wed));
  ASSERT_EQ(made.status, 201) << made.body;
  const json update = made.Json();
  ExpectScheduleShape(update);
  EXPECT_EQ(update["status"], "draft");
  EXPECT_EQ(update["updated_from_id"], week["id"]);
  auto away_on = [&](Id schedule_id, Date day) {
    const json view = Get(admin_client_, admin_,
                          fmt::format("/api/v1/schedules/{}?date={}", schedule_id, day.ToString()))
                          .Json();
    return view["absent_staff_ids"] == json::array({r.para});
  };
  const Id update_id = update["id"].get<Id>();
  for (const Date day : {monday, tuesday, wednesday}) {
    EXPECT_TRUE(away_on(update_id, day)) << day.ToString();
  }
  EXPECT_FALSE(away_on(update_id, monday.AddDays(3))) << "Thursday is a working day";
  EXPECT_FALSE(server_.db().security().StudentsAssignedTo(r.para, tuesday).value().empty())
      << "the paras work to the published week until the update is published";

  ASSERT_EQ(Publish(update).status, 200);
  for (const Date day : {monday, tuesday, wednesday}) {
    EXPECT_TRUE(server_.db().security().StudentsAssignedTo(r.para, day).value().empty())
        << day.ToString();
  }
  EXPECT_FALSE(
      server_.db().security().StudentsAssignedTo(r.para, monday.AddDays(3)).value().empty());
  // The para who stands in is told on their day, and the board says when
  // they read it.
  const std::string tuesday_board =
      fmt::format("/api/v1/schedules?school_id={}&date={}", r.school, tuesday.ToString());
  const json told = Get(admin_client_, admin_, tuesday_board).Json()["paras_told"];
  ASSERT_EQ(told.size(), 1u) << told;
  EXPECT_EQ(told[0]["staff_id"], quinn);
  EXPECT_EQ(told[0]["seen_at"], nullptr);
  HttpClient quinn_client(server_.port());
  SignedInClient quinn_in = server_.SignIn(quinn_client, "quinn@example.org", kGoodPassword);
  ASSERT_EQ(quinn_in.status, 201);
  const json quinn_day =
      Get(quinn_client, quinn_in, "/api/v1/me/day?date=" + tuesday.ToString()).Json();
  EXPECT_EQ(quinn_day["changes_seen_at"], nullptr) << quinn_day;
  EXPECT_TRUE(std::ranges::any_of(quinn_day["schedule"], [](const json& slot) {
    return slot.contains("usual");
  })) << quinn_day["schedule"];
  ASSERT_EQ(
      Post(quinn_client, quinn_in, "/api/v1/me/day/seen", {{"date", tuesday.ToString()}}).status,
      200);
  EXPECT_TRUE(Get(admin_client_, admin_, tuesday_board)
                  .Json()["paras_told"][0]["seen_at"]
                  .is_number_integer());
  const json wednesday_told =
      Get(admin_client_, admin_,
          fmt::format("/api/v1/schedules?school_id={}&date={}", r.school, wednesday.ToString()))
          .Json()["paras_told"];
  ASSERT_EQ(wednesday_told.size(), 1u) << wednesday_told;
  EXPECT_EQ(wednesday_told[0]["seen_at"], nullptr) << "read day by day: Wednesday is not read yet";

  const Id remade = MakeSchedule()["id"].get<Id>();
  for (const Date day : {monday, tuesday, wednesday}) {
    EXPECT_TRUE(away_on(remade, day)) << "recorded as leave: " << day.ToString();
  }
  HttpResponse discarded = Send("DELETE", fmt::format("/api/v1/schedules/{}", remade));
  ASSERT_EQ(discarded.status, 204) << discarded.body;

  // Back on Tuesday after all: Monday and Wednesday stay away.
  HttpResponse back =
      Post(admin_client_, admin_, fmt::format("/api/v1/schedules/{}/back", update_id),
           {{"date", tuesday.ToString()}, {"staff_id", r.para}});
  ASSERT_EQ(back.status, 201) << back.body;
  ASSERT_EQ(Publish(back.Json()).status, 200);
  const Id again = MakeSchedule()["id"].get<Id>();
  EXPECT_TRUE(away_on(again, monday));
  EXPECT_FALSE(away_on(again, tuesday)) << "Tuesday's leave was taken back";
  EXPECT_TRUE(away_on(again, wednesday));
}

// A week made while the district's records had the para on leave, published
// after the district took the leave back: publishing records no leave of
// its own, so the next week made has the para at work. (Only what the board
// marks, a re-plan's day or an update's days away, becomes leave.)
TEST_F(ScheduleApi, publishing_a_week_made_from_the_districts_leave_records_no_leave_of_its_own) {
  const Roster& r = server_.roster();
  SqlRunner* runner = server_.db().store().sql_runner();
  ASSERT_NE(runner, nullptr);
  Id leave_id = 0;
  ASSERT_TRUE(runner->RunWrite([&](sql::Session& session) -> Result<void> {
    StaffAbsence leave;
    leave.district_id = r.district;
    leave.staff_id = r.para;
    leave.first_day = today_;
    leave.last_day = today_;
    leave.category = "Sick";
    leave.source_id = "district-leave-2";
    leave_id = PARAPLAN_TRY(MakeProgramStore(session)->Insert(leave));
    return {};
  }));
  const json stale = MakeSchedule();
  ASSERT_EQ(stale["absent_staff_ids"], json::array({r.para}));
  ASSERT_TRUE(runner->RunWrite([&](sql::Session& session) -> Result<void> {
    return MakeProgramStore(session)->DeleteAbsence(leave_id);
  }));
  ASSERT_EQ(Publish(stale).status, 200);
  EXPECT_EQ(MakeSchedule()["absent_staff_ids"], json::array())
      << "the district took the leave back, and publishing did not record it again";
}

// Leave from the district's records (an Ed-Fi StaffLeave) covers today, so
// the week is made with the para away. They come in after all: once the
// board's re-plan with them back is published, they have their students,
// and a week made again keeps them at work that day, while the district's
// record stays as it states it. Marked absent again, they are away again.
// (Before, only leave the board itself recorded was taken back, and a week
// made again planned the para away until the district corrected its record.)
TEST_F(ScheduleApi, a_para_back_at_work_despite_the_districts_leave_stays_at_work) {
  const Roster& r = server_.roster();
  SqlRunner* runner = server_.db().store().sql_runner();
  ASSERT_NE(runner, nullptr);
  auto programs = [&](const std::function<Result<void>(ProgramStore&)>& work) {
    Result<void> done = runner->RunWrite(
        [&](sql::Session& session) -> Result<void> { return work(*MakeProgramStore(session)); });
    ASSERT_TRUE(done) << done.error().message;
  };
  programs([&](ProgramStore& store) -> Result<void> {
    StaffAbsence leave;
    leave.district_id = r.district;
    leave.staff_id = r.para;
    leave.first_day = today_.AddDays(-7);
    leave.last_day = today_.AddDays(7);
    leave.category = "Sick";
    leave.source_id = "district-leave-1";
    PARAPLAN_TRY(store.Insert(leave));
    return {};
  });
  const json made = MakeSchedule();
  ASSERT_EQ(Publish(made).status, 200);
  ASSERT_TRUE(server_.db().security().StudentsAssignedTo(r.para, today_).value().empty())
      << "the week was made with the para at work despite their leave";

  HttpResponse back =
      Post(admin_client_, admin_, fmt::format("/api/v1/schedules/{}/back", made["id"].get<Id>()),
           {{"date", today_.ToString()}, {"staff_id", r.para}});
  ASSERT_EQ(back.status, 201) << back.body;
  ASSERT_EQ(Publish(back.Json()).status, 200);
  const std::set<Id> both{r.student, r.other_student};
  EXPECT_EQ(server_.db().security().StudentsAssignedTo(r.para, today_).value(), both);

  const json remade = MakeSchedule();
  ASSERT_EQ(Publish(remade).status, 200);
  EXPECT_EQ(server_.db().security().StudentsAssignedTo(r.para, today_).value(), both)
      << "the week made again put the para back on the district's leave";
  programs([&](ProgramStore& store) -> Result<void> {
    const std::vector<StaffAbsence> kept = PARAPLAN_TRY(store.ListAbsences(r.para));
    EXPECT_EQ(kept.size(), 1U) << "the district's record is kept as it states it";
    const std::vector<StaffAtWork> marks = PARAPLAN_TRY(store.ListAtWork(r.para));
    EXPECT_EQ(marks.size(), 1U);
    if (!marks.empty()) {
      EXPECT_EQ(marks.front().day, today_);
    }
    return {};
  });

  // Away again after all: the mark goes and the district's leave holds.
  const json replanned = ReplanTodayWithoutThePara(remade);
  ASSERT_TRUE(replanned.contains("id")) << "no re-plan made";
  ASSERT_EQ(Publish(replanned).status, 200);
  const json third = MakeSchedule();
  ASSERT_EQ(Publish(third).status, 200);
  EXPECT_TRUE(server_.db().security().StudentsAssignedTo(r.para, today_).value().empty())
      << "the para marked away again was planned at work";
  programs([&](ProgramStore& store) -> Result<void> {
    EXPECT_TRUE(PARAPLAN_TRY(store.ListAtWork(r.para)).empty());
    EXPECT_EQ(PARAPLAN_TRY(store.ListAbsences(r.para)).size(), 1U)
        << "the district's leave covers the day: the board records none of its own";
    // A mark names a staff member and a schedule of its district.
    Result<void> refused = store.MarkAtWork({r.district, 999999, today_, 999999});
    EXPECT_FALSE(refused);
    if (!refused) {
      EXPECT_EQ(refused.error().code, ErrorCode::kInvalidArgument);
      std::vector<std::string> fields;
      for (const auto& problem : refused.error().fields) fields.push_back(problem.field);
      EXPECT_EQ(fields, (std::vector<std::string>{"staff_id", "schedule_id"}))
          << refused.error().message;
    }
    return {};
  });
}

// A student's week in the published schedule, for the adults who may read
// their IEP: each service's minutes against the IEP's with the blocks that
// give them, and each adult-support block with who covers it or why nobody
// does; the week in force, so a published absence shows. The read is
// audited; a parent, an adult without the student and another district are
// refused. (Before, the schedule's minutes per service showed nowhere but the
// coordinator's summary of the whole school.)
TEST_F(ScheduleApi, a_students_week_shows_the_minutes_the_schedule_gives_each_service) {
  const Roster& r = server_.roster();
  const Id service_id = GiveTheStudentMathSupportInRoom12(240);
  ASSERT_GT(service_id, 0);
  HttpClient teacher_client(server_.port());
  SignedInClient teacher = server_.SignIn(teacher_client, kTeacherEmail, kGoodPassword);
  ASSERT_EQ(teacher.status, 201);
  const std::string path =
      fmt::format("/api/v1/students/{}/schedule?date={}", r.student, today_.ToString());

  HttpResponse none = Get(teacher_client, teacher, path);
  ASSERT_EQ(none.status, 200) << none.body;
  EXPECT_TRUE(none.Json()["schedule_id"].is_null()) << "nothing is published yet";

  const json made = MakeSchedule();
  ASSERT_EQ(Publish(made).status, 200);
  AuditFilter filter = AuditOfStudent(r.district, r.student);
  const std::size_t before = server_.db().security().ListAudit(filter).value().size();
  HttpResponse week = Get(teacher_client, teacher, path);
  ASSERT_EQ(week.status, 200) << week.body;
  const json view = week.Json();
  const json document = json::parse(http::OpenApiDocument());
  const json& schema = document["paths"]["/api/v1/students/{id}/schedule"]["get"]["responses"]
                               ["200"]["content"]["application/json"]["schema"];
  ExpectShape(document, schema, view, "the student's week");
  ExpectShape(document, schema, none.Json(), "a week with nothing published");
  EXPECT_EQ(view["schedule_id"], made["id"]);
  EXPECT_EQ(view["week"], today_.WeekStart().ToString());
  ASSERT_EQ(view["services"].size(), 1U) << view;
  const json& service = view["services"][0];
  EXPECT_EQ(service["service_id"], service_id);
  EXPECT_EQ(service["type"], "math_support");
  EXPECT_EQ(service["minutes_per_week"], 240);
  EXPECT_EQ(service["scheduled_minutes"], 240)
      << "five periods of 50 minutes in Room 12, no more than the IEP's minutes";
  ASSERT_EQ(service["blocks"].size(), 5U);
  EXPECT_EQ(service["blocks"][0]["room"], "Room 12");
  EXPECT_EQ(service["blocks"][0]["staff_id"], r.para);
  EXPECT_EQ(service["blocks"][0]["date"], today_.WeekStart().ToString());
  EXPECT_EQ(service["blocks"][0]["minutes"], 50);
  EXPECT_EQ(service["blocks"][4]["minutes"], 40) << "the last block gives what the IEP lacks";
  ASSERT_EQ(view["adult_support"].size(), 5U);
  for (const json& block : view["adult_support"]) {
    EXPECT_EQ(block["staff_id"], r.para) << block;
    EXPECT_FALSE(block.contains("uncovered_reason")) << block;
  }
  const std::vector<AuditRecord> audit = server_.db().security().ListAudit(filter).value();
  ASSERT_EQ(audit.size(), before + 1);
  EXPECT_EQ(audit.back().family, "iep");
  EXPECT_EQ(audit.back().result, "allowed");

  // The para is away today: the week in force leaves today's block uncovered.
  const json replanned = PublishedTodayWithoutThePara(made);
  ASSERT_TRUE(replanned.contains("id")) << "no re-plan published";
  const json away = Get(teacher_client, teacher, path).Json();
  EXPECT_EQ(away["services"][0]["scheduled_minutes"], 200) << away;
  int uncovered = 0;
  for (const json& block : away["adult_support"]) {
    if (!block.contains("uncovered_reason")) continue;
    ++uncovered;
    EXPECT_EQ(block["date"], today_.ToString());
    EXPECT_FALSE(block.contains("staff_id"));
  }
  EXPECT_EQ(uncovered, 1) << away;

  // Refusals: a parent, a general educator without the student, and a
  // student of another district.
  server_.AddAccount(AccountKind::kGuardian, r.guardian, "gina@example.org", kGoodPassword);
  server_.AddAccount(AccountKind::kStaff, r.general_educator, "gus@example.org", kGoodPassword);
  HttpClient parent_client(server_.port());
  SignedInClient parent = server_.SignIn(parent_client, "gina@example.org", kGoodPassword);
  ASSERT_EQ(parent.status, 201);
  EXPECT_EQ(Get(parent_client, parent, path).status, 403);
  HttpClient gus_client(server_.port());
  SignedInClient gus = server_.SignIn(gus_client, "gus@example.org", kGoodPassword);
  ASSERT_EQ(gus.status, 201);
  const int refused = Get(gus_client, gus, path).status;
  EXPECT_TRUE(refused == 403 || refused == 404) << refused;
  EXPECT_EQ(Get(teacher_client, teacher,
                fmt::format("/api/v1/students/{}/schedule", r.other_district_student))
                .status,
            404);
  EXPECT_EQ(
      Get(teacher_client, teacher, fmt::format("/api/v1/students/{}/schedule?date=soon", r.student))
          .Json()["error"]["fields"][0]["field"],
      "date");
}

// The store marks a student absent once a day, and only a student of the
// absence's district: a second mark of the day is kAlreadyExists, a student
// of another district is refused naming student_id (the routes check the
// district first, so only the store's own contract shows this).
TEST_F(ScheduleApi, the_store_marks_a_student_absent_once_a_day_and_only_in_their_district) {
  const Roster& r = server_.roster();
  SqlRunner* runner = server_.db().store().sql_runner();
  ASSERT_NE(runner, nullptr);
  StudentAbsence absence;
  absence.district_id = r.district;
  absence.student_id = r.student;
  absence.day = today_;
  absence.recorded_by = r.administrator;
  absence.recorded_at = 1'700'000'000;
  std::optional<Result<Id>> first, again, elsewhere;
  ASSERT_TRUE(runner->RunWrite([&](sql::Session& session) -> Result<void> {
    std::unique_ptr<ScheduleStore> schedules = MakeScheduleStore(session);
    first = schedules->Insert(absence);
    again = schedules->Insert(absence);
    StudentAbsence other = absence;
    other.student_id = r.other_district_student;
    elsewhere = schedules->Insert(other);
    return {};
  }));
  ASSERT_TRUE(*first) << first->error().message;
  ASSERT_FALSE(*again);
  EXPECT_EQ(again->error().code, ErrorCode::kAlreadyExists) << again->error().message;
  EXPECT_NE(again->error().message.find(std::to_string(**first)), std::string::npos)
      << "names the absence already recorded: " << again->error().message;
  ASSERT_FALSE(*elsewhere);
  EXPECT_EQ(elsewhere->error().code, ErrorCode::kInvalidArgument);
  ASSERT_EQ(elsewhere->error().fields.size(), 1U);
  EXPECT_EQ(elsewhere->error().fields[0].field, "student_id");
  ASSERT_TRUE(runner->RunWrite([&](sql::Session& session) -> Result<void> {
    StudentAbsence stored = PARAPLAN_TRY(MakeScheduleStore(session)->GetStudentAbsence(**first));
    EXPECT_EQ(stored.student_id, r.student);
    EXPECT_EQ(stored.district_id, r.district);
    EXPECT_EQ(stored.day, today_);
    EXPECT_EQ(stored.recorded_by, r.administrator);
    EXPECT_EQ(stored.recorded_at, 1'700'000'000);
    return {};
  }));
}

// The board lists the IEP services the week gives fewer minutes than
// required, the largest shortfall first, for the coordinator to act on
// before the week runs; the same figures whichever day is shown. (Before,
// only the whole school's minutes showed, in the summary.)
TEST_F(ScheduleApi, the_board_lists_the_services_the_week_leaves_short_of_their_minutes) {
  const Roster& r = server_.roster();
  const Id service_id = GiveTheStudentMathSupportInRoom12(400);
  ASSERT_GT(service_id, 0);
  const json made = MakeSchedule();
  ASSERT_EQ(made["short_services"].size(), 1U) << made["short_services"];
  const json& short_of = made["short_services"][0];
  EXPECT_EQ(short_of["service_id"], service_id);
  EXPECT_EQ(short_of["student_id"], r.student);
  EXPECT_EQ(short_of["type"], "math_support");
  EXPECT_EQ(short_of["minutes_per_week"], 400);
  EXPECT_EQ(short_of["scheduled_minutes"], 250) << "five periods of 50 minutes";
  ASSERT_EQ(Publish(made).status, 200);
  const Date other_day = today_.IsoWeekday() == 5 ? today_.AddDays(-1) : today_.AddDays(1);
  HttpResponse board =
      Get(admin_client_, admin_,
          fmt::format("/api/v1/schedules?school_id={}&date={}", r.school, other_day.ToString()));
  ASSERT_EQ(board.status, 200) << board.body;
  EXPECT_EQ(board.Json()["short_services"], made["short_services"]);
  EXPECT_EQ(short_of["days_absent"], 0);

  // Marked absent today, the student is short one period more, for the
  // absence: the update says so.
  ASSERT_EQ(Post(admin_client_, admin_, "/api/v1/student-absences",
                 {{"student_id", r.student}, {"first_day", today_.ToString()}})
                .status,
            201);
  HttpResponse updated =
      Post(admin_client_, admin_, "/api/v1/schedules",
           {{"school_id", r.school}, {"date", today_.ToString()}, {"update", true}});
  ASSERT_EQ(updated.status, 201) << updated.body;
  const json update = updated.Json();
  ASSERT_EQ(update["short_services"].size(), 1U) << update["short_services"];
  EXPECT_EQ(update["short_services"][0]["scheduled_minutes"], 200);
  EXPECT_EQ(update["short_services"][0]["days_absent"], 1);
}

// A session missed last week while its para was away is owed: this week's
// schedule gives the service its IEP minutes and the make-up (short here,
// since the student has five periods of 50 minutes), and a make-up session
// recorded pays part of it off. A session the student missed by being
// absent owes nothing.
TEST_F(ScheduleApi, a_week_owes_the_minutes_missed_last_week_while_the_para_was_away) {
  const Roster& r = server_.roster();
  const Id service_id = GiveTheStudentMathSupportInRoom12(200);
  ASSERT_GT(service_id, 0);
  HttpClient teacher_client(server_.port());
  SignedInClient teacher = server_.SignIn(teacher_client, kTeacherEmail, kGoodPassword);
  ASSERT_EQ(teacher.status, 201);
  const Date last_monday = today_.WeekStart().AddDays(-7);
  const auto session = [&](const char* id, int weekday, int minutes, const char* outcome) {
    const Date day = last_monday.AddDays(weekday - 1);
    json record = {{"id", id},
                   {"kind", "service_session"},
                   {"created_at", day.ToString() + "T15:00:00Z"},
                   {"student_id", r.student},
                   {"service_id", service_id},
                   {"date", day.ToString()},
                   {"start", "09:00"},
                   {"minutes", minutes},
                   {"setting", "general_education_classroom"},
                   {"provider_id", r.para},
                   {"outcome", outcome}};
    return record;
  };
  const auto record = [&](const json& body) {
    HttpResponse sent = Post(teacher_client, teacher, "/api/v1/captures", body);
    EXPECT_EQ(sent.status, 201) << sent.body;
  };
  constexpr const char* kMissedId = "0b6f3a9e-1c2d-4e5f-8a7b-9c0d1e2f3a4b";
  json missed = session(kMissedId, 2, 100, "missed");
  missed["missed_reason"] = "provider_absent";
  record(missed);
  json away = session("1c7a4b0f-2d3e-4f5a-9b8c-0d1e2f3a4b5c", 3, 50, "missed");
  away["missed_reason"] = "student_absent";
  record(away);
  record(session("2d8b5c1a-3e4f-4a5b-8c9d-1e2f3a4b5c6d", 4, 50, "delivered"));

  // Short by 150 last week, of which 100 missed with the para away.
  const json made = MakeSchedule();
  ASSERT_EQ(made["short_services"].size(), 1U) << made["short_services"];
  EXPECT_EQ(made["short_services"][0]["service_id"], service_id);
  EXPECT_EQ(made["short_services"][0]["minutes_per_week"], 200);
  EXPECT_EQ(made["short_services"][0]["makeup_minutes"], 100);
  EXPECT_EQ(made["short_services"][0]["scheduled_minutes"], 250);

  // A 60-minute make-up last Friday leaves 40 owed: the week is no longer
  // short, and the student's week says what it owes.
  json make_up = session("3e9c6d2b-4f5a-4b6c-9d0e-2f3a4b5c6d7e", 5, 60, "delivered");
  make_up["makes_up"] = kMissedId;
  record(make_up);
  const json again = MakeSchedule();
  EXPECT_EQ(again["short_services"], json::array());
  ASSERT_EQ(Publish(again).status, 200);
  HttpResponse week =
      Get(teacher_client, teacher,
          fmt::format("/api/v1/students/{}/schedule?date={}", r.student, today_.ToString()));
  ASSERT_EQ(week.status, 200) << week.body;
  const json services = week.Json()["services"];
  ASSERT_EQ(services.size(), 1U) << services;
  EXPECT_EQ(services[0]["minutes_per_week"], 200);
  EXPECT_EQ(services[0]["makeup_minutes"], 40);

  // The week's workbook lists the service with what this week delivered so
  // far (a 30-minute session today; last week's are not this week's).
  record(session("4fad7e3c-5a6b-4c7d-8e9f-3a4b5c6d7e8f", static_cast<int>(today_.IsoWeekday()) + 7,
                 30, "delivered"));
  std::string student_name;
  ASSERT_TRUE(server_.db()
                  .store()
                  .Read([&](Transaction& tx) -> Result<void> {
                    const Student student = PARAPLAN_TRY(tx.GetStudent(r.student));
                    student_name = student.first_name + " " + student.last_name;
                    return {};
                  })
                  .has_value());
  HttpResponse workbook = Get(admin_client_, admin_,
                              fmt::format("/api/v1/schedules/{}/workbook", again["id"].get<Id>()));
  ASSERT_EQ(workbook.status, 200) << workbook.body;
  const auto sheets = XlsxSheets(workbook.body);
  ASSERT_TRUE(sheets.has_value()) << "not a workbook";
  const SheetCells& minutes = sheets->back();
  EXPECT_EQ(minutes.name, "IEP minutes");
  std::string row;
  for (const auto& [cell, text] : minutes.cells) {
    if (cell[0] == 'A' && text == student_name) row = cell.substr(1);
  }
  ASSERT_FALSE(row.empty()) << "the service's student has no row";
  EXPECT_EQ(minutes.cells.at("D" + row), "200");
  EXPECT_EQ(minutes.cells.at("E" + row), "40");
  EXPECT_EQ(minutes.cells.at("F" + row), services[0]["scheduled_minutes"].dump());
  EXPECT_EQ(minutes.cells.at("G" + row), "30");
  EXPECT_EQ(minutes.cells.at("H" + row), "210") << "the 200 and the 40 owed, less the 30 given";

  // The same figures as JSON, each student named an audited read of their
  // day; only the school's coordinators may read them.
  AuditFilter audit_filter;
  audit_filter.district_id = r.district;
  audit_filter.limit = 1000;
  const std::size_t audited_before = server_.db().security().ListAudit(audit_filter).value().size();
  const std::string minutes_path =
      fmt::format("/api/v1/schedules/{}/minutes", again["id"].get<Id>());
  HttpResponse figures = Get(admin_client_, admin_, minutes_path);
  ASSERT_EQ(figures.status, 200) << figures.body;
  const json listed = figures.Json();
  EXPECT_EQ(listed["week"], today_.WeekStart().ToString());
  EXPECT_EQ(listed["status"], "published");
  ASSERT_EQ(listed["services"].size(), 1U) << listed;
  const json& figure = listed["services"][0];
  EXPECT_EQ(figure["student_id"], r.student);
  EXPECT_EQ(figure["student_name"], student_name);
  EXPECT_EQ(figure["service_id"], service_id);
  EXPECT_EQ(figure["type"], "math_support");
  EXPECT_EQ(figure["minutes_per_week"], 200);
  EXPECT_EQ(figure["makeup_minutes"], 40);
  EXPECT_EQ(figure["scheduled_minutes"], services[0]["scheduled_minutes"]);
  EXPECT_EQ(figure["delivered_minutes"], 30);
  EXPECT_EQ(figure["still_to_give"], 210) << "200 required and 40 owed, less the 30 delivered";
  const std::vector<AuditRecord> audit = server_.db().security().ListAudit(audit_filter).value();
  ASSERT_EQ(audit.size(), audited_before + 1);
  EXPECT_EQ(audit.back().student_id, r.student);
  EXPECT_EQ(audit.back().route, "/api/v1/schedules/{id}/minutes");
  EXPECT_EQ(Get(teacher_client, teacher, minutes_path).status, 403);
  EXPECT_EQ(Get(admin_client_, admin_, "/api/v1/schedules/999999/minutes").status, 404);
  HttpClient anonymous(server_.port());
  EXPECT_EQ(anonymous.Send("GET", minutes_path).status, 401);
}

// The school changed after its week was published: the other student now
// needs an adult in today's third period, when the para is free. The
// coordinator updates the week instead of running the optimizer again: the
// draft names the week it updates, changes only that block, and shows the
// change; published, it gives the para that student. Without a published
// week there is nothing to update. (Before, the only way was a fresh run,
// which could move every para's week.)
TEST_F(ScheduleApi, a_week_updated_after_a_change_keeps_the_published_week_but_for_the_change) {
  const Roster& r = server_.roster();
  const json body = {{"school_id", r.school}, {"date", today_.ToString()}, {"update", true}};
  HttpResponse nothing = Post(admin_client_, admin_, "/api/v1/schedules", body);
  ASSERT_EQ(nothing.status, 422) << nothing.body;
  EXPECT_EQ(nothing.Json()["error"]["fields"][0]["field"], "update");

  const json made = MakeSchedule();
  ASSERT_EQ(Publish(made).status, 200);
  const auto weekday = static_cast<Weekday>(today_.IsoWeekday());
  Result<void> written = server_.db().store().Write([&](Transaction& tx) -> Result<void> {
    StudentDay day = PARAPLAN_TRY(tx.GetStudentDay(r.other_student));
    for (DayBlock& block : day.blocks) {
      if (block.weekday == weekday && block.span.start == TimeOfDay::At(10, 0)) {
        block.support = SupportLevel::kAdultSupport;
      }
    }
    PARAPLAN_TRY(tx.Put(day));
    return {};
  });
  ASSERT_TRUE(written) << written.error().message;

  HttpResponse bad =
      Post(admin_client_, admin_, "/api/v1/schedules",
           {{"school_id", r.school}, {"date", today_.ToString()}, {"update", "yes"}});
  ASSERT_EQ(bad.status, 422) << bad.body;
  EXPECT_EQ(bad.Json()["error"]["fields"][0]["field"], "update");

  HttpResponse updated = Post(admin_client_, admin_, "/api/v1/schedules", body);
  ASSERT_EQ(updated.status, 201) << updated.body;
  const json view = updated.Json();
  ExpectScheduleShape(view);
  EXPECT_EQ(view["kind"], "week");
  EXPECT_EQ(view["status"], "draft");
  EXPECT_EQ(view["updated_from_id"], made["id"]);
  ASSERT_EQ(view["changes"].size(), 1U) << view["changes"];
  EXPECT_EQ(view["changes"][0]["para_id"], r.para);
  EXPECT_EQ(view["changes"][0]["start"], "10:00");
  // Every other assignment of the day is the published week's.
  auto others = [](const json& assignments) {
    json kept = json::array();
    for (const json& assignment : assignments) {
      if (assignment.value("start", "") != "10:00") kept.push_back(assignment);
    }
    return kept;
  };
  EXPECT_EQ(others(view["assignments"]), others(made["assignments"]));

  ASSERT_EQ(Publish(view).status, 200);
  EXPECT_EQ(server_.db().security().StudentsAssignedTo(r.para, today_).value(),
            (std::set<Id>{r.student, r.other_student}));
}

// A week updated after a day's re-plan was published is what the board
// shows on that day while it is reviewed, as on every other day; the
// update starts from the re-plan (the para still away today). (Before, the
// day's published re-plan hid it once the board was read again.)
TEST_F(ScheduleApi, the_board_shows_an_update_made_after_the_days_replan) {
  const Roster& r = server_.roster();
  const json made = MakeSchedule();
  ASSERT_EQ(Publish(made).status, 200);
  const json replanned = PublishedTodayWithoutThePara(made);
  ASSERT_TRUE(replanned.contains("id")) << "no re-plan published";
  HttpResponse updated =
      Post(admin_client_, admin_, "/api/v1/schedules",
           {{"school_id", r.school}, {"date", today_.ToString()}, {"update", true}});
  ASSERT_EQ(updated.status, 201) << updated.body;
  EXPECT_TRUE(updated.Json()["changes"].empty()) << "nothing changed since the re-plan";
  EXPECT_EQ(updated.Json()["absent_staff_ids"], json::array({r.para}));
  HttpResponse board =
      Get(admin_client_, admin_,
          fmt::format("/api/v1/schedules?school_id={}&date={}", r.school, today_.ToString()));
  ASSERT_EQ(board.status, 200) << board.body;
  EXPECT_EQ(board.Json()["id"], updated.Json()["id"]);
}

// The coordinator keeps the school's para apart from the first student
// (say, a family tie): the week made afterwards leaves that student's
// behaviour block uncovered, saying no para may support them, while the
// para still covers the other student; taken off the list, the next week
// covers both again. Only the school's coordinator keeps the list; every
// refusal names its field.
TEST_F(ScheduleApi, a_para_kept_apart_from_a_student_is_never_scheduled_with_them) {
  const Roster& r = server_.roster();
  const json pair = {{"staff_id", r.para}, {"student_id", r.student}, {"reason", "Her aunt"}};
  HttpResponse kept = Post(admin_client_, admin_, "/api/v1/keep-apart", pair);
  ASSERT_EQ(kept.status, 201) << kept.body;
  const json item = kept.Json();
  EXPECT_EQ(item["staff_id"], r.para);
  EXPECT_EQ(item["student_id"], r.student);
  EXPECT_EQ(item["reason"], "Her aunt");
  EXPECT_FALSE(item.value("staff_name", "").empty());
  EXPECT_EQ(Post(admin_client_, admin_, "/api/v1/keep-apart", pair).status, 409) << "twice";

  const std::string list = fmt::format("/api/v1/keep-apart?school_id={}", r.school);
  HttpResponse listed = Get(admin_client_, admin_, list);
  ASSERT_EQ(listed.status, 200) << listed.body;
  ASSERT_EQ(listed.Json()["items"].size(), 1U);
  EXPECT_EQ(listed.Json()["items"][0], item);

  const json made = MakeSchedule();
  ASSERT_EQ(Publish(made).status, 200);
  EXPECT_EQ(server_.db().security().StudentsAssignedTo(r.para, today_).value(),
            (std::set<Id>{r.other_student}));
  bool said = false;
  for (const json& need : made["uncovered"]) {
    if (need.value("student_id", Id{0}) != r.student) continue;
    EXPECT_EQ(need["reason_code"], "no_qualified_para") << need;
    said =
        std::string(need.value("reason", "")).find("may support this student") != std::string::npos;
  }
  EXPECT_TRUE(said) << made["uncovered"];

  // Refusals: another role, a staff member who is no para, a student of
  // another district, no reason, an unknown pair.
  HttpClient teacher_client(server_.port());
  SignedInClient teacher = server_.SignIn(teacher_client, kTeacherEmail, kGoodPassword);
  ASSERT_EQ(teacher.status, 201);
  EXPECT_EQ(Post(teacher_client, teacher, "/api/v1/keep-apart",
                 {{"staff_id", r.para}, {"student_id", r.other_student}, {"reason", "x"}})
                .status,
            403);
  EXPECT_EQ(Get(teacher_client, teacher, list).status, 403);
  auto refused_field = [&](const json& body) {
    HttpResponse refused = Post(admin_client_, admin_, "/api/v1/keep-apart", body);
    EXPECT_EQ(refused.status, 422) << refused.body;
    return refused.status == 422 ? refused.Json()["error"]["fields"][0].value("field", "")
                                 : std::string();
  };
  EXPECT_EQ(
      refused_field({{"staff_id", r.special_educator}, {"student_id", r.student}, {"reason", "x"}}),
      "staff_id");
  EXPECT_EQ(refused_field(
                {{"staff_id", r.para}, {"student_id", r.other_district_student}, {"reason", "x"}}),
            "student_id");
  EXPECT_EQ(refused_field({{"staff_id", r.para}, {"student_id", r.other_student}, {"reason", ""}}),
            "reason");
  EXPECT_EQ(Send("DELETE", "/api/v1/keep-apart/999999").status, 404);

  // Taken off the list: the next week made covers both students again.
  EXPECT_EQ(Send("DELETE", fmt::format("/api/v1/keep-apart/{}", item["id"].get<Id>())).status, 204);
  EXPECT_TRUE(Get(admin_client_, admin_, list).Json()["items"].empty());
  const json again = MakeSchedule();
  ASSERT_EQ(Publish(again).status, 200);
  EXPECT_EQ(server_.db().security().StudentsAssignedTo(r.para, today_).value(),
            (std::set<Id>{r.student, r.other_student}));
}

// A student marked absent has no adult that day: the week's update frees
// the para who had them, who then takes the student nobody could. The
// absence is refused to anyone but the coordinator, listed with the student
// named, and taken back when the student comes in after all.
TEST_F(ScheduleApi, a_student_marked_absent_frees_their_para_for_a_student_nobody_covered) {
  const Roster& r = server_.roster();
  // Both students need the para to themself at 09:00 every day: one of them
  // is left without an adult.
  ASSERT_TRUE(server_.db().store().Write([&](Transaction& tx) -> Result<void> {
    StudentDay day = PARAPLAN_TRY(tx.GetStudentDay(r.student));
    for (DayBlock& block : day.blocks) {
      if (block.span.start != TimeOfDay::At(9, 0)) continue;
      block.support = SupportLevel::kAdultSupport;
      block.one_to_one = true;
    }
    PARAPLAN_TRY(tx.Put(day));
    return {};
  }));
  const json week = MakeSchedule();
  ASSERT_EQ(Publish(week).status, 200);
  Id left = 0;
  for (const json& need : week["uncovered"]) {
    if (need.value("start", "") == "09:00") left = need.value("student_id", Id{0});
  }
  ASSERT_NE(left, 0) << week["uncovered"];
  const Id covered = left == r.student ? r.other_student : r.student;

  // Marked absent today, and listed so, each student named by an audited
  // read.
  const json today_only = {{"student_id", covered}, {"first_day", today_.ToString()}};
  HttpResponse marked = Post(admin_client_, admin_, "/api/v1/student-absences", today_only);
  ASSERT_EQ(marked.status, 201) << marked.body;
  ASSERT_EQ(marked.Json()["items"].size(), 1U) << marked.body;
  const json absence = marked.Json()["items"][0];
  EXPECT_EQ(absence["student_id"], covered);
  EXPECT_EQ(absence["day"], today_.ToString());
  EXPECT_FALSE(absence.value("student_name", "").empty());
  HttpResponse again = Post(admin_client_, admin_, "/api/v1/student-absences", today_only);
  EXPECT_EQ(again.status, 200) << "a day already marked keeps its record: " << again.body;
  EXPECT_TRUE(again.Json()["items"].empty());
  const std::string list = fmt::format("/api/v1/student-absences?school_id={}&first_day={}",
                                       r.school, today_.ToString());
  HttpResponse listed = Get(admin_client_, admin_, list);
  ASSERT_EQ(listed.status, 200) << listed.body;
  ASSERT_EQ(listed.Json()["items"].size(), 1U);
  EXPECT_EQ(listed.Json()["items"][0], absence);
  AuditFilter filter;
  filter.district_id = r.district;
  filter.student_id = covered;
  filter.limit = 1000;
  const std::vector<AuditRecord> audit = server_.db().security().ListAudit(filter).value();
  EXPECT_TRUE(std::ranges::any_of(audit, [](const AuditRecord& record) {
    return record.route == "/api/v1/student-absences" && record.action == "read";
  }));

  // The day's needs count the student apart, needing nobody.
  HttpResponse needs =
      Get(admin_client_, admin_,
          fmt::format("/api/v1/schools/{}/needs?date={}", r.school, today_.ToString()));
  ASSERT_EQ(needs.status, 200) << needs.body;
  const json day_needs = needs.Json();
  for (const json& block : day_needs["blocks"]) {
    const bool nine = block.value("start", "") == "09:00";
    EXPECT_EQ(block["counts"]["absent"], nine || covered == r.student ? 1 : 0) << block;
    if (nine) {
      EXPECT_EQ(block["counts"]["adult_support"], 1) << block;
    }
  }

  // The week updated: today the para is with the student nobody had, and
  // no other day changes. The change names the student who is away.
  auto update = [&] {
    HttpResponse made =
        Post(admin_client_, admin_, "/api/v1/schedules",
             {{"school_id", r.school}, {"date", today_.ToString()}, {"update", true}});
    EXPECT_EQ(made.status, 201) << made.body;
    return made.status == 201 ? made.Json() : json::object();
  };
  const json updated = update();
  for (const json& need : updated["uncovered"]) {
    EXPECT_NE(need.value("student_id", Id{0}), left) << "the para is free for them: " << need;
    EXPECT_NE(need.value("student_id", Id{0}), covered) << "absent: no need today: " << need;
  }
  ASSERT_FALSE(updated["changes"].empty());
  EXPECT_TRUE(std::ranges::any_of(updated["changes"], [&](const json& change) {
    return change.value("start", "") == "09:00" &&
           change.value("before", "").find(absence.value("student_name", "?")) != std::string::npos;
  })) << updated["changes"];
  const Date other_day = today_.WeekStart().AddDays(today_.IsoWeekday() == 1 ? 1 : 0);
  HttpResponse other =
      Get(admin_client_, admin_,
          fmt::format("/api/v1/schedules?school_id={}&date={}", r.school, other_day.ToString()));
  ASSERT_EQ(other.status, 200) << other.body;
  EXPECT_EQ(other.Json()["id"], updated["id"]);
  EXPECT_TRUE(other.Json()["changes"].empty()) << "only today changes: " << other.Json()["changes"];
  ASSERT_EQ(Publish(updated).status, 200);
  EXPECT_EQ(server_.db().security().StudentsAssignedTo(r.para, today_).value(),
            (std::set<Id>{left}));

  // The para's day says why 09:00 changed: a student usually with them
  // then is absent (counted, not named: they no longer have the student).
  HttpClient para_client(server_.port());
  SignedInClient para = server_.SignIn(para_client, kParaEmail, kGoodPassword);
  ASSERT_EQ(para.status, 201);
  HttpResponse day = Get(para_client, para, "/api/v1/me/day?date=" + today_.ToString());
  ASSERT_EQ(day.status, 200) << day.body;
  const json para_day = day.Json();
  ExpectShape(json::parse(http::OpenApiDocument()),
              json{{"$ref", "#/components/schemas/DailyBrief"}}, para_day, "the para's day");
  bool said = false;
  for (const json& slot : para_day["schedule"]) {
    if (slot.value("start", "") != "09:00") continue;
    ASSERT_TRUE(slot.contains("usual")) << slot;
    EXPECT_EQ(slot["usual"]["students_absent"], 1) << slot;
    said = true;
  }
  EXPECT_TRUE(said) << para_day["schedule"];

  // Refusals: another role; a student of no school here, a last day before
  // the first, a weekend; an unknown absence.
  HttpClient teacher_client(server_.port());
  SignedInClient teacher = server_.SignIn(teacher_client, kTeacherEmail, kGoodPassword);
  ASSERT_EQ(teacher.status, 201);
  EXPECT_EQ(Post(teacher_client, teacher, "/api/v1/student-absences", today_only).status, 403);
  EXPECT_EQ(Get(teacher_client, teacher, list).status, 403);
  auto refused_field = [&](const json& body) {
    HttpResponse refused = Post(admin_client_, admin_, "/api/v1/student-absences", body);
    EXPECT_EQ(refused.status, 422) << refused.body;
    return refused.status == 422 ? refused.Json()["error"]["fields"][0].value("field", "")
                                 : std::string();
  };
  EXPECT_EQ(
      refused_field({{"student_id", r.other_district_student}, {"first_day", today_.ToString()}}),
      "student_id");
  EXPECT_EQ(refused_field({{"student_id", covered},
                           {"first_day", today_.ToString()},
                           {"last_day", today_.AddDays(-1).ToString()}}),
            "last_day");
  const Date saturday = today_.WeekStart().AddDays(5);
  EXPECT_EQ(refused_field({{"student_id", covered},
                           {"first_day", saturday.ToString()},
                           {"last_day", saturday.AddDays(1).ToString()}}),
            "first_day");
  EXPECT_EQ(refused_field({{"student_id", covered}}), "first_day");
  EXPECT_EQ(
      Get(admin_client_, admin_, fmt::format("/api/v1/student-absences?school_id={}", r.school))
          .status,
      422);
  EXPECT_EQ(Send("DELETE", "/api/v1/student-absences/999999").status, 404);

  // In after all: the next update plans the student's day again.
  EXPECT_EQ(
      Send("DELETE", fmt::format("/api/v1/student-absences/{}", absence["id"].get<Id>())).status,
      204);
  EXPECT_TRUE(Get(admin_client_, admin_, list).Json()["items"].empty());
  const json back = update();
  bool planned = false;
  for (const json& need : back["uncovered"]) {
    planned = planned || need.value("student_id", Id{0}) == covered;
  }
  ASSERT_EQ(Publish(back).status, 200);
  planned = planned ||
            server_.db().security().StudentsAssignedTo(r.para, today_).value().contains(covered);
  EXPECT_TRUE(planned) << "the student is covered, or uncovered with a reason, again: "
                       << back["uncovered"];
}

// The para's day shows their published schedule, though no lesson plan is
// published: where they are and with whom, block by block; nothing while
// the schedule is a draft; and nothing once a published re-plan has them
// absent. (Before, My day read only published plans, so a para of a school
// that schedules but writes no plan for a class saw an empty day.)
TEST_F(ScheduleApi, the_paras_day_shows_the_published_schedule) {
  const Roster& r = server_.roster();
  HttpClient para_client(server_.port());
  SignedInClient para = server_.SignIn(para_client, kParaEmail, kGoodPassword);
  ASSERT_EQ(para.status, 201);
  const std::string my_day = "/api/v1/me/day?date=" + today_.ToString();
  auto schedule_of = [&]() {
    HttpResponse day = Get(para_client, para, my_day);
    EXPECT_EQ(day.status, 200) << day.body;
    return day.status == 200 ? day.Json()["schedule"] : json();
  };

  const json made = MakeSchedule();
  EXPECT_EQ(schedule_of(), json::array()) << "a draft is not the para's day";
  ASSERT_EQ(Publish(made).status, 200);
  const json published = schedule_of();
  std::map<std::string, std::vector<Id>> students_at;
  for (const json& slot : published) {
    if (slot["kind"] != "support") continue;
    EXPECT_FALSE(slot["room"].get<std::string>().empty()) << slot;
    EXPECT_TRUE(slot["room_id"].is_number_integer()) << slot;
    for (const json& student : slot["students"]) {
      students_at[slot["start"].get<std::string>()].push_back(student["id"].get<Id>());
      EXPECT_FALSE(student["name"].get<std::string>().empty()) << student;
      EXPECT_EQ(student["goals"], json::array()) << "data to take comes from a plan";
    }
  }
  EXPECT_EQ(students_at, (std::map<std::string, std::vector<Id>>{{"08:00", {r.student}},
                                                                 {"09:00", {r.other_student}}}))
      << published;

  const json replanned = PublishedTodayWithoutThePara(made);
  ASSERT_TRUE(replanned.contains("id")) << "no re-plan published";
  EXPECT_EQ(schedule_of(), json::array()) << "absent: no block of the day";
}

TEST_F(ScheduleApi, a_replan_marks_the_needs_the_absence_left_uncovered) {
  const Roster& r = server_.roster();
  // The first student also needs an adult who knows AAC at 10:00, which the
  // school's para does not: uncovered all week, absence or not.
  Result<void> written = server_.db().store().Write([&](Transaction& tx) -> Result<void> {
    StudentDay day = PARAPLAN_TRY(tx.GetStudentDay(r.student));
    for (DayBlock& block : day.blocks) {
      if (block.span.start == TimeOfDay::At(10, 0)) {
        block.support = SupportLevel::kAdultSupport;
        block.skills_needed = {Skill::kAac};
      }
    }
    PARAPLAN_TRY(tx.Put(day));
    return {};
  });
  ASSERT_TRUE(written) << written.error().message;
  const json made = MakeSchedule();
  ASSERT_EQ(made["uncovered"].size(), 1u) << made["uncovered"];
  const json& week_need = made["uncovered"][0];
  EXPECT_EQ(week_need["newly_uncovered"], false);
  EXPECT_EQ(week_need["skills"], json::array({"aac"}));
  EXPECT_EQ(week_need["skill_names"], json::array({"AAC"}));
  EXPECT_EQ(week_need["credentials"], json::array());
  EXPECT_EQ(made["day"]["newly_uncovered"], 0);
  ASSERT_EQ(Publish(made).status, 200);

  const json replanned = ReplanTodayWithoutThePara(made);
  ASSERT_TRUE(replanned.contains("id")) << "no re-plan made";
  ASSERT_EQ(replanned["uncovered"].size(), 3u) << replanned["uncovered"];
  std::map<std::string, bool> newly;
  for (const json& need : replanned["uncovered"]) {
    newly[need["start"].get<std::string>()] = need["newly_uncovered"].get<bool>();
  }
  EXPECT_EQ(newly,
            (std::map<std::string, bool>{{"08:00", true}, {"09:00", true}, {"10:00", false}}));
  EXPECT_EQ(replanned["day"]["newly_uncovered"], 2);
}

TEST_F(ScheduleApi, a_week_without_one_to_one_needs_says_so_instead_of_0_of_0) {
  const Roster& r = server_.roster();
  Result<void> written = server_.db().store().Write([&](Transaction& tx) -> Result<void> {
    StudentDay day = PARAPLAN_TRY(tx.GetStudentDay(r.other_student));
    for (DayBlock& block : day.blocks) block.one_to_one = false;
    PARAPLAN_TRY(tx.Put(day));
    return {};
  });
  ASSERT_TRUE(written) << written.error().message;
  const json view = MakeSchedule();
  EXPECT_TRUE(view["summary"].get<std::string>().starts_with(
      "This week: no one-to-one or health or safety needs, 10 of 10 other adult-support needs "
      "covered"))
      << view["summary"];
}

TEST_F(ScheduleApi, a_schedule_whose_assignments_cannot_be_stored_stays_unpublished) {
  const Roster& r = server_.roster();
  const json made = MakeSchedule();
  // The other student has left for another district since the schedule was
  // made: no para of this district may be assigned to them.
  SqlRunner* runner = server_.db().store().sql_runner();
  ASSERT_NE(runner, nullptr);
  const auto move_to = [&](Id school) {
    return runner->RunWrite([&](sql::Session& session) -> Result<void> {
      PARAPLAN_TRY(session.Execute("UPDATE student SET school_id = ? WHERE id = ?",
                                   {sql::Int(school), sql::Int(r.other_student)}));
      return {};
    });
  };
  ASSERT_TRUE(move_to(r.other_school));
  const std::string path = fmt::format("/api/v1/schedules/{}", made["id"].get<Id>());
  HttpResponse published = Post(admin_client_, admin_, path + "/publish", nullptr);
  EXPECT_EQ(published.status, 422) << published.body;
  // Neither the schedule nor any of its assignments: the para's access
  // follows only what is published. (The student back, so the board names
  // only students of this district again.)
  EXPECT_TRUE(server_.db().security().StudentsAssignedTo(r.para, today_).value().empty());
  ASSERT_TRUE(move_to(r.school));
  EXPECT_EQ(Get(admin_client_, admin_, path).Json()["status"], "draft");
}

// The week as a spreadsheet: a sheet a day, each as the paras work it (the
// day's published re-plan in place), every student named audited once, and
// for the coordinator only.
TEST_F(ScheduleApi, the_week_downloads_as_a_spreadsheet_with_each_day_as_the_paras_work_it) {
  const Roster& r = server_.roster();
  const json made = MakeSchedule();
  ASSERT_EQ(Publish(made).status, 200);
  ASSERT_TRUE(PublishedTodayWithoutThePara(made).contains("id"));
  std::string para_name, student_name;
  ASSERT_TRUE(server_.db()
                  .store()
                  .Read([&](Transaction& tx) -> Result<void> {
                    const Staff para = PARAPLAN_TRY(tx.GetStaff(r.para));
                    para_name = para.first_name + " " + para.last_name;
                    const Student student = PARAPLAN_TRY(tx.GetStudent(r.student));
                    student_name = student.first_name + " " + student.last_name;
                    return {};
                  })
                  .has_value());
  AuditFilter filter;
  filter.district_id = r.district;
  filter.limit = 1000;
  const std::size_t before = server_.db().security().ListAudit(filter).value().size();

  const std::string path = fmt::format("/api/v1/schedules/{}/workbook", made["id"].get<Id>());
  HttpResponse workbook = Get(admin_client_, admin_, path);
  ASSERT_EQ(workbook.status, 200) << workbook.body;
  EXPECT_EQ(workbook.Header("Content-Type"),
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
  EXPECT_EQ(workbook.Header("Content-Disposition"),
            fmt::format("attachment; filename=\"para-schedule-{}-{}.xlsx\"", r.school,
                        today_.WeekStart().ToString()));
  const auto sheets = XlsxSheets(workbook.body);
  ASSERT_TRUE(sheets.has_value()) << "not a workbook";
  std::vector<std::string> names;
  for (const SheetCells& sheet : *sheets) names.push_back(sheet.name);
  // The week, five school days, the needs not covered, the IEP minutes short
  // and every service's minutes.
  ASSERT_EQ(sheets->size(), 1u + 5u + 3u) << fmt::format("{}", fmt::join(names, ", "));
  EXPECT_EQ(sheets->front().name, "Week");
  // The para's row on each day: away today (the published re-plan), with
  // the student in the first period on the other days.
  for (std::size_t d = 0; d < 5; ++d) {
    const Date day = today_.WeekStart().AddDays(static_cast<int>(d));
    const SheetCells& sheet = (*sheets)[1 + d];
    std::string row;
    for (const auto& [cell, text] : sheet.cells) {
      if (cell[0] == 'A' && text == para_name) row = cell.substr(1);
    }
    ASSERT_FALSE(row.empty()) << sheet.name << " has no row for the para";
    if (day == today_) {
      EXPECT_EQ(sheet.cells.at("B" + row), "Away") << sheet.name;
    } else {
      EXPECT_NE(sheet.cells.at("B" + row).find(student_name), std::string::npos) << sheet.name;
    }
  }
  // Today's needs are not covered, with the reason.
  const auto& uncovered = (*sheets)[6].cells;
  bool listed = false;
  for (const auto& [cell, text] : uncovered) listed = listed || text == student_name;
  EXPECT_TRUE(listed) << "today's uncovered need of the student is listed";

  std::vector<AuditRecord> audit = server_.db().security().ListAudit(filter).value();
  std::multiset<Id> audited;
  for (std::size_t i = before; i < audit.size(); ++i) {
    EXPECT_EQ(audit[i].family, "student_day");
    EXPECT_EQ(audit[i].route, "/api/v1/schedules/{id}/workbook");
    audited.insert(audit[i].student_id);
  }
  EXPECT_EQ(audited, (std::multiset<Id>{r.student, r.other_student})) << "each student once";

  for (const char* email : {kParaEmail, kTeacherEmail}) {
    HttpClient client(server_.port());
    SignedInClient who = server_.SignIn(client, email, kGoodPassword);
    EXPECT_EQ(Get(client, who, path).status, 403) << email;
  }
  EXPECT_EQ(Get(admin_client_, admin_, "/api/v1/schedules/999999/workbook").status, 404);
  HttpClient anonymous(server_.port());
  EXPECT_EQ(anonymous.Send("GET", path).status, 401);
}

// A draft the coordinator does not want goes, with its draft re-plans, and
// the board shows the published week again: an absence can then be
// re-planned. A published schedule stays, the record of what the paras
// worked to.
TEST_F(ScheduleApi, a_draft_is_discarded_and_the_board_shows_the_published_week_again) {
  const Roster& r = server_.roster();
  const json published = MakeSchedule();
  ASSERT_EQ(Publish(published).status, 200);
  const json draft = MakeSchedule();
  ASSERT_NE(draft["id"], published["id"]);
  const std::string board =
      fmt::format("/api/v1/schedules?school_id={}&date={}", r.school, today_.ToString());
  EXPECT_EQ(Get(admin_client_, admin_, board).Json()["id"], draft["id"]) << "the draft is shown";
  const json draft_replan = ReplanTodayWithoutThePara(draft);
  ASSERT_TRUE(draft_replan.contains("id"));

  const std::string path = fmt::format("/api/v1/schedules/{}", draft["id"].get<Id>());
  HttpClient teacher_client(server_.port());
  SignedInClient teacher = server_.SignIn(teacher_client, kTeacherEmail, kGoodPassword);
  EXPECT_EQ(teacher_client.Send("DELETE", path, teacher.Headers()).status, 403);
  EXPECT_EQ(Send("DELETE", path).status, 204);
  EXPECT_EQ(Get(admin_client_, admin_, path).status, 404);
  EXPECT_EQ(
      Get(admin_client_, admin_, fmt::format("/api/v1/schedules/{}", draft_replan["id"].get<Id>()))
          .status,
      404)
      << "the draft's re-plan went with it";
  EXPECT_EQ(Send("DELETE", path).status, 404);
  HttpResponse shown = Get(admin_client_, admin_, board);
  ASSERT_EQ(shown.status, 200);
  EXPECT_EQ(shown.Json()["id"], published["id"]) << "the published week again";
  EXPECT_TRUE(PublishedTodayWithoutThePara(published).contains("id"))
      << "the published week's day is re-planned";

  HttpResponse kept =
      Send("DELETE", fmt::format("/api/v1/schedules/{}", published["id"].get<Id>()));
  EXPECT_EQ(kept.status, 409) << kept.body;
  EXPECT_NE(kept.body.find("only a draft can be discarded"), std::string::npos) << kept.body;
  EXPECT_EQ(
      Get(admin_client_, admin_, fmt::format("/api/v1/schedules/{}", published["id"].get<Id>()))
          .status,
      200);
}

// The coordinator changes a draft by hand: a change that would leave a
// student behind or give an adult where the plan says peer support is
// refused in words naming the student; a duty moved by two changes is
// kept, shown on the board and published; a published week is not changed.
TEST_F(ScheduleApi, the_coordinator_changes_a_draft_by_hand_before_publishing_it) {
  const Roster& r = server_.roster();
  const json draft = MakeSchedule();
  const std::string changes = fmt::format("/api/v1/schedules/{}/changes", draft["id"].get<Id>());
  // Today's blocks: the para's with the first student, their data entry,
  // and one they are free in.
  std::string with_lee, data_entry, free;
  Id room = 0;
  std::set<std::string> busy;
  for (const json& assignment : draft["assignments"]) {
    busy.insert(assignment["block"].get<std::string>());
    if (assignment["kind"] == "data_entry") data_entry = assignment["block"];
    if (assignment["kind"] != "support") continue;
    for (const json& student : assignment["students"]) {
      if (student["id"] == r.student) {
        with_lee = assignment["block"];
        room = assignment["room"]["id"];
      }
    }
  }
  for (const json& block : draft["blocks"]) {
    if (!busy.contains(block["id"].get<std::string>())) free = block["id"];
  }
  ASSERT_FALSE(with_lee.empty());
  ASSERT_FALSE(data_entry.empty());
  ASSERT_FALSE(free.empty()) << draft["assignments"];

  const std::size_t lee_audited = AuditedReadsOf(r.student);
  HttpResponse behind =
      Post(admin_client_, admin_, changes,
           {{"changes", {{{"staff_id", r.para}, {"block", with_lee}, {"activity", "free"}}}}});
  ASSERT_EQ(behind.status, 422) << behind.body;
  const json left = behind.Json()["error"]["fields"][0];
  EXPECT_EQ(left["field"], "changes");
  EXPECT_TRUE(left["reason"].get<std::string>().starts_with("lee Learner would have no adult at "))
      << left;
  EXPECT_GT(AuditedReadsOf(r.student), lee_audited) << "the name in the refusal is a read";

  HttpResponse peer = Post(admin_client_, admin_, changes,
                           {{"changes",
                             {{{"staff_id", r.para},
                               {"block", with_lee},
                               {"activity", "support"},
                               {"room_id", room},
                               {"student_ids", {r.student, r.other_student}}}}}});
  ASSERT_EQ(peer.status, 422) << peer.body;
  EXPECT_EQ(peer.Json()["error"]["fields"][0]["field"], "changes[0].student_ids");
  EXPECT_TRUE(peer.Json()["error"]["fields"][0]["reason"].get<std::string>().starts_with(
      "max Learner's plan says peer support in this block"))
      << peer.body;

  HttpResponse bad = Post(
      admin_client_, admin_, changes,
      {{"changes", {{{"staff_id", r.administrator}, {"block", "sun-0100"}, {"activity", "nap"}}}}});
  ASSERT_EQ(bad.status, 422) << bad.body;
  std::set<std::string> named;
  const json refused = bad.Json();
  for (const json& field : refused["error"]["fields"]) named.insert(field["field"]);
  EXPECT_TRUE(named.contains("changes[0].activity")) << bad.body;
  EXPECT_EQ(Post(admin_client_, admin_, changes, json::object()).status, 422);

  // The para called to the office when the first student needs them: the
  // student is left without an adult, for the true reason.
  HttpResponse office = Post(
      admin_client_, admin_, changes,
      {{"changes", {{{"staff_id", r.para}, {"block", with_lee}, {"activity", "other_duty"}}}}});
  ASSERT_EQ(office.status, 200) << office.body;
  const json with_office = office.Json();
  bool lee_uncovered = false;
  for (const json& need : with_office["uncovered"]) {
    if (need.value("student_id", Id{0}) == r.student && need["block"] == with_lee) {
      lee_uncovered = true;
      EXPECT_EQ(need["reason_code"], "no_qualified_para_free");
    }
  }
  EXPECT_TRUE(lee_uncovered) << with_office["uncovered"];

  HttpClient teacher_client(server_.port());
  SignedInClient teacher = server_.SignIn(teacher_client, kTeacherEmail, kGoodPassword);
  const json move = {{"changes",
                      {{{"staff_id", r.para}, {"block", data_entry}, {"activity", "free"}},
                       {{"staff_id", r.para}, {"block", free}, {"activity", "data_entry"}}}}};
  EXPECT_EQ(Post(teacher_client, teacher, changes, move).status, 403);
  HttpResponse moved = Post(admin_client_, admin_, changes, move);
  ASSERT_EQ(moved.status, 200) << moved.body;
  ExpectScheduleShape(moved.Json());
  EXPECT_EQ(moved.Json()["id"], draft["id"]) << "the draft is changed in place";
  auto kind_at = [&](const json& view, const std::string& block) -> std::string {
    for (const json& assignment : view["assignments"]) {
      if (assignment["block"] == block) return assignment["kind"];
    }
    return "free";
  };
  EXPECT_EQ(kind_at(moved.Json(), free), "data_entry");
  EXPECT_EQ(kind_at(moved.Json(), data_entry), "free");
  const json board =
      Get(admin_client_, admin_,
          fmt::format("/api/v1/schedules?school_id={}&date={}", r.school, today_.ToString()))
          .Json();
  EXPECT_EQ(kind_at(board, free), "data_entry") << "the board shows the change";

  ASSERT_EQ(Publish(draft).status, 200);
  HttpResponse published = Post(admin_client_, admin_, changes, move);
  EXPECT_EQ(published.status, 409) << published.body;
  EXPECT_NE(published.body.find("make a draft of the day"), std::string::npos) << published.body;
}

// A published day the coordinator needs to change (a para wanted at the
// office, a better pairing known today): a draft of the day as the school
// works to it, changed by hand and published as the day's re-plan, with
// nobody recorded away.
TEST_F(ScheduleApi, a_published_day_is_changed_by_hand_through_a_draft_of_the_day) {
  const Roster& r = server_.roster();
  const json week = MakeSchedule();
  const std::string day_path = fmt::format("/api/v1/schedules/{}/day", week["id"].get<Id>());
  const json today = {{"date", today_.ToString()}};
  HttpResponse of_draft = Post(admin_client_, admin_, day_path, today);
  EXPECT_EQ(of_draft.status, 409) << "a draft is changed as it is: " << of_draft.body;
  ASSERT_EQ(Publish(week).status, 200);

  auto field_of = [](const HttpResponse& response) {
    return response.Json()["error"]["fields"][0]["field"].get<std::string>();
  };
  HttpResponse next_week =
      Post(admin_client_, admin_, day_path, {{"date", today_.AddDays(7).ToString()}});
  EXPECT_EQ(next_week.status, 422);
  EXPECT_EQ(field_of(next_week), "date");
  HttpResponse no_date = Post(admin_client_, admin_, day_path, json::object());
  EXPECT_EQ(no_date.status, 422);
  EXPECT_EQ(field_of(no_date), "date");
  HttpResponse unknown = Post(admin_client_, admin_, day_path,
                              {{"date", today_.ToString()}, {"absent_staff_id", r.para}});
  EXPECT_EQ(unknown.status, 422);
  EXPECT_EQ(field_of(unknown), "absent_staff_id");
  HttpClient teacher_client(server_.port());
  SignedInClient teacher = server_.SignIn(teacher_client, kTeacherEmail, kGoodPassword);
  EXPECT_EQ(Post(teacher_client, teacher, day_path, today).status, 403);

  HttpResponse made = Post(admin_client_, admin_, day_path, today);
  ASSERT_EQ(made.status, 201) << made.body;
  const json draft = made.Json();
  ExpectScheduleShape(draft);
  EXPECT_NE(draft["id"], week["id"]);
  EXPECT_EQ(draft["status"], "draft");
  EXPECT_EQ(draft["base_id"], week["id"]);
  EXPECT_TRUE(draft["changes"].empty()) << "the day as published: " << draft["changes"];
  EXPECT_FALSE(draft.contains("absent_staff_id"));
  EXPECT_FALSE(draft.contains("returned_staff_id"));
  EXPECT_TRUE(draft["absent_staff_ids"].empty());

  // The para's data entry moved to a block they are free in.
  std::string data_entry, free;
  std::set<std::string> busy;
  for (const json& assignment : draft["assignments"]) {
    busy.insert(assignment["block"].get<std::string>());
    if (assignment["kind"] == "data_entry") data_entry = assignment["block"];
  }
  for (const json& block : draft["blocks"]) {
    if (!busy.contains(block["id"].get<std::string>())) free = block["id"];
  }
  ASSERT_FALSE(data_entry.empty());
  ASSERT_FALSE(free.empty()) << draft["assignments"];
  const json move = {{"changes",
                      {{{"staff_id", r.para}, {"block", data_entry}, {"activity", "free"}},
                       {{"staff_id", r.para}, {"block", free}, {"activity", "data_entry"}}}}};
  HttpResponse moved =
      Post(admin_client_, admin_,
           fmt::format("/api/v1/schedules/{}/changes", draft["id"].get<Id>()), move);
  ASSERT_EQ(moved.status, 200) << moved.body;
  EXPECT_EQ(moved.Json()["changes"].size(), 2u) << "against the week: " << moved.Json()["changes"];
  auto kind_at = [&](const json& view, const std::string& block) -> std::string {
    for (const json& assignment : view["assignments"]) {
      if (assignment["block"] == block) return assignment["kind"];
    }
    return "free";
  };
  const std::string board_path =
      fmt::format("/api/v1/schedules?school_id={}&date={}", r.school, today_.ToString());
  EXPECT_EQ(kind_at(Get(admin_client_, admin_, board_path).Json(), data_entry), "data_entry")
      << "the paras work to the published day until the draft is published";

  HttpClient para_client(server_.port());
  SignedInClient para = server_.SignIn(para_client, kParaEmail, kGoodPassword);
  ASSERT_EQ(para.status, 201);
  auto para_day = [&] {
    HttpResponse day = Get(para_client, para, "/api/v1/me/day?date=" + today_.ToString());
    EXPECT_EQ(day.status, 200) << day.body;
    const json document = json::parse(http::OpenApiDocument());
    ExpectShape(document, json{{"$ref", "#/components/schemas/DailyBrief"}}, day.Json(),
                "the para's day");
    return day.Json();
  };
  const json usual_day = para_day();
  for (const json& slot : usual_day["schedule"]) {
    EXPECT_FALSE(slot.contains("usual")) << "the week's own day: " << slot;
  }
  EXPECT_FALSE(usual_day.contains("changes_seen_at")) << "nothing changed to read";

  ASSERT_EQ(Publish(draft).status, 200);
  const json board = Get(admin_client_, admin_, board_path).Json();
  EXPECT_EQ(board["id"], draft["id"]) << "the changed day is the board's day";
  EXPECT_EQ(kind_at(board, free), "data_entry");
  // The para's day says what changed from their usual week: data entry
  // where they are usually free, and the block freed of it, shown free.
  std::map<std::string, json> changed;
  std::size_t unchanged = 0;
  const json changed_day = para_day();
  EXPECT_EQ(changed_day["changes_seen_at"], nullptr) << "not read yet";
  for (const json& slot : changed_day["schedule"]) {
    if (slot.contains("usual")) {
      changed[slot["block"].get<std::string>()] = slot;
    } else {
      ++unchanged;
    }
  }
  ASSERT_EQ(changed.size(), 2u) << changed_day;
  EXPECT_EQ(changed[free]["kind"], "data_entry");
  EXPECT_EQ(changed[free]["usual"],
            (json{{"kind", "free"}, {"room_id", nullptr}, {"room", ""}, {"students_absent", 0}}));
  EXPECT_EQ(changed[data_entry]["kind"], "free");
  EXPECT_EQ(changed[data_entry]["usual"]["kind"], "data_entry");
  EXPECT_GT(unchanged, 0u) << "the blocks the change left alone say nothing more";

  // The para says they read the change; the board tells the coordinator.
  EXPECT_EQ(board["paras_told"], json::array({{{"staff_id", r.para},
                                               {"name", board["paras_told"][0].value("name", "")},
                                               {"seen_at", nullptr}}}))
      << board;
  const std::string seen_path = "/api/v1/me/day/seen";
  EXPECT_EQ(Post(admin_client_, admin_, seen_path, today).status, 403) << "a para's own day";
  HttpResponse undated = Post(para_client, para, seen_path, json::object());
  EXPECT_EQ(undated.status, 422) << undated.body;
  HttpResponse unchanged_day =
      Post(para_client, para, seen_path, {{"date", today_.AddDays(7).ToString()}});
  EXPECT_EQ(unchanged_day.status, 409) << "nothing changed that day: " << unchanged_day.body;
  HttpResponse seen = Post(para_client, para, seen_path, today);
  ASSERT_EQ(seen.status, 200) << seen.body;
  EXPECT_EQ(seen.Json()["schedule_id"], draft["id"]);
  const json seen_at = seen.Json()["seen_at"];
  ASSERT_TRUE(seen_at.is_number_integer()) << seen.body;
  server_.clock().Advance(std::chrono::minutes(5));
  EXPECT_EQ(Post(para_client, para, seen_path, today).Json()["seen_at"], seen_at)
      << "the first time is kept";
  EXPECT_EQ(para_day()["changes_seen_at"], seen_at);
  EXPECT_EQ(Get(admin_client_, admin_, board_path).Json()["paras_told"][0]["seen_at"], seen_at);
  // The next change of the day starts from the day as changed, even asked
  // of the week's schedule.
  HttpResponse again = Post(admin_client_, admin_, day_path, today);
  ASSERT_EQ(again.status, 201) << again.body;
  EXPECT_EQ(kind_at(again.Json(), free), "data_entry");
  EXPECT_EQ(again.Json()["changes"].size(), 2u);
  EXPECT_EQ(again.Json()["base_id"], week["id"]);
  // Nobody was recorded away: the week made again has the para at work.
  EXPECT_TRUE(MakeSchedule()["absent_staff_ids"].empty());
}

// Two coordinators changing one draft: the second change, made to the
// draft as it was before the first, is refused rather than undoing it.
TEST_F(ScheduleApi, a_change_made_to_a_draft_changed_since_is_refused) {
  const Id id = MakeSchedule().value("id", Id{0});
  scheduling::SchoolScheduler scheduler(server_.db().store());
  Result<scheduling::LoadedSchedule> read = scheduler.Load(id);
  ASSERT_TRUE(read) << read.error().message;
  // The para's data entry and a block they are free in, swapped.
  const schedule::Problem& problem = read->problem;
  const auto weekday = problem.blocks.front().day;
  std::string data_entry, free;
  for (std::size_t b = 0; b < problem.blocks.size(); ++b) {
    if (problem.blocks[b].day != weekday) continue;
    const schedule::Activity activity = read->plan.slots[0][b].activity;
    if (activity == schedule::Activity::kDataEntry) data_entry = problem.blocks[b].id;
    if (activity == schedule::Activity::kFree) free = problem.blocks[b].id;
  }
  ASSERT_FALSE(data_entry.empty());
  ASSERT_FALSE(free.empty());
  const Id para = problem.paras.front().id;
  const std::vector<scheduling::SlotChange> swap = {
      {para, data_entry, schedule::Activity::kFree, std::nullopt, {}},
      {para, free, schedule::Activity::kDataEntry, std::nullopt, {}}};
  const auto words = [](Id student) { return fmt::format("student {}", student); };
  ASSERT_TRUE(scheduler.Edit(*read, swap, words));
  Result<void> stale = scheduler.Edit(*read, swap, words);
  ASSERT_FALSE(stale);
  EXPECT_EQ(stale.error().code, ErrorCode::kConflict) << stale.error().message;
}

// The print page's week: each day as the board shows it, each student
// named an audited read once for the week.
TEST_F(ScheduleApi, the_schools_week_shows_each_day_as_the_board_does_and_reads_each_student_once) {
  const Roster& r = server_.roster();
  const std::string week =
      fmt::format("/api/v1/schools/{}/week?date={}", r.school, today_.ToString());
  HttpResponse none = Get(admin_client_, admin_, week);
  ASSERT_EQ(none.status, 200) << none.body;
  const json empty = none.Json();
  for (const json& day : empty["days"]) EXPECT_TRUE(day["schedule"].is_null()) << day;

  // A published week with today re-planned: today shows the re-plan, the
  // other days the week.
  const json published = MakeSchedule();
  ASSERT_EQ(Publish(published).status, 200);
  ASSERT_TRUE(PublishedTodayWithoutThePara(published).contains("id"));
  const std::size_t lee_before = AuditedReadsOf(r.student);
  HttpResponse shown = Get(admin_client_, admin_, week);
  ASSERT_EQ(shown.status, 200) << shown.body;
  EXPECT_EQ(AuditedReadsOf(r.student), lee_before + 1) << "once for the week";
  const json answer = shown.Json();
  EXPECT_EQ(answer["week"], today_.WeekStart().ToString());
  ASSERT_EQ(answer["days"].size(), 5u);
  for (const json& day : answer["days"]) {
    const std::string date = day["date"];
    ExpectScheduleShape(day["schedule"]);
    const json board = Get(admin_client_, admin_,
                           fmt::format("/api/v1/schedules?school_id={}&date={}", r.school, date))
                           .Json();
    EXPECT_EQ(day["schedule"], board) << date;
  }

  HttpClient teacher_client(server_.port());
  SignedInClient teacher = server_.SignIn(teacher_client, kTeacherEmail, kGoodPassword);
  EXPECT_EQ(Get(teacher_client, teacher, week).status, 403);
  EXPECT_EQ(Get(admin_client_, admin_, fmt::format("/api/v1/schools/{}/week", r.school)).status,
            422);
  EXPECT_EQ(Get(admin_client_, admin_,
                fmt::format("/api/v1/schools/{}/week?date={}", r.other_school, today_.ToString()))
                .status,
            404);
}

// What the discard, the publish and the re-plans check access with: the
// stored row as Load reads it, without the JSON that runs to a megabyte.
TEST_F(ScheduleApi, a_schedules_summary_is_its_stored_row_without_the_json) {
  const Id id = MakeSchedule().value("id", Id{0});
  scheduling::SchoolScheduler scheduler(server_.db().store());
  Result<StoredSchedule> summary = scheduler.Summary(id);
  ASSERT_TRUE(summary) << summary.error().message;
  Result<scheduling::LoadedSchedule> loaded = scheduler.Load(id);
  ASSERT_TRUE(loaded) << loaded.error().message;
  EXPECT_FALSE(loaded->stored.problem.empty());
  EXPECT_FALSE(loaded->stored.plan.empty());
  StoredSchedule expected = loaded->stored;
  expected.problem.clear();
  expected.plan.clear();
  EXPECT_EQ(summary->id, expected.id);
  EXPECT_EQ(summary->district_id, expected.district_id);
  EXPECT_EQ(summary->school_id, expected.school_id);
  EXPECT_EQ(summary->week, expected.week);
  EXPECT_EQ(summary->status, expected.status);
  EXPECT_EQ(summary->created_at, expected.created_at);
  EXPECT_EQ(summary->created_by, expected.created_by);
  EXPECT_TRUE(summary->problem.empty());
  EXPECT_TRUE(summary->plan.empty());
  EXPECT_EQ(scheduler.Summary(id + 1000).error().code, ErrorCode::kNotFound);
}

// Before any para is placed: the day's needs block by block, the students
// who need an adult grouped by room and by what the adult needs, with how
// many paras at work may support each group; each student named audited.
TEST_F(ScheduleApi, the_days_needs_group_the_students_who_could_share_an_adult) {
  const Roster& r = server_.roster();
  // A third student beside the first, with the same need in the same
  // period: the two could share a para.
  Id third_student = 0;
  Result<void> written = server_.db().store().Write([&](Transaction& tx) -> Result<void> {
    Student third;
    third.school_id = r.school;
    third.first_name = "Noa";
    third.last_name = "Learner";
    third.birth_date = *Date::Parse("2017-05-06");
    third_student = PARAPLAN_TRY(tx.Insert(third));
    StudentDay day = PARAPLAN_TRY(tx.GetStudentDay(r.student));
    day.student_id = third_student;
    day.version = 0;  // a new student's first day
    PARAPLAN_TRY(tx.Put(day));
    return {};
  });
  ASSERT_TRUE(written) << written.error().message;
  AuditFilter filter;
  filter.district_id = r.district;
  filter.limit = 1000;
  const std::size_t before = server_.db().security().ListAudit(filter).value().size();
  const std::string path =
      fmt::format("/api/v1/schools/{}/needs?date={}", r.school, today_.ToString());
  HttpResponse needs = Get(admin_client_, admin_, path);
  ASSERT_EQ(needs.status, 200) << needs.body;
  const json view = needs.Json();
  const json document = json::parse(http::OpenApiDocument());
  ExpectShape(document,
              document["paths"]["/api/v1/schools/{id}/needs"]["get"]["responses"]["200"]["content"]
                      ["application/json"]["schema"],
              view, "the day's needs");
  EXPECT_EQ(view["date"], today_.ToString());
  ASSERT_EQ(view["blocks"].size(), 7u) << view.dump();
  const json& first = view["blocks"][0];
  EXPECT_EQ(first["start"], "08:00");
  EXPECT_EQ(first["counts"]["adult_support"], 2);
  EXPECT_EQ(first["counts"]["peer_support"], 1);
  ASSERT_EQ(first["groups"].size(), 1u) << first.dump();
  const json& shared = first["groups"][0];
  EXPECT_EQ(shared["students"].size(), 2u);
  EXPECT_EQ(shared["skills"], json::array({"behavior_plan"}));
  EXPECT_EQ(shared["one_to_one"], false);
  EXPECT_EQ(shared["qualified_paras"], 1) << "the school's para has the behaviour plan skill";
  const json& second = view["blocks"][1];
  ASSERT_EQ(second["groups"].size(), 1u);
  EXPECT_EQ(second["groups"][0]["one_to_one"], true);
  EXPECT_EQ(second["groups"][0]["students"].size(), 1u);
  EXPECT_EQ(view["shareable_groups"], 1);
  EXPECT_TRUE(view["blocks"][2]["groups"].empty()) << "nobody needs an adult in the third period";

  std::vector<AuditRecord> audit = server_.db().security().ListAudit(filter).value();
  std::multiset<Id> audited;
  for (std::size_t i = before; i < audit.size(); ++i) {
    EXPECT_EQ(audit[i].family, "student_day");
    EXPECT_EQ(audit[i].route, "/api/v1/schools/{id}/needs");
    audited.insert(audit[i].student_id);
  }
  EXPECT_EQ(audited, (std::multiset<Id>{r.student, r.other_student, third_student}));

  // The para kept apart from the third student may no longer support the
  // group; away today, they may support nobody.
  HttpResponse kept =
      Post(admin_client_, admin_, "/api/v1/keep-apart",
           {{"staff_id", r.para}, {"student_id", third_student}, {"reason", "Her aunt"}});
  ASSERT_EQ(kept.status, 201) << kept.body;
  json now = Get(admin_client_, admin_, path).Json();
  EXPECT_EQ(now["blocks"][0]["groups"][0]["qualified_paras"], 0);
  EXPECT_EQ(now["blocks"][1]["groups"][0]["qualified_paras"], 1);
  const json made = MakeSchedule();
  ASSERT_EQ(Publish(made).status, 200);
  ASSERT_TRUE(PublishedTodayWithoutThePara(made).contains("id"));
  now = Get(admin_client_, admin_, path).Json();
  EXPECT_EQ(now["blocks"][1]["groups"][0]["qualified_paras"], 0) << "the para is away today";

  HttpClient teacher_client(server_.port());
  SignedInClient teacher = server_.SignIn(teacher_client, kTeacherEmail, kGoodPassword);
  EXPECT_EQ(Get(teacher_client, teacher, path).status, 403);
  HttpResponse undated =
      Get(admin_client_, admin_, fmt::format("/api/v1/schools/{}/needs", r.school));
  EXPECT_EQ(undated.status, 422);
  EXPECT_NE(undated.body.find("\"date\""), std::string::npos) << undated.body;
  EXPECT_EQ(Get(admin_client_, admin_,
                fmt::format("/api/v1/schools/{}/needs?date={}", r.other_school, today_.ToString()))
                .status,
            404);
}

TEST_F(ScheduleApi, only_an_administrator_of_the_school_coordinates) {
  const Roster& r = server_.roster();
  const json made = MakeSchedule();
  const std::string board =
      fmt::format("/api/v1/schedules?school_id={}&date={}", r.school, today_.ToString());
  for (const char* email : {kParaEmail, kTeacherEmail}) {
    HttpClient client(server_.port());
    SignedInClient who = server_.SignIn(client, email, kGoodPassword);
    EXPECT_EQ(Get(client, who, board).status, 403) << email;
    EXPECT_EQ(Post(client, who, "/api/v1/schedules",
                   {{"school_id", r.school}, {"date", today_.ToString()}})
                  .status,
              403)
        << email;
    EXPECT_EQ(Post(client, who, fmt::format("/api/v1/schedules/{}/publish", made["id"].get<Id>()),
                   nullptr)
                  .status,
              403)
        << email;
  }
  // Another district's school is not there at all.
  HttpResponse other = Post(admin_client_, admin_, "/api/v1/schedules",
                            {{"school_id", r.other_school}, {"date", today_.ToString()}});
  EXPECT_EQ(other.status, 404) << other.body;
  HttpClient anonymous(server_.port());
  EXPECT_EQ(anonymous.Send("GET", board).status, 401);
}

TEST_F(ScheduleApi, bad_input_is_named_field_by_field) {
  const Roster& r = server_.roster();
  const json made = MakeSchedule();
  const Id id = made["id"].get<Id>();
  auto field_of = [](const HttpResponse& response) {
    return response.Json()["error"]["fields"][0]["field"].get<std::string>();
  };
  HttpResponse no_date =
      Post(admin_client_, admin_, "/api/v1/schedules", {{"school_id", r.school}});
  EXPECT_EQ(no_date.status, 422);
  EXPECT_EQ(field_of(no_date), "date");
  HttpResponse unknown = Post(admin_client_, admin_, "/api/v1/schedules",
                              {{"school_id", r.school}, {"date", today_.ToString()}, {"x", 1}});
  EXPECT_EQ(unknown.status, 422);
  EXPECT_EQ(field_of(unknown), "x");
  HttpResponse wrong_week =
      Post(admin_client_, admin_, fmt::format("/api/v1/schedules/{}/replan", id),
           {{"date", today_.AddDays(7).ToString()}, {"absent_staff_id", r.para}});
  EXPECT_EQ(wrong_week.status, 422);
  EXPECT_EQ(field_of(wrong_week), "date");
  HttpResponse not_a_para =
      Post(admin_client_, admin_, fmt::format("/api/v1/schedules/{}/replan", id),
           {{"date", today_.ToString()}, {"absent_staff_id", r.general_educator}});
  EXPECT_EQ(not_a_para.status, 422);
  EXPECT_EQ(field_of(not_a_para), "absent_staff_id");
  HttpResponse bad_query =
      Get(admin_client_, admin_, fmt::format("/api/v1/schedules?school_id={}&date=soon", r.school));
  EXPECT_EQ(bad_query.status, 422);
  EXPECT_EQ(field_of(bad_query), "date");
  EXPECT_EQ(Get(admin_client_, admin_, "/api/v1/schedules/999999").status, 404);
}

TEST_F(ScheduleApi, a_replan_of_a_draft_week_waits_for_the_week_to_be_published) {
  const Roster& r = server_.roster();
  const json made = MakeSchedule();
  HttpResponse replan =
      Post(admin_client_, admin_, fmt::format("/api/v1/schedules/{}/replan", made["id"].get<Id>()),
           {{"date", today_.ToString()}, {"absent_staff_id", r.para}});
  ASSERT_EQ(replan.status, 201) << replan.body;
  const std::string publish_replan =
      fmt::format("/api/v1/schedules/{}/publish", replan.Json()["id"].get<Id>());
  HttpResponse early = Post(admin_client_, admin_, publish_replan, nullptr);
  EXPECT_EQ(early.status, 409) << early.body;
  EXPECT_NE(early.Json()["error"]["message"].get<std::string>().find("first"), std::string::npos);
  EXPECT_TRUE(server_.db().security().StudentsAssignedTo(r.para, today_).value().empty());
  ASSERT_EQ(Publish(made).status, 200);
  EXPECT_EQ(Post(admin_client_, admin_, publish_replan, nullptr).status, 200);
  EXPECT_TRUE(server_.db().security().StudentsAssignedTo(r.para, today_).value().empty())
      << "the published re-plan keeps the absent para away today";
  EXPECT_FALSE(
      server_.db().security().StudentsAssignedTo(r.para, today_.AddDays(7)).value().size() > 0)
      << "next week has no published schedule";
}

}  // namespace
}  // namespace paraplan::testing
