// The plan store over a backend's SQL session (store/sql_runner.h), in
// portable SQL shared by SQLite and PostgreSQL; the tables come from the
// "plans and capture" migration in migrations.cpp.
//
// A plan is one row of service_plan holding the plan as a JSON document
// (domain/plan_json.h) beside the columns lists filter on; the adults it
// names are rows of service_plan_adult (so "my plans" is an index lookup and
// every adult must be a staff member), and every version is a row of
// service_plan_version.
#include "store/plan_store.h"

#include <fmt/format.h>

#include <algorithm>
#include <nlohmann/json.hpp>
#include <set>

#include "domain/plan_json.h"
#include "store/sql_runner.h"

namespace paraplan {
namespace {

using nlohmann::json;
using sql::Row;
using sql::RowReader;
using sql::Rows;
using sql::Session;
using sql::Value;

std::string Document(const ServicePlan& plan) { return ToJson(plan).dump(); }

Result<ServicePlan> ParseDocument(const std::string& text, std::string_view table) {
  json document = json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (document.is_discarded())
    return Fail(Error::Internal(fmt::format("stored {} is not JSON", table)));
  Result<ServicePlan> plan = PlanFromJson(document);
  if (!plan) {
    return Fail(
        Error::Internal(fmt::format("stored {} is unreadable: {}", table, plan.error().message)));
  }
  return plan;
}

// Reads a row of (id, version, document).
Result<ServicePlan> ReadPlan(const Row& row) {
  RowReader reader(row, "service_plan");
  Id id = reader.Int(0);
  std::int64_t version = reader.Int(1);
  std::string document = reader.Text(2);
  PARAPLAN_TRY(reader.Finish());
  ServicePlan plan = PARAPLAN_TRY(ParseDocument(document, "service_plan"));
  plan.id = id;
  plan.version = version;
  return plan;
}

class SqlPlanStore final : public PlanStore {
 public:
  explicit SqlPlanStore(SqlRunner& runner) : runner_(runner) {}

  Result<ServicePlan> Create(const ServicePlan& input, Id by, Timestamp at) override {
    ServicePlan plan = input;
    Result<void> done = runner_.RunWrite([&](Session& session) -> Result<void> {
      Rows section = PARAPLAN_TRY(session.Query(
          "SELECT district_id, code, course FROM section WHERE id = ?", {sql::Int(plan.section_id)}));
      if (section.empty()) {
        return Fail(Error::Invalid(
            fmt::format("service plan: section_id {} names no section", plan.section_id),
            {{"section_id", "names no section"}}));
      }
      RowReader section_reader(section[0], "section");
      Id district_id = section_reader.Int(0);
      const std::string code = section_reader.Text(1);
      const std::string course = section_reader.Text(2);
      PARAPLAN_TRY(section_reader.Finish());
      Rows taken = PARAPLAN_TRY(
          session.Query("SELECT id FROM service_plan WHERE section_id = ? AND lesson_date = ?",
                        {sql::Int(plan.section_id), sql::DateValue(plan.date)}));
      if (!taken.empty()) {
        // In the words of the people who teach the section; the plan's id
        // for a client to open it.
        const Id existing = RowReader(taken[0], "service_plan").Int(0);
        return Fail(Error::AlreadyExists(
            fmt::format("{} ({}) already has a lesson plan for {}: change that one (plan {})",
                        course, code, plan.date.ToString(), existing)));
      }
      plan.version = 1;
      plan.id = 0;
      Rows inserted = PARAPLAN_TRY(session.Query(
          "INSERT INTO service_plan (district_id, section_id, lesson_date, status, document, "
          "version) VALUES (?, ?, ?, ?, ?, ?) RETURNING id",
          {sql::Int(district_id), sql::Int(plan.section_id), sql::DateValue(plan.date),
           sql::EnumValue(plan.status), sql::Text("{}"), sql::Int(plan.version)}));
      RowReader id_reader(inserted.at(0), "service_plan");
      plan.id = id_reader.Int(0);
      PARAPLAN_TRY(id_reader.Finish());
      PARAPLAN_TRY(session.Execute("UPDATE service_plan SET document = ? WHERE id = ?",
                                   {sql::Text(Document(plan)), sql::Int(plan.id)}));
      PARAPLAN_TRY(WriteAdults(session, plan, district_id));
      PARAPLAN_TRY(InsertVersion(session, plan, district_id, by, at));
      return {};
    });
    if (!done) return Fail(done.error());
    return plan;
  }

