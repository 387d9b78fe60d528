// The published voltage-triplet induction of tag_trigger (Clopath, Ziegler, Vasilaki, Büsing & Gerstner 2008;
// plasticity/consolidation.hpp) against a self-contained reference written here: plain time stepping over the
// recorded post voltage and the presynaptic event steps, drawing the same counter-based random numbers, so that
// every tag must come out identical. Also the filtered voltages (plasticity/voltage_filter.hpp) against their
// closed form, across a slow phase, and the file keys of the two induction rules.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <span>

#include "plastix/core/random.hpp"
#include "plastix/io/config.hpp"
#include "plastix/neuron/models.hpp"
#include "plastix/plasticity/consolidation.hpp"
#include "plastix/synapse/traces.hpp"
#include "plastix/plasticity/voltage_filter.hpp"
#include "plastix/sim/simulation.hpp"
#include "plastix/synapse/projection.hpp"
#include "spec_builders.hpp"
#include "test_config_support.hpp"

using namespace plastix;

namespace {

constexpr double dt = 0.1;  // [ms]

population_spec voltage_neurons(const std::string& name, std::size_t n) {
  population_spec s;
  s.name = name;
  s.size = n;
  s.model = adex_clopath::params{};
  receptor_params r;
  r.name = "exc";
  r.kind = receptor_kind::current;
  r.tau_decay = 5.0;
  s.receptors.push_back(r);
  return s;
}

// Reference for one synapse: tags (h, l) after stepping over the post voltage v[k] (after each step k) with
// presynaptic events at the steps in `pre` (spike step + delay). Per step k, with L = delay/dt: x̄s(k) = x̄ at the
// start of step k (decayed, before the step's events); at a pre event, an untagged synapse gets l = −1 if
// u(4k + 1) < A_LTD·[ū_LTD(k − L) − θ_LTD]+; x̄ takes the event (+1/τx); ū(k) take v(k) (exact filter); then an
// untagged synapse gets h = 1 if u(4k) < dt·A_LTP·x̄s(k − L)·[v(k) − θ_LTP]+·[ū_LTP(k − L) − θ_LTD]+. ū(j) for
// j < 0 is v[0], x̄s(j) is 0. u(n) is the synapse's counter-based uniform at position n.
struct tags {
  double h = 0.0, l = 0.0;
};
tags reference_tags(const tag_trigger_params& p, std::uint64_t seed, stream_key key, const std::vector<double>& v,
                    const std::vector<std::int64_t>& pre) {
  tags t;
  double u_ltd = v[0], u_ltp = v[0], xbar = 0.0;  // [mV], [mV], [1/ms]
  std::vector<double> xbar_start(v.size()), u_ltd_after(v.size()), u_ltp_after(v.size());
  const auto lag = static_cast<std::int64_t>(std::llround(p.delay / dt));
  auto at = [&](const std::vector<double>& series, std::int64_t j, double before) {
    return j < 0 ? before : series[static_cast<std::size_t>(j)];
  };
  std::size_t next = 0;
  for (std::int64_t k = 0; k < static_cast<std::int64_t>(v.size()); ++k) {
    const auto pos = static_cast<std::uint64_t>(k) * 4;
    const double vk = v[static_cast<std::size_t>(k)];
    xbar *= std::exp(-dt / p.tau_x);
    xbar_start[static_cast<std::size_t>(k)] = xbar;
    for (; next < pre.size() && pre[next] == k; ++next) {
      const double prob_l = p.a_ltd * std::max(at(u_ltd_after, k - lag, v[0]) - p.theta_ltd, 0.0);
      if (t.h == 0.0 && t.l == 0.0 && uniform_at(seed, key, pos + 1) < prob_l) t.l = -1.0;
      xbar += 1.0 / p.tau_x;
    }
    u_ltd = vk + (u_ltd - vk) * std::exp(-dt / p.tau_ltd);
    u_ltp = vk + (u_ltp - vk) * std::exp(-dt / p.tau_ltp);
    u_ltd_after[static_cast<std::size_t>(k)] = u_ltd;
    u_ltp_after[static_cast<std::size_t>(k)] = u_ltp;
    const double prob_h = dt * p.a_ltp * at(xbar_start, k - lag, 0.0) * std::max(vk - p.theta_ltp, 0.0) *
                          std::max(at(u_ltp_after, k - lag, v[0]) - p.theta_ltd, 0.0);
    if (t.h == 0.0 && t.l == 0.0 && uniform_at(seed, key, pos) < prob_h) t.h = 1.0;
  }
  return t;
}

}  // namespace

