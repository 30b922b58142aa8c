// The JSON form of service plans, used by the API and by the store's
// document column. Field names follow the C++ members (see domain/plan.h);
// enumerations use their stable names.
#pragma once

#include <nlohmann/json_fwd.hpp>

#include "domain/error.h"
#include "domain/plan.h"

namespace paraplan {

nlohmann::json ToJson(const ServicePlan& plan);

// Reads a plan. Every problem names its field; unknown fields are refused.
// The result is not yet validated (call Validate or CheckPlan).
Result<ServicePlan> PlanFromJson(const nlohmann::json& json);

}  // namespace paraplan
