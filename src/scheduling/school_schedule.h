// The schedule of a stored school, from the optimizer's run to the paras'
// access: make a week's schedule (solve the school's problem, then re-plan
// the days of paras already known to be on leave), publish it (which
// replaces the staff-student assignments of source "schedule" that access
// control reads, so a para sees exactly the students the published plan
// gives them, day by day), re-plan one day for an absent para with the
// fewest changes, and re-plan it again when that para is at work after all.
//
// Each step is its own store transaction; publishing writes the schedule's
// status and the assignments it gives in one, so neither is kept without
// the other.
#pragma once

#include <cstddef>
#include <cstdint>
#include <list>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>

#include "domain/error.h"
#include "domain/model.h"
#include "schedule/edit.h"
#include "schedule/plan.h"
#include "schedule/problem.h"
#include "schedule/replan.h"
#include "schedule/solver.h"
#include "scheduling/school_problem.h"
#include "store/schedule_store.h"
#include "store/security.h"
#include "store/store.h"

namespace paraplan::scheduling {

// A stored schedule read back: its problem and plan, and for a re-plan the
// plan it changes.
struct LoadedSchedule {
  StoredSchedule stored;
  schedule::Problem problem;
  schedule::Plan plan;
  std::optional<schedule::Plan> base_plan;  // re-plans only
  // A week's update only: the week it updates as far as this problem has it
  // (schedule::WeekUpdate::before).
  std::optional<schedule::Plan> previous_plan;

  // The plan this one's changes are against: a re-plan's week, an update's
  // previous week; null for a week made afresh.
  const schedule::Plan* ComparedTo() const {
    if (base_plan) return &*base_plan;
    return previous_plan ? &*previous_plan : nullptr;
  }
};

// Parsed schedules by id, shared by the requests of one server. A
// published schedule's problem and plan never change (only its status does;
// a draft's plan may be changed by hand, and drafts are never kept here),
// so a para's day can read the parsed copy instead of parsing the school's
// schedule (megabytes of JSON for a large school) on every request. The least recently used are
// dropped once the JSON they were parsed from passes the budget. Thread-safe.
class ScheduleCache {
 public:
  static constexpr std::size_t kDefaultBudgetBytes = 64u << 20;
  explicit ScheduleCache(std::size_t budget_bytes = kDefaultBudgetBytes)
      : budget_bytes_(budget_bytes) {}

  // The schedule, or null when it is not cached.
  std::shared_ptr<const LoadedSchedule> Find(Id id);
  // Keeps `loaded`, parsed from `bytes` of JSON.
  void Put(Id id, std::shared_ptr<const LoadedSchedule> loaded, std::size_t bytes);

 private:
  struct Entry {
    std::shared_ptr<const LoadedSchedule> loaded;
    std::size_t bytes = 0;
    std::list<Id>::iterator use;  // in uses_, most recent first
  };
  std::mutex mutex_;
  std::unordered_map<Id, Entry> entries_;
  std::list<Id> uses_;
  std::size_t used_bytes_ = 0;
  std::size_t budget_bytes_;
};

// The plan a schedule changes (SchoolScheduler::UsualWeekOf): `plan` points
// into the schedule itself or into `base`, which keeps a base read for it.
struct UsualWeek {
  std::shared_ptr<const LoadedSchedule> base;
  const schedule::Plan* plan = nullptr;
};

// A week as the school's paras work it (SchoolScheduler::InForce).
struct WeekInForce {
  std::shared_ptr<const LoadedSchedule> schedule;  // the week's published schedule
  schedule::Plan plan;  // its plan with each day's published re-plan in place
};

// A change by hand to one para's block, named as the API names it
// (SchoolScheduler::Edit).
struct SlotChange {
  Id staff_id = 0;
  std::string block;  // the block's id, e.g. "mon-0800"
  schedule::Activity activity = schedule::Activity::kFree;
  std::optional<Id> room_id;    // where the para supports students
  std::vector<Id> student_ids;  // whom
};

// A para away on days of one week, as the coordinator marks it on the
// board (SchoolScheduler::Update).
struct ParaAway {
  Id staff_id = 0;
  Date first_day;
  Date last_day;  // inclusive, in the same week
};

struct MadeSchedule {
  Id id = 0;
  schedule::Score score;
  int absences_replanned = 0;  // para-days on leave re-planned after solving
  int changes = 0;             // an update's slots changed from the week it updates
};

class SchoolScheduler {
 public:
  // The store must have a SQL backend (store.sql_runner()).
  explicit SchoolScheduler(Store& store);

