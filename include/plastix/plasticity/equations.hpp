// A rule written as equations once built (src/plasticity/equations.cpp; docs/equations.md): what the rest of plastix
// asks of it by name.
#pragma once
#include <cstddef>
#include <string>

#include "plastix/spec/catalogue.hpp"
#include "plastix/synapse/rule.hpp"

namespace plastix {

// Its declaration with its own state (spec/rule_state.hpp equations_model), kept by the rule; nullptr for a rule
// of another kind. make_rule gives it to the rule as its model().
const model_info* equations_declaration(const plasticity_rule& rule);

// The name of its per-synapse column k (plasticity_rule::synapse_columns order), "" for a rule of another kind
// (the finite guard's messages).
std::string equations_column_name(const plasticity_rule& rule, std::size_t k);

}  // namespace plastix
