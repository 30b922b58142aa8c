#include "interop/edfi_import.h"

#include <gtest/gtest.h>
#include <libxml/xmlreader.h>

#include <algorithm>
#include <fstream>
#include <functional>
#include <sstream>
#include <string>

#include "store/program_store.h"
#include "store/sql/sql_transaction.h"
#include "store/sql_runner.h"
#include "test_support.h"

namespace paraplan {
namespace {

namespace fs = std::filesystem;
using testing::Apply;
using testing::OpenTestStore;
using testing::StoredCount;
using testing::TempDir;
using testing::TestData;

fs::path Sample() { return TestData("edfi-grand-bend"); }

// Counts the records named `name` directly under the root of `file`, with
// libxml2 alone, independently of the importer's reader.
std::int64_t CountRecords(const std::string& file, std::string_view name) {
  xmlTextReaderPtr reader = xmlReaderForFile((Sample() / file).c_str(), nullptr, XML_PARSE_NONET);
  EXPECT_NE(reader, nullptr) << file;
  std::int64_t count = 0;
  while (xmlTextReaderRead(reader) == 1) {
    if (xmlTextReaderNodeType(reader) == XML_READER_TYPE_ELEMENT && xmlTextReaderDepth(reader) == 1 &&
        name == reinterpret_cast<const char*>(xmlTextReaderConstLocalName(reader))) {
      ++count;
    }
  }
  xmlFreeTextReader(reader);
  return count;
}

// Runs `check` on the program store inside a read transaction.
void ReadPrograms(Store& store, const std::function<Result<void>(ProgramStore&, Transaction&)>& check) {
  ASSERT_NE(store.sql_runner(), nullptr);
  auto read = store.sql_runner()->RunRead([&](sql::Session& session) -> Result<void> {
    sql::SqlTransaction tx(session, sql::TransactionMode::kRead);
    std::unique_ptr<ProgramStore> programs = MakeProgramStore(session);
    return check(*programs, tx);
  });
  ASSERT_TRUE(read.has_value()) << read.error().message;
}

Id SampleDistrict(Transaction& tx) {
  return tx.FindBySourceId(RecordKind::kDistrict, "255901").value().value_or(0);
}

bool Mentions(const ImportReport& report, std::string_view file, std::string_view element,
              std::string_view reason) {
  return std::any_of(report.problems().begin(), report.problems().end(),
                     [&](const ImportProblem& problem) {
                       return problem.file == file &&
                              problem.element.find(element) != std::string::npos &&
                              problem.reason.find(reason) != std::string::npos;
                     });
}

// A copy of some of the sample's files, with one text replaced, for the
// broken variants.
void CopySample(const fs::path& to, std::initializer_list<std::string> files) {
  fs::copy(Sample() / "Descriptors", to / "Descriptors");
  for (const std::string& file : files) fs::copy(Sample() / file, to / file);
}

void Replace(const fs::path& file, const std::string& from, const std::string& to) {
  std::ifstream in(file);
  std::stringstream text;
  text << in.rdbuf();
  std::string content = text.str();
  std::size_t at = content.find(from);
  ASSERT_NE(at, std::string::npos) << from;
  content.replace(at, from.size(), to);
  std::ofstream(file, std::ios::trunc) << content;
}

// The sample imported once (applying, skipping the invalid records) for the
// tests that only read the result.
class GrandBend : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new TempDir();
    store_ = OpenTestStore(*dir_).release();
    auto imported = ImportEdFi(*store_, Sample(), Apply(ProblemPolicy::kSkipInvalidRecords));
    ASSERT_TRUE(imported.has_value()) << imported.error().message;
    report_ = new ImportReport(std::move(*imported));
  }
  static void TearDownTestSuite() {
    delete report_;
    delete store_;
    delete dir_;
  }

  static TempDir* dir_;
  static Store* store_;
  static ImportReport* report_;
};

TempDir* GrandBend::dir_ = nullptr;
Store* GrandBend::store_ = nullptr;
ImportReport* GrandBend::report_ = nullptr;

TEST_F(GrandBend, import_is_applied) {
  EXPECT_TRUE(report_->applied);
  EXPECT_TRUE(report_->refusal.empty());
}

