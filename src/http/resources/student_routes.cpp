// Students and everything that hangs off one student: IEPs, the student's
// day, guardian links, enrolments, the record of access and the list of staff
// who may access the student.
#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <iterator>
#include <map>
#include <memory>
#include <set>

#include "domain/capture.h"
#include "domain/name_search.h"
#include "domain/progress_report.h"
#include "domain/validation.h"
#include "http/resources/openapi.h"
#include "http/resources/resource_helpers.h"
#include "http/resources/resource_routes.h"
#include "store/capture_store.h"
#include "store/security.h"
#include "store/sql_runner.h"

namespace paraplan::http {
namespace {

using nlohmann::json;
using Sources = std::shared_ptr<const AccessSources>;

// The most students a non-administrator's list considers: their caseload,
// sections and assignments, or a parent's children. Far above any real
// caseload; a bound so a list can never turn into a scan of the district.
constexpr int kMaxCandidates = 5000;

Handler Read(Sources sources,
             std::function<Result<Response>(const Request&, AccessGuard&, Transaction&)> work) {
  return [sources, work](const Request& request, Context& context) -> Result<Response> {
    return Guarded(*sources, context, request, TransactionKind::kRead,
                   [&](AccessGuard& guard, Transaction& tx) { return work(request, guard, tx); });
  };
}

Handler Write(Sources sources,
              std::function<Result<Response>(const Request&, AccessGuard&, Transaction&)> work) {
  return [sources, work](const Request& request, Context& context) -> Result<Response> {
    return Guarded(*sources, context, request, TransactionKind::kWrite,
                   [&](AccessGuard& guard, Transaction& tx) { return work(request, guard, tx); });
  };
}

// A reference from a body to another record that must exist in the caller's
// district: an unknown or foreign id is 422 on that field, never a 404 or a
// 500, and says nothing about other districts.
Result<void> CheckSchoolField(AccessGuard& guard, Transaction& tx, Id school_id,
                              std::string_view field = "school_id") {
  Result<Id> district = guard.DistrictOfSchool(tx, school_id);
  if (!district || *district != guard.principal().district_id) {
    if (district || district.error().code == ErrorCode::kNotFound) {
      return Fail(Error::Invalid("the body names a school that does not exist",
                                 {{std::string(field), "is not a school of this district"}}));
    }
    return Fail(district.error());
  }
  return {};
}

Result<void> CheckStaffField(AccessGuard& guard, Transaction& tx, std::optional<Id> staff_id,
                             std::string_view field) {
  if (!staff_id) return {};
  Result<Staff> staff = tx.GetStaff(*staff_id);
  if (!staff || staff->district_id != guard.principal().district_id) {
    if (staff || staff.error().code == ErrorCode::kNotFound) {
      return Fail(Error::Invalid("the body names a staff member that does not exist",
                                 {{std::string(field), "is not a staff member of this district"}}));
    }
    return Fail(staff.error());
  }
  return {};
}

Result<void> CheckVersion(std::int64_t expected, std::int64_t stored) {
  if (expected != stored) {
    return Fail(Error::Conflict("the record changed since it was read; read it again"));
  }
  return {};
}

// --- students ---------------------------------------------------------------

// The longest search the list takes: far above any name and id typed.
constexpr std::size_t kMaxNameQuery = 100;

struct StudentQuery {
  StudentFilter filter;
  Page page;
  // ?name=: part of a name or the id, word by word (NameMatches); only the
  // students found are listed, so only they are read and audited.
  std::optional<std::vector<std::string>> name_words;

