// The catalogue of plasticity rules: names and the factory that builds a rule for a projection.
#pragma once
#include <memory>
#include <string>
#include <vector>

#include "plastix/plasticity/rule.hpp"
#include "plastix/sim/network.hpp"

namespace plastix {

// Names of the rules in rule_params order ("stdp", "triplet", ...).
const std::vector<std::string>& rule_names();
std::string rule_name(const rule_params& p);
// Whether the rule works on rates (hebb, oja, bcm, covariance: both populations must be rate populations) rather
// than on spikes (every other rule: both populations must be spiking).
bool is_rate_rule(const rule_params& p);

// The state a monitor can sample per presynaptic neuron of a projection with this rule (plasticity_rule::pre_state;
// stp: "u", "x"); empty for most rules.
std::vector<std::string> rule_pre_state_names(const rule_params& p);

// Builds the rule for `proj` (registers the traces it needs).
std::unique_ptr<plasticity_rule> make_rule(const rule_params& p, projection& proj);

// Checks a rule's parameters; returns "" if valid, else what is wrong (e.g. "tau_plus must be > 0 ms, got -1 ms").
std::string validate_rule(const rule_params& p);

}  // namespace plastix
