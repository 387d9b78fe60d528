// Looking up the populations and projections of a description by name (one lookup for readers, checks and setup).
#pragma once
#include <string_view>

#include "plastix/sim/network.hpp"

namespace plastix {

// The population named `name`, or nullptr when there is none.
const population_spec* find_population(const experiment_spec& spec, std::string_view name);
population_spec* find_population(experiment_spec& spec, std::string_view name);
// The projection named `name`, or nullptr when there is none.
const projection_spec* find_projection(const experiment_spec& spec, std::string_view name);

}  // namespace plastix
