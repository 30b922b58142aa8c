#include "domain/time.h"

#include <gtest/gtest.h>

namespace paraplan {
namespace {

TEST(Date, parses_and_prints_iso_dates) {
  auto date = Date::Parse("2026-11-25");
  ASSERT_TRUE(date.has_value());
  EXPECT_EQ(date->ToString(), "2026-11-25");
  EXPECT_EQ(date->IsoWeekday(), 3);
}

TEST(Date, refuses_impossible_dates_and_other_formats) {
  EXPECT_FALSE(Date::Parse("2026-02-30").has_value());
  EXPECT_FALSE(Date::Parse("2026-13-01").has_value());
  EXPECT_FALSE(Date::Parse("26-11-25").has_value());
  EXPECT_FALSE(Date::Parse("2026/11/25").has_value());
  EXPECT_FALSE(Date::Parse("2026-1a-25").has_value());
  EXPECT_FALSE(Date::Parse("").has_value());
}

TEST(Date, week_start_is_the_monday_of_the_week) {
  EXPECT_EQ(Date::Parse("2026-11-29")->WeekStart().ToString(), "2026-11-23");
  EXPECT_EQ(Date::Parse("2026-11-23")->WeekStart().ToString(), "2026-11-23");
}

TEST(TimeOfDay, parses_twenty_four_hour_times) {
  EXPECT_EQ(TimeOfDay::Parse("08:05")->minutes, 485);
  EXPECT_EQ(TimeOfDay::Parse("24:00")->minutes, 1440);
  EXPECT_FALSE(TimeOfDay::Parse("24:01").has_value());
  EXPECT_FALSE(TimeOfDay::Parse("8:05").has_value());
  EXPECT_FALSE(TimeOfDay::Parse("08:60").has_value());
  EXPECT_EQ(TimeOfDay::At(13, 7).ToString(), "13:07");
}

TEST(TimeSpan, touching_spans_do_not_overlap) {
  TimeSpan first{TimeOfDay::At(8, 0), TimeOfDay::At(9, 0)};
  TimeSpan second{TimeOfDay::At(9, 0), TimeOfDay::At(10, 0)};
  TimeSpan third{TimeOfDay::At(8, 30), TimeOfDay::At(9, 30)};
  EXPECT_FALSE(first.Overlaps(second));
  EXPECT_TRUE(first.Overlaps(third));
  EXPECT_TRUE(third.Overlaps(second));
}

}  // namespace
}  // namespace paraplan
