// Ocular dominance ([[analysis]] type = "ocular_dominance"): how strongly each post neuron of a projection is driven
// by each of two eyes, from its summed weights, at the start of the run and at the end of every phase run
// (experiments/ocular_dominance.toml; docs/models/development.md). The pre neurons [0, first_eye) are the first,
// contralateral eye (C), the rest the second, ipsilateral eye (I). Per post neuron i:
//   W_C = Σ_{j < first_eye} w_ij,  W_I = Σ_{j >= first_eye} w_ij
//   ODI = (W_C − W_I) / (W_C + W_I)  in [−1, 1]: +1 driven by the contralateral eye alone, −1 by the ipsilateral
//         (0 when W_C + W_I <= 0)
//   class 1 … 7: the Hubel & Wiesel (1962) ocular dominance groups, ODI in seven equal bins from +1 (class 1,
//         contralateral only) to −1 (class 7, ipsilateral only): class = 1 + min(6, floor((1 − ODI)·7/2)).
// Table <table>: one row per snapshot (phase 0: the start of the run; phase k: the end of phase run k, run order):
//   phase, t_s, odi_mean, odi_sd (population standard deviation), w_contra, w_ipsi (mean W_C, W_I), class_1 …
//   class_7 (fraction of the post neurons in each class).
// Metrics: odi_mean_start, odi_mean_end.
#pragma once
#include <cstdint>
#include <vector>

#include "plastix/record/monitors.hpp"
#include "plastix/spec/experiment.hpp"

namespace plastix {

class projection;

// One snapshot: the time [ms] and W_C, W_I of every post neuron.
struct ocular_dominance_snapshot {
  double t_ms = 0.0;
  std::vector<double> w_contra, w_ipsi;
};

// The eyes' summed weights onto each post neuron of `proj` now.
ocular_dominance_snapshot ocular_dominance_now(const projection& proj, std::uint32_t first_eye, double t_ms);

// The ocular dominance index of one neuron and its class (1 … 7).
double ocular_dominance_index(double w_contra, double w_ipsi);
int ocular_dominance_class(double odi);

// Adds the table a.table (one row per snapshot, in order) and the metrics to `results`.
void ocular_dominance_analysis(const analysis_spec& a, const std::vector<ocular_dominance_snapshot>& snapshots,
                               run_results& results);

}  // namespace plastix
