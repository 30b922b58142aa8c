#include "synth/random.h"

#include <array>
#include <vector>

#include <gtest/gtest.h>

namespace paraplan::synth {
namespace {

TEST(Random, same_seed_gives_the_same_sequence) {
  Random a(42);
  Random b(42);
  for (int i = 0; i < 100; ++i) EXPECT_EQ(a.Between(0, 1000), b.Between(0, 1000));
}

TEST(Random, sequence_is_pinned_so_a_seed_means_the_same_district_everywhere) {
  // The first draws of seed 1 and one derived seed, pinned: if this test
  // fails, every generated district changed.
  Random random(1);
  std::vector<std::int64_t> draws;
  for (int i = 0; i < 5; ++i) draws.push_back(random.Between(std::int64_t{0}, std::int64_t{999}));
  EXPECT_EQ(draws, (std::vector<std::int64_t>{528, 462, 930, 246, 384}));
  EXPECT_EQ(DeriveSeed(1, 0), 10451216379200822465ULL);
}

TEST(Random, between_stays_within_bounds_and_reaches_both_ends) {
  Random random(7);
  bool low = false;
  bool high = false;
  for (int i = 0; i < 2000; ++i) {
    const int value = random.Between(3, 6);
    ASSERT_GE(value, 3);
    ASSERT_LE(value, 6);
    low |= value == 3;
    high |= value == 6;
  }
  EXPECT_TRUE(low);
  EXPECT_TRUE(high);
}

TEST(Random, weighted_never_picks_a_zero_weight) {
  Random random(9);
  const std::array<double, 3> weights = {1.0, 0.0, 3.0};
  int first = 0;
  for (int i = 0; i < 4000; ++i) {
    const std::size_t pick = random.Weighted(weights);
    ASSERT_NE(pick, 1u);
    first += pick == 0 ? 1 : 0;
  }
  // About a quarter of the draws pick the first weight.
  EXPECT_NEAR(first / 4000.0, 0.25, 0.03);
}

TEST(Random, derived_seeds_differ_by_stream) {
  EXPECT_NE(DeriveSeed(1, 0), DeriveSeed(1, 1));
  EXPECT_NE(DeriveSeed(1, 0), DeriveSeed(2, 0));
  EXPECT_EQ(DeriveSeed(5, 3), DeriveSeed(5, 3));
}

}  // namespace
}  // namespace paraplan::synth
