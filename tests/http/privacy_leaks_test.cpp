// What a caller may not see must not leak through the side doors: the text
// of a refusal, the order of the checks, a paging cursor, an unaudited
// refusal, an id of another school or district taken or told apart from one
// that names nothing. Each test failed on the code before its fix, for the
// reason its comment gives (a review of every handler, 2026-12-06).
//
// The fixture is the access matrix's setting in small (tests/http/
// access_matrix_test.cpp): the real server on a loopback port, one account
// per role, a second school of the district (Lakeside, student "far") and
// the roster's second district (Hillside).
#include <fmt/format.h>
#include <gtest/gtest.h>

#include <chrono>
#include <map>
#include <memory>
#include <stdexcept>
#include <string>
#include <tuple>
#include <vector>

#include "domain/capture.h"
#include "http/resources/access_guard.h"
#include "store/capture_store.h"
#include "store/plan_store.h"
#include "store/security.h"
#include "store/sql_runner.h"
#include "support/records.h"
#include "support/test_server.h"

// A namespace of its own: the unity build puts this file beside
// access_matrix_test.cpp, whose helpers have the same names.
namespace paraplan::testing::privacy_leaks {
namespace {

using nlohmann::json;

template <typename T>
T Must(Result<T> result, const char* what) {
  if (!result) throw std::runtime_error(std::string(what) + ": " + result.error().message);
  return std::move(*result);
}

enum class Who { kAdministrator, kSpecialEducator, kGeneralEducator, kPara };

class PrivacyLeaks : public ::testing::Test {
 protected:
  PrivacyLeaks() {
    const Roster& r = server_.roster();
    today_ = http::TodayOf(server_.clock());
    const Date term = today_.AddDays(-20);
    Result<void> filled = server_.db().store().Write([&](Transaction& tx) -> Result<void> {
      const SecondSchool lakeside = PARAPLAN_TRY(AddSecondSchool(tx, r.district));
      second_school_ = lakeside.school;
      far_ = lakeside.student;

      section_ = PARAPLAN_TRY(tx.Insert(MakeSection(r.school, "MATH3-01", r.general_educator)));
      other_school_section_ =
          PARAPLAN_TRY(tx.Insert(MakeSection(second_school_, "MATH3-02", std::nullopt)));
      Enrolment enrolment;
      enrolment.student_id = r.student;
      enrolment.section_id = section_;
      enrolment.start = term;
      PARAPLAN_TRY(tx.Insert(enrolment));

      lee_iep_ = PARAPLAN_TRY(tx.Insert(MakeActiveIep(r.student, term, r.special_educator)));
      Iep stored = PARAPLAN_TRY(tx.GetIep(lee_iep_));
      lee_goal_ = stored.goals.at(0).id;
      lee_service_ = stored.services.at(0).id;

      Room hillside_room;
      hillside_room.school_id = r.other_school;
      hillside_room.name = "Hillside Room 12";
      hillside_room_ = PARAPLAN_TRY(tx.Insert(hillside_room));
      return {};
    });
    if (!filled) throw std::runtime_error("fill: " + filled.error().message);

    Assign(r.para, r.student, term);

    const std::map<Who, Id> people{{Who::kAdministrator, r.administrator},
                                   {Who::kSpecialEducator, r.special_educator},
                                   {Who::kGeneralEducator, r.general_educator},
                                   {Who::kPara, r.para}};
    int n = 0;
    for (const auto& [who, staff] : people) {
      const std::string email = fmt::format("reviewer{}@riverside.example.org", ++n);
      server_.AddAccount(AccountKind::kStaff, staff, email, kGoodPassword);
      SignedInClient signed_in = server_.SignIn(client_, email, kGoodPassword);
      if (signed_in.status != 200 && signed_in.status != 201) {
        throw std::runtime_error("sign-in failed for " + email);
      }
      signed_in_.emplace(who, signed_in);
    }
  }

  void Assign(Id staff, Id student, Date start) {
    Must(server_.db().security().AddAssignment(
             MakeAssignment(server_.roster().district, staff, student, start)),
         "assignment");
  }

  HttpResponse Send(Who who, const std::string& method, const std::string& target,
                    const json& body = nullptr) {
    return client_.Send(method, target, signed_in_.at(who).Headers(),
                        body.is_null() ? "" : body.dump());
  }

