// Conditioned responses per block of trials ([[analysis]] type = "conditioned_response"; keys:
// spec/conditioned_response.hpp): classical (eyeblink) conditioning read from the spikes of the output population (the
// deep cerebellar nucleus; Medina & Mauk 2000). Trial k has its CS onset at c_k = first_cs + k·trial_interval, for
// every k whose trial (up to c_k + peak_end, or the next trial's baseline window) ends within the run. Per trial:
//   baseline rate  r_b: the population's mean rate in [c_k − baseline, c_k) [Hz]
//   CR amplitude   a_k = (mean rate in [c_k + window_start, c_k + isi)) − r_b [Hz]; a CR when a_k >= threshold.
// Blocks: up to `trials_per_block` consecutive trials whose onsets fall in one phase run (0: the phase run).
// Table <table>: one row per block:
//   block           1, 2, ...
//   phase           index of the phase run of its trials, 1, 2, ... (run order)
//   t_s             its first CS onset [s]
//   trials          trials in the block
//   cr_probability  fraction of its trials with a CR
//   cr_amplitude_hz mean a_k [Hz]
//   peak_ms         the CR peak time: centre of the largest bin of the block's PSTH (bins of `bin` from window_start
//                   to the peak's end) after CS onset [ms]
//   baseline_hz     mean r_b [Hz]
// Table <table>_psth: block, t_ms (bin centre after CS onset), rate_hz (mean over the block's trials and neurons),
//   from 0 to the peak's end.
// Metrics: cr_probability_first, cr_probability_last, cr_amplitude_last, cr_peak_ms_last, cr_trials (all trials).
#pragma once
#include <cstdint>
#include <vector>

#include "plastix/record/monitors.hpp"
#include "plastix/spec/experiment.hpp"

namespace plastix {

struct conditioned_response_result {
  table blocks, psth;
};

// The two tables from the spikes of a population of n neurons, recorded in a run of `end_step` steps of dt [ms] whose
// phase runs start at the steps phase_starts (ascending, first 0).
conditioned_response_result conditioned_response_tables(const spike_record& spikes, std::size_t n,
                                                        const analysis_spec& a, double dt,
                                                        const std::vector<std::int64_t>& phase_starts,
                                                        std::int64_t end_step);

// Adds the tables a.table, a.table + "_psth" and the metrics to `results`.
void conditioned_response_analysis(const analysis_spec& a, const experiment_spec& spec, run_results& results);

}  // namespace plastix
