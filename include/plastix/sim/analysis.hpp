// Analyses: results computed after a run from the network (its initial and final weights) and its recordings,
// described by [[analysis]] tables (sim/network.hpp analysis_spec). Each adds metrics and one table to the results.
//
//   principal_component  projection from a rate_gaussian population (covariance C) onto a rate population;
//                        w = the weights onto post neuron `neuron` (indexed by pre neuron), e1 = the unit
//                        eigenvector of C's largest eigenvalue:
//     metrics angle_deg        angle between w and ±e1 at the end of the run [deg], in [0, 90] (the sign of a
//                              principal component is arbitrary)
//             angle_deg_start  the same for the initial weights [deg]
//             norm_w           |w| at the end (Oja's rule: → 1/√α)
//             lambda_1, lambda_2  the two largest eigenvalues of C
//     table   t_s, angle_deg, norm_w: one row per sample of the weights monitor `weights` (at 0, interval, ...),
//             or two rows (start, end) without one
//   pattern_responses    projection from a rate_patterns population onto a rate population; the steady-state
//                        response of post neuron `neuron` to pattern k is f(Σ_j w_j·p_kj + bias) (its transfer
//                        function, neuron/rate.hpp), with the weights before and after the run:
//     metrics selectivity         1 − mean_k r_k / max_k r_k of the responses after the run (Bienenstock, Cooper &
//                                 Munro 1982); 0 when no response is positive
//             selectivity_before  the same before the run
//             preferred_pattern   the pattern with the largest response after the run
//     table   pattern, response_before, response_after
#pragma once
#include <vector>

#include "plastix/record/monitors.hpp"
#include "plastix/sim/simulation.hpp"

namespace plastix {

class analyses {
 public:
  // Before the run: remembers the initial weights of the analysed projections.
  explicit analyses(const simulation& sim);
  // After the run (and after collect_results): adds the metrics and tables of every analysis to `results`.
  void finish(const simulation& sim, run_results& results) const;

 private:
  std::vector<std::vector<double>> w_start_;  // per analysis: weights onto its neuron, by pre neuron
};

// The weights onto post neuron `post` of `proj`, as a vector over the pre neurons (0 where unconnected; summed
// over multiple synapses of one pair).
std::vector<double> weights_onto(const projection& proj, std::uint32_t post);

}  // namespace plastix
