#include "plastix/plasticity/rules.hpp"

#include <variant>

#include "plastix/synapse/projection.hpp"

namespace plastix {

std::unique_ptr<plasticity_rule> make_rule(const rule_params& p, rule_context& ctx) {
  return std::visit([&](const auto& r) { return build_rule(r, ctx); }, p);
}

}  // namespace plastix
