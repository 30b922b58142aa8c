#include "support/roster_fixture.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <mutex>
#include <stdexcept>
#include <vector>

#include "store/postgres/postgres_store.h"
#include "store/sql_runner.h"

namespace paraplan::testing {

Staff MakeStaff(Id district, std::optional<Id> school, StaffRole role, std::string name) {
  Staff staff;
  staff.district_id = district;
  staff.school_id = school;
  staff.first_name = name;
  staff.last_name = "Tester";
  staff.email = name + "@example.org";
  staff.role = role;
  if (role == StaffRole::kRelatedServiceProvider) {
    staff.provider_kind = ProviderKind::kSpeechLanguagePathologist;
  }
  staff.funding = {{"General fund", 100}};
  return staff;
}

namespace {

template <typename T>
T Must(Result<T> result, const char* what) {
  if (!result) throw std::runtime_error(std::string(what) + ": " + result.error().message);
  return std::move(*result);
}

Student MakeStudent(Id school, std::string name) {
  Student student;
  student.school_id = school;
  student.first_name = name;
  student.last_name = "Learner";
  student.birth_date = *Date::Parse("2017-03-04");
  student.grade = Grade::k3;
  return student;
}

// The PostgreSQL server the tests run against; empty for SQLite.
std::string PostgresServer() {
  const char* url = std::getenv("PARAPLAN_TEST_POSTGRES_URL");
  return url ? url : "";
}

// This process's schemas on the PostgreSQL test server. Migrating a new
// schema costs far more than emptying a used one, so a test's schema goes
// back to the pool afterwards and the next test empties it before use; a
// test holding two databases at once gets two schemas. All of them are
// dropped after the last test, while libpq can still run.
class SchemaPool final : public ::testing::Environment {
 public:
  explicit SchemaPool(std::string server) : server_(std::move(server)) {}

  const std::string& server() const { return server_; }

  Result<std::string> Acquire() {
    std::unique_lock lock(mutex_);
    if (free_.empty()) {
      std::string name = "paraplan_http_" + std::to_string(::getpid()) + "_" +
                         std::to_string(all_.size() + 1);
      all_.push_back(name);
      return name;
    }
    std::string name = std::move(free_.back());
    free_.pop_back();
    lock.unlock();
    PARAPLAN_TRY(EmptyPostgresSchema(server_, name));
    return name;
  }

  void Release(std::string name) {
    std::lock_guard lock(mutex_);
    free_.push_back(std::move(name));
  }

  void TearDown() override {
    for (const std::string& name : all_) {
      if (auto dropped = DropPostgresSchema(server_, name); !dropped) {
        ADD_FAILURE() << "dropping schema " << name << ": " << dropped.error().message;
      }
    }
  }

 private:
  const std::string server_;
  std::mutex mutex_;
  std::vector<std::string> all_;
  std::vector<std::string> free_;
};

SchemaPool& Schemas() {
  // GoogleTest owns the environment and tears it down after the last test.
  static SchemaPool* pool = [] {
    auto* created = new SchemaPool(PostgresServer());
    ::testing::AddGlobalTestEnvironment(created);
    return created;
  }();
  return *pool;
}

}  // namespace

RosterDatabase::ScratchDatabase::ScratchDatabase() {
  if (std::string server = PostgresServer(); !server.empty()) {
    schema_ = Must(Schemas().Acquire(), "prepare a PostgreSQL schema");
    url_ = server + (server.find('?') == std::string::npos ? "?" : "&") + "schema=" + schema_;
    return;
  }
  static std::atomic<int> counter{0};
  directory_ = std::filesystem::temp_directory_path() /
               ("paraplan-http-" + std::to_string(::getpid()) + "-" + std::to_string(++counter));
  std::filesystem::remove_all(directory_);
  std::filesystem::create_directories(directory_);
  url_ = "sqlite:" + (directory_ / "paraplan.db").string();
}

RosterDatabase::ScratchDatabase::~ScratchDatabase() {
  if (!schema_.empty()) {
    Schemas().Release(std::move(schema_));
    return;
  }
  std::error_code ignored;
  std::filesystem::remove_all(directory_, ignored);
}

RosterDatabase::RosterDatabase() {
  store_ = Must(OpenStore(url()), "open store");
  security_ = MakeSecurityStore(*store_->sql_runner());
  Roster& r = roster_;
  Result<void> filled = store_->Write([&](Transaction& tx) -> Result<void> {
    District district;
    district.name = "Riverside";
    r.district = PARAPLAN_TRY(tx.Insert(district));
    School school;
    school.district_id = r.district;
    school.name = "Riverside Elementary";
    r.school = PARAPLAN_TRY(tx.Insert(school));
    r.administrator =
        PARAPLAN_TRY(tx.Insert(MakeStaff(r.district, r.school, StaffRole::kAdministrator, "ada")));
    r.special_educator = PARAPLAN_TRY(
        tx.Insert(MakeStaff(r.district, r.school, StaffRole::kSpecialEducator, "sam")));
    r.provider = PARAPLAN_TRY(
        tx.Insert(MakeStaff(r.district, r.school, StaffRole::kRelatedServiceProvider, "pat")));
    r.general_educator = PARAPLAN_TRY(
        tx.Insert(MakeStaff(r.district, r.school, StaffRole::kGeneralEducator, "gus")));
    r.para =
        PARAPLAN_TRY(tx.Insert(MakeStaff(r.district, r.school, StaffRole::kParaeducator, "pia")));
    Student student = MakeStudent(r.school, "lee");
    student.case_manager_id = r.special_educator;
    r.student = PARAPLAN_TRY(tx.Insert(student));
    r.other_student = PARAPLAN_TRY(tx.Insert(MakeStudent(r.school, "max")));
    Guardian guardian;
    guardian.district_id = r.district;
    guardian.first_name = "gina";
    guardian.last_name = "Learner";
    guardian.email = "gina@example.org";
    r.guardian = PARAPLAN_TRY(tx.Insert(guardian));
    PARAPLAN_TRY(tx.Link(GuardianLink{r.guardian, r.student, GuardianRelation::kMother, false}));

    District other;
    other.name = "Hillside";
    r.other_district = PARAPLAN_TRY(tx.Insert(other));
    School other_school;
    other_school.district_id = r.other_district;
    other_school.name = "Hillside Elementary";
    r.other_school = PARAPLAN_TRY(tx.Insert(other_school));
    r.other_district_para = PARAPLAN_TRY(
        tx.Insert(MakeStaff(r.other_district, r.other_school, StaffRole::kParaeducator, "ola")));
    r.other_district_student = PARAPLAN_TRY(tx.Insert(MakeStudent(r.other_school, "kim")));
    return {};
  });
  if (!filled) throw std::runtime_error("fill roster: " + filled.error().message);
}

RosterDatabase::~RosterDatabase() {
  // The store lets go of the database before the scratch place is removed.
  security_.reset();
  store_.reset();
}

}  // namespace paraplan::testing
