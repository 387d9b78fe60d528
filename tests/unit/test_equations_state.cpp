// The per-synapse state of rules written as equations beyond constants (docs/equations.md): initial values drawn
// from distributions, the post neuron's state read by name (<name>_post), statements run every `tick` (on_tick) and
// event-driven per-synapse ODEs. Each against a reference written out here.
#include <gtest/gtest.h>

#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <tuple>
#include <vector>

#include "plastix/core/error.hpp"
#include "plastix/core/random.hpp"
#include "plastix/io/config.hpp"
#include "plastix/sim/simulation.hpp"

using namespace plastix;

namespace {

namespace fs = std::filesystem;

// A fresh cache folder for the compiled kernels of this file's tests, removed at exit.
struct temporary_cache {
  std::string dir;
  temporary_cache()
      : dir((fs::temp_directory_path() / ("plastix-state-cache-" + std::to_string(::getpid()))).string()) {
    fs::remove_all(dir);
    ::setenv("PLASTIX_CACHE_DIR", dir.c_str(), 1);
  }
  ~temporary_cache() {
    std::error_code ec;
    fs::remove_all(dir, ec);
  }
};
void use_test_cache() { static const temporary_cache cache; }

error error_of(const std::string& text) {
  try {
    simulation sim(parse_experiment(text, "eq.toml"));
  } catch (const error& e) {
    return e;
  }
  ADD_FAILURE() << "accepted:\n" << text;
  return error("none");
}

bool contains(const error& e, const std::string& part) { return std::string(e.what()).find(part) != std::string::npos; }

// 100 Poisson inputs onto 50 LIF neurons, all to all (5000 synapses), with the rule `body`.
std::string network_with(const std::string& body, const std::string& connector = "connector = \"all_to_all\"") {
  return R"([experiment]
duration = "10 ms"
seed = 7

[[population]]
name = "inp"
size = 100
model = "poisson"
rate = "5 Hz"

[[population]]
name = "exc"
size = 50
model = "lif"

  [[population.receptor]]
  name = "ampa"
  tau_decay = "5 ms"

[[projection]]
name = "ee"
pre = "inp"
post = "exc"
receptor = "ampa"
weight = "0.1 nS"
)" + connector + "\n\n  [[projection.plasticity]]\n  rule = \"equations\"\n" + body;
}

const std::string drawn_body = R"(  synapse = { z = { uniform = ["0.2", "0.6"] }, c = { normal = ["1 uM", "0.25 uM"], min = "0.5 uM" }, k = "3 ms" }
)";

std::vector<double> column(simulation& sim, const std::string& variable) {
  const projection& proj = sim.projection_named("ee");
  const plasticity_rule& rule = *proj.rules().at(0);
  const int var = rule.state_index(variable);
  EXPECT_GE(var, 0) << variable;
  const step_context now{sim.step(), sim.dt(), 1};
  std::vector<double> out;
  for (std::uint32_t s = 0; s < proj.size(); ++s)
    out.push_back(rule.state_value(proj, static_cast<std::size_t>(var), s, now));
  return out;
}

double mean_of(const std::vector<double>& x) {
  double sum = 0.0;
  for (double v : x) sum += v;
  return sum / static_cast<double>(x.size());
}

}  // namespace

