// Recorded data: plain buffers filled during a run, written by record/writer_hdf5 and viewed from Python.
#pragma once
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "plastix/spec/experiment.hpp"

namespace plastix {

struct spike_record {       // monitor_spec::kind::spikes
  std::string name, population;
  std::vector<double> times;           // [ms]
  std::vector<std::uint32_t> senders;  // neuron index within the population
};

struct state_record {       // monitor_spec::kind::state
  std::string name, population, variable, unit;  // population: or the projection, for a rule's state
  std::string scope;  // a rule's state: what `neurons` index: "synapse", "neuron" (post) or "pre"; "" = a population's
  std::vector<std::uint32_t> neurons;
  std::vector<double> times;   // [ms], one per sample
  std::vector<double> values;  // row-major [sample][neuron]
};

struct weight_record {      // monitor_spec::kind::weights
  std::string name, projection, unit;
  std::vector<std::uint32_t> synapses;           // synapse ids recorded
  std::vector<std::uint32_t> pre, post;          // their endpoints
  std::vector<double> times;                     // [ms], one per sample
  std::vector<double> values;                    // row-major [sample][synapse]
};

struct rate_record {        // monitor_spec::kind::rate
  std::string name, population;
  double bin = 1.0;             // bin width [ms]
  std::vector<double> times;    // bin starts [ms]
  std::vector<double> rates;    // population rate in each bin [Hz]
};

struct transmission_record {  // monitor_spec::kind::transmission
  std::string name, projection, unit;
  std::vector<double> times;         // [ms] when the spike reached the synapses: t_pre + delay
  std::vector<std::uint32_t> pre;    // presynaptic neuron
  std::vector<double> efficacy;      // mean over the event's synapses of weight × on_transmit factor [nS or pA]
};

// A named table of equal-length numeric columns (an experiment's result, e.g. the STDP window).
struct table {
  std::vector<std::string> columns;
  std::vector<std::vector<double>> data;  // data[column][row]
  // Names for the values of some columns, one per row (a sweep's "condition" column: the condition names).
  std::map<std::string, std::vector<std::string>> labels;
};

// Everything a run produces.
struct run_results {
  std::string experiment, version, file, file_text;
  std::vector<std::string> overrides;  // applied to the file ("key=value"); file_text has them applied
  std::uint64_t seed = 0;
  double dt = 0.0;              // [ms]
  double bio_time = 0.0;        // simulated time [ms]
  double wall_time = 0.0;       // [s]
  std::uint64_t spike_count = 0, synapse_count = 0, neuron_count = 0;
  std::vector<std::pair<std::string, double>> phases;  // (name, duration [ms])
  std::map<std::string, double> metrics;                // e.g. "rate_hz.exc"
  std::map<std::string, std::uint64_t> population_sizes;
  std::map<std::string, table> tables;
  std::vector<spike_record> spikes;
  std::vector<state_record> states;
  std::vector<weight_record> weights;
  std::vector<rate_record> rates;
  std::vector<transmission_record> transmissions;
  // Empty when the run completed; otherwise why it stopped early (sim/run_stopped.hpp): the results hold what was
  // simulated up to the stop. summary.json: "status" "complete" or "stopped", and "stop_reason".
  std::string stop_reason;
};

}  // namespace plastix
