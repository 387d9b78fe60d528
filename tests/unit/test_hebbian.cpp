// Rate-based rules (hebb, oja, bcm, covariance) against a self-contained reference written here: a plain loop over
// time steps with the same inputs (recorded from the source), the unit y = f(W·x + b) and the rule written out
// directly; then the outcomes the papers predict (Oja: |w| → 1/√α, w → first principal component; BCM: selectivity,
// θ tracks ⟨y²⟩/y0; Hebb stays inside its bounds) and the errors of experiment files.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <limits>

#include "plastix/core/linalg.hpp"
#include "plastix/io/config.hpp"
#include "plastix/neuron/models.hpp"
#include "plastix/synapse/rule.hpp"
#include "plastix/plasticity/rules.hpp"
#include "plastix/sim/analysis.hpp"
#include "plastix/sim/experiment.hpp"
#include "plastix/sim/simulation.hpp"
#include "test_config_support.hpp"

using namespace plastix;

namespace {

experiment_spec network(const neuron_params& source, std::size_t n_in, std::size_t n_out, rate_unit::params unit,
                        const rule_params& rule, double duration, double dt) {
  experiment_spec e;
  e.name = "hebbian_test";
  e.dt = dt;
  e.seed = 21;
  population_spec in;
  in.name = "x";
  in.size = n_in;
  in.model = source;
  population_spec out;
  out.name = "y";
  out.size = n_out;
  out.model = unit;
  e.network.populations = {in, out};
  projection_spec p;
  p.name = "xy";
  p.pre = "x";
  p.post = "y";
  p.weight = distribution::uniform(-0.3, 0.6);
  p.plasticity.push_back({rule, {}});
  e.network.projections.push_back(p);
  monitor_spec m;
  m.type = monitor_spec::kind::state;
  m.target = "x";
  m.variable = "x";
  e.monitors.push_back(m);  // every step: the inputs the reference replays
  phase_spec ph;
  ph.name = "run";
  ph.duration = duration;
  e.phases.push_back(ph);
  return e;
}

rate_gaussian_source::params two_groups(double interval) {
  rate_gaussian_source::params g;
  g.groups = {{3, 3}, {0.7, 0.3}, 0.1, 1.0};
  g.interval = interval;
  return g;
}

// The reference: inputs x[s][j] of every step, synapses (pre, post, w0), the unit and the rule.
struct reference {
  std::vector<std::vector<double>> x;
  std::vector<std::uint32_t> pre, post;
  std::vector<double> w;
  std::size_t n_post;
  rate_unit::params unit;
  double dt;
  std::vector<double> theta, x_avg, y_avg;

  static double f(const rate_unit::params& u, double h) {
    if (u.f == rate_unit::transfer::relu) return std::max(0.0, u.gain * (h - u.threshold));
    if (u.f == rate_unit::transfer::sigmoid) return u.y_max / (1.0 + std::exp(-u.gain * (h - u.threshold)));
    return u.gain * h;
  }