// Drawn per synapse from the stated distribution: the sample's statistics, the bounds of a truncated normal, and
// each value the draw of its own stream (plasticity, projection, pre neuron) at the block of its variable and post
// neuron (the reference below).
TEST(equations_initial_values, are_drawn_per_synapse_from_their_distributions) {
  use_test_cache();
  simulation sim(parse_experiment(network_with(drawn_body), "eq.toml"));
  const std::vector<double> z = column(sim, "z"), c = column(sim, "c"), k = column(sim, "k");
  ASSERT_EQ(z.size(), 5000u);
  EXPECT_NEAR(mean_of(z), 0.4, 0.01);
  // Truncated at μ − 2σ: mean μ + σ·φ(2)/Φ(2) = 1.0138 uM.
  EXPECT_NEAR(mean_of(c), 1.0 + 0.25 * 0.05399097 / 0.97724987, 0.01);
  double var = 0.0;
  for (double v : z) var += (v - 0.4) * (v - 0.4);
  EXPECT_NEAR(var / 5000.0, 0.4 * 0.4 / 12.0, 0.001);  // a uniform's variance (b − a)²/12
  for (std::size_t s = 0; s < z.size(); ++s) {
    EXPECT_GE(z[s], 0.2);
    EXPECT_LT(z[s], 0.6);
    EXPECT_GE(c[s], 0.5);
    EXPECT_EQ(k[s], 3.0);
  }
  // The reference: synapse (j → i), the first between them, variable z.
  const projection& proj = sim.projection_named("ee");
  const std::uint64_t slot = stream_object("z") & 0xFFu;
  for (std::uint32_t j : {0u, 17u, 99u})
    for (std::uint32_t s = proj.row_begin(j); s < proj.row_end(j); ++s) {
      const std::uint64_t i = proj.post_index()[s];
      random_stream rs(7, {purpose::plasticity, proj.stream_object(), j},
                       (std::uint64_t{1} << 61) | (slot << 53) | (i << 20));
      EXPECT_EQ(z[s], distribution::uniform(0.2, 0.6).sample(rs)) << "synapse " << s;
    }
}

// The same seed gives the same values bitwise, with threads too; another seed others; the values belong to the
// synapse (pre, post), not to its place in storage: pairs listed in another order get the same values.
TEST(equations_initial_values, are_reproducible_independent_of_threads_and_of_storage_order) {
  use_test_cache();
  const experiment_spec spec = parse_experiment(network_with(drawn_body), "eq.toml");
  simulation a(spec);
  experiment_spec threaded = spec;
  threaded.threads = 2;
  simulation b(threaded);
  EXPECT_EQ(column(a, "c"), column(b, "c"));
  a.run(10.0);
  b.run(10.0);
  EXPECT_EQ(column(a, "z"), column(b, "z"));
  experiment_spec other = spec;
  other.seed = 8;
  simulation d(other);
  EXPECT_NE(column(a, "z"), column(d, "z"));

  const std::string forward = R"(connector = "list"
pairs = [[0, 1], [0, 3], [2, 1], [2, 1], [5, 0]])";
  const std::string backward = R"(connector = "list"
pairs = [[5, 0], [2, 1], [2, 1], [0, 3], [0, 1]])";
  simulation f(parse_experiment(network_with(drawn_body, forward), "eq.toml"));
  simulation r(parse_experiment(network_with(drawn_body, backward), "eq.toml"));
  const auto by_pair = [](simulation& sim) {
    const projection& proj = sim.projection_named("ee");
    const std::vector<double> z = column(sim, "z");
    std::vector<std::tuple<std::uint32_t, std::uint32_t, double>> out;
    for (std::uint32_t s = 0; s < proj.size(); ++s) out.emplace_back(proj.pre_of(s), proj.post_index()[s], z[s]);
    std::sort(out.begin(), out.end());
    return out;
  };
  const auto fz = by_pair(f);
  EXPECT_EQ(fz, by_pair(r));
  EXPECT_NE(std::get<2>(fz[1]), std::get<2>(fz[2])) << "two synapses between one pair draw two values";
}

TEST(equations_initial_values, a_distribution_in_two_units_or_of_a_trace_is_refused_at_its_key) {
  const error mixed = error_of(network_with("  synapse = { z = { uniform = [\"0.2 ms\", \"0.6 mV\"] } }\n"));
  EXPECT_TRUE(contains(mixed, "eq.toml:")) << mixed.what();
  EXPECT_TRUE(contains(mixed, "synapse.z")) << mixed.what();
  EXPECT_TRUE(contains(mixed, "ms and mV disagree")) << mixed.what();
  const error keys = error_of(network_with("  synapse = { z = { uniform = [0, 1], mean = 1 } }\n"));
  EXPECT_TRUE(contains(keys, "mean")) << keys.what();
  const error constant = error_of(network_with("  constants = { z = { uniform = [0, 1] } }\n"));
  EXPECT_TRUE(contains(constant, "constants.z")) << constant.what();
  EXPECT_TRUE(contains(constant, "must be a value with its unit")) << constant.what();
}

