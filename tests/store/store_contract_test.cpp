// The store contract: what every backend must do, tested through the Store
// interface only, once per backend (see test_backends.cpp).
#include <gtest/gtest.h>

#include <algorithm>
#include <set>
#include <stdexcept>
#include <thread>
#include <tuple>

#include "store/fault_injecting_store.h"
#include "store/sql/session.h"
#include "store/sql_runner.h"
#include "store/sqlite/migrations.h"
#include "store/store.h"
#include "test_backends.h"
#include "test_records.h"

namespace paraplan {
namespace {

using namespace paraplan::testing;

// --- Fixture ---------------------------------------------------------------------

class StoreContract : public ::testing::TestWithParam<Backend> {
 public:
  void SetUp() override {
    database_ = GetParam().create();
    store_ = Ok(database_->Open());
  }

  void Reopen() {
    store_.reset();
    store_ = Ok(database_->Open());
  }

  template <typename Work>
  auto Write(Work work) -> decltype(work(std::declval<Transaction&>())) {
    using R = decltype(work(std::declval<Transaction&>()));
    std::optional<R> out;
    auto written = store_->Write([&](Transaction& tx) -> Result<void> {
      out = work(tx);
      if (!*out) return Fail(out->error());
      return {};
    });
    if (!written && (!out || *out)) return std::unexpected(written.error());
    return std::move(*out);
  }

  template <typename Work>
  auto Read(Work work) -> decltype(work(std::declval<Transaction&>())) {
    using R = decltype(work(std::declval<Transaction&>()));
    std::optional<R> out;
    auto read = store_->Read([&](Transaction& tx) -> Result<void> {
      out = work(tx);
      if (!*out) return Fail(out->error());
      return {};
    });
    if (!read && (!out || *out)) return std::unexpected(read.error());
    return std::move(*out);
  }

  template <typename T>
  Id Insert(const T& record) {
    return Ok(Write([&](Transaction& tx) { return tx.Insert(record); }));
  }

  std::int64_t CountOf(RecordKind kind) {
    return Ok(Read([&](Transaction& tx) { return tx.Count(kind); }));
  }

  World Seed(std::string prefix = "") { return Ok(SeedWorld(*store_, prefix)); }

