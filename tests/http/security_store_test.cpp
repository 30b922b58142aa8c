#include <gtest/gtest.h>

#include "store/security.h"
#include "support/roster_fixture.h"

namespace paraplan {
namespace {

using testing::RosterDatabase;

Account StaffAccount(const RosterDatabase& db, Id staff_id, std::string email) {
  Account account;
  account.district_id = db.roster().district;
  account.email = std::move(email);
  account.kind = AccountKind::kStaff;
  account.person_id = staff_id;
  account.password_hash = "$argon2id$v=19$m=19456,t=2,p=1$placeholder";
  account.created_at = 1000;
  account.password_changed_at = 1000;
  return account;
}

TEST(SecurityStore, an_account_is_found_by_email_in_any_letter_case) {
  RosterDatabase db;
  Id id =
      db.security().CreateAccount(StaffAccount(db, db.roster().para, "Pia@Example.org")).value();
  std::optional<Account> found = db.security().FindAccountByEmail("PIA@example.ORG").value();
  ASSERT_TRUE(found.has_value());
  EXPECT_EQ(found->id, id);
  EXPECT_EQ(found->email, "pia@example.org");
}

TEST(SecurityStore, a_second_account_for_the_same_person_is_refused) {
  RosterDatabase db;
  ASSERT_TRUE(db.security().CreateAccount(StaffAccount(db, db.roster().para, "a@example.org")));
  Result<Id> again =
      db.security().CreateAccount(StaffAccount(db, db.roster().para, "b@example.org"));
  ASSERT_FALSE(again.has_value());
  EXPECT_EQ(again.error().code, ErrorCode::kAlreadyExists);
}

TEST(SecurityStore, an_account_for_a_staff_member_of_another_district_is_refused) {
  RosterDatabase db;
  Result<Id> id = db.security().CreateAccount(
      StaffAccount(db, db.roster().other_district_para, "o@example.org"));
  ASSERT_FALSE(id.has_value());
  EXPECT_EQ(id.error().fields.at(0).field, "person_id");
}

TEST(SecurityStore, ending_all_sessions_keeps_only_the_named_one) {
  RosterDatabase db;
  Id account =
      db.security().CreateAccount(StaffAccount(db, db.roster().para, "p@example.org")).value();
  std::vector<Id> sessions;
  for (int i = 0; i < 3; ++i) {
    SessionRecord session;
    session.district_id = db.roster().district;
    session.account_id = account;
    session.token_hash = "hash" + std::to_string(i);
    session.csrf_token = "csrf";
    session.created_at = session.last_seen_at = 100;
    session.expires_at = 10000;
    sessions.push_back(db.security().CreateSession(session).value());
  }
  EXPECT_EQ(db.security().EndAllSessions(account, sessions[1], 200).value(), 2);
  std::vector<SessionRecord> open = db.security().ListOpenSessions(account, 300, 0).value();
  ASSERT_EQ(open.size(), 1u);
  EXPECT_EQ(open[0].id, sessions[1]);
}

TEST(SecurityStore, an_assignment_gives_the_student_only_within_its_dates) {
  RosterDatabase db;
  Assignment assignment;
  assignment.staff_id = db.roster().para;
  assignment.student_id = db.roster().student;
  assignment.start = *Date::Parse("2026-09-01");
  assignment.end = *Date::Parse("2026-09-30");
  ASSERT_TRUE(db.security().AddAssignment(assignment));
  EXPECT_EQ(db.security().StudentsAssignedTo(db.roster().para, *Date::Parse("2026-09-15")).value(),
            std::set<Id>{db.roster().student});
  EXPECT_TRUE(db.security()
                  .StudentsAssignedTo(db.roster().para, *Date::Parse("2026-10-01"))
                  .value()
                  .empty());
}

TEST(SecurityStore, removing_an_assignment_removes_the_student_at_once) {
  RosterDatabase db;
  Assignment assignment;
  assignment.staff_id = db.roster().para;
  assignment.student_id = db.roster().student;
  assignment.start = *Date::Parse("2026-09-01");
  Id id = db.security().AddAssignment(assignment).value();
  ASSERT_TRUE(db.security().RemoveAssignment(id));
  EXPECT_TRUE(db.security()
                  .StudentsAssignedTo(db.roster().para, *Date::Parse("2026-09-02"))
                  .value()
                  .empty());
}

TEST(SecurityStore, an_assignment_across_districts_is_refused_naming_the_student) {
  RosterDatabase db;
  Assignment assignment;
  assignment.staff_id = db.roster().para;
  assignment.student_id = db.roster().other_district_student;
  assignment.start = *Date::Parse("2026-09-01");
  Result<Id> id = db.security().AddAssignment(assignment);
  ASSERT_FALSE(id.has_value());
  EXPECT_EQ(id.error().fields.at(0).field, "student_id");
}

TEST(SecurityStore, the_audit_log_is_read_by_student_and_by_time_window) {
  RosterDatabase db;
  std::vector<AuditRecord> records;
  for (int i = 0; i < 4; ++i) {
    AuditRecord record;
    record.district_id = db.roster().district;
    record.at = 1000 + i * 100;
    record.account_id = 1;
    record.role = "paraeducator";
    record.student_id = i % 2 == 0 ? db.roster().student : db.roster().other_student;
    record.family = "student";
    record.record_id = record.student_id;
    record.action = "read";
    record.method = "GET";
    record.route = "/api/v1/students/{id}";
    record.result = "allowed";
    record.rule = "assigned_para";
    record.request_id = "r" + std::to_string(i);
    records.push_back(record);
  }
  ASSERT_TRUE(db.security().AppendAudit(records));
  AuditFilter by_student;
  by_student.district_id = db.roster().district;
  by_student.student_id = db.roster().student;
  std::vector<AuditRecord> student = db.security().ListAudit(by_student).value();
  ASSERT_EQ(student.size(), 2u);
  EXPECT_EQ(student[1].request_id, "r2");
  AuditFilter window;
  window.district_id = db.roster().district;
  window.from = 1100;
  window.to = 1300;
  std::vector<AuditRecord> in_window = db.security().ListAudit(window).value();
  ASSERT_EQ(in_window.size(), 2u);
  EXPECT_EQ(in_window[0].request_id, "r1");
  AuditFilter other;
  other.district_id = db.roster().other_district;
  EXPECT_TRUE(db.security().ListAudit(other).value().empty());
}

TEST(SecurityStore, a_throttle_survives_until_cleared) {
  RosterDatabase db;
  ASSERT_TRUE(db.security().PutThrottle("address:127.0.0.1", {3, 50, 0}));
  EXPECT_EQ(db.security().GetThrottle("address:127.0.0.1").value().failures, 3);
  ASSERT_TRUE(db.security().ClearThrottle("address:127.0.0.1"));
  EXPECT_EQ(db.security().GetThrottle("address:127.0.0.1").value().failures, 0);
}

}  // namespace
}  // namespace paraplan
