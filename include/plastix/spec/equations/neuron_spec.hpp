// A neuron model written as equations (docs/equations.md, "Neuron models"): what the experiment file gives (constants,
// state with units and initial values, ODEs, a threshold condition, reset statements, a refractory period) and what
// analyse() derives after checking it (each ODE's integration, the linear split that exponential Euler needs). The
// spec layer knows nothing of how the model runs (neuron/equations_population.cpp). Written in the manner of Brian2's
// NeuronGroup (Stimberg, Brette & Goodman 2019, eLife 8:e47314) and NESTML (Plotnikov et al. 2016).
#pragma once
#include <optional>
#include <string>
#include <vector>

#include "plastix/core/dims.hpp"
#include "plastix/spec/equations/dims_check.hpp"
#include "plastix/spec/equations/expr.hpp"
#include "plastix/spec/equations/rule_spec.hpp"

namespace plastix::equations {

// How the ODEs are integrated over a step of dt, every right-hand side from the values at the start of the step.
enum class neuron_method {
  // dX/dt = A + B·X with A, B free of X (X's ODE linear in X): X ← X_∞ + (X − X_∞)·e^{B·dt}, X_∞ = −A/B, A and B
  // held over the step (exact for constant A, B: the built-in lif's method); any other ODE by forward Euler.
  exponential_euler,
  euler,  // forward Euler for every ODE: X ← X + dt·f (the built-in adex's and izhikevich's method)
};

// The names a neuron model reads beyond its own: the synaptic input of its receptors at the start of the step
// (neuron/receptors.hpp synaptic_drive), the external current and the time.
inline constexpr const char* neuron_synaptic_current = "I_syn";  // g_e − g_syn·v + i [pA]: every receptor's current
inline constexpr const char* neuron_synaptic_conductance = "g_syn";  // Σ g of the conductance receptors [nS]
inline constexpr const char* neuron_external_current = "I_ext";  // current steps and stimuli (the i_ext column) [pA]

// One ODE and its integration; with exponential Euler and an ODE linear in its variable, rhs = rest + coef·X.
struct neuron_ode {
  std::string target;
  expr rhs;
  bool linear = false;  // integrated by exponential Euler (coef, rest)
  expr coef, rest;      // B and A of dX/dt = A + B·X
};

struct neuron_spec {
  std::string label = "equations";      // the model's name in messages
  std::vector<quantity_def> constants;  // parameters
  std::vector<quantity_def> state;      // per-neuron state with its initial value; "v" [mV] first
  neuron_method method = neuron_method::exponential_euler;
  double t_ref = 0.0;                   // [ms] refractory period: the state is held, no spike
  source_ref where;                     // the population's table
  equation_text equations, threshold, reset;

  // Derived by analyse().
  std::vector<neuron_ode> odes;      // in the order written
  expr condition;                    // the threshold, a comparison
  std::vector<statement> resets;     // at a spike, in the order written
};

// The dimension of a name a neuron model may read (constants, state, t, I_syn, g_syn, I_ext, units), or nullopt.
std::optional<dims> dims_of_name(const neuron_spec& n, const std::string& name);

// Parses and checks the model; fills the derived fields. Throws plastix::error at the file, line and column of the
// first problem: a syntax error, an unknown name (with the closest valid one), two dimensions that disagree, a
// missing or misplaced v, a threshold that is not a comparison, a reset of what is not state.
void analyse(neuron_spec& n);

}  // namespace plastix::equations
