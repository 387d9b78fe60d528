// `modulated_by` (spec/modulation.hpp): a modulator scaling any rule's learning rates, and driving a population's
// excitability, against references written out here: the same rule with its rates scaled by hand; pair STDP with a
// time-varying factor as a plain loop over spike times; i_ext and v of a LIF neuron as closed forms of the level.
#include <gtest/gtest.h>

#include <unistd.h>

#include <cmath>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "plastix/core/error.hpp"
#include "plastix/io/config.hpp"
#include "plastix/io/resume.hpp"
#include "plastix/sim/run_stopped.hpp"
#include "plastix/sim/experiment.hpp"
#include "plastix/sim/simulation.hpp"
#include "plastix/spec/rule_kinds.hpp"
#include "plastic_network.hpp"
#include "spec_builders.hpp"

using namespace plastix;
using namespace plastix::test;

namespace {

// The weights of projection "syn" after the whole run of net, in the order of net.synapses.
std::vector<double> final_weights(const plastic_network& net) {
  simulation sim(net.spec);
  sim.run(static_cast<double>(net.steps) * dt);
  const projection& proj = sim.projection_named("syn");
  std::vector<double> out;
  for (const synapse_case& c : net.synapses)
    for (std::uint32_t s = proj.row_begin(c.pre); s < proj.row_end(c.pre); ++s)
      if (proj.post_index()[s] == c.post) out.push_back(proj.weights()[s]);
  EXPECT_EQ(out.size(), net.synapses.size());
  return out;
}

// A modulator "ach" held at `level` (no events: its baseline).
modulator_spec constant_ach(double level) {
  modulator_spec m;
  m.name = "ach";
  m.tau = 100.0;
  m.baseline = level;
  return m;
}

// Rewards for the three-factor rules, whose weights change only with dopamine.
void add_dopamine(plastic_network& net) {
  net.spec.modulators.push_back(modulator_with_jumps({{3000, 0.5}, {9000, 0.4}, {15000, 0.6}}, 200.0, 0.01));
}

// L(t) after the events at t: the baseline plus each jump at or before t, decayed.
double level_after(const std::vector<jump>& jumps, std::int64_t step, double tau, double baseline) {
  double l = baseline;
  for (const jump& j : jumps)
    if (j.step <= step) l += j.amount * std::exp(-static_cast<double>(step - j.step) * dt / tau);
  return l;
}

// Pair STDP with both amplitudes times f(step), f of the step of each event.
template <class Factor>
double reference_pair(const stdp_params& p, double w, const std::vector<std::pair<std::int64_t, bool>>& events,
                      std::int64_t run_steps, Factor f) {
  std::vector<std::int64_t> pre_seen, post_seen;
  for (const auto& [step, is_post] : events) {
    if (step >= run_steps) break;
    if (is_post) {
      w += f(step) * p.a_plus * p.dependence.potentiation(w) * trace(pre_seen, p.tau_plus, p.scheme, step);
      post_seen.push_back(step);
    } else {
      w -= f(step) * p.a_minus * p.dependence.depression(w) * trace(post_seen, p.tau_minus, p.scheme, step);
      pre_seen.push_back(step);
    }
    w = p.dependence.clip(w);
  }
  return w;
}

std::string check_error(const std::string& text) {
  try {
    parse_experiment(text, "ach.toml", {});
  } catch (const error& e) {
    return e.where().file + ":" + std::to_string(e.where().line) + " " + e.where().key + ": " + e.message();
  }
  return "no error";
}

// Two spike sources, a LIF population, an "ach" modulator and a plastic projection pre → post with `rule_keys`.
std::string file_with(const std::string& rule_keys, const std::string& population_keys = "") {
  return R"([experiment]
duration = "1 s"

[[population]]
name = "pre"
model = "poisson"
size = 2
rate = "5 Hz"

[[population]]
name = "post"
model = "lif"
size = 2
)" + population_keys + R"(
[[population.receptor]]
name = "ampa"
kind = "current"
tau_decay = "5 ms"

[[modulator]]
name = "ach"
tau = "200 ms"

[[projection]]
pre = "pre"
post = "post"
receptor = "ampa"
weight = "1 pA"

[[projection.plasticity]]
)" + rule_keys;
}

}  // namespace

