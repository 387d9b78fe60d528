// The voltage-based rule of Clopath et al. 2010 against a self-contained reference written here (plain time stepping
// over the recorded voltage trace and the presynaptic spike steps), the spike clamp of adex_clopath, and the
// file errors of both.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>

#include "plastix/core/random.hpp"
#include "plastix/neuron/models.hpp"
#include "plastix/sim/experiment.hpp"
#include "plastix/sim/simulation.hpp"
#include "plastix/synapse/projection.hpp"
#include "spec_builders.hpp"
#include "test_config_support.hpp"

using namespace plastix;

namespace {

constexpr double dt = 0.1;

population_spec clopath_neurons(const std::string& name, std::size_t n, adex_clopath::params p = {}) {
  population_spec s;
  s.name = name;
  s.size = n;
  s.model = p;
  receptor_params r;
  r.name = "exc";
  r.kind = receptor_kind::current;
  r.tau_decay = 5.0;
  s.receptors.push_back(r);
  return s;
}

// Reference: one synapse, the post voltage v[k] after each step k, presynaptic events at the steps in `pre`
// (spike step + delay). Per step k: LTD at a pre event with ū−(k − d), then ū± take v[k], then LTP with
// x̄(k) (events ≤ k) and ū+(k − d); ū± before the first step are v[0].
double reference_clopath(const clopath_params& p, double w, const std::vector<double>& v,
                         const std::vector<std::int64_t>& pre) {
  const auto d = static_cast<std::int64_t>(std::llround(p.delay / dt));
  const auto n = static_cast<std::int64_t>(v.size());
  std::vector<double> um(v.size()), up(v.size());
  auto delayed = [&](const std::vector<double>& u, std::int64_t k) { return k < 0 ? v[0] : u[static_cast<std::size_t>(k)]; };
  double xbar = 0.0;
  std::size_t next = 0;
  for (std::int64_t k = 0; k < n; ++k) {
    const auto kk = static_cast<std::size_t>(k);
    xbar *= std::exp(-dt / p.tau_x);
    while (next < pre.size() && pre[next] == k) {
      w -= p.a_ltd * std::max(delayed(um, k - d) - p.theta_minus, 0.0);
      w = std::clamp(w, p.w_min, p.w_max);
      xbar += 1.0 / p.tau_x;
      ++next;
    }
    const double um_prev = k == 0 ? v[0] : um[kk - 1], up_prev = k == 0 ? v[0] : up[kk - 1];
    um[kk] = v[kk] + (um_prev - v[kk]) * std::exp(-dt / p.tau_minus);
    up[kk] = v[kk] + (up_prev - v[kk]) * std::exp(-dt / p.tau_plus);
    w += dt * p.a_ltp * xbar * std::max(v[kk] - p.theta_plus, 0.0) * std::max(delayed(up, k - d) - p.theta_minus, 0.0);
    w = std::clamp(w, p.w_min, p.w_max);
  }
  return w;
}

}  // namespace

TEST(adex_clopath, spike_is_clamped_then_reset_with_after_potential_and_threshold_jump) {
  adex_clopath::params p;
  network_spec n;
  n.populations.push_back(clopath_neurons("post", 1, p));
  experiment_spec e = test::experiment(n, 100.0);
  current_steps_protocol c;
  c.population = "post";
  c.steps.push_back({10.0, 1.0, 20000.0});  // 20 nA for 1 ms
  e.protocols.push_back({c, {}});
  simulation sim(e);
  population& pop = sim.population_named("post");
  const int v_id = pop.variable_id("v"), z_id = pop.variable_id("z"), vt_id = pop.variable_id("v_t");
  std::vector<double> v, z, vt;
  for (int k = 0; k < 600; ++k) {
    sim.run(dt);
    v.push_back(pop.sample(v_id, 0));
    z.push_back(pop.sample(z_id, 0));
    vt.push_back(pop.sample(vt_id, 0));
  }
  EXPECT_EQ(sim.spike_count("post"), 1u);  // no second spike during or after the clamp
  const auto first = static_cast<std::size_t>(std::find(v.begin(), v.end(), p.v_spike) - v.begin());
  ASSERT_LT(first, v.size());
  EXPECT_GE(first, 100u);  // not before the pulse (t = 10 ms)
  EXPECT_LT(first, 110u);  // within the 1 ms pulse
  for (std::size_t m = 0; m < 20; ++m) EXPECT_EQ(v[first + m], p.v_spike) << "clamp step " << m;  // 2 ms at 33 mV
  EXPECT_EQ(v[first + 20], p.v_reset);
  EXPECT_LT(v[first + 21], -40.0);  // free again, below threshold
  // After-potential current and threshold: set at the spike, then Euler decay per step.
  EXPECT_EQ(z[first], p.i_sp);
  EXPECT_EQ(vt[first], p.v_t_max);
  for (std::size_t m : {1u, 20u, 200u}) {
    EXPECT_NEAR(z[first + m], p.i_sp * std::pow(1.0 - dt / p.tau_z, static_cast<double>(m)), 1e-9);
    EXPECT_NEAR(vt[first + m], p.v_t_rest + (p.v_t_max - p.v_t_rest) * std::pow(1.0 - dt / p.tau_vt, static_cast<double>(m)),
                1e-9);
  }
  // The after-potential (400 pA, against w ≈ b + 6 pA) depolarizes: 5 ms after the clamp v is ≈ 4 mV above reset.
  EXPECT_GT(v[first + 70], p.v_reset + 3.0);
}

