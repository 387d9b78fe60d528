// The interface every plasticity rule implements. A projection may stack several rules (e.g. STDP + STP +
// scaling); they are called in the order they were added. When the hooks run within one time step (the full
// order is in simulation.cpp):
//   on_transmit step 4: a presynaptic spike of neuron `pre` reaches its synapses with delay slot `slot`; returns the
//                       factor by which it is transmitted (short-term plasticity); rules multiply;
//   on_pre      step 4: after transmission, for the synapses [begin, end) that the spike reached;
//   on_post     step 5: post neuron `post` spiked (seen at the synapses after the dendritic delay);
//   on_step     step 6: every step, for continuous rules;
//   on_slow     step 7: every slow_interval() of biological time (homeostasis, consolidation, structure).
// Timing with delays: a synapse sees the pre spike after the axonal delay and the post spike after the dendritic
// delay. plastix shifts both by the dendritic delay, so on_pre runs when the spike reaches the receptor
// (t_pre + delay) and on_post at t_post + 2·dendritic_delay: the interval each synapse sees is the true one.
// A pre event and a post event in the same step: on_pre runs first, then on_post. Traces are incremented after
// all rules have seen an event (a rule reads x(t−)).
#pragma once
#include <cstdint>

#include "plastix/neuron/population.hpp"

namespace plastix {

class projection;
struct phase_spec;

// One presynaptic spike reaching the synapses [begin, end) of neuron `pre` that share delay slot `slot`.
struct pre_event {
  std::uint32_t pre, slot, begin, end;
};

class plasticity_rule {
 public:
  virtual ~plasticity_rule() = default;
  virtual const char* name() const = 0;
  virtual double on_transmit(projection& proj, const pre_event& ev, const step_context& ctx) { return 1.0; }
  virtual void on_pre(projection& proj, const pre_event& ev, const step_context& ctx) {}
  virtual void on_post(projection& proj, std::uint32_t post, const step_context& ctx) {}
  virtual void on_step(projection& proj, const step_context& ctx) {}
  virtual void on_slow(projection& proj, const step_context& ctx) {}
  virtual double slow_interval() const { return 0.0; }  // [ms]; 0 = no slow hook
  // At the start of each phase (simulation::run_phase): phase-wide interventions, e.g. block_protein_synthesis.
  virtual void on_phase(const phase_spec& phase) {}
};

}  // namespace plastix
