// The calcium-based rule of Graupner & Brunel 2012 (plasticity/calcium.hpp) against references written here:
// the calcium trace as an explicit sum of exponentials; ρ without noise against a fine fixed-step loop (step h,
// thresholds read at the middle of each step, RK4 for ρ) on random pre/post trains with several axonal delays, a
// dendritic delay, the rule's own delay D and same-step events; noise reproducibility and statistics; presets;
// the readout Δs; parser and validation errors.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>

#include "plastix/core/random.hpp"
#include "plastix/io/config.hpp"
#include "plastix/plasticity/calcium_rule.hpp"
#include "plastix/sim/experiment.hpp"
#include "plastix/sim/simulation.hpp"
#include "spec_builders.hpp"
#include "test_config_support.hpp"

using namespace plastix;

namespace {

constexpr double dt = 0.1;

std::vector<std::vector<double>> random_times(std::size_t n, double rate, double duration, std::uint64_t seed) {
  std::vector<std::vector<double>> out(n);
  const auto steps = static_cast<std::int64_t>(duration / dt);
  for (std::size_t i = 0; i < n; ++i) {
    random_stream rs(seed, {purpose::user, 0, static_cast<std::uint32_t>(i)});
    for (std::int64_t s = 0; s < steps; ++s)
      if (rs.uniform() < rate * dt * 1e-3) out[i].push_back(static_cast<double>(s) * dt);
  }
  return out;
}

struct synapse_case {
  std::uint32_t pre, post;
  double delay;  // total [ms]
};

struct ca_network {
  experiment_spec spec;
  std::vector<std::vector<double>> pre, post;
  std::vector<synapse_case> synapses;
  double dendritic = 0.0, duration = 0.0;
};

ca_network make_network(const calcium_params& rule, double dendritic, double duration, std::uint64_t seed,
                        std::size_t n_pre = 4, std::size_t n_post = 3) {
  ca_network net;
  net.duration = duration;
  net.dendritic = dendritic;
  net.pre = random_times(n_pre, 20.0, duration, seed);
  net.post = random_times(n_post, 20.0, duration, seed + 100);
  net.post[0] = net.pre[0];  // same-step events
  network_spec n;
  n.populations.push_back(test::spike_source("pre", net.pre));
  n.populations.push_back(test::spike_source("post", net.post));
  projection_spec ps;
  ps.name = "syn";
  ps.pre = "pre";
  ps.post = "post";
  ps.connector.type = connector_spec::kind::list;
  const double delays[] = {2 * dendritic, 2 * dendritic + 0.7, 2 * dendritic + 3.0};
  for (std::uint32_t j = 0; j < n_pre; ++j)
    for (std::uint32_t i = 0; i < n_post; ++i) {
      const double d = delays[(j + i) % 3];
      net.synapses.push_back({j, i, d});
      ps.connector.pairs.emplace_back(j, i);
      ps.connector.weights.push_back(0.5);
      ps.connector.delays.push_back(d);
    }
  ps.dendritic_delay = dendritic;
  ps.plasticity.push_back({rule, {}});
  n.projections.push_back(ps);
  net.spec = test::experiment(n, duration, dt);
  return net;
}

// Calcium jumps at one synapse: (time, amount). Pre at t_pre + delay + D, post at t_post + 2·dendritic.
std::vector<std::pair<double, double>> jumps(const calcium_params& p, const ca_network& net, const synapse_case& c) {
  std::vector<std::pair<double, double>> ev;
  for (double t : net.pre[c.pre]) ev.emplace_back(t + c.delay + p.delay, p.c_pre);
  for (double t : net.post[c.post]) ev.emplace_back(t + 2 * net.dendritic, p.c_post);
  std::sort(ev.begin(), ev.end());
  return ev;
}

double calcium_sum(const calcium_params& p, const std::vector<std::pair<double, double>>& ev, double t) {
  double c = 0.0;
  for (const auto& [tj, a] : ev)
    if (tj <= t + 1e-9) c += a * std::exp(-(t - tj) / p.tau_ca);
  return c;
}

// Fixed step h from 0 to t_end: jumps at the step start, Θ at the middle of the step, RK4 for ρ.
double reference_rho(const calcium_params& p, double rho, const std::vector<std::pair<double, double>>& ev,
                     double t_end, double h) {
  const auto steps = static_cast<std::int64_t>(std::llround(t_end / h));
  const double half = std::exp(-0.5 * h / p.tau_ca), full = std::exp(-h / p.tau_ca);
  double c = 0.0;
  std::size_t next = 0;
  for (std::int64_t k = 0; k < steps; ++k) {
    const double t = static_cast<double>(k) * h;
    while (next < ev.size() && ev[next].first < t + 0.5 * h) c += ev[next++].second;
    const double mid = c * half;
    const double tp = mid > p.theta_p ? 1.0 : 0.0, td = mid > p.theta_d ? 1.0 : 0.0;
    const auto f = [&](double r) {
      return (-r * (1 - r) * (p.rho_star - r) + p.gamma_p * (1 - r) * tp - p.gamma_d * r * td) / p.tau;
    };
    const double k1 = f(rho), k2 = f(rho + 0.5 * h * k1), k3 = f(rho + 0.5 * h * k2), k4 = f(rho + h * k3);
    rho += h / 6 * (k1 + 2 * k2 + 2 * k3 + k4);
    c *= full;
  }
  return rho;
}

calcium_rule& rule_of(simulation& sim) {
  for (const auto& proj : sim.projections())
    if (proj->name() == "syn") return dynamic_cast<calcium_rule&>(*proj->rules().at(0));
  throw error("no projection syn");
}

projection& projection_of(simulation& sim) {
  for (const auto& proj : sim.projections())
    if (proj->name() == "syn") return *proj;
  throw error("no projection syn");
}

std::size_t synapse_index(const projection& proj, std::uint32_t pre, std::uint32_t post) {
  for (std::uint32_t s = proj.row_begin(pre); s < proj.row_end(pre); ++s)
    if (proj.post_index()[s] == post) return s;
  return static_cast<std::size_t>(-1);
}

}  // namespace

