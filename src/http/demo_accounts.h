// One sign-in per role for the demo district, so a visitor can try every
// view: administrator, special educator, related service provider, general
// educator, paraeducator and parent. Passwords are generated afresh for each
// demo database and printed once by `paraplan demo`.
#pragma once

#include <string>
#include <vector>

#include "domain/error.h"
#include "http/auth/password.h"
#include "store/security.h"
#include "store/store.h"

namespace paraplan::http {

struct DemoSignIn {
  std::string role;
  std::string name;
  std::string email;
  std::string password;
};

// Adds the accounts in the first district: for each staff role the first
// staff member with that role (at a school, so their views have students),
// and for the parent the first guardian linked to a student without a
// custody restriction.
Result<std::vector<DemoSignIn>> AddDemoAccounts(Store& store, SecurityStore& security,
                                                const CommonPasswords& common, UnixSeconds now);

}  // namespace paraplan::http
