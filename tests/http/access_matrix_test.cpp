// Issue 3's access matrix over real HTTP: the real server on a loopback port,
// real sign-ins, one account per role. Every role x every endpoint family
// that holds student data x own record and another's x read and write gets
// the outcome the policy and the OpenAPI description document: 2xx when
// allowed, 404 for a record the caller may not know about (existence does
// not leak), 403 naming the rule for a visible record the caller may not
// change. Then ids swapped across students, schools and districts (IDOR),
// and the audit log: every allowed student-record read leaves an entry,
// every refusal one marked refused.
//
// "Own" is the student each role is related to: on the special educator's
// caseload, served by the provider, in the general educator's section,
// assigned to the para, the parent's child, in the administrator's school.
// "Other" is a student of the same school nobody is related to, and, for the
// school administrator, a student of another school of the district.
#include <fmt/format.h>
#include <gtest/gtest.h>

#include <array>
#include <chrono>
#include <functional>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "domain/capture.h"
#include "http/resources/access_guard.h"
#include "store/capture_store.h"
#include "store/plan_store.h"
#include "store/security.h"
#include "store/sql_runner.h"
#include "support/records.h"
#include "support/test_server.h"

namespace paraplan::testing {
namespace {

using nlohmann::json;

enum class Who { kAdministrator, kSpecialEducator, kProvider, kGeneralEducator, kPara, kParent };
constexpr std::array kEveryone{Who::kAdministrator, Who::kSpecialEducator,
                               Who::kProvider,      Who::kGeneralEducator,
                               Who::kPara,          Who::kParent};

std::string_view NameOfWho(Who who) {
  switch (who) {
    case Who::kAdministrator:
      return "administrator";
    case Who::kSpecialEducator:
      return "special_educator";
    case Who::kProvider:
      return "related_service_provider";
    case Who::kGeneralEducator:
      return "general_educator";
    case Who::kPara:
      return "paraeducator";
    case Who::kParent:
      return "parent";
  }
  return "?";
}

// Expected statuses in the order of kEveryone.
using Statuses = std::array<int, 6>;

template <typename T>
T Must(Result<T> result, const char* what) {
  if (!result) throw std::runtime_error(std::string(what) + ": " + result.error().message);
  return std::move(*result);
}

// The records of one student the probes address.
struct StudentRecords {
  Id student = 0;
  Id iep = 0;
  Id goal = 0;
  Id guardian = 0;
  std::string capture;  // a capture record's id
  Id plan = 0;          // a plan for a section of the student's school, naming the student
};

class AccessMatrix : public ::testing::Test {
 protected:
  AccessMatrix() {
    const Roster& r = server_.roster();
    today_ = http::TodayOf(server_.clock());
    const Date term = today_.AddDays(-20);
    Store& store = server_.db().store();
    Result<void> filled = store.Write([&](Transaction& tx) -> Result<void> {
      const SecondSchool lakeside = PARAPLAN_TRY(AddSecondSchool(tx, r.district));
      second_school_ = lakeside.school;
      far_.student = lakeside.student;

      section_ = PARAPLAN_TRY(tx.Insert(MakeSection(r.school, "MATH3-01", r.general_educator)));
      spare_section_ = PARAPLAN_TRY(tx.Insert(MakeSection(r.school, "ART3-01", std::nullopt)));
      other_school_section_ =
          PARAPLAN_TRY(tx.Insert(MakeSection(second_school_, "MATH3-02", std::nullopt)));
      Enrolment enrolment;
      enrolment.student_id = r.student;
      enrolment.section_id = section_;
      enrolment.start = term;
      PARAPLAN_TRY(tx.Insert(enrolment));

      for (StudentRecords* records : {&lee_, &max_, &far_}) {
        if (records == &lee_) records->student = r.student;
        if (records == &max_) records->student = r.other_student;
        records->iep = PARAPLAN_TRY(tx.Insert(MakeActiveIep(records->student, term)));
        records->goal = PARAPLAN_TRY(tx.GetIep(records->iep)).goals.at(0).id;
      }
      lee_.guardian = r.guardian;
      for (StudentRecords* records : {&max_, &far_}) {
        Guardian guardian;
        guardian.district_id = r.district;
        guardian.first_name = "gil";
        guardian.last_name = "Learner";
        records->guardian = PARAPLAN_TRY(tx.Insert(guardian));
        PARAPLAN_TRY(tx.Link(
            GuardianLink{records->guardian, records->student, GuardianRelation::kFather, false}));
      }
      return {};
    });
    if (!filled) throw std::runtime_error("fill: " + filled.error().message);

    Assign(r.para, r.student, term);
    Assign(r.provider, r.student, term);

    // One capture record and one plan per student, stored directly: the
    // probes read them, whoever may.
    SqlRunner& runner = *store.sql_runner();
    std::unique_ptr<CaptureStore> captures = MakeCaptureStore(runner);
    std::unique_ptr<PlanStore> plans = MakePlanStore(runner);
    int serial = 0;
    for (StudentRecords* records : {&lee_, &max_, &far_}) {
      CaptureRecord record;
      record.id = fmt::format("c0000000-0000-4000-8000-{:012x}", ++serial);
      record.created_at = NoonOf(today_);
      record.student_id = records->student;
      record.recorded_by = records == &lee_ ? r.para : r.special_educator;
      GoalObservation observation;
      observation.goal_id = records->goal;
      observation.date = today_;
      observation.method = MeasurementMethod::kPercentOfTrials;
      observation.trials = {{PromptLevel::kVerbal, TrialResult::kCorrect}};
      record.body = observation;
      Must(captures->Create(record, NoonOf(today_)), "capture");
      records->capture = record.id;

      ServicePlan plan;
      plan.section_id = records == &far_ ? other_school_section_ : section_;
      plan.date = today_.AddDays(serial);  // one plan per section and day
      plan.author_id = r.general_educator;
      plan.objective = "Add within 100";
      plan.adaptations = {{records->student, AdaptationKind::kAccommodation, "Number line"}};
      records->plan = Must(plans->Create(plan, r.general_educator, NoonOf(today_)), "plan").id;
    }

    const std::map<Who, std::pair<AccountKind, Id>> people{
        {Who::kAdministrator, {AccountKind::kStaff, r.administrator}},
        {Who::kSpecialEducator, {AccountKind::kStaff, r.special_educator}},
        {Who::kProvider, {AccountKind::kStaff, r.provider}},
        {Who::kGeneralEducator, {AccountKind::kStaff, r.general_educator}},
        {Who::kPara, {AccountKind::kStaff, r.para}},
        {Who::kParent, {AccountKind::kGuardian, r.guardian}},
    };
    for (const auto& [who, person] : people) {
      const std::string email = std::string(NameOfWho(who)) + "@riverside.example.org";
      server_.AddAccount(person.first, person.second, email, kGoodPassword);
      SignedInClient signed_in = server_.SignIn(client_, email, kGoodPassword);
      if (signed_in.status != 200 && signed_in.status != 201) {
        throw std::runtime_error("sign-in failed for " + email);
      }
      signed_in_.emplace(who, signed_in);
    }
    server_.AddAccount(AccountKind::kStaff, r.other_district_para, "ola@hillside.example.org",
                       kGoodPassword);
    stranger_ = server_.SignIn(client_, "ola@hillside.example.org", kGoodPassword);
  }

