#include "domain/time.h"

#include <charconv>

#include <fmt/format.h>

namespace paraplan {
namespace {

std::optional<int> ParseDigits(std::string_view text) {
  if (text.empty()) return std::nullopt;
  for (char c : text) {
    if (c < '0' || c > '9') return std::nullopt;
  }
  int value = 0;
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc() || end != text.data() + text.size()) return std::nullopt;
  return value;
}

}  // namespace

std::optional<Date> Date::Parse(std::string_view text) {
  if (text.size() != 10 || text[4] != '-' || text[7] != '-') return std::nullopt;
  auto year = ParseDigits(text.substr(0, 4));
  auto month = ParseDigits(text.substr(5, 2));
  auto day = ParseDigits(text.substr(8, 2));
  if (!year || !month || !day) return std::nullopt;
  std::chrono::year_month_day ymd{std::chrono::year(*year),
                                  std::chrono::month(static_cast<unsigned>(*month)),
                                  std::chrono::day(static_cast<unsigned>(*day))};
  if (!ymd.ok()) return std::nullopt;
  return Date(ymd);
}

Date Date::Today() {
  return Date(std::chrono::year_month_day(
      std::chrono::floor<std::chrono::days>(std::chrono::system_clock::now())));
}

std::string Date::ToString() const {
  auto ymd = Ymd();
  return fmt::format("{:04}-{:02}-{:02}", static_cast<int>(ymd.year()),
                     static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()));
}

std::optional<TimeOfDay> TimeOfDay::Parse(std::string_view text) {
  if (text.size() != 5 || text[2] != ':') return std::nullopt;
  auto hour = ParseDigits(text.substr(0, 2));
  auto minute = ParseDigits(text.substr(3, 2));
  if (!hour || !minute || *hour > 24 || *minute > 59) return std::nullopt;
  if (*hour == 24 && *minute != 0) return std::nullopt;
  return TimeOfDay{*hour * 60 + *minute};
}

std::string TimeOfDay::ToString() const {
  return fmt::format("{:02}:{:02}", minutes / 60, minutes % 60);
}

}  // namespace paraplan
