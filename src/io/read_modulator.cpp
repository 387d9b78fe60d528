// [[modulator]] tables and their [[modulator.reward]] conditions (spec/modulators.hpp): the keys come from the
// declarations; names, populations and lists are read here.
#include "read_params.hpp"
#include "readers.hpp"

namespace plastix::io_detail {

namespace {

reward_condition read_reward(const table_reader& t) {
  reward_condition r = read_params(t, reward_condition::declare(), dimension::dimensionless, {}, "for a reward");
  r.where = t.where();
  r.trigger = t.string_or("trigger", "");
  if (r.by_groups()) {  // a group condition: the pairing keys do not apply (spec/modulators.cpp says so)
    for (const char* key : {"pre", "pre_neuron", "post", "post_neuron"})
      if (t.has(key)) t.fail(key, std::string("is a key of a pairing condition; a condition with `trigger` counts the "
                                              "spikes of `group` (and `versus`) instead"));
    r.trigger_neurons = t.index_list("trigger_neurons");
    r.group = t.string("group");
    r.group_neurons = t.index_list("group_neurons");
    r.versus = t.string_or("versus", "");
    r.versus_neurons = t.index_list("versus_neurons");
    r.phases = t.string_list("phases");
  } else {
    r.pre = t.string("pre");
    r.post = t.string("post");
    for (const char* key : {"trigger_neurons", "group", "group_neurons", "versus", "versus_neurons", "at_least", "phases"})
      if (t.has(key)) t.fail(key, std::string("is a key of a group condition; give `trigger` too, or leave it out"));
  }
  return r;
}

// `modulated_by` of a rule or a population: the declared keys, then the modulator's name.
template <class M>
M read_modulation(const table_reader& parent, std::string_view key) {
  const table_reader t = parent.sub_table(key);
  M m = read_params(t, M::declare(), dimension::dimensionless, {}, "for modulated_by");
  m.where = t.where();
  m.modulator = t.string("modulator");
  return m;
}

}  // namespace

rate_modulation read_rate_modulation(const table_reader& t, std::string_view key) {
  return read_modulation<rate_modulation>(t, key);
}

excitability_modulation read_excitability_modulation(const table_reader& t, std::string_view key) {
  return read_modulation<excitability_modulation>(t, key);
}

modulator_spec read_modulator(const table_reader& t) {
  modulator_spec m = read_params(t, modulator_spec::declare(), dimension::dimensionless, {"reward"}, "for a modulator");
  m.where = t.where();
  m.name = t.name("name");
  m.population = t.string_or("population", "");
  m.neurons = t.index_list("neurons");
  m.times = t.quantity_list("times", dimension::time);
  m.amounts = t.quantity_list("amounts", dimension::concentration);
  t.read_items("reward", m.rewards, read_reward);
  return m;
}

}  // namespace plastix::io_detail