  std::unique_ptr<TestDatabase> database_;
  std::unique_ptr<Store> store_;
};

// --- Per-record behaviour, written once for every kind of record ----------------

template <typename T>
struct Kind;

template <>
struct Kind<District> {
  static constexpr RecordKind kKind = RecordKind::kDistrict;
  static District Make(const World&) { return MakeDistrict("other-district"); }
  static void Change(District& r) {
    r.name = "Riverside Unified School District";
    r.lesson_plan_lead_days = 5;
  }
  static Result<District> Get(Transaction& tx, Id id) { return tx.GetDistrict(id); }
};
template <>
struct Kind<School> {
  static constexpr RecordKind kKind = RecordKind::kSchool;
  static School Make(const World& w) {
    School s = MakeSchool(w.district);
    s.source_id = "sch-2";
    return s;
  }
  static void Change(School& r) {
    r.name = "Lincoln Academy";
    r.highest_grade = Grade::k8;
  }
  static Result<School> Get(Transaction& tx, Id id) { return tx.GetSchool(id); }
};
template <>
struct Kind<Room> {
  static constexpr RecordKind kKind = RecordKind::kRoom;
  static Room Make(const World& w) {
    Room r = MakeRoom(w.school);
    r.source_id = "room-2";
    return r;
  }
  static void Change(Room& r) {
    r.capacity = 12;
    r.source_id = "";
  }
  static Result<Room> Get(Transaction& tx, Id id) { return tx.GetRoom(id); }
};
template <>
struct Kind<SchoolCalendar> {
  static constexpr RecordKind kKind = RecordKind::kCalendar;
  static SchoolCalendar Make(const World& w) { return MakeCalendar(w.school); }
  static void Change(SchoolCalendar& r) { r.non_instructional_days = {Day("2027-01-18")}; }
  static Result<SchoolCalendar> Get(Transaction& tx, Id id) { return tx.GetCalendar(id); }
};
template <>
struct Kind<Staff> {
  static constexpr RecordKind kKind = RecordKind::kStaff;
  static Staff Make(const World& w) {
    Staff s = MakeStaff(w.district, std::nullopt, StaffRole::kRelatedServiceProvider, "slp");
    s.provider_kind = ProviderKind::kSpeechLanguagePathologist;
    return s;
  }
  static void Change(Staff& r) {
    r.skills = {Skill::kSignLanguage};
    r.funding = {{"Title I", 100}};
    r.credentials = {};
  }
  static Result<Staff> Get(Transaction& tx, Id id) { return tx.GetStaff(id); }
};
template <>
struct Kind<Student> {
  static constexpr RecordKind kKind = RecordKind::kStudent;
  static Student Make(const World& w) { return MakeStudent(w.school, w.special_educator, "stu-2"); }
  static void Change(Student& r) {
    r.grade = Grade::k4;
    r.case_manager_id = std::nullopt;
  }
  static Result<Student> Get(Transaction& tx, Id id) { return tx.GetStudent(id); }
};
template <>
struct Kind<Guardian> {
  static constexpr RecordKind kKind = RecordKind::kGuardian;
  static Guardian Make(const World& w) { return MakeGuardian(w.district); }
  static void Change(Guardian& r) {
    r.phone = "+1 555 0199";
    r.preferred_language = "en";
  }
  static Result<Guardian> Get(Transaction& tx, Id id) { return tx.GetGuardian(id); }
};
template <>
struct Kind<Section> {
  static constexpr RecordKind kKind = RecordKind::kSection;
  static Section Make(const World& w) {
    Section s = MakeSection(w.school, w.general_educator, w.room);
    s.source_id = "sec-2";
    return s;
  }
  static void Change(Section& r) {
    r.room_id = std::nullopt;
    r.meetings.pop_back();
  }
  static Result<Section> Get(Transaction& tx, Id id) { return tx.GetSection(id); }
};
template <>
struct Kind<Enrolment> {
  static constexpr RecordKind kKind = RecordKind::kEnrolment;
  static Enrolment Make(const World& w) { return MakeEnrolment(w.student, w.section); }
  static void Change(Enrolment& r) { r.end = Day("2026-12-18"); }
  static Result<Enrolment> Get(Transaction& tx, Id id) { return tx.GetEnrolment(id); }
};
template <>
struct Kind<Iep> {
  static constexpr RecordKind kKind = RecordKind::kIep;
  static Iep Make(const World& w) { return MakeIep(w.student, w.special_educator); }
  static void Change(Iep& r) {
    r.services[0].minutes = 200;
    r.goals.clear();
    r.one_to_one.reset();
  }
  static Result<Iep> Get(Transaction& tx, Id id) { return tx.GetIep(id); }
};

// What Get should return for `inserted` stored under `id`: the store assigns
// the ids of an IEP's nested items, which must be set and distinct.
template <typename T>
T Expected(T inserted, Id id, std::int64_t version, const T& got) {
  inserted.id = id;
  inserted.version = version;
  if constexpr (std::is_same_v<T, Iep>) {
    std::set<Id> ids;
    for (std::size_t i = 0; i < inserted.services.size() && i < got.services.size(); ++i) {
      inserted.services[i].id = got.services[i].id;
      ids.insert(got.services[i].id);
    }
    for (std::size_t i = 0; i < inserted.goals.size() && i < got.goals.size(); ++i) {
      inserted.goals[i].id = got.goals[i].id;
    }
    for (std::size_t i = 0; i < inserted.accommodations.size() && i < got.accommodations.size();
         ++i) {
      inserted.accommodations[i].id = got.accommodations[i].id;
    }
    EXPECT_EQ(ids.size(), got.services.size()) << "service ids are distinct";
    EXPECT_FALSE(ids.contains(0)) << "service ids are assigned";
  }
  return inserted;
}

template <typename T>
void ReadsBackAsInserted(StoreContract& test, const World& world) {
  T record = Kind<T>::Make(world);
  Id id = test.Insert(record);
  EXPECT_GT(id, 0);
  T got = Ok(test.Read([&](Transaction& tx) { return Kind<T>::Get(tx, id); }));
  EXPECT_TRUE(Same(got, Expected(record, id, 1, got)));
}

template <typename T>
void UpdateBumpsVersion(StoreContract& test, const World& world) {
  Id id = test.Insert(Kind<T>::Make(world));
  T changed = Ok(test.Read([&](Transaction& tx) { return Kind<T>::Get(tx, id); }));
  Kind<T>::Change(changed);
  std::int64_t version = Ok(test.Write([&](Transaction& tx) { return tx.Update(changed); }));
  EXPECT_EQ(version, 2);
  T got = Ok(test.Read([&](Transaction& tx) { return Kind<T>::Get(tx, id); }));
  EXPECT_TRUE(Same(got, Expected(changed, id, 2, got)));
}

template <typename T>
void StaleUpdateIsAConflict(StoreContract& test, const World& world) {
  Id id = test.Insert(Kind<T>::Make(world));
  T first = Ok(test.Read([&](Transaction& tx) { return Kind<T>::Get(tx, id); }));
  T second = first;
  Kind<T>::Change(first);
  Ok(test.Write([&](Transaction& tx) { return tx.Update(first); }));
  auto stale = test.Write([&](Transaction& tx) { return tx.Update(second); });
  ASSERT_FALSE(stale.has_value());
  EXPECT_EQ(stale.error().code, ErrorCode::kConflict);
  T got = Ok(test.Read([&](Transaction& tx) { return Kind<T>::Get(tx, id); }));
  EXPECT_EQ(got.version, 2);
}

template <typename T>
void DeleteRemovesIt(StoreContract& test, const World& world) {
  Id id = test.Insert(Kind<T>::Make(world));
  const std::int64_t before = test.CountOf(Kind<T>::kKind);
  Ok(test.Write([&](Transaction& tx) { return tx.Delete(Kind<T>::kKind, id); }));
  auto got = test.Read([&](Transaction& tx) { return Kind<T>::Get(tx, id); });
  ASSERT_FALSE(got.has_value());
  EXPECT_EQ(got.error().code, ErrorCode::kNotFound);
  EXPECT_EQ(test.CountOf(Kind<T>::kKind), before - 1);
}

#define PARAPLAN_RECORD_TESTS(Type, name)                                   \
  TEST_P(StoreContract, name##_reads_back_as_inserted) {                    \
    ReadsBackAsInserted<Type>(*this, Seed());                               \
  }                                                                         \
  TEST_P(StoreContract, name##_update_bumps_the_version) {                  \
    UpdateBumpsVersion<Type>(*this, Seed());                                \
  }                                                                         \
  TEST_P(StoreContract, name##_update_with_a_stale_version_is_a_conflict) { \
    StaleUpdateIsAConflict<Type>(*this, Seed());                            \
  }                                                                         \
  TEST_P(StoreContract, name##_delete_removes_it) { DeleteRemovesIt<Type>(*this, Seed()); }

PARAPLAN_RECORD_TESTS(District, district)
PARAPLAN_RECORD_TESTS(School, school)
PARAPLAN_RECORD_TESTS(Room, room)
PARAPLAN_RECORD_TESTS(SchoolCalendar, calendar)
PARAPLAN_RECORD_TESTS(Staff, staff)
PARAPLAN_RECORD_TESTS(Student, student)
PARAPLAN_RECORD_TESTS(Guardian, guardian)
PARAPLAN_RECORD_TESTS(Section, section)
PARAPLAN_RECORD_TESTS(Enrolment, enrolment)
PARAPLAN_RECORD_TESTS(Iep, iep)

// --- Errors -------------------------------------------------------------------------

TEST_P(StoreContract, get_of_a_missing_record_is_not_found) {
  auto got = Read([](Transaction& tx) { return tx.GetStudent(4242); });
  ASSERT_FALSE(got.has_value());
  EXPECT_EQ(got.error().code, ErrorCode::kNotFound);
}

TEST_P(StoreContract, update_of_a_missing_record_is_not_found) {
  World world = Seed();
  Student ghost = MakeStudent(world.school, std::nullopt);
  ghost.id = 4242;
  ghost.version = 1;
  auto updated = Write([&](Transaction& tx) { return tx.Update(ghost); });
  ASSERT_FALSE(updated.has_value());
  EXPECT_EQ(updated.error().code, ErrorCode::kNotFound);
}

TEST_P(StoreContract, invalid_record_is_refused_with_its_fields) {
  World world = Seed();
  Student student = MakeStudent(world.school, std::nullopt);
  student.first_name = "";
  student.home_language = "not a language";
  auto inserted = Write([&](Transaction& tx) { return tx.Insert(student); });
  ASSERT_FALSE(inserted.has_value());
  EXPECT_EQ(inserted.error().code, ErrorCode::kInvalidArgument);
  EXPECT_TRUE(HasField(inserted.error(), "first_name"));
  EXPECT_TRUE(HasField(inserted.error(), "home_language"));
  EXPECT_EQ(CountOf(RecordKind::kStudent), 1);
}

TEST_P(StoreContract, missing_reference_is_refused_naming_the_field) {
  Seed();
  auto inserted = Write([](Transaction& tx) { return tx.Insert(MakeStudent(9999, std::nullopt)); });
  ASSERT_FALSE(inserted.has_value());
  EXPECT_EQ(inserted.error().code, ErrorCode::kInvalidArgument);
  EXPECT_TRUE(HasField(inserted.error(), "school_id", "no such school"));
}

TEST_P(StoreContract, reference_into_another_district_is_refused) {
  World home = Seed("home-");
  World other = Seed("other-");
  auto inserted = Write([&](Transaction& tx) {
    return tx.Insert(MakeStudent(home.school, other.special_educator, "stu-x"));
  });
  ASSERT_FALSE(inserted.has_value());
  EXPECT_EQ(inserted.error().code, ErrorCode::kInvalidArgument);
  EXPECT_TRUE(HasField(inserted.error(), "case_manager_id", "another district"));
}

TEST_P(StoreContract, duplicate_source_id_in_a_district_is_refused) {
  World world = Seed();
  auto inserted = Write(
      [&](Transaction& tx) { return tx.Insert(MakeStudent(world.school, std::nullopt, "stu-1")); });
  ASSERT_FALSE(inserted.has_value());
  EXPECT_EQ(inserted.error().code, ErrorCode::kAlreadyExists);
  EXPECT_TRUE(HasField(inserted.error(), "source_id"));
}

TEST_P(StoreContract, same_source_id_in_two_districts_is_allowed_and_found_per_district) {
  World first = Seed("a-");
  World second = Seed("b-");
  auto found =
      Read([&](Transaction& tx) -> Result<std::pair<std::optional<Id>, std::optional<Id>>> {
        auto a = PARAPLAN_TRY(tx.FindBySourceId(RecordKind::kStudent, first.district, "stu-1"));
        auto b = PARAPLAN_TRY(tx.FindBySourceId(RecordKind::kStudent, second.district, "stu-1"));
        return std::pair{a, b};
      });
  ASSERT_TRUE(found.has_value()) << found.error().message;
  EXPECT_EQ(found->first, first.student);
  EXPECT_EQ(found->second, second.student);
}

TEST_P(StoreContract, source_id_used_in_several_districts_is_ambiguous_without_the_district) {
  Seed("a-");
  Seed("b-");
  auto found =
      Read([](Transaction& tx) { return tx.FindBySourceId(RecordKind::kStudent, "stu-1"); });
  ASSERT_FALSE(found.has_value());
  EXPECT_EQ(found.error().code, ErrorCode::kFailedPrecondition);
}

TEST_P(StoreContract, find_by_source_id_finds_the_record_or_nothing) {
  World world = Seed();
  auto found =
      Read([](Transaction& tx) { return tx.FindBySourceId(RecordKind::kSection, "sec-math3"); });
  ASSERT_TRUE(found.has_value()) << found.error().message;
  EXPECT_EQ(*found, world.section);
  auto missing =
      Read([](Transaction& tx) { return tx.FindBySourceId(RecordKind::kSection, "nope"); });
  ASSERT_TRUE(missing.has_value()) << missing.error().message;
  EXPECT_FALSE(missing->has_value());
}

TEST_P(StoreContract, delete_of_a_referenced_record_is_a_failed_precondition) {
  World world = Seed();
  auto deleted =
      Write([&](Transaction& tx) { return tx.Delete(RecordKind::kSchool, world.school); });
  ASSERT_FALSE(deleted.has_value());
  EXPECT_EQ(deleted.error().code, ErrorCode::kFailedPrecondition);
  EXPECT_NE(deleted.error().message.find("students"), std::string::npos) << deleted.error().message;
  EXPECT_EQ(CountOf(RecordKind::kSchool), 1);
}

TEST_P(StoreContract, read_transaction_refuses_writes) {
  auto inserted = Read([](Transaction& tx) { return tx.Insert(MakeDistrict()); });
  ASSERT_FALSE(inserted.has_value());
  EXPECT_EQ(inserted.error().code, ErrorCode::kFailedPrecondition);
  EXPECT_EQ(CountOf(RecordKind::kDistrict), 0);
}

TEST_P(StoreContract, page_limit_below_one_is_refused) {
  auto listed =
      Read([](Transaction& tx) { return tx.ListDistricts(Page{.after = 0, .limit = 0}); });
  ASSERT_FALSE(listed.has_value());
  EXPECT_EQ(listed.error().code, ErrorCode::kInvalidArgument);
  EXPECT_TRUE(HasField(listed.error(), "limit"));
}

// --- Nested records ------------------------------------------------------------------

TEST_P(StoreContract, iep_update_keeps_the_ids_of_kept_services) {
  World world = Seed();
  Id id = Insert(MakeIep(world.student, world.special_educator));
  Iep iep = Ok(Read([&](Transaction& tx) { return tx.GetIep(id); }));
  const Id kept = iep.services[1].id;
  iep.services.erase(iep.services.begin());
  Ok(Write([&](Transaction& tx) { return tx.Update(iep); }));
  Iep got = Ok(Read([&](Transaction& tx) { return tx.GetIep(id); }));
  ASSERT_EQ(got.services.size(), 1u);
  EXPECT_EQ(got.services[0].id, kept);
}

TEST_P(StoreContract, iep_update_refuses_a_service_id_of_another_iep) {
  World world = Seed();
  Id first = Insert(MakeIep(world.student, world.special_educator));
  Iep second = MakeIep(world.student, world.special_educator);
  second.source_id = "iep-2";
  Id second_id = Insert(second);
  Iep one = Ok(Read([&](Transaction& tx) { return tx.GetIep(first); }));
  Iep two = Ok(Read([&](Transaction& tx) { return tx.GetIep(second_id); }));
  two.services[0].id = one.services[0].id;
  auto updated = Write([&](Transaction& tx) { return tx.Update(two); });
  ASSERT_FALSE(updated.has_value());
  EXPECT_TRUE(HasField(updated.error(), "services[0].id"));
}

TEST_P(StoreContract, student_day_reads_back_as_put) {
  World world = Seed();
  StudentDay day;
  day.student_id = world.student;
  DayBlock math{Weekday::kMonday,
                {TimeOfDay::At(9, 0), TimeOfDay::At(9, 50)},
                world.section,
                world.room,
                "Grade 3 Math",
                SupportLevel::kAdultSupport,
                {Skill::kAac, Skill::kMathIntervention},
                true};
  DayBlock recess{Weekday::kMonday,
                  {TimeOfDay::At(10, 0), TimeOfDay::At(10, 20)},
                  std::nullopt,
                  std::nullopt,
                  "Recess",
                  SupportLevel::kPeerSupport,
                  {},
                  false};
  day.blocks = {math, recess};
  EXPECT_EQ(Ok(Write([&](Transaction& tx) { return tx.Put(day); })), 1);
  StudentDay got = Ok(Read([&](Transaction& tx) { return tx.GetStudentDay(world.student); }));
  EXPECT_EQ(got.version, 1);
  EXPECT_EQ(got.blocks, day.blocks);
}

TEST_P(StoreContract, student_day_put_with_a_stale_version_is_a_conflict) {
  World world = Seed();
  StudentDay day{world.student, {}, 0};
  Ok(Write([&](Transaction& tx) { return tx.Put(day); }));
  auto stale = Write([&](Transaction& tx) { return tx.Put(day); });
  ASSERT_FALSE(stale.has_value());
  EXPECT_EQ(stale.error().code, ErrorCode::kConflict);
}

TEST_P(StoreContract, student_without_a_stored_day_has_an_empty_day) {
  World world = Seed();
  StudentDay got = Ok(Read([&](Transaction& tx) { return tx.GetStudentDay(world.student); }));
  EXPECT_EQ(got.version, 0);
  EXPECT_TRUE(got.blocks.empty());
}

TEST_P(StoreContract, guardian_link_is_listed_replaced_and_removed) {
  World world = Seed();
  Id guardian = Insert(MakeGuardian(world.district));
  GuardianLink link{guardian, world.student, GuardianRelation::kMother, false};
  Ok(Write([&](Transaction& tx) { return tx.Link(link); }));
  link.custody_restricted = true;
  Ok(Write([&](Transaction& tx) { return tx.Link(link); }));
  auto links =
      Ok(Read([&](Transaction& tx) { return tx.ListGuardianLinks(world.student, std::nullopt); }));
  ASSERT_EQ(links.size(), 1u);
  EXPECT_EQ(links[0], link);
  Ok(Write([&](Transaction& tx) { return tx.Unlink(guardian, world.student); }));
  links = Ok(Read([&](Transaction& tx) { return tx.ListGuardianLinks(std::nullopt, guardian); }));
  EXPECT_TRUE(links.empty());
}

// --- Lists ------------------------------------------------------------------------------

TEST_P(StoreContract, students_are_filtered_by_school_grade_case_manager_section_and_iep) {
  World world = Seed();
  Id second_school = Insert([&] {
    School s = MakeSchool(world.district);
    s.source_id = "sch-2";
    return s;
  }());
  Student fourth = MakeStudent(world.school, std::nullopt, "stu-4th");
  fourth.grade = Grade::k4;
  Id fourth_id = Insert(fourth);
  Id elsewhere = Insert(MakeStudent(second_school, world.special_educator, "stu-else"));
  Insert(MakeEnrolment(world.student, world.section));
  Insert(MakeIep(elsewhere, world.special_educator));

  auto ids = [&](StudentFilter filter) {
    std::vector<Id> found;
    for (const Student& s : Ok(Read([&](Transaction& tx) { return tx.ListStudents(filter); }))) {
      found.push_back(s.id);
    }
    return found;
  };
  EXPECT_EQ(ids(With<StudentFilter>([&](StudentFilter& f) { f.school_id = world.school; })),
            (std::vector<Id>{world.student, fourth_id}));
  EXPECT_EQ(ids(With<StudentFilter>([&](StudentFilter& f) { f.grade = Grade::k4; })),
            (std::vector<Id>{fourth_id}));
  EXPECT_EQ(ids(With<StudentFilter>(
                [&](StudentFilter& f) { f.case_manager_id = world.special_educator; })),
            (std::vector<Id>{world.student, elsewhere}));
  EXPECT_EQ(ids(With<StudentFilter>([&](StudentFilter& f) { f.section_id = world.section; })),
            (std::vector<Id>{world.student}));
  EXPECT_EQ(ids(With<StudentFilter>([&](StudentFilter& f) { f.has_iep = true; })),
            (std::vector<Id>{elsewhere}));
  EXPECT_EQ(ids(With<StudentFilter>([&](StudentFilter& f) { f.has_iep = false; })),
            (std::vector<Id>{world.student, fourth_id}));
  EXPECT_EQ(ids(With<StudentFilter>([&](StudentFilter& f) {
              f.district_id = world.district;
              f.school_id = second_school;
            })),
            (std::vector<Id>{elsewhere}));
}

TEST_P(StoreContract, staff_are_filtered_by_role) {
  World world = Seed();
  auto staff = Ok(Read([&](Transaction& tx) {
    return tx.ListStaff(With<StaffFilter>([&](StaffFilter& f) {
      f.district_id = world.district;
      f.role = StaffRole::kParaeducator;
    }));
  }));
  ASSERT_EQ(staff.size(), 1u);
  EXPECT_EQ(staff[0].id, world.para);
}

TEST_P(StoreContract, sections_are_filtered_by_student_and_teacher) {
  World world = Seed();
  Insert([&] {
    Section s = MakeSection(world.school, std::nullopt, std::nullopt);
    s.source_id = "sec-2";
    return s;
  }());
  Insert(MakeEnrolment(world.student, world.section));
  auto by_student = Ok(Read([&](Transaction& tx) {
    return tx.ListSections(
        With<SectionFilter>([&](SectionFilter& f) { f.student_id = world.student; }));
  }));
  ASSERT_EQ(by_student.size(), 1u);
  EXPECT_EQ(by_student[0].id, world.section);
  auto by_teacher = Ok(Read([&](Transaction& tx) {
    return tx.ListSections(With<SectionFilter>(
        [&](SectionFilter& f) { f.general_educator_id = world.general_educator; }));
  }));
  ASSERT_EQ(by_teacher.size(), 1u);
  EXPECT_EQ(by_teacher[0].id, world.section);
  auto all = Ok(Read([&](Transaction& tx) {
    return tx.ListSections(
        With<SectionFilter>([&](SectionFilter& f) { f.school_id = world.school; }));
  }));
  EXPECT_EQ(all.size(), 2u);
}

TEST_P(StoreContract, keyset_pages_visit_every_record_once_in_id_order) {
  World world = Seed();
  std::vector<Id> inserted = {world.student};
  Ok(Write([&](Transaction& tx) -> Result<void> {
    for (int i = 0; i < 23; ++i) {
      inserted.push_back(PARAPLAN_TRY(
          tx.Insert(MakeStudent(world.school, std::nullopt, "p" + std::to_string(i)))));
    }
    return {};
  }));
  std::vector<Id> visited;
  Page page{.after = 0, .limit = 5};
  for (;;) {
    auto students = Ok(Read([&](Transaction& tx) {
      return tx.ListStudents(With<StudentFilter>([&](StudentFilter& f) {
        f.school_id = world.school;
        f.page = page;
      }));
    }));
    if (students.empty()) break;
    EXPECT_LE(students.size(), 5u);
    for (const Student& s : students) visited.push_back(s.id);
    page.after = students.back().id;
  }
  EXPECT_EQ(visited, inserted);
}

TEST_P(StoreContract, enrolments_and_ieps_are_listed_per_student) {
  World world = Seed();
  Id enrolment = Insert(MakeEnrolment(world.student, world.section));
  Id iep = Insert(MakeIep(world.student, world.special_educator));
  auto enrolments = Ok(Read(
      [&](Transaction& tx) { return tx.ListEnrolments(world.student, std::nullopt, Page{}); }));
  ASSERT_EQ(enrolments.size(), 1u);
  EXPECT_EQ(enrolments[0].id, enrolment);
  auto ieps = Ok(Read([&](Transaction& tx) { return tx.ListIeps(world.student); }));
  ASSERT_EQ(ieps.size(), 1u);
  EXPECT_EQ(ieps[0].id, iep);
  EXPECT_EQ(ieps[0].services.size(), 2u);
}

// --- Transactions, durability, concurrency -----------------------------------------

TEST_P(StoreContract, rolled_back_write_leaves_nothing) {
  auto written = store_->Write([](Transaction& tx) -> Result<void> {
    Id district = PARAPLAN_TRY(tx.Insert(MakeDistrict()));
    PARAPLAN_TRY(tx.Insert(MakeSchool(district)));
    return Fail(Error::Invalid("the caller changed its mind"));
  });
  ASSERT_FALSE(written.has_value());
  EXPECT_EQ(written.error().message, "the caller changed its mind");
  EXPECT_EQ(CountOf(RecordKind::kDistrict), 0);
  EXPECT_EQ(CountOf(RecordKind::kSchool), 0);
}

TEST_P(StoreContract, failure_at_any_step_of_a_transaction_leaves_the_database_unchanged) {
  World world = Seed();
  auto work = [&](Transaction& tx) -> Result<void> {
    Id student = PARAPLAN_TRY(tx.Insert(MakeStudent(world.school, world.special_educator, "new")));
    PARAPLAN_TRY(tx.Insert(MakeEnrolment(student, world.section)));
    PARAPLAN_TRY(tx.Insert(MakeIep(student, world.special_educator)));
    Student changed = PARAPLAN_TRY(tx.GetStudent(world.student));
    changed.grade = Grade::k5;
    PARAPLAN_TRY(tx.Update(changed));
    return {};
  };
  const int kSteps = 5;
  for (int fail_at = 1; fail_at <= kSteps; ++fail_at) {
    FaultInjectingStore faulty(*store_, fail_at);
    auto written = faulty.Write(work);
    ASSERT_FALSE(written.has_value()) << "step " << fail_at;
    EXPECT_EQ(written.error().code, ErrorCode::kInternal);
    EXPECT_EQ(CountOf(RecordKind::kStudent), 1) << "step " << fail_at;
    EXPECT_EQ(CountOf(RecordKind::kEnrolment), 0) << "step " << fail_at;
    EXPECT_EQ(CountOf(RecordKind::kIep), 0) << "step " << fail_at;
    EXPECT_EQ(Ok(Read([&](Transaction& tx) { return tx.GetStudent(world.student); })).version, 1);
  }
  FaultInjectingStore past_the_end(*store_, kSteps + 1);
  EXPECT_TRUE(past_the_end.Write(work).has_value());
  EXPECT_EQ(CountOf(RecordKind::kStudent), 2);
}

TEST_P(StoreContract, concurrent_writers_lose_nothing) {
  World world = Seed();
  constexpr int kThreads = 8;
  constexpr int kWritesEach = 200;
  std::vector<std::vector<Id>> ids(kThreads);
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kWritesEach; ++i) {
        Guardian guardian = MakeGuardian(world.district);
        guardian.source_id = "g-" + std::to_string(t) + "-" + std::to_string(i);
        auto id = Write([&](Transaction& tx) { return tx.Insert(guardian); });
        if (id) ids[t].push_back(*id);
      }
    });
  }
  for (std::thread& thread : threads) thread.join();
  std::set<Id> distinct;
  for (const auto& list : ids) distinct.insert(list.begin(), list.end());
  EXPECT_EQ(distinct.size(), static_cast<std::size_t>(kThreads * kWritesEach));
  EXPECT_EQ(CountOf(RecordKind::kGuardian), kThreads * kWritesEach);
}

