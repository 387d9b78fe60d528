// Parameters that change during a run (param_change in spec/experiment.hpp; [[phase]] set, docs/experiment-files.md):
// what may change, and the checks of the changes of a description.
#pragma once
#include <string>

#include "plastix/spec/experiment.hpp"

namespace plastix {

// The range checks of a neuron model's parameters (spec/validate.cpp): "" or the first problem.
std::string model_validate(const neuron_params& p);

// Why the neuron model parameters `was` cannot become `now` during a run, or "" when they can: the model must stay
// the same and be a membrane model (lif, adex, izhikevich, adex_clopath; sources change their rate by a
// [[phase.stimulus]]).
std::string neuron_change_problem(const neuron_params& was, const neuron_params& now);
// Why a rule with parameters `was` cannot run on with `now`, or "" when it can: the rule kind stays, the rule must
// support changes (plasticity_rule::set_params), and keys the running rule has built into shared state (trace time
// constants, pairing scheme, protein pools) stay.
std::string rule_change_problem(const rule_params& was, const rule_params& now);

// Checks the changes of every phase (after the rest of validate()): each names an existing population or rule, may
// change it (above), and its parameters are in range; errors name the phase and the change's key and line.
void validate_param_changes(const experiment_spec& spec);

}  // namespace plastix
