// Rate-based Hebbian rules, for projections between rate populations (neuron/rate.hpp). x_j is the presynaptic
// rate, y_i the postsynaptic rate and w_ij the weight, all dimensionless. Every rule is one weight-change term F
// on the same update schedule (one rule type in hebbian.cpp, composed from a term and a schedule):
//   hebb        F = x·y                                    Hebb 1949; Dayan & Abbott 2001, eq. 8.3
//   oja         F = y·(x − α·y·w)                          Oja 1982 (α = 1): |w|² → 1/α, w → first principal component
//   bcm         F = x·y·(y − θ),  τ_θ dθ/dt = y²/y0 − θ    Bienenstock, Cooper & Munro 1982; sliding threshold as the
//                                                          temporal average of y² (Intrator & Cooper 1992, θ = E[y²];
//                                                          y0 sets its scale, Dayan & Abbott 2001, eq. 8.12)
//   covariance  F = (x − ⟨x⟩)·(y − ⟨y⟩),  τ_avg d⟨x⟩/dt = x − ⟨x⟩ (same for y)    Sejnowski 1977
// Schedule: the rule updates every step (interval = 0) or every `interval`, at the end of the step, with the rates
// of that step (step 6, after the rates of the step have been computed). With the update period Δt:
//   continuous form (tau_w > 0):  τ_w dw/dt = F, forward Euler: Δw = (Δt/τ_w)·F
//   discrete form (eta > 0):      Δw = η·F per update (the learning rate of Oja 1982's discrete algorithm)
// then w is clipped to [w_min, w_max] (default: unbounded). The running averages (θ, ⟨x⟩, ⟨y⟩) are updated after
// the weights, as exact exponential averages over Δt of the values at the update: a ← s + (a − s)·e^{−Δt/τ}; each
// starts at the value of its first sample (θ = y²/y0, ⟨x⟩ = x, ⟨y⟩ = y), so a rule does not begin with a transient.
#pragma once
#include <limits>
#include <memory>
#include <span>
#include <string>

#include "plastix/spec/catalogue.hpp"
#include "plastix/spec/rule_factory.hpp"
#include "plastix/spec/rules/weight_bounds.hpp"

namespace plastix {

// The learning rate and update schedule shared by the rate rules.
struct rate_learning {
  double tau_w = 1000.0;  // learning time constant [ms] (continuous form); 0 = use eta
  double eta = 0.0;       // learning rate per update [1] (discrete form); used when tau_w = 0
  double interval = 0.0;  // update period [ms]; 0 = every step
  double w_min = -std::numeric_limits<double>::infinity();  // lower bound [1]
  double w_max = std::numeric_limits<double>::infinity();   // upper bound [1]

  static const declaration<rate_learning>& declare();
};

// The learning part of every rate rule. Giving `eta` in a file sets tau_w to 0 (the reader; both is an error).
inline const declaration<rate_learning>& rate_learning::declare() {
  using p = rate_learning;
  const bounds finite_non_negative = bounds::in(0.0, std::numeric_limits<double>::infinity(), false, true);
  static const auto d =
      declaration<p>("part", "rate_learning", "the learning rate and update schedule of the rate rules")
          .quantity("tau_w", &p::tau_w, dimension::time, finite_non_negative,
                    "learning time constant: tau_w dw/dt = F (continuous form)")
          .number("eta", &p::eta, finite_non_negative, "learning rate per update: Δw = eta·F (discrete form), instead of `tau_w`")
          .quantity("interval", &p::interval, dimension::time, finite_non_negative, "update period; 0 = every step")
          .weight("w_min", &p::w_min, bounds::any(), "lower hard bound (a plain number: rate weights have no unit)")
          .weight("w_max", &p::w_max, bounds::any(), "upper hard bound")
          .require([](const p& l) -> key_problem {
            if (!(l.tau_w > 0.0 && l.eta > 0.0)) return {};
            return {"tau_w", "tau_w (" + format_value(l.tau_w, dimension::time) + ") and eta (" +
                                 format_value(l.eta, dimension::dimensionless) +
                                 ") both set; give one: tau_w for dw/dt = F/tau_w, eta for Δw = eta·F per update"};
          })
          .require([](const p& l) -> key_problem {
            if (!(l.tau_w == 0.0 && l.eta == 0.0)) return {};
            return {"tau_w", "tau_w must be > 0 ms (or give a learning rate eta > 0 instead)"};
          })
          .require(bounds_in_order<p>);
  return d;
}

// A rate rule's declaration: its family, its rate_learning part (member `learning`) and rates(). Every key may change
// during a run: the running averages (θ, ⟨x⟩, ⟨y⟩) carry on and relax with the new time constant from the next update
// on (plasticity/hebbian.cpp).
template <class P>
declaration<P> rate_rule(const char* doc) {
  declaration<P> d("rule", P::name, doc);
  d.part(&P::learning, rate_learning::declare()).rates().changes_during_run();
  return d;
}

struct hebb_params {
  static constexpr const char* name = "hebb";
  rate_learning learning;