  void run(const rule_params& rule) {
    const auto& learning = std::visit([](const auto& r) -> const rate_learning& {
      if constexpr (requires { r.learning; }) return r.learning;
      else throw std::logic_error("not a rate rule");
    }, rule);
    const long every = learning.interval > 0.0 ? std::max(1L, std::lround(learning.interval / dt)) : 1L;
    const double period = static_cast<double>(every) * dt;
    const double k = learning.tau_w > 0.0 ? period / learning.tau_w : learning.eta;
    std::vector<double> y(n_post, 0.0);
    bool first = true;
    for (std::size_t s = 0; s < x.size(); ++s) {
      std::vector<double> h(n_post, unit.bias);
      for (std::size_t syn = 0; syn < w.size(); ++syn) h[post[syn]] += w[syn] * x[s][pre[syn]];
      for (std::size_t i = 0; i < n_post; ++i) {
        const double target = f(unit, h[i]);
        y[i] = unit.tau > 0.0 ? target + (y[i] - target) * std::exp(-dt / unit.tau) : target;
      }
      if ((s + 1) % static_cast<std::size_t>(every) != 0) continue;
      if (first) {
        for (std::size_t i = 0; i < n_post; ++i) {
          if (const auto* b = std::get_if<bcm_params>(&rule)) theta.push_back(y[i] * y[i] / b->y0);
          y_avg.push_back(y[i]);
        }
        x_avg = x[s];
        first = false;
      }
      for (std::size_t syn = 0; syn < w.size(); ++syn) {
        const double xj = x[s][pre[syn]], yi = y[post[syn]];
        double dw = 0.0;
        if (std::holds_alternative<hebb_params>(rule)) dw = xj * yi;
        if (const auto* o = std::get_if<oja_params>(&rule)) dw = yi * (xj - o->alpha * yi * w[syn]);
        if (std::holds_alternative<bcm_params>(rule)) dw = xj * yi * (yi - theta[post[syn]]);
        if (std::holds_alternative<covariance_params>(rule)) dw = (xj - x_avg[pre[syn]]) * (yi - y_avg[post[syn]]);
        w[syn] = std::min(learning.w_max, std::max(learning.w_min, w[syn] + k * dw));
      }
      if (const auto* b = std::get_if<bcm_params>(&rule)) {
        for (std::size_t i = 0; i < n_post; ++i)
          theta[i] = y[i] * y[i] / b->y0 + (theta[i] - y[i] * y[i] / b->y0) * std::exp(-period / b->tau_theta);
      }
      if (const auto* c = std::get_if<covariance_params>(&rule)) {
        const double d = std::exp(-period / c->tau_avg);
        for (std::size_t j = 0; j < x_avg.size(); ++j) x_avg[j] = x[s][j] + (x_avg[j] - x[s][j]) * d;
        for (std::size_t i = 0; i < n_post; ++i) y_avg[i] = y[i] + (y_avg[i] - y[i]) * d;
      }
    }
  }
};

// Runs the network in the engine and in the reference; compares every final weight and the rule's state.
void compare_with_reference(const neuron_params& source, std::size_t n_in, const rate_unit::params& unit,
                            const rule_params& rule, double duration, double dt) {
  const experiment_spec e = network(source, n_in, 2, unit, rule, duration, dt);
  simulation sim(e);
  const projection& proj = *sim.projections()[0];
  reference ref;
  for (std::uint32_t s = 0; s < proj.size(); ++s) {
    ref.pre.push_back(proj.pre_of(s));
    ref.post.push_back(proj.post_index()[s]);
    ref.w.push_back(proj.weights()[s]);
  }
  ref.n_post = 2;
  ref.unit = unit;
  ref.dt = dt;
  sim.run(duration);
  const run_results r = sim.collect_results(0.0);
  const state_record& xs = r.states[0];
  for (std::size_t k = 1; k < xs.times.size(); ++k)  // sample k is the input of step k − 1
    ref.x.emplace_back(xs.values.begin() + static_cast<long>(k * n_in), xs.values.begin() + static_cast<long>((k + 1) * n_in));
  const std::vector<double> w0 = ref.w;
  ref.run(rule);
  double largest_change = 0.0;
  for (std::uint32_t s = 0; s < proj.size(); ++s) {
    EXPECT_NEAR(proj.weights()[s], ref.w[s], 1e-10 * (1.0 + std::abs(ref.w[s]))) << rule_name(rule) << " synapse " << s;
    largest_change = std::max(largest_change, std::abs(ref.w[s] - w0[s]));
  }
  EXPECT_GT(largest_change, 0.05) << rule_name(rule) << ": the weights should have learned something";
  const hebbian_state st = inspect_hebbian(*proj.rules()[0]);
  for (std::size_t i = 0; i < st.theta.size(); ++i) EXPECT_NEAR(st.theta[i], ref.theta[i], 1e-10 * (1.0 + ref.theta[i]));
  for (std::size_t i = 0; i < st.y_avg.size(); ++i) EXPECT_NEAR(st.y_avg[i], ref.y_avg[i], 1e-10);
  for (std::size_t j = 0; j < st.x_avg.size(); ++j) EXPECT_NEAR(st.x_avg[j], ref.x_avg[j], 1e-10);
}

rate_learning learning(double tau_w, double interval = 0.0) {
  rate_learning l;
  l.tau_w = tau_w;
  l.interval = interval;
  return l;
}

}  // namespace

