// [[modulator]] tables: the signals they produce and their checks (spec/modulators.hpp).
#include "plastix/spec/modulators.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "plastix/core/suggest.hpp"
#include "plastix/spec/experiment.hpp"
#include "validate_detail.hpp"

namespace plastix {

std::vector<std::string> produced_signals(const experiment_spec& spec) {
  std::vector<std::string> names;
  for (const modulator_spec& m : spec.modulators) names.push_back(m.name);
  return names;
}

namespace validate_detail {

namespace {


// The population `name` (at `key`), or an error with a suggestion.
const population_spec& population_at(const experiment_spec& spec, const std::string& name, const source_ref& where,
                                     const std::string& key) {
  if (const population_spec* p = find_population(spec, name)) return *p;
  std::vector<std::string> names;
  for (const population_spec& p : spec.network.populations) names.push_back(p.name);
  fail(where, key, "'" + name + "' is not a population;" + suggestion(name, names));
}

void check_neuron(std::uint32_t i, const population_spec& p, const source_ref& where, const std::string& key) {
  if (i >= p.size)
    fail(where, key, fmt::format("neuron {} is out of range: population '{}' has {} neurons", i, p.name, p.size));
}

// A group of a group condition: population `name` (at `key`) and its `neurons` (at key + "_neurons") in range.
void check_group(const experiment_spec& spec, const std::string& name, const std::vector<std::uint32_t>& neurons,
                 const source_ref& where, const std::string& key) {
  const population_spec& p = population_at(spec, name, where, key);
  for (std::uint32_t i : neurons) check_neuron(i, p, where, key + "_neurons");
}

}  // namespace

void check_modulator(const experiment_spec& spec, std::size_t index) {
  const modulator_spec& m = spec.modulators[index];
  const std::string key = m.where.key.empty() ? "modulator[" + std::to_string(index) + "]" : m.where.key;
  if (m.name.empty()) fail(m.where, key + ".name", "a modulator needs a non-empty name (the signal rules read)");
  for (std::size_t k = 0; k < index; ++k)
    if (spec.modulators[k].name == m.name)
      fail(m.where, key + ".name", fmt::format("there are two modulators named '{}' (first at line {}); names must be "
                                               "unique", m.name, spec.modulators[k].where.line));
  if (const auto problems = modulator_spec::declare().problems(m); !problems.empty())
    fail(m.where, key + "." + problems.front().key, "modulator: " + problems.front().message);
  if (!m.population.empty()) {
    const population_spec& p = population_at(spec, m.population, m.where, key + ".population");
    for (std::uint32_t i : m.neurons) check_neuron(i, p, m.where, key + ".neurons");
  } else if (!m.neurons.empty()) {
    fail(m.where, key + ".neurons", "neurons are those of `population` that release the modulator; give population");
  }
  if (m.times.size() != m.amounts.size())
    fail(m.where, key + ".amounts", fmt::format("the schedule has {} times but {} amounts; expected one amount per "
                                                "time", m.times.size(), m.amounts.size()));
  for (double t : m.times)
    if (!(t >= 0.0) || !std::isfinite(t))
      fail(m.where, key + ".times", fmt::format("schedule times must be finite and >= 0 ms, got {} ms", t));
  for (std::size_t k = 0; k < m.rewards.size(); ++k) {
    const reward_condition& r = m.rewards[k];
    const std::string rkey = r.where.key.empty() ? key + ".reward[" + std::to_string(k) + "]" : r.where.key;
    if (const auto problems = reward_condition::declare().problems(r); !problems.empty())
      fail(r.where, rkey + "." + problems.front().key, "reward: " + problems.front().message);
    if (r.by_groups()) {
      check_group(spec, r.trigger, r.trigger_neurons, r.where, rkey + ".trigger");
      check_group(spec, r.group, r.group_neurons, r.where, rkey + ".group");
      if (!r.versus.empty()) check_group(spec, r.versus, r.versus_neurons, r.where, rkey + ".versus");
      else if (!r.versus_neurons.empty())
        fail(r.where, rkey + ".versus_neurons", "versus_neurons are neurons of `versus`; give versus");
      std::vector<std::string> names;
      for (const phase_spec& ph : spec.phases) names.push_back(ph.name);
      for (const std::string& name : r.phases)
        if (std::find(names.begin(), names.end(), name) == names.end())
          fail(r.where, rkey + ".phases", "'" + name + "' is not a phase;" + suggestion(name, names));
    } else {
      check_neuron(r.pre_neuron, population_at(spec, r.pre, r.where, rkey + ".pre"), r.where, rkey + ".pre_neuron");
      check_neuron(r.post_neuron, population_at(spec, r.post, r.where, rkey + ".post"), r.where, rkey + ".post_neuron");
    }
    if (r.window < spec.dt)
      fail(r.where, rkey + ".window", fmt::format("window ({} ms) is shorter than a time step ({} ms)", r.window, spec.dt));
  }
}

}  // namespace validate_detail

}  // namespace plastix