TEST_P(StoreContract, readers_run_beside_a_writer_and_see_whole_transactions) {
  World world = Seed();
  std::atomic<bool> done = false;
  std::atomic<int> torn = 0;
  std::thread writer([&] {
    for (int i = 0; i < 50; ++i) {
      // Each transaction adds a student and their enrolment together.
      (void)store_->Write([&](Transaction& tx) -> Result<void> {
        Id student = PARAPLAN_TRY(
            tx.Insert(MakeStudent(world.school, std::nullopt, "r" + std::to_string(i))));
        PARAPLAN_TRY(tx.Insert(MakeEnrolment(student, world.section)));
        return {};
      });
    }
    done = true;
  });
  while (!done) {
    (void)store_->Read([&](Transaction& tx) -> Result<void> {
      std::int64_t students = PARAPLAN_TRY(tx.Count(RecordKind::kStudent));
      std::int64_t enrolments = PARAPLAN_TRY(tx.Count(RecordKind::kEnrolment));
      if (students != enrolments + 1) ++torn;
      return {};
    });
  }
  writer.join();
  EXPECT_EQ(torn, 0);
  EXPECT_EQ(CountOf(RecordKind::kEnrolment), 50);
}

TEST_P(StoreContract, reopening_keeps_everything) {
  World world = Seed();
  Id iep = Insert(MakeIep(world.student, world.special_educator));
  Iep before = Ok(Read([&](Transaction& tx) { return tx.GetIep(iep); }));
  Reopen();
  Iep after = Ok(Read([&](Transaction& tx) { return tx.GetIep(iep); }));
  EXPECT_TRUE(Same(before, after));
  EXPECT_EQ(CountOf(RecordKind::kStaff), 3);
  EXPECT_EQ(store_->SchemaVersion(), static_cast<int>(Migrations().size()));
}