TEST(hebbian_reference, hebb_with_bounds) {
  rate_learning l = learning(500.0);
  l.w_min = -0.2;
  l.w_max = 0.8;
  compare_with_reference(two_groups(1.0), 6, {}, hebb_params{l}, 300.0, 1.0);
}

TEST(hebbian_reference, oja_every_step_and_every_interval) {
  compare_with_reference(two_groups(1.0), 6, {}, oja_params{learning(200.0), 1.0}, 500.0, 1.0);
  compare_with_reference(two_groups(0.5), 6, {}, oja_params{learning(100.0, 2.0), 2.0}, 500.0, 0.5);
  rate_learning discrete;  // Oja's discrete algorithm: Δw = η·y·(x − y·w) per update
  discrete.tau_w = 0.0;
  discrete.eta = 0.01;
  compare_with_reference(two_groups(1.0), 6, {}, oja_params{discrete, 1.0}, 300.0, 1.0);
}

TEST(hebbian_reference, bcm_with_rate_dynamics) {
  rate_patterns_source::params patterns;
  patterns.patterns = {{1.0, 0.2, 0.0, 0.5}, {0.0, 1.0, 0.4, 0.1}, {0.3, 0.0, 1.0, 0.6}};
  patterns.interval = 5.0;
  rate_unit::params unit;
  unit.f = rate_unit::transfer::relu;
  unit.tau = 2.0;
  unit.bias = 0.1;
  compare_with_reference(patterns, 4, unit, bcm_params{learning(300.0), 30.0, 0.8}, 2000.0, 0.5);
}

TEST(hebbian_reference, covariance_with_sigmoid_units) {
  rate_unit::params unit;
  unit.f = rate_unit::transfer::sigmoid;
  unit.threshold = 0.2;
  unit.gain = 3.0;
  rate_learning l = learning(200.0, 3.0);
  l.w_max = 1.0;
  compare_with_reference(two_groups(3.0), 6, unit, covariance_params{l, 50.0}, 1500.0, 1.0);
}

TEST(oja, weight_norm_goes_to_one_and_weights_to_the_first_principal_component) {
  rate_gaussian_source::params g = two_groups(1.0);
  for (double alpha : {1.0, 4.0}) {
    experiment_spec e = network(g, 6, 1, {}, oja_params{learning(2000.0), alpha}, 20000.0, 1.0);
    e.monitors.clear();
    analysis_spec a;
    a.type = analysis_spec::kind::principal_component;
    a.projection = "xy";
    e.analyses.push_back(a);
    const run_results r = run_experiment(e);
    EXPECT_LT(r.metrics.at("angle_deg"), 5.0) << "alpha " << alpha;
    EXPECT_GT(r.metrics.at("angle_deg_start"), 20.0);
    EXPECT_NEAR(r.metrics.at("norm_w"), 1.0 / std::sqrt(alpha), 0.02) << "alpha " << alpha;
    const table& t = r.tables.at("convergence");  // without a weights monitor: start and end
    ASSERT_EQ(t.data[0].size(), 2u);
    EXPECT_DOUBLE_EQ(t.data[0][1], 20.0);
    EXPECT_DOUBLE_EQ(t.data[1][1], r.metrics.at("angle_deg"));
  }
}

