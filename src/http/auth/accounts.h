// Account administration shared by `paraplan user` and `paraplan demo`:
// adding an account for a staff member or a guardian, resetting its
// password and disabling it. Each checks the password policy and ends the
// account's sessions where that is the point of the change.
#pragma once

#include <string>
#include <string_view>

#include "domain/error.h"
#include "http/auth/password.h"
#include "store/security.h"
#include "store/store.h"

namespace paraplan::http {

// Parses "staff:ID" or "guardian:ID" (the --role-of argument).
struct PersonRef {
  AccountKind kind = AccountKind::kStaff;
  Id id = 0;
};
Result<PersonRef> ParsePersonRef(std::string_view text);

// Adds an account; the district comes from the person. The error names
// `email`, `password` or `role_of` for the input at fault.
Result<Id> AddAccount(Store& store, SecurityStore& security, const CommonPasswords& common,
                      PersonRef person, std::string_view email, std::string_view password,
                      UnixSeconds now);

// Sets a new password and ends every session of the account.
Result<void> ResetPassword(SecurityStore& security, const CommonPasswords& common,
                           std::string_view email, std::string_view password, UnixSeconds now);

// Disables the account, ends its sessions and revokes its API tokens.
Result<void> DisableAccount(SecurityStore& security, std::string_view email, UnixSeconds now);

}  // namespace paraplan::http
