#include "schedule/milp.h"

#include <utility>

#include <coin/CbcModel.hpp>
#include <coin/CbcSolver.hpp>
#include <coin/CoinPackedMatrix.hpp>
#include <coin/OsiClpSolverInterface.hpp>

#include <algorithm>
#include <cmath>
#include <map>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "schedule/solver.h"
#include "schedule/solver_state.h"

namespace paraplan::schedule {
namespace {

constexpr double kInfinity = 1e30;

// Columns and rows in the form CoinPackedMatrix takes them. The objective is
// stored negated: CBC minimises.
class Model {
 public:
  int Column(double objective, double lower, double upper, bool integer) {
    objective_.push_back(-objective);
    lower_.push_back(lower);
    upper_.push_back(upper);
    if (integer) integers_.push_back(static_cast<int>(objective_.size() - 1));
    return static_cast<int>(objective_.size() - 1);
  }
  void Row(const std::vector<std::pair<int, double>>& terms, double lower, double upper) {
    const int row = static_cast<int>(row_lower_.size());
    for (const auto& [column, coefficient] : terms) {
      rows_.push_back(row);
      columns_.push_back(column);
      elements_.push_back(coefficient);
    }
    row_lower_.push_back(lower);
    row_upper_.push_back(upper);
  }
  int columns() const { return static_cast<int>(objective_.size()); }
  int rows() const { return static_cast<int>(row_lower_.size()); }

  void LoadInto(OsiClpSolverInterface& solver) const {
    CoinPackedMatrix matrix(true, rows_.data(), columns_.data(), elements_.data(),
                            static_cast<CoinBigIndex>(elements_.size()));
    // Empty trailing rows or columns are not seen by the triplet constructor.
    matrix.setDimensions(rows(), columns());
    solver.loadProblem(matrix, lower_.data(), upper_.data(), objective_.data(), row_lower_.data(),
                       row_upper_.data());
    for (int column : integers_) solver.setInteger(column);
  }