TEST(bcm, becomes_selective_and_its_threshold_tracks_the_mean_squared_response) {
  rate_patterns_source::params patterns;
  patterns.patterns = {{1.0, 0.6, 0.1, 0.0, 0.2}, {0.1, 1.0, 0.8, 0.2, 0.0}, {0.0, 0.2, 0.6, 1.0, 0.5}};
  patterns.interval = 10.0;
  patterns.order = rate_patterns_source::order_kind::cycle;
  rate_unit::params unit;
  unit.f = rate_unit::transfer::relu;
  const double y0 = 1.0, duration = 100000.0;
  experiment_spec e = network(patterns, 5, 1, unit, bcm_params{learning(2000.0), 300.0, y0}, duration, 1.0);
  e.network.projections[0].weight = distribution::uniform(0.1, 0.3);
  monitor_spec y;
  y.type = monitor_spec::kind::state;
  y.target = "y";
  y.variable = "y";
  e.monitors = {y};
  analysis_spec a;
  a.type = analysis_spec::kind::pattern_responses;
  a.projection = "xy";
  e.analyses.push_back(a);
  fill_defaults(e);
  simulation sim(e);
  const analyses after(sim);
  sim.run(duration);
  run_results r = sim.collect_results(0.0);
  after.finish(sim, r);
  // Selective: one pattern drives the neuron, the others not; with K patterns presented equally often the fixed
  // point has y_pref = K·y0 (θ = y_pref²/(K·y0) = y_pref), so selectivity = 1 − 1/K.
  EXPECT_LT(r.metrics.at("selectivity_before"), 0.3);
  EXPECT_NEAR(r.metrics.at("selectivity"), 1.0 - 1.0 / 3.0, 0.02);
  const table& t = r.tables.at("responses");
  const auto pref = static_cast<std::size_t>(r.metrics.at("preferred_pattern"));
  EXPECT_NEAR(t.data[2][pref], 3 * y0, 0.05 * 3 * y0);
  for (std::size_t k = 0; k < 3; ++k) {
    if (k != pref) EXPECT_LT(t.data[2][k], 0.02);
  }
  // θ follows ⟨y²⟩/y0 over its time constant: compare with the mean of y² over the last 3 s
  // (100 cycles of 30 ms; within a cycle θ ripples by about ±3 %).
  const std::vector<double>& ys = r.states[0].values;
  double mean_y2 = 0.0;
  const std::size_t window = 3000;
  for (std::size_t k = ys.size() - window; k < ys.size(); ++k) mean_y2 += ys[k] * ys[k];
  mean_y2 /= static_cast<double>(window);
  const double theta = inspect_hebbian(*sim.projections()[0]->rules()[0]).theta[0];
  EXPECT_NEAR(theta, mean_y2 / y0, 0.08 * mean_y2 / y0);
}

TEST(hebb, weights_stay_within_their_bounds) {
  rate_patterns_source::params patterns;
  patterns.patterns = {{1.0, 0.5, 0.0}, {0.2, 1.0, 1.0}};
  patterns.interval = 3.0;
  rate_learning l = learning(50.0);
  l.w_min = 0.0;
  l.w_max = 0.7;
  experiment_spec e = network(patterns, 3, 2, {}, hebb_params{l}, 2000.0, 1.0);
  e.network.projections[0].weight = distribution::uniform(0.0, 0.2);
  monitor_spec w;
  w.type = monitor_spec::kind::weights;
  w.target = "xy";
  w.interval = 1.0;
  e.monitors = {w};
  const run_results r = run_experiment(e);
  const weight_record& rec = r.weights.at(0);
  ASSERT_GT(rec.times.size(), 1000u);
  for (double v : rec.values) {
    EXPECT_GE(v, 0.0);
    EXPECT_LE(v, 0.7);
  }
  // Every synapse has an active input and a positive response: it grows to the upper bound and stays there.
  const std::size_t n = rec.synapses.size();
  for (std::size_t s = 0; s < n; ++s) EXPECT_DOUBLE_EQ(rec.values[(rec.times.size() - 1) * n + s], 0.7);
  EXPECT_EQ(rec.unit, "1");
}

// ---- Experiment files: rate populations, rate projections, rate rules and analyses ----

namespace {

const std::string rate_file = config_test::rate_network_file("100 ms", "io") + R"(
  [[projection.plasticity]]
  rule = "oja"
  tau_w = "1 s"

[[analysis]]
type = "principal_component"
projection = "io"
)";

using config_test::expect_error;
using config_test::with;

}  // namespace

