// Interventions (spec/interventions.hpp): receptor blocks on transmission (AP5, bicuculline), windows inside a
// phase, voltage clamp, TTX (block_spikes), lesions, protein-synthesis inhibition in a window, and the errors of
// the reader and of validation. Every expected value follows from the network written here.
#include <gtest/gtest.h>

#include <cmath>

#include "plastix/io/config.hpp"
#include "plastix/plasticity/consolidation.hpp"
#include "plastix/sim/simulation.hpp"

using namespace plastix;

namespace {

// One LIF neuron (and a second one) receiving pre spikes at 10, 30 and 50 ms (delay 1 ms) through "ampa" and
// "gaba_a" receptors that decay so slowly (1e9 ms) that each conductance counts the transmitted weight; a Poisson
// source "noise". `phases` is appended.
std::string network(const std::string& phases) {
  return R"(
[experiment]
dt = "0.1 ms"
seed = 3

[[population]]
name = "pre"
model = "spike_times"
size = 1
times = [["10 ms", "30 ms", "50 ms"]]

[[population]]
name = "noise"
model = "poisson"
size = 20
rate = "200 Hz"

[[population]]
name = "cell"
model = "lif"
size = 2
e_l = "-60 mV"
v_th = "-50 mV"
v_reset = "-60 mV"
  [[population.receptor]]
  name = "ampa"
  tau_decay = "1e9 ms"
  [[population.receptor]]
  name = "gaba_a"
  tau_decay = "1e9 ms"
  e_rev = "-80 mV"

[[projection]]
name = "exc"
pre = "pre"
post = "cell"
receptor = "ampa"
weight = "0.01 nS"
delay = "1 ms"

[[projection]]
name = "inh"
pre = "pre"
post = "cell"
receptor = "gaba_a"
weight = "0.02 nS"
delay = "1 ms"
)" + phases;
}

std::string phase(const std::string& name, const std::string& duration, const std::string& body = "") {
  return "\n[[phase]]\nname = \"" + name + "\"\nduration = \"" + duration + "\"\n" + body;
}

double g(simulation& sim, const std::string& receptor, std::size_t neuron = 0) {
  population& cell = sim.population_named("cell");
  return cell.sample(cell.variable_id("g_" + receptor), neuron);
}

void run_all(simulation& sim) {
  for (const phase_spec& ph : sim.spec().phases) sim.run_phase(ph);
}

void expect_error(const std::string& text, std::initializer_list<std::string> parts) {
  try {
    simulation sim(parse_experiment(text, "iv.toml"));
    FAIL() << "no error";
  } catch (const error& e) {
    for (const auto& p : parts) EXPECT_NE(std::string(e.what()).find(p), std::string::npos) << e.what();
  }
}

}  // namespace

TEST(interventions, block_receptor_blocks_transmission) {
  {  // no intervention: three spikes on each receptor
    simulation sim(parse_experiment(network(phase("run", "60 ms")), "iv.toml"));
    run_all(sim);
    EXPECT_NEAR(g(sim, "ampa"), 0.03, 1e-8);  // decay over 60 ms with τ = 1e9 ms: < 1e-7 relative
    EXPECT_NEAR(g(sim, "gaba_a"), 0.06, 1e-8);
  }
  {  // AP5-like full block of ampa on the population: nothing through ampa, gaba_a untouched
    simulation sim(parse_experiment(
        network(phase("run", "60 ms", "  [[phase.intervention]]\n  type = \"block_receptor\"\n  population = \"cell\"\n"
                                      "  receptor = \"ampa\"\n")),
        "iv.toml"));
    run_all(sim);
    EXPECT_EQ(g(sim, "ampa"), 0.0);
    EXPECT_NEAR(g(sim, "gaba_a"), 0.06, 1e-8);
    EXPECT_EQ(sim.projection_named("exc").block("ampa"), 0.0);  // removed at the end of the phase
  }
  {  // bicuculline (gaba_a), half block, through a projection target: its post population's receptor
    simulation sim(parse_experiment(
        network(phase("run", "60 ms", "  [[phase.intervention]]\n  type = \"block\"\n  projection = \"inh\"\n"
                                      "  receptor = \"gaba_a\"\n  fraction = 0.5\n")),
        "iv.toml"));
    run_all(sim);
    EXPECT_NEAR(g(sim, "ampa"), 0.03, 1e-8);
    EXPECT_NEAR(g(sim, "gaba_a"), 0.03, 1e-8);
  }
  {  // a window [20 ms, 40 ms): only the spike arriving at 31 ms is blocked; then a phase without block
    simulation sim(parse_experiment(
        network(phase("run", "40 ms", "  [[phase.intervention]]\n  type = \"block_receptor\"\n  receptor = \"ampa\"\n"
                                      "  start = \"20 ms\"\n  stop = \"40 ms\"\n") +
                phase("after", "20 ms")),
        "iv.toml"));
    run_all(sim);
    EXPECT_NEAR(g(sim, "ampa"), 0.02, 1e-8);
    EXPECT_NEAR(g(sim, "gaba_a"), 0.06, 1e-8);
  }
  {  // overlapping windows [0, 35) at 0.5 and [25, 60) at 1 on the same receptor: 0.5, then 1 (and 1 after the
     // first ends): spikes at 11 ms (half), 31 ms (full), 51 ms (full)
    simulation sim(parse_experiment(
        network(phase("run", "60 ms",
                      "  [[phase.intervention]]\n  type = \"block\"\n  receptor = \"ampa\"\n  fraction = 0.5\n"
                      "  stop = \"35 ms\"\n"
                      "  [[phase.intervention]]\n  type = \"block\"\n  receptor = \"ampa\"\n  start = \"25 ms\"\n")),
        "iv.toml"));
    run_all(sim);
    EXPECT_NEAR(g(sim, "ampa"), 0.005, 1e-8);
  }
}

