// Rules written as equations (docs/equations.md): checked when read (names, dimensions, positions), compiled at run
// time, and equivalent to the built-in rules they restate, on random spike trains with axonal and dendritic delays
// and same-step pre/post spikes (plastic_network.hpp). Where the equations perform the built-in's arithmetic in its
// order the weights are bitwise equal (relative difference 0 ≤ 1e-12).
#include <gtest/gtest.h>

#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "plastix/core/error.hpp"
#include "plastix/io/config.hpp"
#include "plastix/jit/compiler.hpp"
#include "plastix/sim/experiment.hpp"
#include "plastix/sim/simulation.hpp"
#include "plastic_network.hpp"
#include "test_config_support.hpp"

using namespace plastix;
using namespace plastix::test;

namespace {

namespace fs = std::filesystem;

// A fresh cache folder for this test binary (compiled kernels are shared by the tests below), removed at exit.
struct temporary_cache {
  std::string dir;
  temporary_cache() : dir((fs::temp_directory_path() / ("plastix-test-cache-" + std::to_string(::getpid()))).string()) {
    fs::remove_all(dir);
    ::setenv("PLASTIX_CACHE_DIR", dir.c_str(), 1);
  }
  ~temporary_cache() {
    std::error_code ec;
    fs::remove_all(dir, ec);
  }
};
const std::string& test_cache() {
  static const temporary_cache cache;
  return cache.dir;
}

std::string num(double v) {
  char buf[40];
  std::snprintf(buf, sizeof buf, "%.17g", v);
  return buf;
}

using named = std::vector<std::pair<std::string, std::string>>;

struct rule_text {
  named constants, synapse, pre, post;
  std::string equations, on_pre, on_post;
  std::optional<double> w_min, w_max;
};

equations_params make(const rule_text& t, const std::string& label) {
  equations_params p;
  equations::rule_spec& r = p.rule;
  r.label = label;
  const source_ref at{"test.toml", 1, 1, "rule"};
  for (auto [list, out] : {std::pair{&t.constants, &r.constants}, std::pair{&t.synapse, &r.synapse},
                           std::pair{&t.pre, &r.pre}, std::pair{&t.post, &r.post}})
    for (const auto& [n, v] : *list) out->push_back(equations::parse_value(n, v, at));
  r.equations = {t.equations, at};
  r.on_pre = {t.on_pre, at};
  r.on_post = {t.on_post, at};
  r.w_min = t.w_min;
  r.w_max = t.w_max;
  r.weight = dims::current() / dims::voltage();
  equations::analyse(r);
  return p;
}

// Weights after the same random trains (dendritic delay 0 and 5 steps) with `builtin` and with `written`.
void expect_same_weights(const rule_params& builtin, const rule_params& written) {
  test_cache();
  for (std::int64_t dendritic : {0, 5}) {
    const auto weights = [&](const rule_params& rule) {
      plastic_network net = make_network(rule, dendritic, 11 + static_cast<std::uint64_t>(dendritic));
      simulation sim(net.spec);
      sim.run(static_cast<double>(net.steps) * dt);
      const auto w = sim.projection_named("syn").weights();
      return std::vector<double>(w.begin(), w.end());
    };
    const std::vector<double> a = weights(builtin), b = weights(written);
    ASSERT_EQ(a.size(), b.size());
    std::size_t changed = 0;
    plastic_network net = make_network(builtin, dendritic, 11 + static_cast<std::uint64_t>(dendritic));
    for (std::size_t s = 0; s < a.size(); ++s) {
      EXPECT_LE(std::fabs(a[s] - b[s]), 1e-12 * std::fabs(a[s])) << "synapse " << s << " dendritic " << dendritic;
      EXPECT_EQ(a[s], b[s]) << "synapse " << s << ": not bitwise equal";
      changed += std::fabs(a[s] - net.synapses[0].w0) > 1e-6;
    }
    EXPECT_GT(changed, a.size() / 2) << "the test must exercise plasticity";
  }
}

// Pair STDP (Song, Miller & Abbott 2000) as equations: additive amplitudes in nS, multiplicative in 1/·.
rule_text pair_stdp(const stdp_params& p, bool multiplicative) {
  rule_text t;
  const std::string unit = multiplicative ? "" : " nS";
  t.constants = {{"A_plus", num(p.a_plus) + unit},           {"A_minus", num(p.a_minus) + unit},
                 {"tau_plus", num(p.tau_plus) + " ms"},       {"tau_minus", num(p.tau_minus) + " ms"},
                 {"wmin", num(p.dependence.w_min) + " nS"},  {"wmax", num(p.dependence.w_max) + " nS"}};
  t.pre = {{"x", "0"}};
  t.post = {{"y", "0"}};
  t.equations = "dx/dt = -x/tau_plus\ndy/dt = -y/tau_minus\n";
  const std::string jump = p.scheme == pairing::nearest ? " = 1" : " += 1";
  t.on_pre = (multiplicative ? "w -= A_minus*(w - wmin)*y\n" : "w -= A_minus*y\n") + ("x" + jump);
  t.on_post = (multiplicative ? "w += A_plus*(wmax - w)*x\n" : "w += A_plus*x\n") + ("y" + jump);
  t.w_min = p.dependence.w_min;
  t.w_max = p.dependence.w_max;
  return t;
}

}  // namespace

