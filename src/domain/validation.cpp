#include "domain/validation.h"

#include <algorithm>
#include <set>

#include <fmt/format.h>

namespace paraplan {
namespace {

// Collects problems under an optional path prefix ("services[2].").
class Collector {
 public:
  explicit Collector(Problems& problems, std::string prefix = "")
      : problems_(problems), prefix_(std::move(prefix)) {}

  void Add(std::string_view field, std::string reason) {
    problems_.push_back({prefix_ + std::string(field), std::move(reason)});
  }
  void Require(bool condition, std::string_view field, std::string reason) {
    if (!condition) Add(field, std::move(reason));
  }
  void RequireText(const std::string& value, std::string_view field, std::size_t max = 200) {
    if (value.find_first_not_of(" \t\r\n") == std::string::npos) {
      Add(field, "is required");
    } else if (value.size() > max) {
      Add(field, fmt::format("is longer than {} characters", max));
    }
  }
  void LimitText(const std::string& value, std::string_view field, std::size_t max) {
    if (value.size() > max) Add(field, fmt::format("is longer than {} characters", max));
  }
  void RequireId(Id id, std::string_view field) {
    if (id <= 0) Add(field, "is required");
  }
  void RequireSpan(const TimeSpan& span, std::string_view field) {
    if (!span.start.IsValid() || !span.end.IsValid()) {
      Add(field, "is not a time of day between 00:00 and 24:00");
    } else if (span.end <= span.start) {
      Add(field, "ends before it starts");
    }
  }
  Collector Nested(std::string_view field, std::size_t index) {
    return Collector(problems_, fmt::format("{}{}[{}].", prefix_, field, index));
  }

 private:
  Problems& problems_;
  std::string prefix_;
};

bool LooksLikeLanguageTag(const std::string& tag) {
  if (tag.size() < 2 || tag.size() > 35) return false;
  return std::all_of(tag.begin(), tag.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-';
  });
}

bool LooksLikeEmail(const std::string& email) {
  auto at = email.find('@');
  return at != std::string::npos && at > 0 && at + 1 < email.size() &&
         email.find('@', at + 1) == std::string::npos && email.find(' ') == std::string::npos;
}

}  // namespace

int SchoolTime::MinutesPer(MinutesPeriod period) const {
  switch (period) {
    case MinutesPeriod::kDay: return minutes_per_day;
    case MinutesPeriod::kWeek: return minutes_per_day * days_per_week;
    // A school month is counted as four school weeks.
    case MinutesPeriod::kMonth: return minutes_per_day * days_per_week * 4;
  }
  return 0;
}

Problems Validate(const District& district) {
  Problems problems;
  Collector check(problems);
  check.RequireText(district.name, "name");
  check.Require(district.lesson_plan_lead_days >= 0 && district.lesson_plan_lead_days <= 30,
                "lesson_plan_lead_days", "must be between 0 and 30 school days");
  return problems;
}

Problems Validate(const School& school) {
  Problems problems;
  Collector check(problems);
  check.RequireId(school.district_id, "district_id");
  check.RequireText(school.name, "name");
  check.Require(school.lowest_grade <= school.highest_grade, "highest_grade",
                "is below lowest_grade");
  check.RequireSpan(school.day, "day");
  return problems;
}

Problems Validate(const Room& room) {
  Problems problems;
  Collector check(problems);
  check.RequireId(room.school_id, "school_id");
  check.RequireText(room.name, "name", 100);
  check.Require(room.capacity >= 0 && room.capacity <= 1000, "capacity",
                "must be between 0 and 1000");
  return problems;
}

Problems Validate(const SchoolCalendar& calendar) {
  Problems problems;
  Collector check(problems);
  check.RequireId(calendar.school_id, "school_id");
  check.RequireText(calendar.name, "name", 100);
  check.Require(calendar.first_day <= calendar.last_day, "last_day", "is before first_day");
  for (std::size_t i = 0; i < calendar.non_instructional_days.size(); ++i) {
    Date day = calendar.non_instructional_days[i];
    if (day < calendar.first_day || day > calendar.last_day) {
      check.Add(fmt::format("non_instructional_days[{}]", i), "is outside the school year");
    }
  }
  return problems;
}

bool SchoolCalendar::IsInstructionalDay(Date date) const {
  if (date < first_day || date > last_day) return false;
  if (date.IsoWeekday() >= 6) return false;
  return std::find(non_instructional_days.begin(), non_instructional_days.end(), date) ==
         non_instructional_days.end();
}

