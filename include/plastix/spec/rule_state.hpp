// The state a plasticity rule declares, recordable by name ([[monitor]] type = "state"; spec/catalogue.hpp): its
// declaration's, or for a rule written as equations the variables and traces its table declares.
#pragma once
#include <vector>

#include "plastix/spec/rule_kinds.hpp"

namespace plastix {

// The declaration of a rule written as equations with its own state (src/spec/equations/declaration.cpp): the
// per-synapse variables (per synapse), the pre traces (per presynaptic neuron) and the post traces (per post
// neuron), each in its unit: the projection's weight unit, one of the catalogue's dimensions (1, ms, mV, nS, pA,
// pF, uM), or another unit in coherent internal units (state_info::unit: "mV/ms" as written, else e.g. "1/ms").
model_info equations_model(const equations_params& p);

// rule_model(p).state, or equations_model(p).state for a rule written as equations.
std::vector<state_info> rule_state(const rule_params& p);

}  // namespace plastix
