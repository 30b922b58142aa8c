#include "interop/edfi_import.h"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <charconv>
#include <chrono>
#include <string>
#include <string_view>
#include <system_error>
#include <vector>

#include "domain/absence.h"
#include "domain/program.h"
#include "interop/environment.h"
#include "interop/xml_reader.h"

namespace paraplan {
namespace {

namespace fs = std::filesystem;

// The code value of a descriptor URI: "uri://ed-fi.org/GradeLevelDescriptor#Ninth grade"
// gives "Ninth grade".
std::string_view CodeValue(std::string_view uri) {
  std::size_t hash = uri.find('#');
  return hash == std::string_view::npos ? uri : uri.substr(hash + 1);
}

std::string_view DescriptorNamespace(std::string_view uri) {
  std::size_t hash = uri.find('#');
  return hash == std::string_view::npos ? std::string_view() : uri.substr(0, hash);
}

std::optional<Grade> GradeOfEdFi(std::string_view code) {
  static constexpr std::array<std::pair<std::string_view, Grade>, 15> kGrades{{
      {"Preschool/Prekindergarten", Grade::kPK},
      {"Infant/toddler", Grade::kPK},
      {"Kindergarten", Grade::kK},
      {"First grade", Grade::k1},
      {"Second grade", Grade::k2},
      {"Third grade", Grade::k3},
      {"Fourth grade", Grade::k4},
      {"Fifth grade", Grade::k5},
      {"Sixth grade", Grade::k6},
      {"Seventh grade", Grade::k7},
      {"Eighth grade", Grade::k8},
      {"Ninth grade", Grade::k9},
      {"Tenth grade", Grade::k10},
      {"Eleventh grade", Grade::k11},
      {"Twelfth grade", Grade::k12},
  }};
  for (const auto& [name, grade] : kGrades) {
    if (name == code) return grade;
  }
  return std::nullopt;
}

// paraplan's role for an Ed-Fi StaffClassificationDescriptor code value.
std::optional<StaffRole> RoleOfEdFi(std::string_view classification, std::string_view title) {
  if (classification == "Teacher") {
    return title.find("Special Education") != std::string_view::npos
               ? StaffRole::kSpecialEducator
               : StaffRole::kGeneralEducator;
  }
  if (classification == "Instructional Aide" || classification == "Paraprofessional" ||
      classification == "Instructional Aide/Paraprofessional") {
    return StaffRole::kParaeducator;
  }
  static constexpr std::array<std::string_view, 8> kAdministrators{
      "Principal",          "Assistant Principal",     "School Administrator",
      "LEA Administrator",  "LEA System Administrator", "Superintendent",
      "Assistant Superintendent", "School Leader"};
  if (std::find(kAdministrators.begin(), kAdministrators.end(), classification) !=
      kAdministrators.end()) {
    return StaffRole::kAdministrator;
  }
  return std::nullopt;
}

std::optional<double> ParseNumber(std::string_view text) {
  double value = 0;
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc() || end != text.data() + text.size()) return std::nullopt;
  return value;
}

std::string Key(std::initializer_list<std::string_view> parts) {
  std::string key;
  for (std::string_view part : parts) {
    if (!key.empty()) key += '|';
    key += part;
  }
  return key;
}

// Paths of the references the interchanges repeat.
constexpr std::string_view kSchoolId = "SchoolReference/SchoolIdentity/SchoolId";
constexpr std::string_view kStaffId = "StaffReference/StaffIdentity/StaffUniqueId";
constexpr std::string_view kStudentId = "StudentReference/StudentIdentity/StudentUniqueId";

class EdFiImporter {
 public:
  EdFiImporter(ImportContext& context, fs::path folder)
      : context_(context), folder_(std::move(folder)) {}

  Result<void> Run();

 private:
  using Handler = Result<void> (EdFiImporter::*)(const XmlRecord&);

  // Reads every record of `file_name` (when present) and hands the ones
  // named in `handlers` to their function.
  Result<void> ReadFile(const fs::path& path,
                        std::initializer_list<std::pair<std::string_view, Handler>> handlers);

  Result<void> OnDescriptor(const XmlRecord& record);
  Result<void> OnLocalEducationAgency(const XmlRecord& record);
  Result<void> OnSchool(const XmlRecord& record);
  Result<void> OnClassPeriod(const XmlRecord& record);
  Result<void> OnCourse(const XmlRecord& record);
  Result<void> OnLocation(const XmlRecord& record);
  Result<void> OnSession(const XmlRecord& record);
  Result<void> OnCourseOffering(const XmlRecord& record);
  Result<void> OnSection(const XmlRecord& record);
  Result<void> OnStaff(const XmlRecord& record);
  Result<void> OnStaffAssignment(const XmlRecord& record);
  Result<void> OnStaffSchool(const XmlRecord& record);
  Result<void> OnStaffSection(const XmlRecord& record);
  Result<void> OnStaffLeave(const XmlRecord& record);
  Result<void> OnCredential(const XmlRecord& record);
  Result<void> OnStudentSchool(const XmlRecord& record);
  Result<void> OnStudent(const XmlRecord& record);
  Result<void> OnStudentSection(const XmlRecord& record);
  Result<void> OnSpecialEducation(const XmlRecord& record);

  // Reports a warning when `uri` belongs to a descriptor type loaded from
  // Descriptors/ but is not one of its values. Empty values pass.
  Result<void> CheckDescriptor(std::string_view field, std::string_view uri);
  // The district the record belongs to; reports an error when there is none.
  std::optional<Id> District();
  Result<std::optional<Id>> School(std::string_view school_id);
  bool HasNewErrors(std::int64_t errors_before) const {
    return context_.report.errors() > errors_before;
  }

