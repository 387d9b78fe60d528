// The kinds of plasticity rules a description can hold: their parameters (spec/rules/*.hpp), names and value
// checks. The rules themselves (what they do at run time) are in plasticity/ (plasticity/rules.hpp make_rule).
#pragma once
#include <string>
#include <variant>
#include <vector>

#include "plastix/spec/rules/calcium.hpp"
#include "plastix/spec/rules/calcium_control.hpp"
#include "plastix/spec/rules/clopath.hpp"
#include "plastix/spec/rules/dopamine_stdp.hpp"
#include "plastix/spec/rules/equations.hpp"
#include "plastix/spec/rules/hebbian.hpp"
#include "plastix/spec/rules/istdp.hpp"
#include "plastix/spec/rules/normalization.hpp"
#include "plastix/spec/rules/pf_purkinje.hpp"
#include "plastix/spec/rules/reward_stdp.hpp"
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
                                 istdp_params, scaling_params, normalization_params,
                                 dopamine_stdp_params, reward_stdp_params,
                                 pf_purkinje_params,
                                 equations_params>;

// Adding a rule: its parameter struct with a static declare() (spec/rules/*.hpp, spec/catalogue.hpp) and its type
// in this variant; names, the reader, the value checks and the docs tables come from the declaration.

// The declarations of the rules in rule_params order.
const std::vector<const model_info*>& rule_models();
// The declaration of the rule p holds.
const model_info& rule_model(const rule_params& p);
// Names of the rules in rule_params order ("stdp", "triplet", ...).
const std::vector<std::string>& rule_names();
std::string rule_name(const rule_params& p);
// Whether the rule works on rates (hebb, oja, bcm, covariance: both populations must be rate populations) rather
// than on spikes (every other rule: both populations must be spiking): the declaration's rates().
bool is_rate_rule(const rule_params& p);
// Whether the rule removes and creates synapses (structural): the declaration's rewires().
bool rewires_synapses(const rule_params& p);

// p with each of its learning rates (rule_model(p).learning_rates; `modulated_by`, spec/modulation.hpp) times f.
rule_params scale_learning_rates(const rule_params& p, double f);

// The state a monitor can sample per presynaptic neuron of a projection with this rule (plasticity_rule::state_value;
// stp: "u", "x"); empty for most rules.
std::vector<std::string> rule_pre_state_names(const rule_params& p);

// Every problem of a rule's parameters (declare().problems: keys out of range, then constraints between keys), each
// naming its key ("tau_plus", "tau_plus must be > 0 ms, got -1 ms"); empty if valid.
std::vector<key_problem> rule_problems(const rule_params& p);
// The first of rule_problems as a message ("" if valid).
std::string validate_rule(const rule_params& p);

// The rule's own checks against the whole experiment: check_in(params, site) where the rule declares one beside
// its parameters (spec/rules/*.hpp; spec/rule_site.hpp). Throws plastix::error at the rule's line and key.
struct rule_site;
void check_rule_in(const rule_site& site);

}  // namespace plastix
