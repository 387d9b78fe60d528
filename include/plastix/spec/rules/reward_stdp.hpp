// Reward-modulated STDP with a reward-prediction error (R-STDP; Frémaux, Sprekeler & Gerstner 2010, J Neurosci
// 30:13326; the R-max family of Florian 2007 and Izhikevich 2007): STDP writes a per-synapse eligibility e and the
// weight follows the reward minus the expected reward,
//   de/dt = −e/τe + STDP(pre, post)        dw/dt = η·(R(t) − R̄(t))·e(t),   dR̄/dt = (R − R̄)/τ̄.
// R is the level of a [[modulator]] (the success signal: a reward is a jump of the level, e.g. from
// [[modulator.reward]] or a schedule, decaying with the modulator's tau); R̄ is its running mean, the critic's
// estimate of the expected reward (one for the whole projection: Frémaux et al. show that the unsupervised bias
// vanishes only if R̄ is the expected reward of the current stimulus, which a single running mean gives when one
// task is learned at a time). Without the subtraction (dopamine_stdp) the rule also learns the plain STDP
// correlations; with it, only the covariance of eligibility and reward.
// STDP as in the stdp rule (spec/rules/stdp_pairing.hpp). The three-factor form M = R − R̄ of
// plasticity/three_factor.hpp, integrated exactly between events; w is clipped to [w_min, w_max].
#pragma once
#include <memory>
#include <string>

#include "plastix/spec/catalogue.hpp"
#include "plastix/spec/rule_factory.hpp"
#include "plastix/spec/rules/fixed_reasons.hpp"
#include "plastix/spec/rules/stdp_pairing.hpp"

namespace plastix {

struct rule_site;

struct reward_stdp_params : stdp_pairing {
  static constexpr const char* name = "reward_stdp";
  double tau_e = 500.0;           // eligibility time constant τe [ms]
  double eta = 1.0;               // η: weight change per eligibility, reward and time [1/(uM·ms)]
  double tau_mean = 10000.0;      // τ̄ of the running mean of the reward [ms]
  double initial_mean = 0.0;      // R̄ at t = 0 [uM]
  double update_interval = 1000.0;  // weights brought up to date at least this often [ms] (monitors see them)
  std::string modulator = "dopamine";  // the [[modulator]] read (signal name)

  reward_stdp_params() {  // a symmetric window (Frémaux et al. 2010)
    tau_plus = 20.0;
    tau_minus = 20.0;
    a_plus = 1.0;
    a_minus = 1.0;
  }
  static const declaration<reward_stdp_params>& declare();
};

inline const declaration<reward_stdp_params>& reward_stdp_params::declare() {
  using p = reward_stdp_params;
  static const auto d =
      declaration<p>("rule", "reward_stdp",
                     "reward-modulated STDP with a reward-prediction error (Frémaux, Sprekeler & Gerstner 2010)")
          .extra("modulator", value_type::choice, dimension::dimensionless, bounds::any(),
                 "the [[modulator]] whose level is the reward R (default `dopamine`)")
          .base(stdp_pairing::declare())
          .quantity("tau_e", &p::tau_e, dimension::time, bounds::positive(), "eligibility time constant τe")
          .number("eta", &p::eta, bounds::any(), "η in dw/dt = η·(R − R̄)·e, per uM per ms")
          .quantity("tau_mean", &p::tau_mean, dimension::time, bounds::positive(),
                    "τ̄ of the running mean R̄ of the reward (must differ from the modulator's tau)")
          .quantity("initial_mean", &p::initial_mean, dimension::concentration, bounds::any(), "R̄ at the start")
          .quantity("update_interval", &p::update_interval, dimension::time, bounds::positive(),
                    "every synapse is brought up to date at least this often (exact: only what monitors see)")
          .state("e", state_scope::per_synapse, dimension::dimensionless, "eligibility trace e (in the unit of a_plus)")
          .state("x_pre", state_scope::per_pre, dimension::dimensionless, "presynaptic trace (tau_plus)")
          .state("y_post", state_scope::per_neuron, dimension::dimensionless, "postsynaptic trace (tau_minus)")
          .fixed_during_run({"tau_plus", "tau_minus", "pairing"}, fixed_reason::trace)
          .fixed_during_run({"tau_mean"}, "the running mean is integrated with it from the start")
          .fixed_during_run({"initial_mean"}, fixed_reason::start_state)
          .learning_rates({"eta"});
  return d;
}

// The rule's factory (spec/rule_factory.hpp; defined in plasticity/).
std::unique_ptr<plasticity_rule> build_rule(const reward_stdp_params& p, rule_context& ctx);

// The modulator it reads must exist, and its tau differ from tau_mean (spec/rule_checks.cpp).
void check_in(const reward_stdp_params& p, const rule_site& site);

}  // namespace plastix