  Result<ServicePlan> Update(const ServicePlan& input, Id by, Timestamp at) override {
    ServicePlan plan = input;
    Result<void> done = runner_.RunWrite([&](Session& session) -> Result<void> {
      Rows rows = PARAPLAN_TRY(
          session.Query("SELECT id, version, document, district_id FROM service_plan WHERE id = ?",
                        {sql::Int(plan.id)}));
      if (rows.empty()) return Fail(Error::NotFound(fmt::format("no service plan {}", plan.id)));
      ServicePlan stored = PARAPLAN_TRY(ReadPlan(rows[0]));
      RowReader reader(rows[0], "service_plan");
      Id district_id = reader.Int(3);
      PARAPLAN_TRY(reader.Finish());
      if (stored.version != plan.version) {
        return Fail(Error::Conflict(fmt::format(
            "service plan {} is at version {}, not {}: read it again and re-apply the change",
            plan.id, stored.version, plan.version)));
      }
      // The plan's identity is its section and lesson date.
      plan.section_id = stored.section_id;
      plan.date = stored.date;
      plan.version = stored.version + 1;
      std::int64_t changed = PARAPLAN_TRY(session.Execute(
          "UPDATE service_plan SET status = ?, document = ?, version = ? WHERE id = ? AND "
          "version = ?",
          {sql::EnumValue(plan.status), sql::Text(Document(plan)), sql::Int(plan.version),
           sql::Int(plan.id), sql::Int(stored.version)}));
      if (changed != 1)
        return Fail(Error::Conflict(fmt::format("service plan {} changed", plan.id)));
      PARAPLAN_TRY(
          session.Execute("DELETE FROM service_plan_adult WHERE plan_id = ?", {sql::Int(plan.id)}));
      PARAPLAN_TRY(WriteAdults(session, plan, district_id));
      PARAPLAN_TRY(InsertVersion(session, plan, district_id, by, at));
      return {};
    });
    if (!done) return Fail(done.error());
    return plan;
  }

  Result<ServicePlan> Get(Id id) override {
    ServicePlan plan;
    Result<void> done = runner_.RunRead([&](Session& session) -> Result<void> {
      Rows rows = PARAPLAN_TRY(session.Query(
          "SELECT id, version, document FROM service_plan WHERE id = ?", {sql::Int(id)}));
      if (rows.empty()) return Fail(Error::NotFound(fmt::format("no service plan {}", id)));
      plan = PARAPLAN_TRY(ReadPlan(rows[0]));
      return {};
    });
    if (!done) return Fail(done.error());
    return plan;
  }

  Result<std::vector<ServicePlan>> List(const PlanFilter& filter) override {
    std::string where = "p.id > ?";
    std::vector<Value> params = {sql::Int(filter.after)};
    if (filter.district_id) {
      where += " AND p.district_id = ?";
      params.push_back(sql::Int(*filter.district_id));
    }
    if (filter.school_id) {
      where += " AND p.section_id IN (SELECT id FROM section WHERE school_id = ?)";
      params.push_back(sql::Int(*filter.school_id));
    }
    if (filter.section_id) {
      where += " AND p.section_id = ?";
      params.push_back(sql::Int(*filter.section_id));
    }
    if (filter.staff_id) {
      where += " AND p.id IN (SELECT plan_id FROM service_plan_adult WHERE staff_id = ?)";
      params.push_back(sql::Int(*filter.staff_id));
    }
    if (filter.status) {
      where += " AND p.status = ?";
      params.push_back(sql::EnumValue(*filter.status));
    }
    if (filter.from) {
      where += " AND p.lesson_date >= ?";
      params.push_back(sql::DateValue(*filter.from));
    }
    if (filter.to) {
      where += " AND p.lesson_date <= ?";
      params.push_back(sql::DateValue(*filter.to));
    }
    params.push_back(sql::Int(std::clamp(filter.limit, 1, 1000)));
    std::string statement = fmt::format(
        "SELECT p.id, p.version, p.document FROM service_plan p WHERE {} ORDER BY p.id LIMIT ?",
        where);
    std::vector<ServicePlan> plans;
    Result<void> done = runner_.RunRead([&](Session& session) -> Result<void> {
      plans.clear();
      Rows rows = PARAPLAN_TRY(session.Query(statement, std::span<const Value>(params)));
      for (const Row& row : rows) plans.push_back(PARAPLAN_TRY(ReadPlan(row)));
      return {};
    });
    if (!done) return Fail(done.error());
    return plans;
  }

