#include "synth/generator.h"

#include <algorithm>
#include <array>
#include <chrono>
#include <cmath>
#include <map>
#include <tuple>
#include <string_view>

#include <fmt/format.h>

#include "domain/validation.h"
#include "synth/detail.h"
#include "synth/names.h"

namespace paraplan::synth {

using namespace std::string_view_literals;

namespace detail {

Grade LowestGrade(SchoolLevel level) {
  switch (level) {
    case SchoolLevel::kElementary: return Grade::kK;
    case SchoolLevel::kMiddle: return Grade::k6;
    case SchoolLevel::kHigh: return Grade::k9;
  }
  return Grade::kK;
}

Grade HighestGrade(SchoolLevel level) {
  switch (level) {
    case SchoolLevel::kElementary: return Grade::k5;
    case SchoolLevel::kMiddle: return Grade::k8;
    case SchoolLevel::kHigh: return Grade::k12;
  }
  return Grade::k5;
}

std::string GradeLabel(Grade grade) {
  if (grade == Grade::kK) return "Kindergarten";
  return fmt::format("Grade {}", NameOf(grade));
}

std::string AsciiSlug(std::string_view text) {
  std::string slug;
  for (char c : text) {
    if (c >= 'A' && c <= 'Z') slug.push_back(static_cast<char>(c - 'A' + 'a'));
    if (c >= 'a' && c <= 'z') slug.push_back(c);
  }
  return slug.empty() ? "family" : slug;
}

namespace {

using std::chrono::year;
using std::chrono::year_month_day;

// The n-th (1-based) given weekday of a month.
Date NthWeekday(int y, unsigned month, std::chrono::weekday weekday, unsigned n) {
  const std::chrono::year_month_weekday ymw = year{y} / std::chrono::month{month} / weekday[n];
  return Date(year_month_day{std::chrono::sys_days{ymw}});
}

Date LastWeekday(int y, unsigned month, std::chrono::weekday weekday) {
  const std::chrono::year_month_weekday_last ymwl =
      year{y} / std::chrono::month{month} / weekday[std::chrono::last];
  return Date(year_month_day{std::chrono::sys_days{ymwl}});
}

Date Ymd(int y, unsigned month, unsigned day) {
  return Date(year_month_day{year{y}, std::chrono::month{month}, std::chrono::day{day}});
}

}  // namespace

Date FirstSchoolDay(int school_year) {
  return NthWeekday(school_year, 9, std::chrono::Monday, 1).AddDays(1);
}

}  // namespace detail

namespace {

using detail::GradeAt;
using detail::GradeLabel;

constexpr auto kPlaceNames = std::to_array({
    "Maple Grove"sv, "Lincoln"sv,   "Cedar Ridge"sv, "Lakeview"sv,   "Prairie Creek"sv,
    "Riverside"sv,   "Oak Hill"sv,  "Sunnyside"sv,   "Pinecrest"sv,  "Willow Bend"sv,
    "Eastwood"sv,    "Highland"sv,  "Birchwood"sv,   "Franklin"sv,   "Stonebridge"sv,
    "Meadowbrook"sv, "Fairview"sv,  "Hawthorne"sv,   "Northview"sv,  "Roosevelt"sv,
});

std::string SchoolName(SchoolLevel level, std::size_t ordinal) {
  std::string_view place = kPlaceNames[ordinal % kPlaceNames.size()];
  std::string_view suffix = level == SchoolLevel::kElementary ? "Elementary"
                            : level == SchoolLevel::kMiddle   ? "Middle School"
                                                              : "High School";
  std::size_t round = ordinal / kPlaceNames.size();
  if (round == 0) return fmt::format("{} {}", place, suffix);
  return fmt::format("{} {} {}", place, suffix, round + 1);
}

// Relative enrolment by level: high schools are larger than elementaries.
double LevelWeight(SchoolLevel level) {
  switch (level) {
    case SchoolLevel::kElementary: return 1.0;
    case SchoolLevel::kMiddle: return 1.6;
    case SchoolLevel::kHigh: return 2.4;
  }
  return 1.0;
}

std::vector<SchoolPlan> PlanSchools(const DistrictSpec& spec) {
  const int total = spec.schools;
  int high = total >= 2 ? std::max(1, static_cast<int>(std::lround(total * 0.2))) : 0;
  int middle = total >= 3 ? std::max(1, static_cast<int>(std::lround(total * 0.2))) : 0;
  int elementary = total - high - middle;

  std::vector<SchoolPlan> plans;
  std::array<std::size_t, 3> ordinal{};
  auto add = [&](SchoolLevel level, int count) {
    for (int i = 0; i < count; ++i) {
      std::size_t& next = ordinal[static_cast<std::size_t>(level)];
      plans.push_back({level, SchoolName(level, next++), 0});
    }
  };
  add(SchoolLevel::kElementary, elementary);
  add(SchoolLevel::kMiddle, middle);
  add(SchoolLevel::kHigh, high);

  // Share the students by level weight with a little variation per school.
  Random random(DeriveSeed(spec.seed, detail::kPlanStream));
  std::vector<double> weights;
  double sum = 0;
  for (const SchoolPlan& plan : plans) {
    weights.push_back(LevelWeight(plan.level) * (0.9 + 0.2 * random.Unit()));
    sum += weights.back();
  }
  int assigned = 0;
  for (std::size_t i = 0; i < plans.size(); ++i) {
    plans[i].students = static_cast<int>(std::floor(spec.students * weights[i] / sum));
    assigned += plans[i].students;
  }
  for (std::size_t i = 0; assigned < spec.students; i = (i + 1) % plans.size(), ++assigned) {
    ++plans[i].students;
  }
  return plans;
}

// --- Staff ------------------------------------------------------------------

struct StaffFactory {
  Random& random;
  std::string domain;  // email domain of the district
  std::string id_prefix;
  Date first_day;
  // Staff numbers start here (district staff from 1, school i from
  // 100000 + 1000 i), so that email addresses, the staff's sign-in names,
  // are unique across the district.
  int next = 0;

