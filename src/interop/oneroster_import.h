// Import of OneRoster 1.1 and 1.2 CSV (the bulk and delta exports of a
// student information system): manifest.csv says which files are present
// and whether each is bulk or delta; orgs become districts and schools,
// courses and classes become sections, users become students, staff (the
// aide role is paraplan's paraeducator) and guardians, demographics give
// birth dates, and enrollments place students and teachers in sections.
#pragma once

#include <filesystem>

#include "domain/error.h"
#include "interop/import_context.h"
#include "interop/report.h"
#include "store/store.h"

namespace paraplan {

// Imports the OneRoster CSV files in `folder`. Every problem in the data is
// in the report (file, line, record, reason); the call fails only when the
// store fails or `folder` is not a readable folder.
Result<ImportReport> ImportOneRoster(Store& store, const std::filesystem::path& folder,
                                     const ImportOptions& options);

// paraplan's grade for a OneRoster (CEDS) grade code: "KG", "01".."12", "PK".
std::optional<Grade> GradeOfOneRoster(std::string_view code);

}  // namespace paraplan