TEST(calcium_rule, presets_are_the_published_sets) {
  struct row {
    const char* name;
    double c_pre, c_post, theta_p, gamma_d, gamma_p, sigma, delay;
  };
  const row rows[] = {{"DP", 1, 2, 1.3, 200, 321.808, 2.8284, 13.7},  {"DPD", 0.9, 0.9, 1.3, 250, 550, 2.8284, 4.6},
                      {"DPD'", 1, 2, 2.5, 50, 600, 2.8284, 2.2},      {"P", 2, 2, 1.3, 160, 257.447, 2.8284, 0},
                      {"D", 0.6, 0.6, 1.3, 500, 550, 5.6568, 0},      {"D'", 1, 2, 3.5, 60, 600, 2.8284, 0}};
  for (const row& r : rows) {
    const calcium_params p = calcium_params::preset(r.name);
    EXPECT_EQ(p.c_pre, r.c_pre) << r.name;
    EXPECT_EQ(p.c_post, r.c_post) << r.name;
    EXPECT_EQ(p.theta_p, r.theta_p) << r.name;
    EXPECT_EQ(p.gamma_d, r.gamma_d) << r.name;
    EXPECT_EQ(p.gamma_p, r.gamma_p) << r.name;
    EXPECT_EQ(p.sigma, r.sigma) << r.name;
    EXPECT_EQ(p.delay, r.delay) << r.name;
    EXPECT_EQ(p.tau_ca, 20.0);
    EXPECT_EQ(p.theta_d, 1.0);
    EXPECT_EQ(p.tau, 150000.0);
    EXPECT_EQ(p.rho_star, 0.5);
    EXPECT_EQ(validate_calcium(p), "");
  }
  EXPECT_EQ(calcium_params::preset_names().size(), 6u);
  EXPECT_THROW(calcium_params::preset("DQ"), error);
  const calcium_params defaults;  // the DP set
  EXPECT_EQ(defaults.gamma_p, 321.808);
  EXPECT_EQ(defaults.delay, 13.7);
}

