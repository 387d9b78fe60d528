// C++ for the hot loops of a rule written as equations (plasticity/equations.cpp): three C-ABI kernels over the
// synapses of an event, in structure-of-arrays form, free of plastix headers so that they compile in well under a
// second. Each kernel reads its inputs from three arrays whose layout is given here by name:
//   scalars: one value per call (constants, t, dt, signals, the event's own neuron's traces and v_post, decay factors);
//   per_k:   one value per synapse of the event, gathered by the host (the other side's traces, v_post at a pre spike);
//   syn:     the per-synapse state columns (rule_spec::synapse order), and w.
//   void plx_on_pre(double* w, double* const* syn, const double* const* per_k, const double* scalars,
//                   const uint32_t* ids, size_t n);   // synapse of the k-th element: ids ? ids[k] : k
//   void plx_on_post(same);   void plx_on_step(same; ids null);   void plx_on_tick(same; ids null)
// An event-driven variable (rule_spec::event_driven) is stored as of the synapse's last event, whose time is the
// column syn[synapse.size()]: a kernel that uses one first brings all of them to t.
// Expressions keep the order of their operations as written (every operation is parenthesized), so that a rule
// written as the built-ins compute gives their values bitwise.
#pragma once
#include <string>
#include <vector>

#include "plastix/spec/equations/rule_spec.hpp"

namespace plastix::equations {

struct kernel_layout {
  // names: constants, "t", "dt", signals, traces, the post neuron's state ("v_post", "<x>_post"), "decay:<var>",
  // "w_min:", "w_max:", "tau:<event-driven var>"
  std::vector<std::string> scalars;
  std::vector<std::string> per_k;    // names: traces, the post neuron's state
  bool used = false;                 // the kernel has statements
};

struct generated_rule {
  std::string source;
  kernel_layout on_pre, on_post, on_step, on_tick;
};

generated_rule generate(const rule_spec& r);

}  // namespace plastix::equations
