#include "domain/plan_json.h"

#include <nlohmann/json.hpp>

#include "domain/json_reader.h"

namespace paraplan {
namespace {

using json_reader::Reader;
using nlohmann::json;

using json_reader::kOptional;
using json_reader::kRequired;
using json_reader::Name;

template <typename T>
json OrNull(const std::optional<T>& value) {
  return value ? json(*value) : json(nullptr);
}

}  // namespace

json ToJson(const ServicePlan& plan) {
  json out = json::object();
  out["id"] = plan.id;
  out["section_id"] = plan.section_id;
  out["date"] = plan.date.ToString();
  out["author_id"] = plan.author_id;
  out["objective"] = plan.objective;
  out["standard"] = plan.standard;
  out["parts"] = json::array();
  for (const LessonPart& part : plan.parts) {
    out["parts"].push_back(
        {{"key", part.key}, {"description", part.description}, {"minutes", part.minutes}});
  }
  out["materials"] = plan.materials;
  out["status"] = Name(plan.status);
  out["submitted_on"] = plan.submitted_on ? json(plan.submitted_on->ToString()) : json(nullptr);
  out["reviewer_id"] = OrNull(plan.reviewer_id);
  out["return_reason"] = plan.return_reason ? json(*plan.return_reason) : json(nullptr);
  out["adults"] = json::array();
  for (const PlanAdult& adult : plan.adults) {
    out["adults"].push_back({{"staff_id", adult.staff_id},
                             {"role", Name(adult.role)},
                             {"name", adult.name},
                             {"presence", Name(adult.presence)}});
  }
  out["adaptations"] = json::array();
  for (const StudentAdaptation& adaptation : plan.adaptations) {
    out["adaptations"].push_back({{"student_id", adaptation.student_id},
                                  {"kind", Name(adaptation.kind)},
                                  {"description", adaptation.description}});
  }
  out["adapted_lessons"] = json::array();
  for (const AdaptedLesson& lesson : plan.adapted_lessons) {
    out["adapted_lessons"].push_back({{"key", lesson.key},
                                      {"prepared_by", lesson.prepared_by},
                                      {"student_ids", lesson.student_ids},
                                      {"title", lesson.title},
                                      {"content", lesson.content}});
  }
  out["data_to_collect"] = json::array();
  for (const DataToCollect& data : plan.data_to_collect) {
    out["data_to_collect"].push_back({{"student_id", data.student_id},
                                      {"goal_id", data.goal_id},
                                      {"method", Name(data.method)},
                                      {"how", data.how},
                                      {"collector_id", OrNull(data.collector_id)}});
  }
  out["roles"] = json::array();
  for (const RoleAssignment& role : plan.roles) {
    out["roles"].push_back({{"staff_id", role.staff_id},
                            {"part", role.part},
                            {"activity", Name(role.activity)},
                            {"audience", Name(role.audience)},
                            {"student_ids", role.student_ids},
                            {"supervisor_id", OrNull(role.supervisor_id)},
                            {"adapted_lesson", role.adapted_lesson},
                            {"note", role.note}});
  }
  out["version"] = plan.version;
  return out;
}

Result<ServicePlan> PlanFromJson(const json& input, PlanJsonForm form) {
  const bool identity_required = form != PlanJsonForm::kChange;
  const bool roles_required = form == PlanJsonForm::kStored;
  std::vector<FieldProblem> problems;
  Reader in(input, problems);
  if (!problems.empty()) return Fail(Error::Invalid("a service plan must be a JSON object", problems));
  in.RefuseUnknown({"id", "section_id", "date", "author_id", "objective", "standard", "parts",
                    "materials", "status", "submitted_on", "reviewer_id", "return_reason", "adults", "adaptations",
                    "adapted_lessons", "data_to_collect", "roles", "version", "late",
                    "deadline"});
  ServicePlan plan;
  in.Int("id", plan.id, kOptional);
  in.Int("section_id", plan.section_id, identity_required);
  in.Day("date", plan.date, identity_required);
  in.Int("author_id", plan.author_id, kOptional);
  in.Text("objective", plan.objective, kRequired);
  in.Text("standard", plan.standard, kOptional);
  in.Objects("parts", plan.parts, kOptional, [](Reader& item, LessonPart& part) {
    item.RefuseUnknown({"key", "description", "minutes"});
    item.Text("key", part.key, kRequired);
    item.Text("description", part.description, kOptional);
    item.Int("minutes", part.minutes, kRequired);
  });
  in.Texts("materials", plan.materials, kOptional);
  in.Enum("status", plan.status, kOptional);
  if (in.Has("submitted_on")) {
    Date submitted;
    in.Day("submitted_on", submitted, kRequired);
    plan.submitted_on = submitted;
  }
  in.Optional("reviewer_id", plan.reviewer_id);
  if (in.Has("return_reason")) {
    std::string reason;
    in.Text("return_reason", reason, kRequired);
    plan.return_reason = std::move(reason);
  }
  in.Objects("adults", plan.adults, kOptional, [roles_required](Reader& item, PlanAdult& adult) {
    item.RefuseUnknown({"staff_id", "role", "name", "presence"});
    item.Int("staff_id", adult.staff_id, kRequired);
    item.Enum("role", adult.role, roles_required);
    item.Text("name", adult.name, kOptional);
    item.Enum("presence", adult.presence, kOptional);
  });
  in.Objects("adaptations", plan.adaptations, kOptional,
             [](Reader& item, StudentAdaptation& adaptation) {
               item.RefuseUnknown({"student_id", "kind", "description"});
               item.Int("student_id", adaptation.student_id, kRequired);
               item.Enum("kind", adaptation.kind, kRequired);
               item.Text("description", adaptation.description, kRequired);
             });
  in.Objects("adapted_lessons", plan.adapted_lessons, kOptional,
             [](Reader& item, AdaptedLesson& lesson) {
               item.RefuseUnknown({"key", "prepared_by", "student_ids", "title", "content"});
               item.Text("key", lesson.key, kRequired);
               item.Int("prepared_by", lesson.prepared_by, kRequired);
               item.Ints("student_ids", lesson.student_ids, kOptional);
               item.Text("title", lesson.title, kRequired);
               item.Text("content", lesson.content, kRequired);
             });
  in.Objects("data_to_collect", plan.data_to_collect, kOptional,
             [](Reader& item, DataToCollect& data) {
               item.RefuseUnknown({"student_id", "goal_id", "method", "how", "collector_id"});
               item.Int("student_id", data.student_id, kRequired);
               item.Int("goal_id", data.goal_id, kRequired);
               item.Enum("method", data.method, kRequired);
               item.Text("how", data.how, kRequired);
               item.Optional("collector_id", data.collector_id);
             });
  in.Objects("roles", plan.roles, kOptional, [](Reader& item, RoleAssignment& role) {
    item.RefuseUnknown({"staff_id", "part", "activity", "audience", "student_ids", "supervisor_id",
                        "adapted_lesson", "note"});
    item.Int("staff_id", role.staff_id, kRequired);
    item.Text("part", role.part, kRequired);
    item.Enum("activity", role.activity, kRequired);
    item.Enum("audience", role.audience, kRequired);
    item.Ints("student_ids", role.student_ids, kOptional);
    item.Optional("supervisor_id", role.supervisor_id);
    item.Text("adapted_lesson", role.adapted_lesson, kOptional);
    item.Text("note", role.note, kOptional);
  });
  in.Int("version", plan.version, kOptional);
  if (!problems.empty()) return Fail(Error::Invalid("service plan is not readable", std::move(problems)));
  return plan;
}

}  // namespace paraplan
