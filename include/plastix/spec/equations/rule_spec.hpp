// A plasticity rule written as equations (docs/equations.md): what the experiment file gives (constants, state
// with units and initial values, ODEs, event statements) and what analyse() derives from it after checking it
// (the dimension of every expression, the pre/post traces as shared event-driven traces, the statements the
// compiled kernels run). The spec layer knows nothing of how the rule runs (plasticity/equations.cpp).
#pragma once
#include <optional>
#include <string>
#include <vector>

#include "plastix/core/dims.hpp"
#include "plastix/core/distribution.hpp"
#include "plastix/spec/equations/expr.hpp"
#include "plastix/spec/rules/pairing.hpp"

namespace plastix::equations {

// A named quantity: a constant, or a state variable with its initial value; in coherent internal units.
struct quantity_def {
  std::string name;
  double value = 0.0;
  dims dim;
  source_ref where;
  // The unit as written when it is a product or quotient of units worth one coherent unit ("mV/ms", "nS*ms"), else
  // empty: the name a recording gives a state whose unit the catalogue does not have.
  std::string unit;
  // Per-synapse state only: drawn for each synapse from this distribution (in coherent internal units) instead of
  // `value`, from a counter-based stream keyed by the synapse's (pre, post) (docs/equations.md).
  std::optional<distribution> init;
};

// A per-neuron trace of the pre or the post side: dX/dt = −X/τ between events, X += jump (all-to-all) or X = jump
// (nearest) at the side's spike. Held by the projection's trace bank (synapse/traces.hpp) as a trace that jumps by
// 1, times `jump`: shared with every rule that asks for the same (τ, pairing).
struct trace_def {
  std::string name;
  bool pre = true;  // pre side (per presynaptic neuron and delay) or post side (per post neuron)
  dims dim;
  double tau = 0.0;   // [ms]
  pairing mode = pairing::all_to_all;
  double jump = 1.0;  // [dim]
};

// A per-synapse ODE and how it is integrated each step: exactly (X *= e^{−dt/τ}) for dX/dt = −X/τ with τ a
// constant, else by forward Euler (X += dt·f, every f evaluated before any X changes).
// An event-driven ODE (`event_driven` key, as Brian2's "(event-driven)" flag) is a decay dX/dt = −X/τ kept in
// closed form: X is brought to the present (X *= e^{−(t − t_last)/τ}) only when the synapse's event reads it.
struct ode_def {
  std::string target;
  expr rhs;
  bool exact_decay = false;
  double tau = 0.0;  // [ms], exact_decay
  bool event_driven = false;
};

struct rule_spec {
  std::string label = "equations";  // the rule's name in messages
  std::vector<quantity_def> constants;
  std::vector<quantity_def> synapse;    // per-synapse state
  std::vector<quantity_def> pre, post;  // per-neuron traces (initial value 0)
  std::vector<std::string> signals;     // named global signals read (modulator levels [uM])
  dims weight;                          // the projection's weight unit
  std::optional<double> w_min, w_max;   // weight bounds, applied after each event's statements
  source_ref where;                     // the rule's table
  equation_text equations, on_pre, on_post;
  equation_text on_tick;                // statements per synapse every `tick` (at the slow hooks)
  double tick = 0.0;                    // [ms]; 0: no on_tick
  std::vector<std::string> event_driven;  // synapse variables whose ODE is event-driven (`event_driven` key)
  // The post population's state that the rule may read as <name>_post, with its dimension (value unused): set by
  // the reader from the post population's model before analyse(); v_post is always readable.
  std::vector<quantity_def> post_neuron;

  // Derived by analyse().
  std::vector<trace_def> traces;
  std::vector<ode_def> odes;             // per-synapse ODEs
  std::vector<statement> pre_statements;   // per synapse, at a presynaptic spike (trace updates taken out)
  std::vector<statement> post_statements;  // per synapse, at a postsynaptic spike
  std::vector<statement> tick_statements;  // per synapse, every `tick`
};

// The dimension of a name an expression may read, or nullopt: constants, state, traces, w, t, signals, v_post, units.
std::optional<dims> dims_of_name(const rule_spec& r, const std::string& name);

// Whether `name` is the post neuron's state: v_post, or <x>_post for x in post_neuron (not a name of the rule's own).
bool reads_post_neuron(const rule_spec& r, const std::string& name);

// Parses and checks the rule; fills the derived fields. Throws plastix::error at the file, line and column of the
// first problem: a syntax error, an unknown name (with the closest valid one), two dimensions that disagree, a
// write to what cannot be written, a trace whose dynamics are not those of a trace.
void analyse(rule_spec& r);

// The value of an expression made of numbers, units and constants only (nullopt if it reads anything else).
std::optional<double> constant_value(const rule_spec& r, const expr& e);

// "16.8 ms", "0.5 uM", "0.01", "2 mV/ms": a value and its unit, in coherent internal units. Throws plastix::error at
// `where` when the text is not that.
quantity_def parse_value(const std::string& name, const std::string& text, const source_ref& where);

}  // namespace plastix::equations