// The counts come from the files themselves, read with libxml2 alone.
TEST_F(GrandBend, every_record_of_the_sample_is_stored_once) {
  EXPECT_EQ(StoredCount(*store_, RecordKind::kDistrict), 1);
  EXPECT_EQ(StoredCount(*store_, RecordKind::kSchool),
            CountRecords("EducationOrganization.xml", "School"));
  EXPECT_EQ(StoredCount(*store_, RecordKind::kRoom),
            CountRecords("EducationOrganization.xml", "Location"));
  EXPECT_EQ(StoredCount(*store_, RecordKind::kCalendar),
            CountRecords("EducationOrgCalendar.xml", "Session"));
  EXPECT_EQ(StoredCount(*store_, RecordKind::kSection), CountRecords("MasterSchedule.xml", "Section"));
  EXPECT_EQ(StoredCount(*store_, RecordKind::kStaff), CountRecords("StaffAssociation.xml", "Staff"));
  EXPECT_EQ(StoredCount(*store_, RecordKind::kStudent), CountRecords("Student.xml", "Student"));
  // Every special-education association becomes an IEP.
  EXPECT_EQ(StoredCount(*store_, RecordKind::kIep),
            CountRecords("StudentProgram.xml", "StudentSpecialEducationProgramAssociation"));
}

TEST_F(GrandBend, a_known_student_keeps_name_and_birth_date) {
  auto read = store_->Read([&](Transaction& tx) -> Result<void> {
    std::optional<Id> district = PARAPLAN_TRY(tx.FindBySourceId(RecordKind::kDistrict, "255901"));
    EXPECT_TRUE(district.has_value());
    std::optional<Id> id = PARAPLAN_TRY(tx.FindBySourceId(RecordKind::kStudent, *district, "604821"));
    EXPECT_TRUE(id.has_value());
    Student student = PARAPLAN_TRY(tx.GetStudent(*id));
    EXPECT_EQ(student.first_name, "Tyrone");
    EXPECT_EQ(student.last_name, "Dyer");
    EXPECT_EQ(student.birth_date, *Date::Parse("2014-11-13"));
    return {};
  });
  ASSERT_TRUE(read.has_value()) << read.error().message;
}

TEST_F(GrandBend, a_high_school_spans_grades_nine_to_twelve) {
  auto read = store_->Read([&](Transaction& tx) -> Result<void> {
    std::optional<Id> id = PARAPLAN_TRY(tx.FindBySourceId(RecordKind::kSchool, "255901001"));
    School school = PARAPLAN_TRY(tx.GetSchool(id.value()));
    EXPECT_EQ(school.name, "Grand Bend High School");
    EXPECT_EQ(school.lowest_grade, Grade::k9);
    EXPECT_EQ(school.highest_grade, Grade::k12);
    return {};
  });
  ASSERT_TRUE(read.has_value()) << read.error().message;
}

TEST_F(GrandBend, a_teacher_gets_role_school_and_credential_from_the_associations) {
  auto read = store_->Read([&](Transaction& tx) -> Result<void> {
    std::optional<Id> id = PARAPLAN_TRY(tx.FindBySourceId(RecordKind::kStaff, "207219"));
    Staff staff = PARAPLAN_TRY(tx.GetStaff(id.value()));
    EXPECT_EQ(staff.role, StaffRole::kGeneralEducator);
    std::optional<Id> school = PARAPLAN_TRY(tx.FindBySourceId(RecordKind::kSchool, "255901107"));
    EXPECT_EQ(staff.school_id, school);
    EXPECT_FALSE(staff.credentials.empty());
    return {};
  });
  ASSERT_TRUE(read.has_value()) << read.error().message;
}

TEST_F(GrandBend, a_section_meets_in_its_class_period_with_its_teacher_of_record) {
  auto read = store_->Read([&](Transaction& tx) -> Result<void> {
    std::optional<Id> id = PARAPLAN_TRY(tx.FindBySourceId(
        RecordKind::kSection,
        "25590110701Trad101ELA0112011|ELA-01|255901107|2021-2022 Fall Semester"));
    Section section = PARAPLAN_TRY(tx.GetSection(id.value()));
    std::optional<Id> teacher = PARAPLAN_TRY(tx.FindBySourceId(RecordKind::kStaff, "207219"));
    EXPECT_EQ(section.general_educator_id, teacher);
    EXPECT_EQ(section.meetings.size(), 5U);  // Monday to Friday
    EXPECT_TRUE(section.room_id.has_value());
    return {};
  });
  ASSERT_TRUE(read.has_value()) << read.error().message;
}

