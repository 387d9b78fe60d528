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

std::unique_ptr<plasticity_rule> make_hebbian(const hebb_params& p, projection& proj);
std::unique_ptr<plasticity_rule> make_hebbian(const oja_params& p, projection& proj);
std::unique_ptr<plasticity_rule> make_hebbian(const bcm_params& p, projection& proj);
std::unique_ptr<plasticity_rule> make_hebbian(const covariance_params& p, projection& proj);

// The running quantities of a rate rule, for inspection and tests (empty where the rule has none): BCM's θ per
// post neuron; the covariance rule's ⟨x⟩ per pre neuron and ⟨y⟩ per post neuron.
struct hebbian_state {
  std::span<const double> theta, x_avg, y_avg;
};
// Throws plastix::error when `rule` is not a rate rule.
hebbian_state inspect_hebbian(const plasticity_rule& rule);

}  // namespace plastix
