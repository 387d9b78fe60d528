// Dopamine-modulated STDP (Izhikevich 2007; equations: spec/rules/dopamine_stdp.hpp): the three-factor form with
// M = b + d (plasticity/three_factor.hpp).
#include "plastix/plasticity/three_factor.hpp"
#include "plastix/spec/rule_kinds.hpp"
#include "plastix/spec/rules/dopamine_stdp.hpp"
#include "plastix/synapse/rule_context.hpp"

namespace plastix {

namespace {

three_factor_form form_of(const dopamine_stdp_params& p) {
  three_factor_form f;
  f.name = dopamine_stdp_params::name;
  f.eligibility = "c";
  f.pairing = p;
  f.tau_e = p.tau_c;
  f.eta = p.eta;
  f.factor = three_factor_form::third_factor::level;
  f.offset = p.baseline;
  f.update_interval = p.update_interval;
  return f;
}

}  // namespace

std::unique_ptr<plasticity_rule> build_rule(const dopamine_stdp_params& p, rule_context& ctx) {
  using rule = three_factor_rule_of<dopamine_stdp_params, form_of>;
  return std::make_unique<rule>(p, ctx.proj, ctx.sig.read_track(p.modulator));
}

}  // namespace plastix
