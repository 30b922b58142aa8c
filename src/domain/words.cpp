#include "domain/words.h"

#include <algorithm>

namespace paraplan {

std::string SkillInWords(Skill skill) {
  if (skill == Skill::kAac) return "AAC";
  std::string name(NameOf(skill));
  std::ranges::replace(name, '_', ' ');
  return name;
}

std::string CredentialInWords(CredentialKind credential) {
  switch (credential) {
    case CredentialKind::kSpecialEducationProgramAide:
      return "a special education program aide permit";
    case CredentialKind::kEducationalInterpreter:
      return "an educational interpreter credential";
    case CredentialKind::kTeachingLicense:
      return "a teaching license";
    case CredentialKind::kRelatedServiceLicense:
      return "a related service license";
    case CredentialKind::kCprFirstAid:
      return "CPR and first aid certification";
  }
  return std::string(NameOf(credential));
}

}  // namespace paraplan
