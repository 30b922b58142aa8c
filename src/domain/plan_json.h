// The JSON form of service plans, used by the API and by the store's
// document column. Field names follow the C++ members (see domain/plan.h);
// enumerations use their stable names.
#pragma once

#include <nlohmann/json_fwd.hpp>

#include "domain/error.h"
#include "domain/plan.h"

namespace paraplan {

nlohmann::json ToJson(const ServicePlan& plan);

// What a plan's JSON must hold. A stored plan holds everything. A new plan
// sent to the API may leave out each adult's role (the roster has it); a
// change to a stored plan may also leave out its section and date (a plan
// keeps them).
enum class PlanJsonForm { kStored, kNew, kChange };

// Reads a plan. Every problem names its field; unknown fields are refused.
// A field a form lets be left out keeps its default. The result is not yet
// validated (call Validate or CheckPlan).
Result<ServicePlan> PlanFromJson(const nlohmann::json& json,
                                 PlanJsonForm form = PlanJsonForm::kStored);

}  // namespace paraplan
