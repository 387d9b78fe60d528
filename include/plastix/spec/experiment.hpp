// The description of a model and an experiment, kept separate from its execution (Arbor's recipe idea).
// These are plain values in internal units (core/units.hpp). io/config builds them from an experiment file,
// Python builds them directly; sim/simulation instantiates them. This layer includes only core/ and spec/
// (include/plastix/LAYERS).
#pragma once
#include <cstdint>
#include <limits>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

#include "plastix/core/distribution.hpp"
#include "plastix/core/error.hpp"
#include "plastix/spec/catalogue.hpp"
#include "plastix/spec/conditioned_response.hpp"
#include "plastix/spec/interventions.hpp"
#include "plastix/spec/modulation.hpp"
#include "plastix/spec/modulators.hpp"
#include "plastix/spec/neurons/adex.hpp"
#include "plastix/spec/neurons/adex_clopath.hpp"
#include "plastix/spec/neurons/equations.hpp"
#include "plastix/spec/neurons/izhikevich.hpp"
#include "plastix/spec/neurons/lif.hpp"
#include "plastix/spec/neurons/rate.hpp"
#include "plastix/spec/neurons/sources.hpp"
#include "plastix/spec/patterns.hpp"
#include "plastix/spec/protocols.hpp"
#include "plastix/spec/receptors.hpp"
#include "plastix/spec/rule_kinds.hpp"
#include "plastix/spec/rules/intrinsic.hpp"

namespace plastix {

class communicator;  // core/communicator.hpp

using neuron_params = std::variant<lif_params, adex_params, izhikevich_params, poisson_source_params,
                                   spike_times_source_params, regular_source_params, rate_unit_params,
                                   rate_patterns_source_params, rate_gaussian_source_params, adex_clopath_params,
                                   equations_neuron_params>;

// Names of the models in neuron_params, in variant order ("lif", "adex", ...).
const std::vector<std::string>& neuron_model_names();
bool is_source(const neuron_params& p);  // no input: spike sources and rate sources
bool is_rate(const neuron_params& p);    // rate populations: rate units and rate sources (neuron/rate.hpp)

// Neurogenesis (sim/neurogenesis.hpp, docs/models/neurogenesis.md): the last `unborn` neurons of a neuron population
// are born during the run ([[phase.birth]]); until then they have no synapses and their spikes are discarded. A
// newborn neuron is more excitable: an extra depolarizing current young_current·e^{−age/tau_mature}.
struct neurogenesis_spec {
  std::size_t unborn = 0;        // neurons not born at the start (the last ones of the population)
  double young_current = 0.0;    // extra current at birth [pA]
  double tau_mature = 14 * 8.64e7;  // maturation time constant [ms] (14 days)

