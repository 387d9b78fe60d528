// Every state variable the catalogue declares (spec/catalogue.hpp `state`) is recordable: for every plasticity rule
// and every neuron model, a small generated experiment records each declared state with a state monitor; the
// recording lands in data.h5 with its declared unit, its scope and its shape (per synapse, per post neuron, per
// presynaptic neuron), and the event-driven traces match a computation of their own from the recorded spikes.
// Generated from the catalogue: a new rule or model is covered by its registration alone, and a rule that declares
// a state it cannot give (plasticity_rule::state_index/state_value) fails here.
#include <hdf5.h>

#include <cmath>
#include <map>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "h5_read_support.hpp"
#include "output_test_data.hpp"
#include "plastix/core/error.hpp"
#include "plastix/io/config.hpp"
#include "plastix/record/writer_hdf5.hpp"
#include "plastix/sim/experiment.hpp"
#include "plastix/spec/models.hpp"
#include "plastix/spec/rule_kinds.hpp"
#include "test_config_support.hpp"

namespace plastix {
namespace {

using namespace test::h5_read;

constexpr std::size_t n_pre = 5, n_post = 3;  // all to all: 15 synapses
constexpr double dt = 0.1, delay = 2.0;       // [ms]

// Poisson input onto LIF neurons that fire, through a conductance receptor, with a 2 ms delay.
const std::string spiking_file = R"([experiment]
duration = "400 ms"
dt = "0.1 ms"
seed = 3

[[population]]
name = "inp"
size = 5
model = "poisson"
rate = "40 Hz"

[[population]]
name = "exc"
size = 3
model = "lif"
i_e = "300 pA"

  [[population.receptor]]
  name = "ampa"
  tau_decay = "5 ms"

[[projection]]
name = "ee"
pre = "inp"
post = "exc"
receptor = "ampa"
weight = "2 nS"
delay = "2 ms"

[[monitor]]
type = "spikes"
population = "inp"

[[monitor]]
type = "spikes"
population = "exc"
)";

// Correlated rates onto one rate neuron (the rate rules).
const std::string rate_file = R"([experiment]
duration = "400 ms"
dt = "1 ms"

[[population]]
name = "inp"
model = "rate_gaussian"
interval = "1 ms"
covariance = { groups = [2, 3], correlation = [0.5, 0.2] }

[[population]]
name = "exc"
size = 3
model = "rate"

[[projection]]
name = "ee"
pre = "inp"
post = "exc"
weight = 0.1
)";

// The experiment with rule m on projection "ee" and a state monitor "s_<name>" for every state it declares.
std::string rule_file(const model_info& m) {
  std::string text = (m.rates ? rate_file : spiking_file) + "\n  [[projection.plasticity]]\n  rule = \"" + m.name + "\"\n";
  text += config_test::keys_rule_needs(m);
  for (const state_info& s : m.state)
    text += "\n[[monitor]]\nname = \"s_" + s.name + "\"\ntype = \"state\"\nprojection = \"ee\"\nvariable = \"" + s.name +
            "\"\ninterval = \"1 ms\"\n";
  return text + config_test::tables_rule_needs(m);
}

// The unit data.h5 gives a declared state: the projection's weight unit (nS here), else the dimension's ("1").
std::string expected_unit(const state_info& s) {
  if (s.weight_unit) return "nS";
  const std::string u(unit_name(s.dim));
  return u.empty() ? "1" : u;
}

struct recorded {
  std::vector<hsize_t> shape;
  std::vector<double> times, values;
  std::string unit, scope;
};

// Runs `text`, writes data.h5 and reads back the state recording of each monitor `s_<name>`.
std::map<std::string, recorded> run_and_read(const std::string& text, const std::vector<std::string>& names,
                                             run_results* out = nullptr) {
  const run_results results = run_experiment(parse_experiment(text, "state.toml"));
  test::scratch_dir dir;
  const auto file_path = dir.path() / "data.h5";
  write_hdf5(results, file_path);
  h5 file(H5Fopen(file_path.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT), H5Fclose);
  EXPECT_GE(file.get(), 0);
  std::map<std::string, recorded> got;
  for (const auto& name : names) {
    const std::string g = "/state/s_" + name;
    const auto v = doubles(file.get(), g + "/values");
    recorded r{v.shape, doubles(file.get(), g + "/times").values, v.values, string_attr(file.get(), g, "unit"), ""};
    if (H5Aexists_by_name(file.get(), g.c_str(), "scope", H5P_DEFAULT) > 0) r.scope = string_attr(file.get(), g, "scope");
    got[name] = std::move(r);
  }
  if (out) *out = results;
  return got;
}