TEST_F(GrandBend, report_lists_special_education_hours_above_school_hours) {
  for (const char* student : {"604872", "605020", "605145", "605231", "605716", "605762"}) {
    EXPECT_TRUE(Mentions(*report_, "StudentProgram.xml", student,
                         "special education hours above school hours"))
        << student;
  }
  EXPECT_EQ(report_->ProblemsMentioning("special education hours above school hours"), 6);
}

TEST_F(GrandBend, report_lists_the_setting_that_disagrees_with_the_hours) {
  EXPECT_TRUE(Mentions(*report_, "StudentProgram.xml", "605478",
                       "setting disagrees with the hours"));
  EXPECT_EQ(report_->ProblemsMentioning("setting disagrees with the hours"), 1);
}

TEST_F(GrandBend, report_lists_the_deprecated_setting_descriptor) {
  EXPECT_EQ(report_->ProblemsMentioning("deprecated descriptor"), 3);
}

TEST_F(GrandBend, report_lists_the_duplicate_course_offering_with_its_line) {
  auto duplicate = std::find_if(
      report_->problems().begin(), report_->problems().end(),
      [](const ImportProblem& problem) { return problem.reason.find("duplicate id") != std::string::npos; });
  ASSERT_NE(duplicate, report_->problems().end());
  EXPECT_EQ(duplicate->file, "MasterSchedule.xml");
  EXPECT_GT(duplicate->line, 0);
  EXPECT_NE(duplicate->element.find("ALG-1"), std::string::npos);
  EXPECT_EQ(duplicate->severity, Severity::kError);
}

TEST_F(GrandBend, report_says_students_lack_a_school_association) {
  EXPECT_EQ(report_->ProblemsMentioning("have no school association"), 1);
}

TEST_F(GrandBend, every_staff_leave_is_stored_as_an_absence) {
  ReadPrograms(*store_, [](ProgramStore& programs, Transaction& tx) -> Result<void> {
    EXPECT_EQ(PARAPLAN_TRY(programs.CountAbsences(SampleDistrict(tx))),
              CountRecords("StaffAssociation.xml", "StaffLeave"));
    return {};
  });
  EXPECT_EQ(report_->Counted("absence", Action::kCreate),
            CountRecords("StaffAssociation.xml", "StaffLeave"));
}

TEST_F(GrandBend, a_known_leave_keeps_its_day_category_and_reason) {
  ReadPrograms(*store_, [](ProgramStore& programs, Transaction& tx) -> Result<void> {
    Id district = SampleDistrict(tx);
    std::optional<Id> staff = PARAPLAN_TRY(tx.FindBySourceId(RecordKind::kStaff, district, "207220"));
    std::vector<StaffAbsence> absences = PARAPLAN_TRY(programs.ListAbsences(staff.value()));
    EXPECT_EQ(absences.size(), 1U);
    if (absences.empty()) return {};
    EXPECT_EQ(absences[0].first_day, *Date::Parse("2022-03-29"));
    EXPECT_EQ(absences[0].last_day, std::nullopt);  // the sample gives no end dates
    EXPECT_EQ(absences[0].category, "Jury duty");
    EXPECT_EQ(absences[0].reason, "Personal");
    EXPECT_EQ(absences[0].source_id, "207220|2022-03-29|Jury duty");
    return {};
  });
}

TEST_F(GrandBend, every_special_education_association_is_stored_as_a_program) {
  ReadPrograms(*store_, [](ProgramStore& programs, Transaction& tx) -> Result<void> {
    EXPECT_EQ(PARAPLAN_TRY(programs.CountPrograms(SampleDistrict(tx))),
              CountRecords("StudentProgram.xml", "StudentSpecialEducationProgramAssociation"));
    return {};
  });
}

