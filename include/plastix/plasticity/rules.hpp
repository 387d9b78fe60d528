// The catalogue of plasticity rules: the factory that builds a rule for a projection. Their names, parameters and
// value checks: spec/rule_kinds.hpp.
#pragma once
#include <memory>
#include <string>
#include <vector>

#include "plastix/plasticity/calcium.hpp"
#include "plastix/plasticity/calcium_control.hpp"
#include "plastix/plasticity/clopath.hpp"
#include "plastix/plasticity/consolidation.hpp"
#include "plastix/plasticity/hebbian.hpp"
#include "plastix/plasticity/istdp.hpp"
#include "plastix/plasticity/scaling.hpp"
#include "plastix/plasticity/stdp.hpp"
#include "plastix/plasticity/stp.hpp"
#include "plastix/plasticity/structural.hpp"
#include "plastix/plasticity/triplet.hpp"
#include "plastix/spec/rule_kinds.hpp"
#include "plastix/synapse/rule.hpp"

namespace plastix {

// Builds the rule for `proj` (registers the traces it needs).
std::unique_ptr<plasticity_rule> make_rule(const rule_params& p, projection& proj);

}  // namespace plastix
