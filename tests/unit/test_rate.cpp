// Rate populations: the small linear algebra they use, rate units (transfer functions, dynamics), rate sources
// (pattern order, Gaussian input statistics, reproducibility) and rate transmission (no delay: y(s) = f(W·x(s))).
#include <gtest/gtest.h>

#include <cmath>
#include <map>

#include "plastix/core/linalg.hpp"
#include "plastix/neuron/models.hpp"
#include "plastix/sim/experiment.hpp"
#include "plastix/sim/simulation.hpp"

using namespace plastix;

namespace {

population_spec rate_pop(const std::string& name, std::size_t n, rate_unit::params p = {}) {
  population_spec s;
  s.name = name;
  s.size = n;
  s.model = p;
  return s;
}

population_spec patterns_pop(const std::string& name, std::vector<std::vector<double>> patterns, double interval,
                             rate_patterns_source::order_kind order) {
  population_spec s;
  s.name = name;
  s.size = patterns.at(0).size();
  s.model = rate_patterns_source::params{std::move(patterns), interval, order};
  return s;
}

population_spec gaussian_pop(const std::string& name, rate_gaussian_source::params p) {
  population_spec s;
  s.name = name;
  s.size = rate_gaussian_source::size_of(p);
  s.model = std::move(p);
  return s;
}

projection_spec rate_projection(const std::string& pre, const std::string& post, distribution w) {
  projection_spec p;
  p.name = pre + "_" + post;
  p.pre = pre;
  p.post = post;
  p.weight = w;
  return p;
}

monitor_spec state_monitor(const std::string& pop, const std::string& variable) {
  monitor_spec m;
  m.type = monitor_spec::kind::state;
  m.target = pop;
  m.variable = variable;
  return m;  // every step
}

experiment_spec experiment(network_spec net, double duration, double dt, std::vector<monitor_spec> monitors = {}) {
  experiment_spec e;
  e.name = "rate_test";
  e.dt = dt;
  e.seed = 11;
  e.network = std::move(net);
  e.monitors = std::move(monitors);
  phase_spec ph;
  ph.name = "run";
  ph.duration = duration;
  e.phases.push_back(ph);
  return e;
}

// The recorded values of neuron i, one per sample (sample 0 is the initial state, sample k ≥ 1 the state after
// step k − 1).
std::vector<double> series(const state_record& r, std::size_t i) {
  std::vector<double> out;
  const std::size_t n = r.neurons.size();
  for (std::size_t k = 0; k < r.times.size(); ++k) out.push_back(r.values[k * n + i]);
  return out;
}

}  // namespace

TEST(linalg, cholesky_reconstructs_and_accepts_singular_covariances) {
  square_matrix a(3);
  const double v[] = {4, 2, 0.4, 2, 3, 0.5, 0.4, 0.5, 2};
  for (std::size_t k = 0; k < 9; ++k) a.m[k] = v[k];
  square_matrix l;
  ASSERT_TRUE(cholesky_psd(a, l));
  for (std::size_t i = 0; i < 3; ++i)
    for (std::size_t j = 0; j < 3; ++j) {
      double s = 0.0;
      for (std::size_t k = 0; k < 3; ++k) s += l(i, k) * l(j, k);
      EXPECT_NEAR(s, a(i, j), 1e-12);
    }
  square_matrix ones(2);  // perfectly correlated: singular but a valid covariance
  ones.m = {1, 1, 1, 1};
  ASSERT_TRUE(cholesky_psd(ones, l));
  EXPECT_NEAR(l(1, 0), 1.0, 1e-12);
  EXPECT_NEAR(l(1, 1), 0.0, 1e-12);
  square_matrix bad(2);  // correlation 1.5: not a covariance
  bad.m = {1, 1.5, 1.5, 1};
  EXPECT_FALSE(cholesky_psd(bad, l));
}

TEST(linalg, eigen_symmetric_matches_closed_forms) {
  // Block-diagonal equicorrelated groups: eigenvalues 1 + (m − 1)·c with the uniform vector on the group, and 1 − c.
  rate_gaussian_source::params p;
  p.groups = {{4, 3}, {0.6, 0.2}, 0.0, 1.0};
  const symmetric_eigen e = eigen_symmetric(rate_gaussian_source::covariance_of(p));
  ASSERT_EQ(e.eigenvalues.size(), 7u);
  EXPECT_NEAR(e.eigenvalues[0], 1.0 + 3 * 0.6, 1e-12);
  EXPECT_NEAR(e.eigenvalues[1], 1.0 + 2 * 0.2, 1e-12);
  EXPECT_NEAR(e.eigenvalues[6], 1.0 - 0.6, 1e-12);
  for (std::size_t i = 0; i < 7; ++i) EXPECT_NEAR(std::abs(e.eigenvectors[0][i]), i < 4 ? 0.5 : 0.0, 1e-12);
  // A general 2×2 matrix [[a, b], [b, c]].
  square_matrix m(2);
  m.m = {2, 1, 1, 3};
  const symmetric_eigen f = eigen_symmetric(m);
  EXPECT_NEAR(f.eigenvalues[0], 2.5 + std::sqrt(1.25), 1e-12);
  EXPECT_NEAR(f.eigenvalues[1], 2.5 - std::sqrt(1.25), 1e-12);
  const auto& v = f.eigenvectors[0];
  EXPECT_NEAR(2 * v[0] + v[1], f.eigenvalues[0] * v[0], 1e-12);
}