  void Assign(Id staff, Id student, Date start) {
    Must(server_.db().security().AddAssignment(
             MakeAssignment(server_.roster().district, staff, student, start)),
         "assignment");
  }

  // The other student for a role: for the school administrator a student
  // of another school of the district, for everyone else an unrelated
  // student of the same school.
  const StudentRecords& Other(Who who) const { return who == Who::kAdministrator ? far_ : max_; }

  HttpResponse Send(const SignedInClient& as, const std::string& method, const std::string& target,
                    const json& body = nullptr, const std::string& if_match = "") {
    std::vector<std::pair<std::string, std::string>> headers = as.Headers();
    if (!if_match.empty()) headers.emplace_back("If-Match", if_match);
    return client_.Send(method, target, headers, body.is_null() ? "" : body.dump());
  }
  HttpResponse Send(Who who, const std::string& method, const std::string& target,
                    const json& body = nullptr, const std::string& if_match = "") {
    return Send(signed_in_.at(who), method, target, body, if_match);
  }

  // The record's current ETag as its school's administrator reads it, so a
  // write is refused for who sends it, never for a stale version.
  std::string ETagOf(const std::string& target) {
    HttpResponse read = Send(Who::kAdministrator, "GET", target);
    if (read.status == 200) return read.Header("ETag").value_or("\"0\"");
    return "\"1\"";  // refused before the version is looked at
  }

  std::string NextCaptureId() {
    return fmt::format("d0000000-0000-4000-8000-{:012x}", ++captures_sent_);
  }

  // The goal as the IEP holds it now (a replaced IEP gives its goals new ids).
  Id CurrentGoal(const StudentRecords& records) {
    Id goal = 0;
    Result<void> read = server_.db().store().Read([&](Transaction& tx) -> Result<void> {
      goal = PARAPLAN_TRY(tx.GetIep(records.iep)).goals.at(0).id;
      return {};
    });
    return read ? goal : records.goal;
  }

  json Observation(const StudentRecords& records) {
    return {{"id", NextCaptureId()},
            {"kind", "goal_observation"},
            {"created_at", today_.ToString() + "T09:30:00Z"},
            {"student_id", records.student},
            {"goal_id", CurrentGoal(records)},
            {"date", today_.ToString()},
            {"method", "percent_of_trials"},
            {"trials", json::array({{{"prompt", "verbal"}, {"result", "correct"}}})}};
  }

  std::vector<AuditRecord> Audit(Id student) {
    return Must(server_.db().security().ListAudit(
                    AuditOfStudent(server_.roster().district, student)),
                "audit");
  }

  TestServer server_;
  HttpClient client_{server_.port()};
  std::map<Who, SignedInClient> signed_in_;
  SignedInClient stranger_;  // a para of another district
  Date today_;
  Id second_school_ = 0;
  Id section_ = 0;
  Id spare_section_ = 0;
  Id other_school_section_ = 0;
  StudentRecords lee_;
  StudentRecords max_;
  StudentRecords far_;
  int captures_sent_ = 0;
};

std::string StudentPath(Id id, std::string_view tail = "") {
  return fmt::format("/api/v1/students/{}{}", id, tail);
}

// One request of the matrix: what it asks of a student's records, and the
// status each role gets for their own student and for the other.
struct Probe {
  std::string family;
  std::string method;
  std::function<std::string(const StudentRecords&)> target;
  Statuses own;
  Statuses other;
  // The body for the student (none for reads).
  std::function<json(const StudentRecords&)> body = {};
  // Whether the request needs the record's current ETag as If-Match.
  bool if_match = false;
  // For /sync: the status is the one record's answer inside the 200.
  bool per_record_status = false;
};

// 404 for every role: the record is hidden.
constexpr Statuses kHidden{404, 404, 404, 404, 404, 404};

class AccessMatrixProbes : public AccessMatrix {
 protected:
  // Runs one probe for one role on one student; returns the status seen.
  int Run(const Probe& probe, Who who, const StudentRecords& records) {
    const std::string target = probe.target(records);
    json body = probe.body ? probe.body(records) : json(nullptr);
    std::string if_match = probe.if_match ? ETagOf(target) : "";
    HttpResponse response = Send(who, probe.method, target, body, if_match);
    last_body_ = response.body;
    if (probe.per_record_status && response.status == 200) {
      return response.Json()["results"][0]["status"].get<int>();
    }
    if (response.status >= 400) {
      // Every refusal carries the documented error body.
      json error = response.Json();
      EXPECT_TRUE(error.contains("error") && error["error"].contains("code") &&
                  error["error"].contains("message") && error["error"]["fields"].is_array() &&
                  error["error"].contains("request_id"))
          << probe.method << " " << target << ": " << response.body;
    }
    return response.status;
  }

