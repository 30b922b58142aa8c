#include "http/context.h"

namespace paraplan::http {

Role RoleOf(StaffRole staff_role) {
  switch (staff_role) {
    case StaffRole::kAdministrator:
      return Role::kAdministrator;
    case StaffRole::kSpecialEducator:
      return Role::kSpecialEducator;
    case StaffRole::kRelatedServiceProvider:
      return Role::kRelatedServiceProvider;
    case StaffRole::kGeneralEducator:
      return Role::kGeneralEducator;
    case StaffRole::kParaeducator:
      return Role::kParaeducator;
  }
  return Role::kParaeducator;
}

paraplan::Principal Principal::ForAccess() const {
  if (guardian_id) return paraplan::Principal::Guardian(*guardian_id, district_id);
  StaffRole staff_role = StaffRole::kParaeducator;
  switch (role) {
    case Role::kAdministrator:
      staff_role = StaffRole::kAdministrator;
      break;
    case Role::kSpecialEducator:
      staff_role = StaffRole::kSpecialEducator;
      break;
    case Role::kRelatedServiceProvider:
      staff_role = StaffRole::kRelatedServiceProvider;
      break;
    case Role::kGeneralEducator:
      staff_role = StaffRole::kGeneralEducator;
      break;
    case Role::kParaeducator:
      staff_role = StaffRole::kParaeducator;
      break;
    // A parent account always has a guardian id; without one it gets the
    // narrowest staff role rather than more.
    case Role::kParent:
      staff_role = StaffRole::kParaeducator;
      break;
  }
  return paraplan::Principal::Staff(staff_role, staff_id.value_or(0), district_id, school_id);
}

Result<const Principal*> RequireSignedIn(const Context& context) {
  if (!context.principal) return Fail(Error::Unauthenticated("sign in first"));
  return &*context.principal;
}

}  // namespace paraplan::http
