// The description of a model and an experiment, kept separate from its execution (Arbor's recipe idea).
// These are plain values in internal units (core/units.hpp). io/config builds them from an experiment file,
// Python builds them directly; sim/simulation instantiates them.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <variant>
#include <vector>

#include "plastix/core/distribution.hpp"
#include "plastix/core/error.hpp"
#include "plastix/neuron/adex.hpp"
#include "plastix/neuron/izhikevich.hpp"
#include "plastix/neuron/lif.hpp"
#include "plastix/neuron/sources.hpp"
#include "plastix/plasticity/stdp.hpp"
#include "plastix/plasticity/triplet.hpp"
#include "plastix/synapse/receptors.hpp"

namespace plastix {

using neuron_params = std::variant<lif::params, adex::params, izhikevich::params, poisson_source::params,
                                   spike_times_source::params, regular_source::params>;

// Names of the models in neuron_params, in variant order ("lif", "adex", ...).
const std::vector<std::string>& neuron_model_names();
bool is_source(const neuron_params& p);

struct population_spec {
  std::string name;
  std::size_t size = 0;
  neuron_params model;
  std::vector<receptor_params> receptors;                    // input channels (not for sources)
  std::vector<std::pair<std::string, distribution>> init;    // initial value of state variables, by name
  source_ref where;                                          // where it was defined (for messages)
};

// Parameters of one plasticity rule on a projection (plasticity/*.hpp). A projection may stack several.
using rule_params = std::variant<stdp_params, triplet_params>;

struct rule_spec {
  rule_params params;
  source_ref where;
};

struct connector_spec {
  enum class kind { all_to_all, one_to_one, fixed_probability, fixed_indegree, list };
  kind type = kind::all_to_all;
  double p = 0.0;                  // fixed_probability: connection probability [1]
  std::size_t indegree = 0;        // fixed_indegree: inputs per post neuron
  bool autapses = true;            // allow i→i when pre == post
  bool multapses = false;          // fixed_indegree: allow the same pair twice
  std::vector<std::pair<std::uint32_t, std::uint32_t>> pairs;  // list: (pre, post)
  std::vector<double> weights;     // list: optional weight per pair [nS or pA]
  std::vector<double> delays;      // list: optional total delay per pair [ms]
};

struct projection_spec {
  std::string name;
  std::string pre, post;           // population names
  std::string receptor;            // receptor name on the post population
  connector_spec connector;
  distribution weight = distribution::constant(1.0);   // [nS] (conductance receptor) or [pA] (current receptor)
  std::optional<distribution> delay;                   // total delay [ms]; default one time step
  double dendritic_delay = 0.0;    // part of the delay on the dendrite [ms]; the rest is axonal
  std::vector<rule_spec> plasticity;  // rules, applied in this order
  source_ref where;
};

struct monitor_spec {
  enum class kind { spikes, state, weights, rate };
  kind type = kind::spikes;
  std::string name;                 // dataset group name; defaults to target (+ variable)
  std::string target;               // population (spikes/state/rate) or projection (weights)
  std::string variable;             // state: variable name ("v", "w", "g_ampa", "i_ext" ...)
  std::vector<std::uint32_t> indices;  // neurons or synapses; empty = all
  double interval = 0.0;            // state/weights: sampling interval [ms] (0 = every step / end only);
                                    // rate: bin width [ms]
  source_ref where;
};

// Stimulation applied only during one phase.
struct stimulus_spec {
  enum class kind { rate, current };
  kind type = kind::rate;
  std::string population;
  double value = 0.0;                  // rate [Hz] (poisson/regular sources) or current [pA] (neurons)
  std::vector<std::uint32_t> neurons;  // empty = all
  source_ref where;
};

struct phase_spec {
  std::string name;
  double duration = 0.0;  // [ms]
  std::vector<stimulus_spec> stimuli;
  source_ref where;
};

struct network_spec {
  std::vector<population_spec> populations;
  std::vector<projection_spec> projections;
};

struct experiment_spec {
  std::string name = "experiment";
  std::uint64_t seed = 1;
  double dt = 0.1;  // [ms]
  network_spec network;
  std::vector<monitor_spec> monitors;
  std::vector<phase_spec> phases;  // run in order; at least one
  std::string file;                // experiment file path ("" when built in code)
  std::string file_text;           // its text, copied into results for provenance
};

// Fills in what a description may leave out: projection names ("<pre>_<post>") and monitor names
// ("<target>" or "<target>_<variable>"). Idempotent.
void fill_defaults(experiment_spec& spec);

// Checks cross-references and values (unknown population, receptor, sizes, negative time constants ...).
// Throws plastix::error naming the offending item and its source location.
void validate(const experiment_spec& spec);

}  // namespace plastix
