// The security store: accounts, sessions, API tokens, sign-in throttling,
// the append-only audit log of access to student records, and the
// staff-student assignments access control reads. A separate interface from
// the roster Store because its callers (sign-in, the access guard) are
// different and because its records are about people's use of the system,
// not about students' education; it shares the roster's database (the
// tables come from the "security" migration) through the backend's SqlRunner.
//
// Times are Unix seconds. Each call is its own transaction. Secrets are
// never stored: sessions and API tokens are kept as a hash of the token,
// passwords as an argon2id string.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "domain/error.h"
#include "domain/model.h"
#include "domain/time.h"

namespace paraplan::sql {
class Session;
}  // namespace paraplan::sql

namespace paraplan {

class SqlRunner;

using UnixSeconds = std::int64_t;

enum class AccountKind { kStaff, kGuardian };

struct Account {
  Id id = 0;
  Id district_id = 0;
  std::string email;  // unique, compared in lower case
  AccountKind kind = AccountKind::kStaff;
  Id person_id = 0;  // the staff member's or guardian's id
  std::string password_hash;
  bool disabled = false;
  UnixSeconds created_at = 0;
  UnixSeconds password_changed_at = 0;
};

struct SessionRecord {
  Id id = 0;
  Id district_id = 0;
  Id account_id = 0;
  std::string token_hash;
  std::string csrf_token;
  UnixSeconds created_at = 0;
  UnixSeconds last_seen_at = 0;
  UnixSeconds expires_at = 0;  // the absolute expiry
  std::optional<UnixSeconds> ended_at;
  std::string user_agent;  // shown to the owner when listing sessions
};

struct ApiTokenRecord {
  Id id = 0;
  Id district_id = 0;
  Id account_id = 0;
  std::string name;
  std::string scope;  // read or read_write
  std::string token_hash;
  UnixSeconds created_at = 0;
  std::optional<UnixSeconds> expires_at;
  std::optional<UnixSeconds> revoked_at;
  std::optional<UnixSeconds> last_used_at;
};

// Failed sign-ins counted for one key (an account or a client address).
struct ThrottleState {
  int failures = 0;
  UnixSeconds window_start = 0;
  UnixSeconds locked_until = 0;
};

// One access to, or attempt on, a student's record. Enumerated values are
// kept as their stable names so the log reads the same after code changes.
// Never the record's data.
struct AuditRecord {
  Id id = 0;
  Id district_id = 0;
  UnixSeconds at = 0;
  Id account_id = 0;
  std::string role;
  std::optional<Id> staff_id;
  std::optional<Id> guardian_id;
  Id student_id = 0;
  std::string family;  // record family, e.g. iep, goal, student
  Id record_id = 0;
  std::string action;  // read, write, licensed_write, export
  std::string method;
  std::string route;   // the route pattern, never a path with ids
  std::string result;  // allowed or refused
  std::string rule;    // the access rule the decision rests on
  std::string request_id;
};

struct AuditFilter {
  Id district_id = 0;
  std::optional<Id> student_id;
  // Only entries about students now enrolled at this school (a school
  // administrator's window): the page, and where it ends, say nothing of
  // other schools' students.
  std::optional<Id> school_id;
  std::optional<UnixSeconds> from;  // inclusive
  std::optional<UnixSeconds> to;    // exclusive
  Id after = 0;                     // keyset paging by id
  int limit = 100;
};

enum class AssignmentSource { kSchedule, kManual };

// A staff member (usually a para) assigned to a student for a date range.
struct Assignment {
  Id id = 0;
  Id district_id = 0;
  Id staff_id = 0;
  Id student_id = 0;
  Date start;
  std::optional<Date> end;  // inclusive; nullopt while open-ended
  AssignmentSource source = AssignmentSource::kManual;
};

class SecurityStore {
 public:
  virtual ~SecurityStore() = default;

  // --- Accounts. kAlreadyExists for a taken email or a person who already
  // has an account; kInvalidArgument naming person_id when the staff member
  // or guardian does not exist in the account's district.
  virtual Result<Id> CreateAccount(const Account& account) = 0;
  virtual Result<Account> GetAccount(Id id) = 0;
  virtual Result<std::optional<Account>> FindAccountByEmail(std::string_view email) = 0;
  virtual Result<std::optional<Account>> FindAccountByPerson(AccountKind kind, Id person_id) = 0;
  virtual Result<void> SetPassword(Id account_id, std::string_view password_hash,
                                   UnixSeconds at) = 0;
  virtual Result<void> SetDisabled(Id account_id, bool disabled) = 0;

