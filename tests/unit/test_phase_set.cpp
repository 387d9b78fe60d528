// Parameters that change during a run ([[phase]] set, spec/param_changes.hpp, sim/param_changes.hpp).
#include <gtest/gtest.h>

#include <cmath>
#include <string>
#include <vector>

#include "plastix/io/config.hpp"
#include "plastix/sim/experiment.hpp"
#include "plastix/sim/simulation.hpp"
#include "plastix/spec/param_changes.hpp"
#include "plastix/synapse/projection.hpp"
#include "test_config_support.hpp"

using namespace plastix;
using config_test::expect_error;
using config_test::with;

namespace {

// Two spike sources "pre" and "post" of `size` neurons (`pre_times`, `post_times`: their `times` lists, or none) joined
// by projection "ff" with one plasticity rule (`rule`: its lines), then `phases` (the [[phase]] tables).
std::string two_sources(int size, const std::string& pre_times, const std::string& post_times, const std::string& rule,
                        const std::string& phases) {
  const auto source = [&](const std::string& name, const std::string& times) {
    return "[[population]]\nname = \"" + name + "\"\nsize = " + std::to_string(size) + "\nmodel = \"spike_times\"\n" +
           (times.empty() ? "" : "times = " + times + "\n") + "\n";
  };
  return "[experiment]\ndt = \"0.1 ms\"\n\n" + source("pre", pre_times) + source("post", post_times) +
         "[[projection]]\nname = \"ff\"\npre = \"pre\"\npost = \"post\"\nweight = \"1 nS\"\n\n"
         "  [[projection.plasticity]]\n" + rule + "\n" + phases;
}

// One STDP synapse between two spike sources paired every second (pre at t, post at t + 10 ms; a_minus = 0, so each
// pairing adds a_plus·e^{-Δt/τ+}, the traces of the pairing before having decayed by e^{-1000/16.8}).
const std::string pairing_file = two_sources(1, R"([["10 ms", "1010 ms", "2010 ms", "3010 ms"]])",
                                             R"([["20 ms", "1020 ms", "2020 ms", "3020 ms"]])",
                                             R"(  rule = "stdp"
  a_plus = 0.01
  a_minus = 0.0
  w_max = "100 nS"
)",
                                             R"([[phase]]
name = "juvenile"
duration = "2000 ms"

[[phase]]
name = "adult"
duration = "2000 ms"
set = { "projection.ff.plasticity[0].a_plus" = 0.005 }
)");

// A lif neuron at rest whose bias current is switched on at 100 ms (or from the start).
const std::string bias_file = R"([experiment]
dt = "0.1 ms"

[[population]]
name = "exc"
size = 1
model = "lif"
i_e = "0 pA"

[[phase]]
name = "only"
duration = "300 ms"

  [[phase.set]]
  at = "100 ms"
  "population.exc.i_e" = "250 pA"
)";

// The membrane potential of neuron 0 every millisecond of a phase run by sim (marks split nothing: bitwise the same).
std::vector<double> voltage_trace(simulation& sim, const phase_spec& phase) {
  std::vector<double> v;
  std::vector<simulation::phase_mark> marks;
  for (int ms = 0; ms < static_cast<int>(phase.duration); ++ms)
    marks.push_back({static_cast<double>(ms), [&] { v.push_back(sim.populations()[0]->sample(0, 0)); }});
  sim.run_phase(phase, marks);
  return v;
}

}  // namespace

TEST(phase_set, stdp_learning_rate_halved_at_a_phase_boundary_halves_each_later_weight_change) {
  const experiment_spec spec = parse_experiment(pairing_file, "pairing.toml");
  ASSERT_EQ(spec.phases[1].changes.size(), 1u);
  simulation sim(spec);
  sim.run_phase(spec.phases[0]);
  const double w1 = sim.projection_named("ff").weights()[0];
  sim.run_phase(spec.phases[1]);
  const double w2 = sim.projection_named("ff").weights()[0];
  // a_plus·e^{-Δt/τ+} [nS]; the synapse sees the pre spike after its delay (one step): Δt = 10 ms − 0.1 ms.
  const double per_pairing = 0.01 * std::exp(-(10.0 - 0.1) / 16.8);
  EXPECT_NEAR(w1 - 1.0, 2 * per_pairing, 1e-15);
  EXPECT_NEAR(w2 - w1, 2 * per_pairing / 2, 1e-15);
  EXPECT_EQ(w2 - w1, (w1 - 1.0) / 2);  // exactly half (a power of two)
}