  // Solves the school's week (any date of it) and stores it as a draft.
  // `solve` sets the search (more starts for a longer one).
  Result<MadeSchedule> Make(Id school_id, Date week, std::optional<Id> made_by, std::int64_t now,
                            const schedule::SolveOptions& solve = {});

  // The week's published schedule (with its published re-plans) made again
  // for the school as it is now, with the fewest changes
  // (schedule::UpdateWeek), stored as a draft naming it (updated_from_id).
  // kInvalidArgument naming "update" when the week has no published
  // schedule. The published schedules are read through `cache`. With
  // `away`, the para is also away those days (kInvalidArgument naming
  // away.staff_id, away.first_day or away.last_day when they are not a para of the school
  // or the days are not of the week); publishing the update records them as
  // leave, as a published re-plan does.
  Result<MadeSchedule> Update(Id school_id, Date week, std::optional<Id> made_by, std::int64_t now,
                              ScheduleCache& cache,
                              const std::optional<ParaAway>& away = std::nullopt);

  // Publishes the schedule and replaces the schedule assignments of its
  // school and week with those the week's published schedules now give (its
  // schedule and the re-plans of its days); assignments that ended more than
  // four weeks before `today`'s week go. The para-days the board marked
  // away in it (a re-plan's day; an update's days away) that no leave
  // covers are recorded as one-day leave.
  Result<void> Publish(Id schedule_id, std::optional<Id> published_by, std::int64_t now,
                       Date today);

  // A draft re-plan of `day` with `absent_staff_id` away, from the schedule
  // (a week's, or a re-plan of that day, whose base it then shares).
  Result<Id> Replan(Id schedule_id, Date day, Id absent_staff_id, std::optional<Id> made_by,
                    std::int64_t now);

  // A draft re-plan of `day` with `staff_id`, marked away that day, at work
  // after all (schedule::ReplanReturn), from the schedule as Replan takes
  // it. Publishing it takes back the leave the board recorded for that day.
  Result<Id> BackAtWork(Id schedule_id, Date day, Id staff_id, std::optional<Id> made_by,
                        std::int64_t now);

  // A draft of `day` as the school works to it (the day's published
  // re-plan, else the week's published schedule), stored as a re-plan of
  // that day with no para away or back: what the coordinator changes by
  // hand (Edit) and publishes when a published day needs a change the
  // optimizer cannot know of. Its changes are against the week's schedule.
  // kFailedPrecondition unless the schedule is published (a draft is
  // changed in place); kInvalidArgument naming "date" for a day outside
  // its week or not a school weekday.
  Result<Id> DayDraft(Id schedule_id, Date day, std::optional<Id> made_by, std::int64_t now);

  // A student absent on each school weekday from `first_day` to
  // `last_day`: the week made or updated after it gives them no adult those
  // days (their needs there are kept, marked absent and needing nobody), so
  // the paras who had them are free for others. Days already marked keep
  // their record; returns the days marked now. kInvalidArgument naming
  // last_day when it is before first_day or more than kMostDaysAbsent - 1
  // days after it, first_day when the days are all a weekend, student_id for
  // a student outside the district.
  static constexpr int kMostDaysAbsent = 31;
  Result<std::vector<StudentAbsence>> MarkStudentAbsent(Id district_id, Id student_id,
                                                        Date first_day, Date last_day,
                                                        std::optional<Id> recorded_by,
                                                        std::int64_t now);
  // The absences of the school's students on the days from `first_day` to
  // `last_day`, by day and student.
  Result<std::vector<StudentAbsence>> StudentAbsences(Id school_id, Date first_day, Date last_day);
  Result<StudentAbsence> GetStudentAbsence(Id id);
  // The student came in after all: the next week made or updated plans
  // their day again.
  Result<void> DeleteStudentAbsence(Id id);

  // Discards a draft and the draft re-plans made from it (ScheduleStore::
  // DeleteDraft): the board goes back to the published week.
  Result<void> Discard(Id schedule_id);

  Result<LoadedSchedule> Load(Id schedule_id);

