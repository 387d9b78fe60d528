// The interface every plasticity rule implements. A projection may stack several rules (e.g. STDP + STP +
// scaling); they are called in the order they were added. Hooks and when they run within one time step
// (see simulation.cpp for the full order):
//   on_pre   step 4: a presynaptic spike reaches synapses [begin, end) of the projection (after its delay);
//   on_post  step 5: post neuron `post` spiked in this step; its synapses are proj.incoming(post);
//   on_step  step 6: every step, for continuous rules;
//   on_slow  step 7: every slow_interval() of biological time (homeostasis, consolidation, structural change).
// A pre spike and a post spike in the same step: on_pre runs first, then on_post.
#pragma once
#include <cstdint>

#include "plastix/neuron/population.hpp"

namespace plastix {

class projection;

class plasticity_rule {
 public:
  virtual ~plasticity_rule() = default;
  virtual const char* name() const = 0;
  virtual void on_pre(projection& proj, std::uint32_t begin, std::uint32_t end, const step_context& ctx) {}
  virtual void on_post(projection& proj, std::uint32_t post, const step_context& ctx) {}
  virtual void on_step(projection& proj, const step_context& ctx) {}
  virtual void on_slow(projection& proj, const step_context& ctx) {}
  virtual double slow_interval() const { return 0.0; }  // [ms]; 0 = no slow hook
};

}  // namespace plastix