  std::vector<Probe> Probes() {
    auto student_body = [this](const StudentRecords& s) -> json {
      const Roster& r = server_.roster();
      return {
          {"school_id", s.student == far_.student ? second_school_ : r.school},
          {"first_name", "renamed"},
          {"last_name", "Learner"},
          {"birth_date", "2017-03-04"},
          {"grade", "3"},
          {"case_manager_id", s.student == r.student ? json(r.special_educator) : json(nullptr)}};
    };
    auto iep_body = [this](const StudentRecords& s) -> json {
      // The IEP as its case manager reads it, sent back unchanged.
      HttpResponse read = Send(Who::kSpecialEducator, "GET", fmt::format("/api/v1/ieps/{}", s.iep));
      if (read.status == 200) return read.Json();
      return json(MakeIepJson(s));
    };
    auto day_body = [](const StudentRecords&) -> json {
      return {{"blocks", json::array({{{"weekday", "monday"},
                                       {"start", "09:00"},
                                       {"end", "10:00"},
                                       {"activity", "Grade 3 Math"},
                                       {"support", "adult_support"}}})}};
    };
    auto enrolment_body = [this](const StudentRecords& s) -> json {
      return {
          {"student_id", s.student}, {"section_id", spare_section_}, {"start", today_.ToString()}};
    };
    auto capture_body = [this](const StudentRecords& s) -> json { return Observation(s); };
    auto sync_body = [this](const StudentRecords& s) -> json {
      return {{"records", json::array({Observation(s)})}};
    };
    auto plan_body = [this](const StudentRecords& s) -> json {
      return {{"section_id", s.student == far_.student ? other_school_section_ : section_},
              {"date", MondayAfter(today_, ++plans_sent_).ToString()},
              {"objective", "Compare fractions"}};
    };
    // Roles in the order administrator, special educator, provider, general
    // educator, para, parent.
    return {
        // Students: everyone related reads the record; only administrators
        // change it (403 naming the rule for the others who see it).
        {"student",
         "GET",
         [](auto& s) { return StudentPath(s.student); },
         {200, 200, 200, 200, 200, 200},
         kHidden},
        {"student",
         "PUT",
         [](auto& s) { return StudentPath(s.student); },
         {200, 403, 403, 403, 403, 403},
         kHidden,
         student_body,
         true},
        // IEPs, their services and goals: redacted per role on read; IEP
        // content is changed by its case manager only.
        {"iep",
         "GET",
         [](auto& s) { return StudentPath(s.student, "/ieps"); },
         {200, 200, 200, 200, 200, 200},
         kHidden},
        {"iep",
         "GET",
         [](auto& s) { return fmt::format("/api/v1/ieps/{}", s.iep); },
         {200, 200, 200, 200, 200, 200},
         kHidden},
        {"iep",
         "PUT",
         [](auto& s) { return fmt::format("/api/v1/ieps/{}", s.iep); },
         {403, 200, 403, 403, 403, 403},
         kHidden,
         iep_body,
         true},
        // The student's day: not a parent's; scheduled by administrators and
        // the case manager.
        {"student_day",
         "GET",
         [](auto& s) { return StudentPath(s.student, "/day"); },
         {200, 200, 200, 200, 200, 404},
         kHidden},
        {"student_day",
         "PUT",
         [](auto& s) { return StudentPath(s.student, "/day"); },
         {200, 200, 403, 403, 403, 404},
         kHidden,
         day_body,
         true},
        // Guardians: the student's team and the parent (their own link only).
        {"guardian",
         "GET",
         [](auto& s) { return StudentPath(s.student, "/guardians"); },
         {200, 200, 200, 404, 404, 200},
         kHidden},
        {"guardian",
         "PUT",
         [](auto& s) { return StudentPath(s.student, fmt::format("/guardians/{}", s.guardian)); },
         {200, 403, 403, 404, 404, 403},
         kHidden,
         [](const StudentRecords&) -> json {
           return {{"relation", "mother"}, {"custody_restricted", false}};
         }},
        // A guardian's own record: a school's administrator keeps the
        // records of its students' guardians; a parent reads only their own.
        {"guardian",
         "GET",
         [](auto& s) { return fmt::format("/api/v1/guardians/{}", s.guardian); },
         {200, 404, 404, 404, 404, 200},
         kHidden},
        // Enrolments: the student's team; a hidden student named in a body is
        // 422 on the field, like one that does not exist.
        {"enrolment",
         "GET",
         [](auto& s) { return StudentPath(s.student, "/enrolments"); },
         {200, 200, 200, 404, 404, 404},
         kHidden},
        {"enrolment",
         "POST",
         [](auto&) { return std::string("/api/v1/enrolments"); },
         {201, 403, 403, 422, 422, 422},
         {422, 422, 422, 422, 422, 422},
         enrolment_body},
        // The record of access (FERPA) and who may access (IDEA).
        {"access_log",
         "GET",
         [](auto& s) { return StudentPath(s.student, "/access-log"); },
         {200, 404, 404, 404, 404, 200},
         kHidden},
        {"authorized_staff",
         "GET",
         [](auto& s) { return StudentPath(s.student, "/authorized-staff"); },
         {200, 200, 404, 404, 404, 200},
         kHidden},
        // The district audit window: administrators only, whichever student.
        {"audit",
         "GET",
         [](auto& s) { return fmt::format("/api/v1/audit?student_id={}", s.student); },
         {200, 403, 403, 403, 403, 403},
         {200, 403, 403, 403, 403, 403}},
        // Classroom data: recorded and read by the adults who serve the
        // student; administrators read but do not record; parents have no
        // part in capture.
        {"capture",
         "POST",
         [](auto&) { return std::string("/api/v1/captures"); },
         {403, 201, 201, 201, 201, 403},
         {403, 404, 404, 404, 404, 403},
         capture_body},
        {"capture",
         "POST",
         [](auto&) { return std::string("/api/v1/sync"); },
         {403, 201, 201, 201, 201, 403},
         {403, 404, 404, 404, 404, 403},
         sync_body,
         false,
         true},
        {"capture",
         "GET",
         [](auto& s) { return fmt::format("/api/v1/captures?student_id={}", s.student); },
         {200, 200, 200, 200, 200, 403},
         {404, 404, 404, 404, 404, 403}},
        {"capture",
         "GET",
         [](auto& s) { return "/api/v1/captures/" + s.capture; },
         {200, 200, 200, 200, 200, 403},
         {404, 404, 404, 404, 404, 403}},
        {"capture",
         "GET",
         [](auto& s) { return "/api/v1/captures/" + s.capture + "/history"; },
         {200, 200, 200, 200, 200, 403},
         {404, 404, 404, 404, 404, 403}},
        // The schedule board names students (each an audited read of their
        // day): only administrators whose scope holds the school; this
        // fixture's week has no schedule yet, so theirs is 404.
        {"schedule",
         "GET",
         [this](auto& s) {
           return fmt::format("/api/v1/schedules?school_id={}&date={}",
                              s.student == far_.student ? second_school_ : server_.roster().school,
                              today_.ToString());
         },
         {404, 403, 403, 403, 403, 403},
         {403, 403, 403, 403, 403, 403}},
        // A student's week in the published schedule is an IEP read for the
        // student's adults; parents are refused whatever the student (the
        // case manager tells the family). Nothing is published here, so an
        // allowed read is the empty week.
        {"iep",
         "GET",
         [](auto& s) { return StudentPath(s.student, "/schedule"); },
         {200, 200, 200, 200, 200, 403},
         {404, 404, 404, 404, 404, 403}},
        // Service delivery plans are section records: the licensed educators
        // (and administrators) of the section's school, or of the district,
        // read them; licensed educators write them; a para gets their part in
        // /me/day; parents none. Another school's plan is 404.
        {"plan",
         "GET",
         [](auto& s) { return fmt::format("/api/v1/plans/{}", s.plan); },
         {200, 200, 200, 200, 403, 403},
         {404, 200, 200, 200, 403, 403}},
        {"plan",
         "POST",
         [](auto&) { return std::string("/api/v1/plans"); },
         {403, 201, 201, 201, 403, 403},
         {403, 201, 201, 201, 403, 403},
         plan_body},
    };
  }