// f = 1 + gain·(L − baseline) with L constant: every rule with learning rates gives exactly the weights of the
// same rule with those rates multiplied by f (the wrapper hands the rule scale_learning_rates(p, f) once).
TEST(modulated_by, a_constant_level_gives_the_weights_of_the_rule_with_its_rates_scaled) {
  stdp_params stdp;
  stdp.a_plus = 0.02;
  stdp.a_minus = 0.021;
  triplet_params triplet;
  istdp_params istdp;
  dopamine_stdp_params da;
  da.dependence.w_max = 2.0;
  da.eta = 0.01;  // weights away from their bounds, so that the factor shows
  reward_stdp_params rs;
  rs.eta = 0.005;
  rs.dependence.w_max = 2.0;
  rate_modulation m;
  m.modulator = "ach";
  m.gain = 2.0;
  m.baseline = 0.1;
  const double level = 0.45;
  const double f = m.factor(level);
  ASSERT_DOUBLE_EQ(f, 1.7);
  for (const rule_params& rule : std::vector<rule_params>{stdp, triplet, istdp, da, rs}) {
    SCOPED_TRACE(rule_name(rule));
    plastic_network modulated = make_network(rule, 3, 21);
    modulated.spec.network.projections[0].plasticity[0].modulated_by = m;
    modulated.spec.modulators.push_back(constant_ach(level));
    plastic_network scaled = make_network(scale_learning_rates(rule, f), 3, 21);
    plastic_network plain = make_network(rule, 3, 21);
    if (std::holds_alternative<dopamine_stdp_params>(rule) || std::holds_alternative<reward_stdp_params>(rule))
      for (plastic_network* n : {&modulated, &scaled, &plain}) add_dopamine(*n);
    const std::vector<double> w = final_weights(modulated), expected = final_weights(scaled), w0 = final_weights(plain);
    ASSERT_EQ(w.size(), expected.size());
    std::size_t differs = 0;
    for (std::size_t s = 0; s < w.size(); ++s) {
      EXPECT_EQ(w[s], expected[s]) << "synapse " << s;
      differs += w[s] != w0[s];
    }
    EXPECT_GT(differs, w.size() / 2) << "the factor must change the weights";
  }
}

// A level that jumps and decays: each pair's change is scaled by f of the step the synapse sees it, against a
// plain loop over spike times; f clipped at 0 when the level falls far enough below the baseline.
TEST(modulated_by, a_time_varying_level_scales_each_pairing_by_the_factor_of_its_step) {
  stdp_params p;
  p.a_plus = 0.02;
  p.a_minus = 0.021;
  const double tau = 150.0, baseline = 0.05;
  // dips that leave the level just above zero (a level is not negative); f = 0 below 0.4 − 1/3 uM
  const std::vector<jump> jumps{{1500, 0.8}, {4000, 0.3}, {4003, 0.5}, {9000, -0.08}, {14000, 1.2}, {17500, -0.16}};
  rate_modulation m;
  m.modulator = "ach";
  m.gain = 3.0;
  m.baseline = 0.4;
  for (std::int64_t dendritic : {0, 5}) {
    plastic_network net = make_network(p, dendritic, 31 + static_cast<std::uint64_t>(dendritic));
    net.spec.network.projections[0].plasticity[0].modulated_by = m;
    net.spec.modulators.push_back(modulator_with_jumps(jumps, tau, baseline, "ach"));
    const std::vector<double> w = final_weights(net);
    std::size_t clipped_steps = 0;
    for (std::int64_t s = 0; s < net.steps; ++s) clipped_steps += m.factor(level_after(jumps, s, tau, baseline)) == 0.0;
    EXPECT_GT(clipped_steps, 100) << "the test must reach f = 0";
    std::size_t k = 0;
    for (const synapse_case& c : net.synapses) {
      const auto events = synapse_events(net.pre[c.pre], net.post[c.post], c.delay, dendritic);
      const double expected = reference_pair(p, c.w0, events, net.steps, [&](std::int64_t step) {
        return m.factor(level_after(jumps, step, tau, baseline));
      });
      EXPECT_NEAR(w[k], expected, 1e-12) << "synapse " << c.pre << "->" << c.post << " dendritic " << dendritic;
      ++k;
    }
  }
}

