#include "schedule/generator.h"

#include <algorithm>
#include <array>
#include <random>
#include <set>

#include <fmt/format.h>

namespace paraplan::schedule {
namespace {

// A small deterministic generator: std::mt19937_64 is specified exactly, and
// drawing through it directly (not through a distribution) keeps instances
// identical across standard libraries.
class Random {
 public:
  explicit Random(std::uint64_t seed) : engine_(seed) {}
  int Below(int bound) { return static_cast<int>(engine_() % static_cast<std::uint64_t>(bound)); }
  bool Chance(double probability) {
    return static_cast<double>(engine_() >> 11) * 0x1.0p-53 < probability;
  }

 private:
  std::mt19937_64 engine_;
};

constexpr std::array<Weekday, 5> kWeekdays{Weekday::kMonday, Weekday::kTuesday,
                                           Weekday::kWednesday, Weekday::kThursday,
                                           Weekday::kFriday};
constexpr std::array<std::string_view, 5> kDayLabels{"mon", "tue", "wed", "thu", "fri"};

// The bell schedule; the fifth block is the students' lunch.
constexpr std::array<std::array<int, 4>, 8> kBells{{{8, 0, 8, 50},
                                                     {8, 55, 9, 45},
                                                     {9, 50, 10, 40},
                                                     {10, 45, 11, 35},
                                                     {11, 35, 12, 5},
                                                     {12, 10, 13, 0},
                                                     {13, 5, 13, 55},
                                                     {14, 0, 14, 50}}};
constexpr int kLunchBlock = 4;

// Skills in the order of how often students need them.
constexpr std::array<Skill, 10> kSkills{
    Skill::kBehaviorPlan,        Skill::kReadingIntervention, Skill::kMathIntervention,
    Skill::kSocialSkillsInstruction, Skill::kAac,             Skill::kPersonalCare,
    Skill::kMobilityAndLifting,  Skill::kFeeding,             Skill::kSignLanguage,
    Skill::kHealthProcedure};

Skill DrawSkill(Random& random) {
  // Roughly geometric: the first skills are common, the last ones rare.
  for (std::size_t k = 0; k + 1 < kSkills.size(); ++k) {
    if (random.Chance(0.35)) return kSkills[k];
  }
  return kSkills.back();
}

SupportType TypeFor(Skill skill) {
  switch (skill) {
    case Skill::kReadingIntervention:
      return SupportType::kReadingSupport;
    case Skill::kMathIntervention:
      return SupportType::kMathSupport;
    case Skill::kBehaviorPlan:
      return SupportType::kBehaviorSupport;
    case Skill::kSocialSkillsInstruction:
      return SupportType::kSocialSkills;
    case Skill::kAac:
    case Skill::kSignLanguage:
      return SupportType::kCommunication;
    default:
      return SupportType::kPersonalCare;
  }
}

}  // namespace

Problem GenerateSchool(const GeneratorOptions& options) {
  Random random(options.seed * 0x9E3779B97F4A7C15ULL + static_cast<std::uint64_t>(options.school_id));
  Problem problem;
  problem.school_id = options.school_id;
  const int days = std::clamp(options.days, 1, 5);
  for (int d = 0; d < days; ++d) {
    for (std::size_t k = 0; k < kBells.size(); ++k) {
      const auto& bell = kBells[k];
      problem.blocks.push_back({fmt::format("{}-{}", kDayLabels[At(d)], k + 1), kWeekdays[At(d)],
                                {TimeOfDay::At(bell[0], bell[1]), TimeOfDay::At(bell[2], bell[3])}});
    }
  }
  const Id base = options.school_id * 100000;
  const int classrooms = std::max(4, options.students / 25);
  const int resource_rooms = std::max(1, classrooms / 8);
  for (int r = 0; r < classrooms; ++r) {
    problem.rooms.push_back({base + r, fmt::format("Classroom {}", r + 1),
                             Setting::kGeneralEducationClassroom});
  }
  for (int r = 0; r < resource_rooms; ++r) {
    problem.rooms.push_back({base + classrooms + r, fmt::format("Resource room {}", r + 1),
                             Setting::kSpecialEducationSetting});
  }
  const int cafeteria = static_cast<int>(problem.rooms.size());
  problem.rooms.push_back({base + cafeteria, "Cafeteria", Setting::kOther});

  for (int p = 0; p < options.paras; ++p) {
    Para para;
    para.id = base + 50000 + p;
    para.name = fmt::format("Para {}", p + 1);
    const bool part_time = random.Chance(0.2);
    para.hours = {TimeOfDay::At(7, 45), part_time ? TimeOfDay::At(12, 15) : TimeOfDay::At(15, 15)};
    if (!part_time) para.lunch = {30, {TimeOfDay::At(11, 0), TimeOfDay::At(13, 0)}};
    para.rest = {15, {TimeOfDay::At(9, 0), TimeOfDay::At(14, 0)}};
    para.data_entry_minutes = 15;
    const int skill_count = 2 + random.Below(4);
    while (static_cast<int>(para.skills.size()) < skill_count) {
      const Skill skill = random.Chance(0.5) ? DrawSkill(random) : kSkills[At(random.Below(10))];
      if (std::find(para.skills.begin(), para.skills.end(), skill) == para.skills.end()) {
        para.skills.push_back(skill);
      }
    }
    para.credentials.push_back(CredentialKind::kSpecialEducationProgramAide);
    if (random.Chance(0.5)) para.credentials.push_back(CredentialKind::kCprFirstAid);
    para.max_students = 2 + random.Below(3);
    problem.paras.push_back(std::move(para));
  }

  for (int s = 0; s < options.students; ++s) {
    if (!random.Chance(options.iep_share)) continue;
    const Id student = base + s;
    const int homeroom = s % classrooms;
    const int resource = classrooms + random.Below(resource_rooms);
    const bool one_to_one = random.Chance(0.06);
    const bool health = random.Chance(0.04);
    std::vector<Skill> profile;
    const int skill_count = random.Below(3);
    for (int k = 0; k < skill_count; ++k) {
      const Skill skill = DrawSkill(random);
      if (std::find(profile.begin(), profile.end(), skill) == profile.end()) profile.push_back(skill);
    }
    std::vector<int> adult_needs;
    for (std::size_t b = 0; b < problem.blocks.size(); ++b) {
      const bool lunch = b % kBells.size() == kLunchBlock;
      Need need;
      need.student_id = student;
      need.block = static_cast<int>(b);
      need.room = lunch ? cafeteria : (random.Chance(0.2) ? resource : homeroom);
      const int draw = random.Below(100);
      if (one_to_one ? draw < 80 : draw < 35) {
        need.support = SupportLevel::kAdultSupport;
      } else if (draw < 55) {
        need.support = SupportLevel::kPeerSupport;
      } else if (draw < 80) {
        need.support = SupportLevel::kTeacherSupport;
      } else {
        need.support = SupportLevel::kIndependent;
      }
      if (need.support == SupportLevel::kAdultSupport) {
        for (Skill skill : profile) {
          if (random.Chance(0.6)) need.skills.push_back(skill);
        }
        need.one_to_one = one_to_one;
        if (health && random.Chance(0.3)) {
          need.safety = true;
          need.skills.push_back(Skill::kHealthProcedure);
          need.credentials.push_back(CredentialKind::kCprFirstAid);
        }
        adult_needs.push_back(static_cast<int>(problem.needs.size()));
      }
      problem.needs.push_back(std::move(need));
    }
    if (adult_needs.empty()) continue;
    const int services = 1 + random.Below(2);
    for (int k = 0; k < services; ++k) {
      ServiceNeed service;
      service.id = base * 10 + static_cast<Id>(problem.services.size());
      service.student_id = student;
      service.type = profile.empty() ? SupportType::kOrganizationSupport : TypeFor(profile[0]);
      service.setting = random.Chance(0.7) ? Setting::kGeneralEducationClassroom
                                           : Setting::kSpecialEducationSetting;
      int candidate_minutes = 0;
      for (int need : adult_needs) {
        if (!options.services_share_blocks && random.Chance(0.5)) continue;
        service.needs.push_back(need);
        const Need& n = problem.needs[At(need)];
        if (problem.rooms[At(n.room)].setting == service.setting) {
          candidate_minutes += problem.blocks[At(n.block)].span.Minutes();
        }
      }
      service.minutes_per_week = std::min(candidate_minutes, 60 + 30 * random.Below(6));
      service.supervisor_id = base + 90000 + random.Below(4);
      if (!service.needs.empty()) problem.services.push_back(std::move(service));
    }
  }
  // Keep-apart pairs, drawn last so that the rest is the same without them.
  if (options.kept_apart_per_para > 0) {
    std::vector<Id> supported;
    for (const Need& need : problem.needs) {
      if (need.support == SupportLevel::kAdultSupport &&
          std::ranges::find(supported, need.student_id) == supported.end()) {
        supported.push_back(need.student_id);
      }
    }
    for (Para& para : problem.paras) {
      for (int k = 0; k < options.kept_apart_per_para && !supported.empty(); ++k) {
        para.kept_apart.push_back(
            supported[static_cast<std::size_t>(random.Below(static_cast<int>(supported.size())))]);
      }
    }
  }
  return problem;
}

Problem ChangeSchool(const Problem& school, std::uint64_t seed) {
  Random random(seed);
  Problem changed = school;
  std::set<Id> supported;
  for (const Need& need : school.needs) {
    if (need.support == SupportLevel::kAdultSupport) supported.insert(need.student_id);
  }
  std::vector<int> adult;
  std::vector<int> other;
  for (std::size_t n = 0; n < school.needs.size(); ++n) {
    const Need& need = school.needs[n];
    if (!supported.contains(need.student_id)) continue;
    (need.support == SupportLevel::kAdultSupport ? adult : other).push_back(static_cast<int>(n));
  }
  // Fisher-Yates through Random, so the change is the same everywhere.
  auto shuffle = [&](std::vector<int>& items) {
    for (std::size_t k = items.size(); k > 1; --k) {
      std::swap(items[k - 1], items[static_cast<std::size_t>(random.Below(static_cast<int>(k)))]);
    }
  };
  shuffle(adult);
  shuffle(other);
  const std::size_t flips = std::max<std::size_t>(1, adult.size() / 20);
  for (std::size_t k = 0; k < flips && k < adult.size(); ++k) {
    Need& need = changed.needs[static_cast<std::size_t>(adult[k])];
    need.support = SupportLevel::kIndependent;
    need.skills.clear();
    need.credentials.clear();
    need.one_to_one = need.safety = false;
    for (ServiceNeed& service : changed.services) std::erase(service.needs, adult[k]);
  }
  for (std::size_t k = 0; k < flips && k < other.size(); ++k) {
    changed.needs[static_cast<std::size_t>(other[k])].support = SupportLevel::kAdultSupport;
  }
  std::erase_if(changed.services, [](const ServiceNeed& service) { return service.needs.empty(); });
  if (changed.paras.size() > 1) {
    changed.paras.erase(changed.paras.begin() +
                        random.Below(static_cast<int>(changed.paras.size())));
  }
  Para joined = school.paras.front();
  joined.id = 900000 + static_cast<Id>(seed % 1000);
  joined.name = "New para";
  changed.paras.push_back(std::move(joined));
  return changed;
}

}  // namespace paraplan::schedule
