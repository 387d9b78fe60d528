#include "plastix/spec/rules/triplet.hpp"

#include "plastix/synapse/rule_context.hpp"

#include "plastix/core/error.hpp"
#include "plastix/synapse/rule.hpp"
#include "plastix/synapse/projection.hpp"

namespace plastix {

namespace {

class triplet_rule final : public plasticity_rule {
 public:
  triplet_rule(const triplet_params& p, projection& proj)
      : p_(p), r1_(proj.pre_traces().add(p.tau_plus, p.scheme)), r2_(proj.pre_traces().add(p.tau_x, p.scheme)),
        o1_(proj.post_traces().add(p.tau_minus, p.scheme)), o2_(proj.post_traces().add(p.tau_y, p.scheme)) {}

  const char* name() const override { return triplet_params::name; }
  bool splits_by_target() const override { return true; }  // per-synapse, per-post and per-(pre, slot) state only
  bool acts_on_step() const override { return false; }
  // State: the traces r1, r2 (per presynaptic neuron) and o1, o2 (per post neuron), exact at t.
  int state_index(std::string_view name) const override {
    return name == "r1" ? 0 : name == "r2" ? 1 : name == "o1" ? 2 : name == "o2" ? 3 : -1;
  }
  double state_value(const projection& proj, std::size_t var, std::uint32_t i, const step_context& ctx) const override {
    if (var < 2) return proj.pre_trace_at(var == 0 ? r1_ : r2_, i, ctx.step, ctx.dt);
    return proj.post_trace_at(var == 2 ? o1_ : o2_, i, ctx.step, ctx.dt);
  }
  bool set_params(projection&, const rule_params& p, const step_context&) override {  // traces keep their time constants (spec/param_changes.hpp)
    p_ = std::get<triplet_params>(p);
    return true;
  }

  void on_pre(projection& proj, const pre_event& ev, const step_context& ctx) override {
    auto w = proj.weights();
    const auto post = proj.post_index();
    const trace_bank& o = proj.post_traces();
    const double r2 = proj.pre_traces().value(r2_, proj.pre_trace_entry(ev.pre, ev.slot), ctx.step, ctx.dt);
    const double amplitude = p_.a2_minus + p_.a3_minus * r2;
    for (std::uint32_t s = ev.begin; s < ev.end; ++s) {
      const double o1 = o.value(o1_, post[s], ctx.step, ctx.dt);
      w[s] = p_.dependence.clip(w[s] - p_.dependence.depression(w[s]) * o1 * amplitude);
    }
  }

  void on_post(projection& proj, std::uint32_t i, const step_context& ctx) override {
    auto w = proj.weights();
    const auto synapses = proj.incoming(i);
    const trace_bank& r = proj.pre_traces();
    const double o2 = proj.post_traces().value(o2_, i, ctx.step, ctx.dt);
    const double amplitude = p_.a2_plus + p_.a3_plus * o2;
    for (std::size_t k = 0; k < synapses.size(); ++k) {
      const double r1 = r.value(r1_, proj.incoming_trace_entry(i, k), ctx.step, ctx.dt);
      double& wk = w[synapses[k]];
      wk = p_.dependence.clip(wk + p_.dependence.potentiation(wk) * r1 * amplitude);
    }
  }

 private:

 public:
  // Checkpoints (rule.hpp).
  void visit_state(state_visitor& v) override {
    visit_columns(v);
  }

 private:
  triplet_params p_;
  std::size_t r1_, r2_, o1_, o2_;  // trace handles
};

}  // namespace

std::unique_ptr<plasticity_rule> build_rule(const triplet_params& p, rule_context& ctx) {
  return std::make_unique<triplet_rule>(p, ctx.proj);
}

}  // namespace plastix