TEST_P(StoreContract, database_one_migration_behind_migrates_and_keeps_its_data) {
  const int latest = static_cast<int>(Migrations().size());
  store_.reset();
  database_ = GetParam().create();
  store_ = Ok(database_->Open(latest - 1));
  ASSERT_EQ(store_->SchemaVersion(), latest - 1);
  // The roster tables come with the first migration, so a database one
  // migration behind can hold a district.
  Id district = Insert(MakeDistrict("old"));
  Reopen();
  EXPECT_EQ(store_->SchemaVersion(), latest);
  District got = Ok(Read([&](Transaction& tx) { return tx.GetDistrict(district); }));
  EXPECT_EQ(got.source_id, "old");
}

TEST_P(StoreContract, populated_database_passes_the_integrity_check) {
  World world = Seed();
  Insert(MakeIep(world.student, world.special_educator));
  Insert(MakeEnrolment(world.student, world.section));
  auto checked = store_->CheckIntegrity();
  EXPECT_TRUE(checked.has_value()) << checked.error().message;
}

// --- Statements sent later (ExecuteLater) ----------------------------------------------

std::int64_t CountDistricts(sql::Session& session) {
  auto rows = session.Query("SELECT COUNT(*) FROM district", {});
  if (!rows || rows->size() != 1) return -1;
  const auto* count = std::get_if<std::int64_t>(&rows->front().front());
  return count ? *count : -1;
}

