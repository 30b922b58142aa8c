#include "domain/words.h"

#include <gtest/gtest.h>

namespace paraplan {
namespace {

TEST(Words, skills_and_credentials_read_as_a_sentence_says_them) {
  EXPECT_EQ(SkillInWords(Skill::kMathIntervention), "math intervention");
  EXPECT_EQ(SkillInWords(Skill::kAac), "AAC");
  EXPECT_EQ(CredentialInWords(CredentialKind::kCprFirstAid), "CPR and first aid certification");
  for (const auto& [credential, name] : EnumNames<CredentialKind>::kNames) {
    EXPECT_NE(CredentialInWords(credential), std::string(name)) << name << " has words of its own";
  }
}

}  // namespace
}  // namespace paraplan
