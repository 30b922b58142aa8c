#include "http/api.h"

#include "http/auth/session_routes.h"
#include "http/capture/capture_routes.h"
#include "http/plans/plan_routes.h"
#include "http/resources/resource_routes.h"
#include "http/schedules/schedule_routes.h"

namespace paraplan::http {

Api::Api(Passkey, Store& store, SecurityStore& security, const Clock& clock, CommonPasswords common)
    : services_{store, security, clock}, common_passwords_(std::move(common)) {}

Result<std::unique_ptr<Api>> Api::Create(Store& store, SecurityStore& security, const Clock& clock,
                                         ApiOptions options,
                                         std::shared_ptr<spdlog::logger> access_log) {
  CommonPasswords common = PARAPLAN_TRY(CommonPasswords::Load(options.common_passwords));
  auto api = std::make_unique<Api>(Passkey(), store, security, clock, std::move(common));
  api->sessions_ = std::make_unique<SessionService>(store, security, clock, api->common_passwords_,
                                                    options.sessions);
  AddSessionRoutes(api->router_, *api->sessions_);
  // Every student-data route sees the same assignments: the security store's
  // staff-student assignments for the day.
  AssignedStudents assigned = [](Context& context, Id staff_id, Date day) {
    return context.services.security.StudentsAssignedTo(staff_id, day);
  };
  // Published schedules, parsed once for every route that reads them.
  auto schedules = std::make_shared<scheduling::ScheduleCache>(options.schedule_cache_bytes);
  AddResourceRoutes(api->router_, AccessSources{});
  AddPlanRoutes(api->router_, assigned, schedules);
  AddCaptureRoutes(api->router_, assigned);
  AddScheduleRoutes(api->router_, AccessSources{}, schedules);
  api->app_ = std::make_unique<App>(api->services_, api->router_, *api->sessions_,
                                    std::move(access_log), std::move(options.app));
  return api;
}

}  // namespace paraplan::http
