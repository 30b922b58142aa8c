#pragma once

#include <CLI/CLI.hpp>

namespace paraplan::cli {

// `paraplan serve --db URL --listen HOST:PORT [--web DIR] [--insecure-cookies]`:
// serves the JSON API and the browser UI until SIGTERM or SIGINT, then
// finishes the requests in flight and stops.
void AddServeCommand(CLI::App& app);

}  // namespace paraplan::cli
