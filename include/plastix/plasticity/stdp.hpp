// Pair-based STDP: the rule's factory. Its model and parameters: plastix/spec/rules/stdp.hpp.
#pragma once
#include <memory>

#include "plastix/spec/rules/stdp.hpp"

namespace plastix {

class plasticity_rule;
class projection;

std::unique_ptr<plasticity_rule> make_stdp(const stdp_params& p, projection& proj);

}  // namespace plastix
