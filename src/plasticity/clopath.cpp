#include "plastix/spec/rules/clopath.hpp"

#include "plastix/synapse/rule_context.hpp"

#include <algorithm>
#include <cmath>
#include <vector>

#include "plastix/core/thread_pool.hpp"
#include "plastix/synapse/rule.hpp"
#include "plastix/plasticity/voltage_filter.hpp"
#include "plastix/synapse/projection.hpp"

namespace plastix {

namespace {

class clopath_rule final : public plasticity_rule {
 public:
  clopath_rule(const clopath_params& p, projection& proj, double dt)
      : p_(p), x_(proj.pre_traces().add(p.tau_x, pairing::all_to_all)),
        v_id_(voltage_filters::v_of(proj.post(), proj.name(), clopath_params::name)),
        u_({p.tau_minus, p.tau_plus}, p.delay) {
    u_.size_for(proj.post().size(), dt);
  }

  const char* name() const override { return clopath_params::name; }
  // State per post neuron: the filtered membrane potentials ū− ("u_minus", τ−) and ū+ ("u_plus", τ+) [mV], as of
  // the last step (before the first step: v itself, the filters' start).
  // Per presynaptic neuron: x̄ ("x_bar", the trace / τx, exact at t) [Hz].
  int state_index(std::string_view name) const override {
    return name == "u_minus" ? 0 : name == "u_plus" ? 1 : name == "x_bar" ? 2 : -1;
  }
  double state_value(const projection& proj, std::size_t var, std::uint32_t i, const step_context& ctx) const override {
    if (var == 2) return proj.pre_trace_at(x_, i, ctx.step, ctx.dt) / p_.tau_x * 1e3;  // [1/ms] → [Hz]
    if (!u_.started(i)) return proj.post().sample(v_id_, i);
    return u_.latest(var == 0 ? minus : plus, i);
  }
  bool set_params(projection&, const rule_params& p, const step_context&) override {  // filters and trace stay
    p_ = std::get<clopath_params>(p);
    return true;
  }

  // Threads: on_pre touches only the synapses of its event and the filters of their post neurons (the thread's own);
  // on_step splits by post neuron. MPI: each process acts on the synapses onto its neurons; the latest ū± of every
  // neuron are gathered from their owners before a state monitor reads them (voltage_filters::visit_latest;
  // parallel.mpi coba_clopath).
  bool splits_by_target() const override { return true; }

  void on_pre(projection& proj, const pre_event& ev, const step_context& ctx) override {
    auto w = proj.weights();
    const auto post = proj.post_index();
    const population& neurons = proj.post();
    for (std::uint32_t s = ev.begin; s < ev.end; ++s) {
      const std::uint32_t i = post[s];
      u_.start(i, ctx.step, [&] { return neurons.sample(v_id_, i); });
      const double u_minus = u_.delayed(minus, ctx.step, i);
      const double ltd = p_.a_ltd * std::max(u_minus - p_.theta_minus, 0.0);
      w[s] = std::clamp(w[s] - ltd, p_.w_min, p_.w_max);
    }
  }

  void on_step(projection& proj, const step_context& ctx) override {
    const population& post = proj.post();
    // Filter this step's v into ū±, then read the delayed ū+.
    auto w = proj.weights();
    const trace_bank& x = proj.pre_traces();
    // On the run's threads, a block of post neurons each: a neuron's filters and the synapses onto it are its own.
    run_blocks(ctx.pool, post.size(), proj.size(), [&](std::size_t from, std::size_t to) {
      for (std::size_t i = from; i < to; ++i) {
        const double v = post.sample(v_id_, i);
        u_.start(i, ctx.step, [&] { return v; });
        u_.filter(ctx.step, i, v);
        const double above = v - p_.theta_plus;
        const double gate = u_.delayed(plus, ctx.step, i) - p_.theta_minus;
        if (!(above > 0.0) || !(gate > 0.0)) continue;
        const double factor = ctx.dt * p_.a_ltp * above * gate / p_.tau_x;
        const auto post_i = static_cast<std::uint32_t>(i);
        const auto synapses = proj.incoming(post_i);
        for (std::size_t k = 0; k < synapses.size(); ++k) {
          const double trace = x.value(x_, proj.incoming_trace_entry(post_i, k), ctx.step, ctx.dt);
          double& wk = w[synapses[k]];
          wk = std::clamp(wk + factor * trace, p_.w_min, p_.w_max);
        }
      }
    });
  }

 private:
  static constexpr std::size_t minus = 0, plus = 1;  // the filters of u_: ū− (τ−), ū+ (τ+)


 public:
  // Checkpoints (rule.hpp).
  void visit_state(state_visitor& v) override {
    visit_columns(v);
    const auto filters = v.scope("u");
    u_.visit_state(v);
  }

 private:
  clopath_params p_;
  std::size_t x_;  // handle of the pre trace with τx (jumps by 1; x̄ = trace / τx)
  int v_id_;
  voltage_filters u_;  // ū−, ū+ [mV], read `delay` late
};

}  // namespace

std::unique_ptr<plasticity_rule> build_rule(const clopath_params& p, rule_context& ctx) {
  return std::make_unique<clopath_rule>(p, ctx.proj, ctx.dt);
}

}  // namespace plastix
