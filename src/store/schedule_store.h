// Storage of para schedules: the plan the optimizer made for one school and
// week, and the one-day re-plans made from it when a para is absent. The
// problem and the plan are kept as their JSON forms (docs/schedule.md), so
// a stored schedule can be read back, re-planned and shown exactly as it was
// made, whatever the roster has become since.
//
// Like the program store, a ScheduleStore works on the SQL session of a
// transaction the caller has open and never begins or ends one; the SQL is
// portable, so SQLite and PostgreSQL share it.
//
// Lifecycle: a schedule is made as a draft; publishing it supersedes the
// school's earlier published schedule of the same week (or, for a re-plan,
// of the same day), so at most one is published per school and week (per
// school and day for re-plans).
#pragma once

#include <array>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "domain/error.h"
#include "domain/model.h"
#include "store/sql/session.h"

namespace paraplan {

enum class ScheduleStatus { kDraft, kPublished, kSuperseded };

struct StoredSchedule {
  Id id = 0;  // assigned by the store
  Id district_id = 0;
  Id school_id = 0;
  Date week;  // the Monday of the week it plans
  // Set for a re-plan: the day it re-plans, the para who is absent that day
  // (or, for the re-plan of a para back at work after all, that para;
  // neither for a day changed by hand) and the week's schedule it changes.
  std::optional<Date> day;
  std::optional<Id> absent_staff_id;
  std::optional<Id> returned_staff_id;
  std::optional<Id> base_id;
  // Set for a week made again with the fewest changes to the week's
  // published schedule (SchoolScheduler::Update): that schedule.
  std::optional<Id> updated_from_id;
  ScheduleStatus status = ScheduleStatus::kDraft;
  std::string problem;           // the problem's JSON
  std::string plan;              // the plan's JSON (a re-plan's JSON for re-plans)
  std::int64_t created_at = 0;   // Unix seconds
  std::optional<Id> created_by;  // the staff member who ran it
  std::optional<std::int64_t> published_at;
  std::optional<Id> published_by;
};

// A para the coordinator keeps apart from a student: the optimizer never
// has them support that student (schedule::Para::kept_apart).
struct KeepApart {
  Id id = 0;  // assigned by the store
  Id district_id = 0;
  Id staff_id = 0;
  Id student_id = 0;
  std::string reason;  // why, in the coordinator's words (required)
  std::optional<Id> created_by;
  std::int64_t created_at = 0;  // Unix seconds

  bool operator==(const KeepApart&) const = default;
};

// A student the school marks absent on a school day: the optimizer gives
// them no adult that day (their needs that day are marked absent, needing nobody), so a para
// who had them is free for others.
struct StudentAbsence {
  Id id = 0;  // assigned by the store
  Id district_id = 0;
  Id student_id = 0;
  Date day;
  std::optional<Id> recorded_by;
  std::int64_t recorded_at = 0;  // Unix seconds

  bool operator==(const StudentAbsence&) const = default;
};

class ScheduleStore {
 public:
  virtual ~ScheduleStore() = default;

  // kInvalidArgument naming the field for a school outside the district, a
  // week that is not a Monday, a re-plan without its day, para or base, a
  // base of another school or week, or an update of anything but a week
  // schedule of the same school and week.
  virtual Result<Id> Insert(const StoredSchedule& schedule) = 0;
  virtual Result<StoredSchedule> Get(Id id) = 0;
  // The schedule without its problem's and plan's JSON (left empty), which
  // run to megabytes for a large school: for what needs only its school,
  // week, day and status.
  virtual Result<StoredSchedule> GetSummary(Id id) = 0;
  // Publishes the schedule and supersedes the one it replaces; publishing a
  // published schedule changes nothing. kFailedPrecondition for a superseded
  // one.
  virtual Result<void> Publish(Id id, std::optional<Id> published_by, std::int64_t at) = 0;
  // Discards a draft (a week's run, update or re-plan nobody published)
  // with the draft re-plans made from it. kFailedPrecondition for a
  // published or superseded schedule: those are the record of what the
  // paras worked to.
  virtual Result<void> DeleteDraft(Id id) = 0;
  // A draft's plan changed by hand (SchoolScheduler::Edit): replaced when
  // the draft still holds `expected` (the plan the change was made to).
  // kFailedPrecondition when it is no longer a draft; kConflict when its
  // plan changed since it was read; kNotFound.
  virtual Result<void> ReplaceDraftPlan(Id id, std::string_view expected,
                                        std::string_view plan) = 0;
  // The school's schedules of the week (week plans and re-plans), newest
  // first, without their problem and plan (left empty: Get reads them).
  virtual Result<std::vector<StoredSchedule>> ListForWeek(Id school_id, Date week) = 0;
  // Every published schedule of the district planning `from` or later,
  // oldest first.
  virtual Result<std::vector<StoredSchedule>> ListPublished(Id district_id, Date from) = 0;

  // kInvalidArgument naming the field for a staff member who is not a para
  // of the district (staff_id), a student who is not of the para's school
  // (student_id), or no reason, or one over 500 characters (reason);
  // kAlreadyExists when the pair is already kept apart.
  virtual Result<Id> Insert(const KeepApart& pair) = 0;
  virtual Result<KeepApart> GetKeepApart(Id id) = 0;
  virtual Result<void> DeleteKeepApart(Id id) = 0;
  // The pairs of the school's paras, by para and student.
  virtual Result<std::vector<KeepApart>> ListKeepApart(Id school_id) = 0;

  // kInvalidArgument naming student_id for a student who is not of the
  // district; kAlreadyExists when the student is already absent that day.
  virtual Result<Id> Insert(const StudentAbsence& absence) = 0;
  virtual Result<StudentAbsence> GetStudentAbsence(Id id) = 0;
  virtual Result<void> DeleteStudentAbsence(Id id) = 0;
  // The absences of the school's students from `first` to `last`
  // (inclusive), by day and student.
  virtual Result<std::vector<StudentAbsence>> ListStudentAbsences(Id school_id, Date first,
                                                                  Date last) = 0;

  // A para has read the changes a published re-plan or week update makes
  // to their `day`: kept the first time only (a second call keeps the first
  // time).
  virtual Result<void> MarkSeen(Id schedule_id, Id staff_id, Date day, std::int64_t at) = 0;
  // Who has read the schedule's changes to their `day`, and when (Unix
  // seconds).
  virtual Result<std::map<Id, std::int64_t>> SeenBy(Id schedule_id, Date day) = 0;
};

std::unique_ptr<ScheduleStore> MakeScheduleStore(sql::Session& session);

}  // namespace paraplan

namespace paraplan {
template <>
struct EnumNames<ScheduleStatus> {
  static constexpr auto kNames = std::to_array<std::pair<ScheduleStatus, std::string_view>>({
      {ScheduleStatus::kDraft, "draft"},
      {ScheduleStatus::kPublished, "published"},
      {ScheduleStatus::kSuperseded, "superseded"},
  });
};
}  // namespace paraplan