TEST(tag_induction, voltage_rule_matches_plain_time_stepping_over_the_recorded_voltage) {
  // 200 pre neurons in 40 Hz Poisson trains (with a dead time of 2 ms: x̄ is read `delay` = 1 ms late exactly when a
  // presynaptic neuron spikes at most once per delay) onto two post neurons: one depolarized below threshold (LTD
  // only: v never exceeds θ_LTP), one firing (its clamped spikes give LTP). Three delays; tags do not decay (k = 0).
  const std::int64_t steps = 4000;  // 0.4 s
  const std::uint32_t n_pre = 200;
  std::vector<std::vector<std::int64_t>> pre(n_pre);
  std::vector<std::vector<double>> times(n_pre);
  for (std::uint32_t j = 0; j < n_pre; ++j) {
    random_stream rs(5, {purpose::user, 0, j});
    for (std::int64_t s = 0; s < steps; ++s)
      if (rs.uniform() < 40.0 * dt * 1e-3 && (pre[j].empty() || s - pre[j].back() > 20)) {
        pre[j].push_back(s);
        times[j].push_back(static_cast<double>(s) * dt);
      }
  }
  network_spec n;
  n.populations.push_back(test::spike_source("pre", times));
  n.populations.push_back(voltage_neurons("post", 2));
  projection_spec ps;
  ps.name = "path";
  ps.pre = "pre";
  ps.post = "post";
  ps.receptor = "exc";
  ps.connector.type = connector_spec::kind::list;
  const std::int64_t delays[] = {1, 8, 30};  // [steps]
  struct syn {
    std::uint32_t pre, post;
    std::int64_t delay;
  };
  std::vector<syn> synapses;
  for (std::uint32_t j = 0; j < n_pre; ++j)
    for (std::uint32_t i = 0; i < 2; ++i) {
      synapses.push_back({j, i, delays[(j + i) % 3]});
      ps.connector.pairs.emplace_back(j, i);
      ps.connector.weights.push_back(1.0);
      ps.connector.delays.push_back(static_cast<double>(delays[(j + i) % 3]) * dt);
    }
  tag_trigger_params rp;
  rp.k_h = rp.k_l = 0.0;
  ps.plasticity.push_back({rp, {}});
  n.projections.push_back(ps);
  experiment_spec e = test::experiment(n, static_cast<double>(steps) * dt);
  e.seed = 7;
  current_steps_protocol below, above;  // neuron 0 depolarized to about −56 mV, neuron 1 firing
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
  const projection& proj = sim.projection_named("path");
  const tag_trigger_state st = tag_trigger_view(*proj.rules()[0]);
  std::size_t ltp = 0, ltd = 0, ltd_firing = 0;
  for (const syn& c : synapses) {
    std::uint32_t id = 0;
    for (std::uint32_t s = proj.row_begin(c.pre); s < proj.row_end(c.pre); ++s)
      if (proj.post_index()[s] == c.post) id = s;
    std::vector<std::int64_t> events;
    for (std::int64_t s : pre[c.pre]) events.push_back(s + c.delay);
    const tags expected = reference_tags(rp, e.seed, {purpose::plasticity, stream_object("path"), id}, v[c.post], events);
    EXPECT_EQ(st.h[id], expected.h) << "synapse " << c.pre << "->" << c.post;
    EXPECT_EQ(st.l[id], expected.l) << "synapse " << c.pre << "->" << c.post;
    ltp += expected.h == 1.0;
    ltd += expected.l == -1.0;
    ltd_firing += expected.l == -1.0 && c.post == 1;
    if (c.post == 0) EXPECT_EQ(expected.h, 0.0) << "no LTP below θ_LTP";
  }
  EXPECT_GT(ltp, 3u) << "the test must exercise LTP";
  EXPECT_GT(ltd, 3u) << "the test must exercise LTD";
  EXPECT_GT(ltd_firing, 0u) << "the test must exercise LTD and LTP competing at one neuron";
}

