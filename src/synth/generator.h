// The synthetic district generator: a whole district (schools, rooms,
// calendars, staff, sections, students, enrolments, guardians, IEPs and the
// days of the students with IEPs) from a seed, with the proportions a special
// education director would recognise.
//
// The same spec and seed give the same records on every platform: all
// randomness comes from synth::Random, and each school draws from its own
// seeded streams, so a school's records do not depend on batch sizes or on
// the other schools.
//
// Generation is streamed. The district frame comes first, then for each
// school its frame (rooms, calendar, staff, sections) and its students in
// batches. Ids are assigned by whoever stores the records (a Sink), so frames
// carry references inside a school as indexes until the sink binds them.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "domain/error.h"
#include "domain/model.h"
#include "synth/random.h"

namespace paraplan::synth {

// The school year generated districts use unless told otherwise. Fixed, not
// taken from the clock, so that a seed means the same district in any year.
inline constexpr int kDefaultSchoolYear = 2026;

struct DistrictSpec {
  std::string name = "Riverbend Public Schools";
  int students = 400;
  int schools = 2;
  std::uint64_t seed = 1;
  int school_year = kDefaultSchoolYear;  // the calendar year the school year starts in
  // The day the district is seen from (the demo's today): every IEP is in
  // force on it, begun up to 300 days before. Without it, IEPs begin up to
  // 300 days before the school year's first day.
  std::optional<Date> as_of;
};

// The demo district: an elementary and a high school, a few hundred students.
DistrictSpec DemoSpec(std::uint64_t seed);

// Every problem with a spec, each naming its field.
Result<void> CheckSpec(const DistrictSpec& spec);

enum class SchoolLevel { kElementary, kMiddle, kHigh };
std::string_view NameOf(SchoolLevel level);

// What a block of the school day is for; services attach to blocks by subject.
enum class Subject {
  kReading,
  kWriting,
  kEnglish,
  kMath,
  kScience,
  kSocialStudies,
  kSpecials,
  kPhysicalEducation,
  kElective,
  kIntervention,
  kLunch,
};

struct SchoolPlan {
  SchoolLevel level = SchoolLevel::kElementary;
  std::string name;
  int students = 0;
};

// A section before it is stored: its teacher and room are indexes into the
// school frame's staff and rooms until SchoolFrame::BindReferences.
struct SectionDraft {
  Section section;
  std::size_t teacher = 0;
  std::size_t room = 0;
  Subject subject = Subject::kReading;
};

struct DistrictFrame {
  District district;
  // District-level staff: related service providers shared by the schools.
  std::vector<Staff> staff;

  // Sets the district's id on its own records.
  void BindDistrict(Id district_id);
};

struct SchoolFrame {
  std::size_t index = 0;  // position of the school in the district
  SchoolPlan plan;
  School school;
  std::vector<Room> rooms;
  SchoolCalendar calendar;
  std::vector<Staff> staff;
  std::vector<SectionDraft> sections;

  // Students per grade (from the school's lowest grade up) and, per grade and
  // track (homeroom or schedule rotation), the sections a student takes.
  std::vector<int> students_per_grade;
  std::vector<std::vector<std::vector<std::size_t>>> track_sections;
  std::vector<std::size_t> case_managers;  // indexes of the special educators
  std::size_t cafeteria = 0;               // room indexes
  std::size_t nurse_office = 0;
  std::vector<std::size_t> resource_rooms;
  TimeSpan lunch;

  // Sets the school's id on the school's own records.
  void BindSchool(Id school_id);
  // Sets the sections' teacher and room ids; call after rooms and staff are
  // stored and carry their ids.
  void BindReferences();
};

struct GuardianRecord {
  Guardian guardian;
  GuardianRelation relation = GuardianRelation::kGuardian;
  bool custody_restricted = false;
};

// One student with everything that hangs off them. The student's own id is
// unknown until stored; BindStudent sets it on the dependent records.
struct StudentRecord {
  Student student;
  std::vector<Enrolment> enrolments;
  std::vector<GuardianRecord> guardians;
  std::optional<Iep> iep;
  std::optional<StudentDay> day;  // for students with an IEP

  void BindStudent(Id student_id);
};

// Where generated records go. Each call stores its records and sets their ids
// (in place); PutStudents is one unit of work, so that a process killed
// between calls leaves every batch either fully stored or absent.
class Sink {
 public:
  virtual ~Sink() = default;
  virtual Result<void> PutDistrict(DistrictFrame& frame) = 0;
  virtual Result<void> PutSchool(SchoolFrame& frame) = 0;
  virtual Result<void> PutStudents(std::span<StudentRecord> batch) = 0;
};

class Generator {
 public:
  static Result<Generator> Create(DistrictSpec spec);

  const DistrictSpec& spec() const { return spec_; }
  const std::vector<SchoolPlan>& schools() const { return schools_; }

  DistrictFrame MakeDistrict() const;
  // The frame of school `index`; the sink fills in the ids.
  SchoolFrame MakeSchool(std::size_t index, Id district_id) const;

  // Produces a school's students in order, in batches of any size. The frame
  // must be bound (ids set) and outlive the stream.
  class StudentStream {
   public:
    StudentStream(const DistrictSpec& spec, const SchoolFrame& frame);
    int remaining() const { return frame_->plan.students - next_; }
    std::vector<StudentRecord> Next(int count);

   private:
    StudentRecord MakeStudent();

    const DistrictSpec* spec_;
    const SchoolFrame* frame_;
    Random random_;
    int next_ = 0;
    int ieps_ = 0;
  };

  StudentStream Students(const SchoolFrame& frame) const { return StudentStream(spec_, frame); }

 private:
  explicit Generator(DistrictSpec spec, std::vector<SchoolPlan> schools)
      : spec_(std::move(spec)), schools_(std::move(schools)) {}

  DistrictSpec spec_;
  std::vector<SchoolPlan> schools_;
};

struct Progress {
  int students_done = 0;
  int students_total = 0;
  int schools_done = 0;
  int schools_total = 0;
};

// How many records of each kind a run produced.
struct GenerateCounts {
  std::int64_t schools = 0;
  std::int64_t rooms = 0;
  std::int64_t calendars = 0;
  std::int64_t staff = 0;
  std::int64_t sections = 0;
  std::int64_t students = 0;
  std::int64_t enrolments = 0;
  std::int64_t guardians = 0;
  std::int64_t guardian_links = 0;
  std::int64_t ieps = 0;
  std::int64_t student_days = 0;
  std::int64_t day_blocks = 0;

  // Records as the store counts them: one per Insert, Link or Put.
  std::int64_t Records() const {
    return 1 + schools + rooms + calendars + staff + sections + students + enrolments +
           guardians + guardian_links + ieps + student_days;
  }
};

inline constexpr int kDefaultBatchSize = 1000;

// Generates the whole district into `sink`, school by school and in batches
// of `batch_size` students, calling `progress` after each batch.
Result<GenerateCounts> Generate(const DistrictSpec& spec, Sink& sink,
                                const std::function<void(const Progress&)>& progress = {},
                                int batch_size = kDefaultBatchSize);

}  // namespace paraplan::synth