class pair_stdp_as_equations : public ::testing::TestWithParam<std::tuple<pairing, weight_dependence::kind>> {};

TEST_P(pair_stdp_as_equations, gives_the_weights_of_the_built_in_stdp_bitwise) {
  stdp_params p;
  p.scheme = std::get<0>(GetParam());
  p.dependence.type = std::get<1>(GetParam());
  p.dependence.w_min = 0.1;
  p.dependence.w_max = 0.9;
  p.a_plus = 0.02;
  p.a_minus = 0.021;
  const bool multiplicative = p.dependence.type == weight_dependence::kind::multiplicative;
  expect_same_weights(p, make(pair_stdp(p, multiplicative), "pair_stdp"));
}

INSTANTIATE_TEST_SUITE_P(equations, pair_stdp_as_equations,
                         ::testing::Combine(::testing::Values(pairing::all_to_all, pairing::nearest),
                                            ::testing::Values(weight_dependence::kind::additive,
                                                              weight_dependence::kind::multiplicative)));

// The minimal triplet rule (Pfister & Gerstner 2006) with both traces per side.
TEST(triplet_as_equations, gives_the_weights_of_the_built_in_triplet_rule_bitwise) {
  for (const std::string& preset : triplet_params::preset_names()) {
    triplet_params p = triplet_params::preset(preset);
    p.a2_plus += 5e-3;
    p.dependence.w_min = 0.0;
    p.dependence.w_max = 1.0;
    rule_text t;
    t.constants = {{"A2_plus", num(p.a2_plus) + " nS"},  {"A3_plus", num(p.a3_plus) + " nS"},
                   {"A2_minus", num(p.a2_minus) + " nS"}, {"A3_minus", num(p.a3_minus) + " nS"},
                   {"tau_plus", num(p.tau_plus) + " ms"}, {"tau_x", num(p.tau_x) + " ms"},
                   {"tau_minus", num(p.tau_minus) + " ms"}, {"tau_y", num(p.tau_y) + " ms"}};
    t.pre = {{"r1", "0"}, {"r2", "0"}};
    t.post = {{"o1", "0"}, {"o2", "0"}};
    t.equations = "dr1/dt = -r1/tau_plus\ndr2/dt = -r2/tau_x\ndo1/dt = -o1/tau_minus\ndo2/dt = -o2/tau_y";
    const std::string jump = p.scheme == pairing::nearest ? " = 1" : " += 1";
    t.on_pre = "w -= o1*(A2_minus + A3_minus*r2)\nr1" + jump + "; r2" + jump;
    t.on_post = "w += r1*(A2_plus + A3_plus*o2)\no1" + jump + "; o2" + jump;
    t.w_min = 0.0;
    t.w_max = 1.0;
    SCOPED_TRACE(preset);
    expect_same_weights(p, make(t, "triplet"));
  }
}

// Inhibitory STDP (Vogels et al. 2011): w += η(x_post − α) at a pre spike, w += η·x_pre at a post spike.
TEST(istdp_as_equations, gives_the_weights_of_the_built_in_istdp_bitwise) {
  istdp_params p;
  p.tau = 20.0;
  p.eta = 0.02;
  p.target_rate = 10.0;
  p.w_min = 0.0;
  p.w_max = 0.8;
  rule_text t;
  t.constants = {{"eta", num(p.eta) + " nS"}, {"alpha", num(p.alpha())}, {"tau", num(p.tau) + " ms"}};
  t.pre = {{"x_pre", "0"}};
  t.post = {{"x_post", "0"}};
  t.equations = "dx_pre/dt = -x_pre/tau\ndx_post/dt = -x_post/tau";
  t.on_pre = "w += eta*(x_post - alpha)\nx_pre += 1";
  t.on_post = "w += eta*x_pre\nx_post += 1";
  t.w_min = p.w_min;
  t.w_max = p.w_max;
  expect_same_weights(p, make(t, "istdp"));
}