  Staff Make(StaffRole role) {
    const LanguageNames& names = English();
    Staff staff;
    staff.first_name = std::string(random.Pick(names.first_names));
    staff.last_name = std::string(random.Pick(names.last_names));
    ++next;
    staff.email = fmt::format("{}.{}{}@{}", detail::AsciiSlug(staff.first_name),
                              detail::AsciiSlug(staff.last_name), next, domain);
    staff.role = role;
    staff.source_id = fmt::format("{}E{}", id_prefix, next);
    return staff;
  }

  Credential License(CredentialKind kind, std::string_view prefix) {
    // Licences renew every few years; a few lapse during the school year.
    int days = random.Chance(0.04) ? random.Between(-60, 150) : random.Between(200, 1800);
    return {kind, fmt::format("{}-{:06}", prefix, random.Between(1, 999999)),
            first_day.AddDays(days)};
  }
};

std::vector<FundingShare> ParaFunding(Random& random) {
  switch (random.Weighted(std::to_array({0.35, 0.30, 0.20, 0.15}))) {
    case 0: return {{"IDEA Part B", 100}};
    case 1: return {{"IDEA Part B", 70}, {"Title I", 30}};
    case 2: return {{"IDEA Part B", 60}, {"General fund", 40}};
    default: return {{"Title I", 50}, {"General fund", 50}};
  }
}

std::vector<Skill> ParaSkills(Random& random) {
  constexpr auto kSkills = std::to_array<std::pair<Skill, double>>({
      {Skill::kBehaviorPlan, 0.5},
      {Skill::kReadingIntervention, 0.4},
      {Skill::kMathIntervention, 0.35},
      {Skill::kPersonalCare, 0.3},
      {Skill::kSocialSkillsInstruction, 0.25},
      {Skill::kAac, 0.2},
      {Skill::kHealthProcedure, 0.1},
      {Skill::kFeeding, 0.1},
      {Skill::kMobilityAndLifting, 0.1},
  });
  std::vector<Skill> skills;
  for (const auto& [skill, share] : kSkills) {
    if (random.Chance(share)) skills.push_back(skill);
  }
  if (skills.empty()) skills.push_back(Skill::kBehaviorPlan);
  return skills;
}

// What a school trains its paras in beyond their own mix, so that the skills
// its students' days ask for are all held by someone: its first para is the
// lead, trained in everything a one-to-one student may need; the others take
// two of the interventions most asked for, in turn. Draws nothing, so the
// rest of the district is what the seed made it.
std::vector<Skill> SchoolTraining(int para) {
  if (para == 0) {
    return {Skill::kBehaviorPlan, Skill::kReadingIntervention, Skill::kMathIntervention,
            Skill::kPersonalCare, Skill::kSocialSkillsInstruction, Skill::kAac};
  }
  switch ((para - 1) % 3) {
    case 0: return {Skill::kReadingIntervention, Skill::kMathIntervention};
    case 1: return {Skill::kBehaviorPlan, Skill::kReadingIntervention};
    default: return {Skill::kMathIntervention, Skill::kSocialSkillsInstruction};
  }
}

// --- Sections -----------------------------------------------------------------

struct Course {
  std::string_view name;
  std::string_view code;
  Subject subject;
};

TimeSpan Span(int start_hour, int start_minute, int end_hour, int end_minute) {
  return {TimeOfDay::At(start_hour, start_minute), TimeOfDay::At(end_hour, end_minute)};
}

std::vector<Meeting> EveryWeekday(TimeSpan span) {
  std::vector<Meeting> meetings;
  for (Weekday day : {Weekday::kMonday, Weekday::kTuesday, Weekday::kWednesday,
                      Weekday::kThursday, Weekday::kFriday}) {
    meetings.push_back({day, span});
  }
  return meetings;
}

// Secondary periods 1-7 with lunch after period 4.
constexpr std::array<std::array<int, 4>, 7> kPeriods = {{
    {7, 45, 8, 35},
    {8, 40, 9, 30},
    {9, 35, 10, 25},
    {10, 30, 11, 20},
    {12, 0, 12, 50},
    {12, 55, 13, 45},
    {13, 50, 14, 40},
}};

std::vector<Course> SecondaryCore(Grade grade) {
  switch (grade) {
    case Grade::k6: return {{"English 6", "ENG6", Subject::kEnglish}, {"Math 6", "MATH6", Subject::kMath}, {"Science 6", "SCI6", Subject::kScience}, {"Social Studies 6", "SOC6", Subject::kSocialStudies}, {"Physical Education 6", "PE6", Subject::kPhysicalEducation}};
    case Grade::k7: return {{"English 7", "ENG7", Subject::kEnglish}, {"Math 7", "MATH7", Subject::kMath}, {"Life Science", "SCI7", Subject::kScience}, {"Minnesota Studies", "SOC7", Subject::kSocialStudies}, {"Physical Education 7", "PE7", Subject::kPhysicalEducation}};
    case Grade::k8: return {{"English 8", "ENG8", Subject::kEnglish}, {"Pre-Algebra", "MATH8", Subject::kMath}, {"Physical Science", "SCI8", Subject::kScience}, {"US History to 1877", "SOC8", Subject::kSocialStudies}, {"Physical Education 8", "PE8", Subject::kPhysicalEducation}};
    case Grade::k9: return {{"English 9", "ENG9", Subject::kEnglish}, {"Algebra I", "ALG1", Subject::kMath}, {"Biology", "BIO", Subject::kScience}, {"World History", "WHIST", Subject::kSocialStudies}, {"Physical Education", "PE9", Subject::kPhysicalEducation}};
    case Grade::k10: return {{"English 10", "ENG10", Subject::kEnglish}, {"Geometry", "GEOM", Subject::kMath}, {"Chemistry", "CHEM", Subject::kScience}, {"US History", "USHIST", Subject::kSocialStudies}, {"Health", "HLTH", Subject::kPhysicalEducation}};
    case Grade::k11: return {{"English 11", "ENG11", Subject::kEnglish}, {"Algebra II", "ALG2", Subject::kMath}, {"Physics", "PHYS", Subject::kScience}, {"Government", "GOV", Subject::kSocialStudies}, {"Lifetime Fitness", "FIT", Subject::kPhysicalEducation}};
    default: return {{"English 12", "ENG12", Subject::kEnglish}, {"Statistics", "STAT", Subject::kMath}, {"Environmental Science", "ENVS", Subject::kScience}, {"Economics", "ECON", Subject::kSocialStudies}, {"Physical Education 12", "PE12", Subject::kPhysicalEducation}};
  }
}

constexpr auto kElectives = std::to_array<Course>({
    {"Art", "ART", Subject::kElective},
    {"Spanish", "SPAN", Subject::kElective},
    {"Band", "BAND", Subject::kElective},
    {"Choir", "CHOIR", Subject::kElective},
    {"Computer Science", "CS", Subject::kElective},
    {"Creative Writing", "CWRI", Subject::kElective},
    {"Theater", "THEA", Subject::kElective},
    {"Engineering and Design", "ENGR", Subject::kElective},
    {"Psychology", "PSYC", Subject::kElective},
    {"French", "FREN", Subject::kElective},
    {"Study Skills", "STUDY", Subject::kElective},
    {"Culinary Arts", "CULN", Subject::kElective},
});

int Department(Subject subject) { return static_cast<int>(subject); }

class FrameBuilder {
 public:
  FrameBuilder(const DistrictSpec& spec, const SchoolPlan& plan, std::size_t index,
               Id district_id)
      : spec_(spec),
        random_(DeriveSeed(spec.seed, detail::SchoolFrameStream(index))),
        staff_(StaffFactory{random_, fmt::format("{}.example.org", DistrictSlug(spec)),
                            fmt::format("S{:03}", index + 1),
                            detail::FirstSchoolDay(spec.school_year),
                            100000 + static_cast<int>(index) * 1000}) {
    frame_.index = index;
    frame_.plan = plan;
    district_id_ = district_id;
  }

