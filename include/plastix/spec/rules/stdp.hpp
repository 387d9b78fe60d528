// Pair-based spike-timing-dependent plasticity (Bi & Poo 1998; Song, Miller & Abbott 2000), with traces
// (Morrison, Diesmann & Gerstner 2008). For a pre/post pair Δt = t_post − t_pre:
//   Δt ≥ 0: Δw = +A+ · f+(w) · e^{−Δt/τ+}        Δt < 0: Δw = −A− · f−(w) · e^{Δt/τ−}
// implemented as: on a post spike w += A+ f+(w) x_pre; on a pre spike w −= A− f−(w) y_post, where x_pre (τ+) and
// y_post (τ−) are traces that jump by 1 (all-to-all) or are reset to 1 (nearest-spike) at each spike.
// A pre and a post spike in the same step count as Δt = 0: potentiation by A+ f+(w) (pre is seen first).
// Defaults: τ+ = 16.8 ms, τ− = 33.7 ms (Bi & Poo 2001 fit), A+ = 0.01, A− = 0.0105.
#pragma once
#include <memory>

#include "plastix/spec/catalogue.hpp"
#include "plastix/spec/rules/fixed_reasons.hpp"
#include "plastix/spec/rule_factory.hpp"
#include "plastix/spec/rules/stdp_pairing.hpp"

namespace plastix {

// The keys and defaults are those of the shared part (spec/rules/stdp_pairing.hpp).
struct stdp_params : stdp_pairing {
  static constexpr const char* name = "stdp";

  static const declaration<stdp_params>& declare();
};

inline const declaration<stdp_params>& stdp_params::declare() {
  using p = stdp_params;
  static const auto d =
      declaration<p>("rule", "stdp", "pair-based STDP (Song, Miller & Abbott 2000; windows of Bi & Poo 2001)")
          .base(stdp_pairing::declare())
          .state("x_pre", state_scope::per_pre, dimension::dimensionless,
                 "presynaptic trace (time constant tau_plus), read by potentiation at a post spike")
          .state("y_post", state_scope::per_neuron, dimension::dimensionless,
                 "postsynaptic trace (time constant tau_minus), read by depression at a pre spike")
          .fixed_during_run({"tau_plus", "tau_minus", "pairing"}, fixed_reason::trace)
          .learning_rates({"a_plus", "a_minus"});
  return d;
}

// The rule's factory (spec/rule_factory.hpp; defined in plasticity/).
std::unique_ptr<plasticity_rule> build_rule(const stdp_params& p, rule_context& ctx);

}  // namespace plastix