TEST(interventions, voltage_clamp_holds_v_and_stops_spikes) {
  // Both neurons driven far above threshold; neuron 0 clamped at −70 mV for the first phase, neuron 1 free.
  const std::string drive = "  [[phase.stimulus]]\n  population = \"cell\"\n  current = \"1 nA\"\n";
  simulation sim(parse_experiment(
      network(phase("clamped", "50 ms",
                    drive + "  [[phase.intervention]]\n  type = \"voltage_clamp\"\n  population = \"cell\"\n"
                            "  neurons = [0]\n  voltage = \"-70 mV\"\n") +
              phase("free", "50 ms", drive)),
      "iv.toml"));
  population& cell = sim.population_named("cell");
  const int v = cell.variable_id("v");
  sim.run_phase(sim.spec().phases[0]);
  EXPECT_EQ(cell.sample(v, 0), -70.0);
  const std::uint64_t n_clamped = sim.spike_count("cell");
  EXPECT_GT(n_clamped, 5u);  // neuron 1 fired
  sim.run_phase(sim.spec().phases[1]);
  EXPECT_TRUE(std::isnan(cell.clamp(0)));  // released at the end of the first phase
  EXPECT_FALSE(cell.overridden());
  EXPECT_GT(sim.spike_count("cell"), 2 * n_clamped - 2);  // both fire in the free phase
  // Clamped above threshold (0 mV): still no spikes, v held.
  simulation up(parse_experiment(
      network(phase("clamped", "50 ms",
                    drive + "  [[phase.intervention]]\n  type = \"voltage_clamp\"\n  population = \"cell\"\n"
                            "  voltage = \"0 mV\"\n")),
      "iv.toml"));
  run_all(up);
  EXPECT_EQ(up.spike_count("cell"), 0u);
  EXPECT_EQ(up.population_named("cell").sample(v, 1), 0.0);
}

TEST(interventions, block_spikes_and_lesion) {
  // TTX on the Poisson source for a window of the first phase, then nothing; a lesion from the second phase on.
  simulation sim(parse_experiment(
      network(phase("ttx", "100 ms",
                    "  [[phase.intervention]]\n  type = \"ttx\"\n  population = \"noise\"\n  start = \"50 ms\"\n") +
              phase("lesion", "50 ms", "  [[phase.intervention]]\n  type = \"lesion\"\n  population = \"noise\"\n") +
              phase("after", "50 ms")),
      "iv.toml"));
  // The same network without interventions: the Poisson spikes are the same random numbers.
  simulation ref(parse_experiment(network(phase("all", "200 ms")), "iv.toml"));
  ref.run(50.0);
  const std::uint64_t first_half = ref.spike_count("noise");
  ASSERT_GT(first_half, 100u);  // 20 × 200 Hz × 50 ms = 200 expected
  const auto& phases = sim.spec().phases;
  sim.run_phase(phases[0]);
  EXPECT_EQ(sim.spike_count("noise"), first_half);  // none in [50, 100) ms
  sim.run_phase(phases[1]);
  sim.run_phase(phases[2]);
  EXPECT_EQ(sim.spike_count("noise"), first_half);  // lesioned for good
  EXPECT_TRUE(sim.population_named("noise").overridden());
  // block_spikes of listed neurons: the others keep firing; two overlapping blocks compose (counts).
  simulation part(parse_experiment(
      network(phase("ttx", "200 ms",
                    "  [[phase.intervention]]\n  type = \"block_spikes\"\n  population = \"noise\"\n"
                    "  neurons = [0, 1]\n"
                    "  [[phase.intervention]]\n  type = \"block_spikes\"\n  population = \"noise\"\n"
                    "  neurons = [1]\n  stop = \"100 ms\"\n") + phase("free", "10 ms")),
      "iv.toml"));
  part.run_phase(part.spec().phases[0]);
  // 18 free neurons for 200 ms and neuron 1 for 100 ms: about 740 of the ~800 spikes of the free network.
  simulation all(parse_experiment(network(phase("all", "200 ms")), "iv.toml"));
  all.run(200.0);
  EXPECT_GT(part.spike_count("noise"), 500u);
  EXPECT_LT(part.spike_count("noise"), all.spike_count("noise"));
  part.run_phase(part.spec().phases[1]);
  EXPECT_EQ(part.population_named("noise").silenced(0), 0);
  EXPECT_FALSE(part.population_named("noise").overridden());
}

