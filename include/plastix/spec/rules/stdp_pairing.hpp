// The pair-based STDP part shared by every rule that pairs spikes by traces (stdp, dopamine_stdp, reward_stdp):
// for a pre/post pair Δt = t_post − t_pre the pairing term is
//   Δt ≥ 0: +A+ · f+(w) · e^{−Δt/τ+}        Δt < 0: −A− · f−(w) · e^{Δt/τ−}
// computed by traces (Morrison, Diesmann & Gerstner 2008): on a post spike +A+ f+(w) x_pre, on a pre spike
// −A− f−(w) y_post, where x_pre (τ+) and y_post (τ−) jump by 1 (all_to_all) or are reset to 1 (nearest) at each
// spike. stdp adds the term to the weight; the three-factor rules add it to an eligibility trace
// (plasticity/three_factor.hpp). A rule derives its parameters from this struct and declares it with
// declaration::base, so the keys are declared once; a rule may change the defaults in its constructor.
#pragma once

#include "plastix/spec/catalogue.hpp"
#include "plastix/spec/rules/pairing.hpp"
#include "plastix/spec/rules/weight_dependence.hpp"

namespace plastix {

struct stdp_pairing {
  double tau_plus = 16.8;   // potentiation window τ+ [ms] (Bi & Poo 2001 fit)
  double tau_minus = 33.7;  // depression window τ− [ms]
  double a_plus = 0.01;     // potentiation amplitude A+ [1 or weight unit]
  double a_minus = 0.0105;  // depression amplitude A− [1 or weight unit]
  pairing scheme = pairing::all_to_all;
  weight_dependence dependence;

  static const declaration<stdp_pairing>& declare();
};

inline const declaration<stdp_pairing>& stdp_pairing::declare() {
  using p = stdp_pairing;
  static const auto d =
      declaration<p>("part", "stdp_pairing", "pair-based STDP by traces")
          .quantity("tau_plus", &p::tau_plus, dimension::time, bounds::positive(), "potentiation window τ+")
          .quantity("tau_minus", &p::tau_minus, dimension::time, bounds::positive(), "depression window τ−")
          .number("a_plus", &p::a_plus, bounds::non_negative(),
                  "potentiation amplitude A+ (three-factor rules: written into the eligibility)")
          .number("a_minus", &p::a_minus, bounds::non_negative(),
                  "depression amplitude A− (three-factor rules: written into the eligibility)")
          .choice("pairing", &p::scheme, pairing_names(), pairing_doc)
          .part(&p::dependence, weight_dependence::declare());
  return d;
}

}  // namespace plastix
