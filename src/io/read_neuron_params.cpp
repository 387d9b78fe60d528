// Model parameters of [[population]] tables: names and units from the params structs in neuron/.
#include <fmt/format.h>

#include <algorithm>

#include "plastix/core/error.hpp"
#include "readers.hpp"

namespace plastix::io_detail {

namespace {

template <class P>
struct field {
  const char* key;
  dimension dim;
  double P::*member;
};

const std::vector<field<lif::params>> lif_fields{
    {"c_m", dimension::capacitance, &lif::params::c_m},   {"g_l", dimension::conductance, &lif::params::g_l},
    {"e_l", dimension::voltage, &lif::params::e_l},       {"v_th", dimension::voltage, &lif::params::v_th},
    {"v_reset", dimension::voltage, &lif::params::v_reset}, {"t_ref", dimension::time, &lif::params::t_ref},
    {"i_e", dimension::current, &lif::params::i_e},
};

const std::vector<field<adex::params>> adex_fields{
    {"c_m", dimension::capacitance, &adex::params::c_m},     {"g_l", dimension::conductance, &adex::params::g_l},
    {"e_l", dimension::voltage, &adex::params::e_l},         {"delta_t", dimension::voltage, &adex::params::delta_t},
    {"v_t", dimension::voltage, &adex::params::v_t},         {"v_peak", dimension::voltage, &adex::params::v_peak},
    {"v_reset", dimension::voltage, &adex::params::v_reset}, {"tau_w", dimension::time, &adex::params::tau_w},
    {"a", dimension::conductance, &adex::params::a},         {"b", dimension::current, &adex::params::b},
    {"t_ref", dimension::time, &adex::params::t_ref},        {"i_e", dimension::current, &adex::params::i_e},
};

const std::vector<field<adex_clopath::params>> adex_clopath_fields{
    {"c_m", dimension::capacitance, &adex_clopath::params::c_m},
    {"g_l", dimension::conductance, &adex_clopath::params::g_l},
    {"e_l", dimension::voltage, &adex_clopath::params::e_l},
    {"delta_t", dimension::voltage, &adex_clopath::params::delta_t},
    {"v_t_rest", dimension::voltage, &adex_clopath::params::v_t_rest},
    {"v_t_max", dimension::voltage, &adex_clopath::params::v_t_max},
    {"tau_vt", dimension::time, &adex_clopath::params::tau_vt},
    {"v_peak", dimension::voltage, &adex_clopath::params::v_peak},
    {"v_spike", dimension::voltage, &adex_clopath::params::v_spike},
    {"t_spike", dimension::time, &adex_clopath::params::t_spike},
    {"v_reset", dimension::voltage, &adex_clopath::params::v_reset},
    {"tau_w", dimension::time, &adex_clopath::params::tau_w},
    {"a", dimension::conductance, &adex_clopath::params::a},
    {"b", dimension::current, &adex_clopath::params::b},
    {"i_sp", dimension::current, &adex_clopath::params::i_sp},
    {"tau_z", dimension::time, &adex_clopath::params::tau_z},
    {"i_e", dimension::current, &adex_clopath::params::i_e},
};

// a [1/ms], b [1] and d [mV/ms] are plain numbers, as in Izhikevich (2003).
const std::vector<field<izhikevich::params>> izhikevich_fields{
    {"a", dimension::dimensionless, &izhikevich::params::a},   {"b", dimension::dimensionless, &izhikevich::params::b},
    {"c", dimension::voltage, &izhikevich::params::c},         {"d", dimension::dimensionless, &izhikevich::params::d},
    {"v_peak", dimension::voltage, &izhikevich::params::v_peak}, {"c_m", dimension::capacitance, &izhikevich::params::c_m},
    {"t_ref", dimension::time, &izhikevich::params::t_ref},    {"i_e", dimension::current, &izhikevich::params::i_e},
};

const std::vector<field<regular_source::params>> regular_fields{
    {"rate", dimension::frequency, &regular_source::params::rate},
    {"start", dimension::time, &regular_source::params::start},
    {"stop", dimension::time, &regular_source::params::stop},
    {"phase_step", dimension::time, &regular_source::params::phase_step},
};

template <class P>
P read_fields(const table_reader& t, const std::vector<field<P>>& fields) {
  P p;
  for (const field<P>& f : fields) {
    if (t.has(f.key)) p.*f.member = t.quantity(f.key, f.dim);
  }
  return p;
}

template <class P>
std::vector<std::string> keys_of(const std::vector<field<P>>& fields) {
  std::vector<std::string> keys;
  for (const field<P>& f : fields) keys.emplace_back(f.key);
  return keys;
}

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
  poisson_source::params p;
  if (t.has("rate")) p.rate = t.quantity("rate", dimension::frequency);
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

}  // namespace

std::vector<std::string> neuron_param_keys(const std::string& model) {
  if (model == lif::name) {
    std::vector<std::string> keys = keys_of(lif_fields);
    keys.emplace_back("tau_m");
    return keys;
  }
  if (model == adex::name) return keys_of(adex_fields);
  if (model == adex_clopath::name) return keys_of(adex_clopath_fields);
  if (model == izhikevich::name) return keys_of(izhikevich_fields);
  if (model == poisson_source::name) return {"rate", "profile"};
  if (model == spike_times_source::name) return {"times"};
  if (model == regular_source::name) return keys_of(regular_fields);
  if (is_rate_model(model)) return rate_param_keys(model);
  throw error("internal: no parameter list for neuron model '" + model + "'");
}

std::vector<std::string> neuron_state_names(const std::string& model) {
  auto names = [](const auto& state) { return std::vector<std::string>(state.begin(), state.end()); };
  if (model == lif::name) return names(lif::state_names);
  if (model == adex::name) return names(adex::state_names);
  if (model == adex_clopath::name) return names(adex_clopath::state_names);
  if (model == izhikevich::name) return names(izhikevich::state_names);
  if (model == rate_unit::name) return {"y"};
  return {};
}

dimension state_dimension(const std::string& variable) {
  if (variable == "w" || variable == "i_ext") return dimension::current;  // adex adaptation current [pA]
  if (variable == "z") return dimension::current;                         // adex_clopath after-potential current [pA]
  if (variable == "clamp") return dimension::time;                        // adex_clopath clamp time left [ms]
  if (variable == "y") return dimension::dimensionless;                   // rate unit output [1]
  return dimension::voltage;                                              // v, u [mV]
}

neuron_params read_neuron_params(const table_reader& t, const std::string& model) {
  if (model == lif::name) {
    lif::params p = read_fields(t, lif_fields);
    read_tau_m(t, p);
    return p;
  }
  if (model == adex::name) return read_fields(t, adex_fields);
  if (model == adex_clopath::name) return read_fields(t, adex_clopath_fields);
  if (model == izhikevich::name) return read_fields(t, izhikevich_fields);
  if (model == poisson_source::name) return read_poisson(t);
  if (model == spike_times_source::name) return read_spike_times(t);
  if (model == regular_source::name) return read_fields(t, regular_fields);
  if (is_rate_model(model)) return read_rate_params(t, model);
  t.fail("model", "internal: no reader for neuron model '" + model + "'");
}

}  // namespace plastix::io_detail
