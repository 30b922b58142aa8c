#include <fmt/format.h>
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <future>
#include <map>
#include <string>
#include <thread>
#include <vector>

#include "store/security.h"
#include "store/sql_runner.h"
#include "support/roster_fixture.h"

namespace paraplan {
namespace {

using testing::Roster;
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

// Publishing a schedule replaces the assignments of its school and week
// only: another week of the school, another school's week and assignments
// from another source stay; schedule assignments that ended before the
// kept window go.
TEST(SecurityStore, a_schedule_week_replaces_only_its_school_and_week) {
  RosterDatabase db;
  const Roster& r = db.roster();
  Id second_school = 0;
  ASSERT_TRUE(db.store().Write([&](Transaction& tx) -> Result<void> {
    School school = PARAPLAN_TRY(tx.GetSchool(r.school));
    school.id = 0;
    school.name = "Second School";
    school.source_id = "second-school";
    second_school = PARAPLAN_TRY(tx.Insert(school));
    return {};
  }));
  const Date week = *Date::Parse("2026-09-07");  // a Monday
  const Date next = week.AddDays(7);
  auto on = [&](Date start, Date end) {
    return Assignment{0, r.district, r.para, r.student, start, end, AssignmentSource::kSchedule};
  };
  auto replace = [&](Id school, Date monday, std::vector<Assignment> assignments, Date keep) {
    return db.store().sql_runner()->RunWrite([&](sql::Session& session) -> Result<void> {
      return ReplaceScheduleWeekIn(session, r.district, school, monday, assignments, keep);
    });
  };
  auto assigned = [&](Date day) {
    return !db.security().StudentsAssignedTo(r.para, day).value().empty();
  };
  Assignment manual;
  manual.staff_id = r.para;
  manual.student_id = r.other_student;
  manual.start = week;
  manual.end = week;
  ASSERT_TRUE(db.security().AddAssignment(manual));
  const Date keep = week.AddDays(-28);

  ASSERT_TRUE(replace(r.school, week, {on(week, week.AddDays(4))}, keep));
  ASSERT_TRUE(replace(r.school, next, {on(next, next)}, keep));
  ASSERT_TRUE(replace(second_school, next.AddDays(2), {on(next.AddDays(2), next.AddDays(2))}, keep));
  EXPECT_TRUE(assigned(week.AddDays(3))) << "the week before stays";
  EXPECT_TRUE(assigned(next));
  EXPECT_TRUE(assigned(next.AddDays(2)));

  // The school's next week published again without the para's student.
  ASSERT_TRUE(replace(r.school, next, {}, keep));
  EXPECT_FALSE(assigned(next));
  EXPECT_TRUE(assigned(next.AddDays(2))) << "another school's week stays";
  EXPECT_TRUE(assigned(week.AddDays(3)));

  // Five weeks on, the first week has ended before the kept window.
  ASSERT_TRUE(replace(r.school, week.AddDays(35), {}, next));
  EXPECT_FALSE(assigned(week.AddDays(3)));
  EXPECT_TRUE(assigned(next.AddDays(2)));
  EXPECT_EQ(db.security().StudentsAssignedTo(r.para, week).value(), std::set<Id>{r.other_student})
      << "an assignment from another source stays";
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

AuditRecord ReadOf(const RosterDatabase& db, std::string request_id) {
  AuditRecord record;
  record.district_id = db.roster().district;
  record.at = 1000;
  record.account_id = 1;
  record.role = "paraeducator";
  record.student_id = db.roster().student;
  record.family = "student";
  record.record_id = record.student_id;
  record.action = "read";
  record.method = "GET";
  record.route = "/api/v1/students/{id}";
  record.result = "allowed";
  record.rule = "assigned_para";
  record.request_id = std::move(request_id);
  return record;
}

TEST(SecurityStore, the_audit_log_is_read_by_student_and_by_time_window) {
  RosterDatabase db;
  std::vector<AuditRecord> records;
  for (int i = 0; i < 4; ++i) {
    AuditRecord record = ReadOf(db, "r" + std::to_string(i));
    record.at = 1000 + i * 100;
    record.student_id = i % 2 == 0 ? db.roster().student : db.roster().other_student;
    record.record_id = record.student_id;
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

// Appends that arrive while another commits share the next commit: every
// entry still lands, once, and every caller hears of its own.
TEST(SecurityStore, concurrent_appends_to_the_audit_log_each_land_once) {
  RosterDatabase db;
  constexpr int kThreads = 16;
  constexpr int kAppends = 25;
  std::atomic<int> failed{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kAppends; ++i) {
        const std::string request = fmt::format("t{}-{}", t, i);
        if (!db.security().AppendAudit({ReadOf(db, request), ReadOf(db, request)})) ++failed;
      }
    });
  }
  for (std::thread& thread : threads) thread.join();
  EXPECT_EQ(failed.load(), 0);
  AuditFilter all;
  all.district_id = db.roster().district;
  all.limit = 1000;  // the most one page holds; the test appends 800
  std::map<std::string, int> entries;
  const std::vector<AuditRecord> audit = db.security().ListAudit(all).value();
  for (const AuditRecord& record : audit) ++entries[record.request_id];
  ASSERT_EQ(entries.size(), static_cast<std::size_t>(kThreads * kAppends));
  for (const auto& [request, count] : entries) EXPECT_EQ(count, 2) << request;
}

// Readers follow the log by id (`after` the last they saw). With two
// instances of the server appending to one database at once, an entry must
// never become visible after a reader has passed its id: a reader that
// follows the log while they append sees every entry.
TEST(SecurityStore, a_reader_following_the_audit_log_misses_no_entry_of_two_instances) {
  RosterDatabase db;
  Result<std::unique_ptr<Store>> second_store = OpenStore(db.url());
  ASSERT_TRUE(second_store.has_value()) << second_store.error().message;
  std::unique_ptr<SecurityStore> second = MakeSecurityStore(*(*second_store)->sql_runner());
  SecurityStore* instances[] = {&db.security(), second.get()};
  constexpr int kThreadsPerInstance = 8;
  constexpr int kAppends = 40;
  std::atomic<int> failed{0};
  std::atomic<bool> appending{true};
  std::map<std::string, int> seen;
  std::thread reader([&] {
    AuditFilter page;
    page.district_id = db.roster().district;
    page.limit = 1000;
    for (bool last_round = false;;) {
      // Once the appends are over, one more pass reads what is left.
      if (!appending.load()) last_round = true;
      for (;;) {
        Result<std::vector<AuditRecord>> records = db.security().ListAudit(page);
        if (!records) {
          ++failed;
          return;
        }
        for (const AuditRecord& record : *records) {
          ++seen[record.request_id];
          page.after = record.id;
        }
        if (records->size() < 1000) break;
      }
      if (last_round) return;
    }
  });
  std::vector<std::thread> threads;
  for (SecurityStore* instance : instances) {
    for (int t = 0; t < kThreadsPerInstance; ++t) {
      threads.emplace_back([&, instance, t] {
        for (int i = 0; i < kAppends; ++i) {
          const std::string request =
              fmt::format("{}-t{}-{}", instance == second.get() ? "b" : "a", t, i);
          if (!instance->AppendAudit({ReadOf(db, request)})) ++failed;
        }
      });
    }
  }
  for (std::thread& thread : threads) thread.join();
  appending = false;
  reader.join();
  EXPECT_EQ(failed.load(), 0);
  EXPECT_EQ(seen.size(), static_cast<std::size_t>(2 * kThreadsPerInstance * kAppends));
  for (const auto& [request, count] : seen) EXPECT_EQ(count, 1) << request;
}

// A request's transaction reads the caller's assignments through the
// security store while it is open (the access guard does), which takes a
// second connection. With as many such requests as the pool has
// connections, each holding one, that second connection must not wait for
// another request to finish: they would all wait forever.
TEST(SecurityStore, transactions_read_assignments_while_every_connection_is_held) {
  RosterDatabase db;
  constexpr int kRequests = 48;
  auto requests = std::async(std::launch::async, [&] {
    std::atomic<int> failed{0};
    std::vector<std::thread> threads;
    for (int r = 0; r < kRequests; ++r) {
      threads.emplace_back([&] {
        Result<void> done = db.store().Read([&](Transaction&) -> Result<void> {
          // Long enough for the requests' transactions to overlap.
          std::this_thread::sleep_for(std::chrono::milliseconds(50));
          PARAPLAN_TRY(
              db.security().StudentsAssignedTo(db.roster().para, *Date::Parse("2026-09-01")));
          return {};
        });
        if (!done) ++failed;
      });
    }
    for (std::thread& thread : threads) thread.join();
    return failed.load();
  });
  if (requests.wait_for(std::chrono::seconds(60)) != std::future_status::ready) {
    // The threads are stuck for good; end the test run rather than hang it.
    std::fprintf(stderr, "the requests' transactions still wait for connections after 60 s\n");
    std::_Exit(1);
  }
  EXPECT_EQ(requests.get(), 0);
}

}  // namespace
}  // namespace paraplan