TEST(rate_config, a_rate_experiment_parses) {
  const experiment_spec e = parse_experiment(rate_file, "ok.toml");
  ASSERT_EQ(e.network.populations.size(), 2u);
  EXPECT_EQ(e.network.populations[0].size, 4u);  // from the covariance
  const auto& rule = std::get<oja_params>(e.network.projections[0].plasticity[0].params);
  EXPECT_DOUBLE_EQ(rule.learning.tau_w, 1000.0);
  EXPECT_EQ(e.analyses.at(0).table, "convergence");
  const run_results r = run_experiment(e);
  EXPECT_EQ(r.tables.count("convergence"), 1u);
  EXPECT_EQ(r.metrics.count("angle_deg"), 1u);

  std::string patterns = with(rate_file, R"(covariance = { groups = [2, 2], correlation = [0.5, 0.2] })",
                              "patterns = [[1, 0, 0], [0, 1, 1]]\norder = \"cycle\"");
  patterns = with(with(patterns, "model = \"rate_gaussian\"", "model = \"rate_patterns\""),
                  "type = \"principal_component\"", "type = \"pattern_responses\"");
  const experiment_spec p = parse_experiment(patterns, "ok.toml");
  EXPECT_EQ(p.network.populations[0].size, 3u);
  EXPECT_EQ(p.analyses.at(0).table, "responses");
}

TEST(rate_config, rule_errors_name_file_line_and_key) {
  expect_error(with(rate_file, "tau_w = \"1 s\"", "tau_w = \"1 s\"\n  tau_theta = \"1 s\""), "tau_theta",
               "projection.io.plasticity.oja.tau_theta", {"unknown key 'tau_theta' for an oja rule"});
  expect_error(with(rate_file, "tau_w = \"1 s\"", "tau_w = \"1 s\"\n  eta = 0.1"), "eta = 0.1",
               "projection.io.plasticity.oja.eta", {"give either tau_w", "not both"});
  expect_error(with(rate_file, "tau_w = \"1 s\"", "tau_w = \"-1 s\""), "tau_w = \"-1 s\"",
               "projection.io.plasticity.oja.tau_w", {"oja rule: tau_w must be >= 0 ms"});
  expect_error(with(rate_file, "tau_w = \"1 s\"", "tau_w = 1000"), "tau_w = 1000",
               "projection.io.plasticity.oja.tau_w", {"has no unit", "a time"});
  expect_error(with(rate_file, "rule = \"oja\"", "rule = \"bcm\"\n  tau_theta = \"0 ms\""), "tau_theta = \"0 ms\"",
               "projection.io.plasticity.bcm.tau_theta", {"bcm rule: tau_theta must be > 0 ms"});
  expect_error(with(rate_file, "tau_w = \"1 s\"", "tau_w = \"1 s\"\n  w_min = 1\n  w_max = 0.5"), "w_min = 1",
               "projection.io.plasticity.oja.w_min", {"w_min must be below w_max"});
  expect_error(with(config_test::base_file, "weight = \"1 nS\"", "weight = \"1 nS\"\n  [[projection.plasticity]]\n  rule = \"hebb\""),
               "rule = \"hebb\"", "projection.ee.plasticity.hebb.rule",
               {"rule 'hebb' works on rates", "'inp' is a poisson spike source"});
  expect_error(with(rate_file, "rule = \"oja\"\n  tau_w = \"1 s\"", "rule = \"stdp\""), "rule = \"stdp\"",
               "projection.io.plasticity.stdp.rule", {"rule 'stdp' works on spikes", "hebb, oja, bcm, covariance"});
}

