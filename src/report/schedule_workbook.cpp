#include "report/schedule_workbook.h"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <array>
#include <chrono>
#include <map>
#include <optional>
#include <set>

#include "domain/model.h"
#include "domain/time.h"
#include "report/xlsx.h"

namespace paraplan::report {
namespace {

using nlohmann::json;

constexpr std::array<std::string_view, 7> kDayNames = {
    "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"};
constexpr std::array<std::string_view, 12> kMonthNames = {
    "January", "February", "March",     "April",   "May",      "June",
    "July",    "August",   "September", "October", "November", "December"};

// "Monday 7 December 2026".
std::string LongDate(const Date& date) {
  const std::chrono::year_month_day ymd = date.Ymd();
  return fmt::format("{} {} {} {}", kDayNames[static_cast<std::size_t>(date.IsoWeekday() - 1)],
                     static_cast<unsigned>(ymd.day()),
                     kMonthNames[static_cast<unsigned>(ymd.month()) - 1],
                     static_cast<int>(ymd.year()));
}

// "Mon 7 Dec", a sheet's name.
std::string ShortDate(const Date& date) {
  const std::chrono::year_month_day ymd = date.Ymd();
  return fmt::format("{} {} {}",
                     kDayNames[static_cast<std::size_t>(date.IsoWeekday() - 1)].substr(0, 3),
                     static_cast<unsigned>(ymd.day()),
                     kMonthNames[static_cast<unsigned>(ymd.month()) - 1].substr(0, 3));
}

// A code as words: "general_education_classroom" -> "general education
// classroom".
std::string Words(const std::string& code) {
  std::string words = code;
  std::ranges::replace(words, '_', ' ');
  return words;
}

std::string Time(const json& item) {
  return fmt::format("{}-{}", item.at("start").get<std::string>(),
                     item.at("end").get<std::string>());
}

// What a para does in one block, as a cell: the room and the students, one
// a line, or the duty.
std::string SlotCell(const json& assignment) {
  const std::string kind = assignment.at("kind");
  if (kind == "support") {
    std::string cell = assignment.at("room").at("name");
    for (const json& student : assignment.at("students")) {
      cell += "\n" + student.at("name").get<std::string>();
    }
    return cell;
  }
  if (kind == "lunch") return "Lunch";
  if (kind == "break") return "Break";
  if (kind == "data_entry") return "Data entry";
  if (kind == "other_duty") return "Other duty";
  return "Off";
}

std::string ParaName(const json& view, Id id) {
  for (const json& para : view.at("paras")) {
    if (para.at("id").get<Id>() == id) return para.at("name");
  }
  return fmt::format("para {}", id);
}

xlsx::Sheet DaySheet(const std::string& school_name, const Date& date, const json& view) {
  xlsx::Sheet sheet;
  sheet.name = ShortDate(date);
  sheet.title = {fmt::format("{}: paras on {}", school_name, LongDate(date))};
  const json& day = view.at("day");
  sheet.title.push_back(fmt::format("{} of {} adult-support needs covered.",
                                    day.at("covered").get<int>(),
                                    day.at("adult_support_needs").get<int>()));
  std::set<Id> away;
  for (const json& id : view.at("absent_staff_ids")) away.insert(id.get<Id>());
  if (!away.empty()) {
    std::vector<std::string> names;
    for (Id id : away) names.push_back(ParaName(view, id));
    sheet.title.push_back(fmt::format("Away: {}.", fmt::join(names, ", ")));
  }
  if (view.at("status") != "published") {
    sheet.title.push_back(
        "A draft: the paras work to the published schedule until this one is published.");
  }
  sheet.header.push_back("Para");
  std::map<std::string, std::size_t> column_of;  // block id -> column
  for (const json& block : view.at("blocks")) {
    column_of[block.at("id")] = sheet.header.size();
    sheet.header.push_back(Time(block));
  }
  std::map<Id, std::size_t> row_of;
  for (const json& para : view.at("paras")) {
    const Id id = para.at("id");
    row_of[id] = sheet.rows.size();
    std::vector<xlsx::Cell> row(sheet.header.size(),
                                std::string(away.contains(id) ? "Away" : "Free"));
    row[0] = para.at("name").get<std::string>();
    sheet.rows.push_back(std::move(row));
  }
  for (const json& assignment : view.at("assignments")) {
    auto row = row_of.find(assignment.at("para_id").get<Id>());
    auto column = column_of.find(assignment.at("block").get<std::string>());
    if (row == row_of.end() || column == column_of.end()) continue;
    std::string cell = SlotCell(assignment);
    if (cell == "Off" && away.contains(row->first)) cell = "Away";
    sheet.rows[row->second][column->second] = std::move(cell);
  }
  sheet.widths.assign(sheet.header.size(), 22);
  sheet.widths[0] = 24;
  sheet.frozen_columns = 1;
  return sheet;
}

// The sheets of the workbook; the views' dates are `dates`, parsed. Throws
// nlohmann::json::exception for a view without a field it needs.
std::vector<xlsx::Sheet> Sheets(const std::string& school_name, const std::vector<json>& days,
                                const std::vector<Date>& dates,
                                const std::vector<ServiceWeek>& services) {
  const json& first = days.front();
  const std::optional<Date> monday = Date::Parse(first.at("week").get<std::string>());
  const std::string status = first.at("status");
  std::vector<xlsx::Sheet> sheets;

  xlsx::Sheet week;
  week.name = "Week";
  week.title = {fmt::format("{}: para schedule, week of {}", school_name,
                            monday ? LongDate(*monday) : first.at("week").get<std::string>()),
                status == "published" ? std::string("Published: the week as the paras work it, "
                                                    "each day's published re-plan in place.")
                                      : fmt::format("A {} schedule, not yet published.", status),
                first.at("summary").get<std::string>()};
  week.header = {"Day", "Adult-support needs", "Covered", "Not covered", "Paras away"};
  week.widths = {30, 20, 12, 14, 40};
  for (std::size_t d = 0; d < days.size(); ++d) {
    const json& view = days[d];
    std::vector<std::string> away;
    for (const json& id : view.at("absent_staff_ids")) away.push_back(ParaName(view, id.get<Id>()));
    const json& day = view.at("day");
    const int needs = day.at("adult_support_needs");
    const int covered = day.at("covered");
    week.rows.push_back({LongDate(dates[d]), static_cast<double>(needs),
                         static_cast<double>(covered), static_cast<double>(needs - covered),
                         fmt::format("{}", fmt::join(away, ", "))});
  }
  sheets.push_back(std::move(week));

  for (std::size_t d = 0; d < days.size(); ++d) {
    sheets.push_back(DaySheet(school_name, dates[d], days[d]));
  }

  xlsx::Sheet uncovered;
  uncovered.name = "Not covered";
  uncovered.title = {fmt::format("{}: adult-support needs no para covers, and why", school_name)};
  uncovered.header = {"Day", "Time", "Student", "Need", "Why nobody covers it"};
  uncovered.widths = {26, 14, 26, 40, 60};
  for (std::size_t d = 0; d < days.size(); ++d) {
    const std::string date = LongDate(dates[d]);
    for (const json& item : days[d].at("uncovered")) {
      uncovered.rows.push_back({date, Time(item), item.at("student_name").get<std::string>(),
                                item.at("need").get<std::string>(),
                                item.at("reason").get<std::string>()});
    }
  }
  if (uncovered.rows.empty()) uncovered.title.push_back("Every adult-support need is covered.");
  uncovered.frozen_columns = 1;
  sheets.push_back(std::move(uncovered));

  xlsx::Sheet short_services;
  short_services.name = "IEP minutes short";
  short_services.title = {fmt::format(
      "{}: IEP services the week gives fewer minutes in their setting than required", school_name)};
  // Make-up owed: minutes missed in earlier weeks (the provider absent, a
  // school event) that this week owes on top of the IEP's. Days absent:
  // minutes short for the student's absence, not for want of a para.
  short_services.header = {"Student",      "Support",   "Setting", "Required (min a week)",
                           "Make-up owed", "Scheduled", "Short",   "Days absent"};
  short_services.widths = {26, 24, 32, 20, 14, 12, 10, 12};
  for (const json& item : first.at("short_services")) {
    const int required = item.at("minutes_per_week");
    const int makeup = item.value("makeup_minutes", 0);
    const int scheduled = item.at("scheduled_minutes");
    const int days_absent = item.value("days_absent", 0);
    short_services.rows.push_back(
        {item.at("student_name").get<std::string>(), Words(item.at("type")),
         Words(item.at("setting")), static_cast<double>(required), static_cast<double>(makeup),
         static_cast<double>(scheduled), static_cast<double>(required + makeup - scheduled),
         static_cast<double>(days_absent)});
  }
  if (short_services.rows.empty()) {
    short_services.title.push_back("Every IEP service paras deliver gets its minutes this week.");
  }
  sheets.push_back(std::move(short_services));

  // Every service, as capability 8 asks: required, scheduled and delivered,
  // with the make-up owed and what is still to give (ServiceWeek::StillToGive).
  xlsx::Sheet all_services;
  all_services.name = "IEP minutes";
  all_services.title = {fmt::format(
      "{}: every IEP service paras deliver, minutes required, scheduled and delivered this week",
      school_name)};
  all_services.header = {"Student",      "Support",   "Setting",          "Required (min a week)",
                         "Make-up owed", "Scheduled", "Delivered so far", "Still to give"};
  all_services.widths = {26, 24, 32, 20, 14, 12, 16, 14};
  for (const ServiceWeek& service : services) {
    all_services.rows.push_back({service.student_name, Words(service.type), Words(service.setting),
                                 static_cast<double>(service.minutes_per_week),
                                 static_cast<double>(service.makeup_minutes),
                                 static_cast<double>(service.scheduled_minutes),
                                 static_cast<double>(service.delivered_minutes),
                                 static_cast<double>(service.StillToGive())});
  }
  if (all_services.rows.empty()) {
    all_services.title.push_back("No IEP service is delivered by paras this week.");
  }
  all_services.frozen_columns = 1;
  sheets.push_back(std::move(all_services));

  return sheets;
}

}  // namespace

Result<std::string> ScheduleWorkbook(const std::string& school_name, const std::vector<json>& days,
                                     const std::vector<ServiceWeek>& services) {
  if (days.empty()) {
    return Fail(Error::Invalid("a schedule's workbook needs at least one day",
                               {{"days", "must hold at least one day's view"}}));
  }
  std::vector<Date> dates;
  for (std::size_t d = 0; d < days.size(); ++d) {
    const json& date = days[d].contains("date") ? days[d]["date"] : json();
    std::optional<Date> parsed =
        date.is_string() ? Date::Parse(date.get<std::string>()) : std::nullopt;
    if (!parsed) {
      return Fail(Error::Invalid("a day's view has no date", {{fmt::format("days[{}].date", d),
                                                               "must be a date, YYYY-MM-DD"}}));
    }
    dates.push_back(*parsed);
  }
  std::vector<xlsx::Sheet> sheets;
  try {
    sheets = Sheets(school_name, days, dates, services);
  } catch (const json::exception& error) {
    return Fail(Error::Invalid(
        "a day's view is not a schedule's view",
        {{"days", fmt::format("each must be a view of the schedule: {}", error.what())}}));
  }
  const std::string week = days.front().value("week", dates.front().ToString());
  return xlsx::Write(sheets,
                     {.title = fmt::format("Para schedule, {}, week of {}", school_name, week),
                      .subject = "Para schedule"});
}

}  // namespace paraplan::report