TEST(tag_induction, filtered_voltage_follows_its_closed_form_and_relaxes_over_a_slow_phase) {
  // ū of a constant v relaxes exponentially: ū(k) = v + (ū(0) − v)·e^{−k·dt/τ}; a gap of G steps without pushes
  // (a slow phase: the neuron is held) is caught up in closed form, equal to pushing v every step.
  network_spec n;
  n.populations.push_back(voltage_neurons("post", 2));
  simulation sim(test::experiment(n, 1.0));
  population& post = sim.population_named("post");
  const int v_id = post.variable_id("v");
  post.set_state(v_id, 0, -70.0);
  post.set_state(v_id, 1, -40.0);
  voltage_filters stepped({100.0, 1000.0}, 0.0), gapped({100.0, 1000.0}, 0.0);
  stepped.size_for(2, dt);
  gapped.size_for(2, dt);
  const auto v_of = [&](std::size_t i) { return [&post, v_id, i] { return post.sample(v_id, i); }; };
  for (std::size_t i = 0; i < 2; ++i) {
    EXPECT_FALSE(stepped.started(i));
    stepped.start(i, 0, v_of(i));
    gapped.start(i, 0, v_of(i));
    EXPECT_TRUE(stepped.started(i));
  }
  post.set_state(v_id, 0, -50.0);  // a step in v: ū follows exponentially
  post.set_state(v_id, 1, -60.0);
  const std::int64_t gap = 20000;  // 2 s
  for (std::int64_t k = 0; k < gap; ++k)
    for (std::size_t i = 0; i < 2; ++i) {
      stepped.start(i, k, v_of(i));  // nothing to catch up: filtered at every step
      stepped.filter(k, i, post.sample(v_id, i));
    }
  for (std::size_t i = 0; i < 2; ++i) gapped.start(i, gap, v_of(i));  // nothing filtered since step −1
  const double start[] = {-70.0, -40.0}, now[] = {-50.0, -60.0};
  for (std::size_t i = 0; i < 2; ++i)
    for (std::size_t f = 0; f < 2; ++f) {
      const double tau = f == 0 ? 100.0 : 1000.0;
      // Read at step gap: the value after step gap − 1, i.e. after `gap` steps of v = now.
      const double closed = now[i] + (start[i] - now[i]) * std::exp(-static_cast<double>(gap) * dt / tau);
      EXPECT_NEAR(stepped.delayed(f, gap, i), closed, 1e-9) << "neuron " << i << " filter " << f;
      EXPECT_NEAR(gapped.delayed(f, gap, i), closed, 1e-9) << "neuron " << i << " filter " << f;
    }
}

TEST(tag_induction, delayed_trace_is_the_trace_at_the_start_of_an_earlier_step) {
  // Events of entry 0 at steps 100 and 250 (τ = 100 ms, dt = 0.1 ms): read at step k with lag L, the value is the
  // trace at the start of step k − L (before that step's event), by its closed form.
  trace_bank bank;
  bank.resize(1);
  const std::size_t h = bank.add(100.0, pairing::all_to_all);
  auto closed = [](std::int64_t at) {  // trace at the start of step `at`
    double x = 0.0;
    for (std::int64_t e : {100, 250})
      if (e < at) x += std::exp(-static_cast<double>(at - e) * dt / 100.0);
    return x;
  };
  bank.spike(0, 100, dt);
  for (std::int64_t k = 100; k < 250; ++k)
    for (std::int64_t lag : {0, 1, 10, 30})
      EXPECT_NEAR(bank.delayed_value(h, 0, k, lag, dt), closed(k - lag), 1e-12) << k << " " << lag;
  bank.spike(0, 250, dt);
  for (std::int64_t k = 250; k < 400; ++k)
    for (std::int64_t lag : {0, 1, 10, 30})
      EXPECT_NEAR(bank.delayed_value(h, 0, k, lag, dt), closed(k - lag), 1e-12) << k << " " << lag;  // one event per lag
}

