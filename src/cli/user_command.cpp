#include "cli/user_command.h"

#include <chrono>
#include <cstdio>
#include <iostream>
#include <memory>
#include <string>

#include "cli/command_support.h"
#include "http/auth/accounts.h"
#include "http/auth/password.h"
#include "store/security.h"
#include "store/sql_runner.h"

namespace paraplan::cli {
namespace {

struct UserOptions {
  std::string db;
  std::string email;
  std::string role_of;
  std::string common_passwords;
  bool password_stdin = false;
};

UnixSeconds Now() {
  return std::chrono::duration_cast<std::chrono::seconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

std::unique_ptr<SecurityStore> OpenSecurity(Store& store) {
  if (store.sql_runner() == nullptr) {
    ExitWith(Error::FailedPrecondition("this database backend has no security tables"));
  }
  return MakeSecurityStore(*store.sql_runner());
}

http::CommonPasswords LoadCommon(const UserOptions& options) {
  Result<http::CommonPasswords> common = http::CommonPasswords::Load(
      options.common_passwords.empty() ? http::CommonPasswords::DefaultFile()
                                       : std::filesystem::path(options.common_passwords));
  if (!common) ExitWith(common.error());
  return std::move(*common);
}

// The password from stdin (one line), or a generated one that is printed.
std::string TakePassword(const UserOptions& options, bool& generated) {
  generated = !options.password_stdin;
  if (generated) return http::GeneratePassword();
  std::string password;
  std::getline(std::cin, password);
  if (!password.empty() && password.back() == '\r') password.pop_back();
  return password;
}

void PrintGenerated(const UserOptions& options, const std::string& password) {
  std::printf("Password for %s (shown once; hand it over privately): %s\n", options.email.c_str(),
              password.c_str());
}

void RunAdd(const UserOptions& options) {
  Result<http::PersonRef> person = http::ParsePersonRef(options.role_of);
  if (!person) ExitWith(person.error());
  std::unique_ptr<Store> store = OpenOrExit(options.db);
  std::unique_ptr<SecurityStore> security = OpenSecurity(*store);
  http::CommonPasswords common = LoadCommon(options);
  bool generated = false;
  std::string password = TakePassword(options, generated);
  Result<Id> id =
      http::AddAccount(*store, *security, common, *person, options.email, password, Now());
  if (!id) ExitWith(id.error());
  std::printf("Account %lld added for %s.\n", static_cast<long long>(*id), options.email.c_str());
  if (generated) PrintGenerated(options, password);
}

void RunReset(const UserOptions& options) {
  std::unique_ptr<Store> store = OpenOrExit(options.db);
  std::unique_ptr<SecurityStore> security = OpenSecurity(*store);
  http::CommonPasswords common = LoadCommon(options);
  bool generated = false;
  std::string password = TakePassword(options, generated);
  Result<void> reset = http::ResetPassword(*security, common, options.email, password, Now());
  if (!reset) ExitWith(reset.error());
  std::printf("Password of %s reset; every session of the account has ended.\n",
              options.email.c_str());
  if (generated) PrintGenerated(options, password);
}

void RunDisable(const UserOptions& options) {
  std::unique_ptr<Store> store = OpenOrExit(options.db);
  std::unique_ptr<SecurityStore> security = OpenSecurity(*store);
  Result<void> disabled = http::DisableAccount(*security, options.email, Now());
  if (!disabled) ExitWith(disabled.error());
  std::printf("Account %s disabled; its sessions ended and its API tokens revoked.\n",
              options.email.c_str());
}

CLI::App* AddCommon(CLI::App& user, const std::string& name, const std::string& help,
                    const std::shared_ptr<UserOptions>& options) {
  CLI::App* command = user.add_subcommand(name, help);
  AddDbOption(*command, options->db);
  command->add_option("--email", options->email, "the account's email (its sign-in name)")
      ->required();
  command->add_option("--common-passwords", options->common_passwords,
                      "file of common passwords to refuse (default: the one shipped)");
  return command;
}

}  // namespace

void AddUserCommand(CLI::App& app) {
  CLI::App* user = app.add_subcommand("user", "Add, reset or disable sign-in accounts");
  user->require_subcommand(1);

  auto add = std::make_shared<UserOptions>();
  CLI::App* add_command =
      AddCommon(*user, "add", "Add an account for a staff member or a guardian", add);
  add_command->add_option("--role-of", add->role_of, "staff:ID or guardian:ID")->required();
  add_command->add_flag("--password-stdin", add->password_stdin,
                        "read the password from stdin instead of generating one");
  add_command->callback([add] { RunAdd(*add); });

  auto reset = std::make_shared<UserOptions>();
  CLI::App* reset_command =
      AddCommon(*user, "reset", "Set a new password and end the account's sessions", reset);
  reset_command->add_flag("--password-stdin", reset->password_stdin,
                          "read the password from stdin instead of generating one");
  reset_command->callback([reset] { RunReset(*reset); });

  auto disable = std::make_shared<UserOptions>();
  CLI::App* disable_command = AddCommon(
      *user, "disable", "Disable an account, end its sessions and revoke its tokens", disable);
  disable_command->callback([disable] { RunDisable(*disable); });
}

}  // namespace paraplan::cli
