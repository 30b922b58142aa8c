#include "domain/name_search.h"

#include <gtest/gtest.h>

namespace paraplan {
namespace {

TEST(NameSearch, folds_case_and_accents_as_the_web_ui_does) {
  EXPECT_EQ(FoldedForSearch("José GÓMEZ"), "jose gomez");
  // Letters that do not decompose are only lowered, as the UI has them.
  EXPECT_EQ(FoldedForSearch("Zoë Łukasz Ærø"), "zoe łukasz ærø");
  EXPECT_EQ(FoldedForSearch("Çağla Şahin"), "cagla sahin");
  EXPECT_EQ(FoldedForSearch("Nguyễn Thị Ơn"), "nguyen thi on");
  EXPECT_EQ(FoldedForSearch("Дмитрий Ёлкин"), "дмитрии елкин") << "й decomposes to и and a breve";
  EXPECT_EQ(FoldedForSearch("李 小龍"), "李 小龍") << "what the table does not fold is kept";
  EXPECT_EQ(FoldedForSearch("a\xc3"), "a\xc3") << "a broken sequence is kept";
}

TEST(NameSearch, every_word_typed_is_in_the_name_or_the_id) {
  EXPECT_TRUE(NameMatches(SearchWords("jose gom"), "José", "Gómez", 17));
  EXPECT_TRUE(NameMatches(SearchWords("GÓMEZ, josé"), "José", "Gómez", 17));
  EXPECT_TRUE(NameMatches(SearchWords("17"), "José", "Gómez", 17));
  EXPECT_TRUE(NameMatches(SearchWords("ez 17"), "José", "Gómez", 1704));
  EXPECT_FALSE(NameMatches(SearchWords("jose ana"), "José", "Gómez", 17));
  EXPECT_FALSE(NameMatches(SearchWords("18"), "José", "Gómez", 17));
  EXPECT_TRUE(NameMatches(SearchWords(""), "José", "Gómez", 17)) << "no words match everyone";
  EXPECT_EQ(SearchWords(" ana,  lee "), (std::vector<std::string>{"ana", "lee"}));
}

}  // namespace
}  // namespace paraplan