namespace {

// An experiment whose projection "ee" has a rule written as equations with `body` (TOML lines).
std::string file_with(const std::string& body) {
  return config_test::base_file + "\n  [[projection.plasticity]]\n  rule = \"equations\"\n" + body;
}

const std::string stdp_body = R"(  label = "stdp_eq"
  w_max = "2 nS"
  constants = { A_plus = "0.01 nS", A_minus = "0.0105 nS", tau_plus = "16.8 ms", tau_minus = "33.7 ms" }
  pre = { x = "0" }
  post = { y = "0" }
  equations = """
dx/dt = -x/tau_plus
dy/dt = -y/tau_minus
"""
  on_pre = """
w -= A_minus*y
x += 1
"""
  on_post = "w += A_plus*x; y += 1"
)";

error error_of(const std::string& text) {
  try {
    parse_experiment(text, "eq.toml");
  } catch (const error& e) {
    return e;
  }
  ADD_FAILURE() << "accepted:\n" << text;
  return error("none");
}

// The line of `needle` in `text` (1-based).
int line_of(const std::string& text, const std::string& needle) {
  const std::size_t at = text.find(needle);
  return 1 + static_cast<int>(std::count(text.begin(), text.begin() + static_cast<std::ptrdiff_t>(at), '\n'));
}

}  // namespace

TEST(equations_reader, reads_a_rule_written_as_equations_with_its_traces_and_bounds) {
  const experiment_spec e = parse_experiment(file_with(stdp_body), "eq.toml");
  const auto& p = std::get<equations_params>(e.network.projections.at(0).plasticity.at(0).params);
  EXPECT_EQ(p.rule.label, "stdp_eq");
  ASSERT_EQ(p.rule.traces.size(), 2u);
  EXPECT_EQ(p.rule.traces[0].tau, 16.8);
  EXPECT_EQ(p.rule.traces[0].mode, pairing::all_to_all);
  EXPECT_EQ(p.rule.pre_statements.size(), 1u);  // the trace update is the trace bank's
  EXPECT_EQ(p.rule.w_max, 2.0);
}

TEST(equations_reader, a_dimension_mismatch_names_file_line_column_and_both_dimensions) {
  std::string body = stdp_body;
  body.replace(body.find("w -= A_minus*y"), 14, "w -= tau_minus*y");
  const std::string text = file_with(body);
  const error e = error_of(text);
  EXPECT_EQ(e.where().file, "eq.toml");
  EXPECT_EQ(e.where().line, line_of(text, "w -= tau_minus*y"));
  EXPECT_EQ(e.where().column, 6);
  EXPECT_NE(e.message().find("column 6: dimensions disagree: w is in nS, the value given to it in ms"),
            std::string::npos) << e.what();
  EXPECT_NE(e.message().find("nS"), std::string::npos) << e.what();
  EXPECT_NE(e.message().find("ms"), std::string::npos) << e.what();
}

TEST(equations_reader, an_unknown_name_gets_the_closest_valid_one_at_its_column) {
  std::string body = stdp_body;
  body.replace(body.find("w += A_plus*x"), 13, "w += A_plus*xx");
  const std::string text = file_with(body);
  const error e = error_of(text);
  EXPECT_EQ(e.where().line, line_of(text, "on_post = "));
  EXPECT_EQ(e.where().column, 3 + 10 + 1 + 12);  // the quote is at column 13: "w += A_plus*xx", xx at 13
  EXPECT_NE(e.message().find("unknown name 'xx'"), std::string::npos) << e.what();
  EXPECT_NE(e.message().find("'x'"), std::string::npos) << e.what();
}

