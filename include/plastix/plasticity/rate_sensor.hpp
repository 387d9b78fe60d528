// The slow estimate of each neuron's firing rate that homeostatic mechanisms compare with their target (synaptic
// scaling, plasticity/scaling.hpp; intrinsic plasticity, spec/rules/intrinsic.hpp): one piece of code for both.
// Spikes are counted as they happen; at each tick of the slow clock (interval Δ) the average moves toward the rate
// observed over the interval:
//   r_obs = (spikes in the interval) / Δ          in a fast phase (neurons are simulated)
//         = r_held                                 in a slow phase ([[phase]] slow_step: no spikes are simulated)
//   r_avg ← r_obs + (r_avg − r_obs)·e^{−Δ/τ_avg}    (exact for r_obs constant over the interval)
// r_held is the quasi-static assumption of slow phases: the neuron keeps firing at its mean rate over the most
// recent fast phase (r_avg if that phase was shorter than one tick), except while an intervention blocks its spikes
// (TTX = block_spikes, lesion, voltage clamp: population::spikes_blocked, read at every slow tick, so windows inside a
// slow phase count too): then r_obs = 0. Every other change of activity (bicuculline raising it, a changed input)
// must be measured: a long slow phase is preceded by a short fast phase under the same condition, and alternating
// fast and slow phases follow a rate that changes with the weights. r_avg starts at r_init.
#pragma once
#include <cstdint>
#include <span>
#include <vector>

#include "plastix/core/state_visitor.hpp"

namespace plastix {

class population;

class rate_sensor {
 public:
  // Estimates the rates of the neurons of `pop` (which must outlive the sensor); tau_avg [ms], r_init [Hz].
  rate_sensor(const population& pop, double tau_avg, double r_init);

  void spike(std::uint32_t i) { ++count_[i]; }
  void spikes(std::span<const std::uint32_t> neurons) {
    for (std::uint32_t i : neurons) ++count_[i];
  }
  // At the start of each phase: whether it is a slow phase.
  void start_phase(bool slow);
  // One tick of the slow clock, closing an interval of `interval` [ms].
  void tick(double interval);

  double rate(std::size_t i) const { return avg_[i]; }  // r_avg [Hz]
  std::span<const double> rates() const { return avg_; }
  std::size_t size() const { return avg_.size(); }
  // Checkpoints (core/state_visitor.hpp).
  void visit_state(state_visitor& v) {
    v.flag("slow", slow_);
    v.fixed("avg", avg_);
    v.fixed("count", count_);
    v.resizable("phase_count", phase_count_);
    v.scalar("phase_time", phase_time_);
    v.resizable("held", held_);
  }

 private:
  const population* pop_;
  double tau_;                        // τ_avg [ms]
  bool slow_ = false;
  std::vector<double> avg_;           // r_avg [Hz]
  std::vector<std::uint32_t> count_;  // spikes since the last tick
  std::vector<double> phase_count_;   // spikes in the ticked part of the current fast phase
  double phase_time_ = 0.0;           // ticked time of the current fast phase [ms]
  std::vector<double> held_;          // r_held of the current slow phase [Hz]
};

}  // namespace plastix
