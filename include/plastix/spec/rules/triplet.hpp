// Triplet spike-timing-dependent plasticity, Pfister & Gerstner 2006 (J Neurosci 26:9673).
// Pre traces r1 (τ+), r2 (τx); post traces o1 (τ−), o2 (τy).
//   pre spike:  w −= f−(w) · o1 · [A2− + A3− · r2(t−)]
//   post spike: w += f+(w) · r1 · [A2+ + A3+ · o2(t−)]
// (the slow trace is read before its own increment). Traces jump by 1 (all-to-all) or reset to 1 (nearest).
// With the additive weight dependence (the default) the amplitudes are the paper's, in weight units.
#pragma once
#include <memory>
#include <string>
#include <vector>

#include "plastix/spec/catalogue.hpp"
#include "plastix/spec/rules/fixed_reasons.hpp"
#include "plastix/spec/rule_factory.hpp"
#include "plastix/spec/rules/pairing.hpp"
#include "plastix/spec/rules/weight_dependence.hpp"

namespace plastix {

struct triplet_params {
  static constexpr const char* name = "triplet";
  double tau_plus = 16.8;   // r1 [ms]
  double tau_minus = 33.7;  // o1 [ms]
  double tau_x = 101.0;     // r2 [ms]
  double tau_y = 125.0;     // o2 [ms]
  double a2_plus = 5e-10, a3_plus = 6.2e-3, a2_minus = 7e-3, a3_minus = 2.3e-4;  // [1]
  pairing scheme = pairing::all_to_all;
  weight_dependence dependence;

  // Published parameter sets (Pfister & Gerstner 2006, Table 4, "full" models fitted to visual cortex data of
  // Sjöström et al. 2001): "visual_cortex_all_to_all", "visual_cortex_nearest". Throws plastix::error if unknown.
  static triplet_params preset(const std::string& name);
  static const std::vector<std::string>& preset_names();
  static const declaration<triplet_params>& declare();
};

inline const declaration<triplet_params>& triplet_params::declare() {
  using p = triplet_params;
  static const auto d =
      declaration<p>("rule", "triplet", "triplet STDP (Pfister & Gerstner 2006)")
          .quantity("tau_plus", &p::tau_plus, dimension::time, bounds::positive(), "τ+: pair trace r1 of the pre spikes")
          .quantity("tau_minus", &p::tau_minus, dimension::time, bounds::positive(), "τ−: pair trace o1 of the post spikes")
          .quantity("tau_x", &p::tau_x, dimension::time, bounds::positive(), "τx: triplet trace r2 of the pre spikes")
          .quantity("tau_y", &p::tau_y, dimension::time, bounds::positive(), "τy: triplet trace o2 of the post spikes")
          .number("a2_plus", &p::a2_plus, bounds::non_negative(), "A2+: pair potentiation amplitude")
          .number("a3_plus", &p::a3_plus, bounds::non_negative(), "A3+: triplet potentiation amplitude")
          .number("a2_minus", &p::a2_minus, bounds::non_negative(), "A2−: pair depression amplitude")
          .number("a3_minus", &p::a3_minus, bounds::non_negative(), "A3−: triplet depression amplitude")
          .choice("pairing", &p::scheme, pairing_names(), pairing_doc)
          .part(&p::dependence, weight_dependence::declare())
          .presets(preset_names(), &p::preset)
          .state("r1", state_scope::per_pre, dimension::dimensionless, "presynaptic pair trace (τ+)")
          .state("r2", state_scope::per_pre, dimension::dimensionless, "presynaptic triplet trace (τx)")
          .state("o1", state_scope::per_neuron, dimension::dimensionless, "postsynaptic pair trace (τ−)")
          .state("o2", state_scope::per_neuron, dimension::dimensionless, "postsynaptic triplet trace (τy)")
          .fixed_during_run({"tau_plus", "tau_minus", "tau_x", "tau_y", "pairing"}, fixed_reason::trace)
          .learning_rates({"a2_plus", "a3_plus", "a2_minus", "a3_minus"});
  return d;
}

// The rule' factory (spec/rule_factory.hpp; defined in plasticity/).
std::unique_ptr<plasticity_rule> build_rule(const triplet_params& p, rule_context& ctx);

}  // namespace plastix
