// Homeostatic plasticity (docs/models/homeostasis.md): synaptic scaling against its closed form (ratios preserved
// exactly, the factor exp(βΔ Σ (r_target − r_avg,k)) with the rate average written out here), in fast and slow
// phases; and the outcome of each mechanism: scaling, intrinsic plasticity and inhibitory STDP each bring a LIF
// neuron driven by Poisson input to its target rate (tolerances stated with each assertion).
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <string>

#include "plastix/io/config.hpp"
#include "plastix/sim/experiment.hpp"
#include "plastix/sim/simulation.hpp"
#include "spec_builders.hpp"

using namespace plastix;

namespace {

// Two post neurons (spike_times sources, so that their spikes are exact): neuron 0 silent, neuron 1 regular at
// 10 Hz for the first 10 s; 5 pre neurons onto both, varied weights. A 10 s fast phase, then (optionally) a slow
// phase of 2 h in which the sensor holds each neuron's rate of the fast phase (0 and 10 Hz).
struct scaling_case {
  scaling_params p;
  experiment_spec spec;
  std::vector<double> w0;  // per synapse, in connector order (pre j, post i) = 2j + i
};

scaling_case make_scaling_case(bool slow_phase) {
  scaling_case c;
  c.p.target_rate = 4.0;
  c.p.beta = 3e-8;         // [1/(Hz·ms)]
  c.p.tau_avg = 3000.0;    // [ms]
  c.p.interval = 500.0;    // [ms]
  std::vector<double> regular;
  for (int k = 0; k < 100; ++k) regular.push_back(50.0 + 100.0 * k);
  network_spec n;
  n.populations.push_back(test::spike_source("pre", {{}, {}, {}, {}, {}}));
  n.populations.push_back(test::spike_source("post", {{}, regular}));
  projection_spec ps;
  ps.name = "syn";
  ps.pre = "pre";
  ps.post = "post";
  ps.connector.type = connector_spec::kind::list;
  for (std::uint32_t j = 0; j < 5; ++j)
    for (std::uint32_t i = 0; i < 2; ++i) {
      ps.connector.pairs.emplace_back(j, i);
      c.w0.push_back(0.2 + 0.37 * j + 0.11 * i);
      ps.connector.weights.push_back(c.w0.back());
    }
  ps.plasticity.push_back({c.p, {}});
  n.projections.push_back(ps);
  c.spec = test::experiment(n, 10000.0);
  if (slow_phase) {
    phase_spec slow;
    slow.name = "slow";
    slow.duration = 7200e3;
    slow.slow_step = 500.0;
    c.spec.phases.push_back(slow);
  }
  return c;
}

// The factor of the closed form for a neuron observed at `rate` [Hz] on every tick, r_avg starting at r_target.
double closed_form_factor(const scaling_params& p, double rate, int ticks) {
  double avg = p.target_rate, log_factor = 0.0;
  const double keep = std::exp(-p.interval / p.tau_avg);
  for (int k = 1; k <= ticks; ++k) {
    avg = rate + (p.target_rate - rate) * std::pow(keep, k);  // r_avg after k ticks, written in closed form
    log_factor += p.beta * p.interval * (p.target_rate - avg);
  }
  return std::exp(log_factor);
}

double weight_of(const projection& proj, std::uint32_t pre, std::uint32_t post) {
  for (std::uint32_t s = proj.row_begin(pre); s < proj.row_end(pre); ++s)
    if (proj.post_index()[s] == post) return proj.weights()[s];
  return -1.0;
}

}  // namespace

TEST(scaling, is_multiplicative_with_the_closed_form_factor_in_fast_and_slow_phases) {
  for (bool slow : {false, true}) {
    scaling_case c = make_scaling_case(slow);
    simulation sim(c.spec);
    for (const phase_spec& ph : c.spec.phases) sim.run_phase(ph);
    const int ticks = slow ? (10000 + 7200000) / 500 : 10000 / 500;
    const projection& proj = sim.projection_named("syn");
    const double factor[2] = {closed_form_factor(c.p, 0.0, ticks), closed_form_factor(c.p, 10.0, ticks)};
    EXPECT_GT(factor[0], slow ? 2.0 : 1.0) << "a silent neuron scales its inputs up";
    EXPECT_LT(factor[1], slow ? 0.5 : 1.0) << "a neuron above target scales them down";
    for (std::uint32_t j = 0; j < 5; ++j)
      for (std::uint32_t i = 0; i < 2; ++i) {
        const double w = weight_of(proj, j, i), w0 = c.w0[2 * j + i];
        EXPECT_NEAR(w / (w0 * factor[i]), 1.0, 1e-9) << "pre " << j << " post " << i << " slow " << slow;
        // Ratios of the weights onto one neuron are preserved to rounding.
        const double ratio = w / weight_of(proj, 0, i), ratio0 = w0 / c.w0[i];
        EXPECT_NEAR(ratio / ratio0, 1.0, 1e-12);
      }
  }
}