  SchoolFrame Build() {
    MakeSchool();
    MakeCalendar();
    SplitGrades();
    MakeCommonRooms();
    AddStaff(StaffRole::kAdministrator);
    if (frame_.plan.students > 700) AddStaff(StaffRole::kAdministrator);
    if (frame_.plan.level == SchoolLevel::kElementary) {
      MakeElementarySections();
    } else {
      MakeSecondarySections();
    }
    MakeSpecialEducation();
    return std::move(frame_);
  }

  static std::string DistrictSlug(const DistrictSpec& spec) {
    std::string slug;
    for (char c : spec.name) {
      if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) slug.push_back(c);
      if (c >= 'A' && c <= 'Z') slug.push_back(static_cast<char>(c - 'A' + 'a'));
    }
    return slug.empty() ? "district" : slug;
  }

 private:
  void MakeSchool() {
    School& school = frame_.school;
    school.district_id = district_id_;
    school.name = frame_.plan.name;
    school.lowest_grade = detail::LowestGrade(frame_.plan.level);
    school.highest_grade = detail::HighestGrade(frame_.plan.level);
    school.day = frame_.plan.level == SchoolLevel::kElementary ? Span(8, 0, 14, 45)
                                                               : Span(7, 45, 14, 40);
    frame_.lunch = frame_.plan.level == SchoolLevel::kElementary ? Span(11, 15, 12, 0)
                                                                 : Span(11, 20, 11, 55);
    school.source_id = fmt::format("S{:03}", frame_.index + 1);
  }