  static std::string MessageOf(const HttpResponse& response) {
    json body = json::parse(response.body, nullptr, false);
    if (!body.is_object() || !body.contains("error")) return "";
    return body["error"].value("message", "");
  }

  // A plan stored directly (no HTTP, no audit) on `section`.
  Id StorePlan(Id section, int days_ahead, std::vector<StudentAdaptation> adaptations = {}) {
    const Roster& r = server_.roster();
    ServicePlan plan;
    plan.section_id = section;
    plan.date = today_.AddDays(days_ahead);
    plan.author_id = r.general_educator;
    plan.objective = "Add within 100";
    plan.adaptations = std::move(adaptations);
    return Must(plans_->Create(plan, r.general_educator, NoonOf(today_)), "plan").id;
  }

  std::vector<AuditRecord> Audit(Id student) {
    return Must(server_.db().security().ListAudit(
                    AuditOfStudent(server_.roster().district, student)),
                "audit");
  }

  TestServer server_;
  HttpClient client_{server_.port()};
  std::map<Who, SignedInClient> signed_in_;
  std::unique_ptr<PlanStore> plans_ = MakePlanStore(*server_.db().store().sql_runner());
  std::unique_ptr<CaptureStore> captures_ = MakeCaptureStore(*server_.db().store().sql_runner());
  Date today_;
  Id second_school_ = 0;
  Id far_ = 0;
  Id section_ = 0;
  Id other_school_section_ = 0;
  Id lee_iep_ = 0;
  Id lee_goal_ = 0;
  Id lee_service_ = 0;
  Id hillside_room_ = 0;
};

// --- 1. refusal ordering and error text ------------------------------------

// GET /plans/{id} (and every other /plans/{id}... route, which share
// LoadPlanUnaudited) for a plan of a section the caller may not reach
// (another school of the district, or another district) is refused by
// SectionOfActor with "no section <section id>", while a plan that does not
// exist is "no service plan <id>". The status is 404 both times, but the text
// tells a licensed educator that the plan exists, and names the other
// school's (or district's) section id it belongs to. docs/api.md: a hidden
// record is 404 "word for word the answer for a missing record".
TEST_F(PrivacyLeaks, another_schools_plan_is_refused_word_for_word_as_a_missing_plan) {
  const Id far_plan = StorePlan(other_school_section_, 3);
  const Id missing = far_plan + 1000;
  HttpResponse absent = Send(Who::kGeneralEducator, "GET", fmt::format("/api/v1/plans/{}", missing));
  ASSERT_EQ(absent.status, 404) << absent.body;
  ASSERT_EQ(MessageOf(absent), fmt::format("no service plan {}", missing));

  for (const auto& [method, tail] :
       std::vector<std::pair<std::string, std::string>>{{"GET", ""},
                                                        {"GET", "/history"},
                                                        {"POST", "/submit"}}) {
    const std::string path = fmt::format("/api/v1/plans/{}{}", far_plan, tail);
    HttpResponse hidden = Send(Who::kGeneralEducator, method, path);
    EXPECT_EQ(hidden.status, 404) << method << " " << path << ": " << hidden.body;
    EXPECT_EQ(MessageOf(hidden), fmt::format("no service plan {}", far_plan))
        << method << " " << path << " tells the plan exists: " << hidden.body;
    EXPECT_EQ(hidden.body.find(fmt::format("section {}", other_school_section_)),
              std::string::npos)
        << method << " " << path << " names the other school's section: " << hidden.body;
  }
}

// POST /plans naming a student the caller may not see (here: a student of
// another district) is 404 "no student <id>", but naming an id that is no
// student at all is accepted (201: DecideNamed skips ids GetStudent does not
// find). So any licensed educator can probe which student ids exist in other
// schools and districts, one POST each; and a plan can name students that do
// not exist. docs/api.md: "a student the caller may not see is kNotFound, as a
// student that does not exist" — the two must get the same answer.
TEST_F(PrivacyLeaks, a_plan_naming_a_hidden_student_is_answered_as_one_naming_no_student) {
  const Roster& r = server_.roster();
  auto body = [&](Id student, int weeks_ahead) {
    return json{{"section_id", section_},
                {"date", MondayAfter(today_, weeks_ahead).ToString()},
                {"objective", "Compare fractions"},
                {"adaptations", json::array({{{"student_id", student},
                                              {"kind", "accommodation"},
                                              {"description", "Fraction strips"}}})}};
  };
  const Id no_student = r.other_district_student + 100000;
  HttpResponse foreign =
      Send(Who::kGeneralEducator, "POST", "/api/v1/plans", body(r.other_district_student, 6));
  HttpResponse ghost = Send(Who::kGeneralEducator, "POST", "/api/v1/plans", body(no_student, 7));
  EXPECT_EQ(foreign.status, 404) << foreign.body;
  EXPECT_EQ(ghost.status, foreign.status)
      << "another district's student: " << foreign.status << " " << foreign.body
      << "\nno such student: " << ghost.status << " " << ghost.body;
  EXPECT_NE(ghost.status, 201) << "a plan was stored naming a student that does not exist";
}

// --- 2. audit ----------------------------------------------------------------

// GET /captures/{id} by a paraeducator for a capture record of a student
// assigned to them but recorded by someone else: VisibleRecord answers 404
// before the StudentGate runs, so the refused read of the student's record
// leaves no audit entry (the same for PUT and /history). The general
// educator's refused capture read is audited (access_matrix_test); the
// para's is not. docs/api.md: "Every read, change and refused attempt on a
// student's record appends one entry".
TEST_F(PrivacyLeaks, a_paras_refused_read_of_a_capture_record_is_audited_as_refused) {
  const Roster& r = server_.roster();
  CaptureRecord record;
  record.id = "c0000000-0000-4000-8000-00000000abcd";
  record.created_at = NoonOf(today_);
  record.student_id = r.student;
  record.recorded_by = r.special_educator;
  GoalObservation observation;
  observation.goal_id = lee_goal_;
  observation.date = today_;
  observation.method = MeasurementMethod::kPercentOfTrials;
  observation.trials = {{PromptLevel::kVerbal, TrialResult::kCorrect}};
  record.body = observation;
  Must(captures_->Create(record, NoonOf(today_)), "capture");

  for (const std::string& path :
       {"/api/v1/captures/" + record.id, "/api/v1/captures/" + record.id + "/history"}) {
    const std::size_t before = Audit(r.student).size();
    HttpResponse response = Send(Who::kPara, "GET", path);
    ASSERT_EQ(response.status, 404) << path << ": " << response.body;
    std::vector<AuditRecord> events = Audit(r.student);
    ASSERT_EQ(events.size(), before + 1) << path << " left no audit entry for the refused read";
    EXPECT_EQ(events.back().family, "capture") << path;
    EXPECT_EQ(events.back().action, "read") << path;
    EXPECT_EQ(events.back().result, "refused") << path;
    EXPECT_EQ(events.back().role, "paraeducator") << path;
  }
}

// --- 3. lists ------------------------------------------------------------------

// GET /audit?student_id=&limit= by a school administrator: the events of a
// student of another school are removed from the page, but next_after is
// still set from the unfiltered page. So an empty page with next_after set
// says "this id is a student of the district someone accessed", and an empty
// page without says "no such student" — an existence oracle for another
// school's students, one request each.
TEST_F(PrivacyLeaks, the_audit_window_does_not_page_past_a_hidden_students_entries) {
  const Roster& r = server_.roster();
  // An access to far (refused: far is not on the special educator's caseload),
  // as the log keeps every attempt.
  ASSERT_EQ(Send(Who::kSpecialEducator, "GET", fmt::format("/api/v1/students/{}", far_)).status,
            404);
  const Id no_student = r.other_district_student + 100000;
  HttpResponse hidden = Send(Who::kAdministrator, "GET",
                             fmt::format("/api/v1/audit?student_id={}&limit=1", far_));
  HttpResponse absent = Send(Who::kAdministrator, "GET",
                             fmt::format("/api/v1/audit?student_id={}&limit=1", no_student));
  ASSERT_EQ(hidden.status, 200) << hidden.body;
  ASSERT_EQ(absent.status, 200) << absent.body;
  EXPECT_TRUE(hidden.Json()["items"].empty()) << hidden.body;
  EXPECT_TRUE(absent.Json()["next_after"].is_null()) << absent.body;
  EXPECT_TRUE(hidden.Json()["next_after"].is_null())
      << "another school's student is told apart from no student: " << hidden.body;
}

// GET /plans: ListPlans reads up to 100 plans of every district and school
// (the plan store's List is not confined), drops those the caller may not
// reach, and sets next_after from the unfiltered page. A general educator of
// Riverside Elementary with no plan of their own got {"plans": [],
// "next_after": <id of a Lakeside plan>}: another school's plan ids and that
// it holds at least a page of plans.
TEST_F(PrivacyLeaks, the_plan_list_cursor_names_no_plan_the_caller_may_not_reach) {
  for (int day = 1; day <= 100; ++day) StorePlan(other_school_section_, day);
  HttpResponse list = Send(Who::kGeneralEducator, "GET", "/api/v1/plans");
  ASSERT_EQ(list.status, 200) << list.body;
  const json body = list.Json();
  EXPECT_TRUE(body["items"].empty()) << list.body;
  EXPECT_TRUE(body["next_after"].is_null())
      << "the cursor names another school's plan: " << list.body;
}

// A list leaves out what the caller may not see; before, it did so after
// reading a page, so a page could come back short, or empty, while more
// followed (next_after set), and a client that read one page missed what it
// may see. Now a page is read on until it is full: only the last is short.
TEST_F(PrivacyLeaks, a_page_of_plans_is_full_though_hidden_plans_come_first) {
  const Roster& r = server_.roster();
  const StudentAdaptation of_far{far_, AdaptationKind::kAccommodation, "Fraction strips"};
  for (int day = 1; day <= 3; ++day) StorePlan(section_, day, {of_far});
  const Id first = StorePlan(section_, 4);
  const Id second = StorePlan(section_, 5, {{r.student, AdaptationKind::kAccommodation, "Read aloud"}});
  StorePlan(section_, 6, {of_far});

  HttpResponse page = Send(Who::kGeneralEducator, "GET", "/api/v1/plans?limit=1");
  ASSERT_EQ(page.status, 200) << page.body;
  ASSERT_EQ(page.Json()["items"].size(), 1U) << "a short page while more follow: " << page.body;
  EXPECT_EQ(page.Json()["items"][0]["id"], first) << page.body;
  ASSERT_EQ(page.Json()["next_after"], first) << page.body;

  HttpResponse rest = Send(Who::kGeneralEducator, "GET",
                           fmt::format("/api/v1/plans?limit=5&after={}", first));
  ASSERT_EQ(rest.status, 200) << rest.body;
  ASSERT_EQ(rest.Json()["items"].size(), 1U) << rest.body;
  EXPECT_EQ(rest.Json()["items"][0]["id"], second) << rest.body;
  EXPECT_TRUE(rest.Json()["next_after"].is_null()) << rest.body;
}

// The same for a para's own capture records: those of a student no longer
// theirs are left out, and the page is still full.
TEST_F(PrivacyLeaks, a_page_of_a_paras_records_is_full_though_hidden_records_come_first) {
  const Roster& r = server_.roster();
  auto store = [&](const std::string& id, Id student) {
    CaptureRecord record;
    record.id = id;
    record.created_at = NoonOf(today_);
    record.student_id = student;
    record.recorded_by = r.para;
    BehaviorIncident incident;
    incident.date = today_;
    incident.time = *TimeOfDay::Parse("10:15");
    incident.activity = "independent work";
    incident.antecedent = "Asked to start the worksheet";
    incident.behavior = "Left the table";
    incident.consequence = "Break card offered";
    record.body = incident;
    Must(captures_->Create(record, NoonOf(today_)), "capture");
  };
  // Records sort by id; the first two are of a student the para is not
  // assigned to (another school's).
  store("c0000000-0000-4000-8000-000000000001", far_);
  store("c0000000-0000-4000-8000-000000000002", far_);
  store("c0000000-0000-4000-8000-000000000003", r.student);
  store("c0000000-0000-4000-8000-000000000004", r.student);

  HttpResponse page = Send(Who::kPara, "GET", "/api/v1/captures?limit=1");
  ASSERT_EQ(page.status, 200) << page.body;
  ASSERT_EQ(page.Json()["items"].size(), 1U) << "a short page while more follow: " << page.body;
  EXPECT_EQ(page.Json()["items"][0]["id"], "c0000000-0000-4000-8000-000000000003") << page.body;
  EXPECT_EQ(page.Json()["next_after"], "c0000000-0000-4000-8000-000000000003") << page.body;
}

// --- 4. ids from another district -----------------------------------------------

// POST /captures (and /sync, PUT /captures/{id}) with a service session whose
// provider_id is a staff member of another district is stored (201): the
// capture store's CheckBody(ServiceSession) only asks whether the staff id
// exists, in any district. An id that names no staff member is 422. So the
// record carries another district's staff id, and the 201/422 difference
// tells which staff ids exist in other districts.
TEST_F(PrivacyLeaks, a_session_provided_by_another_districts_staff_member_is_refused) {
  const Roster& r = server_.roster();
  auto session = [&](const std::string& id, Id provider) {
    return json{{"id", id},
                {"kind", "service_session"},
                {"created_at", today_.ToString() + "T09:30:00Z"},
                {"student_id", r.student},
                {"service_id", lee_service_},
                {"date", today_.ToString()},
                {"start", "09:00"},
                {"minutes", 25},
                {"provider_id", provider}};
  };
  HttpResponse ghost = Send(Who::kPara, "POST", "/api/v1/captures",
                            session("e0000000-0000-4000-8000-000000000001",
                                    r.other_district_para + 100000));
  ASSERT_EQ(ghost.status, 422) << ghost.body;
  HttpResponse foreign = Send(Who::kPara, "POST", "/api/v1/captures",
                              session("e0000000-0000-4000-8000-000000000002",
                                      r.other_district_para));
  EXPECT_EQ(foreign.status, 422) << "another district's staff member accepted as provider: "
                                 << foreign.body;
  EXPECT_NE(foreign.body.find("provider_id"), std::string::npos) << foreign.body;
}

// POST /sections (and PUT /sections/{id}) by an administrator: a room_id or
// general_educator_id of another district is refused (422), but with words
// that differ from an id that names nothing: "is a room of another school" vs
// "no such room", "is a staff member of another district" vs "no such staff
// member" (SqlTransaction::CheckSectionReferences). So an administrator
// learns which room and staff ids exist in other districts, one request each.
// The handlers' own checks (CheckStaffField, CheckSchoolField) answer both
// cases with the same words; these should too.
TEST_F(PrivacyLeaks, a_section_naming_another_districts_room_or_teacher_is_refused_as_a_missing_one) {
  const Roster& r = server_.roster();
  auto section = [&](const char* field, Id id) {
    return json{{"school_id", r.school}, {"course", "Grade 3 Science"}, {"code", "SCI3-01"},
                {field, id}};
  };
  auto reason = [](const HttpResponse& response, const char* field) -> std::string {
    json body = json::parse(response.body, nullptr, false);
    if (!body.is_object() || !body.contains("error")) return "";
    for (const json& problem : body["error"]["fields"]) {
      if (problem.value("field", "") == field) return problem.value("reason", "");
    }
    return "";
  };
  for (const auto& [field, foreign_id, missing_id] :
       std::vector<std::tuple<const char*, Id, Id>>{
           {"room_id", hillside_room_, hillside_room_ + 100000},
           {"general_educator_id", r.other_district_para, r.other_district_para + 100000}}) {
    HttpResponse foreign = Send(Who::kAdministrator, "POST", "/api/v1/sections",
                                section(field, foreign_id));
    HttpResponse missing = Send(Who::kAdministrator, "POST", "/api/v1/sections",
                                section(field, missing_id));
    EXPECT_EQ(foreign.status, 422) << field << ": " << foreign.body;
    EXPECT_EQ(missing.status, foreign.status) << field << ": " << missing.body;
    EXPECT_FALSE(reason(missing, field).empty()) << missing.body;
    EXPECT_EQ(reason(foreign, field), reason(missing, field))
        << field << " tells another district's id from no id:\n  " << foreign.body << "\n  "
        << missing.body;
  }
}

}  // namespace
}  // namespace paraplan::testing::privacy_leaks