namespace {

// A written neuron model with a low-pass filtered voltage u_minus (as Clopath et al. 2010's ū−), driven by 20
// Poisson inputs through a projection whose rule reads u_minus_post: a synapse ODE follows it and each presynaptic
// spike depresses by A·[ū− − θ]+ (the LTD term of Clopath et al. 2010) and keeps the value it saw.
std::string clopath_like(const std::string& rule_extra = "") {
  return R"([experiment]
duration = "200 ms"
seed = 3

[[population]]
name = "inp"
size = 20
model = "poisson"
rate = "40 Hz"

[[population]]
name = "exc"
size = 6
model = "equations"
t_ref = "2 ms"
constants = { c_m = "200 pF", g_l = "10 nS", e_l = "-65 mV", v_th = "-50 mV", v_reset = "-65 mV", tau_minus = "10 ms", i_e = "120 pA" }
state = { v = "-65 mV", u_minus = "-65 mV" }
equations = """
dv/dt = (g_l*(e_l - v) + I_syn + i_e)/c_m
du_minus/dt = (v - u_minus)/tau_minus
"""
threshold = "v >= v_th"
reset = "v = v_reset"

  [[population.receptor]]
  name = "ampa"
  tau_decay = "5 ms"

[[projection]]
name = "ee"
pre = "inp"
post = "exc"
receptor = "ampa"
weight = "2 nS"
delay = "1 ms"

  [[projection.plasticity]]
  rule = "equations"
  constants = { tau_q = "5 ms", A = "0.002 nS/mV", theta = "-60 mV" }
  synapse = { q = "-65 mV", seen = "0 mV" }
  equations = "dq/dt = (u_minus_post - q)/tau_q"
  on_pre = """
seen = u_minus_post
w -= A*max(u_minus_post - theta, 0)
"""
)" + rule_extra;
}

}  // namespace

// Against a reference loop over the recorded ū− of each post neuron after every step: the ODE (forward Euler) and
// the presynaptic spikes' statements (a spike at step k reaches the synapse after its 10-step delay).
TEST(equations_post_state, a_rule_reads_a_written_neurons_filtered_voltage_by_name_as_a_reference_loop_does) {
  use_test_cache();
  for (unsigned threads : {1u, 2u}) {
    experiment_spec spec = parse_experiment(clopath_like(), "eq.toml");
    spec.threads = threads;
    simulation sim(spec);
    const population& inp = sim.population_named("inp");
    const population& exc = sim.population_named("exc");
    const int u_id = exc.variable_id("u_minus");
    ASSERT_GE(u_id, 0);
    const projection& proj = sim.projection_named("ee");
    const std::size_t n = proj.size();
    std::vector<double> q(n, -65.0), seen(n, 0.0), w(n, 2.0);
    std::vector<std::vector<std::uint32_t>> spikes;  // per step
    const double dt = sim.dt(), tau_q = 5.0, a = 0.002, theta = -60.0;
    const std::int64_t steps = 2000, delay = 10;
    std::size_t depressed = 0;
    for (std::int64_t step = 0; step < steps; ++step) {
      sim.run(dt);
      spikes.emplace_back(inp.spikes().begin(), inp.spikes().end());
      std::vector<double> u(exc.size());
      for (std::size_t i = 0; i < u.size(); ++i) u[i] = exc.sample(u_id, i);
      if (step >= delay)
        for (std::uint32_t j : spikes[static_cast<std::size_t>(step - delay)])
          for (std::uint32_t s = proj.row_begin(j); s < proj.row_end(j); ++s) {
            const double us = u[proj.post_index()[s]];
            seen[s] = us;
            w[s] = w[s] - a * std::max(us - theta, 0.0);
            depressed += us > theta;
          }
      for (std::uint32_t s = 0; s < n; ++s) q[s] = q[s] + dt * ((u[proj.post_index()[s]] - q[s]) / tau_q);
    }
    EXPECT_GT(depressed, 100u) << "the test must exercise the rule";
    const auto weights = proj.weights();
    const std::vector<double> rq = column(sim, "q"), rseen = column(sim, "seen");
    for (std::uint32_t s = 0; s < n; ++s) {
      EXPECT_EQ(weights[s], w[s]) << "synapse " << s << " threads " << threads;
      EXPECT_EQ(rseen[s], seen[s]) << "synapse " << s;
      EXPECT_NEAR(rq[s], q[s], 1e-12 * std::fabs(q[s])) << "synapse " << s;
    }
  }
}

