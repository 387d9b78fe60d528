// The block_plasticity intervention (spec/interventions.hpp): while it acts, the learning hooks of the blocked
// projections' rules do not run, so weights and rule state are held, while the traces keep running and
// transmission, short-term plasticity included, goes on. Checked against a self-contained reference of pair STDP
// (plain loop over spike times, traces as explicit sums) in which weight updates are skipped inside the window, a
// run without the learning rule (STP), runs without the blocked phase (scaling in slow phases), the tag_trigger
// protein pool shared with an unblocked projection, calcium_control's back-propagating APs in flight, and the file
// errors.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <string>
#include <vector>

#include "plastix/core/random.hpp"
#include "plastix/io/config.hpp"
#include "plastix/plasticity/calcium_control.hpp"
#include "plastix/plasticity/consolidation.hpp"
#include "plastix/sim/simulation.hpp"
#include "test_config_support.hpp"

using namespace plastix;

namespace {

constexpr double dt = 0.1;  // [ms]

std::string phase(const std::string& name, const std::string& duration, const std::string& body = "") {
  return "\n[[phase]]\nname = \"" + name + "\"\nduration = \"" + duration + "\"\n" + body;
}

std::string block(const std::string& keys) {
  return "  [[phase.intervention]]\n  type = \"block_plasticity\"\n" + keys;
}

std::vector<double> weights(const simulation& sim, std::size_t projection = 0) {
  const auto w = sim.projections()[projection]->weights();
  return {w.begin(), w.end()};
}

// Spike steps of n neurons, Poisson-like at `rate` [Hz] over `steps`, plus a coincidence of every neuron at step
// 2003 (inside the block below).
std::vector<std::vector<std::int64_t>> random_trains(std::size_t n, double rate, std::int64_t steps, std::uint32_t id) {
  std::vector<std::vector<std::int64_t>> out(n);
  for (std::size_t i = 0; i < n; ++i) {
    random_stream rs(11, {purpose::user, id, static_cast<std::uint32_t>(i)});
    for (std::int64_t s = 0; s < steps; ++s)
      if (rs.uniform() < rate * dt * 1e-3 || s == 2003) out[i].push_back(s);
  }
  return out;
}

std::string times_toml(const std::vector<std::vector<std::int64_t>>& trains) {
  std::string out = "[";
  for (std::size_t i = 0; i < trains.size(); ++i) {
    out += i ? ", [" : "[";
    for (std::size_t k = 0; k < trains[i].size(); ++k)
      out += (k ? ", \"" : "\"") + std::to_string(static_cast<double>(trains[i][k]) * dt) + " ms\"";
    out += "]";
  }
  return out + "]";
}

// Pair STDP, all-to-all, multiplicative weight dependence (w in [0, 1]): the synapse sees pre spikes at
// t_pre + delay and post spikes at t_post; a pre and a post event in one step: pre first. Events at steps in
// [blocked_from, blocked_to) change nothing, but enter the traces.
double reference_stdp(double w, const std::vector<std::int64_t>& pre, const std::vector<std::int64_t>& post,
                      std::int64_t delay, std::int64_t blocked_from, std::int64_t blocked_to) {
  const double a_plus = 0.01, a_minus = 0.0105, tau_plus = 16.8, tau_minus = 33.7;
  std::vector<std::pair<std::int64_t, bool>> events;
  for (std::int64_t s : pre) events.emplace_back(s + delay, false);
  for (std::int64_t s : post) events.emplace_back(s, true);
  std::sort(events.begin(), events.end());
  std::vector<std::int64_t> pre_seen, post_seen;
  const auto trace = [](const std::vector<std::int64_t>& seen, double tau, std::int64_t now) {
    double x = 0.0;
    for (std::int64_t t : seen) x += std::exp(-static_cast<double>(now - t) * dt / tau);
    return x;
  };
  for (const auto& [step, is_post] : events) {
    const bool learns = step < blocked_from || step >= blocked_to;
    if (is_post) {
      if (learns) w += a_plus * (1.0 - w) * trace(pre_seen, tau_plus, step);
      post_seen.push_back(step);
    } else {
      if (learns) w -= a_minus * w * trace(post_seen, tau_minus, step);
      pre_seen.push_back(step);
    }
    w = std::clamp(w, 0.0, 1.0);
  }
  return w;
}

// Spike-time sources "pre" and "post" with these spike steps, and pair STDP (multiplicative, as reference_stdp)
// on the projection "syn" between them (weight 0.5 nS, delay 1 ms; onto a source: plasticity only).
std::string stdp_network(const std::vector<std::vector<std::int64_t>>& pre,
                         const std::vector<std::vector<std::int64_t>>& post) {
  return R"(
[experiment]
dt = "0.1 ms"
[[population]]
name = "pre"
model = "spike_times"
size = )" + std::to_string(pre.size()) + R"(
times = )" + times_toml(pre) + R"(
[[population]]
name = "post"
model = "spike_times"
size = )" + std::to_string(post.size()) + R"(
times = )" + times_toml(post) + R"(
[[projection]]
name = "syn"
pre = "pre"
post = "post"
weight = "0.5 nS"
delay = "1 ms"
  [[projection.plasticity]]
  rule = "stdp"
  a_plus = 0.01
  a_minus = 0.0105
  weight_dependence = "multiplicative"
  w_min = "0 nS"
  w_max = "1 nS"
)";
}

}  // namespace

