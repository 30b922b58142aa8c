#include "interop/oneroster_import.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <sstream>
#include <string>

#include "test_support.h"

namespace paraplan {
namespace {

namespace fs = std::filesystem;
using testing::Apply;
using testing::OpenTestStore;
using testing::StoredCount;
using testing::TempDir;
using testing::TestData;

fs::path Fixture(const std::string& name) { return TestData("oneroster") / name; }

// The id of the record with `source_id`; kNotFound when there is none.
Result<Id> IdOf(Transaction& tx, RecordKind kind, std::string_view source_id) {
  std::optional<Id> id = PARAPLAN_TRY(tx.FindBySourceId(kind, source_id));
  if (!id) return Fail(Error::NotFound(std::string(source_id)));
  return *id;
}

template <typename Check>
void InStore(Store& store, Check check) {
  auto read = store.Read([&](Transaction& tx) -> Result<void> { return check(tx); });
  ASSERT_TRUE(read.has_value()) << read.error().message;
}

// bulk-1.1 with one file replaced by its broken variant.
fs::path BrokenVariant(const TempDir& dir, const std::string& broken_case) {
  fs::path folder = dir.path() / "export";
  fs::copy(Fixture("bulk-1.1"), folder);
  for (const auto& entry : fs::directory_iterator(Fixture("broken") / broken_case)) {
    fs::copy_file(entry.path(), folder / entry.path().filename(),
                  fs::copy_options::overwrite_existing);
  }
  return folder;
}

const ImportProblem* FindProblem(const ImportReport& report, std::string_view reason) {
  auto found = std::find_if(report.problems().begin(), report.problems().end(),
                            [&](const ImportProblem& problem) {
                              return problem.reason.find(reason) != std::string::npos;
                            });
  return found == report.problems().end() ? nullptr : &*found;
}

std::string Describe(const ImportReport& report) {
  std::ostringstream out;
  report.Print(out);
  return out.str();
}

TEST(OneRosterImport, bulk_1_1_creates_every_record_it_holds) {
  TempDir dir;
  auto store = OpenTestStore(dir);
  auto report = ImportOneRoster(*store, Fixture("bulk-1.1"), Apply());
  ASSERT_TRUE(report.has_value()) << report.error().message;
  ASSERT_TRUE(report->applied) << Describe(*report);
  EXPECT_EQ(report->errors(), 0) << Describe(*report);
  EXPECT_EQ(StoredCount(*store, RecordKind::kDistrict), 1);
  EXPECT_EQ(StoredCount(*store, RecordKind::kSchool), 2);
  EXPECT_EQ(StoredCount(*store, RecordKind::kSection), 3);
  EXPECT_EQ(StoredCount(*store, RecordKind::kStaff), 3);
  EXPECT_EQ(StoredCount(*store, RecordKind::kStudent), 3);
  EXPECT_EQ(StoredCount(*store, RecordKind::kGuardian), 1);
  EXPECT_EQ(StoredCount(*store, RecordKind::kEnrolment), 4);
}

TEST(OneRosterImport, the_aide_role_becomes_a_paraeducator) {
  TempDir dir;
  auto store = OpenTestStore(dir);
  ASSERT_TRUE(ImportOneRoster(*store, Fixture("bulk-1.1"), Apply())->applied);
  InStore(*store, [](Transaction& tx) -> Result<void> {
    Id aide_id = PARAPLAN_TRY(IdOf(tx, RecordKind::kStaff, "u-a1"));
    Staff aide = PARAPLAN_TRY(tx.GetStaff(aide_id));
    EXPECT_EQ(aide.role, StaffRole::kParaeducator);
    Id teacher_id = PARAPLAN_TRY(IdOf(tx, RecordKind::kStaff, "u-t1"));
    Staff teacher = PARAPLAN_TRY(tx.GetStaff(teacher_id));
    EXPECT_EQ(teacher.role, StaffRole::kGeneralEducator);
    Id admin_id = PARAPLAN_TRY(IdOf(tx, RecordKind::kStaff, "u-adm"));
    Staff admin = PARAPLAN_TRY(tx.GetStaff(admin_id));
    EXPECT_EQ(admin.role, StaffRole::kAdministrator);
    EXPECT_FALSE(admin.school_id.has_value());  // a district-level administrator
    return {};
  });
}

TEST(OneRosterImport, quoted_names_with_commas_and_doubled_quotes_arrive_intact) {
  TempDir dir;
  auto store = OpenTestStore(dir);
  ASSERT_TRUE(ImportOneRoster(*store, Fixture("bulk-1.1"), Apply())->applied);
  InStore(*store, [](Transaction& tx) -> Result<void> {
    Id student_id = PARAPLAN_TRY(IdOf(tx, RecordKind::kStudent, "u-st1"));
    Student student = PARAPLAN_TRY(tx.GetStudent(student_id));
    EXPECT_EQ(student.first_name, "Robert \"Bobby\"");
    EXPECT_EQ(student.grade, Grade::k3);
    EXPECT_EQ(student.birth_date, *Date::Parse("2017-03-02"));
    Id school_id = PARAPLAN_TRY(IdOf(tx, RecordKind::kSchool, "s2"));
    School school = PARAPLAN_TRY(tx.GetSchool(school_id));
    EXPECT_EQ(school.name, "Riverside Middle, East Campus");
    Id section_id = PARAPLAN_TRY(IdOf(tx, RecordKind::kSection, "cl-ela3-01"));
    Section section = PARAPLAN_TRY(tx.GetSection(section_id));
    EXPECT_EQ(section.course, "Grade 3 English, Language Arts");
    return {};
  });
}

TEST(OneRosterImport, the_primary_teacher_becomes_the_sections_general_educator) {
  TempDir dir;
  auto store = OpenTestStore(dir);
  ASSERT_TRUE(ImportOneRoster(*store, Fixture("bulk-1.1"), Apply())->applied);
  InStore(*store, [](Transaction& tx) -> Result<void> {
    Id section_id = PARAPLAN_TRY(IdOf(tx, RecordKind::kSection, "cl-math3-01"));
    Section section = PARAPLAN_TRY(tx.GetSection(section_id));
    EXPECT_EQ(section.general_educator_id, PARAPLAN_TRY(tx.FindBySourceId(RecordKind::kStaff, "u-t1")));
    return {};
  });
}

TEST(OneRosterImport, an_enrolment_without_begin_date_starts_with_its_term) {
  TempDir dir;
  auto store = OpenTestStore(dir);
  ASSERT_TRUE(ImportOneRoster(*store, Fixture("bulk-1.1"), Apply())->applied);
  InStore(*store, [](Transaction& tx) -> Result<void> {
    Id student = PARAPLAN_TRY(tx.FindBySourceId(RecordKind::kStudent, "u-st2")).value();
    std::vector<Enrolment> enrolments = PARAPLAN_TRY(tx.ListEnrolments(student, std::nullopt, Page{}));
    EXPECT_EQ(enrolments.size(), 1U);
    if (!enrolments.empty()) {
      EXPECT_EQ(enrolments[0].start, *Date::Parse("2026-08-24"));
    }
    return {};
  });
}

TEST(OneRosterImport, a_parent_is_linked_to_their_child) {
  TempDir dir;
  auto store = OpenTestStore(dir);
  ASSERT_TRUE(ImportOneRoster(*store, Fixture("bulk-1.1"), Apply())->applied);
  InStore(*store, [](Transaction& tx) -> Result<void> {
    Id student = PARAPLAN_TRY(tx.FindBySourceId(RecordKind::kStudent, "u-st1")).value();
    std::vector<GuardianLink> links = PARAPLAN_TRY(tx.ListGuardianLinks(student, std::nullopt));
    EXPECT_EQ(links.size(), 1U);
    return {};
  });
}

TEST(OneRosterImport, a_role_paraplan_does_not_keep_is_reported_and_skipped) {
  TempDir dir;
  auto store = OpenTestStore(dir);
  auto report = ImportOneRoster(*store, Fixture("bulk-1.1"), ImportOptions{});
  const ImportProblem* proctor = FindProblem(*report, "role 'proctor'");
  ASSERT_NE(proctor, nullptr);
  EXPECT_EQ(proctor->file, "users.csv");
  EXPECT_EQ(proctor->line, 9);
  EXPECT_EQ(proctor->severity, Severity::kWarning);
}

TEST(OneRosterImport, reimporting_the_same_export_changes_nothing) {
  TempDir dir;
  auto store = OpenTestStore(dir);
  ASSERT_TRUE(ImportOneRoster(*store, Fixture("bulk-1.1"), Apply())->applied);
  auto again = ImportOneRoster(*store, Fixture("bulk-1.1"), Apply());
  ASSERT_TRUE(again.has_value());
  for (const char* kind : {"district", "school", "section", "staff", "student", "guardian",
                           "guardian_link", "enrolment", "section_teacher"}) {
    EXPECT_EQ(again->Counted(kind, Action::kCreate), 0) << kind;
    EXPECT_EQ(again->Counted(kind, Action::kUpdate), 0) << kind;
    EXPECT_EQ(again->Counted(kind, Action::kDelete), 0) << kind;
  }
  EXPECT_EQ(again->Counted("student", Action::kUnchanged), 3);
  EXPECT_EQ(StoredCount(*store, RecordKind::kEnrolment), 4);
}

TEST(OneRosterImport, a_delta_updates_adds_and_deletes_only_what_it_names) {
  TempDir dir;
  auto store = OpenTestStore(dir);
  ASSERT_TRUE(ImportOneRoster(*store, Fixture("bulk-1.1"), Apply())->applied);
  auto delta = ImportOneRoster(*store, Fixture("delta-1.1"), Apply());
  ASSERT_TRUE(delta.has_value());
  ASSERT_TRUE(delta->applied) << Describe(*delta);
  EXPECT_EQ(delta->Counted("student", Action::kUpdate), 1);
  EXPECT_EQ(delta->Counted("student", Action::kCreate), 1);
  EXPECT_EQ(delta->Counted("enrolment", Action::kDelete), 1);
  EXPECT_EQ(delta->Counted("enrolment", Action::kCreate), 1);
  EXPECT_EQ(StoredCount(*store, RecordKind::kStudent), 4);
  EXPECT_EQ(StoredCount(*store, RecordKind::kEnrolment), 4);
  InStore(*store, [](Transaction& tx) -> Result<void> {
    Id renamed_id = PARAPLAN_TRY(IdOf(tx, RecordKind::kStudent, "u-st2"));
    Student renamed = PARAPLAN_TRY(tx.GetStudent(renamed_id));
    EXPECT_EQ(renamed.first_name, "Aminah");
    return {};
  });
}

TEST(OneRosterImport, oneroster_1_2_takes_roles_from_roles_csv) {
  TempDir dir;
  auto store = OpenTestStore(dir);
  auto report = ImportOneRoster(*store, Fixture("bulk-1.2"), Apply());
  ASSERT_TRUE(report.has_value());
  ASSERT_TRUE(report->applied) << Describe(*report);
  EXPECT_EQ(StoredCount(*store, RecordKind::kStudent), 1);
  EXPECT_EQ(StoredCount(*store, RecordKind::kEnrolment), 1);
  InStore(*store, [](Transaction& tx) -> Result<void> {
    Id aide_id = PARAPLAN_TRY(IdOf(tx, RecordKind::kStaff, "u9a"));
    Staff aide = PARAPLAN_TRY(tx.GetStaff(aide_id));
    EXPECT_EQ(aide.role, StaffRole::kParaeducator);
    EXPECT_EQ(aide.school_id, PARAPLAN_TRY(tx.FindBySourceId(RecordKind::kSchool, "s9")));
    return {};
  });
}

TEST(OneRosterImport, dry_run_counts_what_it_would_create_and_writes_nothing) {
  TempDir dir;
  auto store = OpenTestStore(dir);
  auto report = ImportOneRoster(*store, Fixture("bulk-1.1"), ImportOptions{});
  ASSERT_TRUE(report.has_value());
  EXPECT_FALSE(report->applied);
  EXPECT_EQ(report->Counted("student", Action::kCreate), 3);
  EXPECT_EQ(StoredCount(*store, RecordKind::kStudent), 0);
}

// Each broken variant: refused with the file, the line and the reason, and
// the database left as it was.
struct BrokenCase {
  const char* name;
  const char* file;
  std::int64_t line;  // 0: the reason carries the line
  const char* reason;
};

class BrokenExport : public ::testing::TestWithParam<BrokenCase> {};

TEST_P(BrokenExport, is_refused_with_file_line_and_reason_and_writes_nothing) {
  const BrokenCase& broken = GetParam();
  TempDir dir;
  auto store = OpenTestStore(dir);
  auto report = ImportOneRoster(*store, BrokenVariant(dir, broken.name), Apply());
  ASSERT_TRUE(report.has_value()) << report.error().message;
  EXPECT_FALSE(report->applied);
  EXPECT_FALSE(report->refusal.empty());
  const ImportProblem* problem = FindProblem(*report, broken.reason);
  ASSERT_NE(problem, nullptr) << Describe(*report);
  EXPECT_EQ(problem->file, broken.file);
  EXPECT_EQ(problem->line, broken.line);
  EXPECT_EQ(problem->severity, Severity::kError);
  EXPECT_EQ(StoredCount(*store, RecordKind::kDistrict), 0);
  EXPECT_EQ(StoredCount(*store, RecordKind::kStudent), 0);
}

INSTANTIATE_TEST_SUITE_P(
    OneRosterImport, BrokenExport,
    ::testing::Values(
        BrokenCase{"unterminated-quote", "users.csv", 0, "line 3: a quoted field is never closed"},
        BrokenCase{"duplicate-id", "users.csv", 6, "duplicate id: student 'u-st2'"},
        BrokenCase{"missing-class", "enrollments.csv", 3, "missing reference: class 'cl-art-99'"},
        BrokenCase{"missing-birth-date", "users.csv", 7, "birth date missing"},
        BrokenCase{"field-count", "classes.csv", 0, "line 3: has 15 fields; the header has 14"},
        BrokenCase{"bad-date", "enrollments.csv", 2, "beginDate '08/24/2026' is not a date"}),
    [](const ::testing::TestParamInfo<BrokenCase>& param) {
      std::string name = param.param.name;
      std::replace(name.begin(), name.end(), '-', '_');
      return name;
    });

TEST(OneRosterImport, a_folder_without_manifest_is_refused) {
  TempDir dir;
  auto store = OpenTestStore(dir);
  auto report = ImportOneRoster(*store, dir.path(), Apply());
  ASSERT_TRUE(report.has_value());
  EXPECT_FALSE(report->applied);
  const ImportProblem* problem = FindProblem(*report, "manifest.csv");
  ASSERT_NE(problem, nullptr);
  EXPECT_EQ(problem->file, "manifest.csv");
}

TEST(OneRosterImport, skipping_invalid_records_writes_the_valid_ones) {
  TempDir dir;
  auto store = OpenTestStore(dir);
  auto report = ImportOneRoster(*store, BrokenVariant(dir, "missing-birth-date"),
                                Apply(ProblemPolicy::kSkipInvalidRecords));
  ASSERT_TRUE(report.has_value());
  EXPECT_TRUE(report->applied);
  EXPECT_EQ(StoredCount(*store, RecordKind::kStudent), 2);
}

TEST(OneRosterImport, grades_map_from_ceds_codes) {
  EXPECT_EQ(GradeOfOneRoster("KG"), Grade::kK);
  EXPECT_EQ(GradeOfOneRoster("09"), Grade::k9);
  EXPECT_EQ(GradeOfOneRoster("PK"), Grade::kPK);
  EXPECT_FALSE(GradeOfOneRoster("13").has_value());
}

}  // namespace
}  // namespace paraplan
