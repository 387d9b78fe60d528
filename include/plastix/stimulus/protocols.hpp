// Declarative stimulation protocols. A protocol is expanded into the spike times of spike-source populations
// (expand_protocols, part of fill_defaults) and into current pulses for neuron populations (protocol_pulses,
// applied by the simulation at step boundaries).
#pragma once
#include <cstdint>
#include <string>
#include <utility>
#include <variant>
#include <vector>

#include "plastix/core/error.hpp"

namespace plastix {

struct experiment_spec;

// n pairings at `frequency`: presynaptic spike at start + k/frequency, postsynaptic spike(s) dt later
// (Δt = t_post − t_pre; negative = post before pre), optionally a burst of post_spikes at post_frequency.
// Markram et al. 1997; Bi & Poo 1998; Sjöström, Turrigiano & Nelson 2001.
// A side that is a spike_times population gets these spike times (every neuron the same); a side that is a
// neuron population gets a current pulse of `current` for `pulse_duration` starting at each of its times.
struct pairing_protocol {
  static constexpr const char* name = "pairing";
  std::string pre, post;           // population names
  std::uint64_t n = 60;            // number of pairings
  double frequency = 1.0;          // pairing frequency [Hz]
  double dt = 10.0;                // t_post − t_pre [ms]
  double start = 100.0;            // first presynaptic spike [ms]
  std::uint64_t post_spikes = 1;   // spikes per postsynaptic burst
  double post_frequency = 50.0;    // frequency inside the burst [Hz]
  double current = 0.0;            // pulse amplitude for neuron populations [pA]
  double pulse_duration = 2.0;     // pulse length for neuron populations [ms]
};

// Rectangular current steps injected into chosen neurons (empty = all) of a neuron population.
struct current_steps_protocol {
  static constexpr const char* name = "current_steps";
  std::string population;
  std::vector<std::uint32_t> neurons;
  struct step {
    double start = 0.0, duration = 0.0, amplitude = 0.0;  // [ms], [ms], [pA]
  };
  std::vector<step> steps;
};

using protocol_params = std::variant<pairing_protocol, current_steps_protocol>;

struct protocol_spec {
  protocol_params params;
  source_ref where;
};

const std::vector<std::string>& protocol_names();

// The spike times [ms] of the two sides of a pairing protocol: {pre, post}.
std::pair<std::vector<double>, std::vector<double>> pairing_times(const pairing_protocol& p);

// A current pulse for a neuron population, produced by protocols.
struct current_pulse {
  std::string population;
  std::vector<std::uint32_t> neurons;  // empty = all
  double start = 0.0, duration = 0.0, amplitude = 0.0;  // [ms], [ms], [pA]
};

// Writes the spike times protocols impose into their spike_times populations (idempotent).
void expand_protocols(experiment_spec& spec);
// The current pulses all protocols inject into neuron populations.
std::vector<current_pulse> protocol_pulses(const experiment_spec& spec);
// Checks protocols against the network (populations exist and are of a usable kind, values in range).
void validate_protocols(const experiment_spec& spec);

}  // namespace plastix
