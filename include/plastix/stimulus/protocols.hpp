// The current pulses that protocols (spec/protocols.hpp) inject into neuron populations, applied by the
// simulation at step boundaries.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "plastix/spec/protocols.hpp"

namespace plastix {

// A current pulse for a neuron population, produced by protocols.
struct current_pulse {
  std::string population;
  std::vector<std::uint32_t> neurons;  // empty = all
  double start = 0.0, duration = 0.0, amplitude = 0.0;  // [ms], [ms], [pA]
};

// The current pulses all protocols inject into neuron populations.
std::vector<current_pulse> protocol_pulses(const experiment_spec& spec);

}  // namespace plastix