// The districts a committed read sees (-1 if the read fails).
std::int64_t DistrictsStored(SqlRunner& runner) {
  std::int64_t districts = -1;
  auto read = runner.RunRead([&](sql::Session& session) -> Result<void> {
    districts = CountDistricts(session);
    return {};
  });
  return read ? districts : -1;
}

TEST_P(StoreContract, statement_sent_later_is_seen_by_the_next_statement_of_its_write) {
  SqlRunner* runner = store_->sql_runner();
  ASSERT_NE(runner, nullptr);
  std::int64_t seen = 0;
  Ok(runner->RunWrite([&](sql::Session& session) -> Result<void> {
    PARAPLAN_TRY(session.ExecuteLater(
        "INSERT INTO district (name, lesson_plan_lead_days, version) VALUES (?, 5, 1)",
        {sql::Text("Later")}));
    seen = CountDistricts(session);
    return {};
  }));
  EXPECT_EQ(seen, 1);
}

TEST_P(StoreContract, statement_sent_later_that_fails_fails_the_whole_write) {
  SqlRunner* runner = store_->sql_runner();
  ASSERT_NE(runner, nullptr);
  auto written = runner->RunWrite([&](sql::Session& session) -> Result<void> {
    PARAPLAN_TRY(session.Execute(
        "INSERT INTO district (id, name, lesson_plan_lead_days, version) VALUES (77, ?, 5, 1)",
        {sql::Text("First")}));
    // The same id again: refused whenever the backend runs it, at once or
    // with the commit.
    PARAPLAN_TRY(session.ExecuteLater(
        "INSERT INTO district (id, name, lesson_plan_lead_days, version) VALUES (77, ?, 5, 1)",
        {sql::Text("Second")}));
    return {};
  });
  ASSERT_FALSE(written.has_value());
  EXPECT_EQ(written.error().code, ErrorCode::kAlreadyExists) << written.error().message;
  EXPECT_EQ(DistrictsStored(*runner), 0);
}

