// Group reward conditions ([[modulator.reward]] with `trigger`: Izhikevich 2007's conditioning experiments) and the
// choices analysis, on spike trains written out here: which trials are rewarded, when, how they are counted
// (the trigger's own step included, the window's end excluded), in which phases, reproducibly by seed.
#include <gtest/gtest.h>

#include <cmath>

#include "plastix/io/config.hpp"
#include "plastix/sim/choices.hpp"
#include "plastix/sim/experiment.hpp"
#include "plastix/sim/simulation.hpp"
#include "spec_builders.hpp"

using namespace plastix;
using namespace plastix::test;

namespace {

// The trigger "s" fires at `cue` [ms]; groups "a" (2 neurons) and "b" (1 neuron) fire at the given times.
experiment_spec task(const std::vector<double>& cue, std::vector<std::vector<double>> a, std::vector<double> b,
                     double duration) {
  network_spec n;
  n.populations.push_back(spike_source("s", {cue}));
  n.populations.push_back(spike_source("a", std::move(a)));
  n.populations.push_back(spike_source("b", {std::move(b)}));
  experiment_spec e = experiment(n, duration, 0.1);
  modulator_spec m;
  m.name = "dopamine";
  m.tau = 1e9;  // a step function: each reward a jump of its amount
  reward_condition r;
  r.trigger = "s";
  r.group = "a";
  r.versus = "b";
  r.window = 20.0;
  r.delay_min = 200.0;
  r.delay_max = 600.0;
  r.amount = 1.0;
  m.rewards.push_back(r);
  e.modulators.push_back(m);
  return e;
}

struct outcome {
  std::vector<reward_trial> trials;
};

outcome run_task(const experiment_spec& e) {
  simulation sim(e);
  for (const phase_spec& ph : e.phases) sim.run_phase(ph, {});
  return {sim.reward_trials("dopamine")};
}

// The times at which the level jumps (one step of 0.1 ms resolution), from a state monitor.
std::vector<double> jump_times(experiment_spec e) {
  monitor_spec m;
  m.type = monitor_spec::kind::state;
  m.modulator = true;
  m.target = "dopamine";
  m.variable = "level";
  m.name = "level";
  m.interval = 0.1;
  e.monitors.push_back(m);
  const run_results r = run_experiment(e);
  std::vector<double> jumps;
  for (const state_record& s : r.states)
    for (std::size_t k = 1; k < s.values.size(); ++k)
      if (s.values[k] - s.values[k - 1] > 0.5) jumps.push_back(s.times[k]);
  return jumps;
}

}  // namespace

TEST(group_reward, a_group_that_fires_more_than_the_other_in_the_window_is_rewarded_after_the_window) {
  // Trial 1 at 100 ms: a fires at 100 (the trigger's step: counted) and 110, b at 105 → 2 > 1, rewarded.
  // Trial 2 at 500 ms: a fires at 520 (the window's end: not counted) → 0 vs 0, not rewarded.
  // Trial 3 at 900 ms: a at 905, b at 905 and 910 → 1 < 2, not rewarded.
  const experiment_spec e = task({100.0, 500.0, 900.0}, {{100.0, 520.0}, {110.0, 905.0}}, {105.0, 905.0, 910.0}, 2000.0);
  const outcome o = run_task(e);
  ASSERT_EQ(o.trials.size(), 3u);
  EXPECT_EQ(o.trials[0].step, 1000);
  EXPECT_EQ(o.trials[0].count, 2u);
  EXPECT_EQ(o.trials[0].versus_count, 1u);
  EXPECT_TRUE(o.trials[0].rewarded);
  EXPECT_EQ(o.trials[1].count, 0u);
  EXPECT_FALSE(o.trials[1].rewarded);
  EXPECT_EQ(o.trials[2].count, 1u);
  EXPECT_EQ(o.trials[2].versus_count, 2u);
  EXPECT_FALSE(o.trials[2].rewarded);
  const std::vector<double> jumps = jump_times(e);
  ASSERT_EQ(jumps.size(), 1u);  // one reward, a delay in [200, 600] ms after the window's end (120 ms)
  EXPECT_GE(jumps[0], 120.0 + 200.0);
  EXPECT_LE(jumps[0], 120.0 + 600.0 + 0.1);
}

