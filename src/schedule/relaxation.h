// The weekly model with the couplings between paras moved into the
// objective by Lagrangian multipliers: "each need is covered at most once"
// (lambda per need), "a student-para pair counts once it covers any need"
// (mu per need and qualified para) and each service's IEP minute cap (sigma
// per service, the cap taken as the mix (1 - sigma/cap) * cap + sigma/cap *
// minutes; a covered block's minutes count once, for the service whose
// sigma/cap is highest among those that list it). What is left splits into one problem per para and
// day, solved exactly by BestDay: where the para is, which duties are kept, the best group in each
// room and the room changes between adjacent blocks. For any multipliers the sum is an upper bound
// on every plan's objective; subgradient steps lower it (LagrangianBound). At the multipliers, each
// para-day's best day also says where its duties cost the least, taking
// into account what every other para can cover (Solve). The busiest-load
// term is left out (it only lowers an objective). Internal to src/schedule.
#pragma once

#include <vector>

#include "schedule/para_day.h"
#include "schedule/problem.h"
#include "schedule/solver_state.h"

namespace paraplan::schedule {

class Relaxation {
 public:
  // `problem` and `index` (its SolverIndex) must outlive the relaxation.
  Relaxation(const Problem& problem, const SolverIndex& index);

  // Multipliers at their starting values: each pair's continuity cost
  // spread evenly over the needs it could cover, each service's sigma at
  // half its cap, and each need's lambda at `need_price` times the need's
  // value without minutes (0: no price yet).
  void Start(double need_price = 0);

  // The Lagrangian function at the current multipliers, with the para-days
  // solved on up to `threads` threads (the result does not depend on the
  // number); keeps what Step and Duties need.
  double Evaluate(int threads = 1);

  // One subgradient step of length `theta` * `gap` / |g|^2 (Polyak), from
  // the last Evaluate.
  void Step(double gap, double theta);

  // [para][block]: the duty (index into kDuties) each para-day kept in the
  // block in the last Evaluate, or -1. A para-day whose required duties
  // cannot all be kept keeps none.
  const std::vector<std::vector<int>>& Duties() const { return duty_; }

 private:
  // The candidates of one para in one block and room: entries (need, para)
  // of the para-day's `entries`, one-to-one needs in [first, middle) (each
  // a group alone) and the others in [middle, last), sharing the para up
  // to the group limit.
  struct RoomCandidates {
    int room = 0;
    std::size_t first = 0, middle = 0, last = 0;
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
    std::vector<int> entries;
  };

  void BuildParaDays();
  int EntryOf(int need, int para) const;
  // The para's best day at the current values: marks its groups' entries
  // and records its duties. `blocks` is scratch.
  double SolveDay(const ParaDay& day, std::vector<DayBlock>& blocks);

  const Problem& problem_;
  const SolverIndex& index_;
  // The dense form: entries are (need, qualified para) pairs, each with its
  // mu; pairs are (student, para) with their entries.
  std::vector<int> first_entry_;  // [need] -> first entry; [needs] = end
  std::vector<int> entry_need_, entry_para_, entry_pair_;
  std::vector<int> pair_first_;    // [pair] -> first of its entries in pair_entries_; [pairs] = end
  std::vector<int> pair_entries_;  // entries grouped by pair
  std::vector<double> base_;
  std::vector<std::vector<std::pair<int, int>>> service_minutes_;  // [service] -> (need, minutes)
  std::vector<ParaDay> para_days_;
  std::vector<double> lambda_, mu_, sigma_;
  std::vector<int> best_service_;  // [need] the service its minutes count for, or -1
  std::vector<double> value_;
  std::vector<char> chosen_, pair_used_;
  std::vector<double> day_worth_;                 // [para-day] its best day's worth
  std::vector<std::vector<int>> duty_;            // [para][block], see Duties
  std::vector<std::vector<DayBlock>> scratch_;    // [thread] SolveDay's scratch
};

}  // namespace paraplan::schedule
