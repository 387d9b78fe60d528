// Choices per block ([[analysis]] type = "choices"): the trials of a modulator's group reward conditions
// (sim/reward_trials.hpp; Izhikevich 2007's instrumental conditioning) read as a two-choice task. Group A is the
// `group` of the modulator's first group condition with a positive amount and B its `versus`; a trial of another condition whose `group` is
// B (a reversal: B is rewarded when it beats A) counts its spikes the other way round. A trial is correct when its
// condition held (a reward was drawn). Trials of conditions with an amount <= 0 (punishments: a dip of the level
// when the wrong group wins) are left out: each trial is counted once, by its reward condition.
// Table <table>: one row per block, a block being up to `trials_per_block` consecutive trials of one phase run (0:
// all trials of the phase run):
//   block        1, 2, ...
//   phase        index of the phase run, 1, 2, ... (run order)
//   t_s          the block's first trigger [s]
//   trials       trials in the block
//   correct      fraction of them rewarded
//   a_wins, b_wins   fraction in which A fired more than B, B more than A
//   a_count, b_count mean spikes of A and of B per trial
// Table <table>_trials: one row per trial: t_s, block, a_count, b_count, correct (0 or 1).
// Metrics: correct_first (the first block's correct), correct_last (the last block's), trials.
#pragma once
#include <cstdint>
#include <vector>

#include "plastix/record/monitors.hpp"
#include "plastix/sim/reward_trials.hpp"
#include "plastix/spec/experiment.hpp"

namespace plastix {

struct choice_tables {
  table blocks, trials;
};

// The two tables of `trials` of modulator `m` (time step dt [ms]).
choice_tables choices_tables(const std::vector<reward_trial>& trials, const modulator_spec& m, double dt,
                             std::uint32_t trials_per_block);

// Adds the tables a.table and a.table + "_trials" and the metrics to `results`.
void choices_analysis(const analysis_spec& a, const experiment_spec& spec, const std::vector<reward_trial>& trials,
                      run_results& results);

}  // namespace plastix
