#include <filesystem>

#include <gtest/gtest.h>

#include "store/store.h"
#include "synth/audit.h"
#include "synth/generator.h"
#include "synth/sinks.h"

namespace paraplan::synth {
namespace {

// A fresh database file per test, removed afterwards.
class StoredDistrict : public ::testing::Test {
 protected:
  void SetUp() override {
    path_ = std::filesystem::temp_directory_path() /
            ("paraplan-synth-" + std::to_string(::getpid()) + "-" +
             ::testing::UnitTest::GetInstance()->current_test_info()->name() + ".db");
    Remove();
    auto store = OpenStore(path_.string());
    ASSERT_TRUE(store.has_value()) << store.error().message;
    store_ = std::move(*store);
  }
  void TearDown() override {
    store_.reset();
    Remove();
  }
  void Remove() {
    for (const char* suffix : {"", "-wal", "-shm"}) {
      std::filesystem::remove(path_.string() + suffix);
    }
  }

  GenerateCounts Store(const DistrictSpec& spec) {
    StoreSink sink(*store_);
    auto counts = Generate(spec, sink, {}, 100);
    EXPECT_TRUE(counts.has_value()) << counts.error().message;
    return counts.value_or(GenerateCounts{});
  }

  std::filesystem::path path_;
  std::unique_ptr<paraplan::Store> store_;
};

DistrictSpec Small() {
  DistrictSpec spec;
  spec.students = 400;
  spec.schools = 2;
  spec.seed = 3;
  return spec;
}

TEST_F(StoredDistrict, generated_district_passes_the_audit_once_stored) {
  const GenerateCounts counts = Store(Small());
  auto report = Audit(*store_);
  ASSERT_TRUE(report.has_value()) << report.error().message;
  for (const Finding& finding : report->findings) {
    ADD_FAILURE() << finding.kind << " " << finding.id << " " << finding.field << ": "
                  << finding.reason;
  }
  EXPECT_TRUE(report->integrity_problem.empty()) << report->integrity_problem;
  EXPECT_EQ(report->counts["student"], counts.students);
  EXPECT_EQ(report->counts["iep"], counts.ieps);
  EXPECT_EQ(report->counts["enrolment"], counts.enrolments);
  EXPECT_EQ(report->counts["student_day"], counts.student_days);
  EXPECT_EQ(report->counts["guardian"], counts.guardians);
  EXPECT_EQ(report->counts["staff"], counts.staff);
}

TEST_F(StoredDistrict, stored_records_read_back_equal_to_the_generated_ones) {
  StoreSink sink(*store_);
  MemorySink memory;
  ASSERT_TRUE(Generate(Small(), memory).has_value());
  // Generate again into the store; the same seed gives the same records.
  ASSERT_TRUE(Generate(Small(), sink).has_value());
  auto read = store_->Read([&](Transaction& tx) -> Result<void> {
    StudentFilter filter;
    filter.page = Page{0, 1000};
    auto students = PARAPLAN_TRY(tx.ListStudents(filter));
    EXPECT_EQ(students.size(), memory.students().size());
    for (std::size_t i = 0; i < students.size() && i < memory.students().size(); ++i) {
      EXPECT_EQ(students[i].source_id, memory.students()[i].student.source_id);
      EXPECT_EQ(students[i].last_name, memory.students()[i].student.last_name);
      auto ieps = PARAPLAN_TRY(tx.ListIeps(students[i].id));
      EXPECT_EQ(ieps.size(), memory.students()[i].iep ? 1u : 0u);
      if (!ieps.empty() && memory.students()[i].iep) {
        EXPECT_EQ(ieps[0].goals.size(), memory.students()[i].iep->goals.size());
        EXPECT_EQ(ieps[0].regulation_plan, memory.students()[i].iep->regulation_plan);
      }
    }
    return {};
  });
  ASSERT_TRUE(read.has_value()) << read.error().message;
}

TEST_F(StoredDistrict, audit_reports_an_enrolment_in_another_schools_section) {
  Store(Small());
  auto broken = store_->Write([&](Transaction& tx) -> Result<void> {
    auto schools = PARAPLAN_TRY(tx.ListSchools(std::nullopt, Page{}));
    StudentFilter in_first;
    in_first.school_id = schools[0].id;
    in_first.page.limit = 1;
    const Student student = PARAPLAN_TRY(tx.ListStudents(in_first)).at(0);
    SectionFilter in_second;
    in_second.school_id = schools[1].id;
    in_second.page.limit = 1;
    const Section section = PARAPLAN_TRY(tx.ListSections(in_second)).at(0);
    Enrolment enrolment;
    enrolment.student_id = student.id;
    enrolment.section_id = section.id;
    enrolment.start = Date::FromDays(20700);
    PARAPLAN_TRY(tx.Insert(enrolment));
    return {};
  });
  ASSERT_TRUE(broken.has_value()) << broken.error().message;
  auto report = Audit(*store_);
  ASSERT_TRUE(report.has_value());
  ASSERT_EQ(report->findings.size(), 1u);
  EXPECT_EQ(report->findings[0].kind, "enrolment");
  EXPECT_EQ(report->findings[0].field, "section_id");
}

TEST_F(StoredDistrict, audit_reports_a_case_manager_who_is_not_a_special_educator) {
  Store(Small());
  Id student_id = 0;
  auto broken = store_->Write([&](Transaction& tx) -> Result<void> {
    StudentFilter with_iep;
    with_iep.has_iep = true;
    with_iep.page.limit = 1;
    Student student = PARAPLAN_TRY(tx.ListStudents(with_iep)).at(0);
    StaffFilter teachers;
    teachers.role = StaffRole::kGeneralEducator;
    teachers.page.limit = 1;
    student.case_manager_id = PARAPLAN_TRY(tx.ListStaff(teachers)).at(0).id;
    student_id = student.id;
    PARAPLAN_TRY(tx.Update(student));
    return {};
  });
  ASSERT_TRUE(broken.has_value()) << broken.error().message;
  auto report = Audit(*store_);
  ASSERT_TRUE(report.has_value());
  ASSERT_EQ(report->findings.size(), 1u);
  EXPECT_EQ(report->findings[0].kind, "student");
  EXPECT_EQ(report->findings[0].id, student_id);
  EXPECT_EQ(report->findings[0].field, "case_manager_id");
}

}  // namespace
}  // namespace paraplan::synth