TEST(phase_set, a_bias_current_set_inside_a_phase_acts_from_that_step_like_a_run_started_with_it) {
  const experiment_spec changed = parse_experiment(bias_file, "bias.toml");
  ASSERT_EQ(changed.phases[0].changes.size(), 1u);
  EXPECT_DOUBLE_EQ(changed.phases[0].changes[0].at, 100.0);
  simulation a(changed);
  const std::vector<double> va = voltage_trace(a, changed.phases[0]);

  const std::string change = "  [[phase.set]]\n  at = \"100 ms\"\n  \"population.exc.i_e\" = \"250 pA\"\n";
  experiment_spec from_start =
      parse_experiment(with(with(bias_file, "i_e = \"0 pA\"", "i_e = \"250 pA\""), change, ""), "bias.toml");
  ASSERT_TRUE(from_start.phases[0].changes.empty());
  simulation b(from_start);
  const std::vector<double> vb = voltage_trace(b, from_start.phases[0]);
  for (int ms = 0; ms <= 100; ++ms) EXPECT_EQ(va[ms], va[0]) << "at rest before the change, " << ms << " ms";
  for (int ms = 100; ms < 300; ++ms) ASSERT_EQ(va[ms], vb[ms - 100]) << ms << " ms";  // bitwise
  EXPECT_NE(*std::max_element(vb.begin(), vb.end()), vb[0]);  // it is driven (and fires: v resets)
}

TEST(phase_set, errors_name_the_phase_the_key_and_the_line) {
  const std::string key = "projection.ff.plasticity[0].a_plus\" = 0.005";
  const std::string set_line = "set = {";
  const std::string where = "phase.adult.set.projection.ff.plasticity[0].";
  expect_error(with(pairing_file, key, "projection.ff.plasticity[0].a_plus\" = -1"), set_line, where + "a_plus",
               {"phase 'adult': projection.ff.plasticity[0].a_plus: a_plus must be >= 0, got -1"});
  expect_error(with(pairing_file, key, "projection.ff.plasticity[0].w_max\" = \"2 mV\""), set_line, where + "w_max",
               {"phase 'adult': ", "unit 'mV' of the wrong kind"});
  expect_error(with(pairing_file, key, "projection.ff.plasticity[0].a_plsu\" = 1"), set_line, where + "a_plsu",
               {"phase 'adult': ", "unknown key 'a_plsu' for an stdp rule; did you mean 'a_plus'?"});
  expect_error(with(pairing_file, key, "projection.ff.plasticity[0].tau_plus\" = \"10 ms\""), set_line,
               where + "tau_plus", {"tau_plus cannot change during a run"});
  expect_error(with(pairing_file, key, "population.post.size\" = 3"), set_line, "phase.adult.set.population.post.size",
               {"phase 'adult': population.post.size: a population's size cannot change during a run"});
  expect_error(with(pairing_file, key, "projection.ff.weight\" = \"2 nS\""), set_line,
               "phase.adult.set.projection.ff.weight", {"only the parameters of a projection's plasticity rules"});
  expect_error(with(pairing_file, key, "experiment.dt\" = \"1 ms\""), set_line, "phase.adult.set.experiment.dt",
               {"cannot change during a run"});
  expect_error(with(pairing_file, key, "population.nope.i_e\" = \"1 pA\""), set_line,
               "phase.adult.set.population.nope.i_e", {"there is no population named 'nope'"});
}