TEST(block_plasticity, stdp_window_against_reference) {
  // 3 pre and 2 post spike trains at 40 Hz over 400 ms; phases "free" (100 ms), "test" (200 ms, blocked in two
  // overlapping windows [50, 110) and [90, 150) ms: together [150, 250) ms of the run) and "after" (100 ms).
  const std::int64_t steps = 4000, delay = 10;
  const auto pre = random_trains(3, 40.0, steps - 50, 1), post = random_trains(2, 40.0, steps - 50, 2);
  const std::string net = stdp_network(pre, post);
  const std::string test_phase =
      phase("test", "200 ms", block("  projection = \"syn\"\n  start = \"50 ms\"\n  stop = \"110 ms\"\n") +
                                  block("  population = \"post\"\n  start = \"90 ms\"\n  stop = \"150 ms\"\n"));
  simulation sim(parse_experiment(net + phase("free", "100 ms") + test_phase + phase("after", "100 ms"), "bp.toml"));
  const auto& phases = sim.spec().phases;
  sim.run_phase(phases[0]);
  const projection& syn = *sim.projections()[0];
  EXPECT_FALSE(syn.plasticity_blocked());
  // Inside the window the weights stand still: run the test phase in pieces through marks.
  std::vector<double> at_start, at_mid, at_end;
  sim.run_phase(phases[1], {{50.0, [&] { at_start = weights(sim); }},
                            {100.0, [&] { at_mid = weights(sim); EXPECT_TRUE(syn.plasticity_blocked()); }},
                            {150.0, [&] { at_end = weights(sim); }}});
  EXPECT_EQ(at_start, at_mid);
  EXPECT_EQ(at_start, at_end);
  EXPECT_FALSE(syn.plasticity_blocked());
  sim.run_phase(phases[2]);
  // The reference: synapse (j, i) is id 2·j + i (all_to_all, rows by pre neuron).
  const auto w = weights(sim);
  ASSERT_EQ(w.size(), 6u);
  double moved = 0.0, moved_by_block = 0.0;
  for (std::uint32_t j = 0; j < 3; ++j)
    for (std::uint32_t i = 0; i < 2; ++i) {
      const double expected = reference_stdp(0.5, pre[j], post[i], delay, 1500, 2500);
      EXPECT_NEAR(w[2 * j + i], expected, 1e-12) << "synapse " << j << " -> " << i;
      moved += std::abs(expected - 0.5);
      moved_by_block += std::abs(expected - reference_stdp(0.5, pre[j], post[i], delay, 0, 0));
    }
  EXPECT_GT(moved, 0.05);           // STDP acted outside the block ...
  EXPECT_GT(moved_by_block, 0.01);  // ... and would have acted inside it
}