  void MakeCalendar() {
    using std::chrono::Friday;
    using std::chrono::Monday;
    using std::chrono::Thursday;
    const int y = spec_.school_year;
    SchoolCalendar& calendar = frame_.calendar;
    calendar.name = fmt::format("{}-{}", y, y + 1);
    calendar.first_day = detail::FirstSchoolDay(y);
    calendar.last_day = detail::NthWeekday(y + 1, 6, Friday, 2);
    std::vector<Date> off;
    auto add_range = [&](Date from, Date to) {
      for (Date day = from; day <= to; day = day.AddDays(1)) {
        if (day.IsoWeekday() <= 5) off.push_back(day);
      }
    };
    // Staff development days in the third week of October.
    Date october = detail::NthWeekday(y, 10, Thursday, 3);
    add_range(october, october.AddDays(1));
    Date thanksgiving = detail::NthWeekday(y, 11, Thursday, 4);
    add_range(thanksgiving.AddDays(-1), thanksgiving.AddDays(1));
    add_range(detail::Ymd(y, 12, 23), detail::Ymd(y + 1, 1, 1));
    off.push_back(detail::NthWeekday(y + 1, 1, Monday, 3));  // Martin Luther King Jr. Day
    off.push_back(detail::NthWeekday(y + 1, 2, Monday, 3));  // Presidents' Day
    Date spring = detail::LastWeekday(y + 1, 3, Monday);
    add_range(spring, spring.AddDays(4));
    off.push_back(detail::LastWeekday(y + 1, 5, Monday));  // Memorial Day
    calendar.non_instructional_days = std::move(off);
  }

  void SplitGrades() {
    const int grades = detail::GradeNumber(frame_.school.highest_grade) -
                       detail::GradeNumber(frame_.school.lowest_grade) + 1;
    const int total = frame_.plan.students;
    frame_.students_per_grade.assign(static_cast<std::size_t>(grades), total / grades);
    for (int i = 0; i < total % grades; ++i) ++frame_.students_per_grade[static_cast<std::size_t>(i)];
    frame_.track_sections.resize(static_cast<std::size_t>(grades));
  }

  std::size_t AddRoom(std::string name, int capacity) {
    Room room;
    room.name = std::move(name);
    room.capacity = capacity;
    frame_.rooms.push_back(std::move(room));
    return frame_.rooms.size() - 1;
  }

