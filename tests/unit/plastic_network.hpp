// Random spike trains on a small plastic network of spike_times sources, for tests of spike-timing rules against
// references written out in the test (test_stdp.cpp, test_neuromodulation.cpp, test_reward_stdp.cpp): events per synapse with axonal and
// dendritic delays, and traces as explicit sums over earlier events.
#pragma once
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "plastix/core/random.hpp"
#include "plastix/spec/experiment.hpp"
#include "spec_builders.hpp"

namespace plastix::test {

constexpr double dt = 0.1;

// Spike steps of n neurons, Poisson-like at `rate` [Hz] over `steps`, plus forced coincidences.
inline std::vector<std::vector<std::int64_t>> random_trains(std::size_t n, double rate, std::int64_t steps, std::uint64_t seed) {
  std::vector<std::vector<std::int64_t>> out(n);
  for (std::size_t i = 0; i < n; ++i) {
    random_stream rs(seed, {purpose::user, 0, static_cast<std::uint32_t>(i)});
    for (std::int64_t s = 0; s < steps; ++s)
      if (rs.uniform() < rate * dt * 1e-3) out[i].push_back(s);
  }
  return out;
}

inline std::vector<std::vector<double>> to_times(const std::vector<std::vector<std::int64_t>>& steps) {
  std::vector<std::vector<double>> t(steps.size());
  for (std::size_t i = 0; i < steps.size(); ++i)
    for (std::int64_t s : steps[i]) t[i].push_back(static_cast<double>(s) * dt);
  return t;
}

struct synapse_case {
  std::uint32_t pre, post;
  double w0;
  std::int64_t delay;  // [steps]
};

// Events at one synapse: (step, is_post). Pre events at t_pre + delay, post events at t_post + 2·dendritic.
// In one step a pre event comes before a post event.
inline std::vector<std::pair<std::int64_t, bool>> synapse_events(const std::vector<std::int64_t>& pre,
                                                          const std::vector<std::int64_t>& post, std::int64_t delay,
                                                          std::int64_t dendritic) {
  std::vector<std::pair<std::int64_t, bool>> ev;
  for (std::int64_t s : pre) ev.emplace_back(s + delay, false);
  for (std::int64_t s : post) ev.emplace_back(s + 2 * dendritic, true);
  std::sort(ev.begin(), ev.end());  // false (pre) sorts before true (post) at equal steps
  return ev;
}

// Trace of past events strictly before index `upto` in `times` (steps), read at step `now`.
inline double trace(const std::vector<std::int64_t>& times, double tau, pairing p, std::int64_t now) {
  if (times.empty()) return 0.0;
  if (p == pairing::nearest) return std::exp(-static_cast<double>(now - times.back()) * dt / tau);
  double x = 0.0;
  for (std::int64_t t : times) x += std::exp(-static_cast<double>(now - t) * dt / tau);
  return x;
}

struct plastic_network {
  experiment_spec spec;
  std::vector<std::vector<std::int64_t>> pre, post;
  std::vector<synapse_case> synapses;
  std::int64_t dendritic = 0, steps = 0;
};

// n_pre × n_post all-to-all, weights and delays varied per synapse (three distinct axonal delays), post side a
// spike_times source (a plasticity-only projection) so that post spikes are exactly as given.
inline plastic_network make_network(const rule_params& rule, std::int64_t dendritic, std::uint64_t seed) {
  plastic_network net;
  net.steps = 20000;  // 2 s
  net.pre = random_trains(6, 15.0, net.steps, seed);
  net.post = random_trains(4, 15.0, net.steps, seed + 100);
  // Force coincidences: post neuron 0 copies pre neuron 0 (same steps), so with equal delays events coincide.
  net.post[0] = net.pre[0];
  net.dendritic = dendritic;
  network_spec n;
  n.populations.push_back(spike_source("pre", to_times(net.pre)));
  n.populations.push_back(spike_source("post", to_times(net.post)));
  projection_spec ps;
  ps.name = "syn";
  ps.pre = "pre";
  ps.post = "post";
  ps.connector.type = connector_spec::kind::list;
  const std::int64_t delays[] = {2 * dendritic, 2 * dendritic + 7, 2 * dendritic + 30};
  for (std::uint32_t j = 0; j < 6; ++j) {
    for (std::uint32_t i = 0; i < 4; ++i) {
      const double w0 = 0.3 + 0.05 * static_cast<double>((j + 2 * i) % 7);
      const std::int64_t d = delays[(j + i) % 3];
      net.synapses.push_back({j, i, w0, d});
      ps.connector.pairs.emplace_back(j, i);
      ps.connector.weights.push_back(w0);
      ps.connector.delays.push_back(static_cast<double>(d) * dt);
    }
  }
  ps.dendritic_delay = static_cast<double>(dendritic) * dt;
  ps.plasticity.push_back({rule, {}});
  n.projections.push_back(ps);
  net.spec = experiment(n, static_cast<double>(net.steps) * dt, dt);
  return net;
}

// A modulator's jump of `amount` at step `step` (three-factor rules: test_neuromodulation.cpp, test_reward_stdp.cpp).
struct jump {
  std::int64_t step;
  double amount;
};

// A [[modulator]] `name` with the given jumps as its schedule, decaying with tau_d to d_b.
inline modulator_spec modulator_with_jumps(const std::vector<jump>& jumps, double tau_d, double d_b,
                                           const std::string& name = "dopamine") {
  modulator_spec m;
  m.name = name;
  m.tau = tau_d;
  m.baseline = d_b;
  for (const jump& j : jumps) {
    m.times.push_back(static_cast<double>(j.step) * dt);
    m.amounts.push_back(j.amount);
  }
  return m;
}

}  // namespace plastix::test
