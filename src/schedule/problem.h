// The scheduling problem of one school for one week pattern: blocks, rooms,
// paras with their hours and duties, each student's need in each block and
// the IEP services paras deliver. Indices, not ids, link the parts: the
// solver works on dense arrays, the JSON form maps ids to indices once.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "domain/enums.h"
#include "domain/error.h"
#include "domain/model.h"
#include "domain/time.h"
#include "schedule/index.h"

namespace paraplan::schedule {

// One block of the school day on one weekday, e.g. Monday 08:00-08:50.
struct Block {
  std::string id;  // stable label, e.g. "mon-1"
  Weekday day = Weekday::kMonday;
  TimeSpan span;
};

struct ScheduleRoom {
  Id id = 0;
  std::string name;
  Setting setting = Setting::kGeneralEducationClassroom;
};

// A duty a para must be given every working day (lunch, break): `minutes`
// long inside `window`. Zero minutes means the para has no such duty (a
// short shift without lunch).
struct Duty {
  int minutes = 0;
  TimeSpan window;
};

struct Para {
  Id id = 0;
  std::string name;
  TimeSpan hours{TimeOfDay::At(7, 45), TimeOfDay::At(15, 15)};
  Duty lunch;
  Duty rest;  // the break
  // Daily data-entry time (seed 001 "Data Collection Systems"); anywhere in
  // the para's hours.
  int data_entry_minutes = 15;
  std::vector<Skill> skills;
  std::vector<CredentialKind> credentials;
  int max_students = 3;  // students supported at once in one room
  // Students this para must not support, whatever their skills: the
  // coordinator's keep-apart list (a family tie, a documented conflict, a
  // student's plan naming who may give personal care).
  std::vector<Id> kept_apart;
};

// What one student needs in one block. Only adult-support needs can be
// covered; the others are kept so the plan can prove it leaves those
// students to their independence, peers or teacher.
struct Need {
  Id student_id = 0;
  int block = 0;  // index into Problem::blocks
  int room = 0;   // index into Problem::rooms
  SupportLevel support = SupportLevel::kIndependent;
  std::vector<Skill> skills;
  std::vector<CredentialKind> credentials;
  bool one_to_one = false;  // the adult is exclusive to this student
  bool safety = false;      // health or safety procedure: ranks with one-to-one
  // The student is marked absent that day: the need is kept (so a plan made
  // before the absence still names the student, and the change says who is
  // away) with no support from anyone, as an independent block.
  bool absent = false;
};

// An IEP service delivered by paras: the minutes per week count the blocks
// where a para covers the student in one of the candidate blocks whose room
// has the service's setting. The week owes the IEP's weekly minutes and the
// make-up minutes still owed for sessions missed in earlier weeks.
struct ServiceNeed {
  Id id = 0;
  Id student_id = 0;
  SupportType type = SupportType::kMathSupport;
  int minutes_per_week = 0;
  Setting setting = Setting::kGeneralEducationClassroom;
  std::vector<int> needs;           // indices into Problem::needs (adult-support blocks)
  std::optional<Id> supervisor_id;  // the licensed educator who supervises it
  int makeup_minutes = 0;           // owed for missed sessions (domain/capture.h MakeupOwed)

  // The minutes the week should give the service, the most it is credited.
  int MinutesDue() const { return minutes_per_week + makeup_minutes; }
};

// The weights of the objective, in priority order (see docs/schedule.md).
struct Weights {
  int one_to_one_or_safety = 1000;  // per covered one-to-one or safety need
  int adult_support = 100;          // per covered adult-support need
  int iep_minute = 1;               // per service minute in its setting, up to the IEP's
  int continuity = 10;              // per distinct (student, para) pair
  int room_change = 5;              // per para moving rooms between adjacent blocks
  int max_load = 1;                 // per student-block of the busiest para
};

struct Problem {
  Id school_id = 0;
  std::vector<Block> blocks;  // ordered by day, then start time
  std::vector<ScheduleRoom> rooms;
  std::vector<Para> paras;
  std::vector<Need> needs;
  std::vector<ServiceNeed> services;
  Weights weights;
};

// Whether `para` has every skill and credential `need` asks for and may
// support its student (not kept apart from them).
bool Qualifies(const Para& para, const Need& need);

// Whether the para is at work for the whole block.
bool Works(const Para& para, const Block& block);

// Whether `block` can hold the duty: inside the window and long enough.
bool Fits(const Duty& duty, const Block& block);

// Every problem with the input, each naming its field ("needs[3].room").
// Also refuses a para-day on which lunch, break and data entry cannot each
// get their own block, since no plan could keep them.
std::vector<FieldProblem> Validate(const Problem& problem);

// The three duties of a para-day, in the order the plan records them.
enum class DutyKind { kLunch, kBreak, kDataEntry };

// The duty's requirement for `para` (data entry: its minutes within hours).
Duty DutyOf(const Para& para, DutyKind kind);

// Blocks of the problem grouped by day, in time order.
std::vector<std::vector<int>> BlocksByDay(const Problem& problem);

}  // namespace paraplan::schedule