// The calcium of each synapse equals Σ C e^{−(t − t_j)/τCa} over its jumps, read after the run at several times
// (including pre jumps still pending at the end because of D).
TEST(calcium_rule, calcium_trace_matches_closed_form) {
  calcium_params p = calcium_params::preset("DP");
  p.sigma = 0.0;
  for (double dendritic : {0.0, 0.5}) {
    ca_network net = make_network(p, dendritic, 500.0, 3);
    simulation sim(net.spec);
    sim.run(net.duration);
    calcium_rule& rule = rule_of(sim);
    projection& proj = projection_of(sim);
    for (double t : {net.duration, net.duration + 4.0, net.duration + 17.3, net.duration + 60.0}) {
      rule.advance_to(proj, t);
      for (const synapse_case& c : net.synapses) {
        const std::size_t s = synapse_index(proj, c.pre, c.post);
        const double expected = calcium_sum(p, jumps(p, net, c), t);
        EXPECT_NEAR(rule.last_update(s), t, 1e-12);
        EXPECT_NEAR(rule.calcium(s), expected, 1e-9 * std::max(1.0, expected))
            << "synapse " << c.pre << "->" << c.post << " t " << t << " dendritic " << dendritic;
      }
    }
  }
}

// The recordable state (plasticity_rule::state_value) without advancing the rule: "c" is the closed-form calcium at
// t, pending presynaptic jumps included; "rho" is ρ integrated to t: bitwise what advancing a twin run to t gives.
TEST(calcium_rule, recordable_state_c_and_rho_are_their_values_at_the_sampling_time) {
  calcium_params p = calcium_params::preset("DP");
  p.sigma = 0.0;
  ca_network net = make_network(p, 0.0, 500.0, 3);
  simulation sim(net.spec);
  sim.run(net.duration);
  const calcium_rule& rule = rule_of(sim);
  const projection& proj = projection_of(sim);
  const int c = rule.state_index("c"), rho = rule.state_index("rho");
  ASSERT_GE(c, 0);
  ASSERT_GE(rho, 0);
  EXPECT_EQ(rule.state_index("rh"), -1);
  const std::vector<double> rho_before(rule.rho().begin(), rule.rho().end());
  std::size_t moved = 0;
  for (std::int64_t later : {0, 40, 173, 2000}) {
    const step_context ctx{sim.step() + later, sim.dt(), net.spec.seed};
    simulation twin(net.spec);  // the same run, then advanced to the sampling time
    twin.run(net.duration);
    rule_of(twin).advance_to(projection_of(twin), ctx.time());
    for (const synapse_case& sc : net.synapses) {
      const auto s = static_cast<std::uint32_t>(synapse_index(proj, sc.pre, sc.post));
      const double expected = calcium_sum(p, jumps(p, net, sc), ctx.time());
      EXPECT_NEAR(rule.state_value(proj, static_cast<std::size_t>(c), s, ctx), expected, 1e-9 * std::max(1.0, expected));
      const double sampled = rule.state_value(proj, static_cast<std::size_t>(rho), s, ctx);
      EXPECT_EQ(sampled, rule_of(twin).rho()[s]);
      moved += sampled != rule.rho()[s];
    }
  }
  EXPECT_GT(moved, 0u);  // the samples are not ρ at its last update
  for (std::size_t s = 0; s < rho_before.size(); ++s) EXPECT_EQ(rule.rho()[s], rho_before[s]);  // nothing changed
}

// ρ without noise against the fine-step reference. τ is 10× shorter than published so that ρ moves by O(0.1)
// in 0.4 s. The reference's error is O(h·γ/τ) per threshold crossing (crossings fall inside a step; signs
// random): with h = 2 µs at most about 2e-5 here (4e-6 with h = 0.5 µs); the tolerance is 1e-4, far below the
// effect of shifting one jump by one 0.1 ms step (≈ 3e-3).
TEST(calcium_rule, rho_matches_fine_step_reference) {
  calcium_params p = calcium_params::preset("DP");
  p.sigma = 0.0;
  p.tau = 15000.0;
  p.delay = 1.3;
  p.rho_init = 0.3;
  for (double dendritic : {0.0, 0.5}) {
    ca_network net = make_network(p, dendritic, 400.0, 11 + static_cast<std::uint64_t>(dendritic * 10));
    const run_results r = run_experiment(net.spec);  // advances ρ to the end of the run
    simulation sim(net.spec);
    sim.run(net.duration);
    calcium_rule& rule = rule_of(sim);
    projection& proj = projection_of(sim);
    rule.advance_to(proj, net.duration);
    std::size_t moved = 0;
    double worst = 0.0;
    for (const synapse_case& c : net.synapses) {
      const std::size_t s = synapse_index(proj, c.pre, c.post);
      const double expected = reference_rho(p, p.rho_init, jumps(p, net, c), net.duration, 2e-3);
      EXPECT_NEAR(rule.rho()[s], expected, 1e-4) << "synapse " << c.pre << "->" << c.post << " dendritic " << dendritic;
      EXPECT_NEAR(proj.weights()[s], p.w0 + rule.rho()[s] * (p.w1 - p.w0), 1e-12);
      worst = std::max(worst, std::fabs(rule.rho()[s] - expected));
      if (std::fabs(expected - p.rho_init) > 0.02) ++moved;
    }
    EXPECT_GT(moved, net.synapses.size() / 2) << "the test must exercise plasticity";
    std::cout << "[calcium] dendritic " << dendritic << ": largest |rho - reference| = " << worst << "\n";
    EXPECT_TRUE(r.metrics.count("up_prob.syn"));
  }
}