  std::string last_body_;
  int plans_sent_ = 0;

  static json MakeIepJson(const StudentRecords& s) {
    return {{"student_id", s.student}, {"status", "active"}};
  }
};

TEST_F(AccessMatrixProbes, every_role_gets_the_documented_answer_for_every_family_own_and_other) {
  int checked = 0;
  for (const Probe& probe : Probes()) {
    for (std::size_t i = 0; i < kEveryone.size(); ++i) {
      const Who who = kEveryone[i];
      const std::string where = fmt::format("{} {} {} as {}", probe.family, probe.method,
                                            probe.target(lee_), NameOfWho(who));
      EXPECT_EQ(Run(probe, who, lee_), probe.own[i]) << where << " (own): " << last_body_;
      EXPECT_EQ(Run(probe, who, Other(who)), probe.other[i]) << where << " (other): " << last_body_;
      checked += 2;
    }
  }
  EXPECT_GE(checked, 6 * 2 * 20);
}

TEST_F(AccessMatrixProbes, lists_hold_the_own_student_and_never_the_other) {
  for (Who who : kEveryone) {
    HttpResponse list = Send(who, "GET", "/api/v1/students");
    ASSERT_EQ(list.status, 200) << NameOfWho(who) << ": " << list.body;
    std::set<Id> ids;
    const json body = list.Json();
    for (const json& item : body["items"]) ids.insert(item["id"].get<Id>());
    EXPECT_TRUE(ids.contains(lee_.student)) << NameOfWho(who);
    EXPECT_FALSE(ids.contains(Other(who).student)) << NameOfWho(who);
    EXPECT_FALSE(ids.contains(far_.student)) << NameOfWho(who);
    EXPECT_FALSE(ids.contains(server_.roster().other_district_student)) << NameOfWho(who);
  }
  // A para's own capture records list only while the student is theirs.
  HttpResponse mine = Send(Who::kPara, "GET", "/api/v1/captures");
  ASSERT_EQ(mine.status, 200) << mine.body;
  ASSERT_EQ(mine.Json()["items"].size(), 1U) << mine.body;
  EXPECT_EQ(mine.Json()["items"][0]["student_id"], lee_.student);
}

TEST_F(AccessMatrixProbes,
       a_general_educator_reads_no_captured_data_of_a_student_outside_their_sections) {
  // The bug this suite found: any staff member of the district could read
  // and record a student's classroom data by its id.
  const std::string list = fmt::format("/api/v1/captures?student_id={}", max_.student);
  HttpResponse response = Send(Who::kGeneralEducator, "GET", list);
  EXPECT_EQ(response.status, 404) << response.body;
  EXPECT_EQ(response.body.find("trials"), std::string::npos);
  EXPECT_EQ(Send(Who::kSpecialEducator, "POST", "/api/v1/captures", Observation(max_)).status, 404);
}

TEST_F(AccessMatrixProbes, removing_the_assignment_removes_the_paras_captured_data_at_once) {
  ASSERT_EQ(Send(Who::kPara, "GET", "/api/v1/captures/" + lee_.capture).status, 200);
  std::vector<Assignment> assignments =
      Must(server_.db().security().ListAssignments(server_.roster().para, lee_.student), "list");
  ASSERT_EQ(assignments.size(), 1U);
  ASSERT_TRUE(server_.db().security().RemoveAssignment(assignments[0].id));
  EXPECT_EQ(Send(Who::kPara, "GET", "/api/v1/captures/" + lee_.capture).status, 404);
  EXPECT_EQ(Send(Who::kPara, "POST", "/api/v1/captures", Observation(lee_)).status, 404);
  HttpResponse mine = Send(Who::kPara, "GET", "/api/v1/captures");
  ASSERT_EQ(mine.status, 200);
  EXPECT_TRUE(mine.Json()["items"].empty()) << mine.body;
}

TEST_F(AccessMatrixProbes, staff_of_one_school_neither_read_nor_list_another_schools_plans) {
  // The bug this suite found: a plan names students and the goals collected
  // on them, yet any licensed educator of the district read every plan.
  const std::string lakeside = fmt::format("/api/v1/plans/{}", far_.plan);
  for (Who who :
       {Who::kAdministrator, Who::kSpecialEducator, Who::kProvider, Who::kGeneralEducator}) {
    HttpResponse read = Send(who, "GET", lakeside);
    EXPECT_EQ(read.status, 404) << NameOfWho(who) << ": " << read.body;
    EXPECT_EQ(Send(who, "GET", lakeside + "/history").status, 404) << NameOfWho(who);
    HttpResponse list = Send(who, "GET", "/api/v1/plans");
    ASSERT_EQ(list.status, 200) << NameOfWho(who) << ": " << list.body;
    std::set<Id> listed;
    const json body = list.Json();
    for (const json& plan : body["items"]) listed.insert(plan["id"].get<Id>());
    EXPECT_TRUE(listed.contains(lee_.plan)) << NameOfWho(who) << ": " << list.body;
    EXPECT_FALSE(listed.contains(far_.plan)) << NameOfWho(who) << ": " << list.body;
  }
}

// --- IDOR: ids swapped across students, schools and districts --------------

// Whether a body names any of the other students' data: their ids or names.
void ExpectNothingOf(const HttpResponse& response, const std::vector<std::string>& secrets,
                     const std::string& where) {
  for (const std::string& secret : secrets) {
    EXPECT_EQ(response.body.find(secret), std::string::npos)
        << where << " leaks " << secret << ": " << response.body;
  }
}

TEST_F(AccessMatrixProbes, ids_swapped_across_students_schools_and_districts_give_nothing) {
  const Roster& r = server_.roster();
  // Every student-data path of a student, as the para (assigned to lee only)
  // and the stranger (a para of another district) would try them.
  auto paths = [](const StudentRecords& s) {
    std::vector<std::string> all{
        StudentPath(s.student),
        StudentPath(s.student, "/ieps"),
        StudentPath(s.student, "/day"),
        StudentPath(s.student, "/guardians"),
        StudentPath(s.student, "/enrolments"),
        StudentPath(s.student, "/access-log"),
        StudentPath(s.student, "/authorized-staff"),
        fmt::format("/api/v1/ieps/{}", s.iep),
        fmt::format("/api/v1/guardians/{}", s.guardian),
        fmt::format("/api/v1/captures?student_id={}", s.student),
        "/api/v1/captures/" + s.capture,
        "/api/v1/captures/" + s.capture + "/history",
    };
    return all;
  };
  auto secrets = [](const StudentRecords& s) {
    return std::vector<std::string>{"\"first_name\"", "Extended time", "trials",
                                    fmt::format("\"student_id\":{}", s.student)};
  };
  int tried = 0;
  // Across students and schools: each role on the students not theirs.
  for (Who who : kEveryone) {
    for (const StudentRecords* other : {&max_, &far_}) {
      if (who == Who::kAdministrator && other == &max_) continue;  // in their school
      for (const std::string& path : paths(*other)) {
        HttpResponse response = Send(who, "GET", path);
        const std::string where = fmt::format("{} as {}", path, NameOfWho(who));
        EXPECT_TRUE(response.status == 404 || response.status == 403)
            << where << " answered " << response.status;
        ExpectNothingOf(response, secrets(*other), where);
        ++tried;
      }
    }
  }
  // Across districts: the stranger on every record of this district, and
  // this district's administrator on the other district's student.
  for (const StudentRecords* ours : {&lee_, &max_, &far_}) {
    for (const std::string& path : paths(*ours)) {
      HttpResponse response = Send(stranger_, "GET", path);
      EXPECT_EQ(response.status, 404) << path << " as another district's para";
      ExpectNothingOf(response, secrets(*ours), path);
      ++tried;
    }
    HttpResponse write = Send(stranger_, "POST", "/api/v1/captures", Observation(*ours));
    EXPECT_EQ(write.status, 404) << write.body;
    HttpResponse plan = Send(stranger_, "GET", fmt::format("/api/v1/plans/{}", ours->plan));
    EXPECT_EQ(plan.status, 403) << "a para reads no plan, of any district";
  }
  const Id theirs = r.other_district_student;
  for (const std::string& path :
       {StudentPath(theirs), StudentPath(theirs, "/ieps"), StudentPath(theirs, "/day"),
        StudentPath(theirs, "/guardians"), StudentPath(theirs, "/access-log"),
        fmt::format("/api/v1/captures?student_id={}", theirs),
        fmt::format("/api/v1/schools/{}", r.other_school),
        fmt::format("/api/v1/schedules?school_id={}&date=2026-09-21", r.other_school),
        fmt::format("/api/v1/staff/{}", r.other_district_para)}) {
    for (Who who : kEveryone) {
      HttpResponse response = Send(who, "GET", path);
      EXPECT_TRUE(response.status == 404 || response.status == 403)
          << path << " as " << NameOfWho(who) << " answered " << response.status;
      EXPECT_EQ(response.body.find("\"kim\""), std::string::npos) << path;
      ++tried;
    }
  }
  // Ids in bodies and queries: another district's school or student.
  HttpResponse moved = Send(Who::kAdministrator, "PUT", StudentPath(lee_.student),
                            {{"school_id", r.other_school},
                             {"first_name", "lee"},
                             {"last_name", "Learner"},
                             {"birth_date", "2017-03-04"},
                             {"grade", "3"}},
                            ETagOf(StudentPath(lee_.student)));
  EXPECT_EQ(moved.status, 422) << moved.body;
  HttpResponse listed = Send(Who::kAdministrator, "GET",
                             fmt::format("/api/v1/students?school_id={}", r.other_school));
  ASSERT_EQ(listed.status, 200);
  EXPECT_TRUE(listed.Json()["items"].empty()) << listed.body;
  HttpResponse audit =
      Send(Who::kAdministrator, "GET", fmt::format("/api/v1/audit?student_id={}", far_.student));
  ASSERT_EQ(audit.status, 200);
  Send(Who::kSpecialEducator, "GET", StudentPath(far_.student));  // an access to far, audited
  audit =
      Send(Who::kAdministrator, "GET", fmt::format("/api/v1/audit?student_id={}", far_.student));
  EXPECT_TRUE(audit.Json()["items"].empty()) << "a school administrator sees another school's log";
  EXPECT_GE(tried, 100);
}

// --- audit: every allowed read leaves an entry, every refusal one too -------

TEST_F(AccessMatrixProbes, every_allowed_read_of_each_family_leaves_an_audit_entry) {
  struct Read {
    Who who;
    std::string path;
    std::string family;
  };
  const std::vector<Read> reads{
      {Who::kPara, StudentPath(lee_.student), "student"},
      {Who::kGeneralEducator, "/api/v1/students", "student"},
      {Who::kPara, StudentPath(lee_.student, "/ieps"), "iep"},
      {Who::kGeneralEducator, fmt::format("/api/v1/ieps/{}", lee_.iep), "iep"},
      {Who::kPara, StudentPath(lee_.student, "/day"), "student_day"},
      {Who::kParent, StudentPath(lee_.student, "/guardians"), "guardian"},
      {Who::kProvider, StudentPath(lee_.student, "/enrolments"), "enrolment"},
      {Who::kParent, StudentPath(lee_.student, "/access-log"), "access_log"},
      {Who::kSpecialEducator, StudentPath(lee_.student, "/authorized-staff"), "authorized_staff"},
      {Who::kSpecialEducator, fmt::format("/api/v1/captures?student_id={}", lee_.student),
       "capture"},
      {Who::kGeneralEducator, "/api/v1/captures/" + lee_.capture, "capture"},
      {Who::kProvider, "/api/v1/captures/" + lee_.capture + "/history", "capture"},
      {Who::kPara, "/api/v1/captures", "capture"},
      {Who::kGeneralEducator, fmt::format("/api/v1/plans/{}", lee_.plan), "plan"},
      {Who::kSpecialEducator, "/api/v1/plans", "plan"},
      {Who::kProvider, fmt::format("/api/v1/plans/{}/history", lee_.plan), "plan"},
      // The district audit window shows who accessed lee: a read of lee's
      // record of access.
      {Who::kAdministrator, fmt::format("/api/v1/audit?student_id={}", lee_.student), "access_log"},
      {Who::kAdministrator, "/api/v1/audit", "access_log"},
  };
  for (const Read& read : reads) {
    const std::size_t before = Audit(lee_.student).size();
    HttpResponse response = Send(read.who, "GET", read.path);
    ASSERT_EQ(response.status, 200) << read.path << ": " << response.body;
    std::vector<AuditRecord> events = Audit(lee_.student);
    ASSERT_GT(events.size(), before) << read.path << " left no audit entry";
    const AuditRecord& last = events.back();
    EXPECT_EQ(last.family, read.family) << read.path;
    EXPECT_EQ(last.result, "allowed") << read.path;
    EXPECT_EQ(last.action, "read") << read.path;
    EXPECT_EQ(last.role, NameOfWho(read.who)) << read.path;
    EXPECT_EQ(last.request_id, response.Header("X-Request-Id").value_or("?")) << read.path;
    EXPECT_EQ(last.method, "GET");
    // The route pattern, never the path with its ids.
    EXPECT_EQ(last.route.find_first_of("0123456789", 7), std::string::npos) << last.route;
  }
}

// What a request is expected to leave on a student's log.
struct Entry {
  std::string family;
  std::string action;
  Id record_id = 0;  // 0: the student's own id or any
  std::string result = "allowed";
};

class AuditedPlans : public AccessMatrixProbes {
 protected:
  // A plan of the general educator's section, stored directly.
  ServicePlan StorePlan(int days_ahead, std::vector<StudentAdaptation> adaptations,
                        std::vector<RoleAssignment> roles = {}) {
    const Roster& r = server_.roster();
    ServicePlan plan;
    plan.section_id = section_;
    plan.date = today_.AddDays(days_ahead);
    plan.author_id = r.general_educator;
    plan.objective = "Measure to the nearest inch";
    plan.adaptations = std::move(adaptations);
    plan.roles = std::move(roles);
    return Must(plans_->Create(plan, r.general_educator, NoonOf(today_)), "plan");
  }

