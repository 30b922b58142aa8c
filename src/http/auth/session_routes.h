// The routes of sign-in and self-service security:
//
//   POST   /api/v1/session            sign in (public): {"email", "password"}
//   GET    /api/v1/session            who am I, with the CSRF token
//   DELETE /api/v1/session            sign out
//   PUT    /api/v1/me/password        {"current_password", "new_password"}
//   GET    /api/v1/me/sessions        my open sessions
//   DELETE /api/v1/me/sessions/{id}   end one of them
//   GET    /api/v1/me/tokens          my API tokens (never the secret)
//   POST   /api/v1/me/tokens          {"name", "scope": "read"|"read_write", "expires_in_days"?}
//   DELETE /api/v1/me/tokens/{id}     revoke
#pragma once

#include "http/auth/sessions.h"
#include "http/router.h"

namespace paraplan::http {

// Adds the routes; `sessions` must outlive the router.
void AddSessionRoutes(Router& router, SessionService& sessions);

}  // namespace paraplan::http
