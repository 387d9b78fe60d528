// The state a plasticity rule declares, recordable by name ([[monitor]] type = "state"; spec/catalogue.hpp): its
// declaration's, or for a rule written as equations the variables and traces its table declares.
#pragma once
#include <vector>

#include "plastix/spec/rule_kinds.hpp"

namespace plastix {

// The declaration of a rule written as equations with its own state (src/spec/equations/declaration.cpp): the
// per-synapse variables (per synapse), the pre traces (per presynaptic neuron) and the post traces (per post
// neuron), each in its unit: the projection's weight unit, or one of the catalogue's dimensions (1, ms, mV, nS, pA,
// pF, uM). A variable in another unit (mV/ms, 1/ms) is not listed: a monitor could not name its unit.
model_info equations_model(const equations_params& p);

// rule_model(p).state, or equations_model(p).state for a rule written as equations.
std::vector<state_info> rule_state(const rule_params& p);

}  // namespace plastix