TEST_P(StoreContract, rows_sent_later_together_that_collide_fail_the_whole_write) {
  SqlRunner* runner = store_->sql_runner();
  ASSERT_NE(runner, nullptr);
  auto written = runner->RunWrite([&](sql::Session& session) -> Result<void> {
    // Two of the same row insert in a row: PostgreSQL sends them as one
    // multi-row insert, which the repeated id makes fail.
    for (const char* name : {"First", "Second"}) {
      PARAPLAN_TRY(session.ExecuteLater(
          "INSERT INTO district (id, name, lesson_plan_lead_days, version) VALUES (78, ?, 5, 1)",
          {sql::Text(name)}));
    }
    return {};
  });
  ASSERT_FALSE(written.has_value());
  EXPECT_EQ(written.error().code, ErrorCode::kAlreadyExists) << written.error().message;
  EXPECT_EQ(DistrictsStored(*runner), 0);
}

TEST_P(StoreContract, source_ids_written_earlier_in_a_write_are_found_and_kept_unique) {
  World world = Seed();
  auto written = Write([&](Transaction& tx) -> Result<void> {
    if (PARAPLAN_TRY(tx.FindBySourceId(RecordKind::kStudent, world.district, "twice"))) {
      return Fail(Error::Internal("found a student before inserting one"));
    }
    Id first = PARAPLAN_TRY(tx.Insert(MakeStudent(world.school, std::nullopt, "twice")));
    if (PARAPLAN_TRY(tx.FindBySourceId(RecordKind::kStudent, world.district, "twice")) != first) {
      return Fail(Error::Internal("did not find the student just inserted"));
    }
    Student renamed = PARAPLAN_TRY(tx.GetStudent(first));
    renamed.source_id = "renamed";
    PARAPLAN_TRY(tx.Update(renamed));
    if (PARAPLAN_TRY(tx.FindBySourceId(RecordKind::kStudent, world.district, "twice"))) {
      return Fail(Error::Internal("found the student by the source id it gave up"));
    }
    PARAPLAN_TRY(tx.Insert(MakeStudent(world.school, std::nullopt, "renamed")));
    return {};
  });
  ASSERT_FALSE(written.has_value());
  EXPECT_EQ(written.error().code, ErrorCode::kAlreadyExists) << written.error().message;
  EXPECT_TRUE(HasField(written.error(), "source_id")) << written.error().message;
}