TEST(calcium_rule, noise_is_reproducible) {
  calcium_params p = calcium_params::preset("DP");
  p.tau = 15000.0;
  p.rho_init = 0.5;
  ca_network net = make_network(p, 0.0, 400.0, 5);
  const auto run = [&](std::uint64_t seed) {
    experiment_spec spec = net.spec;
    spec.seed = seed;
    simulation sim(spec);
    sim.run(net.duration);
    rule_of(sim).advance_to(projection_of(sim), net.duration);
    const auto rho = rule_of(sim).rho();
    return std::vector<double>(rho.begin(), rho.end());
  };
  const auto a = run(1), b = run(1), c = run(2);
  EXPECT_EQ(a, b);
  EXPECT_NE(a, c);
  p.sigma = 0.0;
  net.spec.network.projections[0].plasticity[0].params = p;
  EXPECT_EQ(run(1), run(2));  // σ = 0: deterministic
}

// Noise alone (γp = γd = 0, ρ = ρ* where the cubic drift vanishes): one post spike with Cpost = 3 keeps c above
// θd = 1 for τCa ln 3 and above θp = 2 for τCa ln 1.5, so ρ − ρ* is Gaussian with variance σ²(Td + Tp)/τ.
// 4000 synapses: the sample variance has a relative standard error √(2/4000) = 2.2 %; tolerance 8 %.
TEST(calcium_rule, noise_statistics) {
  calcium_params p;
  p.gamma_d = p.gamma_p = 0.0;
  p.c_post = 3.0;
  p.theta_p = 2.0;
  p.rho_init = 0.5;
  const std::size_t n = 4000;
  network_spec net;
  net.populations.push_back(test::spike_source("pre", std::vector<std::vector<double>>(n)));
  net.populations.push_back(test::spike_source("post", {{10.0}}));
  projection_spec ps;
  ps.name = "syn";
  ps.pre = "pre";
  ps.post = "post";
  ps.delay = distribution::constant(0.0);
  ps.plasticity.push_back({p, {}});
  net.projections.push_back(ps);
  simulation sim(test::experiment(net, 100.0, dt));
  sim.run(100.0);
  rule_of(sim).advance_to(projection_of(sim), 100.0);
  const auto rho = rule_of(sim).rho();
  ASSERT_EQ(rho.size(), n);
  double mean = 0.0, var = 0.0;
  for (double r : rho) mean += r;
  mean /= static_cast<double>(n);
  for (double r : rho) var += (r - mean) * (r - mean);
  var /= static_cast<double>(n - 1);
  const double expected = p.sigma * p.sigma * p.tau_ca * (std::log(3.0) + std::log(1.5)) / p.tau;
  EXPECT_NEAR(var, expected, 0.08 * expected);
  EXPECT_NEAR(mean, 0.5, 4.0 * std::sqrt(expected / static_cast<double>(n)));
}

