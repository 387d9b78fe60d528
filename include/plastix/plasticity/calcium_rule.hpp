// The calcium rule's class (plasticity/calcium.hpp), for the end-of-run readout (sim/experiment.cpp) and tests:
// access to ρ, c and advancing the synapses to a time. Kept out of calcium.hpp so that network.hpp stays light.
#pragma once
#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <span>
#include <vector>

#include "plastix/plasticity/calcium.hpp"
#include "plastix/synapse/rule.hpp"

namespace plastix {

// The rule, visible so that the end-of-run readout (sim/experiment.cpp) can reach ρ.
class calcium_rule final : public plasticity_rule {
 public:
  // seed: the run's seed (the noise streams of ρ; also given again by every event's step_context).
  calcium_rule(const calcium_params& p, projection& proj, std::uint64_t seed = 1);
  const char* name() const override { return calcium_params::name; }
  void on_pre(projection& proj, const pre_event& ev, const step_context& ctx) override;
  void on_post(projection& proj, std::uint32_t post, const step_context& ctx) override;
  // Per-synapse state and noise streams keyed by synapse (their positions per synapse): splits by target (rule.hpp).
  bool splits_by_target() const override { return true; }
  bool acts_on_step() const override { return false; }
  void on_slow(projection& proj, const step_context& ctx) override;
  double slow_interval() const override { return 1000.0; }
  void on_rewire(projection& proj, rewire_map old_id_of_new, const step_context& ctx) override;
  // ρ up to the end of the run; then the paper's readout from the UP/DOWN transitions: dw_rel (replacing the
  // projection's), up_prob, down_prob.
  void on_end(projection& proj, const step_context& ctx) override { advance_to(proj, ctx.time()); }
  void report(const projection& proj, std::map<std::string, double>& metrics) const override;
  bool reports_over_synapses() const override { return true; }
  // State (per synapse), at the sampling time t without changing the rule (state_at): "c" exact, with the presynaptic
  // jumps due by then; "rho" integrated from its last update to t as the next update will (the same RK4 substeps
  // and, with sigma > 0, the noise draws the synapse uses next), so a recording is smooth between events. ρ of the
  // run itself is still integrated between the synapse's events (the samples change nothing): with sigma = 0 the
  // sample equals the run's ρ(t) to the integrator's accuracy; with noise it is one realisation of ρ(t) given the
  // last update, drawn from the same numbers (with another step partition).
  int state_index(std::string_view name) const override;
  double state_value(const projection& proj, std::size_t var, std::uint32_t s, const step_context& ctx) const override;
  // Every synapse is first brought up to the change with the old parameters; the weights follow the new w0, w1.
  bool set_params(projection& proj, const rule_params& p, const step_context& ctx) override;

  // Brings every synapse up to time t [ms] (t not before its last update) and writes the weights.
  void advance_to(projection& proj, double t, thread_pool* pool = nullptr);  // every synapse (on pool's threads)
  std::span<const double> rho() const { return rho_; }
  std::span<const double> rho_initial() const { return rho0_; }
  // Calcium of synapse s at its last update (after the jumps up to then) and that time [ms].
  double calcium(std::size_t s) const { return c_[s]; }
  double last_update(std::size_t s) const { return t_[s]; }
  const calcium_params& params() const { return p_; }

 private:
  // One synapse's event-driven state: c and ρ at time t [ms], with `draws` noise positions used.
  struct synapse_state {
    double c, rho, t;
    std::uint64_t draws;
  };
  void advance(std::size_t s, double t);      // integrate synapse s to t, applying pending pre jumps
  void integrate(std::size_t s, double t);    // no jumps in (t_[s], t]
  void integrate(std::size_t s, synapse_state& st, double t) const;  // the same on st (no jumps in (st.t, t])
  synapse_state state_at(std::size_t s, double t) const;           // advance on a copy: the state at t
  void write_weight(projection& proj, std::size_t s) const;


 public:
  // Checkpoints (rule.hpp).
  void visit_state(state_visitor& v) override {
    visit_columns(v);  // c, ρ, ρ0, last update, noise positions, pending jumps (per synapse)
  }

 private:
  calcium_params p_;
  std::uint64_t seed_ = 1;
  std::uint32_t object_ = 0;  // noise stream object (hash of the projection name)
  // Per synapse (a new synapse from structural plasticity starts at rest: c = 0, ρ = ρ_init, last update = now).
  per_synapse<double> c_, rho_, rho0_, t_;
  per_synapse<std::uint64_t> draws_;               // noise positions used per synapse
  per_synapse<std::vector<double>> pending_;       // times of presynaptic calcium jumps still to come, ascending
};

}  // namespace plastix
