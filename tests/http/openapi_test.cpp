// The OpenAPI description stays true over real HTTP, for every documented
// method and not only the reads: each documented route and method the server
// serves answers with a status its operation documents, a success body has
// the documented schema's shape, and every error body is the documented
// {"error": {"code", "message", "fields", "request_id"}}. Writes are walked
// as a client would: create, replace what was created, delete it.
#include "http/resources/openapi.h"

#include <fmt/format.h>
#include <gtest/gtest.h>

#include <cctype>
#include <map>
#include <set>
#include <string>

#include "support/openapi_shape.h"
#include "support/records.h"
#include "support/test_server.h"

namespace paraplan::testing {
namespace {

using nlohmann::json;

std::string Upper(std::string text) {
  for (char& c : text) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return text;
}

std::optional<http::Method> MethodOf(const std::string& name) {
  if (name == "get") return http::Method::kGet;
  if (name == "post") return http::Method::kPost;
  if (name == "put") return http::Method::kPut;
  if (name == "delete") return http::Method::kDelete;
  return std::nullopt;
}

// A record as a client would send it for a new one: without the ids and
// versions the server assigns, at any depth.
json WithoutAssignedFields(json value) {
  if (value.is_object()) {
    for (const char* assigned : {"id", "version", "source_id"}) value.erase(assigned);
    for (auto& [name, item] : value.items()) item = WithoutAssignedFields(item);
  } else if (value.is_array()) {
    for (json& item : value) item = WithoutAssignedFields(item);
  }
  return value;
}

class OpenApi : public ::testing::Test {
 protected:
  OpenApi() : document_(json::parse(http::OpenApiDocument())) {
    const Roster& r = server_.roster();
    Result<void> filled = server_.db().store().Write([&](Transaction& tx) -> Result<void> {
      Room room;
      room.school_id = r.school;
      room.name = "Room 12";
      room.capacity = 24;
      ids_["rooms"] = PARAPLAN_TRY(tx.Insert(room));
      SchoolCalendar year;
      year.school_id = r.school;
      year.name = "2026-2027";
      year.first_day = *Date::Parse("2026-09-01");
      year.last_day = *Date::Parse("2027-06-15");
      ids_["calendars"] = PARAPLAN_TRY(tx.Insert(year));
      ids_["sections"] =
          PARAPLAN_TRY(tx.Insert(MakeSection(r.school, "MATH3-01", r.general_educator)));
      ids_["spare_section"] =
          PARAPLAN_TRY(tx.Insert(MakeSection(r.school, "ART3-01", std::nullopt)));
      Enrolment enrolment;
      enrolment.student_id = r.student;
      enrolment.section_id = ids_["sections"];
      enrolment.start = *Date::Parse("2026-09-01");
      ids_["enrolments"] = PARAPLAN_TRY(tx.Insert(enrolment));
      ids_["ieps"] = PARAPLAN_TRY(
          tx.Insert(MakeActiveIep(r.student, *Date::Parse("2026-09-01"), r.special_educator)));
      // A district administrator: schools are created at district level.
      Staff director;
      director.district_id = r.district;
      director.first_name = "dana";
      director.last_name = "Director";
      director.email = "dana@example.org";
      director.role = StaffRole::kAdministrator;
      director.funding = {{"General fund", 100}};
      director_ = PARAPLAN_TRY(tx.Insert(director));
      return {};
    });
    if (!filled) throw std::runtime_error(filled.error().message);
    ids_["schools"] = r.school;
    ids_["staff"] = r.para;
    ids_["students"] = r.student;
    ids_["guardians"] = r.guardian;
    server_.AddAccount(AccountKind::kStaff, director_, "dana@riverside.example.org", kGoodPassword);
    admin_ = server_.SignIn(client_, "dana@riverside.example.org", kGoodPassword);
    server_.AddAccount(AccountKind::kStaff, r.special_educator, "sam@riverside.example.org",
                       kGoodPassword);
    case_manager_ = server_.SignIn(client_, "sam@riverside.example.org", kGoodPassword);
  }

  // The documented operation of a path and method.
  const json& Operation(const std::string& pattern, const std::string& method) const {
    return document_["paths"][pattern][method];
  }

  bool Served(const std::string& pattern, const std::string& method) {
    std::optional<http::Method> served = MethodOf(method);
    if (!served) return false;
    // The pattern itself matches its own route: {id} is a parameter segment.
    return server_.api().router().Find(*served, pattern).route != nullptr;
  }

