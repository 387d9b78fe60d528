#include "plastix/plasticity/calcium_control.hpp"

#include "plastix/synapse/rule_context.hpp"

#include <algorithm>
#include <cmath>
#include <vector>

#include "plastix/core/error.hpp"
#include "plastix/core/thread_pool.hpp"
#include "plastix/synapse/rule.hpp"
#include "plastix/synapse/projection.hpp"
#include "plastix/neuron/receptors.hpp"

namespace plastix {

namespace {

class calcium_control_rule final : public plasticity_rule {
 public:
  calcium_control_rule(const calcium_control_params& p, projection& proj, double dt)
      : p_(p), ca_(*this, proj.size(), 0.0), peak_(*this, proj.size(), 0.0), n_fast_(*this, proj.size(), 0.0),
        n_slow_(*this, proj.size(), 0.0),
        bpap_fast_(proj.post().size(), 0.0), bpap_slow_(proj.post().size(), 0.0), v_(proj.post().size(), 0.0),
        v_id_(proj.post().is_source() ? -1 : proj.post().variable_id("v")), nmda_slot_(proj.block_slot("nmda")),
        delay_steps_(std::llround(p.bpap_delay / dt)), n_post_(proj.post().size()),
        pending_(static_cast<std::size_t>(delay_steps_ + 1) * n_post_, 0), fresh_(n_post_, -1) {}

  // Threads: on_pre changes only its event's synapses, on_post only its neuron's pending BPAPs (the thread's own),
  // on_step shares its loop over synapses. MPI processes likewise (each holds the pending BPAPs of its own neurons;
  // parallel.mpi coba_calcium_control).
  bool splits_by_target() const override { return true; }

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

  // The neuron's BPAP starts bpap_delay later. After a gap (steps without the rule: on_step last ran before the step
  // before), the neuron's BPAPs still pending are dropped first (on_step drops the other neurons').
  void on_post(projection&, std::uint32_t post, const step_context& ctx) override {
    if (gap_before(ctx.step)) {
      drop(post);
      fresh_[post] = ctx.step;
    }
    ++pending_[slot(ctx.step + delay_steps_) * n_post_ + post];
  }

  void on_step(projection& proj, const step_context& ctx) override {
    if (gap_before(ctx.step))
      for (std::size_t i = 0; i < n_post_; ++i)
        if (fresh_[i] != ctx.step) drop(i);
    seen_ = ctx.step;
    const double dt = ctx.dt;
    // Back-propagating APs that start now (one addition per BPAP, as many as are pending).
    std::uint8_t* now = pending_.data() + slot(ctx.step) * n_post_;
    for (std::size_t i = 0; i < n_post_; ++i) {
      for (std::uint8_t k = 0; k < now[i]; ++k) {
        bpap_fast_[i] += p_.bpap_amplitude * p_.bpap_fast_fraction;
        bpap_slow_[i] += p_.bpap_amplitude * (1.0 - p_.bpap_fast_fraction);
      }
      now[i] = 0;
    }
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
  std::size_t slot(std::int64_t step) const {
    return static_cast<std::size_t>(step % static_cast<std::int64_t>(delay_steps_ + 1));
  }
  // The BPAPs still pending when the rule was last called are dropped if steps were skipped since (a slow phase, or
  // plasticity blocked: block_plasticity), as the projection drops its spikes in flight at a slow phase: otherwise
  // a slot due in the gap would fire late, at the next step with the same ring index.
  bool gap_before(std::int64_t step) const { return seen_ >= 0 && step > seen_ + 1; }
  void drop(std::size_t i) {
    for (std::size_t r = 0; r <= static_cast<std::size_t>(delay_steps_); ++r) pending_[r * n_post_ + i] = 0;
  }

 public:
  // Checkpoints (rule.hpp).
  void visit_state(state_visitor& v) override {
    visit_columns(v);
    v.fixed("bpap_fast", bpap_fast_);
    v.fixed("bpap_slow", bpap_slow_);
    v.fixed("v", v_);
    // The pending BPAPs as one list of post neurons per step of the ring (each neuron as often as it has BPAPs
    // then), the checkpoint layout of every version.
    std::int64_t delay_steps = delay_steps_;
    v.scalar("delay_steps", delay_steps);
    std::vector<std::vector<std::uint32_t>> lists(static_cast<std::size_t>(delay_steps_ + 1));
    if (!v.loading())
      for (std::size_t r = 0; r < lists.size(); ++r)
        for (std::size_t i = 0; i < n_post_; ++i)
          lists[r].insert(lists[r].end(), pending_[r * n_post_ + i], static_cast<std::uint32_t>(i));
    v.nested("pending", lists);
    v.scalar("seen", seen_);
    if (!v.loading()) return;
    std::fill(pending_.begin(), pending_.end(), 0);
    std::fill(fresh_.begin(), fresh_.end(), -1);
    if (lists.empty()) return;  // saved before its first step by an earlier version: nothing pending
    if (delay_steps != delay_steps_ || lists.size() != static_cast<std::size_t>(delay_steps_ + 1))
      throw error("calcium_control: the checkpoint's BPAP delay differs from this run's");
    for (std::size_t r = 0; r < lists.size(); ++r)
      for (std::uint32_t i : lists[r]) {
        if (i >= n_post_) throw error("calcium_control: the checkpoint names a post neuron out of range");
        ++pending_[r * n_post_ + i];
      }
  }

 private:
  calcium_control_params p_;
  per_synapse<double> ca_, peak_, n_fast_, n_slow_;  // per synapse: [µM], [µM], gating sums [1]
  std::vector<double> bpap_fast_, bpap_slow_;        // per post neuron [mV]
  std::vector<double> v_;                            // per post neuron: calcium drive this step [µM/ms]
  int v_id_;
  std::size_t nmda_slot_;  // projection::block_at: the NMDA block of interventions
  std::int64_t delay_steps_;  // the BPAP delay [steps]
  std::size_t n_post_;
  std::vector<std::uint8_t> pending_;  // (delay_steps + 1) × post neurons: BPAPs starting at a step ≡ the row
  std::vector<std::int64_t> fresh_;    // per post neuron: the step at which on_post dropped its pending BPAPs
  std::int64_t seen_ = -1;             // the last step on_step ran
};

}  // namespace

std::unique_ptr<plasticity_rule> build_rule(const calcium_control_params& p, rule_context& ctx) {
  return std::make_unique<calcium_control_rule>(p, ctx.proj, ctx.dt);
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
