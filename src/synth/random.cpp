#include "synth/random.h"

#include <cassert>

namespace paraplan::synth {

std::uint64_t DeriveSeed(std::uint64_t seed, std::uint64_t stream) {
  // SplitMix64 finaliser over the combined value: well-mixed, cheap and fully
  // specified here, so derived seeds never change between platforms.
  std::uint64_t z = seed + 0x9E3779B97F4A7C15ULL * (stream + 1);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
  return z ^ (z >> 31);
}

std::int64_t Random::Between(std::int64_t low, std::int64_t high) {
  assert(low <= high);
  const std::uint64_t range = static_cast<std::uint64_t>(high - low) + 1;
  if (range == 0) return static_cast<std::int64_t>(engine_());  // the full 64-bit range
  // Rejection sampling removes the modulo bias of the last partial range.
  const std::uint64_t limit = UINT64_MAX - UINT64_MAX % range;
  std::uint64_t draw = engine_();
  while (draw >= limit) draw = engine_();
  return low + static_cast<std::int64_t>(draw % range);
}

std::size_t Random::Index(std::size_t size) {
  assert(size > 0);
  return static_cast<std::size_t>(Between(std::int64_t{0}, static_cast<std::int64_t>(size) - 1));
}

double Random::Unit() {
  return static_cast<double>(engine_() >> 11) * 0x1.0p-53;
}

std::size_t Random::Weighted(std::span<const double> weights) {
  double total = 0;
  for (double weight : weights) total += weight;
  assert(total > 0);
  double draw = Unit() * total;
  for (std::size_t i = 0; i < weights.size(); ++i) {
    if (draw < weights[i]) return i;
    draw -= weights[i];
  }
  // Rounding can leave the draw just past the last bucket.
  for (std::size_t i = weights.size(); i-- > 0;) {
    if (weights[i] > 0) return i;
  }
  return 0;
}

}  // namespace paraplan::synth
