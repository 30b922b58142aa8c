#include "schedule/bound.h"

#include <algorithm>
#include <array>
#include <chrono>
#include <cmath>
#include <limits>
#include <map>
#include <vector>

#include "schedule/para_day.h"
#include "schedule/solver_state.h"

namespace paraplan::schedule {
namespace {

using Clock = std::chrono::steady_clock;

// The candidates of one para in one block and room: entries (need, para)
// split into one-to-one needs and the others.
struct RoomCandidates {
  int room = 0;
  std::vector<int> alone;   // entries of one-to-one needs: the group is that student
  std::vector<int> shared;  // entries that share the para up to the group limit
};

// What one block offers one para: the rooms it could support in and the
// duties it could keep there (bit k for kDuties[k]).
struct BlockOffer {
  int block = 0;
  bool works = false;
  unsigned duties = 0;
  std::vector<RoomCandidates> rooms;
};

struct ParaDay {
  int para = 0;
  int group_limit = 1;
  unsigned required = 0;  // the duties the day must hold
  std::vector<BlockOffer> blocks;
};

// The dense form of the relaxed model: entries are (need, qualified para)
// pairs, each with its mu; pairs are (student, para) with their entries.
class Relaxation {
 public:
  explicit Relaxation(const Problem& problem) : problem_(problem), index_(problem) {
    const std::size_t needs = problem.needs.size();
    entry_need_.reserve(needs * 4);
    first_entry_.assign(needs + 1, 0);
    std::map<std::pair<int, int>, int> pair_of;
    for (std::size_t n = 0; n < needs; ++n) {
      first_entry_[n] = static_cast<int>(entry_need_.size());
      if (!index_.coverable[n]) continue;
      for (int para : index_.qualified[n]) {
        const auto [it, inserted] =
            pair_of.try_emplace({index_.student[n], para}, static_cast<int>(pair_entries_.size()));
        if (inserted) pair_entries_.emplace_back();
        pair_entries_[At(it->second)].push_back(static_cast<int>(entry_need_.size()));
        entry_pair_.push_back(it->second);
        entry_need_.push_back(static_cast<int>(n));
        entry_para_.push_back(para);
      }
    }
    first_entry_[needs] = static_cast<int>(entry_need_.size());
    const Weights& w = problem.weights;
    base_.assign(needs, 0);
    for (std::size_t n = 0; n < needs; ++n) {
      const Need& need = problem.needs[n];
      base_[n] = need.one_to_one || need.safety ? w.one_to_one_or_safety : w.adult_support;
    }
    service_minutes_.assign(problem.services.size(), {});
    for (std::size_t k = 0; k < problem.services.size(); ++k) {
      const ServiceNeed& service = problem.services[k];
      if (service.minutes_per_week <= 0) continue;
      for (int need : service.needs) {
        const Need& n = problem.needs[At(need)];
        if (!index_.coverable[At(need)]) continue;
        if (problem.rooms[At(n.room)].setting != service.setting) continue;
        service_minutes_[k].push_back({need, problem.blocks[At(n.block)].span.Minutes()});
      }
    }
    BuildParaDays();
  }

  // The Lagrangian function at the current multipliers; fills the
  // subgradient. Valid as an upper bound for any lambda, mu >= 0 and
  // sigma in [0, cap].
  double Evaluate() {
    const Weights& w = problem_.weights;
    // Each entry's value to its para: the need's worth less its multipliers.
    std::vector<double> worth(base_);
    for (std::size_t k = 0; k < service_minutes_.size(); ++k) {
      const double cap = problem_.services[k].minutes_per_week;
      for (const auto& [need, minutes] : service_minutes_[k]) {
        worth[At(need)] += w.iep_minute * sigma_[k] / cap * minutes;
      }
    }
    value_.resize(entry_need_.size());
    for (std::size_t e = 0; e < entry_need_.size(); ++e) {
      const std::size_t n = At(entry_need_[e]);
      value_[e] = worth[n] - lambda_[n] - mu_[e];
    }
    double total = 0;
    for (std::size_t n = 0; n < lambda_.size(); ++n) total += lambda_[n];
    for (std::size_t k = 0; k < sigma_.size(); ++k) {
      total += w.iep_minute * (problem_.services[k].minutes_per_week - sigma_[k]);
    }
    chosen_.assign(entry_need_.size(), 0);
    for (const ParaDay& day : para_days_) total += SolveDay(day);
    pair_used_.assign(pair_entries_.size(), 0);
    for (std::size_t pair = 0; pair < pair_entries_.size(); ++pair) {
      double sum = -w.continuity;
      for (int e : pair_entries_[pair]) sum += mu_[At(e)];
      if (sum > 0) {
        total += sum;
        pair_used_[pair] = 1;
      }
    }
    return total;
  }

