#include "cli/command_support.h"

#include <fmt/format.h>

#include <filesystem>

#include "cli/progress.h"

namespace paraplan::cli {

void ExitWith(const Error& error) {
  std::fprintf(stderr, "paraplan: %s\n", error.message.c_str());
  for (const FieldProblem& problem : error.fields) {
    std::fprintf(stderr, "  %s: %s\n", problem.field.c_str(), problem.reason.c_str());
  }
  throw CLI::RuntimeError(kExitFailure);
}

std::unique_ptr<Store> OpenOrExit(const std::string& db) {
  auto store = OpenStore(db);
  if (!store) ExitWith(store.error());
  return std::move(*store);
}

std::unique_ptr<Store> OpenExistingOrExit(const std::string& db) {
  const bool plain_path = db.find(':') == std::string::npos;
  const std::string path = db.starts_with("sqlite:") ? db.substr(7) : db;
  if ((plain_path || db.starts_with("sqlite:")) && !std::filesystem::exists(path)) {
    ExitWith(Error::NotFound(fmt::format("there is no database at {}", path)));
  }
  return OpenOrExit(db);
}

CLI::Option* AddDbOption(CLI::App& command, std::string& db) {
  return command
      .add_option("--db", db, "database: a SQLite file path, sqlite:FILE or postgresql://...")
      ->required();
}

void PrintSummary(Store& store, std::FILE* out) {
  auto result = store.Read([&](Transaction& tx) -> Result<void> {
    constexpr RecordKind kKinds[] = {
        RecordKind::kDistrict,  RecordKind::kSchool,  RecordKind::kRoom,     RecordKind::kCalendar,
        RecordKind::kStaff,     RecordKind::kStudent, RecordKind::kGuardian, RecordKind::kSection,
        RecordKind::kEnrolment, RecordKind::kIep,
    };
    std::fprintf(out, "Records:\n");
    for (RecordKind kind : kKinds) {
      const std::int64_t count = PARAPLAN_TRY(tx.Count(kind));
      std::fprintf(out, "  %-10s %10s\n", std::string(NameOf(kind)).c_str(),
                   Thousands(count).c_str());
    }
    const auto schools = PARAPLAN_TRY(tx.ListSchools(std::nullopt, Page{0, 21}));
    if (schools.empty() || schools.size() > 20) return {};
    std::fprintf(out, "Schools:\n");
    for (const School& school : schools) {
      // Counting by paging is fine for the handful of schools printed here.
      std::int64_t students = 0;
      std::int64_t with_iep = 0;
      for (bool iep : {false, true}) {
        StudentFilter filter;
        filter.school_id = school.id;
        if (iep) filter.has_iep = true;
        filter.page = Page{0, 1000};
        while (true) {
          const auto page = PARAPLAN_TRY(tx.ListStudents(filter));
          (iep ? with_iep : students) += static_cast<std::int64_t>(page.size());
          if (page.size() < 1000) break;
          filter.page.after = page.back().id;
        }
      }
      StaffFilter staff_filter;
      staff_filter.school_id = school.id;
      staff_filter.role = StaffRole::kParaeducator;
      staff_filter.page = Page{0, 1000};
      const auto paras = PARAPLAN_TRY(tx.ListStaff(staff_filter));
      std::fprintf(out, "  %-32s grades %s-%s  %5s students, %4s with IEPs, %3zu paras\n",
                   school.name.c_str(), std::string(NameOf(school.lowest_grade)).c_str(),
                   std::string(NameOf(school.highest_grade)).c_str(), Thousands(students).c_str(),
                   Thousands(with_iep).c_str(), paras.size());
    }
    return {};
  });
  if (!result) ExitWith(result.error());
}

}  // namespace paraplan::cli