TEST(block_plasticity, whole_phase_holds_weights_and_the_rest_goes_on) {
  // The same projection blocked for a whole middle phase: its weights after it are bitwise those before it, and
  // the traces ran through it: after the block, the run equals the reference with the block's spikes in the traces.
  const std::string net = stdp_network({{50, 250, 580, 600}}, {{80, 270, 550, 610}});
  simulation sim(parse_experiment(net + phase("a", "20 ms") + phase("b", "20 ms", block("")) + phase("c", "40 ms"),
                                  "bp.toml"));
  const auto& phases = sim.spec().phases;
  sim.run_phase(phases[0]);
  const auto before = weights(sim);
  sim.run_phase(phases[1]);
  EXPECT_EQ(weights(sim), before);
  sim.run_phase(phases[2]);
  EXPECT_NEAR(weights(sim)[0], reference_stdp(0.5, {50, 250, 580, 600}, {80, 270, 550, 610}, 10, 200, 400), 1e-12);
  EXPECT_NE(weights(sim)[0], before[0]);
}

TEST(block_plasticity, short_term_plasticity_keeps_transmitting) {
  // A cell driven to fire receives pre spikes through stdp + depressing stp onto a receptor that decays so slowly
  // (1e9 ms) that its conductance sums the transmitted efficacies. Blocked, the projection transmits bitwise what
  // the same projection without stdp transmits: the weights hold and stp acts as before.
  const auto run = [](const std::string& rules, const std::string& body) {
    const std::string text = R"(
[experiment]
dt = "0.1 ms"
[[population]]
name = "pre"
model = "spike_times"
size = 1
times = [["10 ms", "20 ms", "30 ms", "40 ms", "50 ms", "60 ms", "70 ms", "80 ms"]]
[[population]]
name = "cell"
model = "lif"
size = 1
e_l = "-60 mV"
v_th = "-50 mV"
v_reset = "-60 mV"
  [[population.receptor]]
  name = "ampa"
  tau_decay = "1e9 ms"
[[projection]]
name = "exc"
pre = "pre"
post = "cell"
receptor = "ampa"
weight = "0.5 nS"
delay = "1 ms"
)" + rules + phase("run", "90 ms", "  [[phase.stimulus]]\n  population = \"cell\"\n  current = \"400 pA\"\n" + body);
    simulation sim(parse_experiment(text, "bp.toml"));
    sim.projection_named("exc").record_transmissions(true);
    for (const phase_spec& ph : sim.spec().phases) sim.run_phase(ph);
    population& cell = sim.population_named("cell");
    EXPECT_GT(sim.spike_count("cell"), 3u);
    return std::make_pair(cell.sample(cell.variable_id("g_ampa"), 0), weights(sim)[0]);
  };
  const std::string stdp = "  [[projection.plasticity]]\n  rule = \"stdp\"\n  a_plus = 0.1\n  a_minus = 0.1\n"
                           "  w_max = \"1 nS\"\n";
  const std::string stp = "  [[projection.plasticity]]\n  rule = \"stp\"\n  preset = \"depressing\"\n";
  const auto blocked = run(stdp + stp, block(""));
  const auto stp_only = run(stp, "");
  const auto learning = run(stdp + stp, "");
  EXPECT_EQ(blocked.first, stp_only.first);
  EXPECT_EQ(blocked.second, 0.5);
  EXPECT_LT(stp_only.first, 0.5 * 8 * 0.6);  // depressed: well below 8 full-weight spikes (0.5·8 nS)
  EXPECT_GT(stp_only.first, 0.5 * 0.5);      // transmitted: more than the first spike (U = 0.5)
  EXPECT_NE(learning.second, 0.5);           // without the block, stdp changes the weight ...
  EXPECT_NE(learning.first, stp_only.first);  // ... and so the transmission
}

