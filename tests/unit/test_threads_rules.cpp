// Threads inside a run (docs/parallel.md) for the rules' loops over synapses outside the split delivery: every-step
// hooks (on_step: clopath, tag_trigger's voltage induction, calcium_control, pf_purkinje, rate rules) and slow hooks
// (on_slow: structural, scaling, normalization, calcium, reward_stdp, tag_trigger's late phase), which share their
// loop among the run's threads (core/thread_pool.hpp run_blocks) when it is long enough (worth_splitting). Each
// network below has more synapses than that, and its results are bitwise the same with 1, 2 and 3 threads; with 2
// threads, the run's parallel parts show that the loop was shared.
#include <gtest/gtest.h>

#include <cstdint>
#include <string>
#include <vector>

#include "plastix/core/thread_pool.hpp"
#include "plastix/io/config.hpp"
#include "plastix/sim/simulation.hpp"
#include "plastix/spec/experiment.hpp"

using namespace plastix;

namespace {

// 300 Poisson inputs onto 64 neurons of `post_model` (one range of the neuron split: their update runs on the
// calling thread), all to all (19 200 synapses), with `rules`; `extra` adds populations or modulators.
std::string network(const std::string& post_model, const std::string& receptor, const std::string& weight,
                    const std::string& rules, const std::string& extra = "", const std::string& duration = "200 ms") {
  return R"([experiment]
name = "threads_rules"
seed = 11
dt = "0.1 ms"
duration = ")" + duration + R"("

[[population]]
name = "input"
model = "poisson"
size = 300
rate = "20 Hz"

[[population]]
name = "cells"
size = 64
model = ")" + post_model + R"("
  [[population.receptor]]
)" + receptor + R"(
)" + extra + R"(
[[projection]]
name = "plastic"
pre = "input"
post = "cells"
receptor = "exc"
connector = "all_to_all"
weight = ")" + weight + R"("
delay = { uniform = ["0.5 ms", "1.5 ms"] }
)" + rules;
}

const std::string conductance = "  name = \"exc\"\n  kind = \"conductance\"\n  tau_decay = \"5 ms\"\n  e_rev = \"0 mV\"";
const std::string current = "  name = \"exc\"\n  kind = \"current\"";

std::string lif_network(const std::string& rules, const std::string& extra = "", const std::string& duration = "200 ms") {
  return network("lif", conductance, "0.3 nS", rules, extra, duration);
}

const std::string stdp = R"(  [[projection.plasticity]]
  rule = "stdp"
  a_plus = 0.02
  a_minus = 0.021
  w_min = "0 nS"
  w_max = "1 nS"
)";

struct outcome {
  std::uint64_t spikes = 0;
  std::vector<double> initial, weights;  // of "plastic", at the start and at the end
  std::uint64_t parts = 0;               // the pool's parallel parts
  std::vector<std::vector<double>> recorded;  // every state and weights monitor's values
};

outcome run_with(const std::string& text, unsigned threads) {
  experiment_spec spec = parse_experiment(text, "threads_rules.toml");
  spec.threads = threads;
  simulation sim(spec);
  outcome o;
  const auto w0 = sim.projection_named("plastic").weights();
  o.initial.assign(w0.begin(), w0.end());
  for (const phase_spec& phase : spec.phases) sim.run(phase.duration);
  o.spikes = sim.spike_count("cells");
  const auto w = sim.projection_named("plastic").weights();
  o.weights.assign(w.begin(), w.end());
  o.parts = sim.parallel_parts();
  const run_results r = sim.results_so_far(0.0);
  for (const auto& m : r.states) o.recorded.push_back(m.values);
  for (const auto& m : r.weights) o.recorded.push_back(m.values);
  for (const auto& m : r.transmissions) o.recorded.push_back(m.efficacy);
  return o;
}

// `text` with the projection "plastic" cut to about half its synapses (fewer than worth_splitting): the rule's
// loops then run on the calling thread.
std::string halved(const std::string& text) {
  const std::string all = "connector = \"all_to_all\"";
  std::string out = text;
  out.replace(out.find(all), all.size(), "connector = \"fixed_probability\"\np = 0.5");
  return out;
}

// `text` with silent cells (their receptor reverses at rest): when the rule's projection splits by target, its
// delivery's parallel parts then do not vary with the cells' spikes, and the rule's shared loops can be counted.
std::string silent(std::string text) {
  const std::string at_zero = "e_rev = \"0 mV\"";
  text.replace(text.find(at_zero), at_zero.size(), "e_rev = \"-70 mV\"");
  return text;
}

