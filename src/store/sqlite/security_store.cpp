// The security store over a backend's SQL session (store/sql_runner.h), in
// portable SQL shared by SQLite and PostgreSQL; the tables come from the
// "security" migration in migrations.cpp.
#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <condition_variable>
#include <exception>
#include <mutex>
#include <vector>

#include "store/security.h"
#include "store/sql/session.h"
#include "store/sql_runner.h"

namespace paraplan {
namespace {

using sql::Row;
using sql::RowReader;
using sql::Rows;
using sql::Session;
using sql::Value;

std::string Lower(std::string_view text) {
  std::string lower(text);
  std::ranges::transform(lower, lower.begin(),
                         [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return lower;
}

Value OptionalInt(std::optional<std::int64_t> value) { return value ? Value(*value) : sql::Null(); }

constexpr std::string_view kAccountColumns =
    "id, district_id, email, kind, person_id, password_hash, disabled, created_at, "
    "password_changed_at";

Result<Account> ReadAccount(const Row& row) {
  RowReader reader(row, "account");
  Account account;
  account.id = reader.Int(0);
  account.district_id = reader.Int(1);
  account.email = reader.Text(2);
  account.kind = reader.Enum<AccountKind>(3);
  account.person_id = reader.Int(4);
  account.password_hash = reader.Text(5);
  account.disabled = reader.Flag(6);
  account.created_at = reader.Int(7);
  account.password_changed_at = reader.Int(8);
  PARAPLAN_TRY(reader.Finish());
  return account;
}

constexpr std::string_view kSessionColumns =
    "id, district_id, account_id, token_hash, csrf_token, created_at, last_seen_at, expires_at, "
    "ended_at, user_agent";

Result<SessionRecord> ReadSession(const Row& row) {
  RowReader reader(row, "account_session");
  SessionRecord session;
  session.id = reader.Int(0);
  session.district_id = reader.Int(1);
  session.account_id = reader.Int(2);
  session.token_hash = reader.Text(3);
  session.csrf_token = reader.Text(4);
  session.created_at = reader.Int(5);
  session.last_seen_at = reader.Int(6);
  session.expires_at = reader.Int(7);
  session.ended_at = reader.OptionalInt(8);
  session.user_agent = reader.Text(9);
  PARAPLAN_TRY(reader.Finish());
  return session;
}

constexpr std::string_view kTokenColumns =
    "id, district_id, account_id, name, scope, token_hash, created_at, expires_at, revoked_at, "
    "last_used_at";

Result<ApiTokenRecord> ReadToken(const Row& row) {
  RowReader reader(row, "api_token");
  ApiTokenRecord token;
  token.id = reader.Int(0);
  token.district_id = reader.Int(1);
  token.account_id = reader.Int(2);
  token.name = reader.Text(3);
  token.scope = reader.Text(4);
  token.token_hash = reader.Text(5);
  token.created_at = reader.Int(6);
  token.expires_at = reader.OptionalInt(7);
  token.revoked_at = reader.OptionalInt(8);
  token.last_used_at = reader.OptionalInt(9);
  PARAPLAN_TRY(reader.Finish());
  return token;
}

constexpr std::string_view kAuditColumns =
    "id, district_id, at, account_id, role, staff_id, guardian_id, student_id, family, record_id, "
    "action, method, route, result, rule, request_id";

Result<AuditRecord> ReadAudit(const Row& row) {
  RowReader reader(row, "audit_event");
  AuditRecord record;
  record.id = reader.Int(0);
  record.district_id = reader.Int(1);
  record.at = reader.Int(2);
  record.account_id = reader.Int(3);
  record.role = reader.Text(4);
  record.staff_id = reader.OptionalInt(5);
  record.guardian_id = reader.OptionalInt(6);
  record.student_id = reader.Int(7);
  record.family = reader.Text(8);
  record.record_id = reader.Int(9);
  record.action = reader.Text(10);
  record.method = reader.Text(11);
  record.route = reader.Text(12);
  record.result = reader.Text(13);
  record.rule = reader.Text(14);
  record.request_id = reader.Text(15);
  PARAPLAN_TRY(reader.Finish());
  return record;
}

constexpr std::string_view kAssignmentColumns =
    "id, district_id, staff_id, student_id, start_date, end_date, source";

Result<Assignment> ReadAssignment(const Row& row) {
  RowReader reader(row, "staff_assignment");
  Assignment assignment;
  assignment.id = reader.Int(0);
  assignment.district_id = reader.Int(1);
  assignment.staff_id = reader.Int(2);
  assignment.student_id = reader.Int(3);
  assignment.start = reader.DateAt(4);
  assignment.end = reader.OptionalDate(5);
  assignment.source = reader.Enum<AssignmentSource>(6);
  PARAPLAN_TRY(reader.Finish());
  return assignment;
}

Result<std::int64_t> SingleInt(const Rows& rows, std::string_view table) {
  if (rows.empty()) return Fail(Error::Internal(fmt::format("{}: expected one row", table)));
  RowReader reader(rows[0], table);
  std::int64_t value = reader.Int(0);
  PARAPLAN_TRY(reader.Finish());
  return value;
}

// The district of a staff member or guardian, or nullopt when there is none.
Result<std::optional<Id>> DistrictOfPerson(Session& session, AccountKind kind, Id person_id) {
  std::string_view statement = kind == AccountKind::kStaff
                                   ? "SELECT district_id FROM staff WHERE id = ?"
                                   : "SELECT district_id FROM guardian WHERE id = ?";
  Rows rows = PARAPLAN_TRY(session.Query(statement, {sql::Int(person_id)}));
  if (rows.empty()) return std::optional<Id>();
  return std::optional<Id>(PARAPLAN_TRY(SingleInt(rows, "person")));
}

// Checks that the staff member and the student exist and returns the
// student's district.
Result<Id> CheckAssignment(Session& session, const Assignment& assignment) {
  std::vector<FieldProblem> problems;
  if (assignment.end && *assignment.end < assignment.start) {
    problems.push_back({"end", "is before start"});
  }
  Rows staff = PARAPLAN_TRY(
      session.Query("SELECT district_id FROM staff WHERE id = ?", {sql::Int(assignment.staff_id)}));
  if (staff.empty()) problems.push_back({"staff_id", "names no staff member"});
  Rows student = PARAPLAN_TRY(session.Query(
      "SELECT s.district_id FROM student t JOIN school s ON s.id = t.school_id WHERE t.id = ?",
      {sql::Int(assignment.student_id)}));
  if (student.empty()) problems.push_back({"student_id", "names no student"});
  if (problems.empty()) {
    Id staff_district = PARAPLAN_TRY(SingleInt(staff, "staff"));
    Id student_district = PARAPLAN_TRY(SingleInt(student, "student"));
    if (staff_district != student_district) {
      problems.push_back({"student_id", "is in another district than the staff member"});
    } else {
      return student_district;
    }
  }
  return Fail(Error::Invalid("the assignment is not valid", std::move(problems)));
}

// `school_id`: the school whose published schedule gives the assignment.
Result<void> InsertAssignment(Session& session, const Assignment& assignment, Id district_id,
                              Id* id, std::optional<Id> school_id = std::nullopt) {
  Rows rows = PARAPLAN_TRY(session.Query(
      "INSERT INTO staff_assignment (district_id, staff_id, student_id, start_date, end_date, "
      "source, school_id) VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id",
      {sql::Int(district_id), sql::Int(assignment.staff_id), sql::Int(assignment.student_id),
       sql::DateValue(assignment.start), sql::OptionalDate(assignment.end),
       sql::EnumValue(assignment.source), sql::OptionalId(school_id)}));
  Id inserted = PARAPLAN_TRY(SingleInt(rows, "staff_assignment"));
  if (id) *id = inserted;
  return {};
}

// The PostgreSQL advisory lock audit appends take turns on: the ASCII of
// "PARAAUDT" as a 64-bit key, which no other part of paraplan uses.
constexpr std::int64_t kAuditAppendLock = 0x50415241'41554454;

// Appends audit entries with group commit. Every read of a student record
// appends its entry before the answer goes out, so entries are durable
// writes as frequent as reads; one transaction (one fsync) each would hold
// reads to the disk's commit rate. An append that finds no commit under way
// commits at once; appends that arrive during a commit wait for it to end,
// and the next of them commits all their entries in one transaction. When
// such a shared commit fails, each request's entries are written again on
// their own, so that one request's failure is never another's. Nobody is
// answered before their entries are committed.
class AuditAppender {
 public:
  explicit AuditAppender(SqlRunner& runner) : runner_(runner) {}

  Result<void> Append(const std::vector<AuditRecord>& records) {
    std::unique_lock lock(mutex_);
    Waiter self{.records = &records, .done = false, .result = {}};
    queued_.push_back(&self);
    committed_.wait(lock, [&] { return self.done || !committing_; });
    if (self.done) return std::move(self.result);
    // No commit is under way and this request's entries are still queued:
    // commit them with everyone else's queued since the last commit.
    committing_ = true;
    std::vector<Waiter*> batch;
    batch.swap(queued_);
    lock.unlock();
    std::vector<Result<void>> results(batch.size(), Write(batch));
    if (!results.front() && batch.size() > 1) {
      for (std::size_t i = 0; i < batch.size(); ++i) results[i] = Write({batch[i]});
    }
    lock.lock();
    for (std::size_t i = 0; i < batch.size(); ++i) {
      batch[i]->result = std::move(results[i]);
      batch[i]->done = true;  // the waiter may return (and be gone) from here
    }
    committing_ = false;
    lock.unlock();
    committed_.notify_all();
    return std::move(self.result);
  }

 private:
  struct Waiter {
    const std::vector<AuditRecord>* records;
    bool done = false;
    Result<void> result;
  };

  // One transaction with every waiter's entries.
  Result<void> Write(const std::vector<Waiter*>& waiters) {
    try {
      return runner_.RunWrite([&](Session& session) -> Result<void> {
        if (session.dialect() == sql::Dialect::kPostgres) {
          // Readers page the log by id (`after`), so ids must become visible
          // in order. A sequence hands them out in order but transactions
          // commit in any order: with several instances on one database an
          // entry could commit after a reader had passed its id. Appends
          // take turns, across instances, from before their first id is
          // drawn until they commit. (SQLite has one writer at a time.)
          PARAPLAN_TRY(session.ExecuteLater("SELECT pg_advisory_xact_lock(?)",
                                            {sql::Int(kAuditAppendLock)}));
        }
        for (const Waiter* waiter : waiters) {
          for (const AuditRecord& record : *waiter->records) {
            PARAPLAN_TRY(session.ExecuteLater(
                "INSERT INTO audit_event (district_id, at, account_id, role, staff_id, "
                "guardian_id, student_id, family, record_id, action, method, route, result, "
                "rule, request_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                {sql::Int(record.district_id), sql::Int(record.at), sql::Int(record.account_id),
                 sql::Text(record.role), sql::OptionalId(record.staff_id),
                 sql::OptionalId(record.guardian_id), sql::Int(record.student_id),
                 sql::Text(record.family), sql::Int(record.record_id), sql::Text(record.action),
                 sql::Text(record.method), sql::Text(record.route), sql::Text(record.result),
                 sql::Text(record.rule), sql::Text(record.request_id)}));
          }
        }
        return {};
      });
    } catch (const std::exception& exception) {
      // Waiters must never be left waiting on a commit that ended in a throw.
      return Fail(Error::Internal(fmt::format("appending the audit log: {}", exception.what())));
    }
  }

  SqlRunner& runner_;
  std::mutex mutex_;
  std::condition_variable committed_;
  std::vector<Waiter*> queued_;
  bool committing_ = false;
};

class SqlSecurityStore final : public SecurityStore {
 public:
  explicit SqlSecurityStore(SqlRunner& runner) : runner_(runner), audit_(runner) {}

  Result<Id> CreateAccount(const Account& account) override {
    Id id = 0;
    if (Result<void> done = runner_.RunWrite([&](Session& session) -> Result<void> {
          std::optional<Id> district =
              PARAPLAN_TRY(DistrictOfPerson(session, account.kind, account.person_id));
          if (!district || *district != account.district_id) {
            return Fail(Error::Invalid(
                fmt::format("no {} {} in the district", NameOf(account.kind), account.person_id),
                {{"person_id", "names no staff member or guardian of the district"}}));
          }
          Rows taken = PARAPLAN_TRY(session.Query(
              "SELECT id FROM account WHERE email = ? OR (kind = ? AND person_id = ?)",
              {sql::Text(Lower(account.email)), sql::EnumValue(account.kind),
               sql::Int(account.person_id)}));
          if (!taken.empty()) {
            return Fail(
                Error::AlreadyExists("an account with this email or for this person exists"));
          }
          Rows rows = PARAPLAN_TRY(session.Query(
              "INSERT INTO account (district_id, email, kind, person_id, password_hash, disabled, "
              "created_at, password_changed_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
              {sql::Int(account.district_id), sql::Text(Lower(account.email)),
               sql::EnumValue(account.kind), sql::Int(account.person_id),
               sql::Text(account.password_hash), sql::Flag(account.disabled),
               sql::Int(account.created_at), sql::Int(account.password_changed_at)}));
          id = PARAPLAN_TRY(SingleInt(rows, "account"));
          return {};
        });
        !done) {
      return Fail(std::move(done.error()));
    }
    return id;
  }

  Result<Account> GetAccount(Id id) override {
    std::optional<Account> account;
    if (Result<void> done = runner_.RunRead([&](Session& session) -> Result<void> {
          Rows rows = PARAPLAN_TRY(session.Query(
              fmt::format("SELECT {} FROM account WHERE id = ?", kAccountColumns), {sql::Int(id)}));
          if (!rows.empty()) account = PARAPLAN_TRY(ReadAccount(rows[0]));
          return {};
        });
        !done) {
      return Fail(std::move(done.error()));
    }
    if (!account) return Fail(Error::NotFound(fmt::format("no account {}", id)));
    return *account;
  }

  Result<std::optional<Account>> FindAccountByEmail(std::string_view email) override {
    return FindAccount("email = ?", {sql::Text(Lower(email))});
  }

  Result<std::optional<Account>> FindAccountByPerson(AccountKind kind, Id person_id) override {
    return FindAccount("kind = ? AND person_id = ?", {sql::EnumValue(kind), sql::Int(person_id)});
  }

  Result<void> SetPassword(Id account_id, std::string_view password_hash, UnixSeconds at) override {
    return ChangeOne("UPDATE account SET password_hash = ?, password_changed_at = ? WHERE id = ?",
                     {sql::Text(password_hash), sql::Int(at), sql::Int(account_id)}, "account");
  }

  Result<void> SetDisabled(Id account_id, bool disabled) override {
    return ChangeOne("UPDATE account SET disabled = ? WHERE id = ?",
                     {sql::Flag(disabled), sql::Int(account_id)}, "account");
  }

  Result<ThrottleState> GetThrottle(std::string_view key) override {
    ThrottleState state;
    if (Result<void> done = runner_.RunRead([&](Session& session) -> Result<void> {
          Rows rows =
              PARAPLAN_TRY(session.Query("SELECT failures, window_start, locked_until FROM "
                                         "login_throttle WHERE throttle_key = ?",
                                         {sql::Text(key)}));
          if (rows.empty()) return {};
          RowReader reader(rows[0], "login_throttle");
          state.failures = reader.SmallInt(0);
          state.window_start = reader.Int(1);
          state.locked_until = reader.Int(2);
          return reader.Finish();
        });
        !done) {
      return Fail(std::move(done.error()));
    }
    return state;
  }

  Result<void> PutThrottle(std::string_view key, const ThrottleState& state) override {
    return runner_.RunWrite([&](Session& session) -> Result<void> {
      PARAPLAN_TRY(
          session.Execute("DELETE FROM login_throttle WHERE throttle_key = ?", {sql::Text(key)}));
      PARAPLAN_TRY(session.Execute(
          "INSERT INTO login_throttle (throttle_key, failures, window_start, locked_until) "
          "VALUES (?, ?, ?, ?)",
          {sql::Text(key), sql::Int(state.failures), sql::Int(state.window_start),
           sql::Int(state.locked_until)}));
      return {};
    });
  }

  Result<void> ClearThrottle(std::string_view key) override {
    return runner_.RunWrite([&](Session& session) -> Result<void> {
      PARAPLAN_TRY(
          session.Execute("DELETE FROM login_throttle WHERE throttle_key = ?", {sql::Text(key)}));
      return {};
    });
  }

  Result<Id> CreateSession(const SessionRecord& record) override {
    Id id = 0;
    if (Result<void> done = runner_.RunWrite([&](Session& session) -> Result<void> {
          Rows rows = PARAPLAN_TRY(session.Query(
              "INSERT INTO account_session (district_id, account_id, token_hash, csrf_token, "
              "created_at, last_seen_at, expires_at, ended_at, user_agent) "
              "VALUES (?, ?, ?, ?, ?, ?, ?, NULL, ?) RETURNING id",
              {sql::Int(record.district_id), sql::Int(record.account_id),
               sql::Text(record.token_hash), sql::Text(record.csrf_token),
               sql::Int(record.created_at), sql::Int(record.last_seen_at),
               sql::Int(record.expires_at), sql::Text(record.user_agent)}));
          id = PARAPLAN_TRY(SingleInt(rows, "account_session"));
          return {};
        });
        !done) {
      return Fail(std::move(done.error()));
    }
    return id;
  }

  Result<std::optional<SessionRecord>> FindSession(std::string_view token_hash) override {
    std::optional<SessionRecord> found;
    if (Result<void> done = runner_.RunRead([&](Session& session) -> Result<void> {
          Rows rows = PARAPLAN_TRY(session.Query(
              fmt::format("SELECT {} FROM account_session WHERE token_hash = ?", kSessionColumns),
              {sql::Text(token_hash)}));
          if (!rows.empty()) found = PARAPLAN_TRY(ReadSession(rows[0]));
          return {};
        });
        !done) {
      return Fail(std::move(done.error()));
    }
    return found;
  }

  Result<void> TouchSession(Id session_id, UnixSeconds at) override {
    return runner_.RunWrite([&](Session& session) -> Result<void> {
      PARAPLAN_TRY(session.Execute("UPDATE account_session SET last_seen_at = ? WHERE id = ?",
                                   {sql::Int(at), sql::Int(session_id)}));
      return {};
    });
  }

  Result<void> EndSession(Id account_id, Id session_id, UnixSeconds at) override {
    return ChangeOne(
        "UPDATE account_session SET ended_at = ? WHERE id = ? AND account_id = ? AND ended_at IS "
        "NULL",
        {sql::Int(at), sql::Int(session_id), sql::Int(account_id)}, "session");
  }

  Result<int> EndAllSessions(Id account_id, std::optional<Id> keep, UnixSeconds at) override {
    std::int64_t ended = 0;
    if (Result<void> done = runner_.RunWrite([&](Session& session) -> Result<void> {
          ended = PARAPLAN_TRY(session.Execute(
              "UPDATE account_session SET ended_at = ? WHERE account_id = ? AND ended_at IS NULL "
              "AND id <> ?",
              {sql::Int(at), sql::Int(account_id), sql::Int(keep.value_or(0))}));
          return {};
        });
        !done) {
      return Fail(std::move(done.error()));
    }
    return static_cast<int>(ended);
  }

  Result<std::vector<SessionRecord>> ListOpenSessions(Id account_id, UnixSeconds now,
                                                      UnixSeconds idle_since) override {
    std::vector<SessionRecord> sessions;
    if (Result<void> done = runner_.RunRead([&](Session& session) -> Result<void> {
          Rows rows = PARAPLAN_TRY(session.Query(
              fmt::format(
                  "SELECT {} FROM account_session WHERE account_id = ? AND ended_at IS NULL "
                  "AND expires_at > ? AND last_seen_at >= ? ORDER BY id",
                  kSessionColumns),
              {sql::Int(account_id), sql::Int(now), sql::Int(idle_since)}));
          for (const Row& row : rows) sessions.push_back(PARAPLAN_TRY(ReadSession(row)));
          return {};
        });
        !done) {
      return Fail(std::move(done.error()));
    }
    return sessions;
  }

  Result<Id> CreateApiToken(const ApiTokenRecord& token) override {
    Id id = 0;
    if (Result<void> done = runner_.RunWrite([&](Session& session) -> Result<void> {
          Rows rows = PARAPLAN_TRY(session.Query(
              "INSERT INTO api_token (district_id, account_id, name, scope, token_hash, "
              "created_at, "
              "expires_at, revoked_at, last_used_at) VALUES (?, ?, ?, ?, ?, ?, ?, NULL, NULL) "
              "RETURNING id",
              {sql::Int(token.district_id), sql::Int(token.account_id), sql::Text(token.name),
               sql::Text(token.scope), sql::Text(token.token_hash), sql::Int(token.created_at),
               OptionalInt(token.expires_at)}));
          id = PARAPLAN_TRY(SingleInt(rows, "api_token"));
          return {};
        });
        !done) {
      return Fail(std::move(done.error()));
    }
    return id;
  }

  Result<std::optional<ApiTokenRecord>> FindApiToken(std::string_view token_hash) override {
    std::optional<ApiTokenRecord> found;
    if (Result<void> done = runner_.RunRead([&](Session& session) -> Result<void> {
          Rows rows = PARAPLAN_TRY(session.Query(
              fmt::format("SELECT {} FROM api_token WHERE token_hash = ?", kTokenColumns),
              {sql::Text(token_hash)}));
          if (!rows.empty()) found = PARAPLAN_TRY(ReadToken(rows[0]));
          return {};
        });
        !done) {
      return Fail(std::move(done.error()));
    }
    return found;
  }

  Result<std::vector<ApiTokenRecord>> ListApiTokens(Id account_id) override {
    std::vector<ApiTokenRecord> tokens;
    if (Result<void> done = runner_.RunRead([&](Session& session) -> Result<void> {
          Rows rows = PARAPLAN_TRY(
              session.Query(fmt::format("SELECT {} FROM api_token WHERE account_id = ? ORDER BY id",
                                        kTokenColumns),
                            {sql::Int(account_id)}));
          for (const Row& row : rows) tokens.push_back(PARAPLAN_TRY(ReadToken(row)));
          return {};
        });
        !done) {
      return Fail(std::move(done.error()));
    }
    return tokens;
  }

  Result<void> TouchApiToken(Id token_id, UnixSeconds at) override {
    return runner_.RunWrite([&](Session& session) -> Result<void> {
      PARAPLAN_TRY(session.Execute("UPDATE api_token SET last_used_at = ? WHERE id = ?",
                                   {sql::Int(at), sql::Int(token_id)}));
      return {};
    });
  }

  Result<void> RevokeApiToken(Id account_id, Id token_id, UnixSeconds at) override {
    return ChangeOne(
        "UPDATE api_token SET revoked_at = ? WHERE id = ? AND account_id = ? AND revoked_at IS "
        "NULL",
        {sql::Int(at), sql::Int(token_id), sql::Int(account_id)}, "API token");
  }

  Result<int> RevokeAllApiTokens(Id account_id, UnixSeconds at) override {
    std::int64_t revoked = 0;
    if (Result<void> done = runner_.RunWrite([&](Session& session) -> Result<void> {
          revoked = PARAPLAN_TRY(session.Execute(
              "UPDATE api_token SET revoked_at = ? WHERE account_id = ? AND revoked_at IS NULL",
              {sql::Int(at), sql::Int(account_id)}));
          return {};
        });
        !done) {
      return Fail(std::move(done.error()));
    }
    return static_cast<int>(revoked);
  }

  Result<void> AppendAudit(const std::vector<AuditRecord>& records) override {
    if (records.empty()) return {};
    return audit_.Append(records);
  }

  Result<std::vector<AuditRecord>> ListAudit(const AuditFilter& filter) override {
    std::string statement =
        fmt::format("SELECT {} FROM audit_event WHERE district_id = ? AND id > ?", kAuditColumns);
    std::vector<Value> params = {sql::Int(filter.district_id), sql::Int(filter.after)};
    if (filter.student_id) {
      statement += " AND student_id = ?";
      params.push_back(sql::Int(*filter.student_id));
    }
    if (filter.school_id) {
      statement += " AND student_id IN (SELECT id FROM student WHERE school_id = ?)";
      params.push_back(sql::Int(*filter.school_id));
    }
    if (filter.from) {
      statement += " AND at >= ?";
      params.push_back(sql::Int(*filter.from));
    }
    if (filter.to) {
      statement += " AND at < ?";
      params.push_back(sql::Int(*filter.to));
    }
    statement += " ORDER BY id LIMIT ?";
    params.push_back(sql::Int(std::clamp(filter.limit, 1, 1000)));
    std::vector<AuditRecord> records;
    if (Result<void> done = runner_.RunRead([&](Session& session) -> Result<void> {
          Rows rows = PARAPLAN_TRY(session.Query(statement, params));
          for (const Row& row : rows) records.push_back(PARAPLAN_TRY(ReadAudit(row)));
          return {};
        });
        !done) {
      return Fail(std::move(done.error()));
    }
    return records;
  }

  Result<Id> AddAssignment(const Assignment& assignment) override {
    Id id = 0;
    if (Result<void> done = runner_.RunWrite([&](Session& session) -> Result<void> {
          Id district_id = PARAPLAN_TRY(CheckAssignment(session, assignment));
          return InsertAssignment(session, assignment, district_id, &id);
        });
        !done) {
      return Fail(std::move(done.error()));
    }
    return id;
  }

  Result<void> RemoveAssignment(Id assignment_id) override {
    return ChangeOne("DELETE FROM staff_assignment WHERE id = ?", {sql::Int(assignment_id)},
                     "assignment");
  }

  Result<void> ReplaceAssignments(Id district_id, AssignmentSource source,
                                  const std::vector<Assignment>& assignments) override {
    return runner_.RunWrite([&](Session& session) -> Result<void> {
      return ReplaceAssignmentsIn(session, district_id, source, assignments);
    });
  }

  Result<std::vector<Assignment>> ListAssignments(std::optional<Id> staff_id,
                                                  std::optional<Id> student_id) override {
    std::string statement =
        fmt::format("SELECT {} FROM staff_assignment WHERE 1 = 1", kAssignmentColumns);
    std::vector<Value> params;
    if (staff_id) {
      statement += " AND staff_id = ?";
      params.push_back(sql::Int(*staff_id));
    }
    if (student_id) {
      statement += " AND student_id = ?";
      params.push_back(sql::Int(*student_id));
    }
    statement += " ORDER BY id";
    std::vector<Assignment> assignments;
    if (Result<void> done = runner_.RunRead([&](Session& session) -> Result<void> {
          Rows rows = PARAPLAN_TRY(session.Query(statement, params));
          for (const Row& row : rows) assignments.push_back(PARAPLAN_TRY(ReadAssignment(row)));
          return {};
        });
        !done) {
      return Fail(std::move(done.error()));
    }
    return assignments;
  }

  Result<std::set<Id>> StudentsAssignedTo(Id staff_id, Date day) override {
    return IdsOn(
        "SELECT student_id FROM staff_assignment WHERE staff_id = ? AND start_date <= ? "
        "AND (end_date IS NULL OR end_date >= ?)",
        staff_id, day);
  }

  Result<std::set<Id>> StaffAssignedTo(Id student_id, Date day) override {
    return IdsOn(
        "SELECT staff_id FROM staff_assignment WHERE student_id = ? AND start_date <= ? "
        "AND (end_date IS NULL OR end_date >= ?)",
        student_id, day);
  }

 private:
  Result<std::optional<Account>> FindAccount(std::string_view where,
                                             std::initializer_list<Value> params) {
    std::vector<Value> values(params);
    std::optional<Account> account;
    if (Result<void> done = runner_.RunRead([&](Session& session) -> Result<void> {
          Rows rows = PARAPLAN_TRY(session.Query(
              fmt::format("SELECT {} FROM account WHERE {}", kAccountColumns, where), values));
          if (!rows.empty()) account = PARAPLAN_TRY(ReadAccount(rows[0]));
          return {};
        });
        !done) {
      return Fail(std::move(done.error()));
    }
    return account;
  }

  // Runs a statement that must change exactly one row; kNotFound otherwise.
  Result<void> ChangeOne(std::string_view statement, std::initializer_list<Value> params,
                         std::string_view what) {
    std::vector<Value> values(params);
    return runner_.RunWrite([&](Session& session) -> Result<void> {
      std::int64_t changed = PARAPLAN_TRY(session.Execute(statement, values));
      if (changed == 0) return Fail(Error::NotFound(fmt::format("no such {}", what)));
      return {};
    });
  }

  Result<std::set<Id>> IdsOn(std::string_view statement, Id id, Date day) {
    std::set<Id> ids;
    if (Result<void> done = runner_.RunRead([&](Session& session) -> Result<void> {
          Rows rows = PARAPLAN_TRY(
              session.Query(statement, {sql::Int(id), sql::DateValue(day), sql::DateValue(day)}));
          for (const Row& row : rows) {
            RowReader reader(row, "staff_assignment");
            ids.insert(reader.Int(0));
            PARAPLAN_TRY(reader.Finish());
          }
          return {};
        });
        !done) {
      return Fail(std::move(done.error()));
    }
    return ids;
  }

  SqlRunner& runner_;
  AuditAppender audit_;
};

}  // namespace

namespace {

// Checks and inserts each assignment as `source`; a problem names the
// assignment's place in the list.
Result<void> InsertEach(sql::Session& session, Id district_id, AssignmentSource source,
                        const std::vector<Assignment>& assignments,
                        std::optional<Id> school_id) {
  for (std::size_t i = 0; i < assignments.size(); ++i) {
    Assignment assignment = assignments[i];
    assignment.source = source;
    Result<Id> checked = CheckAssignment(session, assignment);
    if (!checked) {
      Error error = checked.error();
      for (FieldProblem& problem : error.fields) {
        problem.field = fmt::format("assignments[{}].{}", i, problem.field);
      }
      return Fail(std::move(error));
    }
    if (*checked != district_id) {
      return Fail(Error::Invalid(
          "the assignment is in another district",
          {{fmt::format("assignments[{}].student_id", i), "is in another district"}}));
    }
    PARAPLAN_TRY(InsertAssignment(session, assignment, district_id, nullptr, school_id));
  }
  return {};
}

}  // namespace

Result<void> ReplaceAssignmentsIn(sql::Session& session, Id district_id, AssignmentSource source,
                                  const std::vector<Assignment>& assignments) {
  PARAPLAN_TRY(session.Execute("DELETE FROM staff_assignment WHERE district_id = ? AND source = ?",
                               {sql::Int(district_id), sql::EnumValue(source)}));
  return InsertEach(session, district_id, source, assignments, std::nullopt);
}

Result<void> ReplaceScheduleWeekIn(sql::Session& session, Id district_id, Id school_id,
                                   Date week, const std::vector<Assignment>& assignments,
                                   Date keep_from) {
  const Date monday = week.WeekStart();
  PARAPLAN_TRY(session.Execute(
      "DELETE FROM staff_assignment WHERE school_id = ? AND source = ? AND start_date >= ? AND "
      "start_date <= ?",
      {sql::Int(school_id), sql::EnumValue(AssignmentSource::kSchedule), sql::DateValue(monday),
       sql::DateValue(monday.AddDays(6))}));
  PARAPLAN_TRY(session.Execute(
      "DELETE FROM staff_assignment WHERE district_id = ? AND source = ? AND end_date < ?",
      {sql::Int(district_id), sql::EnumValue(AssignmentSource::kSchedule),
       sql::DateValue(keep_from)}));
  return InsertEach(session, district_id, AssignmentSource::kSchedule, assignments, school_id);
}

std::unique_ptr<SecurityStore> MakeSecurityStore(SqlRunner& runner) {
  return std::make_unique<SqlSecurityStore>(runner);
}

}  // namespace paraplan