  void MakeCommonRooms() {
    frame_.cafeteria = AddRoom("Cafeteria", 300);
    frame_.nurse_office = AddRoom("Health Office", 6);
    AddRoom("Library", 60);
  }

  std::size_t AddStaff(StaffRole role) {
    Staff staff = staff_.Make(role);
    staff.district_id = district_id_;
    const TimeSpan day = frame_.school.day;
    staff.work_hours = {TimeOfDay{day.start.minutes - 30}, TimeOfDay{day.end.minutes + 30}};
    switch (role) {
      case StaffRole::kAdministrator:
      case StaffRole::kGeneralEducator:
        staff.funding = {{"General fund", 100}};
        staff.credentials = {staff_.License(CredentialKind::kTeachingLicense, "TL")};
        break;
      case StaffRole::kSpecialEducator:
        staff.funding = random_.Chance(0.5)
                            ? std::vector<FundingShare>{{"IDEA Part B", 40}, {"General fund", 60}}
                            : std::vector<FundingShare>{{"State special education aid", 70},
                                                        {"General fund", 30}};
        staff.credentials = {staff_.License(CredentialKind::kTeachingLicense, "TL")};
        staff.skills = {Skill::kBehaviorPlan, Skill::kReadingIntervention,
                        Skill::kMathIntervention};
        break;
      case StaffRole::kParaeducator:
        staff.funding = ParaFunding(random_);
        staff.skills = ParaSkills(random_);
        // Most paras work the student day; some are part-time, mornings only.
        staff.work_hours = random_.Chance(0.85)
                               ? TimeSpan{TimeOfDay{day.start.minutes - 15},
                                          TimeOfDay{day.end.minutes + 15}}
                               : TimeSpan{TimeOfDay{day.start.minutes - 15},
                                          TimeOfDay{day.start.minutes + 5 * 60 + 45}};
        if (random_.Chance(0.96)) {
          staff.credentials.push_back(
              staff_.License(CredentialKind::kSpecialEducationProgramAide, "SEPA"));
        }
        if (random_.Chance(0.5)) {
          staff.credentials.push_back(staff_.License(CredentialKind::kCprFirstAid, "CPR"));
        }
        break;
      case StaffRole::kRelatedServiceProvider: break;
    }
    frame_.staff.push_back(std::move(staff));
    return frame_.staff.size() - 1;
  }

  std::size_t AddTeacherWithRoom(std::string room_name, int capacity) {
    std::size_t teacher = AddStaff(StaffRole::kGeneralEducator);
    std::size_t room = AddRoom(std::move(room_name), capacity);
    teacher_room_.resize(frame_.staff.size());
    teacher_room_[teacher] = room;
    return teacher;
  }

  std::size_t AddSection(std::string course, std::string code, Subject subject,
                         std::vector<Meeting> meetings, std::size_t teacher) {
    SectionDraft draft;
    draft.section.course = std::move(course);
    draft.section.code = std::move(code);
    draft.section.meetings = std::move(meetings);
    draft.section.source_id = fmt::format("{}-{}", frame_.school.source_id, draft.section.code);
    draft.teacher = teacher;
    draft.room = teacher_room_[teacher];
    draft.subject = subject;
    frame_.sections.push_back(std::move(draft));
    return frame_.sections.size() - 1;
  }

