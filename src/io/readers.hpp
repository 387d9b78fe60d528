// Internal to io/: one reader per kind of table of an experiment file.
#pragma once
#include <string>
#include <vector>

#include "plastix/spec/experiment.hpp"
#include "plastix/neuron/models.hpp"
#include "toml_reader.hpp"

namespace plastix::io_detail {

// Model parameters (keys of a [[population]] table) of `model`, a name from neuron_model_names().
neuron_params read_neuron_params(const table_reader& t, const std::string& model);
// The parameter keys read_neuron_params accepts for `model`.
std::vector<std::string> neuron_param_keys(const std::string& model);
// State variables of `model` (init = { ... } may also set "g_<receptor>" and "i_ext"), and their dimension.
std::vector<std::string> neuron_state_names(const std::string& model);
dimension state_dimension(const std::string& model, const std::string& variable);  // state or i_ext

population_spec read_population(const table_reader& t);
receptor_params read_receptor(const table_reader& t);
// Dimension of a receptor's state and of the weights onto it: conductance, current or voltage (delta).
dimension receptor_dimension(receptor_kind kind);
// `populations`: those read so far, to tell whether the weight is a conductance or a current.
projection_spec read_projection(const table_reader& t, const std::vector<population_spec>& populations);
monitor_spec read_monitor(const table_reader& t);
protocol_spec read_protocol(const table_reader& t);
sweep_spec read_sweep(const table_reader& t);
// A [[projection.plasticity]] table; `weight` is the projection's weight kind (bounds carry its unit).
// post_state: the state of the post population's model, which a rule written as equations may read as <name>_post
// (post_state_of).
rule_spec read_rule(const table_reader& t, const quantity_kind& weight,
                    const std::vector<equations::quantity_def>& post_state = {});
// The state variables of a neuron model with their dimensions: a built-in model's declared state, a written model's
// `state`.
std::vector<equations::quantity_def> post_state_of(const neuron_params& model);
phase_spec read_phase(const table_reader& t);
// The `set` of every [[phase]] into spec.phases[k].changes (read_phase_set.cpp), after the rest of the document.
void read_phase_changes(const toml::table& root, const document& doc, experiment_spec& spec);

analysis_spec read_analysis(const table_reader& t);
// [[modulator]] (read_modulator.cpp), with its [[modulator.reward]] conditions.
modulator_spec read_modulator(const table_reader& t);
// `modulated_by` of a rule or a population (read_modulator.cpp; spec/modulation.hpp): the inline table `key` of t.
rate_modulation read_rate_modulation(const table_reader& t, std::string_view key);
excitability_modulation read_excitability_modulation(const table_reader& t, std::string_view key);

// Memory patterns (read_patterns.cpp): [[patterns]] sets, the pattern keys of a stimulus (patterns, pattern,
// fraction, on, off) and the keys of a recall analysis.
pattern_set_spec read_pattern_set(const table_reader& t);
void read_pattern_stimulus(const table_reader& t, stimulus_spec& s);
void read_recall(const table_reader& t, analysis_spec& a);

// The named quantities of a model written as equations (read_plasticity.cpp): each value of the table `key` of t
// ("-70 mV", 0.5), finite, appended to `out`; `example` shows a value in the message for a value of another type.
// With `distributions`, a value may also be a distribution { uniform = [lo, hi] } or { normal = [mean, sd], min = ...,
// max = ... } of such values (a rule's per-synapse state), kept in quantity_def::init.
void read_equation_values(const table_reader& t, std::string_view key, std::vector<equations::quantity_def>& out,
                          const char* example, bool distributions = false);

// Rate populations (read_rate.cpp).
bool is_rate_model(const std::string& model);  // "rate", "rate_patterns", "rate_gaussian"
neuron_params read_rate_params(const table_reader& t, const std::string& model);
std::size_t rate_source_size(const neuron_params& p);  // inputs a rate source describes (0 for other models)
table_spec read_table(const table_reader& t);
metric_spec read_metric(const table_reader& t);  // [[metric]]

}  // namespace plastix::io_detail