  // The size of each student's log now.
  std::map<Id, std::size_t> LogSizes(std::initializer_list<Id> students) {
    std::map<Id, std::size_t> sizes;
    for (Id student : students) sizes[student] = Audit(student).size();
    return sizes;
  }

  // The entries the request left on a student's log since it held `before`.
  std::vector<AuditRecord> LeftBy(const HttpResponse& response, Id student, std::size_t before) {
    std::vector<AuditRecord> events = Audit(student);
    std::vector<AuditRecord> left;
    for (std::size_t i = before; i < events.size(); ++i) {
      if (events[i].request_id == response.Header("X-Request-Id").value_or("?")) {
        left.push_back(events[i]);
      }
    }
    return left;
  }

  // Exactly one entry, as expected, on each student's log since `before`.
  void ExpectOneEntryEach(const HttpResponse& response, const std::map<Id, std::size_t>& before,
                          const Entry& expected) {
    for (const auto& [student, size] : before) {
      std::vector<AuditRecord> left = LeftBy(response, student, size);
      ASSERT_EQ(left.size(), 1u) << "student " << student << ": " << response.body;
      EXPECT_EQ(left[0].family, expected.family) << student;
      EXPECT_EQ(left[0].action, expected.action) << student;
      EXPECT_EQ(left[0].result, expected.result) << student;
      EXPECT_EQ(left[0].record_id, expected.record_id == 0 ? student : expected.record_id)
          << student;
    }
  }