 private:
  std::vector<double> objective_, lower_, upper_, row_lower_, row_upper_, elements_;
  std::vector<int> rows_, columns_, integers_;
};

}  // namespace

Result<MilpResult> SolveMilp(const Problem& problem, const MilpOptions& options) {
  if (auto problems = Validate(problem); !problems.empty()) {
    return Fail(Error::Invalid("the scheduling problem is not valid", std::move(problems)));
  }
  const SolverIndex index(problem);
  const Weights& w = problem.weights;
  const std::size_t paras = problem.paras.size();
  const std::size_t blocks = problem.blocks.size();
  Model model;

  // x[n][k]: need n covered by its k-th qualified para.
  std::vector<std::vector<int>> x(problem.needs.size());
  for (std::size_t n = 0; n < problem.needs.size(); ++n) {
    if (!index.coverable[n]) continue;
    const Need& need = problem.needs[n];
    const double value = need.one_to_one || need.safety ? w.one_to_one_or_safety : w.adult_support;
    for (std::size_t k = 0; k < index.qualified[n].size(); ++k) {
      x[n].push_back(model.Column(value, 0, 1, true));
    }
  }
  // y[p][b][room]: para p supports in room during block b.
  std::vector<std::vector<std::map<int, int>>> y(paras, std::vector<std::map<int, int>>(blocks));
  for (std::size_t p = 0; p < paras; ++p) {
    for (std::size_t b = 0; b < blocks; ++b) {
      for (int need : index.needs_of_para_block[p][b]) {
        const int room = problem.needs[At(need)].room;
        if (!y[p][b].contains(room)) y[p][b][room] = model.Column(0, 0, 1, true);
      }
    }
  }
  // d[p][b][duty]: para p holds the duty in block b.
  std::vector<std::vector<std::array<int, 3>>> d(paras, std::vector<std::array<int, 3>>(blocks));
  for (std::size_t p = 0; p < paras; ++p) {
    for (const auto& day : index.days) {
      for (std::size_t k = 0; k < kDuties.size(); ++k) {
        const Duty duty = DutyOf(problem.paras[p], kDuties[k].first);
        std::vector<std::pair<int, double>> once;
        bool works = false;
        for (int block : day) {
          d[p][At(block)][k] = -1;
          const Block& b = problem.blocks[At(block)];
          if (!Works(problem.paras[p], b)) continue;
          works = true;
          if (duty.minutes == 0 || !Fits(duty, b)) continue;
          d[p][At(block)][k] = model.Column(0, 0, 1, true);
          once.push_back({d[p][At(block)][k], 1});
        }
        if (works && duty.minutes > 0) model.Row(once, 1, 1);
      }
    }
  }
  // One place per para per block.
  for (std::size_t p = 0; p < paras; ++p) {
    for (std::size_t b = 0; b < blocks; ++b) {
      std::vector<std::pair<int, double>> place;
      for (const auto& [room, column] : y[p][b]) place.push_back({column, 1});
      for (int column : d[p][b]) {
        if (column >= 0) place.push_back({column, 1});
      }
      if (place.size() > 1) model.Row(place, -kInfinity, 1);
    }
  }
  // Each need at most once; a para covers only in the room it is in; group
  // limits, with a one-to-one need filling the whole group.
  std::vector<std::vector<std::map<int, std::vector<std::pair<int, double>>>>> groups(
      paras, std::vector<std::map<int, std::vector<std::pair<int, double>>>>(blocks));
  for (std::size_t n = 0; n < problem.needs.size(); ++n) {
    if (x[n].empty()) continue;
    const Need& need = problem.needs[n];
    std::vector<std::pair<int, double>> once;
    for (std::size_t k = 0; k < x[n].size(); ++k) {
      const int p = index.qualified[n][k];
      once.push_back({x[n][k], 1});
      model.Row({{x[n][k], 1}, {y[At(p)][At(need.block)].at(need.room), -1}}, -kInfinity, 0);
      const double weight = need.one_to_one ? problem.paras[At(p)].max_students : 1;
      groups[At(p)][At(need.block)][need.room].push_back({x[n][k], weight});
    }
    model.Row(once, -kInfinity, 1);
  }
  for (std::size_t p = 0; p < paras; ++p) {
    for (std::size_t b = 0; b < blocks; ++b) {
      for (auto& [room, terms] : groups[p][b]) {
        terms.push_back({y[p][b].at(room), -problem.paras[p].max_students});
        model.Row(terms, -kInfinity, 0);
      }
    }
  }
  // Continuity: z[s][p] is 1 when para p covers student s anywhere.
  std::map<std::pair<int, int>, int> z;
  for (std::size_t n = 0; n < problem.needs.size(); ++n) {
    for (std::size_t k = 0; k < x[n].size(); ++k) {
      const auto key = std::pair{index.student[n], index.qualified[n][k]};
      auto [it, inserted] = z.try_emplace(key, -1);
      if (inserted) it->second = model.Column(-w.continuity, 0, 1, false);
      model.Row({{x[n][k], 1}, {it->second, -1}}, -kInfinity, 0);
    }
  }
  // Room changes between adjacent blocks.
  for (std::size_t p = 0; p < paras; ++p) {
    for (const auto& day : index.days) {
      for (std::size_t k = 1; k < day.size(); ++k) {
        const auto& before = y[p][At(day[k - 1])];
        const auto& after = y[p][At(day[k])];
        if (before.empty() || after.empty()) continue;
        if (before.size() == 1 && after.size() == 1 && before.begin()->first == after.begin()->first) {
          continue;
        }
        const int change = model.Column(-w.room_change, 0, kInfinity, false);
        for (const auto& [room, column] : before) {
          std::vector<std::pair<int, double>> terms{{column, 1}, {change, -1}};
          for (const auto& [other, other_column] : after) {
            if (other != room) terms.push_back({other_column, 1});
          }
          if (terms.size() > 2) model.Row(terms, -kInfinity, 1);
        }
      }
    }
  }
  // IEP minutes in the service's setting, capped at what the week owes it.
  // A covered block's minutes count once, shared among the student's
  // services that list it: a flow f[n][k] from the block to each service
  // when more than one does.
  std::vector<std::vector<int>> services_of(problem.needs.size());
  for (std::size_t k = 0; k < problem.services.size(); ++k) {
    const ServiceNeed& service = problem.services[k];
    for (int need : service.needs) {
      const Need& n = problem.needs[At(need)];
      std::vector<int>& services = services_of[At(need)];
      if (problem.rooms[At(n.room)].setting != service.setting) continue;
      if (services.empty() || services.back() != static_cast<int>(k)) {
        services.push_back(static_cast<int>(k));
      }
    }
  }
  std::vector<std::vector<std::pair<int, double>>> service_terms(problem.services.size());
  for (std::size_t n = 0; n < problem.needs.size(); ++n) {
    const int length = problem.blocks[At(problem.needs[n].block)].span.Minutes();
    if (services_of[n].size() == 1) {
      for (int column : x[n]) service_terms[At(services_of[n][0])].push_back({column, -length});
      continue;
    }
    if (services_of[n].empty()) continue;
    std::vector<std::pair<int, double>> shared;
    for (int k : services_of[n]) {
      const int flow = model.Column(0, 0, length, false);
      service_terms[At(k)].push_back({flow, -1});
      shared.push_back({flow, 1});
    }
    for (int column : x[n]) shared.push_back({column, -length});
    model.Row(shared, -kInfinity, 0);
  }
  for (std::size_t k = 0; k < problem.services.size(); ++k) {
    const int minutes = model.Column(w.iep_minute, 0, problem.services[k].MinutesDue(), false);
    std::vector<std::pair<int, double>> terms{{minutes, 1}};
    terms.insert(terms.end(), service_terms[k].begin(), service_terms[k].end());
    model.Row(terms, -kInfinity, 0);
  }
  // The busiest para's load.
  const int load = model.Column(-w.max_load, 0, kInfinity, false);
  {
    std::vector<std::vector<std::pair<int, double>>> per_para(paras);
    for (std::size_t n = 0; n < problem.needs.size(); ++n) {
      for (std::size_t k = 0; k < x[n].size(); ++k) {
        per_para[At(index.qualified[n][k])].push_back({x[n][k], 1});
      }
    }
    for (auto& terms : per_para) {
      if (terms.empty()) continue;
      terms.push_back({load, -1});
      model.Row(terms, -kInfinity, 0);
    }
  }

  MilpResult result;
  result.variables = model.columns();
  result.constraints = model.rows();
  OsiClpSolverInterface solver;
  solver.messageHandler()->setLogLevel(0);
  model.LoadInto(solver);
  CbcModel cbc(solver);
  CbcSolverUsefulData data;
  CbcMain0(cbc, data);
  cbc.setLogLevel(0);
  const std::string seconds = fmt::format("{}", options.seconds);
  const char* arguments[] = {"paraplan", "-log",      "0",   "-timeMode", "elapsed",
                             "-sec",     seconds.c_str(), "-solve", "-quit"};
  CbcMain1(static_cast<int>(std::size(arguments)), arguments, cbc,
           [](CbcModel*, int) { return 0; }, data);
  result.bound = -cbc.getBestPossibleObjValue();
  result.proven_optimal = cbc.isProvenOptimal();
  const double* values = cbc.bestSolution();
  if (values == nullptr) return result;

  Plan plan = EmptyPlan(problem);
  for (std::size_t p = 0; p < paras; ++p) {
    for (std::size_t b = 0; b < blocks; ++b) {
      for (std::size_t k = 0; k < kDuties.size(); ++k) {
        if (d[p][b][k] >= 0 && values[d[p][b][k]] > 0.5) {
          plan.slots[p][b].activity = kDuties[k].second;
        }
      }
    }
  }
  for (std::size_t n = 0; n < problem.needs.size(); ++n) {
    for (std::size_t k = 0; k < x[n].size(); ++k) {
      if (values[x[n][k]] < 0.5) continue;
      const int p = index.qualified[n][k];
      Slot& slot = plan.slots[At(p)][At(problem.needs[n].block)];
      slot.activity = Activity::kSupport;
      slot.room = problem.needs[n].room;
      slot.needs.push_back(static_cast<int>(n));
    }
  }
  // An incumbent that is not proven optimal may leave a free qualified para
  // unused; filling can only raise its objective.
  FillFreeParas(problem, plan);
  result.objective = static_cast<double>(Evaluate(problem, plan).total);
  result.bound = std::max(result.bound, result.objective);
  result.plan = std::move(plan);
  return result;
}

}  // namespace paraplan::schedule