TEST(clopath, matches_plain_time_stepping_over_the_recorded_voltage) {
  // Two post neurons: one subthreshold but depolarized (LTD only), one firing regularly (LTP and LTD); six pre
  // neurons with random spikes and three delays.
  const std::int64_t steps = 15000;  // 1.5 s
  std::vector<std::vector<std::int64_t>> pre(6);
  for (std::uint32_t j = 0; j < 6; ++j) {
    random_stream rs(11, {purpose::user, 0, j});
    for (std::int64_t s = 0; s < steps; ++s)
      if (rs.uniform() < 20.0 * dt * 1e-3) pre[j].push_back(s);
  }
  std::vector<std::vector<double>> times(6);
  for (std::size_t j = 0; j < 6; ++j)
    for (std::int64_t s : pre[j]) times[j].push_back(static_cast<double>(s) * dt);
  network_spec n;
  n.populations.push_back(test::spike_source("pre", times));
  adex_clopath::params np;
  n.populations.push_back(clopath_neurons("post", 2, np));
  projection_spec ps;
  ps.name = "syn";
  ps.pre = "pre";
  ps.post = "post";
  ps.receptor = "exc";
  ps.connector.type = connector_spec::kind::list;
  const std::int64_t delays[] = {1, 8, 30};
  struct syn {
    std::uint32_t pre, post;
    double w0;
    std::int64_t delay;
  };
  std::vector<syn> synapses;
  for (std::uint32_t j = 0; j < 6; ++j) {
    for (std::uint32_t i = 0; i < 2; ++i) {
      const double w0 = 0.3 + 0.07 * static_cast<double>((j + 3 * i) % 6);
      const std::int64_t d = delays[(j + i) % 3];
      synapses.push_back({j, i, w0, d});
      ps.connector.pairs.emplace_back(j, i);
      ps.connector.weights.push_back(w0);
      ps.connector.delays.push_back(static_cast<double>(d) * dt);
    }
  }
  clopath_params rp;
  rp.a_ltd *= 5.0;  // larger changes, so that the comparison is sensitive
  rp.a_ltp *= 5.0;
  ps.plasticity.push_back({rp, {}});
  n.projections.push_back(ps);
  experiment_spec e = test::experiment(n, static_cast<double>(steps) * dt);
  current_steps_protocol below, above;  // neuron 0 below rheobase (depolarized, about −56 mV), neuron 1 firing
  below.population = above.population = "post";
  below.neurons = {0};
  below.steps.push_back({0.0, 1e6, 450.0});
  above.neurons = {1};
  above.steps.push_back({0.0, 1e6, 800.0});
  e.protocols.push_back({below, {}});
  e.protocols.push_back({above, {}});
  simulation sim(e);
  population& post = sim.population_named("post");
  const int v_id = post.variable_id("v");
  std::vector<std::vector<double>> v(2);
  for (std::int64_t k = 0; k < steps; ++k) {
    sim.run(dt);
    for (std::size_t i = 0; i < 2; ++i) v[i].push_back(post.sample(v_id, i));
  }
  EXPECT_GT(sim.spike_count("post"), 5u);
  const projection& proj = sim.projection_named("syn");
  std::size_t up = 0, down = 0;
  for (const syn& c : synapses) {
    double w = -1.0;
    for (std::uint32_t s = proj.row_begin(c.pre); s < proj.row_end(c.pre); ++s)
      if (proj.post_index()[s] == c.post) w = proj.weights()[s];
    std::vector<std::int64_t> events;
    for (std::int64_t s : pre[c.pre]) events.push_back(s + c.delay);
    const double expected = reference_clopath(rp, c.w0, v[c.post], events);
    EXPECT_NEAR(w, expected, 1e-9) << "synapse " << c.pre << "->" << c.post;
    up += expected > c.w0 + 1e-3;
    down += expected < c.w0 - 1e-3;
  }
  EXPECT_GT(up, 0u) << "the test must exercise LTP";
  EXPECT_GT(down, 0u) << "the test must exercise LTD";
}

