// Tsodyks–Markram short-term plasticity (plasticity/stp.hpp): the rule against a plain reference loop over spike
// times on random trains (several delays in one projection, same-step arrivals), the closed form of a regular
// train, stacking with STDP, the experiment-file reader and its errors; the transmission monitor and [[table]].
#include <hdf5.h>
#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <map>
#include <random>
#include <set>
#include <string>
#include <tuple>
#include <vector>

#include <gtest/gtest.h>

#include "plastix/io/config.hpp"
#include "plastix/neuron/models.hpp"
#include "plastix/record/writer_hdf5.hpp"
#include "plastix/sim/experiment.hpp"
#include "plastix/sim/simulation.hpp"
#include "spec_builders.hpp"
#include "test_config_support.hpp"

using namespace plastix;
using config_test::expect_error;
using config_test::line_of;
using config_test::with;

namespace {

// ---- the reference: Maass–Markram recursion over arrival times, written out plainly ----

struct tm_reference {
  double U, tau_rec, tau_fac;
  // u_n·x_n for each arrival (times ascending [ms]); u updated before the release.
  std::vector<double> factors(const std::vector<double>& arrivals) const {
    std::vector<double> out;
    double u = 0.0, x = 1.0, last = 0.0;
    for (std::size_t n = 0; n < arrivals.size(); ++n) {
      if (n == 0) {
        u = U;
        x = 1.0;
      } else {
        const double delta = arrivals[n] - last;
        const double x_after_release = x - u * x;
        x = 1.0 + (x_after_release - 1.0) * std::exp(-delta / tau_rec);
        u = U + (tau_fac > 0.0 ? u * (1.0 - U) * std::exp(-delta / tau_fac) : 0.0);
      }
      out.push_back(u * x);
      last = arrivals[n];
    }
    return out;
  }
};

stp_params params_of(const tm_reference& r) { return stp_params{r.U, r.tau_rec, r.tau_fac}; }

rule_spec stp_rule(const stp_params& p) {
  rule_spec r;
  r.params = p;
  return r;
}

receptor_params current_receptor(const std::string& name, double tau) {
  receptor_params r;
  r.name = name;
  r.kind = receptor_kind::current;
  r.tau_decay = tau;
  return r;
}

monitor_spec transmission_monitor(const std::string& name, const std::string& projection,
                                  std::vector<std::uint32_t> pre = {}) {
  monitor_spec m;
  m.type = monitor_spec::kind::transmission;
  m.name = name;
  m.target = projection;
  m.indices = std::move(pre);
  return m;
}

const transmission_record& transmission_named(const run_results& r, const std::string& name) {
  for (const auto& t : r.transmissions)
    if (t.name == name) return t;
  throw std::runtime_error("no transmission record " + name);
}

// One presynaptic spike train through one synapse onto a passive LIF neuron with a current receptor that barely
// decays (τ = 10^12 ms), so the receptor value is the running sum of what was transmitted.
experiment_spec single_synapse(const std::vector<double>& times, const stp_params& p, double weight, double delay,
                               double duration) {
  network_spec net;
  net.populations.push_back(test::spike_source("pre", {times}));
  lif::params quiet;
  quiet.v_th = 1e6;  // never spikes
  net.populations.push_back(test::lif_population("post", 1, quiet, {current_receptor("syn", 1e12)}));
  projection_spec proj = test::projection_between("pre", "post", "syn", weight, delay);
  proj.name = "stp";
  proj.plasticity.push_back(stp_rule(p));
  net.projections.push_back(proj);
  experiment_spec e = test::experiment(std::move(net), duration);
  e.monitors.push_back(transmission_monitor("stp", "stp"));
  monitor_spec g;
  g.type = monitor_spec::kind::state;
  g.name = "g";
  g.target = "post";
  g.variable = "g_syn";
  g.interval = e.dt;
  e.monitors.push_back(g);
  return e;
}

}  // namespace

// ---- the rule ----

TEST(stp, presets_are_the_published_sets) {
  const stp_params d = stp_params::preset("depressing"), f = stp_params::preset("facilitating");
  EXPECT_EQ(d.u, 0.5);
  EXPECT_EQ(d.tau_rec, 800.0);
  EXPECT_EQ(d.tau_fac, 0.0);
  EXPECT_EQ(f.u, 0.03);
  EXPECT_EQ(f.tau_rec, 130.0);
  EXPECT_EQ(f.tau_fac, 530.0);
  const stp_params defaults;
  EXPECT_EQ(defaults.u, d.u);
  EXPECT_EQ(defaults.tau_rec, d.tau_rec);
  EXPECT_EQ(defaults.tau_fac, d.tau_fac);
  EXPECT_THROW(stp_params::preset("bogus"), error);
}