// The population's input current is gain·(L − baseline) of the level at the start of each step: i_ext against the
// level's closed form, and v of a LIF neuron under a constant level against the LIF's closed form.
TEST(modulated_by, excitability_current_follows_the_level_and_drives_a_lif_as_its_closed_form) {
  network_spec n;
  lif::params lp;
  lp.v_th = 100.0;  // no spikes: v relaxes to e_l + I/g_l
  n.populations.push_back(lif_population("cells", 2, lp));
  excitability_modulation drive;
  drive.modulator = "ach";
  drive.gain = 40.0;      // [pA/uM]
  drive.baseline = 0.1;   // [uM]
  n.populations[0].modulated_by = drive;
  experiment_spec e = experiment(n, 300.0, dt);
  const double tau = 30.0, ach_baseline = 0.35;
  const std::vector<jump> jumps{{500, 0.6}, {1200, -0.4}, {2000, 0.25}};
  e.modulators.push_back(modulator_with_jumps(jumps, tau, ach_baseline, "ach"));
  for (const char* variable : {"i_ext", "v"}) {
    monitor_spec m;
    m.type = monitor_spec::kind::state;
    m.target = "cells";
    m.variable = variable;
    m.name = variable;
    m.interval = dt;
    e.monitors.push_back(m);
  }
  const run_results r = run_experiment(e);
  const auto& i_ext = r.states[0].name == "i_ext" ? r.states[0] : r.states[1];
  const auto& v = r.states[0].name == "v" ? r.states[0] : r.states[1];
  ASSERT_EQ(i_ext.times.size(), 3001u);  // t = 0 (before the first step), then after each step
  EXPECT_EQ(i_ext.values[0], 0.0);
  // The sample after step s holds the current of step s: gain·(L(s·dt) − b), L before the events of step s.
  for (std::size_t k = 1; k < i_ext.times.size(); ++k) {
    const auto s = static_cast<std::int64_t>(k) - 1;
    ASSERT_NEAR(i_ext.times[k], static_cast<double>(s + 1) * dt, 1e-9);
    double level = ach_baseline;  // before the events of step s
    for (const jump& j : jumps)
      if (j.step < s) level += j.amount * std::exp(-static_cast<double>(s - j.step) * dt / tau);
    const double expected = drive.gain * (level - drive.baseline);
    EXPECT_NEAR(i_ext.values[k * 2], expected, 1e-9) << "t = " << i_ext.times[k];
    EXPECT_EQ(i_ext.values[k * 2 + 1], i_ext.values[k * 2]);
  }
  // Before the first jump the level is the baseline: I constant, v(t) = v∞ + (e_l − v∞)·e^{−t·g_l/c_m}.
  const double current = drive.gain * (ach_baseline - drive.baseline);
  const double v_inf = lp.e_l + current / lp.g_l;
  for (std::size_t k = 0; k < 500; ++k) {
    const double t = v.times[k];
    EXPECT_NEAR(v.values[k * 2], v_inf + (lp.e_l - v_inf) * std::exp(-t * lp.g_l / lp.c_m), 1e-9) << "t = " << t;
  }
  EXPECT_GT(v.values[499 * 2], lp.e_l + 0.9 * (v_inf - lp.e_l));  // the current depolarises the neuron
}

TEST(modulated_by, check_names_a_missing_modulator_and_a_rule_without_a_learning_rate) {
  const std::string missing = check_error(file_with(
      "rule = \"stdp\"\nmodulated_by = { modulator = \"acetylcholine\", gain = 2.0, baseline = \"0.1 uM\" }\n"));
  EXPECT_NE(missing.find("ach.toml:32"), std::string::npos) << missing;
  EXPECT_NE(missing.find("modulated_by.modulator"), std::string::npos) << missing;
  EXPECT_NE(missing.find("no [[modulator]] named 'acetylcholine'"), std::string::npos) << missing;

  const std::string no_rate = check_error(file_with("rule = \"stp\"\nmodulated_by = { modulator = \"ach\" }\n"));
  EXPECT_NE(no_rate.find("ach.toml:32"), std::string::npos) << no_rate;
  EXPECT_NE(no_rate.find("modulated_by:"), std::string::npos) << no_rate;
  EXPECT_NE(no_rate.find("rule 'stp' has no learning rate"), std::string::npos) << no_rate;
  EXPECT_NE(no_rate.find("stdp (a_plus, a_minus)"), std::string::npos) << no_rate;

  const std::string unit = check_error(file_with("rule = \"stdp\"\nmodulated_by = { modulator = \"ach\", baseline = \"2 ms\" }\n"));
  EXPECT_NE(unit.find("baseline"), std::string::npos) << unit;

  const std::string unknown = check_error(file_with("rule = \"stdp\"\nmodulated_by = { modulator = \"ach\", gian = 2 }\n"));
  EXPECT_NE(unknown.find("gian"), std::string::npos) << unknown;

  const std::string pop = check_error(file_with("rule = \"stdp\"\n", "modulated_by = { modulator = \"nicotine\", gain = \"5 pA\" }\n"));
  EXPECT_NE(pop.find("population.post.modulated_by.modulator"), std::string::npos) << pop;
  EXPECT_NE(pop.find("no [[modulator]] named 'nicotine'; expected one of: ach"), std::string::npos) << pop;

  EXPECT_EQ(check_error(file_with("rule = \"stdp\"\nmodulated_by = { modulator = \"ach\", gain = 2.0 }\n",
                                  "modulated_by = { modulator = \"ach\", gain = \"5 pA\" }\n")),
            "no error");
}