TEST(equations_reader, a_trace_that_is_not_a_decay_or_changes_on_the_wrong_side_is_refused) {
  std::string body = stdp_body;
  body.replace(body.find("dy/dt = -y/tau_minus"), 20, "dy/dt = -y*y/tau_minus");
  EXPECT_NE(error_of(file_with(body)).message().find("per-neuron trace"), std::string::npos);
  body = stdp_body;
  body.replace(body.find("x += 1"), 6, "y += 1");
  EXPECT_NE(error_of(file_with(body)).message().find("post trace"), std::string::npos);
}

TEST(equations_reader, a_syntax_error_and_an_unknown_unit_are_reported_where_they_are) {
  std::string body = stdp_body;
  body.replace(body.find("x += 1"), 6, "x += (1");
  const std::string text = file_with(body);
  const error e = error_of(text);
  EXPECT_EQ(e.where().line, line_of(text, "x += (1"));
  EXPECT_NE(e.message().find("')'"), std::string::npos) << e.what();
  body = stdp_body;
  body.replace(body.find("\"16.8 ms\""), 9, "\"16.8 msec\"");
  EXPECT_NE(error_of(file_with(body)).message().find("not a unit"), std::string::npos);
}

TEST(equations_rule, runs_from_a_file_compiles_once_and_loads_from_the_cache_afterwards) {
  const std::string dir = test_cache();
  const experiment_spec e = parse_experiment(file_with(stdp_body), "eq.toml");
  const auto count_so = [&] {
    std::size_t n = 0;
    for (const auto& f : fs::directory_iterator(dir)) n += f.path().extension() == ".so";
    return n;
  };
  const std::size_t before = fs::exists(dir) ? count_so() : 0;
  std::vector<double> first, second;
  for (std::vector<double>* out : {&first, &second}) {
    simulation sim(e);
    sim.run(100.0);
    const auto w = sim.projection_named("ee").weights();
    out->assign(w.begin(), w.end());
  }
  EXPECT_EQ(count_so(), before + 1);  // one library for both runs
  EXPECT_EQ(first, second);
}

TEST(equations_rule, a_compiler_failure_is_reported_in_plain_words_with_its_output_in_a_file) {
  const std::string dir = test_cache();
  try {
    jit::load("this is not C++", "rule 'broken'", dir);
    ADD_FAILURE() << "compiled";
  } catch (const error& e) {
    const std::string m = e.what();
    EXPECT_NE(m.find("rule 'broken' could not be compiled"), std::string::npos) << m;
    const std::size_t at = m.find("its output is in ");
    ASSERT_NE(at, std::string::npos) << m;
    const std::string log = m.substr(at + 17, m.find(',', at) - at - 17);
    EXPECT_TRUE(fs::exists(log)) << log;
    std::ifstream in(log);
    const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    EXPECT_NE(text.find("error"), std::string::npos);
  }
}

TEST(equations_rule, a_rule_whose_state_becomes_nan_is_stopped_with_its_label_variable_synapse_and_time) {
  test_cache();
  std::string body = R"(  label = "runaway"
  constants = { tau = "10 ms" }
  synapse = { c = "1" }
  equations = "dc/dt = c*c/tau"
)";
  const experiment_spec e = parse_experiment(file_with(body), "eq.toml");
  simulation sim(e);
  try {
    sim.run(100.0);
    ADD_FAILURE() << "ran on";
  } catch (const error& err) {
    const std::string m = err.what();
    EXPECT_NE(m.find("rule 'runaway', per-synapse variable 'c': inf"), std::string::npos) << m;
    EXPECT_NE(m.find("at synapse 0"), std::string::npos) << m;
    EXPECT_NE(m.find("stopped at t = "), std::string::npos) << m;
  }
}

