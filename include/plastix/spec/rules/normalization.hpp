// Weight normalisation (Diehl & Cook 2015, Front Comput Neurosci 9:99, "Homeostasis"; after von der Malsburg 1973):
// the weights of this rule's projection onto each post neuron i are scaled, all by one factor, so that they sum to
// `total`:
//   w_ij ← w_ij · total / Σ_j w_ij        (a neuron whose weights sum to 0 is left as it is)
// once when the rule is built and then every `interval` on the slow clock (on_slow). Diehl & Cook normalise before
// each image (interval = presentation + rest) to 78 for 784 inputs (0.1 per input on average). Competition between
// a neuron's synapses follows: what STDP adds to some is taken from the others.
#pragma once
#include <memory>

#include "plastix/spec/catalogue.hpp"
#include "plastix/spec/rule_factory.hpp"

namespace plastix {

struct normalization_params {
  static constexpr const char* name = "normalization";
  double total = 78.0;       // Σ_j w_ij for every post neuron i [weight unit]
  double interval = 500.0;   // slow clock interval [ms]

  static const declaration<normalization_params>& declare();
};

inline const declaration<normalization_params>& normalization_params::declare() {
  using p = normalization_params;
  static const auto d =
      declaration<p>("rule", "normalization",
                     "each post neuron's incoming weights scaled to a fixed sum (Diehl & Cook 2015)")
          .weight("total", &p::total, bounds::positive(), "the sum of the weights onto each post neuron")
          .quantity("interval", &p::interval, dimension::time, bounds::positive(),
                    "slow-clock interval: how often the weights are normalised")
          .fixed_during_run({"total"}, "the weights are normalised to it when the rule is built");
  return d;
}

// The rule's factory (spec/rule_factory.hpp; defined in plasticity/normalization.cpp).
std::unique_ptr<plasticity_rule> build_rule(const normalization_params& p, rule_context& ctx);

}  // namespace plastix
