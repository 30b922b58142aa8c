// The scheduler's lists (blocks, rooms, needs, paras, a para-day's steps) are
// indexed by int; At turns such an index into a subscript.
#pragma once

#include <cstddef>

namespace paraplan::schedule {

inline std::size_t At(int index) { return static_cast<std::size_t>(index); }

}  // namespace paraplan::schedule
