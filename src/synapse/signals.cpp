#include "plastix/synapse/signals.hpp"

#include "plastix/core/error.hpp"
#include "plastix/neuron/population.hpp"

namespace plastix {

double* signals::produce(const std::string& name) {
  global_slot& s = globals_[name];
  if (s.produced) throw error("signal '" + name + "' has two producers");
  s.produced = true;
  return s.value.get();
}

const double* signals::read(const std::string& name) {
  global_slot& s = globals_[name];
  s.read = true;
  return s.value.get();
}

signals::produced_track signals::produce_track(const std::string& name) {
  double* level = produce(name);
  return {level, globals_[name].track.get()};
}

modulator_track& signals::read_track(const std::string& name) {
  global_slot& s = globals_[name];
  s.read = true;
  return *s.track;
}

signals::neuron_slot& signals::neuron_slot_of(const population& pop, const std::string& name) {
  neuron_slot& s = per_neuron_[{pop.index(), name}];
  if (!s.values) {
    s.population = pop.name();
    s.values = std::make_unique<std::vector<double>>(pop.size(), 0.0);
  }
  return s;
}

std::span<double> signals::produce_per_neuron(const population& pop, const std::string& name) {
  neuron_slot& s = neuron_slot_of(pop, name);
  if (s.produced) throw error("signal '" + name + "' of population '" + pop.name() + "' has two producers");
  s.produced = true;
  return *s.values;
}

std::span<const double> signals::read_per_neuron(const population& pop, const std::string& name) {
  neuron_slot& s = neuron_slot_of(pop, name);
  s.read = true;
  return *s.values;
}

bool signals::produced(const std::string& name) const {
  const auto it = globals_.find(name);
  return it != globals_.end() && it->second.produced;
}

bool signals::produced_per_neuron(const population& pop, const std::string& name) const {
  const auto it = per_neuron_.find({pop.index(), name});
  return it != per_neuron_.end() && it->second.produced;
}

std::vector<std::string> signals::names() const {
  std::vector<std::string> out;
  for (const auto& [name, s] : globals_)
    if (s.produced) out.push_back(name);
  for (const auto& [key, s] : per_neuron_)
    if (s.produced) out.push_back(s.population + "." + key.second);
  return out;
}

void signals::require_produced() const {
  const std::vector<std::string> produced = names();
  const std::string known = produced.empty() ? " (no signal is produced)" : "";
  for (const auto& [name, s] : globals_)
    if (s.read && !s.produced) throw error("signal '" + name + "' is read but nothing produces it" + known);
  for (const auto& [key, s] : per_neuron_)
    if (s.read && !s.produced)
      throw error("signal '" + key.second + "' of population '" + s.population + "' is read but nothing produces it" +
                  known);
}

}  // namespace plastix

namespace plastix {

void signals::visit_state(state_visitor& v) {
  for (auto& [name, slot] : globals_) {
    const auto s = v.scope("global_" + name);
    v.scalar("value", *slot.value);
    const auto track = v.scope("track");
    slot.track->visit_state(v);
  }
  for (auto& [key, slot] : per_neuron_) {
    const auto s = v.scope("population" + std::to_string(key.first) + "_" + key.second);
    if (slot.values) v.fixed("values", *slot.values);
  }
}

}  // namespace plastix
