// Finding a person by part of their name or their id, as a coordinator types
// it into a search box: "ana gom" finds Ana Gómez, "1042" finds student 1042.
// The same rule as the web UI's combobox (web/src/combobox.tsx), so a list
// the server narrows shows what the box would have shown.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "domain/model.h"

namespace paraplan {

// Lower case and without accents, so "jose" finds "José" and "nguyen"
// finds "Nguyễn": ASCII and the Latin, Greek and Cyrillic letters fold as
// the UI folds them (name_search_folds.inc); other characters are kept.
std::string FoldedForSearch(std::string_view utf8);

// The words of what was typed, folded: split at spaces and commas.
std::vector<std::string> SearchWords(std::string_view typed);

// Whether every word is in the name ("first last", folded) or the id.
// No words match everyone.
bool NameMatches(const std::vector<std::string>& words, std::string_view first_name,
                 std::string_view last_name, Id id);

}  // namespace paraplan