  // The pattern with each {parameter} replaced by a fixture id.
  std::string Target(const std::string& pattern, std::optional<Id> id = std::nullopt) {
    std::string target = pattern;
    std::string collection = pattern.substr(std::string("/api/v1/").size());
    collection = collection.substr(0, collection.find('/'));
    auto replace = [&](const std::string& name, Id value) {
      const std::string segment = "{" + name + "}";
      std::size_t at = target.find(segment);
      if (at != std::string::npos) target.replace(at, segment.size(), std::to_string(value));
    };
    replace("id", id.value_or(ids_.contains(collection) ? ids_[collection] : 999'999'999));
    replace("guardian_id", server_.roster().guardian);
    const json& operations = document_["paths"][pattern];
    const json none = json::array();
    const json& parameters =
        operations.contains("get") ? operations["get"].value("parameters", none) : none;
    for (const json& parameter : parameters) {
      if (parameter["in"] == "query" && parameter.value("required", false)) {
        target += (target.find('?') == std::string::npos ? "?" : "&") +
                  parameter["name"].get<std::string>() + "=" +
                  std::to_string(server_.roster().school);
      }
    }
    return target;
  }

  HttpResponse Send(const std::string& method, const std::string& target,
                    const std::string& body = "", const std::string& if_match = "",
                    const SignedInClient* as = nullptr, bool signed_in = true) {
    std::vector<std::pair<std::string, std::string>> headers;
    // IEP content is written by the case manager; everything else by the
    // district administrator.
    if (!as) as = target.starts_with("/api/v1/ieps") ? &case_manager_ : &admin_;
    if (signed_in)
      headers = as->Headers();
    else
      headers.emplace_back("Content-Type", "application/json");
    if (!if_match.empty()) headers.emplace_back("If-Match", if_match);
    return client_.Send(Upper(method), target, headers, body);
  }

  // Checks an answer against the operation: a documented status, and the
  // documented shape of its body (the error body for every 4xx).
  void ExpectDocumented(const std::string& pattern, const std::string& method,
                        const HttpResponse& response, const std::string& why) {
    const std::string where = fmt::format("{} {} ({})", Upper(method), pattern, why);
    const json& responses = Operation(pattern, method)["responses"];
    const std::string status = std::to_string(response.status);
    ASSERT_TRUE(responses.contains(status))
        << where << " answered an undocumented " << status << ": " << response.body;
    const json& documented = responses[status];
    if (documented.contains("content") && !response.body.empty()) {
      ExpectShape(document_, documented["content"]["application/json"]["schema"], response.Json(),
                  where);
    }
    if (response.status >= 400) {
      ExpectShape(document_, json{{"$ref", "#/components/schemas/Error"}}, response.Json(), where);
      EXPECT_EQ(response.Json()["error"]["request_id"],
                response.Header("X-Request-Id").value_or("?"))
          << where;
    }
    ++checked_;
  }

  // A body for a new record like the fixture's, with the fields that must be
  // unique changed.
  json NewRecordLike(const std::string& collection) {
    HttpResponse read = Send("get", fmt::format("/api/v1/{}/{}", collection, ids_.at(collection)));
    EXPECT_EQ(read.status, 200) << collection << ": " << read.body;
    json body = WithoutAssignedFields(read.Json());
    for (const char* field : {"name", "code", "first_name"}) {
      if (body.contains(field)) body[field] = body[field].get<std::string>() + " two";
    }
    if (body.contains("email")) body["email"] = "second." + body["email"].get<std::string>();
    if (collection == "enrolments") body["section_id"] = ids_.at("spare_section");
    if (collection == "ieps") body["status"] = "draft";
    return body;
  }