  // [population.neurogenesis]: its keys and bounds (family "neurogenesis"; src/spec/experiment.cpp).
  static const declaration<neurogenesis_spec>& declare();
};

struct population_spec {
  std::string name;
  std::size_t size = 0;
  neuron_params model;
  std::vector<receptor_params> receptors;                    // input channels (not for sources)
  std::vector<std::pair<std::string, distribution>> init;    // initial value of state variables, by name
  std::optional<intrinsic_params> intrinsic;                 // intrinsic plasticity (spec/rules/intrinsic.hpp)
  neurogenesis_spec neurogenesis;                            // neurons born during the run (none by default)
  std::optional<excitability_modulation> modulated_by;       // a modulator driving its input current (spec/modulation.hpp)
  source_ref where;                                          // where it was defined (for messages)
};

struct rule_spec {
  rule_params params;
  source_ref where;
  std::optional<rate_modulation> modulated_by = {};  // a modulator scaling its learning rates (spec/modulation.hpp)
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
  // How spike-timing rules pair a pre and a post spike (docs/concepts.md#timing-conventions): brian2 (default) =
  // dendritic_delay as given, a pre arrival and a post spike in the same step pair as Δt = 0 (pre first), a spike
  // transmits the weight before its own update; nest = NEST's stdp_synapse and stdp_triplet_synapse: the whole
  // (single) delay is dendritic, a same-step pair does not pair (post first), the spike transmits the updated weight.
  enum class stdp_convention { brian2, nest };
  stdp_convention convention = stdp_convention::brian2;
  std::vector<rule_spec> plasticity;  // rules, applied in this order
  source_ref where;
};

struct monitor_spec {
  enum class kind { spikes, state, weights, rate, transmission };
  kind type = kind::spikes;
  std::string name;                 // dataset group name; defaults to target (+ variable)
  std::string target;               // population (spikes/state/rate) or projection (weights/transmission)
  std::string variable;             // state: variable name ("v", "w", "g_ampa", "i_ext" ...)
  bool rule_state = false;          // state: target is a projection and variable a state its plasticity rules
                                    // keep per presynaptic neuron (stp: "u", "x"); indices are pre neurons
  bool modulator = false;           // state: target is a [[modulator]] and variable "level" (one value)
  std::vector<std::uint32_t> indices;  // neurons, synapses, or (transmission) pre neurons; empty = all
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
  pattern_stimulus pattern;            // pattern-based: drives the (cued) neurons of the presented patterns
                                       // instead of `neurons` (stimulus/patterns.hpp)
  double start = 0.0;                                     // on from here [ms from the phase's start]
  double stop = std::numeric_limits<double>::infinity();  // off from here [ms]; past the phase's end = to its end
  // A current that varies (current stimuli only; sim/phase_stimuli.hpp): over each step the driven neurons receive
  // value + current_sd·ξ + sine_amplitude·sin(2π·sine_frequency·t + sine_phase), ξ a standard normal drawn for each
  // neuron and each noise_interval from the stimulus's start (PyNN's NoisyCurrentSource, NEST's noise_generator),
  // t the time of the step from the stimulus's start (PyNN's ACSource; NEST's ac_generator counts t from 0).
  double current_sd = 0.0;      // [pA] standard deviation of the noise (0: none)
  double noise_interval = 0.0;  // [ms] how long each noise value holds (0: dt)
  double sine_amplitude = 0.0;  // [pA]
  double sine_frequency = 0.0;  // [Hz]
  double sine_phase = 0.0;      // [degrees] at the stimulus's start
  bool varies() const { return current_sd != 0.0 || sine_amplitude != 0.0; }
  source_ref where;
};

// Neurons of a population born at the start of a phase ([[phase.birth]]): the next `count` unborn ones.
struct birth_spec {
  std::string population;
  std::size_t count = 0;
  source_ref where;
};

// A change of parameters during the run ([[phase]] set = {...} or [[phase.set]] with `at`, docs/experiment-files.md):
// from `at` on (until changed again, also in later phases) the neuron model of population `population`, or rule
// `rule` of projection `projection`, runs with `params`: the whole parameter struct, as read from the file with the
// change (and the earlier changes of the run) applied. sim/simulation applies it before the step of `at`.
struct param_change {
  double at = 0.0;                  // [ms] from the start of the phase
  std::string population;           // a population's neuron model ... (empty for a rule)
  std::string projection;           // ... or rule `rule` of a projection (empty for a population)
  std::size_t rule = 0;
  std::variant<neuron_params, rule_params> params;
  // The parameters the change was read against (those in force before it, phases in the file's order): a run that
  // orders the phases otherwise takes from `params` only the keys that differ from these (resolve_param_changes).
  std::optional<std::variant<neuron_params, rule_params>> before;
  std::string key;                  // the dotted key as written ("projection.ff.plasticity[0].a_plus"), for messages
  source_ref where;                 // the key in the phase's set table
};

struct phase_spec {
  std::string name;
  double duration = 0.0;  // [ms]
  std::vector<stimulus_spec> stimuli;
  std::vector<intervention_spec> interventions;  // applied for this phase only (spec/interventions.hpp)
  source_ref where;
  // Slow mode (> 0): neurons, spikes and fast synaptic dynamics are not stepped; the clock advances in steps of
  // slow_step [ms] (a whole number of dt) and only the rules' on_slow runs (simulation.cpp advance_slow()).
  double slow_step = 0.0;
  std::vector<birth_spec> births;        // neurogenesis at the start of this phase
  std::vector<param_change> changes;     // parameters changed at the start of the phase or inside it, by time
};

// A parameter sweep: the experiment runs once per point of the grid of its conditions and axes (each axis sets one
// key, as `--set key=value` would; each condition runs its own sequence of the file's phases with its own
// overrides), and chosen metrics of each run become the rows of a table (one row per point, or per point and
// measuring time). Every run is an independent simulation of the same network from the file's seed.
struct sweep_spec {
  std::string table;  // name of the table of the measures in the results ("" when there are no measures)
  struct condition {
    std::string name;                    // its row label ("weak_A")
    std::vector<std::string> phases;     // the phases it runs, in order, by name (may repeat); empty = the file's
    std::vector<std::string> overrides;  // `--set` style KEY=VALUE, applied before the axes' values
    source_ref where;
    source_ref phases_where;  // its `phases` key
  };
  // Measuring times: the measures are taken at each time (one table row each) instead of at the end of the run.
  struct times_spec {
    std::vector<double> at;       // [ms] from the start of `phase` (its first run), or of the run
    std::vector<double> numbers;  // the same times in the column's unit
    std::string column;           // table column ("t_h")
    std::string phase;            // "" = from the start of the run
    source_ref where, values_where, phase_where;  // the table, its values (or range) and its phase key
  };
  struct axis {
    std::vector<std::string> keys;    // dotted keys, as for --set ("protocol.pairing.dt"); all get the same value
    std::vector<std::string> values;  // the values as they are set ("-10 ms")
    std::vector<double> numbers;      // the same values as numbers in the column's unit
    std::string column;               // table column ("dt_ms")
    source_ref where;
  };
  struct measure {
    std::string column;  // table column ("dw_rel")
    std::string metric;  // name of a run metric ("dw_rel.syn"), or ...
    std::string series;  // ... a series of the run, read as a [[table]] column reads it ("table.recall.recall"):
                         // one table row per value (the run's metrics repeated on each)
    source_ref where;
  };
  std::vector<condition> conditions;  // the outermost "axis": table column "condition" = 1, 2, ... (names as labels)
  std::vector<std::string> phases;    // the phases of every condition that names none (empty: the file's)
  source_ref phases_where;            // that key
  std::optional<times_spec> times;
  std::vector<axis> axes;
  std::vector<measure> measures;
  std::vector<std::string> tables;  // result tables of every run, stacked with the leading columns (condition,
                                    // axes) in front: one table each in the results, rows in grid order
  source_ref tables_where;          // its `tables` key
  std::optional<std::size_t> keep;  // grid point (0-based, last axis fastest) whose recordings, tables and
                                    // metrics are kept in the results besides the sweep table
  source_ref where;
};

// A result table computed after the run from recorded series (record/monitors.hpp `table`), e.g. the amplitudes
// of a train of EPSPs relative to the first. All columns must have the same length.
struct table_column_spec {
  std::string name;
  bool index = false;          // 1, 2, 3, ... (as many rows as the other columns)
  std::string series;          // otherwise "transmission.<monitor>" (efficacies), "rate.<monitor>" (rates),
                               // "state.<monitor>" (values of the monitor's first neuron)
  bool normalize_first = false;            // divide by the first value
  std::optional<std::uint32_t> pre;        // transmission: only the events of this presynaptic neuron
  bool average = false;                    // state: the mean over the monitor's neurons (else its first neuron)
  bool times = false;                      // the series' times (bin starts, sample or event times) ...
  double time_unit = 1.0;                  // ... in this unit [ms]: 1 (ms), 1000 (s), 60 000 (min), ...
  std::size_t skip = 0;                    // leave out the first `skip` values
  source_ref where;
};

// A number computed after the run from one recorded series over a time window ([[metric]]): added to the run's
// metrics (usable as a sweep measure). The series is read as a table column would be (series, pre, average).
struct metric_spec {
  enum class kind { mean, max, min, crossings };
  std::string name;
  table_column_spec series;
  double from = 0.0;    // [ms] values whose time t is in [from, to)
  double to = 1e300;    // [ms]
  kind reduce = kind::mean;
  double threshold = 0.0;  // crossings: upward crossings of this value (in the series' unit)
  source_ref where;
};

struct table_spec {
  std::string name;
  std::vector<table_column_spec> columns;
  source_ref where;
};

// An analysis computed after the run from the network and its recordings (sim/analysis.hpp).
struct analysis_spec {
  enum class kind {
    principal_component,  // angle between a post neuron's weight vector and the top principal component of a
                          // rate_gaussian pre population's covariance
    pattern_responses,    // responses of a rate neuron to each pattern of a rate_patterns pre population
    recall,               // recall of memory patterns from the activity evoked by their presentations (sim/recall.hpp)
    weight_scaling,       // weights after vs before: slope and correlation (synaptic scaling, sim/analysis.hpp)
    overlap,              // how alike a population's activity is in two phases (sim/overlap.hpp)
    synapse_rank,         // one synapse's weight against the others' over time (sim/synapse_rank.hpp)
    choices,              // a two-choice task's choices per block from a modulator's group rewards (sim/choices.hpp)
    conditioned_response,  // eyeblink conditioning: CR probability, amplitude and timing (sim/conditioned_response.hpp)
    ocular_dominance,      // the ocular dominance of a projection's post neurons from two eyes' weights, at each phase
                           // end (sim/ocular_dominance.hpp)
    classify,              // labelling and classification of a data set's images (sim/classify.hpp)
    firing_pattern         // a population's response to a current step: latency, ISIs, adaptation and the class of
                           // its firing pattern (sim/firing_pattern.hpp)
  };
  kind type = kind::principal_component;
  std::string projection;   // the analysed projection
  std::uint32_t neuron = 0; // its post neuron
  std::string weights;      // principal_component: a weights monitor of the projection; one table row per sample;
                            // synapse_rank: the weights monitor read
  std::uint32_t pre_neuron = 0;   // synapse_rank: the chosen synapse's pre neuron ...
  std::uint32_t post_neuron = 0;  // ... and post neuron
  std::string modulator;          // choices: the modulator whose group reward trials are read ...
  std::uint32_t trials_per_block = 0;  // ... in blocks of this many trials of one phase run (0: the phase run)
  std::uint32_t first_eye = 0;    // ocular_dominance: pre neurons [0, first_eye) are one eye, the rest the other
  std::uint32_t task_classes = 0;  // classify: > 0: task j holds the classes [j·k, (j+1)·k) (continual learning)
  conditioned_response_keys cr;  // conditioned_response: trial timing and CR criterion (spec/conditioned_response.hpp)
  std::string table;        // name of the result table ("convergence", "responses", "recall", "scaling" by default)
  std::string phase;        // weight_scaling: "before" = the weights at the start of this phase ("": of the run);
                            // firing_pattern: the phase of the current step
  // recall:
  std::string patterns;                // the [[patterns]] set
  std::string population;              // the population whose activity is scored ("": the patterns' population)
  std::string spikes;                  // the spikes monitor that records it ("": the one recording all its neurons)
  std::vector<std::string> phases;     // the scored phases (empty: every phase with a partial cue of the patterns);
                                       // overlap: the two compared phases; classify: [labelling, test] pairs
  double delay = 0.0;                  // the window of a presentation starts this long after its onset [ms]
  double active_rate = 10.0;           // a neuron is active at this rate in the window [Hz]
  bool has_threshold = false;          // with a threshold: the column `recalled` and its metrics ...
  double threshold = 0.0;              // ... count the patterns whose mean overlap in a phase is >= this [1]
  bool has_strict = false;             // with strict_hit: the column `recalled_strict` and its metrics count the
  double strict_hit = 1.0;             // ... patterns whose mean hit in a phase is >= this [1] ...
  double strict_false_alarm = 2.0;     // ... and whose mean false alarm is < this [1] (default: no limit)
  std::string column;                  // optional first column of the per-phase table ...
  std::vector<double> values;          // ... with one value per scored phase (e.g. sleep phases before the test)
  source_ref where;
};

struct network_spec {
  std::vector<population_spec> populations;
  std::vector<projection_spec> projections;
};

struct experiment_spec {
  std::string name = "experiment";
  source_ref name_where;  // experiment.name in the file (line 0 when it is the file's stem)
  std::uint64_t seed = 1;
  double dt = 0.1;  // [ms]
  network_spec network;
  std::vector<monitor_spec> monitors;
  std::vector<phase_spec> phases;  // run in order; at least one
  std::vector<table_spec> tables;  // computed from the recordings after the run
  std::vector<metric_spec> metrics;  // numbers computed from the recordings after the run
  std::vector<protocol_spec> protocols;  // pairing, current steps (spec/protocols.hpp)
  std::optional<sweep_spec> sweep;       // run once per grid point and tabulate metrics
  std::vector<analysis_spec> analyses;   // computed after the run (sim/analysis.hpp)
  std::vector<pattern_set_spec> patterns;  // memory patterns (stimulus/patterns.hpp)
  std::vector<modulator_spec> modulators;  // neuromodulators, produced as signals (spec/modulators.hpp)
  // A warm start (docs/checkpoints.md, sim/warm_start.hpp): the checkpoint of a trained network whose weights and
  // connectivity this experiment starts from; a relative path is taken from the experiment file's directory.
  std::string start_from;
  source_ref start_from_where;
  std::string file;                // experiment file path ("" when built in code)
  // The document as run, copied into results for provenance (experiment.toml): the file's text when nothing was
  // overridden, else the document with every override applied, written out by the reader, after a comment header
  // that lists the overrides. Running it again without overrides runs the same experiment.
  std::string file_text;
  std::vector<std::string> overrides;  // --set, --seed and Python overrides applied, as given ("key=value")
  // How the run is computed, not what: the threads inside each run (--threads, docs/parallel.md; 1: none). Not in
  // the file and not in the results, which are bitwise the same for every value.
  unsigned threads = 1;
  // The processes sharing the run (MPI, `mpirun -n K plastix run`, docs/parallel.md; core/communicator.hpp); none:
  // one process. Like threads, not in the file nor the results.
  std::shared_ptr<communicator> processes;
};

// The population (projection) of a description named `name`, or nullptr when there is none: one lookup by name for
// readers, checks and setup.
const population_spec* find_population(const experiment_spec& spec, std::string_view name);
population_spec* find_population(experiment_spec& spec, std::string_view name);
const projection_spec* find_projection(const experiment_spec& spec, std::string_view name);

// Fills in what a description may leave out: projection names ("<pre>_<post>"), monitor names
// ("<target>" or "<target>_<variable>") and the spike times protocols impose on spike_times sources. Idempotent.
void fill_defaults(experiment_spec& spec);

// Checks cross-references and values (unknown population, receptor, sizes, negative time constants ...).
// Throws plastix::error naming the offending item and its source location (plastix::problems when there are
// several: each item is checked on its own).
// `share`: how the run shares the machine's memory (spec/resources.hpp): the memory checks compare what one machine
// holds at once.
struct machine_share;
void validate(const experiment_spec& spec, const machine_share& share);
void validate(const experiment_spec& spec);
// What validate() finds, not thrown: each item checked on its own gives at most one problem.
std::vector<error> validation_problems(const experiment_spec& spec, const machine_share& share);
std::vector<error> validation_problems(const experiment_spec& spec);

}  // namespace plastix
