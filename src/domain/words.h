// Enum values as a coordinator reads them in a sentence: the one wording of
// skills and credentials for the API's `*_names` fields and its messages.
#pragma once

#include <string>

#include "domain/enums.h"

namespace paraplan {

// "math intervention", "AAC".
std::string SkillInWords(Skill skill);

// "a special education program aide permit", "CPR and first aid certification".
std::string CredentialInWords(CredentialKind credential);

}  // namespace paraplan