// A regular train of 10 spikes at 20 Hz: the amplitudes follow the closed form of the recursion, the receptor
// receives exactly w·u_n·x_n, and u is updated before the release.
TEST(stp, regular_train_follows_the_closed_form) {
  const double dt = 0.1, period = 50.0, w = 10.0, delay = 1.0;
  std::vector<double> times;
  for (int n = 0; n < 10; ++n) times.push_back(20.0 + n * period);

  // Depressing (τfac = 0): x_{n+1} = 1 − e + e(1 − U)x_n with e = e^{−Δ/τrec}, so
  // x_n = x* + (1 − x*)(e(1 − U))^{n−1}, x* = (1 − e)/(1 − e(1 − U)); amplitude_n = w·U·x_n.
  {
    const stp_params p = stp_params::preset("depressing");
    const run_results r = run_experiment(single_synapse(times, p, w, delay, 600.0));
    const transmission_record& t = transmission_named(r, "stp");
    ASSERT_EQ(t.efficacy.size(), 10u);
    const double e = std::exp(-period / p.tau_rec), x_star = (1 - e) / (1 - e * (1 - p.u));
    for (int n = 0; n < 10; ++n) {
      const double x = x_star + (1 - x_star) * std::pow(e * (1 - p.u), n);
      EXPECT_NEAR(t.efficacy[n], w * p.u * x, 1e-12 * w) << "spike " << n + 1;
      EXPECT_NEAR(t.times[n], times[n] + delay, 1e-9);
      EXPECT_EQ(t.pre[n], 0u);
      if (n > 0) EXPECT_LT(t.efficacy[n], t.efficacy[n - 1]);
    }
    EXPECT_NEAR(t.efficacy[9] / t.efficacy[0], x_star, 0.01 * x_star);  // close to the steady state
  }
  // Facilitating: the second amplitude uses the facilitated u_2 = U + U(1 − U)e^{−Δ/τfac} (u before release) and
  // x_2 = 1 − U e^{−Δ/τrec}; if u were updated after the release, it would be U·x_2.
  {
    const stp_params p = stp_params::preset("facilitating");
    const run_results r = run_experiment(single_synapse(times, p, w, delay, 600.0));
    const transmission_record& t = transmission_named(r, "stp");
    ASSERT_EQ(t.efficacy.size(), 10u);
    const double u2 = p.u + p.u * (1 - p.u) * std::exp(-period / p.tau_fac);
    const double x2 = 1 - p.u * std::exp(-period / p.tau_rec);
    EXPECT_NEAR(t.efficacy[0], w * p.u, 1e-12 * w);
    EXPECT_NEAR(t.efficacy[1], w * u2 * x2, 1e-12 * w);
    const std::vector<double> ref = tm_reference{p.u, p.tau_rec, p.tau_fac}.factors(times);
    for (int n = 0; n < 10; ++n) EXPECT_NEAR(t.efficacy[n], w * ref[n], 1e-12 * w) << "spike " << n + 1;
    EXPECT_GT(t.efficacy[9] / t.efficacy[0], 4.0);  // grows several-fold

    // The receptor got exactly these amounts: the jumps of g at the samples after each arrival step.
    const state_record& g = r.states.at(0);
    ASSERT_EQ(g.name, "g");
    for (int n = 0; n < 10; ++n) {
      const auto arrival = static_cast<std::size_t>(std::llround((times[n] + delay) / dt));
      const double jump = g.values.at(arrival + 1) - g.values.at(arrival);  // sample k holds the state at k·dt
      EXPECT_NEAR(jump, w * ref[n], 1e-9 * w) << "spike " << n + 1;
    }
  }
}

