#include "domain/name_search.h"

#include <algorithm>
#include <string>
#include <string_view>

namespace paraplan {
namespace {

struct SearchFold {
  char32_t code;
  std::string_view folded;
};

#include "domain/name_search_folds.inc"

static_assert(std::ranges::is_sorted(kSearchFolds, {}, &SearchFold::code));

// The code point of a two- or three-byte UTF-8 sequence at `at`, with its
// length; 0 for anything else (ASCII, four bytes, a broken sequence).
std::pair<char32_t, std::size_t> CodeAt(std::string_view utf8, std::size_t at) {
  const auto byte = [&](std::size_t i) { return static_cast<unsigned char>(utf8[i]); };
  const auto continues = [&](std::size_t i) { return i < utf8.size() && (byte(i) & 0xC0) == 0x80; };
  if ((byte(at) & 0xE0) == 0xC0 && continues(at + 1)) {
    return {((byte(at) & 0x1Fu) << 6) | (byte(at + 1) & 0x3Fu), 2};
  }
  if ((byte(at) & 0xF0) == 0xE0 && continues(at + 1) && continues(at + 2)) {
    return {((byte(at) & 0x0Fu) << 12) | ((byte(at + 1) & 0x3Fu) << 6) | (byte(at + 2) & 0x3Fu), 3};
  }
  return {0, 0};
}

}  // namespace

std::string FoldedForSearch(std::string_view utf8) {
  std::string folded;
  folded.reserve(utf8.size());
  for (std::size_t i = 0; i < utf8.size();) {
    const auto byte = static_cast<unsigned char>(utf8[i]);
    if (byte < 0x80) {
      folded.push_back(static_cast<char>(byte >= 'A' && byte <= 'Z' ? byte - 'A' + 'a' : byte));
      ++i;
      continue;
    }
    const auto [code, length] = CodeAt(utf8, i);
    const auto* fold = std::ranges::lower_bound(kSearchFolds, code, {}, &SearchFold::code);
    if (length > 0 && fold != std::end(kSearchFolds) && fold->code == code) {
      folded += fold->folded;
      i += length;
    } else {
      // Kept as it is, a byte at a time: what the table does not fold.
      folded.push_back(static_cast<char>(byte));
      ++i;
    }
  }
  return folded;
}

std::vector<std::string> SearchWords(std::string_view typed) {
  std::vector<std::string> words;
  std::string word;
  for (const char c : FoldedForSearch(typed)) {
    if (c == ' ' || c == ',' || c == '\t' || c == '\n') {
      if (!word.empty()) words.push_back(std::move(word));
      word.clear();
    } else {
      word.push_back(c);
    }
  }
  if (!word.empty()) words.push_back(std::move(word));
  return words;
}

bool NameMatches(const std::vector<std::string>& words, std::string_view first_name,
                 std::string_view last_name, Id id) {
  std::string text = FoldedForSearch(first_name);
  text += ' ';
  text += FoldedForSearch(last_name);
  text += ' ';
  text += std::to_string(id);
  return std::ranges::all_of(
      words, [&](const std::string& word) { return text.find(word) != std::string::npos; });
}

}  // namespace paraplan
