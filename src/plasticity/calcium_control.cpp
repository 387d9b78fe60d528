#include "plastix/plasticity/calcium_control.hpp"

#include "plastix/synapse/rule_context.hpp"

#include <vector>

#include "plastix/core/thread_pool.hpp"
#include "plastix/synapse/rule.hpp"
#include "plastix/synapse/projection.hpp"
#include "plastix/neuron/receptors.hpp"

namespace plastix {

namespace {

class calcium_control_rule final : public plasticity_rule {
 public:
  calcium_control_rule(const calcium_control_params& p, projection& proj)
      : p_(p), ca_(*this, proj.size(), 0.0), peak_(*this, proj.size(), 0.0), n_fast_(*this, proj.size(), 0.0),
        n_slow_(*this, proj.size(), 0.0),
        bpap_fast_(proj.post().size(), 0.0), bpap_slow_(proj.post().size(), 0.0), v_(proj.post().size(), 0.0),
        v_id_(proj.post().is_source() ? -1 : proj.post().variable_id("v")), nmda_slot_(proj.block_slot("nmda")) {}

  const char* name() const override { return calcium_control_params::name; }
  // Every key but bpap_delay may change (spec/param_changes.cpp): the rule is stepped at dt with the parameters in
  // force, so calcium, gating and BPAPs carry on and evolve with the new ones from this step.
  bool set_params(projection&, const rule_params& p, const step_context&) override {
    p_ = std::get<calcium_control_params>(p);
    return true;
  }
  // State: the calcium of each synapse [µM] ("ca").
  int state_index(std::string_view name) const override { return name == "ca" ? 0 : -1; }
  double state_value(const projection&, std::size_t, std::uint32_t s, const step_context&) const override {
    return ca_[s];
  }

  // The spike opens NMDA receptors: linear, the same gating each time; saturating, the fraction P0 of those still
  // closed (the open fraction is P0·(f·n_f + (1 − f)·n_s), spec/rules/calcium_control.hpp).
  void on_pre(projection&, const pre_event& ev, const step_context&) override {
    const bool saturating = p_.nmda_gating == calcium_control_params::gating::saturating;
    const double f = p_.nmda_fast_fraction;
    for (std::uint32_t s = ev.begin; s < ev.end; ++s) {
      const double opened = saturating ? 1.0 - p_.p0 * (f * n_fast_[s] + (1.0 - f) * n_slow_[s]) : 1.0;
      n_fast_[s] += opened;
      n_slow_[s] += opened;
    }
  }

  void on_post(projection&, std::uint32_t post, const step_context& ctx) override {
    ensure_ring(ctx.dt);
    drop_after_gap(ctx.step);
    pending_[static_cast<std::size_t>((ctx.step + delay_steps_) % static_cast<std::int64_t>(pending_.size()))]
        .push_back(post);
  }