// Random trains through a projection with several delays (so several delay slots per presynaptic neuron),
// several synapses per (pre, delay) with different weights, and same-step arrivals, against the reference loop.
TEST(stp, random_trains_with_delays_match_the_reference_loop) {
  const double dt = 0.1, duration = 3000.0;
  const int n_pre = 6, n_post = 4;
  std::mt19937_64 rng(20260);
  std::uniform_real_distribution<double> uniform(0.0, 1.0);
  // Bernoulli spikes per step (≈ Poisson at 30 Hz), on the step grid; neuron 1 repeats half of neuron 0's spikes
  // so that both arrive in the same step.
  std::vector<std::vector<double>> trains(n_pre);
  for (int j = 0; j < n_pre; ++j) {
    for (int s = 0; s < static_cast<int>((duration - 50.0) / dt); ++s)
      if (uniform(rng) < 30.0 * dt * 1e-3) trains[j].push_back(s * dt);
  }
  {
    std::set<double> merged(trains[1].begin(), trains[1].end());
    for (std::size_t k = 0; k < trains[0].size(); k += 2) merged.insert(trains[0][k]);
    trains[1].assign(merged.begin(), merged.end());
  }
  const std::vector<double> delay_choices{0.0, 0.1, 0.5, 1.0, 2.0, 7.3};
  network_spec net;
  net.populations.push_back(test::spike_source("pre", trains));
  lif::params quiet;
  quiet.v_th = 1e6;
  net.populations.push_back(test::lif_population("post", n_post, quiet, {current_receptor("syn", 5.0)}));
  projection_spec proj;
  proj.name = "p";
  proj.pre = "pre";
  proj.post = "post";
  proj.receptor = "syn";
  proj.connector.type = connector_spec::kind::list;
  // (pre, delay steps) -> weights of its synapses
  std::map<std::pair<std::uint32_t, std::int64_t>, std::vector<double>> groups;
  for (std::uint32_t j = 0; j < n_pre; ++j) {
    for (std::uint32_t i = 0; i < n_post; ++i) {
      for (int copy = 0; copy < 2; ++copy) {  // two synapses per pair, possibly with different delays
        const double d = delay_choices[static_cast<std::size_t>(uniform(rng) * delay_choices.size())];
        const double w = 1.0 + 4.0 * uniform(rng);
        proj.connector.pairs.emplace_back(j, i);
        proj.connector.delays.push_back(d);
        proj.connector.weights.push_back(w);
        groups[{j, std::llround(d / dt)}].push_back(w);
      }
    }
  }
  const tm_reference ref{0.2, 300.0, 100.0};
  proj.plasticity.push_back(stp_rule(params_of(ref)));
  net.projections.push_back(proj);
  experiment_spec e = test::experiment(std::move(net), duration, dt);
  e.monitors.push_back(transmission_monitor("all", "p"));
  const run_results r = run_experiment(e);

  // Expected (time, pre, efficacy) of every event, from the reference loop per (pre, delay).
  using event = std::tuple<double, std::uint32_t, double>;
  std::vector<event> expected;
  for (const auto& [key, weights] : groups) {
    const auto [j, d_steps] = key;
    std::vector<double> arrivals;
    for (double t : trains[j]) arrivals.push_back(static_cast<double>(std::llround(t / dt) + d_steps) * dt);
    const std::vector<double> f = ref.factors(arrivals);
    double mean_w = 0.0;
    for (double w : weights) mean_w += w;
    mean_w /= static_cast<double>(weights.size());
    for (std::size_t n = 0; n < arrivals.size(); ++n) expected.emplace_back(arrivals[n], j, f[n] * mean_w);
  }
  const transmission_record& t = transmission_named(r, "all");
  std::vector<event> got;
  for (std::size_t k = 0; k < t.times.size(); ++k) got.emplace_back(t.times[k], t.pre[k], t.efficacy[k]);
  const auto by_key = [](const event& a, const event& b) {
    const auto ka = std::make_tuple(std::llround(std::get<0>(a) * 10), std::get<1>(a), std::get<2>(a));
    const auto kb = std::make_tuple(std::llround(std::get<0>(b) * 10), std::get<1>(b), std::get<2>(b));
    return ka < kb;
  };
  std::sort(expected.begin(), expected.end(), by_key);
  std::sort(got.begin(), got.end(), by_key);
  ASSERT_EQ(got.size(), expected.size());
  ASSERT_GT(got.size(), 1000u);
  for (std::size_t k = 0; k < got.size(); ++k) {
    EXPECT_NEAR(std::get<0>(got[k]), std::get<0>(expected[k]), 1e-9) << k;
    EXPECT_EQ(std::get<1>(got[k]), std::get<1>(expected[k])) << k;
    EXPECT_NEAR(std::get<2>(got[k]), std::get<2>(expected[k]), 1e-12 * std::get<2>(expected[k]) + 1e-15) << k;
  }
  // The data did exercise same-step arrivals: of different neurons, and of one neuron through two delays.
  std::map<std::int64_t, std::set<std::uint32_t>> neurons_per_step;
  std::map<std::pair<std::int64_t, std::uint32_t>, int> events_per_step_and_pre;
  for (const event& ev : got) {
    const std::int64_t step = std::llround(std::get<0>(ev) / dt);
    neurons_per_step[step].insert(std::get<1>(ev));
    ++events_per_step_and_pre[{step, std::get<1>(ev)}];
  }
  EXPECT_GT(std::count_if(neurons_per_step.begin(), neurons_per_step.end(),
                          [](const auto& kv) { return kv.second.size() > 1; }), 50);
  EXPECT_GT(std::count_if(events_per_step_and_pre.begin(), events_per_step_and_pre.end(),
                          [](const auto& kv) { return kv.second > 1; }), 5);

  // The transmission monitor restricted to some pre neurons records exactly their events.
  e.monitors.push_back(transmission_monitor("some", "p", {1, 4}));
  const run_results r2 = run_experiment(e);
  const transmission_record& some = transmission_named(r2, "some");
  const transmission_record& all = transmission_named(r2, "all");
  std::vector<double> expected_some;
  for (std::size_t k = 0; k < all.pre.size(); ++k)
    if (all.pre[k] == 1 || all.pre[k] == 4) expected_some.push_back(all.efficacy[k]);
  EXPECT_EQ(some.efficacy, expected_some);
  for (std::uint32_t j : some.pre) EXPECT_TRUE(j == 1 || j == 4);
}