TEST(equations_post_state, an_unknown_or_mismatched_post_state_is_refused_with_the_closest_name) {
  std::string text = clopath_like();
  text.replace(text.find("(u_minus_post - q)"), 18, "(u_minu_post - q)");
  const error unknown = error_of(text);
  EXPECT_TRUE(contains(unknown, "unknown name 'u_minu_post'")) << unknown.what();
  EXPECT_TRUE(contains(unknown, "did you mean 'u_minus_post'")) << unknown.what();
  text = clopath_like();
  text.replace(text.find("seen = \"0 mV\""), 13, "seen = \"0 ms\"");
  const error dims = error_of(text);
  EXPECT_TRUE(contains(dims, "dimensions disagree")) << dims.what();
  EXPECT_TRUE(contains(dims, "seen is in ms")) << dims.what();
}

namespace {

// on_tick every 10 ms: counts its ticks, scales w by f and copies the exactly decaying z.
const std::string tick_body = R"(  constants = { f = 0.99, tau_z = "20 ms" }
  synapse = { n = 0, z = 1, m = 0 }
  equations = "dz/dt = -z/tau_z"
  tick = "10 ms"
  on_tick = "n += 1; w = w*f; m = z"
)";

}  // namespace

// Ticks at the last step of every 10 ms (step 7 of the time step, after the step's ODEs): 10 in 100 ms.
TEST(equations_on_tick, runs_every_tick_after_the_steps_odes_as_a_reference_loop_does) {
  use_test_cache();
  simulation sim(parse_experiment(network_with(tick_body), "eq.toml"));
  sim.run(100.0);
  double w = 0.1, z = 1.0, m = 0.0;
  const double decay = std::exp(-0.1 / 20.0);
  for (std::int64_t step = 0; step < 1000; ++step) {
    z = z * decay;
    if ((step + 1) % 100 == 0) {
      w = w * 0.99;
      m = z;
    }
  }
  const auto weights = sim.projection_named("ee").weights();
  const std::vector<double> n = column(sim, "n"), rm = column(sim, "m");
  for (std::size_t s = 0; s < weights.size(); ++s) {
    EXPECT_EQ(n[s], 10.0);
    EXPECT_EQ(weights[s], w);
    EXPECT_EQ(rm[s], m);
  }
}

// A slow phase (slow_step) makes the same on_tick calls as a fast phase of the same length.
TEST(equations_on_tick, runs_in_slow_phases_as_in_fast_ones) {
  use_test_cache();
  const std::string body = R"(  constants = { f = 0.99 }
  synapse = { n = 0 }
  tick = "10 ms"
  on_tick = "n += 1; w = w*f"
)";
  const auto after = [&](const std::string& slow) {
    std::string text = network_with(body);
    const std::string duration = "duration = \"10 ms\"\n";  // the phase gives the duration
    text.erase(text.find(duration), duration.size());
    experiment_spec spec = parse_experiment(text + "\n[[phase]]\nname = \"p\"\nduration = \"1 s\"\n" + slow, "eq.toml");
    simulation sim(spec);
    sim.run_phase(spec.phases.at(0));
    return std::pair{column(sim, "n"), std::vector<double>(sim.projection_named("ee").weights().begin(),
                                                           sim.projection_named("ee").weights().end())};
  };
  const auto fast = after(""), slow = after("slow_step = \"50 ms\"\n");
  EXPECT_EQ(fast.first.at(0), 100.0);
  EXPECT_EQ(fast, slow);
}

