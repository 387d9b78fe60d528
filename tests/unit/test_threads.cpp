// Threads inside a run (docs/parallel.md): the pool (core/thread_pool.hpp), the split of the neurons
// (core/partition.hpp), and a small plastic network whose spikes, weights and neuron state are bitwise the same
// with 1, 2 and 3 threads — post targets on both sides of a range boundary (64), several axonal delays, a dendritic
// delay, pre and post events in the same step (a dense input), short-term plasticity, and a projection whose rule does
// not split by target (run whole, in its place).
#include <gtest/gtest.h>

#include <atomic>
#include <limits>
#include <stdexcept>
#include <string>
#include <vector>

#include "plastix/core/float_mode.hpp"
#include "plastix/core/partition.hpp"
#include "plastix/core/thread_pool.hpp"
#include "plastix/sim/experiment.hpp"
#include "plastix/sim/simulation.hpp"
#include "plastix/io/config.hpp"
#include "plastix/spec/experiment.hpp"

using namespace plastix;

namespace {

experiment_spec parse_experiment_text(const std::string& text) {
  return parse_experiment(text, "threads.toml");
}

// 150 Poisson inputs onto 200 LIF neurons (COBA receptors: split by target) with pair STDP, delays 0.1–1.5 ms and a
// dendritic delay; recurrent E→E with triplet STDP; an STP projection; a calcium rule (noise streams per synapse);
// and, when given, a projection whose rule does not split by target (STDP gated by a modulator: run whole, in its
// place).
std::string network(const std::string& unsplit_rule) {
  return R"(
[experiment]
name = "threads"
seed = 7
dt = "0.1 ms"
duration = "100 ms"

[[population]]
name = "input"
model = "poisson"
size = 150
rate = "40 Hz"

[[population]]
name = "exc"
size = 200
model = "lif"
init = { v = { uniform = ["-60 mV", "-50 mV"] } }
  [[population.receptor]]
  name = "exc"
  kind = "conductance"
  tau_decay = "5 ms"
  e_rev = "0 mV"
  [[population.receptor]]
  name = "inh"
  kind = "conductance"
  tau_decay = "10 ms"
  e_rev = "-80 mV"

[[projection]]
name = "in_exc"
pre = "input"
post = "exc"
receptor = "exc"
connector = "fixed_probability"
p = 0.3
weight = "1.5 nS"
delay = { uniform = ["0.5 ms", "1.5 ms"] }
dendritic_delay = "0.3 ms"
  [[projection.plasticity]]
  rule = "stdp"
  a_plus = 0.05
  a_minus = 0.055
  w_min = "0 nS"
  w_max = "4 nS"

[[projection]]
name = "exc_exc"
pre = "exc"
post = "exc"
receptor = "exc"
connector = "fixed_probability"
p = 0.1
weight = "0.5 nS"
delay = "0.1 ms"
  [[projection.plasticity]]
  rule = "triplet"
  a2_plus = 0.01
  a3_plus = 0.01
  a2_minus = 0.012
  a3_minus = 0.0
  w_min = "0 nS"
  w_max = "2 nS"

[[projection]]
name = "in_inh"
pre = "input"
post = "exc"
receptor = "inh"
connector = "fixed_probability"
p = 0.2
weight = "2 nS"
delay = "0.2 ms"
  [[projection.plasticity]]
  rule = "stp"

[[projection]]
name = "in_exc_calcium"
pre = "input"
post = "exc"
receptor = "exc"
connector = "fixed_probability"
p = 0.05
weight = "0.2 nS"
delay = "0.1 ms"
  [[projection.plasticity]]
  rule = "calcium"
  preset = "DP"
  w0 = "0.2 nS"
  w1 = "1 nS"
)" + unsplit_rule + R"(
[[monitor]]
type = "spikes"
population = "exc"
)";
}

struct outcome {
  std::uint64_t spikes = 0;
  std::vector<std::vector<double>> weights;
  std::vector<double> v;
};

outcome run_with(const std::string& text, unsigned threads) {
  experiment_spec spec = parse_experiment_text(text);
  spec.threads = threads;
  simulation sim(spec);
  EXPECT_EQ(sim.threads(), threads);
  sim.run(100.0);
  outcome o;
  o.spikes = sim.spike_count("exc");
  for (const auto& proj : sim.projections()) o.weights.emplace_back(proj->weights().begin(), proj->weights().end());
  population& exc = sim.population_named("exc");
  const int v = exc.variable_id("v");
  for (std::size_t i = 0; i < exc.size(); ++i) o.v.push_back(exc.sample(v, i));
  return o;
}

