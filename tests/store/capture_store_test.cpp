// The capture store's contract on the SQLite backend: idempotent creation by
// client id, batches with an answer per record, corrections as versions,
// review, and durability across reopening the database file.
#include "store/capture_store.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>

#include "capture_fixtures.h"

namespace paraplan {
namespace {

using namespace capture_fixtures;

class CaptureStoreTest : public ::testing::Test {
 protected:
  void SetUp() override { ASSERT_TRUE(db_.Open()); }

  CaptureStore& captures() { return *db_.captures; }

  TestDatabase db_;
};

TEST_F(CaptureStoreTest, a_created_record_is_stored_as_version_one) {
  Result<CreateResult> created = captures().Create(db_.Session("a"), Now());
  ASSERT_TRUE(created) << created.error().message;
  EXPECT_EQ(created->outcome, CreateOutcome::kCreated);
  EXPECT_EQ(created->record.version, 1);
  Result<CaptureRecord> stored = captures().Get(created->record.id);
  ASSERT_TRUE(stored) << stored.error().message;
  EXPECT_TRUE(SameContent(*stored, db_.Session("a")));
  EXPECT_EQ(stored->review, ReviewState::kPending);
}

TEST_F(CaptureStoreTest, sending_the_same_record_twice_stores_it_once) {
  ASSERT_TRUE(captures().Create(db_.Session("a"), Now()));
  Result<CreateResult> again = captures().Create(db_.Session("a"), Now());
  ASSERT_TRUE(again) << again.error().message;
  EXPECT_EQ(again->outcome, CreateOutcome::kUnchanged);
  EXPECT_EQ(*captures().Count(), 1);
}

TEST_F(CaptureStoreTest, the_same_id_with_other_content_is_refused_naming_the_id) {
  ASSERT_TRUE(captures().Create(db_.Session("a"), Now()));
  CaptureRecord changed = db_.Session("a");
  std::get<ServiceSession>(changed.body).minutes = 40;
  Result<CreateResult> refused = captures().Create(changed, Now());
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, ErrorCode::kInvalidArgument);
  EXPECT_NE(refused.error().message.find(changed.id), std::string::npos);
  ASSERT_EQ(refused.error().fields.size(), 1u);
  EXPECT_EQ(refused.error().fields[0].field, "id");
  // The message says what the field says, not "capture record <id>:  ".
  EXPECT_EQ(refused.error().message, "capture record " + changed.id + ": id " +
                                         refused.error().fields[0].reason);
  EXPECT_FALSE(refused.error().fields[0].reason.empty());
  EXPECT_EQ(*captures().Count(), 1);
}

TEST_F(CaptureStoreTest, the_same_id_sent_by_another_staff_member_is_refused) {
  ASSERT_TRUE(captures().Create(db_.Session("a"), Now()));
  CaptureRecord other = db_.Session("a");
  other.recorded_by = db_.special_educator;
  EXPECT_FALSE(captures().Create(other, Now()));
}

TEST_F(CaptureStoreTest, resending_the_original_after_a_correction_is_still_unchanged) {
  CaptureRecord original = db_.Session("a");
  ASSERT_TRUE(captures().Create(original, Now()));
  CaptureRecord corrected = original;
  std::get<ServiceSession>(corrected.body).minutes = 20;
  ASSERT_TRUE(captures().Correct(corrected, 1, db_.para, StaffRole::kParaeducator, Now(), "typo"));
  Result<CreateResult> again = captures().Create(original, Now());
  ASSERT_TRUE(again) << again.error().message;
  EXPECT_EQ(again->outcome, CreateOutcome::kUnchanged);
  EXPECT_EQ(std::get<ServiceSession>(again->record.body).minutes, 20);
}

TEST_F(CaptureStoreTest, a_batch_sent_twice_leaves_one_copy_of_each_record) {
  std::vector<CaptureRecord> batch = {db_.Session("a"), db_.Observation("b"), db_.Fidelity("c")};
  auto first = captures().CreateBatch(batch, Now());
  ASSERT_TRUE(first) << first.error().message;
  for (const auto& answer : *first) {
    ASSERT_TRUE(answer) << answer.error().message;
    EXPECT_EQ(answer->outcome, CreateOutcome::kCreated);
  }
  auto second = captures().CreateBatch(batch, Now());
  ASSERT_TRUE(second);
  for (const auto& answer : *second) {
    ASSERT_TRUE(answer);
    EXPECT_EQ(answer->outcome, CreateOutcome::kUnchanged);
  }
  EXPECT_EQ(*captures().Count(), 3);
}

TEST_F(CaptureStoreTest, a_refused_record_in_a_batch_does_not_affect_the_others) {
  CaptureRecord stranger = db_.Observation("b");
  stranger.student_id = 999999;
  std::vector<CaptureRecord> batch = {db_.Session("a"), stranger, db_.Fidelity("c")};
  auto answers = captures().CreateBatch(batch, Now());
  ASSERT_TRUE(answers) << answers.error().message;
  ASSERT_EQ(answers->size(), 3u);
  EXPECT_TRUE((*answers)[0]);
  ASSERT_FALSE((*answers)[1]);
  EXPECT_EQ((*answers)[1].error().fields.at(0).field, "student_id");
  EXPECT_TRUE((*answers)[2]);
  EXPECT_EQ(*captures().Count(), 2);
}

// The sessions the make-up minutes owed and a week's delivered minutes are
// counted from: a school's service sessions before a day (and from a day),
// none of another kind, outside the days, or of another school.
TEST_F(CaptureStoreTest, service_sessions_are_the_school_s_sessions_dated_in_the_days_asked) {
  CaptureRecord last_week = db_.Session("b");
  std::get<ServiceSession>(last_week.body).date = Today().AddDays(-7);
  std::get<ServiceSession>(last_week.body).outcome = SessionOutcome::kMissed;
  std::get<ServiceSession>(last_week.body).missed_reason = MissedReason::kProviderAbsent;
  CaptureRecord observation = db_.Observation("c");
  std::get<GoalObservation>(observation.body).date = Today().AddDays(-7);
  auto answers = captures().CreateBatch(
      std::vector<CaptureRecord>{db_.Session("a"), last_week, observation, db_.Fidelity("d")},
      Now());
  ASSERT_TRUE(answers) << answers.error().message;
  for (const auto& answer : *answers) ASSERT_TRUE(answer) << answer.error().message;

  auto before_today = captures().ServiceSessions(db_.school, std::nullopt, Today());
  ASSERT_TRUE(before_today) << before_today.error().message;
  ASSERT_EQ(before_today->size(), 1u);
  EXPECT_EQ(before_today->at(0).id, last_week.id);
  EXPECT_TRUE(SameContent(before_today->at(0), last_week));

  auto before_tomorrow = captures().ServiceSessions(db_.school, std::nullopt, Today().AddDays(1));
  ASSERT_TRUE(before_tomorrow) << before_tomorrow.error().message;
  std::vector<std::string> ids;
  for (const CaptureRecord& record : *before_tomorrow) ids.push_back(record.id);
  std::sort(ids.begin(), ids.end());
  std::vector<std::string> sessions = {db_.Session("a").id, last_week.id};
  std::sort(sessions.begin(), sessions.end());
  EXPECT_EQ(ids, sessions);

  // From a day on: last week's session is left out.
  auto from_today = captures().ServiceSessions(db_.school, Today(), Today().AddDays(1));
  ASSERT_TRUE(from_today) << from_today.error().message;
  ASSERT_EQ(from_today->size(), 1u);
  EXPECT_EQ(from_today->at(0).id, db_.Session("a").id);

  auto another_school =
      captures().ServiceSessions(db_.school + 1000, std::nullopt, Today().AddDays(1));
  ASSERT_TRUE(another_school) << another_school.error().message;
  EXPECT_TRUE(another_school->empty());
}

// A batch asks the database for each student, staff member and IEP item
// once; what it learns for one record must hold only for the same question:
// a service on one student's IEP is still refused for another student, and
// an unknown student is refused each time.
TEST_F(CaptureStoreTest, a_batch_checks_each_record_against_its_own_student) {
  CaptureRecord other = db_.Session("b");
  other.student_id = db_.other_student;
  CaptureRecord stranger = db_.Observation("c");
  stranger.student_id = 999999;
  CaptureRecord again = db_.Observation("d");
  again.student_id = 999999;
  std::vector<CaptureRecord> batch = {db_.Session("a"), other, stranger, again, db_.Session("e")};
  auto answers = captures().CreateBatch(batch, Now());
  ASSERT_TRUE(answers) << answers.error().message;
  ASSERT_EQ(answers->size(), 5u);
  EXPECT_TRUE((*answers)[0]);
  ASSERT_FALSE((*answers)[1]);
  EXPECT_EQ((*answers)[1].error().fields.at(0).field, "service_id");
  ASSERT_FALSE((*answers)[2]);
  EXPECT_EQ((*answers)[2].error().fields.at(0).field, "student_id");
  ASSERT_FALSE((*answers)[3]);
  EXPECT_EQ((*answers)[3].error().fields.at(0).field, "student_id");
  EXPECT_TRUE((*answers)[4]) << (*answers)[4].error().message;
  EXPECT_EQ(*captures().Count(), 2);
}

TEST_F(CaptureStoreTest, a_service_that_is_not_on_the_students_iep_is_refused) {
  CaptureRecord session = db_.Session("a");
  session.student_id = db_.other_student;
  Result<CreateResult> refused = captures().Create(session, Now());
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().fields.at(0).field, "service_id");
}