TEST_F(GrandBend, a_program_with_hours_above_school_hours_keeps_them_without_a_computed_category) {
  ReadPrograms(*store_, [](ProgramStore& programs, Transaction& tx) -> Result<void> {
    Id district = SampleDistrict(tx);
    std::optional<Id> student =
        PARAPLAN_TRY(tx.FindBySourceId(RecordKind::kStudent, district, "604872"));
    std::vector<SpecialEducationProgram> list = PARAPLAN_TRY(programs.ListPrograms(student.value()));
    EXPECT_EQ(list.size(), 1U);
    if (list.empty()) return {};
    const SpecialEducationProgram& program = list[0];
    EXPECT_EQ(program.program_name, "Special Education");
    EXPECT_EQ(program.begin, *Date::Parse("2021-08-30"));
    EXPECT_EQ(program.idea_eligible, true);
    EXPECT_EQ(program.stated_setting, "Inside regular class less than 40% of the day");
    EXPECT_EQ(program.stated_environment, EducationalEnvironment::kInsideRegularClassUnder40);
    EXPECT_EQ(program.special_education_hours_per_week, 25.0);
    EXPECT_EQ(program.school_hours_per_week, 10.0);
    EXPECT_EQ(program.computed_environment, std::nullopt);
    EXPECT_EQ(program.disabilities, std::vector<std::string>{"Autism Spectrum Disorders"});
    EXPECT_EQ(program.exit_date, *Date::Parse("2021-10-01"));
    EXPECT_EQ(program.exit_reason, "Transferred out");
    // Linked to the IEP the same association became.
    std::vector<Iep> ieps = PARAPLAN_TRY(tx.ListIeps(*student));
    EXPECT_EQ(ieps.size(), 1U);
    if (!ieps.empty()) {
      EXPECT_EQ(program.iep_id, ieps[0].id);
    }
    return {};
  });
}

TEST_F(GrandBend, a_program_keeps_the_stated_setting_beside_the_category_its_hours_give) {
  ReadPrograms(*store_, [](ProgramStore& programs, Transaction& tx) -> Result<void> {
    Id district = SampleDistrict(tx);
    std::optional<Id> student =
        PARAPLAN_TRY(tx.FindBySourceId(RecordKind::kStudent, district, "605478"));
    std::vector<SpecialEducationProgram> list = PARAPLAN_TRY(programs.ListPrograms(student.value()));
    EXPECT_EQ(list.size(), 1U);
    if (list.empty()) return {};
    EXPECT_EQ(list[0].stated_environment, EducationalEnvironment::kInsideRegularClass40To79);
    EXPECT_EQ(list[0].special_education_hours_per_week, 16.0);
    EXPECT_EQ(list[0].school_hours_per_week, 19.0);
    // 3 of 19 hours inside the regular class: 16%.
    EXPECT_EQ(list[0].computed_environment, EducationalEnvironment::kInsideRegularClassUnder40);
    EXPECT_EQ(list[0].exit_date, std::nullopt);
    return {};
  });
}

TEST_F(GrandBend, report_lists_the_exit_reason_without_an_exit_date) {
  EXPECT_TRUE(Mentions(*report_, "StudentProgram.xml", "605109", "exit reason without an exit date"));
  EXPECT_EQ(report_->ProblemsMentioning("exit reason without an exit date"), 1);
}

TEST(EdFiImport, reimporting_the_sample_changes_nothing) {
  TempDir dir;
  auto store = OpenTestStore(dir);
  ASSERT_TRUE(ImportEdFi(*store, Sample(), Apply(ProblemPolicy::kSkipInvalidRecords)).has_value());
  auto again = ImportEdFi(*store, Sample(), Apply(ProblemPolicy::kSkipInvalidRecords));
  ASSERT_TRUE(again.has_value());
  for (const char* kind : {"district", "school", "room", "calendar", "section", "staff",
                           "staff_assignment", "staff_school", "credential", "section_teacher",
                           "student", "special_education", "absence",
                           "special_education_program"}) {
    EXPECT_EQ(again->Counted(kind, Action::kCreate), 0) << kind;
    EXPECT_EQ(again->Counted(kind, Action::kUpdate), 0) << kind;
  }
  EXPECT_EQ(again->Counted("student", Action::kUnchanged), CountRecords("Student.xml", "Student"));
  EXPECT_EQ(again->Counted("absence", Action::kUnchanged),
            CountRecords("StaffAssociation.xml", "StaffLeave"));
  EXPECT_EQ(again->Counted("special_education_program", Action::kUnchanged),
            CountRecords("StudentProgram.xml", "StudentSpecialEducationProgramAssociation"));
}

