// The sign-in promises of issue 3 part 3, over real HTTP to the real server.
#include <gtest/gtest.h>

#include <regex>

#include "http/auth/password.h"
#include "support/test_server.h"

namespace paraplan::testing {
namespace {

using nlohmann::json;

class SignIn : public ::testing::Test {
 protected:
  void SetUp() override {
    account_ = server_.AddAccount(AccountKind::kStaff, server_.roster().para, "pia@example.org",
                                  kGoodPassword);
  }

  HttpResponse Get(HttpClient& client, const SignedInClient& who, const std::string& path) {
    return client.Send("GET", path, who.Headers());
  }

  TestServer server_;
  Id account_ = 0;
};

TEST_F(SignIn, the_stored_hash_is_argon2id_with_at_least_19_mib_and_two_passes) {
  Account account = server_.db().security().GetAccount(account_).value();
  std::smatch match;
  ASSERT_TRUE(std::regex_search(account.password_hash, match,
                                std::regex(R"(^\$argon2id\$v=19\$m=(\d+),t=(\d+),p=\d+\$)")))
      << account.password_hash;
  EXPECT_GE(std::stol(match[1]), 19 * 1024);  // KiB
  EXPECT_GE(std::stol(match[2]), 2);
}

TEST_F(SignIn, a_good_password_gives_a_host_prefixed_secure_httponly_strict_cookie) {
  HttpClient client(server_.port());
  json body = {{"email", "pia@example.org"}, {"password", kGoodPassword}};
  HttpResponse response =
      client.Send("POST", "/api/v1/session", {{"Content-Type", "application/json"}}, body.dump());
  ASSERT_EQ(response.status, 201) << response.body;
  std::string cookie = response.Header("Set-Cookie").value_or("");
  EXPECT_TRUE(cookie.starts_with("__Host-paraplan_session=")) << cookie;
  EXPECT_NE(cookie.find("; Secure"), std::string::npos) << cookie;
  EXPECT_NE(cookie.find("HttpOnly"), std::string::npos) << cookie;
  EXPECT_NE(cookie.find("SameSite=Strict"), std::string::npos) << cookie;
  EXPECT_NE(cookie.find("Path=/"), std::string::npos) << cookie;
  EXPECT_EQ(cookie.find("Domain="), std::string::npos) << cookie;
  EXPECT_EQ(response.Json()["role"], "paraeducator");
}

TEST_F(SignIn, insecure_cookies_for_a_local_demo_drop_secure_and_the_host_prefix) {
  http::SessionOptions options;
  options.cookies = http::CookieSecurity::kInsecureForLocalDemo;
  TestServer demo(options);
  demo.AddAccount(AccountKind::kStaff, demo.roster().para, "pia@example.org", kGoodPassword);
  HttpClient client(demo.port());
  SignedInClient who = demo.SignIn(client, "pia@example.org", kGoodPassword);
  ASSERT_EQ(who.status, 201);
  EXPECT_TRUE(who.cookie.starts_with("paraplan_session=")) << who.cookie;
  EXPECT_EQ(Get(client, who, "/api/v1/session").status, 200);
}

TEST_F(SignIn, a_wrong_password_is_refused_with_the_error_body) {
  HttpClient client(server_.port());
  SignedInClient who = server_.SignIn(client, "pia@example.org", "not-the-password-at-all");
  EXPECT_EQ(who.status, 401);
  EXPECT_EQ(who.body["error"]["code"], "unauthenticated");
  EXPECT_TRUE(who.cookie.empty());
}

TEST_F(SignIn, an_unknown_email_gets_the_same_answer_as_a_wrong_password) {
  HttpClient client(server_.port());
  SignedInClient unknown = server_.SignIn(client, "nobody@example.org", kGoodPassword);
  SignedInClient wrong = server_.SignIn(client, "pia@example.org", "not-the-password-at-all");
  EXPECT_EQ(unknown.status, wrong.status);
  EXPECT_EQ(unknown.body["error"]["message"], wrong.body["error"]["message"]);
}

TEST_F(SignIn, repeated_failures_lock_the_account_even_for_the_right_password) {
  HttpClient client(server_.port());
  for (int i = 0; i < 5; ++i) server_.SignIn(client, "pia@example.org", "wrong-password-number-x");
  SignedInClient locked = server_.SignIn(client, "pia@example.org", kGoodPassword);
  EXPECT_EQ(locked.status, 429);
  EXPECT_EQ(locked.body["error"]["code"], "resource_exhausted");
}

// Five failures lock the account from the address they came from, not
// everywhere: a stranger who knows a para's email cannot lock the para out
// of their own phone. (Before, the lock was per account, from any address.)
TEST_F(SignIn, failures_from_one_address_do_not_lock_the_owner_out_elsewhere) {
  http::SessionService& sessions = server_.api().sessions();
  for (int i = 0; i < 5; ++i) {
    EXPECT_EQ(sessions.SignIn("pia@example.org", "wrong-password-number-x", "203.0.113.7", "t")
                  .error()
                  .code,
              ErrorCode::kUnauthenticated);
  }
  Result<http::SignedIn> there =
      sessions.SignIn("pia@example.org", kGoodPassword, "203.0.113.7", "t");
  ASSERT_FALSE(there.has_value());
  EXPECT_EQ(there.error().code, ErrorCode::kResourceExhausted);
  Result<http::SignedIn> elsewhere =
      sessions.SignIn("pia@example.org", kGoodPassword, "198.51.100.4", "t");
  EXPECT_TRUE(elsewhere.has_value()) << elsewhere.error().message;
}

// Guessing spread over many addresses is still bounded: 30 failures within
// the window, from anywhere, lock the account everywhere.
TEST_F(SignIn, failures_spread_over_many_addresses_lock_the_account_at_thirty) {
  http::SessionService& sessions = server_.api().sessions();
  for (int i = 0; i < 29; ++i) {
    const std::string address = "203.0.113." + std::to_string(i + 1);
    ASSERT_EQ(sessions.SignIn("pia@example.org", "wrong-password-number-x", address, "t")
                  .error()
                  .code,
              ErrorCode::kUnauthenticated)
        << i;
  }
  EXPECT_TRUE(sessions.SignIn("pia@example.org", kGoodPassword, "198.51.100.4", "t").has_value())
      << "29 failures lock nothing";
  ASSERT_EQ(
      sessions.SignIn("pia@example.org", "wrong-password-number-x", "203.0.113.99", "t").error().code,
      ErrorCode::kUnauthenticated);
  Result<http::SignedIn> locked =
      sessions.SignIn("pia@example.org", kGoodPassword, "198.51.100.5", "t");
  ASSERT_FALSE(locked.has_value());
  EXPECT_EQ(locked.error().code, ErrorCode::kResourceExhausted);
}

TEST_F(SignIn, a_lockout_ends_after_its_time) {
  HttpClient client(server_.port());
  for (int i = 0; i < 5; ++i) server_.SignIn(client, "pia@example.org", "wrong-password-number-x");
  server_.clock().Advance(std::chrono::minutes(16));
  EXPECT_EQ(server_.SignIn(client, "pia@example.org", kGoodPassword).status, 201);
}

TEST_F(SignIn, each_sign_in_issues_a_new_token_and_ends_the_session_it_replaces) {
  HttpClient client(server_.port());
  SignedInClient first = server_.SignIn(client, "pia@example.org", kGoodPassword);
  ASSERT_EQ(first.status, 201);
  json body = {{"email", "pia@example.org"}, {"password", kGoodPassword}};
  HttpResponse again =
      client.Send("POST", "/api/v1/session",
                  {{"Content-Type", "application/json"}, {"Cookie", first.cookie}}, body.dump());
  ASSERT_EQ(again.status, 201);
  std::string second_cookie = again.Header("Set-Cookie").value_or("");
  second_cookie = second_cookie.substr(0, second_cookie.find(';'));
  EXPECT_NE(second_cookie, first.cookie);
  EXPECT_EQ(Get(client, first, "/api/v1/session").status, 401);
}

TEST_F(SignIn, a_session_idle_longer_than_the_limit_has_ended) {
  HttpClient client(server_.port());
  SignedInClient who = server_.SignIn(client, "pia@example.org", kGoodPassword);
  server_.clock().Advance(std::chrono::minutes(29));
  EXPECT_EQ(Get(client, who, "/api/v1/session").status, 200);
  server_.clock().Advance(std::chrono::minutes(31));
  EXPECT_EQ(Get(client, who, "/api/v1/session").status, 401);
}

TEST_F(SignIn, a_busy_session_still_ends_at_its_absolute_limit) {
  HttpClient client(server_.port());
  SignedInClient who = server_.SignIn(client, "pia@example.org", kGoodPassword);
  for (int i = 0; i < 35; ++i) {  // 35 x 20 minutes = 11 h 40 min
    server_.clock().Advance(std::chrono::minutes(20));
    ASSERT_EQ(Get(client, who, "/api/v1/session").status, 200) << i;
  }
  server_.clock().Advance(std::chrono::minutes(20));
  EXPECT_EQ(Get(client, who, "/api/v1/session").status, 401);
}

TEST_F(SignIn, sign_out_ends_the_session_on_the_server) {
  HttpClient client(server_.port());
  SignedInClient who = server_.SignIn(client, "pia@example.org", kGoodPassword);
  HttpResponse out = client.Send("DELETE", "/api/v1/session", who.Headers());
  EXPECT_EQ(out.status, 204);
  EXPECT_NE(out.Header("Set-Cookie").value_or("").find("Max-Age=0"), std::string::npos);
  // Replaying the old cookie, as a stolen copy would, gets nothing.
  EXPECT_EQ(Get(client, who, "/api/v1/session").status, 401);
}

TEST_F(SignIn, a_cookie_authenticated_write_without_the_csrf_token_is_refused) {
  HttpClient client(server_.port());
  SignedInClient who = server_.SignIn(client, "pia@example.org", kGoodPassword);
  HttpResponse refused = client.Send("DELETE", "/api/v1/session", who.Headers(false));
  EXPECT_EQ(refused.status, 403);
  EXPECT_EQ(refused.Json()["error"]["code"], "permission_denied");
  auto wrong = who.Headers(false);
  wrong.emplace_back("X-CSRF-Token", "forged");
  EXPECT_EQ(client.Send("DELETE", "/api/v1/session", wrong).status, 403);
  EXPECT_EQ(Get(client, who, "/api/v1/session").status, 200);
}

TEST_F(SignIn, the_csrf_token_is_returned_by_get_session) {
  HttpClient client(server_.port());
  SignedInClient who = server_.SignIn(client, "pia@example.org", kGoodPassword);
  HttpResponse session = Get(client, who, "/api/v1/session");
  EXPECT_EQ(session.Json()["csrf_token"], who.csrf_token);
}

TEST_F(SignIn, a_password_change_ends_every_other_session) {
  HttpClient phone(server_.port());
  HttpClient laptop(server_.port());
  SignedInClient on_phone = server_.SignIn(phone, "pia@example.org", kGoodPassword);
  SignedInClient on_laptop = server_.SignIn(laptop, "pia@example.org", kGoodPassword);
  json change = {{"current_password", kGoodPassword}, {"new_password", "quiet-harbour-maple-1987"}};
  HttpResponse changed =
      laptop.Send("PUT", "/api/v1/me/password", on_laptop.Headers(), change.dump());
  ASSERT_EQ(changed.status, 200) << changed.body;
  EXPECT_EQ(Get(phone, on_phone, "/api/v1/session").status, 401);
  EXPECT_EQ(Get(laptop, on_laptop, "/api/v1/session").status, 401);  // replaced by a new one
  EXPECT_EQ(server_.SignIn(phone, "pia@example.org", "quiet-harbour-maple-1987").status, 201);
}

TEST_F(SignIn, a_common_or_short_new_password_is_refused_naming_the_field) {
  HttpClient client(server_.port());
  SignedInClient who = server_.SignIn(client, "pia@example.org", kGoodPassword);
  for (std::string weak : {"Password1234", "short-pass", "qwertyuiop123"}) {
    json change = {{"current_password", kGoodPassword}, {"new_password", weak}};
    HttpResponse refused = client.Send("PUT", "/api/v1/me/password", who.Headers(), change.dump());
    EXPECT_EQ(refused.status, 422) << weak;
    EXPECT_EQ(refused.Json()["error"]["fields"][0]["field"], "new_password") << weak;
  }
}

TEST_F(SignIn, a_user_lists_their_sessions_and_ends_another_one) {
  HttpClient phone(server_.port());
  HttpClient laptop(server_.port());
  SignedInClient on_phone = server_.SignIn(phone, "pia@example.org", kGoodPassword);
  SignedInClient on_laptop = server_.SignIn(laptop, "pia@example.org", kGoodPassword);
  json list = Get(laptop, on_laptop, "/api/v1/me/sessions").Json();
  ASSERT_EQ(list["items"].size(), 2u);
  Id phone_session = on_phone.body["session_id"].get<Id>();
  HttpResponse ended = laptop.Send("DELETE", "/api/v1/me/sessions/" + std::to_string(phone_session),
                                   on_laptop.Headers());
  EXPECT_EQ(ended.status, 204);
  EXPECT_EQ(Get(phone, on_phone, "/api/v1/session").status, 401);
  EXPECT_EQ(Get(laptop, on_laptop, "/api/v1/session").status, 200);
}

TEST_F(SignIn, a_user_cannot_end_another_users_session) {
  server_.AddAccount(AccountKind::kStaff, server_.roster().special_educator, "sam@example.org",
                     kGoodPassword);
  HttpClient client(server_.port());
  SignedInClient pia = server_.SignIn(client, "pia@example.org", kGoodPassword);
  HttpClient other(server_.port());
  SignedInClient sam = server_.SignIn(other, "sam@example.org", kGoodPassword);
  Id sam_session = sam.body["session_id"].get<Id>();
  HttpResponse refused =
      client.Send("DELETE", "/api/v1/me/sessions/" + std::to_string(sam_session), pia.Headers());
  EXPECT_EQ(refused.status, 404);
  EXPECT_EQ(Get(other, sam, "/api/v1/session").status, 200);
}

TEST_F(SignIn, a_read_only_api_token_reads_but_cannot_write) {
  HttpClient client(server_.port());
  SignedInClient who = server_.SignIn(client, "pia@example.org", kGoodPassword);
  json request = {{"name", "reporting"}, {"scope", "read"}};
  HttpResponse created = client.Send("POST", "/api/v1/me/tokens", who.Headers(), request.dump());
  ASSERT_EQ(created.status, 201) << created.body;
  std::string token = created.Json()["token"].get<std::string>();
  HttpClient integration(server_.port());
  std::vector<std::pair<std::string, std::string>> bearer = {{"Authorization", "Bearer " + token}};
  EXPECT_EQ(integration.Send("GET", "/api/v1/session", bearer).status, 200);
  EXPECT_EQ(integration.Send("DELETE", "/api/v1/me/sessions/1", bearer).status, 403);
}

TEST_F(SignIn, a_revoked_api_token_is_refused) {
  HttpClient client(server_.port());
  SignedInClient who = server_.SignIn(client, "pia@example.org", kGoodPassword);
  json request = {{"name", "sis sync"}, {"scope", "read_write"}};
  json created = client.Send("POST", "/api/v1/me/tokens", who.Headers(), request.dump()).Json();
  std::string token = created["token"].get<std::string>();
  HttpResponse revoked = client.Send(
      "DELETE", "/api/v1/me/tokens/" + std::to_string(created["id"].get<Id>()), who.Headers());
  ASSERT_EQ(revoked.status, 204);
  HttpClient integration(server_.port());
  EXPECT_EQ(
      integration.Send("GET", "/api/v1/session", {{"Authorization", "Bearer " + token}}).status,
      401);
}

TEST_F(SignIn, the_token_list_never_shows_the_secret) {
  HttpClient client(server_.port());
  SignedInClient who = server_.SignIn(client, "pia@example.org", kGoodPassword);
  json request = {{"name", "reporting"}, {"scope", "read"}};
  std::string token =
      client.Send("POST", "/api/v1/me/tokens", who.Headers(), request.dump()).Json()["token"];
  HttpResponse list = Get(client, who, "/api/v1/me/tokens");
  EXPECT_EQ(list.body.find(token), std::string::npos);
  EXPECT_EQ(list.Json()["items"][0]["name"], "reporting");
}

TEST_F(SignIn, a_disabled_account_loses_its_sessions_at_once) {
  HttpClient client(server_.port());
  SignedInClient who = server_.SignIn(client, "pia@example.org", kGoodPassword);
  ASSERT_TRUE(server_.db().security().SetDisabled(account_, true));
  EXPECT_EQ(Get(client, who, "/api/v1/session").status, 401);
  EXPECT_EQ(server_.SignIn(client, "pia@example.org", kGoodPassword).status, 401);
}

}  // namespace
}  // namespace paraplan::testing
