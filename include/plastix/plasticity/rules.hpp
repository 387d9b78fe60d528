// The catalogue of plasticity rules: the factory that builds a rule for a projection. Their names, parameters and
// value checks: spec/rule_kinds.hpp.
#pragma once
#include <memory>
#include <string>
#include <vector>

#include "plastix/plasticity/calcium.hpp"
#include "plastix/plasticity/calcium_control.hpp"
#include "plastix/plasticity/consolidation.hpp"
#include "plastix/plasticity/hebbian.hpp"
#include "plastix/plasticity/structural.hpp"
#include "plastix/spec/rule_kinds.hpp"
#include "plastix/synapse/rule.hpp"
#include "plastix/synapse/rule_context.hpp"

namespace plastix {

// Builds the rule for ctx.proj (registers the traces it needs): build_rule of the alternative held by p
// (synapse/rule_context.hpp; each rule's .cpp specialises it).
std::unique_ptr<plasticity_rule> make_rule(const rule_params& p, rule_context& ctx);
// The rule of a [[projection.plasticity]] table: make_rule(r.params), wrapped when r has `modulated_by` so that its
// learning rates follow the modulator (plasticity/modulated_rule.cpp; spec/modulation.hpp).
std::unique_ptr<plasticity_rule> make_rule(const rule_spec& r, rule_context& ctx);

}  // namespace plastix
