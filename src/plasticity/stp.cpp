#include "plastix/spec/rules/stp.hpp"

#include "plastix/synapse/rule_context.hpp"

#include <cmath>
#include <cstdint>
#include <limits>

#include "plastix/core/error.hpp"
#include "plastix/synapse/rule.hpp"
#include "plastix/synapse/projection.hpp"

namespace plastix {

namespace {

class stp_rule final : public plasticity_rule {
 public:
  stp_rule(const stp_params& p, projection& proj)
      : p_(p), u_(proj.pre().size() * proj.delay_slots(), p.u), x_(u_.size(), 1.0), last_(u_.size(), never) {}

  const char* name() const override { return stp_params::name; }
  bool splits_by_target() const override { return true; }  // per-synapse, per-post and per-(pre, slot) state only
  bool acts_on_step() const override { return false; }

  // u and x hold the values at the entry's last spike (before its release); advance them to this spike.
  double on_transmit(projection& proj, const pre_event& ev, const step_context& ctx) override {
    const std::size_t i = proj.pre_trace_entry(ev.pre, ev.slot);
    const relaxed r = relax(i, ctx.step, ctx.dt);  // u⁻, x just before this spike
    const double u = r.u + p_.u * (1.0 - r.u);
    u_[i] = u;
    x_[i] = r.x - u * r.x;  // what the release leaves
    last_[i] = ctx.step;
    return u * r.x;
  }

  // Every key may change (spec/param_changes.cpp). u and x carry over: each entry that has seen a spike is relaxed
  // up to this step with the old constants (u_rest, tau_fac, tau_rec), and from here on with the new ones. An entry
  // that has seen no spike is at rest: it takes the new u_rest (like a rule started with it).
  bool set_params(projection&, const rule_params& p, const step_context& ctx) override {
    for (std::size_t i = 0; i < last_.size(); ++i) {
      if (last_[i] == never) continue;
      const relaxed r = relax(i, ctx.step, ctx.dt);
      u_[i] = r.u;
      x_[i] = r.x;
      last_[i] = ctx.step;
    }
    p_ = std::get<stp_params>(p);
    return true;
  }

  // u and x per presynaptic neuron.
  int state_index(std::string_view name) const override { return name == "u" ? 0 : name == "x" ? 1 : -1; }

  // The state after the latest arrival of `pre` (over its delay slots), relaxed to t = step·dt.
  double state_value(const projection& proj, std::size_t var, std::uint32_t pre, const step_context& ctx) const override {
    const std::int64_t step = ctx.step;
    const double dt = ctx.dt;
    std::size_t latest = proj.pre_trace_entry(pre, 0);
    for (std::uint32_t slot = 1; slot < proj.delay_slots(); ++slot) {
      const std::size_t i = proj.pre_trace_entry(pre, slot);
      if (last_[i] > last_[latest]) latest = i;
    }
    const relaxed r = relax(latest, step, dt);
    return var == 0 ? r.u : r.x;
  }

 private:
  struct relaxed {
    double u, x;  // [1]
  };
  // u and x of entry i at step `step`, relaxed from its last spike (x from what the last release left): what a new
  // spike at that step finds before its jump and release, and what a monitor reads. Before the first spike: u_rest, 1.
  relaxed relax(std::size_t i, std::int64_t step, double dt) const {
    if (last_[i] == never) return {p_.u_rest, 1.0};
    const double interval = static_cast<double>(step - last_[i]) * dt;  // [ms]
    const double u_prev = u_[i];
    const double x = 1.0 + (x_[i] - 1.0) * std::exp(-interval / p_.tau_rec);
    const double u = p_.tau_fac > 0.0 ? p_.u_rest + (u_prev - p_.u_rest) * std::exp(-interval / p_.tau_fac) : p_.u_rest;
    return {u, x};
  }

  static constexpr std::int64_t never = std::numeric_limits<std::int64_t>::min();

 public:
  // Checkpoints (rule.hpp).
  void visit_state(state_visitor& v) override {
    visit_columns(v);
    v.fixed("u", u_);
    v.fixed("x", x_);
    v.fixed("last", last_);
  }

 private:
  stp_params p_;
  std::vector<double> u_, x_;        // per (pre neuron, delay slot): u after its last spike's jump, x after its
                                     // release (or both at the last parameter change) [1]
  std::vector<std::int64_t> last_;   // step of that spike
};

}  // namespace

std::unique_ptr<plasticity_rule> build_rule(const stp_params& p, rule_context& ctx) {
  return std::make_unique<stp_rule>(p, ctx.proj);
}

}  // namespace plastix
