#include "plastix/plasticity/rules.hpp"

#include <type_traits>
#include <variant>

#include "plastix/plasticity/equations.hpp"
#include "plastix/synapse/projection.hpp"

namespace plastix {

std::unique_ptr<plasticity_rule> make_rule(const rule_params& p, rule_context& ctx) {
  return std::visit(
      [&](const auto& r) {
        std::unique_ptr<plasticity_rule> rule = build_rule(r, ctx);  // the rule's own factory (spec/rule_factory.hpp)
        // The declaration; a rule written as equations keeps its own, with the state its table declares.
        const model_info* own = equations_declaration(*rule);
        rule->model_ = own ? own : &std::decay_t<decltype(r)>::declare().info();
        return rule;
      },
      p);
}

}  // namespace plastix
