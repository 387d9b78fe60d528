// Spike sources: populations that emit spikes and have no membrane.
#pragma once
#include <string>
#include <utility>
#include <vector>

#include "plastix/spec/neurons/sources.hpp"

namespace plastix {

// Poisson process per neuron, independent across neurons: in each step a spike with probability rate·dt.
// The rate is constant, or piecewise constant over time (`profile`: (start time [ms], rate [Hz]) pairs).
// Phases may override the rate of chosen neurons.
struct poisson_source {
  static constexpr const char* name = poisson_source_params::name;
  using params = poisson_source_params;
  static std::string validate(const params& p) { return validate_params(p); }  // spec/neurons
};

// Explicit spike times per neuron.
struct spike_times_source {
  static constexpr const char* name = spike_times_source_params::name;
  using params = spike_times_source_params;
  static std::string validate(const params& p) { return validate_params(p); }  // spec/neurons
};

// Regular trains: neuron k fires at start + k·phase_step + n/rate for n = 0, 1, ... while t < stop.
struct regular_source {
  static constexpr const char* name = regular_source_params::name;
  using params = regular_source_params;
  static std::string validate(const params& p) { return validate_params(p); }  // spec/neurons
};

}  // namespace plastix
