// Synaptic scaling: the rule's factory. Its model and parameters: plastix/spec/rules/scaling.hpp.
#pragma once
#include <limits>
#include <memory>

#include "plastix/spec/rules/scaling.hpp"

namespace plastix {

class plasticity_rule;
class projection;

std::unique_ptr<plasticity_rule> make_scaling(const scaling_params& p, projection& proj);

}  // namespace plastix
