// Inhibitory spike-timing-dependent plasticity (Vogels, Sprekeler, Zenke, Clopath & Gerstner 2011, Science
// 334:1569): a symmetric rule on inhibitory synapses that balances excitation and holds the post neuron at a target
// rate ρ0. With traces x_pre, x_post (τ, all-to-all: +1 per spike, e^{−t/τ} decay):
//   pre spike (arriving at the synapse):  w += η·(x_post − α)
//   post spike:                           w += η·x_pre
//   α = 2·ρ0·τ  (depression per pre spike; a post rate ρ0 balances it: ⟨Δw⟩ = 0 for uncorrelated spikes)
// then w is clipped to [w_min, w_max]. A pre and a post spike in the same step count as Δt = 0 once (the pre event
// is seen first and reads x_post without that post spike; the post event reads x_pre with it). Delays as for stdp
// (rule.hpp). Defaults: τ = 20 ms, ρ0 = 3 Hz (models.md), η = 0.001 weight units.
#pragma once
#include <limits>
#include <memory>

#include "plastix/spec/catalogue.hpp"
#include "plastix/spec/rules/fixed_reasons.hpp"
#include "plastix/spec/rule_factory.hpp"
#include "plastix/spec/rules/weight_bounds.hpp"

namespace plastix {

struct istdp_params {
  static constexpr const char* name = "istdp";
  double tau = 20.0;          // trace time constant τ_STDP [ms]
  double eta = 0.001;         // learning rate η [weight unit: nS or pA]
  double target_rate = 3.0;   // ρ0 [Hz]
  double w_min = 0.0;         // [weight unit]
  double w_max = std::numeric_limits<double>::infinity();  // [weight unit]
  double alpha() const { return 2.0 * target_rate * 1e-3 * tau; }  // α = 2 ρ0 τ [1] (Hz·ms → 1e-3)

  static const declaration<istdp_params>& declare();
};

inline const declaration<istdp_params>& istdp_params::declare() {
  using p = istdp_params;
  static const auto d =
      declaration<p>("rule", "istdp", "inhibitory STDP that balances excitation (Vogels, Sprekeler, Zenke, Clopath & Gerstner 2011)")
          .quantity("tau", &p::tau, dimension::time, bounds::positive(), "trace time constant τ_STDP")
          .weight("eta", &p::eta, bounds::non_negative(), "learning rate η")
          .quantity("target_rate", &p::target_rate, dimension::frequency, bounds::non_negative(),
                    "ρ0, the post rate it holds")
          .weight("w_min", &p::w_min, bounds::any(), "lower hard bound")
          .weight("w_max", &p::w_max, bounds::any(), "upper hard bound")
          .require(bounds_in_order<p>)
          .state("x_pre", state_scope::per_pre, dimension::dimensionless, "x_j: the presynaptic trace (τ_STDP)")
          .state("x_post", state_scope::per_neuron, dimension::dimensionless, "x_i: the postsynaptic trace (τ_STDP)")
          .fixed_during_run({"tau"}, fixed_reason::trace)
          .learning_rates({"eta"});
  return d;
}

// The rule' factory (spec/rule_factory.hpp; defined in plasticity/).
std::unique_ptr<plasticity_rule> build_rule(const istdp_params& p, rule_context& ctx);

}  // namespace plastix
