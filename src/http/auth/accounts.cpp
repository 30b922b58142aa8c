#include "http/auth/accounts.h"

#include <fmt/format.h>

#include <charconv>

namespace paraplan::http {
namespace {

Result<void> CheckEmail(std::string_view email) {
  const std::size_t at = email.find('@');
  if (email.size() > 254 || at == std::string_view::npos || at == 0 || at + 1 >= email.size() ||
      email.find_first_of(" \t\r\n") != std::string_view::npos) {
    return Fail(Error::Invalid("the email is not valid", {{"email", "must be an email address"}}));
  }
  return {};
}

Result<Account> AccountByEmail(SecurityStore& security, std::string_view email) {
  std::optional<Account> account = PARAPLAN_TRY(security.FindAccountByEmail(email));
  if (!account) return Fail(Error::NotFound(fmt::format("no account with email {}", email)));
  return *account;
}

}  // namespace

Result<PersonRef> ParsePersonRef(std::string_view text) {
  PersonRef person;
  std::string_view number;
  if (text.starts_with("staff:")) {
    person.kind = AccountKind::kStaff;
    number = text.substr(6);
  } else if (text.starts_with("guardian:")) {
    person.kind = AccountKind::kGuardian;
    number = text.substr(9);
  } else {
    return Fail(Error::Invalid("the account must belong to a staff member or a guardian",
                               {{"role_of", "must be staff:ID or guardian:ID"}}));
  }
  auto [end, error] = std::from_chars(number.data(), number.data() + number.size(), person.id);
  if (error != std::errc() || end != number.data() + number.size() || person.id <= 0) {
    return Fail(
        Error::Invalid("the id is not a record id", {{"role_of", "must end in a positive id"}}));
  }
  return person;
}

Result<Id> AddAccount(Store& store, SecurityStore& security, const CommonPasswords& common,
                      PersonRef person, std::string_view email, std::string_view password,
                      UnixSeconds now) {
  PARAPLAN_TRY(CheckEmail(email));
  PARAPLAN_TRY(CheckNewPassword(password, common));
  Id district_id = 0;
  Result<void> found = store.Read([&](Transaction& tx) -> Result<void> {
    if (person.kind == AccountKind::kStaff) {
      Result<Staff> staff = tx.GetStaff(person.id);
      if (staff) district_id = staff->district_id;
    } else {
      Result<Guardian> guardian = tx.GetGuardian(person.id);
      if (guardian) district_id = guardian->district_id;
    }
    return {};
  });
  if (!found) return Fail(found.error());
  if (district_id == 0) {
    return Fail(
        Error::Invalid(fmt::format("no {} {}", NameOf(person.kind), person.id),
                       {{"role_of", person.kind == AccountKind::kStaff ? "names no staff member"
                                                                       : "names no guardian"}}));
  }
  Account account;
  account.district_id = district_id;
  account.email = std::string(email);
  account.kind = person.kind;
  account.person_id = person.id;
  account.password_hash = PARAPLAN_TRY(HashPassword(password));
  account.created_at = now;
  account.password_changed_at = now;
  return security.CreateAccount(account);
}

Result<void> ResetPassword(SecurityStore& security, const CommonPasswords& common,
                           std::string_view email, std::string_view password, UnixSeconds now) {
  Account account = PARAPLAN_TRY(AccountByEmail(security, email));
  PARAPLAN_TRY(CheckNewPassword(password, common));
  std::string hash = PARAPLAN_TRY(HashPassword(password));
  PARAPLAN_TRY(security.SetPassword(account.id, hash, now));
  PARAPLAN_TRY(security.EndAllSessions(account.id, std::nullopt, now));
  return security.ClearThrottle(fmt::format("account:{}", account.id));
}

Result<void> DisableAccount(SecurityStore& security, std::string_view email, UnixSeconds now) {
  Account account = PARAPLAN_TRY(AccountByEmail(security, email));
  PARAPLAN_TRY(security.SetDisabled(account.id, true));
  PARAPLAN_TRY(security.EndAllSessions(account.id, std::nullopt, now));
  PARAPLAN_TRY(security.RevokeAllApiTokens(account.id, now));
  return {};
}

}  // namespace paraplan::http