// STP stacked with STDP: STDP changes w, STP scales what is transmitted; the order of the two does not matter.
TEST(stp, stacks_with_stdp) {
  const double dt = 0.1;
  std::vector<double> pre_times;
  for (int n = 0; n < 40; ++n) pre_times.push_back(10.0 + 25.0 * n);
  const auto build = [&](bool stp_first) {
    network_spec net;
    net.populations.push_back(test::spike_source("pre", {pre_times}));
    lif::params driven;
    driven.i_e = 400.0;  // fires regularly on its own
    net.populations.push_back(test::lif_population("post", 1, driven, {current_receptor("syn", 5.0)}));
    projection_spec proj = test::projection_between("pre", "post", "syn", 10.0, 1.0);
    proj.name = "p";
    stdp_params stdp;
    stdp.a_plus = 0.5;  // [pA]
    stdp.a_minus = 0.4;
    stdp.dependence.w_max = 100.0;
    rule_spec long_term;
    long_term.params = stdp;
    const rule_spec short_term = stp_rule(stp_params::preset("depressing"));
    proj.plasticity = stp_first ? std::vector<rule_spec>{short_term, long_term}
                                : std::vector<rule_spec>{long_term, short_term};
    net.projections.push_back(proj);
    experiment_spec e = test::experiment(std::move(net), 1100.0, dt);
    e.monitors.push_back(transmission_monitor("p", "p"));
    monitor_spec w;
    w.type = monitor_spec::kind::weights;
    w.name = "w";
    w.target = "p";
    w.interval = dt;
    e.monitors.push_back(w);
    monitor_spec s;
    s.type = monitor_spec::kind::spikes;
    s.name = "post";
    s.target = "post";
    e.monitors.push_back(s);
    return e;
  };
  const run_results r = run_experiment(build(true));
  ASSERT_GT(r.spikes.at(0).times.size(), 10u) << "the post neuron should fire";
  const transmission_record& t = transmission_named(r, "p");
  const weight_record& w = r.weights.at(0);
  ASSERT_EQ(t.efficacy.size(), pre_times.size());
  std::vector<double> arrivals;
  for (double x : pre_times) arrivals.push_back(x + 1.0);
  const std::vector<double> f = tm_reference{0.5, 800.0, 0.0}.factors(arrivals);
  std::set<double> weights_seen;
  for (std::size_t n = 0; n < t.efficacy.size(); ++n) {
    // The weight at the start of the arrival step is the sample stamped with the arrival time.
    const auto k = static_cast<std::size_t>(std::llround(t.times[n] / dt));
    ASSERT_NEAR(w.times.at(k), t.times[n], 1e-9);
    const double weight = w.values.at(k);
    EXPECT_NEAR(t.efficacy[n], weight * f[n], 1e-12 * weight) << "spike " << n + 1;
    weights_seen.insert(weight);
  }
  EXPECT_GT(weights_seen.size(), 10u) << "STDP should have changed the weight between transmissions";
  EXPECT_NE(w.values.back(), w.values.front());

  const run_results other_order = run_experiment(build(false));
  EXPECT_EQ(transmission_named(other_order, "p").efficacy, t.efficacy);
  EXPECT_EQ(other_order.weights.at(0).values, w.values);
}