// A calcium-based rule written as equations (Graupner & Brunel 2012, PNAS 109:3991, deterministic, without the
// presynaptic delay D): per-synapse calcium c jumps by C_pre, C_post at each event and decays exactly; the efficacy
// ρ follows τ dρ/dt = −ρ(1−ρ)(ρ*−ρ) + γp(1−ρ)Θ[c−θp] − γd ρ Θ[c−θd] by forward Euler every step. Against the same
// integration written out here: per step, the step's events (pre first), then dρ from the values before the step,
// c decays, ρ advances. (τ is 150 ms instead of 150 s so that ρ moves in 2 s.)
TEST(calcium_rule_as_equations, follows_its_stated_integration_on_random_trains_with_delays) {
  test_cache();
  const double c_pre = 1.0, c_post = 2.0, tau_ca = 20.0, theta_d = 1.0, theta_p = 1.3, gamma_d = 200.0,
               gamma_p = 321.808, rho_star = 0.5, tau = 150.0, rho0 = 0.3;
  rule_text t;
  t.constants = {{"C_pre", num(c_pre)},     {"C_post", num(c_post)},   {"tau_ca", num(tau_ca) + " ms"},
                 {"theta_d", num(theta_d)}, {"theta_p", num(theta_p)}, {"gamma_d", num(gamma_d)},
                 {"gamma_p", num(gamma_p)}, {"rho_star", num(rho_star)}, {"tau", num(tau) + " ms"}};
  t.synapse = {{"c", "0"}, {"rho", num(rho0)}};
  t.equations = "dc/dt = -c/tau_ca\n"
                "drho/dt = (-rho*(1 - rho)*(rho_star - rho) + gamma_p*(1 - rho)*heaviside(c - theta_p) "
                "- gamma_d*rho*heaviside(c - theta_d))/tau";
  t.on_pre = "c += C_pre";
  t.on_post = "c += C_post";
  const equations_params p = make(t, "graupner_brunel");
  for (std::int64_t dendritic : {0, 5}) {
    plastic_network net = make_network(p, dendritic, 21 + static_cast<std::uint64_t>(dendritic));
    simulation sim(net.spec);
    sim.run(static_cast<double>(net.steps) * dt);
    const projection& proj = sim.projection_named("syn");
    const plasticity_rule& rule = *proj.rules().at(0);
    const int c_var = rule.state_index("c"), rho_var = rule.state_index("rho");
    ASSERT_GE(c_var, 0);
    ASSERT_GE(rho_var, 0);
    const step_context end{net.steps, dt, 1};
    std::size_t moved = 0;
    for (const synapse_case& sc : net.synapses) {
      std::uint32_t s = 0;
      for (std::uint32_t k = proj.row_begin(sc.pre); k < proj.row_end(sc.pre); ++k)
        if (proj.post_index()[k] == sc.post) s = k;
      const auto events = synapse_events(net.pre[sc.pre], net.post[sc.post], sc.delay, dendritic);
      double c = 0.0, rho = rho0;
      const double decay = std::exp(-dt / tau_ca);
      std::size_t e = 0;
      for (std::int64_t step = 0; step < net.steps; ++step) {
        for (; e < events.size() && events[e].first == step; ++e) c = c + (events[e].second ? c_post : c_pre);
        const double h_p = c - theta_p > 0.0 ? 1.0 : 0.0, h_d = c - theta_d > 0.0 ? 1.0 : 0.0;
        const double d = ((((-rho) * (1.0 - rho)) * (rho_star - rho) + (gamma_p * (1.0 - rho)) * h_p) -
                          (gamma_d * rho) * h_d) / tau;
        c = c * decay;
        rho = rho + dt * d;
      }
      EXPECT_NEAR(rule.state_value(proj, static_cast<std::size_t>(c_var), s, end), c, 1e-12 * std::max(1.0, c));
      EXPECT_NEAR(rule.state_value(proj, static_cast<std::size_t>(rho_var), s, end), rho, 1e-12) << "synapse " << s;
      moved += std::fabs(rho - rho0) > 1e-3;
    }
    EXPECT_GT(moved, net.synapses.size() / 2) << "the test must exercise the rule";
  }
}

namespace {

// A state monitor "s_<variable>" of projection ee every ms.
std::string state_monitor(const std::string& variable) {
  return "\n[[monitor]]\nname = \"s_" + variable + "\"\ntype = \"state\"\nprojection = \"ee\"\nvariable = \"" + variable +
         "\"\ninterval = \"1 ms\"\n";
}

const state_record& recorded(const run_results& r, const std::string& name) {
  for (const state_record& s : r.states)
    if (s.name == name) return s;
  throw std::runtime_error("no state monitor " + name);
}

// A rule with a per-synapse variable c [uM] and a pre and a post trace, stacked with the built-in stdp whose traces
// have the same time constants (so that the projection holds each trace once, shared by both rules).
const std::string recordable_body = R"(  label = "recordable"
  constants = { tau_plus = "16.8 ms", tau_minus = "33.7 ms", tau_c = "50 ms", c0 = "1 uM" }
  synapse = { c = "0.5 uM" }
  pre = { x = "0" }
  post = { y = "0" }
  equations = """
dx/dt = -x/tau_plus
dy/dt = -y/tau_minus
dc/dt = -c/tau_c
"""
  on_pre = "c += c0; x += 1"
  on_post = "y += 1"

