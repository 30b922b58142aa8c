#include "http/router.h"

#include <gtest/gtest.h>

#include "http/errors.h"
#include "http/message.h"

namespace paraplan::http {
namespace {

Handler Answer(int status) {
  return [status](const Request&, Context&) -> Result<Response> {
    return Response::Json(status, nlohmann::json::object());
  };
}

TEST(Router, parameter_segments_are_captured_by_name) {
  Router router;
  router.Add(Method::kGet, "/api/v1/students/{id}", Answer(200));
  Match match = router.Find(Method::kGet, "/api/v1/students/42");
  ASSERT_NE(match.route, nullptr);
  EXPECT_EQ(match.route->pattern, "/api/v1/students/{id}");
  ASSERT_EQ(match.path_params.size(), 1u);
  EXPECT_EQ(match.path_params[0].first, "id");
  EXPECT_EQ(match.path_params[0].second, "42");
}

TEST(Router, literal_segments_win_over_parameters) {
  Router router;
  router.Add(Method::kGet, "/api/v1/students/{id}", Answer(200));
  router.Add(Method::kGet, "/api/v1/students/search", Answer(201));
  Match match = router.Find(Method::kGet, "/api/v1/students/search");
  ASSERT_NE(match.route, nullptr);
  EXPECT_EQ(match.route->pattern, "/api/v1/students/search");
}

TEST(Router, a_path_of_another_length_does_not_match) {
  Router router;
  router.Add(Method::kGet, "/api/v1/students/{id}", Answer(200));
  EXPECT_EQ(router.Find(Method::kGet, "/api/v1/students").route, nullptr);
  EXPECT_EQ(router.Find(Method::kGet, "/api/v1/students/1/ieps").route, nullptr);
}

TEST(Router, another_method_on_a_known_path_lists_the_allowed_methods) {
  Router router;
  router.Add(Method::kGet, "/api/v1/students/{id}", Answer(200));
  router.Add(Method::kPut, "/api/v1/students/{id}", Answer(200));
  Match match = router.Find(Method::kPost, "/api/v1/students/3");
  EXPECT_EQ(match.route, nullptr);
  EXPECT_EQ(match.allowed, (std::vector<Method>{Method::kGet, Method::kPut}));
}

TEST(Router, head_is_answered_by_the_get_route) {
  Router router;
  router.Add(Method::kGet, "/api/v1/openapi.json", Answer(200), Access::kPublic);
  Match match = router.Find(Method::kHead, "/api/v1/openapi.json");
  ASSERT_NE(match.route, nullptr);
  EXPECT_EQ(match.route->access, Access::kPublic);
}

TEST(Router, routes_are_signed_in_only_unless_added_as_public) {
  Router router;
  router.Add(Method::kGet, "/api/v1/students", Answer(200));
  EXPECT_EQ(router.Find(Method::kGet, "/api/v1/students").route->access, Access::kSignedIn);
}

TEST(RequestIds, a_malformed_path_id_is_not_found) {
  for (std::string text : {"abc", "0", "-1", "1e3", "12abc", "", "9999999999999999999999"}) {
    Request request;
    request.path_params = {{"id", text}};
    Result<Id> id = request.PathId("id");
    ASSERT_FALSE(id.has_value()) << text;
    EXPECT_EQ(id.error().code, ErrorCode::kNotFound) << text;
  }
  Request request;
  request.path_params = {{"id", "17"}};
  EXPECT_EQ(request.PathId("id").value(), 17);
}

TEST(RequestCookies, a_cookie_is_found_among_others) {
  Request request;
  request.headers.Add("cookie", "theme=dark; __Host-paraplan_session=abc123 ; other=1");
  EXPECT_EQ(request.Cookie("__Host-paraplan_session"), "abc123");
  EXPECT_EQ(request.Cookie("missing"), std::nullopt);
}

TEST(ErrorTable, invalid_input_without_fields_is_400_and_with_fields_is_422) {
  EXPECT_EQ(StatusOf(Error::Invalid("the body is not valid JSON")), 400);
  EXPECT_EQ(StatusOf(Error::Invalid("bad", {{"grade", "must be one of K, 1"}})), 422);
}

TEST(ErrorTable, every_code_has_its_status) {
  EXPECT_EQ(StatusOf(Error::NotFound("x")), 404);
  EXPECT_EQ(StatusOf(Error::AlreadyExists("x")), 409);
  EXPECT_EQ(StatusOf(Error::Conflict("x")), 412);
  EXPECT_EQ(StatusOf(Error::FailedPrecondition("x")), 409);
  EXPECT_EQ(StatusOf(Error::PermissionDenied("x")), 403);
  EXPECT_EQ(StatusOf(Error::Unauthenticated("x")), 401);
  EXPECT_EQ(StatusOf(Error::ResourceExhausted("x")), 429);
  EXPECT_EQ(StatusOf(Error::Unavailable("x")), 503);
  EXPECT_EQ(StatusOf(Error::Internal("x")), 500);
}

TEST(ErrorTable, the_error_body_names_code_message_fields_and_request_id) {
  Response response = ErrorResponse(Error::Invalid("bad", {{"grade", "is required"}}), "r-1");
  nlohmann::json body = nlohmann::json::parse(response.body);
  EXPECT_EQ(body["error"]["code"], "invalid_argument");
  EXPECT_EQ(body["error"]["message"], "bad");
  EXPECT_EQ(body["error"]["fields"][0]["field"], "grade");
  EXPECT_EQ(body["error"]["fields"][0]["reason"], "is required");
  EXPECT_EQ(body["error"]["request_id"], "r-1");
  EXPECT_EQ(response.headers.Get("content-type"), "application/json");
}

TEST(ErrorTable, an_internal_error_hides_its_detail_from_the_client) {
  Response response = ErrorResponse(Error::Internal("sqlite: disk I/O error at student"), "r-2");
  EXPECT_EQ(response.body.find("sqlite"), std::string::npos);
}

}  // namespace
}  // namespace paraplan::http
