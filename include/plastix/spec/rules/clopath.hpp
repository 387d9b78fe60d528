// Voltage-based STDP of Clopath, Büsing, Vasilaki & Gerstner 2010 (Nat Neurosci 13:344; reference code ModelDB
// 144566), without the homeostatic scaling of A_LTD:
//   LTD at each presynaptic spike (on_pre):      w −= a_ltd · [ū−(t − d) − θ−]+
//   LTP, continuous (on_step, Euler in dt):     dw/dt = a_ltp · x̄ · [v − θ+]+ · [ū+(t − d) − θ−]+
// ū± low-pass filter the post neuron's membrane potential v: dū±/dt = (v − ū±)/τ±, integrated exactly over each
// step from the step's v (ū±(k) = v(k) + (ū±(k−1) − v(k))·e^{−dt/τ±}); they are read with a delay d (default 3 ms
// as in the reference code, where the 2 ms spike clamp plus one 1 ms step pass before a spike enters the filtered
// value that gates it), rounded to whole steps and at least one step. ū± start at the post neuron's v at the first
// step the rule sees.
// x̄ is the presynaptic trace: it decays with τx and jumps by 1/τx at each presynaptic spike (per pre neuron and
// delay slot, the projection's shared pre trace of time constant τx divided by τx); in on_step of a step it
// includes that step's presynaptic spikes. v is the post population's state variable "v" after the step's
// integration (step 1), so a post spike held at the clamp voltage drives LTP for the whole clamp.
// Hard bounds: the weight is clipped to [w_min, w_max] after each change.
// The post population must have a membrane potential "v" (a neuron population; adex_clopath as published).
#pragma once
#include <memory>

#include "plastix/spec/catalogue.hpp"
#include "plastix/spec/rules/fixed_reasons.hpp"
#include "plastix/spec/rule_factory.hpp"
#include "plastix/spec/rules/weight_bounds.hpp"

namespace plastix {

struct clopath_params {
  static constexpr const char* name = "clopath";
  double a_ltd = 14e-5;         // depression amplitude [weight unit / mV]
  double a_ltp = 8e-5;          // potentiation amplitude [weight unit / mV²] (x̄ is in 1/ms)
  double theta_minus = -70.6;   // θ−: depression threshold, also gates LTP through ū+ [mV]
  double theta_plus = -45.3;    // θ+: potentiation threshold on v [mV]
  double tau_minus = 10.0;      // τ−: filter of ū− [ms]
  double tau_plus = 7.0;        // τ+: filter of ū+ [ms]
  double tau_x = 15.0;          // τx: presynaptic trace [ms]
  double delay = 3.0;           // d: delay with which ū± are read [ms]
  double w_min = 0.0;           // lower hard bound [weight unit]
  double w_max = 1.0;           // upper hard bound [weight unit]

  static const declaration<clopath_params>& declare();
};

inline const declaration<clopath_params>& clopath_params::declare() {
  using p = clopath_params;
  const auto t = dimension::time, v = dimension::voltage;
  static const auto d =
      declaration<p>("rule", "clopath", "voltage-based STDP (Clopath, Büsing, Vasilaki & Gerstner 2010)")
          .number("a_ltd", &p::a_ltd, bounds::non_negative(), "depression amplitude [weight unit per mV]")
          .number("a_ltp", &p::a_ltp, bounds::non_negative(), "potentiation amplitude [weight unit per mV²]")
          .quantity("theta_minus", &p::theta_minus, v, bounds::any(), "θ−, threshold of ū− (LTD) and ū+ (LTP gate)")
          .quantity("theta_plus", &p::theta_plus, v, bounds::any(), "θ+, threshold of v (LTP)")
          .quantity("tau_minus", &p::tau_minus, t, bounds::positive(), "filter of ū−")
          .quantity("tau_plus", &p::tau_plus, t, bounds::positive(), "filter of ū+")
          .quantity("tau_x", &p::tau_x, t, bounds::positive(), "presynaptic trace x̄")
          .quantity("delay", &p::delay, t, bounds::non_negative(), "ū± are read this much earlier (at least one step)")
          .weight("w_min", &p::w_min, bounds::any(), "lower hard bound")
          .weight("w_max", &p::w_max, bounds::any(), "upper hard bound")
          .require(bounds_in_order<p>)
          .state("u_minus", state_scope::per_neuron, v, "ū−: the post membrane potential low-pass filtered with τ−")
          .state("u_plus", state_scope::per_neuron, v, "ū+: the post membrane potential low-pass filtered with τ+")
          .state("x_bar", state_scope::per_pre, dimension::frequency, "x̄: the presynaptic trace (jumps by 1/τx per spike)")
          .fixed_during_run({"tau_x", "tau_minus", "tau_plus", "delay"}, fixed_reason::filter)
          .learning_rates({"a_ltd", "a_ltp"});
  return d;
}

struct rule_site;
// Checked against the whole experiment (src/spec/rule_checks.cpp): the post population has a membrane potential
// filtered as adex_clopath's.
void check_in(const clopath_params& p, const rule_site& site);

// The rule' factory (spec/rule_factory.hpp; defined in plasticity/).
std::unique_ptr<plasticity_rule> build_rule(const clopath_params& p, rule_context& ctx);

}  // namespace plastix
