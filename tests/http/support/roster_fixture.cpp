#include "support/roster_fixture.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <atomic>
#include <stdexcept>

#include "store/sql_runner.h"

namespace paraplan::testing {
namespace {

template <typename T>
T Must(Result<T> result, const char* what) {
  if (!result) throw std::runtime_error(std::string(what) + ": " + result.error().message);
  return std::move(*result);
}

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

Student MakeStudent(Id school, std::string name) {
  Student student;
  student.school_id = school;
  student.first_name = name;
  student.last_name = "Learner";
  student.birth_date = *Date::Parse("2017-03-04");
  student.grade = Grade::k3;
  return student;
}

}  // namespace

RosterDatabase::RosterDatabase() {
  static std::atomic<int> counter{0};
  directory_ = std::filesystem::temp_directory_path() /
               ("paraplan-http-" + std::to_string(::getpid()) + "-" + std::to_string(++counter));
  std::filesystem::remove_all(directory_);
  std::filesystem::create_directories(directory_);
  store_ = Must(OpenStore("sqlite:" + path()), "open store");
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
  security_.reset();
  store_.reset();
  std::error_code ignored;
  std::filesystem::remove_all(directory_, ignored);
}

}  // namespace paraplan::testing
