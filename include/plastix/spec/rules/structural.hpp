// Structural plasticity: synapses are removed and created during a run (docs/models/structural.md).
// Weight-dependent pruning of weak synapses and creation toward a target number of inputs per neuron, the
// homeostatic structural plasticity of Butz & van Ooyen 2013 (PLoS Comput Biol 9:e1003259) and Deger, Helias,
// Rotter & Diesmann 2012 (PLoS Comput Biol 8:e1002689), with the weight-dependent stability of spines (Knoblauch
// et al. 2014; large spines persist for months: Trachtenberg et al. 2002, Nature 420:788; Holtmaat et al. 2005,
// Neuron 45:279). Optionally, spine sizes fluctuate without activity as a multiplicative (log-normal)
// Ornstein–Uhlenbeck process (Loewenstein, Kuras & Rumpel 2011, J Neurosci 31:9481; Yasumatsu et al. 2008).
// Every slow step Δ (on_slow), for each post neuron i in turn, from its own Philox stream
// (seed, purpose::structural, hash of the projection's name, i):
//   1. fluctuation (tau_fluct > 0): y = ln(w/w_median) → y e^{−Δ/τf} + σf √(1 − e^{−2Δ/τf}) ξ  (exact OU step);
//   2. pruning: each synapse onto i is removed with probability 1 − e^{−Δ r(w)},
//        r(w) = (1/tau_prune) · 1/(1 + e^{(w − w_prune)/w_width})   (w_width = 0: a step, 1/tau_prune below
//                                                                    w_prune, half of it at w_prune, 0 above);
//   3. creation: each of the target − k_i missing synapses appears with probability 1 − e^{−Δ/tau_create}, from a
//      pre neuron drawn uniformly among those not yet connected to i (no autapses unless allowed), with a weight
//      and delay drawn from `weight` and `delay` (by default the projection's distributions; the delay is rounded
//      to the nearest delay the projection has);
//   4. the projection is rewired once for all post neurons (projection::rewire).
// Bookkeeping for the turnover table: the step at which each synapse was created, and per report interval the
// number of synapses, created, removed, the fraction of the synapses present at the interval's start that are
// gone at its end (lost) and the fraction present at its end that were created during it (new).
#pragma once
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "plastix/core/distribution.hpp"
#include "plastix/spec/catalogue.hpp"
#include "plastix/spec/rule_factory.hpp"

namespace plastix {

struct structural_params {
  static constexpr const char* name = "structural";
  double interval = 3.6e6;       // slow step Δ [ms] (1 h)
  // Pruning
  double tau_prune = 8.64e7;     // 1/r for w ≪ w_prune: mean lifetime of a weak synapse [ms] (1 day)
  double w_prune = 0.0;          // weight at which the removal rate is half its maximum [nS, pA or 1]
  double w_width = 0.0;          // width of the sigmoid [same unit]; 0 = step
  // Creation
  double target = 0.0;           // synapses per post neuron; 0 = the projection's initial mean in-degree
  double tau_create = 8.64e7;    // mean time until a missing synapse is created [ms] (1 day)
  std::optional<distribution> weight;  // of new synapses; default (fill_defaults): the projection's weight
  std::optional<distribution> delay;   // of new synapses [ms]; default: the projection's delay
  bool autapses = false;         // allow i → i when pre and post are the same population
  // Activity-independent fluctuation of spine size (off when tau_fluct = 0)
  double tau_fluct = 0.0;        // relaxation time of ln w [ms]
  double sigma_fluct = 0.0;      // stationary standard deviation of ln w [1]
  double w_median = 1.0;         // stationary median of w [weight unit]
  // Turnover table
  double report_interval = 2.592e9;  // [ms] (30 days)
  std::string table = "turnover";    // name of the result table

  static const declaration<structural_params>& declare();
};

// The distributions `weight` and `delay` of new synapses and the table's name are read beside the declared keys
// (io/read_plasticity.cpp).
inline const declaration<structural_params>& structural_params::declare() {
  using p = structural_params;
  const auto t = dimension::time;
  static const auto d =
      declaration<p>("rule", "structural", "structural plasticity: activity-dependent pruning and creation of synapses")
          .quantity("interval", &p::interval, t, bounds::positive(),
                    "slow step Δ: how often synapses are pruned, created and fluctuate")
          .quantity("tau_prune", &p::tau_prune, t, bounds::positive(),
                    "1 / maximal removal rate: mean lifetime of a synapse far below `w_prune`")
          .weight("w_prune", &p::w_prune, bounds::any(), "weight at which the removal rate is half its maximum")
          .weight("w_width", &p::w_width, bounds::non_negative(),
                  "width of the sigmoid r(w) = 1/τ · 1/(1 + e^{(w − w_prune)/w_width}); 0 = a step")
          .number("target", &p::target, bounds::non_negative(),
                  "synapses per post neuron that creation restores; 0 = the initial mean in-degree")
          .quantity("tau_create", &p::tau_create, t, bounds::positive(), "mean time until a missing synapse is created")
          .flag("autapses", &p::autapses, "allow i → i when pre and post are the same population")
          .quantity("tau_fluct", &p::tau_fluct, t, bounds::non_negative(),
                    "relaxation time of ln w (spine-size fluctuation); 0 = off")
          .number("sigma_fluct", &p::sigma_fluct, bounds::non_negative(), "stationary standard deviation of ln w")
          .weight("w_median", &p::w_median, bounds::any(), "stationary median of w; > 0 when tau_fluct > 0")
          .quantity("report_interval", &p::report_interval, t, bounds::positive(),
                    "one row of the turnover table per interval")
          .require([](const p& s) -> key_problem {
            if (!(s.tau_fluct > 0.0) || s.w_median > 0.0) return {};
            return {"w_median", "w_median must be > 0 when tau_fluct > 0 (spine sizes fluctuate around it), got " +
                                    format_value(s.w_median, dimension::dimensionless)};
          })
          .state("t_created", state_scope::per_synapse, t, "when the synapse was created (0 for the initial synapses)")
          .rewires()
          .changes_during_run();
  return d;
}

struct rule_site;
// Checked against the whole experiment (src/spec/rule_checks.cpp): the pre population offers `target` candidates.
void check_in(const structural_params& p, const rule_site& site);

// The rule' factory (spec/rule_factory.hpp; defined in plasticity/).
std::unique_ptr<plasticity_rule> build_rule(const structural_params& p, rule_context& ctx);

}  // namespace plastix
