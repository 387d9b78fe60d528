// Parallel fibre → Purkinje cell plasticity with a delayed eligibility window and a climbing-fibre error signal, the
// rule of cerebellar models of eyeblink conditioning (Marr 1969; Albus 1971; Ito 2001; Medina & Mauk 2000, Nat.
// Neurosci. 3:1205, "Computer simulation of cerebellar information processing"). The eligibility of a synapse
// peaks some 100–150 ms after its parallel fibre spike (Wang, Denk & Häusser 2000; Safo & Regehr 2008): a
// difference of exponentials of the time since each PF spike t_j (as it reaches the synapse, after the delay),
//   e(t) = Σ_j k(t − t_j),   k(s) = (e^{−s/τd} − e^{−s/τr}) / k_peak   (s ≥ 0; k(0) = 0, max k = 1 at
//   s* = τr·τd/(τd − τr)·ln(τd/τr)), kept as two shared pre traces x_d − x_r (τd > τr, all-to-all),
// and a spike of the climbing fibre of Purkinje cell i (population `climbing_fibre`: its neuron i, or its only neuron
// for every Purkinje cell) depresses each synapse onto i by its eligibility then (LTD):
//   CF spike of cell i:       w_ij −= a_ltd·e_j(t)
//   PF spike reaching j → i:  w_ij += a_ltp            (slow LTP of PF activity without CF; Lev-Ram et al. 2003)
// w is clipped to [w_min, w_max]. A PF spike in the step of a CF spike adds nothing to that CF's LTD (k(0) = 0).
// Defaults τr = 80 ms, τd = 200 ms give the peak at s* = 122 ms; a_ltd/a_ltp sets the eligibility above which a
// PF–CF pairing depresses on balance.
#pragma once
#include <cmath>
#include <memory>
#include <string>

#include "plastix/spec/catalogue.hpp"
#include "plastix/spec/rule_factory.hpp"
#include "plastix/spec/rules/fixed_reasons.hpp"
#include "plastix/spec/rules/weight_bounds.hpp"

namespace plastix {

struct rule_site;

struct pf_purkinje_params {
  static constexpr const char* name = "pf_purkinje";
  std::string climbing_fibre;  // the climbing-fibre population (one neuron per Purkinje cell, or one for all)
  double tau_rise = 80.0;      // τr, rise of the eligibility kernel [ms]
  double tau_decay = 200.0;    // τd, decay of the eligibility kernel [ms] (> τr)
  double a_ltd = 0.1;          // depression per climbing-fibre spike at eligibility 1 [weight unit]
  double a_ltp = 0.01;         // potentiation per parallel-fibre spike [weight unit]
  double w_min = 0.0;          // [weight unit]
  double w_max = 1.0;          // [weight unit]

  // s* = τr·τd/(τd − τr)·ln(τd/τr): the delay of the kernel's peak [ms].
  double peak_delay() const { return tau_rise * tau_decay / (tau_decay - tau_rise) * std::log(tau_decay / tau_rise); }
  // 1/k_peak: the factor that makes the kernel's peak 1 [1].
  double kernel_scale() const {
    const double s = peak_delay();
    return 1.0 / (std::exp(-s / tau_decay) - std::exp(-s / tau_rise));
  }

  static const declaration<pf_purkinje_params>& declare();
};

// τr < τd: the kernel rises with τr and decays with τd.
inline key_problem rise_before_decay(const pf_purkinje_params& p) {
  if (p.tau_rise < p.tau_decay) return {};
  return {"tau_rise", "tau_rise must be below tau_decay, got tau_rise = " + format_value(p.tau_rise, dimension::time) +
                          " and tau_decay = " + format_value(p.tau_decay, dimension::time)};
}

inline const declaration<pf_purkinje_params>& pf_purkinje_params::declare() {
  using p = pf_purkinje_params;
  static const auto d =
      declaration<p>("rule", "pf_purkinje",
                     "parallel fibre → Purkinje LTD by climbing-fibre spikes in a delayed eligibility window, slow LTP "
                     "otherwise (Medina & Mauk 2000)")
          .extra("climbing_fibre", value_type::choice, dimension::dimensionless, bounds::any(),
                 "the climbing-fibre population: neuron i signals the error of Purkinje cell i, or one neuron for all "
                 "(required)")
          .quantity("tau_rise", &p::tau_rise, dimension::time, bounds::positive(), "rise τr of the eligibility kernel")
          .quantity("tau_decay", &p::tau_decay, dimension::time, bounds::positive(),
                    "decay τd of the eligibility kernel (peak at τr·τd/(τd − τr)·ln(τd/τr))")
          .weight("a_ltd", &p::a_ltd, bounds::non_negative(), "depression per climbing-fibre spike at eligibility 1")
          .weight("a_ltp", &p::a_ltp, bounds::non_negative(), "potentiation per parallel-fibre spike")
          .weight("w_min", &p::w_min, bounds::any(), "lower hard bound")
          .weight("w_max", &p::w_max, bounds::any(), "upper hard bound")
          .require(bounds_in_order<p>)
          .require(rise_before_decay)
          .state("eligibility", state_scope::per_pre, dimension::dimensionless,
                 "e_j: the eligibility of the parallel fibre's synapses (peak 1 after one spike)")
          .fixed_during_run({"tau_rise", "tau_decay"}, fixed_reason::trace)
          .learning_rates({"a_ltd", "a_ltp"});
  return d;
}

// The rule's factory (spec/rule_factory.hpp; defined in plasticity/pf_purkinje.cpp).
std::unique_ptr<plasticity_rule> build_rule(const pf_purkinje_params& p, rule_context& ctx);

// The climbing-fibre population must exist, spike, and have one neuron per Purkinje cell or one in all
// (spec/rule_checks.cpp).
void check_in(const pf_purkinje_params& p, const rule_site& site);

}  // namespace plastix