TEST(tag_induction, a_fraction_of_each_neurons_synapses_starts_in_the_up_state) {
  // 3 post neurons with 10, 10, 10 inputs and z_up_fraction = 0.3: exactly 3 up (z = 1, w = w0 + gz) per neuron,
  // reproducible, depending on the seed; 0 by default and for a rule built outside a simulation.
  network_spec n;
  n.populations.push_back(test::spike_source("pre", std::vector<std::vector<double>>(10)));
  n.populations.push_back(test::spike_source("post", std::vector<std::vector<double>>(3)));
  projection_spec ps = test::projection_between("pre", "post", "", 1.0, 1.0);
  tag_trigger_params rp;
  rp.induction = tag_trigger_params::induction_rule::presynaptic;
  rp.z_up_fraction = 0.3;
  ps.plasticity.push_back({rp, {}});
  n.projections.push_back(ps);
  auto up_synapses = [&](std::uint64_t seed) {
    experiment_spec e = test::experiment(n, 1.0);
    e.seed = seed;
    simulation sim(e);
    const projection& proj = sim.projection_named("path");
    const tag_trigger_state st = tag_trigger_view(*proj.rules()[0]);
    std::vector<std::uint32_t> up, per_post(3, 0);
    for (std::uint32_t s = 0; s < proj.size(); ++s) {
      EXPECT_TRUE(st.z[s] == 0.0 || st.z[s] == 1.0);
      EXPECT_DOUBLE_EQ(proj.weights()[s], rp.w0 + rp.gz * st.z[s]);
      if (st.z[s] == 1.0) {
        up.push_back(s);
        ++per_post[proj.post_index()[s]];
      }
    }
    EXPECT_EQ(per_post, (std::vector<std::uint32_t>{3, 3, 3}));
    return up;
  };
  n.projections[0].name = "path";
  EXPECT_EQ(up_synapses(1), up_synapses(1));
  EXPECT_NE(up_synapses(1), up_synapses(2));
  n.projections[0].plasticity[0].params = tag_trigger_params{};
  std::get<tag_trigger_params>(n.projections[0].plasticity[0].params).induction =
      tag_trigger_params::induction_rule::presynaptic;
  simulation plain(test::experiment(n, 1.0));
  for (double z : std::span(tag_trigger_view(*plain.projection_named("path").rules()[0]).z, 30)) EXPECT_EQ(z, 0.0);
}

TEST(tag_induction, post_population_without_voltage_is_refused_for_the_voltage_rule) {
  network_spec n;
  n.populations.push_back(test::spike_source("pre", {{1.0}}));
  n.populations.push_back(test::spike_source("post", {{2.0}}));
  projection_spec ps = test::projection_between("pre", "post", "", 1.0, 1.0);
  ps.plasticity.push_back({tag_trigger_params{}, {}});
  n.projections.push_back(ps);
  try {
    simulation sim(test::experiment(n, 10.0));
    ADD_FAILURE() << "expected an error";
  } catch (const error& e) {
    EXPECT_NE(std::string(e.what()).find("membrane potential v"), std::string::npos) << e.what();
  }
  tag_trigger_params presynaptic;
  presynaptic.induction = tag_trigger_params::induction_rule::presynaptic;
  n.projections[0].plasticity[0].params = presynaptic;
  EXPECT_NO_THROW(simulation(test::experiment(n, 10.0)));
}

namespace {

std::string tag_file(const std::string& rule_keys) {
  return R"([experiment]
duration = "10 ms"

[[population]]
name = "in"
size = 2
model = "spike_times"

[[population]]
name = "cell"
size = 1
model = "adex_clopath"
  [[population.receptor]]
  name = "exc"
  kind = "current"

[[projection]]
name = "path"
pre = "in"
post = "cell"
receptor = "exc"
weight = "1 pA"
  [[projection.plasticity]]
  rule = "tag_trigger"
)" + rule_keys;
}

}  // namespace

