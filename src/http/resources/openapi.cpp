#include "http/resources/openapi.h"

#include <string>

namespace paraplan::http {

void AddOpenApiRoute(Router& router) {
  router.Add(
      Method::kGet, "/api/v1/openapi.json",
      [](const Request&, Context&) -> Result<Response> {
        return Response::Bytes(200, "application/json", std::string(OpenApiDocument()));
      },
      Access::kPublic);
}

}  // namespace paraplan::http
