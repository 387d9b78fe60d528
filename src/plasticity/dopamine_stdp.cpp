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

class dopamine_stdp_rule final : public three_factor_rule {
 public:
  dopamine_stdp_rule(const dopamine_stdp_params& p, projection& proj, modulator_track& track)
      : three_factor_rule(form_of(p), proj, track) {}
  // The synapses are brought up to now with the old parameters; the new ones hold from now on.
  bool set_params(projection& proj, const rule_params& p, const step_context& ctx) override {
    set_form(proj, form_of(std::get<dopamine_stdp_params>(p)), ctx.time());
    return true;
  }
};

}  // namespace

std::unique_ptr<plasticity_rule> build_rule(const dopamine_stdp_params& p, rule_context& ctx) {
  return std::make_unique<dopamine_stdp_rule>(p, ctx.proj, ctx.sig.read_track(p.modulator));
}

}  // namespace plastix
