// Dopamine-modulated STDP (Izhikevich 2007, "Solving the distal reward problem through linkage of STDP and dopamine
// signaling"): spike timing does not change the weight but a per-synapse eligibility trace c, and a neuromodulator
// d (a [[modulator]], read by name) turns c into weight change:
//   dc/dt = −c/τc + STDP(Δt)·δ(t − t_pre/post)        dw/dt = η·(b + d(t))·c(t)
// STDP as in the stdp rule (the shared part spec/rules/stdp_pairing.hpp), written into c: on a post spike
// c += A+ f+(w) x_pre, on a pre spike c −= A− f−(w) y_post; w is clipped to [w_min, w_max]. This is the
// neo-Hebbian three-factor form with M = b + d (plasticity/three_factor.hpp, which integrates it exactly between
// events over the pieces of the modulator's closed form, clipping where the drive changes sign).
// Izhikevich 2007: A+ = 0.1, A− = 0.15, τ± = 20 ms, τc = 1 s, b = 0.002 uM, τd = 0.2 s, w in [0, 4].
#pragma once
#include <memory>
#include <string>

#include "plastix/spec/catalogue.hpp"
#include "plastix/spec/rule_factory.hpp"
#include "plastix/spec/rules/fixed_reasons.hpp"
#include "plastix/spec/rules/stdp_pairing.hpp"

namespace plastix {

struct rule_site;

struct dopamine_stdp_params : stdp_pairing {
  static constexpr const char* name = "dopamine_stdp";
  double tau_c = 1000.0;      // eligibility time constant τc [ms]
  double eta = 1.0;           // η: weight change per eligibility, level and time [1/(uM·ms)]
  double baseline = 0.0;      // b, added to the modulator's level [uM]
  double update_interval = 10.0;  // weights brought up to date at least this often [ms] (monitors see them)
  std::string modulator = "dopamine";  // the [[modulator]] read (signal name)

  dopamine_stdp_params() {  // Izhikevich 2007's STDP
    tau_plus = 20.0;
    tau_minus = 20.0;
    a_plus = 0.1;
    a_minus = 0.15;
  }
  static const declaration<dopamine_stdp_params>& declare();
};

inline const declaration<dopamine_stdp_params>& dopamine_stdp_params::declare() {
  using p = dopamine_stdp_params;
  static const auto d =
      declaration<p>("rule", "dopamine_stdp",
                     "dopamine-modulated STDP with an eligibility trace per synapse (Izhikevich 2007)")
          .extra("modulator", value_type::choice, dimension::dimensionless, bounds::any(),
                 "the [[modulator]] whose level d gates the weight change (default `dopamine`)")
          .base(stdp_pairing::declare())
          .quantity("tau_c", &p::tau_c, dimension::time, bounds::positive(), "eligibility time constant τc")
          .number("eta", &p::eta, bounds::any(), "η in dw/dt = η·(b + d)·c, per uM per ms")
          .quantity("baseline", &p::baseline, dimension::concentration, bounds::any(),
                    "b, added to the level (Izhikevich 2007: 0.002 uM)")
          .quantity("update_interval", &p::update_interval, dimension::time, bounds::positive(),
                    "every synapse is brought up to date at least this often (exact: only what monitors see)")
          .state("c", state_scope::per_synapse, dimension::dimensionless,
                 "eligibility trace c (in the unit of a_plus)")
          .state("x_pre", state_scope::per_pre, dimension::dimensionless, "presynaptic trace (tau_plus)")
          .state("y_post", state_scope::per_neuron, dimension::dimensionless, "postsynaptic trace (tau_minus)")
          .fixed_during_run({"tau_plus", "tau_minus", "pairing"}, fixed_reason::trace)
          .learning_rates({"eta"});
  return d;
}

// The rule's factory (spec/rule_factory.hpp; defined in plasticity/).
std::unique_ptr<plasticity_rule> build_rule(const dopamine_stdp_params& p, rule_context& ctx);

// The modulator it reads must exist: `plastix check` names the rule's `modulator` key (spec/rule_checks.cpp).
void check_in(const dopamine_stdp_params& p, const rule_site& site);

}  // namespace plastix