TEST(EdFiImport, dry_run_reports_what_it_would_create_and_writes_nothing) {
  TempDir dir;
  auto store = OpenTestStore(dir);
  auto report = ImportEdFi(*store, Sample(), ImportOptions{});
  ASSERT_TRUE(report.has_value());
  EXPECT_FALSE(report->applied);
  EXPECT_EQ(report->Counted("student", Action::kCreate), CountRecords("Student.xml", "Student"));
  EXPECT_EQ(StoredCount(*store, RecordKind::kDistrict), 0);
  EXPECT_EQ(StoredCount(*store, RecordKind::kStudent), 0);
}

TEST(EdFiImport, an_import_refused_for_errors_leaves_the_database_as_it_was) {
  TempDir dir;
  auto store = OpenTestStore(dir);
  TempDir variant;
  CopySample(variant.path(), {"EducationOrganization.xml", "Student.xml"});
  ASSERT_TRUE(ImportEdFi(*store, variant.path(), Apply(ProblemPolicy::kSkipInvalidRecords)).has_value());
  // A renamed student and a student without a birth date: the error refuses
  // the whole import, so the rename is not written either.
  Replace(variant.path() / "Student.xml", "<FirstName>Tyrone</FirstName>",
          "<FirstName>Ty</FirstName>");
  Replace(variant.path() / "Student.xml", "<BirthDate>", "<BirthDate>not a date");
  auto refused = ImportEdFi(*store, variant.path(), Apply(ProblemPolicy::kRefuseOnError));
  ASSERT_TRUE(refused.has_value());
  EXPECT_FALSE(refused->applied);
  EXPECT_FALSE(refused->refusal.empty());
  auto read = store->Read([&](Transaction& tx) -> Result<void> {
    std::optional<Id> id = PARAPLAN_TRY(tx.FindBySourceId(RecordKind::kStudent, "604821"));
    Student student = PARAPLAN_TRY(tx.GetStudent(id.value()));
    EXPECT_EQ(student.first_name, "Tyrone");
    return {};
  });
  ASSERT_TRUE(read.has_value()) << read.error().message;
}

TEST(EdFiImport, an_association_naming_a_missing_student_is_reported) {
  TempDir variant;
  CopySample(variant.path(), {"EducationOrganization.xml", "Student.xml", "StudentProgram.xml"});
  Replace(variant.path() / "StudentProgram.xml",
          "<StudentSpecialEducationProgramAssociation>\n\t\t<StudentReference>\n\t\t\t"
          "<StudentIdentity>\n\t\t\t\t<StudentUniqueId>604872",
          "<StudentSpecialEducationProgramAssociation>\n\t\t<StudentReference>\n\t\t\t"
          "<StudentIdentity>\n\t\t\t\t<StudentUniqueId>999999");
  TempDir dir;
  auto store = OpenTestStore(dir);
  auto report = ImportEdFi(*store, variant.path(), ImportOptions{});
  ASSERT_TRUE(report.has_value());
  EXPECT_TRUE(Mentions(*report, "StudentProgram.xml", "999999",
                       "missing reference: student '999999'"));
  EXPECT_EQ(report->Counted("special_education", Action::kSkip), 1);
}

TEST(EdFiImport, an_unknown_descriptor_is_reported_not_fatal) {
  TempDir variant;
  CopySample(variant.path(), {"EducationOrganization.xml", "Student.xml", "StudentProgram.xml"});
  Replace(variant.path() / "StudentProgram.xml",
          "SpecialEducationSettingDescriptor#Inside regular class less than 40% of the day",
          "SpecialEducationSettingDescriptor#On the moon");
  TempDir dir;
  auto store = OpenTestStore(dir);
  auto report = ImportEdFi(*store, variant.path(), ImportOptions{});
  ASSERT_TRUE(report.has_value());
  EXPECT_TRUE(Mentions(*report, "StudentProgram.xml", "604872",
                       "unknown descriptor: SpecialEducationSetting 'On the moon'"));
}

TEST(EdFiImport, a_file_that_is_not_well_formed_is_reported_with_its_line) {
  TempDir variant;
  CopySample(variant.path(), {"EducationOrganization.xml", "Student.xml"});
  Replace(variant.path() / "Student.xml", "</LastSurname>", "</Surname>");
  TempDir dir;
  auto store = OpenTestStore(dir);
  auto report = ImportEdFi(*store, variant.path(), ImportOptions{});
  ASSERT_TRUE(report.has_value());
  auto malformed = std::find_if(report->problems().begin(), report->problems().end(),
                                [](const ImportProblem& problem) {
                                  return problem.file == "Student.xml" &&
                                         problem.severity == Severity::kError;
                                });
  ASSERT_NE(malformed, report->problems().end());
  EXPECT_NE(malformed->reason.find("line 8"), std::string::npos) << malformed->reason;
}

