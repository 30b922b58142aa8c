#include "interop/oneroster_import.h"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <map>
#include <string>
#include <string_view>
#include <system_error>
#include <vector>

#include "interop/csv_reader.h"

namespace paraplan {
namespace {

namespace fs = std::filesystem;

enum class FileMode { kAbsent, kBulk, kDelta };

std::vector<std::string_view> SplitList(std::string_view text) {
  std::vector<std::string_view> items;
  while (!text.empty()) {
    std::size_t comma = text.find(',');
    std::string_view item = text.substr(0, comma);
    while (!item.empty() && item.front() == ' ') item.remove_prefix(1);
    while (!item.empty() && item.back() == ' ') item.remove_suffix(1);
    if (!item.empty()) items.push_back(item);
    if (comma == std::string_view::npos) break;
    text.remove_prefix(comma + 1);
  }
  return items;
}

// The kinds of user paraplan keeps, from the OneRoster role vocabulary.
enum class UserKind { kStudent, kStaff, kGuardian };

struct RoleMapping {
  UserKind kind;
  StaffRole staff_role;
};

std::optional<RoleMapping> MapRole(std::string_view role) {
  if (role == "student") return RoleMapping{UserKind::kStudent, StaffRole::kGeneralEducator};
  if (role == "teacher") return RoleMapping{UserKind::kStaff, StaffRole::kGeneralEducator};
  if (role == "aide") return RoleMapping{UserKind::kStaff, StaffRole::kParaeducator};
  if (role == "administrator" || role == "districtAdministrator" ||
      role == "siteAdministrator" || role == "principal" || role == "systemAdministrator") {
    return RoleMapping{UserKind::kStaff, StaffRole::kAdministrator};
  }
  if (role == "parent" || role == "guardian" || role == "relative") {
    return RoleMapping{UserKind::kGuardian, StaffRole::kGeneralEducator};
  }
  return std::nullopt;
}

// One CSV file being read: its rows by column name.
class CsvFile {
 public:
  explicit CsvFile(std::unique_ptr<CsvReader> reader) : reader_(std::move(reader)) {}

  Result<bool> Next() { return reader_->Next(fields_); }
  std::string_view operator[](std::string_view column) const {
    std::optional<std::size_t> index = reader_->Column(column);
    return index ? std::string_view(fields_[*index]) : std::string_view();
  }
  bool HasColumn(std::string_view column) const { return reader_->Column(column).has_value(); }
  CsvReader& reader() { return *reader_; }

 private:
  std::unique_ptr<CsvReader> reader_;
  std::vector<std::string> fields_;
};

class OneRosterImporter {
 public:
  OneRosterImporter(ImportContext& context, fs::path folder)
      : context_(context), folder_(std::move(folder)) {}

  Result<void> Run();

 private:
  using RowHandler = Result<void> (OneRosterImporter::*)(CsvFile& row, FileMode mode);

  Result<void> ReadManifest();
  // Reads `name` when the manifest lists it, checking that `required`
  // columns are present, and hands each row to `handler`.
  Result<void> ReadFile(std::string_view name, std::initializer_list<std::string_view> required,
                        RowHandler handler);

  Result<void> OnOrg(CsvFile& row, FileMode mode);
  Result<void> OnAcademicSession(CsvFile& row, FileMode mode);
  Result<void> OnCourse(CsvFile& row, FileMode mode);
  Result<void> OnClass(CsvFile& row, FileMode mode);
  Result<void> OnDemographics(CsvFile& row, FileMode mode);
  Result<void> OnRole(CsvFile& row, FileMode mode);
  Result<void> OnUser(CsvFile& row, FileMode mode);
  Result<void> OnEnrollment(CsvFile& row, FileMode mode);