  std::unique_ptr<PlanStore> plans_ = MakePlanStore(*server_.db().store().sql_runner());
};

TEST_F(AuditedPlans, a_plan_read_leaves_one_entry_per_student_it_names_under_the_plans_id) {
  RoleAssignment role;
  role.staff_id = server_.roster().general_educator;
  role.audience = Audience::kSmallGroup;
  role.student_ids = {lee_.student, max_.student};
  const Id id = StorePlan(30, {{lee_.student, AdaptationKind::kAccommodation, "Ruler"}}, {role}).id;
  for (const std::string& path :
       {fmt::format("/api/v1/plans/{}", id), fmt::format("/api/v1/plans/{}/history", id)}) {
    const std::map<Id, std::size_t> before = LogSizes({lee_.student, max_.student});
    // The general educator teaches lee, not max: max is read as a student of
    // their school.
    HttpResponse read = Send(Who::kGeneralEducator, "GET", path);
    ASSERT_EQ(read.status, 200) << path << ": " << read.body;
    ExpectOneEntryEach(read, before, {"plan", "read", id});
    const std::vector<AuditRecord> max = LeftBy(read, max_.student, before.at(max_.student));
    ASSERT_FALSE(max.empty());
    EXPECT_EQ(max[0].rule, "licensed_staff_of_school");
  }
}

TEST_F(AuditedPlans, a_plans_history_audits_students_only_its_earlier_versions_name) {
  ServicePlan stored = StorePlan(35, {{lee_.student, AdaptationKind::kAccommodation, "Chart"},
                                      {max_.student, AdaptationKind::kAccommodation, "Chart"}});
  stored.adaptations.pop_back();  // max no longer named
  Must(plans_->Update(stored, server_.roster().general_educator, NoonOf(today_)), "plan change");
  const std::string path = fmt::format("/api/v1/plans/{}", stored.id);

  std::map<Id, std::size_t> before = LogSizes({max_.student});
  HttpResponse current = Send(Who::kGeneralEducator, "GET", path);
  ASSERT_EQ(current.status, 200) << current.body;
  EXPECT_TRUE(LeftBy(current, max_.student, before.at(max_.student)).empty());
  before = LogSizes({max_.student});
  HttpResponse history = Send(Who::kGeneralEducator, "GET", path + "/history");
  ASSERT_EQ(history.status, 200) << history.body;
  ExpectOneEntryEach(history, before, {"plan", "read", stored.id});
}

TEST_F(AuditedPlans, plan_writes_leave_a_write_entry_per_student_they_name) {
  json body = {{"section_id", section_},
               {"date", MondayAfter(today_, 6).ToString()},
               {"objective", "Compare fractions"},
               {"adaptations", json::array({{{"student_id", lee_.student},
                                             {"kind", "accommodation"},
                                             {"description", "Fraction strips"}}})}};
  std::map<Id, std::size_t> before = LogSizes({lee_.student});
  HttpResponse created = Send(Who::kGeneralEducator, "POST", "/api/v1/plans", body);
  ASSERT_EQ(created.status, 201) << created.body;
  json plan = created.Json();
  const Id id = plan["id"].get<Id>();
  ExpectOneEntryEach(created, before, {"plan", "write", id});

  // A change adding max: one write entry each for lee (kept) and max (added).
  plan["adaptations"].push_back({{"student_id", max_.student},
                                 {"kind", "accommodation"},
                                 {"description", "Fraction strips"}});
  before = LogSizes({lee_.student, max_.student});
  HttpResponse updated =
      Send(Who::kSpecialEducator, "PUT", fmt::format("/api/v1/plans/{}", id), plan);
  ASSERT_EQ(updated.status, 200) << updated.body;
  ExpectOneEntryEach(updated, before, {"plan", "write", id});
}

TEST_F(AuditedPlans, a_transition_the_plans_rules_refuse_is_audited_as_a_read_not_a_write) {
  ServicePlan plan;
  plan.section_id = section_;
  plan.date = today_.AddDays(55);
  plan.author_id = server_.roster().general_educator;
  plan.objective = "Tell time to five minutes";
  plan.parts = {{"practice", "Clock faces in pairs", 20}};
  plan.adaptations = {{lee_.student, AdaptationKind::kAccommodation, "Timer"}};
  const Id id = Must(plans_->Create(plan, plan.author_id, NoonOf(today_)), "plan").id;
  const std::string path = fmt::format("/api/v1/plans/{}", id);
  std::map<Id, std::size_t> before = LogSizes({lee_.student});
  HttpResponse submitted = Send(Who::kGeneralEducator, "POST", path + "/submit");
  ASSERT_EQ(submitted.status, 200) << submitted.body;
  ExpectOneEntryEach(submitted, before, {"plan", "write", id});
  // Reviewing belongs to the special educator: nothing changes, and the log
  // must not say the general educator wrote the plan.
  before = LogSizes({lee_.student});
  HttpResponse reviewed = Send(Who::kGeneralEducator, "POST", path + "/review");
  EXPECT_EQ(reviewed.status, 403) << reviewed.body;
  ExpectOneEntryEach(reviewed, before, {"plan", "read", id});
  // A stale version is no write either.
  before = LogSizes({lee_.student});
  HttpResponse stale =
      Send(Who::kSpecialEducator, "POST", path + "/review", json{{"version", 1}});
  EXPECT_EQ(stale.status, 412) << stale.body;
  ExpectOneEntryEach(stale, before, {"plan", "read", id});
}

TEST_F(AuditedPlans, a_plan_naming_a_student_of_another_school_is_hidden_and_the_refusal_audited) {
  const Id id = StorePlan(50, {{far_.student, AdaptationKind::kAccommodation, "Clock face"}}).id;
  const std::map<Id, std::size_t> before = LogSizes({far_.student});
  HttpResponse read = Send(Who::kGeneralEducator, "GET", fmt::format("/api/v1/plans/{}", id));
  EXPECT_EQ(read.status, 404) << read.body;
  ExpectOneEntryEach(read, before, {"plan", "read", id, "refused"});
  HttpResponse list = Send(Who::kGeneralEducator, "GET", "/api/v1/plans");
  ASSERT_EQ(list.status, 200);
  const json listed = list.Json();
  for (const json& plan : listed["items"]) EXPECT_NE(plan["id"].get<Id>(), id);
}

TEST_F(AuditedPlans, the_audit_window_audits_each_student_on_the_page_it_returns) {
  Send(Who::kPara, "GET", StudentPath(lee_.student));
  Send(Who::kSpecialEducator, "GET", StudentPath(max_.student));
  const std::map<Id, std::size_t> before = LogSizes({lee_.student, max_.student});
  HttpResponse window = Send(Who::kAdministrator, "GET", "/api/v1/audit");
  ASSERT_EQ(window.status, 200) << window.body;
  std::set<Id> shown;
  const json page = window.Json();
  for (const json& item : page["items"]) shown.insert(item["student_id"].get<Id>());
  ASSERT_TRUE(shown.contains(lee_.student) && shown.contains(max_.student)) << window.body;
  ExpectOneEntryEach(window, before, {"access_log", "read"});
}

TEST_F(AccessMatrixProbes, the_daily_brief_shows_and_audits_only_students_the_adult_may_see) {
  const Roster& r = server_.roster();
  // A published plan for today giving the para and the general educator a
  // small group of lee (theirs) and max (nobody's).
  ServicePlan plan;
  plan.section_id = section_;
  plan.date = today_;
  plan.author_id = r.general_educator;
  plan.objective = "Add within 100";
  plan.status = PlanStatus::kPublished;
  plan.adults = {{r.general_educator, StaffRole::kGeneralEducator, "gus", Presence::kInRoom},
                 {r.para, StaffRole::kParaeducator, "pia", Presence::kInRoom}};
  for (Id staff : {r.general_educator, r.para}) {
    RoleAssignment role;
    role.staff_id = staff;
    role.activity = Activity::kSupportWholeClass;
    role.audience = Audience::kSmallGroup;
    role.student_ids = {lee_.student, max_.student};
    plan.roles.push_back(role);
  }
  std::unique_ptr<PlanStore> plans = MakePlanStore(*server_.db().store().sql_runner());
  Must(plans->Create(plan, r.general_educator, NoonOf(today_)), "published plan");

  for (Who who : {Who::kPara, Who::kGeneralEducator}) {
    const std::size_t lee_before = Audit(lee_.student).size();
    HttpResponse brief = Send(who, "GET", "/api/v1/me/day");
    ASSERT_EQ(brief.status, 200) << NameOfWho(who) << ": " << brief.body;
    std::set<Id> shown;
    const json body = brief.Json();
    for (const json& block : body["blocks"]) {
      // A student the plan names but the adult may not see stays a bare id
      // (the plan's own roles name it), with no name and no IEP part.
      for (const json& student : block["students"]) {
        const bool bare = student["name"] == "" && student["goals"].empty() &&
                          student["accommodations"].empty() && student["regulation_plan"].empty() &&
                          student["services"].empty();
        if (!bare) shown.insert(student["id"].get<Id>());
      }
    }
    EXPECT_EQ(shown, std::set<Id>{lee_.student}) << NameOfWho(who) << ": " << brief.body;
    std::vector<AuditRecord> events = Audit(lee_.student);
    ASSERT_GT(events.size(), lee_before) << NameOfWho(who) << " left no audit entry";
    EXPECT_EQ(events.back().route, "/api/v1/me/day");
    EXPECT_EQ(events.back().family, "iep");
    EXPECT_EQ(events.back().result, "allowed");
    EXPECT_EQ(events.back().role, NameOfWho(who));
  }
  // max, named in the plan but nobody's student, was refused and audited so.
  bool refused = false;
  for (const AuditRecord& event : Audit(max_.student)) {
    if (event.route == "/api/v1/me/day" && event.result == "refused") refused = true;
  }
  EXPECT_TRUE(refused);
}

TEST_F(AccessMatrixProbes, every_refused_attempt_is_audited_as_refused) {
  struct Attempt {
    Who who;
    std::string method;
    std::string path;
    json body;
    std::string family;
    std::string action;
  };
  const std::vector<Attempt> attempts{
      {Who::kPara, "GET", StudentPath(max_.student), nullptr, "student", "read"},
      {Who::kGeneralEducator, "GET", StudentPath(max_.student, "/ieps"), nullptr, "iep", "read"},
      {Who::kProvider, "GET", StudentPath(max_.student, "/day"), nullptr, "student_day", "read"},
      {Who::kParent, "GET", StudentPath(max_.student, "/guardians"), nullptr, "guardian", "read"},
      {Who::kSpecialEducator, "GET", fmt::format("/api/v1/captures?student_id={}", max_.student),
       nullptr, "capture", "read"},
      {Who::kGeneralEducator, "GET", "/api/v1/captures/" + max_.capture, nullptr, "capture",
       "read"},
      {Who::kPara, "POST", "/api/v1/captures", Observation(max_), "capture", "write"},
  };
  for (const Attempt& attempt : attempts) {
    const std::size_t before = Audit(max_.student).size();
    HttpResponse response = Send(attempt.who, attempt.method, attempt.path, attempt.body);
    ASSERT_EQ(response.status, 404) << attempt.path << ": " << response.body;
    std::vector<AuditRecord> events = Audit(max_.student);
    ASSERT_EQ(events.size(), before + 1) << attempt.path;
    EXPECT_EQ(events.back().result, "refused") << attempt.path;
    EXPECT_EQ(events.back().family, attempt.family) << attempt.path;
    EXPECT_EQ(events.back().action, attempt.action) << attempt.path;
    EXPECT_EQ(events.back().role, NameOfWho(attempt.who)) << attempt.path;
  }
  // A visible record the caller may not change: refused, 403, audited.
  const std::string lee = StudentPath(lee_.student);
  const std::size_t before = Audit(lee_.student).size();
  HttpResponse forbidden =
      Send(Who::kPara, "PUT", fmt::format("/api/v1/ieps/{}", lee_.iep),
           Send(Who::kSpecialEducator, "GET", fmt::format("/api/v1/ieps/{}", lee_.iep)).Json(),
           ETagOf(fmt::format("/api/v1/ieps/{}", lee_.iep)));
  EXPECT_EQ(forbidden.status, 403);
  std::vector<AuditRecord> events = Audit(lee_.student);
  bool refused = false;
  for (std::size_t i = before; i < events.size(); ++i) {
    if (events[i].role == "paraeducator" && events[i].result == "refused" &&
        events[i].rule == "licensed_only") {
      refused = true;
    }
  }
  EXPECT_TRUE(refused) << lee;
}

}  // namespace
}  // namespace paraplan::testing