TEST(EdFiImport, student_enrollment_interchange_places_students_and_enrols_them_in_sections) {
  TempDir variant;
  CopySample(variant.path(), {"EducationOrganization.xml", "EducationOrgCalendar.xml",
                              "MasterSchedule.xml", "Student.xml"});
  // The sample has no StudentEnrollment interchange: this one is written in
  // its format, for a student of the sample and one of its sections.
  std::ofstream(variant.path() / "StudentEnrollment.xml") << R"(<?xml version="1.0" encoding="UTF-8"?>
<InterchangeStudentEnrollment xmlns="http://ed-fi.org/5.2.0">
	<StudentSchoolAssociation>
		<StudentReference><StudentIdentity><StudentUniqueId>604821</StudentUniqueId></StudentIdentity></StudentReference>
		<SchoolReference><SchoolIdentity><SchoolId>255901107</SchoolId></SchoolIdentity></SchoolReference>
		<EntryDate>2021-08-23</EntryDate>
		<EntryGradeLevel>uri://ed-fi.org/GradeLevelDescriptor#First grade</EntryGradeLevel>
	</StudentSchoolAssociation>
	<StudentSectionAssociation>
		<StudentReference><StudentIdentity><StudentUniqueId>604821</StudentUniqueId></StudentIdentity></StudentReference>
		<SectionReference><SectionIdentity>
			<SectionIdentifier>25590110701Trad101ELA0112011</SectionIdentifier>
			<CourseOfferingReference><CourseOfferingIdentity>
				<LocalCourseCode>ELA-01</LocalCourseCode>
				<SchoolReference><SchoolIdentity><SchoolId>255901107</SchoolId></SchoolIdentity></SchoolReference>
				<SessionReference><SessionIdentity><SessionName>2021-2022 Fall Semester</SessionName></SessionIdentity></SessionReference>
			</CourseOfferingIdentity></CourseOfferingReference>
		</SectionIdentity></SectionReference>
		<BeginDate>2021-08-23</BeginDate>
		<EndDate>2021-12-17</EndDate>
	</StudentSectionAssociation>
</InterchangeStudentEnrollment>
)";
  TempDir dir;
  auto store = OpenTestStore(dir);
  auto report = ImportEdFi(*store, variant.path(), Apply(ProblemPolicy::kSkipInvalidRecords));
  ASSERT_TRUE(report.has_value());
  EXPECT_EQ(report->Counted("enrolment", Action::kCreate), 1);
  auto read = store->Read([&](Transaction& tx) -> Result<void> {
    std::optional<Id> id = PARAPLAN_TRY(tx.FindBySourceId(RecordKind::kStudent, "604821"));
    Student student = PARAPLAN_TRY(tx.GetStudent(id.value()));
    EXPECT_EQ(student.school_id, PARAPLAN_TRY(tx.FindBySourceId(RecordKind::kSchool, "255901107")));
    EXPECT_EQ(student.grade, Grade::k1);
    std::vector<Enrolment> enrolments = PARAPLAN_TRY(tx.ListEnrolments(*id, std::nullopt, Page{}));
    EXPECT_EQ(enrolments.size(), 1U);
    return {};
  });
  ASSERT_TRUE(read.has_value()) << read.error().message;
  auto again = ImportEdFi(*store, variant.path(), Apply(ProblemPolicy::kSkipInvalidRecords));
  ASSERT_TRUE(again.has_value());
  EXPECT_EQ(again->Counted("enrolment", Action::kUnchanged), 1);
  EXPECT_EQ(again->Counted("student", Action::kUpdate), 0);
}

TEST(EdFiImport, a_folder_that_does_not_exist_fails) {
  TempDir dir;
  auto store = OpenTestStore(dir);
  auto report = ImportEdFi(*store, dir.path() / "nothing-here", ImportOptions{});
  ASSERT_FALSE(report.has_value());
  EXPECT_EQ(report.error().code, ErrorCode::kNotFound);
}

}  // namespace
}  // namespace paraplan
