// bench_makeup_read: the read a run or an update of a school's week makes to
// count the make-up minutes owed (CaptureStore::ServiceSessions: the
// school's service sessions before its Monday, through the partial index of
// service sessions by student and day), beside the capture list paged by
// record id as the API pages it (every service session of the district
// before that Monday, 1,000 a page), measured in the same run on the same
// SQLite file. A district of two schools; the school read has a fifth of the
// students, and half of the records are goal observations.
//
//   bench_makeup_read [RECORDS]   (default 400,000; written in batches of
//                                  1,000 records per commit first)
#include <fmt/format.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <set>
#include <string>
#include <vector>

#include "../bench_support.h"
#include "../capture_records.h"
#include "domain/capture.h"
#include "store/capture_store.h"
#include "store/sql_runner.h"
#include "store/sqlite/sqlite_store.h"

namespace paraplan {
namespace {

using bench::Die;
using bench::Must;
using Clock = std::chrono::steady_clock;

struct Student {
  Id id = 0, service = 0, goal = 0;
};

struct District {
  Id district = 0, para = 0;
  std::vector<Id> schools;
  std::vector<Student> students;  // the first fifth in schools[0]
};

District MakeDistrict(Store& store, int student_count) {
  District made;
  Must(store.Write([&](Transaction& tx) -> Result<void> {
    made.district = PARAPLAN_TRY(tx.Insert(paraplan::District{0, "Bench District", "", 2, 0}));
    for (const char* name : {"Bench Elementary", "Bench High School"}) {
      School school;
      school.district_id = made.district;
      school.name = name;
      made.schools.push_back(PARAPLAN_TRY(tx.Insert(school)));
    }
    Staff para;
    para.district_id = made.district;
    para.school_id = made.schools[0];
    para.first_name = "Priya";
    para.last_name = "Patel";
    para.role = StaffRole::kParaeducator;
    made.para = PARAPLAN_TRY(tx.Insert(para));
    for (int i = 0; i < student_count; ++i) {
      paraplan::Student student;
      student.school_id = made.schools[i < student_count / 5 ? 0 : 1];
      student.first_name = fmt::format("Student{}", i);
      student.last_name = "Bench";
      student.birth_date = *Date::Parse("2015-04-02");
      student.grade = Grade::k5;
      const Id student_id = PARAPLAN_TRY(tx.Insert(student));
      Iep iep;
      iep.student_id = student_id;
      iep.status = IepStatus::kActive;
      iep.start = *Date::Parse("2026-08-24");
      iep.end = *Date::Parse("2027-08-23");
      iep.annual_review = *Date::Parse("2027-08-01");
      iep.services = {{0, SupportType::kReadingSupport, 150, MinutesPeriod::kWeek,
                       Setting::kGeneralEducationClassroom, DeliveryModel::kPushIn,
                       *Date::Parse("2026-08-24"), *Date::Parse("2027-06-10")}};
      iep.goals = {{0, GoalArea::kReading, "Reads grade-level text",
                    MeasurementMethod::kPercentOfTrials, 40, 80, "% of trials",
                    *Date::Parse("2027-06-01")}};
      const Id iep_id = PARAPLAN_TRY(tx.Insert(iep));
      const Iep stored = PARAPLAN_TRY(tx.GetIep(iep_id));
      made.students.push_back({student_id, stored.services.at(0).id, stored.goals.at(0).id});
    }
    return {};
  }));
  return made;
}

// Record `serial`: a service session or a goal observation in turn
// (bench::AlternatingCapture), on one of the 60 school days before
// `before`, for each student in turn.
CaptureRecord Record(const District& district, std::uint64_t serial, Date before) {
  const Student& student = district.students[serial % district.students.size()];
  int back = 1 + static_cast<int>((serial / district.students.size()) % 60);
  Date day = before.AddDays(-back - 2 * (back / 5));  // skips the weekends
  while (day.IsoWeekday() > 5) day = day.AddDays(-1);
  CaptureRecord record = bench::AlternatingCapture(
      "0d000000-0000-4000-8000-", {student.id, district.para, student.service, student.goal},
      serial, day);
  // One session in ten is missed with its para away: make-up owed.
  if (auto* session = std::get_if<ServiceSession>(&record.body); session && serial % 20 == 0) {
    session->outcome = SessionOutcome::kMissed;
    session->missed_reason = MissedReason::kProviderAbsent;
  }
  return record;
}

double Seconds(Clock::duration duration) { return std::chrono::duration<double>(duration).count(); }

// The median of `runs` timings of `read`, and the count it read.
template <typename Read>
std::pair<double, std::size_t> Median(int runs, Read read) {
  std::vector<double> seconds;
  std::size_t count = 0;
  for (int i = 0; i < runs; ++i) {
    const auto start = Clock::now();
    count = read();
    seconds.push_back(Seconds(Clock::now() - start));
  }
  std::ranges::sort(seconds);
  return {seconds[seconds.size() / 2], count};
}

int Main(int argc, char** argv) {
  const int records = argc > 1 ? std::atoi(argv[1]) : 400'000;
  if (records < 1000) {
    std::fprintf(stderr, "usage: bench_makeup_read [RECORDS>=1000]\n");
    return 2;
  }
  const std::string path = (std::filesystem::temp_directory_path() /
                            fmt::format("paraplan-bench-makeup-{}.db", ::getpid()))
                               .string();
  auto store = Must(OpenSqliteStore(path));
  SqlRunner* runner = store->sql_runner();
  if (!runner) Die(Error::Internal("the SQLite store runs no SQL work"));
  auto captures = MakeCaptureStore(*runner);
  const District district = MakeDistrict(*store, 1000);
  const Date monday = *Date::Parse("2026-11-30");

  std::printf("bench_makeup_read: writing %d capture records...\n", records);
  std::fflush(stdout);
  const auto written = Clock::now();
  for (int at = 0; at < records; at += 1000) {
    std::vector<CaptureRecord> batch;
    for (int i = at; i < std::min(records, at + 1000); ++i) {
      batch.push_back(Record(district, static_cast<std::uint64_t>(i), monday));
    }
    for (const auto& answer :
         Must(captures->CreateBatch(batch, *ParseTimestamp("2026-11-27T16:00:00Z")))) {
      if (!answer) Die(answer.error());
    }
  }
  const double write_seconds = Seconds(Clock::now() - written);

  // Reference: the district's service sessions before the Monday, paged by
  // record id as the API pages the capture list, the school's kept.
  std::set<Id> of_school;
  for (std::size_t i = 0; i < district.students.size() / 5; ++i) {
    of_school.insert(district.students[i].id);
  }
  const auto [paged_seconds, paged_count] = Median(3, [&] {
    CaptureFilter filter;
    filter.kind = CaptureKind::kServiceSession;
    filter.to = monday.AddDays(-1);
    filter.limit = 1000;
    std::size_t kept = 0;
    for (;;) {
      const std::vector<CaptureRecord> page = Must(captures->List(filter));
      for (const CaptureRecord& record : page) kept += of_school.contains(record.student_id);
      if (page.size() < static_cast<std::size_t>(filter.limit)) break;
      filter.after = page.back().id;
    }
    return kept;
  });
  const auto [indexed_seconds, indexed_count] = Median(5, [&] {
    return Must(captures->ServiceSessions(district.schools[0], std::nullopt, monday)).size();
  });
  if (indexed_count != paged_count) {
    Die(Error::Internal(
        fmt::format("the two reads disagree: {} sessions through the index, {} paged",
                    indexed_count, paged_count)));
  }

  std::printf(
      "size: %d capture records (%.0f written/s, 1,000 per commit), 1,000 students in two "
      "schools; the school read has %zu service sessions before its Monday\n\n",
      records, records / write_seconds, indexed_count);
  std::printf("%-62s %10s %8s\n", "read (median)", "seconds", "ratio");
  std::printf("%-62s %10.3f %8s\n", "capture list paged by id, the district's sessions (reference)",
              paged_seconds, "1.00x");
  std::printf("%-62s %10.3f %7.1fx\n", "the school's sessions through the index (make-up owed)",
              indexed_seconds, paged_seconds / indexed_seconds);

  captures.reset();
  store.reset();
  for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(path + suffix);
  return 0;
}

}  // namespace
}  // namespace paraplan

int main(int argc, char** argv) { return paraplan::Main(argc, argv); }
