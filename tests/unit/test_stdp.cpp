// Pair and triplet STDP against a self-contained reference written here: plain loops over spike times with the
// traces computed as explicit sums over earlier events (no trace objects), on random spike trains with several
// axonal delays, a dendritic delay, and simultaneous pre/post events.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>

#include "plastix/core/random.hpp"
#include "plastix/neuron/models.hpp"
#include "plastix/sim/experiment.hpp"
#include "plastix/sim/simulation.hpp"
#include "plastic_network.hpp"
#include "spec_builders.hpp"

using namespace plastix;
using namespace plastix::test;

namespace {

double reference_pair(const stdp_params& p, double w, const std::vector<std::pair<std::int64_t, bool>>& events,
                      std::int64_t run_steps) {
  std::vector<std::int64_t> pre_seen, post_seen;
  for (const auto& [step, is_post] : events) {
    if (step >= run_steps) break;
    if (is_post) {
      w += p.a_plus * p.dependence.potentiation(w) * trace(pre_seen, p.tau_plus, p.scheme, step);
      post_seen.push_back(step);
    } else {
      w -= p.a_minus * p.dependence.depression(w) * trace(post_seen, p.tau_minus, p.scheme, step);
      pre_seen.push_back(step);
    }
    w = p.dependence.clip(w);
  }
  return w;
}

double reference_triplet(const triplet_params& p, double w, const std::vector<std::pair<std::int64_t, bool>>& events,
                         std::int64_t run_steps) {
  std::vector<std::int64_t> pre_seen, post_seen;
  for (const auto& [step, is_post] : events) {
    if (step >= run_steps) break;
    if (is_post) {
      const double r1 = trace(pre_seen, p.tau_plus, p.scheme, step);
      const double o2 = trace(post_seen, p.tau_y, p.scheme, step);  // before this spike's own increment
      w += p.dependence.potentiation(w) * r1 * (p.a2_plus + p.a3_plus * o2);
      post_seen.push_back(step);
    } else {
      const double o1 = trace(post_seen, p.tau_minus, p.scheme, step);
      const double r2 = trace(pre_seen, p.tau_x, p.scheme, step);
      w -= p.dependence.depression(w) * o1 * (p.a2_minus + p.a3_minus * r2);
      pre_seen.push_back(step);
    }
    w = p.dependence.clip(w);
  }
  return w;
}

template <class Reference>
void expect_matches_reference(const rule_params& rule, Reference reference) {
  for (std::int64_t dendritic : {0, 5}) {
    plastic_network net = make_network(rule, dendritic, 7 + static_cast<std::uint64_t>(dendritic));
    simulation sim(net.spec);
    sim.run(static_cast<double>(net.steps) * dt);
    const projection& proj = sim.projection_named("syn");
    std::size_t changed = 0;
    for (const synapse_case& c : net.synapses) {
      // Find the synapse (pre, post) in the CSR.
      double w = -1.0;
      for (std::uint32_t s = proj.row_begin(c.pre); s < proj.row_end(c.pre); ++s)
        if (proj.post_index()[s] == c.post) w = proj.weights()[s];
      const auto events = synapse_events(net.pre[c.pre], net.post[c.post], c.delay, dendritic);
      const double expected = reference(c.w0, events, net.steps);
      EXPECT_NEAR(w, expected, 1e-9 * std::max(1.0, std::fabs(expected)))
          << "synapse " << c.pre << "->" << c.post << " delay " << c.delay << " dendritic " << dendritic;
      if (std::fabs(expected - c.w0) > 1e-6) ++changed;
    }
    EXPECT_GT(changed, net.synapses.size() / 2) << "the test must exercise plasticity";
  }
}

}  // namespace