TEST_P(StoreContract, record_deleted_earlier_in_a_write_can_no_longer_be_referenced) {
  World world = Seed();
  auto written = Write([&](Transaction& tx) -> Result<void> {
    Id student = PARAPLAN_TRY(tx.Insert(MakeStudent(world.school, std::nullopt, "gone")));
    PARAPLAN_TRY(tx.Delete(RecordKind::kStudent, student));
    PARAPLAN_TRY(tx.Insert(
        Enrolment{0, student, world.section, *Date::Parse("2026-09-01"), std::nullopt, 0}));
    return {};
  });
  ASSERT_FALSE(written.has_value());
  EXPECT_TRUE(HasField(written.error(), "student_id", "no such student"))
      << written.error().message;
}

TEST_P(StoreContract, student_inserted_and_given_a_day_twice_in_one_write_reads_back) {
  World world = Seed();
  Id student = 0;
  StudentDay day;
  day.blocks = {DayBlock{Weekday::kTuesday,
                         {TimeOfDay::At(9, 0), TimeOfDay::At(9, 50)},
                         world.section,
                         world.room,
                         "Reading",
                         SupportLevel::kAdultSupport,
                         {Skill::kAac},
                         false}};
  Ok(Write([&](Transaction& tx) -> Result<void> {
    student = PARAPLAN_TRY(tx.Insert(MakeStudent(world.school, std::nullopt, "new")));
    day.student_id = student;
    day.version = PARAPLAN_TRY(tx.Put(day));
    day.blocks.front().activity = "Writing";
    day.version = PARAPLAN_TRY(tx.Put(day));
    return {};
  }));
  StudentDay got = Ok(Read([&](Transaction& tx) { return tx.GetStudentDay(student); }));
  EXPECT_EQ(got.version, 2);
  EXPECT_EQ(got.blocks, day.blocks);
}

