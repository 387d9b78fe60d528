// The firing pattern of a neuron under a current step ([[analysis]] type = "firing_pattern"), after the taxonomy
// of Markram et al. 2004 that Naud, Marcille, Clopath & Gerstner 2008 (Biol Cybern 99:335) reproduce with AdEx:
// how the response starts (tonic, initial burst, delayed) and how it goes on (tonic, adapting, accelerating,
// bursting, irregular, transient). From a spikes monitor: neuron `neuron` of it, the spikes in the first run of
// phase `phase` (the step), times t_1 < t_2 < ... from the phase's start, ISIs I_k = t_{k+1} − t_k [ms].
//   spikes            their number
//   latency_ms        t_1 (0 without a spike)
//   isi_first_ms      I_1 (0 with fewer than 2 spikes)
//   isi_steady_ms     the mean ISI of the steady state: of the spikes in the second half of the phase (0 with
//                     fewer than 2 there)
//   isi_ratio         isi_steady_ms / isi_first_ms: > 1 adapting, < 1 accelerating (0 when either is)
//   adaptation_index  A = 1/(N − k − 1) Σ_{i=k+1}^{N−1} (I_i − I_{i−1})/(I_i + I_{i−1}) over the N − 1 ISIs of the N
//                     spikes, k = min(4, ⌊(N − 1)/5⌋) ISIs left out (Druckmann et al. 2007's accommodation index;
//                     0 with fewer than k + 2 ISIs): 0 tonic, > 0 adapting, < 0 accelerating
//   isi_jump          the largest ratio I_{k+1}/I_k of two consecutive ISIs among the first four (an initial burst; 0
//                     with fewer than 3 ISIs)
//   pattern           the class, by this criterion (pattern_names() in order; the table's labels name it):
//     silent       no spike;
//     transient    fewer than 2 spikes in the second half of the phase (it fires, then stops);
//     otherwise, with S the steady ISIs (those between spikes of the second half):
//     regular bursting  max S / min S ≥ 2 and S repeats with a period p of 2 to 6 ISIs
//                  (max_k |S_{k+p} − S_k| ≤ 0.1·mean S, with at least two periods of S);
//     irregular    max S / min S ≥ 2 and no such period;
//     initial burst  max S / min S < 2 and isi_jump ≥ 3 (a few fast spikes, then a sudden pause, then regular);
//     adapting     max S / min S < 2 and isi_ratio ≥ 1.25;   accelerating   … isi_ratio ≤ 0.8;   tonic   otherwise;
//     with "delayed " in front when latency_ms > 2·mean S (the first spike comes later than two steady ISIs).
// Several firing_pattern analyses may write into one table (default "firing_patterns"), one row each in file order:
// condition (1, 2, ...; labelled by the spikes monitor's name), the columns above. Metrics
// firing_pattern.<spikes> (the class), spikes.<spikes>, latency_ms.<spikes>.
#pragma once
#include <span>
#include <string>
#include <vector>

#include "plastix/record/monitors.hpp"
#include "plastix/spec/experiment.hpp"

namespace plastix {

// The class names, in the order of the codes of the `pattern` column.
const std::vector<std::string>& pattern_names();

struct firing_pattern {
  double spikes = 0.0, latency_ms = 0.0, isi_first_ms = 0.0, isi_steady_ms = 0.0, isi_ratio = 0.0;
  double adaptation_index = 0.0, isi_jump = 0.0;
  std::size_t pattern = 0;  // index into pattern_names()
};

// The pattern of spike times [ms from the step's onset] in a step of `duration` ms.
firing_pattern classify_firing(std::span<const double> times, double duration);

void firing_pattern_analysis(const analysis_spec& a, const experiment_spec& spec, run_results& results);

}  // namespace plastix
