// Parameters that change during a run (param_change in spec/experiment.hpp; [[phase]] set, docs/experiment-files.md):
// what may change, and the checks of the changes of a description.
#pragma once
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "plastix/spec/experiment.hpp"

namespace plastix {

// The range checks of a neuron model's parameters (spec/validate.cpp): "" or the first problem.
std::string model_validate(const neuron_params& p);

// Why the neuron model parameters `was` cannot become `now` during a run, or "" when they can: the model must stay
// the same and be a membrane model (lif, adex, izhikevich, adex_clopath; sources change their rate by a
// [[phase.stimulus]]).
std::string neuron_change_problem(const neuron_params& was, const neuron_params& now);
// What rule kind `rule` declared about changes during a run (declaration::changes_during_run / fixed_during_run,
// beside its parameters): the keys that stay; every other declared key changes through the rule's set_params
// (plasticity_rule::set_params) from the step of the change on. nullptr: the rule declared nothing: its parameters
// cannot change at all. Every rule of the catalogue must decide (tests/unit/test_phase_set_catalogue.cpp).
const std::vector<fixed_key>* rule_keys_fixed_during_run(std::string_view rule);

// Why a rule with parameters `was` cannot run on with `now`, or "" when it can: the rule kind stays, the rule must
// support changes (above), and the keys it fixed stay.
std::string rule_change_problem(const rule_params& was, const rule_params& now);

// The parameters in force after change c when `in_force` were in force before it: c.params when in_force are those c
// was read against (c.before: the phases run in the file's order; or c.before is unknown), else in_force with the declared keys that c
// changed (those where c.params differs from c.before) taken from c.params.
std::variant<neuron_params, rule_params> params_after(const std::variant<neuron_params, rule_params>& in_force,
                                                      const param_change& c);
// Rewrites the changes of spec.phases, in the order the phases run (a sweep condition may reorder or repeat them),
// to hold the parameters in force after each (params_after), so that each phase's set applies to the values as run.
// Changes that name no existing population or rule are left for validate_param_changes.
void resolve_param_changes(experiment_spec& spec);

// Checks the changes of every phase (after the rest of validate()): each names an existing population or rule, may
// change it (above), and its parameters are in range; errors name the phase and the change's key and line.
void validate_param_changes(const experiment_spec& spec);

}  // namespace plastix