// ---- experiment files ----

namespace {

const std::string stp_file = config_test::base_file + R"(
  [[projection.plasticity]]
  rule = "stp"
  preset = "facilitating"
  u = 0.1
)";

}  // namespace

TEST(stp_config, preset_and_overrides) {
  const experiment_spec spec = parse_experiment(stp_file, "stp.toml");
  const auto& p = std::get<stp_params>(spec.network.projections.at(0).plasticity.at(0).params);
  EXPECT_EQ(p.u, 0.1);  // overridden
  EXPECT_EQ(p.tau_rec, 130.0);
  EXPECT_EQ(p.tau_fac, 530.0);
  const experiment_spec plain = parse_experiment(
      with(with(stp_file, "  preset = \"facilitating\"\n", ""), "u = 0.1", "tau_rec = \"0.2 s\"\n  tau_fac = \"50 ms\""),
      "stp.toml");
  const auto& q = std::get<stp_params>(plain.network.projections.at(0).plasticity.at(0).params);
  EXPECT_EQ(q.u, 0.5);  // the depressing defaults
  EXPECT_EQ(q.tau_rec, 200.0);
  EXPECT_EQ(q.tau_fac, 50.0);
}

TEST(stp_config, bad_parameters_name_file_line_and_key) {
  const std::string key = "projection.ee.plasticity.stp.";
  expect_error(with(stp_file, "u = 0.1", "u = 1.5"), "u = 1.5", key + "u", {"u must be in (0, 1]", "got 1.5"});
  expect_error(with(stp_file, "u = 0.1", "u = 0"), "u = 0", key + "u", {"u must be in (0, 1]"});
  expect_error(with(stp_file, "u = 0.1", "tau_rec = \"-1 ms\""), "tau_rec", key + "tau_rec",
               {"tau_rec must be > 0 ms, got -1 ms"});
  expect_error(with(stp_file, "u = 0.1", "tau_rec = \"0 ms\""), "tau_rec", key + "tau_rec", {"tau_rec must be > 0 ms"});
  expect_error(with(stp_file, "u = 0.1", "tau_fac = \"-5 ms\""), "tau_fac", key + "tau_fac",
               {"tau_fac must be >= 0 ms", "got -5 ms"});
  expect_error(with(stp_file, "u = 0.1", "tau_rec = 5"), "tau_rec", key + "tau_rec", {"has no unit", "expected a time"});
  expect_error(with(stp_file, "u = 0.1", "tau_fac = \"5 mV\""), "tau_fac", key + "tau_fac", {"expected a time"});
  expect_error(with(stp_file, "u = 0.1", "u = \"0.5 ms\""), "u = ", key + "u", {});
  expect_error(with(stp_file, "preset = \"facilitating\"", "preset = \"facilitatin\""), "preset", key + "preset",
               {"did you mean 'facilitating'"});
  expect_error(with(stp_file, "u = 0.1", "tau_facil = \"5 ms\""), "tau_facil", key + "tau_facil",
               {"unknown key 'tau_facil'", "did you mean 'tau_fac'"});
}

// ---- transmission monitor and [[table]] in experiment files ----

namespace {

const std::string train_file = R"([experiment]
duration = "400 ms"

[[population]]
name = "a"
size = 2
model = "regular"
rate = "20 Hz"
stop = "300 ms"

[[population]]
name = "b"
size = 1
model = "regular"
rate = "10 Hz"
stop = "300 ms"

[[population]]
name = "post"
size = 1
model = "lif"

  [[population.receptor]]
  name = "ampa"
  preset = "ampa"

[[projection]]
name = "pa"
pre = "a"
post = "post"
receptor = "ampa"
weight = "2 nS"

