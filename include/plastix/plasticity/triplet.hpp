// Triplet STDP: the rule's factory. Its model and parameters: plastix/spec/rules/triplet.hpp.
#pragma once
#include <memory>
#include <string>
#include <vector>

#include "plastix/spec/rules/triplet.hpp"

namespace plastix {

class plasticity_rule;
class projection;

std::unique_ptr<plasticity_rule> make_triplet(const triplet_params& p, projection& proj);

}  // namespace plastix