TEST(interventions, protein_synthesis_window_equals_split_phases) {
  // A tag_trigger projection with every LTP tag set: proteins are made unless blocked. Anisomycin in the window
  // [0, 1 h) of a 2 h slow phase must give bitwise what a blocked 1 h phase followed by a free 1 h phase gives.
  const std::string base = R"(
[experiment]
seed = 5
[[population]]
name = "in"
model = "spike_times"
size = 100
[[population]]
name = "post"
model = "spike_times"
size = 1
[[projection]]
name = "syn"
pre = "in"
post = "post"
weight = "1 nS"
  [[projection.plasticity]]
  rule = "tag_trigger"
  induction = "presynaptic"
)";
  auto run = [&](const std::string& phases) {
    simulation sim(parse_experiment(base + phases, "ps.toml"));
    plasticity_rule& r = *sim.projections()[0]->rules()[0];
    for (std::uint32_t s = 0; s < 100; ++s) tag_trigger_set(r, s, 1.0, 0.0, 0.0);
    std::vector<double> p;
    for (const phase_spec& ph : sim.spec().phases) {
      sim.run_phase(ph);
      p.push_back(tag_trigger_view(r).p[0]);
    }
    const auto w = sim.projections()[0]->weights();
    return std::make_pair(p, std::vector<double>(w.begin(), w.end()));
  };
  const auto windowed = run(phase("slow", "2 h", "slow_step = \"1 s\"\n  [[phase.intervention]]\n"
                                                 "  type = \"anisomycin\"\n  stop = \"1 h\"\n"));
  const auto split = run(phase("blocked", "1 h", "slow_step = \"1 s\"\n  [[phase.intervention]]\n"
                                                 "  type = \"block_protein_synthesis\"\n  population = \"post\"\n") +
                         phase("free", "1 h", "slow_step = \"1 s\"\n"));
  const auto free = run(phase("slow", "2 h", "slow_step = \"1 s\"\n"));
  EXPECT_EQ(split.first[0], 0.0);  // no proteins while blocked
  EXPECT_EQ(windowed.first[0], split.first[1]);
  EXPECT_EQ(windowed.second, split.second);
  EXPECT_GT(free.first[0], windowed.first[0] + 0.05);
}

TEST(interventions, errors_name_the_key) {
  const auto with = [](const std::string& body) { return network(phase("run", "60 ms", body)); };
  const std::string iv = "  [[phase.intervention]]\n";
  expect_error(with(iv + "  type = \"ttx\"\n  population = \"noise\"\n  voltage = \"1 mV\"\n"),
               {"iv.toml:", "phase.run.intervention", "voltage", "only with type = \"voltage_clamp\""});
  expect_error(with(iv + "  type = \"voltage_clamp\"\n  population = \"cell\"\n"), {"voltage"});
  expect_error(with(iv + "  type = \"voltage_clamp\"\n  population = \"cell\"\n  voltage = \"-70\"\n"),
               {"voltage", "unit"});
  expect_error(with(iv + "  type = \"voltage_clamp\"\n  population = \"noise\"\n  voltage = \"-70 mV\"\n"),
               {"spike source"});
  expect_error(with(iv + "  type = \"block_spikes\"\n  population = \"cell\"\n  neurons = [2]\n"),
               {"neurons", "out of range"});
  expect_error(with(iv + "  type = \"block_spikes\"\n"), {"population", "expected population"});
  expect_error(with(iv + "  type = \"lesion\"\n  population = \"cell\"\n  stop = \"10 ms\"\n"), {"has no stop"});
  expect_error(with(iv + "  type = \"block\"\n  receptor = \"gaba_b2\"\n"), {"receptor", "no receptor 'gaba_b2'"});
  expect_error(with(iv + "  type = \"block\"\n  start = \"60 ms\"\n"), {"start", "phase duration"});
  expect_error(with(iv + "  type = \"block\"\n  start = \"10 ms\"\n  stop = \"5 ms\"\n"), {"stop must be after"});
  expect_error(with(iv + "  type = \"block\"\n  fraction = 2\n"), {"fraction must be in [0, 1]"});
  expect_error(with(iv + "  type = \"anisomycin\"\n  receptor = \"nmda\"\n"), {"receptor", "only with type"});
  expect_error(with(iv + "  type = \"block_spike\"\n  population = \"cell\"\n"), {"type", "block_spikes"});
}