  // --- Throttling of failed sign-ins, by key.
  virtual Result<ThrottleState> GetThrottle(std::string_view key) = 0;
  virtual Result<void> PutThrottle(std::string_view key, const ThrottleState& state) = 0;
  virtual Result<void> ClearThrottle(std::string_view key) = 0;

  // --- Sessions.
  virtual Result<Id> CreateSession(const SessionRecord& session) = 0;
  // The session with this token hash, ended or not; nullopt when unknown.
  virtual Result<std::optional<SessionRecord>> FindSession(std::string_view token_hash) = 0;
  virtual Result<void> TouchSession(Id session_id, UnixSeconds at) = 0;
  // Ends one of the account's sessions; kNotFound when it is not theirs or
  // already ended.
  virtual Result<void> EndSession(Id account_id, Id session_id, UnixSeconds at) = 0;
  // Ends every open session of the account except `keep`; returns how many.
  virtual Result<int> EndAllSessions(Id account_id, std::optional<Id> keep, UnixSeconds at) = 0;
  // The account's sessions that are neither ended nor past `now`'s expiry
  // limits (`idle_since`: last seen before this counts as expired).
  virtual Result<std::vector<SessionRecord>> ListOpenSessions(Id account_id, UnixSeconds now,
                                                              UnixSeconds idle_since) = 0;

  // --- API tokens.
  virtual Result<Id> CreateApiToken(const ApiTokenRecord& token) = 0;
  virtual Result<std::optional<ApiTokenRecord>> FindApiToken(std::string_view token_hash) = 0;
  virtual Result<std::vector<ApiTokenRecord>> ListApiTokens(Id account_id) = 0;
  virtual Result<void> TouchApiToken(Id token_id, UnixSeconds at) = 0;
  // kNotFound when the token is not the account's or already revoked.
  virtual Result<void> RevokeApiToken(Id account_id, Id token_id, UnixSeconds at) = 0;
  virtual Result<int> RevokeAllApiTokens(Id account_id, UnixSeconds at) = 0;

  // --- The audit log: append and read, nothing else (no update, no delete).
  virtual Result<void> AppendAudit(const std::vector<AuditRecord>& records) = 0;
  virtual Result<std::vector<AuditRecord>> ListAudit(const AuditFilter& filter) = 0;

  // --- Staff-student assignments. kInvalidArgument naming the field for an
  // unknown staff member or student, or an end before the start.
  virtual Result<Id> AddAssignment(const Assignment& assignment) = 0;
  // Removes an assignment; access through it ends at once. kNotFound if none.
  virtual Result<void> RemoveAssignment(Id assignment_id) = 0;
  // Replaces every assignment of `source` in the district (a new schedule).
  virtual Result<void> ReplaceAssignments(Id district_id, AssignmentSource source,
                                          const std::vector<Assignment>& assignments) = 0;
  virtual Result<std::vector<Assignment>> ListAssignments(std::optional<Id> staff_id,
                                                          std::optional<Id> student_id) = 0;
  // The students assigned to the staff member on `day`.
  virtual Result<std::set<Id>> StudentsAssignedTo(Id staff_id, Date day) = 0;
  // The staff assigned to the student on `day`.
  virtual Result<std::set<Id>> StaffAssignedTo(Id student_id, Date day) = 0;
};

// The security store over a backend's SQL session (store/sql_runner.h).
std::unique_ptr<SecurityStore> MakeSecurityStore(SqlRunner& runner);

// SecurityStore::ReplaceAssignments inside a write transaction the caller
// already holds, so that the assignments change with what they follow (a
// published schedule) or not at all.
Result<void> ReplaceAssignmentsIn(sql::Session& session, Id district_id, AssignmentSource source,
                                  const std::vector<Assignment>& assignments);

// The assignments one school's published schedules give for one week
// (source schedule; each row keeps the school), replaced inside the
// caller's write transaction: the school's rows starting that week go, the
// given ones come. Schedule assignments of the district that ended before
// `keep_from` go too. Publishing a schedule so costs one school's week,
// whatever the size of the district.
Result<void> ReplaceScheduleWeekIn(sql::Session& session, Id district_id, Id school_id,
                                   Date week, const std::vector<Assignment>& assignments,
                                   Date keep_from);

}  // namespace paraplan

namespace paraplan {
template <>
struct EnumNames<AccountKind> {
  static constexpr auto kNames = std::to_array<std::pair<AccountKind, std::string_view>>({
      {AccountKind::kStaff, "staff"},
      {AccountKind::kGuardian, "guardian"},
  });
};
template <>
struct EnumNames<AssignmentSource> {
  static constexpr auto kNames = std::to_array<std::pair<AssignmentSource, std::string_view>>({
      {AssignmentSource::kSchedule, "schedule"},
      {AssignmentSource::kManual, "manual"},
  });
};
}  // namespace paraplan
