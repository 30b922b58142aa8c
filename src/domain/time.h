// Calendar dates, times of day and weekdays as paraplan uses them: a school
// day is a civil date, a block runs between two times of day in minutes.
#pragma once

#include <chrono>
#include <compare>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace paraplan {

// A civil date (no time zone: a school day is the same day everywhere).
class Date {
 public:
  constexpr Date() = default;
  constexpr explicit Date(std::chrono::year_month_day ymd) : days_(std::chrono::sys_days(ymd)) {}
  static constexpr Date FromDays(std::int32_t days_since_epoch) {
    Date date;
    date.days_ = std::chrono::sys_days(std::chrono::days(days_since_epoch));
    return date;
  }

  // Accepts exactly YYYY-MM-DD with a real calendar day; nullopt otherwise.
  static std::optional<Date> Parse(std::string_view text);
  static Date Today();

  std::string ToString() const;  // YYYY-MM-DD
  std::chrono::year_month_day Ymd() const { return std::chrono::year_month_day(days_); }
  std::int32_t DaysSinceEpoch() const {
    return static_cast<std::int32_t>(days_.time_since_epoch().count());
  }
  // Monday = 1 ... Sunday = 7 (ISO 8601).
  int IsoWeekday() const { return static_cast<int>(std::chrono::weekday(days_).iso_encoding()); }
  Date AddDays(int days) const { return FromDays(DaysSinceEpoch() + days); }
  // The Monday of this date's week.
  Date WeekStart() const { return AddDays(1 - IsoWeekday()); }

  auto operator<=>(const Date&) const = default;

 private:
  std::chrono::sys_days days_{};
};

// Minutes since midnight, 0 to 1440.
struct TimeOfDay {
  int minutes = 0;

  // Accepts HH:MM (24-hour); nullopt otherwise.
  static std::optional<TimeOfDay> Parse(std::string_view text);
  static constexpr TimeOfDay At(int hour, int minute) { return {hour * 60 + minute}; }
  std::string ToString() const;  // HH:MM
  bool IsValid() const { return minutes >= 0 && minutes <= 24 * 60; }

  auto operator<=>(const TimeOfDay&) const = default;
};

// School weekdays as the meeting patterns use them.
enum class Weekday { kMonday = 1, kTuesday, kWednesday, kThursday, kFriday, kSaturday, kSunday };

// A span of a school day, [start, end).
struct TimeSpan {
  TimeOfDay start;
  TimeOfDay end;

  int Minutes() const { return end.minutes - start.minutes; }
  bool Overlaps(const TimeSpan& other) const {
    return start.minutes < other.end.minutes && other.start.minutes < end.minutes;
  }
  bool operator==(const TimeSpan&) const = default;
};

}  // namespace paraplan
