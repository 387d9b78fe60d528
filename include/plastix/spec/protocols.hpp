// Declarative stimulation protocols. A protocol is expanded into the spike times of spike-source populations
// (expand_protocols, part of fill_defaults) and into current pulses for neuron populations (protocol_pulses,
// stimulus/protocols.hpp, applied by the simulation at step boundaries).
#pragma once
#include <cstdint>
#include <string>
#include <utility>
#include <variant>
#include <vector>

#include "plastix/core/error.hpp"
#include "plastix/spec/catalogue.hpp"

namespace plastix {

struct experiment_spec;

// n pairings at `frequency`: presynaptic spike at start + k/frequency, postsynaptic spike(s) dt later
// (Δt = t_post − t_pre; negative = post before pre), optionally a burst of post_spikes at post_frequency.
// Markram et al. 1997; Bi & Poo 1998; Sjöström, Turrigiano & Nelson 2001. `trains` such trains repeat the n
// pairings, train r starting r·max(train_interval, n/frequency) after `start` (Clopath et al. 2010: 5 pairings
// repeated 15 times at 0.1 Hz; at a pairing frequency of 0.1 Hz the trains join into one train of n·trains).
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
  std::uint64_t trains = 1;        // repetitions of the n pairings
  double train_interval = 10000.0; // between train onsets, at least the n pairings' length [ms]

  static const declaration<pairing_protocol>& declare();  // its keys (src/spec/protocol_keys.cpp)
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

  static const declaration<current_steps_protocol>& declare();
};

// Presynaptic stimulation protocols for LTP/LTD induction. Each fills a spike_times population (every neuron the
// same times; one such protocol per population) with groups of pulses:
//   a train = `n` groups every 1/frequency (or every `interval`), a group = `pulses` pulses at `pulse_frequency`;
//   `trains` trains, each starting `train_interval` after the previous one.
// tetanus: n pulses at `frequency` (100 Hz for 1 s: n = 100 or duration = "1 s"; weak tetanus: n = 21;
//          strong: 3 trains of 100 pulses 10 min apart) (Bliss & Lømo 1973; Frey & Morris 1997).
// lfs:     n pulses at `frequency`, 900 at 1 Hz by default (Dudek & Bear 1992); strong LFS: pulses = 3 at 20 Hz.
// theta_burst: n bursts of `pulses` pulses at `pulse_frequency` (100 Hz) every `interval` (200 ms, 5 Hz theta),
//          optionally in trains (Larson, Wong & Lynch 1986).
struct pulse_train_protocol {
  std::string population;        // a spike_times population
  double start = 100.0;          // first pulse [ms]
  std::uint64_t n = 1;           // groups (pulses or bursts) per train
  double interval = 10.0;        // between group onsets [ms]
  std::uint64_t pulses = 1;      // pulses per group
  double pulse_interval = 10.0;  // between pulses of a group [ms]
  std::uint64_t trains = 1;
  double train_interval = 0.0;   // between train onsets [ms]
};
struct tetanus_protocol : pulse_train_protocol {
  static constexpr const char* name = "tetanus";
  static const declaration<tetanus_protocol>& declare();
  tetanus_protocol() { n = 100; interval = 10.0; }
};
struct lfs_protocol : pulse_train_protocol {
  static constexpr const char* name = "lfs";
  static const declaration<lfs_protocol>& declare();
  lfs_protocol() { n = 900; interval = 1000.0; pulse_interval = 50.0; }
};
struct theta_burst_protocol : pulse_train_protocol {
  static constexpr const char* name = "theta_burst";
  static const declaration<theta_burst_protocol>& declare();
  theta_burst_protocol() { n = 10; interval = 200.0; pulses = 4; pulse_interval = 10.0; train_interval = 10000.0; }
};

// The pulse times [ms] of a tetanus, lfs or theta_burst protocol, ascending.
std::vector<double> pulse_train_times(const pulse_train_protocol& p);

using protocol_params = std::variant<pairing_protocol, current_steps_protocol, tetanus_protocol, lfs_protocol,
                                     theta_burst_protocol>;

struct protocol_spec {
  protocol_params params;
  source_ref where;
};

const std::vector<std::string>& protocol_names();

// The spike times [ms] of the two sides of a pairing protocol: {pre, post}.
std::pair<std::vector<double>, std::vector<double>> pairing_times(const pairing_protocol& p);

// Writes the spike times protocols impose into their spike_times populations (idempotent).
void expand_protocols(experiment_spec& spec);
// Checks protocols against the network (populations exist and are of a usable kind, values in range).
void validate_protocols(const experiment_spec& spec);

}  // namespace plastix
