// What the plan and capture handlers need to know about the caller and the
// moment: the signed-in staff member with their role, the time as the
// capture records keep it, and the school day.
#pragma once

#include <chrono>
#include <memory>
#include <optional>

#include <fmt/format.h>

#include "domain/capture.h"
#include "domain/error.h"
#include "domain/model.h"
#include "http/context.h"
#include "store/capture_store.h"
#include "store/plan_store.h"
#include "store/sql_runner.h"
#include "store/store.h"

namespace paraplan::http {

// A signed-in staff member acting on plans or captured data.
struct StaffActor {
  Id staff_id = 0;
  StaffRole role = StaffRole::kParaeducator;
  Id district_id = 0;
  std::optional<Id> school_id;  // nullopt for district-level staff
};

inline StaffRole StaffRoleOf(Role role) {
  switch (role) {
    case Role::kAdministrator: return StaffRole::kAdministrator;
    case Role::kSpecialEducator: return StaffRole::kSpecialEducator;
    case Role::kRelatedServiceProvider: return StaffRole::kRelatedServiceProvider;
    case Role::kGeneralEducator: return StaffRole::kGeneralEducator;
    case Role::kParaeducator:
    case Role::kParent: break;
  }
  return StaffRole::kParaeducator;
}

// The caller as a staff member; parents have no part in plans or capture.
inline Result<StaffActor> RequireStaff(const Context& context) {
  const Principal* principal = PARAPLAN_TRY(RequireSignedIn(context));
  if (principal->role == Role::kParent || !principal->staff_id) {
    return Fail(Error::PermissionDenied("plans and classroom data are for school staff"));
  }
  return StaffActor{*principal->staff_id, StaffRoleOf(principal->role), principal->district_id,
                    principal->school_id};
}

inline Timestamp NowOf(const Context& context) {
  return std::chrono::time_point_cast<std::chrono::milliseconds>(context.services.clock.Now());
}

inline Date TodayOf(const Context& context) {
  auto day = std::chrono::floor<std::chrono::days>(context.services.clock.Now());
  return Date::FromDays(static_cast<std::int32_t>(day.time_since_epoch().count()));
}

// The plan and capture stores share the roster store's database.
inline Result<SqlRunner*> RunnerOf(const Context& context) {
  SqlRunner* runner = context.services.store.sql_runner();
  if (!runner) return Fail(Error::Internal("the store has no SQL backend for plans and capture"));
  return runner;
}

// The district a section belongs to (through its school); kNotFound for a
// section of another district, so existence does not leak.
inline Result<Section> SectionInDistrict(Transaction& tx, Id section_id, Id district_id) {
  Result<Section> section = tx.GetSection(section_id);
  if (!section) return Fail(Error::NotFound(fmt::format("no section {}", section_id)));
  School school = PARAPLAN_TRY(tx.GetSchool(section->school_id));
  if (school.district_id != district_id) {
    return Fail(Error::NotFound(fmt::format("no section {}", section_id)));
  }
  return section;
}

// A section whose plans the actor may reach: in their district and, for
// staff of one school, in that school (plans name students and the goals
// collected on them). kNotFound otherwise, so existence does not leak.
inline Result<Section> SectionOfActor(Transaction& tx, Id section_id, const StaffActor& actor) {
  Section section = PARAPLAN_TRY(SectionInDistrict(tx, section_id, actor.district_id));
  if (actor.school_id && section.school_id != *actor.school_id) {
    return Fail(Error::NotFound(fmt::format("no section {}", section_id)));
  }
  return section;
}

}  // namespace paraplan::http
