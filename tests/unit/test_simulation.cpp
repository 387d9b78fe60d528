#include <gtest/gtest.h>

#include <cmath>

#include "plastix/neuron/models.hpp"
#include "plastix/sim/experiment.hpp"
#include "plastix/sim/simulation.hpp"
#include "spec_builders.hpp"

using namespace plastix;

// A spike emitted in step s through a delay of d steps is delivered at the end of step s+d and so acts on the
// membrane from t = (s+d+1)·dt; the conductance then decays exactly.
TEST(simulation, delays_deliver_after_exactly_d_steps) {
  network_spec net;
  net.populations.push_back(test::spike_source("in", {{1.0}}));
  lif::params p;
  p.v_th = 1e9;
  net.populations.push_back(test::lif_population("n", 1, p, {test::conductance("exc", 5.0, 0.0)}));
  net.projections.push_back(test::projection_between("in", "n", "exc", 3.0, 2.0));
  experiment_spec e = test::experiment(net, 20.0);
  monitor_spec m;
  m.type = monitor_spec::kind::state;
  m.target = "n";
  m.variable = "g_exc";
  e.monitors.push_back(m);
  const run_results r = run_experiment(e);
  ASSERT_EQ(r.states.size(), 1u);
  const auto& rec = r.states[0];
  ASSERT_EQ(rec.times.size(), 201u);  // t = 0, 0.1, ..., 20
  const double arrival = 1.0 + 2.0 + 0.1;
  for (std::size_t k = 0; k < rec.times.size(); ++k) {
    const double t = rec.times[k];
    const double expected = t + 1e-9 < arrival ? 0.0 : 3.0 * std::exp(-(t - arrival) / 5.0);
    EXPECT_NEAR(rec.values[k], expected, 1e-12) << "t = " << t;
  }
}

TEST(simulation, phase_stimuli_apply_only_during_their_phase) {
  network_spec net;
  net.populations.push_back(test::lif_population("n", 3));
  experiment_spec e = test::experiment(net, 0.0);
  e.phases.clear();
  phase_spec quiet{"before", 200.0, {}, {}};
  phase_spec drive{"drive", 200.0, {}, {}};
  stimulus_spec st;
  st.type = stimulus_spec::kind::current;
  st.population = "n";
  st.value = 500.0;  // pA
  st.neurons = {1};
  drive.stimuli.push_back(st);
  phase_spec after{"after", 200.0, {}, {}};
  e.phases = {quiet, drive, after};
  monitor_spec m;
  m.type = monitor_spec::kind::spikes;
  m.target = "n";
  e.monitors.push_back(m);
  const run_results r = run_experiment(e);
  const auto& sp = r.spikes[0];
  ASSERT_FALSE(sp.times.empty());
  for (std::size_t k = 0; k < sp.times.size(); ++k) {
    EXPECT_EQ(sp.senders[k], 1u);
    EXPECT_GE(sp.times[k], 200.0);
    EXPECT_LT(sp.times[k], 400.0);
  }
  EXPECT_NEAR(r.bio_time, 600.0, 1e-9);
  EXPECT_EQ(r.phases.size(), 3u);
}

namespace {

experiment_spec random_network(std::uint64_t seed) {
  network_spec net;
  population_spec in;
  in.name = "in";
  in.size = 50;
  in.model = poisson_source::params{20.0, {}};
  net.populations.push_back(in);
  lif::params p;
  population_spec exc = test::lif_population("exc", 80, p, {test::conductance("e", 5.0, 0.0), test::conductance("i", 10.0, -80.0)});
  exc.init.push_back({"v", distribution::uniform(-60.0, -50.0)});
  net.populations.push_back(exc);
  projection_spec ie = test::projection_between("in", "exc", "e", 3.0, 1.0);
  ie.connector.type = connector_spec::kind::fixed_probability;
  ie.connector.p = 0.3;
  ie.weight = distribution::normal(3.0, 0.5);
  net.projections.push_back(ie);
  projection_spec ee = test::projection_between("exc", "exc", "i", 2.0, 1.0);
  ee.connector.type = connector_spec::kind::fixed_indegree;
  ee.connector.indegree = 10;
  ee.delay = distribution::uniform(0.5, 3.0);
  net.projections.push_back(ee);
  experiment_spec e = test::experiment(net, 500.0);
  e.seed = seed;
  monitor_spec m;
  m.type = monitor_spec::kind::spikes;
  m.target = "exc";
  e.monitors.push_back(m);
  return e;
}

}  // namespace

