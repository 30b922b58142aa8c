// Students, their guardians, enrolments, IEPs and days.
//
// About 15% of students have an IEP. The student's need (a disability
// category, drawn with roughly the national shares) decides the services;
// each service attaches to the blocks of the student's own schedule where it
// happens (reading support in the reading block, speech-language therapy
// pulled out of the intervention block...), and its weekly minutes are the
// minutes of those blocks, so the IEP and the student's day always agree.
#include <algorithm>
#include <array>
#include <chrono>
#include <cmath>
#include <string_view>

#include <fmt/format.h>

#include "synth/detail.h"
#include "synth/generator.h"
#include "synth/names.h"

namespace paraplan::synth {
namespace {

using namespace std::string_view_literals;

enum class Need {
  kLearning,
  kSpeech,
  kOtherHealth,
  kAutism,
  kDevelopmentalDelay,
  kIntellectual,
  kEmotional,
  kMultiple,
  kHearing,
};

constexpr double kIepShare = 0.15;

// Shares of students with IEPs by category, close to the national figures.
constexpr auto kNeedShares = std::to_array<double>({0.32, 0.19, 0.15, 0.12, 0.06, 0.06, 0.05,
                                                    0.03, 0.02});
// Chance of a one-to-one designation by category: only for the most
// significant needs, and rarely even then.
double OneToOneChance(Need need) {
  switch (need) {
    case Need::kMultiple: return 0.35;
    case Need::kAutism: return 0.05;
    case Need::kIntellectual: return 0.05;
    case Need::kEmotional: return 0.04;
    default: return 0;
  }
}

constexpr std::array<bool, 5> kDaily = {true, true, true, true, true};
constexpr std::array<bool, 5> kMonWedFri = {true, false, true, false, true};
constexpr std::array<bool, 5> kTueThu = {false, true, false, true, false};
constexpr std::array<bool, 5> kMonWed = {true, false, true, false, false};
constexpr std::array<bool, 5> kTuesday = {false, true, false, false, false};
constexpr std::array<bool, 5> kWednesday = {false, false, true, false, false};
constexpr std::array<bool, 5> kThursday = {false, false, false, true, false};
constexpr std::array<bool, 5> kFriday = {false, false, false, false, true};

// A service before it is placed in the student's day. minutes_per_day 0 means
// the whole block; no days means a consultation with staff, outside the day.
struct PlannedService {
  SupportType type;
  Setting setting;
  DeliveryModel delivery;
  std::vector<Subject> subjects;  // where it happens, in order of preference
  int minutes_per_day = 0;
  std::array<bool, 5> days{};
  std::optional<Skill> skill;     // the skill a para needs to deliver it
  int consultation_minutes = 0;   // per month, for consultation services
};

const std::vector<Subject> kReadingBlocks = {Subject::kReading, Subject::kEnglish};
const std::vector<Subject> kWritingBlocks = {Subject::kWriting, Subject::kEnglish};
const std::vector<Subject> kMathBlocks = {Subject::kMath};
const std::vector<Subject> kFlexibleBlocks = {Subject::kIntervention, Subject::kElective,
                                              Subject::kSocialStudies, Subject::kScience};
const std::vector<Subject> kContentBlocks = {Subject::kScience, Subject::kSocialStudies};
const std::vector<Subject> kMovementBlocks = {Subject::kSpecials, Subject::kPhysicalEducation};
const std::vector<Subject> kLunchBlock = {Subject::kLunch};
const std::vector<Subject> kAcademicBlocks = {
    Subject::kReading, Subject::kWriting, Subject::kEnglish,      Subject::kMath,
    Subject::kScience, Subject::kSocialStudies, Subject::kIntervention, Subject::kElective};

PlannedService PushIn(SupportType type, std::vector<Subject> subjects, int minutes,
                      std::array<bool, 5> days, std::optional<Skill> skill) {
  return {type, Setting::kGeneralEducationClassroom, DeliveryModel::kPushIn, std::move(subjects),
          minutes, days, skill, 0};
}
PlannedService PullOut(SupportType type, std::vector<Subject> subjects, int minutes,
                       std::array<bool, 5> days, std::optional<Skill> skill = std::nullopt) {
  return {type, Setting::kSpecialEducationSetting, DeliveryModel::kPullOutSmallGroup,
          std::move(subjects), minutes, days, skill, 0};
}
PlannedService Care(SupportType type, int minutes, Skill skill) {
  return {type, Setting::kOther, DeliveryModel::kOneToOne, kLunchBlock, minutes, kDaily, skill, 0};
}
PlannedService Consultation(SupportType type, int minutes_per_month) {
  return {type, Setting::kGeneralEducationClassroom, DeliveryModel::kConsultation, {}, 0, {},
          std::nullopt, minutes_per_month};
}

std::vector<PlannedService> PlanServices(Need need, bool elementary, Random& random) {
  std::vector<PlannedService> services;
  const int academic = elementary ? 30 : 0;  // secondary push-in takes the whole period
  switch (need) {
    case Need::kLearning:
      if (random.Chance(0.8)) {
        services.push_back(random.Chance(0.7)
                               ? PushIn(SupportType::kReadingSupport, kReadingBlocks, academic,
                                        elementary ? kDaily : kMonWedFri,
                                        Skill::kReadingIntervention)
                               : PullOut(SupportType::kReadingSupport, kReadingBlocks, 30,
                                         kDaily, Skill::kReadingIntervention));
      }
      if (random.Chance(0.5)) {
        services.push_back(PushIn(SupportType::kMathSupport, kMathBlocks, academic,
                                  elementary ? kDaily : kTueThu, Skill::kMathIntervention));
      }
      if (random.Chance(0.45) || services.empty()) {
        services.push_back(PushIn(SupportType::kWritingSupport, kWritingBlocks, 30,
                                  elementary ? kMonWedFri : kTueThu, std::nullopt));
      }
      break;
    case Need::kSpeech:
      services.push_back(PullOut(SupportType::kSpeechLanguageTherapy, kFlexibleBlocks, 30,
                                 random.Chance(0.6) ? kTueThu : kWednesday));
      break;
    case Need::kOtherHealth:
      services.push_back(PushIn(SupportType::kOrganizationSupport, kContentBlocks, 15, kDaily,
                                std::nullopt));
      if (random.Chance(0.4)) {
        services.push_back(PushIn(SupportType::kBehaviorSupport, kMathBlocks, 30, kDaily,
                                  Skill::kBehaviorPlan));
      }
      if (random.Chance(0.15)) {
        services.push_back(Care(SupportType::kHealthServices, 15, Skill::kHealthProcedure));
      }
      if (random.Chance(0.3)) services.push_back(Consultation(SupportType::kOccupationalTherapy, 30));
      break;
    case Need::kAutism:
      services.push_back(PullOut(SupportType::kSocialSkills, kFlexibleBlocks, 30, kMonWed,
                                 Skill::kSocialSkillsInstruction));
      if (random.Chance(0.3)) {
        services.push_back(PushIn(SupportType::kCommunication, kReadingBlocks, 30, kDaily,
                                  Skill::kAac));
      }
      if (random.Chance(0.6)) {
        services.push_back(PushIn(SupportType::kBehaviorSupport, kMovementBlocks, 0, kDaily,
                                  Skill::kBehaviorPlan));
      }
      if (random.Chance(0.6)) {
        services.push_back(
            PullOut(SupportType::kSpeechLanguageTherapy, kFlexibleBlocks, 30, kThursday));
      }
      if (random.Chance(0.15)) {
        services.push_back(Care(SupportType::kPersonalCare, 15, Skill::kPersonalCare));
      }
      break;
    case Need::kDevelopmentalDelay:
      services.push_back(PushIn(SupportType::kReadingSupport, kReadingBlocks, 30, kDaily,
                                Skill::kReadingIntervention));
      services.push_back(PullOut(SupportType::kSpeechLanguageTherapy, kFlexibleBlocks, 30, kTueThu));
      services.push_back(PullOut(SupportType::kOccupationalTherapy, kWritingBlocks, 30, kFriday));
      break;
    case Need::kIntellectual:
      services.push_back(PullOut(SupportType::kReadingSupport, kReadingBlocks, 0, kDaily,
                                 Skill::kReadingIntervention));
      services.push_back(
          PullOut(SupportType::kMathSupport, kMathBlocks, 0, kDaily, Skill::kMathIntervention));
      services.push_back(PullOut(SupportType::kSpeechLanguageTherapy, kFlexibleBlocks, 30, kTuesday));
      if (random.Chance(0.3)) {
        services.push_back(Care(SupportType::kPersonalCare, 15, Skill::kPersonalCare));
      }
      break;
    case Need::kEmotional:
      services.push_back(PushIn(SupportType::kBehaviorSupport,
                                {Subject::kMath, Subject::kScience, Subject::kSpecials,
                                 Subject::kPhysicalEducation, Subject::kLunch},
                                45, kDaily, Skill::kBehaviorPlan));
      services.push_back(PullOut(SupportType::kCounseling, kContentBlocks, 30, kWednesday));
      if (random.Chance(0.4)) {
        services.push_back(PullOut(SupportType::kSocialSkills, kFlexibleBlocks, 30, kFriday,
                                   Skill::kSocialSkillsInstruction));
      }
      break;
    case Need::kMultiple:
      services.push_back(Care(SupportType::kPersonalCare, 20, Skill::kPersonalCare));
      services.push_back(PushIn(SupportType::kCommunication, kReadingBlocks, 0, kDaily, Skill::kAac));
      services.push_back(PullOut(SupportType::kPhysicalTherapy, kMovementBlocks, 30, kTuesday,
                                 Skill::kMobilityAndLifting));
      services.push_back(PullOut(SupportType::kOccupationalTherapy, kWritingBlocks, 30, kThursday));
      if (random.Chance(0.5)) {
        services.push_back(Care(SupportType::kHealthServices, 15, Skill::kHealthProcedure));
      }
      break;
    case Need::kHearing:
      services.push_back(PushIn(SupportType::kInterpreting, kAcademicBlocks, 0, kDaily,
                                Skill::kSignLanguage));
      services.back().delivery = DeliveryModel::kOneToOne;
      services.push_back(PullOut(SupportType::kSpeechLanguageTherapy, kFlexibleBlocks, 30, kTueThu));
      break;
  }
  return services;
}

// Where the student spends the day, as the federal educational-environment
// categories count it: inside the general education class 80% or more, 40%
// to 79% (resource room for the core subjects), or less than 40% (a
// special education class for most of the day). Nationally about two thirds
// of students with IEPs are inside 80% or more; the shares by need follow the
// national pattern (speech mostly inside, multiple disabilities mostly not).
enum class Placement { kInsideMost, kResource, kSeparate };

Placement PickPlacement(Need need, Random& random) {
  std::array<double, 3> weights{};
  switch (need) {
    case Need::kLearning: weights = {0.75, 0.22, 0.03}; break;
    case Need::kSpeech: weights = {0.97, 0.02, 0.01}; break;
    case Need::kOtherHealth: weights = {0.75, 0.18, 0.07}; break;
    case Need::kAutism: weights = {0.40, 0.18, 0.42}; break;
    case Need::kDevelopmentalDelay: weights = {0.65, 0.20, 0.15}; break;
    case Need::kIntellectual: weights = {0.17, 0.27, 0.56}; break;
    case Need::kEmotional: weights = {0.50, 0.20, 0.30}; break;
    case Need::kMultiple: weights = {0.14, 0.16, 0.70}; break;
    case Need::kHearing: weights = {0.60, 0.15, 0.25}; break;
  }
  return static_cast<Placement>(random.Weighted(weights));
}

// Replaces the academic services by pull-out of whole blocks for students
// taught outside the general education class for part or most of the day.
// These come first so that they claim their blocks before the other services.
std::vector<PlannedService> ApplyPlacement(Placement placement, std::vector<PlannedService> services) {
  if (placement == Placement::kInsideMost) return services;
  auto replaced = [&](SupportType type) {
    return type == SupportType::kReadingSupport || type == SupportType::kMathSupport ||
           type == SupportType::kWritingSupport ||
           (placement == Placement::kSeparate &&
            (type == SupportType::kSocialSkills || type == SupportType::kCommunication ||
             type == SupportType::kOrganizationSupport));
  };
  std::erase_if(services, [&](const PlannedService& service) { return replaced(service.type); });
  std::vector<PlannedService> planned = {
      PullOut(SupportType::kReadingSupport, kReadingBlocks, 0, kDaily, Skill::kReadingIntervention),
      PullOut(SupportType::kMathSupport, kMathBlocks, 0, kDaily, Skill::kMathIntervention),
  };
  if (placement == Placement::kSeparate) {
    planned.push_back(PullOut(SupportType::kWritingSupport, {Subject::kWriting}, 0, kDaily));
    planned.push_back(PullOut(SupportType::kSocialSkills, {Subject::kScience}, 0, kDaily,
                              Skill::kSocialSkillsInstruction));
    planned.push_back(PullOut(SupportType::kCommunication, {Subject::kSocialStudies}, 0, kDaily,
                              Skill::kAac));
    planned.push_back(
        PullOut(SupportType::kOrganizationSupport, {Subject::kElective}, 0, kDaily));
  }
  planned.insert(planned.end(), services.begin(), services.end());
  return planned;
}

// One stretch of the student's day while it is being built.
struct Segment {
  Weekday weekday;
  TimeSpan span;
  Subject subject;
  std::optional<std::size_t> section;  // index into the frame's sections
  std::size_t room = 0;                // index into the frame's rooms
  std::string activity;
  bool claimed = false;                // a service happens here
  std::vector<Skill> skills;
  SupportLevel support = SupportLevel::kTeacherSupport;
};

std::string_view ServiceLabel(SupportType type) {
  switch (type) {
    case SupportType::kMathSupport: return "Math support";
    case SupportType::kReadingSupport: return "Reading support";
    case SupportType::kWritingSupport: return "Writing support";
    case SupportType::kBehaviorSupport: return "Behavior support";
    case SupportType::kSocialSkills: return "Social skills group";
    case SupportType::kCommunication: return "Communication support";
    case SupportType::kPersonalCare: return "Personal care";
    case SupportType::kOrganizationSupport: return "Organization support";
    case SupportType::kSpeechLanguageTherapy: return "Speech-language therapy";
    case SupportType::kOccupationalTherapy: return "Occupational therapy";
    case SupportType::kPhysicalTherapy: return "Physical therapy";
    case SupportType::kCounseling: return "Counseling";
    case SupportType::kHealthServices: return "Health services";
    case SupportType::kInterpreting: return "Interpreting";
  }
  return "Service";
}

// Services delivered by a licensed provider rather than a para.
bool ProviderDelivered(SupportType type) {
  return type == SupportType::kSpeechLanguageTherapy || type == SupportType::kOccupationalTherapy ||
         type == SupportType::kPhysicalTherapy || type == SupportType::kCounseling ||
         type == SupportType::kHealthServices;
}

struct GoalTemplate {
  GoalArea area;
  std::string_view statement;  // {0} first name, {1} target
  MeasurementMethod measurement;
  double baseline;
  double target;
  std::string_view unit;
};

std::optional<GoalTemplate> GoalFor(SupportType type, bool elementary, int grade_number) {
  switch (type) {
    case SupportType::kReadingSupport:
      if (elementary) {
        // Oral reading fluency norms rise by roughly 25 words a year.
        const double norm = 40 + 25 * grade_number;
        return GoalTemplate{GoalArea::kReading,
                            "Given a grade-level passage, {0} will read aloud {1} words correct "
                            "per minute on two of three weekly probes.",
                            MeasurementMethod::kRate, std::round(norm * 0.55),
                            std::round(norm * 0.8), "words correct per minute"};
      }
      return GoalTemplate{GoalArea::kReading,
                          "After reading a grade-level informational text, {0} will answer "
                          "comprehension questions with {1}% accuracy.",
                          MeasurementMethod::kPercentOfTrials, 45, 80, "% of questions"};
    case SupportType::kMathSupport:
      return GoalTemplate{GoalArea::kMath,
                          elementary ? "Given ten problems on the grade's operations, {0} will "
                                       "solve them with {1}% accuracy on three consecutive probes."
                                     : "Given multi-step equations, {0} will show each step and "
                                       "solve them with {1}% accuracy.",
                          MeasurementMethod::kPercentOfTrials, 40, 80, "% of problems"};
    case SupportType::kWritingSupport:
      return GoalTemplate{GoalArea::kWriting,
                          "{0} will write a paragraph with a topic sentence, three supporting "
                          "details and a conclusion, scoring {1} of 4 on the writing rubric.",
                          MeasurementMethod::kRubricScore, 1, 3, "rubric points of 4"};
    case SupportType::kBehaviorSupport:
      return GoalTemplate{GoalArea::kBehavior,
                          "During independent work, {0} will use the break card instead of "
                          "leaving the work area, with {1} or fewer elopements per week.",
                          MeasurementMethod::kFrequency, 6, 1, "incidents per week"};
    case SupportType::kSocialSkills:
      return GoalTemplate{GoalArea::kSocialEmotional,
                          "During unstructured time, {0} will start and keep up a conversation "
                          "with a peer for three exchanges in {1} of 5 opportunities.",
                          MeasurementMethod::kFrequency, 1, 4, "successful conversations of 5"};
    case SupportType::kCommunication:
      return GoalTemplate{GoalArea::kCommunication,
                          "{0} will use the speech-generating device to request and comment, "
                          "needing no more than prompt level {1} (gestural).",
                          MeasurementMethod::kPromptLevel, 5, 2,
                          "prompt level (1 independent to 6 full physical)"};
    case SupportType::kPersonalCare:
      return GoalTemplate{GoalArea::kFunctional,
                          "{0} will complete the handwashing and toileting routine needing no "
                          "more than prompt level {1} (verbal).",
                          MeasurementMethod::kPromptLevel, 6, 3,
                          "prompt level (1 independent to 6 full physical)"};
    case SupportType::kOrganizationSupport:
      return GoalTemplate{GoalArea::kSelfAdvocacy,
                          "{0} will record assignments in the planner and check them with an "
                          "adult at the end of the day on {1}% of school days.",
                          MeasurementMethod::kPercentOfTrials, 30, 80, "% of school days"};
    case SupportType::kSpeechLanguageTherapy:
      return GoalTemplate{GoalArea::kCommunication,
                          "{0} will produce /r/ and /s/ correctly in words and phrases with {1}% "
                          "accuracy in structured activities.",
                          MeasurementMethod::kPercentOfTrials, 40, 80, "% of trials"};
    case SupportType::kOccupationalTherapy:
      return GoalTemplate{GoalArea::kMotor,
                          "{0} will write legibly, with correct letter formation and spacing, in "
                          "{1}% of written work samples.",
                          MeasurementMethod::kPercentOfTrials, 30, 80, "% of samples"};
    case SupportType::kPhysicalTherapy:
      return GoalTemplate{GoalArea::kMotor,
                          "{0} will move between the classroom and the cafeteria with the walker "
                          "within {1} minutes.",
                          MeasurementMethod::kDuration, 9, 5, "minutes"};
    case SupportType::kCounseling:
      return GoalTemplate{GoalArea::kSocialEmotional,
                          "When upset, {0} will name the feeling and choose a coping strategy "
                          "within {1} minutes.",
                          MeasurementMethod::kLatency, 10, 3, "minutes"};
    case SupportType::kHealthServices:
    case SupportType::kInterpreting: return std::nullopt;
  }
  return std::nullopt;
}

struct AccommodationTemplate {
  AccommodationKind kind;
  std::string_view description;
  std::vector<Setting> settings;
};

std::vector<AccommodationTemplate> AccommodationPool(Need need) {
  constexpr Setting kGen = Setting::kGeneralEducationClassroom;
  constexpr Setting kSped = Setting::kSpecialEducationSetting;
  constexpr Setting kOther = Setting::kOther;
  constexpr auto kAcc = AccommodationKind::kAccommodation;
  constexpr auto kAid = AccommodationKind::kSupplementaryAid;
  constexpr auto kMod = AccommodationKind::kModification;
  switch (need) {
    case Need::kLearning:
    case Need::kDevelopmentalDelay:
      return {{kAcc, "Extended time (1.5x) on tests and assignments", {kGen, kSped}},
              {kAcc, "Tests read aloud, except tests of reading comprehension", {kGen, kSped}},
              {kAid, "Copy of teacher notes and graphic organizers", {kGen}},
              {kAcc, "Calculator for computation outside fluency tasks", {kGen, kSped}},
              {kAid, "Speech-to-text for written work", {kGen, kSped}}};
    case Need::kSpeech:
      return {{kAcc, "Wait time of 10 seconds before a response is expected", {kGen, kSped}},
              {kAcc, "Directions repeated and checked for understanding", {kGen}},
              {kAid, "Visual supports for new vocabulary", {kGen}}};
    case Need::kOtherHealth:
      return {{kAcc, "Preferential seating near the point of instruction", {kGen}},
              {kAcc, "Breaks on request using a break card", {kGen, kSped, kOther}},
              {kAcc, "Extended time (1.5x) on tests and assignments", {kGen, kSped}},
              {kAid, "Assignment checklist and planner checked daily", {kGen, kOther}},
              {kAid, "Noise-reducing headphones during independent work", {kGen}}};
    case Need::kAutism:
      return {{kAid, "Visual schedule reviewed at the start of the day", {kGen, kSped}},
              {kAcc, "Advance notice of changes to the schedule", {kGen, kSped, kOther}},
              {kAcc, "Breaks on request using a break card", {kGen, kSped, kOther}},
              {kAid, "Noise-reducing headphones during independent work", {kGen}},
              {kAid, "Sensory tools (fidget, wobble cushion)", {kGen, kSped}}};
    case Need::kIntellectual:
      return {{kMod, "Grade-level standards modified to alternate achievement standards", {kGen, kSped}},
              {kMod, "Shortened assignments covering the essential skills", {kGen}},
              {kAid, "Visual schedule reviewed at the start of the day", {kGen, kSped}},
              {kAcc, "Tests read aloud", {kGen, kSped}}};
    case Need::kEmotional:
      return {{kAcc, "Check-in and check-out with the case manager", {kOther}},
              {kAcc, "Breaks on request in the calm-down space", {kGen, kSped, kOther}},
              {kAcc, "Advance notice of changes to the schedule", {kGen, kSped, kOther}},
              {kAcc, "Preferential seating away from high-traffic areas", {kGen}}};
    case Need::kMultiple:
      return {{kAid, "Adapted seating and a height-adjustable desk", {kGen, kSped}},
              {kAid, "Speech-generating device available in every setting", {kGen, kSped, kOther}},
              {kAcc, "Extra passing time between classes", {kOther}},
              {kMod, "Alternate assignments at the student's instructional level", {kGen, kSped}}};
    case Need::kHearing:
      return {{kAid, "Educational interpreter for instruction and activities", {kGen, kSped, kOther}},
              {kAcc, "Captioned videos and written directions", {kGen}},
              {kAcc, "Preferential seating with a clear view of the interpreter", {kGen}}};
  }
  return {};
}

std::vector<RegulationLevel> RegulationPlan(Random& random) {
  // A modified five point scale (seed 001): the student's signs at each level
  // and what staff do about them.
  const bool sensory = random.Chance(0.5);
  return {
      {1, "Calm, following directions, ready to learn",
       "Give specific praise; continue the plan for the block"},
      {2, sensory ? "Covering ears, rocking, asking for the schedule"
                  : "Fidgeting, sighing, glancing away from the task",
       sensory ? "Offer headphones and review the visual schedule"
               : "Check in quietly; point to the break card"},
      {3, "Refusing tasks, raised voice, putting head down",
       "Offer a break and a choice of two tasks; use few words"},
      {4, "Leaving the seat, throwing or tearing materials",
       "Guide to the calm-down space; keep peers safe; stay nearby without demands"},
      {5, "Hitting, or leaving the room without permission",
       "Follow the safety plan; call the case manager; record the incident (ABC)"},
  };
}

constexpr std::array<Weekday, 5> kWeekdays = {Weekday::kMonday, Weekday::kTuesday,
                                              Weekday::kWednesday, Weekday::kThursday,
                                              Weekday::kFriday};

}  // namespace

Generator::StudentStream::StudentStream(const DistrictSpec& spec, const SchoolFrame& frame)
    : spec_(&spec),
      frame_(&frame),
      random_(DeriveSeed(spec.seed, detail::SchoolStudentStream(frame.index))) {}

std::vector<StudentRecord> Generator::StudentStream::Next(int count) {
  std::vector<StudentRecord> batch;
  const int n = std::min(count, remaining());
  batch.reserve(static_cast<std::size_t>(std::max(0, n)));
  for (int i = 0; i < n; ++i) batch.push_back(MakeStudent());
  return batch;
}

StudentRecord Generator::StudentStream::MakeStudent() {
  const SchoolFrame& frame = *frame_;
  const int number = next_++;
  Random& random = random_;

  // Students come grade by grade; within a grade they are dealt round-robin
  // to the tracks (homerooms), which keeps class sizes even.
  std::size_t grade_index = 0;
  int within = number;
  while (within >= frame.students_per_grade[grade_index]) {
    within -= frame.students_per_grade[grade_index];
    ++grade_index;
  }
  const auto& tracks = frame.track_sections[grade_index];
  const auto& track = tracks[static_cast<std::size_t>(within) % tracks.size()];
  const Grade grade = detail::GradeAt(frame.plan.level, static_cast<int>(grade_index));
  const int grade_number = detail::GradeNumber(grade);
  const bool elementary = frame.plan.level == SchoolLevel::kElementary;
  const Date first_day = frame.calendar.first_day;

  StudentRecord record;
  Student& student = record.student;
  const LanguageNames& language = PickLanguage(random);
  student.school_id = frame.school.id;
  student.first_name = std::string(random.Pick(language.first_names));
  student.last_name = std::string(random.Pick(language.last_names));
  student.grade = grade;
  student.home_language = std::string(language.tag);
  // Age on September 1st is five in kindergarten, plus one per grade.
  const Date cutoff = Date(std::chrono::year_month_day{
      std::chrono::year{spec_->school_year - 5 - grade_number}, std::chrono::September,
      std::chrono::day{1}});
  student.birth_date = cutoff.AddDays(-random.Between(0, 364));
  student.source_id = fmt::format("{}-{:05}", frame.school.source_id, number + 1);

  for (std::size_t section : track) {
    Enrolment enrolment;
    enrolment.section_id = frame.sections[section].section.id;
    enrolment.start = first_day;
    record.enrolments.push_back(enrolment);
  }

  // Guardians: most students have two, some one; a few have a guardian
  // whose access a court order restricts.
  const int guardians = random.Chance(0.7) ? 2 : 1;
  for (int g = 0; g < guardians; ++g) {
    GuardianRecord link;
    Guardian& guardian = link.guardian;
    guardian.district_id = frame.school.district_id;
    guardian.first_name = std::string(random.Pick(language.first_names));
    guardian.last_name =
        random.Chance(0.8) ? student.last_name : std::string(random.Pick(language.last_names));
    guardian.preferred_language =
        language.tag != "en" && random.Chance(0.25) ? "en" : std::string(language.tag);
    guardian.email = fmt::format("{}.{}.{}{}@example.net", detail::AsciiSlug(guardian.first_name),
                                 detail::AsciiSlug(guardian.last_name),
                                 frame.school.source_id == "" ? "s" : frame.school.source_id,
                                 number * 2 + g);
    std::transform(guardian.email.begin(), guardian.email.end(), guardian.email.begin(),
                   [](char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; });
    guardian.phone = fmt::format("555-01{:02}", random.Between(0, 99));
    if (guardians == 2) {
      link.relation = g == 0 ? GuardianRelation::kMother : GuardianRelation::kFather;
      link.custody_restricted = g == 1 && random.Chance(0.03);
    } else {
      constexpr auto kSingle = std::to_array<GuardianRelation>(
          {GuardianRelation::kMother, GuardianRelation::kFather, GuardianRelation::kGuardian,
           GuardianRelation::kFosterParent, GuardianRelation::kOther});
      link.relation = kSingle[random.Weighted(std::to_array({0.6, 0.15, 0.15, 0.05, 0.05}))];
    }
    record.guardians.push_back(std::move(link));
  }

  if (!random.Chance(kIepShare)) return record;

  // --- The IEP and the day of a student with one -----------------------------
  Need need = static_cast<Need>(random.Weighted(kNeedShares));
  if (need == Need::kDevelopmentalDelay && !elementary) need = Need::kLearning;
  const std::size_t manager = frame.case_managers[static_cast<std::size_t>(ieps_++) %
                                                  frame.case_managers.size()];
  const Id case_manager_id = frame.staff[manager].id;
  student.case_manager_id = case_manager_id;
  const std::size_t resource_room =
      frame.resource_rooms[(static_cast<std::size_t>(ieps_) / 13) % frame.resource_rooms.size()];

  // The student's week as segments: the sections' meetings and lunch.
  std::vector<Segment> segments;
  for (Weekday weekday : kWeekdays) {
    for (std::size_t section : track) {
      const SectionDraft& draft = frame.sections[section];
      for (const Meeting& meeting : draft.section.meetings) {
        if (meeting.weekday != weekday) continue;
        segments.push_back({weekday, meeting.span, draft.subject, section, draft.room,
                            draft.section.course, false, {}, SupportLevel::kTeacherSupport});
      }
    }
    segments.push_back({weekday, frame.lunch, Subject::kLunch, std::nullopt, frame.cafeteria,
                        elementary ? "Lunch and recess" : "Lunch", false, {},
                        SupportLevel::kPeerSupport});
  }

  Iep iep;
  iep.status = IepStatus::kActive;
  iep.start = spec_->as_of.value_or(first_day).AddDays(-random.Between(0, 300));
  iep.end = iep.start.AddDays(364);
  iep.annual_review = iep.end;
  iep.case_manager_id = case_manager_id;
  iep.source_id = fmt::format("{}-IEP", student.source_id);

  std::vector<Skill> student_skills;
  const Placement placement = PickPlacement(need, random);
  for (const PlannedService& planned :
       ApplyPlacement(placement, PlanServices(need, elementary, random))) {
    Service service;
    service.type = planned.type;
    service.setting = planned.setting;
    service.delivery = planned.delivery;
    service.start = iep.start;
    service.end = iep.end;
    if (planned.delivery == DeliveryModel::kConsultation) {
      service.minutes = planned.consultation_minutes;
      service.period = MinutesPeriod::kMonth;
      iep.services.push_back(service);
      continue;
    }
    int weekly = 0;
    for (std::size_t d = 0; d < kWeekdays.size(); ++d) {
      if (!planned.days[d]) continue;
      // The first free stretch of the first preferred subject that day.
      auto found = segments.end();
      for (Subject subject : planned.subjects) {
        found = std::find_if(segments.begin(), segments.end(), [&](const Segment& segment) {
          return segment.weekday == kWeekdays[d] && segment.subject == subject && !segment.claimed;
        });
        if (found != segments.end()) break;
      }
      if (found == segments.end()) continue;
      const int length = found->span.Minutes();
      const int minutes = planned.minutes_per_day == 0 ? length
                                                       : std::min(planned.minutes_per_day, length);
      Segment part = *found;
      part.span.end = TimeOfDay{part.span.start.minutes + minutes};
      part.claimed = true;
      part.support = SupportLevel::kAdultSupport;
      if (planned.skill && !ProviderDelivered(planned.type)) part.skills = {*planned.skill};
      if (planned.setting == Setting::kSpecialEducationSetting) {
        part.section.reset();
        part.room = resource_room;
        part.activity = fmt::format("{} (pull-out)", ServiceLabel(planned.type));
      } else if (planned.type == SupportType::kHealthServices) {
        part.section.reset();
        part.room = frame.nurse_office;
        part.activity = std::string(ServiceLabel(planned.type));
      } else if (planned.type == SupportType::kPersonalCare) {
        part.activity = fmt::format("{} ({})", ServiceLabel(planned.type), part.activity);
      }
      found->span.start = part.span.end;
      const bool emptied = found->span.Minutes() == 0;
      if (emptied) {
        *found = std::move(part);
      } else {
        segments.insert(found, std::move(part));
      }
      weekly += minutes;
    }
    if (weekly == 0) continue;
    service.minutes = weekly;
    iep.services.push_back(service);
    if (planned.skill && !ProviderDelivered(planned.type) &&
        std::find(student_skills.begin(), student_skills.end(), *planned.skill) ==
            student_skills.end()) {
      student_skills.push_back(*planned.skill);
    }
  }

  // Goals for the services that teach something measurable.
  for (const Service& service : iep.services) {
    std::optional<GoalTemplate> goal = GoalFor(service.type, elementary, grade_number);
    if (!goal) continue;
    const bool duplicate = std::any_of(iep.goals.begin(), iep.goals.end(), [&](const Goal& g) {
      return g.area == goal->area && g.measurement == goal->measurement;
    });
    if (duplicate) continue;
    Goal item;
    item.area = goal->area;
    item.statement = fmt::format(fmt::runtime(goal->statement), student.first_name, goal->target);
    item.measurement = goal->measurement;
    item.baseline = goal->baseline;
    item.target = goal->target;
    item.unit = std::string(goal->unit);
    item.target_date = iep.end;
    iep.goals.push_back(std::move(item));
  }

  // Two to four accommodations that fit the need.
  std::vector<AccommodationTemplate> pool = AccommodationPool(need);
  const int wanted = std::min(static_cast<int>(pool.size()), random.Between(2, 4));
  for (int i = 0; i < wanted; ++i) {
    const std::size_t pick = random.Index(pool.size());
    Accommodation accommodation;
    accommodation.kind = pool[pick].kind;
    accommodation.description = std::string(pool[pick].description);
    accommodation.settings = pool[pick].settings;
    iep.accommodations.push_back(std::move(accommodation));
    pool.erase(pool.begin() + static_cast<std::ptrdiff_t>(pick));
  }

  const bool behavior = std::any_of(iep.services.begin(), iep.services.end(), [](const Service& s) {
    return s.type == SupportType::kBehaviorSupport;
  });
  if (need == Need::kEmotional || (behavior && random.Chance(0.5))) {
    iep.regulation_plan = RegulationPlan(random);
  }

  const bool one_to_one = random.Chance(OneToOneChance(need));
  if (one_to_one) {
    OneToOneDesignation designation;
    designation.justification = fmt::format(
        "{} needs an adult within arm's reach for {} across the school day; the team tried "
        "shared para support and peer supports first. Plan to fade: reduce to shared support in "
        "structured blocks when the data show it is safe.",
        student.first_name,
        need == Need::kMultiple ? "personal care, positioning and communication"
                                : "safety during escalations and transitions");
    designation.start = iep.start;
    // Reviewed in the school year's first months, and at least a month after
    // the designation (an IEP seen from a later day may begin after them).
    designation.next_review =
        std::max(first_day.AddDays(random.Between(30, 150)), designation.start.AddDays(30));
    iep.one_to_one = designation;
    if (student_skills.empty()) student_skills.push_back(Skill::kBehaviorPlan);
  }

  // Blocks outside services: mostly the teacher's support, sometimes a peer's,
  // sometimes none needed.
  StudentDay day;
  for (Segment& segment : segments) {
    DayBlock block;
    block.weekday = segment.weekday;
    block.span = segment.span;
    if (segment.section) block.section_id = frame.sections[*segment.section].section.id;
    block.room_id = frame.rooms[segment.room].id;
    block.activity = segment.activity;
    if (one_to_one) {
      block.support = SupportLevel::kAdultSupport;
      block.one_to_one = true;
      block.skills_needed = segment.skills.empty() ? student_skills : segment.skills;
    } else if (segment.claimed) {
      block.support = SupportLevel::kAdultSupport;
      block.skills_needed = segment.skills;
    } else if (segment.subject == Subject::kLunch) {
      block.support = random.Chance(0.7) ? SupportLevel::kPeerSupport : SupportLevel::kIndependent;
    } else {
      block.support = static_cast<SupportLevel>(random.Weighted(std::to_array({0.2, 0.65, 0.15})));
    }
    day.blocks.push_back(std::move(block));
  }
  std::sort(day.blocks.begin(), day.blocks.end(), [](const DayBlock& a, const DayBlock& b) {
    return std::pair(a.weekday, a.span.start) < std::pair(b.weekday, b.span.start);
  });
  record.iep = std::move(iep);
  record.day = std::move(day);
  return record;
}

}  // namespace paraplan::synth
