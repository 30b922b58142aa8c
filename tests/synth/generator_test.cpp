#include "synth/generator.h"

#include <algorithm>
#include <map>
#include <set>

#include <gtest/gtest.h>

#include "domain/validation.h"
#include "synth/sinks.h"

namespace paraplan::synth {
namespace {

struct District {
  MemorySink sink;
  GenerateCounts counts;
};

std::unique_ptr<District> Make(const DistrictSpec& spec) {
  auto district = std::make_unique<District>();
  auto counts = Generate(spec, district->sink, {}, 250);
  EXPECT_TRUE(counts.has_value()) << counts.error().message;
  if (counts) district->counts = *counts;
  return district;
}

DistrictSpec Medium(std::uint64_t seed = 11) {
  DistrictSpec spec;
  spec.name = "Lakes Test District";
  spec.students = 3000;
  spec.schools = 4;
  spec.seed = seed;
  return spec;
}

// The medium district is generated once and shared by the read-only tests.
const District& Shared() {
  static const std::unique_ptr<District> district = Make(Medium());
  return *district;
}

std::vector<const Iep*> Ieps(const District& district) {
  std::vector<const Iep*> ieps;
  for (const StudentRecord& record : district.sink.students()) {
    if (record.iep) ieps.push_back(&*record.iep);
  }
  return ieps;
}

TEST(Generator, same_seed_generates_identical_records) {
  DistrictSpec spec = Medium(5);
  spec.students = 600;
  auto first = Make(spec);
  auto second = Make(spec);
  ASSERT_EQ(first->sink.students().size(), second->sink.students().size());
  for (std::size_t i = 0; i < first->sink.students().size(); ++i) {
    const StudentRecord& a = first->sink.students()[i];
    const StudentRecord& b = second->sink.students()[i];
    EXPECT_EQ(a.student.first_name, b.student.first_name);
    EXPECT_EQ(a.student.birth_date, b.student.birth_date);
    EXPECT_EQ(a.student.home_language, b.student.home_language);
    EXPECT_EQ(a.iep.has_value(), b.iep.has_value());
    if (a.iep && b.iep) {
      EXPECT_EQ(a.iep->services, b.iep->services);
      EXPECT_EQ(a.iep->goals, b.iep->goals);
      EXPECT_EQ(a.iep->accommodations, b.iep->accommodations);
    }
    if (a.day && b.day) {
      EXPECT_EQ(a.day->blocks, b.day->blocks);
    }
  }
  ASSERT_EQ(first->sink.schools().size(), second->sink.schools().size());
  for (std::size_t i = 0; i < first->sink.schools().size(); ++i) {
    const SchoolFrame& a = first->sink.schools()[i];
    const SchoolFrame& b = second->sink.schools()[i];
    EXPECT_EQ(a.school.name, b.school.name);
    ASSERT_EQ(a.staff.size(), b.staff.size());
    for (std::size_t s = 0; s < a.staff.size(); ++s) {
      EXPECT_EQ(a.staff[s].email, b.staff[s].email);
      EXPECT_EQ(a.staff[s].funding, b.staff[s].funding);
      EXPECT_EQ(a.staff[s].credentials, b.staff[s].credentials);
    }
  }
}

TEST(Generator, different_seed_generates_a_different_district) {
  DistrictSpec spec = Medium(5);
  spec.students = 600;
  auto first = Make(spec);
  spec.seed = 6;
  auto second = Make(spec);
  int differing = 0;
  for (std::size_t i = 0; i < first->sink.students().size(); ++i) {
    const Student& a = first->sink.students()[i].student;
    const Student& b = second->sink.students()[i].student;
    if (a.first_name != b.first_name || a.birth_date != b.birth_date) ++differing;
  }
  EXPECT_GT(differing, 500);
}

TEST(Generator, batch_size_does_not_change_the_district) {
  DistrictSpec spec = Medium(8);
  spec.students = 500;
  MemorySink small;
  MemorySink large;
  ASSERT_TRUE(Generate(spec, small, {}, 7).has_value());
  ASSERT_TRUE(Generate(spec, large, {}, 1000).has_value());
  ASSERT_EQ(small.students().size(), large.students().size());
  for (std::size_t i = 0; i < small.students().size(); ++i) {
    EXPECT_EQ(small.students()[i].student.last_name, large.students()[i].student.last_name);
    EXPECT_EQ(small.students()[i].iep.has_value(), large.students()[i].iep.has_value());
  }
}

TEST(Generator, every_generated_record_passes_domain_validation) {
  const District& district = Shared();
  for (const DistrictFrame& frame : district.sink.districts()) {
    EXPECT_EQ(Validate(frame.district), Problems{});
    for (const Staff& staff : frame.staff) EXPECT_EQ(Validate(staff), Problems{}) << staff.email;
  }
  std::map<Id, int> day_minutes;
  for (const SchoolFrame& frame : district.sink.schools()) {
    EXPECT_EQ(Validate(frame.school), Problems{});
    EXPECT_EQ(Validate(frame.calendar), Problems{});
    for (const Room& room : frame.rooms) EXPECT_EQ(Validate(room), Problems{}) << room.name;
    for (const Staff& staff : frame.staff) EXPECT_EQ(Validate(staff), Problems{}) << staff.email;
    for (const SectionDraft& draft : frame.sections) {
      EXPECT_EQ(Validate(draft.section), Problems{}) << draft.section.code;
    }
    day_minutes[frame.school.id] = frame.school.day.Minutes();
  }
  for (const StudentRecord& record : district.sink.students()) {
    EXPECT_EQ(Validate(record.student), Problems{}) << record.student.source_id;
    for (const Enrolment& enrolment : record.enrolments) EXPECT_EQ(Validate(enrolment), Problems{});
    for (const GuardianRecord& guardian : record.guardians) {
      EXPECT_EQ(Validate(guardian.guardian), Problems{}) << guardian.guardian.email;
    }
    if (record.iep) {
      const SchoolTime time{day_minutes.at(record.student.school_id), 5};
      EXPECT_EQ(Validate(*record.iep, time), Problems{}) << record.student.source_id;
    }
    if (record.day) {
      EXPECT_EQ(Validate(*record.day), Problems{}) << record.student.source_id;
    }
  }
}

// A district seen from a day (the demo's today): every IEP is in force on
// it and passes validation, one-to-one designations reviewed after they
// begin, whatever the seed.
TEST(Generator, a_district_seen_from_a_day_has_every_iep_in_force_and_valid) {
  const Date today = *Date::Parse("2026-12-08");
  for (std::uint64_t seed = 1; seed <= 6; ++seed) {
    DistrictSpec spec = DemoSpec(seed);
    spec.as_of = today;
    const std::unique_ptr<District> district = Make(spec);
    std::map<Id, int> day_minutes;
    for (const SchoolFrame& frame : district->sink.schools())
      day_minutes[frame.school.id] = frame.school.day.Minutes();
    int ieps = 0, designations = 0;
    for (const StudentRecord& record : district->sink.students()) {
      if (!record.iep) continue;
      ++ieps;
      designations += record.iep->one_to_one.has_value();
      EXPECT_LE(record.iep->start, today) << seed << " " << record.student.source_id;
      EXPECT_GT(record.iep->end, today) << seed << " " << record.student.source_id;
      const SchoolTime time{day_minutes.at(record.student.school_id), 5};
      EXPECT_EQ(Validate(*record.iep, time), Problems{}) << seed << " " << record.student.source_id;
    }
    EXPECT_GT(ieps, 30) << seed;
    if (seed == 2) {
      EXPECT_GT(designations, 0) << "the seed whose designation began after its review";
    }
  }
}

TEST(Generator, about_fifteen_percent_of_students_have_an_active_iep) {
  const District& district = Shared();
  const auto ieps = Ieps(district);
  const double share = static_cast<double>(ieps.size()) / district.sink.students().size();
  EXPECT_NEAR(share, 0.15, 0.02);
  for (const Iep* iep : ieps) EXPECT_EQ(iep->status, IepStatus::kActive);
}

TEST(Generator, most_students_with_ieps_spend_eighty_percent_or_more_in_general_education) {
  const District& district = Shared();
  std::map<Id, int> week_minutes;
  for (const SchoolFrame& frame : district.sink.schools()) {
    week_minutes[frame.school.id] = frame.school.day.Minutes() * 5;
  }
  int inside_80 = 0;
  int below_40 = 0;
  int students = 0;
  for (const StudentRecord& record : district.sink.students()) {
    if (!record.iep) continue;
    int outside = 0;
    for (const Service& service : record.iep->services) {
      if (service.setting == Setting::kSpecialEducationSetting && service.period == MinutesPeriod::kWeek) {
        outside += service.minutes;
      }
    }
    const double inside = 1.0 - static_cast<double>(outside) / week_minutes.at(record.student.school_id);
    ++students;
    inside_80 += inside >= 0.8 ? 1 : 0;
    below_40 += inside < 0.4 ? 1 : 0;
  }
  // Nationally about two thirds of students with IEPs are inside 80% or
  // more of the day and about one in eight inside less than 40%.
  EXPECT_NEAR(static_cast<double>(inside_80) / students, 0.67, 0.07);
  EXPECT_NEAR(static_cast<double>(below_40) / students, 0.13, 0.06);
}

TEST(Generator, one_to_one_designations_are_rare_justified_and_reviewed) {
  const District& district = Shared();
  int designations = 0;
  for (const StudentRecord& record : district.sink.students()) {
    if (!record.iep || !record.iep->one_to_one) continue;
    ++designations;
    EXPECT_FALSE(record.iep->one_to_one->justification.empty());
    EXPECT_TRUE(record.iep->one_to_one->next_review.has_value());
    ASSERT_TRUE(record.day.has_value());
    EXPECT_TRUE(std::all_of(record.day->blocks.begin(), record.day->blocks.end(),
                            [](const DayBlock& block) { return block.one_to_one; }));
  }
  EXPECT_LT(static_cast<double>(designations) / district.sink.students().size(), 0.01);
}

TEST(Generator, staff_ratios_are_believable) {
  const District& district = Shared();
  std::map<StaffRole, int> roles;
  std::map<ProviderKind, int> providers;
  for (const DistrictFrame& frame : district.sink.districts()) {
    for (const Staff& staff : frame.staff) {
      ++roles[staff.role];
      if (staff.provider_kind) ++providers[*staff.provider_kind];
    }
  }
  for (const SchoolFrame& frame : district.sink.schools()) {
    for (const Staff& staff : frame.staff) ++roles[staff.role];
  }
  const double students = static_cast<double>(district.sink.students().size());
  const double with_iep = static_cast<double>(Ieps(district).size());
  EXPECT_NEAR(students / roles[StaffRole::kGeneralEducator], 20, 5);
  EXPECT_NEAR(with_iep / roles[StaffRole::kSpecialEducator], 13.5, 3);
  EXPECT_NEAR(with_iep / roles[StaffRole::kParaeducator], 9, 2.5);
  EXPECT_EQ(roles[StaffRole::kAdministrator] >= 4, true);
  EXPECT_GE(providers[ProviderKind::kSpeechLanguagePathologist], 1);
  EXPECT_GE(providers[ProviderKind::kSchoolPsychologist], 1);
  EXPECT_GE(providers[ProviderKind::kNurse], 1);
}

TEST(Generator, paras_have_skills_licenses_and_funding_that_adds_up) {
  const District& district = Shared();
  int paras = 0;
  int licensed = 0;
  int interpreters = 0;
  auto visit = [&](const Staff& staff) {
    if (staff.role != StaffRole::kParaeducator) return;
    ++paras;
    EXPECT_FALSE(staff.skills.empty());
    int total = 0;
    for (const FundingShare& share : staff.funding) total += share.percent;
    EXPECT_EQ(total, 100);
    for (const Credential& credential : staff.credentials) {
      licensed += credential.kind == CredentialKind::kSpecialEducationProgramAide ? 1 : 0;
      interpreters += credential.kind == CredentialKind::kEducationalInterpreter ? 1 : 0;
    }
  };
  for (const DistrictFrame& frame : district.sink.districts()) std::ranges::for_each(frame.staff, visit);
  for (const SchoolFrame& frame : district.sink.schools()) std::ranges::for_each(frame.staff, visit);
  EXPECT_GT(licensed, paras * 8 / 10);
  EXPECT_GE(interpreters, 1);
}

// A school trains its paras for its students' days: every skill an
// adult-support block asks for (but the district's specialists' and the
// rarer care skills) is held by one of the school's paras, and a
// one-to-one student's block by a single para (the school's lead).
TEST(Generator, each_school_has_paras_trained_for_its_students_needs) {
  const District& district = Shared();
  const std::set<Skill> specialist = {Skill::kSignLanguage, Skill::kHealthProcedure,
                                      Skill::kFeeding, Skill::kMobilityAndLifting};
  std::map<Id, std::vector<std::set<Skill>>> paras_by_school;
  for (const SchoolFrame& frame : district.sink.schools()) {
    for (const Staff& staff : frame.staff) {
      if (staff.role != StaffRole::kParaeducator) continue;
      paras_by_school[frame.school.id].emplace_back(staff.skills.begin(), staff.skills.end());
    }
  }
  int blocks = 0;
  for (const StudentRecord& record : district.sink.students()) {
    if (!record.day) continue;
    const auto& paras = paras_by_school.at(record.student.school_id);
    for (const DayBlock& block : record.day->blocks) {
      if (block.support != SupportLevel::kAdultSupport) continue;
      std::set<Skill> needed;
      for (const Skill skill : block.skills_needed) {
        if (!specialist.contains(skill)) needed.insert(skill);
      }
      ++blocks;
      EXPECT_TRUE(std::ranges::any_of(paras, [&](const std::set<Skill>& held) {
        return std::ranges::includes(held, needed);
      })) << record.student.source_id << " " << block.activity;
    }
  }
  EXPECT_GT(blocks, 1000);
}

TEST(Generator, staff_emails_and_source_ids_are_unique_across_the_district) {
  const District& district = Shared();
  std::set<std::string> emails;
  std::set<std::string> source_ids;
  std::size_t staff = 0;
  auto visit = [&](const Staff& member) {
    ++staff;
    emails.insert(member.email);
    source_ids.insert(member.source_id);
  };
  for (const DistrictFrame& frame : district.sink.districts()) std::ranges::for_each(frame.staff, visit);
  for (const SchoolFrame& frame : district.sink.schools()) std::ranges::for_each(frame.staff, visit);
  EXPECT_EQ(emails.size(), staff);
  EXPECT_EQ(source_ids.size(), staff);
}

TEST(Generator, day_blocks_follow_the_students_enrolments) {
  const District& district = Shared();
  int days = 0;
  for (const StudentRecord& record : district.sink.students()) {
    if (!record.day) continue;
    ++days;
    std::set<Id> enrolled;
    for (const Enrolment& enrolment : record.enrolments) enrolled.insert(enrolment.section_id);
    bool adult_support = false;
    for (const DayBlock& block : record.day->blocks) {
      if (block.section_id) {
        EXPECT_TRUE(enrolled.contains(*block.section_id));
      }
      adult_support |= block.support == SupportLevel::kAdultSupport;
    }
    // Every student with an IEP has at least one block where a service happens.
    EXPECT_TRUE(adult_support) << record.student.source_id;
  }
  EXPECT_EQ(static_cast<std::size_t>(days), Ieps(district).size());
}

TEST(Generator, service_minutes_match_the_blocks_where_they_happen) {
  const District& district = Shared();
  for (const StudentRecord& record : district.sink.students()) {
    if (!record.iep || record.iep->one_to_one) continue;
    int adult_minutes = 0;
    for (const DayBlock& block : record.day->blocks) {
      if (block.support == SupportLevel::kAdultSupport) adult_minutes += block.span.Minutes();
    }
    int weekly_service_minutes = 0;
    for (const Service& service : record.iep->services) {
      if (service.period == MinutesPeriod::kWeek) weekly_service_minutes += service.minutes;
    }
    EXPECT_EQ(adult_minutes, weekly_service_minutes) << record.student.source_id;
  }
}

TEST(Generator, demo_has_an_elementary_and_a_high_school_with_a_few_hundred_students) {
  auto generator = Generator::Create(DemoSpec(1));
  ASSERT_TRUE(generator.has_value());
  ASSERT_EQ(generator->schools().size(), 2u);
  EXPECT_EQ(generator->schools()[0].level, SchoolLevel::kElementary);
  EXPECT_EQ(generator->schools()[1].level, SchoolLevel::kHigh);
  int students = 0;
  for (const SchoolPlan& plan : generator->schools()) students += plan.students;
  EXPECT_GE(students, 200);
  EXPECT_LE(students, 600);
}

TEST(Generator, high_school_sections_meet_in_seven_periods) {
  auto generator = Generator::Create(DemoSpec(1));
  ASSERT_TRUE(generator.has_value());
  const SchoolFrame frame = generator->MakeSchool(1, 1);
  std::set<int> starts;
  for (const SectionDraft& draft : frame.sections) {
    for (const Meeting& meeting : draft.section.meetings) starts.insert(meeting.span.start.minutes);
  }
  EXPECT_EQ(starts.size(), 7u);
}

TEST(Generator, calendar_keeps_holidays_inside_the_school_year) {
  auto generator = Generator::Create(DemoSpec(1));
  ASSERT_TRUE(generator.has_value());
  const SchoolFrame frame = generator->MakeSchool(0, 1);
  const SchoolCalendar& calendar = frame.calendar;
  EXPECT_EQ(calendar.name, "2026-2027");
  EXPECT_GE(calendar.non_instructional_days.size(), 10u);
  int instructional = 0;
  for (Date day = calendar.first_day; day <= calendar.last_day; day = day.AddDays(1)) {
    instructional += calendar.IsInstructionalDay(day) ? 1 : 0;
  }
  EXPECT_NEAR(instructional, 175, 8);
}

TEST(Generator, spec_problems_name_the_field) {
  DistrictSpec spec;
  spec.students = 10;
  spec.schools = 0;
  auto checked = CheckSpec(spec);
  ASSERT_FALSE(checked.has_value());
  std::set<std::string> fields;
  for (const FieldProblem& problem : checked.error().fields) fields.insert(problem.field);
  EXPECT_TRUE(fields.contains("students"));
  EXPECT_TRUE(fields.contains("schools"));
}

}  // namespace
}  // namespace paraplan::synth
