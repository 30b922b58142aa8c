#include "http/auth/session_routes.h"

#include <fmt/chrono.h>
#include <fmt/format.h>

#include "http/json_body.h"

namespace paraplan::http {
namespace {

using nlohmann::json;

std::string IsoTime(UnixSeconds seconds) {
  return fmt::format("{:%FT%TZ}", std::chrono::sys_seconds(std::chrono::seconds(seconds)));
}

json PrincipalJson(const Principal& principal) {
  json body = {
      {"account_id", principal.account_id},
      {"role", std::string(NameOf(principal.role))},
      {"district_id", principal.district_id},
      {"staff_id", principal.staff_id ? json(*principal.staff_id) : json()},
      {"guardian_id", principal.guardian_id ? json(*principal.guardian_id) : json()},
      {"school_id", principal.school_id ? json(*principal.school_id) : json()},
      {"authenticated_by", principal.method == AuthMethod::kSession ? "session" : "api_token"},
      {"scope", std::string(NameOf(principal.scope))}};
  return body;
}

Response SignedInResponse(int status, const SessionService& sessions, const SignedIn& signed_in) {
  json body = PrincipalJson(signed_in.principal);
  body["csrf_token"] = signed_in.csrf_token;
  body["session_id"] = signed_in.session.id;
  body["expires_at"] = IsoTime(signed_in.session.expires_at);
  body["idle_timeout_seconds"] = sessions.options().idle_timeout.count();
  Response response = Response::Json(status, body);
  response.headers.Add("Set-Cookie", sessions.SessionCookie(signed_in.token));
  return response;
}

std::string UserAgent(const Request& request) {
  return std::string(request.headers.Get("User-Agent").value_or(""));
}

}  // namespace

void AddSessionRoutes(Router& router, SessionService& sessions) {
  router.Add(
      Method::kPost, "/api/v1/session",
      [&sessions](const Request& request, Context& context) -> Result<Response> {
        std::string email;
        std::string password;
        PARAPLAN_TRY(ReadJsonObject(request, [&](json_reader::Reader& reader, const json&) {
          reader.RefuseUnknown({"email", "password"});
          reader.Text("email", email, true);
          reader.Text("password", password, true);
        }));
        SignedIn signed_in = PARAPLAN_TRY(
            sessions.SignIn(email, password, request.client_address, UserAgent(request)));
        // A browser that signs in again while holding a live session gets a
        // new token and its old session ends (no session fixation).
        if (context.principal && context.principal->method == AuthMethod::kSession) {
          PARAPLAN_TRY(sessions.SignOut(*context.principal));
        }
        return SignedInResponse(201, sessions, signed_in);
      },
      Access::kPublic);

  router.Add(Method::kGet, "/api/v1/session",
             [&sessions](const Request&, Context& context) -> Result<Response> {
               const Principal* who = PARAPLAN_TRY(RequireSignedIn(context));
               json body = PrincipalJson(*who);
               if (who->method == AuthMethod::kSession) {
                 body["csrf_token"] = who->csrf_token;
                 body["session_id"] = who->session_id;
                 body["idle_timeout_seconds"] = sessions.options().idle_timeout.count();
               }
               return Response::Json(200, body);
             });

  router.Add(Method::kDelete, "/api/v1/session",
             [&sessions](const Request&, Context& context) -> Result<Response> {
               const Principal* who = PARAPLAN_TRY(RequireSignedIn(context));
               PARAPLAN_TRY(sessions.SignOut(*who));
               Response response = Response::NoContent();
               response.headers.Add("Set-Cookie", sessions.ClearedCookie());
               return response;
             });

  router.Add(Method::kPut, "/api/v1/me/password",
             [&sessions](const Request& request, Context& context) -> Result<Response> {
               const Principal* who = PARAPLAN_TRY(RequireSignedIn(context));
               if (who->method != AuthMethod::kSession) {
                 return Fail(Error::PermissionDenied("sign in to change the password"));
               }
               std::string current;
               std::string next;
               PARAPLAN_TRY(ReadJsonObject(request, [&](json_reader::Reader& reader, const json&) {
                 reader.RefuseUnknown({"current_password", "new_password"});
                 reader.Text("current_password", current, true);
                 reader.Text("new_password", next, true);
               }));
               SignedIn signed_in = PARAPLAN_TRY(sessions.ChangePassword(
                   *who, current, next, request.client_address, UserAgent(request)));
               return SignedInResponse(200, sessions, signed_in);
             });

  router.Add(Method::kGet, "/api/v1/me/sessions",
             [&sessions](const Request&, Context& context) -> Result<Response> {
               const Principal* who = PARAPLAN_TRY(RequireSignedIn(context));
               const UnixSeconds now = sessions.clock().Now().time_since_epoch().count();
               std::vector<SessionRecord> open = PARAPLAN_TRY(sessions.security().ListOpenSessions(
                   who->account_id, now, now - sessions.options().idle_timeout.count()));
               json items = json::array();
               for (const SessionRecord& session : open) {
                 items.push_back({{"id", session.id},
                                  {"created_at", IsoTime(session.created_at)},
                                  {"last_seen_at", IsoTime(session.last_seen_at)},
                                  {"expires_at", IsoTime(session.expires_at)},
                                  {"user_agent", session.user_agent},
                                  {"current", who->method == AuthMethod::kSession &&
                                                  who->session_id == session.id}});
               }
               return Response::Json(200, {{"items", items}});
             });

  router.Add(Method::kDelete, "/api/v1/me/sessions/{id}",
             [&sessions](const Request& request, Context& context) -> Result<Response> {
               const Principal* who = PARAPLAN_TRY(RequireSignedIn(context));
               Id id = PARAPLAN_TRY(request.PathId("id"));
               PARAPLAN_TRY(sessions.security().EndSession(
                   who->account_id, id, sessions.clock().Now().time_since_epoch().count()));
               return Response::NoContent();
             });

  router.Add(
      Method::kGet, "/api/v1/me/tokens",
      [&sessions](const Request&, Context& context) -> Result<Response> {
        const Principal* who = PARAPLAN_TRY(RequireSignedIn(context));
        std::vector<ApiTokenRecord> tokens =
            PARAPLAN_TRY(sessions.security().ListApiTokens(who->account_id));
        json items = json::array();
        for (const ApiTokenRecord& token : tokens) {
          items.push_back(
              {{"id", token.id},
               {"name", token.name},
               {"scope", token.scope},
               {"created_at", IsoTime(token.created_at)},
               {"expires_at", token.expires_at ? json(IsoTime(*token.expires_at)) : json()},
               {"revoked_at", token.revoked_at ? json(IsoTime(*token.revoked_at)) : json()},
               {"last_used_at", token.last_used_at ? json(IsoTime(*token.last_used_at)) : json()}});
        }
        return Response::Json(200, {{"items", items}});
      });

  router.Add(
      Method::kPost, "/api/v1/me/tokens",
      [&sessions](const Request& request, Context& context) -> Result<Response> {
        const Principal* who = PARAPLAN_TRY(RequireSignedIn(context));
        // A token cannot mint tokens: a leaked token must not outlive its revocation.
        if (who->method != AuthMethod::kSession) {
          return Fail(Error::PermissionDenied("API tokens are created from a signed-in session"));
        }
        std::string name;
        Scope scope = Scope::kRead;
        std::int64_t days = 0;
        PARAPLAN_TRY(ReadJsonObject(request, [&](json_reader::Reader& reader, const json&) {
          reader.RefuseUnknown({"name", "scope", "expires_in_days"});
          reader.Text("name", name, true);
          reader.Enum("scope", scope, true);
          reader.Int("expires_in_days", days, false);
          if (reader.Has("name") && (name.empty() || name.size() > 100)) {
            reader.Problem("name", "must be 1 to 100 characters");
          }
          if (days < 0 || days > 366) reader.Problem("expires_in_days", "must be 1 to 366");
        }));
        const UnixSeconds now = sessions.clock().Now().time_since_epoch().count();
        const std::string secret = "ppt_" + RandomToken(32);
        ApiTokenRecord token;
        token.district_id = who->district_id;
        token.account_id = who->account_id;
        token.name = name;
        token.scope = std::string(NameOf(scope));
        token.token_hash = HashToken(secret);
        token.created_at = now;
        if (days > 0) token.expires_at = now + days * 24 * 60 * 60;
        token.id = PARAPLAN_TRY(sessions.security().CreateApiToken(token));
        return Response::Json(
            201, {{"id", token.id},
                  {"name", token.name},
                  {"scope", token.scope},
                  {"token", secret},
                  {"expires_at", token.expires_at ? json(IsoTime(*token.expires_at)) : json()}});
      });

  router.Add(Method::kDelete, "/api/v1/me/tokens/{id}",
             [&sessions](const Request& request, Context& context) -> Result<Response> {
               const Principal* who = PARAPLAN_TRY(RequireSignedIn(context));
               Id id = PARAPLAN_TRY(request.PathId("id"));
               PARAPLAN_TRY(sessions.security().RevokeApiToken(
                   who->account_id, id, sessions.clock().Now().time_since_epoch().count()));
               return Response::NoContent();
             });
}

}  // namespace paraplan::http