  // Elementary: each grade has homerooms of about 24 students. The homeroom
  // teacher teaches the core blocks; specials teachers rotate through the
  // grades, whose specials blocks are staggered so that no one is double-booked.
  void MakeElementarySections() {
    const auto& counts = frame_.students_per_grade;
    std::vector<int> homerooms;
    int most = 1;
    for (int count : counts) {
      homerooms.push_back(std::max(1, (count + 23) / 24));
      most = std::max(most, homerooms.back());
    }
    const std::array<std::string_view, 3> specials_rooms = {"Art Room", "Music Room", "Gymnasium"};
    std::vector<std::size_t> specials_teachers;
    for (int i = 0; i < 2 * most; ++i) {
      std::string room = i < 3 ? std::string(specials_rooms[static_cast<std::size_t>(i)])
                               : fmt::format("Specials Room {}", i - 2);
      specials_teachers.push_back(AddTeacherWithRoom(std::move(room), 30));
    }
    // Afternoon and late-morning slots; lunch and recess sit between A and B.
    const std::array<TimeSpan, 4> slots = {Span(10, 30, 11, 15), Span(12, 0, 12, 45),
                                           Span(12, 45, 13, 30), Span(13, 30, 14, 15)};
    int room_number = 101;
    for (std::size_t g = 0; g < counts.size(); ++g) {
      const Grade grade = GradeAt(SchoolLevel::kElementary, static_cast<int>(g));
      const std::string label = GradeLabel(grade);
      const std::string_view code_grade = grade == Grade::kK ? "K"sv : NameOf(grade);
      const std::size_t specials_slot = g % 4;
      for (int h = 0; h < homerooms[g]; ++h) {
        std::size_t teacher = AddTeacherWithRoom(fmt::format("Room {}", room_number++), 28);
        std::vector<std::size_t> track;
        auto add = [&](std::string_view course, std::string_view code, Subject subject,
                       TimeSpan span, std::size_t by) {
          track.push_back(AddSection(fmt::format("{} {}", label, course),
                                     fmt::format("{}{}-{:02}", code, code_grade, h + 1), subject,
                                     EveryWeekday(span), by));
        };
        add("Reading", "READ", Subject::kReading, Span(8, 0, 9, 30), teacher);
        add("Math", "MATH", Subject::kMath, Span(9, 30, 10, 30), teacher);
        const std::array<std::tuple<std::string_view, std::string_view, Subject>, 3> others = {{
            {"Writing", "WRIT", Subject::kWriting},
            {"Science", "SCI", Subject::kScience},
            {"Social Studies", "SOC", Subject::kSocialStudies},
        }};
        std::size_t other = 0;
        for (std::size_t slot = 0; slot < slots.size(); ++slot) {
          if (slot == specials_slot) {
            std::size_t specials = specials_teachers[(g / 4) * static_cast<std::size_t>(most) +
                                                     static_cast<std::size_t>(h)];
            add("Specials (Art, Music, PE)", "SPEC", Subject::kSpecials, slots[slot], specials);
          } else {
            const auto& [course, code, subject] = others[other++];
            add(course, code, subject, slots[slot], teacher);
          }
        }
        add("Intervention and Enrichment", "WIN", Subject::kIntervention, Span(14, 15, 14, 45),
            teacher);
        frame_.track_sections[g].push_back(std::move(track));
      }
    }
  }

  // Secondary: periods 1-7. Track t of a grade takes the five core courses at
  // periods rotated by t and two electives in the remaining periods, so every
  // track has a full, conflict-free day; teachers teach six of seven periods.
  void MakeSecondarySections() {
    const auto& counts = frame_.students_per_grade;
    struct Teacher {
      std::size_t staff;
      std::array<bool, 7> busy{};
      int load = 0;
    };
    std::vector<std::vector<Teacher>> departments(static_cast<std::size_t>(Subject::kLunch) + 1);
    int room_number = 101;
    auto teacher_for = [&](Subject subject, std::size_t period) {
      auto& department = departments[static_cast<std::size_t>(Department(subject))];
      for (Teacher& teacher : department) {
        if (!teacher.busy[period] && teacher.load < 6) {
          teacher.busy[period] = true;
          ++teacher.load;
          return teacher.staff;
        }
      }
      std::string room = subject == Subject::kPhysicalEducation
                             ? fmt::format("Gymnasium {}", department.size() + 1)
                             : fmt::format("Room {}", room_number++);
      Teacher added{AddTeacherWithRoom(std::move(room), 32), {}, 1};
      added.busy[period] = true;
      department.push_back(added);
      return added.staff;
    };
    std::map<std::string, int> section_numbers;
    for (std::size_t g = 0; g < counts.size(); ++g) {
      const Grade grade = GradeAt(frame_.plan.level, static_cast<int>(g));
      const int tracks = std::max(1, (counts[g] + 26) / 27);
      const std::vector<Course> core = SecondaryCore(grade);
      for (int t = 0; t < tracks; ++t) {
        std::vector<std::size_t> track(7);
        for (std::size_t c = 0; c < 7; ++c) {
          const std::size_t period = (c + static_cast<std::size_t>(t)) % 7;
          Course course = c < core.size()
                              ? core[c]
                              : kElectives[(g * 3 + static_cast<std::size_t>(t) * 2 + c) %
                                           kElectives.size()];
          std::string code = std::string(course.code);
          if (course.subject == Subject::kElective) code += NameOf(grade);
          const int number = ++section_numbers[code];
          const auto& p = kPeriods[period];
          track[period] = AddSection(
              std::string(course.name), fmt::format("{}-{:02}", code, number), course.subject,
              EveryWeekday(Span(p[0], p[1], p[2], p[3])), teacher_for(course.subject, period));
        }
        frame_.track_sections[g].push_back(std::move(track));
      }
    }
  }