TEST_P(StoreContract, integrity_check_finds_a_row_filed_under_another_district) {
  World home = Seed("home-");
  World other = Seed("other-");
  SqlRunner* runner = store_->sql_runner();
  ASSERT_NE(runner, nullptr);
  Ok(runner->RunWrite([&](sql::Session& session) -> Result<void> {
    PARAPLAN_TRY(
        session.Execute("UPDATE student SET district_id = ?, source_id = NULL WHERE id = ?",
                        {sql::Int(other.district), sql::Int(home.student)}));
    return {};
  }));
  auto checked = store_->CheckIntegrity();
  ASSERT_FALSE(checked.has_value());
  EXPECT_EQ(checked.error().code, ErrorCode::kInternal);
  EXPECT_NE(checked.error().message.find("student"), std::string::npos) << checked.error().message;
}

// --- Tenant isolation -------------------------------------------------------------------

TEST_P(StoreContract, district_scoped_read_without_a_district_filter_sees_only_its_district) {
  if (!store_->EnforcesDistrictIsolation())
    GTEST_SKIP() << "this backend has no row-level security";
  World home = Seed("home-");
  World other = Seed("other-");
  std::vector<Student> students;
  std::int64_t staff = 0;
  Result<Student> foreign = Fail(Error::Internal("not read"));
  auto read = store_->ReadInDistrict(home.district, [&](Transaction& tx) -> Result<void> {
    // The application "forgot" its district filter in every call below.
    students = PARAPLAN_TRY(tx.ListStudents(StudentFilter{}));
    staff = PARAPLAN_TRY(tx.Count(RecordKind::kStaff));
    foreign = tx.GetStudent(other.student);
    return {};
  });
  ASSERT_TRUE(read.has_value()) << read.error().message;
  ASSERT_EQ(students.size(), 1u);
  EXPECT_EQ(students[0].id, home.student);
  EXPECT_EQ(staff, 3);
  ASSERT_FALSE(foreign.has_value());
  EXPECT_EQ(foreign.error().code, ErrorCode::kNotFound);
}

TEST_P(StoreContract, district_scoped_write_cannot_touch_another_district) {
  if (!store_->EnforcesDistrictIsolation())
    GTEST_SKIP() << "this backend has no row-level security";
  World home = Seed("home-");
  World other = Seed("other-");
  auto inserted = store_->WriteInDistrict(home.district, [&](Transaction& tx) -> Result<void> {
    PARAPLAN_TRY(tx.Insert(MakeStudent(other.school, std::nullopt, "intruder")));
    return {};
  });
  ASSERT_FALSE(inserted.has_value());
  EXPECT_TRUE(HasField(inserted.error(), "school_id", "no such school"));
  auto deleted = store_->WriteInDistrict(home.district, [&](Transaction& tx) -> Result<void> {
    return tx.Delete(RecordKind::kSection, other.section);
  });
  ASSERT_FALSE(deleted.has_value());
  EXPECT_EQ(deleted.error().code, ErrorCode::kNotFound);
  EXPECT_EQ(CountOf(RecordKind::kSection), 2);
}

INSTANTIATE_TEST_SUITE_P(Backends, StoreContract, ::testing::ValuesIn(testing::Backends()),
                         [](const ::testing::TestParamInfo<Backend>& param) {
                           return param.param.name;
                         });

}  // namespace
}  // namespace paraplan
