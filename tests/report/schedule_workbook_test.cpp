// The schedule's workbook, from day views as the API gives them: a sheet
// for the week, one a day with each para's blocks, the needs nobody covers
// and the services short of their minutes.
#include "report/schedule_workbook.h"

#include <gtest/gtest.h>

#include "xlsx_reader.h"

namespace paraplan::testing {
namespace {

using nlohmann::json;

json Block(const std::string& id, const std::string& start, const std::string& end) {
  return {{"id", id}, {"start", start}, {"end", end}};
}

// Two paras over two blocks. Monday: Isabella supports two students in
// Room 12, then has lunch; Zoe is free, then on data entry; one need is
// not covered. Tuesday: Zoe is away, and Isabella is free.
std::vector<json> TwoDays() {
  const json paras =
      json::array({{{"id", 7}, {"name", "Isabella Adams"}}, {{"id", 9}, {"name", "Zoe Olson"}}});
  const json blocks =
      json::array({Block("mon-1", "08:00", "08:50"), Block("mon-2", "09:00", "09:50")});
  const json short_services = json::array({{{"student_name", "Ana Diaz"},
                                            {"student_id", 3},
                                            {"service_id", 30},
                                            {"type", "math_support"},
                                            {"setting", "general_education_classroom"},
                                            {"minutes_per_week", 120},
                                            {"makeup_minutes", 30},
                                            {"scheduled_minutes", 50},
                                            {"days_absent", 1}}});
  json monday = {
      {"id", 1},
      {"status", "published"},
      {"week", "2026-12-07"},
      {"date", "2026-12-07"},
      {"summary", "This week: 1 of 1 one-to-one and health or safety needs covered."},
      {"short_services", short_services},
      {"absent_staff_ids", json::array()},
      {"paras", paras},
      {"blocks", blocks},
      {"day", {{"adult_support_needs", 3}, {"covered", 2}, {"newly_uncovered", 0}}},
      {"assignments", json::array({{{"para_id", 7},
                                    {"block", "mon-1"},
                                    {"start", "08:00"},
                                    {"end", "08:50"},
                                    {"kind", "support"},
                                    {"room", {{"id", 12}, {"name", "Room 12"}}},
                                    {"students", json::array({{{"id", 3}, {"name", "Ana Diaz"}},
                                                              {{"name", "A student"}}})}},
                                   {{"para_id", 7},
                                    {"block", "mon-2"},
                                    {"start", "09:00"},
                                    {"end", "09:50"},
                                    {"kind", "lunch"},
                                    {"students", json::array()}},
                                   {{"para_id", 9},
                                    {"block", "mon-2"},
                                    {"start", "09:00"},
                                    {"end", "09:50"},
                                    {"kind", "data_entry"},
                                    {"students", json::array()}}})},
      {"uncovered",
       json::array({{{"block", "mon-2"},
                     {"start", "09:00"},
                     {"end", "09:50"},
                     {"student_name", "Ximena Gómez"},
                     {"need", "adult support with AAC"},
                     {"reason", "every qualified para is supporting elsewhere or on a duty"}}})}};
  json tuesday = monday;
  tuesday["date"] = "2026-12-08";
  tuesday["blocks"] =
      json::array({Block("tue-1", "08:00", "08:50"), Block("tue-2", "09:00", "09:50")});
  tuesday["absent_staff_ids"] = json::array({9});
  tuesday["day"] = {{"adult_support_needs", 3}, {"covered", 3}, {"newly_uncovered", 0}};
  tuesday["assignments"] = json::array({{{"para_id", 9},
                                         {"block", "tue-1"},
                                         {"start", "08:00"},
                                         {"end", "08:50"},
                                         {"kind", "off"},
                                         {"students", json::array()}}});
  tuesday["uncovered"] = json::array();
  return {monday, tuesday};
}

std::vector<report::ServiceWeek> TwoServices() {
  return {{"Ana Diaz", "math_support", "general_education_classroom", 120, 30, 50, 40},
          {"Ximena Gómez", "reading_support", "general_education_classroom", 60, 0, 60, 75}};
}

TEST(ScheduleWorkbook, each_day_shows_every_paras_blocks_and_the_week_its_figures) {
  Result<std::string> bytes =
      report::ScheduleWorkbook("Maple Grove Elementary", TwoDays(), TwoServices());
  ASSERT_TRUE(bytes.has_value()) << bytes.error().message;
  const auto sheets = XlsxSheets(*bytes);
  ASSERT_TRUE(sheets.has_value());
  std::vector<std::string> names;
  for (const SheetCells& sheet : *sheets) names.push_back(sheet.name);
  EXPECT_EQ(names, (std::vector<std::string>{"Week", "Mon 7 Dec", "Tue 8 Dec", "Not covered",
                                             "IEP minutes short", "IEP minutes"}));

  const auto& week = (*sheets)[0].cells;
  EXPECT_EQ(week.at("A1"), "Maple Grove Elementary: para schedule, week of Monday 7 December 2026");
  EXPECT_EQ(week.at("A5"), "Day");
  EXPECT_EQ(week.at("A6"), "Monday 7 December 2026");
  EXPECT_EQ(week.at("B6"), "3");
  EXPECT_EQ(week.at("C6"), "2");
  EXPECT_EQ(week.at("D6"), "1");
  EXPECT_EQ(week.at("E7"), "Zoe Olson");  // away on Tuesday

  const auto& monday = (*sheets)[1].cells;
  EXPECT_EQ(monday.at("A1"), "Maple Grove Elementary: paras on Monday 7 December 2026");
  EXPECT_EQ(monday.at("A2"), "2 of 3 adult-support needs covered.");
  EXPECT_EQ(monday.at("A4"), "Para");
  EXPECT_EQ(monday.at("B4"), "08:00-08:50");
  EXPECT_EQ(monday.at("A5"), "Isabella Adams");
  EXPECT_EQ(monday.at("B5"), "Room 12\nAna Diaz\nA student");
  EXPECT_EQ(monday.at("C5"), "Lunch");
  EXPECT_EQ(monday.at("B6"), "Free");
  EXPECT_EQ(monday.at("C6"), "Data entry");

  const auto& tuesday = (*sheets)[2].cells;
  EXPECT_EQ(tuesday.at("A3"), "Away: Zoe Olson.");
  EXPECT_EQ(tuesday.at("B6"), "Free");
  EXPECT_EQ(tuesday.at("B7"), "Away");
  EXPECT_EQ(tuesday.at("C7"), "Away");

  const auto& uncovered = (*sheets)[3].cells;
  EXPECT_EQ(uncovered.at("A4"), "Monday 7 December 2026");
  EXPECT_EQ(uncovered.at("B4"), "09:00-09:50");
  EXPECT_EQ(uncovered.at("C4"), "Ximena Gómez");
  EXPECT_EQ(uncovered.at("E4"), "every qualified para is supporting elsewhere or on a duty");
  EXPECT_FALSE(uncovered.contains("A5")) << "Tuesday has none";

  const auto& short_services = (*sheets)[4].cells;
  EXPECT_EQ(short_services.at("A4"), "Ana Diaz");
  EXPECT_EQ(short_services.at("B4"), "math support");
  EXPECT_EQ(short_services.at("C4"), "general education classroom");
  EXPECT_EQ(short_services.at("D4"), "120");
  EXPECT_EQ(short_services.at("E3"), "Make-up owed");
  EXPECT_EQ(short_services.at("E4"), "30");
  EXPECT_EQ(short_services.at("F4"), "50");
  EXPECT_EQ(short_services.at("G4"), "100") << "the IEP's 120 and the 30 owed, less the 50 given";
  EXPECT_EQ(short_services.at("H3"), "Days absent");
  EXPECT_EQ(short_services.at("H4"), "1");

  // Every service, short or not: required, owed, scheduled, delivered so far
  // and what is still to give.
  const auto& services = (*sheets)[5].cells;
  EXPECT_EQ(services.at("A1"),
            "Maple Grove Elementary: every IEP service paras deliver, minutes required, scheduled "
            "and delivered this week");
  EXPECT_EQ(services.at("A3"), "Student");
  EXPECT_EQ(services.at("G3"), "Delivered so far");
  EXPECT_EQ(services.at("H3"), "Still to give");
  EXPECT_EQ(services.at("A4"), "Ana Diaz");
  EXPECT_EQ(services.at("D4"), "120");
  EXPECT_EQ(services.at("E4"), "30");
  EXPECT_EQ(services.at("F4"), "50");
  EXPECT_EQ(services.at("G4"), "40");
  EXPECT_EQ(services.at("H4"), "110") << "the IEP's 120 and the 30 owed, less the 40 delivered";
  EXPECT_EQ(services.at("A5"), "Ximena Gómez");
  EXPECT_EQ(services.at("B5"), "reading support");
  EXPECT_EQ(services.at("F5"), "60");
  EXPECT_EQ(services.at("G5"), "75");
  EXPECT_EQ(services.at("H5"), "0") << "delivered beyond the IEP's minutes owes nothing more";
}

TEST(ScheduleWorkbook, a_week_without_services_paras_deliver_says_so) {
  Result<std::string> bytes = report::ScheduleWorkbook("Maple Grove Elementary", TwoDays(), {});
  ASSERT_TRUE(bytes.has_value()) << bytes.error().message;
  const auto sheets = XlsxSheets(*bytes);
  ASSERT_TRUE(sheets.has_value());
  ASSERT_EQ(sheets->size(), 6u);
  EXPECT_EQ((*sheets)[5].cells.at("A2"), "No IEP service is delivered by paras this week.");
}

TEST(ScheduleWorkbook, a_draft_says_so_on_every_day) {
  std::vector<json> days = TwoDays();
  for (json& day : days) day["status"] = "draft";
  Result<std::string> bytes =
      report::ScheduleWorkbook("Maple Grove Elementary", days, TwoServices());
  ASSERT_TRUE(bytes.has_value()) << bytes.error().message;
  const auto sheets = XlsxSheets(*bytes);
  ASSERT_TRUE(sheets.has_value());
  EXPECT_EQ((*sheets)[0].cells.at("A2"), "A draft schedule, not yet published.");
  EXPECT_EQ((*sheets)[1].cells.at("A3"),
            "A draft: the paras work to the published schedule until this one is published.");
}

TEST(ScheduleWorkbook, a_view_that_is_not_a_schedules_is_refused_not_a_crash) {
  std::vector<json> days = TwoDays();
  days[1]["date"] = "Tuesday";
  Result<std::string> bytes =
      report::ScheduleWorkbook("Maple Grove Elementary", days, TwoServices());
  ASSERT_FALSE(bytes.has_value());
  ASSERT_EQ(bytes.error().fields.size(), 1u);
  EXPECT_EQ(bytes.error().fields[0].field, "days[1].date");

  days = TwoDays();
  days[0].erase("assignments");
  bytes = report::ScheduleWorkbook("Maple Grove Elementary", days, TwoServices());
  ASSERT_FALSE(bytes.has_value());
  EXPECT_EQ(bytes.error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(bytes.error().fields.at(0).field, "days");
}

TEST(ScheduleWorkbook, no_day_is_refused_naming_days) {
  Result<std::string> bytes = report::ScheduleWorkbook("Maple Grove Elementary", {}, TwoServices());
  ASSERT_FALSE(bytes.has_value());
  EXPECT_EQ(bytes.error().code, ErrorCode::kInvalidArgument);
  ASSERT_EQ(bytes.error().fields.size(), 1u);
  EXPECT_EQ(bytes.error().fields[0].field, "days");
}

}  // namespace
}  // namespace paraplan::testing
