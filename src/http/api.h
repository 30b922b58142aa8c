// The whole HTTP API assembled from its parts: the session service, the
// router with every route, and the App that runs them. `paraplan serve`,
// the tests and the benchmark build the API the same way through Create.
#pragma once

#include <spdlog/logger.h>

#include <filesystem>
#include <memory>

#include "domain/error.h"
#include "http/app.h"
#include "http/auth/password.h"
#include "http/auth/sessions.h"
#include "http/context.h"
#include "http/router.h"
#include "scheduling/school_schedule.h"
#include "store/security.h"
#include "store/store.h"

namespace paraplan::http {

struct ApiOptions {
  SessionOptions sessions;
  AppOptions app;
  std::filesystem::path common_passwords = CommonPasswords::DefaultFile();
  // The JSON of published schedules kept parsed in memory (ScheduleCache).
  std::size_t schedule_cache_bytes = scheduling::ScheduleCache::kDefaultBudgetBytes;
};

class Api {
 public:
  // The stores and the clock must outlive the API. kInvalidArgument when the
  // common-password list cannot be read.
  static Result<std::unique_ptr<Api>> Create(Store& store, SecurityStore& security,
                                             const Clock& clock, ApiOptions options,
                                             std::shared_ptr<spdlog::logger> access_log);

  App& app() { return *app_; }
  Router& router() { return router_; }
  SessionService& sessions() { return *sessions_; }
  const CommonPasswords& common_passwords() const { return common_passwords_; }

  // Only Create makes an Api (a passkey, so make_unique can reach the constructor).
  class Passkey {
    Passkey() = default;
    friend class Api;
  };
  Api(Passkey, Store& store, SecurityStore& security, const Clock& clock, CommonPasswords common);

 private:
  Services services_;
  CommonPasswords common_passwords_;
  std::unique_ptr<SessionService> sessions_;
  Router router_;
  std::unique_ptr<App> app_;
};

}  // namespace paraplan::http