// Checkpoints: a run with a modulated rule and a driven population (the level moving with Poisson releases) stopped
// at a step and resumed from its checkpoint gives bitwise the weights, v and i_ext of the run never stopped (the
// wrapper saves the factor in force, the drive the current it applies).
TEST(modulated_by, a_run_resumed_from_a_checkpoint_gives_bitwise_the_results_of_the_whole_run) {
  const auto dir = std::filesystem::temp_directory_path() / ("plastix_test_modulated_" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  const auto file = dir / "ach.toml";
  std::ofstream(file) << R"([experiment]
duration = "1 s"
seed = 3

[[population]]
name = "pre"
model = "poisson"
size = 4
rate = "40 Hz"

[[population]]
name = "nbm"
model = "poisson"
size = 5
rate = "10 Hz"

[[population]]
name = "post"
model = "lif"
size = 3
modulated_by = { modulator = "ach", gain = "300 pA", baseline = "0.05 uM" }
  [[population.receptor]]
  name = "ampa"
  kind = "current"
  tau_decay = "5 ms"

[[modulator]]
name = "ach"
tau = "100 ms"
population = "nbm"
amount = "0.02 uM"

[[projection]]
pre = "pre"
post = "post"
receptor = "ampa"
weight = "200 pA"
  [[projection.plasticity]]
  rule = "stdp"
  a_plus = 20.0
  a_minus = 21.0
  w_max = "400 pA"
  modulated_by = { modulator = "ach", gain = 4.0, baseline = "0.1 uM" }

[[monitor]]
type = "weights"
projection = "pre_post"
interval = "10 ms"

[[monitor]]
type = "state"
population = "post"
variable = "v"
interval = "1 ms"

[[monitor]]
type = "state"
population = "post"
variable = "i_ext"
interval = "1 ms"
)";
  const experiment_spec spec = load_experiment(file.string());
  const run_results whole = run_experiment(spec);
  EXPECT_GT(whole.spike_count, 100u);
  ASSERT_EQ(whole.weights.size(), 1u);
  std::size_t changed = 0;
  for (double w : whole.weights[0].values) changed += w != 200.0;
  EXPECT_GT(changed, whole.weights[0].values.size() / 2) << "the rule must learn";
  for (const std::int64_t cut : {std::int64_t{3}, std::int64_t{4567}}) {
    SCOPED_TRACE("cut at step " + std::to_string(cut));
    const auto ckpt = dir / "cut.h5";
    checkpoint_options o;
    o.file = ckpt;
    o.stop_at_step = cut;
    EXPECT_THROW(run_experiment(spec, {}, {}, o), run_stopped);
    const checkpoint c = read_checkpoint(ckpt);
    const run_results again = run_experiment(resume_spec(c), {}, {}, {}, &c);
    const auto same = [](const std::vector<double>& a, const std::vector<double>& b) {
      return a.size() == b.size() && std::memcmp(a.data(), b.data(), a.size() * sizeof(double)) == 0;
    };
    ASSERT_EQ(again.weights.size(), 1u);
    EXPECT_TRUE(same(whole.weights[0].values, again.weights[0].values));
    ASSERT_EQ(again.states.size(), 2u);
    for (std::size_t k = 0; k < 2; ++k) EXPECT_TRUE(same(whole.states[k].values, again.states[k].values)) << k;
    EXPECT_EQ(whole.spike_count, again.spike_count);
  }
  std::filesystem::remove_all(dir);
}