// An exponential trace of its own over event times (all-to-all: +1 per event; nearest: reset to 1), read at t just
// before any event at t: Σ_{e < t} e^{−(t−e)/τ}.
double trace_at(const std::vector<double>& events, double t, double tau, bool nearest) {
  double x = 0.0;
  for (double e : events)
    if (e < t - 1e-9) x = nearest ? std::exp(-(t - e) / tau) : x + std::exp(-(t - e) / tau);
  return x;
}

// The times [ms] of the events the synapses of `side` see: a pre spike arrives after the delay; a post spike is
// seen when it happens (no dendritic delay).
std::vector<std::vector<double>> event_times(const run_results& r, const std::string& population, double shift,
                                             std::size_t n) {
  std::vector<std::vector<double>> out(n);
  for (const spike_record& s : r.spikes)
    if (s.population == population)
      for (std::size_t k = 0; k < s.times.size(); ++k) out[s.senders[k]].push_back(s.times[k] + shift);
  return out;
}

// The traces each rule keeps event-driven, with their time constant, pairing and a factor (clopath's x̄ = trace/τx
// in Hz), from the rules' default parameters.
struct trace_ref {
  double tau;  // [ms]
  bool nearest;
  double factor;
};
std::map<std::string, trace_ref> trace_refs() {
  const stdp_params stdp;
  const triplet_params tri;
  const istdp_params is;
  const clopath_params cl;
  const bool sn = stdp.scheme == pairing::nearest, tn = tri.scheme == pairing::nearest;
  return {{"stdp.x_pre", {stdp.tau_plus, sn, 1}}, {"stdp.y_post", {stdp.tau_minus, sn, 1}},
          {"triplet.r1", {tri.tau_plus, tn, 1}},  {"triplet.r2", {tri.tau_x, tn, 1}},
          {"triplet.o1", {tri.tau_minus, tn, 1}}, {"triplet.o2", {tri.tau_y, tn, 1}},
          {"istdp.x_pre", {is.tau, false, 1}},    {"istdp.x_post", {is.tau, false, 1}},
          {"clopath.x_bar", {cl.tau_x, false, 1e3 / cl.tau_x}}};
}

TEST(state_catalogue, every_declared_state_of_every_rule_lands_in_data_h5_with_its_unit_scope_and_shape) {
  std::size_t declared = 0, states = 0, traces = 0;
  const auto refs = trace_refs();
  for (const model_info* m : rule_models()) {
    declared += m->state.size();
    if (m->state.empty()) continue;  // hebb, oja: nothing but the weights
    std::vector<std::string> names;
    for (const state_info& s : m->state) names.push_back(s.name);
    const std::string text = rule_file(*m);
    try {
      run_results r;
      const auto got = run_and_read(text, names, &r);
      const bool rates = m->rates;
      const std::size_t pres = rates ? 5 : n_pre;
      for (const state_info& s : m->state) {
        SCOPED_TRACE(m->name + "." + s.name);
        const recorded& rec = got.at(s.name);
        const std::size_t n = s.scope == state_scope::per_pre ? pres
                              : s.scope == state_scope::per_neuron ? n_post
                                                                   : pres * n_post;
        const char* scope = s.scope == state_scope::per_pre ? "pre" : s.scope == state_scope::per_neuron ? "neuron" : "synapse";
        ASSERT_EQ(rec.shape.size(), 2u);
        EXPECT_EQ(rec.shape[0], 401u);  // t = 0, 1, ..., 400 ms
        EXPECT_EQ(rec.shape[1], n);
        EXPECT_EQ(rec.unit, expected_unit(s));
        EXPECT_EQ(rec.scope, scope);
        for (double v : rec.values) ASSERT_TRUE(std::isfinite(v));
        ++states;
        const auto ref = refs.find(m->name + "." + s.name);
        if (ref == refs.end()) continue;
        // The trace against one computed from the recorded spikes, at every sample: exact, not as of its last event.
        const bool pre = s.scope == state_scope::per_pre;
        const auto events = pre ? event_times(r, "inp", delay, n_pre) : event_times(r, "exc", 0.0, n_post);
        double biggest = 0.0;
        for (std::size_t k = 0; k < rec.times.size(); ++k)
          for (std::size_t i = 0; i < n; ++i) {
            const double want = ref->second.factor * trace_at(events[i], rec.times[k], ref->second.tau, ref->second.nearest);
            const double have = rec.values[k * n + i];
            ASSERT_NEAR(have, want, 1e-9 * (1.0 + std::abs(want))) << "t = " << rec.times[k] << " ms, element " << i;
            biggest = std::max(biggest, have);
          }
        EXPECT_GT(biggest, 0.0) << "no event reached the trace";
        ++traces;
      }
    } catch (const error& e) {
      ADD_FAILURE() << m->name << ": " << e.what() << "\n" << text;
    }
  }
  EXPECT_EQ(states, declared);  // 25 today, over 12 rules
  EXPECT_EQ(traces, refs.size());
}

