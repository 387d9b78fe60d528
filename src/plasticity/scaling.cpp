// Synaptic scaling, van Rossum, Bi & Turrigiano 2000 (plasticity/scaling.hpp).
#include "plastix/spec/rules/scaling.hpp"

#include "plastix/synapse/rule_context.hpp"

#include <algorithm>
#include <cmath>

#include "plastix/plasticity/rate_sensor.hpp"
#include "plastix/core/thread_pool.hpp"
#include "plastix/synapse/rule.hpp"
#include "plastix/spec/experiment.hpp"
#include "plastix/synapse/projection.hpp"

namespace plastix {

namespace {

class scaling_rule final : public plasticity_rule {
 public:
  scaling_rule(const scaling_params& p, projection& proj)
      : p_(p), sensor_(proj.post(), p.tau_avg, p.target_rate) {}

  const char* name() const override { return scaling_params::name; }
  // State per post neuron: r_avg [Hz], the rate average as of the last slow tick (it changes only at the ticks).
  int state_index(std::string_view name) const override { return name == "r_avg" ? 0 : -1; }
  double state_value(const projection&, std::size_t, std::uint32_t i, const step_context&) const override {
    return sensor_.rate(i);
  }
  bool set_params(projection&, const rule_params& p, const step_context&) override {  // tau_avg stays (the sensor's)
    p_ = std::get<scaling_params>(p);
    return true;
  }
  double slow_interval() const override { return p_.interval; }
  void on_phase(const phase_spec& phase) override { sensor_.start_phase(phase.slow_step > 0.0); }
  void on_post(projection&, std::uint32_t i, const step_context&) override { sensor_.spike(i); }
  // Threads and MPI processes: on_post counts the spikes of its own post neuron only (tests/parallel/mpi.py
  // coba_stdp_scaling).
  bool splits_by_target() const override { return true; }
  bool acts_on_step() const override { return false; }

  void on_slow(projection& proj, const step_context& ctx) override {
    sensor_.tick(p_.interval);
    auto w = proj.weights();
    // On the run's threads, a block of post neurons each (the synapses onto a neuron are its own).
    run_blocks(ctx.pool, sensor_.size(), proj.size(), [&](std::size_t from, std::size_t to) {
      for (auto i = static_cast<std::uint32_t>(from); i < to; ++i) {
        const double factor = std::exp(p_.beta * p_.interval * (p_.target_rate - sensor_.rate(i)));
        for (std::uint32_t s : proj.incoming(i)) w[s] = std::clamp(w[s] * factor, p_.w_min, p_.w_max);
      }
    });
  }

 private:

 public:
  // Checkpoints (rule.hpp).
  void visit_state(state_visitor& v) override {
    visit_columns(v);
    const auto sensor = v.scope("sensor");
    sensor_.visit_state(v);
  }

 private:
  scaling_params p_;
  rate_sensor sensor_;
};

}  // namespace

std::unique_ptr<plasticity_rule> build_rule(const scaling_params& p, rule_context& ctx) {
  return std::make_unique<scaling_rule>(p, ctx.proj);
}

}  // namespace plastix