  // One subgradient step of length `scale` / |g|^2 * gap (Polyak).
  void Step(double gap, double theta) {
    std::vector<int> covered(problem_.needs.size(), 0);
    for (std::size_t e = 0; e < chosen_.size(); ++e) covered[At(entry_need_[e])] += chosen_[e];
    std::vector<double> sigma_gradient(sigma_.size(), 0);
    double norm = 0;
    for (std::size_t k = 0; k < service_minutes_.size(); ++k) {
      const double cap = problem_.services[k].minutes_per_week;
      if (cap <= 0) continue;
      double minutes = 0;
      for (const auto& [need, length] : service_minutes_[k]) {
        minutes += covered[At(need)] * static_cast<double>(length);
      }
      sigma_gradient[k] = problem_.weights.iep_minute * (minutes / cap - 1);
      norm += sigma_gradient[k] * sigma_gradient[k];
    }
    for (std::size_t n = 0; n < lambda_.size(); ++n) {
      if (first_entry_[n] == first_entry_[n + 1]) continue;
      const double g = 1.0 - covered[n];
      norm += g * g;
    }
    for (std::size_t e = 0; e < mu_.size(); ++e) {
      const double g = pair_used_[At(entry_pair_[e])] - chosen_[e];
      norm += g * g;
    }
    if (norm <= 0) return;
    const double step = theta * gap / norm;
    for (std::size_t n = 0; n < lambda_.size(); ++n) {
      if (first_entry_[n] == first_entry_[n + 1]) continue;
      lambda_[n] = std::max(0.0, lambda_[n] - step * (1.0 - covered[n]));
    }
    for (std::size_t e = 0; e < mu_.size(); ++e) {
      const double g = pair_used_[At(entry_pair_[e])] - chosen_[e];
      mu_[e] = std::max(0.0, mu_[e] - step * g);
    }
    for (std::size_t k = 0; k < sigma_.size(); ++k) {
      const double cap = problem_.services[k].minutes_per_week;
      sigma_[k] = std::clamp(sigma_[k] - step * sigma_gradient[k], 0.0, std::max(0.0, cap));
    }
  }

  void Start() {
    lambda_.assign(problem_.needs.size(), 0);
    sigma_.assign(problem_.services.size(), 0);
    // A pair's cost spread evenly over the needs it could cover: the z term
    // starts at zero and each entry carries its share.
    mu_.assign(entry_need_.size(), 0);
    for (const std::vector<int>& entries : pair_entries_) {
      for (int e : entries) {
        mu_[At(e)] = problem_.weights.continuity / static_cast<double>(entries.size());
      }
    }
    for (std::size_t k = 0; k < sigma_.size(); ++k) {
      sigma_[k] = std::max(0, problem_.services[k].minutes_per_week) / 2.0;
    }
  }

 private:
  void BuildParaDays() {
    std::vector<std::map<int, RoomCandidates>> rooms;
    for (std::size_t p = 0; p < problem_.paras.size(); ++p) {
      const Para& para = problem_.paras[p];
      for (const std::vector<int>& day : index_.days) {
        ParaDay para_day;
        para_day.para = static_cast<int>(p);
        para_day.group_limit = std::max(1, para.max_students);
        bool works = false;
        for (int block : day) {
          const Block& b = problem_.blocks[At(block)];
          BlockOffer offer;
          offer.block = block;
          offer.works = Works(para, b);
          works = works || offer.works;
          if (offer.works) {
            for (std::size_t k = 0; k < kDuties.size(); ++k) {
              const Duty duty = DutyOf(para, kDuties[k].first);
              if (duty.minutes > 0 && Fits(duty, b)) offer.duties |= 1u << k;
            }
            std::map<int, RoomCandidates> by_room;
            for (int need : index_.needs_of_para_block[p][At(block)]) {
              const Need& n = problem_.needs[At(need)];
              RoomCandidates& room = by_room[n.room];
              room.room = n.room;
              (n.one_to_one ? room.alone : room.shared).push_back(EntryOf(need, para_day.para));
            }
            for (auto& [room, candidates] : by_room) offer.rooms.push_back(std::move(candidates));
          }
          para_day.blocks.push_back(std::move(offer));
        }
        if (works) {
          for (std::size_t k = 0; k < kDuties.size(); ++k) {
            if (DutyOf(para, kDuties[k].first).minutes > 0) para_day.required |= 1u << k;
          }
        }
        para_days_.push_back(std::move(para_day));
      }
    }
  }