  // Whether the row asks for its record to be deleted (delta files only).
  bool ToBeDeleted(const CsvFile& row, FileMode mode) const;
  // Deletes the record of `kind` with `source_id` in `district` (any
  // district for districts and schools), counting it under `name`.
  Result<void> DeleteBySource(RecordKind kind, std::string_view name, std::optional<Id> district,
                              std::string_view source_id);
  struct SchoolRef {
    Id school = 0;
    Id district = 0;
  };
  // The school with `source_id` and its district. Remembered: every class,
  // user and enrolment names its school, and the lookups that follow are by
  // district, which is what the store indexes.
  Result<std::optional<SchoolRef>> FindSchool(std::string_view source_id);
  // Links the guardian to the student unless they are linked already.
  Result<void> LinkGuardian(Id guardian, Id student);
  bool HasErrorsSince(std::int64_t errors_before) const {
    return context_.report.errors() > errors_before;
  }

  ImportContext& context_;
  fs::path folder_;
  std::map<std::string, FileMode, std::less<>> modes_;
  std::int64_t aide_enrollments_ = 0;
  // One entry per school (hundreds for a state), not per student.
  std::map<std::string, SchoolRef, std::less<>> schools_;
};

Result<void> OneRosterImporter::Run() {
  PARAPLAN_TRY(ReadManifest());
  if (modes_.empty()) return {};
  PARAPLAN_TRY(ReadFile("orgs.csv", {"sourcedId", "name", "type"}, &OneRosterImporter::OnOrg));
  PARAPLAN_TRY(ReadFile("academicSessions.csv", {"sourcedId", "title", "type", "startDate", "endDate"},
                        &OneRosterImporter::OnAcademicSession));
  PARAPLAN_TRY(ReadFile("courses.csv", {"sourcedId", "title", "orgSourcedId"},
                        &OneRosterImporter::OnCourse));
  PARAPLAN_TRY(ReadFile("classes.csv", {"sourcedId", "title", "courseSourcedId", "schoolSourcedId"},
                        &OneRosterImporter::OnClass));
  // Birth dates and (in 1.2) roles are joined to users, so they are staged first.
  PARAPLAN_TRY(ReadFile("demographics.csv", {"sourcedId", "birthDate"},
                        &OneRosterImporter::OnDemographics));
  PARAPLAN_TRY(ReadFile("roles.csv", {"userSourcedId", "role", "orgSourcedId"},
                        &OneRosterImporter::OnRole));
  PARAPLAN_TRY(ReadFile("users.csv", {"sourcedId", "givenName", "familyName"},
                        &OneRosterImporter::OnUser));
  PARAPLAN_TRY(ReadFile("enrollments.csv", {"sourcedId", "classSourcedId", "userSourcedId", "role"},
                        &OneRosterImporter::OnEnrollment));
  if (aide_enrollments_ > 0) {
    context_.file = "enrollments.csv";
    context_.line = 0;
    context_.element = "enrollments";
    context_.Warning(fmt::format(
        "{} aide enrollment(s) read but not stored: paraplan assigns paraeducators to sections "
        "in its own schedule",
        aide_enrollments_));
  }
  return {};
}

Result<void> OneRosterImporter::ReadManifest() {
  context_.file = "manifest.csv";
  context_.line = 0;
  context_.element = "manifest";
  Result<std::unique_ptr<CsvReader>> opened = CsvReader::Open((folder_ / "manifest.csv").string());
  if (!opened) {
    context_.Error(opened.error().code == ErrorCode::kNotFound
                       ? "missing: a OneRoster export starts with manifest.csv"
                       : opened.error().message);
    return {};
  }
  CsvFile manifest(std::move(*opened));
  if (!manifest.HasColumn("propertyName") || !manifest.HasColumn("value")) {
    context_.Error("the header must name the columns propertyName and value");
    return {};
  }
  std::string version;
  while (true) {
    Result<bool> next = manifest.Next();
    if (!next) {
      context_.Error(next.error().message);
      modes_.clear();
      return {};
    }
    if (!*next) break;
    context_.line = manifest.reader().line();
    std::string_view property = manifest["propertyName"];
    std::string_view value = manifest["value"];
    if (property == "oneroster.version") version = std::string(value);
    if (!property.starts_with("file.")) continue;
    std::string file = fmt::format("{}.csv", property.substr(5));
    if (value == "bulk") {
      modes_[file] = FileMode::kBulk;
    } else if (value == "delta") {
      modes_[file] = FileMode::kDelta;
    } else if (value == "absent") {
      modes_[file] = FileMode::kAbsent;
    } else {
      context_.Error(fmt::format("{} is '{}': must be bulk, delta or absent", property, value));
    }
  }
  context_.line = 0;
  if (version != "1.1" && version != "1.2") {
    context_.Error(version.empty()
                       ? "oneroster.version is missing"
                       : fmt::format("oneroster.version '{}' is not supported (1.1 or 1.2)", version));
    modes_.clear();
  }
  return {};
}

Result<void> OneRosterImporter::ReadFile(std::string_view name,
                                         std::initializer_list<std::string_view> required,
                                         RowHandler handler) {
  context_.file = std::string(name);
  context_.line = 0;
  context_.element = std::string(name.substr(0, name.size() - 4));
  auto listed = modes_.find(name);
  FileMode mode = listed == modes_.end() ? FileMode::kAbsent : listed->second;
  std::error_code error;
  bool exists = fs::exists(folder_ / name, error);
  if (mode == FileMode::kAbsent) {
    if (exists) context_.Warning("present but the manifest says absent: not read");
    return {};
  }
  Result<std::unique_ptr<CsvReader>> opened = CsvReader::Open((folder_ / name).string());
  if (!opened) {
    context_.Error(opened.error().code == ErrorCode::kNotFound
                       ? "missing: the manifest lists it"
                       : opened.error().message);
    return {};
  }
  CsvFile file(std::move(*opened));
  for (std::string_view column : required) {
    if (!file.HasColumn(column)) {
      context_.line = 1;
      context_.Error(fmt::format("the header has no column {}", column));
      return {};
    }
  }
  context_.progress.Start(context_.file, file.reader().size());
  while (true) {
    Result<bool> next = file.Next();
    if (!next) {
      // The rest of a malformed file cannot be trusted.
      context_.line = 0;
      context_.element = std::string(name.substr(0, name.size() - 4));
      context_.Error(next.error().message);
      break;
    }
    if (!*next) break;
    context_.line = file.reader().line();
    context_.element = fmt::format("{} {}", name.substr(0, name.size() - 4),
                                   file.HasColumn("sourcedId") ? file["sourcedId"]
                                                               : file["userSourcedId"]);
    context_.progress.Update(file.reader().bytes_read());
    PARAPLAN_TRY((this->*handler)(file, mode));
  }
  context_.progress.Finish();
  return {};
}

bool OneRosterImporter::ToBeDeleted(const CsvFile& row, FileMode mode) const {
  return mode == FileMode::kDelta && row["status"] == "tobedeleted";
}

Result<void> OneRosterImporter::DeleteBySource(RecordKind kind, std::string_view name,
                                               std::optional<Id> district,
                                               std::string_view source_id) {
  if (kind == RecordKind::kSchool) schools_.erase(std::string(source_id));
  std::optional<Id> id =
      district ? PARAPLAN_TRY(context_.tx.FindBySourceId(kind, *district, source_id))
               : PARAPLAN_TRY(context_.tx.FindBySourceId(kind, source_id));
  if (!id) {
    context_.report.Count(name, Action::kUnchanged);
    return {};
  }
  Result<void> deleted = context_.tx.Delete(kind, *id);
  if (!deleted) {
    PARAPLAN_TRY(context_.Refused(name, deleted.error()));
    context_.report.Count(name, Action::kSkip);
    return {};
  }
  context_.report.Count(name, Action::kDelete);
  return {};
}

Result<std::optional<OneRosterImporter::SchoolRef>> OneRosterImporter::FindSchool(
    std::string_view source_id) {
  if (auto known = schools_.find(source_id); known != schools_.end()) {
    return std::optional<SchoolRef>(known->second);
  }
  // Schools are few, so finding one across districts is cheap.
  std::optional<Id> id = PARAPLAN_TRY(context_.tx.FindBySourceId(RecordKind::kSchool, source_id));
  if (!id) return std::optional<SchoolRef>();
  School school = PARAPLAN_TRY(context_.tx.GetSchool(*id));
  SchoolRef ref{*id, school.district_id};
  schools_.emplace(std::string(source_id), ref);
  return std::optional<SchoolRef>(ref);
}

Result<void> OneRosterImporter::OnOrg(CsvFile& row, FileMode mode) {
  std::string_view type = row["type"];
  std::string_view source_id = row["sourcedId"];
  if (type != "district" && type != "school") {
    // States, departments and the like have no record in paraplan.
    context_.report.Count("org", Action::kSkip);
    return {};
  }
  RecordKind kind = type == "district" ? RecordKind::kDistrict : RecordKind::kSchool;
  if (ToBeDeleted(row, mode)) return DeleteBySource(kind, type, std::nullopt, source_id);
  if (type == "district") {
    District district;
    district.name = std::string(row["name"]);
    district.source_id = std::string(source_id);
    PARAPLAN_TRY(context_.Upsert(district, [](District& stored, const District& incoming) {
      return Assign(stored.name, incoming.name);
    }));
    return {};
  }
  std::optional<Id> district = PARAPLAN_TRY(context_.Resolve(
      RecordKind::kDistrict, 0, row["parentSourcedId"], "parent district (parentSourcedId)"));
  if (!district) {
    context_.report.Count("school", Action::kSkip);
    return {};
  }
  School school;
  school.district_id = *district;
  school.name = std::string(row["name"]);
  school.source_id = std::string(source_id);
  PARAPLAN_TRY(context_.Upsert(school, [](School& stored, const School& incoming) {
    return Assign(stored.name, incoming.name);
  }));
  return {};
}

Result<void> OneRosterImporter::OnAcademicSession(CsvFile& row, FileMode mode) {
  if (ToBeDeleted(row, mode)) return {};
  std::optional<Date> start = ParseDateField(context_, "startDate", row["startDate"]);
  std::optional<Date> end = ParseDateField(context_, "endDate", row["endDate"]);
  if (start && end && *end < *start) context_.Error("endDate is before startDate");
  if (!PARAPLAN_TRY(context_.FirstSighting("academic_session", row["sourcedId"]))) return {};
  // Sessions are not records of their own in paraplan: their start dates
  // are the default start of enrolments in their classes.
  if (start) PARAPLAN_TRY(context_.staging.Put("session_start", row["sourcedId"], start->ToString()));
  return {};
}

Result<void> OneRosterImporter::OnCourse(CsvFile& row, FileMode mode) {
  if (ToBeDeleted(row, mode)) return {};
  std::string_view title = row["title"];
  if (title.empty()) context_.Error("title is empty");
  if (!PARAPLAN_TRY(context_.FirstSighting("course", row["sourcedId"]))) return {};
  PARAPLAN_TRY(context_.staging.Put("course", row["sourcedId"], title));
  return {};
}

Result<void> OneRosterImporter::OnClass(CsvFile& row, FileMode mode) {
  std::string_view source_id = row["sourcedId"];
  std::int64_t errors_before = context_.report.errors();
  std::optional<SchoolRef> school = PARAPLAN_TRY(FindSchool(row["schoolSourcedId"]));
  if (!school) {
    context_.Error(fmt::format("missing reference: school '{}' (schoolSourcedId) is not in the "
                               "import or the database",
                               row["schoolSourcedId"]));
  }
  std::optional<std::string> course = PARAPLAN_TRY(context_.staging.Get("course", row["courseSourcedId"]));
  if (!course) {
    context_.Error(fmt::format("missing reference: course '{}' (courseSourcedId) is not in "
                               "courses.csv",
                               row["courseSourcedId"]));
  }
  std::vector<std::string_view> terms = SplitList(row["termSourcedIds"]);
  for (std::string_view term : terms) {
    std::optional<std::string> start = PARAPLAN_TRY(context_.staging.Get("session_start", term));
    if (!start) {
      context_.Error(fmt::format("missing reference: academic session '{}' (termSourcedIds) is "
                                 "not in academicSessions.csv",
                                 term));
    } else if (term == terms.front()) {
      PARAPLAN_TRY(context_.staging.Put("class_start", source_id, *start));
    }
  }
  if (school && ToBeDeleted(row, mode)) {
    return DeleteBySource(RecordKind::kSection, "section", school->district, source_id);
  }
  if (HasErrorsSince(errors_before)) {
    context_.report.Count("section", Action::kSkip);
    return {};
  }
  Section section;
  section.school_id = school->school;
  section.course = *course;
  section.code = std::string(row["classCode"].empty() ? row["title"] : row["classCode"]);
  section.source_id = std::string(source_id);
  PARAPLAN_TRY(context_.Upsert(section, school->district,
                               [](Section& stored, const Section& incoming) {
                                 bool changed = Assign(stored.school_id, incoming.school_id);
                                 changed |= Assign(stored.course, incoming.course);
                                 changed |= Assign(stored.code, incoming.code);
                                 return changed;
                               }));
  return {};
}

Result<void> OneRosterImporter::OnDemographics(CsvFile& row, FileMode mode) {
  if (ToBeDeleted(row, mode)) return {};
  if (!PARAPLAN_TRY(context_.FirstSighting("demographics", row["sourcedId"]))) return {};
  std::string_view birth = row["birthDate"];
  if (birth.empty()) return {};
  if (std::optional<Date> date = ParseDateField(context_, "birthDate", birth)) {
    PARAPLAN_TRY(context_.staging.Put("birth_date", row["sourcedId"], date->ToString()));
  }
  return {};
}

Result<void> OneRosterImporter::OnRole(CsvFile& row, FileMode mode) {
  if (ToBeDeleted(row, mode)) return {};
  // OneRoster 1.2 moves a user's roles to roles.csv; paraplan keeps the
  // primary one, or the first listed.
  std::string_view user = row["userSourcedId"];
  std::string value = fmt::format("{}|{}", row["role"], row["orgSourcedId"]);
  bool primary = row["roleType"] == "primary";
  if (primary || !PARAPLAN_TRY(context_.staging.Get("role", user))) {
    PARAPLAN_TRY(context_.staging.Put("role", user, value));
  }
  return {};
}

Result<void> OneRosterImporter::OnUser(CsvFile& row, FileMode mode) {
  std::string_view source_id = row["sourcedId"];
  std::string role(row["role"]);
  std::string orgs(row.HasColumn("orgSourcedIds") ? row["orgSourcedIds"]
                                                  : row["primaryOrgSourcedId"]);
  if (role.empty()) {
    if (std::optional<std::string> staged = PARAPLAN_TRY(context_.staging.Get("role", source_id))) {
      std::size_t bar = staged->find('|');
      role = staged->substr(0, bar);
      if (orgs.empty()) orgs = staged->substr(bar + 1);
    }
  }
  std::optional<RoleMapping> mapping = MapRole(role);
  if (!mapping) {
    if (role.empty()) {
      context_.Error("role is missing (users.csv role column, or roles.csv in OneRoster 1.2)");
    } else {
      context_.Warning(fmt::format("role '{}' has no paraplan record; the user is skipped", role));
    }
    context_.report.Count("user", Action::kSkip);
    return {};
  }
  RecordKind kind = mapping->kind == UserKind::kStudent   ? RecordKind::kStudent
                    : mapping->kind == UserKind::kStaff   ? RecordKind::kStaff
                                                          : RecordKind::kGuardian;
  std::string_view kind_name = NameOf(kind);

  std::int64_t errors_before = context_.report.errors();
  // The user's school and district, from the first org that is one.
  std::optional<Id> school;
  std::optional<Id> district;
  for (std::string_view org : SplitList(orgs)) {
    if (std::optional<SchoolRef> found = PARAPLAN_TRY(FindSchool(org))) {
      school = found->school;
      district = found->district;
      break;
    }
    if (std::optional<Id> found = PARAPLAN_TRY(context_.tx.FindBySourceId(RecordKind::kDistrict, org))) {
      district = found;
      break;
    }
  }
  if (!district) {
    context_.Error(orgs.empty() ? std::string("missing reference: the user names no org")
                                : fmt::format("missing reference: none of the orgs '{}' is a "
                                              "school or district in the import or the database",
                                              orgs));
  }
  if (district && ToBeDeleted(row, mode)) return DeleteBySource(kind, kind_name, district, source_id);
  std::string first_name(row["givenName"]);
  std::string last_name(row["familyName"]);
  std::string email(row["email"]);

  if (mapping->kind == UserKind::kStudent) {
    Student student;
    student.source_id = std::string(source_id);
    student.first_name = first_name;
    student.last_name = last_name;
    if (!school && district) context_.Error("missing reference: a student needs a school org");
    std::vector<std::string_view> grades = SplitList(row["grades"]);
    if (!grades.empty()) {
      if (std::optional<Grade> grade = GradeOfOneRoster(grades.front())) {
        student.grade = *grade;
      } else {
        context_.Error(fmt::format("grades '{}' is not a grade paraplan knows (KG, 01-12, PK)",
                                   grades.front()));
      }
    }
    std::optional<std::string> birth = PARAPLAN_TRY(context_.staging.Get("birth_date", source_id));
    if (!birth && district) {
      // A delta names only the demographics that changed: a stored student
      // keeps the birth date they have.
      std::optional<Id> stored =
          PARAPLAN_TRY(context_.tx.FindBySourceId(RecordKind::kStudent, *district, source_id));
      if (stored) birth = PARAPLAN_TRY(context_.tx.GetStudent(*stored)).birth_date.ToString();
    }
    if (!birth) {
      context_.Error("birth date missing: demographics.csv has no birthDate for this student");
    } else {
      student.birth_date = *Date::Parse(*birth);
    }
    if (HasErrorsSince(errors_before)) {
      context_.report.Count(kind_name, Action::kSkip);
      return {};
    }
    student.school_id = *school;
    std::optional<Id> id = PARAPLAN_TRY(
        context_.Upsert(student, *district, [](Student& stored, const Student& incoming) {
          bool changed = Assign(stored.first_name, incoming.first_name);
          changed |= Assign(stored.last_name, incoming.last_name);
          changed |= Assign(stored.school_id, incoming.school_id);
          changed |= Assign(stored.grade, incoming.grade);
          changed |= Assign(stored.birth_date, incoming.birth_date);
          return changed;
        }));
    if (!id) return {};
    // Guardians listed as agents and already imported are linked now; the
    // others link when their own row comes.
    for (std::string_view agent : SplitList(row["agentSourcedIds"])) {
      std::optional<Id> guardian =
          PARAPLAN_TRY(context_.tx.FindBySourceId(RecordKind::kGuardian, *district, agent));
      if (guardian) PARAPLAN_TRY(LinkGuardian(*guardian, *id));
    }
    return {};
  }

  if (HasErrorsSince(errors_before)) {
    context_.report.Count(kind_name, Action::kSkip);
    return {};
  }
  if (mapping->kind == UserKind::kStaff) {
    Staff staff;
    staff.district_id = *district;
    staff.school_id = school;
    staff.first_name = first_name;
    staff.last_name = last_name;
    staff.email = email;
    staff.role = mapping->staff_role;
    staff.source_id = std::string(source_id);
    PARAPLAN_TRY(context_.Upsert(staff, [](Staff& stored, const Staff& incoming) {
      bool changed = Assign(stored.first_name, incoming.first_name);
      changed |= Assign(stored.last_name, incoming.last_name);
      changed |= Assign(stored.email, incoming.email);
      changed |= Assign(stored.role, incoming.role);
      changed |= Assign(stored.school_id, incoming.school_id);
      return changed;
    }));
    return {};
  }
  Guardian guardian;
  guardian.district_id = *district;
  guardian.first_name = first_name;
  guardian.last_name = last_name;
  guardian.email = email;
  guardian.phone = std::string(row["phone"].empty() ? row["sms"] : row["phone"]);
  guardian.source_id = std::string(source_id);
  std::optional<Id> id = PARAPLAN_TRY(context_.Upsert(guardian, [](Guardian& stored, const Guardian& incoming) {
    bool changed = Assign(stored.first_name, incoming.first_name);
    changed |= Assign(stored.last_name, incoming.last_name);
    changed |= Assign(stored.email, incoming.email);
    changed |= Assign(stored.phone, incoming.phone);
    return changed;
  }));
  if (!id) return {};
  for (std::string_view agent : SplitList(row["agentSourcedIds"])) {
    std::optional<Id> student =
        PARAPLAN_TRY(context_.tx.FindBySourceId(RecordKind::kStudent, *district, agent));
    if (student) PARAPLAN_TRY(LinkGuardian(*id, *student));
  }
  return {};
}

Result<void> OneRosterImporter::LinkGuardian(Id guardian, Id student) {
  std::vector<GuardianLink> links = PARAPLAN_TRY(context_.tx.ListGuardianLinks(student, guardian));
  if (!links.empty()) {
    context_.report.Count("guardian_link", Action::kUnchanged);
    return {};
  }
  GuardianLink link;
  link.guardian_id = guardian;
  link.student_id = student;
  Result<void> linked = context_.tx.Link(link);
  if (!linked) {
    PARAPLAN_TRY(context_.Refused("guardian_link", linked.error()));
    context_.report.Count("guardian_link", Action::kSkip);
    return {};
  }
  context_.report.Count("guardian_link", Action::kCreate);
  return {};
}

Result<void> OneRosterImporter::OnEnrollment(CsvFile& row, FileMode mode) {
  std::string_view role = row["role"];
  std::int64_t errors_before = context_.report.errors();
  if (!PARAPLAN_TRY(context_.FirstSighting("enrollment", row["sourcedId"]))) {
    context_.report.Count("enrolment", Action::kSkip);
    return {};
  }
  if (role == "aide") {
    ++aide_enrollments_;
    context_.report.Count("enrolment", Action::kSkip);
    return {};
  }
  if (role != "student" && role != "teacher") {
    context_.Warning(fmt::format("enrollment role '{}' is not stored", role));
    context_.report.Count("enrolment", Action::kSkip);
    return {};
  }
  RecordKind user_kind = role == "student" ? RecordKind::kStudent : RecordKind::kStaff;
  std::optional<SchoolRef> school = PARAPLAN_TRY(FindSchool(row["schoolSourcedId"]));
  if (!school) {
    context_.Error(fmt::format("missing reference: school '{}' (schoolSourcedId) is not in the "
                               "import or the database",
                               row["schoolSourcedId"]));
    context_.report.Count("enrolment", Action::kSkip);
    return {};
  }
  std::optional<Id> section = PARAPLAN_TRY(
      context_.tx.FindBySourceId(RecordKind::kSection, school->district, row["classSourcedId"]));
  if (!section) {
    context_.Error(fmt::format("missing reference: class '{}' (classSourcedId) is not in the "
                               "import or the database",
                               row["classSourcedId"]));
  }
  std::optional<Id> user = PARAPLAN_TRY(
      context_.tx.FindBySourceId(user_kind, school->district, row["userSourcedId"]));
  if (!user) {
    context_.Error(fmt::format("missing reference: {} '{}' (userSourcedId) is not in the import "
                               "or the database",
                               role, row["userSourcedId"]));
  }
  if (HasErrorsSince(errors_before)) {
    context_.report.Count("enrolment", Action::kSkip);
    return {};
  }

  if (role == "teacher") {
    Section stored = PARAPLAN_TRY(context_.tx.GetSection(*section));
    bool primary = row["primary"] == "true";
    bool remove = ToBeDeleted(row, mode);
    if (remove) {
      if (stored.general_educator_id != user) {
        context_.report.Count("section_teacher", Action::kUnchanged);
        return {};
      }
      stored.general_educator_id.reset();
    } else if (stored.general_educator_id == user ||
               (stored.general_educator_id && !primary)) {
      // The section keeps its teacher; a co-teacher who is not primary does
      // not replace them.
      context_.report.Count("section_teacher", Action::kUnchanged);
      return {};
    } else {
      stored.general_educator_id = user;
    }
    Result<std::int64_t> updated = context_.tx.Update(stored);
    if (!updated) {
      PARAPLAN_TRY(context_.Refused("section_teacher", updated.error()));
      context_.report.Count("section_teacher", Action::kSkip);
      return {};
    }
    context_.report.Count("section_teacher", Action::kUpdate);
    return {};
  }

  // Enrolments carry no source id in paraplan: one per student and section.
  std::vector<Enrolment> existing = PARAPLAN_TRY(context_.tx.ListEnrolments(*user, *section, Page{0, 2}));
  if (ToBeDeleted(row, mode)) {
    if (existing.empty()) {
      context_.report.Count("enrolment", Action::kUnchanged);
      return {};
    }
    Result<void> deleted = context_.tx.Delete(RecordKind::kEnrolment, existing.front().id);
    if (!deleted) {
      PARAPLAN_TRY(context_.Refused("enrolment", deleted.error()));
      context_.report.Count("enrolment", Action::kSkip);
      return {};
    }
    context_.report.Count("enrolment", Action::kDelete);
    return {};
  }
  Enrolment enrolment;
  enrolment.student_id = *user;
  enrolment.section_id = *section;
  if (std::string_view begin = row["beginDate"]; !begin.empty()) {
    std::optional<Date> start = ParseDateField(context_, "beginDate", begin);
    if (start) enrolment.start = *start;
  } else if (std::optional<std::string> start =
                 PARAPLAN_TRY(context_.staging.Get("class_start", row["classSourcedId"]))) {
    enrolment.start = *Date::Parse(*start);
  } else {
    context_.Error("beginDate is empty and the class has no term with a start date");
  }
  if (std::string_view end = row["endDate"]; !end.empty()) {
    enrolment.end = ParseDateField(context_, "endDate", end);
  }
  if (HasErrorsSince(errors_before)) {
    context_.report.Count("enrolment", Action::kSkip);
    return {};
  }
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

}  // namespace

std::optional<Grade> GradeOfOneRoster(std::string_view code) {
  static constexpr std::array<std::pair<std::string_view, Grade>, 17> kGrades{{
      {"PK", Grade::kPK}, {"PR", Grade::kPK}, {"TK", Grade::kK},   {"KG", Grade::kK},
      {"01", Grade::k1},  {"02", Grade::k2},  {"03", Grade::k3},   {"04", Grade::k4},
      {"05", Grade::k5},  {"06", Grade::k6},  {"07", Grade::k7},   {"08", Grade::k8},
      {"09", Grade::k9},  {"10", Grade::k10}, {"11", Grade::k11},  {"12", Grade::k12},
      {"IT", Grade::kPK},
  }};
  for (const auto& [name, grade] : kGrades) {
    if (name == code) return grade;
  }
  return std::nullopt;
}

Result<ImportReport> ImportOneRoster(Store& store, const std::filesystem::path& folder,
                                     const ImportOptions& options) {
  std::error_code error;
  if (!fs::is_directory(folder, error)) {
    return Fail(Error::NotFound(fmt::format("{} is not a folder", folder.filename().string())));
  }
  return RunImport(store, options, [&](ImportContext& context) -> Result<void> {
    OneRosterImporter importer(context, folder);
    return importer.Run();
  });
}

}  // namespace paraplan
