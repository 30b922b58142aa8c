// Storage of service delivery plans (domain/plan.h). One plan per section
// and lesson date; every change, including each status change, is kept as a
// version with who made it and when.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <vector>

#include "domain/capture.h"
#include "domain/error.h"
#include "domain/plan.h"

namespace paraplan {

struct PlanFilter {
  // The caller's reach: plans of the district, and of one school's sections.
  std::optional<Id> district_id;
  std::optional<Id> school_id;
  std::optional<Id> section_id;
  std::optional<Id> staff_id;  // plans naming this adult (in the room or for planning)
  std::optional<PlanStatus> status;
  std::optional<Date> from;  // lesson dates, inclusive
  std::optional<Date> to;
  Id after = 0;  // keyset paging by plan id
  int limit = 100;
};

struct PlanVersion {
  std::int64_t version = 0;
  Id changed_by = 0;
  Timestamp changed_at{};
  ServicePlan plan;  // the plan as of this version
};

class PlanStore {
 public:
  virtual ~PlanStore() = default;

  // Stores a new plan (its id and version are assigned: version 1).
  // kAlreadyExists when the section already has a plan for that date;
  // kInvalidArgument naming the field for a section or adult that does not
  // exist. The caller has checked the plan (rules/plan_rules.h).
  virtual Result<ServicePlan> Create(const ServicePlan& plan, Id by, Timestamp at) = 0;

  // Replaces the plan with a new version. kConflict when plan.version is not
  // the stored version; kNotFound for an unknown id. Section and date do not
  // change.
  virtual Result<ServicePlan> Update(const ServicePlan& plan, Id by, Timestamp at) = 0;

  virtual Result<ServicePlan> Get(Id id) = 0;
  virtual Result<std::vector<ServicePlan>> List(const PlanFilter& filter) = 0;
  virtual Result<std::vector<PlanVersion>> History(Id id) = 0;
};

class SqlRunner;

// The plan store over a backend's SQL session; `runner` must outlive it.
std::unique_ptr<PlanStore> MakePlanStore(SqlRunner& runner);

}  // namespace paraplan