TEST(block_plasticity, slow_scaling_frozen_and_resumes_as_if_the_phase_were_absent) {
  // Synaptic scaling toward 5 Hz of a post population firing 1 Hz: a blocked slow phase leaves the weights bitwise
  // unchanged, and a slow phase after it gives bitwise the weights of a run without the blocked phase.
  const std::string net = R"(
[experiment]
dt = "0.1 ms"
seed = 4
[[population]]
name = "pre"
model = "poisson"
size = 5
rate = "10 Hz"
[[population]]
name = "post"
model = "poisson"
size = 3
rate = "1 Hz"
[[projection]]
name = "syn"
pre = "pre"
post = "post"
weight = "1 nS"
  [[projection.plasticity]]
  rule = "scaling"
  target_rate = "5 Hz"
  beta = 0.01
  tau_avg = "2 s"
  interval = "100 ms"
  w_max = "100 nS"
)";
  const auto run = [&](const std::string& phases) {
    simulation sim(parse_experiment(net + phases, "bp.toml"));
    std::vector<std::vector<double>> w;
    for (const phase_spec& ph : sim.spec().phases) {
      sim.run_phase(ph);
      w.push_back(weights(sim));
    }
    return w;
  };
  const std::string fast = phase("fast", "1 s");
  const auto with_block = run(fast + phase("blocked", "10 s", "slow_step = \"100 ms\"\n" + block("")) +
                              phase("slow", "10 s", "slow_step = \"100 ms\"\n"));
  const auto without = run(fast + phase("slow", "10 s", "slow_step = \"100 ms\"\n"));
  EXPECT_EQ(with_block[1], with_block[0]);
  EXPECT_EQ(with_block[0], without[0]);
  EXPECT_EQ(with_block[2], without[1]);
  EXPECT_GT(without[1][0], without[0][0] * 1.5);  // scaling acted (up, toward 5 Hz)
}

TEST(block_plasticity, tag_trigger_pool_with_one_projection_blocked) {
  // Two tag_trigger projections onto one post neuron, every LTP tag set, so proteins are made. Blocking "a" in the
  // slow phase holds its tags, late phase and weights; "b" consolidates with the shared proteins.
  std::string text = R"(
[experiment]
seed = 5
[[population]]
name = "in"
model = "spike_times"
size = 50
[[population]]
name = "post"
model = "spike_times"
size = 1
)";
  for (const char* name : {"a", "b"})
    text += std::string("[[projection]]\nname = \"") + name + "\"\npre = \"in\"\npost = \"post\"\nweight = \"1 nS\"\n" +
            "  [[projection.plasticity]]\n  rule = \"tag_trigger\"\n  induction = \"presynaptic\"\n";
  text += phase("slow", "2 h", "slow_step = \"1 s\"\n" + block("  projection = \"a\"\n"));
  simulation sim(parse_experiment(text, "bp.toml"));
  for (std::size_t k = 0; k < 2; ++k)
    for (std::uint32_t s = 0; s < 50; ++s) tag_trigger_set(*sim.projections()[k]->rules()[0], s, 1.0, 0.0, 0.0);
  const auto a0 = weights(sim, 0), b0 = weights(sim, 1);
  sim.run_phase(sim.spec().phases[0]);
  const tag_trigger_state a = tag_trigger_view(*sim.projections()[0]->rules()[0]);
  const tag_trigger_state b = tag_trigger_view(*sim.projections()[1]->rules()[0]);
  EXPECT_EQ(weights(sim, 0), a0);
  for (std::uint32_t s = 0; s < 50; ++s) {
    EXPECT_EQ(a.h[s], 1.0);
    EXPECT_EQ(a.z[s], 0.0);
  }
  EXPECT_GT(b.p[0], 0.1);  // the pool ran (b is not blocked)
  double z_b = 0.0;
  for (std::uint32_t s = 0; s < 50; ++s) z_b += b.z[s];
  EXPECT_GT(z_b / 50, 0.1);
  EXPECT_NE(weights(sim, 1), b0);
}