// The weight-dependence formulas, written out independently of weight_dependence.hpp.
TEST(weight_dependence, formulas) {
  weight_dependence d;
  d.w_min = 0.1;
  d.w_max = 2.0;
  d.mu = 0.4;
  d.w_ref = 0.7;
  for (double w : {0.1, 0.5, 1.3, 2.0}) {
    d.type = weight_dependence::kind::additive;
    EXPECT_DOUBLE_EQ(d.potentiation(w), 1.0);
    EXPECT_DOUBLE_EQ(d.depression(w), 1.0);
    d.type = weight_dependence::kind::multiplicative;
    EXPECT_DOUBLE_EQ(d.potentiation(w), 2.0 - w);
    EXPECT_DOUBLE_EQ(d.depression(w), w - 0.1);
    d.type = weight_dependence::kind::gutig;
    EXPECT_NEAR(d.potentiation(w), std::pow(2.0 - w, 0.4), 1e-15);
    EXPECT_NEAR(d.depression(w), std::pow(w - 0.1, 0.4), 1e-15);
    d.type = weight_dependence::kind::power_law;
    EXPECT_NEAR(d.potentiation(w), std::pow(0.7, 0.6) * std::pow(w, 0.4), 1e-15);
    EXPECT_DOUBLE_EQ(d.depression(w), w);
    d.type = weight_dependence::kind::van_rossum;
    EXPECT_DOUBLE_EQ(d.potentiation(w), 1.0);
    EXPECT_DOUBLE_EQ(d.depression(w), w);
  }
  EXPECT_DOUBLE_EQ(d.clip(5.0), 2.0);
  EXPECT_DOUBLE_EQ(d.clip(-1.0), 0.1);
}

class stdp_reference : public ::testing::TestWithParam<std::tuple<pairing, weight_dependence::kind>> {};

TEST_P(stdp_reference, matches_plain_loop_over_spike_times) {
  stdp_params p;
  p.scheme = std::get<0>(GetParam());
  p.dependence.type = std::get<1>(GetParam());
  p.dependence.w_min = 0.0;
  p.dependence.w_max = 1.0;
  p.dependence.mu = 0.4;
  p.dependence.w_ref = 0.5;
  p.a_plus = 0.02;
  p.a_minus = 0.021;
  expect_matches_reference(p, [&](double w0, const auto& events, std::int64_t steps) {
    return reference_pair(p, w0, events, steps);
  });
}

INSTANTIATE_TEST_SUITE_P(
    stdp, stdp_reference,
    ::testing::Combine(::testing::Values(pairing::all_to_all, pairing::nearest),
                       ::testing::Values(weight_dependence::kind::additive, weight_dependence::kind::multiplicative,
                                         weight_dependence::kind::gutig, weight_dependence::kind::power_law,
                                         weight_dependence::kind::van_rossum)));

TEST(triplet, matches_plain_loop_over_spike_times_for_both_presets) {
  for (const std::string& name : triplet_params::preset_names()) {
    triplet_params p = triplet_params::preset(name);
    p.a2_plus += 5e-3;  // the presets' A2+ is ~0; make the pair term visible too
    expect_matches_reference(p, [&](double w0, const auto& events, std::int64_t steps) {
      return reference_triplet(p, w0, events, steps);
    });
  }
}

// One pairing, additive rule: Δw equals the window formula exactly (Δt a whole number of steps).
TEST(stdp, single_pairing_follows_the_window_formula) {
  stdp_params p;  // τ+ 16.8 ms, τ− 33.7 ms
  for (int k : {-500, -337, -100, -10, -1, 0, 1, 10, 168, 500}) {
    const double delta = k * dt;  // t_post − t_pre [ms]
    network_spec n;
    n.populations.push_back(test::spike_source("pre", {{50.0}}));
    n.populations.push_back(test::spike_source("post", {{50.0 + delta}}));
    projection_spec ps = test::projection_between("pre", "post", "", 0.5, 0.0);
    ps.plasticity.push_back({p, {}});
    n.projections.push_back(ps);
    const run_results r = run_experiment(test::experiment(n, 200.0, dt));
    const double dw = r.metrics.at("w_end.pre_post") - 0.5;
    const double expected = delta >= 0 ? p.a_plus * std::exp(-delta / p.tau_plus) : -p.a_minus * std::exp(delta / p.tau_minus);
    EXPECT_NEAR(dw, expected, 1e-12) << "Δt = " << delta << " ms";
  }
}

