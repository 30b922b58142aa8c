// The thin routing layer between the transport and paraplan's handlers.
//
// HOW TO ADD A ROUTE (resources live in src/http/resources/):
//
//   void AddStudentRoutes(http::Router& router) {
//     router.Add(http::Method::kGet, "/api/v1/students/{id}",
//                [](const http::Request& request, http::Context& context)
//                    -> Result<http::Response> {
//                  Id id = PARAPLAN_TRY(request.PathId("id"));  // bad id: 404
//                  const http::Principal* who = PARAPLAN_TRY(http::RequireSignedIn(context));
//                  ... read through context.services.store, decide access ...
//                  return http::Response::Json(200, {{"id", id}});
//                });
//   }
//
// Every route is for signed-in callers unless added with Access::kPublic:
// the application refuses anonymous callers with 401 before the handler
// runs, refuses cookie-authenticated writes without the CSRF token, and
// refuses writes with a read-only API token. A handler returns a Response
// or an Error; errors become the standard error body (http/errors.h), so a
// handler never builds an error response itself. Read a JSON body with
// http::ParseJsonBody / http::ReadJsonObject (http/json_body.h).
//
// Patterns are literal segments and `{name}` segments, which match one
// non-empty segment and are read with Request::PathParam / PathId. A path
// that matches no pattern is 404; one that matches a pattern under another
// method is 405 with an Allow header.
#pragma once

#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "domain/error.h"
#include "http/context.h"
#include "http/message.h"

namespace paraplan::http {

using Handler = std::function<Result<Response>(const Request&, Context&)>;

enum class Access { kSignedIn, kPublic };

// How long a route's handler may run. kLong handlers (a schedule run solves
// for up to a second) run on the server's long-work threads, so they never
// hold a thread that quick requests are waiting for; when those threads are
// all busy and their queue is full, the caller gets 503 with Retry-After.
enum class Work { kQuick, kLong };

struct Route {
  Method method = Method::kGet;
  std::string pattern;
  Handler handler;
  Access access = Access::kSignedIn;
  Work work = Work::kQuick;
  std::vector<std::string> segments;  // the pattern split at '/', made by Router::Add
};

// The outcome of matching a request against the routes.
struct Match {
  const Route* route = nullptr;  // nullptr: no route for this method
  std::vector<std::pair<std::string, std::string>> path_params;
  std::vector<Method> allowed;  // methods that would match the path (for 405)
};

class Router {
 public:
  // Adds a route. Adding the same method and pattern twice is a programming
  // error and aborts at startup, not at request time.
  void Add(Method method, std::string pattern, Handler handler, Access access = Access::kSignedIn,
           Work work = Work::kQuick);

  // Finds the route for a method and decoded path. HEAD matches GET routes.
  Match Find(Method method, std::string_view path) const;

  const std::vector<Route>& routes() const { return routes_; }

 private:
  std::vector<Route> routes_;
};

}  // namespace paraplan::http
