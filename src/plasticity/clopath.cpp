#include "plastix/plasticity/clopath.hpp"

#include <algorithm>
#include <cmath>
#include <vector>

#include "plastix/core/error.hpp"
#include "plastix/plasticity/rule.hpp"
#include "plastix/synapse/projection.hpp"

namespace plastix {

namespace {

class clopath_rule final : public plasticity_rule {
 public:
  clopath_rule(const clopath_params& p, projection& proj)
      : p_(p), x_(proj.pre_traces().add(p.tau_x, pairing::all_to_all)), v_id_(proj.post().variable_id("v")) {
    if (v_id_ < 0) {
      throw error("projection '" + proj.name() + "': rule 'clopath' reads the membrane potential v of its post "
                  "population '" + proj.post().name() + "', which has none (use a neuron population, e.g. "
                  "model = \"adex_clopath\")");
    }
  }

  const char* name() const override { return clopath_params::name; }

  void on_pre(projection& proj, const pre_event& ev, const step_context& ctx) override {
    ensure_started(proj, ctx);
    auto w = proj.weights();
    const auto post = proj.post_index();
    const std::size_t row = slot_of(ctx.step - delay_steps_);
    for (std::uint32_t s = ev.begin; s < ev.end; ++s) {
      const double u_minus = ring_minus_[row * n_post_ + post[s]];
      const double ltd = p_.a_ltd * std::max(u_minus - p_.theta_minus, 0.0);
      w[s] = std::clamp(w[s] - ltd, p_.w_min, p_.w_max);
    }
  }

  void on_step(projection& proj, const step_context& ctx) override {
    ensure_started(proj, ctx);
    const population& post = proj.post();
    // Filter this step's v into ū±, store them in the ring, then read the delayed values.
    const std::size_t now = slot_of(ctx.step);
    const std::size_t prev = slot_of(ctx.step - 1);
    const std::size_t then = slot_of(ctx.step - delay_steps_);
    auto w = proj.weights();
    const trace_bank& x = proj.pre_traces();
    for (std::size_t i = 0; i < n_post_; ++i) {
      const double v = post.sample(v_id_, i);
      ring_minus_[now * n_post_ + i] = v + (ring_minus_[prev * n_post_ + i] - v) * decay_minus_;
      ring_plus_[now * n_post_ + i] = v + (ring_plus_[prev * n_post_ + i] - v) * decay_plus_;
      const double above = v - p_.theta_plus;
      const double gate = ring_plus_[then * n_post_ + i] - p_.theta_minus;
      if (!(above > 0.0) || !(gate > 0.0)) continue;
      const double factor = ctx.dt * p_.a_ltp * above * gate / p_.tau_x;
      const auto post_i = static_cast<std::uint32_t>(i);
      const auto synapses = proj.incoming(post_i);
      const auto pres = proj.incoming_pre(post_i);
      for (std::size_t k = 0; k < synapses.size(); ++k) {
        const double trace = x.value(x_, proj.pre_trace_entry(pres[k], proj.incoming_slot(post_i, k)), ctx.step, ctx.dt);
        double& wk = w[synapses[k]];
        wk = std::clamp(wk + factor * trace, p_.w_min, p_.w_max);
      }
    }
  }

 private:
  // Ring of ū± over the last delay_steps_ + 1 steps, one row per step, one column per post neuron.
  std::size_t slot_of(std::int64_t step) const {
    const auto n = static_cast<std::int64_t>(rows_);
    return static_cast<std::size_t>(((step % n) + n) % n);
  }

  // On the first hook call: size the ring from dt and fill it with the post neurons' current v.
  void ensure_started(projection& proj, const step_context& ctx) {
    if (rows_ > 0) return;
    delay_steps_ = std::max<std::int64_t>(1, std::llround(p_.delay / ctx.dt));
    rows_ = static_cast<std::size_t>(delay_steps_) + 1;
    n_post_ = proj.post().size();
    decay_minus_ = std::exp(-ctx.dt / p_.tau_minus);
    decay_plus_ = std::exp(-ctx.dt / p_.tau_plus);
    ring_minus_.assign(rows_ * n_post_, 0.0);
    ring_plus_.assign(rows_ * n_post_, 0.0);
    for (std::size_t i = 0; i < n_post_; ++i) {
      const double v = proj.post().sample(v_id_, i);
      for (std::size_t r = 0; r < rows_; ++r) ring_minus_[r * n_post_ + i] = ring_plus_[r * n_post_ + i] = v;
    }
  }

  clopath_params p_;
  std::size_t x_;  // handle of the pre trace with τx (jumps by 1; x̄ = trace / τx)
  int v_id_;
  std::int64_t delay_steps_ = 0;
  std::size_t rows_ = 0, n_post_ = 0;
  double decay_minus_ = 0.0, decay_plus_ = 0.0;
  std::vector<double> ring_minus_, ring_plus_;  // ū−, ū+ [mV]
};

}  // namespace

std::unique_ptr<plasticity_rule> make_clopath(const clopath_params& p, projection& proj) {
  return std::make_unique<clopath_rule>(p, proj);
}

}  // namespace plastix