TEST(stdp, weights_never_leave_their_bounds) {
  stdp_params p;
  p.a_plus = 0.5;  // huge steps: clipping must hold
  p.a_minus = 0.6;
  p.dependence.w_min = 0.1;
  p.dependence.w_max = 0.9;
  plastic_network net = make_network(p, 0, 3);
  simulation sim(net.spec);
  sim.run(2000.0);
  const auto w = sim.projection_named("syn").weights();
  for (double x : w) {
    EXPECT_GE(x, 0.1);
    EXPECT_LE(x, 0.9);
  }
  EXPECT_TRUE(std::any_of(w.begin(), w.end(), [](double x) { return x == 0.9; }));
  EXPECT_TRUE(std::any_of(w.begin(), w.end(), [](double x) { return x == 0.1; }));
}

// STDP on a transmitting projection between LIF neurons runs, and transmission uses the current weight.
TEST(stdp, works_on_a_spiking_network_projection) {
  network_spec n;
  population_spec in;
  in.name = "in";
  in.size = 40;
  in.model = poisson_source::params{30.0, {}};
  n.populations.push_back(in);
  n.populations.push_back(test::lif_population("n", 5, {}, {test::conductance("exc", 5.0, 0.0)}));
  projection_spec ps = test::projection_between("in", "n", "exc", 2.0, 1.0);
  stdp_params p;
  p.dependence.w_max = 4.0;
  ps.plasticity.push_back({p, {}});
  n.projections.push_back(ps);
  const run_results r = run_experiment(test::experiment(n, 2000.0));
  EXPECT_GT(r.metrics.at("rate_hz.n"), 1.0);
  EXPECT_NE(r.metrics.at("w_end.in_n"), r.metrics.at("w_start.in_n"));
}

// Inhibitory STDP of Vogels et al. 2011, written out here: pre event w += η(x_post − α), post event w += η·x_pre,
// α = 2ρ0τ, all-to-all traces, clipped to [w_min, w_max]. Bounds are chosen so that clipping happens.
TEST(istdp, matches_plain_loop_over_spike_times) {
  istdp_params p;
  p.tau = 20.0;
  p.eta = 0.02;
  p.target_rate = 10.0;  // α = 2 · 10 Hz · 20 ms = 0.4
  p.w_min = 0.0;
  p.w_max = 0.8;
  const double alpha = 2.0 * 10.0 * 20.0 / 1000.0;
  expect_matches_reference(p, [&](double w, const auto& events, std::int64_t steps) {
    std::vector<std::int64_t> pre_seen, post_seen;
    for (const auto& [step, is_post] : events) {
      if (step >= steps) break;
      if (is_post) {
        w += p.eta * trace(pre_seen, p.tau, pairing::all_to_all, step);
        post_seen.push_back(step);
      } else {
        w += p.eta * (trace(post_seen, p.tau, pairing::all_to_all, step) - alpha);
        pre_seen.push_back(step);
      }
      w = std::clamp(w, p.w_min, p.w_max);
    }
    return w;
  });
}

// One pair: the window is symmetric, Δw = η·e^{−|Δt|/τ} − η·α (the pre spike's depression), Δt = 0 counted once.
TEST(istdp, single_pair_window_is_symmetric) {
  istdp_params p;
  p.eta = 0.01;
  p.target_rate = 5.0;  // α = 0.2
  for (int k : {-400, -200, -1, 0, 1, 200, 400}) {
    const double delta = k * dt;  // t_post − t_pre [ms]
    network_spec n;
    n.populations.push_back(test::spike_source("pre", {{50.0}}));
    n.populations.push_back(test::spike_source("post", {{50.0 + delta}}));
    projection_spec ps = test::projection_between("pre", "post", "", 0.5, 0.0);
    ps.plasticity.push_back({p, {}});
    n.projections.push_back(ps);
    const run_results r = run_experiment(test::experiment(n, 200.0, dt));
    const double expected = p.eta * std::exp(-std::fabs(delta) / p.tau) - p.eta * 0.2;
    EXPECT_NEAR(r.metrics.at("w_end.pre_post") - 0.5, expected, 1e-12) << "Δt = " << delta << " ms";
  }
}
