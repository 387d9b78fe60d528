// The kinds of plasticity rules a description can hold: their parameters (spec/rules/*.hpp), names and value
// checks. The rules themselves (what they do at run time) are in plasticity/ (plasticity/rules.hpp make_rule).
#pragma once
#include <string>
#include <variant>
#include <vector>

#include "plastix/spec/rules/calcium.hpp"
#include "plastix/spec/rules/calcium_control.hpp"
#include "plastix/spec/rules/clopath.hpp"
#include "plastix/spec/rules/hebbian.hpp"
#include "plastix/spec/rules/istdp.hpp"
#include "plastix/spec/rules/scaling.hpp"
#include "plastix/spec/rules/stdp.hpp"
#include "plastix/spec/rules/stp.hpp"
#include "plastix/spec/rules/structural.hpp"
#include "plastix/spec/rules/tag_trigger.hpp"
#include "plastix/spec/rules/triplet.hpp"

namespace plastix {

// Parameters of one plasticity rule on a projection (plasticity/*.hpp). A projection may stack several.
using rule_params = std::variant<stdp_params, triplet_params, stp_params, hebb_params, oja_params, bcm_params,
                                 covariance_params, calcium_params, clopath_params, calcium_control_params, tag_trigger_params,
                                 structural_params,
                                 istdp_params, scaling_params>;

// Names of the rules in rule_params order ("stdp", "triplet", ...).
const std::vector<std::string>& rule_names();
std::string rule_name(const rule_params& p);
// Whether the rule works on rates (hebb, oja, bcm, covariance: both populations must be rate populations) rather
// than on spikes (every other rule: both populations must be spiking).
bool is_rate_rule(const rule_params& p);

// The state a monitor can sample per presynaptic neuron of a projection with this rule (plasticity_rule::state_value;
// stp: "u", "x"); empty for most rules.
std::vector<std::string> rule_pre_state_names(const rule_params& p);

// Checks a rule's parameters; returns "" if valid, else what is wrong (e.g. "tau_plus must be > 0 ms, got -1 ms").
std::string validate_rule(const rule_params& p);

// The rule's own checks against the whole experiment: check_in(params, site) where the rule declares one beside
// its parameters (spec/rules/*.hpp; spec/rule_site.hpp). Throws plastix::error at the rule's line and key.
struct rule_site;
void check_rule_in(const rule_site& site);

}  // namespace plastix
