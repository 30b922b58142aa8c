// Hand-made instances whose optimum is worked out in the comments, with the
// default weights: one-to-one or safety 1000, adult support 100, IEP minute
// 1, each (student, para) pair -10, each room change -5, busiest load -1.
#include <array>

#include <gtest/gtest.h>

#include "fixtures.h"
#include "schedule/generator.h"
#include "schedule/milp.h"
#include "schedule/solver.h"
#include "schedule/solver_state.h"

namespace paraplan::schedule {
namespace {

using testing::AddNeed;
using testing::AddPara;
using testing::Day;

Plan SolveOk(const Problem& problem) {
  Result<Plan> plan = Solve(problem);
  EXPECT_TRUE(plan.has_value()) << (plan ? "" : plan.error().message);
  EXPECT_TRUE(CheckPlan(problem, *plan).empty());
  return *plan;
}

// One para; a one-to-one student in room 1 and two adult-support students
// in room 2. Optimum: the one-to-one, 1000 - 10 - 1 = 989 (the pair would
// give 200 - 20 - 2 = 178).
Problem OneToOneAgainstPair() {
  Problem problem = Day(1);
  AddPara(problem);
  AddNeed(problem, 1, 0, 0, SupportLevel::kAdultSupport, {}, /*one_to_one=*/true);
  AddNeed(problem, 2, 0, 1);
  AddNeed(problem, 3, 0, 1);
  return problem;
}

// Two paras, one student with adult support in two blocks of the same room.
// Optimum: one para both times, 200 - 10 - 2 = 188 (two paras: 200 - 20 - 1).
Problem StudentOverTwoBlocks() {
  Problem problem = Day(2);
  AddPara(problem);
  AddPara(problem);
  AddNeed(problem, 1, 0, 0);
  AddNeed(problem, 1, 1, 0);
  return problem;
}

TEST(Solver, one_to_one_need_wins_the_only_para_over_two_adult_support_needs) {
  const Problem problem = OneToOneAgainstPair();
  const Plan plan = SolveOk(problem);
  EXPECT_EQ(plan.cover[0], 0);
  EXPECT_EQ(Evaluate(problem, plan).total, 989);
  ASSERT_EQ(plan.uncovered.size(), 2u);
  EXPECT_EQ(plan.uncovered[0].reason, UncoveredReason::kNoQualifiedParaFree);
}

TEST(Solver, students_in_one_room_share_a_para_up_to_the_group_limit) {
  Problem problem = Day(1);
  AddPara(problem, {}, /*max_students=*/2);
  for (Id student = 1; student <= 3; ++student) AddNeed(problem, student, 0, 0);
  const Plan plan = SolveOk(problem);
  // Optimum 200 - 20 - 2 = 178: two students grouped, the third at the limit.
  EXPECT_EQ(Evaluate(problem, plan).total, 178);
  ASSERT_EQ(plan.uncovered.size(), 1u);
  EXPECT_EQ(plan.uncovered[0].reason, UncoveredReason::kGroupLimit);
}

TEST(Solver, need_without_a_qualified_para_is_uncovered_for_that_reason) {
  Problem problem = Day(1);
  AddPara(problem, {Skill::kBehaviorPlan});
  AddNeed(problem, 1, 0, 0, SupportLevel::kAdultSupport, {Skill::kAac});
  const Plan plan = SolveOk(problem);
  ASSERT_EQ(plan.uncovered.size(), 1u);
  EXPECT_EQ(plan.uncovered[0].reason, UncoveredReason::kNoQualifiedPara);
}

// The coordinator keeps para 0 apart from student 1: para 0 covers student
// 2 in the other room, para 1 covers student 1, though the exact optimum
// without the list would be the same shape. With only para 0 at work,
// student 1 stays uncovered for want of a para who may support them, and
// the exact reference agrees.
TEST(Solver, a_para_kept_apart_from_a_student_never_supports_them) {
  Problem problem = Day(1);
  AddPara(problem);
  AddPara(problem);
  problem.paras[0].kept_apart = {1};
  AddNeed(problem, 1, 0, 0);
  AddNeed(problem, 2, 0, 1);
  const Plan plan = SolveOk(problem);
  EXPECT_EQ(plan.cover[0], 1);
  EXPECT_EQ(plan.cover[1], 0);

  Problem alone = problem;
  alone.paras.pop_back();
  const Plan left = SolveOk(alone);
  EXPECT_EQ(left.cover[0], -1);
  ASSERT_EQ(left.uncovered.size(), 1u);
  EXPECT_EQ(left.uncovered[0].reason, UncoveredReason::kNoQualifiedPara);
  Result<MilpResult> exact = SolveMilp(alone, {.seconds = 10});
  ASSERT_TRUE(exact.has_value());
  ASSERT_TRUE(exact->plan.has_value());
  EXPECT_EQ(exact->plan->cover[0], -1);

  // A plan that puts them together anyway breaks a hard rule.
  Plan together = left;
  together.slots[0][0] = {Activity::kSupport, 0, {0}};
  ExplainUncovered(alone, together);
  EXPECT_FALSE(CheckPlan(alone, together).empty());
}

TEST(Solver, para_with_the_skill_covers_the_need_that_asks_for_it) {
  Problem problem = Day(1);
  AddPara(problem, {Skill::kBehaviorPlan});
  AddPara(problem, {Skill::kAac}, /*max_students=*/1);
  AddNeed(problem, 1, 0, 0);
  AddNeed(problem, 2, 0, 1, SupportLevel::kAdultSupport, {Skill::kAac});
  const Plan plan = SolveOk(problem);
  EXPECT_EQ(plan.cover[0], 0);
  EXPECT_EQ(plan.cover[1], 1);
}

TEST(Solver, no_adult_is_assigned_where_the_student_plan_says_peer_support) {
  Problem problem = Day(1);
  AddPara(problem);
  AddNeed(problem, 1, 0, 0, SupportLevel::kPeerSupport);
  const Plan plan = SolveOk(problem);
  EXPECT_EQ(plan.cover[0], -1);
  EXPECT_TRUE(plan.uncovered.empty());
  EXPECT_EQ(plan.slots[0][0].activity, Activity::kFree);
}

TEST(Solver, lunch_goes_to_the_block_where_the_para_is_least_needed) {
  Problem problem = Day(3);
  const int para = AddPara(problem);
  // Lunch fits the second (09:00) and the third (10:00) block.
  problem.paras[static_cast<std::size_t>(para)].lunch = {30, {TimeOfDay::At(9, 0), TimeOfDay::At(11, 0)}};
  AddNeed(problem, 1, 1, 0);
  const Plan plan = SolveOk(problem);
  EXPECT_EQ(plan.slots[0][2].activity, Activity::kLunch);
  EXPECT_EQ(plan.cover[0], 0);
}

TEST(Solver, greedy_baseline_takes_lunch_at_the_first_block_that_fits) {
  Problem problem = Day(3);
  problem.paras.push_back({});
  AddPara(problem);
  problem.paras.erase(problem.paras.begin());
  problem.paras[0].lunch = {30, {TimeOfDay::At(9, 0), TimeOfDay::At(11, 0)}};
  AddNeed(problem, 1, 1, 0);
  Result<Plan> plan = SolveGreedy(problem);
  ASSERT_TRUE(plan.has_value());
  EXPECT_TRUE(CheckPlan(problem, *plan).empty());
  EXPECT_EQ(plan->slots[0][1].activity, Activity::kLunch);
  EXPECT_EQ(plan->cover[0], -1);
}

TEST(Solver, the_same_para_stays_with_a_student_across_blocks) {
  const Problem problem = StudentOverTwoBlocks();
  const Plan plan = SolveOk(problem);
  EXPECT_EQ(plan.cover[0], plan.cover[1]);
  EXPECT_EQ(Evaluate(problem, plan).total, 188);
}

TEST(Solver, paras_keep_their_rooms_instead_of_crossing) {
  Problem problem = Day(2);
  AddPara(problem, {}, 1);
  AddPara(problem, {}, 1);
  AddNeed(problem, 1, 0, 0);
  AddNeed(problem, 2, 0, 1);
  AddNeed(problem, 3, 1, 0);
  AddNeed(problem, 4, 1, 1);
  const Plan plan = SolveOk(problem);
  // Optimum 400 - 40 - 2 = 358 with nobody changing rooms.
  EXPECT_EQ(Evaluate(problem, plan).room_changes, 0);
  EXPECT_EQ(Evaluate(problem, plan).total, 358);
}

TEST(Solver, iep_minutes_count_only_in_the_setting_of_the_service) {
  Problem problem = Day(2);
  AddPara(problem);
  const int in_class = AddNeed(problem, 1, 0, 0);
  const int in_resource_room = AddNeed(problem, 1, 1, 2);
  problem.services.push_back({7, 1, SupportType::kMathSupport, 90,
                              Setting::kGeneralEducationClassroom, {in_class, in_resource_room},
                              std::nullopt});
  const Plan plan = SolveOk(problem);
  const Score score = Evaluate(problem, plan);
  EXPECT_EQ(score.iep_minutes, 50);
  EXPECT_EQ(score.iep_minutes_required, 90);
}

// A covered block's minutes count once, however many of the student's
// services may use it. One para, two blocks. Student 1 is in room 1 both
// blocks with two services of 50 minutes a week that may use either block;
// student 2 is in room 2 in the second block with a service of their own.
// The first block gives student 1's first service its 50 minutes, not both
// services theirs, so the second block is worth as much with student 1 (the
// second service's 50) as with student 2, and the para stays: no new pair,
// no room change. (Before, one block counted for both services at once, and
// the para left student 1 with a service scheduled but never given.)
TEST(Solver, a_covered_block_counts_once_among_the_services_that_may_use_it) {
  Problem problem = Day(2);
  AddPara(problem);
  const int first = AddNeed(problem, 1, 0, 0);
  const int second = AddNeed(problem, 1, 1, 0);
  const int other = AddNeed(problem, 2, 1, 1);
  problem.services.push_back({7,
                              1,
                              SupportType::kMathSupport,
                              50,
                              Setting::kGeneralEducationClassroom,
                              {first, second},
                              std::nullopt});
  problem.services.push_back({8,
                              1,
                              SupportType::kReadingSupport,
                              50,
                              Setting::kGeneralEducationClassroom,
                              {first, second},
                              std::nullopt});
  problem.services.push_back({9,
                              2,
                              SupportType::kReadingSupport,
                              50,
                              Setting::kGeneralEducationClassroom,
                              {other},
                              std::nullopt});
  const Plan plan = SolveOk(problem);
  EXPECT_EQ(plan.slots[0][1].needs, std::vector<int>{second});
  const Score score = Evaluate(problem, plan);
  EXPECT_EQ(score.iep_minutes, 100);
  EXPECT_EQ(score.iep_minutes_required, 150);
  // 200 for two blocks of adult support, 100 minutes, one pair, load 2.
  EXPECT_EQ(score.total, 288);
  Result<MilpResult> exact = SolveMilp(problem, {.seconds = 10});
  ASSERT_TRUE(exact.has_value());
  EXPECT_TRUE(exact->proven_optimal);
  EXPECT_EQ(score.total, exact->objective);
  // Each service is given one block of its own.
  const std::vector<ServiceShare> shares = ShareMinutes(problem, plan);
  ASSERT_EQ(shares.size(), 3U);
  EXPECT_EQ(shares[0].minutes, 50);
  EXPECT_EQ(shares[0].needs, (std::vector<std::pair<int, int>>{{first, 50}}));
  EXPECT_EQ(shares[1].minutes, 50);
  EXPECT_EQ(shares[1].needs, (std::vector<std::pair<int, int>>{{second, 50}}));
  EXPECT_EQ(shares[2].minutes, 0);
  EXPECT_TRUE(shares[2].needs.empty());
}

// A block's minutes split between services when one lacks less than a block,
// and the services listed first fill first.
TEST(ShareMinutes, a_block_splits_its_minutes_and_the_first_service_fills_first) {
  Problem problem = Day(2);
  AddPara(problem);
  const int first = AddNeed(problem, 1, 0, 0);
  const int second = AddNeed(problem, 1, 1, 0);
  problem.services.push_back({7,
                              1,
                              SupportType::kMathSupport,
                              60,
                              Setting::kGeneralEducationClassroom,
                              {first, second},
                              std::nullopt});
  problem.services.push_back({8,
                              1,
                              SupportType::kReadingSupport,
                              60,
                              Setting::kGeneralEducationClassroom,
                              {second, first},
                              std::nullopt});
  const Plan plan = SolveOk(problem);
  const std::vector<ServiceShare> shares = ShareMinutes(problem, plan);
  EXPECT_EQ(shares[0].needs, (std::vector<std::pair<int, int>>{{first, 50}, {second, 10}}));
  EXPECT_EQ(shares[1].needs, (std::vector<std::pair<int, int>>{{second, 40}}));
  EXPECT_EQ(ServiceMinutes(problem, plan), (std::vector<std::int64_t>{60, 40}));
  EXPECT_EQ(Evaluate(problem, plan).iep_minutes, 100) << "two blocks of 50, not 100 each";
}

// The allotment is a maximum flow: minutes already given to a service move
// to another when that lets a later block give its own.
TEST(ShareMinutes, minutes_move_to_another_service_to_let_a_later_block_give_its_own) {
  // The first block may serve both services and fills the first; the
  // second may serve only the first, so the first block's minutes move.
  const std::vector<std::vector<int>> flow =
      AllotMinutes({{50, {0, 1}}, {50, {0}}}, std::vector<int>{50, 50});
  EXPECT_EQ(flow, (std::vector<std::vector<int>>{{0, 50}, {50}}));
  // Along a longer path: C may serve only service 0, which B holds; B may
  // move to service 1, which A holds; A may move to service 2.
  const std::vector<std::vector<int>> longer =
      AllotMinutes({{30, {1, 2}}, {30, {0, 1}}, {30, {0}}}, std::vector<int>{30, 30, 30});
  EXPECT_EQ(longer, (std::vector<std::vector<int>>{{0, 30}, {0, 30}, {30}}));
  // No service lacks anything: nothing is given, and a zero cap takes none.
  EXPECT_EQ(AllotMinutes({{50, {0, 1}}}, std::vector<int>{0, 20}),
            (std::vector<std::vector<int>>{{0, 20}}));
}

// Make-up minutes owed raise what the week credits a service: one para, two
// blocks. Student 1's 50 minutes a week are met in the first block; in the
// second, the para goes to student 2, whose service still lacks its 50
// minutes, unless student 1 is owed 50 minutes of make-up.
TEST(Solver, make_up_minutes_owed_are_worth_a_block_of_their_own) {
  Problem problem = Day(2);
  AddPara(problem);
  const int first = AddNeed(problem, 1, 0, 0);
  const int second = AddNeed(problem, 1, 1, 0);
  const int other = AddNeed(problem, 2, 1, 1);
  problem.services.push_back({7, 1, SupportType::kMathSupport, 50,
                              Setting::kGeneralEducationClassroom, {first, second}, std::nullopt});
  problem.services.push_back({8, 2, SupportType::kReadingSupport, 50,
                              Setting::kGeneralEducationClassroom, {other}, std::nullopt});
  const Plan plan = SolveOk(problem);
  EXPECT_EQ(plan.slots[0][1].needs, std::vector<int>{other});
  // The optimum, as the exact reference proves it.
  Result<MilpResult> exact = SolveMilp(problem, {.seconds = 10});
  ASSERT_TRUE(exact.has_value());
  EXPECT_TRUE(exact->proven_optimal);
  EXPECT_EQ(Evaluate(problem, plan).total, exact->objective);

  problem.services[0].makeup_minutes = 50;
  const Plan owed = SolveOk(problem);
  EXPECT_EQ(owed.slots[0][1].needs, std::vector<int>{second});
  const Score score = Evaluate(problem, owed);
  EXPECT_EQ(score.iep_minutes, 100);
  EXPECT_EQ(score.iep_minutes_required, 150) << "the IEPs' 100 and the make-up's 50";
}

// One block; para A may support anyone, para B has the behaviour-plan skill that
// student 2 (room 2) needs. B starts with student 1 (room 1) and A is free.
// Neither para's day re-planned alone helps: A would gain student 1 only by
// taking over B's pair (100 - 10 against 100 - 10), and B gains nothing by
// swapping student 1 for student 2. Re-planned together, A first, A takes
// student 1 and B moves to student 2: two students covered.
TEST(Solver, two_paras_replanned_together_cover_what_neither_covers_alone) {
  Problem problem = Day(1);
  const int a = AddPara(problem);
  const int b = AddPara(problem, {Skill::kBehaviorPlan});
  const int first = AddNeed(problem, 1, 0, 0);
  const int second = AddNeed(problem, 2, 0, 1, SupportLevel::kAdultSupport,
                             {Skill::kBehaviorPlan});
  Plan plan = EmptyPlan(problem);
  SolverState state(problem, plan);
  state.Assign(first, b);
  const std::vector<int> day = state.index().days[0];
  EXPECT_FALSE(state.ReoptimizeDay(a, day));
  EXPECT_FALSE(state.ReoptimizeDay(b, day));
  EXPECT_EQ(plan.cover[static_cast<std::size_t>(second)], -1);

  ASSERT_TRUE(state.RebuildDays({a, b}, day));
  EXPECT_EQ(plan.cover[static_cast<std::size_t>(first)], a);
  EXPECT_EQ(plan.cover[static_cast<std::size_t>(second)], b);
  ExplainUncovered(problem, plan);
  EXPECT_TRUE(CheckPlan(problem, plan).empty());
  // B first takes student 1 back and leaves A nothing it may do: no better,
  // and the plan is left as it was.
  EXPECT_FALSE(state.RebuildDays({b, a}, day));
  EXPECT_EQ(plan.cover[static_cast<std::size_t>(first)], a);
  EXPECT_EQ(plan.cover[static_cast<std::size_t>(second)], b);
}

// Two blocks, three paras and three students, each student needing a skill
// two of the paras have: A has AAC and sign language, B sign language and
// feeding, C feeding and AAC; student 1 needs AAC (room 1), student 2 sign
// language (room 2), student 3 feeding (the resource room), in both blocks.
// In the first block A has student 2, B student 3 and C student 1; in the
// second A has student 1, B student 2 and C student 3: six pairs and three
// room changes. No exchange of two paras is allowed (each would take a
// student it is not qualified for); the three-way exchange A -> 2, B -> 3,
// C -> 1 is, and leaves three pairs and no room change: 30 + 15 better.
TEST(Solver, paras_rematched_in_a_block_follow_their_students_around_a_cycle) {
  Problem problem = Day(2);
  const int a = AddPara(problem, {Skill::kAac, Skill::kSignLanguage});
  const int b = AddPara(problem, {Skill::kSignLanguage, Skill::kFeeding});
  const int c = AddPara(problem, {Skill::kFeeding, Skill::kAac});
  std::array<std::array<int, 3>, 2> need{};  // [block][student - 1]
  for (int block = 0; block < 2; ++block) {
    need[At(block)][0] = AddNeed(problem, 1, block, 0, SupportLevel::kAdultSupport, {Skill::kAac});
    need[At(block)][1] =
        AddNeed(problem, 2, block, 1, SupportLevel::kAdultSupport, {Skill::kSignLanguage});
    need[At(block)][2] = AddNeed(problem, 3, block, 2, SupportLevel::kAdultSupport, {Skill::kFeeding});
  }
  Plan plan = EmptyPlan(problem);
  SolverState state(problem, plan);
  state.Assign(need[0][1], a);
  state.Assign(need[0][2], b);
  state.Assign(need[0][0], c);
  state.Assign(need[1][0], a);
  state.Assign(need[1][1], b);
  state.Assign(need[1][2], c);
  const Score before = Evaluate(problem, plan);
  ASSERT_EQ(before.student_para_pairs, 6);
  ASSERT_EQ(before.room_changes, 3);

  ASSERT_TRUE(state.RematchBlock(1));
  EXPECT_EQ(plan.cover[At(need[1][1])], a);
  EXPECT_EQ(plan.cover[At(need[1][2])], b);
  EXPECT_EQ(plan.cover[At(need[1][0])], c);
  const Score after = Evaluate(problem, plan);
  EXPECT_EQ(after.student_para_pairs, 3);
  EXPECT_EQ(after.room_changes, 0);
  EXPECT_EQ(after.total, before.total + 45);
  EXPECT_TRUE(CheckPlan(problem, plan).empty());
  // Nothing better is left in either block.
  EXPECT_FALSE(state.RematchBlock(1));
  EXPECT_FALSE(state.RematchBlock(0));
}

// One block. Para A (groups of up to 3) has student 4 alone in room 2; para
// B (groups of 1) has student 1 in room 1, where students 2 and 3 are not
// covered. Exchanging the paras' places lets A's spare places take students
// 2 and 3: two needs more, less two pairs more and the busier para.
TEST(Solver, rematching_a_block_gives_a_group_to_the_para_whose_places_its_room_needs) {
  Problem problem = Day(1);
  const int a = AddPara(problem, {}, /*max_students=*/3);
  const int b = AddPara(problem, {}, /*max_students=*/1);
  const int first = AddNeed(problem, 1, 0, 0);
  const int second = AddNeed(problem, 2, 0, 0);
  const int third = AddNeed(problem, 3, 0, 0);
  const int fourth = AddNeed(problem, 4, 0, 1);
  Plan plan = EmptyPlan(problem);
  SolverState state(problem, plan);
  state.Assign(fourth, a);
  state.Assign(first, b);
  const Score before = Evaluate(problem, plan);
  // Within each room nothing can change: B has no place left.
  ASSERT_FALSE(state.RegroupRooms(0));

  ASSERT_TRUE(state.RematchBlock(0));
  EXPECT_EQ(plan.cover[At(first)], a);
  EXPECT_EQ(plan.cover[At(second)], a);
  EXPECT_EQ(plan.cover[At(third)], a);
  EXPECT_EQ(plan.cover[At(fourth)], b);
  const Score after = Evaluate(problem, plan);
  EXPECT_EQ(after.adult_support_covered, 4);
  EXPECT_EQ(after.total, before.total + 200 - 20 - 2);
  EXPECT_TRUE(CheckPlan(problem, plan).empty());
  EXPECT_FALSE(state.RematchBlock(0));
}

// Two blocks, two paras. In the first, para A has students 1 and 2 in room
// 1 and para B students 3 and 4 in room 2; in the second all four are in
// room 1 with both paras, A with students 1 and 3, B with 2 and 4: six
// pairs. Exchanging the paras' places changes nothing (still six), but
// regrouping the room, A with 1 and 2 and B with 3 and 4, leaves four.
TEST(Solver, groups_reformed_within_a_room_keep_each_student_with_their_para) {
  Problem problem = Day(2);
  const int a = AddPara(problem, {}, /*max_students=*/2);
  const int b = AddPara(problem, {}, /*max_students=*/2);
  std::array<std::array<int, 4>, 2> need{};  // [block][student - 1]
  for (int student = 1; student <= 4; ++student) {
    need[0][At(student - 1)] = AddNeed(problem, student, 0, student <= 2 ? 0 : 1);
    need[1][At(student - 1)] = AddNeed(problem, student, 1, 0);
  }
  Plan plan = EmptyPlan(problem);
  SolverState state(problem, plan);
  for (int student = 0; student < 4; ++student) {
    state.Assign(need[0][At(student)], student < 2 ? a : b);
    state.Assign(need[1][At(student)], student % 2 == 0 ? a : b);
  }
  const Score before = Evaluate(problem, plan);
  ASSERT_EQ(before.student_para_pairs, 6);

  EXPECT_FALSE(state.RematchBlock(1));
  ASSERT_TRUE(state.RegroupRooms(1));
  EXPECT_EQ(plan.cover[At(need[1][0])], a);
  EXPECT_EQ(plan.cover[At(need[1][1])], a);
  EXPECT_EQ(plan.cover[At(need[1][2])], b);
  EXPECT_EQ(plan.cover[At(need[1][3])], b);
  const Score after = Evaluate(problem, plan);
  EXPECT_EQ(after.student_para_pairs, 4);
  EXPECT_EQ(after.total, before.total + 20);
  EXPECT_TRUE(CheckPlan(problem, plan).empty());
  EXPECT_FALSE(state.RegroupRooms(1));
}

// One block, one para in room 1 with student 1, whose group has a free
// place; student 2, also in room 1, is not covered. Regrouping the room
// gives student 2 the free place: 100 more, less the new pair.
TEST(Solver, regrouping_a_room_gives_a_free_place_to_a_student_nobody_covers) {
  Problem problem = Day(1);
  const int a = AddPara(problem);
  const int first = AddNeed(problem, 1, 0, 0);
  const int second = AddNeed(problem, 2, 0, 0);
  Plan plan = EmptyPlan(problem);
  SolverState state(problem, plan);
  state.Assign(first, a);
  const std::int64_t before = Evaluate(problem, plan).total;
  ASSERT_TRUE(state.RegroupRooms(0));
  EXPECT_EQ(plan.cover[At(first)], a);
  EXPECT_EQ(plan.cover[At(second)], a);
  EXPECT_EQ(Evaluate(problem, plan).total, before + 100 - 10 - 1);
}

// One block, room 1: para A (groups of up to 3) has student 1, who needs an
// adult to themself, and para B (groups of 1) has student 2; students 3 and
// 4 are not covered. Giving student 1 to B and students 2-4 to A covers all
// four: two needs more, less the two pairs more and the busier para.
TEST(Solver, regrouping_a_room_gives_a_one_to_one_student_the_para_with_fewest_places) {
  Problem problem = Day(1);
  const int a = AddPara(problem, {}, /*max_students=*/3);
  const int b = AddPara(problem, {}, /*max_students=*/1);
  const int alone = AddNeed(problem, 1, 0, 0, SupportLevel::kAdultSupport, {}, true);
  std::array<int, 3> others{};
  for (int k = 0; k < 3; ++k) others[At(k)] = AddNeed(problem, 2 + k, 0, 0);
  Plan plan = EmptyPlan(problem);
  SolverState state(problem, plan);
  state.Assign(alone, a);
  state.Assign(others[0], b);
  const Score before = Evaluate(problem, plan);
  ASSERT_EQ(before.one_to_one_or_safety_covered, 1);
  ASSERT_EQ(before.adult_support_covered, 1);

  ASSERT_TRUE(state.RegroupRooms(0));
  EXPECT_EQ(plan.cover[At(alone)], b);
  for (int need : others) EXPECT_EQ(plan.cover[At(need)], a);
  const Score after = Evaluate(problem, plan);
  EXPECT_EQ(after.one_to_one_or_safety_covered, 1);
  EXPECT_EQ(after.adult_support_covered, 3);
  // Two more needs (200), four pairs instead of two (20) and the busiest
  // para's load up from 1 to 3 (2).
  EXPECT_EQ(after.student_para_pairs, 4);
  EXPECT_EQ(after.total, before.total + 200 - 20 - 2);
  EXPECT_TRUE(CheckPlan(problem, plan).empty());
  EXPECT_FALSE(state.RegroupRooms(0));
}

TEST(Solver, invalid_problem_is_refused_naming_the_field) {
  Problem problem = Day(1);
  AddPara(problem, {}, /*max_students=*/0);
  Result<Plan> plan = Solve(problem);
  ASSERT_FALSE(plan.has_value());
  ASSERT_FALSE(plan.error().fields.empty());
  EXPECT_EQ(plan.error().fields[0].field, "paras[0].max_students");
}

// Starts from other orders of the paras: on the benchmark's small school a
// later start finds more than the first, and its plan comes back in the
// problem's own order of paras (a row or a cover left in the start's order
// would break the paras' hours and skills, which CheckPlan catches). A
// school this size gets eight starts without asking.
TEST(Solver, later_starts_find_more_and_give_their_plan_in_the_problem_order_of_paras) {
  const Problem school = GenerateSchool({.students = 200, .paras = 8, .school_id = 1, .seed = 11});
  const Plan one = *Solve(school, {.starts = 1});
  const Plan eight = *Solve(school, {.starts = 8});
  EXPECT_TRUE(CheckPlan(school, eight).empty());
  EXPECT_GT(Evaluate(school, eight).total, Evaluate(school, one).total);
  const Plan by_size = *Solve(school);
  EXPECT_EQ(by_size.slots, eight.slots);
  EXPECT_EQ(by_size.cover, eight.cover);
}

TEST(Milp, reference_proves_the_hand_computed_optimum_of_one_to_one_against_a_pair) {
  Result<MilpResult> result = SolveMilp(OneToOneAgainstPair(), {.seconds = 10});
  ASSERT_TRUE(result.has_value());
  EXPECT_TRUE(result->proven_optimal);
  EXPECT_DOUBLE_EQ(result->objective, 989);
}

TEST(Milp, reference_proves_the_hand_computed_optimum_of_continuity) {
  const Problem problem = StudentOverTwoBlocks();
  Result<MilpResult> result = SolveMilp(problem, {.seconds = 10});
  ASSERT_TRUE(result.has_value());
  EXPECT_TRUE(result->proven_optimal);
  EXPECT_DOUBLE_EQ(result->objective, 188);
  ASSERT_TRUE(result->plan.has_value());
  EXPECT_TRUE(CheckPlan(problem, *result->plan).empty());
}

}  // namespace
}  // namespace paraplan::schedule