TEST(equations_on_tick, needs_its_interval_and_reads_no_trace) {
  const error no_tick = error_of(network_with("  synapse = { n = 0 }\n  on_tick = \"n += 1\"\n"));
  EXPECT_TRUE(contains(no_tick, "together")) << no_tick.what();
  const error trace = error_of(network_with(R"x(  synapse = { n = 0 }
  pre = { x = "0" }
  equations = "dx/dt = -x/(10*ms)"
  on_pre = "x += 1"
  tick = "1 s"
  on_tick = "n += x"
)x"));
  EXPECT_TRUE(contains(trace, "on_tick reads the trace 'x'")) << trace.what();
}

namespace {

// z decays between events and jumps at each presynaptic spike; w follows z at each spike: every step or event-driven.
std::string decay_body(bool event_driven) {
  return std::string(R"(  constants = { tau_z = "15 ms", a = 0.3, b = "0.001 nS" }
  synapse = { z = 0.5, z_seen = 0 }
  equations = "dz/dt = -z/tau_z"
  on_pre = "z_seen = z; w += b*z; z += a"
)") + (event_driven ? "  event_driven = [\"z\"]\n" : "");
}

}  // namespace

// An event-driven decay (brought to t at the synapse's events, and when recorded) gives the values of the same decay
// integrated exactly every step, to rounding (1e-12 relative).
TEST(equations_event_driven, gives_the_values_of_the_every_step_exact_integration) {
  use_test_cache();
  const auto run = [](bool event_driven) {
    simulation sim(parse_experiment(network_with(decay_body(event_driven)), "eq.toml"));
    sim.run(300.0);
    std::vector<double> w(sim.projection_named("ee").weights().begin(), sim.projection_named("ee").weights().end());
    return std::tuple{column(sim, "z"), column(sim, "z_seen"), w};
  };
  const auto [z_step, seen_step, w_step] = run(false);
  const auto [z_event, seen_event, w_event] = run(true);
  std::size_t jumped = 0;
  for (std::size_t s = 0; s < z_step.size(); ++s) {
    EXPECT_NEAR(z_event[s], z_step[s], 1e-12 * z_step[s]) << "synapse " << s;
    EXPECT_NEAR(seen_event[s], seen_step[s], 1e-12 * seen_step[s]) << "synapse " << s;
    EXPECT_NEAR(w_event[s], w_step[s], 1e-12 * w_step[s]) << "synapse " << s;
    jumped += seen_step[s] > 0.0;
  }
  EXPECT_GT(jumped, z_step.size() / 2) << "the test must exercise the events";
}

TEST(equations_event_driven, an_ode_that_cannot_be_event_driven_is_refused_naming_what_moves) {
  const error moving = error_of(network_with(R"(  constants = { tau = "5 ms" }
  synapse = { u = "0 mV" }
  equations = "du/dt = (v_post - u)/tau"
  event_driven = ["u"]
)"));
  EXPECT_TRUE(contains(moving, "du/dt cannot be event-driven: it reads 'v_post'")) << moving.what();
  const error unknown = error_of(network_with("  synapse = { z = 1 }\n  equations = \"dz/dt = -z/(5*ms)\"\n"
                                              "  event_driven = [\"zz\"]\n"));
  EXPECT_TRUE(contains(unknown, "did you mean 'z'")) << unknown.what();
  const error read = error_of(network_with(R"x(  synapse = { z = 1, y = 0 }
  equations = "dz/dt = -z/(5*ms); dy/dt = z/(5*ms)"
  event_driven = ["z"]
)x"));
  EXPECT_TRUE(contains(read, "reads the event-driven variable 'z'")) << read.what();
}
