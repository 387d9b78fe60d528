// The value checks of the rules' parameters: every problem comes from the rule's declaration (spec/catalogue.hpp
// problems: bounds of each key, constraints between keys); validate_rule keeps the first, as a message.
#include "plastix/spec/rule_kinds.hpp"

namespace plastix {

std::string validate_calcium(const calcium_params& p) {
  const auto problems = calcium_params::declare().problems(p);
  return problems.empty() ? "" : problems.front().message;
}

std::string validate_rule(const rule_params& p) {
  const auto problems = rule_problems(p);
  return problems.empty() ? "" : problems.front().message;
}

}  // namespace plastix
