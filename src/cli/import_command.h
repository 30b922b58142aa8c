#pragma once

#include <CLI/CLI.hpp>

namespace paraplan::cli {

// `paraplan import edfi --db FILE DIR` and `paraplan import oneroster --db
// FILE DIR`: a dry run by default that prints what would be created, updated
// and skipped and every problem with file, line and reason; `--apply` writes
// it in one transaction. Exits 1 when the data has errors (nothing written
// unless --skip-invalid), 2 when the import cannot run.
void AddImportCommand(CLI::App& app);

}  // namespace paraplan::cli
