// Named signals: values that one part of the model produces and others read, e.g. a global "dopamine"
// concentration or a per-neuron "calcium" of a population. Owned by the simulation (no globals); a part resolves a
// name ONCE, when it is built, to a pointer that stays valid for the whole run: nothing is looked up by name while
// the simulation runs. When producers write and readers read within a step: simulation.cpp, the step order.
//
//   producer:  double* da = sig.produce("dopamine");               *da = 0.4;   (every step, at its place)
//   reader:    const double* da = sig.read("dopamine");            ... *da ...
//   per neuron: std::span<double> ca = sig.produce_per_neuron(pop, "calcium");  (one value per neuron of pop)
//
// Reading and producing may come in any order while the network is built; after it is built, require_produced()
// throws plastix::error when a signal is read that nothing produces (spec-side, `plastix check` reports it earlier
// with file, line and key: spec/rule_checks.hpp).
#pragma once
#include <cstdint>
#include <map>
#include <memory>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include "plastix/synapse/modulator_track.hpp"

namespace plastix {

class population;

class signals {
 public:
  // A global signal: produce() marks the caller as its producer (two producers: plastix::error); read() may come
  // first. Both return the one slot of `name` (0 until produced).
  double* produce(const std::string& name);
  const double* read(const std::string& name);
  // A per-neuron signal of population `pop`: one value per neuron.
  std::span<double> produce_per_neuron(const population& pop, const std::string& name);
  std::span<const double> read_per_neuron(const population& pop, const std::string& name);

  // A global signal with its time course (a neuromodulator: synapse/modulator_track.hpp): produce_track marks the
  // caller as the producer of `name` (as produce) and returns the slot and the track; read_track gives readers that
  // integrate the level between their events the track (configured by the producer before the run).
  struct produced_track {
    double* level;
    modulator_track* track;
  };
  produced_track produce_track(const std::string& name);
  modulator_track& read_track(const std::string& name);

  bool produced(const std::string& name) const;
  bool produced_per_neuron(const population& pop, const std::string& name) const;
  // Every signal produced, "name" and "population.name".
  std::vector<std::string> names() const;
  // Throws plastix::error naming the first signal read that nothing produces (and the produced ones).
  void require_produced() const;
  // Checkpoints (core/state_visitor.hpp): every signal's current value (and a neuromodulator's track).
  void visit_state(state_visitor& v);

 private:
  struct global_slot {
    std::unique_ptr<double> value = std::make_unique<double>(0.0);
    std::unique_ptr<modulator_track> track = std::make_unique<modulator_track>();
    bool produced = false, read = false;
  };
  struct neuron_slot {
    std::string population;
    std::unique_ptr<std::vector<double>> values;
    bool produced = false, read = false;
  };
  neuron_slot& neuron_slot_of(const population& pop, const std::string& name);

  std::map<std::string, global_slot> globals_;
  std::map<std::pair<std::uint32_t, std::string>, neuron_slot> per_neuron_;
};

}  // namespace plastix