  ImportContext& context_;
  fs::path folder_;
  std::optional<Id> district_id_;
  std::optional<Id> first_school_id_;
  std::string first_school_name_;
  std::int64_t students_without_school_ = 0;
  std::int64_t leaves_ = 0;
};

Result<void> EdFiImporter::Run() {
  std::error_code error;
  if (!fs::is_directory(folder_, error)) {
    return Fail(Error::NotFound(fmt::format("{} is not a folder", folder_.filename().string())));
  }
  // Descriptors first: every later record's descriptor values are checked
  // against them. Sorted, so reports come out in the same order every run.
  std::vector<fs::path> descriptor_files;
  for (const auto& entry : fs::directory_iterator(folder_ / "Descriptors", error)) {
    if (entry.path().extension() == ".xml") descriptor_files.push_back(entry.path());
  }
  std::sort(descriptor_files.begin(), descriptor_files.end());
  for (const fs::path& path : descriptor_files) {
    PARAPLAN_TRY(ReadFile(path, {}));
  }

  // Then the interchanges in dependency order, so that every reference
  // points at a record already written.
  PARAPLAN_TRY(ReadFile(folder_ / "EducationOrganization.xml",
                        {{"LocalEducationAgency", &EdFiImporter::OnLocalEducationAgency},
                         {"School", &EdFiImporter::OnSchool},
                         {"ClassPeriod", &EdFiImporter::OnClassPeriod},
                         {"Course", &EdFiImporter::OnCourse},
                         {"Location", &EdFiImporter::OnLocation}}));
  PARAPLAN_TRY(ReadFile(folder_ / "EducationOrgCalendar.xml",
                        {{"Session", &EdFiImporter::OnSession}}));
  PARAPLAN_TRY(ReadFile(folder_ / "MasterSchedule.xml",
                        {{"CourseOffering", &EdFiImporter::OnCourseOffering},
                         {"Section", &EdFiImporter::OnSection}}));
  PARAPLAN_TRY(ReadFile(
      folder_ / "StaffAssociation.xml",
      {{"Staff", &EdFiImporter::OnStaff},
       {"StaffEducationOrganizationAssignmentAssociation", &EdFiImporter::OnStaffAssignment},
       {"StaffSchoolAssociation", &EdFiImporter::OnStaffSchool},
       {"StaffSectionAssociation", &EdFiImporter::OnStaffSection},
       {"StaffLeave", &EdFiImporter::OnStaffLeave},
       {"Credential", &EdFiImporter::OnCredential}}));
  if (leaves_ > 0 && context_.programs == nullptr) {
    context_.element = "StaffLeave";
    context_.line = 0;
    context_.Warning(fmt::format(
        "{} staff leave record(s) read and checked but not stored: this store keeps no "
        "absences",
        leaves_));
  }
  // A student's school and grade come from the StudentEnrollment
  // interchange, which is staged before the students are read so that each
  // is written once; its section associations follow the students.
  PARAPLAN_TRY(ReadFile(folder_ / "StudentEnrollment.xml",
                        {{"StudentSchoolAssociation", &EdFiImporter::OnStudentSchool}}));
  PARAPLAN_TRY(ReadFile(folder_ / "Student.xml", {{"Student", &EdFiImporter::OnStudent}}));
  if (students_without_school_ > 0) {
    context_.element = "Student";
    context_.line = 0;
    context_.Warning(fmt::format(
        "{} student(s) have no school association (the StudentEnrollment interchange is not "
        "in the import): placed at {} in kindergarten until one is imported",
        students_without_school_, first_school_name_));
  }
  PARAPLAN_TRY(ReadFile(folder_ / "StudentEnrollment.xml",
                        {{"StudentSectionAssociation", &EdFiImporter::OnStudentSection}}));
  PARAPLAN_TRY(ReadFile(folder_ / "StudentProgram.xml",
                        {{"StudentSpecialEducationProgramAssociation",
                          &EdFiImporter::OnSpecialEducation}}));
  return {};
}

Result<void> EdFiImporter::ReadFile(
    const fs::path& path, std::initializer_list<std::pair<std::string_view, Handler>> handlers) {
  std::error_code error;
  if (!fs::exists(path, error)) return {};
  bool descriptors = path.parent_path().filename() == "Descriptors";
  context_.file = descriptors ? "Descriptors/" + path.filename().string() : path.filename().string();
  context_.line = 0;
  context_.element.clear();
  auto size = fs::file_size(path, error);
  context_.progress.Start(context_.file, error ? 0 : static_cast<std::int64_t>(size));

  Result<std::unique_ptr<XmlRecordReader>> opened = XmlRecordReader::Open(path.string());
  if (!opened) {
    context_.Error(opened.error().message);
    return {};
  }
  XmlRecordReader& reader = **opened;
  XmlRecord record;
  while (true) {
    Result<bool> next = reader.Next(record);
    if (!next) {
      // A file that is not well-formed stops there: what follows cannot be trusted.
      context_.element.clear();
      context_.line = 0;
      context_.Error(next.error().message);
      break;
    }
    if (!*next) break;
    context_.line = record.line;
    context_.element = record.name;
    context_.progress.Update(reader.bytes_read());
    if (descriptors) {
      PARAPLAN_TRY(OnDescriptor(record));
      continue;
    }
    for (const auto& [name, handler] : handlers) {
      if (name == record.name) {
        PARAPLAN_TRY((this->*handler)(record));
        break;
      }
    }
  }
  context_.progress.Finish();
  return {};
}

Result<void> EdFiImporter::OnDescriptor(const XmlRecord& record) {
  std::string_view ns = record.Get("Namespace");
  std::string_view code = record.Get("CodeValue");
  if (ns.empty() || code.empty()) {
    context_.Error("descriptor without Namespace or CodeValue");
    return {};
  }
  // The standard keeps retired values, marked in their description, so that
  // old data still loads; importing one is worth a warning.
  bool deprecated = record.Get("ShortDescription").starts_with("DEPRECATED");
  PARAPLAN_TRY(context_.staging.Put("descriptor", fmt::format("{}#{}", ns, code),
                                    deprecated ? "deprecated" : ""));
  PARAPLAN_TRY(context_.staging.Put("descriptor_type", ns, ""));
  return {};
}

Result<void> EdFiImporter::CheckDescriptor(std::string_view field, std::string_view uri) {
  if (uri.empty()) return {};
  std::string_view ns = DescriptorNamespace(uri);
  if (ns.empty()) {
    context_.Warning(fmt::format("unknown descriptor: {} '{}' is not a descriptor URI", field, uri));
    return {};
  }
  if (!PARAPLAN_TRY(context_.staging.Get("descriptor_type", ns))) return {};
  std::optional<std::string> known = PARAPLAN_TRY(context_.staging.Get("descriptor", uri));
  if (!known) {
    context_.Warning(fmt::format("unknown descriptor: {} '{}' is not among the {} values", field,
                                 CodeValue(uri), ns));
  } else if (*known == "deprecated") {
    context_.Warning(fmt::format("deprecated descriptor: {} '{}' is marked DEPRECATED in {}",
                                 field, CodeValue(uri), ns));
  }
  return {};
}

std::optional<Id> EdFiImporter::District() {
  if (!district_id_) context_.Error("missing reference: no LocalEducationAgency was imported");
  return district_id_;
}

Result<std::optional<Id>> EdFiImporter::School(std::string_view school_id) {
  std::optional<Id> district = District();
  if (!district) return std::optional<Id>();
  return context_.Resolve(RecordKind::kSchool, *district, school_id, "school");
}

Result<void> EdFiImporter::OnLocalEducationAgency(const XmlRecord& record) {
  paraplan::District district;
  district.name = std::string(record.Get("NameOfInstitution"));
  district.source_id = std::string(record.Get("LocalEducationAgencyId"));
  context_.element = fmt::format("LocalEducationAgency {}", district.source_id);
  std::optional<Id> id = PARAPLAN_TRY(context_.Upsert(
      district, [](paraplan::District& stored, const paraplan::District& incoming) {
        return Assign(stored.name, incoming.name);
      }));
  if (!id) return {};
  if (!district_id_) district_id_ = id;
  PARAPLAN_TRY(context_.staging.Put("lea_ref", record.Get("@id"), district.source_id));
  return {};
}

Result<void> EdFiImporter::OnSchool(const XmlRecord& record) {
  std::int64_t errors_before = context_.report.errors();
  paraplan::School school;
  school.source_id = std::string(record.Get("SchoolId"));
  school.name = std::string(record.Get("NameOfInstitution"));
  context_.element = fmt::format("School {}", school.source_id);
  // The agency by XML reference or by identity.
  std::string lea(record.Get("LocalEducationAgencyReference/LocalEducationAgencyIdentity/"
                             "LocalEducationAgencyId"));
  if (lea.empty()) {
    std::string_view ref = record.Get("LocalEducationAgencyReference/@ref");
    if (!ref.empty()) lea = PARAPLAN_TRY(context_.staging.Get("lea_ref", ref)).value_or("");
  }
  std::optional<Id> district =
      PARAPLAN_TRY(context_.Resolve(RecordKind::kDistrict, 0, lea, "local education agency"));
  std::vector<Grade> grades;
  for (std::string_view uri : record.All("GradeLevel")) {
    PARAPLAN_TRY(CheckDescriptor("GradeLevel", uri));
    if (std::optional<Grade> grade = GradeOfEdFi(CodeValue(uri))) {
      grades.push_back(*grade);
    } else {
      context_.Warning(fmt::format("grade level '{}' has no paraplan grade; left out",
                                   CodeValue(uri)));
    }
  }
  if (!grades.empty()) {
    auto [lowest, highest] = std::minmax_element(grades.begin(), grades.end());
    school.lowest_grade = *lowest;
    school.highest_grade = *highest;
  }
  if (!district || HasNewErrors(errors_before)) {
    context_.report.Count("school", Action::kSkip);
    return {};
  }
  school.district_id = *district;
  std::optional<Id> id = PARAPLAN_TRY(
      context_.Upsert(school, [](paraplan::School& stored, const paraplan::School& incoming) {
        bool changed = Assign(stored.name, incoming.name);
        changed |= Assign(stored.lowest_grade, incoming.lowest_grade);
        changed |= Assign(stored.highest_grade, incoming.highest_grade);
        return changed;
      }));
  if (id && !first_school_id_) {
    first_school_id_ = id;
    first_school_name_ = school.name;
  }
  return {};
}

Result<void> EdFiImporter::OnClassPeriod(const XmlRecord& record) {
  std::string_view school = record.Get(kSchoolId);
  std::string_view name = record.Get("ClassPeriodName");
  context_.element = fmt::format("ClassPeriod {} {}", school, name);
  std::string_view start = record.Get("MeetingTime/StartTime").substr(0, 5);
  std::string_view end = record.Get("MeetingTime/EndTime").substr(0, 5);
  std::optional<TimeOfDay> from = TimeOfDay::Parse(start);
  std::optional<TimeOfDay> to = TimeOfDay::Parse(end);
  if (!from || !to || !(*from < *to)) {
    context_.Error(fmt::format("MeetingTime '{}'-'{}' is not a time span", start, end));
    return {};
  }
  if (!PARAPLAN_TRY(context_.FirstSighting("class_period", Key({school, name})))) return {};
  PARAPLAN_TRY(context_.staging.Put("class_period", Key({school, name}),
                                    fmt::format("{}-{}", start, end)));
  return {};
}

Result<void> EdFiImporter::OnCourse(const XmlRecord& record) {
  std::string_view owner =
      record.Get("EducationOrganizationReference/EducationOrganizationIdentity/"
                 "EducationOrganizationId");
  std::string_view code = record.Get("CourseCode");
  context_.element = fmt::format("Course {}", code);
  if (!PARAPLAN_TRY(context_.FirstSighting("course", Key({owner, code})))) return {};
  PARAPLAN_TRY(context_.staging.Put("course", Key({owner, code}), record.Get("CourseTitle")));
  return {};
}

Result<void> EdFiImporter::OnLocation(const XmlRecord& record) {
  std::int64_t errors_before = context_.report.errors();
  std::string_view school_id = record.Get(kSchoolId);
  std::string_view code = record.Get("ClassroomIdentificationCode");
  context_.element = fmt::format("Location {} {}", school_id, code);
  std::optional<Id> school = PARAPLAN_TRY(School(school_id));
  Room room;
  room.name = std::string(code);
  room.source_id = Key({school_id, code});
  if (std::string_view seats = record.Get("MaximumNumberOfSeats"); !seats.empty()) {
    std::optional<double> capacity = ParseNumber(seats);
    if (!capacity) {
      context_.Error(fmt::format("MaximumNumberOfSeats '{}' is not a number", seats));
    } else {
      room.capacity = static_cast<int>(*capacity);
    }
  }
  if (!school || HasNewErrors(errors_before)) {
    context_.report.Count("room", Action::kSkip);
    return {};
  }
  room.school_id = *school;
  PARAPLAN_TRY(context_.Upsert(room, *district_id_, [](Room& stored, const Room& incoming) {
    bool changed = Assign(stored.name, incoming.name);
    changed |= Assign(stored.capacity, incoming.capacity);
    return changed;
  }));
  return {};
}

Result<void> EdFiImporter::OnSession(const XmlRecord& record) {
  std::int64_t errors_before = context_.report.errors();
  std::string_view school_id = record.Get(kSchoolId);
  std::string_view name = record.Get("SessionName");
  context_.element = fmt::format("Session {} {}", school_id, name);
  std::optional<Id> school = PARAPLAN_TRY(School(school_id));
  std::optional<Date> first = ParseDateField(context_, "BeginDate", record.Get("BeginDate"));
  std::optional<Date> last = ParseDateField(context_, "EndDate", record.Get("EndDate"));
  if (!PARAPLAN_TRY(context_.FirstSighting("calendar", Key({school_id, name})))) {
    context_.report.Count("calendar", Action::kSkip);
    return {};
  }
  if (!school || !first || !last || HasNewErrors(errors_before)) {
    context_.report.Count("calendar", Action::kSkip);
    return {};
  }
  // Calendars carry no source id: a session is found again by school and name.
  std::vector<SchoolCalendar> calendars = PARAPLAN_TRY(context_.tx.ListCalendars(*school));
  auto stored = std::find_if(calendars.begin(), calendars.end(),
                             [&](const SchoolCalendar& calendar) { return calendar.name == name; });
  if (stored == calendars.end()) {
    SchoolCalendar calendar;
    calendar.school_id = *school;
    calendar.name = std::string(name);
    calendar.first_day = *first;
    calendar.last_day = *last;
    Result<Id> inserted = context_.tx.Insert(calendar);
    if (!inserted) {
      PARAPLAN_TRY(context_.Refused("calendar", inserted.error()));
      context_.report.Count("calendar", Action::kSkip);
      return {};
    }
    context_.report.Count("calendar", Action::kCreate);
    return {};
  }
  bool changed = Assign(stored->first_day, *first);
  changed |= Assign(stored->last_day, *last);
  if (!changed) {
    context_.report.Count("calendar", Action::kUnchanged);
    return {};
  }
  Result<std::int64_t> updated = context_.tx.Update(*stored);
  if (!updated) {
    PARAPLAN_TRY(context_.Refused("calendar", updated.error()));
    context_.report.Count("calendar", Action::kSkip);
    return {};
  }
  context_.report.Count("calendar", Action::kUpdate);
  return {};
}

Result<void> EdFiImporter::OnCourseOffering(const XmlRecord& record) {
  std::string_view school = record.Get(kSchoolId);
  std::string_view session = record.Get("SessionReference/SessionIdentity/SessionName");
  std::string_view local_code = record.Get("LocalCourseCode");
  context_.element = fmt::format("CourseOffering {} {} {}", school, session, local_code);
  std::string_view course_code = record.Get("CourseReference/CourseIdentity/CourseCode");
  std::string_view owner = record.Get(
      "CourseReference/CourseIdentity/EducationOrganizationReference/"
      "EducationOrganizationIdentity/EducationOrganizationId");
  std::optional<std::string> title =
      PARAPLAN_TRY(context_.staging.Get("course", Key({owner, course_code})));
  if (!title) {
    context_.Error(fmt::format("missing reference: course '{}' of education organization '{}' "
                               "is not in the import",
                               course_code, owner));
    return {};
  }
  std::string_view local_title = record.Get("LocalCourseTitle");
  if (!PARAPLAN_TRY(context_.FirstSighting("course_offering", Key({school, session, local_code})))) {
    return {};
  }
  PARAPLAN_TRY(context_.staging.Put("offering", Key({school, session, local_code}),
                                    local_title.empty() ? *title : local_title));
  return {};
}

Result<void> EdFiImporter::OnSection(const XmlRecord& record) {
  std::int64_t errors_before = context_.report.errors();
  constexpr std::string_view kOffering = "CourseOfferingReference/CourseOfferingIdentity/";
  std::string school_id(record.Get(fmt::format("{}{}", kOffering, kSchoolId)));
  std::string session(
      record.Get(fmt::format("{}SessionReference/SessionIdentity/SessionName", kOffering)));
  std::string local_code(record.Get(fmt::format("{}LocalCourseCode", kOffering)));
  std::string_view identifier = record.Get("SectionIdentifier");
  context_.element = fmt::format("Section {}", identifier);

  Section section;
  section.code = std::string(identifier);
  section.source_id = Key({identifier, local_code, school_id, session});
  std::optional<Id> school = PARAPLAN_TRY(School(school_id));
  std::optional<std::string> title =
      PARAPLAN_TRY(context_.staging.Get("offering", Key({school_id, session, local_code})));
  if (!title) {
    context_.Error(fmt::format("missing reference: course offering '{}' in '{}' at school '{}' "
                               "is not in the import",
                               local_code, session, school_id));
  } else {
    section.course = *title;
  }
  for (std::string_view period :
       record.All("ClassPeriodReference/ClassPeriodIdentity/ClassPeriodName")) {
    std::optional<std::string> span =
        PARAPLAN_TRY(context_.staging.Get("class_period", Key({school_id, period})));
    if (!span) {
      context_.Error(fmt::format("missing reference: class period '{}' at school '{}' is not "
                                 "in the import",
                                 period, school_id));
      continue;
    }
    TimeSpan times{*TimeOfDay::Parse(std::string_view(*span).substr(0, 5)),
                   *TimeOfDay::Parse(std::string_view(*span).substr(6, 5))};
    // A class period meets on every school day; bell schedules in the sample
    // carry no weekdays that would say otherwise.
    for (Weekday day : {Weekday::kMonday, Weekday::kTuesday, Weekday::kWednesday,
                        Weekday::kThursday, Weekday::kFriday}) {
      section.meetings.push_back({day, times});
    }
  }
  std::string_view classroom = record.Get("LocationReference/LocationIdentity/ClassroomIdentificationCode");
  if (!classroom.empty() && school) {
    section.room_id = PARAPLAN_TRY(
        context_.Resolve(RecordKind::kRoom, *district_id_, Key({school_id, classroom}), "room"));
  }
  if (!school || HasNewErrors(errors_before)) {
    context_.report.Count("section", Action::kSkip);
    return {};
  }
  section.school_id = *school;
  PARAPLAN_TRY(
      context_.Upsert(section, *district_id_, [](Section& stored, const Section& incoming) {
        bool changed = Assign(stored.school_id, incoming.school_id);
        changed |= Assign(stored.course, incoming.course);
        changed |= Assign(stored.code, incoming.code);
        changed |= Assign(stored.meetings, incoming.meetings);
        changed |= Assign(stored.room_id, incoming.room_id);
        return changed;
      }));
  return {};
}

Result<void> EdFiImporter::OnStaff(const XmlRecord& record) {
  Staff staff;
  staff.source_id = std::string(record.Get("StaffUniqueId"));
  context_.element = fmt::format("Staff {}", staff.source_id);
  std::optional<Id> district = District();
  if (!district) {
    context_.report.Count("staff", Action::kSkip);
    return {};
  }
  staff.district_id = *district;
  staff.first_name = std::string(record.Get("Name/FirstName"));
  staff.last_name = std::string(record.Get("Name/LastSurname"));
  staff.email = std::string(record.Get("ElectronicMail/ElectronicMailAddress"));
  for (std::string_view credential :
       record.All("CredentialReference/CredentialIdentity/CredentialIdentifier")) {
    PARAPLAN_TRY(context_.staging.Put("credential_owner", credential, staff.source_id));
  }
  // The role and school come from the assignment and school associations
  // that follow; a new staff member starts as a general educator.
  PARAPLAN_TRY(context_.Upsert(staff, [](Staff& stored, const Staff& incoming) {
    bool changed = Assign(stored.first_name, incoming.first_name);
    changed |= Assign(stored.last_name, incoming.last_name);
    changed |= Assign(stored.email, incoming.email);
    return changed;
  }));
  return {};
}

// Loads the staff member `source_id` names, applies `change` and writes it
// back when it changed, counting the outcome under `kind`.
template <typename Change>
Result<void> ChangeStaff(ImportContext& context, Id district, std::string_view source_id,
                         std::string_view kind, Change change) {
  std::optional<Id> id =
      PARAPLAN_TRY(context.Resolve(RecordKind::kStaff, district, source_id, "staff member"));
  if (!id) {
    context.report.Count(kind, Action::kSkip);
    return {};
  }
  Staff staff = PARAPLAN_TRY(context.tx.GetStaff(*id));
  bool changed = PARAPLAN_TRY(change(staff));
  if (!changed) {
    context.report.Count(kind, Action::kUnchanged);
    return {};
  }
  Result<std::int64_t> updated = context.tx.Update(staff);
  if (!updated) {
    PARAPLAN_TRY(context.Refused(kind, updated.error()));
    context.report.Count(kind, Action::kSkip);
    return {};
  }
  context.report.Count(kind, Action::kUpdate);
  return {};
}

Result<void> EdFiImporter::OnStaffAssignment(const XmlRecord& record) {
  std::string_view staff_id = record.Get(kStaffId);
  context_.element = fmt::format("StaffEducationOrganizationAssignmentAssociation {}", staff_id);
  std::optional<Id> district = District();
  if (!district) return {};
  std::string_view classification = CodeValue(record.Get("StaffClassification"));
  std::optional<StaffRole> role = RoleOfEdFi(classification, record.Get("PositionTitle"));
  if (!role) {
    context_.Warning(fmt::format("staff classification '{}' has no paraplan role; the staff "
                                 "member keeps the role they have",
                                 classification));
  }
  std::string_view organization =
      record.Get("EducationOrganizationReference/EducationOrganizationIdentity/"
                 "EducationOrganizationId");
  std::optional<Id> school =
      PARAPLAN_TRY(context_.tx.FindBySourceId(RecordKind::kSchool, *district, organization));
  return ChangeStaff(context_, *district, staff_id, "staff_assignment",
                     [&](Staff& staff) -> Result<bool> {
                       bool changed = false;
                       if (role) {
                         changed |= Assign(staff.role, *role);
                         if (*role != StaffRole::kRelatedServiceProvider) {
                           changed |= Assign(staff.provider_kind, std::optional<ProviderKind>());
                         }
                       }
                       // An assignment to a school places a staff member who has none yet.
                       if (school && !staff.school_id) changed |= Assign(staff.school_id, school);
                       return changed;
                     });
}

Result<void> EdFiImporter::OnStaffSchool(const XmlRecord& record) {
  std::string_view staff_id = record.Get(kStaffId);
  context_.element = fmt::format("StaffSchoolAssociation {}", staff_id);
  std::optional<Id> school = PARAPLAN_TRY(School(record.Get(kSchoolId)));
  if (!school) {
    context_.report.Count("staff_school", Action::kSkip);
    return {};
  }
  for (std::string_view uri : record.All("GradeLevel")) {
    PARAPLAN_TRY(CheckDescriptor("GradeLevel", uri));
  }
  // paraplan keeps one school per staff member: the first association wins.
  return ChangeStaff(context_, *district_id_, staff_id, "staff_school",
                     [&](Staff& staff) -> Result<bool> {
                       if (staff.school_id) return false;
                       staff.school_id = school;
                       return true;
                     });
}

Result<void> EdFiImporter::OnStaffSection(const XmlRecord& record) {
  std::string_view staff_id = record.Get(kStaffId);
  constexpr std::string_view kSection = "SectionReference/SectionIdentity/";
  constexpr std::string_view kOffering = "CourseOfferingReference/CourseOfferingIdentity/";
  std::string identifier(record.Get(fmt::format("{}SectionIdentifier", kSection)));
  std::string local_code(record.Get(fmt::format("{}{}LocalCourseCode", kSection, kOffering)));
  std::string school_id(record.Get(fmt::format("{}{}{}", kSection, kOffering, kSchoolId)));
  std::string session(record.Get(fmt::format(
      "{}{}SessionReference/SessionIdentity/SessionName", kSection, kOffering)));
  context_.element = fmt::format("StaffSectionAssociation {} {}", staff_id, identifier);
  std::optional<Id> district = District();
  if (!district) return {};
  std::int64_t errors_before = context_.report.errors();
  std::optional<Id> staff =
      PARAPLAN_TRY(context_.Resolve(RecordKind::kStaff, *district, staff_id, "staff member"));
  std::optional<Id> section_id = PARAPLAN_TRY(context_.Resolve(
      RecordKind::kSection, *district, Key({identifier, local_code, school_id, session}),
      "section"));
  std::string_view position = CodeValue(record.Get("ClassroomPosition"));
  if (HasNewErrors(errors_before) || !staff || !section_id) {
    context_.report.Count("section_teacher", Action::kSkip);
    return {};
  }
  if (position != "Teacher of Record") {
    context_.Warning(fmt::format("classroom position '{}' is not stored: paraplan records the "
                                 "teacher of record of a section",
                                 position));
    context_.report.Count("section_teacher", Action::kSkip);
    return {};
  }
  // paraplan keeps one general educator per section: the first teacher of
  // record in the file, so a re-import does not swap co-teachers back and forth.
  bool first_teacher = PARAPLAN_TRY(context_.staging.MarkSeen(
      "section_teacher", Key({identifier, local_code, school_id, session})));
  if (!first_teacher) {
    context_.Warning("the section has more than one teacher of record; paraplan keeps the first");
    context_.report.Count("section_teacher", Action::kSkip);
    return {};
  }
  Section section = PARAPLAN_TRY(context_.tx.GetSection(*section_id));
  if (section.general_educator_id == staff) {
    context_.report.Count("section_teacher", Action::kUnchanged);
    return {};
  }
  section.general_educator_id = staff;
  Result<std::int64_t> updated = context_.tx.Update(section);
  if (!updated) {
    PARAPLAN_TRY(context_.Refused("section_teacher", updated.error()));
    context_.report.Count("section_teacher", Action::kSkip);
    return {};
  }
  context_.report.Count("section_teacher", Action::kUpdate);
  return {};
}

Result<void> EdFiImporter::OnStaffLeave(const XmlRecord& record) {
  std::int64_t errors_before = context_.report.errors();
  std::string_view staff_id = record.Get(kStaffId);
  std::string_view begin_text = record.Get("BeginDate");
  std::string_view category = record.Get("StaffLeaveEventCategory");
  context_.element = fmt::format("StaffLeave {} {}", staff_id, begin_text);
  std::optional<Id> district = District();
  if (!district) return {};
  std::optional<Id> staff =
      PARAPLAN_TRY(context_.Resolve(RecordKind::kStaff, *district, staff_id, "staff member"));
  PARAPLAN_TRY(CheckDescriptor("StaffLeaveEventCategory", category));
  if (category.empty()) context_.Error("StaffLeaveEventCategory is missing");
  std::optional<Date> begin = ParseDateField(context_, "BeginDate", begin_text);
  std::optional<Date> end;
  if (std::string_view end_text = record.Get("EndDate"); !end_text.empty()) {
    end = ParseDateField(context_, "EndDate", end_text);
    if (begin && end && *end < *begin) context_.Error("EndDate is before BeginDate");
  }
  ++leaves_;
  if (!staff || !begin || HasNewErrors(errors_before)) {
    context_.report.Count("absence", Action::kSkip);
    return {};
  }
  // Ed-Fi identifies a leave by its staff member, begin date and category.
  StaffAbsence absence;
  absence.district_id = *district;
  absence.staff_id = *staff;
  absence.first_day = *begin;
  absence.last_day = end;
  absence.category = std::string(CodeValue(category));
  absence.reason = std::string(record.Get("Reason"));
  absence.source_id = Key({staff_id, begin_text, CodeValue(category)});
  PARAPLAN_TRY(context_.Put(absence));
  return {};
}

Result<void> EdFiImporter::OnCredential(const XmlRecord& record) {
  std::string_view number = record.Get("CredentialIdentifier");
  context_.element = fmt::format("Credential {}", number);
  std::optional<Id> district = District();
  if (!district) return {};
  std::optional<std::string> owner =
      PARAPLAN_TRY(context_.staging.Get("credential_owner", number));
  if (!owner) {
    context_.Warning("no staff member in the import refers to this credential; not stored");
    context_.report.Count("credential", Action::kSkip);
    return {};
  }
  Credential credential;
  credential.number = std::string(number);
  std::string_view teaching = CodeValue(record.Get("TeachingCredential"));
  credential.kind = teaching == "Paraprofessional" ? CredentialKind::kSpecialEducationProgramAide
                                                   : CredentialKind::kTeachingLicense;
  if (std::string_view expires = record.Get("ExpirationDate"); !expires.empty()) {
    credential.expires = ParseDateField(context_, "ExpirationDate", expires);
  }
  return ChangeStaff(context_, *district, *owner, "credential",
                     [&](Staff& staff) -> Result<bool> {
                       auto same = std::find_if(
                           staff.credentials.begin(), staff.credentials.end(),
                           [&](const Credential& held) { return held.number == number; });
                       if (same == staff.credentials.end()) {
                         staff.credentials.push_back(credential);
                         return true;
                       }
                       return Assign(*same, credential);
                     });
}

Result<void> EdFiImporter::OnStudentSchool(const XmlRecord& record) {
  std::string_view student = record.Get(kStudentId);
  std::string_view school = record.Get(kSchoolId);
  std::string_view entry = record.Get("EntryDate");
  context_.element = fmt::format("StudentSchoolAssociation {} {}", student, school);
  std::string_view grade_uri = record.Get("EntryGradeLevel");
  PARAPLAN_TRY(CheckDescriptor("EntryGradeLevel", grade_uri));
  if (!GradeOfEdFi(CodeValue(grade_uri))) {
    context_.Error(fmt::format("EntryGradeLevel '{}' has no paraplan grade", CodeValue(grade_uri)));
    return {};
  }
  if (!ParseDateField(context_, "EntryDate", entry)) return {};
  // The latest entry wins: a student who moved is at the school entered last.
  std::optional<std::string> staged = PARAPLAN_TRY(context_.staging.Get("student_school", student));
  if (staged && std::string_view(*staged).substr(0, 10) > entry) return {};
  PARAPLAN_TRY(context_.staging.Put("student_school", student,
                                    fmt::format("{}|{}|{}", entry, school, CodeValue(grade_uri))));
  return {};
}

Result<void> EdFiImporter::OnStudentSection(const XmlRecord& record) {
  std::int64_t errors_before = context_.report.errors();
  std::string_view student_id = record.Get(kStudentId);
  constexpr std::string_view kSection = "SectionReference/SectionIdentity/";
  constexpr std::string_view kOffering = "CourseOfferingReference/CourseOfferingIdentity/";
  std::string identifier(record.Get(fmt::format("{}SectionIdentifier", kSection)));
  std::string local_code(record.Get(fmt::format("{}{}LocalCourseCode", kSection, kOffering)));
  std::string school_id(record.Get(fmt::format("{}{}{}", kSection, kOffering, kSchoolId)));
  std::string session(record.Get(fmt::format(
      "{}{}SessionReference/SessionIdentity/SessionName", kSection, kOffering)));
  context_.element = fmt::format("StudentSectionAssociation {} {}", student_id, identifier);
  std::optional<Id> district = District();
  if (!district) return {};
  std::optional<Id> student =
      PARAPLAN_TRY(context_.Resolve(RecordKind::kStudent, *district, student_id, "student"));
  std::optional<Id> section = PARAPLAN_TRY(context_.Resolve(
      RecordKind::kSection, *district, Key({identifier, local_code, school_id, session}),
      "section"));
  std::optional<Date> begin = ParseDateField(context_, "BeginDate", record.Get("BeginDate"));
  std::optional<Date> end;
  if (std::string_view text = record.Get("EndDate"); !text.empty()) {
    end = ParseDateField(context_, "EndDate", text);
  }
  if (!PARAPLAN_TRY(context_.FirstSighting(
          "student_section", Key({student_id, identifier, local_code, school_id, session})))) {
    context_.report.Count("enrolment", Action::kSkip);
    return {};
  }
  if (!student || !section || !begin || HasNewErrors(errors_before)) {
    context_.report.Count("enrolment", Action::kSkip);
    return {};
  }
  // Enrolments carry no source id: one per student and section.
  std::vector<Enrolment> existing =
      PARAPLAN_TRY(context_.tx.ListEnrolments(*student, *section, Page{0, 2}));
  Enrolment enrolment;
  enrolment.student_id = *student;
  enrolment.section_id = *section;
  enrolment.start = *begin;
  enrolment.end = end;
  if (existing.empty()) {
    Result<Id> inserted = context_.tx.Insert(enrolment);
    if (!inserted) {
      PARAPLAN_TRY(context_.Refused("enrolment", inserted.error()));
      context_.report.Count("enrolment", Action::kSkip);
      return {};
    }
    context_.report.Count("enrolment", Action::kCreate);
    return {};
  }
  Enrolment stored = existing.front();
  bool changed = Assign(stored.start, enrolment.start);
  changed |= Assign(stored.end, enrolment.end);
  if (!changed) {
    context_.report.Count("enrolment", Action::kUnchanged);
    return {};
  }
  Result<std::int64_t> updated = context_.tx.Update(stored);
  if (!updated) {
    PARAPLAN_TRY(context_.Refused("enrolment", updated.error()));
    context_.report.Count("enrolment", Action::kSkip);
    return {};
  }
  context_.report.Count("enrolment", Action::kUpdate);
  return {};
}

Result<void> EdFiImporter::OnStudent(const XmlRecord& record) {
  std::int64_t errors_before = context_.report.errors();
  Student student;
  student.source_id = std::string(record.Get("StudentUniqueId"));
  context_.element = fmt::format("Student {}", student.source_id);
  student.first_name = std::string(record.Get("Name/FirstName"));
  student.last_name = std::string(record.Get("Name/LastSurname"));
  std::optional<Date> birth =
      ParseDateField(context_, "BirthData/BirthDate", record.Get("BirthData/BirthDate"));
  std::optional<Id> district = District();
  std::optional<std::string> enrolled =
      PARAPLAN_TRY(context_.staging.Get("student_school", student.source_id));
  std::optional<Id> school;
  if (enrolled && district) {
    // "entry date|school id|grade code", staged from StudentSchoolAssociation.
    std::string_view staged(*enrolled);
    std::string_view rest = staged.substr(11);
    std::string_view school_id = rest.substr(0, rest.find('|'));
    school = PARAPLAN_TRY(School(school_id));
    student.grade = GradeOfEdFi(rest.substr(rest.find('|') + 1)).value_or(Grade::kK);
  } else if (!first_school_id_) {
    context_.Error("missing reference: no school was imported");
  }
  if (!birth || !district || HasNewErrors(errors_before)) {
    context_.report.Count("student", Action::kSkip);
    return {};
  }
  student.birth_date = *birth;
  if (school) {
    student.school_id = *school;
    PARAPLAN_TRY(context_.Upsert(student, *district, [](Student& stored, const Student& incoming) {
      bool changed = Assign(stored.first_name, incoming.first_name);
      changed |= Assign(stored.last_name, incoming.last_name);
      changed |= Assign(stored.birth_date, incoming.birth_date);
      changed |= Assign(stored.school_id, incoming.school_id);
      changed |= Assign(stored.grade, incoming.grade);
      return changed;
    }));
    return {};
  }
  student.school_id = *first_school_id_;
  std::optional<Id> existing =
      PARAPLAN_TRY(context_.tx.FindBySourceId(RecordKind::kStudent, *district, student.source_id));
  if (!existing) ++students_without_school_;
  // Without a school association, school and grade stay as stored.
  PARAPLAN_TRY(context_.Upsert(student, *district, [](Student& stored, const Student& incoming) {
    bool changed = Assign(stored.first_name, incoming.first_name);
    changed |= Assign(stored.last_name, incoming.last_name);
    changed |= Assign(stored.birth_date, incoming.birth_date);
    return changed;
  }));
  return {};
}

Result<void> EdFiImporter::OnSpecialEducation(const XmlRecord& record) {
  std::int64_t errors_before = context_.report.errors();
  std::string_view student_id = record.Get(kStudentId);
  std::string_view begin_text = record.Get("BeginDate");
  context_.element = fmt::format("StudentSpecialEducationProgramAssociation {} {}", student_id,
                                 begin_text);
  std::optional<Id> district = District();
  if (!district) return {};
  std::optional<Id> student =
      PARAPLAN_TRY(context_.Resolve(RecordKind::kStudent, *district, student_id, "student"));

  // Descriptors the association states; unknown ones are reported, and an
  // unknown setting cannot be checked against the hours.
  std::string_view setting = record.Get("SpecialEducationSetting");
  PARAPLAN_TRY(CheckDescriptor("SpecialEducationSetting", setting));
  for (std::string_view disability : record.All("Disability/Disability")) {
    PARAPLAN_TRY(CheckDescriptor("Disability", disability));
  }
  for (std::string_view service :
       record.All("SpecialEducationProgramService/SpecialEducationProgramService")) {
    PARAPLAN_TRY(CheckDescriptor("SpecialEducationProgramService", service));
  }
  PARAPLAN_TRY(
      CheckDescriptor("SpecialEducationExitReason", record.Get("SpecialEducationExitReason")));

  // The hours against each other and against the stated setting.
  std::string_view special_text = record.Get("SpecialEducationHoursPerWeek");
  std::string_view school_text = record.Get("SchoolHoursPerWeek");
  std::optional<double> special_hours = ParseNumber(special_text);
  std::optional<double> school_hours = ParseNumber(school_text);
  if (!special_text.empty() && !special_hours) {
    context_.Error(fmt::format("SpecialEducationHoursPerWeek '{}' is not a number", special_text));
  }
  if (!school_text.empty() && !school_hours) {
    context_.Error(fmt::format("SchoolHoursPerWeek '{}' is not a number", school_text));
  }
  if (special_hours && school_hours) {
    if (*special_hours > *school_hours) {
      context_.Warning(fmt::format(
          "special education hours above school hours: SpecialEducationHoursPerWeek {} exceeds "
          "SchoolHoursPerWeek {}",
          special_text, school_text));
    } else if (Result<EducationalEnvironment> computed =
                   ComputeEnvironment(*special_hours, *school_hours)) {
      std::optional<EducationalEnvironment> stated = EnvironmentOfEdFiSetting(CodeValue(setting));
      if (stated && *stated != *computed) {
        double percent = *PercentInsideRegularClass(*special_hours, *school_hours);
        context_.Warning(fmt::format(
            "setting disagrees with the hours: '{}' is stated, but {} special education hours "
            "of {} school hours put the student {:.0f}% of the day inside the regular class, "
            "which is {}",
            CodeValue(setting), special_text, school_text, percent, Describe(*computed)));
      }
    } else {
      context_.Error(computed.error().message);
    }
  }

  // The program as paraplan's IEP record: its dates and whether it is running.
  Iep iep;
  iep.source_id = Key({student_id, begin_text, record.Get("ProgramReference/ProgramIdentity/ProgramName")});
  std::string_view iep_begin = record.Get("IEPBeginDate");
  std::optional<Date> start =
      iep_begin.empty() ? ParseDateField(context_, "BeginDate", begin_text)
                        : ParseDateField(context_, "IEPBeginDate", iep_begin);
  std::optional<Date> end;
  for (std::string_view field : {"IEPEndDate", "SpecialEducationExitDate", "EndDate"}) {
    if (std::string_view text = record.Get(field); !text.empty()) {
      end = ParseDateField(context_, field, text);
      break;
    }
  }
  if (start) {
    if (!end) end = start->AddDays(364);
    iep.start = *start;
    iep.end = *end;
    iep.status = record.Has("SpecialEducationExitDate") || record.Has("EndDate") ||
                         record.Has("IEPEndDate")
                     ? IepStatus::kEnded
                     : IepStatus::kActive;
    // Ed-Fi's IEPReviewDate is the last review; paraplan keeps the next one,
    // due a year later (IDEA: at least once a year).
    iep.annual_review = start->AddDays(365);
    if (std::string_view review = record.Get("IEPReviewDate"); !review.empty()) {
      if (std::optional<Date> last = ParseDateField(context_, "IEPReviewDate", review)) {
        std::chrono::year_month_day next = last->Ymd() + std::chrono::years(1);
        if (!next.ok()) next = std::chrono::year_month_day(std::chrono::sys_days(next));
        iep.annual_review = Date(next);
        if (iep.annual_review < iep.start) {
          context_.Error(fmt::format("IEPReviewDate {} is more than a year before IEPBeginDate "
                                     "{}: the IEP is overdue for review",
                                     review, iep_begin));
        }
      }
    }
  }
  if (!student || !start || !end || HasNewErrors(errors_before)) {
    context_.report.Count("special_education", Action::kSkip);
    return {};
  }
  iep.student_id = *student;
  std::optional<Id> iep_id =
      PARAPLAN_TRY(context_.Upsert(iep, *district, [](Iep& stored, const Iep& incoming) {
    bool changed = Assign(stored.status, incoming.status);
    changed |= Assign(stored.start, incoming.start);
    changed |= Assign(stored.end, incoming.end);
    changed |= Assign(stored.annual_review, incoming.annual_review);
    changed |= Assign(stored.student_id, incoming.student_id);
    return changed;
  }));

  // The program as the source states it, beside the IEP, with the category
  // paraplan computes from the hours.
  SpecialEducationProgram program;
  program.district_id = *district;
  program.student_id = *student;
  program.iep_id = iep_id;
  program.program_name = std::string(record.Get("ProgramReference/ProgramIdentity/ProgramName"));
  // The association's own begin (its identity in Ed-Fi), else the IEP's.
  program.begin = Date::Parse(begin_text).value_or(*start);
  if (std::string_view end_text = record.Get("EndDate"); !end_text.empty()) {
    program.end = Date::Parse(end_text);
  }
  if (std::string_view eligible = record.Get("IdeaEligibility"); !eligible.empty()) {
    program.idea_eligible = eligible == "1" || eligible == "true";
  }
  program.stated_setting = std::string(CodeValue(setting));
  program.stated_environment = EnvironmentOfEdFiSetting(program.stated_setting);
  program.special_education_hours_per_week = special_hours;
  program.school_hours_per_week = school_hours;
  if (special_hours && school_hours) {
    if (Result<EducationalEnvironment> computed =
            ComputeEnvironment(*special_hours, *school_hours)) {
      program.computed_environment = *computed;
    }
  }
  for (std::string_view disability : record.All("Disability/Disability")) {
    program.disabilities.emplace_back(CodeValue(disability));
  }
  for (std::string_view service :
       record.All("SpecialEducationProgramService/SpecialEducationProgramService")) {
    program.program_services.emplace_back(CodeValue(service));
  }
  if (std::string_view exit_text = record.Get("SpecialEducationExitDate"); !exit_text.empty()) {
    program.exit_date = Date::Parse(exit_text);
  }
  program.exit_reason = std::string(CodeValue(record.Get("SpecialEducationExitReason")));
  if (!program.exit_reason.empty() && !program.exit_date) {
    context_.Warning(fmt::format(
        "exit reason without an exit date: SpecialEducationExitReason '{}' is stated but no "
        "SpecialEducationExitDate; the program is kept as running",
        program.exit_reason));
  }
  program.source_id = iep.source_id;
  PARAPLAN_TRY(context_.Put(program));
  return {};
}

}  // namespace

Result<ImportReport> ImportEdFi(Store& store, const std::filesystem::path& folder,
                                const ImportOptions& options) {
  std::error_code error;
  if (!fs::is_directory(folder, error)) {
    return Fail(Error::NotFound(fmt::format("{} is not a folder", folder.filename().string())));
  }
  return RunImport(store, options, [&](ImportContext& context) -> Result<void> {
    EdFiImporter importer(context, folder);
    return importer.Run();
  });
}

}  // namespace paraplan