// `text` with 192 cells instead of 64: three ranges of the neuron split, so that the delivery of a rule that splits
// by target runs in parts on the threads (each thread the synapses onto its own cells).
std::string split_cells(std::string text) {
  const std::string cells = "size = 64";
  text.replace(text.find(cells), cells.size(), "size = 192");
  return text;
}

// The weights (and spikes) with 2 and 3 threads are those of 1 thread, bitwise; the weights changed; and with 2
// threads the run had at least `shared_loops` parallel parts more than with the rule's loops too short to share (the
// other parts vary by a few with the spikes; not counted when 0: a split delivery's parts vary with them more).
void expect_the_same_with_threads(const std::string& text, std::uint64_t shared_loops) {
  const outcome one = run_with(text, 1);
  EXPECT_GE(one.initial.size(), worth_splitting) << "the loop must be long enough to be shared";
  EXPECT_NE(one.weights, one.initial) << "the rule must change the weights for the test to mean something";
  for (unsigned n : {2u, 3u}) {
    const outcome many = run_with(text, n);
    EXPECT_EQ(many.spikes, one.spikes) << n << " threads";
    ASSERT_EQ(many.weights.size(), one.weights.size()) << n << " threads";
    std::size_t differ = 0;
    for (std::size_t s = 0; s < one.weights.size(); ++s) differ += many.weights[s] != one.weights[s];
    EXPECT_EQ(differ, 0u) << "weights with " << n << " threads";
    EXPECT_EQ(many.recorded, one.recorded) << "monitors with " << n << " threads";
    if (n == 2 && shared_loops > 0) {
      const std::uint64_t unshared = run_with(halved(text), 2).parts;
      EXPECT_GE(many.parts, unshared + shared_loops) << "the rule's loop was not shared among the threads";
    }
  }
}

}  // namespace

TEST(threads_rules, run_blocks_cuts_a_long_loop_into_one_block_per_thread_and_a_short_one_not_at_all) {
  thread_pool pool(3);
  EXPECT_EQ(blocks_for(&pool, worth_splitting), 3u);
  EXPECT_EQ(blocks_for(&pool, worth_splitting - 1), 1u);
  EXPECT_EQ(blocks_for(nullptr, worth_splitting), 1u);
  std::vector<int> owner(1000, -1);
  std::vector<std::size_t> lo(3, 0), hi(3, 0);
  run_blocks(&pool, owner.size(), worth_splitting, [&](std::size_t a, std::size_t b, std::size_t block) {
    lo[block] = a;
    hi[block] = b;
    for (std::size_t i = a; i < b; ++i) owner[i] = static_cast<int>(block);
  });
  EXPECT_EQ(lo[0], 0u);
  EXPECT_EQ(hi[0], lo[1]);
  EXPECT_EQ(hi[1], lo[2]);
  EXPECT_EQ(hi[2], owner.size());
  for (std::size_t i = 0; i < owner.size(); ++i) EXPECT_GE(owner[i], 0) << i;
  const std::uint64_t before = pool.tasks();
  std::size_t calls = 0;
  run_blocks(&pool, owner.size(), 10, [&](std::size_t a, std::size_t b) {
    EXPECT_EQ(a, 0u);
    EXPECT_EQ(b, owner.size());
    ++calls;
  });
  EXPECT_EQ(calls, 1u);
  EXPECT_EQ(pool.tasks(), before) << "a short loop runs on the calling thread";
}

// Every step: the voltage-based rules (one block of post neurons per thread: a neuron's filters ū and the synapses
// onto it are its own).
TEST(threads_rules, clopath_updates_its_synapses_on_every_thread_with_the_bits_of_one) {
  const std::string rule = R"(  [[projection.plasticity]]
  rule = "clopath"
  w_min = "0 pA"
  w_max = "60 pA"
)";
  expect_the_same_with_threads(network("adex_clopath", current, "25 pA", rule), 0);
  // Its delivery splits by target too, so the parallel parts vary with the cells' spikes: to count the shared on_step
  // loop, the cells fire from their own bias current and their inputs are too weak (10⁻⁴ pA) to move a spike.
  std::string driven = network("adex_clopath", current, "0.0001 pA", R"(  [[projection.plasticity]]
  rule = "clopath"
  w_min = "0 pA"
  w_max = "0.001 pA"
)");
  const std::string model = "model = \"adex_clopath\"";
  driven.replace(driven.find(model), model.size(), model + "\ni_e = \"700 pA\"");
  expect_the_same_with_threads(driven, 1900);
  expect_the_same_with_threads(split_cells(network("adex_clopath", current, "25 pA", rule)), 0);
}

