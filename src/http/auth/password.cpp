#include "http/auth/password.h"

#include <fmt/format.h>
#include <sodium.h>

#include <algorithm>
#include <cctype>
#include <fstream>
#include <mutex>

namespace paraplan::http {
namespace {

std::string Lower(std::string_view text) {
  std::string lower(text);
  std::ranges::transform(lower, lower.begin(),
                         [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return lower;
}

// Characters, not bytes: UTF-8 continuation bytes do not start a character.
std::size_t CharacterCount(std::string_view text) {
  return static_cast<std::size_t>(std::ranges::count_if(
      text, [](char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; }));
}

void InitSodium() {
  static std::once_flag once;
  std::call_once(once, [] {
    if (sodium_init() < 0) std::abort();  // no randomness: nothing is safe
  });
}

}  // namespace

Result<CommonPasswords> CommonPasswords::Load(const std::filesystem::path& file) {
  std::ifstream stream(file);
  if (!stream) {
    return Fail(
        Error::Invalid(fmt::format("cannot read the common password list {}", file.string()),
                       {{"common_passwords", "cannot be read"}}));
  }
  CommonPasswords list;
  std::string line;
  while (std::getline(stream, line)) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.empty() || line.front() == '#') continue;
    list.passwords_.insert(Lower(line));
  }
  return list;
}

std::filesystem::path CommonPasswords::DefaultFile() {
  return std::filesystem::path(PARAPLAN_DATA_DIR) / "common-passwords.txt";
}

bool CommonPasswords::Contains(std::string_view password) const {
  return passwords_.contains(Lower(password));
}

Result<void> CheckNewPassword(std::string_view password, const CommonPasswords& common,
                              std::string_view field) {
  const std::size_t length = CharacterCount(password);
  std::string reason;
  if (length < kMinPasswordLength) {
    reason = fmt::format("must be at least {} characters", kMinPasswordLength);
  } else if (length > kMaxPasswordLength) {
    reason = fmt::format("must be at most {} characters", kMaxPasswordLength);
  } else if (common.Contains(password)) {
    reason = "is on the list of common passwords; choose another";
  }
  if (reason.empty()) return {};
  return Fail(Error::Invalid("the password is not acceptable", {{std::string(field), reason}}));
}

Result<std::string> HashPassword(std::string_view password) {
  InitSodium();
  std::string hash(crypto_pwhash_STRBYTES, '\0');
  if (crypto_pwhash_str(hash.data(), password.data(), password.size(), kPasswordOpsLimit,
                        kPasswordMemLimit) != 0) {
    return Fail(Error::Unavailable("not enough memory to hash the password"));
  }
  hash.resize(std::char_traits<char>::length(hash.c_str()));
  return hash;
}

bool VerifyPassword(std::string_view password, std::string_view stored) {
  InitSodium();
  std::string terminated(stored);
  return crypto_pwhash_str_verify(terminated.c_str(), password.data(), password.size()) == 0;
}

void SpendVerificationTime(std::string_view password) {
  static const std::string dummy = HashPassword("paraplan timing equaliser").value_or("");
  (void)VerifyPassword(password, dummy);
}

std::string GeneratePassword() {
  InitSodium();
  constexpr std::string_view kAlphabet = "abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
  std::string password;
  for (int i = 0; i < 20; ++i) {
    password.push_back(
        kAlphabet[randombytes_uniform(static_cast<std::uint32_t>(kAlphabet.size()))]);
  }
  return password;
}

std::string RandomToken(std::size_t bytes) {
  InitSodium();
  std::string raw(bytes, '\0');
  randombytes_buf(raw.data(), raw.size());
  std::string encoded(sodium_base64_ENCODED_LEN(bytes, sodium_base64_VARIANT_URLSAFE_NO_PADDING),
                      '\0');
  sodium_bin2base64(encoded.data(), encoded.size(),
                    reinterpret_cast<const unsigned char*>(raw.data()), raw.size(),
                    sodium_base64_VARIANT_URLSAFE_NO_PADDING);
  encoded.resize(std::char_traits<char>::length(encoded.c_str()));
  return encoded;
}

std::string HashToken(std::string_view token) {
  InitSodium();
  unsigned char digest[32];
  crypto_generichash(digest, sizeof digest, reinterpret_cast<const unsigned char*>(token.data()),
                     token.size(), nullptr, 0);
  char hex[sizeof digest * 2 + 1];
  sodium_bin2hex(hex, sizeof hex, digest, sizeof digest);
  return std::string(hex);
}

bool SameSecret(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  if (a.empty()) return true;
  return sodium_memcmp(a.data(), b.data(), a.size()) == 0;
}

}  // namespace paraplan::http
