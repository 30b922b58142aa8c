#include "http/auth/sessions.h"

#include <fmt/format.h>

namespace paraplan::http {
namespace {

constexpr std::string_view kSecureCookie = "__Host-paraplan_session";
constexpr std::string_view kInsecureCookie = "paraplan_session";
constexpr std::size_t kTokenBytes = 32;
constexpr std::string_view kApiTokenPrefix = "ppt_";

UnixSeconds Seconds(TimePoint at) { return at.time_since_epoch().count(); }

Error WrongCredentials() { return Error::Unauthenticated("the email or password is wrong"); }

Error SessionOver() { return Error::Unauthenticated("the session has ended; sign in again"); }

}  // namespace

SessionService::SessionService(Store& store, SecurityStore& security, const Clock& clock,
                               const CommonPasswords& common_passwords, SessionOptions options)
    : store_(store),
      security_(security),
      clock_(clock),
      common_passwords_(common_passwords),
      options_(options) {}

std::string_view SessionService::cookie_name() const {
  return options_.cookies == CookieSecurity::kSecure ? kSecureCookie : kInsecureCookie;
}

std::string SessionService::SessionCookie(std::string_view token) const {
  return fmt::format("{}={}; Path=/; Max-Age={}; HttpOnly;{} SameSite=Strict", cookie_name(), token,
                     options_.absolute_timeout.count(),
                     options_.cookies == CookieSecurity::kSecure ? " Secure;" : "");
}

std::string SessionService::ClearedCookie() const {
  return fmt::format("{}=; Path=/; Max-Age=0; HttpOnly;{} SameSite=Strict", cookie_name(),
                     options_.cookies == CookieSecurity::kSecure ? " Secure;" : "");
}

Result<void> SessionService::CheckNotLocked(std::string_view key, UnixSeconds now) {
  ThrottleState state = PARAPLAN_TRY(security_.GetThrottle(key));
  if (state.locked_until > now) {
    return Fail(
        Error::ResourceExhausted(fmt::format("too many failed sign-ins; try again in {} minutes",
                                             (state.locked_until - now + 59) / 60)));
  }
  return {};
}

Result<void> SessionService::CountFailure(std::string_view key, int limit, UnixSeconds now) {
  ThrottleState state = PARAPLAN_TRY(security_.GetThrottle(key));
  if (now - state.window_start >= options_.failure_window.count()) {
    state.failures = 0;
    state.window_start = now;
  }
  ++state.failures;
  if (state.failures >= limit) {
    state.locked_until = now + options_.lockout.count();
    state.failures = 0;
    state.window_start = now;
  }
  return security_.PutThrottle(key, state);
}

SessionService::AccountKeys SessionService::KeysOf(Id account_id, std::string_view client_address) {
  return {fmt::format("account:{}@{}", account_id, client_address),
          fmt::format("account:{}", account_id)};
}

Result<void> SessionService::CountAccountFailure(const AccountKeys& keys, UnixSeconds now) {
  PARAPLAN_TRY(CountFailure(keys.here, options_.account_failures, now));
  return CountFailure(keys.everywhere, options_.account_failures_everywhere, now);
}

Result<SignedIn> SessionService::SignIn(std::string_view email, std::string_view password,
                                        std::string_view client_address,
                                        std::string_view user_agent) {
  const UnixSeconds now = Seconds(clock_.Now());
  const std::string address_key = fmt::format("address:{}", client_address);
  PARAPLAN_TRY(CheckNotLocked(address_key, now));
  std::optional<Account> account = PARAPLAN_TRY(security_.FindAccountByEmail(email));
  if (!account) {
    SpendVerificationTime(password);
    PARAPLAN_TRY(CountFailure(address_key, options_.address_failures, now));
    return Fail(WrongCredentials());
  }
  const AccountKeys keys = KeysOf(account->id, client_address);
  PARAPLAN_TRY(CheckNotLocked(keys.here, now));
  PARAPLAN_TRY(CheckNotLocked(keys.everywhere, now));
  if (password.size() > kMaxPasswordLength * 4 ||
      !VerifyPassword(password, account->password_hash)) {
    PARAPLAN_TRY(CountAccountFailure(keys, now));
    PARAPLAN_TRY(CountFailure(address_key, options_.address_failures, now));
    return Fail(WrongCredentials());
  }
  if (account->disabled) return Fail(WrongCredentials());
  PARAPLAN_TRY(security_.ClearThrottle(keys.here));
  return StartSession(*account, user_agent);
}

Result<SignedIn> SessionService::StartSession(const Account& account, std::string_view user_agent) {
  const UnixSeconds now = Seconds(clock_.Now());
  SignedIn signed_in;
  signed_in.principal = PARAPLAN_TRY(PrincipalOf(account));
  signed_in.token = RandomToken(kTokenBytes);
  signed_in.csrf_token = RandomToken(kTokenBytes);
  SessionRecord& session = signed_in.session;
  session.district_id = account.district_id;
  session.account_id = account.id;
  session.token_hash = HashToken(signed_in.token);
  session.csrf_token = signed_in.csrf_token;
  session.created_at = now;
  session.last_seen_at = now;
  session.expires_at = now + options_.absolute_timeout.count();
  session.user_agent = std::string(user_agent.substr(0, 200));
  session.id = PARAPLAN_TRY(security_.CreateSession(session));
  signed_in.principal.session_id = session.id;
  signed_in.principal.csrf_token = signed_in.csrf_token;
  return signed_in;
}

Result<Principal> SessionService::PrincipalOf(const Account& account) {
  Principal principal;
  principal.account_id = account.id;
  principal.district_id = account.district_id;
  if (account.kind == AccountKind::kGuardian) {
    principal.role = Role::kParent;
    principal.guardian_id = account.person_id;
    return principal;
  }
  std::optional<Staff> staff;
  Result<void> read = store_.Read([&](Transaction& tx) -> Result<void> {
    staff = PARAPLAN_TRY(tx.GetStaff(account.person_id));
    return {};
  });
  if (!read) return Fail(std::move(read.error()));
  principal.role = RoleOf(staff->role);
  principal.staff_id = staff->id;
  principal.school_id = staff->school_id;
  principal.district_id = staff->district_id;
  return principal;
}

Result<std::optional<Principal>> SessionService::Authenticate(const Request& request) {
  if (std::optional<std::string_view> authorization = request.headers.Get("Authorization")) {
    constexpr std::string_view kBearer = "Bearer ";
    if (!authorization->starts_with(kBearer)) {
      return Fail(Error::Unauthenticated("the Authorization header must be a Bearer token"));
    }
    return FromBearer(authorization->substr(kBearer.size()));
  }
  if (std::optional<std::string_view> cookie = request.Cookie(cookie_name())) {
    return FromCookie(*cookie);
  }
  return std::optional<Principal>();
}

Result<std::optional<Principal>> SessionService::FromCookie(std::string_view token) {
  std::optional<SessionRecord> session = PARAPLAN_TRY(security_.FindSession(HashToken(token)));
  if (!session) return Fail(SessionOver());
  const UnixSeconds now = Seconds(clock_.Now());
  if (session->ended_at || now >= session->expires_at ||
      now - session->last_seen_at >= options_.idle_timeout.count()) {
    return Fail(SessionOver());
  }
  Account account = PARAPLAN_TRY(security_.GetAccount(session->account_id));
  if (account.disabled) return Fail(SessionOver());
  // Writing last_seen on every request would turn every read into a write;
  // a minute's resolution is plenty against a 30-minute idle limit.
  if (now - session->last_seen_at >= 60) PARAPLAN_TRY(security_.TouchSession(session->id, now));
  Principal principal = PARAPLAN_TRY(PrincipalOf(account));
  principal.method = AuthMethod::kSession;
  principal.scope = Scope::kReadWrite;
  principal.session_id = session->id;
  principal.csrf_token = session->csrf_token;
  return std::optional<Principal>(std::move(principal));
}

Result<std::optional<Principal>> SessionService::FromBearer(std::string_view token) {
  const Error refused = Error::Unauthenticated("the API token is unknown, expired or revoked");
  if (!token.starts_with(kApiTokenPrefix)) return Fail(refused);
  std::optional<ApiTokenRecord> record = PARAPLAN_TRY(security_.FindApiToken(HashToken(token)));
  const UnixSeconds now = Seconds(clock_.Now());
  if (!record || record->revoked_at || (record->expires_at && now >= *record->expires_at)) {
    return Fail(refused);
  }
  Account account = PARAPLAN_TRY(security_.GetAccount(record->account_id));
  if (account.disabled) return Fail(refused);
  if (!record->last_used_at || now - *record->last_used_at >= 60) {
    PARAPLAN_TRY(security_.TouchApiToken(record->id, now));
  }
  Principal principal = PARAPLAN_TRY(PrincipalOf(account));
  principal.method = AuthMethod::kApiToken;
  principal.scope = record->scope == "read" ? Scope::kRead : Scope::kReadWrite;
  principal.session_id = record->id;
  return std::optional<Principal>(std::move(principal));
}

bool SessionService::CsrfTokenMatches(const Principal& principal, std::string_view token) {
  return !principal.csrf_token.empty() && SameSecret(principal.csrf_token, token);
}

Result<void> SessionService::SignOut(const Principal& principal) {
  if (principal.method != AuthMethod::kSession) {
    return Fail(Error::FailedPrecondition("an API token has no session to end; revoke the token"));
  }
  return security_.EndSession(principal.account_id, principal.session_id, Seconds(clock_.Now()));
}

Result<SignedIn> SessionService::ChangePassword(const Principal& principal,
                                                std::string_view current_password,
                                                std::string_view new_password,
                                                std::string_view client_address,
                                                std::string_view user_agent) {
  Account account = PARAPLAN_TRY(security_.GetAccount(principal.account_id));
  const UnixSeconds now = Seconds(clock_.Now());
  const AccountKeys keys = KeysOf(account.id, client_address);
  PARAPLAN_TRY(CheckNotLocked(keys.here, now));
  PARAPLAN_TRY(CheckNotLocked(keys.everywhere, now));
  if (!VerifyPassword(current_password, account.password_hash)) {
    PARAPLAN_TRY(CountAccountFailure(keys, now));
    PARAPLAN_TRY(
        CountFailure(fmt::format("address:{}", client_address), options_.address_failures, now));
    return Fail(
        Error::Invalid("the current password is wrong", {{"current_password", "does not match"}}));
  }
  PARAPLAN_TRY(CheckNewPassword(new_password, common_passwords_, "new_password"));
  std::string hash = PARAPLAN_TRY(HashPassword(new_password));
  PARAPLAN_TRY(security_.SetPassword(account.id, hash, now));
  PARAPLAN_TRY(security_.EndAllSessions(account.id, std::nullopt, now));
  account.password_hash = hash;
  return StartSession(account, user_agent);
}

}  // namespace paraplan::http