Problems Validate(const Staff& staff) {
  Problems problems;
  Collector check(problems);
  check.RequireId(staff.district_id, "district_id");
  check.RequireText(staff.first_name, "first_name", 100);
  check.RequireText(staff.last_name, "last_name", 100);
  if (!staff.email.empty() && !LooksLikeEmail(staff.email)) {
    check.Add("email", "is not an email address");
  }
  if (staff.role == StaffRole::kRelatedServiceProvider) {
    check.Require(staff.provider_kind.has_value(), "provider_kind",
                  "is required for a related service provider");
  } else {
    check.Require(!staff.provider_kind.has_value(), "provider_kind",
                  "applies only to related service providers");
  }
  check.RequireSpan(staff.work_hours, "work_hours");
  if (!staff.funding.empty()) {
    int total = 0;
    std::set<std::string> sources;
    for (std::size_t i = 0; i < staff.funding.size(); ++i) {
      const FundingShare& share = staff.funding[i];
      Collector item = check.Nested("funding", i);
      item.RequireText(share.source, "source", 100);
      item.Require(share.percent > 0 && share.percent <= 100, "percent",
                   "must be between 1 and 100");
      if (!sources.insert(share.source).second) item.Add("source", "is listed twice");
      total += share.percent;
    }
    check.Require(total == 100, "funding", fmt::format("shares add up to {}%, not 100%", total));
  }
  for (std::size_t i = 0; i < staff.credentials.size(); ++i) {
    check.Nested("credentials", i).LimitText(staff.credentials[i].number, "number", 50);
  }
  return problems;
}

Problems Validate(const Student& student) {
  Problems problems;
  Collector check(problems);
  check.RequireId(student.school_id, "school_id");
  check.RequireText(student.first_name, "first_name", 100);
  check.RequireText(student.last_name, "last_name", 100);
  check.Require(LooksLikeLanguageTag(student.home_language), "home_language",
                "is not a language tag such as \"en\" or \"es\"");
  auto year = static_cast<int>(student.birth_date.Ymd().year());
  check.Require(year >= 1990 && student.birth_date <= Date::Today(), "birth_date",
                "is not a plausible birth date for a student");
  return problems;
}

Problems Validate(const Guardian& guardian) {
  Problems problems;
  Collector check(problems);
  check.RequireId(guardian.district_id, "district_id");
  check.RequireText(guardian.first_name, "first_name", 100);
  check.RequireText(guardian.last_name, "last_name", 100);
  if (!guardian.email.empty() && !LooksLikeEmail(guardian.email)) {
    check.Add("email", "is not an email address");
  }
  check.LimitText(guardian.phone, "phone", 40);
  check.Require(LooksLikeLanguageTag(guardian.preferred_language), "preferred_language",
                "is not a language tag such as \"en\" or \"es\"");
  return problems;
}

namespace {

// Reports every pair of meetings on the same weekday whose times overlap.
template <typename Item, typename SpanOf, typename DayOf>
void CheckOverlaps(Collector& check, std::string_view list, const std::vector<Item>& items,
                   SpanOf span_of, DayOf day_of) {
  for (std::size_t i = 0; i < items.size(); ++i) {
    for (std::size_t j = i + 1; j < items.size(); ++j) {
      if (day_of(items[i]) == day_of(items[j]) && span_of(items[i]).Overlaps(span_of(items[j]))) {
        check.Add(fmt::format("{}[{}]", list, j),
                  fmt::format("overlaps {}[{}] on the same weekday", list, i));
      }
    }
  }
}

}  // namespace

Problems Validate(const Section& section) {
  Problems problems;
  Collector check(problems);
  check.RequireId(section.school_id, "school_id");
  check.RequireText(section.course, "course");
  check.LimitText(section.code, "code", 60);
  for (std::size_t i = 0; i < section.meetings.size(); ++i) {
    check.Nested("meetings", i).RequireSpan(section.meetings[i].span, "span");
  }
  CheckOverlaps(
      check, "meetings", section.meetings, [](const Meeting& m) { return m.span; },
      [](const Meeting& m) { return m.weekday; });
  return problems;
}

Problems Validate(const Enrolment& enrolment) {
  Problems problems;
  Collector check(problems);
  check.RequireId(enrolment.student_id, "student_id");
  check.RequireId(enrolment.section_id, "section_id");
  if (enrolment.end) check.Require(*enrolment.end >= enrolment.start, "end", "is before start");
  return problems;
}

