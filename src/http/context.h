// What a handler knows besides the request: who is asking (the Principal,
// resolved from the session cookie or API token before the handler runs)
// and the services it may use.
#pragma once

#include <optional>
#include <string>

#include "domain/enums.h"
#include "domain/error.h"
#include "domain/model.h"
#include "http/clock.h"
#include "rules/access.h"

namespace paraplan {
class Store;
class SecurityStore;
}  // namespace paraplan

namespace paraplan::http {

// The role a signed-in person acts in: a staff member's role, or parent for
// a guardian's account.
enum class Role {
  kAdministrator,
  kSpecialEducator,
  kRelatedServiceProvider,
  kGeneralEducator,
  kParaeducator,
  kParent,
};

Role RoleOf(StaffRole staff_role);

// How the request proved who it is. Cookie-authenticated writes must carry
// the CSRF token; token-authenticated ones are limited by the token's scope.
enum class AuthMethod { kSession, kApiToken };

// What an API token may do. A session always has kReadWrite.
enum class Scope { kRead, kReadWrite };

struct Principal {
  Id account_id = 0;
  Role role = Role::kParaeducator;
  std::optional<Id> staff_id;     // set for staff accounts
  std::optional<Id> guardian_id;  // set for parent accounts
  Id district_id = 0;
  std::optional<Id> school_id;  // nullopt for district-level staff and parents
  AuthMethod method = AuthMethod::kSession;
  Scope scope = Scope::kReadWrite;
  Id session_id = 0;  // the session or API token that authenticated the request
  // The session's CSRF token, which cookie-authenticated writes must echo;
  // empty for API tokens.
  std::string csrf_token;

  // The same person as the access policy (rules/access.h) sees them.
  paraplan::Principal ForAccess() const;
};

// The services handlers use. Owned by the application; outlives the server.
struct Services {
  Store& store;
  SecurityStore& security;
  const Clock& clock;
};

struct Context {
  Services& services;
  std::optional<Principal> principal;  // nullopt for an anonymous request
};

// The principal of a signed-in caller, or kUnauthenticated. Routes are
// signed-in only by default (Router::Add), so handlers use this to reach
// the principal rather than to check.
Result<const Principal*> RequireSignedIn(const Context& context);

}  // namespace paraplan::http

namespace paraplan {

template <typename E>
struct EnumNames;

template <>
struct EnumNames<http::Role> {
  static constexpr auto kNames = std::to_array<std::pair<http::Role, std::string_view>>({
      {http::Role::kAdministrator, "administrator"},
      {http::Role::kSpecialEducator, "special_educator"},
      {http::Role::kRelatedServiceProvider, "related_service_provider"},
      {http::Role::kGeneralEducator, "general_educator"},
      {http::Role::kParaeducator, "paraeducator"},
      {http::Role::kParent, "parent"},
  });
};

template <>
struct EnumNames<http::Scope> {
  static constexpr auto kNames = std::to_array<std::pair<http::Scope, std::string_view>>({
      {http::Scope::kRead, "read"},
      {http::Scope::kReadWrite, "read_write"},
  });
};

}  // namespace paraplan