  [[projection.plasticity]]
  rule = "stdp"
  tau_plus = "16.8 ms"
  tau_minus = "33.7 ms"
)";

}  // namespace

TEST(equations_rule, its_variables_and_traces_are_recorded_by_name_with_their_units_and_scopes) {
  test_cache();
  std::string text = file_with(recordable_body);
  for (const char* v : {"c", "x", "y", "x_pre", "y_post"}) text += state_monitor(v);
  const run_results r = run_experiment(parse_experiment(text, "eq.toml"));
  const state_record &c = recorded(r, "s_c"), &x = recorded(r, "s_x"), &y = recorded(r, "s_y");
  EXPECT_EQ(c.unit, "uM");
  EXPECT_EQ(c.scope, "synapse");
  EXPECT_EQ(x.unit, "1");
  EXPECT_EQ(x.scope, "pre");
  EXPECT_EQ(y.scope, "neuron");
  EXPECT_EQ(c.neurons.size(), 50u);  // every synapse of the 5 × 10 projection
  EXPECT_EQ(x.neurons.size(), 5u);   // every presynaptic neuron
  EXPECT_EQ(y.neurons.size(), 10u);  // every post neuron
  ASSERT_EQ(c.values.size(), c.times.size() * 50);
  EXPECT_EQ(c.values.front(), 0.5);
  // The traces are the projection's, shared with stdp's x_pre and y_post: the same values.
  EXPECT_EQ(x.values, recorded(r, "s_x_pre").values);
  EXPECT_EQ(y.values, recorded(r, "s_y_post").values);
  double x_max = 0.0, c_max = 0.0;
  for (double v : x.values) x_max = std::max(x_max, v);
  for (double v : c.values) c_max = std::max(c_max, v);
  EXPECT_GT(x_max, 0.5) << "the test must see presynaptic spikes";
  EXPECT_GT(c_max, 0.9) << "c must have jumped at a presynaptic spike";
}

TEST(equations_reader, a_monitor_of_a_state_the_rule_does_not_have_gets_the_closest_one) {
  const error e = error_of(file_with(recordable_body) + state_monitor("cc"));
  EXPECT_NE(e.message().find("no recordable state 'cc'"), std::string::npos) << e.what();
  EXPECT_NE(e.message().find("did you mean 'c'"), std::string::npos) << e.what();
}

// A synapse ODE that reads v_post gets the post neuron's voltage per synapse every step: u relaxes toward it.
TEST(equations_rule, a_synapse_ode_reading_v_post_follows_the_post_voltage) {
  test_cache();
  const std::string body = R"(  constants = { tau = "1 ms" }
  synapse = { u = "0 mV" }
  equations = "du/dt = (v_post - u)/tau"
)";
  const experiment_spec e = parse_experiment(file_with(body), "eq.toml");
  simulation sim(e);
  sim.run(20.0);
  const projection& proj = sim.projection_named("ee");
  const plasticity_rule& rule = *proj.rules().at(0);
  const step_context end{sim.step(), sim.dt(), 1};
  for (std::uint32_t s = 0; s < proj.size(); ++s) {
    const double u = rule.state_value(proj, static_cast<std::size_t>(rule.state_index("u")), s, end);
    EXPECT_LT(u, -45.0) << "synapse " << s;  // near the post neuron's voltage (rest −60 mV, threshold −50 mV)
    EXPECT_GT(u, -75.0) << "synapse " << s;
  }
}

// Named expressions (`A = ...` in `equations`) are evaluated where they are used, as if written there: pair STDP
// with its weight dependence written as named expressions gives the built-in's weights bitwise.
TEST(named_expressions, are_evaluated_where_used_and_give_the_built_in_weights_bitwise) {
  stdp_params p;
  p.dependence.type = weight_dependence::kind::multiplicative;
  p.dependence.w_min = 0.1;
  p.dependence.w_max = 0.9;
  p.a_plus = 0.02;
  p.a_minus = 0.021;
  rule_text t = pair_stdp(p, true);
  t.equations += "\nf_plus = A_plus*(wmax - w)   # used before the ODEs below it, as in Brian2\n"
                 "depress = f_minus*y\nf_minus = A_minus*(w - wmin)   # used above its own line";
  t.on_pre = "w -= depress\nx += 1";
  t.on_post = "w += f_plus*x\ny += 1";
  expect_same_weights(p, make(t, "pair_stdp_named"));
}