TEST(group_reward, a_trigger_inside_an_open_window_does_not_open_a_second_trial) {
  const experiment_spec e = task({100.0, 110.0, 119.9, 120.0}, {{115.0}, {}}, {}, 500.0);
  const outcome o = run_task(e);
  ASSERT_EQ(o.trials.size(), 2u);  // 100 ms (with 110 and 119.9 inside it) and 120 ms
  EXPECT_EQ(o.trials[0].step, 1000);
  EXPECT_EQ(o.trials[0].count, 1u);
  EXPECT_EQ(o.trials[1].step, 1200);
  EXPECT_EQ(o.trials[1].count, 0u);
}

TEST(group_reward, only_the_chosen_neurons_count_and_at_least_sets_the_margin) {
  experiment_spec e = task({100.0}, {{101.0, 102.0, 103.0}, {104.0}}, {105.0}, 500.0);
  e.modulators[0].rewards[0].group_neurons = {1};  // only a's neuron 1: 1 spike against b's 1
  EXPECT_FALSE(run_task(e).trials.at(0).rewarded);
  e.modulators[0].rewards[0].at_least = 0;  // a tie is enough
  EXPECT_TRUE(run_task(e).trials.at(0).rewarded);
  e.modulators[0].rewards[0].group_neurons = {};
  e.modulators[0].rewards[0].versus.clear();  // no versus: a's 4 spikes against at_least
  e.modulators[0].rewards[0].at_least = 4;
  EXPECT_TRUE(run_task(e).trials.at(0).rewarded);
  e.modulators[0].rewards[0].at_least = 5;
  EXPECT_FALSE(run_task(e).trials.at(0).rewarded);
}

TEST(group_reward, trials_open_only_in_the_conditions_phases) {
  experiment_spec e = task({100.0, 500.0, 900.0}, {{101.0, 501.0, 901.0}, {}}, {}, 1000.0);
  e.phases[0].name = "learn";
  e.phases[0].duration = 400.0;
  phase_spec reversal;
  reversal.name = "reversal";
  reversal.duration = 600.0;
  e.phases.push_back(reversal);
  e.modulators[0].rewards[0].phases = {"reversal"};
  const outcome o = run_task(e);
  ASSERT_EQ(o.trials.size(), 2u);
  EXPECT_EQ(o.trials[0].step, 5000);
  EXPECT_EQ(o.trials[0].phase, 1u);
  EXPECT_EQ(o.trials[1].step, 9000);
}

TEST(group_reward, the_same_seed_draws_the_same_reward_times_and_another_seed_others) {
  std::vector<double> cue;
  std::vector<double> a;
  for (int k = 0; k < 10; ++k) {
    cue.push_back(100.0 + 1000.0 * k);
    a.push_back(105.0 + 1000.0 * k);
  }
  experiment_spec e = task(cue, {a, {}}, {}, 11000.0);
  e.seed = 1;
  const std::vector<double> first = jump_times(e);
  ASSERT_EQ(first.size(), 10u);
  EXPECT_EQ(jump_times(e), first);
  e.seed = 2;
  EXPECT_NE(jump_times(e), first);
}