TEST(phase_set, rules_are_addressed_by_name_as_with_set) {
  const experiment_spec spec =
      parse_experiment(with(pairing_file, "plasticity[0].a_plus", "plasticity.stdp.a_plus"), "pairing.toml");
  ASSERT_EQ(spec.phases[1].changes.size(), 1u);
  EXPECT_EQ(std::get<stdp_params>(std::get<rule_params>(spec.phases[1].changes[0].params)).a_plus, 0.005);
}

TEST(phase_set, a_calcium_rule_brought_to_new_weight_levels_rewrites_its_weights_at_the_change) {
  // No spikes, ρ = 1 (a fixed point, no noise): every weight is w1, from the change on the new w1.
  const std::string file = two_sources(2, "", "", R"(  rule = "calcium"
  sigma = 0
  rho_init = 1
  w0 = "0.5 nS"
  w1 = "1 nS"
)",
                                       R"([[phase]]
name = "before"
duration = "10 ms"

[[phase]]
name = "after"
duration = "10 ms"
  [[phase.set]]
  at = "5 ms"
  "projection.ff.plasticity.calcium.w1" = "2 nS"
)");
  const experiment_spec spec = parse_experiment(file, "calcium.toml");
  simulation sim(spec);
  sim.run_phase(spec.phases[0]);
  for (double w : sim.projection_named("ff").weights()) EXPECT_EQ(w, 1.0);
  sim.run_phase(spec.phases[1]);
  for (double w : sim.projection_named("ff").weights()) EXPECT_EQ(w, 2.0);
}

TEST(phase_set, keys_a_rule_is_built_with_are_refused_at_check_time_with_the_reason) {
  const std::string file = with(config_test::base_file, "weight = \"1 nS\"\n",
                                "weight = \"1 nS\"\n  [[projection.plasticity]]\n  rule = \"tag_trigger\"\n"
                                "[[phase]]\nname = \"p\"\nduration = \"10 ms\"\nset = { \"projection.ee.plasticity[0].theta_p\" = 50 }\n");
  expect_error(with(file, "duration = \"100 ms\"\n", ""), "set = {", "phase.p.set.projection.ee.plasticity[0].theta_p",
               {"phase 'p': projection.ee.plasticity[0].theta_p: theta_p cannot change during a run (the protein pool "
                "of the post population runs with it"});
}

TEST(phase_set, a_key_read_beside_a_rules_declared_keys_is_refused_naming_it) {
  const std::string file = with(config_test::base_file, "weight = \"1 nS\"\n",
                                "weight = \"1 nS\"\n  [[projection.plasticity]]\n  rule = \"structural\"\n"
                                "[[phase]]\nname = \"p\"\nduration = \"10 ms\"\nset = { \"projection.ee.plasticity[0].table\" = \"t2\" }\n");
  expect_error(with(file, "duration = \"100 ms\"\n", ""), "set = {", "phase.p.set.projection.ee.plasticity[0].table",
               {"phase 'p': projection.ee.plasticity[0].table: 'table' of a structural rule cannot change during a run: "
                "only the rule's declared keys can"});
}

TEST(phase_set, the_modulator_a_three_factor_rule_reads_is_refused_naming_it) {
  const std::string file = with(config_test::base_file, "weight = \"1 nS\"\n",
                                "weight = \"1 nS\"\n  [[projection.plasticity]]\n  rule = \"dopamine_stdp\"\n"
                                "[[modulator]]\nname = \"dopamine\"\n[[modulator]]\nname = \"ach\"\n"
                                "[[phase]]\nname = \"p\"\nduration = \"10 ms\"\nset = { \"projection.ee.plasticity[0].modulator\" = \"ach\" }\n");
  expect_error(with(file, "duration = \"100 ms\"\n", ""), "set = {", "phase.p.set.projection.ee.plasticity[0].modulator",
               {"phase 'p': projection.ee.plasticity[0].modulator: 'modulator' of a dopamine_stdp rule cannot change "
                "during a run: the rule is bound to it when it is built"});
}

