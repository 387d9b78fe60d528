// Inhibitory STDP (Vogels et al. 2011): the rule's factory. Its model and parameters: plastix/spec/rules/istdp.hpp.
#pragma once
#include <limits>
#include <memory>

#include "plastix/spec/rules/istdp.hpp"

namespace plastix {

class plasticity_rule;
class projection;

std::unique_ptr<plasticity_rule> make_istdp(const istdp_params& p, projection& proj);

}  // namespace plastix