TEST(tag_induction_config, reads_the_voltage_rule_keys) {
  const experiment_spec spec = parse_experiment(tag_file(R"(  a_ltd = 0.02
  a_ltp = 0.002
  theta_ltp = "-45 mV"
  theta_ltd = "-70 mV"
  tau_ltp = "50 ms"
  tau_ltd = "2 s"
  tau_x = "80 ms"
  delay = "2 ms"
  z_up_fraction = 0.3
)"),
                                                "t.toml");
  const auto& p = std::get<tag_trigger_params>(spec.network.projections[0].plasticity[0].params);
  EXPECT_EQ(p.induction, tag_trigger_params::induction_rule::voltage);  // the default
  EXPECT_EQ(p.a_ltd, 0.02);
  EXPECT_EQ(p.a_ltp, 0.002);
  EXPECT_EQ(p.theta_ltp, -45.0);
  EXPECT_EQ(p.theta_ltd, -70.0);
  EXPECT_EQ(p.tau_ltp, 50.0);
  EXPECT_EQ(p.tau_ltd, 2000.0);
  EXPECT_EQ(p.tau_x, 80.0);
  EXPECT_EQ(p.delay, 2.0);
  EXPECT_EQ(p.z_up_fraction, 0.3);
  const tag_trigger_params d;  // published defaults (Clopath et al. 2008, ModelDB 118199)
  EXPECT_EQ(d.a_ltd, 1e-2);
  EXPECT_EQ(d.a_ltp, 1e-3);
  EXPECT_EQ(d.theta_ltp, -50.0);
  EXPECT_EQ(d.theta_ltd, -70.6);
  EXPECT_EQ(d.tau_ltp, 100.0);
  EXPECT_EQ(d.tau_ltd, 1000.0);
  EXPECT_EQ(d.tau_x, 100.0);
  EXPECT_EQ(d.delay, 1.0);
  EXPECT_EQ(d.z_up_fraction, 0.0);
  const experiment_spec pre = parse_experiment(tag_file("  induction = \"presynaptic\"\n  p_ltp = 0.01\n"), "t.toml");
  const auto& q = std::get<tag_trigger_params>(pre.network.projections[0].plasticity[0].params);
  EXPECT_EQ(q.induction, tag_trigger_params::induction_rule::presynaptic);
  EXPECT_EQ(q.p_ltp, 0.01);
}

TEST(tag_induction_config, keys_of_the_other_rule_and_bad_values_name_file_line_and_key) {
  const std::string key = "projection.path.plasticity.tag_trigger.";
  config_test::expect_error(tag_file("  p_ltp = 0.01\n"), "p_ltp = 0.01", key + "p_ltp", {"induction = \"presynaptic\" only"});
  config_test::expect_error(tag_file("  induction = \"presynaptic\"\n  theta_ltp = \"-50 mV\"\n"), "theta_ltp =",
                     key + "theta_ltp", {"induction = \"voltage\" only"});
  config_test::expect_error(tag_file("  induction = \"membrane\"\n"), "induction =", key + "induction",
                     {"voltage", "presynaptic"});
  config_test::expect_error(tag_file("  theta_ltp = \"-50 ms\"\n"), "theta_ltp =", key + "theta_ltp", {});
  config_test::expect_error(tag_file("  tau_ltd = \"0 ms\"\n"), "tau_ltd =", key + "tau_ltd", {"tau_ltd"});
  config_test::expect_error(tag_file("  a_ltp = -1\n"), "a_ltp =", key + "a_ltp", {"a_ltp"});
  config_test::expect_error(tag_file("  z_up_fraction = 1.5\n"), "z_up_fraction =", key + "z_up_fraction",
                            {"z_up_fraction must be in [0, 1]"});
  config_test::expect_error(tag_file("  induction = \"presynaptic\"\n  delay = \"1 ms\"\n"), "delay =",
                            key + "delay", {"induction = \"voltage\" only"});
}
