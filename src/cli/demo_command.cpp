#include "cli/demo_command.h"

#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include "cli/command_support.h"
#include "cli/generate_run.h"
#include "http/auth/password.h"
#include "http/demo_accounts.h"
#include "scheduling/schedule_view.h"
#include "scheduling/school_schedule.h"
#include "store/capture_store.h"
#include "store/security.h"
#include "store/sql_runner.h"
#include "synth/history.h"

namespace paraplan::cli {
namespace {

struct DemoOptions {
  std::string db;
  std::uint64_t seed = 1;
};

// One account per role, with a fresh password each, printed once.
void PrintSignIns(Store& store) {
  if (store.sql_runner() == nullptr) return;
  std::unique_ptr<SecurityStore> security = MakeSecurityStore(*store.sql_runner());
  Result<http::CommonPasswords> common =
      http::CommonPasswords::Load(http::CommonPasswords::DefaultFile());
  if (!common) ExitWith(common.error());
  const UnixSeconds now = std::chrono::duration_cast<std::chrono::seconds>(
                              std::chrono::system_clock::now().time_since_epoch())
                              .count();
  Result<std::vector<http::DemoSignIn>> sign_ins =
      http::AddDemoAccounts(store, *security, *common, now);
  if (!sign_ins) ExitWith(sign_ins.error());
  std::printf("\nSign in as (passwords are new for this database; shown once):\n");
  std::printf("  %-26s %-28s %-44s %s\n", "role", "name", "email", "password");
  for (const http::DemoSignIn& sign_in : *sign_ins) {
    std::string role = sign_in.role;
    for (char& c : role) c = c == '_' ? ' ' : c;
    std::printf("  %-26s %-28s %-44s %s\n", role.c_str(), sign_in.name.c_str(),
                sign_in.email.c_str(), sign_in.password.c_str());
  }
}

// The coordinator's first week: a published para schedule for every school,
// this week and next, so every para starts with the students the plan gives
// them (and access to exactly those).
void PublishSchedules(Store& store) {
  if (store.sql_runner() == nullptr) return;
  std::vector<School> schools;
  Result<void> read = store.Read([&](Transaction& tx) -> Result<void> {
    schools = PARAPLAN_TRY(tx.ListSchools(std::nullopt, Page{0, 1000}));
    return {};
  });
  if (!read) ExitWith(read.error());
  scheduling::SchoolScheduler scheduler(store);
  const Date today = Date::Today();
  const std::int64_t now = std::chrono::duration_cast<std::chrono::seconds>(
                               std::chrono::system_clock::now().time_since_epoch())
                               .count();
  std::printf("\nPara schedules (published):\n");
  for (const School& school : schools) {
    for (const Date week : {today.WeekStart(), today.WeekStart().AddDays(7)}) {
      Result<scheduling::MadeSchedule> made = scheduler.Make(school.id, week, std::nullopt, now);
      if (!made) {
        std::printf("  %-36s week of %s: not scheduled: %s\n", school.name.c_str(),
                    week.ToString().c_str(), made.error().message.c_str());
        continue;
      }
      Result<void> published = scheduler.Publish(made->id, std::nullopt, now, today);
      if (!published) ExitWith(published.error());
      const schedule::Score& score = made->score;
      std::printf("  %-36s week of %s: %d of %d adult-support needs covered\n",
                  school.name.c_str(), week.ToString().c_str(),
                  score.one_to_one_or_safety_covered + score.adult_support_covered,
                  score.one_to_one_or_safety_needs + score.adult_support_needs);
    }
  }
}

// The coordinator's keep-apart list, with one pair: in the first school, the
// first para the published week has supporting a student on its Monday is
// kept apart from that student (a family tie), and both weeks are updated
// and published again, so the board shows the list and the weeks honour
// it.
void KeepOnePairApart(Store& store) {
  if (store.sql_runner() == nullptr) return;
  std::optional<School> school;
  Result<void> read = store.Read([&](Transaction& tx) -> Result<void> {
    std::vector<School> schools = PARAPLAN_TRY(tx.ListSchools(std::nullopt, Page{0, 1}));
    if (!schools.empty()) school = std::move(schools.front());
    return {};
  });
  if (!read) ExitWith(read.error());
  if (!school) return;
  scheduling::SchoolScheduler scheduler(store);
  scheduling::ScheduleCache cache;
  const Date today = Date::Today();
  const Date monday = today.WeekStart();
  Result<std::shared_ptr<const scheduling::LoadedSchedule>> published =
      scheduler.Published(school->id, monday, cache);
  if (!published) ExitWith(published.error());
  if (!*published) return;
  std::optional<KeepApart> pair;
  std::string para_name;
  for (const schedule::Para& para : (*published)->problem.paras) {
    for (const scheduling::ParaSlot& slot : scheduling::ParaDayOf(**published, para.id, monday)) {
      if (slot.activity != schedule::Activity::kSupport || slot.student_ids.empty()) continue;
      pair.emplace();
      pair->district_id = school->district_id;
      pair->staff_id = para.id;
      pair->student_id = slot.student_ids.front();
      pair->reason = "Family tie: the para is the student's aunt";
      para_name = para.name;
      break;
    }
    if (pair) break;
  }
  if (!pair) return;
  const std::int64_t now = std::chrono::duration_cast<std::chrono::seconds>(
                               std::chrono::system_clock::now().time_since_epoch())
                               .count();
  pair->created_at = now;
  if (Result<Id> added = scheduler.AddKeepApart(*pair); !added) ExitWith(added.error());
  std::string student_name;
  Result<void> named = store.Read([&](Transaction& tx) -> Result<void> {
    const Student student = PARAPLAN_TRY(tx.GetStudent(pair->student_id));
    student_name = student.first_name + " " + student.last_name;
    return {};
  });
  if (!named) ExitWith(named.error());
  std::printf("\nKeep apart (%s): %s and %s. %s.\n", school->name.c_str(), para_name.c_str(),
              student_name.c_str(), pair->reason.c_str());
  for (const Date week : {monday, monday.AddDays(7)}) {
    Result<scheduling::MadeSchedule> updated = scheduler.Update(school->id, week, std::nullopt, now, cache);
    if (!updated) ExitWith(updated.error());
    if (Result<void> done = scheduler.Publish(updated->id, std::nullopt, now, today); !done) {
      ExitWith(done.error());
    }
    std::printf("  week of %s updated and published again: %d slots changed\n",
                week.ToString().c_str(), updated->changes);
  }
}

// The kind of IEP service each kind of related service provider delivers.
std::optional<SupportType> ServiceOf(ProviderKind kind) {
  switch (kind) {
    case ProviderKind::kSpeechLanguagePathologist:
      return SupportType::kSpeechLanguageTherapy;
    case ProviderKind::kOccupationalTherapist:
      return SupportType::kOccupationalTherapy;
    case ProviderKind::kPhysicalTherapist:
      return SupportType::kPhysicalTherapy;
    case ProviderKind::kSchoolPsychologist:
    case ProviderKind::kSocialWorker:
      return SupportType::kCounseling;
    case ProviderKind::kNurse:
      return SupportType::kHealthServices;
    case ProviderKind::kInterpreter:
      return SupportType::kInterpreting;
  }
  return std::nullopt;
}

// Who delivers each service: (student, service id) to the staff member.
using ServiceProviders = std::map<std::pair<Id, Id>, Id>;

// Each related service provider serves the students whose active IEP has
// their service (speech-language therapy for the speech-language
// pathologist, ...), shared out in turn among the providers of that kind,
// and is assigned them from today: a provider's caseload, and their access,
// follow the services they deliver. Returns who delivers each such service.
ServiceProviders AssignProviders(Store& store) {
  ServiceProviders delivered_by;
  if (store.sql_runner() == nullptr) return delivered_by;
  std::map<SupportType, std::vector<Id>> providers_of;
  std::vector<std::pair<Id, Id>> served;  // (provider, student)
  Id district_id = 0;
  Result<void> read = store.Read([&](Transaction& tx) -> Result<void> {
    std::vector<District> districts = PARAPLAN_TRY(tx.ListDistricts(Page{0, 1}));
    if (districts.empty()) return {};
    district_id = districts[0].id;
    StaffFilter staff_filter;
    staff_filter.district_id = district_id;
    staff_filter.role = StaffRole::kRelatedServiceProvider;
    staff_filter.page.limit = 500;
    for (const Staff& provider : PARAPLAN_TRY(tx.ListStaff(staff_filter))) {
      if (!provider.provider_kind) continue;
      if (std::optional<SupportType> type = ServiceOf(*provider.provider_kind)) {
        providers_of[*type].push_back(provider.id);
      }
    }
    std::map<SupportType, std::size_t> turn;
    StudentFilter filter;
    filter.district_id = district_id;
    filter.has_iep = true;
    filter.page.limit = 500;
    for (std::vector<Student> page = PARAPLAN_TRY(tx.ListStudents(filter)); !page.empty();
         page = PARAPLAN_TRY(tx.ListStudents(filter))) {
      for (const Student& student : page) {
        std::set<Id> providers;
        for (const Iep& iep : PARAPLAN_TRY(tx.ListIeps(student.id))) {
          if (iep.status != IepStatus::kActive) continue;
          for (const Service& service : iep.services) {
            auto found = providers_of.find(service.type);
            if (found == providers_of.end()) continue;
            std::size_t& next = turn[service.type];
            const Id provider = found->second[next++ % found->second.size()];
            providers.insert(provider);
            delivered_by[{student.id, service.id}] = provider;
          }
        }
        for (Id provider : providers) served.emplace_back(provider, student.id);
      }
      filter.page.after = page.back().id;
    }
    return {};
  });
  if (!read) ExitWith(read.error());
  std::unique_ptr<SecurityStore> security = MakeSecurityStore(*store.sql_runner());
  for (const auto& [provider, student] : served) {
    Assignment assignment;
    assignment.district_id = district_id;
    assignment.staff_id = provider;
    assignment.student_id = student;
    assignment.start = Date::Today();
    assignment.source = AssignmentSource::kManual;
    Result<Id> added = security->AddAssignment(assignment);
    if (!added) ExitWith(added.error());
  }
  std::printf("\nRelated service providers: %zu students assigned for the services they deliver.\n",
              served.size());
  return delivered_by;
}

// The weeks before today as a school would have recorded them
// (synth/history.h): each active IEP's sessions (the related services by
// their providers, the others by a para of the school, paras taken in
// turn), goal observations by the same para, a few sessions missed and
// most of the school's misses made up, every record reviewed by the case
// manager. Eight weeks back at most, from the school year's first day.
void RecordDemoHistory(Store& store, const ServiceProviders& related) {
  if (store.sql_runner() == nullptr) return;
  const Date today = Date::Today();
  std::vector<SchoolCalendar> calendars;
  std::vector<synth::HistoryStudent> students;
  std::vector<std::size_t> calendar_of;  // [student] index into calendars
  Result<void> read = store.Read([&](Transaction& tx) -> Result<void> {
    for (const School& school : PARAPLAN_TRY(tx.ListSchools(std::nullopt, Page{0, 1000}))) {
      std::vector<SchoolCalendar> listed = PARAPLAN_TRY(tx.ListCalendars(school.id));
      if (listed.empty()) continue;
      calendars.push_back(listed.front());
      StaffFilter para_filter;
      para_filter.school_id = school.id;
      para_filter.role = StaffRole::kParaeducator;
      para_filter.page.limit = 1000;
      const std::vector<Staff> paras = PARAPLAN_TRY(tx.ListStaff(para_filter));
      if (paras.empty()) continue;
      std::size_t turn = 0;
      StudentFilter filter;
      filter.school_id = school.id;
      filter.has_iep = true;
      filter.page.limit = 500;
      for (std::vector<Student> page = PARAPLAN_TRY(tx.ListStudents(filter)); !page.empty();
           page = PARAPLAN_TRY(tx.ListStudents(filter))) {
        for (const Student& student : page) {
          for (Iep& iep : PARAPLAN_TRY(tx.ListIeps(student.id))) {
            if (iep.status != IepStatus::kActive) continue;
            synth::HistoryStudent& history = students.emplace_back();
            history.student_id = student.id;
            const Id para = paras[turn++ % paras.size()].id;
            for (const Service& service : iep.services) {
              const auto provider = related.find({student.id, service.id});
              history.provider_of[service.id] = provider != related.end() ? provider->second : para;
            }
            history.observer = para;
            history.reviewer = iep.case_manager_id.value_or(0);
            history.iep = std::move(iep);
            calendar_of.push_back(calendars.size() - 1);
            break;
          }
        }
        filter.page.after = page.back().id;
      }
    }
    return {};
  });
  if (!read) ExitWith(read.error());
  if (calendars.empty()) return;
  for (std::size_t i = 0; i < students.size(); ++i)
    students[i].calendar = &calendars[calendar_of[i]];
  const Date from = std::max(calendars.front().first_day, today.WeekStart().AddDays(-7 * 8));
  const std::vector<CaptureRecord> records =
      synth::RecordHistory(students, {.from = from, .until = today, .seed = 1});
  for (const CaptureRecord& record : records) {
    if (std::vector<FieldProblem> problems = Validate(record, today); !problems.empty()) {
      ExitWith(Error::Invalid(fmt::format("the demo's record {} is not valid", record.id),
                              std::move(problems)));
    }
  }
  std::unique_ptr<CaptureStore> captures = MakeCaptureStore(*store.sql_runner());
  const Timestamp received =
      std::chrono::time_point_cast<std::chrono::milliseconds>(std::chrono::system_clock::now());
  constexpr std::size_t kBatch = 2000;
  for (std::size_t first = 0; first < records.size(); first += kBatch) {
    const std::span<const CaptureRecord> batch(records.data() + first,
                                               std::min(kBatch, records.size() - first));
    Result<std::vector<Result<CreateResult>>> stored = captures->CreateBatch(batch, received);
    if (!stored) ExitWith(stored.error());
    for (const Result<CreateResult>& one : *stored) {
      if (!one) ExitWith(one.error());
    }
  }
  int sessions = 0, missed = 0, made_up = 0, observations = 0;
  for (const CaptureRecord& record : records) {
    if (const auto* session = std::get_if<ServiceSession>(&record.body)) {
      ++sessions;
      missed += session->outcome == SessionOutcome::kMissed;
      made_up += session->makes_up.has_value();
    } else {
      ++observations;
    }
  }
  std::printf(
      "\nClassroom records from %s to %s: %d service sessions (%d missed, %d make-ups) "
      "and %d goal observations, reviewed by the case managers.\n",
      from.ToString().c_str(), today.AddDays(-1).ToString().c_str(), sessions, missed, made_up,
      observations);
}

void RunDemo(const DemoOptions& options) {
  std::unique_ptr<Store> store = OpenOrExit(options.db);
  std::int64_t districts = 0;
  auto counted = store->Read([&](Transaction& tx) -> Result<void> {
    districts = PARAPLAN_TRY(tx.Count(RecordKind::kDistrict));
    return {};
  });
  if (!counted) ExitWith(counted.error());
  if (districts > 0) {
    ExitWith(Error::FailedPrecondition(
        fmt::format("{} already holds {} district(s); the demo needs an empty database (remove "
                    "the file or choose another --db)",
                    options.db, districts)));
  }
  // The demo is seen from today: this school year (from August on, the year
  // that begins then), and every IEP in force.
  synth::DistrictSpec spec = synth::DemoSpec(options.seed);
  const Date today = Date::Today();
  const std::chrono::year_month_day ymd = today.Ymd();
  spec.school_year = static_cast<int>(ymd.year()) - (ymd.month() < std::chrono::August ? 1 : 0);
  spec.as_of = today;
  GenerateInto(*store, spec, synth::kDefaultBatchSize);
  std::printf("The demo district is in %s (seed %llu).\n", options.db.c_str(),
              static_cast<unsigned long long>(options.seed));
  PrintSummary(*store, stdout);
  // The weeks already recorded come before the schedules, which owe the
  // make-up minutes they leave.
  RecordDemoHistory(*store, AssignProviders(*store));
  PublishSchedules(*store);
  KeepOnePairApart(*store);
  PrintSignIns(*store);
}

}  // namespace

void AddDemoCommand(CLI::App& app) {
  auto options = std::make_shared<DemoOptions>();
  CLI::App* command =
      app.add_subcommand("demo", "Create the demo district: an elementary and a high school");
  AddDbOption(*command, options->db);
  command->add_option("--seed", options->seed, "seed of the generator (same seed, same district)");
  command->callback([options] { RunDemo(*options); });
}

}  // namespace paraplan::cli