  // The coordinator's changes made to a draft in place (schedule::
  // ApplyEdits): a week's run or update, or a re-plan of one day, every
  // change then on its day. kFailedPrecondition for a published or
  // superseded schedule (the paras work to it: change an update of the
  // week or a re-plan of the day); kInvalidArgument naming
  // changes[i].<field> (or changes) for each change refused, students named
  // by `student_words`; kConflict when the draft changed since `loaded` was
  // read.
  Result<void> Edit(const LoadedSchedule& loaded, const std::vector<SlotChange>& changes,
                    const schedule::StudentWords& student_words);
  // The stored schedule without its JSON (ScheduleStore::GetSummary): its
  // school, week, day and status, unparsed.
  Result<StoredSchedule> Summary(Id schedule_id);

  // The school's problem for the week of `week` as a run would read it now:
  // the roster, the paras' leave (SchoolProblem::absences) and the
  // keep-apart list.
  Result<SchoolProblem> ProblemFor(Id school_id, Date week);

  // The coordinator's keep-apart list (store/schedule_store.h): every run
  // and update made after a change reads it (a re-plan keeps its week's
  // problem, the list as the week was made).
  Result<std::vector<KeepApart>> KeptApart(Id school_id);
  Result<KeepApart> GetKeepApart(Id id);
  Result<Id> AddKeepApart(const KeepApart& pair);
  Result<void> DeleteKeepApart(Id id);

  // The schedule the board shows on `day`: the newer of the day's published
  // re-plan and the week's newest schedule, draft or published (so a week
  // made or updated after the re-plan shows while it is reviewed). nullopt
  // when the week has none.
  Result<std::optional<Id>> Current(Id school_id, Date day);

  // The schedule the school's paras work to on `day`, published only: the
  // day's published re-plan if any, else the week's published schedule;
  // null when neither is. Parsed once and kept in `cache`. Its `stored` is
  // the schedule as listed when it was first read, without the JSON.
  Result<std::shared_ptr<const LoadedSchedule>> Published(Id school_id, Date day,
                                                          ScheduleCache& cache);

  // A para has read the changes a published re-plan or update makes to
  // their `day` (ScheduleStore::MarkSeen), and who has.
  Result<void> MarkSeen(Id schedule_id, Id staff_id, Date day, std::int64_t now);
  Result<std::map<Id, std::int64_t>> SeenBy(Id schedule_id, Date day);

  // The paras' usual week behind a schedule, as a plan of the schedule's
  // own problem: a re-plan's week (its base, which shares its problem; read
  // through `cache` when the re-plan was read without it), or the week an
  // update made again (its stored before). No plan for a week made afresh.
  Result<UsualWeek> UsualWeekOf(const LoadedSchedule& schedule, ScheduleCache& cache);

  // The week the school's paras work to: its published schedule with each
  // day's published re-plan in place. nullopt when the week has no
  // published schedule. Parsed schedules are kept in `cache`.
  Result<std::optional<WeekInForce>> InForce(Id school_id, Date week, ScheduleCache& cache);

  // The staff-student assignments the published schedules give, one per
  // para, student and run of consecutive days.
  static std::vector<Assignment> AssignmentsOf(const std::vector<LoadedSchedule>& published);

 private:
  struct Built {
    School school;
    SchoolProblem problem;
  };
  // The school's problem for the week of `monday`, from the roster and leave.
  Result<Built> Build(Id school_id, Date monday);
  // Build, with the make-up minutes each service is owed (MakeupOwed): the
  // problem a run or an update solves. Reads every service session the
  // school's students have before the week, which the needs by block do not
  // use.
  Result<Built> BuildToSolve(Id school_id, Date monday);
  // Stores a week's schedule of `built` as a draft.
  Result<Id> InsertWeek(const Built& built, Date monday, std::string plan,
                        std::optional<Id> updated_from, std::optional<Id> made_by,
                        std::int64_t now);
  // A schedule as listed (ListForWeek), parsed once and kept in `cache`.
  Result<std::shared_ptr<const LoadedSchedule>> Cached(const StoredSchedule& listed,
                                                       ScheduleCache& cache);
  // Stores a schedule in a write transaction of its own.
  Result<Id> Insert(const StoredSchedule& stored);
  // Every schedule of the school's week of `day`.
  Result<std::vector<StoredSchedule>> WeekOf(Id school_id, Date day);

  Store& store_;
};

}  // namespace paraplan::scheduling
