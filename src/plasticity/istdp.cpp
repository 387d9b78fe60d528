// Vogels et al. 2011 inhibitory STDP (plasticity/istdp.hpp), on the projection's shared event-driven traces.
#include "plastix/spec/rules/istdp.hpp"

#include "plastix/synapse/rule_context.hpp"

#include <algorithm>

#include "plastix/synapse/rule.hpp"
#include "plastix/synapse/projection.hpp"

namespace plastix {

namespace {

class istdp_rule final : public plasticity_rule {
 public:
  istdp_rule(const istdp_params& p, projection& proj)
      : p_(p), alpha_(p.alpha()), x_pre_(proj.pre_traces().add(p.tau, pairing::all_to_all)),
        x_post_(proj.post_traces().add(p.tau, pairing::all_to_all)) {}

  const char* name() const override { return istdp_params::name; }
  bool splits_by_target() const override { return true; }  // per-synapse, per-post and per-(pre, slot) state only
  bool acts_on_step() const override { return false; }
  // State: the traces x_pre (per presynaptic neuron) and x_post (per post neuron), exact at t.
  int state_index(std::string_view name) const override { return name == "x_pre" ? 0 : name == "x_post" ? 1 : -1; }
  double state_value(const projection& proj, std::size_t var, std::uint32_t i, const step_context& ctx) const override {
    return var == 0 ? proj.pre_trace_at(x_pre_, i, ctx.step, ctx.dt) : proj.post_trace_at(x_post_, i, ctx.step, ctx.dt);
  }
  bool set_params(projection&, const rule_params& p, const step_context&) override {  // traces keep their time constants (spec/param_changes.hpp)
    p_ = std::get<istdp_params>(p);
    alpha_ = p_.alpha();
    return true;
  }

  void on_pre(projection& proj, const pre_event& ev, const step_context& ctx) override {
    auto w = proj.weights();
    const auto post = proj.post_index();
    const trace_bank& y = proj.post_traces();
    for (std::uint32_t s = ev.begin; s < ev.end; ++s) {
      const double ws = w[s];
      w[s] = std::clamp(ws + p_.eta * (y.value(x_post_, post[s], ctx.step, ctx.dt) - alpha_), p_.w_min, p_.w_max);
    }
  }

  void on_post(projection& proj, std::uint32_t i, const step_context& ctx) override {
    auto w = proj.weights();
    const auto synapses = proj.incoming(i);
    const trace_bank& x = proj.pre_traces();
    for (std::size_t k = 0; k < synapses.size(); ++k) {
      const double trace = x.value(x_pre_, proj.incoming_trace_entry(i, k), ctx.step, ctx.dt);
      const double ws = w[synapses[k]];
      w[synapses[k]] = std::clamp(ws + p_.eta * trace, p_.w_min, p_.w_max);
    }
  }

 private:

 public:
  // Checkpoints (rule.hpp).
  void visit_state(state_visitor& v) override {
    visit_columns(v);
  }

 private:
  istdp_params p_;
  double alpha_;               // [1]
  std::size_t x_pre_, x_post_;  // trace handles
};

}  // namespace

std::unique_ptr<plasticity_rule> build_rule(const istdp_params& p, rule_context& ctx) {
  return std::make_unique<istdp_rule>(p, ctx.proj);
}

}  // namespace plastix