TEST(choices, blocks_count_correct_choices_and_a_reversal_counts_a_and_b_the_other_way_round) {
  modulator_spec m;
  m.name = "dopamine";
  reward_condition learn;  // A (a) against B (b)
  learn.trigger = "s";
  learn.group = "a";
  learn.versus = "b";
  learn.amount = 1.0;
  reward_condition reversal = learn;  // B against A
  reversal.group = "b";
  reversal.versus = "a";
  reward_condition punish = learn;  // a dip: not counted
  punish.amount = -1.0;
  m.rewards = {learn, reversal, punish};
  //                 step  cond phase count versus rewarded
  const std::vector<reward_trial> trials{{10000, 0, 0, 3, 1, true},  {20000, 2, 0, 3, 1, false},
                                         {30000, 0, 0, 0, 2, false}, {40000, 0, 0, 2, 1, true},
                                         {50000, 1, 1, 5, 1, true},  {60000, 1, 1, 0, 4, false}};
  const choice_tables t = choices_tables(trials, m, 0.1, 2);
  // Blocks: trials 1 and 3 (the punishment is left out), trial 4 (the phase's last), trials 5 and 6.
  ASSERT_EQ(t.blocks.data[0].size(), 3u);
  const auto col = [&](const char* name) {
    for (std::size_t c = 0; c < t.blocks.columns.size(); ++c)
      if (t.blocks.columns[c] == name) return t.blocks.data[c];
    throw std::runtime_error(name);
  };
  EXPECT_EQ(col("phase"), (std::vector<double>{1, 1, 2}));
  EXPECT_EQ(col("trials"), (std::vector<double>{2, 1, 2}));
  EXPECT_EQ(col("t_s"), (std::vector<double>{1.0, 4.0, 5.0}));
  EXPECT_EQ(col("correct"), (std::vector<double>{0.5, 1.0, 0.5}));
  EXPECT_EQ(col("a_wins"), (std::vector<double>{0.5, 1.0, 0.5}));  // reversal: a is the versus (1 > 5? no; 4 > 0)
  EXPECT_EQ(col("b_wins"), (std::vector<double>{0.5, 0.0, 0.5}));
  EXPECT_EQ(col("a_count"), (std::vector<double>{1.5, 2.0, 2.5}));  // reversal trials: a = versus: (1 + 4) / 2
  EXPECT_EQ(col("b_count"), (std::vector<double>{1.5, 1.0, 2.5}));  // (5 + 0) / 2
  EXPECT_EQ(t.trials.data[0].size(), 5u);
}

TEST(group_reward, check_names_pairing_keys_unknown_groups_and_phases_with_line_and_key) {
  const auto error_of = [](const std::string& reward) {
    const std::string text = R"(
[experiment]
duration = "1 s"

[[population]]
name = "cue"
model = "poisson"
size = 2
rate = "5 Hz"

[[modulator]]
name = "dopamine"
  [[modulator.reward]]
)" + reward;
    try {
      parse_experiment(text, "task.toml", {});
    } catch (const problems& p) {
      std::string all;
      for (const error& e : p.list()) all += e.where().key + " (line " + std::to_string(e.where().line) + "): " + e.message() + "\n";
      return all;
    } catch (const error& e) {
      return e.where().key + " (line " + std::to_string(e.where().line) + "): " + e.message() + "\n";
    }
    return std::string("no error");
  };
  std::string e = error_of("trigger = \"cue\"\ngroup = \"cue\"\npre = \"cue\"\n");
  EXPECT_NE(e.find("modulator.dopamine.reward[0].pre (line 16)"), std::string::npos) << e;
  e = error_of("trigger = \"cue\"\ngroup = \"cuee\"\n");
  EXPECT_NE(e.find("reward[0].group"), std::string::npos) << e;
  EXPECT_NE(e.find("did you mean 'cue'"), std::string::npos) << e;
  e = error_of("trigger = \"cue\"\ngroup = \"cue\"\ngroup_neurons = [0, 2]\n");
  EXPECT_NE(e.find("reward[0].group_neurons"), std::string::npos) << e;
  EXPECT_NE(e.find("out of range"), std::string::npos) << e;
  e = error_of("trigger = \"cue\"\ngroup = \"cue\"\nphases = [\"learn\"]\n");
  EXPECT_NE(e.find("reward[0].phases"), std::string::npos) << e;
  EXPECT_NE(e.find("'learn' is not a phase"), std::string::npos) << e;
  e = error_of("pre = \"cue\"\npost = \"cue\"\ngroup = \"cue\"\n");
  EXPECT_NE(e.find("reward[0].group"), std::string::npos) << e;
  EXPECT_NE(e.find("give `trigger` too"), std::string::npos) << e;
}