  Result<std::vector<PlanVersion>> History(Id id) override {
    std::vector<PlanVersion> versions;
    Result<void> done = runner_.RunRead([&](Session& session) -> Result<void> {
      versions.clear();
      Rows rows = PARAPLAN_TRY(session.Query(
          "SELECT version, changed_by, changed_at, document FROM service_plan_version "
          "WHERE plan_id = ? ORDER BY version",
          {sql::Int(id)}));
      if (rows.empty()) return Fail(Error::NotFound(fmt::format("no service plan {}", id)));
      for (const Row& row : rows) {
        RowReader reader(row, "service_plan_version");
        PlanVersion version;
        version.version = reader.Int(0);
        version.changed_by = reader.Int(1);
        std::string changed_at = reader.Text(2);
        std::string document = reader.Text(3);
        PARAPLAN_TRY(reader.Finish());
        std::optional<Timestamp> when = ParseTimestamp(changed_at);
        if (!when) return Fail(Error::Internal("stored service plan version time is unreadable"));
        version.changed_at = *when;
        version.plan = PARAPLAN_TRY(ParseDocument(document, "service_plan_version"));
        versions.push_back(std::move(version));
      }
      return {};
    });
    if (!done) return Fail(done.error());
    return versions;
  }

 private:
  Result<void> WriteAdults(Session& session, const ServicePlan& plan, Id district_id) {
    std::set<Id> written;
    for (std::size_t i = 0; i < plan.adults.size(); ++i) {
      Id staff_id = plan.adults[i].staff_id;
      if (!written.insert(staff_id).second) continue;
      Rows staff = PARAPLAN_TRY(
          session.Query("SELECT district_id FROM staff WHERE id = ?", {sql::Int(staff_id)}));
      if (staff.empty() || RowReader(staff[0], "staff").Int(0) != district_id) {
        std::string field = fmt::format("adults[{}].staff_id", i);
        return Fail(Error::Invalid(
            fmt::format("service plan: {} names no staff member of the district", field),
            {{field, "names no staff member of the section's district"}}));
      }
      PARAPLAN_TRY(session.Execute(
          "INSERT INTO service_plan_adult (district_id, plan_id, staff_id) VALUES (?, ?, ?)",
          {sql::Int(district_id), sql::Int(plan.id), sql::Int(staff_id)}));
    }
    return {};
  }

  Result<void> InsertVersion(Session& session, const ServicePlan& plan, Id district_id, Id by,
                             Timestamp at) {
    PARAPLAN_TRY(session.Execute(
        "INSERT INTO service_plan_version (district_id, plan_id, version, changed_by, "
        "changed_at, document) VALUES (?, ?, ?, ?, ?, ?)",
        {sql::Int(district_id), sql::Int(plan.id), sql::Int(plan.version), sql::Int(by),
         sql::Text(FormatTimestamp(at)), sql::Text(Document(plan))}));
    return {};
  }

  SqlRunner& runner_;
};

}  // namespace

std::unique_ptr<PlanStore> MakePlanStore(SqlRunner& runner) {
  return std::make_unique<SqlPlanStore>(runner);
}

}  // namespace paraplan
