#include <gtest/gtest.h>

#include "plastix/core/error.hpp"
#include "plastix/neuron/models.hpp"
#include "plastix/sim/experiment.hpp"
#include "spec_builders.hpp"

using namespace plastix;

TEST(protocols, pairing_times_with_post_bursts) {
  pairing_protocol p;
  p.n = 3;
  p.frequency = 10.0;  // 100 ms apart
  p.dt = -5.0;
  p.start = 50.0;
  p.post_spikes = 2;
  p.post_frequency = 100.0;  // 10 ms apart
  const auto [pre, post] = pairing_times(p);
  EXPECT_EQ(pre, (std::vector<double>{50.0, 150.0, 250.0}));
  EXPECT_EQ(post, (std::vector<double>{45.0, 55.0, 145.0, 155.0, 245.0, 255.0}));
}

TEST(protocols, pairing_fills_spike_sources_and_pulses_neurons) {
  network_spec n;
  population_spec pre;
  pre.name = "pre";
  pre.size = 2;
  pre.model = spike_times_source::params{};
  n.populations.push_back(pre);
  lif::params lp;
  lp.t_ref = 2.0;
  n.populations.push_back(test::lif_population("post", 1, lp));
  experiment_spec e = test::experiment(n, 400.0);
  pairing_protocol p;
  p.pre = "pre";
  p.post = "post";
  p.n = 3;
  p.frequency = 10.0;
  p.dt = 10.0;
  p.current = 20000.0;  // 20 nA for 1 ms: fires within the pulse
  p.pulse_duration = 1.0;
  e.protocols.push_back({p, {}});
  for (const char* target : {"pre", "post"}) {
    monitor_spec m;
    m.type = monitor_spec::kind::spikes;
    m.target = target;
    e.monitors.push_back(m);
  }
  const run_results r = run_experiment(e);
  const auto& pre_spikes = r.spikes[0];
  ASSERT_EQ(pre_spikes.times.size(), 6u);  // both neurons, three times
  EXPECT_DOUBLE_EQ(pre_spikes.times[0], 100.0);
  EXPECT_DOUBLE_EQ(pre_spikes.times[5], 300.0);
  const auto& post_spikes = r.spikes[1];
  ASSERT_EQ(post_spikes.times.size(), 3u);  // one spike per pulse
  for (std::size_t k = 0; k < 3; ++k) {
    const double pulse = 110.0 + 100.0 * static_cast<double>(k);
    EXPECT_GE(post_spikes.times[k], pulse);
    EXPECT_LT(post_spikes.times[k], pulse + 1.0);
  }
}

TEST(protocols, current_steps_drive_only_their_window_and_neurons) {
  network_spec n;
  n.populations.push_back(test::lif_population("n", 2));
  experiment_spec e = test::experiment(n, 600.0);
  current_steps_protocol c;
  c.population = "n";
  c.neurons = {1};
  c.steps = {{100.0, 200.0, 500.0}};
  e.protocols.push_back({c, {}});
  monitor_spec m;
  m.type = monitor_spec::kind::spikes;
  m.target = "n";
  e.monitors.push_back(m);
  const run_results r = run_experiment(e);
  ASSERT_GT(r.spikes[0].times.size(), 5u);
  for (std::size_t k = 0; k < r.spikes[0].times.size(); ++k) {
    EXPECT_EQ(r.spikes[0].senders[k], 1u);
    EXPECT_GE(r.spikes[0].times[k], 100.0);
    EXPECT_LT(r.spikes[0].times[k], 300.0);
  }
}

TEST(protocols, validation_names_the_problem) {
  network_spec n;
  n.populations.push_back(test::lif_population("post", 1));
  population_spec pre;
  pre.name = "pre";
  pre.size = 1;
  pre.model = poisson_source::params{5.0, {}};
  n.populations.push_back(pre);
  experiment_spec e = test::experiment(n, 100.0);
  pairing_protocol p;
  p.pre = "pre";
  p.post = "post";
  e.protocols.push_back({p, {}});
  try {
    validate(e);
    FAIL() << "expected an error";
  } catch (const error& err) {
    EXPECT_NE(std::string(err.what()).find("poisson source"), std::string::npos) << err.what();
  }
  std::get<pairing_protocol>(e.protocols[0].params).pre = "nobody";
  EXPECT_THROW(validate(e), error);
}