  // Special educators (case managers, about 13 students with IEPs each),
  // resource rooms and paraeducators (about one per nine students with IEPs).
  void MakeSpecialEducation() {
    const double expected_ieps = frame_.plan.students * 0.15;
    const int special_educators = std::max(1, static_cast<int>(std::lround(expected_ieps / 13)));
    const int paras = std::max(1, static_cast<int>(std::lround(expected_ieps / 9)));
    for (int i = 0; i < special_educators; ++i) {
      frame_.case_managers.push_back(AddStaff(StaffRole::kSpecialEducator));
      if (i % 2 == 0) {
        frame_.resource_rooms.push_back(
            AddRoom(fmt::format("Resource Room {}", static_cast<char>('A' + (i / 2) % 26)), 12));
      }
    }
    for (int i = 0; i < paras; ++i) {
      std::vector<Skill>& skills = frame_.staff[AddStaff(StaffRole::kParaeducator)].skills;
      for (const Skill skill : SchoolTraining(i)) {
        if (std::find(skills.begin(), skills.end(), skill) == skills.end()) {
          skills.push_back(skill);
        }
      }
    }
  }

  const DistrictSpec& spec_;
  Random random_;
  StaffFactory staff_;
  SchoolFrame frame_;
  Id district_id_ = 0;
  std::vector<std::size_t> teacher_room_;
};

}  // namespace

std::string_view NameOf(SchoolLevel level) {
  switch (level) {
    case SchoolLevel::kElementary: return "elementary";
    case SchoolLevel::kMiddle: return "middle";
    case SchoolLevel::kHigh: return "high";
  }
  return "unknown";
}

DistrictSpec DemoSpec(std::uint64_t seed) {
  DistrictSpec spec;
  spec.name = "Riverbend Public Schools";
  spec.students = 500;
  spec.schools = 2;
  spec.seed = seed;
  return spec;
}

Result<void> CheckSpec(const DistrictSpec& spec) {
  Problems problems;
  if (spec.name.find_first_not_of(' ') == std::string::npos) {
    problems.push_back({"name", "is required"});
  }
  if (spec.students < 20 || spec.students > 1'000'000) {
    problems.push_back({"students", "must be between 20 and 1,000,000"});
  }
  if (spec.schools < 1 || spec.schools > 5'000) {
    problems.push_back({"schools", "must be between 1 and 5,000"});
  } else if (spec.students >= 20 && spec.students < spec.schools * 20) {
    problems.push_back({"schools", fmt::format("leave fewer than 20 students per school ({} "
                                               "students in {} schools)",
                                               spec.students, spec.schools)});
  }
  const int this_year = static_cast<int>(Date::Today().Ymd().year());
  if (spec.school_year < 2000 || spec.school_year > this_year) {
    problems.push_back(
        {"school_year", fmt::format("must be between 2000 and {}", this_year)});
  }
  return ToResult(problems, "district spec");
}

void DistrictFrame::BindDistrict(Id district_id) {
  district.id = district_id;
  for (Staff& member : staff) member.district_id = district_id;
}

void SchoolFrame::BindSchool(Id school_id) {
  school.id = school_id;
  for (Room& room : rooms) room.school_id = school_id;
  calendar.school_id = school_id;
  for (Staff& member : staff) member.school_id = school_id;
  for (SectionDraft& draft : sections) draft.section.school_id = school_id;
}

void SchoolFrame::BindReferences() {
  for (SectionDraft& draft : sections) {
    draft.section.general_educator_id = staff[draft.teacher].id;
    draft.section.room_id = rooms[draft.room].id;
  }
}

void StudentRecord::BindStudent(Id student_id) {
  student.id = student_id;
  for (Enrolment& enrolment : enrolments) enrolment.student_id = student_id;
  if (iep) iep->student_id = student_id;
  if (day) day->student_id = student_id;
}

Result<Generator> Generator::Create(DistrictSpec spec) {
  PARAPLAN_TRY(CheckSpec(spec));
  std::vector<SchoolPlan> plans = PlanSchools(spec);
  return Generator(std::move(spec), std::move(plans));
}