TEST(block_plasticity, errors_name_the_key) {
  const std::string net = R"(
[experiment]
dt = "0.1 ms"
[[population]]
name = "pre"
model = "spike_times"
size = 1
[[population]]
name = "post"
model = "spike_times"
size = 1
[[population]]
name = "cell"
model = "lif"
size = 1
  [[population.receptor]]
  name = "ampa"
[[projection]]
name = "plain"
pre = "pre"
post = "cell"
receptor = "ampa"
weight = "1 nS"
  [[projection.plasticity]]
  rule = "stp"
[[projection]]
name = "syn"
pre = "pre"
post = "post"
weight = "1 nS"
  [[projection.plasticity]]
  rule = "stdp"
)";
  const auto with = [&](const std::string& keys) { return net + phase("test", "50 ms", block(keys)); };
  // Every error names the file, the line of the key and the key.
  const std::string key = "phase.test.intervention[0].";
  using config_test::expect_error;
  expect_error(with("  projection = \"syx\"\n"), "projection =", key + "projection", {"no projection named 'syx'"});
  expect_error(with("  population = \"pos\"\n"), "population =", key + "population", {"no population named 'pos'"});
  expect_error(with("  projection = \"plain\"\n"), "projection =", key + "projection",
               {"block_plasticity: no learning rule on projection 'plain'",
                "(short-term plasticity, stp, is not blocked)"});
  expect_error(with("  population = \"cell\"\n"), "population =", key + "population",
               {"no learning rule on the projections onto 'cell'", "nothing to block"});
  expect_error(with("  projection = \"syn\"\n  population = \"post\"\n"), "projection =", key + "projection",
               {"give one target"});
  expect_error(with("  fraction = 0.5\n"), "fraction", key + "fraction", {"only with type"});
  expect_error(with("  population = \"post\"\n  neurons = [0]\n"), "neurons", key + "neurons", {"only with type"});
  expect_error(with("  start = \"50 ms\"\n"), "start =", key + "start", {"phase duration = 50 ms"});
  expect_error(with("  start = \"20 ms\"\n  stop = \"10 ms\"\n"), "stop =", key + "stop", {"stop must be after"});
  // Accepted: the whole network, a population, a projection.
  EXPECT_NO_THROW(simulation(parse_experiment(with(""), "bad.toml")));
  EXPECT_NO_THROW(simulation(parse_experiment(with("  population = \"post\"\n  stop = \"1 h\"\n"), "bad.toml")));
}

TEST(block_plasticity, calcium_control_drops_the_bpap_in_flight) {
  // calcium_control on a silent-dendrite synapse: NMDA gating from pre spikes at 1, 3, 5 ms, then plasticity is
  // blocked for 20 ms from 10 ms. A post spike at 9.5 ms, whose back-propagating AP (2 ms later) is still in flight
  // when the block starts, is dropped with it: the run is bitwise the run without that spike (and not a late bpAP
  // after the block).
  const auto run = [](const std::string& post_times) {
    const std::string text = R"(
[experiment]
dt = "0.1 ms"
[[population]]
name = "pre"
model = "spike_times"
size = 1
times = [["1 ms", "3 ms", "5 ms"]]
[[population]]
name = "post"
model = "spike_times"
size = 1
times = [[)" + post_times + R"(]]
[[projection]]
name = "syn"
pre = "pre"
post = "post"
weight = "0.25 nS"
  [[projection.plasticity]]
  rule = "calcium_control"
)" + phase("a", "10 ms") + phase("b", "20 ms", block("")) + phase("c", "100 ms");
    simulation sim(parse_experiment(text, "bp.toml"));
    std::vector<double> w;
    for (const phase_spec& ph : sim.spec().phases) {
      sim.run_phase(ph);
      w.push_back(weights(sim)[0]);
    }
    const auto ca = calcium_control_calcium(*sim.projections()[0]->rules()[0]);
    w.push_back(ca[0]);
    return w;
  };
  const auto with_spike = run("\"9.5 ms\""), without = run("");
  EXPECT_EQ(with_spike, without);
  EXPECT_EQ(with_spike[1], with_spike[0]);  // held during the block
  EXPECT_NE(with_spike[2], with_spike[1]);  // the held gating drives calcium after it
}
