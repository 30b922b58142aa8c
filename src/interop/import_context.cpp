#include "interop/import_context.h"

#include <fmt/format.h>

#include "store/sql/sql_transaction.h"
#include "store/sql_runner.h"

namespace paraplan {

void ImportContext::Problem(Severity severity, std::string reason) {
  report.Add({severity, file, line, element, std::move(reason)});
}

Result<bool> ImportContext::FirstSighting(std::string_view kind, std::string_view source_id) {
  bool first = PARAPLAN_TRY(staging.MarkSeen(fmt::format("seen:{}", kind), source_id));
  if (!first) Error(fmt::format("duplicate id: {} '{}' appears more than once", kind, source_id));
  return first;
}

Result<void> ImportContext::Refused(std::string_view kind, const paraplan::Error& error) {
  switch (error.code) {
    case ErrorCode::kInternal:
    case ErrorCode::kUnavailable:
    case ErrorCode::kResourceExhausted:
    case ErrorCode::kUnauthenticated:
    case ErrorCode::kPermissionDenied:
      return Fail(error);
    default:
      break;
  }
  if (error.fields.empty()) {
    Error(fmt::format("{} refused: {}", kind, error.message));
    return {};
  }
  for (const FieldProblem& field : error.fields) {
    Error(fmt::format("{} refused: {} {}", kind, field.field, field.reason));
  }
  return {};
}

template <typename T, typename Getter, typename MergeFn>
Result<std::optional<Id>> ImportContext::UpsertBySource(std::string_view kind_name,
                                                        RecordKind kind, Id district_id,
                                                        const T& record, Getter get,
                                                        const MergeFn& merge) {
  if (!PARAPLAN_TRY(FirstSighting(kind_name, record.source_id))) {
    report.Count(kind_name, Action::kSkip);
    return std::optional<Id>();
  }
  std::optional<Id> existing = PARAPLAN_TRY(tx.FindBySourceId(kind, district_id, record.source_id));
  if (!existing) {
    Result<Id> inserted = tx.Insert(record);
    if (!inserted) {
      PARAPLAN_TRY(Refused(kind_name, inserted.error()));
      report.Count(kind_name, Action::kSkip);
      return std::optional<Id>();
    }
    report.Count(kind_name, Action::kCreate);
    return std::optional<Id>(*inserted);
  }
  T stored = PARAPLAN_TRY(get(*existing));
  if (!merge(stored, record)) {
    report.Count(kind_name, Action::kUnchanged);
    return existing;
  }
  Result<std::int64_t> updated = tx.Update(stored);
  if (!updated) {
    PARAPLAN_TRY(Refused(kind_name, updated.error()));
    report.Count(kind_name, Action::kSkip);
    return existing;
  }
  report.Count(kind_name, Action::kUpdate);
  return existing;
}

Result<std::optional<Id>> ImportContext::Upsert(const District& record,
                                                const Merge<District>& merge) {
  return UpsertBySource("district", RecordKind::kDistrict, 0, record,
                        [this](Id id) { return tx.GetDistrict(id); }, merge);
}

Result<std::optional<Id>> ImportContext::Upsert(const School& record,
                                                const Merge<School>& merge) {
  return UpsertBySource("school", RecordKind::kSchool, record.district_id, record,
                        [this](Id id) { return tx.GetSchool(id); }, merge);
}

Result<std::optional<Id>> ImportContext::Upsert(const Room& record, Id district_id,
                                                const Merge<Room>& merge) {
  return UpsertBySource("room", RecordKind::kRoom, district_id, record,
                        [this](Id id) { return tx.GetRoom(id); }, merge);
}

Result<std::optional<Id>> ImportContext::Upsert(const Staff& record, const Merge<Staff>& merge) {
  return UpsertBySource("staff", RecordKind::kStaff, record.district_id, record,
                        [this](Id id) { return tx.GetStaff(id); }, merge);
}

Result<std::optional<Id>> ImportContext::Upsert(const Student& record, Id district_id,
                                                const Merge<Student>& merge) {
  return UpsertBySource("student", RecordKind::kStudent, district_id, record,
                        [this](Id id) { return tx.GetStudent(id); }, merge);
}

Result<std::optional<Id>> ImportContext::Upsert(const Section& record, Id district_id,
                                                const Merge<Section>& merge) {
  return UpsertBySource("section", RecordKind::kSection, district_id, record,
                        [this](Id id) { return tx.GetSection(id); }, merge);
}

Result<std::optional<Id>> ImportContext::Upsert(const Iep& record, Id district_id,
                                                const Merge<Iep>& merge) {
  return UpsertBySource("special_education", RecordKind::kIep, district_id, record,
                        [this](Id id) { return tx.GetIep(id); }, merge);
}

Result<std::optional<Id>> ImportContext::Upsert(const Guardian& record,
                                                const Merge<Guardian>& merge) {
  return UpsertBySource("guardian", RecordKind::kGuardian, record.district_id, record,
                        [this](Id id) { return tx.GetGuardian(id); }, merge);
}

template <typename T, typename Getter>
Result<std::optional<Id>> ImportContext::PutStated(std::string_view kind_name, const T& record,
                                                   std::optional<Id> existing, Getter get) {
  if (!PARAPLAN_TRY(FirstSighting(kind_name, record.source_id))) {
    report.Count(kind_name, Action::kSkip);
    return std::optional<Id>();
  }
  if (!existing) {
    Result<Id> inserted = programs->Insert(record);
    if (!inserted) {
      PARAPLAN_TRY(Refused(kind_name, inserted.error()));
      report.Count(kind_name, Action::kSkip);
      return std::optional<Id>();
    }
    report.Count(kind_name, Action::kCreate);
    return std::optional<Id>(*inserted);
  }
  T stored = PARAPLAN_TRY(get(*existing));
  T incoming = record;
  incoming.id = *existing;
  if (incoming == stored) {
    report.Count(kind_name, Action::kUnchanged);
    return existing;
  }
  Result<void> updated = programs->Update(incoming);
  if (!updated) {
    PARAPLAN_TRY(Refused(kind_name, updated.error()));
    report.Count(kind_name, Action::kSkip);
    return existing;
  }
  report.Count(kind_name, Action::kUpdate);
  return existing;
}

Result<std::optional<Id>> ImportContext::Put(const StaffAbsence& record) {
  if (programs == nullptr) {
    report.Count("absence", Action::kSkip);
    return std::optional<Id>();
  }
  std::optional<Id> existing =
      PARAPLAN_TRY(programs->FindAbsence(record.district_id, record.source_id));
  return PutStated("absence", record, existing,
                   [this](Id id) { return programs->GetAbsence(id); });
}

Result<std::optional<Id>> ImportContext::Put(const SpecialEducationProgram& record) {
  if (programs == nullptr) {
    report.Count("special_education_program", Action::kSkip);
    return std::optional<Id>();
  }
  std::optional<Id> existing =
      PARAPLAN_TRY(programs->FindProgram(record.district_id, record.source_id));
  return PutStated("special_education_program", record, existing,
                   [this](Id id) { return programs->GetProgram(id); });
}

Result<std::optional<Id>> ImportContext::Resolve(RecordKind kind, Id district_id,
                                                 std::string_view source_id,
                                                 std::string_view what) {
  if (source_id.empty()) {
    Error(fmt::format("missing reference: {} is not given", what));
    return std::optional<Id>();
  }
  std::optional<Id> id = PARAPLAN_TRY(tx.FindBySourceId(kind, district_id, source_id));
  if (!id) Error(fmt::format("missing reference: {} '{}' is not in the import or the database",
                             what, source_id));
  return id;
}

Result<ImportReport> RunImport(Store& store, const ImportOptions& options,
                               const std::function<Result<void>(ImportContext&)>& work) {
  ImportReport report;
  bool rolled_back_on_purpose = false;
  auto run = [&](Transaction& tx, ProgramStore* programs) -> Result<void> {
    // The store may run this again after transient contention: start clean.
    report = ImportReport{};
    rolled_back_on_purpose = false;
    std::unique_ptr<StagingIndex> staging = PARAPLAN_TRY(StagingIndex::Open());
    ProgressBar progress(options.progress);
    ImportContext context(tx, *staging, report, progress);
    context.programs = programs;
    PARAPLAN_TRY(work(context));
    if (options.mode == ImportMode::kDryRun) {
      rolled_back_on_purpose = true;
      return Fail(Error::FailedPrecondition("dry run: nothing is written"));
    }
    if (options.policy == ProblemPolicy::kRefuseOnError && report.errors() > 0) {
      report.refusal = fmt::format(
          "{} error(s) found; fix them, or skip the invalid records explicitly",
          report.errors());
      rolled_back_on_purpose = true;
      return Fail(Error::Invalid(report.refusal));
    }
    return {};
  };
  // Absences and programs go through the SQL session of the roster's own
  // transaction, so one commit (or one rollback) covers everything.
  Result<void> written;
  if (SqlRunner* runner = store.sql_runner()) {
    written = runner->RunWrite([&](sql::Session& session) -> Result<void> {
      sql::SqlTransaction tx(session, sql::TransactionMode::kWrite);
      std::unique_ptr<ProgramStore> programs = MakeProgramStore(session);
      return run(tx, programs.get());
    });
  } else {
    written = store.Write([&](Transaction& tx) { return run(tx, nullptr); });
  }
  if (!written) {
    if (!rolled_back_on_purpose) return Fail(written.error());
    report.applied = false;
    return report;
  }
  report.applied = true;
  return report;
}

std::optional<Date> ParseDateField(ImportContext& context, std::string_view field,
                                   std::string_view text) {
  std::optional<Date> date = Date::Parse(text);
  if (!date) {
    context.Error(text.empty() ? fmt::format("{} is missing", field)
                               : fmt::format("{} '{}' is not a date (YYYY-MM-DD)", field, text));
  }
  return date;
}

}  // namespace paraplan