TEST(phase_set, a_sweep_condition_that_reorders_phases_applies_each_set_to_the_values_as_run) {
  // File order: "one" halves a_plus, "two" lowers w_max. Run as two, one: two must not bring one's a_plus early,
  // and one must keep two's w_max (each change holds only the keys it sets).
  const std::string file = with(with(pairing_file, "name = \"juvenile\"\nduration = \"2000 ms\"\n",
                                     "name = \"one\"\nduration = \"10 ms\"\nset = { \"projection.ff.plasticity[0].a_plus\" = 0.005 }\n"),
                                "name = \"adult\"\nduration = \"2000 ms\"\nset = { \"projection.ff.plasticity[0].a_plus\" = 0.005 }",
                                "name = \"two\"\nduration = \"10 ms\"\nset = { \"projection.ff.plasticity[0].w_max\" = \"50 nS\" }");
  const experiment_spec spec = parse_experiment(file, "order.toml");
  const auto rule_after = [](const phase_spec& p) { return std::get<stdp_params>(std::get<rule_params>(p.changes.at(0).params)); };
  // In the file's order the changes hold what they read.
  EXPECT_EQ(rule_after(spec.phases[0]).a_plus, 0.005);
  EXPECT_EQ(rule_after(spec.phases[1]).a_plus, 0.005);
  EXPECT_EQ(rule_after(spec.phases[1]).dependence.w_max, 50.0);

  experiment_spec reordered = spec;
  reordered.phases = phase_sequence(spec.phases, {"two", "one", "two"}, {}, "test");
  resolve_param_changes(reordered);
  EXPECT_EQ(rule_after(reordered.phases[0]).a_plus, 0.01);  // the file's, not one's
  EXPECT_EQ(rule_after(reordered.phases[0]).dependence.w_max, 50.0);
  EXPECT_EQ(rule_after(reordered.phases[1]).a_plus, 0.005);
  EXPECT_EQ(rule_after(reordered.phases[1]).dependence.w_max, 50.0);  // two's, kept
  EXPECT_EQ(rule_after(reordered.phases[2]).a_plus, 0.005);           // one's, kept
  validate(reordered);
  // In the file's order resolving changes nothing.
  experiment_spec same = spec;
  resolve_param_changes(same);
  EXPECT_EQ(rule_after(same.phases[0]).a_plus, 0.005);
  EXPECT_EQ(rule_after(same.phases[1]).a_plus, 0.005);
}

TEST(phase_set, stp_resources_recover_with_the_old_time_constant_up_to_the_change_and_the_new_after) {
  // One spike arrives at 10.1 ms (x drops to 1 − U); tau_rec changes from 800 ms to 100 ms at 20 ms; x at 40 ms.
  const std::string file = two_sources(1, R"([["10 ms"]])", "", R"(  rule = "stp"
  u = 0.5
  tau_rec = "800 ms"
)",
                                       R"([[phase]]
name = "a"
duration = "20 ms"

[[phase]]
name = "b"
duration = "20 ms"
set = { "projection.ff.plasticity[0].tau_rec" = "100 ms" }
)");
  const experiment_spec spec = parse_experiment(file, "stp.toml");
  simulation sim(spec);
  sim.run_phase(spec.phases[0]);
  sim.run_phase(spec.phases[1]);
  const projection& proj = sim.projection_named("ff");
  const plasticity_rule& rule = *proj.rules()[0];
  const int x = rule.state_index("x");
  ASSERT_GE(x, 0);
  const double at_change = 1.0 - 0.5 * std::exp(-(20.0 - 10.1) / 800.0);
  const double at_end = 1.0 + (at_change - 1.0) * std::exp(-20.0 / 100.0);
  EXPECT_NEAR(rule.state_value(proj, static_cast<std::size_t>(x), 0, {400, 0.1, spec.seed}), at_end, 1e-12);
  // Not the value of either constant alone.
  EXPECT_GT(std::abs(at_end - (1.0 - 0.5 * std::exp(-29.9 / 100.0))), 1e-3);
}
