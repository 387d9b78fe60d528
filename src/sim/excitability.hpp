// Internal to sim/: a population driven by a neuromodulator (`modulated_by` of a [[population]],
// spec/modulation.hpp): over step s its neurons receive the input current I = gain·(L(s·dt) − baseline)/uM in
// i_ext, L the modulator's level at t = s·dt before the events of step s (its track, synapse/modulator_track.hpp).
// Applied at step 0 of simulation::advance, beside the protocols' current pulses: i_ext changes by the difference
// to the current applied before, so that pulses and the drive add up.
#pragma once
#include <cstdint>

#include "plastix/core/state_visitor.hpp"
#include "plastix/neuron/population.hpp"
#include "plastix/spec/modulation.hpp"
#include "plastix/synapse/signals.hpp"

namespace plastix {

class excitability_drive {
 public:
  excitability_drive(population& pop, const excitability_modulation& m, signals& sig)
      : pop_(pop), m_(m), track_(sig.read_track(m.modulator)) {}
  // Step 0 of step `step`: the current of L(step·dt).
  void on_step(std::int64_t step, double dt) {
    const double current = m_.current(track_.level_at(static_cast<double>(step) * dt));  // [pA]
    if (current == applied_) return;
    const double change = current - applied_;
    for (double& i : pop_.i_ext()) i += change;
    applied_ = current;
  }
  const std::string& population_name() const { return pop_.name(); }
  // Checkpoints: the current in i_ext now (i_ext itself is the population's).
  void visit_state(state_visitor& v) { v.scalar("applied", applied_); }

 private:
  population& pop_;
  excitability_modulation m_;
  const modulator_track& track_;
  double applied_ = 0.0;  // [pA]
};

}  // namespace plastix
