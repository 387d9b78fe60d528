// [[modulator]] tables and their [[modulator.reward]] conditions (spec/modulators.hpp): the keys come from the
// declarations; names, populations and lists are read here.
#include "read_params.hpp"
#include "readers.hpp"

namespace plastix::io_detail {

namespace {

reward_condition read_reward(const table_reader& t) {
  reward_condition r = read_params(t, reward_condition::declare(), dimension::dimensionless, {}, "for a reward");
  r.where = t.where();
  r.pre = t.string("pre");
  r.post = t.string("post");
  return r;
}

}  // namespace

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
