// Sign-in, sessions and API tokens (OWASP ASVS 4.0.3 level 2, V2 and V3).
//
// - Sign-in checks the password against its argon2id hash and issues a new
//   random session token every time (never reusing one the browser already
//   had); the store keeps only the token's hash.
// - Failed sign-ins are counted per account and per client address; too
//   many within the window lock that key for a while (429), and the answer
//   for an unknown email is the same, equally slow, as for a wrong password.
// - A session ends when idle too long, at its absolute limit, at sign-out,
//   when its owner ends it from the list, and (all of them) when the
//   password changes or the account is disabled.
// - The cookie is `__Host-paraplan_session`: Secure, HttpOnly,
//   SameSite=Strict, Path=/. For plain-HTTP local demos (insecure cookies)
//   the browser refuses a __Host- cookie without Secure, so the name is
//   `paraplan_session` and Secure is left off.
// - Cookie-authenticated writes carry the session's CSRF token in the
//   X-CSRF-Token header (checked by the App for every write route).
// - API tokens (Authorization: Bearer) are for integrations: scoped to
//   read or read_write, optionally expiring, revocable, kept as hashes.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

#include "domain/error.h"
#include "http/app.h"
#include "http/auth/password.h"
#include "http/context.h"
#include "store/security.h"
#include "store/store.h"

namespace paraplan::http {

enum class CookieSecurity { kSecure, kInsecureForLocalDemo };

struct SessionOptions {
  std::chrono::seconds idle_timeout{30 * 60};
  std::chrono::seconds absolute_timeout{12 * 60 * 60};
  CookieSecurity cookies = CookieSecurity::kSecure;
  // Per account and client address: this many failures within the window
  // lock the account from that address (where the person is typing).
  int account_failures = 5;
  // Per account from every address together: a looser limit that still
  // bounds guessing spread over many addresses. Counting only per account
  // let anyone who knows an email lock its owner out everywhere with five
  // wrong passwords.
  int account_failures_everywhere = 30;
  // Per client address: a looser limit, since a school shares one address.
  int address_failures = 50;
  std::chrono::seconds failure_window{15 * 60};
  std::chrono::seconds lockout{15 * 60};
};

struct SignedIn {
  std::string token;  // goes into the cookie only
  std::string csrf_token;
  SessionRecord session;
  Principal principal;
};

class SessionService final : public Authenticator {
 public:
  // All references must outlive the service.
  SessionService(Store& store, SecurityStore& security, const Clock& clock,
                 const CommonPasswords& common_passwords, SessionOptions options = {});

  // Refuses with kUnauthenticated (wrong email or password, disabled
  // account: one message for all) or kResourceExhausted (locked out).
  Result<SignedIn> SignIn(std::string_view email, std::string_view password,
                          std::string_view client_address, std::string_view user_agent);

  Result<std::optional<Principal>> Authenticate(const Request& request) override;
  bool CsrfTokenMatches(const Principal& principal, std::string_view token) override;

  // Ends the session that authenticated `principal`.
  Result<void> SignOut(const Principal& principal);

  // Checks the current password, sets the new one, ends every session and
  // revokes nothing else; the caller gets a fresh session.
  Result<SignedIn> ChangePassword(const Principal& principal, std::string_view current_password,
                                  std::string_view new_password, std::string_view client_address,
                                  std::string_view user_agent);

  // The Set-Cookie value that carries `token`, and the one that clears it.
  std::string SessionCookie(std::string_view token) const;
  std::string ClearedCookie() const;
  std::string_view cookie_name() const;

  // Resolves the principal of an account (role, school, district).
  Result<Principal> PrincipalOf(const Account& account);

  const SessionOptions& options() const { return options_; }
  const CommonPasswords& common_passwords() const { return common_passwords_; }
  SecurityStore& security() { return security_; }
  const Clock& clock() const { return clock_; }

 private:
  Result<SignedIn> StartSession(const Account& account, std::string_view user_agent);
  Result<void> CheckNotLocked(std::string_view key, UnixSeconds now);
  Result<void> CountFailure(std::string_view key, int limit, UnixSeconds now);
  // An account's failure counters: from this client address, and from all.
  struct AccountKeys {
    std::string here;
    std::string everywhere;
  };
  static AccountKeys KeysOf(Id account_id, std::string_view client_address);
  Result<void> CountAccountFailure(const AccountKeys& keys, UnixSeconds now);
  Result<std::optional<Principal>> FromCookie(std::string_view token);
  Result<std::optional<Principal>> FromBearer(std::string_view token);

  Store& store_;
  SecurityStore& security_;
  const Clock& clock_;
  const CommonPasswords& common_passwords_;
  SessionOptions options_;
};

}  // namespace paraplan::http