TEST(threads_rules, tag_trigger_voltage_induction_tags_the_same_synapses_with_any_number_of_threads) {
  const std::string rule = R"(  [[projection.plasticity]]
  rule = "tag_trigger"
  induction = "voltage"
  slow_step = "10 ms"
)";
  expect_the_same_with_threads(network("adex_clopath", current, "25 pA", rule), 1900 + 18);
  expect_the_same_with_threads(split_cells(network("adex_clopath", current, "25 pA", rule)), 0);
}

TEST(threads_rules, calcium_control_integrates_calcium_per_synapse_on_every_thread_with_the_bits_of_one) {
  const std::string rule = R"(  [[projection.plasticity]]
  rule = "calcium_control"
)";
  expect_the_same_with_threads(silent(lif_network(rule, "", "50 ms")), 475);
  expect_the_same_with_threads(split_cells(lif_network(rule, "", "50 ms")), 0);  // its delivery in parts
}

TEST(threads_rules, a_single_climbing_fibre_depresses_every_purkinje_cell_the_same_with_any_number_of_threads) {
  const std::string rule = R"(  [[projection.plasticity]]
  rule = "pf_purkinje"
  climbing_fibre = "cf"
  a_ltd = "0.05 nS"
  a_ltp = "0.001 nS"
  w_min = "0 nS"
  w_max = "1 nS"
)";
  const std::string cf = "[[population]]\nname = \"cf\"\nsize = 1\nmodel = \"spike_times\"\n"
                         "times = [[\"10 ms\", \"30 ms\", \"50 ms\", \"70 ms\", \"90 ms\", \"110 ms\", \"130 ms\", "
                         "\"150 ms\", \"170 ms\", \"190 ms\"]]\n";
  expect_the_same_with_threads(silent(lif_network(rule, cf)), 8);
}

// The rate rules: a block of pre neurons' rows per thread.
TEST(threads_rules, rate_rules_update_their_weights_on_every_thread_with_the_bits_of_one) {
  for (const std::string rule : {"rule = \"hebb\"\n  eta = 0.001\n  w_max = 1", "rule = \"oja\"\n  tau_w = \"1 s\"",
                                 "rule = \"bcm\"\n  tau_w = \"1 s\"\n  tau_theta = \"100 ms\"",
                                 "rule = \"covariance\"\n  tau_w = \"1 s\"\n  tau_avg = \"100 ms\""}) {
    SCOPED_TRACE(rule);
    const std::string text = R"([experiment]
duration = "200 ms"
dt = "1 ms"

[[population]]
name = "input"
model = "rate_gaussian"
interval = "1 ms"
covariance = { groups = [150, 150], correlation = [0.5, 0.2] }

[[population]]
name = "cells"
size = 64
model = "rate"

[[projection]]
name = "plastic"
pre = "input"
post = "cells"
connector = "all_to_all"
weight = 0.01
  [[projection.plasticity]]
  )" + rule + "\n";
    expect_the_same_with_threads(text, 190);
  }
}

// Slow hooks: a block of post neurons (structural, scaling, normalization) or of synapses (calcium, reward_stdp,
// tag_trigger's late phase) per thread.
TEST(threads_rules, structural_plasticity_prunes_and_creates_the_same_synapses_with_any_number_of_threads) {
  const std::string rule = R"(  [[projection.plasticity]]
  rule = "structural"
  interval = "10 ms"
  target = 290
  tau_prune = "100 ms"
  w_prune = "0.15 nS"
  w_width = "0.05 nS"
  tau_create = "100 ms"
  weight = "0.3 nS"
  tau_fluct = "200 ms"
  sigma_fluct = 0.4
  w_median = "0.3 nS"
  report_interval = "50 ms"
)";
  expect_the_same_with_threads(silent(lif_network(rule)), 18);
}

