// Reward-modulated STDP with a reward-prediction error (Frémaux, Sprekeler & Gerstner 2010; equations:
// spec/rules/reward_stdp.hpp): the three-factor form with M = R − R̄ (plasticity/three_factor.hpp).
#include "plastix/plasticity/three_factor.hpp"
#include "plastix/spec/rule_kinds.hpp"
#include "plastix/spec/rules/reward_stdp.hpp"
#include "plastix/synapse/rule_context.hpp"

namespace plastix {

namespace {

three_factor_form form_of(const reward_stdp_params& p) {
  three_factor_form f;
  f.name = reward_stdp_params::name;
  f.eligibility = "e";
  f.pairing = p;
  f.tau_e = p.tau_e;
  f.eta = p.eta;
  f.factor = three_factor_form::third_factor::prediction_error;
  f.tau_mean = p.tau_mean;
  f.initial_mean = p.initial_mean;
  f.update_interval = p.update_interval;
  return f;
}

}  // namespace

std::unique_ptr<plasticity_rule> build_rule(const reward_stdp_params& p, rule_context& ctx) {
  using rule = three_factor_rule_of<reward_stdp_params, form_of>;
  return std::make_unique<rule>(p, ctx.proj, ctx.sig.read_track(p.modulator));
}

}  // namespace plastix