TEST_F(CaptureStoreTest, a_goal_that_is_not_on_the_students_iep_is_refused) {
  CaptureRecord observation = db_.Observation("b");
  std::get<GoalObservation>(observation.body).goal_id = 999999;
  Result<CreateResult> refused = captures().Create(observation, Now());
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().fields.at(0).field, "goal_id");
  EXPECT_NE(refused.error().message.find("goal_id " + refused.error().fields.at(0).reason),
            std::string::npos)
      << refused.error().message;
}

TEST_F(CaptureStoreTest, a_make_up_session_links_to_a_missed_session_of_the_same_service) {
  CaptureRecord missed = db_.Session("a");
  auto& missed_body = std::get<ServiceSession>(missed.body);
  missed_body.outcome = SessionOutcome::kMissed;
  missed_body.missed_reason = MissedReason::kStudentAbsent;
  ASSERT_TRUE(captures().Create(missed, Now()));
  CaptureRecord make_up = db_.Session("d");
  std::get<ServiceSession>(make_up.body).makes_up = missed.id;
  Result<CreateResult> created = captures().Create(make_up, Now());
  ASSERT_TRUE(created) << created.error().message;
  EXPECT_EQ(std::get<ServiceSession>(created->record.body).makes_up, missed.id);
}

TEST_F(CaptureStoreTest, a_make_up_of_a_delivered_session_is_refused) {
  ASSERT_TRUE(captures().Create(db_.Session("a"), Now()));
  CaptureRecord make_up = db_.Session("d");
  std::get<ServiceSession>(make_up.body).makes_up = db_.Session("a").id;
  Result<CreateResult> refused = captures().Create(make_up, Now());
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().fields.at(0).field, "makes_up");
}