// The slow phase's rate under TTX (rate_sensor: r_obs = 0 while population::spikes_blocked): a block_spikes window
// on the post neurons over the second hour of the slow phase. Neuron 1 fired at 10 Hz in the fast phase, so the
// sensor holds 10 Hz for the first hour and observes 0 Hz during the block; the factor follows the recurrence of
// r_avg tick by tick (written out here), and differs from the unblocked one by more than 2x.
TEST(scaling, a_slow_phase_under_ttx_observes_rate_zero_for_the_blocked_neurons) {
  scaling_case c = make_scaling_case(true);
  intervention_spec ttx;
  ttx.type = intervention_spec::kind::block_spikes;
  ttx.population = "post";
  ttx.start = 3600e3;  // [ms]
  c.spec.phases.back().interventions.push_back(ttx);
  simulation sim(c.spec);
  for (const phase_spec& ph : c.spec.phases) sim.run_phase(ph);
  // Observed rate per tick of neuron 1: 20 ticks of the fast phase at 10 Hz, 7200 held at 10 Hz, 7200 blocked.
  const double keep = std::exp(-c.p.interval / c.p.tau_avg);
  double avg = c.p.target_rate, log_factor = 0.0;
  for (int k = 1; k <= 20 + 7200 + 7200; ++k) {
    const double observed = k <= 20 + 7200 ? 10.0 : 0.0;
    avg = observed + (avg - observed) * keep;
    log_factor += c.p.beta * c.p.interval * (c.p.target_rate - avg);
  }
  const double expected = std::exp(log_factor);
  const double unblocked = closed_form_factor(c.p, 10.0, 20 + 7200 + 7200);
  EXPECT_GT(expected / unblocked, 2.0) << "the test distinguishes blocked from held";
  const projection& proj = sim.projection_named("syn");
  for (std::uint32_t j = 0; j < 5; ++j) {
    EXPECT_NEAR(weight_of(proj, j, 1) / (c.w0[2 * j + 1] * expected), 1.0, 1e-9) << "pre " << j;
    EXPECT_NEAR(weight_of(proj, j, 0) / (c.w0[2 * j] * closed_form_factor(c.p, 0.0, 20 + 14400)), 1.0, 1e-9);
  }
}

TEST(scaling, respects_its_bounds) {
  scaling_case c = make_scaling_case(true);
  std::get<scaling_params>(c.spec.network.projections[0].plasticity[0].params).w_max = 1.0;
  simulation sim(c.spec);
  for (const phase_spec& ph : c.spec.phases) sim.run_phase(ph);
  for (double w : sim.projection_named("syn").weights()) EXPECT_LE(w, 1.0);
}

namespace {

// One LIF neuron driven by 200 excitatory Poisson inputs at 10 Hz, optionally 100 inhibitory inputs at 10 Hz;
// `extra` adds a rule or intrinsic plasticity. Returns the neuron's rate [Hz] over the last `measure` of the run.
double driven_rate(const std::string& neuron_extra, const std::string& exc_rule, const std::string& inh_projection,
                   double duration_s, double measure_s, std::uint64_t seed = 3) {
  const std::string text = R"(
[experiment]
seed = )" + std::to_string(seed) + R"(
dt = "0.1 ms"
duration = "1 s"
[[population]]
name = "exc_in"
size = 200
model = "poisson"
rate = "10 Hz"
[[population]]
name = "inh_in"
size = 100
model = "poisson"
rate = "10 Hz"
[[population]]
name = "neuron"
size = 1
model = "lif"
)" + neuron_extra + R"(
  [[population.receptor]]
  name = "exc"
  tau_decay = "5 ms"
  e_rev = "0 mV"
  [[population.receptor]]
  name = "inh"
  tau_decay = "10 ms"
  e_rev = "-80 mV"
[[projection]]
name = "exc"
pre = "exc_in"
post = "neuron"
receptor = "exc"
weight = "0.5 nS"
)" + exc_rule + inh_projection;
  experiment_spec spec = parse_experiment(text, "driven.toml");
  simulation sim(spec);
  sim.run((duration_s - measure_s) * 1000.0);
  const auto before = sim.spike_count("neuron");
  sim.run(measure_s * 1000.0);
  const double rate = static_cast<double>(sim.spike_count("neuron") - before) / measure_s;
  std::printf("rate over the last %g s of %g s: %.3f Hz\n", measure_s, duration_s, rate);
  return rate;
}

}  // namespace

