// Seeded, deterministic school instances for the tests and the benchmark:
// a week of eight blocks a day, classrooms of about 25 students, one student
// in eight with an IEP whose blocks mix independent, teacher, peer and adult
// support, a few one-to-one and health (safety) students, and paras with
// mixed skills, credentials, part-time hours and group limits.
#pragma once

#include <cstdint>
#include <vector>

#include "schedule/problem.h"

namespace paraplan::schedule {

struct GeneratorOptions {
  int students = 200;
  int paras = 8;
  int days = 5;
  Id school_id = 1;
  std::uint64_t seed = 1;
  double iep_share = 0.12;  // students with an IEP (the only ones with needs)
  // Students each para is kept apart from, drawn among those who need an
  // adult somewhere (0: none; the other draws are the same either way).
  int kept_apart_per_para = 0;
  // Each IEP service may use any of its student's adult-support blocks, as
  // the school's week gives them (false: each service lists a random half of
  // them, as a stand-alone problem file may, so that a student's services
  // share some blocks and not others).
  bool services_share_blocks = true;
};

Problem GenerateSchool(const GeneratorOptions& options);

// The school a little while after its week was made (for UpdateWeek's tests
// and benchmark): of the students who need an adult somewhere, one block in
// twenty of their adult support is no longer needed and as many of their
// blocks that needed none now need an adult; one para has left and one has
// joined (a copy of the first para under a new id). Stays valid.
Problem ChangeSchool(const Problem& school, std::uint64_t seed);

}  // namespace paraplan::schedule
