// Model parameters of [[population]] tables: keys, units and state from the models' declarations in the catalogue
// (spec/neurons/*.hpp); the lists of spike sources and lif's tau_m (extra() keys) are read here.
#include <fmt/format.h>

#include <algorithm>

#include "plastix/core/error.hpp"
#include "plastix/spec/models.hpp"
#include "read_params.hpp"
#include "readers.hpp"

namespace plastix::io_detail {

namespace {

// lif may be given its membrane time constant instead of c_m or g_l: tau_m = c_m / g_l.
void read_tau_m(const table_reader& t, lif::params& p) {
  if (!t.has("tau_m")) return;
  const double tau_m = t.quantity("tau_m", dimension::time);
  if (!(tau_m > 0.0)) t.fail("tau_m", fmt::format("tau_m must be > 0 ms, got {} ms", tau_m));
  if (t.has("c_m") && t.has("g_l")) {
    t.fail("tau_m", "give at most two of c_m, g_l and tau_m (tau_m = c_m / g_l)");
  }
  if (t.has("g_l")) {
    p.c_m = tau_m * p.g_l;  // [ms]·[nS] = [pF]
  } else {
    p.g_l = p.c_m / tau_m;  // [pF]/[ms] = [nS]
  }
}

poisson_source::params read_poisson(const table_reader& t) {
  poisson_source::params p = read_keys(t, poisson_source::params::declare(), dimension::dimensionless);
  if (!t.has("profile")) return p;
  const toml::array& profile = t.array("profile");
  const std::string key = t.key_of("profile");
  for (std::size_t i = 0; i < profile.size(); ++i) {
    const toml::array* step = profile.get(i)->as_array();
    if (!step || step->size() != 2) {
      t.fail("profile", "expected a list of [time, rate] pairs, e.g. [[\"0 s\", \"5 Hz\"], [\"1 s\", \"20 Hz\"]]");
    }
    p.profile.emplace_back(t.quantity_of(*step->get(0), key, dimension::time),
                           t.quantity_of(*step->get(1), key, dimension::frequency));
  }
  return p;
}

spike_times_source::params read_spike_times(const table_reader& t) {
  spike_times_source::params p;
  if (!t.has("times")) return p;  // no spikes of its own (e.g. filled by a [[protocol]])
  const toml::array& times = t.array("times");
  const std::string key = t.key_of("times");
  for (std::size_t i = 0; i < times.size(); ++i) {
    const toml::array* neuron = times.get(i)->as_array();
    if (!neuron) {
      t.fail("times", "expected one list of spike times per neuron, e.g. [[\"10 ms\", \"20 ms\"], [\"15 ms\"]]; "
                      "element " + std::to_string(i) + " is " + describe_node(*times.get(i)));
    }
    std::vector<double> spikes;
    for (std::size_t k = 0; k < neuron->size(); ++k) {
      spikes.push_back(t.quantity_of(*neuron->get(k), key, dimension::time));
    }
    p.times.push_back(std::move(spikes));
  }
  return p;
}

// A neuron model written as equations: its named quantities, its texts, then the checks of spec/equations.
equations_neuron_params read_equations_neuron(const table_reader& t) {
  equations_neuron_params p = read_keys(t, equations_neuron_params::declare(), quantity_kind(dimension::dimensionless));
  equations::neuron_spec& m = p.model;
  m.where = t.where();
  m.label = t.string_or("label", t.string_or("name", m.label));
  m.t_ref = p.t_ref;
  m.method = p.method;
  for (auto [key, list] : {std::pair{"constants", &m.constants}, std::pair{"state", &m.state}})
    read_equation_values(t, key, *list, "\"-70 mV\" or 0.5");
  for (auto [key, text] : {std::pair{"equations", &m.equations}, std::pair{"threshold", &m.threshold},
                           std::pair{"reset", &m.reset}})
    if (t.has(key)) *text = {t.string(key), t.ref(key)};
  equations::analyse(m);
  return p;
}

}  // namespace

// The catalogue entry of a neuron model or source.
const model_info& neuron_model_info(const std::string& model) {
  for (const char* family : {"neuron model", "source"})
    if (const model_info* m = find_model(family, model)) return *m;
  throw error("internal: neuron model '" + model + "' is not in the catalogue");
}

std::vector<std::string> neuron_param_keys(const std::string& model) {
  std::vector<std::string> keys = neuron_model_info(model).key_names();
  if (model == equations_neuron_params::name)
    for (const std::string& k : equations_neuron_keys()) keys.push_back(k);
  return keys;
}

std::vector<std::string> neuron_state_names(const std::string& model) {
  if (model == rate_unit::name) return {"y"};  // h, its input, is recorded but not set
  std::vector<std::string> out;
  for (const state_info& s : neuron_model_info(model).state) out.push_back(s.name);
  return out;
}

dimension state_dimension(const std::string& model, const std::string& variable) {
  if (const state_info* s = neuron_model_info(model).find_state(variable)) return s->dim;
  return dimension::current;  // i_ext [pA]
}

neuron_params read_neuron_params(const table_reader& t, const std::string& model) {
  const quantity_kind no_weight(dimension::dimensionless);
  if (model == lif::name) {
    lif::params p = read_keys(t, lif::params::declare(), no_weight);
    read_tau_m(t, p);
    return p;
  }
  if (model == adex::name) return read_keys(t, adex::params::declare(), no_weight);
  if (model == adex_clopath::name) return read_keys(t, adex_clopath::params::declare(), no_weight);
  if (model == izhikevich::name) return read_keys(t, izhikevich::params::declare(), no_weight);
  if (model == equations_neuron_params::name) return read_equations_neuron(t);
  if (model == poisson_source::name) return read_poisson(t);
  if (model == spike_times_source::name) return read_spike_times(t);
  if (model == regular_source::name) {
    regular_source::params p = read_keys(t, regular_source::params::declare(), no_weight);
    if (t.has("stop")) p.stop = t.quantity("stop", dimension::time);  // an extra() key: its default is "never"
    return p;
  }
  if (is_rate_model(model)) return read_rate_params(t, model);
  t.fail("model", "internal: no reader for neuron model '" + model + "'");
}

}  // namespace plastix::io_detail