// Without plasticity the neuron fires far from the targets used below (the tests are not trivially satisfied).
TEST(homeostasis, the_driven_neuron_starts_away_from_the_targets) {
  const double r = driven_rate("", "", "", 10.0, 10.0);
  EXPECT_GT(r, 20.0);
  EXPECT_LT(r, 200.0);
}

// Synaptic scaling (β fast, for a short test) brings the rate from above 20 Hz to the 8 Hz target: within ±15 %
// over the last 20 s of 120 s.
TEST(homeostasis, scaling_reaches_the_target_rate) {
  const double r = driven_rate("", R"(
  [[projection.plasticity]]
  rule = "scaling"
  target_rate = "8 Hz"
  beta = 0.05
  tau_avg = "2 s"
  interval = "100 ms"
)",
                               "", 120.0, 20.0);
  EXPECT_NEAR(r, 8.0, 0.15 * 8.0);
}

// Intrinsic plasticity (a bias current, fast η for a short test): 8 Hz within ±15 % over the last 20 s of 120 s.
TEST(homeostasis, intrinsic_plasticity_reaches_the_target_rate) {
  const double r = driven_rate(R"(
  [population.intrinsic]
  target_rate = "8 Hz"
  eta = 20.0
  tau_avg = "2 s"
  interval = "100 ms"
)",
                               "", "", 120.0, 20.0);
  EXPECT_NEAR(r, 8.0, 0.15 * 8.0);
}

// Inhibitory STDP (Vogels et al. 2011): plastic inhibition from 100 Poisson inputs, starting weak, balances the
// excitation and holds the neuron at ρ0 = 5 Hz: within ±20 % over the last 20 s of 60 s (the rule's fixed point is
// ρ0 up to the pre–post correlation the inhibitory spikes themselves cause).
TEST(homeostasis, inhibitory_stdp_balances_the_neuron_at_its_target_rate) {
  const std::string inh = R"(
[[projection]]
name = "inh"
pre = "inh_in"
post = "neuron"
receptor = "inh"
weight = "0.1 nS"
  [[projection.plasticity]]
  rule = "istdp"
  tau = "20 ms"
  eta = "0.05 nS"
  target_rate = "5 Hz"
)";
  const double r = driven_rate("", "", inh, 60.0, 20.0);
  EXPECT_NEAR(r, 5.0, 0.2 * 5.0);
}

// Bad parameters are errors naming the key, not crashes.
TEST(homeostasis, bad_parameters_name_their_key) {
  const auto message = [](const std::string& neuron_extra, const std::string& rule) {
    const std::string text = R"(
[experiment]
duration = "1 s"
[[population]]
name = "in"
size = 2
model = "poisson"
rate = "10 Hz"
)" + neuron_extra + R"(
[[population]]
name = "n"
size = 1
model = "lif"
  [[population.receptor]]
  name = "exc"
  kind = "current"
  tau_decay = "5 ms"
[[projection]]
pre = "in"
post = "n"
receptor = "exc"
weight = "1 pA"
)" + rule;
    try {
      parse_experiment(text, "bad.toml");
    } catch (const plastix::error& e) {
      return std::string(e.what());
    }
    return std::string("no error");
  };
  EXPECT_NE(message("", "  [[projection.plasticity]]\n  rule = \"istdp\"\n  tau = \"-1 ms\"\n").find("tau must be > 0"),
            std::string::npos);
  EXPECT_NE(message("", "  [[projection.plasticity]]\n  rule = \"scaling\"\n  interval = \"0 ms\"\n").find("interval"),
            std::string::npos);
  EXPECT_NE(message("", "  [[projection.plasticity]]\n  rule = \"scaling\"\n  tau = \"1 s\"\n").find("tau"),
            std::string::npos);
  EXPECT_NE(message("  [population.intrinsic]\n  eta = 1.0\n", "").find("intrinsic"), std::string::npos);
  const std::string ws = "[[analysis]]\ntype = \"weight_scaling\"\nprojection = \"in_n\"\n";
  EXPECT_NE(message("", ws + "phase = \"nope\"\n").find("analysis[0].phase"), std::string::npos);
  EXPECT_NE(message("", "[[analysis]]\ntype = \"weight_scaling\"\nprojection = \"x\"\n").find("not a projection"),
            std::string::npos);
  EXPECT_NE(message("", ws + ws).find("would collide"), std::string::npos);
  EXPECT_EQ(message("", ws), "no error");
}

