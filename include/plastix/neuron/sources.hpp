// Spike sources: populations that emit spikes and have no membrane.
#pragma once
#include <string>
#include <utility>
#include <vector>

namespace plastix {

// Poisson process per neuron, independent across neurons: in each step a spike with probability rate·dt.
// The rate is constant, or piecewise constant over time (`profile`: (start time [ms], rate [Hz]) pairs).
// Phases may override the rate of chosen neurons.
struct poisson_source {
  static constexpr const char* name = "poisson";
  struct params {
    double rate = 0.0;                                 // [Hz]
    std::vector<std::pair<double, double>> profile;   // (t [ms], rate [Hz]), sorted by t; empty = constant
  };
  static std::string validate(const params& p);
};

// Explicit spike times per neuron.
struct spike_times_source {
  static constexpr const char* name = "spike_times";
  struct params {
    std::vector<std::vector<double>> times;  // times[neuron] = spike times [ms], ascending
  };
  static std::string validate(const params& p);
};

// Regular trains: neuron k fires at start + k·phase_step + n/rate for n = 0, 1, ... while t < stop.
struct regular_source {
  static constexpr const char* name = "regular";
  struct params {
    double rate = 1.0;                      // [Hz]
    double start = 0.0;                     // first spike [ms]
    double stop = 1e300;                    // no spikes at or after [ms]
    double phase_step = 0.0;                // offset between consecutive neurons [ms]
  };
  static std::string validate(const params& p);
};

}  // namespace plastix