  static const declaration<hebb_params>& declare() {
    static const auto d = rate_rule<hebb_params>("plain Hebbian rate rule F = x·y (Hebb 1949; Dayan & Abbott 2001, eq. 8.3)");
    return d;
  }
};

struct oja_params {
  static constexpr const char* name = "oja";
  rate_learning learning;
  double alpha = 1.0;  // decay factor [1]; the weight norm converges to 1/√α

  static const declaration<oja_params>& declare() {
    static const auto d = rate_rule<oja_params>("Oja's rule F = y·(x − α·y·w) (Oja 1982)")
                              .number("alpha", &oja_params::alpha, bounds::positive(),
                                      "decay factor: the weight norm converges to 1/√alpha");
    return d;
  }
};

struct bcm_params {
  static constexpr const char* name = "bcm";
  rate_learning learning;
  double tau_theta = 100.0;  // time constant of the sliding threshold [ms]
  double y0 = 1.0;           // scale of the threshold: θ → ⟨y²⟩/y0 [1]

  static const declaration<bcm_params>& declare() {
    static const auto d =
        rate_rule<bcm_params>("BCM rule F = x·y·(y − θ), sliding threshold (Bienenstock, Cooper & Munro 1982)")
            .quantity("tau_theta", &bcm_params::tau_theta, dimension::time, bounds::positive(),
                      "time constant of the sliding threshold θ")
            .number("y0", &bcm_params::y0, bounds::positive(), "scale of the threshold: θ → ⟨y²⟩/y0")
            .state("theta", state_scope::per_neuron, dimension::dimensionless,
                   "θ, the sliding threshold of each post neuron (running average of y²/y0)");
    return d;
  }
};

struct covariance_params {
  static constexpr const char* name = "covariance";
  rate_learning learning;
  double tau_avg = 100.0;  // time constant of the running averages ⟨x⟩, ⟨y⟩ [ms]

  static const declaration<covariance_params>& declare() {
    static const auto d =
        rate_rule<covariance_params>("covariance rule F = (x − ⟨x⟩)·(y − ⟨y⟩) (Sejnowski 1977)")
            .quantity("tau_avg", &covariance_params::tau_avg, dimension::time, bounds::positive(),
                      "time constant of the running averages ⟨x⟩, ⟨y⟩")
            .state("x_avg", state_scope::per_pre, dimension::dimensionless, "⟨x⟩, running average of each pre rate")
            .state("y_avg", state_scope::per_neuron, dimension::dimensionless, "⟨y⟩, running average of each post rate");
    return d;
  }
};

// The rules' factories (spec/rule_factory.hpp; defined in plasticity/).
std::unique_ptr<plasticity_rule> build_rule(const hebb_params& p, rule_context& ctx);
std::unique_ptr<plasticity_rule> build_rule(const oja_params& p, rule_context& ctx);
std::unique_ptr<plasticity_rule> build_rule(const bcm_params& p, rule_context& ctx);
std::unique_ptr<plasticity_rule> build_rule(const covariance_params& p, rule_context& ctx);

}  // namespace plastix