namespace {

struct line_fit {
  double slope, intercept, correlation;
};

// Least squares y = slope·x + intercept and Pearson's r, written out.
line_fit fit(const std::vector<double>& x, const std::vector<double>& y) {
  const double n = static_cast<double>(x.size());
  double mx = 0, my = 0;
  for (std::size_t s = 0; s < x.size(); ++s) mx += x[s] / n, my += y[s] / n;
  double sxx = 0, syy = 0, sxy = 0;
  for (std::size_t s = 0; s < x.size(); ++s) {
    sxx += (x[s] - mx) * (x[s] - mx);
    syy += (y[s] - my) * (y[s] - my);
    sxy += (x[s] - mx) * (y[s] - my);
  }
  return {sxy / sxx, my - sxy / sxx * mx, sxy / std::sqrt(sxx * syy)};
}

}  // namespace

// The weight_scaling analysis against the closed-form weights (tested above): "syn" from the start of the run,
// its copy "syn2" from the start of the slow phase; one row each in one table, in file order.
TEST(homeostasis, weight_scaling_analysis_fits_after_against_before) {
  scaling_case c = make_scaling_case(true);
  projection_spec copy = c.spec.network.projections[0];
  copy.name = "syn2";
  c.spec.network.projections.push_back(copy);
  for (const char* name : {"syn", "syn2"}) {
    analysis_spec a;
    a.type = analysis_spec::kind::weight_scaling;
    a.projection = name;
    a.phase = std::string(name) == "syn2" ? "slow" : "";
    c.spec.analyses.push_back(a);
  }
  const run_results r = run_experiment(c.spec);
  const int fast_ticks = 10000 / 500, ticks = (10000 + 7200000) / 500;
  const double f_fast[2] = {closed_form_factor(c.p, 0.0, fast_ticks), closed_form_factor(c.p, 10.0, fast_ticks)};
  const double f[2] = {closed_form_factor(c.p, 0.0, ticks), closed_form_factor(c.p, 10.0, ticks)};
  std::vector<double> w0, w_slow, w_end;  // synapses in connector order: post i = s % 2
  for (std::size_t s = 0; s < c.w0.size(); ++s) {
    w0.push_back(c.w0[s]);
    w_slow.push_back(c.w0[s] * f_fast[s % 2]);
    w_end.push_back(c.w0[s] * f[s % 2]);
  }
  const table& t = r.tables.at("scaling");
  ASSERT_EQ(t.data[0], (std::vector<double>{1.0, 2.0}));
  const line_fit expected[2] = {fit(w0, w_end), fit(w_slow, w_end)};
  const std::string names[2] = {"syn", "syn2"};
  for (int k = 0; k < 2; ++k) {
    EXPECT_NEAR(r.metrics.at("scaling_slope." + names[k]), expected[k].slope, 1e-8);
    EXPECT_NEAR(r.metrics.at("scaling_intercept." + names[k]), expected[k].intercept, 1e-8);
    EXPECT_NEAR(r.metrics.at("scaling_correlation." + names[k]), expected[k].correlation, 1e-8);
    EXPECT_DOUBLE_EQ(t.data[1][k], r.metrics.at("scaling_slope." + names[k]));
    EXPECT_DOUBLE_EQ(t.data[3][k], r.metrics.at("scaling_correlation." + names[k]));
  }
  EXPECT_NE(expected[0].slope, expected[1].slope);
  // The pairs table: every synapse (10 < 500) of each analysis, in synapse order.
  const table& pairs = r.tables.at("scaling_weights");
  ASSERT_EQ(pairs.data[0].size(), 20u);
  const std::vector<double>* before[2] = {&w0, &w_slow};
  for (std::size_t k = 0; k < 2; ++k) {
    std::vector<double> x(pairs.data[1].begin() + 10 * k, pairs.data[1].begin() + 10 * (k + 1));
    std::vector<double> y(pairs.data[2].begin() + 10 * k, pairs.data[2].begin() + 10 * (k + 1));
    std::sort(x.begin(), x.end());
    std::sort(y.begin(), y.end());
    std::vector<double> ex = *before[k], ey = w_end;
    std::sort(ex.begin(), ex.end());
    std::sort(ey.begin(), ey.end());
    for (std::size_t s = 0; s < 10; ++s) {
      EXPECT_EQ(pairs.data[0][10 * k + s], k + 1.0);
      EXPECT_NEAR(x[s], ex[s], 1e-9);
      EXPECT_NEAR(y[s], ey[s], 1e-9);
    }
  }
}