TEST_F(CaptureStoreTest, a_correction_is_a_new_version_saying_who_when_and_what_changed) {
  CaptureRecord original = db_.Session("a");
  ASSERT_TRUE(captures().Create(original, Now()));
  CaptureRecord corrected = original;
  std::get<ServiceSession>(corrected.body).minutes = 20;
  Timestamp when = Now() + std::chrono::minutes(5);
  Result<CaptureRecord> stored =
      captures().Correct(corrected, 1, db_.special_educator, StaffRole::kSpecialEducator, when,
                         "ended early for the fire drill");
  ASSERT_TRUE(stored) << stored.error().message;
  EXPECT_EQ(stored->version, 2);

  auto history = captures().History(original.id);
  ASSERT_TRUE(history) << history.error().message;
  ASSERT_EQ(history->size(), 2u);
  EXPECT_EQ((*history)[0].version, 1);
  EXPECT_EQ(std::get<ServiceSession>((*history)[0].record.body).minutes, 25);
  const CaptureVersion& second = (*history)[1];
  EXPECT_EQ(second.changed_by, db_.special_educator);
  EXPECT_EQ(second.changed_at, when);
  EXPECT_EQ(second.reason, "ended early for the fire drill");
  EXPECT_EQ(second.changes, (std::vector<FieldChange>{{"minutes", "25", "20"}}));
}

