// Built-in name lists for synthetic people, grouped by home language so that a
// Somali-speaking family has Somali names and a Spanish-speaking family
// Spanish ones. The language mix follows a Midwestern district with a large
// English majority and established immigrant communities.
#pragma once

#include <span>
#include <string_view>

#include "synth/random.h"

namespace paraplan::synth {

struct LanguageNames {
  std::string_view tag;  // BCP 47 tag stored as the home language
  double share;          // share of students whose home language it is
  std::span<const std::string_view> first_names;
  std::span<const std::string_view> last_names;
};

// Every language with its share; shares add up to 1.
std::span<const LanguageNames> Languages();

// A language drawn by share.
const LanguageNames& PickLanguage(Random& random);

// English names, for staff (whose names are not tied to a home language here).
const LanguageNames& English();

}  // namespace paraplan::synth
