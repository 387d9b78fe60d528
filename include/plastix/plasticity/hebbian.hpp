// Rate-based Hebbian rules (hebb, oja, bcm, covariance): the rules' factory and inspection. Its model and parameters:
// plastix/spec/rules/hebbian.hpp.
#pragma once
#include <limits>
#include <memory>
#include <span>
#include <string>

#include "plastix/spec/rules/hebbian.hpp"

namespace plastix {

class plasticity_rule;
class projection;


// The running quantities of a rate rule, for inspection and tests (empty where the rule has none): BCM's θ per
// post neuron; the covariance rule's ⟨x⟩ per pre neuron and ⟨y⟩ per post neuron.
struct hebbian_state {
  std::span<const double> theta, x_avg, y_avg;
};
// Throws plastix::error when `rule` is not a rate rule.
hebbian_state inspect_hebbian(const plasticity_rule& rule);

}  // namespace plastix
