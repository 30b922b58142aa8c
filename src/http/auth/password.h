// Passwords as OWASP ASVS 4.0.3 chapter V2 asks: 12 to 128 characters, any
// characters, no composition rules, refused when on a list of common
// passwords, stored as argon2id (libsodium crypto_pwhash_str) with at least
// 19 MiB of memory and two passes.
#pragma once

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>
#include <unordered_set>

#include "domain/error.h"

namespace paraplan::http {

inline constexpr std::size_t kMinPasswordLength = 12;
inline constexpr std::size_t kMaxPasswordLength = 128;
// argon2id cost: 19 MiB and t=2 is OWASP's minimum for argon2id.
inline constexpr std::uint64_t kPasswordOpsLimit = 2;
inline constexpr std::size_t kPasswordMemLimit = 19 * 1024 * 1024;

// The list of common passwords shipped with paraplan (data/common-passwords.txt).
class CommonPasswords {
 public:
  // Reads one password per line; blank lines and lines starting with # are
  // skipped. kInvalidArgument when the file cannot be read.
  static Result<CommonPasswords> Load(const std::filesystem::path& file);
  // The file in the source tree this build came from.
  static std::filesystem::path DefaultFile();

  // Compared without regard to letter case: "Password123!" is as weak as
  // "password123!".
  bool Contains(std::string_view password) const;
  std::size_t size() const { return passwords_.size(); }

 private:
  std::unordered_set<std::string> passwords_;
};

// Checks a new password; the error names the field `field`.
Result<void> CheckNewPassword(std::string_view password, const CommonPasswords& common,
                              std::string_view field = "password");

// The argon2id string for a password ("$argon2id$v=19$m=19456,t=2,p=1$...").
Result<std::string> HashPassword(std::string_view password);

// Whether `password` matches the stored string, in time independent of
// where they differ.
bool VerifyPassword(std::string_view password, std::string_view stored);

// Spends the time a verification takes, so that an unknown email answers as
// slowly as a wrong password and does not reveal which accounts exist.
void SpendVerificationTime(std::string_view password);

// A random password for `user add` and the demo: 20 characters from an
// alphabet without look-alikes (about 110 bits).
std::string GeneratePassword();

// Random bytes as URL-safe base64 without padding, for tokens.
std::string RandomToken(std::size_t bytes);

// Hex BLAKE2b-256 of a token, as the security store keeps it. Tokens are
// 256-bit random values, so a fast hash is enough.
std::string HashToken(std::string_view token);

// Constant-time comparison of two strings.
bool SameSecret(std::string_view a, std::string_view b);

}  // namespace paraplan::http