TEST(rate_config, population_and_projection_errors_name_file_line_and_key) {
  expect_error(with(rate_file, "correlation = [0.5, 0.2] }", "correlation = [0.5, 0.2], between = -0.9 }"),
               "covariance =", "population.inp.covariance", {"not positive semidefinite"});
  expect_error(with(rate_file, "covariance = { groups = [2, 2], correlation = [0.5, 0.2] }",
                    "covariance = [[1, 0.5], [0.4, 1]]"),
               "covariance =", "population.inp.covariance", {"must be symmetric"});
  expect_error(with(rate_file, "covariance = { groups = [2, 2], correlation = [0.5, 0.2] }",
                    "covariance = { groups = [2, 2], correlation = [0.5, 0.2] }\nsize = 5"),
               "covariance =", "population.inp.covariance", {"expected a covariance of 5 inputs for size = 5"});
  expect_error(with(rate_file, "model = \"rate\"", "model = \"rate\"\nthreshold = 0.5"), "threshold = 0.5",
               "population.out.threshold", {"threshold applies to transfer = \"relu\" or \"sigmoid\""});
  expect_error(with(rate_file, "model = \"rate\"", "model = \"rate\"\ntau = \"-2 ms\""), "tau = \"-2 ms\"",
               "population.out.tau", {"tau must be >= 0 ms"});
  expect_error(with(rate_file, "model = \"rate\"", "model = \"rate\"\n  [[population.receptor]]\n  name = \"ampa\""),
               "[[population.receptor]]", "population.out.receptor", {"rate populations have no receptors"});
  expect_error(with(rate_file, "weight = 0.1", "weight = 0.1\nreceptor = \"ampa\""), "receptor = \"ampa\"",
               "projection.io.receptor", {"rate populations have no receptors", "leave receptor out"});
  expect_error(with(rate_file, "weight = 0.1", "weight = 0.1\ndelay = \"1 ms\""), "delay = \"1 ms\"",
               "projection.io.delay", {"rate projections transmit without delay"});
  expect_error(with(rate_file, "weight = 0.1", "weight = \"0.1 nS\""), "weight = \"0.1 nS\"",
               "projection.io.weight", {"plain number", "rate population"});
  expect_error(with(rate_file, "name = \"io\"\npre = \"inp\"\npost = \"out\"", "name = \"io\"\npre = \"out\"\npost = \"out\""),
               "post = \"out\"", "projection.io.post", {"recurrent rate connections"});
  // A rate population listed after the population it drives.
  const std::string reordered = R"([experiment]
duration = "10 ms"

[[population]]
name = "b"
size = 1
model = "rate"

[[population]]
name = "a"
size = 1
model = "rate"

[[projection]]
pre = "a"
post = "b"
weight = 1
)";
  expect_error(reordered, "pre = \"a\"", "projection.a_b.pre", {"move the [[population]] 'a' above 'b'"});
}

TEST(rate_config, rate_and_spiking_populations_do_not_connect) {
  const std::string mixed = with(rate_file, "[[projection]]", R"([[population]]
name = "lif"
size = 2
model = "lif"
  [[population.receptor]]
  name = "ampa"

[[projection]]
name = "bad"
pre = "out"
post = "lif"
receptor = "ampa"
weight = "1 nS"

[[projection]])");
  expect_error(mixed, "post = \"lif\"", "projection.bad.post", {"projects only onto rate populations", "'lif' is a lif population"});
  const std::string into_rate = with(with(mixed, "pre = \"out\"\npost = \"lif\"\nreceptor = \"ampa\"\nweight = \"1 nS\"",
                                          "pre = \"lif\"\npost = \"out\"\nweight = 1"), "name = \"bad\"", "name = \"bad2\"");
  expect_error(into_rate, "pre = \"lif\"", "projection.bad2.pre", {"receives only from rate populations", "spikes are not turned into rates"});
  expect_error(with(rate_file, "[[analysis]]", "[[monitor]]\ntype = \"spikes\"\npopulation = \"out\"\n\n[[analysis]]"),
               "population = \"out\"", "monitor.out.population", {"emits no spikes", "variable = \"y\""});
}

TEST(rate_config, analysis_errors_name_file_line_and_key) {
  expect_error(with(rate_file, "projection = \"io\"\n", "projection = \"oi\"\n"), "projection = \"oi\"",
               "analysis[0].projection", {"'oi' is not a projection", "did you mean 'io'"});
  expect_error(with(rate_file, "type = \"principal_component\"", "type = \"pattern_responses\""),
               "projection = \"io\"", "analysis[0].projection", {"needs a projection from a rate_patterns population"});
  expect_error(with(rate_file, "projection = \"io\"\n", "projection = \"io\"\nweights = \"w\"\n"), "weights = \"w\"",
               "analysis[0].weights", {"there is no weights monitor named 'w'"});
  expect_error(with(rate_file, "projection = \"io\"\n", "projection = \"io\"\nneuron = 3\n"), "neuron = 3",
               "analysis[0].neuron", {"neuron 3 is out of range"});
}