  bool Matches(const Student& student) const {
    return !name_words ||
           NameMatches(*name_words, student.first_name, student.last_name, student.id);
  }
};

Result<StudentQuery> StudentQueryOf(const Request& request) {
  StudentQuery query;
  query.page = PARAPLAN_TRY(PageOf(request));
  query.filter.school_id = PARAPLAN_TRY(QueryId(request, "school_id"));
  query.filter.section_id = PARAPLAN_TRY(QueryId(request, "section_id"));
  query.filter.case_manager_id = PARAPLAN_TRY(QueryId(request, "case_manager_id"));
  query.filter.grade = PARAPLAN_TRY(QueryEnum<Grade>(request, "grade"));
  if (std::optional<std::string_view> name = request.Query("name")) {
    if (name->size() > kMaxNameQuery) {
      return Fail(Error::Invalid(
          "name is too long", {{"name", fmt::format("at most {} characters", kMaxNameQuery)}}));
    }
    query.name_words = SearchWords(*name);
    if (query.name_words->empty()) {
      return Fail(Error::Invalid("name is empty",
                                 {{"name", "part of a student's name or their id, or leave it out"}}));
    }
  }
  return query;
}

// An administrator's students by name: the school's or district's students
// read a chunk at a time, unaudited, until a page of them match. Reading
// a student here is not showing them: the list audits those it shows.
Result<std::vector<Student>> FoundByName(Transaction& tx, StudentFilter filter,
                                         const StudentQuery& query) {
  std::vector<Student> found;
  filter.page.after = query.page.after;
  filter.page.limit = kMaxCandidates;
  while (static_cast<int>(found.size()) < query.page.limit) {
    std::vector<Student> chunk = PARAPLAN_TRY(tx.ListStudents(filter));
    for (Student& student : chunk) {
      if (!query.Matches(student)) continue;
      found.push_back(std::move(student));
      if (static_cast<int>(found.size()) == query.page.limit) break;
    }
    if (static_cast<int>(chunk.size()) < filter.page.limit) break;
    filter.page.after = chunk.back().id;
  }
  return found;
}

// The students a caller might see, before the policy decides on each: an
// administrator's school or district; otherwise the caseload, the students
// of the caller's sections, the caller's assignments, or a parent's children.
Result<std::vector<Student>> Candidates(AccessGuard& guard, Transaction& tx,
                                        const StudentQuery& query) {
  const Principal& who = guard.principal();
  StudentFilter filter = query.filter;
  filter.district_id = who.district_id;
  if (who.role == Role::kAdministrator) {
    if (who.school_id) {
      if (filter.school_id && filter.school_id != who.school_id) return std::vector<Student>{};
      filter.school_id = who.school_id;
    }
    if (query.name_words) return FoundByName(tx, filter, query);
    filter.page = query.page;
    return tx.ListStudents(filter);
  }

  std::set<Id> ids;
  if (who.role == Role::kParent) {
    if (who.guardian_id) {
      for (const GuardianLink& link :
           PARAPLAN_TRY(tx.ListGuardianLinks(std::nullopt, who.guardian_id))) {
        ids.insert(link.student_id);
      }
    }
  } else if (who.staff_id) {
    StudentFilter caseload;
    caseload.district_id = who.district_id;
    caseload.case_manager_id = who.staff_id;
    caseload.page.limit = kMaxCandidates;
    for (const Student& student : PARAPLAN_TRY(tx.ListStudents(caseload))) ids.insert(student.id);
    const std::set<Id>* assigned = PARAPLAN_TRY(guard.AssignedToCaller());
    ids.insert(assigned->begin(), assigned->end());
    SectionFilter sections;
    sections.general_educator_id = who.staff_id;
    sections.page.limit = kMaxCandidates;
    for (const Section& section : PARAPLAN_TRY(tx.ListSections(sections))) {
      StudentFilter enrolled;
      enrolled.section_id = section.id;
      enrolled.page.limit = kMaxCandidates;
      for (const Student& student : PARAPLAN_TRY(tx.ListStudents(enrolled))) ids.insert(student.id);
    }
  }

  std::set<Id> in_section;
  if (query.filter.section_id) {
    StudentFilter enrolled;
    enrolled.section_id = query.filter.section_id;
    enrolled.page.limit = kMaxCandidates;
    for (const Student& student : PARAPLAN_TRY(tx.ListStudents(enrolled))) {
      in_section.insert(student.id);
    }
  }
  std::vector<Student> students;
  for (Id id : ids) {
    if (id <= query.page.after) continue;
    if (static_cast<int>(students.size()) >= query.page.limit) break;
    Result<Student> student = tx.GetStudent(id);
    if (!student) {
      if (student.error().code == ErrorCode::kNotFound) continue;
      return Fail(student.error());
    }
    if (query.filter.school_id && student->school_id != *query.filter.school_id) continue;
    if (query.filter.case_manager_id && student->case_manager_id != query.filter.case_manager_id) {
      continue;
    }
    if (query.filter.grade && student->grade != *query.filter.grade) continue;
    if (query.filter.section_id && !in_section.contains(id)) continue;
    if (!query.Matches(*student)) continue;
    students.push_back(std::move(*student));
  }
  return students;
}

Result<Response> ListStudents(const Request& request, AccessGuard& guard, Transaction& tx) {
  StudentQuery query = PARAPLAN_TRY(StudentQueryOf(request));
  std::vector<Student> candidates = PARAPLAN_TRY(Candidates(guard, tx, query));
  json items = json::array();
  for (const Student& student : candidates) {
    // The policy has the last word on every listed student, so the list
    // cannot show anyone the record endpoint would hide.
    Decision decision =
        PARAPLAN_TRY(guard.Peek(tx, student, AccessAction::kRead, RecordFamily::kStudent));
    if (!decision.allowed()) continue;
    guard.Record(student, RecordFamily::kStudent, student.id, AccessAction::kRead, decision);
    items.push_back(ToJson(student));
  }
  std::optional<Id> next;
  if (static_cast<int>(candidates.size()) == query.page.limit) next = candidates.back().id;
  Response response = Response::Json(200, PageBody(std::move(items), next));
  response.headers.Set("Cache-Control", "no-store");
  return response;
}

Result<Response> GetStudent(const Request& request, AccessGuard& guard, Transaction& tx) {
  Id id = PARAPLAN_TRY(request.PathId("id"));
  auto granted =
      PARAPLAN_TRY(guard.ForStudent(tx, id, AccessAction::kRead, RecordFamily::kStudent));
  return RecordResponse(200, ToJson(granted.student), granted.student.version);
}

Result<Response> CreateStudent(const Request& request, AccessGuard& guard, Transaction& tx) {
  Student student = PARAPLAN_TRY(ReadBody<Student>(request));
  PARAPLAN_TRY(CheckSchoolField(guard, tx, student.school_id));
  PARAPLAN_TRY(CheckStaffField(guard, tx, student.case_manager_id, "case_manager_id"));
  Decision decision =
      PARAPLAN_TRY(guard.Peek(tx, student, AccessAction::kWrite, RecordFamily::kStudent));
  if (!decision.allowed()) {
    // A new student has no relationship to anyone yet, so only the
    // administrator scope can allow it; say so rather than "not found".
    return Fail(Error::PermissionDenied(
        fmt::format("{}: students are created by administrators of their school or district",
                    paraplan::NameOf(AccessRule::kRosterChangesByAdministrators))));
  }
  PARAPLAN_TRY(Check(student, "student"));
  student.id = PARAPLAN_TRY(tx.Insert(student));
  Student stored = PARAPLAN_TRY(tx.GetStudent(student.id));
  guard.Record(stored, RecordFamily::kStudent, stored.id, AccessAction::kWrite, decision);
  Response response = RecordResponse(201, ToJson(stored), stored.version);
  response.headers.Set("Location", fmt::format("/api/v1/students/{}", stored.id));
  return response;
}

Result<Response> UpdateStudent(const Request& request, AccessGuard& guard, Transaction& tx) {
  Id id = PARAPLAN_TRY(request.PathId("id"));
  auto granted =
      PARAPLAN_TRY(guard.ForStudent(tx, id, AccessAction::kWrite, RecordFamily::kStudent));
  std::int64_t version = PARAPLAN_TRY(RequireIfMatch(request));
  Student student = PARAPLAN_TRY(ReadBody<Student>(request));
  student.id = id;
  student.version = version;
  PARAPLAN_TRY(CheckSchoolField(guard, tx, student.school_id));
  PARAPLAN_TRY(CheckStaffField(guard, tx, student.case_manager_id, "case_manager_id"));
  if (student.school_id != granted.student.school_id) {
    // Moving a student to another school needs the right to write there too.
    Decision there =
        PARAPLAN_TRY(guard.Peek(tx, student, AccessAction::kWrite, RecordFamily::kStudent));
    if (!there.allowed()) {
      return Fail(Error::Invalid("the student cannot move to that school",
                                 {{"school_id", "is outside the schools you administer"}}));
    }
  }
  PARAPLAN_TRY(Check(student, "student"));
  PARAPLAN_TRY(tx.Update(student));
  Student stored = PARAPLAN_TRY(tx.GetStudent(id));
  return RecordResponse(200, ToJson(stored), stored.version);
}

Result<Response> DeleteStudent(const Request& request, AccessGuard& guard, Transaction& tx) {
  Id id = PARAPLAN_TRY(request.PathId("id"));
  auto granted =
      PARAPLAN_TRY(guard.ForStudent(tx, id, AccessAction::kWrite, RecordFamily::kStudent));
  const std::int64_t if_match = PARAPLAN_TRY(RequireIfMatch(request));
  PARAPLAN_TRY(CheckVersion(if_match, granted.student.version));
  PARAPLAN_TRY(tx.Delete(RecordKind::kStudent, id));
  return Response::NoContent();
}

// --- IEPs -------------------------------------------------------------------

json IepJson(const Iep& iep, const AccessGuard::Granted& granted) {
  return ToJson(RedactIep(iep, granted.decision, granted.relationship.goals_collected));
}

// The IEP as stored, answered to the adult who just wrote it: as they would
// read it (a write's decision is not a read's), and audited as a read.
Result<json> WrittenIepJson(AccessGuard& guard, Transaction& tx,
                            const AccessGuard::Granted& granted, const Iep& stored) {
  const Decision read =
      PARAPLAN_TRY(guard.Peek(tx, granted.student, AccessAction::kRead, RecordFamily::kIep));
  guard.Record(granted.student, RecordFamily::kIep, stored.id, AccessAction::kRead, read);
  return IepJson(stored, AccessGuard::Granted{granted.student, read, granted.relationship});
}

Result<Response> ListStudentIeps(const Request& request, AccessGuard& guard, Transaction& tx) {
  Id id = PARAPLAN_TRY(request.PathId("id"));
  auto granted = PARAPLAN_TRY(guard.ForStudent(tx, id, AccessAction::kRead, RecordFamily::kIep));
  json items = json::array();
  for (const Iep& iep : PARAPLAN_TRY(tx.ListIeps(id))) items.push_back(IepJson(iep, granted));
  Response response = Response::Json(200, PageBody(std::move(items), std::nullopt));
  response.headers.Set("Cache-Control", "no-store");
  return response;
}

// The IEP named by the path, or "no such iep"; its student decides access.
Result<Iep> LoadIep(const Request& request, Transaction& tx) {
  Id id = PARAPLAN_TRY(request.PathId("id"));
  Result<Iep> iep = tx.GetIep(id);
  if (!iep && iep.error().code == ErrorCode::kNotFound) return Fail(Error::NotFound("no such iep"));
  return iep;
}

Result<Response> GetIep(const Request& request, AccessGuard& guard, Transaction& tx) {
  Iep iep = PARAPLAN_TRY(LoadIep(request, tx));
  auto granted = PARAPLAN_TRY(
      guard.ForStudent(tx, iep.student_id, AccessAction::kRead, RecordFamily::kIep, iep.id, "iep"));
  return RecordResponse(200, IepJson(iep, granted), iep.version);
}

Result<Response> CreateIep(const Request& request, AccessGuard& guard, Transaction& tx) {
  Iep iep = PARAPLAN_TRY(ReadBody<Iep>(request));
  Result<AccessGuard::Granted> granted = guard.ForStudent(
      tx, iep.student_id, AccessAction::kLicensedWrite, RecordFamily::kIep, 0, "student");
  if (!granted) {
    if (granted.error().code == ErrorCode::kNotFound) {
      return Fail(Error::Invalid("the body names a student that does not exist",
                                 {{"student_id", "is not a student you can see"}}));
    }
    return Fail(granted.error());
  }
  PARAPLAN_TRY(CheckStaffField(guard, tx, iep.case_manager_id, "case_manager_id"));
  PARAPLAN_TRY(Check(iep, "iep"));
  // A new IEP's items get new ids, whatever a copied body names.
  for (Service& service : iep.services) service.id = 0;
  for (Goal& goal : iep.goals) goal.id = 0;
  for (Accommodation& accommodation : iep.accommodations) accommodation.id = 0;
  Id id = PARAPLAN_TRY(tx.Insert(iep));
  Iep stored = PARAPLAN_TRY(tx.GetIep(id));
  const json answer = PARAPLAN_TRY(WrittenIepJson(guard, tx, *granted, stored));
  Response response = RecordResponse(201, answer, stored.version);
  response.headers.Set("Location", fmt::format("/api/v1/ieps/{}", id));
  return response;
}

Result<Response> UpdateIep(const Request& request, AccessGuard& guard, Transaction& tx) {
  Iep existing = PARAPLAN_TRY(LoadIep(request, tx));
  auto granted =
      PARAPLAN_TRY(guard.ForStudent(tx, existing.student_id, AccessAction::kLicensedWrite,
                                    RecordFamily::kIep, existing.id, "iep"));
  std::int64_t version = PARAPLAN_TRY(RequireIfMatch(request));
  Iep iep = PARAPLAN_TRY(ReadBody<Iep>(request));
  if (iep.student_id != existing.student_id) {
    return Fail(Error::Invalid("an IEP belongs to one student",
                               {{"student_id", "cannot change; create a new IEP instead"}}));
  }
  iep.id = existing.id;
  iep.version = version;
  PARAPLAN_TRY(CheckStaffField(guard, tx, iep.case_manager_id, "case_manager_id"));
  PARAPLAN_TRY(Check(iep, "iep"));
  PARAPLAN_TRY(tx.Update(iep));
  Iep stored = PARAPLAN_TRY(tx.GetIep(iep.id));
  return RecordResponse(200, PARAPLAN_TRY(WrittenIepJson(guard, tx, granted, stored)),
                        stored.version);
}

Result<Response> DeleteIep(const Request& request, AccessGuard& guard, Transaction& tx) {
  Iep existing = PARAPLAN_TRY(LoadIep(request, tx));
  PARAPLAN_TRY(guard.ForStudent(tx, existing.student_id, AccessAction::kLicensedWrite,
                                RecordFamily::kIep, existing.id, "iep"));
  const std::int64_t if_match = PARAPLAN_TRY(RequireIfMatch(request));
  PARAPLAN_TRY(CheckVersion(if_match, existing.version));
  PARAPLAN_TRY(tx.Delete(RecordKind::kIep, existing.id));
  return Response::NoContent();
}

// --- the student's day ----------------------------------------------------

Result<Response> GetDay(const Request& request, AccessGuard& guard, Transaction& tx) {
  Id id = PARAPLAN_TRY(request.PathId("id"));
  PARAPLAN_TRY(guard.ForStudent(tx, id, AccessAction::kRead, RecordFamily::kStudentDay));
  StudentDay day = PARAPLAN_TRY(tx.GetStudentDay(id));
  day.student_id = id;
  return RecordResponse(200, ToJson(day), day.version);
}

Result<Response> PutDay(const Request& request, AccessGuard& guard, Transaction& tx) {
  Id id = PARAPLAN_TRY(request.PathId("id"));
  PARAPLAN_TRY(guard.ForStudent(tx, id, AccessAction::kWrite, RecordFamily::kStudentDay));
  std::int64_t version = PARAPLAN_TRY(RequireIfMatch(request));
  StudentDay day = PARAPLAN_TRY(ReadBody<StudentDay>(request));
  day.student_id = id;
  day.version = version;
  PARAPLAN_TRY(Check(day, "student day"));
  PARAPLAN_TRY(tx.Put(day));
  StudentDay stored = PARAPLAN_TRY(tx.GetStudentDay(id));
  stored.student_id = id;
  return RecordResponse(200, ToJson(stored), stored.version);
}

// --- guardians and enrolments -----------------------------------------------

Result<Response> ListStudentGuardians(const Request& request, AccessGuard& guard, Transaction& tx) {
  Id id = PARAPLAN_TRY(request.PathId("id"));
  PARAPLAN_TRY(guard.ForStudent(tx, id, AccessAction::kRead, RecordFamily::kGuardian));
  // A parent sees their own link only: the other parent's contact details
  // are not theirs to know (custody disputes are exactly when it matters).
  std::optional<Id> only;
  if (guard.principal().role == Role::kParent) only = guard.principal().guardian_id;
  json items = json::array();
  for (const GuardianLink& link : PARAPLAN_TRY(tx.ListGuardianLinks(id, only))) {
    json item = ToJson(link);
    Guardian guardian = PARAPLAN_TRY(tx.GetGuardian(link.guardian_id));
    item["guardian"] = ToJson(guardian);
    items.push_back(std::move(item));
  }
  Response response = Response::Json(200, PageBody(std::move(items), std::nullopt));
  response.headers.Set("Cache-Control", "no-store");
  return response;
}

Result<Response> PutStudentGuardian(const Request& request, AccessGuard& guard, Transaction& tx) {
  Id id = PARAPLAN_TRY(request.PathId("id"));
  Id guardian_id = PARAPLAN_TRY(request.PathId("guardian_id"));
  PARAPLAN_TRY(guard.ForStudent(tx, id, AccessAction::kWrite, RecordFamily::kGuardian));
  GuardianLink link;
  link.guardian_id = guardian_id;
  // The ids come from the path; the body carries the relation and restriction.
  nlohmann::json body = PARAPLAN_TRY(ParseJsonBody(request));
  if (!body.is_object()) {
    return Fail(
        Error::Invalid("the body must be a JSON object", {{"body", "must be a JSON object"}}));
  }
  body["guardian_id"] = guardian_id;
  std::vector<FieldProblem> problems;
  Fields fields(body, problems);
  ReadFields(fields, link);
  if (!problems.empty()) return Fail(Error::Invalid("the body has invalid fields", problems));
  link.student_id = id;
  Result<Guardian> guardian = tx.GetGuardian(guardian_id);
  if (!guardian || guardian->district_id != guard.principal().district_id) {
    return Fail(Error::NotFound("no such guardian"));
  }
  PARAPLAN_TRY(tx.Link(link));
  return Response::Json(200, ToJson(link));
}

Result<Response> DeleteStudentGuardian(const Request& request, AccessGuard& guard,
                                       Transaction& tx) {
  Id id = PARAPLAN_TRY(request.PathId("id"));
  Id guardian_id = PARAPLAN_TRY(request.PathId("guardian_id"));
  PARAPLAN_TRY(guard.ForStudent(tx, id, AccessAction::kWrite, RecordFamily::kGuardian));
  if (PARAPLAN_TRY(tx.ListGuardianLinks(id, guardian_id)).empty()) {
    return Fail(Error::NotFound("no such guardian link"));
  }
  PARAPLAN_TRY(tx.Unlink(guardian_id, id));
  return Response::NoContent();
}

Result<Response> ListStudentEnrolments(const Request& request, AccessGuard& guard,
                                       Transaction& tx) {
  Id id = PARAPLAN_TRY(request.PathId("id"));
  PARAPLAN_TRY(guard.ForStudent(tx, id, AccessAction::kRead, RecordFamily::kEnrolment));
  Page page = PARAPLAN_TRY(PageOf(request));
  std::vector<Enrolment> enrolments = PARAPLAN_TRY(tx.ListEnrolments(id, std::nullopt, page));
  json items = json::array();
  for (const Enrolment& enrolment : enrolments) items.push_back(ToJson(enrolment));
  std::optional<Id> next;
  if (static_cast<int>(enrolments.size()) == page.limit) next = enrolments.back().id;
  return Response::Json(200, PageBody(std::move(items), next));
}

Result<Response> CreateEnrolment(const Request& request, AccessGuard& guard, Transaction& tx) {
  Enrolment enrolment = PARAPLAN_TRY(ReadBody<Enrolment>(request));
  Result<AccessGuard::Granted> granted =
      guard.ForStudent(tx, enrolment.student_id, AccessAction::kWrite, RecordFamily::kEnrolment);
  if (!granted) {
    if (granted.error().code == ErrorCode::kNotFound) {
      return Fail(Error::Invalid("the body names a student that does not exist",
                                 {{"student_id", "is not a student you can see"}}));
    }
    return Fail(granted.error());
  }
  Result<Section> section = tx.GetSection(enrolment.section_id);
  if (!section || section->school_id != granted->student.school_id) {
    return Fail(Error::Invalid("the body names a section that does not exist",
                               {{"section_id", "is not a section of the student's school"}}));
  }
  PARAPLAN_TRY(Check(enrolment, "enrolment"));
  Id id = PARAPLAN_TRY(tx.Insert(enrolment));
  Enrolment stored = PARAPLAN_TRY(tx.GetEnrolment(id));
  Response response = RecordResponse(201, ToJson(stored), stored.version);
  response.headers.Set("Location", fmt::format("/api/v1/enrolments/{}", id));
  return response;
}

Result<Enrolment> LoadEnrolment(const Request& request, Transaction& tx) {
  Id id = PARAPLAN_TRY(request.PathId("id"));
  Result<Enrolment> enrolment = tx.GetEnrolment(id);
  if (!enrolment && enrolment.error().code == ErrorCode::kNotFound) {
    return Fail(Error::NotFound("no such enrolment"));
  }
  return enrolment;
}

Result<Response> GetEnrolment(const Request& request, AccessGuard& guard, Transaction& tx) {
  Enrolment enrolment = PARAPLAN_TRY(LoadEnrolment(request, tx));
  PARAPLAN_TRY(guard.ForStudent(tx, enrolment.student_id, AccessAction::kRead,
                                RecordFamily::kEnrolment, enrolment.id, "enrolment"));
  return RecordResponse(200, ToJson(enrolment), enrolment.version);
}

Result<Response> DeleteEnrolment(const Request& request, AccessGuard& guard, Transaction& tx) {
  Enrolment enrolment = PARAPLAN_TRY(LoadEnrolment(request, tx));
  PARAPLAN_TRY(guard.ForStudent(tx, enrolment.student_id, AccessAction::kWrite,
                                RecordFamily::kEnrolment, enrolment.id, "enrolment"));
  const std::int64_t if_match = PARAPLAN_TRY(RequireIfMatch(request));
  PARAPLAN_TRY(CheckVersion(if_match, enrolment.version));
  PARAPLAN_TRY(tx.Delete(RecordKind::kEnrolment, enrolment.id));
  return Response::NoContent();
}

// --- the record of access ---------------------------------------------------

std::string FormatTime(TimePoint at) {
  return FormatTimestamp(std::chrono::time_point_cast<std::chrono::milliseconds>(at));
}

Result<std::optional<TimePoint>> QueryTime(const Request& request, std::string_view name) {
  std::optional<std::string_view> text = request.Query(name);
  if (!text) return std::optional<TimePoint>();
  std::optional<Timestamp> at = ParseTimestamp(*text);
  if (!at) {
    return Fail(Error::Invalid(fmt::format("{} is not a time", name),
                               {{std::string(name),
                                 "must be an ISO 8601 UTC time, e.g. "
                                 "2026-09-01T08:00:00Z"}}));
  }
  return std::optional<TimePoint>(std::chrono::time_point_cast<std::chrono::seconds>(*at));
}

json EventJson(const AuditRecord& event) {
  return {{"id", event.id},
          {"at", FormatTime(TimePoint(std::chrono::seconds(event.at)))},
          {"account_id", event.account_id},
          {"role", event.role},
          {"staff_id", event.staff_id ? json(*event.staff_id) : json(nullptr)},
          {"guardian_id", event.guardian_id ? json(*event.guardian_id) : json(nullptr)},
          {"student_id", event.student_id},
          {"record_type", event.family},
          {"record_id", event.record_id},
          {"action", event.action},
          {"method", event.method},
          {"route", event.route},
          {"result", event.result},
          {"rule", event.rule},
          {"request_id", event.request_id}};
}

Response EventsResponse(const std::vector<AuditRecord>& events, int scanned, int limit) {
  json items = json::array();
  for (const AuditRecord& event : events) items.push_back(EventJson(event));
  std::optional<Id> next;
  if (scanned == limit && !events.empty()) next = events.back().id;
  Response response = Response::Json(200, PageBody(std::move(items), next));
  response.headers.Set("Cache-Control", "no-store");
  return response;
}

Result<Response> AccessLog(const Request& request, AccessGuard& guard, Transaction& tx,
                           Context& context) {
  Id id = PARAPLAN_TRY(request.PathId("id"));
  PARAPLAN_TRY(guard.ForStudent(tx, id, AccessAction::kRead, RecordFamily::kAccessLog));
  Page page = PARAPLAN_TRY(PageOf(request));
  AuditFilter filter;
  filter.district_id = guard.principal().district_id;
  filter.student_id = id;
  filter.after = page.after;
  filter.limit = page.limit;
  std::vector<AuditRecord> events = PARAPLAN_TRY(context.services.security.ListAudit(filter));
  const int scanned = static_cast<int>(events.size());
  return EventsResponse(events, scanned, page.limit);
}

Result<Response> AuthorizedStaff(const Request& request, AccessGuard& guard, Transaction& tx) {
  Id id = PARAPLAN_TRY(request.PathId("id"));
  auto granted =
      PARAPLAN_TRY(guard.ForStudent(tx, id, AccessAction::kRead, RecordFamily::kAuthorizedStaff));
  StaffFilter filter;
  filter.district_id = guard.principal().district_id;
  filter.page.limit = kMaxPageLimit;
  json items = json::array();
  // Every staff member of the district, asked the same question the guard
  // asks when they open the record: the list is what the policy allows now.
  while (true) {
    std::vector<Staff> staff = PARAPLAN_TRY(tx.ListStaff(filter));
    for (const Staff& member : staff) {
      Principal who;
      who.role = RoleOf(member.role);
      who.staff_id = member.id;
      who.district_id = member.district_id;
      who.school_id = member.school_id;
      AccessFacts facts = PARAPLAN_TRY(guard.FactsFor(tx, granted.student, who));
      Decision decision =
          Decide(PolicyPrincipal(who), AccessAction::kRead, RecordFamily::kStudent, facts);
      if (!decision.allowed()) continue;
      items.push_back({{"staff_id", member.id},
                       {"first_name", member.first_name},
                       {"last_name", member.last_name},
                       {"role", std::string(paraplan::NameOf(member.role))},
                       {"basis", std::string(paraplan::NameOf(decision.rule))}});
    }
    if (static_cast<int>(staff.size()) < filter.page.limit) break;
    filter.page.after = staff.back().id;
  }
  Response response = Response::Json(200, PageBody(std::move(items), std::nullopt));
  response.headers.Set("Cache-Control", "no-store");
  return response;
}

Result<Response> AuditWindow(const Request& request, AccessGuard& guard, Transaction& tx,
                             Context& context) {
  const Principal& who = guard.principal();
  if (who.role != Role::kAdministrator) {
    return Fail(
        Error::PermissionDenied("the district audit log is for administrators (breach response)"));
  }
  Page page = PARAPLAN_TRY(PageOf(request));
  AuditFilter filter;
  filter.district_id = who.district_id;
  filter.student_id = PARAPLAN_TRY(QueryId(request, "student_id"));
  // A school administrator's window holds only their school's students, so
  // the page (and the cursor to the next) tells nothing of other schools'.
  filter.school_id = who.school_id;
  std::optional<TimePoint> from = PARAPLAN_TRY(QueryTime(request, "from"));
  std::optional<TimePoint> to = PARAPLAN_TRY(QueryTime(request, "to"));
  if (from) filter.from = from->time_since_epoch().count();
  if (to) filter.to = to->time_since_epoch().count();
  filter.after = page.after;
  filter.limit = page.limit;
  if (from && to && *to <= *from) {
    return Fail(Error::Invalid("the window is empty", {{"to", "must be after from"}}));
  }
  std::vector<AuditRecord> events = PARAPLAN_TRY(context.services.security.ListAudit(filter));
  const int scanned = static_cast<int>(events.size());
  const std::optional<Id> last =
      events.empty() ? std::nullopt : std::optional<Id>(events.back().id);
  // The page reveals who accessed which student, so each student on it is an
  // audited read of their record of access (FERPA 34 CFR 99.32), decided by
  // the policy: a school administrator answers for their school's students
  // only. A student no longer on the roster has no record left to decide on;
  // only a district administrator answers for them.
  std::set<Id> students;
  for (const AuditRecord& event : events) students.insert(event.student_id);
  std::set<Id> hidden;
  for (Id student_id : students) {
    Result<Student> student = tx.GetStudent(student_id);
    if (!student) {
      if (student.error().code != ErrorCode::kNotFound) return Fail(student.error());
      if (who.school_id) hidden.insert(student_id);
      continue;
    }
    Decision decision =
        PARAPLAN_TRY(guard.Peek(tx, *student, AccessAction::kRead, RecordFamily::kAccessLog));
    guard.Record(*student, RecordFamily::kAccessLog, 0, AccessAction::kRead, decision);
    if (!decision.allowed()) hidden.insert(student_id);
  }
  std::erase_if(events,
                [&](const AuditRecord& event) { return hidden.contains(event.student_id); });
  json items = json::array();
  for (const AuditRecord& event : events) items.push_back(EventJson(event));
  std::optional<Id> next;
  if (scanned == page.limit) next = last;
  Response response = Response::Json(200, PageBody(std::move(items), next));
  response.headers.Set("Cache-Control", "no-store");
  return response;
}

// Handlers that also read the security store through the context.
Handler ReadWithContext(Sources sources, Result<Response> (*work)(const Request&, AccessGuard&,
                                                                  Transaction&, Context&)) {
  return [sources, work](const Request& request, Context& context) -> Result<Response> {
    return Guarded(
        *sources, context, request, TransactionKind::kRead,
        [&](AccessGuard& guard, Transaction& tx) { return work(request, guard, tx, context); });
  };
}

// What the family is told (capability 9, seed 000 "How to Communicate with
// Parents"): for the weeks up to today, the minutes each IEP service was
// given against what the IEP requires, by service and by setting, and per
// goal where the data stand. Read by whoever may read the student's
// services and goals (a parent of the student among them), an audited read
// of both; the records it is built from stay with the school staff.
constexpr int kMostReportWeeks = 26;

Handler ProgressReportRoute(Sources sources) {
  return [sources](const Request& request, Context& context) -> Result<Response> {
    const Id id = PARAPLAN_TRY(request.PathId("id"));
    int weeks = 6;
    if (std::optional<std::string_view> text = request.Query("weeks")) {
      const auto [end, error] = std::from_chars(text->data(), text->data() + text->size(), weeks);
      if (error != std::errc() || end != text->data() + text->size() || weeks < 1 ||
          weeks > kMostReportWeeks) {
        return Fail(Error::Invalid(
            "the query is invalid",
            {{"weeks", fmt::format("must be a whole number from 1 to {}", kMostReportWeeks)}}));
      }
    }
    const Date through = TodayOf(context.services.clock);
    std::optional<Iep> iep;
    const Result<Response> allowed = Guarded(
        *sources, context, request, TransactionKind::kRead,
        [&](AccessGuard& guard, Transaction& tx) -> Result<Response> {
          PARAPLAN_TRY(guard.ForStudent(tx, id, AccessAction::kRead, RecordFamily::kIepService));
          PARAPLAN_TRY(guard.ForStudent(tx, id, AccessAction::kRead, RecordFamily::kGoal));
          for (Iep& each : PARAPLAN_TRY(tx.ListIeps(id))) {
            if (each.status != IepStatus::kActive) continue;
            iep = std::move(each);
            break;
          }
          return Response::NoContent();
        });
    if (!allowed) return Fail(allowed.error());
    std::vector<CaptureRecord> records;
    const Date first = through.WeekStart().AddDays(-7 * (weeks - 1));
    if (iep) {
      SqlRunner* runner = context.services.store.sql_runner();
      if (runner == nullptr)
        return Fail(Error::Internal("the store has no SQL backend for capture"));
      std::unique_ptr<CaptureStore> captures = MakeCaptureStore(*runner);
      CaptureFilter filter;
      filter.student_id = id;
      filter.from = first;
      filter.to = through;
      filter.limit = 1000;
      for (;;) {
        std::vector<CaptureRecord> page = PARAPLAN_TRY(captures->List(filter));
        if (page.empty()) break;
        filter.after = page.back().id;
        const bool last = page.size() < static_cast<std::size_t>(filter.limit);
        std::move(page.begin(), page.end(), std::back_inserter(records));
        if (last) break;
      }
    }
    const ProgressReport report = iep ? BuildProgressReport(*iep, records, through, weeks)
                                      : BuildProgressReport(Iep{}, {}, through, weeks);
    json week_list = json::array();
    for (Date monday : report.weeks) week_list.push_back(monday.ToString());
    json services = json::array();
    for (const ServiceWeeks& service : report.services) {
      services.push_back({{"service_id", service.service_id},
                          {"type", Name(service.type)},
                          {"setting", Name(service.setting)},
                          {"minutes_per_week", service.minutes_per_week},
                          {"delivered", service.delivered}});
    }
    json settings = json::array();
    for (const SettingWeeks& setting : report.settings) {
      settings.push_back({{"setting", Name(setting.setting)},
                          {"minutes_per_week", setting.minutes_per_week},
                          {"delivered", setting.delivered}});
    }
    json goals = json::array();
    auto point = [](const std::optional<GoalPoint>& at) -> json {
      if (!at) return nullptr;
      return {{"date", at->date.ToString()}, {"value", at->value}};
    };
    for (std::size_t g = 0; g < report.goals.size(); ++g) {
      const GoalStanding& standing = report.goals[g];
      const Goal& goal = iep->goals[g];
      json toward = nullptr;
      if (standing.trend_per_week)
        toward = *standing.trend_per_week * (goal.target - goal.baseline) > 0;
      goals.push_back(
          {{"goal_id", goal.id},
           {"area", Name(goal.area)},
           {"statement", goal.statement},
           {"unit", goal.unit},
           {"baseline", goal.baseline},
           {"target", goal.target},
           {"target_date", goal.target_date.ToString()},
           {"observations", standing.observations},
           {"first", point(standing.first)},
           {"latest", point(standing.latest)},
           {"trend_per_week", standing.trend_per_week ? json(*standing.trend_per_week) : json()},
           {"toward_target", toward}});
    }
    Response response = Response::Json(200, {{"student_id", id},
                                             {"iep_id", iep ? json(iep->id) : json()},
                                             {"through", through.ToString()},
                                             {"weeks", std::move(week_list)},
                                             {"services", std::move(services)},
                                             {"settings", std::move(settings)},
                                             {"goals", std::move(goals)}});
    response.headers.Set("Cache-Control", "no-store");
    return response;
  };
}

}  // namespace

void AddStudentRoutes(Router& router, const AccessSources& access_sources) {
  Sources sources = std::make_shared<const AccessSources>(access_sources);
  router.Add(Method::kGet, "/api/v1/students", Read(sources, ListStudents));
  router.Add(Method::kPost, "/api/v1/students", Write(sources, CreateStudent));
  router.Add(Method::kGet, "/api/v1/students/{id}", Read(sources, GetStudent));
  router.Add(Method::kPut, "/api/v1/students/{id}", Write(sources, UpdateStudent));
  router.Add(Method::kDelete, "/api/v1/students/{id}", Write(sources, DeleteStudent));
  router.Add(Method::kGet, "/api/v1/students/{id}/ieps", Read(sources, ListStudentIeps));
  router.Add(Method::kGet, "/api/v1/students/{id}/day", Read(sources, GetDay));
  router.Add(Method::kPut, "/api/v1/students/{id}/day", Write(sources, PutDay));
  router.Add(Method::kGet, "/api/v1/students/{id}/guardians", Read(sources, ListStudentGuardians));
  router.Add(Method::kPut, "/api/v1/students/{id}/guardians/{guardian_id}",
             Write(sources, PutStudentGuardian));
  router.Add(Method::kDelete, "/api/v1/students/{id}/guardians/{guardian_id}",
             Write(sources, DeleteStudentGuardian));
  router.Add(Method::kGet, "/api/v1/students/{id}/enrolments",
             Read(sources, ListStudentEnrolments));
  router.Add(Method::kGet, "/api/v1/students/{id}/access-log", ReadWithContext(sources, AccessLog));
  router.Add(Method::kGet, "/api/v1/students/{id}/authorized-staff",
             Read(sources, AuthorizedStaff));
  router.Add(Method::kGet, "/api/v1/students/{id}/progress-report", ProgressReportRoute(sources));
  router.Add(Method::kPost, "/api/v1/ieps", Write(sources, CreateIep));
  router.Add(Method::kGet, "/api/v1/ieps/{id}", Read(sources, GetIep));
  router.Add(Method::kPut, "/api/v1/ieps/{id}", Write(sources, UpdateIep));
  router.Add(Method::kDelete, "/api/v1/ieps/{id}", Write(sources, DeleteIep));
  router.Add(Method::kPost, "/api/v1/enrolments", Write(sources, CreateEnrolment));
  router.Add(Method::kGet, "/api/v1/enrolments/{id}", Read(sources, GetEnrolment));
  router.Add(Method::kDelete, "/api/v1/enrolments/{id}", Write(sources, DeleteEnrolment));
  router.Add(Method::kGet, "/api/v1/audit", ReadWithContext(sources, AuditWindow));
}

void AddResourceRoutes(Router& router, AccessSources sources) {
  AddStudentRoutes(router, sources);
  AddDirectoryRoutes(router, sources);
  AddOpenApiRoute(router);
}

}  // namespace paraplan::http