  int EntryOf(int need, int para) const {
    for (int e = first_entry_[At(need)]; e < first_entry_[At(need) + 1]; ++e) {
      if (entry_para_[At(e)] == para) return e;
    }
    return -1;  // unreachable: needs_of_para_block lists only qualified paras
  }

  // The para's best day at the current values; marks its groups' entries.
  double SolveDay(const ParaDay& day) {
    // Scratch kept between calls (a step solves every para-day). A room whose
    // best group is worth nothing is left out: being free there is as good,
    // since a room change costs only between two supported blocks.
    std::vector<DayBlock>& blocks = day_blocks_;
    blocks.resize(day.blocks.size());
    for (std::size_t k = 0; k < day.blocks.size(); ++k) {
      const BlockOffer& offer = day.blocks[k];
      blocks[k].works = offer.works;
      blocks[k].duties = offer.duties;
      std::size_t offered = 0;
      for (const RoomCandidates& candidates : offer.rooms) {
        if (offered == blocks[k].rooms.size()) blocks[k].rooms.emplace_back();
        DayRoom& room = blocks[k].rooms[offered];
        room.room = candidates.room;
        room.worth = BestGroup(candidates.alone, candidates.shared, value_, day.group_limit,
                               room.members);
        if (room.worth > 0) ++offered;
      }
      blocks[k].rooms.resize(offered);
    }
    const DayChoice choice = BestDay(blocks, day.required, problem_.weights.room_change);
    if (!choice.feasible) return 0;  // Validate refuses such a day
    for (std::size_t k = 0; k < blocks.size(); ++k) {
      if (choice.room[k] < 0) continue;
      for (int e : blocks[k].rooms[At(choice.room[k])].members) chosen_[At(e)] = 1;
    }
    return choice.worth;
  }

  const Problem& problem_;
  SolverIndex index_;
  std::vector<int> first_entry_;  // [need] -> first entry; [needs] = end
  std::vector<int> entry_need_, entry_para_, entry_pair_;
  std::vector<std::vector<int>> pair_entries_;
  std::vector<double> base_;
  std::vector<std::vector<std::pair<int, int>>> service_minutes_;  // [service] -> (need, minutes)
  std::vector<ParaDay> para_days_;
  std::vector<double> lambda_, mu_, sigma_;
  std::vector<double> value_;
  std::vector<char> chosen_, pair_used_;
  std::vector<DayBlock> day_blocks_;  // SolveDay's scratch
};

}  // namespace

Result<BoundResult> LagrangianBound(const Problem& problem, const BoundOptions& options) {
  if (auto problems = Validate(problem); !problems.empty()) {
    return Fail(Error::Invalid("the scheduling problem is not valid", std::move(problems)));
  }
  const auto start = Clock::now();
  Relaxation relaxation(problem);
  relaxation.Start();
  BoundResult result;
  result.bound = std::numeric_limits<double>::infinity();
  double theta = 1.0;
  int since_improvement = 0;
  for (int iteration = 0; iteration < options.iterations; ++iteration) {
    const double value = relaxation.Evaluate();
    ++result.iterations;
    if (value < result.bound - 1e-9) {
      result.bound = value;
      since_improvement = 0;
    } else if (++since_improvement >= 100) {
      theta /= 2;
      since_improvement = 0;
    }
    const double seconds = std::chrono::duration<double>(Clock::now() - start).count();
    if (seconds >= options.seconds || theta < 1e-6) break;
    // Without a known plan the step aims a little below the best bound.
    const double target =
        options.known_objective > 0 ? options.known_objective : 0.99 * result.bound;
    relaxation.Step(std::max(value - target, 1e-6 * std::abs(value)), theta);
  }
  result.seconds = std::chrono::duration<double>(Clock::now() - start).count();
  return result;
}

}  // namespace paraplan::schedule
