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

  // The route the server matches a documented path and method to.
  const http::Route* RouteOf(const std::string& pattern, const std::string& method) {
    std::optional<http::Method> served = MethodOf(method);
    if (!served) return nullptr;
    // The pattern itself matches its own route: {id} is a parameter segment.
    return server_.api().router().Find(*served, pattern).route;
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

  // A response object, or the shared one its $ref names.
  const json& Resolved(const json& response) const {
    if (!response.contains("$ref")) return response;
    const std::string ref = response["$ref"].get<std::string>();
    const std::string prefix = "#/components/responses/";
    EXPECT_TRUE(ref.starts_with(prefix)) << ref;
    return document_["components"]["responses"][ref.substr(prefix.size())];
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
    const json& documented = Resolved(responses[status]);
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

TEST_F(OpenApi, the_description_documents_exactly_the_routes_served) {
  EXPECT_EQ(document_["openapi"], "3.1.0");
  std::set<std::string> documented;
  for (const auto& [pattern, operations] : document_["paths"].items()) {
    for (const auto& [method, operation] : operations.items()) {
      documented.insert(Upper(method) + " " + pattern);
    }
  }
  std::set<std::string> served;
  for (const http::Route& route : server_.api().router().routes()) {
    if (route.pattern.starts_with("/api/")) {
      served.insert(std::string(NameOf(route.method)) + " " + route.pattern);
    }
  }
  EXPECT_EQ(documented, served);
  // A route open to anyone documents no 401, and every other route does.
  for (const auto& [pattern, operations] : document_["paths"].items()) {
    for (const auto& [method, operation] : operations.items()) {
      const http::Route* route = RouteOf(pattern, method);
      if (!route) continue;
      const bool is_public = route->access == http::Access::kPublic;
      EXPECT_EQ(operation.contains("security") && operation["security"].empty(), is_public)
          << Upper(method) << " " << pattern << ": public routes say \"security\": []";
    }
  }
}

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

// The routes beyond the student and directory records, walked as their
// users would: each answer has a documented status and shape.
TEST_F(OpenApi, the_account_capture_and_brief_routes_answer_in_their_documented_shapes) {
  // Signing in, and what a signed-in person reads of their own account.
  const std::string session = "/api/v1/session";
  HttpResponse signed_in = Send(
      "post", session,
      json{{"email", "sam@riverside.example.org"}, {"password", kGoodPassword}}.dump(), "", nullptr,
      false);
  ExpectDocumented(session, "post", signed_in, "sign in");
  EXPECT_EQ(signed_in.status, 201) << signed_in.body;
  ExpectDocumented(session, "get", Send("get", session, "", "", &case_manager_), "who");
  HttpResponse open = Send("get", "/api/v1/me/sessions", "", "", &case_manager_);
  ExpectDocumented("/api/v1/me/sessions", "get", open, "list");
  ASSERT_EQ(open.status, 200) << open.body;
  ASSERT_EQ(open.Json()["items"].size(), 2U) << open.body;  // the fixture's and the new one
  const Id other_session = signed_in.Json()["session_id"].get<Id>();
  HttpResponse ended =
      Send("delete", fmt::format("/api/v1/me/sessions/{}", other_session), "", "", &case_manager_);
  ExpectDocumented("/api/v1/me/sessions/{id}", "delete", ended, "end another");
  EXPECT_EQ(ended.status, 204) << ended.body;
  HttpResponse token = Send("post", "/api/v1/me/tokens",
                            json{{"name", "gradebook sync"}, {"scope", "read"}}.dump(), "",
                            &case_manager_);
  ExpectDocumented("/api/v1/me/tokens", "post", token, "create");
  ASSERT_EQ(token.status, 201) << token.body;
  ExpectDocumented("/api/v1/me/tokens", "get", Send("get", "/api/v1/me/tokens", "", "", &case_manager_),
                   "list");
  HttpResponse revoked =
      Send("delete", fmt::format("/api/v1/me/tokens/{}", token.Json()["id"].get<Id>()), "", "",
           &case_manager_);
  ExpectDocumented("/api/v1/me/tokens/{id}", "delete", revoked, "revoke");
  EXPECT_EQ(revoked.status, 204) << revoked.body;

  // Classroom data on the case manager's own student: recorded, sent again,
  // listed, read, corrected, reviewed, its history, and a sync batch.
  const std::string id = "0b7e2a4c-3f6d-4e1a-9c8b-5d2f1e0a7b61";
  json incident = {{"id", id},
                   {"kind", "behavior_incident"},
                   {"created_at", "2026-09-21T10:05:00Z"},
                   {"student_id", server_.roster().student},
                   {"date", "2026-09-21"},
                   {"time", "10:00"},
                   {"activity", "independent reading"},
                   {"antecedent", "asked to read aloud"},
                   {"behavior", "left the table"},
                   {"consequence", "offered a break card"}};
  const std::string captures = "/api/v1/captures";
  for (int expected : {201, 200}) {
    HttpResponse recorded = Send("post", captures, incident.dump(), "", &case_manager_);
    ExpectDocumented(captures, "post", recorded, "record");
    EXPECT_EQ(recorded.status, expected) << recorded.body;
  }
  HttpResponse listed = Send(
      "get", fmt::format("{}?student_id={}", captures, server_.roster().student), "", "",
      &case_manager_);
  ExpectDocumented(captures, "get", listed, "list");
  ASSERT_EQ(listed.status, 200) << listed.body;
  EXPECT_EQ(listed.Json()["items"].size(), 1U) << listed.body;
  const std::string one = "/api/v1/captures/{id}";
  HttpResponse read = Send("get", captures + "/" + id, "", "", &case_manager_);
  ExpectDocumented(one, "get", read, "read");
  ASSERT_EQ(read.status, 200) << read.body;
  json correction = incident;
  correction["version"] = read.Json()["version"];
  correction["consequence"] = "offered a break card and a timer";
  correction["reason"] = "the timer was left out";
  HttpResponse corrected = Send("put", captures + "/" + id, correction.dump(), "", &case_manager_);
  ExpectDocumented(one, "put", corrected, "correct");
  ASSERT_EQ(corrected.status, 200) << corrected.body;
  HttpResponse reviewed = Send("post", captures + "/" + id + "/review",
                               json{{"version", corrected.Json()["version"]}}.dump(), "",
                               &case_manager_);
  ExpectDocumented(one + "/review", "post", reviewed, "review");
  EXPECT_EQ(reviewed.status, 200) << reviewed.body;
  HttpResponse history = Send("get", captures + "/" + id + "/history", "", "", &case_manager_);
  ExpectDocumented(one + "/history", "get", history, "history");
  ASSERT_EQ(history.status, 200) << history.body;
  EXPECT_GE(history.Json()["versions"].size(), 2U) << history.body;
  json fresh = incident;
  fresh["id"] = "5c1d9e2f-7a4b-4c3d-8e6f-0a1b2c3d4e5f";
  json unreadable = {{"id", "9f8e7d6c-5b4a-4938-8271-605f4e3d2c1b"}, {"kind", "no_such_kind"}};
  HttpResponse synced = Send("post", "/api/v1/sync",
                             json{{"records", json::array({incident, fresh, unreadable})}}.dump(),
                             "", &case_manager_);
  ExpectDocumented("/api/v1/sync", "post", synced, "sync");
  ASSERT_EQ(synced.status, 200) << synced.body;
  EXPECT_EQ(synced.Json()["stored"], 2) << synced.body;
  EXPECT_EQ(synced.Json()["refused"], 1) << synced.body;

  // The daily brief of an adult in the room.
  HttpResponse brief = Send("get", "/api/v1/me/day?date=2026-09-21", "", "", &case_manager_);
  ExpectDocumented("/api/v1/me/day", "get", brief, "brief");
  EXPECT_EQ(brief.status, 200) << brief.body;

  // Changing the password starts a new session; signing out ends it.
  HttpResponse changed = Send("put", "/api/v1/me/password",
                              json{{"current_password", kGoodPassword},
                                   {"new_password", "harbor-quilt-meadow-77"}}
                                  .dump(),
                              "", &case_manager_);
  ExpectDocumented("/api/v1/me/password", "put", changed, "change password");
  ASSERT_EQ(changed.status, 200) << changed.body;
  SignedInClient renewed;
  renewed.cookie = changed.Header("Set-Cookie").value_or("");
  renewed.cookie = renewed.cookie.substr(0, renewed.cookie.find(';'));
  renewed.csrf_token = changed.Json()["csrf_token"].get<std::string>();
  HttpResponse signed_out = Send("delete", session, "", "", &renewed);
  ExpectDocumented(session, "delete", signed_out, "sign out");
  EXPECT_EQ(signed_out.status, 204) << signed_out.body;
}

// Every documented query parameter refuses a value its schema rules out (a
// word for a number, a number below its minimum or above its maximum, an
// impossible date, a name its enum does not list) with 422 naming the
// parameter, never by ignoring it or failing otherwise.
TEST_F(OpenApi, every_documented_query_parameter_refuses_a_bad_value_naming_it) {
  int refused = 0;
  for (const auto& [pattern, operations] : document_["paths"].items()) {
    if (!operations.contains("get") || !Served(pattern, "get")) continue;
    // A route under an id the fixture has no record for answers 404 first.
    const std::string target = Target(pattern);
    if (target.find("999999999") != std::string::npos) continue;
    // The daily brief is for adults in the room, not administrators.
    const SignedInClient* as = pattern == "/api/v1/me/day" ? &case_manager_ : nullptr;
    const json parameters = operations["get"].value("parameters", json::array());
    // District staff name the school for some lists (sections): give it,
    // unless it is the parameter under test.
    bool takes_school = false;
    for (const json& parameter : parameters) {
      takes_school = takes_school || parameter["name"] == "school_id";
    }
    for (const json& parameter : parameters) {
      if (parameter["in"] != "query") continue;
      const std::string name = parameter["name"].get<std::string>();
      const json& schema = parameter["schema"];
      std::vector<std::string> bad;
      if (schema["type"] == "integer") {
        bad.push_back("abc");
        if (schema.contains("minimum")) {
          bad.push_back(std::to_string(schema["minimum"].get<int>() - 1));
        }
        if (schema.contains("maximum")) {
          bad.push_back(std::to_string(schema["maximum"].get<int>() + 1));
        }
      } else if (schema.value("format", "") == "date") {
        bad.push_back("2026-02-30");
      } else if (schema.value("format", "") == "date-time") {
        bad.push_back("yesterday");
      } else if (schema.contains("enum")) {
        bad.push_back("no_such_value");
      }
      for (const std::string& value : bad) {
        // Replace the parameter if Target filled it in (a required one).
        std::string with = target;
        if (takes_school && name != "school_id" && with.find("school_id=") == std::string::npos) {
          with += (with.find('?') == std::string::npos ? "?" : "&") +
                  fmt::format("school_id={}", server_.roster().school);
        }
        const std::string key = name + "=";
        std::size_t at = with.find(key);
        if (at != std::string::npos && (with[at - 1] == '?' || with[at - 1] == '&')) {
          std::size_t end = with.find('&', at);
          const std::size_t from = at + key.size();
          with.replace(from, end == std::string::npos ? std::string::npos : end - from, value);
        } else {
          with += (with.find('?') == std::string::npos ? "?" : "&") + key + value;
        }
        HttpResponse response = Send("get", with, "", "", as);
        ExpectDocumented(pattern, "get", response, name + "=" + value);
        EXPECT_EQ(response.status, 422) << "GET " << with << ": " << response.body;
        if (response.status != 422) continue;
        bool named = false;
        const json error = response.Json()["error"];
        for (const json& field : error["fields"]) named = named || field["field"] == name;
        EXPECT_TRUE(named) << "GET " << with << " does not name " << name << ": " << response.body;
        ++refused;
      }
    }
  }
  EXPECT_GE(refused, 60);
}

// What any request can be answered, whatever its route: a target that is
// not a valid URL (400), a body over the limit (413), a fault of the server
// (500), a database that cannot be reached (503). Every operation documents
// the four, each reference names a shared response that exists, and every
// route refuses a broken %-escape with its documented 400 and a body one
// byte over the limit with its documented 413, before reading the body or
// asking who the caller is.
TEST_F(OpenApi, every_operation_documents_what_any_request_can_be_answered) {
  const std::string too_large(1024 * 1024 + 1, ' ');
  int operations_checked = 0;
  for (const auto& [pattern, operations] : document_["paths"].items()) {
    for (const auto& [method, operation] : operations.items()) {
      const json& responses = operation["responses"];
      for (const char* status : {"400", "413", "500", "503"}) {
        ASSERT_TRUE(responses.contains(status))
            << Upper(method) << " " << pattern << ": " << status;
        EXPECT_TRUE(Resolved(responses[status]).contains("description"))
            << Upper(method) << " " << pattern << ": " << status << " names no shared response";
      }
      if (!Served(pattern, method)) continue;
      for (bool signed_in : {true, false}) {
        HttpResponse refused =
            Send(method, Target(pattern), too_large, "\"1\"", nullptr, signed_in);
        ExpectDocumented(pattern, method, refused, "a body over the limit");
        EXPECT_EQ(refused.status, 413) << Upper(method) << " " << pattern;
        const std::string target = Target(pattern);
        const std::string broken =
            target + (target.find('?') == std::string::npos ? "?" : "&") + "q=%zz";
        HttpResponse unreadable = Send(method, broken, "{}", "\"1\"", nullptr, signed_in);
        ExpectDocumented(pattern, method, unreadable, "a target with a broken %-escape");
        EXPECT_EQ(unreadable.status, 400) << Upper(method) << " " << broken;
      }
      ++operations_checked;
    }
  }
  EXPECT_GE(operations_checked, 80);
}

TEST_F(OpenApi, every_documented_route_refuses_in_the_documented_error_body) {
  for (const auto& [pattern, operations] : document_["paths"].items()) {
    for (const auto& [method, operation] : operations.items()) {
      if (!Served(pattern, method)) continue;
      if (RouteOf(pattern, method)->access == http::Access::kPublic) continue;
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
        // Ids that cannot name a record: the same documented refusal, never
        // a server error.
        for (const char* bad : {"abc", "0", "-5", "1e3", "99999999999999999999999"}) {
          std::string target = Target(pattern, 999'999'999);
          target.replace(target.find("999999999"), 9, bad);
          HttpResponse refused = Send(method, target,
                                      method == "get" || method == "delete" ? "" : "{}", "\"1\"");
          ExpectDocumented(pattern, method, refused, std::string("id ") + bad);
          EXPECT_GE(refused.status, 400) << Upper(method) << " " << target;
          EXPECT_LT(refused.status, 500) << Upper(method) << " " << target;
        }
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