  void on_step(projection& proj, const step_context& ctx) override {
    ensure_ring(ctx.dt);
    drop_after_gap(ctx.step);
    const double dt = ctx.dt;
    // Back-propagating APs that start now.
    auto& now = pending_[static_cast<std::size_t>(ctx.step % static_cast<std::int64_t>(pending_.size()))];
    for (std::uint32_t i : now) {
      bpap_fast_[i] += p_.bpap_amplitude * p_.bpap_fast_fraction;
      bpap_slow_[i] += p_.bpap_amplitude * (1.0 - p_.bpap_fast_fraction);
    }
    now.clear();
    // Calcium drive per post neuron: K = (1 − block)·P0·G·B(V)·(V − E_Ca) [µM/ms per unit of NMDA gating].
    const population& post = proj.post();
    const double open = 1.0 - std::max(p_.nmda_block, proj.block_at(nmda_slot_));
    for (std::size_t i = 0; i < v_.size(); ++i) {
      const double v = (v_id_ >= 0 ? post.sample(v_id_, i) : p_.v_rest) + bpap_fast_[i] + bpap_slow_[i];
      v_[i] = open * p_.p0 * p_.g_nmda * mg_block(v, p_.mg) * (v - p_.e_ca);
    }
    const double ca_decay = std::exp(-dt / p_.tau_ca);
    const double f_decay = std::exp(-dt / p_.tau_nmda_fast), s_decay = std::exp(-dt / p_.tau_nmda_slow);
    // Response of [Ca] over one step to a unit gating component.
    const double r_fast = p_.nmda_fast_fraction * exp_filter_response(1.0, p_.tau_nmda_fast, p_.tau_ca, dt);
    const double r_slow = (1.0 - p_.nmda_fast_fraction) * exp_filter_response(1.0, p_.tau_nmda_slow, p_.tau_ca, dt);
    auto w = proj.weights();
    const auto post_index = proj.post_index();
    // On the run's threads, a block of synapses each (every synapse's calcium and weight are its own).
    run_blocks(ctx.pool, ca_.size(), ca_.size(), [&](std::size_t from, std::size_t to) {
      for (std::size_t s = from; s < to; ++s) {
        const double k = v_[post_index[s]];
        double c = ca_[s] * ca_decay + k * (r_fast * n_fast_[s] + r_slow * n_slow_[s]);
        ca_[s] = c;
        if (c > peak_[s]) peak_[s] = c;
        n_fast_[s] *= f_decay;
        n_slow_[s] *= s_decay;
        const double eta = calcium_eta(p_, c), omega = calcium_omega(p_, c);
        if (p_.lambda > 0.0) {
          const double target = omega / p_.lambda;
          w[s] = target + (w[s] - target) * std::exp(-eta * p_.lambda * dt);
        } else {
          w[s] += eta * omega * dt;
        }
      }
    });
    const double b_fast = std::exp(-dt / p_.bpap_tau_fast), b_slow = std::exp(-dt / p_.bpap_tau_slow);
    for (std::size_t i = 0; i < bpap_fast_.size(); ++i) {
      bpap_fast_[i] *= b_fast;
      bpap_slow_[i] *= b_slow;
    }
  }

  std::span<const double> calcium() const { return ca_; }
  std::span<const double> peak() const { return peak_; }

 private:
  void ensure_ring(double dt) {
    if (!pending_.empty()) return;
    delay_steps_ = std::llround(p_.bpap_delay / dt);
    pending_.resize(static_cast<std::size_t>(delay_steps_ + 1));
  }

  // The BPAPs still pending when the rule was last called are dropped if steps were skipped since (a slow phase, or
  // plasticity blocked: block_plasticity), as the projection drops its spikes in flight at a slow phase: otherwise
  // a slot due in the gap would fire late, at the next step with the same ring index.
  void drop_after_gap(std::int64_t step) {
    if (seen_ >= 0 && step > seen_ + 1)
      for (auto& slot : pending_) slot.clear();
    seen_ = step;
  }


 public:
  // Checkpoints (rule.hpp).
  void visit_state(state_visitor& v) override {
    visit_columns(v);
    v.fixed("bpap_fast", bpap_fast_);
    v.fixed("bpap_slow", bpap_slow_);
    v.fixed("v", v_);
    v.scalar("delay_steps", delay_steps_);
    v.nested("pending", pending_);
    v.scalar("seen", seen_);
  }

 private:
  calcium_control_params p_;
  per_synapse<double> ca_, peak_, n_fast_, n_slow_;  // per synapse: [µM], [µM], gating sums [1]
  std::vector<double> bpap_fast_, bpap_slow_;        // per post neuron [mV]
  std::vector<double> v_;                            // per post neuron: calcium drive this step [µM/ms]
  int v_id_;
  std::size_t nmda_slot_;  // projection::block_at: the NMDA block of interventions
  std::int64_t delay_steps_ = 0;
  std::vector<std::vector<std::uint32_t>> pending_;  // post neurons whose BPAP starts at step ≡ slot
  std::int64_t seen_ = -1;  // the last step on_post or on_step ran
};

}  // namespace

std::unique_ptr<plasticity_rule> build_rule(const calcium_control_params& p, rule_context& ctx) {
  return std::make_unique<calcium_control_rule>(p, ctx.proj);
}

std::span<const double> calcium_control_calcium(const plasticity_rule& rule) {
  const auto* r = dynamic_cast<const calcium_control_rule*>(&rule);
  return r ? r->calcium() : std::span<const double>{};
}

std::span<const double> calcium_control_peak_calcium(const plasticity_rule& rule) {
  const auto* r = dynamic_cast<const calcium_control_rule*>(&rule);
  return r ? r->peak() : std::span<const double>{};
}

}  // namespace plastix
