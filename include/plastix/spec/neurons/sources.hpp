// Parameters of the spike sources (the models: neuron/sources.hpp).
#pragma once
#include <string>
#include <utility>
#include <vector>

#include "plastix/spec/catalogue.hpp"

namespace plastix {

struct poisson_source_params {
  static constexpr const char* name = "poisson";
  // Its keys, bounds and state (src/spec/neuron_params.cpp): the reader, checks, docs and `plastix list`.
  static const declaration<poisson_source_params>& declare();
  double rate = 0.0;                                 // [Hz]
  std::vector<std::pair<double, double>> profile;   // (t [ms], rate [Hz]), sorted by t; empty = constant
};

// "" if valid, else what is wrong (the body of poisson_source::validate, which calls it).
std::string validate_params(const poisson_source_params& p);

struct spike_times_source_params {
  static constexpr const char* name = "spike_times";
  // Its keys, bounds and state (src/spec/neuron_params.cpp): the reader, checks, docs and `plastix list`.
  static const declaration<spike_times_source_params>& declare();
  std::vector<std::vector<double>> times;  // times[neuron] = spike times [ms], ascending
};

// "" if valid, else what is wrong (the body of spike_times_source::validate, which calls it).
std::string validate_params(const spike_times_source_params& p);

struct regular_source_params {
  static constexpr const char* name = "regular";
  // Its keys, bounds and state (src/spec/neuron_params.cpp): the reader, checks, docs and `plastix list`.
  static const declaration<regular_source_params>& declare();
  double rate = 1.0;                      // [Hz]
  double start = 0.0;                     // first spike [ms]
  double stop = 1e300;                    // no spikes at or after [ms]
  double phase_step = 0.0;                // offset between consecutive neurons [ms]
};

// "" if valid, else what is wrong (the body of regular_source::validate, which calls it).
std::string validate_params(const regular_source_params& p);

}  // namespace plastix