TEST(calcium_rule, readout_is_the_papers_formula) {
  // 4 DOWN, 4 UP; 1 of the DOWN went up (U = 1/4), 2 of the UP went down (D = 1/2).
  const std::vector<double> before{0, 0, 0, 0, 1, 1, 1, 1}, after{0.9, 0.1, 0.2, 0.0, 0.3, 0.4, 0.8, 1.0};
  const calcium_change ch = calcium_readout(before, after, 0.5, 1.0, 5.0);
  EXPECT_DOUBLE_EQ(ch.up, 0.25);
  EXPECT_DOUBLE_EQ(ch.down, 0.5);
  const double beta = 0.5, beta2 = 0.5, b = 5.0, U = 0.25, D = 0.5;
  EXPECT_NEAR(ch.ratio, ((1 - U) * beta + D * beta2 + b * (U * beta + (1 - D) * beta2)) / (beta + beta2 * b), 1e-15);
  // Scaling both weights leaves Δs unchanged (only b = w1/w0 matters).
  EXPECT_NEAR(calcium_readout(before, after, 0.5, 0.2, 1.0).ratio, ch.ratio, 1e-15);
}

TEST(calcium_rule, up_fraction_sets_initial_states_and_weights) {
  calcium_params p;
  p.up_fraction = 0.25;
  p.w0 = 0.2;
  p.w1 = 1.0;
  network_spec net;
  net.populations.push_back(test::spike_source("pre", std::vector<std::vector<double>>(8)));
  net.populations.push_back(test::spike_source("post", {{}}));
  projection_spec ps;
  ps.name = "syn";
  ps.pre = "pre";
  ps.post = "post";
  ps.plasticity.push_back({p, {}});
  net.projections.push_back(ps);
  simulation sim(test::experiment(net, 1.0, dt));
  const auto rho = rule_of(sim).rho();
  EXPECT_EQ(std::vector<double>(rho.begin(), rho.end()), (std::vector<double>{0, 0, 0, 0, 0, 0, 1, 1}));
  EXPECT_EQ(projection_of(sim).weights()[0], 0.2);
  EXPECT_EQ(projection_of(sim).weights()[7], 1.0);
}

// ---- experiment files ----

namespace {

const std::string calcium_file = config_test::base_file + R"(
  [[projection.plasticity]]
  rule = "calcium"
  preset = "P"
  sigma = 0
  w1 = "2 nS"
)";

}  // namespace

TEST(calcium_config, preset_and_overrides) {
  const experiment_spec spec = parse_experiment(calcium_file, "ca.toml");
  const auto& p = std::get<calcium_params>(spec.network.projections.at(0).plasticity.at(0).params);
  EXPECT_EQ(p.c_pre, 2.0);  // P set
  EXPECT_EQ(p.gamma_p, 257.447);
  EXPECT_EQ(p.sigma, 0.0);  // overridden
  EXPECT_EQ(p.w1, 2.0);
  const experiment_spec plain = parse_experiment(
      config_test::with(config_test::with(calcium_file, "  preset = \"P\"\n", ""), "sigma = 0", "delay = \"5 ms\"\n  tau = \"10 s\""),
      "ca.toml");
  const auto& q = std::get<calcium_params>(plain.network.projections.at(0).plasticity.at(0).params);
  EXPECT_EQ(q.gamma_p, 321.808);  // DP by default
  EXPECT_EQ(q.delay, 5.0);
  EXPECT_EQ(q.tau, 10000.0);
}

TEST(calcium_config, bad_parameters_name_file_line_and_key) {
  using config_test::expect_error;
  using config_test::with;
  const std::string key = "projection.ee.plasticity.calcium.";
  expect_error(with(calcium_file, "sigma = 0", "sigma = -1"), "sigma = -1", key + "sigma",
               {"sigma must be >= 0", "got -1"});
  expect_error(with(calcium_file, "sigma = 0", "tau_ca = \"0 ms\""), "tau_ca", key + "tau_ca",
               {"tau_ca must be > 0 ms"});
  expect_error(with(calcium_file, "sigma = 0", "rho_star = 1.5"), "rho_star", key + "rho_star",
               {"rho_star must be in (0, 1)"});
  expect_error(with(calcium_file, "sigma = 0", "tau = 5"), "tau = 5", key + "tau", {"expected a time"});
  expect_error(with(calcium_file, "preset = \"P\"", "preset = \"PD\""), "preset", key + "preset", {"DP"});
  expect_error(with(calcium_file, "sigma = 0", "theta = 1"), "theta = 1", key + "theta",
               {"unknown key 'theta'"});
}
