// A real database with a small roster (one district, school, section, three
// staff, two students, an IEP with a service, a goal and an accommodation)
// and the plan and capture stores over it, for the store tests of plans and
// captured data. The database is a SQLite file, or a schema of its own on the
// PostgreSQL server PARAPLAN_TEST_POSTGRES_URL names (CTest's
// plan_capture_store_on_postgresql).
#pragma once

#include <fmt/format.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <string>

#include "store/capture_store.h"
#include "store/plan_store.h"
#include "store/postgres/postgres_store.h"
#include "store/sql_runner.h"
#include "store/store.h"

namespace paraplan::capture_fixtures {

inline Timestamp Now() { return *ParseTimestamp("2026-11-25T10:00:00Z"); }

inline Date Today() { return *Date::Parse("2026-11-25"); }

class TestDatabase {
 public:
  TestDatabase() {
    static std::atomic<int> counter = 0;
    const int number = counter++;
    if (const char* server = std::getenv("PARAPLAN_TEST_POSTGRES_URL"); server && *server) {
      server_ = server;
      schema_ = fmt::format("paraplan_capture_{}_{}", ::getpid(), number);
      url_ = fmt::format("{}?schema={}", server_, schema_);
      return;
    }
    path_ = (std::filesystem::temp_directory_path() /
             fmt::format("paraplan-capture-{}-{}.db", ::getpid(), number))
                .string();
    url_ = "sqlite:" + path_;
  }
  ~TestDatabase() {
    plans.reset();
    captures.reset();
    store.reset();
    if (!schema_.empty()) {
      (void)DropPostgresSchema(server_, schema_);
      return;
    }
    for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(path_ + suffix);
  }
  TestDatabase(const TestDatabase&) = delete;
  TestDatabase& operator=(const TestDatabase&) = delete;

  // Creates the database and the roster.
  Result<void> Open() {
    PARAPLAN_TRY(Reopen());
    return store->Write([&](Transaction& tx) -> Result<void> {
      district = PARAPLAN_TRY(tx.Insert(District{0, "Canyon District", "", 2, 0}));
      School school_record;
      school_record.district_id = district;
      school_record.name = "Canyon Elementary";
      school = PARAPLAN_TRY(tx.Insert(school_record));
      general_educator =
          PARAPLAN_TRY(tx.Insert(MakeStaff("Maria", "Garcia", StaffRole::kGeneralEducator)));
      special_educator =
          PARAPLAN_TRY(tx.Insert(MakeStaff("David", "Lee", StaffRole::kSpecialEducator)));
      para = PARAPLAN_TRY(tx.Insert(MakeStaff("Priya", "Patel", StaffRole::kParaeducator)));
      student = PARAPLAN_TRY(tx.Insert(MakeStudent("Sam", "Jones")));
      other_student = PARAPLAN_TRY(tx.Insert(MakeStudent("Ana", "Silva")));
      Section section_record;
      section_record.school_id = school;
      section_record.course = "Grade 3 Math";
      section_record.code = "MATH3-01";
      section_record.general_educator_id = general_educator;
      section_record.meetings = {
          {Weekday::kWednesday, {TimeOfDay::At(9, 0), TimeOfDay::At(9, 50)}}};
      section = PARAPLAN_TRY(tx.Insert(section_record));
      Iep iep;
      iep.student_id = student;
      iep.status = IepStatus::kActive;
      iep.start = *Date::Parse("2026-09-01");
      iep.end = *Date::Parse("2027-08-31");
      iep.annual_review = *Date::Parse("2027-08-15");
      iep.case_manager_id = special_educator;
      iep.services = {{0, SupportType::kMathSupport, 150, MinutesPeriod::kWeek,
                       Setting::kGeneralEducationClassroom, DeliveryModel::kPushIn,
                       *Date::Parse("2026-09-01"), *Date::Parse("2027-06-10")}};
      iep.goals = {{0, GoalArea::kMath, "Compares fractions", MeasurementMethod::kPercentOfTrials,
                    30, 80, "% of trials", *Date::Parse("2027-06-01")}};
      iep.accommodations = {{0,
                             AccommodationKind::kAccommodation,
                             "Extended time",
                             {Setting::kGeneralEducationClassroom}}};
      Id iep_id = PARAPLAN_TRY(tx.Insert(iep));
      Iep stored = PARAPLAN_TRY(tx.GetIep(iep_id));
      service = stored.services.at(0).id;
      goal = stored.goals.at(0).id;
      accommodation = stored.accommodations.at(0).id;
      return {};
    });
  }

  // Closes and opens the database again, as a restarted server would.
  Result<void> Reopen() {
    plans.reset();
    captures.reset();
    store.reset();
    store = PARAPLAN_TRY(OpenStore(url_));
    runner = store->sql_runner();
    if (!runner) return Fail(Error::Internal("the store runs no SQL work"));
    captures = MakeCaptureStore(*runner);
    plans = MakePlanStore(*runner);
    return {};
  }

  // Records by the para for the student; `key` (a hex digit or two) makes the id.
  CaptureRecord Base(std::string_view key, CaptureBody body) const {
    CaptureRecord record;
    record.id = fmt::format("00000000-0000-4000-8000-{:0>12}", key);
    record.created_at = Now() - std::chrono::minutes(30);
    record.student_id = student;
    record.recorded_by = para;
    record.review = ReviewState::kPending;
    record.body = std::move(body);
    return record;
  }
  CaptureRecord Session(std::string_view key) const {
    ServiceSession session;
    session.service_id = service;
    session.date = Today();
    session.start = TimeOfDay::At(9, 0);
    session.minutes = 25;
    session.provider_id = para;
    return Base(key, session);
  }
  CaptureRecord Observation(std::string_view key) const {
    GoalObservation observation;
    observation.goal_id = goal;
    observation.date = Today();
    observation.method = MeasurementMethod::kPercentOfTrials;
    observation.trials = {{PromptLevel::kVerbal, TrialResult::kCorrect},
                          {PromptLevel::kIndependent, TrialResult::kIncorrect}};
    return Base(key, observation);
  }
  CaptureRecord Fidelity(std::string_view key) const {
    return Base(key, FidelityCheck{accommodation, Today(), FidelityOutcome::kImplemented, ""});
  }

  std::unique_ptr<Store> store;
  SqlRunner* runner = nullptr;
  std::unique_ptr<CaptureStore> captures;
  std::unique_ptr<PlanStore> plans;

  Id district = 0, school = 0, section = 0;
  Id general_educator = 0, special_educator = 0, para = 0;
  Id student = 0, other_student = 0;
  Id service = 0, goal = 0, accommodation = 0;

 private:
  Staff MakeStaff(const char* first, const char* last, StaffRole role) const {
    Staff staff;
    staff.district_id = district;
    staff.school_id = school;
    staff.first_name = first;
    staff.last_name = last;
    staff.role = role;
    return staff;
  }
  Student MakeStudent(const char* first, const char* last) const {
    Student record;
    record.school_id = school;
    record.first_name = first;
    record.last_name = last;
    record.birth_date = *Date::Parse("2017-04-02");
    record.grade = Grade::k3;
    return record;
  }

  std::string path_;    // SQLite
  std::string server_;  // PostgreSQL
  std::string schema_;
  std::string url_;
};

}  // namespace paraplan::capture_fixtures
