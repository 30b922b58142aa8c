// Calls the plan and capture routes as a signed-in staff member would, on a
// real SQLite database with the HTTP tests' roster, the real security store
// (staff-student assignments) and a clock the test moves. The router finds
// the handler exactly as the server does; only the transport is skipped.
//
// It also puts seed 000's scenario fixtures (tests/rules/plan_fixtures.h)
// into the database: a section, the six students with their IEPs, and maps
// the fixtures' ids to the stored ones.
#pragma once

#include <chrono>
#include <map>
#include <string>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "../rules/plan_fixtures.h"
#include "domain/plan_json.h"
#include "http/capture/capture_routes.h"
#include "http/errors.h"
#include "http/plans/plan_routes.h"
#include "http/router.h"
#include "store/capture_store.h"
#include "store/security.h"
#include "store/sql_runner.h"
#include "support/roster_fixture.h"

namespace paraplan::http {

struct Reply {
  int status = 0;
  nlohmann::json body;
};

inline TimePoint At(const char* date, int hour) {
  return TimePoint(std::chrono::sys_days(std::chrono::days(Date::Parse(date)->DaysSinceEpoch())) +
                   std::chrono::hours(hour));
}

class PlanHarness {
 public:
  PlanHarness() : clock_(At("2026-11-27", 15)), services_{db_.store(), db_.security(), clock_} {
    AssignedStudents assigned = [](Context& context, Id staff_id, Date day) {
      return context.services.security.StudentsAssignedTo(staff_id, day);
    };
    AddPlanRoutes(router_, assigned);
    AddCaptureRoutes(router_, assigned);
    SeedScenarioRoster();
  }

  const testing::Roster& roster() const { return db_.roster(); }
  Store& store() { return db_.store(); }
  ManualClock& clock() { return clock_; }
  CaptureStore& captures() { return *captures_; }

  // The stored id of a fixture's staff member, student or goal.
  Id StaffId(Id fixture) const { return staff_.at(fixture); }
  Id StudentId(Id fixture) const { return students_.at(fixture); }
  Id GoalId(Id fixture) const { return goals_.at(fixture); }
  Id ServiceId(Id fixture_student) const { return services_of_.at(fixture_student); }
  Id SectionId() const { return section_; }

  // A fixture plan with every id replaced by the stored one.
  ServicePlan Stored(ServicePlan plan) const {
    plan.id = 0;
    plan.section_id = section_;
    plan.author_id = StaffId(plan.author_id);
    if (plan.reviewer_id) plan.reviewer_id = StaffId(*plan.reviewer_id);
    for (PlanAdult& adult : plan.adults) adult.staff_id = StaffId(adult.staff_id);
    for (StudentAdaptation& adaptation : plan.adaptations) adaptation.student_id = StudentId(adaptation.student_id);
    for (AdaptedLesson& lesson : plan.adapted_lessons) {
      lesson.prepared_by = StaffId(lesson.prepared_by);
      for (Id& id : lesson.student_ids) id = StudentId(id);
    }
    for (DataToCollect& data : plan.data_to_collect) {
      data.student_id = StudentId(data.student_id);
      data.goal_id = GoalId(data.goal_id);
      if (data.collector_id) data.collector_id = StaffId(*data.collector_id);
    }
    for (RoleAssignment& role : plan.roles) {
      role.staff_id = StaffId(role.staff_id);
      for (Id& id : role.student_ids) id = StudentId(id);
      if (role.supervisor_id) role.supervisor_id = StaffId(*role.supervisor_id);
    }
    return plan;
  }

  // A stored plan as a client sends it: its content, without what the plan's
  // lifecycle owns (a fixture is a plan as stored: reviewed, with its
  // reviewer and submission).
  static nlohmann::json BodyOf(const ServicePlan& stored) {
    nlohmann::json body = ToJson(stored);
    for (const char* owned :
         {"id", "author_id", "status", "submitted_on", "reviewer_id", "version"}) {
      body.erase(owned);
    }
    return body;
  }

  void Assign(Id staff_id, Id student_id) {
    Assignment assignment;
    assignment.district_id = roster().district;
    assignment.staff_id = staff_id;
    assignment.student_id = student_id;
    assignment.start = *Date::Parse("2026-09-01");
    auto added = db_.security().AddAssignment(assignment);
    ASSERT_TRUE(added) << added.error().message;
  }

  // Calls a route as the staff member `staff_id` in `role`.
  Reply Call(Id staff_id, Role role, Method method, const std::string& target,
             const nlohmann::json& body = nullptr) {
    Request request;
    request.method = method;
    std::size_t question = target.find('?');
    request.path = target.substr(0, question);
    if (question != std::string::npos) {
      std::string query = target.substr(question + 1);
      std::size_t at = 0;
      while (at <= query.size()) {
        std::size_t end = query.find('&', at);
        if (end == std::string::npos) end = query.size();
        std::string pair = query.substr(at, end - at);
        std::size_t equals = pair.find('=');
        if (!pair.empty()) {
          request.query.emplace_back(pair.substr(0, equals),
                                     equals == std::string::npos ? "" : pair.substr(equals + 1));
        }
        at = end + 1;
      }
    }
    if (!body.is_null()) {
      request.body = body.dump();
      request.headers.Set("Content-Type", "application/json");
    }
    Match match = router_.Find(method, request.path);
    if (!match.route) return {404, nullptr};
    request.route = match.route->pattern;
    request.path_params = match.path_params;
    Principal principal;
    principal.account_id = staff_id;
    principal.role = role;
    principal.staff_id = staff_id;
    principal.district_id = roster().district;
    principal.school_id = roster().school;
    Context context{services_, principal};
    Result<Response> response = match.route->handler(request, context);
    if (!response) {
      nlohmann::json fields = nlohmann::json::array();
      for (const FieldProblem& problem : response.error().fields) {
        fields.push_back({{"field", problem.field}, {"reason", problem.reason}});
      }
      return {StatusOf(response.error()),
              {{"error", {{"message", response.error().message}, {"fields", fields}}}}};
    }
    return {response->status, response->body.empty() ? nlohmann::json(nullptr)
                                                     : nlohmann::json::parse(response->body)};
  }