  [[projection.plasticity]]
  rule = "stp"
  preset = "depressing"

[[projection]]
name = "pb"
pre = "b"
post = "post"
receptor = "ampa"
weight = "1 nS"

[[monitor]]
type = "transmission"
projection = "pa"

[[monitor]]
type = "transmission"
name = "only_b"
projection = "pb"
neurons = [0]

[[monitor]]
type = "rate"
population = "a"
bin = "100 ms"

[[table]]
name = "amps"

  [[table.column]]
  name = "n"
  index = true

  [[table.column]]
  name = "first_neuron"
  series = "transmission.pa"
  normalize = "first"
  pre = 0
)";

}  // namespace

TEST(transmission_monitor, records_each_delivered_spike_and_writes_hdf5) {
  const experiment_spec spec = parse_experiment(train_file, "train.toml");
  ASSERT_EQ(spec.monitors.at(0).type, monitor_spec::kind::transmission);
  EXPECT_EQ(spec.monitors.at(0).name, "pa");
  EXPECT_EQ(spec.monitors.at(1).indices, std::vector<std::uint32_t>{0});
  const run_results r = run_experiment(spec);
  const transmission_record& a = transmission_named(r, "pa");
  const transmission_record& b = transmission_named(r, "only_b");
  EXPECT_EQ(a.projection, "pa");
  EXPECT_EQ(a.unit, "nS");
  ASSERT_EQ(a.times.size(), 12u);  // 2 neurons x 6 spikes (0, 50, ..., 250 ms)
  ASSERT_EQ(b.times.size(), 3u);   // 0, 100, 200 ms
  for (std::size_t k = 0; k < b.times.size(); ++k) {
    EXPECT_NEAR(b.times[k], 100.0 * static_cast<double>(k) + 0.1, 1e-9);  // default delay: one step
    EXPECT_EQ(b.efficacy[k], 1.0);  // no rule: the weight
  }
  const std::vector<double> f = tm_reference{0.5, 800.0, 0.0}.factors({0, 50, 100, 150, 200, 250});
  std::vector<double> neuron0;
  for (std::size_t k = 0; k < a.pre.size(); ++k)
    if (a.pre[k] == 0) neuron0.push_back(a.efficacy[k]);
  ASSERT_EQ(neuron0.size(), 6u);
  for (std::size_t n = 0; n < 6; ++n) EXPECT_NEAR(neuron0[n], 2.0 * f[n], 1e-12);

  // The table: index and the efficacies of pre neuron 0 relative to the first.
  const table& t = r.tables.at("amps");
  EXPECT_EQ(t.columns, (std::vector<std::string>{"n", "first_neuron"}));
  EXPECT_EQ(t.data[0], (std::vector<double>{1, 2, 3, 4, 5, 6}));
  for (std::size_t n = 0; n < 6; ++n) EXPECT_NEAR(t.data[1][n], f[n] / f[0], 1e-12);

  // data.h5: /transmission/<name>/{times, pre, efficacy}
  const auto file = std::filesystem::temp_directory_path() / ("plastix_stp_" + std::to_string(::getpid()) + ".h5");
  write_hdf5(r, file);
  const hid_t h = H5Fopen(file.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT);
  ASSERT_GE(h, 0);
  const auto read = [&](const char* path, hid_t type, void* out) {
    const hid_t set = H5Dopen2(h, path, H5P_DEFAULT);
    EXPECT_GE(set, 0) << path;
    const hid_t space = H5Dget_space(set);
    EXPECT_EQ(H5Sget_simple_extent_npoints(space), 12) << path;
    EXPECT_GE(H5Dread(set, type, H5S_ALL, H5S_ALL, H5P_DEFAULT, out), 0) << path;
    H5Sclose(space);
    H5Dclose(set);
  };
  std::vector<double> times(12), efficacy(12);
  std::vector<std::uint32_t> pre(12);
  read("/transmission/pa/times", H5T_NATIVE_DOUBLE, times.data());
  read("/transmission/pa/pre", H5T_NATIVE_UINT32, pre.data());
  read("/transmission/pa/efficacy", H5T_NATIVE_DOUBLE, efficacy.data());
  H5Fclose(h);
  std::filesystem::remove(file);
  EXPECT_EQ(times, a.times);
  EXPECT_EQ(pre, a.pre);
  EXPECT_EQ(efficacy, a.efficacy);
}