TEST_F(CaptureStoreTest, a_correction_against_a_stale_version_is_refused) {
  CaptureRecord original = db_.Session("a");
  ASSERT_TRUE(captures().Create(original, Now()));
  CaptureRecord corrected = original;
  std::get<ServiceSession>(corrected.body).minutes = 20;
  ASSERT_TRUE(captures().Correct(corrected, 1, db_.para, StaffRole::kParaeducator, Now(), ""));
  std::get<ServiceSession>(corrected.body).minutes = 15;
  Result<CaptureRecord> stale =
      captures().Correct(corrected, 1, db_.para, StaffRole::kParaeducator, Now(), "");
  ASSERT_FALSE(stale);
  EXPECT_EQ(stale.error().code, ErrorCode::kConflict);
}

TEST_F(CaptureStoreTest, a_correction_cannot_move_a_record_to_another_student) {
  CaptureRecord original = db_.Session("a");
  ASSERT_TRUE(captures().Create(original, Now()));
  CaptureRecord moved = original;
  moved.student_id = db_.other_student;
  Result<CaptureRecord> refused =
      captures().Correct(moved, 1, db_.para, StaffRole::kParaeducator, Now(), "");
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().fields.at(0).field, "student_id");
}

TEST_F(CaptureStoreTest, a_para_correction_of_a_reviewed_record_makes_it_pending_again) {
  CaptureRecord original = db_.Session("a");
  ASSERT_TRUE(captures().Create(original, Now()));
  ASSERT_TRUE(captures().MarkReviewed(original.id, 1, db_.special_educator));
  CaptureRecord corrected = original;
  std::get<ServiceSession>(corrected.body).note = "Worked on fractions";
  Result<CaptureRecord> stored =
      captures().Correct(corrected, 1, db_.para, StaffRole::kParaeducator, Now(), "");
  ASSERT_TRUE(stored) << stored.error().message;
  EXPECT_EQ(stored->review, ReviewState::kPending);
  EXPECT_FALSE(stored->reviewed_by.has_value());
}

TEST_F(CaptureStoreTest, review_marks_the_record_reviewed_without_a_new_version) {
  CaptureRecord original = db_.Session("a");
  ASSERT_TRUE(captures().Create(original, Now()));
  Result<CaptureRecord> reviewed = captures().MarkReviewed(original.id, 1, db_.special_educator);
  ASSERT_TRUE(reviewed) << reviewed.error().message;
  EXPECT_EQ(reviewed->review, ReviewState::kReviewed);
  EXPECT_EQ(reviewed->reviewed_by, db_.special_educator);
  EXPECT_EQ(reviewed->version, 1);
  EXPECT_EQ(captures().History(original.id)->size(), 1u);
}

TEST_F(CaptureStoreTest, lists_filter_by_student_kind_and_review_state) {
  ASSERT_TRUE(captures().CreateBatch(
      std::vector<CaptureRecord>{db_.Session("a"), db_.Observation("b"), db_.Fidelity("c")},
      Now()));
  ASSERT_TRUE(captures().MarkReviewed(db_.Observation("b").id, 1, db_.special_educator));
  CaptureFilter pending;
  pending.student_id = db_.student;
  pending.review = ReviewState::kPending;
  auto records = captures().List(pending);
  ASSERT_TRUE(records) << records.error().message;
  EXPECT_EQ(records->size(), 2u);
  CaptureFilter observations;
  observations.kind = CaptureKind::kGoalObservation;
  EXPECT_EQ(captures().List(observations)->size(), 1u);
  CaptureFilter page;
  page.limit = 2;
  auto first_page = captures().List(page);
  ASSERT_EQ(first_page->size(), 2u);
  page.after = first_page->back().id;
  EXPECT_EQ(captures().List(page)->size(), 1u);
}

TEST_F(CaptureStoreTest, acknowledged_records_are_there_after_reopening_and_the_file_is_sound) {
  ASSERT_TRUE(captures().CreateBatch(
      std::vector<CaptureRecord>{db_.Session("a"), db_.Observation("b")}, Now()));
  ASSERT_TRUE(db_.Reopen());
  EXPECT_EQ(*captures().Count(), 2);
  EXPECT_TRUE(captures().Get(db_.Observation("b").id));
  EXPECT_TRUE(db_.store->CheckIntegrity());
}

}  // namespace
}  // namespace paraplan
