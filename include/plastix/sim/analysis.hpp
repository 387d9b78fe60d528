// Analyses: results computed after a run from the network (its initial and final weights) and its recordings,
// described by [[analysis]] tables (spec/experiment.hpp analysis_spec). Each adds metrics and one table to the results.
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
//   weight_scaling       any projection without structural plasticity: every weight at the end of the run against
//                        its value "before" (at the start of the run, or of phase `phase`). Synaptic scaling
//                        (Turrigiano et al. 1998) is multiplicative: a line through 0, correlation 1. Least squares
//                        w_after = slope·w_before + intercept, Pearson correlation r:
//     metrics scaling_slope.<projection>, scaling_intercept.<projection>, scaling_correlation.<projection>
//     table   one row per weight_scaling analysis writing into it, in file order: condition (1, 2, ...), slope,
//             intercept, correlation, mean_w_before, mean_w_after; and <table>_weights: condition, w_before,
//             w_after of up to 500 evenly spaced synapses per analysis (the scatter)
#pragma once
#include <vector>

#include "plastix/record/monitors.hpp"
#include "plastix/sim/ocular_dominance.hpp"
#include "plastix/sim/simulation.hpp"

namespace plastix {

class analyses {
 public:
  // Before the run: remembers the initial weights of the analysed projections.
  explicit analyses(const simulation& sim);
  // Before each phase runs: weight_scaling analyses of that phase remember the weights; an ocular_dominance
  // analysis takes its snapshot (the end of the phase before).
  void start_phase(const simulation& sim, const phase_spec& phase);
  // After the run (and after collect_results): adds the metrics and tables of every analysis to `results`.
  void finish(const simulation& sim, run_results& results) const;
  // Checkpoints (core/state_visitor.hpp): the weights remembered so far and the ocular dominance snapshots.
  void visit_state(state_visitor& v);

 private:
  std::vector<ocular_dominance_snapshot> od_snapshots_;  // the ocular_dominance analysis's, at each phase start
  std::vector<std::vector<double>> w_start_;  // per analysis: weights onto its neuron, by pre neuron (weight_scaling:
                                              // every weight of the projection, by synapse)
};

// The weights onto post neuron `post` of `proj`, as a vector over the pre neurons (0 where unconnected; summed
// over multiple synapses of one pair).
std::vector<double> weights_onto(const projection& proj, std::uint32_t post);

}  // namespace plastix