DistrictFrame Generator::MakeDistrict() const {
  DistrictFrame frame;
  frame.district.name = spec_.name;
  frame.district.source_id = fmt::format("synth-{}", spec_.seed);
  frame.district.lesson_plan_lead_days = 2;

  // Related service providers are shared across schools, at ratios close to
  // what districts staff: one speech-language pathologist per ~600 students,
  // a psychologist and a nurse per ~1,000, fewer therapists.
  Random random(DeriveSeed(spec_.seed, detail::kDistrictStream));
  StaffFactory factory{random, fmt::format("{}.example.org", FrameBuilder::DistrictSlug(spec_)),
                       "D", detail::FirstSchoolDay(spec_.school_year)};
  constexpr auto kProviders = std::to_array<std::pair<ProviderKind, int>>({
      {ProviderKind::kSpeechLanguagePathologist, 600},
      {ProviderKind::kOccupationalTherapist, 1500},
      {ProviderKind::kPhysicalTherapist, 4000},
      {ProviderKind::kSchoolPsychologist, 1000},
      {ProviderKind::kSocialWorker, 1200},
      {ProviderKind::kNurse, 1000},
  });
  for (const auto& [kind, students_each] : kProviders) {
    const int count = std::max(1, (spec_.students + students_each / 2) / students_each);
    for (int i = 0; i < count; ++i) {
      Staff staff = factory.Make(StaffRole::kRelatedServiceProvider);
      staff.provider_kind = kind;
      staff.work_hours = {TimeOfDay::At(7, 30), TimeOfDay::At(15, 30)};
      staff.funding = {{"IDEA Part B", 50}, {"Medicaid school-based services", 20},
                       {"General fund", 30}};
      staff.credentials = {factory.License(CredentialKind::kRelatedServiceLicense, "RSL")};
      frame.staff.push_back(std::move(staff));
    }
  }
  // Educational interpreters work as paraeducators and hold the educational
  // interpreter license; there are only a few in a district.
  const int interpreters = std::max(1, spec_.students / 3000);
  for (int i = 0; i < interpreters; ++i) {
    Staff staff = factory.Make(StaffRole::kParaeducator);
    staff.work_hours = {TimeOfDay::At(7, 30), TimeOfDay::At(15, 0)};
    staff.funding = {{"IDEA Part B", 100}};
    staff.skills = {Skill::kSignLanguage};
    staff.credentials = {factory.License(CredentialKind::kEducationalInterpreter, "EI")};
    frame.staff.push_back(std::move(staff));
  }
  return frame;
}

SchoolFrame Generator::MakeSchool(std::size_t index, Id district_id) const {
  return FrameBuilder(spec_, schools_.at(index), index, district_id).Build();
}

Result<GenerateCounts> Generate(const DistrictSpec& spec, Sink& sink,
                                const std::function<void(const Progress&)>& progress,
                                int batch_size) {
  Generator generator = PARAPLAN_TRY(Generator::Create(spec));
  GenerateCounts counts;
  DistrictFrame district = generator.MakeDistrict();
  PARAPLAN_TRY(sink.PutDistrict(district));
  counts.staff += static_cast<std::int64_t>(district.staff.size());

  Progress state{0, spec.students, 0, static_cast<int>(generator.schools().size())};
  for (std::size_t index = 0; index < generator.schools().size(); ++index) {
    SchoolFrame frame = generator.MakeSchool(index, district.district.id);
    PARAPLAN_TRY(sink.PutSchool(frame));
    counts.schools += 1;
    counts.rooms += static_cast<std::int64_t>(frame.rooms.size());
    counts.calendars += 1;
    counts.staff += static_cast<std::int64_t>(frame.staff.size());
    counts.sections += static_cast<std::int64_t>(frame.sections.size());

    Generator::StudentStream stream = generator.Students(frame);
    while (stream.remaining() > 0) {
      std::vector<StudentRecord> batch = stream.Next(std::max(1, batch_size));
      PARAPLAN_TRY(sink.PutStudents(batch));
      for (const StudentRecord& record : batch) {
        counts.students += 1;
        counts.enrolments += static_cast<std::int64_t>(record.enrolments.size());
        counts.guardians += static_cast<std::int64_t>(record.guardians.size());
        counts.guardian_links += static_cast<std::int64_t>(record.guardians.size());
        counts.ieps += record.iep ? 1 : 0;
        counts.student_days += record.day ? 1 : 0;
        counts.day_blocks += record.day ? static_cast<std::int64_t>(record.day->blocks.size()) : 0;
      }
      state.students_done += static_cast<int>(batch.size());
      if (progress) progress(state);
    }
    state.schools_done += 1;
    if (progress) progress(state);
  }
  return counts;
}

}  // namespace paraplan::synth