  TestServer server_;
  HttpClient client_{server_.port()};
  json document_;
  std::map<std::string, Id> ids_;
  Id director_ = 0;
  SignedInClient admin_;
  SignedInClient case_manager_;
  int checked_ = 0;
};

TEST_F(OpenApi, every_documented_write_creates_replaces_and_deletes_in_the_documented_shapes) {
  std::set<std::string> walked;
  for (const auto& [pattern, operations] : document_["paths"].items()) {
    if (!operations.contains("post") || pattern.find('{') != std::string::npos) continue;
    const std::string collection = pattern.substr(std::string("/api/v1/").size());
    if (!ids_.contains(collection) || !Served(pattern, "post")) continue;
    HttpResponse created = Send("post", pattern, NewRecordLike(collection).dump());
    ExpectDocumented(pattern, "post", created, "create");
    ASSERT_EQ(created.status, 201) << pattern << ": " << created.body;
    walked.insert("POST " + pattern);
    const Id id = created.Json()["id"].get<Id>();
    std::string etag = created.Header("ETag").value_or("");
    const std::string item = pattern + "/{id}";
    if (document_["paths"].contains(item) && document_["paths"][item].contains("put")) {
      json body = WithoutAssignedFields(created.Json());
      HttpResponse replaced = Send("put", Target(item, id), body.dump(), etag);
      ExpectDocumented(item, "put", replaced, "replace");
      EXPECT_EQ(replaced.status, 200) << item << ": " << replaced.body;
      etag = replaced.Header("ETag").value_or(etag);
      walked.insert("PUT " + item);
    }
    if (document_["paths"].contains(item) && document_["paths"][item].contains("delete")) {
      HttpResponse deleted = Send("delete", Target(item, id), "", etag);
      ExpectDocumented(item, "delete", deleted, "delete");
      EXPECT_EQ(deleted.status, 204) << item << ": " << deleted.body;
      walked.insert("DELETE " + item);
    }
  }
  // The writes that hang off one student.
  const std::string day = "/api/v1/students/{id}/day";
  HttpResponse read_day = Send("get", Target(day));
  ASSERT_EQ(read_day.status, 200) << read_day.body;
  json blocks = {{"blocks", json::array({{{"weekday", "monday"},
                                          {"start", "09:00"},
                                          {"end", "10:00"},
                                          {"activity", "Grade 3 Math"},
                                          {"support", "adult_support"}}})}};
  HttpResponse put_day =
      Send("put", Target(day), blocks.dump(), read_day.Header("ETag").value_or(""));
  ExpectDocumented(day, "put", put_day, "replace");
  EXPECT_EQ(put_day.status, 200) << put_day.body;
  walked.insert("PUT " + day);
  const std::string link = "/api/v1/students/{id}/guardians/{guardian_id}";
  HttpResponse linked =
      Send("put", Target(link), json{{"relation", "father"}, {"custody_restricted", false}}.dump());
  ExpectDocumented(link, "put", linked, "link");
  EXPECT_EQ(linked.status, 200) << linked.body;
  HttpResponse unlinked = Send("delete", Target(link));
  ExpectDocumented(link, "delete", unlinked, "unlink");
  EXPECT_EQ(unlinked.status, 204) << unlinked.body;
  walked.insert("PUT " + link);
  walked.insert("DELETE " + link);

  // Every served documented write of the student and directory records was
  // walked to success.
  std::set<std::string> writes;
  for (const auto& [pattern, operations] : document_["paths"].items()) {
    for (const auto& [method, operation] : operations.items()) {
      if (method == "get" || !Served(pattern, method)) continue;
      const std::string collection = pattern.substr(
          std::string("/api/v1/").size(),
          pattern.find('/', std::string("/api/v1/").size()) - std::string("/api/v1/").size());
      if (ids_.contains(collection)) writes.insert(Upper(method) + " " + pattern);
    }
  }
  for (const std::string& write : writes) EXPECT_TRUE(walked.contains(write)) << write;
  EXPECT_GE(walked.size(), 25U);
}

TEST_F(OpenApi, every_documented_route_refuses_in_the_documented_error_body) {
  for (const auto& [pattern, operations] : document_["paths"].items()) {
    for (const auto& [method, operation] : operations.items()) {
      if (!Served(pattern, method)) continue;
      const bool is_public =
          !operation.contains("responses") || !operation["responses"].contains("401");
      if (is_public) continue;
      // Not signed in: 401.
      HttpResponse anonymous = Send(method, Target(pattern), "{}", "", nullptr, false);
      ExpectDocumented(pattern, method, anonymous, "anonymous");
      EXPECT_EQ(anonymous.status, 401) << pattern;
      if (pattern.find("{id}") != std::string::npos) {
        // An id that names nothing.
        HttpResponse missing = Send(method, Target(pattern, 999'999'999),
                                    method == "get" || method == "delete" ? "" : "{}", "\"1\"");
        ExpectDocumented(pattern, method, missing, "missing id");
        EXPECT_GE(missing.status, 400) << pattern;
      }
      if (method == "post" || method == "put") {
        // A body that is not JSON, and one with a field nobody documents.
        for (const std::string body : {"{not json", R"({"no_such_field": 1})"}) {
          HttpResponse refused = Send(method, Target(pattern), body, "\"1\"");
          ExpectDocumented(pattern, method, refused, body);
          EXPECT_GE(refused.status, 400) << Upper(method) << " " << pattern << " with " << body;
        }
      }
    }
  }
  EXPECT_GE(checked_, 100);
}

}  // namespace
}  // namespace paraplan::testing
