#include "domain/progress_report.h"

#include <algorithm>
#include <map>

namespace paraplan {

int MinutesPerWeek(const Service& service) {
  switch (service.period) {
    case MinutesPeriod::kDay:
      return service.minutes * 5;
    case MinutesPeriod::kWeek:
      return service.minutes;
    case MinutesPeriod::kMonth:
      return (service.minutes + 3) / 4;
  }
  return service.minutes;
}

ProgressReport BuildProgressReport(const Iep& iep, std::span<const CaptureRecord> records,
                                   Date through, int weeks) {
  ProgressReport report;
  report.through = through;
  const Date first = through.WeekStart().AddDays(-7 * (std::max(weeks, 1) - 1));
  for (Date monday = first; monday <= through; monday = monday.AddDays(7))
    report.weeks.push_back(monday);
  const auto week_of = [&](Date date) -> std::optional<std::size_t> {
    if (date < first || date > through) return std::nullopt;
    return static_cast<std::size_t>((date.DaysSinceEpoch() - first.DaysSinceEpoch()) / 7);
  };

  std::map<Id, std::size_t> service_at;
  for (const Service& service : iep.services) {
    if (service.period == MinutesPeriod::kMonth) continue;
    service_at[service.id] = report.services.size();
    report.services.push_back({service.id, service.type, service.setting, MinutesPerWeek(service),
                               std::vector<int>(report.weeks.size(), 0)});
  }
  std::map<Id, std::size_t> goal_at;
  std::vector<std::vector<GoalPoint>> points(iep.goals.size());
  for (const Goal& goal : iep.goals) {
    goal_at[goal.id] = report.goals.size();
    GoalStanding standing;
    standing.goal_id = goal.id;
    report.goals.push_back(standing);
  }

  for (const CaptureRecord& record : records) {
    if (record.student_id != iep.student_id) continue;
    if (const auto* session = std::get_if<ServiceSession>(&record.body)) {
      const auto at = service_at.find(session->service_id);
      const std::optional<std::size_t> week = week_of(session->date);
      if (at == service_at.end() || !week || session->outcome != SessionOutcome::kDelivered)
        continue;
      report.services[at->second].delivered[*week] += session->minutes;
    } else if (const auto* observation = std::get_if<GoalObservation>(&record.body)) {
      const auto at = goal_at.find(observation->goal_id);
      if (at == goal_at.end() || !week_of(observation->date)) continue;
      const std::optional<double> value =
          ObservationValue(*observation, iep.goals[at->second].unit);
      if (value) points[at->second].push_back({observation->date, *value});
    }
  }

  for (const ServiceWeeks& service : report.services) {
    auto setting = std::ranges::find(report.settings, service.setting, &SettingWeeks::setting);
    if (setting == report.settings.end()) {
      report.settings.push_back({service.setting, 0, std::vector<int>(report.weeks.size(), 0)});
      setting = report.settings.end() - 1;
    }
    setting->minutes_per_week += service.minutes_per_week;
    for (std::size_t w = 0; w < service.delivered.size(); ++w)
      setting->delivered[w] += service.delivered[w];
  }

  for (std::size_t g = 0; g < report.goals.size(); ++g) {
    std::vector<GoalPoint>& own = points[g];
    std::ranges::stable_sort(own, {}, &GoalPoint::date);
    GoalStanding& standing = report.goals[g];
    standing.observations = static_cast<int>(own.size());
    if (own.empty()) continue;
    standing.first = own.front();
    standing.latest = own.back();
    double mean_x = 0, mean_y = 0;
    for (const GoalPoint& point : own) {
      mean_x += point.date.DaysSinceEpoch();
      mean_y += point.value;
    }
    mean_x /= static_cast<double>(own.size());
    mean_y /= static_cast<double>(own.size());
    double covariance = 0, variance = 0;
    for (const GoalPoint& point : own) {
      covariance += (point.date.DaysSinceEpoch() - mean_x) * (point.value - mean_y);
      variance += (point.date.DaysSinceEpoch() - mean_x) * (point.date.DaysSinceEpoch() - mean_x);
    }
    if (variance > 0) standing.trend_per_week = covariance / variance * 7;
  }
  return report;
}

}  // namespace paraplan
