// The value checks of the rules' parameters: every problem comes from the rule's declaration (spec/catalogue.hpp
// problems: bounds of each key, constraints between keys); validate_rule keeps the first, as a message.
#include <sstream>

#include "plastix/spec/rule_kinds.hpp"
#include "plastix/spec/rules/intrinsic.hpp"

namespace plastix {

std::string validate_calcium(const calcium_params& p) {
  const auto problems = calcium_params::declare().problems(p);
  return problems.empty() ? "" : problems.front().message;
}

std::string validate_intrinsic(const intrinsic_params& p) {
  std::ostringstream os;
  if (!(p.target_rate >= 0.0)) os << "target_rate must be >= 0 Hz, got " << p.target_rate << " Hz";
  else if (!(p.eta >= 0.0)) os << "eta must be >= 0, got " << p.eta * 1e3 << " pA/(Hz s)";
  else if (!(p.tau_avg > 0.0)) os << "tau_avg must be > 0 ms, got " << p.tau_avg << " ms";
  else if (!(p.interval > 0.0)) os << "interval must be > 0 ms, got " << p.interval << " ms";
  else if (!(p.i_min <= 0.0 && 0.0 <= p.i_max))
    os << "the bounds must satisfy i_min <= 0 pA <= i_max, got i_min = " << p.i_min << " pA and i_max = " << p.i_max
       << " pA";
  return os.str();
}

std::string validate_rule(const rule_params& p) {
  const auto problems = rule_problems(p);
  return problems.empty() ? "" : problems.front().message;
}

}  // namespace plastix