TEST(threads_rules, scaling_and_normalization_scale_the_same_weights_with_any_number_of_threads) {
  expect_the_same_with_threads(silent(lif_network(R"(  [[projection.plasticity]]
  rule = "scaling"
  target_rate = "5 Hz"
  beta = 0.01
  tau_avg = "50 ms"
  interval = "10 ms"
  w_min = "0 nS"
  w_max = "1 nS"
)")), 18);
  expect_the_same_with_threads(silent(lif_network(stdp + R"(  [[projection.plasticity]]
  rule = "normalization"
  total = "60 nS"
  interval = "10 ms"
)")), 18);
}

TEST(threads_rules, calcium_and_reward_stdp_advance_every_synapse_the_same_with_any_number_of_threads) {
  std::string calcium = lif_network(R"(  [[projection.plasticity]]
  rule = "calcium"
  preset = "DP"
  w0 = "0.2 nS"
  w1 = "0.4 nS"
)", "", "1001 ms");
  calcium.replace(calcium.find("rate = \"20 Hz\""), 14, "rate = \"5 Hz\"");  // sparse: a second of calcium is slow
  expect_the_same_with_threads(calcium, 0);  // one tick a second: too rare to tell among the parts
  const std::string dopamine = "[[modulator]]\nname = \"dopamine\"\ntau = \"200 ms\"\ntimes = [\"50 ms\", \"120 ms\"]\n"
                               "amounts = [\"0.5 uM\", \"0.5 uM\"]\n";
  // reward_stdp's delivery splits by target too, so the parallel parts vary with the cells' spikes: to count its
  // shared slow loop, the cells fire from their own bias current and their inputs are too weak (10⁻⁴ nS) to move a
  // spike.
  std::string driven = network("lif", conductance, "0.0001 nS", R"(  [[projection.plasticity]]
  rule = "reward_stdp"
  modulator = "dopamine"
  a_plus = 0.1
  a_minus = 0.15
  tau_e = "100 ms"
  eta = 0.1
  w_min = "0 nS"
  w_max = "0.001 nS"
  update_interval = "10 ms"
)", dopamine);
  const std::string model = "model = \"lif\"";
  driven.replace(driven.find(model), model.size(), model + "\ni_e = \"500 pA\"");
  expect_the_same_with_threads(driven, 18);
}

// Rules that read a modulator's level through state shared by their synapses (reward_stdp's running mean d̄, the
// factor of modulated_by) bring it up to date once per step after the modulators, on one thread: their event hooks
// then split by target neuron, each thread delivering to its own cells, with the bits of one thread.
TEST(threads_rules, reward_stdp_and_modulated_stdp_deliver_to_each_threads_cells_with_the_bits_of_one_thread) {
  const std::string dopamine = "[[modulator]]\nname = \"dopamine\"\ntau = \"200 ms\"\n"
                               "times = [\"30 ms\", \"90 ms\", \"150 ms\"]\namounts = [\"0.5 uM\", \"0.3 uM\", \"0.5 uM\"]\n";
  const std::string reward = R"(  [[projection.plasticity]]
  rule = "reward_stdp"
  modulator = "dopamine"
  a_plus = 0.1
  a_minus = 0.15
  tau_e = "100 ms"
  tau_mean = "50 ms"
  eta = 0.1
  w_min = "0 nS"
  w_max = "1 nS"
  update_interval = "10 ms"
)";
  const std::string modulated = stdp + "  modulated_by = { modulator = \"dopamine\", gain = 2.0, baseline = \"0.1 uM\" }\n";
  // With a transmission monitor, each spike's synapses are brought up to now (before_transmission) on one thread,
  // whole, before the log reads their weights; without, by each thread for its own cells.
  const std::string transmissions = "\n[[monitor]]\ntype = \"transmission\"\nprojection = \"plastic\"\n";
  for (const std::string& rule : {reward, modulated}) {
    for (const std::string& monitor : {std::string(), transmissions}) {
      SCOPED_TRACE(rule + monitor);
      const std::string text = split_cells(lif_network(rule, dopamine)) + monitor;
      simulation sim(parse_experiment(text, "threads_rules.toml"));
      EXPECT_TRUE(sim.projection_named("plastic").splits_by_target()) << "its delivery must be split among threads";
      expect_the_same_with_threads(text, 0);
    }
  }
}

// Monitors: a state sample of a rule's variable on every synapse and a weights sample of every synapse, in blocks.
TEST(threads_rules, state_and_weights_monitors_of_every_synapse_record_the_same_values_with_any_number_of_threads) {
  const std::string monitors = R"(
[[monitor]]
type = "state"
projection = "plastic"
variable = "ca"
interval = "1 ms"

[[monitor]]
type = "weights"
projection = "plastic"
interval = "1 ms"
)";
  const std::string text =
      silent(lif_network("  [[projection.plasticity]]\n  rule = \"calcium_control\"\n", "", "50 ms")) + monitors;
  const outcome one = run_with(text, 1);
  ASSERT_EQ(one.recorded.size(), 2u);
  EXPECT_EQ(one.recorded[0].size(), 51u * 19200u) << "51 samples of 19 200 synapses";
  // Two state/weights samples per ms of 19 200 synapses each: 100 shared samples at least.
  expect_the_same_with_threads(text, 475 + 100);
}


