// Import of Ed-Fi Data Standard XML interchange files (the bulk-load
// format of an Ed-Fi ODS): the local education agency and schools, class
// periods, rooms and courses (EducationOrganization.xml), sessions
// (EducationOrgCalendar.xml), sections (MasterSchedule.xml), staff with
// their roles, schools, sections and credentials (StaffAssociation.xml),
// students (Student.xml) and special-education program associations
// (StudentProgram.xml), checked against the descriptors in Descriptors/.
#pragma once

#include <filesystem>

#include "domain/error.h"
#include "interop/import_context.h"
#include "interop/report.h"
#include "store/store.h"

namespace paraplan {

// Imports the interchange files found in `folder`. Every problem in the data
// is in the report (file, line, element, reason); the call fails only when
// the store fails or `folder` is not a readable folder.
Result<ImportReport> ImportEdFi(Store& store, const std::filesystem::path& folder,
                                const ImportOptions& options);

}  // namespace paraplan
