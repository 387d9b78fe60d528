// Overlap of two representations ([[analysis]] type = "overlap"): how alike the activity of one population is in two
// phases (e.g. the responses to two similar input patterns; pattern separation, Marr 1971, Aimone et al. 2011).
// From a spikes monitor, the activity vector of each phase is every recorded neuron's rate over the phase
// (from `delay` after its start to its end) [Hz]; with x, y the vectors of the two phases:
//   overlap      x·y / (|x|·|y|)               normalized dot product (cosine), in [0, 1]; 0 if a vector is 0
//   correlation  Pearson's r of x and y, in [−1, 1]; 0 if a vector is constant
//   active_1/2   fraction of the population's neurons at ≥ active_rate in the first / second phase
// Several overlap analyses may write into one table (default "overlap"), one row each in file order: condition
// (1, 2, ...), overlap, correlation, active_1, active_2. Metrics overlap.<spikes>, overlap_correlation.<spikes>.
#pragma once
#include "plastix/record/monitors.hpp"
#include "plastix/spec/experiment.hpp"

namespace plastix {

void overlap_analysis(const analysis_spec& a, const experiment_spec& spec, run_results& results);

}  // namespace plastix