  // The roles of the fixtures' adults.
  Reply AsGeneralEducator(Method method, const std::string& target, const nlohmann::json& body = nullptr) {
    return Call(roster().general_educator, Role::kGeneralEducator, method, target, body);
  }
  Reply AsSpecialEducator(Method method, const std::string& target, const nlohmann::json& body = nullptr) {
    return Call(roster().special_educator, Role::kSpecialEducator, method, target, body);
  }
  Reply AsProvider(Method method, const std::string& target, const nlohmann::json& body = nullptr) {
    return Call(roster().provider, Role::kRelatedServiceProvider, method, target, body);
  }
  Reply AsPara(Method method, const std::string& target, const nlohmann::json& body = nullptr) {
    return Call(roster().para, Role::kParaeducator, method, target, body);
  }

 private:
  void SeedScenarioRoster() {
    using namespace fixtures;
    const testing::Roster& r = roster();
    staff_ = {{kGeneralEducator, r.general_educator},
              {kSpecialEducator, r.special_educator},
              {kPara, r.para},
              {kSchoolPsychologist, r.provider}};
    auto seeded = db_.store().Write([&](Transaction& tx) -> Result<void> {
      Room room = MathRoom();
      room.id = 0;
      room.school_id = r.school;
      Id room_id = PARAPLAN_TRY(tx.Insert(room));
      Section section = MathSection();
      section.id = 0;
      section.school_id = r.school;
      section.general_educator_id = r.general_educator;
      section.room_id = room_id;
      section_ = PARAPLAN_TRY(tx.Insert(section));
      for (Student student : Students()) {
        Id fixture_id = student.id;
        student.id = 0;
        student.school_id = r.school;
        student.birth_date = *Date::Parse("2017-05-01");
        student.case_manager_id = r.special_educator;
        students_[fixture_id] = PARAPLAN_TRY(tx.Insert(student));
        // The students are the class: enrolled in the general educator's section.
        Enrolment enrolment;
        enrolment.student_id = students_[fixture_id];
        enrolment.section_id = section_;
        enrolment.start = *Date::Parse("2026-09-01");
        PARAPLAN_TRY(tx.Insert(enrolment));
      }
      for (Iep iep : Ieps()) {
        Id fixture_student = iep.student_id;
        std::vector<Id> fixture_goals;
        for (Goal& goal : iep.goals) fixture_goals.push_back(goal.id);
        iep.id = 0;
        iep.student_id = students_.at(fixture_student);
        iep.case_manager_id = r.special_educator;
        Id iep_id = PARAPLAN_TRY(tx.Insert(iep));
        Iep stored = PARAPLAN_TRY(tx.GetIep(iep_id));
        for (std::size_t i = 0; i < fixture_goals.size(); ++i) goals_[fixture_goals[i]] = stored.goals.at(i).id;
        if (!stored.services.empty()) services_of_[fixture_student] = stored.services.front().id;
      }
      // Students without an IEP in the fixtures still get their goals'
      // stand-ins, so every fixture plan maps completely.
      for (Iep iep : {MakeIep(kBen), MakeIep(kEli)}) {
        Id fixture_student = iep.student_id;
        iep.id = 0;
        iep.student_id = students_.at(fixture_student);
        iep.case_manager_id = r.special_educator;
        Id goal_fixture = fixture_student == kBen ? kBenFluencyGoal : kEliMathGoal;
        iep.goals = {{0, fixture_student == kBen ? GoalArea::kReading : GoalArea::kMath,
                      "Reads grade-level text fluently", MeasurementMethod::kRate, 60, 90,
                      "words per minute", *Date::Parse("2027-06-01")}};
        Id iep_id = PARAPLAN_TRY(tx.Insert(iep));
        Iep stored = PARAPLAN_TRY(tx.GetIep(iep_id));
        goals_[goal_fixture] = stored.goals.at(0).id;
      }
      return {};
    });
    if (!seeded) ADD_FAILURE() << "seeding the scenario roster failed: " << seeded.error().message;
    captures_ = MakeCaptureStore(*db_.store().sql_runner());
  }

  testing::RosterDatabase db_;
  ManualClock clock_;
  Services services_;
  Router router_;
  std::map<Id, Id> staff_;
  std::map<Id, Id> students_;
  std::map<Id, Id> goals_;
  std::map<Id, Id> services_of_;
  Id section_ = 0;
  std::unique_ptr<CaptureStore> captures_;
};

}  // namespace paraplan::http
