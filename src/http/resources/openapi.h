// The OpenAPI 3.1 description of the JSON API (src/http/openapi.json),
// compiled into the binary and served at /api/v1/openapi.json to anyone: it
// describes shapes and rules, never data.
#pragma once

#include <string_view>

#include "http/router.h"

namespace paraplan::http {

// The document, byte for byte as the source tree holds it.
std::string_view OpenApiDocument();

void AddOpenApiRoute(Router& router);

}  // namespace paraplan::http