// The population a neuron model's states are recorded from, with the keys the model needs.
std::string neuron_file(const model_info& m) {
  std::string text = "[experiment]\nduration = \"50 ms\"\ndt = \"0.1 ms\"\n\n[[population]]\nname = \"p\"\nsize = 3\nmodel = \"" +
                     m.name + "\"\n";
  if (m.name == "rate_gaussian") text += "interval = \"1 ms\"\ncovariance = { groups = [3], correlation = [0.5] }\n";
  if (m.name == "equations")  // the smallest neuron model written as equations (docs/equations.md)
    text += "state = { v = \"-70 mV\" }\nequations = \"dv/dt = (-70*mV - v)/(10*ms)\"\nthreshold = \"v > -50*mV\"\n";
  for (const state_info& s : m.state)
    text += "\n[[monitor]]\nname = \"s_" + s.name + "\"\ntype = \"state\"\npopulation = \"p\"\nvariable = \"" + s.name +
            "\"\ninterval = \"1 ms\"\n";
  return text;
}

TEST(state_catalogue, every_declared_state_of_every_neuron_model_lands_in_data_h5_with_its_unit_and_shape) {
  std::size_t models = 0;
  for (const model_info* m : catalogue()) {
    if (m->family != "neuron model" || m->state.empty()) continue;
    std::vector<std::string> names;
    for (const state_info& s : m->state) names.push_back(s.name);
    const std::string text = neuron_file(*m);
    try {
      const auto got = run_and_read(text, names);
      for (const state_info& s : m->state) {
        SCOPED_TRACE(m->name + "." + s.name);
        const recorded& rec = got.at(s.name);
        ASSERT_EQ(rec.shape.size(), 2u);
        EXPECT_EQ(rec.shape[0], 51u);
        EXPECT_EQ(rec.shape[1], 3u);
        EXPECT_EQ(rec.unit, expected_unit(s));
        EXPECT_EQ(rec.scope, "");  // a population's neurons
        for (double v : rec.values) ASSERT_TRUE(std::isfinite(v));
      }
      ++models;
    } catch (const error& e) {
      ADD_FAILURE() << m->name << ": " << e.what() << "\n" << text;
    }
  }
  EXPECT_GE(models, 5u);
}

}  // namespace
}  // namespace plastix

namespace plastix {
namespace {

// A modulator's level (spec/modulators.hpp) is recorded like any state: one value per sample, in uM, and it
// follows its closed form (a jump at the scheduled time, then exponential decay to the baseline).
TEST(state_catalogue, a_modulators_level_lands_in_data_h5_in_uM_and_decays_as_its_closed_form) {
  const std::string text = spiking_file + R"(
[[modulator]]
name = "dopamine"
tau = "200 ms"
times = ["100 ms"]
amounts = ["0.5 uM"]

[[monitor]]
name = "s_level"
type = "state"
modulator = "dopamine"
interval = "1 ms"
)";
  const auto got = run_and_read(text, {"level"});
  const recorded& r = got.at("level");
  EXPECT_EQ(r.unit, "uM");
  ASSERT_EQ(r.shape.size(), 2u);
  EXPECT_EQ(r.shape[1], 1u);
  ASSERT_EQ(r.times.size(), r.values.size());
  ASSERT_GT(r.times.size(), 300u);
  std::size_t checked = 0;
  for (std::size_t k = 0; k < r.times.size(); ++k) {
    const double t = r.times[k];
    if (t < 99.0) EXPECT_EQ(r.values[k], 0.0) << t;
    if (t > 101.0) {
      EXPECT_NEAR(r.values[k], 0.5 * std::exp(-(t - 100.0) / 200.0), 1e-12) << t;
      ++checked;
    }
  }
  EXPECT_GT(checked, 200u);
}

}  // namespace
}  // namespace plastix
