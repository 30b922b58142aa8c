#include "http/resources/roster_json.h"

#include <array>
#include <cmath>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

namespace paraplan::http {
namespace {

using json_reader::Name;
using json_reader::Reader;
using nlohmann::json;

constexpr std::array<std::pair<Weekday, std::string_view>, 7> kWeekdays{{
    {Weekday::kMonday, "monday"},
    {Weekday::kTuesday, "tuesday"},
    {Weekday::kWednesday, "wednesday"},
    {Weekday::kThursday, "thursday"},
    {Weekday::kFriday, "friday"},
    {Weekday::kSaturday, "saturday"},
    {Weekday::kSunday, "sunday"},
}};

std::string_view WeekdayName(Weekday day) {
  for (const auto& [value, name] : kWeekdays) {
    if (value == day) return name;
  }
  return "monday";
}

template <typename T>
json OrNull(const std::optional<T>& value) {
  return value ? json(*value) : json(nullptr);
}

json SpanJson(const TimeSpan& span) {
  return {{"start", span.start.ToString()}, {"end", span.end.ToString()}};
}

template <typename E>
json Names(const std::vector<E>& values) {
  json list = json::array();
  for (E value : values) list.push_back(Name(value));
  return list;
}

// Reads an optional id: absent or null keeps nullopt; a value must be a
// positive whole number.
void OptionalId(Reader& reader, std::string_view field, std::optional<Id>& value) {
  value.reset();
  if (!reader.Has(field)) return;
  Id id = 0;
  reader.Int(field, id, true);
  if (id <= 0) return reader.Problem(field, "must be a positive record id");
  value = id;
}

void RequiredId(Reader& reader, std::string_view field, Id& value) {
  const bool present = reader.Has(field);
  reader.Int(field, value, true);
  if (present && value <= 0) reader.Problem(field, "must be a positive record id");
}

void ReadSpan(Reader& reader, TimeSpan& span) {
  reader.Clock("start", span.start, true);
  reader.Clock("end", span.end, true);
}

void ReadWeekday(Reader& reader, std::string_view field, Weekday& day) {
  std::string name;
  const bool present = reader.Has(field);
  reader.Text(field, name, true);
  if (!present) return;
  for (const auto& [value, candidate] : kWeekdays) {
    if (candidate == name) {
      day = value;
      return;
    }
  }
  reader.Problem(field,
                 "must be one of monday, tuesday, wednesday, thursday, friday, "
                 "saturday, sunday");
}

template <typename E>
void ReadEnums(Reader& reader, std::string_view field, std::vector<E>& values) {
  std::vector<std::string> names;
  reader.Texts(field, names, false);
  values.clear();
  for (std::size_t i = 0; i < names.size(); ++i) {
    std::optional<E> parsed = ParseEnum<E>(names[i]);
    if (!parsed) {
      reader.Problem(std::string(field) + "[" + std::to_string(i) + "]", "is not a known name");
      continue;
    }
    values.push_back(*parsed);
  }
}

}  // namespace

json ToJson(const School& school) {
  return {{"id", school.id},
          {"district_id", school.district_id},
          {"name", school.name},
          {"lowest_grade", Name(school.lowest_grade)},
          {"highest_grade", Name(school.highest_grade)},
          {"day", SpanJson(school.day)},
          {"source_id", school.source_id},
          {"version", school.version}};
}

json ToJson(const Room& room) {
  return {{"id", room.id},
          {"school_id", room.school_id},
          {"name", room.name},
          {"capacity", room.capacity},
          {"source_id", room.source_id},
          {"version", room.version}};
}

json ToJson(const SchoolCalendar& calendar) {
  json days = json::array();
  for (const Date& day : calendar.non_instructional_days) days.push_back(day.ToString());
  return {{"id", calendar.id},
          {"school_id", calendar.school_id},
          {"name", calendar.name},
          {"first_day", calendar.first_day.ToString()},
          {"last_day", calendar.last_day.ToString()},
          {"non_instructional_days", std::move(days)},
          {"version", calendar.version}};
}

json ToJson(const Staff& staff) {
  json funding = json::array();
  for (const FundingShare& share : staff.funding) {
    funding.push_back({{"source", share.source}, {"percent", share.percent}});
  }
  json credentials = json::array();
  for (const Credential& credential : staff.credentials) {
    credentials.push_back(
        {{"kind", Name(credential.kind)},
         {"number", credential.number},
         {"expires", credential.expires ? json(credential.expires->ToString()) : json(nullptr)}});
  }
  return {{"id", staff.id},
          {"district_id", staff.district_id},
          {"school_id", OrNull(staff.school_id)},
          {"first_name", staff.first_name},
          {"last_name", staff.last_name},
          {"email", staff.email},
          {"role", Name(staff.role)},
          {"provider_kind", staff.provider_kind ? json(Name(*staff.provider_kind)) : json(nullptr)},
          {"work_hours", SpanJson(staff.work_hours)},
          {"funding", std::move(funding)},
          {"skills", Names(staff.skills)},
          {"credentials", std::move(credentials)},
          {"source_id", staff.source_id},
          {"version", staff.version}};
}

json ToJson(const Student& student) {
  return {{"id", student.id},
          {"school_id", student.school_id},
          {"first_name", student.first_name},
          {"last_name", student.last_name},
          {"birth_date", student.birth_date.ToString()},
          {"grade", Name(student.grade)},
          {"home_language", student.home_language},
          {"case_manager_id", OrNull(student.case_manager_id)},
          {"source_id", student.source_id},
          {"version", student.version}};
}

json ToJson(const Guardian& guardian) {
  return {{"id", guardian.id},
          {"district_id", guardian.district_id},
          {"first_name", guardian.first_name},
          {"last_name", guardian.last_name},
          {"email", guardian.email},
          {"phone", guardian.phone},
          {"preferred_language", guardian.preferred_language},
          {"source_id", guardian.source_id},
          {"version", guardian.version}};
}

json ToJson(const GuardianLink& link) {
  return {{"guardian_id", link.guardian_id},
          {"student_id", link.student_id},
          {"relation", Name(link.relation)},
          {"custody_restricted", link.custody_restricted}};
}

json ToJson(const Section& section) {
  json meetings = json::array();
  for (const Meeting& meeting : section.meetings) {
    json item = SpanJson(meeting.span);
    item["weekday"] = WeekdayName(meeting.weekday);
    meetings.push_back(std::move(item));
  }
  return {{"id", section.id},
          {"school_id", section.school_id},
          {"course", section.course},
          {"code", section.code},
          {"general_educator_id", OrNull(section.general_educator_id)},
          {"room_id", OrNull(section.room_id)},
          {"meetings", std::move(meetings)},
          {"source_id", section.source_id},
          {"version", section.version}};
}

json ToJson(const Enrolment& enrolment) {
  return {{"id", enrolment.id},
          {"student_id", enrolment.student_id},
          {"section_id", enrolment.section_id},
          {"start", enrolment.start.ToString()},
          {"end", enrolment.end ? json(enrolment.end->ToString()) : json(nullptr)},
          {"version", enrolment.version}};
}

json ToJson(const Iep& iep) {
  json services = json::array();
  for (const Service& service : iep.services) {
    services.push_back({{"id", service.id},
                        {"type", Name(service.type)},
                        {"minutes", service.minutes},
                        {"period", Name(service.period)},
                        {"setting", Name(service.setting)},
                        {"delivery", Name(service.delivery)},
                        {"start", service.start.ToString()},
                        {"end", service.end.ToString()}});
  }
  json goals = json::array();
  for (const Goal& goal : iep.goals) {
    goals.push_back(
        {{"id", goal.id},
         {"area", Name(goal.area)},
         {"statement", goal.statement},
         {"measurement", goal.measurement ? json(Name(*goal.measurement)) : json(nullptr)},
         {"baseline", goal.baseline},
         {"target", goal.target},
         {"unit", goal.unit},
         {"target_date", goal.target_date.ToString()}});
  }
  json accommodations = json::array();
  for (const Accommodation& accommodation : iep.accommodations) {
    accommodations.push_back({{"id", accommodation.id},
                              {"kind", Name(accommodation.kind)},
                              {"description", accommodation.description},
                              {"settings", Names(accommodation.settings)}});
  }
  json regulation = json::array();
  for (const RegulationLevel& level : iep.regulation_plan) {
    regulation.push_back({{"level", level.level},
                          {"student_signs", level.student_signs},
                          {"staff_response", level.staff_response}});
  }
  json one_to_one = nullptr;
  if (iep.one_to_one) {
    one_to_one = {
        {"justification", iep.one_to_one->justification},
        {"start", iep.one_to_one->start.ToString()},
        {"next_review", iep.one_to_one->next_review ? json(iep.one_to_one->next_review->ToString())
                                                    : json(nullptr)}};
  }
  return {{"id", iep.id},
          {"student_id", iep.student_id},
          {"status", Name(iep.status)},
          {"start", iep.start.ToString()},
          {"end", iep.end.ToString()},
          {"annual_review", iep.annual_review.ToString()},
          {"case_manager_id", OrNull(iep.case_manager_id)},
          {"services", std::move(services)},
          {"goals", std::move(goals)},
          {"accommodations", std::move(accommodations)},
          {"regulation_plan", std::move(regulation)},
          {"one_to_one", std::move(one_to_one)},
          {"source_id", iep.source_id},
          {"version", iep.version}};
}

json ToJson(const StudentDay& day) {
  json blocks = json::array();
  for (const DayBlock& block : day.blocks) {
    blocks.push_back({{"weekday", WeekdayName(block.weekday)},
                      {"start", block.span.start.ToString()},
                      {"end", block.span.end.ToString()},
                      {"section_id", OrNull(block.section_id)},
                      {"room_id", OrNull(block.room_id)},
                      {"activity", block.activity},
                      {"support", Name(block.support)},
                      {"skills_needed", Names(block.skills_needed)},
                      {"one_to_one", block.one_to_one}});
  }
  return {{"student_id", day.student_id}, {"blocks", std::move(blocks)}, {"version", day.version}};
}

void ReadFields(Fields& fields, School& school) {
  Reader& reader = fields.reader();
  reader.RefuseUnknown({"id", "version", "district_id", "name", "lowest_grade", "highest_grade",
                        "day", "source_id"});
  RequiredId(reader, "district_id", school.district_id);
  reader.Text("name", school.name, true);
  reader.Enum("lowest_grade", school.lowest_grade, true);
  reader.Enum("highest_grade", school.highest_grade, true);
  fields.Object("day", false, [&](Fields& day) { ReadSpan(day.reader(), school.day); });
  reader.Text("source_id", school.source_id, false);
}

void ReadFields(Fields& fields, Room& room) {
  Reader& reader = fields.reader();
  reader.RefuseUnknown({"id", "version", "school_id", "name", "capacity", "source_id"});
  RequiredId(reader, "school_id", room.school_id);
  reader.Text("name", room.name, true);
  reader.Int("capacity", room.capacity, true);
  reader.Text("source_id", room.source_id, false);
}

void ReadFields(Fields& fields, SchoolCalendar& calendar) {
  Reader& reader = fields.reader();
  reader.RefuseUnknown(
      {"id", "version", "school_id", "name", "first_day", "last_day", "non_instructional_days"});
  RequiredId(reader, "school_id", calendar.school_id);
  reader.Text("name", calendar.name, true);
  reader.Day("first_day", calendar.first_day, true);
  reader.Day("last_day", calendar.last_day, true);
  std::vector<std::string> days;
  reader.Texts("non_instructional_days", days, false);
  calendar.non_instructional_days.clear();
  for (std::size_t i = 0; i < days.size(); ++i) {
    std::optional<Date> day = Date::Parse(days[i]);
    if (!day) {
      reader.Problem("non_instructional_days[" + std::to_string(i) + "]",
                     "must be a date (YYYY-MM-DD)");
      continue;
    }
    calendar.non_instructional_days.push_back(*day);
  }
}

void ReadFields(Fields& fields, Staff& staff) {
  Reader& reader = fields.reader();
  reader.RefuseUnknown({"id", "version", "district_id", "school_id", "first_name", "last_name",
                        "email", "role", "provider_kind", "work_hours", "funding", "skills",
                        "credentials", "source_id"});
  RequiredId(reader, "district_id", staff.district_id);
  OptionalId(reader, "school_id", staff.school_id);
  reader.Text("first_name", staff.first_name, true);
  reader.Text("last_name", staff.last_name, true);
  reader.Text("email", staff.email, true);
  reader.Enum("role", staff.role, true);
  reader.Optional("provider_kind", staff.provider_kind);
  fields.Object("work_hours", false,
                [&](Fields& hours) { ReadSpan(hours.reader(), staff.work_hours); });
  reader.Objects("funding", staff.funding, false, [](Reader& item, FundingShare& share) {
    item.RefuseUnknown({"source", "percent"});
    item.Text("source", share.source, true);
    item.Int("percent", share.percent, true);
  });
  ReadEnums(reader, "skills", staff.skills);
  reader.Objects("credentials", staff.credentials, false, [](Reader& item, Credential& credential) {
    item.RefuseUnknown({"kind", "number", "expires"});
    item.Enum("kind", credential.kind, true);
    item.Text("number", credential.number, false);
    credential.expires.reset();
    if (item.Has("expires")) {
      Date expires;
      item.Day("expires", expires, true);
      credential.expires = expires;
    }
  });
  reader.Text("source_id", staff.source_id, false);
}

void ReadFields(Fields& fields, Student& student) {
  Reader& reader = fields.reader();
  reader.RefuseUnknown({"id", "version", "school_id", "first_name", "last_name", "birth_date",
                        "grade", "home_language", "case_manager_id", "source_id"});
  RequiredId(reader, "school_id", student.school_id);
  reader.Text("first_name", student.first_name, true);
  reader.Text("last_name", student.last_name, true);
  reader.Day("birth_date", student.birth_date, true);
  reader.Enum("grade", student.grade, true);
  reader.Text("home_language", student.home_language, false);
  OptionalId(reader, "case_manager_id", student.case_manager_id);
  reader.Text("source_id", student.source_id, false);
}

void ReadFields(Fields& fields, Guardian& guardian) {
  Reader& reader = fields.reader();
  reader.RefuseUnknown({"id", "version", "district_id", "first_name", "last_name", "email", "phone",
                        "preferred_language", "source_id"});
  RequiredId(reader, "district_id", guardian.district_id);
  reader.Text("first_name", guardian.first_name, true);
  reader.Text("last_name", guardian.last_name, true);
  reader.Text("email", guardian.email, false);
  reader.Text("phone", guardian.phone, false);
  reader.Text("preferred_language", guardian.preferred_language, false);
  reader.Text("source_id", guardian.source_id, false);
}

void ReadFields(Fields& fields, GuardianLink& link) {
  Reader& reader = fields.reader();
  reader.RefuseUnknown({"guardian_id", "student_id", "relation", "custody_restricted"});
  RequiredId(reader, "guardian_id", link.guardian_id);
  reader.Enum("relation", link.relation, true);
  fields.Bool("custody_restricted", link.custody_restricted, false);
}

void ReadFields(Fields& fields, Section& section) {
  Reader& reader = fields.reader();
  reader.RefuseUnknown({"id", "version", "school_id", "course", "code", "general_educator_id",
                        "room_id", "meetings", "source_id"});
  RequiredId(reader, "school_id", section.school_id);
  reader.Text("course", section.course, true);
  reader.Text("code", section.code, true);
  OptionalId(reader, "general_educator_id", section.general_educator_id);
  OptionalId(reader, "room_id", section.room_id);
  reader.Objects("meetings", section.meetings, false, [](Reader& item, Meeting& meeting) {
    item.RefuseUnknown({"weekday", "start", "end"});
    ReadWeekday(item, "weekday", meeting.weekday);
    ReadSpan(item, meeting.span);
  });
  reader.Text("source_id", section.source_id, false);
}

void ReadFields(Fields& fields, Enrolment& enrolment) {
  Reader& reader = fields.reader();
  reader.RefuseUnknown({"id", "version", "student_id", "section_id", "start", "end"});
  RequiredId(reader, "student_id", enrolment.student_id);
  RequiredId(reader, "section_id", enrolment.section_id);
  reader.Day("start", enrolment.start, true);
  enrolment.end.reset();
  if (reader.Has("end")) {
    Date end;
    reader.Day("end", end, true);
    enrolment.end = end;
  }
}

void ReadFields(Fields& fields, Iep& iep) {
  Reader& reader = fields.reader();
  reader.RefuseUnknown({"id", "version", "student_id", "status", "start", "end", "annual_review",
                        "case_manager_id", "services", "goals", "accommodations", "regulation_plan",
                        "one_to_one", "source_id"});
  RequiredId(reader, "student_id", iep.student_id);
  reader.Enum("status", iep.status, true);
  reader.Day("start", iep.start, true);
  reader.Day("end", iep.end, true);
  reader.Day("annual_review", iep.annual_review, true);
  OptionalId(reader, "case_manager_id", iep.case_manager_id);
  reader.Objects("services", iep.services, false, [](Reader& item, Service& service) {
    item.RefuseUnknown({"id", "type", "minutes", "period", "setting", "delivery", "start", "end"});
    item.Int("id", service.id, false);  // kept across changes; 0 or absent: a new service
    item.Enum("type", service.type, true);
    item.Int("minutes", service.minutes, true);
    item.Enum("period", service.period, true);
    item.Enum("setting", service.setting, true);
    item.Enum("delivery", service.delivery, true);
    item.Day("start", service.start, true);
    item.Day("end", service.end, true);
  });
  fields.List("goals", false, iep.goals, [](Fields& item, Goal& goal) {
    Reader& goal_reader = item.reader();
    goal_reader.RefuseUnknown(
        {"id", "area", "statement", "measurement", "baseline", "target", "unit", "target_date"});
    goal_reader.Int("id", goal.id, false);
    goal_reader.Enum("area", goal.area, true);
    goal_reader.Text("statement", goal.statement, true);
    goal_reader.Optional("measurement", goal.measurement);
    item.Number("baseline", goal.baseline, true);
    item.Number("target", goal.target, true);
    goal_reader.Text("unit", goal.unit, true);
    goal_reader.Day("target_date", goal.target_date, true);
  });
  reader.Objects("accommodations", iep.accommodations, false,
                 [](Reader& item, Accommodation& accommodation) {
                   item.RefuseUnknown({"id", "kind", "description", "settings"});
                   item.Int("id", accommodation.id, false);
                   item.Enum("kind", accommodation.kind, true);
                   item.Text("description", accommodation.description, true);
                   ReadEnums(item, "settings", accommodation.settings);
                 });
  reader.Objects("regulation_plan", iep.regulation_plan, false,
                 [](Reader& item, RegulationLevel& level) {
                   item.RefuseUnknown({"level", "student_signs", "staff_response"});
                   item.Int("level", level.level, true);
                   item.Text("student_signs", level.student_signs, true);
                   item.Text("staff_response", level.staff_response, true);
                 });
  iep.one_to_one.reset();
  fields.Object("one_to_one", false, [&](Fields& designation) {
    Reader& one = designation.reader();
    one.RefuseUnknown({"justification", "start", "next_review"});
    OneToOneDesignation value;
    one.Text("justification", value.justification, true);
    one.Day("start", value.start, true);
    if (one.Has("next_review")) {
      Date review;
      one.Day("next_review", review, true);
      value.next_review = review;
    }
    iep.one_to_one = std::move(value);
  });
  reader.Text("source_id", iep.source_id, false);
}

void ReadFields(Fields& fields, StudentDay& day) {
  fields.reader().RefuseUnknown({"student_id", "version", "blocks"});
  fields.List("blocks", true, day.blocks, [](Fields& item, DayBlock& block) {
    Reader& reader = item.reader();
    reader.RefuseUnknown({"weekday", "start", "end", "section_id", "room_id", "activity", "support",
                          "skills_needed", "one_to_one"});
    ReadWeekday(reader, "weekday", block.weekday);
    ReadSpan(reader, block.span);
    OptionalId(reader, "section_id", block.section_id);
    OptionalId(reader, "room_id", block.room_id);
    reader.Text("activity", block.activity, true);
    reader.Enum("support", block.support, true);
    ReadEnums(reader, "skills_needed", block.skills_needed);
    item.Bool("one_to_one", block.one_to_one, false);
  });
}

Fields::Fields(const nlohmann::json& object, std::vector<FieldProblem>& problems, std::string path)
    : object_(object),
      problems_(problems),
      path_(std::move(path)),
      reader_(object, problems, path_) {}

std::string Fields::Path(std::string_view field) const {
  return path_.empty() ? std::string(field) : path_ + "." + std::string(field);
}

const nlohmann::json* Fields::Find(std::string_view field, bool required) {
  if (!reader_.Has(field)) {
    if (required && object_.is_object()) reader_.Problem(field, "is required");
    return nullptr;
  }
  return &object_.at(field);
}

void Fields::Bool(std::string_view field, bool& value, bool required) {
  const nlohmann::json* item = Find(field, required);
  if (!item) return;
  if (!item->is_boolean()) return reader_.Problem(field, "must be true or false");
  value = item->get<bool>();
}

void Fields::Number(std::string_view field, double& value, bool required) {
  const nlohmann::json* item = Find(field, required);
  if (!item) return;
  if (!item->is_number()) return reader_.Problem(field, "must be a number");
  value = item->get<double>();
  if (!std::isfinite(value)) reader_.Problem(field, "must be a finite number");
}

}  // namespace paraplan::http
