// The JSON shapes of roster, IEP and student-day records in the API: stable
// enum names from domain/enums.h, ISO dates (YYYY-MM-DD) and HH:MM times.
// Reading a body refuses unknown fields and names every problem by field;
// "id" and "version" are accepted and ignored on input, because the id comes
// from the path and the version from If-Match.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "domain/json_reader.h"
#include "domain/model.h"

namespace paraplan::http {

nlohmann::json ToJson(const School& school);
nlohmann::json ToJson(const Room& room);
nlohmann::json ToJson(const SchoolCalendar& calendar);
nlohmann::json ToJson(const Staff& staff);
nlohmann::json ToJson(const Student& student);
nlohmann::json ToJson(const Guardian& guardian);
nlohmann::json ToJson(const GuardianLink& link);
nlohmann::json ToJson(const Section& section);
nlohmann::json ToJson(const Enrolment& enrolment);
// The IEP as given; the caller redacts it first (rules/access.h RedactIep).
nlohmann::json ToJson(const Iep& iep);
nlohmann::json ToJson(const StudentDay& day);

// The fields of one JSON object being read: the domain's json_reader for
// strings, ids, enums and dates, plus the booleans, numbers and nested
// objects the roster shapes need, every problem named by its full path.
class Fields {
 public:
  // `object` and `problems` must outlive the reader.
  Fields(const nlohmann::json& object, std::vector<FieldProblem>& problems, std::string path = "");

  json_reader::Reader& reader() { return reader_; }
  void Bool(std::string_view field, bool& value, bool required);
  // Any finite JSON number.
  void Number(std::string_view field, double& value, bool required);
  // A nested object read by `read(Fields&)`; a non-object names the field.
  template <typename Read>
  void Object(std::string_view field, bool required, Read&& read) {
    const nlohmann::json* item = Find(field, required);
    if (!item) return;
    if (!item->is_object()) return reader_.Problem(field, "must be a JSON object");
    Fields nested(*item, problems_, Path(field));
    read(nested);
  }
  // A list of objects, each read by `read(Fields&, T&)` into a new element.
  template <typename T, typename Read>
  void List(std::string_view field, bool required, std::vector<T>& values, Read&& read) {
    const nlohmann::json* item = Find(field, required);
    if (!item) return;
    if (!item->is_array()) return reader_.Problem(field, "must be a list");
    values.clear();
    for (std::size_t i = 0; i < item->size(); ++i) {
      Fields nested((*item)[i], problems_, Path(field) + "[" + std::to_string(i) + "]");
      T value{};
      read(nested, value);
      values.push_back(std::move(value));
    }
  }

 private:
  std::string Path(std::string_view field) const;
  const nlohmann::json* Find(std::string_view field, bool required);

  const nlohmann::json& object_;
  std::vector<FieldProblem>& problems_;
  std::string path_;
  json_reader::Reader reader_;
};

// Each reads the fields of one record from a body object into `record`,
// adding a problem per bad field. Fields that say where the record belongs
// (school_id of a room, student_id of an IEP) are read too; the handler
// checks the caller may write there.
void ReadFields(Fields& fields, School& school);
void ReadFields(Fields& fields, Room& room);
void ReadFields(Fields& fields, SchoolCalendar& calendar);
void ReadFields(Fields& fields, Staff& staff);
void ReadFields(Fields& fields, Student& student);
void ReadFields(Fields& fields, Guardian& guardian);
void ReadFields(Fields& fields, GuardianLink& link);
void ReadFields(Fields& fields, Section& section);
void ReadFields(Fields& fields, Enrolment& enrolment);
void ReadFields(Fields& fields, Iep& iep);
void ReadFields(Fields& fields, StudentDay& day);

}  // namespace paraplan::http