TEST(rate_unit, transfer_functions) {
  rate_unit::params p;
  p.gain = 2.0;
  EXPECT_DOUBLE_EQ(rate_unit::output(p, -1.5), -3.0);
  p.f = rate_unit::transfer::relu;
  p.threshold = 0.5;
  EXPECT_DOUBLE_EQ(rate_unit::output(p, 0.2), 0.0);
  EXPECT_DOUBLE_EQ(rate_unit::output(p, 1.5), 2.0);
  p.f = rate_unit::transfer::sigmoid;
  p.y_max = 3.0;
  EXPECT_DOUBLE_EQ(rate_unit::output(p, 0.5), 1.5);
  EXPECT_NEAR(rate_unit::output(p, 1.0), 3.0 / (1.0 + std::exp(-1.0)), 1e-15);
}

TEST(rate_transmission, has_no_delay_and_sums_weighted_inputs) {
  // Patterns switch every 3 steps (cycling); the unit must show f(W·x + bias) of the same step, also in the step
  // where the pattern switches.
  const std::vector<std::vector<double>> patterns{{1.0, 0.0, 2.0}, {0.5, 1.0, 0.0}, {0.0, 0.0, 1.0}};
  network_spec net;
  net.populations.push_back(patterns_pop("x", patterns, 0.3, rate_patterns_source::order_kind::cycle));
  rate_unit::params unit;
  unit.bias = 0.25;
  net.populations.push_back(rate_pop("y", 2, unit));
  projection_spec proj = rate_projection("x", "y", distribution::constant(0.0));
  proj.connector.type = connector_spec::kind::list;
  proj.connector.pairs = {{0, 0}, {1, 0}, {2, 0}, {0, 1}, {2, 1}};
  proj.connector.weights = {0.5, -1.0, 2.0, 3.0, 0.1};
  net.projections.push_back(proj);
  const run_results r = run_experiment(experiment(net, 2.0, 0.1, {state_monitor("y", "y"), state_monitor("y", "h")}));
  const std::vector<double> y0 = series(r.states[0], 0), y1 = series(r.states[0], 1), h0 = series(r.states[1], 0);
  ASSERT_EQ(y0.size(), 21u);
  for (std::size_t k = 1; k < y0.size(); ++k) {
    const auto& x = patterns[((k - 1) / 3) % 3];
    EXPECT_NEAR(y0[k], 0.5 * x[0] - 1.0 * x[1] + 2.0 * x[2] + 0.25, 1e-15) << "step " << k - 1;
    EXPECT_NEAR(y1[k], 3.0 * x[0] + 0.1 * x[2] + 0.25, 1e-15) << "step " << k - 1;
    EXPECT_DOUBLE_EQ(h0[k], y0[k]);  // linear, gain 1
  }
  EXPECT_EQ(r.metrics.count("rate_hz.y"), 0u);  // rate populations emit no spikes
}

TEST(rate_transmission, chains_through_rate_units_in_one_step) {
  network_spec net;
  net.populations.push_back(patterns_pop("x", {{1.0, 2.0}, {3.0, -1.0}}, 0.1, rate_patterns_source::order_kind::cycle));
  net.populations.push_back(rate_pop("hidden", 1));
  net.populations.push_back(rate_pop("out", 1));
  net.projections.push_back(rate_projection("x", "hidden", distribution::constant(0.5)));
  net.projections.push_back(rate_projection("hidden", "out", distribution::constant(2.0)));
  const run_results r = run_experiment(experiment(net, 1.0, 0.1, {state_monitor("out", "y")}));
  const std::vector<double> out = series(r.states[0], 0);
  for (std::size_t k = 1; k < out.size(); ++k) EXPECT_DOUBLE_EQ(out[k], (k - 1) % 2 == 0 ? 3.0 : 2.0);
}