TEST(simulation, same_seed_gives_bitwise_identical_spikes) {
  const run_results a = run_experiment(random_network(11));
  const run_results b = run_experiment(random_network(11));
  const run_results c = run_experiment(random_network(12));
  ASSERT_GT(a.spikes[0].times.size(), 10u);
  EXPECT_EQ(a.spikes[0].times, b.spikes[0].times);
  EXPECT_EQ(a.spikes[0].senders, b.spikes[0].senders);
  EXPECT_NE(a.spikes[0].senders, c.spikes[0].senders);
}

TEST(simulation, poisson_source_rate_and_rate_monitor) {
  network_spec net;
  population_spec in;
  in.name = "in";
  in.size = 200;
  in.model = poisson_source::params{25.0, {}};
  net.populations.push_back(in);
  experiment_spec e = test::experiment(net, 2000.0);
  monitor_spec m;
  m.type = monitor_spec::kind::rate;
  m.target = "in";
  m.interval = 100.0;
  e.monitors.push_back(m);
  const run_results r = run_experiment(e);
  // 200 neurons × 2 s × 25 Hz = 10000 expected spikes; Poisson sd = 100.
  EXPECT_NEAR(static_cast<double>(r.spike_count), 10000.0, 500.0);
  EXPECT_NEAR(r.metrics.at("rate_hz.in"), 25.0, 1.25);
  ASSERT_EQ(r.rates[0].rates.size(), 20u);
  double mean = 0;
  for (double x : r.rates[0].rates) mean += x / 20.0;
  EXPECT_NEAR(mean, r.metrics.at("rate_hz.in"), 1e-9);
}

// A slow phase skips the steps: a Poisson source keeps firing at its rate in the fast phase after it (it once
// stayed silent for good: its next spike was drawn inside the skipped steps).
TEST(simulation, poisson_source_fires_after_a_slow_phase) {
  network_spec net;
  population_spec in;
  in.name = "in";
  in.size = 200;
  in.model = poisson_source::params{25.0, {}};
  net.populations.push_back(in);
  experiment_spec e = test::experiment(net, 2000.0);
  phase_spec slow = e.phases[0], after = e.phases[0];
  slow.name = "slow";
  slow.duration = 3600e3;  // [ms]
  slow.slow_step = 1000.0;
  after.name = "after";
  e.phases.push_back(slow);
  e.phases.push_back(after);
  monitor_spec m;
  m.type = monitor_spec::kind::spikes;
  m.target = "in";
  e.monitors.push_back(m);
  const run_results r = run_experiment(e);
  const double t_after = 2000.0 + 3600e3;  // [ms]
  std::size_t before = 0, late = 0;
  for (double t : r.spikes[0].times) (t < t_after ? before : late) += 1;
  // 200 neurons × 2 s × 25 Hz = 10000 expected spikes in each fast phase; Poisson sd = 100.
  EXPECT_NEAR(static_cast<double>(before), 10000.0, 500.0);
  EXPECT_NEAR(static_cast<double>(late), 10000.0, 500.0);
}

TEST(simulation, regular_source_and_rate_stimulus) {
  network_spec net;
  population_spec in;
  in.name = "in";
  in.size = 1;
  in.model = regular_source::params{10.0, 5.0, 1e300, 0.0};
  net.populations.push_back(in);
  experiment_spec e = test::experiment(net, 0.0);
  stimulus_spec st;
  st.type = stimulus_spec::kind::rate;
  st.population = "in";
  st.value = 100.0;
  e.phases = {{"slow", 300.0, {}, {}}, {"fast", 100.0, {st}, {}}};
  monitor_spec m;
  m.type = monitor_spec::kind::spikes;
  m.target = "in";
  e.monitors.push_back(m);
  const run_results r = run_experiment(e);
  const auto& t = r.spikes[0].times;
  ASSERT_EQ(t.size(), 3u + 10u);  // 5, 105, 205 ms; then every 10 ms from 300 ms
  EXPECT_NEAR(t[0], 5.0, 1e-9);
  EXPECT_NEAR(t[2], 205.0, 1e-9);
  EXPECT_NEAR(t[3], 300.0, 1e-9);
  EXPECT_NEAR(t[12], 390.0, 1e-9);
}