TEST(clopath, post_population_without_voltage_is_refused) {
  network_spec n;
  n.populations.push_back(test::spike_source("pre", {{1.0}}));
  n.populations.push_back(test::spike_source("post", {{2.0}}));
  projection_spec ps = test::projection_between("pre", "post", "", 0.5, 1.0);
  ps.plasticity.push_back({clopath_params{}, {}});
  n.projections.push_back(ps);
  EXPECT_THROW(simulation(test::experiment(n, 10.0)), error);
}

namespace {

const std::string clopath_file = R"([experiment]
duration = "100 ms"

[[population]]
name = "pre"
size = 1
model = "spike_times"

[[population]]
name = "post"
size = 1
model = "adex_clopath"
tau_z = "40 ms"

  [[population.receptor]]
  name = "exc"
  kind = "current"

[[projection]]
name = "syn"
pre = "pre"
post = "post"
receptor = "exc"
weight = "0.5 pA"
  [[projection.plasticity]]
  rule = "clopath"
  tau_x = "15 ms"
  w_max = "1 pA"
)";

}  // namespace

TEST(clopath_config, reads_rule_and_neuron) {
  const experiment_spec spec = parse_experiment(clopath_file, "c.toml");
  const auto& r = std::get<clopath_params>(spec.network.projections.at(0).plasticity.at(0).params);
  EXPECT_EQ(r.tau_x, 15.0);
  EXPECT_EQ(r.a_ltd, 14e-5);
  EXPECT_EQ(r.delay, 3.0);
  EXPECT_EQ(std::get<adex_clopath::params>(spec.network.populations.at(1).model).tau_z, 40.0);
  const experiment_spec changed = parse_experiment(
      config_test::with(clopath_file, "tau_x = \"15 ms\"", "a_ltp = 1e-4\ntheta_plus = \"-40 mV\"\ndelay = \"1 ms\""),
      "c.toml");
  const auto& q = std::get<clopath_params>(changed.network.projections.at(0).plasticity.at(0).params);
  EXPECT_EQ(q.a_ltp, 1e-4);
  EXPECT_EQ(q.theta_plus, -40.0);
  EXPECT_EQ(q.delay, 1.0);
}

TEST(clopath_config, bad_parameters_name_file_line_and_key) {
  using config_test::expect_error;
  using config_test::with;
  const std::string key = "projection.syn.plasticity.clopath.";
  expect_error(with(clopath_file, "tau_x = \"15 ms\"", "tau_x = \"-1 ms\""), "tau_x", key + "tau_x",
               {"tau_x must be > 0 ms"});
  expect_error(with(clopath_file, "tau_x = \"15 ms\"", "tau_x = 15"), "tau_x", key + "tau_x", {"expected a time"});
  expect_error(with(clopath_file, "tau_x = \"15 ms\"", "a_ltd = -1"), "a_ltd", key + "a_ltd", {"a_ltd must be >= 0"});
  expect_error(with(clopath_file, "tau_x = \"15 ms\"", "theta_plus = \"5 ms\""), "theta_plus", key + "theta_plus",
               {"expected a voltage"});
  expect_error(with(clopath_file, "tau_x = \"15 ms\"", "w_min = \"2 pA\""), "w_min", key + "w_min",
               {"w_min must be below w_max"});
  expect_error(with(clopath_file, "tau_x = \"15 ms\"", "tau_y = \"5 ms\""), "tau_y", key + "tau_y",
               {"unknown key 'tau_y'"});
  expect_error(with(clopath_file, "tau_z = \"40 ms\"", "tau_z = \"-40 ms\""), "tau_z", "population.post.tau_z",
               {"tau_z must be > 0 ms"});
  expect_error(with(clopath_file, "tau_z = \"40 ms\"", "t_spike = \"0 ms\""), "t_spike", "population.post.t_spike",
               {"t_spike must be > 0 ms"});
  expect_error(with(clopath_file, "tau_z = \"40 ms\"", "i_sp = \"400 mV\""), "i_sp", "population.post.i_sp",
               {"expected a current"});
}