TEST(transmission_monitor, errors_name_file_line_and_key) {
  expect_error(with(train_file, "projection = \"pa\"\n\n[[monitor]]", "projection = \"pz\"\n\n[[monitor]]"),
               "projection = \"pz\"", "monitor.pz.projection", {"'pz' is not a projection", "did you mean"});
  expect_error(with(train_file, "neurons = [0]", "neurons = [2]"), "neurons = [2]", "monitor.only_b.neurons",
               {"pre neuron 2 is out of range", "'b'"});
  expect_error(with(train_file, "neurons = [0]", "interval = \"1 ms\""), "interval", "monitor.only_b.interval",
               {"is not used by a transmission monitor"});
}

TEST(table, rate_and_state_series) {
  const std::string text = with(train_file, "[[table]]", R"([[monitor]]
type = "state"
population = "post"
variable = "v"
interval = "100 ms"

[[table]]
name = "rates"

  [[table.column]]
  name = "bin"
  index = true

  [[table.column]]
  name = "rate_hz"
  series = "rate.a"

[[table]]
name = "v"

  [[table.column]]
  name = "v_rel"
  series = "state.post_v"
  normalize = "first"

[[table]])");
  const run_results r = run_experiment(parse_experiment(text, "t.toml"));
  const table& rates = r.tables.at("rates");
  EXPECT_EQ(rates.data[0], (std::vector<double>{1, 2, 3, 4}));       // bins of 100 ms over 400 ms
  EXPECT_EQ(rates.data[1], (std::vector<double>{20, 20, 20, 0}));    // 2 spikes per neuron per bin until 300 ms
  const table& v = r.tables.at("v");
  ASSERT_EQ(v.data[0].size(), 5u);  // samples at 0, 100, ..., 400 ms
  EXPECT_EQ(v.data[0][0], 1.0);
  const state_record& s = r.states.at(0);
  for (std::size_t k = 0; k < 5; ++k) EXPECT_DOUBLE_EQ(v.data[0][k], s.values[k] / s.values[0]);
  EXPECT_EQ(r.tables.count("amps"), 1u);
}

TEST(table, errors) {
  // A series that names no monitor: at the key, before the run, with a suggestion.
  expect_error(with(train_file, "series = \"transmission.pa\"", "series = \"transmission.pq\""), "series",
               "table.amps.column.first_neuron.series", {"no transmission monitor named 'pq'", "did you mean 'pa'"});
  expect_error(with(train_file, "series = \"transmission.pa\"", "series = \"spikes.pa\""), "series",
               "table.amps.column.first_neuron.series", {"not a recorded series", "transmission.<monitor>"});
  expect_error(with(train_file, "series = \"transmission.pa\"", "series = \"rate.a\""), "pre = 0",
               "table.amps.column.first_neuron.pre", {"applies only to transmission series"});
  expect_error(with(train_file, "pre = 0", "pre = 5"), "pre = 5", "table.amps.column.first_neuron.pre",
               {"pre neuron 5 is out of range"});
  expect_error(with(train_file, "normalize = \"first\"", "normalize = \"last\""), "normalize",
               "table.amps.column.first_neuron.normalize", {"'last' is not a valid normalize"});
  expect_error(with(train_file, "name = \"first_neuron\"", "name = \"n\""), "name = \"n\"\n  series",
               "table.amps.column.n.name", {"there are two table columns named 'n'"});
  expect_error(with(train_file, "index = true", "index = true\n  series = \"rate.a\""), "series = \"rate.a\"",
               "table.amps.column.n.series", {"does not apply to an index column"});
  expect_error(with(train_file, "index = true", "indx = true"), "indx", "table.amps.column.n.indx",
               {"unknown key 'indx'", "did you mean 'index'"});

  // Columns of different lengths: an error after the run that names the table and both columns.
  const std::string unequal = with(train_file, "  pre = 0\n", R"(  pre = 0

  [[table.column]]
  name = "b"
  series = "transmission.only_b"
)");
  const experiment_spec spec = parse_experiment(unequal, "t.toml");
  try {
    run_experiment(spec);
    ADD_FAILURE() << "expected an error about unequal column lengths";
  } catch (const error& e) {
    const std::string m = e.what();
    EXPECT_NE(m.find("table 'amps'"), std::string::npos) << m;
    EXPECT_NE(m.find("column 'b' has 3 rows but column 'first_neuron' has 6"), std::string::npos) << m;
    EXPECT_EQ(e.where().line, line_of(unequal, "name = \"b\"\n  series") - 1) << m;  // the [[table.column]] line
    EXPECT_EQ(e.where().file, "t.toml");
  }
}