TEST(rate_unit, relaxes_exactly_with_its_time_constant) {
  network_spec net;
  net.populations.push_back(patterns_pop("x", {{2.0}}, 1000.0, rate_patterns_source::order_kind::cycle));
  rate_unit::params unit;
  unit.tau = 10.0;
  unit.f = rate_unit::transfer::relu;
  net.populations.push_back(rate_pop("y", 1, unit));
  net.projections.push_back(rate_projection("x", "y", distribution::constant(1.5)));
  const run_results r = run_experiment(experiment(net, 50.0, 0.5, {state_monitor("y", "y")}));
  const std::vector<double> y = series(r.states[0], 0);
  for (std::size_t k = 0; k < y.size(); ++k)
    EXPECT_NEAR(y[k], 3.0 * (1.0 - std::exp(-static_cast<double>(k) * 0.5 / 10.0)), 1e-12);
}

TEST(rate_patterns, random_order_is_uniform_reproducible_and_seeded) {
  rate_patterns_source::params p;
  p.patterns = {{1}, {2}, {3}, {4}};
  std::map<std::size_t, int> counts;
  const int n = 40000;
  for (int k = 0; k < n; ++k) ++counts[rate_patterns_source::pattern_at(p, 5, 2, static_cast<std::uint64_t>(k))];
  for (std::size_t k = 0; k < 4; ++k) EXPECT_NEAR(counts[k] / static_cast<double>(n), 0.25, 0.01);
  int same_seed = 0, other_seed = 0, other_population = 0;
  for (std::uint64_t k = 0; k < 200; ++k) {
    const std::size_t a = rate_patterns_source::pattern_at(p, 5, 2, k);
    same_seed += a == rate_patterns_source::pattern_at(p, 5, 2, k);
    other_seed += a == rate_patterns_source::pattern_at(p, 6, 2, k);
    other_population += a == rate_patterns_source::pattern_at(p, 5, 3, k);
  }
  EXPECT_EQ(same_seed, 200);
  EXPECT_LT(other_seed, 100);  // chance agreement 1/4
  EXPECT_LT(other_population, 100);
  p.order = rate_patterns_source::order_kind::cycle;
  for (std::uint64_t k = 0; k < 10; ++k) EXPECT_EQ(rate_patterns_source::pattern_at(p, 5, 2, k), k % 4);
}

TEST(rate_gaussian, samples_have_the_given_covariance_and_are_held_for_an_interval) {
  rate_gaussian_source::params p;
  p.covariance = {{2.0, 0.8, -0.5}, {0.8, 1.0, 0.0}, {-0.5, 0.0, 0.5}};
  p.interval = 0.2;  // two steps
  network_spec net;
  net.populations.push_back(gaussian_pop("x", p));
  const run_results r = run_experiment(experiment(net, 4000.0, 0.1, {state_monitor("x", "x")}));
  const state_record& rec = r.states[0];
  const std::size_t samples = rec.times.size();
  ASSERT_EQ(samples, 40001u);
  double c[3][3] = {}, mean[3] = {};
  std::size_t count = 0;
  for (std::size_t k = 1; k < samples; k += 2) {  // one value per interval
    for (std::size_t i = 0; i < 3; ++i) {
      EXPECT_EQ(rec.values[k * 3 + i], rec.values[(k + 1) * 3 + i]) << "held over its interval";
      mean[i] += rec.values[k * 3 + i];
      for (std::size_t j = 0; j < 3; ++j) c[i][j] += rec.values[k * 3 + i] * rec.values[k * 3 + j];
    }
    ++count;
  }
  // 20000 samples: standard error of a covariance entry ≈ √(C_ii·C_jj/n) ≤ 0.01.
  for (std::size_t i = 0; i < 3; ++i) {
    EXPECT_NEAR(mean[i] / static_cast<double>(count), 0.0, 0.04);
    for (std::size_t j = 0; j < 3; ++j) EXPECT_NEAR(c[i][j] / static_cast<double>(count), p.covariance[i][j], 0.05);
  }
  // The same seed gives the same samples.
  const run_results again = run_experiment(experiment(net, 10.0, 0.1, {state_monitor("x", "x")}));
  for (std::size_t k = 0; k < again.states[0].values.size(); ++k) EXPECT_EQ(again.states[0].values[k], rec.values[k]);
}

TEST(rate_gaussian, group_generator_builds_the_covariance) {
  rate_gaussian_source::params p;
  p.groups = {{2, 1}, {0.5, 0.0}, 0.25, 2.0};
  const square_matrix c = rate_gaussian_source::covariance_of(p);
  const double expected[3][3] = {{4, 2, 1}, {2, 4, 1}, {1, 1, 4}};
  for (std::size_t i = 0; i < 3; ++i)
    for (std::size_t j = 0; j < 3; ++j) EXPECT_DOUBLE_EQ(c(i, j), expected[i][j]);
  EXPECT_EQ(rate_gaussian_source::validate(p), "");
  p.groups.between = -0.9;  // not positive semidefinite
  EXPECT_NE(rate_gaussian_source::validate(p).find("positive semidefinite"), std::string::npos);
}
