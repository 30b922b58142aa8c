#include "schedule/relaxation.h"

#include <algorithm>
#include <span>
#include <thread>

namespace paraplan::schedule {

Relaxation::Relaxation(const Problem& problem, const SolverIndex& index)
    : problem_(problem), index_(index) {
  const std::size_t needs = problem.needs.size();
  entry_need_.reserve(needs * 4);
  first_entry_.assign(needs + 1, 0);
  const std::size_t paras = problem.paras.size();
  std::vector<int> pair_of(At(index_.students) * paras, -1);  // [student * paras + para]
  int pairs = 0;
  for (std::size_t n = 0; n < needs; ++n) {
    first_entry_[n] = static_cast<int>(entry_need_.size());
    if (!index_.coverable[n]) continue;
    for (int para : index_.qualified[n]) {
      int& pair = pair_of[At(index_.student[n]) * paras + At(para)];
      if (pair < 0) pair = pairs++;
      entry_pair_.push_back(pair);
      entry_need_.push_back(static_cast<int>(n));
      entry_para_.push_back(para);
    }
  }
  first_entry_[needs] = static_cast<int>(entry_need_.size());
  // Each pair's entries, by counting.
  pair_first_.assign(At(pairs) + 1, 0);
  for (int pair : entry_pair_) ++pair_first_[At(pair) + 1];
  for (std::size_t pair = 0; pair < At(pairs); ++pair) pair_first_[pair + 1] += pair_first_[pair];
  pair_entries_.resize(entry_pair_.size());
  std::vector<int> filled(pair_first_.begin(), pair_first_.end() - 1);
  for (std::size_t e = 0; e < entry_pair_.size(); ++e) {
    pair_entries_[At(filled[At(entry_pair_[e])]++)] = static_cast<int>(e);
  }
  const Weights& w = problem.weights;
  base_.assign(needs, 0);
  for (std::size_t n = 0; n < needs; ++n) {
    const Need& need = problem.needs[n];
    base_[n] = need.one_to_one || need.safety ? w.one_to_one_or_safety : w.adult_support;
  }
  service_minutes_.assign(problem.services.size(), {});
  for (std::size_t k = 0; k < problem.services.size(); ++k) {
    const ServiceNeed& service = problem.services[k];
    if (service.MinutesDue() <= 0) continue;
    for (int need : service.needs) {
      const Need& n = problem.needs[At(need)];
      if (!index_.coverable[At(need)]) continue;
      if (problem.rooms[At(n.room)].setting != service.setting) continue;
      service_minutes_[k].push_back({need, problem.blocks[At(n.block)].span.Minutes()});
    }
  }
  BuildParaDays();
}

void Relaxation::Start(double need_price) {
  lambda_.assign(problem_.needs.size(), 0);
  for (std::size_t n = 0; n < lambda_.size(); ++n) {
    if (first_entry_[n] < first_entry_[n + 1]) lambda_[n] = need_price * base_[n];
  }
  sigma_.assign(problem_.services.size(), 0);
  // A pair's cost spread evenly over the needs it could cover: the z term
  // starts at zero and each entry carries its share.
  mu_.assign(entry_need_.size(), 0);
  for (std::size_t pair = 0; pair + 1 < pair_first_.size(); ++pair) {
    const int entries = pair_first_[pair + 1] - pair_first_[pair];
    for (int k = pair_first_[pair]; k < pair_first_[pair + 1]; ++k) {
      mu_[At(pair_entries_[At(k)])] = problem_.weights.continuity / static_cast<double>(entries);
    }
  }
  for (std::size_t k = 0; k < sigma_.size(); ++k) {
    sigma_[k] = std::max(0, problem_.services[k].MinutesDue()) / 2.0;
  }
}

double Relaxation::Evaluate(int threads) {
  const Weights& w = problem_.weights;
  // Each entry's value to its para: the need's worth less its multipliers.
  // A covered block's minutes count once, for the service whose cap's
  // multiplier pays the most (the first such service, when several do).
  std::vector<double> worth(base_);
  std::vector<double> rate(problem_.needs.size(), 0);
  best_service_.assign(problem_.needs.size(), -1);
  for (std::size_t k = 0; k < service_minutes_.size(); ++k) {
    const double cap = problem_.services[k].MinutesDue();
    for (const auto& [need, minutes] : service_minutes_[k]) {
      if (best_service_[At(need)] < 0 || sigma_[k] / cap > rate[At(need)]) {
        rate[At(need)] = sigma_[k] / cap;
        best_service_[At(need)] = static_cast<int>(k);
      }
    }
  }
  for (std::size_t n = 0; n < worth.size(); ++n) {
    if (best_service_[n] < 0) continue;
    worth[n] += w.iep_minute * rate[n] * index_.minutes_of_need[n];
  }
  value_.resize(entry_need_.size());
  for (std::size_t e = 0; e < entry_need_.size(); ++e) {
    const std::size_t n = At(entry_need_[e]);
    value_[e] = worth[n] - lambda_[n] - mu_[e];
  }
  double total = 0;
  for (std::size_t n = 0; n < lambda_.size(); ++n) total += lambda_[n];
  for (std::size_t k = 0; k < sigma_.size(); ++k) {
    total += w.iep_minute * (problem_.services[k].MinutesDue() - sigma_[k]);
  }
  // Para-days write only their own entries and duties, so they split
  // across threads; their worths are added in one order whatever the split.
  chosen_.assign(entry_need_.size(), 0);
  day_worth_.assign(para_days_.size(), 0);
  const std::size_t shares = static_cast<std::size_t>(std::max(1, threads));
  scratch_.resize(shares);
  auto solve_share = [&](std::size_t share) {
    for (std::size_t d = share; d < para_days_.size(); d += shares) {
      day_worth_[d] = SolveDay(para_days_[d], scratch_[share]);
    }
  };
  {
    std::vector<std::jthread> helpers;
    for (std::size_t share = 1; share < shares; ++share) helpers.emplace_back(solve_share, share);
    solve_share(0);
  }
  for (double day : day_worth_) total += day;
  pair_used_.assign(pair_first_.size() - 1, 0);
  for (std::size_t pair = 0; pair + 1 < pair_first_.size(); ++pair) {
    double sum = -w.continuity;
    for (int k = pair_first_[pair]; k < pair_first_[pair + 1]; ++k) {
      sum += mu_[At(pair_entries_[At(k)])];
    }
    if (sum > 0) {
      total += sum;
      pair_used_[pair] = 1;
    }
  }
  return total;
}

void Relaxation::Step(double gap, double theta) {
  std::vector<int> covered(problem_.needs.size(), 0);
  for (std::size_t e = 0; e < chosen_.size(); ++e) covered[At(entry_need_[e])] += chosen_[e];
  std::vector<double> sigma_gradient(sigma_.size(), 0);
  double norm = 0;
  for (std::size_t k = 0; k < service_minutes_.size(); ++k) {
    const double cap = problem_.services[k].MinutesDue();
    if (cap <= 0) continue;
    double minutes = 0;
    for (const auto& [need, length] : service_minutes_[k]) {
      if (best_service_[At(need)] != static_cast<int>(k)) continue;
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
    const double cap = problem_.services[k].MinutesDue();
    sigma_[k] = std::clamp(sigma_[k] - step * sigma_gradient[k], 0.0, std::max(0.0, cap));
  }
}

void Relaxation::BuildParaDays() {
  duty_.assign(problem_.paras.size(), std::vector<int>(problem_.blocks.size(), -1));
  para_days_.reserve(problem_.paras.size() * index_.days.size());
  std::vector<int> needs;
  for (std::size_t p = 0; p < problem_.paras.size(); ++p) {
    const Para& para = problem_.paras[p];
    for (const std::vector<int>& day : index_.days) {
      ParaDay& para_day = para_days_.emplace_back();
      para_day.para = static_cast<int>(p);
      para_day.group_limit = std::max(1, para.max_students);
      bool works = false;
      for (int block : day) {
        const Block& b = problem_.blocks[At(block)];
        BlockOffer& offer = para_day.blocks.emplace_back();
        offer.block = block;
        offer.works = Works(para, b);
        works = works || offer.works;
        if (!offer.works) continue;
        for (std::size_t k = 0; k < kDuties.size(); ++k) {
          const Duty duty = DutyOf(para, kDuties[k].first);
          if (duty.minutes > 0 && Fits(duty, b)) offer.duties |= 1u << k;
        }
        // The para's needs in the block by room, one-to-one ones first.
        needs = index_.needs_of_para_block[p][At(block)];
        std::stable_sort(needs.begin(), needs.end(), [&](int a, int c) {
          const Need& x = problem_.needs[At(a)];
          const Need& y = problem_.needs[At(c)];
          return x.room != y.room ? x.room < y.room : x.one_to_one && !y.one_to_one;
        });
        for (std::size_t i = 0; i < needs.size();) {
          RoomCandidates& room = offer.rooms.emplace_back();
          room.room = problem_.needs[At(needs[i])].room;
          room.first = para_day.entries.size();
          room.middle = room.first;
          for (; i < needs.size() && problem_.needs[At(needs[i])].room == room.room; ++i) {
            if (problem_.needs[At(needs[i])].one_to_one) ++room.middle;
            para_day.entries.push_back(EntryOf(needs[i], para_day.para));
          }
          room.last = para_day.entries.size();
        }
      }
      if (works) para_day.required = RequiredDuties(para);
    }
  }
}

int Relaxation::EntryOf(int need, int para) const {
  for (int e = first_entry_[At(need)]; e < first_entry_[At(need) + 1]; ++e) {
    if (entry_para_[At(e)] == para) return e;
  }
  return -1;  // unreachable: needs_of_para_block lists only qualified paras
}

double Relaxation::SolveDay(const ParaDay& day, std::vector<DayBlock>& blocks) {
  // A room whose best group is worth nothing is left out: being free there
  // is as good, since a room change costs only between two supported blocks.
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
      const std::span<const int> entries(day.entries);
      room.worth = BestGroup(entries.subspan(candidates.first, candidates.middle - candidates.first),
                             entries.subspan(candidates.middle, candidates.last - candidates.middle),
                             value_, day.group_limit, room.members);
      if (room.worth > 0) ++offered;
    }
    blocks[k].rooms.resize(offered);
  }
  const DayChoice choice = BestDay(blocks, day.required, problem_.weights.room_change);
  std::vector<int>& duties = duty_[At(day.para)];
  for (std::size_t k = 0; k < blocks.size(); ++k) {
    duties[At(day.blocks[k].block)] = choice.feasible ? choice.duty[k] : -1;
  }
  if (!choice.feasible) return 0;  // Validate refuses such a day
  for (std::size_t k = 0; k < blocks.size(); ++k) {
    if (choice.room[k] < 0) continue;
    for (int e : blocks[k].rooms[At(choice.room[k])].members) chosen_[At(e)] = 1;
  }
  return choice.worth;
}

}  // namespace paraplan::schedule
