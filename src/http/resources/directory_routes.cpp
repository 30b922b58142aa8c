// The district's directory records: schools, rooms, staff, sections,
// calendars, and guardians. Staff of the district may read the directory
// (guardians excepted: their contact details are reached through a student
// the caller may see); administrators change it within their school or
// district; parents see none of it.
#include <fmt/format.h>

#include <memory>

#include "domain/validation.h"
#include "http/resources/resource_helpers.h"
#include "http/resources/resource_routes.h"

namespace paraplan::http {
namespace {

using nlohmann::json;
using Sources = std::shared_ptr<const AccessSources>;

// Where a directory record belongs, for the administrator-scope rule.
struct Scope {
  Id district_id = 0;
  std::optional<Id> school_id;
};

template <typename T>
struct Kind;

template <>
struct Kind<School> {
  static constexpr std::string_view kName = "school";
  static constexpr std::string_view kPath = "/api/v1/schools";
  static constexpr RecordFamily kFamily = RecordFamily::kSchool;
  static constexpr RecordKind kRecord = RecordKind::kSchool;
  static Result<School> Get(Transaction& tx, Id id) { return tx.GetSchool(id); }
  static Result<Scope> ScopeOf(AccessGuard&, Transaction&, const School& school) {
    return Scope{school.district_id, school.id == 0 ? std::nullopt : std::optional<Id>(school.id)};
  }
};

// Records that belong to a school: their district is the school's.
template <typename T>
Result<Scope> SchoolScope(AccessGuard& guard, Transaction& tx, Id school_id) {
  Result<Id> district = guard.DistrictOfSchool(tx, school_id);
  if (!district) {
    if (district.error().code != ErrorCode::kNotFound) return Fail(district.error());
    return Fail(Error::Invalid("the record names a school that does not exist",
                               {{"school_id", "is not a school of this district"}}));
  }
  return Scope{*district, school_id};
}

template <>
struct Kind<Room> {
  static constexpr std::string_view kName = "room";
  static constexpr std::string_view kPath = "/api/v1/rooms";
  static constexpr RecordFamily kFamily = RecordFamily::kRoom;
  static constexpr RecordKind kRecord = RecordKind::kRoom;
  static Result<Room> Get(Transaction& tx, Id id) { return tx.GetRoom(id); }
  static Result<Scope> ScopeOf(AccessGuard& guard, Transaction& tx, const Room& room) {
    return SchoolScope<Room>(guard, tx, room.school_id);
  }
};

template <>
struct Kind<SchoolCalendar> {
  static constexpr std::string_view kName = "calendar";
  static constexpr std::string_view kPath = "/api/v1/calendars";
  static constexpr RecordFamily kFamily = RecordFamily::kCalendar;
  static constexpr RecordKind kRecord = RecordKind::kCalendar;
  static Result<SchoolCalendar> Get(Transaction& tx, Id id) { return tx.GetCalendar(id); }
  static Result<Scope> ScopeOf(AccessGuard& guard, Transaction& tx,
                               const SchoolCalendar& calendar) {
    return SchoolScope<SchoolCalendar>(guard, tx, calendar.school_id);
  }
};

template <>
struct Kind<Section> {
  static constexpr std::string_view kName = "section";
  static constexpr std::string_view kPath = "/api/v1/sections";
  static constexpr RecordFamily kFamily = RecordFamily::kSection;
  static constexpr RecordKind kRecord = RecordKind::kSection;
  static Result<Section> Get(Transaction& tx, Id id) { return tx.GetSection(id); }
  static Result<Scope> ScopeOf(AccessGuard& guard, Transaction& tx, const Section& section) {
    return SchoolScope<Section>(guard, tx, section.school_id);
  }
};

template <>
struct Kind<Staff> {
  static constexpr std::string_view kName = "staff member";
  static constexpr std::string_view kPath = "/api/v1/staff";
  static constexpr RecordFamily kFamily = RecordFamily::kStaff;
  static constexpr RecordKind kRecord = RecordKind::kStaff;
  static Result<Staff> Get(Transaction& tx, Id id) { return tx.GetStaff(id); }
  static Result<Scope> ScopeOf(AccessGuard& guard, Transaction& tx, const Staff& staff) {
    if (staff.school_id) {
      Scope scope = PARAPLAN_TRY(SchoolScope<Staff>(guard, tx, *staff.school_id));
      if (scope.district_id != staff.district_id) {
        return Fail(
            Error::Invalid("the school is in another district",
                           {{"school_id", "is not a school of the staff member's district"}}));
      }
    }
    return Scope{staff.district_id, staff.school_id};
  }
};

// The record named by the path, visible to the caller, with its scope. A
// record of another district is "no such ..." like a missing one.
template <typename T>
Result<std::pair<T, Scope>> LoadVisible(const Request& request, AccessGuard& guard, Transaction& tx,
                                        AccessAction action) {
  const std::string missing = fmt::format("no such {}", Kind<T>::kName);
  Id id = PARAPLAN_TRY(request.PathId("id"));
  Result<T> record = Kind<T>::Get(tx, id);
  if (!record) {
    if (record.error().code == ErrorCode::kNotFound) return Fail(Error::NotFound(missing));
    return Fail(record.error());
  }
  Result<Scope> scope = Kind<T>::ScopeOf(guard, tx, *record);
  if (!scope) return Fail(Error::NotFound(missing));
  Decision seen = PARAPLAN_TRY(guard.ForDistrictRecord(AccessAction::kRead, Kind<T>::kFamily,
                                                       scope->district_id, scope->school_id));
  if (!seen.allowed()) return Fail(Error::NotFound(missing));
  if (action != AccessAction::kRead) {
    Decision change = PARAPLAN_TRY(
        guard.ForDistrictRecord(action, Kind<T>::kFamily, scope->district_id, scope->school_id));
    if (!change.allowed()) return Fail(Refusal(change, Kind<T>::kName));
  }
  return std::pair{std::move(*record), *scope};
}

// The caller may write a record that belongs to `scope` (a new or moved one).
template <typename T>
Result<void> MayWriteInto(AccessGuard& guard, const Scope& scope) {
  if (scope.district_id != guard.principal().district_id) {
    return Fail(Error::Invalid("the record names another district",
                               {{"district_id", "must be your district"}}));
  }
  Decision decision = PARAPLAN_TRY(guard.ForDistrictRecord(AccessAction::kWrite, Kind<T>::kFamily,
                                                           scope.district_id, scope.school_id));
  if (!decision.allowed()) return Fail(Refusal(decision, Kind<T>::kName));
  return {};
}

template <typename T>
Result<Response> GetRecord(const Request& request, AccessGuard& guard, Transaction& tx) {
  auto [record, scope] = PARAPLAN_TRY(LoadVisible<T>(request, guard, tx, AccessAction::kRead));
  return RecordResponse(200, ToJson(record), record.version);
}

template <typename T>
Result<Response> CreateRecord(const Request& request, AccessGuard& guard, Transaction& tx) {
  T record = PARAPLAN_TRY(ReadBody<T>(request));
  Scope scope = PARAPLAN_TRY(Kind<T>::ScopeOf(guard, tx, record));
  PARAPLAN_TRY(MayWriteInto<T>(guard, scope));
  PARAPLAN_TRY(Check(record, Kind<T>::kName));
  Id id = PARAPLAN_TRY(tx.Insert(record));
  T stored = PARAPLAN_TRY(Kind<T>::Get(tx, id));
  Response response = RecordResponse(201, ToJson(stored), stored.version);
  response.headers.Set("Location", fmt::format("{}/{}", Kind<T>::kPath, id));
  return response;
}

template <typename T>
Result<Response> UpdateRecord(const Request& request, AccessGuard& guard, Transaction& tx) {
  auto [existing, scope] = PARAPLAN_TRY(LoadVisible<T>(request, guard, tx, AccessAction::kWrite));
  std::int64_t version = PARAPLAN_TRY(RequireIfMatch(request));
  T record = PARAPLAN_TRY(ReadBody<T>(request));
  record.id = existing.id;
  record.version = version;
  Scope target = PARAPLAN_TRY(Kind<T>::ScopeOf(guard, tx, record));
  if (target.district_id != scope.district_id || target.school_id != scope.school_id) {
    PARAPLAN_TRY(MayWriteInto<T>(guard, target));
  }
  PARAPLAN_TRY(Check(record, Kind<T>::kName));
  PARAPLAN_TRY(tx.Update(record));
  T stored = PARAPLAN_TRY(Kind<T>::Get(tx, existing.id));
  return RecordResponse(200, ToJson(stored), stored.version);
}

template <typename T>
Result<Response> DeleteRecord(const Request& request, AccessGuard& guard, Transaction& tx) {
  auto [existing, scope] = PARAPLAN_TRY(LoadVisible<T>(request, guard, tx, AccessAction::kWrite));
  std::int64_t version = PARAPLAN_TRY(RequireIfMatch(request));
  if (version != existing.version) {
    return Fail(Error::Conflict("the record changed since it was read; read it again"));
  }
  PARAPLAN_TRY(tx.Delete(Kind<T>::kRecord, existing.id));
  return Response::NoContent();
}

// Lists: staff of the caller's district only; parents get an empty answer
// through the same refusal as a single record (no directory for them).
Result<void> RequireDirectoryReader(AccessGuard& guard, RecordFamily family) {
  Decision decision = PARAPLAN_TRY(guard.ForDistrictRecord(
      AccessAction::kRead, family, guard.principal().district_id, guard.principal().school_id));
  if (!decision.allowed()) {
    return Fail(Error::PermissionDenied(
        fmt::format("{}: {}", paraplan::NameOf(decision.rule), decision.Reason())));
  }
  return {};
}

template <typename T>
Response ListResponse(const std::vector<T>& records, const Page& page) {
  json items = json::array();
  for (const T& record : records) items.push_back(ToJson(record));
  std::optional<Id> next;
  if (static_cast<int>(records.size()) == page.limit && !records.empty()) next = records.back().id;
  return Response::Json(200, PageBody(std::move(items), next));
}

// ?school_id= naming a school of the caller's district (required for rooms
// and calendars, which only make sense within a school).
Result<Id> RequiredSchool(const Request& request, AccessGuard& guard, Transaction& tx) {
  std::optional<Id> school_id = PARAPLAN_TRY(QueryId(request, "school_id"));
  if (!school_id) {
    return Fail(Error::Invalid("school_id is required", {{"school_id", "is required"}}));
  }
  Result<Id> district = guard.DistrictOfSchool(tx, *school_id);
  if (!district || *district != guard.principal().district_id) {
    return Fail(Error::Invalid("school_id is not a school of this district",
                               {{"school_id", "is not a school of this district"}}));
  }
  return *school_id;
}

Result<Response> ListSchools(const Request& request, AccessGuard& guard, Transaction& tx) {
  PARAPLAN_TRY(RequireDirectoryReader(guard, RecordFamily::kSchool));
  Page page = PARAPLAN_TRY(PageOf(request));
  std::vector<School> schools = PARAPLAN_TRY(tx.ListSchools(guard.principal().district_id, page));
  return ListResponse(schools, page);
}

Result<Response> ListRooms(const Request& request, AccessGuard& guard, Transaction& tx) {
  PARAPLAN_TRY(RequireDirectoryReader(guard, RecordFamily::kRoom));
  Page page = PARAPLAN_TRY(PageOf(request));
  Id school_id = PARAPLAN_TRY(RequiredSchool(request, guard, tx));
  std::vector<Room> rooms = PARAPLAN_TRY(tx.ListRooms(school_id, page));
  return ListResponse(rooms, page);
}

Result<Response> ListCalendars(const Request& request, AccessGuard& guard, Transaction& tx) {
  PARAPLAN_TRY(RequireDirectoryReader(guard, RecordFamily::kCalendar));
  Page page = PARAPLAN_TRY(PageOf(request));
  Id school_id = PARAPLAN_TRY(RequiredSchool(request, guard, tx));
  // A school has few calendars: the store reads them all, and the page is
  // cut from them as every other list's is.
  std::vector<SchoolCalendar> calendars = PARAPLAN_TRY(tx.ListCalendars(school_id));
  std::erase_if(calendars, [&](const SchoolCalendar& calendar) { return calendar.id <= page.after; });
  if (static_cast<int>(calendars.size()) > page.limit) calendars.resize(page.limit);
  return ListResponse(calendars, page);
}

Result<Response> ListStaff(const Request& request, AccessGuard& guard, Transaction& tx) {
  PARAPLAN_TRY(RequireDirectoryReader(guard, RecordFamily::kStaff));
  StaffFilter filter;
  filter.page = PARAPLAN_TRY(PageOf(request));
  filter.district_id = guard.principal().district_id;
  filter.school_id = PARAPLAN_TRY(QueryId(request, "school_id"));
  filter.role = PARAPLAN_TRY(QueryEnum<StaffRole>(request, "role"));
  std::vector<Staff> staff = PARAPLAN_TRY(tx.ListStaff(filter));
  return ListResponse(staff, filter.page);
}

Result<Response> ListSections(const Request& request, AccessGuard& guard, Transaction& tx) {
  PARAPLAN_TRY(RequireDirectoryReader(guard, RecordFamily::kSection));
  SectionFilter filter;
  filter.page = PARAPLAN_TRY(PageOf(request));
  // Sections are listed by school; without one, the caller's own school.
  std::optional<Id> school_id = PARAPLAN_TRY(QueryId(request, "school_id"));
  if (!school_id) school_id = guard.principal().school_id;
  if (!school_id) {
    return Fail(
        Error::Invalid("school_id is required for district staff", {{"school_id", "is required"}}));
  }
  Result<Id> district = guard.DistrictOfSchool(tx, *school_id);
  if (!district || *district != guard.principal().district_id) {
    return Fail(Error::Invalid("school_id is not a school of this district",
                               {{"school_id", "is not a school of this district"}}));
  }
  filter.school_id = school_id;
  filter.general_educator_id = PARAPLAN_TRY(QueryId(request, "general_educator_id"));
  std::vector<Section> sections = PARAPLAN_TRY(tx.ListSections(filter));
  return ListResponse(sections, filter.page);
}

// --- guardians --------------------------------------------------------------

// Guardians are people outside the school; staff reach their details through
// a student (/students/{id}/guardians). Administrators keep the records (a
// school's administrator those of guardians of its students); a parent reads
// their own.
Result<Guardian> LoadGuardian(const Request& request, AccessGuard& guard, Transaction& tx,
                              AccessAction action) {
  Id id = PARAPLAN_TRY(request.PathId("id"));
  Result<Guardian> guardian = tx.GetGuardian(id);
  const Principal& who = guard.principal();
  if (!guardian || guardian->district_id != who.district_id) {
    if (guardian || guardian.error().code == ErrorCode::kNotFound) {
      return Fail(Error::NotFound("no such guardian"));
    }
    return Fail(guardian.error());
  }
  const bool self = who.role == Role::kParent && who.guardian_id == id;
  if (who.role == Role::kAdministrator) {
    if (!who.school_id) return guardian;
    // A school's administrator keeps the guardians of that school's students.
    for (const GuardianLink& link : PARAPLAN_TRY(tx.ListGuardianLinks(std::nullopt, id))) {
      Result<Student> student = tx.GetStudent(link.student_id);
      if (student && student->school_id == *who.school_id) return guardian;
    }
    return Fail(Error::NotFound("no such guardian"));
  }
  if (self && action == AccessAction::kRead) return guardian;
  if (self) {
    return Fail(Error::PermissionDenied(
        "roster_changes_by_administrators: guardian records are kept by the school; ask it to "
        "change yours"));
  }
  return Fail(Error::NotFound("no such guardian"));
}

Result<Response> GetGuardian(const Request& request, AccessGuard& guard, Transaction& tx) {
  Guardian guardian = PARAPLAN_TRY(LoadGuardian(request, guard, tx, AccessAction::kRead));
  return RecordResponse(200, ToJson(guardian), guardian.version);
}

Result<void> RequireAdministrator(const AccessGuard& guard) {
  if (guard.principal().role != Role::kAdministrator) {
    return Fail(Error::PermissionDenied(
        "roster_changes_by_administrators: guardian records are kept by administrators"));
  }
  return {};
}

Result<Response> CreateGuardian(const Request& request, AccessGuard& guard, Transaction& tx) {
  PARAPLAN_TRY(RequireAdministrator(guard));
  Guardian guardian = PARAPLAN_TRY(ReadBody<Guardian>(request));
  if (guardian.district_id != guard.principal().district_id) {
    return Fail(Error::Invalid("the guardian must be of your district",
                               {{"district_id", "must be your district"}}));
  }
  PARAPLAN_TRY(Check(guardian, "guardian"));
  Id id = PARAPLAN_TRY(tx.Insert(guardian));
  Guardian stored = PARAPLAN_TRY(tx.GetGuardian(id));
  Response response = RecordResponse(201, ToJson(stored), stored.version);
  response.headers.Set("Location", fmt::format("/api/v1/guardians/{}", id));
  return response;
}

Result<Response> UpdateGuardian(const Request& request, AccessGuard& guard, Transaction& tx) {
  Guardian existing = PARAPLAN_TRY(LoadGuardian(request, guard, tx, AccessAction::kWrite));
  std::int64_t version = PARAPLAN_TRY(RequireIfMatch(request));
  Guardian guardian = PARAPLAN_TRY(ReadBody<Guardian>(request));
  if (guardian.district_id != existing.district_id) {
    return Fail(
        Error::Invalid("a guardian stays in their district", {{"district_id", "cannot change"}}));
  }
  guardian.id = existing.id;
  guardian.version = version;
  PARAPLAN_TRY(Check(guardian, "guardian"));
  PARAPLAN_TRY(tx.Update(guardian));
  Guardian stored = PARAPLAN_TRY(tx.GetGuardian(existing.id));
  return RecordResponse(200, ToJson(stored), stored.version);
}

Result<Response> DeleteGuardian(const Request& request, AccessGuard& guard, Transaction& tx) {
  Guardian existing = PARAPLAN_TRY(LoadGuardian(request, guard, tx, AccessAction::kWrite));
  std::int64_t version = PARAPLAN_TRY(RequireIfMatch(request));
  if (version != existing.version) {
    return Fail(Error::Conflict("the record changed since it was read; read it again"));
  }
  PARAPLAN_TRY(tx.Delete(RecordKind::kGuardian, existing.id));
  return Response::NoContent();
}

using Work = Result<Response> (*)(const Request&, AccessGuard&, Transaction&);

Handler Run(Sources sources, TransactionKind kind, Work work) {
  return [sources, kind, work](const Request& request, Context& context) -> Result<Response> {
    return Guarded(*sources, context, request, kind,
                   [&](AccessGuard& guard, Transaction& tx) { return work(request, guard, tx); });
  };
}

template <typename T>
void AddRecordRoutes(Router& router, const Sources& sources, Work list) {
  const std::string path(Kind<T>::kPath);
  router.Add(Method::kGet, path, Run(sources, TransactionKind::kRead, list));
  router.Add(Method::kPost, path, Run(sources, TransactionKind::kWrite, CreateRecord<T>));
  router.Add(Method::kGet, path + "/{id}", Run(sources, TransactionKind::kRead, GetRecord<T>));
  router.Add(Method::kPut, path + "/{id}", Run(sources, TransactionKind::kWrite, UpdateRecord<T>));
  router.Add(Method::kDelete, path + "/{id}",
             Run(sources, TransactionKind::kWrite, DeleteRecord<T>));
}

}  // namespace

void AddDirectoryRoutes(Router& router, const AccessSources& access_sources) {
  Sources sources = std::make_shared<const AccessSources>(access_sources);
  AddRecordRoutes<School>(router, sources, ListSchools);
  AddRecordRoutes<Room>(router, sources, ListRooms);
  AddRecordRoutes<SchoolCalendar>(router, sources, ListCalendars);
  AddRecordRoutes<Staff>(router, sources, ListStaff);
  AddRecordRoutes<Section>(router, sources, ListSections);
  router.Add(Method::kPost, "/api/v1/guardians",
             Run(sources, TransactionKind::kWrite, CreateGuardian));
  router.Add(Method::kGet, "/api/v1/guardians/{id}",
             Run(sources, TransactionKind::kRead, GetGuardian));
  router.Add(Method::kPut, "/api/v1/guardians/{id}",
             Run(sources, TransactionKind::kWrite, UpdateGuardian));
  router.Add(Method::kDelete, "/api/v1/guardians/{id}",
             Run(sources, TransactionKind::kWrite, DeleteGuardian));
}

}  // namespace paraplan::http
