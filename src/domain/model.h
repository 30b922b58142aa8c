// paraplan's roster, IEP and student-day records as plain value types.
// Ids are assigned by the store (0 means "not stored yet"); `source_id` is the
// identifier of the record in the system it was imported from (Ed-Fi,
// OneRoster), which makes re-imports idempotent. `version` counts updates and
// guards against lost updates (the API's ETag).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "domain/enums.h"
#include "domain/time.h"

namespace paraplan {

using Id = std::int64_t;

struct District {
  Id id = 0;
  std::string name;
  std::string source_id;
  // Days of notice a general educator gives the special educator before a
  // lesson (seed 000 "Preparation and Approach").
  int lesson_plan_lead_days = 2;
  std::int64_t version = 0;
};

struct School {
  Id id = 0;
  Id district_id = 0;
  std::string name;
  Grade lowest_grade = Grade::kK;
  Grade highest_grade = Grade::k5;
  // Length of the instructional day, used to check service minutes.
  TimeSpan day{TimeOfDay::At(8, 0), TimeOfDay::At(15, 0)};
  std::string source_id;
  std::int64_t version = 0;
};

struct Room {
  Id id = 0;
  Id school_id = 0;
  std::string name;
  int capacity = 0;
  std::string source_id;
  std::int64_t version = 0;
};

// Instructional days of a school year for one school.
struct SchoolCalendar {
  Id id = 0;
  Id school_id = 0;
  std::string name;  // e.g. "2026-2027"
  Date first_day;
  Date last_day;
  std::vector<Date> non_instructional_days;  // holidays, in-service days
  std::int64_t version = 0;

  bool IsInstructionalDay(Date date) const;
};

struct FundingShare {
  std::string source;  // e.g. "IDEA Part B", "Title I", "General fund"
  int percent = 0;
  bool operator==(const FundingShare&) const = default;
};

struct Credential {
  CredentialKind kind = CredentialKind::kSpecialEducationProgramAide;
  std::string number;
  std::optional<Date> expires;
  bool operator==(const Credential&) const = default;
};

struct Staff {
  Id id = 0;
  Id district_id = 0;
  std::optional<Id> school_id;  // nullopt for district-level staff
  std::string first_name;
  std::string last_name;
  std::string email;
  StaffRole role = StaffRole::kGeneralEducator;
  std::optional<ProviderKind> provider_kind;  // required for related service providers
  TimeSpan work_hours{TimeOfDay::At(7, 45), TimeOfDay::At(15, 15)};
  std::vector<FundingShare> funding;  // shares add up to 100
  std::vector<Skill> skills;
  std::vector<Credential> credentials;
  std::string source_id;
  std::int64_t version = 0;
};

struct Student {
  Id id = 0;
  Id school_id = 0;
  std::string first_name;
  std::string last_name;
  Date birth_date;
  Grade grade = Grade::kK;
  std::string home_language = "en";  // BCP 47 tag, e.g. "en", "es", "so"
  std::optional<Id> case_manager_id;  // the special educator who owns the IEP
  std::string source_id;
  std::int64_t version = 0;
};

struct Guardian {
  Id id = 0;
  Id district_id = 0;
  std::string first_name;
  std::string last_name;
  std::string email;
  std::string phone;
  std::string preferred_language = "en";
  std::string source_id;
  std::int64_t version = 0;
};

// Links a guardian to a student. A custody restriction means the guardian
// may not see the student's records (court order or similar).
struct GuardianLink {
  Id guardian_id = 0;
  Id student_id = 0;
  GuardianRelation relation = GuardianRelation::kGuardian;
  bool custody_restricted = false;
  bool operator==(const GuardianLink&) const = default;
};

// One meeting of a section: a weekday and the block's times.
struct Meeting {
  Weekday weekday = Weekday::kMonday;
  TimeSpan span;
  bool operator==(const Meeting&) const = default;
};

struct Section {
  Id id = 0;
  Id school_id = 0;
  std::string course;  // e.g. "Grade 3 Math", "English 10"
  std::string code;    // local section code, e.g. "MATH3-01"
  std::optional<Id> general_educator_id;
  std::optional<Id> room_id;
  std::vector<Meeting> meetings;
  std::string source_id;
  std::int64_t version = 0;
};

struct Enrolment {
  Id id = 0;
  Id student_id = 0;
  Id section_id = 0;
  Date start;
  std::optional<Date> end;
  std::int64_t version = 0;
};

// --- IEP -------------------------------------------------------------------

struct Service {
  Id id = 0;
  SupportType type = SupportType::kMathSupport;
  int minutes = 0;
  MinutesPeriod period = MinutesPeriod::kWeek;
  Setting setting = Setting::kGeneralEducationClassroom;
  DeliveryModel delivery = DeliveryModel::kPushIn;
  Date start;
  Date end;
  bool operator==(const Service&) const = default;
};

struct Goal {
  Id id = 0;
  GoalArea area = GoalArea::kReading;
  std::string statement;
  std::optional<MeasurementMethod> measurement;  // required; optional to report its absence
  double baseline = 0;
  double target = 0;
  std::string unit;  // e.g. "% of trials", "words per minute"
  Date target_date;
  bool operator==(const Goal&) const = default;
};

struct Accommodation {
  Id id = 0;
  AccommodationKind kind = AccommodationKind::kAccommodation;
  std::string description;
  std::vector<Setting> settings;  // where it applies
  bool operator==(const Accommodation&) const = default;
};

// One level of a regulation plan (seed 001: the modified Five Point Scale maps
// the student's behaviour to the staff response).
struct RegulationLevel {
  int level = 1;
  std::string student_signs;
  std::string staff_response;
  bool operator==(const RegulationLevel&) const = default;
};

// A designation of one-to-one adult support. It must be justified and
// reviewed (seed 002 "One-to-One"; over-reliance, seed 000).
struct OneToOneDesignation {
  std::string justification;
  Date start;
  std::optional<Date> next_review;  // required; optional to report its absence
  bool operator==(const OneToOneDesignation&) const = default;
};

struct Iep {
  Id id = 0;
  Id student_id = 0;
  IepStatus status = IepStatus::kDraft;
  Date start;
  Date end;
  Date annual_review;
  std::optional<Id> case_manager_id;
  std::vector<Service> services;
  std::vector<Goal> goals;
  std::vector<Accommodation> accommodations;
  std::vector<RegulationLevel> regulation_plan;  // ordered by level
  std::optional<OneToOneDesignation> one_to_one;
  std::string source_id;
  std::int64_t version = 0;
};

// --- The student's day ------------------------------------------------------

// One block of a student's day with the support they need there (seed 001).
// Derived from enrolments; staff may edit the support level and skills.
struct DayBlock {
  Weekday weekday = Weekday::kMonday;
  TimeSpan span;
  std::optional<Id> section_id;
  std::optional<Id> room_id;
  std::string activity;  // e.g. "Grade 3 Math", "Lunch", "Recess"
  SupportLevel support = SupportLevel::kIndependent;
  std::vector<Skill> skills_needed;
  bool one_to_one = false;  // the adult is exclusive to this student in this block
  bool operator==(const DayBlock&) const = default;
};

struct StudentDay {
  Id student_id = 0;
  std::vector<DayBlock> blocks;
  std::int64_t version = 0;
};

}  // namespace paraplan
