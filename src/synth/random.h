// A seeded pseudo-random source whose output is the same with every standard
// library. std::mt19937_64's sequence is fixed by the standard, but the std
// distributions are not (libstdc++ and libc++ map engine output differently),
// so every distribution here is implemented on top of the raw engine output.
#pragma once

#include <cstddef>
#include <cstdint>
#include <random>
#include <span>

namespace paraplan::synth {

// Derives an independent seed from a base seed and a stream number, so that
// each school (and each part of a school) draws from its own stream and the
// records of one part do not depend on how many numbers another part drew.
std::uint64_t DeriveSeed(std::uint64_t seed, std::uint64_t stream);

class Random {
 public:
  explicit Random(std::uint64_t seed) : engine_(seed) {}

  // A uniformly distributed integer in [low, high]; low <= high.
  std::int64_t Between(std::int64_t low, std::int64_t high);
  int Between(int low, int high) {
    return static_cast<int>(Between(std::int64_t{low}, std::int64_t{high}));
  }
  // A uniformly distributed index in [0, size); size > 0.
  std::size_t Index(std::size_t size);
  // A double in [0, 1) built from the top 53 bits of one engine output.
  double Unit();
  // True with the given probability.
  bool Chance(double probability) { return Unit() < probability; }

  template <typename T>
  const T& Pick(std::span<const T> items) {
    return items[Index(items.size())];
  }

  // An index drawn with probability proportional to its weight; the weights
  // must not all be zero.
  std::size_t Weighted(std::span<const double> weights);

 private:
  std::mt19937_64 engine_;
};

}  // namespace paraplan::synth
