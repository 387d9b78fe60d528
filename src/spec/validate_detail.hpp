// Internal to spec/validate: the checks of rate populations, rate projections and rate rules, of [[analysis]],
// [[patterns]] and modulators, and the helpers they share (validate_common.cpp). Each check throws plastix::error at
// the offending item's `where` with a dotted key ending in the field.
#pragma once
#include <string>

#include "plastix/spec/experiment.hpp"

namespace plastix::validate_detail {

// Throws plastix::error at `where` (file, line) with `key` as the dotted key.
[[noreturn]] void fail(const source_ref& where, const std::string& key, const std::string& message);
// The item's own key, or `fallback` when it has none (items built in code rather than read from a file).
std::string key_or(const source_ref& where, const std::string& fallback);
// The monitor of `type` named `name` that the analysis `a` (at `key`) refers to in its field `field`; an unknown name
// fails at `key.field` with the closest such monitor's name.
const monitor_spec& monitor_named(const experiment_spec& spec, const analysis_spec& a, monitor_spec::kind type,
                                  const std::string& name, const std::string& key, const std::string& field);

// Rate sources: their size matches the patterns or the covariance.
void check_rate_population(const population_spec& p, const std::string& key);
// Projections from or onto a rate population: both sides rate populations, no receptor, no delay, pre listed
// before post. `key` is the projection's dotted key.
void check_rate_projection(const experiment_spec& spec, const projection_spec& p, const population_spec& pre,
                           const population_spec& post, const std::string& key);
// Every projection: rate rules only between rate populations, spike-based rules only between spiking ones.
void check_rule_kinds(const projection_spec& p, const population_spec& pre, const population_spec& post,
                      const std::string& key);
// Spike and rate monitors need spikes; rate populations have none.
void check_rate_monitor(const monitor_spec& m, const population_spec& p, const std::string& key);
// Current stimuli need a membrane; rate units have none.
void check_rate_stimulus(const stimulus_spec& s, const population_spec& p, const std::string& key);
// [[analysis]] tables (recall analyses: check_patterns).
void check_analyses(const experiment_spec& spec);
// A conditioned_response analysis, the k-th (validate_conditioned_response.cpp).
void check_conditioned_response(const experiment_spec& spec, const analysis_spec& a, std::size_t k);
// A firing_pattern analysis, the k-th (validate_firing_pattern.cpp).
void check_firing_pattern(const experiment_spec& spec, const analysis_spec& a, std::size_t k);
// [[patterns]] sets, the pattern stimuli of the phases and recall analyses (validate_patterns.cpp).
void check_patterns(const experiment_spec& spec);
// [[modulator]] `index`: name, populations, neurons, schedule, reward conditions (spec/modulators.cpp).
void check_modulator(const experiment_spec& spec, std::size_t index);
// `modulated_by` of rules and populations (validate_modulation.cpp; spec/modulation.hpp).
void check_modulations(const experiment_spec& spec);

}  // namespace plastix::validate_detail
