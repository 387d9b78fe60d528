// What a rule's parameter header (spec/rules/*.hpp) needs to declare the rule's factory beside its parameters,
// without including the engine above spec/ (include/plastix/LAYERS):
//   std::unique_ptr<plasticity_rule> build_rule(const stdp_params& p, rule_context& ctx);
// defined in the rule's own .cpp (plasticity/), found by plasticity/rules.cpp make_rule through the rule_params
// variant. A plain function per rule (an overload, not a template specialisation): a rule without its factory is a
// compile error at make_rule, and every use sees the declaration.
#pragma once
#include <memory>

namespace plastix {

class plasticity_rule;  // synapse/rule.hpp
struct rule_context;    // synapse/rule_context.hpp

}  // namespace plastix
