// Voltage-based STDP (Clopath et al. 2010): the rule's factory. Its model and parameters:
// plastix/spec/rules/clopath.hpp.
#pragma once
#include <memory>

#include "plastix/spec/rules/clopath.hpp"

namespace plastix {

class plasticity_rule;
class projection;

std::unique_ptr<plasticity_rule> make_clopath(const clopath_params& p, projection& proj);

}  // namespace plastix