void expect_identical(const outcome& a, const outcome& b, unsigned threads) {
  EXPECT_EQ(a.spikes, b.spikes) << threads << " threads";
  ASSERT_EQ(a.weights.size(), b.weights.size());
  for (std::size_t p = 0; p < a.weights.size(); ++p) {
    ASSERT_EQ(a.weights[p].size(), b.weights[p].size());
    std::size_t differ = 0;
    for (std::size_t s = 0; s < a.weights[p].size(); ++s) differ += a.weights[p][s] != b.weights[p][s];
    EXPECT_EQ(differ, 0u) << "projection " << p << " with " << threads << " threads";
  }
  EXPECT_EQ(a.v, b.v) << threads << " threads";  // exact: bitwise
}

}  // namespace

TEST(thread_pool, runs_the_task_once_on_every_worker_and_waits_for_all) {
  for (std::size_t n : {1u, 2u, 3u, 5u}) {
    thread_pool pool(n);
    EXPECT_EQ(pool.size(), n);
    for (int round = 0; round < 50; ++round) {  // many tasks in a row: no lost or doubled wake-ups
      std::vector<int> seen(n, 0);
      std::atomic<int> calls{0};
      pool.run([&](std::size_t k) {
        ++seen[k];
        ++calls;
      });
      EXPECT_EQ(calls.load(), static_cast<int>(n));
      for (int s : seen) EXPECT_EQ(s, 1);
    }
  }
}

TEST(thread_pool, rethrows_a_workers_exception_and_stays_usable) {
  thread_pool pool(3);
  EXPECT_THROW(pool.run([](std::size_t k) {
                 if (k == 2) throw std::runtime_error("worker 2");
               }),
               std::runtime_error);
  std::atomic<int> calls{0};
  pool.run([&](std::size_t) { ++calls; });
  EXPECT_EQ(calls.load(), 3);
}

TEST(split_range, covers_every_neuron_once_in_aligned_balanced_ranges) {
  for (std::size_t n : {0u, 1u, 63u, 64u, 65u, 200u, 4000u, 3200u}) {
    for (std::size_t parts : {1u, 2u, 3u, 7u}) {
      const auto b = split_range(n, parts);
      ASSERT_EQ(b.size(), parts + 1);
      EXPECT_EQ(b.front(), 0u);
      EXPECT_EQ(b.back(), n);
      for (std::size_t k = 0; k < parts; ++k) {
        EXPECT_LE(b[k], b[k + 1]);
        if (k > 0 && b[k] < n) {
          EXPECT_EQ(b[k] % 64, 0u) << n << " " << parts;
        }
        EXPECT_LE(b[k + 1] - b[k], (n + parts * 64 - 1) / parts + 64) << "balanced";
      }
    }
  }
  EXPECT_EQ(split_range(200, 3), (std::vector<std::uint32_t>{0, 64, 128, 200}));
}

TEST(threads, a_plastic_network_is_bitwise_the_same_with_one_two_and_three_threads) {
  const std::string text = network("");
  const outcome one = run_with(text, 1);
  EXPECT_GT(one.spikes, 50u) << "the network must be active for the test to mean something";
  for (unsigned n : {2u, 3u}) expect_identical(one, run_with(text, n), n);
}

TEST(threads, a_projection_that_does_not_split_by_target_runs_whole_in_its_place_with_the_same_results) {
  // STDP in NEST's convention (on_post interleaved with delivery): the projection's hooks run on one thread. With
  // neuromodulated STDP (modulated_by), which splits, beside it.
  // input → exc with STDP: `name`, its delay and what follows the rule's keys
  const auto input_projection = [](const std::string& name, const std::string& delay, const std::string& more,
                                   const std::string& rule_more) {
    return "\n[[projection]]\nname = \"" + name + "\"\npre = \"input\"\npost = \"exc\"\nreceptor = \"exc\"\n"
           "connector = \"fixed_probability\"\np = 0.05\nweight = \"0.5 nS\"\ndelay = \"" + delay + "\"\n" + more +
           "  [[projection.plasticity]]\n  rule = \"stdp\"\n  w_max = \"1 nS\"\n" + rule_more;
  };
  const std::string whole =
      "\n[[modulator]]\nname = \"ach\"\ntau = \"100 ms\"\npopulation = \"input\"\namount = \"0.005 uM\"\n" +
      input_projection("in_exc_nest", "1 ms", "stdp_convention = \"nest\"\n", "") +
      input_projection("in_exc_gated", "0.1 ms", "",
                       "  modulated_by = { modulator = \"ach\", gain = 2.0, baseline = \"0.01 uM\" }\n");
  const std::string text = network(whole);
  simulation probe(parse_experiment_text(text));
  ASSERT_FALSE(probe.projection_named("in_exc_nest").splits_by_target()) << "the test needs such a projection";
  ASSERT_TRUE(probe.projection_named("in_exc_gated").splits_by_target());
  const outcome one = run_with(text, 1);
  for (unsigned n : {2u, 3u}) expect_identical(one, run_with(text, n), n);
}

