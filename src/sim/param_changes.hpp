// Parameter changes during a run (private to sim/; param_change in spec/experiment.hpp): the live populations and
// rules take their new parameters.
#pragma once
#include <functional>
#include <string>

#include "plastix/neuron/population.hpp"
#include "plastix/spec/experiment.hpp"
#include "plastix/synapse/projection.hpp"

namespace plastix {

// Gives the population or rule of `c` its new parameters (validate() has checked that it can take them).
void apply_param_change(const param_change& c, const std::function<population&(const std::string&)>& population_named,
                        const std::function<projection&(const std::string&)>& projection_named,
                        const step_context& ctx);

}  // namespace plastix