TEST(named_expressions, a_cycle_is_reported_at_the_use_that_closes_it_naming_the_whole_cycle) {
  std::string body = stdp_body;
  body.replace(body.find("dy/dt = -y/tau_minus\n"), 21, "dy/dt = -y/tau_minus\nA = 2*B\nB = C + 1\nC = A\n");
  const std::string text = file_with(body);
  const error e = error_of(text);
  EXPECT_EQ(e.where().line, line_of(text, "C = A"));
  EXPECT_EQ(e.where().column, 5);
  EXPECT_NE(e.message().find("cycle: A → B → C → A"), std::string::npos) << e.what();
}

TEST(named_expressions, take_the_dimension_of_their_expression_are_checked_where_used_and_cannot_be_set) {
  std::string body = stdp_body;
  body.replace(body.find("dy/dt = -y/tau_minus\n"), 21, "dy/dt = -y/tau_minus\nlate = tau_plus*y\n");
  body.replace(body.find("w -= A_minus*y"), 14, "w -= late");
  std::string text = file_with(body);
  error e = error_of(text);
  EXPECT_EQ(e.where().line, line_of(text, "w -= late"));
  EXPECT_EQ(e.where().column, 6);
  EXPECT_NE(e.message().find("w is in nS, the value given to it in ms"), std::string::npos) << e.what();
  body = stdp_body;
  body.replace(body.find("dy/dt = -y/tau_minus\n"), 21, "dy/dt = -y/tau_minus\ntau_plus = 2*ms\n");
  text = file_with(body);
  e = error_of(text);
  EXPECT_EQ(e.where().line, line_of(text, "tau_plus = 2*ms"));
  EXPECT_NE(e.message().find("'tau_plus' is already a name"), std::string::npos) << e.what();
  body = stdp_body;
  body.replace(body.find("dy/dt = -y/tau_minus\n"), 21, "dy/dt = -y/tau_minus\nlate = A_plus*y\n");
  body.replace(body.find("x += 1"), 6, "x += 1\nlate = A_plus");
  e = error_of(file_with(body));
  EXPECT_NE(e.message().find("'late' is a named expression"), std::string::npos) << e.what();
  body = stdp_body;  // an ODE elsewhere than in `equations` is still refused
  body.replace(body.find("x += 1"), 6, "x += 1\ndw/dt = 0");
  EXPECT_NE(error_of(file_with(body)).message().find("belongs in the `equations` key"), std::string::npos);
}

// A trace's time constant may be a named expression of constants; a synapse ODE reading a trace through a named
// expression is refused at the trace's name.
TEST(named_expressions, of_constants_are_constants_and_carry_what_they_read) {
  std::string body = stdp_body;
  body.replace(body.find("dx/dt = -x/tau_plus\n"), 20, "dx/dt = -x/tau_x\ntau_x = 2*tau_plus\n");
  const experiment_spec e = parse_experiment(file_with(body), "eq.toml");
  const auto& p = std::get<equations_params>(e.network.projections.at(0).plasticity.at(0).params);
  EXPECT_EQ(p.rule.traces.at(0).tau, 2 * 16.8);
  body = stdp_body;
  const std::string post = "post = { y = \"0\" }";
  body.replace(body.find(post), post.size(), post + "\n  synapse = { c = 0 }");
  body.replace(body.find("dy/dt = -y/tau_minus\n"), 21, "dy/dt = -y/tau_minus\nseen = y\ndc/dt = seen/tau_plus\n");
  const std::string text = file_with(body);
  const error err = error_of(text);
  EXPECT_EQ(err.where().line, line_of(text, "seen = y"));
  EXPECT_NE(err.message().find("reads the trace 'y'"), std::string::npos) << err.what();
}

TEST(equations_reader, an_infinite_or_nan_value_is_refused_at_its_key) {
  for (const char* bad : {"\"inf nS\"", "\"nan ms\"", "-inf", "nan"}) {
    std::string body = stdp_body;
    body.replace(body.find("\"0.01 nS\""), 9, bad);
    const std::string text = file_with(body);
    const error e = error_of(text);
    EXPECT_EQ(e.where().line, line_of(text, "constants = {")) << bad;
    EXPECT_NE(e.message().find("expected a finite value"), std::string::npos) << e.what();
  }
}