TEST(threads, the_number_of_threads_may_change_between_two_steps) {
  const std::string text = network("");
  const outcome one = run_with(text, 1);
  simulation sim(parse_experiment_text(text));
  sim.run(30.0);
  sim.set_threads(3);
  sim.run(40.0);
  sim.set_threads(2);
  sim.run(30.0);
  EXPECT_EQ(sim.spike_count("exc"), one.spikes);
  for (std::size_t p = 0; p < sim.projections().size(); ++p) {
    const auto w = sim.projections()[p]->weights();
    EXPECT_TRUE(std::equal(w.begin(), w.end(), one.weights[p].begin(), one.weights[p].end())) << p;
  }
}

// Delivery runs in the update's parallel part only while no intervention acts on the neurons (deliver_with_update):
// a phase that blocks the spikes of exc switches it off and the next phase on again, with the same results.
TEST(threads, delivery_leaves_and_rejoins_the_update_around_an_intervention_with_the_same_results) {
  std::string text = network("");
  text.erase(text.find("duration = \"100 ms\"\n"), std::string("duration = \"100 ms\"\n").size());
  text += R"(
[[phase]]
name = "before"
duration = "40 ms"

[[phase]]
name = "blocked"
duration = "30 ms"
  [[phase.intervention]]
  type = "block_spikes"
  population = "exc"

[[phase]]
name = "after"
duration = "30 ms"
)";
  const auto run = [&](unsigned threads) {
    experiment_spec spec = parse_experiment_text(text);
    spec.threads = threads;
    return run_experiment(spec);
  };
  const run_results one = run(1);
  ASSERT_FALSE(one.spikes.empty());
  EXPECT_GT(one.spike_count, 50u) << "the network must be active for the test to mean something";
  for (unsigned n : {2u, 3u}) {
    const run_results r = run(n);
    EXPECT_EQ(r.spike_count, one.spike_count) << n << " threads";
    EXPECT_EQ(r.metrics, one.metrics) << n << " threads";  // mean weights and rates: bitwise
    ASSERT_EQ(r.spikes.size(), one.spikes.size());
    EXPECT_EQ(r.spikes[0].times, one.spikes[0].times) << n << " threads";
    EXPECT_EQ(r.spikes[0].senders, one.spikes[0].senders) << n << " threads";
  }
}

// Without a dendritic delay, on_post of a step runs at the start of the next step's parallel part, each thread for
// its own neurons before it updates them (simulation.cpp, defer_post_part): one parallel part per step, except when
// something reads the weights in between (here a weight monitor every 0.5 ms, the finite guard every 1 ms), and the
// same results, recordings included.
TEST(threads, a_step_waits_once_for_the_threads_when_its_post_spikes_run_with_the_next_update) {
  std::string text = network("");
  text.erase(text.find("dendritic_delay = \"0.3 ms\"\n"), std::string("dendritic_delay = \"0.3 ms\"\n").size());
  {
    experiment_spec spec = parse_experiment_text(text);
    spec.threads = 2;
    simulation sim(spec);
    sim.run(100.0);  // 1000 steps
    EXPECT_GE(sim.parallel_parts(), 1000u);
    EXPECT_LE(sim.parallel_parts(), 1250u) << "one part per step, the guard's and a post part every 10 steps";
  }
  const outcome one = run_with(text, 1);
  for (unsigned n : {2u, 3u}) expect_identical(one, run_with(text, n), n);
  text += "\n[[monitor]]\ntype = \"weights\"\nprojection = \"exc_exc\"\ninterval = \"0.5 ms\"\n";
  const auto run = [&](unsigned threads) {
    experiment_spec spec = parse_experiment_text(text);
    spec.threads = threads;
    return run_experiment(spec);
  };
  const run_results first = run(1);
  ASSERT_EQ(first.weights.size(), 1u);
  EXPECT_GT(first.weights[0].times.size(), 100u);
  for (unsigned n : {2u, 3u}) {
    const run_results r = run(n);
    ASSERT_EQ(r.weights.size(), 1u);
    EXPECT_EQ(r.weights[0].values, first.weights[0].values) << n << " threads";  // bitwise
    EXPECT_EQ(r.spikes[0].senders, first.spikes[0].senders) << n << " threads";
  }
}

#if defined(__SSE2__)
TEST(thread_pool, a_worker_computes_under_the_callers_floating_point_mode) {
  // A receptor conductance decaying without input reaches the subnormal range; inside the time loop
  // (core/float_mode.hpp) it must become exactly 0 on every thread, as on the calling one, or threads change results.
  thread_pool pool(3);
  std::vector<double> out(3, -1.0);
  auto decay_all = [&](std::size_t k) {
    volatile double tiny = std::numeric_limits<double>::min(), half = 0.5;
    out[k] = tiny * half;
  };
  {
    const flush_subnormals no_subnormals;
    pool.run(decay_all);
  }
  EXPECT_EQ(out, std::vector<double>(3, 0.0));
  pool.run(decay_all);  // the caller's default mode again: subnormal results are kept
  for (double x : out) EXPECT_GT(x, 0.0);
}
#endif