Problems Validate(const StudentDay& day) {
  Problems problems;
  Collector check(problems);
  check.RequireId(day.student_id, "student_id");
  for (std::size_t i = 0; i < day.blocks.size(); ++i) {
    const DayBlock& block = day.blocks[i];
    Collector item = check.Nested("blocks", i);
    item.RequireSpan(block.span, "span");
    item.LimitText(block.activity, "activity", 100);
    if (block.one_to_one) {
      item.Require(block.support == SupportLevel::kAdultSupport, "one_to_one",
                   "requires the support level adult_support");
    }
    if (block.support != SupportLevel::kAdultSupport && !block.skills_needed.empty()) {
      item.Add("skills_needed", "apply only to blocks that need adult support");
    }
  }
  CheckOverlaps(
      check, "blocks", day.blocks, [](const DayBlock& b) { return b.span; },
      [](const DayBlock& b) { return b.weekday; });
  return problems;
}

Problems Validate(const Iep& iep, std::optional<SchoolTime> school_time) {
  Problems problems;
  Collector check(problems);
  check.RequireId(iep.student_id, "student_id");
  check.Require(iep.end >= iep.start, "end", "is before start");
  check.Require(iep.annual_review >= iep.start, "annual_review", "is before start");
  // IDEA: the IEP is reviewed at least once a year.
  check.Require(iep.annual_review <= iep.start.AddDays(366), "annual_review",
                "is more than a year after start");

  for (std::size_t i = 0; i < iep.services.size(); ++i) {
    const Service& service = iep.services[i];
    Collector item = check.Nested("services", i);
    if (service.minutes < 0) {
      item.Add("minutes", "is negative");
    } else if (service.minutes == 0) {
      item.Add("minutes", "must be more than zero");
    } else if (school_time && service.minutes > school_time->MinutesPer(service.period)) {
      item.Add("minutes",
               fmt::format("{} minutes per {} exceed the {} minutes the student is in school",
                           service.minutes, NameOf(service.period),
                           school_time->MinutesPer(service.period)));
    }
    item.Require(service.end >= service.start, "end", "is before start");
    item.Require(service.start >= iep.start && service.end <= iep.end, "start",
                 "falls outside the IEP's dates");
    if (service.setting == Setting::kGeneralEducationClassroom &&
        service.delivery == DeliveryModel::kPullOutSmallGroup) {
      item.Add("delivery", "pull-out cannot happen in the general education classroom");
    }
  }

  for (std::size_t i = 0; i < iep.goals.size(); ++i) {
    const Goal& goal = iep.goals[i];
    Collector item = check.Nested("goals", i);
    item.RequireText(goal.statement, "statement", 2000);
    item.Require(goal.measurement.has_value(), "measurement", "is required: how is it measured?");
    item.Require(goal.target != goal.baseline, "target", "equals the baseline");
    item.Require(goal.target_date > iep.start, "target_date", "is not after the IEP start");
    item.LimitText(goal.unit, "unit", 60);
  }

  for (std::size_t i = 0; i < iep.accommodations.size(); ++i) {
    const Accommodation& accommodation = iep.accommodations[i];
    Collector item = check.Nested("accommodations", i);
    item.RequireText(accommodation.description, "description", 1000);
    item.Require(!accommodation.settings.empty(), "settings",
                 "name at least one setting where it applies");
  }

  for (std::size_t i = 0; i < iep.regulation_plan.size(); ++i) {
    const RegulationLevel& level = iep.regulation_plan[i];
    Collector item = check.Nested("regulation_plan", i);
    item.Require(level.level == static_cast<int>(i) + 1, "level",
                 fmt::format("must be {} (levels are numbered 1, 2, 3... in order)", i + 1));
    item.RequireText(level.student_signs, "student_signs", 1000);
    item.RequireText(level.staff_response, "staff_response", 1000);
  }

  if (iep.one_to_one) {
    const OneToOneDesignation& designation = *iep.one_to_one;
    Collector item(problems, "one_to_one.");
    item.RequireText(designation.justification, "justification", 2000);
    if (!designation.next_review) {
      item.Add("next_review", "is required: a one-to-one designation must be reviewed");
    } else {
      item.Require(*designation.next_review > designation.start, "next_review",
                   "is not after the designation's start");
    }
  }
  return problems;
}

Result<void> ToResult(const Problems& problems, std::string_view what) {
  if (problems.empty()) return {};
  std::string message =
      problems.size() == 1
          ? fmt::format("{}: {} {}", what, problems.front().field, problems.front().reason)
          : fmt::format("{} has {} problems; the first: {} {}", what, problems.size(),
                        problems.front().field, problems.front().reason);
  return Fail(Error::Invalid(std::move(message), problems));
}

}  // namespace paraplan
